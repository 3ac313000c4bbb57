//! One procedure: what to bring, what it costs, how long it takes, where to go, and the way in
//! to the online application. Printed, it is a one-page checklist of documents.

use crate::router::use_params_map;
use leptos::prelude::*;
use motcua_domain::catalogue::{Channel, Level, ProcedureDetail, Requirement, RequirementKind};
use motcua_domain::format;
use motcua_domain::office::Office;
use motcua_domain::Lang;
use motcua_routes::href;

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::components::office_card::{figures_link, office_lines};
use crate::components::section::{section_view, Section};
use crate::i18n::catalogue::words as catalogue_words;
use crate::i18n::{use_i18n, words};

#[component]
pub fn Procedure() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = api::resource(move || vec![api::procedure(&id()), api::OFFICES]);
    view! {
        <p class="back no-print"><a href="/">{catalogue_words(|t| t.all_procedures)}</a></p>
        {move || match data.get().map(|r| r.and_then(|t| decode(&t))) {
            None => view! { <p class="loading" role="status">{catalogue_words(|t| t.loading_procedure)}</p> }.into_any(),
            Some(Ok((detail, offices))) => view! { <ProcedurePage detail offices/> }.into_any(),
            Some(Err(ApiFailure::Server { status: 404 })) => view! {
                <h1>{words(|t| t.not_found_title)}</h1>
                <p class="lead">{words(|t| t.no_such_procedure)}</p>
            }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.procedure_error failure on_retry=move |_| data.refetch()/>
            }.into_any(),
        }}
    }
}

fn decode(answers: &[String]) -> Result<(ProcedureDetail, Vec<Office>), ApiFailure> {
    let [detail, offices] = answers else {
        return Err(ApiFailure::Malformed);
    };
    Ok((api::decode(detail)?, api::decode(offices)?))
}

/// One document line: name, copies, whether it depends on the case, and its blank form.
fn document(r: &Requirement, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let copies = (i18n.planner().copies)(r.copies);
    view! {
        <li class="doc">
            <span class="doc__name">{r.name.get(lang).to_string()}</span>
            {(!copies.is_empty() && r.kind == RequirementKind::Submit).then(|| view! { <span class="doc__meta">{copies}</span> })}
            {(!r.required).then(|| view! { <span class="doc__meta doc__meta--if">{i18n.catalogue().only_if}</span> })}
            {r.blank_form().map(str::to_string).map(|href| view! { <a class="doc__form no-print" href=href>{i18n.catalogue().blank_form}</a> })}
        </li>
    }
}

#[component]
fn ProcedurePage(detail: ProcedureDetail, offices: Vec<Office>) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::i18n::now_in_vietnam().date();
    Effect::new({
        let name = detail.summary.name.clone();
        move |_| {
            let title = format!("{} – {}", name.get(i18n.lang()), i18n.t().service_name);
            crate::dom::set_title(&title);
        }
    });
    let print = |_| crate::dom::print();
    move || {
        let (t, lang) = (i18n.t(), i18n.lang());
        let c = i18n.catalogue();
        let s = &detail.summary;
        let unknown = || t.unknown_value.to_string();
        // A note in the page's language; where a back end has it in Vietnamese only, an English
        // page shows that, marked as Vietnamese (a screen reader switches voice), rather than
        // dropping the late fee.
        let english = |en: &Option<String>| (lang == Lang::En).then(|| en.clone()).flatten();
        let note = |vi: &Option<String>, en: &Option<String>| english(en).or_else(|| vi.clone());
        let note_lang =
            if lang == Lang::Vi || english(&detail.processing_note_en).is_some() { None } else { Some("vi") };
        let level = c.levels[match s.level {
            Level::Commune => 0,
            Level::District => 1,
            Level::Province => 2,
        }];
        let channels = s.channels.iter().map(|ch| c.channel_names[*ch as usize]).collect::<Vec<_>>().join(", ");
        let online = s.channels.iter().any(|ch| matches!(ch, Channel::OnlineFull | Channel::OnlinePartial));
        let facts = [
            (t.procedure_code, s.national_code.clone().unwrap_or_else(unknown), None),
            (c.level, level.to_string(), None),
            (
                t.time_limit,
                format::processing_time(s.processing, lang).unwrap_or_else(unknown),
                note(&detail.processing_note_vi, &detail.processing_note_en),
            ),
            (
                t.fee,
                format::fee(s.fee_vnd, lang).unwrap_or_else(unknown),
                note(&detail.fee_note_vi, &detail.fee_note_en),
            ),
            (c.channels, channels, None),
        ];
        let documents = [
            (RequirementKind::Submit, c.docs_submit),
            (RequirementKind::Show, c.docs_show),
            (RequirementKind::ProvideInfo, c.docs_info),
        ]
        .into_iter()
        .filter_map(|(kind, heading)| {
            let items: Vec<_> = detail.requirements.iter().filter(|r| r.kind == kind).collect();
            (!items.is_empty()).then(|| {
                view! {
                    <h2>{heading}</h2>
                    <ul class="doc-list">{items.into_iter().map(|r| document(r, lang)).collect_view()}</ul>
                }
            })
        })
        .collect_view();
        // The communes' desks with their hours; the province's centres and branches (any desk of
        // the province, Decree 118/2025) by name, so the printed checklist stays one page.
        let local = |o: &&Office| o.level == motcua_domain::catalogue::Level::Commune && o.branch_of.is_none();
        let province: Vec<String> =
            offices.iter().filter(|o| o.receives(&s.id) && !local(o)).map(|o| o.name.get(lang).to_string()).collect();
        let receiving: Vec<_> = offices
            .iter()
            .filter(|o| o.receives(&s.id))
            .filter(local)
            .map(|o| {
                section_view(Section {
                    heading: o.name.get(lang).to_string(),
                    class: "office-card",
                    lines: office_lines(o, today, i18n.planner(), lang),
                    list: Vec::new(),
                    link: Some((figures_link(&o.id), t.office_figures)),
                })
            })
            .collect();
        let notes: Vec<String> = detail.notes.iter().map(|n| n.get(lang).to_string()).collect();
        let apply_href = href::apply(&s.id, None);
        view! {
            <h1>{s.name.get(lang).to_string()}</h1>
            <p class="print-only">{c.print_title}</p>
            {s.friday_programme.then(|| view! {
                <p class="procedure__friday">
                    <span class="badge">{t.friday_badge}</span>
                    " "
                    <a class="nav-link no-print" href=href::planner(&s.id)>{i18n.planner().badge_link}</a>
                </p>
            })}
            <dl class="facts">
                {facts.into_iter().map(|(label, value, note)| view! {
                    <div class="facts__row">
                        <dt>{label}</dt>
                        <dd>{value}{note.map(|n| view! { <span class="facts__note" lang=note_lang>{n}</span> })}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <div class="actions no-print">
                {if online {
                    view! {
                        <a class="button button--start" href=apply_href.clone()>{c.start}</a>
                        <p class="hint">{c.start_hint}</p>
                    }.into_any()
                } else {
                    view! { <p class="notice">{c.not_online}</p> }.into_any()
                }}
            </div>
            <section class="documents" aria-label=c.print_title>{documents}</section>
            <p class="no-print">
                <button type="button" class="button button--secondary" on:click=print>{c.print}</button>
            </p>
            {(!notes.is_empty()).then(|| view! {
                <h2>{c.notes}</h2>
                <ul class="checklist">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            })}
            <section class="offices">
                <h2>{c.offices}</h2>
                {receiving}
                // On screen only: the printed checklist keeps to one A4 page.
                {(!province.is_empty()).then(|| view! {
                    <div class="no-print">
                        <p>{c.offices_province}</p>
                        <ul class="province-desks">{province.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                })}
                <p class="no-print"><a class="nav-link" href=href::book_where(&s.id, None)>{c.book}</a></p>
            </section>
            <h2 class="no-print">{c.legal_basis}</h2>
            <p class="legal no-print">{detail.legal_basis.clone()}</p>
        }
    }
}
