//! Reading one scalar from its text: shared by both readers, so the fast one
//! can only ever produce the values the complete one produces.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{error, ErrorKind, FactsError};
use crate::check::did_you_mean;
use crate::program::{FactDef, Program, Type};

/// What a date must be, for the error naming the fact.
pub(super) const DATE: &str = "a date \"YYYY-MM-DD\"";

/// A day from a string's content: strictly `YYYY-MM-DD`, and a day that
/// exists. The error is what the text should have been.
#[inline]
pub(super) fn date(s: &[u8]) -> Result<NaiveDate, &'static str> {
    let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = s else {
        return Err(DATE);
    };
    let word = u64::from_le_bytes([y1, y2, y3, y4, m1, m2, d1, d2]);
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    // The eight digits checked at once: a byte is a digit when its high
    // half is 3 and stays 3 with 6 added (no byte carries into the next,
    // as every byte is below 0x40 once the first test holds).
    if word & HIGH != ZEROS || word.wrapping_add(0x0606_0606_0606_0606) & HIGH != ZEROS {
        return Err(DATE);
    }
    // Each digit's value, then each pair's (ten times a byte plus the next;
    // nothing carries, as no pair passes 99): YY YY MM DD in every other byte.
    let digits = word - ZEROS;
    let pairs = (digits * 10 + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let [century, _, years, _, month, _, day, _] = pairs.to_le_bytes().map(u32::from);
    ymd(century * 100 + years, month, day).ok_or("a date \"YYYY-MM-DD\" that exists")
}

/// The day of `year` (at most 9999), `month` and `day`, if it exists: what
/// `NaiveDate::from_ymd_opt` makes, for less work.
#[inline]
pub(super) fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let Some(jan1) = (year as usize)
        .checked_sub(FIRST_YEAR)
        .and_then(|i| JAN1.get(i))
    else {
        return NaiveDate::from_ymd_opt(year as i32, month, day);
    };
    // The day as its year's January 1st moved on (see `scan/tests.rs`).
    let month = MONTHS
        .get(usize::from(jan1.leap_year()))
        .and_then(|months| months.get(month as usize))
        .copied()
        .unwrap_or_default();
    if day == 0 || day > month.days {
        return None;
    }
    jan1.with_ordinal(month.before + day)
}

/// The first year of [`JAN1`].
const FIRST_YEAR: usize = 1600;

/// The January 1st of each year from [`FIRST_YEAR`] to 2399, made when
/// compiling (3.2 kB): nearly every day read is in these years.
// Made when compiling: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
static JAN1: [NaiveDate; 800] = {
    let mut table = [NaiveDate::MIN; 800];
    let mut i = 0;
    while i < table.len() {
        if let Some(day) = NaiveDate::from_ymd_opt((FIRST_YEAR + i) as i32, 1, 1) {
            table[i] = day;
        }
        i += 1;
    }
    table
};

/// A month of a year: its days, and the days of the year before it.
#[derive(Clone, Copy, Default)]
struct Month {
    days: u32,
    before: u32,
}

/// The months of a common year and of a leap year (month 0 has no days).
// Made when compiling: an index out of range fails the build, not a run.
#[allow(clippy::indexing_slicing)]
const MONTHS: [[Month; 13]; 2] = {
    const DAYS: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut months = [[Month { days: 0, before: 0 }; 13]; 2];
    let mut leap = 0;
    while leap < 2 {
        let mut before = 0;
        let mut m = 1;
        while m < 13 {
            let days = DAYS[m] + if m == 2 { leap as u32 } else { 0 };
            months[leap][m] = Month { days, before };
            before += days;
            m += 1;
        }
        leap += 1;
    }
    months
};

/// What an amount of `ty` must be, for the error naming the fact.
pub(super) fn amount_shape(ty: Type) -> &'static str {
    match ty {
        Type::Money => "an amount such as \"199.99\"",
        Type::Percent => "a percentage such as \"12.5\"",
        _ => "a number",
    }
}

/// A money, number or percent fact from its digits: a JSON number as
/// written, or a string's content. `wrong` makes the error for text that is
/// not a number at all.
pub(super) fn amount(
    program: &Program,
    fact: &FactDef,
    digits: &str,
    wrong: impl Fn(&str) -> FactsError,
) -> Result<Decimal, FactsError> {
    let name = &fact.name;
    let digits = digits.trim();
    let digits = if fact.ty == Type::Percent {
        digits.trim_end_matches('%')
    } else {
        digits
    };
    let amount = decimal(digits).map_err(|overflow| {
        if overflow {
            error(
                ErrorKind::Overflow,
                format!(
                    "`{name}` cannot be held exactly: {digits} (at most 28 significant digits)"
                ),
                vec![name.clone()],
            )
        } else {
            wrong(amount_shape(fact.ty))
        }
    })?;
    match finer_than_rounding(program, fact, amount) {
        Some(places) => Err(finer(fact, places, digits)),
        None => Ok(amount),
    }
}

/// The policy's money precision, when `amount` of `fact` is money finer
/// than it: a fraction of a cent has no meaning in its currency, and
/// refunding it would round money into or out of existence.
pub(super) fn finer_than_rounding(
    program: &Program,
    fact: &FactDef,
    amount: Decimal,
) -> Option<u32> {
    let (Type::Money, Some(rounding)) = (fact.ty, program.rounding) else {
        return None;
    };
    let places = rounding.places;
    // Normalising only ever lowers the scale, so an amount written with no
    // more places than the rounding (nearly all) needs no normalising.
    (amount.scale() > places && amount.normalize().scale() > places).then_some(places)
}

fn finer(fact: &FactDef, places: u32, digits: &str) -> FactsError {
    let unit = if places == 2 {
        "cents".to_string()
    } else {
        format!("{places} decimal places")
    };
    error(
        ErrorKind::Type,
        format!(
            "`{}` is finer than the policy's {unit}: {digits}",
            fact.name
        ),
        vec![fact.name.clone()],
    )
}

/// A count or days fact from its raw JSON text.
pub(super) fn whole(
    fact: &FactDef,
    raw: &str,
    wrong: impl Fn(&str) -> FactsError,
) -> Result<i64, FactsError> {
    let what = if fact.ty == Type::Count {
        "a whole number"
    } else {
        "a whole number of days"
    };
    if raw.starts_with('"') || raw.contains(['.', 'e', 'E']) {
        return Err(wrong(what));
    }
    raw.parse::<i64>().map_err(|_| {
        if raw
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            error(
                ErrorKind::Overflow,
                format!("`{}` is too large: {raw}", fact.name),
                vec![fact.name.clone()],
            )
        } else {
            wrong(what)
        }
    })
}

/// An enumeration value's index, by name.
pub(super) fn variant(variants: &[String], word: &str, fact: &str) -> Result<u32, FactsError> {
    match variants.iter().position(|v| v == word) {
        Some(i) => Ok(i as u32),
        None => {
            let hint =
                did_you_mean(word, variants.iter().map(String::as_str)).unwrap_or_else(|| {
                    format!(
                        "the values are {}",
                        variants
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            Err(error(
                ErrorKind::Type,
                format!("`{word}` is not a value of `{fact}`; {hint}"),
                vec![fact.to_string()],
            ))
        }
    }
}

/// A list value's bit in its set. Lists have at most `MAX_LIST_VARIANTS`
/// values, so every index has a bit.
pub(super) fn bit(index: u32) -> u128 {
    1u128.checked_shl(index).unwrap_or(0)
}

/// An exact decimal from its text; `Err(true)` when it is too large.
fn decimal(text: &str) -> Result<Decimal, bool> {
    let plain = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !plain.is_empty()
        && plain
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && plain.bytes().next().is_some_and(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(false);
    }
    if plain.contains(['e', 'E']) {
        return Decimal::from_scientific(text).map_err(|_| true);
    }
    if plain.matches('.').count() > 1 || plain.contains(['+', '-']) {
        return Err(false);
    }
    Decimal::from_str_exact(text).map_err(|_| true)
}
