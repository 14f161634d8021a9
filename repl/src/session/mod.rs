//! One analyst's session: the policy loaded, the facts given so far, and
//! what each command does with them. Nothing here prints: each command
//! returns the text to show, or the reports to show instead.

mod answers;
mod load;
pub mod values;
mod why;

use std::path::PathBuf;

use miette::Report;
use policy::eval::Prepared;
use policy::program::{Program, Value};

use crate::commands::{Assignment, Command, Piece};
use crate::report::Diag;

#[derive(Default)]
pub struct Session {
    /// The policy loaded, ready to decide cases.
    pub prepared: Option<Prepared>,
    /// The file the program was read from, for `:reload`.
    pub path: Option<PathBuf>,
    /// One slot per fact of the program; `None` while not given.
    pub facts: Vec<Option<Value>>,
}

/// What a command answers.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    Text(String),
    Quit,
}

/// What went wrong, as reports: the line typed, or the policy file.
#[derive(Debug)]
pub struct Errors(pub Vec<Report>);

impl From<Report> for Errors {
    fn from(r: Report) -> Errors {
        Errors(vec![r])
    }
}

/// A problem with the line typed.
pub(crate) fn line_error(line: &str) -> impl Fn(Diag) -> Errors + '_ {
    move |d| Errors(vec![d.report(line)])
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Run one line (possibly several lines of one unfinished expression).
    pub fn execute(&mut self, line: &str) -> Result<Reply, Errors> {
        let command: Command = line.parse().map_err(line_error(line))?;
        let text = match command {
            Command::Nothing => String::new(),
            Command::Quit => return Ok(Reply::Quit),
            Command::Help => answers::help(),
            Command::Load(file) => self.load(line, &file)?,
            Command::Reload => self.reload(line)?,
            Command::Case(file) => self.case(line, &file)?,
            Command::Facts => self.list_facts(line)?,
            Command::Unset(name) => self.unset(line, &name)?,
            Command::Set(assignment) => self.set(line, &assignment)?,
            Command::Decide => self.decide(line)?,
            Command::Why(output) => self.why(line, &output)?,
            Command::WhatIf(changes) => self.what_if(line, &changes)?,
            Command::Needs => self.needs(line)?,
            Command::Clauses => self.clauses(line)?,
            Command::Eval(expr) => self.eval(line, &expr)?,
        };
        Ok(Reply::Text(text))
    }

    /// The loaded program, or an error pointing at the command.
    pub(crate) fn program(&self, line: &str) -> Result<&Program, Errors> {
        self.prepared(line).map(Prepared::program)
    }

    /// The loaded program ready to decide, or an error pointing at the
    /// command.
    pub(crate) fn prepared(&self, line: &str) -> Result<&Prepared, Errors> {
        self.prepared.as_ref().ok_or_else(|| {
            line_error(line)(
                Diag::new("no policy loaded")
                    .code("no_policy")
                    .label(0, line.trim_end().len(), "needs a policy")
                    .help("load one first: `:load policies/webpro/refunds.policy`"),
            )
        })
    }

    fn unset(&mut self, line: &str, name: &Piece) -> Result<String, Errors> {
        let program = self.program(line)?;
        let fact = fact_named(program, name).map_err(line_error(line))?;
        let fact_name = program.facts[fact].name.clone();
        Ok(match self.facts[fact].take() {
            Some(_) => format!("{fact_name} is no longer set\n"),
            None => format!("{fact_name} was not set\n"),
        })
    }

    fn set(&mut self, line: &str, assignment: &Assignment) -> Result<String, Errors> {
        let prepared = self.prepared(line)?;
        let program = prepared.program();
        let fact = fact_named(program, &assignment.name).map_err(line_error(line))?;
        let value = values::fact_value(prepared, &self.facts, fact, &assignment.value)
            .map_err(line_error(line))?;
        let def = &program.facts[fact];
        let text = format!(
            "{} = {}\n",
            def.name,
            policy::render::show(program, def.ty, &value)
        );
        self.facts[fact] = Some(value);
        Ok(text)
    }
}

/// The fact a name typed refers to, or an error that says what it is
/// instead, with a "did you mean" for a slip.
pub(crate) fn fact_named(program: &Program, name: &Piece) -> Result<usize, Diag> {
    if let Some(f) = program.fact_named(&name.text) {
        return Ok(f);
    }
    let what = if program.output_named(&name.text).is_some() {
        Some("an output")
    } else if program.definitions.iter().any(|d| d.name == name.text) {
        Some("a definition")
    } else {
        None
    };
    let diag = Diag::new(match what {
        Some(what) => format!("`{}` is {what}, not a fact", name.text),
        None => format!("`{}` is not a fact of policy {}", name.text, program.name),
    })
    .code("not_a_fact")
    .label(name.at, name.text.len(), "not a fact");
    Err(match what {
        Some(_) => diag.help(format!(
            "only facts can be set; it follows from them. To compare, write `({} = ...)`",
            name.text
        )),
        None => diag.help_opt(policy::check::did_you_mean(
            &name.text,
            program.facts.iter().map(|f| f.name.as_str()),
        )),
    })
}

#[cfg(test)]
mod tests;
