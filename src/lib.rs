//! Một Cửa: the citizen front end of the one-stop desk (Leptos, client-side rendered).

pub mod api;
pub mod components;
pub mod config;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::layout::Layout;
use pages::{home::Home, not_found::NotFound, planner::Planner};

#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/thu-sau") view=Planner/>
                </Routes>
            </Layout>
        </Router>
    }
}
