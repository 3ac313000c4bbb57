//! The planner's answer in plain words, with the result moment marked up as `<time>`.
//!
//! The outcome is first described as plain data ([`Block`]) and then drawn by one view function:
//! one view shape instead of one per kind of answer keeps the wasm small.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use motcua_domain::format::{date_long, date_time_long, time_hm};
use motcua_domain::friday::{Answer, LegalReason, Outcome, Warning};
use motcua_domain::office::Office;
use motcua_domain::schedule::{rfc3339, Closed};
use motcua_domain::Lang;

use crate::i18n::{planner::PlannerTexts, use_i18n};

/// Stands in a sentence where the `<time>` element goes.
const SLOT: &str = "\u{1}";

/// One panel of the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// `data-outcome`, for styles and tests.
    pub kind: &'static str,
    pub class: &'static str,
    /// The main sentence; `SLOT` marks where `moment` is written.
    pub headline: String,
    pub moment: Option<NaiveDateTime>,
    pub lines: Vec<String>,
    pub list: Vec<String>,
    pub nested: Option<Box<Block>>,
}

impl Block {
    fn new(kind: &'static str, class: &'static str, headline: String, moment: Option<NaiveDateTime>) -> Self {
        Block { kind, class, headline, moment, lines: Vec::new(), list: Vec::new(), nested: None }
    }
}

fn closed_reason(c: &Closed, t: &PlannerTexts, lang: Lang) -> String {
    match c {
        Closed::DayOff(d) => (t.closed_day_off)(d.name.get(lang)),
        Closed::Weekend => t.closed_weekend.into(),
        Closed::BeforeOpening => t.closed_before_opening.into(),
        Closed::LunchBreak => t.closed_lunch.into(),
        Closed::AfterClosing => t.closed_after_closing.into(),
    }
}

/// Describes an outcome in words.
pub fn describe(o: &Outcome, office: &Office, t: &PlannerTexts, lang: Lang) -> Block {
    let cutoff = time_hm(office.friday_programme.cutoff);
    let office_name = office.name.get(lang);
    match o {
        Outcome::SameDay { received, result_by } => Block::new(
            "same-day",
            "panel--yes",
            (t.same_day)(&date_long(received.date(), lang), &cutoff, SLOT),
            Some(*result_by),
        ),
        Outcome::NextWorkingDay { result_by, .. } => {
            let mut b = Block::new("next-working-day", "panel--later", (t.next_day)(&cutoff, SLOT), Some(*result_by));
            b.lines.push((t.next_day_tip)(&cutoff));
            b
        }
        Outcome::Legal { reason, result_by, better_friday, .. } => {
            let (kind, headline) = match (reason, result_by) {
                (_, None) => ("legal-unknown", t.legal_unknown.to_string()),
                (LegalReason::NotFriday, Some(_)) => ("legal-not-friday", (t.legal_not_friday)(SLOT)),
                (LegalReason::NotInProgramme, Some(_)) => {
                    ("legal-not-in-programme", (t.legal_not_in_programme)(office_name, SLOT))
                }
            };
            let mut b = Block::new(kind, "panel--legal", headline, *result_by);
            if let Some(f) = better_friday {
                b.lines.push((t.try_friday)(&date_long(*f, lang), &cutoff));
            }
            b
        }
        Outcome::DeskClosed { closed, opens_at, then } => {
            let mut b = Block::new(
                "closed",
                "panel--closed",
                (t.closed)(&closed_reason(closed, t, lang), SLOT),
                Some(*opens_at),
            );
            b.lines.push(t.if_you_come_then.into());
            b.nested = Some(Box::new(describe(then, office, t, lang)));
            b
        }
        Outcome::Incomplete { missing } => {
            let mut b = Block::new("incomplete", "panel--closed", t.incomplete.into(), None);
            b.list = missing.clone();
            b
        }
        Outcome::NotReceivedHere => {
            Block::new("not-received-here", "panel--closed", (t.not_received_here)(office_name), None)
        }
        Outcome::NoOpeningFound => Block::new("no-opening", "panel--closed", t.no_opening.into(), None),
    }
}

fn block_view(b: Block, lang: Lang) -> AnyView {
    let (before, after) = match b.headline.split_once(SLOT) {
        Some((x, y)) => (x.to_string(), y.to_string()),
        None => (b.headline.clone(), String::new()),
    };
    let time = b.moment.map(|m| view! { <time datetime=rfc3339(m)>{date_time_long(m, lang)}</time> });
    let list = (!b.list.is_empty())
        .then(|| view! { <ul>{b.list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> });
    view! {
        <div class=format!("panel {}", b.class) data-outcome=b.kind>
            <p class="answer__headline">{before}{time}{after}</p>
            {b.lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            {list}
            {b.nested.map(|n| block_view(*n, lang))}
        </div>
    }
    .into_any()
}

#[component]
pub fn AnswerView(answer: Answer, office: Office) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, lang) = (i18n.t().planner, i18n.lang());
        let warnings = answer
            .warnings
            .iter()
            .map(|w| match w {
                Warning::BeyondPublishedCalendar => t.warn_beyond_calendar.to_string(),
                Warning::UnconfirmedDayOff(d) => (t.warn_unconfirmed)(&date_long(d.date, lang), d.name.get(lang)),
            })
            .map(|text| view! { <p class="warning-text">{text}</p> })
            .collect_view();
        view! {
            {block_view(describe(&answer.outcome, &office, t, lang), lang)}
            {warnings}
        }
    }
}
