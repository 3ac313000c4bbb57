//! The Vietnamese lunisolar calendar (âm lịch), for the two statutory holidays it places: Tết
//! Nguyên đán (1st of the 1st month) and Giỗ Tổ Hùng Vương (10th of the 3rd month).
//!
//! Months begin on the day of the new moon and the winter solstice falls in the 11th month, as in
//! the Chinese calendar, but days are reckoned in Vietnam's time zone (UTC+7, since 1968) rather
//! than Beijing's (UTC+8): when a new moon falls between 16:00 and 17:00 UTC the two calendars
//! start a month on different days (Tết 1985 and 2007 are the known cases). No maintained crate
//! computes it for UTC+7 (`chinese-lunisolar-calendar` and its kin are tables for China), so this
//! is a small implementation of the standard method: the new moon from Jean Meeus's series
//! (*Astronomical Algorithms*, ch. 49, truncated to the terms that matter at a day's precision)
//! and the sun's longitude (ch. 25, low precision); the leap month is the first month of the year
//! between two 11th months that contains no major solar term. Tested against published dates of
//! Tết and of Giỗ Tổ.

use chrono::{Datelike, NaiveDate};

/// Vietnam's offset from UTC, in hours.
const TIME_ZONE: f64 = 7.0;
const SYNODIC_MONTH: f64 = 29.530588853;
/// Julian day number of the new moon of 1900-01-01 (Meeus's epoch for `k`).
const EPOCH_NEW_MOON: f64 = 2415021.076998695;

fn julian_day(date: NaiveDate) -> i64 {
    // chrono counts days from 0001-01-01 (day 1); JDN 1721426 is that day.
    i64::from(date.num_days_from_ce()) + 1_721_425
}

fn from_julian_day(jd: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jd - 1_721_425).ok()?)
}

/// The moment (Julian day, UT) of the `k`-th new moon after the one of 1900-01-01.
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = std::f64::consts::PI / 180.0;
    let mut jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    // Mean anomalies of the sun and the moon, and the moon's argument of latitude.
    let m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * dr;
    let mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * dr;
    let f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * dr;
    let mut c = (0.1734 - 0.000393 * t) * m.sin() + 0.0021 * (2.0 * m).sin();
    c -= 0.4068 * mp.sin() - 0.0161 * (2.0 * mp).sin();
    c -= 0.0004 * (3.0 * mp).sin();
    c += 0.0104 * (2.0 * f).sin() - 0.0051 * (m + mp).sin();
    c -= 0.0074 * (m - mp).sin() - 0.0004 * (2.0 * f + m).sin();
    c -= 0.0004 * (2.0 * f - m).sin() + 0.0006 * (2.0 * f + mp).sin();
    c += 0.0010 * (2.0 * f - mp).sin() + 0.0005 * (2.0 * mp + m).sin();
    // Terrestrial minus universal time, in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd + c - delta_t
}

/// The local day (Julian day number) on which the `k`-th new moon falls.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k as f64) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// The sun's apparent longitude at the start of local day `jdn`, as the index (0–11) of the
/// 30° sector it is in (0: from the spring equinox; 9: from the winter solstice).
fn sun_sector(jdn: i64) -> i64 {
    let dr = std::f64::consts::PI / 180.0;
    let t = (jdn as f64 - 0.5 - TIME_ZONE / 24.0 - 2451545.0) / 36525.0;
    let t2 = t * t;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin()
        + (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin()
        + 0.000290 * (dr * 3.0 * m).sin();
    let longitude = ((l0 + dl) % 360.0 + 360.0) % 360.0;
    (longitude / 30.0).floor() as i64
}

/// The first day of the 11th lunar month (the one holding the winter solstice) of solar `year`.
fn month_11_start(year: i32) -> Option<i64> {
    let off = julian_day(NaiveDate::from_ymd_opt(year, 12, 31)?) as f64 - 2415021.0;
    let k = (off / SYNODIC_MONTH).floor() as i64;
    let day = new_moon_day(k);
    // The new moon found is after the solstice: the 11th month began a moon earlier.
    Some(if sun_sector(day) >= 9 { new_moon_day(k - 1) } else { day })
}

/// Which month after the 11th (1 = the 12th…) is the leap month of a 13-month year that starts
/// at `a11`: the first without a major solar term, so its sector does not change.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// The solar date of `day` of lunar `month` (1–12; `leap` for the leap month of that number) of
/// the lunar year that begins in solar `year`. `None` for a leap month the year does not have.
pub fn to_solar(day: u32, month: u32, year: i32, leap: bool) -> Option<NaiveDate> {
    if !(1..=30).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let (a11, b11) = if month < 11 {
        (month_11_start(year - 1)?, month_11_start(year)?)
    } else {
        (month_11_start(year)?, month_11_start(year + 1)?)
    };
    let k = (0.5 + (a11 as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH).floor() as i64;
    let mut off = (i64::from(month) + 12 - 11) % 12;
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        let leap_month = (leap_off - 2 + 12) % 12;
        if leap && i64::from(month) != leap_month {
            return None;
        }
        if leap || off >= leap_off {
            off += 1;
        }
    } else if leap {
        return None;
    }
    let start = new_moon_day(k + off);
    from_julian_day(start + i64::from(day) - 1)
}

/// Tết Nguyên đán of solar `year`: the first day of its lunar year.
pub fn tet(year: i32) -> Option<NaiveDate> {
    to_solar(1, 1, year, false)
}

/// Giỗ Tổ Hùng Vương of solar `year`: the 10th day of the 3rd lunar month.
pub fn hung_kings(year: i32) -> Option<NaiveDate> {
    to_solar(10, 3, year, false)
}

/// The lunar new year's eve before Tết of solar `year` (the 29th or 30th of the 12th month).
pub fn new_years_eve(year: i32) -> Option<NaiveDate> {
    tet(year)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Tết as published in Vietnam (lịch vạn niên / the Government's holiday notices), 1968,
    /// 1985, 2007 and 2030 included: there the Vietnamese calendar starts the year on another
    /// day than the Chinese one (China: 30/1/1968, 20/2/1985, 18/2/2007, 3/2/2030), because of
    /// the time zone.
    const TET: [(i32, u32, u32); 45] = [
        (1968, 1, 29),
        (1985, 1, 21),
        (1990, 1, 27),
        (1991, 2, 15),
        (1992, 2, 4),
        (1993, 1, 23),
        (1994, 2, 10),
        (1995, 1, 31),
        (1996, 2, 19),
        (1997, 2, 7),
        (1998, 1, 28),
        (1999, 2, 16),
        (2000, 2, 5),
        (2001, 1, 24),
        (2002, 2, 12),
        (2003, 2, 1),
        (2004, 1, 22),
        (2005, 2, 9),
        (2006, 1, 29),
        (2007, 2, 17),
        (2008, 2, 7),
        (2009, 1, 26),
        (2010, 2, 14),
        (2011, 2, 3),
        (2012, 1, 23),
        (2013, 2, 10),
        (2014, 1, 31),
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        // China: 3/2/2030. The new moon falls at 23:07 in Hà Nội, 00:07 in Beijing.
        (2030, 2, 2),
        (2031, 1, 23),
        (2032, 2, 11),
    ];

    #[test]
    fn tet_falls_on_the_published_days_for_over_thirty_years() {
        for (y, m, day) in TET {
            assert_eq!(tet(y), Some(d(y, m, day)), "Tết {y}");
        }
    }

    #[test]
    fn the_hung_kings_day_falls_on_the_published_days() {
        // 10/3 lunar, as the Government's notices gave it.
        let published = [
            (2019, 4, 14),
            (2020, 4, 2),
            (2021, 4, 21),
            (2022, 4, 10),
            (2023, 4, 29),
            (2024, 4, 18),
            (2025, 4, 7),
            (2026, 4, 26),
        ];
        for (y, m, day) in published {
            assert_eq!(hung_kings(y), Some(d(y, m, day)), "Giỗ Tổ {y}");
        }
    }

    #[test]
    fn leap_months_exist_only_where_the_sky_puts_them() {
        // 2023 had a leap 2nd month (2023-03-22 → 2023-04-19); 2025 a leap 6th month.
        assert_eq!(to_solar(1, 2, 2023, true), Some(d(2023, 3, 22)));
        assert_eq!(to_solar(1, 3, 2023, false), Some(d(2023, 4, 20)));
        assert_eq!(to_solar(1, 6, 2025, true), Some(d(2025, 7, 25)));
        assert_eq!(to_solar(1, 2, 2024, true), None, "2024 has no leap month");
        assert_eq!(to_solar(1, 5, 2023, true), None, "2023's leap month is the 2nd");
        assert_eq!(to_solar(31, 1, 2024, false), None);
        assert_eq!(new_years_eve(2026), Some(d(2026, 2, 16)));
    }
}
