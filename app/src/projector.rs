//! The projector: the current agenda item for the back of the room, large
//! and live, with nothing to click.

use convene::summary::{Summary, View};
use convene::{Dialogue, Kind, Stage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::backend::{backend, read};
use crate::live::Live;
use crate::parts::{Brief, Histogram};
use crate::strings as s;
use crate::NotFound;

/// Items a wall shows at once: a long list turns its pages (every ten
/// seconds with JavaScript) instead of running off the bottom of the screen.
const WALL: usize = 5;
/// The newest items a wall turns through: twelve pages, two minutes.
const WALL_TURNS: usize = 60;
/// Recommendations on screen per theme, most endorsed first.
const THEME_TOP: usize = 3;
/// Questions on screen, most voted first.
const QUESTIONS: usize = 5;

#[component]
pub fn ProjectorPage() -> impl IntoView {
    let id = use_params_map().get_untracked().get("id").and_then(|i| Uuid::try_parse(&i).ok());
    // `?theme=contrast`: black, white and yellow only.
    let contrast = use_query_map().get_untracked().get("theme").as_deref() == Some("contrast");
    let Some(b) = backend() else { return ().into_any() };
    let base = b.public_url();
    let screen = id.and_then(|id| {
        read(id, |d| {
            let join = format!("{base}/j/{}", d.code);
            let qr = b.qr_svg(&join);
            screen(d, &join, qr, contrast)
        })
    });
    match screen {
        Some(v) => v,
        None => view! { <NotFound/> }.into_any(),
    }
}

fn wall(d: &convene::Dialogue, kind: Kind) -> impl IntoView {
    let count = d.count(kind);
    let items: Vec<String> = d.index().newest(kind, None).take(WALL_TURNS).map(|(_, id)| d.contributions[&id].text.clone()).collect();
    let pages: Vec<Vec<String>> = items.chunks(WALL).map(<[String]>::to_vec).collect();
    // Without JavaScript only the first page shows: the rest is counted.
    let rest = count.saturating_sub(WALL.min(items.len()));
    view! {
        <section class=format!("wall {}", kind.as_str())>
            <h2>{s::bi(|l| s::kind_plural_in(l, kind))} <span class="count">{count}</span></h2>
            {items.is_empty().then(|| view! { <p class="waiting">{s::bt("waiting")}</p> })}
            <div data-rotate="10000">
                {pages.into_iter().enumerate().map(|(i, page)| view! {
                    <ul class="audience" hidden={i > 0}>{page.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                }).collect_view()}
            </div>
            {(rest > 0).then(|| view! { <p class="more">{s::bi(|l| s::count_in(l, "more", rest))}</p> })}
        </section>
    }
}

fn screen(d: &Dialogue, join: &str, qr: String, contrast: bool) -> AnyView {
    let item = &d.agenda.items[d.agenda.current];
    let sum = Summary::build(d, View::Full);
    let scale = &d.spec.scale;
    let body = match item.stage {
        Stage::Welcome => view! {
            <div class="welcome">
                <div class="qr" inner_html=qr></div>
                <div>
                    <p>{s::bt("scan-or-type")}</p>
                    <p class="url">{join.to_string()}</p>
                    <p>{s::bt("and-enter")}</p>
                    <p class="code">{d.code.clone()}</p>
                    <p class="joined"><strong>{sum.participants}</strong> " " {s::bi(|l| s::count_in(l, "joined", sum.participants))}</p>
                </div>
            </div>
        }
        .into_any(),
        Stage::Introductions => view! {
            <div class="two">
                {wall(d, Kind::Hope)}
                {wall(d, Kind::Concern)}
            </div>
        }
        .into_any(),
        // One audience at a time, in turn, when the brief is longer than a screen.
        Stage::Brief => {
            view! { <div data-rotate="15000"><Brief title=d.spec.report.title.clone() items=d.spec.report.recommendations.clone()/></div> }
                .into_any()
        }
        Stage::Questions => {
            let qs = sum.questions.items.clone().unwrap_or_default();
            let shown = qs.len().min(QUESTIONS);
            // Pages of the most voted, turned like the walls; an answer has
            // lines of its own, so a long question never hides it.
            let pages: Vec<Vec<convene::summary::Question>> = qs.chunks(QUESTIONS).map(<[_]>::to_vec).collect();
            view! {
                {qs.is_empty().then(|| view! { <p class="waiting">{s::bt("waiting")}</p> })}
                <div data-rotate="10000">
                    {pages.into_iter().enumerate().map(|(i, page)| view! {
                        <ol class="questions audience" hidden={i > 0}>
                            {page.into_iter().map(|q| view! {
                                <li class:answered=q.answer.is_some()>
                                    <span class="votes">{q.votes}</span>
                                    <div class="body">
                                        <span class="text">{q.text}</span>
                                        {q.answer.clone().map(|a| view! { <span class="answer"><span class="tag">{s::bt("answered")}</span>" "{a}</span> })}
                                    </div>
                                </li>
                            }).collect_view()}
                        </ol>
                    }).collect_view()}
                </div>
                {(sum.questions.count > shown).then(|| view! { <p class="more">{s::bi(|l| s::count_in(l, "more", sum.questions.count - shown))}</p> })}
            }
            .into_any()
        }
        Stage::Resonance => view! {
            <div class="resonance">
                <Histogram r=sum.resonance.clone() low=scale.low_label.clone() high=scale.high_label.clone() big=true/>
                {wall(d, Kind::Reservation)}
            </div>
        }
        .into_any(),
        Stage::Recommendations => {
            let peak =
                sum.recommendations.themes.iter().flat_map(|t| t.items.iter().flatten()).map(|r| r.endorsements).max().unwrap_or(0).max(1);
            view! {
                <div class="themes">
                    {sum.recommendations.themes.iter().map(|t| view! {
                        <section class="theme">
                            <h2>{t.theme.clone()} <span class="count">{t.count}</span></h2>
                            <ul>{t.items.iter().flatten().take(THEME_TOP).map(|r| view! {
                                <li>
                                    <span class="text">{r.text.clone()}</span>
                                    <span class="bar" style=format!("width: {}%", 100 * r.endorsements / peak)></span>
                                    <span class="n">{s::bi(|l| s::count_in(l, "endorsements", r.endorsements))}</span>
                                </li>
                            }).collect_view()}</ul>
                            {(t.count > THEME_TOP).then(|| view! { <p class="more">{s::bi(|l| s::count_in(l, "more", t.count - THEME_TOP))}</p> })}
                        </section>
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Stage::Commitments => view! { {wall(d, Kind::Commitment)} }.into_any(),
        Stage::Closing => view! {
            <div class="glance">
                <ul class="counts">
                    <li><strong>{sum.participants}</strong> {s::bi(|l| s::count_in(l, "joined", sum.participants))}</li>
                    <li><strong>{sum.hopes.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Hope))}</li>
                    <li><strong>{sum.concerns.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Concern))}</li>
                    <li><strong>{sum.questions.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Question))}</li>
                    <li><strong>{sum.reservations.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Reservation))}</li>
                    <li><strong>{sum.recommendations.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Recommendation))}</li>
                    <li><strong>{sum.commitments.count}</strong> {s::bi(|l| s::kind_plural_in(l, Kind::Commitment))}</li>
                </ul>
                <Histogram r=sum.resonance.clone() low=scale.low_label.clone() high=scale.high_label.clone() big=true/>
            </div>
        }
        .into_any(),
    };
    let title = d.spec.title.clone();
    view! {
        <Title text=title.clone()/>
        <div class="projector" class:contrast=contrast>
            <header>
                <span class="dialogue-title">{title}</span>
                <span class="join-hint">{s::bt("join-code")}" "<strong>{d.code.clone()}</strong></span>
                <Live events=format!("/api/v1/dialogues/{}/events", d.id) region="screen".to_string() closed=d.status == convene::Status::Closed words=crate::live::words()/>
            </header>
            <section id="screen" class=format!("screen stage-{}", item.stage.as_str()) data-revision=d.revision data-current=d.agenda.current data-title=item.title.clone() data-lists="true"
                data-closed=(d.status == convene::Status::Closed).to_string()>
                <div class="title-row"><h1>{item.title.clone()}</h1>{crate::parts::countdown(d)}</div>
                {body}
            </section>
        </div>
    }
    .into_any()
}
