//! The report as Markdown (CommonMark). Participants' text is escaped so
//! it can never open a heading, a list, a link or raw HTML.

use std::fmt::Write;

use super::{long_date, sector_name, Report};
use crate::contribution::Contribution;

/// Escapes text for use inside a Markdown paragraph or list item; line
/// breaks become hard breaks that stay inside the item.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push_str("\\\n  ");
        }
        for c in line.trim_start().chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '|' | '~' | '=' | ':' | '"'
                | '\'' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// A contribution's words, and its author's name in italics, which no
/// participant's (escaped) text can make.
fn said(r: &Report, c: &Contribution) -> String {
    match r.byline(c) {
        Some(name) => format!("{} — *{}*", esc(&c.text), esc(name)),
        None => esc(&c.text),
    }
}

fn list(o: &mut String, r: &Report, items: &[&Contribution]) {
    if items.is_empty() {
        o.push_str("_None._\n\n");
        return;
    }
    for c in items {
        let _ = writeln!(o, "- {}", said(r, c));
    }
    o.push('\n');
}

/// A block quote of several paragraphs.
fn quote(o: &mut String, text: &str) {
    for line in text.lines() {
        if line.trim().is_empty() {
            o.push_str(">\n");
        } else {
            let _ = writeln!(o, "> {}", esc(line));
        }
    }
    o.push('\n');
}

pub fn render(r: &Report) -> String {
    let d = r.d;
    let s = &d.spec;
    let mut o = String::with_capacity(32 * 1024);
    let _ = writeln!(o, "# {}\n", esc(&s.title));
    let when_where: Vec<String> = [s.held_on.as_deref().map(long_date), s.place.clone()].into_iter().flatten().collect();
    if !when_where.is_empty() {
        let _ = writeln!(o, "{}\n", esc(&when_where.join(" · ")));
    }
    o.push_str("## Introduction\n\n");
    if !s.report.title.is_empty() {
        let _ = writeln!(o, "A dialogue on the report _{}_.\n", esc(&s.report.title));
    }
    if !s.conveners.is_empty() {
        o.push_str("### Conveners\n\n");
        for c in &s.conveners {
            let _ = writeln!(o, "- {}", esc(c));
        }
        o.push('\n');
    }
    for role in &s.roles {
        let _ = writeln!(
            o,
            "- **{}**{}{}",
            esc(&role.name),
            if role.role.is_empty() { String::new() } else { format!(", {}", esc(&role.role)) },
            if role.title.is_empty() { String::new() } else { format!(" — {}", esc(&role.title)) }
        );
    }
    if !s.roles.is_empty() {
        o.push('\n');
    }
    o.push_str("## Agenda\n\n");
    for (i, item) in d.agenda.items.iter().enumerate() {
        let _ = writeln!(o, "{}. {}", i + 1, esc(&item.title));
    }
    let p = &r.participation;
    let _ = write!(o, "\n## Participation\n\n{} people joined the dialogue.\n\n| | People |\n| --- | ---: |\n", p.joined);
    for (label, n) in &p.by_stage {
        let _ = writeln!(o, "| {label} | {n} |");
    }
    o.push_str("\n| Sector | People |\n| --- | ---: |\n");
    for (sector, n) in &p.by_sector {
        let _ = writeln!(o, "| {} | {n} |", sector_name(sector));
    }
    let _ = write!(o, "\n## Hopes and concerns\n\n### Hopes ({})\n\n", r.hopes.len());
    list(&mut o, r, &r.hopes);
    let _ = write!(o, "### Concerns ({})\n\n", r.concerns.len());
    list(&mut o, r, &r.concerns);

    o.push_str("## The brief\n\n");
    if !s.report.title.is_empty() {
        let _ = writeln!(o, "_{}_\n", esc(&s.report.title));
    }
    for para in s.report.summary.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = writeln!(o, "{}\n", esc(para.trim()));
    }
    if !s.report.recommendations.is_empty() {
        let _ = writeln!(o, "### Key recommendations ({})\n", s.report.recommendations.len());
        let (mut audience, mut rubric) = (None::<&str>, None::<&str>);
        for rec in &s.report.recommendations {
            if audience != Some(rec.audience.as_str()) && !rec.audience.is_empty() {
                let _ = writeln!(o, "\n#### {}\n", esc(&rec.audience));
                rubric = None;
            }
            if rubric != Some(rec.rubric.as_str()) && !rec.rubric.is_empty() {
                let _ = writeln!(o, "\n_{}_\n", esc(&rec.rubric));
            }
            audience = Some(&rec.audience);
            rubric = Some(&rec.rubric);
            let _ = writeln!(o, "- {}", esc(&rec.text));
        }
        o.push('\n');
    }

    let _ = write!(o, "## Questions and answers ({})\n\n", r.questions.len());
    if r.questions.is_empty() {
        o.push_str("_None._\n\n");
    }
    for q in &r.questions {
        let votes = q.backers.len();
        let _ = writeln!(
            o,
            "**{}**{}\n",
            said(r, q),
            if votes > 0 { format!(" ({votes} vote{})", if votes == 1 { "" } else { "s" }) } else { String::new() }
        );
        match &q.answer {
            Some(a) => quote(&mut o, a),
            None => o.push_str("_Not answered during the dialogue._\n\n"),
        }
    }

    let res = &r.resonance;
    let _ = write!(o, "## Resonance\n\n**{}**\n\n| Rating | People |\n| ---: | ---: |\n", esc(&r.figure_title()));
    for (i, n) in res.histogram.iter().enumerate() {
        let v = res.min + i as i32;
        let label = if v == res.min {
            format!(" ({})", esc(&s.scale.low_label))
        } else if v == res.max {
            format!(" ({})", esc(&s.scale.high_label))
        } else {
            String::new()
        };
        let _ = writeln!(o, "| {v}{label} | {n} |");
    }
    match (res.mean, res.median) {
        (Some(m), Some(md)) => {
            let _ = writeln!(o, "\nn = {}, mean {m:.2}, median {md}\n", res.count);
        }
        _ => o.push_str("\nNo ratings were given.\n\n"),
    }
    let _ = write!(o, "### Reservations ({})\n\n", r.reservations.len());
    list(&mut o, r, &r.reservations);

    let total: usize = r.themes.iter().map(|(_, v)| v.len()).sum();
    let _ = write!(o, "## Recommendations ({total})\n\n");
    for (theme, items) in r.themes.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(o, "### {} ({})\n\n", esc(theme), items.len());
        for c in items {
            let n = c.backers.len();
            let _ = writeln!(o, "- {} ({n} endorsement{})", said(r, c), if n == 1 { "" } else { "s" });
        }
        o.push('\n');
    }
    if total == 0 {
        o.push_str("_None._\n\n");
    }
    let _ = write!(o, "## Commitments ({})\n\n", r.commitments.len());
    list(&mut o, r, &r.commitments);
    o.push_str("## Conclusion and next steps\n\n");
    match &d.conclusion {
        Some(c) => {
            for para in c.split("\n\n").filter(|p| !p.trim().is_empty()) {
                let _ = writeln!(o, "{}\n", esc(para.trim()));
            }
        }
        None => o.push_str("_The conveners have not written a conclusion yet._\n"),
    }
    o
}
