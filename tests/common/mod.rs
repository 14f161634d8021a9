//! Running the real `policy` binary from the integration tests.

#![allow(dead_code)] // each test file uses some of these

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Run `policy ARGS` in `dir`, with `stdin` fed to it if given.
pub fn policy_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the policy binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let input = input.to_string();
        // Written beside the reading, so a large output cannot block the
        // input; a command that exits before reading (a missing policy
        // file) closing the pipe is no failure of the test.
        std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
    }
    drop(child.stdin.take());
    child
        .wait_with_output()
        .expect("the policy binary finishes")
}

/// Run `policy ARGS` in the repository's root.
pub fn policy(args: &[&str], stdin: Option<&str>) -> Output {
    policy_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output read as one JSON value.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}
