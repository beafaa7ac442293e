//! A dialogue series: `POST …/duplicate {"title"}` starts the next
//! dialogue with the same plan (agenda, themes, scale, report brief,
//! languages), nobody in it, nothing said, and a key of its own.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{Dialogue, Server};

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn the_next_dialogue_keeps_the_plan_and_nothing_said() {
    let s = Server::fresh();
    let first = Dialogue::create(
        &s,
        json!({
            "title": "First evening",
            "held_on": "2009-11-27",
            "place": "Vancouver",
            "themes": ["Leadership", "Media", "Civil society"],
            "language": "en+fr",
            "report": {"title": "Mobilizing the Will to Intervene", "summary": "A brief."}
        }),
    );
    let people = first.join(&s, 2);
    first.stage(&s, 1);
    s.expect(200, "PUT", &first.path("/hope"), Some(&people[0]), Some(json!({"text": "Words of the first evening"})));

    let made = s.expect(201, "POST", &first.path("/duplicate"), Some(&first.key), Some(json!({"title": "  Second evening "})));
    let next = Dialogue {
        id: made["id"].as_str().unwrap().to_string(),
        code: made["code"].as_str().unwrap().to_string(),
        key: made["facilitator_key"].as_str().unwrap().to_string(),
    };
    assert!(made["links"]["facilitate"].as_str().is_some_and(|l| l.contains(&next.id)), "{made}");
    assert_ne!((&next.id, &next.code), (&first.id, &first.code));

    let (a, b) = (s.expect(200, "GET", &first.path(""), None, None), s.expect(200, "GET", &next.path(""), None, None));
    assert_eq!(b["title"], "Second evening");
    assert_eq!(b["held_on"], Value::Null, "a new evening has its own date");
    for field in ["place", "themes", "language", "scale", "report", "endorsements_per_participant", "max_participants"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    let titles = |v: &Value| v["agenda"].as_array().unwrap().iter().map(|i| i["title"].clone()).collect::<Vec<_>>();
    assert_eq!(titles(&a), titles(&b));
    assert_eq!((b["participants"].as_u64(), b["current"].as_u64(), b["status"].as_str()), (Some(0), Some(0), Some("live")));

    // Each has its own key.
    let (st, _) = s.call("POST", &next.path("/stage"), Some(&first.key), Some(&json!({"index": 1})));
    assert_eq!(st, 401);
    next.stage(&s, 1);
    // The first one's log says it, with the new join code.
    let log = s.expect(200, "GET", &first.path("/audit"), Some(&first.key), None);
    assert!(log["items"].as_array().unwrap().iter().any(|l| l["action"] == "duplicate" && l["detail"] == next.code.as_str()), "{log}");

    // Only its facilitator may; the title is checked like a new one's.
    let (st, _) = s.call("POST", &first.path("/duplicate"), None, Some(&json!({"title": "x"})));
    assert_eq!(st, 401);
    let (st, _) = s.call("POST", &first.path("/duplicate"), Some(&people[1]), Some(&json!({"title": "x"})));
    assert_eq!(st, 403);
    let (st, v) = s.call("POST", &first.path("/duplicate"), Some(&first.key), Some(&json!({"title": "   "})));
    assert_eq!((st, code(&v)), (422, "empty_field"));
    let (st, v) = s.call("POST", &first.path("/duplicate"), Some(&first.key), Some(&json!({"title": "x".repeat(201)})));
    assert_eq!((st, code(&v)), (422, "too_long"));
    let (st, v) = s.call("POST", &first.path("/duplicate"), Some(&first.key), Some(&json!({"title": 7})));
    assert_eq!((st, code(&v)), (422, "invalid_field"), "{v}");

    // From the console's form: the new dialogue's sign-in link, once.
    let agent = ureq::AgentBuilder::new().redirects(0).timeout(Duration::from_secs(10)).build();
    let page = agent
        .post(&s.url(&format!("/f/{}/act", first.id)))
        .set("Authorization", &format!("Bearer {}", first.key))
        .set("Content-Type", "application/x-www-form-urlencoded")
        .send_string("do=duplicate&text=Third+evening")
        .unwrap();
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.into_string().unwrap();
    assert!(html.contains("/signin?key=") && html.contains("The next dialogue is ready"), "{html}");

    // A facilitator key alone cannot make dialogues without end: ten at
    // once per organiser, then ten an hour (two were made above).
    for n in 0..8 {
        s.expect(201, "POST", &first.path("/duplicate"), Some(&first.key), Some(json!({"title": format!("Evening {n}")})));
    }
    let (st, v) = s.call("POST", &next.path("/duplicate"), Some(&next.key), Some(&json!({"title": "One more"})));
    assert_eq!((st, code(&v)), (429, "rate_limited"), "counted per organiser, whichever dialogue of theirs asks");
}
