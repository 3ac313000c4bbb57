//! Dossiers (hồ sơ): what a citizen submits, the receipt, and what tracking shows.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::applicant::Applicant;
use crate::Text;

/// `POST /api/v1/dossiers` (with an `Idempotency-Key` header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDossier {
    pub procedure_id: String,
    pub office_id: String,
    pub applicant: Applicant,
    /// Finished uploads (ids from `/api/v1/uploads`), each made for a requirement.
    pub uploads: Vec<String>,
    /// Answers to the procedure's declaration form, standing in for the paper form's upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<crate::form_answers::Answers>,
}

/// The ten national statuses of a dossier (the numbers DVCQG synchronises).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum DossierStatus {
    Submitted,
    Accepted,
    Refused,
    Processing,
    SupplementRequested,
    PaymentRequested,
    WithdrawalRequested,
    Stopped,
    Resolved,
    Returned,
}
crate::enum_from_wire_name!(DossierStatus {
    "submitted" => Submitted, "accepted" => Accepted, "refused" => Refused, "processing" => Processing,
    "supplement_requested" => SupplementRequested, "payment_requested" => PaymentRequested,
    "withdrawal_requested" => WithdrawalRequested, "stopped" => Stopped, "resolved" => Resolved,
    "returned" => Returned,
});

impl DossierStatus {
    pub const ALL: [DossierStatus; 10] = [
        DossierStatus::Submitted,
        DossierStatus::Accepted,
        DossierStatus::Refused,
        DossierStatus::Processing,
        DossierStatus::SupplementRequested,
        DossierStatus::PaymentRequested,
        DossierStatus::WithdrawalRequested,
        DossierStatus::Stopped,
        DossierStatus::Resolved,
        DossierStatus::Returned,
    ];

    /// The national number, 1 to 10.
    pub fn number(self) -> u8 {
        DossierStatus::ALL.iter().position(|s| *s == self).expect("listed") as u8 + 1
    }

    pub fn from_number(n: u8) -> Option<DossierStatus> {
        DossierStatus::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// In the words of the national list, and in English.
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            DossierStatus::Submitted => ("Mới đăng ký", "Submitted, waiting to be accepted"),
            DossierStatus::Accepted => ("Được tiếp nhận", "Accepted"),
            DossierStatus::Refused => ("Không được tiếp nhận", "Not accepted"),
            DossierStatus::Processing => ("Đang xử lý", "Being processed"),
            DossierStatus::SupplementRequested => ("Yêu cầu bổ sung giấy tờ", "More documents needed"),
            DossierStatus::PaymentRequested => ("Yêu cầu thực hiện nghĩa vụ tài chính", "Payment needed"),
            DossierStatus::WithdrawalRequested => ("Công dân yêu cầu rút hồ sơ", "Withdrawal requested"),
            DossierStatus::Stopped => ("Dừng xử lý", "Processing stopped"),
            DossierStatus::Resolved => ("Đã xử lý xong", "Result ready"),
            DossierStatus::Returned => ("Đã trả kết quả", "Result returned"),
        };
        Text::new(vi, en)
    }
}

/// How the appointment was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum AppointmentKind {
    /// "Ngày thứ sáu không chờ": the same day.
    FridaySameDay,
    /// Received after the Friday cut-off: before 09:00 the next working day.
    FridayNextMorning,
    /// The legal time limit.
    Legal,
    /// The time limit is not known.
    Unknown,
}
crate::enum_from_wire_name!(AppointmentKind {
    "friday_same_day" => FridaySameDay, "friday_next_morning" => FridayNextMorning, "legal" => Legal,
    "unknown" => Unknown,
});

/// The answer to a submitted dossier: what a citizen keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// National format `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`.
    pub code: String,
    pub procedure: Text,
    pub office: Text,
    pub status: DossierStatus,
    /// When it was submitted: RFC 3339, Vietnam time.
    pub received_at: String,
    /// Submitted while the desk was closed (evening, weekend, day off): the desk's next opening,
    /// from which it counts as received and the appointment is reckoned (RFC 3339). `None` when
    /// submitted in office hours (and in receipts kept before this existed).
    #[serde(default)]
    pub counted_from: Option<String>,
    pub appointment_at: Option<String>,
    pub appointment_kind: AppointmentKind,
    pub next_steps: Vec<Text>,
    pub documents: u32,
}

/// One step in a dossier's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub at: String,
    pub status: DossierStatus,
    pub note: Option<Text>,
}

/// `POST /api/v1/dossiers/{code}/supplements`: the documents an officer asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
    pub uploads: Vec<String>,
}

/// `POST /api/v1/dossiers/{code}/lookup`: the second factor, in the body so it never appears in a
/// URL. One of the two is enough.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    #[serde(default)]
    pub citizen_id: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

impl LookupRequest {
    /// What a citizen typed in the one field "ID number or phone": a mobile number (10 digits
    /// starting with 0) is a phone, anything else an ID number. Spaces and dots are ignored.
    pub fn from_typed(typed: &str) -> LookupRequest {
        let digits = crate::applicant::digits_only(typed.trim());
        if digits.len() == 10 && digits.starts_with('0') {
            LookupRequest { citizen_id: None, phone: Some(digits) }
        } else {
            LookupRequest { citizen_id: Some(digits), phone: None }
        }
    }
}

/// `POST /api/v1/dossiers/{code}/rating`: once, after the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub citizen_id: Option<String>,
    pub phone: Option<String>,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub score: u8,
    pub comment: Option<String>,
}

/// `GET /api/v1/offices/{id}/statistics`, computed from the dossiers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    pub office_id: String,
    pub received: u32,
    /// Shares are fractions from 0 to 1; `None` when there is nothing to divide.
    pub online_share: Option<f64>,
    pub finished: u32,
    pub on_time_or_early_share: Option<f64>,
    pub late_share: Option<f64>,
    pub ratings: u32,
    pub average_rating: Option<f64>,
}

/// `GET /api/v1/dossiers/{code}?citizen_id=…` (or `phone=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub code: String,
    /// The procedure's id (where the documents asked for are described).
    pub procedure_id: String,
    pub procedure: Text,
    pub office: Text,
    pub status: DossierStatus,
    pub status_label: Text,
    pub received_at: String,
    pub appointment_at: Option<String>,
    pub timeline: Vec<TimelineEvent>,
    /// The officer's message when more documents are needed.
    pub supplement: Option<Text>,
    /// The documents asked for (requirement ids and names), when the officer named them.
    pub supplement_requirements: Vec<SupplementItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementItem {
    pub requirement_id: String,
    pub name: Text,
}

/// Whether a resolved dossier met its appointment (Decision 766/QĐ-TTg, index 2.1): the end of
/// processing is the first "result ready", "result returned", "stopped" or "refused"; time spent
/// waiting for the citizen's supplement does not count; a supplement asked for more than once
/// makes the dossier late. `None` while it is not finished.
pub fn on_time(appointment: chrono::NaiveDateTime, events: &[(chrono::NaiveDateTime, DossierStatus)]) -> Option<bool> {
    use DossierStatus::*;
    let end = events.iter().find(|(_, s)| matches!(s, Resolved | Returned | Stopped | Refused))?.0;
    let requests = events.iter().filter(|(_, s)| *s == SupplementRequested).count();
    if requests > 1 {
        return Some(false);
    }
    let mut paused = chrono::Duration::zero();
    if let Some(i) = events.iter().position(|(_, s)| *s == SupplementRequested) {
        let asked = events[i].0;
        let answered = events[i + 1..].iter().find(|(_, s)| *s != SupplementRequested).map(|e| e.0).unwrap_or(end);
        paused = answered.min(end) - asked;
    }
    Some(end - paused <= appointment)
}

/// `000.00.12.H23-261127-0001`: the office's unit code, the day of receipt, the number of the
/// dossier in that office that day.
pub fn dossier_code(unit_code: &str, day: NaiveDate, sequence: u32) -> String {
    format!("{unit_code}-{:02}{:02}{:02}-{sequence:04}", day.year() % 100, day.month(), day.day())
}

/// Whether `s` has the national shape `XXX.XX.XX.AXX-YYMMDD-NNNN` (letters upper case).
pub fn is_dossier_code(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    b.len() == 25
        && b[..3].iter().all(|c| alnum(*c))
        && b[3] == b'.'
        && b[4..6].iter().all(|c| alnum(*c))
        && b[6] == b'.'
        && b[7..9].iter().all(|c| alnum(*c))
        && b[9] == b'.'
        && b[10].is_ascii_uppercase()
        && b[11..13].iter().all(u8::is_ascii_digit)
        && b[13] == b'-'
        && b[14..20].iter().all(u8::is_ascii_digit)
        && b[20] == b'-'
        && b[21..25].iter().all(u8::is_ascii_digit)
}

/// The periods the offices' figures can be read for, named in the page's URL (`?ky=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    All,
    ThisYear,
    ThisMonth,
    LastMonth,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::All, Period::ThisYear, Period::ThisMonth, Period::LastMonth];

    pub fn key(self) -> &'static str {
        match self {
            Period::All => "tat-ca",
            Period::ThisYear => "nam-nay",
            Period::ThisMonth => "thang-nay",
            Period::LastMonth => "thang-truoc",
        }
    }

    /// The period a URL names; anything else is the whole record.
    pub fn from_key(key: &str) -> Period {
        Period::ALL.into_iter().find(|p| p.key() == key).unwrap_or(Period::All)
    }

    /// First and last day (inclusive) seen from `today`; `None` for the whole record.
    pub fn days(self, today: chrono::NaiveDate) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        use chrono::{Datelike, NaiveDate};
        let month_start = today.with_day(1)?;
        match self {
            Period::All => None,
            Period::ThisYear => Some((NaiveDate::from_ymd_opt(today.year(), 1, 1)?, today)),
            Period::ThisMonth => Some((month_start, today)),
            Period::LastMonth => {
                let last = month_start.pred_opt()?;
                Some((last.with_day(1)?, last))
            }
        }
    }
}

/// A share (0 to 1) as a percentage with one decimal, in the language's notation ("96,5 %",
/// "96.5%"). Integer arithmetic: float formatting would cost the app's wasm about 5 KiB.
pub fn percent(share: f64, lang: crate::Lang) -> String {
    let tenths = (share.clamp(0.0, 1.0) * 1000.0).round() as u32;
    match lang {
        crate::Lang::Vi => format!("{},{} %", tenths / 10, tenths % 10),
        crate::Lang::En => format!("{}.{}%", tenths / 10, tenths % 10),
    }
}

/// An average rating out of 5 with one decimal ("4,3", "4.3").
pub fn one_decimal(value: f64, lang: crate::Lang) -> String {
    let tenths = (value.max(0.0) * 10.0).round() as u32;
    let sep = if lang == crate::Lang::Vi { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_factor_is_read_from_one_field() {
        assert_eq!(LookupRequest::from_typed(" 0912 345 678 ").phone.as_deref(), Some("0912345678"));
        assert_eq!(LookupRequest::from_typed("030.190.001.234").citizen_id.as_deref(), Some("030190001234"));
        assert_eq!(LookupRequest::from_typed("12345").citizen_id.as_deref(), Some("12345"));
        assert_eq!(LookupRequest::from_typed("0912345678").citizen_id, None);
    }

    #[test]
    fn periods_are_named_in_the_url_and_counted_in_whole_days() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2026, 1, 15);
        assert_eq!(Period::from_key("thang-truoc").days(today), Some((d(2025, 12, 1), d(2025, 12, 31))));
        assert_eq!(Period::from_key("thang-nay").days(today), Some((d(2026, 1, 1), today)));
        assert_eq!(Period::from_key("nam-nay").days(d(2026, 3, 1)), Some((d(2026, 1, 1), d(2026, 3, 1))));
        assert_eq!(Period::from_key("gi-do"), Period::All);
        assert_eq!(Period::All.days(today), None);
        assert!(Period::ALL.iter().all(|p| Period::from_key(p.key()) == *p));
    }

    #[test]
    fn figures_are_written_without_floats_in_each_language() {
        assert_eq!(percent(0.9649, crate::Lang::Vi), "96,5 %");
        assert_eq!(percent(1.0, crate::Lang::En), "100.0%");
        assert_eq!(percent(0.0, crate::Lang::Vi), "0,0 %");
        assert_eq!(one_decimal(4.25, crate::Lang::Vi), "4,3");
        assert_eq!(one_decimal(3.0, crate::Lang::En), "3.0");
    }

    #[test]
    fn codes_follow_the_national_format() {
        let code = dossier_code("000.00.12.H23", NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(), 7);
        assert_eq!(code, "000.00.12.H23-261127-0007");
        assert!(is_dossier_code(&code));
        assert!(is_dossier_code("000.A0.01.H26-210212-9090"));
        for bad in ["000.00.12.H23-261127-007", "000.00.12.h23-261127-0007", "000.00.12.H23_261127-0007", ""] {
            assert!(!is_dossier_code(bad), "{bad}");
        }
    }

    #[test]
    fn on_time_excludes_the_supplement_wait_and_punishes_a_second_request() {
        use DossierStatus::*;
        let t = |s: &str| crate::wire::parse_date_time(s).unwrap();
        let due = t("2026-11-30T16:30");
        assert_eq!(on_time(due, &[(t("2026-11-25T09:00"), Submitted)]), None);
        assert_eq!(on_time(due, &[(t("2026-11-25T09:00"), Submitted), (t("2026-11-30T10:00"), Resolved)]), Some(true));
        assert_eq!(on_time(due, &[(t("2026-11-25T09:00"), Submitted), (t("2026-12-01T10:00"), Resolved)]), Some(false));
        // Two days waiting for the citizen do not count against the office.
        let waited = [
            (t("2026-11-25T09:00"), Submitted),
            (t("2026-11-26T09:00"), SupplementRequested),
            (t("2026-11-28T09:00"), Processing),
            (t("2026-12-01T10:00"), Resolved),
        ];
        assert_eq!(on_time(due, &waited), Some(true));
        let twice = [
            (t("2026-11-25T09:00"), Submitted),
            (t("2026-11-26T09:00"), SupplementRequested),
            (t("2026-11-26T10:00"), Processing),
            (t("2026-11-26T11:00"), SupplementRequested),
            (t("2026-11-26T12:00"), Processing),
            (t("2026-11-27T10:00"), Resolved),
        ];
        assert_eq!(on_time(due, &twice), Some(false));
    }

    #[test]
    fn statuses_have_their_national_numbers() {
        assert_eq!(DossierStatus::Submitted.number(), 1);
        assert_eq!(DossierStatus::SupplementRequested.number(), 5);
        assert_eq!(DossierStatus::Returned.number(), 10);
        for s in DossierStatus::ALL {
            assert_eq!(DossierStatus::from_number(s.number()), Some(s));
        }
        assert_eq!(DossierStatus::from_number(0), None);
        assert_eq!(DossierStatus::from_number(11), None);
    }
}
