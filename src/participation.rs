//! What a participant does: join, contribute, rate, vote, endorse, withdraw.

use std::collections::BTreeSet;

use serde::Deserialize;
use uuid::Uuid;

use crate::agenda::Stage;
use crate::contribution::{Contribution, Kind};
use crate::dialogue::{Change, Dialogue, Participant, Sector};
use crate::error::Code;
use crate::error::DomainError;
use crate::text::{self, CONTRIBUTION_MAX, TITLE_MAX};

/// Most participants one dialogue takes.
pub const MAX_PARTICIPANTS: usize = 100_000;

/// What a person gives when they join, all of it optional. Their name is
/// printed in the published report only when they tick `show_name`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Joining {
    pub name: Option<String>,
    pub sector: Option<String>,
    pub show_name: bool,
}

/// How long a repeated post counts as the same one sent again.
pub const REPEAT_WINDOW_MS: i64 = 10 * 60 * 1000;

impl Dialogue {
    pub fn join(&mut self, id: Uuid, joining: &Joining, secret_hash: String, now: i64) -> Result<&Participant, DomainError> {
        self.require_live()?;
        if self.participants.len() >= (self.spec.max_participants as usize).min(MAX_PARTICIPANTS) {
            return Err(DomainError::conflict(Code::DialogueFull, "This dialogue has no room for more participants."));
        }
        let name = text::parse_optional("name", joining.name.as_deref(), TITLE_MAX)?;
        let sector = match joining.sector.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(
                Sector::parse(s).ok_or_else(|| DomainError::invalid(format!("The field `sector` must be one of {}.", Sector::list())))?,
            ),
        };
        let p = Participant {
            id,
            show_name: joining.show_name && name.is_some(),
            name,
            sector,
            secret_hash,
            joined_at: now,
            rating: None,
            own: Vec::new(),
            votes: BTreeSet::new(),
            endorsements: BTreeSet::new(),
        };
        self.participants.insert(id, p);
        self.record(Change::Participant(id));
        self.bump();
        self.participant(id)
    }

    /// PUT of a one-per-participant kind: creates, or replaces the text and keeps the id.
    pub fn put_single(&mut self, author: Uuid, kind: Kind, raw: &str, new_id: Uuid, now: i64) -> Result<&Contribution, DomainError> {
        debug_assert!(kind.is_single());
        self.require_open(kind.stage())?;
        let text = text::parse("text", raw, CONTRIBUTION_MAX)?;
        let existing = self.participant(author)?.own.iter().copied().find(|c| self.contributions.get(c).is_some_and(|c| c.kind == kind));
        let id = match existing {
            Some(id) => {
                self.update(id, |c| c.text = text);
                id
            }
            None => {
                let seq = self.take_seq();
                self.insert(new_contribution(new_id, kind, author, text, None, now, seq));
                new_id
            }
        };
        self.bump();
        Ok(&self.contributions[&id])
    }

    /// POST of a many-per-participant kind (questions, recommendations).
    pub fn post(
        &mut self,
        author: Uuid,
        kind: Kind,
        raw: &str,
        theme: Option<&str>,
        new_id: Uuid,
        now: i64,
    ) -> Result<&Contribution, DomainError> {
        debug_assert!(!kind.is_single());
        self.require_open(kind.stage())?;
        let text = text::parse("text", raw, CONTRIBUTION_MAX)?;
        let theme = if kind == Kind::Recommendation {
            let raw = theme.unwrap_or("");
            let t = self.spec.theme(raw).ok_or_else(|| {
                DomainError::invalid_as(
                    Code::UnknownTheme,
                    format!("The field `theme` must be one of: {}; not {raw:?}.", self.spec.themes.join(", ")),
                )
            })?;
            Some(t.to_string())
        } else {
            None
        };
        let p = self.participant(author)?;
        // The same words from the same person moments ago are the same post
        // sent again (a retry whose answer was lost, a double tap): it stands.
        let again = p
            .own
            .iter()
            .rev()
            .filter_map(|c| self.contributions.get(c))
            .find(|c| c.kind == kind && c.text == text && c.theme == theme && c.visible() && now - c.created_at < REPEAT_WINDOW_MS);
        if let Some(id) = again.map(|c| c.id) {
            return Ok(&self.contributions[&id]);
        }
        let mine = p.own.iter().filter(|c| self.contributions.get(c).is_some_and(|c| c.kind == kind)).count();
        if mine >= kind.per_participant() {
            return Err(DomainError::conflict(
                Code::LimitReached,
                format!("You have posted {mine} of the {} {}s one person may post.", kind.per_participant(), kind.as_str()),
            ));
        }
        let seq = self.take_seq();
        self.insert(new_contribution(new_id, kind, author, text, theme, now, seq));
        self.bump();
        Ok(&self.contributions[&new_id])
    }

    pub fn rate(&mut self, who: Uuid, value: i64) -> Result<i32, DomainError> {
        self.require_open(Stage::Resonance)?;
        let scale = &self.spec.scale;
        if value < scale.min as i64 || value > scale.max as i64 {
            return Err(DomainError::invalid_as(
                Code::OutOfScale,
                format!("The field `value` must be from {} to {}.", scale.min, scale.max),
            ));
        }
        let value = value as i32;
        let old = self.participant(who)?.rating;
        if old == Some(value) {
            return Ok(value);
        }
        if let Some(o) = old {
            self.count_rating(o, -1);
        }
        self.count_rating(value, 1);
        if let Some(p) = self.participants.get_mut(&who) {
            p.rating = Some(value);
        }
        self.record(Change::Rating(who));
        self.bump();
        Ok(value)
    }

    /// Votes for a question or endorses a recommendation (`on`), or takes
    /// it back. Idempotent both ways.
    pub fn back(&mut self, who: Uuid, id: Uuid, kind: Kind, on: bool) -> Result<(), DomainError> {
        self.require_open(kind.stage())?;
        let c = self.visible(id, kind)?;
        if c.author == who {
            return Err(DomainError::conflict(Code::OwnContribution, format!("Nobody backs their own {}.", kind.as_str())));
        }
        let p = self.participant(who)?;
        let already = c.backers.contains(&who);
        if already == on {
            return Ok(());
        }
        if on && kind == Kind::Recommendation && self.endorsements_left(p) == 0 {
            return Err(DomainError::conflict(
                Code::NoEndorsementsLeft,
                format!("You have used all {} of your endorsements; take one back first.", self.spec.endorsements_per_participant),
            ));
        }
        self.reindex(id, |c| if on { c.backers.insert(who) } else { c.backers.remove(&who) });
        if let Some(p) = self.participants.get_mut(&who) {
            let set = if kind == Kind::Question { &mut p.votes } else { &mut p.endorsements };
            if on {
                set.insert(id)
            } else {
                set.remove(&id)
            };
        }
        self.record(Change::Backing { contribution: id, participant: who, on });
        if !on {
            self.forget_carried(who, id);
        }
        self.bump();
        Ok(())
    }

    /// A backing a merge carried over to `target`, once taken back, is gone
    /// for good: an undo of the merge neither returns it to the merged item
    /// nor takes away a backing given again later.
    fn forget_carried(&mut self, who: Uuid, target: Uuid) {
        let from: Vec<Uuid> =
            self.index.merged_into(target).filter(|m| self.contributions.get(m).is_some_and(|c| c.carried.contains(&who))).collect();
        for m in from {
            self.update(m, |c| {
                c.carried.remove(&who);
                c.backers.remove(&who);
            });
            self.record(Change::Backing { contribution: m, participant: who, on: false });
        }
    }

    /// An author withdraws their own contribution while its stage is open.
    pub fn withdraw(&mut self, who: Uuid, id: Uuid) -> Result<(), DomainError> {
        let c = self.contributions.get(&id).ok_or_else(|| DomainError::not_found("contribution"))?;
        if c.author != who {
            return Err(DomainError::forbidden("Only its author may withdraw a contribution."));
        }
        self.require_open(c.kind.stage())?;
        // Items merged into it stand on their own again, with their backers.
        let orphans: Vec<Uuid> = self.index.merged_into(id).collect();
        self.stand_alone(orphans);
        let Some(c) = self.contributions.remove(&id) else { return Ok(()) };
        self.index.remove(&c);
        for b in &c.backers {
            if let Some(p) = self.participants.get_mut(b) {
                p.votes.remove(&id);
                p.endorsements.remove(&id);
            }
        }
        if let Some(p) = self.participants.get_mut(&who) {
            p.own.retain(|x| *x != id);
        }
        self.record(Change::ContributionRemoved(id));
        self.bump();
        Ok(())
    }
}

impl Dialogue {
    /// A participant erases what they gave: every contribution (hidden or
    /// not), vote, endorsement and rating, and their seat with its name and
    /// sector. Allowed at any time, closed dialogue or not. Items that had
    /// been merged into one of theirs stand on their own again.
    pub fn erase(&mut self, who: Uuid) -> Result<(), DomainError> {
        let p = self.participants.remove(&who).ok_or_else(|| DomainError::not_found("participant"))?;
        for cid in p.votes.iter().chain(p.endorsements.iter()) {
            if self.reindex(*cid, |c| c.backers.remove(&who)).unwrap_or(false) {
                self.record(Change::Backing { contribution: *cid, participant: who, on: false });
            }
        }
        // Merged items keep their backers (uncounted) for an undo: not this person's.
        let merged: Vec<Uuid> =
            self.contributions.values().filter(|c| c.merged_into.is_some() && c.backers.contains(&who)).map(|c| c.id).collect();
        for cid in merged {
            self.update(cid, |c| {
                c.backers.remove(&who);
                c.carried.remove(&who);
            });
            self.record(Change::Backing { contribution: cid, participant: who, on: false });
        }
        if let Some(v) = p.rating {
            self.count_rating(v, -1);
        }
        for cid in &p.own {
            let Some(c) = self.contributions.remove(cid) else { continue };
            self.index.remove(&c);
            for b in &c.backers {
                if let Some(other) = self.participants.get_mut(b) {
                    other.votes.remove(cid);
                    other.endorsements.remove(cid);
                }
            }
            self.record(Change::ContributionRemoved(*cid));
        }
        let orphans: Vec<Uuid> = p.own.iter().flat_map(|m| self.index.merged_into(*m)).collect();
        self.stand_alone(orphans);
        self.record(Change::ParticipantRemoved(who));
        self.bump();
        Ok(())
    }
}

impl Dialogue {
    /// Undoes the merges of items whose target is going away.
    fn stand_alone(&mut self, orphans: Vec<Uuid>) {
        for id in orphans {
            if self.unmerge(id).is_err() {
                self.update(id, |c| c.merged_into = None);
            }
        }
    }
}

pub(crate) fn new_contribution(
    id: Uuid,
    kind: Kind,
    author: Uuid,
    text: String,
    theme: Option<String>,
    now: i64,
    seq: u64,
) -> Contribution {
    Contribution {
        id,
        kind,
        author,
        text,
        theme,
        answer: None,
        hidden: false,
        merged_into: None,
        created_at: now,
        seq,
        backers: BTreeSet::new(),
        carried: BTreeSet::new(),
    }
}
