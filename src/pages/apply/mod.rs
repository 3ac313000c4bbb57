//! The online application, its own bundle: applicant → documents → check answers → receipt.
//! The draft is saved on the device after every change; uploads carry on across the steps.

pub mod applicant;
pub mod documents;
pub mod receipt;
pub mod review;
mod uploads;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::ProcedureDetail;
use motcua_domain::draft::Draft;
use motcua_domain::office::Office;
use motcua_domain::photo::Quality;

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::i18n::tr;
use crate::upload::drafts;

pub const PATH: &str = "/nop-ho-so";

/// The application for one procedure.
pub fn link(procedure_id: &str) -> String {
    format!("{PATH}/{}", motcua_domain::browse::encode(procedure_id))
}

/// What the steps share: the procedure, where it can be handled, the calendar, the draft, and
/// the live state of uploads (not saved: progress restarts from the server's offset).
#[derive(Clone, Copy)]
pub struct Session {
    pub detail: StoredValue<ProcedureDetail>,
    pub offices: StoredValue<Vec<Office>>,
    pub calendar: StoredValue<Calendar>,
    pub draft: RwSignal<Draft>,
    /// When the draft was reopened from the device (ms), for the "continue" notice.
    pub restored: RwSignal<Option<f64>>,
    /// Bytes sent per file (local id).
    pub progress: RwSignal<Vec<(String, f64)>>,
    /// The last upload event for screen readers (one sentence, not every percent).
    pub announce: RwSignal<String>,
    /// Photos that look hard to read, until the citizen decides.
    pub warnings: RwSignal<Vec<(String, Quality)>>,
    pub i18n: crate::i18n::I18n,
}

impl Session {
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

fn decode(answers: &[String]) -> Result<(ProcedureDetail, Vec<Office>, Calendar), ApiFailure> {
    let [detail, offices, calendar] = answers else {
        return Err(ApiFailure::Malformed);
    };
    Ok((api::decode(detail)?, api::decode(offices)?, api::decode(calendar)?))
}

/// The parent of the steps: loads what they need once, then shows the current step.
#[component]
pub fn Flow() -> impl IntoView {
    let params = use_params_map();
    // A memo: moving between steps changes the URL but must not reload the procedure.
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let data = api::resource(move || vec![api::procedure(&id.get()), api::OFFICES, api::CALENDAR]);
    move || match data.get().map(|r| r.and_then(|t| decode(&t))) {
        None => view! { <p class="loading" role="status">{tr(|t| t.apply.loading)}</p> }.into_any(),
        Some(Ok((detail, offices, calendar))) => {
            let restored = drafts::load(&detail.summary.id);
            let at = restored.as_ref().map(|d| d.updated_ms);
            let draft =
                restored.unwrap_or_else(|| Draft::new(&detail.summary.id, drafts::now_ms(), drafts::random_hex));
            let session = Session {
                detail: StoredValue::new(detail),
                offices: StoredValue::new(offices),
                calendar: StoredValue::new(calendar),
                draft: RwSignal::new(draft),
                restored: RwSignal::new(at),
                progress: RwSignal::new(Vec::new()),
                announce: RwSignal::new(String::new()),
                warnings: RwSignal::new(Vec::new()),
                i18n: crate::i18n::use_i18n(),
            };
            provide_context(session);
            uploads::resume(session);
            let step = move || params.with(|p| p.get("step")).unwrap_or_default();
            view! {
                <p class="visually-hidden" role="status" aria-live="polite">{move || session.announce.get()}</p>
                {move || match step().as_str() {
                    "giay-to" => view! { <documents::DocumentsPage/> }.into_any(),
                    "kiem-tra" => view! { <review::ReviewPage/> }.into_any(),
                    _ => view! { <applicant::ApplicantPage/> }.into_any(),
                }}
            }
            .into_any()
        }
        Some(Err(ApiFailure::Server { status: 404 })) => view! {
            <h1>{tr(|t| t.not_found_title)}</h1>
            <p class="lead">{tr(|t| t.catalogue.no_such_procedure)}</p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.apply.load_error failure on_retry=move |_| data.refetch()/>
        }
        .into_any(),
    }
}

/// "Step n of 4" and the procedure's name, above each step's question.
pub fn caption(step: usize) -> impl IntoView {
    let s = use_session();
    let i18n = crate::i18n::use_i18n();
    let name = s.detail.with_value(|d| d.summary.name.clone());
    view! {
        <p class="caption">
            {move || (i18n.t().apply.step_of)(step, 3)}" · "{move || name.get(i18n.lang()).to_string()}
        </p>
    }
}

/// "We reopened your application", with a way to start again, on the first step after a reload.
#[component]
pub fn Restored() -> impl IntoView {
    let s = use_session();
    let start_again = move |_| {
        let files: Vec<String> = s.draft.with_untracked(|d| d.files.iter().map(|f| f.local_id.clone()).collect());
        for id in files {
            uploads::remove(s, &id);
        }
        let id = s.detail.with_value(|d| d.summary.id.clone());
        drafts::remove(&id);
        s.draft.set(Draft::new(&id, drafts::now_ms(), drafts::random_hex));
        s.restored.set(None);
        // The form shows what it was drawn with: a fresh page shows an empty one.
        crate::dom::reload();
    };
    move || {
        s.restored.get().map(|ms| {
            let when = motcua_domain::format::date_time_long(
                motcua_domain::schedule::vietnam_time(
                    chrono::DateTime::from_timestamp_millis(ms as i64).unwrap_or_default(),
                ),
                s.i18n.lang(),
            );
            view! {
                <div class="notice" data-testid="restored">
                    <p>{move || (s.i18n.t().apply.restored)(&when)}</p>
                    <button type="button" class="button button--secondary" on:click=start_again>{tr(|t| t.apply.start_again)}</button>
                </div>
            }
        })
    }
}
