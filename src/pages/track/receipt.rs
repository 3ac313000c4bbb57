//! The receipt, shown only after the back end acknowledged the dossier: code, times, what comes
//! next and a QR code of the tracking link. Kept on the device so its URL reopens it. Part of
//! the tracking bundle (the citizen's side after submitting): the application bundle hands it
//! over through the device (see `upload::drafts::load_receipt`), and does not carry this page.

use crate::router::use_params_map;
use leptos::prelude::*;
use motcua_domain::dossier::Receipt;

use crate::components::markup::markup;
use crate::components::receipt::{qr_svg, receipt_html};
use crate::i18n::tracking::words as tracking_words;
use crate::i18n::use_i18n;
use crate::upload::drafts;
use motcua_routes::href;

/// Where the QR code leads: tracking for this code (the ID number is asked there, never put in
/// a link).
fn tracking_url(code: &str) -> String {
    let origin = crate::dom::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{}", href::tracking(code))
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.tracking().receipt_title, i18n.t().service_name));
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
    match drafts::load_receipt(&code) {
        Some(r) => view! { <ReceiptView r/> }.into_any(),
        None => view! {
            <h1>{tracking_words(|t| t.receipt_missing_title)}</h1>
            <p class="lead" data-testid="receipt-missing">{tracking_words(|t| t.receipt_missing)}</p>
            <p><a class="nav-link" href=href::tracking(&code)>{tracking_words(|t| t.receipt_track)}</a></p>
        }
        .into_any(),
    }
}

#[component]
fn ReceiptView(r: Receipt) -> impl IntoView {
    let i18n = use_i18n();
    crate::kiosk::idle::hold_personal();
    let qr = qr_svg(&tracking_url(&r.code)).unwrap_or_default();
    let print = |_| crate::dom::print();
    let tracking_path = href::tracking(&r.code);
    view! {
        {markup(move || receipt_html(&r, &qr, i18n.tracking(), i18n.lang()))}
        <p class="no-print"><button type="button" class="button button--secondary" on:click=print>{tracking_words(|t| t.receipt_print)}</button></p>
        <p class="no-print"><a class="nav-link" href=tracking_path>{tracking_words(|t| t.receipt_track)}</a></p>
    }
}
