//! Expiry: unfinished uploads past their time are deleted with their files.

use std::time::Duration;

use chrono::Utc;
#[cfg(test)]
use rusqlite::params;

use super::store::UploadStore;

/// Deletes unfinished uploads past their expiry, and files no row knows of.
pub async fn sweep(db: &crate::db::Db, store: &UploadStore) -> usize {
    let now = Utc::now().to_rfc3339();
    let expired = db
        .call(move |c| {
            let mut stmt = c.prepare("SELECT id FROM uploads WHERE state = 'uploading' AND expires_at <= ?1")?;
            let ids = stmt.query_map([&now], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
            c.execute("DELETE FROM uploads WHERE state = 'uploading' AND expires_at <= ?1", [&now])?;
            Ok(ids)
        })
        .await
        .unwrap_or_default();
    for id in &expired {
        let _ = tokio::fs::remove_file(store.path(id)).await;
    }
    expired.len()
}

/// Runs [`sweep`] at start and then every `every`.
pub fn spawn_sweeper(db: crate::db::Db, store: UploadStore, every: Duration) {
    tokio::spawn(async move {
        loop {
            let n = sweep(&db, &store).await;
            if n > 0 {
                tracing::info!(expired = n, "expired uploads removed");
            }
            tokio::time::sleep(every).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[tokio::test]
    async fn expired_unfinished_uploads_are_swept_with_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(dir.path()).unwrap();
        let store = UploadStore::new(dir.path()).unwrap();
        let past = (Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
        let future = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
        for (id, expires) in [("a".repeat(32), past.clone()), ("b".repeat(32), future)] {
            std::fs::write(store.path(&id), b"partial").unwrap();
            db.call(move |c| {
                c.execute(
                    "INSERT INTO uploads (id, requirement_id, draft, length, file_name, state, created_at, expires_at)
                     VALUES (?1, 'XA-HT-01-01', 'd', 10, 'x', 'uploading', ?2, ?2)",
                    params![id, expires],
                )
            })
            .await
            .unwrap();
        }
        assert_eq!(sweep(&db, &store).await, 1);
        assert!(!store.path(&"a".repeat(32)).exists(), "the expired file is deleted");
        assert!(store.path(&"b".repeat(32)).exists(), "a live upload is kept");
        let left: i64 = db.call(|c| c.query_row("SELECT COUNT(*) FROM uploads", [], |r| r.get(0))).await.unwrap();
        assert_eq!(left, 1);
    }
}
