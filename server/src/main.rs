use clap::Parser;
use convene_server::config::{Cli, Command, LogFormat};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    // A one-off command says only what went wrong; a server also what it does.
    let quiet = matches!(cli.command, Some(ref c) if !matches!(c, Command::Serve(_)));
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| if quiet { "warn" } else { "info" }.into());
    // Lines are written on their own thread: a request never waits on a slow terminal or collector.
    let (writer, flush) = tracing_appender::non_blocking(std::io::stderr());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
    let code = match cli.command {
        Some(Command::Organiser(c)) => convene_server::organisers::run(c),
        Some(Command::Backup { db, out }) => convene_server::backup::run(&db.location(), &out),
        Some(Command::Export { db, id, out }) => convene_server::transfer::export(&db.location(), id, out.as_deref()),
        Some(Command::Import { db, file, organiser }) => {
            convene_server::transfer::import(&db.location(), &file, organiser.as_deref()).await
        }
        Some(Command::Migrate { from_db, database_url }) => convene_server::migrate::run(&from_db, &database_url),
        Some(Command::Serve(args)) => serve(args).await,
        None => serve(cli.serve).await,
    };
    drop(flush);
    std::process::exit(code);
}

async fn serve(args: convene_server::config::ServeArgs) -> i32 {
    match convene_server::startup::run(args.into()).await {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!("{e}");
            1
        }
    }
}
