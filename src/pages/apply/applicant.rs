//! Step 1: who applies. Checked on leaving each field and on continuing, with the same rules the
//! back end applies; problems are listed at the top, each linked to its field.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua_domain::applicant::{Applicant, FieldError, Gender};
use wasm_bindgen::JsCast;

use super::{caption, link, use_session};
use crate::components::form::{error_summary, focus_summary};
use crate::i18n::apply::tr as tra;
use crate::i18n::apply::ApplyTexts;
use crate::i18n::use_i18n;

fn this_year() -> u16 {
    js_sys::Date::new_0().get_full_year() as u16
}

/// The applicant as typed in the form (unparseable numbers become 0 and fail their check).
fn read(form: &web_sys::HtmlFormElement) -> Option<Applicant> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let get = |k: &str| data.get(k).as_string().unwrap_or_default().trim().to_string();
    let email = get("email");
    Some(Applicant {
        full_name: get("full_name"),
        citizen_id: get("citizen_id"),
        birth_year: get("birth_year").parse().unwrap_or(0),
        gender: match get("gender").as_str() {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        },
        phone: get("phone"),
        email: (!email.is_empty()).then_some(email),
        address: get("address"),
    })
}

/// Label, hint and input name of each field, in page order.
struct Field {
    name: &'static str,
    label: fn(&'static ApplyTexts) -> &'static str,
    hint: Option<fn(&'static ApplyTexts) -> &'static str>,
    kind: &'static str,
    autocomplete: &'static str,
    inputmode: &'static str,
}

const FIELDS: [Field; 6] = [
    Field {
        name: "full_name",
        label: |t| t.full_name,
        hint: Some(|t| t.full_name_hint),
        kind: "text",
        autocomplete: "name",
        inputmode: "text",
    },
    Field {
        name: "birth_year",
        label: |t| t.birth_year,
        hint: None,
        kind: "text",
        autocomplete: "bday-year",
        inputmode: "numeric",
    },
    Field {
        name: "citizen_id",
        label: |t| t.citizen_id,
        hint: Some(|t| t.citizen_id_hint),
        kind: "text",
        autocomplete: "off",
        inputmode: "numeric",
    },
    Field {
        name: "phone",
        label: |t| t.phone,
        hint: Some(|t| t.phone_hint),
        kind: "tel",
        autocomplete: "tel",
        inputmode: "tel",
    },
    Field {
        name: "email",
        label: |t| t.email,
        hint: Some(|t| t.email_hint),
        kind: "email",
        autocomplete: "email",
        inputmode: "email",
    },
    Field {
        name: "address",
        label: |t| t.address,
        hint: None,
        kind: "text",
        autocomplete: "street-address",
        inputmode: "text",
    },
];

fn value_of(a: &Applicant, name: &str) -> String {
    match name {
        "full_name" => a.full_name.clone(),
        "birth_year" if a.birth_year > 0 => a.birth_year.to_string(),
        "citizen_id" => a.citizen_id.clone(),
        "phone" => a.phone.clone(),
        "email" => a.email.clone().unwrap_or_default(),
        "address" => a.address.clone(),
        _ => String::new(),
    }
}

#[component]
pub fn ApplicantPage() -> impl IntoView {
    crate::i18n::apply::use_title(|t| t.applicant_title);
    let s = use_session();
    let i18n = use_i18n();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let navigate = use_navigate();
    let query = use_query_map();
    let initial = s.draft.with_untracked(|d| d.applicant.clone());
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    let message = move |e: &FieldError| e.message.get(i18n.lang()).to_string();

    // Checked on "Continue" only, as GOV.UK does: checking a field as it lost focus added and
    // removed messages above the next one, moving it under the citizen's finger.
    let on_submit = {
        let procedure_id = procedure_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            let Some(applicant) = read(&form) else { return };
            let office = web_sys::FormData::new_with_form(&form).ok().and_then(|d| d.get("office").as_string());
            let found = applicant.validate(this_year());
            s.update(|d| {
                d.applicant = applicant;
                d.office_id = office.or(d.office_id.take());
                d.applicant_done = found.is_empty();
            });
            if found.is_empty() {
                errors.set(Vec::new());
                let back_to_review = query.with_untracked(|q| q.get("quay-lai").is_some());
                let next = if back_to_review { "kiem-tra" } else { "giay-to" };
                navigate(&format!("{}/{next}", link(&procedure_id)), Default::default());
            } else {
                errors.set(found);
                // The summary takes focus so a screen reader reads the problems first.
                focus_summary();
            }
        }
    };
    let offices = s.offices.with_value(|all| {
        all.iter().filter(|o| o.receives(&procedure_id)).map(|o| (o.id.clone(), o.name.clone())).collect::<Vec<_>>()
    });
    let chosen = s.office().map(|o| o.id);
    let gender = initial.gender;

    view! {
        {caption(1)}
        <h1>{tra(|t| t.applicant_title)}</h1>
        {move || error_summary(i18n.apply().error_summary, errors.with(|all| all.iter().map(|e| (e.field.clone(), message(e))).collect()))}
        <form class="applicant-form" novalidate on:submit=on_submit>
            {FIELDS.iter().map(|f| {
                let name = f.name;
                let error = move || errors.with(|all| all.iter().find(|e| e.field == name).map(|e| e.message.get(i18n.lang()).to_string()));
                let described = move || {
                    let mut ids = Vec::new();
                    if f.hint.is_some() { ids.push(format!("{name}-hint")); }
                    if error().is_some() { ids.push(format!("{name}-error")); }
                    ids.join(" ")
                };
                let hint = f.hint;
                let label = f.label;
                view! {
                    <div class="form-group" class:form-group--error=move || error().is_some()>
                        <label class="label" for=name>{move || label(i18n.apply())}</label>
                        {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{move || h(i18n.apply())}</p> })}
                        {move || error().map(|m| view! { <p class="error-message" id=format!("{name}-error")>{m}</p> })}
                        <input
                            class="input" class:input--error=move || error().is_some()
                            id=name name=name type=f.kind autocomplete=f.autocomplete inputmode=f.inputmode
                            value=value_of(&initial, name)
                            aria-describedby=described
                            aria-invalid=move || error().is_some().then_some("true")
                        />
                    </div>
                }
            }).collect_view()}
            <fieldset class="form-group fieldset">
                <legend class="label">{tra(|t| t.gender)}</legend>
                <div class="radios">
                    <div class="radio">
                        <input type="radio" id="gender" name="gender" value="male" checked=gender == Some(Gender::Male)/>
                        <label for="gender">{tra(|t| t.male)}</label>
                    </div>
                    <div class="radio">
                        <input type="radio" id="gender-female" name="gender" value="female" checked=gender == Some(Gender::Female)/>
                        <label for="gender-female">{tra(|t| t.female)}</label>
                    </div>
                </div>
            </fieldset>
            {(offices.len() > 1).then(|| view! {
                <div class="form-group">
                    <label class="label" for="office">{tra(|t| t.office)}</label>
                    <select class="select" id="office" name="office">
                        {offices.into_iter().map(|(id, name)| {
                            let selected = Some(&id) == chosen.as_ref();
                            view! { <option value=id selected=selected>{move || name.get(i18n.lang()).to_string()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <p class="hint">
                {if crate::kiosk::is_on() { tra(|t| t.kept_until_finish) } else { tra(|t| t.saved_on_device) }}
            </p>
            <button type="submit" class="button">{tra(|t| t.continue_)}</button>
        </form>
    }
}
