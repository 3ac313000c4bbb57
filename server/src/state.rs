//! The one state of the API, and the parts handlers take from it (`State<Db>`,
//! `State<Uploads>`, …) so that no module needs to know the others.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::db::Db;
use crate::factor::FactorLimiter;
use crate::settings::Settings;
use crate::uploads::Uploads;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub uploads: Uploads,
    pub factors: FactorLimiter,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// The state for a data folder (the uploads live in `<data_dir>/uploads`).
    pub fn new(db: Db, data_dir: &std::path::Path, settings: Settings) -> std::io::Result<AppState> {
        let settings = Arc::new(settings);
        if let Ok(salt) = db.secret("client_salt") {
            crate::client::init_salt(salt);
        }
        Ok(AppState {
            uploads: Uploads::new(data_dir, db.clone(), settings.clone())?,
            db,
            factors: FactorLimiter::default(),
            settings,
        })
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(s: &AppState) -> Db {
        s.db.clone()
    }
}

impl FromRef<AppState> for Uploads {
    fn from_ref(s: &AppState) -> Uploads {
        s.uploads.clone()
    }
}

impl FromRef<AppState> for FactorLimiter {
    fn from_ref(s: &AppState) -> FactorLimiter {
        s.factors.clone()
    }
}

impl FromRef<AppState> for Arc<Settings> {
    fn from_ref(s: &AppState) -> Arc<Settings> {
        s.settings.clone()
    }
}
