//! The report as a PDF, written by the server itself: A4 pages, the base
//! Helvetica fonts (no font files), the same sections as the HTML report
//! (`convene::report::sections`), the resonance figure drawn as bars. Text
//! outside the Windows-1252 character set prints as `?`.

use convene::report::sections::{Block, Document, Figure, Said, Span, Table};
use convene::report::Report;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const W: f32 = 595.0;
const H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");
const ITALIC: Name = Name(b"F3");

/// Helvetica's advance widths (per 1000 em) for printable ASCII.
const WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278,
    278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556,
    556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// A character in Windows-1252, the encoding the base fonts use here.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        // French groups digits with a narrow no-break space.
        '\u{202f}' | '\u{2007}' => 0xa0,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

/// One character's width in thousandths of the font size.
fn units(c: char) -> u32 {
    match c {
        ' '..='~' => u32::from(WIDTHS[(c as usize) - 32]),
        _ => 556,
    }
}

fn scale(size: f32, bold: bool) -> f32 {
    size / 1000.0 * if bold { 1.07 } else { 1.0 }
}

fn width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().map(units).sum::<u32>() as f32 * scale(size, bold)
}

/// Breaks a paragraph into lines no wider than `max`, in one pass over the
/// text: each character's width is looked up once, whatever the words.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let max_units = max / scale(size, bold);
    let space = units(' ') as f32;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0f32;
        for word in para.split_whitespace() {
            let w = word.chars().map(units).sum::<u32>() as f32;
            if !line.is_empty() && used + space + w <= max_units {
                line.push(' ');
                line.push_str(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            if w <= max_units {
                line.push_str(word);
                used = w;
                continue;
            }
            // A word wider than the line is cut where it fills one.
            for c in word.chars() {
                let cw = units(c) as f32;
                if !line.is_empty() && used + cw > max_units {
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

struct Pages {
    done: Vec<Vec<u8>>,
    page: Content,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), page: Content::new(), y: H - MARGIN }
    }

    fn room(&mut self, needed: f32) {
        if self.y - needed < MARGIN {
            let page = std::mem::replace(&mut self.page, Content::new());
            self.done.push(page.finish());
            self.y = H - MARGIN;
        }
    }

    fn line(&mut self, text: &str, font: Name, size: f32, x: f32) {
        let bytes: Vec<u8> = text.chars().map(win_ansi).collect();
        self.page.begin_text().set_font(font, size).next_line(x, self.y).show(Str(&bytes)).end_text();
    }

    /// A paragraph, wrapped, each line moving down.
    fn text(&mut self, text: &str, font: Name, size: f32, indent: f32) {
        let lead = size * 1.35;
        for l in wrap(text, size, font == BOLD, W - MARGIN * 2.0 - indent) {
            self.room(lead);
            self.y -= lead;
            self.line(&l, font, size, MARGIN + indent);
        }
    }

    fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    fn heading(&mut self, text: &str) {
        self.room(60.0);
        self.gap(12.0);
        self.text(text, BOLD, 15.0, 0.0);
        self.gap(4.0);
    }

    fn subheading(&mut self, text: &str) {
        self.room(40.0);
        self.gap(6.0);
        self.text(text, BOLD, 12.0, 0.0);
    }

    fn bullet(&mut self, text: &str) {
        let size = 10.5;
        let lines = wrap(text, size, false, W - MARGIN * 2.0 - 14.0);
        for (i, l) in lines.iter().enumerate() {
            self.room(size * 1.35);
            self.y -= size * 1.35;
            if i == 0 {
                self.line("•", REGULAR, size, MARGIN + 2.0);
            }
            self.line(l, REGULAR, size, MARGIN + 14.0);
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
            self.text(&text, BOLD, 10.5, 0.0);
        } else {
            self.bullet(&text);
        }
        if let Some(name) = &s.by {
            self.text(&format!("— {name}"), ITALIC, 10.5, if lead { 0.0 } else { 14.0 });
        }
    }

    fn table(&mut self, t: &Table) {
        self.gap(4.0);
        self.text(&format!("{}: {}", t.head[0].plain(), t.head[1].plain()), BOLD, 10.5, 10.0);
        for (label, n) in &t.rows {
            self.text(&format!("{}: {n}", label.plain()), REGULAR, 10.5, 10.0);
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
    p.page.set_fill_rgb(0.12, 0.37, 0.55);
    for (i, n) in r.histogram.iter().enumerate() {
        let bh = (h - 20.0) * (*n as f32) / peak;
        p.page.rect(MARGIN + slot * i as f32 + slot * 0.15, base, slot * 0.7, bh).fill_nonzero();
    }
    p.page.set_fill_rgb(0.0, 0.0, 0.0);
    p.page.rect(MARGIN, base - 1.0, w, 1.0).fill_nonzero();
    let y0 = p.y;
    for (i, n) in r.histogram.iter().enumerate() {
        let x = MARGIN + slot * i as f32 + slot * 0.5 - 3.0;
        p.y = base + (h - 20.0) * (*n as f32) / peak + 4.0;
        p.line(&n.to_string(), REGULAR, 10.0, x);
        p.y = base - 14.0;
        p.line(&(r.min + i as i32).to_string(), BOLD, 10.0, x);
    }
    p.y = base - 28.0;
    p.line(&format!("{} = {}", r.min, f.low), REGULAR, 9.0, MARGIN);
    let right = format!("{} = {}", r.max, f.high);
    p.line(&right, REGULAR, 9.0, W - MARGIN - width(&right, 9.0, false));
    p.y = y0 - h - 50.0;
    p.text(&f.stats.plain(), REGULAR, 10.5, 0.0);
}

fn block(p: &mut Pages, b: &Block) {
    match b {
        Block::Para(line) => {
            p.gap(4.0);
            let font = if matches!(line.as_slice(), [Span::Em(_)]) { ITALIC } else { REGULAR };
            p.text(&flat(line), font, 10.5, 0.0);
        }
        Block::Note(t) => p.text(&t.plain(), ITALIC, 10.5, 0.0),
        Block::Sub(t, n) => p.subheading(&n.map_or_else(|| t.plain(), |n| format!("{} ({n})", t.plain()))),
        Block::Minor(t) => {
            p.gap(4.0);
            p.text(t, BOLD, 10.5, 0.0);
        }
        Block::Bullets(lines) => lines.iter().for_each(|l| p.bullet(&flat(l))),
        Block::Numbered(items) => {
            for (i, t) in items.iter().enumerate() {
                p.text(&format!("{}. {t}", i + 1), REGULAR, 10.5, 0.0);
            }
        }
        Block::Said(items) => items.iter().for_each(|s| p.said(s, false)),
        Block::Asked(s) => p.said(s, true),
        Block::Answer(t) => p.text(t, REGULAR, 10.5, 14.0),
        Block::Table(t) => p.table(t),
        Block::Figure(f) => {
            p.text(&f.title.plain(), BOLD, 11.0, 0.0);
            histogram(p, f);
            p.table(&f.table);
        }
        Block::Columns(cols) => cols.iter().flatten().for_each(|b| block(p, b)),
    }
}

/// One document as PDF pages.
pub fn document(doc: &Document) -> Vec<u8> {
    let mut p = Pages::new();
    p.text(&doc.title, BOLD, 20.0, 0.0);
    if let Some(meta) = &doc.meta {
        p.text(&meta.plain(), REGULAR, 11.0, 0.0);
    }
    for s in &doc.sections {
        p.heading(&s.count.map_or_else(|| s.heading.plain(), |n| format!("{} ({n})", s.heading.plain())));
        s.blocks.iter().for_each(|b| block(&mut p, b));
    }
    let last = std::mem::replace(&mut p.page, Content::new());
    p.done.push(last.finish());
    assemble(&doc.title, p.done)
}

/// The report in the dialogue's language(s).
pub fn render(r: &Report) -> Vec<u8> {
    document(&r.spoken())
}

fn assemble(title: &str, pages: Vec<Vec<u8>>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let info = Ref::new(3);
    let fonts = [(REGULAR, Ref::new(4), "Helvetica"), (BOLD, Ref::new(5), "Helvetica-Bold"), (ITALIC, Ref::new(6), "Helvetica-Oblique")];
    let first = 7;
    let page_ids: Vec<Ref> = (0..pages.len()).map(|i| Ref::new(first + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_ids.iter().copied()).count(pages.len() as i32);
    pdf.document_info(info).title(TextStr(title)).producer(TextStr("Convene"));
    for (name, id, base) in fonts {
        let _ = name;
        pdf.type1_font(id).base_font(Name(base.as_bytes())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (i, content) in pages.iter().enumerate() {
        let (page_id, content_id) = (page_ids[i], Ref::new(first + 2 * i as i32 + 1));
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, W, H));
        page.parent(tree);
        page.contents(content_id);
        let mut res = page.resources();
        let mut f = res.fonts();
        for (name, id, _) in fonts {
            f.pair(name, id);
        }
        f.finish();
        res.finish();
        page.finish();
        pdf.stream(content_id, content);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_character_within_the_line() {
        let max = W - MARGIN * 2.0;
        let word = "W".repeat(20_000);
        let text = format!("short words first {word} and after\nsecond paragraph");
        let lines = wrap(&text, 10.0, false, max);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= max), "a line is too wide");
        let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, want);
        assert!(lines.len() > 100);
        assert_eq!(lines.last().map(String::as_str), Some("second paragraph"));
        assert_eq!(wrap("", 10.0, false, max), vec![String::new()]);
    }
}
