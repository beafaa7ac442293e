//! What the page says to a screen reader as the room moves, through one
//! polite live region (`#announce`, rendered by the `Live` island): a new
//! stage at once; new contributions at most every ten seconds, as counts
//! ("Questions: 3 more"), never by re-reading a list; a countdown at one
//! minute and at zero. Browser only.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::live::LiveWords;

/// The summary's lists whose growth is news.
const LISTS: [&str; 6] = ["hopes", "concerns", "questions", "reservations", "recommendations", "commitments"];
/// At most one piece of news this often (a stage change never waits).
const NEWS_EVERY_MS: f64 = 10_000.0;

#[derive(Default)]
struct State {
    words: LiveWords,
    /// The counts last seen; the first summary only sets them.
    seen: Option<[f64; 6]>,
    /// What grew since the last news.
    pending: [f64; 6],
    last_news: f64,
    scheduled: bool,
    /// Seconds the countdown showed at the last tick.
    countdown: Option<u64>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

pub fn init(words: LiveWords) {
    STATE.with(|s| s.borrow_mut().words = words);
}

fn say(text: &str) {
    let Some(region) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("announce")) else { return };
    // A new node each time, so the same words said twice are heard twice.
    region.set_text_content(None);
    if let Some(p) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("span").ok()) {
        p.set_text_content(Some(text));
        let _ = region.append_child(&p);
    }
}

/// The agenda moved to the item titled `title`: said at once; older news
/// about the previous stage is dropped.
pub fn stage(title: &str) {
    let text = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.pending = [0.0; 6];
        s.words.now.replace("{title}", title.trim())
    });
    say(&text);
}

/// A summary arrived: counts what grew, and says it when ten seconds have
/// passed since the last news (else once they have).
pub fn counts(summary: &JsValue) {
    let now = js_sys::Date::now();
    let mut counts = [0.0; 6];
    for (i, list) in LISTS.iter().enumerate() {
        let v = Reflect::get(summary, &(*list).into()).ok().and_then(|l| Reflect::get(&l, &"count".into()).ok());
        counts[i] = v.and_then(|v| v.as_f64()).unwrap_or(0.0);
    }
    let wait = STATE.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(seen) = s.seen {
            for i in 0..LISTS.len() {
                s.pending[i] += (counts[i] - seen[i]).max(0.0);
            }
        }
        s.seen = Some(counts);
        if s.pending.iter().all(|n| *n == 0.0) || s.scheduled {
            return None;
        }
        Some((s.last_news + NEWS_EVERY_MS - now).max(0.0))
    });
    match wait {
        Some(ms) if ms <= 0.0 => news(),
        Some(ms) => {
            STATE.with(|s| s.borrow_mut().scheduled = true);
            let later = Closure::once_into_js(news);
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), ms as i32);
            }
        }
        None => {}
    }
}

fn news() {
    let text = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.scheduled = false;
        s.last_news = js_sys::Date::now();
        let parts: Vec<String> = s
            .pending
            .iter()
            .zip(&s.words.lists)
            .filter(|(n, _)| **n > 0.0)
            .map(|(n, name)| s.words.more.replace("{what}", name).replace("{n}", &n.to_string()))
            .collect();
        s.pending = [0.0; 6];
        parts.join(" ")
    });
    if !text.is_empty() {
        say(&text);
    }
}

/// The countdown shows `secs` left (None: there is none). Said as it
/// crosses one minute and zero, whatever refreshes replaced its element.
pub fn countdown(secs: Option<u64>) {
    let text = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let before = std::mem::replace(&mut s.countdown, secs);
        match (before, secs) {
            (Some(b), Some(a)) if b > 60 && (1..=60).contains(&a) => Some(s.words.minute_left.clone()),
            (Some(b), Some(0)) if b > 0 => Some(s.words.time_up.clone()),
            _ => None,
        }
    });
    if let Some(t) = text {
        say(&t);
    }
}
