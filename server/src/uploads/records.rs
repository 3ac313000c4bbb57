//! The rows of uploads in the database.

use chrono::Utc;
use rusqlite::{params, OptionalExtension};

use super::protocol::valid_id;
use crate::db::Db;
use crate::error::AppError;

/// The stored row of an upload that has not expired.
pub(super) struct Row {
    pub length: u64,
    pub requirement_id: String,
    pub complete: bool,
    pub attached: bool,
    /// The whole file's SHA-256 (hex) the client declared at creation.
    pub expected_sha256: Option<String>,
}

pub(super) async fn row(db: &Db, id: &str) -> Result<Option<Row>, AppError> {
    if !valid_id(id) {
        return Ok(None);
    }
    let id = id.to_string();
    let now = Utc::now().to_rfc3339();
    Ok(db
        .call(move |c| {
            c.query_row(
                "SELECT length, requirement_id, state, dossier_code, expected_sha256 FROM uploads
                 WHERE id = ?1 AND (state = 'complete' OR expires_at > ?2)",
                params![id, now],
                |r| {
                    Ok(Row {
                        length: r.get::<_, i64>(0)? as u64,
                        requirement_id: r.get(1)?,
                        complete: r.get::<_, String>(2)? == "complete",
                        attached: r.get::<_, Option<String>>(3)?.is_some(),
                        expected_sha256: r.get(4)?,
                    })
                },
            )
            .optional()
        })
        .await?)
}
