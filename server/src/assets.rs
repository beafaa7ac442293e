//! The site's files (wasm, script, style sheet, icon): built into the
//! binary by `build.rs`, or read from `--site-root` in development.
//!
//! Embedded, the wasm, script and style sheet go out under names that carry
//! a hash of the whole build (`/pkg/convene.<hash>.wasm`) and are cached for
//! a year; a new build has new names. Each is sent precompressed (brotli or
//! gzip, as the browser accepts) when the build made twins for it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::state::AppState;

pub struct Embedded {
    pub path: &'static str,
    pub bytes: &'static [u8],
    pub br: Option<&'static [u8]>,
    pub gz: Option<&'static [u8]>,
}

mod site {
    use super::Embedded;
    include!(concat!(env!("OUT_DIR"), "/site.rs"));
}

/// Where the site's files come from.
#[derive(Clone, Debug)]
pub enum Site {
    Embedded,
    Disk(PathBuf),
}

impl Site {
    /// The folder when one is named (`--site-root`), else the files built
    /// in, else `target/site` (a build made before the site was).
    pub fn choose(site_root: Option<PathBuf>) -> Site {
        match site_root {
            Some(dir) => Site::Disk(dir),
            None if !site::FILES.is_empty() => Site::Embedded,
            None => Site::Disk(PathBuf::from("target/site")),
        }
    }

    /// The base name of the wasm, script and style sheet.
    pub fn asset_name(&self) -> String {
        match self {
            Site::Embedded => format!("convene.{}", site::HASH),
            Site::Disk(_) => std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "convene".into()),
        }
    }

    pub fn root(&self) -> String {
        match self {
            Site::Embedded => String::new(),
            Site::Disk(dir) => dir.to_string_lossy().into_owned(),
        }
    }
}

/// Year-long caching for names that change with their content; five
/// minutes for the rest (the icon, a file asked for by its plain name).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

/// Every name a file answers to: its own, and for the wasm, script and
/// style sheet the hashed one (the wasm also as `_bg`, the name a build
/// without cargo-leptos asks for).
fn table() -> &'static HashMap<String, (&'static Embedded, bool)> {
    static TABLE: OnceLock<HashMap<String, (&'static Embedded, bool)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = HashMap::new();
        for f in site::FILES {
            t.insert(f.path.to_string(), (f, false));
            for ext in ["wasm", "js", "css"] {
                if f.path == format!("/pkg/convene.{ext}") {
                    t.insert(format!("/pkg/convene.{}.{ext}", site::HASH), (f, true));
                    if ext == "wasm" {
                        t.insert(format!("/pkg/convene.{}_bg.wasm", site::HASH), (f, true));
                    }
                }
            }
        }
        t
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether the browser takes `coding` (a `q=0` refusal counts as no).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| matches!(p.trim().strip_prefix("q="), Some(q) if q.trim().parse::<f32>().is_ok_and(|q| q == 0.0)));
        name.eq_ignore_ascii_case(coding) && !refused
    })
}

async fn embedded(req: Request) -> Response {
    let Some((file, hashed)) = table().get(req.uri().path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (body, coding) = match (file.br, file.gz) {
        (Some(br), _) if accepts(req.headers(), "br") => (br, Some("br")),
        (_, Some(gz)) if accepts(req.headers(), "gzip") => (gz, Some("gzip")),
        _ => (file.bytes, None),
    };
    // One tag per build and encoding: a brotli body is not a gzip one.
    let etag =
        HeaderValue::from_str(&format!("\"{}-{}\"", site::HASH, coding.unwrap_or("identity"))).unwrap_or(HeaderValue::from_static("\"\""));
    let headers = [
        (header::CACHE_CONTROL, HeaderValue::from_static(if *hashed { IMMUTABLE } else { SHORT })),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
        (header::ETAG, etag.clone()),
    ];
    if req.headers().get(header::IF_NONE_MATCH) == Some(&etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let mut res = (headers, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type(file.path)))], body).into_response();
    if let Some(c) = coding {
        res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
    }
    res
}

/// The routes of the site's files.
pub fn router(site: &Site) -> Router<AppState> {
    match site {
        Site::Embedded => {
            let mut r = Router::new().route("/pkg/{file}", axum::routing::get(embedded));
            for f in site::FILES.iter().filter(|f| !f.path.starts_with("/pkg/")) {
                r = r.route(f.path, axum::routing::get(embedded));
            }
            r
        }
        Site::Disk(dir) => {
            use tower_http::services::{ServeDir, ServeFile};
            use tower_http::set_header::SetResponseHeaderLayer;
            Router::new()
                .nest_service("/pkg", ServeDir::new(dir.join("pkg")).precompressed_br().precompressed_gzip())
                .route_service("/favicon.svg", ServeFile::new(dir.join("favicon.svg")))
                .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static(SHORT)))
                // A client names the file: a name the file system refuses (too long,
                // say) is a file that is not there, never a server error.
                .layer(axum::middleware::map_response(|mut res: Response| async move {
                    if res.status().is_server_error() {
                        *res.status_mut() = StatusCode::NOT_FOUND;
                        *res.body_mut() = axum::body::Body::empty();
                    }
                    res
                }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_is_read_with_its_refusals() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br;q=0"));
        assert!(accepts(&h, "gzip") && !accepts(&h, "br"));
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("BR;q=0.5"));
        assert!(accepts(&h, "br") && !accepts(&h, "gzip"));
    }
}
