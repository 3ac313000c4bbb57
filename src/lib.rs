//! Một Cửa: the citizen front end of the one-stop desk (Leptos, client-side rendered).
//!
//! The app ships as one wasm bundle per journey, so a phone downloads only the journey it uses:
//! the catalogue and search (`/`), a procedure's page (`/thu-tuc/{id}`) and the Friday planner
//! (`/thu-sau`), the application (`/nop-ho-so/{id}`), and tracking with the offices' figures
//! (`/tra-cuu`, `/thong-ke`). Links between bundles are full page
//! loads (which bundle serves which path is one table, the `motcua-routes` crate); within a bundle
//! the app's own [`router`] navigates.

pub mod api;
pub mod components;
pub mod config;
pub mod dom;
pub mod i18n;
pub mod kiosk;
pub mod pages;
pub mod router;
pub mod upload;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use components::layout::Layout;
use motcua_routes::{Bundle, Page};
use pages::{home::Home, not_found::NotFound, planner::Planner, procedure::Procedure};
use router::Route;

/// Each bundle's views of its pages (their addresses are in [`motcua_routes::PAGES`]). Only its
/// own component reads each list, so a bundle's wasm holds only its own pages.
pub mod routes {
    use super::*;

    pub const CATALOGUE: &[Route] = &[Route { page: Page::Home, view: || view! { <Home/> }.into_any() }];
    pub const PROCEDURE: &[Route] = &[
        Route { page: Page::Procedure, view: || view! { <Procedure/> }.into_any() },
        Route { page: Page::BlankForm, view: || view! { <pages::blank_form::BlankForm/> }.into_any() },
    ];
    pub const APPLY: &[Route] = &[Route { page: Page::Apply, view: || view! { <pages::apply::Flow/> }.into_any() }];
    pub const PLANNER: &[Route] = &[Route { page: Page::Planner, view: || view! { <Planner/> }.into_any() }];
    pub const TRACKING: &[Route] = &[
        Route { page: Page::Tracking, view: || view! { <pages::track::Track/> }.into_any() },
        Route { page: Page::Receipt, view: || view! { <pages::track::receipt::ReceiptPage/> }.into_any() },
    ];
    pub const SUPPLEMENT: &[Route] =
        &[Route { page: Page::Supplement, view: || view! { <pages::apply::supplement::SupplementPage/> }.into_any() }];
    pub const FIGURES: &[Route] =
        &[Route { page: Page::Figures, view: || view! { <pages::figures::Figures/> }.into_any() }];
    pub const BOOKING: &[Route] = &[
        Route { page: Page::BookWhere, view: || view! { <pages::booking::where_::BookWhere/> }.into_any() },
        Route { page: Page::BookWhen, view: || view! { <pages::booking::when::BookWhen/> }.into_any() },
        Route { page: Page::BookWho, view: || view! { <pages::booking::who::BookWho/> }.into_any() },
        Route {
            page: Page::Ticket,
            view: || view! { <pages::booking::LaterPage page=pages::booking::Later::Ticket/> }.into_any(),
        },
        Route {
            page: Page::WalkIn,
            view: || view! { <pages::booking::LaterPage page=pages::booking::Later::WalkIn/> }.into_any(),
        },
    ];

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The table's side of every bundle, read by the server and the build: the routes the
        /// app draws are exactly the pages the table gives each bundle.
        #[test]
        fn every_bundle_draws_exactly_its_pages_in_the_table() {
            for bundle in Bundle::ALL {
                let drawn: &[Route] = match bundle {
                    Bundle::Catalogue => CATALOGUE,
                    Bundle::Procedure => PROCEDURE,
                    Bundle::Planner => PLANNER,
                    Bundle::Apply => APPLY,
                    Bundle::Tracking => TRACKING,
                    Bundle::Figures => FIGURES,
                    Bundle::Supplement => SUPPLEMENT,
                    Bundle::Booking => BOOKING,
                };
                let mut drawn: Vec<String> = drawn.iter().map(|r| format!("{:?}", r.page)).collect();
                let mut table: Vec<String> = motcua_routes::PAGES
                    .iter()
                    .filter(|r| r.bundle == bundle)
                    .map(|r| format!("{:?}", r.page))
                    .collect();
                drawn.sort();
                table.sort();
                assert_eq!(drawn, table, "{bundle:?}");
            }
        }
    }
}

/// The catalogue bundle: home and everything not served by another bundle.
#[component]
pub fn CatalogueApp() -> impl IntoView {
    app(Bundle::Catalogue, routes::CATALOGUE)
}

/// The procedure page bundle.
#[component]
pub fn ProcedureApp() -> impl IntoView {
    app(Bundle::Procedure, routes::PROCEDURE)
}

/// The online application bundle, its later steps from `later` (see [`pages::apply::LaterSteps`]).
/// One route for the steps, so the flow (and its uploads) stays mounted between them.
#[component]
pub fn ApplyApp(later: pages::apply::LaterSteps) -> impl IntoView {
    provide_context(later);
    app(Bundle::Apply, routes::APPLY)
}

/// The Friday planner bundle.
#[component]
pub fn PlannerApp() -> impl IntoView {
    app(Bundle::Planner, routes::PLANNER)
}

/// The tracking bundle: a dossier's status, what to do next, and the rating.
#[component]
pub fn TrackingApp() -> impl IntoView {
    app(Bundle::Tracking, routes::TRACKING)
}

/// Answering a request for more documents: its own bundle, built from the application's upload
/// parts, so that neither the application nor tracking carries the other's pages; the page after
/// the lookup from `parts` (see [`pages::apply::supplement::SupplementParts`]).
#[component]
pub fn SupplementApp(parts: pages::apply::supplement::SupplementParts) -> impl IntoView {
    provide_context(parts);
    app(Bundle::Supplement, routes::SUPPLEMENT)
}

/// The offices' figures bundle: its own, as its loading machinery would otherwise cost the
/// tracking page about 20 KiB.
#[component]
pub fn FiguresApp() -> impl IntoView {
    app(Bundle::Figures, routes::FIGURES)
}

/// Booking a time at a desk, its ticket, and a kiosk's walk-in numbers. What the citizen types
/// about themselves is kept in this app's memory between the steps (see
/// [`pages::booking::Typed`]).
#[component]
pub fn BookingApp(parts: pages::booking::LaterParts) -> impl IntoView {
    provide_context(parts);
    provide_context(pages::booking::Typed(RwSignal::new(None)));
    app(Bundle::Booking, routes::BOOKING)
}

/// A bundle's app: the language, which bundle this is, and its routes in the frame.
fn app(bundle: Bundle, routes: &'static [Route]) -> impl IntoView {
    i18n::provide_i18n();
    provide_context(bundle);
    view! {
        <Layout>{router::routes(routes, || view! { <NotFound/> }.into_any())}</Layout>
    }
}

/// Replaces the static shell of the page (painted before the wasm arrives) with `app`.
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    // Panic messages in the console help while developing; release builds leave the bytes out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("the page has #app");
    // The static shell goes; the app draws in its place.
    root.set_text_content(None);
    leptos::mount::mount_to(root.unchecked_into(), app).forget();
}
