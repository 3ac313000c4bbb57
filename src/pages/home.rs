use leptos::prelude::*;
use motcua_domain::catalogue::{ProcedureList, ProcedureSummary};
use motcua_domain::format;

use crate::api;
use crate::bundles::rel_for;
use crate::components::load_error::LoadError;
use crate::components::title::use_page_title;
use crate::i18n::{tr, use_i18n};
use crate::pages::planner;

#[component]
pub fn Home() -> impl IntoView {
    use_page_title(|t| t.home_title);
    let catalogue = api::resource(|| vec![api::PROCEDURES]);
    view! {
        <h1>{tr(|t| t.home_title)}</h1>
        <p class="lead">{tr(|t| t.home_lead)}</p>
        <p class="callout">
            <a href=planner::link(None) rel=rel_for(planner::PATH)>{tr(|t| t.planner.home_link)}</a>
        </p>
        {move || match catalogue.get().map(|r| r.and_then(|t| api::decode::<ProcedureList>(&t[0]))) {
            None => view! {
                <p class="loading" role="status">{tr(|t| t.loading_catalogue)}</p>
            }.into_any(),
            Some(Ok(list)) => view! { <Catalogue list/> }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError
                    title=|t| t.error_title
                    failure
                    on_retry=move |_| catalogue.refetch()
                />
            }.into_any(),
        }}
    }
}

#[component]
fn Catalogue(list: ProcedureList) -> impl IntoView {
    let i18n = use_i18n();
    let groups: Vec<_> = list
        .by_field()
        .into_iter()
        .map(|g| (g.field.into_owned(), g.procedures.into_iter().cloned().collect::<Vec<_>>()))
        .collect();
    groups
        .into_iter()
        .map(|(field, procedures)| {
            let count = procedures.len();
            let heading_id = format!("field-{}", field.id);
            let labelled_by = heading_id.clone();
            view! {
                <section class="field" aria-labelledby=labelled_by>
                    <h2 id=heading_id class="field__title">
                        {move || field.name.get(i18n.lang()).to_string()}
                        <span class="field__count">{move || (i18n.t().procedure_count)(count)}</span>
                    </h2>
                    <ul class="procedure-list">
                        {procedures.into_iter().map(|p| view! { <ProcedureItem p/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn ProcedureItem(p: ProcedureSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ProcedureSummary { id, name, processing, fee_vnd, friday_programme, national_code, .. } = p;
    let unknown = move || i18n.t().unknown_value.to_string();
    view! {
        <li class="procedure">
            <p class="procedure__name">{move || name.get(i18n.lang()).to_string()}</p>
            <dl class="procedure__facts">
                <div>
                    <dt>{tr(|t| t.time_limit)}</dt>
                    <dd>{move || format::processing_time(processing, i18n.lang()).unwrap_or_else(unknown)}</dd>
                </div>
                <div>
                    <dt>{tr(|t| t.fee)}</dt>
                    <dd>{move || format::fee(fee_vnd, i18n.lang()).unwrap_or_else(unknown)}</dd>
                </div>
                {national_code.map(|code| view! {
                    <div>
                        <dt>{tr(|t| t.procedure_code)}</dt>
                        <dd>{code}</dd>
                    </div>
                })}
            </dl>
            {friday_programme.then(|| view! {
                <p class="procedure__friday">
                    <span class="badge">{tr(|t| t.friday_badge)}</span>
                    " "
                    <a href=planner::link(Some(&id)) rel=rel_for(planner::PATH)>{tr(|t| t.planner.badge_link)}</a>
                </p>
            })}
        </li>
    }
}
