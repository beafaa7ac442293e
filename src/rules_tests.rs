//! The rules of a dialogue, command by command.

use uuid::Uuid;

use crate::agenda::{Stage, Transition};
use crate::archive::Archive;
use crate::contribution::Kind;
use crate::dialogue::{Change, Dialogue};
use crate::spec::{CreateDialogue, Strictness};
use crate::summary::{Summary, View};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn dialogue() -> Dialogue {
    let (spec, agenda) = CreateDialogue { title: Some("Test".into()), ..Default::default() }.parse(Strictness::Create).unwrap();
    let mut d = Dialogue::new(id(1), "ABC123".into(), String::new(), spec, agenda, 0);
    for p in 0..5 {
        d.join(id(100 + p), &Default::default(), String::new(), 0).unwrap();
    }
    d
}

fn open(d: &mut Dialogue, stage: Stage) {
    let i = d.agenda.items.iter().position(|it| it.stage == stage).unwrap();
    d.transition(Transition::MoveTo(i)).unwrap();
}

#[test]
fn stage_gating_table() {
    let cases = [
        (Kind::Hope, Stage::Introductions),
        (Kind::Concern, Stage::Introductions),
        (Kind::Reservation, Stage::Resonance),
        (Kind::Commitment, Stage::Commitments),
    ];
    for (kind, stage) in cases {
        let mut d = dialogue();
        let e = d.put_single(id(100), kind, "text", id(500), 1).unwrap_err();
        assert_eq!(e.code, "stage_not_open", "{kind:?}");
        open(&mut d, stage);
        d.put_single(id(100), kind, "text", id(500), 1).unwrap();
        let i = d.agenda.current;
        d.transition(Transition::Lock(i)).unwrap();
        assert_eq!(d.put_single(id(100), kind, "again", id(501), 1).unwrap_err().code, "stage_not_open");
    }
}

#[test]
fn single_kinds_replace_and_keep_id() {
    let mut d = dialogue();
    open(&mut d, Stage::Introductions);
    let first = d.put_single(id(100), Kind::Hope, "first", id(500), 1).unwrap().id;
    let second = d.put_single(id(100), Kind::Hope, "second", id(501), 2).unwrap();
    assert_eq!(second.id, first);
    assert_eq!(second.text, "second");
    assert_eq!(d.count(Kind::Hope), 1);
}

#[test]
fn votes_are_idempotent_and_never_own() {
    let mut d = dialogue();
    open(&mut d, Stage::Questions);
    let q = d.post(id(100), Kind::Question, "why?", None, id(500), 1).unwrap().id;
    assert_eq!(d.back(id(100), q, Kind::Question, true).unwrap_err().code, "own_contribution");
    for _ in 0..2 {
        d.back(id(101), q, Kind::Question, true).unwrap();
    }
    d.back(id(102), q, Kind::Question, true).unwrap();
    assert_eq!(d.contributions[&q].backers.len(), 2);
    d.back(id(102), q, Kind::Question, false).unwrap();
    d.back(id(102), q, Kind::Question, false).unwrap();
    assert_eq!(d.contributions[&q].backers.len(), 1);
    open(&mut d, Stage::Recommendations);
    assert_eq!(d.back(id(101), q, Kind::Recommendation, true).unwrap_err().status(), 404);
}

#[test]
fn endorsement_allowance() {
    let mut d = dialogue();
    open(&mut d, Stage::Recommendations);
    let recs: Vec<Uuid> =
        (0..4).map(|n| d.post(id(100), Kind::Recommendation, &format!("r{n}"), Some("media"), id(500 + n), 1).unwrap().id).collect();
    for r in &recs[..3] {
        d.back(id(101), *r, Kind::Recommendation, true).unwrap();
    }
    assert_eq!(d.back(id(101), recs[3], Kind::Recommendation, true).unwrap_err().code, "no_endorsements_left");
    d.back(id(101), recs[0], Kind::Recommendation, false).unwrap();
    d.back(id(101), recs[3], Kind::Recommendation, true).unwrap();
    assert_eq!(d.endorsements_left(&d.participants[&id(101)]), 0);
    // Hiding an endorsed item gives the endorsement back.
    d.set_hidden(recs[3], true).unwrap();
    assert_eq!(d.endorsements_left(&d.participants[&id(101)]), 1);
    let e = d.post(id(100), Kind::Recommendation, "x", Some("Sports"), id(600), 1).unwrap_err();
    assert_eq!(e.status(), 422);
}

#[test]
fn merge_moves_backers_once() {
    let mut d = dialogue();
    open(&mut d, Stage::Recommendations);
    let a = d.post(id(100), Kind::Recommendation, "teach it", Some("Education"), id(500), 1).unwrap().id;
    let b = d.post(id(101), Kind::Recommendation, "teach it in schools", Some("Education"), id(501), 1).unwrap().id;
    d.back(id(102), a, Kind::Recommendation, true).unwrap();
    d.back(id(102), b, Kind::Recommendation, true).unwrap();
    d.back(id(103), b, Kind::Recommendation, true).unwrap();
    d.back(id(100), b, Kind::Recommendation, true).unwrap(); // a's author backs b
    assert_eq!(d.endorsements_left(&d.participants[&id(102)]), 1);
    d.take_journal();
    d.merge(b, a).unwrap();
    let target = &d.contributions[&a];
    assert_eq!(target.backers.len(), 2, "102 once, 103 moved, a's author not");
    assert_eq!(d.endorsements_left(&d.participants[&id(102)]), 2, "the spare comes back");
    assert_eq!(d.count(Kind::Recommendation), 1);
    let j = d.take_journal();
    assert!(j.contains(&Change::Backing { contribution: a, participant: id(103), on: true }));
    assert!(!j.iter().any(|c| matches!(c, Change::Backing { contribution, .. } if *contribution == b)), "b keeps its rows, for an undo");
    assert_eq!(d.merge(b, a).unwrap_err().code, "already_merged");
    assert_eq!(d.merge(a, a).unwrap_err().status(), 422);

    // Undone: b and its backers as they were, a as it was before.
    d.take_journal();
    d.unmerge(b).unwrap();
    assert_eq!(d.contributions[&b].backers.len(), 3);
    assert_eq!(d.contributions[&a].backers.iter().copied().collect::<Vec<_>>(), vec![id(102)], "103 goes back with b");
    assert_eq!(d.endorsements_left(&d.participants[&id(102)]), 1, "102 backs both again");
    assert!(d.participants[&id(103)].endorsements.contains(&b) && !d.participants[&id(103)].endorsements.contains(&a));
    assert_eq!(d.count(Kind::Recommendation), 2);
    let j = d.take_journal();
    assert!(j.contains(&Change::Backing { contribution: a, participant: id(103), on: false }));
    assert_eq!(d.unmerge(b).unwrap_err().code, "not_merged");

    // A backing taken back on the item it joined stays taken back after the undo.
    d.merge(b, a).unwrap();
    d.back(id(103), a, Kind::Recommendation, false).unwrap();
    d.unmerge(b).unwrap();
    assert!(!d.contributions[&b].backers.contains(&id(103)) && !d.participants[&id(103)].endorsements.contains(&b));
    d.back(id(103), b, Kind::Recommendation, true).unwrap();
    // ... and one taken back, then given again, stays on the item it joined.
    d.merge(b, a).unwrap();
    d.back(id(103), a, Kind::Recommendation, false).unwrap();
    d.back(id(103), a, Kind::Recommendation, true).unwrap();
    d.unmerge(b).unwrap();
    assert!(d.contributions[&a].backers.contains(&id(103)) && d.participants[&id(103)].endorsements.contains(&a));
    assert!(!d.contributions[&b].backers.contains(&id(103)) && !d.participants[&id(103)].endorsements.contains(&b));
    d.back(id(103), a, Kind::Recommendation, false).unwrap();
    d.back(id(103), b, Kind::Recommendation, true).unwrap();

    // Someone who erases themselves leaves no backing on a merged item.
    d.merge(b, a).unwrap();
    d.erase(id(103)).unwrap();
    d.unmerge(b).unwrap();
    assert!(!d.contributions[&b].backers.contains(&id(103)));

    // No chains: an item others joined cannot itself be merged away.
    let c = d.post(id(104), Kind::Recommendation, "teach it early", Some("Education"), id(502), 1).unwrap().id;
    d.merge(b, a).unwrap();
    assert_eq!(d.merge(a, c).unwrap_err().code, "has_merged_items");
    // An endorsement comes back only within the allowance: 102 spends the one freed.
    let e = d.post(id(100), Kind::Recommendation, "fund it", Some("Education"), id(503), 1).unwrap().id;
    let f = d.post(id(101), Kind::Recommendation, "name it", Some("Education"), id(504), 1).unwrap().id;
    d.back(id(102), e, Kind::Recommendation, true).unwrap();
    d.back(id(102), f, Kind::Recommendation, true).unwrap();
    assert_eq!(d.endorsements_left(&d.participants[&id(102)]), 0);
    d.unmerge(b).unwrap();
    assert_eq!(d.endorsements_left(&d.participants[&id(102)]), 0, "never past the allowance");
    assert!(!d.contributions[&b].backers.contains(&id(102)));
    // Withdrawing the item others joined lets them stand on their own.
    d.merge(c, a).unwrap();
    d.withdraw(id(100), a).unwrap();
    assert_eq!(d.contributions[&c].merged_into, None);
}

#[test]
fn withdraw_only_own_and_while_open() {
    let mut d = dialogue();
    open(&mut d, Stage::Questions);
    let q = d.post(id(100), Kind::Question, "why?", None, id(500), 1).unwrap().id;
    d.back(id(101), q, Kind::Question, true).unwrap();
    assert_eq!(d.withdraw(id(101), q).unwrap_err().status(), 403);
    d.withdraw(id(100), q).unwrap();
    assert_eq!(d.count(Kind::Question), 0);
    assert!(d.participants[&id(101)].votes.is_empty());
    assert_eq!(d.withdraw(id(100), q).unwrap_err().status(), 404);
}

#[test]
fn the_same_post_sent_again_is_one_post() {
    let mut d = dialogue();
    open(&mut d, Stage::Questions);
    let a = d.post(id(100), Kind::Question, "Who pays?", None, id(500), 1_000).unwrap().id;
    let again = d.post(id(100), Kind::Question, " Who pays? ", None, id(501), 61_000).unwrap().id;
    assert_eq!(again, a, "a retry whose answer was lost");
    assert_eq!(d.count(Kind::Question), 1);
    let other = d.post(id(101), Kind::Question, "Who pays?", None, id(502), 61_000).unwrap().id;
    assert_ne!(other, a, "someone else asking the same is another question");
    let later = d.post(id(100), Kind::Question, "Who pays?", None, id(503), 1_000 + crate::participation::REPEAT_WINDOW_MS).unwrap().id;
    assert_ne!(later, a, "much later it is asked anew");
}

#[test]
fn caps_per_participant() {
    let mut d = dialogue();
    open(&mut d, Stage::Questions);
    for n in 0..10 {
        d.post(id(100), Kind::Question, &format!("q{n}"), None, id(500 + n), 1).unwrap();
    }
    assert_eq!(d.post(id(100), Kind::Question, "q", None, id(600), 1).unwrap_err().code, "limit_reached");
}

#[test]
fn closed_dialogue_takes_no_writes() {
    let mut d = dialogue();
    open(&mut d, Stage::Introductions);
    d.close().unwrap();
    assert_eq!(d.put_single(id(100), Kind::Hope, "h", id(500), 1).unwrap_err().code, "dialogue_closed");
    assert_eq!(d.transition(Transition::MoveTo(0)).unwrap_err().code, "dialogue_closed");
    assert!(d.agenda.items.iter().all(|i| i.state == crate::agenda::ItemState::Locked));
}

#[test]
fn summary_orders_and_counts() {
    let mut d = dialogue();
    open(&mut d, Stage::Questions);
    let q1 = d.post(id(100), Kind::Question, "one", None, id(500), 1).unwrap().id;
    let q2 = d.post(id(101), Kind::Question, "two", None, id(501), 1).unwrap().id;
    d.back(id(102), q2, Kind::Question, true).unwrap();
    open(&mut d, Stage::Resonance);
    for (p, v) in [(100, 5), (101, 4), (102, 4), (103, 1)] {
        d.rate(id(p), v).unwrap();
    }
    d.rate(id(103), 2).unwrap();
    assert_eq!(d.rate(id(104), 6).unwrap_err().status(), 422);
    let rev = d.revision;
    let s = Summary::build(&d, View::Full);
    assert_eq!(s.revision, rev);
    let qs = s.questions.items.unwrap();
    assert_eq!((qs[0].id, qs[0].votes, qs[1].id), (q2, 1, q1));
    assert_eq!(s.resonance.histogram, vec![0, 1, 0, 2, 1]);
    assert_eq!(s.resonance.median, Some(4.0));
    let counts = Summary::build(&d, View::Counts);
    assert!(counts.questions.items.is_none());
    assert_eq!(counts.questions.count, 2);
}

#[test]
fn archives_round_trip() {
    let raw = include_str!("../fixtures/vancouver-2009.json");
    let mut n = 5000u128;
    let mut ids = move || {
        n += 1;
        id(n)
    };
    let mut d: Dialogue =
        serde_json::from_str::<Archive>(raw).unwrap().into_dialogue(id(1), "A".into(), String::new(), 0, &mut ids).unwrap();
    // Give it what the fixture lacks: ratings, votes, a merge, a hidden item, a closing.
    d.transition(Transition::MoveTo(5)).unwrap();
    d.transition(Transition::MoveTo(6)).unwrap();
    let people: Vec<Uuid> = d.participants.keys().copied().collect();
    for (i, p) in people.iter().enumerate().take(10) {
        d.rate(*p, 1 + (i as i64 % 5)).unwrap();
    }
    let recs: Vec<Uuid> = d.index().newest(Kind::Recommendation, None).map(|(_, c)| c).take(3).collect();
    for p in &people[..6] {
        let _ = d.back(*p, recs[0], Kind::Recommendation, true);
        let _ = d.back(*p, recs[1], Kind::Recommendation, true);
    }
    d.merge(recs[1], recs[0]).unwrap();
    d.set_hidden(recs[2], true).unwrap();
    d.conclude("Next steps.").unwrap();
    d.close().unwrap();
    let first = crate::export::export(&d, true);
    let again: Archive = serde_json::from_value(first.clone()).unwrap();
    let d2 = again.into_dialogue(id(2), "B".into(), String::new(), 99, &mut ids).unwrap();
    let second = crate::export::export(&d2, true);
    assert_eq!(first, second);
    let strip = |mut s: Summary| {
        s.dialogue_id = Uuid::nil();
        s.revision = 0;
        s
    };
    assert_eq!(strip(Summary::build(&d, View::Full)).hopes.count, strip(Summary::build(&d2, View::Full)).hopes.count);
    let (a, b) = (strip(Summary::build(&d, View::Counts)), strip(Summary::build(&d2, View::Counts)));
    assert_eq!(a, b);
    assert_eq!(crate::report::html::render(&crate::report::Report::new(&d)), crate::report::html::render(&crate::report::Report::new(&d2)));
}

#[test]
fn vancouver_fixture_imports() {
    let raw = include_str!("../fixtures/vancouver-2009.json");
    let archive: Archive = serde_json::from_str(raw).unwrap();
    let mut n = 1000u128;
    let d = archive
        .into_dialogue(id(1), "VAN009".into(), String::new(), 0, &mut || {
            n += 1;
            id(n)
        })
        .unwrap();
    let s = Summary::build(&d, View::Full);
    let counts = (
        s.hopes.count,
        s.concerns.count,
        s.questions.count,
        s.reservations.count,
        s.recommendations.count,
        s.recommendations.themes.len(),
        s.commitments.count,
    );
    assert_eq!(counts, (28, 38, 5, 7, 43, 6, 8));
    assert_eq!(d.spec.report.recommendations.len(), 25);
    assert_eq!(d.participants.len(), 38);
    assert!(s.questions.items.unwrap().iter().all(|q| q.answer.is_some()));
}

fn import(json: serde_json::Value) -> Result<Dialogue, crate::DomainError> {
    let archive: Archive = serde_json::from_value(json).expect("the archive parses");
    let mut n = 5000u128;
    archive.into_dialogue(id(1), "IMPORT".into(), String::new(), 0, &mut || {
        n += 1;
        id(n)
    })
}

#[test]
fn imports_obey_the_caps_of_live_use() {
    use serde_json::json;
    let voters: Vec<String> = (0..10_001).map(|i| format!("v{i}")).collect();
    let cases = [
        (
            json!({"title": "t", "max_participants": 2, "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}),
            409,
            "dialogue_full",
            "max_participants",
        ),
        (json!({"title": "t", "questions": [{"text": "q", "votes": voters}]}), 409, "dialogue_full", "max_participants"),
        (json!({"title": "t", "max_participants": 1, "hopes": ["one", "two"]}), 409, "dialogue_full", "max_participants"),
        (
            json!({"title": "t", "hopes": [{"text": "a", "participant": "p"}, {"text": "b", "participant": "p"}]}),
            409,
            "limit_reached",
            "hopes[1].participant",
        ),
        (
            json!({"title": "t", "endorsements_per_participant": 1, "recommendations": [{"text": "a"}, {"text": "b"}],
                "participants": [{"id": "x"}]})
            .as_object()
            .map(|o| {
                let mut o = o.clone();
                o["recommendations"] = json!([{"text": "a", "endorsements": ["x"]}, {"text": "b", "endorsements": ["x"]}]);
                serde_json::Value::Object(o)
            })
            .unwrap(),
            409,
            "no_endorsements_left",
            "recommendations[1].endorsements[0]",
        ),
        (json!({"title": "t", "hopes": [{"text": "x".repeat(5001)}]}), 422, "too_long", "hopes[0].text"),
        (json!({"title": "t", "participants": [{"id": "a", "name": "n".repeat(201)}]}), 422, "too_long", "participants[0].name"),
        (json!({"title": "t", "participants": [{"id": "a", "sector": "spies"}]}), 422, "invalid_field", "participants[0].sector"),
        (
            json!({"title": "t", "recommendations": [{"id": "c1", "text": "a", "merged_into": "c2"}, {"id": "c2", "text": "b", "merged_into": "c1"}]}),
            422,
            "invalid_field",
            "merged_into",
        ),
        (json!({"title": "t", "hopes": [{"text": "h", "created_at": "2009-11-27é10:00:00Z"}]}), 422, "invalid_time", "hopes[0].created_at"),
        (
            json!({"title": "t", "hopes": [{"text": "h", "created_at": "ééééééééééééééééééééé"}]}),
            422,
            "invalid_time",
            "hopes[0].created_at",
        ),
        (json!({"title": "t", "participants": [{"id": "a", "joined_at": "yesterday"}]}), 422, "invalid_time", "participants[0].joined_at"),
        (
            json!({"title": "t", "scale": {"min": -2147483648i64, "max": 2147483647i64, "low_label": "", "high_label": ""}}),
            422,
            "invalid_field",
            "scale",
        ),
        (json!({"title": "t", "conclusion": "c".repeat(5001)}), 422, "too_long", "conclusion"),
    ];
    for (archive, status, code, field) in cases {
        let e = import(archive).map(|_| ()).unwrap_err();
        assert_eq!((e.status(), e.code.as_str()), (status, code), "{}", e.message);
        assert!(e.message.contains(field), "{field}: {}", e.message);
    }
    // Within the caps, the same shapes import.
    let ok = import(json!({"title": "t", "max_participants": 3, "hopes": ["one", "two", "three"],
        "questions": (0..30).map(|i| format!("q{i}")).collect::<Vec<_>>(),
        "participants": [], "concerns": [{"text": "c", "created_at": "2009-11-27T10:00:00.250Z"}]}))
    .unwrap();
    assert_eq!(ok.participants.len(), 3);
    assert!(ok.participants.keys().all(|p| ok.contributions.values().filter(|c| c.author == *p && c.kind == Kind::Question).count() <= 10));
}

#[test]
fn the_public_archive_links_nobody() {
    let raw = include_str!("../fixtures/vancouver-2009.json");
    let mut d = import(serde_json::from_str(raw).unwrap()).unwrap();
    d.participants.values_mut().for_each(|p| {
        p.name = Some("Ada Lovelace".into());
        p.sector = Some(crate::dialogue::Sector::Media);
    });
    let public = crate::export::export(&d, false).to_string();
    for leak in ["Ada Lovelace", "\"participants\"", "\"participant\"", "\"joined_at\"", "\"votes\"", "\"endorsements\"", "\"sector\""] {
        assert!(!public.contains(leak), "the public archive shows {leak}");
    }
    assert!(public.contains("\"participant_count\":38"));
    let whole = crate::export::export(&d, true).to_string();
    assert!(whole.contains("Ada Lovelace") && whole.contains("\"participant\""));
}

#[test]
fn the_next_of_a_series_keeps_the_plan_and_nothing_said() {
    let (spec, agenda) = CreateDialogue {
        title: Some("First evening".into()),
        held_on: Some("2009-11-27".into()),
        themes: Some(vec!["Leadership".into(), "Media".into()]),
        language: Some("en+fr".into()),
        ..Default::default()
    }
    .parse(Strictness::Create)
    .unwrap();
    let mut d = Dialogue::new(id(1), "ABC123".into(), String::new(), spec, agenda, 0);
    d.join(id(100), &Default::default(), String::new(), 0).unwrap();
    open(&mut d, Stage::Introductions);
    d.put_single(id(100), Kind::Hope, "words", id(500), 1).unwrap();
    let (spec, agenda) = d.next_in_series("  Second evening ").unwrap();
    assert_eq!(spec.title, "Second evening");
    assert_eq!(spec.held_on, None, "a new evening has its own date");
    assert_eq!(
        (spec.themes.clone(), spec.language.clone(), spec.scale.clone()),
        (d.spec.themes.clone(), d.spec.language.clone(), d.spec.scale.clone())
    );
    assert_eq!(agenda, d.agenda.items.iter().map(|i| (i.stage, i.title.clone())).collect::<Vec<_>>());
    let next = Dialogue::new(id(2), "DEF456".into(), String::new(), spec, agenda, 0);
    assert_eq!((next.agenda.current, next.participants.len(), next.contributions.len()), (0, 0, 0));
    assert_eq!(d.next_in_series("   ").unwrap_err().code.as_str(), "empty_field");
    assert_eq!(d.next_in_series(&"x".repeat(500)).unwrap_err().code.as_str(), "too_long");
}

#[test]
fn a_moderator_moderates_and_a_presenter_presents_and_neither_closes() {
    use crate::command::{Asker, Command, Role};
    let item = id(900);
    let may = |role: Role, c: Command| c.allowed(Asker::Team(role, id(7))).is_ok();
    for c in [
        Command::Hide { item },
        Command::Unhide { item },
        Command::Merge { item, into: id(901) },
        Command::Unmerge { item },
        Command::Refile { item, theme: "Media".into() },
        Command::Answer { item, text: "Yes".into() },
    ] {
        assert!(may(Role::Moderator, c.clone()) && !may(Role::Presenter, c.clone()), "{c:?}");
    }
    for c in [Command::Stage { index: 1 }, Command::Countdown { seconds: 45 }, Command::Lock { index: 1 }, Command::Unlock { index: 1 }] {
        assert!(may(Role::Presenter, c.clone()) && !may(Role::Moderator, c.clone()), "{c:?}");
    }
    for c in [Command::Close, Command::Publish, Command::NewKey, Command::DeleteDialogue, Command::Conclude { text: "x".into() }] {
        for role in Role::ALL {
            let e = c.allowed(Asker::Team(role, id(7))).unwrap_err();
            assert_eq!(e.code.as_str(), "facilitators_only", "{role:?} {c:?}");
        }
        assert!(c.allowed(Asker::Facilitator).is_ok());
    }
    assert_eq!(Command::Erase.allowed(Asker::Team(Role::Moderator, id(7))).unwrap_err().code.as_str(), "participants_only");
    assert_eq!(Role::parse(" presenter "), Some(Role::Presenter));
    assert_eq!(Role::parse("facilitator"), None);
}
