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

use super::{caption, link, uploads, use_session, Session, Step};
use crate::i18n::apply::tr as tra;
use crate::i18n::use_i18n;

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

/// The sentence on a Friday visit with the documents as they stand.
fn friday_line(s: Session, missing: &[String], lang: Lang) -> Option<String> {
    let office = s.office()?;
    let (id, processing) = s.detail.with_value(|d| (d.summary.id.clone(), d.summary.processing));
    if !office.friday_programme.covers(&id) {
        return None;
    }
    let now = crate::i18n::now_in_vietnam();
    let friday = friday::next_friday(now, office.friday_programme.cutoff).and_hms_opt(9, 0, 0)?;
    let answer = s.calendar.with_value(|calendar| {
        friday::outcome(&Visit { office: &office, calendar, procedure_id: &id, processing, missing, arrival: friday })
    });
    let t = crate::i18n::apply::texts(lang);
    match answer.outcome {
        Outcome::Incomplete { .. } => Some(t.friday_incomplete.to_string()),
        Outcome::SameDay { .. } => Some((t.friday_yes)(&time_hm(office.friday_programme.cutoff))),
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
        let friday = friday_line(s, &missing, lang);
        view! {
            <div class="meter" class:meter--complete=complete>
                <p class="meter__line">{line}</p>
                <progress class="meter__bar" max=total.max(1) value=have aria-label=t.documents_heading></progress>
                <ul class="meter__missing">{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                {friday.map(|f| view! { <p class="meter__friday">{f}</p> })}
            </div>
        }
    };
    // Why "Continue" did not go on: files still on their way, or required documents missing.
    let blocked = RwSignal::new(None::<bool>);
    let next = {
        let href = format!("{}/kiem-tra", link(&procedure_id));
        let navigate = leptos_router::hooks::use_navigate();
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
                return Some(t.wait_uploads.to_string());
            }
            let names: Vec<String> = s.detail.with_value(|d| {
                s.draft.with(|dr| dr.missing(d).iter().map(|r| r.name.get(lang).to_string()).collect())
            });
            // Gone once the last one is there.
            (!names.is_empty()).then(|| (t.missing_before_review)(&names.join("; ")))
        })
    };
    view! {
        {caption(Step::Documents)}
        <h1>{tra(|t| t.documents_title)}</h1>
        <p class="lead">{tra(|t| t.documents_lead)}</p>
        {meter}
        {requirements.into_iter().map(|r| {
            let online = online_form(s, &r.id).map(|v| v.into_any());
            view! { <RequirementUpload r online/> }
        }).collect_view()}
        {move || blocked_text().map(|text| view! { <p class="error-message" role="alert" data-testid="documents-blocked">{text}</p> })}
        <div class="actions">
            <button type="button" class="button" on:click=next>{tra(|t| t.continue_)}</button>
            <p><a href=link(&procedure_id)>{tra(|t| t.back)}</a></p>
        </div>
    }
}

#[component]
pub(super) fn RequirementUpload(
    r: Requirement,
    /// What else answers this requirement (the declaration filled on screen, see [`online_form`]):
    /// given by the caller, so that the supplement's bundle does not carry it.
    #[prop(optional_no_strip)]
    online: Option<AnyView>,
) -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let Requirement { id, name, required, form_url, .. } = r;
    let (camera_id, file_id, heading_id) = (format!("camera-{id}"), format!("file-{id}"), format!("req-{id}"));
    let labelled_by = heading_id.clone();
    let (camera_input, file_input) = (camera_id.clone(), file_id.clone());
    let over = RwSignal::new(false);
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
    let files = {
        let id = id.clone();
        move || s.draft.with(|d| d.files_for(&id).cloned().collect::<Vec<_>>())
    };
    view! {
        <section class="requirement" aria-labelledby=labelled_by>
            <h2 id=heading_id class="requirement__title">{move || name.get(i18n.lang()).to_string()}</h2>
            <p class=if required { "tag" } else { "tag tag--optional" }>
                {move || if required { i18n.apply().required } else { i18n.apply().optional }}
            </p>
            // The blank form to fill in by hand, photograph and upload (the procedure bundle draws
            // it; a new tab, so this page and its uploads stay).
            {online}
            {form_url.map(|href| view! {
                <p><a class="doc__form" href=href rel="noopener" target="_blank">{tra(|t| t.blank_form)}</a></p>
            })}
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
            >
                <span class="camera-only">
                    <input class="file-input" type="file" id=camera_input accept="image/*" capture="environment" on:change=pick.clone()/>
                    <label class="button button--secondary" for=camera_id>{tra(|t| t.take_photo)}</label>
                </span>
                <input class="file-input" type="file" id=file_input multiple accept="image/*,application/pdf" on:change=pick/>
                <label class="button button--secondary" for=file_id>{tra(|t| t.choose_file)}</label>
                <span class="dropzone__hint">{tra(|t| t.drop_here)}</span>
            </div>
        </section>
    }
}

/// For the paper form a declaration can stand in for: fill it in on screen instead of
/// uploading it ("Điền tờ khai trực tuyến"), or, once done, say so with a link to change it.
fn online_form(s: Session, requirement_id: &str) -> Option<impl IntoView> {
    let i18n = use_i18n();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    s.form.with_value(|f| f.as_ref().map(|f| f.replaces_requirement == requirement_id))?.then_some(())?;
    let requirement_id = requirement_id.to_string();
    let href = format!("{}/{}", link(&procedure_id), super::declaration::STEP);
    Some(move || {
        let t = i18n.declaration();
        if s.draft.with(|d| d.declared.as_deref() == Some(requirement_id.as_str())) {
            view! {
                <p class="callout" data-testid="declared">{t.filled_online}" "<a href=href.clone()>{t.change_form}</a></p>
            }
            .into_any()
        } else {
            view! {
                <p>{t.fill_online_lead}</p>
                <p><a class="button" href=href.clone()>{t.fill_online}</a></p>
            }
            .into_any()
        }
    })
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
    let warning = {
        let id = id.clone();
        move || s.warnings.with(|w| w.iter().find(|(k, _)| *k == id).map(|(_, q)| *q))
    };
    let (retry_id, remove_id, keep_id) = (id.clone(), id.clone(), id.clone());
    let state = f.state.clone();
    let status = move || {
        let t = i18n.apply();
        match &state {
            FileState::Uploading if !s.online.get() => t.file_waiting_network.to_string(),
            FileState::Uploading => t.file_uploading.to_string(),
            FileState::Done => t.file_done.to_string(),
            FileState::Failed { reason_vi, reason_en } => {
                if i18n.lang() == Lang::Vi {
                    reason_vi.clone()
                } else {
                    reason_en.clone()
                }
            }
        }
    };
    let kind = match f.state {
        FileState::Uploading => "uploading",
        FileState::Done => "done",
        FileState::Failed { .. } => "failed",
    };
    let uploading = f.state == FileState::Uploading;
    let failed = kind == "failed";
    view! {
        <li class="file" data-state=kind>
            <p class="file__name">{f.name.clone()}<span class="file__size">{size_text(f.size)}</span></p>
            {uploading.then(|| view! {
                <progress class="file__progress" max=size value=sent aria-label=f.name.clone()></progress>
            })}
            <p class="file__status">{status}</p>
            {move || warning().map(|q| {
                let keep = keep_id.clone();
                let retake = keep_id.clone();
                let text = move || {
                    let t = i18n.apply();
                    match q {
                        Quality::TooSmall => t.photo_small,
                        Quality::TooDark => t.photo_dark,
                        _ => t.photo_blurry,
                    }
                };
                view! {
                    <div class="file__warning">
                        <p class="warning-text">{text}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| uploads::remove(s, &retake)>{tra(|t| t.retake)}</button>
                        " "
                        <button type="button" class="link-button" on:click=move |_| s.warnings.update(|w| w.retain(|(k, _)| *k != keep))>{tra(|t| t.use_anyway)}</button>
                    </div>
                }
            })}
            <p class="file__actions">
                {failed.then(|| view! {
                    <button type="button" class="link-button" on:click=move |_| uploads::retry(s, &retry_id)>{tra(|t| t.retry)}</button>
                })}
                <button type="button" class="link-button" on:click=move |_| uploads::remove(s, &remove_id)>
                    {tra(|t| t.remove)}<span class="visually-hidden">" "{f.name.clone()}</span>
                </button>
            </p>
        </li>
    }
}
