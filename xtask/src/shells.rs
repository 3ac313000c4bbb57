//! The bundles and their static shells: one template (`shell.html`) and one row per bundle.
//! `cargo xtask build` writes each bundle's HTML page from them before Trunk reads it, so a
//! change to the frame (a meta tag, the header, the footer) is made once; the pages stay in the
//! repository so `trunk serve` works without xtask, and a test keeps them equal to the template.

use std::path::Path;

use motcua_routes::{Bundle as Id, Page};

const TEMPLATE: &str = include_str!("shell.html");

/// What wasm-opt does to every bundle's wasm (Trunk's `data-wasm-opt` and `-params`) and to the
/// modules split off it (xtask/split/wasm-bindgen).
pub const WASM_OPT_LEVEL: &str = "z";
pub const WASM_OPT_PARAMS: &str = "--flatten --rereloop -Oz --converge";

/// One bundle (its page, binary and path are in the one table, `motcua-routes`) and what its
/// static shell shows while the wasm loads.
pub struct Bundle {
    pub id: Id,
    /// Page modules only this bundle uses (a change to them builds only this bundle again; see
    /// `incremental`).
    pages: &'static [&'static str],
    /// The page's title before " – Một Cửa" (the app sets it again in the chosen language).
    title: &'static str,
    /// A stylesheet beside `style/main.css`.
    css: Option<&'static str>,
    /// What the bundle is, for whoever reads the page's source.
    about: &'static str,
    /// The shell's first lines in `<main>` (the app replaces them with the same frame).
    main: &'static [&'static str],
    /// Whether its app reads the API as soon as it starts: then `/config.json` (which says where
    /// the API is) is preloaded with the page rather than fetched once the wasm runs. Tracking
    /// reads nothing until the citizen asks, and a preload would only compete with its wasm.
    reads_at_start: bool,
    /// The bundle's landing page, whose shell can say more: the page (whose address has as many
    /// segments as its pattern without optional ones: `/tra-cuu`: 1, `/nop-ho-so/{id}`: 2) and its
    /// first lines, drawn instead of `main` there.
    /// So its largest paint (the heading and lead the app draws again, the same) comes with the
    /// page, not after the wasm; deep links into the bundle keep the plain shell.
    landing: Option<Landing>,
}

pub struct Landing {
    /// The landing page (its address's segments without the optional ones).
    page: Page,
    main: &'static [&'static str],
    /// Not the landing's lines when this device keeps an item of this prefix for the path's
    /// last segment: the application's draft, whose app first offers it back (a different
    /// heading), so the first step's heading would show for a moment and then be replaced.
    unless_kept: Option<&'static str>,
}

/// Every bundle: Trunk builds each into a folder of its own; `incremental` puts them together as
/// `dist/` (the catalogue at its root, the others in their folders).
pub const BUNDLES: [Bundle; 8] = [
    Bundle {
        id: Id::Catalogue,
        pages: &["src/pages/home.rs"],
        title: "Thủ tục hành chính",
        css: None,
        about: "Static shell: paints at once on a slow link; the app replaces it with the same frame.",
        main: &[
            "<h1>Thủ tục hành chính</h1>",
            r#"<p class="lead">Chọn thủ tục bạn cần làm để xem giấy tờ phải chuẩn bị, lệ phí và thời gian giải quyết.</p>"#,
        ],
        reads_at_start: true,
        landing: None,
    },
    Bundle {
        id: Id::Procedure,
        pages: &["src/pages/blank_form.rs"],
        title: "Thủ tục",
        css: Some("forms"),
        about: "The procedure page bundle, served under /thu-tuc (built by cargo xtask into dist/thu-tuc).",
        main: &[r#"<p class="back"><a href="/">Danh mục thủ tục</a></p>"#],
        reads_at_start: true,
        landing: None,
    },
    Bundle {
        id: Id::Apply,
        pages: &[],
        title: "Nộp hồ sơ",
        css: Some("forms"),
        about: "The online application bundle, served under /nop-ho-so (built by cargo xtask into dist/nop-ho-so).",
        main: &["<h1>Nộp hồ sơ</h1>"],
        reads_at_start: true,
        // The first step (its caption without the procedure's name, which only the app knows).
        landing: Some(Landing {
            page: Page::Apply,
            main: &[r#"<p class="caption">Bước 1 trên 3</p>"#, "<h1>Thông tin người nộp hồ sơ</h1>"],
            // `upload::drafts`' key (a kiosk keeps drafts in the page's memory, never here).
            unless_kept: Some("motcua.draft."),
        }),
    },
    Bundle {
        id: Id::Planner,
        pages: &[],
        title: "Thứ Sáu không chờ",
        css: None,
        about: "The Friday planner bundle, served under /thu-sau (built by cargo xtask into dist/thu-sau).",
        main: &["<h1>Thứ Sáu không chờ: có nhận kết quả trong ngày không?</h1>"],
        reads_at_start: true,
        landing: None,
    },
    Bundle {
        id: Id::Tracking,
        pages: &[],
        title: "Tra cứu hồ sơ",
        css: Some("tracking"),
        about: "The tracking bundle, served under /tra-cuu (built by cargo xtask into dist/tra-cuu).",
        main: &["<h1>Tra cứu hồ sơ</h1>"],
        reads_at_start: false,
        landing: Some(Landing {
            page: Page::Tracking,
            main: &[
                "<h1>Tra cứu hồ sơ</h1>",
                r#"<p class="lead">Nhập mã hồ sơ in trên biên nhận, và số định danh cá nhân (số thẻ căn cước) hoặc số điện thoại bạn đã khai khi nộp.</p>"#,
            ],
            unless_kept: None,
        }),
    },
    Bundle {
        id: Id::Figures,
        pages: &["src/pages/figures.rs"],
        title: "Kết quả giải quyết hồ sơ",
        css: Some("tracking"),
        about: "The offices' figures bundle, served under /thong-ke (built by cargo xtask into dist/thong-ke).",
        main: &["<h1>Kết quả giải quyết hồ sơ</h1>"],
        reads_at_start: true,
        landing: None,
    },
    Bundle {
        id: Id::Supplement,
        pages: &[],
        title: "Bổ sung giấy tờ",
        css: None,
        about:
            "Answering a request for more documents, served under /bo-sung (built by cargo xtask into dist/bo-sung).",
        main: &["<h1>Bổ sung giấy tờ cho hồ sơ</h1>"],
        reads_at_start: true,
        landing: None,
    },
    Bundle {
        id: Id::Booking,
        pages: &[
            "src/pages/booking/mod.rs",
            "src/pages/booking/where_.rs",
            "src/pages/booking/when.rs",
            "src/pages/booking/who.rs",
            "src/pages/booking/ticket.rs",
            "src/pages/booking/walk_in.rs",
            "src/api/appointments.rs",
        ],
        title: "Đặt lịch",
        css: Some("forms"),
        about: "Booking a time at a desk, the ticket and a kiosk's walk-in numbers, served under /dat-lich (built by cargo xtask into dist/dat-lich).",
        main: &["<h1>Đặt lịch đến nộp hồ sơ</h1>"],
        reads_at_start: true,
        landing: None,
    },
];

/// Files every bundle's pages load from the site's root: copied by the catalogue's build,
/// which owns the root.
const ROOT_FILES: [&str; 7] = [
    "manifest.webmanifest",
    "icon-192.png",
    "icon-512.png",
    "icon-maskable-512.png",
    "config.json",
    "sw.js",
    "offline.js",
];

impl Bundle {
    /// Its HTML page in the repository.
    pub fn html(&self) -> String {
        self.id.html()
    }

    /// Its binary.
    pub fn bin(&self) -> &'static str {
        self.id.bin()
    }

    /// Where Trunk's build of it goes within `dist/`.
    pub fn dist(&self) -> String {
        format!("dist{}", self.id.root())
    }

    /// The path it is served under, with a slash at the end.
    pub fn public_url(&self) -> String {
        format!("{}/", self.id.root())
    }

    /// Its HTML page, from the template.
    pub fn page(&self) -> String {
        let css =
            self.css.map(|c| format!("  <link data-trunk rel=\"css\" href=\"style/{c}.css\">\n")).unwrap_or_default();
        let copy: String = if self.id == Id::Catalogue {
            ROOT_FILES.iter().map(|f| format!("  <link data-trunk rel=\"copy-file\" href=\"public/{f}\">\n")).collect()
        } else {
            String::new()
        };
        let lines =
            |main: &[&str], indent: &str| -> String { main.iter().map(|line| format!("{indent}{line}\n")).collect() };
        // Classes on `<html>` set before the body is parsed, so the first paint is already the
        // right one: `kiosk` as `crate::kiosk::is_on` decides it (the address's `kiosk=on`/`off`,
        // else the device's flag), so a kiosk's larger text and its header's "finish" button
        // are there before the app; `landing` on the bundle's landing page (below).
        let kiosk = "var h = document.documentElement, q = '&' + location.search.slice(1) + '&', s = null; \
            try { s = localStorage; } catch (e) {} \
            if (q.indexOf('&kiosk=on&') >= 0 || (q.indexOf('&kiosk=off&') < 0 && s && s.getItem('motcua.kiosk'))) h.classList.add('kiosk');";
        let script = |landing: &str| format!("  <script>{kiosk}{landing}</script>\n");
        let (marks, main) = match &self.landing {
            None => (script(""), lines(self.main, "      ")),
            // Only one of the two ever paints. (Ids in paths are plain, as the keys have them.)
            Some(l) => (
                script(&format!(
                    " var p = location.pathname.split('/').filter(Boolean); if (p.length === {}{}) h.classList.add('landing');",
                    l.page.pattern().split('/').filter(|s| !s.is_empty() && !s.ends_with('?')).count(),
                    l.unless_kept
                        .map(|k| format!(" && !(s && !h.classList.contains('kiosk') && s.getItem('{k}' + p[p.length - 1]))"))
                        .unwrap_or_default()
                )),
                format!(
                    "      <div class=\"shell-landing\">\n{}      </div>\n      <div class=\"shell-other\">\n{}      </div>\n",
                    lines(l.main, "        "),
                    lines(self.main, "        ")
                ),
            ),
        };
        TEMPLATE
            .replace("{title}", self.title)
            .replace("{css}", &css)
            .replace("{copy}", &copy)
            .replace("{bin}", self.bin())
            .replace("{wasm_opt_level}", WASM_OPT_LEVEL)
            .replace("{wasm_opt_params}", WASM_OPT_PARAMS)
            .replace("{about}", self.about)
            .replace("{marks}", &marks)
            .replace(
                "{preload}",
                if self.reads_at_start {
                    "  <link rel=\"preload\" href=\"/config.json\" as=\"fetch\" crossorigin>\n"
                } else {
                    ""
                },
            )
            .replace("{main}", &main)
    }
}

impl Bundle {
    /// The files only this bundle's build reads: its page, its binary's source, its own pages.
    pub fn owned(&self) -> Vec<String> {
        let main =
            if self.id == Id::Catalogue { "src/main.rs".to_string() } else { format!("src/bin/{}.rs", self.bin()) };
        [self.html(), main].into_iter().chain(self.pages.iter().map(|p| p.to_string())).collect()
    }

    #[cfg(test)]
    pub fn pages(&self) -> &'static [&'static str] {
        self.pages
    }
}

/// Writes every bundle's page that differs from the template's; says which.
pub fn write_pages(root: &Path) -> Result<Vec<String>, String> {
    let mut written = Vec::new();
    for b in &BUNDLES {
        let path = root.join(b.html());
        let page = b.page();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            std::fs::write(&path, page).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            written.push(b.html());
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_in_the_repository_are_the_template_s() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        for b in &BUNDLES {
            let committed = std::fs::read_to_string(root.join(b.html())).unwrap();
            assert_eq!(committed, b.page(), "{} differs from xtask/src/shell.html: run cargo xtask build", b.html());
        }
    }

    #[test]
    fn every_bundle_of_the_table_has_one_shell() {
        let mut ids: Vec<String> = BUNDLES.iter().map(|b| format!("{:?}", b.id)).collect();
        let mut table: Vec<String> = Id::ALL.iter().map(|b| format!("{b:?}")).collect();
        ids.sort();
        table.sort();
        assert_eq!(ids, table);
        for b in &BUNDLES {
            if let Some(l) = &b.landing {
                assert_eq!(l.page.bundle(), b.id, "a landing of the bundle's own");
            }
        }
    }

    #[test]
    fn every_bundle_has_its_binary_and_a_title() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
        for b in &BUNDLES {
            let main =
                if b.id == Id::Catalogue { src.join("main.rs") } else { src.join(format!("bin/{}.rs", b.bin())) };
            assert!(main.exists(), "{}: no {}", b.bin(), main.display());
            assert!(b.page().contains(&format!("<title>{} – Một Cửa</title>", b.title)));
            // A `{name}` of the template left unreplaced (the inline script has braces of its own).
            let page = b.page();
            let left = page.split('{').skip(1).find_map(|rest| {
                let name = rest.split('}').next()?;
                (rest.contains('}') && !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase())).then_some(name)
            });
            assert_eq!(left, None, "{}: a placeholder left", b.html());
        }
    }
}
