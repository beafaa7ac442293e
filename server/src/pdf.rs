//! The report as a PDF, written by the server itself: A4 pages, the base
//! Helvetica fonts (no font files), the same sections as the HTML report,
//! the resonance figure drawn as bars. Text outside the Windows-1252
//! character set prints as `?`.

use convene::report::{long_date, sector_name, Report};
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

    /// Participants' words, each with its author's name below in italics
    /// when they asked for it (a face their own text cannot take).
    fn said<'a>(&mut self, items: impl IntoIterator<Item = (String, Option<&'a str>)>) {
        let mut any = false;
        for (text, by) in items {
            any = true;
            self.bullet(&text);
            if let Some(name) = by {
                self.text(&format!("— {name}"), ITALIC, 10.5, 14.0);
            }
        }
        if !any {
            self.text("None.", ITALIC, 10.5, 0.0);
        }
    }

    fn bullets(&mut self, items: impl IntoIterator<Item = String>) {
        let mut any = false;
        for t in items {
            any = true;
            self.bullet(&t);
        }
        if !any {
            self.text("None.", ITALIC, 10.5, 0.0);
        }
    }
}

/// The resonance figure: bars, counts, the scale's values and labels, n.
fn histogram(p: &mut Pages, r: &convene::summary::Resonance, low: &str, high: &str) {
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
    p.line(&format!("{} = {low}", r.min), REGULAR, 9.0, MARGIN);
    let right = format!("{} = {high}", r.max);
    p.line(&right, REGULAR, 9.0, W - MARGIN - width(&right, 9.0, false));
    p.y = y0 - h - 50.0;
    let stats = match (r.mean, r.median) {
        (Some(m), Some(md)) => format!("n = {} · mean {m:.2} · median {md}", r.count),
        _ => "n = 0: no ratings were given".into(),
    };
    p.text(&stats, REGULAR, 10.5, 0.0);
}

pub fn render(r: &Report) -> Vec<u8> {
    let d = r.d;
    let s = &d.spec;
    let mut p = Pages::new();
    p.text(&s.title, BOLD, 20.0, 0.0);
    let when_where: Vec<String> = [s.held_on.as_deref().map(long_date), s.place.clone()].into_iter().flatten().collect();
    if !when_where.is_empty() {
        p.text(&when_where.join(" · "), REGULAR, 11.0, 0.0);
    }
    p.heading("Introduction");
    if !s.report.title.is_empty() {
        p.text(&format!("A dialogue on the report {}.", s.report.title), REGULAR, 10.5, 0.0);
    }
    if !s.conveners.is_empty() {
        p.subheading("Conveners");
        p.bullets(s.conveners.iter().cloned());
    }
    p.bullets(
        s.roles
            .iter()
            .map(|x| format!("{}, {} — {}", x.name, x.role, x.title))
            .collect::<Vec<_>>()
            .into_iter()
            .filter(|_| !s.roles.is_empty()),
    );
    p.heading("Agenda");
    for (i, item) in d.agenda.items.iter().enumerate() {
        p.text(&format!("{}. {}", i + 1, item.title), REGULAR, 10.5, 0.0);
    }
    p.heading("Participation");
    p.text(&format!("{} people joined the dialogue.", r.participation.joined), REGULAR, 10.5, 0.0);
    for (label, n) in &r.participation.by_stage {
        p.text(&format!("{label}: {n}"), REGULAR, 10.5, 10.0);
    }
    p.subheading("By sector");
    for (sector, n) in &r.participation.by_sector {
        p.text(&format!("{}: {n}", sector_name(sector)), REGULAR, 10.5, 10.0);
    }
    p.heading(&format!("Hopes ({})", r.hopes.len()));
    p.said(r.hopes.iter().map(|c| (c.text.clone(), r.byline(c))));
    p.heading(&format!("Concerns ({})", r.concerns.len()));
    p.said(r.concerns.iter().map(|c| (c.text.clone(), r.byline(c))));
    p.heading("The brief");
    if !s.report.title.is_empty() {
        p.text(&s.report.title, ITALIC, 11.0, 0.0);
    }
    for para in s.report.summary.split("\n\n").filter(|x| !x.trim().is_empty()) {
        p.gap(4.0);
        p.text(para.trim(), REGULAR, 10.5, 0.0);
    }
    let mut audience = None;
    for rec in &s.report.recommendations {
        if audience != Some(&rec.audience) {
            p.subheading(&rec.audience);
            audience = Some(&rec.audience);
        }
        let label = if rec.rubric.is_empty() { rec.text.clone() } else { format!("{}: {}", rec.rubric, rec.text) };
        p.bullet(&label);
    }
    p.heading(&format!("Questions and answers ({})", r.questions.len()));
    for q in &r.questions {
        p.gap(4.0);
        p.text(&q.text, BOLD, 10.5, 0.0);
        if let Some(name) = r.byline(q) {
            p.text(&format!("— {name}"), ITALIC, 10.5, 0.0);
        }
        match &q.answer {
            Some(a) => p.text(a, REGULAR, 10.5, 14.0),
            None => p.text("Not answered during the dialogue.", ITALIC, 10.5, 14.0),
        }
    }
    p.heading("Resonance");
    p.text(&r.figure_title(), BOLD, 11.0, 0.0);
    histogram(&mut p, &r.resonance, &s.scale.low_label, &s.scale.high_label);
    p.subheading(&format!("Reservations ({})", r.reservations.len()));
    p.said(r.reservations.iter().map(|c| (c.text.clone(), r.byline(c))));
    let total: usize = r.themes.iter().map(|(_, v)| v.len()).sum();
    p.heading(&format!("Recommendations ({total})"));
    for (theme, items) in r.themes.iter().filter(|(_, v)| !v.is_empty()) {
        p.subheading(&format!("{theme} ({})", items.len()));
        p.said(items.iter().map(|c| {
            let n = c.backers.len();
            (format!("{} ({n} endorsement{})", c.text, if n == 1 { "" } else { "s" }), r.byline(c))
        }));
    }
    p.heading(&format!("Commitments ({})", r.commitments.len()));
    p.said(r.commitments.iter().map(|c| (c.text.clone(), r.byline(c))));
    p.heading("Conclusion and next steps");
    match &d.conclusion {
        Some(c) => c.split("\n\n").for_each(|para| {
            p.gap(4.0);
            p.text(para.trim(), REGULAR, 10.5, 0.0);
        }),
        None => p.text("The conveners have not written a conclusion yet.", ITALIC, 10.5, 0.0),
    }
    let last = std::mem::replace(&mut p.page, Content::new());
    p.done.push(last.finish());
    assemble(&s.title, p.done)
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
