//! The checked, resolved form of a policy: what the checker produces and the
//! evaluator runs. Names are slots, types are settled, precedence is a
//! precomputed relation.

pub mod calendar;
pub mod domain;
pub mod exact;
mod node;
mod reads;
mod rounding;
pub mod scale;
mod types;
mod value;

use std::collections::HashMap;
use std::sync::Arc;

use fixedbitset::FixedBitSet;

pub use calendar::Calendar;
pub use node::{
    for_each_child, for_each_child_mut, ClauseId, Cmp, DefinitionId, FactId, Node, Op, OutputId,
    Repr,
};
pub use reads::ReadWalk;
pub use rounding::Rounding;
pub use types::{EnumId, Type};
pub use value::{EnumSet, Value, MAX_LIST_VARIANTS};

use crate::syntax::Span;

/// A checked policy: every name a slot, every type settled, precedence
/// worked out. What the checker produces and the evaluator runs.
#[derive(Clone, Debug)]
pub struct Program {
    /// The policy's name (`policy refunds`).
    pub name: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// The file's name and text, for traces and run-time errors.
    pub file: Arc<SourceFile>,
    /// The currency its amounts are in, if it names one.
    pub currency: Option<String>,
    /// How money is rounded where the policy rounds it, if it says.
    pub rounding: Option<Rounding>,
    /// Its business days and holidays.
    pub calendar: Calendar,
    /// Every enumeration, indexed by [`EnumId`].
    pub enums: Vec<EnumDef>,
    /// Its facts, indexed by [`FactId`], in declaration order.
    pub facts: Vec<FactDef>,
    /// Its definitions, indexed by [`DefinitionId`].
    pub definitions: Vec<DefinitionDef>,
    /// Its assumptions, in file order.
    pub assumptions: Vec<AssumptionDef>,
    /// Its outputs, indexed by [`OutputId`], in declaration order.
    pub outputs: Vec<OutputDef>,
    /// Computed outputs, in an order where each comes after what it reads.
    pub computed_order: Vec<OutputId>,
    /// Its clauses, indexed by [`ClauseId`], in file order.
    pub clauses: Vec<ClauseDef>,
    /// For each clause, every clause that takes precedence over it, directly
    /// or through a chain.
    pub beaten_by: Vec<FixedBitSet>,
    /// The enumeration of requirement labels (`require ... as LABEL`).
    pub requirement_labels: EnumId,
    /// Every clause, each after all the clauses that take precedence over
    /// it (file order among equals).
    pub clause_order: Vec<ClauseId>,
    fact_index: HashMap<String, FactId>,
}

/// Every clause after all those that beat it: a clause's beaters are a
/// strict superset of each beater's own, so ordering by how many clauses
/// beat each one is a topological order (file order among equals).
fn clause_order(beaten_by: &[FixedBitSet], clauses: usize) -> Vec<ClauseId> {
    let mut order: Vec<ClauseId> = (0..clauses).collect();
    order.sort_by_key(|&c| beaten_by.get(c).map_or(0, |b| b.count_ones(..)));
    order
}

/// A policy file's name and text, kept for messages and traces.
#[derive(Debug)]
pub struct SourceFile {
    /// The file's name as given.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// An enumeration: the values of a `one of` or `list of`.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// The fact or output that declared it, for messages.
    pub owner: String,
    /// Its values, in declaration order.
    pub variants: Vec<String>,
}

/// A fact a case gives.
#[derive(Clone, Debug)]
pub struct FactDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether a case may leave it out.
    pub optional: bool,
    /// Its doc string.
    pub doc: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// A named derived value.
#[derive(Clone, Debug)]
pub struct DefinitionDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// What it computes.
    pub value: Node,
    /// Its doc string.
    pub doc: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

/// A condition every case must meet, or be rejected.
#[derive(Clone, Debug)]
pub struct AssumptionDef {
    /// The condition.
    pub condition: Node,
    /// The facts a rejection names.
    pub naming: Vec<FactId>,
    /// What a rejection says, if the policy words it.
    pub message: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// An output a decision sets.
#[derive(Clone, Debug)]
pub struct OutputDef {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether a decision may leave it unset.
    pub optional: bool,
    /// Its doc string.
    pub doc: Option<String>,
    /// Whether clauses decide it or it is computed.
    pub source: OutputSource,
    /// Where it is declared.
    pub span: Span,
}

/// Where an output's value comes from.
#[derive(Clone, Debug)]
pub enum OutputSource {
    /// Set by the consequences of clauses.
    Decided,
    /// `= EXPR`, computed once the clauses have decided.
    Computed(Node),
}

/// A clause: its quoted paragraph, conditions and effects.
#[derive(Clone, Debug)]
pub struct ClauseDef {
    /// Its id (`refund.3`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// The quoted source paragraph, one entry per line.
    pub quote: Vec<String>,
    /// The condition for all its rules, if it has one.
    pub when: Option<Condition>,
    /// Its rules, in file order.
    pub rules: Vec<RuleDef>,
    /// Its requirements (`require ... as LABEL`).
    pub requirements: Vec<RequirementDef>,
    /// Where it is written.
    pub span: Span,
}

/// A condition with where it was written, so a trace can quote it.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The condition, checked.
    pub node: Node,
    /// Where it is written.
    pub span: Span,
}

/// One rule of a clause: what it does, and when.
#[derive(Clone, Debug)]
pub struct RuleDef {
    /// When it applies; always, without one.
    pub condition: Option<Condition>,
    /// What it does when it applies.
    pub then: Effect,
    /// What it does when its condition does not hold.
    pub otherwise: Option<Effect>,
}

/// What a rule does to one output.
#[derive(Clone, Debug)]
pub enum Effect {
    /// Permits a permission output.
    Permit(OutputId),
    /// Forbids a permission output.
    Forbid(OutputId),
    /// Sets an output to a value.
    Set(OutputId, Node),
}

impl Effect {
    /// The output it acts on.
    pub fn output(&self) -> OutputId {
        match self {
            Effect::Permit(o) | Effect::Forbid(o) | Effect::Set(o, _) => *o,
        }
    }
}

/// `require CONDITION as LABEL`: a condition a claim must meet.
#[derive(Clone, Debug)]
pub struct RequirementDef {
    /// The condition.
    pub condition: Condition,
    /// Index into the requirement-label enumeration.
    pub label: u32,
}

impl Program {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        name: String,
        title: Option<String>,
        file: Arc<SourceFile>,
        currency: Option<String>,
        rounding: Option<Rounding>,
        calendar: Calendar,
        enums: Vec<EnumDef>,
        facts: Vec<FactDef>,
        definitions: Vec<DefinitionDef>,
        assumptions: Vec<AssumptionDef>,
        outputs: Vec<OutputDef>,
        computed_order: Vec<OutputId>,
        clauses: Vec<ClauseDef>,
        beaten_by: Vec<FixedBitSet>,
        requirement_labels: EnumId,
    ) -> Program {
        let fact_index = facts
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.clone(), i))
            .collect();
        let clause_order = clause_order(&beaten_by, clauses.len());
        Program {
            name,
            title,
            file,
            currency,
            rounding,
            calendar,
            enums,
            facts,
            definitions,
            assumptions,
            outputs,
            computed_order,
            clauses,
            beaten_by,
            requirement_labels,
            clause_order,
            fact_index,
        }
    }

    /// The same program with one more precedence, `stronger > weaker`
    /// (and what follows from it): what a conflict's help shows the author
    /// the effect of, before they write it. A cycle it would make is left
    /// out.
    pub fn with_precedence(&self, stronger: ClauseId, weaker: ClauseId) -> Program {
        let mut p = self.clone();
        let n = p.clauses.len();
        let Some(mut above) = p.beaten_by.get(stronger).cloned() else {
            return p;
        };
        if weaker >= n || above.contains(weaker) {
            return p;
        }
        above.insert(stronger);
        for (c, beaters) in p.beaten_by.iter_mut().enumerate() {
            if c == weaker || beaters.contains(weaker) {
                beaters.union_with(&above);
            }
        }
        p.clause_order = clause_order(&p.beaten_by, n);
        p
    }

    /// The fact of this name, for reading case data (not for evaluation).
    pub fn fact_named(&self, name: &str) -> Option<FactId> {
        // Comparing a few short names beats hashing one, and this runs for
        // every fact of every case read.
        if self.facts.len() <= 16 {
            return self.facts.iter().position(|f| f.name == name);
        }
        self.fact_index.get(name).copied()
    }

    /// Call `f` on every node of every expression of the program, each
    /// before its children.
    pub fn visit_nodes<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        let mut pending: Vec<&'a Node> = self.roots();
        while let Some(node) = pending.pop() {
            f(node);
            for_each_child(node, |child| pending.push(child));
        }
    }

    /// The expressions the program is made of, in no particular order.
    pub fn roots(&self) -> Vec<&Node> {
        let mut roots: Vec<&Node> = Vec::new();
        roots.extend(self.assumptions.iter().map(|a| &a.condition));
        roots.extend(self.definitions.iter().map(|d| &d.value));
        for output in &self.outputs {
            if let OutputSource::Computed(node) = &output.source {
                roots.push(node);
            }
        }
        for clause in &self.clauses {
            roots.extend(clause.when.iter().map(|w| &w.node));
            roots.extend(clause.requirements.iter().map(|r| &r.condition.node));
            for rule in &clause.rules {
                roots.extend(rule.condition.iter().map(|c| &c.node));
                for effect in std::iter::once(&rule.then).chain(&rule.otherwise) {
                    if let Effect::Set(_, node) = effect {
                        roots.push(node);
                    }
                }
            }
        }
        roots
    }

    /// The output of this name.
    pub fn output_named(&self, name: &str) -> Option<OutputId> {
        self.outputs.iter().position(|o| o.name == name)
    }

    /// The id of clause `c` as written (`refund.3`); `?` if there is none.
    pub fn clause_id(&self, c: ClauseId) -> &str {
        self.clauses.get(c).map_or("?", |c| c.id.as_str())
    }

    /// The name of output `o`; `?` if there is none.
    pub fn output_name(&self, o: OutputId) -> &str {
        self.outputs.get(o).map_or("?", |o| o.name.as_str())
    }

    /// The name of fact `f`; `?` if there is none.
    pub fn fact_name(&self, f: FactId) -> &str {
        self.facts.get(f).map_or("?", |f| f.name.as_str())
    }

    /// The source text a span covers, with runs of white space made one space.
    pub fn text_of(&self, span: Span) -> String {
        span.text(&self.file.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The name of value `index` of enumeration `id`; `?` if there is none.
    pub fn variant_name(&self, id: EnumId, index: u32) -> &str {
        self.enums
            .get(id)
            .and_then(|e| e.variants.get(index as usize))
            .map(String::as_str)
            .unwrap_or("?")
    }
}
