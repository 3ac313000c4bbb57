//! The one place where [`Html`] enters the page, and the one way a click in it is read.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::html::{Action, Html};

/// Draws `html` (a closure, redrawn when what it reads changes) in a `<div class="markup">`
/// that takes no room of its own (`display: contents`). After a redraw the control that had the
/// keyboard's focus has it again: the element with the same `id`, or the button with the same
/// action in the same place, so a file row that changes its words under a keyboard user on
/// "Xóa" leaves them there.
pub fn markup(html: impl Fn() -> Html + Send + Sync + 'static) -> impl IntoView {
    view! { <Markup html=Box::new(html)/> }
}

/// Draws `html` that never changes: no redraw, so nothing to watch and no focus to keep.
pub fn markup_once(html: Html) -> impl IntoView {
    sink(None, html.into_string())
}

/// The one element that takes markup: `key` finds it again for a redraw.
fn sink(key: Option<String>, html: impl leptos::tachys::html::element::InnerHtmlValue + 'static) -> impl IntoView {
    use leptos::tachys::html::element::InnerHtmlAttribute;
    leptos::html::div().class("markup").attr("data-markup", key).inner_html(html)
}

#[component]
fn Markup(html: Box<dyn Fn() -> Html + Send + Sync>) -> impl IntoView {
    // Found again by a number of its own when it is redrawn (a node reference would cost every
    // bundle its own copy of the loading code).
    let n = NEXT.with(|c| c.replace(c.get() + 1)).to_string();
    let key = n.clone();
    // The first draw has no element yet, hence no focus to keep: no lookup.
    let first = std::sync::atomic::AtomicBool::new(true);
    let drawn = move || {
        let redraw = !first.swap(false, std::sync::atomic::Ordering::Relaxed);
        if let Some(place) = redraw.then(|| find(&key)).flatten().as_ref().and_then(Place::of_focus) {
            // Put back once the new markup is in (right after this returns, in the same task).
            let key = key.clone();
            leptos::task::spawn_local(async move {
                if let Some(again) = find(&key).and_then(|root| place.find(&root)) {
                    let _ = again.focus();
                }
            });
        }
        html().into_string()
    };
    sink(Some(n), drawn)
}

fn find(key: &str) -> Option<web_sys::Element> {
    crate::dom::document()?.query_selector(&format!("[data-markup=\"{key}\"]")).ok()?
}

thread_local! {
    static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Where the focus is, when inside `root`: an element's id, or the n-th button with an action.
enum Place {
    Id(String),
    Action(String, usize),
}

impl Place {
    fn of_focus(root: &web_sys::Element) -> Option<Place> {
        let e = root.owner_document()?.active_element().filter(|a| root.contains(Some(a)))?;
        if !e.id().is_empty() {
            return Some(Place::Id(e.id()));
        }
        let action = e.get_attribute("data-action")?;
        let n = same_action(root, &action).iter().position(|o| *o == e)?;
        Some(Place::Action(action, n))
    }

    fn find(self, root: &web_sys::Element) -> Option<web_sys::HtmlElement> {
        let found = match self {
            Place::Id(id) => root.owner_document()?.get_element_by_id(&id),
            Place::Action(action, n) => same_action(root, &action).into_iter().nth(n),
        };
        found?.dyn_into().ok()
    }
}

fn same_action(root: &web_sys::Element, action: &str) -> Vec<web_sys::Element> {
    // Action names are the program's own: letters, digits and `-`.
    let Ok(list) = root.query_selector_all(&format!("[data-action=\"{action}\"]")) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)?.dyn_into().ok()).collect()
}

/// The action of the button a click landed on (its `data-action`), decoded; none for a click
/// elsewhere or on a button of something else.
pub fn clicked<A: Action>(ev: &web_sys::MouseEvent) -> Option<A> {
    let button = ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest("button").ok()??;
    A::parse(&button.get_attribute("data-action")?)
}

/// The action of the button that submitted a form (its `value`), decoded.
pub fn submitted<A: Action>(ev: &web_sys::SubmitEvent) -> Option<A> {
    A::parse(&ev.submitter()?.get_attribute("value")?)
}
