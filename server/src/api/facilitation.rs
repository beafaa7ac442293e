//! A facilitator's routes: drive the agenda and moderate.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use convene::agenda::Transition;
use convene::{Dialogue, DomainError};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::auth;
use super::error::{parse_id, ApiResult, Json};
use super::participation::contribution_json;
use super::public::describe_json;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct StageBody {
    index: serde_json::Number,
}

#[derive(Deserialize)]
pub struct MergeBody {
    into: String,
}

#[derive(Deserialize)]
pub struct ThemeBody {
    theme: String,
}

#[derive(Deserialize)]
pub struct TextBody {
    text: String,
}

/// Checks the key, then runs a command and answers with what `view` shows.
async fn facilitate<R: Send + 'static>(
    state: &AppState,
    id: &str,
    method: &Method,
    headers: &HeaderMap,
    f: impl FnOnce(&mut Dialogue) -> Result<R, DomainError> + Send + 'static,
) -> ApiResult<R> {
    let id = parse_id(id, "dialogue")?;
    auth::facilitator(&state.store, id, method, headers)?;
    Ok(state.store.write(id, f).await?)
}

fn index(raw: &str) -> Result<usize, DomainError> {
    raw.parse().map_err(|_| DomainError::invalid(format!("The agenda index must be a whole number, not {raw:?}.")))
}

pub async fn stage(
    State(s): State<AppState>,
    Path(id): Path<String>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<StageBody>,
) -> ApiResult<axum::Json<Value>> {
    let i = b.index.as_u64().ok_or_else(|| DomainError::invalid("The field `index` must be a whole number."))? as usize;
    let v = facilitate(&s, &id, &m, &h, move |d| d.transition(Transition::MoveTo(i)).map(|_| describe_json(d))).await?;
    Ok(axum::Json(v))
}

#[derive(Deserialize)]
pub struct CountdownBody {
    seconds: serde_json::Number,
}

pub async fn countdown(
    State(s): State<AppState>,
    Path(id): Path<String>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<CountdownBody>,
) -> ApiResult<axum::Json<Value>> {
    let seconds = b
        .seconds
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| DomainError::invalid("The field `seconds` must be a whole number from 0 to 3600."))?;
    let now = crate::store::now_ms();
    let v = facilitate(&s, &id, &m, &h, move |d| d.transition(Transition::Countdown { seconds, now }).map(|_| describe_json(d))).await?;
    Ok(axum::Json(v))
}

pub async fn lock(
    State(s): State<AppState>,
    Path((id, i)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
) -> ApiResult<axum::Json<Value>> {
    let v = facilitate(&s, &id, &m, &h, move |d| d.transition(Transition::Lock(index(&i)?)).map(|_| describe_json(d))).await?;
    Ok(axum::Json(v))
}

pub async fn unlock(
    State(s): State<AppState>,
    Path((id, i)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
) -> ApiResult<axum::Json<Value>> {
    let v = facilitate(&s, &id, &m, &h, move |d| d.transition(Transition::Unlock(index(&i)?)).map(|_| describe_json(d))).await?;
    Ok(axum::Json(v))
}

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

async fn on_contribution(
    s: &AppState,
    id: &str,
    cid: &str,
    m: &Method,
    h: &HeaderMap,
    f: impl FnOnce(&mut Dialogue, Uuid) -> Result<(), DomainError> + Send + 'static,
) -> ApiResult<axum::Json<Value>> {
    let cid = parse_id(cid, "contribution")?;
    let v = facilitate(s, id, m, h, move |d| f(d, cid).map(|_| contribution(d, cid))).await?;
    Ok(axum::Json(v))
}

pub async fn hide(
    State(s): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
) -> ApiResult<axum::Json<Value>> {
    on_contribution(&s, &id, &cid, &m, &h, |d, c| d.set_hidden(c, true)).await
}

pub async fn unhide(
    State(s): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
) -> ApiResult<axum::Json<Value>> {
    on_contribution(&s, &id, &cid, &m, &h, |d, c| d.set_hidden(c, false)).await
}

pub async fn merge(
    State(s): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<MergeBody>,
) -> ApiResult<axum::Json<Value>> {
    let into = Uuid::try_parse(b.into.trim()).map_err(|_| DomainError::invalid("The field `into` must be the id of a contribution."))?;
    on_contribution(&s, &id, &cid, &m, &h, move |d, c| d.merge(c, into)).await
}

pub async fn refile(
    State(s): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<ThemeBody>,
) -> ApiResult<axum::Json<Value>> {
    let v = on_contribution(&s, &id, &cid, &m, &h, move |d, c| d.refile(c, &b.theme)).await?;
    // This path is shared with participants' withdrawals, outside the audited routes.
    if let Ok(dialogue) = Uuid::try_parse(&id) {
        s.audit(dialogue, "facilitator", "refile", Some(&cid));
    }
    Ok(v)
}

pub async fn answer(
    State(s): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<TextBody>,
) -> ApiResult<axum::Json<Value>> {
    on_contribution(&s, &id, &cid, &m, &h, move |d, c| d.answer(c, &b.text)).await
}

pub async fn conclusion(
    State(s): State<AppState>,
    Path(id): Path<String>,
    m: Method,
    h: HeaderMap,
    Json(b): Json<TextBody>,
) -> ApiResult<axum::Json<Value>> {
    let v = facilitate(&s, &id, &m, &h, move |d| d.conclude(&b.text).map(|_| json!({"conclusion": d.conclusion}))).await?;
    Ok(axum::Json(v))
}

pub async fn close(State(s): State<AppState>, Path(id): Path<String>, m: Method, h: HeaderMap) -> ApiResult<axum::Json<Value>> {
    let v = facilitate(&s, &id, &m, &h, |d| d.close().map(|_| describe_json(d))).await?;
    Ok(axum::Json(v))
}

pub async fn publish(State(s): State<AppState>, Path(id): Path<String>, m: Method, h: HeaderMap) -> ApiResult<axum::Json<Value>> {
    let v = facilitate(&s, &id, &m, &h, |d| {
        d.publish();
        Ok(describe_json(d))
    })
    .await?;
    Ok(axum::Json(v))
}
