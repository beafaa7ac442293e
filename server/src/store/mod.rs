//! The service layer: every rule goes through here, whether the request
//! came from the JSON API or a page. Reads come from memory; writes go
//! through the one writer and are answered after they commit.

pub mod accounts;
pub mod db;
pub mod drafts;
pub mod rate;
mod writer;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use convene::archive::Archive;
use convene::error::ErrorClass;
use convene::spec::{CreateDialogue, Strictness};
use convene::{Dialogue, DomainError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::hub::Hub;
use crate::secret;
use accounts::{Accounts, SessionKind};
use writer::Job;

/// Writes waiting for the writer before new ones are turned away with 503.
const QUEUE: usize = 65_536;

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Why the service could not do something.
#[derive(Debug)]
pub enum ServiceError {
    Domain(DomainError),
    /// The store is overloaded or failing: try again shortly.
    Unavailable,
}

impl From<DomainError> for ServiceError {
    fn from(e: DomainError) -> Self {
        ServiceError::Domain(e)
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

#[derive(Default)]
pub struct Shared {
    dialogues: RwLock<HashMap<Uuid, Arc<RwLock<Dialogue>>>>,
    codes: RwLock<HashMap<String, Uuid>>,
    pub hub: Hub,
}

impl Shared {
    fn dialogue(&self, id: Uuid) -> Option<Arc<RwLock<Dialogue>>> {
        self.dialogues.read().unwrap_or_else(|e| e.into_inner()).get(&id).cloned()
    }

    fn insert(&self, cell: Arc<RwLock<Dialogue>>) {
        let (id, code) = {
            let d = cell.read().unwrap_or_else(|e| e.into_inner());
            (d.id, d.code.clone())
        };
        self.codes.write().unwrap_or_else(|e| e.into_inner()).insert(code, id);
        self.dialogues.write().unwrap_or_else(|e| e.into_inner()).insert(id, cell);
    }

    fn remove(&self, id: Uuid) {
        self.dialogues.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.codes.write().unwrap_or_else(|e| e.into_inner()).retain(|_, v| *v != id);
        self.hub.forget(id);
    }

    /// Gives a new dialogue a join code no other dialogue has.
    fn claim_code(&self, d: &mut Dialogue) -> String {
        let codes = self.codes.read().unwrap_or_else(|e| e.into_inner());
        let mut code = secret::join_code();
        while codes.contains_key(&code) {
            code = secret::join_code();
        }
        d.code = code.clone();
        code
    }
}

/// What creating or importing a dialogue hands back, once.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Created {
    pub id: Uuid,
    pub code: String,
    pub facilitator_key: String,
}

#[derive(Clone)]
pub struct Store {
    shared: Arc<Shared>,
    jobs: mpsc::Sender<Job>,
    limiter: Arc<rate::Limiter>,
    pub accounts: Arc<Accounts>,
    pub drafts: Arc<drafts::Drafts>,
}

impl Store {
    /// Opens (or creates) the database, loads every dialogue and starts the writer.
    pub fn open(path: &Path) -> std::result::Result<(Store, std::thread::JoinHandle<()>), String> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let conn = db::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let shared = Arc::new(Shared::default());
        for id in db::dialogue_ids(&conn).map_err(|e| e.to_string())? {
            if let Some(d) = db::load(&conn, id).map_err(|e| format!("cannot load dialogue {id}: {e}"))? {
                let cell = Arc::new(RwLock::new(d));
                shared.hub.publish(&cell, &cell.read().unwrap_or_else(|e| e.into_inner()), false);
                shared.insert(cell);
            }
        }
        let (alive, checkpoints) = std::sync::mpsc::channel();
        match db::spawn_checkpointer(path, checkpoints) {
            Ok(()) => conn.pragma_update(None, "wal_autocheckpoint", 0).map_err(|e| e.to_string())?,
            Err(e) => tracing::warn!(error = %e, "no checkpoint thread; the writer checkpoints itself"),
        }
        let accounts = Arc::new(Accounts::open(path)?);
        let (tx, rx) = mpsc::channel(QUEUE);
        let handle = writer::spawn(conn, shared.clone(), rx, alive);
        Ok((Store { shared, jobs: tx, limiter: Arc::default(), accounts, drafts: Arc::default() }, handle))
    }

    /// Counts one write of a participant; a flood gets the seconds to wait.
    pub fn pace(&self, who: Uuid) -> std::result::Result<(), u32> {
        self.limiter.take(who)
    }

    pub fn hub(&self) -> &Hub {
        &self.shared.hub
    }

    pub fn dialogue_count(&self) -> usize {
        self.shared.dialogues.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Reads a dialogue under its lock.
    pub fn read<R>(&self, id: Uuid, f: impl FnOnce(&Dialogue) -> R) -> Result<R> {
        let cell = self.shared.dialogue(id).ok_or_else(|| DomainError::not_found("dialogue"))?;
        let d = cell.read().unwrap_or_else(|e| e.into_inner());
        Ok(f(&d))
    }

    pub fn find_code(&self, raw: &str) -> Option<Uuid> {
        let code = secret::normalize_code(raw);
        self.shared.codes.read().unwrap_or_else(|e| e.into_inner()).get(&code).copied()
    }

    fn queue(&self, job: Job) -> Result<()> {
        self.jobs.try_send(job).map_err(|_| ServiceError::Unavailable)
    }

    /// Runs a command on a dialogue through the writer; answers after commit.
    pub async fn write<R: Send + 'static>(
        &self,
        id: Uuid,
        f: impl FnOnce(&mut Dialogue) -> std::result::Result<R, DomainError> + Send + 'static,
    ) -> Result<R> {
        if self.shared.dialogue(id).is_none() {
            return Err(DomainError::not_found("dialogue").into());
        }
        let (tx, rx) = oneshot::channel();
        self.queue(Job::Write { dialogue: id, run: Box::new(move |d| writer::reply(tx, f(d))) })?;
        match rx.await {
            Ok(Some(r)) => r.map_err(ServiceError::Domain),
            // Deleted while the write waited.
            Err(_) if self.shared.dialogue(id).is_none() => Err(DomainError::not_found("dialogue").into()),
            _ => Err(ServiceError::Unavailable),
        }
    }

    async fn create_dialogue(&self, d: Dialogue) -> Result<String> {
        let (tx, rx) = oneshot::channel();
        self.queue(Job::Create { dialogue: Box::new(d), done: Box::new(move |r| drop(tx.send(r))) })?;
        match rx.await {
            Ok(Ok(code)) => Ok(code),
            _ => Err(ServiceError::Unavailable),
        }
    }

    pub async fn create(&self, req: CreateDialogue, organiser: &str) -> Result<Created> {
        let (spec, agenda) = req.parse(Strictness::Create)?;
        let key = secret::random_secret();
        let id = Uuid::new_v4();
        let mut d = Dialogue::new(id, String::new(), secret::digest(&key), spec, agenda, now_ms());
        d.organiser = Some(organiser.to_string());
        let code = self.create_dialogue(d).await?;
        Ok(Created { id, code, facilitator_key: key })
    }

    pub async fn import(&self, archive: Archive, organiser: &str) -> Result<Created> {
        let key = secret::random_secret();
        let id = Uuid::new_v4();
        let audit = archive.audit_log()?;
        let mut d = archive.into_dialogue(id, String::new(), secret::digest(&key), now_ms(), &mut Uuid::new_v4)?;
        d.organiser = Some(organiser.to_string());
        let code = self.create_dialogue(d).await?;
        for (at, role, action, detail) in audit {
            self.accounts.audit_at(id, at, &role, &action, detail.as_deref());
        }
        Ok(Created { id, code, facilitator_key: key })
    }

    /// Joins a participant; answers their id and token.
    pub async fn join(&self, id: Uuid, name: Option<String>, sector: Option<String>) -> Result<(Uuid, String)> {
        let secret = secret::random_secret();
        let pid = Uuid::new_v4();
        let hash = secret::digest(&secret);
        self.write(id, move |d| d.join(pid, name.as_deref(), sector.as_deref(), hash, now_ms()).map(|_| ())).await?;
        Ok((pid, secret::participant_token(pid, &secret)))
    }

    /// Deletes a dialogue: then 404 everywhere, and its text is gone from
    /// the database file and its write-ahead log.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        if self.shared.dialogue(id).is_none() {
            return Err(DomainError::not_found("dialogue").into());
        }
        let (tx, rx) = oneshot::channel();
        self.queue(Job::Delete {
            dialogue: id,
            done: Box::new(move |ok| {
                let _ = tx.send(ok);
            }),
        })?;
        match rx.await {
            Ok(true) => {
                let accounts = self.accounts.clone();
                let _ = tokio::task::spawn_blocking(move || accounts.scrub_log()).await;
                Ok(())
            }
            _ => Err(ServiceError::Unavailable),
        }
    }

    /// Deletes the dialogues that closed more than `days` ago (an imported
    /// closed dialogue counts from its import); how many went.
    pub async fn purge_closed(&self, days: u32) -> usize {
        let cutoff = now_ms() - i64::from(days) * 86_400_000;
        let cells: Vec<_> = self.shared.dialogues.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        let closed: Vec<(Uuid, i64)> = cells
            .iter()
            .filter_map(|c| {
                let d = c.read().unwrap_or_else(|e| e.into_inner());
                (d.status == convene::dialogue::Status::Closed).then_some((d.id, d.created_at))
            })
            .collect();
        let mut purged = 0;
        for (id, created) in closed {
            let closed_at = self.accounts.closed_at(id).unwrap_or(created);
            if closed_at <= cutoff && self.delete(id).await.is_ok() {
                tracing::info!(dialogue = %id, "deleted a dialogue closed more than {days} days ago");
                purged += 1;
            }
        }
        purged
    }

    /// A participant erases everything they gave.
    pub async fn erase(&self, id: Uuid, who: Uuid) -> Result<()> {
        self.write(id, move |d| d.erase(who)).await
    }

    /// Who a credential is, for this dialogue.
    pub fn authenticate(&self, id: Uuid, token: &str) -> Result<Credential> {
        let unauthorized =
            || DomainError::new(ErrorClass::Unauthorized, "unauthorized", "These credentials are not valid for this dialogue.");
        self.read(id, |d| {
            if let Some((pid, secret)) = secret::parse_participant_token(token) {
                let p = d.participants.get(&pid).ok_or_else(unauthorized)?;
                if secret::same(&p.secret_hash, &secret::digest(secret)) {
                    return Ok(Credential::Participant(pid));
                }
            } else if secret::same(&d.key_hash, &secret::digest(token)) {
                return Ok(Credential::Facilitator);
            }
            Err(unauthorized())
        })?
        .map_err(ServiceError::Domain)
    }
}

impl Store {
    /// Who a browser is for a dialogue, from its cookies (`cookie` looks
    /// one up by name): a facilitator session for this dialogue, or the
    /// session of the organiser who owns it, or a participant's token.
    /// `facilitator` says which to try first.
    pub fn cookie_credential(&self, id: Uuid, cookie: &dyn Fn(&str) -> Option<String>, facilitator: bool) -> Option<Credential> {
        use app::backend::{facilitator_cookie, organiser_cookie, participant_cookie};
        let as_facilitator = || {
            let session = cookie(&facilitator_cookie(id)).and_then(|s| self.accounts.session(SessionKind::Facilitator, &s));
            if session.is_some_and(|d| d == id.to_string()) {
                return Some(Credential::Facilitator);
            }
            let organiser = cookie(&organiser_cookie()).and_then(|s| self.accounts.session(SessionKind::Organiser, &s))?;
            let owner = self.read(id, |d| d.organiser.clone()).ok().flatten()?;
            (owner == organiser).then_some(Credential::Facilitator)
        };
        let as_participant = || {
            let token = cookie(&participant_cookie(id))?;
            match self.authenticate(id, &token).ok()? {
                p @ Credential::Participant(_) => Some(p),
                Credential::Facilitator => None,
            }
        };
        if facilitator {
            as_facilitator().or_else(as_participant)
        } else {
            as_participant().or_else(as_facilitator)
        }
    }

    /// A new facilitator key: the old one and every session made with it stop working.
    pub async fn new_facilitator_key(&self, id: Uuid) -> Result<String> {
        let key = secret::random_secret();
        let hash = secret::digest(&key);
        self.write(id, move |d| {
            d.replace_key(hash);
            Ok(())
        })
        .await?;
        self.accounts.end_all(SessionKind::Facilitator, &id.to_string());
        Ok(key)
    }

    /// An organiser's dialogues, newest first: id, title, code, live.
    pub fn organiser_dialogues(&self, name: &str) -> Vec<(Uuid, String, String, bool, i64)> {
        let cells: Vec<_> = self.shared.dialogues.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        let mut out: Vec<_> = cells
            .iter()
            .filter_map(|c| {
                let d = c.read().unwrap_or_else(|e| e.into_inner());
                (d.organiser.as_deref() == Some(name))
                    .then(|| (d.id, d.spec.title.clone(), d.code.clone(), d.status == convene::dialogue::Status::Live, d.created_at))
            })
            .collect();
        out.sort_by_key(|d| std::cmp::Reverse(d.4));
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    Participant(Uuid),
    Facilitator,
}
