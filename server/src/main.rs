use clap::Parser;
use convene_server::config::{Cli, Command};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    // A one-off command says only what went wrong; a server also what it does.
    let quiet = matches!(cli.command, Some(ref c) if !matches!(c, Command::Serve(_)));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| if quiet { "warn" } else { "info" }.into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let serve = match cli.command {
        Some(Command::Organiser(c)) => std::process::exit(convene_server::organisers::run(c)),
        Some(Command::Backup { db, out }) => std::process::exit(convene_server::backup::run(&db.db, &out)),
        Some(Command::Export { db, id, out }) => std::process::exit(convene_server::transfer::export(&db.db, id, out.as_deref())),
        Some(Command::Import { db, file, organiser }) => {
            std::process::exit(convene_server::transfer::import(&db.db, &file, organiser.as_deref()).await)
        }
        Some(Command::Serve(args)) => args,
        None => cli.serve,
    };
    if let Err(e) = convene_server::startup::run(serve.into()).await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}
