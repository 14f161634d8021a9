//! Mistakes recognised from the words around a syntax error, where the list
//! of what the grammar wanted would only puzzle the author: a character that
//! looks like another, a text left open to the end of the file, a name with
//! letters outside a to z, a period in hours, a percentage without `of`, a
//! test written where a clause wants a consequence.
//!
//! Each help that proposes new words for the labelled ones says so as
//! "replace it with `...`", "write `...`" or "did you mean `...`?", so an
//! editor can offer the change (see the language server's code actions).

use super::error::ParseError;
use super::expected::{is_reserved, last_item, line_at, quoted_texts, syntax};
use super::span::Span;

/// Recognisers that need nothing from pest: the text alone tells.
pub(super) fn before_anything(source: &str, at: usize) -> Option<ParseError> {
    look_alike(source, at)
        .or_else(|| text_open_at_end(source, at))
        .or_else(|| name_with_other_letters(source, at))
}

/// Recognisers for a place where a word or an operator was wanted.
pub(super) fn after_punctuation(
    source: &str,
    at: usize,
    found: &str,
    _positives: &[super::parser::Rule],
) -> Option<ParseError> {
    hours(source, at, found)
        .or_else(|| percent_without_of(source, at, found))
        .or_else(|| test_as_consequence(source, at, found))
}

/// Characters that look like something the language reads, with their
/// Unicode names and what to write instead.
const LOOK_ALIKES: &[(char, &str, &str)] = &[
    ('\u{00A0}', "NO-BREAK SPACE", " "),
    ('\u{2002}', "EN SPACE", " "),
    ('\u{2003}', "EM SPACE", " "),
    ('\u{2007}', "FIGURE SPACE", " "),
    ('\u{2009}', "THIN SPACE", " "),
    ('\u{202F}', "NARROW NO-BREAK SPACE", " "),
    ('\u{3000}', "IDEOGRAPHIC SPACE", " "),
    ('\u{000B}', "LINE TABULATION", " "),
    ('\u{000C}', "FORM FEED", " "),
    ('\u{0085}', "NEXT LINE", "\n"),
    ('\u{2028}', "LINE SEPARATOR", "\n"),
    ('\u{2029}', "PARAGRAPH SEPARATOR", "\n"),
    ('\u{200B}', "ZERO WIDTH SPACE", ""),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", ""),
    ('\u{200D}', "ZERO WIDTH JOINER", ""),
    ('\u{2060}', "WORD JOINER", ""),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE", ""),
    ('\u{00AD}', "SOFT HYPHEN", ""),
    ('\u{2018}', "LEFT SINGLE QUOTATION MARK", "\""),
    ('\u{2019}', "RIGHT SINGLE QUOTATION MARK", "\""),
    ('\u{201C}', "LEFT DOUBLE QUOTATION MARK", "\""),
    ('\u{201D}', "RIGHT DOUBLE QUOTATION MARK", "\""),
    ('\u{201E}', "DOUBLE LOW-9 QUOTATION MARK", "\""),
    (
        '\u{00AB}',
        "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK",
        "\"",
    ),
    (
        '\u{00BB}',
        "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK",
        "\"",
    ),
    ('\u{2010}', "HYPHEN", "-"),
    ('\u{2011}', "NON-BREAKING HYPHEN", "-"),
    ('\u{2012}', "FIGURE DASH", "-"),
    ('\u{2013}', "EN DASH", "-"),
    ('\u{2014}', "EM DASH", "-"),
    ('\u{2212}', "MINUS SIGN", "-"),
    ('\u{00D7}', "MULTIPLICATION SIGN", "*"),
    ('\u{00F7}', "DIVISION SIGN", "/"),
    ('\u{2264}', "LESS-THAN OR EQUAL TO", "<="),
    ('\u{2265}', "GREATER-THAN OR EQUAL TO", ">="),
    ('\u{2260}', "NOT EQUAL TO", "!="),
    ('\u{2024}', "ONE DOT LEADER", "."),
    ('\u{0430}', "CYRILLIC SMALL LETTER A", "a"),
    ('\u{0435}', "CYRILLIC SMALL LETTER IE", "e"),
    ('\u{043E}', "CYRILLIC SMALL LETTER O", "o"),
    ('\u{0440}', "CYRILLIC SMALL LETTER ER", "p"),
    ('\u{0441}', "CYRILLIC SMALL LETTER ES", "c"),
    ('\u{0443}', "CYRILLIC SMALL LETTER U", "y"),
    ('\u{0445}', "CYRILLIC SMALL LETTER HA", "x"),
    ('\u{0455}', "CYRILLIC SMALL LETTER DZE", "s"),
    (
        '\u{0456}',
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        "i",
    ),
    ('\u{0458}', "CYRILLIC SMALL LETTER JE", "j"),
    ('\u{0410}', "CYRILLIC CAPITAL LETTER A", "A"),
    ('\u{0412}', "CYRILLIC CAPITAL LETTER VE", "B"),
    ('\u{0415}', "CYRILLIC CAPITAL LETTER IE", "E"),
    ('\u{041A}', "CYRILLIC CAPITAL LETTER KA", "K"),
    ('\u{041C}', "CYRILLIC CAPITAL LETTER EM", "M"),
    ('\u{041D}', "CYRILLIC CAPITAL LETTER EN", "H"),
    ('\u{041E}', "CYRILLIC CAPITAL LETTER O", "O"),
    ('\u{0420}', "CYRILLIC CAPITAL LETTER ER", "P"),
    ('\u{0421}', "CYRILLIC CAPITAL LETTER ES", "C"),
    ('\u{0422}', "CYRILLIC CAPITAL LETTER TE", "T"),
    ('\u{0425}', "CYRILLIC CAPITAL LETTER HA", "X"),
    ('\u{03BF}', "GREEK SMALL LETTER OMICRON", "o"),
    ('\u{03BD}', "GREEK SMALL LETTER NU", "v"),
    ('\u{0391}', "GREEK CAPITAL LETTER ALPHA", "A"),
    ('\u{0392}', "GREEK CAPITAL LETTER BETA", "B"),
    ('\u{0395}', "GREEK CAPITAL LETTER EPSILON", "E"),
    ('\u{0397}', "GREEK CAPITAL LETTER ETA", "H"),
    ('\u{039A}', "GREEK CAPITAL LETTER KAPPA", "K"),
    ('\u{039C}', "GREEK CAPITAL LETTER MU", "M"),
    ('\u{039D}', "GREEK CAPITAL LETTER NU", "N"),
    ('\u{039F}', "GREEK CAPITAL LETTER OMICRON", "O"),
    ('\u{03A1}', "GREEK CAPITAL LETTER RHO", "P"),
    ('\u{03A4}', "GREEK CAPITAL LETTER TAU", "T"),
    ('\u{03A7}', "GREEK CAPITAL LETTER CHI", "X"),
];

/// What a look-alike character is and what to write instead, for any
/// character of the table or a full-width form of a printable ASCII one.
pub fn look_alike_of(c: char) -> Option<(String, String)> {
    if let Some((_, name, instead)) = LOOK_ALIKES.iter().find(|(l, _, _)| *l == c) {
        return Some((format!("U+{:04X} {name}", c as u32), instead.to_string()));
    }
    let code = c as u32;
    if (0xFF01..=0xFF5E).contains(&code) {
        let ascii = char::from_u32(code - 0xFEE0)?;
        return Some((
            format!("U+{code:04X}, a full-width `{ascii}`"),
            ascii.to_string(),
        ));
    }
    None
}

/// The code of the line at `at`, from `at` on: the places outside quoted
/// texts, comments and quoted source lines.
fn code_from(source: &str, at: usize) -> impl Iterator<Item = (usize, char)> + '_ {
    let (start, line) = line_at(source, at);
    let quote_line = line.trim_start().starts_with('>');
    let texts = quoted_texts(source);
    line.char_indices()
        .map(move |(i, c)| (start + i, c))
        .take_while(move |(_, c)| *c != '#' && !quote_line)
        .filter(move |(i, _)| *i >= at && !texts.iter().any(|(o, c)| o <= i && i <= c))
}

fn look_alike(source: &str, at: usize) -> Option<ParseError> {
    // The first character the language does not read decides.
    let (i, c) = code_from(source, at).find(|(_, c)| {
        !c.is_ascii()
            || c.is_ascii_control() && !c.is_ascii_whitespace()
            || matches!(c, '\u{b}' | '\u{c}')
    })?;
    let (name, instead) = look_alike_of(c)?;
    let (like, fix) = match instead.as_str() {
        "" => (
            "nothing".to_string(),
            "remove it: it takes no room and means nothing here".to_string(),
        ),
        " " => (
            "a space".to_string(),
            "replace it with a plain space: ` `".to_string(),
        ),
        "\n" => (
            "a line break".to_string(),
            "replace it with a plain line break".to_string(),
        ),
        "\"" => (
            "`\"`".to_string(),
            "replace it with `\"`: text goes between straight double quotes, \"like this\""
                .to_string(),
        ),
        other => (format!("`{other}`"), format!("replace it with `{other}`")),
    };
    let name = if c.is_whitespace() || instead.is_empty() {
        name
    } else {
        format!("`{c}` ({name})")
    };
    Some(ParseError::LookAlike {
        name,
        like,
        span: Span::new(i, i + c.len_utf8()).into(),
        help: fix,
    })
}

/// A quoted text still open when the file ends: point where it opened.
fn text_open_at_end(source: &str, at: usize) -> Option<ParseError> {
    let texts = quoted_texts(source);
    let (&(open, close), earlier) = texts.split_last()?;
    if close < source.len() || source.get(close..close + 1) == Some("\"") {
        return None;
    }
    // An earlier text running over lines took this one's opening quote as
    // its end: that one is the text left open.
    if earlier.iter().any(|(o, c)| source[*o..*c].contains('\n')) {
        return None;
    }
    // pest may report the item the text is in, from its first word.
    let (line_start, _) = line_at(source, at);
    if open < line_start && at < source.trim_end().len() {
        return None;
    }
    let line_end = source[open..].find('\n').map_or(source.len(), |n| open + n);
    let line = source[..open].matches('\n').count() + 1;
    Some(syntax(
        "a closing `\"`".to_string(),
        "the end of the file".to_string(),
        Span::new(open, source[..line_end].trim_end().len().max(open + 1)),
        Some(format!(
            "the text that opens here, on line {line}, never closes: end it with `\"` on the same line"
        )),
    ))
}

/// A word with letters a name may not hold (`café`), on the line of the
/// error.
fn name_with_other_letters(source: &str, at: usize) -> Option<ParseError> {
    let (line_start, _) = line_at(source, at);
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let word_start = line_start + after_last(&source[line_start..at], |c| !word(c));
    let (i, c) = code_from(source, word_start)
        .find(|(_, c)| !c.is_ascii())
        .filter(|(_, c)| c.is_alphabetic() && look_alike_of(*c).is_none())?;
    let start = after_last(&source[..i], |c| !word(c));
    let end = source[i..]
        .find(|c: char| !word(c))
        .map_or(source.len(), |e| i + e);
    let name = &source[start..end];
    let plain: String = name.chars().flat_map(fold).collect();
    let fix = if plain.is_empty() || plain.starts_with(|c: char| c.is_ascii_digit()) {
        "choose a name of those characters".to_string()
    } else {
        format!("replace it with `{plain}`")
    };
    Some(syntax(
        "a name".to_string(),
        format!("`{name}`"),
        Span::new(start, end),
        Some(format!(
            "a name holds only the letters a to z and A to Z, the digits 0 to 9 and `_`, and starts with a letter or `_`; `{c}` is not one of them: {fix}"
        )),
    ))
}

/// Where the text after the last character matching `p` starts (0 if none
/// does), on a character boundary.
fn after_last(text: &str, p: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .filter(|(_, c)| p(*c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// A letter as the plain letters a name may hold (accents dropped).
fn fold(c: char) -> Vec<char> {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "I",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => "O",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'š' | 'ś' => "s",
        'Š' | 'Ś' => "S",
        'ž' | 'ź' | 'ż' => "z",
        'Ž' | 'Ź' | 'Ż' => "Z",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        c if c.is_ascii_alphanumeric() || c == '_' => return vec![c],
        _ => "",
    };
    plain.chars().collect()
}

/// `within 48 hours`: periods are whole days.
fn hours(source: &str, at: usize, found: &str) -> Option<ParseError> {
    let unit = found.to_ascii_lowercase();
    let per_day: i64 = match unit.as_str() {
        "hour" | "hours" | "hr" | "hrs" => 24,
        "minute" | "minutes" | "min" | "mins" => 24 * 60,
        "second" | "seconds" => 24 * 60 * 60,
        _ => return None,
    };
    let before = source[..at].trim_end();
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let number_start = before.len() - digits;
    let count: i64 = before.get(number_start..)?.parse().ok()?;
    let fix = if count > 0 && count % per_day == 0 {
        let days = count / per_day;
        let unit = if days == 1 { "day" } else { "days" };
        format!("write `{days} {unit}`")
    } else {
        "write the whole number of days the policy means, such as `2 days`".to_string()
    };
    Some(syntax(
        "a period in days, such as `15 days`".to_string(),
        format!("`{count} {found}`"),
        Span::new(number_start, at + found.len()),
        Some(format!(
            "the language counts periods in whole days (and weeks, business days, months and years), not in {unit}: {fix}"
        )),
    ))
}

/// `refund 100% paid`: a percentage is a percentage of something.
fn percent_without_of(source: &str, at: usize, found: &str) -> Option<ParseError> {
    let stop = if found.is_empty() {
        source.trim_end().len()
    } else {
        at + found.len()
    };
    let statement = statement_start(source, at);
    let text = source.get(statement..stop)?;
    let texts = quoted_texts(source);
    let mut best = None;
    for (i, _) in text.match_indices('%') {
        let percent_end = statement + i + 1;
        if texts
            .iter()
            .any(|(o, c)| *o <= percent_end && percent_end <= *c)
        {
            continue;
        }
        let rest = &source[percent_end..stop];
        let gap = rest.len() - rest.trim_start().len();
        let word_len = rest[gap..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len() - gap);
        let word = &rest[gap..gap + word_len];
        if gap == 0
            || word.is_empty()
            || is_reserved(word)
            || word.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let number_start = after_last(&source[..percent_end - 1], |c| {
            !(c.is_ascii_digit() || c == '.')
        });
        best = Some((number_start, percent_end, percent_end + gap, word));
    }
    let (start, percent_end, word_start, word) = best?;
    let percent = &source[start..percent_end];
    Some(syntax(
        "`of`".to_string(),
        format!("`{word}`"),
        Span::new(start, word_start + word.len()),
        Some(format!(
            "a percentage needs `of` and the amount it is taken of: write `{percent} of {word}`"
        )),
    ))
}

/// Where the statement holding `at` starts: its clause line, or its item.
fn statement_start(source: &str, at: usize) -> usize {
    let (start, _) = line_at(source, at);
    let mut line_start = start;
    loop {
        let line = source[line_start..].lines().next().unwrap_or("");
        let first = line.split_whitespace().next().unwrap_or("");
        let starts = [
            "fact",
            "define",
            "assume",
            "output",
            "clause",
            "precedence",
            "when",
            "require",
        ];
        if line_start == 0 || starts.contains(&first) || first.starts_with('>') {
            return line_start;
        }
        let previous = source[..line_start - 1].rfind('\n').map_or(0, |n| n + 1);
        if previous == line_start {
            return line_start;
        }
        line_start = previous;
    }
}

/// `reason = unresolved` as a clause line: a test where a consequence goes.
fn test_as_consequence(source: &str, at: usize, found: &str) -> Option<ParseError> {
    if !matches!(found, "=" | "is" | "<" | ">" | "!") {
        return None;
    }
    let (start, line) = line_at(source, at);
    last_item(source, start).filter(|i| i.starts_with("clause "))?;
    let indent = line.len() - line.trim_start().len();
    let test = line.split('#').next().unwrap_or(line).trim();
    let name = test.split_whitespace().next()?;
    if start + indent + name.len() > at
        || is_reserved(name)
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let condition = match test.split_once(" = ") {
        Some((left, right)) if !right.starts_with('=') => format!("{left} is {right}"),
        _ => test.to_string(),
    };
    Some(syntax(
        "a consequence such as `refund 100% of paid`".to_string(),
        format!("the test `{test}`"),
        Span::new(start + indent, start + indent + test.len()),
        Some(format!(
            "a clause line that starts with a name sets that output; to make the clause apply only when `{condition}` holds, write `when {condition}`"
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_look_alike_and_full_width_forms() {
        assert_eq!(
            look_alike_of('\u{a0}'),
            Some(("U+00A0 NO-BREAK SPACE".to_string(), " ".to_string()))
        );
        assert_eq!(
            look_alike_of('＄'),
            Some(("U+FF04, a full-width `$`".to_string(), "$".to_string()))
        );
        assert_eq!(look_alike_of('a'), None);
    }

    #[test]
    fn words_after_symbols_of_several_bytes_are_found() {
        for text in [
            "policy p fact €é: count",
            "policy p\n€café",
            "€€é",
            "policy p define x = ¥¥é",
        ] {
            let _ = crate::syntax::parse(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]
        /// The recognisers read around any error without splitting a
        /// character.
        #[test]
        fn any_mix_of_wide_characters_and_policy_words_is_read(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "policy", "p", "fact", "clause", "c", "\"t\"", "\"", "%", "5%", "$", "€", "é", "café",
                "\u{a0}", "“", "=", "is", "48", "hours", "refund", "\n", "  ", ">", "#", "¥", "a", "of",
            ]), 0..30)
        ) {
            let text: String = words.concat();
            let _ = crate::syntax::parse(&text);
            let _ = crate::syntax::parse(&format!("policy p\n{text}"));
        }
    }

    #[test]
    fn folds_accents_away() {
        let plain: String = "café_Ærø".chars().flat_map(fold).collect();
        assert_eq!(plain, "cafe_AEro");
    }
}
