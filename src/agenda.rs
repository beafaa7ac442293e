//! The agenda: ordered items, each of a stage kind, and the one state
//! machine that moves them between `upcoming`, `open` and `locked`.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Welcome,
    Introductions,
    Brief,
    Questions,
    Resonance,
    Recommendations,
    Commitments,
    Closing,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Welcome,
        Stage::Introductions,
        Stage::Brief,
        Stage::Questions,
        Stage::Resonance,
        Stage::Recommendations,
        Stage::Commitments,
        Stage::Closing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Welcome => "welcome",
            Stage::Introductions => "introductions",
            Stage::Brief => "brief",
            Stage::Questions => "questions",
            Stage::Resonance => "resonance",
            Stage::Recommendations => "recommendations",
            Stage::Commitments => "commitments",
            Stage::Closing => "closing",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The title an agenda item of this stage gets when none is given, in English.
    pub fn default_title(self) -> String {
        crate::i18n::Lang::ENGLISH.t(&self.default_title_id())
    }

    /// The message naming that title in every language.
    pub fn default_title_id(self) -> String {
        format!("default-title-{}", self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ItemState {
    Upcoming,
    Open,
    Locked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub stage: Stage,
    pub title: String,
    pub state: ItemState,
}

/// What a facilitator can do to the agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    MoveTo(usize),
    /// Starts a countdown of `seconds` on the current item from `now` (Unix ms); 0 stops it.
    Countdown {
        seconds: u32,
        now: i64,
    },
    Lock(usize),
    Unlock(usize),
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    pub items: Vec<AgendaItem>,
    pub current: usize,
    /// A countdown on the current item (say 45 s a person in the
    /// introductions), as Unix milliseconds when it runs out.
    #[serde(default)]
    pub countdown_ends_at: Option<i64>,
}

/// Longest countdown a facilitator may start: an hour.
pub const MAX_COUNTDOWN_SECONDS: u32 = 3600;

impl Agenda {
    /// A fresh agenda: the first item open, the rest upcoming.
    pub fn new(items: Vec<(Stage, String)>) -> Agenda {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, (stage, title))| AgendaItem { stage, title, state: if i == 0 { ItemState::Open } else { ItemState::Upcoming } })
            .collect();
        Agenda { items, current: 0, countdown_ends_at: None }
    }

    pub fn default_items() -> Vec<(Stage, String)> {
        Stage::ALL.iter().map(|s| (*s, s.default_title())).collect()
    }

    /// True when some item of this stage is open: writes of that stage are allowed.
    pub fn is_open(&self, stage: Stage) -> bool {
        self.items.iter().any(|i| i.stage == stage && i.state == ItemState::Open)
    }

    pub fn current_stage(&self) -> Stage {
        self.items[self.current].stage
    }

    /// The single transition function of the agenda.
    pub fn apply(&mut self, t: Transition) -> Result<(), DomainError> {
        let check = |i: usize| {
            if i < self.items.len() {
                Ok(i)
            } else {
                Err(DomainError::invalid(format!("The field `index` is {i}; the agenda has items 0 to {}.", self.items.len() - 1)))
            }
        };
        match t {
            Transition::MoveTo(i) => {
                let i = check(i)?;
                self.items[i].state = ItemState::Open;
                self.current = i;
                self.countdown_ends_at = None;
            }
            Transition::Countdown { seconds, now } => {
                if seconds > MAX_COUNTDOWN_SECONDS {
                    return Err(DomainError::invalid(format!("The field `seconds` is at most {MAX_COUNTDOWN_SECONDS}.")));
                }
                self.countdown_ends_at = (seconds > 0).then(|| now + i64::from(seconds) * 1000);
            }
            Transition::Lock(i) => {
                let i = check(i)?;
                self.items[i].state = ItemState::Locked;
            }
            Transition::Unlock(i) => {
                let i = check(i)?;
                if self.items[i].state == ItemState::Locked {
                    self.items[i].state = ItemState::Open;
                }
            }
            Transition::Close => {
                for item in &mut self.items {
                    item.state = ItemState::Locked;
                }
                self.countdown_ends_at = None;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemState::*;
    use Transition::*;

    fn states(a: &Agenda) -> Vec<ItemState> {
        a.items.iter().map(|i| i.state).collect()
    }

    #[test]
    fn transitions_table() {
        // (transitions applied in order, expected states of a 4-item agenda, current)
        let cases: &[(&[Transition], [ItemState; 4], usize)] = &[
            (&[], [Open, Upcoming, Upcoming, Upcoming], 0),
            (&[MoveTo(1)], [Open, Open, Upcoming, Upcoming], 1),
            (&[MoveTo(2), Lock(0)], [Locked, Upcoming, Open, Upcoming], 2),
            (&[MoveTo(1), Lock(1), Unlock(1)], [Open, Open, Upcoming, Upcoming], 1),
            (&[Unlock(2)], [Open, Upcoming, Upcoming, Upcoming], 0),
            (&[MoveTo(3), Lock(3), MoveTo(3)], [Open, Upcoming, Upcoming, Open], 3),
            (&[MoveTo(1), Close], [Locked, Locked, Locked, Locked], 1),
        ];
        for (ts, want, cur) in cases {
            let mut a = Agenda::new(
                [Stage::Welcome, Stage::Introductions, Stage::Questions, Stage::Closing].iter().map(|s| (*s, s.default_title())).collect(),
            );
            for t in ts.iter() {
                a.apply(*t).unwrap();
            }
            assert_eq!(states(&a), want.to_vec(), "{ts:?}");
            assert_eq!(a.current, *cur, "{ts:?}");
        }
    }

    #[test]
    fn countdowns() {
        let mut a = Agenda::new(Agenda::default_items());
        a.apply(Countdown { seconds: 45, now: 1_000 }).unwrap();
        assert_eq!(a.countdown_ends_at, Some(46_000));
        a.apply(MoveTo(1)).unwrap();
        assert_eq!(a.countdown_ends_at, None, "a move ends the countdown");
        a.apply(Countdown { seconds: 10, now: 0 }).unwrap();
        a.apply(Countdown { seconds: 0, now: 5 }).unwrap();
        assert_eq!(a.countdown_ends_at, None);
        assert_eq!(a.apply(Countdown { seconds: 3601, now: 0 }).unwrap_err().status(), 422);
    }

    #[test]
    fn out_of_range_is_invalid() {
        let mut a = Agenda::new(Agenda::default_items());
        let e = a.apply(MoveTo(8)).unwrap_err();
        assert_eq!(e.status(), 422);
        assert!(e.message.contains("index"));
    }

    #[test]
    fn open_stage() {
        let mut a = Agenda::new(Agenda::default_items());
        assert!(a.is_open(Stage::Welcome));
        assert!(!a.is_open(Stage::Introductions));
        a.apply(MoveTo(1)).unwrap();
        assert!(a.is_open(Stage::Introductions));
        a.apply(Lock(1)).unwrap();
        assert!(!a.is_open(Stage::Introductions));
    }
}
