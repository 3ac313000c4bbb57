//! Offices (one-stop desks): where they are, when they open, and their Friday programme.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::catalogue::Level;
use crate::Text;

/// An opening period within a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(with = "crate::wire::time")]
    pub open: NaiveTime,
    #[serde(with = "crate::wire::time")]
    pub close: NaiveTime,
}

impl Session {
    pub fn contains(&self, t: NaiveTime) -> bool {
        self.open <= t && t < self.close
    }
}

/// Weekday hours for a season, given as month-day bounds (`"11-01"` to `"03-31"` wraps the year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonHours {
    pub from: String,
    pub to: String,
    pub morning: Session,
    pub afternoon: Session,
}

fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

impl SeasonHours {
    pub fn covers(&self, date: NaiveDate) -> bool {
        let (Some(from), Some(to)) = (month_day(&self.from), month_day(&self.to)) else {
            return false;
        };
        let md = (date.month(), date.day());
        if from <= to {
            from <= md && md <= to
        } else {
            md >= from || md <= to
        }
    }

    pub fn sessions(&self) -> [Session; 2] {
        [self.morning, self.afternoon]
    }
}

/// "Ngày thứ sáu không chờ": on a Friday, a complete dossier for a listed procedure received by
/// `cutoff` is returned the same day; after it, before `next_day_by` on the next working day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FridayProgramme {
    pub enabled: bool,
    #[serde(with = "crate::wire::time")]
    pub cutoff: NaiveTime,
    #[serde(with = "crate::wire::time")]
    pub next_day_by: NaiveTime,
    pub procedure_ids: Vec<String>,
}

impl FridayProgramme {
    pub fn covers(&self, procedure_id: &str) -> bool {
        self.enabled && self.procedure_ids.iter().any(|p| p == procedure_id)
    }
}

/// `GET /api/v1/offices` item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub id: String,
    pub name: Text,
    pub level: Level,
    pub address: Text,
    /// National unit code (QCVN 102:2016), the first part of its dossier codes.
    pub unit_code: String,
    pub hours: Vec<SeasonHours>,
    /// A Saturday morning session some wards keep, on top of make-up Saturdays.
    pub saturday: Option<Session>,
    pub friday_programme: FridayProgramme,
    /// Procedures this office receives.
    pub procedure_ids: Vec<String>,
    /// The centre this office is a branch of (its id), for a branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_of: Option<String>,
}

impl Office {
    pub fn season(&self, date: NaiveDate) -> Option<&SeasonHours> {
        self.hours.iter().find(|h| h.covers(date))
    }

    pub fn receives(&self, procedure_id: &str) -> bool {
        self.procedure_ids.iter().any(|p| p == procedure_id)
    }
}

/// What the catalogue needs of an office, read from the same `GET /api/v1/offices` items: the
/// hours are skipped, which keeps their decoder out of the catalogue's wasm.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OfficeSummary {
    pub id: String,
    pub name: Text,
    pub procedure_ids: Vec<String>,
}

impl OfficeSummary {
    pub fn receives(&self, procedure_id: &str) -> bool {
        self.procedure_ids.iter().any(|p| p == procedure_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveTime {
        crate::wire::parse_time(s).unwrap()
    }

    #[test]
    fn seasons_wrap_the_year() {
        let winter = SeasonHours {
            from: "11-01".into(),
            to: "03-31".into(),
            morning: Session { open: t("07:30"), close: t("12:00") },
            afternoon: Session { open: t("13:00"), close: t("16:30") },
        };
        assert!(winter.covers(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()));
        assert!(winter.covers(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
        assert!(winter.covers(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()));
        assert!(!winter.covers(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()));
    }

    #[test]
    fn times_read_from_hours_and_minutes() {
        let s: Session = serde_json::from_str(r#"{"open":"07:00","close":"11:30"}"#).unwrap();
        assert_eq!(s.open, t("07:00"));
        assert!(s.contains(t("11:29")) && !s.contains(t("11:30")));
    }
}
