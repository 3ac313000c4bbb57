//! The days off the law fixes for any year (Labour Code 2019, Art. 112(1)), for dates beyond the
//! published calendar: Tết Dương lịch (1/1), Tết Nguyên đán (5 days), Giỗ Tổ Hùng Vương (10/3
//! lunar), Ngày Chiến thắng (30/4), Quốc tế Lao động (1/5), Quốc khánh (2/9 and a day beside it);
//! and for each one that falls on the weekly rest day, a day off in lieu on the next working day
//! (Art. 111(3)). The Prime Minister fixes Tết's span and the day beside 2/9 each year
//! (Art. 112(3)), and the Government may swap working days; so every day here is `Derived`, and
//! a published calendar entry always wins (see [`crate::calendar::Calendar::day_off`]).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::calendar::{Certainty, DayOff};
use crate::{lunar, Text};

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn day(date: NaiveDate, vi: &str, en: &str) -> DayOff {
    DayOff { date, name: Text::new(vi, en), certainty: Certainty::Derived }
}

/// The day the PM is likely to add beside 2/9: the one that joins the holiday to a weekend
/// (Thursday → Friday 3/9, Tuesday → Monday 1/9, Friday or Saturday → 1/9), else the day after
/// (as in 2021, 2024 and 2025).
fn beside_national_day(year: i32) -> Option<NaiveDate> {
    let national = NaiveDate::from_ymd_opt(year, 9, 2)?;
    Some(match national.weekday() {
        Weekday::Tue | Weekday::Fri | Weekday::Sat => national - Duration::days(1),
        _ => national + Duration::days(1),
    })
}

/// The statutory days off of `year`, in date order, days in lieu included.
pub fn statutory(year: i32) -> Vec<DayOff> {
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut law: Vec<DayOff> = Vec::new();
    law.extend(ymd(1, 1).map(|d| day(d, "Tết Dương lịch", "New Year's Day")));
    // Tết: the law's five days, taken here as the lunar new year's eve and the first four days
    // of the new year (2026's span); the PM's decision each year may move them.
    if let Some(eve) = lunar::new_years_eve(year) {
        for offset in 0..=4 {
            law.push(day(eve + Duration::days(offset), "Tết Nguyên đán", "Lunar New Year (Tết)"));
        }
    }
    law.extend(lunar::hung_kings(year).map(|d| day(d, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day")));
    law.extend(ymd(4, 30).map(|d| day(d, "Ngày Chiến thắng", "Reunification Day")));
    law.extend(ymd(5, 1).map(|d| day(d, "Quốc tế Lao động", "International Labour Day")));
    law.extend(ymd(9, 2).map(|d| day(d, "Quốc khánh", "National Day")));
    law.extend(beside_national_day(year).map(|d| day(d, "Quốc khánh (ngày liền kề)", "National Day (day beside it)")));
    law.sort_by_key(|d| d.date);
    law.dedup_by_key(|d| d.date);

    // Each holiday on a Saturday or Sunday is made up on the next weekday that is not itself a
    // holiday or already a day in lieu.
    let mut in_lieu: Vec<DayOff> = Vec::new();
    for h in law.iter().filter(|h| weekend(h.date)) {
        let mut d = h.date;
        loop {
            d += Duration::days(1);
            let taken = law.iter().chain(&in_lieu).any(|o| o.date == d);
            if !weekend(d) && !taken {
                break;
            }
        }
        let when = format!("{:02}/{:02}", h.date.day(), h.date.month());
        let vi = format!("Nghỉ bù {} ({when})", h.name.vi);
        let en = format!("Day off in lieu of {} ({when})", h.name.en);
        in_lieu.push(DayOff { date: d, name: Text { vi, en }, certainty: Certainty::Derived });
    }
    law.extend(in_lieu);
    law.sort_by_key(|d| d.date);
    law
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates(year: i32) -> Vec<NaiveDate> {
        statutory(year).into_iter().map(|d| d.date).collect()
    }

    fn weekdays_off(year: i32) -> Vec<NaiveDate> {
        dates(year).into_iter().filter(|d| !weekend(*d)).collect()
    }

    #[test]
    fn twenty_twenty_seven() {
        // Fri 1/1; Tết Sat 6/2 (eve Fri 5/2, 6–9/2, the weekend made up Wed 10 and Thu 11/2);
        // Giỗ Tổ Fri 16/4; 30/4 Fri, 1/5 Sat → Mon 3/5; 2/9 Thu with Fri 3/9.
        assert_eq!(
            weekdays_off(2027),
            [
                d(2027, 1, 1),
                d(2027, 2, 5),
                d(2027, 2, 8),
                d(2027, 2, 9),
                d(2027, 2, 10),
                d(2027, 2, 11),
                d(2027, 4, 16),
                d(2027, 4, 30),
                d(2027, 5, 3),
                d(2027, 9, 2),
                d(2027, 9, 3),
            ]
        );
        assert!(statutory(2027).iter().all(|d| d.certainty == Certainty::Derived));
        let lieu = statutory(2027).into_iter().find(|x| x.date == d(2027, 5, 3)).unwrap();
        assert_eq!(lieu.name.vi, "Nghỉ bù Quốc tế Lao động (01/05)");
    }

    #[test]
    fn twenty_twenty_eight() {
        // Sat 1/1 → Mon 3/1; Tết Wed 26/1 (25–29/1, Sat 29/1 → Mon 31/1); Giỗ Tổ Tue 4/4;
        // 30/4 Sun, 1/5 Mon → Tue 2/5; 2/9 Sat with Fri 1/9 → Mon 4/9.
        assert_eq!(
            weekdays_off(2028),
            [
                d(2028, 1, 3),
                d(2028, 1, 25),
                d(2028, 1, 26),
                d(2028, 1, 27),
                d(2028, 1, 28),
                d(2028, 1, 31),
                d(2028, 4, 4),
                d(2028, 5, 1),
                d(2028, 5, 2),
                d(2028, 9, 1),
                d(2028, 9, 4),
            ]
        );
    }

    #[test]
    fn twenty_twenty_nine_and_twenty_thirty() {
        // 2029: Mon 1/1; Tết Tue 13/2 (12–16/2); Giỗ Tổ Mon 23/4; 30/4 Mon, 1/5 Tue; 2/9 Sun
        // with Mon 3/9, Sunday made up Tue 4/9.
        assert_eq!(
            weekdays_off(2029),
            [
                d(2029, 1, 1),
                d(2029, 2, 12),
                d(2029, 2, 13),
                d(2029, 2, 14),
                d(2029, 2, 15),
                d(2029, 2, 16),
                d(2029, 4, 23),
                d(2029, 4, 30),
                d(2029, 5, 1),
                d(2029, 9, 3),
                d(2029, 9, 4),
            ]
        );
        // 2030: Tue 1/1; Tết Sat 2/2 in Vietnam (3/2 in China): eve Fri 1/2, 2–5/2, the
        // weekend made up Wed 6 and Thu 7/2; Giỗ Tổ Fri 12/4; 30/4 Tue, 1/5 Wed; 2/9 Mon with
        // Tue 3/9.
        assert_eq!(
            weekdays_off(2030),
            [
                d(2030, 1, 1),
                d(2030, 2, 1),
                d(2030, 2, 4),
                d(2030, 2, 5),
                d(2030, 2, 6),
                d(2030, 2, 7),
                d(2030, 4, 12),
                d(2030, 4, 30),
                d(2030, 5, 1),
                d(2030, 9, 2),
                d(2030, 9, 3),
            ]
        );
    }

    #[test]
    fn every_year_has_the_eleven_days_of_the_law_and_no_day_twice() {
        for year in 2000..=2100 {
            let all = statutory(year);
            let law = all.iter().filter(|d| !d.name.vi.starts_with("Nghỉ bù")).count();
            assert_eq!(law, 11, "{year}");
            let mut seen = dates(year);
            seen.dedup();
            assert_eq!(seen.len(), all.len(), "{year}");
            // Every holiday on a weekend has its day in lieu on a weekday.
            let on_weekend = all.iter().filter(|d| weekend(d.date)).count();
            let lieu = all.iter().filter(|d| d.name.vi.starts_with("Nghỉ bù")).count();
            assert_eq!(on_weekend, lieu, "{year}");
        }
    }
}
