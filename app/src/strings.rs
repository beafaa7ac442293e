//! Every user-facing word of the pages comes from the Fluent files in
//! `locales/` (one per language) through these helpers, in the language the
//! server chose for the request (see `lang`). Islands run in the browser
//! without Fluent: they get their words as props.

use convene::i18n::{Arg, Lang};
use convene::{ItemState, Kind, Stage};
use leptos::prelude::*;

pub const APP_NAME: &str = "Convene";

/// The language of the page being rendered (English outside a request).
pub fn lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// A message in the page's language.
pub fn t(id: &str) -> String {
    lang().t(id)
}

/// A message with arguments (numbers choose plurals and are grouped).
pub fn t_with(id: &str, args: &[(&str, Arg)]) -> String {
    lang().t_with(id, args)
}

fn count(id: &str, n: usize) -> String {
    count_in(lang(), id, n)
}

/// Words in each of the page's languages (a bilingual projector shows
/// `en+fr` side by side), every language after the first marked as such.
pub fn bi(words: impl Fn(Lang) -> String) -> AnyView {
    let langs = crate::language::page_languages();
    let first = langs.primary();
    let rest: Vec<(Lang, String)> = langs.0.iter().copied().filter(|l| *l != first).map(|l| (l, words(l))).collect();
    view! {
        {words(first)}
        {rest.into_iter().map(|(l, w)| view! { " / " <span lang=l.code()>{w}</span> }).collect_view()}
    }
    .into_any()
}

/// The same words as one plain text (for an attribute).
pub fn bi_text(words: impl Fn(Lang) -> String) -> String {
    crate::language::page_languages().0.iter().map(|l| words(*l)).collect::<Vec<_>>().join(" / ")
}

/// A message in each of the page's languages.
pub fn bt(id: &str) -> AnyView {
    bi(|l| l.t(id))
}

/// A number as the page's language writes it ("1 000", "4,30").
pub fn number(l: Lang, n: f64, digits: usize) -> String {
    l.t_with("number", &[("n", Arg::Fixed(n, digits))])
}

pub fn count_in(l: Lang, id: &str, n: usize) -> String {
    l.t_with(id, &[("n", Arg::from(n))])
}

pub fn your_rating(v: i32) -> String {
    t_with("your-rating", &[("v", Arg::Num(f64::from(v)))])
}

/// One value of the rating scale as a screen reader says it: "4 of 5".
pub fn rating_option(v: i32, min: i32, max: i32) -> String {
    let n = |x: i32| Arg::Num(f64::from(x));
    if min == 1 {
        t_with("rating-of", &[("v", n(v)), ("max", n(max))])
    } else {
        t_with("rating-from-to", &[("v", n(v)), ("min", n(min)), ("max", n(max))])
    }
}

pub fn sector(x: convene::dialogue::Sector) -> String {
    t(&convene::report::words::sector_id(Some(x)))
}

pub fn stage_name(stage: Stage) -> String {
    t(&format!("stage-{}", stage.as_str()))
}

pub fn stage_task(stage: Stage) -> String {
    t(&format!("task-{}", stage.as_str()))
}

pub fn kind_name(kind: Kind) -> String {
    t(&format!("kind-{}", kind.as_str()))
}

pub fn kind_plural(kind: Kind) -> String {
    kind_plural_in(lang(), kind)
}

pub fn kind_plural_in(l: Lang, kind: Kind) -> String {
    l.t(&format!("kinds-{}", kind.as_str()))
}

pub fn kind_prompt(kind: Kind) -> String {
    t(&format!("prompt-{}", kind.as_str()))
}

/// "Saved:" and the start of what was saved.
pub fn saved_quote(text: &str) -> String {
    const SHOWN: usize = 80;
    let mut cut: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        cut.push('…');
    }
    t_with("saved-quote", &[("text", Arg::Text(cut))])
}

pub fn chars_up_to(max: usize) -> String {
    t_with("chars-up-to", &[("max", Arg::from(max))])
}

/// A template the page fills in as people type: `{n}` is the number.
pub fn chars_template(id: &str) -> String {
    t_with(id, &[("n", Arg::from("{n}"))])
}

pub fn endorsements_left(n: u32) -> String {
    count("endorsements-left", n as usize)
}

pub fn see_all(n: usize) -> String {
    count("see-all", n)
}

pub fn votes(n: usize) -> String {
    count("votes", n)
}

pub fn endorsements(n: usize) -> String {
    count("endorsements", n)
}

pub fn people_joined(n: usize) -> String {
    count("people-joined", n)
}

/// The codes a page explains in its own words; any other is "error-other".
const ERROR_CODES: &[&str] = &[
    "stage_not_open",
    "dialogue_closed",
    "own_contribution",
    "no_endorsements_left",
    "limit_reached",
    "empty_field",
    "too_long",
    "out_of_scale",
    "unknown_theme",
    "unauthorized",
    "busy",
    "rate_limited",
    "not_found",
    "bad_key",
    "confirm_needed",
    "organiser_needed",
    "dialogue_full",
    "invalid_field",
    "this_field",
];

/// The sentence for an error code carried back to a page.
pub fn error(code: &str) -> String {
    let known = ERROR_CODES.iter().find(|c| **c == code).copied().unwrap_or("other");
    t(&format!("error-{known}"))
}

pub fn rated_by(n: u64) -> String {
    count("rated-by", n as usize)
}

pub fn more(n: usize) -> String {
    count("more", n)
}

pub fn audit_title(n: usize) -> String {
    count("audit-title", n)
}

/// What the console's audit log calls an action; any other is "acted".
const AUDIT_ACTIONS: &[&str] = &[
    "stage",
    "countdown",
    "lock",
    "unlock",
    "hide",
    "unhide",
    "merge",
    "unmerge",
    "refile",
    "answer",
    "conclusion",
    "close",
    "publish",
    "new_key",
    "sign_in",
    "duplicate",
    "team_add",
    "team_remove",
];

/// A facilitation action as the audit log on the console names it.
pub fn audit_action(code: &str) -> String {
    let known = AUDIT_ACTIONS.iter().find(|c| **c == code).copied().unwrap_or("other");
    t(&format!("audit-{known}"))
}

pub fn state_name(state: ItemState) -> String {
    t(match state {
        ItemState::Upcoming => "state-upcoming",
        ItemState::Open => "state-open",
        ItemState::Locked => "state-locked",
    })
}

pub fn shared_of(n: usize, of: usize, kind: Kind) -> String {
    t_with(&format!("shared-{}", kind.as_str()), &[("n", Arg::from(n)), ("of", Arg::from(of))])
}

pub fn rated_of(n: u64, of: usize) -> String {
    t_with("rated-of", &[("n", Arg::from(n as usize)), ("of", Arg::from(of))])
}

pub fn role_name(role: convene::command::Role) -> String {
    t(&format!("role-{}", role.as_str()))
}

/// What a member of the team sees atop the console.
pub fn signed_in_role(role: convene::command::Role, name: &str) -> String {
    t_with("signed-in-role", &[("role", Arg::from(role_name(role).as_str())), ("name", Arg::from(name))])
}

pub fn team_remove(name: &str) -> String {
    t_with("team-remove", &[("name", Arg::from(name))])
}

pub fn signed_in_as(name: &str) -> String {
    t_with("signed-in-as", &[("name", Arg::from(name))])
}
