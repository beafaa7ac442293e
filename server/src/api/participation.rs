//! A participant's routes: join, contribute, rate, vote, endorse, withdraw.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use convene::contribution::Contribution;
use convene::time::rfc3339;
use convene::{Dialogue, Kind};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::auth;
use super::error::{parse_id, ApiResult, Json, OptionalJson};
use crate::state::AppState;
use crate::store::now_ms;

#[derive(Deserialize, Default)]
pub struct JoinBody {
    name: Option<String>,
    sector: Option<String>,
}

#[derive(Deserialize)]
pub struct TextBody {
    text: String,
}

#[derive(Deserialize)]
pub struct RecommendationBody {
    text: String,
    theme: Option<String>,
}

#[derive(Deserialize)]
pub struct RatingBody {
    value: serde_json::Number,
}

/// A contribution as the API shows it.
pub fn contribution_json(c: &Contribution) -> Value {
    json!({
        "id": c.id,
        "kind": c.kind.as_str(),
        "text": c.text,
        "theme": c.theme,
        "votes": (c.kind == Kind::Question).then_some(c.backers.len()),
        "endorsements": (c.kind == Kind::Recommendation).then_some(c.backers.len()),
        "answer": c.answer,
        "created_at": rfc3339(c.created_at),
    })
}

pub async fn join(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<JoinBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let id = parse_id(&id, "dialogue")?;
    let (pid, token) = state.store.join(id, body.name, body.sector).await?;
    Ok((StatusCode::CREATED, axum::Json(json!({"participant_id": pid, "token": token}))))
}

fn me_json(d: &Dialogue, pid: Uuid) -> Value {
    let Some(p) = d.participants.get(&pid) else { return Value::Null };
    let own: Vec<Value> = p
        .own
        .iter()
        .filter_map(|c| d.contributions.get(c))
        .map(|c| {
            let mut v = contribution_json(c);
            v["hidden"] = json!(c.hidden);
            v["merged_into"] = json!(c.merged_into);
            v
        })
        .collect();
    json!({
        "participant_id": p.id,
        "name": p.name,
        "sector": p.sector,
        "contributions": own,
        "rating": p.rating,
        "votes": p.votes,
        "endorsements": p.endorsements,
        "endorsements_left": d.endorsements_left(p),
    })
}

pub async fn me(State(state): State<AppState>, Path(id): Path<String>, method: Method, headers: HeaderMap) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    Ok(axum::Json(state.store.read(id, |d| me_json(d, pid))?))
}

/// A participant erases everything they gave; their token stops working.
pub async fn erase(State(state): State<AppState>, Path(id): Path<String>, method: Method, headers: HeaderMap) -> ApiResult<StatusCode> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    state.store.erase(id, pid).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn put_single(
    state: AppState,
    id: String,
    method: Method,
    headers: HeaderMap,
    body: TextBody,
    kind: Kind,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    let new_id = Uuid::new_v4();
    let v = state.store.write(id, move |d| d.put_single(pid, kind, &body.text, new_id, now_ms()).map(contribution_json)).await?;
    Ok(axum::Json(v))
}

macro_rules! single_route {
    ($name:ident, $kind:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Path(id): Path<String>,
            method: Method,
            headers: HeaderMap,
            Json(body): Json<TextBody>,
        ) -> ApiResult<axum::Json<Value>> {
            put_single(state, id, method, headers, body, $kind).await
        }
    };
}

single_route!(hope, Kind::Hope);
single_route!(concern, Kind::Concern);
single_route!(reservation, Kind::Reservation);
single_route!(commitment, Kind::Commitment);

pub async fn rating(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    Json(body): Json<RatingBody>,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    let value =
        body.value.as_i64().ok_or_else(|| convene::DomainError::invalid("The field `value` must be a whole number on the scale."))?;
    let v = state.store.write(id, move |d| d.rate(pid, value)).await?;
    Ok(axum::Json(json!({"value": v})))
}

async fn post(
    state: AppState,
    id: String,
    method: Method,
    headers: HeaderMap,
    kind: Kind,
    text: String,
    theme: Option<String>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    let new_id = Uuid::new_v4();
    let v = state.store.write(id, move |d| d.post(pid, kind, &text, theme.as_deref(), new_id, now_ms()).map(contribution_json)).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

pub async fn question(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    Json(body): Json<TextBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    post(state, id, method, headers, Kind::Question, body.text, None).await
}

pub async fn recommendation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    Json(body): Json<RecommendationBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    post(state, id, method, headers, Kind::Recommendation, body.text, body.theme).await
}

async fn back(
    state: AppState,
    (id, cid): (String, String),
    method: Method,
    headers: HeaderMap,
    kind: Kind,
    on: bool,
) -> ApiResult<StatusCode> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    let cid = parse_id(&cid, kind.as_str())?;
    state.store.write(id, move |d| d.back(pid, cid, kind, on)).await?;
    Ok(StatusCode::NO_CONTENT)
}

macro_rules! back_route {
    ($name:ident, $kind:expr, $on:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            Path(ids): Path<(String, String)>,
            method: Method,
            headers: HeaderMap,
        ) -> ApiResult<StatusCode> {
            back(state, ids, method, headers, $kind, $on).await
        }
    };
}

back_route!(vote, Kind::Question, true);
back_route!(unvote, Kind::Question, false);
back_route!(endorse, Kind::Recommendation, true);
back_route!(unendorse, Kind::Recommendation, false);

pub async fn withdraw(
    State(state): State<AppState>,
    Path((id, cid)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    let id = parse_id(&id, "dialogue")?;
    let pid = auth::participant(&state.store, id, &method, &headers)?;
    let cid = parse_id(&cid, "contribution")?;
    state.store.write(id, move |d| d.withdraw(pid, cid)).await?;
    Ok(StatusCode::NO_CONTENT)
}
