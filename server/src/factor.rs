//! One limiter for every question "is this second factor right for this dossier code" (lookup,
//! tracking, supplements, rating), per client (an IPv4 address or an IPv6 /64) and per code.
//!
//! - **Count first, refund on success.** A question takes its failure before the factor is
//!   checked ([`FactorLimiter::reserve`]), in the same step that decides whether it may be asked
//!   at all; the answer then settles it ([`Ticket::settle`]): a right factor gives the failure
//!   back. So a burst of questions in flight at once can never check more wrong factors than the
//!   limit (they were counted before any of them was checked).
//! - **A client** may ask [`PER_ADDRESS_PER_MINUTE`] times a minute and fail
//!   [`ADDRESS_FAILURES`] times in [`WINDOW`]; then it is refused for [`LOCKOUT`].
//! - **A code is slowed, never locked.** Its first [`CODE_FAILURES`] wrong factors (from
//!   anywhere) cost nothing; after that each further question must wait a delay that doubles
//!   from [`FIRST_DELAY`] up to [`MAX_DELAY`]. While a code waits, no factor is checked for it
//!   (guessing learns nothing), and its owner is told how many minutes to wait: at worst
//!   [`MAX_DELAY`], however long the attack. A code's failures are forgotten [`CODE_MEMORY`]
//!   after the last one; a right factor forgets them at once.
//! - **Codes not yet issued cannot be slowed.** A question about a code no dossier has counts
//!   against the client only, so nobody can spoil tomorrow's codes for their owners.
//! - **Nothing live is evicted.** Memory is bounded ([`MAX_ENTRIES`] clients and codes by default); when
//!   full, only entries with nothing to remember are dropped, and if none can be, a new client or
//!   code is refused for a moment rather than an old one forgotten.
//!
//! Unknown codes and wrong factors get the same answer from the caller ([`crate::dossiers`]).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::store::Records;

pub const PER_ADDRESS_PER_MINUTE: u32 = 30;
pub const ADDRESS_FAILURES: u32 = 20;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Wrong factors a code may be given before it is slowed.
pub const CODE_FAILURES: u32 = 5;
pub const FIRST_DELAY: Duration = Duration::from_secs(60);
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
pub const CODE_MEMORY: Duration = Duration::from_secs(24 * 3600);
/// Clients, and codes, remembered at most.
pub const MAX_ENTRIES: usize = 100_000;
/// What a refused newcomer is told to wait when memory is full of live entries.
const FULL_WAIT: Duration = Duration::from_secs(60);

/// A count within a window that starts with its first event.
#[derive(Clone, Copy, Debug)]
struct Count {
    since: Instant,
    n: u32,
}

impl Count {
    fn new(now: Instant) -> Count {
        Count { since: now, n: 0 }
    }

    fn current(&mut self, now: Instant, len: Duration) -> u32 {
        if now.duration_since(self.since) >= len {
            *self = Count::new(now);
        }
        self.n
    }
}

#[derive(Clone, Copy, Debug)]
struct ClientEntry {
    asked: Count,
    failed: Count,
    locked_until: Option<Instant>,
    /// Questions counted and not yet settled.
    pending: u32,
}

impl ClientEntry {
    fn new(now: Instant) -> Self {
        ClientEntry { asked: Count::new(now), failed: Count::new(now), locked_until: None, pending: 0 }
    }

    fn forgettable(&self, now: Instant) -> bool {
        self.pending == 0
            && self.locked_until.is_none_or(|t| t <= now)
            && now.duration_since(self.failed.since) >= WINDOW
            && now.duration_since(self.asked.since) >= Duration::from_secs(60)
    }
}

#[derive(Clone, Copy, Debug)]
struct CodeEntry {
    /// Wrong factors (and questions in flight) since the code was last forgiven.
    failures: u32,
    last_failure: Instant,
    /// No factor is checked for this code before then.
    next_allowed: Option<Instant>,
    pending: u32,
}

impl CodeEntry {
    fn forgettable(&self, now: Instant) -> bool {
        self.pending == 0
            && (self.failures == 0 || now.duration_since(self.last_failure) >= CODE_MEMORY)
            && self.next_allowed.is_none_or(|t| t <= now)
    }
}

/// The wait imposed after the code's `failures`-th wrong factor (none before the free ones).
pub fn delay_after(failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(CODE_FAILURES)?;
    let doubled = FIRST_DELAY.saturating_mul(1u32.checked_shl(beyond).unwrap_or(u32::MAX));
    Some(doubled.min(MAX_DELAY))
}

#[derive(Default)]
struct Book {
    clients: HashMap<IpAddr, ClientEntry>,
    codes: HashMap<String, CodeEntry>,
    /// When each map, full, was last searched for forgettable entries.
    swept_clients: Option<Instant>,
    swept_codes: Option<Instant>,
}

/// Makes room for one more entry if the map is full, dropping only forgettable ones; `false`
/// when every entry is live. A full map is searched at most once a second, so a flood that keeps
/// it full does not make every question scan it.
fn room<K: Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    capacity: usize,
    swept: &mut Option<Instant>,
    now: Instant,
    forgettable: impl Fn(&V) -> bool,
) -> bool {
    if map.len() < capacity {
        return true;
    }
    if swept.is_some_and(|t| now.duration_since(t) < Duration::from_secs(1)) {
        return false;
    }
    *swept = Some(now);
    map.retain(|_, v| !forgettable(v));
    map.len() < capacity
}

/// Why a question was not even looked at; the caller answers 429 with `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// This client asked too often or failed too often.
    Address(Duration),
    /// This code must wait before another factor is checked.
    Code(Duration),
    /// The limiter's memory is full of live entries (a very wide attack): newcomers wait.
    Busy(Duration),
}

impl Refused {
    pub fn retry_after(self) -> Duration {
        match self {
            Refused::Address(d) | Refused::Code(d) | Refused::Busy(d) => d,
        }
    }
}

/// What the check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The factor opened the dossier: everything counted is given back.
    Right,
    /// A dossier has this code and the factor is not its own.
    Wrong,
    /// No dossier has this code (yet): counts against the client only.
    NoSuchCode,
}

#[derive(Clone)]
pub struct FactorLimiter {
    book: Arc<Mutex<Book>>,
    /// Clients, and codes, remembered at most.
    capacity: usize,
    /// With several instances: the entries live in the shared database instead (one row per
    /// client and per code, [`crate::store::limits`]), decided by the same rules.
    shared: Option<Records>,
}

impl Default for FactorLimiter {
    fn default() -> Self {
        FactorLimiter::new(MAX_ENTRIES)
    }
}

/// A question counted as a failure until settled. Dropped unsettled (the check itself failed),
/// it stays a failure.
#[must_use]
pub struct Ticket {
    limiter: FactorLimiter,
    client: IpAddr,
    code: Option<String>,
    settled: bool,
}

impl Ticket {
    pub async fn settle(mut self, outcome: Outcome) {
        self.settled = true;
        match self.limiter.shared.clone() {
            None => self.limiter.settle(self.client, self.code.as_deref(), outcome, Instant::now()),
            Some(records) => shared::settle(&records, self.client, self.code.clone(), outcome).await,
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        match self.limiter.shared.clone() {
            None => self.limiter.settle(self.client, self.code.as_deref(), Outcome::Wrong, Instant::now()),
            Some(records) => {
                let (client, code) = (self.client, self.code.take());
                if let Ok(handle) = tokio::runtime::Handle::try_current() {
                    handle.spawn(async move { shared::settle(&records, client, code, Outcome::Wrong).await });
                }
            }
        }
    }
}

impl FactorLimiter {
    pub fn new(capacity: usize) -> FactorLimiter {
        FactorLimiter { book: Arc::default(), capacity: capacity.max(1), shared: None }
    }

    /// The limiter of several instances: its entries in `records` (PostgreSQL).
    pub fn shared(records: Records) -> FactorLimiter {
        FactorLimiter { shared: Some(records), ..FactorLimiter::new(MAX_ENTRIES) }
    }

    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Before checking a factor: counts the question and its failure, or refuses it. `client` is
    /// [`crate::client::Client::key`]; `code` only when it has the shape of a dossier code
    /// (anything else can open nothing and is the client's failure alone).
    pub async fn reserve(&self, client: IpAddr, code: Option<&str>) -> Result<Ticket, Refused> {
        match &self.shared {
            None => self.reserve_at(client, code, Instant::now())?,
            Some(records) => shared::reserve(records, client, code.map(str::to_string)).await?,
        }
        Ok(Ticket { limiter: self.clone(), client, code: code.map(str::to_string), settled: false })
    }

    fn reserve_at(&self, client: IpAddr, code: Option<&str>, now: Instant) -> Result<(), Refused> {
        let capacity = self.capacity;
        reserve_in(&mut self.book(), capacity, client, code, now)
    }

    fn settle(&self, client: IpAddr, code: Option<&str>, outcome: Outcome, now: Instant) {
        settle_in(&mut self.book(), client, code, outcome, now)
    }

    /// Entries remembered (clients, codes): for tests and figures.
    pub fn remembered(&self) -> (usize, usize) {
        let book = self.book();
        (book.clients.len(), book.codes.len())
    }
}

/// Counts a question in `book`, or refuses it (see [`FactorLimiter::reserve`]).
fn reserve_in(
    book: &mut Book,
    capacity: usize,
    client: IpAddr,
    code: Option<&str>,
    now: Instant,
) -> Result<(), Refused> {
    // Decide everything before changing anything: a refused question counts nowhere.
    if let Some(code) = code {
        let waiting = book.codes.get(code).map(|c| c.next_allowed.filter(|t| *t > now).map(|t| t - now));
        match waiting {
            Some(Some(wait)) => return Err(Refused::Code(wait)),
            Some(None) => {}
            None if !room(&mut book.codes, capacity, &mut book.swept_codes, now, |c| c.forgettable(now)) => {
                return Err(Refused::Busy(FULL_WAIT))
            }
            None => {}
        }
    }
    if !book.clients.contains_key(&client)
        && !room(&mut book.clients, capacity, &mut book.swept_clients, now, |c| c.forgettable(now))
    {
        return Err(Refused::Busy(FULL_WAIT));
    }
    let c = book.clients.entry(client).or_insert_with(|| ClientEntry::new(now));
    if let Some(wait) = c.locked_until.filter(|t| *t > now).map(|t| t - now) {
        return Err(Refused::Address(wait));
    }
    if c.asked.current(now, Duration::from_secs(60)) >= PER_ADDRESS_PER_MINUTE {
        let wait = Duration::from_secs(60).saturating_sub(now.duration_since(c.asked.since));
        return Err(Refused::Address(wait.max(Duration::from_secs(1))));
    }
    if c.failed.current(now, WINDOW) >= ADDRESS_FAILURES {
        let wait = WINDOW.saturating_sub(now.duration_since(c.failed.since));
        return Err(Refused::Address(wait.max(Duration::from_secs(1))));
    }
    c.asked.n += 1;
    c.failed.n += 1;
    c.pending += 1;
    if c.failed.n >= ADDRESS_FAILURES {
        c.locked_until = Some(now + LOCKOUT);
    }
    if let Some(code) = code {
        let e = book.codes.entry(code.to_string()).or_insert(CodeEntry {
            failures: 0,
            last_failure: now,
            next_allowed: None,
            pending: 0,
        });
        if now.duration_since(e.last_failure) >= CODE_MEMORY {
            e.failures = 0;
        }
        e.failures += 1;
        e.pending += 1;
        e.last_failure = now;
        e.next_allowed = delay_after(e.failures).map(|d| now + d);
    }
    Ok(())
}

/// Settles a question counted in `book`.
fn settle_in(book: &mut Book, client: IpAddr, code: Option<&str>, outcome: Outcome, now: Instant) {
    if let Some(c) = book.clients.get_mut(&client) {
        c.pending = c.pending.saturating_sub(1);
        if outcome == Outcome::Right {
            c.failed.n = c.failed.n.saturating_sub(1);
            if c.failed.n < ADDRESS_FAILURES {
                c.locked_until = None;
            }
        }
    }
    let Some(code) = code else { return };
    let Some(e) = book.codes.get_mut(code) else { return };
    e.pending = e.pending.saturating_sub(1);
    match outcome {
        Outcome::Wrong => {}
        // The owner got in: the code's failures are forgiven (questions still in flight keep
        // their own count).
        Outcome::Right => {
            e.failures = e.pending;
            e.next_allowed = delay_after(e.failures).map(|d| now + d);
        }
        // Nothing to protect: the reservation is given back in full.
        Outcome::NoSuchCode => {
            e.failures = e.failures.saturating_sub(1);
            e.next_allowed = delay_after(e.failures).map(|d| now + d);
        }
    }
    if e.failures == 0 && e.pending == 0 {
        book.codes.remove(code);
    }
}

/// The same rules on entries kept in the shared database: each question loads its client's and
/// its code's rows under their locks, decides on them as on the book in memory, and writes them
/// back, in one transaction; so a limit holds across every instance. Times are stored as wall
/// clock milliseconds (the clock instances share) and read back as this process's instants.
mod shared {
    use super::*;
    use crate::store::limits::{self, now_ms};
    use serde::{Deserialize, Serialize};

    struct Clock {
        at: Instant,
        ms: i64,
    }

    impl Clock {
        fn now() -> Clock {
            Clock { at: Instant::now(), ms: now_ms() }
        }

        fn to_ms(&self, t: Instant) -> i64 {
            if t >= self.at {
                self.ms + (t - self.at).as_millis() as i64
            } else {
                self.ms - (self.at - t).as_millis() as i64
            }
        }

        fn from_ms(&self, ms: i64) -> Instant {
            let d = Duration::from_millis(ms.abs_diff(self.ms));
            if ms >= self.ms {
                self.at + d
            } else {
                // Before this process could count (a fresh boot): as early as it can.
                self.at.checked_sub(d).unwrap_or(self.at)
            }
        }
    }

    #[derive(Serialize, Deserialize)]
    struct ClientRow {
        asked_since: i64,
        asked: u32,
        failed_since: i64,
        failed: u32,
        locked_until: Option<i64>,
        pending: u32,
    }

    #[derive(Serialize, Deserialize)]
    struct CodeRow {
        failures: u32,
        last_failure: i64,
        next_allowed: Option<i64>,
        pending: u32,
    }

    fn client_key(client: IpAddr) -> String {
        format!("factor-client:{client}")
    }

    fn code_key(code: &str) -> String {
        format!("factor-code:{code}")
    }

    /// Loads the two rows (the code's first: one order everywhere) into a book.
    fn load(
        c: &mut dyn crate::store::Sql,
        clock: &Clock,
        client: IpAddr,
        code: Option<&str>,
    ) -> Result<Book, crate::store::StoreError> {
        let mut book = Book::default();
        if let Some(code) = code {
            if let Some(r) = limits::load(c, &code_key(code))?.and_then(|v| serde_json::from_str::<CodeRow>(&v).ok()) {
                book.codes.insert(
                    code.to_string(),
                    CodeEntry {
                        failures: r.failures,
                        last_failure: clock.from_ms(r.last_failure),
                        next_allowed: r.next_allowed.map(|t| clock.from_ms(t)),
                        pending: r.pending,
                    },
                );
            }
        }
        if let Some(r) = limits::load(c, &client_key(client))?.and_then(|v| serde_json::from_str::<ClientRow>(&v).ok())
        {
            book.clients.insert(
                client,
                ClientEntry {
                    asked: Count { since: clock.from_ms(r.asked_since), n: r.asked },
                    failed: Count { since: clock.from_ms(r.failed_since), n: r.failed },
                    locked_until: r.locked_until.map(|t| clock.from_ms(t)),
                    pending: r.pending,
                },
            );
        }
        Ok(book)
    }

    /// Writes the book's two entries back (a forgettable one is deleted).
    fn save(
        c: &mut dyn crate::store::Sql,
        clock: &Clock,
        book: &Book,
        client: IpAddr,
        code: Option<&str>,
    ) -> Result<(), crate::store::StoreError> {
        let keep = clock.ms + (WINDOW + LOCKOUT + CODE_MEMORY + MAX_DELAY).as_millis() as i64;
        if let Some(code) = code {
            let row = book.codes.get(code).filter(|e| !e.forgettable(clock.at)).map(|e| CodeRow {
                failures: e.failures,
                last_failure: clock.to_ms(e.last_failure),
                next_allowed: e.next_allowed.map(|t| clock.to_ms(t)),
                pending: e.pending,
            });
            limits::save(c, &code_key(code), row.map(|r| serde_json::to_string(&r).expect("serialisable")), keep)?;
        }
        let row = book.clients.get(&client).filter(|e| !e.forgettable(clock.at)).map(|e| ClientRow {
            asked_since: clock.to_ms(e.asked.since),
            asked: e.asked.n,
            failed_since: clock.to_ms(e.failed.since),
            failed: e.failed.n,
            locked_until: e.locked_until.map(|t| clock.to_ms(t)),
            pending: e.pending,
        });
        limits::save(c, &client_key(client), row.map(|r| serde_json::to_string(&r).expect("serialisable")), keep)
    }

    pub(super) async fn reserve(records: &Records, client: IpAddr, code: Option<String>) -> Result<(), Refused> {
        let answer = records
            .tx(move |c| {
                let clock = Clock::now();
                let mut book = load(c, &clock, client, code.as_deref())?;
                let decided = reserve_in(&mut book, usize::MAX, client, code.as_deref(), clock.at);
                if decided.is_ok() {
                    save(c, &clock, &book, client, code.as_deref())?;
                }
                Ok(decided)
            })
            .await;
        // The database unreachable: nobody's factor is checked (refused, never let through).
        answer.unwrap_or(Err(Refused::Busy(FULL_WAIT)))
    }

    pub(super) async fn settle(records: &Records, client: IpAddr, code: Option<String>, outcome: Outcome) {
        let _ = records
            .tx(move |c| {
                let clock = Clock::now();
                let mut book = load(c, &clock, client, code.as_deref())?;
                settle_in(&mut book, client, code.as_deref(), outcome, clock.at);
                save(c, &clock, &book, client, code.as_deref())?;
                Ok(())
            })
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));
    const CODE: &str = "000.21.12.H23-261127-0001";

    fn ip(i: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0000 + i))
    }

    /// One question answered `outcome` at `now`.
    fn ask(l: &FactorLimiter, from: IpAddr, code: &str, outcome: Outcome, now: Instant) -> Result<(), Refused> {
        l.reserve_at(from, Some(code), now)?;
        l.settle(from, Some(code), outcome, now);
        Ok(())
    }

    #[test]
    fn questions_in_flight_at_once_never_check_more_than_the_free_failures() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        // 400 questions from 20 clients, all counted before any is answered.
        let admitted = (0..400u32).filter(|i| l.reserve_at(ip(i % 20), Some(CODE), now).is_ok()).count();
        assert_eq!(admitted as u32, CODE_FAILURES);
        for i in 0..CODE_FAILURES {
            l.settle(ip(i % 20), Some(CODE), Outcome::Wrong, now);
        }
        // Even the right factor waits: nothing is checked for the code until its delay is over.
        assert_eq!(l.reserve_at(ip(99), Some(CODE), now), Err(Refused::Code(FIRST_DELAY)));
    }

    #[test]
    fn a_code_is_slowed_by_growing_delays_and_its_owner_gets_in_after_the_wait() {
        let l = FactorLimiter::default();
        let mut now = Instant::now();
        for i in 0..CODE_FAILURES {
            ask(&l, ip(i), CODE, Outcome::Wrong, now).unwrap();
        }
        let mut waits = Vec::new();
        for i in 0..7 {
            let Err(Refused::Code(wait)) = l.reserve_at(ip(50 + i), Some(CODE), now) else { panic!("not slowed") };
            waits.push(wait.as_secs() / 60);
            now += wait;
            ask(&l, ip(50 + i), CODE, Outcome::Wrong, now).unwrap();
        }
        assert_eq!(waits, [1, 2, 4, 8, 15, 15, 15], "minutes, doubling up to the ceiling");
        // The owner, after the wait: in, and the code is forgiven.
        now += MAX_DELAY;
        ask(&l, B, CODE, Outcome::Right, now).unwrap();
        assert!(ask(&l, B, CODE, Outcome::Wrong, now).is_ok());
        assert_eq!(l.book().codes[CODE].failures, 1);
    }

    #[test]
    fn codes_not_yet_issued_cannot_be_slowed_or_remembered() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for i in 0..250u32 {
            let future = format!("000.21.12.H23-261208-{:04}", i % 50);
            let _ = ask(&l, ip(i), &future, Outcome::NoSuchCode, now);
        }
        assert_eq!(l.remembered().1, 0, "no code state for codes nobody holds");
        // Tomorrow's first citizen is answered at once.
        assert!(l.reserve_at(ip(1000), Some("000.21.12.H23-261208-0001"), now).is_ok());
    }

    #[test]
    fn a_client_is_limited_per_minute_and_locked_after_many_failures() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        // Twenty codes nobody holds, wrong each time: the client's failures, not the codes'.
        for i in 0..ADDRESS_FAILURES {
            ask(&l, A, &format!("000.21.12.H23-261127-{i:04}"), Outcome::NoSuchCode, now).unwrap();
        }
        assert!(matches!(l.reserve_at(A, Some(CODE), now), Err(Refused::Address(_))));
        assert!(l.reserve_at(B, Some(CODE), now).is_ok(), "another client is not affected");
        let later = now + LOCKOUT + WINDOW;
        assert!(l.reserve_at(A, Some(CODE), later).is_ok(), "the lock ends");
        // Asking is limited even when every answer is right.
        let l = FactorLimiter::default();
        for _ in 0..PER_ADDRESS_PER_MINUTE {
            ask(&l, A, CODE, Outcome::Right, now).unwrap();
        }
        assert!(matches!(l.reserve_at(A, Some(CODE), now), Err(Refused::Address(_))));
    }

    #[test]
    fn the_right_factor_gives_back_what_it_counted() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for _ in 0..CODE_FAILURES - 1 {
            ask(&l, A, CODE, Outcome::Wrong, now).unwrap();
        }
        ask(&l, A, CODE, Outcome::Right, now).unwrap();
        assert_eq!(l.remembered().1, 0);
        assert_eq!(l.book().clients[&A].failed.n, CODE_FAILURES - 1, "the client's wrong ones stay");
    }

    #[test]
    fn a_flood_of_other_entries_never_evicts_a_slowed_code_or_a_locked_client() {
        let l = FactorLimiter::default();
        let now = Instant::now();
        for i in 0..CODE_FAILURES {
            ask(&l, ip(i), CODE, Outcome::Wrong, now).unwrap();
        }
        // Fill the memory with live clients (each just failed), then with live codes.
        let mut refused_busy = 0;
        for i in 0..(MAX_ENTRIES as u32 + 500) {
            let code = format!("000.21.12.H23-2611{:02}-{:04}", i / 10_000 % 30, i % 10_000);
            match ask(&l, ip(10_000 + i), &code, Outcome::Wrong, now) {
                Ok(()) => {}
                Err(Refused::Busy(_)) => refused_busy += 1,
                Err(e) => panic!("{e:?}"),
            }
        }
        assert!(refused_busy >= 500, "newcomers wait when memory is full: {refused_busy}");
        assert!(matches!(l.reserve_at(ip(77), Some(CODE), now), Err(Refused::Code(_))), "still slowed");
        assert!(l.remembered().0 <= MAX_ENTRIES && l.remembered().1 <= MAX_ENTRIES);
        // Once entries have nothing left to remember, room is made.
        let later = now + CODE_MEMORY + WINDOW;
        assert!(l.reserve_at(ip(2_000_000), Some("000.21.12.H23-261201-0001"), later).is_ok());
    }

    #[tokio::test]
    async fn an_unsettled_ticket_stays_a_failure() {
        let l = FactorLimiter::default();
        for _ in 0..CODE_FAILURES {
            drop(l.reserve(A, Some(CODE)).await.unwrap());
        }
        assert!(matches!(l.reserve(B, Some(CODE)).await, Err(Refused::Code(_))));
    }
}
