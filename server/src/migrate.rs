//! `motcua-server migrate --from-data-dir D --database-url … [--object-store …]`: moves an
//! embedded installation (the SQLite file's records and the uploads folder) into the scale-out
//! one. Each dossier goes with its events and rating in one transaction; each file is checked
//! against its SHA-256 at the source and read back from the destination before its row is
//! written. What is there already is left as it is, so the command can be run again (after an
//! interruption, or to pick up what the old server took in meanwhile).

use std::path::Path;

use crate::db::Db;
use crate::dossiers::records as dossiers;
use crate::store::{secrets, Records};
use crate::uploads::records as uploads;
use crate::uploads::{moving, UploadStore};

const BATCH: u32 = 500;

/// What a run did, printed at the end.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub dossiers_moved: u64,
    pub dossiers_there: u64,
    pub files_moved: u64,
    pub files_there: u64,
    pub bytes_moved: u64,
    /// Rows moved without a file (deleted after the retention period).
    pub rows_without_file: u64,
    pub problems: Vec<String>,
}

pub async fn run(
    from_data_dir: &Path,
    database_url: &str,
    object_store: Option<&str>,
    to_data_dir: &Path,
) -> Result<Report, crate::BoxError> {
    if !from_data_dir.join("motcua.sqlite3").exists() {
        return Err(format!("no installation in {} (motcua.sqlite3 is missing)", from_data_dir.display()).into());
    }
    let src_db = Db::open(from_data_dir)?;
    let src = Records::Sqlite(src_db);
    let src_files = UploadStore::open(from_data_dir, None)?;
    let (_, dst) = Records::open(to_data_dir, Some(database_url)).await?;
    let dst_files = UploadStore::open(to_data_dir, object_store)?;
    println!("moving {} into {} and {}", from_data_dir.display(), dst.engine(), dst_files.describe());
    let mut report = Report::default();

    secrets::copy(&src, &dst, "client_salt").await?;
    for row in src.read(|c| Ok(dossiers::export_sequences(c)?)).await? {
        dst.tx(move |c| Ok(dossiers::import_sequence(c, &row)?)).await?;
    }
    for row in src.read(|c| Ok(uploads::export_closed(c)?)).await? {
        dst.tx(move |c| Ok(uploads::import_closed(c, &row)?)).await?;
    }

    let mut after = String::new();
    loop {
        let a = after.clone();
        let batch = src.read(move |c| Ok(dossiers::export(c, &a, BATCH)?)).await?;
        let Some(last) = batch.last() else { break };
        after = last.dossier.text(0)?;
        let n = batch.len();
        for e in batch {
            if dst.tx(move |c| Ok(dossiers::import(c, &e)?)).await? {
                report.dossiers_moved += 1;
            } else {
                report.dossiers_there += 1;
            }
        }
        if n < BATCH as usize {
            break;
        }
    }

    let mut after = String::new();
    loop {
        let a = after.clone();
        let batch = src.read(move |c| Ok(uploads::export(c, &a, BATCH)?)).await?;
        let Some(last) = batch.last() else { break };
        after = last.text(0)?;
        let n = batch.len();
        for row in batch {
            move_upload(&dst, &src_files, &dst_files, row, &mut report).await?;
        }
        if n < BATCH as usize {
            break;
        }
    }
    Ok(report)
}

async fn move_upload(
    dst: &Records,
    src_files: &UploadStore,
    dst_files: &UploadStore,
    row: crate::store::Row,
    report: &mut Report,
) -> Result<(), crate::BoxError> {
    let (id, complete, sha256, purged) = uploads::exported_facts(&row)?;
    let length = row.int(3)? as u64;
    if let Some(there) = uploads::any(dst, &id).await? {
        // Moved before: still whole?
        let whole = !complete
            || purged
            || moving::already_there(dst_files, &id, there.blob.as_deref(), length, sha256.as_deref().unwrap_or(""))
                .await;
        if whole {
            report.files_there += 1;
        } else {
            report.problems.push(format!("upload {id}: its row was moved but its file is not whole there"));
        }
        return Ok(());
    }
    let mut row = row;
    let blob = if purged {
        report.rows_without_file += 1;
        None
    } else {
        match moving::copy(src_files, dst_files, &id, length, complete, sha256.as_deref()).await {
            Ok(moved) => {
                if let Some(saved) = moved.saved {
                    row.0[13] = saved.state.into();
                    row.0[14] = saved.hashed.into();
                    row.0[15] = saved.encrypt_marker.into();
                }
                report.files_moved += 1;
                report.bytes_moved += moved.bytes;
                moved.blob
            }
            Err(problem) => {
                report.problems.push(problem);
                return Ok(());
            }
        }
    };
    dst.tx(move |c| Ok(uploads::import(c, &row, blob)?)).await?;
    Ok(())
}
