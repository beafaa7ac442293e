//! What someone typed into a form that could not be saved, kept a few
//! minutes in memory so the page can put it back: never in a URL, where
//! it would land in logs and browser history.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a draft waits for its page.
const KEEP: Duration = Duration::from_secs(600);
/// Most drafts held at once; past it the oldest go first.
const MAX: usize = 20_000;

#[derive(Default)]
pub struct Drafts {
    held: Mutex<HashMap<String, (Instant, Value)>>,
}

impl Drafts {
    pub fn put(&self, key: String, value: Value) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if held.len() >= MAX {
            let now = Instant::now();
            held.retain(|_, (at, _)| now.duration_since(*at) < KEEP);
            if held.len() >= MAX {
                if let Some(oldest) = held.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone()) {
                    held.remove(&oldest);
                }
            }
        }
        held.insert(key, (Instant::now(), value));
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        let held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.get(key).filter(|(at, _)| at.elapsed() < KEEP).map(|(_, v)| v.clone())
    }

    pub fn remove(&self, key: &str) {
        self.held.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}
