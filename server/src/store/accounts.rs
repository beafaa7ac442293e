//! Organisers and browser sessions: rows of their own, read and written
//! on a connection of their own (they are few and small), so a removed
//! organiser or an ended session stops working at once, even when the
//! change came from another process (`convene organiser remove`).

use super::sql::{Exec, Location, Pool, Result};

use super::now_ms;
use crate::secret;

/// How long a browser session lasts.
pub const SESSION_DAYS: i64 = 7;

/// What a session signs a browser in as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// The console of one dialogue; the subject is its id.
    Facilitator,
    /// An organiser; the subject is their name.
    Organiser,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Facilitator => "facilitator",
            SessionKind::Organiser => "organiser",
        }
    }
    /// Session ids say what they are, so a cookie is never mistaken for a key.
    fn prefix(self) -> &'static str {
        match self {
            SessionKind::Facilitator => "fs_",
            SessionKind::Organiser => "os_",
        }
    }
}

/// An organiser key: `ok_` and 64 hex characters.
pub const ORGANISER_PREFIX: &str = "ok_";

pub struct Accounts {
    pool: Pool,
}

impl Accounts {
    pub fn open(at: &Location) -> std::result::Result<Accounts, String> {
        Ok(Accounts { pool: Pool::open(at).map_err(|e| e.to_string())? })
    }

    fn with<R>(&self, f: impl FnOnce(&mut dyn Exec) -> Result<R>) -> Option<R> {
        match self.pool.with(f) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::warn!(error = %e, "account store");
                None
            }
        }
    }

    /// Whether the database answers.
    pub fn ping(&self) -> bool {
        self.with(|c| c.rows("SELECT 1", &[])).is_some()
    }

    /// The organiser a key belongs to.
    pub fn organiser_by_key(&self, key: &str) -> Option<String> {
        if !key.starts_with(ORGANISER_PREFIX) || key.len() > 128 {
            return None;
        }
        let hash = secret::digest(key);
        self.with(|c| {
            c.row("SELECT name, key_hash FROM organisers WHERE key_hash = $1", &[&hash])?
                .map(|r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))
                .transpose()
        })
        .flatten()
        .filter(|(_, stored)| secret::same(stored, &hash))
        .map(|(name, _)| name)
    }

    /// Starts a session; its id, which only the browser keeps.
    pub fn start(&self, kind: SessionKind, subject: &str) -> Option<String> {
        let id = format!("{}{}", kind.prefix(), secret::random_secret());
        let hash = secret::digest(&id);
        self.with(|c| {
            c.exec(
                "INSERT INTO sessions (id_hash, kind, subject, created_at) VALUES ($1, $2, $3, $4)",
                &[&hash, &kind.as_str(), &subject, &now_ms()],
            )
        })?;
        Some(id)
    }

    /// The subject of a live session of this kind.
    pub fn session(&self, kind: SessionKind, id: &str) -> Option<String> {
        if !id.starts_with(kind.prefix()) || id.len() > 128 {
            return None;
        }
        let since = now_ms() - SESSION_DAYS * 86_400_000;
        let hash = secret::digest(id);
        let sql = match kind {
            SessionKind::Facilitator => "SELECT subject FROM sessions WHERE id_hash = $1 AND kind = $2 AND created_at > $3",
            // An organiser's session ends with the organiser.
            SessionKind::Organiser => {
                "SELECT s.subject FROM sessions s JOIN organisers o ON o.name = s.subject
                 WHERE s.id_hash = $1 AND s.kind = $2 AND s.created_at > $3"
            }
        };
        self.with(|c| c.row(sql, &[&hash, &kind.as_str(), &since])?.map(|r| r.get::<String>(0)).transpose()).flatten()
    }

    /// Ends one session (sign-out).
    pub fn end(&self, id: &str) {
        let hash = secret::digest(id);
        self.with(|c| c.exec("DELETE FROM sessions WHERE id_hash = $1", &[&hash]));
    }

    /// Ends every session of a subject (a new key; a removed organiser).
    pub fn end_all(&self, kind: SessionKind, subject: &str) {
        self.with(|c| c.exec("DELETE FROM sessions WHERE kind = $1 AND subject = $2", &[&kind.as_str(), &subject]));
    }
}

impl Accounts {
    /// Copies SQLite's write-ahead log into the database and empties it, so
    /// deleted text (overwritten there by `secure_delete`) is not left in
    /// the log either. Retries while the writer is mid-commit. (PostgreSQL
    /// reclaims deleted rows itself, by vacuum.)
    pub fn scrub_log(&self) {
        if matches!(self.pool, Pool::Pg(_)) {
            return;
        }
        for _ in 0..50 {
            let done = self.with(|c| c.row("PRAGMA wal_checkpoint(TRUNCATE)", &[])?.map(|r| r.get::<i64>(0)).transpose()).flatten();
            if done == Some(0) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        tracing::warn!("the write-ahead log could not be emptied after a deletion; it will be at the next checkpoint");
    }

    /// Records a facilitation action; an audit row is never public.
    pub fn audit(&self, dialogue: uuid::Uuid, role: &str, action: &str, detail: Option<&str>) {
        self.audit_at(dialogue, now_ms(), role, action, detail)
    }

    /// Records an action at a given time (an imported archive's log).
    pub fn audit_at(&self, dialogue: uuid::Uuid, at: i64, role: &str, action: &str, detail: Option<&str>) {
        let action: String = action.chars().take(40).collect();
        let detail: Option<String> = detail.map(|d| d.chars().take(80).collect());
        self.with(|c| {
            c.exec(
                "INSERT INTO audit (dialogue_id, at, role, action, detail) VALUES ($1, $2, $3, $4, $5)",
                &[&dialogue.to_string(), &at, &role, &action, &detail],
            )
        });
    }

    /// An organiser's dialogues, newest first, from the file (loaded or
    /// not; what is in memory has always committed): id, title, code, live, created.
    pub fn organiser_dialogues(&self, name: &str) -> Vec<(uuid::Uuid, String, String, bool, i64)> {
        self.with(|c| {
            let sql = if c.pg() {
                "SELECT id, (spec::jsonb)->>'title', code, status, created_at FROM dialogues
                 WHERE organiser = $1 ORDER BY created_at DESC LIMIT 1000"
            } else {
                "SELECT id, json_extract(spec, '$.title'), code, status, created_at FROM dialogues
                 WHERE organiser = $1 ORDER BY created_at DESC LIMIT 1000"
            };
            c.rows(sql, &[&name])?
                .into_iter()
                .map(|r| Ok((r.get::<String>(0)?, r.get::<Option<String>>(1)?, r.get::<String>(2)?, r.get::<String>(3)?, r.get::<i64>(4)?)))
                .collect::<Result<Vec<_>>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, title, code, status, at)| {
            Some((
                uuid::Uuid::try_parse(&id).ok()?,
                title.unwrap_or_default(),
                code,
                convene::Status::parse(&status) == Some(convene::Status::Live),
                at,
            ))
        })
        .collect()
    }

    /// Closed dialogues and when each closed: its last `close` in the audit
    /// log, else (an archive imported closed) when it was created.
    pub fn closed_dialogues(&self) -> Vec<(uuid::Uuid, i64)> {
        self.with(|c| {
            c.rows(
                "SELECT d.id, COALESCE(MAX(a.at), d.created_at) FROM dialogues d
                 LEFT JOIN audit a ON a.dialogue_id = d.id AND a.action = 'close'
                 WHERE d.status = 'closed' GROUP BY d.id",
                &[],
            )?
            .into_iter()
            .map(|r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)))
            .collect::<Result<Vec<_>>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, at)| Some((uuid::Uuid::try_parse(&id).ok()?, at)))
        .collect()
    }

    /// A dialogue's audit log, oldest first: (time, role, action, detail).
    pub fn audit_log(&self, dialogue: uuid::Uuid) -> Vec<convene::archive::AuditLine> {
        self.with(|c| {
            c.rows("SELECT at, role, action, detail FROM audit WHERE dialogue_id = $1 ORDER BY seq LIMIT 10000", &[&dialogue.to_string()])?
                .into_iter()
                .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .collect::<Result<Vec<_>>>()
        })
        .unwrap_or_default()
    }
}

/// Team keys: `tk_`, the member's id, `_`, and 64 hex characters.
pub const TEAM_PREFIX: &str = "tk_";
/// Most members one dialogue's team may have.
pub const TEAM_MAX: usize = 50;
/// Longest name of a team member.
pub const TEAM_NAME_MAX: usize = 60;

/// One member of a dialogue's facilitation team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: uuid::Uuid,
    pub role: convene::command::Role,
    pub name: String,
    pub created_at: i64,
}

impl Member {
    /// How the audit log names them: `moderator: Ana`.
    pub fn audit_role(&self) -> String {
        format!("{}: {}", self.role.as_str(), self.name)
    }
}

fn member_row(r: &super::sql::Row) -> Result<(String, String, String, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn member_of((id, role, name, created_at): (String, String, String, i64)) -> Option<Member> {
    Some(Member { id: uuid::Uuid::try_parse(&id).ok()?, role: convene::command::Role::parse(&role)?, name, created_at })
}

impl Accounts {
    /// Adds a member; their key, shown once. None when the team is full.
    pub fn add_member(&self, dialogue: uuid::Uuid, role: convene::command::Role, name: &str) -> Option<(Member, String)> {
        let member = Member { id: uuid::Uuid::new_v4(), role, name: name.to_string(), created_at: now_ms() };
        let key = format!("{TEAM_PREFIX}{}_{}", member.id.simple(), secret::random_secret());
        let added = self.with(|c| {
            // One statement: in SQLite (one writer at a time) the count and the
            // insert cannot interleave with another add. PostgreSQL runs adds
            // from several nodes at once: there they take turns on the
            // dialogue's row, in a transaction of their own.
            if c.pg() {
                c.batch("BEGIN")?;
                let locked = c.rows("SELECT 1 FROM dialogues WHERE id = $1 FOR UPDATE", &[&dialogue.to_string()]);
                if let Err(e) = locked {
                    let _ = c.batch("ROLLBACK");
                    return Err(e);
                }
            }
            let added = c.exec(
                "INSERT INTO team (id, dialogue_id, role, name, key_hash, created_at)
                 SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS TEXT), CAST($5 AS TEXT), CAST($6 AS BIGINT)
                 WHERE (SELECT count(*) FROM team WHERE dialogue_id = $2) < $7",
                &[
                    &member.id.to_string(),
                    &dialogue.to_string(),
                    &role.as_str(),
                    &name,
                    &secret::digest(&key),
                    &member.created_at,
                    &(TEAM_MAX as i64),
                ],
            );
            if c.pg() {
                c.batch(if added.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
            }
            added
        })?;
        (added == 1).then_some((member, key))
    }

    /// A dialogue's team, oldest first.
    pub fn members(&self, dialogue: uuid::Uuid) -> Vec<Member> {
        self.with(|c| {
            c.rows("SELECT id, role, name, created_at FROM team WHERE dialogue_id = $1 ORDER BY created_at, id", &[&dialogue.to_string()])?
                .iter()
                .map(member_row)
                .collect::<Result<Vec<_>>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(member_of)
        .collect()
    }

    /// One member of a dialogue's team, while they are in it.
    pub fn member(&self, dialogue: uuid::Uuid, id: uuid::Uuid) -> Option<Member> {
        self.with(|c| {
            c.row(
                "SELECT id, role, name, created_at FROM team WHERE id = $1 AND dialogue_id = $2",
                &[&id.to_string(), &dialogue.to_string()],
            )?
            .as_ref()
            .map(member_row)
            .transpose()
        })
        .flatten()
        .and_then(member_of)
    }

    /// The member a team key belongs to, for this dialogue only.
    pub fn member_by_key(&self, dialogue: uuid::Uuid, key: &str) -> Option<Member> {
        let rest = key.strip_prefix(TEAM_PREFIX).filter(|_| key.len() <= 128)?;
        let id = uuid::Uuid::try_parse(rest.split_once('_')?.0).ok()?;
        let hash = secret::digest(key);
        let stored = self
            .with(|c| c.row("SELECT key_hash FROM team WHERE id = $1", &[&id.to_string()])?.map(|r| r.get::<String>(0)).transpose())
            .flatten()?;
        if !secret::same(&stored, &hash) {
            return None;
        }
        self.member(dialogue, id)
    }

    /// Removes a member: their key and every session made with it stop at once.
    pub fn remove_member(&self, dialogue: uuid::Uuid, id: uuid::Uuid) -> bool {
        let removed =
            self.with(|c| c.exec("DELETE FROM team WHERE id = $1 AND dialogue_id = $2", &[&id.to_string(), &dialogue.to_string()]));
        self.end_all(SessionKind::Facilitator, &format!("{dialogue}/{id}"));
        removed == Some(1)
    }
}

/// `convene organiser add`: a new organiser; their key, shown once.
pub fn add_organiser(conn: &mut dyn Exec, name: &str) -> std::result::Result<String, String> {
    let name = convene::text::parse("NAME", name, convene::text::TITLE_MAX).map_err(|e| e.message)?;
    let key = format!("{ORGANISER_PREFIX}{}", secret::random_secret());
    let n = conn.exec(
        "INSERT INTO organisers (name, key_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &[&name, &secret::digest(&key), &now_ms()],
    )?;
    if n == 0 {
        return Err(format!("an organiser named {name:?} exists already; remove them first to give a new key"));
    }
    Ok(key)
}

/// `convene organiser list`: names and when they were added.
pub fn list_organisers(conn: &mut dyn Exec) -> std::result::Result<Vec<(String, i64)>, String> {
    let rows = conn.rows("SELECT name, created_at FROM organisers ORDER BY name", &[])?;
    Ok(rows.iter().map(|r| Ok((r.get(0)?, r.get(1)?))).collect::<Result<Vec<_>>>()?)
}

/// `convene organiser remove`: the key and every session stop working.
pub fn remove_organiser(conn: &mut dyn Exec, name: &str) -> std::result::Result<bool, String> {
    let n = conn.exec("DELETE FROM organisers WHERE name = $1", &[&name])?;
    conn.exec("DELETE FROM sessions WHERE kind = 'organiser' AND subject = $1", &[&name])?;
    Ok(n > 0)
}
