use super::*;

fn names() -> Names {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../policies/webpro/refunds.policy"
    );
    let text = std::fs::read_to_string(path).expect("the WebPro policy");
    let program = policy::compile::compile("refunds.policy", &text).expect("it compiles");
    Names::of(&program)
}

fn complete(line: &str) -> (usize, Vec<String>) {
    names().complete(line, line.len())
}

#[test]
fn completes_commands() {
    assert_eq!(complete(":de"), (0, vec![":decide".to_string()]));
    assert_eq!(complete(":c").1, [":case", ":clauses"]);
}

#[test]
fn completes_names_in_scope() {
    assert_eq!(complete("50% of pa"), (7, vec!["paid".to_string()]));
    assert_eq!(complete("win").1, ["window_end"]);
    assert_eq!(complete(":why re").1, ["refund", "respond_by", "retained"]);
    assert_eq!(
        complete(":unset re").1,
        ["reason", "registration_fee", "requested"]
    );
}

#[test]
fn completes_the_values_of_the_fact_being_set() {
    assert_eq!(complete("reason = dis").1, ["dissatisfied"]);
    assert_eq!(complete("channel = ").1, ["chat", "email", "phone"]);
    assert_eq!(complete("stated = name, cu").1, ["customer_id"]);
    assert_eq!(complete("primary_resolved_on = mi").1, ["missing"]);
    assert_eq!(
        complete(":what-if paid = $1, reason = un").1,
        ["unresolved"]
    );
}

#[test]
fn hints_the_rest_of_a_command_and_what_a_fact_holds() {
    let n = names();
    assert_eq!(n.hint(":lo").as_deref(), Some("ad FILE"));
    assert_eq!(n.hint(":why").as_deref(), Some(" OUTPUT"));
    assert_eq!(n.hint(":dec").as_deref(), Some("ide"));
    assert_eq!(n.hint(":c"), None);
    assert_eq!(
        n.hint("reason =").as_deref(),
        Some(" one of none, unresolved, dissatisfied  \"reason given: none; the primary issue is unresolved; not satisfied with the service\"")
    );
    assert_eq!(n.hint("reason = none"), None);
}

#[test]
fn asks_for_another_line_only_when_the_input_stops_short() {
    let n = names();
    assert!(n.incomplete("paid +"));
    assert!(n.incomplete("(paid + $1"));
    assert!(n.incomplete("paid = $240 +"));
    assert!(n.incomplete(":what-if paid = $1, reason ="));
    assert!(n.incomplete("the higher of paid and"));
    assert!(!n.incomplete("paid + $1"));
    assert!(!n.incomplete("paid )"));
    assert!(!n.incomplete("paid + + $1"));
    assert!(!n.incomplete(":decide"));
    assert!(!n.incomplete(":decid"));
    assert!(!n.incomplete("stated = name,"));
}

#[test]
fn highlighting_adds_colour_but_no_text() {
    let n = names();
    let line = ":what-if paid = $240, reason = \"x\" and refund";
    let coloured = highlight(&n, line);
    assert_ne!(coloured, line);
    let mut plain = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    assert_eq!(plain, line);
}
