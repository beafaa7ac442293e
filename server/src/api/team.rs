//! The facilitation team: moderators and presenters, each with a key of
//! their own that allows part of facilitation. Only the facilitator (the
//! dialogue's own key, a session made with it, or its organiser) makes,
//! lists and removes them.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::auth::Facilitator;
use super::error::{parse_id, ApiResult, Json};
use super::openapi::DialogueId;
use crate::state::AppState;
use crate::store::accounts::Member;

/// A new member of the team.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewMember {
    /// `moderator` (hide, unhide, merge, re-file, answer) or `presenter`
    /// (move the agenda, lock and unlock items, run the countdown).
    pub role: Option<String>,
    /// Who they are, for the audit log (at most 60 characters).
    pub name: Option<String>,
}

fn member_json(m: &Member) -> Value {
    json!({"id": m.id, "role": m.role.as_str(), "name": m.name, "created_at": convene::time::rfc3339(m.created_at)})
}

type NoStore = [(header::HeaderName, &'static str); 1];

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/roles", tag = "facilitator", params(DialogueId), request_body = NewMember, responses((status = 201, description = "The member, their key and sign-in link (shown once)", body = Object)))]
pub async fn add(
    State(state): State<AppState>,
    who: Facilitator,
    body: axum::body::Body,
) -> ApiResult<(StatusCode, NoStore, axum::Json<Value>)> {
    let Json(req): Json<NewMember> = Json::from_body(body).await?;
    let (member, key) = state.store.add_member(who.dialogue, req.role.as_deref().unwrap_or(""), req.name.as_deref().unwrap_or(""))?;
    let mut v = member_json(&member);
    v["key"] = json!(key);
    v["link"] = json!(state.sign_in_link(who.dialogue, &key));
    Ok((StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], axum::Json(v)))
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/roles", tag = "facilitator", params(DialogueId), responses((status = 200, description = "The team, oldest first; never a key", body = Object)))]
pub async fn list(State(state): State<AppState>, who: Facilitator) -> (NoStore, axum::Json<Value>) {
    let items: Vec<Value> = state.store.accounts.members(who.dialogue).iter().map(member_json).collect();
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(json!({"items": items})))
}

#[utoipa::path(delete, path = "/api/v1/dialogues/{id}/roles/{role_id}", tag = "facilitator", params(DialogueId, ("role_id" = String, Path, description = "A team member's id")), responses((status = 204, description = "Removed: their key and sessions stop working at once")))]
pub async fn remove(State(state): State<AppState>, who: Facilitator, Path((_, member)): Path<(String, String)>) -> ApiResult<StatusCode> {
    let member = parse_id(&member, "team member")?;
    state.store.remove_member(who.dialogue, member)?;
    Ok(StatusCode::NO_CONTENT)
}
