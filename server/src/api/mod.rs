//! The JSON API of `docs/api.md`: each handler parses, checks who is
//! asking, and calls the one service layer.

pub mod auth;
pub mod error;
mod facilitation;
mod live;
pub mod openapi;
mod participation;
pub mod public;
mod report;
mod team;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::state::AppState;
use error::ApiError;

pub const BODY_LIMIT: usize = 64 * 1024;
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;
/// The pages' form posts (a create form with a long report summary).
pub const FORM_LIMIT: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    let d = "/api/v1/dialogues/{id}";
    let import = Router::new().route("/api/v1/dialogues/import", post(public::import)).layer(DefaultBodyLimit::max(IMPORT_LIMIT));
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/api/v1/dialogues", post(public::create))
        .route(d, get(public::describe).delete(public::delete))
        .route("/api/v1/join/{code}", get(public::join_code))
        .route(&format!("{d}/participants"), post(participation::join))
        .route(&format!("{d}/me"), get(participation::me).delete(participation::erase))
        .route(&format!("{d}/hope"), put(participation::hope))
        .route(&format!("{d}/concern"), put(participation::concern))
        .route(&format!("{d}/reservation"), put(participation::reservation))
        .route(&format!("{d}/commitment"), put(participation::commitment))
        .route(&format!("{d}/rating"), put(participation::rating))
        .route(&format!("{d}/questions"), post(participation::question))
        .route(&format!("{d}/recommendations"), post(participation::recommendation))
        .route(&format!("{d}/questions/{{cid}}/votes"), post(participation::vote).delete(participation::unvote))
        .route(&format!("{d}/recommendations/{{cid}}/endorsements"), post(participation::endorse).delete(participation::unendorse))
        .route(&format!("{d}/contributions/{{cid}}"), delete(participation::withdraw).patch(facilitation::refile))
        .route(&format!("{d}/facilitator-key"), post(public::new_key))
        .route(&format!("{d}/duplicate"), post(public::duplicate))
        .route(&format!("{d}/roles"), post(team::add).get(team::list))
        .route(&format!("{d}/roles/{{role_id}}"), delete(team::remove))
        .route(&format!("{d}/audit"), get(public::audit))
        .route(&format!("{d}/summary"), get(live::summary))
        .route(&format!("{d}/contributions"), get(live::contributions))
        .route(&format!("{d}/report.html"), get(report::report_html))
        .route(&format!("{d}/report.md"), get(report::report_md))
        .route(&format!("{d}/report.pdf"), get(report::report_pdf))
        .route(&format!("{d}/export.csv"), get(report::export_csv))
        .route(&format!("{d}/export.json"), get(report::export_json))
        .route("/api/v1/{*rest}", axum::routing::any(not_found))
        .merge(facilitation_router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(import)
}

/// The facilitators' routes; each success goes into the audit log (`Store::run`).
fn facilitation_router() -> Router<AppState> {
    let d = "/api/v1/dialogues/{id}";
    Router::new()
        .route(&format!("{d}/stage"), post(facilitation::stage))
        .route(&format!("{d}/countdown"), post(facilitation::countdown))
        .route(&format!("{d}/agenda/{{index}}/lock"), post(facilitation::lock))
        .route(&format!("{d}/agenda/{{index}}/unlock"), post(facilitation::unlock))
        .route(&format!("{d}/contributions/{{cid}}/hide"), post(facilitation::hide))
        .route(&format!("{d}/contributions/{{cid}}/unhide"), post(facilitation::unhide))
        .route(&format!("{d}/contributions/{{cid}}/merge"), post(facilitation::merge))
        .route(&format!("{d}/contributions/{{cid}}/unmerge"), post(facilitation::unmerge))
        .route(&format!("{d}/questions/{{cid}}/answer"), put(facilitation::answer))
        .route(&format!("{d}/conclusion"), put(facilitation::conclusion))
        .route(&format!("{d}/close"), post(facilitation::close))
        .route(&format!("{d}/publish"), post(facilitation::publish))
}

/// The event stream, kept out of the compression layer: it is never
/// compressed, and that layer's response body alone would cost each open
/// stream several kilobytes.
pub fn events_router() -> Router<AppState> {
    Router::new().route("/api/v1/dialogues/{id}/events", get(live::events))
}

async fn not_found() -> ApiError {
    ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", "There is no such endpoint.")
}
