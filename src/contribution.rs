//! What participants contribute: the kinds, the stage each belongs to, and
//! how many of each one person may post.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agenda::Stage;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Hope,
    Concern,
    Question,
    Reservation,
    Recommendation,
    Commitment,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Hope, Kind::Concern, Kind::Question, Kind::Reservation, Kind::Recommendation, Kind::Commitment];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hope => "hope",
            Kind::Concern => "concern",
            Kind::Question => "question",
            Kind::Reservation => "reservation",
            Kind::Recommendation => "recommendation",
            Kind::Commitment => "commitment",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A dense index, for per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The agenda stage whose items must be open to write this kind.
    pub fn stage(self) -> Stage {
        match self {
            Kind::Hope | Kind::Concern => Stage::Introductions,
            Kind::Question => Stage::Questions,
            Kind::Reservation => Stage::Resonance,
            Kind::Recommendation => Stage::Recommendations,
            Kind::Commitment => Stage::Commitments,
        }
    }

    /// How many of this kind one participant may have: one for the
    /// replace-on-write kinds, a cap for the others.
    pub fn per_participant(self) -> usize {
        match self {
            Kind::Question => 10,
            Kind::Recommendation => 20,
            _ => 1,
        }
    }

    /// One per participant: a second write replaces the first.
    pub fn is_single(self) -> bool {
        self.per_participant() == 1
    }

    /// Others back this kind: votes on questions, endorsements on recommendations.
    pub fn backing(self) -> Option<&'static str> {
        match self {
            Kind::Question => Some("votes"),
            Kind::Recommendation => Some("endorsements"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub id: Uuid,
    pub kind: Kind,
    pub author: Uuid,
    pub text: String,
    pub theme: Option<String>,
    pub answer: Option<String>,
    pub hidden: bool,
    pub merged_into: Option<Uuid>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Order of arrival within the dialogue; newest has the highest.
    pub seq: u64,
    /// Who voted for (questions) or endorsed (recommendations) it. A merged
    /// item keeps its own, uncounted, so that the merge can be undone.
    pub backers: BTreeSet<Uuid>,
    /// While merged: its backers that the item it joined gained through the
    /// merge (and loses again when the merge is undone).
    pub carried: BTreeSet<Uuid>,
}

impl Contribution {
    /// Visible items are the ones summaries count and reports show.
    pub fn visible(&self) -> bool {
        !self.hidden && self.merged_into.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_table() {
        let cases = [
            (Kind::Hope, Stage::Introductions, true, None),
            (Kind::Concern, Stage::Introductions, true, None),
            (Kind::Question, Stage::Questions, false, Some("votes")),
            (Kind::Reservation, Stage::Resonance, true, None),
            (Kind::Recommendation, Stage::Recommendations, false, Some("endorsements")),
            (Kind::Commitment, Stage::Commitments, true, None),
        ];
        for (k, stage, single, backing) in cases {
            assert_eq!(k.stage(), stage);
            assert_eq!(k.is_single(), single);
            assert_eq!(k.backing(), backing);
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(Kind::ALL[k.index()], k);
        }
        assert_eq!(Kind::parse("rating"), None);
    }
}
