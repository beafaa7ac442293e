//! The PDF back end for every script: Debian's Noto fonts (`fonts-noto-core`,
//! `fonts-noto-cjk`), each character drawn in the first face that has it,
//! runs shaped (joined Arabic, Gurmukhi conjuncts) and subsetted into the
//! file by `krilla`, right-to-left runs placed in their visual order
//! (`unicode-bidi`). Faces are read once, when first needed.

use std::ops::Range;
use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::text::{Font, GlyphId, KrillaGlyph, TextDirection};
use krilla::Document;
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::BidiInfo;

use super::{Measure, Op, Style, H, W};

/// Where the faces are looked for; `CONVENE_FONTS` names another folder.
const DIRS: [&str; 2] = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"];

/// The faces in the order they are tried for a character, per style: a
/// file and its index in a collection (2 is Simplified Chinese in the CJK
/// collection, which also has kana and Hangul).
const REGULAR: &[(&str, u32)] = &[
    ("NotoSans-Regular.ttf", 0),
    ("NotoSansArabic-Regular.ttf", 0),
    ("NotoSansHebrew-Regular.ttf", 0),
    ("NotoSansGurmukhi-Regular.ttf", 0),
    ("NotoSansDevanagari-Regular.ttf", 0),
    ("NotoSansBengali-Regular.ttf", 0),
    ("NotoSansTamil-Regular.ttf", 0),
    ("NotoSansThai-Regular.ttf", 0),
    ("NotoSansCJK-Regular.ttc", 2),
    ("NotoSansSymbols-Regular.ttf", 0),
];
const BOLD: &[(&str, u32)] = &[
    ("NotoSans-Bold.ttf", 0),
    ("NotoSansArabic-Bold.ttf", 0),
    ("NotoSansHebrew-Bold.ttf", 0),
    ("NotoSansGurmukhi-Bold.ttf", 0),
    ("NotoSansDevanagari-Bold.ttf", 0),
    ("NotoSansBengali-Bold.ttf", 0),
    ("NotoSansTamil-Bold.ttf", 0),
    ("NotoSansThai-Bold.ttf", 0),
    ("NotoSansCJK-Bold.ttc", 2),
    ("NotoSansSymbols-Regular.ttf", 0),
];

struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
    /// Glyphs and advances (in em) of the first 0x250 characters (Latin),
    /// to measure and draw them without shaping.
    latin: Vec<(u16, f32)>,
}

/// Characters measured from `Face::latin`.
const LATIN: u32 = 0x250;

/// One style's faces, each read from disk the first time a character needs it.
struct Family {
    files: Vec<(std::path::PathBuf, u32)>,
    loaded: Vec<OnceLock<Option<Face>>>,
}

impl Family {
    fn new(dir: &std::path::Path, list: &[(&str, u32)]) -> Family {
        let files: Vec<_> = list.iter().map(|(f, i)| (dir.join(f), *i)).filter(|(p, _)| p.is_file()).collect();
        let loaded = files.iter().map(|_| OnceLock::new()).collect();
        Family { files, loaded }
    }

    fn face(&self, i: usize) -> Option<&Face> {
        self.loaded
            .get(i)?
            .get_or_init(|| {
                let (path, index) = &self.files[i];
                // Read once for the life of the process, shared by every PDF.
                let data: &'static [u8] = Box::leak(std::fs::read(path).ok()?.into_boxed_slice());
                let shaper = rustybuzz::Face::from_slice(data, *index)?;
                let font = Font::new(data.into(), *index)?;
                let em = f32::from(shaper.units_per_em() as u16);
                let latin = (0..LATIN)
                    .map(|c| {
                        let g = char::from_u32(c).and_then(|c| shaper.glyph_index(c)).unwrap_or_default();
                        (g.0, shaper.glyph_hor_advance(g).map_or(0.0, |a| f32::from(a) / em))
                    })
                    .collect();
                Some(Face { font, shaper, latin })
            })
            .as_ref()
    }

    /// The first face that has `c`.
    fn pick(&self, c: char) -> Option<usize> {
        (0..self.files.len()).find(|i| self.face(*i).is_some_and(|f| f.shaper.glyph_index(c).is_some()))
    }
}

pub struct Faces {
    regular: Family,
    bold: Family,
    italic: Family,
}

/// A piece of a line drawn in one face and one direction.
struct Run {
    face: usize,
    range: Range<usize>,
    rtl: bool,
}

impl Faces {
    /// The installed faces, or None when there is not even a Latin one.
    pub fn installed() -> Option<&'static Faces> {
        static FACES: OnceLock<Option<Faces>> = OnceLock::new();
        FACES
            .get_or_init(|| {
                let custom = std::env::var_os("CONVENE_FONTS").map(std::path::PathBuf::from);
                let dirs: Vec<std::path::PathBuf> = custom.into_iter().chain(DIRS.iter().map(std::path::PathBuf::from)).collect();
                let family = |list: &[(&str, u32)]| {
                    let mut all = Family { files: Vec::new(), loaded: Vec::new() };
                    for (name, index) in list {
                        if let Some(f) = dirs.iter().map(|d| Family::new(d, &[(name, *index)])).find(|f| !f.files.is_empty()) {
                            all.files.extend(f.files);
                            all.loaded.extend(f.loaded);
                        }
                    }
                    all
                };
                let regular = family(REGULAR);
                let first_is_latin = regular.files.first().is_some_and(|(p, _)| p.ends_with(REGULAR[0].0));
                if !first_is_latin {
                    tracing::warn!("the Noto fonts are not installed (fonts-noto-core, fonts-noto-cjk): PDFs print only Windows-1252");
                    return None;
                }
                // A style whose Latin face is missing is drawn in the regular faces.
                let latin_first = |f: &Family, name: &str| f.files.first().is_some_and(|(p, _)| p.ends_with(name));
                let bold = Some(family(BOLD)).filter(|f| latin_first(f, BOLD[0].0)).unwrap_or_else(|| family(REGULAR));
                let mut italic_list = vec![("NotoSans-Italic.ttf", 0)];
                italic_list.extend_from_slice(&REGULAR[1..]);
                let italic =
                    Some(family(&italic_list)).filter(|f| latin_first(f, "NotoSans-Italic.ttf")).unwrap_or_else(|| family(REGULAR));
                Some(Faces { regular, bold, italic })
            })
            .as_ref()
    }

    fn family(&self, style: Style) -> &Family {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }

    /// A line as runs in the order they are drawn, left to right: bidi
    /// runs in visual order, each split where the face changes (a face
    /// keeps spaces, digits and marks it also has, so runs stay whole).
    fn runs(&self, text: &str, style: Style) -> Vec<Run> {
        let fam = self.family(style);
        // Most text is Latin: one run in the first face, no bidi pass.
        if text.chars().all(|c| (c as u32) < 0x250 || matches!(c, '\u{2000}'..='\u{206f}')) {
            return vec![Run { face: 0, range: 0..text.len(), rtl: false }];
        }
        let bidi = BidiInfo::new(text, None);
        let mut out = Vec::new();
        for para in &bidi.paragraphs {
            let (levels, visual) = bidi.visual_runs(para, para.range.clone());
            for range in visual {
                let rtl = levels[range.start].is_rtl();
                let mut pieces: Vec<Run> = Vec::new();
                for (i, c) in text[range.clone()].char_indices() {
                    let at = range.start + i;
                    // A character no face has stays in the run it is in.
                    let keep = pieces.last().filter(|r| {
                        !c.is_alphabetic() && fam.face(r.face).is_some_and(|f| f.shaper.glyph_index(c).is_some())
                            || fam.pick(c).is_none_or(|f| f == r.face)
                    });
                    match (keep.is_some(), pieces.last_mut()) {
                        (true, Some(last)) => last.range.end = at + c.len_utf8(),
                        _ => pieces.push(Run { face: fam.pick(c).unwrap_or(0), range: at..at + c.len_utf8(), rtl }),
                    }
                }
                if rtl {
                    pieces.reverse();
                }
                out.extend(pieces);
            }
        }
        out
    }

    /// The shaped width of one run.
    fn run_width(&self, text: &str, run: &Run, size: f32, style: Style) -> f32 {
        let Some(face) = self.family(style).face(run.face) else { return 0.0 };
        let mut buf = UnicodeBuffer::new();
        buf.push_str(&text[run.range.clone()]);
        buf.guess_segment_properties();
        buf.set_direction(if run.rtl { Direction::RightToLeft } else { Direction::LeftToRight });
        let shaped = rustybuzz::shape(&face.shaper, &[], buf);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / f32::from(face.shaper.units_per_em() as u16) * size
    }
}

impl Measure for Faces {
    /// One character by its advance in the face that has it, unshaped (to
    /// cut a word wider than a line).
    fn char_width(&self, c: char, size: f32, style: Style) -> f32 {
        let fam = self.family(style);
        if (c as u32) < LATIN {
            return fam.face(0).map_or(0.0, |f| f.latin[c as usize].1 * size);
        }
        let Some(face) = fam.face(fam.pick(c).unwrap_or(0)) else { return 0.0 };
        let em = f32::from(face.shaper.units_per_em() as u16);
        face.shaper.glyph_index(c).and_then(|g| face.shaper.glyph_hor_advance(g)).map_or(0.0, |a| f32::from(a) / em * size)
    }

    fn width(&self, text: &str, size: f32, style: Style) -> f32 {
        // Latin text is measured by its advances (the first face has them all).
        if let Some(face) = text.chars().all(|c| (c as u32) < LATIN).then(|| self.family(style).face(0)).flatten() {
            return text.chars().map(|c| face.latin[c as usize].1).sum::<f32>() * size;
        }
        self.runs(text, style).iter().map(|r| self.run_width(text, r, size, style)).sum()
    }
}

/// Pages of drawing operations as a PDF with the faces they use embedded;
/// None if krilla could not write it.
pub fn render(title: &str, pages: &[Vec<Op>], faces: &Faces) -> Option<Vec<u8>> {
    let mut doc = Document::new();
    doc.set_metadata(Metadata::new().title(title.to_string()).producer("Convene".to_string()));
    for ops in pages {
        let Some(settings) = PageSettings::from_wh(W, H) else { continue };
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, text, size, style } if text.chars().all(|c| (c as u32) < LATIN) => {
                    // Latin: the glyphs straight from the font, no shaping.
                    let Some(face) = faces.family(*style).face(0) else { continue };
                    let glyphs: Vec<KrillaGlyph> = text
                        .char_indices()
                        .map(|(i, c)| {
                            let (g, adv) = face.latin[c as usize];
                            KrillaGlyph::new(GlyphId::new(u32::from(g)), adv, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None)
                        })
                        .collect();
                    surface.draw_glyphs(Point::from_xy(*x, H - y), &glyphs, face.font.clone(), text, *size, false);
                }
                Op::Text { x, y, text, size, style } => {
                    let mut at = *x;
                    let runs = faces.runs(text, *style);
                    let last = runs.len().saturating_sub(1);
                    for (i, run) in runs.into_iter().enumerate() {
                        let Some(face) = faces.family(*style).face(run.face) else { continue };
                        let dir = if run.rtl { TextDirection::RightToLeft } else { TextDirection::LeftToRight };
                        // krilla's page runs from the top left, PDF's from the bottom left.
                        surface.draw_text(Point::from_xy(at, H - y), face.font.clone(), *size, &text[run.range.clone()], false, dir);
                        if i < last {
                            at += faces.run_width(text, &run, *size, *style);
                        }
                    }
                }
                Op::Rect { x, y, w, h, rgb: c } => {
                    let Some(rect) = Rect::from_xywh(*x, H - y - h, *w, *h) else { continue };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    let Some(path) = pb.finish() else { continue };
                    let byte = |v: f32| (v * 255.0).round().clamp(0.0, 255.0) as u8;
                    surface.set_fill(Some(Fill {
                        paint: rgb::Color::new(byte(c[0]), byte(c[1]), byte(c[2])).into(),
                        opacity: NormalizedF32::ONE,
                        rule: FillRule::NonZero,
                    }));
                    surface.draw_path(&path);
                    surface.set_fill(Some(Fill::default()));
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| tracing::error!(error = ?e, "the PDF could not be written with the Noto fonts")).ok()
}
