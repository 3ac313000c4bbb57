//! HTML written as escaped strings: one string per sentence or form instead of one view per
//! shape keeps the planner and procedure bundles within their budgets (see the README).

use chrono::NaiveDateTime;
use motcua_domain::format::{date_long, date_time_long};
use motcua_domain::schedule::rfc3339;
use motcua_domain::Lang;

/// Stands in a sentence where a `<time>` element goes (see [`sentence_html`]).
pub const SLOT: &str = "\u{1}";

/// Moments to write as `<time datetime="…+07:00">`, one per `SLOT` in order; `true`: the day
/// alone is said.
pub type Moments = Vec<(NaiveDateTime, bool)>;

/// Text made safe to place in HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

/// A sentence as HTML, each [`SLOT`] replaced by the next moment as `<time datetime="…+07:00">`;
/// every other character escaped.
pub fn sentence_html(text: &str, moments: &[(NaiveDateTime, bool)], lang: Lang) -> String {
    let mut moments = moments.iter();
    let mut out = String::new();
    for (i, part) in text.split(SLOT).enumerate() {
        if i > 0 {
            if let Some((m, day_only)) = moments.next() {
                let said = if *day_only { date_long(m.date(), lang) } else { date_time_long(*m, lang) };
                out.push_str(&format!("<time datetime=\"{}\">{}</time>", rfc3339(*m), escape_html(&said)));
            }
        }
        out.push_str(&escape_html(part));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn sentences_mark_their_moments_and_escape_the_rest() {
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let html = sentence_html(
            &format!("Đến {SLOT} <b>&</b> trước {SLOT}."),
            &[(friday.and_hms_opt(15, 30, 0).unwrap(), true), (friday.and_hms_opt(16, 30, 0).unwrap(), false)],
            Lang::Vi,
        );
        assert_eq!(
            html,
            format!(
                "Đến <time datetime=\"2026-11-27T15:30:00+07:00\">{}</time> &lt;b&gt;&amp;&lt;/b&gt; trước \
                 <time datetime=\"2026-11-27T16:30:00+07:00\">{}</time>.",
                date_long(friday, Lang::Vi),
                date_time_long(friday.and_hms_opt(16, 30, 0).unwrap(), Lang::Vi)
            )
        );
        // A slot without a moment is dropped; a quote cannot leave an attribute.
        assert_eq!(sentence_html(&format!("a{SLOT}b\"'"), &[], Lang::En), "ab&quot;&#39;");
    }
}
