use leptos::prelude::*;

use crate::components::title::use_page_title;
use crate::i18n::words;

#[component]
pub fn NotFound() -> impl IntoView {
    use_page_title(|t| t.not_found_title);
    view! {
        <h1>{words(|t| t.not_found_title)}</h1>
        <p class="lead">{words(|t| t.not_found_body)}</p>
        <p><a class="nav-link" href="/">{words(|t| t.back_home)}</a></p>
    }
}
