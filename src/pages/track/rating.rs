//! Rating the service once the result is out: five answers in words (not stars alone) as a
//! radio group, an optional comment, once per dossier.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::dossier::{LookupRequest, Rating};
use wasm_bindgen::JsCast;

use crate::api::dossiers::{rate, Refusal};
use crate::i18n::tracking::{words as tracking_words, TrackingTexts};

/// The answers, best first (as GOV.UK's satisfaction survey lists them).
const SCALE: [(u8, fn(&'static TrackingTexts) -> &'static str); 5] = [
    (5, |t| t.rate_scale[4]),
    (4, |t| t.rate_scale[3]),
    (3, |t| t.rate_scale[2]),
    (2, |t| t.rate_scale[1]),
    (1, |t| t.rate_scale[0]),
];

#[derive(Clone, Copy, PartialEq)]
enum State {
    Asking,
    Missing,
    Sending,
    Thanked,
    AlreadyRated,
    Failed,
}

#[component]
pub fn RatingForm(code: String, factor: LookupRequest) -> impl IntoView {
    let state = RwSignal::new(State::Asking);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() == State::Sending {
            return;
        }
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
        let data = web_sys::FormData::new_with_form(&form).ok();
        let get = |k: &str| data.as_ref().and_then(|d| d.get(k).as_string()).unwrap_or_default();
        let Ok(score) = get("score").parse::<u8>() else {
            state.set(State::Missing);
            return;
        };
        let comment = get("comment").trim().to_string();
        let rating = Rating {
            citizen_id: factor.citizen_id.clone(),
            phone: factor.phone.clone(),
            score,
            comment: (!comment.is_empty()).then_some(comment),
        };
        state.set(State::Sending);
        let code = code.clone();
        spawn_local(async move {
            state.set(match rate(&code, &rating).await {
                Ok(()) => State::Thanked,
                Err(Refusal::Conflict) => State::AlreadyRated,
                Err(_) => State::Failed,
            });
        });
    };
    move || {
        match state.get() {
        State::Thanked => {
            view! { <div class="panel panel--yes" role="status" data-testid="rated"><p>{tracking_words(|t| t.rated)}</p></div> }
                .into_any()
        }
        State::AlreadyRated => {
            view! { <div class="notice" role="status" data-testid="rated"><p>{tracking_words(|t| t.already_rated)}</p></div> }
                .into_any()
        }
        s => {
            let missing = s == State::Missing;
            view! {
                <form class="rating" novalidate on:submit=on_submit.clone()>
                    <fieldset class="form-group fieldset" class:form-group--error=missing aria-describedby=missing.then_some("score-error")>
                        <legend class="label label--large"><h2 class="legend-heading">{tracking_words(|t| t.rate_heading)}</h2></legend>
                        {missing.then(|| view! { <p class="error-message" id="score-error" role="alert">{tracking_words(|t| t.rate_missing)}</p> })}
                        <div class="radios radios--stacked">
                            {SCALE.iter().map(|(n, word)| {
                                let id = format!("score-{n}");
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=id.clone() name="score" value=n.to_string()/>
                                        <label for=id>{tracking_words(*word)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <div class="form-group">
                        <label class="label" for="comment">{tracking_words(|t| t.comment_label)}</label>
                        <textarea class="input textarea" id="comment" name="comment" rows="4" maxlength="1000"></textarea>
                    </div>
                    {(s == State::Failed).then(|| view! {
                        <p class="error-message" role="alert">{crate::i18n::words(|t| t.error_network)}</p>
                    })}
                    <button type="submit" class="button">{tracking_words(|t| t.rate_submit)}</button>
                </form>
            }
            .into_any()
        }
    }
    }
}
