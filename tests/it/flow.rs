//! A whole dialogue through the JSON API, the default agenda, 20 people.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::support::{Dialogue, Server};

fn theme_counts(summary: &Value) -> HashMap<String, u64> {
    summary["recommendations"]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["theme"].as_str().unwrap().to_string(), t["count"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_whole_dialogue_with_twenty_participants() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Civic dialogue", "held_on": "2009-11-27", "place": "Vancouver"}));
    let people = d.join(&s, 20);
    let p = |i: usize| Some(people[i].as_str());
    assert_eq!(s.summary(&d.id)["participants"], 20);

    // Introductions: a hope and a concern each; one person rewrites their hope.
    let desc = d.stage(&s, 1);
    assert_eq!(desc["current"], 1);
    let timed = s.expect(200, "POST", &d.path("/countdown"), Some(&d.key), Some(json!({"seconds": 45})));
    assert!(timed["countdown_ends_at"].is_string());
    s.expect(422, "POST", &d.path("/countdown"), Some(&d.key), Some(json!({"seconds": 5000})));
    assert_eq!(desc["agenda"][1]["state"], "open");
    for i in 0..20 {
        s.expect(200, "PUT", &d.path("/hope"), p(i), Some(json!({"text": format!("hope {i}")})));
        s.expect(200, "PUT", &d.path("/concern"), p(i), Some(json!({"text": format!("concern {i}")})));
    }
    let first = s.expect(200, "PUT", &d.path("/hope"), p(0), Some(json!({"text": "  a better hope  "})));
    let again = s.expect(200, "PUT", &d.path("/hope"), p(0), Some(json!({"text": "the best hope"})));
    assert_eq!(first["id"], again["id"]);
    assert_eq!(again["text"], "the best hope");

    // Brief, then questions: six questions, votes, own votes refused.
    d.stage(&s, 2);
    d.stage(&s, 3);
    let mut questions = Vec::new();
    for (n, i) in [0, 1, 2, 3, 4, 4].into_iter().enumerate() {
        let q = s.expect(201, "POST", &d.path("/questions"), p(i), Some(json!({"text": format!("question {n} from {i}")})));
        questions.push(q["id"].as_str().unwrap().to_string());
    }
    // The same words sent again (an answer lost on the way) are one question.
    let again = s.expect(201, "POST", &d.path("/questions"), p(0), Some(json!({"text": "question 0 from 0"})));
    assert_eq!(again["id"], questions[0].as_str());
    let vote = |who: usize, q: &str| s.call("POST", &d.path(&format!("/questions/{q}/votes")), p(who), None).0;
    for who in 5..15 {
        assert_eq!(vote(who, &questions[2]), 204);
    }
    for who in 5..9 {
        assert_eq!(vote(who, &questions[5]), 204);
    }
    assert_eq!(vote(5, &questions[2]), 204, "voting twice is idempotent");
    let (status, err) = s.call("POST", &d.path(&format!("/questions/{}/votes", questions[0])), p(0), None);
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("own_contribution")));
    s.expect(204, "DELETE", &d.path(&format!("/questions/{}/votes", questions[5])), p(8), None);
    s.expect(200, "PUT", &d.path(&format!("/questions/{}/answer", questions[2])), Some(&d.key), Some(json!({"text": "Defined in law."})));

    // Resonance: twenty ratings and seven reservations, one withdrawn.
    d.stage(&s, 4);
    let ratings = [5, 4, 4, 3, 5, 2, 4, 4, 5, 1, 3, 4, 5, 4, 3, 4, 5, 2, 4, 4];
    for (i, v) in ratings.iter().enumerate() {
        s.expect(200, "PUT", &d.path("/rating"), p(i), Some(json!({"value": v})));
    }
    let mut reservations = Vec::new();
    for i in 0..7 {
        let r = s.expect(200, "PUT", &d.path("/reservation"), p(i), Some(json!({"text": format!("reservation {i}")})));
        reservations.push(r["id"].as_str().unwrap().to_string());
    }
    s.expect(204, "DELETE", &d.path(&format!("/contributions/{}", reservations[6])), p(6), None);
    s.expect(403, "DELETE", &d.path(&format!("/contributions/{}", reservations[5])), p(6), None);

    // Recommendations under themes; endorsements up to and past the allowance.
    d.stage(&s, 5);
    let themes = ["Education", "Government", "Media", "NGOs and grassroots", "Other sectors"];
    let mut recs = Vec::new();
    for i in 0..10 {
        let r = s.expect(
            201,
            "POST",
            &d.path("/recommendations"),
            p(i),
            Some(json!({"text": format!("rec {i}"), "theme": themes[i % 5].to_lowercase()})),
        );
        assert_eq!(r["theme"], themes[i % 5]);
        recs.push(r["id"].as_str().unwrap().to_string());
    }
    let endorse = |who: usize, r: &str| s.call("POST", &d.path(&format!("/recommendations/{r}/endorsements")), p(who), None);
    for r in &recs[1..4] {
        assert_eq!(endorse(0, r).0, 204);
    }
    let (status, err) = endorse(0, &recs[4]);
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("no_endorsements_left")));
    s.expect(204, "DELETE", &d.path(&format!("/recommendations/{}/endorsements", recs[3])), p(0), None);
    assert_eq!(endorse(0, &recs[5]).0, 204);
    assert_eq!(s.expect(200, "GET", &d.path("/me"), p(0), None)["endorsements_left"], 0);
    for who in 11..16 {
        assert_eq!(endorse(who, &recs[1]).0, 204);
    }
    assert_eq!(endorse(11, &recs[6]).0, 204);
    assert_eq!(endorse(12, &recs[6]).0, 204);

    // Merge rec 6 into rec 1: 11 and 12 endorsed both and count once; 0 is unaffected.
    let merged = s.expect(200, "POST", &d.path(&format!("/contributions/{}/merge", recs[6])), Some(&d.key), Some(json!({"into": recs[1]})));
    assert_eq!(merged["merged_into"], recs[1].as_str());
    let me11 = s.expect(200, "GET", &d.path("/me"), p(11), None);
    assert_eq!(me11["endorsements_left"], 2, "the spare endorsement comes back");
    // Re-file rec 9 from Other sectors to Media; hide one hope.
    s.expect(200, "PATCH", &d.path(&format!("/contributions/{}", recs[9])), Some(&d.key), Some(json!({"theme": "Media"})));
    let hopes = s.expect(200, "GET", &d.path("/contributions?kind=hope&limit=200"), None, None);
    let hidden_hope = hopes["items"][0]["id"].as_str().unwrap().to_string();
    s.expect(200, "POST", &d.path(&format!("/contributions/{hidden_hope}/hide")), Some(&d.key), None);
    // Lock the recommendations item: writes there stop.
    s.expect(200, "POST", &d.path("/agenda/5/lock"), Some(&d.key), None);
    let (status, err) = s.call("POST", &d.path("/recommendations"), p(1), Some(&json!({"text": "late", "theme": "Media"})));
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("stage_not_open")));

    // Commitments, then close.
    d.stage(&s, 6);
    for i in 0..20 {
        s.expect(200, "PUT", &d.path("/commitment"), p(i), Some(json!({"text": format!("I will {i}")})));
    }
    d.stage(&s, 7);
    s.expect(200, "PUT", &d.path("/conclusion"), Some(&d.key), Some(json!({"text": "Next steps: meet again."})));

    let sum = s.summary(&d.id);
    assert_eq!(sum["participants"], 20);
    assert_eq!(sum["current"], 7);
    assert_eq!(sum["hopes"]["count"], 19);
    assert_eq!(sum["concerns"]["count"], 20);
    assert_eq!(sum["questions"]["count"], 6);
    assert_eq!(sum["questions"]["items"][0]["id"], questions[2].as_str());
    assert_eq!(sum["questions"]["items"][0]["votes"], 10);
    assert_eq!(sum["questions"]["items"][0]["answer"], "Defined in law.");
    assert_eq!(sum["questions"]["items"][1]["votes"], 3);
    let res = &sum["resonance"];
    let mut hist = [0u64; 5];
    for v in ratings {
        hist[v - 1] += 1;
    }
    assert_eq!(res["histogram"], json!(hist));
    assert_eq!(res["count"], 20);
    let mean = ratings.iter().sum::<usize>() as f64 / 20.0;
    assert!((res["mean"].as_f64().unwrap() - mean).abs() < 0.01);
    assert_eq!(res["median"], 4.0);
    assert_eq!(sum["reservations"]["count"], 6);
    assert_eq!(sum["recommendations"]["count"], 9);
    let counts = theme_counts(&sum);
    assert_eq!(counts["Education"], 2);
    assert_eq!(counts["Government"], 1, "rec 6 was merged away");
    assert_eq!(counts["Media"], 3, "rec 9 was re-filed");
    assert_eq!(counts["Other sectors"], 1);
    let gov = sum["recommendations"]["themes"].as_array().unwrap().iter().find(|t| t["theme"] == "Government").unwrap();
    assert_eq!(gov["items"][0]["endorsements"], 6, "rec 1: 0, 11..16, with 11 and 12 counted once");
    assert_eq!(sum["commitments"]["count"], 20);
    assert_eq!(sum["hopes"]["items"].as_array().unwrap().len(), 19);

    // Pages of the full list.
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("/contributions?kind=concern&limit=7&cursor={c}"),
            None => "/contributions?kind=concern&limit=7".to_string(),
        };
        let page = s.expect(200, "GET", &d.path(&q), None, None);
        seen += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, 20);

    let closed = s.expect(200, "POST", &d.path("/close"), Some(&d.key), None);
    assert_eq!(closed["status"], "closed");
    assert!(closed["agenda"].as_array().unwrap().iter().all(|i| i["state"] == "locked"));
    let (status, err) = s.call("PUT", &d.path("/commitment"), p(0), Some(&json!({"text": "late"})));
    assert_eq!((status, err["error"]["code"].as_str()), (409, Some("dialogue_closed")));
    let desc = s.expect(200, "GET", &d.path(""), None, None);
    assert!(desc.get("facilitator_key").is_none());
    assert_eq!(s.expect(200, "GET", &format!("/api/v1/join/{}", d.code.to_lowercase()), None, None)["id"], d.id.as_str());
}
