//! Drafts and receipts kept on this device: in localStorage (small JSON, read synchronously at
//! start) on a personal device, in this page's memory only on a shared kiosk. File bytes live in
//! IndexedDB ([`super::device`]).

use std::cell::RefCell;

use motcua_domain::dossier::Receipt;
use motcua_domain::draft::Draft;

use crate::dom::local_storage;
use crate::kiosk;

const DRAFT_PREFIX: &str = "motcua.draft.";

thread_local! {
    /// A kiosk's drafts and receipts: gone with the page, never written to the browser's storage.
    /// (A short list: a map type would cost the wasm several KiB.)
    static MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn get(key: &str) -> Option<String> {
    if kiosk::is_on() {
        MEMORY.with(|m| m.borrow().iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    } else {
        local_storage()?.get_item(key).ok()?
    }
}

/// A kiosk's draft secrets (never what the drafts hold), in this tab's sessionStorage: a page of
/// another bundle, loaded in place of the application, has none of its memory, yet its "finish
/// and clear" must close the drafts this visit began (the wipe then empties the storage).
const KIOSK_TOKENS: &str = "motcua.kiosk.drafts";

fn kiosk_tokens() -> Vec<String> {
    let list = crate::dom::session_storage().and_then(|s| s.get_item(KIOSK_TOKENS).ok().flatten());
    list.unwrap_or_default().split(',').filter(|t| !t.is_empty()).map(str::to_string).collect()
}

fn remember_kiosk_token(token: &str) {
    let mut tokens = kiosk_tokens();
    if !tokens.iter().any(|t| t == token) {
        tokens.push(token.to_string());
        if let Some(s) = crate::dom::session_storage() {
            let _ = s.set_item(KIOSK_TOKENS, &tokens.join(","));
        }
    }
}

fn set(key: &str, value: String) {
    if kiosk::is_on() {
        if key.starts_with(DRAFT_PREFIX) {
            if let Some(token) = token_in(&value) {
                remember_kiosk_token(&token);
            }
        }
        MEMORY.with(|m| {
            let mut m = m.borrow_mut();
            m.retain(|(k, _)| k != key);
            m.push((key.to_string(), value));
        });
    } else if let Some(s) = local_storage() {
        let _ = s.set_item(key, &value);
    }
}

fn delete(key: &str) {
    MEMORY.with(|m| m.borrow_mut().retain(|(k, _)| k != key));
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

fn draft_key(procedure_id: &str) -> String {
    format!("{DRAFT_PREFIX}{procedure_id}")
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Random hex from the browser's cryptographic generator.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = crate::dom::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The draft for a procedure, unless there is none or it is older than 30 days.
pub fn load(procedure_id: &str) -> Option<Draft> {
    let draft: Draft = serde_json::from_str(&get(&draft_key(procedure_id))?).ok()?;
    if draft.expired(now_ms()) {
        delete(&draft_key(procedure_id));
        return None;
    }
    Some(draft)
}

pub fn save(draft: &Draft) {
    if let Ok(json) = serde_json::to_string(draft) {
        set(&draft_key(&draft.procedure_id), json);
    }
}

pub fn remove(procedure_id: &str) {
    delete(&draft_key(procedure_id));
}

/// The secrets of every draft this page or device holds (to close them on the server).
pub fn all_tokens() -> Vec<String> {
    let mut json: Vec<String> = MEMORY
        .with(|m| m.borrow().iter().filter(|(k, _)| k.starts_with(DRAFT_PREFIX)).map(|(_, v)| v.clone()).collect());
    if let Some(s) = local_storage() {
        let keys: Vec<String> = (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect();
        json.extend(keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)).filter_map(|k| s.get_item(k).ok().flatten()));
    }
    // Read by hand: deserialising a whole draft here would put its decoder (serde's buffering of
    // flattened, tagged enums) into every bundle, about 10 KiB of wasm for one string.
    let mut tokens: Vec<String> = json.iter().filter_map(|j| token_in(j)).collect();
    for t in kiosk_tokens() {
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    }
    tokens
}

/// The `draft_id` of a draft's JSON.
fn token_in(json: &str) -> Option<String> {
    let rest = &json[json.find("\"draft_id\":\"")? + 12..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Forgets what this page holds in memory.
pub fn forget_memory() {
    MEMORY.with(|m| m.borrow_mut().clear());
}

/// Keeps the receipt, and which dossier this device last submitted for `procedure_id` (so that
/// Back from the receipt leads to it).
pub fn save_receipt(receipt: &Receipt, procedure_id: &str) {
    if let Ok(json) = serde_json::to_string(receipt) {
        set(&format!("motcua.receipt.{}", receipt.code), json.clone());
        // The receipt page is the tracking bundle's, a full page load away: a kiosk's memory does
        // not reach it, so this tab's sessionStorage carries the receipt there once.
        if let Some(s) = crate::dom::session_storage() {
            let _ = s.set_item(HANDOFF, &json);
        }
    }
    set(&format!("motcua.submitted.{procedure_id}"), receipt.code.clone());
    // Listed on the tracking page of this phone or computer (not of a kiosk).
    if !kiosk::is_on() {
        super::recent::remember(&receipt.code);
    }
}

/// Where [`save_receipt`] leaves the receipt for the receipt page, which takes it (and removes
/// it) as it opens.
const HANDOFF: &str = "motcua.receipt.handoff";

/// The code of the dossier this device last submitted for `procedure_id`, if its receipt is kept.
pub fn submitted_code(procedure_id: &str) -> Option<String> {
    get(&format!("motcua.submitted.{procedure_id}")).filter(|code| get(&format!("motcua.receipt.{code}")).is_some())
}

/// The receipt of dossier `code`: handed over by the application just now, or kept on the device
/// (in this page's memory only on a kiosk).
pub fn load_receipt(code: &str) -> Option<Receipt> {
    if let Some(s) = crate::dom::session_storage() {
        if let Ok(Some(json)) = s.get_item(HANDOFF) {
            let _ = s.remove_item(HANDOFF);
            if serde_json::from_str::<Receipt>(&json).is_ok_and(|r| r.code == code) {
                set(&format!("motcua.receipt.{code}"), json);
            }
        }
    }
    serde_json::from_str(&get(&format!("motcua.receipt.{code}"))?).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_token_is_read_from_a_saved_draft() {
        let draft = motcua_domain::draft::Draft::new("P", 0.0, || "0123abcd".into());
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(super::token_in(&json).as_deref(), Some(draft.draft_id.as_str()));
        assert_eq!(super::token_in("{}"), None);
    }
}
