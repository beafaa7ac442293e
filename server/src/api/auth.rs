//! Who is asking: a Bearer token, or the same credential in an HttpOnly
//! cookie. Cookie-carried writes must come from our own origin. The
//! extractors [`Participant`] and [`Facilitator`] do all of it before a
//! body is read, for the JSON routes and the plain forms alike.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use uuid::Uuid;

use super::error::{parse_id, ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{Asker, Store};

// The cookie names and the reader are the app's, so pages and handlers agree.
pub use app::backend::header_cookie as cookie;

static PUBLIC_ORIGIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names the origin (`scheme://host[:port]`) of `--public-url`, once at start.
pub fn set_public_origin(public_url: &str) {
    let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", public_url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let _ = PUBLIC_ORIGIN.set(format!("{scheme}://{authority}"));
}

/// A cookie-authenticated write must name our host as its origin. A
/// request that says nothing of where it came from (no `Origin`, no
/// `Sec-Fetch-Site`) counts as ours only when it carries no cookie: a
/// script with no cookies can do no more than any client, and a browser
/// always says.
///
/// Behind a reverse proxy the `Host` a request arrives with may be the
/// proxy's upstream (nginx's default), so the public URL's origin counts
/// as ours too.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    // A browser says `Origin: null` when a page's referrer policy hides it;
    // then only its `Sec-Fetch-Site` tells.
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).filter(|o| *o != "null") {
        Some(origin) => {
            let bare = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            Some(bare) == host || PUBLIC_ORIGIN.get().is_some_and(|public| public.eq_ignore_ascii_case(origin))
        }
        None if headers.get(header::ORIGIN).is_some() => headers.get("sec-fetch-site").is_some_and(|v| v == "same-origin"),
        None => match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some(site) => site == "same-origin" || site == "none",
            None => !headers.contains_key(header::COOKIE),
        },
    }
}

/// The token of an `Authorization: Bearer` header, if there is one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// The credential of a request, or 401.
pub fn credential(store: &Store, dialogue: Uuid, method: &Method, headers: &HeaderMap, facilitator: bool) -> ApiResult<Asker> {
    if headers.contains_key(header::AUTHORIZATION) {
        let token = bearer(headers).filter(|t| !t.is_empty()).ok_or_else(ApiError::unauthorized)?;
        return Ok(store.authenticate(dialogue, token)?);
    }
    if method != Method::GET && method != Method::HEAD && headers.contains_key(header::COOKIE) && !same_origin(headers) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "cross_origin", "This request came from another site."));
    }
    let lookup = |name: &str| cookie(headers, name).map(str::to_string);
    store.cookie_credential(dialogue, &lookup, facilitator).ok_or_else(ApiError::unauthorized)
}

/// The participant a request comes from; their writes are paced.
pub fn participant(store: &Store, dialogue: Uuid, method: &Method, headers: &HeaderMap) -> ApiResult<Uuid> {
    match credential(store, dialogue, method, headers, false)? {
        // Reading, and taking back (un-voting, withdrawing, erasing), is never paced.
        Asker::Participant(p) if *method == Method::GET || *method == Method::DELETE => Ok(p),
        Asker::Participant(p) => match store.pace(p) {
            Ok(()) => Ok(p),
            Err(wait) => Err(ApiError {
                status: StatusCode::TOO_MANY_REQUESTS,
                code: "rate_limited",
                message: "Too many submissions at once; wait a moment and try again.".into(),
                retry_after: Some(wait),
            }),
        },
        Asker::Facilitator | Asker::Team(..) => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "participants_only", "Only participants contribute; join the dialogue to take part."))
        }
    }
}

/// The facilitator, or (with `team`) a member of the facilitation team.
pub fn facilitator(store: &Store, dialogue: Uuid, method: &Method, headers: &HeaderMap, team: bool) -> ApiResult<Asker> {
    match credential(store, dialogue, method, headers, true)? {
        Asker::Facilitator => Ok(Asker::Facilitator),
        a @ Asker::Team(..) if team => Ok(a),
        Asker::Team(role, _) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "facilitators_only",
            format!("A {} may not do this; only the dialogue's facilitator may.", role.as_str()),
        )),
        Asker::Participant(_) => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "facilitators_only", "Only the dialogue's facilitators may do this."))
        }
    }
}

/// The dialogue a route names: its `{id}`, or the join code of a participant's page.
async fn dialogue_of(parts: &mut Parts, state: &AppState) -> ApiResult<Uuid> {
    let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| ApiError::not_found("dialogue"))?;
    for (name, value) in &params {
        match name {
            "id" => return parse_id(value, "dialogue"),
            "code" => return state.store.find_code(value).ok_or_else(|| ApiError::not_found("dialogue")),
            _ => {}
        }
    }
    Err(ApiError::not_found("dialogue"))
}

/// A participant of the route's dialogue; a write of theirs is paced.
pub struct Participant {
    pub dialogue: Uuid,
    pub id: Uuid,
}

impl FromRequestParts<AppState> for Participant {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let dialogue = dialogue_of(parts, state).await?;
        let id = participant(&state.store, dialogue, &parts.method, &parts.headers)?;
        Ok(Participant { dialogue, id })
    }
}

/// The facilitator of the route's dialogue (its key, a session, or its
/// organiser); never a member of the team.
pub struct Facilitator {
    pub dialogue: Uuid,
}

impl FromRequestParts<AppState> for Facilitator {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let dialogue = dialogue_of(parts, state).await?;
        facilitator(&state.store, dialogue, &parts.method, &parts.headers, false)?;
        Ok(Facilitator { dialogue })
    }
}

/// The facilitator or a member of the team: for the routes that run a
/// command, which then checks what the asker's role allows.
pub struct Facilitation {
    pub dialogue: Uuid,
    pub asker: Asker,
}

impl FromRequestParts<AppState> for Facilitation {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let dialogue = dialogue_of(parts, state).await?;
        let asker = facilitator(&state.store, dialogue, &parts.method, &parts.headers, true)?;
        Ok(Facilitation { dialogue, asker })
    }
}
