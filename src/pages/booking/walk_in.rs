//! A commune kiosk's walk-in numbers (`/dat-lich/lay-so/{office}`): the citizen says what they
//! came for and gets a number for today's next free time at this desk, shown large and printed
//! where a printer is attached. The number names nobody; "next person" clears it at once (and
//! the kiosk's idle wipe does too).

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::slots::Ticket;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use super::{with_desks, Desks};
use crate::api::appointments::{self, Refused};
use crate::components::form::field;
use crate::components::html::{el, Html};
use crate::components::markup::markup;
use crate::i18n::booking::words as booking_words;
use crate::i18n::use_i18n;
use crate::router::use_params_map;

#[component]
pub fn WalkInPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.booking().walk_in_title, i18n.t().service_name));
    let params = use_params_map();
    let issued = RwSignal::new(None::<Ticket>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let page = move |d: Desks, _: Vec<String>| {
        let office_id = params.with(|p| p.get("office")).unwrap_or_default();
        let Some(office) = d.office(&office_id).cloned() else {
            // Which desk this kiosk stands at: set once by whoever sets the kiosk up.
            let offices: Vec<(String, String)> =
                d.offices.iter().map(|o| (href::walk_in(Some(&o.id)), o.id.clone())).collect();
            let d = StoredValue::new(d);
            return view! {
                <h1>{booking_words(|t| t.walk_in_office)}</h1>
                <ul class="office-links">
                    {offices.into_iter().map(|(link, id)| {
                        let id2 = id.clone();
                        view! { <li><a class="nav-link" href=link>{move || d.with_value(|d| d.office(&id2).map(|o| o.name.get(i18n.lang()).to_string()).unwrap_or_default())}</a></li> }
                    }).collect_view()}
                </ul>
            }
            .into_any();
        };
        let d = StoredValue::new(d);
        let oid = office.id.clone();
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let procedure = field(&form, "procedure");
            let oid = oid.clone();
            busy.set(true);
            problem.set(None);
            spawn_local(async move {
                let (t, lang) = (i18n.booking(), i18n.lang());
                match appointments::walk_in(&oid, &procedure).await {
                    Ok(ticket) => {
                        issued.set(Some(ticket));
                        request_animation_frame(|| {
                            crate::dom::focus("walk-in-number");
                        });
                    }
                    Err(Refused::Said { status: 409, .. }) => problem.set(Some(t.walk_in_full.to_string())),
                    Err(r) => problem.set(Some(r.sentence(lang))),
                }
                busy.set(false);
            });
        };
        let procedures = move || {
            let (t, lang) = (i18n.booking(), i18n.lang());
            d.with_value(|d| {
                let office = d.office(&office_id);
                let groups: Html = d
                    .catalogue
                    .by_field()
                    .into_iter()
                    .map(|g| {
                        let options: Html = g
                            .procedures
                            .iter()
                            .filter(|p| office.is_some_and(|o| o.receives(&p.id)))
                            .map(|p| el("option").attr("value", &p.id).text(p.name.get(lang)))
                            .collect();
                        el("optgroup").attr("label", g.field.name.get(lang)).html(options)
                    })
                    .collect();
                el("label").class("label label--m").attr("for", "procedure").text(t.walk_in_procedure)
                    + el("select").class("select select--wide").id("procedure").attr("name", "procedure").html(groups)
            })
        };
        let name = office.name.clone();
        let office_for_promise = office.clone();
        view! {
            {move || match issued.get() {
                Some(ticket) => {
                    let t = i18n.booking();
                    let lang = i18n.lang();
                    let at = ticket.start.get(11..16).unwrap_or("").to_string();
                    let promise = super::ticket::promise(&ticket, Some(&office_for_promise), t);
                    view! {
                        <div class="walk-in" data-testid="walk-in">
                            <p class="ticket__label">{t.walk_in_your_number}</p>
                            <p class="ticket__number ticket__number--huge" id="walk-in-number" tabindex="-1" data-testid="walk-in-number">{ticket.number.clone()}</p>
                            <p class="lead">{(t.walk_in_at)(&at)}</p>
                            <p>{ticket.procedure.get(lang).to_string()}</p>
                            {promise.map(|p| view! { <p><strong>{p}</strong></p> })}
                            <p><button type="button" class="button button--secondary" on:click=|_| crate::dom::print()>{t.print}</button></p>
                            <p><button type="button" class="button" data-testid="walk-in-next" on:click=move |_| issued.set(None)>{t.walk_in_next}</button></p>
                        </div>
                    }
                    .into_any()
                }
                None => {
                    let on_submit = on_submit.clone();
                    let name = name.clone();
                    view! {
                        <h1>{booking_words(|t| t.walk_in_title)}</h1>
                        <p class="lead">{move || name.get(i18n.lang()).to_string()}</p>
                        <p>{booking_words(|t| t.walk_in_lead)}</p>
                        {move || problem.get().map(|m| view! { <div class="notice notice--error" role="alert" data-testid="walk-in-refused"><p>{m}</p></div> })}
                        <form novalidate on:submit=on_submit>
                            <div class="form-group">{markup(procedures.clone())}</div>
                            <button type="submit" class="button button--large" aria-disabled=move || busy.get().then_some("true")>{booking_words(|t| t.walk_in_button)}</button>
                        </form>
                    }
                    .into_any()
                }
            }}
        }
        .into_any()
    };
    with_desks(Vec::new, page)
}
