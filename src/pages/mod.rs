//! One module per route.

pub mod apply;
pub mod blank_form;
pub mod booking;
pub mod figures;
pub mod home;
pub mod not_found;
pub mod planner;
pub mod procedure;
pub mod track;
