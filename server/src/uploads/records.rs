//! The `uploads` and `closed_drafts` tables: every SQL statement about them (a dossier's
//! submission attaches uploads through [`attach`], in its own transaction), written once for
//! both engines ([`crate::store`]).

use std::time::Duration;

use chrono::{DateTime, Utc};
use motcua_domain::files::FileType;

use super::digest::Saved;
use super::protocol::valid_id;
use crate::args;
use crate::db::{enum_str, json_from};
use crate::error::AppError;
use crate::store::{Records, Row as SqlRow, Sql, StoreError};

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
    /// What object storage holds of it ([`super::store`]; `None` in a folder).
    pub blob: Option<String>,
}

pub fn later(d: Duration) -> String {
    (Utc::now() + chrono::Duration::from_std(d).unwrap_or_default()).to_rfc3339()
}

pub fn earlier(d: Duration) -> String {
    (Utc::now() - chrono::Duration::from_std(d).unwrap_or_default()).to_rfc3339()
}

const ROW: &str = "SELECT length, requirement_id, state, expected_sha256, hash_state, hashed_len,
        encrypt_marker, file_type, sha256, blob_state FROM uploads";

fn read_row(r: &SqlRow) -> Result<Row, StoreError> {
    Ok(Row {
        length: r.int(0)? as u64,
        requirement_id: r.text(1)?,
        complete: r.text(2)? == "complete",
        expected_sha256: r.opt_text(3)?,
        saved: Saved { state: r.opt_text(4)?, hashed: r.int(5)? as u64, encrypt_marker: r.bool(6)? },
        file_type: r.opt_text(7)?.and_then(|t| json_from(&format!("\"{t}\"")).ok()),
        sha256: r.opt_text(8)?,
        blob: r.opt_text(9)?,
    })
}

/// The upload `id` of the draft `key`, unless it expired; `None` for any other draft.
pub async fn of_draft(db: &Records, id: &str, key: &str) -> Result<Option<Row>, AppError> {
    if !valid_id(id) {
        return Ok(None);
    }
    let (id, key, now) = (id.to_string(), key.to_string(), Utc::now().to_rfc3339());
    db.tx(move |c| {
        let row = c.query_opt(
            &format!("{ROW} WHERE id = ?1 AND draft = ?2 AND (dossier_code IS NOT NULL OR expires_at > ?3)"),
            args![id, key, now],
        )?;
        Ok(row.as_ref().map(read_row).transpose()?)
    })
    .await
}

/// Keeps an upload no dossier holds for another full period from now (`finished` once complete,
/// `unfinished` before, if it has received bytes: one that has none keeps its short time): its
/// draft's device is still there. Returns the expiry, or `None` when the upload is in a dossier
/// (no expiry) or unknown.
pub async fn extend(
    db: &Records,
    id: &str,
    finished: Duration,
    unfinished: Duration,
    has_bytes: bool,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let (id, finished, unfinished) = (id.to_string(), later(finished), later(unfinished));
    let stored: Option<String> = db
        .tx(move |c| {
            let row = c.query_opt(
                "UPDATE uploads SET expires_at = CASE WHEN state = 'complete' THEN ?2 WHEN ?4 = 1 THEN ?3
                    ELSE expires_at END
                 WHERE id = ?1 AND dossier_code IS NULL RETURNING expires_at",
                args![id, finished, unfinished, has_bytes],
            )?;
            Ok(row.map(|r| r.text(0)).transpose()?)
        })
        .await?;
    Ok(stored.and_then(|s| DateTime::parse_from_rfc3339(&s).ok()).map(|t| t.with_timezone(&Utc)))
}

/// The upload `id` whoever asks (for finishing it).
pub async fn any(db: &Records, id: &str) -> Result<Option<Row>, AppError> {
    let id = id.to_string();
    db.tx(move |c| Ok(c.query_opt(&format!("{ROW} WHERE id = ?1"), args![id])?.as_ref().map(read_row).transpose()?))
        .await
}

/// After a PATCH: how far the digest got and what the store holds (`blob`), in one statement,
/// and (when it wrote bytes) the upload lives on from now.
pub async fn save_progress(
    db: &Records,
    id: &str,
    saved: Saved,
    expires: Option<String>,
    blob: Option<String>,
) -> Result<(), AppError> {
    let id = id.to_string();
    db.tx(move |c| {
        c.execute(
            "UPDATE uploads SET hash_state = ?2, hashed_len = ?3, encrypt_marker = ?4,
                expires_at = COALESCE(?5, expires_at), blob_state = ?6
             WHERE id = ?1 AND state = 'uploading'",
            args![id, saved.state, saved.hashed, saved.encrypt_marker, expires, blob],
        )?;
        Ok(())
    })
    .await
}

pub async fn mark_complete(
    db: &Records,
    id: &str,
    kind: FileType,
    sha256: String,
    expires: String,
) -> Result<(), AppError> {
    let id = id.to_string();
    db.tx(move |c| {
        c.execute(
            "UPDATE uploads SET state = 'complete', file_type = ?2, sha256 = ?3, expires_at = ?4,
                hash_state = NULL, hashed_len = 0 WHERE id = ?1",
            args![id, enum_str(&kind), sha256, expires],
        )?;
        Ok(())
    })
    .await
}

/// Deletes the row unless a dossier holds it, in one statement: of a termination and a
/// submission racing for the same upload, exactly one wins. `Some(true)` deleted, `Some(false)`
/// in a dossier, `None` unknown to this draft.
pub async fn delete_free(db: &Records, id: &str, key: &str) -> Result<Option<bool>, AppError> {
    let (id, key) = (id.to_string(), key.to_string());
    db.tx(move |c| {
        let deleted =
            c.execute("DELETE FROM uploads WHERE id = ?1 AND draft = ?2 AND dossier_code IS NULL", args![&id, &key])?;
        Ok(if deleted == 1 {
            Some(true)
        } else {
            c.query_opt("SELECT 1 FROM uploads WHERE id = ?1 AND draft = ?2", args![id, key])?.map(|_| false)
        })
    })
    .await
}

/// Marks the draft closed (no upload may join it any more) and lists its uploads that no
/// dossier holds, which the caller then terminates.
pub async fn close_draft(db: &Records, key: &str) -> Result<Vec<String>, AppError> {
    let key = key.to_string();
    db.tx(move |c| {
        // Taken by uploads joining this draft too: a creation either sees the draft closed or
        // is listed here.
        c.lock(&format!("draft:{key}"))?;
        c.execute(
            "INSERT INTO closed_drafts (draft, closed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            args![&key, Utc::now().to_rfc3339()],
        )?;
        let rows = c.query("SELECT id FROM uploads WHERE draft = ?1 AND dossier_code IS NULL", args![key])?;
        Ok(rows.iter().map(|r| r.text(0)).collect::<Result<Vec<_>, _>>()?)
    })
    .await
}

/// Forgets closed drafts older than `before` (RFC 3339): by then any upload of theirs has expired.
pub async fn forget_closed_drafts(db: &Records, before: String) -> Result<usize, AppError> {
    db.tx(move |c| Ok(c.execute("DELETE FROM closed_drafts WHERE closed_at < ?1", args![before])? as usize)).await
}

pub async fn delete(db: &Records, id: &str) -> Result<(), AppError> {
    let id = id.to_string();
    db.tx(move |c| {
        c.execute("DELETE FROM uploads WHERE id = ?1 AND dossier_code IS NULL", args![id])?;
        Ok(())
    })
    .await
}

/// An unfinished upload: its id, declared length and what the store holds.
pub type Unfinished = (String, u64, Option<String>);

/// Unfinished uploads whose bytes may all be there (finished at start-up).
pub async fn unfinished(db: &Records) -> Result<Vec<Unfinished>, AppError> {
    db.tx(|c| {
        let rows = c.query("SELECT id, length, blob_state FROM uploads WHERE state = 'uploading'", &[])?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.text(0)?, r.int(1)? as u64, r.opt_text(2)?)))
            .collect::<Result<Vec<_>, StoreError>>()?)
    })
    .await
}

/// Of `ids`, those of `draft` not yet finished.
pub async fn unfinished_of(db: &Records, ids: Vec<String>, draft: &str) -> Result<Vec<Unfinished>, AppError> {
    let draft = draft.to_string();
    db.tx(move |c| {
        let mut out = Vec::new();
        for id in ids {
            let row = c.query_opt(
                "SELECT length, blob_state FROM uploads WHERE id = ?1 AND draft = ?2 AND state = 'uploading'",
                args![&id, &draft],
            )?;
            if let Some(r) = row {
                out.push((id, r.int(0)? as u64, r.opt_text(1)?));
            }
        }
        Ok(out)
    })
    .await
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
    db: &Records,
    new: NewUpload,
    fits: impl FnOnce(&Usage) -> Result<(), E> + Send + 'static,
) -> Result<Result<bool, E>, AppError> {
    db.tx(move |c| {
        // Two instances creating for one client or one draft at once see each other's rows.
        c.lock(&format!("client:{}", new.client))?;
        c.lock(&format!("draft:{}", new.draft))?;
        let now = Utc::now().to_rfc3339();
        let mut sum = |sql: &str, p: &[crate::store::Value]| -> Result<u64, StoreError> {
            Ok(c.query_one(sql, p)?.int(0)? as u64)
        };
        let usage = Usage {
            draft_bytes: sum(
                "SELECT CAST(COALESCE(SUM(length), 0) AS BIGINT) FROM uploads WHERE draft = ?1 AND dossier_code IS NULL",
                args![&new.draft],
            )?,
            client_bytes: sum(
                "SELECT CAST(COALESCE(SUM(length), 0) AS BIGINT) FROM uploads WHERE client = ?1
                 AND dossier_code IS NULL AND expires_at > ?2",
                args![&new.client, &now],
            )?,
            client_uploads: sum(
                "SELECT COUNT(*) FROM uploads WHERE client = ?1 AND state = 'uploading' AND expires_at > ?2",
                args![&new.client, &now],
            )?,
        };
        if let Err(e) = fits(&usage) {
            return Ok(Err(e));
        }
        // Re-checked inside the transaction: a draft closed while this request was on its way.
        if c.query_opt("SELECT 1 FROM closed_drafts WHERE draft = ?1", args![&new.draft])?.is_some() {
            return Ok(Ok(false));
        }
        c.execute(
            "INSERT INTO uploads (id, requirement_id, draft, length, file_name, state, created_at, expires_at,
                expected_sha256, client)
             VALUES (?1, ?2, ?3, ?4, ?5, 'uploading', ?6, ?7, ?8, ?9)",
            args![
                new.id,
                new.requirement_id,
                new.draft,
                new.length,
                new.file_name,
                now,
                new.expires.to_rfc3339(),
                new.expected_sha256,
                new.client
            ],
        )?;
        Ok(Ok(true))
    })
    .await
}

/// Deletes uploads no dossier holds whose time is up, and returns them with what the store
/// holds of each (the bytes are the caller's). Those `busy` says are being written are left for
/// the next sweep, and so are those another instance is writing (their lock is taken here
/// without waiting).
pub async fn expire(
    db: &Records,
    busy: impl Fn(&str) -> bool + Send + 'static,
) -> Result<Vec<(String, Option<String>)>, AppError> {
    let now = Utc::now().to_rfc3339();
    db.tx(move |c| {
        let rows =
            c.query("SELECT id, blob_state FROM uploads WHERE dossier_code IS NULL AND expires_at <= ?1", args![now])?;
        let mut gone = Vec::new();
        for r in rows {
            let id = r.text(0)?;
            if !busy(&id) && c.try_lock(&format!("upload:{id}"))? {
                c.execute("DELETE FROM uploads WHERE id = ?1 AND dossier_code IS NULL", args![&id])?;
                gone.push((id, r.opt_text(1)?));
            }
        }
        Ok(gone)
    })
    .await
}

/// Up to `limit` files of dossiers that ended (refused, stopped, result handed over) with their
/// last event before `cutoff` (RFC 3339, Vietnam time), not yet deleted.
pub async fn ended_dossier_files(db: &Records, cutoff: String, limit: u32) -> Result<Vec<String>, AppError> {
    use motcua_domain::dossier::DossierStatus::{Refused, Returned, Stopped};
    let ended = [Refused.number(), Stopped.number(), Returned.number()];
    db.tx(move |c| {
        let rows = c.query(
            "SELECT u.id FROM uploads u JOIN dossiers d ON d.code = u.dossier_code
             WHERE u.purged_at IS NULL AND d.status IN (?1, ?2, ?3)
               AND (SELECT MAX(e.at) FROM dossier_events e WHERE e.dossier_code = d.code) < ?4
             LIMIT ?5",
            args![ended[0], ended[1], ended[2], cutoff, limit],
        )?;
        Ok(rows.iter().map(|r| r.text(0)).collect::<Result<Vec<_>, _>>()?)
    })
    .await
}

/// The file of a dossier's upload was deleted (the row keeps its name, size and SHA-256).
pub async fn mark_purged(db: &Records, id: &str) -> Result<(), AppError> {
    let (id, now) = (id.to_string(), Utc::now().to_rfc3339());
    db.tx(move |c| {
        c.execute("UPDATE uploads SET purged_at = ?2 WHERE id = ?1", args![id, now])?;
        Ok(())
    })
    .await
}

/// Of `ids`, those no row names.
pub async fn unknown(db: &Records, ids: Vec<String>) -> Result<Vec<String>, AppError> {
    db.tx(move |c| {
        let mut out = Vec::new();
        for id in ids {
            if c.query_opt("SELECT 1 FROM uploads WHERE id = ?1", args![&id])?.is_none() {
                out.push(id);
            }
        }
        Ok(out)
    })
    .await
}

/// The requirement of the upload `id` of `draft`, if there is such an upload.
pub fn requirement_of(c: &mut dyn Sql, id: &str, draft: &str) -> Result<Option<String>, StoreError> {
    c.query_opt("SELECT requirement_id FROM uploads WHERE id = ?1 AND draft = ?2", args![id, draft])?
        .map(|r| r.text(0))
        .transpose()
}

/// The upload's row as a submission sees it: (requirement, complete, in a dossier already).
pub fn for_dossier(c: &mut dyn Sql, id: &str, draft: &str) -> Result<Option<(String, bool, bool)>, StoreError> {
    c.query_opt(
        "SELECT requirement_id, state, dossier_code FROM uploads WHERE id = ?1 AND draft = ?2",
        args![id, draft],
    )?
    .map(|r| Ok((r.text(0)?, r.text(1)? == "complete", r.opt_text(2)?.is_some())))
    .transpose()
}

/// Attaches a finished upload of `draft` to the dossier `code` if no dossier holds it yet, in
/// the caller's transaction: a termination racing the submission either deleted the row first
/// (`false` here) or finds it taken.
pub fn attach(c: &mut dyn Sql, id: &str, draft: &str, code: &str) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE uploads SET dossier_code = ?1 WHERE id = ?2 AND draft = ?3 AND state = 'complete'
         AND dossier_code IS NULL",
        args![code, id, draft],
    )? == 1)
}

/// A file attached to a dossier, as the officer sees it.
pub struct Attached {
    pub requirement_id: String,
    pub file_name: String,
    pub length: u64,
    pub sha256: String,
    pub purged_at: Option<String>,
}

/// The files of the dossier `code`, in the order they came.
pub fn of_dossier(c: &mut dyn Sql, code: &str) -> Result<Vec<Attached>, StoreError> {
    c.query(
        "SELECT requirement_id, file_name, length, COALESCE(sha256, ''), purged_at FROM uploads
         WHERE dossier_code = ?1 ORDER BY created_at, rowid",
        args![code],
    )?
    .iter()
    .map(|r| {
        Ok(Attached {
            requirement_id: r.text(0)?,
            file_name: r.text(1)?,
            length: r.int(2)? as u64,
            sha256: r.text(3)?,
            purged_at: r.opt_text(4)?,
        })
    })
    .collect()
}

const UPLOAD_COLUMNS: &str = "id, requirement_id, draft, length, file_name, state, file_type, sha256, created_at, \
     expires_at, dossier_code, expected_sha256, client, hash_state, hashed_len, encrypt_marker, purged_at, blob_state";

/// Moving an installation ([`crate::migrate`]): up to `limit` upload rows after `after` (by id).
pub fn export(c: &mut dyn Sql, after: &str, limit: u32) -> Result<Vec<SqlRow>, StoreError> {
    c.query(&format!("SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id > ?1 ORDER BY id LIMIT ?2"), args![after, limit])
}

/// The exported row's id, state ("complete"), SHA-256 and whether its file was purged.
pub fn exported_facts(r: &SqlRow) -> Result<(String, bool, Option<String>, bool), StoreError> {
    Ok((r.text(0)?, r.text(5)? == "complete", r.opt_text(7)?, r.opt_text(16)?.is_some()))
}

/// Whether a row has this id.
pub fn exists(c: &mut dyn Sql, id: &str) -> Result<bool, StoreError> {
    Ok(c.query_opt("SELECT 1 FROM uploads WHERE id = ?1", args![id])?.is_some())
}

/// Files the exported row with what the new store holds of it (`blob`); nothing if the id is
/// there already.
pub fn import(c: &mut dyn Sql, row: &SqlRow, blob: Option<String>) -> Result<bool, StoreError> {
    let mut values = row.0.clone();
    values[17] = crate::store::Value::from(blob);
    Ok(c.execute(
        &format!(
            "INSERT INTO uploads ({UPLOAD_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
                ?14, ?15, ?16, ?17, ?18) ON CONFLICT (id) DO NOTHING"
        ),
        &values,
    )? == 1)
}

/// Closed drafts, moved as they are.
pub fn export_closed(c: &mut dyn Sql) -> Result<Vec<SqlRow>, StoreError> {
    c.query("SELECT draft, closed_at FROM closed_drafts", &[])
}

pub fn import_closed(c: &mut dyn Sql, row: &SqlRow) -> Result<(), StoreError> {
    c.execute("INSERT INTO closed_drafts (draft, closed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING", &row.0)?;
    Ok(())
}
