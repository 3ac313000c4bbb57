//! Appointments at a desk (#31): the places of each window ([`motcua_domain::slots`]) booked in
//! the `bookings` table ([`records`]), where the database decides who gets the last place.

pub mod records;
