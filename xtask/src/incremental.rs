//! The app's build, doing only what changed and swapping `dist/` in whole.
//!
//! Each bundle is built by Trunk into a folder of its own, `target/bundles/<bin>/`, beside a
//! fingerprint of everything its build reads ([`inputs`]: the crates' sources, styles, public
//! files, hooks, its page, the tools' versions). A bundle whose fingerprint is unchanged is not
//! built again. The bundles' folders are then put together in `dist.next/` (hard links, so it
//! costs no copy) with the compressed copies the server keeps beside the files of the old
//! `dist/` (it checks their age against each file's), and `dist.next/` takes the place of
//! `dist/` in two renames: a server starting meanwhile never finds a half-built folder, as it
//! did while Trunk rebuilt `dist/` in place.
//!
//! What a bundle does not read: another bundle's binary and page, and the page modules only
//! another bundle uses ([`crate::shells::Bundle::pages`], checked by a test). Any other source
//! is shared: changing it builds every bundle again.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::shells::{Bundle, BUNDLES};

/// Where a bundle is built, and its fingerprint.
pub fn staged(root: &Path, b: &Bundle) -> PathBuf {
    root.join("target/bundles").join(b.bin())
}

fn stamp(root: &Path, b: &Bundle) -> PathBuf {
    root.join("target/bundles").join(format!("{}.fingerprint", b.bin()))
}

/// The files and folders every bundle's build reads (folders whole).
const SHARED: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    "build.rs",
    "domain/Cargo.toml",
    "domain/src",
    "routes/Cargo.toml",
    "routes/src",
    "src",
    "style",
    "public",
    "xtask/hooks",
    "xtask/split",
];

/// Every file under `path` (or `path` itself), relative to `root`, sorted.
fn files(root: &Path, path: &str, out: &mut Vec<String>) {
    let full = root.join(path);
    if full.is_file() {
        out.push(path.to_string());
    } else if let Ok(entries) = std::fs::read_dir(&full) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            files(root, &format!("{path}/{name}"), out);
        }
    }
}

/// The files bundle `b`'s build reads, relative to the workspace root, sorted.
pub fn inputs(root: &Path, b: &Bundle) -> Vec<String> {
    let mut all = Vec::new();
    for p in SHARED {
        files(root, p, &mut all);
    }
    let others: Vec<String> = BUNDLES
        .iter()
        .filter(|o| o.bin() != b.bin())
        .flat_map(|o| o.owned())
        .filter(|p| !b.owned().contains(p))
        .collect();
    all.retain(|f| !others.iter().any(|o| f == o));
    all.push(b.html());
    all.sort();
    all.dedup();
    all
}

/// A digest of the bundle's inputs' paths and bytes, and of `context` (the tools' versions, the
/// build's flags).
pub fn fingerprint(root: &Path, b: &Bundle, context: &str) -> String {
    let mut h = Sha256::new();
    h.update(context.as_bytes());
    for f in inputs(root, b) {
        h.update(f.as_bytes());
        h.update([0]);
        h.update(std::fs::read(root.join(&f)).unwrap_or_default());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether bundle `b` must be built: its folder is missing or its inputs changed.
pub fn stale(root: &Path, b: &Bundle, print: &str) -> bool {
    !staged(root, b).join("index.html").is_file()
        || std::fs::read_to_string(stamp(root, b)).ok().as_deref() != Some(print)
}

/// Records that bundle `b` was built from inputs with fingerprint `print`.
pub fn built(root: &Path, b: &Bundle, print: &str) -> Result<(), String> {
    std::fs::write(stamp(root, b), print).map_err(|e| format!("cannot write the fingerprint of {}: {e}", b.bin()))
}

/// A hard link of `from` at `to`, or a copy where the file system has none.
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            link_tree(&src, &dst)?;
        } else {
            link(&src, &dst)?;
        }
    }
    Ok(())
}

/// Puts the bundles' folders together as `dist/`: built in `dist.next/`, then swapped in.
pub fn assemble(root: &Path) -> Result<(), String> {
    let err = |what: &str, e: std::io::Error| format!("cannot {what}: {e}");
    let (dist, next, old) = (root.join("dist"), root.join("dist.next"), root.join("dist.old"));
    for leftover in [&next, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| err(&format!("remove {}", leftover.display()), e))?;
        }
    }
    for b in &BUNDLES {
        let place = next.join(b.dist().trim_start_matches("dist").trim_start_matches('/'));
        link_tree(&staged(root, b), &place).map_err(|e| err(&format!("put {} in place", b.bin()), e))?;
    }
    // The server's compressed copies (`<file>.br`, `.gz`) of files still there: it makes them
    // again only for files newer than their copy.
    let mut caches = Vec::new();
    if dist.is_dir() {
        files(&dist, ".", &mut caches);
    }
    for c in caches.iter().filter(|c| c.ends_with(".br") || c.ends_with(".gz")) {
        let file = &c[..c.len() - 3];
        if next.join(file).is_file() && !next.join(c).exists() {
            let _ = link(&dist.join(c), &next.join(c));
        }
    }
    if dist.exists() {
        std::fs::rename(&dist, &old).map_err(|e| err("move the old dist/ aside", e))?;
    }
    std::fs::rename(&next, &dist).map_err(|e| err("put the new dist/ in place", e))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| err("remove the old dist/", e))?;
    }
    Ok(())
}

/// Page modules each bundle alone uses, by bundle: what the test below checks.
#[cfg(test)]
fn page_owners() -> std::collections::BTreeMap<&'static str, &'static str> {
    BUNDLES.iter().flat_map(|b| b.pages().iter().map(move |p| (*p, b.bin()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    #[test]
    fn a_bundle_reads_the_shared_sources_and_its_own_but_not_another_bundle_s() {
        let root = root();
        let planner = BUNDLES.iter().find(|b| b.bin() == "thu_sau").unwrap();
        let catalogue = BUNDLES.iter().find(|b| b.bin() == "motcua").unwrap();
        let read = inputs(&root, planner);
        for shared in ["Cargo.lock", "domain/src/friday.rs", "src/lib.rs", "src/pages/planner.rs", "style/main.css"] {
            assert!(read.iter().any(|f| f == shared), "{shared}");
        }
        assert!(read.iter().any(|f| f == "thu-sau.html") && read.iter().any(|f| f == "src/bin/thu_sau.rs"));
        for theirs in ["index.html", "src/main.rs", "src/bin/nop_ho_so.rs", "src/pages/home.rs", "src/pages/figures.rs"]
        {
            assert!(!read.iter().any(|f| f == theirs), "{theirs}");
        }
        assert!(inputs(&root, catalogue).iter().any(|f| f == "src/pages/home.rs"));
        assert_eq!(fingerprint(&root, planner, "x"), fingerprint(&root, planner, "x"));
        assert_ne!(fingerprint(&root, planner, "x"), fingerprint(&root, planner, "y"), "the tools count");
    }

    /// A page module a bundle owns is named by no other source but the bundle's own, `lib.rs`
    /// (whose app components only that bundle's binary starts) and `pages/mod.rs` (its
    /// declaration): so a change to it cannot change another bundle's wasm.
    #[test]
    fn a_page_a_bundle_owns_is_used_by_no_other_bundle() {
        let root = root();
        let mut sources = Vec::new();
        files(&root, "src", &mut sources);
        for (page, owner) in page_owners() {
            let module = Path::new(page).file_stem().unwrap().to_string_lossy().into_owned();
            let owned: Vec<String> = BUNDLES.iter().find(|b| b.bin() == owner).unwrap().owned();
            for s in sources.iter().filter(|s| s.ends_with(".rs")) {
                if owned.contains(s) || s == "src/lib.rs" || s == "src/pages/mod.rs" {
                    continue;
                }
                let text = std::fs::read_to_string(root.join(s)).unwrap();
                for pattern in [format!("pages::{module}"), format!("{module}::"), format!("super::{module}")] {
                    assert!(!text.contains(&pattern), "{s} names {pattern}: {page} is not {owner}'s alone");
                }
            }
        }
    }

    #[test]
    fn the_bundles_are_put_together_whole_with_the_server_s_compressed_copies() {
        let dir = tempfile_dir();
        let root = dir.as_path();
        for b in &BUNDLES {
            let s = staged(root, b);
            std::fs::create_dir_all(&s).unwrap();
            std::fs::write(s.join("index.html"), b.bin()).unwrap();
        }
        std::fs::create_dir_all(root.join("dist/thu-sau")).unwrap();
        std::fs::write(root.join("dist/index.html.br"), "kept").unwrap();
        std::fs::write(root.join("dist/gone.js.br"), "dropped").unwrap();
        std::fs::write(root.join("dist/thu-sau/stale.wasm"), "dropped").unwrap();
        assemble(root).unwrap();
        assert_eq!(std::fs::read_to_string(root.join("dist/index.html")).unwrap(), "motcua");
        assert_eq!(std::fs::read_to_string(root.join("dist/thu-sau/index.html")).unwrap(), "thu_sau");
        assert_eq!(std::fs::read_to_string(root.join("dist/index.html.br")).unwrap(), "kept");
        assert!(!root.join("dist/gone.js.br").exists() && !root.join("dist/thu-sau/stale.wasm").exists());
        assert!(!root.join("dist.next").exists() && !root.join("dist.old").exists());
        std::fs::remove_dir_all(root).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("xtask-assemble-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
