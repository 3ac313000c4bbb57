//! Strings of the online application: applicant, documents, check answers, receipt. Reached
//! through [`texts`] and the helpers below, not through [`super::Texts`], so that only the
//! application's bundle carries them.

use motcua_domain::Lang;

use super::{apply_en::APPLY_EN, apply_vi::APPLY_VI, use_i18n, I18n};

bundle_texts!(ApplyTexts, APPLY_VI, APPLY_EN, apply);

impl I18n {
    pub fn apply_untracked(&self) -> &'static ApplyTexts {
        texts(self.lang_untracked())
    }
}

/// [`super::both`] for the application's strings.
pub fn both(pick: fn(&'static ApplyTexts) -> &'static str) -> motcua_domain::Text {
    motcua_domain::Text::new(pick(texts(Lang::Vi)), pick(texts(Lang::En)))
}

/// [`crate::components::title::use_page_title`] for the application's pages.
pub fn use_title(pick: fn(&'static ApplyTexts) -> &'static str) {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (pick(i18n.apply()), i18n.t().service_name));
}

pub struct ApplyTexts {
    pub loading: &'static str,
    pub step_of: fn(usize, usize) -> String,
    pub back: &'static str,
    pub continue_: &'static str,
    pub expiry_soon: fn(&str) -> String,
    pub expiry_past: fn(&str) -> String,
    pub keep_longer: &'static str,
    pub kept_until: fn(&str) -> String,
    pub offer_title: &'static str,
    pub citizen_id_short: &'static str,
    /// Whose draft (masked name and ID number, or nothing typed yet) and when it was saved.
    pub offer_whose: fn(&str, &str) -> String,
    pub offer_unnamed: fn(&str) -> String,
    pub offer_continue: &'static str,
    pub offer_not_me: &'static str,
    pub offer_hint: &'static str,
    pub saved_on_device: &'static str,
    pub kept_until_finish: &'static str,

    pub applicant_title: &'static str,
    pub full_name: &'static str,
    pub full_name_hint: &'static str,
    pub birth_year: &'static str,
    pub gender: &'static str,
    pub male: &'static str,
    pub female: &'static str,
    pub citizen_id: &'static str,
    pub citizen_id_hint: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub email: &'static str,
    pub email_hint: &'static str,
    pub address: &'static str,
    pub office: &'static str,
    pub error_summary: &'static str,

    pub documents_title: &'static str,
    pub documents_lead: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub take_photo: &'static str,
    pub blank_form: &'static str,
    pub choose_file: &'static str,
    pub drop_here: &'static str,
    pub file_uploading: &'static str,
    pub file_done: &'static str,
    pub file_waiting_network: &'static str,
    pub retry: &'static str,
    pub remove: &'static str,
    pub gave_up: &'static str,
    pub file_lost: &'static str,
    pub complete: &'static str,
    pub missing: fn(usize) -> String,
    pub announce_done: fn(&str) -> String,
    pub announce_failed: fn(&str) -> String,
    pub photo_small: &'static str,
    pub photo_dark: &'static str,
    pub photo_blurry: &'static str,
    pub retake: &'static str,
    pub use_anyway: &'static str,
    pub wait_uploads: &'static str,
    /// The files that stopped, each named with its reason.
    pub failed_files: fn(&str) -> String,
    pub friday_yes: fn(&str) -> String,
    pub friday_incomplete: fn(&str) -> String,

    pub review_title: &'static str,
    pub change: &'static str,
    pub applicant_heading: &'static str,
    pub documents_heading: &'static str,
    pub no_file: &'static str,
    pub declaration: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub submit_network: &'static str,
    pub submit_unavailable: &'static str,
    pub missing_before_review: fn(&str) -> String,
    pub missing_item: fn(&str) -> String,
    pub document_missing: &'static str,
    pub upload: &'static str,

    pub supplement_title: &'static str,
    pub supplement_lead: &'static str,
    pub code_caption: fn(&str) -> String,
    pub factor_label: &'static str,
    pub factor_hint: &'static str,
    pub factor_missing: &'static str,
    pub factor_format: &'static str,
    pub open_request: &'static str,
    pub lookup_refused: &'static str,
    pub lookup_limited: fn(u32) -> String,
    pub no_request: &'static str,
    pub officer_asks: &'static str,
    pub supplement_upload_lead: &'static str,
    pub send_supplement: &'static str,
    pub sending: &'static str,
    pub still_missing: fn(&str) -> String,
    pub need_one_file: &'static str,
    pub send_network: &'static str,
    pub sent_title: &'static str,
    pub sent_body: fn(&str) -> String,
    pub see_status: &'static str,
}
