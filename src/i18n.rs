//! The interface's languages: one Fluent file per language in `locales/`
//! (found at build time), plurals by each language's own rules, numbers
//! grouped and dates written as each language writes them. A missing
//! translation falls back to English, and a test checks there is none.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// One of the languages in `locales/` (English by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lang(usize);

struct Loaded {
    code: &'static str,
    bundle: FluentBundle<FluentResource>,
    separators: Separators,
}

fn loaded() -> &'static [Loaded] {
    static ALL: OnceLock<Vec<Loaded>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Loaded> = LOCALES
            .iter()
            .map(|(code, text)| {
                let id: LanguageIdentifier = code.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Plain text in, plain text out: no invisible isolation marks.
                bundle.set_use_isolating(false);
                bundle.set_formatter(Some(format_number));
                let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, _)| res);
                let _ = bundle.add_resource(res);
                // Plain texts: reading them formats no number, so the
                // formatter (which looks these up) is not called yet.
                let read = |id: &str, or: &str| {
                    bundle
                        .get_message(id)
                        .and_then(|m| m.value())
                        .map(|p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned())
                        .unwrap_or_else(|| or.to_string())
                };
                let separators = Separators { group: read("number-group", ","), decimal: read("number-decimal", ".") };
                Loaded { code, bundle, separators }
            })
            .collect();
        // English first: the default and the fallback.
        all.sort_by_key(|l| (l.code != "en", l.code));
        all
    })
}

/// How a language groups digits and marks decimals (its `number-group`
/// and `number-decimal` messages).
#[derive(Clone)]
struct Separators {
    group: String,
    decimal: String,
}

impl Memoizable for Separators {
    type Args = ();
    type Error = ();
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        let code = lang.to_string();
        loaded().iter().find(|l| l.code == code).map(|l| l.separators.clone()).ok_or(())
    }
}

/// A number as the bundle's language writes it: `1,000.5` or `1 000,5`.
fn format_number(v: &FluentValue, m: &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = v else { return None };
    let plain = n.as_string();
    m.with_try_get::<Separators, _, _>((), |s| group(&plain, &s.group, &s.decimal)).ok()
}

fn group(plain: &str, sep: &str, decimal: &str) -> String {
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push_str(decimal);
        out.push_str(f);
    }
    out
}

impl Lang {
    pub const ENGLISH: Lang = Lang(0);

    /// Every language there is a file for, English first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..loaded().len()).map(Lang)
    }

    /// `fr`, `fr-CA`, `FR` → French, when there is a file for it.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        loaded().iter().position(|l| l.code == primary).map(Lang)
    }

    pub fn code(self) -> &'static str {
        loaded()[self.0].code
    }

    /// The language's own name for itself ("Français").
    pub fn name(self) -> String {
        self.t("language-name")
    }

    /// The first language of an `Accept-Language` header there is a file
    /// for, by the header's weights.
    pub fn from_accept(header: &str) -> Option<Lang> {
        let mut tags: Vec<(f32, usize, &str)> = header
            .split(',')
            .take(20)
            .enumerate()
            .filter_map(|(i, part)| {
                let mut bits = part.split(';');
                let tag = bits.next()?.trim();
                let q = bits.find_map(|b| b.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, i, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        tags.into_iter().find_map(|(_, _, tag)| Lang::parse(tag))
    }

    /// The message `id`, in this language, else in English, else its id.
    pub fn t(self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with arguments: numbers choose plurals and are
    /// grouped the language's way.
    pub fn t_with(self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Num(n) => fa.set(*k, FluentValue::from(*n)),
                // No decimals: a whole number, without a stray decimal mark.
                Arg::Fixed(n, 0) => fa.set(*k, FluentValue::from(n.round())),
                Arg::Fixed(n, digits) => {
                    let factor = 10f64.powi(*digits as i32);
                    let options = FluentNumberOptions { minimum_fraction_digits: Some(*digits), ..Default::default() };
                    fa.set(*k, FluentValue::Number(FluentNumber::new((n * factor).round() / factor, options)))
                }
                Arg::Text(s) => fa.set(*k, FluentValue::from(s.as_str())),
            }
        }
        self.format(id, Some(&fa))
    }

    fn format(self, id: &str, args: Option<&FluentArgs>) -> String {
        for l in [&loaded()[self.0], &loaded()[0]] {
            if let Some(p) = l.bundle.get_message(id).and_then(|m| m.value()) {
                return l.bundle.format_pattern(p, args, &mut Vec::new()).into_owned();
            }
        }
        id.to_string()
    }

    /// A number as the language writes it ("1,000" / "1 000").
    pub fn number(self, n: f64) -> String {
        self.t_with("number", &[("n", Arg::Num(n))])
    }

    /// `2009-11-27` → "27 November 2009" / "27 novembre 2009".
    pub fn long_date(self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        match parts.as_slice() {
            [y, m, d] => match (m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(m @ 1..=12), Ok(d @ 1..=31)) => self.t_with(
                    "date-long",
                    &[
                        ("day", Arg::Num(f64::from(d))),
                        ("month", Arg::Text(self.t(&format!("month-{m}")))),
                        ("year", Arg::Text(y.to_string())),
                    ],
                ),
                _ => iso.to_string(),
            },
            _ => iso.to_string(),
        }
    }
}

/// An argument to a message.
pub enum Arg {
    Num(f64),
    /// A number with this many decimals ("4.30").
    Fixed(f64, usize),
    Text(String),
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as f64)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

/// The languages a dialogue speaks: `en`, `fr`, or both (`en+fr`): the
/// projector and the report then show their own words in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages(pub Vec<Lang>);

impl Languages {
    /// `en`, `fr`, `en+fr`: at most two known languages, no repeats.
    pub fn parse(s: &str) -> Option<Languages> {
        let langs: Vec<Lang> = s.split('+').map(Lang::parse).collect::<Option<_>>()?;
        let distinct = langs.len() < 2 || langs[0] != langs[1];
        (!langs.is_empty() && langs.len() <= 2 && distinct).then_some(Languages(langs))
    }

    pub fn primary(&self) -> Lang {
        self.0.first().copied().unwrap_or_default()
    }

    pub fn code(&self) -> String {
        self.0.iter().map(|l| l.code()).collect::<Vec<_>>().join("+")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(code: &str) -> Vec<String> {
        let text = LOCALES.iter().find(|(c, _)| *c == code).unwrap().1;
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(_, e)| panic!("{code}.ftl does not parse: {e:?}"));
        let mut v: Vec<String> = res
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_language_has_every_message() {
        let en = ids("en");
        assert!(en.len() > 50);
        for (code, _) in LOCALES {
            assert_eq!(ids(code), en, "{code}.ftl has exactly the messages of en.ftl");
            let lang = Lang::parse(code).unwrap();
            assert_eq!(lang.code(), *code);
            for id in &en {
                let mut errors = Vec::new();
                let b = &loaded()[lang.0].bundle;
                let p = b.get_message(id).and_then(|m| m.value()).unwrap_or_else(|| panic!("{code}: {id} has no value"));
                let args = FluentArgs::from_iter([("n", FluentValue::from(2)), ("name", FluentValue::from("x"))]);
                let _ = b.format_pattern(p, Some(&args), &mut errors);
                let unknown: Vec<_> = errors.iter().filter(|e| !format!("{e:?}").contains("Variable")).collect();
                assert!(unknown.is_empty(), "{code}: {id}: {unknown:?}");
            }
        }
    }

    #[test]
    fn plurals_numbers_and_dates_follow_the_language() {
        let (en, fr) = (Lang::parse("en").unwrap(), Lang::parse("fr-CA").unwrap());
        assert_eq!(en.t_with("report-joined", &[("n", 0usize.into())]), "0 people joined the dialogue.");
        assert_eq!(en.t_with("report-joined", &[("n", 1usize.into())]), "1 person joined the dialogue.");
        assert_eq!(fr.t_with("report-joined", &[("n", 0usize.into())]), "0 personne a pris part au dialogue.");
        assert_eq!(fr.t_with("report-joined", &[("n", 1usize.into())]), "1 personne a pris part au dialogue.");
        assert_eq!(fr.t_with("report-joined", &[("n", 2usize.into())]), "2 personnes ont pris part au dialogue.");
        assert_eq!(en.number(1000.0), "1,000");
        assert_eq!(fr.number(1000.0), "1\u{202f}000");
        assert_eq!(fr.number(12345.5), "12\u{202f}345,5");
        assert_eq!(en.number(999.0), "999");
        let fixed = |l: Lang, n: f64, d: usize| l.t_with("number", &[("n", Arg::Fixed(n, d))]);
        assert_eq!(fixed(fr, 4.5, 2), "4,50");
        assert_eq!(fixed(en, 4.0, 0), "4", "no decimals, no decimal mark");
        assert_eq!(fixed(fr, 1234.6, 0), "1\u{202f}235");
        assert_eq!(en.long_date("2009-11-27"), "27 November 2009");
        assert_eq!(fr.long_date("2009-11-27"), "27 novembre 2009");
        assert_eq!(fr.long_date("2009-11-01"), "1er novembre 2009");
        assert_eq!(en.long_date("2009-11-01"), "1 November 2009");
        assert_eq!(fr.long_date("2009-13-27"), "2009-13-27");
        assert_eq!(Lang::from_accept("de-DE, fr-CA;q=0.8, en;q=0.5"), Some(fr));
        assert_eq!(Lang::from_accept("en;q=0.2, fr;q=0.9"), Some(fr));
        assert_eq!(Lang::from_accept("de, *;q=0.1"), None);
        assert_eq!(Languages::parse("en+fr").map(|l| l.code()), Some("en+fr".to_string()));
        assert!(Languages::parse("en+en").is_none() && Languages::parse("xx").is_none() && Languages::parse("en+fr+en").is_none());
        assert_eq!(fr.name(), "Français");
    }
}
