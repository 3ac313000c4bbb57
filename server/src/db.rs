//! The embedded database: SQLite, created, migrated and seeded on first start.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::Datelike;

use motcua_domain::calendar::{Calendar, Certainty, DayOff, MakeUpDay};
use motcua_domain::catalogue::{Field, ProcedureDetail, ProcedureList, ProcedureSummary, ProcessingTime, Requirement};
use motcua_domain::office::Office;
use motcua_domain::Text;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::AppError;
use crate::seed::Seed;
use crate::BoxError;

/// Each entry moves the schema one version up; `PRAGMA user_version` records how far a file is.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE fields (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL,
    name_vi TEXT NOT NULL, name_en TEXT NOT NULL
) STRICT;
CREATE TABLE procedures (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, national_code TEXT,
    name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
    field_id TEXT NOT NULL REFERENCES fields(id), level TEXT NOT NULL,
    processing_days INTEGER, processing_note_vi TEXT,
    fee_vnd INTEGER, fee_note_vi TEXT,
    channels TEXT NOT NULL, channels_are_assumption INTEGER NOT NULL,
    notes TEXT NOT NULL, legal_basis TEXT NOT NULL, sources TEXT NOT NULL
) STRICT;
CREATE TABLE requirements (
    id TEXT PRIMARY KEY, procedure_id TEXT NOT NULL REFERENCES procedures(id),
    position INTEGER NOT NULL, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('submit', 'show', 'provide_info')),
    required INTEGER NOT NULL, copies INTEGER NOT NULL
) STRICT;
CREATE TABLE offices (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL,
    name_vi TEXT NOT NULL, name_en TEXT NOT NULL, level TEXT NOT NULL,
    address_vi TEXT NOT NULL, address_en TEXT NOT NULL,
    unit_code TEXT NOT NULL, unit_code_is_sample INTEGER NOT NULL,
    hours TEXT NOT NULL, saturday TEXT, friday TEXT NOT NULL
) STRICT;
CREATE TABLE office_procedures (
    office_id TEXT NOT NULL REFERENCES offices(id),
    procedure_id TEXT NOT NULL REFERENCES procedures(id),
    friday_programme INTEGER NOT NULL,
    PRIMARY KEY (office_id, procedure_id)
) STRICT;
CREATE TABLE days_off (
    date TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,
    certainty TEXT NOT NULL CHECK (certainty IN ('confirmed', 'derived', 'unconfirmed'))
) STRICT;
CREATE TABLE make_up_days (
    date TEXT PRIMARY KEY, replaces TEXT,
    certainty TEXT NOT NULL CHECK (certainty IN ('confirmed', 'derived', 'unconfirmed'))
) STRICT;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
"#,
    r#"
ALTER TABLE requirements ADD COLUMN accepted_types TEXT NOT NULL DEFAULT '["pdf","jpeg","png","webp","heic"]';
ALTER TABLE requirements ADD COLUMN max_bytes INTEGER NOT NULL DEFAULT 20971520;
ALTER TABLE requirements ADD COLUMN form_url TEXT;
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    requirement_id TEXT NOT NULL REFERENCES requirements(id),
    draft TEXT NOT NULL,
    length INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'complete')),
    file_type TEXT,
    sha256 TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    dossier_code TEXT
) STRICT;
CREATE INDEX uploads_draft ON uploads(draft);
CREATE TABLE dossiers (
    code TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash TEXT NOT NULL,
    procedure_id TEXT NOT NULL REFERENCES procedures(id),
    office_id TEXT NOT NULL REFERENCES offices(id),
    applicant TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    status INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    appointment_at TEXT,
    receipt TEXT NOT NULL
) STRICT;
CREATE TABLE dossier_events (
    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
    at TEXT NOT NULL,
    status INTEGER NOT NULL,
    note_vi TEXT,
    note_en TEXT
) STRICT;
CREATE TABLE daily_sequences (
    office_id TEXT NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (office_id, day)
) STRICT;
"#,
    r#"
ALTER TABLE dossiers ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';
CREATE TABLE ratings (
    dossier_code TEXT PRIMARY KEY REFERENCES dossiers(code),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT,
    at TEXT NOT NULL
) STRICT;
"#,
    r#"
ALTER TABLE dossier_events ADD COLUMN requirements TEXT;
"#,
    r#"
ALTER TABLE procedures ADD COLUMN keywords TEXT NOT NULL DEFAULT '[]';
"#,
    r#"
ALTER TABLE uploads ADD COLUMN expected_sha256 TEXT;
"#,
    // Uploads: `draft` now holds the SHA-256 of the draft's token; the client's quota key (a
    // salted hash); the SHA-256 state saved between PATCHes.
    r#"
ALTER TABLE uploads ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE uploads ADD COLUMN hash_state TEXT;
ALTER TABLE uploads ADD COLUMN hashed_len INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN encrypt_marker INTEGER NOT NULL DEFAULT 0;
CREATE INDEX uploads_client ON uploads(client, state);
CREATE INDEX uploads_expiry ON uploads(expires_at) WHERE dossier_code IS NULL;
"#,
    // Drafts ended on their device ("finish and clear" on a kiosk): no new upload may join them,
    // so a creation still on its way when the citizen left cannot leave a file behind.
    r#"
CREATE TABLE closed_drafts (draft TEXT PRIMARY KEY, closed_at TEXT NOT NULL) STRICT;
"#,
    // Declaration forms as data, one per procedure (JSON of `forms::FormDefinition`).
    r#"
CREATE TABLE forms (
    procedure_id TEXT PRIMARY KEY REFERENCES procedures(id),
    definition TEXT NOT NULL
) STRICT;
"#,
    // The declaration filled online: {"form", "version", "answers"} (answers to asked questions).
    r#"
ALTER TABLE dossiers ADD COLUMN declaration TEXT;
"#,
    // Statistics read an office's dossiers of a period and their events in one query; the files
    // of ended dossiers are deleted after the retention period (the row stays, marked).
    r#"
CREATE INDEX dossiers_office_received ON dossiers(office_id, received_at);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_code);
ALTER TABLE uploads ADD COLUMN purged_at TEXT;
CREATE INDEX uploads_dossier ON uploads(dossier_code) WHERE dossier_code IS NOT NULL;
"#,
    // Time and fee notes in English too; the catalogue's texts rewritten in citizens' words
    // (databases seeded before get them then).
    r#"
ALTER TABLE procedures ADD COLUMN processing_note_en TEXT;
ALTER TABLE procedures ADD COLUMN fee_note_en TEXT;
"#,
    // What object storage holds of an unfinished upload (unused with files in a folder; the
    // schema is one with PostgreSQL's).
    r#"
ALTER TABLE uploads ADD COLUMN blob_state TEXT;
"#,
    // Appointments at a desk (appointments::records): a booked place is unique per window and
    // seat, and per person and procedure, while it is booked.
    r#"
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    office_id TEXT NOT NULL, procedure_id TEXT NOT NULL,
    start TEXT NOT NULL, seat INTEGER NOT NULL,
    full_name TEXT NOT NULL, citizen_id TEXT NOT NULL, phone TEXT NOT NULL,
    client TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
    created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX bookings_seat ON bookings(office_id, start, seat) WHERE status = 'booked';
CREATE UNIQUE INDEX bookings_person ON bookings(citizen_id, procedure_id) WHERE status = 'booked';
CREATE INDEX bookings_day ON bookings(office_id, start);
"#,
    // How each desk takes appointments (reference data, refilled from the seed at every start).
    r#"
CREATE TABLE desks (
    office_id TEXT PRIMARY KEY REFERENCES offices(id),
    counters INTEGER NOT NULL,
    window_minutes INTEGER NOT NULL
) STRICT;
"#,
    // Branches of a centre; walk-in numbers (no person: the one-per-person rule does not apply);
    // the dossier filed online for a booking.
    r#"
ALTER TABLE offices ADD COLUMN branch_of TEXT;
DROP INDEX bookings_person;
CREATE UNIQUE INDEX bookings_person ON bookings(citizen_id, procedure_id) WHERE status = 'booked' AND citizen_id <> '';
ALTER TABLE bookings ADD COLUMN dossier_code TEXT;
"#,
];

/// The schema version that added everyday words; databases seeded before it get them then.
const KEYWORDS_VERSION: usize = 5;
/// The schema version that added declaration forms; likewise.
const FORMS_VERSION: usize = 9;
/// The schema version that added the English notes (and rewrote the catalogue's texts).
const TEXTS_VERSION: usize = 12;

/// A handle on the database, cheap to clone. SQLite serialises writers anyway: one connection
/// behind a mutex writes, from blocking threads so the async workers stay free. Reads that need
/// no transaction with a write (the catalogue, statistics) go to a few read-only connections
/// beside it ([`Db::read`]), which WAL lets run while a write is under way.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Option<Arc<Readers>>,
}

/// Read-only connections, each used by one blocking thread at a time.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    permits: tokio::sync::Semaphore,
}

/// Read-only connections beside the writer.
const READERS: usize = 4;

impl Db {
    /// Opens (creating the folder and file if needed) `motcua.sqlite3` in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Db, BoxError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| format!("cannot create data folder {}: {e}", data_dir.display()))?;
        let path = data_dir.join("motcua.sqlite3");
        let conn = Connection::open(&path).map_err(|e| format!("cannot open database {}: {e}", path.display()))?;
        let mut db = Self::init(conn)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                c.pragma_update(None, "busy_timeout", 5000)?;
                Ok(c)
            })
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| format!("cannot open database {} for reading: {e}", path.display()))?;
        db.readers =
            Some(Arc::new(Readers { idle: Mutex::new(readers), permits: tokio::sync::Semaphore::new(READERS) }));
        Ok(db)
    }

    /// A database in memory: the catalogue of an instance whose records are elsewhere
    /// (PostgreSQL), and tests. Its readers share the writer's memory (a named in-memory
    /// database with a shared cache), so reads still run beside each other.
    pub fn open_in_memory() -> Result<Db, BoxError> {
        let mut name = [0u8; 8];
        getrandom::fill(&mut name).map_err(|e| format!("no system randomness: {e}"))?;
        let uri = format!("file:motcua-{}?mode=memory&cache=shared", hex::encode(name));
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
            | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
            | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let mut db = Self::init(Connection::open_with_flags(&uri, flags)?)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = Connection::open_with_flags(
                    &uri,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
                )?;
                c.pragma_update(None, "read_uncommitted", true)?;
                Ok(c)
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        db.readers =
            Some(Arc::new(Readers { idle: Mutex::new(readers), permits: tokio::sync::Semaphore::new(READERS) }));
        Ok(db)
    }

    fn init(mut conn: Connection) -> Result<Db, BoxError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        migrate(&mut conn)?;
        seed_if_empty(&mut conn)?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)), readers: None })
    }

    /// Runs `f` on a read-only connection in a blocking thread, beside the writer (on the writer
    /// for a database in memory).
    pub async fn read<T, F>(&self, f: F) -> Result<T, rusqlite::Error>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let Some(readers) = self.readers.clone() else {
            return self.call(move |c| f(c)).await;
        };
        let permit =
            readers.permits.acquire().await.map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        // The permit guarantees a connection is idle; it is given back with the connection.
        permit.forget();
        tokio::task::spawn_blocking(move || {
            let conn = readers.idle.lock().unwrap_or_else(|p| p.into_inner()).pop().expect("a reader per permit");
            let out = f(&conn);
            readers.idle.lock().unwrap_or_else(|p| p.into_inner()).push(conn);
            readers.permits.add_permits(1);
            out
        })
        .await
        .unwrap_or_else(|join| Err(rusqlite::Error::ToSqlConversionFailure(Box::new(join))))
    }

    /// Runs `f` on the connection in a blocking thread; `f` answers in the API's error type, so
    /// a transaction can refuse with `?` and roll back by dropping.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|_| AppError::internal())?
    }

    /// Runs `f` on the connection in a blocking thread.
    pub async fn call<T, F>(&self, f: F) -> Result<T, rusqlite::Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, rusqlite::Error> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .unwrap_or_else(|join| Err(rusqlite::Error::ToSqlConversionFailure(Box::new(join))))
    }
}

fn migrate(conn: &mut Connection) -> Result<(), BoxError> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > MIGRATIONS.len() {
        return Err(format!(
            "the database is at schema version {version}, newer than this server ({}); use a newer build",
            MIGRATIONS.len()
        )
        .into());
    }
    // Read once, and only by a database that needs data its schema version adds.
    let mut seed: Option<Seed> = None;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if [KEYWORDS_VERSION, FORMS_VERSION, TEXTS_VERSION].contains(&(i + 1)) {
            let seed = match &mut seed {
                Some(s) => s,
                none => none.insert(Seed::load()?),
            };
            match i + 1 {
                KEYWORDS_VERSION => fill_keywords(&tx, seed)?,
                FORMS_VERSION => fill_forms(&tx, seed)?,
                _ => fill_texts(&tx, seed)?,
            }
        }
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database migrated");
    }
    Ok(())
}

pub(crate) fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("not a unit enum: {other:?}"),
    }
}

fn enum_from<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn json_from<T: DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn date_from(s: &str) -> rusqlite::Result<chrono::NaiveDate> {
    s.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

/// Stores the seed's everyday words with the procedures they name (those present).
/// The seed's forms, for the procedures this database holds (one seeded from an older catalogue
/// may lack some).
fn fill_desks(conn: &Connection, seed: &Seed) -> Result<(), BoxError> {
    for o in &seed.offices.offices {
        conn.execute(
            "INSERT INTO desks (office_id, counters, window_minutes) SELECT id, ?2, ?3 FROM offices WHERE id = ?1
             ON CONFLICT (office_id) DO UPDATE SET counters = excluded.counters, window_minutes = excluded.window_minutes",
            params![o.id, o.desk.counters, o.desk.window_minutes],
        )?;
    }
    Ok(())
}

/// How the office takes appointments.
pub fn desk(conn: &Connection, office_id: &str) -> rusqlite::Result<Option<motcua_domain::slots::Desk>> {
    conn.query_row("SELECT counters, window_minutes FROM desks WHERE office_id = ?1", [office_id], |r| {
        Ok(motcua_domain::slots::Desk { counters: r.get(0)?, window_minutes: r.get(1)? })
    })
    .optional()
}

fn fill_forms(conn: &Connection, seed: &Seed) -> Result<(), BoxError> {
    for f in &seed.forms {
        conn.execute(
            "INSERT OR REPLACE INTO forms (procedure_id, definition)
             SELECT id, ?2 FROM procedures WHERE id = ?1",
            params![f.procedure_id, serde_json::to_string(f)?],
        )?;
    }
    Ok(())
}

/// What these desks do not handle (reference data, replaced at every start like the forms).
fn fill_elsewhere(conn: &Connection, seed: &Seed) -> Result<(), BoxError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('elsewhere', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(&seed.elsewhere.elsewhere)?],
    )?;
    Ok(())
}

/// Accepted types and largest size of a requirement.
pub async fn requirement_limits(
    db: &Db,
    id: &str,
) -> Result<Option<(Vec<motcua_domain::files::FileType>, u64)>, AppError> {
    let id = id.to_string();
    Ok(db
        .read(move |c| {
            c.query_row("SELECT accepted_types, max_bytes FROM requirements WHERE id = ?1", [id], |r| {
                Ok((json_from(&r.get::<_, String>(0)?)?, r.get::<_, i64>(1)? as u64))
            })
            .optional()
        })
        .await?)
}

/// Every requirement's procedure, by the requirement's id.
pub fn requirement_procedures(conn: &Connection) -> rusqlite::Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, procedure_id FROM requirements")?;
    let map = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect();
    map
}

/// A procedure's declaration form, if it has one.
pub fn form(conn: &Connection, procedure_id: &str) -> rusqlite::Result<Option<motcua_domain::forms::FormDefinition>> {
    conn.query_row("SELECT definition FROM forms WHERE procedure_id = ?1", [procedure_id], |r| {
        let json: String = r.get(0)?;
        serde_json::from_str(&json)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
    })
    .optional()
}

/// The seed's notes and requirement names, for the procedures and requirements present (a
/// database seeded from an older catalogue had research notes in them).
fn fill_texts(conn: &Connection, seed: &Seed) -> rusqlite::Result<()> {
    for p in &seed.catalogue.procedures {
        conn.execute(
            "UPDATE procedures SET processing_note_vi = ?2, processing_note_en = ?3, fee_note_vi = ?4, fee_note_en = ?5
             WHERE id = ?1",
            params![p.id, p.processing_note_vi, p.processing_note_en, p.fee_note_vi, p.fee_note_en],
        )?;
        for r in &p.requirements {
            conn.execute(
                "UPDATE requirements SET name_vi = ?2, name_en = ?3 WHERE id = ?1",
                params![r.id, r.name.vi, r.name.en],
            )?;
        }
    }
    Ok(())
}

fn fill_keywords(conn: &Connection, seed: &Seed) -> rusqlite::Result<()> {
    for (id, words) in &seed.synonyms.synonyms {
        let json = serde_json::to_string(words).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        conn.execute("UPDATE procedures SET keywords = ?1 WHERE id = ?2", params![json, id])?;
    }
    Ok(())
}

fn seed_if_empty(conn: &mut Connection) -> Result<(), BoxError> {
    let seeded: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = 'seeded_at'", [], |r| r.get(0)).optional()?;
    if seeded.is_some() {
        // Forms are reference data no dossier points into (a dossier keeps its declaration's
        // form version): the compiled-in ones replace the stored ones at every start.
        let tx = conn.transaction()?;
        let seed = Seed::load()?;
        fill_forms(&tx, &seed)?;
        fill_elsewhere(&tx, &seed)?;
        fill_desks(&tx, &seed)?;
        tx.commit()?;
        let stored: Option<String> =
            conn.query_row("SELECT value FROM settings WHERE key = 'seed_hash'", [], |r| r.get(0)).optional()?;
        if stored.as_deref() != Some(seed_hash().as_str()) {
            // Dossiers refer to the procedures and offices they were filed for, so the reference
            // data is not swapped under them: say so, once per start.
            tracing::warn!(
                "this data folder holds reference data from an older seed (catalogue, offices, calendar); \
                 start with an empty --data-dir to load the current one"
            );
        }
        return Ok(());
    }
    let seed = Seed::load()?;
    let tx = conn.transaction()?;
    for (i, f) in seed.catalogue.fields.iter().enumerate() {
        tx.execute(
            "INSERT INTO fields (id, position, name_vi, name_en) VALUES (?1, ?2, ?3, ?4)",
            params![f.id, i, f.name.vi, f.name.en],
        )?;
    }
    for (i, p) in seed.catalogue.procedures.iter().enumerate() {
        tx.execute(
            "INSERT INTO procedures (id, position, national_code, name_vi, name_en, field_id, level,
                processing_days, processing_note_vi, fee_vnd, fee_note_vi, channels,
                channels_are_assumption, notes, legal_basis, sources, processing_note_en, fee_note_en)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                p.id,
                i,
                p.national_code,
                p.name.vi,
                p.name.en,
                p.field_id,
                enum_str(&p.level),
                p.processing_days,
                p.processing_note_vi,
                p.fee_vnd.map(|v| v as i64),
                p.fee_note_vi,
                serde_json::to_string(&p.channels)?,
                p.channels_are_assumption,
                serde_json::to_string(&p.notes)?,
                p.legal_basis,
                serde_json::to_string(&p.sources)?,
                p.processing_note_en,
                p.fee_note_en,
            ],
        )?;
        for (j, r) in p.requirements.iter().enumerate() {
            tx.execute(
                "INSERT INTO requirements (id, procedure_id, position, name_vi, name_en, kind, required, copies)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![r.id, p.id, j, r.name.vi, r.name.en, enum_str(&r.kind), r.required, r.copies],
            )?;
        }
    }
    fill_keywords(&tx, &seed)?;
    for (i, o) in seed.offices.offices.iter().enumerate() {
        tx.execute(
            "INSERT INTO offices (id, position, name_vi, name_en, level, address_vi, address_en,
                unit_code, unit_code_is_sample, hours, saturday, friday, branch_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                o.id,
                i,
                o.name.vi,
                o.name.en,
                enum_str(&o.level),
                o.address.vi,
                o.address.en,
                o.unit_code,
                o.unit_code_is_sample,
                serde_json::to_string(&o.hours)?,
                o.saturday.as_ref().map(serde_json::to_string).transpose()?,
                serde_json::to_string(&o.friday_programme)?,
                o.branch_of,
            ],
        )?;
        for pid in &o.procedure_ids {
            let friday = o.friday_programme.enabled && o.friday_programme.procedure_ids.contains(pid);
            tx.execute(
                "INSERT INTO office_procedures (office_id, procedure_id, friday_programme) VALUES (?1, ?2, ?3)",
                params![o.id, pid, friday],
            )?;
        }
    }
    for d in &seed.calendar.days_off {
        tx.execute(
            "INSERT INTO days_off (date, name_vi, name_en, certainty) VALUES (?1, ?2, ?3, ?4)",
            params![d.date.to_string(), d.name.vi, d.name.en, enum_str(&d.certainty)],
        )?;
    }
    for m in &seed.calendar.make_up_days {
        tx.execute(
            "INSERT INTO make_up_days (date, replaces, certainty) VALUES (?1, ?2, ?3)",
            params![m.date.to_string(), m.replaces.map(|d| d.to_string()), enum_str(&m.certainty)],
        )?;
    }
    fill_forms(&tx, &seed)?;
    fill_elsewhere(&tx, &seed)?;
    fill_desks(&tx, &seed)?;
    for (key, value) in [
        ("calendar_published_from", seed.calendar.published_from.to_string()),
        ("calendar_published_through", seed.calendar.published_through.to_string()),
        ("online_outside_hours", seed.offices.online_outside_hours.counts_from.clone()),
        ("seeded_at", chrono::Utc::now().to_rfc3339()),
        ("seed_hash", seed_hash()),
    ] {
        tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", params![key, value])?;
    }
    tx.commit()?;
    tracing::info!(procedures = seed.catalogue.procedures.len(), "database seeded");
    Ok(())
}

/// Which seed a data folder was filled from: SHA-256 of the committed data files.
fn seed_hash() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in
        [crate::seed::CATALOGUE_JSON, crate::seed::OFFICES_JSON, crate::seed::CALENDAR_JSON, crate::seed::SYNONYMS_JSON]
    {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

const SUMMARY_SELECT: &str = "SELECT p.id, p.national_code, p.name_vi, p.name_en, p.field_id, p.level,
        p.processing_days, p.fee_vnd, p.channels, p.keywords,
        EXISTS (SELECT 1 FROM office_procedures op
                WHERE op.procedure_id = p.id AND op.friday_programme = 1)
    FROM procedures p";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProcedureSummary> {
    Ok(ProcedureSummary {
        id: r.get(0)?,
        national_code: r.get(1)?,
        name: Text::new(r.get::<_, String>(2)?, r.get::<_, String>(3)?),
        field_id: r.get(4)?,
        level: enum_from(&r.get::<_, String>(5)?)?,
        processing: ProcessingTime::from_days(r.get(6)?),
        fee_vnd: r.get::<_, Option<i64>>(7)?.map(|v| v as u64),
        channels: json_from(&r.get::<_, String>(8)?)?,
        keywords: json_from(&r.get::<_, String>(9)?)?,
        friday_programme: r.get(10)?,
    })
}

pub fn procedure_list(conn: &Connection) -> rusqlite::Result<ProcedureList> {
    let mut stmt = conn.prepare("SELECT id, name_vi, name_en FROM fields ORDER BY position")?;
    let fields = stmt
        .query_map([], |r| {
            Ok(Field { id: r.get(0)?, name: Text::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?) })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(&format!("{SUMMARY_SELECT} ORDER BY p.position"))?;
    let procedures = stmt.query_map([], summary_row)?.collect::<Result<Vec<_>, _>>()?;
    let elsewhere: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = 'elsewhere'", [], |r| r.get(0)).optional()?;
    let elsewhere = elsewhere.map(|j| json_from(&j)).transpose()?.unwrap_or_default();
    Ok(ProcedureList { fields, procedures, elsewhere })
}

pub fn procedure_detail(conn: &Connection, id: &str) -> rusqlite::Result<Option<ProcedureDetail>> {
    let Some(summary) = conn.query_row(&format!("{SUMMARY_SELECT} WHERE p.id = ?1"), [id], summary_row).optional()?
    else {
        return Ok(None);
    };
    #[allow(clippy::type_complexity)]
    let (notes, processing_note_vi, fee_note_vi, legal_basis, processing_note_en, fee_note_en): (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
    ) = conn.query_row(
        "SELECT notes, processing_note_vi, fee_note_vi, legal_basis, processing_note_en, fee_note_en
         FROM procedures WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let mut stmt = conn.prepare(
        // A requirement that a declaration form stands in for links the form's printable blank.
        "SELECT id, name_vi, name_en, kind, required, copies, accepted_types, max_bytes, form_url,
                (SELECT f.procedure_id FROM forms f
                    WHERE f.procedure_id = requirements.procedure_id
                      AND json_extract(f.definition, '$.replaces_requirement') = requirements.id)
         FROM requirements WHERE procedure_id = ?1 ORDER BY position",
    )?;
    let requirements = stmt
        .query_map([id], |r| {
            Ok(Requirement {
                id: r.get(0)?,
                name: Text::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                kind: enum_from(&r.get::<_, String>(3)?)?,
                required: r.get(4)?,
                copies: r.get(5)?,
                accepted_types: json_from(&r.get::<_, String>(6)?)?,
                max_bytes: r.get::<_, i64>(7)? as u64,
                form_url: r
                    .get::<_, Option<String>>(8)?
                    .or(r.get::<_, Option<String>>(9)?.map(|p| motcua_routes::href::blank_form(&p))),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT op.office_id FROM office_procedures op JOIN offices o ON o.id = op.office_id
         WHERE op.procedure_id = ?1 ORDER BY o.position",
    )?;
    let office_ids = stmt.query_map([id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(Some(ProcedureDetail {
        summary,
        requirements,
        notes: json_from(&notes)?,
        processing_note_vi,
        fee_note_vi,
        processing_note_en,
        fee_note_en,
        legal_basis,
        office_ids,
    }))
}

pub fn offices(conn: &Connection) -> rusqlite::Result<Vec<Office>> {
    let mut stmt = conn.prepare(
        "SELECT id, name_vi, name_en, level, address_vi, address_en, unit_code, hours, saturday, friday,
         branch_of FROM offices ORDER BY position",
    )?;
    let mut offices = stmt
        .query_map([], |r| {
            Ok(Office {
                id: r.get(0)?,
                name: Text::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                level: enum_from(&r.get::<_, String>(3)?)?,
                address: Text::new(r.get::<_, String>(4)?, r.get::<_, String>(5)?),
                unit_code: r.get(6)?,
                hours: json_from(&r.get::<_, String>(7)?)?,
                saturday: match r.get::<_, Option<String>>(8)? {
                    Some(s) => Some(json_from(&s)?),
                    None => None,
                },
                friday_programme: json_from(&r.get::<_, String>(9)?)?,
                procedure_ids: Vec::new(),
                branch_of: r.get(10)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT op.procedure_id FROM office_procedures op JOIN procedures p ON p.id = op.procedure_id
         WHERE op.office_id = ?1 ORDER BY p.position",
    )?;
    for o in &mut offices {
        o.procedure_ids = stmt.query_map([&o.id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    }
    Ok(offices)
}

pub fn calendar(conn: &Connection) -> rusqlite::Result<Calendar> {
    let setting = |key: &str| -> rusqlite::Result<chrono::NaiveDate> {
        let v: String = conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))?;
        date_from(&v)
    };
    let certainty = |s: String| -> rusqlite::Result<Certainty> { enum_from(&s) };
    let mut stmt = conn.prepare("SELECT date, name_vi, name_en, certainty FROM days_off ORDER BY date")?;
    let days_off = stmt
        .query_map([], |r| {
            Ok(DayOff {
                date: date_from(&r.get::<_, String>(0)?)?,
                name: Text::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                certainty: certainty(r.get(3)?)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare("SELECT date, replaces, certainty FROM make_up_days ORDER BY date")?;
    let make_up_days = stmt
        .query_map([], |r| {
            Ok(MakeUpDay {
                date: date_from(&r.get::<_, String>(0)?)?,
                replaces: match r.get::<_, Option<String>>(1)? {
                    Some(d) => Some(date_from(&d)?),
                    None => None,
                },
                certainty: certainty(r.get(2)?)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let published_through: chrono::NaiveDate = setting("calendar_published_through")?;
    // Beyond the published calendar, the law's days off (derived) for four more years: what the
    // planner shows and what receipts count with.
    let calendar =
        Calendar { days_off, make_up_days, published_from: setting("calendar_published_from")?, published_through };
    Ok(calendar.with_statutory_days_through(published_through.year() + STATUTORY_YEARS_AHEAD))
}

/// Whether a dossier filed while the desk is closed counts as received at its next opening (the
/// seed's `online_outside_hours`; databases seeded before it existed: yes).
pub fn counts_from_next_opening(conn: &Connection) -> rusqlite::Result<bool> {
    let rule: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = 'online_outside_hours'", [], |r| r.get(0)).optional()?;
    Ok(rule.as_deref() != Some("submission"))
}

/// How many years past the published calendar the law's days off are derived.
pub const STATUTORY_YEARS_AHEAD: i32 = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_migrated_and_seeded_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let list = procedure_list(&db.conn.lock().unwrap()).unwrap();
        assert_eq!(list.procedures.len(), 40);
        drop(db);
        // Reopening must neither fail on existing tables nor seed twice.
        let db = Db::open(dir.path()).unwrap();
        let conn = db.conn.lock().unwrap();
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM procedures", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 40);
    }

    #[test]
    fn catalogue_round_trips_through_the_database() {
        let db = Db::open_in_memory().unwrap();
        let conn = db.conn.lock().unwrap();
        let list = procedure_list(&conn).unwrap();
        let birth = list.procedures.iter().find(|p| p.id == "XA-HT-01").unwrap();
        let residence = list.elsewhere.iter().find(|e| e.id == "cu-tru").expect("what is done elsewhere, served");
        assert!(residence.keywords.iter().any(|k| k == "hộ khẩu"));
        assert_eq!(birth.name.vi, "Đăng ký khai sinh");
        assert_eq!(birth.national_code.as_deref(), Some("1.001193"));
        assert_eq!(birth.processing, ProcessingTime::SameDay);
        assert!(birth.friday_programme);
        assert!(list.fields.iter().any(|f| f.id == birth.field_id));
        let detail = procedure_detail(&conn, "XA-HT-01").unwrap().unwrap();
        assert_eq!(&detail.summary, birth);
        assert!(detail.required_documents().any(|r| r.name.vi.starts_with("Tờ khai")));
        assert!(!detail.office_ids.is_empty());
        assert_eq!(procedure_detail(&conn, "KHONG-CO").unwrap(), None);
        let offices = offices(&conn).unwrap();
        let desk = offices.iter().find(|o| o.id == detail.office_ids[0]).unwrap();
        assert!(desk.receives("XA-HT-01") && desk.friday_programme.covers("XA-HT-01"));
        let cal = calendar(&conn).unwrap();
        cal.validate().unwrap();
        assert!(!cal.is_working_day("2026-01-02".parse().unwrap()));
        assert!(cal.is_working_day("2026-01-10".parse().unwrap()));
        // Beyond the published calendar, the law's days: 1/1/2027 is New Year's Day.
        assert!(cal.published_through < "2027-01-01".parse().unwrap());
        let new_year = cal.day_off("2027-01-01".parse().unwrap()).unwrap();
        assert_eq!((new_year.name.vi.as_str(), new_year.certainty), ("Tết Dương lịch", Certainty::Derived));
        assert!(!cal.is_working_day("2027-02-10".parse().unwrap()), "Tết 2027's weekend made up");
    }

    #[test]
    fn forms_are_served_and_their_requirement_links_the_blank() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let conn = db.conn.lock().unwrap();
        let birth = form(&conn, "XA-HT-01").unwrap().expect("the birth registration form");
        assert_eq!((birth.replaces_requirement.as_str(), birth.version), ("XA-HT-01-01", 1));
        assert!(birth.problems().is_empty());
        let detail = procedure_detail(&conn, "XA-HT-01").unwrap().unwrap();
        let linked: Vec<_> =
            detail.requirements.iter().filter_map(|r| Some((r.id.as_str(), r.form_url.as_deref()?))).collect();
        assert_eq!(linked, [("XA-HT-01-01", "/thu-tuc/XA-HT-01/to-khai")]);
        assert_eq!(form(&conn, "XA-HT-07").unwrap(), None);
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM forms", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 5);
        // A database from before forms gets them when it is migrated.
        conn.execute_batch("ALTER TABLE offices DROP COLUMN branch_of; DROP TABLE desks; DROP TABLE bookings; ALTER TABLE uploads DROP COLUMN blob_state; ALTER TABLE procedures DROP COLUMN processing_note_en; ALTER TABLE procedures DROP COLUMN fee_note_en; DROP INDEX dossiers_office_received; DROP INDEX dossier_events_dossier; DROP INDEX uploads_dossier; ALTER TABLE uploads DROP COLUMN purged_at; DROP TABLE forms; ALTER TABLE dossiers DROP COLUMN declaration; PRAGMA user_version = 8;")
            .unwrap();
        drop(conn);
        drop(db);
        let db = Db::open(dir.path()).unwrap();
        assert!(form(&db.conn.lock().unwrap(), "XA-KD-01").unwrap().is_some());
    }

    #[test]
    fn everyday_words_are_served_and_added_to_databases_seeded_before_them() {
        let dir = tempfile::tempdir().unwrap();
        let marriage = |db: &Db| {
            let list = procedure_list(&db.conn.lock().unwrap()).unwrap();
            list.procedures.into_iter().find(|p| p.id == "XA-HT-02").unwrap().keywords
        };
        let db = Db::open(dir.path()).unwrap();
        assert!(marriage(&db).iter().any(|w| w == "lấy vợ"));
        // Take the database back to the schema before keywords, as an older server left it.
        db.conn
            .lock()
            .unwrap()
            .execute_batch("ALTER TABLE offices DROP COLUMN branch_of; DROP TABLE desks; DROP TABLE bookings; ALTER TABLE uploads DROP COLUMN blob_state; ALTER TABLE procedures DROP COLUMN processing_note_en; ALTER TABLE procedures DROP COLUMN fee_note_en; DROP INDEX dossiers_office_received; DROP INDEX dossier_events_dossier; DROP INDEX uploads_dossier; ALTER TABLE uploads DROP COLUMN purged_at; ALTER TABLE procedures DROP COLUMN keywords; ALTER TABLE uploads DROP COLUMN expected_sha256; DROP INDEX uploads_client; DROP INDEX uploads_expiry; ALTER TABLE uploads DROP COLUMN client; ALTER TABLE uploads DROP COLUMN hash_state; ALTER TABLE uploads DROP COLUMN hashed_len; ALTER TABLE uploads DROP COLUMN encrypt_marker; DROP TABLE closed_drafts; DROP TABLE forms; ALTER TABLE dossiers DROP COLUMN declaration; PRAGMA user_version = 4;")
            .unwrap();
        drop(db);
        let db = Db::open(dir.path()).unwrap();
        assert!(marriage(&db).iter().any(|w| w == "cưới"));
    }

    #[test]
    fn a_database_from_a_newer_server_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = Db::init(conn).err().unwrap().to_string();
        assert!(err.contains("newer than this server"), "{err}");
    }
}
