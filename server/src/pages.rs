//! The pages' side of the server: the backend the Leptos pages read
//! through, and the plain form posts they send, each answered with a
//! redirect back (303) carrying what happened.

use std::sync::Arc;

use app::backend::{facilitator_cookie, organiser_cookie, participant_cookie, Backend, OwnDialogue, Who};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use convene::archive::Archive;
use convene::i18n::Lang;
use convene::{Dialogue, DomainError, Kind};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::auth::{same_origin, Facilitation, Participant};
use crate::api::error::ApiError;
use crate::state::AppState;
use crate::store::accounts::{SessionKind, SESSION_DAYS};
use crate::store::{Asker, Command, Outcome, ServiceError, Store};
use convene::command::FormFields;

/// What pages read: the store, in memory.
pub struct PageBackend {
    pub store: Store,
    pub public_url: Arc<str>,
}

impl Backend for PageBackend {
    fn find_code(&self, code: &str) -> Option<Uuid> {
        self.store.find_code(code)
    }
    fn read(&self, id: Uuid, f: &mut dyn FnMut(&Dialogue)) -> bool {
        self.store.read(id, |d| f(d)).is_ok()
    }
    fn who(&self, id: Uuid, cookie: &dyn Fn(&str) -> Option<String>, facilitator: bool) -> Option<Who> {
        match self.store.cookie_credential(id, cookie, facilitator)? {
            Asker::Participant(p) => Some(Who::Participant(p)),
            Asker::Facilitator => Some(Who::Facilitator),
            Asker::Team(role, member) => Some(Who::Team(role, self.store.accounts.member(id, member)?.name)),
        }
    }
    fn organiser(&self, cookie: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        self.store.organiser(cookie)
    }
    fn audit(&self, id: Uuid) -> Vec<app::backend::AuditRow> {
        self.store
            .accounts
            .audit_log(id)
            .into_iter()
            .map(|(at, who, action, detail)| (convene::time::rfc3339(at), who, action, detail))
            .collect()
    }
    fn team(&self, id: Uuid) -> Vec<(Uuid, convene::command::Role, String)> {
        self.store.accounts.members(id).into_iter().map(|m| (m.id, m.role, m.name)).collect()
    }
    fn draft(&self, key: &str) -> Option<serde_json::Value> {
        self.store.drafts.get(key)
    }
    fn organiser_dialogues(&self, name: &str) -> Vec<OwnDialogue> {
        self.store
            .accounts
            .organiser_dialogues(name)
            .into_iter()
            .map(|(id, title, code, live, _)| OwnDialogue { id, title, code, live })
            .collect()
    }
    fn qr_svg(&self, text: &str) -> String {
        use qrcode::render::svg;
        match qrcode::QrCode::new(text.as_bytes()) {
            Ok(code) => code
                .render::<svg::Color>()
                .min_dimensions(240, 240)
                .quiet_zone(true)
                .dark_color(svg::Color("#111"))
                .light_color(svg::Color("#fff"))
                .build(),
            Err(_) => String::new(),
        }
    }
    fn public_url(&self) -> String {
        self.public_url.to_string()
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/join", get(join_code))
        .route("/new", post(create))
        .route("/new/vancouver", post(create_vancouver))
        .route("/j/{code}", post(join))
        .route("/j/{code}/act", post(participant_act))
        .route("/f/{id}/signin", get(sign_in_link).post(sign_in))
        .route("/f/{id}/signout", post(sign_out))
        .route("/f/{id}/act", post(facilitator_act))
        .route("/o/signin", get(organiser_link).post(organiser_sign_in))
        .route("/o/signout", post(organiser_sign_out))
        .layer(middleware::from_fn(same_site_forms))
}

/// Every form post must come from our own pages: another site's is 403.
async fn same_site_forms(req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !same_origin(req.headers()) {
        return (StatusCode::FORBIDDEN, [(header::CACHE_CONTROL, "no-store")], "This form was sent from another site; nothing was done.\n")
            .into_response();
    }
    next.run(req).await
}

/// A cookie, out of scripts' reach; with a session id it lasts the
/// session's days. Over https it is Secure and `__Host-` named.
fn cookie(name: &str, value: &str, days: i64) -> HeaderValue {
    let secure = if app::backend::secure_cookies() { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", days * 86_400);
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A redirect from a form that took a credential; never stored by a cache.
fn see_other_no_store(to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A redirect that sets (or, with an empty value, clears) a credential cookie.
fn see_other_with_cookie(to: &str, cookie: HeaderValue) -> Response {
    let mut res = see_other_no_store(to);
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    res
}

fn error_code(e: &ServiceError) -> &'static str {
    match e {
        ServiceError::Domain(d) => d.code.as_str(),
        ServiceError::Unavailable => "busy",
        ServiceError::Paced(_) => "rate_limited",
    }
}

/// A form's `do`, fit to go back in a URL: a short lowercase word, else nothing.
fn form_name(act: &str) -> Option<&str> {
    (act.len() <= 20 && act.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')).then_some(act)
}

/// Where to send someone back after a failed write: the code, and which
/// form it was; what they typed waits in the drafts, never in the URL.
fn back_to(to: &str, code: &str, form: Option<&str>) -> String {
    let mut url = format!("{to}?error={code}");
    if let Some(f) = form.and_then(form_name) {
        url.push_str(&format!("&for={f}"));
    }
    url
}

fn back_with_error(to: &str, code: &str, form: Option<&str>) -> Response {
    Redirect::to(&back_to(to, code, form)).into_response()
}

#[derive(Deserialize)]
struct CodeQuery {
    code: Option<String>,
}

/// The landing page's plain form lands here: a known code goes to its dialogue.
/// (Failed lookups are paced per client address by `guard::join_codes`.)
async fn join_code(State(state): State<AppState>, Query(q): Query<CodeQuery>) -> Response {
    match q.code.as_deref().filter(|c| state.store.find_code(c).is_some()) {
        Some(c) => Redirect::to(&format!("/j/{}", crate::secret::normalize_code(c))).into_response(),
        // What was typed comes back (a code is no secret: letters and digits only).
        None => {
            let typed: String = q.code.as_deref().unwrap_or("").chars().filter(char::is_ascii_alphanumeric).take(12).collect();
            Redirect::to(&format!("/?error=unknown_code&code={typed}")).into_response()
        }
    }
}

async fn join(State(state): State<AppState>, Path(code): Path<String>, Form(f): Form<convene::participation::Joining>) -> Response {
    let Some(id) = state.store.find_code(&code) else { return Redirect::to("/?error=unknown_code").into_response() };
    let code = crate::secret::normalize_code(&code);
    let back = format!("/j/{code}");
    match state.store.join(id, f).await {
        Ok((_, token)) => see_other_with_cookie(&back, cookie(&participant_cookie(id), &token, 30)),
        Err(e) => back_with_error(&back, error_code(&e), None),
    }
}

/// The cookie lookup of a request, for the store.
fn cookies(headers: &HeaderMap) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| crate::api::auth::cookie(headers, name).map(str::to_string)
}

/// A participant's form: the same command, checks and store entry as the
/// JSON API's. On failure, what they typed waits in the drafts.
async fn participant_act(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    who: Result<Participant, ApiError>,
    Form(f): Form<FormFields>,
) -> Response {
    let back = format!("/j/{}", crate::secret::normalize_code(&code));
    let who = match who {
        Ok(who) => who,
        Err(e) if e.code == "not_found" => return Redirect::to("/?error=unknown_code").into_response(),
        Err(e) if e.code == "rate_limited" => {
            // Paced, not refused: what they typed waits for them all the same.
            let seat = state.store.find_code(&code).and_then(|id| state.store.cookie_credential(id, &cookies(&headers), false));
            let draft = match seat {
                Some(Asker::Participant(pid)) => Some(app::backend::participant_draft(pid)),
                _ => None,
            };
            return keep_draft(&state, draft, &back, &f, e.code);
        }
        Err(_) => return back_with_error(&back, "unauthorized", None),
    };
    let draft = app::backend::participant_draft(who.id);
    let result = match Command::try_from(&f) {
        Ok(command) => state.store.run(who.dialogue, Asker::Participant(who.id), command).await,
        Err(e) => Err(e.into()),
    };
    state.store.drafts.remove(&draft);
    match result {
        Ok(_) if f.act == "erase" => {
            see_other_with_cookie(&format!("{back}?saved=erase"), cookie(&participant_cookie(who.dialogue), "", 0))
        }
        Ok(_) => Redirect::to(&format!("{back}?saved={}{}", form_name(&f.act).unwrap_or("1"), anchor(&f))).into_response(),
        Err(e) => keep_draft(&state, Some(draft), &back, &f, error_code(&e)),
    }
}

/// Where on the page the person was: the item they backed, the rating, their
/// list, or the field they wrote in; the page opens there, not at the top.
fn anchor(f: &FormFields) -> String {
    match (f.act.as_str(), f.cid.as_deref().and_then(|c| Uuid::try_parse(c).ok())) {
        ("withdraw", _) => "#mine".into(),
        (_, Some(c)) => format!("#c-{c}"),
        ("rating", None) => "#rating".into(),
        (act, None) => form_name(act).map(|a| format!("#text-{a}")).unwrap_or_default(),
    }
}

/// Back to the participant's page with the error; the text they sent waits
/// for them in the drafts (never in the URL).
fn keep_draft(state: &AppState, draft: Option<String>, back: &str, f: &FormFields, code: &str) -> Response {
    if let (Some(draft), Some(text)) = (draft, f.text.as_deref().filter(|t| !t.trim().is_empty())) {
        let text: String = text.chars().take(convene::text::LONG_MAX).collect();
        let theme: Option<String> = f.theme.as_deref().map(|t| t.chars().take(convene::text::TITLE_MAX).collect());
        state.store.drafts.put(draft, serde_json::json!({"for": f.act, "text": text, "theme": theme}));
    }
    let mut to = back_to(back, code, (f.act != "erase").then_some(f.act.as_str()));
    to.push_str(&anchor(f));
    Redirect::to(&to).into_response()
}

#[derive(Deserialize)]
struct KeyForm {
    key: String,
}

/// Trades a facilitator key for a session: the browser keeps a random
/// session id, never the key, and lands on the console's address without it.
fn sign_in_with(state: &AppState, id: &str, key: &str) -> Response {
    let Ok(id) = Uuid::try_parse(id) else { return Redirect::to("/").into_response() };
    let back = format!("/f/{id}");
    let key = key.trim();
    let session = match state.store.authenticate(id, key) {
        Ok(Asker::Facilitator) => {
            state.store.accounts.start(SessionKind::Facilitator, &id.to_string()).map(|s| (s, "facilitator".to_string()))
        }
        Ok(Asker::Team(_, m)) => state
            .store
            .accounts
            .member(id, m)
            .and_then(|m| state.store.accounts.start(SessionKind::Facilitator, &format!("{id}/{}", m.id)).map(|s| (s, m.audit_role()))),
        _ => None,
    };
    match session {
        Some((sid, who)) => {
            state.audit(id, &who, "sign_in", None);
            see_other_with_cookie(&back, cookie(&facilitator_cookie(id), &sid, SESSION_DAYS))
        }
        None => see_other_no_store(&format!("{back}?error=bad_key")),
    }
}

async fn sign_in_link(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<KeyForm>) -> Response {
    sign_in_with(&state, &id, &q.key)
}

async fn sign_in(State(state): State<AppState>, Path(id): Path<String>, Form(f): Form<KeyForm>) -> Response {
    sign_in_with(&state, &id, &f.key)
}

/// Ends this browser's facilitator session.
async fn sign_out(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = Uuid::try_parse(&id) else { return Redirect::to("/").into_response() };
    if let Some(sid) = crate::api::auth::cookie(&headers, &facilitator_cookie(id)) {
        state.store.accounts.end(sid);
    }
    see_other_with_cookie(&format!("/f/{id}?signed_out=1"), cookie(&facilitator_cookie(id), "", 0))
}

/// Trades an organiser key for an organiser session.
fn organiser_sign_in_with(state: &AppState, key: &str) -> Response {
    let session =
        state.store.accounts.organiser_by_key(key.trim()).and_then(|name| state.store.accounts.start(SessionKind::Organiser, &name));
    match session {
        Some(sid) => see_other_with_cookie("/o", cookie(&organiser_cookie(), &sid, SESSION_DAYS)),
        None => see_other_no_store("/o?error=bad_key"),
    }
}

async fn organiser_link(State(state): State<AppState>, Query(q): Query<KeyForm>) -> Response {
    organiser_sign_in_with(&state, &q.key)
}

async fn organiser_sign_in(State(state): State<AppState>, Form(f): Form<KeyForm>) -> Response {
    organiser_sign_in_with(&state, &f.key)
}

async fn organiser_sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(sid) = crate::api::auth::cookie(&headers, &organiser_cookie()) {
        state.store.accounts.end(sid);
    }
    see_other_with_cookie("/o", cookie(&organiser_cookie(), "", 0))
}

/// The organiser a browser is signed in as.
fn organiser_of(state: &AppState, headers: &HeaderMap) -> Option<String> {
    state.store.organiser(&cookies(headers))
}

/// Back to the console page the form was on, keeping its tab.
fn console_back(headers: &HeaderMap, id: Uuid) -> String {
    let own = format!("/f/{id}");
    let referer = headers.get(header::REFERER).and_then(|r| r.to_str().ok()).unwrap_or("");
    let path = referer.split_once("://").map(|(_, rest)| rest.find('/').map_or("", |i| &rest[i..])).unwrap_or("");
    let kind = path.split_once("kind=").map(|(_, k)| k.split('&').next().unwrap_or(""));
    match kind.and_then(Kind::parse) {
        Some(k) if path.starts_with(&own) => format!("{own}?kind={}", k.as_str()),
        _ => own,
    }
}

/// A facilitator's form on the console: the same command, checks and store
/// entry as the JSON API's.
async fn facilitator_act(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    who: Result<Facilitation, ApiError>,
    Form(f): Form<FormFields>,
) -> Response {
    let Ok(id) = Uuid::try_parse(&id) else { return Redirect::to("/").into_response() };
    let Ok(who) = who else { return Redirect::to(&format!("/f/{id}?error=bad_key")).into_response() };
    let back = console_back(&headers, id);
    let sep = if back.contains('?') { '&' } else { '?' };
    if let Some(answer) = team_form(&state, &headers, &who, &f, &back) {
        return answer;
    }
    if f.act == "duplicate" {
        if who.asker != Asker::Facilitator {
            return Redirect::to(&format!("{back}{sep}error=facilitators_only")).into_response();
        }
        return match state.store.duplicate(who.dialogue, f.text.as_deref().unwrap_or("")).await {
            // Its organiser, signed in, goes straight to its console.
            Ok(c)
                if state
                    .store
                    .organiser(&cookies(&headers))
                    .is_some_and(|o| state.store.read(c.id, |d| d.organiser.as_deref() == Some(&o)).unwrap_or(false)) =>
            {
                Redirect::to(&format!("/f/{}", c.id)).into_response()
            }
            // Anyone else gets its sign-in link, once, and is signed in to it.
            Ok(c) => link_signed_in(&state, &headers, "series-link", c.id, &c.facilitator_key),
            Err(e) => Redirect::to(&format!("{back}{sep}error={}", error_code(&e))).into_response(),
        };
    }
    let result = match Command::try_from(&f) {
        Ok(command) => state.store.run(who.dialogue, who.asker, command).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) if f.act == "delete_dialogue" => see_other_with_cookie("/o?saved=deleted", cookie(&facilitator_cookie(id), "", 0)),
        Ok(Outcome::Key(key)) => link_signed_in(&state, &headers, "new-link", id, &key),
        // Back to the item acted on, not the top of the console; an error
        // about an item is shown on that item.
        Ok(_) => {
            let at = f.cid.as_deref().and_then(|c| Uuid::try_parse(c).ok()).map(|c| format!("#c-{c}")).unwrap_or_default();
            Redirect::to(&format!("{back}{sep}saved=1{at}")).into_response()
        }
        Err(e) => {
            let at = f.cid.as_deref().and_then(|c| Uuid::try_parse(c).ok()).map(|c| format!("&at={c}#c-{c}")).unwrap_or_default();
            Redirect::to(&format!("{back}{sep}error={}{at}", error_code(&e))).into_response()
        }
    }
}

/// A facilitator key's sign-in link, shown once on this answer only, with
/// this browser signed in to that dialogue's console (a new key, or the
/// next dialogue of a series).
fn link_signed_in(state: &AppState, headers: &HeaderMap, which: &str, id: Uuid, key: &str) -> Response {
    let sid = state.store.accounts.start(SessionKind::Facilitator, &id.to_string()).unwrap_or_default();
    let mut res = new_link_page(page_lang(state, headers, id), which, &state.sign_in_link(id, key), &format!("/f/{id}")).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie(&facilitator_cookie(id), &sid, SESSION_DAYS));
    res
}

/// The console's team forms (`do=team_add`, `do=team_remove`), the
/// facilitator's only: a new member's sign-in link is shown once.
fn team_form(state: &AppState, headers: &HeaderMap, who: &Facilitation, f: &FormFields, back: &str) -> Option<Response> {
    if f.act != "team_add" && f.act != "team_remove" {
        return None;
    }
    let sep = if back.contains('?') { '&' } else { '?' };
    let failed = |code: &str| Some(Redirect::to(&format!("{back}{sep}error={code}#team")).into_response());
    if who.asker != Asker::Facilitator {
        return failed("facilitators_only");
    }
    let id = who.dialogue;
    if f.act == "team_remove" {
        let member = f.cid.as_deref().and_then(|c| Uuid::try_parse(c.trim()).ok());
        return match member.map(|m| state.store.remove_member(id, m)) {
            Some(Ok(())) => Some(Redirect::to(&format!("{back}{sep}saved=1#team")).into_response()),
            Some(Err(e)) => failed(error_code(&e)),
            None => failed("not_found"),
        };
    }
    match state.store.add_member(id, f.value.as_deref().unwrap_or(""), f.text.as_deref().unwrap_or("")) {
        Ok((_, key)) => {
            let link = state.sign_in_link(id, &key);
            Some(new_link_page(page_lang(state, headers, id), "team-link", &link, &format!("/f/{id}#team")).into_response())
        }
        Err(e) => failed(error_code(&e)),
    }
}

/// The language of a page the server writes itself: as the app's pages
/// choose theirs (remembered choice, browser, dialogue).
fn page_lang(state: &AppState, headers: &HeaderMap, id: Uuid) -> Lang {
    let kept = crate::api::auth::cookie(headers, &app::language::cookie());
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    app::language::negotiate(kept, accept, || state.store.read(id, |d| d.spec.languages().primary()).ok())
}

/// The answer to "make a new sign-in link" (`which` = `new-link`) or to
/// "start the next dialogue" (`series-link`): the link, once, never cached.
fn new_link_page(lang: Lang, which: &str, link: &str, console: &str) -> impl IntoResponse {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let t = |id: &str| esc(&lang.t(id));
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/pkg/{}.css\"></head><body><main><section class=\"card stack\">\
         <h1>{}</h1><p>{}</p>\
         <p><input readonly aria-label=\"{}\" value=\"{}\"></p><p><a class=\"button\" href=\"{}\">{}</a></p>\
         </section></main></body></html>",
        lang.code(),
        t(&format!("{which}-title")),
        app::asset_name(),
        t(&format!("{which}-heading")),
        t(&format!("{which}-text")),
        t(&format!("{which}-label")),
        esc(link),
        esc(console),
        t(&format!("{which}-button")),
    );
    ([(header::CACHE_CONTROL, "no-store"), (header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

/// The create form: one field per line where a list is asked for.
#[derive(Deserialize, serde::Serialize, Default)]
struct CreateForm {
    title: String,
    held_on: Option<String>,
    place: Option<String>,
    conveners: Option<String>,
    report_title: Option<String>,
    report_summary: Option<String>,
    report_recommendations: Option<String>,
    agenda: Option<String>,
    themes: Option<String>,
    scale_min: Option<String>,
    scale_max: Option<String>,
    low_label: Option<String>,
    high_label: Option<String>,
    endorsements: Option<String>,
    language: Option<String>,
}

fn lines(s: &Option<String>) -> Vec<String> {
    s.as_deref().unwrap_or("").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The form comes filled with the defaults of the page's language; what
/// was left as it came takes the defaults of the language chosen on the
/// form instead (an English page's form for an `en+fr` dialogue gives its
/// agenda in both).
fn chosen_defaults(f: &mut CreateForm) {
    use convene::i18n::{Lang, Languages};
    use convene::spec::Defaults;
    let Some(chosen) = f.language.as_deref().and_then(|l| Languages::parse(l.trim())) else { return };
    let target = Defaults::new(&chosen);
    let agenda_of = |d: &Defaults| d.agenda.iter().map(|(st, t)| format!("{} | {t}", st.as_str())).collect::<Vec<_>>();
    for l in Lang::all() {
        let page = Defaults::new(&Languages(vec![l]));
        if lines(&f.agenda) == agenda_of(&page) {
            f.agenda = Some(agenda_of(&target).join("\n"));
        }
        if lines(&f.themes) == page.themes {
            f.themes = Some(target.themes.join("\n"));
        }
        if f.low_label.as_deref().map(str::trim) == Some(page.scale.low_label.as_str()) {
            f.low_label = Some(target.scale.low_label.clone());
        }
        if f.high_label.as_deref().map(str::trim) == Some(page.scale.high_label.as_str()) {
            f.high_label = Some(target.scale.high_label.clone());
        }
    }
}

fn create_request(mut f: CreateForm) -> serde_json::Value {
    chosen_defaults(&mut f);
    let recs: Vec<serde_json::Value> = lines(&f.report_recommendations)
        .into_iter()
        .map(|l| {
            let parts: Vec<&str> = l.splitn(3, '|').map(str::trim).collect();
            match parts.as_slice() {
                [a, r, t] => serde_json::json!({"audience": a, "rubric": r, "text": t}),
                [r, t] => serde_json::json!({"audience": "", "rubric": r, "text": t}),
                _ => serde_json::json!({"audience": "", "rubric": "", "text": l}),
            }
        })
        .collect();
    let agenda: Vec<serde_json::Value> = lines(&f.agenda)
        .into_iter()
        .map(|l| match l.split_once('|') {
            Some((st, t)) => serde_json::json!({"stage": st.trim().to_lowercase(), "title": t.trim()}),
            None => serde_json::json!({"stage": l.to_lowercase()}),
        })
        .collect();
    let num = |s: &Option<String>| s.as_deref().and_then(|v| v.trim().parse::<i64>().ok());
    let mut req = serde_json::json!({
        "title": f.title,
        "held_on": f.held_on.filter(|d| !d.trim().is_empty()),
        "place": f.place,
        "conveners": lines(&f.conveners),
        "report": {"title": f.report_title.unwrap_or_default(), "summary": f.report_summary.unwrap_or_default(), "recommendations": recs},
        "themes": lines(&f.themes),
        "scale": {"min": num(&f.scale_min).unwrap_or(1), "max": num(&f.scale_max).unwrap_or(5),
                  "low_label": f.low_label.unwrap_or_default(), "high_label": f.high_label.unwrap_or_default()},
    });
    if !agenda.is_empty() {
        req["agenda"] = serde_json::Value::Array(agenda);
    }
    if let Some(n) = num(&f.endorsements) {
        req["endorsements_per_participant"] = serde_json::json!(n);
    }
    if let Some(l) = f.language.filter(|l| !l.trim().is_empty()) {
        req["language"] = serde_json::json!(l);
    }
    req
}

async fn create(State(state): State<AppState>, headers: HeaderMap, Form(f): Form<CreateForm>) -> Response {
    let Some(organiser) = organiser_of(&state, &headers) else { return Redirect::to("/o?error=organiser_needed").into_response() };
    let typed = serde_json::to_value(&f).unwrap_or_default();
    let req = create_request(f);
    let parsed = serde_json::from_value(req).map_err(|e| ServiceError::Domain(DomainError::invalid(e.to_string())));
    let created = match parsed {
        Ok(req) => state.store.create(req, &organiser).await,
        Err(e) => Err(e),
    };
    let draft = app::backend::create_draft(&organiser);
    match created {
        Ok(c) => {
            state.store.drafts.remove(&draft);
            opened(&state, c.id)
        }
        Err(e) => {
            let message = match &e {
                ServiceError::Domain(d) => d.message.clone(),
                ServiceError::Unavailable | ServiceError::Paced(_) => String::new(),
            };
            state.store.drafts.put(draft, serde_json::json!({"form": typed, "message": message}));
            Redirect::to(&format!("/new?error={}", error_code(&e))).into_response()
        }
    }
}

/// A new dialogue's console, signed in by a session of its own.
fn opened(state: &AppState, id: Uuid) -> Response {
    match state.store.accounts.start(SessionKind::Facilitator, &id.to_string()) {
        Some(sid) => see_other_with_cookie(&format!("/f/{id}"), cookie(&facilitator_cookie(id), &sid, SESSION_DAYS)),
        None => Redirect::to(&format!("/f/{id}")).into_response(),
    }
}

async fn create_vancouver(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(organiser) = organiser_of(&state, &headers) else { return Redirect::to("/o?error=organiser_needed").into_response() };
    let archive: Result<Archive, _> = serde_json::from_str(crate::startup::DEMO);
    let created = match archive {
        Ok(a) => state.store.import(a, Some(&organiser)).await,
        Err(e) => Err(ServiceError::Domain(DomainError::invalid(e.to_string()))),
    };
    match created {
        Ok(c) => opened(&state, c.id),
        Err(_) => Redirect::to("/new?error=busy").into_response(),
    }
}
