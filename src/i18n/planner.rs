//! Strings of the Friday planner. Sentences with values are functions, so word order stays
//! natural in each language.

use super::planner_en::PLANNER_EN;
use super::planner_vi::PLANNER_VI;

bundle_texts!(PlannerTexts, PLANNER_VI, PLANNER_EN, planner);

pub struct PlannerTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub badge_link: &'static str,
    pub procedure: &'static str,
    pub office: &'static str,
    pub when: &'static str,
    /// Day, month, year, hour, minute: GOV.UK's date input with a 24-hour time.
    pub when_parts: [&'static str; 5],
    pub when_hint: &'static str,
    pub error_summary: &'static str,
    pub when_incomplete: &'static str,
    pub when_not_a_date: &'static str,
    pub when_not_a_time: &'static str,
    /// The moment asked about is over; the slot is that moment.
    pub past: fn(moment: &str) -> String,
    /// A link to the same question for the next Friday the desk works; the slot is that day.
    pub past_next: fn(friday: &str) -> String,
    pub submit: &'static str,
    /// To book a time at the desk (`/dat-lich`).
    pub book: &'static str,
    pub answer: &'static str,
    pub loading: &'static str,
    pub bad_link: &'static str,
    pub no_office: &'static str,

    pub same_day: fn(date: &str, cutoff: &str, result: &str) -> String,
    pub next_day: fn(cutoff: &str, result: &str) -> String,
    pub next_day_tip: fn(cutoff: &str) -> String,
    pub legal_not_friday: fn(received: &str, result: &str) -> String,
    pub legal_not_in_programme: fn(office: &str, result: &str) -> String,
    pub legal_unknown: &'static str,
    pub try_friday: fn(date: &str, cutoff: &str) -> String,
    pub closed: fn(reason: &str, opens: &str) -> String,
    /// The same on a Friday of the programme: the answer to "the same day?" comes first.
    pub closed_friday: fn(reason: &str, opens: &str) -> String,
    pub if_you_come_then: &'static str,
    pub closed_day_off: fn(name: &str) -> String,
    pub closed_weekend: &'static str,
    pub closed_before_opening: &'static str,
    pub closed_lunch: &'static str,
    pub closed_after_closing: &'static str,
    pub incomplete: &'static str,
    pub not_received_here: fn(office: &str) -> String,
    pub no_opening: &'static str,
    pub warn_beyond_calendar: &'static str,
    pub warn_unconfirmed: fn(date: &str, name: &str) -> String,

    pub bring: &'static str,
    pub bring_show: &'static str,
    pub copies: fn(u32) -> String,
    pub where_heading: &'static str,
    pub hours_line: fn(morning: &str, afternoon: &str) -> String,
    pub saturday_line: fn(session: &str) -> String,
}
