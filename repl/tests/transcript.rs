//! Scripted sessions fed on standard input, as a script would drive the
//! REPL: no terminal, so no prompts, no colours. `--echo` puts the typed
//! lines back in, so the output reads as a transcript; insta keeps it.
//! The README's session is checked to run exactly as shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Run `policy-repl --echo refunds.policy` from the repository root with
/// `script` on standard input; its output and exit code.
fn run(script: &str) -> (String, i32) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-repl"))
        .args(["--echo", "policies/webpro/refunds.policy"])
        .current_dir(root())
        .env("POLICY_REPL_HISTORY", root().join("target/never-written"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("policy-repl runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(script.as_bytes())
        .expect("the script is written");
    let out = child.wait_with_output().expect("policy-repl ends");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr with --echo"
    );
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        out.status.code().unwrap_or(-1),
    )
}

fn session(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sessions")
        .join(name);
    std::fs::read_to_string(path).expect("a session script")
}

#[test]
fn a_tour_of_every_command() {
    let (out, code) = run(&session("tour.txt"));
    // Some lines fail on purpose; a script learns that from the exit code.
    assert_eq!(code, 1);
    assert!(
        !out.contains("this line is never read"),
        ":quit ends the session"
    );
    insta::assert_snapshot!("tour", out);
}

#[test]
fn the_readme_session() {
    let (out, _) = run(&session("readme.txt"));
    insta::assert_snapshot!("readme", out);
}

#[test]
fn a_clean_script_exits_zero_and_a_pipe_gets_no_prompt() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-repl"))
        .arg("policies/webpro/refunds.policy")
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("policy-repl runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("a pipe");
        let _ = stdin.write_all(
            b":case policies/webpro/cases/guarantee-primary-never-resolved.json\nrefund\n",
        );
    }
    let out = child.wait_with_output().expect("policy-repl ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(!text.contains("refunds>"), "no prompt on a pipe: {text}");
    assert!(!text.contains('\x1b'), "no colour on a pipe: {text}");
    assert!(
        text.ends_with("refund = 240.00 USD   decided by cancellation.1\n"),
        "{text}"
    );
}

#[test]
fn errors_go_to_stderr_without_echo() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-repl"))
        .arg("policies/webpro/refunds.policy")
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("policy-repl runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("a pipe");
        let _ = stdin.write_all(b"payed = $1\n");
    }
    let out = child.wait_with_output().expect("policy-repl ends");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `paid`?"));
}

/// The transcript in the README's "The REPL" section is this session's
/// output, byte for byte.
#[test]
fn the_readme_shows_the_session_as_it_runs() {
    let readme = match std::fs::read_to_string(root().join("README.md")) {
        Ok(text) => text,
        Err(_) => {
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README-section.md"))
                .expect("the README section")
        }
    };
    let section = readme
        .split("\n## The REPL")
        .nth(1)
        .expect("a section `## The REPL`");
    let section = section.split("\n## ").next().unwrap_or(section);
    let block = section
        .split("```\n")
        .find(|b| b.starts_with("loaded policy"))
        .expect("a transcript block starting `loaded policy`");
    let (out, _) = run(&session("readme.txt"));
    assert_eq!(
        block, out,
        "README transcript differs from the real session"
    );
}
