//! The database: schema migrations (SQLite and PostgreSQL), the rows of
//! each change, and loading a dialogue back.

use std::collections::HashMap;
use std::path::Path;

use convene::agenda::Agenda;
use convene::contribution::{Contribution, Kind};
use convene::dialogue::{Change, Dialogue, Participant, Status};
use convene::spec::DialogueSpec;
use rusqlite::Connection;
use uuid::Uuid;

use super::sql::{Conn, Error, Exec, Location, Result};

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

/// PostgreSQL's schema: SQLite's after all of `MIGRATIONS`, with typed
/// columns, and what several nodes share: the journal (`journal`,
/// `dialogues.log_seq`) and the number the next contribution takes
/// (`dialogues.next_seq`: a withdrawn last item leaves a gap, which a copy
/// loaded from the rows alone would not know of). `convene_schema` says
/// how many have run.
const PG_MIGRATIONS: &[&str] = &[r#"
CREATE TABLE dialogues (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    spec TEXT NOT NULL,
    agenda TEXT NOT NULL,
    status TEXT NOT NULL,
    conclusion TEXT,
    published BOOLEAN NOT NULL,
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    organiser TEXT,
    log_seq BIGINT NOT NULL DEFAULT 0,
    next_seq BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX dialogues_by_organiser ON dialogues (organiser);
CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    name TEXT,
    sector TEXT,
    secret_hash TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    rating BIGINT,
    show_name BOOLEAN NOT NULL DEFAULT FALSE
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
    hidden BOOLEAN NOT NULL,
    merged_into TEXT,
    created_at BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    carried TEXT
);
CREATE INDEX contributions_by_dialogue ON contributions (dialogue_id, seq);
CREATE TABLE backings (
    contribution_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    dialogue_id TEXT NOT NULL,
    PRIMARY KEY (contribution_id, participant_id)
);
CREATE INDEX backings_by_dialogue ON backings (dialogue_id);
CREATE TABLE organisers (
    name TEXT PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_subject ON sessions (kind, subject);
CREATE TABLE audit (
    seq BIGSERIAL PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_by_dialogue ON audit (dialogue_id, seq);
CREATE TABLE team (
    id TEXT PRIMARY KEY,
    dialogue_id TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX team_by_dialogue ON team (dialogue_id);
CREATE TABLE journal (
    dialogue_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    op TEXT NOT NULL,
    PRIMARY KEY (dialogue_id, seq)
);
CREATE INDEX journal_by_time ON journal (at);
"#];

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

/// Opens the database and brings its schema up to date.
pub fn open(at: &Location) -> Result<Conn> {
    match at {
        Location::File(path) => Ok(Conn::Lite(open_file(path)?)),
        Location::Url(_) => {
            let mut conn = at.connect()?;
            migrate_pg(&mut conn)?;
            Ok(conn)
        }
    }
}

fn open_file(path: &Path) -> rusqlite::Result<Connection> {
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

fn newer(version: i64, known: usize) -> String {
    format!(
        "this database was written by a newer Convene (schema version {version}; this one knows {known}): run that version, or restore a backup taken before the upgrade"
    )
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // A negative version is no Convene's: refused like a newer one.
    let done = usize::try_from(version).unwrap_or(usize::MAX);
    if done > MIGRATIONS.len() {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
            Some(newer(version, MIGRATIONS.len())),
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

/// Nodes starting together take turns (a transaction-wide advisory lock).
fn migrate_pg(conn: &mut Conn) -> Result<()> {
    let mut tx = conn.transaction()?;
    tx.batch("SET LOCAL client_min_messages = warning; SELECT pg_advisory_xact_lock(4360796); CREATE TABLE IF NOT EXISTS convene_schema (version BIGINT NOT NULL)")?;
    let version: i64 = match tx.row("SELECT version FROM convene_schema", &[])? {
        Some(r) => r.get(0)?,
        None => {
            tx.exec("INSERT INTO convene_schema (version) VALUES (0)", &[])?;
            0
        }
    };
    let done = usize::try_from(version).unwrap_or(usize::MAX);
    if done > PG_MIGRATIONS.len() {
        return Err(Error(newer(version, PG_MIGRATIONS.len())));
    }
    for (n, sql) in PG_MIGRATIONS.iter().enumerate().skip(done) {
        tx.batch(sql)?;
        tx.exec("UPDATE convene_schema SET version = $1", &[&(n as i64 + 1)])?;
        tracing::info!(version = n + 1, "applied schema migration");
    }
    tx.commit()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Writes the rows one change left, from the dialogue as it is now.
pub fn persist(tx: &mut dyn Exec, d: &Dialogue, change: Change) -> Result<()> {
    let did = d.id.to_string();
    match change {
        Change::Dialogue => {
            tx.exec(
                "INSERT INTO dialogues (id, code, key_hash, spec, agenda, status, conclusion, published, revision, created_at, organiser)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, spec = excluded.spec, agenda = excluded.agenda,
                   status = excluded.status, conclusion = excluded.conclusion, published = excluded.published, revision = excluded.revision",
                &[
                    &did,
                    &d.code,
                    &d.key_hash,
                    &json(&d.spec),
                    &json(&d.agenda),
                    &d.status.as_str(),
                    &d.conclusion,
                    &d.published,
                    &(d.revision as i64),
                    &d.created_at,
                    &d.organiser,
                ],
            )?;
        }
        Change::Participant(pid) => {
            if let Some(p) = d.participants.get(&pid) {
                tx.exec(
                    "INSERT INTO participants (id, dialogue_id, name, sector, secret_hash, joined_at, rating, show_name)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, sector = excluded.sector, secret_hash = excluded.secret_hash,
                       joined_at = excluded.joined_at, rating = excluded.rating, show_name = excluded.show_name",
                    &[
                        &pid.to_string(),
                        &did,
                        &p.name,
                        &p.sector.map(convene::dialogue::Sector::as_str),
                        &p.secret_hash,
                        &p.joined_at,
                        &p.rating.map(i64::from),
                        &p.show_name,
                    ],
                )?;
            }
        }
        Change::Rating(pid) => {
            if let Some(p) = d.participants.get(&pid) {
                tx.exec("UPDATE participants SET rating = $2 WHERE id = $1", &[&pid.to_string(), &p.rating.map(i64::from)])?;
            }
        }
        Change::Contribution(cid) => {
            if let Some(c) = d.contributions.get(&cid) {
                tx.exec(
                    "INSERT INTO contributions (id, dialogue_id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, text = excluded.text, theme = excluded.theme,
                       answer = excluded.answer, hidden = excluded.hidden, merged_into = excluded.merged_into,
                       created_at = excluded.created_at, seq = excluded.seq, carried = excluded.carried",
                    &[
                        &cid.to_string(),
                        &did,
                        &c.author.to_string(),
                        &c.kind.as_str(),
                        &c.text,
                        &c.theme,
                        &c.answer,
                        &c.hidden,
                        &c.merged_into.map(|m| m.to_string()),
                        &c.created_at,
                        &(c.seq as i64),
                        &(!c.carried.is_empty()).then(|| c.carried.iter().map(Uuid::to_string).collect::<Vec<_>>().join(" ")),
                    ],
                )?;
            }
        }
        Change::ContributionRemoved(cid) => {
            let cid = cid.to_string();
            tx.exec("DELETE FROM contributions WHERE id = $1", &[&cid])?;
            tx.exec("DELETE FROM backings WHERE contribution_id = $1", &[&cid])?;
        }
        Change::ParticipantRemoved(pid) => {
            let pid = pid.to_string();
            tx.exec("DELETE FROM participants WHERE id = $1", &[&pid])?;
            tx.exec("DELETE FROM backings WHERE participant_id = $1 AND dialogue_id = $2", &[&pid, &did])?;
        }
        Change::Backing { contribution, participant, on: true } => {
            tx.exec(
                "INSERT INTO backings (contribution_id, participant_id, dialogue_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&contribution.to_string(), &participant.to_string(), &did],
            )?;
        }
        Change::Backing { contribution, participant, on: false } => {
            tx.exec(
                "DELETE FROM backings WHERE contribution_id = $1 AND participant_id = $2",
                &[&contribution.to_string(), &participant.to_string()],
            )?;
        }
    }
    Ok(())
}

/// The revision moves with nearly every write: one small update per dialogue per batch.
pub fn persist_revision(tx: &mut dyn Exec, d: &Dialogue) -> Result<()> {
    tx.exec("UPDATE dialogues SET revision = $2 WHERE id = $1", &[&d.id.to_string(), &(d.revision as i64)])?;
    Ok(())
}

fn uuid(s: String) -> Result<Uuid> {
    Uuid::try_parse(&s).map_err(|e| Error(format!("a stored id is not a UUID: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(s: String) -> Result<T> {
    serde_json::from_str(&s).map_err(|e| Error(format!("a stored value is not what this version reads: {e}")))
}

/// Deletes a dialogue and everything of it, its sessions and audit log too.
pub fn delete_dialogue(tx: &mut dyn Exec, id: Uuid) -> Result<()> {
    let did = id.to_string();
    let mut sql = vec![];
    if tx.pg() {
        // The dialogue's row first, as a writer takes it: no lock cycle with one.
        sql.push("SELECT 1 FROM dialogues WHERE id = $1 FOR UPDATE");
    }
    sql.extend([
        "DELETE FROM backings WHERE dialogue_id = $1",
        "DELETE FROM contributions WHERE dialogue_id = $1",
        "DELETE FROM participants WHERE dialogue_id = $1",
        "DELETE FROM audit WHERE dialogue_id = $1",
        "DELETE FROM team WHERE dialogue_id = $1",
        // The facilitator's sessions (`ID`) and the team's (`ID/MEMBER`):
        // a range by the index in SQLite (`/` sorts just before `0`);
        // PostgreSQL's collation may not sort so, hence a pattern there.
        if tx.pg() {
            "DELETE FROM sessions WHERE kind = 'facilitator' AND (subject = $1 OR subject LIKE $1 || '/%')"
        } else {
            "DELETE FROM sessions WHERE kind = 'facilitator' AND subject >= $1 AND subject < $1 || '0'"
        },
        "DELETE FROM dialogues WHERE id = $1",
    ]);
    if tx.pg() {
        sql.push("DELETE FROM journal WHERE dialogue_id = $1");
    }
    for sql in sql {
        tx.exec(sql, &[&did])?;
    }
    Ok(())
}

/// PostgreSQL: how many journal entries a dialogue has (its `log_seq`),
/// None when it is gone. With `lock`, the row stays locked until the
/// transaction ends: writes to one dialogue take turns across nodes.
pub fn log_seq(tx: &mut dyn Exec, id: Uuid, lock: bool) -> Result<Option<u64>> {
    let sql = if lock { "SELECT log_seq FROM dialogues WHERE id = $1 FOR UPDATE" } else { "SELECT log_seq FROM dialogues WHERE id = $1" };
    tx.row(sql, &[&id.to_string()])?.map(|r| Ok(r.get::<i64>(0)? as u64)).transpose()
}

/// One journal entry: its number, the revision after it, the write.
pub struct Entry {
    pub seq: u64,
    pub revision: u64,
    pub op: String,
}

/// The journal entries after `after` up to `last`, oldest first.
pub fn journal_since(tx: &mut dyn Exec, id: Uuid, after: u64, last: u64) -> Result<Vec<Entry>> {
    tx.rows(
        "SELECT seq, revision, op FROM journal WHERE dialogue_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
        &[&id.to_string(), &(after as i64), &(last as i64)],
    )?
    .iter()
    .map(|r| Ok(Entry { seq: r.get::<i64>(0)? as u64, revision: r.get::<i64>(1)? as u64, op: r.get(2)? }))
    .collect()
}

/// Deletes a dialogue's journal entries before `seq`.
pub fn journal_forget(tx: &mut dyn Exec, id: Uuid, seq: u64) -> Result<()> {
    tx.exec("DELETE FROM journal WHERE dialogue_id = $1 AND seq < $2", &[&id.to_string(), &(seq as i64)])?;
    Ok(())
}

/// The channel the nodes listen on: `ID SEQ` after writes, `ID -` after a deletion.
pub const CHANNEL: &str = "convene";

pub fn notify(tx: &mut dyn Exec, payload: &str) -> Result<()> {
    tx.rows("SELECT pg_notify('convene', $1)", &[&payload])?;
    Ok(())
}

/// Journal entries older than `before` (ms): a node further behind than that reloads the dialogue.
pub fn journal_prune(conn: &mut dyn Exec, before: i64) -> Result<u64> {
    conn.exec("DELETE FROM journal WHERE at < $1", &[&before])
}

/// Every dialogue's id and join code.
pub fn dialogue_codes(conn: &mut dyn Exec) -> Result<Vec<(Uuid, String)>> {
    conn.rows("SELECT id, code FROM dialogues", &[])?.into_iter().map(|r| Ok((uuid(r.get(0)?)?, r.get(1)?))).collect()
}

/// A dialogue's join code, if it is stored.
pub fn code_of(conn: &mut dyn Exec, id: Uuid) -> Result<Option<String>> {
    conn.row("SELECT code FROM dialogues WHERE id = $1", &[&id.to_string()])?.map(|r| r.get(0)).transpose()
}

/// The dialogue a join code opens, if any is stored.
pub fn id_of(conn: &mut dyn Exec, code: &str) -> Result<Option<Uuid>> {
    conn.row("SELECT id FROM dialogues WHERE code = $1", &[&code])?.map(|r| uuid(r.get(0)?)).transpose()
}

/// Loads one dialogue with its participants, contributions and backings.
pub fn load(conn: &mut dyn Exec, id: Uuid) -> Result<Option<Dialogue>> {
    let did = id.to_string();
    let Some(r) = conn.row(
        "SELECT code, key_hash, spec, agenda, status, conclusion, published, revision, created_at, organiser FROM dialogues WHERE id = $1",
        &[&did],
    )?
    else {
        return Ok(None);
    };
    let mut spec: DialogueSpec = from_json(r.get(2)?)?;
    if !spec.scale.valid() {
        // Stored before scales were bounded: serve it with a sane one.
        tracing::warn!(dialogue = %id, "a stored scale is out of bounds; using the default");
        spec.scale = convene::spec::Scale::default();
    }
    let agenda: Agenda = from_json(r.get(3)?)?;
    let mut d = Dialogue::new(id, r.get(0)?, r.get(1)?, spec, Vec::new(), r.get(8)?);
    d.agenda = agenda;
    d.status = Status::parse(&r.get::<String>(4)?).unwrap_or(Status::Live);
    d.conclusion = r.get(5)?;
    d.published = r.get(6)?;
    d.revision = r.get::<i64>(7)? as u64;
    d.organiser = r.get(9)?;
    let next_seq = match conn.pg() {
        true => conn.row("SELECT next_seq FROM dialogues WHERE id = $1", &[&did])?.map(|r| r.get::<i64>(0)).transpose()?.unwrap_or(0),
        false => 0,
    };

    let mut people: HashMap<Uuid, Participant> = HashMap::new();
    for r in
        conn.rows("SELECT id, name, sector, secret_hash, joined_at, rating, show_name FROM participants WHERE dialogue_id = $1", &[&did])?
    {
        let sector: Option<String> = r.get(2)?;
        let pid = uuid(r.get(0)?)?;
        let rating: Option<i64> = r.get(5)?;
        people.insert(
            pid,
            Participant {
                id: pid,
                name: r.get(1)?,
                show_name: r.get(6)?,
                sector: sector.as_deref().and_then(convene::dialogue::Sector::parse),
                secret_hash: r.get(3)?,
                joined_at: r.get(4)?,
                rating: rating.and_then(|v| i32::try_from(v).ok()),
                own: Vec::new(),
                votes: Default::default(),
                endorsements: Default::default(),
            },
        );
    }
    let mut items: Vec<Contribution> = Vec::new();
    let mut position: HashMap<Uuid, usize> = HashMap::new();
    for r in conn.rows(
        "SELECT id, author, kind, text, theme, answer, hidden, merged_into, created_at, seq, carried
         FROM contributions WHERE dialogue_id = $1 ORDER BY seq",
        &[&did],
    )? {
        let Some(kind) = Kind::parse(&r.get::<String>(2)?) else { continue };
        let merged_into: Option<String> = r.get(7)?;
        let carried: Option<String> = r.get(10)?;
        let c = Contribution {
            id: uuid(r.get(0)?)?,
            kind,
            author: uuid(r.get(1)?)?,
            text: r.get(3)?,
            theme: r.get(4)?,
            answer: r.get(5)?,
            hidden: r.get(6)?,
            merged_into: merged_into.map(uuid).transpose()?,
            created_at: r.get(8)?,
            seq: r.get::<i64>(9)? as u64,
            backers: Default::default(),
            carried: carried.unwrap_or_default().split_whitespace().map(|b| uuid(b.to_string())).collect::<Result<_>>()?,
        };
        if let Some(p) = people.get_mut(&c.author) {
            p.own.push(c.id);
        }
        position.insert(c.id, items.len());
        items.push(c);
    }
    for r in conn.rows("SELECT contribution_id, participant_id FROM backings WHERE dialogue_id = $1", &[&did])? {
        let (cid, pid) = (uuid(r.get(0)?)?, uuid(r.get(1)?)?);
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
    let mut d = Dialogue::restore(d, people.into_values().collect(), items);
    d.next_seq = d.next_seq.max(next_seq as u64);
    Ok(Some(d))
}
