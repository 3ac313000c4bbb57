//! Rates per client (an IPv4 address or an IPv6 /64, [`crate::client::Client::key`]): a token
//! bucket each, taken before the work and given back if the work did not happen (a refused or
//! replayed submission costs the client nothing). Memory is bounded: full buckets are forgotten
//! first, and when every bucket is in use a newcomer waits rather than an old one being reset.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::store::limits::{self, now_ms};
use crate::store::Records;

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
    /// With several instances: the buckets are rows of the shared database
    /// ([`crate::store::limits`]), under the name `scope`.
    shared: Option<(Records, &'static str)>,
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
        if self.kept {
            return;
        }
        match self.limiter.shared.clone() {
            None => {
                let mut b = self.limiter.buckets.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(bucket) = b.get_mut(&self.key) {
                    bucket.tokens = (bucket.tokens + 1.0).min(self.limiter.capacity);
                }
            }
            Some(shared) => {
                let (limiter, key) = (self.limiter.clone(), self.key);
                if let Ok(handle) = tokio::runtime::Handle::try_current() {
                    handle.spawn(async move { limiter.shared_add(&shared, key, 1.0).await });
                }
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
            shared: None,
        }
    }

    /// The same rate shared by several instances, its buckets named `scope` in `records`.
    pub fn shared(self, records: Records, scope: &'static str) -> RateLimiter {
        RateLimiter { shared: Some((records, scope)), ..self }
    }

    /// Takes one unit for `key`, or says how long until one is there.
    pub async fn take(&self, key: IpAddr) -> Result<Taken, Duration> {
        match &self.shared {
            None => self.take_at(key, Instant::now())?,
            Some(shared) => self.shared_add(shared, key, -1.0).await?,
        }
        Ok(Taken { limiter: self.clone(), key, kept: false })
    }

    /// Adds `delta` units to the shared bucket (−1 takes one: refused when there is none),
    /// under the bucket's lock, in one transaction.
    async fn shared_add(
        &self,
        (records, scope): &(Records, &'static str),
        key: IpAddr,
        delta: f64,
    ) -> Result<(), Duration> {
        let (capacity, per_second, name) = (self.capacity, self.per_second, format!("rate-{scope}:{key}"));
        let answer = records
            .tx(move |c| {
                let now = now_ms();
                let stored = limits::load(c, &name)?.and_then(|v| {
                    let (tokens, at) = v.split_once(' ')?;
                    Some((tokens.parse::<f64>().ok()?, at.parse::<i64>().ok()?))
                });
                let (tokens, at) = stored.unwrap_or((capacity, now));
                let tokens = (tokens + (now - at).max(0) as f64 / 1000.0 * per_second).min(capacity);
                if tokens + delta < 0.0 {
                    let wait = Duration::from_secs_f64((1.0 - tokens) / per_second).max(Duration::from_secs(1));
                    return Ok(Err(wait));
                }
                let tokens = (tokens + delta).min(capacity);
                // Full again after this long: then there is nothing to remember.
                let until = now + ((capacity - tokens) / per_second * 1000.0) as i64 + 1000;
                limits::save(c, &name, Some(format!("{tokens} {now}")), until)?;
                Ok(Ok(()))
            })
            .await;
        answer.unwrap_or(Err(Duration::from_secs(60)))
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

    #[tokio::test]
    async fn a_unit_not_kept_is_given_back() {
        for (_, records, _) in crate::store::testing::engines().await {
            let mut l = RateLimiter::new(60, 1);
            if matches!(records, Records::Postgres(_)) {
                l = l.shared(records, "test");
            }
            drop(l.take(A).await.unwrap());
            // A unit given back on the shared engine is written by a task of its own.
            tokio::time::sleep(Duration::from_millis(200)).await;
            l.take(A).await.unwrap().keep();
            assert!(l.take(A).await.is_err());
            assert!(l.take(B).await.is_ok(), "another client is not affected");
        }
    }
}
