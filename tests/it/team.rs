//! The facilitation team: a moderator and a presenter, each with a key of
//! their own, may do what their role allows and nothing else; removing one
//! stops their key and sessions at once; the audit log names who did what.

use serde_json::{json, Value};

use crate::security::{header, plain};
use crate::support::{Dialogue, Server};

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn moderators_moderate_presenters_present_and_neither_runs_the_dialogue() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "With a team"}));
    let people = d.join(&s, 2);
    d.stage(&s, 1);
    let hope =
        s.expect(200, "PUT", &d.path("/hope"), Some(&people[0]), Some(json!({"text": "A hope"})))["id"].as_str().unwrap().to_string();

    // Only the facilitator makes the team; each key is shown once.
    let add = |role: &str, name: &str| s.call("POST", &d.path("/roles"), Some(&d.key), Some(&json!({"role": role, "name": name})));
    let (st, ana) = add("moderator", "Ana");
    assert_eq!(st, 201, "{ana}");
    let (_, ben) = add("presenter", "Ben");
    let (mk, pk) = (ana["key"].as_str().unwrap().to_string(), ben["key"].as_str().unwrap().to_string());
    assert!(ana["link"].as_str().unwrap().ends_with(&format!("/f/{}/signin?key={mk}", d.id)));
    assert_eq!((ana["role"].as_str(), ana["name"].as_str()), (Some("moderator"), Some("Ana")));
    let listed = s.expect(200, "GET", &d.path("/roles"), Some(&d.key), None);
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert!(!listed.to_string().contains(&mk) && listed["items"][0].get("key").is_none(), "never a key again");
    for (body, want) in [
        (json!({"role": "admin", "name": "X"}), "invalid_field"),
        (json!({"role": "moderator", "name": "  "}), "empty_field"),
        (json!({"role": "moderator", "name": "x".repeat(61)}), "too_long"),
    ] {
        let (st, v) = s.call("POST", &d.path("/roles"), Some(&d.key), Some(&body));
        assert_eq!((st, code(&v)), (422, want), "{body}");
    }

    // The moderator: hides, shows, answers; never moves, closes or makes anything.
    s.expect(200, "POST", &d.path(&format!("/contributions/{hope}/hide")), Some(&mk), None);
    s.expect(200, "POST", &d.path(&format!("/contributions/{hope}/unhide")), Some(&mk), None);
    let refused = |key: &str, method: &str, path: &str, body: Option<Value>| {
        let (st, v) = s.call(method, &d.path(path), Some(key), body.as_ref());
        assert_eq!((st, code(&v)), (403, "facilitators_only"), "{method} {path}: {v}");
    };
    refused(&mk, "POST", "/stage", Some(json!({"index": 2})));
    refused(&mk, "POST", "/countdown", Some(json!({"seconds": 30})));
    for key in [&mk, &pk] {
        refused(key, "POST", "/close", None);
        refused(key, "POST", "/publish", None);
        refused(key, "PUT", "/conclusion", Some(json!({"text": "x"})));
        refused(key, "POST", "/facilitator-key", None);
        refused(key, "DELETE", "", None);
        refused(key, "POST", "/roles", Some(json!({"role": "moderator", "name": "Eve"})));
        refused(key, "GET", "/roles", None);
        refused(key, "GET", "/audit", None);
        refused(key, "POST", "/duplicate", Some(json!({"title": "Mine"})));
        refused(key, "GET", "/export.json", None);
        let (st, v) = s.call("PUT", &d.path("/hope"), Some(key), Some(&json!({"text": "x"})));
        assert_eq!((st, code(&v)), (403, "participants_only"));
    }
    // The presenter: moves the agenda, runs the countdown, locks; never moderates.
    s.expect(200, "POST", &d.path("/stage"), Some(&pk), Some(json!({"index": 2})));
    s.expect(200, "POST", &d.path("/countdown"), Some(&pk), Some(json!({"seconds": 30})));
    s.expect(200, "POST", &d.path("/agenda/2/lock"), Some(&pk), None);
    refused(&pk, "POST", &format!("/contributions/{hope}/hide"), None);

    // The log names each one's role and name.
    let log = s.expect(200, "GET", &d.path("/audit"), Some(&d.key), None);
    let did = |role: &str, name: Option<&str>, action: &str| {
        log["items"].as_array().unwrap().iter().any(|l| l["role"] == role && l["name"].as_str() == name && l["action"] == action)
    };
    assert!(did("moderator", Some("Ana"), "hide") && did("presenter", Some("Ben"), "stage"), "{log}");
    assert!(did("facilitator", None, "team_add"), "{log}");
    // The facilitator's console names them too.
    let (_, h, _) = plain(&s, "GET", &format!("/f/{}/signin?key={}", d.id, d.key), &[], None);
    let lead = header(&h, "set-cookie").unwrap().split(';').next().unwrap().to_string();
    let (_, _, console) = plain(&s, "GET", &format!("/f/{}", d.id), &[("Cookie", &lead)], None);
    // Text nodes come apart by the renderer's `<!>` markers.
    let log_card = console[console.find("card audit").unwrap_or(0)..].replace("<!>", "");
    assert!(
        log_card.contains("Moderator (Ana) hid an item") && log_card.contains("Presenter (Ben) moved the agenda"),
        "the console's log: {log_card}"
    );

    // A key of one dialogue's team is nothing to another's; a made-up one is nothing.
    let other = Dialogue::create(&s, json!({"title": "Other"}));
    let (st, _) = s.call("POST", &other.path("/stage"), Some(&pk), Some(&json!({"index": 1})));
    assert_eq!(st, 401);
    let (st, _) = s.call("POST", &d.path("/stage"), Some("tk_00000000000000000000000000000000_00"), Some(&json!({"index": 1})));
    assert_eq!(st, 401);

    // Signed in with the link, the presenter's console shows what they may do.
    let host = s.base.clone();
    let (st, h, _) = plain(&s, "GET", &format!("/f/{}/signin?key={pk}", d.id), &[], None);
    assert_eq!(st, 303);
    let session = header(&h, "set-cookie").unwrap().split(';').next().unwrap().to_string();
    let (_, _, page) = plain(&s, "GET", &format!("/f/{}", d.id), &[("Cookie", &session)], None);
    assert!(page.contains("role-line") && page.contains("Ben"), "who they are");
    assert!(page.contains("name=\"do\" value=\"stage\""), "the agenda's buttons");
    for absent in ["value=\"hide\"", "value=\"close\"", "value=\"publish\"", "value=\"team_add\"", "value=\"new_key\"", "id=\"team\""] {
        assert!(!page.contains(absent), "a presenter's console has no {absent}");
    }
    let cookie_write =
        |path: &str| s.raw("POST", &d.path(path), None, Some(r#"{"index": 3}"#), &[("Cookie", &session), ("Origin", &host)]).0;
    assert_eq!(cookie_write("/stage"), 200);

    // Removed: the key and the session stop at once; removing again is 404.
    let ben_id = ben["id"].as_str().unwrap();
    let (st, _) = s.call("DELETE", &d.path(&format!("/roles/{ben_id}")), Some(&d.key), None);
    assert_eq!(st, 204);
    let (st, _) = s.call("POST", &d.path("/stage"), Some(&pk), Some(&json!({"index": 1})));
    assert_eq!(st, 401, "the removed key");
    assert_eq!(cookie_write("/stage"), 401, "the removed member's session");
    let (st, v) = s.call("DELETE", &d.path(&format!("/roles/{ben_id}")), Some(&d.key), None);
    assert_eq!((st, code(&v)), (404, "not_found"));
    assert_eq!(s.expect(200, "GET", &d.path("/roles"), Some(&d.key), None)["items"].as_array().unwrap().len(), 1);
}
