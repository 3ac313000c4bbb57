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
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::ProcedureDetail;
use motcua_domain::catalogue::RequirementKind;
use motcua_domain::dossier::{dossier_code, AppointmentKind, DossierStatus, NewDossier, Receipt};
use motcua_domain::form_answers;
use motcua_domain::forms::FormDefinition;
use motcua_domain::friday::{self, Outcome, Visit};
use motcua_domain::office::Office;
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::Text;
use sha2::Digest;

use super::records;
use super::{missing_token, no_duplicates, unprocessable, upload_refused};
use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::rate::RateLimiter;
use crate::store::Records;
use crate::uploads::{draft_key, records as uploads_records, Uploads};

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

/// The catalogue a submission is checked against, read before its transaction.
struct Catalogue {
    detail: Option<ProcedureDetail>,
    offices: Vec<Office>,
    form: Option<FormDefinition>,
    calendar: Calendar,
    counts_from_next_opening: bool,
}

/// The receipt: the appointment by the same engine the Friday planner uses, and the national
/// code with the office's next number of the day (`number`, taken last: only a dossier that
/// passed every check takes one).
fn receipt_for(
    detail: &ProcedureDetail,
    office: &Office,
    calendar: &Calendar,
    counts_from_next_opening: bool,
    now: chrono::NaiveDateTime,
    new: &NewDossier,
    number: impl FnOnce() -> Result<u32, crate::store::StoreError>,
) -> Result<Receipt, AppError> {
    let answer = friday::outcome(&Visit {
        office,
        calendar,
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
    Ok(Receipt {
        code: dossier_code(&office.unit_code, now.date(), number()?),
        procedure: detail.summary.name.clone(),
        office: office.name.clone(),
        status: DossierStatus::Submitted,
        received_at: rfc3339(now),
        // Online outside office hours: received at the desk's next opening (the assumption
        // `online_outside_hours` in offices.json, see the README), which the appointment
        // above already counts from.
        counted_from: match &answer.outcome {
            Outcome::DeskClosed { opens_at, .. } if counts_from_next_opening => Some(rfc3339(*opens_at)),
            _ => None,
        },
        appointment_at: answer.outcome.result_by().map(rfc3339),
        appointment_kind: kind,
        next_steps: next_steps(kind),
        documents: new.uploads.len() as u32,
    })
}

/// A submission, checked and ready to file.
struct Filing {
    key: String,
    hash: String,
    draft: String,
    now: chrono::NaiveDateTime,
    this_year: u16,
    new: NewDossier,
    catalogue: Catalogue,
}

/// Files the dossier in the records' transaction `tx`: the receipt already given for its key,
/// or every check (procedure, office, applicant, uploads, declaration, completeness), then the
/// code, the rows and the uploads attached. `true` with a receipt given before.
fn file(tx: &mut dyn crate::store::Sql, f: Filing) -> Result<(Receipt, bool), AppError> {
    let Filing { key, hash, draft, now, this_year, new, catalogue } = f;
    // The same key: the same receipt, never a second dossier.
    if let Some((stored_hash, receipt)) = records::by_key(tx, &key)? {
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
    let Catalogue { detail, offices, form, calendar, counts_from_next_opening } = catalogue;
    let Some(detail) = detail else {
        return Err(unprocessable(
            ErrorCode::BadRequest,
            "Không có thủ tục này.",
            "There is no such procedure.",
            Vec::new(),
        ));
    };
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
        match uploads_records::for_dossier(tx, id, &draft)? {
            Some((req, true, false)) if detail.requirements.iter().any(|r| r.id == req) => covered.push(req),
            _ => return Err(upload_refused(id)),
        }
    }
    // The declaration filled online stands in for the paper form's upload, once its
    // answers pass the same validator the app runs.
    let mut declaration = None;
    if let Some(answers) = &new.declaration {
        let Some(form) = &form else {
            return Err(unprocessable(
                ErrorCode::BadRequest,
                "Thủ tục này không có tờ khai điền trên mạng.",
                "This procedure has no form to fill in online.",
                Vec::new(),
            ));
        };
        let problems = form_answers::validate(form, answers, now.date());
        if !problems.is_empty() {
            let fields =
                problems.into_iter().map(|e| FieldError { field: format!("declaration.{}", e.field), ..e }).collect();
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
            "answers": form_answers::asked_only(form, answers),
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
    let receipt = receipt_for(&detail, office, &calendar, counts_from_next_opening, now, &new, || {
        records::next_number(tx, &office.id, &now.date().to_string())
    })?;
    let phone = normalise_phone(&new.applicant.phone).unwrap_or_default();
    records::insert(
        tx,
        records::NewRow {
            code: &receipt.code,
            key: &key,
            hash: &hash,
            procedure_id: &new.procedure_id,
            office_id: &office.id,
            applicant: serde_json::to_string(&new.applicant).expect("serialisable"),
            citizen_id: motcua_domain::applicant::digits_only(&new.applicant.citizen_id),
            phone,
            received_at: &receipt.received_at,
            appointment_at: receipt.appointment_at.as_deref(),
            receipt: serde_json::to_string(&receipt).expect("serialisable"),
            declaration: declaration.map(|d| d.to_string()),
        },
    )?;
    // The appointment it carries: this person's, at this desk, for this procedure, still booked.
    if let Some(id) = &new.appointment_id {
        let citizen_id = motcua_domain::applicant::digits_only(&new.applicant.citizen_id);
        if !crate::appointments::records::attach_dossier(
            tx,
            id,
            &citizen_id,
            &office.id,
            &new.procedure_id,
            &receipt.code,
        )? {
            return Err(unprocessable(
                ErrorCode::BadRequest,
                "Lịch hẹn kèm hồ sơ không khớp: lịch phải còn hiệu lực, của chính người nộp, cùng thủ tục và cùng nơi nộp. Hãy bỏ lịch hẹn khỏi hồ sơ hoặc đặt lại.",
                "The appointment does not match: it must still be booked, by the applicant, for this procedure at this office. Remove it from the dossier or book again.",
                vec![FieldError {
                    field: "appointment_id".into(),
                    code: "mismatch".into(),
                    message: motcua_domain::Text::new(
                        "Lịch hẹn không khớp với hồ sơ này.",
                        "The appointment does not match this dossier.",
                    ),
                }],
            ));
        }
    }
    // Attached only if still free, in this transaction: a termination racing this
    // submission either deleted the row first (refused here) or finds it taken.
    for id in &new.uploads {
        if !uploads_records::attach(tx, id, &draft, &receipt.code)? {
            return Err(upload_refused(id));
        }
    }
    Ok((receipt, false))
}

fn valid_key(k: &str) -> bool {
    (8..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub(super) async fn submit(
    State(db): State<Db>,
    State(records_db): State<Records>,
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
    let filed = rate.take(client.key()).await.map_err(|wait| {
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
    // The catalogue is this instance's own (read beside the writer); the records' transaction
    // takes what it needs from it.
    let procedure_id = new.procedure_id.clone();
    let catalogue = db
        .read(move |c| {
            Ok(Catalogue {
                detail: db::procedure_detail(c, &procedure_id)?,
                offices: db::offices(c)?,
                form: db::form(c, &procedure_id)?,
                calendar: db::calendar(c)?,
                counts_from_next_opening: db::counts_from_next_opening(c)?,
            })
        })
        .await?;
    let filing = Filing { key, hash, draft, now, this_year, new, catalogue };
    let (receipt, replayed) = records_db.tx(move |tx| file(tx, filing)).await?;
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
