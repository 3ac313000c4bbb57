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

/// What the fields of a form hold, by name, in order (a check box's name once per box ticked).
pub type Typed = Vec<(String, String)>;

pub fn typed(form: &web_sys::HtmlFormElement) -> Typed {
    let Ok(data) = web_sys::FormData::new_with_form(form) else { return Vec::new() };
    let Ok(Some(entries)) = js_sys::try_iter(&data) else { return Vec::new() };
    entries
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry.ok()?);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The first value named `name`, trimmed; empty when none.
pub fn get(typed: &Typed, name: &str) -> String {
    typed.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

/// What one field of a submitted form holds, trimmed.
pub fn field(form: &web_sys::HtmlFormElement, name: &str) -> String {
    web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|d| d.get(name).as_string())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// The words around one control, in the manner of govuk-frontend's form group: its question,
/// hint and error message. The pieces below write each kind of control as one escaped HTML
/// string, for forms read on submit (`FormData`): the applicant step, the declaration form's
/// questions and the planner share them, so the markup that ties a message to its field exists
/// once. (As views, every shape cost the bundle its own copy of the rendering code.)
pub struct Ask<'a> {
    /// The control's id (a fieldset's first control): `{id}-hint` and `{id}-error` go with it.
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The question is the page's heading (one question per page, as GOV.UK asks it).
    pub heading: bool,
}

impl Ask<'_> {
    fn described(&self) -> String {
        let id = escape_html(self.id);
        match (self.hint.is_some(), self.error.is_some()) {
            (true, true) => format!("{id}-hint {id}-error"),
            (true, false) => format!("{id}-hint"),
            (false, true) => format!("{id}-error"),
            (false, false) => String::new(),
        }
    }

    fn hint_and_error(&self) -> String {
        let id = escape_html(self.id);
        let hint = self.hint.map(|h| format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, escape_html(h)));
        let error = self.error.map(|m| format!(r#"<p class="error-message" id="{id}-error">{}</p>"#, escape_html(m)));
        hint.unwrap_or_default() + &error.unwrap_or_default()
    }

    fn group(&self, inner: String) -> String {
        let wrong = if self.error.is_some() { " form-group--error" } else { "" };
        format!(r#"<div class="form-group{wrong}">{inner}</div>"#)
    }

    /// What every control of the group carries: `aria-describedby` and, when wrong, the marks.
    fn control_attributes(&self) -> String {
        let described = self.described();
        let mut out = String::new();
        if !described.is_empty() {
            out.push_str(&format!(r#" aria-describedby="{described}""#));
        }
        if self.error.is_some() {
            out.push_str(r#" aria-invalid="true""#);
        }
        out
    }
}

/// A form group around one labelled control (`control` from [`input_html`], [`textarea_html`]
/// or [`select_html`] with the same `ask`).
pub fn field_html(ask: &Ask, control: &str) -> String {
    let big = if ask.heading { " label--l" } else { "" };
    let label =
        format!(r#"<label class="label{big}" for="{}">{}</label>"#, escape_html(ask.id), escape_html(ask.label));
    let label = if ask.heading { format!(r#"<h1 class="label-wrapper">{label}</h1>"#) } else { label };
    ask.group(format!("{label}{}{control}", ask.hint_and_error()))
}

/// A form group around a fieldset (radios, check boxes, the parts of a date).
pub fn fieldset_html(ask: &Ask, controls: &str) -> String {
    let label = escape_html(ask.label);
    let legend = if ask.heading {
        format!(r#"<legend class="fieldset__legend--l"><h1 class="fieldset__heading">{label}</h1></legend>"#)
    } else {
        format!(r#"<legend class="label">{label}</legend>"#)
    };
    let described = ask.described();
    let described = if described.is_empty() { String::new() } else { format!(r#" aria-describedby="{described}""#) };
    ask.group(format!(r#"<fieldset class="fieldset"{described}>{legend}{}{controls}</fieldset>"#, ask.hint_and_error()))
}

/// How an `<input>` is typed: its `type`, `inputmode`, `autocomplete` and a width class.
pub struct Typing {
    pub kind: &'static str,
    pub inputmode: &'static str,
    pub autocomplete: &'static str,
    pub width: &'static str,
}

/// Free text; numbers and codes use their own [`Typing`].
pub const TEXT: Typing = Typing { kind: "text", inputmode: "text", autocomplete: "off", width: "" };

pub fn input_html(ask: &Ask, value: &str, typing: &Typing) -> String {
    let e = escape_html;
    let wrong = if ask.error.is_some() { " input--error" } else { "" };
    let spell = if typing.inputmode == "text" { "" } else { r#" spellcheck="false""# };
    format!(
        r#"<input class="input{}{wrong}" id="{id}" name="{id}" type="{}" inputmode="{}" autocomplete="{}"{spell} value="{}"{}>"#,
        typing.width,
        typing.kind,
        typing.inputmode,
        typing.autocomplete,
        e(value),
        ask.control_attributes(),
        id = e(ask.id),
    )
}

pub fn textarea_html(ask: &Ask, value: &str) -> String {
    let wrong = if ask.error.is_some() { " input--error" } else { "" };
    format!(
        r#"<textarea class="textarea{wrong}" id="{id}" name="{id}" rows="3"{}>{}</textarea>"#,
        ask.control_attributes(),
        escape_html(value),
        id = escape_html(ask.id),
    )
}

/// A select of `(value, label)`, with an empty first line saying `placeholder` if given.
pub fn select_html(ask: &Ask, options: &[(&str, &str)], selected: &str, placeholder: Option<&str>) -> String {
    let e = escape_html;
    let mut lines = placeholder.map(|p| format!(r#"<option value="">{}</option>"#, e(p))).unwrap_or_default();
    for (value, label) in options {
        let on = if *value == selected { " selected" } else { "" };
        lines.push_str(&format!(r#"<option value="{}"{on}>{}</option>"#, e(value), e(label)));
    }
    let wrong = if ask.error.is_some() { " select--error" } else { "" };
    format!(
        r#"<select class="select{wrong}" id="{id}" name="{id}"{}>{lines}</select>"#,
        ask.control_attributes(),
        id = e(ask.id)
    )
}

/// Radios (`multiple`: check boxes) of `(value, label)` named `name`: the first one's id is
/// the group's (its error and summary link lead to it), the others `{id}-{value}`.
pub fn choices_html(ask: &Ask, name: &str, options: &[(&str, &str)], checked: &[&str], multiple: bool) -> String {
    let e = escape_html;
    let (kind, class) = if multiple { ("checkbox", "checkbox") } else { ("radio", "radio") };
    let mut out = format!(r#"<div class="{class}es">"#).replace("radioes", "radios");
    for (i, (value, label)) in options.iter().enumerate() {
        let id = if i == 0 { e(ask.id) } else { format!("{}-{}", e(ask.id), e(value)) };
        let on = if checked.contains(value) { " checked" } else { "" };
        out.push_str(&format!(
            r#"<div class="{class}"><input type="{kind}" id="{id}" name="{}" value="{}"{on}><label for="{id}">{}</label></div>"#,
            e(name),
            e(value),
            e(label)
        ));
    }
    out + "</div>"
}

/// The parts of a date or a time as GOV.UK asks them (day, month, year; hour, minute): `parts`
/// gives each box's id suffix and label, `values` what it shows, `bad` which to mark. Boxes are
/// named like their ids, or by the suffix alone when `short_names` (the planner's links).
pub fn parts_html(id: &str, parts: &[(&str, &str)], values: &[String], bad: &[bool], short_names: bool) -> String {
    let e = escape_html;
    let mut items = String::new();
    for (i, (suffix, label)) in parts.iter().enumerate() {
        // Years take four digits, the rest two: the box says how much to type.
        let width = if *suffix == "year" { "input--4" } else { "input--2" };
        let wrong = if bad.get(i) == Some(&true) { r#" input--error" aria-invalid="true""# } else { "\"" };
        items.push_str(&format!(
            r#"<div class="date-input__item"><label class="label label--small" for="{id}-{suffix}">{}</label><input class="input {width}{wrong} id="{id}-{suffix}" name="{prefix}{suffix}" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" value="{}"></div>"#,
            e(label),
            e(values.get(i).map(String::as_str).unwrap_or("")),
            id = e(id),
            prefix = if short_names { String::new() } else { format!("{}-", e(id)) },
        ));
    }
    format!(r#"<div class="date-input">{items}</div>"#)
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
    let parts: Vec<(&str, &str)> = NAMES.iter().copied().zip(labels).collect();
    let ask = Ask { id, label: legend, hint: Some(hint), error: error.map(|(m, _)| m), heading: false };
    // The planner's fields keep their short names (`day` … `minute`) in its links.
    let boxes = parts_html(id, &parts, values, &error.map(|(_, bad)| bad).unwrap_or_default(), true);
    view! { <div inner_html=fieldset_html(&ask, &boxes)></div> }
}
