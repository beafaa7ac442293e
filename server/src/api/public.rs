//! Creating, importing and describing dialogues; finding one by its code.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use convene::archive::Archive;
use convene::spec::CreateDialogue;
use convene::Dialogue;
use serde_json::{json, Value};

use super::error::{parse_id, ApiError, ApiResult, Json};
use crate::state::AppState;
use crate::store::Created;

fn created(state: &AppState, c: Created) -> (StatusCode, axum::Json<Value>) {
    let links = state.links(c.id, &c.code, Some(&c.facilitator_key));
    (
        StatusCode::CREATED,
        axum::Json(json!({"id": c.id, "code": c.code, "facilitator_key": c.facilitator_key, "links": links})),
    )
}

pub async fn create(State(state): State<AppState>, Json(req): Json<CreateDialogue>) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let c = state.store.create(req).await?;
    Ok(created(&state, c))
}

pub async fn import(State(state): State<AppState>, Json(archive): Json<Archive>) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let c = state.store.import(archive).await?;
    Ok(created(&state, c))
}

/// The public description of a dialogue: never its key.
pub fn describe_json(d: &Dialogue) -> Value {
    let s = &d.spec;
    json!({
        "id": d.id,
        "code": d.code,
        "title": s.title,
        "held_on": s.held_on,
        "place": s.place,
        "conveners": s.conveners,
        "roles": s.roles,
        "report": s.report,
        "agenda": d.agenda.items,
        "themes": s.themes,
        "scale": s.scale,
        "endorsements_per_participant": s.endorsements_per_participant,
        "resonance_figure_title": s.resonance_figure_title,
        "status": d.status.as_str(),
        "current": d.agenda.current,
        "countdown_ends_at": d.agenda.countdown_ends_at.map(convene::time::rfc3339),
        "published": d.published,
        "participants": d.participants.len(),
    })
}

pub async fn describe(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let (mut v, code) = state.store.read(id, |d| (describe_json(d), d.code.clone()))?;
    let mut links = state.links(id, &code, None);
    if let Some(l) = links.as_object_mut() {
        l.remove("facilitate");
    }
    v["links"] = links;
    Ok(axum::Json(v))
}

pub async fn join_code(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<axum::Json<Value>> {
    let id = state
        .store
        .find_code(&code)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "unknown_code", "No dialogue has that code. Check it and try again."))?;
    let title = state.store.read(id, |d| d.spec.title.clone())?;
    Ok(axum::Json(json!({"id": id, "title": title})))
}
