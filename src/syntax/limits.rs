//! Limits checked on the raw text before parsing, so that no input can make
//! the recursive-descent parser, the checker or the evaluator overflow the
//! stack: parentheses nest at most [`MAX_NESTING`] deep, and one statement
//! holds at most [`MAX_OPERATORS`] operators (each operator can add a level
//! to an expression tree).

use super::error::ParseError;
use super::span::Span;

/// How deeply parentheses may nest.
pub const MAX_NESTING: usize = 64;
/// Operators and nesting keywords in one statement (a fact, a definition, an
/// assumption, an output, a clause's `when`, rule or requirement).
pub const MAX_OPERATORS: usize = 512;

/// Words that start a statement: the operator count starts again after one.
const STATEMENT_WORDS: [&str; 10] = [
    "policy",
    "fact",
    "define",
    "assume",
    "output",
    "clause",
    "precedence",
    "when",
    "require",
    "holiday",
];
/// Words that combine or nest expressions.
const OPERATOR_WORDS: [&str; 18] = [
    "and", "or", "not", "is", "if", "then", "else", "of", "in", "within", "higher", "lower",
    "greater", "lesser", "next", "plus", "minus", "times",
];

pub(super) fn check(source: &str) -> Result<(), ParseError> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut statement_start = 0usize;
    let mut at = 0usize;
    let mut line_start = true;
    while let Some(&c) = bytes.get(at) {
        match c {
            b'\n' => {
                line_start = true;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            // A comment, or a quoted source line: skip to the end of the line.
            b'#' => at = end_of_line(bytes, at),
            b'>' if line_start => at = end_of_line(bytes, at),
            b'"' => at = end_of_string(bytes, at),
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(ParseError::TooDeep {
                        limit: MAX_NESTING,
                        span: Span::new(at, at + 1).into(),
                    });
                }
                operators += 1;
                at += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                at += 1;
            }
            b'+' | b'-' | b'*' | b'/' | b'<' | b'>' | b'=' | b'!' => {
                operators += 1;
                at += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let end = at
                    + (bytes.iter().skip(at))
                        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                        .count();
                let word = &source[at..end];
                if word == "aside" {
                    // `aside "..." : a note` runs to the end of its line, as
                    // a quoted source line does.
                    operators = 0;
                    statement_start = at;
                    at = end_of_line(bytes, at);
                } else if STATEMENT_WORDS.contains(&word) {
                    operators = 0;
                    statement_start = at;
                } else if OPERATOR_WORDS.contains(&word) {
                    operators += 1;
                }
                at = at.max(end);
            }
            _ => at += 1,
        }
        line_start = false;
        if operators > MAX_OPERATORS {
            let span = Span::new(statement_start, (statement_start + 1).min(source.len()));
            return Err(ParseError::TooComplex {
                limit: MAX_OPERATORS,
                span: span.into(),
            });
        }
    }
    Ok(())
}

fn end_of_line(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The index just past the string starting at `from` (or the end of input).
fn end_of_string(bytes: &[u8], from: usize) -> usize {
    let mut at = from + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_policies_pass() {
        assert!(check("policy p\nfact a: count \"a (b) # c\"\n# (((((\nclause x \"t\"\n  > ((((\n  out a + 1 if a > 0").is_ok());
    }

    #[test]
    fn deep_parentheses_are_refused() {
        let deep = format!("policy p define x = {}1{}", "(".repeat(65), ")".repeat(65));
        assert!(matches!(check(&deep), Err(ParseError::TooDeep { .. })));
        let fine = format!("policy p define x = {}1{}", "(".repeat(64), ")".repeat(64));
        assert!(check(&fine).is_ok());
    }

    #[test]
    fn long_statements_are_refused_but_many_short_ones_pass() {
        let long = format!("policy p define x = {}", vec!["1"; 600].join(" + "));
        assert!(matches!(check(&long), Err(ParseError::TooComplex { .. })));
        let nots = format!("policy p define x = {}true", "not ".repeat(600));
        assert!(matches!(check(&nots), Err(ParseError::TooComplex { .. })));
        let many: String = (0..2000)
            .map(|i| format!("define d{i} = 1 + 1\n"))
            .collect();
        assert!(check(&format!("policy p\n{many}")).is_ok());
    }
}
