//! Leaving a shared device: uploads stopped, the drafts closed on the server (their files
//! deleted there), every browser storage the app wrote emptied, and a fresh start page loaded
//! in place of this one (so no page memory and no history entry of this visit remains).

use wasm_bindgen::prelude::*;
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
    for _ in 0..4 {
        let sent = gloo_net::http::Request::delete(&url).header("Draft-Token", token).send().await;
        match sent {
            Ok(res) if res.status() == 409 => crate::dom::sleep(1000).await,
            _ => return,
        }
    }
}

/// Everything this visit left: drafts (here and on the server), storage, the page itself.
pub async fn wipe() {
    tus::stop_all();
    let closing = async {
        for token in drafts::all_tokens() {
            close_draft(&token).await;
        }
    };
    // A server that does not answer must not keep the next person waiting.
    let deadline = crate::dom::sleep(15_000);
    futures::future::select(Box::pin(closing), Box::pin(deadline)).await;
    drafts::forget_memory();
    device::close().await;
    let _ = JsFuture::from(wipe_browser(FLAG_KEY)).await;
    crate::dom::replace_location("/");
}
