//! The offices' figures bundle (thong-ke.html, served under /thong-ke).
fn main() {
    motcua::start(motcua::FiguresApp);
}
