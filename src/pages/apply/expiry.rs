//! The server lets go of a draft's uploads after a while (a day unfinished, a week finished, by
//! default). A quarter of an hour before (WCAG 2.2.1 asks for at least two minutes) the citizen
//! is told when, and one button keeps the files another full period.

use std::time::Duration;

use leptos::prelude::*;
use motcua_domain::format::date_time_long;

use super::later::LocalBoxFuture;
use super::{use_session, Session};
use crate::components::html::Html;
use crate::components::markup::{clicked, markup};
use crate::components::notices::{expiry_kept_html, expiry_warning_html, KeepFiles};
use crate::i18n::use_i18n;
use wasm_bindgen::JsCast;

fn moment(ms: i64, lang: motcua_domain::Lang) -> String {
    date_time_long(crate::i18n::vietnam_time_ms(ms), lang)
}

/// `keep`: how the page keeps the files longer (the upload code's `keep_longer`, which the
/// application reaches through its later steps' module).
#[component]
pub fn ExpiryNotice(keep: Callback<Session, LocalBoxFuture<()>>) -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(h) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(15)) {
        on_cleanup(move || h.clear());
    }
    let busy = RwSignal::new(false);
    let kept = RwSignal::new(None::<i64>);
    let keep = move |_: ()| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            keep.run(s).await;
            busy.set(false);
            now.set(js_sys::Date::now());
            kept.set(s.draft.with_untracked(|d| d.kept_until()));
        });
    };
    // Markup (see components::html), redrawn only when its text changes.
    let html = Memo::new(move |_| {
        let (t, lang) = (i18n.apply(), i18n.lang());
        if let Some(until) = s.draft.with(|d| d.expiry_warning(now.get())) {
            let line = if (until as f64) <= now.get() {
                (t.expiry_past)(&moment(until, lang))
            } else {
                (t.expiry_soon)(&moment(until, lang))
            };
            expiry_warning_html(&line, t.keep_longer)
        } else if let Some(until) = kept.get() {
            expiry_kept_html(&(t.kept_until)(&moment(until, lang)))
        } else {
            Html::default()
        }
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(KeepFiles) = clicked(&ev) {
            // Marked busy where it is (redrawing it would move the focus).
            if let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = button.set_attribute("aria-disabled", "true");
            }
            keep(());
        }
    };
    view! { <div on:click=on_click>{markup(move || html.get())}</div> }
}
