//! Text as people type it: trimmed, control characters removed, bounded.

use crate::error::Code;
use crate::error::DomainError;

/// Longest contribution, in characters.
pub const CONTRIBUTION_MAX: usize = 500;
/// Longest title or name.
pub const TITLE_MAX: usize = 200;
/// Longest answer, conclusion or report summary paragraph.
pub const LONG_MAX: usize = 5_000;
/// Imported archives keep texts whole up to this many characters.
pub const IMPORT_MAX: usize = 5_000;

/// Bidirectional embedding, override and isolate controls: text that
/// carries them can make what follows it on a shared screen read
/// backwards. Marks (LRM, RLM) and the zero-width joiners that scripts and
/// emoji need are kept.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Removes control characters other than newline (a `\r\n` becomes `\n`)
/// and bidirectional controls, and trims the result.
pub fn clean(raw: &str) -> String {
    let cleaned: String = raw.chars().filter(|c| (*c == '\n' || !c.is_control()) && !is_bidi_control(*c)).collect();
    cleaned.trim().to_string()
}

/// Cleans `raw` and keeps at most `max` characters, trimmed again after the
/// cut, so that cleaning what it gives changes nothing.
pub fn cut(raw: &str, max: usize) -> String {
    let kept: String = clean(raw).chars().take(max).collect();
    kept.trim_end().to_string()
}

/// Cleans `raw` and checks it is non-empty and at most `max` characters.
/// `field` names the field in the error message.
pub fn parse(field: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let text = clean(raw);
    if text.is_empty() {
        return Err(DomainError::invalid_as(Code::EmptyField, format!("The field `{field}` must not be empty.")));
    }
    let len = text.chars().count();
    if len > max {
        return Err(DomainError::invalid_as(Code::TooLong, format!("The field `{field}` is {len} characters long; the limit is {max}.")));
    }
    Ok(text)
}

/// Like [`parse`], but an absent or blank value is `None`.
pub fn parse_optional(field: &str, raw: Option<&str>, max: usize) -> Result<Option<String>, DomainError> {
    match raw {
        None => Ok(None),
        Some(r) if clean(r).is_empty() => Ok(None),
        Some(r) => parse(field, r, max).map(Some),
    }
}

/// Percent-encodes text for a URL query value (RFC 3986 unreserved kept).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Import keeps texts whole up to [`IMPORT_MAX`]: cleaned, never cut; a
/// longer text is refused with the field named.
pub fn imported(field: &str, raw: &str) -> Result<String, DomainError> {
    let text = clean(raw);
    let len = text.chars().count();
    if len > IMPORT_MAX {
        return Err(DomainError::invalid_as(
            Code::TooLong,
            format!("The field `{field}` is {len} characters long; the limit is {IMPORT_MAX}."),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode("NGOs & grassroots"), "NGOs%20%26%20grassroots");
        assert_eq!(percent_encode("é~a-b_c.d"), "%C3%A9~a-b_c.d");
    }

    #[test]
    fn a_cut_text_is_clean_again() {
        // Found by the spec fuzzer: a cut just before a space kept the space.
        let raw = format!("{} x", "r".repeat(199));
        let once = cut(&raw, 200);
        assert_eq!(once, "r".repeat(199));
        assert_eq!(cut(&once, 200), once);
    }

    #[test]
    fn parse_table() {
        let long = "x".repeat(501);
        let cases: &[(&str, usize, Result<&str, &str>)] = &[
            ("  hello  ", 500, Ok("hello")),
            ("a\u{0}b\u{7}c", 500, Ok("abc")),
            ("line one\r\nline two", 500, Ok("line one\nline two")),
            ("   ", 500, Err("must not be empty")),
            ("\u{1}\u{2}", 500, Err("must not be empty")),
            (&long, 500, Err("limit is 500")),
            ("ééé", 3, Ok("ééé")),
            ("a\u{202E}b\u{2066}c\u{2069}d\u{202A}", 500, Ok("abcd")),
            ("\u{202E}\u{202D}", 500, Err("must not be empty")),
            ("👨\u{200D}👩\u{200D}👧 ک\u{200C}ه", 500, Ok("👨\u{200D}👩\u{200D}👧 ک\u{200C}ه")),
        ];
        for (raw, max, want) in cases {
            let got = parse("text", raw, *max);
            match (want, got) {
                (Ok(w), Ok(g)) => assert_eq!(*w, g, "{raw:?}"),
                (Err(w), Err(e)) => assert!(e.message.contains(w), "{raw:?}: {}", e.message),
                (w, g) => panic!("{raw:?}: wanted {w:?}, got {g:?}"),
            }
        }
    }
}
