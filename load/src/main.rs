//! `convene-load`: plays dialogues against a running server and reports
//! what it sustained.
//!
//! It creates D dialogues, joins N participants to each, opens S event
//! streams to each (`?view=counts`, as phones do), measures the server's
//! memory with the streams idle, then plays the agenda for T seconds at R
//! writes a second in all: hopes and concerns, questions and votes,
//! ratings and reservations, recommendations and endorsements,
//! commitments, moving the stage as it goes. Once a second per dialogue a
//! probe writes, reads the revision that write reached, and times how long
//! every stream takes to be sent a summary at or past it.
//!
//! One process, async: a stream costs a task and a socket, so tens of
//! thousands fit. With `--h2 K` the streams go over HTTP/2 in clear (h2c),
//! K to a connection, as browsers share one connection per server; the
//! writes stay on HTTP/1.1 keep-alive connections. An https URL speaks
//! TLS (HTTP/2 by ALPN for the streams), trusting the certificate `--ca`.
//! Several nodes of one database (`--url A,B,C`): joins, streams and
//! writers go round the nodes, and each probe writes through one node
//! while the streams it times are on all of them. `--kill` kills a node
//! mid-run (or, with `--kill-signal STOP`, freezes it, as a machine that
//! vanished would look): writers and streams move to the next node, and
//! how long that took is reported; a request unanswered for 10 s counts
//! as failed.
//!
//! Usage: convene-load [--url URL[,URL…]] [--dialogues D] [--participants N]
//!                     [--subscribers S] [--rate R] [--seconds T]
//!                     [--connections C] [--view counts|full] [--pid SERVER_PID[,PID…]]
//!                     [--organiser-key KEY]   (or CONVENE_ORGANISER_KEY)
//!                     [--h2 STREAMS_PER_CONNECTION] [--ca PEM]
//!                     [--kill PID@SECONDS [--kill-signal KILL|STOP]]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::client::conn::http2;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn num(name: &str, default: usize) -> usize {
    arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn pct<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    (!sorted.is_empty()).then(|| sorted[((sorted.len() as f64 - 1.0) * p).round() as usize])
}

fn ms(us: Option<u64>) -> String {
    us.map(|u| format!("{:.1}", u as f64 / 1e3)).unwrap_or_else(|| "-".into())
}

/// Resident memory (KiB) and CPU time (s) of the servers' processes, summed.
fn usage_of(pids: &[u32]) -> Option<(u64, f64)> {
    // A node killed mid-run (`--kill`) counts no more.
    let each: Vec<_> = pids.iter().filter_map(|p| usage(*p)).collect();
    (!each.is_empty()).then(|| each.iter().fold((0, 0.0), |(r, c), (r1, c1)| (r + r1, c + c1)))
}

/// Resident memory (KiB) and CPU time (s) of a process, from /proc.
fn usage(pid: u32) -> Option<(u64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some((rss, ticks / 100.0))
}

/// Where the server is: its socket address and the Host header to send.
#[derive(Clone)]
struct Target {
    addr: SocketAddr,
    host: String,
    /// With an https URL: connectors offering HTTP/1.1 and HTTP/2 by ALPN,
    /// trusting the certificate given with `--ca`.
    tls: Option<(tokio_rustls::TlsConnector, tokio_rustls::TlsConnector)>,
}

/// A TLS client that trusts the certificates in `ca` (PEM), offering `alpn`.
fn connector(ca: &str, alpn: &[u8]) -> tokio_rustls::TlsConnector {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_file_iter(ca).expect("the --ca file") {
        roots.add(cert.expect("a PEM certificate")).expect("a usable certificate");
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![alpn.to_vec()];
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
}

impl Target {
    async fn parse(url: &str) -> Target {
        let tls = url.starts_with("https://").then(|| {
            let ca = arg("--ca").expect("an https --url needs --ca PEM, the certificate to trust");
            (connector(&ca, b"http/1.1"), connector(&ca, b"h2"))
        });
        let host = url.trim_start_matches("https://").trim_start_matches("http://").split('/').next().unwrap_or_default().to_string();
        let addr = tokio::net::lookup_host(&host)
            .await
            .ok()
            .and_then(|mut a| a.next())
            .unwrap_or_else(|| panic!("cannot resolve {host} (the --url must be http(s)://host:port)"));
        Target { addr, host, tls }
    }

    async fn connect(&self) -> Result<TcpStream, String> {
        let tcp = TcpStream::connect(self.addr).await.map_err(|e| format!("connect: {}", e.kind()))?;
        let _ = tcp.set_nodelay(true);
        Ok(tcp)
    }

    /// The TLS session over a connection, offering HTTP/2 or HTTP/1.1.
    async fn secure(&self, tcp: TcpStream, h2: bool) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
        let (h1c, h2c) = self.tls.as_ref().expect("an https target");
        let name = self.host.rsplit_once(':').map_or(self.host.as_str(), |(h, _)| h).trim_matches(['[', ']']).to_string();
        let name = rustls::pki_types::ServerName::try_from(name).map_err(|_| "server name".to_string())?;
        if h2 { h2c } else { h1c }.connect(name, tcp).await.map_err(|e| format!("tls: {e}"))
    }

    async fn open(&self) -> Result<SendRequest<Full<Bytes>>, String> {
        let tcp = self.connect().await?;
        let (send, conn) = match self.tls {
            None => {
                let (send, conn) = http1::handshake(TokioIo::new(tcp)).await.map_err(|_| "handshake".to_string())?;
                (send, tokio::spawn(async move { drop(conn.await) }))
            }
            Some(_) => {
                let tls = self.secure(tcp, false).await?;
                let (send, conn) = http1::handshake(TokioIo::new(tls)).await.map_err(|_| "handshake".to_string())?;
                (send, tokio::spawn(async move { drop(conn.await) }))
            }
        };
        drop(conn);
        Ok(send)
    }

    /// An HTTP/2 connection (over TLS by ALPN, else in clear by prior
    /// knowledge), for many streams.
    async fn open_h2(&self) -> Result<http2::SendRequest<Full<Bytes>>, String> {
        let tcp = self.connect().await?;
        let (send, conn) = match self.tls {
            None => {
                let (send, conn) =
                    http2::handshake(TokioExecutor::new(), TokioIo::new(tcp)).await.map_err(|_| "h2 handshake".to_string())?;
                (send, tokio::spawn(async move { drop(conn.await) }))
            }
            Some(_) => {
                let tls = self.secure(tcp, true).await?;
                let (send, conn) =
                    http2::handshake(TokioExecutor::new(), TokioIo::new(tls)).await.map_err(|_| "h2 handshake".to_string())?;
                (send, tokio::spawn(async move { drop(conn.await) }))
            }
        };
        drop(conn);
        Ok(send)
    }

    fn request(&self, method: Method, path: &str, auth: Option<&str>, body: Option<&Value>) -> Request<Full<Bytes>> {
        let mut b = Request::builder().method(method).uri(path).header(hyper::header::HOST, &self.host);
        if let Some(a) = auth {
            b = b.header(hyper::header::AUTHORIZATION, format!("Bearer {a}"));
        }
        let body = match body {
            Some(v) => {
                b = b.header(hyper::header::CONTENT_TYPE, "application/json");
                Bytes::from(v.to_string())
            }
            None => Bytes::new(),
        };
        b.body(Full::new(body)).expect("a well-formed request")
    }
}

/// One keep-alive HTTP/1 connection, reopened when it breaks.
struct Client {
    target: Target,
    send: Option<SendRequest<Full<Bytes>>>,
}

/// How long a request may wait for its answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

impl Client {
    fn new(target: &Target) -> Client {
        Client { target: target.clone(), send: None }
    }

    /// The status, the body, and whether a `Retry-After` header came with it.
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        auth: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(StatusCode, Bytes, bool), String> {
        if self.send.as_ref().is_none_or(|s| s.is_closed()) {
            self.send = Some(self.target.open().await?);
        }
        let send = self.send.as_mut().expect("just opened");
        let res = async {
            send.ready().await.map_err(|_| "connection closed".to_string())?;
            let res =
                send.send_request(self.target.request(method, path, auth, body)).await.map_err(|_| "connection closed".to_string())?;
            let status = res.status();
            let retry_after = res.headers().contains_key(hyper::header::RETRY_AFTER);
            let body = res.into_body().collect().await.map_err(|_| "body cut off".to_string())?.to_bytes();
            Ok((status, body, retry_after))
        };
        // A node that stopped answering (frozen, or its machine gone) is given up on.
        let res = tokio::time::timeout(REQUEST_TIMEOUT, res).await.unwrap_or_else(|_| Err("no answer within 10 s".to_string()));
        if res.is_err() {
            self.send = None;
        }
        res
    }

    async fn json(&mut self, method: Method, path: &str, auth: Option<&str>, body: Option<&Value>) -> Value {
        match self.call(method.clone(), path, auth, body).await {
            Ok((s, b, _)) if s.is_success() => serde_json::from_slice(&b).unwrap_or(Value::Null),
            Ok((s, b, _)) => panic!("{method} {path}: {s} {}", String::from_utf8_lossy(&b)),
            Err(e) => panic!("{method} {path}: {e}"),
        }
    }
}

/// A probe: a write acknowledged at `at`, and the revision it reached.
struct Probe {
    revision: u64,
    at: Instant,
    reached: usize,
    worst: Duration,
}

/// What a stream has been sent: its last revision, when, and the first probe it has not reached.
#[derive(Clone, Copy)]
struct Seen {
    revision: u64,
    at: Instant,
    next_probe: usize,
}

/// One dialogue's probes and streams, under one lock, so a probe is
/// counted once per stream whether the stream's event or the probe comes first.
#[derive(Default)]
struct Watch {
    probes: Vec<Probe>,
    streams: Vec<Seen>,
}

impl Watch {
    fn settle(&mut self, s: usize) {
        let seen = &mut self.streams[s];
        while let Some(p) = self.probes.get_mut(seen.next_probe) {
            if p.revision > seen.revision {
                break;
            }
            p.reached += 1;
            p.worst = p.worst.max(seen.at.saturating_duration_since(p.at));
            seen.next_probe += 1;
        }
    }

    /// A stream was sent `revision` now.
    fn sent(&mut self, s: usize, revision: u64) {
        self.streams[s].revision = revision;
        self.streams[s].at = Instant::now();
        self.settle(s);
    }

    fn probe(&mut self, revision: u64, at: Instant) {
        self.probes.push(Probe { revision, at, reached: 0, worst: Duration::ZERO });
        for s in 0..self.streams.len() {
            self.settle(s);
        }
    }

    fn join(&mut self) -> usize {
        self.streams.push(Seen { revision: 0, at: Instant::now(), next_probe: self.probes.len() });
        self.streams.len() - 1
    }
}

type Watches = Arc<Vec<Mutex<Watch>>>;

fn lock(w: &Mutex<Watch>) -> std::sync::MutexGuard<'_, Watch> {
    w.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Default)]
struct StreamStats {
    up: AtomicUsize,
    failed: AtomicUsize,
    dropped: AtomicUsize,
    events: AtomicUsize,
    /// How long each dropped stream was without events before one came again.
    away: Mutex<Vec<Duration>>,
}

/// One subscriber: opens the event stream (on its own HTTP/1.1 connection,
/// or on a `shared` HTTP/2 one) and notes each event's revision. A stream
/// over HTTP/1.1 that drops comes back as a browser's would, after a
/// second, to the next node, with `Last-Event-ID`; how long it was away is
/// noted.
#[allow(clippy::too_many_arguments)] // each is one thing a stream task owns
async fn subscribe(
    targets: Arc<Vec<Target>>,
    first: usize,
    path: String,
    dialogue: usize,
    watches: Watches,
    stats: Arc<StreamStats>,
    mut stop: watch::Receiver<bool>,
    opening: OwnedSemaphorePermit,
    shared: Option<http2::SendRequest<Full<Bytes>>>,
) {
    let open = |target: Target, last: Option<u64>, shared: Option<http2::SendRequest<Full<Bytes>>>| {
        let path = path.clone();
        async move {
            let mut req = target.request(Method::GET, &path, None, None);
            req.headers_mut().insert(hyper::header::ACCEPT, "text/event-stream".parse().expect("a header value"));
            if let Some(id) = last {
                req.headers_mut().insert("last-event-id", id.to_string().parse().expect("a header value"));
            }
            // Over HTTP/2 the stream shares its connection; over HTTP/1.1 it has its own.
            let (own, res) = match shared {
                Some(mut h2) => {
                    let scheme = if target.tls.is_some() { "https" } else { "http" };
                    *req.uri_mut() = format!("{scheme}://{}{path}", target.host).parse().map_err(|_| "uri".to_string())?;
                    (None, h2.send_request(req).await.map_err(|_| "request".to_string())?)
                }
                None => {
                    let mut send = target.open().await?;
                    let res = send.send_request(req).await.map_err(|_| "request".to_string())?;
                    (Some(send), res)
                }
            };
            if res.status() != StatusCode::OK {
                return Err(format!("status {}", res.status()));
            }
            Ok::<_, String>((own, res.into_body()))
        }
    };
    let opened = open(targets[first % targets.len()].clone(), None, shared.clone()).await;
    drop(opening);
    let Ok((mut _send, mut body)) = opened else {
        stats.failed.fetch_add(1, Ordering::Relaxed);
        return;
    };
    stats.up.fetch_add(1, Ordering::Relaxed);
    let me = lock(&watches[dialogue]).join();
    let (mut node, mut last, mut away) = (first, None, None::<Instant>);
    loop {
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let frame = tokio::select! {
                f = body.frame() => f,
                _ = stop.changed() => return,
            };
            let Some(Ok(frame)) = frame else { break };
            let Ok(data) = frame.into_data() else { continue };
            carry.extend_from_slice(&data);
            let mut start = 0;
            while let Some(nl) = carry[start..].iter().position(|b| *b == b'\n') {
                let line = &carry[start..start + nl];
                if let Some(rev) =
                    line.strip_prefix(b"id:").and_then(|r| std::str::from_utf8(r).ok()).and_then(|r| r.trim().parse::<u64>().ok())
                {
                    stats.events.fetch_add(1, Ordering::Relaxed);
                    lock(&watches[dialogue]).sent(me, rev);
                    last = Some(rev);
                    if let Some(at) = away.take() {
                        stats.away.lock().unwrap_or_else(|e| e.into_inner()).push(at.elapsed());
                    }
                }
                start += nl + 1;
            }
            carry.drain(..start);
        }
        if *stop.borrow() {
            return;
        }
        stats.dropped.fetch_add(1, Ordering::Relaxed);
        if shared.is_some() || targets.len() < 2 {
            return;
        }
        away.get_or_insert_with(Instant::now);
        // Back to another node, as a browser's EventSource would.
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if *stop.borrow() {
                return;
            }
            node += 1;
            if let Ok((send, b)) = open(targets[node % targets.len()].clone(), last, None).await {
                (_send, body) = (send, b);
                break;
            }
        }
    }
}

/// What one participant has done so far, so the mix stays within the
/// contract's limits and every write is one the server should accept.
#[derive(Default, Clone)]
struct Person {
    id: usize,
    dialogue: usize,
    token: String,
    n: usize,
    questions: usize,
    votes: usize,
    recommendations: usize,
    endorsements: usize,
}

const THEMES: [&str; 5] = ["Education", "Government", "Media", "NGOs and grassroots", "Other sectors"];
/// The agenda played, as stage indexes of the default agenda: hopes and
/// concerns, questions, resonance, recommendations, commitments.
const PHASES: [usize; 5] = [1, 3, 4, 5, 6];

/// Ids of the questions and recommendations posted so far, per dialogue.
#[derive(Default)]
struct Posted {
    /// (author, id): nobody votes for or endorses their own.
    questions: Vec<(usize, String)>,
    recommendations: Vec<(usize, String)>,
}

/// From `start` on, the first posted id that is not `me`'s.
fn pick(list: &[(usize, String)], start: usize, me: usize) -> Option<&str> {
    (0..list.len().min(2)).map(|k| &list[(start + k) % list.len()]).find(|(author, _)| *author != me).map(|(_, id)| id.as_str())
}

fn text(what: &str, p: &Person) -> String {
    format!("{what} number {} from a simulated participant, long enough to read like a sentence someone typed.", p.n)
}

/// The next write of this person in this phase: method, path under the dialogue, body.
fn next_write(p: &mut Person, phase: usize, posted: &Posted, seed: usize) -> (Method, String, Option<Value>) {
    p.n += 1;
    let even = p.n.is_multiple_of(2);
    match phase {
        0 => (Method::PUT, if even { "/hope" } else { "/concern" }.into(), Some(json!({"text": text("A hope", p)}))),
        1 if even && p.questions < 10 => {
            p.questions += 1;
            (Method::POST, "/questions".into(), Some(json!({"text": text("A question", p)})))
        }
        1 if pick(&posted.questions, seed + p.votes, p.id).is_some() => {
            let q = pick(&posted.questions, seed + p.votes, p.id).unwrap_or_default();
            p.votes += 1;
            (Method::POST, format!("/questions/{q}/votes"), None)
        }
        2 if even => (Method::PUT, "/rating".into(), Some(json!({"value": 1 + (seed + p.n) % 5}))),
        2 => (Method::PUT, "/reservation".into(), Some(json!({"text": text("A reservation", p)}))),
        3 if even && p.recommendations < 20 => {
            p.recommendations += 1;
            let theme = THEMES[(seed + p.n) % THEMES.len()];
            (Method::POST, "/recommendations".into(), Some(json!({"text": text("A recommendation", p), "theme": theme})))
        }
        3 if p.endorsements < posted.recommendations.len().min(99)
            && pick(&posted.recommendations, seed + p.endorsements, p.id).is_some() =>
        {
            let r = pick(&posted.recommendations, seed + p.endorsements, p.id).unwrap_or_default();
            p.endorsements += 1;
            (Method::POST, format!("/recommendations/{r}/endorsements"), None)
        }
        4 => (Method::PUT, "/commitment".into(), Some(json!({"text": text("A commitment", p)}))),
        _ => (Method::PUT, "/concern".into(), Some(json!({"text": text("A concern", p)}))),
    }
}

#[derive(Default)]
struct Outcome {
    latencies_us: Vec<u32>,
    errors: BTreeMap<String, usize>,
    /// For each writer whose node stopped answering: how long from its
    /// first failure to its next acknowledged write, on another node.
    failovers: Vec<Duration>,
}

/// Lowers the calling thread's scheduling priority (nice 10), where allowed.
fn yield_cpu_to_others() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority only read their arguments.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

fn main() {
    // The stream readers run at a lower priority than the server and than
    // the writers' own runtime, so on a shared machine the generator's
    // parsing of thousands of streams does not inflate the latencies it measures.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(yield_cpu_to_others)
        .build()
        .expect("a runtime")
        .block_on(run());
}

async fn run() {
    // One descriptor per stream: as many as the hard limit allows.
    if let Err(e) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("could not raise the open-file limit: {e}");
    }
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let dialogues = num("--dialogues", 1).max(1);
    let people = num("--participants", 200).max(1);
    let subscribers = num("--subscribers", people);
    let rate = num("--rate", 1000).max(1);
    let seconds = num("--seconds", 10).max(1);
    let connections = num("--connections", 64).clamp(1, dialogues * people);
    let view = arg("--view").unwrap_or_else(|| "counts".into());
    let pids: Vec<u32> = arg("--pid").unwrap_or_default().split(',').filter_map(|p| p.parse().ok()).collect();
    let pid = Some(&pids[..]).filter(|p| !p.is_empty());
    let h2 = arg("--h2").and_then(|k| k.parse::<usize>().ok()).map(|k| k.max(1));
    let mut targets = Vec::new();
    for u in url.split(',') {
        targets.push(Target::parse(u).await);
    }
    let target = targets[0].clone();
    let targets = Arc::new(targets);
    let node = |i: usize| targets[i % targets.len()].clone();
    // Creating dialogues needs an organiser key (`convene organiser add`).
    let organiser = arg("--organiser-key").or_else(|| std::env::var("CONVENE_ORGANISER_KEY").ok());

    // Dialogues and their facilitators.
    let mut admin = Client::new(&target);
    let mut ids: Vec<(String, String)> = Vec::new();
    for i in 0..dialogues {
        // Room for the probes, which join as they go.
        let room = (people + 1000).min(100_000);
        let body =
            json!({"title": format!("Load test {i}"), "themes": THEMES, "endorsements_per_participant": 100, "max_participants": room});
        let v = admin.json(Method::POST, "/api/v1/dialogues", organiser.as_deref(), Some(&body)).await;
        ids.push((v["id"].as_str().expect("an id").into(), v["facilitator_key"].as_str().expect("a key").into()));
    }
    let base: Arc<Vec<String>> = Arc::new(ids.iter().map(|(id, _)| format!("/api/v1/dialogues/{id}")).collect());

    // Participants join, many at once.
    let joined_at = Instant::now();
    let per_conn = (dialogues * people).div_ceil(connections);
    let joins: Vec<_> = (0..connections)
        .map(|c| {
            let (target, base) = (node(c), base.clone());
            tokio::spawn(async move {
                let mut client = Client::new(&target);
                let mut out = Vec::new();
                for k in c * per_conn..((c + 1) * per_conn).min(dialogues * people) {
                    let d = k % dialogues;
                    let v = client
                        .json(Method::POST, &format!("{}/participants", base[d]), None, Some(&json!({"name": format!("P{k}")})))
                        .await;
                    out.push(Person { id: k, dialogue: d, token: v["token"].as_str().expect("a token").into(), ..Person::default() });
                }
                out
            })
        })
        .collect();
    let mut persons: Vec<Person> = Vec::new();
    for j in joins {
        persons.extend(j.await.expect("joins"));
    }
    println!("{dialogues} dialogue(s), {} participants joined in {:.1} s", persons.len(), joined_at.elapsed().as_secs_f64());
    for (d, (_, key)) in ids.iter().enumerate() {
        admin.json(Method::POST, &format!("{}/stage", base[d]), Some(key), Some(&json!({"index": PHASES[0]}))).await;
    }
    let idle0 = pid.and_then(usage_of);

    // Event streams, a few hundred connecting at a time.
    let watches: Watches = Arc::new((0..dialogues).map(|_| Mutex::default()).collect());
    let stats = Arc::new(StreamStats::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let opening = Arc::new(Semaphore::new(256));
    let opened_at = Instant::now();
    let mut h2_conns = Vec::new();
    if let Some(per) = h2 {
        for c in 0..(dialogues * subscribers).div_ceil(per) {
            h2_conns.push(node(c).open_h2().await.expect("an HTTP/2 connection (h2c)"));
        }
    }
    for s in 0..dialogues * subscribers {
        let d = s % dialogues;
        let permit = opening.clone().acquire_owned().await.expect("the semaphore stays open");
        let path = format!("{}/events?view={view}", base[d]);
        let shared = h2.map(|per| h2_conns[s / per].clone());
        let on = h2.map_or(s, |per| s / per);
        tokio::spawn(subscribe(targets.clone(), on, path, d, watches.clone(), stats.clone(), stop_rx.clone(), permit, shared));
    }
    let total = dialogues * subscribers;
    let deadline = Instant::now() + Duration::from_secs(120);
    while stats.up.load(Ordering::Relaxed) + stats.failed.load(Ordering::Relaxed) < total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!(
        "{} event streams open ({} failed) in {:.1} s",
        stats.up.load(Ordering::Relaxed),
        stats.failed.load(Ordering::Relaxed),
        opened_at.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle1 = pid.and_then(usage_of);
    let own_idle = usage(std::process::id());

    // Writers and probes run on a runtime of their own, so the thousands of
    // stream tasks here never delay the timing of a request.
    let requests_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("a runtime");
    let requests = requests_rt.handle().clone();

    // The agenda, played phase by phase; writers follow `phase`.
    let (phase_tx, phase_rx) = watch::channel(0usize);
    let posted: Arc<Vec<Mutex<Posted>>> = Arc::new((0..dialogues).map(|_| Mutex::default()).collect());
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds as u64);
    let facilitator = {
        let (target, base, ids) = (target.clone(), base.clone(), ids.clone());
        requests.spawn(async move {
            let mut client = Client::new(&target);
            // The first stage opened before the clock started.
            for (p, stage) in PHASES.iter().enumerate().skip(1) {
                tokio::time::sleep_until((started + Duration::from_secs_f64(seconds as f64 * p as f64 / PHASES.len() as f64)).into()).await;
                for (d, (_, key)) in ids.iter().enumerate() {
                    client.json(Method::POST, &format!("{}/stage", base[d]), Some(key), Some(&json!({"index": stage}))).await;
                }
                let _ = phase_tx.send(p);
            }
        })
    };

    // Writers: each owns a connection and a share of the participants, and
    // sends on an open-loop schedule of `rate / connections` a second.
    let every = Duration::from_secs_f64(connections as f64 / rate as f64);
    let writers: Vec<_> = (0..connections)
        .map(|w| {
            let mut mine: Vec<Person> = persons.iter().skip(w).step_by(connections).cloned().collect();
            let (targets, base, posted, phase_rx) = (targets.clone(), base.clone(), posted.clone(), phase_rx.clone());
            requests.spawn(async move {
                let mut out = Outcome::default();
                let mut on = w;
                let mut client = Client::new(&targets[on % targets.len()]);
                let mut down: Option<Instant> = None;
                let mut next = Instant::now() + every.mul_f64(w as f64 / connections as f64);
                let mut k = 0usize;
                while next < end && !mine.is_empty() {
                    tokio::time::sleep_until(next.into()).await;
                    next += every;
                    let phase = *phase_rx.borrow();
                    let i = k % mine.len();
                    k += 1;
                    let p = &mut mine[i];
                    let (method, path, body) = {
                        let posted = posted[p.dialogue].lock().unwrap_or_else(|e| e.into_inner());
                        next_write(p, phase, &posted, w + i)
                    };
                    let t0 = Instant::now();
                    match client.call(method, &format!("{}{path}", base[p.dialogue]), Some(&p.token), body.as_ref()).await {
                        Ok((status, bytes, _)) if status.is_success() => {
                            out.latencies_us.push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
                            if let Some(at) = down.take() {
                                out.failovers.push(at.elapsed());
                            }
                            if status == StatusCode::CREATED {
                                if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                                    let id = v["id"].as_str().unwrap_or_default().to_string();
                                    let mut posted = posted[p.dialogue].lock().unwrap_or_else(|e| e.into_inner());
                                    let entry = (p.id, id);
                                    if v["kind"] == "question" {
                                        posted.questions.push(entry)
                                    } else {
                                        posted.recommendations.push(entry)
                                    }
                                }
                            }
                        }
                        Ok((status, bytes, retry_after)) => {
                            let code = serde_json::from_slice::<Value>(&bytes)
                                .ok()
                                .and_then(|v| v["error"]["code"].as_str().map(str::to_string))
                                .unwrap_or_default();
                            let missing = if matches!(status.as_u16(), 429 | 503) && !retry_after { " WITHOUT Retry-After" } else { "" };
                            *out.errors.entry(format!("{} {code}{missing}", status.as_u16())).or_default() += 1
                        }
                        Err(e) => {
                            *out.errors.entry(e).or_default() += 1;
                            // The node is gone: the next one, as a load balancer would.
                            if targets.len() > 1 {
                                down.get_or_insert_with(Instant::now);
                                on += 1;
                                client = Client::new(&targets[on % targets.len()]);
                            }
                        }
                    }
                }
                out
            })
        })
        .collect();

    // `--kill PID@SECONDS`: a node killed (SIGKILL) mid-run, as a crash would.
    if let Some((victim, after)) = arg("--kill").and_then(|k| k.split_once('@').map(|(p, s)| (p.to_string(), s.to_string()))) {
        let after = Duration::from_secs_f64(after.parse().expect("--kill PID@SECONDS"));
        requests.spawn(async move {
            tokio::time::sleep_until((started + after).into()).await;
            let signal = arg("--kill-signal").unwrap_or_else(|| "KILL".into());
            let _ = std::process::Command::new("kill").args([&format!("-{signal}"), &victim]).status();
            println!("sent SIG{signal} to node {victim} at {:.1} s", after.as_secs_f64());
        });
    }

    // Probes: once a second per dialogue, a write, then the revision it reached.
    let probers: Vec<_> = (0..dialogues)
        .map(|d| {
            let (target, base, watches) = (node(d), base.clone(), watches.clone());
            requests.spawn(async move {
                let mut client = Client::new(&target);
                let me = client.json(Method::POST, &format!("{}/participants", base[d]), None, Some(&json!({"name": "Probe"}))).await;
                let token = me["token"].as_str().unwrap_or_default().to_string();
                let mut next = started + Duration::from_secs(1) + Duration::from_millis((d * 1000 / dialogues) as u64);
                let mut n = 0;
                // About once a second, jittered so probes fall anywhere in the server's fold interval.
                let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ (d as u64 + 1);
                while next < end {
                    tokio::time::sleep_until(next.into()).await;
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    next += Duration::from_millis(600 + seed % 800);
                    n += 1;
                    let body = json!({"text": format!("Probe {n}")});
                    let Ok((status, _, _)) = client.call(Method::PUT, &format!("{}/concern", base[d]), Some(&token), Some(&body)).await
                    else {
                        continue;
                    };
                    let at = Instant::now();
                    if !status.is_success() {
                        continue;
                    }
                    let Ok((_, b, _)) = client.call(Method::GET, &format!("{}/summary?view=counts", base[d]), None, None).await else {
                        continue;
                    };
                    let revision = serde_json::from_slice::<Value>(&b).ok().and_then(|v| v["revision"].as_u64()).unwrap_or(u64::MAX);
                    lock(&watches[d]).probe(revision, at);
                }
            })
        })
        .collect();

    let mut out = Outcome::default();
    for w in writers {
        let o = w.await.expect("a writer");
        out.latencies_us.extend(o.latencies_us);
        out.failovers.extend(o.failovers);
        for (k, v) in o.errors {
            *out.errors.entry(k).or_default() += v;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    for p in probers {
        let _ = p.await;
    }
    let _ = facilitator.await;
    let busy = pid.and_then(usage_of);
    let own_busy = usage(std::process::id());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = pid.and_then(usage_of);

    // Report.
    let mut lat = out.latencies_us;
    lat.sort_unstable();
    let n = lat.len();
    println!("submissions: {n} acknowledged in {elapsed:.1} s = {:.0}/s (offered {rate}/s)", n as f64 / elapsed);
    let p = |q| pct(&lat, q).map(u64::from);
    println!(
        "submission latency ms: p50 {}  p95 {}  p99 {}  max {}",
        ms(p(0.5)),
        ms(p(0.95)),
        ms(p(0.99)),
        ms(lat.last().map(|v| *v as u64))
    );
    let up = stats.up.load(Ordering::Relaxed);
    let mut worst: Vec<u64> = Vec::new();
    let mut incomplete = 0;
    for w in watches.iter() {
        let w = lock(w);
        for pr in &w.probes {
            if pr.reached < w.streams.len() {
                incomplete += 1;
            } else {
                worst.push(pr.worst.as_micros() as u64);
            }
        }
    }
    worst.sort_unstable();
    println!(
        "fan-out to every stream ms (over {} probes): p50 {}  p99 {}  max {}; probes some stream never reached: {incomplete}",
        worst.len(),
        ms(pct(&worst, 0.5)),
        ms(pct(&worst, 0.99)),
        ms(worst.last().copied())
    );
    println!(
        "event streams: {up} opened, {} failed to open, {} dropped during the run; {} events received",
        stats.failed.load(Ordering::Relaxed),
        stats.dropped.load(Ordering::Relaxed),
        stats.events.load(Ordering::Relaxed)
    );
    println!("errors by status: {:?}", out.errors);
    if let Some((n, p50, max)) = spread(out.failovers.clone()) {
        println!("failover: {n} writers lost their node; back (next write acknowledged by another) within p50 {p50} ms, max {max} ms");
    }
    if let Some((n, p50, max)) = spread(stats.away.lock().unwrap_or_else(|e| e.into_inner()).clone()) {
        println!("streams that dropped and came back on another node: {n}; without events for p50 {p50} ms, max {max} ms");
    }
    if let (Some((rss0, _)), Some((rss1, cpu1)), Some((_, cpu2)), Some((rss3, _))) = (idle0, idle1, busy, after) {
        let per = if up > 0 { (rss1.saturating_sub(rss0)) as f64 / up as f64 } else { 0.0 };
        println!(
            "server: RSS {} MiB idle before streams, {} MiB with {up} idle streams ({per:.1} KiB a stream), {} MiB after the run; CPU {:.0}% of one core during the run",
            rss0 / 1024,
            rss1 / 1024,
            rss3 / 1024,
            (cpu2 - cpu1) / elapsed * 100.0
        );
    }
    if let (Some((_, c0)), Some((_, c1))) = (own_idle, own_busy) {
        println!("load generator: CPU {:.0}% of one core during the run (same machine)", (c1 - c0) / elapsed * 100.0);
    }
    // Every acknowledged question and recommendation, looked for afterwards
    // on the first node that answers (after a kill, a surviving one).
    let (mut acked, mut found) = (0, 0);
    for d in 0..dialogues {
        let ids: std::collections::HashSet<String> = {
            let p = posted[d].lock().unwrap_or_else(|e| e.into_inner());
            p.questions.iter().chain(&p.recommendations).map(|(_, id)| id.clone()).collect()
        };
        acked += ids.len();
        for t in targets.iter() {
            let Some(listed) = listed(t, &base[d]).await else { continue };
            found += ids.iter().filter(|id| listed.contains(*id)).count();
            break;
        }
    }
    println!("acknowledged posts found afterwards: {found} of {acked}");
    let _ = stop_tx.send(true);
    tokio::time::sleep(Duration::from_millis(200)).await;
    requests_rt.shutdown_background();
}

/// How many durations, their median and their longest (ms); None for none.
fn spread(mut d: Vec<Duration>) -> Option<(usize, u128, u128)> {
    d.sort_unstable();
    Some((d.len(), d.get(d.len() / 2)?.as_millis(), d.last()?.as_millis()))
}

/// The ids of a dialogue's questions and recommendations, every page; None
/// when the node does not answer.
async fn listed(target: &Target, base: &str) -> Option<std::collections::HashSet<String>> {
    let mut client = Client::new(target);
    let mut out = std::collections::HashSet::new();
    for kind in ["question", "recommendation"] {
        let mut cursor = String::new();
        loop {
            let path = format!("{base}/contributions?kind={kind}&limit=200{cursor}");
            let (status, bytes, _) = client.call(Method::GET, &path, None, None).await.ok()?;
            let page: Value = serde_json::from_slice(&bytes).ok().filter(|_| status.is_success())?;
            out.extend(page["items"].as_array()?.iter().filter_map(|i| i["id"].as_str().map(str::to_string)));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
    }
    Some(out)
}
