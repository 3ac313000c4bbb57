//! The catalogue: a search box first, filters, then either the fields with their counts or the
//! matching procedures. What the citizen typed and chose lives in the URL (`?q=…&office=…`), so
//! a link can be shared and the back button returns to the same list.

use crate::router::NavigateOptions;
use crate::router::{use_navigate, use_query_map};
use leptos::prelude::*;
use motcua_domain::browse::{Browse, Online};
use motcua_domain::catalogue::{Level, ProcedureList, ProcedureSummary};
use motcua_domain::format;
use motcua_domain::office::OfficeSummary;
use motcua_domain::search::{Index, HIGHLIGHTED};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::components::html::Html;
use crate::components::load_error::LoadError;
use crate::components::markup::markup;
use crate::components::title::use_page_title;
use crate::i18n::catalogue::words as catalogue_words;
use crate::i18n::{use_i18n, words};

/// The catalogue and the offices that receive its procedures.
struct Catalogue {
    list: ProcedureList,
    offices: Vec<OfficeSummary>,
    index: Index,
}

impl Catalogue {
    fn decode(answers: &[String]) -> Result<Catalogue, ApiFailure> {
        let [list, offices] = answers else {
            return Err(ApiFailure::Malformed);
        };
        let (list, offices): (ProcedureList, Vec<OfficeSummary>) = (api::decode(list)?, api::decode(offices)?);
        let index = Index::new(&list, &offices);
        Ok(Catalogue { list, offices, index })
    }
}

#[component]
pub fn Home() -> impl IntoView {
    use_page_title(|t| t.home_title);
    let data = api::resource(|| vec![api::PROCEDURES, api::OFFICES]);
    view! {
        <h1>{words(|t| t.home_title)}</h1>
        <p class="lead">{words(|t| t.home_lead)}</p>
        {move || match data.get().map(|r| r.and_then(|t| Catalogue::decode(&t))) {
            None => view! { <p class="loading" role="status">{words(|t| t.loading_catalogue)}</p> }.into_any(),
            // The planner's link comes with the catalogue, not below its loading line: content
            // under a loading line moves when the data arrives (a layout shift).
            Some(Ok(catalogue)) => view! {
                <Browser catalogue/>
                <p class="callout">
                    <a href=motcua_routes::href::PLANNER>{crate::i18n::catalogue::words(|t| t.planner_link)}</a>
                </p>
            }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.error_title failure on_retry=move |_| data.refetch()/>
            }.into_any(),
        }}
    }
}

fn link(b: &Browse) -> String {
    format!("/?{}", b.to_query())
}

/// Times one search in the browser's performance timeline (`motcua:search`), where the
/// benchmark reads it; costs a few bytes and nothing visible.
fn timed<T>(f: impl FnOnce() -> T) -> T {
    const START: &str = "motcua:search:start";
    let perf = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &perf {
        let _ = p.mark(START);
    }
    let out = f();
    if let Some(p) = perf {
        let _ = p.measure_with_start_mark("motcua:search", START);
    }
    out
}

#[component]
fn Browser(catalogue: Catalogue) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let catalogue = StoredValue::new(catalogue);
    let browse = move || query.with(|m| Browse::from_params(|k| m.get(k)));
    let navigate = use_navigate();
    // One uncontrolled form: the browser keeps the fields, every change rewrites the URL.
    // Typing replaces the history entry (back should not step through letters); a filter adds one.
    let on_input = move |ev: leptos::ev::Event| {
        let Some(form) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return;
        };
        let Ok(fields) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.type_() == "search");
        let b = Browse::from_params(|k| fields.get(k).as_string());
        navigate(&link(&b), NavigateOptions { replace: typing, scroll: false });
    };
    let options = move || {
        let (t, lang) = (i18n.catalogue(), i18n.lang());
        let b = browse();
        catalogue.with_value(|c| {
            let fields = c.list.fields.iter().map(|f| (f.id.clone(), f.name.get(lang).to_string())).collect();
            let offices = c.offices.iter().map(|o| (o.id.clone(), o.name.get(lang).to_string())).collect();
            // Only the levels the catalogue holds (since 7/2025 no district level), and the
            // filter only when there is a choice to make.
            let levels: Vec<(String, String)> = [Level::Commune, Level::District, Level::Province]
                .into_iter()
                .zip(["commune", "district", "province"].into_iter().zip(t.levels))
                .filter(|(l, _)| b.level == Some(*l) || c.list.procedures.iter().any(|p| p.level == *l))
                .map(|(_, (v, l))| (v.to_string(), l.to_string()))
                .collect();
            let online =
                vec![("full".to_string(), t.online_full.to_string()), ("partial".into(), t.online_partial.into())];
            let level = b.level.map(|l| match l {
                Level::Commune => "commune",
                Level::District => "district",
                Level::Province => "province",
            });
            let online_value = b.online.map(|o| if o == Online::Full { "full" } else { "partial" });
            [
                ("field", t.filter_field, fields, b.field.clone()),
                ("office", t.filter_office, offices, b.office.clone()),
                ("level", t.filter_level, levels, level.map(str::to_string)),
                ("online", t.filter_online, online, online_value.map(str::to_string)),
            ]
            .into_iter()
            .filter(|(_, _, choices, chosen)| choices.len() > 1 || chosen.is_some())
            .map(|(name, label, choices, chosen)| filter_select(name, label, t.any, choices, chosen))
            .collect_view()
        })
    };
    // What the words name that these desks do not handle (residence, land, ID cards…).
    let answer = Memo::new(move |_| {
        let q = browse().query;
        catalogue.with_value(|c| c.index.elsewhere(&q).map(|i| c.list.elsewhere[i].clone()))
    });
    // The search runs once per change of the URL; the count and the list both read it.
    let found = Memo::new(move |_| {
        let b = browse();
        catalogue.with_value(|c| find(c, &b))
    });
    let status = move || {
        let t = i18n.catalogue();
        match found.get() {
            None => String::new(),
            Some(hits) if hits.is_empty() && !browse().query.trim().is_empty() => (t.no_results)(browse().query.trim()),
            Some(hits) => (t.result_count)(hits.len()),
        }
    };
    view! {
        <form class="search" role="search" on:input=on_input on:submit=|ev| ev.prevent_default()>
            <div class="form-group">
                <label class="label" for="search-q">{catalogue_words(|t| t.search_label)}</label>
                <p class="hint" id="search-hint">{catalogue_words(|t| t.search_hint)}</p>
                <div class="search__row">
                    <input
                        id="search-q" name="q" type="search" class="input search__input"
                        autocomplete="off" spellcheck="false" aria-describedby="search-hint"
                        prop:value=move || browse().query
                    />
                    <button type="submit" class="button search__button">{catalogue_words(|t| t.search_button)}</button>
                </div>
            </div>
            <details class="filters" open=move || browse().filtered()>
                <summary>{catalogue_words(|t| t.filters)}</summary>
                <div class="filters__body">
                    {options}
                    <div class="checkbox">
                        <input id="filter-friday" type="checkbox" name="friday" value="1" prop:checked=move || browse().friday/>
                        <label for="filter-friday">{catalogue_words(|t| t.filter_friday)}</label>
                    </div>
                </div>
            </details>
        </form>
        {move || answer.get().map(|e| {
            let (t, lang) = (i18n.catalogue(), i18n.lang());
            view! {
                <div class="notice notice--elsewhere" data-testid="elsewhere">
                    <h2 class="notice__title">{t.elsewhere_title}</h2>
                    <p>{(t.elsewhere_who)(e.topic.get(lang), e.who.get(lang))}</p>
                    <p>{e.how.get(lang).to_string()}</p>
                </div>
            }
        })}
        <p class="results__count" role="status">{status}</p>
        {move || {
            let b = browse();
            // With the answer above, a search that found no procedure needs no other help.
            let answered = answer.with(Option::is_some);
            catalogue.with_value(|c| match found.get() {
                Some(hits) if !hits.is_empty() => results(c, hits),
                missed => fields_view(c, &b, missed.is_some() && !answered),
            })
        }}
    }
}

fn filter_select(
    name: &'static str,
    label: &'static str,
    any: &'static str,
    choices: Vec<(String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    view! {
        <div class="form-group">
            <label class="label label--small" for=id.clone()>{label}</label>
            <select id=id name=name class="select">
                <option value="" selected=chosen.is_none()>{any}</option>
                {choices.into_iter().map(|(value, text)| {
                    let selected = chosen.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

type Found = Vec<(usize, Vec<(usize, usize)>)>;

/// The procedures matching the words and filters, best first, with the name ranges to mark;
/// `None` when nothing is asked (the fields are shown instead).
fn find(c: &Catalogue, b: &Browse) -> Option<Found> {
    let admitted = |i: usize| b.admits(&c.list.procedures[i], &c.offices);
    if b.query.trim().is_empty() {
        return b
            .filtered()
            .then(|| (0..c.list.procedures.len()).filter(|i| admitted(*i)).map(|i| (i, Vec::new())).collect());
    }
    let receives = |i: usize| {
        let id = &c.list.procedures[i].id;
        b.office.as_ref().is_some_and(|o| c.offices.iter().any(|x| &x.id == o && x.receives(id)))
    };
    Some(
        // Filtered before ranking: only the first shown hits are put in order.
        timed(|| c.index.search_among(&b.query, receives, admitted))
            .into_iter()
            .map(|h| (h.index, h.highlights))
            .collect(),
    )
}

/// The matching procedures, as links to their pages.
fn results(c: &Catalogue, hits: Found) -> AnyView {
    let total = hits.len();
    let items: Vec<_> =
        hits.into_iter().take(HIGHLIGHTED).map(|(i, marks)| (c.list.procedures[i].clone(), marks)).collect();
    view! {
        <ol class="procedure-list results">
            {items.into_iter().map(|(p, marks)| view! { <ProcedureItem p marks/> }).collect_view()}
        </ol>
        {(total > HIGHLIGHTED).then(|| view! {
            <p class="hint">{move || (use_i18n().catalogue().showing_first)(HIGHLIGHTED)}</p>
        })}
        <p class="results-clear"><a href="/">{catalogue_words(|t| t.clear)}</a></p>
    }
    .into_any()
}

/// The fields with their counts (under the filters); after a search that found nothing, a
/// message and a few everyday words to try first.
fn fields_view(c: &Catalogue, b: &Browse, missed: bool) -> AnyView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let base = Browse { query: String::new(), field: None, ..b.clone() };
    let fields: Vec<(String, String, usize)> = c
        .list
        .by_field()
        .into_iter()
        .map(|g| {
            let n = g.procedures.iter().filter(|p| base.admits(p, &c.offices)).count();
            let href = link(&Browse { field: Some(g.field.id.clone()), ..base.clone() });
            (href, g.field.name.get(lang).to_string(), n)
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let suggestions: Vec<(String, String)> = c
        .list
        .procedures
        .iter()
        .filter_map(|p| p.keywords.first())
        .take(if missed { 4 } else { 0 })
        .map(|w| (link(&Browse { query: w.clone(), ..Default::default() }), w.clone()))
        .collect();
    view! {
        {missed.then(|| view! {
            <div class="notice">
                <p>{catalogue_words(|t| t.no_results_help)}</p>
                <ul class="suggestions">
                    {suggestions.into_iter().map(|(href, w)| view! { <li><a href=href>{w}</a></li> }).collect_view()}
                </ul>
            </div>
        })}
        <h2>{catalogue_words(|t| t.browse_fields)}</h2>
        <ul class="fields">
            {fields.into_iter().map(|(href, name, n)| view! {
                <li><a href=href>{name}</a>" "<span class="field__count">{move || (i18n.t().procedure_count)(n)}</span></li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ProcedureItem(p: ProcedureSummary, marks: Vec<(usize, usize)>) -> impl IntoView {
    let i18n = use_i18n();
    let ProcedureSummary { id, name, processing, fee_vnd, friday_programme, .. } = p;
    let unknown = move || i18n.t().unknown_value.to_string();
    // Highlights are ranges of the Vietnamese name; the English name is shown plain.
    let title = move || match i18n.lang() {
        motcua_domain::Lang::Vi => Html::marked(&name.vi, &marks),
        motcua_domain::Lang::En => Html::text(&name.en),
    };
    view! {
        <li class="procedure">
            <a class="procedure__name" href=motcua_routes::href::procedure(&id)>{markup(title)}</a>
            <dl class="procedure__facts">
                <div>
                    <dt>{words(|t| t.time_limit)}</dt>
                    <dd>{move || format::processing_time(processing, i18n.lang()).unwrap_or_else(unknown)}</dd>
                </div>
                <div>
                    <dt>{words(|t| t.fee)}</dt>
                    <dd>{move || format::fee(fee_vnd, i18n.lang()).unwrap_or_else(unknown)}</dd>
                </div>
            </dl>
            {friday_programme.then(|| view! { <p class="procedure__friday"><span class="badge">{words(|t| t.friday_badge)}</span></p> })}
        </li>
    }
}
