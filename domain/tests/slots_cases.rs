//! Booking windows on dated cases of the official calendar (the project's seed data): holidays,
//! a make-up Saturday, the lunch break, 15:30 on a programme Friday, the day's last window, and
//! the desk's own time for a device elsewhere.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::{Level, ProcessingTime};
use motcua_domain::office::{FridayProgramme, Office, SeasonHours, Session};
use motcua_domain::schedule::{rfc3339, vietnam_time};
use motcua_domain::slots::{windows, Booking, Desk, Promise, SlotsError, Window};
use motcua_domain::Text;

fn calendar() -> Calendar {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../server/data/calendar.json")).unwrap();
    v.as_object_mut().unwrap().remove("_about");
    serde_json::from_value(v).unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// Winter hours 07:30–12:00 and 13:00–16:30; the programme covers the same-day procedure KS.
fn office() -> Office {
    let session = |a: &str, b: &str| Session { open: t(a), close: t(b) };
    Office {
        id: "desk".into(),
        name: Text::new("Bộ phận một cửa", "One-stop desk"),
        level: Level::Commune,
        address: Text::new("", ""),
        unit_code: "000.00.00.H00".into(),
        hours: vec![SeasonHours {
            from: "01-01".into(),
            to: "12-31".into(),
            morning: session("07:30", "12:00"),
            afternoon: session("13:00", "16:30"),
        }],
        saturday: None,
        friday_programme: FridayProgramme {
            enabled: true,
            cutoff: t("15:30"),
            next_day_by: t("09:00"),
            procedure_ids: vec!["KS".into()],
        },
        procedure_ids: vec!["KS".into(), "RL".into()],
        branch_of: None,
    }
}

const DESK: Desk = Desk { counters: 3, window_minutes: 30 };

/// The windows of `procedure` at the desk from `from` to `to`, asked at `now`.
fn ask(procedure: &str, desk: Desk, from: &str, to: &str, now: NaiveDateTime) -> Result<Vec<Window>, SlotsError> {
    let (office, calendar) = (office(), calendar());
    let processing = if procedure == "KS" { ProcessingTime::SameDay } else { ProcessingTime::WorkingDays { days: 5 } };
    let b = Booking { office: &office, calendar: &calendar, desk, procedure_id: procedure, processing };
    windows(&b, day(from), day(to), now)
}

fn on(date: &str, procedure: &str, desk: Desk) -> Vec<Window> {
    ask(procedure, desk, date, date, at("2020-01-01 00:00")).unwrap()
}

#[test]
fn a_weekday_is_cut_into_windows_around_the_lunch_break() {
    // Thursday 26 November 2026: 9 windows of 30 minutes in the morning, 7 in the afternoon.
    let w = on("2026-11-26", "RL", DESK);
    assert_eq!(w.len(), 9 + 7);
    assert_eq!(w[0].start, at("2026-11-26 07:30"));
    assert_eq!(w[8].end, at("2026-11-26 12:00"), "the morning's last window ends at noon");
    assert_eq!(w[9].start, at("2026-11-26 13:00"), "none in the lunch break");
    assert!(w.iter().all(|x| x.places == 3 && x.promise.is_none()));
    // The day's last window ends at closing time; with 15 minutes there are twice as many.
    assert_eq!(w.last().unwrap().end, at("2026-11-26 16:30"));
    assert_eq!(on("2026-11-26", "RL", Desk { counters: 1, window_minutes: 15 }).len(), 2 * (9 + 7));
}

#[test]
fn holidays_weekends_and_make_up_saturdays() {
    // New Year's Day and the day after it (a Friday given with it): no windows.
    assert!(on("2026-01-01", "KS", DESK).is_empty());
    assert!(on("2026-01-02", "KS", DESK).is_empty());
    // Saturday 10 January 2026 is worked in its place: a weekday's windows.
    assert_eq!(on("2026-01-10", "RL", DESK).len(), 16);
    // An ordinary Saturday and a Sunday: none.
    assert!(on("2026-01-17", "RL", DESK).is_empty());
    assert!(on("2026-01-18", "RL", DESK).is_empty());
    // Tết 2026 (16–20 February): none all week.
    let tet = ask("RL", DESK, "2026-02-16", "2026-02-20", at("2026-01-01 00:00")).unwrap();
    assert!(tet.is_empty());
}

#[test]
fn on_a_programme_friday_windows_until_15_30_promise_the_result_that_day() {
    // Friday 27 November 2026.
    let w = on("2026-11-27", "KS", DESK);
    let promise = |hm: &str| w.iter().find(|x| x.start == at(&format!("2026-11-27 {hm}"))).unwrap().promise;
    assert_eq!(promise("07:30"), Some(Promise::SameDay));
    assert_eq!(promise("15:00"), Some(Promise::SameDay));
    assert_eq!(promise("15:30"), Some(Promise::SameDay), "received at the cut-off: still the same day");
    assert_eq!(promise("16:00"), Some(Promise::NextMorning));
    // Not on another day, nor for a procedure outside the programme.
    assert!(on("2026-11-26", "KS", DESK).iter().all(|x| x.promise.is_none()));
    assert!(on("2026-11-27", "RL", DESK).iter().all(|x| x.promise.is_none()));
    // With 15-minute windows the 15:45 one is the first after the cut-off.
    let quarter = on("2026-11-27", "KS", Desk { counters: 2, window_minutes: 15 });
    let first_late = quarter.iter().find(|x| x.promise == Some(Promise::NextMorning)).unwrap();
    assert_eq!(first_late.start, at("2026-11-27 15:45"));
}

#[test]
fn past_windows_are_not_offered_and_the_desk_keeps_its_own_time() {
    // A phone set to New York at 03:00 on 27 November is 15:00 in Vietnam: the windows left
    // that day start after 15:00, desk time.
    let device = DateTime::parse_from_rfc3339("2026-11-27T03:00:00-05:00").unwrap();
    let now = vietnam_time(device.to_utc());
    assert_eq!(now, at("2026-11-27 15:00"));
    let w = ask("KS", DESK, "2026-11-27", "2026-11-30", now).unwrap();
    assert_eq!(w[0].start, at("2026-11-27 15:30"));
    assert_eq!(rfc3339(w[0].start), "2026-11-27T15:30:00+07:00");
    // Then Monday (the weekend has none).
    assert_eq!(w.iter().filter(|x| x.start.date() == day("2026-11-27")).count(), 2);
    assert_eq!(w[2].start, at("2026-11-30 07:30"));
    assert_eq!(w[2].start.weekday(), Weekday::Mon);
    assert!(w.iter().all(|x| x.start > now && x.start.minute() % 30 == 0));
}

#[test]
fn bad_ranges_and_broken_desks_are_refused() {
    let refused = |from: &str, to: &str, desk: Desk| ask("KS", desk, from, to, at("2026-01-01 00:00")).unwrap_err();
    assert_eq!(refused("2026-11-27", "2026-11-26", DESK), SlotsError::BadRange);
    assert_eq!(refused("2026-11-01", "2026-12-31", DESK), SlotsError::BadRange);
    assert_eq!(refused("2026-11-27", "2026-11-27", Desk { counters: 0, window_minutes: 30 }), SlotsError::BadDesk);
    assert_eq!(refused("2026-11-27", "2026-11-27", Desk { counters: 1, window_minutes: 20 }), SlotsError::BadDesk);
}
