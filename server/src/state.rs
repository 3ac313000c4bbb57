//! The one state of the API, and the parts handlers take from it (`State<Db>`,
//! `State<UploadStore>`, …) so that no module needs to know the others.

use axum::extract::FromRef;

use crate::db::Db;
use crate::dossiers::RateLimiter;
use crate::uploads::UploadStore;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub uploads: UploadStore,
    pub tracking_limit: RateLimiter,
}

impl FromRef<AppState> for Db {
    fn from_ref(s: &AppState) -> Db {
        s.db.clone()
    }
}

impl FromRef<AppState> for UploadStore {
    fn from_ref(s: &AppState) -> UploadStore {
        s.uploads.clone()
    }
}

impl FromRef<AppState> for RateLimiter {
    fn from_ref(s: &AppState) -> RateLimiter {
        s.tracking_limit.clone()
    }
}
