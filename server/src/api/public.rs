//! Creating, importing and describing dialogues; finding one by its code.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use convene::archive::Archive;
use convene::spec::CreateDialogue;
use convene::Dialogue;
use serde_json::{json, Value};

use super::auth::Facilitator;
use super::error::{parse_id, ApiError, ApiResult, Json};
use super::openapi::DialogueId;
use crate::state::AppState;
use crate::store::{Asker, Command, Created, Outcome};

type CreatedAnswer = (StatusCode, [(header::HeaderName, &'static str); 1], axum::Json<Value>);

/// What creating or importing answers: the key, once, never cached.
fn created(state: &AppState, c: Created) -> CreatedAnswer {
    let links = state.links(c.id, &c.code, Some(&c.facilitator_key));
    (
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(json!({"id": c.id, "code": c.code, "facilitator_key": c.facilitator_key, "links": links})),
    )
}

/// The organiser a request's `Authorization: Bearer` key names, or 401.
fn organiser(state: &AppState, headers: &HeaderMap) -> ApiResult<String> {
    super::auth::bearer(headers).and_then(|t| state.store.accounts.organiser_by_key(t)).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Creating or importing a dialogue needs an organiser key (Authorization: Bearer).",
        )
    })
}

// The credential is checked before the body is read.
#[utoipa::path(post, path = "/api/v1/dialogues", tag = "organiser", request_body = CreateDialogue, responses((status = 201, description = "The dialogue, its code, links and facilitator key (shown once)", body = Object)))]
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Body) -> ApiResult<CreatedAnswer> {
    let name = organiser(&state, &headers)?;
    let Json(req): Json<CreateDialogue> = Json::from_body(body).await?;
    let c = state.store.create(req, &name).await?;
    Ok(created(&state, c))
}

#[utoipa::path(post, path = "/api/v1/dialogues/import", tag = "organiser", request_body = Archive, responses((status = 201, description = "The imported dialogue, as for a created one", body = Object)))]
pub async fn import(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Body) -> ApiResult<CreatedAnswer> {
    let name = organiser(&state, &headers)?;
    let Json(archive): Json<Archive> = Json::from_body(body).await?;
    let c = state.store.import(archive, Some(&name)).await?;
    Ok(created(&state, c))
}

/// What duplicating takes: the new dialogue's title.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Duplicate {
    pub title: Option<String>,
}

/// The next dialogue of a series: the same agenda, themes, scale, report
/// brief and languages, nobody in it and nothing said, under a new title.
#[utoipa::path(post, path = "/api/v1/dialogues/{id}/duplicate", tag = "facilitator", params(DialogueId), request_body = Duplicate, responses((status = 201, description = "The new dialogue, as for a created one", body = Object)))]
pub async fn duplicate(State(state): State<AppState>, who: Facilitator, body: axum::body::Body) -> ApiResult<CreatedAnswer> {
    let Json(req): Json<Duplicate> = Json::from_body(body).await?;
    let c = state.store.duplicate(who.dialogue, req.title.as_deref().unwrap_or("")).await?;
    Ok(created(&state, c))
}

/// A new facilitator key; the old one and its sessions stop at once.
#[utoipa::path(post, path = "/api/v1/dialogues/{id}/facilitator-key", tag = "facilitator", params(DialogueId), responses((status = 200, description = "The new key; the old one and its sessions end", body = Object)))]
pub async fn new_key(
    State(state): State<AppState>,
    who: Facilitator,
) -> ApiResult<(StatusCode, [(header::HeaderName, &'static str); 1], axum::Json<Value>)> {
    let Outcome::Key(key) = state.store.run(who.dialogue, Asker::Facilitator, Command::NewKey).await? else {
        return Err(ApiError::new(StatusCode::CONFLICT, "no_key", "No new key was made."));
    };
    Ok((StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], axum::Json(json!({"facilitator_key": key}))))
}

/// Deletes a dialogue for good: then 404 everywhere.
#[utoipa::path(delete, path = "/api/v1/dialogues/{id}", tag = "facilitator", params(DialogueId), responses((status = 204, description = "Deleted; 404 everywhere from now on")))]
pub async fn delete(State(state): State<AppState>, who: Facilitator) -> ApiResult<StatusCode> {
    state.store.run(who.dialogue, Asker::Facilitator, Command::DeleteDialogue).await?;
    tracing::info!(dialogue = %who.dialogue, "a dialogue was deleted by its facilitator");
    Ok(StatusCode::NO_CONTENT)
}

/// One audit line as the API and the facilitator's archive give it.
/// A team member's line is kept as `moderator: Ana`: given as its role and name.
pub fn audit_json((at, role, action, detail): convene::archive::AuditLine) -> Value {
    let (role, name) = match role.split_once(": ") {
        Some((role, name)) if convene::command::Role::parse(role).is_some() => (role.to_string(), Some(name.to_string())),
        _ => (role, None),
    };
    json!({"at": convene::time::rfc3339(at), "role": role, "name": name, "action": action, "detail": detail})
}

/// The facilitation actions on a dialogue, with their times; never public.
#[utoipa::path(get, path = "/api/v1/dialogues/{id}/audit", tag = "facilitator", params(DialogueId), responses((status = 200, description = "What facilitators did, oldest first", body = Object)))]
pub async fn audit(
    State(state): State<AppState>,
    who: Facilitator,
) -> ApiResult<([(header::HeaderName, &'static str); 1], axum::Json<Value>)> {
    let items: Vec<Value> = state.store.accounts.audit_log(who.dialogue).into_iter().map(audit_json).collect();
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(json!({"items": items}))))
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
        "max_participants": s.max_participants,
        "resonance_figure_title": s.resonance_figure_title,
        "language": s.language,
        "status": d.status.as_str(),
        "current": d.agenda.current,
        "countdown_ends_at": d.agenda.countdown_ends_at.map(convene::time::rfc3339),
        "published": d.published,
        "participants": d.participants.len(),
    })
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}", tag = "public", params(DialogueId), responses((status = 200, description = "The dialogue's public description", body = Object)))]
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

#[utoipa::path(get, path = "/api/v1/join/{code}", tag = "public", params(("code" = String, Path, description = "A join code")), responses((status = 200, description = "The dialogue the code opens", body = Object)))]
pub async fn join_code(State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<axum::Json<Value>> {
    let id = state
        .store
        .find_code(&code)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "unknown_code", "No dialogue has that code. Check it and try again."))?;
    let title = state.store.read(id, |d| d.spec.title.clone())?;
    Ok(axum::Json(json!({"id": id, "title": title})))
}
