//! Runtime configuration, read from `/config.json` beside the app so that one build serves any
//! province's back end.

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AppConfig {
    /// Origin (and optional path) of the back end; empty means the app's own origin.
    #[serde(default)]
    pub api_base: String,
}

impl AppConfig {
    pub fn api_url(&self, path: &str) -> String {
        format!("{}{}{}", self.api_base.trim_end_matches('/'), motcua_domain::api::API_PREFIX, path)
    }
}

/// Loads the config once. A missing or broken file falls back to the same origin: the app must
/// still start, and the API call that follows reports any real connection problem.
pub async fn load() -> AppConfig {
    async fn fetch() -> Option<AppConfig> {
        let res = gloo_net::http::Request::get("/config.json").send().await.ok()?;
        if !res.ok() {
            return None;
        }
        res.json().await.ok()
    }
    fetch().await.unwrap_or_default()
}
