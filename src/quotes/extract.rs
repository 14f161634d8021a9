//! The numbers a quoted paragraph states: percentages (`50%`, `50 percent`,
//! `half`),
//! amounts (`$69`, `69 USD`), periods (`within 15 days`, `15-day`,
//! `3 to 5 business days`, `thirty days`) and other numbers (`2 issues`),
//! each with where it is written.

use rust_decimal::Decimal;

use super::Amount;

/// A number the text states, with its byte range in that text.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Stated {
    pub amount: Amount,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(Decimal),
    Word(String),
    Symbol(char),
}

/// Every number `text` states. A paragraph number at its very start (`2.`)
/// is not one.
pub(super) fn stated(text: &str) -> Vec<Stated> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    if let [(Token::Number(_), _, _), (Token::Symbol('.'), _, _), ..] = tokens.as_slice() {
        i = 2;
    }
    let word = |k: usize| match tokens.get(k) {
        Some((Token::Word(w), _, _)) => Some(w.as_str()),
        _ => None,
    };
    let symbol = |k: usize| match tokens.get(k) {
        Some((Token::Symbol(c), _, _)) => Some(*c),
        _ => None,
    };
    let number = |k: usize| match tokens.get(k) {
        Some((Token::Number(n), _, _)) => Some(*n),
        _ => None,
    };
    // Where token `k` ends (the text's end past the last).
    let end_of = |k: usize| tokens.get(k).map_or(usize::MAX, |t| t.2);
    while let Some(&(_, start, end)) = tokens.get(i) {
        if let (Some('$' | '€' | '£' | '¥'), Some(n)) = (symbol(i), number(i + 1)) {
            out.push(Stated {
                amount: Amount::Money(n),
                start,
                end: end_of(i + 1),
            });
            i += 2;
            continue;
        }
        // `half`, `a quarter`: shares a paragraph may say in words.
        if let Some(share) = word(i).and_then(|w| match w {
            "half" => Some(50),
            "quarter" => Some(25),
            _ => None,
        }) {
            out.push(Stated {
                amount: Amount::Percent(Decimal::from(share)),
                start,
                end,
            });
            i += 1;
            continue;
        }
        let Some(n) = number(i) else {
            i += 1;
            continue;
        };
        if symbol(i + 1) == Some('%') || word(i + 1) == Some("percent") {
            out.push(Stated {
                amount: Amount::Percent(n),
                start,
                end: end_of(i + 1),
            });
            i += 2;
            continue;
        }
        if word(i + 1) == Some("per") && word(i + 2) == Some("cent") {
            out.push(Stated {
                amount: Amount::Percent(n),
                start,
                end: end_of(i + 2),
            });
            i += 3;
            continue;
        }
        if word(i + 1).is_some_and(|w| {
            ["usd", "dollars", "dollar", "eur", "euros", "gbp", "pounds"].contains(&w)
        }) {
            out.push(Stated {
                amount: Amount::Money(n),
                start,
                end: end_of(i + 1),
            });
            i += 2;
            continue;
        }
        // `3 to 5 business days`: both numbers are periods.
        let mut numbers = vec![(n, start, end)];
        let mut k = i + 1;
        while matches!(word(k), Some("to" | "or" | "and")) || symbol(k) == Some('-') {
            match tokens.get(k + 1) {
                Some((Token::Number(m), s, e)) => {
                    numbers.push((*m, *s, *e));
                    k += 2;
                }
                _ => break,
            }
        }
        if symbol(k) == Some('-') {
            k += 1;
        }
        let business = matches!(word(k), Some("business" | "working"));
        if business || word(k) == Some("calendar") {
            k += 1;
        }
        if let Some(unit) = word(k).and_then(|w| period_unit(w, business)) {
            let unit_end = end_of(k);
            for (m, s, e) in numbers {
                out.push(Stated {
                    amount: unit(m),
                    start: s,
                    end: unit_end.max(e),
                });
            }
            // Each runs to the unit: `3 to 5 business days`, `5 business days`.
            i = k + 1;
            continue;
        }
        for (m, s, e) in numbers {
            out.push(Stated {
                amount: Amount::Number(m),
                start: s,
                end: e,
            });
        }
        i = k.max(i + 1);
    }
    out
}

/// The period a unit word makes of a number, in days or months.
fn period_unit(word: &str, business: bool) -> Option<fn(Decimal) -> Amount> {
    Some(match (word, business) {
        ("day" | "days", true) => |n| Amount::BusinessDays(n),
        ("day" | "days", false) => |n| Amount::Days(n),
        ("week" | "weeks", false) => |n| Amount::Days(n * Decimal::from(7)),
        ("month" | "months", false) => |n| Amount::Months(n),
        ("year" | "years", false) => |n| Amount::Months(n * Decimal::from(12)),
        _ => return None,
    })
}

const NUMBER_WORDS: [(&str, u32); 28] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

fn number_word(word: &str) -> Option<Decimal> {
    let value = |w: &str| NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v);
    match word.split_once('-') {
        // `forty-five`
        Some((tens, units)) => {
            let (t, u) = (value(tens)?, value(units)?);
            (t >= 20 && t % 10 == 0 && u < 10).then(|| Decimal::from(t + u))
        }
        None => value(word).map(Decimal::from),
    }
}

/// Numbers (digits with `,` and `.`, or number words), words (lower case)
/// and single symbols, with their byte ranges.
fn tokens(text: &str) -> Vec<(Token, usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let mut k = 0;
    let char_at = |k: usize| chars.get(k).map(|(_, c)| *c);
    while let Some(&(start, c)) = chars.get(k) {
        if c.is_ascii_digit() {
            let mut j = k;
            while char_at(j).is_some_and(|d| {
                d.is_ascii_digit()
                    || (matches!(d, ',' | '.')
                        && char_at(j + 1).is_some_and(|d| d.is_ascii_digit()))
            }) {
                j += 1;
            }
            let digits: String = text[start..end_of(j)]
                .chars()
                .filter(|c| *c != ',')
                .collect();
            // Part of a word (`24x7`, `B2B`) is no number.
            let glued = chars.get(j).is_some_and(|(_, d)| d.is_alphabetic())
                || k.checked_sub(1)
                    .and_then(char_at)
                    .is_some_and(char::is_alphabetic);
            if let (Ok(n), false) = (digits.parse::<Decimal>(), glued) {
                out.push((Token::Number(n), start, end_of(j)));
            }
            k = j;
        } else if c.is_alphabetic() {
            let mut j = k;
            while char_at(j).is_some_and(|d| {
                d.is_alphabetic()
                    || d == '-'
                        && char_at(j + 1).is_some_and(char::is_alphabetic)
                        && number_word(&text[start..end_of(j)].to_lowercase()).is_some()
            }) {
                j += 1;
            }
            let word = text[start..end_of(j)].to_lowercase();
            match number_word(&word) {
                Some(n) => out.push((Token::Number(n), start, end_of(j))),
                None => out.push((Token::Word(word), start, end_of(j))),
            }
            k = j;
        } else {
            if !c.is_whitespace() {
                out.push((Token::Symbol(c), start, end_of(k + 1)));
            }
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(text: &str) -> Vec<(Amount, &str)> {
        stated(text)
            .into_iter()
            .map(|s| (s.amount, &text[s.start..s.end]))
            .collect()
    }

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn reads_percentages_amounts_and_periods() {
        assert_eq!(
            amounts("will refund 100% of the amount you paid within 15 days of commencement"),
            vec![
                (Amount::Percent(d(100)), "100%"),
                (Amount::Days(d(15)), "15 days")
            ]
        );
        assert_eq!(
            amounts("a minimum of $69 or 50 percent, $1,000.50 and 20 USD"),
            vec![
                (Amount::Money(d(69)), "$69"),
                (Amount::Percent(d(50)), "50 percent"),
                (Amount::Money(Decimal::new(100050, 2)), "$1,000.50"),
                (Amount::Money(d(20)), "20 USD"),
            ]
        );
    }

    #[test]
    fn reads_ranges_hyphens_words_and_skips_paragraph_numbers() {
        assert_eq!(
            amounts("2. We will revert within 3 to 5 business days"),
            vec![
                (Amount::BusinessDays(d(3)), "3 to 5 business days"),
                (Amount::BusinessDays(d(5)), "5 business days"),
            ]
        );
        assert_eq!(
            amounts("a 15-day guarantee, thirty days, one year, 2 weeks"),
            vec![
                (Amount::Days(d(15)), "15-day"),
                (Amount::Days(d(30)), "thirty days"),
                (Amount::Months(d(12)), "one year"),
                (Amount::Days(d(14)), "2 weeks"),
            ]
        );
        assert_eq!(
            amounts("resolve even 1 issue, or forty-five cases, 24x7"),
            vec![
                (Amount::Number(d(1)), "1"),
                (Amount::Number(d(45)), "forty-five")
            ]
        );
    }
}
