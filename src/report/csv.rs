//! The contributions as CSV, one row each, safe to open in a spreadsheet.

use super::Report;
use crate::contribution::Contribution;
use crate::time::rfc3339;

pub const HEADER: &str = "kind,theme,text,votes_or_endorsements,hidden,created_at,answer,id";

/// Quotes a cell, and defuses one a spreadsheet would run as a formula.
pub fn cell(raw: &str) -> String {
    let risky = matches!(raw.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let text = if risky { format!("'{raw}") } else { raw.to_string() };
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn row(out: &mut String, c: &Contribution, exact: bool) {
    let backing = if c.kind.backing().is_some() { c.backers.len().to_string() } else { String::new() };
    let fields = [
        cell(c.kind.as_str()),
        cell(c.theme.as_deref().unwrap_or("")),
        cell(&c.text),
        backing,
        c.hidden.to_string(),
        // Public copies give times to the minute, as the public archive does:
        // exact times could tie one person's items together.
        cell(&if exact { rfc3339(c.created_at) } else { crate::export::to_minute(c.created_at) }),
        cell(c.answer.as_deref().unwrap_or("")),
        cell(&c.id.to_string()),
    ];
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// A byte-order mark first, so that spreadsheet programs read UTF-8 (accents) right.
pub const BOM: char = '\u{FEFF}';

/// Every visible contribution, in the order the report shows them; with
/// `hidden` (the facilitator's copy), then the hidden ones, marked `true`.
pub fn render(r: &Report, hidden: bool) -> String {
    let mut out = String::from(BOM);
    out.push_str(HEADER);
    out.push_str("\r\n");
    let lists = [&r.hopes, &r.concerns, &r.questions, &r.reservations];
    for list in lists {
        for c in list {
            row(&mut out, c, hidden);
        }
    }
    for (_, items) in &r.themes {
        for c in items {
            row(&mut out, c, hidden);
        }
    }
    for c in &r.commitments {
        row(&mut out, c, hidden);
    }
    if hidden {
        let mut rest: Vec<&Contribution> = r.d.contributions.values().filter(|c| c.hidden && c.merged_into.is_none()).collect();
        rest.sort_by_key(|c| c.seq);
        for c in rest {
            row(&mut out, c, hidden);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_table() {
        for (raw, want) in [
            ("plain", "\"plain\""),
            ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
            ("+1", "\"'+1\""),
            ("-2", "\"'-2\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("a, \"b\"\nc", "\"a, \"\"b\"\"\nc\""),
        ] {
            assert_eq!(cell(raw), want, "{raw:?}");
        }
    }
}
