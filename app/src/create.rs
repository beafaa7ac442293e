//! Creating a dialogue: one plain form, prefilled with the default agenda,
//! or the Vancouver 2009 dialogue as a template.

use convene::i18n::Languages;
use convene::spec::{Defaults, DEFAULT_ENDORSEMENTS};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::participant::Flash;
use crate::parts::Notice;
use crate::strings as s;

#[component]
pub fn CreatePage() -> impl IntoView {
    let flash = Flash::from_query();
    let Some(organiser) = crate::backend::organiser() else {
        return view! {
            <Title text=s::t("new-dialogue")/>
            <section class="card stack">
                <h1>{s::t("new-dialogue")}</h1>
                <p>{s::t("organiser-needed")}</p>
                <p><a class="button" href="/o">{s::t("organiser-sign-in")}</a></p>
            </section>
        }
        .into_any();
    };
    // What the organiser typed when the server last refused the form.
    let draft =
        flash.error.as_ref().and_then(|_| crate::backend::backend()).and_then(|b| b.draft(&crate::backend::create_draft(&organiser)));
    let typed = |field: &str| -> Option<String> { draft.as_ref().and_then(|d| d["form"][field].as_str()).map(str::to_string) };
    // The defaults in the page's language, for the organiser to edit.
    let Defaults { agenda, themes, scale } = Defaults::new(&Languages(vec![s::lang()]));
    let agenda = agenda.into_iter().map(|(st, t)| format!("{} | {t}", st.as_str())).collect::<Vec<_>>().join("\n");
    let themes = themes.join("\n");
    let message = draft.as_ref().and_then(|d| d["message"].as_str()).filter(|m| !m.is_empty()).map(str::to_string);
    let agenda = typed("agenda").unwrap_or(agenda);
    let themes = typed("themes").unwrap_or(themes);
    let t = |field: &str| typed(field).unwrap_or_default();
    let or = |field: &str, default: String| typed(field).unwrap_or(default);
    // A new dialogue speaks the organiser's language unless they choose otherwise.
    let language = or("language", s::lang().code().to_string());
    // The field the server refused, named in its message (`title`,
    // `agenda.stage`…): the error is linked from the top and shown there.
    let bad = message.as_deref().and_then(form_field);
    let here = |id: &'static str| (bad == Some(id)).then(|| flash.error.clone()).flatten();
    let note = |id: &'static str| {
        here(id).map(|code| view! { <p class="error" id=format!("{id}-error")>{s::error(if code == "invalid_field" { "this_field" } else { &code })}</p> })
    };
    let invalid = |id: &'static str| here(id).map(|_| "true");
    let described = |id: &'static str| here(id).map(|_| format!("{id}-error"));
    // The server's own sentence is English: an English page shows it too.
    let detail = message.filter(|_| s::lang() == convene::i18n::Lang::ENGLISH);
    view! {
        <Title text=s::t("new-dialogue")/>
        <section class="create">
            <h1>{s::t("new-dialogue")}</h1>
            <Notice error=flash.error.clone() saved=false field=bad.map(str::to_string)/>
            {detail.map(|m| view! { <p class="error">{m}</p> })}
            <form method="post" action="/new" class="card stack">
                <label for="title">{s::t("f-title")}</label>
                {note("title")}<input id="title" name="title" required value=t("title") aria-invalid=invalid("title") aria-describedby=described("title")/>
                <div class="row">
                    <div><label for="held_on">{s::t("f-date")}</label>{note("held_on")}<input id="held_on" name="held_on" type="date" value=t("held_on") aria-invalid=invalid("held_on") aria-describedby=described("held_on")/></div>
                    <div><label for="place">{s::t("f-place")}</label>{note("place")}<input id="place" name="place" value=t("place") aria-invalid=invalid("place") aria-describedby=described("place")/></div>
                </div>
                <label for="conveners">{s::t("f-conveners")}</label>
                {note("conveners")}<textarea id="conveners" name="conveners" rows="3" aria-invalid=invalid("conveners") aria-describedby=described("conveners")>{t("conveners")}</textarea>
                <label for="report_title">{s::t("f-report-title")}</label>
                {note("report_title")}<input id="report_title" name="report_title" value=t("report_title") aria-invalid=invalid("report_title") aria-describedby=described("report_title")/>
                <label for="report_summary">{s::t("f-report-summary")}</label>
                {note("report_summary")}<textarea id="report_summary" name="report_summary" rows="4" aria-invalid=invalid("report_summary") aria-describedby=described("report_summary")>{t("report_summary")}</textarea>
                <label for="report_recommendations">{s::t("f-report-recs")}</label>
                {note("report_recommendations")}<textarea id="report_recommendations" name="report_recommendations" rows="5" aria-invalid=invalid("report_recommendations") aria-describedby=described("report_recommendations")>{t("report_recommendations")}</textarea>
                <label for="agenda">{s::t("f-agenda")}</label>
                {note("agenda")}<textarea id="agenda" name="agenda" rows="9" aria-invalid=invalid("agenda") aria-describedby=described("agenda")>{agenda}</textarea>
                <label for="themes">{s::t("f-themes")}</label>
                {note("themes")}<textarea id="themes" name="themes" rows="5" aria-invalid=invalid("themes") aria-describedby=described("themes")>{themes}</textarea>
                <fieldset class="row">
                    <legend>{s::t("f-scale")}</legend>
                    <div><label for="scale_min">{s::t("f-min")}</label>{note("scale_min")}<input id="scale_min" name="scale_min" type="number" min="-1000" max="1000" value=or("scale_min", scale.min.to_string()) aria-invalid=invalid("scale_min") aria-describedby=described("scale_min")/></div>
                    <div><label for="scale_max">{s::t("f-max")}</label><input id="scale_max" name="scale_max" type="number" min="-1000" max="1000" value=or("scale_max", scale.max.to_string())/></div>
                </fieldset>
                <label for="low_label">{s::t("f-low")}</label>
                <input id="low_label" name="low_label" value=or("low_label", scale.low_label.clone())/>
                <label for="high_label">{s::t("f-high")}</label>
                <input id="high_label" name="high_label" value=or("high_label", scale.high_label.clone())/>
                <label for="endorsements">{s::t("f-endorsements")}</label>
                {note("endorsements")}<input id="endorsements" name="endorsements" type="number" min="0" max="100" value=or("endorsements", DEFAULT_ENDORSEMENTS.to_string()) aria-invalid=invalid("endorsements") aria-describedby=described("endorsements")/>
                <fieldset>
                    <legend>{s::t("f-language")}</legend>
                    {["en", "fr", "en+fr"].into_iter().map(|code| {
                        let id = format!("language-{}", code.replace('+', "-"));
                        let checked = language == code;
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="radio" name="language" id=id value=code checked=checked/>" "{s::t(&format!("f-language-{}", code.replace('+', "-")))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit">{s::t("create")}</button>
            </form>
            <div class="card">
                <h2>{s::t("from-vancouver")}</h2>
                <p>{s::t("from-vancouver-text")}</p>
                <form method="post" action="/new/vancouver"><button type="submit" class="secondary">{s::t("from-vancouver")}</button></form>
            </div>
        </section>
    }
    .into_any()
}

/// The form field a server message names (`The field \`agenda.stage\` …`).
fn form_field(message: &str) -> Option<&'static str> {
    let name = message.split('`').nth(1)?;
    let top = name.split(['.', '[']).next()?;
    Some(match (top, name) {
        (_, "report.title") => "report_title",
        (_, "report.summary") => "report_summary",
        ("report", _) => "report_recommendations",
        ("title", _) => "title",
        ("held_on", _) => "held_on",
        ("place", _) => "place",
        ("conveners", _) => "conveners",
        ("agenda", _) => "agenda",
        ("themes", _) => "themes",
        ("scale", _) => "scale_min",
        ("endorsements_per_participant", _) => "endorsements",
        _ => return None,
    })
}
