use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{use_i18n, words};

/// What went wrong and what to do, with a retry button. Announced to screen readers when it
/// appears. Offline, no answer means the page was never kept on this device for offline use: it
/// says so, and tries again by itself as soon as the device is back online.
#[component]
pub fn LoadError(
    title: fn(&crate::i18n::Texts) -> &'static str,
    failure: ApiFailure,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offline = !crate::dom::online();
    if matches!(failure, ApiFailure::Network) {
        // A moment after the device says it is back: its network (and the service worker's)
        // may follow the event by a little.
        let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let still = alive.clone();
        let back = window_event_listener(leptos::ev::online, move |_| {
            let still = still.clone();
            leptos::task::spawn_local(async move {
                crate::dom::sleep(1500).await;
                if still.load(std::sync::atomic::Ordering::Relaxed) {
                    on_retry.run(());
                }
            })
        });
        on_cleanup(move || {
            alive.store(false, std::sync::atomic::Ordering::Relaxed);
            back.remove();
        });
    }
    let reason = move || {
        let t = i18n.t();
        match &failure {
            ApiFailure::Network if offline => t.error_not_kept.to_string(),
            ApiFailure::Network => t.error_network.to_string(),
            ApiFailure::Server { status } => (t.error_server)(*status),
            ApiFailure::Malformed => t.error_malformed.to_string(),
        }
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="load-error">
            <h2 class="notice__title">{move || title(i18n.t())}</h2>
            <p>{reason}</p>
            <p>{words(|t| t.error_next_step)}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {words(|t| t.retry)}
            </button>
        </div>
    }
}
