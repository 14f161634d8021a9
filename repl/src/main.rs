//! `policy-repl [FILE]`: the analysts' REPL. Ask a policy what a customer
//! gets back, why, what if a fact were different, and which facts still
//! matter.
//!
//! On a terminal it edits lines with completion, hints, colours and history;
//! on a pipe it reads lines plainly and prints no prompts or colours, so a
//! script can drive it.

mod commands;
mod helper;
mod needs;
mod report;
mod session;

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config, Editor};

use helper::{Names, ReplHelper};
use report::Renderer;
use session::{Errors, Reply, Session};

/// The analysts' REPL for .policy files.
#[derive(Parser, Debug)]
#[command(name = "policy-repl", version)]
struct Args {
    /// A policy file to load at start.
    file: Option<PathBuf>,
    /// Print each line read after a prompt, and errors on standard output
    /// too, so piped output reads as a transcript.
    #[arg(long)]
    echo: bool,
}

/// Where history is kept: `POLICY_REPL_HISTORY`, or the user's data
/// directory.
fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("POLICY_REPL_HISTORY") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|d| d.join("policy-repl").join("history.txt"))
}

fn prompt(session: &Session) -> String {
    match &session.prepared {
        Some(p) => format!("{}> ", p.program().name),
        None => "policy> ".to_string(),
    }
}

struct Output {
    renderer: Renderer,
    /// Errors go to standard output too (a transcript).
    errors_to_stdout: bool,
}

impl Output {
    fn text(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }

    fn errors(&self, errors: &Errors) {
        for report in &errors.0 {
            let text = self.renderer.render(report);
            if self.errors_to_stdout {
                self.text(&text);
            } else {
                eprint!("{text}");
            }
        }
    }

    /// Show a command's result; `false` when it asks to quit.
    fn show(&self, result: Result<Reply, Errors>, failed: &mut bool) -> bool {
        match result {
            Ok(Reply::Text(text)) => self.text(&text),
            Ok(Reply::Quit) => return false,
            Err(errors) => {
                *failed = true;
                self.errors(&errors);
            }
        }
        true
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let colour = interactive && std::env::var_os("NO_COLOR").is_none();
    let out = Output {
        renderer: Renderer { colour },
        errors_to_stdout: args.echo,
    };
    let mut session = Session::new();
    let mut failed = false;
    if let Some(file) = &args.file {
        let loaded = session.load_path(file).map(Reply::Text);
        out.show(loaded, &mut failed);
    }
    if interactive {
        interact(&mut session, &out, colour);
        ExitCode::SUCCESS
    } else {
        script(&mut session, &out, args.echo, &mut failed);
        // A script learns from the exit code that some line failed.
        if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Lines from a pipe: no prompt, no colour; an unfinished expression takes
/// the next line, as at the terminal.
fn script(session: &mut Session, out: &Output, echo: bool, failed: &mut bool) {
    let names = |s: &Session| {
        s.prepared
            .as_ref()
            .map(|p| Names::of(p.program()))
            .unwrap_or_default()
    };
    let mut lines = std::io::stdin().lock().lines();
    while let Some(Ok(first)) = lines.next() {
        let mut input = first;
        let mut shown = vec![input.clone()];
        while names(session).incomplete(&input) {
            match lines.next() {
                Some(Ok(more)) => {
                    shown.push(more.clone());
                    input = format!("{input}\n{more}");
                }
                _ => break,
            }
        }
        if echo {
            let p = prompt(session);
            let cont = format!("{:>width$}", "| ", width = p.len());
            let mut text = String::new();
            for (i, l) in shown.iter().enumerate() {
                text.push_str(if i == 0 { &p } else { &cont });
                text.push_str(l);
                text.push('\n');
            }
            out.text(&text);
        }
        if !out.show(session.execute(&input), failed) {
            break;
        }
    }
}

fn interact(session: &mut Session, out: &Output, colour: bool) {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("policy-repl: cannot use the terminal: {e}");
            return;
        }
    };
    let mut helper = ReplHelper::new(colour);
    helper.names = session
        .prepared
        .as_ref()
        .map(|p| Names::of(p.program()))
        .unwrap_or_default();
    editor.set_helper(Some(helper));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    out.text("policy-repl: :help lists the commands, :quit leaves\n");
    let mut failed = false;
    loop {
        match editor.readline(&prompt(session)) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    // Saved after every line, so history survives a crash
                    // or a killed terminal as well as `:quit`.
                    save_history(&mut editor, history.as_ref());
                }
                let result = session.execute(&line);
                let go_on = out.show(result, &mut failed);
                if let Some(h) = editor.helper_mut() {
                    h.names = session
                        .prepared
                        .as_ref()
                        .map(|p| Names::of(p.program()))
                        .unwrap_or_default();
                }
                if !go_on {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("policy-repl: {e}");
                break;
            }
        }
    }
    save_history(&mut editor, history.as_ref());
}

fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: Option<&PathBuf>) {
    let Some(path) = path else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = editor.save_history(path);
}
