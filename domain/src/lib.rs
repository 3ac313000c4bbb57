//! Pure domain of the one-stop desk: no web, no server, no I/O.
//!
//! The same types are compiled to wasm for the app and natively for the reference back end, so the
//! API contract has exactly one definition.

pub mod api;
pub mod calendar;
pub mod catalogue;
pub mod format;
pub mod friday;
pub mod office;
pub mod schedule;
pub mod text;

pub use text::{Lang, Text};
