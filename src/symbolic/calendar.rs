//! The calendar as circuits over day numbers (chrono's, from the common
//! era): weekdays, business days with the header's holidays, and months
//! with its short-month rule, exactly as `program::calendar` computes them.

use chrono::{Datelike, NaiveDate};
use num_bigint::BigInt;

use super::bv::Bv;
use super::gates::Gates;
use super::sat::Lit;
use crate::program::Calendar;
use crate::syntax::ast::ShortMonths;

fn big(v: i64) -> BigInt {
    BigInt::from(v)
}

fn day_number(year: i32, month: u32, day: u32) -> i64 {
    NaiveDate::from_ymd_opt(year, month, day).map_or(0, |d| i64::from(d.num_days_from_ce()))
}

/// A quotient and remainder by a positive constant, of a number that may
/// be negative: floor division, as the calendar's arithmetic wants.
fn div_floor(g: &mut Gates, n: &Bv, d: i64) -> (Bv, Bv) {
    // Shift to non-negative by a multiple of d, divide, shift back.
    let shift = if n.lo < big(0) {
        let k = (-&n.lo) / d + 1;
        k * d
    } else {
        big(0)
    };
    let shifted = if shift == big(0) {
        n.clone()
    } else {
        let s = g.bv_const(&shift);
        g.add(n, &s)
    };
    let dv = g.bv_const(&big(d));
    let (q, r) = g.udivmod(&shifted, &dv);
    if shift == big(0) {
        return (q, r);
    }
    let back = g.bv_const(&(shift / d));
    (g.sub(&q, &back), r)
}

/// The weekday of day `z` as seven literals, Monday first (exactly one
/// holds).
pub fn weekday(g: &mut Gates, z: &Bv) -> [Lit; 7] {
    // Day 1 of the era, 0001-01-01, is a Monday.
    let m = g.bv_const(&big(1));
    let from_monday = g.sub(z, &m);
    let (_, r) = div_floor(g, &from_monday, 7);
    let mut days = [Lit::FALSE; 7];
    for (i, day) in days.iter_mut().enumerate() {
        *day = g.eq_const(&r, i as i128);
    }
    days
}

/// Whether `z + offset` is a business day, given `z`'s weekday.
fn is_business_day(
    g: &mut Gates,
    calendar: &Calendar,
    z: &Bv,
    week: &[Lit; 7],
    offset: i64,
) -> Lit {
    let works: Vec<Lit> = (0..7)
        .filter(|&w| calendar.is_business_weekday((w + offset).rem_euclid(7) as u32))
        .map(|w| week[w as usize])
        .collect();
    let weekday_ok = g.or_all(works);
    let holidays: Vec<Lit> = calendar
        .holidays()
        .iter()
        .map(|h| {
            let at = g.bv_const(&big(i64::from(h.num_days_from_ce()) - offset));
            g.eq(z, &at)
        })
        .collect();
    let holiday = g.or_all(holidays);
    g.and(weekday_ok, !holiday)
}

/// The longest run of days in a row that are not business days.
fn longest_rest(calendar: &Calendar) -> i64 {
    let probe = |start: NaiveDate, days: i64| {
        let (mut run, mut best) = (0i64, 0i64);
        let mut day = start;
        for _ in 0..days {
            if calendar.is_business_day(day) {
                run = 0;
            } else {
                run += 1;
                best = best.max(run);
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        best
    };
    let mut best = NaiveDate::from_ymd_opt(2001, 1, 1).map_or(7, |d| probe(d, 14));
    for h in calendar.holidays() {
        if let Some(start) = h.checked_sub_days(chrono::Days::new(14)) {
            best = best.max(probe(start, 28 + 14 * calendar.holidays().len() as i64));
        }
    }
    best
}

/// `the next business day on or after z`: `(day, fails)`.
pub fn next_business_day(g: &mut Gates, calendar: &Calendar, z: &Bv) -> (Bv, Lit) {
    if !calendar.has_business_days() {
        return (z.clone(), Lit::TRUE);
    }
    let week = weekday(g, z);
    let rest = longest_rest(calendar);
    // From the furthest candidate back, so the nearest business day wins.
    let far = g.bv_const(&big(rest));
    let mut result = g.add(z, &far);
    for offset in (0..=rest).rev() {
        let ok = is_business_day(g, calendar, z, &week, offset);
        let c = g.bv_const(&big(offset));
        let here = g.add(z, &c);
        result = g.ite(ok, &here, &result);
    }
    let (lo, hi) = chrono_range();
    let inside = g.within(&result, &big(lo), &big(hi));
    (result, !inside)
}

/// `z + n business days` for a constant `n`: `(day, fails)`.
pub fn add_business_days(g: &mut Gates, calendar: &Calendar, z: &Bv, n: i64) -> (Bv, Lit) {
    if n == 0 {
        return (z.clone(), Lit::FALSE);
    }
    if !calendar.has_business_days() {
        return (z.clone(), Lit::TRUE);
    }
    let week = weekday(g, z);
    let forward = n > 0;
    // Only holidays on business weekdays move the count.
    let holidays: Vec<i64> = calendar
        .holidays()
        .iter()
        .filter(|h| calendar.is_business_weekday(h.weekday().num_days_from_monday()))
        .map(|h| i64::from(h.num_days_from_ce()))
        .collect();
    // The k-th business weekday after z, for each extra count c of
    // holidays passed: `k + c`.
    let mut candidates = Vec::new();
    for c in 0..=holidays.len() as i64 {
        let k = n.unsigned_abs() as i64 + c;
        candidates.push(nth_business_weekday(g, calendar, z, &week, k, forward));
    }
    // Holidays passed up to the candidate, to a fixed point: at most one
    // more each time, so as many rounds as holidays.
    let mut count = g.bv_int(0);
    let mut result = candidates[0].clone();
    for _ in 0..holidays.len() {
        let mut passed = Vec::new();
        for &h in &holidays {
            let hb = g.bv_const(&big(h));
            let inside = if forward {
                let after = g.lt(z, &hb);
                let upto = g.le(&hb, &result);
                g.and(after, upto)
            } else {
                let before = g.lt(&hb, z);
                let from = g.le(&result, &hb);
                g.and(before, from)
            };
            passed.push(inside);
        }
        count = g.count(&passed);
        result = candidates[0].clone();
        for (c, candidate) in candidates.iter().enumerate().skip(1) {
            let is = g.eq_const(&count, c as i128);
            result = g.ite(is, candidate, &result);
        }
    }
    let _ = count;
    let (lo, hi) = chrono_range();
    let inside = g.within(&result, &big(lo), &big(hi));
    (result, !inside)
}

/// The `k`-th (k >= 1) business weekday after (or before) `z`, holidays
/// aside: whole weeks, then the calendar's table for the weekday.
fn nth_business_weekday(
    g: &mut Gates,
    calendar: &Calendar,
    z: &Bv,
    week: &[Lit; 7],
    k: i64,
    forward: bool,
) -> Bv {
    let mut offset: Option<Bv> = None;
    for (w, &is) in week.iter().enumerate() {
        let days = calendar.business_weekday_reach(w as u32, k as u64, forward);
        let c = g.bv_const(&BigInt::from(if forward { days } else { -days }));
        offset = Some(match offset {
            None => c,
            Some(prev) => g.ite(is, &c, &prev),
        });
    }
    let offset = offset.unwrap_or_else(|| g.bv_int(0));
    g.add(z, &offset)
}

/// `z + k months` (`k` a constant) under the short-month rule:
/// `(day, fails)`.
pub fn add_months(g: &mut Gates, calendar: &Calendar, z: &Bv, k: i64) -> (Bv, Lit) {
    let (year, month, day) = civil(g, z);
    // Months from year 0: 12 * year + (month - 1) + k.
    let twelve = g.bv_int(12);
    let ym = g.mul(&year, &twelve);
    let m0 = g.add(&ym, &month);
    let kc = g.bv_const(&big(k - 1));
    let total = g.add(&m0, &kc);
    let (y2, m2) = div_floor(g, &total, 12);
    let (first_year, last_year) = (
        i64::from(NaiveDate::MIN.year()),
        i64::from(NaiveDate::MAX.year()),
    );
    let in_years = g.within(&y2, &big(first_year), &big(last_year));
    let y2 = g.clamp(&y2, &big(first_year), &big(last_year));
    let one = g.bv_int(1);
    let m2 = g.add(&m2, &one);
    let dim = days_in_month(g, &y2, &m2);
    let fits = g.le(&day, &dim);
    let first = days_from_civil(g, &y2, &m2, &one);
    let exact = {
        let d = g.sub(&day, &one);
        g.add(&first, &d)
    };
    let (result, no_day) = match calendar.short_months {
        ShortMonths::LastDay => {
            let d = g.sub(&dim, &one);
            let last = g.add(&first, &d);
            (g.ite(fits, &exact, &last), Lit::FALSE)
        }
        ShortMonths::FirstDayOfNextMonth => {
            let next = g.add(&first, &dim);
            (g.ite(fits, &exact, &next), Lit::FALSE)
        }
        ShortMonths::Error => (exact, !fits),
    };
    let past = {
        let (lo, hi) = chrono_range();
        let inside = g.within(&result, &big(lo), &big(hi));
        !inside
    };
    let fails = g.or(!in_years, no_day);
    let fails = g.or(fails, past);
    (result, fails)
}

/// Year, month (1..=12) and day of the month of day `z`.
fn civil(g: &mut Gates, z: &Bv) -> (Bv, Bv, Bv) {
    // Days from 0000-03-01, as in the usual civil-from-days algorithm.
    let march = g.bv_const(&big(day_number(0, 3, 1)));
    let d = g.sub(z, &march);
    let (era, doe) = div_floor(g, &d, 146_097);
    let a = g.bv_int(1460);
    let (q1, _) = g.udivmod(&doe, &a);
    let b = g.bv_int(36_524);
    let (q2, _) = g.udivmod(&doe, &b);
    let c = g.bv_int(146_096);
    let (q3, _) = g.udivmod(&doe, &c);
    let t = g.sub(&doe, &q1);
    let t = g.add(&t, &q2);
    let t = g.sub(&t, &q3);
    let days_365 = g.bv_int(365);
    let (yoe, _) = g.udivmod(&t, &days_365);
    let four = g.bv_int(4);
    let hundred = g.bv_int(100);
    let (y4, _) = g.udivmod(&yoe, &four);
    let (y100, _) = g.udivmod(&yoe, &hundred);
    let y365 = g.mul(&yoe, &days_365);
    let start = g.add(&y365, &y4);
    let start = g.sub(&start, &y100);
    let doy = g.sub(&doe, &start);
    let five = g.bv_int(5);
    let two = g.bv_int(2);
    let d5 = g.mul(&doy, &five);
    let d5 = g.add(&d5, &two);
    let c153 = g.bv_int(153);
    let (mp, _) = g.udivmod(&d5, &c153);
    let m153 = g.mul(&mp, &c153);
    let m153 = g.add(&m153, &two);
    let (mday, _) = g.udivmod(&m153, &five);
    let one = g.bv_int(1);
    let day = g.sub(&doy, &mday);
    let day = g.add(&day, &one);
    let ten = g.bv_int(10);
    let early = g.lt(&mp, &ten);
    let three = g.bv_int(3);
    let nine = g.bv_int(9);
    let plus3 = g.add(&mp, &three);
    let minus9 = g.sub(&mp, &nine);
    let month = g.ite(early, &plus3, &minus9);
    let month = g.clamp(&month, &big(1), &big(12));
    let c400 = g.bv_int(400);
    let ey = g.mul(&era, &c400);
    let y = g.add(&yoe, &ey);
    let jan_feb = g.le(&month, &two);
    let next = g.add(&y, &one);
    let year = g.ite(jan_feb, &next, &y);
    let day = g.clamp(&day, &big(1), &big(31));
    (year, month, day)
}

/// Day number of `year-month-day` (`day` may pass the month's end: it
/// counts on into the next).
fn days_from_civil(g: &mut Gates, year: &Bv, month: &Bv, day: &Bv) -> Bv {
    let one = g.bv_int(1);
    let two = g.bv_int(2);
    let jan_feb = g.le(month, &two);
    let prev = g.sub(year, &one);
    let y = g.ite(jan_feb, &prev, year);
    let (era, yoe) = div_floor(g, &y, 400);
    let three = g.bv_int(3);
    let nine = g.bv_int(9);
    let minus3 = g.sub(month, &three);
    let plus9 = g.add(month, &nine);
    let mp = g.ite(jan_feb, &plus9, &minus3);
    let c153 = g.bv_int(153);
    let five = g.bv_int(5);
    let t = g.mul(&mp, &c153);
    let t = g.add(&t, &two);
    let (t, _) = g.udivmod(&t, &five);
    let doy = g.add(&t, day);
    let doy = g.sub(&doy, &one);
    let c365 = g.bv_int(365);
    let four = g.bv_int(4);
    let hundred = g.bv_int(100);
    let (y4, _) = g.udivmod(&yoe, &four);
    let (y100, _) = g.udivmod(&yoe, &hundred);
    let doe = g.mul(&yoe, &c365);
    let doe = g.add(&doe, &y4);
    let doe = g.sub(&doe, &y100);
    let doe = g.add(&doe, &doy);
    let c146097 = g.bv_int(146_097);
    let e = g.mul(&era, &c146097);
    let days = g.add(&e, &doe);
    let march = g.bv_const(&big(day_number(0, 3, 1)));
    g.add(&days, &march)
}

/// The days in `year`'s `month`.
fn days_in_month(g: &mut Gates, year: &Bv, month: &Bv) -> Bv {
    let (_, r4) = div_floor(g, year, 4);
    let (_, r100) = div_floor(g, year, 100);
    let (_, r400) = div_floor(g, year, 400);
    let by4 = g.eq_const(&r4, 0);
    let by100 = g.eq_const(&r100, 0);
    let by400 = g.eq_const(&r400, 0);
    let century = g.and(by100, !by400);
    let leap = g.and(by4, !century);
    let mut dim = g.bv_int(31);
    for (m, days) in [(4, 30), (6, 30), (9, 30), (11, 30)] {
        let is = g.eq_const(month, m);
        let d = g.bv_int(days);
        dim = g.ite(is, &d, &dim);
    }
    let feb = g.eq_const(month, 2);
    let (d29, d28) = (g.bv_int(29), g.bv_int(28));
    let f = g.ite(leap, &d29, &d28);
    g.ite(feb, &f, &dim)
}

impl Gates {
    /// How many of `lits` hold, as a number.
    pub fn count(&mut self, lits: &[Lit]) -> Bv {
        let mut total = self.bv_int(0);
        for &l in lits {
            let one = Bv {
                bits: vec![l, Lit::FALSE],
                lo: big(0),
                hi: if l == Lit::FALSE { big(0) } else { big(1) },
            };
            total = self.add(&total, &one);
        }
        total
    }
}

/// Day numbers of chrono's first and last days: where `within`'s end date
/// must fall.
pub fn chrono_range() -> (i64, i64) {
    (
        i64::from(NaiveDate::MIN.num_days_from_ce()),
        i64::from(NaiveDate::MAX.num_days_from_ce()),
    )
}
