//! Convene's domain: a civic dialogue, its agenda, what participants
//! contribute, and the live summary everyone watches.
//!
//! Invariant: this crate knows nothing about HTTP, SQL, async or the clock.
//! Callers hand it ids and times; it hands back typed results and a journal
//! of changes to persist. It builds for wasm32 too.

pub mod agenda;
pub mod archive;
pub mod command;
pub mod contribution;
pub mod dialogue;
pub mod error;
pub mod export;
pub mod i18n;
pub mod index;
pub mod moderation;
pub mod participation;
pub mod report;
pub mod similar;
pub mod spec;
pub mod summary;
pub mod text;
pub mod time;

pub use agenda::{Agenda, AgendaItem, ItemState, Stage};
pub use contribution::{Contribution, Kind};
pub use dialogue::{Change, Dialogue, Participant, Status};
pub use error::DomainError;
pub use spec::{BriefRecommendation, DialogueSpec, ReportBrief, Scale};
pub use summary::Summary;

#[cfg(test)]
mod rules_tests;
