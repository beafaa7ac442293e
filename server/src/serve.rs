//! The accept loop: HTTP/1.1 connections served by hyper with the router.
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
//! is answered 503 with `Retry-After` and closed at once.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

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

pub async fn serve(listener: TcpListener, router: Router, max_connections: usize, shutdown: impl Future<Output = ()>) {
    let mut http = http1::Builder::new();
    http.half_close(true).timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let open = Arc::new(Semaphore::new(max_connections));
    let graceful = GracefulShutdown::new();
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
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(2), tcp.write_all(FULL)).await;
            });
            continue;
        };
        let service = tower::ServiceExt::map_request(router.clone(), move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo::<SocketAddr>(peer));
            req
        });
        let conn = http.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        metrics::gauge!("convene_connections_open").increment(1.0);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
            metrics::gauge!("convene_connections_open").decrement(1.0);
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown()).await.is_err() {
        tracing::warn!("some connections were still open {DRAIN:?} after stopping");
    }
}
