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
            <h1>{tra(|t| t.receipt_missing_title)}</h1>
            <p class="lead" data-testid="receipt-missing">{tra(|t| t.receipt_missing)}</p>
            <p><a class="nav-link" href=crate::pages::track::link(&code) rel="external">{tra(|t| t.track_this)}</a></p>
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
        // One row shape for all five (each distinct view shape costs the wasm its own code).
        let row = |label: &'static str, testid: &'static str, at: Option<&str>, text: String| {
            (label, testid, at.map(str::to_string), text)
        };
        let mut rows = vec![
            row(i18n.t().planner.procedure, "procedure", None, r.procedure.get(lang).to_string()),
            row(t.office, "office", None, r.office.get(lang).to_string()),
            row(t.received_at, "submitted-at", Some(&r.received_at), String::new()),
        ];
        if let Some(at) = r.counted_from.as_deref() {
            rows.push(row(t.counted_from, "counted-from", Some(at), String::new()));
        }
        let unknown = if r.appointment_at.is_none() { t.appointment_unknown.to_string() } else { String::new() };
        rows.push(row(t.appointment, "appointment", r.appointment_at.as_deref(), unknown));
        view! {
            <div class="panel panel--yes receipt">
                <h1 class="receipt__title">{t.receipt_title}</h1>
                <p>{t.receipt_code}</p>
                <p class="receipt__code" data-testid="dossier-code">{code.clone()}</p>
            </div>
            <dl class="summary-list">
                {rows.into_iter().map(|(label, testid, at, text)| view! {
                    <div class="summary-list__row">
                        <dt>{label}</dt>
                        <dd data-testid=testid>
                            {at.map(|at| view! { <time datetime=at.clone()>{motcua_domain::format::moment_short(&at)}</time> })}
                            {text}
                        </dd>
                    </div>
                }).collect_view()}
            </dl>
            {r.counted_from.is_some().then(|| view! { <p class="hint">{t.counted_note}</p> })}
            <h2>{t.next_steps}</h2>
            <ul class="checklist">{r.next_steps.iter().map(|s| view! { <li>{s.get(lang).to_string()}</li> }).collect_view()}</ul>
            <div class="qr" role="img" aria-label=t.qr_label inner_html=qr.clone()></div>
            <p class="no-print"><button type="button" class="button button--secondary" on:click=print>{t.print}</button></p>
            <p class="no-print"><a class="nav-link" href=tracking_path.clone() rel="external">{t.track_this}</a></p>
        }
    }
}
