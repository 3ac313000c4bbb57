//! The OpenAPI document and the router must agree: every documented operation is served, and
//! every other method on a documented path is refused with 405. (schemathesis, run by
//! `cargo xtask test`, checks the answers against the document's schemas.)

use axum::body::{to_bytes, Body};
use axum::http::{Method, Request, StatusCode};
use motcua_server::{assets::Assets, db::Db, serve::app, settings::Settings, state::AppState};
use tower::ServiceExt;

const DOC: &str = include_str!("../../api/openapi.yaml");
const METHODS: [&str; 6] = ["get", "post", "patch", "delete", "head", "options"];

/// `(path, methods)` from the document's `paths:` section (two-space path keys, four-space
/// method keys).
fn documented() -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_paths = false;
    for line in DOC.lines() {
        if line == "paths:" {
            in_paths = true;
            continue;
        }
        if in_paths && !line.starts_with(' ') && !line.is_empty() {
            break;
        }
        if let Some(path) = line.strip_prefix("  /").and_then(|l| l.strip_suffix(':')) {
            out.push((format!("/{path}"), Vec::new()));
        } else if let Some(m) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(':')) {
            if METHODS.contains(&m) {
                out.last_mut().expect("a path first").1.push(m.to_string());
            }
        }
    }
    out
}

fn concrete(path: &str) -> String {
    let id = if path.starts_with("/offices") { "thanh-ha" } else { "XA-HT-01" };
    path.replace("{id}", id).replace("{code}", "000.21.12.H23-261127-0001")
}

#[tokio::test]
async fn every_documented_operation_is_served_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_in_memory().unwrap();
    let records = motcua_server::store::Records::Sqlite(db.clone());
    let state = AppState::new(db, records, dir.path(), Settings::default()).await.unwrap();
    let router = app(state, Assets::default());
    let doc = documented();
    assert!(doc.len() >= 9, "parsed {} paths", doc.len());
    for (path, methods) in &doc {
        for m in METHODS {
            let uri = format!("/api/v1{}", concrete(path));
            let req = Request::builder().method(Method::from_bytes(m.to_uppercase().as_bytes()).unwrap()).uri(&uri);
            let res = router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
            let status = res.status();
            let body = String::from_utf8(to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap();
            let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
                || (status == StatusCode::NOT_FOUND && body.contains("There is no such address in the API"));
            if methods.iter().any(|x| x == m) {
                assert!(!unrouted, "{m} {path} is documented but not served ({status})");
            } else if !(m == "head" && methods.iter().any(|x| x == "get")) {
                // (axum answers HEAD wherever GET is served, as HTTP allows.)
                assert!(unrouted, "{m} {path} is served ({status}) but not documented");
            }
        }
    }
}
