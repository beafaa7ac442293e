//! The report as a PDF, written by the server itself: A4 pages, the same
//! sections as the HTML report (`convene::report::sections`), the resonance
//! figure drawn as bars. Laid out once here as pages of drawing operations,
//! then written by one of two back ends: `unicode` (the Noto fonts,
//! subsetted and embedded, every script shaped, right-to-left runs in
//! their order) when the fonts are installed, else `base14` (Helvetica,
//! Windows-1252 only).

mod base14;
pub mod unicode;

use convene::report::sections::{Block, Document, Figure, Said, Span, Table};
use convene::report::Report;

const W: f32 = 595.0;
const H: f32 = 842.0;
const MARGIN: f32 = 56.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Regular,
    Bold,
    Italic,
}

/// One drawing operation, in PDF units from the page's bottom left.
#[derive(Debug, Clone)]
pub enum Op {
    /// A line of text, its baseline starting at (x, y).
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        style: Style,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rgb: [f32; 3],
    },
}

/// How wide a text is drawn, by the back end that will draw it.
pub trait Measure {
    fn width(&self, text: &str, size: f32, style: Style) -> f32;

    /// One character alone, for cutting a word wider than a line.
    fn char_width(&self, c: char, size: f32, style: Style) -> f32 {
        self.width(c.encode_utf8(&mut [0; 4]), size, style)
    }
}

/// Breaks a paragraph into lines no wider than `max`: words measured once
/// each, a word wider than the line cut where it fills one.
fn wrap(m: &dyn Measure, text: &str, size: f32, style: Style, max: f32) -> Vec<String> {
    let space = m.width(" ", size, style);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0f32;
        for word in para.split_whitespace() {
            let w = m.width(word, size, style);
            if !line.is_empty() && used + space + w <= max {
                line.push(' ');
                line.push_str(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            if w <= max {
                line.push_str(word);
                used = w;
                continue;
            }
            for c in word.chars() {
                let cw = m.char_width(c, size, style);
                if !line.is_empty() && used + cw > max {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

struct Pages<'a> {
    m: &'a dyn Measure,
    done: Vec<Vec<Op>>,
    page: Vec<Op>,
    y: f32,
}

impl<'a> Pages<'a> {
    fn new(m: &'a dyn Measure) -> Pages<'a> {
        Pages { m, done: Vec::new(), page: Vec::new(), y: H - MARGIN }
    }

    fn room(&mut self, needed: f32) {
        if self.y - needed < MARGIN {
            self.done.push(std::mem::take(&mut self.page));
            self.y = H - MARGIN;
        }
    }

    fn line(&mut self, text: &str, style: Style, size: f32, x: f32) {
        self.page.push(Op::Text { x, y: self.y, text: text.to_string(), size, style });
    }

    /// A paragraph, wrapped, each line moving down.
    fn text(&mut self, text: &str, style: Style, size: f32, indent: f32) {
        let lead = size * 1.35;
        for l in wrap(self.m, text, size, style, W - MARGIN * 2.0 - indent) {
            self.room(lead);
            self.y -= lead;
            self.line(&l, style, size, MARGIN + indent);
        }
    }

    fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    fn heading(&mut self, text: &str) {
        self.room(60.0);
        self.gap(12.0);
        self.text(text, Style::Bold, 15.0, 0.0);
        self.gap(4.0);
    }

    fn subheading(&mut self, text: &str) {
        self.room(40.0);
        self.gap(6.0);
        self.text(text, Style::Bold, 12.0, 0.0);
    }

    fn bullet(&mut self, text: &str) {
        let size = 10.5;
        let lines = wrap(self.m, text, size, Style::Regular, W - MARGIN * 2.0 - 14.0);
        for (i, l) in lines.iter().enumerate() {
            self.room(size * 1.35);
            self.y -= size * 1.35;
            if i == 0 {
                self.line("•", Style::Regular, size, MARGIN + 2.0);
            }
            self.line(l, Style::Regular, size, MARGIN + 14.0);
        }
        self.gap(2.0);
    }

    /// A participant's words, and their name below in italics when they
    /// asked for it (a face their own text cannot take).
    fn said(&mut self, s: &Said, lead: bool) {
        let text = match &s.tally {
            Some(t) => format!("{} {}", s.text, t.plain()),
            None => s.text.clone(),
        };
        if lead {
            self.gap(4.0);
            self.text(&text, Style::Bold, 10.5, 0.0);
        } else {
            self.bullet(&text);
        }
        if let Some(name) = &s.by {
            self.text(&format!("— {name}"), Style::Italic, 10.5, if lead { 0.0 } else { 14.0 });
        }
    }

    fn table(&mut self, t: &Table) {
        self.gap(4.0);
        self.text(&format!("{}: {}", t.head[0].plain(), t.head[1].plain()), Style::Bold, 10.5, 10.0);
        for (label, n) in &t.rows {
            self.text(&format!("{}: {n}", label.plain()), Style::Regular, 10.5, 10.0);
        }
    }
}

/// Inline runs as one line of text: the base fonts change per line only.
fn flat(line: &[Span]) -> String {
    line.iter()
        .map(|s| match s {
            Span::Plain(t) | Span::Em(t) | Span::Strong(t) => t.clone(),
            Span::Words(l) => l.plain(),
        })
        .collect()
}

/// The resonance figure: bars, counts, the scale's values and labels, n.
fn histogram(p: &mut Pages, f: &Figure) {
    let r = &f.resonance;
    let (h, w) = (150.0, W - MARGIN * 2.0);
    p.room(h + 50.0);
    let base = p.y - h - 10.0;
    let steps = r.histogram.len().max(1) as f32;
    let peak = r.histogram.iter().copied().max().unwrap_or(0).max(1) as f32;
    let slot = w / steps;
    for (i, n) in r.histogram.iter().enumerate() {
        let bh = (h - 20.0) * (*n as f32) / peak;
        p.page.push(Op::Rect { x: MARGIN + slot * i as f32 + slot * 0.15, y: base, w: slot * 0.7, h: bh, rgb: [0.12, 0.37, 0.55] });
    }
    p.page.push(Op::Rect { x: MARGIN, y: base - 1.0, w, h: 1.0, rgb: [0.0, 0.0, 0.0] });
    let y0 = p.y;
    for (i, n) in r.histogram.iter().enumerate() {
        let x = MARGIN + slot * i as f32 + slot * 0.5 - 3.0;
        p.y = base + (h - 20.0) * (*n as f32) / peak + 4.0;
        p.line(&n.to_string(), Style::Regular, 10.0, x);
        p.y = base - 14.0;
        p.line(&(r.min + i as i32).to_string(), Style::Bold, 10.0, x);
    }
    p.y = base - 28.0;
    p.line(&format!("{} = {}", r.min, f.low), Style::Regular, 9.0, MARGIN);
    let right = format!("{} = {}", r.max, f.high);
    let right_w = p.m.width(&right, 9.0, Style::Regular);
    p.line(&right, Style::Regular, 9.0, W - MARGIN - right_w);
    p.y = y0 - h - 50.0;
    p.text(&f.stats.plain(), Style::Regular, 10.5, 0.0);
}

fn block(p: &mut Pages, b: &Block) {
    match b {
        Block::Para(line) => {
            p.gap(4.0);
            let font = if matches!(line.as_slice(), [Span::Em(_)]) { Style::Italic } else { Style::Regular };
            p.text(&flat(line), font, 10.5, 0.0);
        }
        Block::Note(t) => p.text(&t.plain(), Style::Italic, 10.5, 0.0),
        Block::Sub(t, n) => p.subheading(&n.map_or_else(|| t.plain(), |n| format!("{} ({n})", t.plain()))),
        Block::Minor(t) => {
            p.gap(4.0);
            p.text(t, Style::Bold, 10.5, 0.0);
        }
        Block::Bullets(lines) => lines.iter().for_each(|l| p.bullet(&flat(l))),
        Block::Numbered(items) => {
            for (i, t) in items.iter().enumerate() {
                p.text(&format!("{}. {t}", i + 1), Style::Regular, 10.5, 0.0);
            }
        }
        Block::Said(items) => items.iter().for_each(|s| p.said(s, false)),
        Block::Asked(s) => p.said(s, true),
        Block::Answer(t) => p.text(t, Style::Regular, 10.5, 14.0),
        Block::Table(t) => p.table(t),
        Block::Figure(f) => {
            p.text(&f.title.plain(), Style::Bold, 11.0, 0.0);
            histogram(p, f);
            p.table(&f.table);
        }
        Block::Columns(cols) => cols.iter().flatten().for_each(|b| block(p, b)),
    }
}

/// One document as PDF pages, in the Noto fonts when they are installed.
pub fn document(doc: &Document) -> Vec<u8> {
    unicode::Faces::installed()
        .and_then(|faces| unicode::render(&doc.title, &layout(doc, faces), faces))
        .unwrap_or_else(|| base14::render(&doc.title, &layout(doc, &base14::Base14)))
}

/// The document laid out as pages of drawing operations.
fn layout(doc: &Document, m: &dyn Measure) -> Vec<Vec<Op>> {
    let mut p = Pages::new(m);
    p.text(&doc.title, Style::Bold, 20.0, 0.0);
    if let Some(meta) = &doc.meta {
        p.text(&meta.plain(), Style::Regular, 11.0, 0.0);
    }
    for s in &doc.sections {
        p.heading(&s.count.map_or_else(|| s.heading.plain(), |n| format!("{} ({n})", s.heading.plain())));
        s.blocks.iter().for_each(|b| block(&mut p, b));
    }
    p.done.push(std::mem::take(&mut p.page));
    p.done
}

/// The report in the dialogue's language(s).
pub fn render(r: &Report) -> Vec<u8> {
    document(&r.spoken())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_character_within_the_line() {
        let m = &base14::Base14;
        let max = W - MARGIN * 2.0;
        let word = "W".repeat(20_000);
        let text = format!("short words first {word} and after\nsecond paragraph");
        let lines = wrap(m, &text, 10.0, Style::Regular, max);
        assert!(lines.iter().all(|l| m.width(l, 10.0, Style::Regular) <= max), "a line is too wide");
        let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, want);
        assert!(lines.len() > 100);
        assert_eq!(lines.last().map(String::as_str), Some("second paragraph"));
        assert_eq!(wrap(m, "", 10.0, Style::Regular, max), vec![String::new()]);
    }
}
