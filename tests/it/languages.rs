//! Which language a page speaks: `?lang=` (remembered), the cookie, the
//! browser's `Accept-Language`, the dialogue's; the projector follows its
//! dialogue.

use serde_json::json;

use crate::support::{Dialogue, Server};

struct Page {
    lang: String,
    vary: String,
    cookie: String,
    body: String,
}

fn page(s: &Server, path: &str, headers: &[(&str, &str)]) -> Page {
    let mut req = ureq::get(&s.url(path));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let res = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let vary = res.header("vary").unwrap_or_default().to_string();
    let cookie = res.header("set-cookie").unwrap_or_default().to_string();
    // Without the renderer's empty markers between texts.
    let body = res.into_string().unwrap().replace("<!>", "");
    let lang = body.split("<html lang=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
    Page { lang, vary, cookie, body }
}

#[test]
fn a_page_speaks_the_chosen_then_the_browser_s_then_the_dialogue_s_language() {
    let s = Server::fresh();
    let fr = Dialogue::create(&s, json!({"title": "Dialogue", "language": "fr"}));
    let join = format!("/j/{}", fr.code);

    // Nothing asked: the dialogue's language.
    let p = page(&s, &join, &[]);
    assert_eq!(p.lang, "fr");
    assert!(p.body.contains("Vous participez"), "the join page in French");
    assert!(p.vary.contains("Accept-Language") && p.vary.contains("Cookie"), "no cache shares a page across languages: {}", p.vary);
    // The browser's language comes before the dialogue's.
    assert_eq!(page(&s, &join, &[("accept-language", "en-GB,en;q=0.8")]).lang, "en");
    assert_eq!(page(&s, &join, &[("accept-language", "de, fr-CA;q=0.5")]).lang, "fr", "the first language there is a file for");
    // A remembered choice comes before the browser's.
    assert_eq!(page(&s, &join, &[("accept-language", "en"), ("cookie", "cv_lang=fr")]).lang, "fr");
    // `?lang=` comes first and is remembered; an unknown one changes nothing.
    let p = page(&s, "/?lang=fr", &[("accept-language", "en")]);
    assert_eq!(p.lang, "fr");
    assert!(p.cookie.starts_with("cv_lang=fr;") && p.cookie.contains("SameSite=Lax"), "{}", p.cookie);
    let p = page(&s, "/?lang=xx", &[("accept-language", "en")]);
    assert_eq!(p.lang, "en");
    assert!(p.cookie.is_empty());
    let long = format!("/?lang={}", "f".repeat(5000));
    assert_eq!(page(&s, &long, &[]).lang, "en");
    // Every page offers every language, as plain links.
    let p = page(&s, "/o", &[]);
    assert!(p.body.contains("href=\"?lang=fr\"") && p.body.contains("href=\"?lang=en\""));
    // The links repeat no path: an address like `//elsewhere.example` links nowhere else.
    let p = page(&s, "//elsewhere.example/x?theme=contrast", &[]);
    assert!(!p.body.contains("elsewhere"), "no link off the site");
    assert!(p.body.contains("href=\"?lang=fr&amp;theme=contrast\""));
}

#[test]
fn the_projector_follows_its_dialogue_and_shows_both_of_its_languages() {
    let s = Server::fresh();
    let both = Dialogue::create(&s, json!({"title": "Dialogue", "language": "en+fr"}));
    let projector = format!("/p/{}", both.id);
    let p = page(&s, &projector, &[("accept-language", "fr"), ("cookie", "cv_lang=fr")]);
    assert_eq!(p.lang, "en", "the first of the dialogue's languages");
    assert!(p.body.contains("Welcome / Bienvenue"), "the default agenda in both");
    assert!(p.body.contains(r#"Join code / <span lang="fr">Code d’accès</span>"#), "labels in both, the French marked");
    // Asked for one language by address, it shows that one.
    let p = page(&s, &format!("{projector}?lang=fr"), &[]);
    assert_eq!(p.lang, "fr");
    assert!(!p.body.contains("Join code"));
}
