//! The command line (clap): every flag also an environment variable; flags win.

use std::net::SocketAddr;
use std::num::{NonZeroU64, NonZeroUsize};
use std::path::PathBuf;

use crate::store::sql::Location;

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "convene",
    version,
    about = "Run live civic dialogues: join by code, a facilitator's console, a projector, a published report.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no command: `serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// How log lines (on standard error) are written: `text` for people, `json` (one object a line) for collectors; levels from RUST_LOG.
    #[arg(long, env = "CONVENE_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site and the API (the default).
    Serve(ServeArgs),
    /// Who may create and import dialogues; works while a server runs.
    #[command(subcommand)]
    Organiser(OrganiserCommand),
    /// A consistent copy of the SQLite file, also while a server writes to it (PostgreSQL: says how to use pg_dump).
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// The copy: a new file (never overwritten).
        out: PathBuf,
    },
    /// A dialogue's whole archive (`convene-archive/1` JSON, with its audit log), for `import`.
    Export {
        #[command(flatten)]
        db: DbArg,
        /// The dialogue's id.
        id: uuid::Uuid,
        /// Write here (a new file) instead of to standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Adds a dialogue from an archive (`export`, or the API's export.json): a new id, join code and facilitator key.
    Import {
        #[command(flatten)]
        db: DbArg,
        /// The archive (JSON, at most 16 MiB).
        file: PathBuf,
        /// The organiser who owns it (listed on their page); by default none.
        #[arg(long)]
        organiser: Option<String>,
    },
    /// Copies everything from a SQLite file into an empty PostgreSQL database, then checks every table's count.
    Migrate {
        /// The SQLite file to copy from (brought to this version's schema first).
        #[arg(long)]
        from_db: PathBuf,
        /// The PostgreSQL database to copy into; it must hold no dialogue and no organiser yet.
        #[arg(long, env = "CONVENE_DATABASE_URL", value_parser = postgres_url, hide_env_values = true)]
        database_url: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrganiserCommand {
    /// A new organiser; prints their key (last line), shown this once.
    Add {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Every organiser, with when they were added.
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Removes an organiser: their key and sessions stop at once.
    Remove {
        name: String,
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, Clone, Args)]
pub struct DbArg {
    /// The SQLite file (the embedded database, for one machine).
    #[arg(long, env = "CONVENE_DB", default_value = "data/convene.sqlite3")]
    pub db: PathBuf,
    /// A PostgreSQL database instead (`postgres://user:password@host:port/name`), which several nodes may share.
    #[arg(long, env = "CONVENE_DATABASE_URL", value_parser = postgres_url, hide_env_values = true)]
    pub database_url: Option<String>,
}

impl DbArg {
    /// PostgreSQL when a URL is given, else the SQLite file.
    pub fn location(&self) -> Location {
        match &self.database_url {
            Some(url) => Location::Url(url.clone()),
            None => Location::File(self.db.clone()),
        }
    }
}

fn postgres_url(raw: &str) -> Result<String, String> {
    if !(raw.starts_with("postgres://") || raw.starts_with("postgresql://")) {
        return Err("a PostgreSQL URL starts with postgres:// (a SQLite file is given with --db)".into());
    }
    raw.parse::<postgres::Config>().map_err(|e| format!("not a PostgreSQL URL: {e}"))?;
    Ok(raw.to_string())
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where to listen; port 0 picks one.
    #[arg(long, env = "CONVENE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArg,
    /// Import the Vancouver 2009 dialogue when the database holds none, and print its links.
    #[arg(long, env = "CONVENE_DEMO", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// The address people use to reach this server, for links and QR codes [default: http://ADDR, or https://ADDR with --tls-cert].
    #[arg(long, env = "CONVENE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Serve the site's files (pkg/ with the wasm, CSS and script) from this folder, for development [default: the files built into the binary].
    #[arg(long, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Take the client's address from X-Forwarded-For (the last entry): only behind a reverse proxy that sets it.
    #[arg(long, env = "CONVENE_TRUST_PROXY", action = ArgAction::SetTrue, value_parser = BoolishValueParser::new())]
    pub trust_proxy: bool,
    /// Origins allowed to embed the projector in a frame, space-separated (e.g. https://city.example).
    #[arg(long, env = "CONVENE_FRAME_ANCESTORS", default_value = "", value_parser = origins)]
    pub frame_ancestors: String,
    /// Connections open at once before new ones get 503 [default: 90% of the open-file limit].
    #[arg(long, env = "CONVENE_MAX_CONNECTIONS")]
    pub max_connections: Option<NonZeroUsize>,
    /// Live event streams one client address may hold (a whole room can sit behind one address).
    #[arg(long, env = "CONVENE_MAX_STREAMS_PER_ADDRESS", default_value = "20000")]
    pub max_streams_per_address: NonZeroUsize,
    /// Delete closed dialogues this many days after they closed (checked at start and every ten minutes) [default: keep them].
    #[arg(long, env = "CONVENE_RETAIN_DAYS")]
    pub retain_days: Option<u32>,
    /// Seconds after which a dialogue nobody used or watched leaves memory (it loads again on its next use).
    #[arg(long, env = "CONVENE_UNLOAD_AFTER", default_value = "600")]
    pub unload_after: NonZeroU64,
    /// Serve HTTPS (HTTP/2 and HTTP/1.1) with this certificate chain, PEM; a renewed file is taken within seconds.
    #[arg(long, env = "CONVENE_TLS_CERT", requires = "tls_key", value_name = "PEM")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert, PEM.
    #[arg(long, env = "CONVENE_TLS_KEY", requires = "tls_cert", value_name = "PEM")]
    pub tls_key: Option<PathBuf>,
    /// Serve Prometheus metrics at http://ADDR/metrics (keep it private: e.g. 127.0.0.1:9100) [default: none].
    #[arg(long, env = "CONVENE_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
}

/// Each origin must be a plain scheme://host[:port]: it goes into a header.
fn origins(raw: &str) -> Result<String, String> {
    if let Some(bad) = raw.split_whitespace().find(|o| {
        !(o.starts_with("https://") || o.starts_with("http://")) || !o.bytes().all(|b| b.is_ascii_alphanumeric() || b":/.-*".contains(&b))
    }) {
        return Err(format!("{bad:?} is not an origin like https://example.org"));
    }
    Ok(raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// What `serve` runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub db: Location,
    pub demo: bool,
    /// Where people reach this server; defaults to `http://{addr}`.
    pub public_url: Option<String>,
    /// The site's files: built in, or a folder.
    pub site: crate::assets::Site,
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
    /// Where Prometheus metrics are served, if anywhere.
    pub metrics_addr: Option<SocketAddr>,
    /// The certificate chain and key files, for HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
}

impl From<ServeArgs> for Config {
    fn from(a: ServeArgs) -> Config {
        Config {
            addr: a.addr,
            db: a.db.location(),
            demo: a.demo,
            public_url: a.public_url,
            site: crate::assets::Site::choose(a.site_root),
            trust_proxy: a.trust_proxy,
            frame_ancestors: a.frame_ancestors,
            max_connections: a.max_connections.map(NonZeroUsize::get),
            max_streams_per_address: a.max_streams_per_address.get(),
            retain_days: a.retain_days,
            unload_after: std::time::Duration::from_secs(a.unload_after.get()),
            metrics_addr: a.metrics_addr,
            tls: a.tls_cert.zip(a.tls_key),
        }
    }
}

impl Config {
    /// The serve settings from a command line (tests; the binary goes through `Cli`).
    pub fn parse<I: Into<std::ffi::OsString> + Clone>(args: impl IntoIterator<Item = I>) -> Result<Config, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("convene".into()).chain(args.into_iter().map(Into::into)))?;
        Ok(match cli.command {
            Some(Command::Serve(a)) => a.into(),
            _ => cli.serve.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags() {
        let c = Config::parse(["--db", "flag.sqlite3", "--demo", "--addr=0.0.0.0:80"]).unwrap();
        assert_eq!((c.db, c.demo, c.addr.port()), (Location::File(PathBuf::from("flag.sqlite3")), true, 80));
        let c = Config::parse(["serve", "--db", "s.sqlite3"]).unwrap();
        assert_eq!(c.db, Location::File(PathBuf::from("s.sqlite3")));
        let c = Config::parse(["--database-url", "postgres://convene@db.internal/convene"]).unwrap();
        assert_eq!(c.db, Location::Url("postgres://convene@db.internal/convene".into()));
        assert!(Config::parse(["--database-url", "data/convene.sqlite3"]).is_err());
        assert!(Config::parse(["--nope"]).is_err());
        let c = Config::parse(["--trust-proxy", "--frame-ancestors", "https://city.example  https://b.example:8443"]).unwrap();
        assert!(c.trust_proxy);
        assert_eq!(c.frame_ancestors, "https://city.example https://b.example:8443");
        assert!(Config::parse(["--frame-ancestors", "https://x; script-src *"]).is_err());
        assert!(Config::parse(["--max-connections", "0"]).is_err());
        assert!(Config::parse(["--addr", "nowhere"]).is_err());
        let cli = Cli::try_parse_from(["convene", "organiser", "add", "Ana", "--db", "o.sqlite3"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Organiser(OrganiserCommand::Add { ref name, ref db })) if name == "Ana" && db.db == std::path::Path::new("o.sqlite3"))
        );
    }
}
