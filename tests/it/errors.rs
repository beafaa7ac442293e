//! Every error path of the contract answers with its status, its code and
//! the error shape; nothing answers 5xx (the support module checks that on
//! every call).

use serde_json::{json, Value};

use crate::support::{Dialogue, Server};

fn code(v: &Value) -> &str {
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn every_error_path_of_the_contract() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Errors", "themes": ["Media", "Education"]}));
    let people = d.join(&s, 2);
    let (a, b) = (Some(people[0].as_str()), Some(people[1].as_str()));
    let key = Some(d.key.as_str());

    // 400: malformed JSON, a missing body.
    let (st, v) = s.raw("POST", "/api/v1/dialogues", Some(&s.organiser), Some("{\"title\": "), &[]);
    assert_eq!((st, code(&v)), (400, "malformed_json"));
    let (st, v) = s.raw("PUT", &d.path("/conclusion"), key, Some("not json"), &[]);
    assert_eq!((st, code(&v)), (400, "malformed_json"));
    let (st, _) = s.raw("POST", &d.path("/stage"), key, Some(""), &[]);
    assert_eq!(st, 400);

    // 401: no credentials, a bad token, a forged participant token.
    let (st, v) = s.call("PUT", &d.path("/hope"), None, Some(&json!({"text": "x"})));
    assert_eq!((st, code(&v)), (401, "unauthorized"));
    let (st, _) = s.call("PUT", &d.path("/hope"), Some("nonsense"), Some(&json!({"text": "x"})));
    assert_eq!(st, 401);
    let forged = format!("{}{}", &people[0][..people[0].len() - 4], "0000");
    let (st, _) = s.call("GET", &d.path("/me"), Some(&forged), None);
    assert_eq!(st, 401);
    let (st, _) = s.call("POST", &d.path("/stage"), None, Some(&json!({"index": 1})));
    assert_eq!(st, 401);
    let other = Dialogue::create(&s, json!({"title": "Other"}));
    let (st, _) = s.call("POST", &d.path("/stage"), Some(&other.key), Some(&json!({"index": 1})));
    assert_eq!(st, 401, "another dialogue's key");

    // 403: a participant on a facilitator route, a facilitator contributing, a cross-site cookie write.
    let (st, v) = s.call("POST", &d.path("/stage"), a, Some(&json!({"index": 1})));
    assert_eq!((st, code(&v)), (403, "facilitators_only"));
    let (st, v) = s.call("PUT", &d.path("/hope"), key, Some(&json!({"text": "x"})));
    assert_eq!((st, code(&v)), (403, "participants_only"));
    let cookie = format!("cv_p_{}={}", d.id.replace('-', ""), people[0]);
    let (st, v) = s.raw("PUT", &d.path("/hope"), None, Some(r#"{"text":"x"}"#), &[("Cookie", &cookie), ("Origin", "http://evil.example")]);
    assert_eq!((st, code(&v)), (403, "cross_origin"));
    let own_origin = s.base.clone();
    d.stage(&s, 1);
    let (st, _) = s.raw("PUT", &d.path("/hope"), None, Some(r#"{"text":"by cookie"}"#), &[("Cookie", &cookie), ("Origin", &own_origin)]);
    assert_eq!(st, 200, "a same-origin cookie write is fine");

    // 404: unknown ids and codes, ids that are not ids, unknown endpoints.
    let nobody = "00000000-0000-4000-8000-000000000000";
    for path in [
        format!("/api/v1/dialogues/{nobody}"),
        format!("/api/v1/dialogues/{nobody}/summary"),
        "/api/v1/dialogues/not-a-uuid".to_string(),
        "/api/v1/join/ZZZZZZ".to_string(),
        "/api/v1/nothing/here".to_string(),
        format!("/api/v1/dialogues/{nobody}/events"),
    ] {
        let (st, v) = s.call("GET", &path, None, None);
        assert_eq!(st, 404, "{path}");
        code(&v);
    }
    let (st, _) = s.call("POST", &format!("/api/v1/dialogues/{nobody}/participants"), None, None);
    assert_eq!(st, 404);

    // 409: stage not open, own contribution, no endorsements left.
    let (st, v) = s.call("POST", &d.path("/questions"), a, Some(&json!({"text": "early"})));
    assert_eq!((st, code(&v)), (409, "stage_not_open"));
    d.stage(&s, 3);
    let q = s.expect(201, "POST", &d.path("/questions"), a, Some(json!({"text": "why?"})));
    let (st, v) = s.call("POST", &d.path(&format!("/questions/{}/votes", q["id"].as_str().unwrap())), a, None);
    assert_eq!((st, code(&v)), (409, "own_contribution"));
    let (st, _) = s.call("POST", &d.path(&format!("/questions/{nobody}/votes")), b, None);
    assert_eq!(st, 404);
    d.stage(&s, 5);
    let mut recs = Vec::new();
    for i in 0..4 {
        let r = s.expect(201, "POST", &d.path("/recommendations"), a, Some(json!({"text": format!("r{i}"), "theme": "Media"})));
        recs.push(r["id"].as_str().unwrap().to_string());
    }
    for r in &recs[..3] {
        s.expect(204, "POST", &d.path(&format!("/recommendations/{r}/endorsements")), b, None);
    }
    let (st, v) = s.call("POST", &d.path(&format!("/recommendations/{}/endorsements", recs[3])), b, None);
    assert_eq!((st, code(&v)), (409, "no_endorsements_left"));

    // 413: over 64 KiB, read or not; an import may be larger, up to 16 MiB.
    let qid = q["id"].as_str().unwrap();
    assert_eq!(s.declared_status("PUT", &d.path("/conclusion"), key, 70 * 1024), 413);
    assert_eq!(s.declared_status("POST", &d.path(&format!("/questions/{qid}/votes")), b, 70 * 1024), 413);
    assert_eq!(s.declared_status("POST", "/api/v1/dialogues", None, 64 * 1024 + 1), 413);
    assert_eq!(s.declared_status("POST", "/api/v1/dialogues/import", None, 16 * 1024 * 1024 + 1), 413);
    let (st, v) = s.raw("PUT", &d.path("/conclusion"), key, Some(&json!({"text": "x".repeat(60 * 1024)}).to_string()), &[]);
    assert_eq!((st, code(&v)), (422, "too_long"), "under the body limit, over the field limit");

    // 422: empty, too long, out of scale, unknown theme, wrong type; each names its field.
    let cases: Vec<(&str, &str, Option<&str>, Value, &str)> = vec![
        ("POST", "/recommendations", a, json!({"text": "   ", "theme": "Media"}), "`text`"),
        ("POST", "/recommendations", a, json!({"text": "x".repeat(501), "theme": "Media"}), "limit is 500"),
        ("POST", "/recommendations", a, json!({"text": "ok", "theme": "Sports"}), "`theme`"),
        ("POST", "/recommendations", a, json!({"text": 5, "theme": "Media"}), "wrong type"),
        ("PUT", "/conclusion", key, json!({"text": "x".repeat(5001)}), "limit is 5000"),
        ("POST", "/stage", key, json!({"index": 99}), "`index`"),
        ("POST", "/participants", None, json!({"name": "x".repeat(201)}), "`name`"),
        ("POST", "/participants", None, json!({"sector": "astronauts"}), "`sector`"),
    ];
    for (method, path, who, body, names) in cases {
        let (st, v) = s.call(method, &d.path(path), who, Some(&body));
        assert_eq!(st, 422, "{method} {path} {body}");
        assert!(v["error"]["message"].as_str().unwrap().contains(names), "{path}: {v}");
    }
    d.stage(&s, 4);
    for value in [json!(0), json!(6), json!(2.5), json!("3")] {
        let (st, v) = s.call("PUT", &d.path("/rating"), a, Some(&json!({"value": value})));
        assert_eq!(st, 422, "{value}: {v}");
    }
    // 429: a flood from one participant is slowed, with Retry-After; others are not.
    let flood = d.join(&s, 2);
    let agent = ureq::AgentBuilder::new().build();
    let mut limited = None;
    for _ in 0..100 {
        match agent.put(&s.url(&d.path("/rating"))).set("Authorization", &format!("Bearer {}", flood[0])).send_json(json!({"value": 3})) {
            Ok(_) => {}
            Err(ureq::Error::Status(429, r)) => {
                limited = r.header("retry-after").map(str::to_string);
                break;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert!(limited.is_some_and(|s| s.parse::<u32>().is_ok_and(|n| n >= 1)), "429 with Retry-After");
    s.expect(200, "PUT", &d.path("/rating"), Some(&flood[1]), Some(json!({"value": 4})));

    let (st, v) = s.call("POST", "/api/v1/dialogues", Some(&s.organiser), Some(&json!({"title": "x".repeat(201)})));
    assert_eq!((st, code(&v)), (422, "too_long"));
    let (st, _) = s.call(
        "POST",
        "/api/v1/dialogues",
        Some(&s.organiser),
        Some(&json!({"title": "t", "scale": {"min": 3, "max": 3, "low_label": "", "high_label": ""}})),
    );
    assert_eq!(st, 422);
    let (st, _) = s.call("GET", &d.path("/contributions?kind=rumour"), None, None);
    assert_eq!(st, 422);
    let (st, _) = s.call("GET", &d.path("/contributions?kind=hope&limit=500"), None, None);
    assert_eq!(st, 422);
}
