//! Strings of tracking, rating and the offices' figures. Reached through [`texts`], not through
//! [`super::Texts`], so that only the tracking bundle carries them.

use super::{tracking_en::TRACKING_EN, tracking_vi::TRACKING_VI};

bundle_texts!(TrackingTexts, TRACKING_VI, TRACKING_EN, tracking);

pub struct TrackingTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub factor_label: &'static str,
    pub factor_hint: &'static str,
    pub search: &'static str,
    pub searching: &'static str,
    pub missing_code: &'static str,
    pub missing_factor: &'static str,
    /// Typed, but no code is in it.
    pub code_format: &'static str,
    /// Typed, but neither an ID number nor a mobile number.
    pub factor_format: &'static str,
    pub not_found: &'static str,
    pub limited: fn(u32) -> String,
    pub error_summary: &'static str,

    /// In the national order of statuses (submitted … returned): what it means, in plain words.
    pub statuses: [&'static str; 10],
    /// In the same order: what the citizen does next, in one sentence.
    pub next_steps: [&'static str; 10],
    pub status_heading: &'static str,
    pub procedure: &'static str,
    pub office: &'static str,
    pub received: &'static str,
    pub appointment: &'static str,
    pub no_appointment: &'static str,
    pub timeline_heading: &'static str,
    pub next_heading: &'static str,
    pub supplement_heading: &'static str,
    pub supplement_documents: &'static str,
    pub supplement_answer: &'static str,
    pub another: &'static str,

    pub recent_heading: &'static str,
    pub recent_hint: &'static str,
    pub forget: &'static str,

    pub rate_heading: &'static str,
    pub rate_scale: [&'static str; 5],
    pub comment_label: &'static str,
    pub rate_submit: &'static str,
    pub rate_missing: &'static str,
    pub rated: &'static str,
    pub already_rated: &'static str,

    pub figures_title: &'static str,
    pub figures_lead: &'static str,
    pub figures_office: &'static str,
    pub figures_received: &'static str,
    pub figures_online: &'static str,
    pub figures_on_time: &'static str,
    pub figures_late: &'static str,
    pub figures_rating: &'static str,
    pub figures_none: &'static str,
    /// "(6 hồ sơ)": the number a share is of.
    pub figures_count: fn(u32) -> String,
    pub figures_ratings: fn(u32) -> String,
    pub figures_all_time: &'static str,
    /// What the figures count.
    pub figures_scope: &'static str,
    pub period_label: &'static str,
    /// In the order of `Period::ALL`: the whole record, this year, this month, last month.
    pub periods: [&'static str; 4],
    pub period_show: &'static str,
    pub figures_chart: &'static str,
    pub loading: &'static str,
    /// The receipt (`/tra-cuu/bien-nhan/{code}`), shown once the back end took the dossier.
    pub receipt_track: &'static str,
    pub receipt_title: &'static str,
    pub receipt_code: &'static str,
    pub receipt_received_at: &'static str,
    pub receipt_counted_from: &'static str,
    pub receipt_counted_note: &'static str,
    pub receipt_missing_title: &'static str,
    pub receipt_appointment: &'static str,
    pub receipt_appointment_unknown: &'static str,
    pub receipt_next_steps: &'static str,
    pub receipt_qr_label: &'static str,
    pub receipt_print: &'static str,
    pub receipt_missing: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::Lang;

    #[test]
    fn every_status_has_words_and_a_next_step_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let t = texts(lang);
            assert!(t.statuses.iter().chain(&t.next_steps).chain(&t.rate_scale).all(|s| !s.trim().is_empty()));
        }
        assert_ne!(texts(Lang::Vi).statuses, texts(Lang::En).statuses);
        assert!((texts(Lang::Vi).limited)(15).contains("15 phút"));
    }
}
