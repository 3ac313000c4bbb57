//! The built app, held in memory with brotli and gzip variants made once at start-up. Each
//! variant is one shared buffer: an answer points into it and never copies it, so a thousand
//! slow downloads of the wasm hold one copy of it, not a thousand.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use motcua_routes::address::encode;
use motcua_routes::{Bundle, Page};

use crate::BoxError;

pub struct Asset {
    pub mime: &'static str,
    pub raw: Bytes,
    pub br: Option<Bytes>,
    pub gzip: Option<Bytes>,
    /// File names carrying a content hash never change: cache them for a year.
    pub immutable: bool,
}

#[derive(Clone, Default)]
pub struct Assets {
    files: Arc<HashMap<String, Asset>>,
    /// `'sha256-…'` sources for the inline scripts of index.html (Trunk's loader).
    pub script_hashes: Arc<Vec<String>>,
    /// The same for each page's inline stylesheet (the frame's styles, in the page so that its
    /// first paint waits for nothing else).
    pub style_hashes: Arc<Vec<String>>,
    /// Origin of the API when config.json points to another host, for `connect-src`.
    pub api_origin: Option<String>,
}

pub fn mime_for(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn compressible(mime: &str) -> bool {
    mime.starts_with("text/") || mime.contains("json") || mime.contains("wasm") || mime.contains("svg")
}

/// Trunk names hashed files `name-<hex>.ext` or `name-<hex>_bg.wasm`.
pub fn is_hashed(file_name: &str) -> bool {
    let Some((_, tail)) = file_name.rsplit_once('-') else {
        return false;
    };
    let hash: &str = tail.split(['.', '_']).next().unwrap_or("");
    hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit())
}

pub fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in-memory brotli");
    out
}

/// `f(raw)`, kept beside `path` as `<name>.<ext>` so the next start (every test server, every
/// restart) skips brotli's slowest level. A cache older than its file is made again; one that
/// cannot be written just costs the time.
fn cached(path: &Path, ext: &str, raw: &[u8], f: fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let cache = path.with_file_name(format!("{name}.{ext}"));
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(c), Some(f)) = (modified(&cache), modified(path)) {
        if c >= f {
            if let Ok(bytes) = std::fs::read(&cache) {
                return bytes;
            }
        }
    }
    let out = f(raw);
    let _ = std::fs::write(&cache, &out);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("in-memory gzip");
    enc.finish().expect("in-memory gzip")
}

/// Hashes of the inline `<script>` bodies of an HTML page, in CSP source form.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_hashes(html, "script")
}

/// Hashes of the `<style>` bodies of an HTML page, in CSP source form.
pub fn inline_style_hashes(html: &str) -> Vec<String> {
    inline_hashes(html, "style")
}

/// Hashes of the bodies of the page's `<{element}>`s that have no `src`.
fn inline_hashes(html: &str, element: &str) -> Vec<String> {
    let (open, close_tag) = (format!("<{element}"), format!("</{element}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find(&close_tag) else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// What `public/sw.js` holds until stamped: the build it caches.
const SW_BUILD: &str = r#"{"version":"dev","shells":[],"assets":[]}"#;

/// Writes this build into the service worker (`/sw.js`): every bundle's page (`…/index.html`),
/// every other file it loads, and a version drawn from all their bytes, so that any new build
/// makes a new worker, which replaces the old build's cached files (see `public/sw.js`).
fn stamp_service_worker(files: &mut HashMap<String, Asset>) {
    if !files.contains_key("/sw.js") {
        return;
    }
    let mut paths: Vec<&String> = files.keys().filter(|p| p.as_str() != "/sw.js").collect();
    paths.sort();
    let mut digest = Sha256::new();
    for p in &paths {
        digest.update(p.as_bytes());
        digest.update(&files[*p].raw);
    }
    let version: String = digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    // Every bundle's page of the one table that this build holds; the other files beside them.
    let shells: Vec<String> = Bundle::ALL.iter().map(|b| b.shell()).filter(|s| files.contains_key(s)).collect();
    // The icons are for installing, not for working offline.
    let assets: Vec<&String> = paths.into_iter().filter(|p| !p.ends_with(".png") && !shells.contains(p)).collect();
    let build = serde_json::json!({ "version": version, "shells": shells, "assets": assets }).to_string();
    let Some(sw) = files.get_mut("/sw.js") else { return };
    let stamped = String::from_utf8_lossy(&sw.raw).replace(SW_BUILD, &build);
    // Small, and must never be served from a stale compressed copy.
    *sw = Asset { mime: sw.mime, raw: stamped.into_bytes().into(), br: None, gzip: None, immutable: false };
}

impl Assets {
    /// Loads every file below `dist`. A missing folder is not an error: the API still serves.
    pub fn load(dist: &Path) -> Result<Assets, BoxError> {
        if !dist.is_dir() {
            tracing::warn!(dist = %dist.display(), "no built app found; serving the API only");
            return Ok(Assets::default());
        }
        let mut files = HashMap::new();
        let mut stack = vec![dist.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_some_and(|e| e == "br" || e == "gz") {
                    continue; // compression caches, below
                }
                let rel = path.strip_prefix(dist)?.to_string_lossy().replace('\\', "/");
                let raw = std::fs::read(&path)?;
                let mime = mime_for(&rel);
                let (br, gzip) = if compressible(mime) && raw.len() > 512 {
                    (Some(cached(&path, "br", &raw, brotli).into()), Some(cached(&path, "gz", &raw, gzip).into()))
                } else {
                    (None, None)
                };
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                let immutable = is_hashed(name);
                files.insert(format!("/{rel}"), Asset { mime, raw: raw.into(), br, gzip, immutable });
            }
        }
        stamp_service_worker(&mut files);
        // Every bundle's page has its own inline loader, and its stylesheet in the page.
        let pages: Vec<String> = files
            .iter()
            .filter(|(path, _)| path.ends_with("/index.html"))
            .map(|(_, a)| String::from_utf8_lossy(&a.raw).into_owned())
            .collect();
        let hashes = |of: fn(&str) -> Vec<String>| {
            let mut all: Vec<String> = pages.iter().flat_map(|p| of(p)).collect();
            all.sort();
            all.dedup();
            all
        };
        let (script_hashes, style_hashes) = (hashes(inline_script_hashes), hashes(inline_style_hashes));
        let api_origin = files.get("/config.json").and_then(|a| api_origin_of(&a.raw));
        tracing::info!(
            files = files.len(),
            inline_scripts = script_hashes.len(),
            inline_styles = style_hashes.len(),
            "app loaded"
        );
        Ok(Assets {
            files: Arc::new(files),
            script_hashes: Arc::new(script_hashes),
            style_hashes: Arc::new(style_hashes),
            api_origin,
        })
    }

    pub fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }
}

/// `{"api_base": "https://motcua.example.gov.vn"}` → `https://motcua.example.gov.vn`.
fn api_origin_of(config: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(config).ok()?;
    let base = v.get("api_base")?.as_str()?;
    let (scheme, rest) = base.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Whether a missing path's last segment names a file (`app.js`), which gets a 404, rather than
/// a page of the app (`000.21.12.H23-261127-0001`, a dossier code, has dots but no extension).
fn looks_like_file(last: &str) -> bool {
    last.rsplit_once('.')
        .is_some_and(|(_, ext)| (1..=11).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Serves a file of the app, or index.html for any other path without an extension so that deep
/// links into the single-page app work.
pub async fn serve(State(assets): State<Assets>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    // Receipts moved from the application's bundle to tracking's; links kept on devices still work.
    // (The code goes back as the address gave it: `receipt` would escape its escapes again.)
    if let Some(code) = path.strip_prefix(&format!("{}/bien-nhan/", Bundle::Apply.root())) {
        let moved = motcua_routes::href::receipt("").to_string() + code;
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, moved)]).into_response();
    }
    let asset = match assets.get(path) {
        Some(a) => a,
        None => {
            let last = path.rsplit('/').next().unwrap_or("");
            // The bundle whose root the path is under serves its deep links; the catalogue the rest.
            let index = assets.get(&Bundle::of(path).shell()).or_else(|| assets.get(&Bundle::Catalogue.shell()));
            match (looks_like_file(last), index) {
                (false, Some(index)) if !is_page(path) => {
                    // The bundle's page still comes, so the app explains in the citizen's words;
                    // the status tells crawlers, monitors and caches the truth.
                    let mut res = serve_asset(index, method, &headers);
                    *res.status_mut() = StatusCode::NOT_FOUND;
                    return res;
                }
                (false, Some(index)) => {
                    let mut res = serve_asset(index, method, &headers);
                    // Only when the app reads this server's API (config.json names no other).
                    if let (None, Some(links)) = (&assets.api_origin, preload_reads(path)) {
                        if let Ok(value) = HeaderValue::from_str(&links) {
                            res.headers_mut().insert(header::LINK, value);
                        }
                    }
                    return res;
                }
                (false, None) => return front_end_missing(),
                _ => return (StatusCode::NOT_FOUND, "Not found").into_response(),
            }
        }
    };
    serve_asset(asset, method, &headers)
}

/// Whether `path` is one of the app's pages (the one table, `motcua_routes::PAGES`); anything
/// else is answered 404.
pub fn is_page(path: &str) -> bool {
    Page::of(path).is_some()
}

/// The public reads a page's app makes first, as a `Link` header of preloads, so that they travel
/// beside the wasm instead of after it has started (a round trip and more on a slow link). Only
/// public reads the page always makes; personal ones (a dossier, a supplement) never.
pub fn preload_reads(path: &str) -> Option<String> {
    // Only addresses of plain characters (and percent escapes) are answered, so nothing in an
    // address can end the header's link and add one of its own.
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"/-._~%".contains(&b);
    if !path.bytes().all(plain) {
        return None;
    }
    let (page, params) = Page::of(path)?;
    let id = || format!("/procedures/{}", encode(&params.get("id").unwrap_or_default()));
    let reads: Vec<String> = match page {
        Page::Home => vec!["/procedures".into(), "/offices".into()],
        Page::Planner => vec!["/procedures".into(), "/offices".into(), "/calendar".into()],
        Page::Figures => vec!["/offices".into()],
        Page::Procedure => vec![id(), "/offices".into()],
        Page::BlankForm => vec![format!("{}/form", id())],
        Page::Apply => vec![id(), "/offices".into(), "/calendar".into()],
        Page::BookWhere | Page::BookWho | Page::WalkIn => vec!["/procedures".into(), "/offices".into()],
        Page::BookWhen => {
            let office = encode(&params.get("office").unwrap_or_default());
            let slots = format!("/offices/{office}/slots?procedure={}", encode(&params.get("id").unwrap_or_default()));
            vec!["/procedures".into(), "/offices".into(), slots]
        }
        // The ticket's id is its key: not sent ahead in a header.
        Page::Ticket => return None,
        // Personal: read only once the citizen has proved who they are.
        Page::Tracking | Page::Receipt | Page::Supplement => return None,
    };
    let prefix = motcua_domain::api::API_PREFIX;
    Some(
        reads
            .iter()
            .map(|r| format!("<{prefix}{r}>; rel=preload; as=fetch; crossorigin"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn serve_asset(asset: &Asset, method: Method, headers: &HeaderMap) -> Response {
    let accept = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let accepts = |coding: &str| accept.split(',').any(|c| c.trim().split(';').next() == Some(coding));
    let (body, encoding) = match (&asset.br, &asset.gzip) {
        (Some(br), _) if accepts("br") => (br, Some("br")),
        (_, Some(gz)) if accepts("gzip") => (gz, Some("gzip")),
        _ => (&asset.raw, None),
    };
    // `Bytes::clone` shares the buffer: no answer copies the file.
    let mut res = Response::new(if method == Method::HEAD { Body::empty() } else { Body::from(body.clone()) });
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.mime));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if asset.immutable { "public, max-age=31536000, immutable" } else { "no-cache" }),
    );
    if asset.br.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if let Some(enc) = encoding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(enc));
    }
    res
}

fn front_end_missing() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Giao diện chưa được build. The front end is not built: run `cargo xtask run`.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_app_s_pages_are_pages() {
        // Every page of the table (which the app's test ties to the routes it draws).
        for (_, page) in motcua_routes::examples() {
            assert!(is_page(&page), "{page}");
        }
        assert!(is_page("/tra-cuu/"));
        for other in ["/khong-co", "/thu-tuc", "/thu-tuc/a/b", "/nop-ho-so/XA-HT-01/khac", "/thu-sau/x", "/bo-sung"] {
            assert!(!is_page(other), "{other}");
        }
    }

    /// The reverse of the app's test that it draws exactly the table's pages: every page of the
    /// table is served, with the page of the bundle that draws it; nothing else is a page.
    #[tokio::test]
    async fn every_page_of_the_table_is_served_with_its_bundle_s_page() {
        let shell = |b: Bundle| Asset {
            mime: "text/html",
            raw: Bytes::copy_from_slice(b.bin().as_bytes()),
            br: None,
            gzip: None,
            immutable: false,
        };
        let files: HashMap<String, Asset> = Bundle::ALL.iter().map(|b| (b.shell(), shell(*b))).collect();
        let assets = Assets { files: Arc::new(files), ..Assets::default() };
        let get = |path: &str| {
            let assets = assets.clone();
            let uri: Uri = path.parse().unwrap();
            async move {
                let res = serve(State(assets), Method::GET, uri, HeaderMap::new()).await;
                let status = res.status();
                let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                (status, String::from_utf8(body.to_vec()).unwrap())
            }
        };
        for (page, path) in motcua_routes::examples() {
            assert_eq!(get(&path).await, (StatusCode::OK, page.bundle().bin().to_string()), "{path}");
        }
        for (other, bundle) in
            [("/khong-co", Bundle::Catalogue), ("/thu-tuc/a/b", Bundle::Procedure), ("/bo-sung", Bundle::Supplement)]
        {
            assert_eq!(get(other).await, (StatusCode::NOT_FOUND, bundle.bin().to_string()), "{other}");
        }
    }

    #[test]
    fn the_service_worker_is_stamped_with_this_build_and_changes_with_it() {
        let asset = |raw: &str| Asset {
            mime: "text/plain",
            raw: Bytes::copy_from_slice(raw.as_bytes()),
            br: None,
            gzip: None,
            immutable: false,
        };
        let build = |catalogue: &str| {
            let mut files = HashMap::from([
                ("/sw.js".to_string(), asset(&format!("const BUILD = {SW_BUILD};"))),
                ("/index.html".to_string(), asset(catalogue)),
                ("/thu-tuc/index.html".to_string(), asset("procedure")),
                ("/motcua-9c1f0e2a4b6d8f10_bg.wasm".to_string(), asset("wasm")),
                ("/icon-192.png".to_string(), asset("png")),
            ]);
            stamp_service_worker(&mut files);
            String::from_utf8(files["/sw.js"].raw.to_vec()).unwrap()
        };
        let first = build("catalogue");
        assert!(first.contains(r#""shells":["/index.html","/thu-tuc/index.html"]"#), "{first}");
        assert!(first.contains(r#""assets":["/motcua-9c1f0e2a4b6d8f10_bg.wasm"]"#), "{first}");
        assert!(!first.contains(SW_BUILD) && !first.contains("png"));
        // One changed sentence in one page: another version, so browsers install the new worker.
        assert_ne!(first, build("catalogue, changed"));
        assert_eq!(first, build("catalogue"));
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed("motcua-9c1f0e2a4b6d8f10.js"));
        assert!(is_hashed("motcua-9c1f0e2a4b6d8f10_bg.wasm"));
        assert!(is_hashed("main-0a1b2c3d4e5f6a7b.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
        assert!(!is_hashed("favicon-light.svg"));
    }

    #[test]
    fn pages_preload_the_public_reads_their_app_makes_first_and_never_personal_ones() {
        assert_eq!(
            preload_reads("/thu-tuc/XA-HT-01").as_deref(),
            Some("</api/v1/procedures/XA-HT-01>; rel=preload; as=fetch; crossorigin, </api/v1/offices>; rel=preload; as=fetch; crossorigin")
        );
        assert!(preload_reads("/").unwrap().contains("</api/v1/procedures>;"));
        assert!(preload_reads("/nop-ho-so/XA-HT-01/giay-to").unwrap().contains("</api/v1/calendar>"));
        assert!(preload_reads("/thu-tuc/XA-HT-01/to-khai").unwrap().starts_with("</api/v1/procedures/XA-HT-01/form>;"));
        // An id that would end the link and start another is not echoed.
        assert_eq!(preload_reads("/thu-tuc/X>;rel=preload;as=script,<evil"), None);
        // A dossier, a supplement, the receipt: personal, never preloaded.
        for path in ["/tra-cuu", "/tra-cuu/bien-nhan/000.21.12.H23-261127-0001", "/bo-sung/000.21.12.H23-261127-0001"] {
            assert_eq!(preload_reads(path), None, "{path}");
        }
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">alert(1)</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        // sha256("alert(1)") in base64, as browsers compute it for CSP.
        assert_eq!(hashes[0], "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
        // Styles apart from scripts: sha256("alert(1)") again, for a <style> of that text.
        let page = r#"<style>alert(1)</style><script>x</script><link rel="stylesheet" href="/a.css">"#;
        assert_eq!(inline_style_hashes(page), vec![hashes[0].clone()]);
        assert_eq!(inline_script_hashes(page).len(), 1);
        assert_ne!(inline_script_hashes(page), inline_style_hashes(page));
    }

    #[test]
    fn api_origin_only_for_absolute_bases() {
        assert_eq!(api_origin_of(br#"{"api_base":""}"#), None);
        assert_eq!(
            api_origin_of(br#"{"api_base":"https://dvc.example.vn/motcua"}"#).as_deref(),
            Some("https://dvc.example.vn")
        );
    }

    #[test]
    fn compression_round_trips() {
        let data = "Thủ tục hành chính ".repeat(200);
        let br = brotli(data.as_bytes());
        assert!(br.len() < data.len() / 10);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, data.as_bytes());
    }
}
