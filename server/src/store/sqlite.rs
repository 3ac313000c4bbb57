//! [`Sql`] on the embedded SQLite file: the writer's connection for transactions, the read-only
//! connections beside it for reads ([`Db::read`]).

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::{Row, Sql, StoreError, Value};
use crate::db::Db;
use crate::error::AppError;

struct Lite<'a>(&'a Connection);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ToSqlOutput::Borrowed;
        Ok(match self {
            Value::Null => Borrowed(ValueRef::Null),
            Value::Int(v) => Borrowed(ValueRef::Integer(*v)),
            Value::Text(s) => Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl Sql for Lite<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut stmt = self.0.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Int(v as i64),
                    ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                });
            }
            out.push(Row(row));
        }
        Ok(out)
    }

    /// One writer at a time already: nothing to take.
    fn lock(&mut self, _key: &str) -> Result<(), StoreError> {
        Ok(())
    }

    fn try_lock(&mut self, _key: &str) -> Result<bool, StoreError> {
        Ok(true)
    }
}

pub(super) async fn tx<T, F>(db: &Db, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn Sql) -> Result<T, AppError> + Send + 'static,
{
    db.run(move |c| {
        let t = c.transaction()?;
        let out = f(&mut Lite(&t))?;
        t.commit()?;
        Ok(out)
    })
    .await
}

pub(super) async fn read<T, F>(db: &Db, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn Sql) -> Result<T, AppError> + Send + 'static,
{
    // The reader answers rusqlite's error type; the API's error rides inside and comes out.
    let out = db.read(move |c| Ok(f(&mut Lite(c)))).await?;
    out
}
