//! The `limits` table (PostgreSQL only): what the per-client and per-code limiters remember,
//! shared by every instance. One row per client or code, its state as JSON, read and written
//! under the key's advisory lock in the transaction that decides ([`crate::factor`],
//! [`crate::rate`]); `until` says when the row has nothing left to remember.

use crate::args;
use crate::store::{Sql, StoreError};

/// Milliseconds since 1970: the one clock instances share.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The row of `key`, locked until the transaction ends.
pub fn load(c: &mut dyn Sql, key: &str) -> Result<Option<String>, StoreError> {
    c.lock(&format!("limit:{key}"))?;
    c.query_opt("SELECT value FROM limits WHERE key = ?1", args![key])?.map(|r| r.text(0)).transpose()
}

/// Keeps `value` for `key` until `until` (ms), or forgets the key when `value` is `None`.
pub fn save(c: &mut dyn Sql, key: &str, value: Option<String>, until: i64) -> Result<(), StoreError> {
    match value {
        Some(v) => c.execute(
            "INSERT INTO limits (key, value, until) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, until = excluded.until",
            args![key, v, until],
        )?,
        None => c.execute("DELETE FROM limits WHERE key = ?1", args![key])?,
    };
    Ok(())
}

/// Forgets rows with nothing left to remember.
pub fn sweep(c: &mut dyn Sql) -> Result<u64, StoreError> {
    c.execute("DELETE FROM limits WHERE until < ?1", args![now_ms()])
}
