//! pest's errors in words a policy author knows: which tokens could come next,
//! what was found instead, and where, as a byte span over the whole file.
//!
//! pest names the rules it tried; a few mistakes are recognised from the text
//! around the error first, because there the rule names would mislead: a
//! quoted text left open, a `>` line below a clause's consequences, and a
//! missing `=` or `:` (plain punctuation, which pest only names when asked
//! for its detailed attempts).

use std::sync::Mutex;

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use super::error::ParseError;
use super::parser::{PolicyParser, Rule};
use super::span::Span;

/// The words that start a part of a policy, in the order a file uses them.
const ITEM_WORDS: [&str; 6] = ["fact", "define", "assume", "output", "clause", "precedence"];

/// A value or name, where any of them would do.
const A_VALUE: &str = "a name or a value such as `paid`, `$69` or `15 days`";
const AN_OPERATOR: &str = "an operator (such as `and`, `+` or `is`)";

pub(super) fn syntax_error(source: &str, error: pest::error::Error<Rule>) -> ParseError {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let at = at.min(source.len());
    if let Some(e) = super::hints::before_anything(source, at) {
        return e;
    }
    if let Some(e) = quote_out_of_place(source, at) {
        return e;
    }
    if let Some(e) = text_left_open(source, at) {
        return e;
    }
    if let Some(e) = missing_punctuation(source, at) {
        return e;
    }
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => vec![],
    };
    let found = found_at(source, at);
    if let Some(e) = paren_left_open(source, at, found) {
        return e;
    }
    if let Some(e) = super::hints::after_punctuation(source, at, found, &positives) {
        return e;
    }
    let words = expected_words(&positives, found);
    let help = hint(source, at, &positives, &words, found);
    syntax(
        join_or(&words),
        found_words(found),
        token_span(source, at, found),
        help,
    )
}

pub(super) fn syntax(
    expected: String,
    found: String,
    span: Span,
    help: Option<String>,
) -> ParseError {
    ParseError::Syntax {
        expected,
        found,
        span: span.into(),
        help,
    }
}

/// Where a zero-width span cannot be drawn (the end of the file), point at
/// the last character instead.
pub(super) fn token_span(source: &str, at: usize, found: &str) -> Span {
    if !found.is_empty() {
        return Span::new(at, at + found.len());
    }
    let end = source.trim_end().len();
    let last = source[..end].chars().next_back().map_or(0, char::len_utf8);
    Span::new(end - last, end)
}

pub(super) fn found_words(found: &str) -> String {
    if found.is_empty() {
        "the end of the file".to_string()
    } else {
        format!("`{found}`")
    }
}

/// What could come next, most useful first, without the alternatives that
/// cannot be what the author meant.
fn expected_words(positives: &[Rule], found: &str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for word in positives.iter().filter_map(|r| describe(*r)) {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let item = |w: &&str| ITEM_WORDS.iter().any(|k| w.trim_matches('`') == *k);
    let ends_statement = found.is_empty() || ITEM_WORDS.contains(&found);
    if words.iter().any(item) {
        // Between items, the header's settings and the end of the file are
        // possible too; a reader wants the list of items.
        words.retain(|w| item(w) || *w == CONSEQUENCE);
    }
    if ends_statement && words.iter().any(|w| *w != AN_OPERATOR) {
        // A statement could have gone on with an operator, but the author
        // has moved on: what is missing is something else.
        words.retain(|w| *w != AN_OPERATOR);
    }
    let values = words.iter().filter(|w| is_value(w)).count();
    if values >= 2 {
        words.retain(|w| !is_value(w) && *w != "`if`");
        words.insert(0, A_VALUE);
    }
    words.sort_by_key(|w| rank(w));
    words
}

const CONSEQUENCE: &str = "a consequence such as `refund 100% of paid`";

fn is_value(word: &str) -> bool {
    [
        "a name",
        "a quoted text",
        "a date (YYYY-MM-DD)",
        "an amount such as `$69.00`",
        "a percentage such as `50%`",
        "a number",
        "a period such as `15 days`",
        "`true` or `false`",
        "an expression",
    ]
    .contains(&word)
}

/// Consequences and items first, operators and the end of the file last.
fn rank(word: &str) -> usize {
    if word == CONSEQUENCE {
        0
    } else if let Some(i) = ITEM_WORDS.iter().position(|k| word.trim_matches('`') == *k) {
        1 + i
    } else if word == AN_OPERATOR {
        20
    } else if word == "the end of the file" {
        21
    } else {
        10
    }
}

fn hint(
    source: &str,
    at: usize,
    positives: &[Rule],
    words: &[&str],
    found: &str,
) -> Option<String> {
    let wants_name = positives
        .iter()
        .any(|r| matches!(r, Rule::ident | Rule::name));
    if wants_name && is_reserved(found) {
        return Some(format!("`{found}` is a reserved word and cannot be a name; choose another, such as `{found}_value`"));
    }
    if let Some(keyword) = near_keyword(positives, found) {
        return Some(format!("did you mean `{keyword}`?"));
    }
    if found.is_empty() {
        let open = last_item(source, at)
            .map(|item| format!(" before `{item}` is complete"))
            .unwrap_or_default();
        return Some(format!("the file ends{open}: is the rest missing?"));
    }
    if words.contains(&CONSEQUENCE) && ITEM_WORDS.contains(&found) {
        let clause = last_item(source, at).filter(|i| i.starts_with("clause "));
        let which = clause.map_or("this clause".to_string(), |c| format!("`{c}`"));
        return Some(format!(
            "{which} has no consequence: add one, such as `refund 100% of paid` or `permit`"
        ));
    }
    if let Some(before) = operator_before(source, at).filter(|_| is_operator(found)) {
        return Some(format!(
            "`{before}` and `{found}` are two operators in a row: is something missing between them, or is one of them extra?"
        ));
    }
    if positives.contains(&Rule::string) && positives.len() == 1 {
        return Some("write text between double quotes: \"like this\"".to_string());
    }
    None
}

/// A keyword the grammar wanted here that `found` is a slip of the pen for.
fn near_keyword(positives: &[Rule], found: &str) -> Option<String> {
    if found.len() < 3 || !found.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    positives
        .iter()
        .filter_map(|r| format!("{r:?}").strip_prefix("kw_").map(str::to_string))
        .filter(|k| k != found && strsim::levenshtein(k, found) <= k.len().min(found.len()) / 4 + 1)
        .min_by_key(|k| strsim::levenshtein(k, found))
}

fn is_operator(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| "+-*/<>=!".contains(c))
}

/// The operator written just before `at`, if the text there ends in one.
fn operator_before(source: &str, at: usize) -> Option<char> {
    source[..at]
        .trim_end()
        .chars()
        .next_back()
        .filter(|c| "+-*/<>=".contains(*c))
}

pub(super) fn is_reserved(word: &str) -> bool {
    PolicyParser::parse(Rule::keyword, word).is_ok_and(|p| p.as_str() == word)
}

/// The token that starts at `at`: a word, a number, or one character.
pub(super) fn found_at(source: &str, at: usize) -> &str {
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

/// The line that holds `at`: where it starts and its text.
pub(super) fn line_at(source: &str, at: usize) -> (usize, &str) {
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    (start, &source[start..end])
}

/// The last item started before `at`, as its first two words (`clause refund.1`).
pub(super) fn last_item(source: &str, at: usize) -> Option<String> {
    source[..at]
        .lines()
        .rev()
        .map(str::trim_start)
        .find(|l| ITEM_WORDS.iter().any(|k| l.starts_with(&format!("{k} "))))
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
}

/// A `>` line where the grammar could not take it: quoted source lines belong
/// straight after a clause's title.
fn quote_out_of_place(source: &str, at: usize) -> Option<ParseError> {
    let (start, line) = line_at(source, at);
    let indent = line.len() - line.trim_start().len();
    if !line.trim_start().starts_with('>') || at <= start + indent {
        return None;
    }
    let clause = last_item(source, start).filter(|i| i.starts_with("clause "))?;
    let span = Span::new(start + indent, start + line.trim_end().len());
    Some(syntax(
        "quoted source lines (`> ...`) straight after the clause's title".to_string(),
        "one below its conditions or consequences".to_string(),
        span,
        Some(format!(
            "move the `>` lines up, to just after `{clause} \"...\"`"
        )),
    ))
}

/// A quoted text whose closing `"` is missing swallows the lines after it,
/// and the error shows up later, where the next `"` closes it. A quoted text
/// in a policy sits on one line, so one that spans lines and closes on the
/// line of the error is the culprit.
fn text_left_open(source: &str, at: usize) -> Option<ParseError> {
    let (open, close) = quoted_texts(source)
        .into_iter()
        .take_while(|(_, close)| *close <= at)
        .last()?;
    let first_line_end = open + source[open..close].find('\n')?;
    if source[close..at].contains('\n') {
        return None;
    }
    let line = source[..close].matches('\n').count() + 1;
    Some(syntax(
        "a closing `\"`".to_string(),
        "the end of the line".to_string(),
        Span::new(open, source[..first_line_end].trim_end().len()),
        Some(format!(
            "this text runs on until the next `\"`, on line {line}; end it on the line where it starts"
        )),
    ))
}

/// A statement that ends while a `(` is still open: the `)` belongs at the
/// end of what was written, not at the next item.
fn paren_left_open(source: &str, at: usize, found: &str) -> Option<ParseError> {
    if !(found.is_empty() || ITEM_WORDS.contains(&found)) {
        return None;
    }
    let (start, _) = line_at(source, statement_start(source, at));
    let text = &source[start..at];
    let open = text.matches('(').count();
    if open <= text.matches(')').count() {
        return None;
    }
    let end = text.trim_end().len();
    let last = text[..end].chars().next_back().map_or(0, char::len_utf8);
    Some(syntax(
        "`)`".to_string(),
        found_words(found),
        Span::new(start + end - last, start + end),
        Some("every `(` needs its `)`: close it where the part in parentheses ends".to_string()),
    ))
}

/// Where the statement that holds `at` starts: its line that begins with a
/// keyword.
fn statement_start(source: &str, at: usize) -> usize {
    let mut start = at;
    for line in source[..at].lines().rev() {
        start = start.saturating_sub(line.len() + 1);
        let first = line.split_whitespace().next().unwrap_or("");
        if ITEM_WORDS.contains(&first) || ["when", "require", ">"].contains(&first) {
            break;
        }
    }
    start.min(at)
}

/// The quoted texts of a file as (opening, closing) byte offsets of their
/// quotes, skipping comments and quoted source lines. A text still open at
/// the end of the file closes at its length.
pub(super) fn quoted_texts(source: &str) -> Vec<(usize, usize)> {
    let bytes = source.as_bytes();
    let mut texts = Vec::new();
    let mut at = 0;
    let mut line_start = true;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' => at = end_of_line(bytes, at),
            b'>' if line_start => at = end_of_line(bytes, at),
            b'"' => {
                let open = at;
                at += 1;
                while let Some(&b) = bytes.get(at).filter(|&&b| b != b'"') {
                    at += if b == b'\\' { 2 } else { 1 };
                }
                if at >= bytes.len() {
                    texts.push((open, bytes.len()));
                    break;
                }
                texts.push((open, at));
                line_start = false;
            }
            _ => line_start = false,
        }
        at += 1;
    }
    texts
}

fn end_of_line(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| at + i)
        .saturating_sub(1)
}

/// pest reports only rules, not the plain tokens (`=`, `:`, `)`) a rule
/// wanted, so a missing `=` shows up as an error at the start of the item.
/// Asked again with detailed attempts, pest says which token it wanted
/// further on; that is the error to report when it is punctuation.
fn missing_punctuation(source: &str, at: usize) -> Option<ParseError> {
    let error = reparse_in_detail(source)?;
    let attempts = error.parse_attempts()?;
    let further = attempts.max_position;
    if further <= at {
        return None;
    }
    let mut tokens: Vec<String> = Vec::new();
    for token in attempts.expected_tokens().iter().map(ToString::to_string) {
        if matches!(token.as_str(), " " | "\t" | "\r" | "\n" | "#") {
            continue;
        }
        // Words and character ranges come from inside names and numbers,
        // where the rule names say more.
        if token.is_empty() || token.chars().any(char::is_alphanumeric) {
            return None;
        }
        tokens.push(format!("`{token}`"));
    }
    if tokens.is_empty() {
        return None;
    }
    let found = found_at(source, further);
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let help = attempts
        .call_stacks()
        .iter()
        .find_map(|stack| stack.deepest.get_rule().and_then(|r| shape_of(*r)))
        .map(str::to_string);
    Some(syntax(
        join_or(&words),
        found_words(found),
        token_span(source, further, found),
        help,
    ))
}

/// Detailed attempts are a process-wide switch in pest; they are turned on
/// only for this second parse, one at a time, so the result never depends on
/// another thread.
fn reparse_in_detail(source: &str) -> Option<pest::error::Error<Rule>> {
    static DETAIL: Mutex<()> = Mutex::new(());
    let first_line = source
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    let rule = if first_line.is_some_and(|l| l.starts_with("policy")) {
        Rule::file
    } else {
        Rule::expression_input
    };
    let _one_at_a_time = DETAIL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    pest::set_error_detail(true);
    let result = PolicyParser::parse(rule, source);
    pest::set_error_detail(false);
    result.err()
}

/// How an item reads, for the rules whose punctuation is easy to forget.
fn shape_of(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::definition => Some("a definition reads `define name = ...`"),
        Rule::fact => Some("a fact reads `fact name: type \"what it means\"`"),
        Rule::output => Some("an output reads `output name: type`, or `output name = ...`"),
        Rule::short_months => Some("write `short months: last day`"),
        Rule::paren => Some("every `(` needs its `)`"),
        _ => None,
    }
}

/// A rule as the words a reader would use for it, or nothing for rules a
/// reader has no word for.
fn describe(r: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match r {
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
        | neg | not | kw_unmet => "an expression",
        // `not` starts a value (`not late`) or an operator (`not in`).
        kw_not => return None,
        or | and | eq | ne | lt | le | gt | ge | is | is_not | is_before | is_after | is_on_or_before
        | is_on_or_after | is_at_least | is_at_most | is_more_than | is_less_than | in_list | not_in | add | sub
        | mul | div | of | is_missing | is_set | is_one_of | is_not_one_of | within | rounded | kw_and | kw_or
        | kw_is | kw_in | kw_of | kw_plus | kw_minus | kw_times | kw_divided | kw_within | kw_rounded => {
            AN_OPERATOR
        }
        type_expr | named_type | type_name | one_of_type | list_of_type | optional => {
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
        kw_fact | fact => "`fact`",
        kw_define | definition => "`define`",
        kw_assume | assumption => "`assume`",
        kw_output | output => "`output`",
        kw_clause | clause => "`clause`",
        kw_precedence | precedence => "`precedence`",
        kw_policy | header => "`policy`",
        kw_if => "`if`",
        kw_then => "`then`",
        kw_else => "`else`",
        kw_as => "`as`",
        kw_to => "`to`",
        kw_when => "`when`",
        kw_require | requirement => "`require`",
        // Asides are rare: where a clause's next line is wanted, listing
        // them would only lengthen the message.
        kw_aside | aside => return None,
        aside_note => "a note after `:` saying why the numbers differ",
        kw_permit | permit => "`permit`",
        kw_forbid | forbid => "`forbid`",
        kw_set | set_output => "`set`",
        kw_otherwise | otherwise => "`otherwise`",
        rule_line | consequence | verb_output => CONSEQUENCE,
        when => "`when`",
        kw_naming | blame => "`naming`",
        kw_currency | currency => "`currency`",
        kw_rounding | rounding => "`rounding`",
        kw_business | business_days => "`business days`",
        kw_holiday | holiday => "`holiday`",
        kw_short | short_months => "`short months`",
        _ => return None,
    })
}
