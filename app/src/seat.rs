//! The participant's panels, one per stage, and their own contributions.

use convene::contribution::Contribution;
use convene::dialogue::Participant;
use convene::summary::{Summary, View};
use convene::{Dialogue, Kind};
use leptos::prelude::*;

use crate::participant::Flash;
use crate::parts::{ActButton, ActForm, Histogram};
use crate::strings as s;

/// Most characters a contribution holds.
const MAX: usize = convene::text::CONTRIBUTION_MAX;

/// Recommendations a phone sees per theme before asking for the rest.
const PER_THEME: usize = 10;

/// What every panel needs: the dialogue, the person, where forms post.
pub struct Seat<'a> {
    pub d: &'a Dialogue,
    pub me: &'a Participant,
    pub action: String,
    pub flash: Flash,
}

impl Seat<'_> {
    fn own(&self, kind: Kind) -> Option<&Contribution> {
        self.me.own.iter().filter_map(|c| self.d.contributions.get(c)).find(|c| c.kind == kind)
    }

    /// After a save of this kind: what was saved, quoted. Without JavaScript,
    /// Back from a failed post shows this beside whatever the field holds
    /// now, so it never vouches for text that was not sent.
    fn saved_note(&self, kind: Kind) -> Option<AnyView> {
        if self.flash.saved_form.as_deref() != Some(kind.as_str()) {
            return None;
        }
        let latest = self.me.own.iter().rev().filter_map(|c| self.d.contributions.get(c)).find(|c| c.kind == kind)?;
        Some(view! { <p class="saved" role="status">{s::saved_quote(&latest.text)}</p> }.into_any())
    }
}

/// A text field for one kind, prefilled, and its button.
fn text_form(seat: &Seat, kind: Kind, act: &'static str, button: String, open: bool, extra: AnyView) -> AnyView {
    let saved = if kind.is_single() { seat.own(kind).map(|c| c.text.clone()) } else { None };
    let label = if saved.is_some() { s::t("update") } else { button };
    let text = seat.flash.text_for(kind, saved);
    let field = format!("text-{}", kind.as_str());
    let note = seat.saved_note(kind);
    let error = seat.flash.error_at(&field, kind.stage());
    let invalid = error.as_ref().map(|_| "true");
    let described = if error.is_some() { format!("{field}-error {field}-left") } else { format!("{field}-left") };
    view! {
        <ActForm action=seat.action.clone() act=act class="card stack">
            <label for=field.clone()>{s::kind_prompt(kind)}</label>
            {error.map(|code| view! { <p class="error" id=format!("{field}-error")>{s::error(&code)}</p> })}
            // No `maxlength`: it would cut a paste silently. The count says
            // what is left, and the server refuses (and gives back) what is over.
            <textarea id=field.clone() name="text" rows="3" required disabled=!open data-max=MAX.to_string()
                aria-invalid=invalid aria-describedby=described>{text}</textarea>
            {extra}
            {note}
            <p class="hint visible" id=format!("{field}-left") data-left=s::chars_template("chars-left-n") data-over=s::chars_template("chars-over-n")>{s::chars_up_to(MAX)}</p>
            <button type="submit" disabled=!open>{label}</button>
        </ActForm>
    }
    .into_any()
}

pub fn introductions(seat: &Seat, open: bool) -> AnyView {
    view! {
        {text_form(seat, Kind::Hope, "hope", s::t("save"), open, ().into_any())}
        {text_form(seat, Kind::Concern, "concern", s::t("save"), open, ().into_any())}
    }
    .into_any()
}

pub fn commitments(seat: &Seat, open: bool) -> AnyView {
    text_form(seat, Kind::Commitment, "commitment", s::t("save"), open, ().into_any())
}

pub fn questions(seat: &Seat, open: bool) -> AnyView {
    let d = seat.d;
    let items: Vec<&Contribution> = d.index().top_questions().take(100).filter_map(|id| d.contributions.get(&id)).collect();
    let list = if items.is_empty() {
        view! { <p class="notice">{s::t("no-questions")}</p> }.into_any()
    } else {
        let rows = items.into_iter().map(|q| {
            let voted = seat.me.votes.contains(&q.id);
            let own = q.author == seat.me.id;
            let (act, label) = if voted { ("unvote", s::t("upvoted")) } else { ("vote", s::t("upvote")) };
            view! {
                <li class="item" id=format!("c-{}", q.id)>
                    <p>{q.text.clone()}</p>
                    <div class="meta">
                        <span class="votes">{s::votes(q.backers.len())}</span>
                        {if own {
                            view! { <span class="tag">{s::t("yours")}</span> }.into_any()
                        } else if open {
                            view! { <ActButton action=seat.action.clone() act=act fields=vec![("cid", q.id.to_string())] label=label.to_string() class="small" pressed=voted/> }.into_any()
                        } else {
                            ().into_any()
                        }}
                    </div>
                    {q.answer.clone().map(|a| view! { <p class="answer"><strong>{s::t("answer")}": "</strong>{a}</p> })}
                </li>
            }
        }).collect_view();
        view! { <ul class="items">{rows}</ul> }.into_any()
    };
    view! {
        {text_form(seat, Kind::Question, "question", s::t("ask"), open, ().into_any())}
        <h2>{s::kind_plural(Kind::Question)} " (" <span data-count="questions.count">{d.count(Kind::Question)}</span> ")"</h2>
        {list}
    }
    .into_any()
}

/// The rating: a labelled group of radio buttons ("4 of 5 — Strongly" to a
/// screen reader), sent with its own button, with or without JavaScript.
pub fn resonance(seat: &Seat, open: bool) -> AnyView {
    let sc = &seat.d.spec.scale;
    let mine = seat.me.rating;
    let error = seat.flash.error_at("rating", convene::Stage::Resonance);
    let options = (sc.min..=sc.max)
        .map(|v| {
            let end = match v {
                v if v == sc.min && !sc.low_label.is_empty() => format!(" — {}", sc.low_label),
                v if v == sc.max && !sc.high_label.is_empty() => format!(" — {}", sc.high_label),
                _ => String::new(),
            };
            let said = format!("{}{end}", s::rating_option(v, sc.min, sc.max));
            view! {
                <label class="scale">
                    <input type="radio" name="value" value=v.to_string() checked=mine == Some(v) required aria-label=said/>
                    <span aria-hidden="true">{v}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=seat.action.clone() class="card" id="rating" data-enhance="" data-rating=mine.map(|v| v.to_string())>
            <input type="hidden" name="do" value="rating"/>
            <fieldset class="scale-group" disabled=!open aria-describedby=if error.is_some() { "rating-error rating-state" } else { "rating-state" }>
                <legend class="label">{s::t("my-rating")}</legend>
                {error.clone().map(|code| view! { <p class="error" id="rating-error">{s::error(&code)}</p> })}
                <div class="scale-row">{options}</div>
                <div class="scale-labels" aria-hidden="true"><span>{sc.low_label.clone()}</span><span>{sc.high_label.clone()}</span></div>
                <p class="hint visible" id="rating-state">{match mine { Some(v) => s::your_rating(v), None => s::t("not-rated").to_string() }}</p>
                <button type="submit">{s::t(if mine.is_some() { "rate-again" } else { "rate" })}</button>
            </fieldset>
        </form>
        {text_form(seat, Kind::Reservation, "reservation", s::t("save"), open, ().into_any())}
    }
    .into_any()
}

pub fn recommendations(seat: &Seat, open: bool) -> AnyView {
    let d = seat.d;
    let left = d.endorsements_left(seat.me);
    let chosen = seat.flash.theme.clone();
    let theme_error = seat.flash.error_at("theme", convene::Stage::Recommendations);
    let select = view! {
        <label for="theme">{s::t("theme-label")}</label>
        {theme_error.clone().map(|code| view! { <p class="error" id="theme-error">{s::error(&code)}</p> })}
        <select id="theme" name="theme" required disabled=!open aria-invalid=theme_error.as_ref().map(|_| "true")
            aria-describedby=theme_error.as_ref().map(|_| "theme-error")>
            <option value="" disabled selected=chosen.is_none()>{s::t("theme-choose")}</option>
            {d.spec.themes.iter().map(|t| view! { <option value=t.clone() selected=chosen.as_deref() == Some(t)>{t.clone()}</option> }).collect_view()}
        </select>
    }
    .into_any();
    let themes = d.spec.themes.iter().map(|theme| {
        let (count, ids) = d.index().theme(theme);
        // A phone sees the top of each theme; a whole theme on demand.
        let whole = seat.flash.see.as_deref() == Some(theme.as_str());
        let shown = if whole { 500 } else { PER_THEME };
        let items: Vec<&Contribution> = ids.take(shown).filter_map(|id| d.contributions.get(&id)).collect();
        let more = (count > items.len()).then(|| {
            let href = format!("?see={}", convene::text::percent_encode(theme));
            view! { <a class="see-all" href=href>{s::see_all(count)}</a> }
        });
        view! {
            <section class="theme">
                <h3>{theme.clone()} <span class="count">{count}</span></h3>
                {if items.is_empty() {
                    view! { <p class="notice">{s::t("no-recommendations")}</p> }.into_any()
                } else {
                    view! { <ul class="items">{items.into_iter().map(|r| {
                        let endorsed = seat.me.endorsements.contains(&r.id);
                        let own = r.author == seat.me.id;
                        let (act, label) = if endorsed { ("unendorse", s::t("endorsed")) } else { ("endorse", s::t("endorse")) };
                        view! {
                            <li class="item" id=format!("c-{}", r.id)>
                                <p>{r.text.clone()}</p>
                                <div class="meta">
                                    <span class="votes">{s::endorsements(r.backers.len())}</span>
                                    {if own {
                                        view! { <span class="tag">{s::t("yours")}</span> }.into_any()
                                    } else if open && (endorsed || left > 0) {
                                        view! { <ActButton action=seat.action.clone() act=act fields=vec![("cid", r.id.to_string())] label=label.to_string() class="small" pressed=endorsed/> }.into_any()
                                    } else {
                                        ().into_any()
                                    }}
                                </div>
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any()
                }}
                {more}
            </section>
        }
    }).collect_view();
    view! {
        {text_form(seat, Kind::Recommendation, "recommendation", s::t("post"), open, select)}
        <p class="allowance">{s::endorsements_left(left)}</p>
        {themes}
    }
    .into_any()
}

/// The group's summary, for the closing.
pub fn closing(seat: &Seat) -> AnyView {
    let d = seat.d;
    let sum = Summary::build(d, View::Full);
    let counts = [
        (Kind::Hope, sum.hopes.count),
        (Kind::Concern, sum.concerns.count),
        (Kind::Question, sum.questions.count),
        (Kind::Reservation, sum.reservations.count),
        (Kind::Recommendation, sum.recommendations.count),
        (Kind::Commitment, sum.commitments.count),
    ];
    view! {
        <div class="card">
            <h2>{s::t("group-summary")}</h2>
            <p>{s::people_joined(sum.participants)}</p>
            <ul class="counts">{counts.into_iter().map(|(k, n)| view! { <li><strong>{n}</strong> " " {s::kind_plural(k)}</li> }).collect_view()}</ul>
            <Histogram r=sum.resonance low=d.spec.scale.low_label.clone() high=d.spec.scale.high_label.clone()/>
            {d.published.then(|| view! { <p><a class="button" href=format!("/api/v1/dialogues/{}/report.html", d.id)>{s::t("read-report")}</a></p> })}
        </div>
    }
    .into_any()
}

/// The person's own contributions, each withdrawable while its stage is open.
pub fn mine(seat: &Seat) -> AnyView {
    let d = seat.d;
    let own: Vec<&Contribution> = seat.me.own.iter().filter_map(|c| d.contributions.get(c)).collect();
    let rating = seat.me.rating.map(|r| view! { <li class="item"><span class="tag">{s::t("my-rating")}</span> <strong>{r}</strong></li> });
    let any = !own.is_empty();
    view! {
        <details class="mine" id="mine" open=any>
            <summary>{s::t("mine")} " (" {own.len()} ")"</summary>
            {(!any && rating.is_none()).then(|| view! { <p class="notice">{s::t("nothing-yet")}</p> })}
            <ul class="items">
                {rating}
                {own.into_iter().map(|c| {
                    let open = d.status == convene::Status::Live && d.agenda.is_open(c.kind.stage());
                    let state = if c.hidden { Some(s::t("hidden-by-facilitator")) } else if c.merged_into.is_some() { Some(s::t("merged")) } else { None };
                    view! {
                        <li class="item">
                            <span class="tag">{s::kind_name(c.kind)}</span>
                            {c.theme.clone().map(|t| view! { <span class="tag">{t}</span> })}
                            <p>{c.text.clone()}</p>
                            {state.map(|st| view! { <p class="hint visible">{st}</p> })}
                            {open.then(|| view! {
                                <ActButton action=seat.action.clone() act="withdraw" fields=vec![("cid", c.id.to_string())] label=s::t("withdraw").to_string() class="small quiet"/>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <crate::parts::ConfirmForm action=seat.action.clone() act="erase" hint=s::t("erase-text") confirm=s::t("erase-confirm") label=s::t("erase")/>
        </details>
    }
    .into_any()
}
