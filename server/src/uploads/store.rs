//! Where the bytes of uploads live: `<data>/uploads/<random id>.part`, never a name the client
//! chose, outside anything served. A file's length is its upload's offset.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tokio::io::{AsyncReadExt, AsyncSeekExt};

#[derive(Clone)]
pub struct UploadStore {
    pub dir: PathBuf,
}

impl UploadStore {
    pub fn new(data_dir: &Path) -> std::io::Result<Self> {
        let dir = data_dir.join("uploads");
        std::fs::create_dir_all(&dir)?;
        Ok(UploadStore { dir })
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.part"))
    }

    /// Bytes on disk: the upload's offset (0 when there is no file).
    pub async fn len(&self, id: &str) -> u64 {
        tokio::fs::metadata(self.path(id)).await.map(|m| m.len()).unwrap_or(0)
    }

    /// Bytes `from..to` of the file (a short read when the file is shorter).
    pub async fn read(&self, id: &str, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
        let mut f = tokio::fs::File::open(self.path(id)).await?;
        f.seek(std::io::SeekFrom::Start(from)).await?;
        let mut out = Vec::with_capacity(to.saturating_sub(from) as usize);
        f.take(to.saturating_sub(from)).read_to_end(&mut out).await?;
        Ok(out)
    }

    /// Cuts the file back to `len` bytes (a refused or damaged part).
    pub async fn truncate(&self, id: &str, len: u64) {
        if let Ok(f) = tokio::fs::OpenOptions::new().write(true).open(self.path(id)).await {
            let _ = f.set_len(len).await;
        }
    }

    pub async fn remove(&self, id: &str) {
        let _ = tokio::fs::remove_file(self.path(id)).await;
    }

    /// Bytes the file system still gives to this process.
    pub fn free_bytes(&self) -> std::io::Result<u64> {
        let s = rustix::fs::statvfs(&self.dir)?;
        Ok(s.f_bavail.saturating_mul(s.f_frsize))
    }

    /// Upload ids of the files in the folder older than `grace` (other files are left alone).
    pub fn files_older_than(&self, grace: Duration) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let now = SystemTime::now();
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).unwrap_or_default() >= grace)
            })
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".part").map(str::to_string))
            .collect()
    }
}
