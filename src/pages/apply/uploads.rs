//! Files attached to the draft: checked and scaled on the device, kept in IndexedDB, sent by the
//! tus client at most three at a time, retried, resumed after a reload.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::draft::{DraftFile, FileState};
use motcua_domain::files::{self, FileType};
use motcua_domain::photo::{self, Quality};
use motcua_domain::{tus, Text};
use wasm_bindgen_futures::JsFuture;

use super::Session;
use crate::upload::device;
use crate::upload::drafts::random_hex;
use crate::upload::tus::{self as client, upload, Events, Kept, Stop, Upload};

/// Parallel uploads: enough to fill a link, few enough that each file shows progress.
const PARALLEL: usize = 3;

thread_local! {
    /// Bytes of files picked in this page load (IndexedDB holds them across loads).
    static MEMORY: RefCell<HashMap<String, web_sys::Blob>> = RefCell::new(HashMap::new());
    static RUNNING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn fail(text: Text, retryable: bool) -> FileState {
    FileState::Failed { reason_vi: text.vi, reason_en: text.en, retryable }
}

/// Starts the uploads a draft still owes (after a reload, or when a slot frees up).
pub fn resume(s: Session) {
    let waiting: Vec<String> = s.draft.with_untracked(|d| {
        d.files.iter().filter(|f| f.state == FileState::Uploading).map(|f| f.local_id.clone()).collect()
    });
    for id in waiting {
        let start = RUNNING.with(|r| {
            let mut r = r.borrow_mut();
            (r.len() < PARALLEL && !r.contains(&id)).then(|| r.push(id.clone())).is_some()
        });
        if start {
            spawn_local(send(s, id));
        }
    }
}

async fn send(s: Session, id: String) {
    let file = s.draft.with_untracked(|d| d.files.iter().find(|f| f.local_id == id).cloned());
    if let Some(file) = file {
        let blob = match MEMORY.with(|m| m.borrow().get(&id).cloned()) {
            Some(b) => Some(b),
            None => device::fetch(&id).await,
        };
        let state = match blob {
            None => fail(crate::i18n::apply::both(|t| t.file_lost), false),
            Some(blob) => transfer(s, &file, &blob).await,
        };
        let name = file.name.clone();
        let done = state == FileState::Done;
        s.update(|d| {
            if let Some(f) = d.files.iter_mut().find(|f| f.local_id == id) {
                f.state = state;
            }
        });
        let t = s.i18n.apply_untracked();
        s.announce.set(if done { (t.announce_done)(&name) } else { (t.announce_failed)(&name) });
    }
    RUNNING.with(|r| r.borrow_mut().retain(|x| x != &id));
    resume(s);
}

async fn transfer(s: Session, file: &DraftFile, blob: &web_sys::Blob) -> FileState {
    let draft_id = s.draft.with_untracked(|d| d.draft_id.clone());
    let id = file.local_id.clone();
    let created: Rc<dyn Fn(&str)> = Rc::new({
        let id = id.clone();
        move |url: &str| {
            let url = url.to_string();
            s.update(|d| {
                if let Some(f) = d.files.iter_mut().find(|f| f.local_id == id) {
                    f.upload_url = Some(url);
                }
            })
        }
    });
    // At most a few updates a second: each one redraws the progress bars.
    let last = Rc::new(Cell::new(0.0));
    let progress: Rc<dyn Fn(f64)> = Rc::new({
        let id = id.clone();
        move |sent: f64| {
            let now = js_sys::Date::now();
            if now - last.get() < 250.0 {
                return;
            }
            last.set(now);
            s.progress.update(|p| match p.iter_mut().find(|(k, _)| *k == id) {
                Some(e) => e.1 = sent,
                None => p.push((id.clone(), sent)),
            });
        }
    });
    let mime = blob.type_();
    let Some(digest) = crate::upload::tus::sha256(blob).await else {
        return fail(crate::i18n::apply::both(|t| t.file_lost), false);
    };
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let meta = tus::metadata(&[
        ("requirement", &file.requirement_id),
        ("filename", &file.name),
        ("filetype", &mime),
        ("sha256", &hex),
    ]);
    let up = Upload {
        endpoint: crate::api::url("/uploads").await,
        file: blob,
        metadata: meta,
        token: draft_id,
        pace: Default::default(),
        url: file.upload_url.clone(),
    };
    let expires: Rc<dyn Fn(i64)> = Rc::new({
        let id = id.clone();
        move |at: i64| set_expiry(s, &id, Some(at))
    });
    let resent = Rc::new(Cell::new(0.0));
    let result = upload(up, Events { created, progress, resent: resent.clone(), expires }).await;
    record_resent(resent.get());
    match result {
        Ok(_) => {
            s.progress.update(|p| p.retain(|(k, _)| *k != id));
            FileState::Done
        }
        // The back end refused the file itself: sending it again cannot work.
        Err(Stop::Refused(text)) => fail(text, false),
        Err(Stop::GaveUp) => fail(crate::i18n::apply::both(|t| t.gave_up), true),
    }
}

/// Bytes sent twice because a connection broke mid-chunk, kept on `window.motcuaResent` for the
/// upload benchmark.
fn record_resent(bytes: f64) {
    if let Some(w) = web_sys::window() {
        let key = wasm_bindgen::JsValue::from_str("motcuaResent");
        let before = js_sys::Reflect::get(&w, &key).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&w, &key, &(before + bytes).into());
    }
}

/// Checks, scales and keeps newly picked files, then queues them.
pub fn add(s: Session, requirement_id: String, picked: Vec<web_sys::File>) {
    let Some((accepted, max_bytes)) = s.detail.with_value(|d| {
        d.requirements.iter().find(|r| r.id == requirement_id).map(|r| (r.accepted_types.clone(), r.max_bytes))
    }) else {
        return;
    };
    for file in picked {
        let (accepted, requirement_id) = (accepted.clone(), requirement_id.clone());
        spawn_local(async move {
            let id = random_hex();
            let name = file.name();
            let perf = web_sys::window().and_then(|w| w.performance());
            let started = perf.as_ref().map(|p| p.now()).unwrap_or_default();
            let prepared = prepare(&file, &accepted, max_bytes).await;
            // Read by the upload benchmark (time to check and scale a photo on this device).
            if let Some(p) = perf {
                let key = wasm_bindgen::JsValue::from_str("motcuaPrepareMs");
                let _ = js_sys::Reflect::set(&p, &key, &(p.now() - started).into());
            }
            let state = match prepared {
                Ok((blob, quality)) => {
                    device::keep(&id, &blob).await;
                    MEMORY.with(|m| m.borrow_mut().insert(id.clone(), blob));
                    if quality != Quality::Ok {
                        s.warnings.update(|w| w.push((id.clone(), quality)));
                    }
                    FileState::Uploading
                }
                Err(refusal) => fail(refusal, false),
            };
            s.update(|d| {
                d.files.push(DraftFile {
                    local_id: id,
                    requirement_id,
                    name,
                    size: file.size() as u64,
                    upload_url: None,
                    expires_ms: None,
                    state,
                })
            });
            resume(s);
        });
    }
}

/// The bytes to send: photos scaled down (and judged for readability), PDFs untouched; refused
/// files get the same message the back end would give.
async fn prepare(
    file: &web_sys::File,
    accepted: &[FileType],
    max_bytes: u64,
) -> Result<(web_sys::Blob, Quality), Text> {
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
        Err(_) => return Err(files::Refusal::Empty.message(max_bytes)),
    };
    // Photos are judged before the size limit: scaled down, a large photo fits.
    let kind = files::detect(&bytes[..bytes.len().min(64)]);
    if matches!(kind, Some(FileType::Jpeg | FileType::Png | FileType::Webp)) && accepted.contains(&FileType::Jpeg) {
        if let Some(scaled) = device::scale_photo(file, photo::MAX_LONG_EDGE, photo::THUMB_LONG_EDGE).await {
            let quality = photo::assess(scaled.width, scaled.height, &scaled.grey, scaled.tw, scaled.th);
            if (scaled.blob.size() as u64) <= max_bytes {
                return Ok((scaled.blob, quality));
            }
        }
    }
    files::check(&bytes, accepted, max_bytes).map_err(|r| r.message(max_bytes))?;
    Ok((file.clone().into(), Quality::Ok))
}

fn set_expiry(s: Session, id: &str, at: Option<i64>) {
    // Saved only when it moves by a minute or more: PATCH answers repeat it every chunk.
    let moved = s.draft.with_untracked(|d| {
        d.files.iter().find(|f| f.local_id == id).is_some_and(|f| match (f.expires_ms, at) {
            (Some(a), Some(b)) => (a - b).abs() >= 60_000,
            (a, b) => a != b,
        })
    });
    if moved {
        s.update(|d| {
            if let Some(f) = d.files.iter_mut().find(|f| f.local_id == id) {
                f.expires_ms = at;
            }
        });
    }
}

/// Asks the server to keep every file of the draft another full period (the citizen was warned
/// that the limit is near). A file the server no longer has is sent again from the device.
pub async fn keep_longer(s: Session) {
    let (files, token) = s.draft.with_untracked(|d| {
        let files: Vec<(String, String)> =
            d.files.iter().filter_map(|f| Some((f.local_id.clone(), f.upload_url.clone()?))).collect();
        (files, d.draft_id.clone())
    });
    for (id, url) in files {
        let kept = client::keep(&url, &token).await;
        if matches!(kept, Kept::NoAnswer) {
            continue;
        }
        s.update(|d| {
            let Some(f) = d.files.iter_mut().find(|f| f.local_id == id) else { return };
            match kept {
                Kept::Until(at) => f.expires_ms = Some(at),
                Kept::ForGood => f.expires_ms = None,
                // Sent again from the device.
                Kept::Gone => (f.upload_url, f.expires_ms, f.state) = (None, None, FileState::Uploading),
                Kept::NoAnswer => {}
            }
        });
    }
    resume(s);
}

/// Sends a failed file again from where the server has it.
pub fn retry(s: Session, id: &str) {
    s.update(|d| {
        if let Some(f) = d.files.iter_mut().find(|f| f.local_id == id) {
            f.state = FileState::Uploading;
        }
    });
    resume(s);
}

/// Removes a file from the draft, the device and (best effort) the server.
pub fn remove(s: Session, id: &str) {
    let (url, token) = s.draft.with_untracked(|d| {
        (d.files.iter().find(|f| f.local_id == id).and_then(|f| f.upload_url.clone()), d.draft_id.clone())
    });
    s.update(|d| d.files.retain(|f| f.local_id != id));
    s.warnings.update(|w| w.retain(|(k, _)| k != id));
    MEMORY.with(|m| m.borrow_mut().remove(id));
    let id = id.to_string();
    spawn_local(async move {
        device::forget(&id).await;
        if let Some(url) = url {
            let _ = gloo_net::http::Request::delete(&url)
                .header("Tus-Resumable", tus::VERSION)
                .header("Draft-Token", &token)
                .send()
                .await;
        }
    });
}
