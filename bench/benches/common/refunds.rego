# The refunds reading of docs/webpro-reading.md in Rego, for the
# peer comparison. Money is worked in integer cents (JSON strings or numbers
# in, cents out); dates are nanoseconds since the epoch, as Rego's time
# built-ins have them. `decision` is the entry point: the first broken
# assumption's facts, or the outputs and the deciding clause.
package refunds

import rego.v1

day_ns := 86400000000000

date(s) := time.parse_ns("2006-01-02", s)

cents(x) := round(to_number(x) * 100)

commenced := date(input.commenced)

plan_ends := date(input.plan_ends)

requested := date(input.requested)

paid := cents(input.paid)

installation_fee := cents(input.installation_fee)

registration_fee := cents(input.registration_fee)

servicing_fee := cents(input.servicing_fee)

issues := input.issues_resolved

primary_set if is_string(input.primary_resolved_on)

primary := date(input.primary_resolved_on) if primary_set

# Assumptions, checked in order: the first broken one names its facts.
rejected := ["commenced", "requested"] if {
	commenced > requested
} else := ["commenced", "plan_ends"] if {
	commenced >= plan_ends
} else := ["paid"] if {
	paid < 0
} else := ["installation_fee"] if {
	installation_fee < 0
} else := ["registration_fee"] if {
	registration_fee < 0
} else := ["servicing_fee"] if {
	servicing_fee < 0
} else := ["installation_fee", "registration_fee", "paid"] if {
	installation_fee + registration_fee > paid
} else := ["issues_resolved"] if {
	issues < 0
} else := ["primary_resolved_on"] if {
	primary_set
	not primary_in_range
} else := ["primary_resolved_on", "issues_resolved"] if {
	primary_set
	issues < 1
}

primary_in_range if {
	commenced <= primary
	primary <= requested
}

# Definitions.
subscription_charges := (paid - installation_fee) - registration_fee

window_end := time.add_date(commenced, 0, 0, 15)

resolved_in_time if {
	primary_set
	commenced <= primary
	primary <= window_end
}

primary_failed if {
	not resolved_in_time
	requested > window_end
}

days_in_plan := (plan_ends - commenced) / day_ns

days_left := max([0, (plan_ends - requested) / day_ns])

# Clauses, and which one decides: strongest first.
cancellation_1 if {
	input.reason == "unresolved"
	primary_failed
}

cancellation_3 if {
	issues >= 1
	input.reason == "dissatisfied"
}

refund_2 if {
	issues == 0
	input.reason in {"dissatisfied", "unresolved"}
}

refund_3 if input.reason == "none"

refund_1 if issues >= 1

decided_by := "cancellation.1" if {
	cancellation_1
} else := "cancellation.3" if {
	cancellation_3
} else := "refund.2" if {
	refund_2
} else := "refund.3" if {
	refund_3
} else := "refund.1" if {
	refund_1
}

# Each refund exact until this one rounding, half away from zero.
refund := paid if decided_by == "cancellation.1"

refund := round((subscription_charges * days_left) / days_in_plan) if decided_by == "cancellation.3"

refund := subscription_charges if decided_by == "refund.2"

refund := round(max([0, paid - max([6900, paid / 2]) * issues])) if decided_by == "refund.3"

refund := 0 if decided_by == "refund.1"

discretionary_max := max([0, (paid - servicing_fee) - installation_fee]) if {
	decided_by == "refund.1"
} else := null

# Five business days (Monday to Friday), counted from the day after.
calendar_days := {"Saturday": 6, "Sunday": 5}

respond_by := time.format([
	time.add_date(requested, 0, 0, object.get(calendar_days, time.weekday(requested), 7)),
	"UTC", "2006-01-02",
])

by_email := [] if {
	input.channel == "email"
} else := ["email"]

unmet := array.concat(by_email, [s | some s in ["name", "customer_id", "plan", "reason"]; not s in input.stated]) if {
	decided_by == "cancellation.1"
} else := []

decision := {"rejected": rejected} if {
	rejected
} else := {
	"refund": refund,
	"retained": paid - refund,
	"discretionary_max": discretionary_max,
	"respond_by": respond_by,
	"unmet": unmet,
	"decided_by": decided_by,
}
