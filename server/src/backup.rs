//! `convene backup --db DB OUT`: a consistent copy of the database, also
//! while a server writes to it. SQLite's `VACUUM INTO` copies one snapshot
//! (the writer is not blocked); the copy is checked with `integrity_check`
//! before it is reported done, and removed if it fails.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// Runs the subcommand; the process's exit code.
pub fn run(at: &crate::store::sql::Location, out: &Path) -> i32 {
    let done = match at {
        crate::store::sql::Location::File(db) => backup(db, out),
        crate::store::sql::Location::Url(_) => Err(format!(
            "PostgreSQL is backed up with its own tools, also while nodes write to it: \
             pg_dump --format=custom --file={} followed by the same connection options as {} \
             (restore with pg_restore into an empty database); see OPERATIONS.md",
            out.display(),
            at.describe()
        )),
    };
    match done {
        Ok(report) => {
            println!("{report}");
            0
        }
        Err(msg) => {
            eprintln!("{msg}");
            2
        }
    }
}

/// Copies `db` to `out` (a new file) and checks the copy.
pub fn backup(db: &Path, out: &Path) -> Result<String, String> {
    if out.exists() {
        return Err(format!("{} exists already: name a new file", out.display()));
    }
    if !db.is_file() {
        return Err(format!("there is no database at {}", db.display()));
    }
    let source = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    source.busy_timeout(std::time::Duration::from_secs(30)).map_err(|e| e.to_string())?;
    let target = out.to_str().ok_or_else(|| format!("{} is not a UTF-8 path", out.display()))?;
    source.execute("VACUUM INTO ?1", [target]).map_err(|e| format!("the copy to {} failed: {e}", out.display()))?;
    let check = || -> rusqlite::Result<(String, i64)> {
        let copy = Connection::open_with_flags(out, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let dialogues: i64 = copy.query_row("SELECT count(*) FROM dialogues", [], |r| r.get(0))?;
        Ok((ok, dialogues))
    };
    match check() {
        Ok((ok, dialogues)) if ok == "ok" => {
            Ok(format!("Backed up {} to {}: {dialogues} dialogues, integrity ok.", db.display(), out.display()))
        }
        Ok((ok, _)) => {
            let _ = std::fs::remove_file(out);
            Err(format!("the copy failed its integrity check ({ok}); it was removed"))
        }
        Err(e) => {
            let _ = std::fs::remove_file(out);
            Err(format!("the copy could not be checked ({e}); it was removed"))
        }
    }
}
