//! The fast reader against the complete one: on every input, `read` must
//! give exactly what the complete reader gives (the same values, amounts to
//! the last bit of their scale and sign, and the same errors), and the fast
//! reader must never accept what the complete one refuses.

use proptest::prelude::*;

use super::{fast, read, slow};
use crate::program::{Program, Value};

const REFUNDS: &str = include_str!("../../policies/webpro/refunds.policy");

const CASE: &str = r#"{"commenced":"2026-01-01","plan_ends":"2027-01-01","requested":"2026-03-16","paid":"240.00","installation_fee":"30.00","registration_fee":"10.00","servicing_fee":"25.00","issues_resolved":1,"primary_resolved_on":"2026-01-05","reason":"dissatisfied","channel":"email","stated":["name","customer_id","plan","reason"]}"#;

/// Every fact type, optional and not, in a policy rounding to `places`.
fn every_type(rounding: &str, extra: &str) -> String {
    format!(
        "policy every \"every type\"\n  currency USD\n  {rounding}\n  business days Monday to Friday\n\n\
         fact flag: bool \"a bool\"\n\
         fact paid: money \"money\"\n\
         fact fee: optional money \"optional money\"\n\
         fact ratio: number \"a number\"\n\
         fact tries: count \"a count\"\n\
         fact share: percent \"a percent\"\n\
         fact wait: days \"days\"\n\
         fact note: text \"a text\"\n\
         fact remark: optional text \"optional text\"\n\
         fact start: date \"a day\"\n\
         fact colour: one of red, green, blue \"an enumeration\"\n\
         fact stated: list of name, customer_id, plan, reason \"a list\"\n\
         {extra}\n\
         output r: money\n\n\
         clause r.1 \"all of it\"\n  > We refund everything.\n  r paid\n"
    )
}

fn compile(name: &str, text: &str) -> Program {
    match crate::compile::compile(name, text) {
        Ok(program) => program,
        Err(problems) => panic!("{name} does not compile: {problems:?}"),
    }
}

/// The programs the readers are compared on: a real policy, every type at
/// two roundings and none, a fact named `facts` (which turns off the worked
/// case form), and more facts than the fast reader's small set holds.
fn programs() -> &'static [Program] {
    static PROGRAMS: std::sync::OnceLock<Vec<Program>> = std::sync::OnceLock::new();
    PROGRAMS.get_or_init(compile_all)
}

fn compile_all() -> Vec<Program> {
    let many: String = (0..70)
        .map(|i| format!("fact n{i}: optional count \"count {i}\"\n"))
        .collect();
    vec![
        compile("refunds", REFUNDS),
        compile(
            "every",
            &every_type("rounding half away from zero to cents", ""),
        ),
        compile(
            "every",
            &every_type(
                "rounding half to even to 3 decimal places",
                "fact facts: optional count \"a fact named facts\"\n",
            ),
        ),
        compile("every", &every_type("", &many)),
    ]
}

/// Values compared exactly: a decimal by its bits, so `2.50` is not `2.5`
/// and `-0` is not `0`.
fn exact(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| match v {
            Value::Dec(d) => format!("dec {:?}", d.serialize()),
            other => format!("{other:?}"),
        })
        .collect()
}

/// Compare the readers on `json`; true when the fast reader read it.
fn same(program: &Program, json: &str) -> bool {
    let complete = slow::read(program, json);
    let both = read(program, json);
    let mut fast_values = Vec::new();
    let bare = json.strip_prefix('\u{feff}').unwrap_or(json);
    let fast_read = json.len() <= super::MAX_FACTS_BYTES
        && fast::read_into(
            program,
            &super::Layout::new(program),
            bare,
            &mut fast_values,
        )
        .is_some();
    match (&complete, &both) {
        (Ok(a), Ok(b)) => assert_eq!(exact(a), exact(b), "values differ on {json:?}"),
        _ => assert_eq!(complete, both, "results differ on {json:?}"),
    }
    if fast_read {
        match &complete {
            Ok(values) => assert_eq!(exact(values), exact(&fast_values), "on {json:?}"),
            Err(e) => panic!("the fast reader accepted {json:?}, refused with {e:?}"),
        }
    }
    fast_read
}

#[test]
fn a_plain_case_is_read_fast_and_the_same() {
    let programs = programs();
    assert!(same(&programs[0], CASE));
    assert!(same(&programs[0], &format!("\u{feff}{CASE}")));
    assert!(same(&programs[0], &format!(" \n\t{CASE}\r\n")));
    // Worked cases go the complete way, and read the same.
    assert!(!same(
        &programs[0],
        &format!(r#"{{"policy": "refunds", "facts": {CASE}, "expect": {{}}}}"#)
    ));
}

/// The shapes real corpora come in stay on the fast reader: written by
/// other tools (spaces after `:` and `,`, one member per line, keys in
/// another order, numbers for amounts) or with an optional fact left out or
/// `null`. Falling back would still read them right, only several times
/// slower, and no other test would notice.
#[test]
fn the_usual_spellings_of_a_case_stay_on_the_fast_reader() {
    let refunds = &programs()[0];
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(CASE).expect("the case is JSON");
    let members: Vec<(String, String)> = parsed
        .iter()
        .map(|(k, v)| (format!("\"{k}\""), v.to_string()))
        .collect();
    let join = |members: &[(String, String)], colon: &str, comma: &str| {
        let inner: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("{k}{colon}{v}"))
            .collect();
        format!("{{{}}}", inner.join(comma))
    };
    assert_eq!(join(&members, ":", ","), CASE, "the members join back");
    assert!(same(refunds, &join(&members, ": ", ", ")), "spaced");
    assert!(same(refunds, &join(&members, ": ", ",\n  ")), "one a line");
    let mut reversed = members.clone();
    reversed.reverse();
    assert!(same(refunds, &join(&reversed, ":", ",")), "reversed");
    let mut rotated = members.clone();
    rotated.rotate_left(5);
    assert!(same(refunds, &join(&rotated, ":", ",")), "rotated");
    let optional = "\"primary_resolved_on\"";
    let without: Vec<_> = members
        .iter()
        .filter(|(k, _)| k != optional)
        .cloned()
        .collect();
    assert!(
        same(refunds, &join(&without, ":", ",")),
        "optional left out"
    );
    let null: Vec<_> = members
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == optional {
                    "null".into()
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    assert!(same(refunds, &join(&null, ":", ",")), "optional null");
    let numbers = CASE
        .replace("\"240.00\"", "240")
        .replace("\"30.00\"", "30.5");
    assert!(same(refunds, &numbers), "amounts as numbers");
}

#[test]
fn the_worked_cases_of_the_catalogue_read_the_same() {
    let programs = programs();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/webpro/cases");
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("no {dir}");
    };
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        same(&programs[0], &text);
    }
}

/// A small, seedable generator: the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Values of every kind, right and wrong for each type.
const TOKENS: &[&str] = &[
    r#""2026-01-01""#,
    r#""2026-02-30""#,
    r#""2026-1-01""#,
    r#""99999-01-01""#,
    r#""+262144-01-01""#,
    r#""-0001-01-01""#,
    r#""0000-01-01""#,
    r#""9999-12-31""#,
    r#""２０２６-01-01""#,
    r#""2026-01-01 ""#,
    r#""\u0032026-01-01""#,
    r#""2026/01/01""#,
    r#""240.00""#,
    "240.00",
    "240",
    r#""240.001""#,
    "240.001",
    r#""240.0010""#,
    "240.10",
    "1e2",
    "1E2",
    "1e-2",
    "1E+2",
    r#""1e2""#,
    r#""1e""#,
    "-0",
    "-0.00",
    r#""-0.00""#,
    "0",
    r#""0""#,
    "0.0",
    r#""00""#,
    r#""00.5""#,
    r#""007.50""#,
    r#"".5""#,
    r#""5.""#,
    r#""1.2.3""#,
    r#""+1""#,
    r#""-+1""#,
    r#"" 12 ""#,
    r#""\t12""#,
    r#""12%""#,
    r#""12%%""#,
    r#""12 %""#,
    "\"\u{a0}12\"",
    "\"12\u{a0}\"",
    r#""""#,
    r#""-""#,
    r#""1-2""#,
    "99999999999999999999999999999",
    "79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "1e400",
    "-1e400",
    "1e28",
    "1e-28",
    "1e-29",
    "123456789012345678",
    "1234567890123456789",
    "12345678901234567890",
    "0.000000000000000001",
    r#""0.0000000000000000000000000001""#,
    r#""999999999999999999.99""#,
    r#""99999999999999999.9""#,
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "-5",
    "3",
    "1.0",
    "2.5",
    "-2.5",
    "1e0",
    "true",
    "false",
    "null",
    r#""true""#,
    r#""null""#,
    "[]",
    r#"["name"]"#,
    r#"["name","plan"]"#,
    r#"[ "name" , "reason" ]"#,
    r#"["name",]"#,
    r#"["nam"]"#,
    r#"["name","name"]"#,
    r#"["na\u006de"]"#,
    r#"[1]"#,
    r#"[null]"#,
    r#"[["name"]]"#,
    "{}",
    r#"{"a":1}"#,
    r#""email""#,
    r#""emai""#,
    r#""Email""#,
    r#""dissatisfied""#,
    r#""red""#,
    r#""gre\u0065n""#,
    r#""blue ""#,
    r#""a\"b""#,
    r#""a\\b""#,
    r#""tab\there""#,
    "\"ctl\u{1}x\"",
    "\"new\nline\"",
    r#""é""#,
    r#""\ud800""#,
    r#""\ud83d\ude00""#,
    r#""日本語のテキスト""#,
    r#""a long text without any escapes at all""#,
    "nul",
    "tru",
    "fals",
    "-",
    "--1",
    "01",
    "-01",
    "1.e5",
    "1e",
    "1e+",
    "0x10",
    "+1",
    "Infinity",
    "NaN",
    ".5",
    "1.",
    "\"unterminated",
    "'single'",
];

/// Right values by the name of the fact they suit.
const RIGHT: &[(&str, &[&str])] = &[
    ("commenced", &[r#""2026-01-01""#, r#""2025-12-31""#]),
    ("plan_ends", &[r#""2027-01-01""#, r#""2028-02-29""#]),
    ("requested", &[r#""2026-03-16""#, r#""2026-01-01""#]),
    ("start", &[r#""2024-02-29""#]),
    ("primary_resolved_on", &[r#""2026-01-05""#, "null"]),
    (
        "paid",
        &[
            r#""240.00""#,
            "240.00",
            "240",
            r#""0.1""#,
            "199.99",
            "-0.00",
            "240.001",
            r#""240.010""#,
            "12345678.001",
        ],
    ),
    ("installation_fee", &[r#""30.00""#, "30"]),
    ("registration_fee", &[r#""10.00""#, "10.5"]),
    ("servicing_fee", &[r#""25.00""#, r#""-22.22""#]),
    ("fee", &[r#""5.00""#, "null", "5.1"]),
    ("ratio", &[r#""1.25""#, "1.2345", "-3", "1e3", "0.0000001"]),
    ("share", &[r#""12.5""#, r#""12.5%""#, "50", r#"" 7 ""#]),
    ("issues_resolved", &["1", "0", "-1"]),
    ("tries", &["3", "-0"]),
    ("wait", &["5", "-5"]),
    ("flag", &["true", "false"]),
    (
        "note",
        &[r#""a note""#, r#""""#, r#""dé""#, r#""esc\"aped""#],
    ),
    ("remark", &["null", r#""fine""#]),
    (
        "reason",
        &[r#""dissatisfied""#, r#""none""#, r#""unresolved""#],
    ),
    ("channel", &[r#""email""#, r#""chat""#]),
    ("colour", &[r#""red""#, r#""blue""#]),
    (
        "stated",
        &[
            r#"["name","customer_id","plan","reason"]"#,
            "[]",
            r#"[ "plan" ]"#,
        ],
    ),
    ("facts", &["1", "null"]),
];

/// Space between tokens: JSON's, and some that JSON does not allow.
const SPACE: &[&str] = &[" ", "\n", "\t", "\r\n", "  "];
const NOT_SPACE: &[&str] = &["\u{a0}", "\u{c}", "\u{b}", "\u{2028}"];

/// A facts object for `program`: mostly right, sometimes not.
fn object(program: &Program, rng: &mut Rng) -> String {
    let mut members: Vec<(String, String)> = Vec::new();
    for fact in &program.facts {
        if rng.chance(1) {
            continue;
        }
        let right = RIGHT.iter().find(|(name, _)| *name == fact.name);
        let value = match right {
            Some((_, values)) if !rng.chance(3) => rng.pick(values),
            // The many optional counts.
            None if fact.optional && !rng.chance(1) => rng.pick(&["null", "7", "-0"]),
            _ => rng.pick(TOKENS),
        };
        members.push((format!("\"{}\"", fact.name), value.to_string()));
    }
    if rng.chance(5) && !members.is_empty() {
        let at = rng.below(members.len());
        members.push(members[at].clone());
    }
    if rng.chance(5) {
        let key = rng.pick(&[
            r#""pay""#,
            r#""""#,
            r#""facts""#,
            r#""pa\u0069d""#,
            r#""Paid""#,
        ]);
        members.insert(0, (key.to_string(), rng.pick(TOKENS).to_string()));
    }
    if rng.chance(10) && members.len() > 1 {
        let (a, b) = (rng.below(members.len()), rng.below(members.len()));
        members.swap(a, b);
    }
    let space = |rng: &mut Rng| match rng.below(2000) {
        0..=1839 => "",
        1840..=1998 => rng.pick(SPACE),
        _ => rng.pick(NOT_SPACE),
    };
    let mut text = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            text.push_str(space(rng));
            text.push(',');
        }
        for part in [space(rng), key, space(rng), ":", space(rng), value] {
            text.push_str(part);
        }
    }
    text.push_str(space(rng));
    text.push('}');
    text
}

/// A whole document: the object, perhaps in a worked case, perhaps with a
/// byte-order mark, surrounding space or something after it.
fn document(program: &Program, rng: &mut Rng) -> String {
    let mut text = object(program, rng);
    if rng.chance(10) {
        text = match rng.below(3) {
            0 => {
                format!(r#"{{"policy": "refunds", "facts": {text}, "expect": {{"x": [1, {{}}]}}}}"#)
            }
            1 => format!(r#"{{"facts": {text}}}"#),
            _ => format!(r#"{{"expect": null, "facts": {text}, "facts": 1}}"#),
        };
    }
    if rng.chance(5) {
        text = format!(
            "{}{text}",
            rng.pick(&["\u{feff}", "\u{feff}\u{feff}", " \u{feff}"])
        );
    }
    if rng.chance(5) {
        text.push_str(rng.pick(&[" ", "\n", "x", "}", ",", "{}", "\u{0}"]));
    }
    text
}

/// `text` with a few characters deleted, doubled or replaced.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(3) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        let with = rng
            .pick(&[
                "\"", ",", ":", "{", "}", "[", "]", "\\", " ", "0", "9", "e", ".", "-", "n",
                "\u{0}", "é",
            ])
            .chars()
            .next()
            .unwrap_or(' ');
        match rng.below(4) {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(at, with),
            2 => chars[at] = with,
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

#[test]
fn generated_and_mutated_cases_read_the_same_either_way() {
    let programs = programs();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut total, mut fast) = (0, 0);
    for program in programs {
        // One reader and one buffer for case after case, as a batch reads:
        // nothing of one case may stay in the next.
        let layout = super::Layout::new(program);
        let reader = super::Reader::new(program, &layout);
        let mut reused = Vec::new();
        for _ in 0..6000 {
            let text = document(program, &mut rng);
            let mutated = mutate(&text, &mut rng);
            for text in [text, mutated] {
                fast += usize::from(same(program, &text));
                let again = reader
                    .read_into(&text, &mut reused)
                    .map(|()| exact(&reused));
                assert_eq!(
                    again,
                    read(program, &text).map(|v| exact(&v)),
                    "on {text:?}"
                );
                total += 1;
            }
        }
    }
    // Both readers must really be exercised.
    assert!(fast > total / 10, "only {fast} of {total} read fast");
    assert!(fast < total * 4 / 5, "{fast} of {total} read fast");
}

proptest! {
    /// Any members at all, every value from the token list.
    #[test]
    fn any_members_read_the_same(
        members in prop::collection::vec((0usize..40, 0usize..TOKENS.len()), 0..16),
        wrap in any::<bool>(),
    ) {
        for program in &programs()[..2] {
            let names: Vec<&str> = program.facts.iter().map(|f| f.name.as_str()).collect();
            let body: Vec<String> = members
                .iter()
                .map(|&(k, v)| {
                    let key = names.get(k).copied().unwrap_or("facts");
                    format!("\"{key}\": {}", TOKENS[v])
                })
                .collect();
            let object = format!("{{{}}}", body.join(", "));
            let text = if wrap { format!("{{\"facts\": {object}}}") } else { object };
            same(program, &text);
        }
    }
}
