//! An office: name, address and the opening hours of the season of a given day.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use motcua_domain::format::time_hm;
use motcua_domain::office::{Office, Session};

use crate::components::section::{section_view, Section};
use crate::i18n::{planner::PlannerTexts, use_i18n};
use motcua_domain::Lang;

fn span(s: &Session) -> String {
    format!("{}–{}", time_hm(s.open), time_hm(s.close))
}

/// Address and opening hours in the season of `day`.
pub fn office_lines(office: &Office, day: NaiveDate, t: &PlannerTexts, lang: Lang) -> Vec<String> {
    let mut lines = vec![office.address.get(lang).to_string()];
    lines.extend(office.season(day).map(|h| (t.hours_line)(&span(&h.morning), &span(&h.afternoon))));
    lines.extend(office.saturday.as_ref().map(|s| (t.saturday_line)(&span(s))));
    lines
}

/// The office's row in the figures page.
pub fn figures_link(office_id: &str) -> String {
    format!("{}#{}", motcua_routes::href::FIGURES, motcua_domain::browse::encode(office_id))
}

#[component]
pub fn OfficeCard(office: Office, arrival: NaiveDateTime) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, lang) = (i18n.planner(), i18n.lang());
        let mut lines = vec![office.name.get(lang).to_string()];
        lines.extend(office_lines(&office, arrival.date(), t, lang));
        let link = Some((figures_link(&office.id), i18n.t().office_figures));
        section_view(Section { heading: t.where_heading.into(), class: "office-card", lines, list: Vec::new(), link })
    }
}
