//! The report as a reader meets it: sections of headings, paragraphs,
//! lists, tables and the figure, with every word already chosen. HTML,
//! Markdown and the PDF each render this one model, so they cannot drift.

use super::words::Words;
use super::Report;
use crate::contribution::Contribution;
use crate::summary::Resonance;

/// Words of the report's own, in one or more languages: (code, text)
/// each; a code of "" is text in no language of ours (a title, a theme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(pub Vec<(&'static str, String)>);

impl Label {
    /// Text the conveners or participants wrote, not translated.
    pub fn text(s: impl Into<String>) -> Label {
        Label(vec![("", s.into())])
    }

    /// Every language's text, joined: "Hopes / Espoirs".
    pub fn plain(&self) -> String {
        self.0.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" / ")
    }
}

/// A run of text inside a paragraph or a list item.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Plain(String),
    Em(String),
    Strong(String),
    /// The report's own words.
    Words(Label),
}

/// A participant's words, with the name they chose to show and a tally
/// such as "(3 votes)".
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub text: String,
    pub by: Option<String>,
    pub tally: Option<Label>,
}

/// The resonance figure and its text equivalent.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub title: Label,
    pub resonance: Resonance,
    pub low: String,
    pub high: String,
    /// The vertical axis' label.
    pub axis: Label,
    /// "n = 3 · mean 4.33 · median 4", or that nobody rated.
    pub stats: Label,
    /// The same counts as a table: a heading row, then value and people.
    pub table: Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: [Label; 2],
    /// A label and its number, written the main language's way.
    pub rows: Vec<(Label, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Vec<Span>),
    /// Said when a list is empty, or something has not happened yet.
    Note(Label),
    /// A subheading with an optional count.
    Sub(Label, Option<usize>),
    /// A heading below a subheading (an audience of the brief).
    Minor(String),
    Bullets(Vec<Vec<Span>>),
    Numbered(Vec<String>),
    /// Participants' words, one item each.
    Said(Vec<Said>),
    /// A question put to the room, as a heading of its own.
    Asked(Said),
    /// The answer to the question before it, in paragraphs.
    Answer(String),
    Table(Table),
    Figure(Figure),
    /// Blocks side by side where the page is wide enough (hopes, concerns).
    Columns(Vec<Vec<Block>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable anchor (`hopes-and-concerns`), never translated.
    pub id: &'static str,
    pub heading: Label,
    pub count: Option<usize>,
    /// Printed from the top of a page.
    pub new_page: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The main language.
    pub lang: &'static str,
    pub title: String,
    /// Date and place.
    pub meta: Option<Label>,
    pub sections: Vec<Section>,
}

fn section(id: &'static str, heading: Label, count: Option<usize>, new_page: bool, blocks: Vec<Block>) -> Section {
    Section { id, heading, count, new_page, blocks }
}

fn plain(s: &str) -> Vec<Span> {
    vec![Span::Plain(s.to_string())]
}

/// Paragraphs split at blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| Block::Para(plain(p)))
}

impl<'a> Report<'a> {
    fn said(&self, c: &Contribution, tally: Option<Label>) -> Said {
        Said { text: c.text.clone(), by: self.byline(c).map(str::to_string), tally }
    }

    /// Participants' words, or "None.".
    fn words(&self, w: &Words, items: &[&Contribution]) -> Block {
        if items.is_empty() {
            return Block::Note(w.label("report-none"));
        }
        Block::Said(items.iter().map(|c| self.said(c, None)).collect())
    }

    /// The whole report in the dialogue's own language(s).
    pub fn spoken(&self) -> Document {
        self.document(&Words::new(&self.d.spec.languages()))
    }

    /// The whole report in the words of `w`.
    pub fn document(&self, w: &Words) -> Document {
        let d = self.d;
        let s = &d.spec;
        let meta = (s.held_on.is_some() || s.place.is_some()).then(|| {
            w.each(|l| {
                [s.held_on.as_deref().map(|x| l.long_date(x)), s.place.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
            })
        });
        let agenda = vec![Block::Numbered(d.agenda.items.iter().map(|i| i.title.clone()).collect())];
        let sections = vec![
            self.introduction(w),
            section("agenda", w.label("report-agenda"), None, false, agenda),
            self.participation_section(w),
            section(
                "hopes-and-concerns",
                w.label("report-hopes-and-concerns"),
                None,
                true,
                vec![Block::Columns(vec![
                    vec![Block::Sub(w.label("report-hopes"), Some(self.hopes.len())), self.words(w, &self.hopes)],
                    vec![Block::Sub(w.label("report-concerns"), Some(self.concerns.len())), self.words(w, &self.concerns)],
                ])],
            ),
            self.brief(w),
            self.questions_section(w),
            self.resonance_section(w),
            self.recommendations_section(w),
            section(
                "commitments",
                w.label("report-commitments"),
                Some(self.commitments.len()),
                false,
                vec![self.words(w, &self.commitments)],
            ),
            section(
                "conclusion",
                w.label("report-conclusion"),
                None,
                false,
                match &d.conclusion {
                    Some(c) => paragraphs(c).collect(),
                    None => vec![Block::Note(w.label("report-no-conclusion"))],
                },
            ),
        ];
        Document { lang: w.lang(), title: s.title.clone(), meta, sections }
    }

    fn introduction(&self, w: &Words) -> Section {
        let s = &self.d.spec;
        let mut blocks = Vec::new();
        if !s.report.title.is_empty() {
            blocks.push(Block::Para(vec![
                Span::Words(w.label("report-on-the-report")),
                Span::Plain(" ".into()),
                Span::Em(s.report.title.clone()),
                Span::Plain(".".into()),
            ]));
        }
        if !s.conveners.is_empty() {
            blocks.push(Block::Sub(w.label("report-conveners"), None));
            blocks.push(Block::Bullets(s.conveners.iter().map(|c| plain(c)).collect()));
        }
        if !s.roles.is_empty() {
            let roles = s
                .roles
                .iter()
                .map(|r| {
                    let mut line = vec![Span::Strong(r.name.clone())];
                    if !r.role.is_empty() {
                        line.push(Span::Plain(format!(", {}", r.role)));
                    }
                    if !r.title.is_empty() {
                        line.push(Span::Plain(format!(" — {}", r.title)));
                    }
                    line
                })
                .collect();
            blocks.push(Block::Bullets(roles));
        }
        section("introduction", w.label("report-introduction"), None, false, blocks)
    }

    fn participation_section(&self, w: &Words) -> Section {
        let p = &self.participation;
        let by_stage = Table {
            head: [w.label("report-step"), w.label("report-people")],
            rows: p.by_stage.iter().map(|(t, n)| (w.took(*t), w.number(*n))).collect(),
        };
        let by_sector = Table {
            head: [w.label("report-sector"), w.label("report-people")],
            rows: p.by_sector.iter().map(|(s, n)| (w.sector(*s), w.number(*n))).collect(),
        };
        let blocks = vec![
            Block::Para(vec![Span::Words(w.count("report-joined", p.joined))]),
            Block::Table(by_stage),
            Block::Sub(w.label("report-by-sector"), None),
            Block::Table(by_sector),
        ];
        section("participation", w.label("report-participation"), None, false, blocks)
    }

    fn brief(&self, w: &Words) -> Section {
        let r = &self.d.spec.report;
        let mut blocks = Vec::new();
        if !r.title.is_empty() {
            blocks.push(Block::Para(vec![Span::Em(r.title.clone())]));
        }
        blocks.extend(paragraphs(&r.summary));
        if !r.recommendations.is_empty() {
            blocks.push(Block::Sub(w.label("report-key-recommendations"), Some(r.recommendations.len())));
            let (mut audience, mut rubric) = (None::<&str>, None::<&str>);
            let mut list: Vec<String> = Vec::new();
            for rec in &r.recommendations {
                if audience != Some(rec.audience.as_str()) || rubric != Some(rec.rubric.as_str()) {
                    if !list.is_empty() {
                        blocks.push(Block::Numbered(std::mem::take(&mut list)));
                    }
                    if audience != Some(rec.audience.as_str()) && !rec.audience.is_empty() {
                        blocks.push(Block::Minor(rec.audience.clone()));
                    }
                    if !rec.rubric.is_empty() {
                        blocks.push(Block::Para(vec![Span::Em(rec.rubric.clone())]));
                    }
                    audience = Some(&rec.audience);
                    rubric = Some(&rec.rubric);
                }
                list.push(rec.text.clone());
            }
            blocks.push(Block::Numbered(list));
        }
        section("brief", w.label("report-brief"), None, true, blocks)
    }

    fn questions_section(&self, w: &Words) -> Section {
        let mut blocks = Vec::new();
        if self.questions.is_empty() {
            blocks.push(Block::Note(w.label("report-none")));
        }
        for q in &self.questions {
            let votes = q.backers.len();
            blocks.push(Block::Asked(self.said(q, (votes > 0).then(|| w.count("report-votes", votes)))));
            blocks.push(match &q.answer {
                Some(a) => Block::Answer(a.clone()),
                None => Block::Note(w.label("report-unanswered")),
            });
        }
        section("questions", w.label("report-questions"), Some(self.questions.len()), false, blocks)
    }

    fn resonance_section(&self, w: &Words) -> Section {
        let s = &self.d.spec;
        let r = &self.resonance;
        let rows = r
            .histogram
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let v = r.min + i as i32;
                let label = match v {
                    v if v == r.min && !s.scale.low_label.is_empty() => format!("{v} ({})", s.scale.low_label),
                    v if v == r.max && !s.scale.high_label.is_empty() => format!("{v} ({})", s.scale.high_label),
                    v => v.to_string(),
                };
                (Label::text(label), w.number(*n as usize))
            })
            .collect();
        let figure = Figure {
            title: s.resonance_figure_title.clone().map_or_else(|| w.label("report-figure-title"), Label::text),
            resonance: r.clone(),
            low: s.scale.low_label.clone(),
            high: s.scale.high_label.clone(),
            axis: w.label("report-axis"),
            stats: match (r.mean, r.median) {
                (Some(m), Some(md)) => w.stats(r.count, m, md),
                _ => w.label("report-no-ratings"),
            },
            table: Table { head: [w.label("report-rating"), w.label("report-people")], rows },
        };
        let blocks = vec![
            Block::Figure(figure),
            Block::Sub(w.label("report-reservations"), Some(self.reservations.len())),
            self.words(w, &self.reservations),
        ];
        section("resonance", w.label("report-resonance"), None, false, blocks)
    }

    fn recommendations_section(&self, w: &Words) -> Section {
        let total: usize = self.themes.iter().map(|(_, v)| v.len()).sum();
        let mut blocks = Vec::new();
        for (theme, items) in self.themes.iter().filter(|(_, v)| !v.is_empty()) {
            blocks.push(Block::Sub(Label::text(theme.clone()), Some(items.len())));
            blocks.push(Block::Said(items.iter().map(|c| self.said(c, Some(w.count("report-endorsements", c.backers.len())))).collect()));
        }
        if total == 0 {
            blocks.push(Block::Note(w.label("report-none")));
        }
        section("recommendations", w.label("report-recommendations"), Some(total), true, blocks)
    }
}
