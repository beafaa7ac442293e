//! What a dialogue is about, as its conveners describe it: the create
//! request, parsed once into a [`DialogueSpec`] that is valid by construction.

use serde::{Deserialize, Serialize};

use crate::agenda::Stage;
use crate::error::DomainError;
use crate::i18n::{Lang, Languages};
use crate::text::{self, LONG_MAX, TITLE_MAX};

/// How many themes a new dialogue starts with (`default-theme-1` …).
const DEFAULT_THEME_COUNT: usize = 5;
pub const DEFAULT_ENDORSEMENTS: u32 = 3;
const MAX_AGENDA: usize = 50;
const MAX_THEMES: usize = 30;
const MAX_LIST: usize = 100;
const MAX_BRIEF: usize = 200;
pub const MAX_SCALE_STEPS: i32 = 20;
const MAX_ENDORSEMENTS: u32 = 100;
const SUMMARY_MAX: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scale {
    pub min: i32,
    pub max: i32,
    pub low_label: String,
    pub high_label: String,
}

impl Scale {
    /// Min below max, at most [`MAX_SCALE_STEPS`] steps apart, computed without overflow.
    pub fn valid(&self) -> bool {
        let span = i64::from(self.max) - i64::from(self.min);
        span > 0 && span <= i64::from(MAX_SCALE_STEPS)
    }

    /// How many values the scale offers; never more than `MAX_SCALE_STEPS + 1`.
    pub fn steps(&self) -> usize {
        (i64::from(self.max) - i64::from(self.min) + 1).clamp(1, i64::from(MAX_SCALE_STEPS) + 1) as usize
    }
}

impl Default for Scale {
    fn default() -> Self {
        Defaults::new(&Languages(vec![Lang::ENGLISH])).scale
    }
}

/// What a new dialogue starts with where its creator says nothing: the
/// agenda's titles, the themes and the scale's labels, in the dialogue's
/// language (both, side by side, for `en+fr`).
pub struct Defaults {
    pub agenda: Vec<(Stage, String)>,
    pub themes: Vec<String>,
    pub scale: Scale,
}

impl Defaults {
    pub fn new(langs: &Languages) -> Defaults {
        let say = |id: &str| langs.0.iter().map(|l| l.t(id)).collect::<Vec<_>>().join(" / ");
        Defaults {
            agenda: Stage::ALL.iter().map(|st| (*st, say(&st.default_title_id()))).collect(),
            themes: (1..=DEFAULT_THEME_COUNT).map(|i| say(&format!("default-theme-{i}"))).collect(),
            scale: Scale { min: 1, max: 5, low_label: say("default-scale-low"), high_label: say("default-scale-high") },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BriefRecommendation {
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub rubric: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportBrief {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub recommendations: Vec<BriefRecommendation>,
}

/// A named person with a part in the dialogue (host, chair, presenter...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub title: String,
}

/// A valid description of a dialogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialogueSpec {
    pub title: String,
    pub held_on: Option<String>,
    pub place: Option<String>,
    pub conveners: Vec<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
    pub report: ReportBrief,
    pub themes: Vec<String>,
    pub scale: Scale,
    pub endorsements_per_participant: u32,
    #[serde(default)]
    pub resonance_figure_title: Option<String>,
    /// Joining past this is 409 `dialogue_full`.
    #[serde(default = "default_max_participants")]
    pub max_participants: u32,
    /// `en`, `fr` or `en+fr`: the report's language(s).
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".into()
}

impl DialogueSpec {
    /// The languages the dialogue speaks (English if its code is unknown).
    pub fn languages(&self) -> crate::i18n::Languages {
        crate::i18n::Languages::parse(&self.language).unwrap_or_else(|| crate::i18n::Languages(vec![crate::i18n::Lang::ENGLISH]))
    }
}

pub const DEFAULT_MAX_PARTICIPANTS: u32 = 10_000;

fn default_max_participants() -> u32 {
    DEFAULT_MAX_PARTICIPANTS
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaInput {
    pub stage: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Only archives carry an item's state.
    #[serde(default)]
    pub state: Option<crate::agenda::ItemState>,
}

/// The body of `POST /api/v1/dialogues`, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateDialogue {
    pub title: Option<String>,
    pub held_on: Option<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub conveners: Vec<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
    pub report: Option<ReportBrief>,
    pub agenda: Option<Vec<AgendaInput>>,
    pub themes: Option<Vec<String>>,
    pub scale: Option<Scale>,
    pub endorsements_per_participant: Option<u32>,
    pub resonance_figure_title: Option<String>,
    pub max_participants: Option<u32>,
    /// `en` (the default), `fr` or `en+fr`.
    pub language: Option<String>,
}

/// How strictly texts are bounded: a live create, or an archive's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Create,
    Import,
}

impl CreateDialogue {
    /// Parses the request into a spec and agenda, naming the first bad field.
    pub fn parse(self, how: Strictness) -> Result<(DialogueSpec, Vec<(Stage, String)>), DomainError> {
        let short = |field: &str, raw: &str| match how {
            Strictness::Create => text::parse(field, raw, TITLE_MAX),
            Strictness::Import => text::parse(field, raw, text::IMPORT_MAX),
        };
        let long = |field: &str, raw: &str, max: usize| match how {
            Strictness::Create => text::parse(field, raw, max),
            Strictness::Import => text::parse(field, raw, max.max(text::IMPORT_MAX)),
        };
        let title = short("title", self.title.as_deref().unwrap_or(""))?;
        let held_on = match self.held_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(d) if crate::time::valid_date(d) => Some(d.to_string()),
            Some(d) => return Err(DomainError::invalid(format!("The field `held_on` must be a date as YYYY-MM-DD, not {d:?}."))),
            None => None,
        };
        let place = match self.place.as_deref() {
            Some(p) if !text::clean(p).is_empty() => Some(short("place", p)?),
            _ => None,
        };
        let conveners = bounded_list("conveners", &self.conveners, MAX_LIST, |s| short("conveners", s))?;
        let roles = bounded_list("roles", &self.roles, MAX_LIST, |r| {
            Ok(Role {
                name: short("roles.name", &r.name)?,
                role: text::cut(&r.role, TITLE_MAX),
                title: text::cut(&r.title, text::IMPORT_MAX),
            })
        })?;
        let report = match self.report {
            None => ReportBrief::default(),
            Some(r) => ReportBrief {
                title: optional_clean("report.title", &r.title, |f, s| short(f, s))?,
                summary: optional_clean("report.summary", &r.summary, |f, s| long(f, s, SUMMARY_MAX))?,
                recommendations: bounded_list("report.recommendations", &r.recommendations, MAX_BRIEF, |b| {
                    Ok(BriefRecommendation {
                        audience: optional_clean("report.recommendations.audience", &b.audience, |f, s| short(f, s))?,
                        rubric: optional_clean("report.recommendations.rubric", &b.rubric, |f, s| short(f, s))?,
                        text: long("report.recommendations.text", &b.text, LONG_MAX)?,
                    })
                })?,
            },
        };
        let language = match self.language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => default_language(),
            Some(l) => Languages::parse(l)
                .map(|l| l.code())
                .ok_or_else(|| DomainError::invalid(format!("The field `language` must be en, fr or en+fr; not {l:?}.")))?,
        };
        let defaults = Defaults::new(&Languages::parse(&language).unwrap_or_else(|| Languages(vec![Lang::ENGLISH])));
        let agenda = match self.agenda {
            None => defaults.agenda.clone(),
            Some(items) if items.is_empty() => return Err(DomainError::invalid("The field `agenda` must have at least one item.")),
            Some(items) => bounded_list("agenda", &items, MAX_AGENDA, |i| {
                let stage = Stage::parse(i.stage.trim()).ok_or_else(|| {
                    DomainError::invalid(format!(
                        "The field `agenda.stage` must be one of welcome, introductions, brief, questions, resonance, recommendations, commitments, closing; not {:?}.",
                        i.stage
                    ))
                })?;
                let title = match i.title.as_deref() {
                    Some(t) if !text::clean(t).is_empty() => short("agenda.title", t)?,
                    _ => defaults.agenda.iter().find(|(st, _)| *st == stage).map(|(_, t)| t.clone()).unwrap_or_default(),
                };
                Ok((stage, title))
            })?,
        };
        let themes = match self.themes {
            None => defaults.themes,
            Some(t) => parse_themes(&t, |s| short("themes", s))?,
        };
        let scale = match self.scale {
            None => defaults.scale,
            Some(s) => {
                if !s.valid() {
                    return Err(DomainError::invalid(format!(
                        "The field `scale` must have min below max and at most {MAX_SCALE_STEPS} steps between them."
                    )));
                }
                Scale {
                    min: s.min,
                    max: s.max,
                    low_label: optional_clean("scale.low_label", &s.low_label, |f, x| short(f, x))?,
                    high_label: optional_clean("scale.high_label", &s.high_label, |f, x| short(f, x))?,
                }
            }
        };
        let endorsements_per_participant = self.endorsements_per_participant.unwrap_or(DEFAULT_ENDORSEMENTS);
        if endorsements_per_participant > MAX_ENDORSEMENTS {
            return Err(DomainError::invalid(format!("The field `endorsements_per_participant` is at most {MAX_ENDORSEMENTS}.")));
        }
        let max_participants = self.max_participants.unwrap_or(DEFAULT_MAX_PARTICIPANTS);
        if max_participants == 0 || max_participants as usize > crate::participation::MAX_PARTICIPANTS {
            return Err(DomainError::invalid(format!(
                "The field `max_participants` must be from 1 to {}.",
                crate::participation::MAX_PARTICIPANTS
            )));
        }
        let resonance_figure_title = match self.resonance_figure_title.as_deref() {
            Some(t) if !text::clean(t).is_empty() => Some(short("resonance_figure_title", t)?),
            _ => None,
        };
        let spec = DialogueSpec {
            language,
            title,
            held_on,
            place,
            conveners,
            roles,
            report,
            themes,
            scale,
            endorsements_per_participant,
            resonance_figure_title,
            max_participants,
        };
        Ok((spec, agenda))
    }
}

fn bounded_list<T, U>(field: &str, items: &[T], max: usize, each: impl Fn(&T) -> Result<U, DomainError>) -> Result<Vec<U>, DomainError> {
    if items.len() > max {
        return Err(DomainError::invalid(format!("The field `{field}` has {} entries; the limit is {max}.", items.len())));
    }
    items.iter().map(each).collect()
}

/// An optional text: blank stays blank, anything else must parse.
fn optional_clean(field: &str, raw: &str, parse: impl Fn(&str, &str) -> Result<String, DomainError>) -> Result<String, DomainError> {
    if text::clean(raw).is_empty() {
        Ok(String::new())
    } else {
        parse(field, raw)
    }
}

/// Theme names: non-empty, unique regardless of case, at most [`MAX_THEMES`].
pub fn parse_themes(raw: &[String], parse: impl Fn(&str) -> Result<String, DomainError>) -> Result<Vec<String>, DomainError> {
    let themes = bounded_list("themes", raw, MAX_THEMES, |s| parse(s))?;
    if themes.is_empty() {
        return Err(DomainError::invalid("The field `themes` must name at least one theme."));
    }
    for (i, t) in themes.iter().enumerate() {
        if themes[..i].iter().any(|u| u.to_lowercase() == t.to_lowercase()) {
            return Err(DomainError::invalid(format!("The field `themes` names {t:?} twice.")));
        }
    }
    Ok(themes)
}

impl DialogueSpec {
    /// The canonical name of a theme, matched regardless of case and spacing.
    pub fn theme(&self, raw: &str) -> Option<&str> {
        let want = text::clean(raw).to_lowercase();
        self.themes.iter().find(|t| t.to_lowercase() == want).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(json: &str) -> Result<(DialogueSpec, Vec<(Stage, String)>), DomainError> {
        serde_json::from_str::<CreateDialogue>(json).unwrap().parse(Strictness::Create)
    }

    #[test]
    fn defaults() {
        let (spec, agenda) = create(r#"{"title":" A dialogue "}"#).unwrap();
        assert_eq!(spec.title, "A dialogue");
        assert_eq!(agenda.len(), 8);
        assert_eq!(spec.themes.len(), 5);
        assert_eq!(spec.scale, Scale::default());
        assert_eq!(spec.endorsements_per_participant, 3);
        assert_eq!(agenda[0].1, "Welcome");
        assert_eq!(spec.themes[0], "Education");
        assert_eq!(spec.scale.low_label, "Not at all");
    }

    #[test]
    fn defaults_speak_the_dialogue_s_language() {
        let (spec, agenda) = create(r#"{"title":"t","language":"fr"}"#).unwrap();
        assert_eq!(agenda[0].1, "Bienvenue");
        assert_eq!(spec.themes[0], "Éducation");
        assert_eq!(spec.scale.high_label, "Très fortement");
        let (spec, agenda) = create(r#"{"title":"t","language":"en+fr","agenda":[{"stage":"closing"}]}"#).unwrap();
        assert_eq!(agenda, vec![(Stage::Closing, "Closing / Clôture".to_string())]);
        assert_eq!(spec.scale.low_label, "Not at all / Pas du tout");
    }

    #[test]
    fn invalid_table() {
        let long = "x".repeat(201);
        let cases = [
            (r#"{}"#.to_string(), "`title`"),
            (r#"{"title":"  "}"#.to_string(), "`title`"),
            (format!(r#"{{"title":"{long}"}}"#), "limit is 200"),
            (r#"{"title":"t","held_on":"2009-02-30"}"#.to_string(), "`held_on`"),
            (r#"{"title":"t","agenda":[]}"#.to_string(), "`agenda`"),
            (r#"{"title":"t","agenda":[{"stage":"party"}]}"#.to_string(), "`agenda.stage`"),
            (r#"{"title":"t","themes":["A","a"]}"#.to_string(), "twice"),
            (r#"{"title":"t","themes":[]}"#.to_string(), "`themes`"),
            (r#"{"title":"t","scale":{"min":5,"max":1,"low_label":"","high_label":""}}"#.to_string(), "`scale`"),
            (r#"{"title":"t","endorsements_per_participant":1000}"#.to_string(), "endorsements"),
            (r#"{"title":"t","scale":{"min":-2147483648,"max":2147483647,"low_label":"","high_label":""}}"#.to_string(), "`scale`"),
            (r#"{"title":"t","scale":{"min":2147483647,"max":-2147483648,"low_label":"","high_label":""}}"#.to_string(), "`scale`"),
            (r#"{"title":"t","scale":{"min":0,"max":21,"low_label":"","high_label":""}}"#.to_string(), "`scale`"),
            (r#"{"title":"t","max_participants":0}"#.to_string(), "`max_participants`"),
            (r#"{"title":"t","max_participants":100001}"#.to_string(), "`max_participants`"),
        ];
        for (json, want) in cases {
            let e = create(&json).unwrap_err();
            assert_eq!(e.status(), 422, "{json}");
            assert!(e.message.contains(want), "{json}: {}", e.message);
        }
    }

    #[test]
    fn theme_lookup_ignores_case() {
        let (spec, _) = create(r#"{"title":"t","themes":["Media","Education"]}"#).unwrap();
        assert_eq!(spec.theme(" media "), Some("Media"));
        assert_eq!(spec.theme("sports"), None);
    }
}
