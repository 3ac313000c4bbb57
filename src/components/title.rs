use leptos::prelude::*;

use crate::i18n::{use_i18n, Texts};

/// Keeps `document.title` as "<page> – Một Cửa" in the current language: the title is what a
/// screen reader announces first after navigation.
pub fn use_page_title(page: fn(&'static Texts) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let t = i18n.t();
        let title = format!("{} – {}", page(t), t.service_name);
        crate::dom::set_title(&title);
    });
}
