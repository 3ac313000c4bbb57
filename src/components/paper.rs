//! A declaration form laid out like the official paper form: blank (the procedure page's "Tải
//! mẫu tờ khai", to fill in by hand) or filled with a citizen's answers (the application's
//! printable view, to sign and bring). One escaped HTML string: one shape for every form, and
//! little wasm. The form is in Vietnamese whatever the interface language: it is filed with a
//! Vietnamese authority.

use motcua_domain::form_answers::{holds, Answer, Answers};
use motcua_domain::forms::{FieldKind, PaperForm, PaperQuestion};

use crate::components::html::{el, Html};

fn line(inner: Html) -> Html {
    el("p").class("paper__line").html(inner)
}

fn filled(text: &str) -> Html {
    el("span").class("paper__filled").text(text)
}

fn blank() -> Html {
    el("span").class("paper__blank").empty()
}

/// The national heading, the title, whom it is addressed to (`to`: the office the citizen
/// chose; a line to write on when none is), a line per question of the paper form (boxes to
/// tick for short choices; the app's own questions, `on_paper: false`, are not printed), and the
/// signature block. With `answers`, each line carries its answer and questions a condition
/// leaves out are not printed, so a filled form stays short.
pub fn paper_html(form: &PaperForm, answers: Option<&Answers>, to: Option<&str>) -> Html {
    let mut out = el("p").class("paper__nation").html(
        Html::text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            + el("br").void()
            + el("span").text("Độc lập - Tự do - Hạnh phúc"),
    );
    out += el("h1").class("paper__title").text(&form.title.vi);
    out += el("p").class("paper__ref").text(&format!("({})", form.official_form));
    out += line(Html::text("Kính gửi: ") + to.map(filled).unwrap_or_else(blank));
    let all: Vec<&PaperQuestion> = form.pages.iter().flat_map(|p| &p.questions).collect();
    for page in &form.pages {
        let mut part = el("h2").text(&page.title.vi);
        let mut governing = None;
        for q in page.questions.iter().filter(|q| q.on_paper) {
            if let Some(a) = answers {
                if !holds(q.show_if.as_ref(), a) {
                    continue;
                }
                part += question_html(q, a.get(&q.id));
                continue;
            }
            if q.show_if != governing {
                part += Html::from(condition_html(q, &all));
                governing = q.show_if.clone();
            }
            part += question_html(q, None);
        }
        out += el("section").class("paper__part").html(part);
    }
    out += el("p").class("paper__oath").text(
        "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
    );
    out += el("div").class("paper__sign").html(
        el("p").text("Làm tại: ................................, ngày ...... tháng ...... năm ..........")
            + el("p")
                .class("paper__signer")
                .html(Html::text("Người khai") + el("br").void() + el("span").text("(Ký, ghi rõ họ, chữ đệm, tên)")),
    );
    out
}

/// The form as an `<article class="paper">` (`paper--filled` with answers), in Vietnamese.
pub fn paper_article(form: &PaperForm, answers: Option<&Answers>, to: Option<&str>) -> Html {
    let class = if answers.is_some() { "paper paper--filled" } else { "paper" };
    el("article").class(class).attr("lang", "vi").html(paper_html(form, answers, to))
}

/// "Fill in only if …", once before the questions a condition governs, as paper forms say it
/// (not for a question of the app's own: the paper simply has the part, to fill in if it applies).
fn condition_html(q: &PaperQuestion, all: &[&PaperQuestion]) -> Option<Html> {
    let c = q.show_if.as_ref()?;
    let on = all.iter().find(|o| o.id == c.question).filter(|o| o.on_paper)?;
    let value = match on.kind {
        FieldKind::YesNo => yes_no(&c.equals).to_string(),
        _ => on.options.iter().find(|o| o.value == c.equals).map(|o| o.label.vi.clone())?,
    };
    Some(el("p").class("paper__if").text(&format!("Chỉ điền phần dưới đây nếu “{}”: {value}", on.label.vi)))
}

fn yes_no(value: &str) -> &'static str {
    if value == "yes" {
        "Có"
    } else {
        "Không"
    }
}

/// One question's line: blank to write on, or filled with `answer`.
fn question_html(q: &PaperQuestion, answer: Option<&Answer>) -> Html {
    // "Label:" before the line to write on; a question keeps its question mark alone.
    let label = if q.label.vi.ends_with('?') { q.label.vi.clone() } else { format!("{}:", q.label.vi) };
    let label = || Html::text(&label) + Html::text(" ");
    let values: Vec<&str> = match answer {
        Some(Answer::One(v)) => vec![v.as_str()],
        Some(Answer::Many(vs)) => vs.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let one = values.first().copied().unwrap_or("").trim();
    let boxes = |options: Vec<(&str, &str)>| {
        Html::join(
            options.iter().map(|(value, l)| {
                let mark = if values.contains(value) { "☒" } else { "☐" };
                el("span").class("paper__box").text(&format!("{mark} {l}"))
            }),
            &Html::text(" "),
        )
    };
    match q.kind {
        FieldKind::YesNo => line(label() + boxes(vec![("yes", "Có"), ("no", "Không")])),
        FieldKind::Choice | FieldKind::Choices if q.options.len() <= 6 => {
            line(label() + boxes(q.options.iter().map(|o| (o.value.as_str(), o.label.vi.as_str())).collect()))
        }
        FieldKind::Choice | FieldKind::Choices if !one.is_empty() => line(
            label()
                + filled(
                    &values
                        .iter()
                        .map(|v| q.options.iter().find(|o| o.value == *v).map(|o| o.label.vi.as_str()).unwrap_or(v))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
        ),
        FieldKind::Date if one.len() == 10 => {
            let (y, m, d) = (&one[..4], &one[5..7], &one[8..]);
            line(label() + filled(&format!("ngày {d} tháng {m} năm {y}")))
        }
        FieldKind::Date => line(label() + Html::text("ngày ....... tháng ....... năm ...........")),
        FieldKind::Time if one.len() == 5 => line(label() + filled(&format!("{} giờ {} phút", &one[..2], &one[3..]))),
        FieldKind::Time => line(label() + Html::text("....... giờ ....... phút")),
        FieldKind::Group => group_html(q, answer),
        _ if !one.is_empty() => line(label() + filled(one)),
        FieldKind::LongText | FieldKind::Address => line(label() + blank()) + line(blank()),
        _ => line(label() + blank()),
    }
}

/// A group: room for two on a blank (more on the back or another sheet), or each repetition.
fn group_html(q: &PaperQuestion, answer: Option<&Answer>) -> Html {
    let said = &q.label.vi;
    let blank: Html = q.questions.iter().map(|inner| question_html(inner, None)).collect();
    let body = match answer {
        Some(Answer::Groups(reps)) => reps
            .iter()
            .enumerate()
            .map(|(i, rep)| {
                let lines: Html = q
                    .questions
                    .iter()
                    .map(|inner| question_html(inner, rep.get(&inner.id).map(|v| Answer::One(v.clone())).as_ref()))
                    .collect();
                line(Html::text(&format!("{said} {}:", i + 1))) + lines
            })
            .collect(),
        _ => line(Html::text(&format!("{said} 1:"))) + blank.clone() + line(Html::text(&format!("{said} 2:"))) + blank,
    };
    el("div").class("paper__group").html(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};
    use motcua_domain::form_answers::Answer;

    fn form() -> PaperForm {
        serde_json::from_value(serde_json::json!({
            "title": { "vi": HOSTILE, "en": "x" },
            "official_form": HOSTILE,
            "pages": [{
                "title": { "vi": HOSTILE, "en": "x" },
                "questions": [
                    { "id": "name", "label": { "vi": HOSTILE, "en": "x" }, "kind": "text" },
                    { "id": "twin", "label": { "vi": "Sinh đôi?", "en": "x" }, "kind": "yes_no" },
                    { "id": "which", "label": { "vi": "Con thứ", "en": "x" }, "kind": "text",
                      "show_if": { "question": "twin", "equals": "yes" } },
                    { "id": "born", "label": { "vi": "Ngày sinh", "en": "x" }, "kind": "date" },
                    { "id": "kind", "label": { "vi": "Loại", "en": "x" }, "kind": "choice",
                      "options": [{ "value": "a", "label": { "vi": HOSTILE, "en": "x" } }] },
                    { "id": "mine", "label": { "vi": "Của ứng dụng", "en": "x" }, "kind": "text", "on_paper": false }
                ]
            }]
        }))
        .unwrap()
    }

    #[test]
    fn the_blank_form_escapes_every_word_and_says_when_to_fill_a_part() {
        let blank = paper_article(&form(), None, None);
        let h = blank.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert!(h.starts_with(r#"<article class="paper" lang="vi"><p class="paper__nation">"#), "{h}");
        assert!(h.contains(r#"<p class="paper__if">Chỉ điền phần dưới đây nếu “Sinh đôi?”: Có</p>"#), "{h}");
        assert!(h.contains("Ngày sinh: ngày ....... tháng ....... năm ..........."), "{h}");
        assert!(h.contains(r#"Kính gửi: <span class="paper__blank"></span>"#), "{h}");
        assert!(!h.contains("Của ứng dụng"), "the app's own questions are not on paper");
    }

    #[test]
    fn a_filled_form_carries_the_answers_as_text_and_leaves_out_what_a_condition_skips() {
        let answers: Answers = [
            ("name".to_string(), Answer::One(HOSTILE.into())),
            ("twin".to_string(), Answer::One("no".into())),
            ("which".to_string(), Answer::One("hai".into())),
            ("born".to_string(), Answer::One("2026-11-27".into())),
            ("kind".to_string(), Answer::One("a".into())),
        ]
        .into_iter()
        .collect();
        let filled = paper_article(&form(), Some(&answers), Some(HOSTILE));
        let h = filled.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert!(h.starts_with(r#"<article class="paper paper--filled" lang="vi">"#));
        assert!(h.contains(r#"<span class="paper__filled">ngày 27 tháng 11 năm 2026</span>"#), "{h}");
        assert!(h.contains(r#"<span class="paper__box">☐ Có</span> <span class="paper__box">☒ Không</span>"#), "{h}");
        assert!(!h.contains("Con thứ"), "a part the answers skip is not printed: {h}");
        assert_eq!(h.matches("&lt;img").count(), 7, "title, ref, office, part, label, answer, option: {h}");
    }
}
