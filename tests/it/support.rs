//! Spawning the server and speaking HTTP and SSE to it.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh folder for one test's database.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("convene-it-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Server {
    child: Child,
    pub base: String,
    /// What the server printed on standard output besides where it listens.
    pub said: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    /// Its log lines, when started with `start_logged`.
    pub logs: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    pub db: PathBuf,
    /// An organiser key made by `convene organiser add`, for creating dialogues.
    pub organiser: String,
}

/// The PostgreSQL cluster the suite runs on (`tests/it/with-postgres`),
/// if any: `postgres://user@host:port`.
pub fn postgres() -> Option<String> {
    std::env::var("CONVENE_TEST_POSTGRES").ok().filter(|u| !u.is_empty())
}

/// For a test about the SQLite file itself: true (and said) when the suite runs on PostgreSQL.
pub fn sqlite_only(what: &str) -> bool {
    let pg = postgres().is_some();
    if pg {
        eprintln!("not on PostgreSQL: {what} is about the SQLite file");
    }
    pg
}

/// The PostgreSQL database standing for a test's file: one per path,
/// made on first use, so a restart finds what it left.
pub fn database_url(db: &std::path::Path) -> Option<String> {
    use std::hash::{Hash, Hasher};
    let base = postgres()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    db.hash(&mut h);
    let name = format!("t{:016x}", h.finish());
    let mut admin = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).expect("the test cluster answers");
    if let Err(e) = admin.batch_execute(&format!("CREATE DATABASE {name}")) {
        // Made by an earlier start of the same test.
        assert_eq!(e.code(), Some(&postgres::error::SqlState::DUPLICATE_DATABASE), "{e}");
    }
    Some(format!("{base}/{name}"))
}

/// The flags that name a test's database: `--db FILE`, or on PostgreSQL its `--database-url`.
pub fn db_args(db: &std::path::Path) -> Vec<String> {
    match database_url(db) {
        Some(url) => vec!["--database-url".into(), url],
        None => vec!["--db".into(), db.display().to_string()],
    }
}

/// Runs `convene organiser …` on a database; its standard output.
pub fn organiser_cli(db: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_convene"))
        .arg("organiser")
        .args(args)
        .args(db_args(db))
        .output()
        .expect("the convene binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Server {
    pub fn start(db: PathBuf) -> Server {
        Server::start_with(db, &[])
    }

    /// Starts the server with flags of its own.
    pub fn start_with(db: PathBuf, flags: &[&str]) -> Server {
        Server::spawn(db, flags, false)
    }

    /// Starts the server with flags of its own and keeps its log lines (at `info`).
    pub fn start_logged(db: PathBuf, flags: &[&str]) -> Server {
        Server::spawn(db, flags, true)
    }

    fn spawn(db: PathBuf, flags: &[&str], logged: bool) -> Server {
        // One organiser per database, made once; its key is kept beside the file.
        let key_file = db.with_extension("organiser-key");
        let organiser = match std::fs::read_to_string(&key_file) {
            Ok(k) => k,
            Err(_) => {
                let (ok, out) = organiser_cli(&db, &["add", "tests"]);
                assert!(ok, "convene organiser add works: {out}");
                let key = out.lines().last().unwrap_or("").trim().to_string();
                std::fs::write(&key_file, &key).unwrap();
                key
            }
        };
        let mut command = Command::new(env!("CARGO_BIN_EXE_convene"));
        command.args(["--addr", "127.0.0.1:0"]).args(db_args(&db)).args(flags);
        Server::run(command, db, organiser, logged)
    }

    /// Starts the server as `command` says (its database flags included);
    /// `db` is what the test calls its database, `organiser` a key that works on it.
    pub fn spawn_command(command: Command, db: PathBuf, organiser: String) -> Server {
        Server::run(command, db, organiser, false)
    }

    fn run(mut command: Command, db: PathBuf, organiser: String, logged: bool) -> Server {
        let mut child = command
            .env("RUST_LOG", if logged { "info" } else { "warn" })
            .stdout(Stdio::piped())
            .stderr(if logged { Stdio::piped() } else { Stdio::inherit() })
            .spawn()
            .expect("the convene binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = said.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                match line.strip_prefix("convene listening on ") {
                    Some(addr) => drop(tx.send(addr.to_string())),
                    None => keep.lock().unwrap().push(line),
                }
            }
        });
        let logs = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        if let Some(stderr) = child.stderr.take() {
            let keep = logs.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    keep.lock().unwrap().push(line);
                }
            });
        }
        let base = rx.recv_timeout(Duration::from_secs(30)).expect("the server says where it listens");
        Server { child, base, db, organiser, said, logs }
    }

    pub fn fresh() -> Server {
        Server::start(temp_dir().join("convene.sqlite3"))
    }

    /// Stops the server the way an operator would (SIGTERM); it must exit
    /// with status 0 within ten seconds, open event streams or not.
    pub fn stop(mut self) -> PathBuf {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().ok().flatten() {
                assert!(status.success(), "the server stopped with {status}");
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the server did not stop within 10 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
        self.db.clone()
    }

    /// Kills the server outright (SIGKILL), as a crash would.
    pub fn crash(mut self) -> PathBuf {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.db.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Any request: the status and the JSON body (Null when there is none).
    pub fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> (u16, Value) {
        let raw = body.map(|b| b.to_string());
        self.raw(method, path, token, raw.as_deref(), &[])
    }

    pub fn raw(&self, method: &str, path: &str, token: Option<&str>, body: Option<&str>, headers: &[(&str, &str)]) -> (u16, Value) {
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
        let mut req = agent.request(method, &self.url(path));
        if let Some(t) = token {
            req = req.set("Authorization", &format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.set(k, v);
        }
        let res = match body {
            Some(b) => req.set("Content-Type", "application/json").send_string(b),
            None => req.call(),
        };
        let res = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = res.status();
        let mut text = String::new();
        res.into_reader().read_to_string(&mut text).unwrap();
        let value = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        assert!(status < 500, "{method} {path} answered {status}: {value}");
        (status, value)
    }

    /// A request that must answer `want`; returns the body.
    pub fn expect(&self, want: u16, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Value {
        let (status, v) = self.call(method, path, token, body.as_ref());
        assert_eq!(status, want, "{method} {path}: {v}");
        v
    }

    pub fn summary(&self, id: &str) -> Value {
        self.expect(200, "GET", &format!("/api/v1/dialogues/{id}/summary"), None, None)
    }

    /// Opens the event stream; events arrive on the channel as (name, data).
    pub fn subscribe(&self, path: &str) -> mpsc::Receiver<(String, Value)> {
        let res = ureq::AgentBuilder::new().build().get(&self.url(path)).call().expect("the event stream opens");
        assert_eq!(res.header("content-type"), Some("text/event-stream"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut data = String::new();
            for line in BufReader::new(res.into_reader()).lines().map_while(Result::ok) {
                if let Some(n) = line.strip_prefix("event:") {
                    name = n.trim().to_string();
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.strip_prefix(' ').unwrap_or(d));
                } else if line.is_empty() && !data.is_empty() {
                    let v = serde_json::from_str(&data).unwrap_or(Value::Null);
                    if tx.send((std::mem::take(&mut name), v)).is_err() {
                        return;
                    }
                    data.clear();
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A created dialogue.
pub struct Dialogue {
    pub id: String,
    pub code: String,
    pub key: String,
}

impl Dialogue {
    pub fn create(s: &Server, body: Value) -> Dialogue {
        let v = s.expect(201, "POST", "/api/v1/dialogues", Some(&s.organiser), Some(body));
        Dialogue {
            id: v["id"].as_str().unwrap().to_string(),
            code: v["code"].as_str().unwrap().to_string(),
            key: v["facilitator_key"].as_str().unwrap().to_string(),
        }
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/dialogues/{}{rest}", self.id)
    }

    /// Joins n participants; their tokens.
    pub fn join(&self, s: &Server, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                let v = s.expect(201, "POST", &self.path("/participants"), None, Some(json!({"name": format!("P{i}")})));
                v["token"].as_str().unwrap().to_string()
            })
            .collect()
    }

    pub fn stage(&self, s: &Server, index: usize) -> Value {
        s.expect(200, "POST", &self.path("/stage"), Some(&self.key), Some(json!({"index": index})))
    }
}

/// Waits for the first event of the given name.
pub fn next_event(rx: &mpsc::Receiver<(String, Value)>, name: &str, within: Duration) -> Value {
    let deadline = std::time::Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let (n, v) = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no {name} event within {within:?}"));
        if n == name {
            return v;
        }
    }
}

impl Server {
    /// Sends only the head of a request that declares a body of `len`
    /// bytes, and reads the status line: a server must refuse an oversized
    /// body before it arrives.
    pub fn declared_status(&self, method: &str, path: &str, token: Option<&str>, len: usize) -> u16 {
        use std::io::Write;
        let host = self.base.trim_start_matches("http://").to_string();
        let mut sock = std::net::TcpStream::connect(&host).unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        write!(sock, "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {len}\r\n\r\n")
            .unwrap();
        let mut line = String::new();
        BufReader::new(sock).read_line(&mut line).unwrap();
        line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}
