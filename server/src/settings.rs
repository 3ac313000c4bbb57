//! The limits an operator may change: connections, timeouts, quotas, expiry, HSTS. Each has a
//! command-line flag and an environment variable (`motcua-server --help`); the defaults suit one
//! province's reference server behind no proxy.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Open connections in total; past it a new connection is closed at once.
    pub max_connections: usize,
    /// Open connections from one address. A commune office puts dozens of citizens (a browser
    /// opens up to six connections each) behind one public address.
    pub max_connections_per_address: usize,
    /// A request's headers must arrive within this (also between requests on a kept-alive
    /// connection).
    pub header_timeout: Duration,
    /// Requests at once on one HTTP/2 connection (over TLS; a browser multiplexes a page's
    /// files on one connection).
    pub max_streams_per_connection: u32,
    /// A connection on which nothing is read or written for this long is closed (a stalled body,
    /// a client that stopped reading).
    pub idle_timeout: Duration,
    /// Bytes declared by unfinished uploads from one client address.
    pub unfinished_bytes_per_address: u64,
    /// Unfinished uploads from one client address.
    pub unfinished_uploads_per_address: u64,
    /// Free disk space the uploads never eat into (declared bytes not yet written count as used).
    pub disk_reserve_bytes: u64,
    /// An unfinished upload is kept this long after it was last written to.
    pub unfinished_expiry: Duration,
    /// A finished upload not yet in a dossier is kept this long after it finished.
    pub finished_expiry: Duration,
    /// A file in the uploads folder that no upload names is removed when older than this.
    pub orphan_grace: Duration,
    /// How often expired uploads and orphan files are swept.
    pub sweep_every: Duration,
    /// Finished uploads checked at once (hashing is done while writing; this bounds the rest).
    pub concurrent_checks: usize,
    /// Send `Strict-Transport-Security`: only when the app is served over HTTPS.
    pub hsts: bool,
    /// Added to the wall clock for dossiers' dates (receipts, appointments): zero in service;
    /// demos and end-to-end tests set it (`--pretend-now`) to file on a chosen Sunday evening.
    pub clock_offset: chrono::TimeDelta,
}

impl Settings {
    /// The time dossiers are dated with, in UTC.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + self.clock_offset
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_connections: 4096,
            max_connections_per_address: 512,
            header_timeout: Duration::from_secs(15),
            max_streams_per_connection: 100,
            idle_timeout: Duration::from_secs(60),
            unfinished_bytes_per_address: 2 * 1024 * 1024 * 1024,
            unfinished_uploads_per_address: 500,
            disk_reserve_bytes: 1024 * 1024 * 1024,
            unfinished_expiry: Duration::from_secs(24 * 3600),
            finished_expiry: Duration::from_secs(7 * 24 * 3600),
            orphan_grace: Duration::from_secs(3600),
            sweep_every: Duration::from_secs(600),
            concurrent_checks: 4,
            hsts: false,
            clock_offset: chrono::TimeDelta::zero(),
        }
    }
}
