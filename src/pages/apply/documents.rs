//! Step 2: the documents, one upload area per requirement: camera or file picker, drag and drop
//! on computers, a progress bar and state per file, retry and remove; a completeness meter and
//! what completeness means for a Friday visit.

use leptos::prelude::*;
use motcua_domain::catalogue::Requirement;
use motcua_domain::draft::{Draft, FileState};
use motcua_domain::format::time_hm;
use motcua_domain::friday::{self, Outcome, Visit};
use motcua_domain::photo::Quality;
use motcua_domain::Lang;
use wasm_bindgen::JsCast;

use super::{caption, link, step_link, uploads, use_session, Session, Stage};
use crate::components::file_row::{self, FileAction};
use crate::components::html::{el, Html};
use crate::components::markup::{clicked, markup, markup_once};
use crate::i18n::apply::words as apply_words;
use crate::i18n::use_i18n;
use motcua_routes::Step;

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

fn size_text(bytes: u64) -> String {
    // Integer arithmetic: float formatting would cost the wasm about 10 KiB.
    if bytes >= 1024 * 1024 {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// What the Friday programme means for this application, said only when it is true now: an
/// online dossier is received when it is sent, so on a programme Friday before the cut-off a
/// complete one sent now has its result the same day (and an incomplete one could). Never an
/// invitation to come to the desk on some Friday: this citizen is applying online.
fn friday_line(s: Session, missing: &[String], lang: Lang) -> Option<String> {
    let office = s.office()?;
    let (id, processing) = s.detail.with_value(|d| (d.summary.id.clone(), d.summary.processing));
    let programme = &office.friday_programme;
    let now = crate::i18n::now_in_vietnam();
    use chrono::Datelike;
    if !programme.covers(&id) || now.weekday() != chrono::Weekday::Fri || now.time() > programme.cutoff {
        return None;
    }
    // As if complete: whether sending now gives the result today.
    let answer = s.calendar.with_value(|calendar| {
        let calendar = calendar.as_ref()?;
        Some(friday::outcome(&Visit {
            office: &office,
            calendar,
            procedure_id: &id,
            processing,
            missing: &[],
            arrival: now,
        }))
    })?;
    let t = crate::i18n::apply::texts(lang);
    let cutoff = time_hm(programme.cutoff);
    match answer.outcome {
        Outcome::SameDay { .. } if missing.is_empty() => Some((t.friday_yes)(&cutoff)),
        Outcome::SameDay { .. } => Some((t.friday_incomplete)(&cutoff)),
        _ => None,
    }
}

#[component]
pub fn DocumentsPage() -> impl IntoView {
    crate::i18n::apply::use_title(|t| t.documents_title);
    let s = use_session();
    let i18n = use_i18n();
    let requirements: Vec<Requirement> = s.detail.with_value(|d| Draft::uploadable(d).cloned().collect());
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    let meter = move || {
        let lang = i18n.lang();
        let t = i18n.apply();
        let (missing, total) = s.detail.with_value(|d| {
            let missing: Vec<String> =
                s.draft.with(|dr| dr.missing(d).iter().map(|r| r.name.get(lang).to_string()).collect());
            let total = Draft::uploadable(d).filter(|r| r.required).count();
            (missing, total)
        });
        let have = total - missing.len();
        let complete = missing.is_empty();
        let line = if missing.is_empty() { t.complete.to_string() } else { (t.missing)(missing.len()) };
        let friday = friday_line(s, &missing, lang).map(|f| el("p").class("meter__friday").text(&f));
        el("div").class(if complete { "meter meter--complete" } else { "meter" }).html(
            el("p").class("meter__line").text(&line)
                + el("progress")
                    .class("meter__bar")
                    .attr("max", &total.max(1).to_string())
                    .attr("value", &have.to_string())
                    .attr("aria-label", t.documents_heading)
                    .empty()
                + el("ul").class("meter__missing").html(missing.iter().map(|m| el("li").text(m)).collect())
                + Html::from(friday),
        )
    };
    // Why "Continue" did not go on: files still on their way, or required documents missing.
    let blocked = RwSignal::new(None::<bool>);
    let next = {
        let href = step_link(&procedure_id, Step::Review);
        let navigate = crate::router::use_navigate();
        move |_| {
            let missing = s.detail.with_value(|d| s.draft.with_untracked(|dr| !dr.missing(d).is_empty()));
            if !s.draft.with_untracked(|d| d.settled()) {
                blocked.set(Some(false));
            } else if missing {
                blocked.set(Some(true));
            } else {
                navigate(&href, Default::default());
            }
        }
    };
    let blocked_text = move || {
        let (t, lang) = (i18n.apply(), i18n.lang());
        blocked.get().and_then(|missing| {
            if !missing {
                // Name each file that stopped, and why; else the ones still on their way.
                let failed: Vec<String> = s
                    .draft
                    .with(|d| d.failed(lang).into_iter().map(|(name, why)| format!("“{name}”: {why}")).collect());
                return Some(if failed.is_empty() {
                    t.wait_uploads.to_string()
                } else {
                    (t.failed_files)(&failed.join("; "))
                });
            }
            let names: Vec<String> = s.detail.with_value(|d| {
                s.draft.with(|dr| dr.missing(d).iter().map(|r| r.name.get(lang).to_string()).collect())
            });
            // Gone once the last one is there.
            (!names.is_empty()).then(|| (t.missing_before_review)(&names.join("; ")))
        })
    };
    view! {
        {caption(Stage::Documents)}
        <h1>{apply_words(|t| t.documents_title)}</h1>
        <p class="lead">{apply_words(|t| t.documents_lead)}</p>
        {markup(meter)}
        {requirements.into_iter().map(|r| {
            let online = online_form(s, &r.id);
            view! { <RequirementUpload r online/> }
        }).collect_view()}
        {move || blocked_text().map(|text| view! { <p class="error-message" role="alert" data-testid="documents-blocked">{text}</p> })}
        <div class="actions">
            <button type="button" class="button" on:click=next>{apply_words(|t| t.continue_)}</button>
            <p><a href=link(&procedure_id)>{apply_words(|t| t.back)}</a></p>
        </div>
    }
}

#[component]
pub(super) fn RequirementUpload(
    r: Requirement,
    /// What else answers this requirement (the declaration filled on screen, see
    /// [`online_form`]): given by the caller, so that the supplement's bundle does not carry it.
    #[prop(optional_no_strip)]
    online: Option<Signal<Html>>,
) -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let form_url = r.blank_form().map(str::to_string);
    let Requirement { id, name, required, .. } = r;
    let heading_id = format!("req-{id}");
    let over = RwSignal::new(false);
    // The heading, whether it is needed, and the forms: markup (see components::html).
    let head = {
        let heading_id = heading_id.clone();
        move || {
            let (t, lang) = (i18n.apply(), i18n.lang());
            // The blank form to fill in by hand, photograph and upload (the procedure bundle
            // draws it; a new tab, so this page and its uploads stay).
            let blank = form_url.as_ref().map(|href| {
                el("p").html(
                    el("a")
                        .class("doc__form")
                        .href(href)
                        .attr("rel", "noopener")
                        .attr("target", "_blank")
                        .text(t.blank_form),
                )
            });
            // The id comes from the back end: an attribute value like any other, escaped.
            el("h2").id(&heading_id).class("requirement__title").text(name.get(lang))
                + el("p").class(if required { "tag" } else { "tag tag--optional" }).text(if required {
                    t.required
                } else {
                    t.optional
                })
                + online.map(|o| o.get()).unwrap_or_default()
                + Html::from(blank)
        }
    };
    // The camera (phones), the file picker, and a place to drop files (computers); their
    // `change` events reach the drop zone.
    let pickers = {
        let (camera, file) = (format!("camera-{id}"), format!("file-{id}"));
        move || {
            let t = i18n.apply();
            let label =
                |for_: &str, text: &str| el("label").class("button button--secondary").attr("for", for_).text(text);
            el("span").class("camera-only").html(
                el("input")
                    .class("file-input")
                    .attr("type", "file")
                    .id(&camera)
                    .attr("accept", "image/*")
                    .attr("capture", "environment")
                    .void()
                    + label(&camera, t.take_photo),
            ) + el("input")
                .class("file-input")
                .attr("type", "file")
                .id(&file)
                .flag("multiple", true)
                .attr("accept", "image/*,application/pdf")
                .void()
                + label(&file, t.choose_file)
                + el("span").class("dropzone__hint").text(t.drop_here)
        }
    };
    let pick = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            uploads::add(s, id.clone(), files_of(input.files()));
            input.set_value("");
        }
    };
    let drop = {
        let id = id.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            over.set(false);
            uploads::add(s, id.clone(), files_of(ev.data_transfer().and_then(|d| d.files())));
        }
    };
    let files = move || s.draft.with(|d| d.files_for(&id).cloned().collect::<Vec<_>>());
    view! {
        <section class="requirement" aria-labelledby=heading_id>
            {markup(head)}
            <ul class="files">
                <For each=files key=|f| format!("{}{:?}{}", f.local_id, f.state, f.upload_url.is_some()) let:f>
                    <FileRow f/>
                </For>
            </ul>
            <div
                class="dropzone" class:dropzone--over=move || over.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=drop
                on:change=pick
            >{markup(pickers)}</div>
        </section>
    }
}

/// For the paper form a declaration can stand in for: fill it in on screen instead of
/// uploading it ("Điền tờ khai trực tuyến"), or, once done, say so with a link to change it.
fn online_form(s: Session, requirement_id: &str) -> Option<Signal<Html>> {
    let i18n = use_i18n();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    s.form.with_value(|f| f.as_ref().map(|f| f.replaces_requirement == requirement_id))?.then_some(())?;
    let requirement_id = requirement_id.to_string();
    let href = step_link(&procedure_id, Step::Declaration);
    Some(Signal::derive(move || {
        let t = i18n.declaration();
        if s.draft.with(|d| d.declared.as_deref() == Some(requirement_id.as_str())) {
            el("p")
                .class("callout")
                .attr("data-testid", "declared")
                .html(Html::text(t.filled_online) + Html::text(" ") + el("a").href(&href).text(t.change_form))
        } else {
            el("p").text(t.fill_online_lead) + el("p").html(el("a").class("button").href(&href).text(t.fill_online))
        }
    }))
}

#[component]
fn FileRow(f: motcua_domain::draft::DraftFile) -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let id = f.local_id.clone();
    // Whole bytes: an f64 attribute would bring float formatting into the wasm (about 5 KiB).
    let size = f.size;
    let sent = {
        let id = id.clone();
        move || s.progress.with(|p| p.iter().find(|(k, _)| *k == id).map(|(_, v)| *v as u64).unwrap_or(0))
    };
    let kind = match f.state {
        FileState::Uploading => "uploading",
        FileState::Done => "done",
        FileState::Failed { .. } => "failed",
    };
    let uploading = f.state == FileState::Uploading;
    let retryable = matches!(f.state, FileState::Failed { retryable: true, .. });
    let name = f.name.clone();
    let name_html =
        el("p").class("file__name").html(Html::text(&f.name) + el("span").class("file__size").text(&size_text(f.size)));
    // Its state, a warning on a photo that looks hard to read, and what can be done: markup
    // whose buttons say what they do (see `FileAction`).
    let rest = {
        let id = id.clone();
        let state = f.state.clone();
        move || {
            let t = i18n.apply();
            let status = match &state {
                FileState::Uploading if !s.online.get() => t.file_waiting_network,
                FileState::Uploading => t.file_uploading,
                FileState::Done => t.file_done,
                FileState::Failed { reason_vi, reason_en, .. } => {
                    if i18n.lang() == Lang::Vi {
                        reason_vi
                    } else {
                        reason_en
                    }
                }
            };
            let warning = s.warnings.with(|w| w.iter().find(|(k, _)| *k == id).map(|(_, q)| *q)).map(|q| {
                let text = match q {
                    Quality::TooSmall => t.photo_small,
                    Quality::TooDark => t.photo_dark,
                    _ => t.photo_blurry,
                };
                (text, t.retake, t.use_anyway)
            });
            // A file the back end refused is removed, not sent again.
            let retry = retryable.then_some(t.retry);
            file_row::row_html(&file_row::FileRow { name: &name, status, warning, retry, remove: t.remove })
        }
    };
    let act = move |ev: leptos::ev::MouseEvent| match clicked(&ev) {
        Some(FileAction::Remove) => uploads::remove(s, &id),
        Some(FileAction::Retry) => uploads::retry(s, &id),
        Some(FileAction::Keep) => s.warnings.update(|w| w.retain(|(k, _)| *k != id)),
        None => {}
    };
    view! {
        <li class="file" data-state=kind>
            {markup_once(name_html)}
            {uploading.then(|| view! {
                <progress class="file__progress" max=size value=sent aria-label=f.name.clone()></progress>
            })}
            <div on:click=act>{markup(rest)}</div>
        </li>
    }
}
