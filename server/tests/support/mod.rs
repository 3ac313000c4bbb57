//! A live reference server (the binary cargo built, in its own process and data folder) and a
//! raw HTTP/1.1 client that can choose its source address on loopback (127.0.0.x), hang up at
//! any byte, and never retries: what an abuse test needs and a polite client library hides.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

pub struct Server {
    child: Child,
    pub port: u16,
    pub dir: std::sync::Arc<tempfile::TempDir>,
    args: Vec<String>,
    /// The records' PostgreSQL database, when the suite runs on it.
    pub database_url: Option<String>,
    /// The files' object storage (`s3://bucket/prefix`), when the suite runs on it.
    pub object_store: Option<String>,
}

/// The S3-compatible server the suite runs on with PostgreSQL (`MOTCUA_TEST_OBJECT_STORE`,
/// `s3://bucket`, and the folder that server keeps the bucket's objects in,
/// `MOTCUA_TEST_S3_ROOT`); each server gets a prefix of its own.
pub fn test_object_store() -> Option<String> {
    test_postgres()?;
    let store = std::env::var("MOTCUA_TEST_OBJECT_STORE").ok().filter(|u| !u.is_empty())?;
    Some(format!("{}/{}", store.trim_end_matches('/'), token()))
}

/// The PostgreSQL server the suite runs on (`MOTCUA_TEST_ENGINE=postgres`, with
/// `MOTCUA_TEST_DATABASE_URL`, as `cargo xtask test` sets them); `None`: the embedded engine.
pub fn test_postgres() -> Option<String> {
    let url = std::env::var("MOTCUA_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
    (std::env::var("MOTCUA_TEST_ENGINE").as_deref() == Ok("postgres")).then_some(url)
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let database_url = test_postgres().map(|url| motcua_server::store::pg::fresh_database(&url));
        Server::start_with(std::sync::Arc::new(tempfile::tempdir().unwrap()), database_url, test_object_store(), args)
    }

    /// An instance on its own data folder and, when given, a PostgreSQL database and a bucket.
    pub fn start_with(
        dir: std::sync::Arc<tempfile::TempDir>,
        database_url: Option<String>,
        object_store: Option<String>,
        args: &[&str],
    ) -> Server {
        let args = with_storage(args, &database_url, &object_store);
        let (child, port) = spawn(dir.path(), &args);
        Server { child, port, dir, args, database_url, object_store }
    }

    /// A second instance on the same records and files (a province's second server).
    pub fn beside(&self, args: &[&str]) -> Server {
        Server::start_with(self.dir.clone(), self.database_url.clone(), self.object_store.clone(), args)
    }

    /// Where the files of this server's uploads are: its folder, or the folder in which the
    /// test S3 server keeps this server's objects.
    fn files_dir(&self) -> std::path::PathBuf {
        match &self.object_store {
            None => self.dir.path().join("uploads"),
            Some(url) => {
                let root =
                    std::env::var("MOTCUA_TEST_S3_ROOT").expect("MOTCUA_TEST_S3_ROOT with MOTCUA_TEST_OBJECT_STORE");
                std::path::Path::new(&root).join(url.trim_start_matches("s3://")).join("uploads")
            }
        }
    }

    /// Whole files stored (unfinished ones' tails and parts not counted).
    pub fn stored_files(&self) -> usize {
        std::fs::read_dir(self.files_dir())
            .map(|d| d.flatten().filter(|e| !e.file_name().to_string_lossy().contains(".tail-")).count())
            .unwrap_or(0)
    }

    /// Whether the upload's bytes are stored.
    pub fn has_file(&self, id: &str) -> bool {
        let dir = self.files_dir();
        dir.join(format!("{id}.part")).exists() || dir.join(id).exists()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`: no chance to finish anything.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The arguments the next [`Server::restart`] starts with.
    pub fn set_args(&mut self, args: &[&str]) {
        self.args = with_storage(args, &self.database_url, &self.object_store);
    }

    /// Starts again on the same data (a new port).
    pub fn restart(&mut self) {
        self.kill9();
        let (child, port) = spawn(self.dir.path(), &self.args);
        self.child = child;
        self.port = port;
    }

    /// A line of `/proc/<pid>/status` in KiB (`VmHWM`: peak resident memory).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.trim_start_matches(':').trim().strip_suffix("kB")?.trim().parse().ok())
            .unwrap()
    }

    pub fn officer(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
            .arg("officer")
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(self.database_url.iter().flat_map(|u| ["--database-url", u.as_str()]))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "officer {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

impl Server {
    /// The one number `sql` answers, read from the records' database directly (SQLite file or
    /// PostgreSQL): what the server keeps, not what it says.
    pub fn count(&self, sql: &str) -> i64 {
        match &self.database_url {
            None => {
                let db = rusqlite::Connection::open(self.dir.path().join("motcua.sqlite3")).unwrap();
                let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
                assert_eq!(check, "ok");
                db.query_row(sql, [], |r| r.get(0)).unwrap()
            }
            Some(url) => {
                let (url, sql) = (url.clone(), sql.to_string());
                std::thread::spawn(move || {
                    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                    c.query_one(&sql, &[]).unwrap().get::<_, i64>(0)
                })
                .join()
                .unwrap()
            }
        }
    }
}

impl Server {
    /// Runs statements on the records' database directly (the server stopped or not looking).
    pub fn execute_batch(&self, sql: &str) {
        match &self.database_url {
            None => {
                let db = rusqlite::Connection::open(self.dir.path().join("motcua.sqlite3")).unwrap();
                db.execute_batch(sql).unwrap();
            }
            Some(url) => {
                let (url, sql) = (url.clone(), sql.to_string());
                std::thread::spawn(move || {
                    postgres::Client::connect(&url, postgres::NoTls).unwrap().batch_execute(&sql).unwrap()
                })
                .join()
                .unwrap()
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// `args` and the flags that name the storage.
fn with_storage(args: &[&str], database_url: &Option<String>, object_store: &Option<String>) -> Vec<String> {
    let mut out: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if let Some(url) = database_url {
        out.extend(["--database-url".to_string(), url.clone()]);
    }
    if let Some(url) = object_store {
        out.extend(["--object-store".to_string(), url.clone()]);
    }
    out
}

fn spawn(dir: &std::path::Path, args: &[String]) -> (Child, u16) {
    let dist: &[&str] = if args.iter().any(|a| a == "--dist") { &[] } else { &["--dist", "no-app"] };
    let mut child = Command::new(env!("CARGO_BIN_EXE_motcua-server"))
        .args(["--listen", "127.0.0.1:0"])
        .args(dist)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("RUST_LOG", std::env::var("TEST_LOG").unwrap_or("error".into()))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.find_map(|l| l.ok()?.strip_prefix("MOTCUA_LISTENING ").map(str::to_string)).unwrap();
    // Keep reading stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url.rsplit(':').next().unwrap().parse().unwrap())
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A connection from `127.0.0.<from>`.
pub async fn connect(port: u16, from: u8) -> TcpStream {
    connect_ip(port, Ipv4Addr::new(127, 0, 0, from)).await
}

/// A connection from any loopback address (127.x.y.z: as many clients as a test needs).
pub async fn connect_ip(port: u16, from: Ipv4Addr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    socket.connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await.unwrap()
}

/// One request on a fresh connection from any loopback address.
pub async fn call_ip(
    port: u16,
    from: Ipv4Addr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Resp {
    let mut s = connect_ip(port, from).await;
    s.write_all(&head_bytes(method, path, headers, body.len())).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut raw)).await.expect("an answer in 60 s").unwrap();
    parse(&raw)
}

pub fn head_bytes(method: &str, path: &str, headers: &[(&str, String)], body_len: usize) -> Vec<u8> {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {body_len}\r\n\r\n"));
    req.into_bytes()
}

pub fn parse(raw: &[u8]) -> Resp {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    Resp { status, headers, body: raw[split + 4..].to_vec() }
}

/// One request on a fresh connection from `127.0.0.<from>`.
pub async fn call(port: u16, from: u8, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Resp {
    let mut s = connect(port, from).await;
    s.write_all(&head_bytes(method, path, headers, body.len())).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), s.read_to_end(&mut raw)).await.expect("an answer in 60 s").unwrap();
    parse(&raw)
}

pub fn tus() -> (&'static str, String) {
    ("Tus-Resumable", "1.0.0".into())
}

pub fn token() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).unwrap();
    format!("t{}", hex::encode(b))
}

pub fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

pub fn pdf(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2654435761).max(1);
    let mut out = b"%PDF-1.7\n".to_vec();
    while out.len() < len - 6 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.push(b'a' + (x % 26) as u8);
    }
    out.extend_from_slice(b"\n%%EOF");
    out
}

pub const PROCEDURE: &str = "XA-HT-01";
pub const OFFICE: &str = "thanh-ha";
pub const FORM: &str = "XA-HT-01-01";
pub const BIRTH_CERT: &str = "XA-HT-01-02";
pub const CITIZEN_ID: &str = "030190001234";

pub async fn create(port: u16, from: u8, token: &str, requirement: &str, length: usize) -> Resp {
    let meta = format!("requirement {},filename {}", b64(requirement), b64("giay-to.pdf"));
    call(
        port,
        from,
        "POST",
        "/api/v1/uploads",
        &[tus(), ("Upload-Length", length.to_string()), ("Upload-Metadata", meta), ("Draft-Token", token.into())],
        b"",
    )
    .await
}

/// The headers of a tus PATCH at `offset` for the draft `token`.
pub fn patch_headers(token: &str, offset: usize) -> [(&'static str, String); 4] {
    [
        tus(),
        ("Content-Type", "application/offset+octet-stream".into()),
        ("Upload-Offset", offset.to_string()),
        ("Draft-Token", token.into()),
    ]
}

pub async fn patch(port: u16, from: u8, token: &str, location: &str, offset: usize, body: &[u8]) -> Resp {
    call(port, from, "PATCH", location, &patch_headers(token, offset), body).await
}

/// A finished upload of `body`; returns its id.
pub async fn upload(port: u16, token: &str, requirement: &str, body: &[u8]) -> String {
    let created = create(port, 1, token, requirement, body.len()).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.header("location").unwrap().to_string();
    let done = patch(port, 1, token, &location, 0, body).await;
    assert_eq!(done.status, 204, "{}", done.text());
    location.rsplit('/').next().unwrap().to_string()
}

pub async fn upload_status(port: u16, token: &str, id: &str) -> Resp {
    call(port, 1, "GET", &format!("/api/v1/uploads/{id}"), &[("Draft-Token", token.into())], b"").await
}

pub fn dossier_body(uploads: &[&str]) -> Vec<u8> {
    serde_json::json!({
        "procedure_id": PROCEDURE,
        "office_id": OFFICE,
        "applicant": {
            "full_name": "Nguyễn Thị Hoa", "citizen_id": CITIZEN_ID, "birth_year": 1990, "gender": "female",
            "phone": "0912345678", "email": null, "address": "Thị trấn Thanh Hà"
        },
        "uploads": uploads,
    })
    .to_string()
    .into_bytes()
}

pub async fn submit(port: u16, token: &str, key: &str, uploads: &[&str]) -> Resp {
    call(
        port,
        1,
        "POST",
        "/api/v1/dossiers",
        &[("Content-Type", "application/json".into()), ("Idempotency-Key", key.into()), ("Draft-Token", token.into())],
        &dossier_body(uploads),
    )
    .await
}

/// A complete birth-registration dossier; returns its code.
pub async fn dossier(port: u16) -> String {
    let t = token();
    let a = upload(port, &t, FORM, &pdf(3000, 1)).await;
    let b = upload(port, &t, BIRTH_CERT, &pdf(3000, 2)).await;
    let res = submit(port, &t, &token(), &[&a, &b]).await;
    assert_eq!(res.status, 201, "{}", res.text());
    res.json()["code"].as_str().unwrap().to_string()
}
