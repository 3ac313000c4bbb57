//! Resumable uploads: tus 1.0.0 (core, creation, termination, checksum, expiration) under
//! `/api/v1/uploads`.
//!
//! Bytes go to `<data>/uploads/<random id>.part`, never to a name the client chose, outside
//! anything served. The file's length is the upload's offset, so a restart loses nothing that
//! reached the disk. A finished upload is checked by content against its requirement.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use motcua_domain::api::ErrorCode;
use motcua_domain::files::{self, FileType, Refusal};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::Digest;
use tokio::io::AsyncWriteExt;

use crate::api::ApiState;
use crate::db::{enum_str, json_from};
use crate::error::AppError;

pub const TUS_VERSION: &str = "1.0.0";
/// Sum of all files of one draft application.
pub const DRAFT_LIMIT: u64 = 100 * 1024 * 1024;
/// Largest file any requirement may accept (a requirement may set less).
pub const MAX_SIZE: u64 = 20 * 1024 * 1024;
/// An unfinished upload is kept this long after its creation.
pub const EXPIRY_HOURS: i64 = 24;

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
    fn lock(&self, id: &str) -> Option<BusyGuard> {
        let mut busy = self.busy.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(id.to_string()).then(|| BusyGuard { store: self.clone(), id: id.to_string() })
    }
}

struct BusyGuard {
    store: UploadStore,
    id: String,
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.store.busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

pub fn routes() -> Router<ApiState> {
    Router::new()
        .route("/uploads", post(create).options(options))
        .route("/uploads/{id}", axum::routing::head(offset).patch(append).delete(terminate).get(status))
        .layer(DefaultBodyLimit::disable())
}

const H_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const H_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const H_LENGTH: HeaderName = HeaderName::from_static("upload-length");

fn tus(mut res: Response) -> Response {
    res.headers_mut().insert(H_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    res
}

fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn bad(code: ErrorCode, status: StatusCode, vi: &str, en: &str) -> Response {
    tus(AppError::new(status, code, vi, en).into_response())
}

fn refused(r: Refusal, max: u64) -> Response {
    let status = match r {
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::TypeNotAccepted => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Refusal::Empty | Refusal::PdfEncrypted => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let m = r.message(max);
    bad(ErrorCode::FileRefused, status, &m.vi, &m.en)
}

fn check_version(h: &HeaderMap) -> Result<(), Response> {
    if header_str(h, "tus-resumable") == Some(TUS_VERSION) {
        return Ok(());
    }
    let mut res = bad(
        ErrorCode::PreconditionFailed,
        StatusCode::PRECONDITION_FAILED,
        "Yêu cầu tải lên cần tiêu đề Tus-Resumable: 1.0.0.",
        "Upload requests need the header Tus-Resumable: 1.0.0.",
    );
    res.headers_mut().insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    Err(res)
}

fn not_found() -> Response {
    bad(
        ErrorCode::NotFound,
        StatusCode::NOT_FOUND,
        "Không tìm thấy tệp đang tải lên (có thể đã hết hạn sau 24 giờ). Hãy tải lại tệp.",
        "This upload was not found (it may have expired after 24 hours). Upload the file again.",
    )
}

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
fn metadata(h: &HeaderMap) -> Result<Vec<(String, String)>, ()> {
    let Some(raw) = header_str(h, "upload-metadata") else { return Ok(Vec::new()) };
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once(' ').unwrap_or((pair, ""));
            let v = base64::engine::general_purpose::STANDARD.decode(v.trim()).map_err(|_| ())?;
            Ok((k.to_string(), String::from_utf8(v).map_err(|_| ())?))
        })
        .collect()
}

/// A display name only: no path, no control characters, bounded.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "tep".into()
    } else {
        cleaned
    }
}

fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("system randomness");
    hex::encode(bytes)
}

fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn options() -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    h.insert("tus-extension", HeaderValue::from_static("creation,termination,checksum,expiration"));
    h.insert("tus-max-size", HeaderValue::from(MAX_SIZE));
    h.insert("tus-checksum-algorithm", HeaderValue::from_static("sha1,sha256"));
    tus(res)
}

struct Requirement {
    accepted: Vec<FileType>,
    max_bytes: u64,
}

async fn create(State(s): State<ApiState>, h: HeaderMap) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    let Some(length) = header_str(&h, "upload-length").and_then(|v| v.parse::<u64>().ok()) else {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Thiếu kích thước tệp (Upload-Length).",
            "Upload-Length is missing or not a number.",
        );
    };
    let Ok(meta) = metadata(&h) else {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Upload-Metadata không đúng dạng.",
            "Upload-Metadata is malformed.",
        );
    };
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let (Some(requirement_id), Some(draft)) = (get("requirement"), get("draft")) else {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Upload-Metadata cần requirement và draft.",
            "Upload-Metadata needs requirement and draft.",
        );
    };
    if draft.is_empty()
        || draft.len() > 64
        || !draft.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Mã bản nháp không hợp lệ.",
            "The draft id is not valid.",
        );
    }
    // A whole-file checksum, checked when the last byte arrives: it lets a PATCH cut off mid-way
    // keep what arrived (a per-chunk checksum makes every chunk all or nothing).
    let expected_sha256 = get("sha256");
    if expected_sha256
        .as_ref()
        .is_some_and(|h| h.len() != 64 || !h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Mã kiểm tra sha256 phải gồm 64 ký tự hex thường.",
            "The sha256 metadata must be 64 lower-case hex digits.",
        );
    }
    let req_id = requirement_id.clone();
    let requirement =
        s.db.call(move |c| {
            c.query_row("SELECT accepted_types, max_bytes FROM requirements WHERE id = ?1", [req_id], |r| {
                Ok(Requirement { accepted: json_from(&r.get::<_, String>(0)?)?, max_bytes: r.get::<_, i64>(1)? as u64 })
            })
            .optional()
        })
        .await;
    let requirement = match requirement {
        Ok(Some(r)) => r,
        Ok(None) => {
            return bad(
                ErrorCode::BadRequest,
                StatusCode::BAD_REQUEST,
                "Không có loại giấy tờ này.",
                "There is no such requirement.",
            )
        }
        Err(e) => return AppError::from(e).into_response(),
    };
    let max = requirement.max_bytes.min(MAX_SIZE);
    if length == 0 {
        return refused(Refusal::Empty, max);
    }
    if length > max {
        return refused(Refusal::TooLarge, max);
    }
    if let Some(declared) = get("filetype").as_deref().and_then(FileType::from_mime) {
        if !requirement.accepted.contains(&declared) {
            return refused(Refusal::TypeNotAccepted, max);
        }
    }
    let id = random_id();
    let now = Utc::now();
    let expires = now + chrono::Duration::hours(EXPIRY_HOURS);
    if let Err(e) = tokio::fs::File::create(s.uploads.path(&id)).await {
        tracing::error!(error = %e, "cannot create upload file");
        return AppError::internal().into_response();
    }
    let name = clean_file_name(&get("filename").unwrap_or_default());
    let row =
        (id.clone(), requirement_id, draft, length, name, now.to_rfc3339(), expires.to_rfc3339(), expected_sha256);
    let inserted =
        s.db.call(move |c| {
            let tx = c.transaction()?;
            let used: i64 =
                tx.query_row("SELECT COALESCE(SUM(length), 0) FROM uploads WHERE draft = ?1", [&row.2], |r| r.get(0))?;
            if used as u64 + row.3 > DRAFT_LIMIT {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO uploads (id, requirement_id, draft, length, file_name, state, created_at, expires_at,
                    expected_sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'uploading', ?6, ?7, ?8)",
                params![row.0, row.1, row.2, row.3 as i64, row.4, row.5, row.6, row.7],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await;
    match inserted {
        Ok(true) => {}
        Ok(false) => {
            let _ = tokio::fs::remove_file(s.uploads.path(&id)).await;
            let mib = DRAFT_LIMIT / 1024 / 1024;
            return bad(
                ErrorCode::PayloadTooLarge,
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!("Tổng dung lượng các tệp của hồ sơ vượt quá {mib} MB. Hãy bỏ bớt tệp hoặc giảm kích thước ảnh."),
                &format!("The files of this application add up to more than {mib} MB. Remove some or make the photos smaller."),
            );
        }
        Err(e) => return AppError::from(e).into_response(),
    }
    let mut res = StatusCode::CREATED.into_response();
    let hm = res.headers_mut();
    let location = format!("{}/uploads/{id}", motcua_domain::api::API_PREFIX);
    hm.insert(header::LOCATION, HeaderValue::from_str(&location).expect("ascii"));
    hm.insert("upload-expires", HeaderValue::from_str(&http_date(expires)).expect("ascii"));
    tus(res)
}

/// The stored row of an upload that has not expired.
struct Row {
    length: u64,
    requirement_id: String,
    complete: bool,
    attached: bool,
    /// The whole file's SHA-256 (hex) the client declared at creation.
    expected_sha256: Option<String>,
}

async fn row(s: &ApiState, id: &str) -> Result<Option<Row>, AppError> {
    if !valid_id(id) {
        return Ok(None);
    }
    let id = id.to_string();
    let now = Utc::now().to_rfc3339();
    Ok(s.db
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

async fn file_len(s: &ApiState, id: &str) -> u64 {
    tokio::fs::metadata(s.uploads.path(id)).await.map(|m| m.len()).unwrap_or(0)
}

async fn offset(State(s): State<ApiState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    let row = match row(&s, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let mut res = StatusCode::OK.into_response();
    let hm = res.headers_mut();
    hm.insert(H_OFFSET, HeaderValue::from(file_len(&s, &id).await.min(row.length)));
    hm.insert(H_LENGTH, HeaderValue::from(row.length));
    hm.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    tus(res)
}

enum Hasher {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Hasher {
    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// `Upload-Checksum: <algorithm> <base64 digest>`.
fn checksum(h: &HeaderMap) -> Result<Option<(Hasher, Vec<u8>)>, Response> {
    let Some(raw) = header_str(h, "upload-checksum") else { return Ok(None) };
    let (algo, digest) = raw.trim().split_once(' ').unwrap_or((raw, ""));
    let digest = base64::engine::general_purpose::STANDARD.decode(digest.trim()).map_err(|_| {
        bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Upload-Checksum không đúng dạng.",
            "Upload-Checksum is malformed.",
        )
    })?;
    let hasher = match algo {
        "sha1" => Hasher::Sha1(sha1::Sha1::new()),
        "sha256" => Hasher::Sha256(sha2::Sha256::new()),
        _ => {
            return Err(bad(
                ErrorCode::BadRequest,
                StatusCode::BAD_REQUEST,
                "Chỉ hỗ trợ sha1 và sha256.",
                "Only sha1 and sha256 checksums are supported.",
            ))
        }
    };
    Ok(Some((hasher, digest)))
}

async fn truncate(s: &ApiState, id: &str, len: u64) {
    if let Ok(f) = tokio::fs::OpenOptions::new().write(true).open(s.uploads.path(id)).await {
        let _ = f.set_len(len).await;
    }
}

async fn append(State(s): State<ApiState>, Path(id): Path<String>, h: HeaderMap, body: Body) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    if header_str(&h, "content-type") != Some("application/offset+octet-stream") {
        return bad(
            ErrorCode::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "PATCH cần Content-Type: application/offset+octet-stream.",
            "PATCH needs Content-Type: application/offset+octet-stream.",
        );
    }
    let Some(claimed) = header_str(&h, "upload-offset").and_then(|v| v.parse::<u64>().ok()) else {
        return bad(
            ErrorCode::BadRequest,
            StatusCode::BAD_REQUEST,
            "Thiếu Upload-Offset.",
            "Upload-Offset is missing or not a number.",
        );
    };
    let mut check = match checksum(&h) {
        Ok(c) => c,
        Err(res) => return res,
    };
    let row = match row(&s, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let Some(_guard) = s.uploads.lock(&id) else {
        return bad(
            ErrorCode::Conflict,
            StatusCode::CONFLICT,
            "Tệp này đang được tải lên ở một yêu cầu khác.",
            "Another request is writing this upload.",
        );
    };
    let start = file_len(&s, &id).await;
    if row.complete || claimed != start {
        let mut res = bad(
            ErrorCode::Conflict,
            StatusCode::CONFLICT,
            "Vị trí tải lên không khớp; hãy hỏi lại vị trí (HEAD) rồi tiếp tục.",
            "The offset does not match; ask for it again (HEAD) and resume.",
        );
        res.headers_mut().insert(H_OFFSET, HeaderValue::from(start));
        return res;
    }
    let mut file = match tokio::fs::OpenOptions::new().append(true).open(s.uploads.path(&id)).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "cannot open upload file");
            return AppError::internal().into_response();
        }
    };
    let remaining = row.length - start;
    let mut written: u64 = 0;
    let mut stream = body.into_data_stream();
    let mut broken = false;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            broken = true;
            break;
        };
        if written + chunk.len() as u64 > remaining {
            drop(file);
            truncate(&s, &id, start).await;
            return bad(
                ErrorCode::PayloadTooLarge,
                StatusCode::PAYLOAD_TOO_LARGE,
                "Gửi nhiều dữ liệu hơn kích thước tệp đã khai báo.",
                "More bytes were sent than the declared length.",
            );
        }
        if let Some((hasher, _)) = check.as_mut() {
            hasher.update(&chunk);
        }
        if let Err(e) = file.write_all(&chunk).await {
            tracing::error!(error = %e, "cannot write upload");
            drop(file);
            truncate(&s, &id, start).await;
            return AppError::internal().into_response();
        }
        written += chunk.len() as u64;
    }
    let _ = file.sync_data().await;
    drop(file);
    if let Some((hasher, expected)) = check {
        if broken || hasher.finish() != expected {
            truncate(&s, &id, start).await;
            return bad(
                ErrorCode::ChecksumMismatch,
                StatusCode::from_u16(460).expect("valid status"),
                "Dữ liệu nhận được không khớp mã kiểm tra; phần này đã bị bỏ, hãy gửi lại.",
                "The bytes received do not match the checksum; this part was discarded, send it again.",
            );
        }
    }
    // Without a checksum, whatever reached the disk stays: the client resumes from there.
    let offset = start + written;
    if offset == row.length {
        if let Err(res) = finish(&s, &id, &row).await {
            return res;
        }
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(H_OFFSET, HeaderValue::from(offset));
    tus(res)
}

/// Checks a complete upload by content and records its type and sha256; a refused file is
/// deleted and the client told why.
async fn finish(s: &ApiState, id: &str, row: &Row) -> Result<(), Response> {
    let path = s.uploads.path(id);
    let bytes = tokio::fs::read(&path).await.map_err(|_| AppError::internal().into_response())?;
    let req = row.requirement_id.clone();
    let (accepted, max) =
        s.db.call(move |c| {
            c.query_row("SELECT accepted_types, max_bytes FROM requirements WHERE id = ?1", [req], |r| {
                Ok((json_from::<Vec<FileType>>(&r.get::<_, String>(0)?)?, r.get::<_, i64>(1)? as u64))
            })
        })
        .await
        .map_err(|e| AppError::from(e).into_response())?;
    let max = max.min(MAX_SIZE);
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    if row.expected_sha256.as_ref().is_some_and(|e| *e != sha) {
        // Damaged on the way: start the file again from byte 0.
        truncate(s, id, 0).await;
        return Err(bad(
            ErrorCode::ChecksumMismatch,
            StatusCode::from_u16(460).expect("valid status"),
            "Tệp nhận được không khớp mã kiểm tra; tệp sẽ được gửi lại từ đầu.",
            "The file received does not match its checksum; it will be sent again from the start.",
        ));
    }
    match files::check(&bytes, &accepted, max) {
        Ok(kind) => {
            let id = id.to_string();
            s.db.call(move |c| {
                c.execute(
                    "UPDATE uploads SET state = 'complete', file_type = ?2, sha256 = ?3 WHERE id = ?1",
                    params![id, enum_str(&kind), sha],
                )
            })
            .await
            .map_err(|e| AppError::from(e).into_response())?;
            Ok(())
        }
        Err(refusal) => {
            let _ = tokio::fs::remove_file(&path).await;
            let id = id.to_string();
            let _ = s.db.call(move |c| c.execute("DELETE FROM uploads WHERE id = ?1", [id])).await;
            Err(refused(refusal, max))
        }
    }
}

async fn terminate(State(s): State<ApiState>, Path(id): Path<String>, h: HeaderMap) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    match row(&s, &id).await {
        Ok(Some(r)) if r.attached => {
            return bad(
                ErrorCode::Conflict,
                StatusCode::CONFLICT,
                "Tệp đã thuộc một hồ sơ đã nộp nên không xoá được.",
                "This file belongs to a submitted application and cannot be deleted.",
            )
        }
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    }
    let Some(_guard) = s.uploads.lock(&id) else {
        return bad(ErrorCode::Conflict, StatusCode::CONFLICT, "Tệp đang được tải lên.", "The file is being uploaded.");
    };
    let _ = tokio::fs::remove_file(s.uploads.path(&id)).await;
    let id2 = id.clone();
    if let Err(e) = s.db.call(move |c| c.execute("DELETE FROM uploads WHERE id = ?1", [id2])).await {
        return AppError::from(e).into_response();
    }
    tus(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/uploads/{id}`: what the back end holds of an upload.
#[derive(Serialize)]
pub struct UploadStatus {
    pub id: String,
    pub requirement_id: String,
    pub length: u64,
    pub offset: u64,
    pub complete: bool,
    pub file_type: Option<FileType>,
    pub sha256: Option<String>,
}

async fn status(State(s): State<ApiState>, Path(id): Path<String>) -> Response {
    let row = match row(&s, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let id2 = id.clone();
    let extra =
        s.db.call(move |c| {
            c.query_row("SELECT file_type, sha256 FROM uploads WHERE id = ?1", [id2], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?))
            })
        })
        .await;
    let (file_type, sha256) = match extra {
        Ok(x) => x,
        Err(e) => return AppError::from(e).into_response(),
    };
    let offset = file_len(&s, &id).await.min(row.length);
    Json(UploadStatus {
        id,
        requirement_id: row.requirement_id,
        length: row.length,
        offset,
        complete: row.complete,
        file_type: file_type.and_then(|t| json_from(&format!("\"{t}\"")).ok()),
        sha256,
    })
    .into_response()
}

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

    #[test]
    fn client_file_names_never_become_paths() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\an\\giấy khai sinh.pdf"), "giấy khai sinh.pdf");
        assert_eq!(clean_file_name("a\u{0}b\nc.png"), "abc.png");
        assert_eq!(clean_file_name(""), "tep");
        assert!(!valid_id("../x") && valid_id(&random_id()));
    }

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
