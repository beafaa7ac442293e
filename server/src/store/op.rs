//! A write to one dialogue as data: what the writer applies, and what the
//! nodes sharing a PostgreSQL database read back from its journal to
//! replay each other's writes. Every input a command needs (the new id,
//! the time) is in it, so a replay does exactly what the first run did.

use convene::command::{Asker, Command, Outcome};
use convene::participation::Joining;
use convene::{Dialogue, DomainError};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Op {
    /// A command of a participant, the facilitator or the team.
    Run { asker: Asker, command: Command, new_id: Uuid, now: i64 },
    /// Someone joins, with the digest of the token they were handed.
    Join { id: Uuid, joining: Joining, secret_hash: String, now: i64 },
    /// A new facilitator key (its digest).
    Key { key_hash: String },
}

impl Op {
    /// Whether it takes words back (an erasure, a withdrawal), which the
    /// journal must then not keep.
    pub fn forgets(&self) -> bool {
        matches!(self, Op::Run { command: Command::Erase | Command::Withdraw { .. }, .. })
    }

    pub fn apply(self, d: &mut Dialogue) -> Result<Outcome, DomainError> {
        match self {
            Op::Run { asker, command, new_id, now } => command.apply(d, asker, new_id, now),
            Op::Join { id, joining, secret_hash, now } => d.join(id, &joining, secret_hash, now).map(|_| Outcome::Done),
            Op::Key { key_hash } => {
                d.replace_key(key_hash);
                Ok(Outcome::Done)
            }
        }
    }
}
