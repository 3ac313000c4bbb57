//! Routes of `/api/v1`.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::{middleware, Json, Router};
use motcua_domain::api::Health;
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::{ProcedureDetail, ProcedureList};
use motcua_domain::forms::FormDefinition;
use motcua_domain::office::Office;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::state::AppState;

/// JSON request bodies of this API are small; uploads have their own limits.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/procedures", get(procedures))
        .route("/procedures/{id}", get(procedure))
        .route("/procedures/{id}/form", get(form))
        .route("/offices", get(offices))
        .route("/offices/{id}/statistics", get(crate::stats::statistics))
        .route("/calendar", get(calendar))
        .merge(crate::uploads::routes())
        .merge(crate::dossiers::routes())
        .merge(crate::appointments::routes())
        .fallback(|| async { AppError::not_found() })
        .method_not_allowed_fallback(|| async { AppError::method_not_allowed() })
        .with_state(state)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(middleware::map_response(no_store))
        .layer(middleware::from_fn(crate::compress::api))
}

/// API answers are personal or change with the data: no cache may keep them.
async fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

async fn procedures(State(db): State<Db>) -> Result<Json<ProcedureList>, AppError> {
    Ok(Json(db.read(|c| db::procedure_list(c)).await?))
}

async fn procedure(State(db): State<Db>, ApiPath(id): ApiPath<String>) -> Result<Json<ProcedureDetail>, AppError> {
    db.read(move |c| db::procedure_detail(c, &id)).await?.map(Json).ok_or_else(AppError::not_found)
}

/// The procedure's declaration form as data; 404 when it has none (the paper form is uploaded).
async fn form(State(db): State<Db>, ApiPath(id): ApiPath<String>) -> Result<Json<FormDefinition>, AppError> {
    db.read(move |c| db::form(c, &id)).await?.map(Json).ok_or_else(AppError::not_found)
}

async fn offices(State(db): State<Db>) -> Result<Json<Vec<Office>>, AppError> {
    Ok(Json(db.read(|c| db::offices(c)).await?))
}

async fn calendar(State(db): State<Db>) -> Result<Json<Calendar>, AppError> {
    Ok(Json(db.read(|c| db::calendar(c)).await?))
}
