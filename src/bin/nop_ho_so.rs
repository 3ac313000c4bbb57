//! The online application bundle (nop-ho-so.html, served under /nop-ho-so).
fn main() {
    motcua::start(motcua::ApplyApp);
}
