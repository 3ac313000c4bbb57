//! `GET /api/v1/offices/{id}/statistics`: figures computed from the dossiers themselves.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use motcua_domain::api::ErrorCode;
use motcua_domain::dossier::{on_time, DossierStatus, Statistics};
use motcua_domain::wire::parse_date_time;

use crate::db::Db;
use crate::error::AppError;

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
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Statistics>, AppError> {
    let (from, to) = period(query.as_deref());
    let from = bound(from, "from")?;
    let to = bound(to, "to")?;
    // Received dates compare as text (RFC 3339 in Vietnam time); an empty bound is open.
    let to = if to.is_empty() { "9999-12-31".to_string() } else { to };
    let stats = db
        .call(move |c| {
            let known: bool =
                c.query_row("SELECT EXISTS (SELECT 1 FROM offices WHERE id = ?1)", [&id], |r| r.get(0))?;
            if !known {
                return Ok(None);
            }
            let mut stmt = c.prepare(
                "SELECT code, channel, appointment_at FROM dossiers
                 WHERE office_id = ?1 AND substr(received_at, 1, 10) BETWEEN ?2 AND ?3",
            )?;
            let dossiers = stmt
                .query_map([&id, &from, &to], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut events =
                c.prepare("SELECT at, status FROM dossier_events WHERE dossier_code = ?1 ORDER BY rowid")?;
            let (mut online, mut finished, mut early) = (0u32, 0u32, 0u32);
            for (code, channel, appointment) in &dossiers {
                online += (channel == "online") as u32;
                let timeline = events
                    .query_map([code], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)))?
                    .filter_map(Result::ok)
                    .filter_map(|(at, st)| Some((local(&at)?, DossierStatus::from_number(st)?)))
                    .collect::<Vec<_>>();
                if let Some(kept) = appointment.as_deref().and_then(local).and_then(|due| on_time(due, &timeline)) {
                    finished += 1;
                    early += kept as u32;
                }
            }
            let (ratings, average): (u32, Option<f64>) = c.query_row(
                "SELECT COUNT(*), AVG(score) FROM ratings r JOIN dossiers d ON d.code = r.dossier_code
                 WHERE d.office_id = ?1 AND substr(d.received_at, 1, 10) BETWEEN ?2 AND ?3",
                [&id, &from, &to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let received = dossiers.len() as u32;
            Ok(Some(Statistics {
                office_id: id,
                received,
                online_share: share(online, received),
                finished,
                on_time_or_early_share: share(early, finished),
                late_share: share(finished - early, finished),
                ratings,
                average_rating: average,
            }))
        })
        .await?;
    stats.map(Json).ok_or_else(|| {
        AppError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "Không có cơ quan này.", "There is no such office.")
    })
}
