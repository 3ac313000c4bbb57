//! The receipt, shown only after the back end acknowledged the dossier: code, times, what comes
//! next and a QR code of the tracking link. Kept on the device so its URL reopens it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua_domain::dossier::Receipt;
use qrcodegen::{QrCode, QrCodeEcc};

use super::PATH;
use crate::i18n::apply::tr as tra;
use crate::i18n::use_i18n;
use crate::upload::drafts;

pub fn link(code: &str) -> String {
    format!("{PATH}/bien-nhan/{}", motcua_domain::browse::encode(code))
}

/// Where the QR code leads: tracking for this code (the ID number is asked there, never put in
/// a link).
fn tracking_url(code: &str) -> String {
    let origin = crate::dom::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{}", crate::pages::track::link(code))
}

/// The QR code as an SVG path: one square per dark module, a quiet zone of four.
fn qr_svg(text: &str) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let full = size + 8;
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    crate::i18n::apply::use_title(|t| t.receipt_title);
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
    match drafts::load_receipt(&code) {
        Some(r) => view! { <ReceiptView r/> }.into_any(),
        None => view! {
            <h1>{tra(|t| t.receipt_title)}</h1>
            <p class="lead">{tra(|t| t.receipt_missing)}</p>
        }
        .into_any(),
    }
}

#[component]
fn ReceiptView(r: Receipt) -> impl IntoView {
    let i18n = use_i18n();
    let qr = qr_svg(&tracking_url(&r.code)).unwrap_or_default();
    let print = |_| crate::dom::print();
    let code = r.code.clone();
    let tracking_path = crate::pages::track::link(&r.code);
    move || {
        let (t, lang) = (i18n.apply(), i18n.lang());
        let appointment = r
            .appointment_at
            .as_deref()
            .map(motcua_domain::format::moment_short)
            .unwrap_or_else(|| t.appointment_unknown.to_string());
        view! {
            <div class="panel panel--yes receipt">
                <h1 class="receipt__title">{t.receipt_title}</h1>
                <p>{t.receipt_code}</p>
                <p class="receipt__code" data-testid="dossier-code">{code.clone()}</p>
            </div>
            <dl class="summary-list">
                <div class="summary-list__row"><dt>{i18n.t().planner.procedure}</dt><dd>{r.procedure.get(lang).to_string()}</dd></div>
                <div class="summary-list__row"><dt>{t.office}</dt><dd>{r.office.get(lang).to_string()}</dd></div>
                <div class="summary-list__row"><dt>{t.received_at}</dt><dd>{motcua_domain::format::moment_short(&r.received_at)}</dd></div>
                <div class="summary-list__row"><dt>{t.appointment}</dt><dd data-testid="appointment">{appointment}</dd></div>
            </dl>
            <h2>{t.next_steps}</h2>
            <ul class="checklist">{r.next_steps.iter().map(|s| view! { <li>{s.get(lang).to_string()}</li> }).collect_view()}</ul>
            <div class="qr" role="img" aria-label=t.qr_label inner_html=qr.clone()></div>
            <p class="no-print"><button type="button" class="button button--secondary" on:click=print>{t.print}</button></p>
            <p class="no-print"><a class="nav-link" href=tracking_path.clone() rel="external">{t.track_this}</a></p>
        }
    }
}
