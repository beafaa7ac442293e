//! The layer every request passes (`edge`): its request id, log line and
//! metrics (`observe`), the pacing of join-code
//! guesses per client address, every body read whole within its limit and
//! time, and the security headers of every answer. One layer, since each
//! layer with state costs every request a clone and a boxed future.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::state::AppState;

/// The join code a request looks up, if it is one that does.
fn code_of(method: &Method, path: &str, query: Option<&str>) -> Option<String> {
    if let Some(code) = path.strip_prefix("/api/v1/join/") {
        return Some(code.to_string());
    }
    if let Some(rest) = path.strip_prefix("/j/") {
        let code = rest.strip_suffix("/act").unwrap_or(rest);
        return (!code.contains('/')).then(|| code.to_string());
    }
    if path == "/join" && method == Method::GET {
        let q = query.unwrap_or("");
        let code = q.split('&').find_map(|kv| kv.strip_prefix("code=")).unwrap_or("");
        return Some(code.to_string());
    }
    None
}

/// A lookup of a code that names no dialogue costs the client address one
/// of 30 guesses a minute; past them, 429 with `Retry-After`. Lookups of
/// codes that exist are never slowed: a whole room behind one venue
/// address joins at once.
fn paced_guess(state: &AppState, req: &Request) -> Option<Response> {
    if let Some(code) = code_of(req.method(), req.uri().path(), req.uri().query()) {
        let decoded = percent_decode(&code);
        if state.store.find_code(&decoded).is_none() {
            let peer =
                req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0).unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
            let ip = state.client_ip(peer, req.headers());
            if let Err(wait) = state.code_guesses.take(ip) {
                let mut e = ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    "Too many unknown codes from this address; wait a minute and try again.",
                );
                e.retry_after = Some(wait);
                return Some(e.into_response());
            }
        }
    }
    None
}

/// The one layer every request passes, in order: join-code pacing, the
/// body read whole, the handler, then the security headers on the answer.
pub async fn edge(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let seen = crate::observe::begin(&req);
    let projector = req.uri().path().starts_with("/p/");
    let res = async {
        match paced_guess(&state, &req) {
            Some(refused) => refused,
            None => match whole_body(req).await {
                Ok(req) => next.run(req).await,
                Err(refused) => refused,
            },
        }
    }
    .instrument(seen.span.clone())
    .await;
    seen.end(security_headers(&state, projector, res))
}

/// `%41` → `A`; enough for a code, which is letters and digits.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // Bytes, not a slice of the text: a path may carry raw UTF-8 after a `%`.
        let hex = |x: u8| (x as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The headers every answer carries. A page's Content-Security-Policy
/// lets scripts run only from our origin or inline with the nonce the page
/// was rendered with (the shell names it in a bare `script-src` policy,
/// completed here), plus WebAssembly; nothing else inline runs. Only the
/// projector may be framed, and only by origins the operator lists.
fn security_headers(state: &AppState, projector: bool, mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Links to other sites carry no address at all (a sign-in link's key
    // never leaks); our own forms still carry their Origin.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.public_url.starts_with("https://") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let given = h.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(str::to_string);
    let script = match given.as_deref() {
        Some(s) if s.starts_with("script-src ") && !s.contains(';') => s.to_string(),
        Some(_) => return res,
        None => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
    };
    let csp = if html {
        let ancestors = if projector && !state.frame_ancestors.is_empty() { &*state.frame_ancestors } else { "'none'" };
        format!(
            "default-src 'self'; {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
        )
    } else {
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'".to_string()
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// Most of an oversized body read and thrown away before answering 413, so
/// the answer is not lost to a reset from unread bytes.
const DRAIN_MAX: u64 = 1024 * 1024;

/// Every request body is read whole (within its route's limit and the body
/// timeout) before any handler runs, whether the handler wants it or not:
/// a connection is never closed with a client's bytes unread, which would
/// reset it and lose the answer. Over the limit is 413, a stall 408.
async fn whole_body(req: Request) -> Result<Request, Response> {
    use http_body_util::BodyExt;
    let path = req.uri().path();
    let limit = if path == "/api/v1/dialogues/import" {
        crate::api::IMPORT_LIMIT
    } else if path.starts_with("/api/") {
        crate::api::BODY_LIMIT
    } else {
        crate::api::FORM_LIMIT
    } as u64;
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    // No length and no chunks: no body in HTTP/1.1; in HTTP/2 a body may
    // come without a length, so only a stream already ended has none.
    if declared == Some(0) || (declared.is_none() && !chunked && http_body::Body::is_end_stream(req.body())) {
        return Ok(req);
    }
    let label = if limit == crate::api::IMPORT_LIMIT as u64 {
        "16 MiB"
    } else if limit == crate::api::BODY_LIMIT as u64 {
        "64 KiB"
    } else {
        "1 MiB"
    };
    let (parts, body) = req.into_parts();
    if declared.is_some_and(|n| n > limit) {
        // Refused before it arrives; what does arrive is read and thrown
        // away meanwhile (a few seconds, up to 1 MiB), then the connection closes.
        if declared.is_some_and(|n| n <= DRAIN_MAX) {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(5), body.collect()).await;
            });
        }
        let mut res = ApiError::too_large(label).into_response();
        res.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Err(res);
    }
    let read = tokio::time::timeout(crate::serve::BODY_TIMEOUT, http_body_util::Limited::new(body, limit as usize).collect()).await;
    match read {
        Ok(Ok(collected)) => Ok(Request::from_parts(parts, axum::body::Body::from(collected.to_bytes()))),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(ApiError::too_large(label).into_response()),
        Ok(Err(_)) => Err(ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", "The request body could not be read.").into_response()),
        Err(_) => {
            Err(ApiError::new(StatusCode::REQUEST_TIMEOUT, "body_timeout", "The request body did not arrive in time.").into_response())
        }
    }
}

/// The answer to a request the server will not take now.
pub fn unavailable(message: &'static str) -> Response {
    let mut e = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message);
    e.retry_after = Some(5);
    e.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_takes_any_bytes() {
        assert_eq!(percent_decode("A%42C%2"), "ABC%2");
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("é%41%"), "éA%");
        assert_eq!(percent_decode("%zz+x"), "%zz x");
    }

    #[test]
    fn finds_codes() {
        assert_eq!(code_of(&Method::GET, "/api/v1/join/ABC234", None).as_deref(), Some("ABC234"));
        assert_eq!(code_of(&Method::POST, "/j/ABC234/act", None).as_deref(), Some("ABC234"));
        assert_eq!(code_of(&Method::GET, "/j/ABC234", None).as_deref(), Some("ABC234"));
        assert_eq!(code_of(&Method::GET, "/join", Some("code=ab%20c")).as_deref(), Some("ab%20c"));
        assert_eq!(code_of(&Method::GET, "/f/x", None), None);
        assert_eq!(percent_decode("ab%20c+d%zz%4"), "ab c d%zz%4");
    }
}
