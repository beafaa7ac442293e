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
