//! convene-fuzz: sends mutated requests to every route of a running server
//! and counts what must never happen: a 5xx, a connection the server
//! dropped without an answer, or a server that stops answering.
//!
//! It speaks HTTP/1.1 over plain sockets, so it can send what no client
//! library would: broken request lines, stray bytes in paths and headers,
//! bodies that are not what their type says. Requests come from real ones
//! of every route (with real ids, codes, tokens and keys, and the organiser
//! key), each mutated in its method, path, query, headers or body.
//!
//! Usage: convene-fuzz --url http://127.0.0.1:3000 --organiser-key KEY
//!                     [--requests N] [--threads T] [--seed S]
//! Exits 1 if any 5xx or dropped connection was seen.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A small, fast, seeded generator (xorshift64*): runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A request before it is mutated.
#[derive(Clone)]
struct Seed {
    method: &'static str,
    path: String,
    auth: Option<String>,
    body: Option<String>,
    form: bool,
}

/// What the fuzzer knows of the server: real ids and credentials.
struct World {
    host: String,
    seeds: Vec<Seed>,
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

/// One exchange on a fresh or kept connection: the status, or why none came.
enum Outcome {
    Status(u16),
    /// The server closed or reset the connection without an answer.
    Dropped(String),
}

fn send(conn: &mut Option<BufReader<TcpStream>>, host: &str, raw: &[u8], stream_only: bool, head: bool) -> Outcome {
    if conn.is_none() {
        match TcpStream::connect(host) {
            Ok(s) => {
                let _ = s.set_read_timeout(Some(Duration::from_secs(40)));
                let _ = s.set_nodelay(true);
                *conn = Some(BufReader::new(s));
            }
            Err(e) => return Outcome::Dropped(format!("connect: {e}")),
        }
    }
    let Some(reader) = conn.as_mut() else { return Outcome::Dropped("no connection".into()) };
    if let Err(e) = reader.get_mut().write_all(raw) {
        *conn = None;
        return Outcome::Dropped(format!("write: {e}"));
    }
    read_answer(conn, stream_only, head)
}

/// Reads one answer off a connection.
fn read_answer(conn: &mut Option<BufReader<TcpStream>>, stream_only: bool, head: bool) -> Outcome {
    let Some(reader) = conn.as_mut() else { return Outcome::Dropped("no connection".into()) };
    let (status, mut length, chunked, mut close) = loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => {
                *conn = None;
                return Outcome::Dropped("closed before answering".into());
            }
            Err(e) => {
                *conn = None;
                return Outcome::Dropped(format!("read: {e}"));
            }
            Ok(_) => {}
        }
        let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        if status == 0 {
            *conn = None;
            return Outcome::Dropped(format!("not a status line: {line:?}"));
        }
        let (mut length, mut chunked, mut close) = (None, false, false);
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                *conn = None;
                return Outcome::Status(status);
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse::<usize>().ok();
            } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            } else if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
        }
        // An interim answer (100 Continue) is followed by the real one.
        if !(100..200).contains(&status) {
            break (status, length, chunked, close);
        }
    };
    if head || status == 204 || status == 304 {
        length = Some(0);
    }
    if stream_only {
        // An event stream never ends: its status and headers are the answer.
        *conn = None;
        return Outcome::Status(status);
    }
    let ok = if length == Some(0) {
        true
    } else if chunked {
        read_chunked(reader)
    } else if let Some(n) = length {
        let mut buf = vec![0u8; n];
        reader.read_exact(&mut buf).is_ok()
    } else {
        close = true;
        let mut sink = Vec::new();
        reader.read_to_end(&mut sink).is_ok()
    };
    if !ok || close {
        *conn = None;
    }
    if !ok {
        return Outcome::Dropped(format!("body of a {status} cut short"));
    }
    Outcome::Status(status)
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> bool {
    loop {
        let mut size = String::new();
        if reader.read_line(&mut size).unwrap_or(0) == 0 {
            return false;
        }
        let Ok(n) = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16) else { return false };
        let mut buf = vec![0u8; n + 2];
        if reader.read_exact(&mut buf).is_err() {
            return false;
        }
        if n == 0 {
            return true;
        }
    }
}

/// A request as bytes, from a seed the generator mutates.
fn mutate(rng: &mut Rng, seed: &Seed, host: &str) -> (Vec<u8>, bool, bool) {
    const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "FOO", "get", ""];
    const NASTY: &[&str] = &[
        "",
        "%",
        "%zz",
        "%00",
        "%C0%AF",
        "..",
        "../../etc/passwd",
        "//",
        "\u{202E}",
        "é",
        "💥",
        "null",
        "-1",
        "0",
        "18446744073709551616",
        "-9223372036854775809",
        "1e400",
        "true",
        "[]",
        "{}",
        "00000000-0000-4000-8000-000000000000",
        "ZZZZZZ",
        "AAAAAA",
    ];
    let mut method = seed.method.to_string();
    let mut path = seed.path.clone();
    let mut headers: Vec<(String, String)> = vec![("Host".into(), host.into())];
    let mut body: Vec<u8> = seed.body.clone().unwrap_or_default().into_bytes();
    let mut content_type = if seed.form { "application/x-www-form-urlencoded" } else { "application/json" }.to_string();
    if let Some(a) = &seed.auth {
        headers.push(("Authorization".into(), format!("Bearer {a}")));
    }
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        match rng.below(12) {
            0 => method = rng.pick(METHODS).to_string(),
            1 => {
                // Replace one path segment.
                let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
                let i = rng.below(parts.len());
                parts[i] = rng.pick(NASTY).to_string();
                path = parts.join("/");
            }
            2 => {
                let q = format!(
                    "{}={}",
                    rng.pick(&["view", "kind", "limit", "cursor", "theme", "key", "code", "lang", "error", "for"]),
                    rng.pick(NASTY)
                );
                path = if path.contains('?') { format!("{path}&{q}") } else { format!("{path}?{q}") };
            }
            3 => path.push_str(&"a".repeat(rng.below(9000))),
            4 => {
                // Credentials: none, wrong, another's, a cookie instead.
                headers.retain(|(k, _)| k != "Authorization");
                match rng.below(4) {
                    0 => {}
                    1 => headers.push(("Authorization".into(), format!("Bearer {}", rng.pick(NASTY)))),
                    2 => headers.push(("Authorization".into(), rng.pick(&["Basic x", "Bearer", "Bearer  ", "bearer x"]).to_string())),
                    _ => headers.push(("Cookie".into(), format!("cv_o={}; cv_f_x=fs_{}", rng.pick(NASTY), rng.pick(NASTY)))),
                }
            }
            5 => headers.push((
                rng.pick(&[
                    "Origin",
                    "Sec-Fetch-Site",
                    "X-Forwarded-For",
                    "Accept-Language",
                    "Accept-Encoding",
                    "Range",
                    "If-None-Match",
                    "Expect",
                    "X-Junk",
                ])
                .to_string(),
                rng.pick(&["null", "https://evil.example", "cross-site", "gzip, br, *", "bytes=0-1,5-", "100-continue", "\u{1}", "é"])
                    .to_string(),
            )),
            6 => {
                content_type = rng
                    .pick(&[
                        "text/plain",
                        "application/json; charset=latin1",
                        "multipart/form-data; boundary=x",
                        "",
                        "application/x-www-form-urlencoded",
                    ])
                    .to_string()
            }
            7 if !body.is_empty() => {
                // Flip, drop or insert bytes.
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(body.len());
                    match rng.below(3) {
                        0 => body[i] ^= 1 << rng.below(8),
                        1 => {
                            body.remove(i);
                        }
                        _ => body.insert(i, rng.next() as u8),
                    }
                    if body.is_empty() {
                        break;
                    }
                }
            }
            8 => {
                // A JSON value swapped for something hostile.
                let text = String::from_utf8_lossy(&body).to_string();
                let hostile = rng
                    .pick(&[
                        "\"\u{202E}\u{0}\"",
                        "-2147483648",
                        "4294967296",
                        "1.5",
                        "null",
                        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
                        "{\"a\":1}",
                        "\"2009-11-27é10:00:00Z\"",
                    ])
                    .to_string();
                body = match text.find(':') {
                    Some(i) => {
                        let end = text[i + 1..].find([',', '}']).map_or(text.len(), |j| i + 1 + j);
                        format!("{}{}{}", &text[..=i], hostile, &text[end..]).into_bytes()
                    }
                    None => hostile.into_bytes(),
                };
            }
            9 => body = (0..rng.below(2048)).map(|_| rng.next() as u8).collect(),
            10 => {
                let long = "x".repeat(*rng.pick(&[201usize, 501, 5001, 20001, 70000]));
                body = format!("{{\"text\":\"{long}\",\"title\":\"{long}\",\"name\":\"{long}\"}}").into_bytes();
            }
            _ => {
                // Raw garbage in the request line or a header.
                if rng.chance(50) {
                    path = format!("{path}\u{7f} HTTP/1.1 x");
                } else {
                    headers.push(("X-Bad".into(), "a\u{0}b".into()));
                }
            }
        }
    }
    let stream_only = path.contains("/events");
    if stream_only {
        headers.push(("Connection".into(), "close".into()));
    }
    let mut raw = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
    if !method.eq_ignore_ascii_case("GET") || !body.is_empty() {
        headers.push(("Content-Type".into(), content_type));
        headers.push(("Content-Length".into(), body.len().to_string()));
    }
    for (k, v) in headers {
        raw.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    raw.extend_from_slice(b"\r\n");
    if method.eq_ignore_ascii_case("GET") && body.is_empty() {
        // nothing
    } else {
        raw.extend_from_slice(&body);
    }
    (raw, stream_only, method.eq_ignore_ascii_case("HEAD"))
}

/// A JSON call during set-up; its answer.
fn call(host: &str, method: &str, path: &str, auth: Option<&str>, body: &str) -> (u16, serde_json::Value) {
    let auth = auth.map(|a| format!("Authorization: Bearer {a}\r\n")).unwrap_or_default();
    let raw = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = TcpStream::connect(host).expect("the server is up");
    s.write_all(raw.as_bytes()).expect("a request is sent");
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let json = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(json).unwrap_or(serde_json::Value::Null))
}

fn world(host: &str, organiser: &str) -> World {
    let created = call(host, "POST", "/api/v1/dialogues", Some(organiser), r#"{"title":"Fuzz","themes":["Media","Education"]}"#).1;
    let id = created["id"].as_str().expect("a dialogue is created (is the organiser key right?)").to_string();
    let code = created["code"].as_str().unwrap_or("").to_string();
    let key = created["facilitator_key"].as_str().unwrap_or("").to_string();
    let token = |n: usize| {
        call(host, "POST", &format!("/api/v1/dialogues/{id}/participants"), None, &format!(r#"{{"name":"p{n}"}}"#)).1["token"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let (t1, t2) = (token(1), token(2));
    for i in [1, 3, 4, 5, 6] {
        call(host, "POST", &format!("/api/v1/dialogues/{id}/stage"), Some(&key), &format!(r#"{{"index":{i}}}"#));
    }
    let q = call(host, "POST", &format!("/api/v1/dialogues/{id}/questions"), Some(&t1), r#"{"text":"why?"}"#).1["id"]
        .as_str()
        .unwrap_or("x")
        .to_string();
    let r = call(host, "POST", &format!("/api/v1/dialogues/{id}/recommendations"), Some(&t1), r#"{"text":"do","theme":"Media"}"#).1["id"]
        .as_str()
        .unwrap_or("x")
        .to_string();
    let d = format!("/api/v1/dialogues/{id}");
    let s = |method: &'static str, path: String, auth: Option<&str>, body: Option<&str>| Seed {
        method,
        path,
        auth: auth.map(str::to_string),
        body: body.map(str::to_string),
        form: false,
    };
    let f = |path: String, body: &str| Seed { method: "POST", path, auth: None, body: Some(body.to_string()), form: true };
    let archive = r#"{"title":"Imported","hopes":["a",{"text":"b","participant":"p1","created_at":"2009-11-27T10:00:00Z"}],"participants":[{"id":"p1","name":"n","rating":3}],"questions":[{"text":"q","votes":["p2"]}]}"#;
    let seeds = vec![
        s(
            "POST",
            "/api/v1/dialogues".into(),
            Some(organiser),
            Some(r#"{"title":"t","scale":{"min":1,"max":5,"low_label":"","high_label":""},"max_participants":10}"#),
        ),
        s("POST", "/api/v1/dialogues/import".into(), Some(organiser), Some(archive)),
        s("GET", d.clone(), None, None),
        s("GET", format!("/api/v1/join/{code}"), None, None),
        s("POST", format!("{d}/participants"), None, Some(r#"{"name":"x","sector":"media"}"#)),
        s("GET", format!("{d}/me"), Some(&t1), None),
        s("PUT", format!("{d}/hope"), Some(&t1), Some(r#"{"text":"hope"}"#)),
        s("PUT", format!("{d}/concern"), Some(&t2), Some(r#"{"text":"concern"}"#)),
        s("PUT", format!("{d}/reservation"), Some(&t1), Some(r#"{"text":"r"}"#)),
        s("PUT", format!("{d}/commitment"), Some(&t2), Some(r#"{"text":"c"}"#)),
        s("PUT", format!("{d}/rating"), Some(&t1), Some(r#"{"value":3}"#)),
        s("POST", format!("{d}/questions"), Some(&t2), Some(r#"{"text":"q?"}"#)),
        s("POST", format!("{d}/recommendations"), Some(&t2), Some(r#"{"text":"r","theme":"Education"}"#)),
        s("POST", format!("{d}/questions/{q}/votes"), Some(&t2), None),
        s("DELETE", format!("{d}/questions/{q}/votes"), Some(&t2), None),
        s("POST", format!("{d}/recommendations/{r}/endorsements"), Some(&t2), None),
        s("DELETE", format!("{d}/contributions/{r}"), Some(&t2), None),
        s("PATCH", format!("{d}/contributions/{r}"), Some(&key), Some(r#"{"theme":"Education"}"#)),
        s("POST", format!("{d}/stage"), Some(&key), Some(r#"{"index":5}"#)),
        s("POST", format!("{d}/countdown"), Some(&key), Some(r#"{"seconds":30}"#)),
        s("POST", format!("{d}/agenda/2/lock"), Some(&key), None),
        s("POST", format!("{d}/agenda/2/unlock"), Some(&key), None),
        s("POST", format!("{d}/contributions/{q}/hide"), Some(&key), None),
        s("POST", format!("{d}/contributions/{q}/unhide"), Some(&key), None),
        s("POST", format!("{d}/contributions/{r}/merge"), Some(&key), Some(&format!(r#"{{"into":"{q}"}}"#))),
        s("PUT", format!("{d}/questions/{q}/answer"), Some(&key), Some(r#"{"text":"because"}"#)),
        s("PUT", format!("{d}/conclusion"), Some(&key), Some(r#"{"text":"next"}"#)),
        s("GET", format!("{d}/audit"), Some(&key), None),
        s("GET", format!("{d}/summary?view=counts"), None, None),
        s("GET", format!("{d}/contributions?kind=question&limit=5"), None, None),
        s("GET", format!("{d}/events?view=counts"), None, None),
        s("GET", format!("{d}/report.html"), Some(&key), None),
        s("GET", format!("{d}/report.md"), Some(&key), None),
        s("GET", format!("{d}/report.pdf"), Some(&key), None),
        s("GET", format!("{d}/export.csv"), Some(&key), None),
        s("GET", format!("{d}/export.json"), Some(&key), None),
        s("GET", "/".into(), None, None),
        s("GET", format!("/j/{code}"), None, None),
        s("GET", format!("/p/{id}"), None, None),
        s("GET", format!("/f/{id}"), None, None),
        s("GET", "/o".into(), None, None),
        s("GET", "/new".into(), None, None),
        s("GET", "/healthz".into(), None, None),
        s("GET", "/pkg/convene.css".into(), None, None),
        s("GET", format!("/join?code={code}"), None, None),
        s("GET", format!("/f/{id}/signin?key=wrong"), None, None),
        f(format!("/j/{code}"), "name=x&sector=media"),
        f(format!("/j/{code}/act"), "do=hope&text=hi"),
        f(format!("/f/{id}/act"), "do=stage&index=2"),
        f(format!("/f/{id}/signin"), "key=wrong"),
        f("/o/signin".into(), "key=wrong"),
        f("/new".into(), "title=t&scale_min=1&scale_max=5"),
    ];
    World { host: host.to_string(), seeds }
}

fn main() {
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let host = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let organiser = arg("--organiser-key")
        .or_else(|| std::env::var("CONVENE_ORGANISER_KEY").ok())
        .expect("--organiser-key KEY (convene organiser add)");
    let requests: u64 = arg("--requests").and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let threads: usize = arg("--threads").and_then(|n| n.parse().ok()).unwrap_or(8);
    let seed: u64 = arg("--seed").and_then(|n| n.parse().ok()).unwrap_or(0x5EED_C0DE);
    let world = Arc::new(world(&host, &organiser));
    let sent = Arc::new(AtomicU64::new(0));
    let statuses: Arc<Mutex<BTreeMap<u16, u64>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (world, sent, statuses, failures) = (world.clone(), sent.clone(), statuses.clone(), failures.clone());
            std::thread::spawn(move || {
                let mut rng = Rng(seed ^ (t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
                let mut conn = None;
                let mut local: BTreeMap<u16, u64> = BTreeMap::new();
                while sent.fetch_add(1, Ordering::Relaxed) < requests {
                    let seed = rng.pick(&world.seeds).clone();
                    let (raw, stream_only, head) = mutate(&mut rng, &seed, &world.host);
                    // A kept connection the server closed after its last answer
                    // (as it may after a 4xx) is no drop: the request goes again on a new one.
                    let reused = conn.is_some();
                    let mut outcome = send(&mut conn, &world.host, &raw, stream_only, head);
                    if reused && matches!(&outcome, Outcome::Dropped(_)) {
                        conn = None;
                        outcome = send(&mut conn, &world.host, &raw, stream_only, head);
                    }
                    match outcome {
                        Outcome::Status(s) => {
                            *local.entry(s).or_default() += 1;
                            if s >= 500 {
                                let head = String::from_utf8_lossy(&raw[..raw.len().min(300)]).to_string();
                                failures.lock().unwrap().push(format!("{s} for {head:?}"));
                            }
                        }
                        Outcome::Dropped(why) => {
                            let head = String::from_utf8_lossy(&raw[..raw.len().min(300)]).to_string();
                            failures.lock().unwrap().push(format!("dropped ({why}) for {head:?}"));
                        }
                    }
                }
                let mut all = statuses.lock().unwrap();
                for (k, v) in local {
                    *all.entry(k).or_default() += v;
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let alive = call(&host, "GET", "/healthz", None, "").0 == 200;
    let statuses = statuses.lock().unwrap();
    let total: u64 = statuses.values().sum();
    let failures = failures.lock().unwrap();
    let server_errors: u64 = statuses.iter().filter(|(s, _)| **s >= 500).map(|(_, n)| n).sum();
    let dropped = failures.iter().filter(|f| f.starts_with("dropped")).count();
    println!("{total} answered requests in {elapsed:.1} s ({:.0}/s), seed {seed}", total as f64 / elapsed);
    println!("statuses: {}", statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect::<Vec<_>>().join(" "));
    println!("5xx: {server_errors}, dropped connections: {dropped}, server alive after: {alive}");
    let mut shown: Vec<&String> = failures.iter().filter(|f| !f.starts_with("dropped")).take(15).collect();
    shown.extend(failures.iter().filter(|f| f.starts_with("dropped")).take(15));
    for f in shown {
        println!("  {f}");
    }
    if server_errors > 0 || dropped > 0 || !alive {
        std::process::exit(1);
    }
}
