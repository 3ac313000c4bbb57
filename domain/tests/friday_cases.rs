//! Dated cases from the official 2023–2026 calendar (the project's seed data), and properties
//! that must hold for any arrival.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use motcua_domain::calendar::Calendar;
use motcua_domain::catalogue::{Level, ProcessingTime};
use motcua_domain::friday::{
    legal_result_for_arrival, outcome, outcome_at, Advice, LegalReason, Outcome, Visit, Warning,
};
use motcua_domain::office::{FridayProgramme, Office, SeasonHours, Session};
use motcua_domain::schedule::{Closed, Schedule};
use motcua_domain::Text;
use proptest::prelude::*;

fn calendar() -> Calendar {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../../server/data/calendar.json")).unwrap();
    v.as_object_mut().unwrap().remove("_about");
    serde_json::from_value(v).unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn session(a: &str, b: &str) -> Session {
    Session { open: t(a), close: t(b) }
}

/// Hải Dương's seasonal hours; the programme covers a same-day and a 3-day procedure.
fn office() -> Office {
    Office {
        id: "desk".into(),
        name: Text::new("Bộ phận một cửa", "One-stop desk"),
        level: Level::Commune,
        address: Text::new("", ""),
        unit_code: "000.00.00.H00".into(),
        hours: vec![
            SeasonHours {
                from: "04-01".into(),
                to: "10-31".into(),
                morning: session("07:00", "11:30"),
                afternoon: session("13:30", "17:00"),
            },
            SeasonHours {
                from: "11-01".into(),
                to: "03-31".into(),
                morning: session("07:30", "12:00"),
                afternoon: session("13:00", "16:30"),
            },
        ],
        saturday: None,
        friday_programme: FridayProgramme {
            enabled: true,
            cutoff: t("15:30"),
            next_day_by: t("09:00"),
            procedure_ids: vec!["KS".into(), "XN".into(), "LD".into()],
        },
        procedure_ids: vec!["KS".into(), "XN".into(), "RL".into(), "LD".into()],
        branch_of: None,
    }
}

fn processing(id: &str) -> ProcessingTime {
    match id {
        "KS" => ProcessingTime::SameDay,
        "XN" => ProcessingTime::WorkingDays { days: 3 },
        "RL" => ProcessingTime::WorkingDays { days: 5 },
        // In the programme, and long: a Friday gives it sooner.
        "LD" => ProcessingTime::WorkingDays { days: 10 },
        _ => ProcessingTime::Unknown,
    }
}

fn ask(procedure: &str, arrival: &str) -> Advice {
    let (office, calendar) = (office(), calendar());
    outcome(&Visit {
        office: &office,
        calendar: &calendar,
        procedure_id: procedure,
        processing: processing(procedure),
        missing: &[],
        arrival: at(arrival),
    })
}

#[derive(Debug)]
enum Expect {
    SameDay(&'static str),
    NextDay(&'static str),
    Legal(LegalReason, &'static str),
    /// Closed now; opens at the first time; the result then is due at the second.
    Closed(&'static str, &'static str),
}

fn check(procedure: &str, arrival: &str, expect: Expect) {
    let answer = ask(procedure, arrival);
    let o = &answer.outcome;
    let ok = match (&expect, o) {
        (Expect::SameDay(by), Outcome::SameDay { result_by, .. }) => *result_by == at(by),
        (Expect::NextDay(by), Outcome::NextWorkingDay { result_by, .. }) => *result_by == at(by),
        (Expect::Legal(r, by), Outcome::Legal { reason, result_by, .. }) => reason == r && *result_by == Some(at(by)),
        (Expect::Closed(opens, by), Outcome::DeskClosed { opens_at, then, .. }) => {
            *opens_at == at(opens) && then.result_by() == Some(at(by))
        }
        _ => false,
    };
    assert!(ok, "{procedure} arriving {arrival}: expected {expect:?}, got {o:?}");
}

#[test]
fn fridays_in_winter_2026() {
    check("KS", "2026-11-27 10:00", Expect::SameDay("2026-11-27 16:30"));
    check("KS", "2026-11-27 15:30", Expect::SameDay("2026-11-27 16:30"));
    check("KS", "2026-11-27 15:31", Expect::NextDay("2026-11-30 09:00"));
    check("KS", "2026-11-27 07:00", Expect::Closed("2026-11-27 07:30", "2026-11-27 16:30"));
    check("KS", "2026-11-27 12:30", Expect::Closed("2026-11-27 13:00", "2026-11-27 16:30"));
    // After closing on Friday the next opening is Monday, not a Friday: the legal rule applies.
    check("KS", "2026-11-27 16:45", Expect::Closed("2026-11-30 07:30", "2026-11-30 16:30"));
    check("XN", "2026-11-27 09:00", Expect::SameDay("2026-11-27 16:30"));
}

#[test]
fn programme_does_not_cover_every_procedure() {
    check("RL", "2026-11-27 10:00", Expect::Legal(LegalReason::NotInProgramme, "2026-12-04 16:30"));
    check("XN", "2026-11-26 10:00", Expect::Legal(LegalReason::NotFriday, "2026-12-01 16:30"));
}

#[test]
fn swapped_days_and_make_up_saturdays_2026() {
    // Fri 2/1/2026 is swapped off; it is worked on Sat 10/1.
    check("KS", "2026-01-02 09:00", Expect::Closed("2026-01-05 07:30", "2026-01-05 16:30"));
    check("KS", "2026-01-09 15:45", Expect::NextDay("2026-01-10 09:00"));
    check("XN", "2026-01-09 10:00", Expect::SameDay("2026-01-09 16:30"));
    check("XN", "2026-01-08 10:00", Expect::Legal(LegalReason::NotFriday, "2026-01-12 16:30"));
    check("KS", "2026-01-10 09:00", Expect::Legal(LegalReason::NotFriday, "2026-01-10 16:30"));
    check("KS", "2026-01-17 09:00", Expect::Closed("2026-01-19 07:30", "2026-01-19 16:30"));
}

#[test]
fn the_friday_to_suggest_is_a_working_one() {
    // Arriving on the 1/5 holiday: received Monday 4/5, so suggest Friday 8/5, not 1/5.
    match ask("LD", "2026-05-01 09:00").outcome {
        Outcome::DeskClosed { then, .. } => match *then {
            Outcome::Legal { better_friday, .. } => {
                assert_eq!(better_friday, NaiveDate::from_ymd_opt(2026, 5, 8))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    // Wednesday 28/1/2026: the coming Friday 30/1 is a working day.
    match ask("LD", "2026-01-28 10:00").outcome {
        Outcome::Legal { better_friday, reason: LegalReason::NotFriday, .. } => {
            assert_eq!(better_friday, NaiveDate::from_ymd_opt(2026, 1, 30))
        }
        other => panic!("{other:?}"),
    }
    // Thursday 12/2/2026 before Tết: Friday 13/2 is still worked.
    match ask("LD", "2026-02-18 10:00").outcome {
        Outcome::DeskClosed { then, .. } => match *then {
            Outcome::Legal { better_friday, .. } => {
                assert_eq!(better_friday, NaiveDate::from_ymd_opt(2026, 2, 27))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    // Not in the programme: nothing to suggest.
    assert!(matches!(ask("RL", "2026-01-28 10:00").outcome, Outcome::Legal { better_friday: None, .. }));
}

#[test]
fn friday_is_suggested_only_when_it_gives_the_result_sooner() {
    // Thursday 10:00, a same-day procedure: the result comes that afternoon; Friday is later.
    match ask("KS", "2026-11-26 10:00").outcome {
        Outcome::Legal { result_by, better_friday, .. } => {
            assert_eq!(result_by, NaiveDateTime::parse_from_str("2026-11-26 16:30", "%Y-%m-%d %H:%M").ok());
            assert_eq!(better_friday, None, "Friday would be later, not sooner");
        }
        other => panic!("{other:?}"),
    }
    // Three working days from Thursday: Tuesday; the next day's Friday gives it the same day.
    match ask("XN", "2026-11-26 10:00").outcome {
        Outcome::Legal { better_friday, .. } => assert_eq!(better_friday, NaiveDate::from_ymd_opt(2026, 11, 27)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_moment_already_gone_offers_the_next_useful_friday() {
    let (office, calendar) = (office(), calendar());
    let visit = |arrival: &str| Visit {
        office: &office,
        calendar: &calendar,
        procedure_id: "KS",
        processing: processing("KS"),
        missing: &[],
        arrival: at(arrival),
    };
    let past = |arrival: &str, now: &str| match outcome_at(&visit(arrival), at(now)).outcome {
        Outcome::Past { asked, instead } => {
            assert_eq!(asked, at(arrival));
            Some(instead)
        }
        _ => None,
    };
    // Asked on Monday 27/4/2026 about last Friday: the next Friday, 1/5, is Labour Day; 8/5 it is.
    assert_eq!(past("2026-04-24 10:00", "2026-04-27 08:00"), Some(at("2026-05-08 09:00")));
    // Asked on a Friday at 10:15 about 10:00: later the same day still works, from a minute on.
    assert_eq!(past("2026-11-27 10:00", "2026-11-27 10:15"), Some(at("2026-11-27 10:16")));
    // Asked on a Friday at 07:00 about Thursday: nine that morning.
    assert_eq!(past("2026-11-26 10:00", "2026-11-27 07:00"), Some(at("2026-11-27 09:00")));
    // After the cut-off on a Friday: the next one.
    assert_eq!(past("2026-11-27 10:00", "2026-11-27 16:00"), Some(at("2026-12-04 09:00")));
    // "Now", sent a moment ago, and anything ahead are answered as usual.
    assert_eq!(outcome_at(&visit("2026-11-27 10:00"), at("2026-11-27 10:00")), ask("KS", "2026-11-27 10:00"));
    assert_eq!(outcome_at(&visit("2026-12-04 10:00"), at("2026-11-27 10:00")), ask("KS", "2026-12-04 10:00"));
}

#[test]
fn tet_2026() {
    check("KS", "2026-02-13 15:45", Expect::NextDay("2026-02-23 09:00"));
    check("KS", "2026-02-20 09:00", Expect::Closed("2026-02-23 07:30", "2026-02-23 16:30"));
    check("XN", "2026-02-12 14:00", Expect::Legal(LegalReason::NotFriday, "2026-02-24 16:30"));
}

#[test]
fn hung_kings_and_30_4_in_summer_2026() {
    // Mon 27/4 is the compensatory day for Giỗ Tổ on Sunday 26/4.
    check("KS", "2026-04-24 10:00", Expect::SameDay("2026-04-24 17:00"));
    check("KS", "2026-04-24 15:45", Expect::NextDay("2026-04-28 09:00"));
    check("KS", "2026-04-24 16:50", Expect::NextDay("2026-04-28 09:00"));
    // Same-day procedure after the legal 15:00 cut-off, before 30/4 and 1/5.
    check("KS", "2026-04-29 15:30", Expect::Legal(LegalReason::NotFriday, "2026-05-04 17:00"));
    check("KS", "2026-05-01 09:00", Expect::Closed("2026-05-04 07:00", "2026-05-04 17:00"));
}

#[test]
fn holidays_of_2025() {
    check("KS", "2025-05-02 09:00", Expect::Closed("2025-05-05 07:00", "2025-05-05 17:00"));
    check("KS", "2025-04-25 15:45", Expect::NextDay("2025-04-26 09:00"));
    check("KS", "2025-08-29 15:45", Expect::NextDay("2025-09-03 09:00"));
    check("KS", "2025-01-24 15:45", Expect::NextDay("2025-02-03 09:00"));
}

#[test]
fn holidays_of_2024_and_late_2023() {
    check("KS", "2024-08-30 15:45", Expect::NextDay("2024-09-04 09:00"));
    check("KS", "2024-05-03 15:45", Expect::NextDay("2024-05-04 09:00"));
    check("KS", "2024-04-26 15:45", Expect::NextDay("2024-05-02 09:00"));
    check("KS", "2024-02-09 09:00", Expect::Closed("2024-02-15 07:30", "2024-02-15 16:30"));
    check("KS", "2024-02-02 10:00", Expect::SameDay("2024-02-02 16:30"));
    check("KS", "2023-12-29 15:45", Expect::NextDay("2024-01-02 09:00"));
}

#[test]
fn season_boundaries() {
    check("KS", "2026-10-30 16:45", Expect::NextDay("2026-11-02 09:00"));
    check("KS", "2026-03-27 16:45", Expect::Closed("2026-03-30 07:30", "2026-03-30 16:30"));
}

#[test]
fn answers_past_the_published_calendar_say_so() {
    assert!(ask("KS", "2026-12-25 10:00").warnings.is_empty());
    let a = ask("KS", "2027-01-08 10:00");
    assert!(matches!(a.outcome, Outcome::SameDay { .. }));
    assert_eq!(a.warnings, vec![Warning::BeyondPublishedCalendar]);
    // 1/1/2027 is not in the data yet: the answer counts it as a working day, and warns.
    let a = ask("KS", "2026-12-31 15:40");
    assert_eq!(a.outcome.result_by(), Some(at("2027-01-01 16:30")));
    assert_eq!(a.warnings, vec![Warning::BeyondPublishedCalendar]);
}

#[test]
fn undecided_days_off_are_counted_off_with_a_warning() {
    // 24/11/2026 (Vietnamese Culture Day) is announced, not decided.
    let a = ask("XN", "2026-11-19 10:00");
    assert_eq!(a.outcome.result_by(), Some(at("2026-11-25 16:30")));
    assert!(
        matches!(&a.warnings[..], [Warning::UnconfirmedDayOff(d)] if d.date == NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
    );
}

#[test]
fn incomplete_and_unknown_procedures_get_no_promise() {
    let (office, calendar) = (office(), calendar());
    let missing = vec!["Tờ khai".to_string()];
    let visit = |id, missing: &[String]| {
        outcome(&Visit {
            office: &office,
            calendar: &calendar,
            procedure_id: id,
            processing: processing(id),
            missing,
            arrival: at("2026-11-27 10:00"),
        })
    };
    assert_eq!(visit("KS", &missing).outcome, Outcome::Incomplete { missing: missing.clone() });
    assert_eq!(visit("XYZ", &[]).outcome, Outcome::NotReceivedHere);
}

#[test]
fn closed_reasons_are_named() {
    let (office, calendar) = (office(), calendar());
    let s = Schedule::new(&calendar, &office);
    assert!(matches!(s.closed_reason(at("2026-02-17 09:00")), Some(Closed::DayOff(d)) if d.name.vi.contains("Tết")));
    assert_eq!(s.closed_reason(at("2026-11-28 09:00")), Some(Closed::Weekend));
    assert_eq!(s.closed_reason(at("2026-11-26 12:15")), Some(Closed::LunchBreak));
    assert_eq!(s.closed_reason(at("2026-11-26 06:59")), Some(Closed::BeforeOpening));
    assert_eq!(s.closed_reason(at("2026-11-26 16:30")), Some(Closed::AfterClosing));
    assert_eq!(s.closed_reason(at("2026-11-26 16:29")), None);
}

#[test]
fn a_ward_with_saturday_mornings_opens_then() {
    let mut office = office();
    office.saturday = Some(session("07:30", "11:30"));
    let calendar = calendar();
    let s = Schedule::new(&calendar, &office);
    assert!(s.is_open(at("2026-11-28 08:00")));
    assert!(!s.is_open(at("2026-11-28 13:00")));
    // Not on a Saturday that is a day off.
    assert!(!s.is_open(at("2026-01-03 08:00")) || calendar.day_off(at("2026-01-03 08:00").date()).is_none());
}

fn arrival_strategy() -> impl Strategy<Value = NaiveDateTime> {
    // Any minute from September 2023 to the end of 2026.
    let start = at("2023-09-01 00:00");
    (0i64..(3 * 366 + 120) * 24 * 60).prop_map(move |m| start + chrono::Duration::minutes(m))
}

fn procedure_strategy() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("KS"), Just("XN"), Just("RL")]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn results_fall_on_working_days_and_never_before_arrival(a in arrival_strategy(), p in procedure_strategy()) {
        let (office, calendar) = (office(), calendar());
        let answer = outcome(&Visit { office: &office, calendar: &calendar, procedure_id: p, processing: processing(p), missing: &[], arrival: a });
        let by = answer.outcome.result_by().expect("every seeded procedure has a time limit");
        prop_assert!(by >= a, "{by} before arrival {a}");
        prop_assert!(Schedule::new(&calendar, &office).is_working_day(by.date()), "{by} is not a working day");
    }

    #[test]
    fn a_later_arrival_never_gets_an_earlier_legal_date(a in arrival_strategy(), gap in 0i64..(20 * 24 * 60), p in procedure_strategy()) {
        let (office, calendar) = (office(), calendar());
        let s = Schedule::new(&calendar, &office);
        let b = a + chrono::Duration::minutes(gap);
        let (ra, rb) = (legal_result_for_arrival(&s, processing(p), a), legal_result_for_arrival(&s, processing(p), b));
        prop_assert!(ra <= rb, "{p}: arrival {a} → {ra:?}, later {b} → {rb:?}");
    }

    /// Across days this cannot hold: arriving on Thursday evening means being received on
    /// Friday, which the programme serves faster than Thursday morning. That is the programme's
    /// point, and the planner says so; within one day of receipt, later is never better.
    #[test]
    fn a_later_arrival_received_the_same_day_never_gets_an_earlier_answer(a in arrival_strategy(), share in 0.0f64..1.0, p in procedure_strategy()) {
        let (office, calendar) = (office(), calendar());
        let s = Schedule::new(&calendar, &office);
        // b: anywhere between a and the last minute of a's day of receipt.
        let receipt = s.next_opening(a).unwrap().date();
        let last = receipt.and_time(s.closing_time(receipt).unwrap()) - chrono::Duration::minutes(1);
        let b = a + chrono::Duration::minutes(((last - a).num_minutes() as f64 * share) as i64);
        prop_assert_eq!(s.next_opening(b).map(|x| x.date()), Some(receipt));
        let ask = |x| outcome(&Visit { office: &office, calendar: &calendar, procedure_id: p, processing: processing(p), missing: &[], arrival: x }).outcome.result_by();
        prop_assert!(ask(a) <= ask(b), "{p}: {a} → {:?}, {b} → {:?}", ask(a), ask(b));
    }
}
