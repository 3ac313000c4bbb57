//! What an officer does to a dossier: the allowed moves between national statuses. The command
//! line (`motcua-server officer …`) uses these; there is no officer web interface.

use chrono::Utc;
use motcua_domain::dossier::DossierStatus::{self, *};
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::Text;
use rusqlite::{params, Connection, OptionalExtension};

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

pub fn status_of(conn: &Connection, code: &str) -> rusqlite::Result<Option<DossierStatus>> {
    Ok(conn
        .query_row("SELECT status FROM dossiers WHERE code = ?1", [code], |r| r.get::<_, u8>(0))
        .optional()?
        .and_then(DossierStatus::from_number))
}

/// The requirements the latest supplement request named (none when it named none).
pub fn requested_requirements(conn: &Connection, code: &str) -> rusqlite::Result<Vec<String>> {
    let asked: Option<Option<String>> = conn
        .query_row(
            "SELECT requirements FROM dossier_events WHERE dossier_code = ?1 AND status = ?2
             ORDER BY rowid DESC LIMIT 1",
            params![code, SupplementRequested.number()],
            |r| r.get(0),
        )
        .optional()?;
    asked.flatten().map(|j| crate::db::json_from(&j)).transpose().map(Option::unwrap_or_default)
}

/// Records a move and its note on the timeline.
pub fn record(conn: &Connection, code: &str, to: DossierStatus, note: Option<&Text>) -> rusqlite::Result<()> {
    record_with(conn, code, to, note, &[])
}

/// Records a move with the requirements it concerns (a supplement request names them).
pub fn record_with(
    conn: &Connection,
    code: &str,
    to: DossierStatus,
    note: Option<&Text>,
    requirements: &[String],
) -> rusqlite::Result<()> {
    let at = rfc3339(vietnam_time(Utc::now()));
    let reqs = (!requirements.is_empty()).then(|| serde_json::to_string(requirements).expect("serialisable"));
    conn.execute("UPDATE dossiers SET status = ?2 WHERE code = ?1", params![code, to.number()])?;
    conn.execute(
        "INSERT INTO dossier_events (dossier_code, at, status, note_vi, note_en, requirements) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![code, at, to.number(), note.map(|n| n.vi.clone()), note.map(|n| n.en.clone()), reqs],
    )?;
    Ok(())
}

/// An officer's move, checked.
pub fn transition(conn: &mut Connection, code: &str, to: DossierStatus, note: Option<Text>) -> Result<(), String> {
    transition_with(conn, code, to, note, &[])
}

/// An officer's move naming requirements (for a supplement request: what to bring).
pub fn transition_with(
    conn: &mut Connection,
    code: &str,
    to: DossierStatus,
    note: Option<Text>,
    requirements: &[String],
) -> Result<(), String> {
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let from = status_of(&tx, code).map_err(|e| e.to_string())?.ok_or_else(|| format!("no dossier {code}"))?;
    if !allowed(from, to) {
        return Err(format!("{code} is {:?}; it cannot become {:?}", from, to));
    }
    if to == SupplementRequested && note.as_ref().is_none_or(|n| n.vi.trim().is_empty()) {
        return Err("a supplement request needs --message saying what to bring".into());
    }
    for r in requirements {
        let ok: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM requirements r JOIN dossiers d ON d.procedure_id = r.procedure_id
                 WHERE d.code = ?1 AND r.id = ?2)",
                params![code, r],
                |row| row.get(0),
            )
            .map_err(|e| e.to_string())?;
        if !ok {
            return Err(format!("{r} is not a requirement of this dossier's procedure"));
        }
    }
    record_with(&tx, code, to, note.as_ref(), requirements).map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())
}

/// `officer list`: one line a dossier.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT code, procedure_id, status, received_at, COALESCE(appointment_at, '-'), declaration FROM dossiers ORDER BY received_at",
    )?;
    let rows = stmt.query_map([], |r| {
        let status = DossierStatus::from_number(r.get(2)?).map(|s| s.label().vi).unwrap_or_default();
        let procedure: String = r.get(1)?;
        let declaration: Option<String> = r.get(5)?;
        Ok((
            format!(
                "{}  {}  {}  received {}  due {}",
                r.get::<_, String>(0)?,
                procedure,
                status,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?
            ),
            procedure,
            declaration,
        ))
    })?;
    let mut lines = Vec::new();
    for row in rows {
        let (mut line, procedure, declaration) = row?;
        // What the dossier is about, from the declaration's answers (the child's name, …).
        if let Some(subject) = declaration.as_deref().and_then(|d| subject_of(conn, &procedure, d)) {
            line.push_str("  ");
            line.push_str(&subject);
        }
        lines.push(line);
    }
    Ok(lines)
}

/// The answer that names a dossier's subject, as its form says (`subject`).
fn subject_of(conn: &Connection, procedure: &str, declaration: &str) -> Option<String> {
    let question = crate::db::form(conn, procedure).ok()??.subject?;
    let stored: serde_json::Value = serde_json::from_str(declaration).ok()?;
    stored["answers"][question.as_str()].as_str().map(str::to_string)
}

/// One dossier for the officer: its line, the applicant, its history, then each file attached
/// (on submission or as a supplement) with its requirement, name, size and digest.
pub fn show(conn: &Connection, code: &str) -> rusqlite::Result<Vec<String>> {
    let head = conn.query_row(
        "SELECT procedure_id, status, received_at, applicant FROM dossiers WHERE code = ?1",
        [code],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
    )?;
    let (procedure, status, received, applicant) = head;
    let status = DossierStatus::from_number(status).map(|s| s.label().vi).unwrap_or_default();
    let name = serde_json::from_str::<motcua_domain::applicant::Applicant>(&applicant)
        .map(|a| a.full_name)
        .unwrap_or_default();
    let mut lines = vec![format!("{code}  {procedure}  {status}  received {received}"), format!("applicant: {name}")];
    // The declaration filled online, an answer a line (a group's repetitions as JSON).
    let declaration: Option<String> =
        conn.query_row("SELECT declaration FROM dossiers WHERE code = ?1", [code], |r| r.get(0))?;
    if let Some(d) = declaration.and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok()) {
        lines.push(format!("declaration {} v{}", d["form"].as_str().unwrap_or(""), d["version"]));
        for (id, answer) in d["answers"].as_object().into_iter().flatten() {
            let shown = answer.as_str().map(str::to_string).unwrap_or_else(|| answer.to_string());
            lines.push(format!("  {id}: {shown}"));
        }
    }
    let mut events = conn.prepare(
        "SELECT at, status, COALESCE(note_vi, '') FROM dossier_events WHERE dossier_code = ?1 ORDER BY rowid",
    )?;
    for e in events.query_map([code], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?, r.get::<_, String>(2)?)))? {
        let (at, s, note) = e?;
        let label = DossierStatus::from_number(s).map(|s| s.label().vi).unwrap_or_default();
        lines.push(format!("event {at}  {label}  {note}").trim_end().to_string());
    }
    let mut files = conn.prepare(
        "SELECT requirement_id, file_name, length, COALESCE(sha256, ''), purged_at FROM uploads
         WHERE dossier_code = ?1 ORDER BY created_at, rowid",
    )?;
    for f in files.query_map([code], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })? {
        let (requirement, file, length, sha, purged) = f?;
        let gone = purged.map(|at| format!("  (deleted after the retention period, {at})")).unwrap_or_default();
        lines.push(format!("file {requirement}  {file}  {length} bytes  sha256 {sha}{gone}"));
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
