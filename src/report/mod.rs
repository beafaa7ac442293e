//! The post-event report: what was said, gathered from a dialogue in the
//! order a reader wants it, and rendered as HTML, Markdown or CSV strings.
//! Hidden and merged-away items never appear here.

pub mod csv;
pub mod html;
pub mod markdown;

use std::collections::{BTreeMap, BTreeSet};

use crate::contribution::{Contribution, Kind};
use crate::dialogue::{Dialogue, SECTORS};
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
    /// People who contributed at each stage: (label, count).
    pub by_stage: Vec<(&'static str, usize)>,
    /// People by sector: (sector id or "not_given", count), largest first.
    pub by_sector: Vec<(String, usize)>,
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
            ("Shared a hope", authors(&hopes)),
            ("Shared a concern", authors(&concerns)),
            ("Asked a question", authors(&questions)),
            ("Rated the report", rated),
            ("Voiced a reservation", authors(&reservations)),
            ("Posted a recommendation", authors(&recs)),
            ("Made a commitment", authors(&commitments)),
        ];
        let mut sectors: BTreeMap<String, usize> = BTreeMap::new();
        for p in d.participants.values() {
            let s = p.sector.clone().filter(|s| SECTORS.contains(&s.as_str())).unwrap_or_else(|| "not_given".into());
            *sectors.entry(s).or_default() += 1;
        }
        let mut by_sector: Vec<(String, usize)> = sectors.into_iter().collect();
        by_sector.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
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

    pub fn figure_title(&self) -> String {
        self.d.spec.resonance_figure_title.clone().unwrap_or_else(|| "How strongly did the report resonate with the participants?".into())
    }
}

/// A sector's name as a report prints it.
pub fn sector_name(id: &str) -> &'static str {
    match id {
        "government" => "Government",
        "media" => "Media",
        "business" => "Business",
        "academia" => "Academia",
        "civil_society" => "Civil society",
        "other" => "Other",
        _ => "Not given",
    }
}

/// A date as people write it: `2009-11-27` → `27 November 2009`.
pub fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}
