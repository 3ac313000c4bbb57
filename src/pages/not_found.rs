use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::title::use_page_title;
use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || i18n.t().not_found_title);
    view! {
        <h1>{move || i18n.t().not_found_title}</h1>
        <p class="lead">{move || i18n.t().not_found_body}</p>
        <p><A href="/">{move || i18n.t().back_home}</A></p>
    }
}
