//! Browser-only plumbing for the `Live` island: the event stream, fetching
//! and swapping a region, and sending forms in place.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    Document, DomParser, Element, EventSource, FormData, HtmlFormElement, MessageEvent, RequestInit, Response, SupportedType,
    UrlSearchParams,
};

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn document() -> Document {
    window().document().expect("a document")
}

/// True while someone is typing into the region, or a form there waits to
/// be sent again: a swap would lose their text (or their place in it).
fn typing_in(region: &Element) -> bool {
    if region.query_selector("[data-unsent]").ok().flatten().is_some() {
        return true;
    }
    let Some(active) = document().active_element() else { return false };
    region.contains(Some(&active)) && matches!(active.tag_name().as_str(), "TEXTAREA" | "INPUT") && changed(&active)
}

fn prop(el: &JsValue, name: &str) -> JsValue {
    Reflect::get(el, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A field whose value is not the one the page came with: typed or chosen,
/// and not sent yet.
fn changed(el: &Element) -> bool {
    match el.tag_name().as_str() {
        "TEXTAREA" => prop(el, "value") != prop(el, "defaultValue"),
        "INPUT" => match prop(el, "type").as_string().unwrap_or_default().as_str() {
            "checkbox" | "radio" => prop(el, "checked") != prop(el, "defaultChecked"),
            "hidden" | "submit" | "button" => false,
            _ => prop(el, "value") != prop(el, "defaultValue"),
        },
        "SELECT" => {
            let options = prop(el, "options");
            let n = prop(&options, "length").as_f64().unwrap_or(0.0) as u32;
            (0..n).any(|i| {
                let o = Reflect::get_u32(&options, i).unwrap_or(JsValue::UNDEFINED);
                prop(&o, "selected").as_bool() != prop(&o, "defaultSelected").as_bool()
            })
        }
        _ => false,
    }
}

/// What people typed, ticked or chose in the region and have not sent, by
/// field id (and the property that holds it), leaving out the form just
/// sent (its answer decides what it shows).
fn unsent_values(region: &Element, sent: Option<&Element>) -> Vec<(String, &'static str, JsValue)> {
    let Ok(fields) = region.query_selector_all("textarea[id], input[id], select[id]") else { return Vec::new() };
    (0..fields.length())
        .filter_map(|i| fields.get(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .filter(|el| !sent.is_some_and(|f| f.contains(Some(el))) && changed(el))
        .map(|el| {
            let which = if matches!(prop(&el, "type").as_string().as_deref(), Some("checkbox" | "radio")) { "checked" } else { "value" };
            (el.id(), which, prop(&el, which))
        })
        .collect()
}

/// What names a form among its region's: its address and hidden fields
/// (`do`, `cid`), the same in a fresh copy of the region.
fn form_key(form: &Element) -> String {
    let mut key = form.get_attribute("action").unwrap_or_default();
    if let Ok(hidden) = form.query_selector_all("input[type=hidden]") {
        for i in 0..hidden.length() {
            if let Some(h) = hidden.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                key.push_str(&format!(
                    "&{}={}",
                    h.get_attribute("name").unwrap_or_default(),
                    prop(&h, "value").as_string().unwrap_or_default()
                ));
            }
        }
    }
    key
}

/// The forms of the region still waiting to be sent, but the one just sent.
fn waiting_forms(region: &Element, sent: Option<&Element>) -> Vec<String> {
    let Ok(forms) = region.query_selector_all("form[data-unsent]") else { return Vec::new() };
    (0..forms.length())
        .filter_map(|i| forms.get(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .filter(|f| sent != Some(f))
        .map(|f| form_key(&f))
        .collect()
}

/// Replaces the region with the same region of `html`, keeping what people
/// typed elsewhere in it; true when the fresh region says it has closed.
fn swap(region_id: &str, html: &str, sent: Option<&Element>) -> bool {
    let Ok(parser) = DomParser::new() else { return false };
    let Ok(doc) = parser.parse_from_string(html, SupportedType::TextHtml) else { return false };
    let (Some(fresh), Some(here)) = (doc.get_element_by_id(region_id), document().get_element_by_id(region_id)) else {
        return false;
    };
    let kept = unsent_values(&here, sent);
    let waiting = waiting_forms(&here, sent);
    // Focus stays where it was: on the field or button with the same id.
    let focused = document().active_element().filter(|a| here.contains(Some(a))).map(|a| where_is(&here, &a));
    let moved = fresh.get_attribute("data-current") != here.get_attribute("data-current");
    here.set_inner_html(&fresh.inner_html());
    if moved {
        let title = fresh.get_attribute("data-title").unwrap_or_default();
        crate::announce::stage(&title);
    }
    for attr in ["data-revision", "data-current", "data-lists", "data-closed", "class"] {
        if let Some(v) = fresh.get_attribute(attr) {
            let _ = here.set_attribute(attr, &v);
        }
    }
    for (id, which, value) in kept {
        if let Some(el) = document().get_element_by_id(&id).filter(|el| here.contains(Some(el))) {
            let _ = Reflect::set(&el, &which.into(), &value);
            if let Ok(e) = web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = el.dispatch_event(&e);
            }
        }
    }
    if let Some(el) = focused.and_then(|at| find(&here, &at)).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
    // Forms that were waiting to be sent still wait, in the fresh region.
    if !waiting.is_empty() {
        if let Ok(forms) = here.query_selector_all("form[data-enhance]") {
            for i in 0..forms.length() {
                if let Some(f) = forms.get(i).and_then(|n| n.dyn_into::<HtmlFormElement>().ok()) {
                    if waiting.contains(&form_key(&f)) {
                        unsent(&f);
                    }
                }
            }
        }
    }
    fresh.get_attribute("data-closed").as_deref() == Some("true")
}

/// Where a focused element is, to find its twin in a fresh region: by id,
/// else as the n-th control of the same form (an upvote button has no id).
enum Spot {
    Id(String),
    /// A control with an access key ("Next" moves on, its form changes).
    Key(String),
    InForm(String, u32),
    Nth(u32),
}

/// What can take the focus in a region, in order.
const FOCUSABLE: &str = "a[href], button, input, select, textarea, summary, [tabindex]";

fn nth_of(all: &web_sys::NodeList, el: &Element) -> Option<u32> {
    (0..all.length()).find(|i| all.get(*i).is_some_and(|n| n.is_same_node(Some(el))))
}

fn where_is(region: &Element, el: &Element) -> Spot {
    if !el.id().is_empty() {
        return Spot::Id(el.id());
    }
    if let Some(key) = el.get_attribute("accesskey") {
        return Spot::Key(key);
    }
    let Some(form) = el.closest("form").ok().flatten() else {
        // A link or a summary: the same place among the region's controls.
        let nth = region.query_selector_all(FOCUSABLE).ok().and_then(|all| nth_of(&all, el));
        return nth.map_or(Spot::Id(String::new()), Spot::Nth);
    };
    let nth = form.query_selector_all("input, button, select, textarea").ok().and_then(|all| nth_of(&all, el)).unwrap_or(0);
    Spot::InForm(form_key(&form), nth)
}

fn find(region: &Element, at: &Spot) -> Option<Element> {
    match at {
        Spot::Id(id) if !id.is_empty() => document().get_element_by_id(id),
        Spot::Id(_) => None,
        Spot::Key(key) => region.query_selector(&format!("[accesskey=\"{key}\"]")).ok().flatten(),
        Spot::Nth(n) => region.query_selector_all(FOCUSABLE).ok()?.get(*n)?.dyn_into::<Element>().ok(),
        Spot::InForm(key, nth) => {
            let forms = region.query_selector_all("form").ok()?;
            let form = (0..forms.length()).filter_map(|i| forms.get(i)?.dyn_into::<Element>().ok()).find(|f| form_key(f) == *key)?;
            form.query_selector_all("input, button, select, textarea").ok()?.get(*nth)?.dyn_into::<Element>().ok()
        }
    }
}

/// The final address and text of an answer; `None` when the server could not
/// be reached or failed (a 5xx): then nothing was saved.
async fn text_of(promise: js_sys::Promise) -> Option<(String, String)> {
    let res: Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    if res.status() >= 500 {
        return None;
    }
    let url = res.url();
    let text = JsFuture::from(res.text().ok()?).await.ok()?.as_string()?;
    Some((url, text))
}

/// The page's address without what a redirect carried back once
/// (`saved`, `error` and the text to put back): a refresh shows them no more.
fn without_flash(href: &str) -> String {
    let Some((path, query)) = href.split_once('?') else { return href.to_string() };
    let kept: Vec<&str> =
        query.split('&').filter(|kv| !matches!(kv.split('=').next(), Some("saved" | "error" | "text" | "theme" | "for" | "at"))).collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

struct Region {
    id: String,
    busy: Cell<bool>,
    again: Cell<bool>,
    /// Tells the page's status that the dialogue has closed.
    closed: Box<dyn Fn()>,
}

/// Fetches the page again and swaps the region in; one fetch at a time,
/// and never while someone types there.
fn refresh(r: Rc<Region>) {
    if r.busy.replace(true) {
        r.again.set(true);
        return;
    }
    let Some(el) = document().get_element_by_id(&r.id) else { return };
    if typing_in(&el) {
        r.busy.set(false);
        later(r, 2000);
        return;
    }
    let href = without_flash(&window().location().href().unwrap_or_default());
    spawn_local(async move {
        if let Some((_, html)) = text_of(window().fetch_with_str(&href)).await {
            if swap(&r.id, &html, None) {
                (r.closed)();
            }
        }
        r.busy.set(false);
        if r.again.replace(false) {
            refresh(r);
        }
    });
}

fn later(r: Rc<Region>, ms: i32) {
    let f = Closure::once_into_js(move || refresh(r));
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
}

/// Puts each count of a summary into the elements that show it.
fn show_counts(summary: &JsValue) {
    let Ok(nodes) = document().query_selector_all("[data-count]") else { return };
    for i in 0..nodes.length() {
        let Some(el) = nodes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let key = el.get_attribute("data-count").unwrap_or_default();
        let mut v = summary.clone();
        for part in key.split('.') {
            v = Reflect::get(&v, &part.into()).unwrap_or(JsValue::UNDEFINED);
        }
        if let Some(n) = v.as_f64() {
            el.set_text_content(Some(&n.to_string()));
        }
    }
}

fn revision_of(el: &Element) -> f64 {
    el.get_attribute("data-revision").and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

thread_local! {
    /// The notes `start` was given for a form that could not be sent.
    static NOT_SENT: RefCell<(String, String)> = RefCell::default();
}

/// `words`: what the page says, in its language (the notes on a form that
/// could not be sent, what is announced to screen readers).
pub fn start(events: &str, region: &str, words: crate::live::LiveWords, online: impl Fn(bool) + 'static, closed: impl Fn() + 'static) {
    NOT_SENT.with(|n| *n.borrow_mut() = (words.not_sent.clone(), words.not_sent_tap.clone()));
    crate::announce::init(words);
    let r = Rc::new(Region { id: region.to_string(), busy: Cell::new(false), again: Cell::new(false), closed: Box::new(closed) });
    let Ok(source) = EventSource::new(events) else { return };
    let online = Rc::new(online);

    let up = online.clone();
    let on_open = Closure::<dyn Fn()>::new(move || {
        up(true);
        resend_unsent();
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    on_open.forget();

    let down = online.clone();
    let on_error = Closure::<dyn Fn()>::new(move || down(false));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();

    // After a drop, the first summary may carry a move we missed: compare revisions.
    let seen = r.clone();
    let on_summary = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        online(true);
        let Some(data) = e.data().as_string() else { return };
        let Ok(summary) = JSON::parse(&data) else { return };
        show_counts(&summary);
        crate::announce::counts(&summary);
        let rev = Reflect::get(&summary, &"revision".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let Some(el) = document().get_element_by_id(&seen.id) else { return };
        let stage = Reflect::get(&summary, &"current".into()).ok().and_then(|v| v.as_f64());
        let page_stage = el.get_attribute("data-current").and_then(|v| v.parse::<f64>().ok());
        // A closed dialogue's page changes little, but publishing adds the report's link.
        let lists = el.get_attribute("data-lists").as_deref() == Some("true") || el.get_attribute("data-closed").as_deref() == Some("true");
        if (lists && rev > revision_of(&el)) || (stage.is_some() && page_stage.is_some() && stage != page_stage) {
            refresh(seen.clone());
        }
    });
    let _ = source.add_event_listener_with_callback("summary", on_summary.as_ref().unchecked_ref());
    on_summary.forget();

    let moved = r.clone();
    let on_stage = Closure::<dyn Fn(MessageEvent)>::new(move |_| refresh(moved.clone()));
    let _ = source.add_event_listener_with_callback("stage", on_stage.as_ref().unchecked_ref());
    on_stage.forget();

    enhance_forms(r);
    count_characters();
    tick_countdowns();
    // The stream lives as long as the page.
    std::mem::forget(source);
}

/// Shows one `.audience` group of a `[data-rotate]` element at a time, each
/// for the element's number of milliseconds.
fn rotate(now: f64) {
    let Ok(boxes) = document().query_selector_all("[data-rotate]") else { return };
    for i in 0..boxes.length() {
        let Some(el) = boxes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let every = el.get_attribute("data-rotate").and_then(|v| v.parse::<f64>().ok()).unwrap_or(15_000.0).max(1000.0);
        let Ok(groups) = el.query_selector_all(".audience") else { continue };
        let n = groups.length();
        if n < 2 {
            continue;
        }
        let shown = ((now / every).floor() as u32) % n;
        for g in 0..n {
            if let Some(group) = groups.get(g).and_then(|x| x.dyn_into::<Element>().ok()) {
                let _ = if g == shown { group.remove_attribute("hidden") } else { group.set_attribute("hidden", "") };
            }
        }
    }
}

/// Counts `[data-countdown-ms]` elements down each half second, from the
/// moment each appeared (the server measured what was left), and turns
/// the rotating groups.
fn tick_countdowns() {
    let tick = Closure::<dyn Fn()>::new(|| {
        let now = js_sys::Date::now();
        rotate(now);
        let Ok(nodes) = document().query_selector_all("[data-countdown-ms]") else { return };
        if nodes.length() == 0 {
            crate::announce::countdown(None);
        }
        for i in 0..nodes.length() {
            let Some(el) = nodes.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let deadline = match el.get_attribute("data-deadline").and_then(|v| v.parse::<f64>().ok()) {
                Some(d) => d,
                None => {
                    let left = el.get_attribute("data-countdown-ms").and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
                    let _ = el.set_attribute("data-deadline", &(now + left).to_string());
                    now + left
                }
            };
            let secs = ((deadline - now) / 1000.0).ceil().max(0.0) as u64;
            // Said as it crosses a minute left and zero (the page's first countdown).
            if i == 0 {
                crate::announce::countdown(Some(secs));
            }
            el.set_text_content(Some(&format!("{}:{:02}", secs / 60, secs % 60)));
            let _ = if secs == 0 { el.class_list().add_1("done") } else { Ok(()) };
        }
    });
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 500);
    tick.forget();
}

/// Sends `data-enhance` forms with fetch and swaps the answer in, so the
/// page stays where it is; without JavaScript the same forms post and
/// redirect back.
fn enhance_forms(r: Rc<Region>) {
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(form) = e.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        if !form.has_attribute("data-enhance") {
            return;
        }
        e.prevent_default();
        // One send of a form at a time (a tap while a retry is on its way).
        if form.has_attribute("data-sending") {
            return;
        }
        if let Ok(Some(over)) = form.query_selector("[aria-invalid=true]") {
            if let Ok(field) = over.dyn_into::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
            return;
        }
        let Ok(data) = FormData::new_with_form(&form) else { return };
        let Ok(params) = UrlSearchParams::new() else { return };
        if let Ok(Some(iter)) = js_sys::try_iter(&data) {
            for pair in iter.flatten() {
                let pair: js_sys::Array = pair.unchecked_into();
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    params.append(&k, &v);
                }
            }
        }
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&params);
        let _ = Reflect::set(&init, &"credentials".into(), &"same-origin".into());
        let _ = Reflect::set(&init, &"headers".into(), &{
            let h = js_sys::Object::new();
            let _ = Reflect::set(&h, &"content-type".into(), &"application/x-www-form-urlencoded".into());
            h.into()
        });
        let buttons = form.query_selector_all("button").ok();
        set_disabled(&buttons, true);
        let _ = form.set_attribute("data-sending", "");
        let action = form.action();
        let r = r.clone();
        r.busy.set(true);
        spawn_local(async move {
            if let Some((url, html)) = text_of(window().fetch_with_str_and_init(&action, &init)).await {
                if let Ok(history) = window().history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
                }
                let _ = form.remove_attribute("data-sending");
                if swap(&r.id, &html, Some(form.unchecked_ref())) {
                    (r.closed)();
                }
            } else {
                // Not sent: the text stays, the form says so, and it goes
                // again by itself in a few seconds (or on a tap).
                let _ = form.remove_attribute("data-sending");
                set_disabled(&buttons, false);
                unsent(&form);
            }
            r.busy.set(false);
        });
    });
    let _ = document().add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
}

/// Whether a form goes out again by itself: a participant's words, whose
/// repeat the server recognises. Votes, ratings and everything on the
/// console wait for a tap: replayed later, they could undo what happened
/// meanwhile.
fn resends_itself(form: &HtmlFormElement) -> bool {
    form.query_selector("textarea[name=text]").ok().flatten().is_some() && form.closest("#console").ok().flatten().is_none()
}

/// Marks a form whose submission did not reach the server; a participant's
/// words go again by themselves (one timer a form), anything else on a tap.
fn unsent(form: &HtmlFormElement) {
    let again = resends_itself(form);
    if form.get_attribute("data-unsent").is_none() {
        let _ = form.set_attribute("data-unsent", "");
        if let Ok(note) = document().create_element("p") {
            let _ = note.set_attribute("class", "error");
            let _ = note.set_attribute("role", "alert");
            NOT_SENT.with(|n| {
                let n = n.borrow();
                note.set_text_content(Some(if again { &n.0 } else { &n.1 }));
            });
            let _ = form.prepend_with_node_1(&note);
        }
    }
    if !again || form.has_attribute("data-waiting") {
        return;
    }
    // Every 4 seconds for a minute, then every 15: it goes out whenever
    // the server is back (and at once when the live stream reconnects).
    let tries = form.get_attribute("data-tries").and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    let _ = form.set_attribute("data-tries", &(tries + 1).to_string());
    let _ = form.set_attribute("data-waiting", "");
    let f = form.clone();
    let retry = Closure::once_into_js(move || {
        let _ = f.remove_attribute("data-waiting");
        if f.is_connected() {
            let _ = f.request_submit();
        }
    });
    let wait = if tries < 15 { 4000 } else { 15_000 };
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), wait);
}

/// Sends again, in page order, the participant's words that wait to be sent.
fn resend_unsent() {
    let Ok(forms) = document().query_selector_all("form[data-unsent]") else { return };
    for i in 0..forms.length() {
        if let Some(f) = forms.get(i).and_then(|n| n.dyn_into::<HtmlFormElement>().ok()).filter(resends_itself) {
            let _ = f.request_submit();
        }
    }
}

/// Fills a text field's count of characters left (`data-left`, or
/// `data-over` past the limit) from its `data-max`, as people type or paste;
/// past the limit the field is marked invalid and its form is not sent.
fn count_characters() {
    let update = |field: &Element| {
        let Some(max) = field.get_attribute("data-max").and_then(|m| m.parse::<i64>().ok()) else { return };
        let value = Reflect::get(field, &"value".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let left = max - value.chars().count() as i64;
        let Some(id) = field.get_attribute("aria-describedby") else { return };
        let Some(hint) = document().get_element_by_id(&id) else { return };
        let template = if left >= 0 { hint.get_attribute("data-left") } else { hint.get_attribute("data-over") };
        hint.set_text_content(Some(&template.unwrap_or_default().replace("{n}", &left.abs().to_string())));
        let _ = if left < 0 {
            hint.class_list().add_1("over").and(field.set_attribute("aria-invalid", "true"))
        } else {
            hint.class_list().remove_1("over").and(field.remove_attribute("aria-invalid"))
        };
    };
    if let Ok(fields) = document().query_selector_all("[data-max]") {
        for i in 0..fields.length() {
            if let Some(el) = fields.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                update(&el);
            }
        }
    }
    let on_input = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).filter(|el| el.has_attribute("data-max")) {
            update(&el);
        }
    });
    let _ = document().add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
    on_input.forget();
}

fn set_disabled(buttons: &Option<web_sys::NodeList>, on: bool) {
    let Some(list) = buttons else { return };
    for i in 0..list.length() {
        if let Some(b) = list.get(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let _ = if on { b.set_attribute("disabled", "") } else { b.remove_attribute("disabled") };
        }
    }
}
