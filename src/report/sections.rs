//! The report as a reader meets it: sections of headings, paragraphs,
//! lists, tables and the figure, with every word already chosen. HTML,
//! Markdown and the PDF each render this one model, so they cannot drift.

use super::words::Words;
use super::Report;
use crate::contribution::Contribution;
use crate::summary::Resonance;

/// A run of text inside a paragraph or a list item.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Plain(String),
    Em(String),
    Strong(String),
}

/// A participant's words, with the name they chose to show and a tally
/// such as "(3 votes)".
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub text: String,
    pub by: Option<String>,
    pub tally: Option<String>,
}

/// The resonance figure and its text equivalent.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub title: String,
    pub resonance: Resonance,
    pub low: String,
    pub high: String,
    /// The vertical axis' label.
    pub axis: String,
    /// "n = 3 · mean 4.33 · median 4", or that nobody rated.
    pub stats: String,
    /// The same counts as a table: a heading row, then value and people.
    pub table: Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: [String; 2],
    pub rows: Vec<[String; 2]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Vec<Span>),
    /// Said when a list is empty, or something has not happened yet.
    Note(String),
    /// A subheading with an optional count.
    Sub(String, Option<usize>),
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
    pub heading: String,
    pub count: Option<usize>,
    /// Printed from the top of a page.
    pub new_page: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: &'static str,
    pub title: String,
    /// Date and place.
    pub meta: Option<String>,
    pub sections: Vec<Section>,
}

fn section(id: &'static str, heading: &str, count: Option<usize>, new_page: bool, blocks: Vec<Block>) -> Section {
    Section { id, heading: heading.to_string(), count, new_page, blocks }
}

fn plain(s: &str) -> Vec<Span> {
    vec![Span::Plain(s.to_string())]
}

/// Paragraphs split at blank lines.
fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| Block::Para(plain(p)))
}

impl<'a> Report<'a> {
    fn said(&self, c: &Contribution, tally: Option<String>) -> Said {
        Said { text: c.text.clone(), by: self.byline(c).map(str::to_string), tally }
    }

    /// Participants' words, or "None.".
    fn words(&self, w: &Words, items: &[&Contribution]) -> Block {
        if items.is_empty() {
            return Block::Note(w.none().into());
        }
        Block::Said(items.iter().map(|c| self.said(c, None)).collect())
    }

    /// The whole report in the words of `w`.
    pub fn document(&self, w: &Words) -> Document {
        let d = self.d;
        let s = &d.spec;
        let meta: Vec<String> = [s.held_on.as_deref().map(|x| w.long_date(x)), s.place.clone()].into_iter().flatten().collect();
        let sections = vec![
            self.introduction(w),
            section("agenda", w.agenda(), None, false, vec![Block::Numbered(d.agenda.items.iter().map(|i| i.title.clone()).collect())]),
            self.participation_section(w),
            section(
                "hopes-and-concerns",
                w.hopes_and_concerns(),
                None,
                true,
                vec![Block::Columns(vec![
                    vec![Block::Sub(w.hopes().into(), Some(self.hopes.len())), self.words(w, &self.hopes)],
                    vec![Block::Sub(w.concerns().into(), Some(self.concerns.len())), self.words(w, &self.concerns)],
                ])],
            ),
            self.brief(w),
            self.questions_section(w),
            self.resonance_section(w),
            self.recommendations_section(w),
            section("commitments", w.commitments(), Some(self.commitments.len()), false, vec![self.words(w, &self.commitments)]),
            section(
                "conclusion",
                w.conclusion(),
                None,
                false,
                match &d.conclusion {
                    Some(c) => paragraphs(c).collect(),
                    None => vec![Block::Note(w.no_conclusion().into())],
                },
            ),
        ];
        Document { lang: w.lang, title: s.title.clone(), meta: (!meta.is_empty()).then(|| meta.join(" · ")), sections }
    }

    fn introduction(&self, w: &Words) -> Section {
        let s = &self.d.spec;
        let mut blocks = Vec::new();
        if !s.report.title.is_empty() {
            blocks.push(Block::Para(vec![
                Span::Plain(format!("{} ", w.on_the_report())),
                Span::Em(s.report.title.clone()),
                Span::Plain(".".into()),
            ]));
        }
        if !s.conveners.is_empty() {
            blocks.push(Block::Sub(w.conveners().into(), None));
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
        section("introduction", w.introduction(), None, false, blocks)
    }

    fn participation_section(&self, w: &Words) -> Section {
        let p = &self.participation;
        let head = |first: &str| [first.to_string(), w.people().to_string()];
        let by_stage =
            Table { head: head(w.step()), rows: p.by_stage.iter().map(|(t, n)| [w.took(*t).to_string(), n.to_string()]).collect() };
        let by_sector = Table {
            head: head(w.sector_heading()),
            rows: p.by_sector.iter().map(|(s, n)| [w.sector(*s).to_string(), n.to_string()]).collect(),
        };
        section(
            "participation",
            w.participation(),
            None,
            false,
            vec![
                Block::Para(plain(&w.joined(p.joined))),
                Block::Table(by_stage),
                Block::Sub(w.by_sector().into(), None),
                Block::Table(by_sector),
            ],
        )
    }

    fn brief(&self, w: &Words) -> Section {
        let r = &self.d.spec.report;
        let mut blocks = Vec::new();
        if !r.title.is_empty() {
            blocks.push(Block::Para(vec![Span::Em(r.title.clone())]));
        }
        blocks.extend(paragraphs(&r.summary));
        if !r.recommendations.is_empty() {
            blocks.push(Block::Sub(w.key_recommendations().into(), Some(r.recommendations.len())));
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
        section("brief", w.brief(), None, true, blocks)
    }

    fn questions_section(&self, w: &Words) -> Section {
        let mut blocks = Vec::new();
        if self.questions.is_empty() {
            blocks.push(Block::Note(w.none().into()));
        }
        for q in &self.questions {
            let votes = q.backers.len();
            blocks.push(Block::Asked(self.said(q, (votes > 0).then(|| w.votes(votes)))));
            blocks.push(match &q.answer {
                Some(a) => Block::Answer(a.clone()),
                None => Block::Note(w.unanswered().into()),
            });
        }
        section("questions", w.questions(), Some(self.questions.len()), false, blocks)
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
                [label, n.to_string()]
            })
            .collect();
        let figure = Figure {
            title: s.resonance_figure_title.clone().unwrap_or_else(|| w.figure_title().into()),
            resonance: r.clone(),
            low: s.scale.low_label.clone(),
            high: s.scale.high_label.clone(),
            axis: w.participants().into(),
            stats: match (r.mean, r.median) {
                (Some(m), Some(md)) => w.stats(r.count, m, md),
                _ => w.no_ratings().into(),
            },
            table: Table { head: [w.rating().into(), w.people().into()], rows },
        };
        section(
            "resonance",
            w.resonance(),
            None,
            false,
            vec![
                Block::Figure(figure),
                Block::Sub(w.reservations().into(), Some(self.reservations.len())),
                self.words(w, &self.reservations),
            ],
        )
    }

    fn recommendations_section(&self, w: &Words) -> Section {
        let total: usize = self.themes.iter().map(|(_, v)| v.len()).sum();
        let mut blocks = Vec::new();
        for (theme, items) in self.themes.iter().filter(|(_, v)| !v.is_empty()) {
            blocks.push(Block::Sub(theme.clone(), Some(items.len())));
            blocks.push(Block::Said(items.iter().map(|c| self.said(c, Some(w.endorsements(c.backers.len())))).collect()));
        }
        if total == 0 {
            blocks.push(Block::Note(w.none().into()));
        }
        section("recommendations", w.recommendations(), Some(total), true, blocks)
    }
}
