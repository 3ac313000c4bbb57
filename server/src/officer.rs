//! What an officer does to a dossier: the allowed moves between national statuses. The command
//! line (`motcua-server officer …`) uses these; there is no officer web interface.

use motcua_domain::dossier::DossierStatus::{self, *};
use motcua_domain::Text;

use crate::db::{self, Db};
use crate::dossiers::records;
use crate::store::Records;
use crate::uploads::records as uploads_records;

/// Moves an officer may make from each status.
pub fn allowed(from: DossierStatus, to: DossierStatus) -> bool {
    matches!(
        (from, to),
        (Submitted, Accepted | Refused | SupplementRequested)
            | (Accepted, Processing | SupplementRequested | Resolved | Stopped)
            | (Processing, SupplementRequested | PaymentRequested | Resolved | Stopped)
            | (PaymentRequested, Processing)
            | (Resolved, Returned)
    )
}

/// An officer's move, checked: allowed from the dossier's status, a supplement request saying
/// what to bring, naming only requirements of the dossier's procedure.
pub async fn transition(
    records: &Records,
    catalogue: &Db,
    code: &str,
    to: DossierStatus,
    note: Option<Text>,
    requirements: Vec<String>,
) -> Result<(), String> {
    if to == SupplementRequested && note.as_ref().is_none_or(|n| n.vi.trim().is_empty()) {
        return Err("a supplement request needs --message saying what to bring".into());
    }
    let c = code.to_string();
    let procedure = records
        .tx(move |tx| Ok(records::procedure_of(tx, &c)?))
        .await
        .map_err(|e| e.body.message.en)?
        .ok_or_else(|| format!("no dossier {code}"))?;
    let procedures = catalogue.read(db::requirement_procedures).await.map_err(|e| e.to_string())?;
    if let Some(r) = requirements.iter().find(|r| procedures.get(*r) != Some(&procedure)) {
        return Err(format!("{r} is not a requirement of this dossier's procedure"));
    }
    let c = code.to_string();
    records
        .tx(move |tx| {
            // Under the dossier's lock: two officers' moves at once see each other.
            tx.lock(&format!("dossier:{c}"))?;
            let from = records::status_of(tx, &c)?.ok_or_else(|| refusal(format!("no dossier {c}")))?;
            if !allowed(from, to) {
                return Err(refusal(format!("{c} is {from:?}; it cannot become {to:?}")));
            }
            records::record(tx, &c, to, note.as_ref(), &requirements)?;
            Ok(())
        })
        .await
        .map_err(|e| e.body.message.en)
}

/// `officer day OFFICE DATE`: the desk's appointments of a day, one line each.
pub async fn day(records: &Records, office_id: &str, date: chrono::NaiveDate) -> Result<Vec<String>, String> {
    use motcua_domain::schedule::rfc3339;
    let from = rfc3339(date.and_time(chrono::NaiveTime::MIN));
    let until = rfc3339(date.succ_opt().unwrap_or(date).and_time(chrono::NaiveTime::MIN));
    let office = office_id.to_string();
    let rows = records
        .read(move |c| Ok(crate::appointments::records::day(c, &office, &from, &until)?))
        .await
        .map_err(|e| e.body.message.en)?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let time = b.start.get(11..16).unwrap_or("");
            let who = if b.full_name.is_empty() { "(walk-in)" } else { b.full_name.as_str() };
            let dossier = b.dossier_code.map(|c| format!("  dossier {c}")).unwrap_or_default();
            format!(
                "{time}  {}-{}  {}  {who}  {}  {}{dossier}",
                time.replace(':', ""),
                b.seat + 1,
                b.procedure_id,
                b.status,
                b.id
            )
        })
        .collect())
}

/// `officer check-in TICKET` / `officer no-show TICKET`.
pub async fn mark_booking(records: &Records, id: &str, status: &'static str) -> Result<(), String> {
    let ticket = id.to_string();
    let done = records
        .tx(move |c| Ok(crate::appointments::records::mark(c, &ticket, status)?))
        .await
        .map_err(|e| e.body.message.en)?;
    if done {
        Ok(())
    } else {
        Err(format!("no booked appointment {id} (unknown, cancelled, or already marked)"))
    }
}

/// A refusal carried out of a transaction (its English message is what the officer reads).
fn refusal(message: String) -> crate::error::AppError {
    crate::error::AppError::new(
        axum::http::StatusCode::CONFLICT,
        motcua_domain::api::ErrorCode::Conflict,
        &message,
        &message,
    )
}

/// `officer list`: one line a dossier.
pub async fn list(records: &Records, catalogue: &Db) -> Result<Vec<String>, String> {
    let rows = records.read(|tx| Ok(records::list(tx)?)).await.map_err(|e| e.body.message.en)?;
    let forms = catalogue
        .read(|c| {
            let mut stmt = c.prepare("SELECT procedure_id FROM forms")?;
            let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            let mut forms = std::collections::HashMap::new();
            for id in ids {
                if let Some(f) = db::form(c, &id)? {
                    forms.insert(id, f);
                }
            }
            Ok(forms)
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows
        .into_iter()
        .map(|d| {
            let status = DossierStatus::from_number(d.status).map(|s| s.label().vi).unwrap_or_default();
            let mut line = format!(
                "{}  {}  {}  received {}  due {}",
                d.code, d.procedure_id, status, d.received_at, d.appointment_at
            );
            // What the dossier is about, from the declaration's answers (the child's name, …).
            let subject = forms.get(&d.procedure_id).and_then(|f| subject_of(f, d.declaration.as_deref()?));
            if let Some(subject) = subject {
                line.push_str("  ");
                line.push_str(&subject);
            }
            line
        })
        .collect())
}

/// The answer that names a dossier's subject, as its form says (`subject`).
fn subject_of(form: &motcua_domain::forms::FormDefinition, declaration: &str) -> Option<String> {
    let question = form.subject.as_ref()?;
    let stored: serde_json::Value = serde_json::from_str(declaration).ok()?;
    stored["answers"][question.as_str()].as_str().map(str::to_string)
}

/// One dossier for the officer: its line, the applicant, its history, then each file attached
/// (on submission or as a supplement) with its requirement, name, size and digest.
pub async fn show(records: &Records, code: &str) -> Result<Vec<String>, String> {
    let c = code.to_string();
    let found = records
        .read(move |tx| {
            let Some(head) = records::shown(tx, &c)? else { return Ok(None) };
            Ok(Some((head, records::timeline(tx, &c)?, uploads_records::of_dossier(tx, &c)?)))
        })
        .await
        .map_err(|e| e.body.message.en)?;
    let Some(((procedure, status, received, applicant, declaration), timeline, files)) = found else {
        return Err(format!("no dossier {code}"));
    };
    let status = DossierStatus::from_number(status).map(|s| s.label().vi).unwrap_or_default();
    let name = serde_json::from_str::<motcua_domain::applicant::Applicant>(&applicant)
        .map(|a| a.full_name)
        .unwrap_or_default();
    let mut lines = vec![format!("{code}  {procedure}  {status}  received {received}"), format!("applicant: {name}")];
    // The declaration filled online, an answer a line (a group's repetitions as JSON).
    if let Some(d) = declaration.and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok()) {
        lines.push(format!("declaration {} v{}", d["form"].as_str().unwrap_or(""), d["version"]));
        for (id, answer) in d["answers"].as_object().into_iter().flatten() {
            let shown = answer.as_str().map(str::to_string).unwrap_or_else(|| answer.to_string());
            lines.push(format!("  {id}: {shown}"));
        }
    }
    for e in timeline {
        let label = e.status.label().vi;
        let note = e.note.map(|n| n.vi).unwrap_or_default();
        lines.push(format!("event {}  {label}  {note}", e.at).trim_end().to_string());
    }
    for f in files {
        let gone = f.purged_at.map(|at| format!("  (deleted after the retention period, {at})")).unwrap_or_default();
        lines
            .push(format!("file {}  {}  {} bytes  sha256 {}{gone}", f.requirement_id, f.file_name, f.length, f.sha256));
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sensible_moves_are_allowed() {
        assert!(allowed(Submitted, Accepted));
        assert!(allowed(Processing, SupplementRequested));
        assert!(allowed(Resolved, Returned));
        assert!(!allowed(Submitted, Returned), "no result before processing");
        assert!(!allowed(Returned, Processing), "a returned dossier is closed");
        assert!(!allowed(SupplementRequested, Resolved), "the citizen answers a supplement, not the officer");
    }
}
