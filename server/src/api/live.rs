//! The public reads: the summary, lists of contributions page by page, and
//! the live event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use convene::{DomainError, Kind};
use futures::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;

use super::error::{parse_id, ApiError, ApiResult};
use super::participation::contribution_json;
use crate::hub::Snapshot;
use crate::state::AppState;

/// A subscriber gets at most one summary per this long; changes in between fold.
const FOLD: Duration = Duration::from_millis(250);
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    view: Option<String>,
}

fn counts_only(q: &ViewQuery) -> bool {
    q.view.as_deref() == Some("counts")
}

fn pick(s: &Snapshot, counts: bool) -> Arc<str> {
    if counts { s.counts.clone() } else { s.full.clone() }
}

pub async fn summary(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<ViewQuery>) -> ApiResult<Response> {
    let id = parse_id(&id, "dialogue")?;
    let snap = state.store.hub().latest(id).ok_or_else(|| ApiError::not_found("dialogue"))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], pick(&snap, counts_only(&q)).to_string()).into_response())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    kind: Option<String>,
    theme: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

pub async fn contributions(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<ListQuery>) -> ApiResult<axum::Json<Value>> {
    let id = parse_id(&id, "dialogue")?;
    let kind = q.kind.as_deref().and_then(Kind::parse).ok_or_else(|| {
        DomainError::invalid("The parameter `kind` must be one of hope, concern, question, reservation, recommendation, commitment.")
    })?;
    let limit = match q.limit.as_deref() {
        None => 50,
        Some(l) => l.parse::<usize>().ok().filter(|n| (1..=200).contains(n)).ok_or_else(|| {
            DomainError::invalid("The parameter `limit` must be a whole number from 1 to 200.")
        })?,
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

pub async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let id = parse_id(&id, "dialogue")?;
    let rx = state.store.hub().subscribe(id).ok_or_else(|| ApiError::not_found("dialogue"))?;
    let counts = counts_only(&q);
    let summary = move |s: &Snapshot| Event::default().event("summary").id(s.revision.to_string()).data(pick(s, counts).as_ref());
    let first = {
        let s = rx.borrow().clone();
        (summary(&s), s.agenda_seq)
    };
    let state0 = (rx, first.1, Instant::now());
    let rest = stream::unfold(state0, move |(mut rx, seen_agenda, last)| async move {
        rx.changed().await.ok()?;
        let wait = FOLD.saturating_sub(last.elapsed());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let s = rx.borrow_and_update().clone();
        let mut out = Vec::with_capacity(2);
        if s.agenda_seq != seen_agenda {
            out.push(Event::default().event("stage").data(s.stage.as_ref()));
        }
        out.push(summary(&s));
        Some((stream::iter(out), (rx, s.agenda_seq, Instant::now())))
    })
    .flatten();
    let mut stopping = state.stopping.clone();
    let stop = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    let all = stream::once(async move { first.0 }).chain(rest).take_until(stop).map(Ok);
    Ok(Sse::new(all).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}
