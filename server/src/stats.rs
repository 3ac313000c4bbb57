//! `GET /api/v1/offices/{id}/statistics`: figures computed from the dossiers themselves, in one
//! query over the office's dossiers of the period with their events and ratings (indexed), on a
//! read-only connection (never under the writer's lock), at most [`AT_ONCE`] at a time, and kept
//! per office and period for as long as no dossier changed (the last event's and rating's row
//! numbers, two index lookups, say so; an officer's command line writes in another process) and
//! at most [`KEPT_FOR`]: a client asking in a loop costs the database almost nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use motcua_domain::api::ErrorCode;
use motcua_domain::dossier::{on_time, DossierStatus, Statistics};
use motcua_domain::wire::parse_date_time;

use crate::db::{self, Db};
use crate::dossiers::records;
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::store::Records;

/// How long figures are kept per office and period at most.
pub const KEPT_FOR: Duration = Duration::from_secs(60);
/// Periods kept at most (beyond it, expired ones go; if none has, all do).
const KEPT_AT_MOST: usize = 1000;
/// Figures computed at once (the rest wait), so they never take every reader.
const AT_ONCE: usize = 2;

pub use crate::dossiers::records::Version;

type Key = (String, String, String);

/// Recent figures by (office, from, to), and the bound on computing them.
#[derive(Clone)]
pub struct StatsCache {
    kept: Arc<Mutex<HashMap<Key, (Instant, Version, Statistics)>>>,
    computing: Arc<tokio::sync::Semaphore>,
}

impl Default for StatsCache {
    fn default() -> Self {
        StatsCache { kept: Arc::default(), computing: Arc::new(tokio::sync::Semaphore::new(AT_ONCE)) }
    }
}

impl StatsCache {
    fn get(&self, key: &Key, now: Version) -> Option<Statistics> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.get(key).filter(|(at, v, _)| at.elapsed() < KEPT_FOR && *v == now).map(|(_, _, s)| s.clone())
    }

    fn put(&self, key: Key, version: Version, stats: Statistics) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= KEPT_AT_MOST {
            kept.retain(|_, (at, v, _)| at.elapsed() < KEPT_FOR && *v == version);
            if kept.len() >= KEPT_AT_MOST {
                kept.clear();
            }
        }
        kept.insert(key, (Instant::now(), version, stats));
    }
}

/// `2026-11-27T10:00:00+07:00` → Vietnam local time.
fn local(s: &str) -> Option<chrono::NaiveDateTime> {
    parse_date_time(s.get(..19)?)
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// `?from=2026-11-01&to=2026-11-30`: only dossiers received on those days (inclusive, Vietnam
/// dates); either bound may be left out. Read by hand so that every mistake gets the API's JSON
/// error (axum's `Query` answers in plain text). Other parameters are ignored.
fn period(query: Option<&str>) -> (Option<String>, Option<String>) {
    let (mut from, mut to) = (None, None);
    for pair in query.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("from", v)) => from = Some(v.to_string()),
            Some(("to", v)) => to = Some(v.to_string()),
            _ => {}
        }
    }
    (from, to)
}

fn bound(value: Option<String>, field: &str) -> Result<String, AppError> {
    match value {
        None => Ok(String::new()),
        Some(v) if chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_ok() && v.len() == 10 => Ok(v),
        Some(_) => Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!("Ngày `{field}` phải có dạng NNNN-TT-NN, ví dụ 2026-11-01."),
            &format!("`{field}` must be a date like 2026-11-01."),
        )),
    }
}

pub async fn statistics(
    State(db): State<Db>,
    State(records_db): State<Records>,
    State(cache): State<StatsCache>,
    ApiPath(id): ApiPath<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Statistics>, AppError> {
    let (from, to) = period(query.as_deref());
    let from = bound(from, "from")?;
    let to = bound(to, "to")?;
    let key = (id, from, to);
    let now = records_db.read(|c| Ok(records::version(c)?)).await?;
    if let Some(kept) = cache.get(&key, now) {
        return Ok(Json(kept));
    }
    let _turn = cache.computing.acquire().await.map_err(|_| AppError::internal())?;
    // Another request may have computed them while this one waited.
    if let Some(kept) = cache.get(&key, now) {
        return Ok(Json(kept));
    }
    let (id, from, to) = key.clone();
    let known = db.read(|c| db::offices(c)).await?.iter().any(|o| o.id == id);
    if !known {
        return Err(AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "Không có cơ quan này.",
            "There is no such office.",
        ));
    }
    let (computed_at, stats) = records_db
        .read(move |c| {
            let version = records::version(c)?;
            let rows = records::period(c, &id, &from, &end_of(&to))?;
            Ok((version, compute(id, rows)))
        })
        .await?;
    cache.put(key, computed_at, stats.clone());
    Ok(Json(stats))
}

/// The day after `to` (`YYYY-MM-DD`), as the exclusive end of the period; open when empty.
fn end_of(to: &str) -> String {
    chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map(|d| d.to_string())
        .unwrap_or_else(|| "9999-12-31".to_string())
}

/// The office's figures from its dossiers of a period, each with its events in order (the rows
/// of [`records::period`]).
pub fn compute(id: String, rows: Vec<records::PeriodRow>) -> Statistics {
    let mut tally = Tally::default();
    let mut current: Option<Dossier> = None;
    for r in rows {
        if current.as_ref().is_none_or(|d| d.code != r.code) {
            if let Some(done) = current.take() {
                tally.add(done);
            }
            current = Some(Dossier {
                code: r.code,
                online: r.channel == "online",
                appointment: r.appointment_at.as_deref().and_then(local),
                score: r.score,
                timeline: Vec::new(),
            });
        }
        if let (Some(at), Some(status), Some(d)) =
            (r.event_at.as_deref().and_then(local), r.event_status, current.as_mut())
        {
            if let Some(status) = DossierStatus::from_number(status) {
                d.timeline.push((at, status));
            }
        }
    }
    if let Some(done) = current.take() {
        tally.add(done);
    }
    tally.into_statistics(id)
}

/// One dossier as the query gives it.
struct Dossier {
    code: String,
    online: bool,
    appointment: Option<chrono::NaiveDateTime>,
    score: Option<u8>,
    timeline: Vec<(chrono::NaiveDateTime, DossierStatus)>,
}

#[derive(Default)]
struct Tally {
    received: u32,
    online: u32,
    finished: u32,
    early: u32,
    ratings: u32,
    score_sum: u32,
}

impl Tally {
    fn add(&mut self, d: Dossier) {
        self.received += 1;
        self.online += d.online as u32;
        if let Some(kept) = d.appointment.and_then(|due| on_time(due, &d.timeline)) {
            self.finished += 1;
            self.early += kept as u32;
        }
        if let Some(score) = d.score {
            self.ratings += 1;
            self.score_sum += u32::from(score);
        }
    }

    fn into_statistics(self, office_id: String) -> Statistics {
        Statistics {
            office_id,
            received: self.received,
            online_share: share(self.online, self.received),
            finished: self.finished,
            on_time_or_early_share: share(self.early, self.finished),
            late_share: share(self.finished - self.early, self.finished),
            ratings: self.ratings,
            average_rating: (self.ratings > 0).then(|| f64::from(self.score_sum) / f64::from(self.ratings)),
        }
    }
}
