//! The values a case may hold: what the facts reader accepts, and so what
//! every proof of `policy check` and `policy diff --prove` quantifies over
//! (docs/analysis.md). Beyond them a case is refused before it is decided.

use chrono::{Datelike, NaiveDate};

/// Money, numbers and percents have magnitude below this (10^15: up to
/// 999,999,999,999,999.99 with cents), at most the places a fact of their
/// type carries (`scale::fact_places`).
pub const DECIMAL_BOUND: i64 = 1_000_000_000_000_000;

/// Counts have magnitude below this (10^9). With decimals below 10^15, a
/// money amount times a count always fits the 28 digits arithmetic keeps
/// exactly.
pub const COUNT_BOUND: i64 = 1_000_000_000;

/// Numbers of days have magnitude below this (10^7, some 27,000 years):
/// any date a case can write, moved by such a number, stays within the
/// calendar chrono keeps (some 262,000 years either way).
pub const DAYS_BOUND: i64 = 10_000_000;

/// The first and last years of a date a case can write (`YYYY-MM-DD`).
pub const FIRST_YEAR: i32 = 0;
/// The last year of a date a case can write.
pub const LAST_YEAR: i32 = 9999;

/// 0000-01-01, as chrono's day number from the common era.
pub fn first_day_number() -> i32 {
    NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).map_or(-365, |d| d.num_days_from_ce())
}

/// 9999-12-31, as chrono's day number from the common era.
pub fn last_day_number() -> i32 {
    NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).map_or(3_652_059, |d| d.num_days_from_ce())
}
