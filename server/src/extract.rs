//! Extractors whose every rejection answers in the API's error shape (JSON, both languages),
//! never axum's plain text: [`ApiJson`] for bodies (syntax, unknown field, wrong type, size,
//! content type) and [`ApiPath`] for path parameters (an escape that is not UTF-8, `%ff`).

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use motcua_domain::api::ErrorCode;

use crate::error::AppError;

pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                let status = rejection.status();
                let detail = rejection.body_text();
                let (code, vi, en) = match status {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                        ErrorCode::UnsupportedMediaType,
                        "Cần Content-Type: application/json.",
                        "Content-Type must be application/json.",
                    ),
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        (ErrorCode::PayloadTooLarge, "Nội dung gửi lên quá lớn.", "The request body is too large.")
                    }
                    _ => (
                        ErrorCode::InvalidJson,
                        "Nội dung gửi lên không đúng dạng JSON của API.",
                        "The body is not the JSON this API expects.",
                    ),
                };
                let mut e = AppError::new(status, code, vi, en);
                e.body.message.en = format!("{} {detail}", e.body.message.en);
                Err(e)
            }
        }
    }
}

pub struct ApiPath<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(rejection) => {
                tracing::debug!(%rejection, "path refused");
                // Nothing in the API's paths needs more than ASCII: whatever did not decode names
                // nothing there is.
                Err(AppError::not_found())
            }
        }
    }
}
