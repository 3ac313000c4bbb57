//! The kiosk's two modal dialogs, built with plain DOM calls rather than Leptos views: they are
//! in every bundle, and as reactive views they cost each bundle about 7 KiB of wasm (measured);
//! built this way, about 2. A native `<dialog>` opened with `showModal()` keeps focus inside and
//! makes the page behind inert; Escape counts as the safe answer.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement};

use crate::dom;

/// One button: its label, its class, what it does.
pub struct Action {
    pub label: &'static str,
    pub class: &'static str,
    pub run: Box<dyn Fn()>,
}

fn element(tag: &str, class: &str, text: &str) -> Option<Element> {
    let el = dom::document()?.create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el.set_text_content(Some(text));
    Some(el)
}

/// A modal dialog with a title, a paragraph (returned, to be updated) and buttons; the first
/// button takes focus and Escape runs `on_escape`. Removed from the page when closed.
pub fn open(
    id: &str,
    role: &str,
    title: &str,
    body: &str,
    actions: Vec<Action>,
    on_escape: Box<dyn Fn()>,
) -> Option<(HtmlDialogElement, Element)> {
    let d: HtmlDialogElement = element("dialog", "dialog", "")?.dyn_into().ok()?;
    d.set_id(id);
    let _ = d.set_attribute("role", role);
    let _ = d.set_attribute("aria-labelledby", &format!("{id}-title"));
    let _ = d.set_attribute("aria-describedby", &format!("{id}-body"));
    let h = element("h2", "dialog__title", title)?;
    h.set_id(&format!("{id}-title"));
    let p = element("p", "dialog__text", body)?;
    p.set_id(&format!("{id}-body"));
    let row = element("div", "dialog__actions", "")?;
    let _ = d.append_with_node_2(&h, &p);
    let mut first = None;
    for a in actions {
        let b = element("button", a.class, a.label)?;
        let _ = b.set_attribute("type", "button");
        let run = Closure::<dyn Fn()>::new(a.run);
        let _ = b.add_event_listener_with_callback("click", run.as_ref().unchecked_ref());
        run.forget();
        let _ = row.append_child(&b);
        first.get_or_insert(b);
    }
    let _ = d.append_child(&row);
    let escape = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        on_escape();
    });
    let _ = d.add_event_listener_with_callback("cancel", escape.as_ref().unchecked_ref());
    escape.forget();
    let _ = dom::document()?.body()?.append_child(&d);
    let _ = d.show_modal();
    if let Some(b) = first.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = b.focus();
    }
    Some((d, p))
}

/// Closes a dialog opened by [`open`] and takes it out of the page.
pub fn close(d: &HtmlDialogElement) {
    d.close();
    d.remove();
}
