//! Killed mid-write, the server loses nothing it acknowledged: every
//! submission that got its 201 is there after a restart, and the file
//! passes SQLite's integrity check.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::support::{Dialogue, Server};

const CYCLES: usize = 3;
const WRITERS: usize = 8;
const PEOPLE_PER_WRITER: usize = 4;

fn stored_ids(s: &Server, d: &Dialogue, kind: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("/contributions?kind={kind}&limit=200&cursor={c}"),
            None => format!("/contributions?kind={kind}&limit=200"),
        };
        let page = s.expect(200, "GET", &d.path(&q), None, None);
        for item in page["items"].as_array().unwrap() {
            ids.insert(item["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return ids,
        }
    }
}

#[test]
fn a_crash_under_load_loses_nothing_acknowledged() {
    let mut s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Crash", "themes": ["Media"]}));
    d.stage(&s, 3);
    d.stage(&s, 5);
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    for cycle in 0..CYCLES {
        let tokens = d.join(&s, WRITERS * PEOPLE_PER_WRITER);
        let base = s.base.clone();
        let id = d.id.clone();
        let writers: Vec<_> = tokens
            .chunks(PEOPLE_PER_WRITER)
            .map(|mine| {
                let (mine, base, id, acked) = (mine.to_vec(), base.clone(), id.clone(), acked.clone());
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
                                    let kind = v["kind"].as_str().unwrap().to_string();
                                    acked.lock().unwrap().push((kind, v["id"].as_str().unwrap().to_string()));
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
        std::thread::sleep(Duration::from_millis(150 + 100 * cycle as u64));
        let db = s.crash();
        for w in writers {
            w.join().unwrap();
        }
        s = Server::start(db);
        let acked = acked.lock().unwrap().clone();
        assert!(!acked.is_empty(), "cycle {cycle}: some writes were acknowledged before the crash");
        eprintln!("cycle {cycle}: {} acknowledged so far", acked.len());
        let questions = stored_ids(&s, &d, "question");
        let recs = stored_ids(&s, &d, "recommendation");
        for (kind, cid) in &acked {
            let stored = if kind == "question" { &questions } else { &recs };
            assert!(stored.contains(cid), "cycle {cycle}: acknowledged {kind} {cid} was lost");
        }
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        let sum = s.summary(&d.id);
        assert_eq!(sum["questions"]["count"].as_u64().unwrap() as usize, questions.len());
    }
}
