//! Small pieces the pages share: forms that post plainly, notices, the
//! brief, the resonance histogram.

use std::collections::BTreeMap;

use convene::spec::BriefRecommendation;
use convene::summary::Resonance;
use convene::Dialogue;
use leptos::prelude::*;

use crate::strings as s;

/// A form that posts to `action` with `do` = `act`; the Live island sends it in place.
#[component]
pub fn ActForm(action: String, act: &'static str, #[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    view! {
        <form method="post" action=action class=class data-enhance="">
            <input type="hidden" name="do" value=act/>
            {children()}
        </form>
    }
}

/// A form that trades a key for a session (the key is a password field:
/// never autofilled, never shown).
#[component]
pub fn KeyForm(action: String, label: String, button: String) -> impl IntoView {
    view! {
        <form method="post" action=action class="stack">
            <label for="key">{label}</label>
            <input id="key" name="key" type="password" autocomplete="off" required/>
            <button type="submit">{button}</button>
        </form>
    }
}

/// Starts the next dialogue of a series from this one (`do=duplicate`):
/// its title, and the button. Ids are the dialogue's own, so several can
/// share a page.
#[component]
pub fn SeriesForm(id: uuid::Uuid) -> impl IntoView {
    let field = format!("series-{id}");
    view! {
        <form method="post" action=format!("/f/{id}/act") class="stack series">
            <input type="hidden" name="do" value="duplicate"/>
            <label for=field.clone()>{s::t("series-title")}</label>
            <input id=field name="text" required maxlength=convene::text::TITLE_MAX.to_string()/>
            <button type="submit" class="quiet">{s::t("series-start")}</button>
        </form>
    }
}

/// A form that does what cannot be undone: what it does, a box to tick,
/// and the button (`value=yes` only when ticked; browsers require it).
#[component]
pub fn ConfirmForm(action: String, act: &'static str, hint: String, confirm: String, label: String) -> impl IntoView {
    view! {
        <form method="post" action=action class="stack confirm">
            <input type="hidden" name="do" value=act/>
            <p class="hint visible">{hint}</p>
            <label class="check"><input type="checkbox" name="value" value="yes" required/>" "{confirm}</label>
            <button type="submit" class="quiet danger">{label}</button>
        </form>
    }
}

/// One button that posts `do` = `act` with hidden fields.
#[component]
pub fn ActButton(
    action: String,
    act: &'static str,
    fields: Vec<(&'static str, String)>,
    label: String,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] pressed: Option<bool>,
    /// An access key (the browser's modifier and this letter), listed on the console.
    #[prop(optional)]
    key: Option<&'static str>,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline" data-enhance="">
            <input type="hidden" name="do" value=act/>
            {fields.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <button type="submit" class=class aria-pressed=pressed.map(|p| p.to_string()) accesskey=key>{label}</button>
        </form>
    }
}

/// The error or confirmation a redirect carried back. An error about one
/// field (`field`, its id) links to it, where the same error is shown again.
#[component]
pub fn Notice(error: Option<String>, saved: bool, #[prop(default = None)] field: Option<String>) -> impl IntoView {
    match (error, field) {
        (Some(code), Some(field)) => view! {
            <div class="error error-summary" role="alert">
                <a href=format!("#{field}")>{s::error(&code)}</a>
            </div>
        }
        .into_any(),
        (Some(code), None) => view! { <p class="error" role="alert">{s::error(&code)}</p> }.into_any(),
        (None, _) if saved => view! { <p class="saved" role="status">{s::t("saved")}</p> }.into_any(),
        (None, _) => ().into_any(),
    }
}

/// The report's key recommendations, by audience, then rubric.
#[component]
pub fn Brief(title: String, items: Vec<BriefRecommendation>) -> impl IntoView {
    let mut groups: Vec<(String, BTreeMap<String, Vec<String>>)> = Vec::new();
    let mut rubric_order: Vec<(String, Vec<String>)> = Vec::new();
    for r in items {
        let pos = match groups.iter().position(|(a, _)| *a == r.audience) {
            Some(p) => p,
            None => {
                groups.push((r.audience.clone(), BTreeMap::new()));
                rubric_order.push((r.audience.clone(), Vec::new()));
                groups.len() - 1
            }
        };
        if !rubric_order[pos].1.contains(&r.rubric) {
            rubric_order[pos].1.push(r.rubric.clone());
        }
        groups[pos].1.entry(r.rubric).or_default().push(r.text);
    }
    view! {
        <div class="brief">
            {(!title.is_empty()).then(|| view! { <p class="report-title">{title}</p> })}
            {groups.into_iter().zip(rubric_order).map(|((audience, mut by_rubric), (_, order))| view! {
                <section class="audience">
                    {(!audience.is_empty()).then(|| view! { <h3>{audience}</h3> })}
                    {order.into_iter().map(|rubric| {
                        let texts = by_rubric.remove(&rubric).unwrap_or_default();
                        view! {
                            {(!rubric.is_empty()).then(|| view! { <h4>{rubric}</h4> })}
                            <ul>{texts.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                        }
                    }).collect_view()}
                </section>
            }).collect_view()}
        </div>
    }
}

/// The resonance histogram as an SVG bar chart with its labels and n.
#[component]
pub fn Histogram(r: Resonance, low: String, high: String, #[prop(optional)] big: bool) -> impl IntoView {
    let (w, h) = if big { (1200.0, 620.0) } else { (360.0, 200.0) };
    // On the projector every label stays at least 32 px where the figure is drawn.
    let font = if big { 46.0 } else { 13.0 };
    let small = if big { font } else { font * 0.85 };
    let (left, bottom, top) = (font * 1.5, font * 2.8, font * 1.6);
    let steps = r.histogram.len().max(1) as f64;
    let peak = r.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (w - left * 2.0) / steps;
    let plot = h - bottom - top;
    let bars = r
        .histogram
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let bh = plot * (*n as f64) / peak;
            let x = left + slot * i as f64 + slot * 0.12;
            let y = top + plot - bh;
            let value = r.min + i as i32;
            view! {
                <g>
                    <rect x=x y=y width=slot * 0.76 height=bh class="bar" data-value=value data-n=*n/>
                    <text x=x + slot * 0.38 y=y - font * 0.3 text-anchor="middle" class="n" font-size=font>{*n}</text>
                    <text x=x + slot * 0.38 y=h - bottom + font * 1.2 text-anchor="middle" font-size=font>{value}</text>
                </g>
            }
        })
        .collect_view();
    let stats = |l: convene::i18n::Lang| match (r.mean, r.median) {
        (Some(mean), Some(median)) => format!(
            "{} {} · {} {} · {}",
            l.t("mean"),
            s::number(l, mean, 2),
            l.t("median"),
            s::number(l, median, usize::from(median.fract() != 0.0)),
            s::count_in(l, "rated-by", r.count as usize)
        ),
        _ => l.t("no-ratings"),
    };
    let label = s::bi_text(stats);
    let caption = s::bi(stats);
    // The figure's text equivalent: each value of the scale and how many chose it.
    let rows: Vec<(i32, u64)> = r.histogram.iter().enumerate().map(|(i, n)| (r.min + i as i32, *n)).collect();
    view! {
        <figure class="histogram">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-label=label>
                <line x1=left y1=top + plot x2=w - left y2=top + plot class="axis"/>
                {bars}
                <text x=left y=h - font * 0.3 font-size=small class="scale-label">{format!("{} = {low}", r.min)}</text>
                <text x=w - left y=h - font * 0.3 font-size=small text-anchor="end" class="scale-label">{format!("{} = {high}", r.max)}</text>
            </svg>
            <figcaption class="stats">{caption}</figcaption>
            <table class="sr-only">
                <thead><tr><th scope="col">{s::bt("rating-value")}</th><th scope="col">{s::bt("rating-count")}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(value, n)| view! { <tr><th scope="row">{value}</th><td>{n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

/// The running countdown, if any; the Live island ticks it down.
pub fn countdown(d: &Dialogue) -> Option<AnyView> {
    let ends = d.agenda.countdown_ends_at?;
    let left = (ends - crate::backend::now_ms()).max(0);
    Some(
        view! {
            <p class="countdown" data-countdown-ms=left.to_string() role="timer">{format!("{}:{:02}", left / 60_000, left / 1000 % 60)}</p>
        }
        .into_any(),
    )
}
