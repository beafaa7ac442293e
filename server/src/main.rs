use convene_server::config::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("organiser") => std::process::exit(convene_server::organisers::run(&args[1..], |k| std::env::var(k).ok())),
        Some("backup") => std::process::exit(convene_server::backup::run(&args[1..], |k| std::env::var(k).ok())),
        _ => {}
    }
    let config = match Config::parse(args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    if let Err(e) = convene_server::startup::run(config).await {
        tracing::error!("{e}");
        std::process::exit(1);
    }
}
