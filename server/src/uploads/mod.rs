//! Resumable uploads: tus 1.0.0 (core, creation, termination, checksum, expiration) under
//! `/api/v1/uploads`, in the parts tusd separates: the protocol's headers ([`protocol`]), the
//! files on disk and who is writing them ([`store`]), the rows ([`records`]), the handlers, and
//! expiry ([`sweep`]).
//!
//! Bytes go to `<data>/uploads/<random id>.part`, never to a name the client chose, outside
//! anything served. The file's length is the upload's offset, so a restart loses nothing that
//! reached the disk. A finished upload is checked by content against its requirement.

mod handlers;
mod protocol;
mod records;
mod store;
mod sweep;

use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use axum::Router;

pub use handlers::UploadStatus;
pub use protocol::clean_file_name;
pub use store::UploadStore;
pub use sweep::{spawn_sweeper, sweep};

use crate::state::AppState;

pub const TUS_VERSION: &str = "1.0.0";
/// Sum of all files of one draft application.
pub const DRAFT_LIMIT: u64 = 100 * 1024 * 1024;
/// Largest file any requirement may accept (a requirement may set less).
pub const MAX_SIZE: u64 = 20 * 1024 * 1024;
/// An unfinished upload is kept this long after its creation.
pub const EXPIRY_HOURS: i64 = 24;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/uploads", post(handlers::create).options(protocol::options))
        .route(
            "/uploads/{id}",
            axum::routing::head(handlers::offset)
                .patch(handlers::append)
                .delete(handlers::terminate)
                .get(handlers::status),
        )
        .layer(DefaultBodyLimit::disable())
}
