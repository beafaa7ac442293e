//! The PDF back end that needs no font file: the base Helvetica fonts in
//! Windows-1252, used when the Noto fonts are not installed (text outside
//! that character set then prints as `?`).

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::{Measure, Op, Style, H, W};

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

pub struct Base14;

impl Measure for Base14 {
    fn width(&self, text: &str, size: f32, style: Style) -> f32 {
        text.chars().map(units).sum::<u32>() as f32 * scale(size, style == Style::Bold)
    }
}

fn font(style: Style) -> Name<'static> {
    match style {
        Style::Regular => REGULAR,
        Style::Bold => BOLD,
        Style::Italic => ITALIC,
    }
}

/// Pages of drawing operations as a PDF.
pub fn render(title: &str, pages: &[Vec<Op>]) -> Vec<u8> {
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|ops| {
            let mut c = Content::new();
            for op in ops {
                match op {
                    Op::Text { x, y, text, size, style } => {
                        let bytes: Vec<u8> = text.chars().map(win_ansi).collect();
                        c.begin_text().set_font(font(*style), *size).next_line(*x, *y).show(Str(&bytes)).end_text();
                    }
                    Op::Rect { x, y, w, h, rgb } => {
                        c.set_fill_rgb(rgb[0], rgb[1], rgb[2]);
                        c.rect(*x, *y, *w, *h).fill_nonzero();
                        c.set_fill_rgb(0.0, 0.0, 0.0);
                    }
                }
            }
            c.finish().into_vec()
        })
        .collect();
    assemble(title, contents)
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
    #[test]
    fn pages_assemble_into_a_pdf_with_the_standard_fonts() {
        let pdf = super::assemble("A report", vec![b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET".to_vec(), Vec::new()]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-"), "{text}");
        assert!(text.contains("/Helvetica-Bold") && text.contains("/Count 2") && text.contains("(Hello)"), "{text}");
        assert!(text.trim_end().ends_with("%%EOF"));
    }
}
