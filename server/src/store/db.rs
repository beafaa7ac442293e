//! The SQLite file: schema migrations, the rows of each change, and
//! loading every dialogue back at start.

use std::collections::HashMap;
use std::path::Path;

use convene::agenda::Agenda;
use convene::contribution::{Contribution, Kind};
use convene::dialogue::{Change, Dialogue, Participant, Status};
use convene::spec::DialogueSpec;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

/// Versioned migrations; `PRAGMA user_version` is how many have run.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE dialogues (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    spec TEXT NOT NULL,
    agenda TEXT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    published INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    name TEXT,
    sector TEXT,
    secret_hash TEXT NOT NULL,
    joined_at INTEGER NOT NULL,
    rating INTEGER
);
CREATE INDEX participants_by_dialogue ON participants (dialogue_id);
CREATE TABLE contributions (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    author TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    theme TEXT,
    answer TEXT,
    hidden INTEGER NOT NULL,
    merged_into TEXT,
    created_at INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX contributions_by_dialogue ON contributions (dialogue_id, seq);
CREATE TABLE backings (
    contribution_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    dialogue_id TEXT NOT NULL,
    PRIMARY KEY (contribution_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX backings_by_dialogue ON backings (dialogue_id);
"#,
    r#"
ALTER TABLE dialogues ADD COLUMN organiser TEXT;
CREATE INDEX dialogues_by_organiser ON dialogues (organiser);
CREATE TABLE organisers (
    name TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_subject ON sessions (kind, subject);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    dialogue_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_by_dialogue ON audit (dialogue_id, seq);
"#,
    r#"
ALTER TABLE participants ADD COLUMN show_name INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contributions ADD COLUMN carried TEXT;
"#,
    r#"
CREATE TABLE team (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE INDEX team_by_dialogue ON team (dialogue_id);
"#,
];

/// Frames the write-ahead log may hold (4 KiB pages: 64 MiB) before a
/// checkpoint makes it start over (the file is then reused, not grown).
const WAL_RESTART_FRAMES: i64 = 16_384;

/// Copies the write-ahead log into the database every half second on its
/// own connection and thread, so the writer never stalls on a checkpoint.
/// Ends when `alive`'s sender is dropped. On success the caller turns the
/// writer's own automatic checkpoints off.
pub fn spawn_checkpointer(path: &Path, alive: std::sync::mpsc::Receiver<()>) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    std::thread::Builder::new()
        .name("convene-checkpoint".into())
        .spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = alive.recv_timeout(std::time::Duration::from_millis(500)) {
                // (busy, frames in the log, frames copied): a passive checkpoint
                // never waits, but under steady writes the log never starts
                // over and grows without end; past WAL_RESTART_FRAMES one
                // checkpoint waits for the writer and restarts it.
                match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1)) {
                    Ok(frames) if frames > WAL_RESTART_FRAMES => {
                        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(())) {
                            tracing::warn!(error = %e, "the write-ahead log could not be restarted; retrying");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "checkpoint failed; retrying"),
                }
            }
        })
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    Ok(())
}

pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Every acknowledged write survives a crash or power loss; batching pays for the fsync.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted text is overwritten, not left in free pages: erasure means gone.
    conn.pragma_update(None, "secure_delete", "FAST")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // A negative version is no Convene's: refused like a newer one.
    let done = usize::try_from(version).unwrap_or(usize::MAX);
    if done > MIGRATIONS.len() {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(format!(
                "this database was written by a newer Convene (schema version {version}; this one knows {}): run that version, or restore a backup taken before the upgrade",
                MIGRATIONS.len()
            )),
        ));
    }
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", n as i64 + 1)?;
        tx.commit()?;
        tracing::info!(version = n + 1, "applied schema migration");
    }
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Writes the rows one change left, from the dialogue as it is now.
pub fn persist(tx: &Transaction, d: &Dialogue, change: Change) -> rusqlite::Result<()> {
    let did = d.id.to_string();
    match change {
        Change::Dialogue => {
            tx.prepare_cached(
                "INSERT INTO dialogues (id, code, key_hash, spec, agenda, status, conclusion, published, revision, created_at, organiser)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET key_hash = ?3, spec = ?4, agenda = ?5, status = ?6, conclusion = ?7, published = ?8, revision = ?9",
            )?
            .execute(params![
                did,
                d.code,
                d.key_hash,
                json(&d.spec),
                json(&d.agenda),
                d.status.as_str(),
                d.conclusion,
                d.published,
                d.revision as i64,
                d.created_at,
                d.organiser
            ])?;
        }
        Change::Participant(pid) => {
            if let Some(p) = d.participants.get(&pid) {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO participants (id, dialogue_id, name, sector, secret_hash, joined_at, rating, show_name)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    pid.to_string(),
                    did,
                    p.name,
                    p.sector.map(convene::dialogue::Sector::as_str),
                    p.secret_hash,
                    p.joined_at,
                    p.rating,
                    p.show_name
                ])?;
            }
        }
        Change::Rating(pid) => {
            if let Some(p) = d.participants.get(&pid) {
                tx.prepare_cached("UPDATE participants SET rating = ?2 WHERE id = ?1")?.execute(params![pid.to_string(), p.rating])?;
            }
        }
        Change::Contribution(cid) => {
            if let Some(c) = d.contributions.get(&cid) {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO contributions (id, dialogue_id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    cid.to_string(),
                    did,
                    c.author.to_string(),
                    c.kind.as_str(),
                    c.text,
                    c.theme,
                    c.answer,
                    c.hidden,
                    c.merged_into.map(|m| m.to_string()),
                    c.created_at,
                    c.seq as i64,
                    (!c.carried.is_empty()).then(|| c.carried.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" "))
                ])?;
            }
        }
        Change::ContributionRemoved(cid) => {
            let cid = cid.to_string();
            tx.prepare_cached("DELETE FROM contributions WHERE id = ?1")?.execute([&cid])?;
            tx.prepare_cached("DELETE FROM backings WHERE contribution_id = ?1")?.execute([&cid])?;
        }
        Change::ParticipantRemoved(pid) => {
            let pid = pid.to_string();
            tx.prepare_cached("DELETE FROM participants WHERE id = ?1")?.execute([&pid])?;
            tx.prepare_cached("DELETE FROM backings WHERE participant_id = ?1 AND dialogue_id = ?2")?.execute([&pid, &did])?;
        }
        Change::Backing { contribution, participant, on: true } => {
            tx.prepare_cached("INSERT OR IGNORE INTO backings (contribution_id, participant_id, dialogue_id) VALUES (?1, ?2, ?3)")?
                .execute(params![contribution.to_string(), participant.to_string(), did])?;
        }
        Change::Backing { contribution, participant, on: false } => {
            tx.prepare_cached("DELETE FROM backings WHERE contribution_id = ?1 AND participant_id = ?2")?
                .execute(params![contribution.to_string(), participant.to_string()])?;
        }
    }
    Ok(())
}

/// The revision moves with nearly every write: one small update per dialogue per batch.
pub fn persist_revision(tx: &Transaction, d: &Dialogue) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE dialogues SET revision = ?2 WHERE id = ?1")?.execute(params![d.id.to_string(), d.revision as i64])?;
    Ok(())
}

fn uuid(s: String) -> rusqlite::Result<Uuid> {
    Uuid::try_parse(&s).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(s: String) -> rusqlite::Result<T> {
    serde_json::from_str(&s).map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

/// Deletes a dialogue and everything of it, its sessions and audit log too.
pub fn delete_dialogue(tx: &Transaction, id: Uuid) -> rusqlite::Result<()> {
    let did = id.to_string();
    for sql in [
        "DELETE FROM backings WHERE dialogue_id = ?1",
        "DELETE FROM contributions WHERE dialogue_id = ?1",
        "DELETE FROM participants WHERE dialogue_id = ?1",
        "DELETE FROM audit WHERE dialogue_id = ?1",
        "DELETE FROM team WHERE dialogue_id = ?1",
        // The facilitator's sessions (`ID`) and the team's (`ID/MEMBER`).
        "DELETE FROM sessions WHERE kind = 'facilitator' AND subject >= ?1 AND subject < ?1 || '0'",
        "DELETE FROM dialogues WHERE id = ?1",
    ] {
        tx.execute(sql, [&did])?;
    }
    Ok(())
}

/// Every dialogue's id and join code.
pub fn dialogue_codes(conn: &Connection) -> rusqlite::Result<Vec<(Uuid, String)>> {
    let mut st = conn.prepare("SELECT id, code FROM dialogues")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|(id, code)| Ok((uuid(id)?, code))).collect()
}

/// A dialogue's join code, if it is on disk.
pub fn code_of(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT code FROM dialogues WHERE id = ?1")?.query_row([id.to_string()], |r| r.get(0)).optional()
}

/// The dialogue a join code opens, if any is on disk.
pub fn id_of(conn: &Connection, code: &str) -> rusqlite::Result<Option<Uuid>> {
    let id: Option<String> = conn.prepare_cached("SELECT id FROM dialogues WHERE code = ?1")?.query_row([code], |r| r.get(0)).optional()?;
    id.map(uuid).transpose()
}

/// Loads one dialogue with its participants, contributions and backings.
pub fn load(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Dialogue>> {
    let did = id.to_string();
    let shell = conn
        .query_row(
            "SELECT code, key_hash, spec, agenda, status, conclusion, published, revision, created_at, organiser FROM dialogues WHERE id = ?1",
            [&did],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            },
        )
        .optional()?;
    let Some((code, key_hash, spec, agenda, status, conclusion, published, revision, created_at, organiser)) = shell else {
        return Ok(None);
    };
    let mut spec: DialogueSpec = from_json(spec)?;
    if !spec.scale.valid() {
        // Stored before scales were bounded: serve it with a sane one.
        tracing::warn!(dialogue = %id, "a stored scale is out of bounds; using the default");
        spec.scale = convene::spec::Scale::default();
    }
    let agenda: Agenda = from_json(agenda)?;
    let mut d = Dialogue::new(id, code, key_hash, spec, Vec::new(), created_at);
    d.agenda = agenda;
    d.status = Status::parse(&status).unwrap_or(Status::Live);
    d.conclusion = conclusion;
    d.published = published;
    d.revision = revision as u64;
    d.organiser = organiser;

    let mut st =
        conn.prepare_cached("SELECT id, name, sector, secret_hash, joined_at, rating, show_name FROM participants WHERE dialogue_id = ?1")?;
    let mut people: HashMap<Uuid, Participant> = HashMap::new();
    for row in st.query_map([&did], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))? {
        let (pid, name, sector, secret_hash, joined_at, rating, show_name) = row?;
        let sector: Option<String> = sector;
        let sector = sector.as_deref().and_then(convene::dialogue::Sector::parse);
        let pid = uuid(pid)?;
        people.insert(
            pid,
            Participant {
                id: pid,
                name,
                show_name,
                sector,
                secret_hash,
                joined_at,
                rating,
                own: Vec::new(),
                votes: Default::default(),
                endorsements: Default::default(),
            },
        );
    }
    let mut st = conn.prepare_cached(
        "SELECT id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried
         FROM contributions WHERE dialogue_id = ?1 ORDER BY seq",
    )?;
    let mut items: Vec<Contribution> = Vec::new();
    let mut position: HashMap<Uuid, usize> = HashMap::new();
    for row in st.query_map([&did], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, bool>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, i64>(8)?,
            r.get::<_, i64>(9)?,
            r.get::<_, Option<String>>(10)?,
        ))
    })? {
        let (cid, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried) = row?;
        let Some(kind) = Kind::parse(&kind) else { continue };
        let c = Contribution {
            id: uuid(cid)?,
            kind,
            author: uuid(author)?,
            text,
            theme,
            answer,
            hidden,
            merged_into: merged_into.map(uuid).transpose()?,
            created_at,
            seq: seq as u64,
            backers: Default::default(),
            carried: carried.unwrap_or_default().split_whitespace().map(|b| uuid(b.to_string())).collect::<rusqlite::Result<_>>()?,
        };
        if let Some(p) = people.get_mut(&c.author) {
            p.own.push(c.id);
        }
        position.insert(c.id, items.len());
        items.push(c);
    }
    let mut st = conn.prepare_cached("SELECT contribution_id, participant_id FROM backings WHERE dialogue_id = ?1")?;
    for row in st.query_map([&did], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (cid, pid) = row?;
        let (cid, pid) = (uuid(cid)?, uuid(pid)?);
        let Some(&at) = position.get(&cid) else { continue };
        let c = &mut items[at];
        c.backers.insert(pid);
        // A merged item's backers are kept for an undo; they back it no longer.
        if c.merged_into.is_some() {
            continue;
        }
        if let Some(p) = people.get_mut(&pid) {
            if c.kind == Kind::Question {
                p.votes.insert(cid)
            } else {
                p.endorsements.insert(cid)
            };
        }
    }
    Ok(Some(Dialogue::restore(d, people.into_values().collect(), items)))
}
