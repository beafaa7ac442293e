//! The post-event report: what was said, gathered from a dialogue in the
//! order a reader wants it, laid out once as sections (`sections`) in the
//! words of one language (`words`), and rendered as HTML or Markdown here
//! and as a PDF by the server; CSV is the machine format beside them.
//! Hidden and merged-away items never appear here.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod sections;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};

use crate::contribution::{Contribution, Kind};
use crate::dialogue::{Dialogue, Sector};
use crate::summary::{resonance, Resonance};

/// Everything a report shows, borrowed from the dialogue.
pub struct Report<'a> {
    pub d: &'a Dialogue,
    pub hopes: Vec<&'a Contribution>,
    pub concerns: Vec<&'a Contribution>,
    pub questions: Vec<&'a Contribution>,
    pub reservations: Vec<&'a Contribution>,
    /// Themes in the dialogue's order, each with its recommendations, most endorsed first.
    pub themes: Vec<(String, Vec<&'a Contribution>)>,
    pub commitments: Vec<&'a Contribution>,
    pub resonance: Resonance,
    pub participation: Participation,
}

/// Who took part, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    pub joined: usize,
    /// People who took each step.
    pub by_stage: Vec<(Took, usize)>,
    /// People by sector (`None`: not given), largest first.
    pub by_sector: Vec<(Option<Sector>, usize)>,
}

/// A step someone took in the dialogue, counted once per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    Hope,
    Concern,
    Question,
    Rating,
    Reservation,
    Recommendation,
    Commitment,
}

fn visible(d: &Dialogue, kind: Kind) -> Vec<&Contribution> {
    let mut v: Vec<&Contribution> = d.contributions.values().filter(|c| c.kind == kind && c.visible()).collect();
    v.sort_by_key(|c| c.seq);
    v
}

fn authors(items: &[&Contribution]) -> usize {
    items.iter().map(|c| c.author).collect::<BTreeSet<_>>().len()
}

impl<'a> Report<'a> {
    pub fn new(d: &'a Dialogue) -> Report<'a> {
        let recs = visible(d, Kind::Recommendation);
        let mut names: Vec<String> = d.spec.themes.clone();
        for r in &recs {
            if let Some(t) = &r.theme {
                if !names.contains(t) {
                    names.push(t.clone());
                }
            }
        }
        let themes = names
            .into_iter()
            .map(|t| {
                let mut items: Vec<&Contribution> = recs.iter().copied().filter(|r| r.theme.as_deref() == Some(t.as_str())).collect();
                items.sort_by(|a, b| b.backers.len().cmp(&a.backers.len()).then(a.seq.cmp(&b.seq)));
                (t, items)
            })
            .collect();
        let mut questions = visible(d, Kind::Question);
        questions.sort_by(|a, b| b.backers.len().cmp(&a.backers.len()).then(a.seq.cmp(&b.seq)));
        let (hopes, concerns) = (visible(d, Kind::Hope), visible(d, Kind::Concern));
        let (reservations, commitments) = (visible(d, Kind::Reservation), visible(d, Kind::Commitment));
        let rated = d.participants.values().filter(|p| p.rating.is_some()).count();
        let by_stage = vec![
            (Took::Hope, authors(&hopes)),
            (Took::Concern, authors(&concerns)),
            (Took::Question, authors(&questions)),
            (Took::Rating, rated),
            (Took::Reservation, authors(&reservations)),
            (Took::Recommendation, authors(&recs)),
            (Took::Commitment, authors(&commitments)),
        ];
        let mut sectors: BTreeMap<Option<Sector>, usize> = BTreeMap::new();
        for p in d.participants.values() {
            *sectors.entry(p.sector).or_default() += 1;
        }
        let mut by_sector: Vec<(Option<Sector>, usize)> = sectors.into_iter().collect();
        // Largest first; "not given" last among equals.
        by_sector.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.is_none().cmp(&b.0.is_none())).then(a.0.cmp(&b.0)));
        Report {
            d,
            hopes,
            concerns,
            questions,
            reservations,
            themes,
            commitments,
            resonance: resonance(d.spec.scale.min, d.spec.scale.max, d.histogram()),
            participation: Participation { joined: d.participants.len(), by_stage, by_sector },
        }
    }

    /// The author's name, only when they asked for it to be shown.
    pub fn byline(&self, c: &Contribution) -> Option<&str> {
        self.d.participants.get(&c.author).filter(|p| p.show_name).and_then(|p| p.name.as_deref())
    }
}
