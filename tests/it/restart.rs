//! Stopping and starting the server on the same file loses nothing.

use std::time::Duration;

use serde_json::json;

use crate::support::{next_event, Dialogue, Server};

#[test]
fn a_restart_keeps_everything() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Durable", "endorsements_per_participant": 2}));
    let people = d.join(&s, 3);
    d.stage(&s, 1);
    for (i, t) in people.iter().enumerate() {
        s.expect(200, "PUT", &d.path("/hope"), Some(t), Some(json!({"text": format!("hope {i}")})));
    }
    d.stage(&s, 3);
    let q = s.expect(201, "POST", &d.path("/questions"), Some(&people[0]), Some(json!({"text": "why?"})));
    let qid = q["id"].as_str().unwrap().to_string();
    s.expect(204, "POST", &d.path(&format!("/questions/{qid}/votes")), Some(&people[1]), None);
    s.expect(200, "PUT", &d.path(&format!("/questions/{qid}/answer")), Some(&d.key), Some(json!({"text": "because"})));
    d.stage(&s, 4);
    s.expect(200, "PUT", &d.path("/rating"), Some(&people[2]), Some(json!({"value": 4})));
    s.expect(200, "POST", &d.path("/agenda/1/lock"), Some(&d.key), None);
    let before = s.summary(&d.id);
    let me_before = s.expect(200, "GET", &d.path("/me"), Some(&people[1]), None);

    let open_stream = s.subscribe(&d.path("/events"));
    next_event(&open_stream, "summary", Duration::from_secs(2));
    let db = s.stop();
    let s = Server::start(db);
    let after = s.summary(&d.id);
    assert_eq!(after, before, "the same summary, revision included");
    assert_eq!(s.expect(200, "GET", &d.path("/me"), Some(&people[1]), None), me_before);
    let desc = s.expect(200, "GET", &d.path(""), None, None);
    assert_eq!(desc["agenda"][1]["state"], "locked");
    assert_eq!(desc["current"], 4);
    assert_eq!(desc["code"], d.code.as_str());

    // Tokens and keys still work, and the stream carries on from the same revision.
    let rx = s.subscribe(&d.path("/events"));
    let first = next_event(&rx, "summary", Duration::from_secs(2));
    assert_eq!(first["revision"], before["revision"]);
    s.expect(200, "PUT", &d.path("/rating"), Some(&people[0]), Some(json!({"value": 2})));
    let next = next_event(&rx, "summary", Duration::from_secs(2));
    assert!(next["revision"].as_u64() > before["revision"].as_u64());
    assert_eq!(next["resonance"]["count"], 2);
    d.stage(&s, 5);
}

#[test]
fn idle_dialogues_leave_memory_and_come_back_whole() {
    let s = crate::support::Server::start_with(crate::support::temp_dir().join("convene.sqlite3"), &["--unload-after", "1"]);
    let d = crate::support::Dialogue::create(&s, serde_json::json!({"title": "Sleepy", "themes": ["Media"]}));
    let people = d.join(&s, 2);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(serde_json::json!({"text": "before sleeping"})));
    let before = s.summary(&d.id);
    // Watched dialogues stay; this one is left alone for a few unload rounds.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let after = s.summary(&d.id);
    assert_eq!(before["revision"], after["revision"]);
    assert_eq!(after["hopes"]["items"][0]["text"], "before sleeping");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    // A write to an unloaded dialogue loads it and lands.
    s.expect(200, "PUT", &d.path("/concern"), Some(&people[1]), Some(serde_json::json!({"text": "after waking"})));
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let code = s.expect(200, "GET", &format!("/api/v1/join/{}", d.code), None, None);
    assert_eq!(code["title"], "Sleepy");
    let events = s.subscribe(&d.path("/events"));
    let first = crate::support::next_event(&events, "summary", std::time::Duration::from_secs(5));
    assert_eq!((first["hopes"]["count"].as_u64(), first["concerns"]["count"].as_u64()), (Some(1), Some(1)));
    // While a stream watches, it stays in memory and live.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    s.expect(200, "PUT", &d.path("/hope"), Some(&people[1]), Some(serde_json::json!({"text": "while watched"})));
    let next = crate::support::next_event(&events, "summary", std::time::Duration::from_secs(5));
    assert_eq!(next["hopes"]["count"], 2);
}

#[test]
fn a_merge_is_undone_with_its_votes_after_a_restart() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Undo", "themes": ["Media"]}));
    let p = d.join(&s, 3);
    d.stage(&s, 3);
    let q = |t: &str, text: &str| {
        s.expect(201, "POST", &d.path("/questions"), Some(t), Some(json!({ "text": text })))["id"].as_str().unwrap().to_string()
    };
    let (a, b) = (q(&p[0], "Who pays?"), q(&p[1], "Who pays for it?"));
    s.expect(204, "POST", &d.path(&format!("/questions/{b}/votes")), Some(&p[2]), None);
    s.expect(200, "POST", &d.path(&format!("/contributions/{b}/merge")), Some(&d.key), Some(json!({ "into": a })));
    let votes = |s: &Server| {
        let list = s.expect(200, "GET", &d.path("/contributions?kind=question"), None, None);
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["text"].as_str().unwrap().to_string(), i["votes"].as_u64().unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(votes(&s), vec![("Who pays?".to_string(), 1)]);
    // The merge and what it carried survive a restart, and can still be undone.
    let s = Server::start(s.stop());
    let back = s.expect(200, "POST", &d.path(&format!("/contributions/{b}/unmerge")), Some(&d.key), None);
    assert_eq!(back["merged_into"], serde_json::Value::Null);
    let mut now = votes(&s);
    now.sort();
    assert_eq!(now, vec![("Who pays for it?".to_string(), 1), ("Who pays?".to_string(), 0)], "the vote goes back with its item");
    let me = s.expect(200, "GET", &d.path("/me"), Some(&p[2]), None);
    assert_eq!(me["votes"], json!([b]), "the voter's own record follows");
    let err = s.expect(409, "POST", &d.path(&format!("/contributions/{b}/unmerge")), Some(&d.key), None);
    assert_eq!(err["error"]["code"], "not_merged");
    s.expect(403, "POST", &d.path(&format!("/contributions/{b}/unmerge")), Some(&p[0]), None);
    let audit = s.expect(200, "GET", &d.path("/audit"), Some(&d.key), None).to_string();
    assert!(audit.contains("\"unmerge\""));

    // A carried vote taken back and given again stays where it was given,
    // across a restart; and a merge made before closing is undone after it.
    s.expect(200, "POST", &d.path(&format!("/contributions/{b}/merge")), Some(&d.key), Some(json!({ "into": a })));
    s.expect(204, "DELETE", &d.path(&format!("/questions/{a}/votes")), Some(&p[2]), None);
    s.expect(204, "POST", &d.path(&format!("/questions/{a}/votes")), Some(&p[2]), None);
    s.expect(200, "POST", &d.path("/close"), Some(&d.key), None);
    let s = Server::start(s.stop());
    s.expect(200, "POST", &d.path(&format!("/contributions/{b}/unmerge")), Some(&d.key), None);
    let mut now = votes(&s);
    now.sort();
    assert_eq!(now, vec![("Who pays for it?".to_string(), 0), ("Who pays?".to_string(), 1)]);
    let me = s.expect(200, "GET", &d.path("/me"), Some(&p[2]), None);
    assert_eq!(me["votes"], json!([a]));
}

#[test]
fn a_stop_tells_streams_when_to_come_back_finishes_every_write_and_checkpoints() {
    use std::io::{BufRead, BufReader};
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Stopped mid-rating"}));
    let people = d.join(&s, 20);
    d.stage(&s, 4);
    // Two raw streams: their last lines are what a browser acts on.
    let streams: Vec<_> = (0..2)
        .map(|_| {
            let res = ureq::get(&s.url(&d.path("/events?view=counts"))).call().unwrap();
            std::thread::spawn(move || BufReader::new(res.into_reader()).lines().map_while(Result::ok).collect::<Vec<String>>())
        })
        .collect();
    // Ratings in flight while the signal comes: each one acknowledged must survive.
    let writers: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let (url, token) = (s.url(&d.path("/rating")), token.clone());
            std::thread::spawn(move || {
                let mut acknowledged = None;
                for n in 0..200u32 {
                    let value = (n + i as u32) % 5 + 1;
                    match ureq::put(&url).set("Authorization", &format!("Bearer {token}")).send_json(json!({"value": value})) {
                        Ok(_) => acknowledged = Some(value),
                        Err(_) => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let db = s.stop();
    for stream in streams {
        let lines = stream.join().unwrap();
        let wait: u32 = lines.iter().rev().find_map(|l| l.strip_prefix("retry: ")).expect("a retry line ends the stream").parse().unwrap();
        assert!((1000..5000).contains(&wait), "{wait}");
    }
    let last: Vec<Option<u32>> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(last.iter().all(Option::is_some), "every writer had ratings acknowledged before the stop");
    // The log was copied into the database and emptied.
    let wal = db.with_extension("sqlite3-wal");
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0, "the write-ahead log is empty after a stop");

    let s = Server::start(db);
    for (token, value) in people.iter().zip(last) {
        let me = s.expect(200, "GET", &d.path("/me"), Some(token), None);
        if let Some(v) = value {
            assert_eq!(me["rating"], v, "{me}");
        }
    }
}
