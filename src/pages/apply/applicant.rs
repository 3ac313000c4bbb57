//! Step 1: who applies. Checked on leaving each field and on continuing, with the same rules the
//! back end applies; problems are listed at the top, each linked to its field.

use crate::router::{use_navigate, use_query_map};
use leptos::prelude::*;
use motcua_domain::applicant::{Applicant, FieldError, Gender};

use super::{caption, step_link, use_session, Stage};
use crate::components::form::{self, error_summary, focus_summary, get, typed, FormGroup, Typed, Typing};
use crate::components::html::Html;
use crate::components::markup::markup;
use crate::i18n::apply::words as apply_words;
use crate::i18n::apply::ApplyTexts;
use crate::i18n::use_i18n;
use motcua_routes::Step;

fn this_year() -> u16 {
    js_sys::Date::new_0().get_full_year() as u16
}

/// The applicant as typed in the form (unparseable numbers become 0 and fail their check).
fn read(typed: &Typed) -> Applicant {
    let email = get(typed, "email");
    Applicant {
        full_name: get(typed, "full_name"),
        citizen_id: get(typed, "citizen_id"),
        birth_year: get(typed, "birth_year").parse().unwrap_or(0),
        gender: match get(typed, "gender").as_str() {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        },
        phone: get(typed, "phone"),
        email: (!email.is_empty()).then_some(email),
        address: get(typed, "address"),
    }
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
        "gender" => match a.gender {
            Some(Gender::Male) => "male".into(),
            Some(Gender::Female) => "female".into(),
            None => String::new(),
        },
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
    let form_ref = NodeRef::<leptos::html::Form>::new();

    // Checked on "Continue" only, as GOV.UK does: checking a field as it lost focus added and
    // removed messages above the next one, moving it under the citizen's finger.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = form_ref.get_untracked() else { return };
        let typed = typed(&form);
        let applicant = read(&typed);
        let office = Some(get(&typed, "office")).filter(|o| !o.is_empty());
        let found = applicant.validate(this_year());
        s.update(|d| {
            d.applicant = applicant;
            d.office_id = office.or(d.office_id.take());
            d.applicant_done = found.is_empty();
        });
        if found.is_empty() {
            errors.set(Vec::new());
            let back_to_review = query.with_untracked(|q| q.get("quay-lai").is_some());
            let next = step_link(&procedure_id, if back_to_review { Step::Review } else { Step::Documents });
            navigate(&next, Default::default());
        } else {
            errors.set(found);
            // The summary takes focus so a screen reader reads the problems first.
            focus_summary();
        }
    };
    let procedure = s.detail.with_value(|d| d.summary.id.clone());
    let offices = s.offices.with_value(|all| {
        all.iter().filter(|o| o.receives(&procedure)).map(|o| (o.id.clone(), o.name.clone())).collect::<Vec<_>>()
    });
    let chosen = s.office().map(|o| o.id).unwrap_or_default();

    // The fields as markup of the shared form pieces. Drawn again when a check fails or the
    // language changes, from what the boxes hold at that moment, so nothing typed is lost.
    let kiosk = crate::kiosk::is_on();
    let fields = move || {
        let (t, lang) = (i18n.apply(), i18n.lang());
        let errors = errors.get();
        // (The form exists before its fields are first drawn: then the draft's values.)
        let now: Option<Typed> =
            form_ref.get_untracked().map(|f| typed(&f)).filter(|t| t.iter().any(|(n, _)| n == "full_name"));
        let value = |name: &str| match &now {
            Some(typed) => get(typed, name),
            None if name == "office" => chosen.clone(),
            None => value_of(&initial, name),
        };
        let error = |name: &str| errors.iter().find(|e| e.field == name).map(|e| e.message.get(lang).to_string());
        let mut html = Html::default();
        for field in &FIELDS {
            let error = error(field.name);
            let ask = FormGroup {
                id: field.name,
                label: (field.label)(t),
                hint: field.hint.map(|h| h(t)),
                error: error.as_deref(),
                heading: false,
            };
            // A shared kiosk never offers one person's details to the next, nor keeps them.
            let autocomplete = if kiosk { "off" } else { field.autocomplete };
            let typing = Typing { kind: field.kind, inputmode: field.inputmode, autocomplete, width: "" };
            html += form::field_html(&ask, form::input_html(&ask, &value(field.name), &typing));
        }
        let gender = value("gender");
        let ask = FormGroup { id: "gender", label: t.gender, hint: None, error: None, heading: false };
        let options = [("male", t.male), ("female", t.female)];
        html += form::fieldset_html(&ask, form::choices_html(&ask, "gender", &options, &[gender.as_str()], false));
        if offices.len() > 1 {
            let ask = FormGroup { id: "office", label: t.office, hint: None, error: None, heading: false };
            let options: Vec<(&str, &str)> = offices.iter().map(|(id, name)| (id.as_str(), name.get(lang))).collect();
            html += form::field_html(&ask, form::select_html(&ask, &options, &value("office"), None));
        }
        html
    };

    view! {
        {caption(Stage::Applicant)}
        <h1>{apply_words(|t| t.applicant_title)}</h1>
        {move || error_summary(i18n.apply().error_summary, errors.with(|all| all.iter().map(|e| (e.field.clone(), message(e))).collect()))}
        <form class="applicant-form" novalidate node_ref=form_ref on:submit=on_submit
            autocomplete=kiosk.then_some("off")>
            {markup(fields)}
            <p class="hint">
                {if crate::kiosk::is_on() { apply_words(|t| t.kept_until_finish) } else { apply_words(|t| t.saved_on_device) }}
            </p>
            <button type="submit" class="button">{apply_words(|t| t.continue_)}</button>
        </form>
    }
}
