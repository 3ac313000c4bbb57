//! `POST /api/v1/dossiers`: idempotent submission with completeness and applicant checks, the
//! national dossier code, and an appointment from the Friday engine.
//!
//! The code keeps the national format `<unit>-<YYMMDD>-<NNNN>`, whose last part is by law the
//! sequence number within the day (Decree 61/2018 Art. 26, carried into Decree 118/2025): codes
//! can be guessed, so a code alone opens nothing, and guessing the second factor is limited per
//! address and locked per code ([`crate::factor`]).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Datelike;
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::{normalise_phone, FieldError};
use motcua_domain::catalogue::RequirementKind;
use motcua_domain::dossier::{dossier_code, AppointmentKind, DossierStatus, NewDossier, Receipt};
use motcua_domain::form_answers;
use motcua_domain::friday::{self, Outcome, Visit};
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::Text;
use rusqlite::{params, OptionalExtension};
use sha2::Digest;

use super::{missing_token, no_duplicates, unprocessable, upload_refused};
use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::rate::RateLimiter;
use crate::uploads::{draft_key, Uploads};

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

pub(super) async fn submit(
    State(db): State<Db>,
    State(uploads): State<Uploads>,
    State(settings): State<std::sync::Arc<crate::settings::Settings>>,
    State(rate): State<RateLimiter>,
    client: Client,
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
    let draft = draft_key(&headers).ok_or_else(missing_token)?;
    // Taken before the work, given back unless a dossier is filed (a refusal or a replay is free).
    let filed = rate.take(client.key()).map_err(|wait| {
        let m = wait.as_secs().div_ceil(60).max(1);
        tracing::warn!(event = "dossier_rate", client = %client.tag(), "dossier refused: rate per client");
        AppError::rate_limited(
            wait.as_secs(),
            &format!("Mạng này vừa nộp rất nhiều hồ sơ. Hãy thử lại sau {m} phút; hồ sơ của bạn vẫn được giữ trên máy."),
            &format!("Very many applications were just filed from this network. Try again in {m} minute(s); your application is kept on this device."),
        )
    })?;
    no_duplicates(&new.uploads)?;
    uploads.finish_if_full(&new.uploads, &draft).await;
    let hash = hex::encode(sha2::Sha256::digest(serde_json::to_vec(&new).expect("serialisable")));
    let now = vietnam_time(settings.now());
    let this_year = now.year() as u16;
    let result = db
        .run(move |c| -> Result<(Receipt, bool), AppError> {
            let tx = c.transaction()?;
            // The same key: the same receipt, never a second dossier.
            let stored: Option<(String, String)> = tx
                .query_row("SELECT request_hash, receipt FROM dossiers WHERE idempotency_key = ?1", [&key], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            if let Some((stored_hash, receipt)) = stored {
                if stored_hash != hash {
                    return Err(unprocessable(
                        ErrorCode::Conflict,
                        "Idempotency-Key này đã dùng cho một hồ sơ khác.",
                        "This Idempotency-Key was already used for a different dossier.",
                        Vec::new(),
                    ));
                }
                return Ok((db::json_from(&receipt)?, true));
            }
            let Some(detail) = db::procedure_detail(&tx, &new.procedure_id)? else {
                return Err(unprocessable(
                    ErrorCode::BadRequest,
                    "Không có thủ tục này.",
                    "There is no such procedure.",
                    Vec::new(),
                ));
            };
            let offices = db::offices(&tx)?;
            let Some(office) = offices.iter().find(|o| o.id == new.office_id && o.receives(&new.procedure_id)) else {
                return Err(unprocessable(
                    ErrorCode::BadRequest,
                    "Nơi nộp này không nhận thủ tục đã chọn.",
                    "This office does not handle the chosen procedure.",
                    Vec::new(),
                ));
            };
            let problems = new.applicant.validate(this_year);
            if !problems.is_empty() {
                return Err(unprocessable(
                    ErrorCode::InvalidApplicant,
                    "Thông tin người nộp có chỗ chưa đúng.",
                    "Some applicant details need fixing.",
                    problems,
                ));
            }
            // Every upload must be finished, free, and for a requirement of this procedure.
            let mut covered = Vec::new();
            for id in &new.uploads {
                let row: Option<(String, String, Option<String>)> = tx
                    .query_row(
                        "SELECT requirement_id, state, dossier_code FROM uploads WHERE id = ?1 AND draft = ?2",
                        params![id, draft],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                match row {
                    Some((req, state, None))
                        if state == "complete" && detail.requirements.iter().any(|r| r.id == req) =>
                    {
                        covered.push(req)
                    }
                    _ => return Err(upload_refused(id)),
                }
            }
            // The declaration filled online stands in for the paper form's upload, once its
            // answers pass the same validator the app runs.
            let mut declaration = None;
            if let Some(answers) = &new.declaration {
                let Some(form) = db::form(&tx, &new.procedure_id)? else {
                    return Err(unprocessable(
                        ErrorCode::BadRequest,
                        "Thủ tục này không có tờ khai điền trên mạng.",
                        "This procedure has no form to fill in online.",
                        Vec::new(),
                    ));
                };
                let problems = form_answers::validate(&form, answers, now.date());
                if !problems.is_empty() {
                    let fields = problems
                        .into_iter()
                        .map(|e| FieldError { field: format!("declaration.{}", e.field), ..e })
                        .collect();
                    return Err(unprocessable(
                        ErrorCode::InvalidDeclaration,
                        "Tờ khai có chỗ chưa đúng.",
                        "Some answers on the form need fixing.",
                        fields,
                    ));
                }
                covered.push(form.replaces_requirement.clone());
                declaration = Some(serde_json::json!({
                    "form": form.id,
                    "version": form.version,
                    "answers": form_answers::asked_only(&form, answers),
                }));
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
                return Err(unprocessable(
                    ErrorCode::Incomplete,
                    "Hồ sơ còn thiếu giấy tờ bắt buộc.",
                    "Required documents are missing.",
                    missing,
                ));
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
                // Online outside office hours: received at the desk's next opening (the assumption
                // `online_outside_hours` in offices.json, see the README), which the appointment
                // above already counts from.
                counted_from: match &answer.outcome {
                    Outcome::DeskClosed { opens_at, .. } if db::counts_from_next_opening(&tx)? => {
                        Some(rfc3339(*opens_at))
                    }
                    _ => None,
                },
                appointment_at: answer.outcome.result_by().map(rfc3339),
                appointment_kind: kind,
                next_steps: next_steps(kind),
                documents: new.uploads.len() as u32,
            };
            let phone = normalise_phone(&new.applicant.phone).unwrap_or_default();
            let citizen_id = motcua_domain::applicant::digits_only(&new.applicant.citizen_id);
            tx.execute(
                "INSERT INTO dossiers (code, idempotency_key, request_hash, procedure_id, office_id, applicant,
                    citizen_id, phone, status, received_at, appointment_at, receipt, declaration)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
                    declaration.map(|d| d.to_string()),
                ],
            )?;
            // Attached only if still free, in this transaction: a termination racing this
            // submission either deleted the row first (refused here) or finds it taken.
            for id in &new.uploads {
                let attached = tx.execute(
                    "UPDATE uploads SET dossier_code = ?1 WHERE id = ?2 AND draft = ?3 AND state = 'complete'
                     AND dossier_code IS NULL",
                    params![receipt.code, id, draft],
                )?;
                if attached != 1 {
                    return Err(upload_refused(id));
                }
            }
            tx.execute(
                "INSERT INTO dossier_events (dossier_code, at, status) VALUES (?1, ?2, ?3)",
                params![receipt.code, receipt.received_at, DossierStatus::Submitted.number()],
            )?;
            tx.commit()?;
            Ok((receipt, false))
        })
        .await?;
    let (receipt, replayed) = result;
    if !replayed {
        filed.keep();
    }
    let status = if replayed { StatusCode::OK } else { StatusCode::CREATED };
    let mut res = (status, Json(receipt)).into_response();
    if replayed {
        res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}
