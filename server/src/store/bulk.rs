//! PostgreSQL: a batch's rows for one dialogue in a few statements (arrays
//! unnested), whatever the batch's size. Each statement is a round trip
//! made while the dialogue's row is locked, so their number, not the
//! batch's, sets how long other nodes wait for it.

use std::collections::{BTreeMap, BTreeSet};

use convene::dialogue::{Change, Dialogue};
use uuid::Uuid;

use super::db::{self, Entry};
use super::sql::{PgTx, Result};

/// The rows the changes left, from the dialogue as it is now: what was
/// written first, then what was taken away (a removal wins over a write
/// earlier in the batch).
pub fn persist(tx: &mut PgTx, d: &Dialogue, changes: &[Change]) -> Result<()> {
    let mut dialogue = false;
    let (mut people, mut items) = (BTreeSet::new(), BTreeSet::new());
    let (mut gone_people, mut gone_items) = (Vec::new(), Vec::new());
    // A backing given then taken back in one batch ends taken back.
    let mut backings: BTreeMap<(Uuid, Uuid), bool> = BTreeMap::new();
    for change in changes {
        match *change {
            Change::Dialogue => dialogue = true,
            Change::Participant(p) | Change::Rating(p) => {
                people.insert(p);
            }
            Change::Contribution(c) => {
                items.insert(c);
            }
            Change::ContributionRemoved(c) => gone_items.push(c.to_string()),
            Change::ParticipantRemoved(p) => gone_people.push(p.to_string()),
            Change::Backing { contribution, participant, on } => {
                backings.insert((contribution, participant), on);
            }
        }
    }
    let did = d.id.to_string();
    if dialogue {
        db::persist(tx, d, Change::Dialogue)?;
    }
    let people: Vec<_> = people.iter().filter_map(|id| d.participants.get(id)).collect();
    if !people.is_empty() {
        tx.exec_pg(
            "INSERT INTO participants (id, dialogue_id, name, sector, secret_hash, joined_at, rating, show_name)
             SELECT u.id, $1, u.name, u.sector, u.secret_hash, u.joined_at, u.rating, u.show_name
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::boolean[])
               AS u(id, name, sector, secret_hash, joined_at, rating, show_name)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, sector = excluded.sector, secret_hash = excluded.secret_hash,
               joined_at = excluded.joined_at, rating = excluded.rating, show_name = excluded.show_name",
            &[
                &did,
                &people.iter().map(|p| p.id.to_string()).collect::<Vec<_>>(),
                &people.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
                &people.iter().map(|p| p.sector.map(|s| s.as_str().to_string())).collect::<Vec<_>>(),
                &people.iter().map(|p| p.secret_hash.clone()).collect::<Vec<_>>(),
                &people.iter().map(|p| p.joined_at).collect::<Vec<_>>(),
                &people.iter().map(|p| p.rating.map(i64::from)).collect::<Vec<_>>(),
                &people.iter().map(|p| p.show_name).collect::<Vec<_>>(),
            ],
        )?;
    }
    let items: Vec<_> = items.iter().filter_map(|id| d.contributions.get(id)).collect();
    if !items.is_empty() {
        tx.exec_pg(
            "INSERT INTO contributions (id, dialogue_id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried)
             SELECT u.id, $1, u.author, u.kind, u.text, u.theme, u.answer, u.hidden, u.merged_into, u.created_at, u.seq, u.carried
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[],
                         $10::bigint[], $11::bigint[], $12::text[])
               AS u(id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, text = excluded.text, theme = excluded.theme,
               answer = excluded.answer, hidden = excluded.hidden, merged_into = excluded.merged_into,
               created_at = excluded.created_at, seq = excluded.seq, carried = excluded.carried",
            &[
                &did,
                &items.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.author.to_string()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.kind.as_str().to_string()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.text.clone()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.theme.clone()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.answer.clone()).collect::<Vec<_>>(),
                &items.iter().map(|c| c.hidden).collect::<Vec<_>>(),
                &items.iter().map(|c| c.merged_into.map(|m| m.to_string())).collect::<Vec<_>>(),
                &items.iter().map(|c| c.created_at).collect::<Vec<_>>(),
                &items.iter().map(|c| c.seq as i64).collect::<Vec<_>>(),
                &items
                    .iter()
                    .map(|c| (!c.carried.is_empty()).then(|| c.carried.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")))
                    .collect::<Vec<_>>(),
            ],
        )?;
    }
    let pairs = |on: bool| -> (Vec<String>, Vec<String>) {
        backings.iter().filter(|(_, v)| **v == on).map(|((c, p), _)| (c.to_string(), p.to_string())).unzip()
    };
    let (cs, ps) = pairs(true);
    if !cs.is_empty() {
        tx.exec_pg(
            "INSERT INTO backings (contribution_id, participant_id, dialogue_id)
             SELECT u.c, u.p, $1 FROM unnest($2::text[], $3::text[]) AS u(c, p) ON CONFLICT DO NOTHING",
            &[&did, &cs, &ps],
        )?;
    }
    let (cs, ps) = pairs(false);
    if !cs.is_empty() {
        tx.exec_pg(
            "DELETE FROM backings b USING unnest($1::text[], $2::text[]) AS u(c, p)
             WHERE b.contribution_id = u.c AND b.participant_id = u.p",
            &[&cs, &ps],
        )?;
    }
    if !gone_items.is_empty() {
        tx.exec_pg("DELETE FROM contributions WHERE id = ANY($1)", &[&gone_items])?;
        tx.exec_pg("DELETE FROM backings WHERE contribution_id = ANY($1)", &[&gone_items])?;
    }
    if !gone_people.is_empty() {
        tx.exec_pg("DELETE FROM participants WHERE id = ANY($1)", &[&gone_people])?;
        tx.exec_pg("DELETE FROM backings WHERE dialogue_id = $1 AND participant_id = ANY($2)", &[&did, &gone_people])?;
    }
    Ok(())
}

/// The batch's journal entries for one dialogue, the entries before
/// `forget` deleted (an erasure's), the revision, journal length and next
/// contribution number moved, and every node told (at commit).
pub fn journal(tx: &mut PgTx, d: &Dialogue, entries: &[Entry], at: i64, forget: Option<u64>, seq: u64) -> Result<()> {
    let did = d.id.to_string();
    if !entries.is_empty() {
        tx.exec_pg(
            "INSERT INTO journal (dialogue_id, seq, at, revision, op)
             SELECT $1, u.s, $2, u.r, u.o FROM unnest($3::bigint[], $4::bigint[], $5::text[]) AS u(s, r, o)",
            &[
                &did,
                &at,
                &entries.iter().map(|e| e.seq as i64).collect::<Vec<_>>(),
                &entries.iter().map(|e| e.revision as i64).collect::<Vec<_>>(),
                &entries.iter().map(|e| e.op.as_str()).collect::<Vec<_>>(),
            ],
        )?;
    }
    if let Some(before) = forget {
        db::journal_forget(tx, d.id, before)?;
    }
    tx.exec_pg(
        "WITH moved AS (UPDATE dialogues SET revision = $2, log_seq = $3, next_seq = $5 WHERE id = $1) SELECT pg_notify('convene', $4)",
        &[&did, &(d.revision as i64), &(seq as i64), &format!("{} {seq}", d.id), &(d.next_seq as i64)],
    )?;
    Ok(())
}
