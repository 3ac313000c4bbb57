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

/// Booking a time for a procedure: where, the citizen's own commune (an office's id) first.
pub fn book_where(procedure: &str, home: Option<&str>) -> String {
    let first = format!("{}/{}", Bundle::Booking.root(), encode(procedure));
    match home {
        Some(h) => format!("{first}?noi={}", encode(h)),
        None => first,
    }
}

/// Booking: the day and time at `office` (moving the ticket `moving`, when given).
pub fn book_when(procedure: &str, office: &str, moving: Option<&str>) -> String {
    let page = format!("{}/{}/{}", Bundle::Booking.root(), encode(procedure), encode(office));
    match moving {
        Some(t) => format!("{page}?doi={}", encode(t)),
        None => page,
    }
}

/// Booking: who comes, for the window starting at `start` (RFC 3339).
pub fn book_who(procedure: &str, office: &str, start: &str, moving: Option<&str>) -> String {
    let page =
        format!("{}/{}/{}/nguoi-dat?gio={}", Bundle::Booking.root(), encode(procedure), encode(office), encode(start));
    match moving {
        Some(t) => format!("{page}&doi={}", encode(t)),
        None => page,
    }
}

/// A ticket (what its QR code holds, after the site's origin).
pub fn ticket(id: &str) -> String {
    format!("{}/phieu/{}", Bundle::Booking.root(), encode(id))
}

/// A kiosk's walk-in numbers, at `office` when given.
pub fn walk_in(office: Option<&str>) -> String {
    let page = format!("{}/lay-so", Bundle::Booking.root());
    match office {
        Some(o) => format!("{page}/{}", encode(o)),
        None => page,
    }
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
            (book_where(id, Some("thanh-ha")), Page::BookWhere),
            (book_when(id, "thanh-ha", None), Page::BookWhen),
            (book_who(id, "thanh-ha", "2026-12-04T15:00:00+07:00", Some("ab")), Page::BookWho),
            (ticket("0123456789abcdef"), Page::Ticket),
            (walk_in(None), Page::WalkIn),
        ];
        assert_eq!(pages.len(), PAGES.len(), "an address for every page");
        for (href, page) in pages {
            let path = href.split('?').next().unwrap();
            assert_eq!(Page::of(path).map(|(p, _)| p), Some(page), "{href}");
        }
        let (_, params) = Page::of(book_where("XA/HT 01", None).as_str()).unwrap();
        assert_eq!(params.get("id").as_deref(), Some("XA/HT 01"), "an id stays one segment");
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
