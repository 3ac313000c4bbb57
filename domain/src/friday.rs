//! Will a visit get same-day results? The "No-waiting Friday" answer, and the legal result date
//! for every other case. Pure: the caller passes the office, the calendar and the arrival time
//! (Vietnam local time).

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::calendar::{Calendar, DayOff};
use crate::catalogue::ProcessingTime;
use crate::office::Office;
use crate::schedule::{Closed, Schedule};

/// Same-day procedures received after this hour move to the next working day (Circular
/// 01/2020/TT-BTP and the civil-status procedures' texts).
pub const LEGAL_SAME_DAY_CUTOFF: NaiveTime = match NaiveTime::from_hms_opt(15, 0, 0) {
    Some(t) => t,
    None => panic!("valid time"),
};

/// Why the legal time limit applies instead of the Friday promise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegalReason {
    NotFriday,
    NotInProgramme,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Received by the cut-off on a Friday: result by the office's closing time that day.
    SameDay { received: NaiveDateTime, result_by: NaiveDateTime },
    /// Received on a Friday after the cut-off: result before `result_by` on the next working day.
    NextWorkingDay { received: NaiveDateTime, result_by: NaiveDateTime },
    /// The legal time limit applies; `result_by` is `None` when the law found does not state it.
    /// `better_friday`: a coming working Friday on which the programme would give the result the
    /// same day, sooner than `result_by` (never a suggestion to come back for a later result).
    Legal {
        received: NaiveDateTime,
        reason: LegalReason,
        result_by: Option<NaiveDateTime>,
        better_friday: Option<NaiveDate>,
    },
    /// Closed at that moment: when it opens next, and what the answer is then. `friday_missed`:
    /// the moment was a Friday of the programme for this procedure, so the plain answer to "the
    /// same day?" is no.
    DeskClosed { closed: Closed, opens_at: NaiveDateTime, then: Box<Outcome>, friday_missed: bool },
    /// Required documents are missing: no promise until they are there.
    Incomplete { missing: Vec<String> },
    /// This office does not receive the procedure.
    NotReceivedHere,
    /// The office's data has no opening in the months ahead (broken configuration).
    NoOpeningFound,
    /// The moment `asked` about is over; `instead`: a moment on the next Friday the office
    /// gives same-day results (nine in the morning, or in a minute if that is today and later).
    Past { asked: NaiveDateTime, instead: NaiveDateTime },
}

impl Outcome {
    /// When the result is due, if the answer gives one.
    pub fn result_by(&self) -> Option<NaiveDateTime> {
        match self {
            Outcome::SameDay { result_by, .. } | Outcome::NextWorkingDay { result_by, .. } => Some(*result_by),
            Outcome::Legal { result_by, .. } => *result_by,
            Outcome::DeskClosed { then, .. } => then.result_by(),
            _ => None,
        }
    }
}

/// Something the citizen should know about how sure the answer is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The answer reaches past the published official calendar.
    BeyondPublishedCalendar,
    /// A day off in the period is announced but not decided; it was counted as off.
    UnconfirmedDayOff(DayOff),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    pub outcome: Outcome,
    pub warnings: Vec<Warning>,
}

pub struct Visit<'a> {
    pub office: &'a Office,
    pub calendar: &'a Calendar,
    pub procedure_id: &'a str,
    pub processing: ProcessingTime,
    /// Names of required documents not yet in hand; empty means complete (or assumed so).
    pub missing: &'a [String],
    /// Vietnam local time.
    pub arrival: NaiveDateTime,
}

/// The answer for a visit.
pub fn outcome(v: &Visit<'_>) -> Advice {
    let schedule = Schedule::new(v.calendar, v.office);
    let outcome = if !v.office.receives(v.procedure_id) {
        Outcome::NotReceivedHere
    } else if !v.missing.is_empty() {
        Outcome::Incomplete { missing: v.missing.to_vec() }
    } else {
        match schedule.closed_reason(v.arrival) {
            None => when_open(v, &schedule, v.arrival),
            Some(closed) => match schedule.next_opening(v.arrival) {
                Some(opens_at) => Outcome::DeskClosed {
                    closed,
                    opens_at,
                    then: Box::new(when_open(v, &schedule, opens_at)),
                    friday_missed: v.arrival.date().weekday() == Weekday::Fri
                        && v.office.friday_programme.covers(v.procedure_id),
                },
                None => Outcome::NoOpeningFound,
            },
        }
    };
    let mut warnings = Vec::new();
    let until = outcome.result_by().map(|t| t.date()).unwrap_or(v.arrival.date());
    let (unconfirmed, beyond) = schedule.uncertain_days(v.arrival.date(), until);
    if beyond {
        warnings.push(Warning::BeyondPublishedCalendar);
    }
    warnings.extend(unconfirmed.into_iter().map(Warning::UnconfirmedDayOff));
    Advice { outcome, warnings }
}

/// The answer for a visit asked at `now`: a moment already gone (a minute's grace) is not
/// answered as if it were ahead; the next useful Friday is offered instead.
pub fn outcome_at(v: &Visit<'_>, now: NaiveDateTime) -> Advice {
    if v.arrival + chrono::Duration::minutes(1) >= now {
        return outcome(v);
    }
    let schedule = Schedule::new(v.calendar, v.office);
    let friday =
        next_programme_friday(&schedule, now).unwrap_or_else(|| next_friday(now, v.office.friday_programme.cutoff));
    let nine = friday.and_hms_opt(9, 0, 0).expect("a valid time");
    Advice {
        outcome: Outcome::Past { asked: v.arrival, instead: nine.max(now + chrono::Duration::minutes(1)) },
        warnings: Vec::new(),
    }
}

/// The answer for a dossier received at `received`, a moment the desk is open.
fn when_open(v: &Visit<'_>, schedule: &Schedule<'_>, received: NaiveDateTime) -> Outcome {
    let programme = &v.office.friday_programme;
    let friday = received.date().weekday() == Weekday::Fri;
    if friday && programme.covers(v.procedure_id) {
        let date = received.date();
        if received.time() <= programme.cutoff {
            if let Some(close) = schedule.closing_time(date) {
                return Outcome::SameDay { received, result_by: date.and_time(close) };
            }
        } else if let Some(next) = schedule.next_working_day(date) {
            return Outcome::NextWorkingDay { received, result_by: next.and_time(programme.next_day_by) };
        }
    }
    let result_by = legal_result(schedule, v.processing, received);
    let (reason, better_friday) = if programme.covers(v.procedure_id) {
        // That Friday's result (by its closing time) must come before the legal one.
        let sooner = |f: &NaiveDate| {
            let friday_result = schedule.closing_time(*f).map(|c| f.and_time(c));
            result_by.is_none_or(|due| friday_result.is_some_and(|r| r < due))
        };
        (LegalReason::NotFriday, next_programme_friday(schedule, received).filter(sooner))
    } else {
        (LegalReason::NotInProgramme, None)
    };
    Outcome::Legal { received, reason, result_by, better_friday }
}

/// The legal result date of a dossier received at `received` (the desk open): N working days
/// after receipt, by closing time; same-day procedures received after 15:00 move to the next
/// working day.
pub fn legal_result(
    schedule: &Schedule<'_>,
    processing: ProcessingTime,
    received: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let date = received.date();
    let due = match processing {
        ProcessingTime::SameDay if received.time() <= LEGAL_SAME_DAY_CUTOFF => date,
        ProcessingTime::SameDay => schedule.next_working_day(date)?,
        ProcessingTime::WorkingDays { days } => schedule.add_working_days(date, days)?,
        ProcessingTime::Unknown => return None,
    };
    Some(due.and_time(schedule.closing_time(due)?))
}

/// Reads an arrival from a link: `2026-11-27T15:45` (seconds optional), Vietnam local time.
pub fn parse_arrival(s: &str) -> Option<NaiveDateTime> {
    crate::wire::parse_date_time(s)
}

/// What is wrong with a visit typed into separate fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhenError {
    /// Day, month or year left empty.
    Incomplete,
    /// Not a day of the calendar (30/02, a two-digit year, letters).
    NotADate,
    /// Hour outside 0–23 or minute outside 0–59, or a minute without an hour.
    NotATime,
}

/// Reads a visit typed as day, month and year, and hour and minute in 24-hour form (GOV.UK's
/// date input: separate numeric fields, whatever the browser's locale). No time means 09:00; an
/// hour alone means on the hour.
pub fn arrival_from_parts(parts: [&str; 5]) -> Result<NaiveDateTime, WhenError> {
    let [day, month, year, hour, minute] = parts.map(str::trim);
    if day.is_empty() || month.is_empty() || year.is_empty() {
        return Err(WhenError::Incomplete);
    }
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let date = match (number(day), number(month), number(year)) {
        (Some(d), Some(m), Some(y)) if year.len() == 4 => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
    .ok_or(WhenError::NotADate)?;
    let time = match (hour, minute) {
        ("", "") => NaiveTime::from_hms_opt(9, 0, 0),
        ("", _) => None,
        (h, "") => number(h).and_then(|h| NaiveTime::from_hms_opt(h, 0, 0)),
        (h, m) => number(h).zip(number(m)).and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
    }
    .ok_or(WhenError::NotATime)?;
    Ok(date.and_time(time))
}

/// The Friday a planner answers for by default: today if it is Friday and the cut-off has not
/// passed, else the coming Friday.
pub fn next_friday(now: NaiveDateTime, cutoff: NaiveTime) -> NaiveDate {
    let today = now.date();
    let ahead = (Weekday::Fri.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    match ahead {
        0 if now.time() <= cutoff => today,
        0 => today + chrono::Duration::days(7),
        n => today + chrono::Duration::days(n as i64),
    }
}

/// The first Friday at or after `from` (before the cut-off if the same day) on which the desk
/// works: the day to suggest instead.
pub fn next_programme_friday(schedule: &Schedule<'_>, from: NaiveDateTime) -> Option<NaiveDate> {
    let programme = &schedule.office.friday_programme;
    let mut friday = next_friday(from, programme.cutoff);
    for _ in 0..26 {
        if schedule.is_working_day(friday) && schedule.closing_time(friday).is_some() {
            return Some(friday);
        }
        friday += chrono::Duration::days(7);
    }
    None
}

/// The legal result for an arrival at any moment: received when the desk next opens.
pub fn legal_result_for_arrival(
    schedule: &Schedule<'_>,
    processing: ProcessingTime,
    arrival: NaiveDateTime,
) -> Option<NaiveDateTime> {
    legal_result(schedule, processing, schedule.next_opening(arrival)?)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_visit_typed_in_separate_fields() {
        let at = |d: u32, h: u32, m: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, m, 0).unwrap();
        assert_eq!(arrival_from_parts(["27", "11", "2026", "15", "45"]), Ok(at(27, 15, 45)));
        assert_eq!(arrival_from_parts([" 7 ", "11", "2026", "08", "05"]), Ok(at(7, 8, 5)));
        assert_eq!(arrival_from_parts(["27", "11", "2026", "", ""]), Ok(at(27, 9, 0)));
        assert_eq!(arrival_from_parts(["27", "11", "2026", "14", ""]), Ok(at(27, 14, 0)));
        assert_eq!(arrival_from_parts(["", "11", "2026", "10", "00"]), Err(WhenError::Incomplete));
        assert_eq!(arrival_from_parts(["27", "11", "", "", ""]), Err(WhenError::Incomplete));
        for wrong in [
            ["30", "02", "2026"],
            ["31", "11", "2026"],
            ["27", "13", "2026"],
            ["27", "11", "26"],
            ["2x", "11", "2026"],
            ["-1", "11", "2026"],
        ] {
            let [d, m, y] = wrong;
            assert_eq!(arrival_from_parts([d, m, y, "10", "00"]), Err(WhenError::NotADate), "{wrong:?}");
        }
        assert_eq!(
            arrival_from_parts(["29", "02", "2028", "", ""]),
            Ok(NaiveDate::from_ymd_opt(2028, 2, 29).unwrap().and_hms_opt(9, 0, 0).unwrap())
        );
        for (h, m) in [("24", "00"), ("10", "60"), ("", "30"), ("3pm", ""), ("10", "3 0")] {
            assert_eq!(arrival_from_parts(["27", "11", "2026", h, m]), Err(WhenError::NotATime), "{h}:{m}");
        }
    }
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        parse_arrival(s).unwrap()
    }

    #[test]
    fn arrivals_parse_from_links() {
        assert_eq!(at("2026-11-27T15:45:30"), at("2026-11-27T15:45") + chrono::Duration::seconds(30));
        assert_eq!(parse_arrival("2026-11-27"), None);
        assert_eq!(parse_arrival("27/11/2026 15:45"), None);
        assert_eq!(parse_arrival("2026-02-30T10:00"), None);
    }

    #[test]
    fn the_default_friday_is_the_next_one_still_reachable() {
        let cutoff = NaiveTime::from_hms_opt(15, 30, 0).unwrap();
        let fri = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(next_friday(at("2026-11-26T20:00"), cutoff), fri);
        assert_eq!(next_friday(at("2026-11-27T15:00"), cutoff), fri);
        assert_eq!(next_friday(at("2026-11-27T16:00"), cutoff), fri + chrono::Duration::days(7));
        assert_eq!(next_friday(at("2026-11-28T08:00"), cutoff), fri + chrono::Duration::days(7));
        assert_eq!(next_friday(at("2026-11-23T08:00"), cutoff), fri);
    }
}
