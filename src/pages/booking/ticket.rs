//! A ticket (`/dat-lich/phieu/{id}`): the number said at the desk, where and when, the promise,
//! and a QR code of this very page (the officer's check-in reads the id from it; the citizen's
//! phone opens the ticket again). While booked: print it, apply online first, move it, or cancel
//! it with the ID number or phone used to book. The id is the only key: the page names nobody.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::dossier::LookupRequest;
use motcua_domain::format::moment_short;
use motcua_domain::office::Office;
use motcua_domain::slots::{BookingStatus, Ticket};
use motcua_domain::Lang;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use crate::api::appointments::{self, Refused};
use crate::api::{self, ApiFailure};
use crate::components::form::{field, field_html, input_html, FormGroup, Typing};
use crate::components::html::{el, Html};
use crate::components::load_error::LoadError;
use crate::components::markup::{markup, markup_once};
use crate::components::receipt::qr_svg;
use crate::components::summary::{self, Row};
use crate::i18n::booking::{words as booking_words, BookingTexts};
use crate::i18n::use_i18n;
use crate::router::use_params_map;

/// The ticket's promise: the same day, the next morning (a programme Friday after the cut-off),
/// or none.
pub fn promise<'a>(ticket: &Ticket, office: Option<&Office>, t: &'a BookingTexts) -> Option<&'a str> {
    let friday = ticket
        .start
        .get(..10)
        .and_then(motcua_domain::wire::parse_date)
        .is_some_and(|d| chrono::Datelike::weekday(&d) == chrono::Weekday::Fri);
    let programme = office.is_some_and(|o| o.friday_programme.covers(&ticket.procedure_id));
    if ticket.same_day {
        Some(t.same_day)
    } else if programme && friday {
        Some(t.next_morning)
    } else {
        None
    }
}

/// The ticket's card: the number large, then what, where, when and the promise.
pub fn ticket_html(ticket: &Ticket, office: Option<&Office>, t: &BookingTexts, lang: Lang) -> Html {
    let when = format!("{}–{}", moment_short(&ticket.start, lang), ticket.end.get(11..16).unwrap_or(""));
    let mut place = Html::text(ticket.office.get(lang));
    if let Some(o) = office {
        place += el("br").void() + Html::text(o.address.get(lang));
    }
    let mut rows =
        Row { testid: Some("ticket-procedure"), ..Row::new(t.procedure_label, Html::text(ticket.procedure.get(lang))) }
            .html()
            + Row { testid: Some("ticket-place"), ..Row::new(t.place_label, place) }.html()
            + Row { testid: Some("ticket-time"), ..Row::new(t.time_label, Html::text(&when)) }.html();
    if let Some(p) = promise(ticket, office, t) {
        rows += Row::new("", el("strong").text(p)).html();
    }
    el("div").class("ticket").attr("data-testid", "ticket").html(
        el("p").class("ticket__label").text(t.ticket_number)
            + el("p").class("ticket__number").attr("data-testid", "ticket-number").text(&ticket.number)
            + summary::list(rows),
    )
}

/// The QR code of the ticket's own address.
pub fn ticket_qr(id: &str, t: &BookingTexts) -> Html {
    let origin = crate::dom::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let svg = qr_svg(&format!("{origin}{}", href::ticket(id))).unwrap_or_default();
    el("div").class("qr").attr("role", "img").attr("aria-label", t.ticket_qr).html(svg)
}

const FACTOR: Typing = Typing { kind: "text", inputmode: "text", autocomplete: "off", width: " input--w12" };

#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.booking().ticket_heading, i18n.t().service_name));
    let params = use_params_map();
    let id = move || params.with(|p| p.get("ticket")).unwrap_or_default();
    let data = api::resource(move || vec![appointments::ticket(&id()), api::OFFICES]);
    let cancel_error = RwSignal::new(None::<String>);
    let cancelled_now = RwSignal::new(false);
    let busy = RwSignal::new(false);
    move || match data.get() {
        None => view! { <p class="loading" role="status">{booking_words(|t| t.loading)}</p> }.into_any(),
        Some(Err(ApiFailure::Server { status: 404 })) => view! {
            <h1>{booking_words(|t| t.ticket_heading)}</h1>
            <p class="notice" role="alert" data-testid="ticket-missing">{booking_words(|t| t.not_found)}</p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.planner_load_error failure on_retry=move |_| data.refetch()/>
        }
        .into_any(),
        Some(Ok(answers)) => {
            let (Ok(ticket), offices) =
                (api::decode::<Ticket>(&answers[0]), api::decode::<Vec<Office>>(&answers[1]).unwrap_or_default())
            else {
                return view! { <LoadError title=|t| t.planner_load_error failure=ApiFailure::Malformed on_retry=move |_| data.refetch()/> }.into_any();
            };
            let office = offices.into_iter().find(|o| o.id == ticket.office_id);
            let ticket = StoredValue::new(ticket);
            let office = StoredValue::new(office);
            let card = move || {
                let (t, lang) = (i18n.booking(), i18n.lang());
                ticket.with_value(|tk| office.with_value(|o| ticket_html(tk, o.as_ref(), t, lang)))
            };
            let booked = ticket.with_value(|t| t.status == BookingStatus::Booked);
            let walk_in = ticket.with_value(|t| t.walk_in);
            let status_line = move || {
                let t = i18n.booking();
                let status =
                    if cancelled_now.get() { BookingStatus::Cancelled } else { ticket.with_value(|t| t.status) };
                match status {
                    BookingStatus::Booked => None,
                    BookingStatus::Cancelled if cancelled_now.get() => Some(t.cancelled_now),
                    BookingStatus::Cancelled => Some(t.status_cancelled),
                    BookingStatus::CheckedIn => Some(t.status_checked_in),
                    BookingStatus::NoShow => Some(t.status_no_show),
                }
                .map(|line| view! { <p class="notice" role="status" data-testid="ticket-status">{line}</p> })
            };
            let on_cancel = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if busy.get_untracked() {
                    return;
                }
                let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                    return;
                };
                let t = i18n.booking();
                let Ok(factor) = LookupRequest::from_typed(&field(&form, "factor")) else {
                    cancel_error.set(Some(t.factor_missing.to_string()));
                    crate::dom::focus("factor");
                    return;
                };
                let id = ticket.with_value(|t| t.id.clone());
                busy.set(true);
                spawn_local(async move {
                    let t = i18n.booking();
                    match appointments::cancel(&id, &factor).await {
                        Ok(()) => {
                            cancel_error.set(None);
                            cancelled_now.set(true);
                            request_animation_frame(|| {
                                crate::dom::focus("ticket-heading");
                            });
                        }
                        Err(Refused::Said { status: 404, .. }) => cancel_error.set(Some(t.not_yours.to_string())),
                        Err(r) => cancel_error.set(Some(r.sentence(i18n.lang()))),
                    }
                    busy.set(false);
                });
            };
            let cancel_field = move || {
                let t = i18n.booking();
                let e = cancel_error.get();
                let ask = FormGroup {
                    id: "factor",
                    label: t.factor_label,
                    hint: Some(t.factor_hint),
                    error: e.as_deref(),
                    heading: false,
                };
                field_html(&ask, input_html(&ask, "", &FACTOR))
            };
            let (procedure_id, office_id, tid) =
                ticket.with_value(|t| (t.procedure_id.clone(), t.office_id.clone(), t.id.clone()));
            let dossier = ticket.with_value(|t| t.dossier_code.clone());
            let again = href::book_where(&procedure_id, Some(&office_id));
            let move_href = href::book_when(&procedure_id, &office_id, Some(&tid));
            let apply_href = format!(
                "{}?hen={}&noi={}",
                href::apply(&procedure_id, None),
                motcua_domain::browse::encode(&tid),
                motcua_domain::browse::encode(&office_id)
            );
            let kiosk = crate::kiosk::is_on();
            view! {
                <h1 id="ticket-heading" tabindex="-1">{booking_words(|t| t.ticket_heading)}</h1>
                {status_line}
                {markup(card)}
                {move || (!cancelled_now.get()).then(|| markup_once(ticket_qr(&tid, i18n.booking())))}
                {move || cancelled_now.get().then(|| view! {
                    <p><a class="button" href=again.clone() data-testid="book-again">{booking_words(|t| t.book_again)}</a></p>
                })}
                {move || (booked && !cancelled_now.get()).then(|| {
                    let (apply_href, move_href, dossier) = (apply_href.clone(), move_href.clone(), dossier.clone());
                    view! { <div class="no-print">
                        <p class="hint">{move || if kiosk { i18n.booking().ticket_kiosk_keep } else { i18n.booking().ticket_keep }}</p>
                        <p><button type="button" class="button button--secondary" on:click=|_| crate::dom::print()>{booking_words(|t| t.print)}</button></p>
                        {(!walk_in).then(|| view! {
                            {match dossier.clone() {
                                Some(code) => view! { <p class="notice" data-testid="ticket-dossier">{move || (i18n.booking().dossier_attached)(&code)}</p> }.into_any(),
                                None => view! {
                                    <h2>{booking_words(|t| t.apply_before)}</h2>
                                    <p>{booking_words(|t| t.apply_before_hint)}</p>
                                    <p><a class="nav-link" href=apply_href.clone()>{booking_words(|t| t.apply_before)}</a></p>
                                }.into_any(),
                            }}
                            <p><a class="nav-link" href=move_href.clone() data-testid="move-ticket">{booking_words(|t| t.move_link)}</a></p>
                            <h2>{booking_words(|t| t.cancel_heading)}</h2>
                            <form novalidate on:submit=on_cancel data-testid="cancel-form">
                                {markup(cancel_field)}
                                <button type="submit" class="button button--warning" aria-disabled=move || busy.get().then_some("true")>{booking_words(|t| t.cancel_button)}</button>
                            </form>
                        })}
                    </div> }
                })}
            }
            .into_any()
        }
    }
}
