//! pest's errors in words a policy author knows: which tokens could come next,
//! what was found instead, and where, as a byte span over the whole file.

use pest::error::{ErrorVariant, InputLocation};

use super::error::ParseError;
use super::parser::Rule;
use super::span::Span;

/// Items a file is made of, for the hint when something else is found.
const ITEM_KEYWORDS: &str = "`fact`, `define`, `assume`, `output`, `clause` or `precedence`";

pub(super) fn syntax_error(source: &str, error: pest::error::Error<Rule>) -> ParseError {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let at = at.min(source.len());
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => vec![],
    };
    let mut words: Vec<&'static str> = Vec::new();
    for r in &positives {
        let word = describe(*r);
        if !words.contains(&word) {
            words.push(word);
        }
    }
    if words
        .iter()
        .filter(|w| w.starts_with("an operator"))
        .count()
        > 0
        && words.len() > 6
    {
        words.retain(|w| !w.starts_with('`') || ITEM_KEYWORDS.contains(*w));
    }
    let expected = join_or(&words);
    let found = found_at(source, at);
    let span = Span::new(at, (at + found.len()).min(source.len()));
    let found_text = if found.is_empty() {
        "the end of the file".to_string()
    } else {
        format!("`{found}`")
    };
    let help = hint(&positives, found);
    ParseError::Syntax {
        expected,
        found: found_text,
        span: span.into(),
        help,
    }
}

fn hint(positives: &[Rule], found: &str) -> Option<String> {
    let wants_name = positives
        .iter()
        .any(|r| matches!(r, Rule::ident | Rule::name));
    if wants_name && is_reserved(found) {
        return Some(format!("`{found}` is a reserved word and cannot be a name; choose another, such as `{found}_value`"));
    }
    if positives.contains(&Rule::kw_fact) || positives.contains(&Rule::kw_clause) {
        return Some(format!("each part of a policy starts with {ITEM_KEYWORDS}"));
    }
    if positives.contains(&Rule::string) && positives.len() == 1 {
        return Some("write text between double quotes: \"like this\"".to_string());
    }
    None
}

fn is_reserved(word: &str) -> bool {
    use pest::Parser as _;
    super::parser::PolicyParser::parse(Rule::keyword, word).is_ok_and(|p| p.as_str() == word)
}

/// The token that starts at `at`: a word, a number, or one character.
fn found_at(source: &str, at: usize) -> &str {
    let rest = source.get(at..).unwrap_or("");
    let word_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(rest.len());
    if word_len > 0 {
        return &rest[..word_len];
    }
    rest.chars()
        .next()
        .map(|c| &rest[..c.len_utf8()])
        .unwrap_or("")
}

fn join_or(words: &[&str]) -> String {
    match words {
        [] => "something else".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A rule as the words a reader would use for it.
fn describe(r: Rule) -> &'static str {
    use Rule::*;
    match r {
        ident | name | variants => "a name",
        clause_id => "a clause id such as `refund.1`",
        string | string_inner => "a quoted text",
        date => "a date (YYYY-MM-DD)",
        money | amount | money_symbol => "an amount such as `$69.00`",
        percent => "a percentage such as `50%`",
        number | integer | decimal => "a number",
        duration | duration_unit => "a period such as `15 days`",
        boolean => "`true` or `false`",
        expr | arith | paren | higher_of | lower_of | next_business_day | if_then_else | unmet_requirements
        | neg | not => "an expression",
        or | and | eq | ne | lt | le | gt | ge | is | is_not | is_before | is_after | is_on_or_before
        | is_on_or_after | is_at_least | is_at_most | is_more_than | is_less_than | in_list | not_in | add | sub
        | mul | div | of | is_missing | is_set | is_one_of | is_not_one_of | within | rounded => {
            "an operator (such as `and`, `+` or `is`)"
        }
        type_expr | named_type | one_of_type | list_of_type | optional => {
            "a type (date, money, number, count, percent, days, bool, text, `one of ...`, `list of ...`)"
        }
        currency_code => "a currency code such as `USD`",
        rounding_mode | half_away | half_even | half_toward | round_up | round_down => {
            "a rounding mode such as `half away from zero`"
        }
        precision | cents | whole_units | places => "`cents`, `whole units` or `N decimal places`",
        weekday | weekday_range | weekday_list => "a weekday such as `Monday`",
        quote => "a quoted source line starting with `>`",
        EOI => "the end of the file",
        kw_fact => "`fact`",
        kw_define => "`define`",
        kw_assume => "`assume`",
        kw_output => "`output`",
        kw_clause => "`clause`",
        kw_precedence => "`precedence`",
        kw_policy => "`policy`",
        kw_if => "`if`",
        kw_then => "`then`",
        kw_else => "`else`",
        kw_as => "`as`",
        kw_of => "`of`",
        kw_to => "`to`",
        kw_and => "`and`",
        kw_when => "`when`",
        kw_require => "`require`",
        kw_permit | permit => "`permit`",
        kw_forbid | forbid => "`forbid`",
        kw_set | set_output => "`set`",
        kw_otherwise | otherwise => "`otherwise`",
        rule_line | consequence | verb_output => "a consequence such as `refund 100% of paid`",
        requirement => "`require`",
        when => "`when`",
        kw_naming | blame => "`naming`",
        kw_currency | currency => "`currency`",
        kw_rounding | rounding => "`rounding`",
        kw_business | business_days => "`business days`",
        kw_holiday | holiday => "`holiday`",
        kw_short | short_months => "`short months`",
        _ => "a keyword",
    }
}
