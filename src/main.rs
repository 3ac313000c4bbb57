use wasm_bindgen::JsCast;

fn main() {
    // Panic messages in the console help while developing; release builds leave the bytes out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // index.html paints a static shell inside #app before the wasm arrives; replace it.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has #app");
    root.set_inner_html("");
    leptos::mount::mount_to(root.unchecked_into(), motcua::App).forget();
}
