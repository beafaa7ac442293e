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

/// The archive. With `everything` (the facilitator's), it is whole: people
/// as opaque ids with what they said of themselves, who wrote, voted and
/// endorsed what, hidden and merged items, exact times. Without it (what
/// the public may see once the report is published) it never links two
/// things to one person: no participants, no authors, backings as counts,
/// ratings as a histogram, times to the minute, hidden and merged-away
/// items left out.
pub fn export(d: &Dialogue, everything: bool) -> Value {
    let mut out = archive(d, everything);
    if !everything {
        out["participant_count"] = json!(d.participants.len());
        out["resonance"] = json!({"min": d.spec.scale.min, "max": d.spec.scale.max, "histogram": d.histogram()});
    }
    out
}

fn archive(d: &Dialogue, everything: bool) -> Value {
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
    // A merged item's backers count on the item it joined; the archive keeps
    // the merge as done (an import cannot undo it).
    let backers = |c: &Contribution| -> Vec<String> {
        if c.merged_into.is_some() {
            return Vec::new();
        }
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
        "max_participants": s.max_participants,
        "language": s.language,
        "conclusion": d.conclusion,
    });
    if !everything {
        return with_items(out, &items, &cid, |_| Vec::new(), false, &pid);
    }
    out["participants"] = json!(persons
        .iter()
        .map(|p| json!({
            "id": pid[&p.id],
            "name": p.name,
            "show_name": p.show_name,
            "sector": p.sector,
            "joined_at": rfc3339(p.joined_at),
            "rating": p.rating,
        }))
        .collect::<Vec<_>>());
    with_items(out, &items, &cid, backers, true, &pid)
}

/// A minute's precision: exact times could tie one person's items together.
pub(crate) fn to_minute(ms: i64) -> String {
    rfc3339(ms.div_euclid(60_000) * 60_000)
}

fn with_items(
    mut out: Value,
    items: &[(Kind, Vec<&Contribution>)],
    cid: &HashMap<Uuid, String>,
    backers: impl Fn(&Contribution) -> Vec<String>,
    everything: bool,
    pid: &HashMap<Uuid, String>,
) -> Value {
    for ((kind, list), (_, name)) in items.iter().zip(LISTS) {
        let v: Vec<Value> = list
            .iter()
            .map(|c| {
                let mut o = json!({
                    "id": cid[&c.id],
                    "text": c.text,
                    "created_at": if everything { rfc3339(c.created_at) } else { to_minute(c.created_at) },
                    "hidden": c.hidden,
                });
                if everything {
                    o["participant"] = json!(pid.get(&c.author));
                }
                if let Some(m) = c.merged_into.and_then(|m| cid.get(&m)) {
                    o["merged_into"] = json!(m);
                }
                let (backing, count) = match kind {
                    Kind::Question => {
                        o["answer"] = json!(c.answer);
                        ("votes", "vote_count")
                    }
                    Kind::Recommendation => {
                        o["theme"] = json!(c.theme);
                        ("endorsements", "endorsement_count")
                    }
                    _ => ("", ""),
                };
                if !backing.is_empty() {
                    if everything {
                        o[backing] = json!(backers(c));
                    } else {
                        o[count] = json!(c.backers.len());
                    }
                }
                o
            })
            .collect();
        out[name] = Value::Array(v);
    }
    out
}
