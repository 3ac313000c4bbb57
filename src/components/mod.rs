//! Small pieces of interface shared by the pages.

pub mod layout;
pub mod load_error;
pub mod title;
