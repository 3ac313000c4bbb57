//! Where the records live (dossiers, their events and ratings, uploads' rows, daily sequences,
//! closed drafts, secrets): the seam between the API and its database.
//!
//! Two engines behind one interface: the embedded SQLite file (the default, the same file as the
//! catalogue) and PostgreSQL (`--database-url postgres://…`), for several instances at once.
//! Each table's statements are written once, in the SQL both engines speak, by the one module
//! that owns the table ([`crate::uploads::records`], [`crate::dossiers::records`],
//! [`secrets`]); they run through [`Sql`], which each engine implements. One body of queries
//! cannot drift apart between engines, and the suites that pass on one pass on the other.
//!
//! Placeholders are written `?1`, `?2`… (PostgreSQL gets `$1`, `$2`…); integers are 64-bit on
//! both; times are RFC 3339 text, compared as text (PostgreSQL's columns use the "C" collation);
//! `rowid` orders rows by insertion on both (a `BIGSERIAL` column of that name on PostgreSQL).

pub mod limits;
pub mod pg;
pub mod secrets;
mod sqlite;
#[cfg(test)]
pub mod testing;

use std::fmt;

use crate::db::Db;
use crate::error::AppError;

/// A parameter or a column's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u64> for Value {
    fn from(v: u64) -> Self {
        Value::Int(v as i64)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<u8> for Value {
    fn from(v: u8) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Parameters, each turned into a [`Value`]: `args![a, b]`.
#[macro_export]
macro_rules! args {
    ($($v:expr),* $(,)?) => { &[$($crate::store::Value::from($v)),*][..] };
}

/// A database error, said once (the API answers 500 without it).
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::internal()
    }
}

/// One row of an answer.
#[derive(Clone, Debug)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value, StoreError> {
        self.0.get(i).ok_or_else(|| StoreError(format!("no column {i}")))
    }

    pub fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?.ok_or_else(|| StoreError(format!("column {i} is null")))
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.at(i)? {
            Value::Int(v) => Ok(Some(*v)),
            Value::Null => Ok(None),
            Value::Text(t) => Err(StoreError(format!("column {i} is text ({t:?}), not a number"))),
        }
    }

    pub fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?.ok_or_else(|| StoreError(format!("column {i} is null")))
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.at(i)? {
            Value::Text(v) => Ok(Some(v.clone())),
            Value::Null => Ok(None),
            Value::Int(v) => Err(StoreError(format!("column {i} is a number ({v}), not text"))),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, StoreError> {
        Ok(self.int(i)? != 0)
    }
}

/// What a transaction can do, on either engine.
pub trait Sql {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    /// Every row of a query.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// Until this transaction ends, no other transaction (on any instance) holding the same key
    /// goes on: what SQLite's single writer gives anyway, taken on PostgreSQL as an advisory
    /// transaction lock.
    fn lock(&mut self, key: &str) -> Result<(), StoreError>;
    /// Like [`Sql::lock`] without waiting: `false` if another transaction or session holds it.
    fn try_lock(&mut self, key: &str) -> Result<bool, StoreError>;
}

impl dyn Sql + '_ {
    /// The first row, if any.
    pub fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The first row; an error if there is none.
    pub fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?.ok_or_else(|| StoreError("no row".into()))
    }
}

/// The records' database: the embedded file or PostgreSQL. Cheap to clone.
#[derive(Clone)]
pub enum Records {
    Sqlite(Db),
    Postgres(pg::Pg),
}

impl Records {
    /// The catalogue and the records as configured: both in `<data_dir>/motcua.sqlite3`, or
    /// the records in PostgreSQL at `database_url` and the catalogue in this instance's memory
    /// (it is the data the server carries; every instance seeds the same).
    pub async fn open(
        data_dir: &std::path::Path,
        database_url: Option<&str>,
    ) -> Result<(Db, Records), crate::BoxError> {
        match database_url.filter(|u| !u.is_empty()) {
            None => {
                let db = Db::open(data_dir)?;
                Ok((db.clone(), Records::Sqlite(db)))
            }
            Some(url) => {
                let url = url.to_string();
                let pg = tokio::task::spawn_blocking(move || pg::Pg::open(&url)).await??;
                Ok((Db::open_in_memory()?, Records::Postgres(pg)))
            }
        }
    }

    /// Runs `f` in one transaction in a blocking thread: committed when it answers `Ok`, rolled
    /// back when it answers `Err` (so a refusal with `?` leaves nothing behind).
    pub async fn tx<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Sql) -> Result<T, AppError> + Send + 'static,
    {
        match self {
            Records::Sqlite(db) => sqlite::tx(db, f).await,
            Records::Postgres(pg) => pg.tx(f).await,
        }
    }

    /// Runs `f` on a connection that only reads, beside the writer where the engine has one
    /// (statistics, lists): never under the writer's lock.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Sql) -> Result<T, AppError> + Send + 'static,
    {
        match self {
            Records::Sqlite(db) => sqlite::read(db, f).await,
            Records::Postgres(pg) => pg.tx(f).await,
        }
    }

    /// The engine's name for logs and test output ("sqlite", "postgresql 15.x").
    pub fn engine(&self) -> String {
        match self {
            Records::Sqlite(_) => "sqlite".into(),
            Records::Postgres(pg) => pg.server_version(),
        }
    }

    /// Holds an advisory lock on `key` across instances for as long as the guard lives (a tus
    /// upload being written): `None` if someone holds it. The embedded engine has one instance,
    /// whose in-process locker suffices: it always answers a guard.
    pub async fn hold(&self, key: &str) -> Result<Option<Held>, AppError> {
        match self {
            Records::Sqlite(_) => Ok(Some(Held(None))),
            Records::Postgres(pg) => Ok(pg.hold(key).await?.map(|h| Held(Some(h)))),
        }
    }
}

/// A lock [`Records::hold`] took, let go when dropped.
pub struct Held(#[allow(dead_code)] Option<pg::Session>);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_held_lock_keeps_others_out_until_it_is_let_go() {
        for (_, records, _) in testing::engines().await {
            let Records::Postgres(_) = &records else {
                // One instance: its in-process locks do this (uploads::locker's tests).
                assert!(records.hold("uploads-sweep").await.unwrap().is_some());
                continue;
            };
            let first = records.hold("uploads-sweep").await.unwrap();
            assert!(first.is_some());
            assert!(records.hold("uploads-sweep").await.unwrap().is_none(), "a second sweeper waits its turn");
            assert!(records.hold("upload:x").await.unwrap().is_some(), "another key is free");
            drop(first);
            // Let go in a blocking thread: the next one gets it shortly.
            let mut again = None;
            for _ in 0..50 {
                again = records.hold("uploads-sweep").await.unwrap();
                if again.is_some() {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            assert!(again.is_some());
            // In a transaction, a key a session holds cannot be taken without waiting.
            let held = records.hold("upload:y").await.unwrap().unwrap();
            let taken = records.tx(|c| Ok(c.try_lock("upload:y")?)).await.unwrap();
            assert!(!taken, "the sweep skips an upload another instance is writing");
            drop(held);
        }
    }

    #[test]
    fn values_convert_as_stored() {
        assert_eq!(Value::from(true), Value::Int(1));
        assert_eq!(Value::from(None::<String>), Value::Null);
        assert_eq!(Value::from(Some("x")), Value::Text("x".into()));
        let row = Row(vec![Value::Int(3), Value::Null, Value::Text("t".into())]);
        assert_eq!(row.int(0).unwrap(), 3);
        assert!(row.int(1).is_err(), "null is no number");
        assert_eq!(row.opt_text(1).unwrap(), None);
        assert!(row.text(0).is_err(), "a number is no text");
        assert!(row.int(9).is_err(), "no such column");
    }
}
