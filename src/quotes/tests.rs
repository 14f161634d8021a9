use super::*;

const GUARANTEE: &str = r#"policy refunds "t"
  currency USD

fact paid: money
fact commenced: date
fact requested: date

define window_end = commenced + 15 days

output refund: money

clause cancellation.1 "15-day guarantee"
  > WebPro will refund 100% of the amount you paid if our technicians fail
  > within 15 days of the subscription commencement.
  refund 100% of paid if requested is after window_end, otherwise set refund to $0
"#;

fn messages(text: &str) -> Vec<String> {
    check_source(text).iter().map(ToString::to_string).collect()
}

#[test]
fn a_clause_whose_quote_and_logic_agree_is_clean_through_its_definitions() {
    assert_eq!(messages(GUARANTEE), Vec::<String>::new());
}

#[test]
fn editing_only_the_quote_is_caught() {
    let text = GUARANTEE.replace("within 15 days", "within 30 days");
    assert_eq!(
        messages(&text),
        ["the quoted paragraph of `cancellation.1` says `30 days`, but its logic uses `15 days`"]
    );
    let findings = check_source(&text);
    let QuoteMismatch::Differs {
        stated_span,
        used_span,
        ..
    } = &findings[0]
    else {
        panic!("{findings:?}");
    };
    let at = |s: &SourceSpan| &text[s.offset()..s.offset() + s.len()];
    assert_eq!(at(stated_span), "30 days");
    assert_eq!(at(used_span), "15 days");
}

#[test]
fn editing_only_the_logic_is_caught() {
    let text = GUARANTEE.replace("100% of paid", "90% of paid");
    assert_eq!(
        messages(&text),
        ["clause `cancellation.1` uses `90%`, which its quoted paragraph never says"]
    );
    let text = GUARANTEE.replace("refund 100% of paid if", "refund 100% of paid - $20 if");
    assert_eq!(
        messages(&text),
        ["clause `cancellation.1` uses `$20`, which its quoted paragraph never says"]
    );
}

#[test]
fn editing_both_alike_is_clean() {
    let text = GUARANTEE
        .replace("within 15 days", "within 30 days")
        .replace("+ 15 days", "+ 30 days");
    assert_eq!(messages(&text), Vec::<String>::new());
}

#[test]
fn a_number_the_logic_never_uses_is_caught_and_an_aside_marks_it_deliberate() {
    let text = GUARANTEE.replace(
        "commencement.\n",
        "commencement.\n  > We will revert within 3 to 5 business days.\n",
    );
    assert_eq!(
        messages(&text),
        [
            "the quoted paragraph of `cancellation.1` says `3 to 5 business days`, but its logic never uses it",
            "the quoted paragraph of `cancellation.1` says `5 business days`, but its logic never uses it",
        ]
    );
    let marked = text.replace(
        "  refund 100%",
        "  aside \"3 to 5 business days\": the reply time, which respond_by encodes\n  refund 100%",
    );
    assert_eq!(messages(&marked), Vec::<String>::new());
}

#[test]
fn zero_one_and_a_hundred_percent_are_how_logic_is_written() {
    let text = GUARANTEE.replace(
        "if requested is after window_end",
        "if requested is after window_end and paid > $0 and 1 > 0",
    );
    assert_eq!(messages(&text), Vec::<String>::new());
}

#[test]
fn the_shipped_policies_are_clean_or_marked() {
    for text in [
        include_str!("../../policies/webpro/refunds.policy"),
        include_str!("../../policies/webpro/privacy.policy"),
        include_str!("../../policies/webpro/communications.policy"),
    ] {
        assert_eq!(messages(text), Vec::<String>::new());
    }
}
