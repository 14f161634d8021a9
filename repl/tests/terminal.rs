//! The REPL in a pseudo terminal, typed at as an analyst would: load, set
//! facts, decide, ask why, what-if, a typo, a Tab completion, quit; then a
//! second start finds the first session's history.
//!
//! Each step waits, as a person would, for the REPL's answer and then for
//! the editor's next prompt before typing on: an answer is matched by text
//! that only the REPL prints, never by the editor's echo of the line or its
//! hints. Lines typed ahead all the same must not be lost (the last test).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Expect, Session};

type Pty = expectrl::session::OsSession;

/// The editor's prompt once a policy is loaded.
const PROMPT: &str = "refunds> ";

fn start(history: &Path) -> Pty {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policy-repl"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env("POLICY_REPL_HISTORY", history)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut pty = Session::spawn(cmd).expect("policy-repl starts in a pseudo terminal");
    pty.set_expect_timeout(Some(Duration::from_secs(20)));
    pty.expect("policy-repl: :help lists the commands")
        .expect("the banner");
    pty.expect("policy> ").expect("the first prompt");
    pty
}

/// Types `line`, waits for `answer` (text only the REPL's answer prints)
/// and then for the next prompt, so the next line is typed at the editor.
fn typed(pty: &mut Pty, line: &str, answer: &str) {
    pty.send_line(line)
        .unwrap_or_else(|e| panic!("typing `{line}`: {e}"));
    pty.expect(answer)
        .unwrap_or_else(|e| panic!("after `{line}`, expected `{answer}`: {e}"));
    pty.expect(PROMPT)
        .unwrap_or_else(|e| panic!("after `{line}`, expected the prompt: {e}"));
}

#[test]
fn an_analyst_session_at_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let history = dir.path().join("nested").join("history.txt");
    let mut pty = start(&history);

    typed(
        &mut pty,
        ":load policies/webpro/refunds.policy",
        "loaded policy refunds",
    );
    typed(
        &mut pty,
        ":case policies/webpro/cases/guarantee-primary-never-resolved.json",
        "12 facts set",
    );
    typed(&mut pty, "paid = $300", "paid = 300 USD");
    typed(&mut pty, ":decide", "decided by cancellation.1");
    typed(&mut pty, ":why refund", "it overrode:");
    typed(
        &mut pty,
        ":what-if issues_resolved = 2, reason = dissatisfied",
        "by cancellation.3",
    );
    typed(
        &mut pty,
        "reason = dissatisified",
        "did you mean `dissatisfied`?",
    );

    // Tab completes a unique command; Enter runs it. (The hint shows
    // `:needs` too; the answer shows that Tab completed it.)
    pty.send(":nee\t")
        .expect("typing a command's start and Tab");
    pty.expect(":needs").expect("the completed command");
    typed(&mut pty, "", "every fact is given");

    // Tab on a fact's value offers that fact's values. The hint reads
    // `channel = one of email, phone, chat`, so `channel = phone` is the
    // completed line; the answer is the same text on a line of its own.
    pty.send("channel = ph\t")
        .expect("typing a value's start and Tab");
    pty.expect("channel = phone").expect("the completed value");
    typed(&mut pty, "", "\nchannel = phone");
    // By phone, the guarantee's `email` requirement is unmet.
    typed(&mut pty, "unmet", "unmet = email");

    // An unfinished expression continues on the next line: the editor
    // takes the first line and moves to the next before the second is typed.
    pty.send_line("paid +").expect("an unfinished expression");
    pty.expect("paid +\r\n").expect("the first line taken");
    typed(&mut pty, "$1", "301 USD");

    pty.send_line(":quit").expect("typing :quit");
    pty.get_process_mut().wait().expect("policy-repl ends");

    let saved = std::fs::read_to_string(&history).expect("history was saved");
    assert!(saved.contains("reason = dissatisified"), "{saved}");
    assert!(saved.contains(":needs"), "{saved}");

    // A new session starts with that history: Up brings back the last line.
    let mut pty = start(&history);
    pty.send("\x1b[A").expect("the Up arrow");
    pty.expect(":quit")
        .expect("the previous session's last line");
    pty.send("\x15:q\r")
        .expect("clearing the line and quitting");
    pty.get_process_mut().wait().expect("policy-repl ends");
}

/// Lines that reach the editor at once (typed ahead while the REPL works, or
/// pasted where the terminal does not mark pastes) are each answered, in
/// order: none is dropped with the editor's read buffer when the first ends.
#[test]
fn lines_typed_ahead_are_all_answered() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut pty = start(&dir.path().join("history.txt"));
    typed(
        &mut pty,
        ":load policies/webpro/refunds.policy",
        "loaded policy refunds",
    );

    // One write while the editor waits: it reads all of it in one go.
    pty.send("paid = $300\npaid\npaid +\n$2\npaid + $1\n")
        .expect("typing five lines at once");
    for answer in ["paid = 300 USD", "\n300 USD", "302 USD", "301 USD"] {
        pty.expect(answer)
            .unwrap_or_else(|e| panic!("expected `{answer}`: {e}"));
    }

    pty.send_line(":quit").expect("typing :quit");
    pty.get_process_mut().wait().expect("policy-repl ends");
}
