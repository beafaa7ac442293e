//! Creating a dialogue: one plain form, prefilled with the default agenda,
//! or the Vancouver 2009 dialogue as a template.

use convene::agenda::Agenda;
use convene::spec::{Scale, DEFAULT_ENDORSEMENTS, DEFAULT_THEMES};
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
            <Title text=s::NEW_DIALOGUE/>
            <section class="card stack">
                <h1>{s::NEW_DIALOGUE}</h1>
                <p>{s::ORGANISER_NEEDED}</p>
                <p><a class="button" href="/o">{s::ORGANISER_SIGN_IN}</a></p>
            </section>
        }
        .into_any();
    };
    // What the organiser typed when the server last refused the form.
    let draft =
        flash.error.as_ref().and_then(|_| crate::backend::backend()).and_then(|b| b.draft(&crate::backend::create_draft(&organiser)));
    let typed = |field: &str| -> Option<String> { draft.as_ref().and_then(|d| d["form"][field].as_str()).map(str::to_string) };
    let agenda = Agenda::default_items().into_iter().map(|(st, t)| format!("{} | {t}", st.as_str())).collect::<Vec<_>>().join("\n");
    let themes = DEFAULT_THEMES.join("\n");
    let scale = Scale::default();
    let message = draft.as_ref().and_then(|d| d["message"].as_str()).filter(|m| !m.is_empty()).map(str::to_string);
    let agenda = typed("agenda").unwrap_or(agenda);
    let themes = typed("themes").unwrap_or(themes);
    let t = |field: &str| typed(field).unwrap_or_default();
    let or = |field: &str, default: String| typed(field).unwrap_or(default);
    view! {
        <Title text=s::NEW_DIALOGUE/>
        <section class="create">
            <h1>{s::NEW_DIALOGUE}</h1>
            // The server's own sentence names the field; the code's is the fallback.
            <Notice error=flash.error.filter(|_| message.is_none()) saved=false/>
            {message.map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <form method="post" action="/new" class="card stack">
                <label for="title">{s::F_TITLE}</label>
                <input id="title" name="title" required value=t("title")/>
                <div class="row">
                    <div><label for="held_on">{s::F_DATE}</label><input id="held_on" name="held_on" type="date" value=t("held_on")/></div>
                    <div><label for="place">{s::F_PLACE}</label><input id="place" name="place" value=t("place")/></div>
                </div>
                <label for="conveners">{s::F_CONVENERS}</label>
                <textarea id="conveners" name="conveners" rows="3">{t("conveners")}</textarea>
                <label for="report_title">{s::F_REPORT_TITLE}</label>
                <input id="report_title" name="report_title" value=t("report_title")/>
                <label for="report_summary">{s::F_REPORT_SUMMARY}</label>
                <textarea id="report_summary" name="report_summary" rows="4">{t("report_summary")}</textarea>
                <label for="report_recommendations">{s::F_REPORT_RECS}</label>
                <textarea id="report_recommendations" name="report_recommendations" rows="5">{t("report_recommendations")}</textarea>
                <label for="agenda">{s::F_AGENDA}</label>
                <textarea id="agenda" name="agenda" rows="9">{agenda}</textarea>
                <label for="themes">{s::F_THEMES}</label>
                <textarea id="themes" name="themes" rows="5">{themes}</textarea>
                <fieldset class="row">
                    <legend>{s::F_SCALE}</legend>
                    <div><label for="scale_min">{s::F_MIN}</label><input id="scale_min" name="scale_min" type="number" min="-1000" max="1000" value=or("scale_min", scale.min.to_string())/></div>
                    <div><label for="scale_max">{s::F_MAX}</label><input id="scale_max" name="scale_max" type="number" min="-1000" max="1000" value=or("scale_max", scale.max.to_string())/></div>
                </fieldset>
                <label for="low_label">{s::F_LOW}</label>
                <input id="low_label" name="low_label" value=or("low_label", scale.low_label.clone())/>
                <label for="high_label">{s::F_HIGH}</label>
                <input id="high_label" name="high_label" value=or("high_label", scale.high_label.clone())/>
                <label for="endorsements">{s::F_ENDORSEMENTS}</label>
                <input id="endorsements" name="endorsements" type="number" min="0" max="100" value=or("endorsements", DEFAULT_ENDORSEMENTS.to_string())/>
                <button type="submit">{s::CREATE}</button>
            </form>
            <div class="card">
                <h2>{s::FROM_VANCOUVER}</h2>
                <p>{s::FROM_VANCOUVER_TEXT}</p>
                <form method="post" action="/new/vancouver"><button type="submit" class="secondary">{s::FROM_VANCOUVER}</button></form>
            </div>
        </section>
    }
    .into_any()
}
