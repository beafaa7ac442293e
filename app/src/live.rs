//! The one live island: it follows the dialogue's event stream, keeps a
//! region of the page fresh by fetching the page again and swapping that
//! region in, sends the region's forms without leaving the page, and shows
//! whether the connection is up. Everything it swaps in is plain HTML.

use leptos::prelude::*;

use crate::strings as s;

/// `events`: the stream to follow; `region`: the id of the element to keep
/// fresh. Stage moves always refresh the region; summaries do too when the
/// region says `data-lists="true"` (it shows lists that change).
/// Until its stream opens it claims nothing: a page without JavaScript says
/// to reload for the latest. A closed dialogue says so instead of "Live".
#[island]
pub fn Live(events: String, region: String, closed: bool) -> impl IntoView {
    let (online, set_online) = signal(None::<bool>);
    // Closed when the page came, or when a fresh region says so later.
    let (closed, set_closed) = signal(closed);
    #[cfg(feature = "hydrate")]
    {
        let set = move |up: bool| set_online.set(Some(up));
        crate::client::start(&events, &region, set, move || set_closed.set(true));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&events, &region, set_online, set_closed);
    view! {
        <span class="conn" class:down=move || online.get() == Some(false) class:still=move || closed.get() || online.get().is_none()
            role="status" aria-live="polite">
            {move || match (closed.get(), online.get()) {
                (true, _) => s::CLOSED_STATE,
                (false, Some(true)) => s::LIVE,
                (false, Some(false)) => s::RECONNECTING,
                (false, None) => s::RELOAD_FOR_LATEST,
            }}
        </span>
    }
}
