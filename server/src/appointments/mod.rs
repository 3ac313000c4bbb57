//! Appointments at a desk (#31): `GET /offices/{id}/slots` lists the windows of a procedure at
//! an office with their free places ([`motcua_domain::slots`] cuts them; the `bookings` table,
//! owned by [`records`], says what is taken).

pub mod records;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use motcua_domain::api::ErrorCode;
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::slots::{self, Booking, Promise, Slot, SlotsError};

use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::Records;

pub fn routes() -> Router<AppState> {
    Router::new().route("/offices/{id}/slots", get(slots))
}

fn bad(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, vi, en)
}

/// `?procedure=…&from=YYYY-MM-DD&to=YYYY-MM-DD`, read by hand so every mistake is answered in the
/// API's JSON (the dates default to the next two weeks).
fn query(raw: Option<&str>, today: NaiveDate) -> Result<(String, NaiveDate, NaiveDate), AppError> {
    let (mut procedure, mut from, mut to) = (None, None, None);
    for pair in raw.unwrap_or("").split('&') {
        match pair.split_once('=') {
            Some(("procedure", v)) => procedure = Some(v.to_string()),
            Some(("from", v)) => from = Some(v.to_string()),
            Some(("to", v)) => to = Some(v.to_string()),
            _ => {}
        }
    }
    let procedure = procedure.filter(|p| !p.is_empty()).ok_or_else(|| {
        bad(
            "Hãy chọn thủ tục (procedure) để xem giờ còn trống.",
            "Choose a procedure (procedure) to see the free times.",
        )
    })?;
    let date = |v: Option<String>, field: &str, default: NaiveDate| match v {
        None => Ok(default),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok().filter(|_| v.len() == 10).ok_or_else(|| {
            bad(
                &format!("Ngày `{field}` phải có dạng NNNN-TT-NN, ví dụ 2026-12-04."),
                &format!("`{field}` must be a date like 2026-12-04."),
            )
        }),
    };
    let from = date(from, "from", today)?;
    let to = date(to, "to", from + chrono::Duration::days(13))?;
    Ok((procedure, from, to))
}

async fn slots(
    State(db): State<Db>,
    State(records): State<Records>,
    State(settings): State<std::sync::Arc<Settings>>,
    ApiPath(office_id): ApiPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Slot>>, AppError> {
    let now = vietnam_time(settings.now());
    let (procedure_id, from, to) = query(raw.as_deref(), now.date())?;
    let (id, pid) = (office_id.clone(), procedure_id.clone());
    let (offices, calendar, detail, desk) = db
        .read(move |c| Ok((db::offices(c)?, db::calendar(c)?, db::procedure_detail(c, &pid)?, db::desk(c, &id)?)))
        .await?;
    let office = offices.into_iter().find(|o| o.id == office_id).ok_or_else(|| {
        AppError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "Không có nơi tiếp nhận này.",
            "There is no such office.",
        )
    })?;
    let detail = detail.ok_or_else(|| bad("Không có thủ tục này.", "There is no such procedure."))?;
    let (Some(desk), true) = (desk, office.receives(&procedure_id)) else {
        return Err(bad(
            "Nơi này không tiếp nhận thủ tục đã chọn; hãy chọn nơi khác.",
            "This office does not receive the chosen procedure; choose another one.",
        ));
    };
    let booking = Booking {
        office: &office,
        calendar: &calendar,
        desk,
        procedure_id: &procedure_id,
        processing: detail.summary.processing,
    };
    let windows = slots::windows(&booking, from, to, now).map_err(|e| match e {
        SlotsError::BadRange => bad(
            &format!("Hãy chọn khoảng ngày từ `from` đến `to` không quá {} ngày.", slots::MAX_DAYS),
            &format!("Choose `from` no later than `to`, at most {} days apart.", slots::MAX_DAYS),
        ),
        SlotsError::BadDesk => AppError::internal(),
    })?;
    let (id, first, until) = (
        office.id.clone(),
        rfc3339(from.and_time(chrono::NaiveTime::MIN)),
        rfc3339(to.succ_opt().unwrap_or(to).and_time(chrono::NaiveTime::MIN)),
    );
    let taken = records.read(move |c| Ok(records::booked(c, &id, &first, &until)?)).await?;
    let taken: std::collections::HashMap<String, u32> = taken.into_iter().collect();
    Ok(Json(
        windows
            .into_iter()
            .map(|w| {
                let start = rfc3339(w.start);
                let used = taken.get(&start).copied().unwrap_or(0);
                Slot {
                    end: rfc3339(w.end),
                    free: w.places.saturating_sub(used),
                    same_day: w.promise == Some(Promise::SameDay),
                    start,
                }
            })
            .collect(),
    ))
}
