//! What a hostile visitor tries: creating without an organiser, stealing
//! or replaying credentials, framing and sniffing, guessing codes, stuffing
//! rooms, cross-site forms, holding sockets open, unmasking participants.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::{organiser_cli, Dialogue, Server};

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

/// One request without following redirects: status, headers, body.
pub fn plain(s: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> (u16, Vec<(String, String)>, String) {
    let agent = ureq::AgentBuilder::new().redirects(0).timeout(Duration::from_secs(30)).build();
    let mut req = agent.request(method, &s.url(path));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match body {
        Some(b) => req.send_string(b),
        None => req.call(),
    };
    let res = match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {path}: {e}"),
    };
    let status = res.status();
    let headers = res
        .headers_names()
        .into_iter()
        .flat_map(|n| res.all(&n).into_iter().map(move |v| (n.clone(), v.to_string())).collect::<Vec<_>>())
        .collect();
    let mut text = String::new();
    let _ = res.into_reader().read_to_string(&mut text);
    assert!(status < 500, "{method} {path} answered {status}");
    (status, headers, text)
}

pub fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[test]
fn only_organisers_create_and_import() {
    let s = Server::fresh();
    let body = json!({"title": "Town hall"});
    let (st, v) = s.call("POST", "/api/v1/dialogues", None, Some(&body));
    assert_eq!((st, code(&v)), (401, "unauthorized"));
    let (st, _) = s.call("POST", "/api/v1/dialogues", Some("ok_0000"), Some(&body));
    assert_eq!(st, 401, "a wrong key");
    let (st, _) = s.raw("POST", "/api/v1/dialogues/import", None, Some(r#"{"title": "x"}"#), &[]);
    assert_eq!(st, 401, "import needs a key too");
    let (st, v) = s.raw("POST", "/api/v1/dialogues", None, Some("{not json"), &[]);
    assert_eq!((st, code(&v)), (401, "unauthorized"), "the credential is checked before the body");

    let (st, h, _) =
        plain(&s, "POST", "/api/v1/dialogues", &[("Authorization", &format!("Bearer {}", s.organiser))], Some(&body.to_string()));
    assert_eq!(st, 201);
    assert_eq!(header(&h, "cache-control"), Some("no-store"), "an answer with a key is never cached");

    // A second organiser, listed, then removed while the server runs.
    let (ok, out) = organiser_cli(&s.db, &["add", "Second"]);
    assert!(ok, "{out}");
    let key = out.lines().last().unwrap().trim().to_string();
    assert!(key.starts_with("ok_") && key.len() > 60, "the key alone is the last line: {out}");
    let (ok, _) = organiser_cli(&s.db, &["add", "Second"]);
    assert!(!ok, "a name is given once");
    let (_, list) = organiser_cli(&s.db, &["list"]);
    assert!(list.contains("Second") && list.contains("tests") && !list.contains(&key), "{list}");
    s.expect(201, "POST", "/api/v1/dialogues", Some(&key), Some(body.clone()));
    if crate::support::postgres().is_none() {
        let stored: String = rusqlite::Connection::open(&s.db)
            .unwrap()
            .query_row("SELECT key_hash FROM organisers WHERE name = 'Second'", [], |r| r.get(0))
            .unwrap();
        assert!(!stored.contains(&key[3..]), "keys are stored hashed");
    }
    let (ok, _) = organiser_cli(&s.db, &["remove", "Second"]);
    assert!(ok);
    let (st, _) = s.call("POST", "/api/v1/dialogues", Some(&key), Some(&body));
    assert_eq!(st, 401, "a removed organiser's key stops working at once");
}

#[test]
fn numbers_and_rooms_are_bounded() {
    let s = Server::fresh();
    for scale in [
        json!({"min": -2147483648i64, "max": 2147483647i64}),
        json!({"min": 2147483647i64, "max": -2147483648i64}),
        json!({"min": 0, "max": 21}),
    ] {
        let mut scale = scale;
        scale["low_label"] = json!("");
        scale["high_label"] = json!("");
        let (st, v) = s.call("POST", "/api/v1/dialogues", Some(&s.organiser), Some(&json!({"title": "t", "scale": scale})));
        assert_eq!(st, 422, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains("`scale`"));
    }
    let d = Dialogue::create(&s, json!({"title": "Small room", "max_participants": 2}));
    let desc = s.expect(200, "GET", &d.path(""), None, None);
    assert_eq!(desc["max_participants"], 2);
    d.join(&s, 2);
    let (st, v) = s.call("POST", &d.path("/participants"), None, Some(&json!({})));
    assert_eq!((st, code(&v)), (409, "dialogue_full"));
    // Bidirectional overrides never reach the projector.
    let d = Dialogue::create(&s, json!({"title": "Bidi"}));
    let t = d.join(&s, 1).remove(0);
    d.stage(&s, 1);
    let c = s.expect(200, "PUT", &d.path("/hope"), Some(&t), Some(json!({"text": "safe \u{202E}txet desrever\u{2069} end 👨\u{200D}👩"})));
    assert_eq!(c["text"], "safe txet desrever end 👨\u{200D}👩");
}

#[test]
fn facilitators_sign_in_with_sessions_and_keys_can_be_replaced() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Keys"}));
    let host = s.base.clone();
    let (st, h, _) = plain(&s, "GET", &format!("/f/{}/signin?key={}", d.id, d.key), &[], None);
    assert_eq!(st, 303);
    assert_eq!(header(&h, "location"), Some(format!("/f/{}", d.id).as_str()), "the console's address, without the key");
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    let set = header(&h, "set-cookie").expect("a session cookie").to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    assert!(!set.contains(&d.key), "the cookie holds a session id, never the key");
    let session = set.split(';').next().unwrap().to_string();

    // The console opens with the session, and never shows the key.
    let (st, h, page) = plain(&s, "GET", &format!("/f/{}", d.id), &[("Cookie", &session)], None);
    assert_eq!(st, 200);
    assert!(page.contains("card invite"), "the console, not the sign-in form");
    assert!(!page.contains(&d.key), "the console page never carries the key");
    assert_eq!(header(&h, "x-content-type-options"), Some("nosniff"));
    let cookie_write =
        |cookie: &str| s.raw("POST", &d.path("/stage"), None, Some(r#"{"index": 1}"#), &[("Cookie", cookie), ("Origin", &host)]).0;
    assert_eq!(cookie_write(&session), 200, "the session drives the agenda");

    // A new key: the old key and every session made with it stop at once.
    let (st, h, body) = plain(&s, "POST", &d.path("/facilitator-key"), &[("Authorization", &format!("Bearer {}", d.key))], None);
    assert_eq!(st, 200, "{body}");
    assert_eq!(header(&h, "cache-control"), Some("no-store"));
    let fresh: Value = serde_json::from_str(&body).unwrap();
    let new_key = fresh["facilitator_key"].as_str().unwrap().to_string();
    assert_ne!(new_key, d.key);
    let (st, _) = s.call("POST", &d.path("/stage"), Some(&d.key), Some(&json!({"index": 2})));
    assert_eq!(st, 401, "the old key");
    assert_eq!(cookie_write(&session), 401, "a session made with the old key");
    s.expect(200, "POST", &d.path("/stage"), Some(&new_key), Some(json!({"index": 2})));

    // Sign-out ends a session.
    let (_, h, _) = plain(&s, "GET", &format!("/f/{}/signin?key={new_key}", d.id), &[], None);
    let session = header(&h, "set-cookie").unwrap().split(';').next().unwrap().to_string();
    assert_eq!(cookie_write(&session), 200);
    let (st, _, _) = plain(&s, "POST", &format!("/f/{}/signout", d.id), &[("Cookie", &session), ("Origin", &host)], Some(""));
    assert_eq!(st, 303);
    assert_eq!(cookie_write(&session), 401, "signed out");

    // Every facilitation action is in the audit log, for the key only.
    let log = s.expect(200, "GET", &d.path("/audit"), Some(&new_key), None);
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|i| i["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"stage") && actions.contains(&"new_key"), "{actions:?}");
    assert!(log["items"][0]["at"].as_str().unwrap().ends_with('Z'));
    let (st, _) = s.call("GET", &d.path("/audit"), None, None);
    assert_eq!(st, 401, "the audit log is never public");
}

#[test]
fn every_page_carries_security_headers() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Headers"}));
    for path in ["/".to_string(), format!("/j/{}", d.code), format!("/p/{}", d.id), "/new".into(), "/o".into()] {
        let (st, h, page) = plain(&s, "GET", &path, &[], None);
        assert_eq!(st, 200, "{path}");
        let csp = header(&h, "content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP"));
        let script = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).expect("a script-src");
        assert!(script.contains("'wasm-unsafe-eval'") && script.contains("'nonce-"), "{path}: {csp}");
        assert!(!script.contains("unsafe-inline") && !script.contains("'unsafe-eval'"), "{path}: {csp}");
        for part in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        let nonce = script.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(page.contains(&format!("nonce=\"{nonce}\"")), "{path}: the page's scripts carry the header's nonce");
        assert_eq!(header(&h, "x-content-type-options"), Some("nosniff"));
        assert_eq!(header(&h, "referrer-policy"), Some("same-origin"));
    }
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    let (st, h, _) = plain(&s, "GET", &d.path("/report.html"), &[], None);
    assert_eq!(st, 200);
    let csp = header(&h, "content-security-policy").unwrap();
    assert!(csp.contains("sandbox") && csp.contains("default-src 'none'"), "{csp}");
}

#[test]
fn code_guesses_are_paced_but_a_room_gets_in() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Venue"}));
    let mut limited = None;
    for i in 0..40 {
        let (st, h, _) = plain(&s, "GET", &format!("/api/v1/join/ZZZZ{:02}", i), &[], None);
        if st == 429 {
            limited = Some(header(&h, "retry-after").map(str::to_string));
            break;
        }
        assert_eq!(st, 404);
    }
    let retry = limited.expect("unknown codes are limited past about 30 a minute");
    assert!(retry.is_some_and(|r| r.parse::<u32>().unwrap() >= 1), "429 says when to retry");
    let (st, _, _) = plain(&s, "GET", "/j/QQQQQQ", &[], None);
    assert_eq!(st, 429, "the page form of a lookup is paced too");
    // The real code still works from the same address, and a whole room joins.
    s.expect(200, "GET", &format!("/api/v1/join/{}", d.code.to_lowercase()), None, None);
    let joined: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    (0..250)
                        .filter(|_| {
                            let (st, _) = s.call("POST", &d.path("/participants"), None, Some(&json!({})));
                            st == 201
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(joined, 2000, "2,000 people behind one address all get in");
}

#[test]
fn forms_from_other_sites_are_refused() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Forms"}));
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let path = format!("/j/{}", d.code);
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Origin", "https://evil.example")], Some("name=x"));
    assert_eq!(st, 403, "another site's origin");
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Sec-Fetch-Site", "cross-site")], Some("name=x"));
    assert_eq!(st, 403, "a cross-site fetch");
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Origin", "null"), ("Sec-Fetch-Site", "cross-site")], Some("name=x"));
    assert_eq!(st, 403, "a sandboxed frame of another site");
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Cookie", "cv_o=x")], Some("name=x"));
    assert_eq!(st, 403, "no origin at all, with a cookie");
    let (st, h, _) = plain(&s, "POST", &path, &[form[0]], Some("name=x"));
    assert_eq!(st, 303, "a cookieless client is anyone");
    let cookie = header(&h, "set-cookie").unwrap().split(';').next().unwrap().to_string();

    // What a participant types never goes into a URL, even when refused.
    d.stage(&s, 1);
    let long = "secret words ".repeat(60);
    let body = format!("do=hope&text={}", long.replace(' ', "+"));
    let (st, h, _) = plain(&s, "POST", &format!("{path}/act"), &[form[0], ("Cookie", &cookie), ("Origin", &s.base)], Some(&body));
    assert_eq!(st, 303);
    let to = header(&h, "location").unwrap();
    assert!(to.contains("error=too_long") && !to.contains("secret"), "{to}");
    // The page puts it back from the server's drafts.
    let (_, _, page) = plain(&s, "GET", to, &[("Cookie", &cookie)], None);
    assert!(page.contains("secret words secret words"), "the refused text waits for its author");
}

#[test]
fn idle_and_trickling_sockets_are_closed() {
    let s = Server::fresh();
    let host = s.base.trim_start_matches("http://").to_string();
    let started = Instant::now();
    let mut idle = std::net::TcpStream::connect(&host).unwrap();
    let mut trickle = std::net::TcpStream::connect(&host).unwrap();
    trickle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    for sock in [&mut idle, &mut trickle] {
        sock.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut buf = [0u8; 256];
        let n = sock.read(&mut buf).expect("the server closes the socket within the read timeout");
        let text = String::from_utf8_lossy(&buf[..n]).to_string();
        assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "closed, not answered: {text}");
    }
    assert!(started.elapsed() < Duration::from_secs(15), "headers must arrive within 10 s");
}

#[test]
fn the_published_archive_unmasks_nobody() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Privacy", "themes": ["Media"]}));
    let ada = s.expect(201, "POST", &d.path("/participants"), None, Some(json!({"name": "Ada Lovelace", "sector": "media"})))["token"]
        .as_str()
        .unwrap()
        .to_string();
    let bob = d.join(&s, 1).remove(0);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&ada), Some(json!({"text": "ada's hope"})));
    s.expect(200, "PUT", &d.path("/concern"), Some(&ada), Some(json!({"text": "ada's concern"})));
    d.stage(&s, 3);
    let q = s.expect(201, "POST", &d.path("/questions"), Some(&ada), Some(json!({"text": "ada asks"})));
    s.expect(204, "POST", &d.path(&format!("/questions/{}/votes", q["id"].as_str().unwrap())), Some(&bob), None);
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    let public = s.expect(200, "GET", &d.path("/export.json"), None, None).to_string();
    for leak in ["Ada Lovelace", "\"media\"", "\"participants\"", "\"participant\"", "joined_at", "\"votes\""] {
        assert!(!public.contains(leak), "the public archive shows {leak}");
    }
    assert!(public.contains("ada's hope") && public.contains("\"vote_count\":1"));
    let whole = s.expect(200, "GET", &d.path("/export.json"), Some(&d.key), None).to_string();
    assert!(whole.contains("Ada Lovelace") && whole.contains("\"participant\""), "the facilitator's archive is whole");
}

#[test]
fn a_name_is_printed_only_for_those_who_asked() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Names", "themes": ["Media"]}));
    let join = |body: Value| s.expect(201, "POST", &d.path("/participants"), None, Some(body))["token"].as_str().unwrap().to_string();
    let ada = join(json!({"name": "Ada Lovelace"}));
    let grace = join(json!({"name": "Grace Hopper", "show_name": true}));
    let nobody = join(json!({"show_name": true}));
    d.stage(&s, 1);
    for (who, text) in [(&ada, "a first hope"), (&grace, "a second hope"), (&nobody, "a nameless hope")] {
        s.expect(200, "PUT", &d.path("/hope"), Some(who), Some(json!({ "text": text })));
    }
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    // The choice is kept across a restart.
    let s = Server::start(s.stop());
    for path in ["/report.md", "/report.html"] {
        let (status, _, report) = plain(&s, "GET", &d.path(path), &[], None);
        assert_eq!(status, 200);
        assert!(
            report.contains(r#"a second hope <cite class="by">— Grace Hopper</cite>"#) || report.contains("a second hope — *Grace Hopper*"),
            "{path} names the one who asked, in markup no participant can type"
        );
        assert!(!report.contains("Ada Lovelace"), "{path} names someone who did not ask");
        assert!(report.contains("a nameless hope") && !report.contains("a nameless hope —"));
    }
    let (_, pdf) = crate::report::get_bytes(&s, &d.path("/report.pdf"), None);
    let (_, pdf) = crate::report::pdf_text(&pdf);
    assert!(pdf.contains("Grace Hopper") && !pdf.contains("Ada Lovelace"), "the PDF too");
    let public = s.expect(200, "GET", &d.path("/export.json"), None, None).to_string();
    assert!(!public.contains("Ada Lovelace"));
    // A form with an unexpected value for the box is refused, and nobody joins.
    let (status, _, _) = plain(
        &s,
        "POST",
        &format!("/j/{}", d.code),
        &[("content-type", "application/x-www-form-urlencoded")],
        Some("name=X&show_name=maybe"),
    );
    assert!((400..500).contains(&status), "{status}");
}

#[test]
fn a_report_with_a_huge_word_renders() {
    let s = Server::fresh();
    let word = "W".repeat(20_000);
    let d = Dialogue::create(&s, json!({"title": "Long", "report": {"title": "R", "summary": word}}));
    let (st, h, _) = plain(&s, "GET", &d.path("/report.pdf"), &[("Authorization", &format!("Bearer {}", d.key))], None);
    assert_eq!(st, 200);
    assert_eq!(header(&h, "content-type"), Some("application/pdf"));
    // Writes are acknowledged meanwhile; the report is rendered from a copy.
    let t = d.join(&s, 1).remove(0);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&t), Some(json!({"text": "still writing"})));
}

#[test]
fn a_participant_erases_what_they_gave() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Erasure", "themes": ["Media"]}));
    let people = d.join(&s, 2);
    let (me, other) = (&people[0], &people[1]);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(me), Some(json!({"text": "my hope to forget"})));
    s.expect(200, "PUT", &d.path("/hope"), Some(other), Some(json!({"text": "their hope stays"})));
    d.stage(&s, 3);
    let theirs = s.expect(201, "POST", &d.path("/questions"), Some(other), Some(json!({"text": "their question"})));
    s.expect(204, "POST", &d.path(&format!("/questions/{}/votes", theirs["id"].as_str().unwrap())), Some(me), None);
    let mine = s.expect(201, "POST", &d.path("/questions"), Some(me), Some(json!({"text": "my question to forget"})));
    s.expect(204, "POST", &d.path(&format!("/questions/{}/votes", mine["id"].as_str().unwrap())), Some(other), None);
    d.stage(&s, 4);
    s.expect(200, "PUT", &d.path("/rating"), Some(me), Some(json!({"value": 5})));
    let events = s.subscribe(&d.path("/events"));
    crate::support::next_event(&events, "summary", Duration::from_secs(5));

    let (st, _) = s.call("DELETE", &d.path("/me"), Some(me), None);
    assert_eq!(st, 204);
    let sum = s.summary(&d.id);
    assert_eq!(
        (sum["participants"].as_u64(), sum["hopes"]["count"].as_u64(), sum["questions"]["count"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(sum["questions"]["items"][0]["votes"], 0, "their vote is gone");
    assert_eq!(sum["resonance"]["count"], 0, "their rating is gone");
    assert!(!sum.to_string().contains("to forget"));
    let live = crate::support::next_event(&events, "summary", Duration::from_secs(5));
    assert!(!live.to_string().contains("to forget"), "live streams drop it too");
    let (st, _) = s.call("GET", &d.path("/me"), Some(me), None);
    assert_eq!(st, 401, "their token no longer works");
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    for path in ["/report.html", "/report.md", "/export.csv", "/export.json"] {
        let (_, _, body) = plain(&s, "GET", &d.path(path), &[], None);
        assert!(!body.contains("to forget") && body.contains("their hope stays"), "{path}");
    }
    let whole = s.expect(200, "GET", &d.path("/export.json"), Some(&d.key), None);
    assert!(!whole.to_string().contains("to forget"), "not even in the facilitator's archive");
}

#[test]
fn a_deleted_dialogue_is_gone_from_the_files() {
    if crate::support::sqlite_only("erasure from the database files") {
        return;
    }
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Delete me"}));
    let t = d.join(&s, 1).remove(0);
    d.stage(&s, 1);
    let marker = "zebra-marmalade-quartz";
    s.expect(200, "PUT", &d.path("/hope"), Some(&t), Some(json!({"text": marker})));
    let in_files = || {
        ["", "-wal"].iter().any(|suffix| {
            let bytes = std::fs::read(format!("{}{suffix}", s.db.display())).unwrap_or_default();
            bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
        })
    };
    assert!(in_files(), "an acknowledged write is on disk");
    let (st, _) = s.call("DELETE", &d.path(""), Some(&t), None);
    assert_eq!(st, 403, "a participant cannot delete the dialogue");
    let (st, _) = s.call("DELETE", &d.path(""), Some(&d.key), None);
    assert_eq!(st, 204);
    for path in [d.path(""), d.path("/summary"), d.path("/export.json"), format!("/api/v1/join/{}", d.code)] {
        let (st, _) = s.call("GET", &path, Some(&d.key), None);
        assert_eq!(st, 404, "{path}");
    }
    let (st, _) = s.call("PUT", &d.path("/hope"), Some(&t), Some(&json!({"text": "again"})));
    assert_eq!(st, 404);
    assert!(!in_files(), "the text is gone from the database and its log");
}

#[test]
fn closed_dialogues_are_purged_after_their_retention() {
    let s = Server::fresh();
    let closed = Dialogue::create(&s, json!({"title": "Over"}));
    let live = Dialogue::create(&s, json!({"title": "Still on"}));
    s.expect(200, "POST", &closed.path("/close"), Some(&closed.key), None);
    let db = s.stop();
    let s = Server::start_with(db, &["--retain-days", "0"]);
    let gone = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        s.call("GET", &closed.path(""), None, None).0 == 404
    });
    assert!(gone, "a dialogue closed longer ago than the retention is deleted");
    s.expect(200, "GET", &live.path(""), None, None);
}

#[test]
fn mutated_requests_never_get_a_5xx_or_a_dropped_connection() {
    let s = Server::fresh();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_convene-fuzz"))
        .args(["--url", &s.base, "--organiser-key", &s.organiser, "--requests", "20000", "--threads", "4"])
        .output()
        .expect("convene-fuzz runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("5xx: 0, dropped connections: 0, server alive after: true"), "{report}");
    s.expect(200, "GET", "/healthz", None, None);
}

#[test]
fn the_api_is_described_by_an_openapi_document() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Described", "themes": ["Media"]}));
    let doc = s.expect(200, "GET", "/api/v1/openapi.json", None, None);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            assert!(op["responses"]["4XX"].is_object(), "{method} {path} documents its errors");
            assert!(op["security"].is_array(), "{method} {path} says what credential it takes");
            // Every documented operation is one the server routes: never "no such endpoint".
            let real = path.replace("{id}", &d.id).replace("{cid}", &d.id).replace("{index}", "0").replace("{code}", &d.code);
            if real.ends_with("/events") {
                continue;
            }
            let (status, body) = s.raw(&method.to_uppercase(), &real, None, None, &[]);
            assert!(status != 405 && body["error"]["message"] != "There is no such endpoint.", "{method} {path}: {status} {body}");
        }
    }
    assert_eq!(operations, 47, "every operation of the API is in the document");
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for body in ["CreateDialogue", "Archive", "Joining", "TextBody", "RatingBody", "ErrorBody"] {
        assert!(schemas.contains_key(body), "the schema of {body}");
    }
}

#[test]
fn behind_a_proxy_that_rewrites_host_forms_from_the_public_origin_are_ours() {
    // nginx's default sends the upstream's address as Host; the browser's
    // Origin is the public one.
    let s = Server::start_with(crate::support::temp_dir().join("convene.sqlite3"), &["--public-url", "https://convene.example/"]);
    let d = Dialogue::create(&s, json!({"title": "Proxied"}));
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let path = format!("/j/{}", d.code);
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Origin", "https://convene.example")], Some("name=x"));
    assert_eq!(st, 303, "the public origin is ours whatever the Host");
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Origin", "http://convene.example")], Some("name=x"));
    assert_eq!(st, 403, "another scheme is another origin");
    let (st, _, _) = plain(&s, "POST", &path, &[form[0], ("Origin", "https://convene.example.evil.example")], Some("name=x"));
    assert_eq!(st, 403);
}
