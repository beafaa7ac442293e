//! The public reads: the summary, lists of contributions page by page, and
//! the live event stream.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use convene::{DomainError, Kind};
use http_body::Frame;
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::{parse_id, ApiError, ApiResult};
use super::openapi::DialogueId;
use super::participation::contribution_json;
use crate::hub::{Next, Slot, Snapshot};
use crate::state::AppState;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewQuery {
    view: Option<String>,
}

fn counts_only(q: &ViewQuery) -> bool {
    q.view.as_deref() == Some("counts")
}

fn pick(s: &Snapshot, counts: bool) -> Arc<str> {
    if counts {
        s.counts.clone()
    } else {
        s.full.clone()
    }
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/summary", tag = "public", params(DialogueId, ViewQuery), responses((status = 200, description = "The live summary", body = Object)))]
pub async fn summary(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<ViewQuery>) -> ApiResult<Response> {
    let id = parse_id(&id, "dialogue")?;
    let snap = state.store.latest(id).await.ok_or_else(|| ApiError::not_found("dialogue"))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], pick(&snap, counts_only(&q)).to_string()).into_response())
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    kind: Option<String>,
    theme: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/contributions", tag = "public", params(DialogueId, ListQuery), responses((status = 200, description = "A page of visible contributions, newest first", body = Object)))]
pub async fn contributions(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let kind = q.kind.as_deref().and_then(Kind::parse).ok_or_else(|| {
        DomainError::invalid("The parameter `kind` must be one of hope, concern, question, reservation, recommendation, commitment.")
    })?;
    let limit = match q.limit.as_deref() {
        None => 50,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| DomainError::invalid("The parameter `limit` must be a whole number from 1 to 200."))?,
    };
    let cursor = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(c.parse::<u64>().map_err(|_| DomainError::invalid("The parameter `cursor` is not one this server gave."))?),
    };
    let theme = q.theme.clone();
    let v = state.store.read(id, |d| {
        let theme = theme.as_deref().map(|t| d.spec.theme(t).map(str::to_string).unwrap_or_else(|| t.to_string()));
        let mut page: Vec<(u64, Value)> = Vec::with_capacity(limit + 1);
        for (seq, cid) in d.index().newest(kind, cursor) {
            let c = &d.contributions[&cid];
            if theme.is_some() && c.theme != theme {
                continue;
            }
            page.push((seq, contribution_json(c)));
            if page.len() > limit {
                break;
            }
        }
        let next = (page.len() > limit).then(|| page[limit - 1].0.to_string());
        page.truncate(limit);
        json!({"items": page.into_iter().map(|(_, v)| v).collect::<Vec<_>>(), "next_cursor": next})
    })?;
    Ok(axum::Json(v))
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/events", tag = "public", params(DialogueId, ViewQuery), responses((status = 200, description = "Server-Sent Events: summary, agenda and contribution changes", content_type = "text/event-stream")))]
pub async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = parse_id(&id, "dialogue")?;
    let Some(seat) = state.streams.open(state.client_ip(peer, &headers)) else {
        return Ok(crate::guard::unavailable("Too many live streams from this address; try again in a moment."));
    };
    let (slot, agenda_seq) = state.store.subscribe(id, state.stopping.clone()).await.ok_or_else(|| ApiError::not_found("dialogue"))?;
    let body = LiveBody { slot, counts: counts_only(&q), agenda_seq, queued: None, ended: false, _seat: seat };
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
            // Reverse proxies (nginx) pass the stream on as it comes.
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Body::new(body),
    )
        .into_response())
}

/// An event stream: reads its subscriber slot and sends the shared frames
/// (a `stage` event first whenever the agenda moved, then the summary).
struct LiveBody {
    slot: Arc<Slot>,
    counts: bool,
    agenda_seq: u64,
    queued: Option<Bytes>,
    /// The stream's last frame, `retry:`, has gone.
    ended: bool,
    /// Counts this stream against its client address while it lives.
    _seat: crate::state::StreamSeat,
}

impl http_body::Body for LiveBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(b) = this.queued.take() {
            return Poll::Ready(Some(Ok(Frame::data(b))));
        }
        let data = match std::task::ready!(this.slot.poll_next(cx)) {
            // The server is stopping (or the dialogue went): browsers are
            // told to come back after 1 to 5 s, spread so that a room does
            // not reconnect all at once.
            Next::End if !this.ended => {
                this.ended = true;
                let wait = 1000 + uuid::Uuid::new_v4().as_u128() % 4000;
                Bytes::from(format!("retry: {wait}\n\n"))
            }
            Next::End => return Poll::Ready(None),
            Next::Ping => Bytes::from_static(b":\n\n"),
            Next::Snapshot(s) => {
                let summary = if this.counts { s.counts_event.clone() } else { s.full_event.clone() };
                if s.agenda_seq != this.agenda_seq {
                    this.agenda_seq = s.agenda_seq;
                    this.queued = Some(summary);
                    s.stage_event.clone()
                } else {
                    summary
                }
            }
        };
        Poll::Ready(Some(Ok(Frame::data(data))))
    }
}
