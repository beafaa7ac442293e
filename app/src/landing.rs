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
            <p class="tagline">{s::LANDING_TAGLINE}</p>
            <div class="card">
                <h2>{s::JOIN_HEADING}</h2>
                <form method="get" action="/join" class="join">
                    <label for="code">{s::JOIN_LABEL}</label>
                    <JoinCode typed=typed/>
                    <button type="submit">{s::JOIN_BUTTON}</button>
                </form>
                <Show when=unknown>
                    <p class="error" role="alert">{s::JOIN_UNKNOWN}</p>
                </Show>
            </div>
            <div class="card">
                <h2>{s::START_HEADING}</h2>
                <p>{s::START_TEXT}</p>
                <a class="button secondary" href="/new">{s::START_LINK}</a>
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
            <h1>{s::JOIN_HEADING}</h1>
            <p class="error" role="alert">{s::JOIN_UNKNOWN}</p>
            <form method="get" action="/join" class="join">
                <label for="code">{s::JOIN_LABEL}</label>
                <JoinCode typed=typed/>
                <button type="submit">{s::JOIN_BUTTON}</button>
            </form>
        </section>
    }
}

/// The code field: upper-cases as people type and says when the code is too short.
#[island]
fn JoinCode(typed: String) -> impl IntoView {
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
            placeholder=s::JOIN_PLACEHOLDER
            data-hydrated="true"
            value=typed
            prop:value=code
            on:input=move |ev| set_code.set(event_target_value(&ev).to_uppercase())
        />
        <p class="hint" class:visible=short>{s::JOIN_HINT_SHORT}</p>
    }
}
