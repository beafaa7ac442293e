//! What every handler reaches through axum's state: the service and the
//! settings that shape answers.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use uuid::Uuid;

use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where people reach this server, for the links handed out.
    pub public_url: Arc<str>,
    pub leptos: LeptosOptions,
    /// Turns true when the server is stopping, so open event streams end
    /// and a graceful shutdown does not wait on them forever.
    pub stopping: tokio::sync::watch::Receiver<bool>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> LeptosOptions {
        s.leptos.clone()
    }
}

impl AppState {
    /// The links of a dialogue; the facilitator's signs a device in when it carries the key.
    pub fn links(&self, id: Uuid, code: &str, key: Option<&str>) -> serde_json::Value {
        let base = &self.public_url;
        let facilitate = match key {
            Some(k) => format!("{base}/f/{id}/signin?key={k}"),
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
