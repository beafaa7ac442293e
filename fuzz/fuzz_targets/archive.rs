//! The archive import: any JSON body that reads as an `Archive`, turned
//! into a dialogue. It never panics; a refusal is a 409 or a 422; what it
//! accepts obeys the caps of live use with every text cleaned and bounded;
//! and the dialogue's full export imports again to the very same export.
#![no_main]

use std::collections::HashMap;

use convene::archive::Archive;
use convene::contribution::Kind;
use convene::spec::Strictness;
use convene::text::{IMPORT_MAX, TITLE_MAX};
use convene::{Dialogue, DomainError};
use convene_parser_fuzz::{assert_refusal, assert_spec, assert_text, first_difference};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

/// 2009-11-27T10:00:00Z.
const NOW: i64 = 1_259_316_000_000;

fn import(archive: Archive) -> Result<Dialogue, DomainError> {
    let mut n = 1u128;
    archive.into_dialogue(Uuid::from_u128(1), "FUZZ01".into(), String::new(), NOW, &mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

fn assert_dialogue(d: &Dialogue) {
    let agenda: Vec<_> = d.agenda.items.iter().map(|i| (i.stage, i.title.clone())).collect();
    assert_spec(Strictness::Import, &d.spec, &agenda);
    assert!(d.agenda.current < d.agenda.items.len(), "current item {} of {}", d.agenda.current, d.agenda.items.len());
    let cap = (d.spec.max_participants as usize).min(convene::participation::MAX_PARTICIPANTS);
    assert!(d.participants.len() <= cap, "{} participants, over {cap}", d.participants.len());
    if let Some(c) = &d.conclusion {
        assert_text("conclusion", c, IMPORT_MAX);
    }
    let mut posted: HashMap<(Uuid, Kind), usize> = HashMap::new();
    for c in d.contributions.values() {
        assert_text("text", &c.text, IMPORT_MAX);
        if let Some(a) = &c.answer {
            assert_text("answer", a, IMPORT_MAX);
        }
        assert!(d.participants.contains_key(&c.author), "an item by nobody");
        *posted.entry((c.author, c.kind)).or_default() += 1;
        match (&c.theme, c.kind) {
            (Some(t), Kind::Recommendation) => assert!(d.spec.themes.contains(t), "theme {t:?} not among the themes"),
            (None, Kind::Recommendation) => panic!("a recommendation without a theme"),
            (Some(t), k) => panic!("a {k:?} with the theme {t:?}"),
            (None, _) => {}
        }
        if let Some(m) = c.merged_into {
            assert!(m != c.id && d.contributions.contains_key(&m), "merged into nothing or itself");
        }
        assert!(c.backers.is_empty() || c.kind.backing().is_some(), "a {:?} with backers", c.kind);
        assert!(!c.backers.contains(&c.author), "an author backs their own item");
        for b in &c.backers {
            let p = d.participants.get(b).expect("a backer who is not a participant");
            let theirs = if c.kind == Kind::Question { &p.votes } else { &p.endorsements };
            assert!(theirs.contains(&c.id), "a backing the backer does not hold");
        }
    }
    for ((_, kind), n) in posted {
        assert!(n <= kind.per_participant(), "one person with {n} {kind:?}s");
    }
    for p in d.participants.values() {
        if let Some(name) = &p.name {
            assert_text("participants.name", name, TITLE_MAX);
        }
        assert!(p.endorsements.len() <= d.spec.endorsements_per_participant as usize, "{} endorsements", p.endorsements.len());
        if let Some(r) = p.rating {
            assert!(r >= d.spec.scale.min && r <= d.spec.scale.max, "rating {r} off the scale");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(archive) = serde_json::from_slice::<Archive>(data) else { return };
    let d = match import(archive) {
        Ok(d) => d,
        Err(e) => return assert_refusal(&e),
    };
    assert_dialogue(&d);
    let first = convene::export::export(&d, true);
    let _ = convene::export::export(&d, false);
    let again: Archive = serde_json::from_value(first.clone()).expect("an export reads back as an archive");
    let d2 = match import(again) {
        Ok(d2) => d2,
        Err(e) => panic!("an exported dialogue does not import again: {e}"),
    };
    let second = convene::export::export(&d2, true);
    if let Some(diff) = first_difference(&second, &first) {
        panic!("an export imported again exports differently: {diff}");
    }
});
