//! The application's, the supplement's and the booking's wasm are split when they are built (the steps after
//! the first, the ticket and walk-in pages, become a module of their own: see `xtask/split/wasm-bindgen`); the splitter needs
//! the linker to keep the relocations. Only those binaries: the others keep the linker's plain
//! output.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        for bin in ["nop_ho_so", "bo_sung", "dat_lich"] {
            println!("cargo:rustc-link-arg-bin={bin}=--emit-relocs");
        }
    }
}
