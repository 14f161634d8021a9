//! Business days and calendar months: the date rules a policy's header sets.
//!
//! - `d + n business days` is the n-th business day after `d`, counting from
//!   the day after `d`; a business day is one of the calendar's weekdays that
//!   is not a holiday. `d - n business days` counts back the same way.
//! - `the next business day on or after d` is `d` itself when `d` is a
//!   business day, else the first business day after it.
//! - `d + n months` keeps the day of the month; when that day does not exist
//!   in the target month, the policy's `short months` rule decides, and
//!   without one it is an error.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::syntax::ast::ShortMonths;

/// A policy's business days and holidays, and what adding months does to a
/// day the target month lacks.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Bit `n` set: weekday `n` (Monday = 0) is a business day.
    weekdays: u8,
    /// Sorted, without duplicates.
    holidays: Vec<NaiveDate>,
    /// What `D + N months` gives when D's day does not exist in the target month.
    pub short_months: ShortMonths,
    /// `reach[back][w][r]`: the calendar days from a day of weekday `w` to
    /// the `r`-th business weekday after it (before it when `back` is 1),
    /// for `r` up to the business weekdays in a week.
    reach: [[[u8; 8]; 7]; 2],
}

/// The days from `earlier` to `later` (`plan_ends - requested`), negative
/// when `later` is earlier. chrono's subtraction gets there through a
/// `TimeDelta` and divisions by 400; the difference of the two days'
/// numbers from the start of the era is the same count, for half the work.
#[inline]
pub fn days_between(later: NaiveDate, earlier: NaiveDate) -> i64 {
    i64::from(later.num_days_from_ce()) - i64::from(earlier.num_days_from_ce())
}

/// Adding months reached a day that does not exist, and the policy has no rule
/// for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Past chrono's range (about 262,000 years either way).
    OutOfRange,
    /// `year-month` has no such day.
    NoSuchDay {
        /// The year landed on.
        year: i32,
        /// The month landed on.
        month: u32,
        /// The day that month does not have.
        day: u32,
    },
}

impl Default for Calendar {
    /// Monday to Friday, no holidays, short months an error.
    fn default() -> Self {
        Calendar::new(
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            vec![],
            ShortMonths::Error,
        )
    }
}

impl Calendar {
    /// The calendar with business days `weekdays`, holidays `holidays` and the
    /// short-month rule `short_months`.
    pub fn new(
        weekdays: &[Weekday],
        mut holidays: Vec<NaiveDate>,
        short_months: ShortMonths,
    ) -> Calendar {
        holidays.sort();
        holidays.dedup();
        let weekdays = weekdays
            .iter()
            .fold(0u8, |mask, d| mask | 1 << d.num_days_from_monday());
        Calendar {
            weekdays,
            holidays,
            short_months,
            reach: [reach(weekdays, 1), reach(weekdays, 6)],
        }
    }

    /// Whether some weekday is a business day.
    pub fn has_business_days(&self) -> bool {
        self.weekdays != 0
    }

    /// The holidays, sorted.
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.holidays
    }

    /// Whether weekday `w` (Monday = 0) is one of the calendar's business
    /// weekdays.
    pub fn is_business_weekday(&self, w: u32) -> bool {
        w < 7 && self.weekdays & (1 << w) != 0
    }

    /// The calendar days from a day of weekday `w` to the `k`-th (`k >= 1`)
    /// business weekday after it (before it, when not `forward`), holidays
    /// aside: what [`Calendar::add_business_days`] steps without holidays.
    pub fn business_weekday_reach(&self, w: u32, k: u64, forward: bool) -> i64 {
        let per_week = u64::from(self.weekdays.count_ones());
        if per_week == 0 || k == 0 {
            return 0;
        }
        let weeks = (k - 1) / per_week;
        let rest = k - weeks * per_week;
        let back = usize::from(!forward);
        let near = self
            .reach
            .get(back)
            .and_then(|r| r.get(w as usize))
            .and_then(|r| r.get(rest as usize))
            .copied()
            .unwrap_or(0);
        i64::try_from(weeks.saturating_mul(7))
            .unwrap_or(i64::MAX)
            .saturating_add(i64::from(near))
    }

    /// Whether `day` is a business weekday and no holiday.
    pub fn is_business_day(&self, day: NaiveDate) -> bool {
        self.weekdays & (1 << day.weekday().num_days_from_monday()) != 0
            && self.holidays.binary_search(&day).is_err()
    }

    /// The `n`-th business day after `day` (before it, for negative `n`).
    /// `None` past the end of the calendar or with no business weekdays.
    pub fn add_business_days(&self, day: NaiveDate, n: i64) -> Option<NaiveDate> {
        if !self.has_business_days() {
            return None;
        }
        let step = |d: NaiveDate| if n >= 0 { d.succ_opt() } else { d.pred_opt() };
        // The weekday moves with the day, so it is worked out once.
        let turn = if n >= 0 { 1 } else { 6 };
        let mut weekday = day.weekday().num_days_from_monday();
        let mut left = n.unsigned_abs();
        if self.holidays.is_empty() && left > 0 {
            // Only weekdays matter, so count calendar days instead of
            // stepping dates: any 7 days in a row hold each business weekday
            // once, so whole weeks go in one step, and the last week's worth
            // of business days is looked up (`reach`).
            let per_week = u64::from(self.weekdays.count_ones());
            let weeks = if left <= per_week {
                0
            } else {
                (left - 1) / per_week
            };
            left -= weeks * per_week;
            let back = usize::from(n < 0);
            let rest = *self
                .reach
                .get(back)?
                .get(weekday as usize)?
                .get(left as usize)?;
            let days = weeks.checked_mul(7)?.checked_add(u64::from(rest))?;
            let days = i64::try_from(days).ok()?;
            let days = if n >= 0 { days } else { -days };
            return day.checked_add_signed(chrono::TimeDelta::try_days(days)?);
        }
        let mut current = day;
        while left > 0 {
            current = step(current)?;
            weekday = (weekday + turn) % 7;
            if self.weekdays & (1 << weekday) != 0 && self.holidays.binary_search(&current).is_err()
            {
                left -= 1;
            }
        }
        Some(current)
    }

    /// `day` if it is a business day, else the first one after it; `None`
    /// without business days or past the calendar's end.
    pub fn next_business_day_on_or_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        if !self.has_business_days() {
            return None;
        }
        let mut current = day;
        while !self.is_business_day(current) {
            current = current.succ_opt()?;
        }
        Some(current)
    }

    /// `day + months months`, by the short-month rule where the day does not exist.
    pub fn add_months(&self, day: NaiveDate, months: i64) -> Result<NaiveDate, DateError> {
        let magnitude = u32::try_from(months.unsigned_abs()).map_err(|_| DateError::OutOfRange)?;
        let first = day.with_day(1).ok_or(DateError::OutOfRange)?;
        let target_first = if months >= 0 {
            first.checked_add_months(Months::new(magnitude))
        } else {
            first.checked_sub_months(Months::new(magnitude))
        }
        .ok_or(DateError::OutOfRange)?;
        if let Some(exact) = target_first.with_day(day.day()) {
            return Ok(exact);
        }
        let next_month = target_first
            .checked_add_months(Months::new(1))
            .ok_or(DateError::OutOfRange)?;
        match self.short_months {
            ShortMonths::LastDay => next_month
                .checked_sub_days(Days::new(1))
                .ok_or(DateError::OutOfRange),
            ShortMonths::FirstDayOfNextMonth => Ok(next_month),
            ShortMonths::Error => Err(DateError::NoSuchDay {
                year: target_first.year(),
                month: target_first.month(),
                day: day.day(),
            }),
        }
    }
}

/// For each weekday, the calendar days to the first, second, ... business
/// weekday when stepping `turn` weekdays at a time (1 forward, 6 back).
fn reach(weekdays: u8, turn: u32) -> [[u8; 8]; 7] {
    let mut table = [[0u8; 8]; 7];
    let per_week = weekdays.count_ones();
    for (start, row) in (0u32..).zip(table.iter_mut()) {
        let (mut weekday, mut found, mut days) = (start, 0usize, 0u8);
        while found < per_week as usize {
            days += 1;
            weekday = (weekday + turn) % 7;
            if weekdays & (1 << weekday) != 0 {
                found += 1;
                if let Some(slot) = row.get_mut(found) {
                    *slot = days;
                }
            }
        }
    }
    table
}

#[cfg(test)]
mod tests;
