//! Tracking (`/tra-cuu`): the dossier code (filled in from the receipt's QR link, `?ma=`) and the
//! second factor (typed, never in a URL, never kept), then the status in plain words, what to do
//! next, the history with `<time datetime>`, and the rating once the result is out. A wrong code
//! and a wrong factor get the same answer; too many tries get the minutes to wait.

mod rating;
pub mod receipt;

use crate::router::use_query_map;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::dossier::{DossierStatus, LookupRequest, Tracking};
use motcua_domain::format::moment_short;
use motcua_routes::href;
use wasm_bindgen::JsCast;

use crate::api::dossiers::{lookup, Refusal};
use crate::components::form::{error_summary, field, focus_summary, TextInput};
use crate::i18n::tracking::{words as tracking_words, TrackingTexts};
use crate::i18n::use_i18n;
use crate::upload::recent;

/// A problem with one field: its input's id and its message.
type Problem = (&'static str, fn(&'static TrackingTexts) -> &'static str);

#[component]
pub fn Track() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::title::use_title(move || (i18n.tracking().title, i18n.t().service_name));
    let query = use_query_map();
    let problems = RwSignal::new(Vec::<Problem>::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let found = RwSignal::new(None::<(Tracking, LookupRequest)>);
    let busy = RwSignal::new(false);
    let recent = RwSignal::new(recent::load());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let (code, typed) = (field(&form, "ma"), field(&form, "factor"));
        // As citizens type and paste them: any case, spaces, "Mã hồ sơ: …", +84.
        let normalised = motcua_domain::dossier::normalise_code(&code);
        let factor = LookupRequest::from_typed(&typed);
        let mut found_problems: Vec<Problem> = Vec::new();
        if code.trim().is_empty() {
            found_problems.push(("ma", |t| t.missing_code));
        } else if normalised.is_none() {
            found_problems.push(("ma", |t| t.code_format));
        }
        if typed.trim().is_empty() {
            found_problems.push(("factor", |t| t.missing_factor));
        } else if factor.is_err() {
            found_problems.push(("factor", |t| t.factor_format));
        }
        refusal.set(None);
        if !found_problems.is_empty() {
            problems.set(found_problems);
            focus_summary();
            return;
        }
        let (Some(code), Ok(factor)) = (normalised, factor) else { return };
        problems.set(Vec::new());
        busy.set(true);
        spawn_local(async move {
            match lookup(&code, &factor).await {
                Ok(t) => {
                    recent::remember(&t.code);
                    recent.set(recent::load());
                    found.set(Some((t, factor)));
                    request_animation_frame(|| {
                        crate::dom::focus("status-heading");
                    });
                }
                Err(r) => refusal.set(Some(r)),
            }
            busy.set(false);
        });
    };
    let forget = move |code: String| {
        recent::forget(&code);
        recent.set(recent::load());
    };

    let text = move |pick: fn(&'static TrackingTexts) -> &'static str| Signal::derive(move || pick(i18n.tracking()));
    let error_of = move |id: &'static str| {
        Signal::derive(move || problems.with(|p| p.iter().find(|(f, _)| *f == id).map(|(_, m)| m(i18n.tracking()))))
    };
    // The code from the address: the receipt's QR link, or a dossier this device keeps (a link
    // on this very page, which changes only the query).
    let form = move || {
        let code = query.with(|q| q.get("ma")).unwrap_or_default();
        view! {
            <h1>{tracking_words(|t| t.title)}</h1>
            <p class="lead">{tracking_words(|t| t.lead)}</p>
            {move || refusal.get().map(|r| {
                let line = move || {
                    let (t, top) = (i18n.tracking(), i18n.t());
                    match &r {
                        Refusal::NotFound | Refusal::Conflict => t.not_found.to_string(),
                        Refusal::Limited { minutes } => (t.limited)(*minutes),
                        Refusal::Network => top.error_network.to_string(),
                        Refusal::Server { status } => (top.error_server)(*status),
                    }
                };
                view! { <div class="notice notice--error" role="alert" data-testid="lookup-refused"><p>{line}</p></div> }
            })}
            {move || error_summary(i18n.tracking().error_summary, problems.with(|p| p.iter().map(|(id, m)| (id.to_string(), m(i18n.tracking()).to_string())).collect()))}
            <form class="track-form" novalidate on:submit=on_submit>
                <TextInput id="ma" label=text(|t| t.code_label) hint=text(|t| t.code_hint) error=error_of("ma") value=code inputmode="text"/>
                <TextInput id="factor" label=text(|t| t.factor_label) hint=text(|t| t.factor_hint) error=error_of("factor") inputmode="numeric"/>
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {tracking_words(|t| t.search)}
                </button>
            </form>
            {move || {
                let codes = recent.get();
                (!codes.is_empty()).then(|| view! {
                    <h2>{tracking_words(|t| t.recent_heading)}</h2>
                    <p class="hint">{tracking_words(|t| t.recent_hint)}</p>
                    <ul class="recent">
                        {codes.into_iter().map(|c| {
                            let gone = c.clone();
                            view! {
                                <li class="recent__item">
                                    <a class="nav-link" href=href::tracking(&c)>{c.clone()}</a>
                                    <button type="button" class="link-button" on:click=move |_| forget(gone.clone())>
                                        {tracking_words(|t| t.forget)}<span class="visually-hidden">" "{c.clone()}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        }
    };
    move || {
        match found.get() {
        Some((t, factor)) => view! {
            <TrackingView t factor/>
            <p class="actions"><a class="nav-link" href=href::TRACKING on:click=move |ev| { ev.prevent_default(); found.set(None); }>{tracking_words(|t| t.another)}</a></p>
        }
        .into_any(),
        None => form().into_any(),
    }
    }
}

fn status_index(s: DossierStatus) -> usize {
    usize::from(s.number()) - 1
}

#[component]
fn TrackingView(t: Tracking, factor: LookupRequest) -> impl IntoView {
    let i18n = use_i18n();
    crate::kiosk::idle::hold_personal();
    let status = t.status;
    let rateable = matches!(status, DossierStatus::Resolved | DossierStatus::Returned);
    let code = t.code.clone();
    let rating_factor = factor.clone();
    let body = move || {
        let (tt, lang) = (i18n.tracking(), i18n.lang());
        let appointment =
            t.appointment_at.as_deref().map(|a| moment_short(a, lang)).unwrap_or_else(|| tt.no_appointment.to_string());
        let supplement = (status == DossierStatus::SupplementRequested).then(|| {
            let (code, code_for_hand, factor_for_hand) = (t.code.clone(), t.code.clone(), factor.clone());
            view! {
                <div class="panel panel--closed" data-testid="supplement">
                    <h2 class="notice__title">{tt.supplement_heading}</h2>
                    {t.supplement.as_ref().map(|m| view! { <p>{m.get(lang).to_string()}</p> })}
                    {(!t.supplement_requirements.is_empty()).then(|| view! {
                        <p>{tt.supplement_documents}</p>
                        <ul>{t.supplement_requirements.iter().map(|r| view! { <li>{r.name.get(lang).to_string()}</li> }).collect_view()}</ul>
                    })}
                    <p>
                        <a class="button" rel="external" href=href::supplement(&code)
                            on:click=move |_| crate::pages::apply::supplement::hand_over(&code_for_hand, &factor_for_hand)>
                            {tt.supplement_answer}
                        </a>
                    </p>
                </div>
            }
        });
        view! {
            <div class="panel status-panel" class:panel--yes=rateable data-status=status.number()>
                <p class="caption">{t.code.clone()}</p>
                <h1 id="status-heading" tabindex="-1" class="status-heading">
                    <span class="visually-hidden">{tt.status_heading}": "</span>{tt.statuses[status_index(status)]}
                </h1>
            </div>
            <h2>{tt.next_heading}</h2>
            <p class="lead" data-testid="next-step">{tt.next_steps[status_index(status)]}</p>
            {supplement}
            <dl class="summary-list">
                <div class="summary-list__row"><dt>{tt.procedure}</dt><dd>{t.procedure.get(lang).to_string()}</dd></div>
                <div class="summary-list__row"><dt>{tt.office}</dt><dd>{t.office.get(lang).to_string()}</dd></div>
                <div class="summary-list__row"><dt>{tt.received}</dt><dd data-testid="received"><time datetime=t.received_at.clone()>{moment_short(&t.received_at, lang)}</time></dd></div>
                {t.counted_from.clone().map(|at| view! {
                    <div class="summary-list__row"><dt>{tt.receipt_counted_from}</dt><dd data-testid="counted-from"><time datetime=at.clone()>{moment_short(&at, lang)}</time></dd></div>
                })}
                <div class="summary-list__row"><dt>{tt.appointment}</dt><dd data-testid="appointment">{appointment}</dd></div>
            </dl>
            {t.counted_from.is_some().then(|| view! { <p class="hint">{tt.receipt_counted_note}</p> })}
            <h2>{tt.timeline_heading}</h2>
            <ol class="timeline">
                {t.timeline.iter().map(|e| view! {
                    <li class="timeline__event">
                        <time datetime=e.at.clone()>{moment_short(&e.at, lang)}</time>
                        <span class="timeline__status">{tt.statuses[status_index(e.status)]}</span>
                        {e.note.as_ref().map(|n| view! { <span class="timeline__note">{n.get(lang).to_string()}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        }
    };
    view! {
        {body}
        {rateable.then(|| view! { <rating::RatingForm code factor=rating_factor/> })}
    }
}
