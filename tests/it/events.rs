//! The live event stream.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{next_event, Dialogue, Server};

#[test]
fn subscribers_get_the_summary_at_once_and_each_change_within_a_second() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Live"}));
    let people = d.join(&s, 2);
    let full = s.subscribe(&d.path("/events"));
    let counts = s.subscribe(&d.path("/events?view=counts"));
    let first = next_event(&full, "summary", Duration::from_secs(2));
    assert_eq!(first["participants"], 2);
    assert!(first["hopes"]["items"].is_array());
    let first_counts = next_event(&counts, "summary", Duration::from_secs(2));
    assert!(first_counts["hopes"].get("items").is_none(), "counts view has no items");

    let moved = Instant::now();
    d.stage(&s, 1);
    let stage = next_event(&full, "stage", Duration::from_secs(1));
    assert_eq!(stage["current"], 1);
    assert_eq!(stage["stage"], "introductions");
    next_event(&counts, "stage", Duration::from_secs(1));
    assert!(moved.elapsed() < Duration::from_secs(1));

    let written = Instant::now();
    s.expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(json!({"text": "peace"})));
    for rx in [&full, &counts] {
        loop {
            let v = next_event(rx, "summary", Duration::from_secs(1));
            if v["hopes"]["count"] == 1 {
                break;
            }
        }
    }
    assert!(written.elapsed() < Duration::from_secs(1), "both subscribers within a second");
    let sum = s.summary(&d.id);
    assert_eq!(sum["hopes"]["items"][0]["text"], "peace");

    // A burst folds: twenty writes reach a subscriber in far fewer events, ending at the last.
    let burst = Instant::now();
    for i in 0..20 {
        s.expect(200, "PUT", &d.path("/hope"), Some(&people[1]), Some(json!({"text": format!("burst {i}")})));
    }
    let mut events = 0;
    loop {
        let v = next_event(&full, "summary", Duration::from_secs(2));
        events += 1;
        if v["hopes"]["items"][0]["text"] == "burst 19" {
            break;
        }
    }
    let per_second_cap = (burst.elapsed().as_secs_f64() + 0.15) / 0.15 + 1.0;
    assert!((events as f64) <= per_second_cap, "{events} events in {:?}", burst.elapsed());
}
