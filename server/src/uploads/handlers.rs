//! The tus handlers: create, offset (HEAD), append (PATCH), terminate (DELETE), and the status
//! of an upload (GET, not part of tus).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use futures_util::StreamExt;
use motcua_domain::api::ErrorCode;
use motcua_domain::files::{self, FileType, Refusal};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::Digest;
use tokio::io::AsyncWriteExt;

use super::protocol::*;
use super::records::{row, Row};
use super::store::UploadStore;
use super::{DRAFT_LIMIT, EXPIRY_HOURS, MAX_SIZE};
use crate::db::{enum_str, json_from, Db};
use crate::error::AppError;

struct Requirement {
    accepted: Vec<FileType>,
    max_bytes: u64,
}

pub(super) async fn create(State(db): State<Db>, State(store): State<UploadStore>, h: HeaderMap) -> Response {
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
    let requirement = db
        .call(move |c| {
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
    if let Err(e) = tokio::fs::File::create(store.path(&id)).await {
        tracing::error!(error = %e, "cannot create upload file");
        return AppError::internal().into_response();
    }
    let name = clean_file_name(&get("filename").unwrap_or_default());
    let row =
        (id.clone(), requirement_id, draft, length, name, now.to_rfc3339(), expires.to_rfc3339(), expected_sha256);
    let inserted = db
        .call(move |c| {
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
            let _ = tokio::fs::remove_file(store.path(&id)).await;
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

pub(super) async fn offset(
    State(db): State<Db>,
    State(store): State<UploadStore>,
    Path(id): Path<String>,
    h: HeaderMap,
) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    let row = match row(&db, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let mut res = StatusCode::OK.into_response();
    let hm = res.headers_mut();
    hm.insert(H_OFFSET, HeaderValue::from(store.len(&id).await.min(row.length)));
    hm.insert(H_LENGTH, HeaderValue::from(row.length));
    hm.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    tus(res)
}

pub(super) async fn append(
    State(db): State<Db>,
    State(store): State<UploadStore>,
    Path(id): Path<String>,
    h: HeaderMap,
    body: Body,
) -> Response {
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
    let row = match row(&db, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let Some(_guard) = store.lock(&id) else {
        return bad(
            ErrorCode::Conflict,
            StatusCode::CONFLICT,
            "Tệp này đang được tải lên ở một yêu cầu khác.",
            "Another request is writing this upload.",
        );
    };
    let start = store.len(&id).await;
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
    let mut file = match tokio::fs::OpenOptions::new().append(true).open(store.path(&id)).await {
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
            store.truncate(&id, start).await;
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
            store.truncate(&id, start).await;
            return AppError::internal().into_response();
        }
        written += chunk.len() as u64;
    }
    let _ = file.sync_data().await;
    drop(file);
    if let Some((hasher, expected)) = check {
        if broken || hasher.finish() != expected {
            store.truncate(&id, start).await;
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
        if let Err(res) = finish(&db, &store, &id, &row).await {
            return res;
        }
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(H_OFFSET, HeaderValue::from(offset));
    tus(res)
}

/// Checks a complete upload by content and records its type and sha256; a refused file is
/// deleted and the client told why.
async fn finish(db: &Db, store: &UploadStore, id: &str, row: &Row) -> Result<(), Response> {
    let path = store.path(id);
    let bytes = tokio::fs::read(&path).await.map_err(|_| AppError::internal().into_response())?;
    let req = row.requirement_id.clone();
    let (accepted, max) = db
        .call(move |c| {
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
        store.truncate(id, 0).await;
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
            db.call(move |c| {
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
            let _ = db.call(move |c| c.execute("DELETE FROM uploads WHERE id = ?1", [id])).await;
            Err(refused(refusal, max))
        }
    }
}

pub(super) async fn terminate(
    State(db): State<Db>,
    State(store): State<UploadStore>,
    Path(id): Path<String>,
    h: HeaderMap,
) -> Response {
    if let Err(res) = check_version(&h) {
        return res;
    }
    match row(&db, &id).await {
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
    let Some(_guard) = store.lock(&id) else {
        return bad(ErrorCode::Conflict, StatusCode::CONFLICT, "Tệp đang được tải lên.", "The file is being uploaded.");
    };
    let _ = tokio::fs::remove_file(store.path(&id)).await;
    let id2 = id.clone();
    if let Err(e) = db.call(move |c| c.execute("DELETE FROM uploads WHERE id = ?1", [id2])).await {
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

pub(super) async fn status(State(db): State<Db>, State(store): State<UploadStore>, Path(id): Path<String>) -> Response {
    let row = match row(&db, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return e.into_response(),
    };
    let id2 = id.clone();
    let extra = db
        .call(move |c| {
            c.query_row("SELECT file_type, sha256 FROM uploads WHERE id = ?1", [id2], |r| {
                Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?))
            })
        })
        .await;
    let (file_type, sha256) = match extra {
        Ok(x) => x,
        Err(e) => return AppError::from(e).into_response(),
    };
    let offset = store.len(&id).await.min(row.length);
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
