//! A titled block of lines and a bulleted list: the one view the checklist and the office card
//! share (each distinct view shape costs the wasm its own rendering code).

use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub heading: String,
    pub class: &'static str,
    pub lines: Vec<String>,
    pub list: Vec<String>,
    /// A link under the lines (into another bundle): `(href, text)`.
    pub link: Option<(String, &'static str)>,
}

pub fn section_view(s: Section) -> AnyView {
    let list = (!s.list.is_empty()).then(
        || view! { <ul class="checklist">{s.list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> },
    );
    view! {
        <h3>{s.heading}</h3>
        <div class=s.class>
            {s.lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            {list}
            {s.link.map(|(href, text)| view! { <p><a class="nav-link" href=href rel="external">{text}</a></p> })}
        </div>
    }
    .into_any()
}
