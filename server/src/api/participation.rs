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
use super::openapi::{DialogueId, ItemId};
use crate::state::AppState;
use crate::store::Asker;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct TextBody {
    text: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RecommendationBody {
    text: String,
    theme: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RatingBody {
    /// A whole number on the dialogue's scale.
    #[schema(value_type = i64)]
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
    // A merged-away item's backers count on the item it joined.
    let backing = if c.merged_into.is_some() { 0 } else { c.backers.len() };
    json!({
        "id": c.id,
        "kind": c.kind.as_str(),
        "text": c.text,
        "theme": c.theme,
        "votes": (c.kind == Kind::Question).then_some(backing),
        "endorsements": (c.kind == Kind::Recommendation).then_some(backing),
        "answer": c.answer,
        "created_at": rfc3339(c.created_at),
    })
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/participants", tag = "public", params(DialogueId), request_body(content = Option<Joining>, description = "All optional; the body may be left out"), responses((status = 201, description = "The participant's id and token", body = Object)))]
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

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/me", tag = "participant", params(DialogueId), responses((status = 200, description = "What this participant gave", body = Object)))]
pub async fn me(State(state): State<AppState>, who: Participant) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(state.store.read(who.dialogue, |d| me_json(d, who.id))?))
}

/// A participant erases everything they gave; their token stops working.
#[utoipa::path(delete, path = "/api/v1/dialogues/{id}/me", tag = "participant", params(DialogueId), responses((status = 204, description = "Everything they gave is erased; their token ends")))]
pub async fn erase(State(state): State<AppState>, who: Participant) -> ApiResult<StatusCode> {
    state.store.run(who.dialogue, Asker::Participant(who.id), Command::Erase).await?;
    Ok(StatusCode::NO_CONTENT)
}

macro_rules! say_route {
    ($name:ident, $kind:expr, $path:tt) => {
        #[utoipa::path(put, path = $path, tag = "participant", params(DialogueId), request_body = TextBody, responses((status = 200, body = Object)))]
        pub async fn $name(State(state): State<AppState>, who: Participant, Json(b): Json<TextBody>) -> ApiResult<axum::Json<Value>> {
            run(&state, &who, Command::Say { kind: $kind, text: b.text }, written).await.map(axum::Json)
        }
    };
}

say_route!(hope, Kind::Hope, "/api/v1/dialogues/{id}/hope");
say_route!(concern, Kind::Concern, "/api/v1/dialogues/{id}/concern");
say_route!(reservation, Kind::Reservation, "/api/v1/dialogues/{id}/reservation");
say_route!(commitment, Kind::Commitment, "/api/v1/dialogues/{id}/commitment");

#[utoipa::path(put, path = "/api/v1/dialogues/{id}/rating", tag = "participant", params(DialogueId), request_body = RatingBody, responses((status = 200, description = "The rating as stored", body = Object)))]
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

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/questions", tag = "participant", params(DialogueId), request_body = TextBody, responses((status = 201, description = "The question", body = Object)))]
pub async fn question(
    State(state): State<AppState>,
    who: Participant,
    Json(b): Json<TextBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let v = run(&state, &who, Command::Post { kind: Kind::Question, text: b.text, theme: None }, written).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

#[utoipa::path(post, path = "/api/v1/dialogues/{id}/recommendations", tag = "participant", params(DialogueId), request_body = RecommendationBody, responses((status = 201, description = "The recommendation", body = Object)))]
pub async fn recommendation(
    State(state): State<AppState>,
    who: Participant,
    Json(b): Json<RecommendationBody>,
) -> ApiResult<(StatusCode, axum::Json<Value>)> {
    let v = run(&state, &who, Command::Post { kind: Kind::Recommendation, text: b.text, theme: b.theme }, written).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

macro_rules! back_route {
    ($name:ident, $kind:expr, $on:expr, $method:ident, $path:tt) => {
        #[utoipa::path($method, path = $path, tag = "participant", params(DialogueId, ItemId), responses((status = 204, description = "Done")))]
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

back_route!(vote, Kind::Question, true, post, "/api/v1/dialogues/{id}/questions/{cid}/votes");
back_route!(unvote, Kind::Question, false, delete, "/api/v1/dialogues/{id}/questions/{cid}/votes");
back_route!(endorse, Kind::Recommendation, true, post, "/api/v1/dialogues/{id}/recommendations/{cid}/endorsements");
back_route!(unendorse, Kind::Recommendation, false, delete, "/api/v1/dialogues/{id}/recommendations/{cid}/endorsements");

#[utoipa::path(delete, path = "/api/v1/dialogues/{id}/contributions/{cid}", tag = "participant", params(DialogueId, ItemId), responses((status = 204, description = "Withdrawn")))]
pub async fn withdraw(State(state): State<AppState>, who: Participant, Path((_, cid)): Path<(String, String)>) -> ApiResult<StatusCode> {
    let item = parse_id(&cid, "contribution")?;
    run(&state, &who, Command::Withdraw { item }, |_, _| ()).await?;
    Ok(StatusCode::NO_CONTENT)
}
