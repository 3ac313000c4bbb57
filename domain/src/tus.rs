//! The parts of the tus 1.0 resumable upload protocol that are plain data: metadata encoding,
//! chunk sizes, and how long to wait before the next try. The app's client sends them.

/// Milliseconds since the epoch of an HTTP date (`Upload-Expires: Wed, 25 Jun 2026 16:00:00 GMT`).
/// Only the one form HTTP servers send (IMF-fixdate); read by hand, because chrono's RFC 2822
/// parser would add several KiB to the app's wasm.
pub fn http_date_ms(value: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = value.trim().split(' ');
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let mut hms = time.split(':').map(|n| n.parse::<u32>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    let date = chrono::NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?;
    Some(date.and_hms_opt(h, m, s)?.and_utc().timestamp_millis())
}

/// `Tus-Resumable` of every request.
pub const VERSION: &str = "1.0.0";

/// Bytes per PATCH on a steady link. Large, because the server keeps what arrived of a PATCH cut
/// off mid-way (the checksum covers the whole file, not each chunk), and each request costs a
/// round trip; progress within a chunk comes from the browser's upload events.
pub const CHUNK: u64 = 4 * 1024 * 1024;
/// Bytes per PATCH after a connection broke: a link that keeps breaking gets answers (and
/// offsets) more often.
pub const SMALL_CHUNK: u64 = 2 * 1024 * 1024;
/// Chunks in a row that must arrive before the size doubles again.
pub const GROW_AFTER: u32 = 4;

/// The chunk size to use next, and the run of successes behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pace {
    pub chunk: u64,
    pub streak: u32,
}

impl Default for Pace {
    fn default() -> Self {
        Pace { chunk: CHUNK, streak: 0 }
    }
}

impl Pace {
    /// A chunk arrived: after [`GROW_AFTER`] in a row, double (up to [`CHUNK`]).
    pub fn arrived(self) -> Pace {
        if self.streak + 1 >= GROW_AFTER {
            Pace { chunk: (self.chunk * 2).min(CHUNK), streak: 0 }
        } else {
            Pace { streak: self.streak + 1, ..self }
        }
    }

    /// The connection broke mid-chunk: drop to [`SMALL_CHUNK`].
    pub fn broke(self) -> Pace {
        Pace { chunk: SMALL_CHUNK.min(self.chunk), streak: 0 }
    }
}

/// Tries before a file is marked failed (the citizen can retry it).
pub const MAX_ATTEMPTS: u32 = 12;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as `Upload-Metadata` requires.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
pub fn metadata(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k} {}", base64(v.as_bytes()))).collect::<Vec<_>>().join(",")
}

/// Milliseconds to wait after `failures` tries in a row that moved nothing (1 = the first), while
/// the browser says it is online: the first retry goes at once (a reset on a flaky mobile link is
/// normal, and waiting only wastes the link), the second after a moment (the server may still be
/// closing the broken request, which holds the upload), and only a run of failures backs off.
pub fn retry_delay_ms(failures: u32, jitter: f64) -> u32 {
    match failures {
        0 | 1 => 0,
        2 => 250,
        n => backoff_ms(n - 2, jitter),
    }
}

/// Milliseconds to wait before try `attempt` (1 = the first retry): doubling from 1 s, at most
/// 30 s, with `jitter` (0..1) spreading clients that lost the network together.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    let base = 1000u32.saturating_mul(1 << attempt.saturating_sub(1).min(5)).min(30_000);
    base / 2 + (base as f64 / 2.0 * jitter.clamp(0.0, 1.0)) as u32
}

/// The byte range of the next PATCH from `offset` of a file of `length` bytes.
pub fn next_chunk(offset: u64, length: u64, chunk: u64) -> (u64, u64) {
    (offset, (offset + chunk.max(1)).min(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn metadata_encodes_each_value() {
        assert_eq!(metadata(&[("filename", "giấy.pdf"), ("draft", "d1")]), "filename Z2nhuqV5LnBkZg==,draft ZDE=");
    }

    #[test]
    fn a_reset_is_retried_at_once_and_only_a_run_of_failures_backs_off() {
        assert_eq!(retry_delay_ms(1, 1.0), 0);
        assert_eq!(retry_delay_ms(2, 1.0), 250);
        assert_eq!(retry_delay_ms(3, 0.0), 500);
        assert_eq!(retry_delay_ms(5, 1.0), 4000);
        assert_eq!(retry_delay_ms(40, 1.0), 30_000);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 0.0), 500);
        assert_eq!(backoff_ms(1, 1.0), 1000);
        assert_eq!(backoff_ms(3, 1.0), 4000);
        assert_eq!(backoff_ms(20, 1.0), 30_000);
        assert!(backoff_ms(20, 0.0) >= 15_000);
    }

    #[test]
    fn expiry_dates_are_read_as_the_server_writes_them() {
        assert_eq!(http_date_ms("Sun, 06 Dec 2026 08:49:37 GMT"), Some(1_796_546_977_000));
        assert_eq!(http_date_ms("tomorrow"), None);
        assert_eq!(http_date_ms("Sun, 06 Dec 2026 08:49:37 UTC"), None);
        assert_eq!(http_date_ms("Sun, 31 Feb 2026 08:49:37 GMT"), None);
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:01 GMT"), Some(1000));
    }

    #[test]
    fn chunks_end_at_the_file_end() {
        assert_eq!(next_chunk(0, 10, CHUNK), (0, 10));
        assert_eq!(next_chunk(0, 2 * CHUNK + 1, CHUNK), (0, CHUNK));
        assert_eq!(next_chunk(2 * CHUNK, 2 * CHUNK + 1, CHUNK), (2 * CHUNK, 2 * CHUNK + 1));
    }

    #[test]
    fn chunks_shrink_when_the_link_breaks_and_grow_back_when_it_holds() {
        let mut pace = Pace::default().broke();
        assert_eq!(pace.chunk, SMALL_CHUNK);
        for _ in 0..GROW_AFTER - 1 {
            pace = pace.arrived();
        }
        assert_eq!(pace.chunk, SMALL_CHUNK, "not before a full run");
        pace = pace.arrived();
        assert_eq!(pace.chunk, 2 * SMALL_CHUNK);
        for _ in 0..10 * GROW_AFTER {
            pace = pace.arrived();
        }
        assert_eq!(pace.chunk, CHUNK, "never above the steady size");
        assert_eq!(pace.broke().chunk, SMALL_CHUNK);
    }
}
