//! The offices' figures (`/thong-ke`): for each one-stop desk, dossiers received, the share
//! submitted online, finished on time or early, late, and the average rating, as the back end
//! computes them. The table is the content; the bar chart beside it (SVG drawn here, hidden from
//! screen readers) is a picture of one of its columns.

use leptos::prelude::*;
use motcua_domain::dossier::{one_decimal, percent, Period, Statistics};
use motcua_domain::office::OfficeSummary as Office;

use crate::api::{self, ApiFailure};
use crate::components::html::{el, Html};
use crate::components::load_error::LoadError;
use crate::components::markup::markup_once;
use crate::i18n::tracking::{words as tracking_words, TrackingTexts};
use crate::i18n::use_i18n;

/// The periods' names, in the order of [`Period::ALL`].
const PERIOD_NAMES: [fn(&'static TrackingTexts) -> &'static str; 4] =
    [|t| t.periods[0], |t| t.periods[1], |t| t.periods[2], |t| t.periods[3]];

#[component]
pub fn Figures() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.tracking().figures_title, i18n.t().service_name));
    let offices = api::resource(|| vec![api::OFFICES]);
    let query = crate::router::use_query_map();
    let period = Period::from_key(&query.with_untracked(|q| q.get("ky")).unwrap_or_default());
    view! {
        <h1>{tracking_words(|t| t.figures_title)}</h1>
        <p class="lead">{tracking_words(|t| t.figures_lead)}</p>
        // A plain GET form: the period stays in the URL, and works before the app has loaded.
        <form class="period" method="get" action=motcua_routes::href::FIGURES>
            <div class="form-group">
                <label class="label" for="ky">{tracking_words(|t| t.period_label)}</label>
                <div class="search__row">
                    <select class="select" id="ky" name="ky">
                        {Period::ALL.iter().zip(PERIOD_NAMES).map(|(p, name)| view! {
                            <option value=p.key() selected=*p == period>{tracking_words(name)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button">{tracking_words(|t| t.period_show)}</button>
                </div>
            </div>
        </form>
        {move || match offices.get().map(|r| r.and_then(|a| api::decode::<Vec<Office>>(a.first().map(String::as_str).unwrap_or("")))) {
            None => view! { <p class="loading" role="status">{tracking_words(|t| t.loading)}</p> }.into_any(),
            Some(Ok(list)) => view! { <OfficeFigures offices=list period/> }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.figures_load_error failure on_retry=move |_| offices.refetch()/>
            }.into_any(),
        }}
    }
}

fn decode(answers: &[String]) -> Result<Vec<Statistics>, ApiFailure> {
    answers.iter().map(|a| api::decode(a)).collect()
}

/// One bar of the on-time share, as an SVG string (its label is beside it, in the page).
fn bar(s: &Statistics) -> Html {
    let width = s.on_time_or_early_share.map(|v| (v.clamp(0.0, 1.0) * 100.0).round() as u32).unwrap_or(0);
    let rect = |width: &str, fill: &str| {
        el("rect").attr("x", "0").attr("y", "0").attr("width", width).attr("height", "10").attr("fill", fill).empty()
    };
    el("span").class("bars__bar").html(
        el("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("viewBox", "0 0 100 10")
            .attr("preserveAspectRatio", "none")
            .attr("aria-hidden", "true")
            .attr("focusable", "false")
            .html(rect("100", "#f3f2f1") + rect(&width.to_string(), "#00703c")),
    )
}

#[component]
fn OfficeFigures(offices: Vec<Office>, period: Period) -> impl IntoView {
    let i18n = use_i18n();
    let ids: Vec<String> = offices.iter().map(|o| o.id.clone()).collect();
    let today = crate::i18n::now_in_vietnam().date();
    let days = period.days(today);
    let stats = api::resource(move || ids.iter().map(|id| api::statistics(id, days)).collect());
    let offices = StoredValue::new(offices);
    move || match stats.get().map(|r| r.and_then(|a| decode(&a))) {
        None => view! { <p class="loading" role="status">{tracking_words(|t| t.loading)}</p> }.into_any(),
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.figures_load_error failure on_retry=move |_| stats.refetch()/>
        }
        .into_any(),
        Some(Ok(list)) => {
            let (t, lang) = (i18n.tracking(), i18n.lang());
            let rows: Vec<(String, Statistics)> = offices.with_value(|all| {
                list.into_iter()
                    .filter_map(|s| Some((all.iter().find(|o| o.id == s.office_id)?.name.get(lang).to_string(), s)))
                    .collect()
            });
            // Each share with the number it is of: "75,0 % (6 hồ sơ)".
            let share = |v: Option<f64>, n: u32| {
                v.map(|v| format!("{} ({})", percent(v, lang), (t.figures_count)(n)))
                    .unwrap_or_else(|| t.figures_none.to_string())
            };
            let rating = |s: &Statistics| {
                s.average_rating
                    .map(|v| format!("{} ({})", one_decimal(v, lang), (t.figures_ratings)(s.ratings)))
                    .unwrap_or_else(|| t.figures_none.to_string())
            };
            let named = period.name(today, lang).unwrap_or_else(|| t.figures_all_time.to_string());
            // An office card's link (`/thong-ke#<office id>`) lands on its row, marked.
            let chosen = crate::dom::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            let chosen = chosen.trim_start_matches('#').to_string();
            if !chosen.is_empty() {
                let target = chosen.clone();
                request_animation_frame(move || {
                    if let Some(row) = crate::dom::document().and_then(|d| d.get_element_by_id(&target)) {
                        row.scroll_into_view();
                    }
                });
            }
            view! {
                <h2 data-testid="figures-period">{named.clone()}</h2>
                <p class="hint">{t.figures_scope}</p>
                <div class="figures">
                    <div class="figures__chart">
                        <p class="caption">{t.figures_chart}</p>
                        // Each bar with its office and its figure beside it; the table says it all
                        // again for screen readers.
                        <ul class="bars" aria-hidden="true">
                            {rows.iter().map(|(name, s)| {
                                let (_, early, _) = s.counts();
                                view! {
                                    <li class="bars__item">
                                        <span class="bars__name">{name.clone()}</span>
                                        {markup_once(bar(s))}
                                        <span class="bars__value">{share(s.on_time_or_early_share, early)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="figures-caption">
                        <table class="table" data-testid="figures">
                            <caption id="figures-caption" class="visually-hidden">{format!("{}: {named}", t.figures_title)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t.figures_office}</th>
                                    <th scope="col" class="num">{t.figures_received}</th>
                                    <th scope="col" class="num">{t.figures_online}</th>
                                    <th scope="col" class="num">{t.figures_on_time}</th>
                                    <th scope="col" class="num">{t.figures_late}</th>
                                    <th scope="col" class="num">{t.figures_rating}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.iter().map(|(name, s)| {
                                    let (online, early, late) = s.counts();
                                    view! {
                                        <tr id=s.office_id.clone() data-office=s.office_id.clone() class:chosen=s.office_id == chosen>
                                            <th scope="row">{name.clone()}</th>
                                            <td class="num" data-label=t.figures_received>{s.received.to_string()}</td>
                                            <td class="num" data-label=t.figures_online>{share(s.online_share, online)}</td>
                                            <td class="num" data-label=t.figures_on_time>{share(s.on_time_or_early_share, early)}</td>
                                            <td class="num" data-label=t.figures_late>{share(s.late_share, late)}</td>
                                            <td class="num" data-label=t.figures_rating>{rating(s)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}
