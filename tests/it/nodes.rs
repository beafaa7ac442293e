//! Several nodes on one PostgreSQL database (`tests/it/with-postgres`):
//! any node answers for any dialogue, a change made through one reaches
//! streams on the others, and a node killed under load loses no
//! acknowledged write while the others carry on.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{next_event, postgres, temp_dir, Dialogue, Server};

fn nodes(n: usize) -> Option<Vec<Server>> {
    if postgres().is_none() {
        eprintln!("skipped: several nodes need PostgreSQL (run under tests/it/with-postgres)");
        return None;
    }
    let db = temp_dir().join("shared.sqlite3");
    Some((0..n).map(|_| Server::start(db.clone())).collect())
}

/// The question texts a node lists, newest first, all pages.
fn questions(s: &Server, d: &Dialogue) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = s.expect(200, "GET", &d.path(&format!("/contributions?kind=question&limit=200{cursor}")), None, None);
        all.extend(page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return all,
        }
    }
}

/// Waits until `f` holds (another node's copy catches up by itself).
fn soon(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !f() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn any_node_answers_and_a_change_through_one_reaches_streams_on_the_others() {
    let Some(n) = nodes(3) else { return };
    let d = Dialogue::create(&n[0], json!({"title": "Three nodes"}));
    // Joined through two other nodes; the stage moved through the first.
    let people: Vec<String> = (0..4)
        .map(|i| n[1 + i % 2].expect(201, "POST", &d.path("/participants"), None, Some(json!({})))["token"].as_str().unwrap().to_string())
        .collect();
    let stream = n[2].subscribe(&d.path("/events"));
    let first = next_event(&stream, "summary", Duration::from_secs(5));
    d.stage(&n[0], 1);
    let moved = next_event(&stream, "stage", Duration::from_secs(5));
    assert_eq!(moved["current"], 1, "a stage moved on node 0 reaches a stream on node 2");
    n[1].expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(json!({"text": "hope through node 1"})));
    assert!(first["revision"].as_u64().is_some());
    let deadline = Instant::now() + Duration::from_secs(5);
    let last = loop {
        let s = next_event(&stream, "summary", deadline.saturating_duration_since(Instant::now()));
        if s["hopes"]["count"] == 1 {
            break s;
        }
    };
    let seen = last["revision"].as_u64().unwrap();
    assert_eq!(last["hopes"]["items"][0]["text"], "hope through node 1");
    assert_eq!(last["participants"], 4);

    // Each node holds the same dialogue: the same summary, revision included.
    soon("every node has the hope", || n.iter().all(|s| s.summary(&d.id)["revision"].as_u64() == Some(seen)));
    assert_eq!(n[0].summary(&d.id), n[2].summary(&d.id));
    // A participant's own view, from any node; a facilitator's key works anywhere.
    let me = n[0].expect(200, "GET", &d.path("/me"), Some(&people[0]), None);
    assert_eq!(me["contributions"][0]["text"], "hope through node 1");
    n[2].expect(200, "POST", &d.path("/countdown"), Some(&d.key), Some(json!({"seconds": 60})));

    // A stream that comes back to another node with Last-Event-ID starts
    // from the newest summary: nothing it missed is lost.
    n[0].expect(200, "PUT", &d.path("/concern"), Some(&people[1]), Some(json!({"text": "said while away"})));
    let res = ureq::get(&n[0].url(&d.path("/events"))).set("Last-Event-ID", &seen.to_string()).call().unwrap();
    let mut text = String::new();
    let mut reader = std::io::BufReader::new(res.into_reader());
    while !text.contains("\n\n") || !text.contains("said while away") {
        let mut line = String::new();
        assert!(std::io::BufRead::read_line(&mut reader, &mut line).unwrap() > 0, "the stream stays open");
        text.push_str(&line);
    }

    // Erased through one node: gone from every node, and from the journal
    // the nodes share.
    n[0].expect(204, "DELETE", &d.path("/me"), Some(&people[0]), None);
    soon("an erasure reaches every node", || n.iter().all(|s| s.summary(&d.id)["hopes"]["count"] == 0));
    let url = crate::support::database_url(&n[0].db).unwrap();
    let mut pg = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let kept: i64 = pg.query_one("SELECT count(*) FROM journal WHERE op LIKE '%hope through node 1%'", &[]).unwrap().get(0);
    assert_eq!(kept, 0, "the journal keeps no erased word");

    // A new key through one node ends the old one on every node.
    let key = n[1].expect(200, "POST", &d.path("/facilitator-key"), Some(&d.key), None)["facilitator_key"].as_str().unwrap().to_string();
    soon("the old key stops everywhere", || {
        n.iter().all(|s| s.call("POST", &d.path("/stage"), Some(&d.key), Some(&json!({"index": 2}))).0 == 401)
    });
    n[2].expect(200, "POST", &d.path("/stage"), Some(&key), Some(json!({"index": 2})));
    // Deleted through one node: gone from all.
    let (st, _) = n[2].call("DELETE", &d.path(""), Some(&key), None);
    assert_eq!(st, 204);
    soon("a deletion reaches every node", || n.iter().all(|s| s.call("GET", &d.path("/summary"), None, None).0 == 404));
}

#[test]
fn a_node_killed_under_load_loses_no_acknowledged_write_and_the_others_carry_on() {
    let Some(mut n) = nodes(3) else { return };
    let d = Dialogue::create(&n[1], json!({"title": "Failover"}));
    d.stage(&n[1], 3);
    let bases: Vec<String> = n.iter().map(|s| s.base.clone()).collect();
    let stream = n[2].subscribe(&d.path("/events"));
    next_event(&stream, "summary", Duration::from_secs(5));

    // Writers spread over the three nodes, each with people of its own;
    // a writer whose node fails moves to the next one, as a load balancer would.
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, Instant)>::new()));
    let failed_at = Arc::new(Mutex::new(None::<Instant>));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let people: Vec<String> = (0..60)
                .map(|_| {
                    n[w % 3].expect(201, "POST", &d.path("/participants"), None, Some(json!({})))["token"].as_str().unwrap().to_string()
                })
                .collect();
            let (bases, path, acknowledged, failed_at, stop) =
                (bases.clone(), d.path("/questions"), acknowledged.clone(), failed_at.clone(), stop.clone());
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(15)).build();
                let mut node = w % 3;
                'people: for (p, token) in people.iter().enumerate() {
                    for q in 0..10 {
                        loop {
                            if stop.load(Ordering::Relaxed) {
                                break 'people;
                            }
                            let sent = agent
                                .post(&format!("{}{path}", bases[node]))
                                .set("Authorization", &format!("Bearer {token}"))
                                .send_json(json!({"text": format!("writer {w} person {p} question {q}")}));
                            match sent {
                                Ok(r) if r.status() == 201 => {
                                    let v: Value = r.into_json().unwrap();
                                    acknowledged.lock().unwrap().push((v["id"].as_str().unwrap().to_string(), Instant::now()));
                                    break;
                                }
                                // 503 while the database is busy: the same post again.
                                Err(ureq::Error::Status(503, _)) => std::thread::sleep(Duration::from_millis(50)),
                                Err(ureq::Error::Status(code, r)) => panic!("{code}: {}", r.into_string().unwrap_or_default()),
                                // The node is gone: the next one.
                                Ok(_) | Err(_) => {
                                    failed_at.lock().unwrap().get_or_insert_with(Instant::now);
                                    node = (node + 1) % 3;
                                    if node == 0 {
                                        node = 1;
                                    }
                                }
                            }
                        }
                    }
                }
            })
        })
        .collect();

    std::thread::sleep(Duration::from_millis(1500));
    let before_kill = acknowledged.lock().unwrap().len();
    assert!(before_kill > 20, "writes flow through every node before the kill: {before_kill}");
    let killed = n.remove(0);
    let killed_at = Instant::now();
    killed.crash();
    std::thread::sleep(Duration::from_millis(2000));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    // Writes were acknowledged again soon after the kill (within 10 s).
    let after: Vec<&Instant> = acked.iter().map(|(_, at)| at).filter(|at| **at > killed_at).collect();
    assert!(!after.is_empty(), "the surviving nodes acknowledge writes after the kill");
    let gap = after.iter().min().unwrap().duration_since(killed_at);
    let mut times: Vec<Instant> = acked.iter().map(|(_, at)| *at).collect();
    times.sort();
    let around = times.windows(2).filter(|w| w[1] > killed_at && w[0] < killed_at + Duration::from_secs(1)).map(|w| w[1] - w[0]).max();
    eprintln!(
        "{} writes acknowledged, {before_kill} before the kill, {} after; the first {gap:?} after it; longest pause between acknowledgements in the second after: {around:?}",
        acked.len(),
        after.len()
    );
    assert!(gap < Duration::from_secs(10), "writes acknowledged again {gap:?} after the kill");

    // Every acknowledged write is in the database, and each surviving node
    // shows it once it has caught up with the other's last commits.
    let ids: HashSet<String> = acked.iter().map(|(id, _)| id.clone()).collect();
    let mut pg = postgres::Client::connect(&crate::support::database_url(&n[0].db).unwrap(), postgres::NoTls).unwrap();
    let stored: HashSet<String> =
        pg.query("SELECT id FROM contributions WHERE dialogue_id = $1", &[&d.id]).unwrap().iter().map(|r| r.get(0)).collect();
    let lost: Vec<&String> = ids.difference(&stored).collect();
    assert!(lost.is_empty(), "{} acknowledged writes are not in the database: {:?}", lost.len(), &lost[..lost.len().min(5)]);
    for s in &n {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let listed: HashSet<String> = questions(s, &d).into_iter().collect();
            let missing: Vec<&String> = ids.difference(&listed).collect();
            if missing.is_empty() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{} acknowledged writes missing on {}: {:?}",
                missing.len(),
                s.base,
                &missing[..missing.len().min(5)]
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    // The stream on a surviving node carried on through the kill.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut count = 0;
    while count < ids.len() {
        let s = next_event(&stream, "summary", deadline.saturating_duration_since(Instant::now()));
        count = s["questions"]["count"].as_u64().unwrap() as usize;
    }
}

#[test]
fn an_instance_moves_from_sqlite_to_postgres_whole() {
    if postgres().is_none() {
        eprintln!("skipped: migrating needs PostgreSQL (run under tests/it/with-postgres)");
        return;
    }
    // One machine's instance, on a SQLite file whatever the suite runs on.
    let file = temp_dir().join("before.sqlite3");
    let add =
        std::process::Command::new(env!("CARGO_BIN_EXE_convene")).args(["organiser", "add", "tests", "--db"]).arg(&file).output().unwrap();
    let organiser = String::from_utf8_lossy(&add.stdout).lines().last().unwrap().trim().to_string();
    let mut s = std::process::Command::new(env!("CARGO_BIN_EXE_convene"));
    s.args(["--addr", "127.0.0.1:0", "--db"]).arg(&file);
    let s = crate::support::Server::spawn_command(s, file.clone(), organiser.clone());
    let d = Dialogue::create(&s, json!({"title": "Moving house"}));
    let people = d.join(&s, 3);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(json!({"text": "kept across the move"})));
    d.stage(&s, 3);
    let q = s.expect(201, "POST", &d.path("/questions"), Some(&people[1]), Some(json!({"text": "and the votes?"})));
    s.expect(204, "POST", &d.path(&format!("/questions/{}/votes", q["id"].as_str().unwrap())), Some(&people[2]), None);
    s.expect(201, "POST", &d.path("/roles"), Some(&d.key), Some(json!({"role": "moderator", "name": "Ana"})));
    let summary = s.summary(&d.id);
    let archive = s.expect(200, "GET", &d.path("/export.json"), Some(&d.key), None);
    s.stop();

    let url = crate::support::database_url(&temp_dir().join("after")).unwrap();
    let migrate = |url: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
            .args(["migrate", "--from-db"])
            .arg(&file)
            .args(["--database-url", url])
            .output()
            .unwrap();
        (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let (ok, said, err) = migrate(&url);
    assert!(ok, "{err}");
    assert!(said.contains("dialogues: 1") && said.contains("participants: 3") && said.contains("Every count matches"), "{said}");
    let (ok, _, err) = migrate(&url);
    assert!(!ok && err.contains("migrate into an empty database"), "a second copy is refused: {err}");

    // A node on PostgreSQL serves the same dialogue: the same summary and
    // archive; the keys, tokens and organiser still work.
    let mut n = std::process::Command::new(env!("CARGO_BIN_EXE_convene"));
    n.args(["--addr", "127.0.0.1:0", "--database-url", &url]);
    let n = crate::support::Server::spawn_command(n, file.clone(), organiser);
    assert_eq!(n.summary(&d.id), summary);
    assert_eq!(n.expect(200, "GET", &d.path("/export.json"), Some(&d.key), None), archive);
    n.expect(200, "GET", &d.path("/me"), Some(&people[0]), None);
    n.expect(201, "POST", "/api/v1/dialogues", Some(&n.organiser), Some(json!({"title": "After the move"})));
    let audit = n.expect(200, "GET", &d.path("/audit"), Some(&d.key), None);
    assert!(audit.to_string().contains("team_add"), "{audit}");
}
