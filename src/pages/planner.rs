//! "Will a Friday visit get same-day results?" The form lives in the URL (`procedure`, `office`,
//! `at` in Vietnam time), so a commune can print or share a link to an answer.

use chrono::{NaiveDateTime, NaiveTime};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::{ProcedureDetail, ProcedureList, ProcedureSummary};
use motcua_domain::friday::{self, Visit};
use motcua_domain::office::Office;
use motcua_domain::wire;

use crate::api::{self, ApiFailure};
use crate::components::answer::AnswerView;
use crate::components::load_error::LoadError;
use crate::components::title::use_page_title;
use crate::i18n::{now_in_vietnam, tr, use_i18n};

pub const PATH: &str = "/thu-sau";

/// Link to the planner, optionally for one procedure.
pub fn link(procedure: Option<&str>) -> String {
    match procedure {
        Some(id) => format!("{PATH}?procedure={id}"),
        None => PATH.to_string(),
    }
}

#[component]
pub fn Planner() -> impl IntoView {
    use_page_title(|t| t.planner.title);
    let data = api::resource(|| vec![api::PROCEDURES, api::OFFICES, api::CALENDAR]);
    view! {
        <h1>{tr(|t| t.planner.title)}</h1>
        <p class="lead">{tr(|t| t.planner.lead)}</p>
        {move || match data.get().map(|r| r.and_then(|t| PlannerData::decode(&t))) {
            None => view! { <p class="loading" role="status">{tr(|t| t.planner.loading)}</p> }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.planner.load_error failure on_retry=move |_| data.refetch()/>
            }.into_any(),
            Some(Ok(data)) => view! { <PlannerForm data/> }.into_any(),
        }}
    }
}

/// Everything the planner needs: the catalogue, the offices and the calendar.
#[derive(Clone)]
pub struct PlannerData {
    pub catalogue: ProcedureList,
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
    procedure: ProcedureSummary,
    office: Option<Office>,
    arrival: NaiveDateTime,
    /// `at` was given but could not be read.
    bad_link: bool,
}

use wasm_bindgen::JsCast;

fn offices_for<'a>(data: &'a PlannerData, procedure_id: &'a str) -> impl Iterator<Item = &'a Office> {
    data.offices.iter().filter(move |o| o.receives(procedure_id))
}

fn question(
    data: &PlannerData,
    procedure: Option<String>,
    office: Option<String>,
    at: Option<String>,
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
    let parsed = at.as_deref().map(friday::parse_arrival);
    let cutoff = office.as_ref().map(|o| o.friday_programme.cutoff).unwrap_or(NaiveTime::MIN);
    let default = || friday::next_friday(now_in_vietnam(), cutoff).and_hms_opt(9, 0, 0).expect("valid");
    let arrival = parsed.flatten().unwrap_or_else(default);
    Some(Question { procedure, office, arrival, bad_link: matches!(parsed, Some(None)) })
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
        let at = get("at").or_else(|| Some(format!("{}T{}", get("date")?, get("time").unwrap_or("09:00".into()))));
        data.with_value(|d| question(d, get("procedure"), get("office"), at))
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
        let mut url = format!("{PATH}?procedure={}&office={}", get("procedure"), get("office"));
        let (date, time) = (get("date"), get("time"));
        if !date.is_empty() {
            url.push_str(&format!("&at={date}T{}", if time.is_empty() { "09:00" } else { &time }));
        }
        navigate(&url, Default::default());
        // On a phone the answer is below the fold: take the reader (and screen reader) to it.
        request_animation_frame(|| {
            crate::dom::focus("answer-heading");
        });
    };
    let fields = move || {
        let (t, lang) = (i18n.t().planner, i18n.lang());
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
        let option = |(value, label, selected): (String, String, bool)| view! { <option value=value selected=selected>{label}</option> };
        Some(view! {
            <div class="form-group">
                <label class="label" for="planner-procedure">{t.procedure}</label>
                <select id="planner-procedure" name="procedure" class="select">
                    {groups.into_iter().map(|(label, options)| view! {
                        <optgroup label=label>{options.into_iter().map(option).collect_view()}</optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="planner-office">{t.office}</label>
                <select id="planner-office" name="office" class="select">
                    {offices.into_iter().map(option).collect_view()}
                </select>
            </div>
            <fieldset class="form-group fieldset" aria-describedby="planner-when-hint">
                <legend class="label">{t.when}</legend>
                <p class="hint" id="planner-when-hint">{t.when_hint}</p>
                <div class="inline-fields">
                    <div>
                        <label class="label label--small" for="planner-date">{t.date}</label>
                        <input id="planner-date" name="date" class="input" type="date" value=wire::date_str(q.arrival.date())/>
                    </div>
                    <div>
                        <label class="label label--small" for="planner-time">{t.time}</label>
                        <input id="planner-time" name="time" class="input" type="time" step="60" value=wire::time_str(q.arrival.time())/>
                    </div>
                </div>
            </fieldset>
            <button type="submit" class="button">{t.submit}</button>
        })
    };
    view! {
        <form class="planner-form" on:submit=on_submit novalidate>{fields}</form>
        {move || q().map(|q| view! { <PlannerAnswer q data=data.get_value()/> })}
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
                <p class="notice">{tr(|t| t.planner.no_office)}</p>
            </section>
        }
        .into_any();
    };
    let answer = friday::outcome(&Visit {
        office: &office,
        calendar: &data.calendar,
        procedure_id: &q.procedure.id,
        processing: q.procedure.processing,
        missing: &[],
        arrival: q.arrival,
    });
    view! {
        <section class="answer" aria-labelledby="answer-heading" aria-live="polite">
            <h2 id="answer-heading" tabindex="-1">{tr(|t| t.planner.answer)}</h2>
            {q.bad_link.then(|| view! { <p class="notice notice--error">{tr(|t| t.planner.bad_link)}</p> })}
            <AnswerView answer office=office.clone()/>
            {move || detail.get().and_then(|r| r.and_then(|t| api::decode::<ProcedureDetail>(&t[0])).ok()).map(|d| view! { <crate::components::checklist::Checklist detail=d/> })}
            <crate::components::office_card::OfficeCard office arrival=q.arrival/>
        </section>
    }
    .into_any()
}
