//! A declaration form printed blank (`/thu-tuc/{id}/to-khai`): the form definition laid out like
//! the official paper form, to fill in by hand and bring. The form itself is in Vietnamese
//! whatever the interface language (it is filed with a Vietnamese authority); the page around it
//! follows the interface.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use motcua_domain::forms::{FieldKind, PaperForm, PaperQuestion};

use crate::api::{self, ApiFailure};
use crate::components::load_error::LoadError;
use crate::i18n::catalogue::tr as trc;
use crate::i18n::tr;
use crate::pages::procedure;

#[component]
pub fn BlankForm() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = api::resource(move || vec![api::form(&id())]);
    view! {
        <p class="back no-print"><a href=move || procedure::link(&id())>{trc(|t| t.form_back)}</a></p>
        {move || match data.get().map(|r| r.and_then(|t| api::decode::<PaperForm>(&t[0]))) {
            None => view! { <p class="loading" role="status">{trc(|t| t.loading_procedure)}</p> }.into_any(),
            Some(Ok(form)) => paper(form).into_any(),
            Some(Err(ApiFailure::Server { status: 404 })) => view! {
                <h1>{tr(|t| t.not_found_title)}</h1>
                <p class="lead">{trc(|t| t.no_form)}</p>
            }.into_any(),
            Some(Err(failure)) => view! {
                <LoadError title=|t| t.procedure_error failure on_retry=move |_| data.refetch()/>
            }.into_any(),
        }}
    }
}

/// The paper form: one escaped HTML string (one shape for every form, and little wasm).
fn paper(form: PaperForm) -> impl IntoView {
    crate::dom::set_title(&form.title.vi);
    let print = |_| crate::dom::print();
    view! {
        <div class="no-print">
            <p class="lead">{trc(|t| t.form_lead)}</p>
            <button type="button" class="button" on:click=print>{trc(|t| t.form_print)}</button>
        </div>
        <article class="paper" lang="vi" inner_html=paper_html(&form)></article>
    }
}

/// The form as the official paper lays it out: the national heading, the title, a line to write
/// on for each question (boxes to tick for choices), and the signature block.
pub fn paper_html(form: &PaperForm) -> String {
    let e = crate::components::html::escape_html;
    let mut out = format!(
        r#"<p class="paper__nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span>Độc lập - Tự do - Hạnh phúc</span></p><h1 class="paper__title">{}</h1><p class="paper__ref">({})</p><p class="paper__line">Kính gửi: <span class="paper__blank"></span></p>"#,
        e(&form.title.vi),
        e(&form.official_form),
    );
    let all: Vec<&PaperQuestion> = form.pages.iter().flat_map(|p| &p.questions).collect();
    for page in &form.pages {
        out.push_str(&format!(r#"<section class="paper__part"><h2>{}</h2>"#, e(&page.title.vi)));
        let mut governing = None;
        for q in &page.questions {
            if q.show_if != governing {
                out.push_str(&condition_html(q, &all).unwrap_or_default());
                governing = q.show_if.clone();
            }
            out.push_str(&question_html(q));
        }
        out.push_str("</section>");
    }
    out.push_str(concat!(
        r#"<p class="paper__oath">Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.</p>"#,
        r#"<div class="paper__sign"><p>Làm tại: ................................, ngày ...... tháng ...... năm ..........</p>"#,
        r#"<p class="paper__signer">Người khai<br><span>(Ký, ghi rõ họ, chữ đệm, tên)</span></p></div>"#,
    ));
    out
}

/// "Fill in only if …", once before the questions a condition governs, as paper forms say it.
fn condition_html(q: &PaperQuestion, all: &[&PaperQuestion]) -> Option<String> {
    let e = crate::components::html::escape_html;
    let c = q.show_if.as_ref()?;
    let on = all.iter().find(|o| o.id == c.question)?;
    let value = match on.kind {
        FieldKind::YesNo => {
            if c.equals == "yes" {
                "Có".to_string()
            } else {
                "Không".to_string()
            }
        }
        _ => on.options.iter().find(|o| o.value == c.equals).map(|o| o.label.vi.clone())?,
    };
    Some(format!(r#"<p class="paper__if">Chỉ điền phần dưới đây nếu “{}”: {}</p>"#, e(&on.label.vi), e(&value)))
}

fn question_html(q: &PaperQuestion) -> String {
    let e = crate::components::html::escape_html;
    let said = e(&q.label.vi);
    // "Label:" before the line to write on; a question keeps its question mark alone.
    let label = if q.label.vi.ends_with('?') { said.clone() } else { format!("{said}:") };
    let boxes = |labels: Vec<&str>| {
        labels.iter().map(|l| format!("<span class=\"paper__box\">☐ {}</span>", e(l))).collect::<Vec<_>>().join(" ")
    };
    match q.kind {
        FieldKind::YesNo => format!(r#"<p class="paper__line">{label} {}</p>"#, boxes(vec!["Có", "Không"])),
        FieldKind::Choice | FieldKind::Choices if q.options.len() <= 6 => format!(
            r#"<p class="paper__line">{label} {}</p>"#,
            boxes(q.options.iter().map(|o| o.label.vi.as_str()).collect())
        ),
        FieldKind::Date => format!(r#"<p class="paper__line">{label} ngày ....... tháng ....... năm ...........</p>"#),
        FieldKind::Time => format!(r#"<p class="paper__line">{label} ....... giờ ....... phút</p>"#),
        FieldKind::LongText | FieldKind::Address => format!(
            r#"<p class="paper__line">{label} <span class="paper__blank"></span></p><p class="paper__line"><span class="paper__blank"></span></p>"#
        ),
        FieldKind::Group => {
            // Room for two on paper; more on the back or another sheet.
            let inner: String = q.questions.iter().map(question_html).collect();
            format!(
                r#"<div class="paper__group"><p class="paper__line">{said} 1:</p>{inner}<p class="paper__line">{said} 2:</p>{inner}</div>"#
            )
        }
        _ => format!(r#"<p class="paper__line">{label} <span class="paper__blank"></span></p>"#),
    }
}
