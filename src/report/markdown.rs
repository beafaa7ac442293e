//! The report as Markdown (CommonMark). Participants' text is escaped so
//! it can never open a heading, a list, a link or raw HTML.

use std::fmt::Write;

use super::sections::{Block, Document, Said, Section, Span, Table};
use super::Report;

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

/// A participant's words, and their name in italics, which no participant's
/// (escaped) text can make.
fn said(s: &Said) -> String {
    let mut o = esc(&s.text);
    if let Some(name) = &s.by {
        let _ = write!(o, " — *{}*", esc(name));
    }
    if let Some(t) = &s.tally {
        let _ = write!(o, " {}", esc(&t.plain()));
    }
    o
}

fn spans(line: &[Span]) -> String {
    let mut o = String::new();
    for (i, s) in line.iter().enumerate() {
        let t = match s {
            Span::Plain(t) | Span::Em(t) | Span::Strong(t) => t.clone(),
            Span::Words(l) => l.plain(),
        };
        // `esc` trims a line's start; within a line a run keeps its space.
        if i > 0 && t.starts_with(' ') {
            o.push(' ');
        }
        let _ = match s {
            Span::Plain(t) => write!(o, "{}", esc(t)),
            Span::Words(l) => write!(o, "{}", esc(&l.plain())),
            Span::Em(t) => write!(o, "_{}_", esc(t)),
            Span::Strong(t) => write!(o, "**{}**", esc(t)),
        };
    }
    o
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

fn count(n: Option<usize>) -> String {
    n.map(|n| format!(" ({n})")).unwrap_or_default()
}

fn table(o: &mut String, t: &Table) {
    let _ = writeln!(o, "| {} | {} |\n| --- | ---: |", esc(&t.head[0].plain()), esc(&t.head[1].plain()));
    for (label, n) in &t.rows {
        let _ = writeln!(o, "| {} | {} |", esc(&label.plain()), esc(n));
    }
    o.push('\n');
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Para(line) => {
            let _ = writeln!(o, "{}\n", spans(line));
        }
        Block::Note(t) => {
            let _ = writeln!(o, "_{}_\n", esc(&t.plain()));
        }
        Block::Sub(t, n) => {
            let _ = writeln!(o, "### {}{}\n", esc(&t.plain()), count(*n));
        }
        Block::Minor(t) => {
            let _ = writeln!(o, "#### {}\n", esc(t));
        }
        Block::Bullets(lines) => {
            for line in lines {
                let _ = writeln!(o, "- {}", spans(line));
            }
            o.push('\n');
        }
        Block::Numbered(items) => {
            for (i, t) in items.iter().enumerate() {
                let _ = writeln!(o, "{}. {}", i + 1, esc(t));
            }
            o.push('\n');
        }
        Block::Said(items) => {
            for s in items {
                let _ = writeln!(o, "- {}", said(s));
            }
            o.push('\n');
        }
        Block::Asked(s) => {
            let _ = writeln!(o, "**{}**\n", said(s));
        }
        Block::Answer(t) => quote(o, t),
        Block::Table(t) => table(o, t),
        Block::Figure(f) => {
            let _ = writeln!(o, "**{}**\n", esc(&f.title.plain()));
            table(o, &f.table);
            let _ = writeln!(o, "{}\n", esc(&f.stats.plain()));
        }
        Block::Columns(cols) => cols.iter().flatten().for_each(|b| block(o, b)),
    }
}

fn section(o: &mut String, s: &Section) {
    let _ = writeln!(o, "## {}{}\n", esc(&s.heading.plain()), count(s.count));
    s.blocks.iter().for_each(|b| block(o, b));
}

/// One document as CommonMark.
pub fn document(doc: &Document) -> String {
    let mut o = String::with_capacity(32 * 1024);
    let _ = writeln!(o, "# {}\n", esc(&doc.title));
    if let Some(meta) = &doc.meta {
        let _ = writeln!(o, "{}\n", esc(&meta.plain()));
    }
    doc.sections.iter().for_each(|s| section(&mut o, s));
    o
}

/// The report in the dialogue's language(s).
pub fn render(r: &Report) -> String {
    document(&r.spoken())
}
