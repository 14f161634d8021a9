//! The definitions computed so far in one decision, each at most once.
//!
//! A decider decides case after case with one memo. Emptying it slot by
//! slot before each case cost a pass over every definition (and a test of
//! each old value for something to drop); instead each slot carries the
//! stamp of the decision that computed it, and a new decision takes a new
//! stamp, so every slot is empty at once.

use crate::program::Value;

#[derive(Default)]
pub(crate) struct Memo {
    /// Per definition: the stamp of the decision that computed it, and
    /// its value, which only counts under that stamp.
    slots: Vec<(u32, Value)>,
    /// This decision's stamp; never 0, the stamp of a slot never filled.
    stamp: u32,
}

impl Memo {
    /// An empty memo for `len` definitions, reusing `self`'s slots.
    #[inline(always)]
    pub fn emptied(mut self, len: usize) -> Memo {
        if self.slots.len() != len || self.stamp == u32::MAX {
            // Another program's memo, or out of stamps (once every four
            // billion decisions): start again from none filled.
            self.slots.clear();
            self.slots.resize_with(len, || (0, Value::Missing));
            self.stamp = 1;
        } else {
            self.stamp += 1;
        }
        self
    }

    /// Definition `id`'s value, if computed in this decision.
    #[inline(always)]
    pub fn get(&self, id: usize) -> Option<&Value> {
        match self.slots.get(id) {
            Some((stamp, value)) if *stamp == self.stamp => Some(value),
            _ => None,
        }
    }

    /// Keep `value` as definition `id`'s for this decision.
    #[inline(always)]
    pub fn set(&mut self, id: usize, value: Value) {
        if let Some(slot) = self.slots.get_mut(id) {
            *slot = (self.stamp, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_decision_sees_none_of_the_last_ones_definitions() {
        let mut memo = Memo::default().emptied(2);
        assert_eq!(memo.get(0), None);
        memo.set(0, Value::Int(7));
        assert_eq!(memo.get(0), Some(&Value::Int(7)));
        assert_eq!(memo.get(1), None);
        let mut memo = memo.emptied(2);
        assert_eq!(memo.get(0), None);
        memo.set(1, Value::Bool(true));
        assert_eq!(memo.get(1), Some(&Value::Bool(true)));
        assert_eq!(memo.get(2), None, "no slot: none");
    }

    #[test]
    fn running_out_of_stamps_empties_every_slot() {
        let mut memo = Memo::default().emptied(1);
        memo.set(0, Value::Int(1));
        memo.stamp = u32::MAX;
        // A slot filled under the last stamp must not count under a
        // stamp that wrapped around to it.
        memo.set(0, Value::Int(2));
        let memo = memo.emptied(1);
        assert_eq!(memo.stamp, 1);
        assert_eq!(memo.get(0), None);
    }

    #[test]
    fn another_programs_memo_is_resized_and_empty() {
        let mut memo = Memo::default().emptied(1);
        memo.set(0, Value::Int(1));
        let memo = memo.emptied(3);
        assert!((0..3).all(|id| memo.get(id).is_none()));
    }
}
