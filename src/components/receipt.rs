//! The receipt's markup: the code, the times, what comes next and a QR code of the tracking
//! link (the tracking bundle's receipt page draws it).

use motcua_domain::dossier::Receipt;
use qrcodegen::{QrCode, QrCodeEcc};

use crate::components::html::{el, Html};
use crate::components::summary::{self, Row};
use crate::i18n::tracking::TrackingTexts;

/// The QR code as an SVG path: one square per dark module, a quiet zone of four.
pub fn qr_svg(text: &str) -> Option<Html> {
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
    Some(
        el("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("viewBox", &format!("0 0 {full} {full}"))
            .attr("shape-rendering", "crispEdges")
            .html(
                el("rect").attr("width", "100%").attr("height", "100%").attr("fill", "#fff").empty()
                    + el("path").attr("d", &path).attr("fill", "#000").empty(),
            ),
    )
}

/// The receipt itself as markup (a view per row shape cost the tracking bundle its budget when
/// the receipt moved there).
pub fn receipt_html(r: &Receipt, qr: &Html, t: &TrackingTexts, lang: motcua_domain::Lang) -> Html {
    let row = |label: &'static str, testid: &'static str, at: Option<&str>, text: &str| {
        let time = at.map(|at| el("time").attr("datetime", at).text(&motcua_domain::format::moment_short(at, lang)));
        Row { testid: Some(testid), ..Row::new(label, Html::from(time) + Html::text(text)) }.html()
    };
    let mut rows = row(t.procedure, "procedure", None, r.procedure.get(lang));
    rows += row(t.office, "office", None, r.office.get(lang));
    rows += row(t.receipt_received_at, "submitted-at", Some(&r.received_at), "");
    if let Some(at) = r.counted_from.as_deref() {
        rows += row(t.receipt_counted_from, "counted-from", Some(at), "");
    }
    let unknown = if r.appointment_at.is_none() { t.receipt_appointment_unknown } else { "" };
    rows += row(t.receipt_appointment, "appointment", r.appointment_at.as_deref(), unknown);
    let note = r.counted_from.is_some().then(|| el("p").class("hint").text(t.receipt_counted_note));
    let steps: Html = r.next_steps.iter().map(|s| el("li").text(s.get(lang))).collect();
    el("div").class("panel panel--yes receipt").html(
        el("h1").class("receipt__title").text(t.receipt_title)
            + el("p").text(t.receipt_code)
            + el("p").class("receipt__code").attr("data-testid", "dossier-code").text(&r.code),
    ) + summary::list(rows)
        + Html::from(note)
        + el("h2").text(t.receipt_next_steps)
        + el("ul").class("checklist").html(steps)
        + el("div").class("qr").attr("role", "img").attr("aria-label", t.receipt_qr_label).html(qr.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};
    use motcua_domain::Lang;

    #[test]
    fn the_receipt_shows_what_the_back_end_sent_as_text_with_its_times_and_code() {
        let r: Receipt = serde_json::from_value(serde_json::json!({
            "code": HOSTILE,
            "procedure": { "vi": HOSTILE, "en": HOSTILE },
            "office": { "vi": HOSTILE, "en": HOSTILE },
            "status": "submitted",
            "received_at": "2026-11-27T16:00:00+07:00",
            "counted_from": "2026-11-30T07:30:00+07:00",
            "appointment_at": null,
            "appointment_kind": "unknown",
            "next_steps": [{ "vi": HOSTILE, "en": HOSTILE }],
            "documents": 1
        }))
        .unwrap();
        let qr = qr_svg("https://motcua.example/tra-cuu/000.21").unwrap();
        let t = crate::i18n::tracking::texts(Lang::Vi);
        let html = receipt_html(&r, &qr, t, Lang::Vi);
        let h = html.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert_eq!(h.matches("&lt;img").count(), 4, "code, procedure, office, next step: {h}");
        assert!(h.contains(r#"<dd data-testid="submitted-at"><time datetime="2026-11-27T16:00:00+07:00">"#), "{h}");
        assert!(h.contains(r#"data-testid="counted-from""#) && h.contains(t.receipt_counted_note), "{h}");
        assert!(h.contains(&format!(r#"<dd data-testid="appointment">{}</dd>"#, t.receipt_appointment_unknown)), "{h}");
        assert!(h.contains(r#"<div class="qr" role="img" aria-label=""#) && h.contains("<svg xmlns="), "{h}");
        assert!(qr.as_str().contains(r#"<path d="M4,4h1v1h-1z"#), "a QR code starts with its finder pattern");
    }
}
