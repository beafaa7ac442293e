//! Dialogue archives: the record of a past dialogue, in the shape of
//! `export.json` or the simpler shape of the Vancouver fixture, turned back
//! into a live [`Dialogue`].

use std::collections::HashMap;

use serde::Deserialize;
use uuid::Uuid;

use crate::contribution::Kind;
use crate::dialogue::{Change, Dialogue, Participant};
use crate::error::DomainError;
use crate::participation::new_contribution;
use crate::spec::{parse_themes, CreateDialogue, Strictness};
use crate::text;

/// An archived contribution: a bare text, or an object with its details.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ArchiveItem {
    Text(String),
    Full(FullItem),
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FullItem {
    pub text: String,
    #[serde(default)]
    pub participant: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Archive {
    #[serde(flatten)]
    pub dialogue: CreateDialogue,
    #[serde(default)]
    pub hopes: Vec<ArchiveItem>,
    #[serde(default)]
    pub concerns: Vec<ArchiveItem>,
    #[serde(default)]
    pub questions: Vec<ArchiveItem>,
    #[serde(default)]
    pub reservations: Vec<ArchiveItem>,
    #[serde(default)]
    pub recommendations: Vec<ArchiveItem>,
    #[serde(default)]
    pub commitments: Vec<ArchiveItem>,
    #[serde(default)]
    pub conclusion: Option<String>,
}

/// Most contributions one archive may carry.
pub const MAX_ITEMS: usize = 200_000;

impl Archive {
    fn lists(&self) -> [(Kind, &Vec<ArchiveItem>); 6] {
        [
            (Kind::Hope, &self.hopes),
            (Kind::Concern, &self.concerns),
            (Kind::Question, &self.questions),
            (Kind::Reservation, &self.reservations),
            (Kind::Recommendation, &self.recommendations),
            (Kind::Commitment, &self.commitments),
        ]
    }

    /// Builds the dialogue. Items without a participant go to anonymous
    /// participants: the n-th hope, concern, reservation and commitment to
    /// the n-th person, questions and recommendations in turn among them.
    pub fn into_dialogue(
        mut self,
        id: Uuid,
        code: String,
        key_hash: String,
        now: i64,
        new_id: &mut dyn FnMut() -> Uuid,
    ) -> Result<Dialogue, DomainError> {
        let total: usize = self.lists().iter().map(|(_, l)| l.len()).sum();
        if total > MAX_ITEMS {
            return Err(DomainError::invalid(format!("An archive holds at most {MAX_ITEMS} contributions.")));
        }
        if self.dialogue.themes.is_none() {
            let mut themes: Vec<String> = Vec::new();
            for r in &self.recommendations {
                if let ArchiveItem::Full(FullItem { theme: Some(t), .. }) = r {
                    let t = text::imported(t);
                    if !t.is_empty() && !themes.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
                        themes.push(t);
                    }
                }
            }
            if !themes.is_empty() {
                self.dialogue.themes = Some(themes);
            }
        }
        if let Some(t) = &self.dialogue.themes {
            parse_themes(t, |s| text::parse("themes", s, text::TITLE_MAX))?;
        }
        let (spec, agenda) = std::mem::take(&mut self.dialogue).parse(Strictness::Import)?;
        let mut d = Dialogue::new(id, code, key_hash, spec, agenda, now);
        d.conclusion = self.conclusion.as_deref().map(text::imported).filter(|s| !s.is_empty());

        let singles = [&self.hopes, &self.concerns, &self.reservations, &self.commitments];
        let people = singles.iter().map(|l| l.len()).max().unwrap_or(0).max(1);
        let mut anonymous: Vec<Uuid> = Vec::new();
        let mut named: HashMap<String, Uuid> = HashMap::new();
        let mut turn = 0usize;
        for (kind, list) in self.lists() {
            for (n, item) in list.iter().enumerate() {
                let full = match item {
                    ArchiveItem::Text(t) => FullItem { text: t.clone(), ..FullItem::default() },
                    ArchiveItem::Full(f) => f.clone(),
                };
                let body = text::imported(&full.text);
                if body.is_empty() {
                    return Err(DomainError::invalid(format!("An archived {} has an empty `text`.", kind.as_str())));
                }
                let author = match &full.participant {
                    Some(key) => *named.entry(key.clone()).or_insert_with(&mut *new_id),
                    None => {
                        let slot = if kind.is_single() {
                            n
                        } else {
                            turn += 1;
                            (turn - 1) % people
                        };
                        while anonymous.len() <= slot {
                            anonymous.push(new_id());
                        }
                        anonymous[slot]
                    }
                };
                if !d.participants.contains_key(&author) {
                    d.participants.insert(author, anonymous_participant(author, now));
                    d.record(Change::Participant(author));
                }
                let theme = (kind == Kind::Recommendation).then(|| {
                    let raw = full.theme.as_deref().unwrap_or("");
                    d.spec.theme(raw).unwrap_or(&d.spec.themes[0]).to_string()
                });
                let seq = d.take_seq();
                let mut c = new_contribution(new_id(), kind, author, body, theme, now, seq);
                c.answer = full.answer.as_deref().map(text::imported).filter(|s| !s.is_empty());
                c.hidden = full.hidden;
                d.insert(c);
            }
        }
        d.bump();
        Ok(d)
    }
}

fn anonymous_participant(id: Uuid, now: i64) -> Participant {
    Participant {
        id,
        name: None,
        sector: None,
        // Archived people never sign in again: no secret matches an empty hash.
        secret_hash: String::new(),
        joined_at: now,
        rating: None,
        own: Vec::new(),
        votes: Default::default(),
        endorsements: Default::default(),
    }
}
