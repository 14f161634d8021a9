//! Every verdict of `policy check`'s analysis against exhaustive
//! enumeration through `eval`, on thousands of small random policies: 2 to
//! 4 facts, each pinned by assumptions to a few values (so enumerating the
//! valid cases is enumerating them all), and clauses built from every kind
//! of operator. A disagreement prints the policy.
//!
//! `POLICY_DIFFERENTIAL_COUNT=N` runs N policies (default 1,500), from
//! `POLICY_DIFFERENTIAL_SEED` (default 2026).

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use chrono::NaiveDate;
use policy::analysis::{analyse, Finding};
use policy::error::ErrorKind;
use policy::eval::{self, Failure, Prepared};
use policy::program::{Effect, OutputSource, Program, Type, Value};
use rust_decimal::Decimal;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The facts a random policy may declare: (declaration, assumption pinning
/// it to a few values, the values).
#[derive(Clone, Copy, PartialEq)]
enum Fact {
    K,
    J,
    M,
    B,
    E,
    L,
    D,
    C,
}

const ALL: [Fact; 8] = [
    Fact::K,
    Fact::J,
    Fact::M,
    Fact::B,
    Fact::E,
    Fact::L,
    Fact::D,
    Fact::C,
];

fn declare(f: Fact) -> (&'static str, Option<&'static str>) {
    match f {
        Fact::K => ("fact k: count", Some("assume k >= 0 and k <= 3")),
        Fact::J => ("fact j: count", Some("assume j >= -1 and j <= 2")),
        Fact::M => ("fact m: money", Some("assume m >= -$0.01 and m <= $0.03")),
        Fact::B => ("fact b: bool", None),
        Fact::E => ("fact e: one of x, y, z", None),
        Fact::L => ("fact l: list of p, q", None),
        Fact::D => (
            "fact d: optional date",
            Some("assume d is missing or (d >= 2026-01-30 and d <= 2026-02-02)"),
        ),
        Fact::C => (
            "fact c: date",
            Some("assume c >= 2026-01-30 and c <= 2026-02-01"),
        ),
    }
}

/// Every value of the fact the assumptions let through (and a few more, to
/// check the rejections too).
fn values(f: Fact) -> Vec<Value> {
    let day = |d: u32, m: u32| Value::Date(NaiveDate::from_ymd_opt(2026, m, d).expect("a day"));
    match f {
        Fact::K => (0..=3).map(Value::Int).collect(),
        Fact::J => (-1..=2).map(Value::Int).collect(),
        Fact::M => (-1..=3).map(|c| Value::Dec(Decimal::new(c, 2))).collect(),
        Fact::B => vec![Value::Bool(false), Value::Bool(true)],
        Fact::E => (0..3).map(Value::Enum).collect(),
        Fact::L => (0..4u128).map(Value::Set).collect(),
        Fact::D => vec![Value::Missing, day(30, 1), day(31, 1), day(1, 2), day(2, 2)],
        Fact::C => vec![day(30, 1), day(31, 1), day(1, 2)],
    }
}

struct Gen<'a> {
    rng: &'a mut Rng,
    facts: Vec<Fact>,
}

impl Gen<'_> {
    fn has(&self, f: Fact) -> bool {
        self.facts.contains(&f)
    }

    fn count(&mut self, depth: u32) -> String {
        let mut leaves: Vec<String> = vec!["1".into(), "2".into(), "0".into()];
        for (f, name) in [(Fact::K, "k"), (Fact::J, "j")] {
            if self.has(f) {
                leaves.push(name.into());
                leaves.push(name.into());
            }
        }
        if depth == 0 || self.rng.chance(40) {
            return leaves[self.rng.below(leaves.len())].clone();
        }
        let (a, b) = (self.count(depth - 1), self.count(depth - 1));
        match self.rng.below(6) {
            0 => format!("({a} + {b})"),
            1 => format!("({a} - {b})"),
            2 => format!("({a} * {b})"),
            3 => format!("(the higher of {a} and {b})"),
            4 => format!("(the lower of {a} and {b})"),
            _ => format!("(if {} then {a} else {b})", self.truth(depth - 1)),
        }
    }

    fn money(&mut self, depth: u32) -> String {
        let mut leaves: Vec<String> = vec!["$0.01".into(), "$1.25".into(), "$0".into()];
        if self.has(Fact::M) {
            leaves.extend(["m".into(), "m".into(), "m".into()]);
        }
        if depth == 0 || self.rng.chance(30) {
            return leaves[self.rng.below(leaves.len())].clone();
        }
        let a = self.money(depth - 1);
        match self.rng.below(11) {
            0 => format!("({a} + {})", self.money(depth - 1)),
            1 => format!("({a} - {})", self.money(depth - 1)),
            2 => format!("({a} * {})", self.count(depth - 1)),
            3 => format!(
                "({} of {a})",
                self.rng.pick(&["50%", "12.5%", "100%", "33%"])
            ),
            4 => format!("(the higher of {a} and {})", self.money(depth - 1)),
            5 => format!("(the lower of {a} and {})", self.money(depth - 1)),
            6 => format!("({a} rounded)"),
            7 => format!("({a} / {})", self.count(depth - 1)),
            8 => format!(
                "({a} * {} / {})",
                self.count(depth - 1),
                self.count(depth - 1)
            ),
            9 => format!(
                "(if {} then {a} else {})",
                self.truth(depth - 1),
                self.money(depth - 1)
            ),
            _ => format!("(-{a})"),
        }
    }

    fn date(&mut self, depth: u32) -> String {
        let mut leaves: Vec<String> = vec!["2026-01-31".into(), "2026-02-28".into()];
        if self.has(Fact::C) {
            leaves.extend(["c".into(), "c".into()]);
        }
        if depth == 0 || self.rng.chance(35) {
            return leaves[self.rng.below(leaves.len())].clone();
        }
        let a = self.date(depth - 1);
        match self.rng.below(7) {
            0 => format!("({a} + {} days)", self.rng.below(4)),
            1 => format!("({a} - {} days)", self.rng.below(3)),
            2 => format!("({a} + {} business days)", self.rng.below(4)),
            3 => format!("({a} - {} business days)", 1 + self.rng.below(2)),
            4 => format!("({a} + {} months)", self.rng.pick(&["1", "2", "12", "-1"])),
            5 => format!("(the next business day on or after {a})"),
            _ => format!("(the higher of {a} and {})", self.date(depth - 1)),
        }
    }

    fn truth(&mut self, depth: u32) -> String {
        let mut atoms: Vec<u32> = vec![0, 1];
        for (f, atom) in [
            (Fact::M, 2),
            (Fact::B, 3),
            (Fact::E, 4),
            (Fact::L, 5),
            (Fact::D, 6),
            (Fact::C, 7),
        ] {
            if self.has(f) {
                atoms.push(atom);
            }
        }
        if depth > 0 && self.rng.chance(35) {
            let (a, b) = (self.truth(depth - 1), self.truth(depth - 1));
            return match self.rng.below(3) {
                0 => format!("({a} and {b})"),
                1 => format!("({a} or {b})"),
                _ => format!("(not {a})"),
            };
        }
        let d = depth.saturating_sub(1);
        match atoms[self.rng.below(atoms.len())] {
            0 => format!(
                "{} {} {}",
                self.count(d),
                self.rng.pick(&["=", "<", ">=", "!="]),
                self.rng.below(4)
            ),
            1 => format!(
                "{} {} {}",
                self.money(d),
                self.rng.pick(&["<", ">=", "="]),
                self.money(d)
            ),
            2 => format!(
                "m {} {}",
                self.rng.pick(&[">", "<=", "="]),
                self.rng.pick(&["$0", "$0.02"])
            ),
            3 => self.rng.pick(&["b", "not b"]).into(),
            4 => self
                .rng
                .pick(&["e is x", "e is one of y, z", "e is not z"])
                .into(),
            5 => self.rng.pick(&["\"p\" in l", "\"q\" not in l"]).into(),
            6 => match self.rng.below(3) {
                0 => "d is missing".into(),
                1 => format!(
                    "(d is set and d {} {})",
                    self.rng.pick(&["<", ">="]),
                    self.date(d)
                ),
                _ => "(d is set and d within 2 days of 2026-01-31)".into(),
            },
            _ => format!(
                "{} {} {}",
                self.date(d),
                self.rng.pick(&["is after", "is on or before", "="]),
                self.date(d)
            ),
        }
    }
}

/// A random policy; `None` when this draw will not compile.
fn policy(rng: &mut Rng) -> (String, Vec<Fact>) {
    let mut facts: Vec<Fact> = Vec::new();
    let n = 2 + rng.below(3);
    while facts.len() < n {
        let f = ALL[rng.below(ALL.len())];
        if !facts.contains(&f) {
            facts.push(f);
        }
    }
    let mut text = String::from("policy r \"random\"\n  currency USD\n");
    text.push_str(match rng.below(3) {
        0 => "  rounding half to even to cents\n",
        1 => "  rounding toward zero to cents\n",
        _ => "  rounding half away from zero to cents\n",
    });
    text.push_str("  business days Monday to Friday\n");
    if rng.chance(50) {
        text.push_str("  holiday 2026-02-02 \"a holiday\"\n");
    }
    if rng.chance(50) {
        text.push_str("  short months: last day\n");
    }
    text.push('\n');
    for &f in &facts {
        let (decl, assume) = declare(f);
        text.push_str(decl);
        text.push('\n');
        if let Some(a) = assume {
            text.push_str(a);
            text.push('\n');
        }
    }
    let mut g = Gen {
        rng,
        facts: facts.clone(),
    };
    if g.rng.chance(30) {
        let extra = g.truth(1);
        text.push_str(&format!("assume {extra}\n"));
    }
    let permission = g.rng.chance(25);
    text.push_str("output o: money\noutput n: optional count\n");
    if permission {
        text.push_str("output ok: permission\n");
    }
    if g.rng.chance(40) {
        let when = g.date(2);
        text.push_str(&format!("output due: date = {when}\n"));
    }
    if g.rng.chance(30) {
        text.push_str("output kept: money = o + $1\n");
    }
    let clauses = 2 + g.rng.below(3);
    for c in 0..clauses {
        text.push_str(&format!("\nclause c{c} \"clause {c}\"\n  > text\n"));
        if g.rng.chance(30) {
            let w = g.truth(2);
            text.push_str(&format!("  when {w}\n"));
        }
        for _ in 0..1 + g.rng.below(2) {
            let rule = match g.rng.below(if permission { 5 } else { 4 }) {
                0 => format!("  o {} if {}\n", g.money(2), g.truth(2)),
                1 => format!(
                    "  o {} if {}, otherwise o {}\n",
                    g.money(2),
                    g.truth(2),
                    g.money(1)
                ),
                2 => format!("  n {} if {}\n", g.count(2), g.truth(2)),
                3 => format!("  o {}\n", g.money(2)),
                _ => format!(
                    "  {} if {}\n",
                    g.rng.pick(&["permit", "forbid"]),
                    g.truth(2)
                ),
            };
            text.push_str(&rule);
        }
    }
    // Precedence: a random order, some of its pairs stated.
    let mut order: Vec<usize> = (0..clauses).collect();
    for i in (1..order.len()).rev() {
        let j = g.rng.below(i + 1);
        order.swap(i, j);
    }
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            if g.rng.chance(40) {
                text.push_str(&format!("precedence c{} > c{}\n", order[i], order[j]));
            }
        }
    }
    (text, facts)
}

/// What exhaustive enumeration says, in the analysis's terms.
#[derive(Debug, Default, PartialEq)]
struct Verdicts {
    unsatisfiable: bool,
    /// (output, clause, clause) with clause ids sorted; one clause twice
    /// for two of its rules.
    conflicts: BTreeSet<(String, String, String)>,
    gaps: BTreeSet<String>,
    never_applies: BTreeSet<String>,
    shadowed: BTreeSet<String>,
    may_fail: bool,
}

fn enumerate(program: &Program, facts: &[Fact]) -> Verdicts {
    let mut v = Verdicts::default();
    let prepared = Prepared::new(program.clone());
    let domains: Vec<Vec<Value>> = program
        .facts
        .iter()
        .map(|f| {
            let fact = facts
                .iter()
                .copied()
                .find(|x| declare(*x).0.starts_with(&format!("fact {}:", f.name)))
                .expect("a generated fact");
            values(fact)
        })
        .collect();
    let mut applies = vec![false; program.clauses.len()];
    let mut decides = vec![false; program.clauses.len()];
    let mut any_valid = false;
    let mut index = vec![0usize; domains.len()];
    loop {
        let case: Vec<Value> = index
            .iter()
            .zip(&domains)
            .map(|(&i, d)| d[i].clone())
            .collect();
        if eval::admitted(&prepared, &case).is_ok() {
            any_valid = true;
            if let Err(Failure::Error(e)) = prepared.decide(&case) {
                if matches!(e.kind(), ErrorKind::Arithmetic | ErrorKind::Date) {
                    v.may_fail = true;
                }
            }
            if let Ok(fired) = eval::fired(&prepared, &case) {
                for f in &fired {
                    applies[f.clause] = true;
                    if !f.overridden {
                        decides[f.clause] = true;
                    }
                }
                for (o, output) in program.outputs.iter().enumerate() {
                    if !matches!(output.source, OutputSource::Decided)
                        || output.ty == Type::Permission
                    {
                        continue;
                    }
                    let setters: Vec<&eval::FiredRule> = fired
                        .iter()
                        .filter(|f| !f.overridden && sets(program, f, o))
                        .collect();
                    if setters.is_empty() && !output.optional {
                        v.gaps.insert(output.name.clone());
                    }
                    for (i, a) in setters.iter().enumerate() {
                        for b in &setters[i + 1..] {
                            let (x, y) =
                                (&program.clauses[a.clause].id, &program.clauses[b.clause].id);
                            let (x, y) = if x <= y { (x, y) } else { (y, x) };
                            v.conflicts
                                .insert((output.name.clone(), x.clone(), y.clone()));
                        }
                    }
                }
            }
        }
        // Next case.
        let mut k = 0;
        loop {
            if k == index.len() {
                v.unsatisfiable = !any_valid;
                if any_valid {
                    for (c, clause) in program.clauses.iter().enumerate() {
                        if !applies[c] {
                            v.never_applies.insert(clause.id.clone());
                        } else if !decides[c] {
                            v.shadowed.insert(clause.id.clone());
                        }
                    }
                } else {
                    v.may_fail = false;
                }
                return v;
            }
            index[k] += 1;
            if index[k] < domains[k].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

fn sets(program: &Program, f: &eval::FiredRule, output: usize) -> bool {
    program
        .clauses
        .get(f.clause)
        .and_then(|c| c.rules.get(f.rule))
        .and_then(|r| {
            if f.then {
                Some(&r.then)
            } else {
                r.otherwise.as_ref()
            }
        })
        .is_some_and(|e| matches!(e, Effect::Set(o, _) if *o == output))
}

fn analysed(program: &Program) -> Result<Verdicts, String> {
    let mut v = Verdicts::default();
    for finding in analyse(program) {
        match finding {
            Finding::UnsatisfiableAssumptions { .. } => v.unsatisfiable = true,
            Finding::Conflict {
                first,
                second,
                output,
                ..
            } => {
                let (x, y) = if first <= second {
                    (first, second)
                } else {
                    (second, first)
                };
                v.conflicts.insert((output, x, y));
            }
            Finding::SetTwice { clause, output, .. } => {
                v.conflicts.insert((output, clause.clone(), clause));
            }
            Finding::Gap { output, .. } => {
                v.gaps.insert(output);
            }
            Finding::NeverApplies { clause, .. } => {
                v.never_applies.insert(clause);
            }
            Finding::Shadowed { clause, .. } => {
                v.shadowed.insert(clause);
            }
            Finding::MayFail { .. } => v.may_fail = true,
            Finding::UnusedFact { .. } | Finding::UnusedDefinition { .. } => {}
            other => return Err(format!("{other:?}")),
        }
    }
    Ok(v)
}

#[test]
fn every_verdict_agrees_with_enumerating_every_case() {
    let count: usize = std::env::var("POLICY_DIFFERENTIAL_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_500);
    let seed = std::env::var("POLICY_DIFFERENTIAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    let mut rng = Rng(seed);
    let (mut checked, mut tries) = (0, 0);
    while checked < count {
        tries += 1;
        assert!(tries < count * 20, "too few random policies compile");
        let (text, facts) = policy(&mut rng);
        let Ok(program) = policy::compile::compile("random.policy", &text) else {
            continue;
        };
        checked += 1;
        let want = enumerate(&program, &facts);
        let got =
            analysed(&program).unwrap_or_else(|e| panic!("{text}\nan unexpected finding: {e}"));
        assert_eq!(got, want, "policy {checked}:\n{text}");
    }
}
