//! `POST /api/v1/dossiers` (idempotent submission with receipt) and `GET /api/v1/dossiers/{code}`
//! (tracking with a second factor, rate-limited).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequest, Path, Query, Request, State};
use axum::http::{request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Datelike, Utc};
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::{normalise_phone, FieldError};
use motcua_domain::catalogue::RequirementKind;
use motcua_domain::dossier::{
    dossier_code, is_dossier_code, AppointmentKind, DossierStatus, NewDossier, Receipt, SupplementItem, TimelineEvent,
    Tracking,
};
use motcua_domain::friday::{self, Outcome, Visit};
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::Text;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;
use sha2::Digest;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dossiers", post(submit))
        .route("/dossiers/{code}", get(track))
        .route("/dossiers/{code}/supplements", post(supplement))
        .route("/dossiers/{code}/rating", post(rate))
}

/// The dossier's procedure and status, if `code` and the second factor match; otherwise the
/// same answer whichever was wrong.
fn authorised(
    c: &rusqlite::Connection,
    code: &str,
    citizen_id: Option<&str>,
    phone: Option<&str>,
) -> rusqlite::Result<Option<(String, DossierStatus)>> {
    let citizen_id = citizen_id.map(motcua_domain::applicant::digits_only).filter(|v| !v.is_empty());
    let phone = phone.and_then(|p| normalise_phone(p).ok());
    if !is_dossier_code(code) || (citizen_id.is_none() && phone.is_none()) {
        return Ok(None);
    }
    Ok(c.query_row(
        "SELECT procedure_id, status FROM dossiers WHERE code = ?1 AND (citizen_id = ?2 OR phone = ?3)",
        params![code, citizen_id.unwrap_or_default(), phone.unwrap_or_default()],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)),
    )
    .optional()?
    .map(|(p, s)| (p, DossierStatus::from_number(s).unwrap_or(DossierStatus::Submitted))))
}

fn conflict(vi: &str, en: &str) -> AppError {
    AppError::new(StatusCode::CONFLICT, ErrorCode::Conflict, vi, en)
}

/// The documents an officer asked for: attached to the same dossier, whose code never changes.
async fn supplement(
    State(db): State<Db>,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<motcua_domain::dossier::Supplement>,
) -> Result<Response, AppError> {
    let outcome = db
        .call(move |c| -> rusqlite::Result<Result<(), AppError>> {
            let tx = c.transaction()?;
            let Some((procedure_id, status)) =
                authorised(&tx, &code, body.citizen_id.as_deref(), body.phone.as_deref())?
            else {
                return Ok(Err(not_found()));
            };
            if status != DossierStatus::SupplementRequested {
                return Ok(Err(conflict(
                    "Hồ sơ này không có yêu cầu bổ sung giấy tờ.",
                    "This application has no request for more documents.",
                )));
            }
            if body.uploads.is_empty() {
                return Ok(Err(unprocessable(
                    ErrorCode::Incomplete,
                    "Hãy tải lên giấy tờ cần bổ sung.",
                    "Upload the documents asked for.",
                    Vec::new(),
                )));
            }
            for id in &body.uploads {
                let ok: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM uploads u JOIN requirements r ON r.id = u.requirement_id
                     WHERE u.id = ?1 AND u.state = 'complete' AND u.dossier_code IS NULL AND r.procedure_id = ?2)",
                    params![id, procedure_id],
                    |r| r.get(0),
                )?;
                if !ok {
                    return Ok(Err(unprocessable(
                        ErrorCode::BadRequest,
                        "Có tệp chưa tải lên xong hoặc không thuộc hồ sơ này.",
                        "An upload is unfinished, unknown or not for this procedure.",
                        Vec::new(),
                    )));
                }
                tx.execute("UPDATE uploads SET dossier_code = ?1 WHERE id = ?2", params![code, id])?;
            }
            let n = body.uploads.len();
            let note = Text::new(format!("Đã bổ sung {n} tệp."), format!("{n} file(s) added."));
            crate::officer::record(&tx, &code, DossierStatus::Processing, Some(&note))?;
            tx.commit()?;
            Ok(Ok(()))
        })
        .await?;
    outcome?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A rating from 1 to 5, once, after the result.
async fn rate(
    State(db): State<Db>,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<motcua_domain::dossier::Rating>,
) -> Result<Response, AppError> {
    if !(1..=5).contains(&body.score) || body.comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        return Err(unprocessable(
            ErrorCode::BadRequest,
            "Chọn mức đánh giá từ 1 đến 5; góp ý tối đa 1000 ký tự.",
            "Choose a rating from 1 to 5; comments up to 1000 characters.",
            Vec::new(),
        ));
    }
    let outcome = db
        .call(move |c| -> rusqlite::Result<Result<(), AppError>> {
            let Some((_, status)) = authorised(c, &code, body.citizen_id.as_deref(), body.phone.as_deref())? else {
                return Ok(Err(not_found()));
            };
            if !matches!(status, DossierStatus::Resolved | DossierStatus::Returned) {
                return Ok(Err(conflict(
                    "Bạn có thể đánh giá sau khi có kết quả.",
                    "You can rate the service once the result is ready.",
                )));
            }
            let at = rfc3339(vietnam_time(Utc::now()));
            let inserted = c.execute(
                "INSERT INTO ratings (dossier_code, score, comment, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![code, body.score, body.comment, at],
            )?;
            if inserted == 0 {
                return Ok(Err(conflict("Hồ sơ này đã được đánh giá.", "This application has already been rated.")));
            }
            Ok(Ok(()))
        })
        .await?;
    outcome?;
    Ok(StatusCode::CREATED.into_response())
}

/// JSON bodies whose every rejection (syntax, unknown field, wrong type, size, content type)
/// answers in the API's error shape.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                let status = rejection.status();
                let detail = rejection.body_text();
                let (code, vi, en) = match status {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                        ErrorCode::UnsupportedMediaType,
                        "Cần Content-Type: application/json.",
                        "Content-Type must be application/json.",
                    ),
                    StatusCode::PAYLOAD_TOO_LARGE => {
                        (ErrorCode::PayloadTooLarge, "Nội dung gửi lên quá lớn.", "The request body is too large.")
                    }
                    _ => (
                        ErrorCode::InvalidJson,
                        "Nội dung gửi lên không đúng dạng JSON của API.",
                        "The body is not the JSON this API expects.",
                    ),
                };
                let mut e = AppError::new(status, code, vi, en);
                e.body.message.en = format!("{} {detail}", e.body.message.en);
                Err(e)
            }
        }
    }
}

fn unprocessable(code: ErrorCode, vi: &str, en: &str, fields: Vec<FieldError>) -> AppError {
    let mut e = AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, vi, en);
    e.body.fields = fields;
    e
}

fn next_steps(kind: AppointmentKind) -> Vec<Text> {
    let mut steps = vec![Text::new(
        "Cán bộ một cửa sẽ kiểm tra hồ sơ. Nếu cần bổ sung giấy tờ, bạn nhận tin nhắn và xem yêu cầu tại trang tra cứu.",
        "An officer will check the application. If anything is missing you will get a message and see the request on the tracking page.",
    )];
    steps.push(match kind {
        AppointmentKind::FridaySameDay | AppointmentKind::FridayNextMorning => Text::new(
            "Hồ sơ thuộc chương trình “Thứ Sáu không chờ”: mang giấy tờ gốc đến nhận kết quả theo giờ hẹn.",
            "This application is in the No-waiting Friday programme: bring the original documents and collect the result at the appointed time.",
        ),
        _ => Text::new(
            "Mang giấy tờ gốc cần xuất trình khi đến nhận kết quả theo giờ hẹn.",
            "Bring the original documents to show when you collect the result at the appointed time.",
        ),
    });
    steps.push(Text::new("Giữ mã hồ sơ để tra cứu tiến độ.", "Keep the application code to track its progress."));
    steps
}

fn valid_key(k: &str) -> bool {
    (8..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn submit(
    State(db): State<Db>,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewDossier>,
) -> Result<Response, AppError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    if !valid_key(&key) {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "Cần tiêu đề Idempotency-Key (8–64 ký tự chữ, số, - hoặc _) để một hồ sơ không bị nộp hai lần.",
            "An Idempotency-Key header (8–64 letters, digits, - or _) is required so a dossier is never filed twice.",
        ));
    }
    let hash = hex::encode(sha2::Sha256::digest(serde_json::to_vec(&new).expect("serialisable")));
    let now = vietnam_time(Utc::now());
    let this_year = now.year() as u16;
    let result = db
        .call(move |c| -> Result<Result<(Receipt, bool), AppError>, rusqlite::Error> {
            let tx = c.transaction()?;
            // The same key: the same receipt, never a second dossier.
            let stored: Option<(String, String)> = tx
                .query_row("SELECT request_hash, receipt FROM dossiers WHERE idempotency_key = ?1", [&key], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            if let Some((stored_hash, receipt)) = stored {
                if stored_hash != hash {
                    return Ok(Err(unprocessable(
                        ErrorCode::Conflict,
                        "Idempotency-Key này đã dùng cho một hồ sơ khác.",
                        "This Idempotency-Key was already used for a different dossier.",
                        Vec::new(),
                    )));
                }
                return Ok(Ok((db::json_from(&receipt)?, true)));
            }
            let Some(detail) = db::procedure_detail(&tx, &new.procedure_id)? else {
                return Ok(Err(unprocessable(
                    ErrorCode::BadRequest,
                    "Không có thủ tục này.",
                    "There is no such procedure.",
                    Vec::new(),
                )));
            };
            let offices = db::offices(&tx)?;
            let Some(office) = offices.iter().find(|o| o.id == new.office_id && o.receives(&new.procedure_id)) else {
                return Ok(Err(unprocessable(
                    ErrorCode::BadRequest,
                    "Nơi nộp này không nhận thủ tục đã chọn.",
                    "This office does not handle the chosen procedure.",
                    Vec::new(),
                )));
            };
            let problems = new.applicant.validate(this_year);
            if !problems.is_empty() {
                return Ok(Err(unprocessable(
                    ErrorCode::InvalidApplicant,
                    "Thông tin người nộp có chỗ chưa đúng.",
                    "Some applicant details need fixing.",
                    problems,
                )));
            }
            // Every upload must be finished, free, and for a requirement of this procedure.
            let mut covered = Vec::new();
            for id in &new.uploads {
                let row: Option<(String, String, Option<String>)> = tx
                    .query_row("SELECT requirement_id, state, dossier_code FROM uploads WHERE id = ?1", [id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .optional()?;
                match row {
                    Some((req, state, None))
                        if state == "complete" && detail.requirements.iter().any(|r| r.id == req) =>
                    {
                        covered.push(req)
                    }
                    _ => {
                        return Ok(Err(unprocessable(
                            ErrorCode::BadRequest,
                            "Có tệp chưa tải lên xong hoặc không thuộc hồ sơ này.",
                            "An upload is unfinished, unknown or not for this procedure.",
                            vec![FieldError {
                                field: format!("uploads.{id}"),
                                code: "upload".into(),
                                message: Text::new("Tải lại tệp này.", "Upload this file again."),
                            }],
                        )))
                    }
                }
            }
            let missing: Vec<FieldError> = detail
                .requirements
                .iter()
                .filter(|r| r.required && r.kind == RequirementKind::Submit && !covered.contains(&r.id))
                .map(|r| FieldError {
                    field: format!("requirements.{}", r.id),
                    code: "missing".into(),
                    message: r.name.clone(),
                })
                .collect();
            if !missing.is_empty() {
                return Ok(Err(unprocessable(
                    ErrorCode::Incomplete,
                    "Hồ sơ còn thiếu giấy tờ bắt buộc.",
                    "Required documents are missing.",
                    missing,
                )));
            }
            // Appointment by the same engine the Friday planner uses.
            let calendar = db::calendar(&tx)?;
            let answer = friday::outcome(&Visit {
                office,
                calendar: &calendar,
                procedure_id: &new.procedure_id,
                processing: detail.summary.processing,
                missing: &[],
                arrival: now,
            });
            let mut settled = &answer.outcome;
            while let Outcome::DeskClosed { then, .. } = settled {
                settled = then;
            }
            let kind = match settled {
                Outcome::SameDay { .. } => AppointmentKind::FridaySameDay,
                Outcome::NextWorkingDay { .. } => AppointmentKind::FridayNextMorning,
                Outcome::Legal { result_by: Some(_), .. } => AppointmentKind::Legal,
                _ => AppointmentKind::Unknown,
            };
            let day = now.date().to_string();
            tx.execute(
                "INSERT INTO daily_sequences (office_id, day, last) VALUES (?1, ?2, 1)
                 ON CONFLICT (office_id, day) DO UPDATE SET last = last + 1",
                params![office.id, day],
            )?;
            let seq: u32 = tx.query_row(
                "SELECT last FROM daily_sequences WHERE office_id = ?1 AND day = ?2",
                params![office.id, day],
                |r| r.get(0),
            )?;
            let receipt = Receipt {
                code: dossier_code(&office.unit_code, now.date(), seq),
                procedure: detail.summary.name.clone(),
                office: office.name.clone(),
                status: DossierStatus::Submitted,
                received_at: rfc3339(now),
                appointment_at: answer.outcome.result_by().map(rfc3339),
                appointment_kind: kind,
                next_steps: next_steps(kind),
                documents: new.uploads.len() as u32,
            };
            let phone = normalise_phone(&new.applicant.phone).unwrap_or_default();
            let citizen_id = motcua_domain::applicant::digits_only(&new.applicant.citizen_id);
            tx.execute(
                "INSERT INTO dossiers (code, idempotency_key, request_hash, procedure_id, office_id, applicant,
                    citizen_id, phone, status, received_at, appointment_at, receipt)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    receipt.code,
                    key,
                    hash,
                    new.procedure_id,
                    office.id,
                    serde_json::to_string(&new.applicant).expect("serialisable"),
                    citizen_id,
                    phone,
                    DossierStatus::Submitted.number(),
                    receipt.received_at,
                    receipt.appointment_at,
                    serde_json::to_string(&receipt).expect("serialisable"),
                ],
            )?;
            for id in &new.uploads {
                tx.execute("UPDATE uploads SET dossier_code = ?1 WHERE id = ?2", params![receipt.code, id])?;
            }
            tx.execute(
                "INSERT INTO dossier_events (dossier_code, at, status) VALUES (?1, ?2, ?3)",
                params![receipt.code, receipt.received_at, DossierStatus::Submitted.number()],
            )?;
            tx.commit()?;
            Ok(Ok((receipt, false)))
        })
        .await?;
    let (receipt, replayed) = result?;
    let status = if replayed { StatusCode::OK } else { StatusCode::CREATED };
    let mut res = (status, Json(receipt)).into_response();
    if replayed {
        res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct SecondFactor {
    citizen_id: Option<String>,
    phone: Option<String>,
}

/// A fixed window per client address: enough for a citizen, too few to guess codes.
#[derive(Clone, Default)]
pub struct RateLimiter {
    windows: Arc<Mutex<HashMap<String, (Instant, u32)>>>,
}

pub const TRACKING_PER_MINUTE: u32 = 30;

impl RateLimiter {
    fn allow(&self, client: &str) -> bool {
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if w.len() > 10_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = w.entry(client.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= TRACKING_PER_MINUTE
    }
}

fn not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "Không tìm thấy hồ sơ với mã và số định danh (hoặc số điện thoại) này. Hãy kiểm tra lại cả hai.",
        "No application matches this code and ID number (or phone number). Check both.",
    )
}

async fn track(
    State(db): State<Db>,
    State(limit): State<RateLimiter>,
    parts: Parts,
    Path(code): Path<String>,
    Query(factor): Query<SecondFactor>,
) -> Result<Json<Tracking>, AppError> {
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".into());
    if !limit.allow(&client) {
        let mut e = AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Bạn tra cứu quá nhiều lần. Hãy thử lại sau một phút.",
            "Too many lookups. Try again in a minute.",
        );
        e.retry_after = Some(60);
        return Err(e);
    }
    let citizen_id = factor.citizen_id.as_deref().map(motcua_domain::applicant::digits_only).filter(|v| !v.is_empty());
    let phone = factor.phone.as_deref().and_then(|p| normalise_phone(p).ok());
    if !is_dossier_code(&code) || (citizen_id.is_none() && phone.is_none()) {
        return Err(not_found());
    }
    let found = db
        .call(move |c| {
            let row: Option<(String, String, u8, String, Option<String>)> = c
                .query_row(
                    "SELECT procedure_id, office_id, status, received_at, appointment_at FROM dossiers
                     WHERE code = ?1 AND (citizen_id = ?2 OR phone = ?3)",
                    params![code, citizen_id.unwrap_or_default(), phone.unwrap_or_default()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((procedure_id, office_id, status, received_at, appointment_at)) = row else { return Ok(None) };
            let procedure = db::procedure_detail(c, &procedure_id)?.map(|d| d.summary.name).unwrap_or_default();
            let office = db::offices(c)?.into_iter().find(|o| o.id == office_id).map(|o| o.name).unwrap_or_default();
            let mut stmt = c.prepare(
                "SELECT at, status, note_vi, note_en FROM dossier_events WHERE dossier_code = ?1 ORDER BY rowid",
            )?;
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
                let asked: Option<Option<String>> = c
                    .query_row(
                        "SELECT requirements FROM dossier_events WHERE dossier_code = ?1 AND status = ?2
                         ORDER BY rowid DESC LIMIT 1",
                        params![code, status.number()],
                        |r| r.get(0),
                    )
                    .optional()?;
                let ids: Vec<String> = asked.flatten().map(|j| db::json_from(&j)).transpose()?.unwrap_or_default();
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
            Ok(Some(Tracking {
                code,
                procedure,
                office,
                status,
                status_label: status.label(),
                received_at,
                appointment_at,
                timeline,
                supplement,
                supplement_requirements,
            }))
        })
        .await?;
    found.map(Json).ok_or_else(not_found)
}
