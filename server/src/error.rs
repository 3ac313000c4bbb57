//! The one error type of the API: every failure answers JSON with a stable code and a message in
//! Vietnamese and English.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::api::{ApiError, ErrorCode};

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
    /// Seconds, for `Retry-After` on 429, 503 and 507.
    pub retry_after: Option<u64>,
    /// More headers the answer needs (e.g. `Upload-Offset` on a tus conflict).
    pub headers: Vec<(&'static str, HeaderValue)>,
}

impl AppError {
    pub fn new(status: StatusCode, code: ErrorCode, vi: &str, en: &str) -> Self {
        AppError { status, body: ApiError::new(code, vi, en), retry_after: None, headers: Vec::new() }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "Không tìm thấy địa chỉ này trong API.",
            "There is no such address in the API.",
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            "Địa chỉ này không nhận phương thức HTTP đó.",
            "This address does not accept that HTTP method.",
        )
    }

    /// Too many requests: try again after `secs` seconds.
    pub fn rate_limited(secs: u64, vi: &str, en: &str) -> Self {
        let mut e = Self::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, vi, en);
        e.retry_after = Some(secs.max(1));
        e
    }

    pub fn with_header(mut self, name: &'static str, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.",
            "The system has a problem. Please try again in a few minutes.",
        )
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::internal()
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        tracing::error!(error = %e, "file error");
        AppError::internal()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        for (name, value) in self.headers {
            res.headers_mut().insert(name, value);
        }
        res
    }
}

/// For the command line (migrate, officer): the English message.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.body.message.en, self.status)
    }
}

impl std::error::Error for AppError {}
