//! Tracking a dossier: `POST /dossiers/{code}/lookup` with the second factor in the body, and
//! the older `GET /dossiers/{code}?citizen_id=…` kept for a deprecation period (answered with
//! `Deprecation: true`; the factor in a URL ends up in histories and proxy logs).

use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use motcua_domain::dossier::{DossierStatus, LookupRequest, SupplementItem, TimelineEvent, Tracking};
use motcua_domain::Text;
use rusqlite::Connection;
use serde::Deserialize;

use super::guard::{guarded, Factor, Opened};
use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::extract::ApiPath;
use crate::factor::FactorLimiter;

pub(super) async fn lookup(
    State(db): State<Db>,
    State(limiter): State<FactorLimiter>,
    client: Client,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<LookupRequest>,
) -> Result<Json<Tracking>, AppError> {
    let factor = Factor { citizen_id: body.citizen_id, phone: body.phone };
    guarded(&db, &limiter, client, "lookup", code, factor, tracking).await.map(Json)
}

#[derive(Deserialize)]
pub(super) struct FactorQuery {
    citizen_id: Option<String>,
    phone: Option<String>,
}

/// Deprecated: the same as [`lookup`], the factor in the query string.
pub(super) async fn track(
    State(db): State<Db>,
    State(limiter): State<FactorLimiter>,
    client: Client,
    ApiPath(code): ApiPath<String>,
    Query(q): Query<FactorQuery>,
) -> Result<Response, AppError> {
    let factor = Factor { citizen_id: q.citizen_id, phone: q.phone };
    let found = guarded(&db, &limiter, client, "track_get", code, factor, tracking).await?;
    let mut res = Json(found).into_response();
    res.headers_mut().insert("deprecation", HeaderValue::from_static("true"));
    Ok(res)
}

fn tracking(c: &mut Connection, code: &str, opened: Opened) -> Result<Tracking, AppError> {
    let procedure_id = opened.procedure_id;
    let (office_id, status, received_at, appointment_at, receipt): (String, u8, String, Option<String>, String) = c
        .query_row(
            "SELECT office_id, status, received_at, appointment_at, receipt FROM dossiers WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    // One truth with the receipt: when a dossier sent outside office hours counts as received.
    let counted_from = db::json_from::<motcua_domain::dossier::Receipt>(&receipt).ok().and_then(|r| r.counted_from);
    let code = code.to_string();
    let procedure = db::procedure_detail(c, &procedure_id)?.map(|d| d.summary.name).unwrap_or_default();
    let office = db::offices(c)?.into_iter().find(|o| o.id == office_id).map(|o| o.name).unwrap_or_default();
    let mut stmt =
        c.prepare("SELECT at, status, note_vi, note_en FROM dossier_events WHERE dossier_code = ?1 ORDER BY rowid")?;
    let timeline = stmt
        .query_map([&code], |r| {
            let note = match (r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?) {
                (Some(vi), en) => Some(Text::new(vi, en.unwrap_or_default())),
                _ => None,
            };
            Ok(TimelineEvent {
                at: r.get(0)?,
                status: DossierStatus::from_number(r.get(1)?).unwrap_or(DossierStatus::Submitted),
                note,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let status = DossierStatus::from_number(status).unwrap_or(DossierStatus::Submitted);
    let (supplement, supplement_requirements) = if status == DossierStatus::SupplementRequested {
        let ids = crate::officer::requested_requirements(c, &code)?;
        let detail = db::procedure_detail(c, &procedure_id)?;
        let items = ids
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
        received_at,
        counted_from,
        appointment_at,
        timeline,
        supplement,
        supplement_requirements,
    })
}
