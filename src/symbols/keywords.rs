//! What each word of the language means, in a line (for hover in editors).

const MEANINGS: &[(&str, &str)] = &[
    ("policy", "`policy NAME \"title\"` starts the file; the header's settings follow it."),
    ("currency", "`currency USD`: the three-letter code money amounts are in."),
    ("rounding", "`rounding half away from zero to cents`: how money outputs and `rounded` round."),
    ("business", "`business days Monday to Friday` (header) or `+ 5 business days`: working days, holidays excluded."),
    ("holiday", "`holiday 2026-12-25 \"name\"`: a day that is not a business day."),
    ("short", "`short months: last day`: what `+ N months` gives when the day does not exist."),
    ("fact", "`fact NAME: TYPE \"description\"`: something a case tells, typed."),
    ("define", "`define NAME = EXPRESSION`: a named value computed from the facts, at most once per case."),
    ("assume", "`assume CONDITION \"message\"`: a case that breaks it is rejected, with no decision."),
    ("naming", "`naming a, b` after an assumption: the facts its rejection names."),
    ("output", "`output NAME: TYPE` is decided by clauses; `output NAME = EXPRESSION` is computed after them."),
    ("clause", "`clause ID \"title\"`, its quoted paragraph (`>` lines), then what it decides."),
    ("when", "`when CONDITION`: the clause applies only when this holds."),
    ("require", "`require CONDITION as LABEL`: reported in `unmet requirements of OUTPUT` when it fails; never changes the decision."),
    ("aside", "`aside \"TEXT\": NOTE`: the numbers in TEXT differ between the quote and the logic on purpose (the quote check skips them)."),
    ("as", "`require ... as LABEL`: the label an unmet requirement is reported by."),
    ("set", "`set OUTPUT to VALUE`: a consequence; `X is set` tests that an optional value is there."),
    ("permit", "A consequence of a permission policy: allowed, unless a clause in force forbids."),
    ("forbid", "A consequence of a permission policy: forbidden; forbid beats permit."),
    ("if", "`CONSEQUENCE if CONDITION`: the rule fires when the condition holds; `if C then A else B` chooses a value."),
    ("otherwise", "`..., otherwise CONSEQUENCE`: fires when the rule's condition does not hold."),
    ("then", "`if C then A else B`: A when C holds."),
    ("else", "`if C then A else B`: B when C does not hold."),
    ("precedence", "`precedence a > b > c`: when a applies, b and c are overridden and contribute nothing."),
    ("optional", "`optional TYPE`: the value may be missing; test it with `is set` / `is missing` before reading it."),
    ("one", "`one of a, b, c`: exactly one of the listed values; `X is one of a, b`: membership."),
    ("list", "`list of a, b, c`: any number of the listed values."),
    ("and", "Both hold. In `the higher of A and B`, it separates the two values."),
    ("or", "At least one holds."),
    ("not", "The opposite; `not in` tests that a value is not in a list."),
    ("is", "Equals (`reason is unresolved`); also `is before`, `is at least`, `is missing`, `is one of`, ..."),
    ("in", "`VALUE in LIST`: the list holds the value."),
    ("of", "`50% of paid`: a percentage of an amount; also `the higher of`, `within ... of`."),
    ("within", "`X within N days of D`: D <= X <= D + N days, both ends included."),
    ("missing", "`X is missing`: an optional value is not there."),
    ("rounded", "`X rounded`: X rounded by the header's rule."),
    ("higher", "`the higher of A and B`: the larger of two values of one type."),
    ("greater", "`the greater of A and B`: the larger of two values of one type."),
    ("lower", "`the lower of A and B`: the smaller of two values of one type."),
    ("lesser", "`the lesser of A and B`: the smaller of two values of one type."),
    ("next", "`the next business day on or after D`: D if it is a business day, else the first one after it."),
    ("unmet", "`unmet requirements of OUTPUT`: the labels of the deciding clause's requirements that fail."),
    ("plus", "Addition, as `+`."),
    ("minus", "Subtraction, as `-`."),
    ("times", "Multiplication, as `*`."),
    ("divided", "`divided by`: division, as `/`."),
    ("before", "`X is before Y`: X < Y."),
    ("after", "`X is after Y`: X > Y."),
    ("day", "A period of calendar days: `15 days`, `1 day`."),
    ("days", "A period of calendar days: `15 days`; `days` is also the type of a period."),
    ("week", "Seven days."),
    ("weeks", "Seven days each."),
    ("month", "`D + 1 month`: the same day of the next month (see `short months`)."),
    ("months", "`D + N months`: the same day N months on (see `short months`)."),
    ("year", "Twelve months."),
    ("years", "Twelve months each."),
    ("true", "The bool value true."),
    ("false", "The bool value false."),
];

/// A word of the language and what it does, in one line.
pub fn keyword_meaning(word: &str) -> Option<&'static str> {
    MEANINGS.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

/// Every keyword with a meaning, for completion.
pub fn keywords() -> impl Iterator<Item = (&'static str, &'static str)> {
    MEANINGS.iter().copied()
}
