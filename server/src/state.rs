//! What every handler reaches through axum's state: the service and the
//! settings that shape answers.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use uuid::Uuid;

use crate::store::rate::Limiter;
use crate::store::Store;

/// Failed join-code lookups one client address may make: 30 a minute.
pub fn code_limiter() -> Limiter<IpAddr> {
    Limiter::new(0.5, 30.0)
}

/// What every handler reaches, behind one `Arc`: a request clones it
/// (each layer with state does), so a clone is one counter.
#[derive(Clone)]
pub struct AppState(Arc<AppInner>);

impl AppState {
    pub fn new(inner: AppInner) -> AppState {
        AppState(Arc::new(inner))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppInner;
    fn deref(&self) -> &AppInner {
        &self.0
    }
}

pub struct AppInner {
    pub store: Store,
    /// Where people reach this server, for the links handed out.
    pub public_url: Arc<str>,
    pub leptos: LeptosOptions,
    /// Turns true when the server is stopping, so open event streams end
    /// and a graceful shutdown does not wait on them forever.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Take the client's address from `X-Forwarded-For` (`--trust-proxy`).
    pub trust_proxy: bool,
    /// Failed join-code lookups per client address.
    pub code_guesses: Arc<Limiter<IpAddr>>,
    /// Live event streams open per client address.
    pub streams: Arc<Streams>,
    /// Origins allowed to frame the projector (`--frame-ancestors`); none when empty.
    pub frame_ancestors: Arc<str>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos.clone()
    }
}

/// Live streams per client address, capped so that one address cannot
/// hold every connection, yet high enough for a whole room behind one
/// venue address.
pub struct Streams {
    max: usize,
    open: std::sync::Mutex<std::collections::HashMap<IpAddr, usize>>,
}

/// One open stream of an address; dropping it gives the place back.
pub struct StreamSeat {
    streams: Arc<Streams>,
    ip: IpAddr,
}

impl Streams {
    pub fn new(max: usize) -> Arc<Streams> {
        Arc::new(Streams { max, open: Default::default() })
    }

    /// A place for one more stream from `ip`, or `None` past the cap.
    pub fn open(self: &Arc<Self>, ip: IpAddr) -> Option<StreamSeat> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        metrics::gauge!("convene_event_streams").increment(1.0);
        Some(StreamSeat { streams: self.clone(), ip })
    }
}

impl Drop for StreamSeat {
    fn drop(&mut self) {
        metrics::gauge!("convene_event_streams").decrement(1.0);
        let mut open = self.streams.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

impl AppState {
    /// The client's address: the socket's, or with `--trust-proxy` the
    /// one the proxy in front of us appended last to `X-Forwarded-For`.
    pub fn client_ip(&self, peer: SocketAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        if self.trust_proxy {
            let forwarded = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .last()
                .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
            if let Some(ip) = forwarded {
                return ip;
            }
        }
        peer.ip()
    }

    /// Records a facilitation action in the dialogue's audit log.
    pub fn audit(&self, dialogue: Uuid, role: &str, action: &str, detail: Option<&str>) {
        self.store.accounts.audit(dialogue, role, action, detail);
    }

    /// The link that trades a key (the facilitator's or a team member's)
    /// for a session on the dialogue's console.
    pub fn sign_in_link(&self, id: Uuid, key: &str) -> String {
        format!("{}/f/{id}/signin?key={key}", self.public_url)
    }

    /// The links of a dialogue; the facilitator's signs a device in when it carries the key.
    pub fn links(&self, id: Uuid, code: &str, key: Option<&str>) -> serde_json::Value {
        let base = &self.public_url;
        let facilitate = match key {
            Some(k) => self.sign_in_link(id, k),
            None => format!("{base}/f/{id}"),
        };
        serde_json::json!({
            "join": format!("{base}/j/{code}"),
            "facilitate": facilitate,
            "project": format!("{base}/p/{id}"),
            "report": format!("{base}/api/v1/dialogues/{id}/report.html"),
        })
    }
}
