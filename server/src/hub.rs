//! The live-event hub: each dialogue's latest summary, serialised once per
//! committed batch, watched by any number of subscribers. A watch channel
//! keeps only the newest value, so a slow subscriber skips to the latest
//! and never holds up the writer or the others.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use convene::summary::{Summary, View};
use convene::Dialogue;
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

#[derive(Debug)]
pub struct Snapshot {
    pub revision: u64,
    /// The summary as JSON, with items (projectors) and without (phones).
    pub full: Arc<str>,
    pub counts: Arc<str>,
    /// Grows whenever the agenda moves; the `stage` event's JSON.
    pub agenda_seq: u64,
    pub stage: Arc<str>,
}

#[derive(Default)]
pub struct Hub {
    channels: RwLock<HashMap<Uuid, watch::Sender<Arc<Snapshot>>>>,
}

fn snapshot(d: &Dialogue, agenda_seq: u64) -> Snapshot {
    let ser = |v: View| -> Arc<str> { serde_json::to_string(&Summary::build(d, v)).unwrap_or_default().into() };
    let stage = json!({
        "current": d.agenda.current,
        "stage": d.agenda.current_stage().as_str(),
        "status": d.status.as_str(),
        "agenda": d.agenda.items,
        "countdown_ends_at": d.agenda.countdown_ends_at.map(convene::time::rfc3339),
    });
    Snapshot {
        revision: d.revision,
        full: ser(View::Full),
        counts: ser(View::Counts),
        agenda_seq,
        stage: stage.to_string().into(),
    }
}

impl Hub {
    /// Publishes the dialogue as it now is. Called after its changes committed.
    pub fn publish(&self, d: &Dialogue, agenda_moved: bool) {
        let mut map = self.channels.write().unwrap_or_else(|e| e.into_inner());
        match map.get(&d.id) {
            Some(tx) => {
                let seq = tx.borrow().agenda_seq + u64::from(agenda_moved);
                tx.send_replace(Arc::new(snapshot(d, seq)));
            }
            None => {
                let (tx, _) = watch::channel(Arc::new(snapshot(d, 0)));
                map.insert(d.id, tx);
            }
        }
    }

    pub fn forget(&self, id: Uuid) {
        self.channels.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }

    pub fn subscribe(&self, id: Uuid) -> Option<watch::Receiver<Arc<Snapshot>>> {
        self.channels.read().unwrap_or_else(|e| e.into_inner()).get(&id).map(|tx| tx.subscribe())
    }

    pub fn latest(&self, id: Uuid) -> Option<Arc<Snapshot>> {
        self.channels.read().unwrap_or_else(|e| e.into_inner()).get(&id).map(|tx| tx.borrow().clone())
    }

    pub fn subscribers(&self) -> usize {
        self.channels.read().unwrap_or_else(|e| e.into_inner()).values().map(|tx| tx.receiver_count()).sum()
    }
}
