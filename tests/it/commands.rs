//! The command line: `--help`, environment variables, `export` and
//! `import` beside a running server, and a database from a newer Convene.

use std::process::Command;

use serde_json::{json, Value};

use crate::support::{temp_dir, Dialogue, Server};

fn convene(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_convene")).args(args).envs(env.iter().copied()).output().unwrap();
    (o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn help_names_every_command_and_its_environment_variables() {
    let (ok, out, _) = convene(&["--help"], &[]);
    assert!(ok);
    for word in [
        "serve",
        "organiser",
        "backup",
        "export",
        "import",
        "migrate",
        "CONVENE_ADDR",
        "CONVENE_DB",
        "CONVENE_DATABASE_URL",
        "CONVENE_PUBLIC_URL",
    ] {
        assert!(out.contains(word), "--help names {word}:\n{out}");
    }
    let (ok, _, err) = convene(&["--no-such-flag"], &[]);
    assert!(!ok && err.contains("--no-such-flag"), "{err}");
    // The environment stands in for a flag.
    let db = temp_dir().join("env.sqlite3");
    let (ok, out, err) = convene(&["organiser", "add", "Env"], &[("CONVENE_DB", db.to_str().unwrap())]);
    assert!(ok, "{err}");
    assert!(out.contains("Env"));
    let (ok, out, _) = convene(&["organiser", "list", "--db", db.to_str().unwrap()], &[]);
    assert!(ok && out.starts_with("Env\t"), "{out}");
}

#[test]
fn an_exported_dialogue_imports_beside_a_running_server_which_then_serves_it() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Exported whole"}));
    let people = d.join(&s, 2);
    d.stage(&s, 3);
    s.expect(201, "POST", &d.path("/questions"), Some(&people[0]), Some(json!({"text": "Does the archive keep this?"})));
    let at = crate::support::db_args(&s.db);
    let export = |rest: &[&str]| convene(&[&["export"], &at.iter().map(String::as_str).collect::<Vec<_>>()[..], rest].concat(), &[]);
    let import = |rest: &[&str]| convene(&[&["import"], &at.iter().map(String::as_str).collect::<Vec<_>>()[..], rest].concat(), &[]);

    let archive = temp_dir().join("archive.json");
    let (ok, said, err) = export(&[&d.id, "--out", archive.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(said.contains("Exported \"Exported whole\""), "{said}");
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(&archive).unwrap()).unwrap();
    assert_eq!(whole["format"], "convene-archive/1");
    assert!(whole["audit"].as_array().is_some_and(|a| !a.is_empty()), "the audit log travels with it");
    // Never over an existing file; an unknown id is said plainly.
    let (ok, _, err) = export(&[&d.id, "--out", archive.to_str().unwrap()]);
    assert!(!ok && err.contains("new file"), "{err}");
    let (ok, _, err) = export(&["00000000-0000-4000-8000-000000000000"]);
    assert!(!ok && err.contains("no dialogue"), "{err}");
    // To standard output by default.
    let (ok, out, _) = export(&[&d.id]);
    assert!(ok && out.contains("Does the archive keep this?"));

    let (ok, said, err) = import(&[archive.to_str().unwrap(), "--organiser", "tests"]);
    assert!(ok, "{err}");
    let field = |name: &str| {
        said.lines().find_map(|l| l.trim().strip_prefix(name)).map(|v| v.trim().split(' ').next().unwrap().to_string()).unwrap()
    };
    let id = said.lines().next().unwrap().rsplit(' ').next().unwrap().to_string();
    let (code, key) = (field("join code:"), field("facilitator key:"));
    assert_ne!(id, d.id);
    // The running server finds it by code and by id, with its content, and the new key works.
    let found = s.expect(200, "GET", &format!("/api/v1/join/{code}"), None, None);
    assert_eq!((found["id"].as_str(), found["title"].as_str()), (Some(id.as_str()), Some("Exported whole")));
    let summary = s.summary(&id);
    assert_eq!(summary["questions"]["items"][0]["text"], "Does the archive keep this?");
    s.expect(200, "GET", &format!("/api/v1/dialogues/{id}/audit"), Some(&key), None);
    // It belongs to the organiser named.
    if crate::support::postgres().is_none() {
        let conn = rusqlite::Connection::open(&s.db).unwrap();
        let owner: String = conn.query_row("SELECT organiser FROM dialogues WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
        assert_eq!(owner, "tests");
    }

    let (ok, _, err) = import(&[archive.to_str().unwrap(), "--organiser", "nobody"]);
    assert!(!ok && err.contains("no organiser is named"), "{err}");
    let junk = temp_dir().join("junk.json");
    std::fs::write(&junk, "[1, 2").unwrap();
    let (ok, _, err) = import(&[junk.to_str().unwrap()]);
    assert!(!ok && err.contains("not a dialogue archive"), "{err}");
    std::fs::write(&junk, "{}").unwrap();
    let (ok, _, err) = import(&[junk.to_str().unwrap()]);
    assert!(!ok && err.contains("cannot be imported: The field `title`"), "{err}");
}

#[test]
fn a_database_from_a_newer_convene_is_refused_with_a_reason() {
    if crate::support::sqlite_only("a file from a newer Convene") {
        return;
    }
    let s = Server::fresh();
    Dialogue::create(&s, json!({"title": "Before the downgrade"}));
    let db = s.stop();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let db = db.to_str().unwrap();
    let (ok, _, err) = convene(&["--addr", "127.0.0.1:0", "--db", db], &[]);
    assert!(!ok && err.contains("newer Convene"), "{err}");
    let (ok, _, err) = convene(&["organiser", "list", "--db", db], &[]);
    assert!(!ok && err.contains("newer Convene"), "{err}");
    // Nothing was changed: the version stays what the newer release wrote.
    let conn = rusqlite::Connection::open(db).unwrap();
    assert_eq!(conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 999);
}

#[test]
fn the_demo_prints_its_links_and_says_when_phones_cannot_reach_them() {
    let db = temp_dir().join("convene.sqlite3");
    let s = Server::start_with(db.clone(), &["--demo"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let said = loop {
        let said = s.said.lock().unwrap().join("\n");
        if said.contains("Phones cannot open") || std::time::Instant::now() > deadline {
            break said;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(said.contains("join code:") && said.contains(&format!("participant: {}/j/", s.base)), "{said}");
    assert!(said.contains(&format!("Phones cannot open {}: ", s.base)) && said.contains("--addr 0.0.0.0:"), "{said}");
    if crate::support::postgres().is_none() {
        let links = std::fs::read_to_string(db.with_extension("demo-links.txt")).unwrap();
        assert!(links.contains("{public}/j/"), "the saved links leave the address to the next start: {links}");
    }
    s.stop();
}
