//! `convene export ID` and `convene import FILE`: a dialogue's archive to
//! and from the database file, also while a server runs on it (a running
//! server finds an imported dialogue on its first use).

use std::io::Read;
use std::path::Path;

use convene::archive::{Archive, AuditLine};
use convene::Dialogue;
use serde_json::Value;

use crate::store::sql::Location;
use crate::store::{accounts, db, ServiceError, Store};

/// The largest archive `import` reads, as for the API.
const ARCHIVE_MAX: u64 = 16 * 1024 * 1024;

/// The facilitators' archive: everything, with the audit log.
pub fn whole_archive(d: &Dialogue, audit: Vec<AuditLine>) -> Value {
    let mut archive = convene::export::export(d, true);
    archive["audit"] = Value::Array(audit.into_iter().map(crate::api::public::audit_json).collect());
    archive
}

fn finish(result: Result<String, String>) -> i32 {
    match result {
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

/// Prints (or writes to `out`, a new file) one dialogue's whole archive.
pub fn export(at: &Location, id: uuid::Uuid, out: Option<&Path>) -> i32 {
    let run = || -> Result<String, String> {
        if let Location::File(path) = at {
            if !path.is_file() {
                return Err(format!("there is no database at {}", path.display()));
            }
        }
        let mut conn = crate::store::open_database(at)?;
        let d = db::load(&mut conn, id)?.ok_or_else(|| format!("no dialogue has the id {id}"))?;
        let audit = accounts::Accounts::open(at)?.audit_log(id);
        let text = serde_json::to_string_pretty(&whole_archive(&d, audit)).map_err(|e| e.to_string())?;
        match out {
            None => Ok(text),
            Some(out) => {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(out)
                    .map_err(|e| format!("cannot write {} (it must be a new file): {e}", out.display()))?;
                std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| e.to_string())?;
                Ok(format!("Exported {:?} to {}.", d.spec.title, out.display()))
            }
        }
    };
    finish(run())
}

/// Adds the dialogue in `file` with a new id, code and facilitator key, and prints them.
pub async fn import(at: &Location, file: &Path, organiser: Option<&str>) -> i32 {
    finish(import_file(at, file, organiser).await)
}

async fn import_file(at: &Location, file: &Path, organiser: Option<&str>) -> Result<String, String> {
    let mut text = Vec::new();
    std::fs::File::open(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .take(ARCHIVE_MAX + 1)
        .read_to_end(&mut text)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if text.len() as u64 > ARCHIVE_MAX {
        return Err(format!("{} is larger than 16 MiB", file.display()));
    }
    let archive: Archive = serde_json::from_slice(&text).map_err(|e| format!("{} is not a dialogue archive: {e}", file.display()))?;
    let (store, writer) = Store::open(at)?;
    if let Some(name) = organiser {
        let mut conn = crate::store::open_database(at)?;
        if !accounts::list_organisers(&mut conn)?.iter().any(|(n, _)| n == name) {
            return Err(format!("no organiser is named {name:?} (convene organiser list)"));
        }
    }
    let created = store.import(archive, organiser).await;
    drop(store);
    let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    match created {
        Ok(c) => Ok(format!(
            "Imported as dialogue {}\n  join code:       {}\n  facilitator key: {} (shown this once; keep it secret)",
            c.id, c.code, c.facilitator_key
        )),
        Err(ServiceError::Domain(e)) => Err(format!("{} cannot be imported: {}", file.display(), e.message)),
        Err(ServiceError::Unavailable | ServiceError::Paced(_)) => Err("the database could not take the import; try again".into()),
    }
}
