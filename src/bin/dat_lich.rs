//! Booking a time at a desk, the ticket and a kiosk's walk-in numbers (dat-lich.html, served
//! under /dat-lich). The ticket and the walk-in numbers are a module of their own, split off
//! when the bundle is built (`xtask/split/wasm-bindgen`) at this one `#[wasm_split]` function:
//! see `pages::booking::LaterParts`.
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use motcua::pages::apply::later::NotLoaded;
use motcua::pages::booking::{self, Later, LaterParts};

#[wasm_split(booking_later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn booking_later(page: Later) -> Result<AnyView, NotLoaded> {
    Ok(booking::draw_later(page))
}

fn main() {
    let parts = LaterParts { load_and_draw: |page| Box::pin(booking_later(page)) };
    motcua::start(move || view! { <motcua::BookingApp parts/> });
}
