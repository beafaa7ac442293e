//! `convene organiser add|list|remove`: who may create and import
//! dialogues. Works on the database directly, also while servers run on
//! it; a removed organiser's key stops working at once.

use crate::config::OrganiserCommand;
use crate::store::accounts;

/// Runs the subcommand; the process's exit code.
pub fn run(command: OrganiserCommand) -> i32 {
    match execute(command) {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("{msg}");
            2
        }
    }
}

fn execute(command: OrganiserCommand) -> Result<(), String> {
    let at = match &command {
        OrganiserCommand::Add { db, .. } | OrganiserCommand::List { db } | OrganiserCommand::Remove { db, .. } => db.location(),
    };
    let mut conn = crate::store::open_database(&at)?;
    let conn = &mut conn;
    match command {
        OrganiserCommand::Add { name, .. } => {
            let key = accounts::add_organiser(conn, &name)?;
            println!("Organiser {name:?} added. Their key, shown this once (keep it secret):");
            println!("{key}");
        }
        OrganiserCommand::List { .. } => {
            for (name, at) in accounts::list_organisers(conn)? {
                println!("{name}\tadded {}", convene::time::rfc3339(at));
            }
        }
        OrganiserCommand::Remove { name, .. } => {
            if !accounts::remove_organiser(conn, &name)? {
                return Err(format!("no organiser is named {name:?}"));
            }
            println!("Organiser {name:?} removed; their key and sessions no longer work.");
        }
    }
    Ok(())
}
