//! What a facilitator does: drive the agenda, hide, merge, re-file, answer,
//! conclude, close and publish.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::agenda::Transition;
use crate::contribution::Kind;
use crate::dialogue::{Change, Dialogue, Status};
use crate::error::Code;
use crate::error::DomainError;
use crate::text::{self, LONG_MAX};

impl Dialogue {
    /// Moves, locks or unlocks agenda items; a closed dialogue stays as it is.
    pub fn transition(&mut self, t: Transition) -> Result<(), DomainError> {
        self.require_live()?;
        self.agenda.apply(t)?;
        self.agenda_changed();
        Ok(())
    }

    pub fn close(&mut self) -> Result<(), DomainError> {
        if self.status == Status::Closed {
            return Ok(());
        }
        self.agenda.apply(Transition::Close)?;
        self.status = Status::Closed;
        self.agenda_changed();
        Ok(())
    }

    /// [`Dialogue::publish`] as a command that cannot fail, for the writer.
    pub fn publish_report(&mut self) -> Result<(), DomainError> {
        self.publish();
        Ok(())
    }

    pub fn publish(&mut self) {
        if !self.published {
            self.published = true;
            self.record(Change::Dialogue);
            // Open pages learn of it (they add the report's link).
            self.bump();
        }
    }

    pub fn set_hidden(&mut self, id: Uuid, hidden: bool) -> Result<(), DomainError> {
        let c = self.contributions.get(&id).ok_or_else(|| DomainError::not_found("contribution"))?;
        if c.hidden == hidden {
            return Ok(());
        }
        self.update(id, |c| c.hidden = hidden);
        self.bump();
        Ok(())
    }

    /// Folds `dup` into `into`: its backers move over, counted once each.
    pub fn merge(&mut self, dup: Uuid, into: Uuid) -> Result<(), DomainError> {
        let d = self.contributions.get(&dup).ok_or_else(|| DomainError::not_found("contribution"))?;
        if dup == into {
            return Err(DomainError::invalid("The field `into` must name another item than the one merged."));
        }
        if d.merged_into.is_some() {
            return Err(DomainError::conflict(Code::AlreadyMerged, "That item is already merged into another."));
        }
        // No chains: an item others were merged into stays put until they are undone.
        if self.index.merged_into(dup).next().is_some() {
            return Err(DomainError::conflict(Code::HasMergedItems, "Other items were merged into this one; undo those merges first."));
        }
        let kind = d.kind;
        let target = self
            .contributions
            .get(&into)
            .filter(|c| c.kind == kind && c.visible())
            .ok_or_else(|| DomainError::invalid(format!("The field `into` must name a visible {} of this dialogue.", kind.as_str())))?;
        let target_author = target.author;
        let moving: Vec<Uuid> = d.backers.iter().copied().collect();
        let mut gained = Vec::new();
        self.reindex(into, |c| {
            for b in &moving {
                if *b != target_author && c.backers.insert(*b) {
                    gained.push(*b);
                }
            }
        });
        // The merged item keeps its backers, uncounted, and what it carried over.
        let carried: BTreeSet<Uuid> = gained.iter().copied().collect();
        self.update(dup, |c| {
            c.merged_into = Some(into);
            c.carried = carried;
        });
        for b in moving {
            if let Some(p) = self.participants.get_mut(&b) {
                let set = if kind == Kind::Question { &mut p.votes } else { &mut p.endorsements };
                set.remove(&dup);
                if gained.contains(&b) {
                    set.insert(into);
                }
            }
        }
        for b in gained {
            self.record(Change::Backing { contribution: into, participant: b, on: true });
        }
        self.bump();
        Ok(())
    }

    /// Undoes a merge: the item stands on its own again with its backers,
    /// and the item it joined loses those it gained through the merge. Like
    /// a merge, allowed after closing too (the report is curated then); also
    /// used for items whose target goes away (withdrawn or erased). An
    /// endorsement comes back only within the backer's allowance; a vote
    /// always does.
    pub fn unmerge(&mut self, id: Uuid) -> Result<(), DomainError> {
        let c = self.contributions.get(&id).ok_or_else(|| DomainError::not_found("contribution"))?;
        let Some(into) = c.merged_into else {
            return Err(DomainError::conflict(Code::NotMerged, "That item is not merged into another."));
        };
        let (kind, backers, carried) = (c.kind, c.backers.clone(), c.carried.clone());
        // Who took back, on the item it joined, the backing the merge carried over.
        let retracted: Vec<Uuid> = match self.contributions.get(&into) {
            Some(t) => carried.iter().filter(|b| !t.backers.contains(b)).copied().collect(),
            None => Vec::new(),
        };
        let mut lost = Vec::new();
        self.reindex(into, |t| {
            for b in &carried {
                if t.backers.remove(b) {
                    lost.push(*b);
                }
            }
        });
        for b in &lost {
            self.record(Change::Backing { contribution: into, participant: *b, on: false });
        }
        let mut dropped = Vec::new();
        for b in &backers {
            if let Some(p) = self.participants.get_mut(b) {
                let set = if kind == Kind::Question { &mut p.votes } else { &mut p.endorsements };
                if lost.contains(b) {
                    set.remove(&into);
                }
            }
            let room = match self.participants.get(b) {
                _ if retracted.contains(b) => false,
                Some(p) if kind == Kind::Recommendation => self.endorsements_left(p) > 0,
                Some(_) => true,
                None => false,
            };
            match self.participants.get_mut(b) {
                Some(p) if room => {
                    let set = if kind == Kind::Question { &mut p.votes } else { &mut p.endorsements };
                    set.insert(id);
                }
                _ => dropped.push(*b),
            }
        }
        for b in &dropped {
            self.record(Change::Backing { contribution: id, participant: *b, on: false });
        }
        self.update(id, |c| {
            c.merged_into = None;
            c.carried.clear();
            for b in &dropped {
                c.backers.remove(b);
            }
        });
        self.bump();
        Ok(())
    }

    /// Re-files a recommendation under another theme.
    pub fn refile(&mut self, id: Uuid, theme: &str) -> Result<(), DomainError> {
        let c = self.contributions.get(&id).ok_or_else(|| DomainError::not_found("contribution"))?;
        if c.kind != Kind::Recommendation {
            return Err(DomainError::conflict(Code::NotARecommendation, "Only recommendations have a theme."));
        }
        let theme = self
            .spec
            .theme(theme)
            .ok_or_else(|| {
                DomainError::invalid_as(Code::UnknownTheme, format!("The field `theme` must be one of: {}.", self.spec.themes.join(", ")))
            })?
            .to_string();
        self.update(id, |c| c.theme = Some(theme));
        self.bump();
        Ok(())
    }

    pub fn answer(&mut self, id: Uuid, raw: &str) -> Result<(), DomainError> {
        let c = self.contributions.get(&id).ok_or_else(|| DomainError::not_found("contribution"))?;
        if c.kind != Kind::Question {
            return Err(DomainError::not_found("question"));
        }
        let answer = text::parse("text", raw, LONG_MAX)?;
        self.update(id, |c| c.answer = Some(answer));
        self.bump();
        Ok(())
    }

    pub fn conclude(&mut self, raw: &str) -> Result<(), DomainError> {
        self.conclusion = Some(text::parse("text", raw, LONG_MAX)?);
        self.record(Change::Dialogue);
        Ok(())
    }

    /// Replaces the facilitator key's digest; the old key stops working.
    pub fn replace_key(&mut self, key_hash: String) {
        self.key_hash = key_hash;
        self.record(Change::Dialogue);
    }
}
