//! The service layer: every rule goes through here, whether the request
//! came from the JSON API or a page. Reads come from memory; writes go
//! through the one writer and are answered after they commit.

pub mod accounts;
mod bulk;
pub mod db;
pub mod drafts;
mod follow;
mod op;
pub mod rate;
pub mod sql;
mod writer;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use convene::archive::Archive;
pub use convene::command::{Asker, Command, Outcome};
use convene::error::ErrorClass;
use convene::participation::Joining;
use convene::spec::{CreateDialogue, Strictness};
use convene::{Dialogue, DomainError};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::hub::Hub;
use crate::secret;
use accounts::{Accounts, SessionKind};
use convene::error::Code;
use op::Op;
use sql::{Conn, Location};
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
    /// Too many of this at once: try again in this many seconds.
    Paced(u32),
}

impl From<DomainError> for ServiceError {
    fn from(e: DomainError) -> Self {
        ServiceError::Domain(e)
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// The dialogues in memory, and which exist on disk. A dialogue is loaded
/// on first use and unloaded (by the writer, between batches) once nobody
/// has used or watched it for a while; the disk always holds what has
/// committed, so a load gets exactly what the last unload let go.
pub struct Shared {
    dialogues: RwLock<HashMap<Uuid, Arc<RwLock<Dialogue>>>>,
    /// Every dialogue on disk, by join code (loaded or not).
    codes: RwLock<HashMap<String, Uuid>>,
    known: RwLock<std::collections::HashSet<Uuid>>,
    /// When each loaded dialogue was last used.
    used: std::sync::Mutex<HashMap<Uuid, std::time::Instant>>,
    /// Loads and unloads take turns on this connection's lock.
    loader: std::sync::Mutex<Conn>,
    /// PostgreSQL: how many journal entries each loaded dialogue's copy holds.
    applied: std::sync::Mutex<HashMap<Uuid, u64>>,
    /// The last lookup or load failed for the database's sake (not for a
    /// missing dialogue): what cannot be found is then 503, not 404.
    outage: std::sync::atomic::AtomicBool,
    pub hub: Hub,
}

impl Shared {
    /// The dialogue, loaded from disk if it is not in memory.
    fn dialogue(&self, id: Uuid) -> Option<Arc<RwLock<Dialogue>>> {
        let found = self.dialogues.read().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
        let cell = match found {
            Some(c) => c,
            None => self.load(id)?,
        };
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(id, std::time::Instant::now());
        Some(cell)
    }

    fn load(&self, id: Uuid) -> Option<Arc<RwLock<Dialogue>>> {
        // Waiting for the loader, and the database, is blocking work.
        sql::blocking(|| self.load_now(id))
    }

    fn load_now(&self, id: Uuid) -> Option<Arc<RwLock<Dialogue>>> {
        if !self.exists(id) {
            return None;
        }
        let mut conn = self.loader.lock().unwrap_or_else(|e| e.into_inner());
        // Someone else may have loaded it while this one waited.
        if let Some(c) = self.dialogues.read().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return Some(c.clone());
        }
        let (d, seq) = match read_whole(&mut conn, id) {
            Ok(Some(found)) => {
                self.set_outage(false);
                found
            }
            // Deleted, by another node or a command.
            Ok(None) => {
                self.set_outage(false);
                drop(conn);
                self.remove(id);
                return None;
            }
            Err(e) => {
                tracing::error!(dialogue = %id, error = %e, "cannot load a dialogue");
                self.set_outage(true);
                return None;
            }
        };
        let cell = Arc::new(RwLock::new(d));
        self.hub.publish(&cell, &cell.read().unwrap_or_else(|e| e.into_inner()), false);
        self.set_applied(id, seq);
        self.dialogues.write().unwrap_or_else(|e| e.into_inner()).insert(id, cell.clone());
        Some(cell)
    }

    /// Puts a loaded dialogue back to what is stored (after a failed
    /// batch); lets it go when that cannot be read.
    fn reload(&self, id: Uuid) {
        let Some(cell) = self.dialogues.read().unwrap_or_else(|e| e.into_inner()).get(&id).cloned() else { return };
        let found = read_whole(&mut self.loader.lock().unwrap_or_else(|e| e.into_inner()), id);
        match found {
            Ok(Some((d, seq))) => {
                *cell.write().unwrap_or_else(|e| e.into_inner()) = d;
                self.set_applied(id, seq);
            }
            Ok(None) => self.remove(id),
            // Not what memory held (that may not have committed), nor
            // forgotten: loaded again once the database answers.
            Err(e) => {
                tracing::warn!(dialogue = %id, error = %e, "a dialogue leaves memory until the database answers again");
                self.set_outage(true);
                let _turn = self.loader.lock().unwrap_or_else(|e| e.into_inner());
                self.unload(id);
            }
        }
    }

    fn set_outage(&self, on: bool) {
        self.outage.store(on, std::sync::atomic::Ordering::Relaxed);
    }

    /// Not found, or (while the database fails) unavailable.
    fn missing(&self) -> ServiceError {
        match self.outage.load(std::sync::atomic::Ordering::Relaxed) {
            true => ServiceError::Unavailable,
            false => DomainError::not_found("dialogue").into(),
        }
    }

    /// Lets a dialogue go from memory (it stays stored). Its journal count
    /// goes first: a copy loaded meanwhile keeps its own.
    fn unload(&self, id: Uuid) {
        self.applied.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.dialogues.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.used.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.hub.forget(id);
    }

    /// Whether `cell` is the copy of the dialogue in memory now (never loads).
    fn holds(&self, id: Uuid, cell: &Arc<RwLock<Dialogue>>) -> bool {
        self.dialogues.read().unwrap_or_else(|e| e.into_inner()).get(&id).is_some_and(|c| Arc::ptr_eq(c, cell))
    }

    fn applied(&self, id: Uuid) -> u64 {
        self.applied.lock().unwrap_or_else(|e| e.into_inner()).get(&id).copied().unwrap_or(0)
    }

    fn set_applied(&self, id: Uuid, seq: u64) {
        self.applied.lock().unwrap_or_else(|e| e.into_inner()).insert(id, seq);
    }

    fn is_loaded(&self, id: Uuid) -> bool {
        self.dialogues.read().unwrap_or_else(|e| e.into_inner()).contains_key(&id)
    }

    /// The loaded dialogues (PostgreSQL: those another node's writes must reach).
    fn loaded(&self) -> Vec<Uuid> {
        self.dialogues.read().unwrap_or_else(|e| e.into_inner()).keys().copied().collect()
    }

    /// Lets go of the dialogues nobody used or watched since `before`; how
    /// many. Runs on the writer's thread, so no write is half-applied.
    fn unload_idle(&self, before: std::time::Instant) -> usize {
        let _turn = self.loader.lock().unwrap_or_else(|e| e.into_inner());
        let idle: Vec<Uuid> = {
            let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
            used.iter().filter(|(_, at)| **at < before).map(|(id, _)| *id).collect()
        };
        let mut n = 0;
        for id in idle {
            if self.hub.watched(id) {
                continue;
            }
            self.unload(id);
            n += 1;
        }
        n
    }

    fn insert(&self, cell: Arc<RwLock<Dialogue>>, seq: u64) {
        let (id, code) = {
            let d = cell.read().unwrap_or_else(|e| e.into_inner());
            (d.id, d.code.clone())
        };
        self.codes.write().unwrap_or_else(|e| e.into_inner()).insert(code, id);
        self.known.write().unwrap_or_else(|e| e.into_inner()).insert(id);
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(id, std::time::Instant::now());
        self.set_applied(id, seq);
        self.dialogues.write().unwrap_or_else(|e| e.into_inner()).insert(id, cell);
    }

    fn remove(&self, id: Uuid) {
        self.known.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
        self.codes.write().unwrap_or_else(|e| e.into_inner()).retain(|_, v| *v != id);
        self.unload(id);
    }

    /// Whether the dialogue is on disk. One that `convene import` added
    /// while this server ran is found here (one lookup by key) and known from then on.
    fn exists(&self, id: Uuid) -> bool {
        if self.known.read().unwrap_or_else(|e| e.into_inner()).contains(&id) {
            return true;
        }
        let found = sql::blocking(|| db::code_of(&mut *self.loader.lock().unwrap_or_else(|e| e.into_inner()), id));
        self.discovered(found.map(|c| c.map(|code| (id, code))))
    }

    fn discovered(&self, found: sql::Result<Option<(Uuid, String)>>) -> bool {
        self.set_outage(found.is_err());
        match found {
            Ok(Some((id, code))) => {
                self.known.write().unwrap_or_else(|e| e.into_inner()).insert(id);
                self.codes.write().unwrap_or_else(|e| e.into_inner()).insert(code, id);
                true
            }
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot look a dialogue up");
                false
            }
        }
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

/// Opens the database for a command (its folder made first, its schema
/// brought up to date); the error names where it is.
pub fn open_database(at: &Location) -> std::result::Result<Conn, String> {
    if let Location::File(path) = at {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    db::open(at).map_err(|e| format!("cannot open {}: {e}", at.describe()))
}

/// A dialogue and how many journal entries it holds, read in one
/// snapshot (PostgreSQL: repeatable read, so no write falls between).
fn read_whole(conn: &mut Conn, id: Uuid) -> sql::Result<Option<(Dialogue, u64)>> {
    use sql::Exec;
    let mut tx = conn.snapshot()?;
    let found = match db::load(&mut tx, id)? {
        Some(d) => Some((d, if tx.pg() { db::log_seq(&mut tx, id, false)?.unwrap_or(0) } else { 0 })),
        None => None,
    };
    tx.commit()?;
    Ok(found)
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
    /// New dialogues of a series, per organiser (a facilitator key alone
    /// may start them): ten at once, then ten an hour.
    series: Arc<rate::Limiter<Option<String>>>,
    pub accounts: Arc<Accounts>,
    pub drafts: Arc<drafts::Drafts>,
}

impl Store {
    /// Opens (or creates) the database, reads which dialogues it holds and
    /// starts the writer (on PostgreSQL, also what follows other nodes' writes).
    pub fn open(at: &Location) -> std::result::Result<(Store, std::thread::JoinHandle<()>), String> {
        let cannot = |e: sql::Error| format!("cannot open {}: {e}", at.describe());
        let mut conn = open_database(at)?;
        // Only ids and codes at start: dialogues load on first use.
        let codes = db::dialogue_codes(&mut conn).map_err(cannot)?;
        let loader = at.connect().map_err(cannot)?;
        let shared = Arc::new(Shared {
            dialogues: RwLock::default(),
            known: RwLock::new(codes.iter().map(|(id, _)| *id).collect()),
            codes: RwLock::new(codes.into_iter().map(|(id, code)| (code, id)).collect()),
            used: Default::default(),
            loader: std::sync::Mutex::new(loader),
            applied: Default::default(),
            outage: Default::default(),
            hub: Hub::default(),
        });
        let mut checkpointer = None;
        if let (Location::File(path), Conn::Lite(c)) = (at, &conn) {
            let (alive, checkpoints) = std::sync::mpsc::channel();
            match db::spawn_checkpointer(path, checkpoints) {
                Ok(()) => c.pragma_update(None, "wal_autocheckpoint", 0).map_err(|e| e.to_string())?,
                Err(e) => tracing::warn!(error = %e, "no checkpoint thread; the writer checkpoints itself"),
            }
            checkpointer = Some(alive);
        }
        let accounts = Arc::new(Accounts::open(at)?);
        let (tx, rx) = mpsc::channel(QUEUE);
        if let Location::Url(url) = at {
            follow::spawn(url.clone(), shared.clone(), tx.downgrade());
        }
        let handle = writer::spawn(conn, shared.clone(), rx, checkpointer);
        Ok((
            Store {
                shared,
                jobs: tx,
                limiter: Arc::default(),
                series: Arc::new(rate::Limiter::new(10.0 / 3600.0, 10.0)),
                accounts,
                drafts: Arc::default(),
            },
            handle,
        ))
    }

    /// Counts one write of a participant; a flood gets the seconds to wait.
    pub fn pace(&self, who: Uuid) -> std::result::Result<(), u32> {
        self.limiter.take(who)
    }

    pub fn hub(&self) -> &Hub {
        &self.shared.hub
    }

    /// Sets the gauges a metrics scrape reads from the store.
    pub fn record_gauges(&self) {
        metrics::gauge!("convene_dialogues").set(self.dialogue_count() as f64);
        let loaded = self.shared.dialogues.read().unwrap_or_else(|e| e.into_inner()).len();
        metrics::gauge!("convene_dialogues_in_memory").set(loaded as f64);
        metrics::gauge!("convene_write_queue_depth").set((QUEUE - self.jobs.capacity()) as f64);
    }

    pub fn dialogue_count(&self) -> usize {
        self.shared.known.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Asks the writer to let go of dialogues idle for `idle`.
    pub fn unload_idle(&self, idle: std::time::Duration) {
        let before = std::time::Instant::now().checked_sub(idle).unwrap_or_else(std::time::Instant::now);
        let _ = self.queue(Job::Unload { before });
    }

    /// The summary of the last committed version (the dialogue loaded if need be).
    pub async fn latest(&self, id: Uuid) -> Option<Arc<crate::hub::Snapshot>> {
        self.shared.dialogue(id)?;
        self.shared.hub.latest(id).await
    }

    /// A live stream of a dialogue (loaded if need be).
    pub async fn subscribe(&self, id: Uuid, stopping: tokio::sync::watch::Receiver<bool>) -> Option<(Arc<crate::hub::Slot>, u64)> {
        self.shared.dialogue(id)?;
        self.shared.hub.subscribe(id, stopping).await
    }

    /// Reads a dialogue under its lock.
    pub fn read<R>(&self, id: Uuid, f: impl FnOnce(&Dialogue) -> R) -> Result<R> {
        let cell = self.shared.dialogue(id).ok_or_else(|| self.shared.missing())?;
        let d = cell.read().unwrap_or_else(|e| e.into_inner());
        Ok(f(&d))
    }

    pub fn find_code(&self, raw: &str) -> Option<Uuid> {
        let code = secret::normalize_code(raw);
        if let Some(id) = self.shared.codes.read().unwrap_or_else(|e| e.into_inner()).get(&code) {
            return Some(*id);
        }
        let found = sql::blocking(|| db::id_of(&mut *self.shared.loader.lock().unwrap_or_else(|e| e.into_inner()), &code));
        let found = found.map(|id| id.map(|id| (id, code)));
        let id = found.as_ref().ok().and_then(|f| f.as_ref().map(|(id, _)| *id));
        self.shared.discovered(found).then_some(id).flatten()
    }

    fn queue(&self, job: Job) -> Result<()> {
        self.jobs.try_send(job).map_err(|_| ServiceError::Unavailable)
    }

    /// Applies a write to a dialogue through the writer; answers after commit.
    async fn write(&self, id: Uuid, op: Op) -> Result<Outcome> {
        if !self.shared.exists(id) {
            return Err(self.shared.missing());
        }
        let (tx, rx) = oneshot::channel();
        self.queue(Job::Write { dialogue: id, op, reply: tx })?;
        match rx.await {
            Ok(Some(r)) => r.map_err(ServiceError::Domain),
            // Deleted while the write waited.
            Err(_) if !self.shared.exists(id) => Err(DomainError::not_found("dialogue").into()),
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

    /// The next dialogue of a series (`Dialogue::next_in_series`), owned
    /// by the same organiser, with a key of its own; the first one's audit
    /// log records it with the new join code.
    pub async fn duplicate(&self, id: Uuid, title: &str) -> Result<Created> {
        let (spec, agenda, organiser) = self.read(id, |d| d.next_in_series(title).map(|(s, a)| (s, a, d.organiser.clone())))??;
        self.series.take(organiser.clone()).map_err(ServiceError::Paced)?;
        let (key, new_id) = (secret::random_secret(), Uuid::new_v4());
        let mut d = Dialogue::new(new_id, String::new(), secret::digest(&key), spec, agenda, now_ms());
        d.organiser = organiser;
        let code = self.create_dialogue(d).await?;
        self.accounts.audit(id, "facilitator", "duplicate", Some(&code));
        Ok(Created { id: new_id, code, facilitator_key: key })
    }

    /// Adds a moderator or presenter to a dialogue's team: the member and
    /// their key (shown once). The facilitator's audit log records it.
    pub fn add_member(&self, id: Uuid, role: &str, name: &str) -> Result<(accounts::Member, String)> {
        self.read(id, |_| ())?;
        let role = convene::command::Role::parse(role)
            .ok_or_else(|| DomainError::invalid("The field `role` must be \"moderator\" or \"presenter\"."))?;
        let name = convene::text::parse("name", name, accounts::TEAM_NAME_MAX)?;
        let (member, key) = self.accounts.add_member(id, role, &name).ok_or_else(|| {
            DomainError::conflict(Code::LimitReached, format!("A team has at most {} members; remove one first.", accounts::TEAM_MAX))
        })?;
        self.accounts.audit(id, "facilitator", "team_add", Some(&member.audit_role()));
        Ok((member, key))
    }

    /// Removes a member: their key and sessions stop working at once.
    pub fn remove_member(&self, id: Uuid, member: Uuid) -> Result<()> {
        self.read(id, |_| ())?;
        let m = self.accounts.member(id, member).ok_or_else(|| DomainError::not_found("team member"))?;
        self.accounts.remove_member(id, member);
        self.accounts.audit(id, "facilitator", "team_remove", Some(&m.audit_role()));
        Ok(())
    }

    pub async fn import(&self, archive: Archive, organiser: Option<&str>) -> Result<Created> {
        let key = secret::random_secret();
        let id = Uuid::new_v4();
        let audit = archive.audit_log()?;
        let mut d = archive.into_dialogue(id, String::new(), secret::digest(&key), now_ms(), &mut Uuid::new_v4)?;
        d.organiser = organiser.map(str::to_string);
        let code = self.create_dialogue(d).await?;
        for (at, role, action, detail) in audit {
            self.accounts.audit_at(id, at, &role, &action, detail.as_deref());
        }
        Ok(Created { id, code, facilitator_key: key })
    }

    /// The one door for every command, from the API and the forms alike:
    /// the asker's role is checked, the command applied by the writer, and a
    /// facilitator's success recorded in the audit log.
    pub async fn run(&self, id: Uuid, asker: Asker, command: Command) -> Result<Outcome> {
        command.allowed(asker)?;
        let (action, detail) = (command.name(), command.detail());
        let outcome = match command {
            Command::NewKey => self.new_facilitator_key(id).await.map(Outcome::Key)?,
            Command::DeleteDialogue => self.delete(id).await.map(|_| Outcome::Done)?,
            command => {
                let new_id = Uuid::new_v4();
                self.write(id, Op::Run { asker, command, new_id, now: now_ms() }).await?
            }
        };
        // A deleted dialogue keeps no trace, not even of its deletion.
        // Erased: what a refused form of theirs held goes too.
        if let (Asker::Participant(pid), "erase") = (asker, action) {
            self.drafts.remove(&app::backend::participant_draft(pid));
        }
        match asker {
            Asker::Facilitator if action != "delete_dialogue" => self.accounts.audit(id, "facilitator", action, detail.as_deref()),
            Asker::Team(role, member) => {
                let who = self.accounts.member(id, member).map_or_else(|| role.as_str().to_string(), |m| m.audit_role());
                self.accounts.audit(id, &who, action, detail.as_deref());
            }
            _ => {}
        }
        Ok(outcome)
    }

    /// Joins a participant; answers their id and token.
    pub async fn join(&self, id: Uuid, joining: Joining) -> Result<(Uuid, String)> {
        let secret = secret::random_secret();
        let pid = Uuid::new_v4();
        let hash = secret::digest(&secret);
        self.write(id, Op::Join { id: pid, joining, secret_hash: hash, now: now_ms() }).await?;
        Ok((pid, secret::participant_token(pid, &secret)))
    }

    /// Deletes a dialogue: then 404 everywhere, and its text is gone from
    /// the database file and its write-ahead log.
    pub async fn delete(&self, id: Uuid) -> Result<()> {
        if !self.shared.exists(id) {
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
        let mut purged = 0;
        for (id, closed_at) in self.accounts.closed_dialogues() {
            if closed_at <= cutoff && self.delete(id).await.is_ok() {
                tracing::info!(dialogue = %id, "deleted a dialogue closed more than {days} days ago");
                purged += 1;
            }
        }
        purged
    }

    /// Who a credential is, for this dialogue.
    pub fn authenticate(&self, id: Uuid, token: &str) -> Result<Asker> {
        let unauthorized =
            || DomainError::new(ErrorClass::Unauthorized, Code::Unauthorized, "These credentials are not valid for this dialogue.");
        if token.starts_with(accounts::TEAM_PREFIX) {
            self.read(id, |_| ())?;
            let m = self.accounts.member_by_key(id, token).ok_or_else(unauthorized)?;
            return Ok(Asker::Team(m.role, m.id));
        }
        self.read(id, |d| {
            if let Some((pid, secret)) = secret::parse_participant_token(token) {
                let p = d.participants.get(&pid).ok_or_else(unauthorized)?;
                if secret::same(&p.secret_hash, &secret::digest(secret)) {
                    return Ok(Asker::Participant(pid));
                }
            } else if secret::same(&d.key_hash, &secret::digest(token)) {
                return Ok(Asker::Facilitator);
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
    pub fn cookie_credential(&self, id: Uuid, cookie: &dyn Fn(&str) -> Option<String>, facilitator: bool) -> Option<Asker> {
        use app::backend::{facilitator_cookie, participant_cookie};
        let as_facilitator = || {
            let session = cookie(&facilitator_cookie(id)).and_then(|s| self.accounts.session(SessionKind::Facilitator, &s));
            if session.as_deref() == Some(id.to_string().as_str()) {
                return Some(Asker::Facilitator);
            }
            // A member of the team: `ID/MEMBER`, while they are in it.
            let member = session.as_deref().and_then(|s| s.strip_prefix(&format!("{id}/"))).and_then(|m| Uuid::try_parse(m).ok());
            if let Some(m) = member.and_then(|m| self.accounts.member(id, m)) {
                return Some(Asker::Team(m.role, m.id));
            }
            let organiser = self.organiser(cookie)?;
            let owner = self.read(id, |d| d.organiser.clone()).ok().flatten()?;
            (owner == organiser).then_some(Asker::Facilitator)
        };
        let as_participant = || {
            let token = cookie(&participant_cookie(id))?;
            match self.authenticate(id, &token).ok()? {
                p @ Asker::Participant(_) => Some(p),
                Asker::Facilitator | Asker::Team(..) => None,
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
        self.write(id, Op::Key { key_hash: hash }).await?;
        self.accounts.end_all(SessionKind::Facilitator, &id.to_string());
        Ok(key)
    }

    /// The organiser a browser is signed in as, from its cookies.
    pub fn organiser(&self, cookie: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        let session = cookie(&app::backend::organiser_cookie())?;
        self.accounts.session(SessionKind::Organiser, &session)
    }
}
