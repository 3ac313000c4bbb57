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
    /// The applicant's appointment at this desk for this procedure (a ticket's id), so the desk
    /// has the dossier before they arrive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<String>,
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
    /// What a citizen typed in the one field "ID number or phone": a mobile number in any of
    /// its spellings (`0912 345 678`, `+84 912 345 678`, `84.912.345.678`) is a phone, 12 digits
    /// (spaces and dots allowed) an ID number; anything else is neither, and says so (a typing
    /// slip is answered at once, never counted as a wrong guess).
    pub fn from_typed(typed: &str) -> Result<LookupRequest, crate::applicant::FieldError> {
        if let Ok(phone) = crate::applicant::normalise_phone(typed) {
            return Ok(LookupRequest { citizen_id: None, phone: Some(phone) });
        }
        let digits = crate::applicant::digits_only(typed.trim());
        if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(LookupRequest { citizen_id: Some(digits), phone: None });
        }
        Err(crate::applicant::FieldError {
            field: "factor".into(),
            code: "format".into(),
            message: crate::Text::new(
                "Nhập số định danh cá nhân (12 chữ số trên thẻ căn cước) hoặc số điện thoại di động đã dùng khi nộp hồ sơ, ví dụ 030190001234 hoặc 0912 345 678.",
                "Enter your personal identification number (the 12 digits on your ID card) or the mobile number you gave, like 030190001234 or 0912 345 678.",
            ),
        })
    }

    /// Whether the factor as sent can be right at all: a 12-digit ID number or a mobile number.
    pub fn well_formed(&self) -> bool {
        let id = self.citizen_id.as_deref().map(crate::applicant::digits_only);
        id.is_some_and(|d| d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()))
            || self.phone.as_deref().is_some_and(|p| crate::applicant::normalise_phone(p).is_ok())
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
    /// Sent online outside office hours: the moment it counts as received from (the desk's next
    /// opening), as on the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_from: Option<String>,
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

/// A dossier code as a citizen typed or pasted it: lower case, spaces inside or around it, a
/// label before it ("Mã hồ sơ: …") or words after. `None` when there is no code in it.
pub fn normalise_code(typed: &str) -> Option<String> {
    // ASCII only: `char::to_uppercase`'s tables would cost the wasm several KiB, and a code is
    // ASCII (what is not stays as it is and cannot be part of one).
    let squeezed: String = typed.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    (0..squeezed.len().saturating_sub(24))
        .filter(|&i| squeezed.is_char_boundary(i) && squeezed.is_char_boundary(i + 25))
        .map(|i| &squeezed[i..i + 25])
        .find(|c| is_dossier_code(c))
        .map(str::to_string)
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

    /// The period named as a citizen reads it, seen from `today`: "Tháng 11/2026", "Năm 2026,
    /// đến 07/12/2026"; `None` for the whole record.
    pub fn name(self, today: chrono::NaiveDate, lang: crate::Lang) -> Option<String> {
        use crate::format::{date_plain, month_year};
        let (from, to) = self.days(today)?;
        let until = |s: String| match lang {
            crate::Lang::Vi => format!("{s}, đến {}", date_plain(to, lang)),
            crate::Lang::En => format!("{s}, up to {}", date_plain(to, lang)),
        };
        Some(match self {
            Period::LastMonth => month_year(from, lang),
            Period::ThisMonth => until(month_year(from, lang)),
            _ => until(match lang {
                crate::Lang::Vi => format!("Năm {}", chrono::Datelike::year(&from)),
                crate::Lang::En => chrono::Datelike::year(&from).to_string(),
            }),
        })
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

impl Statistics {
    /// The numbers behind the shares: (submitted online, finished on time or early, finished
    /// late).
    pub fn counts(&self) -> (u32, u32, u32) {
        let of =
            |share: Option<f64>, whole: u32| (share.unwrap_or(0.0).clamp(0.0, 1.0) * f64::from(whole)).round() as u32;
        let early = of(self.on_time_or_early_share, self.finished);
        (of(self.online_share, self.received), early, self.finished - early.min(self.finished))
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
        let phone = |t: &str| LookupRequest::from_typed(t).unwrap().phone;
        for typed in [" 0912 345 678 ", "+84 912 345 678", "84.912.345.678", "+84912345678", "0912-345-678"] {
            assert_eq!(phone(typed).as_deref(), Some("0912345678"), "{typed}");
        }
        let id = |t: &str| LookupRequest::from_typed(t).unwrap().citizen_id;
        assert_eq!(id("030.190.001.234").as_deref(), Some("030190001234"));
        assert_eq!(id("0301 9000 1234").as_deref(), Some("030190001234"));
        assert_eq!(id("840190001234").as_deref(), Some("840190001234"), "12 digits beginning 84 are an ID");
        for neither in ["12345", "0912 345 67", "abc", ""] {
            let e = LookupRequest::from_typed(neither).unwrap_err();
            assert_eq!((e.field.as_str(), e.code.as_str()), ("factor", "format"), "{neither:?}");
        }
        assert!(LookupRequest::from_typed("+84 912 345 678").unwrap().well_formed());
        assert!(!LookupRequest { citizen_id: Some("12345".into()), phone: None }.well_formed());
    }

    #[test]
    fn a_code_is_found_in_what_was_typed_or_pasted() {
        let code = Some("000.21.12.H23-261207-0001".to_string());
        for typed in [
            "000.21.12.H23-261207-0001",
            "000.21.12.h23-261207-0001",
            " 000.21.12.H23 - 261207 - 0001 ",
            "Mã hồ sơ: 000.21.12.H23-261207-0001",
            "Mã hồ sơ của bạn là 000.21.12.H23-261207-0001. Giữ mã này để tra cứu.",
        ] {
            assert_eq!(normalise_code(typed), code, "{typed:?}");
        }
        for none in ["", "000.21.12.H23-261207-001", "ma ho so", "000.21.12.H23-2612O7-0001"] {
            assert_eq!(normalise_code(none), None, "{none:?}");
        }
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
    fn periods_are_named_as_citizens_read_them() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let today = d(2026, 12, 7);
        let vi = |p: Period| p.name(today, crate::Lang::Vi);
        assert_eq!(vi(Period::LastMonth).as_deref(), Some("Tháng 11/2026"));
        assert_eq!(vi(Period::ThisMonth).as_deref(), Some("Tháng 12/2026, đến 07/12/2026"));
        assert_eq!(vi(Period::ThisYear).as_deref(), Some("Năm 2026, đến 07/12/2026"));
        assert_eq!(vi(Period::All), None);
        assert_eq!(Period::LastMonth.name(today, crate::Lang::En).as_deref(), Some("November 2026"));
        let s = Statistics {
            office_id: "x".into(),
            received: 8,
            online_share: Some(0.75),
            finished: 5,
            on_time_or_early_share: Some(0.8),
            late_share: Some(0.2),
            ratings: 2,
            average_rating: Some(4.5),
        };
        assert_eq!(s.counts(), (6, 4, 1));
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
