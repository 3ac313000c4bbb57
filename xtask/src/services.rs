//! The servers the scale-out tests and benches run against, started fresh (PostgreSQL under
//! /tmp, the object store under `target/services/`) and stopped when dropped: PostgreSQL (Debian's, as a province runs it; `initdb` as an
//! unprivileged user when this runs as root) and an S3-compatible object store (`s3s-fs`, built
//! from crates.io: the one S3 server that builds here from a registry in minutes; Garage takes far
//! longer to build and Ceph's radosgw needs a whole cluster).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::steps::{capture, run_cmd};

/// The pinned s3s-fs (0.17 needs a newer rustc than the machine's).
pub const S3S_FS: &str = "0.14.1";
/// The test bucket's credentials (loopback only).
pub const S3_KEY: &str = "motcua-test";
pub const S3_SECRET: &str = "motcua-test-secret";
pub const S3_BUCKET: &str = "motcua";

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn running_as_root() -> bool {
    capture(Command::new("id").arg("-u")).is_ok_and(|u| u.trim() == "0")
}

/// Where Debian keeps PostgreSQL's server programs (they are not all on PATH).
fn pg_bin(name: &str) -> Option<PathBuf> {
    if let Ok(path) = capture(Command::new("sh").args(["-c", &format!("command -v {name}")])) {
        let p = PathBuf::from(path.trim());
        if p.exists() {
            return Some(p);
        }
    }
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path()).collect();
    versions.sort();
    versions.into_iter().rev().map(|v| v.join("bin").join(name)).find(|p| p.exists())
}

pub struct Postgres {
    pub url: String,
    pub version: String,
    data: PathBuf,
    user: Option<String>,
}

impl Postgres {
    pub fn start(root: &Path) -> Result<Postgres, String> {
        if pg_bin("initdb").is_none() {
            println!("PostgreSQL is not installed: apt-get install postgresql");
            run_cmd(Command::new("apt-get").args(["install", "-y", "-q", "postgresql"]))?;
        }
        let initdb = pg_bin("initdb").ok_or("initdb not found after installing postgresql")?;
        let pg_ctl = pg_bin("pg_ctl").ok_or("pg_ctl not found")?;
        // Under /tmp, not the checkout: an unprivileged user may not be able to reach a clone
        // kept in root's home.
        let _ = root;
        let base = std::env::temp_dir().join(format!("motcua-postgres-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
        // PostgreSQL refuses to run as root: its files belong to an unprivileged user.
        let user = running_as_root().then(|| {
            let has_postgres = capture(Command::new("id").arg("postgres")).is_ok();
            if has_postgres { "postgres" } else { "nobody" }.to_string()
        });
        if let Some(u) = &user {
            run_cmd(Command::new("chown").arg("-R").arg(u).arg(&base))?;
        }
        let as_user = |program: &Path| {
            let mut c = match &user {
                Some(u) => {
                    let mut c = Command::new("runuser");
                    c.args(["-u", u, "--"]).arg(program);
                    c
                }
                None => Command::new(program),
            };
            c.stdout(Stdio::null());
            c
        };
        let data = base.join("data");
        run_cmd(as_user(&initdb).arg("-D").arg(&data).args([
            "-U",
            "motcua",
            "--auth=trust",
            "--locale=C",
            "-E",
            "UTF8",
            "--no-sync",
        ]))?;
        let port = free_port()?;
        // Test settings: durability off (a crash of the test machine loses nothing that matters).
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=300",
            base.display()
        );
        run_cmd(
            as_user(&pg_ctl)
                .arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(base.join("log"))
                .args(["-w", "start"]),
        )?;
        let version = capture(Command::new(pg_bin("postgres").unwrap_or_else(|| "postgres".into())).arg("--version"))
            .unwrap_or_default()
            .trim()
            .to_string();
        Ok(Postgres { url: format!("postgres://motcua@127.0.0.1:{port}/postgres"), version, data, user })
    }
}

impl Postgres {
    /// A new empty database on this server (psql comes with PostgreSQL); its URL.
    pub fn fresh_database(&self) -> Result<String, String> {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let name = format!("x_{}_{}", std::process::id(), nanos % 1_000_000_000);
        let psql = pg_bin("psql").ok_or("psql not found")?;
        run_cmd(Command::new(psql).arg(&self.url).args(["-q", "-c", &format!("CREATE DATABASE {name}")]))?;
        Ok(self.url.replace("/postgres", &format!("/{name}")))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let Some(pg_ctl) = pg_bin("pg_ctl") else { return };
        let mut c = match &self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(pg_ctl);
                c
            }
            None => Command::new(pg_ctl),
        };
        let _ = c.arg("-D").arg(&self.data).args(["-m", "immediate", "stop"]).stdout(Stdio::null()).status();
        if let Some(base) = self.data.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

/// s3s-fs, built once into `target/tools`.
pub fn s3s_fs(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target/tools");
    let bin = tools.join("bin/s3s-fs");
    let installed = capture(Command::new(&bin).arg("--version")).is_ok_and(|v| v.contains(S3S_FS));
    if !installed {
        println!("building s3s-fs {S3S_FS} from crates.io (once)");
        run_cmd(
            Command::new("cargo")
                .args(["install", "s3s-fs", "--version", S3S_FS, "--features", "binary", "--locked", "--root"])
                .arg(&tools),
        )?;
    }
    Ok(bin)
}

pub struct ObjectStore {
    pub endpoint: String,
    /// The folder s3s-fs keeps buckets in (a bucket is a folder, an object a file).
    pub root: PathBuf,
    pub version: String,
    child: Child,
}

impl ObjectStore {
    pub fn start(root: &Path) -> Result<ObjectStore, String> {
        let bin = s3s_fs(root)?;
        let base = root.join("target/services/s3");
        let _ = std::fs::remove_dir_all(&base);
        // A bucket is a folder of the root.
        std::fs::create_dir_all(base.join(S3_BUCKET)).map_err(|e| format!("{}: {e}", base.display()))?;
        let port = free_port()?;
        let child = Command::new(&bin)
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--access-key",
                S3_KEY,
                "--secret-key",
                S3_SECRET,
            ])
            .arg(&base)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start s3s-fs: {e}"))?;
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("s3s-fs did not start listening within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(ObjectStore {
            endpoint: format!("http://127.0.0.1:{port}"),
            root: base,
            version: format!("s3s-fs {S3S_FS}"),
            child,
        })
    }

    pub fn bucket_url(&self) -> String {
        format!("s3://{S3_BUCKET}")
    }

    /// The variables a server (or a test) reads to reach the bucket.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("MOTCUA_OBJECT_STORE", format!("s3://{S3_BUCKET}")),
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", S3_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", S3_SECRET.into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }
}

impl Drop for ObjectStore {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
