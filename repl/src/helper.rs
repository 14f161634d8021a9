//! The line editor's helper: completion of commands, names, enumeration
//! values and file paths; hints; highlighting; and a validator that asks for
//! another line only when the expression stops short (its parse error sits
//! at the very end of the input), never for a plain mistake.

use std::borrow::Cow;

use policy::program::{Program, Type};
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use crate::commands::{assignment, Command, Piece, COMMANDS};

/// What the helper knows of the loaded policy: names, not the program, so
/// the editor never borrows the session.
#[derive(Default, Clone, Debug)]
pub struct Names {
    pub facts: Vec<String>,
    pub outputs: Vec<String>,
    pub definitions: Vec<String>,
    /// Per fact, the values it may take when it is an enumeration or list
    /// (with `missing` for optional facts).
    pub values: Vec<Vec<String>>,
    /// Facts that are lists: `name, plan` is not an expression.
    pub lists: Vec<String>,
    pub docs: Vec<String>,
}

impl Names {
    pub fn of(program: &Program) -> Names {
        let mut names = Names::default();
        for f in &program.facts {
            names.facts.push(f.name.clone());
            let mut values = match f.ty {
                Type::Enum(e) | Type::List(e) => program.enums[e].variants.clone(),
                Type::Bool => vec!["true".into(), "false".into()],
                _ => vec![],
            };
            if f.optional {
                values.push("missing".into());
            }
            if matches!(f.ty, Type::List(_)) {
                names.lists.push(f.name.clone());
            }
            names.values.push(values);
            let ty = match f.ty {
                Type::Enum(e) => format!("one of {}", program.enums[e].variants.join(", ")),
                Type::List(e) => format!("list of {}", program.enums[e].variants.join(", ")),
                t => t.to_string(),
            };
            let optional = if f.optional { "optional " } else { "" };
            let doc = f
                .doc
                .as_deref()
                .map(|d| format!("  \"{d}\""))
                .unwrap_or_default();
            names.docs.push(format!("{optional}{ty}{doc}"));
        }
        names.outputs = program.outputs.iter().map(|o| o.name.clone()).collect();
        names.definitions = program.definitions.iter().map(|d| d.name.clone()).collect();
        names
    }
}

pub struct ReplHelper {
    pub names: Names,
    pub colour: bool,
    files: FilenameCompleter,
}

impl ReplHelper {
    pub fn new(colour: bool) -> ReplHelper {
        ReplHelper {
            names: Names::default(),
            colour,
            files: FilenameCompleter::new(),
        }
    }
}

impl Helper for ReplHelper {}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where the word ending at `pos` starts.
fn word_start(line: &str, pos: usize) -> usize {
    line[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| !is_word(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

impl Names {
    /// Candidates for the word at `pos` of `line` (which may be a file path).
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        let trimmed = before.trim_start();
        if trimmed.starts_with(':') && !trimmed.contains(char::is_whitespace) {
            let start = pos - trimmed.len();
            let matches = COMMANDS
                .iter()
                .map(|(n, _, _)| n.to_string())
                .filter(|n| n.starts_with(trimmed))
                .collect();
            return (start, matches);
        }
        let start = word_start(line, pos);
        let word = &line[start..pos];
        let command = trimmed.split_whitespace().next().unwrap_or("");
        let pool: Vec<&String> = match command {
            ":unset" => self.facts.iter().collect(),
            ":why" => self.outputs.iter().collect(),
            _ => match self.assigned_fact(before, start) {
                Some(f) => self.values[f].iter().collect(),
                None => self
                    .facts
                    .iter()
                    .chain(&self.outputs)
                    .chain(&self.definitions)
                    .collect(),
            },
        };
        let mut matches: Vec<String> = pool
            .into_iter()
            .filter(|n| n.starts_with(word))
            .cloned()
            .collect();
        matches.sort();
        matches.dedup();
        (start, matches)
    }

    /// The fact being given a value at `start`, as in `reason = dis|` or
    /// `:what-if paid = $1, reason = dis|`.
    fn assigned_fact(&self, before: &str, start: usize) -> Option<usize> {
        let mut starts = vec![0];
        if before.trim_start().starts_with(':') {
            starts.extend(before.find(char::is_whitespace));
        }
        starts.extend(before[..start].match_indices(',').map(|(i, _)| i + 1));
        let a = starts
            .into_iter()
            .rev()
            .find_map(|from| assignment(before, from, start))?;
        self.facts.iter().position(|f| *f == a.name.text)
    }

    /// A hint for what the line still needs.
    pub fn hint(&self, line: &str) -> Option<String> {
        let trimmed = line.trim_start();
        if trimmed.starts_with(':') {
            let typed = trimmed.trim_end();
            let mut found = COMMANDS.iter().filter(|(n, _, _)| n.starts_with(typed));
            let (name, arg, _) = found.next()?;
            if found.next().is_some() && *name != typed {
                return None;
            }
            let rest = &name[typed.len()..];
            return match (rest.is_empty(), arg.is_empty(), trimmed.ends_with(' ')) {
                (false, true, _) => Some(rest.to_string()),
                (false, false, _) => Some(format!("{rest} {arg}")),
                (true, false, false) => Some(format!(" {arg}")),
                (true, false, true) => Some(arg.to_string()),
                _ => None,
            };
        }
        // `paid =`: what the fact holds.
        let a = assignment(line, 0, line.len())?;
        if !a.value.text.is_empty() {
            return None;
        }
        let f = self.facts.iter().position(|f| *f == a.name.text)?;
        let pad = if line.ends_with(' ') { "" } else { " " };
        Some(format!("{pad}{}", self.docs[f]))
    }

    /// Whether the input stops short: the expression in it fails to parse
    /// at its very end, so another line could finish it.
    pub fn incomplete(&self, input: &str) -> bool {
        let piece: Piece = match input.parse::<Command>() {
            Ok(Command::Eval(p)) => p,
            Ok(Command::Set(a)) if !self.lists.contains(&a.name.text) => a.value,
            Ok(Command::WhatIf(list)) => match list.last() {
                Some(a) if !self.lists.contains(&a.name.text) => a.value.clone(),
                _ => return false,
            },
            _ => return false,
        };
        // The library says "the end of the file" when the text ran out
        // before the expression did: exactly the case for another line.
        match policy::syntax::parse_expression(&piece.text) {
            Ok(_) => false,
            Err(errors) => errors.iter().any(|e| {
                matches!(e, policy::syntax::ParseError::Syntax { found, .. } if found == END_OF_TEXT)
            }),
        }
    }
}

/// What the parser reports finding when the text ends too soon.
pub const END_OF_TEXT: &str = "the end of the file";

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let command = line.split_whitespace().next().unwrap_or("");
        if matches!(command, ":load" | ":case") && line[..pos].trim_end() != command {
            return self.files.complete_path(line, pos);
        }
        let (start, words) = self.names.complete(line, pos);
        let pairs = words
            .into_iter()
            .map(|w| Pair {
                display: w.clone(),
                replacement: w,
            })
            .collect();
        Ok((start, pairs))
    }
}

/// A hint shown greyed after the cursor; only command names complete.
pub struct ShownHint {
    text: String,
    completion: Option<String>,
}

impl Hint for ShownHint {
    fn display(&self) -> &str {
        &self.text
    }

    fn completion(&self) -> Option<&str> {
        self.completion.as_deref()
    }
}

impl Hinter for ReplHelper {
    type Hint = ShownHint;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<ShownHint> {
        if pos < line.len() {
            return None;
        }
        let text = self.names.hint(line)?;
        // Accepting the hint (right arrow) completes a command name, never
        // the placeholder or the description.
        let completion = text
            .split(' ')
            .next()
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let completion = completion.filter(|_| line.trim_start().starts_with(':'));
        Some(ShownHint { text, completion })
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.colour {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight(&self.names, line))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.colour {
            return Cow::Borrowed(hint);
        }
        Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        // Lines are short: highlight again on every change.
        self.colour
    }
}

/// Commands bold, facts green, outputs and definitions cyan, numbers and
/// amounts yellow, quoted text magenta. Colours add no width.
pub fn highlight(names: &Names, line: &str) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut chars = line.char_indices().peekable();
    let paint = |out: &mut String, code: &str, text: &str| {
        out.push_str(&format!("\x1b[{code}m{text}\x1b[0m"));
    };
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        let mut take_while = |end: &mut usize, f: &dyn Fn(char) -> bool| {
            while let Some(&(j, d)) = chars.peek() {
                if !f(d) {
                    break;
                }
                *end = j + d.len_utf8();
                chars.next();
            }
        };
        if c == ':' && line[..i].trim().is_empty() {
            take_while(&mut end, &|d| is_word(d) || d == '-');
            paint(&mut out, "1", &line[i..end]);
        } else if c == '"' {
            take_while(&mut end, &|d| d != '"');
            if let Some(&(j, _)) = chars.peek() {
                end = j + 1;
                chars.next();
            }
            paint(&mut out, "35", &line[i..end]);
        } else if c.is_ascii_digit() || c == '$' {
            take_while(&mut end, &|d| {
                d.is_ascii_digit() || d == '.' || d == ',' || d == '%' || d == '-'
            });
            paint(&mut out, "33", &line[i..end]);
        } else if is_word(c) {
            take_while(&mut end, &|d| is_word(d));
            let word = &line[i..end];
            if names.facts.iter().any(|f| f == word) {
                paint(&mut out, "32", word);
            } else if names
                .outputs
                .iter()
                .chain(&names.definitions)
                .any(|f| f == word)
            {
                paint(&mut out, "36", word);
            } else {
                out.push_str(word);
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if self.names.incomplete(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

#[cfg(test)]
mod tests;
