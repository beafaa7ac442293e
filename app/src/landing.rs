//! The landing page: join with a code, or start a dialogue.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::strings as s;

#[component]
pub fn Landing() -> impl IntoView {
    let query = use_query_map();
    let unknown = move || query.with(|q| q.get("error").as_deref() == Some("unknown_code"));
    // A code the server did not know comes back, to be corrected rather than retyped.
    let typed = query.with_untracked(|q| q.get("code").unwrap_or_default());
    let typed: String = typed.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>().to_uppercase();
    view! {
        <section class="landing">
            <h1>{s::APP_NAME}</h1>
            <p class="tagline">{s::t("landing-tagline")}</p>
            <div class="card">
                <h2>{s::t("join-heading")}</h2>
                <form method="get" action="/join" class="join">
                    <label for="code">{s::t("join-label")}</label>
                    <JoinCode typed=typed placeholder=s::t("join-placeholder") hint=s::t("join-hint-short")/>
                    <button type="submit">{s::t("join-button")}</button>
                </form>
                <Show when=unknown>
                    <p class="error" role="alert">{s::t("join-unknown")}</p>
                </Show>
            </div>
            <div class="card">
                <h2>{s::t("start-heading")}</h2>
                <p>{s::t("start-text")}</p>
                <a class="button secondary" href="/new">{s::t("start-link")}</a>
            </div>
        </section>
    }
}

/// A join link with a code no dialogue has (a typo in the address): the
/// code form again, with the code to correct and a 404 status.
#[component]
pub fn UnknownCode(code: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let typed: String = code.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>().to_uppercase();
    view! {
        <section class="card">
            <h1>{s::t("join-heading")}</h1>
            <p class="error" role="alert">{s::t("join-unknown")}</p>
            <form method="get" action="/join" class="join">
                <label for="code">{s::t("join-label")}</label>
                <JoinCode typed=typed placeholder=s::t("join-placeholder") hint=s::t("join-hint-short")/>
                <button type="submit">{s::t("join-button")}</button>
            </form>
        </section>
    }
}

/// The code field: upper-cases as people type and says when the code is too short.
#[island]
fn JoinCode(typed: String, placeholder: String, hint: String) -> impl IntoView {
    // What was typed before the page came alive stays (a slow phone may
    // hydrate after the first letters).
    #[cfg(feature = "hydrate")]
    let start = {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("code"))
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value().to_uppercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| typed.clone())
    };
    #[cfg(not(feature = "hydrate"))]
    let start = typed.clone();
    let (code, set_code) = signal(start);
    let short = move || {
        let n = code.with(|c| c.chars().filter(|c| c.is_ascii_alphanumeric()).count());
        n > 0 && n < 6
    };
    view! {
        <input
            id="code"
            name="code"
            autocomplete="off"
            autocapitalize="characters"
            inputmode="text"
            maxlength="12"
            required
            placeholder=placeholder
            data-hydrated="true"
            value=typed
            prop:value=code
            on:input=move |ev| set_code.set(event_target_value(&ev).to_uppercase())
        />
        <p class="hint" class:visible=short>{hint}</p>
    }
}
