//! Every user-visible string, in Vietnamese (default) and English.
//!
//! One struct, one static per language: a missing translation is a compile error, lookups cost a
//! pointer, and no i18n runtime or ICU data ships in the wasm.

/// The strings of one bundle, kept out of [`Texts`] so that other bundles do not carry them:
/// `texts(lang)`, a reactive accessor on [`I18n`] named `$method`, and `words` like [`words`].
macro_rules! bundle_texts {
    ($ty:ident, $vi:ident, $en:ident, $method:ident) => {
        pub fn texts(lang: motcua_domain::Lang) -> &'static $ty {
            match lang {
                motcua_domain::Lang::Vi => &$vi,
                motcua_domain::Lang::En => &$en,
            }
        }

        impl super::I18n {
            /// Reactive, like [`super::I18n::t`].
            pub fn $method(&self) -> &'static $ty {
                texts(self.lang())
            }
        }

        /// [`super::words`] for this bundle's strings.
        pub fn words(
            pick: fn(&'static $ty) -> &'static str,
        ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
            let i18n = super::use_i18n();
            move || pick(i18n.$method())
        }
    };
}

pub mod apply;
mod apply_en;
mod apply_vi;
pub mod booking;
mod booking_en;
mod booking_vi;
pub mod catalogue;
mod catalogue_en;
mod catalogue_vi;
pub mod declaration;
mod declaration_en;
mod declaration_vi;
mod en;
pub mod planner;
mod planner_en;
mod planner_vi;
pub mod tracking;
mod tracking_en;
mod tracking_vi;
mod vi;

use leptos::prelude::*;
use motcua_domain::Lang;

/// The strings of the interface. Functions format values into sentences.
pub struct Texts {
    pub service_name: &'static str,
    pub service_tagline: &'static str,
    pub skip_to_content: &'static str,
    /// Label of the button that switches to the other language, written in that language.
    pub switch_language: &'static str,
    pub switch_language_hint: &'static str,
    pub footer_note: &'static str,
    pub footer_data_note: &'static str,

    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub loading_catalogue: &'static str,
    pub procedure_count: fn(usize) -> String,
    pub time_limit: &'static str,
    pub procedure_code: &'static str,
    pub fee: &'static str,
    pub unknown_value: &'static str,
    pub friday_badge: &'static str,

    pub error_title: &'static str,
    pub error_network: &'static str,
    pub error_server: fn(u16) -> String,
    pub error_malformed: &'static str,
    pub error_next_step: &'static str,
    pub retry: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,

    /// Shared devices: the kiosk's "finish and clear" and the idle warning.
    pub finish: &'static str,
    pub finish_title: &'static str,
    pub finish_body: &'static str,
    pub finish_yes: &'static str,
    pub finish_no: &'static str,
    pub clearing: &'static str,
    pub idle_title: &'static str,
    pub idle_body: fn(u32) -> String,
    pub idle_more_time: &'static str,
    /// A page with personal details, covered after a pause on a kiosk.
    pub pause_title: &'static str,
    pub pause_body: &'static str,
    pub pause_continue: &'static str,
    /// Leaving an application on a kiosk.
    pub leave_title: &'static str,
    pub leave_body: &'static str,
    pub leave_stay: &'static str,
    pub leave_go: &'static str,

    /// Footer links to tracking and to the offices' figures.
    pub track_link: &'static str,
    pub figures_link: &'static str,
    pub office_figures: &'static str,
    /// Shown by the application bundle when it cannot load what it needs.
    pub apply_load_error: &'static str,

    /// On the procedure page and in the application, for an unknown procedure.
    pub no_such_procedure: &'static str,
    pub procedure_error: &'static str,

    /// Shown by the planner when it cannot load the calendar.
    pub planner_load_error: &'static str,
    pub figures_load_error: &'static str,
    /// Offline, what was never fetched on this device: not kept for offline use.
    pub error_not_kept: &'static str,
    // The catalogue's, the planner's and the application's strings are not here: only their
    // bundles need them ([`catalogue::texts`], [`planner::texts`], [`apply::texts`]); reachable
    // from here they would weigh on every bundle (2 to 3 KiB brotli each).
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &vi::VI,
        Lang::En => &en::EN,
    }
}

const STORAGE_KEY: &str = "motcua.lang";

/// The chosen language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Reactive: views and effects that call it follow language changes.
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// For async work outside any view (an upload finishing): no reactive tracking.
    pub fn t_untracked(&self) -> &'static Texts {
        texts(self.lang.get_untracked())
    }

    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = crate::kiosk::visit_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

/// Provides the language to the app: the last choice on this device (this visit on a kiosk), else Vietnamese; keeps
/// `<html lang>` in step for screen readers.
pub fn provide_i18n() -> I18n {
    // On a kiosk the choice lasts one visit (the session, wiped at the end), then Vietnamese.
    let saved = crate::kiosk::visit_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag));
    let i18n = I18n { lang: RwSignal::new(saved.unwrap_or_default()) };
    Effect::new(move |_| {
        let tag = i18n.lang.get().tag();
        if let Some(html) = crate::dom::document().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", tag);
        }
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// One interface string in both languages, for messages stored in a draft or shown later in
/// whichever language is chosen then.
pub fn both(pick: fn(&'static Texts) -> &'static str) -> motcua_domain::Text {
    motcua_domain::Text::new(pick(texts(Lang::Vi)), pick(texts(Lang::En)))
}

/// Vietnam's local time now, whatever the device's time zone.
pub fn now_in_vietnam() -> chrono::NaiveDateTime {
    vietnam_time_ms(js_sys::Date::now() as i64)
}

/// Vietnam's local time at `millis` since the epoch (a saved draft, a server's expiry).
pub fn vietnam_time_ms(millis: i64) -> chrono::NaiveDateTime {
    motcua_domain::schedule::vietnam_time(chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default())
}

/// A piece of interface text that follows the language. Every call returns the same closure
/// type, so Leptos compiles its renderer once instead of once per string (each copy costs
/// the wasm hundreds of bytes).
pub fn words(pick: fn(&'static Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || pick(i18n.t())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_static(t: &Texts) -> Vec<&'static str> {
        vec![
            t.service_name,
            t.service_tagline,
            t.skip_to_content,
            t.switch_language,
            t.switch_language_hint,
            t.footer_note,
            t.footer_data_note,
            t.home_title,
            t.home_lead,
            t.loading_catalogue,
            t.time_limit,
            t.procedure_code,
            t.fee,
            t.unknown_value,
            t.friday_badge,
            t.error_title,
            t.error_network,
            t.error_malformed,
            t.error_next_step,
            t.retry,
            t.not_found_title,
            t.not_found_body,
            t.back_home,
            t.finish,
            t.finish_title,
            t.finish_body,
            t.finish_yes,
            t.finish_no,
            t.clearing,
            t.idle_title,
            t.idle_more_time,
            t.figures_load_error,
            t.error_not_kept,
            t.pause_title,
            t.pause_body,
            t.pause_continue,
            t.leave_title,
            t.leave_body,
            t.leave_stay,
            t.leave_go,
        ]
    }

    #[test]
    fn no_string_is_empty_and_languages_differ() {
        let (vi, en) = (all_static(texts(Lang::Vi)), all_static(texts(Lang::En)));
        for (v, e) in vi.iter().zip(&en) {
            assert!(!v.trim().is_empty() && !e.trim().is_empty());
        }
        let same = vi.iter().zip(&en).filter(|(v, e)| v == e).count();
        // Only proper names (the service name) may read the same in both.
        assert!(same <= 1, "{same} strings are not translated");
    }

    #[test]
    fn formatted_strings_use_their_arguments() {
        assert_eq!((texts(Lang::Vi).procedure_count)(3), "3 thủ tục");
        assert_eq!((texts(Lang::En).procedure_count)(1), "1 procedure");
        assert!((texts(Lang::En).error_server)(503).contains("503"));
        assert!((texts(Lang::Vi).idle_body)(45).contains("45 giây"));
        assert!((texts(Lang::En).idle_body)(45).contains("45 seconds"));
    }
}
