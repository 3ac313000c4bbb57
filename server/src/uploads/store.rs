//! Where the bytes of uploads live, behind one interface with two implementations:
//!
//! - **a folder** (the default): `<data>/uploads/<random id>.part`, never a name the client
//!   chose, outside anything served; a file's length is its upload's offset, so a restart loses
//!   nothing that reached the disk;
//! - **S3-compatible object storage** (`--object-store s3://bucket`, with the usual
//!   `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`): tus PATCHes
//!   become the parts of one multipart upload. S3 takes parts of at least 5 MiB (but the last),
//!   so bytes short of a part wait in a small "tail" object; what the upload holds (the multipart
//!   id, its parts, the tail) is the row's `blob_state`, written in the same statement as the
//!   SHA-256 state, so any instance resumes exactly where the record says, and bytes sent after
//!   the last record (an instance killed mid-PATCH) are simply sent again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Every part but the last: S3's minimum, and a multiple of 64 (so the saved SHA-256 state,
/// which covers whole 64-byte blocks, never ends inside a part that can no longer be read).
pub const PART: usize = 5 * 1024 * 1024;
/// PATCHes writing to object storage at once (each holds up to a part in memory).
const PART_BUFFERS: usize = 16;
/// Bytes of the last part kept in the record: enough for the digest's look-back.
const PART_END: usize = 64;

#[derive(Clone)]
pub enum UploadStore {
    Folder(Folder),
    Objects(Objects),
}

#[derive(Clone)]
pub struct Folder {
    pub dir: PathBuf,
}

#[derive(Clone)]
pub struct Objects {
    s3: Arc<AmazonS3>,
    bucket: String,
    /// Keys begin with it (`s3://bucket/prefix`: one bucket for several installations).
    prefix: String,
    buffers: Arc<Semaphore>,
}

/// What object storage holds of an unfinished upload (the row's `blob_state`, JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlobState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    upload_id: Option<String>,
    /// The parts' ETags, in order; each is [`PART`] bytes.
    #[serde(default)]
    parts: Vec<String>,
    /// The object holding the bytes after the parts, and how many of them count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tail: Option<String>,
    #[serde(default)]
    tail_len: u64,
    /// The last bytes of the parts (hex), for the digest's look-back.
    #[serde(default)]
    part_end: String,
    /// The object is whole (`uploads/<id>`), of this many bytes.
    #[serde(default)]
    complete: bool,
    #[serde(default)]
    length: u64,
}

impl BlobState {
    fn parse(s: Option<&str>) -> BlobState {
        s.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default()
    }

    fn in_parts(&self) -> u64 {
        (self.parts.len() * PART) as u64
    }

    fn offset(&self) -> u64 {
        if self.complete {
            self.length
        } else {
            self.in_parts() + self.tail_len
        }
    }
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("object storage: {e}"))
}

impl UploadStore {
    /// The folder under `data_dir`, or the bucket `object_store` names (`s3://bucket`).
    pub fn open(data_dir: &Path, object_store: Option<&str>) -> Result<UploadStore, crate::BoxError> {
        match object_store.filter(|s| !s.is_empty()) {
            None => {
                let dir = data_dir.join("uploads");
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot create the uploads folder {}: {e}", dir.display()))?;
                Ok(UploadStore::Folder(Folder { dir }))
            }
            Some(url) => {
                let (bucket, prefix) = url
                    .strip_prefix("s3://")
                    .map(|b| b.trim_end_matches('/'))
                    .map(|b| b.split_once('/').unwrap_or((b, "")))
                    .filter(|(b, _)| !b.is_empty())
                    .ok_or_else(|| {
                        format!("MOTCUA_OBJECT_STORE must look like s3://bucket or s3://bucket/prefix, not {url}")
                    })?;
                let prefix = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
                let s3 = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| format!("cannot use the bucket {bucket}: {e}"))?;
                Ok(UploadStore::Objects(Objects {
                    s3: Arc::new(s3),
                    bucket: bucket.to_string(),
                    prefix,
                    buffers: Arc::new(Semaphore::new(PART_BUFFERS)),
                }))
            }
        }
    }

    /// What the store is, for logs and test output.
    pub fn describe(&self) -> String {
        match self {
            UploadStore::Folder(f) => format!("folder {}", f.dir.display()),
            UploadStore::Objects(o) => format!("s3://{}/{}", o.bucket, o.prefix),
        }
    }

    /// The file of an upload in the folder (tests look at it).
    pub fn path(&self, id: &str) -> PathBuf {
        match self {
            UploadStore::Folder(f) => f.path(id),
            UploadStore::Objects(_) => PathBuf::from(format!("s3-object-{id}")),
        }
    }

    /// Before the first byte: an empty file (object storage needs nothing yet).
    pub async fn create(&self, id: &str) -> std::io::Result<()> {
        match self {
            UploadStore::Folder(f) => tokio::fs::File::create(f.path(id)).await.map(drop),
            UploadStore::Objects(_) => Ok(()),
        }
    }

    /// Bytes stored: the upload's offset (0 when there is nothing).
    pub async fn len(&self, id: &str, blob: Option<&str>) -> u64 {
        match self {
            UploadStore::Folder(f) => tokio::fs::metadata(f.path(id)).await.map(|m| m.len()).unwrap_or(0),
            UploadStore::Objects(_) => BlobState::parse(blob).offset(),
        }
    }

    /// Bytes `from..to` of the upload (a short read when there are fewer). Object storage can
    /// give back an unfinished upload's last part's end and its tail: what restoring the digest
    /// reads.
    pub async fn read(&self, id: &str, blob: Option<&str>, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
        match self {
            UploadStore::Folder(f) => {
                let mut file = tokio::fs::File::open(f.path(id)).await?;
                file.seek(std::io::SeekFrom::Start(from)).await?;
                let mut out = Vec::with_capacity(to.saturating_sub(from) as usize);
                file.take(to.saturating_sub(from)).read_to_end(&mut out).await?;
                Ok(out)
            }
            UploadStore::Objects(o) => o.read(id, &BlobState::parse(blob), from, to).await,
        }
    }

    /// A writer appending at `start` (the offset the record holds).
    pub async fn writer(&self, id: &str, blob: Option<&str>, start: u64) -> std::io::Result<Writer> {
        match self {
            UploadStore::Folder(f) => {
                let file = tokio::fs::OpenOptions::new().append(true).open(f.path(id)).await?;
                Ok(Writer::File { file, path: f.path(id), start })
            }
            UploadStore::Objects(o) => {
                let permit = o.buffers.clone().acquire_owned().await.map_err(io_err)?;
                let state = BlobState::parse(blob);
                let mut buffer = Vec::new();
                if let Some(tail) = &state.tail {
                    let bytes =
                        o.s3.get(&ObjectPath::from(tail.as_str()))
                            .await
                            .map_err(io_err)?
                            .bytes()
                            .await
                            .map_err(io_err)?;
                    buffer.extend_from_slice(&bytes[..(state.tail_len as usize).min(bytes.len())]);
                }
                let old_tail = state.tail.clone();
                Ok(Writer::Object(ObjectWriter {
                    o: o.clone(),
                    id: id.to_string(),
                    state,
                    buffer,
                    old_tail,
                    _permit: permit,
                }))
            }
        }
    }

    /// Forgets every byte of the upload (the file, or the object, tail and unfinished parts).
    pub async fn remove(&self, id: &str, blob: Option<&str>) {
        match self {
            UploadStore::Folder(f) => {
                let _ = tokio::fs::remove_file(f.path(id)).await;
            }
            UploadStore::Objects(o) => {
                let state = BlobState::parse(blob);
                let object = o.object(id);
                let _ = o.s3.delete(&object).await;
                if let Some(tail) = &state.tail {
                    let _ = o.s3.delete(&ObjectPath::from(tail.as_str())).await;
                }
                if let (Some(upload), false) = (&state.upload_id, state.complete) {
                    let _ = o.s3.abort_multipart(&object, upload).await;
                }
            }
        }
    }

    /// Back to no bytes at all (a whole file that did not match its checksum): the new state.
    pub async fn reset(&self, id: &str, blob: Option<&str>) -> Option<String> {
        match self {
            UploadStore::Folder(f) => {
                if let Ok(file) = tokio::fs::OpenOptions::new().write(true).open(f.path(id)).await {
                    let _ = file.set_len(0).await;
                }
                None
            }
            UploadStore::Objects(_) => {
                self.remove(id, blob).await;
                None
            }
        }
    }

    /// Bytes the store still gives to this process (object storage: not this server's concern).
    pub fn free_bytes(&self) -> std::io::Result<u64> {
        match self {
            UploadStore::Folder(f) => {
                let s = rustix::fs::statvfs(&f.dir)?;
                Ok(s.f_bavail.saturating_mul(s.f_frsize))
            }
            UploadStore::Objects(_) => Ok(u64::MAX),
        }
    }

    /// Upload ids of the files in the folder older than `grace` (other files are left alone;
    /// object storage keeps no file without its record: a bucket lifecycle rule removes
    /// multipart uploads abandoned mid-way).
    pub fn files_older_than(&self, grace: Duration) -> Vec<String> {
        let UploadStore::Folder(f) = self else { return Vec::new() };
        let Ok(entries) = std::fs::read_dir(&f.dir) else { return Vec::new() };
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

    /// After the record holds a writer's new state: what it replaced is deleted.
    pub async fn forget(&self, old_tail: Option<String>) {
        if let (UploadStore::Objects(o), Some(tail)) = (self, old_tail) {
            let _ = o.s3.delete(&ObjectPath::from(tail.as_str())).await;
        }
    }
}

impl Folder {
    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.part"))
    }
}

impl Objects {
    fn object(&self, id: &str) -> ObjectPath {
        ObjectPath::from(format!("{}uploads/{id}", self.prefix))
    }

    async fn read(&self, id: &str, state: &BlobState, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
        if state.complete {
            let meta = self.s3.head(&self.object(id)).await.map_err(io_err)?;
            let to = to.min(meta.size);
            if from >= to {
                return Ok(Vec::new());
            }
            let bytes = self.s3.get_range(&self.object(id), from..to).await.map_err(io_err)?;
            return Ok(bytes.to_vec());
        }
        // What can be read back of an unfinished upload: the end of its parts, then its tail.
        let part_end = hex::decode(&state.part_end).map_err(io_err)?;
        let readable_from = state.in_parts() - part_end.len() as u64;
        if from < readable_from {
            return Err(io_err(format!("bytes from {from} are inside a part already sent")));
        }
        let mut all = part_end;
        if let Some(tail) = &state.tail {
            let bytes =
                self.s3.get(&ObjectPath::from(tail.as_str())).await.map_err(io_err)?.bytes().await.map_err(io_err)?;
            all.extend_from_slice(&bytes[..(state.tail_len as usize).min(bytes.len())]);
        }
        let lo = ((from - readable_from) as usize).min(all.len());
        let hi = (to.saturating_sub(readable_from) as usize).min(all.len());
        Ok(all[lo..hi.max(lo)].to_vec())
    }
}

/// Appends one PATCH's bytes; nothing counts until [`Writer::commit`] and the record says so.
pub enum Writer {
    File { file: tokio::fs::File, path: PathBuf, start: u64 },
    Object(ObjectWriter),
}

pub struct ObjectWriter {
    o: Objects,
    id: String,
    state: BlobState,
    buffer: Vec<u8>,
    old_tail: Option<String>,
    _permit: OwnedSemaphorePermit,
}

/// What a commit leaves for the record: the new state, and the tail it replaces (to delete once
/// the record holds the new one).
pub struct Committed {
    pub blob: Option<String>,
    pub old_tail: Option<String>,
}

impl Writer {
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        match self {
            Writer::File { file, .. } => file.write_all(chunk).await,
            Writer::Object(w) => {
                w.buffer.extend_from_slice(chunk);
                while w.buffer.len() >= PART {
                    let part: Vec<u8> = w.buffer.drain(..PART).collect();
                    w.put_part(part).await?;
                }
                Ok(())
            }
        }
    }

    /// Drops what this PATCH wrote (a checksum that did not match, too many bytes).
    pub async fn abort(self) {
        if let Writer::File { file, path, start } = self {
            drop(file);
            if let Ok(f) = tokio::fs::OpenOptions::new().write(true).open(&path).await {
                let _ = f.set_len(start).await;
            }
        }
        // Parts sent to object storage but never recorded are sent again, under the same
        // numbers, by the next PATCH.
    }

    /// Makes what arrived durable; `done`: it was the last byte.
    pub async fn commit(self, done: bool) -> std::io::Result<Committed> {
        match self {
            Writer::File { file, .. } => {
                file.sync_data().await?;
                Ok(Committed { blob: None, old_tail: None })
            }
            Writer::Object(mut w) => {
                let object = w.o.object(&w.id);
                let buffer = std::mem::take(&mut w.buffer);
                if done {
                    w.state.length = w.state.in_parts() + buffer.len() as u64;
                    if w.state.parts.is_empty() {
                        w.o.s3.put(&object, PutPayload::from(buffer)).await.map_err(io_err)?;
                    } else {
                        if !buffer.is_empty() {
                            w.put_part(buffer).await?;
                        }
                        let upload = w.state.upload_id.clone().unwrap_or_default();
                        let parts = w.state.parts.iter().map(|e| PartId { content_id: e.clone() }).collect();
                        w.o.s3.complete_multipart(&object, &upload, parts).await.map_err(io_err)?;
                    }
                    w.state.complete = true;
                    w.state.tail = None;
                    w.state.tail_len = 0;
                } else {
                    let offset = w.state.in_parts() + buffer.len() as u64;
                    if buffer.is_empty() {
                        w.state.tail = None;
                    } else {
                        // Named by where it ends: the tail the record holds stays until the
                        // record holds this one.
                        let key = format!("{}uploads/{}.tail-{offset}", w.o.prefix, w.id);
                        w.o.s3
                            .put(&ObjectPath::from(key.as_str()), PutPayload::from(buffer.clone()))
                            .await
                            .map_err(io_err)?;
                        w.state.tail = Some(key);
                    }
                    w.state.tail_len = buffer.len() as u64;
                }
                let old_tail = w.old_tail.take().filter(|t| w.state.tail.as_deref() != Some(t.as_str()));
                Ok(Committed { blob: Some(serde_json::to_string(&w.state).map_err(io_err)?), old_tail })
            }
        }
    }
}

impl ObjectWriter {
    async fn put_part(&mut self, part: Vec<u8>) -> std::io::Result<()> {
        let object = self.o.object(&self.id);
        let upload = match &self.state.upload_id {
            Some(u) => u.clone(),
            None => {
                let u = self.o.s3.create_multipart(&object).await.map_err(io_err)?;
                self.state.upload_id = Some(u.clone());
                u
            }
        };
        let end = part[part.len().saturating_sub(PART_END)..].to_vec();
        let id = self
            .o
            .s3
            .put_part(&object, &upload, self.state.parts.len(), PutPayload::from(part))
            .await
            .map_err(io_err)?;
        self.state.parts.push(id.content_id);
        self.state.part_end = hex::encode(end);
        self.state.tail_len = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_is_the_parts_and_the_tail() {
        let s = BlobState { parts: vec!["a".into(), "b".into()], tail_len: 10, ..BlobState::default() };
        assert_eq!(s.offset(), 2 * PART as u64 + 10);
        assert_eq!(BlobState::parse(None).offset(), 0);
        assert_eq!(BlobState::parse(Some("not json")).offset(), 0, "a damaged state starts again");
        assert_eq!(PART % 64, 0, "parts end on the digest's block boundaries");
    }
}
