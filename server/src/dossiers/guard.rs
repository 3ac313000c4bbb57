//! Every question "is this second factor right for this code" goes through [`guarded`]: the
//! limiter counts it first ([`crate::factor`]), then the check, whose outcome settles the count;
//! one answer for a wrong factor and an unknown code, and a structured log line for each failure
//! and refusal (a tag of the client and of the code, never the factor or the address).

use axum::http::StatusCode;
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::FieldError;
use motcua_domain::applicant::{digits_only, normalise_phone};
use motcua_domain::dossier::{is_dossier_code, normalise_code, DossierStatus, LookupRequest};
use motcua_domain::Text;

use super::records;
use crate::client::{tag, Client};
use crate::error::AppError;
use crate::factor::{FactorLimiter, Outcome, Refused};
use crate::store::{Records, Sql, StoreError};

/// The second factor as sent: ID number or phone, in any spelling.
#[derive(Clone, Debug, Default)]
pub struct Factor {
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
}

/// A dossier the factor opened.
pub struct Opened {
    pub procedure_id: String,
    pub status: DossierStatus,
}

/// The one answer for a wrong code or a wrong factor.
pub fn not_found() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "Không tìm thấy hồ sơ với mã và số định danh (hoặc số điện thoại) này. Hãy kiểm tra lại cả hai.",
        "No application matches this code and ID number (or phone number). Check both.",
    )
}

/// What the check found: the dossier opened, or why not.
enum Checked {
    Opened(Opened),
    Not(Outcome),
}

fn open(c: &mut dyn Sql, code: &str, factor: &Factor) -> Result<Checked, StoreError> {
    let citizen_id = factor.citizen_id.as_deref().map(digits_only).filter(|v| !v.is_empty());
    let phone = factor.phone.as_deref().and_then(|p| normalise_phone(p).ok());
    if !is_dossier_code(code) {
        return Ok(Checked::Not(Outcome::NoSuchCode));
    }
    let Some((procedure_id, status, their_id, their_phone)) = records::factor_of(c, code)? else {
        return Ok(Checked::Not(Outcome::NoSuchCode));
    };
    let right = citizen_id.is_some_and(|v| v == their_id) || phone.is_some_and(|v| v == their_phone);
    if !right {
        return Ok(Checked::Not(Outcome::Wrong));
    }
    Ok(Checked::Opened(Opened {
        procedure_id,
        status: DossierStatus::from_number(status).unwrap_or(DossierStatus::Submitted),
    }))
}

/// A code or a factor that cannot be right whatever the dossier: a typing slip, answered at once
/// and never counted as a guess.
fn malformed(code_ok: bool, factor_ok: bool) -> AppError {
    let mut fields = Vec::new();
    if !code_ok {
        fields.push(FieldError {
            field: "code".into(),
            code: "format".into(),
            message: Text::new(
                "Mã hồ sơ có dạng 000.21.12.H23-261127-0001 (in trên giấy biên nhận).",
                "An application code looks like 000.21.12.H23-261127-0001 (it is on the receipt).",
            ),
        });
    }
    if !factor_ok {
        fields.push(LookupRequest::from_typed("").expect_err("empty is no factor"));
    }
    let mut e = AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::BadRequest,
        "Mã hồ sơ hoặc số định danh, số điện thoại chưa đúng dạng.",
        "The application code, ID number or phone number is not in the right form.",
    );
    e.body.fields = fields;
    e
}

fn minutes(secs: u64) -> u64 {
    secs.div_ceil(60).max(1)
}

/// Asks the limiter, opens the dossier with the factor, and runs `then` on it in the same
/// transaction.
pub async fn guarded<T, F>(
    db: &Records,
    limiter: &FactorLimiter,
    client: Client,
    endpoint: &'static str,
    code: String,
    factor: Factor,
    then: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn Sql, &str, Opened) -> Result<T, AppError> + Send + 'static,
{
    // Spelt as citizens spell them (lower case, spaces, a pasted label, +84): the same code and
    // factor. What cannot be right at all is said at once and counts nowhere.
    let normalised = normalise_code(&code);
    let lookup = LookupRequest { citizen_id: factor.citizen_id.clone(), phone: factor.phone.clone() };
    if normalised.is_none() || !lookup.well_formed() {
        return Err(malformed(normalised.is_some(), lookup.well_formed()));
    }
    let code = normalised.unwrap_or(code);
    let shaped = is_dossier_code(&code).then_some(code.as_str());
    let ticket = match limiter.reserve(client.key(), shaped).await {
        Ok(ticket) => ticket,
        Err(refused) => {
            let scope = match refused {
                Refused::Address(_) => "address",
                Refused::Code(_) => "code",
                Refused::Busy(_) => "busy",
            };
            // Rounded up: a client that waits what it was told is not refused again.
            let secs = (refused.retry_after().as_millis() as u64).div_ceil(1000).max(1);
            tracing::warn!(event = "factor_limited", endpoint, scope, client = %client.tag(), code = %tag(&code),
                retry_after = secs, "second-factor attempt refused");
            let m = minutes(secs);
            return Err(AppError::rate_limited(
                secs,
                &format!("Bạn đã thử quá nhiều lần. Hãy thử lại sau {m} phút."),
                &format!("Too many attempts. Try again in {m} minute(s)."),
            ));
        }
    };
    let code2 = code.clone();
    // One transaction: the operation's own refusal rolls back what it wrote (not the check,
    // which wrote nothing); whether the factor was right is kept aside for the limiter.
    let right = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let opened_right = right.clone();
    let checked = db
        .tx(move |c| match open(c, &code2, &factor)? {
            Checked::Opened(opened) => {
                opened_right.store(true, std::sync::atomic::Ordering::Relaxed);
                then(c, &code2, opened).map(Ok)
            }
            Checked::Not(outcome) => Ok(Err(outcome)),
        })
        .await;
    let ticket = if right.load(std::sync::atomic::Ordering::Relaxed) {
        // The factor was right, whatever the operation then says.
        ticket.settle(Outcome::Right).await;
        None
    } else {
        Some(ticket)
    };
    match checked? {
        Ok(answer) => Ok(answer),
        Err(outcome) => {
            if let Some(ticket) = ticket {
                ticket.settle(outcome).await;
            }
            tracing::info!(event = "factor_failed", endpoint, client = %client.tag(), code = %tag(&code),
                issued = (outcome == Outcome::Wrong), "wrong second factor or unknown code");
            Err(not_found())
        }
    }
}
