//! Times to book at a desk (#31, "Không chờ" for real): windows of a few minutes cut from the
//! office's opening sessions on the days it works, as many places in each as it has counters, each
//! marked with the Friday programme's promise by the same engine as the planner and the receipt.
//! Pure: the caller gives Vietnam's time now (see [`crate::schedule::vietnam_time`]), so a device
//! in another zone sees the desk's own hours.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::calendar::Calendar;
use crate::catalogue::ProcessingTime;
use crate::friday::{self, Outcome, Visit};
use crate::office::Office;
use crate::schedule::Schedule;

/// How a desk takes appointments: its counters and the length of a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Desk {
    /// Counters receiving at once: the places in each window.
    pub counters: u32,
    /// 15 or 30 minutes.
    pub window_minutes: u32,
}

/// What a citizen arriving at a window's start is promised, for a programme procedure on a
/// programme Friday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Promise {
    /// "trả kết quả trong ngày": received by the cut-off, the result that day.
    SameDay,
    /// "trả trước 9 giờ ngày làm việc tiếp theo": after the cut-off, before the time the
    /// programme says on the next working day.
    NextMorning,
}

/// One window at the desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Vietnam local time.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Places in it (before bookings).
    pub places: u32,
    pub promise: Option<Promise>,
}

/// Days searched at most (a month and a half: what a booking page offers).
pub const MAX_DAYS: i64 = 45;

/// Why no windows can be listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotsError {
    /// `from` after `to`, or more than [`MAX_DAYS`] days asked.
    BadRange,
    /// The desk has no counter or a window length other than 15 or 30 minutes (broken data).
    BadDesk,
}

/// A procedure at a desk: what its windows are cut from.
pub struct Booking<'a> {
    pub office: &'a Office,
    pub calendar: &'a Calendar,
    pub desk: Desk,
    pub procedure_id: &'a str,
    pub processing: ProcessingTime,
}

/// The windows of `b` on the days `from..=to`, starting after `now`: on working days only
/// (holidays by law, the published calendar, make-up days), in the morning and afternoon sessions
/// (never across the lunch break or past closing: the day's last window ends at closing time).
pub fn windows(b: &Booking<'_>, from: NaiveDate, to: NaiveDate, now: NaiveDateTime) -> Result<Vec<Window>, SlotsError> {
    let Booking { office, calendar, desk, procedure_id, processing } = *b;
    if from > to || (to - from).num_days() >= MAX_DAYS {
        return Err(SlotsError::BadRange);
    }
    if desk.counters == 0 || !matches!(desk.window_minutes, 15 | 30) {
        return Err(SlotsError::BadDesk);
    }
    let schedule = Schedule::new(calendar, office);
    let step = Duration::minutes(i64::from(desk.window_minutes));
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        for session in schedule.sessions(date) {
            let mut start = date.and_time(session.open);
            let close = date.and_time(session.close);
            while start + step <= close {
                if start > now {
                    let promise = promise(office, calendar, procedure_id, processing, start);
                    out.push(Window { start, end: start + step, places: desk.counters, promise });
                }
                start += step;
            }
        }
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    Ok(out)
}

/// The programme's promise for a citizen received at `start` (the desk open then), by the
/// Friday engine itself.
fn promise(
    office: &Office,
    calendar: &Calendar,
    procedure_id: &str,
    processing: ProcessingTime,
    start: NaiveDateTime,
) -> Option<Promise> {
    let visit = Visit { office, calendar, procedure_id, processing, missing: &[], arrival: start };
    match friday::outcome(&visit).outcome {
        Outcome::SameDay { .. } => Some(Promise::SameDay),
        Outcome::NextWorkingDay { .. } => Some(Promise::NextMorning),
        _ => None,
    }
}

/// `GET /api/v1/offices/{id}/slots` item: a window with its free places.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Slot {
    /// RFC 3339 with `+07:00`.
    pub start: String,
    pub end: String,
    pub free: u32,
    /// A programme Friday's window by the cut-off: the result the same day.
    pub same_day: bool,
}

/// Who books: what the desk needs to call them and to know them again.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Visitor {
    pub full_name: String,
    pub citizen_id: String,
    pub phone: String,
}

impl Visitor {
    /// Every problem, in the order of the fields.
    pub fn validate(&self) -> Vec<crate::applicant::FieldError> {
        let mut errors = Vec::new();
        errors.extend(crate::applicant::check_full_name(&self.full_name));
        let id = crate::applicant::digits_only(self.citizen_id.trim());
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(crate::applicant::FieldError {
                field: "citizen_id".into(),
                code: "format".into(),
                message: crate::Text::new(
                    "Nhập số định danh cá nhân 12 chữ số (trên thẻ căn cước).",
                    "Enter the 12-digit personal ID number (on the ID card).",
                ),
            });
        }
        errors.extend(crate::applicant::normalise_phone(&self.phone).err());
        errors
    }
}

/// `POST /api/v1/appointments`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewAppointment {
    pub office_id: String,
    pub procedure_id: String,
    /// A window's start, RFC 3339 (as `GET …/slots` gives it).
    pub start: String,
    pub applicant: Visitor,
}

/// The ticket a booking gives.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    pub id: String,
    /// Short, said at the desk: the window's time and the place (`1500-2`).
    pub number: String,
    pub office_id: String,
    pub office: crate::Text,
    pub procedure_id: String,
    pub procedure: crate::Text,
    pub start: String,
    pub end: String,
    pub same_day: bool,
    pub status: BookingStatus,
    /// A number taken at the desk's kiosk for today (no name, no ID).
    #[serde(default)]
    pub walk_in: bool,
    /// The dossier filed online for this appointment, which the desk has before the citizen
    /// arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier_code: Option<String>,
}

/// Where a booking stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    Cancelled,
    /// Received at the desk.
    CheckedIn,
    /// The time passed without the citizen.
    NoShow,
}

impl BookingStatus {
    /// Its name in the database and on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            BookingStatus::Booked => "booked",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::CheckedIn => "checked_in",
            BookingStatus::NoShow => "no_show",
        }
    }

    pub fn from_wire(s: &str) -> Option<BookingStatus> {
        [BookingStatus::Booked, BookingStatus::Cancelled, BookingStatus::CheckedIn, BookingStatus::NoShow]
            .into_iter()
            .find(|b| b.wire() == s)
    }
}

/// `POST /api/v1/offices/{id}/walk-in`: a number for today's next free time, at the desk's kiosk.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WalkIn {
    pub procedure_id: String,
}

/// `POST /api/v1/appointments/{id}/move`: another window of the same desk and procedure, with
/// the ID number or phone of whoever booked.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MoveRequest {
    #[serde(default)]
    pub citizen_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub start: String,
}
