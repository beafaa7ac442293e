//! HTTPS and HTTP/2: with `--tls-cert` and `--tls-key` the server speaks
//! TLS, offers HTTP/2 and HTTP/1.1 by ALPN, carries event streams over
//! HTTP/2, and takes a renewed certificate without a restart (and keeps
//! the old one when the renewal is broken). Without TLS, a proxy may speak
//! HTTP/2 in clear (h2c). The client is curl, as an operator would use.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{temp_dir, Server};

/// A self-signed certificate for 127.0.0.1: its PEM files, and its public
/// key for curl's `--pinnedpubkey`, which tells which one was served.
struct Pair {
    cert: String,
    key: String,
    public: PathBuf,
}

fn pair(dir: &Path, name: &str) -> Pair {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let public = dir.join(format!("{name}.pub.pem"));
    std::fs::write(&public, made.signing_key.public_key_pem()).unwrap();
    Pair { cert: made.cert.pem(), key: made.signing_key.serialize_pem(), public }
}

/// curl's `-w` output (and whether it succeeded) for one request.
fn curl(args: &[&str]) -> (bool, String) {
    let out = Command::new("curl").args(["-sS", "-k", "--max-time", "10"]).args(args).output().expect("curl runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn served(base: &str, pin: &Path) -> bool {
    curl(&["-o", "/dev/null", "--pinnedpubkey", pin.to_str().unwrap(), &format!("{base}/healthz")]).0
}

#[test]
fn https_offers_http2_and_http1_streams_over_http2_and_takes_a_renewed_certificate() {
    let dir = temp_dir();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let first = pair(&dir, "first");
    std::fs::write(&cert, &first.cert).unwrap();
    std::fs::write(&key, &first.key).unwrap();
    let s = Server::start_with(dir.join("convene.sqlite3"), &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    assert!(s.base.starts_with("https://"), "{}", s.base);
    let url = |p: &str| format!("{}{p}", s.base);

    // ALPN: HTTP/2 when the client offers it, HTTP/1.1 when it asks for that.
    let (ok, out) = curl(&["--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", &url("/healthz")]);
    assert!(ok && out == "2 200", "{out}");
    let (ok, out) = curl(&["--http1.1", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", &url("/healthz")]);
    assert!(ok && out == "1.1 200", "{out}");
    // Links and cookies follow: the public URL is https, so HSTS is sent.
    let (_, head) = curl(&["--http2", "-D", "-", "-o", "/dev/null", &url("/")]);
    assert!(head.to_ascii_lowercase().contains("strict-transport-security"), "{head}");

    // A dialogue made over HTTP/2, and its event stream read over HTTP/2.
    let bearer = format!("Authorization: Bearer {}", s.organiser);
    let (ok, made) = curl(&[
        "--http2",
        "-H",
        &bearer,
        "-H",
        "Content-Type: application/json",
        "-d",
        r#"{"title": "Over TLS"}"#,
        &url("/api/v1/dialogues"),
    ]);
    let made: serde_json::Value = serde_json::from_str(&made).unwrap_or_default();
    let id = made["id"].as_str().unwrap_or_else(|| panic!("created over HTTP/2: {ok} {made}"));
    let (_, stream) = curl(&["--http2", "-N", "--max-time", "2", &url(&format!("/api/v1/dialogues/{id}/events"))]);
    assert!(stream.contains("event: summary"), "the stream's first event over HTTP/2: {stream:?}");

    // A renewed pair is taken within seconds, without a restart.
    assert!(served(&s.base, &first.public));
    let second = pair(&dir, "second");
    std::fs::write(&key, &second.key).unwrap();
    std::fs::write(&cert, &second.cert).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !served(&s.base, &second.public) {
        assert!(Instant::now() < deadline, "the renewed certificate was not taken");
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(!served(&s.base, &first.public));
    // A broken renewal (a key that is not the certificate's) changes nothing.
    std::fs::write(&key, &first.key).unwrap();
    std::thread::sleep(Duration::from_secs(7));
    assert!(served(&s.base, &second.public), "the last good pair is kept");
    s.stop();
}

#[test]
fn without_tls_a_proxy_may_speak_http2_in_clear() {
    let s = Server::fresh();
    let (ok, out) = curl(&["--http2-prior-knowledge", "-o", "/dev/null", "-w", "%{http_version} %{http_code}", &s.url("/healthz")]);
    assert!(ok && out == "2 200", "{out}");
    let (ok, out) = curl(&["-o", "/dev/null", "-w", "%{http_version} %{http_code}", &s.url("/healthz")]);
    assert!(ok && out == "1.1 200", "{out}");
}

#[test]
fn a_certificate_without_its_key_or_with_the_wrong_one_is_refused_at_start() {
    let dir = temp_dir();
    let (a, b) = (pair(&dir, "a"), pair(&dir, "b"));
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, &a.cert).unwrap();
    std::fs::write(&key, &b.key).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_convene"))
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(dir.join("convene.sqlite3"))
            .args(args)
            .output()
            .unwrap()
    };
    let alone = run(&["--tls-cert", cert.to_str().unwrap()]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--tls-key"));
    let wrong = run(&["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("does not go with"), "{}", String::from_utf8_lossy(&wrong.stderr));
}

#[test]
fn an_http2_connection_that_carries_nothing_is_closed() {
    use std::io::{Read, Write};
    let s = Server::fresh();
    let host = s.base.trim_start_matches("http://").to_string();
    // Half a preface, then silence: closed within the header timeout.
    let mut half = std::net::TcpStream::connect(&host).unwrap();
    half.write_all(b"PRI * HTTP/2.0\r\n").unwrap();
    // A whole preface and empty settings, then nothing asked: answered with
    // GOAWAY and closed once it has been idle at two checks 15 s apart.
    let mut idle = std::net::TcpStream::connect(&host).unwrap();
    idle.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0").unwrap();
    let started = Instant::now();
    let until_closed = |sock: &mut std::net::TcpStream| {
        sock.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match sock.read(&mut buf) {
                Ok(0) | Err(_) => return (started.elapsed(), got),
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    let (after, _) = until_closed(&mut half);
    assert!(after < Duration::from_secs(15), "half a preface is held {after:?}");
    let (after, frames) = until_closed(&mut idle);
    assert!(after < Duration::from_secs(50), "an idle HTTP/2 connection is held {after:?}");
    // Frames: 3 bytes of length, then the type; GOAWAY is 7.
    let mut at = 0;
    let mut goaway = false;
    while at + 9 <= frames.len() {
        let len = ((frames[at] as usize) << 16) | ((frames[at + 1] as usize) << 8) | frames[at + 2] as usize;
        goaway |= frames[at + 3] == 7;
        at += 9 + len;
    }
    assert!(goaway, "closed with a GOAWAY");
}
