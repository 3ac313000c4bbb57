//! `ApiJson`: JSON bodies whose every rejection (syntax, unknown field, wrong type, size,
//! content type) answers in the API's error shape.

use axum::extract::{FromRequest, Request};
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
