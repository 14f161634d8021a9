//! Names and types, resolved before anything runs: the syntax tree becomes a
//! [`Program`] whose names are slots and whose operators are settled, or a
//! list of every problem found.

mod binary;
mod clauses;
mod decl;
mod depth;
mod error;
mod expr;
mod names;

use std::collections::HashMap;
use std::sync::Arc;

pub use depth::MAX_EVAL_DEPTH;
pub use error::CheckError;
pub use names::{closest, did_you_mean, list_words};

use crate::program::{
    Calendar, DefinitionDef, EnumDef, EnumId, FactDef, Node, OutputDef, OutputSource, Program,
    Rounding, SourceFile, Type,
};
use crate::syntax::ast::{self, Item, PolicyFile};
use crate::syntax::Span;
use names::NameRef;

/// Check a parsed policy. `file` carries the text the spans point into.
pub fn check(tree: &PolicyFile, file: Arc<SourceFile>) -> Result<Program, Vec<CheckError>> {
    let mut checker = Checker::new(tree);
    checker.header(tree);
    checker.declare(tree);
    checker.definitions();
    let assumptions = checker.assumptions(tree);
    let clauses = checker.clauses(tree);
    checker.outputs();
    let beaten_by = checker.precedence(tree, &clauses);
    checker.decided_outputs_are_set();
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    let computed_order = checker.computed_order.clone();
    let requirement_labels = checker.requirement_labels;
    let definitions = checker
        .definitions
        .iter()
        .zip(checker.definition_state)
        .filter_map(|(d, state)| match state {
            State::Done(ty, node) => Some(DefinitionDef {
                name: d.name.node.clone(),
                ty,
                value: node,
                doc: d.doc.clone(),
                span: d.name.span,
            }),
            _ => None,
        })
        .collect();
    let outputs = checker
        .outputs
        .iter()
        .zip(checker.output_state)
        .map(|(o, state)| {
            let (ty, source) = match state {
                State::Done(ty, node) => (ty, OutputSource::Computed(node)),
                State::Decided(ty) => (ty, OutputSource::Decided),
                _ => (Type::Bool, OutputSource::Decided),
            };
            let optional = o.ty.as_ref().is_some_and(|t| t.optional);
            OutputDef {
                name: o.name.node.clone(),
                ty,
                optional,
                doc: o.doc.clone(),
                source,
                span: o.name.span,
            }
        })
        .collect();
    let mut program = Program::new(
        tree.name.node.clone(),
        tree.title.clone(),
        file,
        checker.currency,
        checker.rounding,
        checker.calendar,
        checker.enums,
        checker.facts,
        definitions,
        assumptions,
        outputs,
        computed_order,
        clauses,
        beaten_by,
        requirement_labels,
    );
    let mut errors: Vec<CheckError> = crate::program::scale::annotate_program(&mut program)
        .into_iter()
        .map(too_precise)
        .collect();
    errors.extend(depth::too_deep(&program));
    if errors.is_empty() {
        Ok(program)
    } else {
        Err(errors)
    }
}

fn too_precise(t: crate::program::scale::TooPrecise) -> CheckError {
    CheckError::TooPrecise {
        places: t.places,
        span: t.span.into(),
    }
}

/// Check one expression in the context of a checked program, as the REPL
/// does with what an analyst types: it may read facts, definitions and
/// outputs. `present` lists the optional facts known to have a value.
/// `want`, when given, is the type the value must have (a bare enumeration
/// value such as `dissatisfied` is read as a value of that enumeration).
pub fn check_expression(
    program: &Program,
    expr: &ast::Expr,
    present: &[crate::program::FactId],
    want: Option<Type>,
) -> Result<(Node, Type), Vec<CheckError>> {
    let mut checker = Checker::from_program(program);
    let env = Env {
        present: present.iter().map(|&f| NameRef::Fact(f)).collect(),
        outputs_readable: true,
    };
    let checked = match want {
        Some(ty) => checker.typed(expr, &env, ty).map(|node| (node, ty)),
        None => checker.expr(expr, &env, None),
    };
    match checked {
        Some((mut node, ty)) if checker.errors.is_empty() => {
            let too = crate::program::scale::annotate(program, &mut node);
            if too.is_empty() {
                Ok((node, ty))
            } else {
                Err(too.into_iter().map(too_precise).collect())
            }
        }
        _ => Err(checker.errors),
    }
}

/// Where a definition or computed output stands while checking, so each is
/// checked once and a cycle is caught.
#[derive(Clone, Debug)]
enum State {
    Unchecked,
    InProgress,
    Done(Type, Node),
    /// An output set by clauses, of a declared type.
    Decided(Type),
    Failed,
}

/// What an expression may read.
#[derive(Clone, Debug, Default)]
struct Env {
    /// Optional facts or outputs known to have a value here.
    present: Vec<NameRef>,
    /// Computed outputs may read outputs; clauses and definitions may not.
    outputs_readable: bool,
}

impl Env {
    fn with(&self, more: Vec<NameRef>) -> Env {
        let mut env = self.clone();
        env.present.extend(more);
        env
    }
}

struct Checker<'a> {
    errors: Vec<CheckError>,
    names: HashMap<String, (NameRef, Span)>,
    currency: Option<String>,
    currency_span: Option<Span>,
    rounding: Option<Rounding>,
    calendar: Calendar,
    enums: Vec<EnumDef>,
    facts: Vec<FactDef>,
    definitions: Vec<&'a ast::Definition>,
    definition_state: Vec<State>,
    outputs: Vec<&'a ast::Output>,
    output_state: Vec<State>,
    computed_order: Vec<usize>,
    /// Definitions and outputs being checked, innermost last, for cycle chains.
    in_progress: Vec<String>,
    requirement_labels: EnumId,
    /// Clause ids with their spans, in order.
    clause_ids: Vec<(String, Span)>,
    /// Where each clause id first appears in `clause_ids`: a policy names
    /// every clause again in its precedence lines, and thousands of clauses
    /// make a linear search quadratic.
    clause_index: HashMap<String, usize>,
    /// Facts whose declared type is wrong: reading them adds no more errors.
    bad_facts: Vec<usize>,
    /// Whether each output is declared `optional`.
    output_optional: Vec<bool>,
    /// Outputs some clause sets (even if that consequence has an error).
    set_by_clauses: Vec<usize>,
}

impl<'a> Checker<'a> {
    fn new(tree: &'a PolicyFile) -> Checker<'a> {
        let mut definitions = Vec::new();
        let mut outputs = Vec::new();
        for item in &tree.items {
            match item {
                Item::Definition(d) => definitions.push(d),
                Item::Output(o) => outputs.push(o),
                _ => {}
            }
        }
        let output_optional = outputs
            .iter()
            .map(|o| o.ty.as_ref().is_some_and(|t| t.optional))
            .collect();
        Checker {
            errors: Vec::new(),
            names: HashMap::new(),
            currency: None,
            currency_span: None,
            rounding: None,
            calendar: Calendar::default(),
            enums: vec![],
            facts: vec![],
            definition_state: vec![State::Unchecked; definitions.len()],
            definitions,
            output_state: vec![State::Unchecked; outputs.len()],
            outputs,
            computed_order: vec![],
            in_progress: vec![],
            requirement_labels: 0,
            clause_ids: vec![],
            clause_index: HashMap::new(),
            bad_facts: vec![],
            output_optional,
            set_by_clauses: vec![],
        }
    }

    /// A checker that knows a checked program's names and types, for checking
    /// expressions against it.
    fn from_program(program: &Program) -> Checker<'static> {
        let mut names = HashMap::new();
        for (id, f) in program.facts.iter().enumerate() {
            names.insert(f.name.clone(), (NameRef::Fact(id), f.span));
        }
        for (id, d) in program.definitions.iter().enumerate() {
            names.insert(d.name.clone(), (NameRef::Definition(id), d.span));
        }
        for (id, o) in program.outputs.iter().enumerate() {
            names.insert(o.name.clone(), (NameRef::Output(id), o.span));
        }
        Checker {
            errors: Vec::new(),
            names,
            currency: program.currency.clone(),
            currency_span: None,
            rounding: program.rounding,
            calendar: program.calendar.clone(),
            enums: program.enums.clone(),
            facts: program.facts.clone(),
            definitions: vec![],
            definition_state: program
                .definitions
                .iter()
                .map(|d| State::Done(d.ty, d.value.clone()))
                .collect(),
            outputs: vec![],
            output_state: program
                .outputs
                .iter()
                .map(|o| match &o.source {
                    OutputSource::Computed(node) => State::Done(o.ty, node.clone()),
                    OutputSource::Decided => State::Decided(o.ty),
                })
                .collect(),
            computed_order: program.computed_order.clone(),
            in_progress: vec![],
            requirement_labels: program.requirement_labels,
            clause_ids: program
                .clauses
                .iter()
                .map(|c| (c.id.clone(), c.span))
                .collect(),
            clause_index: program
                .clauses
                .iter()
                .enumerate()
                .rev()
                .map(|(i, c)| (c.id.clone(), i))
                .collect(),
            bad_facts: vec![],
            output_optional: program.outputs.iter().map(|o| o.optional).collect(),
            set_by_clauses: vec![],
        }
    }

    fn error(&mut self, e: CheckError) {
        self.errors.push(e);
    }

    /// Give every fact, definition and output its slot, so that any item may
    /// refer to any other regardless of order.
    fn declare(&mut self, tree: &'a PolicyFile) {
        let (mut defs, mut outs) = (0, 0);
        for item in &tree.items {
            match item {
                Item::Fact(f) => {
                    let id = self.facts.len();
                    if self.bind(&f.name, NameRef::Fact(id)) {
                        let (ty, optional) = match self.fact_type(&f.ty, &f.name.node) {
                            Some(ty) => (ty, f.ty.optional),
                            None => {
                                self.bad_facts.push(id);
                                (Type::Bool, false)
                            }
                        };
                        self.facts.push(FactDef {
                            name: f.name.node.clone(),
                            ty,
                            optional,
                            doc: f.doc.clone(),
                            span: f.name.span,
                        });
                    }
                }
                Item::Definition(d) => {
                    self.bind(&d.name, NameRef::Definition(defs));
                    defs += 1;
                }
                Item::Output(o) => {
                    self.bind(&o.name, NameRef::Output(outs));
                    outs += 1;
                }
                Item::Clause(c) => {
                    match self.clause_index.get(&c.id.node) {
                        Some(&first) => {
                            let first = self.clause_ids.get(first).map_or(c.id.span, |f| f.1);
                            self.error(CheckError::Duplicate {
                                name: c.id.node.clone(),
                                span: c.id.span.into(),
                                first: first.into(),
                            });
                        }
                        None => {
                            let next = self.clause_ids.len();
                            self.clause_index.insert(c.id.node.clone(), next);
                        }
                    }
                    self.clause_ids.push((c.id.node.clone(), c.id.span));
                }
                _ => {}
            }
        }
        let labels = requirement_labels(tree);
        self.requirement_labels = self.enums.len();
        self.enums.push(EnumDef {
            owner: "requirements".to_string(),
            variants: labels,
        });
    }

    /// Bind a name; false (with an error) if it is taken.
    fn bind(&mut self, name: &ast::Spanned<String>, to: NameRef) -> bool {
        if let Some((_, first)) = self.names.get(&name.node) {
            let first = *first;
            self.error(CheckError::Duplicate {
                name: name.node.clone(),
                span: name.span.into(),
                first: first.into(),
            });
            return false;
        }
        self.names.insert(name.node.clone(), (to, name.span));
        true
    }

    fn definitions(&mut self) {
        for id in 0..self.definitions.len() {
            self.definition(id);
        }
    }

    /// Check a definition once; its type, or `None` if it is wrong.
    fn definition(&mut self, id: usize) -> Option<Type> {
        match self.definition_state.get(id)? {
            State::Done(ty, _) => return Some(*ty),
            State::Failed | State::Decided(_) => return None,
            State::InProgress => {
                let def = *self.definitions.get(id)?;
                self.cycle(&def.name.node, def.name.span);
                return None;
            }
            State::Unchecked => {}
        }
        let def = *self.definitions.get(id)?;
        set(&mut self.definition_state, id, State::InProgress);
        self.in_progress.push(def.name.node.clone());
        let checked = self.expr(&def.value, &Env::default(), None);
        self.in_progress.pop();
        let (state, ty) = match checked {
            Some((node, ty)) => (State::Done(ty, node), Some(ty)),
            None => (State::Failed, None),
        };
        set(&mut self.definition_state, id, state);
        ty
    }

    fn cycle(&mut self, name: &str, span: Span) {
        let start = self.in_progress.iter().position(|n| n == name).unwrap_or(0);
        let mut chain: Vec<&str> = (self.in_progress.iter().skip(start))
            .map(String::as_str)
            .collect();
        chain.push(name);
        self.error(CheckError::Cycle {
            name: name.to_string(),
            chain: chain.join(" -> "),
            span: span.into(),
        });
    }

    /// Every output: its type, and for computed ones their checked value.
    fn outputs(&mut self) {
        for id in 0..self.outputs.len() {
            self.output(id);
        }
    }

    fn output(&mut self, id: usize) -> Option<Type> {
        match self.output_state.get(id)? {
            State::Done(ty, _) | State::Decided(ty) => return Some(*ty),
            State::Failed => return None,
            State::InProgress => {
                let out = *self.outputs.get(id)?;
                self.cycle(&out.name.node, out.name.span);
                return None;
            }
            State::Unchecked => {}
        }
        let out = *self.outputs.get(id)?;
        let declared = match &out.ty {
            Some(te) => match self.output_type(te, &out.name.node) {
                Some(ty) => Some(ty),
                None => {
                    set(&mut self.output_state, id, State::Failed);
                    return None;
                }
            },
            None => None,
        };
        let Some(value) = &out.value else {
            return match declared {
                Some(ty) => {
                    set(&mut self.output_state, id, State::Decided(ty));
                    Some(ty)
                }
                None => {
                    set(&mut self.output_state, id, State::Failed);
                    self.error(CheckError::Misplaced {
                        what: format!("output `{}` has neither a type nor a value", out.name.node),
                        span: out.name.span.into(),
                        help: Some(format!("write `output {}: money` for an output clauses decide, or `output {} = ...`", out.name.node, out.name.node)),
                    });
                    None
                }
            };
        };
        set(&mut self.output_state, id, State::InProgress);
        self.in_progress.push(out.name.node.clone());
        let env = Env {
            present: vec![],
            outputs_readable: true,
        };
        let checked = self.expr(value, &env, declared);
        self.in_progress.pop();
        let Some((node, found)) = checked else {
            set(&mut self.output_state, id, State::Failed);
            return None;
        };
        let ty = declared.unwrap_or(found);
        match self.coerce(node, found, ty, value.span) {
            Some(node) => {
                set(&mut self.output_state, id, State::Done(ty, node));
                self.computed_order.push(id);
                Some(ty)
            }
            None => {
                set(&mut self.output_state, id, State::Failed);
                None
            }
        }
    }

    /// A value of type `found` where `want` is expected: the same node, a
    /// whole number widened to a decimal, or an error.
    fn coerce(&mut self, node: Node, found: Type, want: Type, span: Span) -> Option<Node> {
        if found == want {
            return Some(node);
        }
        if found == Type::Count && want == Type::Number {
            return Some(Node::new(
                crate::program::Op::IntToDec(Box::new(node)),
                span,
            ));
        }
        let help = expr::conversion_help(found, want);
        self.error(CheckError::TypeMismatch {
            expected: self.describe(want),
            found: self.describe(found),
            span: span.into(),
            help,
        });
        None
    }

    /// A type in words, with the values of an enumeration.
    fn describe(&self, ty: Type) -> String {
        match ty {
            Type::Enum(e) => format!("one of {}", self.variants_text(e)),
            Type::List(e) => format!("a list of {}", self.variants_text(e)),
            Type::Bool => "a condition (true or false)".to_string(),
            other => other.to_string(),
        }
    }

    fn variants_text(&self, e: EnumId) -> String {
        self.enums
            .get(e)
            .map(|d| d.variants.join(", "))
            .unwrap_or_default()
    }
}

/// Every `require ... as LABEL` label in the policy, first appearance first.
fn requirement_labels(tree: &PolicyFile) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for item in &tree.items {
        if let Item::Clause(c) = item {
            for r in &c.requirements {
                if !labels.contains(&r.label.node) {
                    labels.push(r.label.node.clone());
                }
            }
        }
    }
    labels
}

/// Put `state` in slot `id` of a checker's states.
fn set(states: &mut [State], id: usize, state: State) {
    if let Some(slot) = states.get_mut(id) {
        *slot = state;
    }
}
