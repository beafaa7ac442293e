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
    view! {
        <Title text=s::t("new-dialogue")/>
        <section class="create">
            <h1>{s::t("new-dialogue")}</h1>
            // The server's own sentence names the field; the code's is the fallback.
            <Notice error=flash.error.filter(|_| message.is_none()) saved=false/>
            {message.map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <form method="post" action="/new" class="card stack">
                <label for="title">{s::t("f-title")}</label>
                <input id="title" name="title" required value=t("title")/>
                <div class="row">
                    <div><label for="held_on">{s::t("f-date")}</label><input id="held_on" name="held_on" type="date" value=t("held_on")/></div>
                    <div><label for="place">{s::t("f-place")}</label><input id="place" name="place" value=t("place")/></div>
                </div>
                <label for="conveners">{s::t("f-conveners")}</label>
                <textarea id="conveners" name="conveners" rows="3">{t("conveners")}</textarea>
                <label for="report_title">{s::t("f-report-title")}</label>
                <input id="report_title" name="report_title" value=t("report_title")/>
                <label for="report_summary">{s::t("f-report-summary")}</label>
                <textarea id="report_summary" name="report_summary" rows="4">{t("report_summary")}</textarea>
                <label for="report_recommendations">{s::t("f-report-recs")}</label>
                <textarea id="report_recommendations" name="report_recommendations" rows="5">{t("report_recommendations")}</textarea>
                <label for="agenda">{s::t("f-agenda")}</label>
                <textarea id="agenda" name="agenda" rows="9">{agenda}</textarea>
                <label for="themes">{s::t("f-themes")}</label>
                <textarea id="themes" name="themes" rows="5">{themes}</textarea>
                <fieldset class="row">
                    <legend>{s::t("f-scale")}</legend>
                    <div><label for="scale_min">{s::t("f-min")}</label><input id="scale_min" name="scale_min" type="number" min="-1000" max="1000" value=or("scale_min", scale.min.to_string())/></div>
                    <div><label for="scale_max">{s::t("f-max")}</label><input id="scale_max" name="scale_max" type="number" min="-1000" max="1000" value=or("scale_max", scale.max.to_string())/></div>
                </fieldset>
                <label for="low_label">{s::t("f-low")}</label>
                <input id="low_label" name="low_label" value=or("low_label", scale.low_label.clone())/>
                <label for="high_label">{s::t("f-high")}</label>
                <input id="high_label" name="high_label" value=or("high_label", scale.high_label.clone())/>
                <label for="endorsements">{s::t("f-endorsements")}</label>
                <input id="endorsements" name="endorsements" type="number" min="0" max="100" value=or("endorsements", DEFAULT_ENDORSEMENTS.to_string())/>
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
