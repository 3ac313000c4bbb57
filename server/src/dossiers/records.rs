//! The `dossiers`, `dossier_events`, `daily_sequences` and `ratings` tables: every SQL
//! statement about them, written once for both engines ([`crate::store`]). Each function runs
//! in its caller's transaction.

use chrono::Utc;
use motcua_domain::dossier::DossierStatus::{self, SupplementRequested};
use motcua_domain::dossier::TimelineEvent;
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::Text;

use crate::args;
use crate::store::{Sql, StoreError};

/// The receipt already given for an idempotency key: (the request's hash, the receipt's JSON).
/// Taken under the key's lock, so two instances filing with one key at once see each other.
pub fn by_key(c: &mut dyn Sql, key: &str) -> Result<Option<(String, String)>, StoreError> {
    c.lock(&format!("idempotency:{key}"))?;
    c.query_opt("SELECT request_hash, receipt FROM dossiers WHERE idempotency_key = ?1", args![key])?
        .map(|r| Ok((r.text(0)?, r.text(1)?)))
        .transpose()
}

/// The next number of the office's day: the row is updated in the submitting transaction, so
/// numbers have no gap (a refused submission rolls its number back) and no duplicate (a second
/// submission waits for the first to end, on any instance).
pub fn next_number(c: &mut dyn Sql, office_id: &str, day: &str) -> Result<u32, StoreError> {
    let row = c.query_one(
        "INSERT INTO daily_sequences (office_id, day, last) VALUES (?1, ?2, 1)
         ON CONFLICT (office_id, day) DO UPDATE SET last = daily_sequences.last + 1
         RETURNING last",
        args![office_id, day],
    )?;
    Ok(row.int(0)? as u32)
}

/// A new dossier's row.
pub struct NewRow<'a> {
    pub code: &'a str,
    pub key: &'a str,
    pub hash: &'a str,
    pub procedure_id: &'a str,
    pub office_id: &'a str,
    pub applicant: String,
    pub citizen_id: String,
    pub phone: String,
    pub received_at: &'a str,
    pub appointment_at: Option<&'a str>,
    pub receipt: String,
    pub declaration: Option<String>,
}

/// Files the dossier with its first event.
pub fn insert(c: &mut dyn Sql, d: NewRow<'_>) -> Result<(), StoreError> {
    let status = DossierStatus::Submitted.number();
    c.execute(
        "INSERT INTO dossiers (code, idempotency_key, request_hash, procedure_id, office_id, applicant,
            citizen_id, phone, status, received_at, appointment_at, receipt, declaration)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        args![
            d.code,
            d.key,
            d.hash,
            d.procedure_id,
            d.office_id,
            d.applicant,
            d.citizen_id,
            d.phone,
            status,
            d.received_at,
            d.appointment_at,
            d.receipt,
            d.declaration
        ],
    )?;
    c.execute(
        "INSERT INTO dossier_events (dossier_code, at, status) VALUES (?1, ?2, ?3)",
        args![d.code, d.received_at, status],
    )?;
    Ok(())
}

/// What the second factor is checked against: (procedure, status, ID number, phone).
pub fn factor_of(c: &mut dyn Sql, code: &str) -> Result<Option<(String, u8, String, String)>, StoreError> {
    c.query_opt("SELECT procedure_id, status, citizen_id, phone FROM dossiers WHERE code = ?1", args![code])?
        .map(|r| Ok((r.text(0)?, r.int(1)? as u8, r.text(2)?, r.text(3)?)))
        .transpose()
}

pub fn status_of(c: &mut dyn Sql, code: &str) -> Result<Option<DossierStatus>, StoreError> {
    Ok(c.query_opt("SELECT status FROM dossiers WHERE code = ?1", args![code])?
        .map(|r| r.int(0))
        .transpose()?
        .and_then(|n| DossierStatus::from_number(n as u8)))
}

pub fn procedure_of(c: &mut dyn Sql, code: &str) -> Result<Option<String>, StoreError> {
    c.query_opt("SELECT procedure_id FROM dossiers WHERE code = ?1", args![code])?.map(|r| r.text(0)).transpose()
}

/// What tracking shows of a dossier's row.
pub struct Tracked {
    pub office_id: String,
    pub status: DossierStatus,
    pub received_at: String,
    pub appointment_at: Option<String>,
    pub receipt: String,
}

pub fn tracked(c: &mut dyn Sql, code: &str) -> Result<Tracked, StoreError> {
    let r = c.query_one(
        "SELECT office_id, status, received_at, appointment_at, receipt FROM dossiers WHERE code = ?1",
        args![code],
    )?;
    Ok(Tracked {
        office_id: r.text(0)?,
        status: DossierStatus::from_number(r.int(1)? as u8).unwrap_or(DossierStatus::Submitted),
        received_at: r.text(2)?,
        appointment_at: r.opt_text(3)?,
        receipt: r.text(4)?,
    })
}

/// The dossier's events in order.
pub fn timeline(c: &mut dyn Sql, code: &str) -> Result<Vec<TimelineEvent>, StoreError> {
    c.query(
        "SELECT at, status, note_vi, note_en FROM dossier_events WHERE dossier_code = ?1 ORDER BY rowid",
        args![code],
    )?
    .iter()
    .map(|r| {
        let note = match (r.opt_text(2)?, r.opt_text(3)?) {
            (Some(vi), en) => Some(Text::new(vi, en.unwrap_or_default())),
            _ => None,
        };
        Ok(TimelineEvent {
            at: r.text(0)?,
            status: DossierStatus::from_number(r.int(1)? as u8).unwrap_or(DossierStatus::Submitted),
            note,
        })
    })
    .collect()
}

/// The requirements the latest supplement request named (none when it named none).
pub fn requested_requirements(c: &mut dyn Sql, code: &str) -> Result<Vec<String>, StoreError> {
    let asked = c.query_opt(
        "SELECT requirements FROM dossier_events WHERE dossier_code = ?1 AND status = ?2
         ORDER BY rowid DESC LIMIT 1",
        args![code, SupplementRequested.number()],
    )?;
    match asked.map(|r| r.opt_text(0)).transpose()?.flatten() {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|e| StoreError(format!("requirements: {e}"))),
    }
}

/// Records a move, with its note and the requirements it concerns (a supplement request names
/// them), on the timeline.
pub fn record(
    c: &mut dyn Sql,
    code: &str,
    to: DossierStatus,
    note: Option<&Text>,
    requirements: &[String],
) -> Result<(), StoreError> {
    let at = rfc3339(vietnam_time(Utc::now()));
    let reqs = (!requirements.is_empty()).then(|| serde_json::to_string(requirements).expect("serialisable"));
    c.execute("UPDATE dossiers SET status = ?2 WHERE code = ?1", args![code, to.number()])?;
    c.execute(
        "INSERT INTO dossier_events (dossier_code, at, status, note_vi, note_en, requirements)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![code, at, to.number(), note.map(|n| n.vi.clone()), note.map(|n| n.en.clone()), reqs],
    )?;
    Ok(())
}

/// A rating, once: `false` if the dossier was rated already.
pub fn rate(c: &mut dyn Sql, code: &str, score: u8, comment: Option<String>) -> Result<bool, StoreError> {
    let at = rfc3339(vietnam_time(Utc::now()));
    Ok(c.execute(
        "INSERT INTO ratings (dossier_code, score, comment, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        args![code, score, comment, at],
    )? == 1)
}

/// A dossier as the officer's list shows it.
pub struct Listed {
    pub code: String,
    pub procedure_id: String,
    pub status: u8,
    pub received_at: String,
    pub appointment_at: String,
    pub declaration: Option<String>,
}

pub fn list(c: &mut dyn Sql) -> Result<Vec<Listed>, StoreError> {
    c.query(
        "SELECT code, procedure_id, status, received_at, COALESCE(appointment_at, '-'), declaration
         FROM dossiers ORDER BY received_at, code",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(Listed {
            code: r.text(0)?,
            procedure_id: r.text(1)?,
            status: r.int(2)? as u8,
            received_at: r.text(3)?,
            appointment_at: r.text(4)?,
            declaration: r.opt_text(5)?,
        })
    })
    .collect()
}

/// One dossier for the officer: (procedure, status, received, applicant JSON, declaration JSON).
pub fn shown(c: &mut dyn Sql, code: &str) -> Result<Option<(String, u8, String, String, Option<String>)>, StoreError> {
    c.query_opt(
        "SELECT procedure_id, status, received_at, applicant, declaration FROM dossiers WHERE code = ?1",
        args![code],
    )?
    .map(|r| Ok((r.text(0)?, r.int(1)? as u8, r.text(2)?, r.text(3)?, r.opt_text(4)?)))
    .transpose()
}

/// What the dossiers were when figures were computed: the last event's and the last rating's
/// row numbers (every submission and every change of state adds an event).
pub type Version = (i64, i64);

pub fn version(c: &mut dyn Sql) -> Result<Version, StoreError> {
    let r = c.query_one(
        "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM dossier_events), (SELECT COALESCE(MAX(rowid), 0) FROM ratings)",
        &[],
    )?;
    Ok((r.int(0)?, r.int(1)?))
}

/// One row of an office's period: a dossier with one of its events (in order), and its rating.
pub struct PeriodRow {
    pub code: String,
    pub channel: String,
    pub appointment_at: Option<String>,
    pub score: Option<u8>,
    pub event_at: Option<String>,
    pub event_status: Option<u8>,
}

/// The office's dossiers received in `from..until` (RFC 3339 moments compare as text with
/// dates), each with its events and rating, in one indexed query.
pub fn period(c: &mut dyn Sql, office_id: &str, from: &str, until: &str) -> Result<Vec<PeriodRow>, StoreError> {
    c.query(
        "SELECT d.code, d.channel, d.appointment_at, r.score, e.at, e.status
         FROM dossiers d
         LEFT JOIN ratings r ON r.dossier_code = d.code
         LEFT JOIN dossier_events e ON e.dossier_code = d.code
         WHERE d.office_id = ?1 AND d.received_at >= ?2 AND d.received_at < ?3
         ORDER BY d.code, e.rowid",
        args![office_id, from, until],
    )?
    .iter()
    .map(|r| {
        Ok(PeriodRow {
            code: r.text(0)?,
            channel: r.text(1)?,
            appointment_at: r.opt_text(2)?,
            score: r.opt_int(3)?.map(|s| s as u8),
            event_at: r.opt_text(4)?,
            event_status: r.opt_int(5)?.map(|s| s as u8),
        })
    })
    .collect()
}

/// Moving an installation ([`crate::migrate`]): a dossier with its events and rating.
pub struct Exported {
    pub dossier: crate::store::Row,
    pub events: Vec<crate::store::Row>,
    pub rating: Option<crate::store::Row>,
}

const DOSSIER_COLUMNS: &str = "code, idempotency_key, request_hash, procedure_id, office_id, applicant, citizen_id, \
     phone, status, received_at, appointment_at, receipt, channel, declaration";

/// Up to `limit` dossiers after `after` (by code), each with its events and rating.
pub fn export(c: &mut dyn Sql, after: &str, limit: u32) -> Result<Vec<Exported>, StoreError> {
    let dossiers = c.query(
        &format!("SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE code > ?1 ORDER BY code LIMIT ?2"),
        args![after, limit],
    )?;
    let mut out = Vec::with_capacity(dossiers.len());
    for d in dossiers {
        let code = d.text(0)?;
        let events = c.query(
            "SELECT dossier_code, at, status, note_vi, note_en, requirements FROM dossier_events
             WHERE dossier_code = ?1 ORDER BY rowid",
            args![&code],
        )?;
        let rating =
            c.query_opt("SELECT dossier_code, score, comment, at FROM ratings WHERE dossier_code = ?1", args![&code])?;
        out.push(Exported { dossier: d, events, rating });
    }
    Ok(out)
}

/// Files an exported dossier, its events and rating, unless a dossier has its code already
/// (then nothing: moving again is safe). `true` if it was new.
pub fn import(c: &mut dyn Sql, e: &Exported) -> Result<bool, StoreError> {
    let inserted = c.execute(
        &format!(
            "INSERT INTO dossiers ({DOSSIER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (code) DO NOTHING"
        ),
        &e.dossier.0,
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    for ev in &e.events {
        c.execute(
            "INSERT INTO dossier_events (dossier_code, at, status, note_vi, note_en, requirements)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &ev.0,
        )?;
    }
    if let Some(r) = &e.rating {
        c.execute("INSERT INTO ratings (dossier_code, score, comment, at) VALUES (?1, ?2, ?3, ?4)", &r.0)?;
    }
    Ok(true)
}

/// Every office's day counter.
pub fn export_sequences(c: &mut dyn Sql) -> Result<Vec<crate::store::Row>, StoreError> {
    c.query("SELECT office_id, day, last FROM daily_sequences", &[])
}

/// A day counter, never moved back (the higher of the two wins).
pub fn import_sequence(c: &mut dyn Sql, row: &crate::store::Row) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO daily_sequences (office_id, day, last) VALUES (?1, ?2, ?3)
         ON CONFLICT (office_id, day) DO UPDATE SET last = CASE WHEN excluded.last > daily_sequences.last
            THEN excluded.last ELSE daily_sequences.last END",
        &row.0,
    )?;
    Ok(())
}
