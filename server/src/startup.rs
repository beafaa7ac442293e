//! Start-up: open the store, build the router, serve. Tests and the binary
//! share this path; `--addr` with port 0 lets a test pick a free port.

use std::sync::Arc;

use axum::middleware;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

use crate::assets::Site;
use crate::config::Config;
use crate::pages::PageBackend;
use crate::state::AppState;
use crate::store::Store;

/// The Vancouver dialogue of 27 November 2009, the demo's content.
pub const DEMO: &str = include_str!("../../fixtures/vancouver-2009.json");

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(config.site.asset_name())
        .site_root(config.site.root())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build()
}

pub fn router(state: AppState, site: &Site) -> Router {
    let routes = generate_route_list(app::App);
    let leptos = state.leptos.clone();
    // Anything else is the app's not-found page; no path reaches the disk.
    let not_found = leptos_axum::render_app_async_with_context(
        {
            let state = state.clone();
            move || provide_context(state.clone())
        },
        {
            let leptos = leptos.clone();
            move || app::shell(leptos.clone())
        },
    );
    let not_found = move |req: axum::extract::Request| {
        let render = not_found.clone();
        async move {
            let mut res = render(req).await;
            if res.status() == axum::http::StatusCode::OK {
                *res.status_mut() = axum::http::StatusCode::NOT_FOUND;
            }
            res
        }
    };
    Router::new()
        .merge(crate::api::router())
        .route("/healthz", get(health))
        .merge(crate::pages::router())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let backend =
                    app::backend::BackendRef(Arc::new(PageBackend { store: state.store.clone(), public_url: state.public_url.clone() }));
                move || provide_context(backend.clone())
            },
            {
                let leptos = leptos.clone();
                move || app::shell(leptos.clone())
            },
        )
        .merge(crate::assets::router(site))
        .fallback(not_found)
        // Pages, wasm, scripts and JSON go out compressed; event streams are left alone.
        .layer(CompressionLayer::new())
        .merge(crate::api::events_router())
        .layer(middleware::from_fn_with_state(state.clone(), crate::guard::edge))
        .with_state(state)
}

/// For a load balancer: 200 while this node can serve (its database
/// answers), 503 once it is stopping or while its database does not.
async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let unavailable = |why: &str| {
        let body = serde_json::json!({"error": {"code": "unavailable", "message": why}});
        (axum::http::StatusCode::SERVICE_UNAVAILABLE, [(axum::http::header::RETRY_AFTER, "5")], axum::Json(body)).into_response()
    };
    if *state.stopping.borrow() {
        return unavailable("This server is stopping.");
    }
    let accounts = state.store.accounts.clone();
    match tokio::task::spawn_blocking(move || accounts.ping()).await {
        Ok(true) => "ok".into_response(),
        _ => unavailable("This server cannot reach its database."),
    }
}

pub async fn run(config: Config) -> Result<(), String> {
    let open_files = crate::limits::raise_open_files();
    match open_files {
        Some(n) if n < 20_000 => {
            tracing::warn!(open_files = n, "the open-file limit caps live connections; raise the hard limit (ulimit -Hn) for large rooms")
        }
        Some(n) => tracing::info!(open_files = n, "open-file limit"),
        None => {}
    }
    // Keep a tenth of the descriptors (at least 64) for the database, logs and accepting.
    let max_connections = config.max_connections.unwrap_or_else(|| match open_files {
        Some(n) => (n.saturating_sub((n / 10).max(64)) as usize).max(16),
        None => 10_000,
    });
    let (store, writer) = Store::open(&config.db)?;
    let listener = tokio::net::TcpListener::bind(config.addr).await.map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let tls = match &config.tls {
        Some((cert, key)) => Some(crate::tls::acceptor(cert.clone(), key.clone())?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let public_url: Arc<str> = config.public_url.clone().unwrap_or_else(|| default_public_url(scheme, local)).trim_end_matches('/').into();
    let mut config = config;
    config.addr = local;
    let (stop_tx, stopping) = tokio::sync::watch::channel(false);
    app::backend::set_secure_cookies(public_url.starts_with("https://"));
    crate::api::auth::set_public_origin(&public_url);
    app::set_asset_name(config.site.asset_name());
    let state = AppState::new(crate::state::AppInner {
        store: store.clone(),
        public_url,
        leptos: leptos_options(&config),
        stopping,
        trust_proxy: config.trust_proxy,
        code_guesses: Arc::new(crate::state::code_limiter()),
        frame_ancestors: config.frame_ancestors.as_str().into(),
        streams: crate::state::Streams::new(config.max_streams_per_address),
    });
    if config.demo {
        demo(&state, &config).await?;
    }
    if let Some(days) = config.retain_days {
        // Ends when the server stops, so the writer can finish.
        let (store, mut stopping) = (store.clone(), state.stopping.clone());
        tokio::spawn(async move {
            loop {
                store.purge_closed(days).await;
                tokio::select! {
                    _ = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
                    _ = stopping.changed() => break,
                }
            }
        });
    }
    {
        // Idle dialogues leave memory; checked a few times per idle period.
        let (store, mut stopping, idle) = (store.clone(), state.stopping.clone(), config.unload_after);
        let every = (idle / 4).clamp(std::time::Duration::from_millis(250), std::time::Duration::from_secs(60));
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(every) => store.unload_idle(idle),
                    _ = stopping.changed() => break,
                }
            }
        });
    }
    if let Some(addr) = config.metrics_addr {
        let handle = crate::observe::recorder()?;
        let at = crate::observe::serve_metrics(addr, handle, store.clone(), state.stopping.clone()).await?;
        println!("convene metrics on http://{at}/metrics");
    }
    tracing::info!(db = %config.db.describe(), "database open");
    let stop = shutdown();
    // Tests read this line to find the port.
    println!("convene listening on {scheme}://{local}");
    crate::serve::serve(listener, router(state, &config.site), max_connections, tls, async move {
        stop.await;
        let _ = stop_tx.send(true);
    })
    .await;
    drop(store);
    let _ = tokio::task::spawn_blocking(move || writer.join()).await;
    Ok(())
}

/// Imports the Vancouver dialogue into an empty database, with an organiser
/// named "demo", and prints their links. The keys exist only now: the links
/// are kept beside the database, readable by its owner alone.
/// What links name without `--public-url`: the address listened on, or,
/// listening on every interface, this machine's address on its network
/// (the one its default route leaves by; no packet is sent), so phones on
/// the same Wi-Fi can follow the QR code.
fn default_public_url(scheme: &str, local: std::net::SocketAddr) -> String {
    let on_network = || {
        let probe = std::net::UdpSocket::bind((local.ip(), 0)).ok()?;
        probe.connect(if local.is_ipv6() { "[2001:db8::1]:9" } else { "192.0.2.1:9" }).ok()?;
        Some(probe.local_addr().ok()?.ip()).filter(|ip| !ip.is_unspecified() && !ip.is_loopback())
    };
    let ip = if local.ip().is_unspecified() { on_network().unwrap_or(local.ip()) } else { local.ip() };
    format!("{scheme}://{}", std::net::SocketAddr::new(ip, local.port()))
}

async fn demo(state: &AppState, config: &Config) -> Result<(), String> {
    // Kept beside the SQLite file (PostgreSQL: printed once, when made).
    let links_file = match &config.db {
        crate::store::sql::Location::File(path) => path.with_extension("demo-links.txt"),
        crate::store::sql::Location::Url(_) => std::path::PathBuf::new(),
    };
    let mut made = None;
    if state.store.dialogue_count() == 0 {
        let mut conn = crate::store::open_database(&config.db)?;
        let _ = crate::store::accounts::remove_organiser(&mut conn, "demo");
        let organiser_key = crate::store::accounts::add_organiser(&mut conn, "demo")?;
        drop(conn);
        let archive = serde_json::from_str(DEMO).map_err(|e| format!("the demo fixture does not parse: {e}"))?;
        let c = state.store.import(archive, Some("demo")).await.map_err(|e| format!("the demo import failed: {e:?}"))?;
        let l = state.links(c.id, &c.code, Some(&c.facilitator_key));
        let text = format!(
            "Demo dialogue: Civic Dialogue on Mobilizing the Will to Intervene (Vancouver, 27 November 2009)\n  join code:   {}\n  participant: {}\n  projector:   {}\n  facilitator: {}\n  organiser:   {}/o/signin?key={organiser_key}\n",
            c.code,
            l["join"].as_str().unwrap_or(""),
            l["project"].as_str().unwrap_or(""),
            l["facilitate"].as_str().unwrap_or(""),
            state.public_url
        );
        // Kept without the address, which the next start may change.
        let kept = text.replace(&*state.public_url, "{public}");
        if links_file.as_os_str().is_empty() {
            made = Some(kept);
        } else if let Err(e) = write_private(&links_file, &kept) {
            tracing::warn!("could not save the demo links to {}: {e}", links_file.display());
        }
    }
    match made.map(Ok).unwrap_or_else(|| std::fs::read_to_string(&links_file)) {
        Ok(text) => println!("{}", text.replace("{public}", &state.public_url)),
        Err(_) => println!("The database already holds dialogues; the demo links were printed when it was first filled."),
    }
    if app::console::phones_cannot_reach(&state.public_url) {
        println!(
            "Phones cannot open {}: to try it with phones on this network, start it with --addr 0.0.0.0:{} (make demo ADDR=0.0.0.0:{}).",
            state.public_url,
            config.addr.port(),
            config.addr.port()
        );
    }
    Ok(())
}

/// Writes a file only its owner may read (mode 0600 on Unix).
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(text.as_bytes())
}

/// Waits for SIGTERM or SIGINT. The handlers are in place when this
/// returns, before the server says it listens: a stop sent at once is
/// still a graceful one.
fn shutdown() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            let term = async {
                match term.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending().await,
                }
            };
            let int = async {
                match int.as_mut() {
                    Some(s) => drop(s.recv().await),
                    None => std::future::pending().await,
                }
            };
            tokio::select! { _ = term => {}, _ = int => {} }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    }
}
