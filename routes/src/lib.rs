//! The one table of the app's bundles and pages.
//!
//! The app ships as one wasm bundle per journey, each served under a path of its own. This crate
//! says, once, which bundle serves which path ([`Bundle::of`]), which pages each bundle draws and
//! at which addresses ([`PAGES`], [`Page::of`]), the application's steps ([`Step`]) and how to
//! write a page's address ([`href`]). It is read by the app's router (`src/router`), the server's
//! page list and preloads (`server/src/assets.rs`), the build's shells (`xtask/src/shells.rs`) and,
//! through the server, the service worker's list of pages (`public/sw.js`). Plain Rust without
//! dependencies, so the build tool reads it too and everything here is tested natively.

pub mod address;
pub mod href;

pub use address::Params;

/// One wasm bundle of the app: a journey, served under a path of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The catalogue and search (`/`), and every path no other bundle serves.
    Catalogue,
    /// A procedure's page and its blank form (`/thu-tuc`).
    Procedure,
    /// The Friday planner (`/thu-sau`).
    Planner,
    /// The online application (`/nop-ho-so`).
    Apply,
    /// Tracking a dossier and its receipt (`/tra-cuu`).
    Tracking,
    /// The offices' figures (`/thong-ke`).
    Figures,
    /// Answering a request for more documents (`/bo-sung`).
    Supplement,
    /// Booking a time at a desk, the ticket, and a kiosk's walk-in numbers (`/dat-lich`).
    Booking,
}

impl Bundle {
    pub const ALL: [Bundle; 8] = [
        Bundle::Catalogue,
        Bundle::Procedure,
        Bundle::Planner,
        Bundle::Apply,
        Bundle::Tracking,
        Bundle::Figures,
        Bundle::Supplement,
        Bundle::Booking,
    ];

    /// The path it is served under: `""` for the catalogue at the site's root, else `/name`.
    pub const fn root(self) -> &'static str {
        match self {
            Bundle::Catalogue => "",
            Bundle::Procedure => "/thu-tuc",
            Bundle::Planner => "/thu-sau",
            Bundle::Apply => "/nop-ho-so",
            Bundle::Tracking => "/tra-cuu",
            Bundle::Figures => "/thong-ke",
            Bundle::Supplement => "/bo-sung",
            Bundle::Booking => "/dat-lich",
        }
    }

    /// Its binary (`src/main.rs` for the catalogue, else `src/bin/{bin}.rs`).
    pub const fn bin(self) -> &'static str {
        match self {
            Bundle::Catalogue => "motcua",
            Bundle::Procedure => "thu_tuc",
            Bundle::Planner => "thu_sau",
            Bundle::Apply => "nop_ho_so",
            Bundle::Tracking => "tra_cuu",
            Bundle::Figures => "thong_ke",
            Bundle::Supplement => "bo_sung",
            Bundle::Booking => "dat_lich",
        }
    }

    /// Its HTML page in the repository, which Trunk builds (`thu-tuc.html`; `index.html`).
    pub fn html(self) -> String {
        match self.root() {
            "" => "index.html".to_string(),
            root => format!("{}.html", &root[1..]),
        }
    }

    /// Its page as served: `/thu-tuc/index.html`, `/index.html`.
    pub fn shell(self) -> String {
        format!("{}/index.html", self.root())
    }

    /// The bundle that serves `path` (an absolute path, query and fragment allowed): the one
    /// whose root is the path or a folder above it, else the catalogue (which answers what
    /// nothing else does with its not-found page).
    pub fn of(path: &str) -> Bundle {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let under = |root: &str| path.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        Bundle::ALL.into_iter().find(|b| !b.root().is_empty() && under(b.root())).unwrap_or(Bundle::Catalogue)
    }
}

/// A page of the app: what one route of one bundle draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Procedure,
    /// A procedure's declaration printed blank.
    BlankForm,
    Planner,
    /// The application, all its steps ([`Step`]): one route, so that the flow and its uploads
    /// stay mounted between them.
    Apply,
    Tracking,
    Receipt,
    Figures,
    Supplement,
    /// Booking: where (every desk of the province receiving the procedure).
    BookWhere,
    /// Booking: the day and the time at that desk.
    BookWhen,
    /// Booking: who comes (name, ID number, phone), then the booking.
    BookWho,
    /// A booking's ticket: the number, the time, a QR code; cancel or move it.
    Ticket,
    /// A desk's kiosk: a number for today's next free time.
    WalkIn,
}

/// One row of [`PAGES`]: a page, the bundle that draws it and its address pattern (literal
/// segments, `:name` for one segment, `:name?` for a last one that may be missing; see
/// [`address::match_path`]).
pub struct PageRow {
    pub page: Page,
    pub bundle: Bundle,
    pub pattern: &'static str,
}

/// Every page of the app. A path that none of them matches is answered 404 by the server, with
/// its bundle's page so the app explains in the citizen's words.
pub const PAGES: [PageRow; 14] = [
    PageRow { page: Page::Home, bundle: Bundle::Catalogue, pattern: "/" },
    PageRow { page: Page::Procedure, bundle: Bundle::Procedure, pattern: "/thu-tuc/:id" },
    PageRow { page: Page::BlankForm, bundle: Bundle::Procedure, pattern: "/thu-tuc/:id/to-khai" },
    PageRow { page: Page::Planner, bundle: Bundle::Planner, pattern: "/thu-sau" },
    PageRow { page: Page::Apply, bundle: Bundle::Apply, pattern: "/nop-ho-so/:id/:step?" },
    PageRow { page: Page::Tracking, bundle: Bundle::Tracking, pattern: "/tra-cuu" },
    PageRow { page: Page::Receipt, bundle: Bundle::Tracking, pattern: "/tra-cuu/bien-nhan/:code" },
    PageRow { page: Page::Figures, bundle: Bundle::Figures, pattern: "/thong-ke" },
    PageRow { page: Page::Supplement, bundle: Bundle::Supplement, pattern: "/bo-sung/:code" },
    // Before the booking's steps, whose procedure id would otherwise read `phieu` or `lay-so`.
    PageRow { page: Page::Ticket, bundle: Bundle::Booking, pattern: "/dat-lich/phieu/:ticket" },
    PageRow { page: Page::WalkIn, bundle: Bundle::Booking, pattern: "/dat-lich/lay-so/:office?" },
    PageRow { page: Page::BookWhere, bundle: Bundle::Booking, pattern: "/dat-lich/:id" },
    PageRow { page: Page::BookWhen, bundle: Bundle::Booking, pattern: "/dat-lich/:id/:office" },
    PageRow { page: Page::BookWho, bundle: Bundle::Booking, pattern: "/dat-lich/:id/:office/nguoi-dat" },
];

impl Page {
    fn row(self) -> &'static PageRow {
        PAGES.iter().find(|r| r.page == self).expect("every page has its row")
    }

    pub fn bundle(self) -> Bundle {
        self.row().bundle
    }

    pub fn pattern(self) -> &'static str {
        self.row().pattern
    }

    /// The page at `path` (without query or fragment) and its parameters: the first row whose
    /// pattern matches, where an application's `step` must be one of [`Step`]'s.
    pub fn of(path: &str) -> Option<(Page, Params)> {
        PAGES.iter().find_map(|r| {
            let params = address::match_path(r.pattern, path)?;
            let step_ok = params.get("step").is_none_or(|s| Step::from_slug(&s).is_some());
            step_ok.then_some((r.page, params))
        })
    }
}

/// A step of the application after the applicant (who is at the application's own address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// The declaration e-form, one question at a time.
    Declaration,
    /// The declaration laid out as the paper form, to print.
    Printable,
    /// The documents to upload.
    Documents,
    /// Check your answers, then submit.
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Declaration, Step::Printable, Step::Documents, Step::Review];

    /// Its last segment in the address.
    pub const fn slug(self) -> &'static str {
        match self {
            Step::Declaration => "to-khai",
            Step::Printable => "to-khai-in",
            Step::Documents => "giay-to",
            Step::Review => "kiem-tra",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// Addresses of each page with its parameters filled in, for tests: every page at least once,
/// the application at each step.
pub fn examples() -> Vec<(Page, String)> {
    let fill = |pattern: &str, step: Option<Step>| -> String {
        let segments: Vec<String> = pattern
            .split('/')
            .filter(|s| !s.is_empty())
            .filter_map(|s| match s {
                ":id" => Some("XA-HT-01".to_string()),
                ":code" => Some("000.21.12.H23-261127-0001".to_string()),
                ":step?" => step.map(|s| s.slug().to_string()),
                ":office" | ":office?" => Some("thanh-ha".to_string()),
                ":ticket" => Some("0123456789abcdef0123456789abcdef".to_string()),
                literal => Some(literal.to_string()),
            })
            .collect();
        format!("/{}", segments.join("/"))
    };
    let mut out = Vec::new();
    for r in &PAGES {
        out.push((r.page, fill(r.pattern, None)));
        if r.pattern.contains(":step?") {
            out.extend(Step::ALL.iter().map(|s| (r.page, fill(r.pattern, Some(*s)))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_bundles() {
        assert_eq!(Bundle::of("/"), Bundle::Catalogue);
        assert_eq!(Bundle::of("/thu-sau?procedure=XA-HT-01"), Bundle::Planner);
        assert_eq!(Bundle::of("/thu-sau"), Bundle::Planner);
        assert_eq!(Bundle::of("/thu-sau-khac"), Bundle::Catalogue);
        assert_eq!(Bundle::of("/khong-co"), Bundle::Catalogue);
        assert_eq!(Bundle::of("/nop-ho-so/XA-HT-01"), Bundle::Apply);
        assert_eq!(Bundle::of("/thu-tuc/XA-HT-01"), Bundle::Procedure);
        assert_eq!(Bundle::of("/tra-cuu?ma=000.21.12.H23-261127-0001"), Bundle::Tracking);
        assert_eq!(Bundle::of("/thong-ke#x"), Bundle::Figures);
        assert_eq!(Bundle::of("/bo-sung/000.21.12.H23-261127-0001"), Bundle::Supplement);
        assert_eq!(Bundle::of("/dat-lich/XA-HT-01?noi=thanh-ha"), Bundle::Booking);
    }

    #[test]
    fn every_page_is_drawn_by_the_bundle_that_serves_its_address() {
        for (page, path) in examples() {
            assert_eq!(Page::of(&path).map(|(p, _)| p), Some(page), "{path}");
            assert_eq!(Bundle::of(&path), page.bundle(), "{path}");
        }
        // Every bundle draws at least one page.
        for b in Bundle::ALL {
            assert!(PAGES.iter().any(|r| r.bundle == b), "{b:?}");
        }
    }

    #[test]
    fn other_paths_are_no_page() {
        for path in [
            "/khong-co",
            "/thu-tuc",
            "/thu-tuc/a/b",
            "/nop-ho-so",
            "/nop-ho-so/XA-HT-01/khac",
            "/thu-sau/x",
            "/bo-sung",
        ] {
            assert_eq!(Page::of(path).map(|(p, _)| p), None, "{path}");
        }
    }

    #[test]
    fn the_ticket_and_the_kiosk_s_numbers_are_no_procedure() {
        let page = |p: &str| Page::of(p).map(|(p, _)| p);
        assert_eq!(page("/dat-lich/phieu/0123"), Some(Page::Ticket));
        assert_eq!(page("/dat-lich/lay-so"), Some(Page::WalkIn));
        assert_eq!(page("/dat-lich/lay-so/thanh-ha"), Some(Page::WalkIn));
        assert_eq!(page("/dat-lich/XA-HT-01/thanh-ha"), Some(Page::BookWhen));
        let (_, params) = Page::of("/dat-lich/XA-HT-01/ha-dong/nguoi-dat").unwrap();
        assert_eq!((params.get("id").as_deref(), params.get("office").as_deref()), (Some("XA-HT-01"), Some("ha-dong")));
        assert_eq!(page("/dat-lich/XA-HT-01/ha-dong/khac"), None);
    }

    #[test]
    fn a_page_s_parameters_are_read_from_its_address() {
        let (page, params) = Page::of("/nop-ho-so/XA-HT-01/giay-to").unwrap();
        assert_eq!(page, Page::Apply);
        assert_eq!(params.get("id").as_deref(), Some("XA-HT-01"));
        assert_eq!(params.get("step").as_deref(), Some(Step::Documents.slug()));
        assert_eq!(Page::of("/tra-cuu/").map(|(p, _)| p), Some(Page::Tracking), "a trailing slash");
    }

    #[test]
    fn pages_and_files_are_named_after_the_root() {
        assert_eq!(Bundle::Catalogue.html(), "index.html");
        assert_eq!(Bundle::Catalogue.shell(), "/index.html");
        assert_eq!(Bundle::Procedure.html(), "thu-tuc.html");
        assert_eq!(Bundle::Procedure.shell(), "/thu-tuc/index.html");
        for s in Step::ALL {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
    }
}
