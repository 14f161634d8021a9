//! The REPL in a pseudo terminal, typed at as an analyst would: load, set
//! facts, decide, ask why, what-if, a typo, a Tab completion, quit; then a
//! second start finds the first session's history.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use expectrl::{Expect, Session};

type Pty = expectrl::session::OsSession;

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
    pty
}

fn typed(pty: &mut Pty, line: &str, answer: &str) {
    pty.send_line(line)
        .unwrap_or_else(|e| panic!("typing `{line}`: {e}"));
    pty.expect(answer)
        .unwrap_or_else(|e| panic!("after `{line}`, expected `{answer}`: {e}"));
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

    // Tab completes a unique command; Enter runs it.
    pty.send(":nee\t")
        .expect("typing a command's start and Tab");
    pty.expect(":needs").expect("the completed command");
    typed(&mut pty, "", "every fact is given");

    // Tab on a fact's value offers that fact's values.
    pty.send("channel = ph\t")
        .expect("typing a value's start and Tab");
    pty.expect("phone").expect("the completed value");
    typed(&mut pty, "", "channel = phone");
    // By phone, the guarantee's `email` requirement is unmet.
    typed(&mut pty, "unmet", "unmet = email");

    // An unfinished expression continues on the next line.
    // Wait for the first line to be taken before typing the second, as a
    // person would; typed ahead, the test races with the editor.
    pty.send_line("paid +").expect("an unfinished expression");
    pty.expect("paid +").expect("the first line shown");
    std::thread::sleep(Duration::from_millis(300));
    typed(&mut pty, "$1", "301 USD");

    typed(&mut pty, ":quit", "");
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
