//! PostgreSQL: how one node learns of other nodes' writes. A thread of its
//! own `LISTEN`s on a connection of its own; a notification is only a
//! wake-up naming a dialogue and its journal length (`ID SEQ`, or `ID -`
//! once deleted). The writer then reads what this node's copy misses from
//! the journal, so a lost or merged notification loses nothing: after a
//! reconnection, and once a second, every loaded dialogue is compared with
//! what is stored and caught up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::WeakSender;
use uuid::Uuid;

use super::sql::Exec;
use super::sql::Pg;
use super::writer::Job;
use super::Shared;

/// Starts the thread; it ends with the writer (when no store is left to queue to).
pub fn spawn(url: String, shared: Arc<Shared>, jobs: WeakSender<Job>) {
    let spawned = std::thread::Builder::new().name("convene-follow".into()).spawn(move || {
        let mut wait = Duration::from_millis(100);
        while jobs.upgrade().is_some() {
            match listen(&url, &shared, &jobs) {
                Ok(()) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "not following other nodes' writes; connecting again");
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_secs(5));
                }
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the thread that follows other nodes' writes");
    }
}

fn listen(url: &str, shared: &Shared, jobs: &WeakSender<Job>) -> super::sql::Result<()> {
    let mut conn = Pg::connect(url)?;
    conn.batch(&format!("LISTEN {}", super::db::CHANNEL))?;
    // Whatever was committed while this node was not listening.
    for dialogue in shared.loaded() {
        send(jobs, Job::CatchUp { dialogue });
    }
    let mut looked = Instant::now();
    loop {
        let Some(_) = jobs.upgrade() else { return Ok(()) };
        for (_, payload) in conn.notifications(Duration::from_secs(1))? {
            let Some((id, seq)) = payload.split_once(' ') else { continue };
            let Ok(dialogue) = Uuid::try_parse(id) else { continue };
            match seq.parse::<u64>() {
                Ok(_) if !shared.is_loaded(dialogue) => {}
                // This node's own commits, or one it has replayed already.
                Ok(seq) if seq <= shared.applied(dialogue) => {}
                Ok(_) => send(jobs, Job::CatchUp { dialogue }),
                // Deleted: forgotten here too, loaded or not.
                Err(_) => send(jobs, Job::Forget { dialogue }),
            }
        }
        // Once a second, every loaded dialogue against what is stored: a
        // notification that came while it was loading, or a catch-up the
        // writer could not do, is made up for.
        if looked.elapsed() >= Duration::from_secs(1) {
            looked = Instant::now();
            look(&mut conn, shared, jobs)?;
        }
    }
}

fn look(conn: &mut Pg, shared: &Shared, jobs: &WeakSender<Job>) -> super::sql::Result<()> {
    let loaded = shared.loaded();
    if loaded.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = loaded.iter().map(Uuid::to_string).collect();
    let mut stored = std::collections::HashMap::new();
    for r in conn.rows_pg("SELECT id, log_seq FROM dialogues WHERE id = ANY($1)", &[&ids])? {
        stored.insert(r.get::<String>(0)?, r.get::<i64>(1)? as u64);
    }
    for (dialogue, id) in loaded.into_iter().zip(ids) {
        match stored.get(&id) {
            None => send(jobs, Job::Forget { dialogue }),
            Some(seq) if *seq > shared.applied(dialogue) => send(jobs, Job::CatchUp { dialogue }),
            Some(_) => {}
        }
    }
    Ok(())
}

fn send(jobs: &WeakSender<Job>, job: Job) {
    if let Some(tx) = jobs.upgrade() {
        // A full queue: the next notification or write catches this dialogue up.
        let _ = tx.try_send(job);
    }
}
