//! Walking what an expression reads, through the definitions it reads.

use super::{for_each_child, Node, Op, Program};

/// A walk over expressions and, through each definition they read, that
/// definition's expression: the first time the walk meets a definition it
/// goes into its body, later reads of it are only visited. A definition's
/// body read again adds nothing new to what the walk has seen, and going
/// into it at every read is 2^depth in a chain of definitions each reading
/// the one before twice (`define v1 = v0 + v0`). One walk can go over many
/// expressions; each definition is gone into once in all of them.
pub struct ReadWalk {
    entered: Vec<bool>,
}

impl ReadWalk {
    /// A walk that has gone into none of `program`'s definitions yet.
    pub fn new(program: &Program) -> ReadWalk {
        ReadWalk {
            entered: vec![false; program.definitions.len()],
        }
    }

    /// Visit `node` and what it reads, each node before its children and a
    /// definition's read before its body: first read, first visited.
    pub fn walk<'p>(
        &mut self,
        program: &'p Program,
        node: &'p Node,
        visit: &mut impl FnMut(&'p Node),
    ) {
        visit(node);
        if let Op::Definition(id) = node.op {
            if let (Some(definition), Some(entered)) = (
                program.definitions.get(id),
                self.entered.get_mut(id).filter(|e| !**e),
            ) {
                *entered = true;
                self.walk(program, &definition.value, visit);
            }
            return;
        }
        for_each_child(node, |child| self.walk(program, child, visit));
    }
}
