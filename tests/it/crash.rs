//! Killed mid-write, the server loses nothing it acknowledged: every
//! submission that got its 201 is there after a restart, and the file
//! passes SQLite's integrity check.
//!
//! Three cycles run with the suite. The long run is the same test:
//!
//! ```sh
//! CONVENE_CRASH_CYCLES=1000 cargo test --release -p convene-server --test it crash -- --nocapture
//! ```
//!
//! A database serves 50 cycles, then the run starts a fresh one, so a
//! restart's load time stays that of a busy dialogue rather than growing
//! without end.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::support::{Dialogue, Server};

const WRITERS: usize = 8;
const PEOPLE_PER_WRITER: usize = 4;
const CYCLES_PER_DATABASE: usize = 50;

/// Every contribution id in the file, read with SQLite itself.
fn stored_ids(db: &Path) -> HashSet<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM contributions").unwrap();
    let ids = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect();
    ids
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

/// Kill moments spread over 80–400 ms of load, different every run.
fn kill_after(seed: &mut u64) -> Duration {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    Duration::from_millis(80 + *seed % 320)
}

#[test]
fn a_crash_under_load_loses_nothing_acknowledged() {
    if crate::support::sqlite_only("this crash test (PostgreSQL has its own in postgres.rs)") {
        return;
    }
    let cycles: usize = std::env::var("CONVENE_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut s = Server::fresh();
    let mut d = Dialogue::create(&s, json!({"title": "Crash", "themes": ["Media"]}));
    let mut acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut total_acked = 0;
    for cycle in 0..cycles {
        if cycle > 0 && cycle % CYCLES_PER_DATABASE == 0 {
            let _ = s.stop();
            s = Server::fresh();
            d = Dialogue::create(&s, json!({"title": "Crash", "themes": ["Media"]}));
            acked = Arc::default();
        }
        d.stage(&s, 3);
        d.stage(&s, 5);
        let tokens = d.join(&s, WRITERS * PEOPLE_PER_WRITER);
        let before = acked.lock().unwrap().len();
        let writers: Vec<_> = tokens
            .chunks(PEOPLE_PER_WRITER)
            .map(|mine| {
                let (mine, base, id, acked) = (mine.to_vec(), s.base.clone(), d.id.clone(), acked.clone());
                std::thread::spawn(move || {
                    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(5)).build();
                    // Up to 10 questions and 20 recommendations each, until the server dies.
                    for n in 0..30 {
                        for t in &mine {
                            let (kind, body) = if n < 10 {
                                ("questions", json!({"text": format!("q {cycle} {n}")}))
                            } else {
                                ("recommendations", json!({"text": format!("r {cycle} {n}"), "theme": "Media"}))
                            };
                            let res = agent
                                .post(&format!("{base}/api/v1/dialogues/{id}/{kind}"))
                                .set("Authorization", &format!("Bearer {t}"))
                                .send_json(body);
                            match res {
                                Ok(r) if r.status() == 201 => {
                                    let v: serde_json::Value = r.into_json().unwrap();
                                    acked.lock().unwrap().push(v["id"].as_str().unwrap().to_string());
                                }
                                Ok(r) => panic!("unexpected {}", r.status()),
                                Err(ureq::Error::Status(code, _)) => assert!(code < 500 || code == 503, "status {code}"),
                                Err(_) => return, // the server is gone
                            }
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(kill_after(&mut seed));
        let db = s.crash();
        for w in writers {
            w.join().unwrap();
        }
        let acked_now = acked.lock().unwrap().clone();
        assert!(acked_now.len() > before, "cycle {cycle}: some writes were acknowledged before the crash");
        total_acked += acked_now.len() - before;
        // Straight from the file the killed server left, then through a restarted server.
        assert_eq!(integrity(&db), "ok", "cycle {cycle}");
        let stored = stored_ids(&db);
        for cid in &acked_now {
            assert!(stored.contains(cid), "cycle {cycle}: acknowledged contribution {cid} was lost");
        }
        s = Server::start(db);
        let sum = s.summary(&d.id);
        let counted = sum["questions"]["count"].as_u64().unwrap() + sum["recommendations"]["count"].as_u64().unwrap();
        assert_eq!(counted as usize, stored.len(), "cycle {cycle}: the restarted server counts what the file holds");
        if cycle % 10 == 9 || cycle + 1 == cycles {
            eprintln!("crash cycle {}: {total_acked} acknowledged writes in all, none lost, integrity ok", cycle + 1);
        }
    }
}
