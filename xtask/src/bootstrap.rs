//! Installs the toolchain the build and tests need, only where it is missing. Everything comes
//! from the package registries (crates.io, npm, Debian), never from a download of a prebuilt
//! binary, which this machine cannot reach.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::steps::{capture, run_cmd, step};

/// PATH and tools found or installed, for the steps that follow.
pub struct Env {
    pub path: String,
    pub chromium: PathBuf,
    pub schemathesis: PathBuf,
}

/// schemathesis from PyPI, pinned, in a virtual environment under target/.
pub const SCHEMATHESIS: &str = "4.32.5";

pub const E2E_DIR: &str = "tests/e2e";

pub fn all() -> Result<Env, String> {
    step("bootstrap");
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_bin = format!("{home}/.cargo/bin");
    let node_bin = std::fs::canonicalize(E2E_DIR).map_err(|e| format!("{E2E_DIR}: {e}"))?.join("node_modules/.bin");
    let path = format!("{}:{cargo_bin}:{}", node_bin.display(), std::env::var("PATH").unwrap_or_default());
    std::env::set_var("PATH", &path);

    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_split()?;
    node_modules()?;
    let chromium = chromium()?;
    let schemathesis = schemathesis()?;
    Ok(Env { path, chromium, schemathesis })
}

fn wasm_target() -> Result<(), String> {
    let installed = capture(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    if capture(Command::new("trunk").arg("--version")).is_ok_and(|v| v.starts_with("trunk 0.21")) {
        return Ok(());
    }
    println!("installing Trunk 0.21 (10 to 25 minutes on 2 cores; Trunk 0.22 needs a newer rustc)");
    run_cmd(Command::new("cargo").args(["install", "trunk", "--version", "~0.21", "--locked"]))
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

fn wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    if capture(Command::new("wasm-bindgen").arg("--version")).is_ok_and(|v| v.trim() == format!("wasm-bindgen {want}"))
    {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {want} (about 10 minutes)");
    // Not --locked: its lockfile pins a crate version the registry no longer serves.
    run_cmd(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &format!("={want}"), "--force"]))
}

/// `wasm-split-cli`, which splits a bundle's wasm at its `#[wasm_split]` points before
/// wasm-bindgen (see xtask/split/wasm-bindgen). Its version speaks the protocol of Cargo.lock's
/// `wasm_split_helpers` (0.2).
pub const WASM_SPLIT: &str = "0.2.4";

fn wasm_split() -> Result<(), String> {
    let installed = capture(Command::new("cargo").args(["install", "--list"]))?;
    if installed.lines().any(|l| l.starts_with(&format!("wasm_split_cli_support v{WASM_SPLIT}:"))) {
        return Ok(());
    }
    println!("installing wasm_split_cli_support {WASM_SPLIT} (wasm-split-cli, about 2 minutes)");
    run_cmd(Command::new("cargo").args([
        "install",
        "wasm_split_cli_support",
        "--version",
        &format!("={WASM_SPLIT}"),
        "--features",
        "build-binary",
        "--locked",
    ]))
}

fn node_modules() -> Result<(), String> {
    let dir = Path::new(E2E_DIR);
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh && dir.join("node_modules/.bin/wasm-opt").exists() && dir.join("node_modules/terser").exists() {
        return Ok(());
    }
    if capture(Command::new("npm").arg("--version")).is_err() {
        return Err("npm is missing: install Node.js 20 and npm (apt-get install nodejs npm)".into());
    }
    // Browsers come from Debian, never from Playwright's own download.
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

fn chromium() -> Result<PathBuf, String> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(path);
    }
    let root = capture(Command::new("id").arg("-u")).is_ok_and(|u| u.trim() == "0");
    if !root {
        return Err("Chromium is missing: run `sudo apt-get install chromium chromium-driver`".into());
    }
    run_cmd(Command::new("apt-get").arg("update"))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    Ok(path)
}

fn schemathesis() -> Result<PathBuf, String> {
    let venv = PathBuf::from("target/venv");
    let bin = venv.join("bin/schemathesis");
    if capture(Command::new(&bin).arg("--version")).is_ok_and(|v| v.contains(SCHEMATHESIS)) {
        return Ok(std::fs::canonicalize(bin).map_err(|e| e.to_string())?);
    }
    println!("installing schemathesis {SCHEMATHESIS} into target/venv");
    run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&venv))
        .map_err(|e| format!("{e}: install Python 3 with venv (apt-get install python3-venv)"))?;
    run_cmd(Command::new(venv.join("bin/pip")).args(["install", "-q", &format!("schemathesis=={SCHEMATHESIS}")]))?;
    Ok(std::fs::canonicalize(bin).map_err(|e| e.to_string())?)
}
