//! Dossiers: submission ([`submit`]), tracking ([`tracking`]), supplements and rating
//! ([`after_result`]); every use of a second factor goes through [`guard`].

mod after_result;
mod guard;
pub mod records;
mod submit;
mod tracking;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::FieldError;
use motcua_domain::Text;

use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers", post(submit::submit))
        .route("/dossiers/{code}", get(tracking::track))
        .route("/dossiers/{code}/lookup", post(tracking::lookup))
        .route("/dossiers/{code}/supplements", post(after_result::supplement))
        .route("/dossiers/{code}/rating", post(after_result::rate))
}

fn conflict(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::CONFLICT, ErrorCode::Conflict, vi, en)
}

fn unprocessable(code: ErrorCode, vi: &str, en: &str, fields: Vec<FieldError>) -> AppError {
    let mut e = AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, vi, en);
    e.body.fields = fields;
    e
}

fn missing_token() -> AppError {
    AppError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::BadRequest,
        "Thiếu mã bí mật của bản nháp (Draft-Token) đã dùng khi tải tệp lên.",
        "The Draft-Token the files were uploaded with is missing.",
    )
}

/// Unfinished, unknown, another draft's, for another procedure, or already in a dossier.
fn upload_refused(id: &str) -> AppError {
    unprocessable(
        ErrorCode::BadRequest,
        "Có tệp chưa tải lên xong hoặc không thuộc hồ sơ này.",
        "An upload is unfinished, unknown or not for this procedure.",
        vec![FieldError {
            field: format!("uploads.{id}"),
            code: "upload".into(),
            message: Text::new("Tải lại tệp này.", "Upload this file again."),
        }],
    )
}

/// An upload may be named once.
fn no_duplicates(ids: &[String]) -> Result<(), AppError> {
    let mut seen = std::collections::HashSet::new();
    match ids.iter().find(|id| !seen.insert(id.as_str())) {
        None => Ok(()),
        Some(id) => Err(unprocessable(
            ErrorCode::BadRequest,
            "Một tệp được nêu hai lần trong hồ sơ.",
            "The same upload is listed twice.",
            vec![FieldError {
                field: format!("uploads.{id}"),
                code: "duplicate".into(),
                message: Text::new("Tệp này đã có trong hồ sơ.", "This file is already in the application."),
            }],
        )),
    }
}
