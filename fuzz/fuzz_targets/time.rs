//! Timestamps. The input read as text: `parse_rfc3339` never panics, and
//! whatever it accepts formats back to the same text (with `.000` added
//! when it had no milliseconds); `valid_date` accepts only `YYYY-MM-DD`
//! dates that parse and format back. Its first sixteen bytes read as two
//! numbers of milliseconds: `rfc3339` never panics, and parsing what it
//! writes gives the number back whenever it parses at all; for years 0000
//! to 9999 it always does (to the millisecond, the precision it writes), the
//! text sorts as the numbers do, and the next day is the next valid date.
#![no_main]

use convene::time::{parse_rfc3339, rfc3339, valid_date};
use libfuzzer_sys::fuzz_target;

/// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what four digits of year can write.
const MIN_MS: i64 = -62_167_219_200_000;
const MAX_MS: i64 = 253_402_300_799_999;
const DAY_MS: i64 = 86_400_000;

fn sane(ms: i64) -> i64 {
    MIN_MS + ms.rem_euclid(MAX_MS - MIN_MS + 1)
}

/// The day after `date`, found by asking `valid_date` only.
fn next_day(date: &str) -> String {
    let y: u32 = date[0..4].parse().unwrap();
    let m: u32 = date[5..7].parse().unwrap();
    let d: u32 = date[8..10].parse().unwrap();
    let same_month = format!("{y:04}-{m:02}-{:02}", d + 1);
    if valid_date(&same_month) {
        return same_month;
    }
    let next = if m < 12 { format!("{y:04}-{:02}-01", m + 1) } else { format!("{:04}-01-01", y + 1) };
    assert!(valid_date(&next), "{next} is not a date");
    next
}

fn check_format(ms: i64) -> String {
    let out = rfc3339(ms);
    assert_eq!(out.len(), 24, "{ms} formats as {out:?}");
    assert_eq!(parse_rfc3339(&out), Some(ms), "{ms} formats as {out:?}, which does not parse back");
    out
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Some(ms) = parse_rfc3339(&s) {
        let t = s.trim();
        assert!(valid_date(&t[..10]), "{t:?} parses with a date valid_date refuses");
        let want = if t.len() == 24 { t.to_string() } else { format!("{}.000Z", &t[..19]) };
        assert_eq!(rfc3339(ms), want, "{t:?} parses to {ms}, which formats differently");
    }
    if valid_date(&s) {
        assert!(s.len() == 10 && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }));
        let midnight = parse_rfc3339(&format!("{s}T00:00:00Z")).unwrap_or_else(|| panic!("the date {s:?} does not parse at midnight"));
        assert_eq!(midnight.rem_euclid(DAY_MS), 0);
        assert_eq!(&rfc3339(midnight)[..10], &s[..]);
    }

    if data.len() < 16 {
        return;
    }
    let a = i64::from_le_bytes(data[0..8].try_into().unwrap());
    let b = i64::from_le_bytes(data[8..16].try_into().unwrap());
    for ms in [a, b] {
        if let Some(back) = parse_rfc3339(&rfc3339(ms)) {
            assert_eq!(back, ms, "{ms} formats as {:?}, which parses to {back}", rfc3339(ms));
        }
    }
    let (a, b) = (sane(a), sane(b));
    let (ta, tb) = (check_format(a), check_format(b));
    assert_eq!(a.cmp(&b), ta.cmp(&tb), "{ta} and {tb} sort unlike {a} and {b}");
    if a + DAY_MS <= MAX_MS {
        let tomorrow = check_format(a + DAY_MS);
        assert_eq!(&tomorrow[..10], next_day(&ta[..10]), "the day after {ta} formats as {tomorrow}");
        assert_eq!(tomorrow[10..], ta[10..]);
    }
});
