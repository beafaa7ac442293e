//! The post-event report in its formats: complete, escaped, gated.

use serde_json::{json, Value};

use crate::support::{Dialogue, Server};

const FIXTURE: &str = include_str!("../../fixtures/vancouver-2009.json");

fn get_text(s: &Server, path: &str, token: Option<&str>) -> (u16, String) {
    let mut req = ureq::get(&s.url(path));
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    match req.call() {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
        Err(e) => panic!("{path}: {e}"),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;").replace('\n', "<br>")
}

/// Markdown as a reader sees it: escapes undone.
fn md_plain(md: &str) -> String {
    let mut out = String::new();
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The part of `doc` from `start` to `end`.
fn section<'a>(doc: &'a str, start: &str, end: &str) -> &'a str {
    let from = doc.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &doc[from..];
    let to = rest[start.len()..].find(end).map_or(rest.len(), |i| i + start.len());
    &rest[..to]
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x["text"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn the_vancouver_report_holds_everything_in_its_place() {
    let s = Server::fresh();
    let fx: Value = serde_json::from_str(FIXTURE).unwrap();
    let (_, created) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(FIXTURE), &[]);
    let id = created["id"].as_str().unwrap();
    let key = created["facilitator_key"].as_str().unwrap();
    let (st, html) = get_text(&s, &format!("/api/v1/dialogues/{id}/report.html"), Some(key));
    assert_eq!(st, 200);
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>"));
    assert!(!html.contains("<script"), "no scripts in the report");
    let (st, md) = get_text(&s, &format!("/api/v1/dialogues/{id}/report.md"), Some(key));
    assert_eq!(st, 200);
    let md = md_plain(&md);

    let checks: [(&str, &str, &str, &str, Vec<String>); 5] = [
        ("hopes", r#"<section id="hopes-and-concerns""#, "</section>", "## Hopes and concerns", strings(&fx["hopes"])),
        ("concerns", r#"<section id="hopes-and-concerns""#, "</section>", "## Hopes and concerns", strings(&fx["concerns"])),
        ("reservations", r#"<section id="resonance""#, "</section>", "## Resonance", strings(&fx["reservations"])),
        ("commitments", r#"<section id="commitments""#, "</section>", "## Commitments", strings(&fx["commitments"])),
        ("brief", r#"<section id="brief""#, "</section>", "## The brief", strings(&fx["report"]["recommendations"])),
    ];
    for (what, start, end, md_start, texts) in checks {
        let part = section(&html, start, end);
        let md_part = section(&md, md_start, "\n## ");
        for t in texts {
            assert!(part.contains(&html_escape(&t)), "{what} in HTML: {t}");
            assert!(md_part.contains(t.trim()), "{what} in Markdown: {t}");
        }
    }
    assert_eq!(fx["report"]["recommendations"].as_array().unwrap().len(), 25);
    let questions = section(&html, r#"<section id="questions""#, "</section>");
    let md_questions = section(&md, "## Questions and answers", "\n## ");
    for q in fx["questions"].as_array().unwrap() {
        let (text, answer) = (q["text"].as_str().unwrap(), q["answer"].as_str().unwrap());
        let at = questions.find(&html_escape(text)).unwrap_or_else(|| panic!("question {text}"));
        assert!(questions[at..].contains(&html_escape(answer)), "its answer follows it");
        assert!(md_questions.contains(text));
        for line in answer.lines().filter(|l| !l.trim().is_empty()) {
            assert!(md_questions.contains(line.trim()), "answer line in Markdown: {line}");
        }
    }
    let recs = section(&html, r#"<section id="recommendations""#, "</section>");
    let md_recs = section(&md, "## Recommendations", "\n## Commitments");
    for r in fx["recommendations"].as_array().unwrap() {
        let (theme, text) = (r["theme"].as_str().unwrap(), r["text"].as_str().unwrap());
        let under = section(recs, &format!("<h3>{}", html_escape(theme)), "<h3>");
        assert!(under.contains(&html_escape(text)), "{text} under {theme}");
        let md_under = section(md_recs, &format!("### {theme}"), "\n### ");
        assert!(md_under.contains(text), "{text} under {theme} in Markdown");
    }
    assert!(html.contains("<svg") && html.contains("n = 0"), "the resonance figure, even empty");
    assert!(html.contains(&html_escape(fx["resonance_figure_title"].as_str().unwrap())));
    assert!(html.contains(&html_escape(fx["conclusion"].as_str().unwrap().split("\n\n").next().unwrap())));
    assert!(html.contains("27 November 2009"));
}

#[test]
fn reports_are_the_facilitators_until_published() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Gated"}));
    let p = d.join(&s, 1);
    for path in ["/report.html", "/report.md", "/export.csv"] {
        assert_eq!(get_text(&s, &d.path(path), None).0, 401, "{path}");
        assert_eq!(get_text(&s, &d.path(path), Some(&p[0])).0, 403, "{path}");
        assert_eq!(get_text(&s, &d.path(path), Some(&d.key)).0, 200, "{path}");
    }
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    for path in ["/report.html", "/report.md", "/export.csv"] {
        assert_eq!(get_text(&s, &d.path(path), None).0, 200, "{path} once published");
    }
}

#[test]
fn hostile_text_is_inert_and_hidden_items_are_absent() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Hostile <b>title</b>", "themes": ["Media"]}));
    let p = d.join(&s, 2);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&p[0]), Some(json!({"text": "<script>alert(1)</script>"})));
    let hidden = s.expect(200, "PUT", &d.path("/hope"), Some(&p[1]), Some(json!({"text": "a secret insult"})));
    s.expect(200, "POST", &d.path(&format!("/contributions/{}/hide", hidden["id"].as_str().unwrap())), Some(&d.key), None);
    s.expect(200, "PUT", &d.path("/concern"), Some(&p[0]), Some(json!({"text": "# not a heading\n- not a list [link](http://x)"})));
    d.stage(&s, 5);
    s.expect(201, "POST", &d.path("/recommendations"), Some(&p[0]), Some(json!({"text": "=HYPERLINK(\"http://x\")", "theme": "Media"})));

    let (_, html) = get_text(&s, &d.path("/report.html"), Some(&d.key));
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<b>title</b>"));
    let (_, md) = get_text(&s, &d.path("/report.md"), Some(&d.key));
    assert!(!md.contains("<script>") && md.contains("&lt;script&gt;"));
    assert!(!md.lines().any(|l| l.starts_with("# not a heading")), "participants' text opens no heading");
    assert!(!md.contains("[link](http"), "nor a link");
    let (_, csv) = get_text(&s, &d.path("/export.csv"), Some(&d.key));
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
    assert!(!csv.split(['\n', ',']).any(|cell| cell.trim_start_matches('"').starts_with('=')));
    for doc in [&html, &md] {
        assert!(!doc.contains("a secret insult"), "a hidden item appears in no report");
    }
    assert!(csv.starts_with('\u{FEFF}'), "a byte-order mark, for spreadsheet programs");
    assert_eq!(csv.matches("\r\n").count(), 5, "header, hope, concern, recommendation, and the hidden hope");
    let hidden_row = csv.lines().find(|l| l.contains("a secret insult")).unwrap();
    assert!(hidden_row.contains(",true,"), "the facilitator's copy marks it hidden: {hidden_row}");
    assert_eq!(csv.matches(",false,").count(), 3, "the visible ones are not");
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    let (_, public) = get_text(&s, &d.path("/export.csv"), None);
    assert!(!public.contains("a secret insult") && public.matches("\r\n").count() == 4, "the public copy leaves it out");
}

#[test]
fn the_archive_round_trips_through_import() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Round trip", "themes": ["Media", "Education"], "place": "Victoria"}));
    let p = d.join(&s, 4);
    d.stage(&s, 1);
    let mut hopes = Vec::new();
    for (i, t) in p.iter().enumerate() {
        hopes.push(s.expect(200, "PUT", &d.path("/hope"), Some(t), Some(json!({"text": format!("hope {i}")}))));
    }
    s.expect(200, "POST", &d.path(&format!("/contributions/{}/hide", hopes[3]["id"].as_str().unwrap())), Some(&d.key), None);
    d.stage(&s, 3);
    let q = s.expect(201, "POST", &d.path("/questions"), Some(&p[0]), Some(json!({"text": "why?"})));
    let qid = q["id"].as_str().unwrap();
    s.expect(204, "POST", &d.path(&format!("/questions/{qid}/votes")), Some(&p[1]), None);
    s.expect(200, "PUT", &d.path(&format!("/questions/{qid}/answer")), Some(&d.key), Some(json!({"text": "because"})));
    d.stage(&s, 4);
    s.expect(200, "PUT", &d.path("/rating"), Some(&p[2]), Some(json!({"value": 5})));
    d.stage(&s, 5);
    let a = s.expect(201, "POST", &d.path("/recommendations"), Some(&p[0]), Some(json!({"text": "fund it", "theme": "Media"})));
    let b = s.expect(201, "POST", &d.path("/recommendations"), Some(&p[1]), Some(json!({"text": "fund it now", "theme": "Media"})));
    s.expect(204, "POST", &d.path(&format!("/recommendations/{}/endorsements", b["id"].as_str().unwrap())), Some(&p[2]), None);
    s.expect(
        200,
        "POST",
        &d.path(&format!("/contributions/{}/merge", b["id"].as_str().unwrap())),
        Some(&d.key),
        Some(json!({"into": a["id"]})),
    );
    s.expect(200, "PUT", &d.path("/conclusion"), Some(&d.key), Some(json!({"text": "Meet again."})));

    let (st, first) = get_text(&s, &d.path("/export.json"), Some(&d.key));
    assert_eq!(st, 200);
    assert!(!first.contains(&d.key) && !first.contains("pt_") && !first.contains(&d.id), "no keys, tokens or ids");
    let (st, created) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(&first), &[]);
    assert_eq!(st, 201, "{created}");
    let copy = created["id"].as_str().unwrap();
    let copy_key = created["facilitator_key"].as_str().unwrap();
    let (_, second) = get_text(&s, &format!("/api/v1/dialogues/{copy}/export.json"), Some(copy_key));
    assert_eq!(serde_json::from_str::<Value>(&first).unwrap(), serde_json::from_str::<Value>(&second).unwrap());
    let (_, html1) = get_text(&s, &d.path("/report.html"), Some(&d.key));
    let (_, html2) = get_text(&s, &format!("/api/v1/dialogues/{copy}/report.html"), Some(copy_key));
    assert_eq!(html1, html2, "the same report");
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("dialogue_id");
        v.as_object_mut().unwrap().remove("revision");
        for k in ["hopes", "concerns", "questions", "reservations", "commitments"] {
            for item in v[k]["items"].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().remove("id");
            }
        }
        for t in v["recommendations"]["themes"].as_array_mut().unwrap() {
            for item in t["items"].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().remove("id");
            }
        }
        v
    };
    assert_eq!(strip(s.summary(&d.id)), strip(s.summary(copy)), "the same summary");
    assert_eq!(s.summary(copy)["hopes"]["count"], 3, "the hidden hope stays hidden");
    assert_eq!(s.summary(copy)["recommendations"]["count"], 1, "the merge stays merged");

    // Published, the archive others see leaves hidden and merged-away items out.
    s.expect(200, "POST", &d.path("/publish"), Some(&d.key), None);
    let (st, public) = get_text(&s, &d.path("/export.json"), None);
    assert_eq!(st, 200);
    assert!(!public.contains("hope 3") && !public.contains("fund it now"));
}

pub(crate) fn get_bytes(s: &Server, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
    let mut req = ureq::get(&s.url(path));
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    let res = match req.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let status = res.status();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut res.into_reader(), &mut bytes).unwrap();
    (status, bytes)
}

/// The text of every page of a PDF, as a reader extracts it (poppler's
/// `pdftotext`), without the direction marks it puts around right-to-left
/// runs.
pub(crate) fn pdf_text(bytes: &[u8]) -> (usize, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian's poppler-utils) is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "a PDF that parses");
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'))
        .collect();
    // Pages end with a form feed.
    (text.matches('\u{c}').count().max(1), text)
}

#[test]
fn the_pdf_is_a_real_pdf_of_the_report() {
    let s = Server::fresh();
    let fx: Value = serde_json::from_str(FIXTURE).unwrap();
    let (_, created) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(FIXTURE), &[]);
    let id = created["id"].as_str().unwrap();
    let key = created["facilitator_key"].as_str().unwrap();
    assert_eq!(get_bytes(&s, &format!("/api/v1/dialogues/{id}/report.pdf"), None).0, 401);
    let (st, bytes) = get_bytes(&s, &format!("/api/v1/dialogues/{id}/report.pdf"), Some(key));
    assert_eq!(st, 200);
    assert!(bytes.starts_with(b"%PDF-"));
    let (pages, text) = pdf_text(&bytes);
    assert!(pages >= 5, "{pages} pages");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Civic Dialogue on Mobilizing the Will to Intervene"), "the title");
    let hope = fx["hopes"][0].as_str().unwrap();
    assert!(flat.contains(&hope.split_whitespace().take(6).collect::<Vec<_>>().join(" ")), "a known hope: {hope}");
    assert!(flat.contains("Recommendations (43)"));

    // Hostile and hidden text.
    let d = Dialogue::create(&s, json!({"title": "Hostile"}));
    let p = d.join(&s, 2);
    d.stage(&s, 1);
    s.expect(200, "PUT", &d.path("/hope"), Some(&p[0]), Some(json!({"text": "<script>alert(1)</script>"})));
    s.expect(200, "PUT", &d.path("/concern"), Some(&p[0]), Some(json!({"text": "=HYPERLINK(\"http://x\")"})));
    let hidden = s.expect(200, "PUT", &d.path("/hope"), Some(&p[1]), Some(json!({"text": "a secret insult"})));
    s.expect(200, "POST", &d.path(&format!("/contributions/{}/hide", hidden["id"].as_str().unwrap())), Some(&d.key), None);
    let (_, bytes) = get_bytes(&s, &d.path("/report.pdf"), Some(&d.key));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(!raw.contains("/JavaScript") && !raw.contains("/JS") && !raw.contains("/URI"), "no scripts or links in the PDF");
    let (_, text) = pdf_text(&bytes);
    assert!(text.contains("<script>alert(1)</script>"), "shown as text");
    assert!(text.contains("=HYPERLINK"), "shown as text");
    assert!(!text.contains("a secret insult"));
}

/// The texts of every `<tag …>…</tag>` in `html`, inner markup dropped and
/// entities undone.
fn texts_of(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        if !rest.starts_with(['>', ' ']) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let Some(end) = rest.find(&close) else { break };
        let inner = &rest[gt + 1..end];
        let mut plain = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        out.push(plain.split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &rest[end..];
    }
    out
}

#[test]
fn html_markdown_and_pdf_say_the_same_words() {
    let s = Server::fresh();
    let (_, created) = s.raw("POST", "/api/v1/dialogues/import", Some(&s.organiser), Some(FIXTURE), &[]);
    let id = created["id"].as_str().unwrap();
    let key = created["facilitator_key"].as_str().unwrap();
    let (_, html) = get_text(&s, &format!("/api/v1/dialogues/{id}/report.html"), Some(key));
    let (_, md) = get_text(&s, &format!("/api/v1/dialogues/{id}/report.md"), Some(key));
    let md = md_plain(&md).split_whitespace().collect::<Vec<_>>().join(" ");
    let (_, pdf) = get_bytes(&s, &format!("/api/v1/dialogues/{id}/report.pdf"), Some(key));
    let pdf = pdf_text(&pdf).1.split_whitespace().collect::<Vec<_>>().join(" ");
    // Every heading, and every label of every table (steps, sectors, ratings).
    let mut words: Vec<String> = ["h2", "h3", "h4", "th", "td", "figcaption"].iter().flat_map(|t| texts_of(&html, t)).collect();
    words.retain(|w| !w.is_empty());
    assert!(words.len() > 60, "{} labels", words.len());
    for needed in ["Hopes and concerns", "Not given", "Took part by", "Rating", "Key recommendations (25)"] {
        assert!(words.iter().any(|w| w == needed), "the HTML has {needed:?}");
    }
    assert!(md.contains("**Dr. Jennifer Allen Simons**, host — President"), "a role's parts keep their spaces");
    for w in &words {
        assert!(md.contains(w.as_str()), "Markdown lacks {w:?}");
        assert!(pdf.contains(w.as_str()), "the PDF lacks {w:?}");
    }
}

#[test]
fn a_dialogue_in_french_or_in_both_gets_its_report_so() {
    let s = Server::fresh();
    let err = s.expect(422, "POST", "/api/v1/dialogues", Some(&s.organiser), Some(json!({"title": "x", "language": "de"})));
    assert_eq!(err["error"]["code"], "invalid_field");
    let fr = Dialogue::create(&s, json!({"title": "Dialogue", "language": "fr-CA", "held_on": "2009-11-27"}));
    let d = s.expect(200, "GET", &fr.path(""), None, None);
    assert_eq!(d["language"], "fr");
    let p = fr.join(&s, 2);
    fr.stage(&s, 1);
    s.expect(200, "PUT", &fr.path("/hope"), Some(&p[0]), Some(json!({"text": "la paix"})));
    let (_, html) = get_text(&s, &fr.path("/report.html"), Some(&fr.key));
    assert!(html.contains(r#"<html lang="fr">"#));
    assert!(html.contains("Espoirs et préoccupations") && html.contains("27 novembre 2009"));
    assert!(html.contains("2 personnes ont pris part au dialogue.") && html.contains("Non précisé"));
    assert!(!html.contains("Hopes and concerns") && !html.contains("Not given"));
    let (_, md) = get_text(&s, &fr.path("/report.md"), Some(&fr.key));
    assert!(md.contains("## Espoirs et préoccupations") && md.contains("### Espoirs (1)"));
    let (_, pdf) = get_bytes(&s, &fr.path("/report.pdf"), Some(&fr.key));
    let pdf = pdf_text(&pdf).1.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pdf.contains("Espoirs et préoccupations") && pdf.contains("27 novembre 2009"), "{pdf}");

    let both = Dialogue::create(&s, json!({"title": "Both", "language": "en+fr"}));
    let (_, html) = get_text(&s, &both.path("/report.html"), Some(&both.key));
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains(r#"Hopes and concerns / <span lang="fr">Espoirs et préoccupations</span>"#), "side by side, the French marked");
    let (_, md) = get_text(&s, &both.path("/report.md"), Some(&both.key));
    assert!(md.contains("## Hopes and concerns / Espoirs et préoccupations"));
}

#[test]
fn every_script_prints_in_the_pdf_as_in_the_html() {
    let s = Server::fresh();
    let d = Dialogue::create(&s, json!({"title": "Vancouver, multilingue"}));
    let texts = [
        "Que la prévention devienne une priorité nationale, dès l’été",
        "希望各国政府及早采取行动，防止暴行",
        "نأمل أن تتحرك الحكومات مبكرا لمنع الفظائع",
        "ਸਰਕਾਰਾਂ ਨੂੰ ਜਲਦੀ ਕਾਰਵਾਈ ਕਰਨੀ ਚਾਹੀਦੀ ਹੈ",
    ];
    let name = "Zażółć Gęślą Jaźń";
    let named = s.expect(201, "POST", &d.path("/participants"), None, Some(json!({"name": name, "show_name": true})));
    let mut people = d.join(&s, texts.len() - 1);
    people.insert(0, named["token"].as_str().unwrap().to_string());
    d.stage(&s, 1);
    for (p, t) in people.iter().zip(texts) {
        s.expect(200, "PUT", &d.path("/hope"), Some(p), Some(json!({"text": t})));
    }
    let (_, html) = get_text(&s, &d.path("/report.html"), Some(&d.key));
    let (_, pdf) = get_bytes(&s, &d.path("/report.pdf"), Some(&d.key));
    let (_, text) = pdf_text(&pdf);
    // Word by word (right-to-left words come out in their visual order),
    // ignoring where lines were broken.
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for t in texts.iter().chain([&name]) {
        assert!(html.contains(&html_escape(t)), "the HTML has {t}");
        for word in t.split_whitespace() {
            let word = word.trim_matches(|c: char| c.is_ascii_punctuation() || c == '，');
            assert!(flat.contains(word), "the PDF lacks {word:?} of {t:?}:\n{text}");
        }
    }
}
