//! The header, declared types, and assumptions.

use chrono::Weekday;

use super::error::CheckError;
use super::names::{closest, did_you_mean, list_words, NameRef};
use super::{Checker, Env};
use crate::program::{
    AssumptionDef, Calendar, EnumDef, FactId, Node, Op, Rounding, Type, MAX_LIST_VARIANTS,
};
use crate::syntax::ast::{self, PolicyFile, Setting, ShortMonths, TypeExpr, TypeKind};

/// The types a fact may have, by name.
const FACT_TYPES: [(&str, Type); 8] = [
    ("date", Type::Date),
    ("money", Type::Money),
    ("number", Type::Number),
    ("count", Type::Count),
    ("percent", Type::Percent),
    ("days", Type::Days),
    ("bool", Type::Bool),
    ("text", Type::Text),
];

/// Names people reach for, and the type they mean.
const SYNONYMS: [(&str, &str); 10] = [
    ("integer", "count"),
    ("int", "count"),
    ("whole", "count"),
    ("boolean", "bool"),
    ("string", "text"),
    ("decimal", "number"),
    ("amount", "money"),
    ("currency", "money"),
    ("duration", "days"),
    ("percentage", "percent"),
];

impl Checker<'_> {
    pub(super) fn header(&mut self, tree: &PolicyFile) {
        let mut weekdays: Vec<Weekday> = vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        let mut holidays = Vec::new();
        let mut short_months = ShortMonths::Error;
        for setting in &tree.settings {
            match &setting.node {
                Setting::Currency(code) => {
                    self.currency = Some(code.clone());
                    self.currency_span = Some(setting.span);
                }
                Setting::Rounding(mode, places) => {
                    self.rounding = Some(Rounding {
                        mode: *mode,
                        places: *places,
                    })
                }
                Setting::BusinessDays(days) => {
                    if days.is_empty() {
                        self.error(CheckError::Header {
                            what: "no business days".to_string(),
                            span: setting.span.into(),
                            help: Some(
                                "write for example `business days Monday to Friday`".to_string(),
                            ),
                        });
                    }
                    weekdays = days.clone();
                }
                Setting::Holiday(day, _) => holidays.push(*day),
                Setting::ShortMonths(rule) => short_months = *rule,
            }
        }
        self.calendar = Calendar::new(&weekdays, holidays, short_months);
    }

    /// A fact's declared type, and whether it is optional.
    pub(super) fn fact_type(&mut self, te: &TypeExpr, owner: &str) -> Option<Type> {
        self.type_of(te, false, owner)
    }

    pub(super) fn output_type(&mut self, te: &TypeExpr, owner: &str) -> Option<Type> {
        self.type_of(te, true, owner)
    }

    fn type_of(&mut self, te: &TypeExpr, output: bool, owner: &str) -> Option<Type> {
        match &te.kind {
            TypeKind::Named(name) => {
                if let Some((_, ty)) = FACT_TYPES.iter().find(|(n, _)| *n == name.node) {
                    return Some(*ty);
                }
                if output && (name.node == "permission" || name.node == "decision") {
                    return Some(Type::Permission);
                }
                let synonym = SYNONYMS
                    .iter()
                    .find(|(n, _)| *n == name.node)
                    .map(|(_, t)| format!("write `{t}`"));
                let mut known: Vec<&str> = FACT_TYPES.iter().map(|(n, _)| *n).collect();
                if output {
                    known.push("permission");
                }
                let help = synonym
                    .or_else(|| did_you_mean(&name.node, known.iter().copied()))
                    .unwrap_or_else(|| {
                        format!(
                            "the types are {}, `one of ...` and `list of ...`",
                            list_words(&known)
                        )
                    });
                self.error(CheckError::UnknownType {
                    name: name.node.clone(),
                    span: name.span.into(),
                    help,
                });
                None
            }
            TypeKind::OneOf(variants) => self.enumeration(variants, false, owner).map(Type::Enum),
            TypeKind::ListOf(variants) => self.enumeration(variants, true, owner).map(Type::List),
        }
    }

    fn enumeration(&mut self, variants: &[ast::Ident], list: bool, owner: &str) -> Option<usize> {
        let mut names: Vec<String> = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            if let Some(first) = variants.iter().take(i).find(|w| w.node == v.node) {
                self.error(CheckError::Duplicate {
                    name: v.node.clone(),
                    span: v.span.into(),
                    first: first.span.into(),
                });
                return None;
            }
            names.push(v.node.clone());
        }
        if let (true, Some(first), Some(last)) =
            (list, variants.get(MAX_LIST_VARIANTS), variants.last())
        {
            let span = first.span.to(last.span);
            self.error(CheckError::Misplaced {
                what: format!("a list may have at most {MAX_LIST_VARIANTS} values"),
                span: span.into(),
                help: Some("split the list into two facts".to_string()),
            });
            return None;
        }
        self.enums.push(EnumDef {
            owner: owner.to_string(),
            variants: names,
        });
        Some(self.enums.len() - 1)
    }

    pub(super) fn assumptions(&mut self, tree: &PolicyFile) -> Vec<AssumptionDef> {
        let mut out = Vec::new();
        for item in &tree.items {
            let ast::Item::Assumption(a) = item else {
                continue;
            };
            let Some((condition, ty)) = self.expr(&a.condition, &Env::default(), Some(Type::Bool))
            else {
                continue;
            };
            if ty != Type::Bool {
                self.expect_bool(ty, a.condition.span);
                continue;
            }
            let naming = if a.naming.is_empty() {
                self.facts_read(&condition)
            } else {
                a.naming.iter().filter_map(|n| self.fact_named(n)).collect()
            };
            out.push(AssumptionDef {
                condition,
                naming,
                message: a.message.clone(),
                span: a.span,
            });
        }
        out
    }

    fn fact_named(&mut self, name: &ast::Ident) -> Option<FactId> {
        match self.names.get(&name.node) {
            Some((NameRef::Fact(id), _)) => Some(*id),
            _ => {
                let help = did_you_mean(&name.node, self.facts.iter().map(|f| f.name.as_str()));
                self.error(CheckError::UnknownName {
                    name: name.node.clone(),
                    span: name.span.into(),
                    help,
                });
                None
            }
        }
    }

    /// Every fact a node reads, through definitions too, first read first.
    pub(super) fn facts_read(&self, node: &Node) -> Vec<FactId> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.definition_state.len()];
        self.collect_facts(node, &mut out, &mut seen);
        out
    }

    /// `seen` marks the definitions gone through already: their facts are
    /// in `out`, so a chain of definitions each reading the one before twice
    /// is gone through once, not 2^depth times.
    fn collect_facts(&self, node: &Node, out: &mut Vec<FactId>, seen: &mut [bool]) {
        match &node.op {
            Op::Fact(id) => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            Op::Definition(id) => {
                if let Some(seen_it) = seen.get_mut(*id).filter(|s| !**s) {
                    *seen_it = true;
                    if let Some(super::State::Done(_, def)) = self.definition_state.get(*id) {
                        self.collect_facts(def, out, seen);
                    }
                }
            }
            _ => crate::program::for_each_child(node, |child| self.collect_facts(child, out, seen)),
        }
    }

    pub(super) fn expect_bool(&mut self, found: Type, span: crate::syntax::Span) {
        self.error(CheckError::TypeMismatch {
            expected: "a condition (true or false)".to_string(),
            found: self.describe(found),
            span: span.into(),
            help: None,
        });
    }

    /// A money literal's currency must be the policy's.
    pub(super) fn check_currency(&mut self, symbol: &str, span: crate::syntax::Span) {
        let Some(currency) = self.currency.clone() else {
            self.error(CheckError::Header {
                what: "an amount of money, but the policy declares no currency".to_string(),
                span: span.into(),
                help: Some(
                    "add `currency USD` (or another code) after the policy's name".to_string(),
                ),
            });
            return;
        };
        let fits = match symbol {
            "$" => currency.ends_with('D'),
            "€" => currency == "EUR",
            "£" => currency == "GBP",
            "¥" => currency == "JPY" || currency == "CNY",
            code => code == currency,
        };
        if !fits {
            self.error(CheckError::Header {
                what: format!("`{symbol}` is not this policy's currency ({currency})"),
                span: span.into(),
                help: Some(format!(
                    "write amounts in {currency}, for example `100.00 {currency}`"
                )),
            });
        }
    }

    /// `closest` over every name in scope.
    pub(super) fn suggest_name(&self, word: &str) -> Option<String> {
        closest(word, self.names.keys().map(String::as_str)).map(|c| format!("did you mean `{c}`?"))
    }
}
