//! The planner's answer in plain words, with the result moment marked up as `<time>`.
//!
//! The outcome is first described as plain data ([`Block`]) and then drawn by one view function:
//! one view shape instead of one per kind of answer keeps the wasm small.

use chrono::NaiveTime;
use leptos::prelude::*;
use motcua_domain::format::time_hm;
use motcua_domain::friday::{Advice, LegalReason, Outcome, Warning};
use motcua_domain::office::Office;
use motcua_domain::schedule::Closed;
use motcua_domain::wire;
use motcua_domain::Lang;

use crate::components::html::{el, sentence_html, Html};
pub use crate::components::html::{Moments, SLOT};
use crate::components::markup::markup;
use crate::i18n::{planner::PlannerTexts, use_i18n};

/// One panel of the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// `data-outcome`, for styles and tests.
    pub kind: &'static str,
    pub class: &'static str,
    /// The main sentence; each `SLOT` marks where the next of `moments` is written.
    pub headline: String,
    pub moments: Moments,
    pub lines: Vec<(String, Moments)>,
    pub list: Vec<String>,
    pub nested: Option<Box<Block>>,
    /// Where the first line leads, if it is a link.
    pub href: Option<String>,
}

impl Block {
    fn new(kind: &'static str, class: &'static str, headline: String, moments: Moments) -> Self {
        Block { kind, class, headline, moments, lines: Vec::new(), list: Vec::new(), nested: None, href: None }
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

/// Describes an outcome in words (`procedure`: for links to other moments).
pub fn describe(o: &Outcome, office: &Office, procedure: &str, t: &PlannerTexts, lang: Lang) -> Block {
    let cutoff = time_hm(office.friday_programme.cutoff);
    let office_name = office.name.get(lang);
    match o {
        Outcome::SameDay { received, result_by } => Block::new(
            "same-day",
            "panel--yes",
            (t.same_day)(SLOT, &cutoff, SLOT),
            vec![(*received, true), (*result_by, false)],
        ),
        Outcome::NextWorkingDay { result_by, .. } => {
            let mut b =
                Block::new("next-working-day", "panel--later", (t.next_day)(&cutoff, SLOT), vec![(*result_by, false)]);
            b.lines.push(((t.next_day_tip)(&cutoff), Vec::new()));
            b
        }
        Outcome::Legal { received, reason, result_by, better_friday } => {
            let (kind, headline, moments) = match (reason, result_by) {
                (_, None) => ("legal-unknown", t.legal_unknown.to_string(), Vec::new()),
                // Named by its day, whichever it is (the day asked, or the day the desk reopens).
                (LegalReason::NotFriday, Some(r)) => {
                    ("legal-not-friday", (t.legal_not_friday)(SLOT, SLOT), vec![(*received, true), (*r, false)])
                }
                (LegalReason::NotInProgramme, Some(r)) => {
                    ("legal-not-in-programme", (t.legal_not_in_programme)(office_name, SLOT), vec![(*r, false)])
                }
            };
            let mut b = Block::new(kind, "panel--legal", headline, moments);
            if let Some(f) = better_friday {
                b.lines.push(((t.try_friday)(SLOT, &cutoff), vec![(f.and_time(office.friday_programme.cutoff), true)]));
            }
            b
        }
        Outcome::DeskClosed { closed, opens_at, then, friday_missed } => {
            let closed_line = if *friday_missed { t.closed_friday } else { t.closed };
            let mut b = Block::new(
                "closed",
                "panel--closed",
                closed_line(&closed_reason(closed, t, lang), SLOT),
                vec![(*opens_at, false)],
            );
            b.lines.push((t.if_you_come_then.into(), Vec::new()));
            b.nested = Some(Box::new(describe(then, office, procedure, t, lang)));
            b
        }
        Outcome::Incomplete { missing } => {
            let mut b = Block::new("incomplete", "panel--closed", t.incomplete.into(), Vec::new());
            b.list = missing.clone();
            b
        }
        Outcome::NotReceivedHere => {
            Block::new("not-received-here", "panel--closed", (t.not_received_here)(office_name), Vec::new())
        }
        Outcome::NoOpeningFound => Block::new("no-opening", "panel--closed", t.no_opening.into(), Vec::new()),
        Outcome::Past { asked, instead } => {
            let mut b = Block::new("past", "panel--closed", (t.past)(SLOT), vec![(*asked, false)]);
            b.lines.push(((t.past_next)(SLOT), vec![(*instead, true)]));
            b.href = Some(format!(
                "{}&office={}&at={}",
                motcua_routes::href::planner(procedure),
                motcua_domain::browse::encode(&office.id),
                wire::date_time_str(*instead)
            ));
            b
        }
    }
}

/// A panel of the answer, its sentences with their moments marked.
pub fn block_html(b: &Block, lang: Lang) -> Html {
    let mut inner = el("p").class("answer__headline").html(sentence_html(&b.headline, &b.moments, lang));
    for (i, (line, moments)) in b.lines.iter().enumerate() {
        let said = sentence_html(line, moments, lang);
        inner += el("p").html(match &b.href {
            Some(href) if i == 0 => el("a").class("answer__link").href(href).html(said),
            _ => said,
        });
    }
    if !b.list.is_empty() {
        inner += el("ul").html(b.list.iter().map(|m| el("li").text(m)).collect());
    }
    if let Some(n) = &b.nested {
        inner += block_html(n, lang);
    }
    el("div").class(&format!("panel {}", b.class)).attr("data-outcome", b.kind).html(inner)
}

#[component]
pub fn AnswerView(answer: Advice, office: Office, procedure: String) -> impl IntoView {
    let i18n = use_i18n();
    let html = move || {
        let (t, lang) = (i18n.planner(), i18n.lang());
        let warnings = answer
            .warnings
            .iter()
            .map(|w| match w {
                Warning::BeyondPublishedCalendar => (t.warn_beyond_calendar.to_string(), Vec::new()),
                Warning::UnconfirmedDayOff(d) => {
                    ((t.warn_unconfirmed)(SLOT, d.name.get(lang)), vec![(d.date.and_time(NaiveTime::MIN), true)])
                }
            })
            .map(|(text, moments)| el("p").class("warning-text").html(sentence_html(&text, &moments, lang)));
        block_html(&describe(&answer.outcome, &office, &procedure, t, lang), lang) + warnings.collect()
    };
    markup(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};
    use chrono::NaiveDate;

    #[test]
    fn a_panel_marks_its_moments_and_shows_every_word_as_text() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(16, 30, 0).unwrap();
        let mut b = Block::new("same-day", "panel--yes", format!("{HOSTILE} {SLOT}"), vec![(at, false)]);
        b.lines.push((HOSTILE.into(), Vec::new()));
        b.list.push(HOSTILE.into());
        b.href = Some("javascript:alert(1)".into());
        b.nested = Some(Box::new(Block::new("closed", "panel--closed", HOSTILE.into(), Vec::new())));
        let html = block_html(&b, Lang::Vi);
        let h = html.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert_eq!(h.matches("&lt;img").count(), 4, "{h}");
        assert!(
            h.starts_with(r#"<div class="panel panel--yes" data-outcome="same-day"><p class="answer__headline">"#),
            "{h}"
        );
        assert!(h.contains(r#"<time datetime="2026-11-27T16:30:00+07:00">"#), "{h}");
        assert!(
            h.contains(r##"<a class="answer__link" href="#">"##),
            "a link that is not a web address leads nowhere: {h}"
        );
        assert!(h.contains(r#"<div class="panel panel--closed" data-outcome="closed">"#), "{h}");
    }
}
