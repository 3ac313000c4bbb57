//! The steps after the applicant (documents and uploads, the declaration's questions, check
//! answers, the printable), the upload code and the decoder of what they need are a wasm module
//! of their own, split off when the bundle is built (see the README's "Split modules"): the first
//! step's page does not carry them. The module has one entry point, [`answer`], so it is fetched
//! once: the application's binary (`src/bin/nop_ho_so.rs`) wraps it in `#[wasm_split]` and
//! passes it here as [`LaterSteps`]. The `#[wasm_split]` function lives there, not in this
//! library: its export would keep the later steps in every bundle.

use futures::FutureExt;
use leptos::prelude::*;
use motcua_domain::calendar::Calendar;
use motcua_domain::forms::FormDefinition;

use super::{declaration, documents, review, uploads, Session};
use crate::api::ApiFailure;
use motcua_routes::Step;

/// A load that failed: the module could not be fetched.
pub type NotLoaded = leptos::wasm_split::SplitLoaderError;

pub type LocalBoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// The calendar and the declaration form, decoded.
pub type Later = Result<(Calendar, Option<FormDefinition>), ApiFailure>;

/// What the module is asked.
pub enum ToLater {
    /// Decode the calendar and the declaration form. Asked as soon as they are here, while the
    /// citizen types on the first step: so the module comes early, and is kept for offline use
    /// (the service worker keeps what the page fetches).
    Decode(Vec<String>),
    /// Draw a later step.
    View(Step),
    /// Carry on the uploads a reload left unfinished.
    Resume(Session),
    /// Keep the draft's files another period (the expiry notice's button): the work is handed
    /// back to be awaited.
    KeepLonger(Session),
}

pub enum FromLater {
    Decoded(Later),
    View(AnyView),
    Work(LocalBoxFuture<()>),
    Done,
}

/// The module's one entry point.
pub fn answer(ask: ToLater) -> FromLater {
    match ask {
        ToLater::Decode(answers) => FromLater::Decoded(super::decode_later(&answers)),
        ToLater::View(step) => {
            // Uploads still owed, if their own start could not fetch the module (it is here now).
            if let Some(session) = use_context::<Session>() {
                uploads::resume(session);
            }
            FromLater::View(match step {
                Step::Documents => view! { <documents::DocumentsPage/> }.into_any(),
                Step::Review => view! { <review::ReviewPage/> }.into_any(),
                Step::Declaration => view! { <declaration::DeclarationPage/> }.into_any(),
                Step::Printable => view! { <review::PrintableDeclaration/> }.into_any(),
            })
        }
        ToLater::Resume(session) => {
            uploads::resume(session);
            FromLater::Done
        }
        ToLater::KeepLonger(session) => FromLater::Work(Box::pin(uploads::keep_longer(session))),
    }
}

/// The module as the binary passes it: [`answer`] once the module is here.
#[derive(Clone, Copy)]
pub struct LaterSteps {
    pub load_and_answer: fn(ToLater) -> LocalBoxFuture<Result<FromLater, NotLoaded>>,
}

impl LaterSteps {
    /// Asks the module, fetching it first if need be; `None` if it could not be fetched (the
    /// next ask tries again). Work handed back is awaited here.
    pub async fn ask(self, ask: ToLater) -> Option<FromLater> {
        match (self.load_and_answer)(ask).await.ok()? {
            FromLater::Work(work) => {
                work.await;
                Some(FromLater::Done)
            }
            answer => Some(answer),
        }
    }

    /// A later step drawn now, the module being here (`None` if it is not: never once the
    /// decoder has answered, since the decoder came with it).
    pub fn view(self, step: Step) -> Option<AnyView> {
        match (self.load_and_answer)(ToLater::View(step)).now_or_never()? {
            Ok(FromLater::View(view)) => Some(view),
            _ => None,
        }
    }
}
