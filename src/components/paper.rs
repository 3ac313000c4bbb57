//! A declaration form laid out like the official paper form: blank (the procedure page's "Tải
//! mẫu tờ khai", to fill in by hand) or filled with a citizen's answers (the application's
//! printable view, to sign and bring). One escaped HTML string: one shape for every form, and
//! little wasm. The form is in Vietnamese whatever the interface language: it is filed with a
//! Vietnamese authority.

use motcua_domain::form_answers::{holds, Answer, Answers};
use motcua_domain::forms::{FieldKind, PaperForm, PaperQuestion};

use crate::components::html::escape_html as e;

/// The national heading, the title, whom it is addressed to (`to`: the office the citizen
/// chose; a line to write on when none is), a line per question of the paper form (boxes to
/// tick for short choices; the app's own questions, `on_paper: false`, are not printed), and the
/// signature block. With `answers`, each line carries its answer and questions a condition
/// leaves out are not printed, so a filled form stays short.
pub fn paper_html(form: &PaperForm, answers: Option<&Answers>, to: Option<&str>) -> String {
    let to = match to {
        Some(office) => format!(r#"<span class="paper__filled">{}</span>"#, e(office)),
        None => r#"<span class="paper__blank"></span>"#.to_string(),
    };
    let mut out = format!(
        r#"<p class="paper__nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span>Độc lập - Tự do - Hạnh phúc</span></p><h1 class="paper__title">{}</h1><p class="paper__ref">({})</p><p class="paper__line">Kính gửi: {to}</p>"#,
        e(&form.title.vi),
        e(&form.official_form),
    );
    let all: Vec<&PaperQuestion> = form.pages.iter().flat_map(|p| &p.questions).collect();
    for page in &form.pages {
        out.push_str(&format!(r#"<section class="paper__part"><h2>{}</h2>"#, e(&page.title.vi)));
        let mut governing = None;
        for q in page.questions.iter().filter(|q| q.on_paper) {
            if let Some(a) = answers {
                if !holds(q.show_if.as_ref(), a) {
                    continue;
                }
                out.push_str(&question_html(q, a.get(&q.id)));
                continue;
            }
            if q.show_if != governing {
                out.push_str(&condition_html(q, &all).unwrap_or_default());
                governing = q.show_if.clone();
            }
            out.push_str(&question_html(q, None));
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

/// "Fill in only if …", once before the questions a condition governs, as paper forms say it
/// (not for a question of the app's own: the paper simply has the part, to fill in if it applies).
fn condition_html(q: &PaperQuestion, all: &[&PaperQuestion]) -> Option<String> {
    let c = q.show_if.as_ref()?;
    let on = all.iter().find(|o| o.id == c.question).filter(|o| o.on_paper)?;
    let value = match on.kind {
        FieldKind::YesNo => yes_no(&c.equals).to_string(),
        _ => on.options.iter().find(|o| o.value == c.equals).map(|o| o.label.vi.clone())?,
    };
    Some(format!(r#"<p class="paper__if">Chỉ điền phần dưới đây nếu “{}”: {}</p>"#, e(&on.label.vi), e(&value)))
}

fn yes_no(value: &str) -> &'static str {
    if value == "yes" {
        "Có"
    } else {
        "Không"
    }
}

/// One question's line: blank to write on, or filled with `answer`.
fn question_html(q: &PaperQuestion, answer: Option<&Answer>) -> String {
    let said = e(&q.label.vi);
    // "Label:" before the line to write on; a question keeps its question mark alone.
    let label = if q.label.vi.ends_with('?') { said.clone() } else { format!("{said}:") };
    let values: Vec<&str> = match answer {
        Some(Answer::One(v)) => vec![v.as_str()],
        Some(Answer::Many(vs)) => vs.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let one = values.first().copied().unwrap_or("").trim();
    let boxes = |options: Vec<(&str, &str)>| {
        options
            .iter()
            .map(|(value, l)| {
                let mark = if values.contains(value) { "☒" } else { "☐" };
                format!("<span class=\"paper__box\">{mark} {}</span>", e(l))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let filled =
        |text: &str| format!(r#"<p class="paper__line">{label} <span class="paper__filled">{}</span></p>"#, e(text));
    match q.kind {
        FieldKind::YesNo => {
            format!(r#"<p class="paper__line">{label} {}</p>"#, boxes(vec![("yes", "Có"), ("no", "Không")]))
        }
        FieldKind::Choice | FieldKind::Choices if q.options.len() <= 6 => format!(
            r#"<p class="paper__line">{label} {}</p>"#,
            boxes(q.options.iter().map(|o| (o.value.as_str(), o.label.vi.as_str())).collect())
        ),
        FieldKind::Choice | FieldKind::Choices if !one.is_empty() => filled(
            &values
                .iter()
                .map(|v| q.options.iter().find(|o| o.value == *v).map(|o| o.label.vi.as_str()).unwrap_or(v))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        FieldKind::Date if one.len() == 10 => {
            let (y, m, d) = (&one[..4], &one[5..7], &one[8..]);
            format!(
                r#"<p class="paper__line">{label} <span class="paper__filled">ngày {} tháng {} năm {}</span></p>"#,
                e(d),
                e(m),
                e(y)
            )
        }
        FieldKind::Date => format!(r#"<p class="paper__line">{label} ngày ....... tháng ....... năm ...........</p>"#),
        FieldKind::Time if one.len() == 5 => {
            format!(
                r#"<p class="paper__line">{label} <span class="paper__filled">{} giờ {} phút</span></p>"#,
                e(&one[..2]),
                e(&one[3..])
            )
        }
        FieldKind::Time => format!(r#"<p class="paper__line">{label} ....... giờ ....... phút</p>"#),
        FieldKind::Group => group_html(q, answer),
        _ if !one.is_empty() => filled(one),
        FieldKind::LongText | FieldKind::Address => format!(
            r#"<p class="paper__line">{label} <span class="paper__blank"></span></p><p class="paper__line"><span class="paper__blank"></span></p>"#
        ),
        _ => format!(r#"<p class="paper__line">{label} <span class="paper__blank"></span></p>"#),
    }
}

/// A group: room for two on a blank (more on the back or another sheet), or each repetition.
fn group_html(q: &PaperQuestion, answer: Option<&Answer>) -> String {
    let said = e(&q.label.vi);
    let blank: String = q.questions.iter().map(|inner| question_html(inner, None)).collect();
    let body = match answer {
        Some(Answer::Groups(reps)) => reps
            .iter()
            .enumerate()
            .map(|(i, rep)| {
                let lines: String = q
                    .questions
                    .iter()
                    .map(|inner| question_html(inner, rep.get(&inner.id).map(|v| Answer::One(v.clone())).as_ref()))
                    .collect();
                format!(r#"<p class="paper__line">{said} {}:</p>{lines}"#, i + 1)
            })
            .collect(),
        _ => format!(r#"<p class="paper__line">{said} 1:</p>{blank}<p class="paper__line">{said} 2:</p>{blank}"#),
    };
    format!(r#"<div class="paper__group">{body}</div>"#)
}
