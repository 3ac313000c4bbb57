//! Step 3: everything on one page with links back to change it, then submit. The draft's
//! Idempotency-Key makes double taps, retries and a reload during submit one dossier.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::api::ApiError;
use motcua_domain::dossier::{NewDossier, Receipt};
use motcua_domain::draft::Draft;
use motcua_domain::form_answers::{asked_only, validate};
use motcua_domain::form_flow::{self, question_of};
use motcua_domain::forms::PaperForm;
use motcua_domain::Text;

use super::{caption, declaration, link, use_session, Step};
use crate::components::html::escape_html;
use crate::i18n::apply::tr as tra;
use crate::i18n::use_i18n;
use crate::upload::{device, drafts};

/// Sends the dossier; the receipt, or the message to show.
/// `token`: the draft's secret, which the uploads were made with.
async fn submit(body: &NewDossier, key: &str, token: &str) -> Result<Receipt, Text> {
    // No answer: the citizen's connection when the browser says it is offline, otherwise the
    // one-stop system (down, or a proxy with nothing behind it), never the citizen's fault.
    let network = || {
        if crate::dom::online() {
            crate::i18n::apply::both(|t| t.submit_unavailable)
        } else {
            crate::i18n::apply::both(|t| t.submit_network)
        }
    };
    let url = crate::api::url("/dossiers").await;
    let req = gloo_net::http::Request::post(&url)
        .header("Idempotency-Key", key)
        .header("Draft-Token", token)
        .json(body)
        .map_err(|_| network())?;
    let res = req.send().await.map_err(|_| network())?;
    let text = res.text().await.map_err(|_| network())?;
    if res.ok() {
        return serde_json::from_str(&text).map_err(|_| network());
    }
    Err(match serde_json::from_str::<ApiError>(&text) {
        Ok(e) if !e.fields.is_empty() => {
            let join = |pick: fn(&Text) -> &String| {
                e.fields.iter().map(|f| pick(&f.message).clone()).collect::<Vec<_>>().join(" ")
            };
            Text::new(join(|t| &t.vi), join(|t| &t.en))
        }
        Ok(e) => e.message,
        Err(_) => crate::i18n::apply::both(|t| t.submit_unavailable),
    })
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    crate::i18n::apply::use_title(|t| t.review_title);
    let s = use_session();
    let i18n = use_i18n();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    let (applicant_link, documents_link) =
        (format!("{}?quay-lai=1", link(&procedure_id)), format!("{}/giay-to", link(&procedure_id)));
    let submitting = RwSignal::new(false);
    let problem = RwSignal::new(None::<Text>);
    let blocked = RwSignal::new(Vec::<(String, String)>::new());

    let on_submit = move |_| {
        // A second tap while the first is on its way does nothing; the key covers the rest.
        if submitting.get_untracked() {
            return;
        }
        let draft = s.draft.get_untracked();
        // Required documents missing (a link from before, a file removed): say which, and where
        // to add them, rather than send what the back end would refuse.
        let missing: Vec<(String, String)> = s.detail.with_value(|d| {
            let lang = i18n.lang_untracked();
            draft
                .missing(d)
                .iter()
                .map(|r| (format!("doc-{}", r.id), (i18n.apply_untracked().missing_item)(r.name.get(lang))))
                .collect()
        });
        // The declaration's answers, checked whole by the one validator (a link from before,
        // an answer that a later change made wrong): each problem links to its "Sửa".
        let wrong: Vec<(String, String)> = s.form.with_value(|f| {
            let lang = i18n.lang_untracked();
            f.as_ref()
                .filter(|_| draft.declared.is_some())
                .map(|f| validate(f, &declaration::answers(&draft)))
                .unwrap_or_default()
                .into_iter()
                .map(|e| (format!("cau-{}", question_of(&e.field)), e.message.get(lang).to_string()))
                .collect()
        });
        let missing: Vec<(String, String)> = wrong.into_iter().chain(missing).collect();
        if !missing.is_empty() {
            blocked.set(missing);
            crate::components::form::focus_summary();
            return;
        }
        blocked.set(Vec::new());
        let body = s.detail.with_value(|d| NewDossier {
            declaration: s.form.with_value(|f| {
                f.as_ref().filter(|_| draft.declared.is_some()).map(|f| asked_only(f, &declaration::answers(&draft)))
            }),
            procedure_id: d.summary.id.clone(),
            office_id: s.office().map(|o| o.id).unwrap_or_default(),
            applicant: draft.applicant.clone(),
            uploads: draft.upload_ids(d),
        });
        submitting.set(true);
        problem.set(None);
        spawn_local(async move {
            match submit(&body, &draft.idempotency_key, &draft.draft_id).await {
                Ok(r) => {
                    drafts::save_receipt(&r, &draft.procedure_id);
                    drafts::remove(&draft.procedure_id);
                    for f in &draft.files {
                        device::forget(&f.local_id).await;
                    }
                    // The receipt is the tracking bundle's page (a full load; this page is done).
                    crate::dom::replace_location(&crate::pages::track::receipt::link(&r.code));
                }
                Err(message) => {
                    problem.set(Some(message));
                    submitting.set(false);
                }
            }
        });
    };

    let rows = move || {
        let t = i18n.apply();
        let lang = i18n.lang();
        let a = s.draft.with(|d| d.applicant.clone());
        let office = s.office().map(|o| o.name.get(lang).to_string()).unwrap_or_default();
        let gender = match a.gender {
            Some(motcua_domain::applicant::Gender::Male) => t.male,
            Some(motcua_domain::applicant::Gender::Female) => t.female,
            None => "",
        };
        [
            (t.full_name, a.full_name),
            (t.birth_year, if a.birth_year > 0 { a.birth_year.to_string() } else { String::new() }),
            (t.gender, gender.to_string()),
            (t.citizen_id, a.citizen_id),
            (t.phone, a.phone),
            (t.email, a.email.unwrap_or_default()),
            (t.address, a.address),
            (t.office, office),
        ]
    };
    let documents = move || {
        let lang = i18n.lang();
        s.detail.with_value(|d| {
            s.draft.with(|dr| {
                Draft::uploadable(d)
                    .map(|r| {
                        let names: Vec<String> = dr.files_for(&r.id).map(|f| f.name.clone()).collect();
                        (r.id.clone(), r.name.get(lang).to_string(), names, r.required)
                    })
                    // The paper form filled on screen is in its own section above.
                    .filter(|(id, _, names, required)| {
                        !names.is_empty() || (*required && dr.declared.as_deref() != Some(id.as_str()))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    // The declaration's answers, a row each with its "Sửa" (one HTML string: see components::form).
    let declaration_rows = {
        let procedure_id = procedure_id.clone();
        move || {
            let (lang, t) = (i18n.lang(), i18n.declaration());
            let change = i18n.apply().change;
            s.form.with_value(|f| {
                let f = f.as_ref().filter(|_| s.draft.with(|d| d.declared.is_some()))?;
                let rows: String = s.draft.with(|d| {
                    let all = declaration::answers(d);
                    form_flow::asked(f, &all)
                        .into_iter()
                        .map(|(_, q)| {
                            let lines = form_flow::shown(q, all.get(&q.id), lang);
                            let value = if lines.is_empty() {
                                format!(r#"<span class="muted">{}</span>"#, escape_html(t.not_answered))
                            } else {
                                lines.iter().map(|l| escape_html(l)).collect::<Vec<_>>().join("<br>")
                            };
                            let label = escape_html(q.label.get(lang));
                            format!(
                                r#"<div class="summary-list__row"><dt>{label}</dt><dd>{value}</dd><dd class="summary-list__action"><a id="cau-{}" href="{}">{}<span class="visually-hidden"> {label}</span></a></dd></div>"#,
                                escape_html(&q.id),
                                escape_html(&declaration::question_link(&procedure_id, &q.id, true)),
                                escape_html(change),
                            )
                        })
                        .collect()
                });
                let printable = format!("{}/{}", link(&procedure_id), declaration::PRINTABLE);
                Some(view! {
                    <h2>{f.title.get(lang).to_string()}</h2>
                    <dl class="summary-list" data-testid="declaration-answers" inner_html=rows></dl>
                    <p><a href=printable>{t.see_printable}</a></p>
                })
            })
        }
    };
    view! {
        {caption(Step::Review)}
        <h1>{tra(|t| t.review_title)}</h1>
        {move || crate::components::form::error_summary(i18n.apply().error_summary, blocked.get())}
        <h2>{tra(|t| t.applicant_heading)}</h2>
        <dl class="summary-list">
            {move || rows().into_iter().map(|(label, value)| view! {
                <div class="summary-list__row">
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                    <dd class="summary-list__action">
                        <a href=applicant_link.clone()>{tra(|t| t.change)}<span class="visually-hidden">" "{label}</span></a>
                    </dd>
                </div>
            }).collect_view()}
        </dl>
        {declaration_rows}
        <h2>{tra(|t| t.documents_heading)}</h2>
        <dl class="summary-list">
            {move || documents().into_iter().map(|(id, name, files, _)| {
                let none = files.is_empty();
                view! {
                    <div class="summary-list__row">
                        <dt>{name.clone()}</dt>
                        <dd>
                            <ul class="plain-list">{files.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                            {none.then(|| view! { <p class="error-message">{tra(|t| t.document_missing)}</p> })}
                        </dd>
                        <dd class="summary-list__action">
                            <a id=format!("doc-{id}") href=documents_link.clone()>
                                {move || if none { i18n.apply().upload } else { i18n.apply().change }}<span class="visually-hidden">" "{name}</span>
                            </a>
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
        <p class="declaration">{tra(|t| t.declaration)}</p>
        {move || problem.get().map(|m| view! {
            <div class="notice notice--error" role="alert"><p>{move || m.get(i18n.lang()).to_string()}</p></div>
        })}
        <button type="button" class="button" on:click=on_submit aria-disabled=move || submitting.get().then_some("true")>
            {move || if submitting.get() { i18n.apply().submitting } else { i18n.apply().submit }}
        </button>
    }
}

/// The declaration with the citizen's answers, laid out like the official paper form, to print,
/// sign and bring (`style/forms.css` prints it on one A4 page).
#[component]
pub fn PrintableDeclaration() -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    let html = s.form.with_value(|f| {
        f.as_ref().map(|f| {
            crate::dom::set_title(&f.title.vi);
            s.draft.with_untracked(|d| {
                crate::components::paper::paper_html(&PaperForm::from(f), Some(&declaration::answers(d)))
            })
        })
    });
    let print = |_| crate::dom::print();
    view! {
        <p class="back no-print"><a href=format!("{}/kiem-tra", link(&procedure_id))>{move || i18n.declaration().back_to_review}</a></p>
        <div class="no-print">
            <p class="lead">{move || i18n.declaration().printable_lead}</p>
            <button type="button" class="button" on:click=print>{move || i18n.declaration().print}</button>
        </div>
        <article class="paper paper--filled" lang="vi" inner_html=html.unwrap_or_default()></article>
    }
}
