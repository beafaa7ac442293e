//! The port through which server-rendered pages read a dialogue. The app
//! declares what it needs; the server implements it over its store and
//! provides it as context. In the browser there is no backend: only
//! islands run there, and they speak HTTP.

use std::sync::Arc;

use convene::Dialogue;
use leptos::prelude::*;
use uuid::Uuid;

/// One line of the audit log, as the console shows it: when (RFC 3339),
/// who (`facilitator`, or a team member as `moderator: Ana`), what, and
/// what it named.
pub type AuditRow = (String, String, String, Option<String>);

/// Who a request is, for one dialogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Participant(Uuid),
    Facilitator,
    /// A member of the facilitation team: their role and name.
    Team(convene::command::Role, String),
}

pub trait Backend: Send + Sync + 'static {
    /// The dialogue a join code names.
    fn find_code(&self, code: &str) -> Option<Uuid>;
    /// Runs `f` on the dialogue; false when there is none.
    fn read(&self, id: Uuid, f: &mut dyn FnMut(&Dialogue)) -> bool;
    /// Who a browser is for the dialogue, from its cookies (`cookie`
    /// looks one up by name); `facilitator` says which to try first.
    fn who(&self, id: Uuid, cookie: &dyn Fn(&str) -> Option<String>, facilitator: bool) -> Option<Who>;
    /// The organiser a browser is signed in as.
    fn organiser(&self, cookie: &dyn Fn(&str) -> Option<String>) -> Option<String>;
    /// What a form held when it could not be saved, by its key.
    fn draft(&self, key: &str) -> Option<serde_json::Value>;
    /// A dialogue's audit log, oldest first: (RFC 3339 time, action, detail).
    fn audit(&self, id: Uuid) -> Vec<AuditRow>;
    /// The facilitation team: each member's id, role and name, oldest first.
    fn team(&self, id: Uuid) -> Vec<(Uuid, convene::command::Role, String)>;
    /// An organiser's dialogues, newest first.
    fn organiser_dialogues(&self, name: &str) -> Vec<OwnDialogue>;
    /// A QR code of `text`, as an SVG document.
    fn qr_svg(&self, text: &str) -> String;
    /// Where people reach this server.
    fn public_url(&self) -> String;
}

/// A dialogue on its organiser's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnDialogue {
    pub id: Uuid,
    pub title: String,
    pub code: String,
    pub live: bool,
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

static SECURE_COOKIES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Served over https: cookies get the `__Host-` prefix (Secure, this host
/// only, path `/`), so no other site or subdomain can plant one.
pub fn set_secure_cookies(on: bool) {
    SECURE_COOKIES.store(on, std::sync::atomic::Ordering::Relaxed);
}

pub fn secure_cookies() -> bool {
    SECURE_COOKIES.load(std::sync::atomic::Ordering::Relaxed)
}

fn cookie_name(base: &str) -> String {
    if secure_cookies() {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

/// The cookie that carries a participant's token for one dialogue.
pub fn participant_cookie(dialogue: Uuid) -> String {
    cookie_name(&format!("cv_p_{}", dialogue.simple()))
}

/// The cookie that carries a facilitator's session for one dialogue: a
/// random session id, never the key.
pub fn facilitator_cookie(dialogue: Uuid) -> String {
    cookie_name(&format!("cv_f_{}", dialogue.simple()))
}

/// The cookie that carries an organiser's session.
pub fn organiser_cookie() -> String {
    cookie_name("cv_o")
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
        header_cookie(&parts.headers, name).map(str::to_string)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// Who the request being rendered is, for this dialogue; a facilitator first.
pub fn who(dialogue: Uuid) -> Option<Who> {
    backend()?.who(dialogue, &request_cookie, true)
}

/// Who the request being rendered is, for this dialogue; a participant first.
pub fn who_participant(dialogue: Uuid) -> Option<Who> {
    backend()?.who(dialogue, &request_cookie, false)
}

/// The key a participant's unsaved text is kept under.
pub fn participant_draft(pid: Uuid) -> String {
    format!("p:{pid}")
}

/// The key an organiser's unsaved create form is kept under.
pub fn create_draft(organiser: &str) -> String {
    format!("o:{organiser}")
}

/// The organiser the request being rendered is signed in as.
pub fn organiser() -> Option<String> {
    backend()?.organiser(&request_cookie)
}
