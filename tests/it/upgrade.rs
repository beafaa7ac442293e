//! Upgrading: a database written by the previous release (schema 3, before
//! the facilitation team) opens in this one, is migrated forward, and
//! serves every dialogue, participant and key it held.
//!
//! `fixtures/schema-3.sqlite3` was written by that release's binary: the
//! demo imported, a second dialogue created, joined and written to through
//! its API, then stopped; `schema-3.json` holds what it said it held
//! (ids, codes, keys, counts) at that moment.

use serde_json::{json, Value};

use crate::support::{temp_dir, Server};

#[test]
fn a_database_of_the_previous_release_opens_migrated_with_everything() {
    if crate::support::sqlite_only("upgrading a file of the previous release") {
        return;
    }
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/it/fixtures");
    let facts: Value = serde_json::from_str(&std::fs::read_to_string(fixtures.join("schema-3.json")).unwrap()).unwrap();
    let db = temp_dir().join("convene.sqlite3");
    std::fs::copy(fixtures.join("schema-3.sqlite3"), &db).unwrap();
    let before: i64 = rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(before, 3);

    let s = Server::start(db.clone());
    for d in facts["dialogues"].as_array().unwrap() {
        let (id, key) = (d["id"].as_str().unwrap(), d["key"].as_str().unwrap());
        let v = s.expect(200, "GET", &format!("/api/v1/dialogues/{id}"), None, None);
        assert_eq!((&v["title"], &v["code"], &v["participants"]), (&d["title"], &d["code"], &d["participants"]), "{v}");
        let found = s.expect(200, "GET", &format!("/api/v1/join/{}", d["code"].as_str().unwrap()), None, None);
        assert_eq!(found["id"], id);
        // Its key still works, and what the new schema added is there.
        s.expect(201, "POST", &format!("/api/v1/dialogues/{id}/roles"), Some(key), Some(json!({"role": "moderator", "name": "Ana"})));
        let archive = s.expect(200, "GET", &format!("/api/v1/dialogues/{id}/export.json"), Some(key), None);
        let said: usize = ["hopes", "concerns", "questions", "reservations", "recommendations", "commitments"]
            .iter()
            .map(|k| archive[*k].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(said as u64, d["contributions"].as_u64().unwrap(), "every contribution");
    }
    // A participant's token from before still signs them in.
    let p = &facts["participant"];
    let me = s.expect(
        200,
        "GET",
        &format!("/api/v1/dialogues/{}/me", p["dialogue"].as_str().unwrap()),
        Some(p["token"].as_str().unwrap()),
        None,
    );
    assert_eq!(me["name"], p["name"]);
    let after: i64 = rusqlite::Connection::open(s.stop()).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(after > 3, "migrated forward to {after}");
}
