use super::*;

fn parse(line: &str) -> Command {
    match line.parse() {
        Ok(c) => c,
        Err(e) => panic!("`{line}` did not parse: {e}"),
    }
}

fn error(line: &str) -> Diag {
    match line.parse::<Command>() {
        Ok(c) => panic!("`{line}` parsed as {c:?}"),
        Err(e) => e,
    }
}

fn piece(text: &str, at: usize) -> Piece {
    Piece {
        text: text.to_string(),
        at,
    }
}

#[test]
fn commands_without_arguments() {
    assert_eq!(parse(":decide"), Command::Decide);
    assert_eq!(parse("  :needs  "), Command::Needs);
    assert_eq!(parse(":facts"), Command::Facts);
    assert_eq!(parse(":clauses"), Command::Clauses);
    assert_eq!(parse(":reload"), Command::Reload);
    assert_eq!(parse(":help"), Command::Help);
    assert_eq!(parse(":quit"), Command::Quit);
    assert_eq!(parse(":q"), Command::Quit);
    assert_eq!(parse(":exit"), Command::Quit);
    assert_eq!(parse(""), Command::Nothing);
    assert_eq!(parse("   "), Command::Nothing);
}

#[test]
fn commands_with_one_argument_keep_its_place() {
    assert_eq!(
        parse(":load a/b.policy"),
        Command::Load(piece("a/b.policy", 6))
    );
    assert_eq!(parse(":case  x.json"), Command::Case(piece("x.json", 7)));
    assert_eq!(parse(":unset paid"), Command::Unset(piece("paid", 7)));
    assert_eq!(parse(":why refund"), Command::Why(piece("refund", 5)));
}

#[test]
fn assignments_and_expressions() {
    assert_eq!(
        parse("paid = $240"),
        Command::Set(Assignment {
            name: piece("paid", 0),
            value: piece("$240", 7)
        })
    );
    // Comparisons are expressions, not assignments.
    assert_eq!(
        parse("paid <= $240"),
        Command::Eval(piece("paid <= $240", 0))
    );
    assert_eq!(
        parse("paid != $240"),
        Command::Eval(piece("paid != $240", 0))
    );
    assert_eq!(parse("50% of paid"), Command::Eval(piece("50% of paid", 0)));
    assert_eq!(
        parse("(paid = $240)"),
        Command::Eval(piece("(paid = $240)", 0))
    );
}

#[test]
fn what_if_splits_at_commas_that_start_another_assignment() {
    let Command::WhatIf(list) = parse(":what-if paid = $1, stated = name, plan , reason = none")
    else {
        panic!("not a what-if")
    };
    let pairs: Vec<(&str, &str)> = list
        .iter()
        .map(|a| (a.name.text.as_str(), a.value.text.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("paid", "$1"), ("stated", "name, plan"), ("reason", "none")]
    );
    assert_eq!(
        list[2].value.at,
        ":what-if paid = $1, stated = name, plan , reason = ".len()
    );
}

#[test]
fn unknown_command_suggests_the_closest() {
    let e = error(":decid");
    assert_eq!(e.message, "unknown command `:decid`");
    assert_eq!(e.help.as_deref(), Some("did you mean `:decide`?"));
    assert_eq!((e.labels[0].offset(), e.labels[0].len()), (0, 6));
    let e = error(":frobnicate");
    assert_eq!(
        e.help.as_deref(),
        Some("type :help for the list of commands")
    );
}

#[test]
fn missing_and_extra_arguments() {
    assert_eq!(error(":load").message, "`:load` needs a file");
    assert_eq!(error(":why").message, "`:why` needs an output's name");
    assert_eq!(error(":unset").message, "`:unset` needs a fact's name");
    assert_eq!(
        error(":what-if").message,
        "`:what-if` needs facts to change"
    );
    let e = error(":decide now");
    assert_eq!(e.message, "`:decide` takes nothing after it");
    assert_eq!((e.labels[0].offset(), e.labels[0].len()), (8, 3));
    let e = error(":why refund retained");
    assert_eq!(e.message, "`:why` takes one output's name");
    assert_eq!(e.labels[0].offset(), 11);
}

#[test]
fn what_if_needs_assignments() {
    let e = error(":what-if paid");
    assert_eq!(e.message, "expected `FACT = VALUE`");
    assert_eq!(e.labels[0].offset(), 9);
    let e = error(":what-if = 3");
    assert_eq!(e.message, "expected `FACT = VALUE`");
}
