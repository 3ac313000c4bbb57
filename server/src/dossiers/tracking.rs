//! Tracking a dossier: `POST /dossiers/{code}/lookup` with the second factor in the body, and
//! the older `GET /dossiers/{code}?citizen_id=…` kept for a deprecation period (answered with
//! `Deprecation: true`; the factor in a URL ends up in histories and proxy logs).

use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::dossier::{DossierStatus, LookupRequest, SupplementItem, TimelineEvent, Tracking};
use serde::Deserialize;

use super::guard::{guarded, Factor, Opened};
use super::records::{self, Tracked};
use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::extract::ApiPath;
use crate::factor::FactorLimiter;
use crate::store::{Records, Sql};

pub(super) async fn lookup(
    State(db): State<Db>,
    State(records_db): State<Records>,
    State(limiter): State<FactorLimiter>,
    client: Client,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<LookupRequest>,
) -> Result<Json<Tracking>, AppError> {
    let factor = Factor { citizen_id: body.citizen_id, phone: body.phone };
    let found = guarded(&records_db, &limiter, client, "lookup", code, factor, read).await?;
    Ok(Json(tracking(&db, found).await?))
}

#[derive(Deserialize)]
pub(super) struct FactorQuery {
    citizen_id: Option<String>,
    phone: Option<String>,
}

/// Deprecated: the same as [`lookup`], the factor in the query string.
pub(super) async fn track(
    State(db): State<Db>,
    State(records_db): State<Records>,
    State(limiter): State<FactorLimiter>,
    client: Client,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<FactorQuery>,
) -> Result<Response, AppError> {
    let factor = Factor { citizen_id: q.citizen_id, phone: q.phone };
    let found = guarded(&records_db, &limiter, client, "track_get", code, factor, read).await?;
    let mut res = Json(tracking(&db, found).await?).into_response();
    res.headers_mut().insert("deprecation", HeaderValue::from_static("true"));
    Ok(res)
}

/// What the records say of an opened dossier.
struct Found {
    code: String,
    procedure_id: String,
    row: Tracked,
    timeline: Vec<TimelineEvent>,
    /// The requirements the open supplement request names.
    asked: Vec<String>,
}

fn read(c: &mut dyn Sql, code: &str, opened: Opened) -> Result<Found, AppError> {
    let row = records::tracked(c, code)?;
    let timeline = records::timeline(c, code)?;
    let asked = if row.status == DossierStatus::SupplementRequested {
        records::requested_requirements(c, code)?
    } else {
        Vec::new()
    };
    Ok(Found { code: code.to_string(), procedure_id: opened.procedure_id, row, timeline, asked })
}

/// The tracking answer: the records with the catalogue's names.
async fn tracking(db: &Db, found: Found) -> Result<Tracking, AppError> {
    let procedure_id = found.procedure_id.clone();
    let (detail, offices) = db.read(move |c| Ok((db::procedure_detail(c, &procedure_id)?, db::offices(c)?))).await?;
    let Found { code, procedure_id, row, timeline, asked } = found;
    // One truth with the receipt: when a dossier sent outside office hours counts as received.
    let counted_from = db::json_from::<motcua_domain::dossier::Receipt>(&row.receipt).ok().and_then(|r| r.counted_from);
    let procedure = detail.as_ref().map(|d| d.summary.name.clone()).unwrap_or_default();
    let office = offices.into_iter().find(|o| o.id == row.office_id).map(|o| o.name).unwrap_or_default();
    let status = row.status;
    let (supplement, supplement_requirements) = if status == DossierStatus::SupplementRequested {
        let items = asked
            .into_iter()
            .filter_map(|id| {
                let name = detail.as_ref()?.requirements.iter().find(|r| r.id == id)?.name.clone();
                Some(SupplementItem { requirement_id: id, name })
            })
            .collect();
        (timeline.iter().rev().find(|e| e.status == status).and_then(|e| e.note.clone()), items)
    } else {
        (None, Vec::new())
    };
    Ok(Tracking {
        code,
        procedure_id,
        procedure,
        office,
        status,
        status_label: status.label(),
        received_at: row.received_at,
        counted_from,
        appointment_at: row.appointment_at,
        timeline,
        supplement,
        supplement_requirements,
    })
}
