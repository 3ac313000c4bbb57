//! The kiosk's idle guard: after two minutes without a touch, a key or a scroll, a dialog counts
//! down one minute with one large "Tôi cần thêm thời gian" button; at zero the visit is wiped.
//! Time is read from `Date.now()` on a one-second timer, so a test's mocked clock drives it.

use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};

pub const IDLE_MS: f64 = 120_000.0;
pub const COUNTDOWN_S: u32 = 60;

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

#[component]
pub fn IdleGuard() -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let last = StoredValue::new(js_sys::Date::now());
    let left = RwSignal::new(None::<u32>);
    let spoken = RwSignal::new(String::new());
    let wiping = StoredValue::new(false);

    // Any input while the dialog is closed counts as someone being there.
    let active = move || {
        if left.get_untracked().is_none() {
            last.set_value(js_sys::Date::now());
        }
    };
    let handles = [
        window_event_listener(ev::pointerdown, move |_| active()),
        window_event_listener(ev::keydown, move |_| active()),
        window_event_listener(ev::input, move |_| active()),
        window_event_listener(ev::wheel, move |_| active()),
        window_event_listener(ev::scroll, move |_| active()),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));

    let more_time = move || {
        left.set(None);
        spoken.set(String::new());
        last.set_value(js_sys::Date::now());
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let tick = move || {
        if wiping.get_value() {
            return;
        }
        let now_left = seconds_left(js_sys::Date::now() - last.get_value());
        match (left.get_untracked(), now_left) {
            (_, None) => {}
            (_, Some(0)) => {
                wiping.set_value(true);
                left.set(Some(0));
                leptos::task::spawn_local(super::wipe::wipe());
            }
            (before, Some(n)) => {
                if before.is_none() {
                    if let Some(d) = dialog.get_untracked() {
                        let _ = d.show_modal();
                    }
                }
                if before.is_none() || announce_at(n) && before != Some(n) {
                    spoken.set((i18n.t_untracked().idle_body)(n));
                }
                left.set(Some(n));
            }
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <dialog
            node_ref=dialog
            class="dialog dialog--idle"
            role="alertdialog"
            aria-labelledby="idle-title"
            aria-describedby="idle-body"
            data-testid="idle-dialog"
            on:cancel=move |e: ev::Event| { e.prevent_default(); more_time(); }
        >
            <h2 id="idle-title" class="dialog__title">{tr(|t| t.idle_title)}</h2>
            <p id="idle-body" class="dialog__count">
                {move || left.get().map(|n| (i18n.t().idle_body)(n)).unwrap_or_default()}
            </p>
            <p class="visually-hidden" aria-live="assertive">{move || spoken.get()}</p>
            <button type="button" class="button button--large" autofocus on:click=move |_| more_time()>
                {tr(|t| t.idle_more_time)}
            </button>
        </dialog>
    }
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
}
