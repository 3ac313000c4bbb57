//! The kiosk's idle guard: after two minutes without a touch, a key or a scroll, a dialog counts
//! down one minute with one large "Tôi cần thêm thời gian" button; at zero the visit is wiped.
//! Sooner, after [`PAUSE_MS`] of quiet on a page that shows someone's details ([`hold_personal`]),
//! the page is covered and asks "Bạn vẫn đang dùng máy?": the next person in the queue sees
//! nothing of the one before, only the question. Time is read from `Date.now()` on a one-second
//! timer, so a test's mocked clock drives it.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlDialogElement};

use super::dialog::{self, Action};
use crate::i18n::I18n;

#[wasm_bindgen(module = "/src/kiosk/browser.js")]
extern "C" {
    fn on_activity(callback: &Closure<dyn Fn()>);
}

pub const IDLE_MS: f64 = 120_000.0;
pub const COUNTDOWN_S: u32 = 60;
/// Quiet on a page with personal details before it is covered.
pub const PAUSE_MS: f64 = 30_000.0;

/// Whether a page with personal details is covered after `idle_ms` of quiet (before the
/// countdown takes over).
pub fn covered(idle_ms: f64, personal: bool) -> bool {
    personal && (PAUSE_MS..IDLE_MS).contains(&idle_ms)
}

/// Seconds left on the countdown after `idle_ms` without input; `None` before it starts.
pub fn seconds_left(idle_ms: f64) -> Option<u32> {
    if idle_ms < IDLE_MS {
        return None;
    }
    let left = (IDLE_MS + f64::from(COUNTDOWN_S) * 1000.0 - idle_ms) / 1000.0;
    Some(left.ceil().max(0.0) as u32)
}

/// Whether the screen reader should hear the count now (when it starts, at 30 and at 10 s), not
/// every second.
fn announce_at(left: u32) -> bool {
    left == COUNTDOWN_S || left == 30 || left == 10
}

thread_local! {
    static LAST_INPUT: Cell<f64> = Cell::new(js_sys::Date::now());
    /// The open countdown: the dialog, its counting text, its spoken line, the last count shown.
    static OPEN: RefCell<Option<(HtmlDialogElement, Element, Element, u32)>> = const { RefCell::new(None) };
    static WIPING: Cell<bool> = const { Cell::new(false) };
    /// Views showing someone's details now (applicant answers, a receipt, a dossier's status).
    static PERSONAL: Cell<u32> = const { Cell::new(0) };
    /// The open "are you still using it?" dialog.
    static PAUSED: RefCell<Option<HtmlDialogElement>> = const { RefCell::new(None) };
}

/// Marks the calling view as showing personal details for as long as it lives: on a kiosk its
/// page is covered after [`PAUSE_MS`] of quiet.
pub fn hold_personal() {
    PERSONAL.with(|p| p.set(p.get() + 1));
    leptos::prelude::on_cleanup(|| PERSONAL.with(|p| p.set(p.get().saturating_sub(1))));
}

/// Shows the page behind again (`<html class="kiosk-paused">` hides it).
fn uncover() {
    if let Some(d) = PAUSED.with(|p| p.borrow_mut().take()) {
        dialog::close(&d);
    }
    if let Some(html) = crate::dom::document().and_then(|d| d.document_element()) {
        let _ = html.class_list().remove_1("kiosk-paused");
    }
}

fn more_time() {
    if let Some((d, ..)) = OPEN.with(|o| o.borrow_mut().take()) {
        dialog::close(&d);
    }
    uncover();
    LAST_INPUT.with(|l| l.set(js_sys::Date::now()));
}

/// Covers the page and asks whether the person is still there.
fn pause(t: &'static crate::i18n::Texts) {
    if let Some(html) = crate::dom::document().and_then(|d| d.document_element()) {
        let _ = html.class_list().add_1("kiosk-paused");
    }
    let actions = vec![
        Action { label: t.pause_continue, class: "button button--large", run: Box::new(more_time) },
        Action { label: t.finish, class: "button button--warning", run: Box::new(super::wipe::start) },
    ];
    if let Some((d, _)) = dialog::open("paused", "alertdialog", t.pause_title, t.pause_body, actions, Box::new(|| {})) {
        let _ = d.set_attribute("data-testid", "pause-dialog");
        PAUSED.with(|p| *p.borrow_mut() = Some(d));
    }
}

fn tick(i18n: I18n) {
    if WIPING.with(Cell::get) {
        return;
    }
    let idle = js_sys::Date::now() - LAST_INPUT.with(Cell::get);
    let t = i18n.t_untracked();
    if covered(idle, PERSONAL.with(Cell::get) > 0) && PAUSED.with(|p| p.borrow().is_none()) {
        pause(t);
    }
    let Some(left) = seconds_left(idle) else { return };
    // The countdown takes the question's place (the page stays covered under it).
    if let Some(d) = PAUSED.with(|p| p.borrow_mut().take()) {
        dialog::close(&d);
    }
    if left == 0 {
        WIPING.with(|w| w.set(true));
        super::wipe::start();
        return;
    }
    let line = (t.idle_body)(left);
    OPEN.with(|o| {
        let mut o = o.borrow_mut();
        match o.as_mut() {
            Some((_, text, spoken, shown)) => {
                if *shown != left {
                    text.set_text_content(Some(&line));
                    if announce_at(left) {
                        spoken.set_text_content(Some(&line));
                    }
                    *shown = left;
                }
            }
            None => {
                let actions =
                    vec![Action { label: t.idle_more_time, class: "button button--large", run: Box::new(more_time) }];
                let Some((d, text)) =
                    dialog::open("idle", "alertdialog", t.idle_title, &line, actions, Box::new(more_time))
                else {
                    return;
                };
                let _ = d.set_attribute("data-testid", "idle-dialog");
                let Some(spoken) = dom_live_region(&d, &line) else { return };
                *o = Some((d, text, spoken, left));
            }
        }
    });
}

/// A polite-but-firm live region inside the dialog for the counts worth saying aloud.
fn dom_live_region(d: &HtmlDialogElement, line: &str) -> Option<Element> {
    let p = crate::dom::document()?.create_element("p").ok()?;
    p.set_class_name("visually-hidden");
    let _ = p.set_attribute("aria-live", "assertive");
    p.set_text_content(Some(line));
    let _ = d.append_child(&p);
    Some(p)
}

/// Starts watching for input and the one-second timer, for the life of the page.
pub fn start(i18n: I18n) {
    // The quiet counts from the page's start (the thread-local would otherwise begin at its first
    // read, a tick later: a page nobody touches would wait that much longer).
    LAST_INPUT.with(|l| l.set(js_sys::Date::now()));
    let active = Closure::<dyn Fn()>::new(|| {
        // Input behind an open dialog does not count: only its buttons (or Escape) do.
        if OPEN.with(|o| o.borrow().is_none()) && PAUSED.with(|p| p.borrow().is_none()) {
            LAST_INPUT.with(|l| l.set(js_sys::Date::now()));
        }
    });
    on_activity(&active);
    active.forget();
    let timer = Closure::<dyn Fn()>::new(move || tick(i18n));
    if let Some(w) = crate::dom::window() {
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(timer.as_ref().unchecked_ref(), 1000);
    }
    timer.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_starts_after_two_minutes_and_ends_a_minute_later() {
        assert_eq!(seconds_left(0.0), None);
        assert_eq!(seconds_left(119_999.0), None);
        assert_eq!(seconds_left(120_000.0), Some(60));
        assert_eq!(seconds_left(120_500.0), Some(60));
        assert_eq!(seconds_left(150_000.0), Some(30));
        assert_eq!(seconds_left(179_999.0), Some(1));
        assert_eq!(seconds_left(180_000.0), Some(0));
        assert_eq!(seconds_left(1e9), Some(0));
        assert!(announce_at(60) && announce_at(10) && !announce_at(59));
    }

    #[test]
    fn only_a_page_with_personal_details_is_covered_after_half_a_minute() {
        assert!(!covered(29_999.0, true));
        assert!(covered(30_000.0, true));
        assert!(!covered(30_000.0, false), "a page without details is left as it is");
        assert!(!covered(IDLE_MS, true), "then the countdown takes over");
    }
}
