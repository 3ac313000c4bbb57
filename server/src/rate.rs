//! Rates per client (an IPv4 address or an IPv6 /64, [`crate::client::Client::key`]): a token
//! bucket each, taken before the work and given back if the work did not happen (a refused or
//! replayed submission costs the client nothing). Memory is bounded: full buckets are forgotten
//! first, and when every bucket is in use a newcomer waits rather than an old one being reset.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Dossiers one client may file at once before the hourly rate applies.
pub const DOSSIER_BURST: u32 = 20;
/// Clients remembered at most.
const MAX_CLIENTS: usize = 100_000;

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Clone)]
pub struct RateLimiter {
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
    capacity: f64,
    per_second: f64,
}

/// One unit taken; given back when dropped unless [`Taken::keep`] was called.
#[must_use]
pub struct Taken {
    limiter: RateLimiter,
    key: IpAddr,
    kept: bool,
}

impl Taken {
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Taken {
    fn drop(&mut self) {
        if !self.kept {
            let mut b = self.limiter.buckets.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(bucket) = b.get_mut(&self.key) {
                bucket.tokens = (bucket.tokens + 1.0).min(self.limiter.capacity);
            }
        }
    }
}

impl RateLimiter {
    /// `per_hour` units an hour, `burst` at once.
    pub fn new(per_hour: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            buckets: Arc::default(),
            capacity: f64::from(burst.max(1)),
            per_second: f64::from(per_hour.max(1)) / 3600.0,
        }
    }

    /// Takes one unit for `key`, or says how long until one is there.
    pub fn take(&self, key: IpAddr) -> Result<Taken, Duration> {
        self.take_at(key, Instant::now())?;
        Ok(Taken { limiter: self.clone(), key, kept: false })
    }

    fn take_at(&self, key: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut b = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !b.contains_key(&key) && b.len() >= MAX_CLIENTS {
            let (capacity, per_second) = (self.capacity, self.per_second);
            b.retain(|_, v| v.tokens + now.duration_since(v.at).as_secs_f64() * per_second < capacity);
            if b.len() >= MAX_CLIENTS {
                return Err(Duration::from_secs(60));
            }
        }
        let bucket = b.entry(key).or_insert(Bucket { tokens: self.capacity, at: now });
        bucket.tokens =
            (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * self.per_second).min(self.capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.per_second).max(Duration::from_secs(1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn a_burst_then_the_hourly_rate_per_client() {
        let l = RateLimiter::new(60, 20);
        let now = Instant::now();
        for _ in 0..20 {
            l.take_at(A, now).unwrap();
        }
        let wait = l.take_at(A, now).unwrap_err();
        assert_eq!(wait.as_secs(), 60, "one a minute at 60 an hour");
        assert!(l.take_at(B, now).is_ok(), "another client is not affected");
        assert!(l.take_at(A, now + Duration::from_secs(60)).is_ok());
        assert!(l.take_at(A, now + Duration::from_secs(61)).is_err());
    }

    #[test]
    fn a_unit_not_kept_is_given_back() {
        let l = RateLimiter::new(60, 1);
        drop(l.take(A).unwrap());
        l.take(A).unwrap().keep();
        assert!(l.take(A).is_err());
    }
}
