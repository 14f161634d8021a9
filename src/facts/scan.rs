//! The fast way in: a strict scanner for the shape nearly every case has, a
//! flat JSON object whose values are plain strings (no escapes), numbers,
//! `true`, `false`, `null`, or lists of plain strings. It finds each member's
//! name and raw value text in one pass, with no allocation beyond the list of
//! members.
//!
//! It never decides that text is malformed: anything outside that shape (an
//! escape, a nested object such as a worked case's `"facts"`, a stray byte)
//! makes it give up, and the caller reads the text with serde_json, which
//! then accepts it or explains exactly what is wrong. So the scanner can only
//! accept JSON that serde_json accepts, and it yields the same members.

/// The members of a flat object, in order, as (name, raw value text); `None`
/// when the text is not of the simple shape (not necessarily malformed).
pub fn members(text: &str) -> Option<Vec<(&str, &str)>> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    let mut members = Vec::with_capacity(16);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            let (name, after) = plain_string(text, at)?;
            at = skip_space(bytes, after);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let end = value_end(text, at)?;
            members.push((name, text.get(at..end)?));
            at = skip_space(bytes, end);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    // Only whitespace may follow the object.
    (skip_space(bytes, at) == bytes.len()).then_some(members)
}

/// The items of a list of plain strings, given its raw text as [`members`]
/// accepted it; `None` for any other list.
#[cfg(test)]
pub fn plain_list(raw: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    each_plain_item(raw, |item| items.push(item))?;
    Some(items)
}

/// Call `f` on each item of a list of plain strings; `None` (after calling
/// `f` on some items, perhaps) when the text is any other list.
pub fn each_plain_item<'t>(raw: &'t str, mut f: impl FnMut(&'t str)) -> Option<()> {
    let bytes = raw.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b']') {
        at += 1;
    } else {
        loop {
            let (item, after) = plain_string(raw, at)?;
            f(item);
            at = skip_space(bytes, after);
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b']') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, at) == bytes.len()).then_some(())
}

/// JSON's whitespace: space, tab, line feed, carriage return.
pub(super) fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// A string with no escapes and no control characters starting at `at`:
/// its contents and the position after its closing quote.
pub(super) fn plain_string(text: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    let length = bytes
        .get(start..)?
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    let end = start + length;
    match bytes.get(end)? {
        b'"' => Some((text.get(start..end)?, end + 1)),
        _ => None,
    }
}

/// Where the value starting at `at` ends, for the values the scanner takes.
fn value_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(at)? {
        b'"' => plain_string(text, at).map(|(_, end)| end),
        b'[' => {
            let close = at + text.get(at..)?.find(']')?;
            each_plain_item(text.get(at..=close)?, |_| {})?;
            Some(close + 1)
        }
        b't' => literal(bytes, at, b"true"),
        b'f' => literal(bytes, at, b"false"),
        b'n' => literal(bytes, at, b"null"),
        b'-' | b'0'..=b'9' => number_end(bytes, at),
        _ => None,
    }
}

pub(super) fn literal(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let end = at + word.len();
    (bytes.get(at..end)? == word).then_some(end)
}

/// The end of a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(super) fn number_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let digits = |from: usize| {
        let mut to = from;
        while bytes.get(to).is_some_and(u8::is_ascii_digit) {
            to += 1;
        }
        to
    };
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    match bytes.get(at)? {
        b'0' => at += 1,
        b'1'..=b'9' => at = digits(at),
        _ => return None,
    }
    if bytes.get(at) == Some(&b'.') {
        let end = digits(at + 1);
        if end == at + 1 {
            return None;
        }
        at = end;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let end = digits(at);
        if end == at {
            return None;
        }
        at = end;
    }
    Some(at)
}

#[cfg(test)]
mod tests;
