//! The tus handlers: create, offset (HEAD), append (PATCH), terminate (DELETE), and the status
//! of an upload (GET, not part of tus). Each takes only the upload service.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use futures_util::StreamExt;
use motcua_domain::api::ErrorCode;
use motcua_domain::files::{FileType, Refusal};
use serde::Serialize;

use super::protocol::*;
use super::records::{self, NewUpload};
use super::{Uploads, DRAFT_LIMIT, MAX_SIZE};
use crate::client::Client;
use crate::error::AppError;
use crate::extract::ApiPath;

/// Why a new upload does not fit.
enum Full {
    Draft,
    Client,
    Disk,
}

pub(super) async fn create(State(up): State<Uploads>, client: Client, h: HeaderMap) -> Result<Response, AppError> {
    check_version(&h)?;
    let length = header_str(&h, "upload-length").and_then(|v| v.parse::<u64>().ok()).ok_or_else(|| {
        bad_request("Thiếu kích thước tệp (Upload-Length).", "Upload-Length is missing or not a number.")
    })?;
    let meta = metadata(&h)?;
    let get = |k: &str| meta.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let requirement_id = get("requirement")
        .ok_or_else(|| bad_request("Upload-Metadata cần requirement.", "Upload-Metadata needs requirement."))?;
    let draft = draft_key(&h).ok_or_else(missing_token)?;
    // A whole-file checksum, checked when the last byte arrives: it lets a PATCH cut off mid-way
    // keep what arrived (a per-chunk checksum makes every chunk all or nothing).
    let expected_sha256 = get("sha256");
    if expected_sha256
        .as_ref()
        .is_some_and(|h| h.len() != 64 || !h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return Err(bad_request(
            "Mã kiểm tra sha256 phải gồm 64 ký tự hex thường.",
            "The sha256 metadata must be 64 lower-case hex digits.",
        ));
    }
    let (accepted, max) = crate::db::requirement_limits(&up.catalogue, &requirement_id)
        .await?
        .ok_or_else(|| bad_request("Không có loại giấy tờ này.", "There is no such requirement."))?;
    let max = max.min(MAX_SIZE);
    if length == 0 {
        return Err(refused(Refusal::Empty, max));
    }
    if length > max {
        return Err(refused(Refusal::TooLarge, max));
    }
    if let Some(declared) = get("filetype").as_deref().and_then(FileType::from_mime) {
        if !accepted.contains(&declared) {
            return Err(refused(Refusal::TypeNotAccepted, max));
        }
    }
    let id = random_id();
    // Until its first byte comes, an upload is kept only a short while.
    let expires = Utc::now() + chrono::Duration::from_std(up.settings.empty_expiry).unwrap_or_default();
    let free = up.store.free_bytes()?;
    let s = up.settings.clone();
    let new = NewUpload {
        id: id.clone(),
        requirement_id,
        draft,
        client: crate::client::tag(&client.quota_key()),
        length,
        file_name: clean_file_name(&get("filename").unwrap_or_default()),
        expires,
        expected_sha256,
    };
    let fits = records::insert_if(&up.records, new, move |u| {
        if u.draft_bytes + length > DRAFT_LIMIT {
            Err(Full::Draft)
        } else if u.client_bytes + length > s.upload_bytes_per_address
            || u.client_uploads + 1 > s.unfinished_uploads_per_address
        {
            Err(Full::Client)
        } else if free.saturating_sub(length) < s.disk_reserve_bytes {
            // Only bytes written count against the disk (they are out of `free` already): what
            // others declared and never sent takes nothing from this citizen.
            Err(Full::Disk)
        } else {
            Ok(())
        }
    })
    .await?;
    match fits {
        Ok(true) => {}
        Ok(false) => return Err(draft_closed()),
        Err(Full::Draft) => {
            let mib = DRAFT_LIMIT / 1024 / 1024;
            return Err(AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                &format!("Tổng dung lượng các tệp của hồ sơ vượt quá {mib} MB. Hãy bỏ bớt tệp hoặc giảm kích thước ảnh."),
                &format!("The files of this application add up to more than {mib} MB. Remove some or make the photos smaller."),
            ));
        }
        Err(Full::Client) => {
            tracing::warn!(event = "upload_quota", reason = "client", client = %client.tag(), "upload refused");
            return Err(AppError::rate_limited(
                600,
                "Có quá nhiều tệp chưa nộp được gửi từ mạng này. Hãy nộp hoặc xóa các hồ sơ đang làm dở, rồi thử lại sau ít phút.",
                "Too many files not yet in an application were sent from this network. Submit or clear the drafts in progress, then try again in a few minutes.",
            ));
        }
        Err(Full::Disk) => return Err(disk_full()),
    }
    if let Err(e) = up.store.create(&id).await {
        let _ = records::delete(&up.records, &id).await;
        return Err(e.into());
    }
    let mut res = StatusCode::CREATED.into_response();
    let hm = res.headers_mut();
    let location = format!("{}/uploads/{id}", motcua_domain::api::API_PREFIX);
    hm.insert(header::LOCATION, HeaderValue::from_str(&location).expect("ascii"));
    hm.insert(H_EXPIRES, expires_value(expires));
    Ok(res)
}

/// How long a HEAD or PATCH waits for an upload another request holds (see `Locker::lock_within`).
const SETTLE_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

pub(super) async fn offset(
    State(up): State<Uploads>,
    ApiPath(id): ApiPath<String>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    check_version(&h)?;
    let key = draft_key(&h).ok_or_else(not_found)?;
    let row = records::of_draft(&up.records, &id, &key).await?.ok_or_else(not_found)?;
    // A PATCH still writing (its connection just broke) is let finish, so the offset told is where
    // the upload really ends up; if it is still busy after the wait, what is there now.
    let settled = up.locks.lock_within(&id, SETTLE_WAIT).await;
    // Read again under the lock: another instance's PATCH may have just ended.
    let row = match &settled {
        Some(_) => records::of_draft(&up.records, &id, &key).await?.ok_or_else(not_found)?,
        None => row,
    };
    let len = up.store.len(&id, row.blob.as_deref()).await.min(row.length);
    // Every byte is there but the upload was never finished (the connection dropped right
    // after the last byte, or the server stopped): finish it now, under the same lock.
    if !row.complete && len == row.length {
        if let Some(lock) = settled {
            up.finish(id.clone(), lock, None).await?;
        }
    } else {
        drop(settled);
    }
    // Its owner asked: the draft's device is still there, so the upload is kept another full
    // period (WCAG 2.2.1: the citizen is warned before the limit and extends it this way). One
    // that never received a byte is not: asking keeps no declaration alive.
    let expires =
        records::extend(&up.records, &id, up.settings.finished_expiry, up.settings.unfinished_expiry, len > 0).await?;
    let mut res = StatusCode::OK.into_response();
    let hm = res.headers_mut();
    hm.insert(H_OFFSET, HeaderValue::from(len));
    hm.insert(H_LENGTH, HeaderValue::from(row.length));
    hm.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(t) = expires {
        hm.insert(H_EXPIRES, expires_value(t));
    }
    Ok(res)
}

pub(super) async fn append(
    State(up): State<Uploads>,
    ApiPath(id): ApiPath<String>,
    h: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    check_version(&h)?;
    if header_str(&h, "content-type") != Some("application/offset+octet-stream") {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "PATCH cần Content-Type: application/offset+octet-stream.",
            "PATCH needs Content-Type: application/offset+octet-stream.",
        ));
    }
    let claimed = header_str(&h, "upload-offset")
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| bad_request("Thiếu Upload-Offset.", "Upload-Offset is missing or not a number."))?;
    let mut check = checksum(&h)?;
    let key = draft_key(&h).ok_or_else(not_found)?;
    // Unknown to this draft: 404 before any lock is waited for.
    records::of_draft(&up.records, &id, &key).await?.ok_or_else(not_found)?;
    let lock = up.locks.lock_within(&id, SETTLE_WAIT).await.ok_or_else(|| {
        conflict("Tệp này đang được tải lên ở một yêu cầu khác.", "Another request is writing this upload.")
    })?;
    // Read again under the lock: the row as the last writer (on any instance) left it.
    let row = records::of_draft(&up.records, &id, &key).await?.ok_or_else(not_found)?;
    let start = up.store.len(&id, row.blob.as_deref()).await;
    if row.complete || claimed != start {
        return Err(conflict(
            "Vị trí tải lên không khớp; hãy hỏi lại vị trí (HEAD) rồi tiếp tục.",
            "The offset does not match; ask for it again (HEAD) and resume.",
        )
        .with_header("upload-offset", HeaderValue::from(start)));
    }
    let mut digest = up.restore_digest(&id, &row.saved, row.blob.as_deref(), start).await?;
    let mut file = up.store.writer(&id, row.blob.as_deref(), start).await?;
    let remaining = row.length - start;
    let mut written: u64 = 0;
    let mut stream = body.into_data_stream();
    let mut broken = false;
    let mut full = false;
    let mut next_disk_check = 0;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            broken = true;
            break;
        };
        // The reserve holds against bytes written, so it is checked as they come.
        if written >= next_disk_check {
            if up.store.free_bytes()?.saturating_sub(chunk.len() as u64) < up.settings.disk_reserve_bytes {
                full = true;
                break;
            }
            next_disk_check = written + DISK_CHECK_EVERY;
        }
        if written + chunk.len() as u64 > remaining {
            file.abort().await;
            return Err(AppError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                "Gửi nhiều dữ liệu hơn kích thước tệp đã khai báo.",
                "More bytes were sent than the declared length.",
            ));
        }
        if let Some((hasher, _)) = check.as_mut() {
            hasher.update(&chunk);
        }
        if let Err(e) = file.write(&chunk).await {
            file.abort().await;
            return Err(e.into());
        }
        digest.update(&chunk);
        written += chunk.len() as u64;
    }
    if let Some((hasher, expected)) = check {
        if full {
            file.abort().await;
            return Err(disk_full());
        }
        if broken || hasher.finish() != expected {
            file.abort().await;
            return Err(checksum_mismatch(
                "Dữ liệu nhận được không khớp mã kiểm tra; phần này đã bị bỏ, hãy gửi lại.",
                "The bytes received do not match the checksum; this part was discarded, send it again.",
            ));
        }
    }
    // Without a checksum, whatever reached the disk stays: the client resumes from there. The
    // rest runs to the end in its own task, whatever the connection does now.
    let offset = start + written;
    let done = offset == row.length;
    let me = up.clone();
    let task = tokio::spawn(async move {
        let committed = file.commit(done).await?;
        let expires = (written > 0).then(|| records::later(me.settings.unfinished_expiry));
        records::save_progress(&me.records, &id, digest.saved(), expires, committed.blob).await?;
        me.store.forget(committed.old_tail).await;
        if done {
            me.finish(id, lock, Some(digest)).await?;
        }
        Ok::<(), AppError>(())
    });
    task.await.map_err(|_| AppError::internal())??;
    if full {
        // What reached the disk stays; the client resumes from there once there is room.
        return Err(disk_full().with_header("upload-offset", HeaderValue::from(offset)));
    }
    let kept = if done { up.settings.finished_expiry } else { up.settings.unfinished_expiry };
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(H_OFFSET, HeaderValue::from(offset));
    res.headers_mut()
        .insert(H_EXPIRES, expires_value(Utc::now() + chrono::Duration::from_std(kept).unwrap_or_default()));
    Ok(res)
}

pub(super) async fn terminate(
    State(up): State<Uploads>,
    ApiPath(id): ApiPath<String>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    check_version(&h)?;
    let key = draft_key(&h).ok_or_else(not_found)?;
    if !valid_id(&id) {
        return Err(not_found());
    }
    let _lock =
        up.locks.lock(&id).await.ok_or_else(|| conflict("Tệp đang được tải lên.", "The file is being uploaded."))?;
    let blob = records::of_draft(&up.records, &id, &key).await?.and_then(|r| r.blob);
    match records::delete_free(&up.records, &id, &key).await? {
        Some(true) => {
            up.store.remove(&id, blob.as_deref()).await;
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        Some(false) => Err(conflict(
            "Tệp đã thuộc một hồ sơ đã nộp nên không xoá được.",
            "This file belongs to a submitted application and cannot be deleted.",
        )),
        None => Err(not_found()),
    }
}

/// The disk is down to its reserve: 507, try again later.
fn disk_full() -> AppError {
    tracing::error!(event = "upload_quota", reason = "disk_reserve", "upload refused: disk reserve reached");
    let mut e = AppError::new(
        StatusCode::INSUFFICIENT_STORAGE,
        ErrorCode::Unavailable,
        "Hệ thống tạm thời không nhận thêm tệp. Phần đã gửi vẫn được giữ; hãy thử lại sau ít phút.",
        "The system cannot take more files just now. What was sent is kept; try again in a few minutes.",
    );
    e.retry_after = Some(600);
    e
}

/// Bytes written between two looks at the free disk space during a PATCH.
const DISK_CHECK_EVERY: u64 = 1024 * 1024;

fn draft_closed() -> AppError {
    AppError::new(
        StatusCode::GONE,
        ErrorCode::NotFound,
        "Bản nháp này đã được xóa trên máy của bạn nên không nhận thêm tệp. Hãy bắt đầu hồ sơ mới.",
        "This draft was cleared on its device and takes no more files. Start a new application.",
    )
}

/// How long closing a draft waits for a request still writing one of its uploads (the device
/// stopped it; the server notices the dropped connection within moments).
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// `DELETE /api/v1/uploads` with a `Draft-Token`: the citizen ended the draft on the device
/// ("finish and clear" on a kiosk, "this is not me"). Every upload of the draft that no dossier
/// holds is terminated, and the draft takes no new upload. Idempotent; 204 even for a draft the
/// server never saw (a draft that uploaded nothing is still closed).
pub(super) async fn close_draft(State(up): State<Uploads>, h: HeaderMap) -> Result<Response, AppError> {
    let key = draft_key(&h).ok_or_else(missing_token)?;
    let ids = records::close_draft(&up.records, &key).await?;
    let mut busy = 0;
    for id in &ids {
        let Some(_lock) = up.locks.lock_within(id, CLOSE_WAIT).await else {
            busy += 1;
            continue;
        };
        let blob = records::of_draft(&up.records, id, &key).await?.and_then(|r| r.blob);
        if records::delete_free(&up.records, id, &key).await? == Some(true) {
            up.store.remove(id, blob.as_deref()).await;
        }
    }
    tracing::info!(event = "draft_closed", uploads = ids.len() - busy, busy, "draft closed on its device");
    if busy > 0 {
        let mut e = conflict(
            "Một số tệp vẫn đang được ghi. Hãy thử lại sau giây lát.",
            "Some files are still being written. Try again in a moment.",
        );
        e.retry_after = Some(1);
        return Err(e);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
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

pub(super) async fn status(
    State(up): State<Uploads>,
    ApiPath(id): ApiPath<String>,
    h: HeaderMap,
) -> Result<Response, AppError> {
    let key = draft_key(&h).ok_or_else(not_found)?;
    let row = records::of_draft(&up.records, &id, &key).await?.ok_or_else(not_found)?;
    let offset = up.store.len(&id, row.blob.as_deref()).await.min(row.length);
    Ok(Json(UploadStatus {
        id,
        requirement_id: row.requirement_id,
        length: row.length,
        offset,
        complete: row.complete,
        file_type: row.file_type,
        sha256: row.sha256,
    })
    .into_response())
}
