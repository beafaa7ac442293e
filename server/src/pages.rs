//! The pages' side of the server: the backend the Leptos pages read
//! through, and the plain form posts they send, each answered with a
//! redirect back (303) carrying what happened.

use std::sync::Arc;

use app::backend::{facilitator_cookie, participant_cookie, Backend, Who};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use convene::agenda::Transition;
use convene::archive::Archive;
use convene::text::percent_encode;
use convene::{Dialogue, DomainError, Kind};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::auth::same_origin;
use crate::state::AppState;
use crate::store::{now_ms, Credential, ServiceError, Store};

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
    fn authenticate(&self, id: Uuid, token: &str) -> Option<Who> {
        match self.store.authenticate(id, token).ok()? {
            Credential::Participant(p) => Some(Who::Participant(p)),
            Credential::Facilitator => Some(Who::Facilitator),
        }
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
        .route("/f/{id}/act", post(facilitator_act))
}

/// A cookie that keeps a credential for a month, out of scripts' reach.
fn cookie(state: &AppState, name: &str, value: &str) -> HeaderValue {
    let secure = if state.public_url.starts_with("https://") { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn see_other_with_cookie(to: &str, cookie: HeaderValue) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    res
}

/// Where to send someone back after a failed write, with what they typed.
fn back_with_error(to: &str, e: ServiceError, keep: &[(&str, &str)]) -> Response {
    let code = match e {
        ServiceError::Domain(d) => d.code,
        ServiceError::Unavailable => "busy",
    };
    let mut url = format!("{to}?error={code}");
    for (k, v) in keep {
        if !v.is_empty() {
            url.push_str(&format!("&{k}={}", percent_encode(v)));
        }
    }
    Redirect::to(&url).into_response()
}

#[derive(Deserialize)]
struct CodeQuery {
    code: Option<String>,
}

/// The landing page's plain form lands here: a known code goes to its dialogue.
async fn join_code(State(state): State<AppState>, Query(q): Query<CodeQuery>) -> Response {
    match q.code.as_deref().filter(|c| state.store.find_code(c).is_some()) {
        Some(c) => Redirect::to(&format!("/j/{}", crate::secret::normalize_code(c))).into_response(),
        None => Redirect::to("/?error=unknown_code").into_response(),
    }
}

#[derive(Deserialize, Default)]
struct JoinForm {
    name: Option<String>,
    sector: Option<String>,
}

async fn join(State(state): State<AppState>, Path(code): Path<String>, Form(f): Form<JoinForm>) -> Response {
    let Some(id) = state.store.find_code(&code) else { return Redirect::to("/?error=unknown_code").into_response() };
    let code = crate::secret::normalize_code(&code);
    let back = format!("/j/{code}");
    match state.store.join(id, f.name, f.sector).await {
        Ok((_, token)) => see_other_with_cookie(&back, cookie(&state, &participant_cookie(id), &token)),
        Err(e) => back_with_error(&back, e, &[]),
    }
}

#[derive(Deserialize, Default)]
struct ActForm {
    #[serde(rename = "do")]
    act: String,
    text: Option<String>,
    theme: Option<String>,
    value: Option<String>,
    cid: Option<String>,
    into: Option<String>,
    index: Option<String>,
}

fn cid(f: &ActForm) -> Result<Uuid, ServiceError> {
    f.cid
        .as_deref()
        .and_then(|c| Uuid::try_parse(c).ok())
        .ok_or_else(|| DomainError::not_found("contribution").into())
}

async fn participant_act(State(state): State<AppState>, Path(code): Path<String>, headers: HeaderMap, Form(f): Form<ActForm>) -> Response {
    let Some(id) = state.store.find_code(&code) else { return Redirect::to("/?error=unknown_code").into_response() };
    let back = format!("/j/{}", crate::secret::normalize_code(&code));
    let keep = [("for", f.act.as_str()), ("text", f.text.as_deref().unwrap_or("")), ("theme", f.theme.as_deref().unwrap_or(""))];
    if !same_origin(&headers) {
        return back_with_error(&back, DomainError::forbidden("This request came from another site.").into(), &[]);
    }
    let who = crate::api::auth::cookie(&headers, &participant_cookie(id)).and_then(|t| state.store.authenticate(id, t).ok());
    let Some(Credential::Participant(pid)) = who else {
        return back_with_error(&back, DomainError::new(convene::error::ErrorClass::Unauthorized, "unauthorized", "Join first.").into(), &[]);
    };
    if state.store.pace(pid).is_err() {
        return back_with_error(&back, DomainError::new(convene::error::ErrorClass::Conflict, "rate_limited", "Too many at once.").into(), &keep);
    }
    let text = f.text.clone().unwrap_or_default();
    let store = &state.store;
    let new_id = Uuid::new_v4();
    let result: Result<(), ServiceError> = match f.act.as_str() {
        single @ ("hope" | "concern" | "reservation" | "commitment") => {
            let kind = Kind::parse(single).unwrap_or(Kind::Hope);
            store.write(id, move |d| d.put_single(pid, kind, &text, new_id, now_ms()).map(|_| ())).await
        }
        "question" => store.write(id, move |d| d.post(pid, Kind::Question, &text, None, new_id, now_ms()).map(|_| ())).await,
        "recommendation" => {
            let theme = f.theme.clone();
            store.write(id, move |d| d.post(pid, Kind::Recommendation, &text, theme.as_deref(), new_id, now_ms()).map(|_| ())).await
        }
        "rating" => match f.value.as_deref().and_then(|v| v.trim().parse::<i64>().ok()) {
            Some(v) => store.write(id, move |d| d.rate(pid, v).map(|_| ())).await,
            None => Err(DomainError::invalid_as("out_of_scale", "Pick a value on the scale.").into()),
        },
        act @ ("vote" | "unvote" | "endorse" | "unendorse") => match cid(&f) {
            Ok(c) => {
                let kind = if act.ends_with("vote") { Kind::Question } else { Kind::Recommendation };
                let on = !act.starts_with("un");
                store.write(id, move |d| d.back(pid, c, kind, on)).await
            }
            Err(e) => Err(e),
        },
        "withdraw" => match cid(&f) {
            Ok(c) => store.write(id, move |d| d.withdraw(pid, c)).await,
            Err(e) => Err(e),
        },
        _ => Err(DomainError::invalid("Unknown action.").into()),
    };
    match result {
        Ok(()) => Redirect::to(&format!("{back}?saved={}", percent_encode(&f.act))).into_response(),
        Err(e) => back_with_error(&back, e, &keep),
    }
}

#[derive(Deserialize)]
struct KeyForm {
    key: String,
}

fn sign_in_with(state: &AppState, id: &str, key: &str) -> Response {
    let Ok(id) = Uuid::try_parse(id) else { return Redirect::to("/").into_response() };
    let back = format!("/f/{id}");
    match state.store.authenticate(id, key.trim()) {
        Ok(Credential::Facilitator) => see_other_with_cookie(&back, cookie(state, &facilitator_cookie(id), key.trim())),
        _ => Redirect::to(&format!("{back}?error=bad_key")).into_response(),
    }
}

async fn sign_in_link(State(state): State<AppState>, Path(id): Path<String>, Query(q): Query<KeyForm>) -> Response {
    sign_in_with(&state, &id, &q.key)
}

async fn sign_in(State(state): State<AppState>, Path(id): Path<String>, Form(f): Form<KeyForm>) -> Response {
    sign_in_with(&state, &id, &f.key)
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

async fn facilitator_act(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap, Form(f): Form<ActForm>) -> Response {
    let Ok(id) = Uuid::try_parse(&id) else { return Redirect::to("/").into_response() };
    let back = console_back(&headers, id);
    let sep = if back.contains('?') { '&' } else { '?' };
    let authorized = same_origin(&headers)
        && crate::api::auth::cookie(&headers, &facilitator_cookie(id)).and_then(|k| state.store.authenticate(id, k).ok()) == Some(Credential::Facilitator);
    if !authorized {
        return Redirect::to(&format!("/f/{id}?error=bad_key")).into_response();
    }
    let store = &state.store;
    let text = f.text.clone().unwrap_or_default();
    let index = f.index.as_deref().and_then(|i| i.parse::<usize>().ok());
    let result: Result<(), ServiceError> = match (f.act.as_str(), index) {
        ("stage", Some(i)) => store.write(id, move |d| d.transition(Transition::MoveTo(i))).await,
        ("countdown", _) => match f.value.as_deref().and_then(|v| v.trim().parse::<u32>().ok()) {
            Some(seconds) => store.write(id, move |d| d.transition(Transition::Countdown { seconds, now: now_ms() })).await,
            None => Err(DomainError::invalid("Give the countdown in whole seconds.").into()),
        },
        ("lock", Some(i)) => store.write(id, move |d| d.transition(Transition::Lock(i))).await,
        ("unlock", Some(i)) => store.write(id, move |d| d.transition(Transition::Unlock(i))).await,
        ("conclusion", _) => store.write(id, move |d| d.conclude(&text)).await,
        ("close", _) => store.write(id, |d| d.close()).await,
        ("publish", _) => store.write(id, |d| Ok(d.publish())).await,
        (act @ ("hide" | "unhide" | "merge" | "refile" | "answer"), _) => match cid(&f) {
            Ok(c) => {
                let (into, theme) = (f.into.clone().unwrap_or_default(), f.theme.clone().unwrap_or_default());
                let act = act.to_string();
                store
                    .write(id, move |d| match act.as_str() {
                        "hide" => d.set_hidden(c, true),
                        "unhide" => d.set_hidden(c, false),
                        "merge" => match Uuid::try_parse(&into) {
                            Ok(into) => d.merge(c, into),
                            Err(_) => Err(DomainError::invalid("Choose the item to merge into.")),
                        },
                        "refile" => d.refile(c, &theme),
                        _ => d.answer(c, &text),
                    })
                    .await
            }
            Err(e) => Err(e),
        },
        _ => Err(DomainError::invalid("Unknown action.").into()),
    };
    match result {
        Ok(()) => Redirect::to(&format!("{back}{sep}saved=1")).into_response(),
        Err(ServiceError::Domain(e)) => Redirect::to(&format!("{back}{sep}error={}", e.code)).into_response(),
        Err(ServiceError::Unavailable) => Redirect::to(&format!("{back}{sep}error=busy")).into_response(),
    }
}

/// The create form: one field per line where a list is asked for.
#[derive(Deserialize, Default)]
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
}

fn lines(s: &Option<String>) -> Vec<String> {
    s.as_deref().unwrap_or("").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn create_request(f: CreateForm) -> serde_json::Value {
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
    req
}

async fn create(State(state): State<AppState>, Form(f): Form<CreateForm>) -> Response {
    let req = create_request(f);
    let parsed = serde_json::from_value(req).map_err(|e| ServiceError::Domain(DomainError::invalid(e.to_string())));
    let created = match parsed {
        Ok(req) => state.store.create(req).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(c) => see_other_with_cookie(&format!("/f/{}", c.id), cookie(&state, &facilitator_cookie(c.id), &c.facilitator_key)),
        Err(ServiceError::Domain(e)) => Redirect::to(&format!("/new?error={}&text={}", e.code, percent_encode(&e.message))).into_response(),
        Err(ServiceError::Unavailable) => Redirect::to("/new?error=busy").into_response(),
    }
}

async fn create_vancouver(State(state): State<AppState>) -> Response {
    let archive: Result<Archive, _> = serde_json::from_str(crate::startup::DEMO);
    let created = match archive {
        Ok(a) => state.store.import(a).await,
        Err(e) => Err(ServiceError::Domain(DomainError::invalid(e.to_string()))),
    };
    match created {
        Ok(c) => see_other_with_cookie(&format!("/f/{}", c.id), cookie(&state, &facilitator_cookie(c.id), &c.facilitator_key)),
        Err(_) => Redirect::to("/new?error=busy").into_response(),
    }
}
