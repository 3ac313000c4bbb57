//! The envelope of the API: paths and the one error shape every route answers with.

use serde::{Deserialize, Serialize};

use crate::applicant::FieldError;
use crate::Text;

/// Every route of the contract lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Stable machine codes: clients branch on these, never on messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum ErrorCode {
    NotFound,
    MethodNotAllowed,
    BadRequest,
    InvalidJson,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Conflict,
    Internal,
    Unavailable,
    /// A tus request without a supported `Tus-Resumable` version.
    PreconditionFailed,
    /// A tus chunk whose `Upload-Checksum` does not match its bytes (status 460).
    ChecksumMismatch,
    /// An upload whose content is refused (type, size, empty, password).
    FileRefused,
    /// Applicant details with problems; `fields` lists them.
    InvalidApplicant,
    /// Required documents missing; `fields` names the requirements.
    Incomplete,
    /// Answers to the declaration form with problems; `fields` lists them (`declaration.{id}`).
    InvalidDeclaration,
    /// A code this build does not know yet (a newer back end).
    Unknown,
}
crate::enum_from_wire_name!(ErrorCode {
    "not_found" => NotFound, "method_not_allowed" => MethodNotAllowed, "bad_request" => BadRequest,
    "invalid_json" => InvalidJson, "payload_too_large" => PayloadTooLarge,
    "unsupported_media_type" => UnsupportedMediaType, "rate_limited" => RateLimited, "conflict" => Conflict,
    "internal" => Internal, "unavailable" => Unavailable, "precondition_failed" => PreconditionFailed,
    "checksum_mismatch" => ChecksumMismatch, "file_refused" => FileRefused,
    "invalid_applicant" => InvalidApplicant, "incomplete" => Incomplete,
    "invalid_declaration" => InvalidDeclaration, "unknown" => Unknown,
} else Unknown);

/// The JSON body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: Text,
    /// Per-field problems, for validation errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, vi: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError { code, message: Text::new(vi, en), fields: Vec::new() }
    }
}

/// `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_error_codes_from_a_newer_server_still_parse() {
        let e: ApiError = serde_json::from_str(r#"{"code":"quota_exceeded","message":{"vi":"a","en":"b"}}"#).unwrap();
        assert_eq!(e.code, ErrorCode::Unknown);
        let e: ApiError = serde_json::from_str(r#"{"code":"not_found","message":{"vi":"a","en":"b"}}"#).unwrap();
        assert_eq!(e.code, ErrorCode::NotFound);
    }
}
