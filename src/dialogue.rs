//! One dialogue's whole state, and the journal of changes its commands
//! leave for the store to persist.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agenda::{Agenda, Stage};
use crate::contribution::{Contribution, Kind};
use crate::error::Code;
use crate::error::DomainError;
use crate::index::Index;
use crate::spec::DialogueSpec;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Live,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Live => "live",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Live, Status::Closed].into_iter().find(|st| st.as_str() == s)
    }
}

/// Where a participant said they come from (optional when joining).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Government,
    Media,
    Business,
    Academia,
    CivilSociety,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 6] =
        [Sector::Government, Sector::Media, Sector::Business, Sector::Academia, Sector::CivilSociety, Sector::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Government => "government",
            Sector::Media => "media",
            Sector::Business => "business",
            Sector::Academia => "academia",
            Sector::CivilSociety => "civil_society",
            Sector::Other => "other",
        }
    }

    /// A sector's id, forgiving case, spaces and hyphens ("Civil society").
    pub fn parse(s: &str) -> Option<Sector> {
        let norm = s.trim().to_lowercase().replace([' ', '-'], "_");
        Sector::ALL.into_iter().find(|x| x.as_str() == norm)
    }

    /// "government, media, …" for error messages.
    pub fn list() -> String {
        Sector::ALL.map(Sector::as_str).join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: Uuid,
    pub name: Option<String>,
    /// They asked for their name beside what they said in the published report.
    pub show_name: bool,
    pub sector: Option<Sector>,
    /// Hex SHA-256 of the token's secret part; the token itself is never kept.
    pub secret_hash: String,
    pub joined_at: i64,
    pub rating: Option<i32>,
    /// Own contributions, oldest first.
    pub own: Vec<Uuid>,
    pub votes: BTreeSet<Uuid>,
    pub endorsements: BTreeSet<Uuid>,
}

/// A row the store must write after a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The dialogue's own mutable fields (agenda, status, conclusion...).
    Dialogue,
    Participant(Uuid),
    /// Insert or replace the contribution as it now is.
    Contribution(Uuid),
    ContributionRemoved(Uuid),
    /// A participant erased themselves: their row and their backings go.
    ParticipantRemoved(Uuid),
    Rating(Uuid),
    Backing {
        contribution: Uuid,
        participant: Uuid,
        on: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Dialogue {
    pub id: Uuid,
    pub code: String,
    pub key_hash: String,
    /// The organiser who created or imported it, when one did.
    pub organiser: Option<String>,
    pub spec: DialogueSpec,
    pub agenda: Agenda,
    pub status: Status,
    pub conclusion: Option<String>,
    pub published: bool,
    pub revision: u64,
    pub created_at: i64,
    pub participants: HashMap<Uuid, Participant>,
    pub contributions: HashMap<Uuid, Contribution>,
    pub next_seq: u64,
    pub(crate) index: Index,
    journal: Vec<Change>,
    agenda_moved: bool,
}

impl Dialogue {
    /// The next dialogue of a series: this one's agenda (every item
    /// upcoming again), themes, scale, report brief, conveners, roles and
    /// languages under a new title, with no date, nobody in it and nothing
    /// said.
    pub fn next_in_series(&self, title: &str) -> Result<(DialogueSpec, Vec<(Stage, String)>), DomainError> {
        let spec = DialogueSpec { title: crate::text::parse("title", title, crate::text::TITLE_MAX)?, held_on: None, ..self.spec.clone() };
        Ok((spec, self.agenda.items.iter().map(|i| (i.stage, i.title.clone())).collect()))
    }

    pub fn new(id: Uuid, code: String, key_hash: String, spec: DialogueSpec, agenda: Vec<(Stage, String)>, now: i64) -> Dialogue {
        let steps = spec.scale.steps();
        Dialogue {
            id,
            code,
            key_hash,
            organiser: None,
            spec,
            agenda: Agenda::new(agenda),
            status: Status::Live,
            conclusion: None,
            published: false,
            revision: 1,
            created_at: now,
            participants: HashMap::new(),
            contributions: HashMap::new(),
            next_seq: 1,
            index: Index::new(steps),
            journal: vec![Change::Dialogue],
            agenda_moved: false,
        }
    }

    /// Rebuilds a dialogue from stored rows, with its index.
    pub fn restore(mut shell: Dialogue, participants: Vec<Participant>, contributions: Vec<Contribution>) -> Dialogue {
        shell.journal.clear();
        for p in participants {
            if let Some(v) = p.rating {
                shell.count_rating(v, 1);
            }
            shell.participants.insert(p.id, p);
        }
        for c in contributions {
            shell.next_seq = shell.next_seq.max(c.seq + 1);
            shell.index.insert(&c);
            shell.contributions.insert(c.id, c);
        }
        shell
    }

    /// The changes since the last call, for the store to persist.
    pub fn take_journal(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.journal)
    }

    /// True once after any change to the agenda, for the `stage` event.
    pub fn take_agenda_moved(&mut self) -> bool {
        std::mem::take(&mut self.agenda_moved)
    }

    pub(crate) fn record(&mut self, change: Change) {
        self.journal.push(change);
    }

    /// Marks a change the summary shows.
    pub(crate) fn bump(&mut self) {
        self.revision += 1;
    }

    pub(crate) fn agenda_changed(&mut self) {
        self.agenda_moved = true;
        self.record(Change::Dialogue);
        self.bump();
    }

    pub(crate) fn count_rating(&mut self, value: i32, delta: i64) {
        let Ok(step) = usize::try_from(i64::from(value) - i64::from(self.spec.scale.min)) else { return };
        if let Some(n) = self.index.histogram.get_mut(step) {
            *n = (*n as i64 + delta).max(0) as u64;
        }
    }

    /// The live ordering of visible items.
    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn histogram(&self) -> &[u64] {
        &self.index.histogram
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.index.count(kind)
    }

    pub fn participant(&self, id: Uuid) -> Result<&Participant, DomainError> {
        self.participants.get(&id).ok_or_else(|| DomainError::not_found("participant"))
    }

    /// A visible contribution of the given kind, or 404.
    pub fn visible(&self, id: Uuid, kind: Kind) -> Result<&Contribution, DomainError> {
        match self.contributions.get(&id) {
            Some(c) if c.kind == kind && c.visible() => Ok(c),
            _ => Err(DomainError::not_found(kind.as_str())),
        }
    }

    /// Endorsements a participant may still give.
    pub fn endorsements_left(&self, p: &Participant) -> u32 {
        let used = p.endorsements.iter().filter(|c| self.contributions.get(c).is_some_and(Contribution::visible)).count() as u32;
        self.spec.endorsements_per_participant.saturating_sub(used)
    }

    /// Participant writes need a live dialogue and an open item of the stage.
    pub(crate) fn require_open(&self, stage: Stage) -> Result<(), DomainError> {
        if self.status == Status::Closed {
            return Err(DomainError::conflict(Code::DialogueClosed, "This dialogue is closed."));
        }
        if !self.agenda.is_open(stage) {
            return Err(DomainError::conflict(Code::StageNotOpen, format!("The {} stage is not open now.", stage.as_str())));
        }
        Ok(())
    }

    pub(crate) fn require_live(&self) -> Result<(), DomainError> {
        if self.status == Status::Closed {
            return Err(DomainError::conflict(Code::DialogueClosed, "This dialogue is closed."));
        }
        Ok(())
    }

    /// Runs `f` on a contribution with the index kept true around it.
    pub(crate) fn reindex<R>(&mut self, id: Uuid, f: impl FnOnce(&mut Contribution) -> R) -> Option<R> {
        let c = self.contributions.get_mut(&id)?;
        self.index.remove(c);
        let r = f(c);
        self.index.insert(c);
        Some(r)
    }

    /// Like [`Dialogue::reindex`], and journals the whole row.
    pub(crate) fn update<R>(&mut self, id: Uuid, f: impl FnOnce(&mut Contribution) -> R) -> Option<R> {
        let r = self.reindex(id, f)?;
        self.journal.push(Change::Contribution(id));
        Some(r)
    }

    pub(crate) fn insert(&mut self, c: Contribution) {
        self.index.insert(&c);
        self.journal.push(Change::Contribution(c.id));
        if let Some(p) = self.participants.get_mut(&c.author) {
            p.own.push(c.id);
        }
        self.contributions.insert(c.id, c);
    }

    pub(crate) fn take_seq(&mut self) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        s
    }
}
