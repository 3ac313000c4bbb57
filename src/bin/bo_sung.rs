//! The supplement bundle (bo-sung.html, served under /bo-sung): the documents an officer asked for.
fn main() {
    motcua::start(motcua::SupplementApp);
}
