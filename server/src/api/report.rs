//! The report and the exports: the facilitator's before publication,
//! everyone's after.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use convene::report::{csv, html, markdown, Report};
use convene::Dialogue;

use super::auth;
use super::error::{parse_id, ApiError, ApiResult};
use super::openapi::DialogueId;
use crate::state::AppState;
use crate::store::Asker;

/// Renders a report of a dialogue: published, or asked for with the key.
/// The dialogue is copied under its lock and rendered from the copy on a
/// blocking thread, so a long report never holds up the writer.
async fn render<T: Send + 'static>(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    f: impl FnOnce(&Dialogue) -> T + Send + 'static,
) -> ApiResult<T> {
    let id = parse_id(id, "dialogue")?;
    let published = state.store.read(id, |d| d.published)?;
    if !published {
        match auth::credential(&state.store, id, &Method::GET, headers, true)? {
            Asker::Facilitator => {}
            Asker::Participant(_) | Asker::Team(..) => {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "facilitators_only",
                    "The report is not published yet; only the facilitators may read it.",
                ))
            }
        }
    }
    // Two reports are drawn at a time, whoever asks (a PDF of a large
    // dialogue in many scripts takes a core for a while); others wait.
    static RENDERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _turn = RENDERS.acquire().await.map_err(|_| ApiError::from(crate::store::ServiceError::Unavailable))?;
    let copy = state.store.read(id, Dialogue::clone)?;
    tokio::task::spawn_blocking(move || f(&copy)).await.map_err(|_| ApiError::from(crate::store::ServiceError::Unavailable))
}

fn is_facilitator(s: &AppState, id: &str, h: &HeaderMap) -> bool {
    let Ok(id) = parse_id(id, "dialogue") else { return false };
    auth::credential(&s.store, id, &Method::GET, h, true).ok() == Some(Asker::Facilitator)
}

fn answer(body: impl Into<axum::body::Body>, content_type: &'static str, filename: Option<String>) -> Response {
    let body: axum::body::Body = body.into();
    // A report before publication is the facilitator's: no cache keeps it.
    let mut res = ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "private, no-store")], body).into_response();
    if let Some(name) = filename {
        if let Ok(v) = header::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

fn slug(d: &Dialogue) -> String {
    let s: String = d.spec.title.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "dialogue".into()
    } else {
        s.chars().take(60).collect()
    }
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/report.html", tag = "public", params(DialogueId), responses((status = 200, description = "The report (HTML); 403 `facilitators_only` before publication for all but facilitators", content_type = "text/html")))]
pub async fn report_html(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> ApiResult<Response> {
    let body = render(&s, &id, &h, |d| html::render(&Report::new(d))).await?;
    let mut res = answer(body, "text/html; charset=utf-8", None);
    // Participants' words, served from our origin: sandboxed, no scripts at all.
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"),
    );
    Ok(res)
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/report.md", tag = "public", params(DialogueId), responses((status = 200, description = "The report (Markdown); 403 `facilitators_only` before publication for all but facilitators", content_type = "text/markdown")))]
pub async fn report_md(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> ApiResult<Response> {
    let (body, name) = render(&s, &id, &h, |d| (markdown::render(&Report::new(d)), format!("{}-report.md", slug(d)))).await?;
    Ok(answer(body, "text/markdown; charset=utf-8", Some(name)))
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/report.pdf", tag = "public", params(DialogueId), responses((status = 200, description = "The report (PDF); 403 `facilitators_only` before publication for all but facilitators", content_type = "application/pdf")))]
pub async fn report_pdf(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> ApiResult<Response> {
    let (bytes, name) = render(&s, &id, &h, |d| (crate::pdf::render(&Report::new(d)), format!("{}-report.pdf", slug(d)))).await?;
    Ok(answer(bytes, "application/pdf", Some(name)))
}

/// The archive: whole for the facilitators; for everyone else once
/// published, without anything that links two items to one person.
#[utoipa::path(get, path = "/api/v1/dialogues/{id}/export.json", tag = "public", params(DialogueId), responses((status = 200, description = "The archive: public without the key, whole with it; 403 `facilitators_only` before publication for all but facilitators", content_type = "application/json")))]
pub async fn export_json(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> ApiResult<Response> {
    let uuid = parse_id(&id, "dialogue")?;
    let facilitator = is_facilitator(&s, &id, &h);
    // The facilitator's archive keeps the audit log; import leaves it aside.
    let audit = facilitator.then(|| s.store.accounts.audit_log(uuid));
    let (body, name) = render(&s, &id, &h, move |d| {
        let archive = match audit {
            Some(a) => crate::transfer::whole_archive(d, a),
            None => convene::export::export(d, false),
        };
        (serde_json::to_string_pretty(&archive).unwrap_or_default(), format!("{}-archive.json", slug(d)))
    })
    .await?;
    Ok(answer(body, "application/json", Some(name)))
}

#[utoipa::path(get, path = "/api/v1/dialogues/{id}/export.csv", tag = "public", params(DialogueId), responses((status = 200, description = "Contributions as CSV; 403 `facilitators_only` before publication for all but facilitators", content_type = "text/csv")))]
pub async fn export_csv(State(s): State<AppState>, Path(id): Path<String>, h: HeaderMap) -> ApiResult<Response> {
    // The facilitator's copy lists the hidden items too (`hidden` true); the public one leaves them out.
    let facilitator = is_facilitator(&s, &id, &h);
    let (body, name) =
        render(&s, &id, &h, move |d| (csv::render(&Report::new(d), facilitator), format!("{}-contributions.csv", slug(d)))).await?;
    Ok(answer(body, "text/csv; charset=utf-8", Some(name)))
}
