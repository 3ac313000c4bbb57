//! Walking a declaration form one question at a time, as the app asks it: which question comes
//! next given the answers so far (conditions skip what is not asked), what a screen's fields
//! make of an answer and back, and how an answer reads on the check-answers page and on paper.

use crate::applicant::{Applicant, FieldError};
use crate::form_answers::{is_asked, validate, Answer, Answers};
use crate::forms::{FieldKind, FormDefinition, FormPage, Question};
use crate::Lang;

/// The form's questions that are asked with these answers, in order (a group counts as one).
pub fn asked<'a>(form: &'a FormDefinition, answers: &Answers) -> Vec<(&'a FormPage, &'a Question)> {
    form.pages
        .iter()
        .flat_map(|p| p.questions.iter().map(move |q| (p, q)))
        .filter(|(_, q)| is_asked(q, answers))
        .collect()
}

/// The question asked after `after` (the first one when `None`); `None` past the last.
pub fn next<'a>(form: &'a FormDefinition, answers: &Answers, after: Option<&str>) -> Option<&'a Question> {
    let all = asked(form, answers);
    let start = match after {
        None => 0,
        Some(id) => all.iter().position(|(_, q)| q.id == id)? + 1,
    };
    all.get(start).map(|(_, q)| *q)
}

/// The question asked before `id`; `None` for the first.
pub fn previous<'a>(form: &'a FormDefinition, answers: &Answers, id: &str) -> Option<&'a Question> {
    let all = asked(form, answers);
    let at = all.iter().position(|(_, q)| q.id == id)?;
    at.checked_sub(1).map(|i| all[i].1)
}

/// The first asked question the citizen has not answered yet (a question answered blank, when
/// optional, counts as answered): where a change on the check-answers page leads next.
pub fn first_unanswered<'a>(form: &'a FormDefinition, answers: &Answers) -> Option<&'a Question> {
    asked(form, answers).into_iter().map(|(_, q)| q).find(|q| !answers.contains_key(&q.id))
}

/// A top-level question and the page it is on.
pub fn find<'a>(form: &'a FormDefinition, id: &str) -> Option<(&'a FormPage, &'a Question)> {
    form.pages.iter().flat_map(|p| p.questions.iter().map(move |q| (p, q))).find(|(_, q)| q.id == id)
}

/// The problems of one question (its group's repetitions included), by the one validator, on
/// `today`.
pub fn problems_of(form: &FormDefinition, answers: &Answers, id: &str, today: chrono::NaiveDate) -> Vec<FieldError> {
    let inside = format!("{id}[");
    validate(form, answers, today).into_iter().filter(|e| e.field == id || e.field.starts_with(&inside)).collect()
}

/// The question a field name (`q` or `q[i].inner`) belongs to.
pub fn question_of(field: &str) -> &str {
    field.split('[').next().unwrap_or(field)
}

/// A date answer from the three boxes, as typed: `YYYY-MM-DD` with day and month padded to two
/// digits; empty when all three are. What was typed stays readable by [`date_parts`], so a wrong
/// date comes back in its boxes.
pub fn date_value(day: &str, month: &str, year: &str) -> String {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return String::new();
    }
    format!("{y}-{}-{}", pad(m), pad(d))
}

/// A part padded to two digits; an empty one stays empty (and shows empty again).
fn pad(part: &str) -> String {
    if part.is_empty() {
        String::new()
    } else {
        format!("{part:0>2}")
    }
}

/// Day, month and year of a date answer, for its boxes (`05` shown as `5`, as typed).
pub fn date_parts(value: &str) -> [String; 3] {
    let mut it = value.splitn(3, '-');
    let (y, m, d) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
    [unpad(d), unpad(m), y.to_string()]
}

/// A time answer from its two boxes: `HH:MM`; empty when both are.
pub fn time_value(hour: &str, minute: &str) -> String {
    let (h, m) = (hour.trim(), minute.trim());
    if h.is_empty() && m.is_empty() {
        return String::new();
    }
    format!("{}:{}", pad(h), pad(m))
}

pub fn time_parts(value: &str) -> [String; 2] {
    let (h, m) = value.split_once(':').unwrap_or((value, ""));
    [h.to_string(), m.to_string()]
}

fn unpad(part: &str) -> String {
    match part.strip_prefix('0') {
        Some(rest) if !rest.is_empty() && part.len() == 2 => rest.to_string(),
        _ => part.to_string(),
    }
}

/// What the applicant step already holds for a question that says `prefill`.
pub fn prefill(q: &Question, applicant: &Applicant) -> Option<String> {
    let value = match q.prefill.as_deref()? {
        "applicant.full_name" => applicant.full_name.clone(),
        "applicant.citizen_id" => applicant.citizen_id.clone(),
        "applicant.address" => applicant.address.clone(),
        "applicant.phone" => applicant.phone.clone(),
        "applicant.email" => applicant.email.clone().unwrap_or_default(),
        _ => return None,
    };
    (!value.is_empty()).then_some(value)
}

/// One value as a person reads it: an option's label, "Có"/"Không", a date as `dd/mm/yyyy`.
pub fn shown_value(q: &Question, value: &str, lang: Lang) -> String {
    match q.kind {
        FieldKind::YesNo => match (value, lang) {
            ("yes", Lang::Vi) => "Có".into(),
            ("yes", Lang::En) => "Yes".into(),
            ("no", Lang::Vi) => "Không".into(),
            ("no", Lang::En) => "No".into(),
            _ => value.into(),
        },
        FieldKind::Choice | FieldKind::Choices => {
            q.options.iter().find(|o| o.value == value).map(|o| o.label.get(lang).to_string()).unwrap_or(value.into())
        }
        FieldKind::Date if value.len() == 10 => {
            let [d, m, y] = date_parts(value);
            format!("{d:0>2}/{m:0>2}/{y}")
        }
        _ => value.into(),
    }
}

/// An answer as lines to read: one for a value, the labels of several choices joined, one line
/// per repetition of a group ("Label: value; …"). Empty when unanswered.
pub fn shown(q: &Question, answer: Option<&Answer>, lang: Lang) -> Vec<String> {
    match answer {
        None => Vec::new(),
        Some(Answer::One(v)) if v.trim().is_empty() => Vec::new(),
        Some(Answer::One(v)) => vec![shown_value(q, v, lang)],
        Some(Answer::Many(vs)) if vs.is_empty() => Vec::new(),
        Some(Answer::Many(vs)) => {
            vec![vs.iter().map(|v| shown_value(q, v, lang)).collect::<Vec<_>>().join(", ")]
        }
        Some(Answer::Groups(reps)) => reps
            .iter()
            .map(|rep| {
                q.questions
                    .iter()
                    .filter_map(|inner| {
                        let v = rep.get(&inner.id).filter(|v| !v.trim().is_empty())?;
                        Some(format!("{}: {}", inner.label.get(lang), shown_value(inner, v, lang)))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::sample::{form, question};
    use crate::forms::{Choice, Condition};
    use crate::Text;
    use std::collections::BTreeMap;

    fn sample() -> FormDefinition {
        let mut name = question("name", FieldKind::Text);
        name.prefill = Some("applicant.full_name".into());
        let mut mother = question("mother", FieldKind::Text);
        mother.show_if = Some(Condition { question: "has_mother".into(), equals: "yes".into() });
        let mut sex = question("sex", FieldKind::Choice);
        sex.options = vec![Choice { value: "nu".into(), label: Text::new("Nữ", "Female") }];
        form(vec![name, question("has_mother", FieldKind::YesNo), mother, question("born", FieldKind::Date), sex])
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs.iter().map(|(k, v)| (k.to_string(), Answer::One(v.to_string()))).collect()
    }

    #[test]
    fn a_condition_skips_the_questions_it_hides_both_ways() {
        let f = sample();
        let no = answers(&[("has_mother", "no")]);
        assert_eq!(next(&f, &no, None).unwrap().id, "name");
        assert_eq!(next(&f, &no, Some("has_mother")).unwrap().id, "born", "the mother's question is skipped");
        assert_eq!(previous(&f, &no, "born").unwrap().id, "has_mother");
        let yes = answers(&[("has_mother", "yes")]);
        assert_eq!(next(&f, &yes, Some("has_mother")).unwrap().id, "mother");
        assert_eq!(previous(&f, &yes, "born").unwrap().id, "mother");
        assert!(next(&f, &yes, Some("sex")).is_none() && previous(&f, &yes, "name").is_none());
        // After a change on the check-answers page, the newly asked question comes first.
        let all = answers(&[("name", "A"), ("has_mother", "yes"), ("born", "2026-01-05"), ("sex", "nu")]);
        assert_eq!(first_unanswered(&f, &all).unwrap().id, "mother");
        assert!(first_unanswered(&f, &answers(&[("name", "A"), ("has_mother", "no"), ("born", "x"), ("sex", "nu")]))
            .is_none());
    }

    #[test]
    fn one_questions_problems_come_from_the_one_validator() {
        let f = sample();
        let a = answers(&[("born", "2026-02-30")]);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let born: Vec<String> = problems_of(&f, &a, "born", today).into_iter().map(|e| e.code).collect();
        assert_eq!(born, ["not_a_date"], "other unanswered questions are not this screen's problem");
        assert!(problems_of(&f, &answers(&[("born", "2026-02-28")]), "born", today).is_empty());
        assert_eq!(question_of("members[2].name"), "members");
        assert_eq!(question_of("born"), "born");
    }

    #[test]
    fn dates_and_times_keep_what_was_typed() {
        assert_eq!(date_value("5", "1", "2026"), "2026-01-05");
        assert_eq!(date_value(" 30", "02 ", "2026"), "2026-02-30");
        assert_eq!(date_value("", "", ""), "");
        assert_eq!(date_parts("2026-01-05"), ["5", "1", "2026"]);
        assert_eq!(date_parts(&date_value("ab", "", "2026")), ["ab", "", "2026"]);
        assert_eq!(date_parts(""), ["", "", ""]);
        assert_eq!(time_value("9", "5"), "09:05");
        assert_eq!(time_parts("09:05"), ["09", "05"]);
    }

    #[test]
    fn answers_read_as_a_person_says_them() {
        let f = sample();
        let q = |id: &str| find(&f, id).unwrap().1;
        assert_eq!(shown(q("born"), Some(&Answer::One("2026-01-05".into())), Lang::Vi), ["05/01/2026"]);
        assert_eq!(shown(q("has_mother"), Some(&Answer::One("no".into())), Lang::Vi), ["Không"]);
        assert_eq!(shown(q("has_mother"), Some(&Answer::One("yes".into())), Lang::En), ["Yes"]);
        assert_eq!(shown(q("sex"), Some(&Answer::One("nu".into())), Lang::En), ["Female"]);
        assert!(shown(q("name"), Some(&Answer::One(" ".into())), Lang::Vi).is_empty());
        let mut group = question("kids", FieldKind::Group);
        group.questions = vec![question("name", FieldKind::Text), question("born", FieldKind::Date)];
        let reps = Answer::Groups(vec![BTreeMap::from([
            ("name".to_string(), "AN".to_string()),
            ("born".to_string(), "2020-03-04".to_string()),
        ])]);
        assert_eq!(shown(&group, Some(&reps), Lang::Vi), ["Câu name: AN; Câu born: 04/03/2020"]);
        let applicant = Applicant { full_name: "Lê Thị Hoa".into(), ..Applicant::default() };
        assert_eq!(prefill(q("name"), &applicant).as_deref(), Some("Lê Thị Hoa"));
        assert_eq!(prefill(q("born"), &applicant), None);
    }
}
