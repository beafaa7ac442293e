//! Dialogue archives: the record of a past dialogue, in the shape of
//! `export.json` or the simpler shape of the Vancouver fixture, turned back
//! into a live [`Dialogue`].

use std::collections::HashMap;

use serde::Deserialize;
use uuid::Uuid;

use crate::contribution::Kind;
use crate::dialogue::{Change, Dialogue, Participant, Sector, Status};
use crate::error::Code;
use crate::error::DomainError;
use crate::participation::new_contribution;
use crate::spec::{parse_themes, CreateDialogue, Strictness};
use crate::text;
use crate::time::parse_rfc3339;

/// An archived contribution: a bare text, or an object with its details.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ArchiveItem {
    Text(String),
    Full(FullItem),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FullItem {
    pub text: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub participant: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub hidden: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub merged_into: Option<String>,
    #[serde(default)]
    pub votes: Vec<String>,
    #[serde(default)]
    pub endorsements: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchivedPerson {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub joined_at: Option<String>,
    #[serde(default)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub show_name: bool,
}

/// One line of a facilitator's archived audit log.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchivedAction {
    pub at: String,
    #[serde(default)]
    pub role: String,
    /// A team member's name (`role` is then `moderator` or `presenter`).
    #[serde(default)]
    pub name: Option<String>,
    pub action: String,
    #[serde(default)]
    pub detail: Option<String>,
}

/// An audit line as the store keeps it: (Unix ms, role, action, detail).
pub type AuditLine = (i64, String, String, Option<String>);

/// Most audit lines one archive may carry.
pub const MAX_AUDIT: usize = 10_000;

impl Archive {
    /// The archived audit log, checked: (Unix ms, role, action, detail).
    pub fn audit_log(&self) -> Result<Vec<AuditLine>, DomainError> {
        if self.audit.len() > MAX_AUDIT {
            return Err(DomainError::invalid(format!("The field `audit` has {} entries; the limit is {MAX_AUDIT}.", self.audit.len())));
        }
        self.audit
            .iter()
            .enumerate()
            .map(|(n, a)| {
                let at = timestamp(&format!("audit[{n}].at"), Some(&a.at), 0)?;
                let short = |field: &str, raw: &str| text::parse(&format!("audit[{n}].{field}"), raw, 80);
                let detail = text::parse_optional(&format!("audit[{n}].detail"), a.detail.as_deref(), 80)?;
                let role = match (a.role.as_str(), a.name.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
                    ("", _) => "facilitator".to_string(),
                    (role, Some(name)) => format!("{role}: {name}"),
                    (role, None) => role.to_string(),
                };
                Ok((at, short("role", &role)?, short("action", &a.action)?, detail))
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Archive {
    #[serde(flatten)]
    pub dialogue: CreateDialogue,
    #[serde(default)]
    pub participants: Vec<ArchivedPerson>,
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
    #[serde(default)]
    pub current: Option<usize>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub published: bool,
    /// The facilitator's archive keeps what facilitators did.
    #[serde(default)]
    pub audit: Vec<ArchivedAction>,
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
    /// An archive obeys the caps of live use: participants per dialogue,
    /// items and endorsements per participant, text lengths; a field that
    /// breaks one is named in the error. Timestamps must be RFC 3339 UTC.
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
            return Err(DomainError::invalid_as(
                Code::TooMany,
                format!("The archive holds {total} contributions; the limit is {MAX_ITEMS}."),
            ));
        }
        if self.dialogue.themes.is_none() {
            let mut themes: Vec<String> = Vec::new();
            for r in &self.recommendations {
                if let ArchiveItem::Full(FullItem { theme: Some(t), .. }) = r {
                    let t = text::clean(t);
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
        let states: Vec<_> = self.dialogue.agenda.iter().flatten().map(|i| i.state).collect();
        let (spec, agenda) = std::mem::take(&mut self.dialogue).parse(Strictness::Import)?;
        let mut d = Dialogue::new(id, code, key_hash, spec, agenda, now);
        let cap = Cap { max: (d.spec.max_participants as usize).min(crate::participation::MAX_PARTICIPANTS) };
        if self.participants.len() > cap.max {
            return Err(cap.full(self.participants.len()));
        }
        d.conclusion = match self.conclusion.as_deref() {
            Some(c) => Some(text::imported("conclusion", c)?).filter(|s| !s.is_empty()),
            None => None,
        };
        d.published = self.published;
        if states.iter().any(Option::is_some) {
            for (item, state) in d.agenda.items.iter_mut().zip(&states) {
                if let Some(s) = state {
                    item.state = *s;
                }
            }
        }
        if let Some(c) = self.current.filter(|c| *c < d.agenda.items.len()) {
            d.agenda.current = c;
        }
        if let Some(status) = self.status.as_deref().and_then(Status::parse) {
            d.status = status;
        }

        let mut people: HashMap<String, Uuid> = HashMap::new();
        for (n, p) in self.participants.iter().enumerate() {
            if people.contains_key(&p.id) {
                return Err(DomainError::invalid(format!("The field `participants[{n}].id` repeats {:?}.", p.id)));
            }
            let pid = new_id();
            let joined = timestamp(&format!("participants[{n}].joined_at"), p.joined_at.as_deref(), now)?;
            let mut person = anonymous_participant(pid, joined);
            person.name = text::parse_optional(&format!("participants[{n}].name"), p.name.as_deref(), text::TITLE_MAX)?;
            person.show_name = p.show_name && person.name.is_some();
            person.sector = match p.sector.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(s) => Some(Sector::parse(s).ok_or_else(|| {
                    DomainError::invalid(format!("The field `participants[{n}].sector` must be one of {}; not {s:?}.", Sector::list()))
                })?),
                None => None,
            };
            d.participants.insert(pid, person);
            d.record(Change::Participant(pid));
            if let Some(v) = p.rating {
                let (min, max) = (d.spec.scale.min as i64, d.spec.scale.max as i64);
                if v < min || v > max {
                    return Err(DomainError::invalid_as(
                        Code::OutOfScale,
                        format!("The field `participants[{n}].rating` is {v}, outside the scale {min} to {max}."),
                    ));
                }
                d.count_rating(v as i32, 1);
                if let Some(person) = d.participants.get_mut(&pid) {
                    person.rating = Some(v as i32);
                }
            }
            people.insert(p.id.clone(), pid);
        }

        // Anonymous people enough that none of them holds more than one
        // person may post of any kind.
        let singles = [&self.hopes, &self.concerns, &self.reservations, &self.commitments];
        let slots = singles
            .iter()
            .map(|l| l.len())
            .chain([self.questions.len().div_ceil(Kind::Question.per_participant())])
            .chain([self.recommendations.len().div_ceil(Kind::Recommendation.per_participant())])
            .max()
            .unwrap_or(0)
            .max(1);
        let mut anonymous: Vec<Uuid> = Vec::new();
        let mut turn = [0usize; 2];
        let mut ids: HashMap<String, Uuid> = HashMap::new();
        let mut links: Vec<(Uuid, Kind, String, FullItem)> = Vec::new();
        let mut posted: HashMap<(Uuid, Kind), usize> = HashMap::new();
        for ((kind, list), (_, name)) in self.lists().into_iter().zip(crate::export::LISTS) {
            for (n, item) in list.iter().enumerate() {
                let field = format!("{name}[{n}]");
                let full = match item {
                    ArchiveItem::Text(t) => FullItem { text: t.clone(), ..FullItem::default() },
                    ArchiveItem::Full(f) => f.clone(),
                };
                let body = text::imported(&format!("{field}.text"), &full.text)?;
                if body.is_empty() {
                    return Err(DomainError::invalid_as(Code::EmptyField, format!("The field `{field}.text` must not be empty.")));
                }
                let created = timestamp(&format!("{field}.created_at"), full.created_at.as_deref(), now)?;
                let answer = match full.answer.as_deref() {
                    Some(a) => Some(text::imported(&format!("{field}.answer"), a)?).filter(|s| !s.is_empty()),
                    None => None,
                };
                let author = match &full.participant {
                    Some(key) => person(&mut d, &mut people, key, now, new_id, cap, &format!("{field}.participant"))?,
                    None => {
                        let slot = if kind.is_single() {
                            n
                        } else {
                            let t = &mut turn[usize::from(kind == Kind::Recommendation)];
                            *t += 1;
                            (*t - 1) % slots
                        };
                        while anonymous.len() <= slot {
                            anonymous.push(new_id());
                        }
                        let a = anonymous[slot];
                        if !d.participants.contains_key(&a) {
                            if d.participants.len() >= cap.max {
                                return Err(cap.full(d.participants.len() + 1));
                            }
                            d.participants.insert(a, anonymous_participant(a, now));
                            d.record(Change::Participant(a));
                        }
                        a
                    }
                };
                let count = posted.entry((author, kind)).or_insert(0);
                *count += 1;
                if *count > kind.per_participant() {
                    return Err(DomainError::conflict(
                        Code::LimitReached,
                        format!(
                            "The field `{field}.participant` gives one person more than the {} {}s one person may post.",
                            kind.per_participant(),
                            kind.as_str()
                        ),
                    ));
                }
                let theme = (kind == Kind::Recommendation).then(|| {
                    let raw = full.theme.as_deref().unwrap_or("");
                    d.spec.theme(raw).unwrap_or(&d.spec.themes[0]).to_string()
                });
                let seq = d.take_seq();
                let cid = new_id();
                let mut c = new_contribution(cid, kind, author, body, theme, created, seq);
                c.answer = answer;
                c.hidden = full.hidden;
                d.insert(c);
                if let Some(key) = &full.id {
                    ids.insert(key.clone(), cid);
                }
                links.push((cid, kind, field, full));
            }
        }
        // Second pass: merges and backing, now that every item and person exists.
        for (cid, kind, field, full) in links {
            let (backers, list) = if kind == Kind::Question { (&full.votes, "votes") } else { (&full.endorsements, "endorsements") };
            for (n, key) in backers.iter().enumerate() {
                let who = person(&mut d, &mut people, key, now, new_id, cap, &format!("{field}.{list}[{n}]"))?;
                if kind == Kind::Recommendation {
                    let used = d.participants.get(&who).map_or(0, |p| p.endorsements.len());
                    if used >= d.spec.endorsements_per_participant as usize && !d.contributions[&cid].backers.contains(&who) {
                        return Err(DomainError::conflict(
                            Code::NoEndorsementsLeft,
                            format!(
                                "The field `{field}.endorsements[{n}]` gives one person more than their {} endorsements.",
                                d.spec.endorsements_per_participant
                            ),
                        ));
                    }
                }
                let added = d.reindex(cid, |c| c.author != who && c.backers.insert(who)).unwrap_or(false);
                if added {
                    if let Some(p) = d.participants.get_mut(&who) {
                        if kind == Kind::Question {
                            p.votes.insert(cid)
                        } else {
                            p.endorsements.insert(cid)
                        };
                    }
                    d.record(Change::Backing { contribution: cid, participant: who, on: true });
                }
            }
            if let Some(into) = full.merged_into.as_ref().and_then(|m| ids.get(m)).filter(|m| **m != cid) {
                let into = *into;
                d.update(cid, |c| c.merged_into = Some(into));
            }
        }
        // A merge joins an item of the same kind that stands on its own: no
        // chains, no cycles (they would hide both items with nothing to undo).
        for c in d.contributions.values() {
            let Some(into) = c.merged_into else { continue };
            if !d.contributions.get(&into).is_some_and(|t| t.kind == c.kind && t.merged_into.is_none()) {
                return Err(DomainError::invalid(format!(
                    "The field `{}s[].merged_into` must name a {} that is not itself merged.",
                    c.kind.as_str(),
                    c.kind.as_str()
                )));
            }
        }
        d.bump();
        Ok(d)
    }
}

/// How many people a dialogue may hold.
#[derive(Clone, Copy)]
struct Cap {
    max: usize,
}

impl Cap {
    fn full(self, wanted: usize) -> DomainError {
        DomainError::conflict(
            Code::DialogueFull,
            format!("The archive names at least {wanted} participants; the field `max_participants` allows {}.", self.max),
        )
    }
}

/// An archived time: absent is `now`; anything but RFC 3339 UTC is refused.
fn timestamp(field: &str, raw: Option<&str>, now: i64) -> Result<i64, DomainError> {
    match raw {
        None => Ok(now),
        Some(t) => parse_rfc3339(t).ok_or_else(|| {
            DomainError::invalid_as(Code::InvalidTime, format!("The field `{field}` must be a time as YYYY-MM-DDTHH:MM:SS[.mmm]Z."))
        }),
    }
}

/// The participant an archive names, made on first mention.
fn person(
    d: &mut Dialogue,
    people: &mut HashMap<String, Uuid>,
    key: &str,
    now: i64,
    new_id: &mut dyn FnMut() -> Uuid,
    cap: Cap,
    field: &str,
) -> Result<Uuid, DomainError> {
    if let Some(p) = people.get(key) {
        return Ok(*p);
    }
    if key.chars().count() > text::TITLE_MAX {
        return Err(DomainError::invalid_as(Code::TooLong, format!("The field `{field}` is longer than {} characters.", text::TITLE_MAX)));
    }
    if d.participants.len() >= cap.max {
        return Err(cap.full(d.participants.len() + 1));
    }
    let pid = new_id();
    d.participants.insert(pid, anonymous_participant(pid, now));
    d.record(Change::Participant(pid));
    people.insert(key.to_string(), pid);
    Ok(pid)
}

fn anonymous_participant(id: Uuid, joined_at: i64) -> Participant {
    Participant {
        id,
        name: None,
        show_name: false,
        sector: None,
        // Archived people never sign in again: no secret matches an empty hash.
        secret_hash: String::new(),
        joined_at,
        rating: None,
        own: Vec::new(),
        votes: Default::default(),
        endorsements: Default::default(),
    }
}
