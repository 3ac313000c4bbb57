//! A tus 1.0 client over XMLHttpRequest (for upload progress events, which `fetch` lacks):
//! create (declaring the whole file's SHA-256, which the server checks on the last byte), PATCH
//! in chunks, HEAD to find where to resume, retries (at once after a reset, backing off only when
//! they keep failing: `tus::retry_delay_ms`), and a pause while
//! the device is offline. Without a per-chunk checksum the server keeps the bytes of a PATCH cut
//! off mid-way, so a broken connection costs only what was in flight.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Uint8Array};
use motcua_domain::api::ApiError;
use motcua_domain::tus::{self, VERSION};
use motcua_domain::Text;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

/// Why an upload stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// The back end refused the file; the message says what to do. Retrying will not help.
    Refused(Text),
    /// Still failing after every retry (the network, or the back end, is down).
    GaveUp,
}

struct Answer {
    status: u16,
    xhr: XmlHttpRequest,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.xhr.get_response_header(name).ok().flatten()
    }

    fn error_message(&self) -> Text {
        self.xhr
            .response_text()
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str::<ApiError>(&t).ok())
            .map(|e| e.message)
            .unwrap_or_else(|| {
                Text::new(
                    format!("Hệ thống không nhận tệp (mã {}).", self.status),
                    format!("The system did not accept the file (code {}).", self.status),
                )
            })
    }
}

/// One request; `Err` when no answer came (offline, connection cut, timeout).
async fn send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Blob>,
    on_progress: Option<Rc<dyn Fn(f64)>>,
) -> Result<Answer, ()> {
    let xhr = XmlHttpRequest::new().map_err(|_| ())?;
    xhr.open(method, url).map_err(|_| ())?;
    xhr.set_request_header("Tus-Resumable", VERSION).map_err(|_| ())?;
    for (k, v) in headers {
        xhr.set_request_header(k, v).map_err(|_| ())?;
    }
    // A stalled connection on a weak link is given up after a minute and resumed.
    xhr.set_timeout(60_000);
    let progress = on_progress.map(|f| Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| f(e.loaded())));
    if let (Some(p), Ok(upload)) = (&progress, xhr.upload()) {
        upload.set_onprogress(Some(p.as_ref().unchecked_ref()));
    }
    let done = Promise::new(&mut |resolve: Function, reject: Function| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    if stopped() {
        return Err(());
    }
    ACTIVE.with(|a| a.borrow_mut().push(xhr.clone()));
    let sent = match body {
        Some(b) => xhr.send_with_opt_blob(Some(b)),
        None => xhr.send(),
    };
    let result = match sent {
        Ok(()) => JsFuture::from(done).await.map(|_| ()).map_err(|_| ()),
        Err(_) => Err(()),
    };
    ACTIVE.with(|a| a.borrow_mut().retain(|x| x != &xhr));
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    drop(progress);
    result?;
    Ok(Answer { status: xhr.status().unwrap_or(0), xhr })
}

use crate::dom::sleep;

thread_local! {
    /// Requests on their way, so that leaving a shared device can cut them off at once.
    static ACTIVE: std::cell::RefCell<Vec<XmlHttpRequest>> = const { std::cell::RefCell::new(Vec::new()) };
    static STOPPED: Cell<bool> = const { Cell::new(false) };
}

/// Stops every upload of this page for good: requests in flight are aborted and none is retried
/// or started ("finish and clear" on a kiosk, "this is not me").
pub fn stop_all() {
    STOPPED.with(|s| s.set(true));
    for xhr in ACTIVE.with(|a| std::mem::take(&mut *a.borrow_mut())) {
        let _ = xhr.abort();
    }
}

fn stopped() -> bool {
    STOPPED.with(Cell::get)
}

/// SHA-256 of a blob, by the browser's WebCrypto.
pub async fn sha256(chunk: &Blob) -> Option<Vec<u8>> {
    let buf = JsFuture::from(chunk.array_buffer()).await.ok()?;
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let digest = JsFuture::from(subtle.digest_with_str_and_buffer_source("SHA-256", &buf.into()).ok()?).await.ok()?;
    Some(Uint8Array::new(&digest).to_vec())
}

/// What the client needs to send one file.
pub struct Upload<'a> {
    /// `…/api/v1/uploads`.
    pub endpoint: String,
    pub file: &'a Blob,
    pub metadata: String,
    /// The draft's secret (`Draft-Token`): the back end opens an upload only to its draft.
    pub token: String,
    /// Known from an earlier attempt (or page load): resume there.
    pub url: Option<String>,
    pub pace: tus::Pace,
}

/// Callbacks: the upload URL as soon as it exists (to save in the draft), and bytes confirmed
/// plus bytes in flight.
pub struct Events {
    pub created: Rc<dyn Fn(&str)>,
    pub progress: Rc<dyn Fn(f64)>,
    /// Bytes sent again because a connection broke mid-chunk (for the benchmark's figure).
    pub resent: Rc<Cell<f64>>,
    /// Until when the server keeps the upload (ms since the epoch), each time it says.
    pub expires: Rc<dyn Fn(i64)>,
}

impl Answer {
    fn expires(&self) -> Option<i64> {
        tus::http_date_ms(&self.header("Upload-Expires")?)
    }
}

/// What the server said when asked to keep an upload.
pub enum Kept {
    /// Kept until then (ms since the epoch).
    Until(i64),
    /// Kept with no end: it is in a dossier.
    ForGood,
    /// Expired or deleted: the file must be sent again.
    Gone,
    /// No answer (offline, or the server failed).
    NoAnswer,
}

/// Asks the server where an upload stands, which also keeps it there another full period.
pub async fn keep(url: &str, token: &str) -> Kept {
    let Ok(a) = send("HEAD", url, &[("Draft-Token", token)], None, None).await else { return Kept::NoAnswer };
    match a.status {
        200 | 204 => a.expires().map_or(Kept::ForGood, Kept::Until),
        404 | 410 => Kept::Gone,
        _ => Kept::NoAnswer,
    }
}

/// How one round of sending ended (see [`step`]).
enum Round {
    /// The server holds the whole file, at this address.
    Finished(String),
    /// Some bytes arrived, then the connection broke: retry with a fresh set of attempts.
    Progressed,
    /// The server refused the file: stop.
    Refused(Stop),
    /// It broke before any byte arrived: retry after a pause.
    Broke,
}

/// Sends `up.file` until the back end holds all of it; returns the upload URL.
pub async fn upload(mut up: Upload<'_>, ev: Events) -> Result<String, Stop> {
    let length = up.file.size() as u64;
    let mut attempt = 0;
    loop {
        match step(&mut up, length, &ev).await {
            Round::Finished(url) => return Ok(url),
            Round::Progressed => attempt = 0,
            Round::Refused(stop) => return Err(stop),
            Round::Broke => {
                attempt += 1;
                if attempt > tus::MAX_ATTEMPTS || stopped() {
                    return Err(Stop::GaveUp);
                }
                while !crate::dom::online() {
                    sleep(1000).await;
                }
                let wait = tus::retry_delay_ms(attempt, js_sys::Math::random());
                if wait > 0 {
                    sleep(wait).await;
                }
            }
        }
    }
}

/// One round: create if needed, find the offset, send chunks.
async fn step(up: &mut Upload<'_>, length: u64, ev: &Events) -> Round {
    match round(up, length, ev).await {
        Ok(url) => Round::Finished(url),
        Err(ended) => ended,
    }
}

/// [`step`], with `?` for the ways a round ends early.
async fn round(up: &mut Upload<'_>, length: u64, ev: &Events) -> Result<String, Round> {
    let (url, fresh) = match &up.url {
        Some(u) => (u.clone(), false),
        None => {
            let len = length.to_string();
            let a = send(
                "POST",
                &up.endpoint,
                &[("Upload-Length", &len), ("Upload-Metadata", &up.metadata), ("Draft-Token", &up.token)],
                None,
                None,
            )
            .await
            .map_err(|_| Round::Broke)?;
            match a.status {
                201 => {}
                400..=499 => return Err(Round::Refused(Stop::Refused(a.error_message()))),
                _ => return Err(Round::Broke),
            }
            let location = a.header("Location").ok_or(Round::Broke)?;
            (ev.created)(&location);
            if let Some(t) = a.expires() {
                (ev.expires)(t);
            }
            up.url = Some(location.clone());
            (location, true)
        }
    };
    // Just created: the offset is 0, no need to ask (a round trip saved on a slow link).
    let mut offset: u64 = if fresh {
        0
    } else {
        let head = send("HEAD", &url, &[("Draft-Token", &up.token)], None, None).await.map_err(|_| Round::Broke)?;
        match head.status {
            200 | 204 => {
                if let Some(t) = head.expires() {
                    (ev.expires)(t);
                }
                head.header("Upload-Offset").and_then(|o| o.parse().ok()).ok_or(Round::Broke)?
            }
            404 | 410 => {
                // Expired or removed on the server: start this file again.
                up.url = None;
                return Err(Round::Broke);
            }
            _ => return Err(Round::Broke),
        }
    };
    let mut progressed = false;
    let mut corrected = false;
    let sent_in_flight = Rc::new(Cell::new(0.0));
    while offset < length {
        (ev.progress)(offset as f64);
        let (start, end) = tus::next_chunk(offset, length, up.pace.chunk);
        let chunk = up.file.slice_with_f64_and_f64(start as f64, end as f64).map_err(|_| Round::Broke)?;
        let off = offset.to_string();
        let headers = [
            ("Upload-Offset", off.as_str()),
            ("Content-Type", "application/offset+octet-stream"),
            ("Draft-Token", up.token.as_str()),
        ];
        sent_in_flight.set(0.0);
        let (in_flight, progress) = (sent_in_flight.clone(), ev.progress.clone());
        let on_progress: Rc<dyn Fn(f64)> = Rc::new(move |loaded: f64| {
            in_flight.set(loaded);
            progress(offset as f64 + loaded);
        });
        let answer = send("PATCH", &url, &headers, Some(&chunk), Some(on_progress)).await;
        let Ok(a) = answer else {
            ev.resent.set(ev.resent.get() + sent_in_flight.get());
            up.pace = up.pace.broke();
            return Err(if progressed { Round::Progressed } else { Round::Broke });
        };
        match a.status {
            204 => {
                if let Some(t) = a.expires() {
                    (ev.expires)(t);
                }
                offset = a.header("Upload-Offset").and_then(|o| o.parse().ok()).unwrap_or(end);
                progressed = true;
                up.pace = up.pace.arrived();
            }
            // The server's offset moved (an earlier PATCH landed after all, as when the browser
            // itself repeats a PATCH cut off by a reset): it says where it stands, so go on from
            // there once without asking (a round trip saved); otherwise ask again.
            409 => match a.header("Upload-Offset").and_then(|o| o.parse::<u64>().ok()) {
                Some(at) if !corrected && at <= length => {
                    corrected = true;
                    offset = at;
                }
                _ => return Err(if progressed { Round::Progressed } else { Round::Broke }),
            },
            // The whole file did not match its checksum: the server starts it again from 0.
            460 => return Err(Round::Broke),
            404 | 410 => {
                up.url = None;
                return Err(Round::Broke);
            }
            400..=499 => return Err(Round::Refused(Stop::Refused(a.error_message()))),
            _ => return Err(if progressed { Round::Progressed } else { Round::Broke }),
        }
    }
    (ev.progress)(length as f64);
    Ok(url)
}
