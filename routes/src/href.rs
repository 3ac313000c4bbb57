//! Writing a page's address: every link to a page of [`PAGES`](crate::PAGES) is made here, its
//! parameters percent-encoded, so an id or a code can never add a segment or a query of its own.

use crate::address::encode;
use crate::{Bundle, Step};

/// The catalogue's home.
pub const HOME: &str = "/";
/// The Friday planner for no procedure in particular.
pub const PLANNER: &str = Bundle::Planner.root();
/// Tracking, its form empty.
pub const TRACKING: &str = Bundle::Tracking.root();
/// The offices' figures.
pub const FIGURES: &str = Bundle::Figures.root();

/// A procedure's page.
pub fn procedure(id: &str) -> String {
    format!("{}/{}", Bundle::Procedure.root(), encode(id))
}

/// A procedure's declaration printed blank.
pub fn blank_form(id: &str) -> String {
    format!("{}/to-khai", procedure(id))
}

/// The Friday planner, for one procedure.
pub fn planner(procedure: &str) -> String {
    format!("{PLANNER}?procedure={}", encode(procedure))
}

/// The application for a procedure: its first step (the applicant) or `step`.
pub fn apply(procedure: &str, step: Option<Step>) -> String {
    let first = format!("{}/{}", Bundle::Apply.root(), encode(procedure));
    match step {
        Some(s) => format!("{first}/{}", s.slug()),
        None => first,
    }
}

/// Tracking with the form filled in with `code` (what the receipt's QR code holds).
pub fn tracking(code: &str) -> String {
    format!("{TRACKING}?ma={}", encode(code))
}

/// A dossier's receipt.
pub fn receipt(code: &str) -> String {
    format!("{TRACKING}/bien-nhan/{}", encode(code))
}

/// Where the citizen answers a request for more documents on `code`.
pub fn supplement(code: &str) -> String {
    format!("{}/{}", Bundle::Supplement.root(), encode(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Page, PAGES};

    #[test]
    fn every_address_written_here_is_its_page() {
        let id = "XA-HT-01";
        let code = "000.21.12.H23-261127-0001";
        let pages = [
            (HOME.to_string(), Page::Home),
            (procedure(id), Page::Procedure),
            (blank_form(id), Page::BlankForm),
            (PLANNER.to_string(), Page::Planner),
            (apply(id, None), Page::Apply),
            (TRACKING.to_string(), Page::Tracking),
            (receipt(code), Page::Receipt),
            (FIGURES.to_string(), Page::Figures),
            (supplement(code), Page::Supplement),
        ];
        assert_eq!(pages.len(), PAGES.len(), "an address for every page");
        for (href, page) in pages {
            assert_eq!(Page::of(&href).map(|(p, _)| p), Some(page), "{href}");
        }
        for s in Step::ALL {
            let (page, params) = Page::of(&apply(id, Some(s))).unwrap();
            assert_eq!((page, params.get("step")), (Page::Apply, Some(s.slug().to_string())));
        }
        assert_eq!(Page::of(planner(id).split('?').next().unwrap()).map(|(p, _)| p), Some(Page::Planner));
        assert_eq!(Page::of(tracking(code).split('?').next().unwrap()).map(|(p, _)| p), Some(Page::Tracking));
    }

    #[test]
    fn parameters_cannot_add_segments_or_queries() {
        assert_eq!(procedure("a/b?c#d"), "/thu-tuc/a%2Fb%3Fc%23d");
        assert_eq!(planner("A&office=x"), "/thu-sau?procedure=A%26office%3Dx");
        assert_eq!(tracking("000.21 12"), "/tra-cuu?ma=000.21%2012");
        let (_, params) = Page::of(&supplement("x/y")).unwrap();
        assert_eq!(params.get("code").as_deref(), Some("x/y"));
    }
}
