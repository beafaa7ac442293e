//! RFC 3339 formatting of Unix milliseconds, without a clock: callers own time.

/// Formats milliseconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.mmm]Z` (what [`rfc3339`] writes) back to
/// Unix milliseconds. Anything else, including non-ASCII text, is `None`.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if !s.is_ascii() || !(b.len() == 20 || b.len() == 24) || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    if !valid_date(&s[..10]) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse::<i64>().ok()).flatten()
    };
    let (h, m, sec) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let millis = if b.len() == 24 {
        if b[19] != b'.' {
            return None;
        }
        digits(20..23)?
    } else {
        0
    };
    let (y, mo, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    // Days from civil (Howard Hinnant's algorithm), the inverse of civil_from_days.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + m * 60 + sec) * 1000) + millis)
}

/// Checks a `YYYY-MM-DD` date is a real calendar date.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    if !s[0..4].bytes().chain(s[5..7].bytes()).chain(s[8..10].bytes()).all(|c| c.is_ascii_digit()) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for (ms, want) in [
            (0, "1970-01-01T00:00:00.000Z"),
            (1_259_366_400_123, "2009-11-28T00:00:00.123Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        ] {
            assert_eq!(rfc3339(ms), want);
        }
    }

    #[test]
    fn parses_what_it_writes() {
        for ms in [0, 1_259_366_400_123, 951_782_400_000, 1_795_000_000_999] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
        assert_eq!(parse_rfc3339("2009-11-27T10:00:00Z"), Some(1_259_316_000_000));
        for bad in [
            "yesterday",
            "2009-11-27T10:00:00",
            "2009-11-27T25:00:00Z",
            "2009-11-27T10:60:00Z",
            "2009-11-27T10:00:+1Z",
            "2009-11-27T10:00:00.1Z",
            "2009-11-27T10:00:00.1234Z",
            "2009-11-27é10:00:00Z",
            "éééééééééééééééééééééééé",
            "2009-11-27T10:00:00,000Z",
            "",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates() {
        for (s, ok) in [
            ("2009-11-27", true),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2009-13-01", false),
            ("2009-1-01", false),
            ("+009-11-27", false),
            ("2009-11-31", false),
        ] {
            assert_eq!(valid_date(s), ok, "{s}");
        }
    }
}
