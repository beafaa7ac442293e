//! A facilitator's routes: drive the agenda and moderate.

use axum::extract::{Path, State};
use convene::command::Command;
use convene::{Dialogue, DomainError};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::auth::Facilitation;
use super::error::{parse_id, ApiResult, Json};
use super::openapi::{DialogueId, ItemId};
use super::participation::contribution_json;
use super::public::describe_json;
use crate::state::AppState;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct StageBody {
    #[schema(value_type = u32)]
    index: serde_json::Number,
}

#[derive(Deserialize, ToSchema)]
pub struct MergeBody {
    into: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ThemeBody {
    theme: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TextBody {
    text: String,
}

#[derive(Deserialize, ToSchema)]
pub struct CountdownBody {
    #[schema(value_type = u32, maximum = 3600)]
    seconds: serde_json::Number,
}

/// Runs a facilitator's command; answers with what `view` reads of the dialogue afterwards.
async fn run(s: &AppState, who: &Facilitation, command: Command, view: impl FnOnce(&Dialogue) -> Value) -> ApiResult<axum::Json<Value>> {
    s.store.run(who.dialogue, who.asker, command).await?;
    Ok(axum::Json(s.store.read(who.dialogue, view)?))
}

fn index(raw: &str) -> Result<usize, DomainError> {
    raw.parse().map_err(|_| DomainError::invalid(format!("The agenda index must be a whole number, not {raw:?}.")))
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/stage", tag = "facilitator", params(DialogueId), request_body = StageBody, responses((status = 200, description = "The dialogue after the move", body = Object)))]
pub async fn stage(State(s): State<AppState>, who: Facilitation, Json(b): Json<StageBody>) -> ApiResult<axum::Json<Value>> {
    let index = b.index.as_u64().ok_or_else(|| DomainError::invalid("The field `index` must be a whole number."))? as usize;
    run(&s, &who, Command::Stage { index }, describe_json).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/countdown", tag = "facilitator", params(DialogueId), request_body = CountdownBody, responses((status = 200, description = "The dialogue with its countdown", body = Object)))]
pub async fn countdown(State(s): State<AppState>, who: Facilitation, Json(b): Json<CountdownBody>) -> ApiResult<axum::Json<Value>> {
    let seconds = b
        .seconds
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| DomainError::invalid("The field `seconds` must be a whole number from 0 to 3600."))?;
    run(&s, &who, Command::Countdown { seconds }, describe_json).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/agenda/{index}/lock", tag = "facilitator", params(DialogueId, ("index" = u32, Path, description = "An agenda item's place, from 0")), responses((status = 200, description = "The dialogue after the change", body = Object)))]
pub async fn lock(State(s): State<AppState>, who: Facilitation, Path((_, i)): Path<(String, String)>) -> ApiResult<axum::Json<Value>> {
    run(&s, &who, Command::Lock { index: index(&i)? }, describe_json).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/agenda/{index}/unlock", tag = "facilitator", params(DialogueId, ("index" = u32, Path, description = "An agenda item's place, from 0")), responses((status = 200, description = "The dialogue after the change", body = Object)))]
pub async fn unlock(State(s): State<AppState>, who: Facilitation, Path((_, i)): Path<(String, String)>) -> ApiResult<axum::Json<Value>> {
    run(&s, &who, Command::Unlock { index: index(&i)? }, describe_json).await
}

/// A contribution as the console sees it, hidden and merged ones too.
fn contribution(d: &Dialogue, cid: Uuid) -> Value {
    d.contributions
        .get(&cid)
        .map(|c| {
            let mut v = contribution_json(c);
            v["hidden"] = json!(c.hidden);
            v["merged_into"] = json!(c.merged_into);
            v
        })
        .unwrap_or(Value::Null)
}

/// A command on one contribution, answered with that contribution.
async fn on_item(s: &AppState, who: &Facilitation, cid: &str, command: impl FnOnce(Uuid) -> Command) -> ApiResult<axum::Json<Value>> {
    let item = parse_id(cid, "contribution")?;
    run(s, who, command(item), |d| contribution(d, item)).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/contributions/{cid}/hide", tag = "facilitator", params(DialogueId, ItemId), responses((status = 200, description = "The contribution", body = Object)))]
pub async fn hide(State(s): State<AppState>, who: Facilitation, Path((_, cid)): Path<(String, String)>) -> ApiResult<axum::Json<Value>> {
    on_item(&s, &who, &cid, |item| Command::Hide { item }).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/contributions/{cid}/unhide", tag = "facilitator", params(DialogueId, ItemId), responses((status = 200, description = "The contribution", body = Object)))]
pub async fn unhide(State(s): State<AppState>, who: Facilitation, Path((_, cid)): Path<(String, String)>) -> ApiResult<axum::Json<Value>> {
    on_item(&s, &who, &cid, |item| Command::Unhide { item }).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/contributions/{cid}/merge", tag = "facilitator", params(DialogueId, ItemId), request_body = MergeBody, responses((status = 200, description = "The merged-away contribution", body = Object)))]
pub async fn merge(
    State(s): State<AppState>,
    who: Facilitation,
    Path((_, cid)): Path<(String, String)>,
    Json(b): Json<MergeBody>,
) -> ApiResult<axum::Json<Value>> {
    let into = Uuid::try_parse(b.into.trim()).map_err(|_| DomainError::invalid("The field `into` must be the id of a contribution."))?;
    on_item(&s, &who, &cid, |item| Command::Merge { item, into }).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/contributions/{cid}/unmerge", tag = "facilitator", params(DialogueId, ItemId), responses((status = 200, description = "The item, on its own again with its votes or endorsements", body = Object)))]
pub async fn unmerge(State(s): State<AppState>, who: Facilitation, Path((_, cid)): Path<(String, String)>) -> ApiResult<axum::Json<Value>> {
    on_item(&s, &who, &cid, |item| Command::Unmerge { item }).await
}

#[utoipa::path(patch, path = "/api/v1/dialogues/{id}/contributions/{cid}", tag = "facilitator", params(DialogueId, ItemId), request_body = ThemeBody, responses((status = 200, description = "The re-filed recommendation", body = Object)))]
pub async fn refile(
    State(s): State<AppState>,
    who: Facilitation,
    Path((_, cid)): Path<(String, String)>,
    Json(b): Json<ThemeBody>,
) -> ApiResult<axum::Json<Value>> {
    on_item(&s, &who, &cid, |item| Command::Refile { item, theme: b.theme }).await
}

#[utoipa::path(put, path = "/api/v1/dialogues/{id}/questions/{cid}/answer", tag = "facilitator", params(DialogueId, ItemId), request_body = TextBody, responses((status = 200, description = "The answered question", body = Object)))]
pub async fn answer(
    State(s): State<AppState>,
    who: Facilitation,
    Path((_, cid)): Path<(String, String)>,
    Json(b): Json<TextBody>,
) -> ApiResult<axum::Json<Value>> {
    on_item(&s, &who, &cid, |item| Command::Answer { item, text: b.text }).await
}

#[utoipa::path(put, path = "/api/v1/dialogues/{id}/conclusion", tag = "facilitator", params(DialogueId), request_body = TextBody, responses((status = 200, description = "The conclusion", body = Object)))]
pub async fn conclusion(State(s): State<AppState>, who: Facilitation, Json(b): Json<TextBody>) -> ApiResult<axum::Json<Value>> {
    run(&s, &who, Command::Conclude { text: b.text }, |d| json!({"conclusion": d.conclusion})).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/close", tag = "facilitator", params(DialogueId), responses((status = 200, description = "The closed dialogue", body = Object)))]
pub async fn close(State(s): State<AppState>, who: Facilitation) -> ApiResult<axum::Json<Value>> {
    run(&s, &who, Command::Close, describe_json).await
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/publish", tag = "facilitator", params(DialogueId), responses((status = 200, description = "The dialogue, its report public", body = Object)))]
pub async fn publish(State(s): State<AppState>, who: Facilitation) -> ApiResult<axum::Json<Value>> {
    run(&s, &who, Command::Publish, describe_json).await
}
