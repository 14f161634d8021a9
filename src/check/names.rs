//! Names in scope, and "did you mean" suggestions over them.

use crate::program::{DefinitionId, FactId, OutputId};

/// What a name in an expression refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRef {
    Fact(FactId),
    Definition(DefinitionId),
    Output(OutputId),
}

/// The closest of `candidates` to `word`, if any is close enough to be a
/// likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    // One edit for short words, two from five letters, a third of the word
    // beyond that: close enough to be a slip, not a different word.
    let limit = if len >= 5 { (len / 3).max(2) } else { 1 };
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= limit || (c.len() > 3 && c.starts_with(word)))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// `a, b or c`, each in backticks.
pub fn list_words<S: AsRef<str>>(words: &[S]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{}`", w.as_ref())).collect();
    match quoted.as_slice() {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_close_name() {
        assert_eq!(
            closest("dissatisified", ["none", "unresolved", "dissatisfied"]),
            Some("dissatisfied")
        );
        assert_eq!(closest("payed", ["paid", "plan_ends"]), Some("paid"));
        assert_eq!(closest("xyz", ["paid", "plan_ends"]), None);
    }

    #[test]
    fn lists_words() {
        assert_eq!(list_words(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(list_words(&["a"]), "`a`");
    }
}
