//! The catalogue bundle (index.html).
fn main() {
    motcua::start(motcua::CatalogueApp);
}
