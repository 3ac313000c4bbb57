//! The API client: typed calls to the back end, one error type for everything that can go wrong.

pub mod appointments;
pub mod dossiers;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::LocalResource;
use serde::de::DeserializeOwned;

use crate::config::{self, AppConfig};

/// Why a call failed, in the terms the interface explains to a citizen.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// No answer at all: offline, back end down, connection cut.
    Network,
    /// The back end answered with an error status. Its JSON body is not decoded for these
    /// reads: the page explains by status, and the decoder would cost the wasm bytes.
    Server { status: u16 },
    /// The back end answered something this app cannot read.
    Malformed,
}

thread_local! {
    static CONFIG: RefCell<Option<AppConfig>> = const { RefCell::new(None) };
}

async fn config() -> AppConfig {
    if let Some(c) = CONFIG.with(|c| c.borrow().clone()) {
        return c;
    }
    let loaded = config::load().await;
    CONFIG.with(|c| *c.borrow_mut() = Some(loaded.clone()));
    loaded
}

/// The full URL of an API path (`/uploads` → `<api_base>/api/v1/uploads`).
pub async fn url(path: &str) -> String {
    config().await.api_url(path)
}

/// The HTTP part of every GET, kept free of type parameters so the wasm holds one copy.
async fn get_text(path: &'static str, id: Option<String>) -> Result<String, ApiFailure> {
    let mut url = config().await.api_url(path);
    if let Some(id) = id {
        // A query after the id (`office?from=…`) is kept as it is.
        let (id, query) = id.split_once('?').map(|(i, q)| (i.to_string(), Some(q.to_string()))).unwrap_or((id, None));
        let id = motcua_domain::browse::encode(&id);
        // `/offices/{}/statistics`: the id goes in its place; otherwise it ends the path.
        if url.contains("{}") {
            url = url.replace("{}", &id);
        } else {
            url.push('/');
            url.push_str(&id);
        }
        if let Some(q) = query {
            url.push('?');
            url.push_str(&q);
        }
    }
    let res = gloo_net::http::Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    let status = res.status();
    let text = res.text().await.map_err(|_| ApiFailure::Network)?;
    if !res.ok() {
        return Err(ApiFailure::Server { status });
    }
    Ok(text)
}

/// Reads an answer as `T`; unreadable JSON is the back end's fault, said so plainly.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    serde_json::from_str(text).map_err(|_| ApiFailure::Malformed)
}

/// An API path to read: a collection, or one item of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiPath(pub &'static str, pub Option<String>);

pub const PROCEDURES: ApiPath = ApiPath("/procedures", None);
pub const OFFICES: ApiPath = ApiPath("/offices", None);
pub const CALENDAR: ApiPath = ApiPath("/calendar", None);

/// An office's figures, of the dossiers received in `days` (inclusive) when given.
pub fn statistics(office_id: &str, days: Option<(chrono::NaiveDate, chrono::NaiveDate)>) -> ApiPath {
    let query = days.map(|(from, to)| format!("?from={from}&to={to}")).unwrap_or_default();
    ApiPath("/offices/{}/statistics", Some(format!("{office_id}{query}")))
}

/// A procedure's declaration form as data (404: it has none).
pub fn form(procedure_id: &str) -> ApiPath {
    ApiPath("/procedures/{}/form", Some(procedure_id.to_string()))
}

pub fn procedure(id: &str) -> ApiPath {
    ApiPath("/procedures", Some(id.to_string()))
}

/// The raw answers of one or more reads, in the order asked.
pub type Answers = Result<Vec<String>, ApiFailure>;
type Loading = Pin<Box<dyn Future<Output = Answers>>>;
type PathsFn = Arc<dyn Fn() -> Vec<ApiPath> + Send + Sync>;

fn load(paths: Vec<ApiPath>) -> Loading {
    Box::pin(async move {
        // The configuration first, once: reads started together would each fetch it, and the
        // browser queues requests for the same address one behind the other (on a slow link,
        // a round trip each).
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        config().await;
        let requests: Vec<Pin<Box<dyn Future<Output = Result<String, ApiFailure>>>>> =
            paths.into_iter().map(|ApiPath(p, id)| Box::pin(get_text(p, id)) as _).collect();
        futures::future::join_all(requests).await.into_iter().collect()
    })
}

/// A resource that reads API paths in parallel (one round trip on a slow link) and refetches
/// when the signals `paths` reads change. Every page uses this one resource type, so Leptos's
/// async machinery is compiled into the wasm once rather than once per kind of answer; pages
/// decode the text they get.
pub fn resource(paths: impl Fn() -> Vec<ApiPath> + Send + Sync + 'static) -> LocalResource<Answers> {
    make_resource(Arc::new(paths))
}

fn make_resource(paths: PathsFn) -> LocalResource<Answers> {
    LocalResource::new(move || load(paths()))
}
