//! `convene-bench`: measures what a large dialogue costs to report on.
//! Builds a dialogue of N participants (about ten contributions each)
//! through the domain's own commands, then times each report format.
//!
//! Usage: convene-bench [--participants N] [--runs R]

use std::time::{Duration, Instant};

use convene::agenda::Transition;
use convene::report::{csv, html, markdown, Report};
use convene::spec::{CreateDialogue, Strictness};
use convene::{Dialogue, Kind};
use uuid::Uuid;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A deterministic sentence of about twenty words.
fn sentence(seed: usize) -> String {
    const WORDS: [&str; 16] = [
        "prevention",
        "atrocities",
        "media",
        "schools",
        "government",
        "early",
        "warning",
        "leadership",
        "funding",
        "citizens",
        "dialogue",
        "policy",
        "communities",
        "protect",
        "report",
        "action",
    ];
    (0..20).map(|i| WORDS[(seed * 7 + i * 13) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn build(people: usize) -> Dialogue {
    let (spec, agenda) =
        CreateDialogue { title: Some("Benchmark dialogue".into()), ..Default::default() }.parse(Strictness::Create).expect("a valid spec");
    let mut d = Dialogue::new(Uuid::new_v4(), "BENCH1".into(), String::new(), spec, agenda, 0);
    let ids: Vec<Uuid> = (0..people).map(|_| Uuid::new_v4()).collect();
    let joining = convene::participation::Joining { name: Some("Someone".into()), sector: Some("media".into()), show_name: false };
    for p in &ids {
        d.join(*p, &joining, String::new(), 0).expect("joins");
    }
    let themes = d.spec.themes.clone();
    for stage in 1..8 {
        d.transition(Transition::MoveTo(stage)).expect("moves");
    }
    for (i, p) in ids.iter().enumerate() {
        for kind in [Kind::Hope, Kind::Concern, Kind::Reservation, Kind::Commitment] {
            d.put_single(*p, kind, &sentence(i + kind.index()), Uuid::new_v4(), 0).expect("puts");
        }
        for q in 0..2 {
            d.post(*p, Kind::Question, &sentence(i * 3 + q), None, Uuid::new_v4(), 0).expect("asks");
        }
        for r in 0..4 {
            d.post(*p, Kind::Recommendation, &sentence(i * 5 + r), Some(&themes[(i + r) % themes.len()]), Uuid::new_v4(), 0)
                .expect("posts");
        }
        d.rate(*p, 1 + (i % 5) as i64).expect("rates");
    }
    let recs: Vec<Uuid> = d.index().newest(Kind::Recommendation, None).map(|(_, c)| c).take(50).collect();
    for (i, p) in ids.iter().enumerate() {
        let _ = d.back(*p, recs[i % recs.len()], Kind::Recommendation, true);
    }
    d
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        out = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], out.expect("at least one run"))
}

fn main() {
    let people = arg("--participants", 1000);
    let runs = arg("--runs", 5).max(1);
    let t = Instant::now();
    let d = build(people);
    let contributions = d.contributions.len();
    println!("dialogue: {people} participants, {contributions} contributions (built in {:?})", t.elapsed());
    println!("median of {runs} runs:");
    let (t, s) = time(runs, || html::render(&Report::new(&d)));
    println!("  report.html  {:>8.1} ms  {:>9} bytes", t.as_secs_f64() * 1e3, s.len());
    let (t, s) = time(runs, || markdown::render(&Report::new(&d)));
    println!("  report.md    {:>8.1} ms  {:>9} bytes", t.as_secs_f64() * 1e3, s.len());
    let (t, s) = time(runs, || csv::render(&Report::new(&d), true));
    println!("  export.csv   {:>8.1} ms  {:>9} bytes", t.as_secs_f64() * 1e3, s.len());
    let (t, s) = time(runs, || convene::export::export(&d, true).to_string());
    println!("  export.json  {:>8.1} ms  {:>9} bytes", t.as_secs_f64() * 1e3, s.len());
    let (t, b) = time(runs, || convene_server::pdf::render(&Report::new(&d)));
    println!("  report.pdf   {:>8.1} ms  {:>9} bytes", t.as_secs_f64() * 1e3, b.len());
}
