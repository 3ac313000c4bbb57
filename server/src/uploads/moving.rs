//! Moving an upload's bytes from one store to another ([`crate::migrate`]), checked: a finished
//! file's SHA-256 must be the one its row holds, at the source and again read back from the
//! destination.

use sha2::Digest as _;

use super::digest::{Digest, Saved};
use super::store::UploadStore;

/// What the destination holds of a moved upload, for its row.
pub struct Moved {
    pub blob: Option<String>,
    /// The digest of an unfinished upload's bytes, recomputed from them.
    pub saved: Option<Saved>,
    pub bytes: u64,
}

/// Copies the upload `id` (finished: its whole file, checked against `sha256`; unfinished: the
/// bytes received so far).
pub async fn copy(
    from: &UploadStore,
    to: &UploadStore,
    id: &str,
    length: u64,
    complete: bool,
    sha256: Option<&str>,
) -> Result<Moved, String> {
    let bytes = from.read(id, None, 0, length).await.map_err(|e| format!("upload {id}: cannot read its file: {e}"))?;
    let digest_of = |b: &[u8]| hex::encode(sha2::Sha256::digest(b));
    if complete && sha256 != Some(digest_of(&bytes).as_str()) {
        return Err(format!("upload {id}: the file does not match its SHA-256 at the source; not moved"));
    }
    to.create(id).await.map_err(|e| format!("upload {id}: {e}"))?;
    let mut w = to.writer(id, None, 0).await.map_err(|e| format!("upload {id}: {e}"))?;
    w.write(&bytes).await.map_err(|e| format!("upload {id}: {e}"))?;
    let committed = w.commit(complete).await.map_err(|e| format!("upload {id}: {e}"))?;
    if complete {
        let back = to
            .read(id, committed.blob.as_deref(), 0, bytes.len() as u64)
            .await
            .map_err(|e| format!("upload {id}: cannot read it back: {e}"))?;
        if Some(digest_of(&back).as_str()) != sha256 {
            return Err(format!("upload {id}: the copy does not match its SHA-256"));
        }
    } else if to.len(id, committed.blob.as_deref()).await != bytes.len() as u64 {
        return Err(format!("upload {id}: the copy is not as long as the original"));
    }
    let saved = (!complete).then(|| {
        let mut d = Digest::new();
        d.update(&bytes);
        d.saved()
    });
    Ok(Moved { blob: committed.blob, saved, bytes: bytes.len() as u64 })
}

/// Whether the destination already holds the finished upload whole (moving again is safe).
pub async fn already_there(to: &UploadStore, id: &str, blob: Option<&str>, length: u64, sha256: &str) -> bool {
    match to.read(id, blob, 0, length).await {
        Ok(b) => hex::encode(sha2::Sha256::digest(&b)) == sha256,
        Err(_) => false,
    }
}
