//! The analysis on small policies: each finding, proved or with a witness.

use super::*;

fn compiled(text: &str) -> Program {
    crate::compile::compile("test.policy", text)
        .unwrap_or_else(|p| panic!("compiles: {:?}", p.reports()))
}

fn codes(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            miette::Diagnostic::code(f)
                .map(|c| c.to_string())
                .unwrap_or_default()
        })
        .collect()
}

const HEAD: &str = "policy t \"t\"\n  currency USD\n  rounding half away from zero to cents\n\n";

#[test]
fn complementary_whens_are_proved_disjoint() {
    let text = format!(
        "{HEAD}fact x: optional date\nfact start: date\n\ndefine end = start + 14 days\n\noutput o: money\n\n\
         clause a \"a\"\n  > a\n  when x is set and x <= end\n  o $1\n\n\
         clause b \"b\"\n  > b\n  when x is missing or x > end\n  o $2\n"
    );
    let findings = analyse(&compiled(&text));
    assert!(findings.is_empty(), "{:?}", codes(&findings));
}

#[test]
fn a_planted_conflict_is_found_with_a_witness() {
    let text = format!(
        "{HEAD}fact n: count\n\noutput o: money\n\n\
         clause a \"a\"\n  > a\n  o $1 if n >= 3\n\n\
         clause b \"b\"\n  > b\n  o $2 if n <= 5\n\n\
         clause c \"c\"\n  > c\n  o $3 if n < 3 and n > 5\n"
    );
    let findings = analyse(&compiled(&text));
    let codes = codes(&findings);
    assert!(codes.contains(&"policy::conflict".to_string()), "{codes:?}");
    assert!(!codes.contains(&"policy::gap".to_string()), "{codes:?}");
    assert!(
        codes.contains(&"policy::dead_clause".to_string()),
        "{codes:?}"
    );
}

#[test]
fn a_division_that_can_fail_is_found_where_it_is() {
    let text = format!(
        "{HEAD}fact paid: money\nfact k: number\n\noutput o: money\n\n\
         clause a \"a\"\n  > a\n  o paid / k\n"
    );
    let program = compiled(&text);
    let findings = analyse(&program);
    let failing: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f, Finding::MayFail { .. }))
        .collect();
    assert_eq!(failing.len(), 1, "{:?}", codes(&findings));
}

#[test]
fn day_counts_of_millions_are_exact() {
    // The boundary search missed this conflict past about 2.9 million days.
    let text = format!(
        "{HEAD}fact d: date\nfact e: date\n\noutput o: money\n\n\
         clause a \"a\"\n  > a\n  o $1 if d - e = 3000000 days\n\n\
         clause b \"b\"\n  > b\n  o $2 if d - e >= 2999999 days\n\n\
         clause c \"c\"\n  > c\n  o $3 if d - e < 2999999 days\n"
    );
    let findings = analyse(&compiled(&text));
    let conflicts: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f, Finding::Conflict { .. }))
        .collect();
    assert_eq!(conflicts.len(), 1, "{:?}", codes(&findings));
    let Some(Finding::Conflict { witness, .. }) = conflicts.first() else {
        return;
    };
    assert!(
        witness["d"].as_str().is_some_and(|d| d > "8000"),
        "{witness}"
    );
    assert!(!codes(&findings).contains(&"policy::dead_clause".to_string()));
}
