//! The one writer: a dedicated thread that owns the database connection,
//! takes every queued write at once, applies them to the in-memory
//! dialogues, commits them in one transaction, and only then answers and
//! publishes. Concurrent submissions thus share commits.
//!
//! On PostgreSQL several nodes write to one database. Each batch locks
//! the rows of the dialogues it writes (`FOR UPDATE`: writes to one
//! dialogue take turns across nodes), first replays the journal entries
//! other nodes committed since this node's copy, then applies its own
//! writes and journals them with the rows they change. Another node's
//! commit wakes this one through `LISTEN` (`CatchUp`), and it replays.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use convene::command::Outcome;
use convene::dialogue::Change;
use convene::{Dialogue, DomainError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::bulk;
use super::db::{self, Entry};
use super::op::Op;
use super::sql::{Conn, Error, Exec, Result, Tx};
use super::{now_ms, Shared};

/// Most jobs one transaction takes.
const BATCH: usize = 2048;
/// Journal entries are kept this long (ms); a node further behind reloads.
const JOURNAL_KEEP_MS: i64 = 5 * 60 * 1000;

pub type Done = Box<dyn FnOnce(bool) + Send>;
/// Answers a create once it committed: the join code, or a failure.
pub type Created = Box<dyn FnOnce(std::result::Result<String, ()>) + Send>;
/// A write's answer: the outcome or the domain's refusal; None when the
/// batch could not be committed.
pub type Reply = oneshot::Sender<Option<std::result::Result<Outcome, DomainError>>>;

pub enum Job {
    Write {
        dialogue: Uuid,
        op: Op,
        reply: Reply,
    },
    Create {
        dialogue: Box<Dialogue>,
        done: Created,
    },
    /// Deletes a dialogue, its rows and its sessions; answers once committed.
    Delete {
        dialogue: Uuid,
        done: Done,
    },
    /// Lets go of the dialogues unused since `before` (they stay stored).
    Unload {
        before: std::time::Instant,
    },
    /// Another node committed writes to this dialogue: replay them.
    CatchUp {
        dialogue: Uuid,
    },
    /// Another node deleted this dialogue.
    Forget {
        dialogue: Uuid,
    },
}

/// `checkpointer` (SQLite) lives as long as the writer; dropping it ends the checkpoint thread.
pub fn spawn(
    conn: Conn,
    shared: Arc<Shared>,
    mut rx: mpsc::Receiver<Job>,
    checkpointer: Option<std::sync::mpsc::Sender<()>>,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("convene-writer".into())
        .spawn(move || {
            let _checkpointer = checkpointer;
            let mut conn = conn;
            let mut pruned = std::time::Instant::now();
            while let Some(first) = rx.blocking_recv() {
                let mut jobs = vec![first];
                while jobs.len() < BATCH {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                run_batch(&mut conn, &shared, jobs);
                if conn.pg() && pruned.elapsed() > std::time::Duration::from_secs(30) {
                    pruned = std::time::Instant::now();
                    if let Err(e) = db::journal_prune(&mut conn, now_ms() - JOURNAL_KEEP_MS) {
                        tracing::warn!(error = %e, "old journal entries could not be deleted; retrying later");
                    }
                }
            }
            if let Conn::Lite(c) = &conn {
                // Every queued write has committed: the log goes into the
                // database and starts empty, so a copy of the file alone is whole.
                match c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
                    Ok(0) => tracing::info!("writer stopped; the database is checkpointed"),
                    Ok(_) => tracing::warn!("writer stopped; another connection kept the log from being checkpointed"),
                    Err(e) => tracing::warn!(error = %e, "writer stopped; the last checkpoint failed"),
                }
            }
        })
        .expect("could not start the writer thread")
}

struct Touched {
    dialogue: Arc<RwLock<Dialogue>>,
    revision: u64,
    changes: Vec<Change>,
    agenda_moved: bool,
    /// PostgreSQL: the journal entries this copy holds, after the batch.
    seq: Option<u64>,
}

/// What one batch asks, sorted: writes by dialogue (in id order, the
/// order rows are locked in, so two nodes never wait on each other).
#[derive(Default)]
struct Batch {
    writes: BTreeMap<Uuid, Vec<(Op, Reply)>>,
    created: Vec<(Uuid, String, Created)>,
    deleted: Vec<(Uuid, Done)>,
    /// Said to be gone by another node: forgotten once the database agrees.
    forget: Vec<Uuid>,
    unload: Option<std::time::Instant>,
}

fn run_batch(conn: &mut Conn, shared: &Shared, jobs: Vec<Job>) {
    let mut batch = Batch::default();
    let mut touched: HashMap<Uuid, Touched> = HashMap::new();
    for job in jobs {
        match job {
            Job::Write { dialogue, op, reply } => batch.writes.entry(dialogue).or_default().push((op, reply)),
            Job::CatchUp { dialogue } => {
                batch.writes.entry(dialogue).or_default();
            }
            Job::Forget { dialogue } => batch.forget.push(dialogue),
            Job::Create { dialogue: mut d, done: reply } => {
                let mut code = shared.claim_code(&mut d);
                // Another node may have given this code since this one
                // started (SQLite has no other node: its codes are all known).
                for _ in 0..if conn.pg() { 8 } else { 0 } {
                    match db::id_of(conn, &code) {
                        Ok(Some(_)) => code = shared.claim_code(&mut d),
                        _ => break,
                    }
                }
                let id = d.id;
                let changes = d.take_journal();
                let cell = Arc::new(RwLock::new(*d));
                shared.insert(cell.clone(), 0);
                let seq = conn.pg().then_some(0);
                touched.insert(id, Touched { dialogue: cell, revision: 0, changes, agenda_moved: false, seq });
                batch.created.push((id, code, reply));
            }
            Job::Delete { dialogue, done } => batch.deleted.push((dialogue, done)),
            Job::Unload { before } => batch.unload = Some(before),
        }
    }
    if conn.pg() && !batch.writes.is_empty() {
        if let Err(e) = follow(conn, shared, batch.writes.keys().copied().collect()) {
            // Writes read what they miss under their lock; a catch-up alone
            // is asked again by the follower's next look (within a second).
            tracing::warn!(error = %e, "other nodes' writes could not be read now");
        }
    }
    // A catch-up alone is done; writes read what came meanwhile under their lock.
    batch.writes.retain(|_, ops| !ops.is_empty());
    let mut replies: Vec<(Reply, std::result::Result<Outcome, DomainError>)> = Vec::new();
    let started = std::time::Instant::now();
    let result = apply_and_commit(conn, shared, std::mem::take(&mut batch.writes), &mut touched, &mut replies);
    metrics::histogram!("convene_commit_seconds").record(started.elapsed().as_secs_f64());
    metrics::histogram!("convene_commit_batch_size").record((replies.len() + batch.created.len()) as f64);
    if let Err(e) = &result {
        tracing::error!(error = %e, "a write batch failed; reloading its dialogues");
        for id in touched.keys() {
            shared.reload(*id);
        }
    }
    let ok = result.is_ok();
    for (id, t) in &touched {
        if let (true, Some(seq)) = (ok, t.seq) {
            shared.set_applied(*id, seq);
        }
        let d = t.dialogue.read().unwrap_or_else(|e| e.into_inner());
        // After a failed batch too (for a dialogue still in memory, put
        // back to what had committed): readers waiting for this batch go on.
        let changed = d.revision != t.revision || t.agenda_moved;
        if (ok && changed) || (!ok && shared.holds(*id, &t.dialogue)) {
            shared.hub.publish(&t.dialogue, &d, ok && t.agenda_moved);
        }
    }
    for (reply, result) in replies {
        let _ = reply.send(if ok || result.is_err() { Some(result) } else { None });
    }
    for (_, code, reply) in batch.created {
        reply(if ok { Ok(code) } else { Err(()) });
    }
    if let Some(before) = batch.unload {
        let n = shared.unload_idle(before);
        if n > 0 {
            tracing::debug!(dialogues = n, "unloaded idle dialogues");
        }
    }
    // Deletions after the batch: what was written to the dialogue goes too.
    for (id, done) in batch.deleted {
        let gone = conn.transaction().and_then(|mut tx| {
            db::delete_dialogue(&mut tx, id)?;
            if tx.pg() {
                db::notify(&mut tx, &format!("{id} -"))?;
            }
            tx.commit()
        });
        match gone {
            Ok(()) => {
                shared.remove(id);
                done(true);
            }
            Err(e) => {
                tracing::error!(error = %e, dialogue = %id, "deleting a dialogue failed");
                done(false);
            }
        }
    }
    for id in batch.forget {
        if let Ok(None) = db::log_seq(conn, id, false) {
            shared.remove(id);
        }
    }
}

/// One transaction: new dialogues' rows, then per dialogue (PostgreSQL:
/// its row locked, other nodes' entries replayed) its writes applied and
/// their rows written.
fn apply_and_commit(
    conn: &mut Conn,
    shared: &Shared,
    writes: BTreeMap<Uuid, Vec<(Op, Reply)>>,
    touched: &mut HashMap<Uuid, Touched>,
    replies: &mut Vec<(Reply, std::result::Result<Outcome, DomainError>)>,
) -> Result<()> {
    // Loaded first, so no load waits inside the transaction (where rows are locked).
    // One deleted since it was queued is left out: dropping the replies tells the callers.
    let writes: Vec<_> = writes.into_iter().filter_map(|(id, ops)| Some((id, shared.dialogue(id)?, ops))).collect();
    let mut tx = conn.transaction()?;
    let pg = tx.pg();
    for t in touched.values() {
        let d = t.dialogue.read().unwrap_or_else(|e| e.into_inner());
        for change in &t.changes {
            db::persist(&mut tx, &d, *change)?;
        }
    }
    let now = now_ms();
    for (id, cell, ops) in writes {
        // PostgreSQL: the row locked, and what other nodes committed read
        // before this copy is locked, so readers of it never wait on the database.
        let mut missed = None;
        if pg {
            match db::log_seq(&mut tx, id, true)? {
                None => {
                    shared.remove(id);
                    continue;
                }
                Some(stored) => missed = Some(fetch(&mut tx, id, shared.applied(id), stored)?),
            }
        }
        let mut d = cell.write().unwrap_or_else(|e| e.into_inner());
        let revision = d.revision;
        let seq = match missed.map(|m| catch_up(&mut tx, &mut d, m)) {
            Some(Ok(n)) => Some(n),
            Some(Err(e)) => {
                // Half replayed: back to what is stored.
                drop(d);
                shared.reload(id);
                return Err(e);
            }
            None => None,
        };
        let t = touched.entry(id).or_insert_with(|| Touched {
            dialogue: cell.clone(),
            revision,
            changes: Vec::new(),
            agenda_moved: false,
            seq,
        });
        t.seq = seq;
        // What the replay changed is stored already; its stage move is news here.
        d.take_journal();
        t.agenda_moved |= d.take_agenda_moved();
        let (mut entries, mut forget) = (Vec::new(), None);
        for (op, reply) in ops {
            let entry = if pg { Some(serde_json::to_string(&op).map_err(|e| Error(e.to_string()))?) } else { None };
            let forgets = op.forgets();
            let result = op.apply(&mut d);
            if let (Ok(_), Some(op), Some(n)) = (&result, entry, t.seq.as_mut()) {
                *n += 1;
                entries.push(Entry { seq: *n, revision: d.revision, op });
                // What was erased or withdrawn leaves the journal too: a node
                // that had not replayed it yet reloads the dialogue instead.
                if forgets {
                    forget = Some(*n);
                }
            }
            t.changes.extend(d.take_journal());
            t.agenda_moved |= d.take_agenda_moved();
            replies.push((reply, result));
        }
        // Applied: readers may read this copy again while its rows are written.
        drop(d);
        let d = cell.read().unwrap_or_else(|e| e.into_inner());
        match (&mut tx, t.seq) {
            (Tx::Pg(pg), Some(n)) => {
                bulk::persist(pg, &d, &t.changes)?;
                if seq != Some(n) {
                    bulk::journal(pg, &d, &entries, now, forget, n)?;
                }
            }
            _ => {
                for change in &t.changes {
                    db::persist(&mut tx, &d, *change)?;
                }
                if d.revision != t.revision {
                    db::persist_revision(&mut tx, &d)?;
                }
            }
        }
    }
    tx.commit()
}

/// PostgreSQL: replays what other nodes committed to these dialogues and
/// publishes it at once, before this node's own writes wait for the
/// dialogues' row locks: a stream here is not held back by a write here.
fn follow(conn: &mut Conn, shared: &Shared, ids: Vec<Uuid>) -> Result<()> {
    let cells: Vec<_> = ids.into_iter().filter_map(|id| Some((id, shared.dialogue(id)?))).collect();
    // One snapshot: what is read of a dialogue holds together, without a lock.
    let mut tx = conn.snapshot()?;
    let mut missed = Vec::new();
    for (id, cell) in cells {
        match db::log_seq(&mut tx, id, false)? {
            None => shared.remove(id),
            Some(stored) if stored > shared.applied(id) => missed.push((id, cell, fetch(&mut tx, id, shared.applied(id), stored)?)),
            Some(_) => {}
        }
    }
    for (id, cell, missed) in missed {
        let mut d = cell.write().unwrap_or_else(|e| e.into_inner());
        let revision = d.revision;
        let n = match catch_up(&mut tx, &mut d, missed) {
            Ok(n) => n,
            Err(e) => {
                // Half replayed: back to what is stored.
                drop(d);
                shared.reload(id);
                return Err(e);
            }
        };
        d.take_journal();
        let moved = d.take_agenda_moved();
        shared.set_applied(id, n);
        drop(d);
        let d = cell.read().unwrap_or_else(|e| e.into_inner());
        if d.revision != revision || moved {
            shared.hub.publish(&cell, &d, moved);
        }
    }
    tx.commit()
}

/// What a copy misses of another node's writes.
enum Missed {
    /// Nothing: it holds every entry.
    Nothing(u64),
    /// These entries, in order, up to what is stored.
    Entries(Vec<Entry>),
    /// The whole dialogue (entries pruned, or too many to replay), and how
    /// many entries that is.
    Whole(Box<Dialogue>, u64),
}

/// Past this many entries behind, a copy is reloaded rather than replayed.
const REPLAY_MAX: u64 = 10_000;

/// Reads what a copy holding `applied` entries misses of `stored`.
fn fetch(tx: &mut dyn Exec, id: Uuid, applied: u64, stored: u64) -> Result<Missed> {
    if stored <= applied {
        return Ok(Missed::Nothing(applied));
    }
    if stored - applied <= REPLAY_MAX {
        let entries = db::journal_since(tx, id, applied, stored)?;
        let whole = entries.first().is_some_and(|e| e.seq == applied + 1) && entries.last().is_some_and(|e| e.seq == stored);
        if whole && entries.len() as u64 == stored - applied {
            return Ok(Missed::Entries(entries));
        }
    }
    let (d, n) = whole(tx, id)?;
    Ok(Missed::Whole(d, n))
}

/// The dialogue as stored. Its callers read in one snapshot (`follow`) or
/// hold its row lock (writes), so no write falls between the reads.
fn whole(tx: &mut dyn Exec, id: Uuid) -> Result<(Box<Dialogue>, u64)> {
    let gone = || Error("the dialogue was deleted meanwhile".into());
    let stored = db::log_seq(tx, id, false)?.ok_or_else(gone)?;
    tracing::info!(dialogue = %id, "reloading a dialogue other nodes wrote to");
    Ok((Box::new(db::load(tx, id)?.ok_or_else(gone)?), stored))
}

/// Brings the copy up to date: replays the entries, or takes the whole
/// dialogue; a replay that does not end where the first run did (a
/// refusal, another revision) reloads it. Returns the entries it holds.
fn catch_up(tx: &mut dyn Exec, d: &mut Dialogue, missed: Missed) -> Result<u64> {
    let entries = match missed {
        Missed::Nothing(n) => return Ok(n),
        Missed::Whole(whole, n) => {
            *d = *whole;
            return Ok(n);
        }
        Missed::Entries(entries) => entries,
    };
    let mut at = 0;
    for e in entries {
        let same = serde_json::from_str::<Op>(&e.op).ok().is_some_and(|op| op.apply(d).is_ok() && d.revision == e.revision);
        if !same {
            tracing::warn!(dialogue = %d.id, seq = e.seq, "a replay differs from the first run; reloading the dialogue");
            let (whole, n) = whole(tx, d.id)?;
            *d = *whole;
            return Ok(n);
        }
        at = e.seq;
    }
    Ok(at)
}
