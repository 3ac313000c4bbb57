//! The API client: typed calls to the back end, one error type for everything that can go wrong.

use std::cell::RefCell;

use motcua_domain::api::ApiError;
use motcua_domain::catalogue::ProcedureList;
use serde::de::DeserializeOwned;

use crate::config::{self, AppConfig};

/// Why a call failed, in the terms the interface explains to a citizen.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// No answer at all: offline, back end down, connection cut.
    Network,
    /// The back end answered with an error status (and, usually, its JSON error).
    Server {
        status: u16,
        error: Option<ApiError>,
    },
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

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let url = config().await.api_url(path);
    let res = gloo_net::http::Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if !res.ok() {
        let error = res.json::<ApiError>().await.ok();
        return Err(ApiFailure::Server {
            status: res.status(),
            error,
        });
    }
    let text = res.text().await.map_err(|_| ApiFailure::Network)?;
    serde_json::from_str(&text).map_err(|_| ApiFailure::Malformed)
}

pub async fn procedures() -> Result<ProcedureList, ApiFailure> {
    get_json("/procedures").await
}
