//! A declaration form printed blank (`/thu-tuc/{id}/to-khai`): the form definition laid out like
//! the official paper form, to fill in by hand and bring. The form itself is in Vietnamese
//! whatever the interface language (it is filed with a Vietnamese authority); the page around it
//! follows the interface.

use crate::router::use_params_map;
use leptos::prelude::*;
use motcua_domain::forms::PaperForm;

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::i18n::catalogue::words as catalogue_words;
use crate::i18n::words;

#[component]
pub fn BlankForm() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = api::resource(move || vec![api::form(&id())]);
    view! {
        <p class="back no-print"><a href=move || motcua_routes::href::procedure(&id())>{catalogue_words(|t| t.form_back)}</a></p>
        {move || match data.get().map(|r| r.and_then(|t| api::decode::<PaperForm>(&t[0]))) {
            None => view! { <p class="loading" role="status">{catalogue_words(|t| t.loading_procedure)}</p> }.into_any(),
            Some(Ok(form)) => paper(form).into_any(),
            Some(Err(ApiFailure::Server { status: 404 })) => view! {
                <h1>{words(|t| t.not_found_title)}</h1>
                <p class="lead">{catalogue_words(|t| t.no_form)}</p>
            }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.procedure_error failure on_retry=move |_| data.refetch()/>
            }.into_any(),
        }}
    }
}

/// The paper form: markup (one shape for every form, and little wasm).
fn paper(form: PaperForm) -> impl IntoView {
    crate::dom::set_title(&form.title.vi);
    let print = |_| crate::dom::print();
    let html = crate::components::paper::paper_article(&form, None, None);
    view! {
        <div class="no-print">
            <p class="lead">{catalogue_words(|t| t.form_lead)}</p>
            <button type="button" class="button" on:click=print>{catalogue_words(|t| t.form_print)}</button>
        </div>
        {crate::components::markup::markup_once(html)}
    }
}
