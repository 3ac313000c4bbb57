//! Booking, step 2 (`/dat-lich/{procedure}/{office}?ngay=…&doi=…`): the desk's free windows in
//! the next two weeks, as two groups of radio buttons (the day, then its times: arrow keys move
//! within a group, a screen reader hears the legend, the time, the places left and the Friday
//! promise). `doi` is a ticket being moved.

use leptos::prelude::*;
use motcua_domain::format::date_long;
use motcua_domain::slots::Slot;
use motcua_domain::Lang;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use super::{back, caption, with_desks, Desks};
use crate::api;
use crate::components::form::{error_summary, field};
use crate::components::html::{el, Html};
use crate::components::markup::markup;
use crate::i18n::booking::{words as booking_words, BookingTexts};
use crate::i18n::use_i18n;
use crate::router::{use_navigate, use_params_map, use_query_map, NavigateOptions};

/// The days with a free place, in order: (YYYY-MM-DD, its windows with a free place).
pub fn days(slots: &[Slot]) -> Vec<(String, Vec<&Slot>)> {
    let mut out: Vec<(String, Vec<&Slot>)> = Vec::new();
    for s in slots.iter().filter(|s| s.free > 0) {
        let day = s.start.get(..10).unwrap_or("").to_string();
        match out.last_mut() {
            Some((d, list)) if *d == day => list.push(s),
            _ => out.push((day, vec![s])),
        }
    }
    out
}

fn hm(rfc3339: &str) -> &str {
    rfc3339.get(11..16).unwrap_or("")
}

fn radio(name: &str, id: &str, value: &str, checked: bool, label: &str, hint: &str) -> Html {
    let hint_id = format!("{id}-hint");
    let input = el("input")
        .attr("type", "radio")
        .id(id)
        .attr("name", name)
        .attr("value", value)
        .attr("aria-describedby", &hint_id)
        .flag("checked", checked)
        .void();
    el("div").class("radio radio--hinted").html(
        input + el("label").attr("for", id).text(label) + el("p").class("hint radio__hint").id(&hint_id).text(hint),
    )
}

/// The day's radios and the chosen day's times. `programme`: the office runs the Friday
/// programme for the procedure, so a Friday window the back end does not mark "same day" is
/// promised the next morning (a Friday with windows is a working one).
fn times_html(
    days: &[(String, Vec<&Slot>)],
    day: &str,
    chosen: Option<&str>,
    chosen_error: bool,
    programme: bool,
    t: &BookingTexts,
    lang: Lang,
) -> Html {
    let friday =
        motcua_domain::wire::parse_date(day).is_some_and(|x| chrono::Datelike::weekday(&x) == chrono::Weekday::Fri);
    let day_radios: Html = days
        .iter()
        .map(|(d, list)| {
            let free: u32 = list.iter().map(|s| s.free).sum();
            let mut hint = (t.free_places)(free);
            if list.iter().any(|s| s.same_day) {
                hint = format!("{hint} · {}", t.same_day);
            }
            let label = motcua_domain::wire::parse_date(d).map(|x| date_long(x, lang)).unwrap_or_else(|| d.clone());
            radio("day", &format!("day-{d}"), d, d == day, &label, &hint)
        })
        .collect();
    let times: Html = days
        .iter()
        .find(|(d, _)| d == day)
        .map(|(_, list)| {
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let id =
                        if i == 0 { "time".to_string() } else { format!("time-{}", hm(&s.start).replace(':', "")) };
                    let promise = if s.same_day {
                        t.same_day
                    } else if programme && friday {
                        t.next_morning
                    } else {
                        ""
                    };
                    let hint = if promise.is_empty() {
                        (t.free_places)(s.free)
                    } else {
                        format!("{} · {promise}", (t.free_places)(s.free))
                    };
                    radio(
                        "start",
                        &id,
                        &s.start,
                        chosen == Some(s.start.as_str()),
                        &format!("{}–{}", hm(&s.start), hm(&s.end)),
                        &hint,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let group = |legend: &str, id: &str, error: Option<&str>, inner: Html| {
        let class = if error.is_some() { "form-group form-group--error" } else { "form-group" };
        let error = error.map(|m| el("p").class("error-message").id(&format!("{id}-error")).text(m));
        el("div").class(class).id(&format!("{id}-group")).html(el("fieldset").class("fieldset").html(
            el("legend").class("label label--m").text(legend)
                + Html::from(error)
                + el("div").class("radios radios--stacked").html(inner),
        ))
    };
    group(t.day_legend, "day", None, day_radios)
        + group(
            t.time_legend,
            "time",
            chosen_error.then_some(t.choose_time),
            el("p").class("hint").text(t.time_hint) + times,
        )
}

#[component]
pub fn BookWhen() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.booking().when_heading, i18n.t().service_name));
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let missing = RwSignal::new(false);
    // The time chosen, so that a redraw (the message going, another day) keeps it checked.
    let chosen = RwSignal::new(None::<String>);
    let procedure_id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let office_id = move || params.with(|p| p.get("office")).unwrap_or_default();
    let page = move |d: Desks, more: Vec<String>| {
        let (pid, oid) = (procedure_id(), office_id());
        let (Some(procedure), Some(office)) = (d.procedure(&pid).cloned(), d.office(&oid).cloned()) else {
            return view! { <p class="notice" role="alert">{booking_words(|t| t.no_procedure)}</p> }.into_any();
        };
        let slots: Vec<Slot> = match more.first().map(|t| api::decode::<Vec<Slot>>(t)) {
            Some(Ok(s)) => s,
            _ => {
                return view! {
                    {back(href::book_where(&pid, None))}
                    <p class="notice" role="alert">{booking_words(|t| t.no_office)}</p>
                }
                .into_any()
            }
        };
        let slots = StoredValue::new(slots);
        let moving = query.with_untracked(|q| q.get("doi")).filter(|m| !m.is_empty());
        let navigate = navigate.clone();
        let (pid2, oid2, moving2) = (pid.clone(), oid.clone(), moving.clone());
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let start = field(&form, "start");
            if start.is_empty() {
                missing.set(true);
                crate::components::form::focus_summary();
                return;
            }
            navigate(&href::book_who(&pid2, &oid2, &start, moving2.as_deref()), Default::default());
        };
        let navigate_day = use_navigate();
        let (pid3, oid3, moving3) = (pid.clone(), oid.clone(), moving.clone());
        let on_change = move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            // A choice made: the "choose a time" message has done its work.
            missing.set(false);
            if input.name() == "start" {
                chosen.set(Some(input.value()));
                return;
            }
            if input.name() != "day" {
                return;
            }
            let mut url = format!("{}?ngay={}", href::book_when(&pid3, &oid3, None), input.value());
            if let Some(m) = &moving3 {
                url.push_str(&format!("&doi={}", motcua_domain::browse::encode(m)));
            }
            navigate_day(&url, NavigateOptions { replace: true, scroll: false });
        };
        let programme = office.friday_programme.covers(&pid);
        let body = move || {
            let (t, lang) = (i18n.booking(), i18n.lang());
            slots.with_value(|slots| {
                let days = days(slots);
                if days.is_empty() {
                    return el("p").class("notice").attr("role", "status").text(t.no_times);
                }
                let asked = query.with(|q| q.get("ngay")).unwrap_or_default();
                let day =
                    days.iter().find(|(d, _)| *d == asked).map(|(d, _)| d.clone()).unwrap_or_else(|| days[0].0.clone());
                times_html(&days, &day, chosen.get().as_deref(), missing.get(), programme, t, lang)
            })
        };
        let office_name = office.name.clone();
        view! {
            {back(href::book_where(&pid, Some(&oid)))}
            {caption(&procedure)}
            {move || error_summary(i18n.booking().error_summary, if missing.get() { vec![("time".to_string(), i18n.booking().choose_time.to_string())] } else { Vec::new() })}
            <h1>{booking_words(|t| t.when_heading)}</h1>
            <p class="lead">{move || office_name.get(i18n.lang()).to_string()}</p>
            {moving.is_some().then(|| view! { <p class="notice">{booking_words(|t| t.moving_note)}</p> })}
            <form novalidate on:submit=on_submit on:change=on_change data-testid="book-when">
                {markup(body)}
                <button type="submit" class="button">{booking_words(|t| t.continue_)}</button>
            </form>
        }
        .into_any()
    };
    with_desks(move || vec![api::appointments::slots(&office_id(), &procedure_id())], page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(start: &str, free: u32) -> Slot {
        Slot { start: start.into(), end: start.into(), free, same_day: false }
    }

    #[test]
    fn days_hold_only_windows_with_a_free_place_in_order() {
        let slots = [
            slot("2026-12-11T15:00:00+07:00", 0),
            slot("2026-12-11T15:30:00+07:00", 2),
            slot("2026-12-14T07:30:00+07:00", 3),
            slot("2026-12-14T08:00:00+07:00", 1),
            slot("2026-12-15T07:30:00+07:00", 0),
        ];
        let d = days(&slots);
        let shape: Vec<(&str, Vec<&str>)> =
            d.iter().map(|(day, list)| (day.as_str(), list.iter().map(|s| hm(&s.start)).collect())).collect();
        assert_eq!(shape, [("2026-12-11", vec!["15:30"]), ("2026-12-14", vec!["07:30", "08:00"])]);
    }
}
