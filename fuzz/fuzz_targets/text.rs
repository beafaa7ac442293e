//! Text as people type it. Input: two bytes of limit, then the text (bytes
//! that are not UTF-8 become U+FFFD). `clean` leaves no control or bidi
//! control and nothing to trim, keeps every other character in order, and
//! cleaning twice changes nothing; `parse`, `parse_optional` and `imported`
//! accept exactly the cleaned texts within their limits, in characters;
//! `percent_encode` writes only unreserved bytes and `%XX`, and decodes back.
#![no_main]

use convene::text::{clean, imported, is_bidi_control, parse, parse_optional, percent_encode, IMPORT_MAX};
use convene_parser_fuzz::assert_clean;
use libfuzzer_sys::fuzz_target;

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

fn hex(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'A'..=b'F' => b - b'A' + 10,
        _ => panic!("percent_encode wrote {:?} after a %", b as char),
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let max = usize::from(u16::from_le_bytes([data[0], data[1]])) % (IMPORT_MAX + 1000);
    let raw = String::from_utf8_lossy(&data[2..]);
    let raw = raw.as_ref();

    let cleaned = clean(raw);
    assert_clean("clean", &cleaned);
    assert_eq!(clean(&cleaned), cleaned, "cleaning twice changes the text");
    // What it keeps, it keeps in order: the input filtered, then trimmed.
    let kept: String = raw.chars().filter(|c| (*c == '\n' || !c.is_control()) && !is_bidi_control(*c)).collect();
    assert_eq!(kept.trim(), cleaned);
    let len = cleaned.chars().count();

    match parse("text", raw, max) {
        Ok(t) => {
            assert_eq!(t, cleaned);
            assert!(!t.is_empty() && len <= max, "parse accepted {len} characters with a limit of {max}");
        }
        Err(e) => {
            assert_eq!(e.status(), 422);
            assert!(e.message.contains("`text`"), "the error names no field: {}", e.message);
            match e.code {
                "empty_field" => assert!(cleaned.is_empty()),
                "too_long" => assert!(len > max, "refused {len} characters as over {max}"),
                other => panic!("unexpected code {other}"),
            }
        }
    }
    assert_eq!(parse_optional("text", None, max), Ok(None));
    match parse_optional("text", Some(raw), max) {
        Ok(None) => assert!(cleaned.is_empty()),
        Ok(Some(t)) => assert!(t == cleaned && !t.is_empty() && len <= max),
        Err(e) => assert!(e.code == "too_long" && len > max && e.message.contains("`text`"), "{e}"),
    }
    match imported("text", raw) {
        Ok(t) => assert!(t == cleaned && len <= IMPORT_MAX),
        Err(e) => assert!(e.code == "too_long" && len > IMPORT_MAX && e.message.contains("`text`"), "{e}"),
    }

    let encoded = percent_encode(raw);
    let e = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < e.len() {
        if e[i] == b'%' {
            assert!(i + 3 <= e.len(), "a cut escape in {encoded:?}");
            let b = hex(e[i + 1]) << 4 | hex(e[i + 2]);
            assert!(!unreserved(b), "an unreserved byte {:?} escaped", b as char);
            decoded.push(b);
            i += 3;
        } else {
            assert!(unreserved(e[i]), "a reserved byte {:?} left as it is", e[i] as char);
            decoded.push(e[i]);
            i += 1;
        }
    }
    assert_eq!(decoded, raw.as_bytes(), "percent_encode does not decode back");
});
