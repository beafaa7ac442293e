//! The live summary every screen shows, built from the index in time
//! proportional to what it shows, never to the size of the room.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contribution::{Contribution, Kind};
use crate::dialogue::Dialogue;

pub const NEWEST: usize = 20;
pub const TOP_QUESTIONS: usize = 20;
pub const TOP_PER_THEME: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: Uuid,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Items {
    pub count: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: Uuid,
    pub text: String,
    pub votes: usize,
    pub answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questions {
    pub count: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Question>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resonance {
    pub count: u64,
    pub min: i32,
    pub max: i32,
    pub histogram: Vec<u64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: Uuid,
    pub text: String,
    pub endorsements: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub theme: String,
    pub count: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Recommendation>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendations {
    pub count: usize,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub dialogue_id: Uuid,
    pub revision: u64,
    pub status: String,
    pub current: usize,
    /// The stage of the current agenda item.
    pub stage: String,
    pub participants: usize,
    pub hopes: Items,
    pub concerns: Items,
    pub questions: Questions,
    pub resonance: Resonance,
    pub reservations: Items,
    pub recommendations: Recommendations,
    pub commitments: Items,
}

/// Whole summaries for projectors, counts only for phones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Full,
    Counts,
}

impl Summary {
    pub fn build(d: &Dialogue, view: View) -> Summary {
        let full = view == View::Full;
        let newest = |kind: Kind| Items {
            count: d.count(kind),
            items: full.then(|| {
                d.index
                    .newest(kind, None)
                    .take(NEWEST)
                    .map(|(_, id)| {
                        let c = &d.contributions[&id];
                        Item { id, text: c.text.clone() }
                    })
                    .collect()
            }),
        };
        let questions = Questions {
            count: d.count(Kind::Question),
            items: full.then(|| {
                d.index
                    .top_questions()
                    .take(TOP_QUESTIONS)
                    .map(|id| {
                        let c = &d.contributions[&id];
                        Question { id, text: c.text.clone(), votes: c.backers.len(), answer: c.answer.clone() }
                    })
                    .collect()
            }),
        };
        let mut themes: Vec<String> = d.spec.themes.clone();
        let mut stray: Vec<String> = d.index.theme_names().filter(|t| !themes.contains(t)).cloned().collect();
        stray.sort();
        themes.extend(stray);
        let themes = themes
            .into_iter()
            .map(|theme| {
                let (count, ids) = d.index.theme(&theme);
                let items = full.then(|| {
                    ids.take(TOP_PER_THEME)
                        .map(|id| {
                            let c: &Contribution = &d.contributions[&id];
                            Recommendation { id, text: c.text.clone(), endorsements: c.backers.len() }
                        })
                        .collect()
                });
                Theme { theme, count, items }
            })
            .collect();
        Summary {
            dialogue_id: d.id,
            revision: d.revision,
            status: d.status.as_str().to_string(),
            current: d.agenda.current,
            stage: d.agenda.current_stage().as_str().to_string(),
            participants: d.participants.len(),
            hopes: newest(Kind::Hope),
            concerns: newest(Kind::Concern),
            questions,
            resonance: resonance(d.spec.scale.min, d.spec.scale.max, d.histogram()),
            reservations: newest(Kind::Reservation),
            recommendations: Recommendations { count: d.count(Kind::Recommendation), themes },
            commitments: newest(Kind::Commitment),
        }
    }
}

/// Count, mean and median of a histogram over `min..=max`.
pub fn resonance(min: i32, max: i32, histogram: &[u64]) -> Resonance {
    let count: u64 = histogram.iter().sum();
    let value = |i: usize| (min + i as i32) as f64;
    let (mean, median) = if count == 0 {
        (None, None)
    } else {
        let sum: f64 = histogram.iter().enumerate().map(|(i, n)| value(i) * *n as f64).sum();
        // The k-th rating (0-based) in sorted order.
        let nth = |k: u64| {
            let mut seen = 0;
            for (i, n) in histogram.iter().enumerate() {
                seen += n;
                if seen > k {
                    return value(i);
                }
            }
            value(histogram.len() - 1)
        };
        let median = if count % 2 == 1 { nth(count / 2) } else { (nth(count / 2 - 1) + nth(count / 2)) / 2.0 };
        (Some((sum / count as f64 * 100.0).round() / 100.0), Some(median))
    };
    Resonance { count, min, max, histogram: histogram.to_vec(), mean, median }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resonance_table() {
        type Case = (&'static [u64], u64, Option<f64>, Option<f64>);
        let cases: &[Case] = &[
            (&[0, 0, 0, 0, 0], 0, None, None),
            (&[1, 0, 0, 0, 0], 1, Some(1.0), Some(1.0)),
            (&[1, 0, 0, 0, 1], 2, Some(3.0), Some(3.0)),
            (&[0, 2, 1, 0, 0], 3, Some(2.33), Some(2.0)),
            (&[1, 1, 0, 1, 1], 4, Some(3.0), Some(3.0)),
            (&[0, 0, 0, 0, 7], 7, Some(5.0), Some(5.0)),
            (&[2, 0, 0, 0, 2], 4, Some(3.0), Some(3.0)),
            (&[3, 1, 0, 0, 0], 4, Some(1.25), Some(1.0)),
        ];
        for (h, count, mean, median) in cases {
            let r = resonance(1, 5, h);
            assert_eq!((r.count, r.mean, r.median), (*count, *mean, *median), "{h:?}");
        }
    }
}
