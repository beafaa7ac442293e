//! `convene organiser add|list|remove`: who may create and import
//! dialogues. Works on the database file directly, also while a server
//! runs on it; a removed organiser's key stops working at once.

use std::path::PathBuf;

use crate::config::USAGE;
use crate::store::{accounts, db};

/// Runs the subcommand; the process's exit code.
pub fn run(args: &[String], env: impl Fn(&str) -> Option<String>) -> i32 {
    match parse_and_run(args, env) {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("{msg}");
            2
        }
    }
}

fn parse_and_run(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<(), String> {
    let mut db_path: PathBuf = env("CONVENE_DB").unwrap_or_else(|| "data/convene.sqlite3".into()).into();
    let mut words: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.split_once('=') {
            Some(("--db", v)) => db_path = v.into(),
            _ if a == "--db" => db_path = it.next().ok_or_else(|| format!("--db needs a value\n\n{USAGE}"))?.into(),
            _ if a == "-h" || a == "--help" => return Err(USAGE.to_string()),
            _ if a.starts_with("--") => return Err(format!("unknown argument {a}\n\n{USAGE}")),
            _ => words.push(a),
        }
    }
    if let Some(dir) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let conn = db::open(&db_path).map_err(|e| format!("cannot open {}: {e}", db_path.display()))?;
    match words.as_slice() {
        ["add", name] => {
            let key = accounts::add_organiser(&conn, name)?;
            println!("Organiser {name:?} added. Their key, shown this once (keep it secret):");
            println!("{key}");
        }
        ["list"] => {
            for (name, at) in accounts::list_organisers(&conn)? {
                println!("{name}\tadded {}", convene::time::rfc3339(at));
            }
        }
        ["remove", name] => {
            if !accounts::remove_organiser(&conn, name)? {
                return Err(format!("no organiser is named {name:?}"));
            }
            println!("Organiser {name:?} removed; their key and sessions no longer work.");
        }
        _ => return Err(format!("usage: convene organiser add NAME | list | remove NAME [--db FILE]\n\n{USAGE}")),
    }
    Ok(())
}
