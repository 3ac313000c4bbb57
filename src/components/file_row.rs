//! A file in an upload area: its name and size, where it stands, a warning on a photo that looks
//! hard to read, and what can be done with it. The application's documents step and the
//! supplement draw their rows with it.

use crate::components::html::{el, Action, Html};

/// What the buttons of a file row do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FileAction {
    /// Take it out of the application (also "Chụp lại" on a hard-to-read photo).
    Remove,
    /// Send again a file that stopped on the way.
    Retry,
    /// Keep a photo the check found hard to read.
    Keep,
}

impl Action for FileAction {
    fn name(&self) -> String {
        match self {
            FileAction::Remove => "remove",
            FileAction::Retry => "retry",
            FileAction::Keep => "keep",
        }
        .into()
    }
    fn parse(name: &str) -> Option<Self> {
        [FileAction::Remove, FileAction::Retry, FileAction::Keep].into_iter().find(|a| a.name() == name)
    }
}

/// The words of a row, in the interface's language (`name` is the citizen's file's).
pub struct FileRow<'a> {
    pub name: &'a str,
    pub status: &'a str,
    /// The warning on a photo and its two answers ("Chụp lại", "Vẫn dùng ảnh này").
    pub warning: Option<(&'a str, &'a str, &'a str)>,
    /// "Thử lại", for a file that stopped on the way and can be sent again.
    pub retry: Option<&'a str>,
    pub remove: &'a str,
}

/// The name and the size.
pub fn name_html(name: &str, size: &str) -> Html {
    el("p").class("file__name").html(Html::text(name) + el("span").class("file__size").text(size))
}

/// Where the file stands and what can be done with it; "Xóa" names the file for screen readers.
pub fn row_html(r: &FileRow) -> Html {
    let button = |class: &str, action: FileAction| el("button").attr("type", "button").class(class).action(&action);
    let warning = r.warning.map(|(text, retake, use_anyway)| {
        el("div").class("file__warning").html(
            el("p").class("warning-text").text(text)
                + button("button button--secondary", FileAction::Remove).text(retake)
                + Html::text(" ")
                + button("link-button", FileAction::Keep).text(use_anyway),
        )
    });
    let retry = r.retry.map(|retry| button("link-button", FileAction::Retry).text(retry));
    el("p").class("file__status").text(r.status)
        + Html::from(warning)
        + el("p").class("file__actions").html(
            Html::from(retry)
                + button("link-button", FileAction::Remove)
                    .html(Html::text(r.remove) + el("span").class("visually-hidden").text(&format!(" {}", r.name))),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::html::tests::{holds_only_as_text, HOSTILE};

    #[test]
    fn a_row_names_its_file_for_screen_readers_and_offers_only_what_can_be_done() {
        let row = FileRow { name: HOSTILE, status: "Đã tải lên", warning: None, retry: None, remove: "Xóa" };
        let html = row_html(&row);
        let h = html.as_str();
        assert!(holds_only_as_text(h), "{h}");
        assert!(h.contains(r#"<button type="button" class="link-button" data-action="remove">Xóa<span class="visually-hidden"> &lt;img"#), "{h}");
        assert!(!h.contains("retry") && !h.contains("keep") && !h.contains("file__warning"), "{h}");
        assert!(holds_only_as_text(name_html(HOSTILE, "2.0 MB").as_str()));

        let stopped =
            FileRow {
                retry: Some("Thử lại"), warning: Some(("Ảnh hơi mờ", "Chụp lại", "Vẫn dùng ảnh này")), ..row
            };
        let h = row_html(&stopped);
        let actions: Vec<FileAction> = h
            .as_str()
            .split("data-action=\"")
            .skip(1)
            .filter_map(|rest| FileAction::parse(rest.split('"').next()?))
            .collect();
        assert_eq!(actions, [FileAction::Remove, FileAction::Keep, FileAction::Retry, FileAction::Remove]);
        assert_eq!(FileAction::parse("delete"), None);
    }
}
