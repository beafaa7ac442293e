//! The participant's page, phone first: join, then whatever the current
//! agenda item asks, following the facilitator live.

use convene::agenda::ItemState;
use convene::dialogue::Sector;
use convene::{Dialogue, Kind, Stage, Status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use crate::backend::{backend, read, Who};
use crate::live::Live;
use crate::parts::{Brief, Notice};
use crate::seat::{closing, commitments, introductions, mine, questions, recommendations, resonance, Seat};
use crate::strings as s;
use crate::NotFound;

/// What a redirect carried back: an error code, a text to put back, a confirmation.
#[derive(Clone, Default)]
pub struct Flash {
    pub error: Option<String>,
    pub kind: Option<String>,
    pub text: Option<String>,
    pub theme: Option<String>,
    /// A theme whose recommendations to show whole.
    pub see: Option<String>,
    pub saved: bool,
    /// The form whose text was saved (`?saved=hope`): its note quotes it.
    pub saved_form: Option<String>,
    /// The item an error is about (`?at=`), to show it there.
    pub at: Option<String>,
}

impl Flash {
    pub fn from_query() -> Flash {
        let q = use_query_map().get_untracked();
        Flash {
            error: q.get("error"),
            kind: q.get("for"),
            text: None,
            theme: None,
            see: q.get("see"),
            saved: q.get("saved").is_some(),
            saved_form: q.get("saved"),
            at: q.get("at"),
        }
    }

    /// The id of the field a refused form's error is about: an error about
    /// what was typed or chosen (not "busy", say), on a form of this stage.
    pub fn field(&self, stage: Stage) -> Option<String> {
        let code = self.error.as_deref()?;
        if !matches!(code, "empty_field" | "too_long" | "out_of_scale" | "unknown_theme" | "invalid_field") {
            return None;
        }
        match (self.kind.as_deref()?, self.kind.as_deref().and_then(Kind::parse)) {
            ("rating", _) if stage == Stage::Resonance => Some("rating".into()),
            (_, Some(Kind::Recommendation)) if code == "unknown_theme" && stage == Stage::Recommendations => Some("theme".into()),
            (_, Some(k)) if k.stage() == stage => Some(format!("text-{}", k.as_str())),
            _ => None,
        }
    }

    /// The error about this field, to show beside it.
    pub fn error_at(&self, field: &str, stage: Stage) -> Option<String> {
        (self.field(stage).as_deref() == Some(field)).then(|| self.error.clone()).flatten()
    }

    /// The text to show in a kind's field: what failed to save, else what is saved.
    pub fn text_for(&self, kind: Kind, saved: Option<String>) -> String {
        match (&self.kind, &self.text) {
            (Some(k), Some(t)) if k == kind.as_str() => t.clone(),
            _ => saved.unwrap_or_default(),
        }
    }
}

#[component]
pub fn ParticipantPage() -> impl IntoView {
    let code = use_params_map().get_untracked().get("code").unwrap_or_default();
    let Some(id) = backend().and_then(|b| b.find_code(&code)) else {
        return view! { <crate::landing::UnknownCode code=code/> }.into_any();
    };
    let code = code.to_uppercase();
    let flash = Flash::from_query();
    match crate::backend::who_participant(id) {
        Some(Who::Participant(pid)) => {
            let mut flash = flash;
            // What they typed, when it could not be saved, waits on the server, not in the URL.
            if flash.error.is_some() {
                if let Some(draft) = backend().and_then(|b| b.draft(&crate::backend::participant_draft(pid))) {
                    if draft["for"].as_str() == flash.kind.as_deref() {
                        flash.text = draft["text"].as_str().map(str::to_string);
                        flash.theme = draft["theme"].as_str().map(str::to_string);
                    }
                }
            }
            read(id, |d| seat(d, pid, &code, flash)).unwrap_or_else(|| view! { <NotFound/> }.into_any())
        }
        _ => read(id, |d| join_form(d, &code, flash)).unwrap_or_else(|| view! { <NotFound/> }.into_any()),
    }
}

fn join_form(d: &Dialogue, code: &str, flash: Flash) -> AnyView {
    let title = d.spec.title.clone();
    view! {
        <Title text=title.clone()/>
        <section class="join-page">
            <p class="eyebrow">{s::t("joining")}</p>
            <h1>{title}</h1>
            <Notice error=flash.error saved=false/>
            {flash.saved.then(|| view! { <p class="saved" role="status">{s::t("erased")}</p> })}
            {if d.status == Status::Closed {
                view! {
                    <p class="notice">{s::t("join-closed")}</p>
                    {d.published.then(|| view! { <p><a class="button" href=format!("/api/v1/dialogues/{}/report.html", d.id)>{s::t("read-report")}</a></p> })}
                }.into_any()
            } else {
                view! {
                <form method="post" action=format!("/j/{code}") class="card stack">
                    <label for="name">{s::t("name-label")}</label>
                    <input id="name" name="name" maxlength="200" autocomplete="name" aria-describedby="name-use"/>
                    <label class="check"><input type="checkbox" name="show_name" value="true"/>" "{s::t("show-name")}</label>
                    <p class="hint visible" id="name-use">{s::t("name-use")}</p>
                    <label for="sector">{s::t("sector-label")}</label>
                    <select id="sector" name="sector">
                        <option value="">{s::t("ui-sector-none")}</option>
                        {Sector::ALL.map(|x| view! { <option value=x.as_str()>{s::sector(x)}</option> }).collect_view()}
                    </select>
                    <p class="hint visible">{s::t("anonymous-note")}</p>
                    <button type="submit">{s::t("join-now")}</button>
                </form>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

fn seat(d: &Dialogue, pid: Uuid, code: &str, flash: Flash) -> AnyView {
    let Some(me) = d.participants.get(&pid) else { return view! { <NotFound/> }.into_any() };
    let item = &d.agenda.items[d.agenda.current];
    let stage = item.stage;
    let seat = Seat { d, me, action: format!("/j/{code}/act"), flash: flash.clone() };
    let open = d.status == Status::Live && item.state == ItemState::Open;
    let body = if d.status == Status::Closed {
        view! { <p class="notice">{s::t("closed")}</p> {closing(&seat)} }.into_any()
    } else {
        let panel = match stage {
            Stage::Welcome => view! {
                <p class="big-count" data-count="participants">{d.participants.len()}</p>
                <p class="notice">{s::count_in(s::lang(), "joined", d.participants.len())}</p>
            }
            .into_any(),
            Stage::Introductions => introductions(&seat, open),
            Stage::Brief => view! { <Brief title=d.spec.report.title.clone() items=d.spec.report.recommendations.clone()/> }.into_any(),
            Stage::Questions => questions(&seat, open),
            Stage::Resonance => resonance(&seat, open),
            Stage::Recommendations => recommendations(&seat, open),
            Stage::Commitments => commitments(&seat, open),
            Stage::Closing => closing(&seat),
        };
        view! {
            {(!open).then(|| view! { <p class="notice locked">{s::t("locked")}</p> })}
            {panel}
        }
        .into_any()
    };
    let lists = matches!(stage, Stage::Questions | Stage::Recommendations);
    let title = d.spec.title.clone();
    view! {
        <Title text=title.clone()/>
        <header class="bar">
            <span class="dialogue-title">{title}</span>
            <Live events=format!("/api/v1/dialogues/{}/events?view=counts", d.id) region="stage".to_string() closed=d.status == convene::Status::Closed words=crate::live::words()/>
        </header>
        <section id="stage" class="stage" data-revision=d.revision data-current=d.agenda.current data-title=item.title.clone() data-lists=lists.to_string()
            data-closed=(d.status == convene::Status::Closed).to_string()>
            <p class="eyebrow">{s::stage_name(stage)}</p>
            <h1>{item.title.clone()}</h1>
            <p class="task">{s::stage_task(stage)}</p>
            {crate::parts::countdown(d)}
            // A text's "Saved." sits by its form and quotes what was saved.
            <Notice error=flash.error.clone() saved=flash.saved && flash.saved_form.as_deref().and_then(Kind::parse).is_none() field=flash.field(stage)/>
            {body}
            {mine(&seat)}
        </section>
    }
    .into_any()
}
