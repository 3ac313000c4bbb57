//! The one state of the API, and the parts handlers take from it (`State<Db>`,
//! `State<Uploads>`, …) so that no module needs to know the others.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::db::Db;
use crate::factor::FactorLimiter;
use crate::rate::{RateLimiter, DOSSIER_BURST};
use crate::settings::Settings;
use crate::stats::StatsCache;
use crate::store::{secrets, Records};
use crate::uploads::Uploads;

#[derive(Clone)]
pub struct AppState {
    /// The catalogue (procedures, offices, forms, calendar).
    pub db: Db,
    /// Dossiers, uploads and the rest that instances share.
    pub records: Records,
    pub uploads: Uploads,
    pub factors: FactorLimiter,
    pub stats: StatsCache,
    /// New dossiers per client.
    pub dossier_rate: RateLimiter,
    /// New bookings per client.
    pub booking_rate: crate::appointments::BookingRate,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// The state for a data folder (the uploads live in `<data_dir>/uploads`).
    pub async fn new(
        db: Db,
        records: Records,
        data_dir: &std::path::Path,
        settings: Settings,
    ) -> Result<AppState, crate::BoxError> {
        let settings = Arc::new(settings);
        // The same salt on every instance, so a client's quota key is the same on each.
        if let Ok(salt) = secrets::secret(&records, "client_salt").await {
            crate::client::init_salt(salt);
        }
        Ok(AppState {
            uploads: Uploads::new(data_dir, records.clone(), db.clone(), settings.clone())?,
            db,
            factors: match &records {
                Records::Sqlite(_) => FactorLimiter::new(settings.limiter_entries),
                Records::Postgres(_) => FactorLimiter::shared(records.clone()),
            },
            stats: StatsCache::default(),
            dossier_rate: match &records {
                Records::Sqlite(_) => RateLimiter::new(settings.dossiers_per_hour_per_address, DOSSIER_BURST),
                Records::Postgres(_) => RateLimiter::new(settings.dossiers_per_hour_per_address, DOSSIER_BURST)
                    .shared(records.clone(), "dossiers"),
            },
            booking_rate: crate::appointments::BookingRate {
                online: match &records {
                    Records::Sqlite(_) => RateLimiter::new(BOOKINGS_PER_HOUR, BOOKING_BURST),
                    Records::Postgres(_) => {
                        RateLimiter::new(BOOKINGS_PER_HOUR, BOOKING_BURST).shared(records.clone(), "bookings")
                    }
                },
                walk_in: match &records {
                    Records::Sqlite(_) => RateLimiter::new(WALK_INS_PER_HOUR, WALK_IN_BURST),
                    Records::Postgres(_) => {
                        RateLimiter::new(WALK_INS_PER_HOUR, WALK_IN_BURST).shared(records.clone(), "walk-ins")
                    }
                },
            },
            records,
            settings,
        })
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(s: &AppState) -> Db {
        s.db.clone()
    }
}

impl FromRef<AppState> for Records {
    fn from_ref(s: &AppState) -> Records {
        s.records.clone()
    }
}

/// Bookings one client may make in an hour, and at once: a family books for several people;
/// nobody books a day's windows.
const BOOKINGS_PER_HOUR: u32 = 10;
const BOOKING_BURST: u32 = 5;
/// Walk-in numbers one client (a desk's kiosk, shared by everyone who comes) takes in an hour,
/// and at once: a busy morning's queue, not a whole day's windows in a minute.
const WALK_INS_PER_HOUR: u32 = 120;
const WALK_IN_BURST: u32 = 20;

impl FromRef<AppState> for crate::appointments::BookingRate {
    fn from_ref(s: &AppState) -> Self {
        s.booking_rate.clone()
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

impl FromRef<AppState> for RateLimiter {
    fn from_ref(s: &AppState) -> RateLimiter {
        s.dossier_rate.clone()
    }
}

impl FromRef<AppState> for StatsCache {
    fn from_ref(s: &AppState) -> StatsCache {
        s.stats.clone()
    }
}

impl FromRef<AppState> for Arc<Settings> {
    fn from_ref(s: &AppState) -> Arc<Settings> {
        s.settings.clone()
    }
}
