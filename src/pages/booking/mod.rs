//! Booking a time at a one-stop desk ("Không chờ" for real, issue #31): where (every desk of the
//! province that receives the procedure, the citizen's own commune first), when (the desk's free
//! windows, the Friday promise on each), who comes, then the ticket with its QR code, which the
//! citizen can cancel or move. A commune kiosk also gives walk-in numbers for today.
//! The steps keep their answers in the address; what the citizen typed about themselves stays in
//! the page's memory only ([`Typed`]), so a kiosk's wipe leaves nothing.

pub mod ticket;
pub mod walk_in;
pub mod when;
pub mod where_;
pub mod who;

use leptos::prelude::*;
use motcua_domain::catalogue::{ProcedureBrief, ProcedureList};
use motcua_domain::office::Office;
use motcua_domain::slots::Visitor;

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::i18n::booking::words as booking_words;

/// The catalogue's names and the offices: what every step reads.
#[derive(Clone)]
pub struct Desks {
    pub catalogue: ProcedureList<ProcedureBrief, serde::de::IgnoredAny>,
    pub offices: Vec<Office>,
}

impl Desks {
    fn decode(answers: &[String]) -> Result<Desks, ApiFailure> {
        let [catalogue, offices, ..] = answers else { return Err(ApiFailure::Malformed) };
        Ok(Desks { catalogue: api::decode(catalogue)?, offices: api::decode(offices)? })
    }

    pub fn procedure(&self, id: &str) -> Option<&ProcedureBrief> {
        self.catalogue.procedures.iter().find(|p| p.id == id)
    }

    pub fn office(&self, id: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.id == id)
    }
}

/// The pages after the booking itself: the ticket (with its QR encoder) and a kiosk's walk-in
/// numbers, in a module split off the bundle (`src/bin/dat_lich.rs`), fetched when one of them
/// is opened, so the steps of booking load light.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Later {
    /// Nothing: only brings the module.
    Nothing,
    Ticket,
    WalkIn,
}

/// The split module's one entry point.
pub fn draw_later(page: Later) -> AnyView {
    match page {
        Later::Nothing => ().into_any(),
        Later::Ticket => view! { <ticket::TicketPage/> }.into_any(),
        Later::WalkIn => view! { <walk_in::WalkInPage/> }.into_any(),
    }
}

#[derive(Clone, Copy)]
pub struct LaterParts {
    /// [`draw_later`], once the module is here.
    pub load_and_draw:
        fn(Later) -> crate::pages::apply::later::LocalBoxFuture<Result<AnyView, crate::pages::apply::later::NotLoaded>>,
}

/// A page of the split module: brought first, then drawn; a retry if it could not be fetched.
#[component]
pub fn LaterPage(page: Later) -> impl IntoView {
    use futures::FutureExt;
    let parts = expect_context::<LaterParts>();
    let module = RwSignal::new(None::<bool>);
    let fetch = move || {
        module.set(None);
        leptos::task::spawn_local(async move { module.set(Some((parts.load_and_draw)(Later::Nothing).await.is_ok())) });
    };
    fetch();
    let not_fetched = move || {
        view! { <LoadError title=|t| t.planner_load_error failure=ApiFailure::Network on_retry=move |_| fetch()/> }
            .into_any()
    };
    move || match module.get() {
        None => view! { <p class="loading" role="status">{booking_words(|t| t.loading)}</p> }.into_any(),
        // Drawn at once: the module's load is what made it `Some(true)`.
        Some(true) => (parts.load_and_draw)(page).now_or_never().and_then(Result::ok).unwrap_or_else(not_fetched),
        Some(false) => not_fetched(),
    }
}

/// What the citizen typed on "who comes", kept while they go back and forth between the steps
/// (in the page's memory: gone with the page, or with a kiosk's wipe).
#[derive(Clone, Copy)]
pub struct Typed(pub RwSignal<Option<Visitor>>);

pub fn use_typed() -> Typed {
    use_context::<Typed>().unwrap_or_else(|| {
        let t = Typed(RwSignal::new(None));
        provide_context(t);
        t
    })
}

/// Loads the catalogue and the offices (and `more`, whose answers follow theirs), then draws
/// `page` with them; a loading line and a retry meanwhile.
pub fn with_desks(
    more: impl Fn() -> Vec<api::ApiPath> + Send + Sync + 'static,
    page: impl Fn(Desks, Vec<String>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let data = api::resource(move || {
        let mut paths = vec![api::PROCEDURES, api::OFFICES];
        paths.extend(more());
        paths
    });
    move || match data.get() {
        None => view! { <p class="loading" role="status">{booking_words(|t| t.loading)}</p> }.into_any(),
        Some(Err(failure)) => view! {
            <LoadError title=|t| t.planner_load_error failure on_retry=move |_| data.refetch()/>
        }
        .into_any(),
        Some(Ok(answers)) => match Desks::decode(&answers) {
            Ok(desks) => page(desks, answers[2..].to_vec()),
            Err(failure) => view! {
                <LoadError title=|t| t.planner_load_error failure on_retry=move |_| data.refetch()/>
            }
            .into_any(),
        },
    }
}

/// The step's caption: the procedure being booked.
pub fn caption(procedure: &ProcedureBrief) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let name = procedure.name.clone();
    view! { <p class="caption">{move || (i18n.booking().caption)(name.get(i18n.lang()))}</p> }
}

/// A back link to `href`.
pub fn back(href: String) -> impl IntoView {
    view! { <p class="back"><a href=href>{booking_words(|t| t.back)}</a></p> }
}
