//! Form pieces in the manner of govuk-frontend: the error summary at the top of a page and a
//! labelled text input with its hint and error. Pages give the words; the markup, the ids that
//! tie a message to its field and the focus handling live here once.

use leptos::prelude::*;

/// The summary's id: pages focus it after a failed submit, so a screen reader reads it first.
pub const SUMMARY_ID: &str = "error-summary";

/// Moves focus to the summary once it is drawn.
pub fn focus_summary() {
    request_animation_frame(|| {
        crate::dom::focus(SUMMARY_ID);
    });
}

/// A summary link's target: its field takes focus and its group (label, hint, error) comes into
/// view, as govuk-frontend does, rather than the page jumping to a bare input.
fn focus_field(ev: leptos::ev::MouseEvent, id: &str) {
    ev.prevent_default();
    if let Some(group) = crate::dom::focus(id).and_then(|input| input.parent_element()) {
        group.scroll_into_view();
    }
}

/// "There is a problem" with one link per field: `(field id, message)`. Nothing when empty.
/// Called inside the page's reactive closure (a plain function: as a component with signals
/// for props it cost the application bundle 2 KiB).
pub fn error_summary(title: &'static str, items: Vec<(String, String)>) -> Option<impl IntoView> {
    (!items.is_empty()).then(|| {
        view! {
            <div class="error-summary" id=SUMMARY_ID tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title" class="error-summary__title">{title}</h2>
                <ul class="error-summary__list">
                    {items.into_iter().map(|(field, message)| {
                        let href = format!("#{field}");
                        view! { <li><a href=href on:click=move |ev| focus_field(ev, &field)>{message}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A text input with its label, hint and error message (`id` is also its form name). Numbers
/// and codes: no autocomplete, no spellcheck.
#[component]
pub fn TextInput(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] hint: Signal<&'static str>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    #[prop(optional)] value: String,
    inputmode: &'static str,
) -> impl IntoView {
    let invalid = move || error.get().is_some();
    let described = move || if invalid() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    view! {
        <div class="form-group" class:form-group--error=invalid>
            <label class="label" for=id>{move || label.get()}</label>
            <p class="hint" id=format!("{id}-hint")>{move || hint.get()}</p>
            {move || error.get().map(|m| view! { <p class="error-message" id=format!("{id}-error")>{m}</p> })}
            <input class="input" class:input--error=invalid id=id name=id type="text"
                value=value autocomplete="off" inputmode=inputmode spellcheck="false"
                aria-describedby=described aria-invalid=move || invalid().then_some("true")/>
        </div>
    }
}

/// What one field of a submitted form holds, trimmed.
pub fn field(form: &web_sys::HtmlFormElement, name: &str) -> String {
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|d| d.get(name).as_string())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
