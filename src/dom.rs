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

/// Waits until the browser has a moment to spare (after it has painted and done the page's first
/// work), `timeout_ms` at most; where there is no `requestIdleCallback` (Safari), 200 ms.
pub async fn idle(timeout_ms: u32) {
    let Some(w) = window() else { return };
    let mut wait = |resolve: js_sys::Function, _reject: js_sys::Function| {
        if js_sys::Reflect::has(&w, &"requestIdleCallback".into()).unwrap_or(false) {
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(timeout_ms);
            let _ = w.request_idle_callback_with_options(&resolve, &options);
        } else {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    };
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut wait)).await;
}

/// Reloads the page from the server.
pub fn reload() {
    if let Some(w) = window() {
        let _ = w.location().reload();
    }
}

/// This tab's storage, gone when the tab closes.
pub fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok().flatten()
}

/// Opens `url` in place of the current page, which leaves no history entry to go back to.
pub fn replace_location(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().replace(url);
    }
}

/// Resolves after `ms` milliseconds (the browser's timer, so a test's mocked clock drives it).
pub async fn sleep(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve: js_sys::Function, _| {
        if let Some(w) = window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
