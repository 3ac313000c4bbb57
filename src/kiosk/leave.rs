//! Leaving an application on a kiosk. Its draft lives in the page's memory there, so a link to
//! another page (the header's, the footer's) would drop what the citizen typed and uploaded
//! without a word: the kiosk asks first, and on "leave" closes the draft on the server (its
//! files deleted) before going.

use std::cell::RefCell;

use super::dialog::{self, Action};

thread_local! {
    /// The secret of the draft of the application on screen, while there is one, and the page's
    /// language (a link's click comes from outside any view).
    static WORK: RefCell<Option<(String, crate::i18n::I18n)>> = const { RefCell::new(None) };
}

/// The application on screen, with its draft's secret, for the life of the calling view.
pub fn hold(token: String) {
    let i18n = crate::i18n::use_i18n();
    WORK.with(|w| *w.borrow_mut() = Some((token, i18n)));
    leptos::prelude::on_cleanup(|| WORK.with(|w| *w.borrow_mut() = None));
}

/// On a kiosk with an application on screen, asks before following a link to `href` in another
/// bundle and returns `true` (the kiosk then goes, or stays); otherwise `false`.
pub fn asked(href: &str) -> bool {
    let Some((token, i18n)) = WORK.with(|w| w.borrow().clone()).filter(|_| super::is_on()) else { return false };
    let t = i18n.t_untracked();
    let opened: std::rc::Rc<RefCell<Option<web_sys::HtmlDialogElement>>> = Default::default();
    let keep = opened.clone();
    let stay = move || {
        if let Some(d) = keep.borrow_mut().take() {
            dialog::close(&d);
        }
    };
    let href = href.to_string();
    let actions = vec![
        Action { label: t.leave_stay, class: "button", run: Box::new(stay.clone()) },
        Action {
            label: t.leave_go,
            class: "button button--warning",
            run: Box::new(move || {
                let (token, href) = (token.clone(), href.clone());
                leptos::task::spawn_local(async move {
                    super::wipe::close_draft(&token).await;
                    crate::upload::drafts::forget_memory();
                    crate::dom::replace_location(&href);
                });
            }),
        },
    ];
    let shown = dialog::open("leave", "alertdialog", t.leave_title, t.leave_body, actions, Box::new(stay));
    *opened.borrow_mut() = shown.map(|(d, _)| d);
    true
}
