//! Importing the Vancouver 2009 record.

use serde_json::json;

use crate::support::Server;

const FIXTURE: &str = include_str!("../../fixtures/vancouver-2009.json");

#[test]
fn the_vancouver_fixture_imports_whole() {
    let s = Server::fresh();
    let (st, created) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(FIXTURE), &[]);
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    assert!(created["facilitator_key"].as_str().is_some_and(|k| k.len() >= 64));
    for link in ["join", "facilitate", "project", "report"] {
        assert!(created["links"][link].as_str().is_some_and(|l| l.starts_with("http")), "{link}");
    }
    let sum = s.summary(id);
    assert_eq!(sum["hopes"]["count"], 28);
    assert_eq!(sum["concerns"]["count"], 38);
    assert_eq!(sum["questions"]["count"], 5);
    assert_eq!(sum["reservations"]["count"], 7);
    assert_eq!(sum["recommendations"]["count"], 43);
    assert_eq!(sum["commitments"]["count"], 8);
    let themes = sum["recommendations"]["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 6);
    assert_eq!(themes.iter().map(|t| t["count"].as_u64().unwrap()).sum::<u64>(), 43);
    assert!(sum["questions"]["items"].as_array().unwrap().iter().all(|q| q["answer"].is_string()));

    let desc = s.expect(200, "GET", &format!("/api/v1/dialogues/{id}"), None, None);
    assert_eq!(desc["title"], "Civic Dialogue on Mobilizing the Will to Intervene");
    assert_eq!(desc["held_on"], "2009-11-27");
    assert_eq!(desc["report"]["recommendations"].as_array().unwrap().len(), 25);
    assert_eq!(desc["agenda"].as_array().unwrap().len(), 9);
    let long = s.expect(200, "GET", &format!("/api/v1/dialogues/{id}/contributions?kind=reservation&limit=200"), None, None);
    assert_eq!(long["items"].as_array().unwrap().len(), 7);

    // The imported dialogue is live: people can join it and take part.
    let key = created["facilitator_key"].as_str().unwrap();
    let p = s.expect(201, "POST", &format!("/api/v1/dialogues/{id}/participants"), None, Some(json!({"sector": "media"})));
    s.expect(200, "POST", &format!("/api/v1/dialogues/{id}/stage"), Some(key), Some(json!({"index": 2})));
    s.expect(200, "PUT", &format!("/api/v1/dialogues/{id}/hope"), p["token"].as_str(), Some(json!({"text": "new hope"})));
    assert_eq!(s.summary(id)["hopes"]["count"], 29);

    // A broken archive is a clear 4xx, never a half-made dialogue.
    let (st, _) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(r#"{"title": "x", "hopes": [""]}"#), &[]);
    assert_eq!(st, 422);
    let (st, _) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(r#"{"hopes": ["no title"]}"#), &[]);
    assert_eq!(st, 422);
}
