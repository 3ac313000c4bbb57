//! Declaration forms as data (tờ khai): what the back end serves for a procedure, and what one
//! renderer draws, on paper (the blank form to print) and, later, field by field on screen.
//! Modelled on the form-as-data services (the Dutch Open Forms' JSON definitions, FormSG):
//! pages of questions of a few kinds, conditions, repeatable groups.

use serde::{Deserialize, Serialize};

use crate::Text;

/// `GET /api/v1/procedures/{id}/form`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormDefinition {
    pub id: String,
    /// Raised whenever a question changes, so answers saved against an older one can be told.
    pub version: u32,
    pub procedure_id: String,
    /// The requirement (the paper declaration) this form stands in for.
    pub replaces_requirement: String,
    pub title: Text,
    /// The official form it follows, e.g. "Mẫu … ban hành kèm theo Thông tư 04/2020/TT-BTP".
    pub official_form: String,
    /// The question whose answer names what the dossier is about (the child, the deceased, the
    /// business): the officer's list shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub pages: Vec<FormPage>,
    /// Orders between dates that any true answer keeps (a birth not in the future, a death not
    /// before the birth, a parent born before the child).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub date_rules: Vec<DateRule>,
}

/// `earlier` comes no later than `later` (a question id, or `today`): checked when both are
/// answered with real dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRule {
    pub earlier: String,
    pub later: String,
    /// Said under whichever of the two questions the form asks last.
    pub message: Text,
}

/// The `later` of a [`DateRule`] that means the day of the answer.
pub const TODAY: &str = "today";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormPage {
    pub id: String,
    pub title: Text,
    pub questions: Vec<Question>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Unique in the form (within its group for a group's questions): the answer's key.
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    pub kind: FieldKind,
    pub required: bool,
    /// Choices of a `choice` or `choices` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// How a `choice` is shown: radios, or a select for long lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ChoiceStyle>,
    /// Bounds of a number, or how many times a group repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Asked only when another answer has a given value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// Filled in from the application's applicant step (`applicant.full_name`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<String>,
    /// The questions of a `group`, asked once per repetition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// `false` for a question of the app's own that the paper form does not have ("Is there
    /// information about the mother?", which only decides whether her part is asked): not
    /// printed on the paper form.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub on_paper: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    /// Day, month and year in separate fields.
    Date,
    /// Hour and minute, 24-hour.
    Time,
    /// One of `options`.
    Choice,
    /// Any of `options`.
    Choices,
    YesNo,
    /// 12 digits (số định danh cá nhân).
    CitizenId,
    Phone,
    Email,
    /// Street and house, commune, province.
    Address,
    /// `questions`, repeated between `min` and `max` times (several children, heirs, members).
    Group,
}
crate::enum_from_wire_name!(FieldKind {
    "text" => Text, "long_text" => LongText, "number" => Number, "date" => Date, "time" => Time,
    "choice" => Choice, "choices" => Choices, "yes_no" => YesNo, "citizen_id" => CitizenId,
    "phone" => Phone, "email" => Email, "address" => Address, "group" => Group,
});

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum ChoiceStyle {
    Radios,
    Select,
}
crate::enum_from_wire_name!(ChoiceStyle { "radios" => Radios, "select" => Select });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: Text,
}

/// "Only if the answer to `question` is `equals`" (a yes/no is `yes` or `no`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    pub equals: String,
}

/// What the printed blank reads of a form definition (the rest of the answer is skipped): a
/// smaller decoder keeps the procedure bundle within its budget.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaperForm {
    pub title: Text,
    pub official_form: String,
    pub pages: Vec<PaperPage>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaperPage {
    pub title: Text,
    pub questions: Vec<PaperQuestion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PaperQuestion {
    pub id: String,
    pub label: Text,
    pub kind: FieldKind,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub show_if: Option<Condition>,
    #[serde(default)]
    pub questions: Vec<PaperQuestion>,
    #[serde(default = "yes")]
    pub on_paper: bool,
}

impl From<&Question> for PaperQuestion {
    fn from(q: &Question) -> PaperQuestion {
        PaperQuestion {
            id: q.id.clone(),
            label: q.label.clone(),
            kind: q.kind,
            options: q.options.clone(),
            show_if: q.show_if.clone(),
            questions: q.questions.iter().map(PaperQuestion::from).collect(),
            on_paper: q.on_paper,
        }
    }
}

/// The paper view of a whole definition (the application prints a filled one from it).
impl From<&FormDefinition> for PaperForm {
    fn from(f: &FormDefinition) -> PaperForm {
        PaperForm {
            title: f.title.clone(),
            official_form: f.official_form.clone(),
            pages: f
                .pages
                .iter()
                .map(|p| PaperPage {
                    title: p.title.clone(),
                    questions: p.questions.iter().map(PaperQuestion::from).collect(),
                })
                .collect(),
        }
    }
}

impl FormDefinition {
    /// Every question, groups' own questions after their group, with the page it is on.
    pub fn questions(&self) -> impl Iterator<Item = (&FormPage, &Question)> {
        self.pages.iter().flat_map(|p| {
            p.questions.iter().flat_map(move |q| std::iter::once((p, q)).chain(q.questions.iter().map(move |g| (p, g))))
        })
    }

    /// What is wrong with the definition, a line each: a question id used twice, a condition on
    /// a question that is not asked before it or on a value it cannot have, a choice without
    /// options, a group without questions, bounds the wrong way round. Empty when sound.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(subject) = &self.subject {
            if !self.pages.iter().flat_map(|p| &p.questions).any(|q| &q.id == subject) {
                out.push(format!("subject {subject}: no such question"));
            }
        }
        for r in &self.date_rules {
            for id in [&r.earlier, &r.later] {
                let date =
                    self.pages.iter().flat_map(|p| &p.questions).any(|q| &q.id == id && q.kind == FieldKind::Date);
                if !(date || (id == TODAY && id == &r.later)) {
                    out.push(format!("date rule {} ≤ {}: {id} is not a date question", r.earlier, r.later));
                }
            }
        }
        let mut seen: Vec<&Question> = Vec::new();
        for page in &self.pages {
            if page.questions.is_empty() {
                out.push(format!("page {}: no questions", page.id));
            }
            for q in &page.questions {
                check_question(q, &seen, &mut out);
                for inner in &q.questions {
                    check_question(inner, &[], &mut out);
                }
                if seen.iter().any(|s| s.id == q.id) {
                    out.push(format!("{}: id used twice", q.id));
                }
                seen.push(q);
            }
        }
        out
    }
}

fn check_question(q: &Question, before: &[&Question], out: &mut Vec<String>) {
    let id = &q.id;
    match q.kind {
        FieldKind::Choice | FieldKind::Choices if q.options.is_empty() => {
            out.push(format!("{id}: a choice without options"))
        }
        FieldKind::Group if q.questions.is_empty() => out.push(format!("{id}: a group without questions")),
        _ => {}
    }
    if let (Some(min), Some(max)) = (q.min, q.max) {
        if min > max {
            out.push(format!("{id}: min {min} is above max {max}"));
        }
    }
    if let Some(c) = &q.show_if {
        match before.iter().find(|b| b.id == c.question) {
            None => out.push(format!("{id}: shown if {}, which is not asked before it", c.question)),
            Some(b) => {
                let possible = match b.kind {
                    FieldKind::YesNo => c.equals == "yes" || c.equals == "no",
                    FieldKind::Choice | FieldKind::Choices => b.options.iter().any(|o| o.value == c.equals),
                    _ => true,
                };
                if !possible {
                    out.push(format!("{id}: shown if {} is {:?}, which it cannot be", c.question, c.equals));
                }
            }
        }
    }
}

/// Forms to test with, here and in `form_answers`.
#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// A required question labelled "Câu {id}" / "Question {id}".
    pub fn question(id: &str, kind: FieldKind) -> Question {
        Question {
            id: id.into(),
            label: Text::new(format!("Câu {id}"), format!("Question {id}")),
            hint: None,
            kind,
            required: true,
            options: Vec::new(),
            style: None,
            min: None,
            max: None,
            show_if: None,
            prefill: None,
            questions: Vec::new(),
            on_paper: true,
        }
    }

    /// One page of `questions`.
    pub fn form(questions: Vec<Question>) -> FormDefinition {
        FormDefinition {
            id: "f".into(),
            version: 1,
            procedure_id: "P".into(),
            replaces_requirement: "P-01".into(),
            title: Text::new("t", "t"),
            official_form: "Mẫu".into(),
            subject: None,
            pages: vec![FormPage { id: "p".into(), title: Text::new("p", "p"), questions }],
            date_rules: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sample::{form, question};
    use super::*;

    #[test]
    fn a_sound_form_has_no_problems_and_lists_group_questions() {
        let mut members = question("members", FieldKind::Group);
        members.questions = vec![question("name", FieldKind::Text)];
        members.show_if = Some(Condition { question: "has_members".into(), equals: "yes".into() });
        let mut f = form(vec![question("has_members", FieldKind::YesNo), members]);
        f.subject = Some("has_members".into());
        assert_eq!(f.problems(), Vec::<String>::new());
        f.subject = Some("name".into());
        assert_eq!(f.problems(), ["subject name: no such question"], "a group's question names no dossier");
        f.subject = None;
        let ids: Vec<&str> = f.questions().map(|(_, q)| q.id.as_str()).collect();
        assert_eq!(ids, ["has_members", "members", "name"]);
    }

    #[test]
    fn broken_definitions_are_named() {
        let mut later = question("b", FieldKind::Text);
        later.show_if = Some(Condition { question: "c".into(), equals: "yes".into() });
        let mut impossible = question("d", FieldKind::Text);
        impossible.show_if = Some(Condition { question: "a".into(), equals: "maybe".into() });
        let mut bounds = question("e", FieldKind::Number);
        (bounds.min, bounds.max) = (Some(5), Some(1));
        let f = form(vec![
            question("a", FieldKind::YesNo),
            later,
            question("c", FieldKind::Choice),
            impossible,
            bounds,
            question("g", FieldKind::Group),
            question("a", FieldKind::Text),
        ]);
        assert_eq!(
            f.problems(),
            [
                "b: shown if c, which is not asked before it",
                "c: a choice without options",
                "d: shown if a is \"maybe\", which it cannot be",
                "e: min 5 is above max 1",
                "g: a group without questions",
                "a: id used twice",
            ]
        );
    }

    #[test]
    fn the_printed_blank_reads_what_the_back_end_serves() {
        let mut members = question("members", FieldKind::Group);
        members.questions = vec![question("name", FieldKind::Text)];
        members.hint = Some(Text::new("gợi ý", "hint"));
        let served = serde_json::to_string(&form(vec![question("has_members", FieldKind::YesNo), members])).unwrap();
        let paper: PaperForm = serde_json::from_str(&served).unwrap();
        assert_eq!(paper.pages[0].questions[1].questions[0].id, "name");
        assert_eq!(paper.official_form, "Mẫu");
        // The application draws the same paper from the whole definition.
        let whole: FormDefinition = serde_json::from_str(&served).unwrap();
        assert_eq!(PaperForm::from(&whole), paper);
    }

    #[test]
    fn kinds_read_their_wire_names() {
        let q: Question =
            serde_json::from_str(r#"{"id":"x","label":{"vi":"X","en":"X"},"kind":"citizen_id","required":true}"#)
                .unwrap();
        assert_eq!(q.kind, FieldKind::CitizenId);
        assert!(serde_json::from_str::<Question>(
            r#"{"id":"x","label":{"vi":"X","en":"X"},"kind":"colour","required":true}"#
        )
        .is_err());
    }
}
