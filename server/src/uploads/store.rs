//! Where the bytes of uploads live on disk, and which uploads a request is writing right now.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where uploads live, and which ones a request is writing right now.
#[derive(Clone)]
pub struct UploadStore {
    pub dir: PathBuf,
    busy: Arc<Mutex<HashSet<String>>>,
}

impl UploadStore {
    pub fn new(data_dir: &std::path::Path) -> std::io::Result<Self> {
        let dir = data_dir.join("uploads");
        std::fs::create_dir_all(&dir)?;
        Ok(UploadStore { dir, busy: Arc::default() })
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.part"))
    }

    /// Marks an upload as being written; `None` if another request already is.
    pub(super) fn lock(&self, id: &str) -> Option<BusyGuard> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id.to_string()).then(|| BusyGuard { store: self.clone(), id: id.to_string() })
    }
}

pub(super) struct BusyGuard {
    store: UploadStore,
    id: String,
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.store.busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

impl UploadStore {
    /// Bytes on disk: the upload's offset.
    pub(super) async fn len(&self, id: &str) -> u64 {
        tokio::fs::metadata(self.path(id)).await.map(|m| m.len()).unwrap_or(0)
    }

    /// Cuts the file back to `len` bytes (a refused or damaged part).
    pub(super) async fn truncate(&self, id: &str, len: u64) {
        if let Ok(f) = tokio::fs::OpenOptions::new().write(true).open(self.path(id)).await {
            let _ = f.set_len(len).await;
        }
    }
}
