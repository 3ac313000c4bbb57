//! Drafts and receipts kept on this device (localStorage: small JSON, read synchronously at
//! start). File bytes live in IndexedDB ([`super::device`]).

use motcua_domain::dossier::Receipt;
use motcua_domain::draft::Draft;

use crate::dom::local_storage as storage;

fn draft_key(procedure_id: &str) -> String {
    format!("motcua.draft.{procedure_id}")
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Random hex from the browser's cryptographic generator.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The draft for a procedure, unless there is none or it is older than 30 days.
pub fn load(procedure_id: &str) -> Option<Draft> {
    let s = storage()?;
    let draft: Draft = serde_json::from_str(&s.get_item(&draft_key(procedure_id)).ok()??).ok()?;
    if draft.expired(now_ms()) {
        let _ = s.remove_item(&draft_key(procedure_id));
        return None;
    }
    Some(draft)
}

pub fn save(draft: &Draft) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&draft_key(&draft.procedure_id), &json);
    }
}

pub fn remove(procedure_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(procedure_id));
    }
}

pub fn save_receipt(receipt: &Receipt) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(receipt)) {
        let _ = s.set_item(&format!("motcua.receipt.{}", receipt.code), &json);
    }
}

pub fn load_receipt(code: &str) -> Option<Receipt> {
    serde_json::from_str(&storage()?.get_item(&format!("motcua.receipt.{code}")).ok()??).ok()
}
