//! Một Cửa: the citizen front end of the one-stop desk (Leptos, client-side rendered).
//!
//! The app ships as one wasm bundle per journey, so a phone downloads only the journey it uses:
//! the catalogue and search (`/`), a procedure's page (`/thu-tuc/{id}`) and the Friday planner
//! (`/thu-sau`), the application (`/nop-ho-so/{id}`), and tracking with the offices' figures
//! (`/tra-cuu`, `/thong-ke`). Links between bundles are full page
//! loads ([`bundles::bundle_of`]); within a bundle the app's own [`router`] navigates.

pub mod api;
pub mod bundles;
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

use bundles::Bundle;
use components::layout::Layout;
use pages::{home::Home, not_found::NotFound, planner::Planner, procedure::Procedure};
use router::Route;

/// The catalogue bundle: home and everything not served by another bundle.
#[component]
pub fn CatalogueApp() -> impl IntoView {
    const ROUTES: &[Route] = &[Route { path: "/", view: || view! { <Home/> }.into_any() }];
    app(Bundle::Catalogue, ROUTES)
}

/// The procedure page bundle.
#[component]
pub fn ProcedureApp() -> impl IntoView {
    const ROUTES: &[Route] = &[
        Route { path: "/thu-tuc/:id", view: || view! { <Procedure/> }.into_any() },
        Route { path: "/thu-tuc/:id/to-khai", view: || view! { <pages::blank_form::BlankForm/> }.into_any() },
    ];
    app(Bundle::Procedure, ROUTES)
}

/// The online application bundle, its later steps from `later` (see [`pages::apply::LaterSteps`]).
#[component]
pub fn ApplyApp(later: pages::apply::LaterSteps) -> impl IntoView {
    use pages::apply::Flow;
    provide_context(later);
    const ROUTES: &[Route] = &[
        // One route for the steps, so the flow (and its uploads) stays mounted between them.
        Route { path: "/nop-ho-so/:id/:step?", view: || view! { <Flow/> }.into_any() },
    ];
    app(Bundle::Apply, ROUTES)
}

/// The Friday planner bundle.
#[component]
pub fn PlannerApp() -> impl IntoView {
    const ROUTES: &[Route] = &[Route { path: "/thu-sau", view: || view! { <Planner/> }.into_any() }];
    app(Bundle::Planner, ROUTES)
}

/// The tracking bundle: a dossier's status, what to do next, and the rating.
#[component]
pub fn TrackingApp() -> impl IntoView {
    use pages::track::{receipt::ReceiptPage, Track};
    const ROUTES: &[Route] = &[
        Route { path: "/tra-cuu", view: || view! { <Track/> }.into_any() },
        Route { path: "/tra-cuu/bien-nhan/:code", view: || view! { <ReceiptPage/> }.into_any() },
    ];
    app(Bundle::Tracking, ROUTES)
}

/// Answering a request for more documents: its own bundle, built from the application's upload
/// parts, so that neither the application nor tracking carries the other's pages; the page after
/// the lookup from `parts` (see [`pages::apply::supplement::SupplementParts`]).
#[component]
pub fn SupplementApp(parts: pages::apply::supplement::SupplementParts) -> impl IntoView {
    use pages::apply::supplement::SupplementPage;
    provide_context(parts);
    const ROUTES: &[Route] = &[Route { path: "/bo-sung/:code", view: || view! { <SupplementPage/> }.into_any() }];
    app(Bundle::Supplement, ROUTES)
}

/// The offices' figures bundle: its own, as its loading machinery would otherwise cost the
/// tracking page about 20 KiB.
#[component]
pub fn FiguresApp() -> impl IntoView {
    use pages::figures::Figures;
    const ROUTES: &[Route] = &[Route { path: "/thong-ke", view: || view! { <Figures/> }.into_any() }];
    app(Bundle::Figures, ROUTES)
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
    root.set_inner_html("");
    leptos::mount::mount_to(root.unchecked_into(), app).forget();
}
