use chrono::{NaiveDate, Weekday};

use super::{days_between, Calendar, DateError};
use crate::syntax::ast::ShortMonths;

fn d(text: &str) -> NaiveDate {
    text.parse().expect("test dates are valid")
}

fn weekdays() -> Calendar {
    Calendar::default()
}

#[test]
fn business_days_count_from_the_day_after() {
    // Monday 2026-03-16 + 5 business days = the next Monday.
    assert_eq!(
        weekdays().add_business_days(d("2026-03-16"), 5),
        Some(d("2026-03-23"))
    );
    // Monday + 1 = Tuesday, not Monday itself.
    assert_eq!(
        weekdays().add_business_days(d("2026-03-16"), 1),
        Some(d("2026-03-17"))
    );
    assert_eq!(
        weekdays().add_business_days(d("2026-03-16"), 0),
        Some(d("2026-03-16"))
    );
}

#[test]
fn business_days_skip_the_weekend() {
    // Friday + 1 = Monday.
    assert_eq!(
        weekdays().add_business_days(d("2026-03-20"), 1),
        Some(d("2026-03-23"))
    );
    // Saturday + 5 = the Friday after (Sunday does not count).
    assert_eq!(
        weekdays().add_business_days(d("2026-11-28"), 5),
        Some(d("2026-12-04"))
    );
    // Sunday + 1 = Monday.
    assert_eq!(
        weekdays().add_business_days(d("2026-11-29"), 1),
        Some(d("2026-11-30"))
    );
}

#[test]
fn business_days_skip_holidays() {
    let cal = Calendar::new(
        &[
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
        vec![d("2026-12-25")],
        ShortMonths::Error,
    );
    // Thursday 24 Dec + 1 = Monday 28 Dec: Christmas Friday is a holiday.
    assert_eq!(
        cal.add_business_days(d("2026-12-24"), 1),
        Some(d("2026-12-28"))
    );
    assert!(!cal.is_business_day(d("2026-12-25")));
    assert!(cal.is_business_day(d("2026-12-24")));
}

#[test]
fn business_days_backwards() {
    // Monday - 1 business day = the Friday before.
    assert_eq!(
        weekdays().add_business_days(d("2026-03-23"), -1),
        Some(d("2026-03-20"))
    );
}

#[test]
fn no_business_weekdays_gives_no_date() {
    let cal = Calendar::new(&[], vec![], ShortMonths::Error);
    assert_eq!(cal.add_business_days(d("2026-03-16"), 1), None);
    assert_eq!(cal.next_business_day_on_or_after(d("2026-03-16")), None);
}

#[test]
fn next_business_day_on_or_after() {
    let cal = weekdays();
    assert_eq!(
        cal.next_business_day_on_or_after(d("2026-03-16")),
        Some(d("2026-03-16"))
    );
    assert_eq!(
        cal.next_business_day_on_or_after(d("2026-03-21")),
        Some(d("2026-03-23"))
    );
    assert_eq!(
        cal.next_business_day_on_or_after(d("2026-03-22")),
        Some(d("2026-03-23"))
    );
}

#[test]
fn months_keep_the_day() {
    assert_eq!(
        weekdays().add_months(d("2026-01-15"), 1),
        Ok(d("2026-02-15"))
    );
    assert_eq!(
        weekdays().add_months(d("2026-01-31"), 12),
        Ok(d("2027-01-31"))
    );
    assert_eq!(
        weekdays().add_months(d("2026-03-31"), -1),
        Err(DateError::NoSuchDay {
            year: 2026,
            month: 2,
            day: 31
        })
    );
}

#[test]
fn a_missing_day_is_an_error_unless_the_policy_says() {
    let strict = weekdays();
    assert_eq!(
        strict.add_months(d("2026-01-31"), 1),
        Err(DateError::NoSuchDay {
            year: 2026,
            month: 2,
            day: 31
        })
    );
    // 29 February exists only in leap years.
    assert_eq!(
        strict.add_months(d("2024-02-29"), 12),
        Err(DateError::NoSuchDay {
            year: 2025,
            month: 2,
            day: 29
        })
    );
    assert_eq!(strict.add_months(d("2024-02-29"), 48), Ok(d("2028-02-29")));

    let last = Calendar::new(&[Weekday::Mon], vec![], ShortMonths::LastDay);
    assert_eq!(last.add_months(d("2026-01-31"), 1), Ok(d("2026-02-28")));
    assert_eq!(last.add_months(d("2028-01-31"), 1), Ok(d("2028-02-29")));

    let next = Calendar::new(&[Weekday::Mon], vec![], ShortMonths::FirstDayOfNextMonth);
    assert_eq!(next.add_months(d("2026-01-31"), 1), Ok(d("2026-03-01")));
}

#[test]
fn months_out_of_range() {
    assert_eq!(
        weekdays().add_months(d("2026-01-15"), i64::MAX),
        Err(DateError::OutOfRange)
    );
    assert_eq!(
        weekdays().add_months(NaiveDate::MAX, 1),
        Err(DateError::OutOfRange)
    );
}

/// Day by day, as the rule reads: the reference the week-skipping count
/// must agree with.
fn stepped(calendar: &Calendar, day: NaiveDate, n: i64) -> Option<NaiveDate> {
    let mut current = day;
    for _ in 0..n.unsigned_abs() {
        loop {
            current = if n > 0 {
                current.succ_opt()?
            } else {
                current.pred_opt()?
            };
            if calendar.is_business_day(current) {
                break;
            }
        }
    }
    Some(current)
}

#[test]
fn business_days_without_holidays_agree_with_stepping_day_by_day() {
    let all = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    // Every non-empty set of business weekdays.
    for mask in 1u8..128 {
        let days: Vec<Weekday> = all
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, w)| *w)
            .collect();
        let calendar = Calendar::new(&days, Vec::new(), ShortMonths::Error);
        for start in 0..7 {
            let day = d("2026-03-16") + chrono::Days::new(start);
            for n in -40..=40 {
                assert_eq!(
                    calendar.add_business_days(day, n),
                    stepped(&calendar, day, n),
                    "mask {mask:07b}, {day} + {n}"
                );
            }
        }
    }
}

#[test]
fn business_days_past_the_calendar_are_none_at_once() {
    assert_eq!(
        weekdays().add_business_days(d("2026-03-16"), i64::MAX),
        None
    );
    assert_eq!(
        weekdays().add_business_days(d("2026-03-16"), i64::MIN),
        None
    );
}

#[test]
fn days_between_counts_as_chrono_subtracts() {
    let days = [
        NaiveDate::MIN,
        d("-0001-12-31"),
        d("0000-01-01"),
        d("0000-02-29"),
        d("0000-03-01"),
        d("0001-01-01"),
        d("1900-02-28"),
        d("1900-03-01"),
        d("2000-02-29"),
        d("2026-01-01"),
        d("2026-03-16"),
        d("2027-01-01"),
        d("9999-12-31"),
        NaiveDate::MAX,
    ];
    for later in days {
        for earlier in days {
            assert_eq!(
                days_between(later, earlier),
                (later - earlier).num_days(),
                "{later} - {earlier}"
            );
        }
    }
    assert_eq!(days_between(d("2027-01-01"), d("2026-01-01")), 365);
    assert_eq!(days_between(d("2026-01-01"), d("2027-01-01")), -365);
}
