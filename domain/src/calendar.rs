//! The official calendar of the public sector: days off and make-up working Saturdays.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Text;

/// How sure the project is of a calendar entry (kept from the research data, never dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum Certainty {
    /// Found in an official notice.
    Confirmed,
    /// Computed from the Labour Code rule; no notice seen.
    Derived,
    /// Announced as intended, not yet decided.
    Unconfirmed,
}
crate::enum_from_wire_name!(Certainty { "confirmed" => Confirmed, "derived" => Derived, "unconfirmed" => Unconfirmed });

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    #[serde(with = "crate::wire::date")]
    pub date: NaiveDate,
    pub name: Text,
    pub certainty: Certainty,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeUpDay {
    #[serde(with = "crate::wire::date")]
    pub date: NaiveDate,
    /// The weekday whose work this Saturday makes up for, when known.
    #[serde(with = "crate::wire::opt_date")]
    pub replaces: Option<NaiveDate>,
    pub certainty: Certainty,
}

/// `GET /api/v1/calendar`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub days_off: Vec<DayOff>,
    pub make_up_days: Vec<MakeUpDay>,
    /// First day the data covers.
    #[serde(with = "crate::wire::date")]
    pub published_from: NaiveDate,
    /// Last day for which the official calendar is published; answers beyond it carry a warning.
    #[serde(with = "crate::wire::date")]
    pub published_through: NaiveDate,
}

impl Calendar {
    /// This calendar with the law's days off ([`crate::holidays::statutory`], marked `Derived`)
    /// for every day after `published_through` up to the end of `through_year`; the published
    /// entries stay as they are and always win. The back end serves and counts with this, so the
    /// planner and the receipt agree beyond the published calendar.
    pub fn with_statutory_days_through(mut self, through_year: i32) -> Calendar {
        let after = self.published_through;
        for year in after.year()..=through_year {
            for day in crate::holidays::statutory(year) {
                if day.date > after && self.day_off(day.date).is_none() && !self.is_make_up_day(day.date) {
                    self.days_off.push(day);
                }
            }
        }
        self.days_off.sort_by_key(|d| d.date);
        self
    }

    pub fn day_off(&self, date: NaiveDate) -> Option<&DayOff> {
        self.days_off.iter().find(|d| d.date == date)
    }

    pub fn is_make_up_day(&self, date: NaiveDate) -> bool {
        self.make_up_days.iter().any(|d| d.date == date)
    }

    pub fn is_published(&self, date: NaiveDate) -> bool {
        (self.published_from..=self.published_through).contains(&date)
    }

    /// A public-sector working day: Monday to Friday unless a day off, or a make-up Saturday.
    /// Unconfirmed days off count as days off: better to warn of a closed desk than to send a
    /// citizen to one.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.is_make_up_day(date) {
            return true;
        }
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        weekday && self.day_off(date).is_none()
    }

    /// Checks the data is usable: sorted unique dates, make-up days on Saturdays, no day both off
    /// and made up, everything inside the published range.
    pub fn validate(&self) -> Result<(), String> {
        if self.published_from > self.published_through {
            return Err("published_from is after published_through".into());
        }
        for pair in self.days_off.windows(2) {
            if pair[0].date >= pair[1].date {
                return Err(format!("days off not sorted or repeated at {}", pair[1].date));
            }
        }
        for d in &self.days_off {
            // The law's days beyond the published calendar (see `with_statutory_days_through`).
            let statutory = d.certainty == Certainty::Derived && d.date > self.published_through;
            if !self.is_published(d.date) && !statutory {
                return Err(format!("day off {} outside the published range", d.date));
            }
        }
        for m in &self.make_up_days {
            if m.date.weekday() != Weekday::Sat {
                return Err(format!("make-up day {} is not a Saturday", m.date));
            }
            if self.day_off(m.date).is_some() {
                return Err(format!("{} is both a day off and a make-up day", m.date));
            }
            if let Some(r) = m.replaces {
                if self.day_off(r).is_none() {
                    return Err(format!("make-up day {} replaces {}, which is not off", m.date, r));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> Calendar {
        Calendar {
            days_off: vec![
                DayOff {
                    date: d("2026-01-01"),
                    name: Text::new("Tết Dương lịch", "New Year"),
                    certainty: Certainty::Confirmed,
                },
                DayOff {
                    date: d("2026-01-02"),
                    name: Text::new("Hoán đổi", "Swapped"),
                    certainty: Certainty::Confirmed,
                },
            ],
            make_up_days: vec![MakeUpDay {
                date: d("2026-01-10"),
                replaces: Some(d("2026-01-02")),
                certainty: Certainty::Confirmed,
            }],
            published_from: d("2023-09-01"),
            published_through: d("2026-12-31"),
        }
    }

    #[test]
    fn working_days_follow_swaps() {
        let c = cal();
        assert!(!c.is_working_day(d("2026-01-02")), "swapped Friday is off");
        assert!(c.is_working_day(d("2026-01-10")), "make-up Saturday is worked");
        assert!(!c.is_working_day(d("2026-01-17")), "an ordinary Saturday is not");
        assert!(c.is_working_day(d("2026-01-05")));
        assert!(c.validate().is_ok());
    }

    #[test]
    fn validation_catches_bad_data() {
        let mut c = cal();
        c.make_up_days[0].date = d("2026-01-09");
        assert!(c.validate().unwrap_err().contains("not a Saturday"));
        let mut c = cal();
        c.days_off.swap(0, 1);
        assert!(c.validate().unwrap_err().contains("not sorted"));
        let mut c = cal();
        c.published_through = d("2025-12-31");
        assert!(c.validate().unwrap_err().contains("outside"));
    }
}
