//! The few browser helpers the app needs, in one place: the document, storage, focus, printing
//! and whether the device is online. Each answers `None`/does nothing outside a browser window.

use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The device's lasting storage (absent in some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Moves keyboard and screen-reader focus to the element with `id`, if there is one.
pub fn focus(id: &str) -> Option<web_sys::HtmlElement> {
    let el: web_sys::HtmlElement = document()?.get_element_by_id(id)?.dyn_into().ok()?;
    let _ = el.focus();
    Some(el)
}

pub fn set_title(title: &str) {
    if let Some(doc) = document() {
        doc.set_title(title);
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Whether the browser believes it has a network (true when it cannot tell).
pub fn online() -> bool {
    window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

/// Reloads the page from the server.
pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}
