//! The router as a whole: API answers, the served app, and the headers on both.

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use motcua_server::{assets::Assets, db::Db, serve::app, settings::Settings, state::AppState};
use tower::ServiceExt;

const INDEX: &str = r#"<!doctype html><html lang="vi"><head><script type="module">import init from '/motcua-0123456789abcdef.js';await init();</script></head><body><h1>Một Cửa</h1></body></html>"#;

const PLANNER_INDEX: &str = r#"<!doctype html><html lang="vi"><head><script type="module">import init from '/thu-sau/thu_sau-0123456789abcdef.js';await init();</script></head><body><h1>Thứ Sáu không chờ</h1></body></html>"#;

async fn site() -> (Router, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dist.path().join("motcua-0123456789abcdef.js"), "export default function(){}\n".repeat(40)).unwrap();
    std::fs::write(dist.path().join("config.json"), r#"{"api_base":""}"#).unwrap();
    std::fs::create_dir(dist.path().join("thu-sau")).unwrap();
    std::fs::write(dist.path().join("thu-sau/index.html"), PLANNER_INDEX).unwrap();
    let assets = Assets::load(dist.path()).unwrap();
    let db = Db::open_in_memory().unwrap();
    let records = motcua_server::store::Records::Sqlite(db.clone());
    let state = AppState::new(db, records, dist.path(), Settings::default()).await.unwrap();
    (app(state, assets), dist)
}

async fn get(app: &Router, uri: &str, accept_encoding: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(uri);
    if let Some(ae) = accept_encoding {
        req = req.header(header::ACCEPT_ENCODING, ae);
    }
    let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = to_bytes(res.into_body(), 10 << 20).await.unwrap().to_vec();
    (status, headers, body)
}

#[tokio::test]
async fn catalogue_is_served_as_json_and_never_cached() {
    let (app, _dist) = site().await;
    let (status, headers, body) = get(&app, "/api/v1/procedures", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let list: motcua_domain::catalogue::ProcedureList = serde_json::from_slice(&body).unwrap();
    assert!(list.procedures.iter().any(|p| p.name.vi == "Đăng ký khai sinh"));
}

#[tokio::test]
async fn unknown_api_paths_answer_a_json_error_with_both_languages() {
    let (app, _dist) = site().await;
    let (status, headers, body) = get(&app, "/api/v1/nothing-here", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let err: motcua_domain::api::ApiError = serde_json::from_slice(&body).unwrap();
    assert_eq!(err.code, motcua_domain::api::ErrorCode::NotFound);
    assert!(!err.message.vi.is_empty() && !err.message.en.is_empty());
    let res = app.clone().oneshot(Request::delete("/api/v1/procedures").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn deep_links_get_the_app_shell_and_missing_files_a_404() {
    let (app, _dist) = site().await;
    let (status, headers, body) = get(&app, "/thu-tuc/XA-HT-01", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert!(String::from_utf8(body).unwrap().contains("Một Cửa"));
    let (status, _, _) = get(&app, "/missing-0123456789abcdef.js", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Each bundle answers its own deep links.
    let (_, _, body) = get(&app, "/thu-sau?procedure=XA-HT-01", None).await;
    assert!(String::from_utf8(body).unwrap().contains("Thứ Sáu không chờ"));
    let (_, _, body) = get(&app, "/thu-sau-khac", None).await;
    assert!(String::from_utf8(body).unwrap().contains("Một Cửa"));
    // A dossier code has dots but is a page, not a file.
    let (status, _, _) = get(&app, "/tra-cuu/bien-nhan/000.21.12.H23-261127-0001", None).await;
    assert_eq!(status, StatusCode::OK);
    // Receipts moved to the tracking bundle; an address kept from before leads there.
    let (status, headers, _) = get(&app, "/nop-ho-so/bien-nhan/000.21.12.H23-261127-0001", None).await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(headers[header::LOCATION], "/tra-cuu/bien-nhan/000.21.12.H23-261127-0001");
    let (status, _, _) = get(&app, "/nop-ho-so/missing.wasm", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_compressed() {
    let (app, _dist) = site().await;
    let (status, headers, body) = get(&app, "/motcua-0123456789abcdef.js", Some("gzip, deflate, br")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert!(headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
    assert!(String::from_utf8(plain).unwrap().starts_with("export default"));
    let (_, headers, _) = get(&app, "/motcua-0123456789abcdef.js", Some("gzip")).await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let (_, headers, _) = get(&app, "/motcua-0123456789abcdef.js", None).await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (app, _dist) = site().await;
    for uri in ["/", "/api/v1/health", "/api/v1/nope", "/missing.png"] {
        let (_, headers, _) = get(&app, uri, None).await;
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{uri}: {csp}");
        // The inline loaders of both bundles are allowed by their hashes, nothing else inline is.
        assert_eq!(csp.matches("'sha256-").count(), 2, "{uri}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
}
