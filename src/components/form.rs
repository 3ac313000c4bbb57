//! Form pieces in the manner of govuk-frontend: the error summary at the top of a page and a
//! labelled text input with its hint and error. Pages give the words; the markup, the ids that
//! tie a message to its field and the focus handling live here once.

use crate::components::html::escape_html;
use leptos::prelude::*;

/// The summary's id: pages focus it after a failed submit, so a screen reader reads it first.
pub const SUMMARY_ID: &str = "error-summary";

/// Moves focus to the summary once it is drawn.
pub fn focus_summary() {
    request_animation_frame(|| {
        crate::dom::focus(SUMMARY_ID);
    });
}

/// A click on a summary link (delegated from `<main>`, see the layout): its field takes focus and
/// its group (label, hint, error) comes into view, as govuk-frontend does, rather than the page
/// jumping to a bare input. Other clicks pass.
pub fn follow_summary_link(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".error-summary a").ok().flatten())
    else {
        return;
    };
    let Some(id) = link.get_attribute("href").and_then(|h| h.strip_prefix('#').map(str::to_string)) else { return };
    ev.prevent_default();
    if let Some(group) = crate::dom::focus(&id).and_then(|input| input.closest(".form-group").ok().flatten()) {
        group.scroll_into_view();
    }
}

/// "There is a problem" with one link per field: `(field id, message)`. Nothing when empty.
/// One escaped HTML string (the links work through [`follow_summary_link`]): as views with a
/// handler per link it cost each bundle 1.5 KiB.
pub fn error_summary(title: &'static str, items: Vec<(String, String)>) -> Option<impl IntoView> {
    (!items.is_empty()).then(|| {
        let links: String = items
            .iter()
            .map(|(field, message)| format!(r##"<li><a href="#{}">{}</a></li>"##, escape_html(field), escape_html(message)))
            .collect();
        let html = format!(
            r#"<h2 id="error-summary-title" class="error-summary__title">{}</h2><ul class="error-summary__list">{links}</ul>"#,
            escape_html(title)
        );
        view! { <div class="error-summary" id=SUMMARY_ID tabindex="-1" role="alert" aria-labelledby="error-summary-title" inner_html=html></div> }
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

/// GOV.UK's date input: day, month and year as separate numeric fields, then hour and minute in
/// 24-hour form, whatever the browser's locale (a phone set to English shows no AM/PM and no
/// month-first date). Field ids are `{id}-day` … `{id}-minute`, names `day` … `minute`;
/// `error`: the message and which fields to mark; `values`: what the fields show.
///
/// Written as one escaped HTML string for an uncontrolled form (the form reads its fields on
/// submit): as views, the planner's bundle grew by 3 KiB, past its budget.
pub fn date_time_input(
    id: &str,
    legend: &str,
    hint: &str,
    labels: [&str; 5],
    values: &[String; 5],
    error: Option<(&str, [bool; 5])>,
) -> impl IntoView {
    const NAMES: [&str; 5] = ["day", "month", "year", "hour", "minute"];
    let e = escape_html;
    let (message, bad) = match error {
        Some((m, bad)) => (format!(r#"<p class="error-message" id="{id}-error">{}</p>"#, e(m)), bad),
        None => (String::new(), [false; 5]),
    };
    let described = if error.is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    let mut items = String::new();
    for i in 0..5 {
        // Years take four digits, the rest two: the box says how much to type.
        let width = if i == 2 { "input--4" } else { "input--2" };
        let wrong = if bad[i] { r#" input--error" aria-invalid="true""# } else { "\"" };
        items.push_str(&format!(
            r#"<div class="date-input__item"><label class="label label--small" for="{id}-{n}">{}</label><input class="input {width}{wrong} id="{id}-{n}" name="{n}" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" value="{}"></div>"#,
            e(labels[i]),
            e(&values[i]),
            n = NAMES[i],
        ));
    }
    let html = format!(
        r#"<fieldset class="fieldset" role="group" aria-describedby="{described}"><legend class="label">{}</legend><p class="hint" id="{id}-hint">{}</p>{message}<div class="date-input">{items}</div></fieldset>"#,
        e(legend),
        e(hint),
    );
    view! { <div class="form-group" class:form-group--error=error.is_some() inner_html=html></div> }
}
