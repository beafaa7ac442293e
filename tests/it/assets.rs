//! The binary carries its site: copied alone into an empty folder, it
//! serves pages whose wasm, script and style sheet come from inside it,
//! under hashed names cached for a year, precompressed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::temp_dir;

#[test]
fn the_binary_alone_in_an_empty_folder_serves_the_whole_site() {
    let dir = temp_dir();
    let exe = dir.join("convene");
    std::fs::copy(env!("CARGO_BIN_EXE_convene"), &exe).unwrap();
    // A copy just written may be "busy" for a moment: another test's
    // process, forked meanwhile, holds the writing descriptor until it execs.
    let mut tries = 0;
    let mut child = loop {
        let started = Command::new(&exe)
            .current_dir(&dir)
            .args(["--addr", "127.0.0.1:0"])
            .env_remove("LEPTOS_SITE_ROOT")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn();
        match started {
            Err(e) if e.raw_os_error() == Some(libc_etxtbsy()) && tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    };
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("the server says where it listens").unwrap();
        if let Some(b) = line.strip_prefix("convene listening on ") {
            break b.to_string();
        }
    };
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
    let page = agent.get(&format!("{base}/")).call().unwrap().into_string().unwrap();
    let named = |ext: &str| {
        let at = page.find(&format!(".{ext}\"")).unwrap_or_else(|| panic!("the page links a .{ext}: build the site first (make build)"));
        let start = page[..at].rfind("/pkg/").unwrap();
        page[start..at + ext.len() + 1].to_string()
    };
    let (js, wasm, css) = (named("js"), named("wasm"), named("css"));
    let hash = js.strip_prefix("/pkg/convene.").and_then(|r| r.strip_suffix(".js")).expect("a hashed script name");
    assert!(hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{js}");
    assert!(wasm.starts_with(&format!("/pkg/convene.{hash}")) && css == format!("/pkg/convene.{hash}.css"), "{wasm} {css}");
    for (path, kind) in [(&js, "text/javascript"), (&wasm, "application/wasm"), (&css, "text/css")] {
        let r = agent.get(&format!("{base}{path}")).set("Accept-Encoding", "gzip, br").call().unwrap();
        assert_eq!(r.header("cache-control"), Some("public, max-age=31536000, immutable"), "{path}");
        assert!(r.header("content-type").unwrap().starts_with(kind), "{path}");
        assert_eq!(r.header("content-encoding"), Some("br"), "{path} goes precompressed");
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut r.into_reader(), &mut body).unwrap();
        assert!(!body.is_empty());
    }
    // Without brotli: gzip; with neither: as it is (curl: it leaves bodies alone).
    let coding = |accept: &str| {
        let out = Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "-D", "-", "-H", &format!("Accept-Encoding: {accept}"), &format!("{base}{wasm}")])
            .output()
            .expect("curl runs");
        let head = String::from_utf8_lossy(&out.stdout).to_ascii_lowercase();
        head.lines().find_map(|l| l.strip_prefix("content-encoding:").map(|v| v.trim().to_string()))
    };
    assert_eq!(coding("gzip"), Some("gzip".into()));
    assert_eq!(coding("gzip;q=0, br;q=0"), None);
    assert_eq!(coding("identity"), None);
    let raw = agent.get(&format!("{base}{wasm}")).set("Accept-Encoding", "identity").call().unwrap();
    let mut raw_bytes = Vec::new();
    std::io::Read::read_to_end(&mut raw.into_reader(), &mut raw_bytes).unwrap();
    assert_eq!(&raw_bytes[..4], b"\0asm");
    // An old build's name is not there; the icon is; nothing else reaches the disk.
    let old = agent.get(&format!("{base}/pkg/convene.0000000000000000.js")).call();
    assert!(matches!(old, Err(ureq::Error::Status(404, _))));
    let icon = agent.get(&format!("{base}/favicon.svg")).call().unwrap();
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    std::fs::write(dir.join("secret.txt"), "not for the web").unwrap();
    for path in ["/secret.txt", "/data/convene.sqlite3", "/pkg/../secret.txt"] {
        match agent.get(&format!("{base}{path}")).call() {
            Err(ureq::Error::Status(404, r)) => assert!(!r.into_string().unwrap().contains("not for the web")),
            other => panic!("{path}: {:?}", other.map(|r| r.status())),
        }
    }
    // Its database went into the empty folder's data/.
    assert!(dir.join("data/convene.sqlite3").is_file());
    let _ = child.kill();
    let _ = child.wait();
}

/// ETXTBSY on Linux.
fn libc_etxtbsy() -> i32 {
    26
}
