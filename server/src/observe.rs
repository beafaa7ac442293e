//! What the server tells its operator: a request id, a log line and
//! metrics for every request, and the Prometheus page of `--metrics-addr`.
//!
//! A log line names the route's pattern (`/api/v1/dialogues/{id}/hopes`),
//! never the path, its query or a header: keys, tokens, join codes and
//! participants' words stay out of logs.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Seconds: from 1 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Jobs committed together.
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 5000.0];

/// A request on its way through: who it is in the logs and when it came.
pub struct Seen {
    id: HeaderValue,
    method: &'static str,
    route: String,
    at: Instant,
    pub span: tracing::Span,
}

/// The request's id: the one a proxy in front gave it when it is short and
/// plain (so a log line cannot be forged through it), or a new one.
fn request_id(req: &Request) -> HeaderValue {
    let given = req.headers().get(&REQUEST_ID).filter(|v| {
        let b = v.as_bytes();
        !b.is_empty() && b.len() <= 64 && b.iter().all(|c| c.is_ascii_alphanumeric() || b"-_.".contains(c))
    });
    match given {
        Some(v) => v.clone(),
        None => HeaderValue::from_str(&uuid::Uuid::new_v4().simple().to_string()).unwrap_or(HeaderValue::from_static("-")),
    }
}

fn method_name(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Notes a request as it comes in.
pub fn begin(req: &Request) -> Seen {
    let id = request_id(req);
    let method = method_name(req.method());
    let route = match req.extensions().get::<MatchedPath>() {
        Some(p) => p.as_str().to_string(),
        // Served files and the not-found page: a few names, never the path.
        None if req.uri().path().starts_with("/pkg/") => "/pkg/{file}".to_string(),
        None => "unmatched".to_string(),
    };
    let span = tracing::info_span!("request", id = id.to_str().unwrap_or("-"), method, route = %route);
    Seen { id, method, route, at: Instant::now(), span }
}

impl Seen {
    /// Logs and counts the answer, and gives it the request id.
    pub fn end(self, mut res: Response) -> Response {
        let status = res.status().as_u16();
        let took = self.at.elapsed();
        let labels = [("route", self.route.clone()), ("method", self.method.to_string())];
        metrics::histogram!("convene_http_request_duration_seconds", &labels).record(took.as_secs_f64());
        metrics::counter!("convene_http_requests_total", "route" => self.route, "method" => self.method, "status" => status.to_string())
            .increment(1);
        self.span.in_scope(|| {
            let ms = took.as_secs_f64() * 1000.0;
            if status >= 500 {
                tracing::warn!(status, ms, "answered");
            } else {
                tracing::info!(status, ms, "answered");
            }
        });
        res.headers_mut().insert(REQUEST_ID, self.id);
        res
    }
}

/// Installs the metrics recorder; its handle renders the Prometheus page.
pub fn recorder() -> Result<PrometheusHandle, String> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
        .and_then(|b| b.set_buckets_for_metric(Matcher::Full("convene_commit_batch_size".into()), BATCH_BUCKETS))
        .map_err(|e| e.to_string())?
        .install_recorder()
        .map_err(|e| format!("cannot record metrics: {e}"))?;
    describe();
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!("convene_http_requests_total", "Requests answered, by route pattern, method and status (429 and 503 included).");
    describe_histogram!(
        "convene_http_request_duration_seconds",
        Unit::Seconds,
        "Time to answer a request (to the first byte of an event stream)."
    );
    describe_gauge!("convene_event_streams", "Live event streams open.");
    describe_gauge!("convene_connections_open", "Client connections open.");
    describe_counter!("convene_connections_refused_total", "Connections answered 503 at once: the connection cap was reached.");
    describe_gauge!("convene_dialogues", "Dialogues on disk.");
    describe_gauge!("convene_dialogues_in_memory", "Dialogues loaded in memory.");
    describe_gauge!("convene_write_queue_depth", "Writes waiting for the writer.");
    describe_histogram!("convene_commit_batch_size", "Writes committed in one transaction.");
    describe_histogram!("convene_commit_seconds", Unit::Seconds, "Time to commit one batch (with its fsync).");
}

/// Serves `/metrics` on its own address until `stopping` turns true.
pub async fn serve_metrics(
    addr: SocketAddr,
    handle: PrometheusHandle,
    store: crate::store::Store,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> Result<SocketAddr, String> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot serve metrics on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let upkeep = handle.clone();
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let (handle, store) = (handle.clone(), store.clone());
            async move {
                store.record_gauges();
                ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render())
            }
        }),
    );
    let (tx, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tokio::select! {
                _ = every.tick() => upkeep.run_upkeep(),
                _ = stopping.changed() => break,
            }
        }
        let _ = tx.send(());
    });
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(async move { drop(stopped.await) }).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(local)
}
