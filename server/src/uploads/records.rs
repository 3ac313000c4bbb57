//! The rows of uploads in the database: every SQL statement about uploads outside a dossier's
//! own transaction.

use std::time::Duration;

use chrono::{DateTime, Utc};
use motcua_domain::files::FileType;
use rusqlite::{params, OptionalExtension};

use super::digest::Saved;
use super::protocol::valid_id;
use crate::db::{enum_str, json_from, Db};
use crate::error::AppError;

/// The stored row of an upload.
pub struct Row {
    pub length: u64,
    pub requirement_id: String,
    pub complete: bool,
    /// The whole file's SHA-256 (hex) the client declared at creation.
    pub expected_sha256: Option<String>,
    pub saved: Saved,
    pub file_type: Option<FileType>,
    pub sha256: Option<String>,
}

pub fn later(d: Duration) -> String {
    (Utc::now() + chrono::Duration::from_std(d).unwrap_or_default()).to_rfc3339()
}

pub fn earlier(d: Duration) -> String {
    (Utc::now() - chrono::Duration::from_std(d).unwrap_or_default()).to_rfc3339()
}

const ROW: &str = "SELECT length, requirement_id, state, NULL, expected_sha256, hash_state, hashed_len,
        encrypt_marker, file_type, sha256 FROM uploads";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        length: r.get::<_, i64>(0)? as u64,
        requirement_id: r.get(1)?,
        complete: r.get::<_, String>(2)? == "complete",
        expected_sha256: r.get(4)?,
        saved: Saved { state: r.get(5)?, hashed: r.get::<_, i64>(6)? as u64, encrypt_marker: r.get(7)? },
        file_type: r.get::<_, Option<String>>(8)?.and_then(|t| json_from(&format!("\"{t}\"")).ok()),
        sha256: r.get(9)?,
    })
}

/// The upload `id` of the draft `key`, unless it expired; `None` for any other draft.
pub async fn of_draft(db: &Db, id: &str, key: &str) -> Result<Option<Row>, AppError> {
    if !valid_id(id) {
        return Ok(None);
    }
    let (id, key, now) = (id.to_string(), key.to_string(), Utc::now().to_rfc3339());
    Ok(db
        .call(move |c| {
            c.query_row(
                &format!("{ROW} WHERE id = ?1 AND draft = ?2 AND (dossier_code IS NOT NULL OR expires_at > ?3)"),
                params![id, key, now],
                read_row,
            )
            .optional()
        })
        .await?)
}

/// Keeps an upload no dossier holds for another full period from now (`finished` once complete,
/// `unfinished` before, if it has received bytes: one that has none keeps its short time): its
/// draft's device is still there. Returns the expiry, or `None` when the upload is in a dossier
/// (no expiry) or unknown.
pub async fn extend(
    db: &Db,
    id: &str,
    finished: Duration,
    unfinished: Duration,
    has_bytes: bool,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let (id, finished, unfinished) = (id.to_string(), later(finished), later(unfinished));
    let stored: Option<String> = db
        .call(move |c| {
            c.query_row(
                "UPDATE uploads SET expires_at = CASE WHEN state = 'complete' THEN ?2 WHEN ?4 THEN ?3
                    ELSE expires_at END
                 WHERE id = ?1 AND dossier_code IS NULL RETURNING expires_at",
                params![id, finished, unfinished, has_bytes],
                |r| r.get(0),
            )
            .optional()
        })
        .await?;
    Ok(stored.and_then(|s| DateTime::parse_from_rfc3339(&s).ok()).map(|t| t.with_timezone(&Utc)))
}

/// The upload `id` whoever asks (for finishing it).
pub async fn any(db: &Db, id: &str) -> Result<Option<Row>, AppError> {
    let id = id.to_string();
    Ok(db.call(move |c| c.query_row(&format!("{ROW} WHERE id = ?1"), [id], read_row).optional()).await?)
}

/// Accepted types and largest size of a requirement.
pub async fn requirement(db: &Db, id: &str) -> Result<Option<(Vec<FileType>, u64)>, AppError> {
    let id = id.to_string();
    Ok(db
        .call(move |c| {
            c.query_row("SELECT accepted_types, max_bytes FROM requirements WHERE id = ?1", [id], |r| {
                Ok((json_from(&r.get::<_, String>(0)?)?, r.get::<_, i64>(1)? as u64))
            })
            .optional()
        })
        .await?)
}

/// After a PATCH: how far the digest got, and (when it wrote bytes) the upload lives on from now.
pub async fn save_progress(db: &Db, id: &str, saved: Saved, expires: Option<String>) -> Result<(), AppError> {
    let id = id.to_string();
    db.call(move |c| {
        c.execute(
            "UPDATE uploads SET hash_state = ?2, hashed_len = ?3, encrypt_marker = ?4,
                expires_at = COALESCE(?5, expires_at)
             WHERE id = ?1 AND state = 'uploading'",
            params![id, saved.state, saved.hashed as i64, saved.encrypt_marker, expires],
        )
    })
    .await?;
    Ok(())
}

pub async fn mark_complete(db: &Db, id: &str, kind: FileType, sha256: String, expires: String) -> Result<(), AppError> {
    let id = id.to_string();
    db.call(move |c| {
        c.execute(
            "UPDATE uploads SET state = 'complete', file_type = ?2, sha256 = ?3, expires_at = ?4,
                hash_state = NULL, hashed_len = 0 WHERE id = ?1",
            params![id, enum_str(&kind), sha256, expires],
        )
    })
    .await?;
    Ok(())
}

/// Deletes the row unless a dossier holds it, in one statement: of a termination and a
/// submission racing for the same upload, exactly one wins. `Some(true)` deleted, `Some(false)`
/// in a dossier, `None` unknown to this draft.
pub async fn delete_free(db: &Db, id: &str, key: &str) -> Result<Option<bool>, AppError> {
    let (id, key) = (id.to_string(), key.to_string());
    Ok(db
        .call(move |c| {
            let tx = c.transaction()?;
            let deleted = tx.execute(
                "DELETE FROM uploads WHERE id = ?1 AND draft = ?2 AND dossier_code IS NULL",
                params![id, key],
            )?;
            let outcome = if deleted == 1 {
                Some(true)
            } else {
                tx.query_row("SELECT 1 FROM uploads WHERE id = ?1 AND draft = ?2", params![id, key], |_| Ok(()))
                    .optional()?
                    .map(|_| false)
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await?)
}

/// Marks the draft closed (no upload may join it any more) and lists its uploads that no
/// dossier holds, which the caller then terminates.
pub async fn close_draft(db: &Db, key: &str) -> Result<Vec<String>, AppError> {
    let key = key.to_string();
    Ok(db
        .call(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT OR IGNORE INTO closed_drafts (draft, closed_at) VALUES (?1, ?2)",
                params![key, Utc::now().to_rfc3339()],
            )?;
            let ids = {
                let mut stmt = tx.prepare("SELECT id FROM uploads WHERE draft = ?1 AND dossier_code IS NULL")?;
                let rows = stmt.query_map([&key], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
                rows
            };
            tx.commit()?;
            Ok(ids)
        })
        .await?)
}

/// Forgets closed drafts older than `before` (RFC 3339): by then any upload of theirs has expired.
pub async fn forget_closed_drafts(db: &Db, before: String) -> Result<usize, AppError> {
    Ok(db.call(move |c| c.execute("DELETE FROM closed_drafts WHERE closed_at < ?1", [before])).await?)
}

pub async fn delete(db: &Db, id: &str) -> Result<(), AppError> {
    let id = id.to_string();
    db.call(move |c| c.execute("DELETE FROM uploads WHERE id = ?1 AND dossier_code IS NULL", [id])).await?;
    Ok(())
}

/// Unfinished uploads whose file may hold every byte (finished at start-up).
pub async fn unfinished(db: &Db) -> Result<Vec<(String, u64)>, AppError> {
    Ok(db
        .call(|c| {
            let mut stmt = c.prepare("SELECT id, length FROM uploads WHERE state = 'uploading'")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?.collect();
            rows
        })
        .await?)
}

/// Of `ids`, those of `draft` not yet finished, with their lengths.
pub async fn unfinished_of(db: &Db, ids: Vec<String>, draft: &str) -> Result<Vec<(String, u64)>, AppError> {
    let draft = draft.to_string();
    Ok(db
        .call(move |c| {
            let mut stmt =
                c.prepare("SELECT length FROM uploads WHERE id = ?1 AND draft = ?2 AND state = 'uploading'")?;
            let mut out = Vec::new();
            for id in ids {
                if let Some(len) = stmt.query_row(params![id, draft], |r| r.get::<_, i64>(0)).optional()? {
                    out.push((id, len as u64));
                }
            }
            Ok(out)
        })
        .await?)
}

/// What a new upload must fit in: bytes of its draft, bytes of its client's uploads no dossier
/// holds (finished or not), and its client's unfinished uploads.
pub struct Usage {
    pub draft_bytes: u64,
    pub client_bytes: u64,
    pub client_uploads: u64,
}

pub struct NewUpload {
    pub id: String,
    pub requirement_id: String,
    pub draft: String,
    pub client: String,
    pub length: u64,
    pub file_name: String,
    pub expires: DateTime<Utc>,
    pub expected_sha256: Option<String>,
}

/// Inserts the row if `fits` agrees with the usage it sees and the draft is not closed, in one
/// transaction: `Ok(true)` inserted, `Ok(false)` the draft was closed.
pub async fn insert_if<E: Send + 'static>(
    db: &Db,
    new: NewUpload,
    fits: impl FnOnce(&Usage) -> Result<(), E> + Send + 'static,
) -> Result<Result<bool, E>, AppError> {
    Ok(db
        .call(move |c| {
            let tx = c.transaction()?;
            let now = Utc::now().to_rfc3339();
            let sum = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<u64> {
                tx.query_row(sql, p, |r| r.get::<_, i64>(0)).map(|v| v as u64)
            };
            let usage = Usage {
                draft_bytes: sum(
                    "SELECT COALESCE(SUM(length), 0) FROM uploads WHERE draft = ?1 AND dossier_code IS NULL",
                    &[&new.draft],
                )?,
                client_bytes: sum(
                    "SELECT COALESCE(SUM(length), 0) FROM uploads WHERE client = ?1 AND dossier_code IS NULL
                     AND expires_at > ?2",
                    &[&new.client, &now],
                )?,
                client_uploads: sum(
                    "SELECT COUNT(*) FROM uploads WHERE client = ?1 AND state = 'uploading' AND expires_at > ?2",
                    &[&new.client, &now],
                )?,
            };
            if let Err(e) = fits(&usage) {
                return Ok(Err(e));
            }
            // Re-checked inside the transaction: a draft closed while this request was on its way.
            let closed: Option<i64> =
                tx.query_row("SELECT 1 FROM closed_drafts WHERE draft = ?1", [&new.draft], |r| r.get(0)).optional()?;
            if closed.is_some() {
                return Ok(Ok(false));
            }
            tx.execute(
                "INSERT INTO uploads (id, requirement_id, draft, length, file_name, state, created_at, expires_at,
                    expected_sha256, client)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'uploading', ?6, ?7, ?8, ?9)",
                params![
                    new.id,
                    new.requirement_id,
                    new.draft,
                    new.length as i64,
                    new.file_name,
                    now,
                    new.expires.to_rfc3339(),
                    new.expected_sha256,
                    new.client
                ],
            )?;
            tx.commit()?;
            Ok(Ok(true))
        })
        .await?)
}

/// Deletes uploads no dossier holds whose time is up, and returns their ids (files are the
/// caller's). Those `busy` says are being written are left for the next sweep.
pub async fn expire(db: &Db, busy: impl Fn(&str) -> bool + Send + 'static) -> Result<Vec<String>, AppError> {
    let now = Utc::now().to_rfc3339();
    Ok(db
        .call(move |c| {
            let tx = c.transaction()?;
            let ids: Vec<String> = {
                let mut stmt = tx.prepare("SELECT id FROM uploads WHERE dossier_code IS NULL AND expires_at <= ?1")?;
                let ids = stmt.query_map([&now], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                ids.into_iter().filter(|id| !busy(id)).collect()
            };
            for id in &ids {
                tx.execute("DELETE FROM uploads WHERE id = ?1", [id])?;
            }
            tx.commit()?;
            Ok(ids)
        })
        .await?)
}

/// Up to `limit` files of dossiers that ended (refused, stopped, result handed over) with their
/// last event before `cutoff` (RFC 3339, Vietnam time), not yet deleted.
pub async fn ended_dossier_files(db: &Db, cutoff: String, limit: u32) -> Result<Vec<String>, AppError> {
    use motcua_domain::dossier::DossierStatus::{Refused, Returned, Stopped};
    let ended = [Refused.number(), Stopped.number(), Returned.number()];
    Ok(db
        .call(move |c| {
            let mut stmt = c.prepare(
                "SELECT u.id FROM uploads u JOIN dossiers d ON d.code = u.dossier_code
                 WHERE u.purged_at IS NULL AND d.status IN (?1, ?2, ?3)
                   AND (SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier_code = d.code) < ?4
                 LIMIT ?5",
            )?;
            let ids = stmt
                .query_map(params![ended[0], ended[1], ended[2], cutoff, limit], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
        .await?)
}

/// The file of a dossier's upload was deleted (the row keeps its name, size and SHA-256).
pub async fn mark_purged(db: &Db, id: &str) -> Result<(), AppError> {
    let (id, now) = (id.to_string(), Utc::now().to_rfc3339());
    db.call(move |c| c.execute("UPDATE uploads SET purged_at = ?2 WHERE id = ?1", params![id, now])).await?;
    Ok(())
}

/// Of `ids`, those no row names.
pub async fn unknown(db: &Db, ids: Vec<String>) -> Result<Vec<String>, AppError> {
    Ok(db
        .call(move |c| {
            let mut stmt = c.prepare("SELECT EXISTS (SELECT 1 FROM uploads WHERE id = ?1)")?;
            let mut out = Vec::new();
            for id in ids {
                if !stmt.query_row([&id], |r| r.get::<_, bool>(0))? {
                    out.push(id);
                }
            }
            Ok(out)
        })
        .await?)
}
