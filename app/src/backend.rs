//! The port through which server-rendered pages read a dialogue. The app
//! declares what it needs; the server implements it over its store and
//! provides it as context. In the browser there is no backend: only
//! islands run there, and they speak HTTP.

use std::sync::Arc;

use convene::Dialogue;
use leptos::prelude::*;
use uuid::Uuid;

/// Who a request is, for one dialogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Participant(Uuid),
    Facilitator,
}

pub trait Backend: Send + Sync + 'static {
    /// The dialogue a join code names.
    fn find_code(&self, code: &str) -> Option<Uuid>;
    /// Runs `f` on the dialogue; false when there is none.
    fn read(&self, id: Uuid, f: &mut dyn FnMut(&Dialogue)) -> bool;
    /// Checks a token or key against the dialogue.
    fn authenticate(&self, id: Uuid, token: &str) -> Option<Who>;
    /// A QR code of `text`, as an SVG document.
    fn qr_svg(&self, text: &str) -> String;
    /// Where people reach this server.
    fn public_url(&self) -> String;
}

#[derive(Clone)]
pub struct BackendRef(pub Arc<dyn Backend>);

/// The backend, during server rendering.
pub fn backend() -> Option<Arc<dyn Backend>> {
    use_context::<BackendRef>().map(|b| b.0)
}

/// Reads what a page needs from a dialogue, cloned out of its lock.
pub fn read<R>(id: Uuid, f: impl FnOnce(&Dialogue) -> R) -> Option<R> {
    let b = backend()?;
    let mut f = Some(f);
    let mut out = None;
    b.read(id, &mut |d| {
        if let Some(f) = f.take() {
            out = Some(f(d));
        }
    });
    out
}

/// The server's clock, for countdowns rendered on the server.
pub fn now_ms() -> i64 {
    #[cfg(feature = "ssr")]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
    }
    #[cfg(not(feature = "ssr"))]
    {
        0
    }
}

/// The cookie that carries a participant's token for one dialogue.
pub fn participant_cookie(dialogue: Uuid) -> String {
    format!("cv_p_{}", dialogue.simple())
}

/// The cookie that carries a facilitator's key for one dialogue.
pub fn facilitator_cookie(dialogue: Uuid) -> String {
    format!("cv_f_{}", dialogue.simple())
}

/// A cookie of a request, by name: the one reader for pages and handlers.
#[cfg(feature = "ssr")]
pub fn header_cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A cookie of the request being rendered.
pub fn request_cookie(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        return header_cookie(&parts.headers, name).map(str::to_string);
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// Who the request being rendered is, for this dialogue.
pub fn who(dialogue: Uuid) -> Option<Who> {
    let b = backend()?;
    let f = request_cookie(&facilitator_cookie(dialogue)).and_then(|k| b.authenticate(dialogue, &k));
    f.or_else(|| request_cookie(&participant_cookie(dialogue)).and_then(|t| b.authenticate(dialogue, &t)))
}
