//! The report as one standalone, print-ready HTML document: styles inline,
//! no scripts, every participant's text escaped.

use std::fmt::Write;

use super::{long_date, sector_name, Report};
use crate::contribution::Contribution;
use crate::summary::Resonance;

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
body { max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.4rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #c9c6bd; padding-bottom: 0.2rem; break-after: avoid; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; break-after: avoid; }
h4 { font-size: 1rem; margin: 0.8rem 0 0.3rem; color: #4a5160; break-after: avoid; }
.meta { color: #4a5160; margin: 0 0 1rem; }
ul, ol { padding-left: 1.3rem; }
li { margin-bottom: 0.35rem; break-inside: avoid; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.side h3 { margin-top: 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; break-inside: avoid; }
th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #e2dfd7; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; width: 6rem; }
.answer { margin: 0.3rem 0 0.8rem 0; padding: 0.4rem 0.7rem; border-left: 3px solid #2c6e49; background: #f1f6f2; }
.unanswered { color: #8a4b00; font-style: italic; }
.count { color: #4a5160; font-weight: normal; }
.endorse { color: #4a5160; white-space: nowrap; }
figure { margin: 1rem 0; break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 0.4rem; }
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
pub fn histogram_svg(r: &Resonance, low: &str, high: &str, title: &str) -> String {
    let (w, h) = (640.0, 300.0);
    let (left, right, top, bottom) = (48.0, 16.0, 36.0, 64.0);
    let steps = r.histogram.len().max(1) as f64;
    let peak = r.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (w - left - right) / steps;
    let plot = h - top - bottom;
    let mut s = String::new();
    let _ =
        write!(s, r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{}">"#, esc(title));
    let _ = write!(s, r#"<title>{}</title>"#, esc(title));
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
        r##"<text x="14" y="{}" font-size="12" transform="rotate(-90 14 {})" text-anchor="middle" fill="#4a5160">participants</text>"##,
        top + plot / 2.0,
        top + plot / 2.0
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
    let _ = write!(s, r##"<text x="{left}" y="{}" font-size="12" fill="#4a5160">{} = {}</text>"##, h - 26.0, r.min, esc(low));
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" font-size="12" fill="#4a5160" text-anchor="end">{} = {}</text>"##,
        w - right,
        h - 26.0,
        r.max,
        esc(high)
    );
    let stats = match (r.mean, r.median) {
        (Some(m), Some(md)) => format!("n = {} · mean {m:.2} · median {md}", r.count),
        _ => "n = 0: no ratings were given".to_string(),
    };
    let _ = write!(s, r##"<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>"##, w / 2.0, h - 6.0, esc(&stats));
    s.push_str("</svg>");
    s
}

/// A contribution's words, and its author's name as markup no participant's
/// text can make (so nobody can pass their words off as someone else's).
fn said(r: &Report, c: &Contribution) -> String {
    match r.byline(c) {
        Some(name) => format!(r#"{} <cite class="by">— {}</cite>"#, esc(&c.text), esc(name)),
        None => esc(&c.text),
    }
}

fn list(out: &mut String, r: &Report, items: &[&Contribution]) {
    if items.is_empty() {
        out.push_str(r#"<p class="none">None.</p>"#);
        return;
    }
    out.push_str("<ul>");
    for c in items {
        let _ = write!(out, "<li>{}</li>", said(r, c));
    }
    out.push_str("</ul>");
}

pub fn render(r: &Report) -> String {
    let d = r.d;
    let s = &d.spec;
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(o, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>", esc(&s.title));
    let _ = write!(o, "<header><h1>{}</h1>", esc(&s.title));
    let when_where: Vec<String> = [s.held_on.as_deref().map(long_date), s.place.clone()].into_iter().flatten().collect();
    if !when_where.is_empty() {
        let _ = write!(o, r#"<p class="meta">{}</p>"#, esc(&when_where.join(" · ")));
    }
    o.push_str("</header>");

    o.push_str(r#"<section id="introduction"><h2>Introduction</h2>"#);
    if !s.report.title.is_empty() {
        let _ = write!(o, "<p>A dialogue on the report <em>{}</em>.</p>", esc(&s.report.title));
    }
    if !s.conveners.is_empty() {
        o.push_str("<h3>Conveners</h3><ul>");
        for c in &s.conveners {
            let _ = write!(o, "<li>{}</li>", esc(c));
        }
        o.push_str("</ul>");
    }
    if !s.roles.is_empty() {
        o.push_str("<ul>");
        for role in &s.roles {
            let _ = write!(
                o,
                "<li><strong>{}</strong>{}{}</li>",
                esc(&role.name),
                if role.role.is_empty() { String::new() } else { format!(", {}", esc(&role.role)) },
                if role.title.is_empty() { String::new() } else { format!(" — {}", esc(&role.title)) }
            );
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>");

    o.push_str(r#"<section id="agenda"><h2>Agenda</h2><ol>"#);
    for item in &d.agenda.items {
        let _ = write!(o, "<li>{}</li>", esc(&item.title));
    }
    o.push_str("</ol></section>");

    let p = &r.participation;
    let _ = write!(o, r#"<section id="participation"><h2>Participation</h2><p>{} people joined the dialogue.</p><table><tbody>"#, p.joined);
    for (label, n) in &p.by_stage {
        let _ = write!(o, r#"<tr><td>{label}</td><td class="n">{n}</td></tr>"#);
    }
    o.push_str("</tbody></table><h3>By sector</h3><table><tbody>");
    for (sector, n) in &p.by_sector {
        let _ = write!(o, r#"<tr><td>{}</td><td class="n">{n}</td></tr>"#, sector_name(sector));
    }
    o.push_str("</tbody></table></section>");

    let _ = write!(
        o,
        r#"<section id="hopes-and-concerns" class="page"><h2>Hopes and concerns</h2><div class="side"><div><h3>Hopes <span class="count">({})</span></h3>"#,
        r.hopes.len()
    );
    list(&mut o, r, &r.hopes);
    let _ = write!(o, r#"</div><div><h3>Concerns <span class="count">({})</span></h3>"#, r.concerns.len());
    list(&mut o, r, &r.concerns);
    o.push_str("</div></div></section>");

    o.push_str(r#"<section id="brief" class="page"><h2>The brief</h2>"#);
    if !s.report.title.is_empty() {
        let _ = write!(o, "<h3><em>{}</em></h3>", esc(&s.report.title));
    }
    for para in s.report.summary.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let _ = write!(o, "<p>{}</p>", esc(para.trim()));
    }
    if !s.report.recommendations.is_empty() {
        let _ = write!(o, "<h3>Key recommendations <span class=\"count\">({})</span></h3>", s.report.recommendations.len());
        let (mut audience, mut rubric) = (None::<&str>, None::<&str>);
        let mut open = false;
        for rec in &s.report.recommendations {
            if audience != Some(rec.audience.as_str()) || rubric != Some(rec.rubric.as_str()) {
                if open {
                    o.push_str("</ol>");
                }
                if audience != Some(rec.audience.as_str()) && !rec.audience.is_empty() {
                    let _ = write!(o, "<h4>{}</h4>", esc(&rec.audience));
                }
                if !rec.rubric.is_empty() {
                    let _ = write!(o, "<p><em>{}</em></p>", esc(&rec.rubric));
                }
                o.push_str(r#"<ol class="brief">"#);
                open = true;
                audience = Some(&rec.audience);
                rubric = Some(&rec.rubric);
            }
            let _ = write!(o, "<li>{}</li>", esc(&rec.text));
        }
        if open {
            o.push_str("</ol>");
        }
    }
    o.push_str("</section>");

    let _ = write!(o, r#"<section id="questions"><h2>Questions and answers <span class="count">({})</span></h2>"#, r.questions.len());
    if r.questions.is_empty() {
        o.push_str(r#"<p class="none">None.</p>"#);
    }
    for q in &r.questions {
        let votes = q.backers.len();
        let _ = write!(
            o,
            "<h4>{}{}</h4>",
            said(r, q),
            if votes > 0 {
                format!(r#" <span class="endorse">({votes} vote{})</span>"#, if votes == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
        match &q.answer {
            Some(a) => {
                let _ = write!(o, r#"<div class="answer">{}</div>"#, esc(a));
            }
            None => o.push_str(r#"<p class="unanswered">Not answered during the dialogue.</p>"#),
        }
    }
    o.push_str("</section>");

    let title = r.figure_title();
    let _ = write!(
        o,
        r#"<section id="resonance"><h2>Resonance</h2><figure><figcaption>{}</figcaption>{}</figure>"#,
        esc(&title),
        histogram_svg(&r.resonance, &s.scale.low_label, &s.scale.high_label, &title)
    );
    let _ = write!(o, r#"<h3>Reservations <span class="count">({})</span></h3>"#, r.reservations.len());
    list(&mut o, r, &r.reservations);
    o.push_str("</section>");

    let total: usize = r.themes.iter().map(|(_, v)| v.len()).sum();
    let _ = write!(o, r#"<section id="recommendations" class="page"><h2>Recommendations <span class="count">({total})</span></h2>"#);
    for (theme, items) in r.themes.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(o, r#"<h3>{} <span class="count">({})</span></h3><ul>"#, esc(theme), items.len());
        for c in items {
            let n = c.backers.len();
            let _ = write!(o, r#"<li>{} <span class="endorse">({n} endorsement{})</span></li>"#, said(r, c), if n == 1 { "" } else { "s" });
        }
        o.push_str("</ul>");
    }
    if total == 0 {
        o.push_str(r#"<p class="none">None.</p>"#);
    }
    o.push_str("</section>");

    let _ = write!(o, r#"<section id="commitments"><h2>Commitments <span class="count">({})</span></h2>"#, r.commitments.len());
    list(&mut o, r, &r.commitments);
    o.push_str("</section>");

    o.push_str(r#"<section id="conclusion"><h2>Conclusion and next steps</h2>"#);
    match &d.conclusion {
        Some(c) => {
            for para in c.split("\n\n").filter(|p| !p.trim().is_empty()) {
                let _ = write!(o, "<p>{}</p>", esc(para.trim()));
            }
        }
        None => o.push_str(r#"<p class="none">The conveners have not written a conclusion yet.</p>"#),
    }
    o.push_str("</section></body></html>");
    o
}
