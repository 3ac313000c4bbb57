//! The receipt, shown only after the back end acknowledged the dossier: code, times, what comes
//! next and a QR code of the tracking link. Kept on the device so its URL reopens it. Part of
//! the tracking bundle (the citizen's side after submitting): the application bundle hands it
//! over through the device (see `upload::drafts::load_receipt`), and does not carry this page.

use crate::router::use_params_map;
use leptos::prelude::*;
use motcua_domain::dossier::Receipt;
use qrcodegen::{QrCode, QrCodeEcc};

use crate::components::html::escape_html;
use crate::i18n::tracking::{tr as trt, TrackingTexts};
use crate::i18n::use_i18n;
use crate::upload::drafts;
use motcua_routes::href;

/// Where the QR code leads: tracking for this code (the ID number is asked there, never put in
/// a link).
fn tracking_url(code: &str) -> String {
    let origin = crate::dom::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{}", href::tracking(code))
}

/// The QR code as an SVG path: one square per dark module, a quiet zone of four.
fn qr_svg(text: &str) -> Option<String> {
    // Bytes as one segment: the text mode's segment analysis costs the bundle more than it saves.
    let qr = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
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
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.tracking().receipt_title, i18n.t().service_name));
    let params = use_params_map();
    let code = params.with_untracked(|p| p.get("code")).unwrap_or_default();
    match drafts::load_receipt(&code) {
        Some(r) => view! { <ReceiptView r/> }.into_any(),
        None => view! {
            <h1>{trt(|t| t.receipt_missing_title)}</h1>
            <p class="lead" data-testid="receipt-missing">{trt(|t| t.receipt_missing)}</p>
            <p><a class="nav-link" href=href::tracking(&code)>{trt(|t| t.receipt_track)}</a></p>
        }
        .into_any(),
    }
}

/// The receipt itself as one escaped HTML string (a view per row shape cost the tracking bundle
/// its budget when the receipt moved there).
fn receipt_html(r: &Receipt, qr: &str, t: &TrackingTexts, lang: motcua_domain::Lang) -> String {
    let e = escape_html;
    let row = |label: &str, testid: &str, at: Option<&str>, text: &str| {
        let time = at
            .map(|at| {
                format!(r#"<time datetime="{}">{}</time>"#, e(at), e(&motcua_domain::format::moment_short(at, lang)))
            })
            .unwrap_or_default();
        format!(
            r#"<div class="summary-list__row"><dt>{}</dt><dd data-testid="{testid}">{time}{}</dd></div>"#,
            e(label),
            e(text)
        )
    };
    let mut rows = row(t.procedure, "procedure", None, r.procedure.get(lang));
    rows += &row(t.office, "office", None, r.office.get(lang));
    rows += &row(t.receipt_received_at, "submitted-at", Some(&r.received_at), "");
    if let Some(at) = r.counted_from.as_deref() {
        rows += &row(t.receipt_counted_from, "counted-from", Some(at), "");
    }
    let unknown = if r.appointment_at.is_none() { t.receipt_appointment_unknown } else { "" };
    rows += &row(t.receipt_appointment, "appointment", r.appointment_at.as_deref(), unknown);
    let note = if r.counted_from.is_some() {
        format!(r#"<p class="hint">{}</p>"#, e(t.receipt_counted_note))
    } else {
        String::new()
    };
    let steps: String = r.next_steps.iter().map(|s| format!("<li>{}</li>", e(s.get(lang)))).collect();
    format!(
        r#"<div class="panel panel--yes receipt"><h1 class="receipt__title">{}</h1><p>{}</p><p class="receipt__code" data-testid="dossier-code">{}</p></div><dl class="summary-list">{rows}</dl>{note}<h2>{}</h2><ul class="checklist">{steps}</ul><div class="qr" role="img" aria-label="{}">{qr}</div>"#,
        e(t.receipt_title),
        e(t.receipt_code),
        e(&r.code),
        e(t.receipt_next_steps),
        e(t.receipt_qr_label),
    )
}

#[component]
fn ReceiptView(r: Receipt) -> impl IntoView {
    let i18n = use_i18n();
    crate::kiosk::idle::hold_personal();
    let qr = qr_svg(&tracking_url(&r.code)).unwrap_or_default();
    let print = |_| crate::dom::print();
    let tracking_path = href::tracking(&r.code);
    view! {
        <div inner_html=move || receipt_html(&r, &qr, i18n.tracking(), i18n.lang())></div>
        <p class="no-print"><button type="button" class="button button--secondary" on:click=print>{trt(|t| t.receipt_print)}</button></p>
        <p class="no-print"><a class="nav-link" href=tracking_path>{trt(|t| t.receipt_track)}</a></p>
    }
}
