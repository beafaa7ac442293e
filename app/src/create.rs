//! Creating a dialogue: one plain form, prefilled with the default agenda,
//! or the Vancouver 2009 dialogue as a template.

use convene::agenda::Agenda;
use convene::spec::{Scale, DEFAULT_ENDORSEMENTS, DEFAULT_THEMES};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::parts::Notice;
use crate::participant::Flash;
use crate::strings as s;

#[component]
pub fn CreatePage() -> impl IntoView {
    let flash = Flash::from_query();
    let agenda = Agenda::default_items().into_iter().map(|(st, t)| format!("{} | {t}", st.as_str())).collect::<Vec<_>>().join("\n");
    let themes = DEFAULT_THEMES.join("\n");
    let scale = Scale::default();
    let message = flash.text.clone();
    view! {
        <Title text=s::NEW_DIALOGUE/>
        <section class="create">
            <h1>{s::NEW_DIALOGUE}</h1>
            <div class="card">
                <h2>{s::FROM_VANCOUVER}</h2>
                <p>{s::FROM_VANCOUVER_TEXT}</p>
                <form method="post" action="/new/vancouver"><button type="submit" class="secondary">{s::FROM_VANCOUVER}</button></form>
            </div>
            <Notice error=flash.error saved=false/>
            {message.map(|m| view! { <p class="error">{m}</p> })}
            <form method="post" action="/new" class="card stack">
                <label for="title">{s::F_TITLE}</label>
                <input id="title" name="title" required maxlength="200"/>
                <div class="row">
                    <div><label for="held_on">{s::F_DATE}</label><input id="held_on" name="held_on" type="date"/></div>
                    <div><label for="place">{s::F_PLACE}</label><input id="place" name="place" maxlength="200"/></div>
                </div>
                <label for="conveners">{s::F_CONVENERS}</label>
                <textarea id="conveners" name="conveners" rows="3"></textarea>
                <label for="report_title">{s::F_REPORT_TITLE}</label>
                <input id="report_title" name="report_title" maxlength="200"/>
                <label for="report_summary">{s::F_REPORT_SUMMARY}</label>
                <textarea id="report_summary" name="report_summary" rows="4"></textarea>
                <label for="report_recommendations">{s::F_REPORT_RECS}</label>
                <textarea id="report_recommendations" name="report_recommendations" rows="5"></textarea>
                <label for="agenda">{s::F_AGENDA}</label>
                <textarea id="agenda" name="agenda" rows="9">{agenda}</textarea>
                <label for="themes">{s::F_THEMES}</label>
                <textarea id="themes" name="themes" rows="5">{themes}</textarea>
                <fieldset class="row">
                    <legend>{s::F_SCALE}</legend>
                    <div><label for="scale_min">{s::F_MIN}</label><input id="scale_min" name="scale_min" type="number" value=scale.min/></div>
                    <div><label for="scale_max">{s::F_MAX}</label><input id="scale_max" name="scale_max" type="number" value=scale.max/></div>
                </fieldset>
                <label for="low_label">{s::F_LOW}</label>
                <input id="low_label" name="low_label" value=scale.low_label maxlength="200"/>
                <label for="high_label">{s::F_HIGH}</label>
                <input id="high_label" name="high_label" value=scale.high_label maxlength="200"/>
                <label for="endorsements">{s::F_ENDORSEMENTS}</label>
                <input id="endorsements" name="endorsements" type="number" min="0" max="100" value=DEFAULT_ENDORSEMENTS/>
                <button type="submit">{s::CREATE}</button>
            </form>
        </section>
    }
}
