//! The upload client: a tus 1.0 client in Rust over the browser's XMLHttpRequest, and what the
//! device keeps (file bytes) and does (scaling photos) for it.

pub mod device;
pub mod drafts;
pub mod recent;
pub mod tus;
