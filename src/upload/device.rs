//! What the device keeps and does for uploads: file bytes in IndexedDB (so a reload never asks
//! for a file twice) and photos scaled down before they are sent.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/upload/browser.js")]
extern "C" {
    fn blob_put(key: &str, blob: &web_sys::Blob) -> js_sys::Promise;
    fn blob_get(key: &str) -> js_sys::Promise;
    fn blob_delete(key: &str) -> js_sys::Promise;
    fn blob_close() -> js_sys::Promise;
    fn downscale(file: &web_sys::Blob, max_edge: u32, quality: f64, thumb_edge: u32) -> js_sys::Promise;
}

/// Keeps a file's bytes on the device under `key`; false when the browser refuses (private mode,
/// full disk) or the device is a shared kiosk (bytes stay in memory): the upload still runs, it
/// just cannot survive a reload.
pub async fn keep(key: &str, blob: &web_sys::Blob) -> bool {
    !crate::kiosk::is_on() && JsFuture::from(blob_put(key, blob)).await.is_ok()
}

/// Lets go of the file store, so that wiping the device can delete it at once.
pub async fn close() {
    let _ = JsFuture::from(blob_close()).await;
}

pub async fn fetch(key: &str) -> Option<web_sys::Blob> {
    if crate::kiosk::is_on() {
        return None;
    }
    JsFuture::from(blob_get(key)).await.ok().and_then(|v| v.dyn_into().ok())
}

pub async fn forget(key: &str) {
    if !crate::kiosk::is_on() {
        let _ = JsFuture::from(blob_delete(key)).await;
    }
}

/// A photo after scaling: the JPEG to send, the original size, and a grey thumbnail.
pub struct Scaled {
    pub blob: web_sys::Blob,
    pub width: u32,
    pub height: u32,
    pub grey: Vec<u8>,
    pub tw: usize,
    pub th: usize,
}

/// Scales a photo down (long edge ≤ `max_edge`, JPEG 0.85); `None` when the browser cannot
/// decode it (HEIC outside Safari, say): then it is sent as it is.
pub async fn scale_photo(file: &web_sys::Blob, max_edge: u32, thumb_edge: u32) -> Option<Scaled> {
    let out = JsFuture::from(downscale(file, max_edge, 0.85, thumb_edge)).await.ok()?;
    let get = |k: &str| Reflect::get(&out, &JsValue::from_str(k)).ok();
    let num = |k: &str| get(k).and_then(|v| v.as_f64()).unwrap_or(0.0);
    let rgba = Uint8Array::new(&get("thumb")?).to_vec();
    Some(Scaled {
        blob: get("blob")?.dyn_into().ok()?,
        width: num("width") as u32,
        height: num("height") as u32,
        grey: motcua_domain::photo::grey_from_rgba(&rgba),
        tw: num("tw") as usize,
        th: num("th") as usize,
    })
}
