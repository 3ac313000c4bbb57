//! Two notices of the application: the offer to go on with a draft found on this device, and the
//! warning that the server will soon let go of the draft's files.

use crate::components::html::{el, Action, Html};

/// The resume offer's buttons.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OfferAction {
    /// Go on with the draft found.
    Resume,
    /// Not mine: delete it and start afresh.
    NotMe,
}

impl Action for OfferAction {
    fn name(&self) -> String {
        match self {
            OfferAction::Resume => "resume",
            OfferAction::NotMe => "not-me",
        }
        .into()
    }
    fn parse(name: &str) -> Option<Self> {
        [OfferAction::Resume, OfferAction::NotMe].into_iter().find(|a| a.name() == name)
    }
}

/// The words of the resume offer: the procedure, the title, whose draft it is (masked) and
/// when it was saved, a hint, and the two answers.
pub struct ResumeOffer<'a> {
    pub procedure: &'a str,
    pub title: &'a str,
    pub whose: &'a str,
    pub hint: &'a str,
    pub resume: &'a str,
    pub not_me: &'a str,
}

pub fn resume_offer_html(o: &ResumeOffer) -> Html {
    let button = |class: &str, action: OfferAction, text: &str| {
        el("button").attr("type", "button").class(class).action(&action).text(text)
    };
    el("p").class("caption").text(o.procedure)
        + el("h1").text(o.title)
        + el("p").class("lead").attr("data-testid", "resume-offer").text(o.whose)
        + el("p").text(o.hint)
        + el("div").class("actions actions--stacked").html(
            button("button", OfferAction::Resume, o.resume)
                + button("button button--secondary", OfferAction::NotMe, o.not_me),
        )
}

/// The expiry notice's one button: keep the files another full period.
pub struct KeepFiles;

impl Action for KeepFiles {
    fn name(&self) -> String {
        "keep-files".into()
    }
    fn parse(name: &str) -> Option<Self> {
        (name == "keep-files").then_some(KeepFiles)
    }
}

/// The warning that the files will soon be let go of, with its button (an alert, read out).
pub fn expiry_warning_html(line: &str, keep: &str) -> Html {
    el("div").class("notice notice--warning").attr("role", "alert").attr("data-testid", "expiry-warning").html(
        el("p").class("warning-text").text(line)
            + el("button").attr("type", "button").class("button button--secondary").action(&KeepFiles).text(keep),
    )
}

/// Until when they are kept now (a status, read out politely).
pub fn expiry_kept_html(line: &str) -> Html {
    el("p").class("notice").attr("role", "status").attr("data-testid", "expiry-kept").text(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};

    #[test]
    fn the_offer_shows_its_words_as_text_and_its_buttons_say_what_they_do() {
        let o = ResumeOffer {
            procedure: HOSTILE,
            title: "Tiếp tục?",
            whose: HOSTILE,
            hint: "",
            resume: "Tiếp tục",
            not_me: "Không phải tôi",
        };
        let html = resume_offer_html(&o);
        let h = html.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert!(h.contains(r#"<button type="button" class="button" data-action="resume">Tiếp tục</button>"#), "{h}");
        assert!(h.contains(r#"data-action="not-me">Không phải tôi</button>"#), "{h}");
        assert_eq!(OfferAction::parse("not-me"), Some(OfferAction::NotMe));
    }

    #[test]
    fn the_warning_is_an_alert_with_its_button_and_the_answer_a_status() {
        let w = expiry_warning_html(HOSTILE, "Giữ tệp thêm");
        assert!(holds_only_as_text(w.as_str()), "{}", w.as_str());
        assert!(w.as_str().contains(r#"role="alert""#) && w.as_str().contains(r#"data-action="keep-files""#));
        let k = expiry_kept_html(HOSTILE);
        assert!(holds_only_as_text(k.as_str()) && k.as_str().contains(r#"role="status""#), "{}", k.as_str());
        assert!(KeepFiles::parse("keep").is_none() && KeepFiles::parse("keep-files").is_some());
    }
}
