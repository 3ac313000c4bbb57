//! The tus 1.0.0 protocol as headers: versions, metadata, checksums, and the error answers every
//! upload route shares.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Utc};
use motcua_domain::api::ErrorCode;
use motcua_domain::files::Refusal;
use sha2::Digest;

use super::{MAX_SIZE, TUS_VERSION};
use crate::error::AppError;

pub(super) const H_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
pub(super) const H_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
pub(super) const H_LENGTH: HeaderName = HeaderName::from_static("upload-length");

pub(super) fn tus(mut res: Response) -> Response {
    res.headers_mut().insert(H_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    res
}

pub(super) fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

pub(super) fn bad(code: ErrorCode, status: StatusCode, vi: &str, en: &str) -> Response {
    tus(AppError::new(status, code, vi, en).into_response())
}

pub(super) fn refused(r: Refusal, max: u64) -> Response {
    let status = match r {
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::TypeNotAccepted => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Refusal::Empty | Refusal::PdfEncrypted => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let m = r.message(max);
    bad(ErrorCode::FileRefused, status, &m.vi, &m.en)
}

pub(super) fn check_version(h: &HeaderMap) -> Result<(), Response> {
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

pub(super) fn not_found() -> Response {
    bad(
        ErrorCode::NotFound,
        StatusCode::NOT_FOUND,
        "Không tìm thấy tệp đang tải lên (có thể đã hết hạn sau 24 giờ). Hãy tải lại tệp.",
        "This upload was not found (it may have expired after 24 hours). Upload the file again.",
    )
}

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
pub(super) fn metadata(h: &HeaderMap) -> Result<Vec<(String, String)>, ()> {
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

pub(super) fn random_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("system randomness");
    hex::encode(bytes)
}

pub(super) fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

pub(super) async fn options() -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    h.insert("tus-extension", HeaderValue::from_static("creation,termination,checksum,expiration"));
    h.insert("tus-max-size", HeaderValue::from(MAX_SIZE));
    h.insert("tus-checksum-algorithm", HeaderValue::from_static("sha1,sha256"));
    tus(res)
}

pub(super) enum Hasher {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Hasher {
    pub(super) fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
        }
    }

    pub(super) fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
        }
    }
}

/// `Upload-Checksum: <algorithm> <base64 digest>`.
pub(super) fn checksum(h: &HeaderMap) -> Result<Option<(Hasher, Vec<u8>)>, Response> {
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
}
