//! After receipt, with the second factor: the documents an officer asked for (attached to the
//! same dossier, whose code never changes; Decree 45/2020 Art. 12) and a rating once the result
//! is ready.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::FieldError;
use motcua_domain::dossier::DossierStatus;
use motcua_domain::Text;

use super::guard::{guarded, Factor};
use super::records;
use super::{conflict, unprocessable};
use crate::client::Client;
use crate::db::{self, Db};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::extract::ApiPath;
use crate::factor::FactorLimiter;
use crate::store::Records;
use crate::uploads::{draft_key, records as uploads_records, Uploads};

/// The documents an officer asked for, uploaded under a draft token of the citizen's.
pub(super) async fn supplement(
    State(db): State<Db>,
    State(records_db): State<Records>,
    State(limiter): State<FactorLimiter>,
    State(uploads): State<Uploads>,
    client: Client,
    ApiPath(code): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<motcua_domain::dossier::Supplement>,
) -> Result<Response, AppError> {
    let draft = draft_key(&headers).ok_or_else(super::missing_token)?;
    super::no_duplicates(&body.uploads)?;
    uploads.finish_if_full(&body.uploads, &draft).await;
    let factor = Factor { citizen_id: body.citizen_id, phone: body.phone };
    let ids = body.uploads;
    // Which procedure each requirement belongs to (the catalogue, read beside the records).
    let procedures = db.read(db::requirement_procedures).await?;
    guarded(&records_db, &limiter, client, "supplement", code, factor, move |tx, code, opened| {
        if opened.status != DossierStatus::SupplementRequested {
            return Err(conflict(
                "Hồ sơ này không có yêu cầu bổ sung giấy tờ.",
                "This application has no request for more documents.",
            ));
        }
        if ids.is_empty() {
            return Err(unprocessable(
                ErrorCode::Incomplete,
                "Hãy tải lên giấy tờ cần bổ sung.",
                "Upload the documents asked for.",
                Vec::new(),
            ));
        }
        // What the officer asked for, and only that: every document named, nothing else (a
        // request that named none takes any document of the procedure).
        let asked = records::requested_requirements(tx, code)?;
        if !asked.is_empty() {
            let mut brought = Vec::new();
            for id in &ids {
                match uploads_records::requirement_of(tx, id, &draft)? {
                    Some(r) if asked.contains(&r) => brought.push(r),
                    Some(_) => return Err(not_asked(id)),
                    None => return Err(super::upload_refused(id)),
                }
            }
            let missing: Vec<FieldError> = asked
                .iter()
                .filter(|r| !brought.contains(r))
                .map(|r| FieldError {
                    field: format!("requirements.{r}"),
                    code: "missing".into(),
                    message: Text::new("Hãy tải lên giấy tờ này.", "Upload this document."),
                })
                .collect();
            if !missing.is_empty() {
                return Err(unprocessable(
                    ErrorCode::Incomplete,
                    "Còn thiếu giấy tờ cán bộ đã yêu cầu bổ sung.",
                    "A document the officer asked for is still missing.",
                    missing,
                ));
            }
        }
        for id in &ids {
            // A document of this dossier's procedure, finished and in no dossier yet.
            let of_procedure = uploads_records::requirement_of(tx, id, &draft)?
                .is_some_and(|r| procedures.get(&r) == Some(&opened.procedure_id));
            if !of_procedure || !uploads_records::attach(tx, id, &draft, code)? {
                return Err(super::upload_refused(id));
            }
        }
        let n = ids.len();
        let note = Text::new(format!("Đã bổ sung {n} tệp."), format!("{n} file(s) added."));
        records::record(tx, code, DossierStatus::Processing, Some(&note), &[])?;
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A document the officer did not ask for.
fn not_asked(id: &str) -> AppError {
    unprocessable(
        ErrorCode::BadRequest,
        "Có tệp không thuộc giấy tờ cán bộ yêu cầu bổ sung.",
        "A file is not one of the documents the officer asked for.",
        vec![FieldError {
            field: format!("uploads.{id}"),
            code: "not_requested".into(),
            message: Text::new(
                "Cán bộ không yêu cầu giấy tờ này; hãy xóa tệp này.",
                "The officer did not ask for this document; remove this file.",
            ),
        }],
    )
}

/// A rating from 1 to 5, once, after the result.
pub(super) async fn rate(
    State(db): State<Records>,
    State(limiter): State<FactorLimiter>,
    client: Client,
    ApiPath(code): ApiPath<String>,
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
    let factor = Factor { citizen_id: body.citizen_id, phone: body.phone };
    let (score, comment) = (body.score, body.comment);
    guarded(&db, &limiter, client, "rating", code, factor, move |c, code, opened| {
        if !matches!(opened.status, DossierStatus::Resolved | DossierStatus::Returned) {
            return Err(conflict(
                "Bạn có thể đánh giá sau khi có kết quả.",
                "You can rate the service once the result is ready.",
            ));
        }
        if !records::rate(c, code, score, comment)? {
            return Err(conflict("Hồ sơ này đã được đánh giá.", "This application has already been rated."));
        }
        Ok(())
    })
    .await?;
    Ok(StatusCode::CREATED.into_response())
}
