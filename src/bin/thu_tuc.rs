//! The procedure page bundle (thu-tuc.html, served under /thu-tuc).
fn main() {
    motcua::start(motcua::ProcedureApp);
}
