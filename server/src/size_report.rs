//! The bundle-size budget: what the first page downloads, brotli-compressed, all-in.

use std::path::Path;
use std::process::ExitCode;

use crate::assets::brotli;

/// Files the first page loads: the HTML shell, the JS glue, the wasm, the styles, the runtime
/// config (and, in the catalogue's folder, `offline.js`, which every page loads). Not `sw.js`: the
/// service worker is fetched by its registration after the page has loaded, in the background.
fn counts(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?;
    match ext {
        _ if name == "sw.js" => None,
        "html" if name == "index.html" => Some("html"),
        "js" => Some("js"),
        "wasm" => Some("wasm"),
        "css" => Some("css"),
        "json" if name == "config.json" => Some("config"),
        _ => None,
    }
}

pub fn measure(dist: &Path) -> Result<Vec<(&'static str, usize, usize)>, String> {
    let mut totals: Vec<(&'static str, usize, usize)> = Vec::new();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = counts(&name) else { continue };
        let raw = std::fs::read(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        let br = brotli(&raw).len();
        match totals.iter_mut().find(|t| t.0 == kind) {
            Some(t) => {
                t.1 += raw.len();
                t.2 += br;
            }
            None => totals.push((kind, raw.len(), br)),
        }
    }
    totals.sort_by_key(|t| std::cmp::Reverse(t.2));
    Ok(totals)
}

pub fn run(dist: &Path, budget_kib: f64) -> ExitCode {
    let totals = match measure(dist) {
        Ok(t) if t.iter().any(|t| t.0 == "wasm") => t,
        Ok(_) => {
            eprintln!("size: no .wasm in {}: build the app first (cargo xtask build)", dist.display());
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("size: {e}");
            return ExitCode::FAILURE;
        }
    };
    let kib = |b: usize| b as f64 / 1024.0;
    let total_br: usize = totals.iter().map(|t| t.2).sum();
    let total_raw: usize = totals.iter().map(|t| t.1).sum();
    let parts: Vec<String> = totals.iter().map(|(k, _, br)| format!("{k} {:.1}", kib(*br))).collect();
    let verdict = if kib(total_br) <= budget_kib { "within" } else { "OVER" };
    println!(
        "size: first page {:.1} KiB brotli ({}; {:.1} KiB raw), {verdict} the {budget_kib:.0} KiB budget",
        kib(total_br),
        parts.join(", "),
        kib(total_raw)
    );
    if verdict == "OVER" {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
