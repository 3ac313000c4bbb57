//! Shared devices. A commune office turns a browser profile into a **kiosk** by opening the app
//! once with `?kiosk=on` (and back with `?kiosk=off`, which a citizen at a kiosk without an
//! address bar cannot reach). In kiosk mode drafts, receipts and file bytes stay in the page's
//! memory, the language lasts one visit, text and targets grow, every page offers "finish and
//! clear", and two idle minutes lead to a countdown and then to the same wipe ([`wipe`]).

mod dialog;
pub mod idle;
pub mod leave;
pub mod wipe;

use std::cell::Cell;

use leptos::prelude::*;

use crate::dom;
use crate::i18n::words;

/// The one thing a kiosk keeps across people: that it is a kiosk.
pub const FLAG_KEY: &str = "motcua.kiosk";

thread_local! {
    static ON: Cell<Option<bool>> = const { Cell::new(None) };
}

/// `?kiosk=on` / `?kiosk=off` in the page's address, if present.
fn asked_in_url() -> Option<bool> {
    let search = dom::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| match pair {
        "kiosk=on" => Some(true),
        "kiosk=off" => Some(false),
        _ => None,
    })
}

/// Whether this browser profile is a shared kiosk (decided once per page).
pub fn is_on() -> bool {
    if let Some(on) = ON.with(Cell::get) {
        return on;
    }
    let storage = dom::local_storage();
    let on = match asked_in_url() {
        Some(on) => {
            if let Some(s) = &storage {
                let _ = if on { s.set_item(FLAG_KEY, "1") } else { s.remove_item(FLAG_KEY) };
            }
            on
        }
        None => storage.and_then(|s| s.get_item(FLAG_KEY).ok().flatten()).is_some(),
    };
    ON.with(|c| c.set(Some(on)));
    on
}

/// Storage for what lasts one person's visit: this tab's session on a kiosk (wiped when they
/// finish), the device's storage elsewhere.
pub fn visit_storage() -> Option<web_sys::Storage> {
    if is_on() {
        dom::session_storage()
    } else {
        dom::local_storage()
    }
}

/// Marks the document (`<html class="kiosk">`: larger text and targets).
pub fn mark_document() {
    if is_on() {
        if let Some(html) = dom::document().and_then(|d| d.document_element()) {
            let _ = html.class_list().add_1("kiosk");
        }
    }
}

/// "Xong, xóa thông tin của tôi": asks once, then wipes.
#[component]
pub fn FinishButton() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let ask = move |_| {
        let t = i18n.t_untracked();
        let opened: std::rc::Rc<std::cell::RefCell<Option<web_sys::HtmlDialogElement>>> = Default::default();
        let (keep, clear) = (opened.clone(), opened.clone());
        let not_yet = move || {
            if let Some(d) = keep.borrow_mut().take() {
                dialog::close(&d);
            }
        };
        let actions = vec![
            dialog::Action {
                label: t.finish_yes,
                class: "button button--warning",
                run: Box::new(move || {
                    if let Some(d) = clear.borrow().as_ref() {
                        d.set_text_content(Some(t.clearing));
                    }
                    wipe::start();
                }),
            },
            dialog::Action { label: t.finish_no, class: "button button--secondary", run: Box::new(not_yet.clone()) },
        ];
        let shown = dialog::open("finish", "dialog", t.finish_title, t.finish_body, actions, Box::new(not_yet));
        *opened.borrow_mut() = shown.map(|(d, _)| d);
    };
    view! { <button type="button" class="finish-button" on:click=ask>{words(|t| t.finish)}</button> }
}
