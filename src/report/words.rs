//! Every word the report prints of its own (headings, labels, counts), in
//! one place for all three renderings, so that each is written once.

use crate::dialogue::Sector;
use crate::report::Took;

/// The report's own words in one language.
pub struct Words {
    pub lang: &'static str,
}

pub const ENGLISH: Words = Words { lang: "en" };

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Words {
    pub fn introduction(&self) -> &'static str {
        "Introduction"
    }
    /// "A dialogue on the report", before the report's title.
    pub fn on_the_report(&self) -> &'static str {
        "A dialogue on the report"
    }
    pub fn conveners(&self) -> &'static str {
        "Conveners"
    }
    pub fn agenda(&self) -> &'static str {
        "Agenda"
    }
    pub fn participation(&self) -> &'static str {
        "Participation"
    }
    pub fn joined(&self, n: usize) -> String {
        format!("{} joined the dialogue.", plural(n, "person", "people"))
    }
    /// The heading over the steps people took.
    pub fn step(&self) -> &'static str {
        "Took part by"
    }
    pub fn people(&self) -> &'static str {
        "People"
    }
    pub fn took(&self, t: Took) -> &'static str {
        match t {
            Took::Hope => "Shared a hope",
            Took::Concern => "Shared a concern",
            Took::Question => "Asked a question",
            Took::Rating => "Rated the report",
            Took::Reservation => "Voiced a reservation",
            Took::Recommendation => "Posted a recommendation",
            Took::Commitment => "Made a commitment",
        }
    }
    pub fn by_sector(&self) -> &'static str {
        "By sector"
    }
    pub fn sector_heading(&self) -> &'static str {
        "Sector"
    }
    /// A sector's name; `None` for those who did not say.
    pub fn sector(&self, s: Option<Sector>) -> &'static str {
        match s {
            Some(Sector::Government) => "Government",
            Some(Sector::Media) => "Media",
            Some(Sector::Business) => "Business",
            Some(Sector::Academia) => "Academia",
            Some(Sector::CivilSociety) => "Civil society",
            Some(Sector::Other) => "Other",
            None => "Not given",
        }
    }
    pub fn hopes_and_concerns(&self) -> &'static str {
        "Hopes and concerns"
    }
    pub fn hopes(&self) -> &'static str {
        "Hopes"
    }
    pub fn concerns(&self) -> &'static str {
        "Concerns"
    }
    pub fn none(&self) -> &'static str {
        "None."
    }
    pub fn brief(&self) -> &'static str {
        "The brief"
    }
    pub fn key_recommendations(&self) -> &'static str {
        "Key recommendations"
    }
    pub fn questions(&self) -> &'static str {
        "Questions and answers"
    }
    pub fn votes(&self, n: usize) -> String {
        format!("({})", plural(n, "vote", "votes"))
    }
    pub fn unanswered(&self) -> &'static str {
        "Not answered during the dialogue."
    }
    pub fn resonance(&self) -> &'static str {
        "Resonance"
    }
    pub fn figure_title(&self) -> &'static str {
        "How strongly did the report resonate with the participants?"
    }
    pub fn rating(&self) -> &'static str {
        "Rating"
    }
    /// The figure's vertical axis.
    pub fn participants(&self) -> &'static str {
        "participants"
    }
    pub fn stats(&self, n: u64, mean: f64, median: f64) -> String {
        format!("n = {n} · mean {mean:.2} · median {median}")
    }
    pub fn no_ratings(&self) -> &'static str {
        "n = 0: no ratings were given"
    }
    pub fn reservations(&self) -> &'static str {
        "Reservations"
    }
    pub fn recommendations(&self) -> &'static str {
        "Recommendations"
    }
    pub fn endorsements(&self, n: usize) -> String {
        format!("({})", plural(n, "endorsement", "endorsements"))
    }
    pub fn commitments(&self) -> &'static str {
        "Commitments"
    }
    pub fn conclusion(&self) -> &'static str {
        "Conclusion and next steps"
    }
    pub fn no_conclusion(&self) -> &'static str {
        "The conveners have not written a conclusion yet."
    }
    /// A date as people write it: `2009-11-27` → `27 November 2009`.
    pub fn long_date(&self, iso: &str) -> String {
        const MONTHS: [&str; 12] =
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        let parts: Vec<&str> = iso.split('-').collect();
        match parts.as_slice() {
            [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
                (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
                _ => iso.to_string(),
            },
            _ => iso.to_string(),
        }
    }
}
