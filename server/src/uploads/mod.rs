//! Resumable uploads: tus 1.0.0 (core, creation, termination, checksum, expiration) under
//! `/api/v1/uploads`, in the parts tusd separates: the protocol's headers ([`protocol`]), the
//! files on disk ([`store`]), who is writing which upload ([`locker`]), the rows ([`records`]),
//! what is learnt while bytes stream in ([`digest`]), the handlers, finishing ([`finish`]) and
//! expiry ([`sweep`]).
//!
//! Every upload belongs to a draft and is reached only with that draft's `Draft-Token`.
//! The file's length is the upload's offset, so a restart loses nothing that reached the disk;
//! its SHA-256 is computed while it is written, so finishing never reads it again.

pub mod digest;
mod finish;
mod handlers;
mod locker;
pub mod moving;
mod protocol;
pub mod records;
mod store;
mod sweep;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use axum::{middleware, Router};
use tokio::sync::Semaphore;

pub use digest::Saved;
pub use handlers::UploadStatus;
pub use protocol::{clean_file_name, draft_key};
pub use store::UploadStore;

use crate::db::Db;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::Records;

pub const TUS_VERSION: &str = motcua_domain::tus::VERSION;
/// Sum of all files of one draft application.
pub const DRAFT_LIMIT: u64 = 100 * 1024 * 1024;
/// Largest file any requirement may accept (a requirement may set less).
pub const MAX_SIZE: u64 = 20 * 1024 * 1024;

/// The upload service: files, locks, the records, the catalogue (what each requirement
/// accepts), and a bound on finishing checks at once.
#[derive(Clone)]
pub struct Uploads {
    pub store: UploadStore,
    locks: locker::Locker,
    records: Records,
    catalogue: Db,
    checks: Arc<Semaphore>,
    settings: Arc<Settings>,
}

impl Uploads {
    pub fn new(
        data_dir: &std::path::Path,
        records: Records,
        catalogue: Db,
        settings: Arc<Settings>,
    ) -> Result<Uploads, crate::BoxError> {
        let shared = matches!(records, Records::Postgres(_)).then(|| records.clone());
        Ok(Uploads {
            store: UploadStore::open(data_dir, settings.object_store.as_deref())?,
            locks: locker::Locker::new(shared),
            records,
            catalogue,
            checks: Arc::new(Semaphore::new(settings.concurrent_checks.max(1))),
            settings,
        })
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/uploads", post(handlers::create).delete(handlers::close_draft).options(protocol::options))
        .route(
            "/uploads/{id}",
            axum::routing::head(handlers::offset)
                .patch(handlers::append)
                .delete(handlers::terminate)
                .get(handlers::status),
        )
        .layer(middleware::map_response(protocol::tus))
        .layer(DefaultBodyLimit::disable())
}
