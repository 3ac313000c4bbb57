use leptos::prelude::*;

use crate::i18n::use_i18n;

/// Keeps `document.title` as "<page> – Một Cửa" in the current language: the title is what a
/// screen reader announces first after navigation.
pub fn use_page_title(page: impl Fn() -> &'static str + Send + Sync + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} – {}", page(), i18n.t().service_name);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}
