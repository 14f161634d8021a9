//! The pieces compiled expressions are made of: boxing a closure, reading
//! a leaf in place, the operations on two operands, and the errors they
//! raise (built and recorded out of line, so that the usual path needs no
//! stack frame).

use std::cmp::Ordering;

use super::operand::{Operand, Slot};
use super::Code;
use crate::eval::expr::{Ctx, R};
use crate::eval::EvalError;
use crate::program::{Cmp, Node, Op, Value};
use crate::syntax::Span;

/// Box a closure as compiled code (the bound fixes its higher-ranked type).
pub(super) fn code<T>(f: impl Fn(&mut Ctx<'_>) -> T + Send + Sync + 'static) -> Code<T> {
    Box::new(f)
}

/// Record `error` (unless an earlier one is recorded) and return the
/// stand-in a failing closure returns: zero, false, 1970-01-01, `Missing`.
/// Nothing uses it, since whoever runs the code checks the context first;
/// until then the code goes on with it, and every operation on it is
/// checked, so a stand-in can raise errors (ignored: the first one stays)
/// but never a panic.
#[cold]
#[inline(never)]
pub(crate) fn fail<T: Default>(cx: &mut Ctx<'_>, error: Box<EvalError>) -> T {
    cx.record(error);
    T::default()
}

/// `result`'s value, or its error recorded and a stand-in.
#[inline(always)]
pub(super) fn or_fail<T: Default>(cx: &mut Ctx<'_>, result: R<T>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => fail(cx, error),
    }
}

/// A constant, fact or definition of representation `T`, read in place;
/// `None` for any other node.
pub(super) fn leaf<T: Slot>(n: &Node) -> Option<Code<T>> {
    let operand = match &n.op {
        Op::Const(v) => Operand::Const(T::from_value(v).filter(|k| k.valid())?),
        Op::Fact(id) => Operand::Fact(*id, n.span),
        Op::Definition(id) => Operand::Definition(*id, n.span),
        _ => return None,
    };
    Some(code(move |cx| operand.get(cx)))
}

/// A node of a kind the checker never builds here: a defect, not a case's.
/// Errors are built out of line (`cold`), so that the closures' usual path
/// needs no stack frame.
#[cold]
#[inline(never)]
pub(super) fn internal(what: &'static str, span: Span) -> Box<EvalError> {
    Box::new(EvalError::Internal {
        what,
        span: span.into(),
    })
}

#[cold]
#[inline(never)]
pub(super) fn overflow(span: Span) -> Box<EvalError> {
    Box::new(EvalError::Overflow { span: span.into() })
}

#[cold]
#[inline(never)]
pub(super) fn out_of_range(span: Span) -> Box<EvalError> {
    Box::new(EvalError::DateOutOfRange { span: span.into() })
}

#[cold]
#[inline(never)]
pub(super) fn division_by_zero(span: Span) -> Box<EvalError> {
    Box::new(EvalError::DivisionByZero { span: span.into() })
}

/// The orderings a comparison accepts, one bit each (less, equal, greater).
pub(super) fn accepted(cmp: Cmp) -> u8 {
    match cmp {
        Cmp::Eq => 0b010,
        Cmp::Ne => 0b101,
        Cmp::Lt => 0b001,
        Cmp::Le => 0b011,
        Cmp::Gt => 0b100,
        Cmp::Ge => 0b110,
    }
}

pub(super) fn holds(mask: u8, order: Ordering) -> bool {
    mask & (1 << (order as i8 + 1)) != 0
}

/// Code applying `f` to two operands of one representation, `a` read
/// first. Facts read with a constant or with each other, the usual
/// operations of conditions and assumptions, get closures of their own,
/// without the dispatch on what kind of operand each side is.
///
/// `f` returns a `Result`, recorded here if it is an error: inlined into
/// the closure, it is never returned through memory.
pub(super) fn pair<T, U, F>(a: Operand<T>, b: Operand<T>, f: F) -> Code<U>
where
    T: Slot,
    U: Default,
    F: Fn(T, T) -> R<U> + Send + Sync + 'static,
{
    match (a, b) {
        (Operand::Fact(i, at), Operand::Const(k)) => code(move |cx| {
            let x = Operand::<T>::fact(cx, i, at);
            or_fail(cx, f(x, k))
        }),
        (Operand::Fact(i, at), Operand::Fact(j, bt)) => code(move |cx| {
            let x = Operand::<T>::fact(cx, i, at);
            let y = Operand::<T>::fact(cx, j, bt);
            or_fail(cx, f(x, y))
        }),
        (a, Operand::Const(k)) => code(move |cx| {
            let x = a.get(cx);
            or_fail(cx, f(x, k))
        }),
        (a, b) => code(move |cx| {
            let x = a.get(cx);
            let y = b.get(cx);
            or_fail(cx, f(x, y))
        }),
    }
}

/// `a cmp b` over one ordered representation.
pub(super) fn comparison<T: Slot + Ord>(mask: u8, a: Operand<T>, b: Operand<T>) -> Code<bool> {
    pair(a, b, move |x, y| Ok(holds(mask, x.order(y))))
}

/// The higher (`higher`) or lower of two values; on a tie, the first.
pub(super) fn extreme<T: Slot + Ord>(higher: bool, a: Operand<T>, b: Operand<T>) -> Code<T> {
    pair(a, b, move |x, y| {
        Ok(if (x.order(y) == Ordering::Less) == higher {
            y
        } else {
            x
        })
    })
}

/// `if c then a else b`. A failing condition is false: the error is
/// recorded, so either branch would do.
pub(super) fn choose<T: 'static>(c: Code<bool>, a: Code<T>, b: Code<T>) -> Code<T> {
    code(move |cx| if c(cx) { a(cx) } else { b(cx) })
}

/// A checked operation on two operands of one representation. One closure
/// for every kind of operand, not one per kind as [`pair`] makes: the
/// operation (the library's decimal arithmetic) is large, and compiled
/// into four closures it was called out of line from each, its result
/// returned through memory.
pub(super) fn binary<T, F>(a: Operand<T>, b: Operand<T>, span: Span, f: F) -> Code<T>
where
    T: Slot,
    F: Fn(T, T) -> Option<T> + Send + Sync + 'static,
{
    code(move |cx| {
        let (x, y) = (a.get(cx), b.get(cx));
        match f(x, y) {
            Some(v) => v,
            None => fail(cx, overflow(span)),
        }
    })
}

/// Unwrap a generic value into the representation a builder returns.
/// A failing `v` returns `Missing`, which `pick` refuses: the second error
/// is not recorded, the first one stays.
pub(super) fn unwrap<T: Default + 'static>(
    v: Code<Value>,
    what: &'static str,
    span: Span,
    pick: fn(Value) -> Option<T>,
) -> Code<T> {
    code(move |cx| match pick(v(cx)) {
        Some(value) => value,
        None => fail(cx, internal(what, span)),
    })
}
