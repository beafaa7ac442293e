//! The report as one standalone, print-ready HTML document: styles inline,
//! no scripts, every participant's text escaped.

use std::fmt::Write;

use super::sections::{Block, Document, Figure, Label, Said, Section, Span, Table};
use super::Report;

/// Escapes text for HTML content and attribute values; newlines become `<br>`.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color: #1d2330; font-family: Georgia, "Times New Roman", serif; line-height: 1.45; }
body { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; overflow-wrap: anywhere; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.4rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #c9c6bd; padding-bottom: 0.2rem; break-after: avoid; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; break-after: avoid; }
h4 { font-size: 1rem; margin: 0.8rem 0 0.3rem; color: #4a5160; break-after: avoid; }
.meta { color: #4a5160; margin: 0 0 1rem; }
ul, ol { padding-left: 1.3rem; }
li { margin-bottom: 0.35rem; break-inside: avoid; }
.side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem; }
.side h3 { margin-top: 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; break-inside: avoid; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e2dfd7; vertical-align: top; }
th.n, td.n { text-align: right; font-variant-numeric: tabular-nums; width: 6rem; }
.answer { margin: 0.3rem 0 0.8rem 0; padding: 0.4rem 0.7rem; border-left: 3px solid #2c6e49; background: #f1f6f2; }
.count { color: #4a5160; font-weight: normal; }
.endorse { color: #4a5160; white-space: nowrap; }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 0.4rem; }
figure table { width: auto; min-width: 16rem; font-size: 0.9rem; }
svg text { font-family: Arial, Helvetica, sans-serif; }
.none { color: #4a5160; font-style: italic; }
@page { margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  .page { break-before: page; }
}
"#;

/// The resonance histogram: bars with counts, an axis labelled with the
/// scale's values and its two labels, a title and n.
fn histogram_svg(f: &Figure) -> String {
    let r = &f.resonance;
    let (w, h) = (640.0, 300.0);
    let (left, right, top, bottom) = (48.0, 16.0, 36.0, 64.0);
    let steps = r.histogram.len().max(1) as f64;
    let peak = r.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (w - left - right) / steps;
    let plot = h - top - bottom;
    let mut s = String::new();
    let title = esc(&f.title.plain());
    let _ = write!(s, r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{title}">"#);
    let _ = write!(s, r#"<title>{title}</title>"#);
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{}" x2="{}" y2="{}" stroke="#1d2330" stroke-width="1.5"/>"##,
        top + plot,
        w - right,
        top + plot
    );
    let _ = write!(s, r##"<line x1="{left}" y1="{top}" x2="{left}" y2="{}" stroke="#1d2330" stroke-width="1"/>"##, top + plot);
    let _ = write!(
        s,
        r##"<text x="14" y="{}" font-size="12" transform="rotate(-90 14 {})" text-anchor="middle" fill="#4a5160">{}</text>"##,
        top + plot / 2.0,
        top + plot / 2.0,
        esc(&f.axis.plain())
    );
    for (i, n) in r.histogram.iter().enumerate() {
        let bh = plot * (*n as f64) / peak;
        let x = left + slot * i as f64 + slot * 0.15;
        let y = top + plot - bh;
        let value = r.min + i as i32;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="#1f5f8b" data-value="{value}" data-n="{n}"/><text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle">{n}</text><text x="{:.1}" y="{:.1}" font-size="14" text-anchor="middle">{value}</text>"##,
            slot * 0.7,
            x + slot * 0.35,
            y - 5.0,
            x + slot * 0.35,
            top + plot + 18.0
        );
    }
    let _ = write!(s, r##"<text x="{left}" y="{}" font-size="12" fill="#4a5160">{} = {}</text>"##, h - 26.0, r.min, esc(&f.low));
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" font-size="12" fill="#4a5160" text-anchor="end">{} = {}</text>"##,
        w - right,
        h - 26.0,
        r.max,
        esc(&f.high)
    );
    let _ = write!(s, r##"<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>"##, w / 2.0, h - 6.0, esc(&f.stats.plain()));
    s.push_str("</svg>");
    s
}

/// The report's own words; a second language's marked as such.
fn label(l: &Label) -> String {
    let mut o = String::new();
    for (i, (code, t)) in l.0.iter().enumerate() {
        if i == 0 || code.is_empty() {
            o.push_str(&esc(t));
        } else {
            let _ = write!(o, r#" / <span lang="{code}">{}</span>"#, esc(t));
        }
    }
    o
}

fn spans(o: &mut String, line: &[Span]) {
    for span in line {
        let _ = match span {
            Span::Words(l) => write!(o, "{}", label(l)),
            Span::Plain(t) => write!(o, "{}", esc(t)),
            Span::Em(t) => write!(o, "<em>{}</em>", esc(t)),
            Span::Strong(t) => write!(o, "<strong>{}</strong>", esc(t)),
        };
    }
}

/// A participant's words, and their name as markup no participant's text
/// can make (so nobody can pass their words off as someone else's).
fn said(o: &mut String, s: &Said) {
    o.push_str(&esc(&s.text));
    if let Some(name) = &s.by {
        let _ = write!(o, r#" <cite class="by">— {}</cite>"#, esc(name));
    }
    if let Some(t) = &s.tally {
        let _ = write!(o, r#" <span class="endorse">{}</span>"#, label(t));
    }
}

fn count(n: Option<usize>) -> String {
    n.map(|n| format!(r#" <span class="count">({n})</span>"#)).unwrap_or_default()
}

fn table(o: &mut String, t: &Table) {
    o.push_str("<table>");
    {
        let _ = write!(
            o,
            r#"<thead><tr><th scope="col">{}</th><th scope="col" class="n">{}</th></tr></thead>"#,
            label(&t.head[0]),
            label(&t.head[1])
        );
    }
    o.push_str("<tbody>");
    for (l, n) in &t.rows {
        let _ = write!(o, r#"<tr><td>{}</td><td class="n">{}</td></tr>"#, label(l), esc(n));
    }
    o.push_str("</tbody></table>");
}

fn block(o: &mut String, b: &Block) {
    match b {
        Block::Para(line) => {
            o.push_str("<p>");
            spans(o, line);
            o.push_str("</p>");
        }
        Block::Note(t) => {
            let _ = write!(o, r#"<p class="none">{}</p>"#, label(t));
        }
        Block::Sub(t, n) => {
            let _ = write!(o, "<h3>{}{}</h3>", label(t), count(*n));
        }
        Block::Minor(t) => {
            let _ = write!(o, "<h4>{}</h4>", esc(t));
        }
        Block::Bullets(lines) => {
            o.push_str("<ul>");
            for line in lines {
                o.push_str("<li>");
                spans(o, line);
                o.push_str("</li>");
            }
            o.push_str("</ul>");
        }
        Block::Numbered(items) => {
            o.push_str("<ol>");
            for t in items {
                let _ = write!(o, "<li>{}</li>", esc(t));
            }
            o.push_str("</ol>");
        }
        Block::Said(items) => {
            o.push_str("<ul>");
            for s in items {
                o.push_str("<li>");
                said(o, s);
                o.push_str("</li>");
            }
            o.push_str("</ul>");
        }
        Block::Asked(s) => {
            o.push_str("<h4>");
            said(o, s);
            o.push_str("</h4>");
        }
        Block::Answer(t) => {
            let _ = write!(o, r#"<div class="answer">{}</div>"#, esc(t));
        }
        Block::Table(t) => table(o, t),
        Block::Figure(f) => {
            let _ = write!(o, "<figure><figcaption>{}</figcaption>{}", label(&f.title), histogram_svg(f));
            table(o, &f.table);
            o.push_str("</figure>");
        }
        Block::Columns(cols) => {
            o.push_str(r#"<div class="side">"#);
            for col in cols {
                o.push_str("<div>");
                col.iter().for_each(|b| block(o, b));
                o.push_str("</div>");
            }
            o.push_str("</div>");
        }
    }
}

fn section(o: &mut String, s: &Section) {
    let _ = write!(
        o,
        r#"<section id="{}"{}><h2>{}{}</h2>"#,
        s.id,
        if s.new_page { r#" class="page""# } else { "" },
        label(&s.heading),
        count(s.count)
    );
    s.blocks.iter().for_each(|b| block(o, b));
    o.push_str("</section>");
}

/// One document as a standalone HTML page.
pub fn page(doc: &Document) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let title = esc(&doc.title);
    let _ = write!(o, "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><style>{STYLE}</style></head><body>", doc.lang);
    let _ = write!(o, "<header><h1>{title}</h1>");
    if let Some(meta) = &doc.meta {
        let _ = write!(o, r#"<p class="meta">{}</p>"#, label(meta));
    }
    o.push_str("</header><main>");
    doc.sections.iter().for_each(|s| section(&mut o, s));
    o.push_str("</main></body></html>");
    o
}

/// The report in the dialogue's language(s).
pub fn render(r: &Report) -> String {
    page(&r.spoken())
}
