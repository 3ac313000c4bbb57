//! The tracking bundle (tra-cuu.html, served under /tra-cuu).
fn main() {
    motcua::start(motcua::TrackingApp);
}
