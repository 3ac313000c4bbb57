//! Form pieces in the manner of govuk-frontend: the error summary at the top of a page and a
//! labelled text input with its hint and error. Pages give the words; the markup, the ids that
//! tie a message to its field and the focus handling live here once.

use crate::components::html::{el, El, Html};
use crate::components::markup::markup;
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
/// Markup rather than views (the links work through [`follow_summary_link`]): as views with a
/// handler per link it cost each bundle 1.5 KiB.
pub fn error_summary(title: &'static str, items: Vec<(String, String)>) -> Option<impl IntoView> {
    (!items.is_empty()).then(|| markup(move || error_summary_html(title, &items)))
}

fn error_summary_html(title: &str, items: &[(String, String)]) -> Html {
    let links: Html =
        items.iter().map(|(field, message)| el("li").html(el("a").href(&format!("#{field}")).text(message))).collect();
    el("div")
        .class("error-summary")
        .id(SUMMARY_ID)
        .attr("tabindex", "-1")
        .attr("role", "alert")
        .attr("aria-labelledby", "error-summary-title")
        .html(
            el("h2").id("error-summary-title").class("error-summary__title").text(title)
                + el("ul").class("error-summary__list").html(links),
        )
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
/// hint and error message. The pieces below write each kind of control as markup ([`Html`]),
/// for forms read on submit (`FormData`): the applicant step, the declaration form's questions
/// and the planner share them, so the markup that ties a message to its field exists once. (As
/// views, every shape cost the bundle its own copy of the rendering code.)
pub struct FormGroup<'a> {
    /// The control's id (a fieldset's first control): `{id}-hint` and `{id}-error` go with it.
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The question is the page's heading (one question per page, as GOV.UK asks it).
    pub heading: bool,
}

impl FormGroup<'_> {
    fn described(&self) -> Option<String> {
        let id = self.id;
        match (self.hint.is_some(), self.error.is_some()) {
            (true, true) => Some(format!("{id}-hint {id}-error")),
            (true, false) => Some(format!("{id}-hint")),
            (false, true) => Some(format!("{id}-error")),
            (false, false) => None,
        }
    }

    fn hint_and_error(&self) -> Html {
        let hint = self.hint.map(|h| el("p").class("hint").id(&format!("{}-hint", self.id)).text(h));
        let error = self.error.map(|m| el("p").class("error-message").id(&format!("{}-error", self.id)).text(m));
        Html::from(hint) + Html::from(error)
    }

    fn group(&self, inner: Html) -> Html {
        el("div").class(if self.error.is_some() { "form-group form-group--error" } else { "form-group" }).html(inner)
    }

    /// What every control of the group carries: `aria-describedby` and, when wrong, the mark.
    fn control(&self, e: El) -> El {
        let e = e.attr_opt("aria-describedby", self.described().as_deref());
        if self.error.is_some() {
            e.attr("aria-invalid", "true")
        } else {
            e
        }
    }
}

/// A form group around one labelled control (`control` from [`input_html`], [`textarea_html`]
/// or [`select_html`] with the same `ask`).
pub fn field_html(ask: &FormGroup, control: Html) -> Html {
    let label =
        el("label").class(if ask.heading { "label label--l" } else { "label" }).attr("for", ask.id).text(ask.label);
    let label = if ask.heading { el("h1").class("label-wrapper").html(label) } else { label };
    ask.group(label + ask.hint_and_error() + control)
}

/// A form group around a fieldset (radios, check boxes, the parts of a date).
pub fn fieldset_html(ask: &FormGroup, controls: Html) -> Html {
    let legend = if ask.heading {
        el("legend").class("fieldset__legend--l").html(el("h1").class("fieldset__heading").text(ask.label))
    } else {
        el("legend").class("label").text(ask.label)
    };
    let fieldset = el("fieldset").class("fieldset").attr_opt("aria-describedby", ask.described().as_deref());
    ask.group(fieldset.html(legend + ask.hint_and_error() + controls))
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

pub fn input_html(ask: &FormGroup, value: &str, typing: &Typing) -> Html {
    let wrong = if ask.error.is_some() { " input--error" } else { "" };
    let input = el("input")
        .class(&format!("input{}{wrong}", typing.width))
        .id(ask.id)
        .attr("name", ask.id)
        .attr("type", typing.kind)
        .attr("inputmode", typing.inputmode)
        .attr("autocomplete", typing.autocomplete);
    let input = if typing.inputmode == "text" { input } else { input.attr("spellcheck", "false") };
    ask.control(input.attr("value", value)).void()
}

pub fn textarea_html(ask: &FormGroup, value: &str) -> Html {
    let wrong = if ask.error.is_some() { "textarea input--error" } else { "textarea" };
    ask.control(el("textarea").class(wrong).id(ask.id).attr("name", ask.id).attr("rows", "3")).text(value)
}

/// The `<option>`s of `(value, label)`, `selected` chosen.
pub fn options_html<'a>(options: impl IntoIterator<Item = (&'a str, &'a str)>, selected: &str) -> Html {
    options
        .into_iter()
        .map(|(value, label)| el("option").attr("value", value).flag("selected", value == selected).text(label))
        .collect()
}

/// A select of `(value, label)`, with an empty first line saying `placeholder` if given.
pub fn select_html(ask: &FormGroup, options: &[(&str, &str)], selected: &str, placeholder: Option<&str>) -> Html {
    let first = placeholder.map(|p| el("option").attr("value", "").text(p));
    let wrong = if ask.error.is_some() { "select select--error" } else { "select" };
    ask.control(el("select").class(wrong).id(ask.id).attr("name", ask.id))
        .html(Html::from(first) + options_html(options.iter().copied(), selected))
}

/// Radios (`multiple`: check boxes) of `(value, label)` named `name`: the first one's id is
/// the group's (its error and summary link lead to it), the others `{id}-{value}`.
pub fn choices_html(ask: &FormGroup, name: &str, options: &[(&str, &str)], checked: &[&str], multiple: bool) -> Html {
    let (kind, class, list) =
        if multiple { ("checkbox", "checkbox", "checkboxes") } else { ("radio", "radio", "radios") };
    let items: Html = options
        .iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = if i == 0 { ask.id.to_string() } else { format!("{}-{value}", ask.id) };
            let input = el("input")
                .attr("type", kind)
                .id(&id)
                .attr("name", name)
                .attr("value", value)
                .flag("checked", checked.contains(value))
                .void();
            el("div").class(class).html(input + el("label").attr("for", &id).text(label))
        })
        .collect();
    el("div").class(list).html(items)
}

/// The parts of a date or a time as GOV.UK asks them (day, month, year; hour, minute): `parts`
/// gives each box's id suffix and label, `values` what it shows, `bad` which to mark. Boxes are
/// named like their ids, or by the suffix alone when `short_names` (the planner's links).
pub fn parts_html(id: &str, parts: &[(&str, &str)], values: &[String], bad: &[bool], short_names: bool) -> Html {
    let items: Html = parts
        .iter()
        .enumerate()
        .map(|(i, (suffix, label))| {
            let box_id = format!("{id}-{suffix}");
            // Years take four digits, the rest two: the box says how much to type.
            let width = if *suffix == "year" { "input--4" } else { "input--2" };
            let wrong = bad.get(i) == Some(&true);
            let class = if wrong { format!("input {width} input--error") } else { format!("input {width}") };
            let input = el("input")
                .class(&class)
                .attr_opt("aria-invalid", wrong.then_some("true"))
                .id(&box_id)
                .attr("name", if short_names { suffix } else { &box_id })
                .attr("type", "text")
                .attr("inputmode", "numeric")
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                .attr("value", values.get(i).map(String::as_str).unwrap_or(""))
                .void();
            el("div")
                .class("date-input__item")
                .html(el("label").class("label label--small").attr("for", &box_id).text(label) + input)
        })
        .collect();
    el("div").class("date-input").html(items)
}

/// GOV.UK's date input: day, month and year as separate numeric fields, then hour and minute in
/// 24-hour form, whatever the browser's locale (a phone set to English shows no AM/PM and no
/// month-first date). Field ids are `{id}-day` … `{id}-minute`, names `day` … `minute`;
/// `error`: the message and which fields to mark; `values`: what the fields show.
///
/// Markup for an uncontrolled form (the form reads its fields on submit): as views, the
/// planner's bundle grew by 3 KiB, past its budget.
pub fn date_time_input(
    id: &str,
    legend: &str,
    hint: &str,
    labels: [&str; 5],
    values: &[String; 5],
    error: Option<(&str, [bool; 5])>,
) -> Html {
    const NAMES: [&str; 5] = ["day", "month", "year", "hour", "minute"];
    let parts: Vec<(&str, &str)> = NAMES.iter().copied().zip(labels).collect();
    let ask = FormGroup { id, label: legend, hint: Some(hint), error: error.map(|(m, _)| m), heading: false };
    // The planner's fields keep their short names (`day` … `minute`) in its links.
    let boxes = parts_html(id, &parts, values, &error.map(|(_, bad)| bad).unwrap_or_default(), true);
    fieldset_html(&ask, boxes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};

    fn wrong(id: &str) -> FormGroup<'_> {
        FormGroup { id, label: HOSTILE, hint: Some(HOSTILE), error: Some(HOSTILE), heading: false }
    }

    #[test]
    fn a_field_ties_its_hint_and_error_to_its_control_and_escapes_every_word() {
        let ask = wrong("full_name");
        let html = field_html(&ask, input_html(&ask, HOSTILE, &TEXT));
        let h = html.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert!(
            h.starts_with(r#"<div class="form-group form-group--error"><label class="label" for="full_name">"#),
            "{h}"
        );
        assert!(h.contains(r#"<p class="hint" id="full_name-hint">"#), "{h}");
        assert!(h.contains(r#"<p class="error-message" id="full_name-error">"#), "{h}");
        assert!(h.contains(r#"aria-describedby="full_name-hint full_name-error" aria-invalid="true""#), "{h}");
        assert!(h.contains(r#"class="input input--error" id="full_name" name="full_name""#), "{h}");
        // The value is an attribute: its quotes cannot end it.
        assert!(h.contains(r#"value="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"#), "{h}");

        let plain = FormGroup { id: "phone", label: "Số điện thoại", hint: None, error: None, heading: true };
        let h = field_html(&plain, input_html(&plain, "0912", &TEXT));
        assert!(!h.as_str().contains("aria-describedby") && !h.as_str().contains("aria-invalid"), "{}", h.as_str());
        assert!(h.as_str().contains(r#"<h1 class="label-wrapper"><label class="label label--l" for="phone">"#));
    }

    #[test]
    fn an_id_from_data_cannot_leave_its_attribute() {
        let id = "x\" onfocus=\"alert(1)";
        let ask = wrong(id);
        for html in [
            field_html(&ask, textarea_html(&ask, HOSTILE)),
            field_html(&ask, select_html(&ask, &[(HOSTILE, HOSTILE)], HOSTILE, Some(HOSTILE))),
            fieldset_html(&ask, choices_html(&ask, HOSTILE, &[("a", HOSTILE), (HOSTILE, "b")], &[HOSTILE], true)),
            fieldset_html(&ask, parts_html(id, &[("day", HOSTILE)], &[HOSTILE.to_string()], &[true], false)),
            error_summary_html(HOSTILE, &[(id.to_string(), HOSTILE.to_string())]),
        ] {
            let h = html.as_str();
            assert!(holds_only_as_text(h), "{h}");
            assert!(!h.contains("\" onfocus"), "{h}");
            assert!(h.contains("x&quot; onfocus=&quot;alert(1)"), "{h}");
        }
    }

    #[test]
    fn choices_give_the_first_box_the_group_s_id_and_keep_what_was_ticked() {
        let ask = FormGroup { id: "gender", label: "Giới tính", hint: None, error: None, heading: false };
        let h = choices_html(&ask, "gender", &[("male", "Nam"), ("female", "Nữ")], &["female"], false);
        assert_eq!(
            h.as_str(),
            concat!(
                r#"<div class="radios"><div class="radio"><input type="radio" id="gender" name="gender" value="male"><label for="gender">Nam</label></div>"#,
                r#"<div class="radio"><input type="radio" id="gender-female" name="gender" value="female" checked><label for="gender-female">Nữ</label></div></div>"#
            )
        );
        let boxes = choices_html(&ask, "x", &[("a", "A")], &[], true);
        assert!(boxes.as_str().starts_with(r#"<div class="checkboxes"><div class="checkbox"><input type="checkbox""#));
        let select = select_html(&ask, &[("1", "Một"), ("2", "Hai")], "2", Some("Chọn"));
        assert!(select.as_str().contains(
            r#"<option value="">Chọn</option><option value="1">Một</option><option value="2" selected>Hai</option>"#
        ));
    }

    #[test]
    fn date_parts_mark_only_the_wrong_boxes_and_name_them_for_links() {
        let h = date_time_input(
            "planner-when",
            "Khi nào",
            "Ví dụ",
            ["Ngày", "Tháng", "Năm", "Giờ", "Phút"],
            &["27".into(), "13".into(), "2026".into(), "09".into(), "30".into()],
            Some(("Tháng không có thật", [false, true, false, false, false])),
        );
        let h = h.as_str();
        assert_eq!(h.matches(r#"aria-invalid="true""#).count(), 1, "{h}");
        assert!(
            h.contains(
                r#"class="input input--2 input--error" aria-invalid="true" id="planner-when-month" name="month""#
            ),
            "{h}"
        );
        assert!(
            h.contains(r#"<fieldset class="fieldset" aria-describedby="planner-when-hint planner-when-error">"#),
            "{h}"
        );
        assert!(h.contains(r#"id="planner-when-year" name="year" type="text" inputmode="numeric""#), "{h}");
    }

    #[test]
    fn the_error_summary_links_each_message_to_its_field() {
        let h = error_summary_html("Có lỗi", &[("phone".into(), "Nhập số điện thoại".into())]);
        assert_eq!(
            h.as_str(),
            concat!(
                r#"<div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">"#,
                r#"<h2 id="error-summary-title" class="error-summary__title">Có lỗi</h2><ul class="error-summary__list">"#,
                r##"<li><a href="#phone">Nhập số điện thoại</a></li></ul></div>"##
            )
        );
    }
}
