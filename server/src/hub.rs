//! The live-event hub: each dialogue's committed version (a watch
//! channel the writer bumps after each commit), its summary serialised and
//! framed as event-stream bytes once per version when first read, and the
//! dialogue's subscribers.
//!
//! A subscriber is a small slot (its pending snapshot and a waker), not a
//! task with timers: one pump per watched dialogue hands the newest
//! snapshot to every slot at most once per [`fold`] interval, and a keep-alive
//! every [`KEEP_ALIVE`]. A slot keeps only the newest snapshot, so a slow
//! phone skips ahead and never holds up the writer or the others. Every
//! subscriber shares the same frame bytes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use convene::summary::{Summary, View};
use convene::Dialogue;
use futures::task::AtomicWaker;
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

/// A subscriber is sent at most one summary per this long; changes in between fold.
pub const FOLD: Duration = Duration::from_millis(150);
/// A large room folds longer, so a dialogue sends at most about 33,000
/// events a second in all (10,000 phones: one summary each per 300 ms);
/// every event is a write to a socket, and requests need the CPU too.
const FOLD_PER_SUBSCRIBER: Duration = Duration::from_micros(30);
const FOLD_MAX: Duration = Duration::from_millis(400);

/// How long a dialogue with `n` subscribers folds changes.
pub fn fold(n: usize) -> Duration {
    FOLD_PER_SUBSCRIBER.saturating_mul(n.min(u32::MAX as usize) as u32).clamp(FOLD, FOLD_MAX)
}
/// Streams woken together in one step of a sweep.
const GROUP: usize = 256;
/// A comment line this often keeps proxies and phones from closing a quiet stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Debug)]
pub struct Snapshot {
    pub revision: u64,
    /// The summary as JSON, with items (projectors) and without (phones).
    pub full: Arc<str>,
    pub counts: Arc<str>,
    /// Grows whenever the agenda moves.
    pub agenda_seq: u64,
    /// The same, framed as `summary` and `stage` events.
    pub full_event: Bytes,
    pub counts_event: Bytes,
    pub stage_event: Bytes,
}

fn event(name: &str, id: Option<u64>, data: &str) -> Bytes {
    let mut out = String::with_capacity(data.len() + 40);
    out.push_str("event: ");
    out.push_str(name);
    out.push('\n');
    if let Some(id) = id {
        out.push_str(&format!("id: {id}\n"));
    }
    // JSON has no raw newlines, but a data field must never carry one.
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

fn snapshot(d: &Dialogue, agenda_seq: u64) -> Snapshot {
    let ser = |v: View| -> Arc<str> { serde_json::to_string(&Summary::build(d, v)).unwrap_or_default().into() };
    let stage = json!({
        "current": d.agenda.current,
        "stage": d.agenda.current_stage().as_str(),
        "status": d.status.as_str(),
        "agenda": d.agenda.items,
        "countdown_ends_at": d.agenda.countdown_ends_at.map(convene::time::rfc3339),
    })
    .to_string();
    let (full, counts) = (ser(View::Full), ser(View::Counts));
    Snapshot {
        revision: d.revision,
        full_event: event("summary", Some(d.revision), &full),
        counts_event: event("summary", Some(d.revision), &counts),
        stage_event: event("stage", None, &stage),
        full,
        counts,
        agenda_seq,
    }
}

/// One subscriber's mailbox.
#[derive(Default)]
pub struct Slot {
    state: Mutex<SlotState>,
    waker: AtomicWaker,
}

#[derive(Default)]
struct SlotState {
    pending: Option<Arc<Snapshot>>,
    /// The revision and agenda sequence last handed to this slot.
    offered: (u64, u64),
    ping: bool,
    closed: bool,
}

/// What a subscriber's stream should send next.
pub enum Next {
    Snapshot(Arc<Snapshot>),
    Ping,
    End,
}

impl Slot {
    fn update(&self, f: impl FnOnce(&mut SlotState)) {
        f(&mut self.state.lock().unwrap_or_else(|e| e.into_inner()));
        self.waker.wake();
    }

    /// Hands over a snapshot newer than the last one this slot was given.
    fn offer(&self, snap: &Arc<Snapshot>) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if snap.revision > s.offered.0 || snap.agenda_seq > s.offered.1 {
            s.offered = (snap.revision, snap.agenda_seq);
            s.pending = Some(snap.clone());
            drop(s);
            self.waker.wake();
        }
    }

    /// The next thing to send, or `Pending` with the task's waker registered.
    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Next> {
        let take = || {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(snap) = s.pending.take() {
                Some(Next::Snapshot(snap))
            } else if s.closed {
                Some(Next::End)
            } else if std::mem::take(&mut s.ping) {
                Some(Next::Ping)
            } else {
                None
            }
        };
        if let Some(n) = take() {
            return Poll::Ready(n);
        }
        self.waker.register(cx.waker());
        // A delivery between the first look and registering must not be missed.
        match take() {
            Some(n) => Poll::Ready(n),
            None => Poll::Pending,
        }
    }
}

#[derive(Default)]
struct Subscribers {
    slots: Vec<Weak<Slot>>,
    pumping: bool,
}

impl Subscribers {
    /// The open slots, forgetting closed ones; with none left the pump is
    /// marked stopped (under the same lock a new subscriber takes).
    fn live(&mut self) -> Vec<Arc<Slot>> {
        let live: Vec<Arc<Slot>> = self.slots.iter().filter_map(Weak::upgrade).collect();
        self.slots.retain(|w| w.strong_count() > 0);
        if live.is_empty() {
            self.pumping = false;
        }
        live
    }
}

/// What a dialogue has committed: its revision and how often its agenda moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    revision: u64,
    agenda_seq: u64,
}

/// One dialogue's live side: the committed version, and its snapshot,
/// built when first asked for (by the pump or a summary read), at most once
/// per version, and never on the writer's thread.
struct Source {
    cell: Arc<RwLock<Dialogue>>,
    version: watch::Sender<Version>,
    cache: Mutex<Option<Arc<Snapshot>>>,
}

impl Source {
    /// The snapshot of the last committed version. While the writer is
    /// applying a batch the dialogue in memory runs ahead of what has
    /// committed; then this waits for that batch's publish.
    async fn snapshot(&self) -> Arc<Snapshot> {
        let mut rx = self.version.subscribe();
        loop {
            let v = *rx.borrow_and_update();
            {
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(s) = cache.as_ref().filter(|s| s.revision == v.revision && s.agenda_seq == v.agenda_seq) {
                    return s.clone();
                }
                let d = self.cell.read().unwrap_or_else(|e| e.into_inner());
                if d.revision == v.revision {
                    let snap = Arc::new(snapshot(&d, v.agenda_seq));
                    *cache = Some(snap.clone());
                    return snap;
                }
            }
            if rx.changed().await.is_err() {
                // Forgotten: what is in memory is all there is.
                let d = self.cell.read().unwrap_or_else(|e| e.into_inner());
                return Arc::new(snapshot(&d, v.agenda_seq));
            }
        }
    }
}

struct Channel {
    source: Arc<Source>,
    subscribers: Arc<Mutex<Subscribers>>,
}

#[derive(Default)]
pub struct Hub {
    channels: RwLock<HashMap<Uuid, Channel>>,
}

impl Hub {
    /// Records that the dialogue committed (or, after a failed batch, that
    /// it is back to what had). Cheap: snapshots are built by readers.
    pub fn publish(&self, cell: &Arc<RwLock<Dialogue>>, d: &Dialogue, agenda_moved: bool) {
        let mut map = self.channels.write().unwrap_or_else(|e| e.into_inner());
        match map.get(&d.id) {
            Some(c) => {
                c.source.version.send_modify(|v| {
                    v.revision = d.revision;
                    v.agenda_seq += u64::from(agenda_moved);
                });
            }
            None => {
                let (version, _) = watch::channel(Version { revision: d.revision, agenda_seq: 0 });
                let source = Arc::new(Source { cell: cell.clone(), version, cache: Mutex::new(None) });
                map.insert(d.id, Channel { source, subscribers: Arc::default() });
            }
        }
    }

    /// Whether any live stream follows the dialogue.
    pub fn watched(&self, id: Uuid) -> bool {
        let Some((_, subscribers)) = self.channel(id) else { return false };
        let mut subs = subscribers.lock().unwrap_or_else(|e| e.into_inner());
        !subs.live().is_empty()
    }

    pub fn forget(&self, id: Uuid) {
        // Dropping the sender ends the dialogue's pump, which ends its streams.
        self.channels.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }

    fn channel(&self, id: Uuid) -> Option<(Arc<Source>, Arc<Mutex<Subscribers>>)> {
        let map = self.channels.read().unwrap_or_else(|e| e.into_inner());
        map.get(&id).map(|c| (c.source.clone(), c.subscribers.clone()))
    }

    /// A new subscriber, handed the latest snapshot. Starts the dialogue's
    /// pump if none runs.
    pub async fn subscribe(&self, id: Uuid, stopping: watch::Receiver<bool>) -> Option<(Arc<Slot>, u64)> {
        let (source, subscribers) = self.channel(id)?;
        let slot = Arc::new(Slot::default());
        slot.update(|s| s.closed = *stopping.borrow());
        // Registered first: any version published from now on reaches this slot.
        {
            let mut subs = subscribers.lock().unwrap_or_else(|e| e.into_inner());
            subs.slots.push(Arc::downgrade(&slot));
            if !subs.pumping {
                subs.pumping = true;
                tokio::spawn(pump(source.clone(), subscribers.clone(), source.version.subscribe(), stopping));
            }
        }
        let first = source.snapshot().await;
        let seq = first.agenda_seq;
        slot.offer(&first);
        Some((slot, seq))
    }

    /// The summary of the last committed version.
    pub async fn latest(&self, id: Uuid) -> Option<Arc<Snapshot>> {
        let (source, _) = self.channel(id)?;
        Some(source.snapshot().await)
    }
}

/// One dialogue's pump: hands each new snapshot to every subscriber, at
/// most once per [`fold`] interval, pings them every `KEEP_ALIVE`, and ends their
/// streams when the server stops. It stops itself when nobody is left.
async fn pump(
    source: Arc<Source>,
    subscribers: Arc<Mutex<Subscribers>>,
    mut rx: watch::Receiver<Version>,
    mut stopping: watch::Receiver<bool>,
) {
    let live_slots = || subscribers.lock().unwrap_or_else(|e| e.into_inner()).live();
    let close_all = || {
        for slot in live_slots() {
            slot.update(|st| st.closed = true);
        }
    };
    // `rx` was made when the first subscriber registered, before its first
    // snapshot was read: no later version is missed.
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            changed = rx.changed() => {
                if changed.is_err() {
                    close_all();
                    return;
                }
                // One sweep: the room in groups of about `GROUP`, their turns
                // spread evenly over the fold interval, each group handed the
                // newest snapshot at its turn. The work of a large room comes
                // in small steady steps rather than one burst that would queue
                // every request behind thousands of sockets.
                let live = live_slots();
                if live.is_empty() {
                    return;
                }
                let groups = live.len().div_ceil(GROUP);
                let interval = fold(live.len());
                let start = tokio::time::Instant::now();
                for (g, group) in live.chunks(live.len().div_ceil(groups)).enumerate() {
                    rx.borrow_and_update();
                    let snap = source.snapshot().await;
                    for slot in group {
                        slot.offer(&snap);
                    }
                    tokio::time::sleep_until(start + interval.mul_f64((g + 1) as f64 / groups as f64)).await;
                }
            }
            _ = ping.tick() => {
                let live = live_slots();
                if live.is_empty() {
                    return;
                }
                for slot in live {
                    slot.update(|st| st.ping = true);
                }
            }
            _ = async { drop(stopping.wait_for(|s| *s).await) } => {
                close_all();
                return;
            }
        }
    }
}
