//! `cargo xtask bench`: the reference back end under load on loopback. Catalogue GET and dossier
//! POST throughput with latency percentiles, and upload throughput. Figures, not assertions.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::steps::{run_cmd, step, workspace_root};

const THREADS: usize = 4;

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        Ok(Conn { reader: BufReader::new(s.try_clone()?), writer: s })
    }

    fn call(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> std::io::Result<(u16, Vec<(String, String)>, Vec<u8>)> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAccept-Encoding: identity\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        self.writer.write_all(req.as_bytes())?;
        self.writer.write_all(body)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut resp_headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                resp_headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let get = |k: &str| resp_headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        let mut out = Vec::new();
        if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                out.extend_from_slice(&chunk[..size]);
            }
        } else if method != "HEAD" {
            let len: usize = get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            out.resize(len, 0);
            self.reader.read_exact(&mut out)?;
        }
        Ok((status, resp_headers, out))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut lat: Vec<Duration>, wall: Duration, errors: usize) {
    lat.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: {} requests in {:.1} s = {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {errors} errors",
        lat.len(),
        wall.as_secs_f64(),
        lat.len() as f64 / wall.as_secs_f64(),
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        ms(*lat.last().unwrap_or(&Duration::ZERO)),
    );
}

/// Runs `work(thread, i)` on THREADS connections until `total` calls are made; the connections
/// go to `addrs` in turn (several instances: as a balancer spreads clients).
fn load(
    addrs: &[String],
    total: usize,
    work: impl Fn(&mut Conn, usize) -> bool + Sync,
) -> (Vec<Duration>, Duration, usize) {
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let work = &work;
                let addr = &addrs[t % addrs.len()];
                s.spawn(move || {
                    let mut conn = Conn::open(addr).expect("connect");
                    let (mut lat, mut errors) = (Vec::new(), 0);
                    for i in (t..total).step_by(THREADS) {
                        let t0 = Instant::now();
                        if !work(&mut conn, i) {
                            errors += 1;
                        }
                        lat.push(t0.elapsed());
                    }
                    (lat, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let wall = started.elapsed();
    let errors = results.iter().map(|r| r.1).sum();
    (results.into_iter().flat_map(|r| r.0).collect(), wall, errors)
}

fn b64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            out.push(if i <= c.len() { T[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// The `Draft-Token` of bench draft `name` (a token is 32 characters or more).
fn token(name: &str) -> String {
    format!("bench-draft-token-{name:0>20}")
}

/// Creates and fills an upload; returns its id.
fn upload(conn: &mut Conn, requirement: &str, draft: &str, body: &[u8], chunk: usize) -> Option<String> {
    let meta = format!("requirement {}", b64(requirement));
    let tus = ("Tus-Resumable", "1.0.0".to_string());
    let draft = ("Draft-Token", token(draft));
    let (status, headers, _) = conn
        .call(
            "POST",
            "/api/v1/uploads",
            &[tus.clone(), ("Upload-Length", body.len().to_string()), ("Upload-Metadata", meta), draft.clone()],
            &[],
        )
        .ok()?;
    let location = headers.iter().find(|(k, _)| k == "location")?.1.clone();
    if status != 201 {
        return None;
    }
    for (i, part) in body.chunks(chunk).enumerate() {
        let h = [
            tus.clone(),
            ("Content-Type", "application/offset+octet-stream".into()),
            ("Upload-Offset", (i * chunk).to_string()),
            draft.clone(),
        ];
        let (s, _, _) = conn.call("PATCH", &location, &h, part).ok()?;
        if s != 204 {
            return None;
        }
    }
    location.rsplit('/').next().map(str::to_string)
}

fn pdf(len: usize, seed: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    let mut x = seed as u64 + 1;
    while b.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b.push((x & 0xff) as u8);
    }
    b
}

pub fn run(only: &[String]) -> Result<(), String> {
    if only.iter().any(|o| o == "storage") {
        step("bench: build the server (profile server-bench)");
        run_cmd(Command::new("cargo").args(["build", "--profile", "server-bench", "-p", "motcua-server"]))?;
        return storage(&workspace_root());
    }
    step("bench: search (native, optimised)");
    run_cmd(Command::new("cargo").args([
        "run",
        "-q",
        "--profile",
        "server-bench",
        "-p",
        "motcua-domain",
        "--example",
        "search_bench",
    ]))?;
    step("bench: build the server (profile server-bench)");
    run_cmd(Command::new("cargo").args(["build", "--profile", "server-bench", "-p", "motcua-server"]))?;
    let root = workspace_root();
    let data = root.join("target/bench-data");
    let _ = std::fs::remove_dir_all(&data);
    let result = with_server(&data, "target/no-app", &[], |addr| {
        measure(&[addr.to_string()]);
        Ok(())
    });
    result?;
    storage(&root)?;
    step("bench: search in Chromium (wasm), through the page");
    if !root.join("dist/index.html").exists() {
        println!("skipped: no built app in dist/ (run `cargo xtask build` first)");
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(&data);
    with_server(&data, "dist", &[], |addr| {
        run_cmd(&mut node_bench("bench/search-in-browser.mjs", &format!("http://{addr}")))?;
        step("bench: uploads from the app over a throttled link (1.6 Mbit/s up, 150 ms)");
        run_cmd(&mut node_bench("bench/upload-throttled.mjs", &format!("http://{addr}")))?;
        step("bench: bytes of a journey, home → procedure → application → documents, cold then warm");
        run_cmd(&mut node_bench("bench/journey-bytes.mjs", &format!("http://{addr}")))?;
        step("bench: a first visit to each page, slow 4G and 4× CPU: until its app is ready");
        run_cmd(&mut node_bench("bench/cold-ready.mjs", &format!("http://{addr}")))?;
        step("bench: tap \"Nộp hồ sơ qua mạng\" → applicant form, slow 4G and 4× CPU, cold then second visit");
        run_cmd(&mut node_bench("bench/tap-to-form.mjs", &format!("http://{addr}")))?;
        step("bench: Lighthouse 12 mobile, median of 3 runs per page (HTTP/1.1, no TLS)");
        let cli = lighthouse()?;
        run_cmd(node_bench("bench/lighthouse.mjs", &format!("http://{addr}")).env("LIGHTHOUSE", &cli))
    })?;
    // As a province serves the app: HTTPS, where browsers speak HTTP/2 (one connection for the
    // page, its files and its reads). The certificate is made at start; Chromium is told to take it.
    let _ = std::fs::remove_dir_all(&data);
    with_server(&data, "dist", &["--tls-self-signed"], |addr| {
        step("bench: over HTTPS (HTTP/2): a first visit to each page, slow 4G and 4× CPU");
        run_cmd(&mut node_bench("bench/cold-ready.mjs", &format!("https://{addr}")))?;
        step("bench: over HTTPS (HTTP/2): Lighthouse 12 mobile, median of 3 runs per page");
        run_cmd(node_bench("bench/lighthouse.mjs", &format!("https://{addr}")).env("LIGHTHOUSE", lighthouse()?))
    })
}

/// `node bench/SCRIPT URL` in tests/e2e, where the benches in the browser live.
fn node_bench(script: &str, url: &str) -> Command {
    let mut cmd = Command::new("node");
    cmd.args([script, url]).current_dir(workspace_root().join("tests/e2e"));
    cmd
}

/// Lighthouse from npm, installed on first use into `target/lighthouse` (only the bench needs it,
/// so the test command's install stays small).
fn lighthouse() -> Result<std::path::PathBuf, String> {
    let dir = workspace_root().join("target/lighthouse");
    let cli = dir.join("node_modules/.bin/lighthouse");
    if !cli.exists() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        run_cmd(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg("lighthouse@12.8.2"),
        )?;
    }
    Ok(cli)
}

/// Runs `work` against the optimised server on a free port (its address), serving `dist`, with
/// the server's `args` beside.
fn with_server(
    data: &std::path::Path,
    dist: &str,
    args: &[&str],
    work: impl FnOnce(&str) -> Result<(), String>,
) -> Result<(), String> {
    let root = workspace_root();
    let mut server = Command::new(root.join("target/server-bench/motcua-server"))
        .args(["--listen", "127.0.0.1:0", "--dist", dist, "--data-dir"])
        .arg(data)
        .args(args)
        .current_dir(&root)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(server.stdout.take().expect("piped")).lines();
    let url = lines.find_map(|l| {
        let url = l.ok()?.strip_prefix("MOTCUA_LISTENING ")?.to_string();
        url.strip_prefix("https://").or(url.strip_prefix("http://")).map(str::to_string)
    });
    let result = url.ok_or("the server did not start".to_string()).and_then(|addr| work(&addr));
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Catalogue reads, submissions and upload throughput on each storage, side by side: SQLite and
/// a folder; PostgreSQL and S3-compatible storage (s3s-fs) with one instance; the same with two.
fn storage(root: &std::path::Path) -> Result<(), String> {
    step("bench: storage side by side (SQLite; PostgreSQL + S3 with one instance; with two)");
    let services = crate::steps::Services::start(root)?;
    let bin = root.join("target/server-bench/motcua-server");
    // The limits per address are not what is measured: one bench client is one address.
    let limits = ["--dossiers-per-hour-per-address", "100000000", "--upload-mib-per-address", "100000"];
    let start = |args: Vec<String>| -> Result<(std::process::Child, String), String> {
        let mut cmd = Command::new(&bin);
        services.apply(&mut cmd);
        let mut child = cmd
            .args(["--listen", "127.0.0.1:0", "--dist", "target/no-app"])
            .args(limits)
            .args(args)
            .current_dir(root)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let url = lines.find_map(|l| l.ok()?.strip_prefix("MOTCUA_LISTENING http://").map(str::to_string));
        std::thread::spawn(move || for _ in lines {});
        url.map(|u| (child, u)).ok_or_else(|| "the server did not start".to_string())
    };
    let mut rows = Vec::new();
    for (name, instances, scale_out) in [
        ("SQLite + folder", 1, false),
        ("PostgreSQL + S3, 1 instance", 1, true),
        ("PostgreSQL + S3, 2 instances", 2, true),
    ] {
        let data = root.join("target/bench-storage");
        let _ = std::fs::remove_dir_all(&data);
        let mut storage_args = vec!["--data-dir".to_string(), data.display().to_string()];
        if scale_out {
            storage_args.extend([
                "--database-url".into(),
                services.postgres.fresh_database()?,
                "--object-store".into(),
                format!("{}/bench-{instances}", services.objects.bucket_url()),
            ]);
        }
        let mut children = Vec::new();
        let mut addrs = Vec::new();
        for _ in 0..instances {
            let (child, addr) = start(storage_args.clone())?;
            children.push(child);
            addrs.push(addr);
        }
        step(&format!("bench: {name}"));
        rows.push((name, measure(&addrs)));
        for mut c in children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
    step("bench: storage side by side");
    println!("{:<32} {:>16} {:>16} {:>14}", "", "catalogue req/s", "dossiers/s", "uploads MiB/s");
    for (name, f) in rows {
        println!("{name:<32} {:>16.0} {:>16.0} {:>14.0}", f.catalogue, f.dossiers, f.uploads);
    }
    Ok(())
}

/// What [`measure`] found.
struct Figures {
    catalogue: f64,
    dossiers: f64,
    uploads: f64,
}

fn measure(addrs: &[String]) -> Figures {
    let addr = addrs[0].as_str();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    step(&format!(
        "bench on {} cores ({cpu}), {THREADS} client threads on loopback, server and client on the same machine",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    ));

    let (lat, wall, errors) =
        load(addrs, 4000, |c, _| c.call("GET", "/api/v1/procedures", &[], &[]).is_ok_and(|r| r.0 == 200));
    let catalogue = lat.len() as f64 / wall.as_secs_f64();
    report("GET /api/v1/procedures (the whole catalogue, uncompressed)", lat, wall, errors);

    // Dossiers: the uploads they need are made first, so only the POSTs are timed.
    let n = 400;
    let mut prep = Conn::open(addr).expect("connect");
    let uploads: Vec<(String, String)> = (0..n)
        .map(|i| {
            let draft = format!("bench-{i}");
            let a = upload(&mut prep, "XA-HT-01-01", &draft, &pdf(4096, i), 4096).expect("upload");
            let b = upload(&mut prep, "XA-HT-01-02", &draft, &pdf(4096, i + n), 4096).expect("upload");
            (a, b)
        })
        .collect();
    let (lat, wall, errors) = load(addrs, n, |c, i| {
        let (a, b) = &uploads[i];
        let body = format!(
            r#"{{"procedure_id":"XA-HT-01","office_id":"thanh-ha","uploads":["{a}","{b}"],"applicant":{{"full_name":"Nguyễn Văn An","citizen_id":"030090001234","birth_year":1990,"gender":"male","phone":"0912345678","email":null,"address":"Thanh Hà"}}}}"#
        );
        let h = [
            ("Content-Type", "application/json".to_string()),
            ("Idempotency-Key", format!("bench-key-{i:06}")),
            ("Draft-Token", token(&format!("bench-{i}"))),
        ];
        c.call("POST", "/api/v1/dossiers", &h, body.as_bytes()).is_ok_and(|r| r.0 == 201)
    });
    let dossiers = (n - errors) as f64 / wall.as_secs_f64();
    report("POST /api/v1/dossiers (checks, code, appointment, 1 transaction)", lat, wall, errors);

    // Upload throughput: 20 MiB files in 1 MiB PATCHes, a connection per instance.
    let file = pdf(20 * 1024 * 1024, 7);
    let started = Instant::now();
    let ok: usize = std::thread::scope(|s| {
        let handles: Vec<_> = addrs
            .iter()
            .enumerate()
            .map(|(a, addr)| {
                let file = &file;
                s.spawn(move || {
                    let mut conn = Conn::open(addr).expect("connect");
                    (0..3)
                        .filter(|i| {
                            upload(&mut conn, "XA-HT-01-02", &format!("big-{a}-{i}"), file, 1024 * 1024).is_some()
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let secs = started.elapsed().as_secs_f64();
    let uploads = (ok * 20) as f64 / secs;
    println!(
        "uploads: {ok} × 20 MiB in 1 MiB PATCHes in {secs:.2} s = {uploads:.0} MiB/s (stored, sha256 and content check at the end)"
    );
    Figures { catalogue, dossiers, uploads }
}
