//! Pure domain of the one-stop desk: no web, no server, no I/O.
//!
//! The same types are compiled to wasm for the app and natively for the reference back end, so the
//! API contract has exactly one definition. Types the back end answers with accept unknown fields
//! (a newer back end may add some); types a client sends reject them.

pub mod api;
pub mod applicant;
pub mod browse;
pub mod calendar;
pub mod catalogue;
pub mod dossier;
pub mod draft;
pub mod files;
pub mod form_answers;
pub mod form_flow;
pub mod format;
pub mod forms;
pub mod friday;
pub mod holidays;
pub mod lunar;
pub mod office;
pub mod photo;
pub mod schedule;
pub mod search;
pub mod slots;
pub mod text;
pub mod tus;
pub mod wire;

pub use text::{Lang, Text};
