//! The answers to a declaration form and the one validator of them: the app runs it as the
//! citizen goes, the back end on submission, so both say the same thing about the same field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::applicant::{check_email, normalise_phone, FieldError};
use crate::forms::{Condition, FieldKind, FormDefinition, Question};
use crate::Text;

/// One answer: a text (dates `YYYY-MM-DD`, times `HH:MM`, yes/no `yes` or `no`, a choice its
/// value), the values of a several-choices question, or a group's repetitions.
///
/// Written as JSON by serde's `untagged` (a string, a list of strings, a list of objects) but
/// read by the visitor below: `untagged` reading buffers through a generic decoder that would
/// cost the application's wasm about 4 KiB brotli.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    One(String),
    Many(Vec<String>),
    Groups(Vec<BTreeMap<String, String>>),
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        d.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

/// One element of a list answer: a chosen value or a group's repetition.
enum Item {
    Value(String),
    Repetition(BTreeMap<String, String>),
}

struct ItemVisitor;

impl<'de> serde::de::Visitor<'de> for ItemVisitor {
    type Value = Item;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string or an object of strings")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Item, E> {
        Ok(Item::Value(v.to_string()))
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Item, M::Error> {
        let mut rep = BTreeMap::new();
        while let Some((k, v)) = m.next_entry::<String, String>()? {
            rep.insert(k, v);
        }
        Ok(Item::Repetition(rep))
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
    type Value = Answer;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string, a list of strings or a list of objects")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::One(v.to_string()))
    }
    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<Answer, S::Error> {
        let (mut values, mut reps) = (Vec::new(), Vec::new());
        while let Some(item) = seq.next_element::<Item>()? {
            match item {
                Item::Value(v) => values.push(v),
                Item::Repetition(r) => reps.push(r),
            }
        }
        match (values.is_empty(), reps.is_empty()) {
            (_, true) => Ok(Answer::Many(values)),
            (true, false) => Ok(Answer::Groups(reps)),
            (false, false) => Err(serde::de::Error::custom("a list mixing values and repetitions")),
        }
    }
}

/// Answers by question id.
pub type Answers = BTreeMap<String, Answer>;

/// Longest text kept for a short answer, and for a long one or an address.
pub const SHORT_MAX: usize = 200;
pub const LONG_MAX: usize = 2000;

fn err(field: String, code: &str, vi: String, en: String) -> FieldError {
    FieldError { field, code: code.into(), message: Text::new(vi, en) }
}

/// Whether a question is asked, given the answers so far (a question without a condition is).
pub fn is_asked(q: &Question, answers: &Answers) -> bool {
    holds(q.show_if.as_ref(), answers)
}

/// Whether a question's condition holds with these answers (no condition always does).
pub fn holds(show_if: Option<&Condition>, answers: &Answers) -> bool {
    match show_if {
        None => true,
        Some(Condition { question, equals }) => match answers.get(question) {
            Some(Answer::One(v)) => v == equals,
            Some(Answer::Many(vs)) => vs.contains(equals),
            _ => false,
        },
    }
}

/// Every problem with `answers` on `today` (Vietnam's date: it decides what is in the future), in
/// the form's order; field names are question ids, and `group[i].question` inside a group's
/// `i`-th repetition (from 0). Answers to questions that are not asked are ignored (see
/// [`asked_only`]); answers to no question at all are refused; the form's date rules hold.
pub fn validate(form: &FormDefinition, answers: &Answers, today: chrono::NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    for page in &form.pages {
        for q in &page.questions {
            if !is_asked(q, answers) {
                continue;
            }
            match (q.kind, answers.get(&q.id)) {
                (FieldKind::Group, Some(Answer::Groups(reps))) => check_group(q, reps, &mut out),
                (FieldKind::Group, None) if !q.required && q.min.unwrap_or(0) == 0 => {}
                (FieldKind::Group, _) => check_group(q, &[], &mut out),
                (_, answer) => check_one(q, q.id.clone(), answer, &mut out),
            }
        }
    }
    check_dates(form, answers, today, &mut out);
    for id in answers.keys() {
        if !form.pages.iter().flat_map(|p| &p.questions).any(|q| &q.id == id) {
            out.push(err(
                id.clone(),
                "unknown",
                format!("Tờ khai không có câu hỏi “{id}”."),
                format!("The form has no question “{id}”."),
            ));
        }
    }
    out
}

/// The form's date rules, each once both its dates are asked, answered and real (a date that is
/// not one has its own problem already), said under whichever of the two the form asks last:
/// the one the citizen has just answered.
fn check_dates(form: &FormDefinition, answers: &Answers, today: chrono::NaiveDate, out: &mut Vec<FieldError>) {
    let date = |id: &str| -> Option<chrono::NaiveDate> {
        if id == crate::forms::TODAY {
            return Some(today);
        }
        let q = form.pages.iter().flat_map(|p| &p.questions).find(|q| q.id == id)?;
        match answers.get(id) {
            Some(Answer::One(v)) if is_asked(q, answers) && is_date(v.trim()) => v.trim().parse().ok(),
            _ => None,
        }
    };
    let position = |id: &str| form.pages.iter().flat_map(|p| &p.questions).position(|q| q.id == id);
    for r in &form.date_rules {
        if let (Some(earlier), Some(later)) = (date(&r.earlier), date(&r.later)) {
            let field = if position(&r.later) > position(&r.earlier) { &r.later } else { &r.earlier };
            if earlier > later && !out.iter().any(|e| &e.field == field) {
                out.push(err(field.clone(), "date_order", r.message.vi.clone(), r.message.en.clone()));
            }
        }
    }
}

/// The answers to questions that are asked, the rest dropped (what the back end keeps).
pub fn asked_only(form: &FormDefinition, answers: &Answers) -> Answers {
    // Inserted one by one: collecting into a map sorts first, which costs the wasm 9 KB.
    let mut kept = Answers::new();
    for q in form.pages.iter().flat_map(|p| &p.questions).filter(|q| is_asked(q, answers)) {
        if let Some(a) = answers.get(&q.id) {
            kept.insert(q.id.clone(), a.clone());
        }
    }
    kept
}

fn check_group(q: &Question, reps: &[BTreeMap<String, String>], out: &mut Vec<FieldError>) {
    let label = &q.label;
    let (min, max) = (q.min.unwrap_or(if q.required { 1 } else { 0 }), q.max.unwrap_or(i64::MAX));
    let n = reps.len() as i64;
    if n < min {
        out.push(err(
            q.id.clone(),
            "too_few",
            format!("Thêm ít nhất {min} “{}”.", label.vi),
            format!("Add at least {min} “{}”.", label.en),
        ));
    }
    if n > max {
        out.push(err(
            q.id.clone(),
            "too_many",
            format!("Chỉ khai nhiều nhất {max} “{}”.", label.vi),
            format!("Give at most {max} “{}”.", label.en),
        ));
    }
    for (i, rep) in reps.iter().enumerate() {
        for inner in &q.questions {
            let answer = rep.get(&inner.id).map(|v| Answer::One(v.clone()));
            check_one(inner, format!("{}[{i}].{}", q.id, inner.id), answer.as_ref(), out);
        }
        for key in rep.keys().filter(|k| !q.questions.iter().any(|g| &g.id == *k)) {
            let field = format!("{}[{i}].{key}", q.id);
            out.push(err(
                field,
                "unknown",
                format!("Tờ khai không có câu hỏi “{key}”."),
                format!("The form has no question “{key}”."),
            ));
        }
    }
}

fn check_one(q: &Question, field: String, answer: Option<&Answer>, out: &mut Vec<FieldError>) {
    let (vi, en) = (&q.label.vi, &q.label.en);
    let values: Vec<&str> = match answer {
        None => Vec::new(),
        Some(Answer::One(v)) => vec![v.trim()].into_iter().filter(|v| !v.is_empty()).collect(),
        Some(Answer::Many(vs)) => vs.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect(),
        Some(Answer::Groups(_)) => {
            out.push(err(field, "format", format!("“{vi}” không phải một nhóm."), format!("“{en}” is not a group.")));
            return;
        }
    };
    if values.is_empty() {
        if q.required {
            let choose = matches!(q.kind, FieldKind::Choice | FieldKind::Choices | FieldKind::YesNo);
            out.push(if choose {
                err(
                    field,
                    "required",
                    format!("Hãy chọn câu trả lời cho “{vi}”."),
                    format!("Choose an answer to “{en}”."),
                )
            } else {
                err(field, "required", format!("Hãy điền “{vi}”."), format!("Fill in “{en}”."))
            });
        }
        return;
    }
    if values.len() > 1 && q.kind != FieldKind::Choices {
        out.push(err(field, "format", format!("“{vi}” chỉ có một câu trả lời."), format!("“{en}” takes one answer.")));
        return;
    }
    if values.iter().any(|v| crate::applicant::hidden_character(v).is_some()) {
        let e = crate::applicant::hidden_character_error(&field);
        out.push(err(
            field,
            "hidden_character",
            format!("“{vi}”: {}", e.message.vi),
            format!("“{en}”: {}", e.message.en),
        ));
        return;
    }
    let v = values[0];
    let problem: Option<(&str, String, String)> = match q.kind {
        FieldKind::Text if v.chars().count() > SHORT_MAX => Some((
            "too_long",
            format!("“{vi}” dài tối đa {SHORT_MAX} ký tự."),
            format!("“{en}” takes at most {SHORT_MAX} characters."),
        )),
        FieldKind::LongText | FieldKind::Address if v.chars().count() > LONG_MAX => Some((
            "too_long",
            format!("“{vi}” dài tối đa {LONG_MAX} ký tự."),
            format!("“{en}” takes at most {LONG_MAX} characters."),
        )),
        FieldKind::Number => {
            let (min, max) = (q.min.unwrap_or(i64::MIN), q.max.unwrap_or(i64::MAX));
            match v.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => None,
                Ok(_) => Some((
                    "out_of_range",
                    format!("“{vi}” phải từ {} đến {}.", bound(min), bound(max)),
                    format!("“{en}” must be from {} to {}.", bound(min), bound(max)),
                )),
                Err(_) => Some((
                    "format",
                    format!("“{vi}” phải là một số, chỉ gồm chữ số."),
                    format!("“{en}” must be a number, in digits."),
                )),
            }
        }
        FieldKind::Date => (!is_date(v)).then(|| {
            (
                "not_a_date",
                format!("“{vi}” phải là một ngày có thật, ví dụ 27 11 2026."),
                format!("“{en}” must be a real date, for example 27 11 2026."),
            )
        }),
        FieldKind::Time => (!is_time(v)).then(|| {
            (
                "not_a_time",
                format!("“{vi}”: giờ từ 0 đến 23, phút từ 0 đến 59."),
                format!("“{en}”: hours from 0 to 23, minutes from 0 to 59."),
            )
        }),
        FieldKind::Choice | FieldKind::Choices => {
            values.iter().any(|v| !q.options.iter().any(|o| o.value == *v)).then(|| {
                (
                    "not_an_option",
                    format!("Hãy chọn một trong các câu trả lời cho “{vi}”."),
                    format!("Choose one of the answers to “{en}”."),
                )
            })
        }
        FieldKind::YesNo => (v != "yes" && v != "no").then(|| {
            ("not_an_option", format!("Hãy chọn Có hoặc Không cho “{vi}”."), format!("Choose Yes or No for “{en}”."))
        }),
        // Typed as on the card, in groups of digits: the same number.
        FieldKind::CitizenId => {
            let v = crate::applicant::digits_only(v);
            (v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit())).then(|| {
                (
                    "format",
                    format!("“{vi}” gồm đúng 12 chữ số, ví dụ 030095001234."),
                    format!("“{en}” is exactly 12 digits, like 030095001234."),
                )
            })
        }
        FieldKind::Phone => normalise_phone(v).err().map(|e| ("format", e.message.vi, e.message.en)),
        FieldKind::Email => check_email(v).map(|_| {
            (
                "format",
                format!("“{vi}” phải có dạng ten@example.com."),
                format!("“{en}” must look like name@example.com."),
            )
        }),
        _ => None,
    };
    if let Some((code, vi, en)) = problem {
        out.push(err(field, code, vi, en));
    }
}

/// The digits of `part` as a number, when it is exactly `len` ASCII digits.
fn digits(part: &str, len: usize) -> Option<u32> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
}

/// A real date written `YYYY-MM-DD`. (By hand: chrono's `parse_from_str` would put its whole
/// format parser, about 20 KiB, into the application's wasm.)
pub fn is_date(v: &str) -> bool {
    let mut it = v.split('-');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d), None) => match (digits(y, 4), digits(m, 2), digits(d, 2)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d).is_some(),
            _ => false,
        },
        _ => false,
    }
}

/// A time of day written `HH:MM`, 24-hour.
pub fn is_time(v: &str) -> bool {
    match v.split_once(':') {
        Some((h, m)) => matches!((digits(h, 2), digits(m, 2)), (Some(h), Some(m)) if h < 24 && m < 60),
        None => false,
    }
}

fn bound(n: i64) -> String {
    match n {
        i64::MIN => "…".into(),
        i64::MAX => "…".into(),
        n => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::sample::{self, question};
    use crate::forms::Choice;

    fn q(id: &str, kind: FieldKind, required: bool) -> Question {
        Question { required, ..question(id, kind) }
    }

    fn form() -> FormDefinition {
        let mut sex = q("sex", FieldKind::Choice, true);
        sex.options = ["nam", "nu"].map(|v| Choice { value: v.into(), label: Text::new(v, v) }).to_vec();
        let mut copies = q("copies", FieldKind::Number, true);
        (copies.min, copies.max) = (Some(1), Some(20));
        copies.show_if = Some(Condition { question: "want_copies".into(), equals: "yes".into() });
        let mut members = q("members", FieldKind::Group, true);
        (members.min, members.max) = (Some(1), Some(2));
        members.questions = vec![q("name", FieldKind::Text, true), q("id", FieldKind::CitizenId, true)];
        members.show_if = Some(Condition { question: "has_members".into(), equals: "yes".into() });
        let questions = vec![
            q("name", FieldKind::Text, true),
            q("note", FieldKind::LongText, false),
            q("born", FieldKind::Date, true),
            q("at", FieldKind::Time, false),
            sex,
            q("want_copies", FieldKind::YesNo, true),
            copies,
            q("id", FieldKind::CitizenId, true),
            q("phone", FieldKind::Phone, false),
            q("email", FieldKind::Email, false),
            q("has_members", FieldKind::YesNo, true),
            members,
        ];
        sample::form(questions)
    }

    fn one(v: &str) -> Answer {
        Answer::One(v.into())
    }

    fn good() -> Answers {
        [
            ("name", one("NGUYỄN VĂN AN")),
            ("born", one("2026-11-20")),
            ("sex", one("nam")),
            ("want_copies", one("yes")),
            ("copies", one("2")),
            ("id", one("030095001234")),
            ("has_members", one("no")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn codes(answers: &Answers) -> Vec<(String, String)> {
        validate(&form(), answers, today()).into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn with(changes: &[(&str, Option<Answer>)]) -> Answers {
        let mut a = good();
        for (k, v) in changes {
            match v {
                Some(v) => a.insert(k.to_string(), v.clone()),
                None => a.remove(*k),
            };
        }
        a
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.into(), code.into())
    }

    #[test]
    fn dates_and_times_are_read_strictly() {
        for good in ["2026-02-28", "2024-02-29", "0001-01-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in
            ["2026-02-29", "2026-2-28", "26-02-28", "2026-13-01", "2026-00-10", "2026-01-1a", "2026-01-01-01", ""]
        {
            assert!(!is_date(bad), "{bad}");
        }
        assert!(is_time("00:00") && is_time("23:59"));
        for bad in ["24:00", "9:05", "09:60", "0905", "+1:05"] {
            assert!(!is_time(bad), "{bad}");
        }
    }

    #[test]
    fn complete_answers_pass() {
        assert_eq!(codes(&good()), []);
    }

    #[test]
    fn an_id_number_typed_in_groups_is_the_same_number() {
        assert_eq!(codes(&with(&[("id", Some(one("0301 9800 1234")))])), []);
        assert_eq!(codes(&with(&[("id", Some(one("030.198.001.234")))])), []);
        assert_eq!(codes(&with(&[("id", Some(one("0301 9800 123")))])), [pair("id", "format")]);
    }

    #[test]
    fn dates_that_cannot_be_true_are_refused_under_the_question_just_answered() {
        let rule = |earlier: &str, later: &str| crate::forms::DateRule {
            earlier: earlier.into(),
            later: later.into(),
            message: crate::Text::new(format!("{earlier} trước {later}"), format!("{earlier} before {later}")),
        };
        let mut f = form();
        let mut died = crate::forms::sample::question("died", FieldKind::Date);
        died.required = false;
        f.pages[0].questions.push(died);
        f.date_rules = vec![rule("born", crate::forms::TODAY), rule("born", "died")];
        let check = |changes: &[(&str, Option<Answer>)]| -> Vec<(String, String)> {
            validate(&f, &with(changes), today()).into_iter().map(|e| (e.field, e.code)).collect()
        };
        assert_eq!(check(&[("born", Some(one("2026-12-07")))]), [], "today is not the future");
        assert_eq!(check(&[("born", Some(one("2026-12-08")))]), [pair("born", "date_order")]);
        assert_eq!(check(&[("died", Some(one("2020-01-01")))]), [pair("died", "date_order")], "died comes after born");
        assert_eq!(check(&[("died", Some(one("2026-11-25")))]), []);
        // A date that is not one has its own problem, not a second.
        assert_eq!(check(&[("born", Some(one("2026-02-30")))]), [pair("born", "not_a_date")]);
    }

    #[test]
    fn each_kind_says_what_is_wrong() {
        let cases: [(&str, Answer, &str); 12] = [
            ("name", one(&"A".repeat(SHORT_MAX + 1)), "too_long"),
            ("note", one(&"A".repeat(LONG_MAX + 1)), "too_long"),
            ("born", one("2026-02-30"), "not_a_date"),
            ("born", one("30/02/2026"), "not_a_date"),
            ("at", one("25:00"), "not_a_time"),
            ("sex", one("khac"), "not_an_option"),
            ("want_copies", one("maybe"), "not_an_option"),
            ("copies", one("21"), "out_of_range"),
            ("copies", one("hai"), "format"),
            ("id", one("03009500123"), "format"),
            ("phone", one("12345"), "format"),
            ("email", one("an@"), "format"),
        ];
        for (field, answer, code) in cases {
            assert_eq!(codes(&with(&[(field, Some(answer.clone()))])), [pair(field, code)], "{field} = {answer:?}");
        }
        // Required and empty (blank counts as empty); optional and empty is fine.
        assert_eq!(codes(&with(&[("name", Some(one("  ")))])), [pair("name", "required")]);
        assert_eq!(codes(&with(&[("sex", None)])), [pair("sex", "required")]);
        assert_eq!(codes(&with(&[("phone", Some(one("")))])), []);
        // One answer where one is asked for.
        assert_eq!(
            codes(&with(&[("sex", Some(Answer::Many(vec!["nam".into(), "nu".into()])))])),
            [pair("sex", "format")]
        );
    }

    #[test]
    fn conditions_hide_questions_and_their_answers() {
        // Without copies wanted, the number of copies is not asked: missing or wrong, it passes.
        assert_eq!(codes(&with(&[("want_copies", Some(one("no"))), ("copies", None)])), []);
        assert_eq!(codes(&with(&[("want_copies", Some(one("no"))), ("copies", Some(one("99")))])), []);
        // Wanted, it is required.
        assert_eq!(codes(&with(&[("copies", None)])), [pair("copies", "required")]);
        // What is kept drops answers to questions not asked.
        let kept = asked_only(&form(), &with(&[("want_copies", Some(one("no")))]));
        assert!(!kept.contains_key("copies"));
        assert!(kept.contains_key("name"));
    }

    #[test]
    fn groups_repeat_within_bounds_and_name_the_repetition() {
        let member = |name: &str, id: &str| {
            BTreeMap::from([("name".to_string(), name.to_string()), ("id".to_string(), id.to_string())])
        };
        let members = |reps: Vec<BTreeMap<String, String>>| {
            with(&[("has_members", Some(one("yes"))), ("members", Some(Answer::Groups(reps)))])
        };
        assert_eq!(codes(&members(vec![member("AN", "030095001234")])), []);
        assert_eq!(codes(&members(vec![])), [pair("members", "too_few")]);
        assert_eq!(
            codes(&members(vec![
                member("AN", "030095001234"),
                member("BÌNH", "030095001235"),
                member("CHI", "030095001236")
            ])),
            [pair("members", "too_many")]
        );
        assert_eq!(
            codes(&members(vec![member("AN", "030095001234"), member("", "1")])),
            [pair("members[1].name", "required"), pair("members[1].id", "format")]
        );
        // Asked but not answered at all: the group is missing.
        assert_eq!(codes(&with(&[("has_members", Some(one("yes")))])), [pair("members", "too_few")]);
        // A key no question has is refused, at the top and inside a group.
        let mut extra = member("AN", "030095001234");
        extra.insert("age".into(), "30".into());
        assert_eq!(codes(&members(vec![extra])), [pair("members[0].age", "unknown")]);
        assert_eq!(codes(&with(&[("colour", Some(one("blue")))])), [pair("colour", "unknown")]);
    }

    #[test]
    fn messages_exist_in_both_languages_and_name_the_question() {
        let errors = validate(&form(), &with(&[("born", Some(one("2026-02-30")))]), today());
        assert!(errors[0].message.vi.contains("Câu born") && errors[0].message.en.contains("Question born"));
    }

    #[test]
    fn answers_read_their_three_shapes() {
        let a: Answers = serde_json::from_str(r#"{"a":"x","b":["y","z"],"c":[{"name":"AN"}]}"#).unwrap();
        assert_eq!(a["a"], one("x"));
        assert_eq!(a["b"], Answer::Many(vec!["y".into(), "z".into()]));
        assert!(matches!(&a["c"], Answer::Groups(g) if g[0]["name"] == "AN"));
        // Written back the same way; anything else is refused.
        assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"a":"x","b":["y","z"],"c":[{"name":"AN"}]}"#);
        assert_eq!(serde_json::from_str::<Answer>("[]").unwrap(), Answer::Many(vec![]));
        for bad in [r#"["y",{"name":"AN"}]"#, "3", r#"{"a":"x"}"#, r#"[{"a":1}]"#, "null"] {
            assert!(serde_json::from_str::<Answer>(bad).is_err(), "{bad}");
        }
    }
}
