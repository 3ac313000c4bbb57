//! Every question "is this second factor right for this code" goes through [`guarded`]: the
//! limiter first ([`crate::factor`]), then the check, with one answer for a wrong factor and an
//! unknown code, and a structured log line for each failure and refusal (a tag of the client and
//! of the code, never the factor or the address).

use axum::http::StatusCode;
use motcua_domain::api::ErrorCode;
use motcua_domain::applicant::{digits_only, normalise_phone};
use motcua_domain::dossier::{is_dossier_code, DossierStatus};
use rusqlite::{params, Connection, OptionalExtension};

use crate::client::{tag, Client};
use crate::db::Db;
use crate::error::AppError;
use crate::factor::{FactorLimiter, Refused};

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

fn open(c: &Connection, code: &str, factor: &Factor) -> rusqlite::Result<Option<Opened>> {
    let citizen_id = factor.citizen_id.as_deref().map(digits_only).filter(|v| !v.is_empty());
    let phone = factor.phone.as_deref().and_then(|p| normalise_phone(p).ok());
    if !is_dossier_code(code) || (citizen_id.is_none() && phone.is_none()) {
        return Ok(None);
    }
    Ok(c.query_row(
        "SELECT procedure_id, status FROM dossiers WHERE code = ?1 AND (citizen_id = ?2 OR phone = ?3)",
        params![code, citizen_id.unwrap_or_default(), phone.unwrap_or_default()],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?)),
    )
    .optional()?
    .map(|(procedure_id, s)| Opened {
        procedure_id,
        status: DossierStatus::from_number(s).unwrap_or(DossierStatus::Submitted),
    }))
}

fn minutes(secs: u64) -> u64 {
    secs.div_ceil(60).max(1)
}

/// Asks the limiter, opens the dossier with the factor, and runs `then` on it in the same
/// transaction-capable connection.
pub async fn guarded<T, F>(
    db: &Db,
    limiter: &FactorLimiter,
    client: Client,
    endpoint: &'static str,
    code: String,
    factor: Factor,
    then: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection, &str, Opened) -> Result<T, AppError> + Send + 'static,
{
    if let Err(refused) = limiter.ask(client.0, &code) {
        let (scope, wait) = match refused {
            Refused::Address(d) => ("address", d),
            Refused::Code(d) => ("code", d),
        };
        let secs = wait.as_secs().max(1);
        tracing::warn!(event = "factor_limited", endpoint, scope, client = %client.tag(), code = %tag(&code),
            retry_after = secs, "second-factor attempt refused");
        let m = minutes(secs);
        return Err(AppError::rate_limited(
            secs,
            &format!("Bạn đã thử quá nhiều lần. Hãy thử lại sau {m} phút."),
            &format!("Too many attempts. Try again in {m} minute(s)."),
        ));
    }
    let code2 = code.clone();
    let outcome = db
        .run(move |c| match open(c, &code2, &factor)? {
            None => Ok(None),
            Some(opened) => then(c, &code2, opened).map(Some),
        })
        .await?;
    match outcome {
        Some(v) => {
            limiter.succeeded(&code);
            Ok(v)
        }
        None => {
            limiter.failed(client.0, &code);
            tracing::info!(event = "factor_failed", endpoint, client = %client.tag(), code = %tag(&code),
                "wrong second factor or unknown code");
            Err(not_found())
        }
    }
}
