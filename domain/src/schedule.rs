//! Working days and opening hours of one office: the calendar of the public sector plus the
//! office's own hours. All times are Vietnam local time (UTC+07:00, no daylight saving).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday};

use crate::calendar::{Calendar, Certainty, DayOff};
use crate::office::{Office, Session};

/// Vietnam's offset: every date and time the engine sees is local to it.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("valid offset")
}

/// The Vietnam wall-clock time of an instant, whatever the device's own time zone.
pub fn vietnam_time(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&vietnam()).naive_local()
}

/// RFC 3339 with the Vietnam offset, for `<time datetime>` and APIs.
pub fn rfc3339(local: NaiveDateTime) -> String {
    format!("{}:{:02}+07:00", crate::wire::date_time_str(local), local.second())
}

/// Searching further than this for an open day means the data is broken (e.g. no hours at all).
const SEARCH_LIMIT_DAYS: i64 = 120;

/// Why the desk is closed at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Closed {
    DayOff(DayOff),
    Weekend,
    BeforeOpening,
    LunchBreak,
    AfterClosing,
}

pub struct Schedule<'a> {
    pub calendar: &'a Calendar,
    pub office: &'a Office,
}

impl<'a> Schedule<'a> {
    pub fn new(calendar: &'a Calendar, office: &'a Office) -> Self {
        Schedule { calendar, office }
    }

    /// A day the desk works: a public-sector working day, or a Saturday with the office's own
    /// session (unless that Saturday is a day off).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.calendar.is_working_day(date)
            || (date.weekday() == Weekday::Sat
                && self.office.saturday.is_some()
                && self.calendar.day_off(date).is_none())
    }

    /// Opening sessions of a day, in order; empty when the desk does not work that day.
    pub fn sessions(&self, date: NaiveDate) -> Vec<Session> {
        if !self.is_working_day(date) {
            return Vec::new();
        }
        let ordinary_saturday = date.weekday() == Weekday::Sat && !self.calendar.is_make_up_day(date);
        if ordinary_saturday {
            return self.office.saturday.into_iter().collect();
        }
        self.office.season(date).map(|s| s.sessions().to_vec()).unwrap_or_default()
    }

    pub fn closing_time(&self, date: NaiveDate) -> Option<NaiveTime> {
        self.sessions(date).last().map(|s| s.close)
    }

    pub fn is_open(&self, at: NaiveDateTime) -> bool {
        self.sessions(at.date()).iter().any(|s| s.contains(at.time()))
    }

    /// Why the desk is closed at `at`, or `None` when it is open.
    pub fn closed_reason(&self, at: NaiveDateTime) -> Option<Closed> {
        let date = at.date();
        if let Some(day_off) = self.calendar.day_off(date) {
            return Some(Closed::DayOff(day_off.clone()));
        }
        let sessions = self.sessions(date);
        if sessions.is_empty() {
            return Some(Closed::Weekend);
        }
        let t = at.time();
        if sessions.iter().any(|s| s.contains(t)) {
            return None;
        }
        if t < sessions[0].open {
            Some(Closed::BeforeOpening)
        } else if t >= sessions[sessions.len() - 1].close {
            Some(Closed::AfterClosing)
        } else {
            Some(Closed::LunchBreak)
        }
    }

    /// The first moment at or after `at` when the desk is open.
    pub fn next_opening(&self, at: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut date = at.date();
        for _ in 0..SEARCH_LIMIT_DAYS {
            for s in self.sessions(date) {
                let open = date.and_time(s.open);
                let close = date.and_time(s.close);
                if at < close {
                    return Some(open.max(at));
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..SEARCH_LIMIT_DAYS {
            d = d.succ_opt()?;
            if self.is_working_day(d) {
                return Some(d);
            }
        }
        None
    }

    /// `days` working days after `date` (which itself does not count).
    pub fn add_working_days(&self, date: NaiveDate, days: u16) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..days {
            d = self.next_working_day(d)?;
        }
        Some(d)
    }

    /// Days between `from` and `to` (inclusive) that the answer depends on but whose status is
    /// only announced, or that lie beyond the published calendar.
    pub fn uncertain_days(&self, from: NaiveDate, to: NaiveDate) -> (Vec<DayOff>, bool) {
        let unconfirmed = self
            .calendar
            .days_off
            .iter()
            .filter(|d| d.certainty == Certainty::Unconfirmed && from <= d.date && d.date <= to)
            .cloned()
            .collect();
        let beyond = to > self.calendar.published_through || from < self.calendar.published_from;
        (unconfirmed, beyond)
    }
}
