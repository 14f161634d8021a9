//! `policy-gen`: case corpora as JSON lines, one bare facts object a line,
//! so anyone can reproduce the batch figures in `docs/performance.md`:
//!
//! ```sh
//! cargo run --release --example gen_cases -- --policy refunds --count 1000000 --seed 7 > cases.jsonl
//! ```
//!
//! The same seed always gives the same file. Refunds cases put their dates
//! around every boundary of the reading (the 15-day window, the plan's end,
//! commencement, weekends for `respond_by`), their amounts at odd cents and
//! around the $69 / 50% switch, and `issues_resolved` in 0..=5. A share of the
//! cases (`--rejected`, 0.1 by default) breaks exactly one assumption, so the
//! policy must reject it; `--malformed` adds lines that cannot be read at all
//! (bad JSON, unknown facts, wrong types). For privacy, `--rejected` cases
//! carry a value outside a fact's enumeration.
//!
//! Only std. The example `gen_cases` is its command line; the tests and the
//! benchmarks in `bench/` generate the same cases in process.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }

    /// One of `items` (not empty), uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number, as `YYYY-MM-DD`.
pub fn civil(days: i64, out: &mut String) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    use std::fmt::Write as _;
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

/// Which shipped policy the cases are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// `refunds.policy`
    Refunds,
    /// `privacy.policy`
    Privacy,
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// For which policy.
    pub policy: Policy,
    /// From which seed.
    pub seed: u64,
    /// Share of cases the policy must reject (an assumption broken, or for
    /// privacy a value outside an enumeration).
    pub rejected: f64,
    /// Share of lines that cannot be read as facts at all.
    pub malformed: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            policy: Policy::Refunds,
            seed: 7,
            rejected: 0.1,
            malformed: 0.0,
        }
    }
}

/// An iterator-like source of case lines.
pub struct Generator {
    rng: Rng,
    options: Options,
}

/// Which assumption of refunds.policy a rejected case breaks, in the order
/// the policy checks them.
const BREAKS: usize = 10;

struct Refunds {
    commenced: i64,
    plan_ends: i64,
    requested: i64,
    paid: i64,
    installation_fee: i64,
    registration_fee: i64,
    servicing_fee: i64,
    issues_resolved: i64,
    primary_resolved_on: Option<i64>,
    reason: &'static str,
    channel: &'static str,
    stated: Vec<&'static str>,
}

impl Generator {
    /// A generator of cases as `options` say.
    pub fn new(options: Options) -> Generator {
        Generator {
            rng: Rng::new(options.seed),
            options,
        }
    }

    /// Append the next case, without a newline.
    pub fn line(&mut self, out: &mut String) {
        if self.rng.chance(self.options.malformed) {
            return self.malformed(out);
        }
        let reject = self.rng.chance(self.options.rejected);
        match self.options.policy {
            Policy::Refunds => {
                let mut case = self.refunds();
                if reject {
                    let k = self.rng.below(BREAKS as u64) as usize;
                    self.break_assumption(&mut case, k);
                }
                self.write_refunds(&case, out);
            }
            Policy::Privacy => self.privacy(reject, out),
        }
    }

    fn refunds(&mut self) -> Refunds {
        let r = &mut self.rng;
        let commenced = days_from_civil(2024, 1, 1) + r.below(4 * 365) as i64;
        let plan = if r.chance(0.5) {
            *r.pick(&[1, 14, 15, 16, 17, 30, 31, 90, 180, 365, 366, 730])
        } else {
            r.between(1, 800)
        };
        let offset = if r.chance(0.6) {
            *r.pick(&[0, 1, 14, 15, 16, 17, plan - 1, plan, plan + 1, plan + 30])
        } else {
            r.between(0, plan + 60)
        }
        .max(0);
        let primary = if r.chance(0.35) {
            None
        } else {
            let p = if r.chance(0.6) {
                *r.pick(&[0, 1, 14, 15, 16, 17, offset])
            } else {
                r.between(0, offset)
            };
            Some(commenced + p.min(offset))
        };
        let mut issues = r.between(0, 5);
        if primary.is_some() && issues == 0 {
            issues = 1;
        }
        let paid = if r.chance(0.3) {
            *r.pick(&[0, 1, 99, 6899, 6900, 6901, 13799, 13800, 13801, 24000])
        } else {
            r.between(0, 250_000)
        };
        let installation_fee = if r.chance(0.2) {
            0
        } else {
            r.between(0, paid / 3)
        };
        let registration_fee = if r.chance(0.05) {
            paid - installation_fee
        } else {
            r.between(0, (paid - installation_fee) / 2)
        };
        let servicing_fee = r.between(0, paid + paid / 5 + 1);
        let reason = *r.pick(&["none", "unresolved", "dissatisfied"]);
        let channel = *r.pick(&["email", "phone", "chat"]);
        let mut stated: Vec<&'static str> = ["name", "customer_id", "plan", "reason"]
            .into_iter()
            .filter(|_| r.chance(0.75))
            .collect();
        for i in (1..stated.len()).rev() {
            stated.swap(i, r.below(i as u64 + 1) as usize);
        }
        Refunds {
            commenced,
            plan_ends: commenced + plan,
            requested: commenced + offset,
            paid,
            installation_fee,
            registration_fee,
            servicing_fee,
            issues_resolved: issues,
            primary_resolved_on: primary,
            reason,
            channel,
            stated,
        }
    }

    /// Break assumption `k` of refunds.policy and no earlier one.
    fn break_assumption(&mut self, c: &mut Refunds, k: usize) {
        let r = &mut self.rng;
        match k {
            0 => {
                c.requested = c.commenced - r.between(1, 30);
                c.primary_resolved_on = None;
            }
            1 => c.plan_ends = c.commenced - r.between(0, 30),
            2 => c.paid = -r.between(1, 10_000),
            3 => c.installation_fee = -r.between(1, 10_000),
            4 => c.registration_fee = -r.between(1, 10_000),
            5 => c.servicing_fee = -r.between(1, 10_000),
            6 => c.registration_fee = c.paid - c.installation_fee + r.between(1, 100),
            7 => {
                c.issues_resolved = -r.between(1, 3);
                c.primary_resolved_on = None;
            }
            8 => {
                c.primary_resolved_on = Some(if r.chance(0.5) {
                    c.commenced - r.between(1, 10)
                } else {
                    c.requested + r.between(1, 10)
                });
                c.issues_resolved = c.issues_resolved.max(1);
            }
            _ => {
                c.primary_resolved_on = Some(c.commenced + r.between(0, c.requested - c.commenced));
                c.issues_resolved = 0;
            }
        }
    }

    fn write_refunds(&mut self, c: &Refunds, out: &mut String) {
        let date = |out: &mut String, name: &str, d: i64| {
            out.push('"');
            out.push_str(name);
            out.push_str("\":\"");
            civil(d, out);
            out.push_str("\",");
        };
        out.push('{');
        date(out, "commenced", c.commenced);
        date(out, "plan_ends", c.plan_ends);
        date(out, "requested", c.requested);
        for (name, cents) in [
            ("paid", c.paid),
            ("installation_fee", c.installation_fee),
            ("registration_fee", c.registration_fee),
            ("servicing_fee", c.servicing_fee),
        ] {
            out.push('"');
            out.push_str(name);
            out.push_str("\":");
            // Mostly strings, as the CRM exports them; some JSON numbers.
            let quoted = !self.rng.chance(0.2);
            if quoted {
                out.push('"');
            }
            money(cents, out);
            if quoted {
                out.push('"');
            }
            out.push(',');
        }
        use std::fmt::Write as _;
        let _ = write!(out, "\"issues_resolved\":{},", c.issues_resolved);
        match c.primary_resolved_on {
            Some(d) => date(out, "primary_resolved_on", d),
            None if self.rng.chance(0.5) => out.push_str("\"primary_resolved_on\":null,"),
            None => {}
        }
        let _ = write!(
            out,
            "\"reason\":\"{}\",\"channel\":\"{}\",\"stated\":[",
            c.reason, c.channel
        );
        for (i, s) in c.stated.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        out.push_str("]}");
    }

    fn privacy(&mut self, reject: bool, out: &mut String) {
        let r = &mut self.rng;
        let mut action = *r.pick(&["use", "share", "cookie", "record"]);
        let mut data = *r.pick(&["contact", "financial", "demographic", "traffic"]);
        let mut purpose = *r.pick(&[
            "payment",
            "fulfilment",
            "demographics_analysis",
            "follow_up",
            "promotion",
            "marketing",
            "legal_compliance",
            "statistics",
            "traffic_analysis",
            "diagnostics",
            "site_administration",
            "personalisation",
            "quality_assurance",
        ]);
        let recipient = *r.pick(&[
            "webpro",
            "subsidiary",
            "third_party",
            "marketing_partner",
            "authority",
        ]);
        if reject {
            match r.below(3) {
                0 => action = "sell",
                1 => data = "biometric",
                _ => purpose = "advertising",
            }
        }
        use std::fmt::Write as _;
        let _ = write!(
            out,
            "{{\"action\":\"{action}\",\"data\":\"{data}\",\"purpose\":\"{purpose}\",\
             \"recipient\":\"{recipient}\",\"user_authorized\":{},\"identifies_user\":{}}}",
            r.chance(0.5),
            r.chance(0.5)
        );
    }

    fn malformed(&mut self, out: &mut String) {
        let line = match self.rng.below(6) {
            0 => "{\"commenced\":\"2026-01-01\",\"plan_ends\":",
            1 => "not json at all",
            2 => "[1, 2, 3]",
            3 => "{\"comenced\":\"2026-01-01\"}",
            4 => "{\"paid\":true}",
            _ => "{\"commenced\":\"2026-02-30\"}",
        };
        out.push_str(line);
    }
}

/// Cents as a decimal amount: `-1234` is `-12.34`.
pub fn money(cents: i64, out: &mut String) {
    use std::fmt::Write as _;
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02}", abs / 100, abs % 100);
}

const USAGE: &str = "usage: gen_cases [--policy refunds|privacy] [--count N] [--seed S] \
                     [--rejected FRACTION] [--malformed FRACTION]";

fn parse_args() -> Result<(Options, u64), String> {
    let mut options = Options::default();
    let mut count = 1000u64;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} wants a value\n{USAGE}"));
        let bad = |v: &str| format!("{flag}: cannot read `{v}`\n{USAGE}");
        match flag.as_str() {
            "--policy" => {
                options.policy = match value()?.as_str() {
                    "refunds" => Policy::Refunds,
                    "privacy" => Policy::Privacy,
                    other => return Err(bad(other)),
                }
            }
            "--count" => {
                let v = value()?;
                count = v.replace('_', "").parse().map_err(|_| bad(&v))?;
            }
            "--seed" => {
                let v = value()?;
                options.seed = v.parse().map_err(|_| bad(&v))?;
            }
            "--rejected" | "--malformed" => {
                let v = value()?;
                let share: f64 = v.parse().map_err(|_| bad(&v))?;
                if !(0.0..=1.0).contains(&share) {
                    return Err(bad(&v));
                }
                if flag == "--rejected" {
                    options.rejected = share;
                } else {
                    options.malformed = share;
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok((options, count))
}

/// The `gen_cases` command: `count` cases as the arguments say, to
/// standard output.
pub fn run() -> ExitCode {
    let (options, count) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut generator = Generator::new(options);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut line = String::with_capacity(512);
    for _ in 0..count {
        line.clear();
        generator.line(&mut line);
        line.push('\n');
        if out.write_all(line.as_bytes()).is_err() {
            // A closed pipe (`| head`) is not an error worth a message.
            return ExitCode::SUCCESS;
        }
    }
    if out.flush().is_err() {
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}
