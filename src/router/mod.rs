//! Navigation inside a bundle: which page an address shows, links that change the page without
//! loading it again, the browser's back and forward, and the address's parameters and query.
//!
//! Each bundle has two to three routes, so this replaces `leptos_router`, whose nested matching
//! and transitions cost every bundle about 34 KiB of brotli'd wasm (the figures bundle: 138.0 →
//! 103.9 KiB with the router left out). What it keeps of that router's behaviour: a click on a
//! same-origin link without `target`, `download` or `rel="external"` is handled here (modifier
//! keys and other buttons are left to the browser); a new address is pushed (or replaces the
//! current one) and the window goes to the top, or to the fragment's element; a route's view
//! stays mounted while only its parameters change. Links into another bundle are full loads.
//!
//! On a shared kiosk every navigation replaces the current history entry, a link into another
//! bundle included (`location.replace`): the tab's history never holds more than the page shown,
//! so after "finish and clear" Back leads to nothing of the person before.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub use motcua_routes::Params;
use motcua_routes::{Bundle, Page};

/// One page of a bundle (its address is in the one table, [`motcua_routes::PAGES`]) and its view.
pub struct Route {
    pub page: Page,
    pub view: fn() -> AnyView,
}

/// How [`use_navigate`] changes the address.
#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    /// Replace the current history entry rather than adding one.
    pub replace: bool,
    /// Go to the top of the page (or to the fragment's element).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions { replace: false, scroll: true }
    }
}

/// The address the bundle shows: path, query (without `?`), fragment (with `#`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Address {
    path: String,
    query: String,
    hash: String,
}

impl Address {
    fn current() -> Address {
        let location = crate::dom::window().map(|w| w.location());
        let read = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
            location.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
        };
        Address {
            path: read(web_sys::Location::pathname),
            query: read(web_sys::Location::search).trim_start_matches('?').to_string(),
            hash: read(web_sys::Location::hash),
        }
    }

    /// Reads an absolute path with its query and fragment (`/a/b?c=d#e`).
    fn parse(to: &str) -> Address {
        let (rest, hash) = to.split_once('#').map_or((to, ""), |(r, h)| (r, h));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        Address {
            path: path.to_string(),
            query: query.to_string(),
            hash: if hash.is_empty() { String::new() } else { format!("#{hash}") },
        }
    }

    fn href(&self) -> String {
        let q = if self.query.is_empty() { "" } else { "?" };
        format!("{}{q}{}{}", self.path, self.query, self.hash)
    }
}

/// The bundle's router: its routes, the address it shows, and what the pages read of it. Plain
/// signals set only when their value changes (rather than memos, whose machinery costs a bundle
/// without other memos about 1.5 KiB).
#[derive(Clone, Copy)]
struct Router {
    table: &'static [Route],
    bundle: Bundle,
    address: StoredValue<Address>,
    /// The matching route's index in `table`.
    route: RwSignal<Option<usize>>,
    params: RwSignal<Params>,
    query: RwSignal<Params>,
}

impl Router {
    /// Shows `next`: the route, its parameters and the query change where they differ.
    fn show(&self, next: Address) {
        let found = Page::of(&next.path)
            .and_then(|(page, params)| Some((self.table.iter().position(|r| r.page == page)?, params)));
        let (route, params) = found.map_or((None, Params::default()), |(i, p)| (Some(i), p));
        let query = motcua_routes::address::parse_query(&next.query);
        self.address.set_value(next);
        if self.params.with_untracked(|p| *p != params) {
            self.params.set(params);
        }
        if self.query.with_untracked(|q| *q != query) {
            self.query.set(query);
        }
        if self.route.get_untracked() != route {
            self.route.set(route);
        }
    }

    fn go(&self, to: &str, options: NavigateOptions) {
        let next = Address::parse(to);
        let same = self.address.with_value(|a| *a == next);
        if let Some(history) = crate::dom::window().and_then(|w| w.history().ok()) {
            let href = next.href();
            let _ = if options.replace || same || crate::kiosk::is_on() {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            };
        }
        let hash = next.hash.clone();
        self.show(next);
        if options.scroll {
            scroll_to(hash);
        }
    }

    /// A click on a link this bundle shows itself: handled here, the page is not loaded again.
    fn follow(&self, ev: &web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.alt_key()
            || ev.ctrl_key()
            || ev.shift_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let external = a.get_attribute("rel").is_some_and(|r| r.split_ascii_whitespace().any(|p| p == "external"));
        let here = crate::dom::window().and_then(|w| w.location().origin().ok());
        if !a.target().is_empty() || a.has_attribute("download") || external || Some(a.origin()) != here {
            return;
        }
        let (path, query) = (a.pathname(), a.search().trim_start_matches('?').to_string());
        if Bundle::of(&path) != self.bundle {
            if crate::kiosk::is_on() {
                ev.prevent_default();
                // An application on screen is asked about first (its draft would be lost).
                if !crate::kiosk::leave::asked(&a.href()) {
                    crate::dom::replace_location(&a.href());
                }
            }
            return;
        }
        // A fragment of this very page (the skip link): the browser moves there and focuses it.
        if self.address.with_value(|now| now.path == path && now.query == query) && !a.hash().is_empty() {
            return;
        }
        ev.prevent_default();
        let q = if query.is_empty() { "" } else { "?" };
        self.go(&format!("{path}{q}{query}{}", a.hash()), NavigateOptions::default());
    }
}

/// After the new page has drawn: its fragment's element into view, or the top of the window.
fn scroll_to(hash: String) {
    let Some(w) = crate::dom::window() else {
        return;
    };
    if hash.len() > 1 {
        request_animation_frame(move || {
            let id = js_sys::decode_uri_component(&hash[1..]).ok().and_then(|s| s.as_string()).unwrap_or_default();
            if let Some(el) = crate::dom::document().and_then(|d| d.get_element_by_id(&id)) {
                el.scroll_into_view();
            }
        });
    } else {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The bundle's pages: the first route whose pattern matches the address, else `fallback`. Follows
/// link clicks and the browser's back and forward from then on. A route's view is drawn again only
/// when another route matches; its parameters and the query follow the address.
pub fn routes(table: &'static [Route], fallback: fn() -> AnyView) -> impl IntoView {
    let router = Router {
        table,
        bundle: use_context::<Bundle>().unwrap_or(Bundle::Catalogue),
        address: StoredValue::new(Address::default()),
        route: RwSignal::new(None),
        params: RwSignal::new(Params::default()),
        query: RwSignal::new(Params::default()),
    };
    router.show(Address::current());
    provide_context(router);
    let clicks = window_event_listener(leptos::ev::click, move |ev| router.follow(&ev));
    let history = window_event_listener(leptos::ev::popstate, move |_| router.show(Address::current()));
    on_cleanup(move || {
        clicks.remove();
        history.remove();
    });
    move || match router.route.get() {
        Some(i) => (table[i].view)(),
        None => fallback(),
    }
}

/// The current route's parameters (`:id`, `:step`).
pub fn use_params_map() -> RwSignal<Params> {
    expect_context::<Router>().params
}

/// The address's query fields.
pub fn use_query_map() -> RwSignal<Params> {
    expect_context::<Router>().query
}

/// Changes the address inside the bundle (an absolute path, with query and fragment if any).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let router = expect_context::<Router>();
    move |to, options| router.go(to, options)
}

#[cfg(test)]
mod tests {
    use super::Address;

    #[test]
    fn an_address_reads_back_as_written() {
        for href in ["/", "/thu-sau?procedure=A&at=2026-11-27T10%3A00", "/nop-ho-so/A1/giay-to#req-2", "/?q=a+b"] {
            assert_eq!(Address::parse(href).href(), href);
        }
        let a = Address::parse("/tra-cuu?ma=1#ket-qua");
        assert_eq!((a.path.as_str(), a.query.as_str(), a.hash.as_str()), ("/tra-cuu", "ma=1", "#ket-qua"));
    }
}
