//! One limiter for every question "is this second factor right for this dossier code" (lookup,
//! supplements, rating): per client address and per dossier code, so that neither one address
//! trying many codes nor many addresses trying one code get far.
//!
//! - an address may ask [`PER_ADDRESS_PER_MINUTE`] times a minute, and fail
//!   [`ADDRESS_FAILURES`] times in [`WINDOW`] before it is locked out for [`LOCKOUT`];
//! - a code may be failed [`CODE_FAILURES`] times in [`WINDOW`], from anywhere, before it is
//!   locked for [`LOCKOUT`]; while locked, even the right factor is not checked (so guessing
//!   learns nothing). A right factor clears the code's failures.
//!
//! Unknown codes count like known ones, so the answers cannot tell them apart.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const PER_ADDRESS_PER_MINUTE: u32 = 30;
pub const ADDRESS_FAILURES: u32 = 20;
pub const CODE_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Entries kept before old ones are dropped (bounds memory whatever is sent).
const MAX_ENTRIES: usize = 100_000;

#[derive(Clone, Copy, Debug)]
struct Count {
    since: Instant,
    n: u32,
}

impl Count {
    fn new(now: Instant) -> Count {
        Count { since: now, n: 0 }
    }

    /// Adds one within a window of `len`, starting a new window when the old one ended.
    fn bump(&mut self, now: Instant, len: Duration) -> u32 {
        if now.duration_since(self.since) >= len {
            *self = Count::new(now);
        }
        self.n += 1;
        self.n
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    asked: Count,
    failed: Count,
    locked_until: Option<Instant>,
}

impl Entry {
    fn new(now: Instant) -> Entry {
        Entry { asked: Count::new(now), failed: Count::new(now), locked_until: None }
    }

    fn locked(&self, now: Instant) -> Option<Duration> {
        self.locked_until.filter(|t| *t > now).map(|t| t - now)
    }

    fn stale(&self, now: Instant) -> bool {
        self.locked(now).is_none()
            && now.duration_since(self.failed.since) >= WINDOW
            && now.duration_since(self.asked.since) >= Duration::from_secs(60)
    }
}

#[derive(Default)]
struct Book {
    addresses: HashMap<IpAddr, Entry>,
    codes: HashMap<String, Entry>,
}

fn prune<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, Entry>, now: Instant) {
    if map.len() < MAX_ENTRIES {
        return;
    }
    map.retain(|_, e| !e.stale(now));
    if map.len() >= MAX_ENTRIES {
        // Still full of live entries: drop the oldest half rather than grow without end.
        let mut ages: Vec<(K, Instant)> = map.iter().map(|(k, e)| (k.clone(), e.failed.since)).collect();
        ages.sort_by_key(|(_, t)| *t);
        for (k, _) in ages.into_iter().take(MAX_ENTRIES / 2) {
            map.remove(&k);
        }
    }
}

/// Why a question was not even looked at; the caller answers 429 with `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// This address asked too often or failed too often.
    Address(Duration),
    /// This code was failed too often, from wherever.
    Code(Duration),
}

impl Refused {
    pub fn retry_after(self) -> Duration {
        match self {
            Refused::Address(d) | Refused::Code(d) => d,
        }
    }
}

#[derive(Clone, Default)]
pub struct FactorLimiter {
    book: Arc<Mutex<Book>>,
}

impl FactorLimiter {
    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Before checking a factor: counts the question, or refuses it.
    pub fn ask(&self, client: IpAddr, code: &str) -> Result<(), Refused> {
        self.ask_at(client, code, Instant::now())
    }

    fn ask_at(&self, client: IpAddr, code: &str, now: Instant) -> Result<(), Refused> {
        let mut book = self.book();
        prune(&mut book.addresses, now);
        prune(&mut book.codes, now);
        if let Some(wait) = book.codes.get(code).and_then(|e| e.locked(now)) {
            return Err(Refused::Code(wait));
        }
        let entry = book.addresses.entry(client).or_insert_with(|| Entry::new(now));
        if let Some(wait) = entry.locked(now) {
            return Err(Refused::Address(wait));
        }
        if entry.asked.bump(now, Duration::from_secs(60)) > PER_ADDRESS_PER_MINUTE {
            let wait = Duration::from_secs(60).saturating_sub(now.duration_since(entry.asked.since));
            return Err(Refused::Address(wait.max(Duration::from_secs(1))));
        }
        Ok(())
    }

    /// The factor was wrong (or the code unknown).
    pub fn failed(&self, client: IpAddr, code: &str) {
        self.failed_at(client, code, Instant::now())
    }

    fn failed_at(&self, client: IpAddr, code: &str, now: Instant) {
        let mut book = self.book();
        let a = book.addresses.entry(client).or_insert_with(|| Entry::new(now));
        if a.failed.bump(now, WINDOW) >= ADDRESS_FAILURES {
            a.locked_until = Some(now + LOCKOUT);
        }
        let c = book.codes.entry(code.to_string()).or_insert_with(|| Entry::new(now));
        if c.failed.bump(now, WINDOW) >= CODE_FAILURES {
            c.locked_until = Some(now + LOCKOUT);
        }
    }

    /// The factor was right: the code's failures are forgiven (the address's are not).
    pub fn succeeded(&self, code: &str) {
        self.book().codes.remove(code);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));
    const CODE: &str = "000.21.12.H23-261127-0001";

    #[test]
    fn a_code_is_locked_after_a_few_failures_from_any_address() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for i in 0..CODE_FAILURES {
            let from = if i % 2 == 0 { A } else { B };
            assert!(l.ask_at(from, CODE, now).is_ok());
            l.failed_at(from, CODE, now);
        }
        let c = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 3));
        assert_eq!(l.ask_at(c, CODE, now), Err(Refused::Code(LOCKOUT)));
        assert!(l.ask_at(c, "000.21.12.H23-261127-0002", now).is_ok(), "other codes stay open");
        assert!(l.ask_at(c, CODE, now + LOCKOUT).is_ok(), "the lock ends");
    }

    #[test]
    fn an_address_is_limited_per_minute_and_locked_after_many_failures() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for _ in 0..PER_ADDRESS_PER_MINUTE {
            assert!(l.ask_at(A, CODE, now).is_ok());
        }
        assert!(matches!(l.ask_at(A, CODE, now), Err(Refused::Address(_))));
        assert!(l.ask_at(B, CODE, now).is_ok());
        let later = now + Duration::from_secs(61);
        for i in 0..ADDRESS_FAILURES {
            // A different code each time: the per-code lock never trips, the address's does.
            l.failed_at(A, &format!("000.21.12.H23-261127-{i:04}"), later);
        }
        assert_eq!(l.ask_at(A, "000.21.12.H23-261127-9999", later), Err(Refused::Address(LOCKOUT)));
    }

    #[test]
    fn the_right_factor_forgives_the_codes_failures() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for _ in 0..CODE_FAILURES - 1 {
            l.failed_at(A, CODE, now);
        }
        l.succeeded(CODE);
        l.failed_at(A, CODE, now);
        assert!(l.ask_at(A, CODE, now).is_ok());
    }
}
