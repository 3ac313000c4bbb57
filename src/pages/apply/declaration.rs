//! The declaration form on screen, reached from its paper form's place on the documents step
//! ("Điền tờ khai trực tuyến"): one question per page, as GOV.UK asks, drawn from the form's
//! definition by one renderer (a piece of `components::form` per kind of field), checked by the
//! one validator on "Tiếp tục". Conditions skip the questions they leave out; past the last
//! question, with every answer passing, the declaration stands in for the paper form's upload.
//! A change on the check-answers page comes back there. Answers live in the draft like everything else (in memory only on a kiosk), saved
//! as each field changes, so a language switch or a reload loses nothing typed.

use std::collections::BTreeMap;

use crate::router::{use_navigate, use_query_map};
use leptos::prelude::*;
use motcua_domain::applicant::{Applicant, FieldError};
use motcua_domain::draft::Declaration;
use motcua_domain::form_answers::{validate, Answer, Answers};
use motcua_domain::form_flow::{self, date_parts, date_value, time_parts, time_value};
use motcua_domain::forms::{ChoiceStyle, FieldKind, FormDefinition, FormPage, Question};
use motcua_domain::Lang;

use super::{caption, step_link, use_session, Session, Stage};
use crate::components::form::{self as f, get, typed, FormGroup, Typed, Typing};
use crate::components::html::{el, Action, Html};
use crate::components::markup::{markup, submitted};
use crate::i18n::declaration::DeclarationTexts;
use crate::i18n::use_i18n;
use motcua_routes::Step;

/// `f` of the declaration's answers, decoded from the draft once per visit (the draft keeps them
/// undecoded, see `draft::Declaration`). Not tracked: a reactive reader tracks `s.draft`, which
/// every change of an answer updates.
pub fn with_answers<R>(s: Session, f: impl FnOnce(&Answers) -> R) -> R {
    if s.answers.with_value(Option::is_none) {
        let decoded = s.draft.with_untracked(|d| d.declaration.answers());
        s.answers.set_value(Some(decoded));
    }
    s.answers.with_value(|a| f(a.as_ref().expect("decoded above")))
}

/// Keeps one answer, here and in the draft.
fn set_answer(s: Session, id: String, answer: Answer) {
    let mut all = with_answers(s, Answers::clone);
    all.insert(id, answer);
    let declaration = Declaration::keep(&all);
    s.answers.set_value(Some(all));
    s.update(|d| d.declaration = declaration);
}

/// The screen of question `id`; `back_to_review`: it was reached by "Sửa" on the check-answers page.
pub fn question_link(procedure_id: &str, id: &str, back_to_review: bool) -> String {
    let back = if back_to_review { "&quay-lai=1" } else { "" };
    format!("{}?cau={}{back}", step_link(procedure_id, Step::Declaration), motcua_domain::browse::encode(id))
}

/// "Sửa" on a part of the form (the child, the mother): its first question, then the part's
/// others one after another, then back to the check-answers page.
pub fn part_link(procedure_id: &str, first: &str) -> String {
    format!(
        "{}?cau={}&quay-lai={GROUP}",
        step_link(procedure_id, Step::Declaration),
        motcua_domain::browse::encode(first)
    )
}

/// `quay-lai` for [`part_link`].
const GROUP: &str = "phan";

/// One field's answer from the boxes named after it (`name`, `name-day`, …).
fn read(q: &Question, name: &str, typed: &Typed) -> Answer {
    let part = |p: &str| get(typed, &format!("{name}-{p}"));
    match q.kind {
        FieldKind::Date => Answer::One(date_value(&part("day"), &part("month"), &part("year"))),
        FieldKind::Time => Answer::One(time_value(&part("hour"), &part("minute"))),
        FieldKind::Choices => Answer::Many(typed.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()),
        _ => Answer::One(get(typed, name)),
    }
}

/// What a group's buttons do (they submit the form; the submitter's `value` says which).
#[derive(Clone, Copy, Debug, PartialEq)]
enum GroupAction {
    /// Another repetition (another child, another witness).
    Add,
    /// Take out the repetition at this place.
    Remove(usize),
}

impl Action for GroupAction {
    fn name(&self) -> String {
        match self {
            GroupAction::Add => "add".into(),
            GroupAction::Remove(i) => format!("remove-{i}"),
        }
    }
    fn parse(name: &str) -> Option<Self> {
        match name {
            "add" => Some(GroupAction::Add),
            _ => name.strip_prefix("remove-")?.parse().ok().map(GroupAction::Remove),
        }
    }
}

/// The screen's answer; for a group, its repetitions with one added or removed by `action`.
fn read_answer(q: &Question, typed: &Typed, action: Option<GroupAction>) -> Answer {
    if q.kind != FieldKind::Group {
        return read(q, &q.id, typed);
    }
    let count: usize = get(typed, &format!("{}-count", q.id)).parse().unwrap_or(0);
    let mut reps: Vec<BTreeMap<String, String>> = Vec::new();
    for i in 0..count {
        let mut rep = BTreeMap::new();
        for inner in &q.questions {
            let value = match read(inner, &format!("{}[{i}].{}", q.id, inner.id), typed) {
                Answer::One(v) => v,
                Answer::Many(vs) => vs.join(","),
                Answer::Groups(_) => String::new(),
            };
            rep.insert(inner.id.clone(), value);
        }
        reps.push(rep);
    }
    match action {
        Some(GroupAction::Add) => reps.push(BTreeMap::new()),
        Some(GroupAction::Remove(i)) if i < reps.len() => {
            reps.remove(i);
        }
        _ => {}
    }
    Answer::Groups(reps)
}

/// Where a summary link about `field` leads: the field's first box.
fn target(form: &FormDefinition, field: &str) -> String {
    let inner = field.rsplit_once('.').map(|(_, i)| i);
    let kind = form_flow::find(form, form_flow::question_of(field))
        .map(|(_, q)| inner.and_then(|i| q.questions.iter().find(|g| g.id == i)).unwrap_or(q).kind);
    match kind {
        Some(FieldKind::Date) => format!("{field}-day"),
        Some(FieldKind::Time) => format!("{field}-hour"),
        _ => field.to_string(),
    }
}

/// One question's form group, named `name` (a group's field: `group[i].question`).
fn field_html(
    q: &Question,
    name: &str,
    values: &[String],
    error: Option<&str>,
    heading: bool,
    lang: Lang,
    t: &DeclarationTexts,
) -> Html {
    let label =
        if q.required { q.label.get(lang).to_string() } else { format!("{} {}", q.label.get(lang), t.optional) };
    let ask = FormGroup { id: name, label: &label, hint: q.hint.as_ref().map(|h| h.get(lang)), error, heading };
    let one = values.first().map(String::as_str).unwrap_or("");
    let options: Vec<(&str, &str)> = q.options.iter().map(|o| (o.value.as_str(), o.label.get(lang))).collect();
    let typing = |kind, inputmode, width| Typing { kind, inputmode, autocomplete: "off", width };
    match q.kind {
        FieldKind::LongText | FieldKind::Address => f::field_html(&ask, f::textarea_html(&ask, one)),
        FieldKind::Number => f::field_html(&ask, f::input_html(&ask, one, &typing("text", "numeric", " input--4"))),
        FieldKind::CitizenId => f::field_html(&ask, f::input_html(&ask, one, &typing("text", "numeric", " input--12"))),
        FieldKind::Phone => f::field_html(&ask, f::input_html(&ask, one, &typing("tel", "tel", " input--12"))),
        FieldKind::Email => f::field_html(&ask, f::input_html(&ask, one, &typing("email", "email", ""))),
        FieldKind::Date | FieldKind::Time => {
            let (parts, shown): (Vec<(&str, &str)>, Vec<String>) = if q.kind == FieldKind::Date {
                (vec![("day", t.parts[0]), ("month", t.parts[1]), ("year", t.parts[2])], date_parts(one).to_vec())
            } else {
                (vec![("hour", t.parts[3]), ("minute", t.parts[4])], time_parts(one).to_vec())
            };
            f::fieldset_html(&ask, f::parts_html(name, &parts, &shown, &[error.is_some(); 3], false))
        }
        FieldKind::Choice if q.style == Some(ChoiceStyle::Select) => {
            f::field_html(&ask, f::select_html(&ask, &options, one, Some(t.choose)))
        }
        FieldKind::Choice | FieldKind::Choices => {
            let checked: Vec<&str> = values.iter().map(String::as_str).collect();
            f::fieldset_html(&ask, f::choices_html(&ask, name, &options, &checked, q.kind == FieldKind::Choices))
        }
        FieldKind::YesNo => {
            f::fieldset_html(&ask, f::choices_html(&ask, name, &[("yes", t.yes), ("no", t.no)], &[one], false))
        }
        FieldKind::Group => Html::default(),
        FieldKind::Text => f::field_html(&ask, f::input_html(&ask, one, &f::TEXT)),
    }
}

/// A group's screen: its question as the heading, each repetition in a fieldset with a button
/// to remove it, and one to add another (up to `max`).
fn group_html(
    q: &Question,
    reps: &[BTreeMap<String, String>],
    errors: &[FieldError],
    lang: Lang,
    t: &DeclarationTexts,
) -> Html {
    let label = q.label.get(lang);
    let error_of = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.message.get(lang).to_string());
    let submit = |action: GroupAction| {
        el("button")
            .attr("type", "submit")
            .class("button button--secondary")
            .attr("name", "action")
            .attr("value", &action.name())
    };
    let mut out = el("h1").text(label);
    if let Some(hint) = &q.hint {
        out += el("p").class("hint").text(hint.get(lang));
    }
    if let Some(m) = error_of(&q.id) {
        out += el("p").class("error-message").id(&format!("{}-error", q.id)).text(&m);
    }
    if reps.is_empty() {
        out += el("p").text(t.none_added);
    }
    for (i, rep) in reps.iter().enumerate() {
        let title = (t.repetition)(label, i + 1);
        let mut fields = Html::default();
        for inner in &q.questions {
            let name = format!("{}[{i}].{}", q.id, inner.id);
            let value = rep.get(&inner.id).cloned().unwrap_or_default();
            let values: Vec<String> = if inner.kind == FieldKind::Choices {
                value.split(',').filter(|v| !v.is_empty()).map(str::to_string).collect()
            } else {
                vec![value]
            };
            fields += field_html(inner, &name, &values, error_of(&name).as_deref(), false, lang, t);
        }
        out += el("fieldset").class("fieldset repetition").html(
            el("legend").class("repetition__title").text(&title)
                + fields
                + submit(GroupAction::Remove(i))
                    .html(Html::text(t.remove) + el("span").class("visually-hidden").text(&format!(" {title}"))),
        );
    }
    out += el("input")
        .attr("type", "hidden")
        .attr("name", &format!("{}-count", q.id))
        .attr("value", &reps.len().to_string())
        .void();
    if (reps.len() as i64) < q.max.unwrap_or(i64::MAX) {
        out += el("p").html(submit(GroupAction::Add).id(&q.id).text(&(t.add)(label)));
    }
    out
}

/// The whole screen of question `q`: its section of the form, then its field (or group).
#[allow(clippy::too_many_arguments)]
fn screen_html(
    page: &FormPage,
    q: &Question,
    answers: &Answers,
    applicant: &Applicant,
    errors: &[FieldError],
    lang: Lang,
    t: &DeclarationTexts,
) -> Html {
    let section = el("p").class("caption caption--section").text(page.title.get(lang))
        + el("input").attr("type", "hidden").attr("name", "_q").attr("value", &q.id).void();
    let body = match (q.kind, answers.get(&q.id)) {
        (FieldKind::Group, Some(Answer::Groups(reps))) => group_html(q, reps, errors, lang, t),
        (FieldKind::Group, _) => {
            let first = q.min.unwrap_or(0).max(q.required as i64) as usize;
            group_html(q, &vec![BTreeMap::new(); first], errors, lang, t)
        }
        (_, answer) => {
            let values = match answer {
                Some(Answer::One(v)) => vec![v.clone()],
                Some(Answer::Many(vs)) => vs.clone(),
                _ => form_flow::prefill(q, applicant).into_iter().collect(),
            };
            let error = errors.iter().find(|e| e.field == q.id).map(|e| e.message.get(lang).to_string());
            field_html(q, &q.id, &values, error.as_deref(), true, lang, t)
        }
    };
    section + body
}

#[component]
pub fn DeclarationPage() -> impl IntoView {
    let s = use_session();
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let procedure_id = s.detail.with_value(|d| d.summary.id.clone());
    let Some(definition) = s.form.get_value() else {
        // No form for this procedure (an old or mistyped link): its documents step instead.
        navigate(
            &step_link(&procedure_id, Step::Documents),
            crate::router::NavigateOptions { replace: true, ..Default::default() },
        );
        return ().into_any();
    };
    let definition = StoredValue::new(definition);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let back_to_review = move || query.with_untracked(|q| q.get("quay-lai").is_some());
    let part_only = move || query.with_untracked(|q| q.get("quay-lai").as_deref() == Some(GROUP));
    // The question on screen: the one the address names when it is asked, else the first.
    let current = Memo::new(move |_| {
        let named = query.with(|q| q.get("cau"));
        definition.with_value(|f| {
            s.draft.track();
            with_answers(s, |a| {
                let asked = form_flow::asked(f, a);
                named
                    .and_then(|id| asked.iter().find(|(_, q)| q.id == id).map(|(_, q)| q.id.clone()))
                    .or_else(|| asked.first().map(|(_, q)| q.id.clone()))
                    .unwrap_or_default()
            })
        })
    });
    Effect::new(move |_| {
        current.track();
        errors.set(Vec::new());
    });
    Effect::new(move |_| {
        let label = definition.with_value(|f| {
            form_flow::find(f, &current.get()).map(|(_, q)| q.label.get(i18n.lang()).to_string()).unwrap_or_default()
        });
        crate::dom::set_title(&format!("{label} – {}", i18n.t().service_name));
    });
    let html = move || {
        let (lang, t) = (i18n.lang(), i18n.declaration());
        let id = current.get();
        let errors = errors.get();
        definition.with_value(|f| {
            let Some((page, q)) = form_flow::find(f, &id) else { return Html::default() };
            let applicant = s.draft.with_untracked(|d| d.applicant.clone());
            with_answers(s, |a| screen_html(page, q, a, &applicant, &errors, lang, t))
        })
    };
    // Each change is kept at once (a reload, a language switch or a tap elsewhere loses nothing).
    let keep = move |action: Option<GroupAction>| -> Option<String> {
        let typed = typed(&form_ref.get_untracked()?);
        let id = current.get_untracked();
        if get(&typed, "_q") != id {
            return None;
        }
        let answer = definition.with_value(|f| form_flow::find(f, &id).map(|(_, q)| read_answer(q, &typed, action)))?;
        set_answer(s, id.clone(), answer);
        Some(id)
    };
    let on_change = move |_| {
        keep(None);
    };
    let on_submit = {
        let procedure_id = procedure_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let action = submitted::<GroupAction>(&ev);
            let Some(id) = keep(action) else { return };
            if action.is_some() {
                // A repetition added or removed: the same screen, drawn again.
                errors.set(Vec::new());
                return;
            }
            let problems = definition.with_value(|f| {
                with_answers(s, |a| form_flow::problems_of(f, a, &id, crate::i18n::now_in_vietnam().date()))
            });
            if !problems.is_empty() {
                errors.set(problems);
                f::focus_summary();
                return;
            }
            let back = back_to_review();
            // Past the last question with every answer passing, the declaration is done.
            let whole = definition.with_value(|f| {
                with_answers(s, |a| {
                    (form_flow::next(f, a, Some(&id)).is_none()
                        && validate(f, a, crate::i18n::now_in_vietnam().date()).is_empty())
                    .then(|| f.replaces_requirement.clone())
                })
            });
            if let Some(requirement) = whole {
                s.update(|d| d.declared = Some(requirement));
            }
            let to = definition.with_value(|f| {
                with_answers(s, |a| {
                    // Changing a part: its next question while there is one on the same page.
                    let page_of = |q: &str| form_flow::find(f, q).map(|(p, _)| p.id.as_str());
                    let in_part =
                        form_flow::next(f, a, Some(&id)).filter(|q| part_only() && page_of(&q.id) == page_of(&id));
                    if let Some(q) = in_part {
                        return part_link(&procedure_id, &q.id);
                    }
                    let next = if back { form_flow::first_unanswered(f, a) } else { form_flow::next(f, a, Some(&id)) };
                    match (next, back) {
                        (Some(q), _) => question_link(&procedure_id, &q.id, back),
                        (None, true) => step_link(&procedure_id, Step::Review),
                        (None, false) => step_link(&procedure_id, Step::Documents),
                    }
                })
            });
            navigate(&to, Default::default());
            // The next question is a new page: reading starts again from the top.
            request_animation_frame(|| {
                crate::dom::focus("main");
            });
        }
    };
    let summary = move || {
        let lang = i18n.lang();
        let items = definition.with_value(|f| {
            errors.with(|all| all.iter().map(|e| (target(f, &e.field), e.message.get(lang).to_string())).collect())
        });
        f::error_summary(i18n.apply().error_summary, items)
    };
    let back_href = move || {
        if back_to_review() {
            return step_link(&procedure_id, Step::Review);
        }
        definition.with_value(|f| {
            with_answers(s, |a| match form_flow::previous(f, a, &current.get()) {
                Some(q) => question_link(&procedure_id, &q.id, false),
                None => step_link(&procedure_id, Step::Documents),
            })
        })
    };
    view! {
        {caption(Stage::Documents)}
        {summary}
        <form class="declaration-form" novalidate node_ref=form_ref on:change=on_change on:submit=on_submit>
            {markup(html)}
            <button type="submit" class="button">{crate::i18n::apply::words(|t| t.continue_)}</button>
        </form>
        <p class="back"><a href=back_href>{crate::i18n::apply::words(|t| t.back)}</a></p>
    }
    .into_any()
}
