use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};

/// Keeps `document.title` as "<page> – Một Cửa" in the current language: the title is what a
/// screen reader announces first after navigation.
pub fn use_page_title(page: fn(&'static Texts) -> &'static str) {
    let i18n = use_i18n();
    use_title(move || (page(i18n.t()), i18n.t().service_name));
}

/// The same from any source of strings: `parts` gives the page's name and the service's.
pub fn use_title(parts: impl Fn() -> (&'static str, &'static str) + 'static) {
    Effect::new(move |_| {
        let (page, service) = parts();
        crate::dom::set_title(&format!("{page} – {service}"));
    });
}
