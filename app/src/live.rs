//! The one live island: it follows the dialogue's event stream, keeps a
//! region of the page fresh by fetching the page again and swapping that
//! region in, sends the region's forms without leaving the page, and shows
//! whether the connection is up. Everything it swaps in is plain HTML.

use convene::i18n::Arg;
use convene::Kind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::strings as s;

/// What the island says, in the page's language (the browser has no
/// Fluent): its four states and the notes on a form that was not sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LiveWords {
    pub closed: String,
    pub live: String,
    pub reconnecting: String,
    pub reload: String,
    pub not_sent: String,
    pub not_sent_tap: String,
    /// Said when the agenda moves: `{title}` is the new item's.
    pub now: String,
    /// Said of new contributions: `{what}` is a list's name, `{n}` how many.
    pub more: String,
    pub minute_left: String,
    pub time_up: String,
    /// The names of the summary's lists, in `announce::LISTS` order.
    pub lists: Vec<String>,
}

/// The island's words, for the page being rendered.
pub fn words() -> LiveWords {
    let w = |id: &str| s::bi_text(|l| l.t(id));
    LiveWords {
        closed: w("closed-state"),
        live: w("live"),
        reconnecting: w("reconnecting"),
        reload: w("reload-for-latest"),
        not_sent: w("not-sent"),
        not_sent_tap: w("not-sent-tap"),
        // What is announced is said once, in the page's main language.
        now: s::t_with("announce-now", &[("title", Arg::from("{title}"))]),
        more: s::t_with("announce-more", &[("what", Arg::from("{what}")), ("n", Arg::from("{n}"))]),
        minute_left: s::t("announce-minute"),
        time_up: s::t("announce-time-up"),
        lists: [Kind::Hope, Kind::Concern, Kind::Question, Kind::Reservation, Kind::Recommendation, Kind::Commitment]
            .into_iter()
            .map(s::kind_plural)
            .collect(),
    }
}

/// `events`: the stream to follow; `region`: the id of the element to keep
/// fresh. Stage moves always refresh the region; summaries do too when the
/// region says `data-lists="true"` (it shows lists that change).
/// Until its stream opens it claims nothing: a page without JavaScript says
/// to reload for the latest. A closed dialogue says so instead of "Live".
#[island]
pub fn Live(events: String, region: String, closed: bool, words: LiveWords) -> impl IntoView {
    let (online, set_online) = signal(None::<bool>);
    // Closed when the page came, or when a fresh region says so later.
    let (closed, set_closed) = signal(closed);
    #[cfg(feature = "hydrate")]
    {
        let set = move |up: bool| set_online.set(Some(up));
        crate::client::start(&events, &region, words.clone(), set, move || set_closed.set(true));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&events, &region, set_online, set_closed);
    view! {
        <span class="conn" class:down=move || online.get() == Some(false) class:still=move || closed.get() || online.get().is_none()
            role="status" aria-live="polite">
            {move || match (closed.get(), online.get()) {
                (true, _) => words.closed.clone(),
                (false, Some(true)) => words.live.clone(),
                (false, Some(false)) => words.reconnecting.clone(),
                (false, None) => words.reload.clone(),
            }}
        </span>
        // What the room does, said to screen readers (see `announce.rs`).
        <span id="announce" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></span>
    }
}
