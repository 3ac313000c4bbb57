//! Strings of the declaration form on screen and on paper (the application bundle only). The
//! questions themselves come with the form, in both languages.

use super::{declaration_en::DECLARATION_EN, declaration_vi::DECLARATION_VI};

bundle_texts!(DeclarationTexts, DECLARATION_VI, DECLARATION_EN, declaration);

pub struct DeclarationTexts {
    /// Day, month, year, hour, minute.
    pub parts: [&'static str; 5],
    /// The empty first line of a select.
    pub choose: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// Beside the question of an optional field.
    pub optional: &'static str,
    /// "Child 2": a group's repetition, from 1.
    pub repetition: fn(&str, usize) -> String,
    pub add: fn(&str) -> String,
    pub remove: &'static str,
    pub none_added: &'static str,
    /// On the documents step, beside the paper form's upload.
    pub filled_online: &'static str,
    pub fill_online: &'static str,
    pub fill_online_lead: &'static str,
    pub change_form: &'static str,
    pub not_answered: &'static str,
    pub see_printable: &'static str,
    pub printable_title: &'static str,
    pub printable_lead: &'static str,
    pub print: &'static str,
    pub back_to_review: &'static str,
    pub load_error: &'static str,
}
