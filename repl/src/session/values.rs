//! Turning what the analyst typed into checked expressions and values: the
//! library parses and checks the text; this module moves its errors to where
//! the text sits in the line, and refuses to evaluate anything that reads a
//! fact not yet given.

use policy::check::{check_expression, did_you_mean};
use policy::eval::{Decision, Prepared};
use policy::program::{FactId, Node, Op, Program, Type, Value};
use policy::syntax::parse_expression;

use crate::commands::Piece;
use crate::report::Diag;

/// The session's facts: `None` while not given. An optional fact given as
/// `missing` is `Some(Value::Missing)`.
pub type Facts = [Option<Value>];

/// Facts as the evaluator wants them: an optional fact not given is
/// missing, as when a case file leaves it out.
pub fn slots(facts: &Facts) -> Vec<Value> {
    facts
        .iter()
        .map(|v| v.clone().unwrap_or_default())
        .collect()
}

/// Non-optional facts not yet given.
pub fn unset_required(program: &Program, facts: &Facts) -> Vec<FactId> {
    (0..program.facts.len())
        .filter(|&f| facts[f].is_none() && !program.facts[f].optional)
        .collect()
}

/// Parse and check `piece` as an expression against the program; errors
/// point into the line.
pub fn compile(
    program: &Program,
    facts: &Facts,
    piece: &Piece,
    want: Option<Type>,
) -> Result<(Node, Type), Diag> {
    if piece.text.is_empty() {
        return Err(Diag::new("expected a value").code("missing_value").label(
            piece.at,
            0,
            "nothing here",
        ));
    }
    let expr = parse_expression(&piece.text)
        .map_err(|errors| Diag::all(errors.iter().map(|e| Diag::shifted(e, piece.at)).collect()))?;
    let present: Vec<FactId> = (0..program.facts.len())
        .filter(|&f| program.facts[f].optional && matches!(&facts[f], Some(v) if !v.is_missing()))
        .collect();
    check_expression(program, &expr, &present, want)
        .map_err(|errors| Diag::all(errors.iter().map(|e| Diag::shifted(e, piece.at)).collect()))
}

/// What a checked expression reads that is not there yet: required facts
/// not given (directly or through a definition), and whether it reads
/// outputs (so a decision is needed first).
pub struct Reads {
    pub unset: Vec<(FactId, usize, usize)>,
    pub outputs: bool,
}

pub fn reads(program: &Program, facts: &Facts, node: &Node, at: usize) -> Reads {
    let mut walk = Walk {
        program,
        facts,
        at,
        seen: vec![false; program.definitions.len()],
        reads: Reads {
            unset: vec![],
            outputs: false,
        },
    };
    walk.walk(node, node, 0);
    walk.reads
}

/// Going through an expression for [`reads`].
struct Walk<'a> {
    program: &'a Program,
    facts: &'a Facts,
    at: usize,
    /// The definitions gone through already: all they read is in `reads`,
    /// so a chain of definitions each reading the one before twice is gone
    /// through once, not 2^depth times.
    seen: Vec<bool>,
    reads: Reads,
}

impl Walk<'_> {
    fn walk(&mut self, node: &Node, shown: &Node, depth: usize) {
        // `shown` is the node in the typed text that led here: a definition's
        // body has spans into the policy file, so errors point at the name
        // typed.
        let shown_here = if depth == 0 { node } else { shown };
        let program = self.program;
        match &node.op {
            Op::Fact(f) => {
                let required = !program.facts.get(*f).is_some_and(|d| d.optional);
                if required
                    && self.facts.get(*f).is_some_and(Option::is_none)
                    && !self.reads.unset.iter().any(|u| u.0 == *f)
                {
                    self.reads.unset.push((
                        *f,
                        self.at + shown_here.span.start,
                        shown_here.span.len(),
                    ));
                }
            }
            Op::Definition(d) => {
                if let Some(def) = program.definitions.get(*d) {
                    if !std::mem::replace(&mut self.seen[*d], true) {
                        self.walk(&def.value, shown_here, depth + 1);
                    }
                }
            }
            Op::Output(_) | Op::Unmet(_) => self.reads.outputs = true,
            _ => policy::program::for_each_child(node, |child| {
                let next = if depth == 0 { child } else { shown };
                self.walk(child, next, depth);
            }),
        }
    }
}

/// An error naming the facts an expression needs but does not have.
pub fn unset_error(program: &Program, unset: &[(FactId, usize, usize)]) -> Diag {
    let names: Vec<&str> = unset
        .iter()
        .map(|(f, _, _)| program.facts[*f].name.as_str())
        .collect();
    let mut diag = Diag::new(format!(
        "{} no value yet",
        match names.as_slice() {
            [one] => format!("`{one}` has"),
            _ => format!(
                "{} have",
                policy::check::list_words(&names).replace(" or ", " and ")
            ),
        }
    ))
    .code("unset_fact")
    .help(format!(
        "set it first, e.g. `{} = ...`",
        names.first().copied().unwrap_or("fact")
    ));
    for (f, at, len) in unset {
        diag = diag.label(*at, *len, format!("reads `{}`", program.facts[*f].name));
    }
    diag
}

/// Evaluate a checked expression against the facts (and a decision, when it
/// reads outputs).
pub fn evaluate(
    prepared: &Prepared,
    facts: &Facts,
    decision: Option<&Decision>,
    node: &Node,
    piece: &Piece,
) -> Result<Value, Diag> {
    let slots = slots(facts);
    prepared.evaluate(&slots, decision, node).map_err(|e| {
        // Run-time errors point into the policy for definitions; into the
        // line for what was typed. Only the latter fit the line's text.
        let diag = Diag::shifted(&e, piece.at);
        let fits = diag
            .labels
            .iter()
            .all(|l| l.offset() + l.len() <= piece.at + piece.text.len());
        if fits {
            diag
        } else {
            Diag {
                labels: vec![],
                ..diag
            }
        }
    })
}

/// The value typed for a fact, checked against its declaration.
pub fn fact_value(
    prepared: &Prepared,
    facts: &Facts,
    fact: FactId,
    piece: &Piece,
) -> Result<Value, Diag> {
    let program = prepared.program();
    let def = &program.facts[fact];
    let word = piece.text.as_str();
    let is_variant = |w: &str| match def.ty {
        Type::Enum(e) | Type::List(e) => program.enums[e].variants.iter().any(|v| v == w),
        _ => false,
    };
    if (word == "missing" || word == "none") && !is_variant(word) {
        if def.optional {
            return Ok(Value::Missing);
        }
        if word == "missing" || !matches!(def.ty, Type::List(_)) {
            return Err(
                Diag::new(format!("`{}` is not optional: it needs a value", def.name))
                    .code("not_optional")
                    .label(
                        piece.at,
                        piece.text.len(),
                        "only optional facts can be missing",
                    )
                    .help(format!("`:unset {}` forgets its value instead", def.name)),
            );
        }
    }
    if let Type::List(e) = def.ty {
        return list_value(program, e, piece);
    }
    let (node, _) = compile(program, facts, piece, Some(def.ty))?;
    let reads = reads(program, facts, &node, piece.at);
    if reads.outputs {
        return Err(Diag::new("a fact's value cannot read an output")
            .code("reads_output")
            .label(piece.at, piece.text.len(), "reads an output")
            .help("outputs follow from the facts, not the other way round"));
    }
    if !reads.unset.is_empty() {
        return Err(unset_error(program, &reads.unset));
    }
    evaluate(prepared, facts, None, &node, piece)
}

/// `name, plan` (or `name, plan and reason`, or `none`) for a `list of ...`
/// fact; each value is checked against the enumeration, with a "did you
/// mean" for a slip.
fn list_value(program: &Program, e: usize, piece: &Piece) -> Result<Value, Diag> {
    let variants = &program.enums[e].variants;
    if piece.text == "none" {
        return Ok(Value::Set(0));
    }
    let mut set: u128 = 0;
    let mut errors = vec![];
    for (offset, word) in words(&piece.text) {
        let at = piece.at + offset;
        if word == "and" {
            continue;
        }
        let bare = word.trim_matches('"');
        match variants.iter().position(|v| v == bare) {
            Some(i) => set |= 1u128.checked_shl(i as u32).unwrap_or(0),
            None => errors.push(
                Diag::new(format!(
                    "`{bare}` is not one of the values of `{}`",
                    program.enums[e].owner
                ))
                .code("unknown_value")
                .label(at, word.len(), "unknown value")
                .help(
                    did_you_mean(bare, variants.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!("the values are {}", policy::check::list_words(variants))
                    }),
                ),
            ),
        }
    }
    if errors.is_empty() {
        Ok(Value::Set(set))
    } else {
        Err(Diag::all(errors))
    }
}

/// The words of a list, with their byte offsets; commas and spaces separate.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = vec![];
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ',')))
    {
        let separator = c == ',' || c.is_whitespace();
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}
