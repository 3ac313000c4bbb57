//! The online application (its own bundle, issue 6).

pub const PATH: &str = "/nop-ho-so";

/// The application for one procedure.
pub fn link(procedure_id: &str) -> String {
    format!("{PATH}/{}", motcua_domain::browse::encode(procedure_id))
}
