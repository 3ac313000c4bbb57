//! Markup as a type. Many views are written as HTML rather than as Leptos views: one string per
//! sentence, list or form instead of one view per shape keeps the bundles within their budgets
//! (see docs/performance.md). [`Html`] is that markup, and it can only be made here: by escaping
//! text ([`Html::text`]) or by the element builder ([`el`]), whose tag and attribute names are
//! the program's own (`&'static str`) and whose values are always escaped. A page cannot write
//! markup of its own, and the one place that puts it in the page is `components::markup`.

use chrono::NaiveDateTime;
use motcua_domain::format::{date_long, date_time_long};
use motcua_domain::schedule::rfc3339;
use motcua_domain::Lang;

/// Markup safe to put in a page: escaped text and elements made by [`el`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// Text, escaped: whatever it holds is read, never run or parsed as markup.
    pub fn text(text: &str) -> Html {
        let mut h = Html(String::with_capacity(text.len()));
        h.push_text(text);
        h
    }

    /// Adds `text`, escaped.
    pub fn push_text(&mut self, text: &str) {
        escape_into(&mut self.0, text);
    }

    pub fn push(&mut self, more: Html) {
        self.0.push_str(&more.0);
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// `text` with the characters in `marks` (ranges of character positions, in order) in
    /// `<mark>`: the words a search matched.
    pub fn marked(text: &str, marks: &[(usize, usize)]) -> Html {
        let mut out = Html(String::with_capacity(text.len() + 16 * marks.len()));
        let mut buf = [0u8; 4];
        for (i, c) in text.chars().enumerate() {
            if marks.iter().any(|(a, _)| *a == i) {
                out.0.push_str("<mark>");
            }
            escape_into(&mut out.0, c.encode_utf8(&mut buf));
            if marks.iter().any(|(a, b)| *b == i + 1 && a < b) {
                out.0.push_str("</mark>");
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `parts` with `between` between each two.
    pub fn join(parts: impl IntoIterator<Item = Html>, between: &Html) -> Html {
        let mut out = Html::default();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(between.clone());
            }
            out.push(part);
        }
        out
    }
}

impl FromIterator<Html> for Html {
    fn from_iter<I: IntoIterator<Item = Html>>(iter: I) -> Html {
        let mut out = Html::default();
        out.extend(iter);
        out
    }
}

impl Extend<Html> for Html {
    fn extend<I: IntoIterator<Item = Html>>(&mut self, iter: I) {
        for h in iter {
            self.push(h);
        }
    }
}

impl std::ops::Add for Html {
    type Output = Html;
    fn add(mut self, more: Html) -> Html {
        self.push(more);
        self
    }
}

impl std::ops::AddAssign for Html {
    fn add_assign(&mut self, more: Html) {
        self.push(more);
    }
}

impl From<Option<Html>> for Html {
    fn from(h: Option<Html>) -> Html {
        h.unwrap_or_default()
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// What a button in a piece of markup does, said in its `data-action` (or a submit button's
/// `value`) and read back by the piece's click handler (`components::markup::clicked`): one
/// enum per piece, so a handler matches on what it knows rather than on strings.
pub trait Action: Sized {
    /// The name written in the markup (letters, digits and `-` only).
    fn name(&self) -> String;
    /// The action a name stands for; none for a name of something else.
    fn parse(name: &str) -> Option<Self>;
}

/// An element being written: `el("p").class("hint").text("…")`.
#[must_use]
pub struct El {
    tag: &'static str,
    open: String,
}

/// Starts an element (`tag`: the program's own, never data).
pub fn el(tag: &'static str) -> El {
    let mut open = String::with_capacity(24);
    open.push('<');
    open.push_str(tag);
    El { tag, open }
}

impl El {
    /// An attribute; its value is escaped.
    pub fn attr(mut self, name: &'static str, value: &str) -> El {
        self.open.push(' ');
        self.open.push_str(name);
        self.open.push_str("=\"");
        escape_into(&mut self.open, value);
        self.open.push('"');
        self
    }

    /// An attribute when there is a value.
    pub fn attr_opt(self, name: &'static str, value: Option<&str>) -> El {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    pub fn class(self, class: &str) -> El {
        self.attr("class", class)
    }

    pub fn id(self, id: &str) -> El {
        self.attr("id", id)
    }

    /// A boolean attribute (`checked`, `selected`), present when `on`.
    pub fn flag(mut self, name: &'static str, on: bool) -> El {
        if on {
            self.open.push(' ');
            self.open.push_str(name);
        }
        self
    }

    /// A link's target: an address of this site, a fragment or a web address. Anything else
    /// (`javascript:`, `data:`) leads nowhere.
    pub fn href(self, url: &str) -> El {
        let lower = url.trim_start().to_ascii_lowercase();
        let safe = (lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\"))
            || lower.starts_with('#')
            || lower.starts_with('?')
            || lower.starts_with("https://")
            || lower.starts_with("http://");
        self.attr("href", if safe { url } else { "#" })
    }

    /// `data-action`: what this button does (see [`Action`]).
    pub fn action(self, action: &impl Action) -> El {
        self.attr("data-action", &action.name())
    }

    /// The element with `text` in it, escaped.
    pub fn text(self, text: &str) -> Html {
        self.html(Html::text(text))
    }

    /// The element around `inner`.
    pub fn html(self, inner: Html) -> Html {
        let El { tag, mut open } = self;
        open.reserve(inner.0.len() + tag.len() + 4);
        open.push('>');
        open.push_str(&inner.0);
        open.push_str("</");
        open.push_str(tag);
        open.push('>');
        Html(open)
    }

    /// The element with nothing in it.
    pub fn empty(self) -> Html {
        self.html(Html::default())
    }

    /// A void element (`input`, `br`): no content, no end tag.
    pub fn void(self) -> Html {
        let mut open = self.open;
        open.push('>');
        Html(open)
    }
}

/// Stands in a sentence where a `<time>` element goes (see [`sentence_html`]).
pub const SLOT: &str = "\u{1}";

/// Moments to write as `<time datetime="…+07:00">`, one per `SLOT` in order; `true`: the day
/// alone is said.
pub type Moments = Vec<(NaiveDateTime, bool)>;

/// A sentence, each [`SLOT`] replaced by the next moment as `<time datetime="…+07:00">`; every
/// other character escaped.
pub fn sentence_html(text: &str, moments: &[(NaiveDateTime, bool)], lang: Lang) -> Html {
    let mut moments = moments.iter();
    let mut out = Html::default();
    for (i, part) in text.split(SLOT).enumerate() {
        if i > 0 {
            if let Some((m, day_only)) = moments.next() {
                let said = if *day_only { date_long(m.date(), lang) } else { date_time_long(*m, lang) };
                out += el("time").attr("datetime", &rfc3339(*m)).text(&said);
            }
        }
        out.push_text(part);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Text a hostile back end or citizen could send: markup, quotes that would close an
    /// attribute, the end of a script, and a right-to-left override.
    pub const HOSTILE: &str = "<img src=x onerror=alert(1)>\"'></p></script><script>alert(2)</script>\u{202e}";

    /// True when `html` holds `HOSTILE` only as escaped text.
    pub fn holds_only_as_text(html: &str) -> bool {
        html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;/p&gt;&lt;/script&gt;")
            && !html.contains("<img")
            && !html.contains("<script")
            && !html.contains("onerror=alert(1)>")
    }

    #[test]
    fn text_is_escaped_wherever_it_goes() {
        let h = el("p").class(HOSTILE).id(HOSTILE).attr("data-testid", HOSTILE).text(HOSTILE);
        assert!(holds_only_as_text(h.as_str()), "{}", h.as_str());
        assert_eq!(h.as_str().matches('"').count(), 6, "each attribute keeps its own quotes: {}", h.as_str());
        assert!(h.as_str().contains('\u{202e}'), "the override is kept as text, inside the element");
        assert_eq!(Html::text("a & b").as_str(), "a &amp; b");
    }

    #[test]
    fn elements_nest_and_close() {
        let h = el("ul").class("list").html([el("li").text("một"), el("li").text("hai")].into_iter().collect());
        assert_eq!(h.as_str(), r#"<ul class="list"><li>một</li><li>hai</li></ul>"#);
        let input = el("input").attr("type", "radio").flag("checked", true).flag("disabled", false).void();
        assert_eq!(input.as_str(), r#"<input type="radio" checked>"#);
        assert_eq!(Html::join([Html::text("a"), Html::text("b")], &el("br").void()).as_str(), "a<br>b");
    }

    #[test]
    fn search_marks_wrap_their_words_and_the_rest_is_text() {
        assert_eq!(
            Html::marked("Đăng ký <khai> sinh", &[(0, 4), (15, 19)]).as_str(),
            "<mark>Đăng</mark> ký &lt;khai&gt; <mark>sinh</mark>"
        );
        assert_eq!(Html::marked("a<b", &[]).as_str(), "a&lt;b");
    }

    #[test]
    fn links_lead_only_to_web_addresses() {
        for bad in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example/x", "/\\evil"] {
            assert_eq!(el("a").href(bad).text("x").as_str(), r##"<a href="#">x</a>"##, "{bad}");
        }
        for good in ["/thu-tuc/1", "#q", "https://dichvucong.gov.vn/", "?cau=1"] {
            assert!(el("a").href(good).text("x").as_str().contains(good), "{good}");
        }
    }

    #[test]
    fn sentences_mark_their_moments_and_escape_the_rest() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let html = sentence_html(
            &format!("Đến {SLOT} <b>&</b> trước {SLOT}."),
            &[(friday.and_hms_opt(15, 30, 0).unwrap(), true), (friday.and_hms_opt(16, 30, 0).unwrap(), false)],
            Lang::Vi,
        );
        assert_eq!(
            html.as_str(),
            format!(
                "Đến <time datetime=\"2026-11-27T15:30:00+07:00\">{}</time> &lt;b&gt;&amp;&lt;/b&gt; trước \
                 <time datetime=\"2026-11-27T16:30:00+07:00\">{}</time>.",
                date_long(friday, Lang::Vi),
                date_time_long(friday.and_hms_opt(16, 30, 0).unwrap(), Lang::Vi)
            )
        );
        // A slot without a moment is dropped; a quote cannot leave an attribute.
        assert_eq!(sentence_html(&format!("a{SLOT}b\"'"), &[], Lang::En).as_str(), "ab&quot;&#39;");
    }
}
