//! The server lets go of a draft's uploads after a while (a day unfinished, a week finished, by
//! default). A quarter of an hour before (WCAG 2.2.1 asks for at least two minutes) the citizen
//! is told when, and one button keeps the files another full period.

use std::time::Duration;

use leptos::prelude::*;
use motcua_domain::format::date_time_long;

use super::{uploads, use_session};
use crate::i18n::apply::tr as tra;
use crate::i18n::use_i18n;

fn moment(ms: i64, lang: motcua_domain::Lang) -> String {
    date_time_long(crate::i18n::vietnam_time_ms(ms), lang)
}

#[component]
pub fn ExpiryNotice() -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(h) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(15)) {
        on_cleanup(move || h.clear());
    }
    let busy = RwSignal::new(false);
    let kept = RwSignal::new(None::<i64>);
    let keep = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            uploads::keep_longer(s).await;
            busy.set(false);
            now.set(js_sys::Date::now());
            kept.set(s.draft.with_untracked(|d| d.kept_until()));
        });
    };
    let warning = move || s.draft.with(|d| d.expiry_warning(now.get()));
    view! {
        {move || warning().map(|until| {
            let (t, lang) = (i18n.apply(), i18n.lang());
            let line = if (until as f64) <= now.get() { (t.expiry_past)(&moment(until, lang)) } else { (t.expiry_soon)(&moment(until, lang)) };
            view! {
                <div class="notice notice--warning" role="alert" data-testid="expiry-warning">
                    <p class="warning-text">{line}</p>
                    <button type="button" class="button button--secondary" on:click=keep aria-disabled=move || busy.get().then_some("true")>
                        {tra(|t| t.keep_longer)}
                    </button>
                </div>
            }
        })}
        {move || (warning().is_none()).then(|| kept.get()).flatten().map(|until| view! {
            <p class="notice" role="status" data-testid="expiry-kept">{move || (i18n.apply().kept_until)(&moment(until, i18n.lang()))}</p>
        })}
    }
}
