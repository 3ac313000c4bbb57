//! [`Sql`] on PostgreSQL (`--database-url postgres://…`): a bounded pool of connections used
//! from blocking threads (the synchronous client, as rusqlite is used), each with its prepared
//! statements; versioned migrations run at start by one instance at a time; advisory locks that
//! hold across instances, and are let go by the server itself when an instance dies.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{Row, Sql, StoreError, Value};
use crate::error::AppError;
use crate::BoxError;

/// Each entry moves the schema one version up; `schema_version` records how far a database is.
/// The catalogue (procedures, offices, forms, calendar) is the data each instance carries and
/// reads from its own embedded copy; this database holds the records, which instances share.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE uploads (
    rowid BIGSERIAL NOT NULL,
    id TEXT COLLATE "C" PRIMARY KEY,
    requirement_id TEXT NOT NULL,
    draft TEXT NOT NULL,
    length BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('uploading', 'complete')),
    file_type TEXT,
    sha256 TEXT,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL,
    dossier_code TEXT COLLATE "C",
    expected_sha256 TEXT,
    client TEXT NOT NULL DEFAULT '',
    hash_state TEXT,
    hashed_len BIGINT NOT NULL DEFAULT 0,
    encrypt_marker BIGINT NOT NULL DEFAULT 0,
    purged_at TEXT COLLATE "C",
    blob_state TEXT
);
CREATE INDEX uploads_draft ON uploads(draft);
CREATE INDEX uploads_client ON uploads(client, state);
CREATE INDEX uploads_expiry ON uploads(expires_at) WHERE dossier_code IS NULL;
CREATE INDEX uploads_dossier ON uploads(dossier_code) WHERE dossier_code IS NOT NULL;
CREATE TABLE closed_drafts (draft TEXT PRIMARY KEY, closed_at TEXT COLLATE "C" NOT NULL);
CREATE TABLE dossiers (
    code TEXT COLLATE "C" PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash TEXT NOT NULL,
    procedure_id TEXT NOT NULL,
    office_id TEXT NOT NULL,
    applicant TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    status BIGINT NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL,
    appointment_at TEXT COLLATE "C",
    receipt TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'online',
    declaration TEXT
);
CREATE INDEX dossiers_office_received ON dossiers(office_id, received_at);
CREATE TABLE dossier_events (
    rowid BIGSERIAL PRIMARY KEY,
    dossier_code TEXT COLLATE "C" NOT NULL REFERENCES dossiers(code),
    at TEXT COLLATE "C" NOT NULL,
    status BIGINT NOT NULL,
    note_vi TEXT,
    note_en TEXT,
    requirements TEXT
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_code);
CREATE TABLE daily_sequences (
    office_id TEXT NOT NULL, day TEXT COLLATE "C" NOT NULL, last BIGINT NOT NULL,
    PRIMARY KEY (office_id, day)
);
CREATE TABLE ratings (
    rowid BIGSERIAL NOT NULL,
    dossier_code TEXT COLLATE "C" PRIMARY KEY REFERENCES dossiers(code),
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment TEXT,
    at TEXT COLLATE "C" NOT NULL
);
"#,
    // What the limiters remember, shared by every instance (store::limits).
    r#"
CREATE TABLE limits (key TEXT PRIMARY KEY, value TEXT NOT NULL, until BIGINT NOT NULL);
CREATE INDEX limits_until ON limits(until);
"#,
    // Appointments at a desk (appointments::records), as in the embedded schema.
    r#"
CREATE TABLE bookings (
    id TEXT COLLATE "C" PRIMARY KEY,
    office_id TEXT NOT NULL, procedure_id TEXT NOT NULL,
    start TEXT COLLATE "C" NOT NULL, seat BIGINT NOT NULL,
    full_name TEXT NOT NULL, citizen_id TEXT NOT NULL, phone TEXT NOT NULL,
    client TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'checked_in', 'no_show')),
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX bookings_seat ON bookings(office_id, start, seat) WHERE status = 'booked';
CREATE UNIQUE INDEX bookings_person ON bookings(citizen_id, procedure_id) WHERE status = 'booked';
CREATE INDEX bookings_day ON bookings(office_id, start);
"#,
    // Walk-in numbers (no person) and the dossier filed online for a booking, as in the embedded
    // schema.
    r#"
DROP INDEX bookings_person;
CREATE UNIQUE INDEX bookings_person ON bookings(citizen_id, procedure_id) WHERE status = 'booked' AND citizen_id <> '';
ALTER TABLE bookings ADD COLUMN dossier_code TEXT;
"#,
];

/// The key of the advisory lock under which an instance migrates.
const MIGRATION_LOCK: i64 = 0x6d6f_7463_7561;

/// A connection and the statements prepared on it.
struct Conn {
    client: Client,
    statements: HashMap<String, Statement>,
}

struct Inner {
    config: postgres::Config,
    idle: Mutex<Vec<Conn>>,
    permits: Semaphore,
    /// Connections kept for held locks ([`Pg::hold`]), and how many may be held at once.
    sessions: Mutex<Vec<Client>>,
    session_permits: Arc<Semaphore>,
    version: String,
}

impl Drop for Inner {
    /// The synchronous client closes its connection by blocking on it, which an async thread
    /// may not do: the last handle may go anywhere, so the connections are closed on a thread
    /// of their own.
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        let sessions = std::mem::take(self.sessions.get_mut().unwrap_or_else(|p| p.into_inner()));
        let _ = std::thread::Builder::new().name("pg-close".into()).spawn(move || drop((idle, sessions)));
    }
}

/// The pool. Cheap to clone.
#[derive(Clone)]
pub struct Pg {
    inner: Arc<Inner>,
}

/// Connections for transactions, and for locks held while an upload is written.
const POOL: usize = 8;
const SESSIONS: usize = 32;

fn store_err(e: postgres::Error) -> StoreError {
    StoreError(match e.as_db_error() {
        Some(db) => format!("postgresql: {} ({})", db.message(), db.code().code()),
        None => format!("postgresql: {e}"),
    })
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        store_err(e)
    }
}

impl Pg {
    /// Connects, migrates and keeps the pool. Blocking: call it outside the async runtime (or
    /// in `spawn_blocking`).
    pub fn open(url: &str) -> Result<Pg, BoxError> {
        let mut config =
            postgres::Config::from_str(url).map_err(|e| format!("MOTCUA_DATABASE_URL is not a PostgreSQL URL: {e}"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("motcua-server");
        let mut first = config.connect(NoTls).map_err(|e| format!("cannot connect to PostgreSQL: {e}"))?;
        let version: String = first.query_one("SHOW server_version", &[])?.get(0);
        migrate(&mut first)?;
        Ok(Pg {
            inner: Arc::new(Inner {
                config,
                idle: Mutex::new(vec![Conn { client: first, statements: HashMap::new() }]),
                permits: Semaphore::new(POOL),
                sessions: Mutex::new(Vec::new()),
                session_permits: Arc::new(Semaphore::new(SESSIONS)),
                version: format!("postgresql {}", version.split_whitespace().next().unwrap_or("")),
            }),
        })
    }

    pub fn server_version(&self) -> String {
        self.inner.version.clone()
    }

    pub(super) async fn tx<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Sql) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.inner.clone();
        let permit = inner.permits.acquire().await.map_err(|_| AppError::internal())?;
        // Given back with the connection, in the blocking thread, whatever happens to the task.
        permit.forget();
        tokio::task::spawn_blocking(move || {
            let taken = inner.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let conn = match taken {
                Some(c) if !c.client.is_closed() => Ok(c),
                _ => inner
                    .config
                    .connect(NoTls)
                    .map(|client| Conn { client, statements: HashMap::new() })
                    .map_err(|e| AppError::from(store_err(e))),
            };
            let out = conn.and_then(|mut conn| {
                let out = run(&mut conn, f);
                if !conn.client.is_closed() {
                    inner.idle.lock().unwrap_or_else(|p| p.into_inner()).push(conn);
                }
                out
            });
            inner.permits.add_permits(1);
            out
        })
        .await
        .map_err(|_| AppError::internal())?
    }

    /// Takes the session advisory lock on `key` on a connection of its own, kept until the
    /// [`Session`] drops; `None` if another session (any instance) holds it. When an instance
    /// dies, PostgreSQL ends its sessions and so lets its locks go.
    pub(super) async fn hold(&self, key: &str) -> Result<Option<Session>, StoreError> {
        let inner = self.inner.clone();
        let permit =
            inner.session_permits.clone().acquire_owned().await.map_err(|_| StoreError("shutting down".into()))?;
        let key = key.to_string();
        tokio::task::spawn_blocking(move || {
            let taken = inner.sessions.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let mut client = match taken {
                Some(c) if !c.is_closed() => c,
                _ => inner.config.connect(NoTls)?,
            };
            let got: bool = client.query_one("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", &[&key])?.get(0);
            if got {
                Ok(Some(Session { inner: inner.clone(), client: Some(client), key, _permit: permit }))
            } else {
                inner.sessions.lock().unwrap_or_else(|p| p.into_inner()).push(client);
                Ok(None)
            }
        })
        .await
        .map_err(|e| StoreError(e.to_string()))?
    }
}

/// A held advisory lock; dropping it lets go (in a blocking thread) and keeps the connection.
pub struct Session {
    inner: Arc<Inner>,
    client: Option<Client>,
    key: String,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Session {
    fn drop(&mut self) {
        let Some(mut client) = self.client.take() else { return };
        let (inner, key) = (self.inner.clone(), std::mem::take(&mut self.key));
        let release = move || {
            if client.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", &[&key]).is_ok() {
                inner.sessions.lock().unwrap_or_else(|p| p.into_inner()).push(client);
            }
            // Otherwise the connection is dropped, and with it the lock.
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn_blocking(release);
            }
            Err(_) => release(),
        }
    }
}

fn run<T>(conn: &mut Conn, f: impl FnOnce(&mut dyn Sql) -> Result<T, AppError>) -> Result<T, AppError> {
    let mut tx = conn.client.transaction().map_err(store_err)?;
    let out = f(&mut PgSql { tx: &mut tx, statements: &mut conn.statements })?;
    tx.commit().map_err(store_err)?;
    Ok(out)
}

struct PgSql<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgSql<'_, '_> {
    fn prepared(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(&dollar_placeholders(sql))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Sql for PgSql<'_, '_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let stmt = self.prepared(sql)?;
        Ok(self.tx.execute(&stmt, &refs(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.prepared(sql)?;
        self.tx.query(&stmt, &refs(params))?.iter().map(row).collect()
    }

    fn lock(&mut self, key: &str) -> Result<(), StoreError> {
        self.tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&key])?;
        Ok(())
    }

    fn try_lock(&mut self, key: &str) -> Result<bool, StoreError> {
        Ok(self.tx.query_one("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))", &[&key])?.get(0))
    }
}

fn row(r: &postgres::Row) -> Result<Row, StoreError> {
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let int = |v: Option<i64>| v.map_or(Value::Null, Value::Int);
        out.push(match *col.type_() {
            Type::INT8 => int(r.try_get::<_, Option<i64>>(i)?),
            Type::INT4 => int(r.try_get::<_, Option<i32>>(i)?.map(i64::from)),
            Type::INT2 => int(r.try_get::<_, Option<i16>>(i)?.map(i64::from)),
            Type::BOOL => int(r.try_get::<_, Option<bool>>(i)?.map(i64::from)),
            _ => r.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
        });
    }
    Ok(Row(out))
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => Err(format!("a number cannot be sent as {ty}").into()),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// `?1` → `$1`, outside quoted text.
pub fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

fn migrate(client: &mut Client) -> Result<(), BoxError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| -> Result<(), BoxError> {
        client.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
        let version = match client.query_opt("SELECT version FROM schema_version", &[])? {
            Some(r) => r.get::<_, i64>(0) as usize,
            None => {
                client.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
                0
            }
        };
        if version > MIGRATIONS.len() {
            return Err(format!(
                "the database is at schema version {version}, newer than this server ({}); use a newer build",
                MIGRATIONS.len()
            )
            .into());
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let mut tx = client.transaction()?;
            tx.batch_execute(sql)?;
            tx.execute("UPDATE schema_version SET version = $1", &[&((i + 1) as i64)])?;
            tx.commit()?;
            tracing::info!(version = i + 1, "postgresql schema migrated");
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result
}

/// Tests and benches: a new empty database on the server of `url`.
pub fn fresh_database(url: &str) -> String {
    let mut name = [0u8; 6];
    getrandom::fill(&mut name).unwrap();
    let name = format!("t_{}", hex::encode(name));
    // On a thread of its own: the synchronous client may not block an async caller's thread.
    let (admin_url, create) = (url.to_string(), format!("CREATE DATABASE {name}"));
    std::thread::spawn(move || {
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls).expect("the test PostgreSQL server");
        admin.batch_execute(&create).unwrap();
    })
    .join()
    .unwrap();
    // The URL's last path segment is the database.
    match url.rsplit_once('/') {
        Some((base, last)) if !last.contains(':') && !last.contains('@') => {
            let query = last.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
            format!("{base}/{name}{query}")
        }
        _ => format!("{}/{name}", url.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?10"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $10"
        );
    }
}
