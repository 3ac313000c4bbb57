//! The limits an operator may change: connections, timeouts, quotas, expiry, HSTS. Each has a
//! command-line flag and an environment variable (`motcua-server --help`); the defaults suit one
//! province's reference server behind no proxy.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Where uploaded files go: `None` for `<data>/uploads`, or `s3://bucket` (the AWS_*
    /// variables say where and as whom).
    pub object_store: Option<String>,
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
    /// A connection whose bodies make no progress for this long is closed: dropped when a
    /// request is in flight (a stalled body, a client that stopped reading or keeps a zero
    /// HTTP/2 window), closed gracefully when none is (see `serve::activity`).
    pub idle_timeout: Duration,
    /// A connection older than this is closed gracefully (its requests in flight get a minute
    /// more): nobody holds a place for ever by trickling bytes.
    pub max_connection_age: Duration,
    /// Bytes of the uploads from one client (an IPv4 address or an IPv6 /64) that no dossier
    /// holds yet, finished or not (an unfinished one counts its declared length).
    pub upload_bytes_per_address: u64,
    /// Unfinished uploads from one client.
    pub unfinished_uploads_per_address: u64,
    /// Free disk space the uploads never eat into. Only bytes written count: a declared length is
    /// a promise, not a use, so declarations cannot fill the disk for everyone; a write that would
    /// go below it stops there (507).
    pub disk_reserve_bytes: u64,
    /// An upload that has received no byte is kept this long after its creation (asking for its
    /// offset does not keep it): a declaration costs nothing for long.
    pub empty_expiry: Duration,
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
    /// Dossiers one client may file in an hour (a burst of [`crate::rate::DOSSIER_BURST`] at once):
    /// a commune's kiosk files a few dozen a day, a script thousands.
    pub dossiers_per_hour_per_address: u32,
    /// The files of a dossier that ended (result handed over, refused, stopped) are deleted this
    /// long after its last event; its record keeps each file's name, size and SHA-256.
    pub dossier_files_retention: Duration,
    /// Clients, and dossier codes, the second-factor limiter remembers at most (see `factor`).
    pub limiter_entries: usize,
    /// Send `Strict-Transport-Security` (on by default with `--tls-cert`; behind a proxy that
    /// terminates TLS, `--hsts`).
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
            object_store: None,
            max_connections: 4096,
            max_connections_per_address: 512,
            header_timeout: Duration::from_secs(15),
            max_streams_per_connection: 100,
            idle_timeout: Duration::from_secs(60),
            max_connection_age: Duration::from_secs(600),
            upload_bytes_per_address: 512 * 1024 * 1024,
            unfinished_uploads_per_address: 100,
            disk_reserve_bytes: 1024 * 1024 * 1024,
            empty_expiry: Duration::from_secs(10 * 60),
            unfinished_expiry: Duration::from_secs(24 * 3600),
            finished_expiry: Duration::from_secs(7 * 24 * 3600),
            orphan_grace: Duration::from_secs(3600),
            sweep_every: Duration::from_secs(600),
            concurrent_checks: 4,
            dossiers_per_hour_per_address: 60,
            dossier_files_retention: Duration::from_secs(180 * 24 * 3600),
            limiter_entries: crate::factor::MAX_ENTRIES,
            hsts: false,
            clock_offset: chrono::TimeDelta::zero(),
        }
    }
}
