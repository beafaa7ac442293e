//! Credentials: long random secrets, kept only as SHA-256 digests and
//! compared in constant time.

use sha2::{Digest, Sha256};
use uuid::Uuid;

const PARTICIPANT_PREFIX: &str = "pt_";

/// 32 random bytes as 64 hex characters.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing leaves no safe way on; it cannot be client-caused.
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex(&bytes)
}

pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal digests, in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A participant token names its participant, then carries the secret.
pub fn participant_token(id: Uuid, secret: &str) -> String {
    format!("{PARTICIPANT_PREFIX}{}_{secret}", id.simple())
}

/// Splits a participant token into its participant and secret.
pub fn parse_participant_token(token: &str) -> Option<(Uuid, &str)> {
    let rest = token.strip_prefix(PARTICIPANT_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    Some((Uuid::try_parse(id).ok()?, secret))
}

pub fn is_participant_token(token: &str) -> bool {
    token.starts_with(PARTICIPANT_PREFIX)
}

/// A join code people can type on a phone: no 0/O, 1/I/L.
pub fn join_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// A typed code, as people type it: any case, spaces and dashes ignored.
pub fn normalize_code(raw: &str) -> String {
    raw.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        let id = Uuid::from_u128(7);
        let s = random_secret();
        assert_eq!(s.len(), 64);
        let t = participant_token(id, &s);
        assert_eq!(parse_participant_token(&t), Some((id, s.as_str())));
        assert_eq!(parse_participant_token("pt_nope"), None);
        assert!(same(&digest(&s), &digest(&s)));
        assert!(!same(&digest(&s), &digest("other")));
        assert!(!same("", ""));
        assert_eq!(normalize_code(" ab-c1 23 "), "ABC123");
    }
}
