//! What one connection needs beyond hyper: in clear, the first bytes read
//! to tell HTTP/2 (h2c) from HTTP/1.1 and then handed back; over HTTP/2,
//! its requests in flight counted, so a connection that carries none for
//! a while is closed (HTTP/1.1 has its header timeout for that).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// HTTP/2's connection preface, which a client speaking it in clear sends first.
const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// A plain connection whose first bytes were read to choose its protocol,
/// and are read again by that protocol.
pub struct Opened {
    head: [u8; PREFACE.len()],
    at: usize,
    len: usize,
    tcp: TcpStream,
}

/// Tells a plain connection's protocol from its first bytes: up to the
/// length of HTTP/2's preface or the first byte that differs from it. None
/// when it sends nothing (or closes) within `within`, so a silent socket
/// is not held.
pub async fn open(mut tcp: TcpStream, within: Duration) -> Option<Plain> {
    let mut head = [0u8; PREFACE.len()];
    let mut len = 0;
    // HTTP/1.1, nearly always: told by its first byte, without reading it,
    // and served on the socket as it is.
    let first = tokio::time::timeout(within, tcp.peek(&mut head[..1])).await.ok()?.ok()?;
    if first == 0 {
        return None;
    }
    if head[0] != PREFACE[0] {
        return Some(Plain::Http1(tcp));
    }
    let read = async {
        while len < PREFACE.len() {
            let n = tcp.read(&mut head[len..]).await.ok().filter(|n| *n > 0)?;
            len += n;
            if head[..len] != PREFACE[..len] {
                return Some(false);
            }
        }
        Some(true)
    };
    let h2 = tokio::time::timeout(within, read).await.ok().flatten()?;
    Some(Plain::Read(h2, Opened { head, at: 0, len, tcp }))
}

/// A plain connection, ready for its protocol.
pub enum Plain {
    /// HTTP/1.1, nothing read yet.
    Http1(TcpStream),
    /// Its first bytes read: HTTP/2 (true) or not, and the connection with them.
    Read(bool, Opened),
}

impl AsyncRead for Opened {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        if self.at < self.len {
            let n = (self.len - self.at).min(buf.remaining());
            let (at, end) = (self.at, self.at + n);
            buf.put_slice(&self.head[at..end]);
            self.at = end;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Opened {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write(cx, data)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
    fn poll_write_vectored(mut self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }
}

/// Requests in flight on one HTTP/2 connection: a request counts from its
/// arrival until its response body is done (an event stream, until it ends).
#[derive(Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>);

struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl InFlight {
    /// Counts a request until the body of its response is dropped.
    pub fn count<F>(&self, answer: F) -> impl Future<Output = F::Output>
    where
        F: Future<Output = Result<axum::response::Response, std::convert::Infallible>>,
    {
        self.0.fetch_add(1, Ordering::Relaxed);
        let held = Counted(self.0.clone());
        async move {
            let res = answer.await?;
            Ok(res.map(|body| Body::new(Holding { body, _held: held })))
        }
    }

    fn idle(&self) -> bool {
        self.0.load(Ordering::Relaxed) == 0
    }
}

/// A response body that keeps its request counted while it is sent.
struct Holding {
    body: Body,
    _held: Counted,
}

impl http_body::Body for Holding {
    type Data = bytes::Bytes;
    type Error = axum::Error;
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }
    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }
    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// An HTTP/2 connection that closes itself gracefully (GOAWAY, requests in
/// flight finish) when the server stops, or when it had nothing in flight
/// at two checks `idle` apart.
pub struct IdleClose<C, F> {
    conn: Pin<Box<C>>,
    shut: F,
    in_flight: InFlight,
    tick: Pin<Box<tokio::time::Sleep>>,
    idle: Duration,
    stop: Pin<Box<dyn Future<Output = ()> + Send>>,
    quiet_ticks: u8,
    closing: bool,
}

impl<C, F: FnMut(Pin<&mut C>)> IdleClose<C, F> {
    /// `shut` starts the connection's graceful shutdown; `stopping` turns
    /// true when the server stops.
    pub fn new(conn: C, shut: F, in_flight: InFlight, idle: Duration, mut stopping: tokio::sync::watch::Receiver<bool>) -> Self {
        let stop = Box::pin(async move {
            let _ = stopping.wait_for(|s| *s).await;
        });
        IdleClose {
            conn: Box::pin(conn),
            shut,
            in_flight,
            tick: Box::pin(tokio::time::sleep(idle)),
            idle,
            stop,
            quiet_ticks: 0,
            closing: false,
        }
    }
}

impl<C: Future, F: FnMut(Pin<&mut C>) + Unpin> Future for IdleClose<C, F> {
    type Output = C::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let this = &mut *self;
        if !this.closing && this.stop.as_mut().poll(cx).is_ready() {
            this.closing = true;
            (this.shut)(this.conn.as_mut());
        }
        while !this.closing && this.tick.as_mut().poll(cx).is_ready() {
            this.quiet_ticks = if this.in_flight.idle() { this.quiet_ticks + 1 } else { 0 };
            if this.quiet_ticks >= 2 {
                this.closing = true;
                (this.shut)(this.conn.as_mut());
            } else {
                let next = tokio::time::Instant::now() + this.idle;
                this.tick.as_mut().reset(next);
            }
        }
        this.conn.as_mut().poll(cx)
    }
}
