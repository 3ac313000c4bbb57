//! Một Cửa: the citizen front end of the one-stop desk (Leptos, client-side rendered).
//!
//! The app ships as one wasm bundle per journey, so a phone downloads only the journey it uses:
//! the catalogue and search (`/`), a procedure's page (`/thu-tuc/{id}`) and the Friday planner
//! (`/thu-sau`), the application (`/nop-ho-so/{id}`), and tracking with the offices' figures
//! (`/tra-cuu`, `/thong-ke`). Links between bundles are full page
//! loads ([`bundles::rel_for`]); within a bundle the router navigates.

pub mod api;
pub mod bundles;
pub mod components;
pub mod config;
pub mod dom;
pub mod i18n;
pub mod kiosk;
pub mod pages;
pub mod upload;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::JsCast;

use bundles::Bundle;
use components::layout::Layout;
use pages::{home::Home, not_found::NotFound, planner::Planner, procedure::Procedure};

/// The catalogue bundle: home and everything not served by another bundle.
#[component]
pub fn CatalogueApp() -> impl IntoView {
    i18n::provide_i18n();
    provide_context(Bundle::Catalogue);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The procedure page bundle.
#[component]
pub fn ProcedureApp() -> impl IntoView {
    i18n::provide_i18n();
    provide_context(Bundle::Procedure);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/thu-tuc/:id") view=Procedure/>
                    <Route path=path!("/thu-tuc/:id/to-khai") view=pages::blank_form::BlankForm/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The online application bundle.
#[component]
pub fn ApplyApp() -> impl IntoView {
    use pages::apply::Flow;
    i18n::provide_i18n();
    provide_context(Bundle::Apply);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    // One route for the steps, so the flow (and its uploads) stays mounted between them.
                    <Route path=path!("/nop-ho-so/:id/:step?") view=Flow/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The Friday planner bundle.
#[component]
pub fn PlannerApp() -> impl IntoView {
    i18n::provide_i18n();
    provide_context(Bundle::Planner);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/thu-sau") view=Planner/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The tracking bundle: a dossier's status, what to do next, and the rating.
#[component]
pub fn TrackingApp() -> impl IntoView {
    use pages::track::{receipt::ReceiptPage, Track};
    i18n::provide_i18n();
    provide_context(Bundle::Tracking);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/tra-cuu") view=Track/>
                    <Route path=path!("/tra-cuu/bien-nhan/:code") view=ReceiptPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Answering a request for more documents: its own bundle, built from the application's upload
/// parts, so that neither the application nor tracking carries the other's pages.
#[component]
pub fn SupplementApp() -> impl IntoView {
    use pages::apply::supplement::SupplementPage;
    i18n::provide_i18n();
    provide_context(Bundle::Supplement);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/bo-sung/:code") view=SupplementPage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// The offices' figures bundle: its own, as its loading machinery would otherwise cost the
/// tracking page about 20 KiB.
#[component]
pub fn FiguresApp() -> impl IntoView {
    use pages::figures::Figures;
    i18n::provide_i18n();
    provide_context(Bundle::Figures);
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/thong-ke") view=Figures/>
                </Routes>
            </Layout>
        </Router>
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
