//! The fuzz targets: each takes raw bytes and must return without panicking,
//! whatever they are. The stable runner (`src/bin/runner.rs`) and the
//! libFuzzer wrappers (`fuzz_targets/`) call the same functions.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use policy::eval::Prepared;
use policy::render;

pub const TARGETS: [&str; 4] = ["parse", "check_tokens", "eval_facts", "eval_end_to_end"];

/// Run the named target on `data`.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "parse" => parse(data),
        "check_tokens" => check_tokens(data),
        "eval_facts" => eval_facts(data),
        "eval_end_to_end" => eval_end_to_end(data),
        other => panic!("no fuzz target {other}"),
    }
}

/// The parser and checker on arbitrary text (invalid UTF-8 is first read the
/// way a person's editor would show it).
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = policy::compile::compile("fuzz.policy", &text);
    let _ = policy::syntax::parse_expression(&text);
}

/// Words and symbols of the language, for token soups that get past the
/// grammar often enough to exercise the checker.
#[rustfmt::skip]
pub const WORDS: &[&str] = &[
    "policy", "fact", "define", "assume", "output", "clause", "precedence", "when", "require",
    "holiday", "refund", "keep", "permit", "forbid", "if", "and", "or", "not", "is", "one", "of",
    "within", "days", "day", "business", "months", "month", "year", "years", "the", "higher",
    "lower", "next", "on", "after", "before", "missing", "set", "optional", "date", "money",
    "count", "number", "percent", "bool", "text", "list", "permission", "currency", "USD", "EUR",
    "rounding", "half", "away", "from", "zero", "even", "toward", "to", "cents", "Monday",
    "Friday", "Saturday", "short", "last", "first", "rounded", "as", "naming", "otherwise",
    "unmet", "requirements", "times", "$69", "$0", "€5", "50%", "100%", "15", "0", "1", "-1",
    "1.5", "99999999999999999999999999", "2026-01-01", "2026-02-29", "9999-12-31",
    "\"quoted\"", "\"", "(", ")", "+", "-", "*", "/", "<", "<=", ">", ">=", "=", "!=", ":", ",",
    "\n", "\n  ", "\n  > quoted line", "# comment", "p", "a", "b", "c", "x", "paid", "d",
    "c.1", "c.2", "true", "false", "none", "email", "in", "then", "else",
];

/// Token soups: a header that parses, then statements built from words.
pub fn check_tokens(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let mut text = String::from("policy fuzz \"token soup\"\n  currency USD\n");
    while let Ok(i) = u.choose_index(WORDS.len()) {
        text.push_str(WORDS[i]);
        text.push(' ');
        if text.len() > 4096 {
            break;
        }
    }
    if let Ok(program) = policy::compile::compile("soup.policy", &text) {
        let _ = policy::analysis::analyse(&program);
    }
}

/// The shipped WebPro policies, compiled once.
pub fn webpro() -> &'static [Prepared] {
    static PROGRAMS: OnceLock<Vec<Prepared>> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        [
            (
                "refunds",
                include_str!("../../policies/webpro/refunds.policy"),
            ),
            (
                "privacy",
                include_str!("../../policies/webpro/privacy.policy"),
            ),
            (
                "communications",
                include_str!("../../policies/webpro/communications.policy"),
            ),
        ]
        .iter()
        .map(|(name, text)| match policy::compile::compile(name, text) {
            Ok(program) => Prepared::new(program),
            Err(_) => panic!("{name} compiles"),
        })
        .collect()
    })
}

#[rustfmt::skip]
const FACT_NAMES: &[&str] = &[
    "commenced", "plan_ends", "requested", "paid", "installation_fee", "registration_fee",
    "servicing_fee", "issues_resolved", "primary_resolved_on", "reason", "channel", "stated",
    "action", "data", "purpose", "recipient", "user_authorized", "identifies_user", "kind",
    "facts", "policy", "expect",
];

#[rustfmt::skip]
const STRINGS: &[&str] = &[
    "2026-01-01", "2026-01-16", "2026-01-17", "2026-02-29", "2026-02-30", "9999-12-31",
    "0000-01-01", "+262144-01-01", "2026-1-5", "240.00", "0.005", "-0.00", "1e400", "1e-400",
    "99999999999999999999999999999", "79228162514264337593543950335", "12.5%", "none",
    "unresolved", "dissatisfied", "email", "phone", "chat", "name", "customer_id", "plan",
    "reason", "use", "share", "cookie", "record", "contact", "traffic", "payment", "marketing",
    "webpro", "third_party", "promotional", "service", "", " ", "\u{feff}", "\\ud800",
];

/// A JSON value drawn from the bytes, nested at most `depth` deep.
fn json_value(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => "null".into(),
        1 => bool::arbitrary(u)?.to_string(),
        2 => i64::arbitrary(u)?.to_string(),
        3 => format!("{}", f64::arbitrary(u)?).replace("inf", "1e999"),
        4 | 5 => serde_json::to_string(u.choose(STRINGS)?).unwrap_or_default(),
        6 => serde_json::to_string(&String::arbitrary(u)?).unwrap_or_default(),
        7 if depth > 0 => {
            let n = u.int_in_range(0..=4u8)?;
            let items: Vec<String> = (0..n)
                .map(|_| json_value(u, depth - 1))
                .collect::<arbitrary::Result<_>>()?;
            format!("[{}]", items.join(","))
        }
        8 if depth > 0 => object(u, depth - 1)?,
        // Raw text: numbers as written, broken JSON now and then.
        _ => u
            .choose(&["-0", "1.50", "2.4e2", "1e", "[", "{", "0x10", "NaN", "\"x"])?
            .to_string(),
    })
}

fn object(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<String> {
    let n = u.int_in_range(0..=14u8)?;
    let mut members = Vec::new();
    for _ in 0..n {
        let name = u.choose(FACT_NAMES)?;
        members.push(format!("\"{name}\":{}", json_value(u, depth)?));
    }
    Ok(format!("{{{}}}", members.join(",")))
}

/// Decide, explain and render one case under `prepared`.
fn decide_all(prepared: &Prepared, text: &str) {
    let program = prepared.program();
    if let Ok(facts) = prepared.read(text) {
        if let Ok(decision) = prepared.decide(&facts) {
            let trace = prepared.explain(&facts, &decision);
            let _ = render::json::decision(program, &decision, Some(&trace));
            let _ = render::human::decision(program, &decision, &trace);
            let mut line = String::new();
            render::json::write_decision(&mut line, program, &decision);
        }
    }
}

/// The evaluator on the WebPro policies with arbitrary facts JSON.
pub fn eval_facts(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(text) = object(&mut u, 3) else {
        return;
    };
    for program in webpro() {
        decide_all(program, &text);
    }
}

/// A pair of inputs in one: a little-endian `u16` length, that many bytes,
/// then the rest.
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<2>() else {
        return (&[], data);
    };
    rest.split_at(usize::from(u16::from_le_bytes(*len)).min(rest.len()))
}

/// [`split_pair`]'s inverse (the first part cut to 65,535 bytes).
pub fn join_pair(first: &[u8], second: &[u8]) -> Vec<u8> {
    let first = &first[..first.len().min(usize::from(u16::MAX))];
    let mut out = (first.len() as u16).to_le_bytes().to_vec();
    out.extend_from_slice(first);
    out.extend_from_slice(second);
    out
}

/// `policy eval` end to end, in process: a policy text (often a shipped one)
/// and a case text, both from the bytes, through compile, the case reader,
/// the decision and both renderings.
pub fn eval_end_to_end(data: &[u8]) {
    let (policy_bytes, case_bytes) = split_pair(data);
    let policy_text = String::from_utf8_lossy(policy_bytes);
    let case_text = String::from_utf8_lossy(case_bytes);
    if let Ok(program) = policy::compile::compile("e2e.policy", &policy_text) {
        let program = Prepared::new(program);
        decide_all(&program, &case_text);
        let _ = policy::cases::outcome(&program, &case_text);
    }
    for program in webpro() {
        decide_all(program, &case_text);
        let _ = policy::cases::outcome(program, &case_text);
    }
}
