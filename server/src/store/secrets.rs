//! The `settings` table of the records: random secrets made on first use that outlive restarts
//! and are the same for every instance (the salt of clients' quota keys).

use crate::args;
use crate::error::AppError;
use crate::store::Records;

/// The secret kept under `key`, made (16 random bytes) by the first instance that asks; an
/// instance that races it reads the one that won.
pub async fn secret(records: &Records, key: &str) -> Result<Vec<u8>, AppError> {
    let mut fresh = [0u8; 16];
    getrandom::fill(&mut fresh).map_err(|e| {
        tracing::error!(error = %e, "no system randomness");
        AppError::internal()
    })?;
    let key = key.to_string();
    let stored = records
        .tx(move |sql| {
            sql.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                args![&key, hex::encode(fresh)],
            )?;
            Ok(sql.query_one("SELECT value FROM settings WHERE key = ?1", args![&key])?.text(0)?)
        })
        .await?;
    hex::decode(stored).map_err(|_| AppError::internal())
}

/// Moving an installation: the secret under `key` in `from` goes to `to`, unless `to` has one.
pub async fn copy(from: &Records, to: &Records, key: &str) -> Result<(), AppError> {
    let k = key.to_string();
    let stored = from
        .read(move |sql| {
            Ok(sql.query_opt("SELECT value FROM settings WHERE key = ?1", args![&k])?.map(|r| r.text(0)).transpose()?)
        })
        .await?;
    let Some(value) = stored else { return Ok(()) };
    let key = key.to_string();
    to.tx(move |sql| {
        sql.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
            args![key, value],
        )?;
        Ok(())
    })
    .await
}
