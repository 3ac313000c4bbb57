use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{tr, use_i18n};

/// What went wrong and what to do, with a retry button. Announced to screen readers when it
/// appears.
#[component]
pub fn LoadError(
    title: fn(&crate::i18n::Texts) -> &'static str,
    failure: ApiFailure,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = move || {
        let t = i18n.t();
        match &failure {
            ApiFailure::Network => t.error_network.to_string(),
            ApiFailure::Server { status } => (t.error_server)(*status),
            ApiFailure::Malformed => t.error_malformed.to_string(),
        }
    };
    view! {
        <div class="notice notice--error" role="alert" data-testid="load-error">
            <h2 class="notice__title">{move || title(i18n.t())}</h2>
            <p>{reason}</p>
            <p>{tr(|t| t.error_next_step)}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {tr(|t| t.retry)}
            </button>
        </div>
    }
}
