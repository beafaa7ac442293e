//! A participant's routes: join, contribute, rate, vote, endorse, withdraw.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use convene::command::{Command, Outcome};
use convene::contribution::Contribution;
use convene::participation::Joining;
use convene::time::rfc3339;
use convene::{Dialogue, Kind};
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::auth::Participant;
use super::error::{parse_id, ApiResult, Json, OptionalJson};
use crate::state::AppState;
use crate::store::Asker;

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

/// Runs a participant's command; answers with what `view` reads of the dialogue afterwards.
async fn run<R>(state: &AppState, who: &Participant, command: Command, view: impl FnOnce(&Dialogue, Outcome) -> R) -> ApiResult<R> {
    let outcome = state.store.run(who.dialogue, Asker::Participant(who.id), command).await?;
    Ok(state.store.read(who.dialogue, |d| view(d, outcome))?)
}

/// The contribution a command wrote, as the API shows it.
fn written(d: &Dialogue, outcome: Outcome) -> Value {
    match outcome {
        Outcome::Item(id) => d.contributions.get(&id).map(contribution_json).unwrap_or(Value::Null),
        _ => Value::Null,
    }
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
    OptionalJson(body): OptionalJson<Joining>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let id = parse_id(&id, "dialogue")?;
    let (pid, token) = state.store.join(id, body).await?;
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

pub async fn me(State(state): State<AppState>, who: Participant) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(state.store.read(who.dialogue, |d| me_json(d, who.id))?))
}

/// A participant erases everything they gave; their token stops working.
pub async fn erase(State(state): State<AppState>, who: Participant) -> ApiResult<StatusCode> {
    state.store.run(who.dialogue, Asker::Participant(who.id), Command::Erase).await?;
    Ok(StatusCode::NO_CONTENT)
}

macro_rules! say_route {
    ($name:ident, $kind:expr) => {
        pub async fn $name(State(state): State<AppState>, who: Participant, Json(b): Json<TextBody>) -> ApiResult<axum::Json<Value>> {
            run(&state, &who, Command::Say { kind: $kind, text: b.text }, written).await.map(axum::Json)
        }
    };
}

say_route!(hope, Kind::Hope);
say_route!(concern, Kind::Concern);
say_route!(reservation, Kind::Reservation);
say_route!(commitment, Kind::Commitment);

pub async fn rating(State(state): State<AppState>, who: Participant, Json(body): Json<RatingBody>) -> ApiResult<axum::Json<Value>> {
    let value =
        body.value.as_i64().ok_or_else(|| convene::DomainError::invalid("The field `value` must be a whole number on the scale."))?;
    let v = run(&state, &who, Command::Rate { value }, |_, o| match o {
        Outcome::Rating(v) => json!({ "value": v }),
        _ => Value::Null,
    })
    .await?;
    Ok(axum::Json(v))
}

pub async fn question(
    State(state): State<AppState>,
    who: Participant,
    Json(b): Json<TextBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let v = run(&state, &who, Command::Post { kind: Kind::Question, text: b.text, theme: None }, written).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

pub async fn recommendation(
    State(state): State<AppState>,
    who: Participant,
    Json(b): Json<RecommendationBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let v = run(&state, &who, Command::Post { kind: Kind::Recommendation, text: b.text, theme: b.theme }, written).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

macro_rules! back_route {
    ($name:ident, $kind:expr, $on:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            who: Participant,
            Path((_, cid)): Path<(String, String)>,
        ) -> ApiResult<StatusCode> {
            let item = parse_id(&cid, $kind.as_str())?;
            run(&state, &who, Command::Back { item, kind: $kind, on: $on }, |_, _| ()).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

back_route!(vote, Kind::Question, true);
back_route!(unvote, Kind::Question, false);
back_route!(endorse, Kind::Recommendation, true);
back_route!(unendorse, Kind::Recommendation, false);

pub async fn withdraw(State(state): State<AppState>, who: Participant, Path((_, cid)): Path<(String, String)>) -> ApiResult<StatusCode> {
    let item = parse_id(&cid, "contribution")?;
    run(&state, &who, Command::Withdraw { item }, |_, _| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}
