//! The organiser's page (`/o`): sign in with the organiser key, then the
//! dialogues they started, with links, and a way to start another.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::backend::{backend, organiser};
use crate::participant::Flash;
use crate::parts::Notice;
use crate::strings as s;

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let flash = Flash::from_query();
    match organiser().zip(backend()) {
        None => sign_in(flash),
        Some((name, b)) => {
            let mine = b.organiser_dialogues(&name);
            let base = b.public_url();
            let rows = mine
                .into_iter()
                .map(|d| {
                    let status = if d.live { String::new() } else { format!(" ({})", s::t("closed-tag")) };
                    view! {
                        <li>
                            <strong>{d.title}</strong>{status}
                            <span class="links-inline">
                                " "<a href=format!("/f/{}", d.id)>{s::t("open-console")}</a>
                                " · "<a href=format!("{base}/j/{}", d.code)>{s::t("link-participants")}" ("{d.code.clone()}")"</a>
                                " · "<a href=format!("/p/{}", d.id)>{s::t("link-projector")}</a>
                            </span>
                            <details class="series">
                                <summary>{s::t("series")}</summary>
                                <crate::parts::SeriesForm id=d.id/>
                            </details>
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            let empty = rows.is_empty();
            view! {
                <Title text=s::t("organiser")/>
                <section class="card stack organiser">
                    <h1>{s::t("your-dialogues")}</h1>
                    <p>{s::signed_in_as(&name)}</p>
                    {empty.then(|| view! { <p>{s::t("no-dialogues")}</p> })}
                    <ul class="own-dialogues">{rows}</ul>
                    <p><a class="button" href="/new">{s::t("new-dialogue")}</a></p>
                    <form method="post" action="/o/signout"><button type="submit" class="quiet">{s::t("sign-out")}</button></form>
                </section>
            }
            .into_any()
        }
    }
}

fn sign_in(flash: Flash) -> AnyView {
    view! {
        <Title text=s::t("organiser-sign-in")/>
        <section class="card stack">
            <h1>{s::t("organiser-sign-in")}</h1>
            <Notice error=flash.error saved=false/>
            <p class="hint visible">{s::t("organiser-sign-in-text")}</p>
            <crate::parts::KeyForm action="/o/signin".to_string() label=s::t("organiser-key") button=s::t("organiser-sign-in")/>
        </section>
    }
    .into_any()
}
