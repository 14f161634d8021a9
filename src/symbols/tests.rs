use super::*;

const TEXT: &str = r#"policy p "t"
fact reason: one of none, unresolved
fact paid: money
define late = reason is unresolved
output refund: money
output unmet = unmet requirements of refund
clause a.1 "t"
  refund paid if late and reason is one of none, unresolved
  require reason is none as quiet
clause b "t"
  set refund to paid
  require late as quiet
precedence a.1 > b
"#;

fn index() -> (PolicyFile, Index) {
    let tree = crate::syntax::parse(TEXT).expect("parses");
    let index = Index::build(&tree);
    (tree, index)
}

fn texts(spans: &[Span]) -> Vec<&str> {
    spans.iter().map(|s| s.text(TEXT)).collect()
}

fn lines(spans: &[Span]) -> Vec<usize> {
    spans
        .iter()
        .map(|s| TEXT[..s.start].matches('\n').count() + 1)
        .collect()
}

#[test]
fn every_use_of_a_name_is_found_with_its_declaration() {
    let (_, index) = index();
    let refund = index.named(SymbolKind::Output, "refund").expect("declared");
    let spans = index.references(refund);
    assert_eq!(texts(&spans), ["refund"; 4]);
    assert_eq!(lines(&spans), [5, 6, 8, 11]);
    let late = index
        .named(SymbolKind::Definition, "late")
        .expect("declared");
    assert_eq!(lines(&index.references(late)), [4, 8, 12]);
    let clause = index.named(SymbolKind::Clause, "a.1").expect("declared");
    assert_eq!(lines(&index.references(clause)), [7, 13]);
    let quiet = index.named(SymbolKind::Label, "quiet").expect("first use");
    assert_eq!(lines(&index.references(quiet)), [9, 12]);
}

#[test]
fn values_are_found_in_comparisons_and_lists() {
    let (tree, index) = index();
    let none = index.named(SymbolKind::Value, "none").expect("declared");
    assert_eq!(lines(&index.references(none)), [2, 8, 9]);
    assert_eq!(
        index.values_of(&tree, "reason"),
        Some(vec!["none".to_string(), "unresolved".to_string()])
    );
}

#[test]
fn the_name_at_a_place_is_found_from_its_start_to_its_end() {
    let (_, index) = index();
    let at = TEXT.find("late and").expect("written");
    for offset in [at, at + 2, at + 4] {
        let o = index.at(offset).expect("a name");
        assert_eq!(index.symbols[o.symbol].name, "late");
    }
    assert!(index.at(0).is_none());
}

#[test]
fn names_are_checked_before_a_rename() {
    assert!(Index::valid_name(SymbolKind::Fact, "amount_paid"));
    assert!(!Index::valid_name(SymbolKind::Fact, "paid now"));
    assert!(!Index::valid_name(SymbolKind::Fact, "days"));
    assert!(!Index::valid_name(SymbolKind::Fact, "café"));
    assert!(Index::valid_name(SymbolKind::Clause, "refund.4"));
    assert!(!Index::valid_name(SymbolKind::Clause, "refund."));
    assert_eq!(
        keyword_meaning("within").map(|m| m.contains("both ends")),
        Some(true)
    );
}
