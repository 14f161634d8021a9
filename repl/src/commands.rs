//! What an analyst can type, parsed into a [`Command`] before anything runs.
//! Parsing knows nothing of the policy: whether `paid` is a fact is the
//! session's business; here `paid = $240` is just an assignment.

use std::str::FromStr;

use crate::report::Diag;

/// A piece of the line with the byte offset it starts at, so errors in it
/// can point into the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub at: usize,
}

impl Piece {
    fn of(line: &str, start: usize, end: usize) -> Piece {
        let raw = &line[start..end];
        let lead = raw.len() - raw.trim_start().len();
        Piece {
            text: raw.trim().to_string(),
            at: start + lead,
        }
    }
}

/// `NAME = VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    pub name: Piece,
    pub value: Piece,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Load(Piece),
    Reload,
    Case(Piece),
    Facts,
    Unset(Piece),
    Decide,
    Why(Piece),
    WhatIf(Vec<Assignment>),
    Needs,
    Clauses,
    Help,
    Quit,
    /// `NAME = VALUE`: set a fact.
    Set(Assignment),
    /// An expression, or the name of an output or definition.
    Eval(Piece),
    /// Nothing but white space.
    Nothing,
}

/// What an argument is called in messages, or `None` for commands without.
#[derive(Clone, Copy)]
enum Argument {
    None,
    File,
    Fact,
    Output,
    Assignments,
}

/// Every command: name, argument, what it does (for `:help` and hints).
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        ":load",
        "FILE",
        "read a policy file (facts that still fit are kept)",
    ),
    (":reload", "", "read the policy file again after an edit"),
    (":case", "FILE", "set the facts from a case file (JSON)"),
    (":facts", "", "list the facts, set or not"),
    (":unset", "FACT", "forget a fact's value"),
    (":decide", "", "every output and the clause that decided it"),
    (
        ":why",
        "OUTPUT",
        "how an output was decided: clause, quote, conditions",
    ),
    (
        ":what-if",
        "FACT = VALUE, ...",
        "the decision with facts changed, as a difference",
    ),
    (
        ":needs",
        "",
        "which missing facts can still change an outcome",
    ),
    (
        ":clauses",
        "",
        "the clauses, and whether each applies so far",
    ),
    (":help", "", "this list"),
    (":quit", "", "leave (also :q, :exit, Ctrl-D)"),
];

fn argument(name: &str) -> Option<Argument> {
    Some(match name {
        ":load" | ":case" => Argument::File,
        ":unset" => Argument::Fact,
        ":why" => Argument::Output,
        ":what-if" => Argument::Assignments,
        ":reload" | ":facts" | ":decide" | ":needs" | ":clauses" | ":help" | ":quit" => {
            Argument::None
        }
        _ => return None,
    })
}

/// Aliases people type out of habit.
fn canonical(name: &str) -> &str {
    match name {
        ":q" | ":exit" => ":quit",
        ":h" | ":?" => ":help",
        ":whatif" => ":what-if",
        other => other,
    }
}

impl FromStr for Command {
    type Err = Diag;

    fn from_str(line: &str) -> Result<Command, Diag> {
        let trimmed = line.trim_start();
        let start = line.len() - trimmed.len();
        if trimmed.trim_end().is_empty() {
            return Ok(Command::Nothing);
        }
        if trimmed.starts_with(':') {
            return command(line, start);
        }
        if let Some(assignment) = assignment(line, start, line.len()) {
            return Ok(Command::Set(assignment));
        }
        Ok(Command::Eval(Piece::of(line, start, line.len())))
    }
}

fn command(line: &str, start: usize) -> Result<Command, Diag> {
    let rest = &line[start..];
    let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let typed = &rest[..word_len];
    let name = canonical(typed);
    let Some(kind) = argument(name) else {
        let names = COMMANDS.iter().map(|(n, _, _)| *n);
        let help = policy::check::did_you_mean(typed, names)
            .unwrap_or_else(|| "type :help for the list of commands".to_string());
        return Err(Diag::new(format!("unknown command `{typed}`"))
            .code("unknown_command")
            .label(start, typed.len(), "not a command")
            .help(help));
    };
    let arg = Piece::of(line, start + word_len, line.len());
    let needs = |what: &str| {
        Diag::new(format!("`{name}` needs {what}"))
            .code("missing_argument")
            .label(start, typed.len(), format!("{name} {what}"))
            .help(usage(name))
    };
    let single = |arg: Piece, what: &str| -> Result<Piece, Diag> {
        if arg.text.is_empty() {
            return Err(needs(what));
        }
        if arg.text.contains(char::is_whitespace) && what != "a file" {
            let extra = arg.text.find(char::is_whitespace).unwrap_or(0);
            return Err(Diag::new(format!(
                "`{name}` takes one {}",
                what.trim_start_matches("an ").trim_start_matches("a ")
            ))
            .code("extra_argument")
            .label(arg.at + extra, arg.text.len() - extra, "not expected here")
            .help(usage(name)));
        }
        Ok(arg)
    };
    Ok(match kind {
        Argument::None => {
            if !arg.text.is_empty() {
                return Err(Diag::new(format!("`{name}` takes nothing after it"))
                    .code("extra_argument")
                    .label(arg.at, arg.text.len(), "not expected here")
                    .help(usage(name)));
            }
            match name {
                ":reload" => Command::Reload,
                ":facts" => Command::Facts,
                ":decide" => Command::Decide,
                ":needs" => Command::Needs,
                ":clauses" => Command::Clauses,
                ":help" => Command::Help,
                _ => Command::Quit,
            }
        }
        Argument::File => {
            let file = single(arg, "a file")?;
            if name == ":load" {
                Command::Load(file)
            } else {
                Command::Case(file)
            }
        }
        Argument::Fact => Command::Unset(single(arg, "a fact's name")?),
        Argument::Output => Command::Why(single(arg, "an output's name")?),
        Argument::Assignments => {
            if arg.text.is_empty() {
                return Err(needs("facts to change"));
            }
            Command::WhatIf(assignments(line, arg.at)?)
        }
    })
}

fn usage(name: &str) -> String {
    match COMMANDS.iter().find(|(n, _, _)| *n == name) {
        Some((n, "", what)) => format!("usage: {n}  ({what})"),
        Some((n, arg, what)) => format!("usage: {n} {arg}  ({what})"),
        None => "type :help for the list of commands".to_string(),
    }
}

/// `NAME = VALUE` in `line[start..end]`, if it has that shape: a name, then
/// `=` that is not part of `<=`, `>=` or `!=`.
pub fn assignment(line: &str, start: usize, end: usize) -> Option<Assignment> {
    let text = &line[start..end];
    let lead = text.len() - text.trim_start().len();
    let body = &text[lead..];
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let first = body.chars().next()?;
    if name_len == 0 || !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let after = &body[name_len..];
    let eq = after.len() - after.trim_start().len();
    if !after[eq..].starts_with('=') {
        return None;
    }
    let name_at = start + lead;
    let value_at = name_at + name_len + eq + 1;
    Some(Assignment {
        name: Piece::of(line, name_at, name_at + name_len),
        value: Piece::of(line, value_at, end),
    })
}

/// `a = 1, b = 2`: split at each comma that is followed by another `NAME =`,
/// so commas inside a value (`stated = name, plan`) stay with it.
fn assignments(line: &str, start: usize) -> Result<Vec<Assignment>, Diag> {
    let mut cuts = vec![start];
    for (i, c) in line[start..].char_indices() {
        let at = start + i;
        if c == ',' && assignment(line, at + 1, line.len()).is_some() {
            cuts.push(at + 1);
        }
    }
    cuts.push(line.len() + 1);
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (from, to) = (pair[0], pair[1] - 1);
        match assignment(line, from, to) {
            // An empty value is the session's to report (or the editor's
            // cue to ask for another line).
            Some(a) => out.push(a),
            _ => {
                let piece = Piece::of(line, from, to);
                return Err(Diag::new("expected `FACT = VALUE`")
                    .code("bad_assignment")
                    .label(
                        piece.at,
                        piece.text.len().max(1),
                        "not of the form FACT = VALUE",
                    )
                    .help("usage: :what-if FACT = VALUE, FACT = VALUE, ..."));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
