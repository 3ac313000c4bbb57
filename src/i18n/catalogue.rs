//! Strings of the catalogue: search, filters and the procedure page. Reached through [`texts`],
//! not through [`super::Texts`], so that the planner's and the application's bundles do not
//! carry them.

use super::{catalogue_en::CATALOGUE_EN, catalogue_vi::CATALOGUE_VI};

bundle_texts!(CatalogueTexts, CATALOGUE_VI, CATALOGUE_EN, catalogue);

pub struct CatalogueTexts {
    /// The home page's link to the Friday planner.
    pub planner_link: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub filters: &'static str,
    pub filter_field: &'static str,
    pub filter_office: &'static str,
    pub filter_level: &'static str,
    pub filter_online: &'static str,
    pub filter_friday: &'static str,
    pub any: &'static str,
    pub clear: &'static str,
    pub levels: [&'static str; 3],
    pub online_full: &'static str,
    pub online_partial: &'static str,
    pub result_count: fn(usize) -> String,
    pub showing_first: fn(usize) -> String,
    pub no_results: fn(&str) -> String,
    pub no_results_help: &'static str,
    /// A search for something these desks do not do: the answer's title, and who does it.
    pub elsewhere_title: &'static str,
    pub elsewhere_who: fn(&str, &str) -> String,
    pub browse_fields: &'static str,

    pub loading_procedure: &'static str,
    pub all_procedures: &'static str,
    pub level: &'static str,
    pub channels: &'static str,
    /// In person, by post, partly online, fully online: the order of `Channel`.
    pub channel_names: [&'static str; 4],
    pub docs_submit: &'static str,
    pub docs_show: &'static str,
    pub docs_info: &'static str,
    pub only_if: &'static str,
    pub blank_form: &'static str,
    pub form_back: &'static str,
    pub form_lead: &'static str,
    pub form_print: &'static str,
    pub no_form: &'static str,
    pub notes: &'static str,
    pub offices: &'static str,
    /// Before the province's centres and branches, listed by name (any desk of the province).
    pub offices_province: &'static str,
    /// To book a time at a desk (`/dat-lich`).
    pub book: &'static str,
    pub legal_basis: &'static str,
    pub start: &'static str,
    pub start_hint: &'static str,
    pub not_online: &'static str,
    pub print: &'static str,
    pub print_title: &'static str,
}
