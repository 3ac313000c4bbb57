//! Which bundle serves which path. A link into another bundle must be a full page load, or the
//! current bundle would show its not-found page: the router ([`crate::router`]) leaves such
//! links to the browser.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    Catalogue,
    Procedure,
    Planner,
    Apply,
    Tracking,
    Figures,
    Supplement,
}

/// The bundle that serves `path` (an absolute path, query allowed).
pub fn bundle_of(path: &str) -> Bundle {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let under = |root: &str| path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'));
    if under("/thu-sau") {
        Bundle::Planner
    } else if under("/thu-tuc") {
        Bundle::Procedure
    } else if under("/nop-ho-so") {
        Bundle::Apply
    } else if under("/tra-cuu") {
        Bundle::Tracking
    } else if under("/thong-ke") {
        Bundle::Figures
    } else if under("/bo-sung") {
        Bundle::Supplement
    } else {
        Bundle::Catalogue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_bundles() {
        assert_eq!(bundle_of("/"), Bundle::Catalogue);
        assert_eq!(bundle_of("/thu-sau?procedure=XA-HT-01"), Bundle::Planner);
        assert_eq!(bundle_of("/thu-sau"), Bundle::Planner);
        assert_eq!(bundle_of("/thu-sau-khac"), Bundle::Catalogue);
        assert_eq!(bundle_of("/khong-co"), Bundle::Catalogue);
        assert_eq!(bundle_of("/nop-ho-so/XA-HT-01"), Bundle::Apply);
        assert_eq!(bundle_of("/thu-tuc/XA-HT-01"), Bundle::Procedure);
        assert_eq!(bundle_of("/tra-cuu?ma=000.21.12.H23-261127-0001"), Bundle::Tracking);
        assert_eq!(bundle_of("/thong-ke"), Bundle::Figures);
        assert_eq!(bundle_of("/bo-sung/000.21.12.H23-261127-0001"), Bundle::Supplement);
    }
}
