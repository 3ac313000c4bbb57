//! Reference back end of the Một Cửa API (library part, so tests can start it in-process).

pub mod api;
pub mod appointments;
pub mod assets;
pub mod client;
pub mod compress;
pub mod db;
pub mod dossiers;
pub mod error;
pub mod extract;
pub mod factor;
pub mod migrate;
pub mod officer;
pub mod rate;
pub mod security;
pub mod seed;
pub mod serve;
pub mod settings;
pub mod size_report;
pub mod state;
pub mod stats;
pub mod store;
pub mod tls;
pub mod uploads;

/// Any start-up failure: reported once, in plain words, and the process exits non-zero.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
