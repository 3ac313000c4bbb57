//! Step 3: everything on one page with links back to change it, then submit. The draft's
//! Idempotency-Key makes double taps, retries and a reload during submit one dossier.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::api::ApiError;
use motcua_domain::dossier::{NewDossier, Receipt};
use motcua_domain::draft::Draft;
use motcua_domain::form_answers::{asked_only, validate, Answers};
use motcua_domain::form_flow::{self, question_of};
use motcua_domain::forms::PaperForm;
use motcua_domain::Text;

use super::{caption, declaration, link, step_link, use_session, Stage};
use crate::components::html::{el, Action, Html};
use crate::components::markup::{clicked, markup, markup_once};
use crate::components::summary::{self, Change, Row};
use crate::i18n::apply::words as apply_words;
use crate::i18n::use_i18n;
use crate::upload::{device, drafts};
use motcua_routes::Step;

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
                .map(|f| declaration::with_answers(s, |a| validate(f, a, crate::i18n::now_in_vietnam().date())))
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
                f.as_ref()
                    .filter(|_| draft.declared.is_some())
                    .map(|f| declaration::with_answers(s, |a| asked_only(f, a)))
            }),
            procedure_id: d.summary.id.clone(),
            office_id: s.office().map(|o| o.id).unwrap_or_default(),
            applicant: draft.applicant.clone(),
            uploads: draft.upload_ids(d),
            appointment_id: draft.appointment_id.clone(),
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
                    crate::dom::replace_location(&motcua_routes::href::receipt(&r.code));
                }
                Err(message) => {
                    problem.set(Some(message));
                    submitting.set(false);
                }
            }
        });
    };

    // The answers, the declaration and the documents, each row with its "Sửa": markup (a view
    // per row cost the bundle ~8 KiB; see components::html).
    let summary = move || {
        let (t, lang) = (i18n.apply(), i18n.lang());
        s.draft.with(|d| s.detail.with_value(|detail| summary_html(&s, d, detail, &procedure_id, t, lang)))
    };
    view! {
        {caption(Stage::Review)}
        <h1>{apply_words(|t| t.review_title)}</h1>
        {move || crate::components::form::error_summary(i18n.apply().error_summary, blocked.get())}
        {markup(summary)}
        <p class="declaration">{apply_words(|t| t.declaration)}</p>
        {move || problem.get().map(|m| view! {
            <div class="notice notice--error" role="alert"><p>{move || m.get(i18n.lang()).to_string()}</p></div>
        })}
        <button type="button" class="button" on:click=on_submit aria-disabled=move || submitting.get().then_some("true")>
            {move || if submitting.get() { i18n.apply().submitting } else { i18n.apply().submit }}
        </button>
    }
}

/// The check-answers page's lists: about the applicant, the declaration (when filled on
/// screen), and the documents with their files.
fn summary_html(
    s: &super::Session,
    d: &Draft,
    detail: &motcua_domain::catalogue::ProcedureDetail,
    procedure_id: &str,
    t: &crate::i18n::apply::ApplyTexts,
    lang: motcua_domain::Lang,
) -> Html {
    let a = &d.applicant;
    let office = s.office().map(|o| o.name.get(lang).to_string()).unwrap_or_default();
    let gender = match a.gender {
        Some(motcua_domain::applicant::Gender::Male) => t.male,
        Some(motcua_domain::applicant::Gender::Female) => t.female,
        None => "",
    };
    let birth_year = if a.birth_year > 0 { a.birth_year.to_string() } else { String::new() };
    let applicant_link = format!("{}?quay-lai=1", link(procedure_id));
    let change = || Some(Change { href: &applicant_link, text: t.change, id: None });
    let rows: Html = [
        (t.full_name, a.full_name.as_str()),
        (t.birth_year, &birth_year),
        (t.gender, gender),
        (t.citizen_id, &a.citizen_id),
        (t.phone, &a.phone),
        (t.email, a.email.as_deref().unwrap_or_default()),
        (t.address, &a.address),
        (t.office, &office),
    ]
    .into_iter()
    .map(|(label, value)| Row { change: change(), ..Row::new(label, Html::text(value)) }.html())
    .collect();
    let mut html = el("h2").text(t.applicant_heading) + summary::list(rows);

    // The declaration's answers, when filled on screen, under the form's parts (the child, the
    // mother, the father) with one "Sửa" each, which goes through the part; an answer with a
    // problem has its own "Sửa", which the error summary links to.
    if let Some(f) = s.form.with_value(|f| f.clone()).filter(|_| d.declared.is_some()) {
        let dt = crate::i18n::declaration::texts(lang);
        let all = declaration::with_answers(*s, Answers::clone);
        let problems = validate(&f, &all, crate::i18n::now_in_vietnam().date());
        html += el("h2").text(f.title.get(lang));
        let asked = form_flow::asked(&f, &all);
        let mut parts = Html::default();
        for page in &f.pages {
            let questions: Vec<_> = asked.iter().filter(|(p, _)| p.id == page.id).map(|(_, q)| *q).collect();
            let Some(first) = questions.first() else { continue };
            let title = page.title.get(lang);
            let head = el("h3").class("summary-card__title").text(title)
                + el("a")
                    .class("summary-card__action")
                    .id(&format!("sua-{}", page.id))
                    .href(&declaration::part_link(procedure_id, &first.id))
                    .html(Html::text(t.change) + el("span").class("visually-hidden").text(&format!(" {title}")));
            let mut rows = Html::default();
            for q in questions {
                let lines = form_flow::shown(q, all.get(&q.id), lang);
                let value = if lines.is_empty() {
                    el("span").class("muted").text(dt.not_answered)
                } else {
                    Html::join(lines.iter().map(|l| Html::text(l)), &el("br").void())
                };
                let mut row = Row::new(q.label.get(lang), value);
                let (href, id) = (declaration::question_link(procedure_id, &q.id, true), format!("cau-{}", q.id));
                if problems.iter().any(|e| question_of(&e.field) == q.id) {
                    row.change = Some(Change { href: &href, text: t.change, id: Some(&id) });
                }
                rows += row.html();
            }
            parts += el("div")
                .class("summary-card")
                .html(el("div").class("summary-card__head").html(head) + summary::list(rows));
        }
        html += el("div").attr("data-testid", "declaration-answers").html(parts);
        html += el("p").html(el("a").href(&step_link(procedure_id, Step::Printable)).text(dt.see_printable));
    }

    // The documents: files per requirement; a required one without a file says so. The paper
    // form filled on screen is in its section above.
    let documents_link = step_link(procedure_id, Step::Documents);
    let mut rows = Html::default();
    for r in Draft::uploadable(detail) {
        let names: Html = d.files_for(&r.id).map(|f| el("li").text(&f.name)).collect();
        let none = names.is_empty();
        if none && !(r.required && d.declared.as_deref() != Some(r.id.as_str())) {
            continue;
        }
        let mut value = el("ul").class("plain-list").html(names);
        if none {
            value += el("p").class("error-message").text(t.document_missing);
        }
        let id = format!("doc-{}", r.id);
        let change = Change { href: &documents_link, text: if none { t.upload } else { t.change }, id: Some(&id) };
        rows += Row { change: Some(change), ..Row::new(r.name.get(lang), value) }.html();
    }
    html + el("h2").text(t.documents_heading) + summary::list(rows)
}

/// What the printable declaration's buttons do.
enum PrintAction {
    Print,
}

impl Action for PrintAction {
    fn name(&self) -> String {
        "print".into()
    }
    fn parse(name: &str) -> Option<Self> {
        (name == "print").then_some(PrintAction::Print)
    }
}

/// The declaration with the citizen's answers, laid out like the official paper form, to print,
/// sign and bring (`style/forms.css` prints it on one A4 page).
#[component]
pub fn PrintableDeclaration() -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    // Addressed to the office the citizen chose (the form is in Vietnamese whatever the language).
    let office = s.office().map(|o| o.name.vi);
    let html = s.form.with_value(|f| {
        f.as_ref().map(|f| {
            crate::dom::set_title(&f.title.vi);
            declaration::with_answers(s, |a| {
                crate::components::paper::paper_article(&PaperForm::from(f), Some(a), office.as_deref())
            })
        })
    });
    // The way back, what to do and the print button, as markup.
    let head = move || {
        let t = i18n.declaration();
        el("p").class("back").html(el("a").href(&step_link(&procedure_id, Step::Review)).text(t.back_to_review))
            + el("p").class("lead").text(t.printable_lead)
            + el("button").attr("type", "button").class("button").action(&PrintAction::Print).text(t.print)
    };
    let print = |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some(PrintAction::Print) => crate::dom::print(),
        None => {}
    };
    let html = html.unwrap_or_default();
    view! {
        <div class="no-print" on:click=print>{markup(head)}</div>
        {markup_once(html)}
    }
}
