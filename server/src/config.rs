//! Settings from flags and environment variables; flags win.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub demo: bool,
    /// Where people reach this server; defaults to `http://{addr}`.
    pub public_url: Option<String>,
    /// The built site (`pkg/` with the wasm, CSS and JS).
    pub site_root: PathBuf,
    /// Behind a reverse proxy: the client's address is the last in `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Origins allowed to frame the projector, space-separated.
    pub frame_ancestors: String,
    /// Connections open at once; by default from the open-file limit.
    pub max_connections: Option<usize>,
    /// Live event streams one client address may hold.
    pub max_streams_per_address: usize,
    /// Closed dialogues are deleted this many days after closing.
    pub retain_days: Option<u32>,
    /// Dialogues nobody used or watched this long leave memory (they stay on disk).
    pub unload_after: std::time::Duration,
}

pub const USAGE: &str = "\
convene — run live civic dialogues

Usage: convene [--addr HOST:PORT] [--db FILE] [--demo] [--public-url URL] [--site-root DIR]
               [--trust-proxy] [--frame-ancestors ORIGINS] [--max-connections N]
       convene organiser add NAME [--db FILE]     prints a new organiser key (last line)
       convene organiser list [--db FILE]
       convene organiser remove NAME [--db FILE]  the key stops working at once
       convene backup [--db FILE] OUT             a consistent copy, also while a server runs

  --addr        where to listen (env CONVENE_ADDR; default 127.0.0.1:3000; port 0 picks one)
  --db          the SQLite file (env CONVENE_DB; default data/convene.sqlite3)
  --demo        import the Vancouver 2009 dialogue when the database holds none,
                and print its links
  --public-url  the address people use to reach this server, for links and QR codes
                (env CONVENE_PUBLIC_URL; default http://ADDR)
  --site-root   the built site (env LEPTOS_SITE_ROOT; default target/site)
  --trust-proxy take the client's address from X-Forwarded-For (env CONVENE_TRUST_PROXY=1);
                only behind a reverse proxy that sets it
  --frame-ancestors  origins allowed to embed the projector in a frame, space-separated
                (env CONVENE_FRAME_ANCESTORS; default none)
  --max-connections  connections open at once before new ones get 503
                (env CONVENE_MAX_CONNECTIONS; default 90% of the open-file limit)
  --max-streams-per-address  live streams one client address may hold
                (env CONVENE_MAX_STREAMS_PER_ADDRESS; default 20000: a whole room behind one address)
  --retain-days N    delete closed dialogues N days after they closed, checked at start and
                every ten minutes (env CONVENE_RETAIN_DAYS; default: keep them)
  --unload-after SECONDS  dialogues nobody used or watched this long leave memory, and load
                again on their next use (env CONVENE_UNLOAD_AFTER; default 600)
";

impl Config {
    pub fn parse(args: impl IntoIterator<Item = String>, env: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let mut addr = env("CONVENE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let mut db = env("CONVENE_DB").unwrap_or_else(|| "data/convene.sqlite3".into());
        let mut public_url = env("CONVENE_PUBLIC_URL");
        let mut site_root = env("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        let mut demo = false;
        let mut trust_proxy = env("CONVENE_TRUST_PROXY").is_some_and(|v| v == "1" || v == "true");
        let mut frame_ancestors = env("CONVENE_FRAME_ANCESTORS").unwrap_or_default();
        let mut max_connections = env("CONVENE_MAX_CONNECTIONS");
        let mut max_streams = env("CONVENE_MAX_STREAMS_PER_ADDRESS");
        let mut retain = env("CONVENE_RETAIN_DAYS");
        let mut unload = env("CONVENE_UNLOAD_AFTER");
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) => (f.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"));
            match flag.as_str() {
                "--addr" => addr = value()?,
                "--db" => db = value()?,
                "--public-url" => public_url = Some(value()?),
                "--site-root" => site_root = value()?,
                "--demo" => demo = true,
                "--trust-proxy" => trust_proxy = true,
                "--frame-ancestors" => frame_ancestors = value()?,
                "--max-connections" => max_connections = Some(value()?),
                "--max-streams-per-address" => max_streams = Some(value()?),
                "--retain-days" => retain = Some(value()?),
                "--unload-after" => unload = Some(value()?),
                "-h" | "--help" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown argument {other}\n\n{USAGE}")),
            }
        }
        let addr = addr.parse().map_err(|_| format!("--addr {addr:?} is not HOST:PORT"))?;
        let max_connections = match max_connections {
            None => None,
            Some(n) => Some(
                n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| format!("--max-connections {n:?} is not a positive number"))?,
            ),
        };
        let max_streams_per_address = match max_streams {
            None => 20_000,
            Some(n) => n
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("--max-streams-per-address {n:?} is not a positive number"))?,
        };
        let retain_days = match retain {
            None => None,
            Some(n) => Some(n.parse::<u32>().map_err(|_| format!("--retain-days {n:?} is not a whole number of days"))?),
        };
        let unload_after = match unload {
            None => std::time::Duration::from_secs(600),
            Some(n) => std::time::Duration::from_secs(
                n.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--unload-after {n:?} is not a positive number of seconds"))?,
            ),
        };
        // Each origin must be a plain scheme://host[:port]: it goes into a header.
        if let Some(bad) = frame_ancestors.split_whitespace().find(|o| {
            !(o.starts_with("https://") || o.starts_with("http://"))
                || !o.bytes().all(|b| b.is_ascii_alphanumeric() || b":/.-*".contains(&b))
        }) {
            return Err(format!("--frame-ancestors: {bad:?} is not an origin like https://example.org"));
        }
        let frame_ancestors = frame_ancestors.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Config {
            addr,
            db: db.into(),
            demo,
            public_url,
            site_root: site_root.into(),
            trust_proxy,
            frame_ancestors,
            max_connections,
            max_streams_per_address,
            retain_days,
            unload_after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_env() {
        let env = |k: &str| (k == "CONVENE_DB").then(|| "env.sqlite3".to_string());
        let c = Config::parse(vec![], env).unwrap();
        assert_eq!(c.db, PathBuf::from("env.sqlite3"));
        let c = Config::parse(["--db".into(), "flag.sqlite3".into(), "--demo".into(), "--addr=0.0.0.0:80".into()], env).unwrap();
        assert_eq!((c.db, c.demo, c.addr.port()), (PathBuf::from("flag.sqlite3"), true, 80));
        assert!(Config::parse(["--nope".into()], env).is_err());
        let c =
            Config::parse(["--trust-proxy".into(), "--frame-ancestors".into(), "https://city.example  https://b.example:8443".into()], env)
                .unwrap();
        assert!(c.trust_proxy);
        assert_eq!(c.frame_ancestors, "https://city.example https://b.example:8443");
        assert!(Config::parse(["--frame-ancestors".into(), "https://x; script-src *".into()], env).is_err());
        assert!(Config::parse(["--max-connections".into(), "0".into()], env).is_err());
    }
}
