//! Answering a request for more documents (`/bo-sung/{code}`, its own bundle): the second factor again
//! (never in a URL; handed over once from the tracking page in this tab's session storage), then
//! one upload area per document asked for, with the application's uploads and their guarantees
//! (checked and scaled on the device, kept in IndexedDB, resumed after a reload), then one send.
//! The dossier keeps its code.

use crate::router::use_params_map;
use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::catalogue::Requirement;
use motcua_domain::dossier::{DossierStatus, LookupRequest, Tracking};
use motcua_domain::draft::{supplement_key, Draft};
use wasm_bindgen::JsCast;

use super::documents::RequirementUpload;
use super::later::{LocalBoxFuture, NotLoaded};
use super::{decode, expiry, uploads, use_session, Session};
use crate::api::dossiers::{lookup, supplement, Refusal};
use crate::api::ApiFailure;
use crate::components::form::{error_summary, field, focus_summary, TextInput};
use crate::components::load_error::LoadError;
use crate::i18n::apply::{words as apply_words, ApplyTexts};
use crate::i18n::use_i18n;
use crate::upload::{device, drafts};

/// Session storage key of the factor handed over from the tracking page.
const HANDOVER: &str = "motcua.handover";

/// Called by the tracking page just before it opens [`link`]: the factor the citizen has just
/// typed goes with them to this page in the same tab, read once and removed at once.
pub fn hand_over(code: &str, factor: &LookupRequest) {
    let typed = factor.citizen_id.as_deref().or(factor.phone.as_deref()).unwrap_or_default();
    if let Some(s) = crate::dom::session_storage() {
        let _ = s.set_item(HANDOVER, &format!("{code}\n{typed}"));
    }
}

fn take_handover(code: &str) -> Option<LookupRequest> {
    let s = crate::dom::session_storage()?;
    let value = s.get_item(HANDOVER).ok()??;
    let _ = s.remove_item(HANDOVER);
    let (for_code, typed) = value.split_once('\n')?;
    (for_code == code && !typed.is_empty()).then(|| LookupRequest::from_typed(typed).ok())?
}

fn refusal_text(r: &Refusal, t: &'static ApplyTexts, top: &'static crate::i18n::Texts) -> String {
    match r {
        Refusal::NotFound | Refusal::Conflict => t.lookup_refused.to_string(),
        Refusal::Limited { minutes } => (t.lookup_limited)(*minutes),
        Refusal::Network => top.error_network.to_string(),
        Refusal::Server { status } => (top.error_server)(*status),
    }
}

/// The page after the lookup (the procedure's documents, the uploads, sending) is a module of
/// its own, split off when the bundle is built, like the application's later steps (see
/// `super::later`): the bundle's binary (`src/bin/bo_sung.rs`) passes its one entry point,
/// [`draw`], here. Its first page is the lookup; the module is fetched beside it, at once.
#[derive(Clone, Copy)]
pub struct SupplementParts {
    /// [`draw`], once the module is here.
    pub load_and_draw: fn(Option<(Tracking, LookupRequest)>) -> LocalBoxFuture<Result<AnyView, NotLoaded>>,
}

/// The module's one entry point: the documents asked for (`None`: nothing, the module is here).
pub fn draw(opened: Option<(Tracking, LookupRequest)>) -> AnyView {
    match opened {
        Some((t, factor)) => view! { <Supplement t factor/> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
pub fn SupplementPage() -> impl IntoView {
    crate::i18n::apply::use_title(|t| t.supplement_title);
    let i18n = use_i18n();
    let parts = expect_context::<SupplementParts>();
    // Whether the module is here (`None`: on its way; `Some(false)`: it could not be fetched).
    let module = RwSignal::new(None::<bool>);
    let fetch_module = move || {
        module.set(None);
        spawn_local(async move { module.set(Some((parts.load_and_draw)(None).await.is_ok())) });
    };
    fetch_module();
    let code = use_params_map().with_untracked(|p| p.get("code")).unwrap_or_default();
    let opened = RwSignal::new(None::<(Tracking, LookupRequest)>);
    let refusal = RwSignal::new(None::<Refusal>);
    // What is wrong with the number typed, if anything (said before asking the server).
    let missing = RwSignal::new(None::<fn(&'static ApplyTexts) -> &'static str>);
    let busy = RwSignal::new(false);
    let open = {
        let code = code.clone();
        move |factor: LookupRequest| {
            let code = code.clone();
            busy.set(true);
            refusal.set(None);
            spawn_local(async move {
                match lookup(&code, &factor).await {
                    Ok(t) => opened.set(Some((t, factor))),
                    Err(r) => refusal.set(Some(r)),
                }
                busy.set(false);
            });
        }
    };
    if let Some(factor) = take_handover(&code) {
        open(factor);
    }
    let on_submit = {
        let open = open.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            if busy.get_untracked() {
                return;
            }
            let typed = field(&form, "factor");
            let factor = LookupRequest::from_typed(&typed);
            missing.set(match &factor {
                _ if typed.trim().is_empty() => Some(|t| t.factor_missing),
                Err(_) => Some(|t| t.factor_format),
                Ok(_) => None,
            });
            match factor {
                Ok(factor) if !typed.trim().is_empty() => open(factor),
                _ => focus_summary(),
            }
        }
    };
    let error = Signal::derive(move || missing.get().map(|pick| pick(i18n.apply())));
    let caption = {
        let code = code.clone();
        move || (i18n.apply().code_caption)(&code)
    };
    let form = move || {
        view! {
            <p class="caption">{caption.clone()}</p>
            <h1>{apply_words(|t| t.supplement_title)}</h1>
            <p class="lead">{apply_words(|t| t.supplement_lead)}</p>
            {move || refusal.get().map(|r| view! {
                <div class="notice notice--error" role="alert" data-testid="lookup-refused">
                    <p>{move || refusal_text(&r, i18n.apply(), i18n.t())}</p>
                </div>
            })}
            {move || {
                let items = missing.get().map(|pick| ("factor".to_string(), pick(i18n.apply()).to_string())).into_iter().collect();
                error_summary(i18n.apply().error_summary, items)
            }}
            <form class="track-form" novalidate on:submit=on_submit.clone()>
                <TextInput id="factor" label=Signal::derive(move || i18n.apply().factor_label)
                    hint=Signal::derive(move || i18n.apply().factor_hint) error inputmode="numeric"/>
                <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                    {apply_words(|t| t.open_request)}
                </button>
            </form>
        }
    };
    move || {
        match opened.get() {
        None => form().into_any(),
        Some((t, _)) if t.status != DossierStatus::SupplementRequested => view! {
            <h1>{apply_words(|t| t.supplement_title)}</h1>
            <p class="lead" data-testid="no-request">{apply_words(|t| t.no_request)}</p>
            <p><a class="nav-link" rel="external" href=motcua_routes::href::tracking(&t.code)>{apply_words(|t| t.see_status)}</a></p>
        }
        .into_any(),
        Some((t, factor)) => {
            let not_fetched = move || {
                view! { <LoadError title=|t| t.apply_load_error failure=ApiFailure::Network on_retry=move |_| fetch_module()/> }
                    .into_any()
            };
            match module.get() {
                None => view! { <p class="loading" role="status">{apply_words(|t| t.loading)}</p> }.into_any(),
                // Drawn at once: the module's load is what made it `Some(true)`.
                Some(true) => (parts.load_and_draw)(Some((t, factor)))
                    .now_or_never()
                    .and_then(Result::ok)
                    .unwrap_or_else(not_fetched),
                Some(false) => not_fetched(),
            }
        }
    }
    }
}

/// The documents asked for: loads the procedure (what each accepts) and the device's draft for
/// this dossier, then shows the upload areas.
#[component]
fn Supplement(t: Tracking, factor: LookupRequest) -> impl IntoView {
    crate::kiosk::idle::hold_personal();
    let procedure_id = t.procedure_id.clone();
    let data = crate::api::resource(move || {
        vec![crate::api::procedure(&procedure_id), crate::api::OFFICES, crate::api::CALENDAR]
    });
    let (t, factor) = (StoredValue::new(t), StoredValue::new(factor));
    let read = |answers: Vec<String>| {
        let (detail, offices) = decode(answers.get(..2).ok_or(crate::api::ApiFailure::Malformed)?)?;
        // The calendar alone: the supplement has no declaration form (nor its decoder).
        let calendar = crate::api::decode(answers.get(2).ok_or(crate::api::ApiFailure::Malformed)?)?;
        Ok((detail, offices, calendar))
    };
    move || match data.get().map(|r| r.and_then(read)) {
        None => view! { <p class="loading" role="status">{apply_words(|t| t.loading)}</p> }.into_any(),
        Some(Ok((detail, offices, calendar))) => {
            let code = t.with_value(|t| t.code.clone());
            let draft = drafts::load(&supplement_key(&code))
                .unwrap_or_else(|| Draft::for_supplement(&code, drafts::now_ms(), drafts::random_hex));
            let later = (StoredValue::new(Some(calendar)), StoredValue::new(None), RwSignal::new(Some(Ok(()))));
            let session = Session::new(StoredValue::new(detail), StoredValue::new(offices), later, draft);
            provide_context(session);
            session.follow_connection();
            uploads::resume(session);
            view! { <Documents t=t.get_value() factor=factor.get_value()/> }.into_any()
        }
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.apply_load_error failure on_retry=move |_| data.refetch()/>
        }
        .into_any(),
    }
}

#[derive(Clone, PartialEq)]
enum Sending {
    Idle,
    Busy,
    /// The documents still missing (requirement ids), or none named and no file yet (empty).
    Missing(Vec<String>),
    Unsettled,
    Failed(Refusal),
    Sent,
}

#[component]
fn Documents(t: Tracking, factor: LookupRequest) -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let asked: Vec<String> = t.supplement_requirements.iter().map(|r| r.requirement_id.clone()).collect();
    // The documents named, marked required; none named: any of the procedure's, none required.
    let requirements: Vec<Requirement> = s.detail.with_value(|d| {
        Draft::uploadable(d)
            .filter(|r| asked.is_empty() || asked.contains(&r.id))
            .map(|r| Requirement { required: !asked.is_empty(), ..r.clone() })
            .collect()
    });
    let state = RwSignal::new(Sending::Idle);
    let code = t.code.clone();
    let send = {
        let (code, asked) = (code.clone(), asked.clone());
        move |_| {
            if state.get_untracked() == Sending::Busy {
                return;
            }
            if !s.draft.with_untracked(Draft::settled) {
                state.set(Sending::Unsettled);
                return;
            }
            let ids = match s.draft.with_untracked(|d| d.supplement_uploads(&asked)) {
                Ok(ids) => ids,
                Err(missing) => {
                    state.set(Sending::Missing(missing));
                    return;
                }
            };
            state.set(Sending::Busy);
            let (code, factor) = (code.clone(), factor.clone());
            let token = s.draft.with_untracked(|d| d.draft_id.clone());
            spawn_local(async move {
                let mut result = supplement(&code, &factor, &token, &ids).await;
                // A conflict after a lost answer: the first send went through if the request is
                // no longer open, so a second tap never attaches twice or reads as a failure.
                if result == Err(Refusal::Conflict) {
                    if let Ok(now) = lookup(&code, &factor).await {
                        if now.status != DossierStatus::SupplementRequested {
                            result = Ok(());
                        }
                    }
                }
                match result {
                    Ok(()) => {
                        forget(s).await;
                        state.set(Sending::Sent);
                        request_animation_frame(|| {
                            crate::dom::focus("sent-heading");
                        });
                    }
                    Err(r) => state.set(Sending::Failed(r)),
                }
            });
        }
    };
    let message = t.supplement.clone();
    let problem = move || {
        let (t, top) = (i18n.apply(), i18n.t());
        match state.get() {
            Sending::Missing(ids) if ids.is_empty() => Some(t.need_one_file.to_string()),
            Sending::Missing(ids) => {
                let names: Vec<String> = s.detail.with_value(|d| {
                    let name = |id: &String| {
                        d.requirements.iter().find(|r| &r.id == id).map(|r| r.name.get(i18n.lang()).to_string())
                    };
                    ids.iter().filter_map(name).collect()
                });
                Some((t.still_missing)(&names.join(", ")))
            }
            Sending::Unsettled => {
                let failed: Vec<String> = s.draft.with(|d| {
                    d.failed(i18n.lang()).into_iter().map(|(name, why)| format!("“{name}”: {why}")).collect()
                });
                Some(if failed.is_empty() { t.wait_uploads.to_string() } else { (t.failed_files)(&failed.join("; ")) })
            }
            Sending::Failed(Refusal::Network) => Some(t.send_network.to_string()),
            Sending::Failed(r) => Some(refusal_text(&r, t, top)),
            _ => None,
        }
    };
    let name = s.detail.with_value(|d| d.summary.name.clone());
    let caption = {
        let code = code.clone();
        move || format!("{} · {}", (i18n.apply().code_caption)(&code), name.get(i18n.lang()))
    };
    let sent_body = {
        let code = code.clone();
        move || (i18n.apply().sent_body)(&code)
    };
    let track = motcua_routes::href::tracking(&code);
    move || {
        if state.get() == Sending::Sent {
            return view! {
                <div class="panel panel--yes" data-testid="supplement-sent">
                    <h1 id="sent-heading" tabindex="-1">{apply_words(|t| t.sent_title)}</h1>
                    <p class="lead">{sent_body.clone()}</p>
                </div>
                <p><a class="nav-link" rel="external" href=track.clone()>{apply_words(|t| t.see_status)}</a></p>
            }
            .into_any();
        }
        let requirements = requirements.clone();
        let message = message.clone();
        view! {
            <p class="visually-hidden" role="status" aria-live="polite">{move || s.announce.get()}</p>
            <expiry::ExpiryNotice keep=Callback::new(|s| -> LocalBoxFuture<()> { Box::pin(uploads::keep_longer(s)) })/>
            <p class="caption">{caption.clone()}</p>
            <h1>{apply_words(|t| t.supplement_title)}</h1>
            {message.map(|m| view! {
                <div class="inset" data-testid="officer-message">
                    <h2 class="inset__title">{apply_words(|t| t.officer_asks)}</h2>
                    <p>{move || m.get(i18n.lang()).to_string()}</p>
                </div>
            })}
            <p class="lead">{apply_words(|t| t.supplement_upload_lead)}</p>
            // Where the files wait: on the device, or on a kiosk only until the citizen leaves.
            <p>{if crate::kiosk::is_on() { apply_words(|t| t.kept_until_finish) } else { apply_words(|t| t.saved_on_device) }}</p>
            {requirements.into_iter().map(|r| view! { <RequirementUpload r/> }).collect_view()}
            {move || problem().map(|p| view! { <p class="error-message" role="alert" data-testid="send-problem">{p}</p> })}
            <div class="actions">
                <button type="button" class="button" on:click=send.clone()
                    aria-disabled=move || (state.get() == Sending::Busy).then_some("true")>
                    {move || if state.get() == Sending::Busy { i18n.apply().sending } else { i18n.apply().send_supplement }}
                </button>
            </div>
        }
        .into_any()
    }
}

/// The documents went through: nothing of them stays on the device.
async fn forget(s: Session) {
    let (key, files) = s.draft.with_untracked(|d| (d.procedure_id.clone(), d.files.clone()));
    drafts::remove(&key);
    for f in &files {
        device::forget(&f.local_id).await;
    }
}
