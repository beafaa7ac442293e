//! Every write a participant or a facilitator can ask of a dialogue, as one
//! typed command. The JSON API builds it from a route and its body; a plain
//! form names it by its `do` field. Both doors then hand it to the same
//! entry point, which checks the asker's role and applies it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agenda::Transition;
use crate::contribution::Kind;
use crate::dialogue::Dialogue;
use crate::error::Code;
use crate::error::{DomainError, ErrorClass};

/// Serialisable, so the nodes sharing a PostgreSQL database can replay
/// each other's writes from the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// A hope, concern, reservation or commitment: one each, replaced when sent again.
    Say {
        kind: Kind,
        text: String,
    },
    /// A question or a recommendation (with its theme).
    Post {
        kind: Kind,
        text: String,
        theme: Option<String>,
    },
    Rate {
        value: i64,
    },
    /// A vote on a question or an endorsement of a recommendation, given or taken back.
    Back {
        item: Uuid,
        kind: Kind,
        on: bool,
    },
    Withdraw {
        item: Uuid,
    },
    /// The participant erases everything they gave.
    Erase,
    Stage {
        index: usize,
    },
    Countdown {
        seconds: u32,
    },
    Lock {
        index: usize,
    },
    Unlock {
        index: usize,
    },
    Hide {
        item: Uuid,
    },
    Unhide {
        item: Uuid,
    },
    Merge {
        item: Uuid,
        into: Uuid,
    },
    Unmerge {
        item: Uuid,
    },
    Refile {
        item: Uuid,
        theme: String,
    },
    Answer {
        item: Uuid,
        text: String,
    },
    Conclude {
        text: String,
    },
    Close,
    Publish,
    /// A new facilitator key; the old one and its sessions end.
    NewKey,
    DeleteDialogue,
}

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Asker {
    Participant(Uuid),
    /// The dialogue's own key: everything a facilitator may do.
    Facilitator,
    /// A member of the facilitation team (their id), with a key of their
    /// own that allows part of it.
    Team(Role, Uuid),
}

/// A part of facilitation handed to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Hides, shows, merges, re-files and answers what people post.
    Moderator,
    /// Moves the agenda (and locks and unlocks its items) and runs the countdown.
    Presenter,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Moderator, Role::Presenter];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Presenter => "presenter",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw.trim())
    }

    /// Whether this role may send a command; never closing, publishing,
    /// the conclusion, keys, deletion or the team itself.
    pub fn may(self, command: &Command) -> bool {
        match self {
            Role::Moderator => matches!(
                command,
                Command::Hide { .. }
                    | Command::Unhide { .. }
                    | Command::Merge { .. }
                    | Command::Unmerge { .. }
                    | Command::Refile { .. }
                    | Command::Answer { .. }
            ),
            Role::Presenter => {
                matches!(command, Command::Stage { .. } | Command::Countdown { .. } | Command::Lock { .. } | Command::Unlock { .. })
            }
        }
    }
}

/// What a command made, for the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The contribution written.
    Item(Uuid),
    /// The rating as stored.
    Rating(i32),
    /// A new facilitator key, shown once.
    Key(String),
}

/// A plain form's fields: `do` names the command, the others carry it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FormFields {
    #[serde(rename = "do")]
    pub act: String,
    pub text: Option<String>,
    pub theme: Option<String>,
    pub value: Option<String>,
    pub cid: Option<String>,
    pub into: Option<String>,
    pub index: Option<String>,
}

fn item(raw: Option<&str>) -> Result<Uuid, DomainError> {
    raw.and_then(|c| Uuid::try_parse(c.trim()).ok()).ok_or_else(|| DomainError::not_found("contribution"))
}

fn whole<T: std::str::FromStr>(raw: Option<&str>, message: &str) -> Result<T, DomainError> {
    raw.and_then(|v| v.trim().parse().ok()).ok_or_else(|| DomainError::invalid(message))
}

/// Irreversible commands (erase, merge, close, publish, delete) come from a
/// form only with its box ticked.
fn confirmed(f: &FormFields) -> Result<(), DomainError> {
    match f.value.as_deref() {
        Some("yes") => Ok(()),
        _ => Err(DomainError::invalid_as(Code::ConfirmNeeded, "Tick the box to confirm.")),
    }
}

impl TryFrom<&FormFields> for Command {
    type Error = DomainError;

    fn try_from(f: &FormFields) -> Result<Command, DomainError> {
        let text = || f.text.clone().unwrap_or_default();
        let index = || whole::<usize>(f.index.as_deref(), "The agenda index must be a whole number.");
        let cid = || item(f.cid.as_deref());
        Ok(match f.act.as_str() {
            "hope" | "concern" | "reservation" | "commitment" => {
                Command::Say { kind: Kind::parse(&f.act).unwrap_or(Kind::Hope), text: text() }
            }
            "question" => Command::Post { kind: Kind::Question, text: text(), theme: None },
            "recommendation" => Command::Post { kind: Kind::Recommendation, text: text(), theme: f.theme.clone() },
            "rating" => Command::Rate {
                value: whole(f.value.as_deref(), "Pick a value on the scale.")
                    .map_err(|e| DomainError::invalid_as(Code::OutOfScale, e.message))?,
            },
            "vote" | "unvote" => Command::Back { item: cid()?, kind: Kind::Question, on: f.act == "vote" },
            "endorse" | "unendorse" => Command::Back { item: cid()?, kind: Kind::Recommendation, on: f.act == "endorse" },
            "withdraw" => Command::Withdraw { item: cid()? },
            "erase" => confirmed(f).map(|_| Command::Erase)?,
            "stage" => Command::Stage { index: index()? },
            "countdown" => Command::Countdown { seconds: whole(f.value.as_deref(), "Give the countdown in whole seconds.")? },
            "lock" => Command::Lock { index: index()? },
            "unlock" => Command::Unlock { index: index()? },
            "hide" => Command::Hide { item: cid()? },
            "unhide" => Command::Unhide { item: cid()? },
            "merge" => Command::Merge {
                item: confirmed(f).and_then(|_| cid())?,
                into: Uuid::try_parse(f.into.as_deref().unwrap_or("").trim())
                    .map_err(|_| DomainError::invalid("Choose the item to merge into."))?,
            },
            "unmerge" => Command::Unmerge { item: cid()? },
            "refile" => Command::Refile { item: cid()?, theme: f.theme.clone().unwrap_or_default() },
            "answer" => Command::Answer { item: cid()?, text: text() },
            "conclusion" => Command::Conclude { text: text() },
            "close" => confirmed(f).map(|_| Command::Close)?,
            "publish" => confirmed(f).map(|_| Command::Publish)?,
            "new_key" => Command::NewKey,
            "delete_dialogue" => confirmed(f).map(|_| Command::DeleteDialogue)?,
            _ => return Err(DomainError::invalid("Unknown action.")),
        })
    }
}

impl Command {
    /// The form's `do` for this command, and the action the audit log records.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Say { kind, .. } | Command::Post { kind, .. } => kind.as_str(),
            Command::Rate { .. } => "rating",
            Command::Back { kind: Kind::Question, on: true, .. } => "vote",
            Command::Back { kind: Kind::Question, .. } => "unvote",
            Command::Back { on: true, .. } => "endorse",
            Command::Back { .. } => "unendorse",
            Command::Withdraw { .. } => "withdraw",
            Command::Erase => "erase",
            Command::Stage { .. } => "stage",
            Command::Countdown { .. } => "countdown",
            Command::Lock { .. } => "lock",
            Command::Unlock { .. } => "unlock",
            Command::Hide { .. } => "hide",
            Command::Unhide { .. } => "unhide",
            Command::Merge { .. } => "merge",
            Command::Unmerge { .. } => "unmerge",
            Command::Refile { .. } => "refile",
            Command::Answer { .. } => "answer",
            Command::Conclude { .. } => "conclusion",
            Command::Close => "close",
            Command::Publish => "publish",
            Command::NewKey => "new_key",
            Command::DeleteDialogue => "delete_dialogue",
        }
    }

    /// Facilitators' commands; the rest are participants'.
    pub fn facilitates(&self) -> bool {
        !matches!(
            self,
            Command::Say { .. }
                | Command::Post { .. }
                | Command::Rate { .. }
                | Command::Back { .. }
                | Command::Withdraw { .. }
                | Command::Erase
        )
    }

    /// What the audit log names beside the action: an agenda index or an item.
    pub fn detail(&self) -> Option<String> {
        match self {
            Command::Lock { index } | Command::Unlock { index } => Some(index.to_string()),
            Command::Stage { index } => Some(index.to_string()),
            Command::Hide { item }
            | Command::Unhide { item }
            | Command::Unmerge { item }
            | Command::Answer { item, .. }
            | Command::Refile { item, .. } => Some(item.to_string()),
            Command::Merge { item, into } => Some(format!("{item} → {into}")),
            _ => None,
        }
    }

    /// The participant a command acts for, or 403 when the asker's role may not send it.
    pub fn allowed(&self, asker: Asker) -> Result<Option<Uuid>, DomainError> {
        match (asker, self.facilitates()) {
            (Asker::Facilitator, true) => Ok(None),
            (Asker::Team(role, _), true) if role.may(self) => Ok(None),
            (Asker::Team(role, _), true) => Err(DomainError::new(
                ErrorClass::Forbidden,
                Code::FacilitatorsOnly,
                format!("A {} may not do this; only the dialogue's facilitator may.", role.as_str()),
            )),
            (Asker::Participant(p), false) => Ok(Some(p)),
            (Asker::Participant(_), true) => {
                Err(DomainError::new(ErrorClass::Forbidden, Code::FacilitatorsOnly, "Only the dialogue's facilitators may do this."))
            }
            (Asker::Facilitator | Asker::Team(..), false) => Err(DomainError::new(
                ErrorClass::Forbidden,
                Code::ParticipantsOnly,
                "Only participants contribute; join the dialogue to take part.",
            )),
        }
    }

    /// Applies a command that changes the dialogue in memory. `new_id` names
    /// a contribution it creates; `now` is Unix ms. Erasure, a new key and
    /// deletion also touch what lies outside the dialogue: the store runs
    /// those itself, and here they only erase (the dialogue's part).
    pub fn apply(self, d: &mut Dialogue, asker: Asker, new_id: Uuid, now: i64) -> Result<Outcome, DomainError> {
        let who = self.allowed(asker)?.unwrap_or_default();
        let done = |r: Result<(), DomainError>| r.map(|_| Outcome::Done);
        match self {
            Command::Say { kind, text } => d.put_single(who, kind, &text, new_id, now).map(|c| Outcome::Item(c.id)),
            Command::Post { kind, text, theme } => d.post(who, kind, &text, theme.as_deref(), new_id, now).map(|c| Outcome::Item(c.id)),
            Command::Rate { value } => d.rate(who, value).map(Outcome::Rating),
            Command::Back { item, kind, on } => done(d.back(who, item, kind, on)),
            Command::Withdraw { item } => done(d.withdraw(who, item)),
            Command::Erase => done(d.erase(who)),
            Command::Stage { index } => done(d.transition(Transition::MoveTo(index))),
            Command::Countdown { seconds } => done(d.transition(Transition::Countdown { seconds, now })),
            Command::Lock { index } => done(d.transition(Transition::Lock(index))),
            Command::Unlock { index } => done(d.transition(Transition::Unlock(index))),
            Command::Hide { item } => done(d.set_hidden(item, true)),
            Command::Unhide { item } => done(d.set_hidden(item, false)),
            Command::Merge { item, into } => done(d.merge(item, into)),
            Command::Unmerge { item } => done(d.unmerge(item)),
            Command::Refile { item, theme } => done(d.refile(item, &theme)),
            Command::Answer { item, text } => done(d.answer(item, &text)),
            Command::Conclude { text } => done(d.conclude(&text)),
            Command::Close => done(d.close()),
            Command::Publish => {
                d.publish();
                Ok(Outcome::Done)
            }
            Command::NewKey | Command::DeleteDialogue => {
                Err(DomainError::invalid("This command is run by the store, not applied to a dialogue in memory."))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormFields {
        let mut f = FormFields::default();
        for (k, raw) in pairs {
            let v = Some(raw.to_string());
            match *k {
                "do" => f.act = raw.to_string(),
                "text" => f.text = v,
                "theme" => f.theme = v,
                "value" => f.value = v,
                "cid" => f.cid = v,
                "into" => f.into = v,
                _ => f.index = v,
            }
        }
        f
    }

    #[test]
    fn every_form_tag_reads_back_as_its_own_name() {
        let id = Uuid::from_u128(7).to_string();
        for tag in [
            "hope",
            "concern",
            "reservation",
            "commitment",
            "question",
            "recommendation",
            "rating",
            "vote",
            "unvote",
            "endorse",
            "unendorse",
            "withdraw",
            "erase",
            "stage",
            "countdown",
            "lock",
            "unlock",
            "hide",
            "unhide",
            "merge",
            "unmerge",
            "refile",
            "answer",
            "conclusion",
            "close",
            "publish",
            "new_key",
            "delete_dialogue",
        ] {
            let f = form(&[("do", tag), ("cid", &id), ("into", &Uuid::from_u128(8).to_string()), ("index", "2"), ("value", "yes")]);
            let f = if tag == "rating" || tag == "countdown" { FormFields { value: Some("3".into()), ..f } } else { f };
            let c = Command::try_from(&f).unwrap_or_else(|e| panic!("{tag}: {e}"));
            assert_eq!(c.name(), tag);
        }
    }

    #[test]
    fn bad_forms_are_refused_with_their_code() {
        let code = |pairs: &[(&str, &str)]| Command::try_from(&form(pairs)).unwrap_err().code;
        assert_eq!(code(&[("do", "shout")]), "invalid_field");
        assert_eq!(code(&[("do", "rating"), ("value", "lots")]), "out_of_scale");
        assert_eq!(code(&[("do", "vote"), ("cid", "nope")]), "not_found");
        assert_eq!(code(&[("do", "erase")]), "confirm_needed");
        assert_eq!(code(&[("do", "delete_dialogue"), ("value", "no")]), "confirm_needed");
        for tag in ["close", "publish", "merge"] {
            assert_eq!(code(&[("do", tag)]), "confirm_needed", "{tag}");
        }
        assert_eq!(code(&[("do", "stage"), ("index", "-1")]), "invalid_field");
        assert_eq!(code(&[("do", "countdown"), ("value", "99999999999")]), "invalid_field");
    }

    #[test]
    fn roles_are_kept_apart() {
        let p = Asker::Participant(Uuid::from_u128(1));
        assert_eq!(Command::Close.allowed(p).unwrap_err().code, "facilitators_only");
        assert_eq!(Command::Erase.allowed(Asker::Facilitator).unwrap_err().code, "participants_only");
        assert_eq!(Command::Rate { value: 1 }.allowed(p), Ok(Some(Uuid::from_u128(1))));
        assert_eq!(Command::Publish.allowed(Asker::Facilitator), Ok(None));
    }
}
