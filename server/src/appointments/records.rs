//! The `bookings` table: every SQL statement about it, for both engines ([`crate::store`]).
//!
//! A place is a (window, seat) pair; booking tries the window's seats in order with
//! `INSERT … ON CONFLICT DO NOTHING` against a unique index on booked places, so of many citizens
//! asking for the last place at once (on any instance) exactly one gets it: the database
//! decides, not the handler. A person holds at most one booked place per procedure (a unique
//! index too, checked first under the person's lock to say so plainly).

use crate::args;
use crate::store::{Sql, StoreError};

/// A booking asked for.
pub struct NewBooking {
    pub id: String,
    pub office_id: String,
    pub procedure_id: String,
    /// RFC 3339, Vietnam time (the window's start).
    pub start: String,
    /// Places in the window (the desk's counters).
    pub places: u32,
    pub full_name: String,
    pub citizen_id: String,
    pub phone: String,
    pub client: String,
    pub created_at: String,
}

/// Why a booking was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Every place of the window is taken.
    Full,
    /// This person already holds a booked place for this procedure (its id).
    AlreadyBooked(String),
}

/// Books a place of the window, in the caller's transaction: the seat taken, or why not.
pub fn book(c: &mut dyn Sql, b: &NewBooking) -> Result<Result<u32, Refused>, StoreError> {
    // A walk-in number names nobody: the one-per-person rule is for bookings.
    if !b.citizen_id.is_empty() {
        c.lock(&format!("booking-person:{}:{}", b.citizen_id, b.procedure_id))?;
        let held = c.query_opt(
            "SELECT id FROM bookings WHERE citizen_id = ?1 AND procedure_id = ?2 AND status = 'booked'",
            args![&b.citizen_id, &b.procedure_id],
        )?;
        if let Some(row) = held {
            return Ok(Err(Refused::AlreadyBooked(row.text(0)?)));
        }
    }
    for seat in 0..b.places {
        let inserted = c.execute(
            "INSERT INTO bookings (id, office_id, procedure_id, start, seat, full_name, citizen_id, phone, client,
                status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'booked', ?10) ON CONFLICT DO NOTHING",
            args![
                &b.id,
                &b.office_id,
                &b.procedure_id,
                &b.start,
                seat,
                &b.full_name,
                &b.citizen_id,
                &b.phone,
                &b.client,
                &b.created_at
            ],
        )?;
        if inserted == 1 {
            return Ok(Ok(seat));
        }
    }
    Ok(Err(Refused::Full))
}

/// Places booked in each window of an office from `from` (inclusive) to `until` (exclusive),
/// RFC 3339 moments: (window start, places booked).
pub fn booked(c: &mut dyn Sql, office_id: &str, from: &str, until: &str) -> Result<Vec<(String, u32)>, StoreError> {
    c.query(
        "SELECT start, COUNT(*) FROM bookings WHERE office_id = ?1 AND start >= ?2 AND start < ?3
         AND status = 'booked' GROUP BY start ORDER BY start",
        args![office_id, from, until],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)? as u32)))
    .collect()
}

/// A booked place as moving it needs it.
pub struct Held {
    pub office_id: String,
    pub procedure_id: String,
    pub full_name: String,
    pub citizen_id: String,
    pub phone: String,
    pub client: String,
}

pub fn held(c: &mut dyn Sql, id: &str) -> Result<Option<Held>, StoreError> {
    c.query_opt(
        "SELECT office_id, procedure_id, full_name, citizen_id, phone, client FROM bookings
         WHERE id = ?1 AND status = 'booked'",
        args![id],
    )?
    .map(|r| {
        Ok(Held {
            office_id: r.text(0)?,
            procedure_id: r.text(1)?,
            full_name: r.text(2)?,
            citizen_id: r.text(3)?,
            phone: r.text(4)?,
            client: r.text(5)?,
        })
    })
    .transpose()
}

/// Who holds a booked place: (citizen ID, phone), for the second factor.
pub fn holder(c: &mut dyn Sql, id: &str) -> Result<Option<(String, String)>, StoreError> {
    c.query_opt("SELECT citizen_id, phone FROM bookings WHERE id = ?1 AND status = 'booked'", args![id])?
        .map(|r| Ok((r.text(0)?, r.text(1)?)))
        .transpose()
}

/// A booking as its ticket shows it.
pub struct Shown {
    pub office_id: String,
    pub procedure_id: String,
    pub start: String,
    pub seat: u32,
    pub status: String,
    pub walk_in: bool,
    pub dossier_code: Option<String>,
}

/// The booking `id`, whatever its status.
pub fn shown(c: &mut dyn Sql, id: &str) -> Result<Option<Shown>, StoreError> {
    c.query_opt(
        "SELECT office_id, procedure_id, start, seat, status, citizen_id, dossier_code FROM bookings WHERE id = ?1",
        args![id],
    )?
    .map(|r| {
        Ok(Shown {
            office_id: r.text(0)?,
            procedure_id: r.text(1)?,
            start: r.text(2)?,
            seat: r.int(3)? as u32,
            status: r.text(4)?,
            walk_in: r.text(5)?.is_empty(),
            dossier_code: r.opt_text(6)?,
        })
    })
    .transpose()
}

/// Ties the dossier `code` to the booked place `id` of this person, office and procedure, in the
/// caller's transaction (the one filing the dossier); `false` if there is no such booked place.
pub fn attach_dossier(
    c: &mut dyn Sql,
    id: &str,
    citizen_id: &str,
    office_id: &str,
    procedure_id: &str,
    code: &str,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE bookings SET dossier_code = ?5 WHERE id = ?1 AND citizen_id = ?2 AND office_id = ?3
         AND procedure_id = ?4 AND status = 'booked' AND citizen_id <> '' AND dossier_code IS NULL",
        args![id, citizen_id, office_id, procedure_id, code],
    )? == 1)
}

/// Cancels a booked place; `false` if it was not booked (unknown, cancelled, used).
pub fn cancel(c: &mut dyn Sql, id: &str) -> Result<bool, StoreError> {
    Ok(c.execute("UPDATE bookings SET status = 'cancelled' WHERE id = ?1 AND status = 'booked'", args![id])? == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::engines;

    fn asked(i: u32, start: &str) -> NewBooking {
        NewBooking {
            id: format!("b{i:04}"),
            office_id: "thanh-ha".into(),
            procedure_id: "XA-HT-01".into(),
            start: start.into(),
            places: 3,
            full_name: format!("Người {i}"),
            citizen_id: format!("0301900{i:05}"),
            phone: "0912345678".into(),
            client: "test".into(),
            created_at: "2026-12-01T08:00:00+07:00".into(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fifty_citizens_ask_for_the_last_place_at_once_and_exactly_one_gets_it() {
        for (_, records, _) in engines().await {
            let start = "2026-12-04T15:00:00+07:00";
            for i in 0..2 {
                let b = asked(i, start);
                assert_eq!(records.tx(move |c| Ok(book(c, &b)?)).await.unwrap(), Ok(i));
            }
            let tasks: Vec<_> = (100..150)
                .map(|i| {
                    let records = records.clone();
                    tokio::spawn(async move {
                        let b = asked(i, start);
                        records.tx(move |c| Ok(book(c, &b)?)).await.unwrap()
                    })
                })
                .collect();
            let mut got = 0;
            for t in tasks {
                match t.await.unwrap() {
                    Ok(seat) => {
                        assert_eq!(seat, 2, "the last place");
                        got += 1;
                    }
                    Err(refused) => assert_eq!(refused, Refused::Full),
                }
            }
            assert_eq!(got, 1, "exactly one of 50 on {}", records.engine());
            let counts = records
                .read(|c| Ok(booked(c, "thanh-ha", "2026-12-04T00:00:00+07:00", "2026-12-05T00:00:00+07:00")?))
                .await
                .unwrap();
            assert_eq!(counts, vec![(start.to_string(), 3)]);
        }
    }

    #[tokio::test]
    async fn one_booked_place_per_person_and_procedure_until_it_is_cancelled() {
        for (_, records, _) in engines().await {
            let first = asked(7, "2026-12-04T09:00:00+07:00");
            assert_eq!(records.tx(move |c| Ok(book(c, &first)?)).await.unwrap(), Ok(0));
            let mut again = asked(7, "2026-12-07T09:00:00+07:00");
            again.id = "b-again".into();
            let a = NewBooking { ..again };
            let answer = records.tx(move |c| Ok(book(c, &a)?)).await.unwrap();
            assert_eq!(answer, Err(Refused::AlreadyBooked("b0007".into())));
            assert!(records.tx(|c| Ok(cancel(c, "b0007")?)).await.unwrap());
            assert!(!records.tx(|c| Ok(cancel(c, "b0007")?)).await.unwrap(), "cancelled once");
            let mut later = asked(7, "2026-12-07T09:00:00+07:00");
            later.id = "b-later".into();
            assert_eq!(records.tx(move |c| Ok(book(c, &later)?)).await.unwrap(), Ok(0), "free to book again");
        }
    }
}

/// A booking as the desk's day lists it.
pub struct Listed {
    pub id: String,
    pub start: String,
    pub seat: u32,
    pub procedure_id: String,
    pub full_name: String,
    pub status: String,
    pub dossier_code: Option<String>,
}

/// An office's bookings from `from` to `until` (RFC 3339), in the order of the day.
pub fn day(c: &mut dyn Sql, office_id: &str, from: &str, until: &str) -> Result<Vec<Listed>, StoreError> {
    c.query(
        "SELECT id, start, seat, procedure_id, full_name, status, dossier_code FROM bookings
         WHERE office_id = ?1 AND start >= ?2 AND start < ?3 AND status <> 'cancelled' ORDER BY start, seat",
        args![office_id, from, until],
    )?
    .iter()
    .map(|r| {
        Ok(Listed {
            id: r.text(0)?,
            start: r.text(1)?,
            seat: r.int(2)? as u32,
            procedure_id: r.text(3)?,
            full_name: r.text(4)?,
            status: r.text(5)?,
            dossier_code: r.opt_text(6)?,
        })
    })
    .collect()
}

/// At the desk: a booked place checked in (`checked_in`) or not come (`no_show`); `false` if it
/// was not booked.
pub fn mark(c: &mut dyn Sql, id: &str, status: &str) -> Result<bool, StoreError> {
    Ok(c.execute("UPDATE bookings SET status = ?2 WHERE id = ?1 AND status = 'booked'", args![id, status])? == 1)
}
