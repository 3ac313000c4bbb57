//! The documents to bring: those to hand in, and those only shown.

use leptos::prelude::*;
use motcua_domain::catalogue::{ProcedureDocuments, RequirementKind};
use motcua_domain::Lang;

use crate::components::section::{section_view, Section};
use crate::i18n::{planner::PlannerTexts, use_i18n};

fn documents(detail: &ProcedureDocuments, kind: RequirementKind, t: &PlannerTexts, lang: Lang) -> Vec<String> {
    detail
        .required()
        .filter(|r| r.kind == kind)
        .map(|r| match (t.copies)(r.copies) {
            c if c.is_empty() => r.name.get(lang).to_string(),
            c => format!("{} ({c})", r.name.get(lang)),
        })
        .collect()
}

#[component]
pub fn Checklist(detail: ProcedureDocuments) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (t, lang) = (i18n.planner(), i18n.lang());
        [(RequirementKind::Submit, t.bring), (RequirementKind::Show, t.bring_show)]
            .into_iter()
            .map(|(kind, heading)| Section {
                heading: heading.into(),
                class: "",
                lines: Vec::new(),
                list: documents(&detail, kind, t, lang),
                link: None,
            })
            .filter(|s| !s.list.is_empty())
            .map(section_view)
            .collect_view()
    }
}
