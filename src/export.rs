//! The dialogue archive (`export.json`): everything needed to recreate a
//! dialogue, with people and items as opaque ids (`p1`, `c1`), never
//! tokens or keys. [`crate::archive`] reads it back.

use std::collections::HashMap;

use serde_json::{json, Value};
use uuid::Uuid;

use crate::contribution::{Contribution, Kind};
use crate::dialogue::{Dialogue, Participant};
use crate::time::rfc3339;

pub const FORMAT: &str = "convene-archive/1";

/// The lists of an archive, in order.
pub const LISTS: [(Kind, &str); 6] = [
    (Kind::Hope, "hopes"),
    (Kind::Concern, "concerns"),
    (Kind::Question, "questions"),
    (Kind::Reservation, "reservations"),
    (Kind::Recommendation, "recommendations"),
    (Kind::Commitment, "commitments"),
];

/// People in a stable order: by when they joined, then by their first
/// contribution, then by what they said of themselves.
fn people(d: &Dialogue) -> Vec<&Participant> {
    let first = |p: &Participant| p.own.iter().filter_map(|c| d.contributions.get(c)).map(|c| c.seq).min().unwrap_or(u64::MAX);
    let mut v: Vec<&Participant> = d.participants.values().collect();
    v.sort_by(|a, b| {
        (a.joined_at, first(a), &a.name, &a.sector, a.rating, a.id).cmp(&(b.joined_at, first(b), &b.name, &b.sector, b.rating, b.id))
    });
    v
}

/// The archive. Without `everything`, hidden and merged-away items are
/// left out (what the public may see once the report is published).
pub fn export(d: &Dialogue, everything: bool) -> Value {
    let s = &d.spec;
    let persons = people(d);
    let pid: HashMap<Uuid, String> = persons.iter().enumerate().map(|(i, p)| (p.id, format!("p{}", i + 1))).collect();
    let mut items: Vec<(Kind, Vec<&Contribution>)> = LISTS
        .iter()
        .map(|(k, _)| {
            let mut v: Vec<&Contribution> = d.contributions.values().filter(|c| c.kind == *k && (everything || c.visible())).collect();
            v.sort_by_key(|c| c.seq);
            (*k, v)
        })
        .collect();
    let mut cid: HashMap<Uuid, String> = HashMap::new();
    for c in items.iter_mut().flat_map(|(_, v)| v.iter()) {
        let n = cid.len() + 1;
        cid.insert(c.id, format!("c{n}"));
    }
    let backers = |c: &Contribution| -> Vec<String> {
        let mut v: Vec<String> = c.backers.iter().filter_map(|b| pid.get(b).cloned()).collect();
        v.sort_by_key(|p| p[1..].parse::<usize>().unwrap_or(0));
        v
    };
    let mut out = json!({
        "format": FORMAT,
        "title": s.title,
        "held_on": s.held_on,
        "place": s.place,
        "conveners": s.conveners,
        "roles": s.roles,
        "report": s.report,
        "agenda": d.agenda.items,
        "current": d.agenda.current,
        "status": d.status.as_str(),
        "published": d.published,
        "themes": s.themes,
        "scale": s.scale,
        "endorsements_per_participant": s.endorsements_per_participant,
        "resonance_figure_title": s.resonance_figure_title,
        "conclusion": d.conclusion,
        "participants": persons.iter().map(|p| json!({
            "id": pid[&p.id],
            "name": p.name,
            "sector": p.sector,
            "joined_at": rfc3339(p.joined_at),
            "rating": p.rating,
        })).collect::<Vec<_>>(),
    });
    for ((kind, list), (_, name)) in items.iter().zip(LISTS) {
        let v: Vec<Value> = list
            .iter()
            .map(|c| {
                let mut o = json!({
                    "id": cid[&c.id],
                    "participant": pid.get(&c.author),
                    "text": c.text,
                    "created_at": rfc3339(c.created_at),
                    "hidden": c.hidden,
                });
                if let Some(m) = c.merged_into.and_then(|m| cid.get(&m)) {
                    o["merged_into"] = json!(m);
                }
                match kind {
                    Kind::Question => {
                        o["answer"] = json!(c.answer);
                        o["votes"] = json!(backers(c));
                    }
                    Kind::Recommendation => {
                        o["theme"] = json!(c.theme);
                        o["endorsements"] = json!(backers(c));
                    }
                    _ => {}
                }
                o
            })
            .collect();
        out[name] = Value::Array(v);
    }
    out
}
