//! Booking, step 3 (`/dat-lich/{procedure}/{office}/nguoi-dat?gio=…&doi=…`): what was chosen,
//! with a way to change each, then who comes (name, ID number, phone: the desk's own checks,
//! run again by the back end) and the booking; or, when moving the ticket `doi`, only the ID
//! number or phone that proves it is theirs. A window that filled meanwhile sends the citizen
//! back to the times with what they typed kept.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::applicant::FieldError;
use motcua_domain::dossier::LookupRequest;
use motcua_domain::format::moment_short;
use motcua_domain::slots::{MoveRequest, NewAppointment, Visitor};
use motcua_domain::Text;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use super::{back, caption, use_typed, with_desks, Desks};
use crate::api::appointments::{self, Refused};
use crate::components::form::{error_summary, field, field_html, focus_summary, input_html, FormGroup, Typing};
use crate::components::html::Html;
use crate::components::markup::markup;
use crate::components::summary::{self, Change, Row};
use crate::i18n::booking::words as booking_words;
use crate::i18n::use_i18n;
use crate::router::{use_navigate, use_params_map, use_query_map};

/// The back end's (or the validator's) answer, for the page to show.
#[derive(Clone, Default)]
struct Problems {
    fields: Vec<FieldError>,
    /// A sentence for the whole form.
    message: Option<Text>,
    /// The window filled meanwhile: offer the times again.
    taken: bool,
}

/// A refusal in the page's terms (a 409 without fields: the window filled meanwhile).
fn refused(r: Refused) -> Problems {
    use motcua_domain::Lang::{En, Vi};
    match r {
        Refused::Said { status, message, fields } => {
            Problems { taken: status == 409 && fields.is_empty(), message: Some(message), fields }
        }
        other => Problems { message: Some(Text::new(other.sentence(Vi), other.sentence(En))), ..Default::default() },
    }
}

const NAME: Typing = Typing { kind: "text", inputmode: "text", autocomplete: "name", width: "" };
const ID: Typing = Typing { kind: "text", inputmode: "numeric", autocomplete: "off", width: " input--w12" };
const PHONE: Typing = Typing { kind: "tel", inputmode: "tel", autocomplete: "tel", width: " input--w12" };

#[component]
pub fn BookWho() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.booking().who_heading, i18n.t().service_name));
    let params = use_params_map();
    let query = use_query_map();
    let typed = use_typed();
    let problems = RwSignal::new(Problems::default());
    let busy = RwSignal::new(false);
    let page = move |d: Desks, _: Vec<String>| {
        let pid = params.with(|p| p.get("id")).unwrap_or_default();
        let oid = params.with(|p| p.get("office")).unwrap_or_default();
        let start = query.with_untracked(|q| q.get("gio")).unwrap_or_default();
        let moving = query.with_untracked(|q| q.get("doi")).filter(|m| !m.is_empty());
        let (Some(procedure), Some(office)) = (d.procedure(&pid).cloned(), d.office(&oid).cloned()) else {
            return view! { <p class="notice" role="alert">{booking_words(|t| t.no_procedure)}</p> }.into_any();
        };
        let when_href = href::book_when(&pid, &oid, moving.as_deref());
        let navigate = use_navigate();
        let (pid2, oid2, start2, moving2) = (pid.clone(), oid.clone(), start.clone(), moving.clone());
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let navigate = navigate.clone();
            if let Some(ticket) = moving2.clone() {
                let factor = match LookupRequest::from_typed(&field(&form, "factor")) {
                    Ok(f) => f,
                    Err(_) => {
                        let t = crate::i18n::booking::texts;
                        let message = Text::new(
                            t(motcua_domain::Lang::Vi).factor_missing,
                            t(motcua_domain::Lang::En).factor_missing,
                        );
                        problems.set(Problems {
                            fields: vec![FieldError { field: "factor".into(), code: "format".into(), message }],
                            ..Default::default()
                        });
                        focus_summary();
                        return;
                    }
                };
                let req = MoveRequest { citizen_id: factor.citizen_id, phone: factor.phone, start: start2.clone() };
                busy.set(true);
                spawn_local(async move {
                    match appointments::move_to(&ticket, &req).await {
                        Ok(t) => navigate(&href::ticket(&t.id), Default::default()),
                        Err(Refused::Said { status: 404, .. }) => {
                            let t = crate::i18n::booking::texts;
                            let message =
                                Text::new(t(motcua_domain::Lang::Vi).not_yours, t(motcua_domain::Lang::En).not_yours);
                            problems.set(Problems {
                                fields: vec![FieldError { field: "factor".into(), code: "mismatch".into(), message }],
                                ..Default::default()
                            });
                            focus_summary();
                        }
                        Err(r) => {
                            problems.set(refused(r));
                            focus_summary();
                        }
                    }
                    busy.set(false);
                });
                return;
            }
            let visitor = Visitor {
                full_name: field(&form, "full_name"),
                citizen_id: field(&form, "citizen_id"),
                phone: field(&form, "phone"),
            };
            typed.0.set(Some(visitor.clone()));
            let found = visitor.validate();
            if !found.is_empty() {
                problems.set(Problems { fields: found, ..Default::default() });
                focus_summary();
                return;
            }
            let new = NewAppointment {
                office_id: oid2.clone(),
                procedure_id: pid2.clone(),
                start: start2.clone(),
                applicant: visitor,
            };
            busy.set(true);
            spawn_local(async move {
                match appointments::book(&new).await {
                    Ok(t) => navigate(&href::ticket(&t.id), Default::default()),
                    Err(r) => {
                        problems.set(refused(r));
                        focus_summary();
                    }
                }
                busy.set(false);
            });
        };
        let (where_href, when_href2) = (href::book_where(&pid, Some(&oid)), when_href.clone());
        let chosen = {
            let (office, start) = (office.clone(), start.clone());
            move || {
                let (t, lang) = (i18n.booking(), i18n.lang());
                let place = Row {
                    change: Some(Change { href: &where_href, text: t.change, id: None }),
                    ..Row::new(t.place_label, Html::text(office.name.get(lang)))
                };
                let time = Row {
                    change: Some(Change { href: &when_href2, text: t.change, id: None }),
                    ..Row::new(t.time_label, Html::text(&moment_short(&start, lang)))
                };
                summary::list(place.html() + time.html())
            }
        };
        let is_moving = moving.is_some();
        let fields = move || {
            let (t, lang) = (i18n.booking(), i18n.lang());
            let p = problems.get();
            let error = |f: &str| p.fields.iter().find(|e| e.field == f).map(|e| e.message.get(lang).to_string());
            let kiosk = crate::kiosk::is_on();
            let off = |ty: Typing| if kiosk { Typing { autocomplete: "off", ..ty } } else { ty };
            if is_moving {
                let e = error("factor");
                let ask = FormGroup {
                    id: "factor",
                    label: t.factor_label,
                    hint: Some(t.factor_hint),
                    error: e.as_deref(),
                    heading: false,
                };
                return field_html(&ask, input_html(&ask, "", &off(ID)));
            }
            let v = typed.0.get_untracked().unwrap_or(Visitor {
                full_name: String::new(),
                citizen_id: String::new(),
                phone: String::new(),
            });
            let one = |id: &str, label: &str, hint: Option<&str>, value: &str, ty: Typing| {
                let e = error(id);
                let ask = FormGroup { id, label, hint, error: e.as_deref(), heading: false };
                field_html(&ask, input_html(&ask, value, &off(ty)))
            };
            one("full_name", t.name, None, &v.full_name, NAME)
                + one("citizen_id", t.citizen_id, Some(t.citizen_id_hint), &v.citizen_id, ID)
                + one("phone", t.phone, Some(t.phone_hint), &v.phone, PHONE)
        };
        view! {
            {back(when_href.clone())}
            {caption(&procedure)}
            {move || {
                let (t, lang) = (i18n.booking(), i18n.lang());
                let p = problems.get();
                let mut items: Vec<(String, String)> = p.fields.iter().map(|e| (e.field.clone(), e.message.get(lang).to_string())).collect();
                if items.is_empty() {
                    if let Some(m) = &p.message {
                        items.push((if p.taken { "choose-again".into() } else { "book".into() }, m.get(lang).to_string()));
                    }
                }
                error_summary(t.error_summary, items)
            }}
            {move || problems.with(|p| p.taken).then(|| view! {
                <p><a id="choose-again" class="button button--secondary" href=when_href.clone()>{booking_words(|t| t.taken_choose_again)}</a></p>
            })}
            <h1>{move || if is_moving { i18n.booking().factor_heading } else { i18n.booking().who_heading }}</h1>
            <h2 class="heading-s">{booking_words(|t| t.chosen)}</h2>
            {markup(chosen)}
            {(!is_moving).then(|| view! { <p class="hint">{booking_words(|t| t.who_hint)}</p> })}
            <form novalidate on:submit=on_submit data-testid="book-who">
                {markup(fields)}
                <button id="book" type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {move || {
                        let t = i18n.booking();
                        if busy.get() { t.booking_now } else if is_moving { t.move_button } else { t.book }
                    }}
                </button>
            </form>
        }
        .into_any()
    };
    with_desks(Vec::new, page)
}
