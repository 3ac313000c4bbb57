//! The online application, its own bundle: applicant → documents → check answers → receipt.
//! The draft is saved on the device after every change; uploads carry on across the steps.

pub mod applicant;
pub mod declaration;
pub mod documents;
mod expiry;
pub mod later;
pub mod review;
pub mod supplement;
mod uploads;

use crate::router::use_params_map;
use leptos::prelude::*;
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::ProcedureDetail;
use motcua_domain::draft::Draft;
use motcua_domain::forms::FormDefinition;
use motcua_domain::office::Office;
use motcua_domain::photo::Quality;
use motcua_routes::{href, Step};

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::components::markup::{clicked, markup};
use crate::components::notices::{resume_offer_html, OfferAction, ResumeOffer};
use crate::i18n::apply::words as apply_words;
use crate::i18n::words;
use crate::upload::drafts;
pub use later::{LaterSteps, ToLater};

/// The application for one procedure: its first step (the applicant).
pub fn link(procedure_id: &str) -> String {
    href::apply(procedure_id, None)
}

/// A later step of the application for one procedure.
pub fn step_link(procedure_id: &str, step: Step) -> String {
    href::apply(procedure_id, Some(step))
}

/// What the steps share: the procedure, where it can be handled, the calendar, the draft, and
/// the live state of uploads (not saved: progress restarts from the server's offset).
#[derive(Clone, Copy)]
pub struct Session {
    pub detail: StoredValue<ProcedureDetail>,
    pub offices: StoredValue<Vec<Office>>,
    /// The calendar, for what a Friday visit would bring (`None` until it is here).
    pub calendar: StoredValue<Option<Calendar>>,
    /// The procedure's declaration form: on the documents step, its paper form's requirement
    /// can be filled on screen instead of uploaded (the answers then stand in for it).
    pub form: StoredValue<Option<FormDefinition>>,
    /// Whether `calendar` and `form` are here (`None`: still on their way): the applicant step
    /// does not wait for them, the steps after it do.
    pub later_ready: RwSignal<Option<Result<(), ApiFailure>>>,
    pub draft: RwSignal<Draft>,
    /// The declaration's answers, decoded from the draft the first time a step asks for them
    /// (see `declaration::with_answers`) and kept here beside it as they change.
    pub answers: StoredValue<Option<motcua_domain::form_answers::Answers>>,
    /// Bytes sent per file (local id).
    pub progress: RwSignal<Vec<(String, f64)>>,
    /// The last upload event for screen readers (one sentence, not every percent).
    pub announce: RwSignal<String>,
    /// Photos that look hard to read, until the citizen decides.
    pub warnings: RwSignal<Vec<(String, Quality)>>,
    /// The browser's connection, followed through its `online`/`offline` events so a file on its
    /// way says "Mất mạng…" the moment the link drops, not at its next retry.
    pub online: RwSignal<bool>,
    pub i18n: crate::i18n::I18n,
}

impl Session {
    pub fn new(
        detail: StoredValue<ProcedureDetail>,
        offices: StoredValue<Vec<Office>>,
        later: (
            StoredValue<Option<Calendar>>,
            StoredValue<Option<FormDefinition>>,
            RwSignal<Option<Result<(), ApiFailure>>>,
        ),
        draft: Draft,
    ) -> Session {
        Session {
            detail,
            offices,
            calendar: later.0,
            form: later.1,
            later_ready: later.2,
            draft: RwSignal::new(draft),
            answers: StoredValue::new(None),
            progress: RwSignal::new(Vec::new()),
            announce: RwSignal::new(String::new()),
            warnings: RwSignal::new(Vec::new()),
            online: RwSignal::new(crate::dom::online()),
            i18n: crate::i18n::use_i18n(),
        }
    }

    /// Follows the browser's connection for as long as the page shows these steps.
    pub fn follow_connection(&self) {
        let online = self.online;
        let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
    }

    /// Changes the draft and saves it.
    pub fn update(&self, f: impl FnOnce(&mut Draft)) {
        self.draft.update(|d| {
            f(d);
            d.updated_ms = drafts::now_ms();
            drafts::save(d);
        });
    }

    /// Offices that handle this procedure; the chosen one first.
    pub fn office(&self) -> Option<Office> {
        let chosen = self.draft.with_untracked(|d| d.office_id.clone());
        let id = self.detail.with_value(|d| d.summary.id.clone());
        self.offices.with_value(|all| {
            let mut receiving = all.iter().filter(|o| o.receives(&id));
            let first = receiving.clone().next().cloned();
            receiving.find(|o| Some(&o.id) == chosen.as_ref()).cloned().or(first)
        })
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

fn decode(answers: &[String]) -> Result<(ProcedureDetail, Vec<Office>), ApiFailure> {
    let [detail, offices] = answers else {
        return Err(ApiFailure::Malformed);
    };
    Ok((api::decode(detail)?, api::decode(offices)?))
}

/// The calendar, and the declaration form when there is one (in the later steps' module).
pub fn decode_later(answers: &[String]) -> Result<(Calendar, Option<FormDefinition>), ApiFailure> {
    let calendar = api::decode(answers.first().ok_or(ApiFailure::Malformed)?)?;
    Ok((calendar, answers.get(1).map(|f| api::decode(f)).transpose()?))
}

/// The parent of the steps: loads what they need once (the procedure and its offices first;
/// the calendar and, when a requirement says the procedure has one, the declaration form
/// behind them); offers back a draft found on the device (masked, never filled in silently),
/// then shows the current step.
#[component]
pub fn Flow() -> impl IntoView {
    let params = use_params_map();
    // From a ticket's "apply online first" (`?hen={ticket}&noi={office}`): the dossier carries
    // the appointment, for the desk it is at.
    let appointment = crate::router::use_query_map()
        .with_untracked(|q| Some((q.get("hen").filter(|h| !h.is_empty())?, q.get("noi").filter(|n| !n.is_empty()))));
    let appointment = StoredValue::new(appointment);
    // A memo: moving between steps changes the URL but must not reload the procedure.
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let data = api::resource(move || vec![api::procedure(&id.get()), api::OFFICES]);
    // Whether the procedure has a declaration form (`None`: not known yet).
    let has_form = Memo::new(move |_| {
        let (detail, _) = data.get()?.ok().and_then(|t| decode(&t).ok())?;
        Some(detail.requirements.iter().any(|r| r.form_url.is_some()))
    });
    // The calendar and the form are not waited for: the applicant step shows as soon as the
    // procedure and its offices are here (on a tap from the procedure page, the worker still has
    // them); the steps that need the rest wait for it.
    let later = api::resource(move || match has_form.get() {
        None => Vec::new(),
        Some(false) => vec![api::CALENDAR],
        Some(true) => vec![api::CALENDAR, api::form(&id.get())],
    });
    let (calendar_value, form_value) = (StoredValue::new(None::<Calendar>), StoredValue::new(None::<FormDefinition>));
    let later_ready = RwSignal::new(None::<Result<(), ApiFailure>>);
    // Decoded by the later steps' module: asking it brings the module once the first step is
    // drawn and this data is here, while the citizen types. Asked when the browser is idle, so
    // the module never competes with the first step's own paint and work.
    let steps_from = expect_context::<LaterSteps>();
    // Set only when it changes: the step on screen is drawn again whenever it is set, which
    // would lose what the citizen has open in it.
    let ready = move |state: Option<Result<(), ApiFailure>>| {
        later_ready.maybe_update(|now| std::mem::replace(now, state.clone()) != state);
    };
    Effect::new(move |_| match later.get() {
        None => ready(None),
        Some(Ok(t)) if t.is_empty() => ready(None),
        Some(Err(e)) => ready(Some(Err(e))),
        Some(Ok(t)) => leptos::task::spawn_local(async move {
            crate::dom::idle(2_000).await;
            let state = match steps_from.ask(ToLater::Decode(t)).await {
                Some(later::FromLater::Decoded(decoded)) => decoded.map(|(calendar, form)| {
                    calendar_value.set_value(Some(calendar));
                    form_value.set_value(form);
                }),
                // Offline before the module came: the later steps say so, with a retry.
                _ => Err(ApiFailure::Network),
            };
            ready(Some(state));
        }),
    });
    let retry_later = Callback::new(move |_| later.refetch());
    let loaded = move || -> Option<Result<(ProcedureDetail, Vec<Office>), ApiFailure>> {
        Some(data.get()?.and_then(|t| decode(&t)))
    };
    move || match loaded() {
        None => loading(),
        Some(Ok((detail, offices))) => {
            let procedure_id = detail.summary.id.clone();
            let found = drafts::load(&procedure_id);
            let blank = found.as_ref().is_none_or(Draft::is_blank);
            let chosen = RwSignal::new(if blank {
                Some(found.clone().unwrap_or_else(|| Draft::new(&procedure_id, drafts::now_ms(), drafts::random_hex)))
            } else {
                None
            });
            let (detail, offices) = (StoredValue::new(detail), StoredValue::new(offices));
            let later = (calendar_value, form_value, later_ready);
            let found = StoredValue::new(found);
            // Until the citizen answers the offer, nothing of the found draft reaches a field.
            (move || match (chosen.get(), found.get_value()) {
                (Some(mut draft), _) => {
                    if let Some((ticket, office)) = appointment.get_value() {
                        draft.appointment_id = Some(ticket);
                        let receives = |o: &String| {
                            offices
                                .with_value(|list| list.iter().any(|x| &x.id == o && x.receives(&draft.procedure_id)))
                        };
                        if let Some(o) = office.filter(receives) {
                            draft.office_id = Some(o);
                        }
                    }
                    steps(Session::new(detail, offices, later, draft), retry_later).into_any()
                }
                (None, Some(found)) => view! { <ResumeOffer found detail chosen/> }.into_any(),
                (None, None) => ().into_any(),
            })
            .into_any()
        }
        Some(Err(ApiFailure::Server { status: 404 })) => view! {
            <h1>{words(|t| t.not_found_title)}</h1>
            <p class="lead">{words(|t| t.no_such_procedure)}</p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.apply_load_error failure on_retry=move |_| {
                data.refetch();
                later.refetch();
            }/>
        }
        .into_any(),
    }
}

/// "Đang tải…" while what a step needs is on its way.
fn loading() -> AnyView {
    view! { <p class="loading" role="status">{apply_words(|t| t.loading)}</p> }.into_any()
}

/// The steps of one draft, sharing a [`Session`].
fn steps(session: Session, retry_later: Callback<()>) -> impl IntoView {
    let params = use_params_map();
    let later = expect_context::<LaterSteps>();
    provide_context(session);
    session.follow_connection();
    // On a shared kiosk: what the citizen typed is covered after a pause, and leaving asks first.
    crate::kiosk::idle::hold_personal();
    crate::kiosk::leave::hold(session.draft.with_untracked(|d| d.draft_id.clone()));
    if session.draft.with_untracked(|d| d.files.iter().any(|f| f.state == motcua_domain::draft::FileState::Uploading)) {
        // A failed load leaves them waiting until a later step brings the module (see there).
        leptos::task::spawn_local(async move {
            later.ask(ToLater::Resume(session)).await;
        });
    }
    // The table of pages lets only the steps' own segments through (`Page::of`).
    let step = move || params.with(|p| p.get("step")).and_then(|s| Step::from_slug(&s));
    // The steps after the applicant need its answers. Without them (Back from the receipt, an
    // old link), the citizen goes to the receipt of what this device just submitted for the
    // procedure, or to the first step; never to an empty, submittable review.
    let navigate = crate::router::use_navigate();
    let procedure_id = session.detail.with_value(|d| d.summary.id.clone());
    Effect::new(move |_| {
        if step().is_some() && !session.draft.with_untracked(|d| d.applicant_done) {
            match drafts::submitted_code(&procedure_id) {
                // The receipt is the tracking bundle's page: a full load.
                Some(code) if session.draft.with_untracked(Draft::is_blank) => {
                    crate::dom::replace_location(&href::receipt(&code))
                }
                _ => navigate(
                    &link(&procedure_id),
                    crate::router::NavigateOptions { replace: true, ..Default::default() },
                ),
            }
        }
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite">{move || session.announce.get()}</p>
        <expiry::ExpiryNotice keep=Callback::new(move |s| -> later::LocalBoxFuture<()> {
            Box::pin(async move {
                later.ask(ToLater::KeepLonger(s)).await;
            })
        })/>
        {move || {
            let Some(step) = step() else {
                return view! { <applicant::ApplicantPage/> }.into_any();
            };
            match session.later_ready.get() {
                None => loading(),
                Some(Err(failure)) => {
                    view! { <LoadError title=|t| t.apply_load_error failure on_retry=retry_later/> }.into_any()
                }
                // The module is here: its loading is what made `later_ready` ready.
                Some(Ok(())) => later.view(step).unwrap_or_else(|| {
                    view! { <LoadError title=|t| t.apply_load_error failure=ApiFailure::Network on_retry=retry_later/> }
                        .into_any()
                }),
            }
        }}
    }
}

/// A draft found on this device, offered back with its owner's name and ID number masked: the
/// owner recognises it, anyone else learns nothing and can delete it.
#[component]
fn ResumeOffer(found: Draft, detail: StoredValue<ProcedureDetail>, chosen: RwSignal<Option<Draft>>) -> impl IntoView {
    use motcua_domain::applicant::{masked_name, masked_number};
    crate::i18n::apply::use_title(|t| t.offer_title);
    let i18n = crate::i18n::use_i18n();
    let who = [masked_name(&found.applicant.full_name), masked_number(&found.applicant.citizen_id)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let saved_at = crate::i18n::vietnam_time_ms(found.updated_ms as i64);
    let name = detail.with_value(|d| d.summary.name.clone());
    let line = move || {
        let (t, lang) = (i18n.apply(), i18n.lang());
        let when = motcua_domain::format::date_time_long(saved_at, lang);
        let cccd = i18n.apply().citizen_id_short;
        let who = match who.as_slice() {
            [] => return (t.offer_unnamed)(&when),
            [name] => name.clone(),
            [name, id, ..] => format!("{name}, {cccd}\u{a0}{id}"),
        };
        (t.offer_whose)(&who, &when)
    };
    // Markup (see components::html) whose buttons say what they do (see `OfferAction`).
    let html = move || {
        let t = i18n.apply();
        resume_offer_html(&ResumeOffer {
            procedure: name.get(i18n.lang()),
            title: t.offer_title,
            whose: &line(),
            hint: t.offer_hint,
            resume: t.offer_continue,
            not_me: t.offer_not_me,
        })
    };
    let act = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some(OfferAction::Resume) => chosen.set(Some(found.clone())),
        Some(OfferAction::NotMe) => {
            let old = found.clone();
            drafts::remove(&old.procedure_id);
            leptos::task::spawn_local(async move {
                for f in &old.files {
                    crate::upload::device::forget(&f.local_id).await;
                }
                crate::kiosk::wipe::close_draft(&old.draft_id).await;
            });
            chosen.set(Some(Draft::new(&old.procedure_id, drafts::now_ms(), drafts::random_hex)));
        }
        None => {}
    };
    view! { <div on:click=act>{markup(html)}</div> }
}

/// The stages a citizen counts ("Bước 2 trên 3"), in order; the declaration's questions belong to
/// the documents stage.
#[derive(Clone, Copy, PartialEq)]
pub enum Stage {
    Applicant,
    Documents,
    Review,
}

/// "Step n of 3" and the procedure's name, above each step's question.
pub fn caption(step: Stage) -> impl IntoView {
    let s = use_session();
    let i18n = crate::i18n::use_i18n();
    let name = s.detail.with_value(|d| d.summary.name.clone());
    let n = step as usize + 1;
    let text = move || format!("{} · {}", (i18n.apply().step_of)(n, 3), name.get(i18n.lang()));
    view! { <p class="caption">{text}</p> }
}
