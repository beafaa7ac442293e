//! What every fuzz target asserts about what the parsers hand back.

use convene::agenda::Stage;
use convene::spec::{CreateDialogue, DialogueSpec, Strictness, MAX_SCALE_STEPS};
use convene::text::{is_bidi_control, IMPORT_MAX, LONG_MAX, TITLE_MAX};
use convene::DomainError;

/// Kept in step with the private limits of `convene::spec`.
pub const MAX_AGENDA: usize = 50;
pub const MAX_THEMES: usize = 30;
pub const MAX_LIST: usize = 100;
pub const MAX_BRIEF: usize = 200;
pub const MAX_ENDORSEMENTS: u32 = 100;
pub const SUMMARY_MAX: usize = 20_000;

/// No bidi control and no control character but a newline.
pub fn assert_no_controls(what: &str, s: &str) {
    for c in s.chars() {
        assert!(!is_bidi_control(c), "{what} keeps the bidi control {c:?}: {s:?}");
        assert!(c == '\n' || !c.is_control(), "{what} keeps the control character {c:?}: {s:?}");
    }
}

/// What `text::clean` promises: no controls, nothing to trim.
pub fn assert_clean(what: &str, s: &str) {
    assert_no_controls(what, s);
    assert_eq!(s, s.trim(), "{what} is not trimmed");
}

/// A cleaned text of 1..=max characters.
pub fn assert_text(what: &str, s: &str, max: usize) {
    assert_clean(what, s);
    assert!(!s.is_empty(), "{what} is empty");
    let n = s.chars().count();
    assert!(n <= max, "{what} is {n} characters, over {max}");
}

/// A cleaned text of 0..=max characters.
pub fn assert_optional_text(what: &str, s: &str, max: usize) {
    if !s.is_empty() {
        assert_text(what, s, max);
    }
}

/// Parse errors are a 422 or a 409 with a sentence, never anything else.
pub fn assert_refusal(e: &DomainError) {
    assert!(matches!(e.status(), 409 | 422), "unexpected status {}: {e}", e.status());
    assert!(!e.message.is_empty() && !e.code.is_empty(), "an error without words: {e:?}");
}

/// Every bound `CreateDialogue::parse` promises about its result.
pub fn assert_spec(how: Strictness, spec: &DialogueSpec, agenda: &[(Stage, String)]) {
    let short = match how {
        Strictness::Create => TITLE_MAX,
        Strictness::Import => IMPORT_MAX,
    };
    let long = |max: usize| match how {
        Strictness::Create => max,
        Strictness::Import => max.max(IMPORT_MAX),
    };
    assert_text("title", &spec.title, short);
    if let Some(d) = &spec.held_on {
        assert!(convene::time::valid_date(d), "held_on {d:?} is not a date");
    }
    if let Some(p) = &spec.place {
        assert_text("place", p, short);
    }
    assert!(spec.conveners.len() <= MAX_LIST);
    for c in &spec.conveners {
        assert_text("conveners", c, short);
    }
    assert!(spec.roles.len() <= MAX_LIST);
    for r in &spec.roles {
        assert_text("roles.name", &r.name, short);
        assert_no_controls("roles.role", &r.role);
        assert!(r.role.chars().count() <= TITLE_MAX, "roles.role over {TITLE_MAX}");
        assert_no_controls("roles.title", &r.title);
        assert!(r.title.chars().count() <= IMPORT_MAX, "roles.title over {IMPORT_MAX}");
    }
    assert_optional_text("report.title", &spec.report.title, short);
    assert_optional_text("report.summary", &spec.report.summary, long(SUMMARY_MAX));
    assert!(spec.report.recommendations.len() <= MAX_BRIEF);
    for b in &spec.report.recommendations {
        assert_optional_text("report.recommendations.audience", &b.audience, short);
        assert_optional_text("report.recommendations.rubric", &b.rubric, short);
        assert_text("report.recommendations.text", &b.text, long(LONG_MAX));
    }
    assert!((1..=MAX_AGENDA).contains(&agenda.len()), "an agenda of {} items", agenda.len());
    for (_, t) in agenda {
        assert_text("agenda.title", t, short);
    }
    assert!((1..=MAX_THEMES).contains(&spec.themes.len()), "{} themes", spec.themes.len());
    for (i, t) in spec.themes.iter().enumerate() {
        assert_text("themes", t, short);
        assert!(!spec.themes[..i].iter().any(|u| u.to_lowercase() == t.to_lowercase()), "theme {t:?} twice");
        assert_eq!(spec.theme(t), Some(t.as_str()), "theme {t:?} not found by its own name");
    }
    assert!(spec.scale.valid(), "an invalid scale {:?}", spec.scale);
    assert!(spec.scale.steps() >= 2 && spec.scale.steps() <= MAX_SCALE_STEPS as usize + 1);
    assert_eq!(spec.scale.steps() as i64, i64::from(spec.scale.max) - i64::from(spec.scale.min) + 1);
    assert_optional_text("scale.low_label", &spec.scale.low_label, short);
    assert_optional_text("scale.high_label", &spec.scale.high_label, short);
    assert!(spec.endorsements_per_participant <= MAX_ENDORSEMENTS);
    assert!(spec.max_participants >= 1 && spec.max_participants as usize <= convene::participation::MAX_PARTICIPANTS);
    if let Some(t) = &spec.resonance_figure_title {
        assert_text("resonance_figure_title", t, short);
    }
}

/// A parsed spec, written back as a create request (as an archive carries it).
pub fn as_request(spec: &DialogueSpec, agenda: &[(Stage, String)]) -> CreateDialogue {
    let mut v = serde_json::to_value(spec).expect("a spec serializes");
    v["agenda"] = agenda.iter().map(|(s, t)| serde_json::json!({"stage": s.as_str(), "title": t})).collect();
    serde_json::from_value(v).expect("a serialized spec reads back as a request")
}

/// Where two JSON values first differ, as `path: left != right` with long
/// strings shown by their ends, for assertion messages short enough to read.
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    fn show(v: &Value) -> String {
        let s = v.to_string();
        let n = s.chars().count();
        if n <= 60 {
            s
        } else {
            let head: String = s.chars().take(20).collect();
            let tail: String = s.chars().skip(n - 30).collect();
            format!("{head}…({n} chars)…{tail}")
        }
    }
    fn walk(path: String, a: &Value, b: &Value) -> Option<String> {
        match (a, b) {
            _ if a == b => None,
            (Value::Object(x), Value::Object(y)) => {
                x.keys().chain(y.keys()).find_map(|k| walk(format!("{path}.{k}"), x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null)))
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().find_map(|(i, (p, q))| walk(format!("{path}[{i}]"), p, q))
            }
            _ => Some(format!("{path}: {} != {}", show(a), show(b))),
        }
    }
    walk(String::new(), a, b)
}

/// Serializes both sides and names where they first differ.
pub fn difference<T: serde::Serialize>(a: &T, b: &T) -> Option<String> {
    first_difference(&serde_json::to_value(a).ok()?, &serde_json::to_value(b).ok()?)
}
