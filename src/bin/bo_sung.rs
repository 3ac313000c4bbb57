//! The supplement bundle (bo-sung.html, served under /bo-sung): the documents an officer asked for.
//! The page after the lookup is a module of its own, split off when the bundle is built
//! (`xtask/split/wasm-bindgen`) at this one `#[wasm_split]` function: see
//! `pages::apply::supplement::SupplementParts`.
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use motcua::pages::apply::later::NotLoaded;
use motcua::pages::apply::supplement::{self, SupplementParts};
use motcua_domain::dossier::{LookupRequest, Tracking};

#[wasm_split(supplement_documents, wasm_split_path = ::leptos::wasm_split, fallible)]
fn supplement_documents(opened: Option<(Tracking, LookupRequest)>) -> Result<AnyView, NotLoaded> {
    Ok(supplement::draw(opened))
}

fn main() {
    let parts = SupplementParts { load_and_draw: |opened| Box::pin(supplement_documents(opened)) };
    motcua::start(move || view! { <motcua::SupplementApp parts/> });
}
