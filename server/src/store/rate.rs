//! Rate limiting by token bucket: per participant, one that lets a person
//! write at least ten times a second for as long as they like and slows
//! floods; per client address, one for failed join-code lookups.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

use uuid::Uuid;

/// Writes a second, sustained.
pub const RATE: f64 = 20.0;
/// Writes allowed at once after a pause.
pub const BURST: f64 = 40.0;

pub struct Limiter<K = Uuid> {
    /// Tokens a second, and the most a bucket holds.
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl Default for Limiter<Uuid> {
    fn default() -> Self {
        Limiter::new(RATE, BURST)
    }
}

impl<K: Hash + Eq> Limiter<K> {
    pub fn new(rate: f64, burst: f64) -> Self {
        Limiter { rate, burst, buckets: Mutex::default() }
    }

    /// Takes one token from the bucket; when empty, the seconds to wait.
    pub fn take(&self, who: K) -> Result<(), u32> {
        let (rate, burst) = (self.rate, self.burst);
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 200_000 {
            // Forget full buckets rather than grow without bound.
            map.retain(|_, (tokens, at)| *tokens + at.elapsed().as_secs_f64() * rate < burst);
        }
        let (tokens, at) = map.entry(who).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_limits() {
        let l = Limiter::default();
        let a = Uuid::from_u128(1);
        for _ in 0..BURST as usize {
            assert!(l.take(a).is_ok());
        }
        assert_eq!(l.take(a), Err(1));
        assert!(l.take(Uuid::from_u128(2)).is_ok(), "others are not slowed");
    }
}
