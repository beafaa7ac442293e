//! `convene backup`: a consistent copy taken while writes go on, which a
//! server then starts on with every dialogue and every acknowledged write.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::json;

use crate::support::{temp_dir, Dialogue, Server};

fn backup(db: &std::path::Path, out: &std::path::Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_convene")).arg("backup").arg("--db").arg(db).arg(out).output().unwrap();
    (o.status.success(), format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
}

#[test]
fn a_backup_taken_under_writes_starts_a_server_with_everything_acknowledged_before_it() {
    if crate::support::sqlite_only("convene backup") {
        return;
    }
    let s = Server::fresh();
    let dialogues: Vec<Dialogue> = (0..5).map(|i| Dialogue::create(&s, json!({"title": format!("Dialogue {i}")}))).collect();
    let d = &dialogues[0];
    let people = d.join(&s, 3);
    d.stage(&s, 3);
    let before = s.expect(201, "POST", &d.path("/questions"), Some(&people[0]), Some(json!({"text": "Acknowledged before the backup"})));

    d.stage(&s, 4);
    // Ratings keep changing while the copy is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, url, path, token) = (stop.clone(), s.url(""), d.path("/rating"), people[1].clone());
        std::thread::spawn(move || {
            let mut saved = 0;
            for n in 0..2000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let r = ureq::put(&format!("{url}{path}"))
                    .set("Authorization", &format!("Bearer {token}"))
                    .send_json(json!({"value": n % 5 + 1}));
                match r {
                    Ok(_) => saved += 1,
                    Err(ureq::Error::Status(code, _)) => assert!(code < 500, "writes go on during the backup: {code}"),
                    Err(e) => panic!("{e}"),
                }
            }
            saved
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = temp_dir().join("backup.sqlite3");
    let (ok, said) = backup(&s.db, &out);
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(ok, "{said}");
    assert!(said.contains("5 dialogues, integrity ok"), "{said}");
    assert!(written > 0);
    // A second backup to the same file is refused, and the copy is untouched.
    let (again, said) = backup(&s.db, &out);
    assert!(!again && said.contains("exists already"), "{said}");
    let (missing, said) = backup(&temp_dir().join("none.sqlite3"), &temp_dir().join("x.sqlite3"));
    assert!(!missing && said.contains("no database"), "{said}");

    // The copy holds the same organiser, and so takes the same key.
    std::fs::write(out.with_extension("organiser-key"), &s.organiser).unwrap();
    let restored = Server::start(out);
    for x in &dialogues {
        restored.expect(200, "GET", &x.path(""), None, None);
    }
    let summary = restored.summary(&d.id);
    let texts: Vec<&str> = summary["questions"]["items"].as_array().unwrap().iter().filter_map(|q| q["text"].as_str()).collect();
    assert!(texts.contains(&"Acknowledged before the backup"), "{texts:?}");
    assert_eq!(before["text"], "Acknowledged before the backup");
}
