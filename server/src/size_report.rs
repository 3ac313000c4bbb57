//! The bundle-size budget: what the first page downloads, brotli-compressed, all-in.

use std::path::Path;
use std::process::ExitCode;

use crate::assets::brotli;

/// Files the first page loads: the HTML shell, the JS glue and the scripts it imports (snippets,
/// a split loader: below the bundle's folder, all preloaded with the page), the wasm, the styles,
/// the runtime config (and, in the catalogue's folder, `offline.js`, which every page loads). Not
/// `sw.js`: the service worker is fetched by its registration after the page has loaded, in the
/// background. Not a wasm below the folder: a module split off the bundle, fetched when first
/// needed (counted apart, as "later").
fn counts(name: &str, nested: bool) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?;
    match ext {
        _ if name == "sw.js" => None,
        "js" => Some("js"),
        "wasm" if nested => Some("later"),
        _ if nested => None,
        "html" if name == "index.html" => Some("html"),
        "wasm" => Some("wasm"),
        "css" => Some("css"),
        "json" if name == "config.json" => Some("config"),
        _ => None,
    }
}

/// Raw and brotli bytes per kind of file (see [`counts`]), largest first.
pub fn measure(dist: &Path) -> Result<Vec<(&'static str, usize, usize)>, String> {
    let mut totals: Vec<(&'static str, usize, usize)> = Vec::new();
    let mut folders = vec![(dist.to_path_buf(), false)];
    while let Some((dir, nested)) = folders.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // Not another bundle's folder (the catalogue's holds the others).
                if nested || entry.file_name() == "snippets" || entry.file_name() == "split" {
                    folders.push((path, true));
                }
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(kind) = counts(&name, nested) else { continue };
            let raw = std::fs::read(&path).map_err(|e| format!("{name}: {e}"))?;
            let br = brotli(&raw).len();
            match totals.iter_mut().find(|t| t.0 == kind) {
                Some(t) => {
                    t.1 += raw.len();
                    t.2 += br;
                }
                None => totals.push((kind, raw.len(), br)),
            }
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
    let (later, first): (Vec<_>, Vec<_>) = totals.into_iter().partition(|t| t.0 == "later");
    let total_br: usize = first.iter().map(|t| t.2).sum();
    let total_raw: usize = first.iter().map(|t| t.1).sum();
    let parts: Vec<String> = first.iter().map(|(k, _, br)| format!("{k} {:.1}", kib(*br))).collect();
    let verdict = if kib(total_br) <= budget_kib { "within" } else { "OVER" };
    println!(
        "size: first page {:.1} KiB brotli ({}; {:.1} KiB raw), {verdict} the {budget_kib:.0} KiB budget",
        kib(total_br),
        parts.join(", "),
        kib(total_raw)
    );
    for (_, _, br) in &later {
        println!("size: split-off modules {:.1} KiB brotli, fetched after the first page", kib(*br));
    }
    if verdict == "OVER" {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, bytes: usize) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Incompressible enough that each file's share is visible after brotli.
        let data: Vec<u8> = (0..bytes).map(|i| (i * 7919 % 251) as u8 ^ (i / 251) as u8).collect();
        std::fs::write(path, data).unwrap();
    }

    #[test]
    fn first_page_counts_the_scripts_it_imports_but_not_split_off_modules() {
        let dist = std::env::temp_dir().join(format!("motcua-size-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        write(&dist.join("index.html"), 100);
        write(&dist.join("app-0123456789abcdef_bg.wasm"), 4000);
        write(&dist.join("app-0123456789abcdef.js"), 1000);
        write(&dist.join("snippets/app-1/src/upload/browser.js"), 500);
        write(&dist.join("split/__wasm_split-0123456789abcdef.js"), 300);
        write(&dist.join("split/split_later-0123456789abcdef.wasm"), 3000);
        write(&dist.join("sw.js"), 800);
        write(&dist.join("notes.txt"), 800);
        write(&dist.join("tra-cuu/index.html"), 900);
        write(&dist.join("tra-cuu/other-0123456789abcdef_bg.wasm"), 900);
        write(&dist.join("tra-cuu/other-0123456789abcdef.js"), 900);
        let totals = measure(&dist).unwrap();
        let raw = |kind: &str| totals.iter().find(|t| t.0 == kind).map(|t| t.1);
        assert_eq!(raw("wasm"), Some(4000));
        assert_eq!(raw("js"), Some(1800), "the glue, a snippet and the split loader; not sw.js");
        assert_eq!(raw("later"), Some(3000));
        assert_eq!(raw("html"), Some(100));
        assert_eq!(totals.len(), 4);
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
