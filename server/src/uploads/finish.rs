//! Finishing an upload whose bytes are all there: the whole-file SHA-256 against the one
//! declared, then the content against its requirement. Runs in a task of its own, so a client
//! that hangs up after the last byte cannot leave it half done; at most
//! [`Settings::concurrent_checks`](crate::settings::Settings) run at once. Called after the
//! last PATCH, on HEAD, on submission and at start-up.

use motcua_domain::files::{self, SNIFF_LEN};

use super::digest::{Digest, Saved, LOOK_BACK};
use super::locker::Lock;
use super::protocol::{checksum_mismatch, not_found, refused};
use super::records;
use super::{Uploads, MAX_SIZE};
use crate::error::AppError;

impl Uploads {
    /// Rebuilds the digest from the saved state and the file's tail (normally under 64 bytes).
    pub(super) async fn restore_digest(
        &self,
        id: &str,
        saved: &Saved,
        blob: Option<&str>,
        len: u64,
    ) -> Result<Digest, AppError> {
        let saved = if saved.hashed > len { Saved::START } else { saved.clone() };
        let look = saved.hashed.saturating_sub(LOOK_BACK);
        let bytes = self.store.read(id, blob, look, len).await?;
        let split = (saved.hashed - look) as usize;
        match Digest::restore(&saved, &bytes[..split.min(bytes.len())], &bytes[split.min(bytes.len())..]) {
            Some(d) => Ok(d),
            None => {
                // A damaged saved state: hash the file once from the start.
                tracing::warn!(event = "digest_rebuilt", "saved upload digest unreadable; hashing again");
                let mut d = Digest::new();
                d.update(&self.store.read(id, blob, 0, len).await?);
                Ok(d)
            }
        }
    }

    /// Finishes `id` in its own task (holding `lock` until done), with `digest` if the caller
    /// has it in memory. `Ok(false)`: not all bytes are there yet.
    pub(super) async fn finish(&self, id: String, lock: Lock, digest: Option<Digest>) -> Result<bool, AppError> {
        let me = self.clone();
        let task = tokio::spawn(async move {
            let _lock = lock;
            let _permit = me.checks.acquire().await.map_err(|_| AppError::internal())?;
            me.finish_now(&id, digest).await
        });
        task.await.map_err(|_| AppError::internal())?
    }

    async fn finish_now(&self, id: &str, digest: Option<Digest>) -> Result<bool, AppError> {
        let Some(row) = records::any(&self.records, id).await? else { return Err(not_found()) };
        if row.complete {
            return Ok(true);
        }
        let blob = row.blob.as_deref();
        let len = self.store.len(id, blob).await;
        if len != row.length {
            return Ok(false);
        }
        let digest = match digest {
            Some(d) if d.len() == len => d,
            _ => self.restore_digest(id, &row.saved, blob, len).await?,
        };
        let marker = digest.encrypt_marker();
        let sha = digest.finish();
        if row.expected_sha256.as_ref().is_some_and(|e| *e != sha) {
            // Damaged on the way: start the file again from byte 0.
            let blob = self.store.reset(id, blob).await;
            let expires = Some(records::later(self.settings.unfinished_expiry));
            records::save_progress(&self.records, id, Saved::START, expires, blob).await?;
            tracing::info!(event = "upload_checksum_mismatch", "whole-file checksum did not match; restarting");
            return Err(checksum_mismatch(
                "Tệp nhận được không khớp mã kiểm tra; tệp sẽ được gửi lại từ đầu.",
                "The file received does not match its checksum; it will be sent again from the start.",
            ));
        }
        let Some((accepted, max)) = crate::db::requirement_limits(&self.catalogue, &row.requirement_id).await? else {
            return Err(not_found());
        };
        let max = max.min(MAX_SIZE);
        let head = self.store.read(id, blob, 0, SNIFF_LEN as u64).await?;
        let seen = files::Seen { head: &head, len, pdf_encrypt_marker: marker };
        match files::check_seen(&seen, &accepted, max) {
            Ok(kind) => {
                records::mark_complete(&self.records, id, kind, sha, records::later(self.settings.finished_expiry))
                    .await?;
                Ok(true)
            }
            Err(refusal) => {
                records::delete(&self.records, id).await?;
                self.store.remove(id, blob).await;
                Err(refused(refusal, max))
            }
        }
    }

    /// Finishes every unfinished upload whose bytes are all on disk (a crash or a dropped
    /// connection right after the last byte). Returns how many were finished.
    pub async fn finish_stranded(&self) -> usize {
        let Ok(rows) = records::unfinished(&self.records).await else { return 0 };
        let mut done = 0;
        for (id, length, blob) in rows {
            if self.store.len(&id, blob.as_deref()).await != length {
                continue;
            }
            let Some(lock) = self.locks.lock(&id).await else { continue };
            if matches!(self.finish(id, lock, None).await, Ok(true)) {
                done += 1;
            }
        }
        done
    }

    /// Before a submission: finishes the named uploads of `draft` whose bytes are all there
    /// (one query when, as usual, every upload is finished already).
    pub async fn finish_if_full(&self, ids: &[String], draft: &str) {
        let Ok(unfinished) = records::unfinished_of(&self.records, ids.to_vec(), draft).await else { return };
        for (id, length, blob) in unfinished {
            if self.store.len(&id, blob.as_deref()).await != length {
                continue;
            }
            if let Some(lock) = self.locks.lock(&id).await {
                let _ = self.finish(id, lock, None).await;
            }
        }
    }
}
