//! The one writer: a dedicated thread that owns the SQLite connection,
//! takes every queued write at once, applies them to the in-memory
//! dialogues, commits them in one transaction, and only then answers and
//! publishes. Concurrent submissions thus share commits.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use convene::dialogue::Change;
use convene::{Dialogue, DomainError};
use rusqlite::Connection;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::{db, Shared};

/// Most jobs one transaction takes.
const BATCH: usize = 2048;

/// Runs on the writer thread with the dialogue locked; returns what to do
/// once the batch has committed (`true`) or failed (`false`).
pub type Run = Box<dyn FnOnce(&mut Dialogue) -> Done + Send>;
pub type Done = Box<dyn FnOnce(bool) + Send>;
/// Answers a create once it committed: the join code, or a failure.
pub type Created = Box<dyn FnOnce(Result<String, ()>) + Send>;

pub enum Job {
    Write {
        dialogue: Uuid,
        run: Run,
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
    /// Lets go of the dialogues unused since `before` (they stay on disk).
    Unload {
        before: std::time::Instant,
    },
}

/// `checkpointer` lives as long as the writer; dropping it ends the checkpoint thread.
pub fn spawn(
    conn: Connection,
    shared: Arc<Shared>,
    mut rx: mpsc::Receiver<Job>,
    checkpointer: std::sync::mpsc::Sender<()>,
) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("convene-writer".into())
        .spawn(move || {
            let _checkpointer = checkpointer;
            let mut conn = conn;
            while let Some(first) = rx.blocking_recv() {
                let mut jobs = vec![first];
                while jobs.len() < BATCH {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                run_batch(&mut conn, &shared, jobs);
            }
            // Every queued write has committed: the log goes into the
            // database and starts empty, so a copy of the file alone is whole.
            match conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
                Ok(0) => tracing::info!("writer stopped; the database is checkpointed"),
                Ok(_) => tracing::warn!("writer stopped; another connection kept the log from being checkpointed"),
                Err(e) => tracing::warn!(error = %e, "writer stopped; the last checkpoint failed"),
            }
        })
        .expect("could not start the writer thread")
}

struct Touched {
    dialogue: Arc<RwLock<Dialogue>>,
    revision: u64,
    changes: Vec<Change>,
    agenda_moved: bool,
}

fn run_batch(conn: &mut Connection, shared: &Shared, jobs: Vec<Job>) {
    let mut touched: HashMap<Uuid, Touched> = HashMap::new();
    let mut done: Vec<Done> = Vec::with_capacity(jobs.len());
    let mut created: Vec<(Uuid, String, Created)> = Vec::new();
    let mut deleted: Vec<(Uuid, Done)> = Vec::new();
    let mut unload: Option<std::time::Instant> = None;
    for job in jobs {
        match job {
            Job::Write { dialogue, run } => {
                let Some(cell) = shared.dialogue(dialogue) else {
                    // Deleted since it was queued: dropping `run` tells its caller.
                    continue;
                };
                let mut d = cell.write().unwrap_or_else(|e| e.into_inner());
                let before = d.revision;
                done.push(run(&mut d));
                let t = touched.entry(dialogue).or_insert_with(|| Touched {
                    dialogue: cell.clone(),
                    revision: before,
                    changes: Vec::new(),
                    agenda_moved: false,
                });
                t.changes.extend(d.take_journal());
                t.agenda_moved |= d.take_agenda_moved();
            }
            Job::Create { dialogue: mut d, done: reply } => {
                let code = shared.claim_code(&mut d);
                let id = d.id;
                let changes = d.take_journal();
                let cell = Arc::new(RwLock::new(*d));
                shared.insert(cell.clone());
                touched.insert(id, Touched { dialogue: cell, revision: 0, changes, agenda_moved: false });
                created.push((id, code, reply));
            }
            Job::Delete { dialogue, done } => deleted.push((dialogue, done)),
            Job::Unload { before } => unload = Some(before),
        }
    }
    let started = std::time::Instant::now();
    let result = commit(conn, &touched);
    metrics::histogram!("convene_commit_seconds").record(started.elapsed().as_secs_f64());
    metrics::histogram!("convene_commit_batch_size").record((done.len() + created.len()) as f64);
    if let Err(e) = &result {
        tracing::error!(error = %e, "a write batch failed; reloading its dialogues");
        for id in touched.keys() {
            match db::load(conn, *id) {
                Ok(Some(d)) => *shared.dialogue(*id).expect("touched dialogues are known").write().unwrap_or_else(|e| e.into_inner()) = d,
                _ => shared.remove(*id),
            }
        }
    }
    let ok = result.is_ok();
    for (id, t) in &touched {
        let d = t.dialogue.read().unwrap_or_else(|e| e.into_inner());
        // After a failed batch too (for a dialogue still there): readers
        // waiting for this batch see the dialogue is back to what had committed.
        let changed = d.revision != t.revision || t.agenda_moved;
        if (ok && changed) || (!ok && shared.dialogue(*id).is_some()) {
            shared.hub.publish(&t.dialogue, &d, ok && t.agenda_moved);
        }
    }
    for f in done {
        f(ok);
    }
    for (_, code, reply) in created {
        reply(if ok { Ok(code) } else { Err(()) });
    }
    if let Some(before) = unload {
        let n = shared.unload_idle(before);
        if n > 0 {
            tracing::debug!(dialogues = n, "unloaded idle dialogues");
        }
    }
    // Deletions after the batch: what was written to the dialogue goes too.
    for (id, done) in deleted {
        let gone = conn.transaction().and_then(|tx| {
            db::delete_dialogue(&tx, id)?;
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
}

fn commit(conn: &mut Connection, touched: &HashMap<Uuid, Touched>) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for t in touched.values() {
        let d = t.dialogue.read().unwrap_or_else(|e| e.into_inner());
        for change in &t.changes {
            db::persist(&tx, &d, *change)?;
        }
        if d.revision != t.revision {
            db::persist_revision(&tx, &d)?;
        }
    }
    tx.commit()
}

/// A domain error travels back unchanged; a failed commit becomes `None`.
pub fn reply<R: Send + 'static>(tx: tokio::sync::oneshot::Sender<Option<Result<R, DomainError>>>, result: Result<R, DomainError>) -> Done {
    Box::new(move |committed| {
        let _ = tx.send(if committed || result.is_err() { Some(result) } else { None });
    })
}
