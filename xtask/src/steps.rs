//! The build, run and test steps, and the small process helpers they share.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::bootstrap::{Env, E2E_DIR};

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

pub fn step(name: &str) {
    println!("\n== {name}");
}

/// Runs a command with inherited output; an error names the command.
pub fn run_cmd(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

/// Runs a command and returns its stdout.
pub fn capture(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.stderr(Stdio::null()).output().map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn build_app(env: &Env) -> Result<(), String> {
    step("build the app (trunk build --release --offline, one bundle per journey)");
    let started = Instant::now();
    // Source paths end up in the wasm (panic locations): written as short fixed prefixes, the
    // bundles are the same bytes wherever the project and the cargo registry live (CI's checkout,
    // a developer's), so a size budget does not move with the folder, and a little smaller.
    let root = workspace_root();
    let cargo_home =
        std::env::var("CARGO_HOME").unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default()));
    let mut remap = format!("--remap-path-prefix={}=/m --remap-path-prefix={cargo_home}=/c", root.display());
    // Crates from the registry: `/r/leptos-0.8.x/…` rather than `/c/registry/src/index…/…`
    // (rustc applies the last prefix that matches).
    for index in std::fs::read_dir(format!("{cargo_home}/registry/src")).into_iter().flatten().flatten() {
        remap.push_str(&format!(" --remap-path-prefix={}=/r", index.path().display()));
    }
    // A bundle's wasm with `#[wasm_split]` points (the application's later steps) is split by
    // xtask/split/wasm-bindgen, which Trunk calls as its wasm-bindgen from the PATH below.
    let split = Split::new(&root, &env.path)?;
    let written = crate::shells::write_pages(&root)?;
    if !written.is_empty() {
        println!("pages written from xtask/src/shell.html: {}", written.join(", "));
    }
    // What else decides the bytes: the tools and the flags.
    let tools = ["trunk", "wasm-opt"]
        .iter()
        .map(|t| capture(Command::new(t).arg("--version").env("PATH", &env.path)).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("|");
    let context = format!("{tools}|{remap}|{}|{}", crate::shells::WASM_OPT_LEVEL, crate::shells::WASM_OPT_PARAMS);
    let mut rebuilt = Vec::new();
    for b in &crate::shells::BUNDLES {
        let print = crate::incremental::fingerprint(&root, b, &context);
        if !crate::incremental::stale(&root, b, &print) {
            continue;
        }
        let out = crate::incremental::staged(&root, b);
        run_cmd(
            Command::new("trunk")
                .args(["build", "--release", "--offline", "--public-url", &b.public_url(), &b.html()])
                .arg("--dist")
                .arg(&out)
                .env("RUSTFLAGS", &remap)
                .env("PATH", &split.path)
                .env("MOTCUA_WASM_BINDGEN", &split.wasm_bindgen)
                .env("MOTCUA_WASM_SPLIT", &split.wasm_split)
                .env(
                    "MOTCUA_WASM_OPT",
                    format!("-O{} {}", crate::shells::WASM_OPT_LEVEL, crate::shells::WASM_OPT_PARAMS),
                )
                .env("MOTCUA_SPLIT_DIR", &split.staged)
                .env("TRUNK_SKIP_VERSION_CHECK", "true")
                .env("NO_COLOR", "true"),
        )?;
        crate::incremental::built(&root, b, &print)?;
        rebuilt.push(b.bin());
    }
    if rebuilt.is_empty() && root.join("dist/index.html").is_file() {
        println!("nothing changed: dist/ is up to date ({:.1} s)", started.elapsed().as_secs_f64());
        return Ok(());
    }
    crate::incremental::assemble(&root)?;
    println!("built {} in {:.0} s; dist/ replaced whole", rebuilt.join(", "), started.elapsed().as_secs_f64());
    Ok(())
}

/// What the split shim (xtask/split/wasm-bindgen) is told: where the real tools are, and where
/// it leaves a bundle's split-off modules for the post-build hook.
struct Split {
    /// The shim's folder first, then the bootstrap's PATH.
    path: String,
    wasm_bindgen: PathBuf,
    wasm_split: PathBuf,
    staged: PathBuf,
}

impl Split {
    fn new(root: &std::path::Path, path: &str) -> Result<Split, String> {
        let find = |tool: &str| {
            std::env::split_paths(path)
                .map(|dir| dir.join(tool))
                .find(|p| p.is_file())
                .ok_or_else(|| format!("{tool} is not on PATH: run `cargo xtask test` or `cargo xtask run` once"))
        };
        Ok(Split {
            path: format!("{}:{path}", root.join("xtask/split").display()),
            wasm_bindgen: find("wasm-bindgen")?,
            wasm_split: find("wasm-split-cli")?,
            staged: root.join("target/wasm-split"),
        })
    }
}

pub fn run(env: &Env) -> Result<(), String> {
    build_app(env)?;
    step("reference back end + app on http://127.0.0.1:8080 (Ctrl-C stops)");
    run_cmd(Command::new("cargo").args([
        "run",
        "--release",
        "-p",
        "motcua-server",
        "--",
        "--listen",
        "127.0.0.1:8080",
        "--data-dir",
        ".data",
        "--dist",
        "dist",
    ]))
}

/// Totals of one suite.
struct Tally {
    suite: &'static str,
    passed: u64,
    failed: u64,
    skipped: u64,
    /// What failed, a line each, repeated at the very end (CI keeps only the tail of the log).
    failures: Vec<String>,
}

pub fn test(env: &Env, only: &[String]) -> Result<(), String> {
    let wants = |s: &str| only.is_empty() || only.iter().any(|o| o == s);
    let started = Instant::now();
    let mut tallies = Vec::new();
    // PostgreSQL for the shared storage tests (each engine) and the scale part.
    let services = if wants("rust") || wants("scale") {
        step("services: PostgreSQL and an S3-compatible object store");
        match Services::start(&workspace_root()) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("cannot start the services: {e}");
                tallies.push(Tally { suite: "services", passed: 0, failed: 1, skipped: 0, failures: vec![e] });
                None
            }
        }
    } else {
        None
    };
    if wants("rust") {
        tallies.push(cargo_tests(services.as_ref()));
    }
    if wants("scale") {
        if let Some(s) = &services {
            tallies.extend(scale(env, s));
        }
    }
    if wants("e2e") || wants("size") || wants("api") {
        match build_app(env) {
            Ok(()) => {
                if wants("size") || only.is_empty() {
                    tallies.push(size_budget());
                }
                if wants("e2e") {
                    tallies.push(e2e(env));
                }
                if wants("api") || only.is_empty() {
                    tallies.push(api_contract(env));
                }
            }
            Err(e) => {
                eprintln!("{e}");
                tallies.push(Tally { suite: "build", passed: 0, failed: 1, skipped: 0, failures: Vec::new() });
            }
        }
    }
    step("summary");
    for t in &tallies {
        println!("{:>10}: {} passed, {} failed, {} skipped", t.suite, t.passed, t.failed, t.skipped);
        for f in &t.failures {
            println!("            ✘ {f}");
        }
    }
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    let passed: u64 = tallies.iter().map(|t| t.passed).sum();
    let failed: u64 = tallies.iter().map(|t| t.failed).sum();
    println!("{passed} passed, {failed} failed");
    if failed > 0 || passed == 0 {
        return Err("tests failed".into());
    }
    Ok(())
}

/// The servers the storage tests run against.
pub struct Services {
    pub postgres: crate::services::Postgres,
    pub objects: crate::services::ObjectStore,
}

impl Services {
    pub fn start(root: &std::path::Path) -> Result<Services, String> {
        let postgres = crate::services::Postgres::start(root)?;
        println!("PostgreSQL: {} at {}", postgres.version, postgres.url);
        let objects = crate::services::ObjectStore::start(root)?;
        println!("object store: {} at {}", objects.version, objects.endpoint);
        Ok(Services { postgres, objects })
    }

    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("MOTCUA_TEST_DATABASE_URL", &self.postgres.url);
        for (k, v) in self.objects.env() {
            match k {
                "MOTCUA_OBJECT_STORE" => cmd.env("MOTCUA_TEST_OBJECT_STORE", v),
                _ => cmd.env(k, v),
            };
        }
        cmd.env("MOTCUA_TEST_S3_ROOT", &self.objects.root);
    }
}

/// `cargo test --workspace` (the storage tests on each engine when the services run).
fn cargo_tests(services: Option<&Services>) -> Tally {
    step("cargo test --workspace");
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--workspace", "--color", "never"]);
    if let Some(s) = services {
        s.apply(&mut cmd);
    }
    cargo_tally("rust", cmd)
}

/// The scale-out part: the server's suites (abuse, denial, the scale tests) with the records in
/// PostgreSQL and the files in the object store, two instances where a test says so; then the
/// API contract and the application journey through a balancer alternating two instances.
fn scale(env: &Env, services: &Services) -> Vec<Tally> {
    step(&format!(
        "scale: two motcua-server instances on {} and {}",
        services.postgres.version, services.objects.version
    ));
    let mut cmd = Command::new("cargo");
    cmd.args(["test", "-p", "motcua-server", "--tests", "--color", "never", "--", "--include-ignored", "--nocapture"])
        .env("MOTCUA_TEST_ENGINE", "postgres");
    services.apply(&mut cmd);
    let mut tallies = vec![cargo_tally("scale", cmd)];
    match build_app(env) {
        Ok(()) => {
            tallies.push(api_contract_balanced(env, services));
            step("scale: the application journey through a balancer and two instances (Playwright)");
            tallies.push(playwright(env, "scale-e2e", &["--grep", "@scale"], Some(services)));
        }
        Err(e) => {
            eprintln!("{e}");
            tallies.push(Tally { suite: "build", passed: 0, failed: 1, skipped: 0, failures: Vec::new() });
        }
    }
    tallies
}

/// A server process on a free port; its address once it says it listens.
fn start_server(args: &[String], services: Option<&Services>) -> Result<(std::process::Child, String), String> {
    let root = workspace_root();
    let mut cmd = Command::new(root.join("target/debug/motcua-server"));
    if let Some(s) = services {
        s.apply(&mut cmd);
    }
    let mut child = cmd
        .args(["--listen", "127.0.0.1:0", "--dist", "dist"])
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let url = lines.find_map(|l| l.ok()?.strip_prefix("MOTCUA_LISTENING ").map(str::to_string));
    std::thread::spawn(move || for _ in lines {});
    match url {
        Some(url) => Ok((child, url)),
        None => {
            let _ = child.kill();
            Err("the server did not announce its address".into())
        }
    }
}

/// schemathesis over the contract against `url` (the API's base).
fn schemathesis(env: &Env, url: &str) -> bool {
    let root = workspace_root();
    run_cmd(
        Command::new(&env.schemathesis)
            .arg("--config-file")
            .arg(root.join("api/schemathesis.toml"))
            .args(["run", "api/openapi.yaml", "--url", &format!("{url}/api/v1")])
            .args(["-c", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection"])
            // Binary tus PATCH bodies are covered by the tus-js-client tests instead. One worker:
            // with two, schemathesis once failed inside CPython ("AST constructor recursion depth
            // mismatch", building code in two threads at once), not in the server.
            .args(["--exclude-operation-id", "appendUpload", "--max-time", "45", "-w", "1", "--seed", "1"])
            .env("NO_COLOR", "1"),
    )
    .is_ok()
}

/// schemathesis through a round-robin balancer (tests/e2e/support/balancer.mjs) in front of two
/// instances on PostgreSQL and the object store.
fn api_contract_balanced(env: &Env, services: &Services) -> Tally {
    step("scale: API contract (schemathesis) through a balancer and two instances");
    let mut tally = Tally { suite: "scale-api", passed: 0, failed: 1, skipped: 0, failures: Vec::new() };
    let root = workspace_root();
    let database = match services.postgres.fresh_database() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return tally;
        }
    };
    let prefix = format!("{}/contract-{}", services.objects.bucket_url(), std::process::id());
    let mut children = Vec::new();
    let mut urls = Vec::new();
    for i in 0..2 {
        let data = root.join(format!("target/contract-data-{i}"));
        let _ = std::fs::remove_dir_all(&data);
        let args: Vec<String> = vec![
            "--data-dir".into(),
            data.display().to_string(),
            "--database-url".into(),
            database.clone(),
            "--object-store".into(),
            prefix.clone(),
        ];
        match start_server(&args, Some(services)) {
            Ok((child, url)) => {
                println!("instance {}: {url}", ["A", "B"][i]);
                children.push(child);
                urls.push(url);
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    if urls.len() == 2 {
        let balancer = Command::new("node")
            .arg(root.join(E2E_DIR).join("support/balancer.mjs"))
            .arg("0")
            .args(&urls)
            .stdout(Stdio::piped())
            .spawn();
        if let Ok(mut balancer) = balancer {
            let mut lines = BufReader::new(balancer.stdout.take().expect("piped")).lines();
            if let Some(url) = lines.find_map(|l| l.ok()?.strip_prefix("BALANCER_LISTENING ").map(str::to_string)) {
                println!("balancer: {url}, requests alternating between A and B");
                let ok = schemathesis(env, &url);
                tally = Tally {
                    suite: "scale-api",
                    passed: ok as u64,
                    failed: (!ok) as u64,
                    skipped: 0,
                    failures: Vec::new(),
                };
            }
            let _ = balancer.kill();
            let _ = balancer.wait();
        }
    }
    for mut c in children {
        let _ = c.kill();
        let _ = c.wait();
    }
    tally
}

/// A cargo test run, streamed, with its `test result:` lines added up.
fn cargo_tally(suite: &'static str, mut cmd: Command) -> Tally {
    let mut tally = Tally { suite, passed: 0, failed: 0, skipped: 0, failures: Vec::new() };
    let child = cmd.stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start cargo test: {e}");
            tally.failed = 1;
            return tally;
        }
    };
    for line in BufReader::new(child.stdout.take().expect("piped")).lines().map_while(Result::ok) {
        println!("{line}");
        if let Some(name) = line.strip_prefix("test ").and_then(|l| l.strip_suffix(" ... FAILED")) {
            tally.failures.push(name.to_string());
        }
        if let Some(rest) = line.strip_prefix("test result: ") {
            let num = |label: &str| -> u64 {
                rest.split(';')
                    .find_map(|part| {
                        part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(label)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            tally.passed += num(" passed");
            tally.failed += num(" failed");
            tally.skipped += num(" ignored");
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    if !ok && tally.failed == 0 {
        // A build error prints no result line: still a failure.
        tally.failed = 1;
    }
    tally
}

/// Every bundle is somebody's first page (a shared planner link opens the planner bundle).
fn size_budget() -> Tally {
    step("size budget of each bundle's first page");
    let mut tally = Tally { suite: "size", passed: 0, failed: 0, skipped: 0, failures: Vec::new() };
    for b in &crate::shells::BUNDLES {
        let dist = b.dist();
        let budget = "160";
        let report = ["run", "-q", "-p", "motcua-server", "--", "size-report", "--dist", &dist, "--budget-kib", budget];
        let ok = run_cmd(Command::new("cargo").args(report)).is_ok();
        tally.passed += ok as u64;
        tally.failed += (!ok) as u64;
        if !ok {
            tally.failures.push(format!("{dist}: first page over {budget} KiB brotli"));
        }
    }
    tally
}

/// Playwright in Debian's Chromium against the real back end (each spec file starts its own).
fn e2e(env: &Env) -> Tally {
    step("end-to-end tests in Chromium (Playwright)");
    playwright(env, "e2e", &["--grep-invert", "@scale"], None)
}

/// Playwright's specs (those `filter` picks), in Debian's Chromium, as one tally.
fn playwright(env: &Env, suite: &'static str, filter: &[&str], services: Option<&Services>) -> Tally {
    let mut tally = Tally { suite, passed: 0, failed: 0, skipped: 0, failures: Vec::new() };
    if let Err(e) = run_cmd(Command::new("cargo").args(["build", "-q", "-p", "motcua-server"])) {
        eprintln!("{e}");
        tally.failed = 1;
        return tally;
    }
    let root = workspace_root();
    let target = root.join("target");
    let report = target.join("e2e-results.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = Command::new("npx");
    if let Some(s) = services {
        s.apply(&mut cmd);
    }
    let status = cmd
        .args(["playwright", "test", "--reporter=list,json"])
        .args(filter)
        .current_dir(E2E_DIR)
        .env("PATH", &env.path)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .env("MOTCUA_SERVER_BIN", target.join("debug/motcua-server"))
        .env("MOTCUA_DIST", root.join("dist"))
        .env("MOTCUA_SCREENSHOTS", target.join("screenshots"))
        .env("CHROMIUM_PATH", &env.chromium)
        .status();
    let json = std::fs::read_to_string(&report).ok().and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok());
    if let Some(v) = &json {
        playwright_failures(v, "", &mut tally.failures);
    }
    let stats = json.and_then(|v| v.get("stats").cloned());
    match stats {
        Some(s) => {
            let n = |k: &str| s.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
            tally.passed = n("expected") + n("flaky");
            tally.failed = n("unexpected");
            tally.skipped = n("skipped");
        }
        None => tally.failed = 1,
    }
    if !status.is_ok_and(|s| s.success()) && tally.failed == 0 {
        tally.failed = 1;
    }
    tally
}

/// `file › title: first line of the error` for each test whose last attempt did not pass.
fn playwright_failures(suite: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    let title = suite.get("title").and_then(|t| t.as_str()).unwrap_or("");
    let path = if path.is_empty() { title.to_string() } else { format!("{path} › {title}") };
    for spec in suite.get("specs").and_then(|s| s.as_array()).into_iter().flatten() {
        for test in spec.get("tests").and_then(|t| t.as_array()).into_iter().flatten() {
            let Some(last) = test.get("results").and_then(|r| r.as_array()).and_then(|r| r.last()) else { continue };
            let status = last.get("status").and_then(|s| s.as_str()).unwrap_or("");
            if status == "passed" || status == "skipped" {
                continue;
            }
            let message = last
                .get("error")
                .and_then(|e| e.get("message"))
                .and_then(|m| m.as_str())
                .unwrap_or("")
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .replace(|c: char| c == '\u{1b}', "");
            let spec_title = spec.get("title").and_then(|t| t.as_str()).unwrap_or("");
            out.push(format!("{path} › {spec_title} ({status}): {message}"));
        }
    }
    for child in suite.get("suites").and_then(|s| s.as_array()).into_iter().flatten() {
        playwright_failures(child, &path, out);
    }
}

/// schemathesis over api/openapi.yaml against a live back end on a free port with fresh data.
fn api_contract(env: &Env) -> Tally {
    step("API contract (schemathesis over api/openapi.yaml)");
    let mut tally = Tally { suite: "api", passed: 0, failed: 1, skipped: 0, failures: Vec::new() };
    if let Err(e) = run_cmd(Command::new("cargo").args(["build", "-q", "-p", "motcua-server"])) {
        eprintln!("{e}");
        return tally;
    }
    let data = workspace_root().join("target/contract-data");
    let _ = std::fs::remove_dir_all(&data);
    match start_server(&["--data-dir".into(), data.display().to_string()], None) {
        Ok((mut server, url)) => {
            let ok = schemathesis(env, &url);
            tally = Tally { suite: "api", passed: ok as u64, failed: (!ok) as u64, skipped: 0, failures: Vec::new() };
            let _ = server.kill();
            let _ = server.wait();
        }
        Err(e) => eprintln!("{e}"),
    }
    tally
}
