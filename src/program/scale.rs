//! The places each decimal node carries ([`Node::scale`]), fixed once the
//! types are: what bounds its exact value (see [`super::exact`]). Facts
//! carry what the reader accepts; arithmetic carries what its operands
//! make; a definition or an output what its expressions do.

use super::exact::{MAX_PLACES, QUOTIENT_PLACES};
use super::node::for_each_child_mut;
use super::{Effect, Node, Op, OutputSource, Program, Type};
use crate::syntax::Span;

/// The places a fact of type `ty` carries: money the header's rounding
/// places (or 6 without a rule), numbers and percents 6.
pub fn fact_places(program: &Program, ty: Type) -> u32 {
    match ty {
        Type::Money => program.rounding.map_or(6, |r| r.places),
        Type::Number | Type::Percent => 6,
        _ => 0,
    }
}

/// A node that would carry more than [`MAX_PLACES`] places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooPrecise {
    /// Where the node is written.
    pub span: Span,
    /// The places it would carry.
    pub places: u32,
}

struct Scales {
    facts: Vec<u32>,
    definitions: Vec<Option<u32>>,
    outputs: Vec<u32>,
    rounding: u32,
    too_precise: Vec<TooPrecise>,
}

/// Set the places of every node of `program`; the nodes that would carry
/// more than the library holds, for the checker to report.
pub fn annotate_program(program: &mut Program) -> Vec<TooPrecise> {
    let mut s = Scales {
        facts: program
            .facts
            .iter()
            .map(|f| fact_places(program, f.ty))
            .collect(),
        definitions: vec![None; program.definitions.len()],
        outputs: vec![0; program.outputs.len()],
        rounding: program.rounding.map_or(0, |r| r.places),
        too_precise: Vec::new(),
    };
    let mut definitions = std::mem::take(&mut program.definitions);
    for id in 0..definitions.len() {
        s.definition(&mut definitions, id);
    }
    program.definitions = definitions;
    // Outputs read outputs: settle their places by going round until
    // nothing grows (places only grow, and are capped).
    for _ in 0..=program.outputs.len() {
        let before = s.outputs.clone();
        for (id, output) in program.outputs.iter_mut().enumerate() {
            let rounded = output.ty == Type::Money && program.rounding.is_some();
            let mut places = if rounded { s.rounding } else { 0 };
            if let OutputSource::Computed(node) = &mut output.source {
                let p = s.node(node);
                if !rounded {
                    places = places.max(p);
                }
            }
            for clause in &mut program.clauses {
                for rule in &mut clause.rules {
                    for effect in std::iter::once(&mut rule.then).chain(rule.otherwise.as_mut()) {
                        if let Effect::Set(o, node) = effect {
                            if *o == id {
                                let p = s.node(node);
                                if !rounded {
                                    places = places.max(p);
                                }
                            }
                        }
                    }
                }
            }
            if let Some(slot) = s.outputs.get_mut(id) {
                *slot = places.min(MAX_PLACES + 1);
            }
        }
        if before == s.outputs {
            break;
        }
    }
    s.too_precise.clear();
    let mut definitions = std::mem::take(&mut program.definitions);
    for definition in &mut definitions {
        s.node(&mut definition.value);
    }
    program.definitions = definitions;
    for assumption in &mut program.assumptions {
        s.node(&mut assumption.condition);
    }
    for output in &mut program.outputs {
        if let OutputSource::Computed(node) = &mut output.source {
            s.node(node);
        }
    }
    for clause in &mut program.clauses {
        if let Some(when) = &mut clause.when {
            s.node(&mut when.node);
        }
        for requirement in &mut clause.requirements {
            s.node(&mut requirement.condition.node);
        }
        for rule in &mut clause.rules {
            if let Some(c) = &mut rule.condition {
                s.node(&mut c.node);
            }
            for effect in std::iter::once(&mut rule.then).chain(rule.otherwise.as_mut()) {
                if let Effect::Set(_, node) = effect {
                    s.node(node);
                }
            }
        }
    }
    let mut found = std::mem::take(&mut s.too_precise);
    found.sort_by_key(|t| (t.span.start, t.span.end));
    found.dedup();
    found
}

/// Set the places of the nodes of one expression checked against
/// `program` (as the REPL checks what is typed).
pub fn annotate(program: &Program, node: &mut Node) -> Vec<TooPrecise> {
    let mut s = Scales {
        facts: program
            .facts
            .iter()
            .map(|f| fact_places(program, f.ty))
            .collect(),
        definitions: program
            .definitions
            .iter()
            .map(|d| Some(u32::from(d.value.scale)))
            .collect(),
        outputs: (0..program.outputs.len())
            .map(|o| output_places(program, o))
            .collect(),
        rounding: program.rounding.map_or(0, |r| r.places),
        too_precise: Vec::new(),
    };
    s.node(node);
    s.too_precise
}

/// The places output `id` carries, once its program is annotated.
pub fn output_places(program: &Program, id: usize) -> u32 {
    let Some(output) = program.outputs.get(id) else {
        return 0;
    };
    if output.ty == Type::Money {
        if let Some(rounding) = program.rounding {
            return rounding.places;
        }
    }
    let mut places = match &output.source {
        OutputSource::Computed(node) => u32::from(node.scale),
        OutputSource::Decided => 0,
    };
    for clause in &program.clauses {
        for rule in &clause.rules {
            for effect in std::iter::once(&rule.then).chain(&rule.otherwise) {
                if let Effect::Set(o, node) = effect {
                    if *o == id {
                        places = places.max(u32::from(node.scale));
                    }
                }
            }
        }
    }
    places
}

impl Scales {
    fn definition(&mut self, definitions: &mut [super::DefinitionDef], id: usize) -> u32 {
        if let Some(Some(places)) = self.definitions.get(id) {
            return *places;
        }
        // Mark it first: the checker has ruled out cycles, but a broken
        // program must not recurse for ever.
        if let Some(slot) = self.definitions.get_mut(id) {
            *slot = Some(0);
        }
        let mut reads = Vec::new();
        collect_definitions(definitions.get(id).map(|d| &d.value), &mut reads);
        for read in reads {
            self.definition(definitions, read);
        }
        let places = match definitions.get_mut(id) {
            Some(d) => self.node(&mut d.value),
            None => 0,
        };
        if let Some(slot) = self.definitions.get_mut(id) {
            *slot = Some(places);
        }
        places
    }

    fn node(&mut self, node: &mut Node) -> u32 {
        let mut children = Vec::new();
        for_each_child_mut(node, |child| children.push(self.node(child)));
        let child = |i: usize| children.get(i).copied().unwrap_or(0);
        let places = match &node.op {
            Op::Const(super::Value::Dec(d)) => d.scale(),
            Op::Fact(f) => self.facts.get(*f).copied().unwrap_or(0),
            Op::Definition(d) => self.definitions.get(*d).copied().flatten().unwrap_or(0),
            Op::Output(o) => self.outputs.get(*o).copied().unwrap_or(0),
            Op::DecAdd(..) | Op::DecSub(..) => child(0).max(child(1)),
            Op::DecMul(..) => child(0) + child(1),
            Op::PercentOf(..) => child(0) + child(1) + 2,
            Op::DecNeg(_) => child(0),
            Op::DecDiv(..) | Op::ProRata(..) => QUOTIENT_PLACES,
            Op::Round(_) => self.rounding,
            Op::If(..) => child(1).max(child(2)),
            Op::Extreme(..) => child(0).max(child(1)),
            _ => 0,
        };
        if places > MAX_PLACES {
            self.too_precise.push(TooPrecise {
                span: node.span,
                places,
            });
        }
        let places = places.min(MAX_PLACES + 1);
        node.scale = u8::try_from(places).unwrap_or(u8::MAX);
        places
    }
}

fn collect_definitions(node: Option<&Node>, out: &mut Vec<usize>) {
    let Some(node) = node else { return };
    if let Op::Definition(d) = node.op {
        out.push(d);
    }
    super::for_each_child(node, |child| collect_definitions(Some(child), out));
}
