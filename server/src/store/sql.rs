//! Both databases behind one small interface: SQLite (a file: the default,
//! one machine) and PostgreSQL (`--database-url`: several nodes on one
//! database). Statements are written once, with `$1` parameters (`?1` for
//! SQLite) and SQL that both accept (`ON CONFLICT`, `CAST`); the few that
//! differ are picked with `Exec::pg`. Values cross as the Rust types both drivers
//! know (`String`, `i64`, `bool`, their `Option`s), so a PostgreSQL
//! column is `TEXT`, `BIGINT` or `BOOLEAN`.

use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        // The server's own words (`db error: …` alone says nothing).
        match (e.as_db_error(), std::error::Error::source(&e)) {
            (Some(db), _) => Error(format!("{}: {}", db.code().code(), db.message())),
            (None, Some(cause)) => Error(format!("{e}: {cause}")),
            (None, None) => Error(e.to_string()),
        }
    }
}

impl From<r2d2::Error> for Error {
    fn from(e: r2d2::Error) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Commands report errors as sentences: `?` turns a database error into one.
impl From<Error> for String {
    fn from(e: Error) -> String {
        e.0
    }
}

/// A parameter either driver can bind.
pub trait Arg: Sync {
    fn lite(&self) -> &dyn rusqlite::ToSql;
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync);
}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> Arg for T {
    fn lite(&self) -> &dyn rusqlite::ToSql {
        self
    }
    fn pg(&self) -> &(dyn postgres::types::ToSql + Sync) {
        self
    }
}

/// A column value either driver can read.
pub trait Get: Sized {
    fn lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self>;
    fn pg(row: &postgres::Row, i: usize) -> Result<Self>;
}

impl<T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>> Get for T {
    fn lite(v: rusqlite::types::ValueRef<'_>) -> Result<Self> {
        T::column_result(v).map_err(|e| Error(e.to_string()))
    }
    fn pg(row: &postgres::Row, i: usize) -> Result<Self> {
        Ok(row.try_get(i)?)
    }
}

/// One row of an answer, owned.
pub enum Row {
    Lite(Vec<rusqlite::types::Value>),
    Pg(postgres::Row),
}

impl Row {
    pub fn get<T: Get>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(values) => T::lite(values.get(i).ok_or_else(|| Error(format!("no column {i}")))?.into()),
            Row::Pg(row) => T::pg(row, i),
        }
    }
}

/// Runs statements on a connection or in a transaction.
pub trait Exec {
    fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64>;
    fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>>;
    /// Whether this is PostgreSQL (for the few statements that differ).
    fn pg(&self) -> bool;

    fn row(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
    /// Several statements, no parameters (migrations).
    fn batch(&mut self, sql: &str) -> Result<()>;
}

/// SQLite numbers `$N` parameters in the order they first appear (they
/// are names to it); `?N` is numbered as written, like PostgreSQL's `$N`.
fn lite_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) { '?' } else { c });
    }
    out
}

fn lite_exec(c: &rusqlite::Connection, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
    Ok(c.prepare_cached(&lite_sql(sql))?.execute(rusqlite::params_from_iter(args.iter().map(|a| a.lite())))? as u64)
}

fn lite_rows(c: &rusqlite::Connection, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
    let mut st = c.prepare_cached(&lite_sql(sql))?;
    let n = st.column_count();
    let rows = st.query_map(rusqlite::params_from_iter(args.iter().map(|a| a.lite())), |r| {
        (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.into_iter().map(Row::Lite).collect())
}

/// A SQLite connection, and a transaction on one (which reads and writes
/// through the connection it borrows).
macro_rules! lite {
    ($t:ty) => {
        impl Exec for $t {
            fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
                lite_exec(self, sql, args)
            }
            fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
                lite_rows(self, sql, args)
            }
            fn pg(&self) -> bool {
                false
            }
            fn batch(&mut self, sql: &str) -> Result<()> {
                Ok(self.execute_batch(sql)?)
            }
        }
    };
}
lite!(rusqlite::Connection);
lite!(rusqlite::Transaction<'_>);

/// Runs a blocking PostgreSQL call. The driver blocks on a runtime of its
/// own, which tokio forbids on a worker thread: there the call is marked
/// as blocking (`block_in_place`), so the worker's other tasks move on.
/// (The server's runtime is multi-threaded; threads of its own, like the
/// writer's, are outside any runtime.)
pub fn blocking<R>(f: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

fn pg_args<'a>(args: &'a [&'a dyn Arg]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    args.iter().map(|a| a.pg()).collect()
}

/// A dedicated PostgreSQL connection that prepares each statement once,
/// and connects again when the last connection broke.
pub struct Pg {
    url: String,
    client: Client,
    cache: HashMap<String, postgres::Statement>,
}

/// The driver blocks when a client closes or an unfinished transaction
/// rolls back, too: where that happens on a runtime's thread, it is
/// marked as blocking like every other call.
struct Client(Option<postgres::Client>);

/// How every connection to PostgreSQL is made: the URL's settings, and
/// unless it says otherwise, bounds so that nothing waits without end. A
/// transaction here is short (statements back to back): one left open by
/// a node that vanished without closing its connection (a lost machine)
/// is ended after 5 s, releasing the rows it locked; waiting 10 s for a
/// lock, or 60 s for a statement, fails the batch (503) rather than
/// hanging; a dead peer is noticed by keep-alives within about 25 s.
pub fn pg_config(url: &str) -> Result<postgres::Config> {
    let mut c: postgres::Config = url.parse().map_err(|e: postgres::Error| Error(e.to_string()))?;
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(std::time::Duration::from_secs(5));
    }
    if c.get_tcp_user_timeout().is_none() {
        c.tcp_user_timeout(std::time::Duration::from_secs(20));
    }
    c.keepalives_idle(std::time::Duration::from_secs(10)).keepalives_interval(std::time::Duration::from_secs(5)).keepalives_retries(3);
    let ours = "-c idle_in_transaction_session_timeout=5000 -c lock_timeout=10000 -c statement_timeout=60000";
    let options = match c.get_options() {
        Some(theirs) if !theirs.is_empty() => format!("{ours} {theirs}"),
        _ => ours.to_string(),
    };
    c.options(&options);
    Ok(c)
}

impl Client {
    fn connect(url: &str) -> Result<Client> {
        let config = pg_config(url)?;
        Ok(Client(Some(blocking(|| config.connect(postgres::NoTls))?)))
    }
}

impl std::ops::Deref for Client {
    type Target = postgres::Client;
    fn deref(&self) -> &postgres::Client {
        self.0.as_ref().expect("an open client")
    }
}

impl std::ops::DerefMut for Client {
    fn deref_mut(&mut self) -> &mut postgres::Client {
        self.0.as_mut().expect("an open client")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            blocking(|| drop(c));
        }
    }
}

fn prepared<C: postgres::GenericClient>(
    c: &mut C,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement> {
    if let Some(st) = cache.get(sql) {
        return Ok(st.clone());
    }
    let st = c.prepare(sql)?;
    cache.insert(sql.to_string(), st.clone());
    Ok(st)
}

type PgArgs<'a> = &'a [&'a (dyn postgres::types::ToSql + Sync)];

/// A statement prepared once on `c` and run: the rows it changed.
fn pg_exec<C: postgres::GenericClient>(
    c: &mut C,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
    args: PgArgs,
) -> Result<u64> {
    blocking(|| {
        let st = prepared(c, cache, sql)?;
        Ok(c.execute(&st, args)?)
    })
}

/// A query prepared once on `c` and run: its rows.
fn pg_query<C: postgres::GenericClient>(
    c: &mut C,
    cache: &mut HashMap<String, postgres::Statement>,
    sql: &str,
    args: PgArgs,
) -> Result<Vec<Row>> {
    blocking(|| {
        let st = prepared(c, cache, sql)?;
        Ok(c.query(&st, args)?.into_iter().map(Row::Pg).collect())
    })
}

impl Pg {
    pub fn connect(url: &str) -> Result<Pg> {
        Ok(Pg { url: url.to_string(), client: Client::connect(url)?, cache: HashMap::new() })
    }

    fn alive(&mut self) -> Result<()> {
        if self.client.is_closed() {
            self.client = Client::connect(&self.url)?;
            self.cache.clear();
            tracing::info!("connected to PostgreSQL again");
        }
        Ok(())
    }

    pub fn transaction(&mut self) -> Result<PgTx<'_>> {
        self.alive()?;
        let tx = blocking(|| self.client.transaction())?;
        Ok(PgTx { tx: Some(tx), cache: &mut self.cache })
    }

    /// A read-only transaction that sees one snapshot throughout (repeatable read).
    pub fn snapshot(&mut self) -> Result<PgTx<'_>> {
        self.alive()?;
        let tx =
            blocking(|| self.client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).read_only(true).start())?;
        Ok(PgTx { tx: Some(tx), cache: &mut self.cache })
    }

    /// A statement with PostgreSQL's own parameter types (arrays).
    pub fn exec_pg(&mut self, sql: &str, args: PgArgs) -> Result<u64> {
        self.alive()?;
        pg_exec(&mut *self.client, &mut self.cache, sql, args)
    }

    /// A query with PostgreSQL's own parameter types (arrays).
    pub fn rows_pg(&mut self, sql: &str, args: PgArgs) -> Result<Vec<Row>> {
        self.alive()?;
        pg_query(&mut *self.client, &mut self.cache, sql, args)
    }

    /// The notifications this connection has received (after `LISTEN`),
    /// waiting up to `wait` for the first.
    pub fn notifications(&mut self, wait: std::time::Duration) -> Result<Vec<(String, String)>> {
        use postgres::fallible_iterator::FallibleIterator;
        blocking(|| {
            let mut n = self.client.notifications();
            let Some(first) = n.timeout_iter(wait).next()? else { return Ok(Vec::new()) };
            let mut got = vec![(first.channel().to_string(), first.payload().to_string())];
            let mut more = n.iter();
            while let Some(m) = more.next()? {
                got.push((m.channel().to_string(), m.payload().to_string()));
            }
            Ok(got)
        })
    }
}

impl Exec for Pg {
    fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
        self.exec_pg(sql, &pg_args(args))
    }
    fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
        self.rows_pg(sql, &pg_args(args))
    }
    fn pg(&self) -> bool {
        true
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        self.alive()?;
        Ok(blocking(|| self.client.batch_execute(sql))?)
    }
}

pub struct PgTx<'a> {
    tx: Option<postgres::Transaction<'a>>,
    cache: &'a mut HashMap<String, postgres::Statement>,
}

impl<'a> PgTx<'a> {
    pub fn commit(mut self) -> Result<()> {
        let tx = self.tx.take().expect("a transaction commits once");
        Ok(blocking(|| tx.commit())?)
    }

    fn tx(&mut self) -> &mut postgres::Transaction<'a> {
        self.tx.as_mut().expect("a transaction in progress")
    }
}

impl PgTx<'_> {
    /// A statement with PostgreSQL's own parameter types (arrays).
    pub fn exec_pg(&mut self, sql: &str, args: PgArgs) -> Result<u64> {
        pg_exec(self.tx.as_mut().expect("a transaction in progress"), self.cache, sql, args)
    }

    fn rows_pg(&mut self, sql: &str, args: PgArgs) -> Result<Vec<Row>> {
        pg_query(self.tx.as_mut().expect("a transaction in progress"), self.cache, sql, args)
    }
}

impl Drop for PgTx<'_> {
    fn drop(&mut self) {
        if let Some(tx) = self.tx.take() {
            blocking(|| drop(tx));
        }
    }
}

impl Exec for PgTx<'_> {
    fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
        self.exec_pg(sql, &pg_args(args))
    }
    fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
        self.rows_pg(sql, &pg_args(args))
    }
    fn pg(&self) -> bool {
        true
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(blocking(|| self.tx().batch_execute(sql))?)
    }
}

/// A pooled PostgreSQL connection (statements are not kept).
impl Exec for postgres::Client {
    fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
        Ok(blocking(|| self.execute(sql, &pg_args(args)))?)
    }
    fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
        Ok(blocking(|| self.query(sql, &pg_args(args)))?.into_iter().map(Row::Pg).collect())
    }
    fn pg(&self) -> bool {
        true
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(blocking(|| self.batch_execute(sql))?)
    }
}

/// A connection of either kind.
pub enum Conn {
    Lite(rusqlite::Connection),
    Pg(Box<Pg>),
}

/// A transaction of either kind.
pub enum Tx<'a> {
    Lite(rusqlite::Transaction<'a>),
    Pg(PgTx<'a>),
}

impl Conn {
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(match self {
            Conn::Lite(c) => Tx::Lite(c.transaction()?),
            Conn::Pg(c) => Tx::Pg(c.transaction()?),
        })
    }

    /// For reading: every statement sees the same moment (SQLite's
    /// transactions always do; PostgreSQL's read-only repeatable read).
    pub fn snapshot(&mut self) -> Result<Tx<'_>> {
        Ok(match self {
            Conn::Lite(c) => Tx::Lite(c.transaction()?),
            Conn::Pg(c) => Tx::Pg(c.snapshot()?),
        })
    }

    fn inner(&mut self) -> &mut dyn Exec {
        match self {
            Conn::Lite(c) => c,
            Conn::Pg(c) => &mut **c,
        }
    }
}

impl Tx<'_> {
    pub fn commit(self) -> Result<()> {
        match self {
            Tx::Lite(t) => Ok(t.commit()?),
            Tx::Pg(t) => t.commit(),
        }
    }

    fn inner(&mut self) -> &mut dyn Exec {
        match self {
            Tx::Lite(t) => t,
            Tx::Pg(t) => t,
        }
    }
}

macro_rules! delegate {
    ($t:ty) => {
        impl Exec for $t {
            fn exec(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<u64> {
                self.inner().exec(sql, args)
            }
            fn rows(&mut self, sql: &str, args: &[&dyn Arg]) -> Result<Vec<Row>> {
                self.inner().rows(sql, args)
            }
            fn pg(&self) -> bool {
                matches!(self, Self::Pg(_))
            }
            fn batch(&mut self, sql: &str) -> Result<()> {
                self.inner().batch(sql)
            }
        }
    };
}
delegate!(Conn);
delegate!(Tx<'_>);

/// Where the data lives: a SQLite file, or a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Url(String),
}

impl Location {
    pub fn is_pg(&self) -> bool {
        matches!(self, Location::Url(_))
    }

    /// For messages and logs: the file, or the database's host and name (never a password).
    pub fn describe(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Url(u) => match u.parse::<postgres::Config>() {
                Ok(c) => {
                    let host = c.get_hosts().first().map(|h| match h {
                        postgres::config::Host::Tcp(h) => h.clone(),
                        postgres::config::Host::Unix(p) => p.display().to_string(),
                    });
                    let port = c.get_ports().first().map(|p| format!(":{p}")).unwrap_or_default();
                    format!("postgres://{}{port}/{}", host.unwrap_or_default(), c.get_dbname().unwrap_or(""))
                }
                Err(_) => "postgres://…".into(),
            },
        }
    }

    /// A new plain connection (SQLite: waits up to 5 s for a busy file).
    pub fn connect(&self) -> Result<Conn> {
        match self {
            Location::File(p) => {
                let c = rusqlite::Connection::open(p)?;
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                Ok(Conn::Lite(c))
            }
            Location::Url(u) => Ok(Conn::Pg(Box::new(Pg::connect(u)?))),
        }
    }
}

/// Connections shared by request handlers: one SQLite connection behind a
/// lock, or a pool of PostgreSQL connections (`r2d2`).
pub enum Pool {
    Lite(std::sync::Mutex<rusqlite::Connection>),
    Pg(PgPool),
}

type Manager = r2d2_postgres::PostgresConnectionManager<postgres::NoTls>;

/// The pool closes its connections when dropped: marked as blocking too.
pub struct PgPool(Option<r2d2::Pool<Manager>>);

impl Drop for PgPool {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            blocking(|| drop(p));
        }
    }
}

/// Connections a node's pool keeps to PostgreSQL for accounts and sessions.
const POOL_SIZE: u32 = 8;

impl Pool {
    pub fn open(at: &Location) -> Result<Pool> {
        match at {
            Location::File(_) => match at.connect()? {
                Conn::Lite(c) => Ok(Pool::Lite(std::sync::Mutex::new(c))),
                Conn::Pg(_) => unreachable!("a file opens SQLite"),
            },
            Location::Url(u) => {
                let config = pg_config(u)?;
                let manager = r2d2_postgres::PostgresConnectionManager::new(config, postgres::NoTls);
                let pool = blocking(|| {
                    r2d2::Pool::builder().max_size(POOL_SIZE).connection_timeout(std::time::Duration::from_secs(5)).build(manager)
                })?;
                Ok(Pool::Pg(PgPool(Some(pool))))
            }
        }
    }

    /// Runs `f` on a connection.
    pub fn with<R>(&self, f: impl FnOnce(&mut dyn Exec) -> Result<R>) -> Result<R> {
        match self {
            Pool::Lite(c) => f(&mut *c.lock().unwrap_or_else(|e| e.into_inner())),
            // A broken connection is closed when handed back: inside too.
            Pool::Pg(PgPool(Some(p))) => blocking(|| f(&mut *p.get()?)),
            Pool::Pg(PgPool(None)) => Err(Error("the pool is closed".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_numbers_parameters_as_written() {
        assert_eq!(super::lite_sql("UPDATE t SET a = $2 WHERE id = $1 AND j = '$.x'"), "UPDATE t SET a = ?2 WHERE id = ?1 AND j = '$.x'");
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        use super::Exec;
        c.batch("CREATE TABLE t (id TEXT, a INTEGER)").unwrap();
        c.exec("INSERT INTO t (id, a) VALUES ($1, $2)", &[&"x", &1_i64]).unwrap();
        c.exec("UPDATE t SET a = $2 WHERE id = $1", &[&"x", &5_i64]).unwrap();
        let a: i64 = c.row("SELECT a FROM t WHERE id = $1", &[&"x"]).unwrap().unwrap().get(0).unwrap();
        assert_eq!(a, 5);
    }
}
