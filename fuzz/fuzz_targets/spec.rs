//! The create request: any JSON body that reads as a `CreateDialogue`.
//! Parsing never panics; a refusal is a 422; what it accepts is cleaned and
//! bounded; an import accepts whatever a live create accepts, identically;
//! and a parsed spec written back and parsed again comes out unchanged.
#![no_main]

use convene::spec::{CreateDialogue, Strictness};
use convene_parser_fuzz::{as_request, assert_refusal, assert_spec, difference};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<CreateDialogue>(data) else { return };
    let create = request.clone().parse(Strictness::Create);
    let import = request.parse(Strictness::Import);
    if let Ok(created) = &create {
        match &import {
            Err(e) => panic!("an import refuses what a create accepts: {e}"),
            Ok(imported) => assert!(imported == created, "an import changes what a create accepts: {}", difference(imported, created).unwrap_or_default()),
        }
    }
    for (how, result) in [(Strictness::Create, create), (Strictness::Import, import)] {
        match result {
            Err(e) => {
                assert_refusal(&e);
                assert_eq!(e.status(), 422, "{e}");
            }
            Ok((spec, agenda)) => {
                assert_spec(how, &spec, &agenda);
                match as_request(&spec, &agenda).parse(how) {
                    Err(e) => panic!("{how:?}: a parsed spec is refused when parsed again: {e}"),
                    Ok(again) => assert!(
                        again == (spec.clone(), agenda.clone()),
                        "{how:?}: parsing a parsed spec again changes it: {}",
                        difference(&again, &(spec, agenda)).unwrap_or_default()
                    ),
                }
            }
        }
    }
});
