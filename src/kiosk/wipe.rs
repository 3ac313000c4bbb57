//! Leaving a shared device: uploads stopped, the drafts closed on the server (their files
//! deleted there), every browser storage the app wrote emptied, and a fresh start page loaded
//! in place of this one (so no page memory and no history entry of this visit remains).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::FLAG_KEY;
use crate::upload::{device, drafts, tus};

#[wasm_bindgen(module = "/src/kiosk/browser.js")]
extern "C" {
    fn wipe_browser(keep: &str) -> js_sys::Promise;
}

/// Closes a draft on the server (`DELETE /api/v1/uploads`): its unsubmitted files are deleted and
/// it takes no more. Retried while the server still finishes a write; gives up after a few tries
/// (files left behind expire within a day).
pub async fn close_draft(token: &str) {
    let url = crate::api::url("/uploads").await;
    // `fetch` itself: gloo-net's request builder costs every bundle about a KiB more.
    for _ in 0..4 {
        let init = web_sys::RequestInit::new();
        init.set_method("DELETE");
        let Ok(headers) = web_sys::Headers::new() else { return };
        let _ = headers.set("Draft-Token", token);
        init.set_headers(&headers);
        // A server that does not answer must not keep the next person waiting.
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(5000)));
        let Some(w) = crate::dom::window() else { return };
        let answer = JsFuture::from(w.fetch_with_str_and_init(&url, &init)).await;
        match answer.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()) {
            Some(r) if r.status() == 409 => crate::dom::sleep(1000).await,
            _ => return,
        }
    }
}

/// Starts the wipe ([`wipe`]); one call site, so the wasm holds its state machine once.
pub fn start() {
    leptos::task::spawn_local(wipe());
}

/// Everything this visit left: drafts (here and on the server), storage, the page itself.
async fn wipe() {
    tus::stop_all();
    for token in drafts::all_tokens() {
        close_draft(&token).await;
    }
    drafts::forget_memory();
    device::close().await;
    let _ = JsFuture::from(wipe_browser(FLAG_KEY)).await;
    crate::dom::replace_location("/");
}
