#![recursion_limit = "512"]
//! Convene's pages, shared by server rendering and the browser. Only the
//! live parts are islands: everything else is plain HTML and forms, so a
//! phone downloads little.

#[cfg(feature = "hydrate")]
mod announce;
pub mod backend;
#[cfg(feature = "hydrate")]
mod client;
pub mod console;
pub mod create;
pub mod landing;
pub mod language;
pub mod live;
pub mod organiser;
pub mod participant;
pub mod parts;
pub mod projector;
pub mod seat;
pub mod strings;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around every page. On the server it names the
/// nonce its inline scripts carry in a bare `script-src` policy, which the
/// server completes into the page's Content-Security-Policy.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if leptos::nonce::use_nonce().is_none() {
            leptos::nonce::provide_nonce();
        }
        if let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
            if let Ok(v) = http::HeaderValue::from_str(&format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'")) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
            }
        }
    }
    let lang = language::provide().primary().code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

static ASSET_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Names the built files: `convene`, or `convene.<hash>` when the server
/// serves them from its binary (a new build, new names: cached for good).
pub fn set_asset_name(name: String) {
    let _ = ASSET_NAME.set(name);
}

pub fn asset_name() -> &'static str {
    ASSET_NAME.get().map(String::as_str).unwrap_or("convene")
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href=format!("/pkg/{}.css", asset_name())/>
        <Title text=strings::APP_NAME/>
        <Router>
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=landing::Landing/>
                    <Route path=path!("/new") view=create::CreatePage/>
                    <Route path=path!("/o") view=organiser::OrganiserPage/>
                    <Route path=path!("/j/:code") view=participant::ParticipantPage/>
                    <Route path=path!("/f/:id") view=console::ConsolePage/>
                    <Route path=path!("/p/:id") view=projector::ProjectorPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer>
                <language::LanguageSwitch/>
            </footer>
        </Router>
    }
}

/// The page for an unknown address or dialogue, with a 404 status.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="card">
            <h1>{strings::t("not-found")}</h1>
            <a href="/">{strings::t("home")}</a>
        </section>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
