//! Differential test: `policies/webpro/refunds.policy` against a second,
//! deliberately naive reading of the refunds rules, written here straight
//! from `docs/webpro-reading.md` and not from the policy file.
//!
//! The naive side counts money in whole half-cents (`i128`), computes the
//! pro-rata refund as an exact fraction, counts business days one calendar
//! day at a time, and applies the clauses as the interpretation's table
//! lists them. Tens of thousands of generated cases, built around every
//! boundary the reading names, go through both; the first disagreement fails
//! the test with the case and both answers printed.

// Tests assert by panicking: the library's lints against it do not apply here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::{json, Map, Value as Json};

use policy::error::ErrorKind;
use policy::eval::Prepared;
use policy::render::json as render;

/// How many cases each run compares.
const CASES: usize = 12_000;

// --------------------------------------------------------------------------
// A small deterministic generator (SplitMix64), so a failure reproduces.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `lo..=hi`; `lo` when the range is empty.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

// --------------------------------------------------------------------------
// One case, as the naive reading sees it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    None,
    Unresolved,
    Dissatisfied,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    Email,
    Phone,
    Chat,
}

const STATED: [&str; 4] = ["name", "customer_id", "plan", "reason"];

#[derive(Clone, Debug)]
struct Case {
    commenced: NaiveDate,
    plan_ends: NaiveDate,
    requested: NaiveDate,
    /// Amounts in cents.
    paid: i64,
    installation_fee: i64,
    registration_fee: i64,
    servicing_fee: i64,
    issues_resolved: i64,
    primary_resolved_on: Option<NaiveDate>,
    reason: Reason,
    channel: Channel,
    /// What the request states, as written (order and repeats kept).
    stated: Vec<&'static str>,
}

fn day(d: NaiveDate, offset: i64) -> NaiveDate {
    if offset >= 0 {
        d.checked_add_days(Days::new(offset as u64))
    } else {
        d.checked_sub_days(Days::new(offset.unsigned_abs()))
    }
    .expect("generated dates stay near the present")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// An amount in cents: boundaries of the rules, odd cents, and plain noise.
fn amount(rng: &mut Rng) -> i64 {
    match rng.below(6) {
        0 => rng.pick(&[0, 1, 2, 3, 99, 100, 6899, 6900, 6901, 13799, 13800, 13801]),
        1 => rng.range(0, 300) * 2 + 1,
        2 => rng.range(0, 20_000),
        3 => rng.range(0, 100_000_000),
        4 => rng.range(0, 1_000) * 100,
        _ => rng.range(0, 2_000_000) * 2 + 1,
    }
}

/// A part of `whole` (sometimes more than it, to break the fee assumption).
fn part(rng: &mut Rng, whole: i64) -> i64 {
    match rng.below(10) {
        0 => 0,
        1 => whole + rng.range(1, 100),
        2 => whole,
        _ => rng.range(0, whole / 2),
    }
}

fn generate(rng: &mut Rng) -> Case {
    // Start on any day of a few years (leap days, year ends, all weekdays).
    let commenced = day(date(2025, 12, 20), rng.range(0, 3 * 366));
    let requested = match rng.below(6) {
        // Around the end of the 15-day window (day 14, 15, 16 ...).
        0 | 1 => day(commenced, rng.range(13, 18)),
        2 => day(commenced, rng.range(0, 3)),
        // Before commencement: assumption 1.
        3 if rng.chance(30) => day(commenced, -rng.range(1, 3)),
        _ => day(commenced, rng.range(0, 500)),
    };
    let plan_ends = match rng.below(6) {
        // Requests just before, on and after the end of the plan.
        0 | 1 => day(requested, rng.range(-2, 2)),
        2 => day(commenced, rng.range(-1, 2)),
        3 => day(commenced, rng.pick(&[30, 31, 90, 180, 365, 366])),
        _ => day(commenced, rng.range(1, 800)),
    };
    let paid = amount(rng);
    let (installation_fee, registration_fee) = if rng.chance(90) {
        let i = part(rng, paid);
        (i, part(rng, paid - i))
    } else {
        (amount(rng), amount(rng))
    };
    let mut case = Case {
        commenced,
        plan_ends,
        requested,
        paid,
        installation_fee,
        registration_fee,
        servicing_fee: if rng.chance(20) { 0 } else { amount(rng) },
        issues_resolved: rng.range(0, 5),
        primary_resolved_on: None,
        reason: rng.pick(&[Reason::None, Reason::Unresolved, Reason::Dissatisfied]),
        channel: rng.pick(&[Channel::Email, Channel::Phone, Channel::Chat]),
        stated: Vec::new(),
    };
    if rng.chance(50) {
        case.primary_resolved_on = Some(match rng.below(4) {
            0 => day(commenced, rng.range(-1, 1)),
            1 => day(commenced, rng.range(13, 18)),
            2 => day(requested, rng.range(-1, 1)),
            _ => day(commenced, rng.range(0, 60)),
        });
        if rng.chance(85) {
            case.issues_resolved = case.issues_resolved.max(1);
        }
    }
    let stated_count = rng.below(6);
    for _ in 0..stated_count {
        case.stated.push(rng.pick(&STATED));
    }
    // Now and then, one amount or the count turns negative (assumptions 3, 5).
    if rng.chance(6) {
        let v = -rng.range(1, 10_000);
        match rng.below(5) {
            0 => case.paid = v,
            1 => case.installation_fee = v,
            2 => case.registration_fee = v,
            3 => case.servicing_fee = v,
            _ => case.issues_resolved = -rng.range(1, 3),
        }
    }
    case
}

// --------------------------------------------------------------------------
// The case as JSON, written in the ways the CRM export writes amounts.

fn cents_text(cents: i64, trailing: usize) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let mut text = format!("{sign}{}.{:02}", c / 100, c % 100);
    text.push_str(&"0".repeat(trailing));
    text
}

fn money_json(rng: &mut Rng, cents: i64) -> String {
    match rng.below(5) {
        0 => cents_text(cents, 0),
        1 if cents % 100 == 0 => format!("{}", cents / 100),
        2 => format!("\"{}\"", cents_text(cents, rng.below(3) as usize)),
        3 if cents % 100 == 0 => format!("\"{}\"", cents / 100),
        _ => format!("\"{}\"", cents_text(cents, 0)),
    }
}

fn facts_json(rng: &mut Rng, case: &Case) -> String {
    let reason = match case.reason {
        Reason::None => "none",
        Reason::Unresolved => "unresolved",
        Reason::Dissatisfied => "dissatisfied",
    };
    let channel = match case.channel {
        Channel::Email => "email",
        Channel::Phone => "phone",
        Channel::Chat => "chat",
    };
    let mut members = vec![
        format!("\"commenced\": \"{}\"", case.commenced),
        format!("\"plan_ends\": \"{}\"", case.plan_ends),
        format!("\"requested\": \"{}\"", case.requested),
        format!("\"paid\": {}", money_json(rng, case.paid)),
        format!(
            "\"installation_fee\": {}",
            money_json(rng, case.installation_fee)
        ),
        format!(
            "\"registration_fee\": {}",
            money_json(rng, case.registration_fee)
        ),
        format!("\"servicing_fee\": {}", money_json(rng, case.servicing_fee)),
        format!("\"issues_resolved\": {}", case.issues_resolved),
        format!("\"reason\": \"{reason}\""),
        format!("\"channel\": \"{channel}\""),
        format!(
            "\"stated\": [{}]",
            case.stated
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    match case.primary_resolved_on {
        Some(d) => members.push(format!("\"primary_resolved_on\": \"{d}\"")),
        // An optional fact may be null or left out.
        None if rng.chance(50) => members.push("\"primary_resolved_on\": null".into()),
        None => {}
    }
    // Members in any order.
    for i in (1..members.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        members.swap(i, j);
    }
    let body = format!("{{{}}}", members.join(", "));
    if rng.chance(20) {
        format!("{{\"policy\": \"refunds\", \"facts\": {body}, \"expect\": {{}}}}")
    } else {
        body
    }
}

// --------------------------------------------------------------------------
// The naive reading.

const CLAUSES: [&str; 5] = [
    "cancellation.1",
    "cancellation.3",
    "refund.2",
    "refund.3",
    "refund.1",
];

/// Round a non-negative number of half-cents to cents, half away from zero.
fn half_cents_to_cents(half_cents: i128) -> i128 {
    assert!(half_cents >= 0, "the naive reading never rounds a negative");
    (half_cents + 1) / 2
}

/// `num / den` cents rounded to cents, half away from zero (num, den >= 0).
fn fraction_to_cents(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r >= den {
        q + 1
    } else {
        q
    }
}

fn money(cents: i128) -> Json {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    json!(format!("{sign}{}.{:02}", c / 100, c % 100))
}

/// `d` + 5 business days, Monday to Friday, counted from the day after.
fn five_business_days_after(d: NaiveDate) -> NaiveDate {
    let mut current = d;
    let mut left = 5;
    while left > 0 {
        current = day(current, 1);
        if !matches!(current.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    current
}

fn days_between(later: NaiveDate, earlier: NaiveDate) -> i128 {
    i128::from((later - earlier).num_days())
}

fn rejected(facts: &[&str]) -> Json {
    json!({ "policy": "refunds", "error": { "kind": "assumption", "facts": facts } })
}

/// The decision the interpretation gives for `case`, as `policy eval --format
/// json` writes it (without the trace, and for rejections without the
/// message, whose words are the policy's own).
fn naive(case: &Case) -> Json {
    // Assumptions, in order.
    if case.commenced > case.requested {
        return rejected(&["commenced", "requested"]);
    }
    if case.commenced >= case.plan_ends {
        return rejected(&["commenced", "plan_ends"]);
    }
    for (name, value) in [
        ("paid", case.paid),
        ("installation_fee", case.installation_fee),
        ("registration_fee", case.registration_fee),
        ("servicing_fee", case.servicing_fee),
    ] {
        if value < 0 {
            return rejected(&[name]);
        }
    }
    if case.installation_fee + case.registration_fee > case.paid {
        return rejected(&["installation_fee", "registration_fee", "paid"]);
    }
    if case.issues_resolved < 0 {
        return rejected(&["issues_resolved"]);
    }
    if let Some(resolved) = case.primary_resolved_on {
        if resolved < case.commenced || resolved > case.requested {
            return rejected(&["primary_resolved_on"]);
        }
        if case.issues_resolved < 1 {
            return rejected(&["primary_resolved_on", "issues_resolved"]);
        }
    }

    // Definitions.
    let paid = i128::from(case.paid);
    let subscription_charges =
        paid - i128::from(case.installation_fee) - i128::from(case.registration_fee);
    let window_end = day(case.commenced, 15);
    let resolved_in_time = case.primary_resolved_on.is_some_and(|d| d <= window_end);
    let primary_failed = !resolved_in_time && case.requested > window_end;
    let days_in_plan = days_between(case.plan_ends, case.commenced);
    let days_left = days_between(case.plan_ends, case.requested).max(0);
    let n = i128::from(case.issues_resolved);

    // Which clauses apply, in precedence order, with the refund each gives.
    let applies = [
        case.reason == Reason::Unresolved && primary_failed,
        n >= 1 && case.reason == Reason::Dissatisfied,
        n == 0 && matches!(case.reason, Reason::Dissatisfied | Reason::Unresolved),
        case.reason == Reason::None,
        n >= 1,
    ];
    let Some(decider) = applies.iter().position(|&a| a) else {
        return json!({ "policy": "refunds", "error": { "kind": "gap", "facts": [] } });
    };
    let refund = match decider {
        0 => paid,
        1 => fraction_to_cents(subscription_charges * days_left, days_in_plan),
        2 => subscription_charges,
        3 => {
            // In half-cents: 50% of paid is exact there.
            let kept_each = (2 * 6900).max(paid);
            half_cents_to_cents((2 * paid - kept_each * n).max(0))
        }
        _ => 0,
    };
    let discretionary_max = (decider == 4).then(|| {
        money((paid - i128::from(case.servicing_fee) - i128::from(case.installation_fee)).max(0))
    });
    let mut unmet: Vec<&str> = Vec::new();
    if decider == 0 {
        if case.channel != Channel::Email {
            unmet.push("email");
        }
        for wanted in STATED {
            if !case.stated.contains(&wanted) {
                unmet.push(wanted);
            }
        }
    }

    let mut decided_by = Map::new();
    decided_by.insert("refund".into(), json!(CLAUSES[decider]));
    if decider == 4 {
        decided_by.insert("discretionary_max".into(), json!("refund.1"));
    }
    let mut overridden = Map::new();
    let beaten: Vec<&str> = (0..CLAUSES.len())
        .filter(|&c| applies[c] && c != decider)
        .map(|c| CLAUSES[c])
        .collect();
    if !beaten.is_empty() {
        overridden.insert("refund".into(), json!(beaten));
    }
    if applies[4] && decider != 4 {
        overridden.insert("discretionary_max".into(), json!(["refund.1"]));
    }
    json!({
        "policy": "refunds",
        "outputs": {
            "refund": money(refund),
            "retained": money(paid - refund),
            "discretionary_max": discretionary_max.unwrap_or(Json::Null),
            "respond_by": five_business_days_after(case.requested).to_string(),
            "unmet": unmet,
        },
        "decided_by": decided_by,
        "overridden": overridden,
    })
}

// --------------------------------------------------------------------------
// The policy's answer, in the same shape.

fn refunds() -> Prepared {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/webpro/refunds.policy"
    );
    let text = std::fs::read_to_string(path).expect("refunds.policy is readable");
    Prepared::new(policy::compile::compile("refunds.policy", &text).expect("refunds.policy checks"))
}

/// What policy decides, as JSON; a rejection by the facts it names only
/// (the naive reading has no messages).
fn actual(prepared: &Prepared, facts_json: &str) -> Json {
    let program = prepared.program();
    match policy::cases::outcome(prepared, facts_json) {
        Err(e) if e.kind == ErrorKind::Assumption => {
            json!({ "policy": program.name, "error": { "kind": "assumption", "facts": e.facts } })
        }
        outcome => render::outcome(program, &outcome),
    }
}

fn compare(program: &Prepared, seed: u64, cases: usize) -> Stats {
    let mut rng = Rng(seed);
    let mut stats = Stats::default();
    for index in 0..cases {
        let case = generate(&mut rng);
        let text = facts_json(&mut rng, &case);
        let expected = naive(&case);
        let got = actual(program, &text);
        if got != expected {
            panic!(
                "refunds.policy and the naive reading disagree on case {index} (seed {seed}):\n\
                 facts: {text}\n\
                 naive:  {}\n\
                 policy: {}",
                serde_json::to_string_pretty(&expected).unwrap_or_default(),
                serde_json::to_string_pretty(&got).unwrap_or_default(),
            );
        }
        stats.count(&expected);
    }
    stats
}

/// How the generated cases spread over the outcomes, so the test also fails
/// when a generator change stops reaching some of them.
#[derive(Default, Debug)]
struct Stats {
    by_clause: [usize; 5],
    rejected: [usize; 10],
    half_cent_pro_rata: usize,
    clamped_days_left: usize,
}

impl Stats {
    fn count(&mut self, expected: &Json) {
        if let Some(clause) = expected["decided_by"]["refund"].as_str() {
            if let Some(i) = CLAUSES.iter().position(|c| *c == clause) {
                self.by_clause[i] += 1;
            }
        }
        if let Some(facts) = expected["error"]["facts"].as_array() {
            let key = match facts.iter().filter_map(Json::as_str).collect::<Vec<_>>()[..] {
                ["commenced", "requested"] => 0,
                ["commenced", "plan_ends"] => 1,
                ["paid"] => 2,
                ["installation_fee"] => 3,
                ["registration_fee"] => 4,
                ["servicing_fee"] => 5,
                ["installation_fee", "registration_fee", "paid"] => 6,
                ["issues_resolved"] => 7,
                ["primary_resolved_on"] => 8,
                _ => 9,
            };
            self.rejected[key] += 1;
        }
    }
}

#[test]
fn refunds_policy_agrees_with_a_naive_reading_of_the_interpretation() {
    let program = refunds();
    let stats = compare(&program, 0x5EED_0F01, CASES);
    // Every clause decides some cases and every assumption rejects some.
    assert!(
        stats.by_clause.iter().all(|&n| n >= 100),
        "some clause decided too few cases: {stats:?}"
    );
    assert!(
        stats.rejected.iter().all(|&n| n >= 10),
        "some assumption rejected too few cases: {stats:?}"
    );
}

/// The cases where the reading is most delicate, checked on purpose rather
/// than left to chance: pro-rata results of exactly half a cent, and requests
/// after the plan has ended.
#[test]
fn half_cent_pro_rata_and_requests_after_the_plan_ended_agree() {
    let program = refunds();
    let mut rng = Rng(0xC0FFEE);
    let mut stats = Stats::default();
    for _ in 0..1_500 {
        let mut case = generate(&mut rng);
        case.reason = Reason::Dissatisfied;
        case.issues_resolved = rng.range(1, 5);
        case.primary_resolved_on = None;
        case.installation_fee = 0;
        case.registration_fee = 0;
        case.servicing_fee = 0;
        case.commenced = day(date(2026, 1, 1), rng.range(0, 400));
        case.requested = day(case.commenced, rng.range(0, 60));
        // days_in_plan = 2k, days_left = k or beyond the plan's end; an odd
        // number of cents then gives exactly half a cent.
        let k = rng.range(1, 200);
        case.plan_ends = day(case.commenced, 2 * k);
        if rng.chance(70) {
            case.requested = day(case.plan_ends, -k.min(2 * k - 1));
            if case.requested < case.commenced {
                case.requested = case.commenced;
            }
            case.paid = rng.range(0, 100_000) * 2 + 1;
            if (case.plan_ends - case.requested).num_days() * 2 == 2 * k {
                stats.half_cent_pro_rata += 1;
            }
        } else {
            case.requested = day(case.plan_ends, rng.range(0, 30));
            case.paid = amount(&mut rng);
            stats.clamped_days_left += 1;
        }
        let text = facts_json(&mut rng, &case);
        let (expected, got) = (naive(&case), actual(&program, &text));
        assert_eq!(got, expected, "disagreement on facts {text}");
    }
    assert!(stats.half_cent_pro_rata >= 500, "{stats:?}");
    assert!(stats.clamped_days_left >= 200, "{stats:?}");
}

/// The naive reading itself, on the worked examples' pinned numbers: if it
/// were wrong in the same way as the policy, the comparison would prove
/// nothing.
#[test]
fn the_naive_reading_gives_the_worked_examples_numbers() {
    let base = Case {
        commenced: date(2026, 1, 1),
        plan_ends: date(2027, 1, 1),
        requested: date(2026, 3, 16),
        paid: 24_000,
        installation_fee: 3_000,
        registration_fee: 1_000,
        servicing_fee: 2_500,
        issues_resolved: 0,
        primary_resolved_on: None,
        reason: Reason::Dissatisfied,
        channel: Channel::Email,
        stated: STATED.to_vec(),
    };
    let got = naive(&base);
    assert_eq!(got["outputs"]["refund"], "200.00");
    assert_eq!(got["outputs"]["retained"], "40.00");
    assert_eq!(got["outputs"]["respond_by"], "2026-03-23");
    assert_eq!(got["decided_by"]["refund"], "refund.2");

    // pro-rata-half-cent-rounds-away-from-zero.json
    let half = Case {
        plan_ends: date(2026, 7, 20),
        requested: date(2026, 7, 19),
        paid: 100,
        installation_fee: 0,
        registration_fee: 0,
        issues_resolved: 1,
        ..base.clone()
    };
    assert_eq!(naive(&half)["outputs"]["refund"], "0.01");
    assert_eq!(naive(&half)["outputs"]["respond_by"], "2026-07-24");

    // guarantee-missing-customer-id-by-phone.json
    let phone = Case {
        reason: Reason::Unresolved,
        channel: Channel::Phone,
        stated: vec!["name", "plan", "reason"],
        ..base.clone()
    };
    assert_eq!(naive(&phone)["outputs"]["refund"], "240.00");
    assert_eq!(
        naive(&phone)["outputs"]["unmet"],
        json!(["email", "customer_id"])
    );
    assert_eq!(naive(&phone)["overridden"]["refund"], json!(["refund.2"]));

    // Day 15 of the window is still inside it; day 16 is not.
    let day15 = Case {
        requested: date(2026, 1, 16),
        ..phone.clone()
    };
    assert_eq!(naive(&day15)["decided_by"]["refund"], "refund.2");
    let day16 = Case {
        requested: date(2026, 1, 17),
        ..phone.clone()
    };
    assert_eq!(naive(&day16)["decided_by"]["refund"], "cancellation.1");

    // refund.3 with one resolution: the higher of $69 and half of $100.01.
    let none = Case {
        reason: Reason::None,
        paid: 10_001,
        installation_fee: 0,
        registration_fee: 0,
        issues_resolved: 1,
        ..base.clone()
    };
    assert_eq!(naive(&none)["outputs"]["refund"], "31.01");
    let big = Case {
        paid: 20_001,
        ..none.clone()
    };
    // 200.01 - 100.005 = 100.005 -> 100.01
    assert_eq!(naive(&big)["outputs"]["refund"], "100.01");
    assert_eq!(naive(&big)["outputs"]["retained"], "100.00");

    // Friday -> the next Friday; Saturday and Sunday -> the Friday after.
    for (requested, due) in [
        (date(2026, 3, 13), date(2026, 3, 20)),
        (date(2026, 3, 14), date(2026, 3, 20)),
        (date(2026, 3, 15), date(2026, 3, 20)),
        (date(2026, 3, 16), date(2026, 3, 23)),
    ] {
        assert_eq!(five_business_days_after(requested), due);
    }
}
