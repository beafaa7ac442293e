//! `convene-load`: plays a dialogue against a running server and reports
//! what it sustained. It creates a dialogue, joins N participants, opens S
//! event streams (`?view=counts`, as phones do), opens every stage, then
//! submits a mix of all contribution kinds, votes, ratings and
//! endorsements at the chosen rate for the chosen time.
//!
//! Usage: convene-load [--url URL] [--participants N] [--subscribers S]
//!                     [--rate WRITES_PER_S] [--seconds T] [--writers W] [--pid SERVER_PID]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn num(name: &str, default: usize) -> usize {
    arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Probe {
    revision: u64,
    at: Instant,
    latencies: Vec<f64>,
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Resident memory (KiB) and CPU time (s) of a process, from /proc.
fn usage(pid: u32) -> Option<(u64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some((rss, ticks / 100.0))
}

fn main() {
    let url = arg("--url").unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let people = num("--participants", 200).max(1);
    let subscribers = num("--subscribers", people);
    let rate = num("--rate", 500).max(1);
    let seconds = num("--seconds", 10).max(1);
    let writers = num("--writers", 32).clamp(1, people);
    let pid = arg("--pid").and_then(|p| p.parse::<u32>().ok());
    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();

    let created: Value = agent
        .post(&format!("{url}/api/v1/dialogues"))
        .send_json(json!({"title": "Load test", "endorsements_per_participant": 3}))
        .expect("the server creates a dialogue")
        .into_json()
        .expect("JSON");
    let id = created["id"].as_str().expect("an id").to_string();
    let key = created["facilitator_key"].as_str().expect("a key").to_string();
    let d = format!("{url}/api/v1/dialogues/{id}");

    let tokens: Vec<String> = (0..people)
        .map(|_| {
            let v: Value = agent.post(&format!("{d}/participants")).call().expect("joins").into_json().expect("JSON");
            v["token"].as_str().expect("a token").to_string()
        })
        .collect();
    for stage in 1..=6 {
        agent.post(&format!("{d}/stage")).set("Authorization", &format!("Bearer {key}")).send_json(json!({"index": stage})).expect("moves");
    }
    println!("dialogue {id}: {people} participants joined");

    let probes: Arc<Mutex<Vec<Probe>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let streams_up = Arc::new(AtomicUsize::new(0));
    let streams_dropped = Arc::new(AtomicUsize::new(0));
    for _ in 0..subscribers {
        let (events, probes, stop, up, dropped) = (format!("{d}/events?view=counts"), probes.clone(), stop.clone(), streams_up.clone(), streams_dropped.clone());
        std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let Ok(res) = ureq::AgentBuilder::new().build().get(&events).call() else {
                    dropped.fetch_add(1, Ordering::SeqCst);
                    return;
                };
                up.fetch_add(1, Ordering::SeqCst);
                let mut seen = 0u64;
                for line in BufReader::new(res.into_reader()).lines() {
                    let Ok(line) = line else { break };
                    if let Some(rev) = line.strip_prefix("id:").and_then(|r| r.trim().parse::<u64>().ok()) {
                        let now = Instant::now();
                        let mut ps = probes.lock().unwrap();
                        for p in ps.iter_mut().filter(|p| p.revision > seen && p.revision <= rev) {
                            p.latencies.push(now.duration_since(p.at).as_secs_f64());
                        }
                        seen = rev;
                    }
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                }
                if !stop.load(Ordering::SeqCst) {
                    dropped.fetch_add(1, Ordering::SeqCst);
                }
            })
            .expect("a subscriber thread");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while streams_up.load(Ordering::SeqCst) + streams_dropped.load(Ordering::SeqCst) < subscribers && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("{} event streams open", streams_up.load(Ordering::SeqCst));
    let before = pid.and_then(usage);

    let latencies: Arc<Mutex<Vec<f64>>> = Arc::default();
    let errors: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds as u64);
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let mine: Vec<String> = tokens.iter().skip(w).step_by(writers).cloned().collect();
            let (d, latencies, errors) = (d.clone(), latencies.clone(), errors.clone());
            let every = Duration::from_secs_f64(writers as f64 / rate as f64);
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
                let mut next = Instant::now();
                let mut n = 0usize;
                let mut questions: Vec<String> = Vec::new();
                let mut recs: Vec<String> = Vec::new();
                while Instant::now() < end {
                    let t = &mine[n % mine.len()];
                    let round = n / mine.len();
                    let (method, path, body) = match n % 8 {
                        0 => ("PUT", "/hope".to_string(), Some(json!({"text": format!("hope {round}")}))),
                        1 => ("PUT", "/concern".to_string(), Some(json!({"text": format!("concern {round}")}))),
                        2 if round < 10 => ("POST", "/questions".to_string(), Some(json!({"text": format!("question {w} {n}")}))),
                        3 if !questions.is_empty() => ("POST", format!("/questions/{}/votes", questions[n % questions.len()]), None),
                        4 => ("PUT", "/rating".to_string(), Some(json!({"value": 1 + n % 5}))),
                        5 if round < 20 => ("POST", "/recommendations".to_string(), Some(json!({"text": format!("rec {w} {n}"), "theme": "Media"}))),
                        6 if !recs.is_empty() => ("POST", format!("/recommendations/{}/endorsements", recs[n % recs.len()]), None),
                        _ => ("PUT", "/commitment".to_string(), Some(json!({"text": format!("commit {round}")}))),
                    };
                    let req = agent.request(method, &format!("{d}{path}")).set("Authorization", &format!("Bearer {t}"));
                    let t0 = Instant::now();
                    let res = match body {
                        Some(b) => req.send_json(b),
                        None => req.call(),
                    };
                    let took = t0.elapsed().as_secs_f64();
                    match res {
                        Ok(r) => {
                            latencies.lock().unwrap().push(took);
                            if r.status() == 201 {
                                if let Ok(v) = r.into_json::<Value>() {
                                    let cid = v["id"].as_str().unwrap_or_default().to_string();
                                    if v["kind"] == "question" { questions.push(cid) } else { recs.push(cid) }
                                }
                            }
                        }
                        Err(ureq::Error::Status(code, _)) => *errors.lock().unwrap().entry(code.to_string()).or_default() += 1,
                        Err(e) => *errors.lock().unwrap().entry(format!("transport: {}", e.kind())).or_default() += 1,
                    }
                    n += 1;
                    next += every;
                    if let Some(wait) = next.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                }
            })
        })
        .collect();
    // One probe a second: the revision after an acknowledged write, and when each stream reaches it.
    let probe_agent = ureq::AgentBuilder::new().build();
    while Instant::now() < end {
        std::thread::sleep(Duration::from_secs(1));
        let at = Instant::now();
        if let Ok(r) = probe_agent.get(&format!("{d}/summary?view=counts")).call() {
            if let Ok(v) = r.into_json::<Value>() {
                let revision = v["revision"].as_u64().unwrap_or(0);
                probes.lock().unwrap().push(Probe { revision, at, latencies: Vec::new() });
            }
        }
    }
    for h in handles {
        let _ = h.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::SeqCst);
    let after = pid.and_then(usage);

    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_by(f64::total_cmp);
    println!("submissions: {} acknowledged in {elapsed:.1} s = {:.0}/s", lat.len(), lat.len() as f64 / elapsed);
    println!("submission latency ms: p50 {:.1}  p95 {:.1}  p99 {:.1}", pct(&lat, 0.5) * 1e3, pct(&lat, 0.95) * 1e3, pct(&lat, 0.99) * 1e3);
    let probes = probes.lock().unwrap();
    let mut worst: Vec<f64> = Vec::new();
    let mut incomplete = 0;
    for p in probes.iter() {
        if p.latencies.len() < streams_up.load(Ordering::SeqCst) {
            incomplete += 1;
        }
        if let Some(m) = p.latencies.iter().copied().reduce(f64::max) {
            worst.push(m);
        }
    }
    worst.sort_by(f64::total_cmp);
    println!(
        "fan-out to every stream ms (over {} probes): p50 {:.0}  p99 {:.0}  max {:.0}; probes not reaching every stream: {incomplete}",
        worst.len(),
        pct(&worst, 0.5) * 1e3,
        pct(&worst, 0.99) * 1e3,
        worst.last().copied().unwrap_or(f64::NAN) * 1e3
    );
    println!("event streams: {} opened, {} dropped or failed", streams_up.load(Ordering::SeqCst), streams_dropped.load(Ordering::SeqCst));
    println!("errors by status: {:?}", errors.lock().unwrap());
    if let (Some((rss0, cpu0)), Some((rss1, cpu1))) = (before, after) {
        println!("server: RSS {} MiB before writes, {} MiB after; CPU {:.0}% of one core during the run", rss0 / 1024, rss1 / 1024, (cpu1 - cpu0) / elapsed * 100.0);
    }
}
