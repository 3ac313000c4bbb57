//! Small pieces of interface shared by the pages.

pub mod answer;
pub mod checklist;
pub mod file_row;
pub mod form;
pub mod html;
pub mod layout;
pub mod load_error;
pub mod markup;
pub mod notices;
pub mod office_card;
pub mod paper;
pub mod receipt;
pub mod section;
pub mod summary;
pub mod title;
