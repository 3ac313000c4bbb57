//! The tus 1.0.0 protocol as headers: versions, metadata, checksums, the draft token, and the
//! error answers every upload route shares (`Tus-Resumable` is added to all of them by the
//! routes' layer).

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
pub(super) const H_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
pub(super) const H_LENGTH: HeaderName = HeaderName::from_static("upload-length");
/// The secret of the draft an upload belongs to; see [`draft_key`].
pub const H_DRAFT_TOKEN: &str = "draft-token";

/// Every upload answer says which tus version it speaks.
pub(super) async fn tus(mut res: Response) -> Response {
    res.headers_mut().insert(H_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    res
}

pub(super) fn header_str<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

pub(super) fn bad_request(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, vi, en)
}

pub(super) fn conflict(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::CONFLICT, ErrorCode::Conflict, vi, en)
}

pub(super) fn checksum_mismatch(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::from_u16(460).expect("valid status"), ErrorCode::ChecksumMismatch, vi, en)
}

pub(super) fn refused(r: Refusal, max: u64) -> AppError {
    let status = match r {
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::TypeNotAccepted => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Refusal::Empty | Refusal::PdfEncrypted => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let m = r.message(max);
    AppError::new(status, ErrorCode::FileRefused, &m.vi, &m.en)
}

pub(super) fn check_version(h: &HeaderMap) -> Result<(), AppError> {
    if header_str(h, "tus-resumable") == Some(TUS_VERSION) {
        return Ok(());
    }
    let mut e = AppError::new(
        StatusCode::PRECONDITION_FAILED,
        ErrorCode::PreconditionFailed,
        "Yêu cầu tải lên cần tiêu đề Tus-Resumable: 1.0.0.",
        "Upload requests need the header Tus-Resumable: 1.0.0.",
    );
    e.headers.push(("tus-version", HeaderValue::from_static(TUS_VERSION)));
    Err(e)
}

/// Unknown, expired, or another draft's: the same answer.
pub(super) fn not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "Không tìm thấy tệp đang tải lên (có thể đã hết hạn). Hãy tải lại tệp.",
        "This upload was not found (it may have expired). Upload the file again.",
    )
}

/// The draft an upload request speaks for: the SHA-256 (hex) of its `Draft-Token`, a secret of
/// 32 to 128 letters, digits, `-` or `_` that the app makes with each draft and keeps on the
/// device. Only the hash is stored; an upload id alone opens nothing.
pub fn draft_key(h: &HeaderMap) -> Option<String> {
    draft_key_of(header_str(h, H_DRAFT_TOKEN)?)
}

pub fn draft_key_of(token: &str) -> Option<String> {
    let ok =
        (32..=128).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| hex::encode(sha2::Sha256::digest(token.as_bytes())))
}

pub(super) fn missing_token() -> AppError {
    bad_request(
        "Thiếu mã bí mật của bản nháp (Draft-Token: 32–128 chữ, số, - hoặc _).",
        "The draft's secret is missing (Draft-Token: 32–128 letters, digits, - or _).",
    )
}

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs.
pub(super) fn metadata(h: &HeaderMap) -> Result<Vec<(String, String)>, AppError> {
    let malformed = || bad_request("Upload-Metadata không đúng dạng.", "Upload-Metadata is malformed.");
    let Some(raw) = header_str(h, "upload-metadata") else { return Ok(Vec::new()) };
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once(' ').unwrap_or((pair, ""));
            let v = base64::engine::general_purpose::STANDARD.decode(v.trim()).map_err(|_| malformed())?;
            Ok((k.to_string(), String::from_utf8(v).map_err(|_| malformed())?))
        })
        .collect()
}

/// Characters that change the direction or visibility of text: a file name "gpj.exe" shown
/// right to left reads "exe.jpg".
fn hidden_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A display name only: no path, no control or direction characters, bounded.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control() && !hidden_format(*c)).take(120).collect();
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

/// An `Upload-Expires` value.
pub(super) fn expires_value(t: DateTime<Utc>) -> HeaderValue {
    HeaderValue::from_str(&http_date(t)).expect("an HTTP date is ASCII")
}

pub(super) async fn options() -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    h.insert("tus-extension", HeaderValue::from_static("creation,termination,checksum,expiration"));
    h.insert("tus-max-size", HeaderValue::from(MAX_SIZE));
    h.insert("tus-checksum-algorithm", HeaderValue::from_static("sha1,sha256"));
    res
}

/// A per-request checksum (tus checksum extension).
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
pub(super) fn checksum(h: &HeaderMap) -> Result<Option<(Hasher, Vec<u8>)>, AppError> {
    let Some(raw) = header_str(h, "upload-checksum") else { return Ok(None) };
    let (algo, digest) = raw.trim().split_once(' ').unwrap_or((raw, ""));
    let digest = base64::engine::general_purpose::STANDARD
        .decode(digest.trim())
        .map_err(|_| bad_request("Upload-Checksum không đúng dạng.", "Upload-Checksum is malformed."))?;
    let hasher = match algo {
        "sha1" => Hasher::Sha1(sha1::Sha1::new()),
        "sha256" => Hasher::Sha256(sha2::Sha256::new()),
        _ => return Err(bad_request("Chỉ hỗ trợ sha1 và sha256.", "Only sha1 and sha256 checksums are supported.")),
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

    #[test]
    fn direction_and_invisible_characters_are_removed_from_file_names() {
        assert_eq!(clean_file_name("anh\u{202E}gpj.exe"), "anhgpj.exe");
        assert_eq!(clean_file_name("\u{2067}a\u{200B}b\u{FEFF}.pdf\u{2069}"), "ab.pdf");
        assert_eq!(clean_file_name("\u{202E}"), "tep");
        assert_eq!(clean_file_name("Giấy chứng sinh – bản sao.pdf"), "Giấy chứng sinh – bản sao.pdf");
    }

    #[test]
    fn draft_tokens_are_long_secrets_kept_only_as_hashes() {
        let key = draft_key_of("d0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(key.len(), 64);
        assert!(!key.contains("0123456789abcdef0123"));
        assert_eq!(draft_key_of("short"), None);
        assert_eq!(draft_key_of(&"a".repeat(129)), None);
        assert_eq!(draft_key_of("d0123456789abcdef0123456789abcde/"), None);
    }
}
