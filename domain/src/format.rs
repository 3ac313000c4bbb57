//! How numbers, money and durations read in each language.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::catalogue::ProcessingTime;
use crate::Lang;

/// Groups digits in threes: `8.000` in Vietnamese, `8,000` in English.
pub fn group_digits(n: u64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A fee: "Miễn phí" / "Free" for zero, "8.000 đồng" / "VND 8,000" otherwise, and `None` when the
/// amount is not known (the caller says so in its own words).
pub fn fee(amount: Option<u64>, lang: Lang) -> Option<String> {
    let amount = amount?;
    Some(match (amount, lang) {
        (0, Lang::Vi) => "Miễn phí".into(),
        (0, Lang::En) => "Free".into(),
        (n, Lang::Vi) => format!("{} đồng", group_digits(n, lang)),
        (n, Lang::En) => format!("VND {}", group_digits(n, lang)),
    })
}

/// The legal time limit in a citizen's words.
pub fn processing_time(p: ProcessingTime, lang: Lang) -> Option<String> {
    Some(match (p, lang) {
        (ProcessingTime::SameDay, Lang::Vi) => "Trong ngày".into(),
        (ProcessingTime::SameDay, Lang::En) => "Same day".into(),
        (ProcessingTime::WorkingDays { days }, Lang::Vi) => format!("{days} ngày làm việc"),
        (ProcessingTime::WorkingDays { days: 1 }, Lang::En) => "1 working day".into(),
        (ProcessingTime::WorkingDays { days }, Lang::En) => format!("{days} working days"),
        (ProcessingTime::Unknown, _) => return None,
    })
}

pub fn weekday(w: Weekday, lang: Lang) -> &'static str {
    const VI: [&str; 7] = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = w.num_days_from_monday() as usize;
    match lang {
        Lang::Vi => VI[i],
        Lang::En => EN[i],
    }
}

/// "thứ Sáu, 27/11/2026" / "Friday 27 November 2026".
pub fn date_long(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}, {:02}/{:02}/{}", weekday(d.weekday(), lang), d.day(), d.month(), d.year()),
        Lang::En => format!("{} {} {} {}", weekday(d.weekday(), lang), d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// "Tháng 11/2026" / "November 2026".
pub fn month_year(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Tháng {}/{}", d.month(), d.year()),
        Lang::En => format!("{} {}", MONTHS[d.month0() as usize], d.year()),
    }
}

/// "07/12/2026" / "7 December 2026": a date without its weekday.
pub fn date_plain(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "09:00": 24-hour clock in both languages, as Vietnamese offices post their hours.
pub fn time_hm(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "09:00 thứ Hai, 30/11/2026" / "09:00 on Monday 30 November 2026".
pub fn date_time_long(dt: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} {}", time_hm(dt.time()), date_long(dt.date(), lang)),
        Lang::En => format!("{} on {}", time_hm(dt.time()), date_long(dt.date(), lang)),
    }
}

/// An RFC 3339 moment as the back end writes it in Vietnam time ("2026-11-27T10:00:00+07:00")
/// read as it stands, with its weekday: "10:00 thứ Sáu, 27/11/2026" / "10:00 on Friday 27 November
/// 2026" (no time-zone arithmetic in the app). What does not read as one is shown as it is.
pub fn moment_short(rfc3339: &str, lang: Lang) -> String {
    match rfc3339.get(..19).and_then(crate::wire::parse_date_time) {
        Some(dt) => date_time_long(dt, lang),
        None => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_read_as_the_back_end_wrote_them() {
        assert_eq!(moment_short("2026-11-27T10:00:00+07:00", Lang::Vi), "10:00 thứ Sáu, 27/11/2026");
        assert_eq!(moment_short("2026-12-07T20:39:00+07:00", Lang::En), "20:39 on Monday 7 December 2026");
        assert_eq!(moment_short("soon", Lang::Vi), "soon");
    }

    #[test]
    fn dates_and_times_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(date_long(d, Lang::Vi), "thứ Sáu, 27/11/2026");
        assert_eq!(date_long(d, Lang::En), "Friday 27 November 2026");
        let dt = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(date_time_long(dt, Lang::Vi), "09:00 thứ Hai, 30/11/2026");
        assert_eq!(date_time_long(dt, Lang::En), "09:00 on Monday 30 November 2026");
    }

    #[test]
    fn digits_are_grouped_per_language() {
        assert_eq!(group_digits(0, Lang::Vi), "0");
        assert_eq!(group_digits(999, Lang::Vi), "999");
        assert_eq!(group_digits(8000, Lang::Vi), "8.000");
        assert_eq!(group_digits(1234567, Lang::En), "1,234,567");
        assert_eq!(group_digits(100000, Lang::Vi), "100.000");
    }

    #[test]
    fn fees_read_naturally() {
        assert_eq!(fee(Some(0), Lang::Vi).as_deref(), Some("Miễn phí"));
        assert_eq!(fee(Some(50000), Lang::Vi).as_deref(), Some("50.000 đồng"));
        assert_eq!(fee(Some(50000), Lang::En).as_deref(), Some("VND 50,000"));
        assert_eq!(fee(None, Lang::Vi), None);
    }

    #[test]
    fn processing_times_read_naturally() {
        assert_eq!(processing_time(ProcessingTime::SameDay, Lang::Vi).as_deref(), Some("Trong ngày"));
        assert_eq!(
            processing_time(ProcessingTime::WorkingDays { days: 1 }, Lang::En).as_deref(),
            Some("1 working day")
        );
        assert_eq!(
            processing_time(ProcessingTime::WorkingDays { days: 5 }, Lang::Vi).as_deref(),
            Some("5 ngày làm việc")
        );
        assert_eq!(processing_time(ProcessingTime::Unknown, Lang::En), None);
    }
}
