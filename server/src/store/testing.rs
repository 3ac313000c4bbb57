//! The engines a shared test runs on: always the embedded one; PostgreSQL too when
//! `MOTCUA_TEST_DATABASE_URL` names a server (`cargo xtask test` starts one and sets it), each
//! test on a database of its own.

use crate::db::Db;
use crate::store::{pg::Pg, Records};

/// (catalogue, records, a data folder) for each engine.
pub async fn engines() -> Vec<(Db, Records, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(dir.path()).unwrap();
    let mut out = vec![(db.clone(), Records::Sqlite(db), dir)];
    if let Some(url) = std::env::var("MOTCUA_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        let pg = tokio::task::spawn_blocking(move || Pg::open(&crate::store::pg::fresh_database(&url)))
            .await
            .unwrap()
            .unwrap();
        out.push((Db::open_in_memory().unwrap(), Records::Postgres(pg), tempfile::tempdir().unwrap()));
    }
    out
}
