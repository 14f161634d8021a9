//! The refunds reading of INTERPRETATION.md as a plain Rust function: the
//! baseline policy is measured against. Same arithmetic crates as policy
//! (rust_decimal, chrono), typed facts, no interpretation.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    None,
    Unresolved,
    Dissatisfied,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Phone,
    Chat,
}

/// What the written request states: one bit each.
pub const NAME: u8 = 1;
pub const CUSTOMER_ID: u8 = 2;
pub const PLAN: u8 = 4;
pub const REASON: u8 = 8;

#[derive(Clone, Debug)]
pub struct Facts {
    pub commenced: NaiveDate,
    pub plan_ends: NaiveDate,
    pub requested: NaiveDate,
    pub paid: Decimal,
    pub installation_fee: Decimal,
    pub registration_fee: Decimal,
    pub servicing_fee: Decimal,
    pub issues_resolved: i64,
    pub primary_resolved_on: Option<NaiveDate>,
    pub reason: Reason,
    pub channel: Channel,
    pub stated: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clause {
    Cancellation1,
    Cancellation3,
    Refund2,
    Refund3,
    Refund1,
}

impl Clause {
    pub fn id(self) -> &'static str {
        match self {
            Clause::Cancellation1 => "cancellation.1",
            Clause::Cancellation3 => "cancellation.3",
            Clause::Refund2 => "refund.2",
            Clause::Refund3 => "refund.3",
            Clause::Refund1 => "refund.1",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub refund: Decimal,
    pub retained: Decimal,
    pub discretionary_max: Option<Decimal>,
    pub respond_by: NaiveDate,
    /// Bits: email (16), then NAME, CUSTOMER_ID, PLAN, REASON not stated.
    pub unmet: u8,
    pub decided_by: Clause,
}

pub const EMAIL: u8 = 16;

/// Decide one case; `Err(k)`: the case breaks assumption `k` (0-based, in
/// the order of refunds.policy's `assume` lines).
pub fn decide(f: &Facts) -> Result<Outcome, usize> {
    let zero = Decimal::ZERO;
    // Assumptions, in order.
    let checks = [
        f.commenced <= f.requested,
        f.commenced < f.plan_ends,
        f.paid >= zero,
        f.installation_fee >= zero,
        f.registration_fee >= zero,
        f.servicing_fee >= zero,
        f.installation_fee + f.registration_fee <= f.paid,
        f.issues_resolved >= 0,
        f.primary_resolved_on
            .is_none_or(|p| f.commenced <= p && p <= f.requested),
        f.primary_resolved_on.is_none() || f.issues_resolved >= 1,
    ];
    if let Some(k) = checks.iter().position(|ok| !ok) {
        return Err(k);
    }

    let subscription = f.paid - f.installation_fee - f.registration_fee;
    let window_end = f.commenced + TimeDelta::days(15);
    let resolved_in_time = f
        .primary_resolved_on
        .is_some_and(|p| f.commenced <= p && p <= window_end);
    let primary_failed = !resolved_in_time && f.requested > window_end;
    let days_in_plan = (f.plan_ends - f.commenced).num_days();
    let days_left = (f.plan_ends - f.requested).num_days().max(0);

    let n = f.issues_resolved;
    let (decided_by, refund) = if f.reason == Reason::Unresolved && primary_failed {
        (Clause::Cancellation1, f.paid)
    } else if n >= 1 && f.reason == Reason::Dissatisfied {
        (
            Clause::Cancellation3,
            subscription * Decimal::from(days_left) / Decimal::from(days_in_plan),
        )
    } else if n == 0 && f.reason != Reason::None {
        (Clause::Refund2, subscription)
    } else if f.reason == Reason::None {
        let half = f.paid * Decimal::from(50) / Decimal::ONE_HUNDRED;
        let kept = Decimal::from(69).max(half) * Decimal::from(n);
        (Clause::Refund3, zero.max(f.paid - kept))
    } else {
        // n >= 1 here: the clauses leave no gap.
        (Clause::Refund1, zero)
    };
    let refund = refund.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let discretionary_max = (decided_by == Clause::Refund1)
        .then(|| zero.max(f.paid - f.servicing_fee - f.installation_fee));
    let respond_by = f.requested
        + TimeDelta::days(match f.requested.weekday() {
            Weekday::Sat => 6,
            Weekday::Sun => 5,
            _ => 7,
        });
    let unmet = if decided_by == Clause::Cancellation1 {
        let email = if f.channel == Channel::Email {
            0
        } else {
            EMAIL
        };
        email | (!f.stated & (NAME | CUSTOMER_ID | PLAN | REASON))
    } else {
        0
    };
    Ok(Outcome {
        refund,
        retained: f.paid - refund,
        discretionary_max,
        respond_by,
        unmet,
        decided_by,
    })
}
