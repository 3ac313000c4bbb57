//! Expiry: uploads no dossier holds are deleted with their files when their time is up (one that
//! never received a byte: minutes after its creation; unfinished: a day after the last byte;
//! finished: a week after finishing); files that no upload names are removed after a grace
//! period; the files of dossiers that ended are deleted after the retention period (their rows
//! stay). Runs at start and then on a timer.

use super::records;
use super::Uploads;

impl Uploads {
    /// Deletes the files of dossiers that ended longer ago than the retention period, a batch at
    /// a time; returns how many.
    pub async fn purge_ended(&self) -> usize {
        let retention = chrono::Duration::from_std(self.settings.dossier_files_retention).unwrap_or_default();
        let cutoff =
            motcua_domain::schedule::rfc3339(motcua_domain::schedule::vietnam_time(self.settings.now() - retention));
        let mut purged = 0;
        loop {
            let Ok(ids) = records::ended_dossier_files(&self.records, cutoff.clone(), 500).await else { break };
            for id in &ids {
                // A dossier's file is whole: nothing but the file (or object) to delete.
                self.store.remove(id, None).await;
                if records::mark_purged(&self.records, id).await.is_ok() {
                    purged += 1;
                }
            }
            if ids.len() < 500 {
                break;
            }
        }
        purged
    }

    /// One sweep; returns (expired uploads, orphan files) removed.
    pub async fn sweep(&self) -> (usize, usize) {
        // One instance sweeps at a time; the others skip this round.
        let Ok(Some(_turn)) = self.records.hold("uploads-sweep").await else { return (0, 0) };
        let locks = self.locks.clone();
        let expired = records::expire(&self.records, move |id| locks.lock_here(id).is_none()).await.unwrap_or_default();
        for (id, blob) in &expired {
            self.store.remove(id, blob.as_deref()).await;
        }
        let _ = records::forget_closed_drafts(&self.records, records::earlier(self.settings.finished_expiry)).await;
        if matches!(self.records, crate::store::Records::Postgres(_)) {
            // The shared limiters' rows with nothing left to remember.
            let _ = self.records.tx(|c| Ok(crate::store::limits::sweep(c)?)).await;
        }
        let candidates = self.store.files_older_than(self.settings.orphan_grace);
        let orphans = records::unknown(&self.records, candidates).await.unwrap_or_default();
        for id in &orphans {
            if let Some(_lock) = self.locks.lock_here(id) {
                self.store.remove(id, None).await;
            }
        }
        (expired.len(), orphans.len())
    }

    /// Finishes stranded uploads, then sweeps now and every `settings.sweep_every`.
    pub fn spawn_sweeper(&self) {
        let me = self.clone();
        tokio::spawn(async move {
            let finished = me.finish_stranded().await;
            if finished > 0 {
                tracing::info!(event = "uploads_finished_at_start", count = finished, "stranded uploads finished");
            }
            loop {
                let purged = me.purge_ended().await;
                if purged > 0 {
                    tracing::info!(event = "dossier_files_purged", files = purged, "files of ended dossiers deleted");
                }
                let (expired, orphans) = me.sweep().await;
                if expired + orphans > 0 {
                    tracing::info!(
                        event = "uploads_swept",
                        expired,
                        orphans,
                        "expired uploads and orphan files removed"
                    );
                }
                tokio::time::sleep(me.settings.sweep_every).await;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use chrono::Utc;

    use crate::args;
    use crate::settings::Settings;
    use crate::store::testing::engines;
    use crate::uploads::Uploads;

    #[tokio::test]
    async fn expired_uploads_and_orphan_files_are_swept_and_submitted_ones_kept() {
        for (db, records, dir) in engines().await {
            let settings = Settings { orphan_grace: Duration::ZERO, ..Settings::default() };
            let up = Uploads::new(dir.path(), records.clone(), db, Arc::new(settings)).unwrap();
            let past = (Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
            let future = (Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
            // An unfinished upload past its time, a finished one past its time, a live one.
            let rows = [("a", "uploading", past.clone()), ("b", "complete", past.clone()), ("c", "uploading", future)];
            for (ch, state, expires) in rows {
                let id = ch.repeat(32);
                std::fs::write(up.store.path(&id), b"partial").unwrap();
                records
                    .tx(move |c| {
                        c.execute(
                            "INSERT INTO uploads (id, requirement_id, draft, length, file_name, state, created_at, expires_at)
                             VALUES (?1, 'XA-HT-01-01', 'd', 10, 'x', ?2, ?3, ?3)",
                            args![id, state, expires],
                        )?;
                        Ok(())
                    })
                    .await
                    .unwrap();
            }
            // A file no upload names (a crash between creating the file and the row).
            std::fs::write(up.store.path(&"d".repeat(32)), b"orphan").unwrap();
            assert_eq!(up.sweep().await, (2, 1), "{}", records.engine());
            for (ch, kept) in [("a", false), ("b", false), ("c", true), ("d", false)] {
                assert_eq!(up.store.path(&ch.repeat(32)).exists(), kept, "file {ch} on {}", records.engine());
            }
            let left = records.tx(|c| Ok(c.query_one("SELECT COUNT(*) FROM uploads", &[])?.int(0)?)).await.unwrap();
            assert_eq!(left, 1);
        }
    }
}
