//! The online application bundle (nop-ho-so.html, served under /nop-ho-so). Its steps after the
//! applicant are a module of their own, split off when the bundle is built
//! (`xtask/split/wasm-bindgen`) at this one `#[wasm_split]` function: see `pages::apply::later`.
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use motcua::pages::apply::later::{self, FromLater, LaterSteps, NotLoaded, ToLater};

#[wasm_split(later_steps, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later_steps(ask: ToLater) -> Result<FromLater, NotLoaded> {
    Ok(later::answer(ask))
}

fn main() {
    let later = LaterSteps { load_and_answer: |ask| Box::pin(later_steps(ask)) };
    motcua::start(move || view! { <motcua::ApplyApp later/> });
}
