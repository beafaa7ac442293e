//! Which language a page speaks. In order: `?lang=` (then remembered in a
//! cookie), that cookie, the browser's `Accept-Language`, the dialogue's
//! own language. The projector is the room's screen, not one person's: it
//! speaks the dialogue's languages unless `?lang=` asks otherwise.

use convene::i18n::{Lang, Languages};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

#[cfg(feature = "ssr")]
use crate::backend::{backend, read, request_cookie};
use crate::strings as s;

/// The cookie that remembers a chosen language (not a credential).
pub fn cookie() -> String {
    if crate::backend::secure_cookies() {
        "__Host-cv_lang".into()
    } else {
        "cv_lang".into()
    }
}

/// The language (and, on a projector, the languages) of the request being
/// rendered, decided once per page and provided to every component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLanguages(pub Languages);

/// Decides the page's languages and provides them (and the main one as a
/// `Lang`) to the page; remembers a `?lang=` choice in a cookie.
pub fn provide() -> Languages {
    let langs = choose();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        // A page differs by the browser's languages and its cookies: no cache may share it.
        res.append_header(http::header::VARY, http::HeaderValue::from_static("Accept-Language, Cookie"));
    }
    provide_context(langs.primary());
    provide_context(PageLanguages(langs.clone()));
    langs
}

/// The languages of the page being rendered (as `provide` decided).
pub fn page_languages() -> Languages {
    use_context::<PageLanguages>().map(|p| p.0).unwrap_or_else(|| Languages(vec![s::lang()]))
}

#[cfg(feature = "ssr")]
fn choose() -> Languages {
    let Some(parts) = use_context::<http::request::Parts>() else { return Languages(vec![Lang::ENGLISH]) };
    let asked = parts
        .uri
        .query()
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| (v.len() <= 16).then(|| Lang::parse(v)).flatten());
    if let Some(l) = asked {
        remember(l);
        return Languages(vec![l]);
    }
    let path = parts.uri.path();
    if let Some(id) = path.strip_prefix("/p/").and_then(|id| Uuid::try_parse(id).ok()) {
        if let Some(langs) = read(id, |d| d.spec.languages()) {
            return langs;
        }
    }
    let accept = parts.headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let dialogue = || dialogue_of(path).and_then(|id| read(id, |d| d.spec.languages().primary()));
    Languages(vec![negotiate(request_cookie(&cookie()).as_deref(), accept, dialogue)])
}

/// A person's language when no `?lang=` asks: their remembered choice,
/// else their browser's, else the dialogue's, else English.
pub fn negotiate(kept: Option<&str>, accept: Option<&str>, dialogue: impl FnOnce() -> Option<Lang>) -> Lang {
    kept.and_then(Lang::parse).or_else(|| accept.and_then(Lang::from_accept)).or_else(dialogue).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn choose() -> Languages {
    Languages(vec![Lang::ENGLISH])
}

/// The dialogue a page's address names, if any.
#[cfg(feature = "ssr")]
fn dialogue_of(path: &str) -> Option<Uuid> {
    let mut bits = path.trim_start_matches('/').split('/');
    match (bits.next()?, bits.next()?) {
        ("j", code) => backend()?.find_code(code),
        ("f" | "p", id) => Uuid::try_parse(id).ok(),
        _ => None,
    }
}

#[cfg(feature = "ssr")]
fn remember(l: Lang) {
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let secure = if crate::backend::secure_cookies() { "; Secure" } else { "" };
    let v = format!("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}", cookie(), l.code());
    if let Ok(v) = http::HeaderValue::from_str(&v) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// Links to this page in every language, the current one marked: a plain
/// link works without JavaScript and the choice is remembered.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    // This page again (a link of only a query, so no path is echoed), with
    // what else its address asked (a projector's theme, say).
    #[cfg(feature = "ssr")]
    let rest: String = use_context::<http::request::Parts>()
        .and_then(|p| p.uri.query().map(str::to_string))
        .map(|q| q.split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("lang=")).map(|kv| format!("&{kv}")).collect())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let rest = String::new();
    let here = s::lang();
    view! {
        <nav class="languages" aria-label=s::t("language-switch")>
            <ul>
                {Lang::all()
                    .map(|l| {
                        let href = format!("?lang={}{rest}", l.code());
                        let current = (l == here).then_some("true");
                        view! {
                            <li><a href=href lang=l.code() hreflang=l.code() aria-current=current>{l.name()}</a></li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
