//! govuk-frontend's summary list: what was said, the answer, and a way to change it. The
//! check-answers page and the receipt both draw theirs with it.

use crate::components::html::{el, Html};

/// One row of a summary list.
pub struct Row<'a> {
    pub label: &'a str,
    pub value: Html,
    /// The answer's `data-testid`, for tests.
    pub testid: Option<&'a str>,
    pub change: Option<Change<'a>>,
}

/// The "Sửa" link of a row: where it leads, what it says (the row's label follows it for
/// screen readers), and an id the error summary can lead to.
pub struct Change<'a> {
    pub href: &'a str,
    pub text: &'a str,
    pub id: Option<&'a str>,
}

impl<'a> Row<'a> {
    pub fn new(label: &'a str, value: Html) -> Row<'a> {
        Row { label, value, testid: None, change: None }
    }

    pub fn html(self) -> Html {
        let mut row = el("dt").text(self.label) + el("dd").attr_opt("data-testid", self.testid).html(self.value);
        if let Some(c) = self.change {
            let link = el("a")
                .attr_opt("id", c.id)
                .href(c.href)
                .html(Html::text(c.text) + el("span").class("visually-hidden").text(&format!(" {}", self.label)));
            row += el("dd").class("summary-list__action").html(link);
        }
        el("div").class("summary-list__row").html(row)
    }
}

/// The list around its rows (each from [`Row::html`]).
pub fn list(rows: Html) -> Html {
    el("dl").class("summary-list").html(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};

    #[test]
    fn a_row_says_what_its_change_link_changes_and_escapes_everything() {
        let row = Row {
            label: HOSTILE,
            value: Html::text(HOSTILE),
            testid: Some("office"),
            change: Some(Change { href: "/nop-ho-so/1?quay-lai=1", text: "Sửa", id: Some("doc-x") }),
        }
        .html();
        let html = row.as_str();
        assert!(holds_only_as_text(html), "{html}");
        assert_eq!(html.matches("&lt;img").count(), 3, "label, answer and the hidden label: {html}");
        assert!(html.contains(r#"<dd data-testid="office">"#));
        assert!(html.contains(r#"<a id="doc-x" href="/nop-ho-so/1?quay-lai=1">Sửa<span class="visually-hidden"> "#));
        let plain = Row::new("Họ tên", Html::text("An")).html();
        assert_eq!(plain.as_str(), r#"<div class="summary-list__row"><dt>Họ tên</dt><dd>An</dd></div>"#);
    }
}
