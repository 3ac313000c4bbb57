//! An office: name, address and the opening hours of the season of a given day.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use motcua_domain::format::time_hm;
use motcua_domain::office::{Office, Session};

use crate::components::section::{section_view, Section};
use crate::i18n::use_i18n;

fn span(s: &Session) -> String {
    format!("{}–{}", time_hm(s.open), time_hm(s.close))
}

#[component]
pub fn OfficeCard(office: Office, arrival: NaiveDateTime) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, lang) = (i18n.t().planner, i18n.lang());
        let mut lines = vec![office.name.get(lang).to_string(), office.address.get(lang).to_string()];
        lines.extend(office.season(arrival.date()).map(|h| (t.hours_line)(&span(&h.morning), &span(&h.afternoon))));
        lines.extend(office.saturday.as_ref().map(|s| (t.saturday_line)(&span(s))));
        section_view(Section { heading: t.where_heading.into(), class: "office-card", lines, list: Vec::new() })
    }
}
