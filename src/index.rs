//! The live ordering of visible items, kept up to date change by change so
//! a summary never recounts the dialogue.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use uuid::Uuid;

use crate::contribution::{Contribution, Kind};

/// Rank of a backed item: most backers first, then oldest first.
pub type Rank = (Reverse<usize>, u64);

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Visible items of each kind by arrival.
    by_kind: [BTreeMap<u64, Uuid>; 6],
    /// Visible questions by votes.
    questions: BTreeSet<Rank>,
    /// Visible recommendations of each theme by endorsements.
    themes: HashMap<String, BTreeSet<Rank>>,
    /// Ratings at each step of the scale, lowest first.
    pub histogram: Vec<u64>,
    /// The items merged into each item, so an item's merged items are
    /// found without a pass over the dialogue.
    merged: HashMap<Uuid, BTreeSet<Uuid>>,
}

impl Index {
    pub fn new(scale_steps: usize) -> Index {
        Index { histogram: vec![0; scale_steps], ..Index::default() }
    }

    /// Adds a contribution if it is visible. Call after changing it.
    pub fn insert(&mut self, c: &Contribution) {
        if let Some(into) = c.merged_into {
            self.merged.entry(into).or_default().insert(c.id);
        }
        if !c.visible() {
            return;
        }
        self.by_kind[c.kind.index()].insert(c.seq, c.id);
        let rank = (Reverse(c.backers.len()), c.seq);
        match c.kind {
            Kind::Question => {
                self.questions.insert(rank);
            }
            Kind::Recommendation => {
                let theme = c.theme.clone().unwrap_or_default();
                self.themes.entry(theme).or_default().insert(rank);
            }
            _ => {}
        }
    }

    /// Removes a contribution as it is now. Call before changing it.
    pub fn remove(&mut self, c: &Contribution) {
        if let Some(into) = c.merged_into {
            if let Some(set) = self.merged.get_mut(&into) {
                set.remove(&c.id);
                if set.is_empty() {
                    self.merged.remove(&into);
                }
            }
        }
        if !c.visible() {
            return;
        }
        self.by_kind[c.kind.index()].remove(&c.seq);
        let rank = (Reverse(c.backers.len()), c.seq);
        match c.kind {
            Kind::Question => {
                self.questions.remove(&rank);
            }
            Kind::Recommendation => {
                if let Some(set) = self.themes.get_mut(c.theme.as_deref().unwrap_or_default()) {
                    set.remove(&rank);
                }
            }
            _ => {}
        }
    }

    /// The items merged into `id`.
    pub fn merged_into(&self, id: Uuid) -> impl Iterator<Item = Uuid> + '_ {
        self.merged.get(&id).into_iter().flatten().copied()
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.by_kind[kind.index()].len()
    }

    /// Visible items of a kind, newest first, strictly older than `before`.
    pub fn newest(&self, kind: Kind, before: Option<u64>) -> impl Iterator<Item = (u64, Uuid)> + '_ {
        let map = &self.by_kind[kind.index()];
        let range = match before {
            Some(b) => map.range(..b),
            None => map.range(..),
        };
        range.rev().map(|(s, id)| (*s, *id))
    }

    /// Id of a visible item by arrival number.
    pub fn id_at(&self, kind: Kind, seq: u64) -> Option<Uuid> {
        self.by_kind[kind.index()].get(&seq).copied()
    }

    /// Visible questions, most votes first.
    pub fn top_questions(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.questions.iter().filter_map(|(_, seq)| self.id_at(Kind::Question, *seq))
    }

    /// Visible recommendations of a theme, most endorsed first, and their count.
    pub fn theme(&self, theme: &str) -> (usize, impl Iterator<Item = Uuid> + '_) {
        let set = self.themes.get(theme);
        let count = set.map_or(0, BTreeSet::len);
        let ids = set.into_iter().flatten().filter_map(|(_, seq)| self.id_at(Kind::Recommendation, *seq));
        (count, ids)
    }

    /// Themes that hold visible recommendations, for themes no longer in the spec.
    pub fn theme_names(&self) -> impl Iterator<Item = &String> {
        self.themes.iter().filter(|(_, s)| !s.is_empty()).map(|(t, _)| t)
    }
}
