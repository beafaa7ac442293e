//! The accept loop: connections served by hyper with the router, HTTP/1.1
//! or HTTP/2 (by ALPN over TLS, by the client's first bytes over plain TCP:
//! h2c from a proxy), TLS when `--tls-cert` is set.
//!
//! Written out rather than `axum::serve` for what a room of live phones
//! needs: a connection whose response is an event stream does not keep a
//! read buffer waiting for a next request (`half_close`: a phone that
//! left is noticed at the next write, within the 15 s keep-alive), each
//! connection shares one router, and running out of file descriptors
//! pauses accepting instead of ending the server.
//!
//! What a hostile client could hold is bounded: headers must arrive within
//! 10 s (also on an idle kept-alive connection), bodies within 30 s
//! (`guard::edge`), and past `max_connections` open at once a new one
//! is answered 503 with `Retry-After` and closed at once (over TLS, closed
//! before the handshake: no work for a connection that cannot be served).
//! A TLS handshake gets 10 s, a plain connection 10 s to send its first
//! bytes; an HTTP/2 connection carries at most 100 requests at once, is
//! pinged every 20 s (a peer that does not answer within 20 s more is
//! dropped) and is closed once it has had nothing in flight at two checks
//! 15 s apart (`conn.rs`).

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::server::graceful::Watcher;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;

use crate::conn::{IdleClose, InFlight, Plain};

/// How long open connections get to finish once the server is stopping
/// (event streams end at once); the writer's last batch and checkpoint
/// follow, all within the 10 s a service manager allows.
const DRAIN: Duration = Duration::from_secs(6);

/// How long a client gets to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client gets to send a request's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// What a connection past the cap is told before it is closed.
const FULL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 5\r\nConnection: close\r\nContent-Length: 97\r\n\r\n{\"error\":{\"code\":\"busy\",\"message\":\"The server has too many connections; try again in a moment.\"}}";

/// Requests one HTTP/2 connection may have open at once (a browser's tabs
/// on one server share one connection: a console, a projector and a phone
/// hold three event streams).
const H2_STREAMS: u32 = 100;
/// HTTP/2 pings: how often, and how long an answer may take.
const H2_PING: Duration = Duration::from_secs(20);
/// An HTTP/2 connection with nothing in flight at two checks this far
/// apart is closed (a browser opens another when it needs one).
const H2_IDLE: Duration = Duration::from_secs(15);

/// The two protocols, each set up once and shared by every connection.
struct Http {
    h1: http1::Builder,
    h2: http2::Builder<TokioExecutor>,
}

impl Http {
    fn new() -> Http {
        let mut h1 = http1::Builder::new();
        h1.half_close(true).timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
        let mut h2 = http2::Builder::new(TokioExecutor::new());
        h2.timer(TokioTimer::new())
            .max_concurrent_streams(H2_STREAMS)
            .max_header_list_size(64 * 1024)
            .keep_alive_interval(H2_PING)
            .keep_alive_timeout(H2_PING);
        Http { h1, h2 }
    }

    /// Serves one connection in the protocol it chose, until it ends, the
    /// server stops, or (HTTP/2) it carries nothing for a while. Each way
    /// is boxed on its own: a connection's task holds only the state of
    /// the protocol it speaks (an idle HTTP/1.1 stream stays ~12 KiB).
    async fn serve<I, S>(&self, io: I, h2: bool, service: S, watcher: Watcher, stopping: watch::Receiver<bool>)
    where
        I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
        S: hyper::service::Service<hyper::Request<hyper::body::Incoming>, Response = axum::response::Response, Error = Infallible>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
    {
        if h2 {
            Box::pin(async move {
                // The drain waits for this connection while `watcher` lives.
                let _drain = watcher;
                let in_flight = InFlight::default();
                let counted = {
                    let in_flight = in_flight.clone();
                    hyper::service::service_fn(move |req| in_flight.count(hyper::service::Service::call(&service, req)))
                };
                let conn = self.h2.serve_connection(TokioIo::new(io), counted);
                let _ = IdleClose::new(conn, |c: Pin<&mut _>| c.graceful_shutdown(), in_flight, H2_IDLE, stopping).await;
            })
            .await
        } else {
            Box::pin(watcher.watch(self.h1.serve_connection(TokioIo::new(io), service))).await.ok();
        }
    }
}

pub async fn serve(
    listener: TcpListener,
    router: Router,
    max_connections: usize,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let http = Arc::new(Http::new());
    let open = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = &mut shutdown => break,
        };
        let (mut tcp, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of descriptors or memory: wait for some to free up.
                if !matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) {
                    tracing::warn!(error = %e, "accept failed; pausing");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let Ok(permit) = open.clone().try_acquire_owned() else {
            metrics::counter!("convene_connections_refused_total").increment(1);
            if tls.is_none() {
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(2), tcp.write_all(FULL)).await;
                });
            }
            continue;
        };
        let service = tower::ServiceExt::map_request(router.clone(), move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo::<SocketAddr>(peer));
            // HTTP/2 names the host in `:authority`, not `Host`: give every
            // request a `Host`, so origin checks and links read one place.
            if !req.headers().contains_key(hyper::header::HOST) {
                if let Some(v) = req.uri().authority().and_then(|a| hyper::header::HeaderValue::from_str(a.as_str()).ok()) {
                    req.headers_mut().insert(hyper::header::HOST, v);
                }
            }
            req
        });
        let service = TowerToHyperService::new(service);
        let (http, tls, watcher, stopping) = (http.clone(), tls.clone(), graceful.watcher(), stop_rx.clone());
        metrics::gauge!("convene_connections_open").increment(1.0);
        tokio::spawn(async move {
            match tls {
                None => match crate::conn::open(tcp, HEADER_TIMEOUT).await {
                    Some(Plain::Http1(tcp)) => http.serve(tcp, false, service, watcher, stopping).await,
                    Some(Plain::Read(h2, opened)) => http.serve(opened, h2, service, watcher, stopping).await,
                    None => {}
                },
                Some(tls) => {
                    // Boxed: a plain connection's task carries no TLS state.
                    let accepted = Box::pin(async move {
                        let stream = tokio::time::timeout(crate::tls::HANDSHAKE_TIMEOUT, tls.accept(tcp)).await.ok()?.ok()?;
                        let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
                        http.serve(stream, h2, service, watcher, stopping).await;
                        Some(())
                    });
                    accepted.await;
                }
            }
            drop(permit);
            metrics::gauge!("convene_connections_open").decrement(1.0);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still open {DRAIN:?} after stopping");
    }
}
