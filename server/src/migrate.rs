//! `convene migrate --from-db old.sqlite3 --database-url postgres://…`:
//! moving an instance from one machine's SQLite file to PostgreSQL. Every
//! table is copied in one transaction into a database that holds no
//! dialogue and no organiser yet; then each table's rows are counted on
//! both sides.

use std::path::Path;

use crate::store::sql::{Arg, Conn, Exec, Location, Row};

#[derive(Clone, Copy)]
enum Ty {
    Text,
    Int,
    Bool,
}
use Ty::{Bool, Int, Text};

/// Every table and column, in an order that copies parents first.
const TABLES: &[(&str, &[(&str, Ty)])] = &[
    ("organisers", &[("name", Text), ("key_hash", Text), ("created_at", Int)]),
    (
        "dialogues",
        &[
            ("id", Text),
            ("code", Text),
            ("key_hash", Text),
            ("spec", Text),
            ("agenda", Text),
            ("status", Text),
            ("conclusion", Text),
            ("published", Bool),
            ("revision", Int),
            ("created_at", Int),
            ("organiser", Text),
        ],
    ),
    (
        "participants",
        &[
            ("id", Text),
            ("dialogue_id", Text),
            ("name", Text),
            ("sector", Text),
            ("secret_hash", Text),
            ("joined_at", Int),
            ("rating", Int),
            ("show_name", Bool),
        ],
    ),
    (
        "contributions",
        &[
            ("id", Text),
            ("dialogue_id", Text),
            ("author", Text),
            ("kind", Text),
            ("text", Text),
            ("theme", Text),
            ("answer", Text),
            ("hidden", Bool),
            ("merged_into", Text),
            ("created_at", Int),
            ("seq", Int),
            ("carried", Text),
        ],
    ),
    ("backings", &[("contribution_id", Text), ("participant_id", Text), ("dialogue_id", Text)]),
    ("sessions", &[("id_hash", Text), ("kind", Text), ("subject", Text), ("created_at", Int)]),
    ("audit", &[("seq", Int), ("dialogue_id", Text), ("at", Int), ("role", Text), ("action", Text), ("detail", Text)]),
    ("team", &[("id", Text), ("dialogue_id", Text), ("role", Text), ("name", Text), ("key_hash", Text), ("created_at", Int)]),
];

/// Runs the subcommand; the process's exit code.
pub fn run(from: &Path, url: &str) -> i32 {
    match migrate(from, url) {
        Ok(report) => {
            println!("{report}");
            0
        }
        Err(msg) => {
            eprintln!("{msg}");
            2
        }
    }
}

fn count(c: &mut dyn Exec, table: &str) -> Result<i64, String> {
    let row = c.row(&format!("SELECT count(*) FROM {table}"), &[])?;
    Ok(row.map(|r| r.get::<i64>(0)).transpose()?.unwrap_or_default())
}

/// One column of a SQLite row as the typed value PostgreSQL's column takes.
fn value(row: &Row, i: usize, ty: Ty) -> Result<Box<dyn Arg>, String> {
    Ok(match ty {
        Text => Box::new(row.get::<Option<String>>(i)?),
        Int => Box::new(row.get::<Option<i64>>(i)?),
        Bool => Box::new(row.get::<Option<i64>>(i)?.map(|v| v != 0)),
    })
}

pub fn migrate(from: &Path, url: &str) -> Result<String, String> {
    if !from.is_file() {
        return Err(format!("there is no database at {}", from.display()));
    }
    let source = Location::File(from.to_path_buf());
    let target = Location::Url(url.to_string());
    let mut lite = crate::store::open_database(&source)?;
    let mut pg = crate::store::open_database(&target)?;
    for table in ["dialogues", "organisers"] {
        if count(&mut pg, table)? > 0 {
            return Err(format!("{} already holds {table}: migrate into an empty database", target.describe()));
        }
    }
    let Conn::Pg(pg_conn) = &mut pg else { return Err("the target is not PostgreSQL".into()) };
    let mut tx = pg_conn.transaction()?;
    // Reading the file between statements is not a node gone idle.
    tx.batch("SET LOCAL idle_in_transaction_session_timeout = 0; SET LOCAL statement_timeout = 0")?;
    for (table, columns) in TABLES {
        let names = columns.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
        let params = (1..=columns.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let insert = format!("INSERT INTO {table} ({names}) VALUES ({params})");
        for row in lite.rows(&format!("SELECT {names} FROM {table}"), &[])? {
            let values = columns.iter().enumerate().map(|(i, (_, ty))| value(&row, i, *ty)).collect::<Result<Vec<_>, _>>()?;
            let args: Vec<&dyn Arg> = values.iter().map(|v| &**v).collect();
            tx.exec(&insert, &args).map_err(|e| format!("copying {table}: {e}"))?;
        }
    }
    // New audit lines number on from the copied ones.
    tx.rows("SELECT setval(pg_get_serial_sequence('audit', 'seq'), (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit), false)", &[])?;
    tx.commit()?;
    let mut report = format!("Copied {} into {}:", source.describe(), target.describe());
    for (table, _) in TABLES {
        let (was, now) = (count(&mut lite, table)?, count(&mut pg, table)?);
        if was != now {
            return Err(format!("{table}: {was} rows in {} but {now} in {}; the copy is incomplete", source.describe(), target.describe()));
        }
        report.push_str(&format!("\n  {table}: {now}"));
    }
    report.push_str("\nEvery count matches. Start the nodes with --database-url; keep the SQLite file until you are sure.");
    Ok(report)
}
