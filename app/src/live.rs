//! The one live island: it follows the dialogue's event stream, keeps a
//! region of the page fresh by fetching the page again and swapping that
//! region in, sends the region's forms without leaving the page, and shows
//! whether the connection is up. Everything it swaps in is plain HTML.

use leptos::prelude::*;

use crate::strings as s;

/// `events`: the stream to follow; `region`: the id of the element to keep
/// fresh. Stage moves always refresh the region; summaries do too when the
/// region says `data-lists="true"` (it shows lists that change).
#[island]
pub fn Live(events: String, region: String) -> impl IntoView {
    let (online, set_online) = signal(true);
    #[cfg(feature = "hydrate")]
    {
        let set = move |up: bool| set_online.set(up);
        crate::client::start(&events, &region, set);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (&events, &region, set_online);
    view! {
        <span class="conn" class:down=move || !online.get() role="status" aria-live="polite">
            {move || if online.get() { s::LIVE } else { s::RECONNECTING }}
        </span>
    }
}
