//! "Will a Friday visit get same-day results?" The form lives in the URL (`procedure`, `office`,
//! `at` in Vietnam time), so a commune can print or share a link to an answer. A date typed
//! wrong travels as the five fields typed (`day` … `minute`), so the page can say what to fix.

use crate::router::{use_navigate, use_query_map};
use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike};
use leptos::prelude::*;
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::{ProcedureBrief, ProcedureDocuments, ProcedureList};
use motcua_domain::friday::{self, Visit, WhenError};
use motcua_domain::office::Office;
use motcua_domain::wire;
use motcua_routes::href;

use crate::api::{self, ApiFailure};
use crate::components::answer::AnswerView;
use crate::components::form::{date_time_input, error_summary};
use crate::components::html::{el, Html};
use crate::components::load_error::LoadError;
use crate::components::markup::markup_once;
use crate::i18n::planner::words as planner_words;
use crate::i18n::{now_in_vietnam, use_i18n};

#[component]
pub fn Planner() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || {
        (crate::i18n::planner::texts(i18n.lang()).title, i18n.t().service_name)
    });
    let data = api::resource(|| vec![api::PROCEDURES, api::OFFICES, api::CALENDAR]);
    view! {
        <h1>{planner_words(|t| t.title)}</h1>
        <p class="lead">{planner_words(|t| t.lead)}</p>
        {move || match data.get().map(|r| r.and_then(|t| PlannerData::decode(&t))) {
            None => view! { <p class="loading" role="status">{planner_words(|t| t.loading)}</p> }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.planner_load_error failure on_retry=move |_| data.refetch()/>
            }.into_any(),
            Some(Ok(data)) => view! { <PlannerForm data/> }.into_any(),
        }}
    }
}

/// Everything the planner needs: the catalogue, the offices and the calendar.
#[derive(Clone)]
pub struct PlannerData {
    pub catalogue: ProcedureList<ProcedureBrief, serde::de::IgnoredAny>,
    pub offices: Vec<Office>,
    pub calendar: Calendar,
}

impl PlannerData {
    fn decode(answers: &[String]) -> Result<PlannerData, ApiFailure> {
        let [catalogue, offices, calendar] = answers else {
            return Err(ApiFailure::Malformed);
        };
        Ok(PlannerData {
            catalogue: api::decode(catalogue)?,
            offices: api::decode(offices)?,
            calendar: api::decode(calendar)?,
        })
    }
}

/// What the URL asks, completed with defaults.
#[derive(Clone, PartialEq)]
struct Question {
    procedure: ProcedureBrief,
    office: Option<Office>,
    arrival: NaiveDateTime,
    /// The fields as typed, when they do not make a moment, and why (`None`: a link's `at`
    /// could not be read).
    typed: Option<([String; 5], Option<WhenError>)>,
}

/// The URL names of the five date and time fields.
const PARTS: [&str; 5] = ["day", "month", "year", "hour", "minute"];

use wasm_bindgen::JsCast;

fn offices_for<'a>(data: &'a PlannerData, procedure_id: &'a str) -> impl Iterator<Item = &'a Office> {
    data.offices.iter().filter(move |o| o.receives(procedure_id))
}

fn question(
    data: &PlannerData,
    procedure: Option<String>,
    office: Option<String>,
    at: Option<String>,
    parts: Option<[String; 5]>,
) -> Option<Question> {
    let procedures = &data.catalogue.procedures;
    let procedure = procedure
        .and_then(|id| procedures.iter().find(|p| p.id == id))
        .or_else(|| procedures.iter().find(|p| p.friday_programme))
        .or(procedures.first())?
        .clone();
    // The office asked for is kept even when it does not receive the procedure: the answer then
    // says so, rather than quietly answering for another desk.
    let office = office
        .and_then(|id| data.offices.iter().find(|o| o.id == id))
        .or_else(|| offices_for(data, &procedure.id).find(|o| o.friday_programme.covers(&procedure.id)))
        .or_else(|| offices_for(data, &procedure.id).next())
        .cloned();
    let now = now_in_vietnam();
    let (at, typed) = match (parts, at.as_deref().map(friday::parse_arrival)) {
        (Some(p), _) => match friday::arrival_from_parts(p.each_ref().map(String::as_str)) {
            Ok(a) => (Some(a), None),
            Err(e) => (None, Some((p, Some(e)))),
        },
        (None, Some(None)) => (None, Some((Default::default(), None))),
        (None, a) => (a.flatten(), None),
    };
    let cutoff = office.as_ref().map(|o| o.friday_programme.cutoff).unwrap_or(NaiveTime::MIN);
    let default = || friday::next_friday(now, cutoff).and_hms_opt(9, 0, 0).expect("valid");
    let arrival = at.unwrap_or_else(default);
    Some(Question { procedure, office, arrival, typed })
}

#[component]
fn PlannerForm(data: PlannerData) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = StoredValue::new(data);
    // Derived on each read (cheap) rather than memoised: a memo's machinery costs more wasm
    // than the recomputation costs time.
    let q = move || {
        let get = |k: &str| query.with(|m| m.get(k)).filter(|v| !v.is_empty());
        let parts = PARTS.map(|k| get(k).unwrap_or_default());
        let parts = parts.iter().any(|p| !p.is_empty()).then_some(parts);
        data.with_value(|d| question(d, get("procedure"), get("office"), get("at"), parts))
    };
    let navigate = use_navigate();
    // An uncontrolled form: the browser keeps the fields, the URL keeps the question.
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return;
        };
        let Ok(fields) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let get = |k: &str| fields.get(k).as_string().unwrap_or_default();
        let mut url =
            format!("{}&office={}", href::planner(&get("procedure")), motcua_domain::browse::encode(&get("office")));
        let parts = PARTS.map(get);
        let ok = match friday::arrival_from_parts(parts.each_ref().map(String::as_str)) {
            Ok(a) => {
                url.push_str(&format!("&at={}", wire::date_time_str(a)));
                true
            }
            Err(_) => {
                for (k, v) in PARTS.iter().zip(&parts) {
                    url.push_str(&format!("&{k}={}", js_sys::encode_uri_component(v)));
                }
                false
            }
        };
        navigate(&url, Default::default());
        // On a phone the answer is below the fold: take the reader (and screen reader) to it, or
        // to the list of what to fix.
        request_animation_frame(move || {
            crate::dom::focus(if ok { "answer-heading" } else { crate::components::form::SUMMARY_ID });
        });
    };
    let fields = move || {
        let (t, lang) = (i18n.planner(), i18n.lang());
        let q = q()?;
        let groups = data.with_value(|d| {
            d.catalogue
                .by_field()
                .into_iter()
                .map(|g| {
                    let options = g
                        .procedures
                        .iter()
                        .map(|p| (p.id.clone(), p.name.get(lang).to_string(), p.id == q.procedure.id))
                        .collect::<Vec<_>>();
                    (g.field.name.get(lang).to_string(), options)
                })
                .collect::<Vec<_>>()
        });
        let offices = data.with_value(|d| {
            let chosen = q.office.as_ref().map(|o| o.id.as_str());
            d.offices
                .iter()
                .map(|o| (o.id.clone(), o.name.get(lang).to_string(), Some(o.id.as_str()) == chosen))
                .collect::<Vec<_>>()
        });
        // The options as markup (a view per option costs the bundle bytes).
        let options = |list: Vec<(String, String, bool)>| -> Html {
            list.iter()
                .map(|(value, label, selected)| {
                    el("option").attr("value", value).flag("selected", *selected).text(label)
                })
                .collect()
        };
        let select = |id: &str, name: &'static str, options: Html| {
            el("select").id(id).attr("name", name).class("select").html(options)
        };
        let (values, error) = match &q.typed {
            Some((typed, e)) => {
                let (message, bad) = match e {
                    None => (t.bad_link, [true, true, true, false, false]),
                    Some(WhenError::Incomplete) => {
                        let empty = |i: usize| typed[i].trim().is_empty();
                        (t.when_incomplete, [empty(0), empty(1), empty(2), false, false])
                    }
                    Some(WhenError::NotADate) => (t.when_not_a_date, [true, true, true, false, false]),
                    Some(WhenError::NotATime) => (t.when_not_a_time, [false, false, false, true, true]),
                };
                (typed.clone(), Some((message, bad)))
            }
            None => {
                let a = q.arrival;
                let two = |n: u32| format!("{n:02}");
                (
                    [a.day().to_string(), a.month().to_string(), a.year().to_string(), two(a.hour()), two(a.minute())],
                    None,
                )
            }
        };
        let first_bad = error.map(|(m, bad)| {
            (format!("planner-when-{}", PARTS[bad.iter().position(|b| *b).unwrap_or(0)]), m.to_string())
        });
        let procedures: Html =
            groups.into_iter().map(|(label, list)| el("optgroup").attr("label", &label).html(options(list))).collect();
        let procedures = select("planner-procedure", "procedure", procedures);
        let offices = select("planner-office", "office", options(offices));
        Some(view! {
            {error_summary(t.error_summary, first_bad.into_iter().collect())}
            <div class="form-group">
                <label class="label" for="planner-procedure">{t.procedure}</label>
                {markup_once(procedures)}
            </div>
            <div class="form-group">
                <label class="label" for="planner-office">{t.office}</label>
                {markup_once(offices)}
            </div>
            {markup_once(date_time_input("planner-when", t.when, t.when_hint, t.when_parts, &values, error))}
            <button type="submit" class="button">{t.submit}</button>
        })
    };
    view! {
        <form class="planner-form" on:submit=on_submit novalidate>{fields}</form>
        {move || q().filter(|q| q.typed.is_none()).map(|q| view! { <PlannerAnswer q data=data.get_value()/> })}
    }
}

#[component]
fn PlannerAnswer(q: Question, data: PlannerData) -> impl IntoView {
    let detail = {
        let id = q.procedure.id.clone();
        api::resource(move || vec![api::procedure(&id)])
    };
    let Some(office) = q.office.clone() else {
        return view! {
            <section class="answer" aria-live="polite">
                <p class="notice">{planner_words(|t| t.no_office)}</p>
            </section>
        }
        .into_any();
    };
    let visit = Visit {
        office: &office,
        calendar: &data.calendar,
        procedure_id: &q.procedure.id,
        processing: q.procedure.processing,
        missing: &[],
        arrival: q.arrival,
    };
    // A moment already gone is answered with the next useful Friday, not as if it were ahead.
    let answer = friday::outcome_at(&visit, now_in_vietnam());
    view! {
        <section class="answer" aria-labelledby="answer-heading" aria-live="polite">
            <h2 id="answer-heading" tabindex="-1">{planner_words(|t| t.answer)}</h2>
            <AnswerView answer office=office.clone() procedure=q.procedure.id.clone()/>
            <p><a class="button" data-testid="book-link" href=href::book_where(&q.procedure.id, Some(&office.id))>{planner_words(|t| t.book)}</a></p>
            {move || detail.get().and_then(|r| r.and_then(|t| api::decode::<ProcedureDocuments>(&t[0])).ok()).map(|d| view! { <crate::components::checklist::Checklist detail=d/> })}
            <crate::components::office_card::OfficeCard office arrival=q.arrival/>
        </section>
    }
    .into_any()
}
