//! Every word the report prints of its own (headings, labels, counts),
//! looked up once for all three renderings in the dialogue's language or
//! languages (`en+fr` prints each in both).

use crate::dialogue::Sector;
use crate::i18n::{Arg, Lang, Languages};
use crate::report::sections::Label;
use crate::report::Took;

/// The report's own words in one or two languages.
pub struct Words {
    langs: Vec<Lang>,
}

impl Words {
    pub fn new(languages: &Languages) -> Words {
        Words { langs: if languages.0.is_empty() { vec![Lang::ENGLISH] } else { languages.0.clone() } }
    }

    /// The main language's code, for `lang` attributes.
    pub fn lang(&self) -> &'static str {
        self.langs[0].code()
    }

    /// Message `id` in each language.
    pub fn label(&self, id: &str) -> Label {
        self.each(|l| l.t(id))
    }

    /// Message `id` with arguments, in each language.
    pub fn label_with(&self, id: &str, args: impl Fn() -> Vec<(&'static str, Arg)>) -> Label {
        self.each(|l| l.t_with(id, &args()))
    }

    pub fn each(&self, f: impl Fn(Lang) -> String) -> Label {
        Label(self.langs.iter().map(|l| (l.code(), f(*l))).collect())
    }

    pub fn count(&self, id: &str, n: usize) -> Label {
        self.label_with(id, || vec![("n", n.into())])
    }

    pub fn took(&self, t: Took) -> Label {
        self.label(match t {
            Took::Hope => "report-took-hope",
            Took::Concern => "report-took-concern",
            Took::Question => "report-took-question",
            Took::Rating => "report-took-rating",
            Took::Reservation => "report-took-reservation",
            Took::Recommendation => "report-took-recommendation",
            Took::Commitment => "report-took-commitment",
        })
    }

    /// A sector's name; `None` for those who did not say.
    pub fn sector(&self, s: Option<Sector>) -> Label {
        self.label(&sector_id(s))
    }

    pub fn stats(&self, n: u64, mean: f64, median: f64) -> Label {
        self.label_with("report-stats", || vec![("n", Arg::Num(n as f64)), ("mean", Arg::Fixed(mean, 2)), ("median", Arg::Num(median))])
    }

    /// A number in the main language's way.
    pub fn number(&self, n: usize) -> String {
        self.langs[0].number(n as f64)
    }
}

/// The message naming a sector.
pub fn sector_id(s: Option<Sector>) -> String {
    format!("sector-{}", s.map_or("none", Sector::as_str))
}
