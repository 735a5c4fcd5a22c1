//! Measures (MODEL §8): dated changes of the model's parameters, with their
//! validation. They compile into the plan's schedules (`plan::measures`).

use super::types::{
    Invalid, MAX_YEAR, MIN_YEAR, Policy, PolicyKind, Shares, TriageOrder, date_serde,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What kind of measure it is (MODEL §8); it changes nothing in the model,
/// only how reports group and name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasureKind {
    /// An emergency measure (noodmaatregel), usually temporary.
    Emergency,
    /// A structural measure.
    Structural,
    /// A development outside the organisation's control (a media campaign,
    /// cases growing more complex).
    Context,
}

/// An arrival stream an effect acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StreamName {
    /// Meldingen.
    Meldingen,
    /// Adviezen.
    Adviezen,
}

/// A route after triage (MODEL §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteName {
    /// Direct transfer to local teams.
    DirectTransfer,
    /// Voorwaarden & Vervolg.
    Vv,
    /// Onderzoek.
    Onderzoek,
    /// No further action.
    NoAction,
}

/// A stage whose hours an effect scales (the keys of `stages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageName {
    /// An advies.
    Advice,
    /// Triage.
    Triage,
    /// V&V.
    Vv,
    /// Onderzoek.
    Onderzoek,
    /// A monitoring contact.
    Monitoring,
    /// A crisis intervention.
    Crisis,
    /// A melding returned to the police.
    Returned,
}

fn one() -> f64 {
    1.0
}

/// One effect of a measure (the table of MODEL §8), written as
/// `{ effect = "inflow_scale", stream = "adviezen", factor = 0.8 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Multiply a stream's arrival rate.
    InflowScale {
        /// The stream.
        stream: StreamName,
        /// The factor (≥ 0).
        factor: f64,
    },
    /// Move a share of triaged cases to another route: every other route's
    /// probability p becomes (1 − share) × p, `to` receives the rest.
    RouteShift {
        /// The route that receives the share.
        to: RouteName,
        /// The relative share moved, in [0, 1].
        share: f64,
    },
    /// Multiply a stage's hours.
    HoursScale {
        /// The stage.
        stage: StageName,
        /// The factor (> 0).
        factor: f64,
    },
    /// Set the indirect-time fraction.
    Indirect {
        /// The fraction, in [0, 1).
        value: f64,
    },
    /// Set the overtime share on top of contract hours.
    Overtime {
        /// The share, in [0, 1].
        share: f64,
    },
    /// Hired-in staff outside the budget: no absence, turnover or
    /// onboarding; leave and indirect time apply.
    TemporaryStaff {
        /// FTE hired in.
        fte: f64,
        /// Days after the measure's start before they start work.
        #[serde(default)]
        lead_days: u32,
        /// Their productivity, in (0, 1].
        #[serde(default = "one")]
        productivity: f64,
    },
    /// Set the budget (formatie), a step.
    Budget {
        /// The budget in FTE.
        fte: f64,
    },
    /// Set the absence targets.
    Absence {
        /// The absence rate.
        rate: f64,
        /// Spells per person-year; the value in force when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spells_per_year: Option<f64>,
    },
    /// Set the resignation hazard per person-year.
    Turnover {
        /// The rate.
        rate: f64,
    },
    /// Set the mean recruitment lead time.
    Recruitment {
        /// Mean calendar days from opening a vacancy to the first day.
        mean_days: f64,
    },
    /// Change the allocation policy, a step; keys not given keep the
    /// policy in force.
    Policy {
        /// Kind of policy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<PolicyKind>,
        /// Class order.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        order: Option<Vec<String>>,
        /// Explicit shares.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shares: Option<Shares>,
        /// Order of new triage items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        triage_order: Option<TriageOrder>,
        /// Escalation window in working days.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urgent_first_days: Option<u32>,
    },
    /// Hand the N oldest meldingen whose triage has not started to another
    /// organisation, once, at the start of the measure's first day.
    TransferBacklog {
        /// How many.
        count: u32,
    },
}

/// Names of the effects, as written in scenario files.
pub const EFFECT_NAMES: [&str; 12] = [
    "inflow_scale",
    "route_shift",
    "hours_scale",
    "indirect",
    "overtime",
    "temporary_staff",
    "budget",
    "absence",
    "turnover",
    "recruitment",
    "policy",
    "transfer_backlog",
];

impl Effect {
    /// The effect's name, as written in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            Effect::InflowScale { .. } => "inflow_scale",
            Effect::RouteShift { .. } => "route_shift",
            Effect::HoursScale { .. } => "hours_scale",
            Effect::Indirect { .. } => "indirect",
            Effect::Overtime { .. } => "overtime",
            Effect::TemporaryStaff { .. } => "temporary_staff",
            Effect::Budget { .. } => "budget",
            Effect::Absence { .. } => "absence",
            Effect::Turnover { .. } => "turnover",
            Effect::Recruitment { .. } => "recruitment",
            Effect::Policy { .. } => "policy",
            Effect::TransferBacklog { .. } => "transfer_backlog",
        }
    }

    /// The value a set or step effect sets, if it is one: two such effects
    /// active on the same day compete (the later-listed one is in force).
    pub fn sets(&self) -> Option<&'static str> {
        match self {
            Effect::Indirect { .. }
            | Effect::Overtime { .. }
            | Effect::Budget { .. }
            | Effect::Absence { .. }
            | Effect::Turnover { .. }
            | Effect::Recruitment { .. }
            | Effect::Policy { .. } => Some(self.name()),
            _ => None,
        }
    }
}

/// A measure (MODEL §8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Name, shown in tables and reports.
    pub name: String,
    /// Emergency, structural or context.
    pub kind: MeasureKind,
    /// First day it acts (inclusive); before the horizon's start it acts
    /// from the start.
    #[serde(with = "date_serde")]
    pub start: Date,
    /// Last day it acts (inclusive); without it, to the end of the horizon.
    #[serde(default, with = "opt_date", skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Linear ramp-in: day k of the measure applies min(1, k / ramp_days)
    /// of the change; 0 for none.
    #[serde(default)]
    pub ramp_days: u32,
    /// Cost in euros per year, accrued per calendar day it is active.
    #[serde(default)]
    pub cost_per_year: f64,
    /// What it changes.
    pub effects: Vec<Effect>,
}

impl Measure {
    /// The fraction of the change applied on day `k` of the measure (k = 1
    /// on its start date).
    pub fn ramp(&self, k: i64) -> f64 {
        if self.ramp_days == 0 {
            1.0
        } else {
            (k as f64 / f64::from(self.ramp_days)).clamp(0.0, 1.0)
        }
    }
}

/// An optional date (`end` of a measure).
mod opt_date {
    use jiff::civil::Date;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        super::date_serde::deserialize(d).map(Some)
    }
}

/// Largest ramp, lead time and similar day counts accepted.
const MAX_DAYS: u32 = 3660;

/// Checks the measures of a scenario with horizon `start..=end` and the
/// base policy `policy`. Returns the key path and what is allowed.
pub(crate) fn validate(
    measures: &[Measure],
    start: Date,
    end: Date,
    policy: &Policy,
    absence: &super::types::Absence,
) -> Result<(), Invalid> {
    let mut names: Vec<&str> = Vec::new();
    // Spell frequencies set by earlier absence measures.
    let mut spells: Vec<f64> = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        let key = format!("measures[{i}]");
        let name = m.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err((
                format!("{key}.name"),
                format!(
                    "a name of 1 to 80 characters, e.g. \"Chat bij buur-VT\", got \"{}\"",
                    m.name
                ),
            ));
        }
        if names.contains(&name) {
            return Err((
                format!("{key}.name"),
                format!("two measures are named \"{name}\"; give each its own name"),
            ));
        }
        names.push(name);
        for (k, d) in std::iter::once(("start", m.start)).chain(m.end.map(|e| ("end", e))) {
            if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
                return Err((
                    format!("{key}.{k}"),
                    format!("{d} is outside the years {MIN_YEAR}–{MAX_YEAR} vtsim simulates"),
                ));
            }
        }
        if let Some(e) = m.end {
            if e < m.start {
                return Err((
                    format!("{key}.end"),
                    format!("end {e} lies before the measure's start {}", m.start),
                ));
            }
            if e < start {
                return Err((
                    format!("{key}.end"),
                    format!(
                        "the measure ends on {e}, before the horizon starts ({start}), so it never acts; \
                         remove it or move its dates into {start} … {end}"
                    ),
                ));
            }
        }
        if m.start > end {
            return Err((
                format!("{key}.start"),
                format!(
                    "the measure starts on {}, after the horizon ends ({end}), so it never acts; \
                     move it into {start} … {end} or extend `end`",
                    m.start
                ),
            ));
        }
        if m.ramp_days > MAX_DAYS {
            return Err((
                format!("{key}.ramp_days"),
                format!("at most {MAX_DAYS} days, got {}", m.ramp_days),
            ));
        }
        if !m.cost_per_year.is_finite() || !(0.0..=1e10).contains(&m.cost_per_year) {
            return Err((
                format!("{key}.cost_per_year"),
                format!(
                    "euros per year, in [0, 1e10], got {}",
                    super::types::num(m.cost_per_year)
                ),
            ));
        }
        if m.effects.is_empty() {
            return Err((
                format!("{key}.effects"),
                format!(
                    "a measure needs at least one effect, e.g. effects = [{{ effect = \"indirect\", value = 0.15 }}]; \
                     effects: {}",
                    EFFECT_NAMES.join(", ")
                ),
            ));
        }
        for (j, e) in m.effects.iter().enumerate() {
            let ekey = format!("{key}.effects[{j}]");
            validate_effect(e, &ekey, policy)?;
            if let Effect::Absence {
                rate,
                spells_per_year,
            } = e
            {
                // The targets must fit the spell-length mixture, as
                // `workforce.absence` and its changes must. Without its own
                // frequency the measure keeps the one in force, which may be
                // any the scenario sets before it: each is checked. (A ramp
                // between two valid targets stays valid: the condition is a
                // half-plane in (rate, frequency).)
                let mut freqs = vec![absence.spells_per_year];
                freqs.extend(absence.changes.iter().filter_map(|c| c.spells_per_year));
                freqs.extend(spells.iter().copied());
                let own = spells_per_year.map(|f| vec![f]).unwrap_or(freqs);
                for f in own {
                    absence.check_targets(&ekey, *rate, f)?;
                }
                if let Some(f) = spells_per_year {
                    spells.push(*f);
                }
            }
        }
    }
    Ok(())
}

fn in_range(key: &str, what: &str, v: f64, lo: f64, hi: f64, hi_open: bool) -> Result<(), Invalid> {
    let ok = v.is_finite() && v >= lo && if hi_open { v < hi } else { v <= hi };
    if ok {
        Ok(())
    } else {
        let close = if hi_open { ")" } else { "]" };
        Err((
            key.to_string(),
            format!(
                "{what} must be in [{lo}, {hi}{close}, got {}",
                super::types::num(v)
            ),
        ))
    }
}

fn validate_effect(e: &Effect, key: &str, policy: &Policy) -> Result<(), Invalid> {
    match e {
        Effect::InflowScale { factor, .. } => in_range(
            &format!("{key}.factor"),
            "the factor",
            *factor,
            0.0,
            100.0,
            false,
        ),
        Effect::RouteShift { share, .. } => in_range(
            &format!("{key}.share"),
            "the share",
            *share,
            0.0,
            1.0,
            false,
        ),
        Effect::HoursScale { factor, .. } => {
            in_range(
                &format!("{key}.factor"),
                "the factor",
                *factor,
                0.0,
                100.0,
                false,
            )?;
            if *factor <= 0.0 {
                return Err((
                    format!("{key}.factor"),
                    "must be above 0 (work without hours is not a stage)".into(),
                ));
            }
            Ok(())
        }
        Effect::Indirect { value } => in_range(
            &format!("{key}.value"),
            "the indirect-time fraction",
            *value,
            0.0,
            1.0,
            true,
        ),
        Effect::Overtime { share } => in_range(
            &format!("{key}.share"),
            "the overtime share",
            *share,
            0.0,
            1.0,
            false,
        ),
        Effect::TemporaryStaff {
            fte,
            lead_days,
            productivity,
        } => {
            in_range(
                &format!("{key}.fte"),
                "the FTE",
                *fte,
                0.0,
                100_000.0,
                false,
            )?;
            if *fte <= 0.0 {
                return Err((
                    format!("{key}.fte"),
                    format!(
                        "the FTE hired in must be above 0, got {}",
                        super::types::num(*fte)
                    ),
                ));
            }
            if *lead_days > MAX_DAYS {
                return Err((
                    format!("{key}.lead_days"),
                    format!("at most {MAX_DAYS} days, got {lead_days}"),
                ));
            }
            in_range(
                &format!("{key}.productivity"),
                "the productivity",
                *productivity,
                0.0,
                1.0,
                false,
            )?;
            if *productivity <= 0.0 {
                return Err((
                    format!("{key}.productivity"),
                    format!(
                        "the productivity must be in (0, 1] (1 = as productive as own staff), got {}",
                        super::types::num(*productivity)
                    ),
                ));
            }
            Ok(())
        }
        Effect::Budget { fte } => in_range(
            &format!("{key}.fte"),
            "the budget in FTE",
            *fte,
            0.0,
            100_000.0,
            false,
        ),
        Effect::Absence {
            rate,
            spells_per_year,
        } => {
            in_range(
                &format!("{key}.rate"),
                "the absence rate",
                *rate,
                0.0,
                0.9,
                true,
            )?;
            if let Some(f) = spells_per_year
                && (!f.is_finite() || *f <= 0.0 || *f > 20.0)
            {
                return Err((
                    format!("{key}.spells_per_year"),
                    format!("must be in (0, 20], got {}", super::types::num(*f)),
                ));
            }
            Ok(())
        }
        Effect::Turnover { rate } => in_range(
            &format!("{key}.rate"),
            "resignations per person-year",
            *rate,
            0.0,
            5.0,
            false,
        ),
        Effect::Recruitment { mean_days } => {
            in_range(
                &format!("{key}.mean_days"),
                "the mean lead time in days",
                *mean_days,
                0.0,
                3650.0,
                false,
            )?;
            if *mean_days <= 0.0 {
                return Err((
                    format!("{key}.mean_days"),
                    "the mean lead time must be above 0 days (e.g. 60.0)".into(),
                ));
            }
            Ok(())
        }
        Effect::Policy {
            kind,
            order,
            shares,
            triage_order,
            urgent_first_days,
        } => {
            if kind.is_none()
                && order.is_none()
                && shares.is_none()
                && triage_order.is_none()
                && urgent_first_days.is_none()
            {
                return Err((
                    key.to_string(),
                    "a policy effect changes at least one of kind, order, shares, triage_order, urgent_first_days"
                        .into(),
                ));
            }
            let merged = apply_policy(
                policy,
                *kind,
                order.as_ref(),
                shares.as_ref(),
                *triage_order,
                *urgent_first_days,
            );
            merged
                .validate()
                .map_err(|(k, msg)| (k.replacen("policy", key, 1), msg))
        }
        Effect::TransferBacklog { count } => {
            if *count == 0 || *count > 10_000_000 {
                return Err((
                    format!("{key}.count"),
                    format!("the number of meldingen handed over, 1–10000000, got {count}"),
                ));
            }
            Ok(())
        }
    }
}

/// The policy `base` with the keys a policy effect gives.
pub fn apply_policy(
    base: &Policy,
    kind: Option<PolicyKind>,
    order: Option<&Vec<String>>,
    shares: Option<&Shares>,
    triage_order: Option<TriageOrder>,
    urgent_first_days: Option<u32>,
) -> Policy {
    Policy {
        kind: kind.unwrap_or(base.kind),
        order: order.cloned().unwrap_or_else(|| base.order.clone()),
        shares: shares.cloned().unwrap_or_else(|| base.shares.clone()),
        triage_order: triage_order.unwrap_or(base.triage_order),
        urgent_first_days: urgent_first_days.or(base.urgent_first_days),
    }
}

/// A warning about a scenario that is valid but probably not what was
/// meant: the key path and the message.
pub type Warning = (String, String);

/// Warnings about the measures: a measure that starts before the horizon
/// (it acts from the start), and two set effects of the same kind active
/// on the same day (the later-listed one is in force, MODEL §8).
pub(crate) fn warnings(measures: &[Measure], start: Date, end: Date) -> Vec<Warning> {
    let mut out = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        if m.start < start {
            out.push((
                format!("measures[{i}].start"),
                format!(
                    "\"{}\" starts on {}, before the horizon ({start}); it acts from {start}, \
                     with its ramp counted from {} (MODEL §14)",
                    m.name, m.start, m.start
                ),
            ));
        }
    }
    let window = |m: &Measure| (m.start.max(start), m.end.unwrap_or(end).min(end));
    for (i, a) in measures.iter().enumerate() {
        for (j, b) in measures.iter().enumerate().skip(i) {
            let (a0, a1) = window(a);
            let (b0, b1) = window(b);
            let from = a0.max(b0);
            if from > a1.min(b1) {
                continue;
            }
            for (ea, x) in a.effects.iter().enumerate() {
                for (eb, y) in b.effects.iter().enumerate() {
                    if (i, ea) >= (j, eb) {
                        continue;
                    }
                    let same = match (x, y) {
                        (Effect::Policy { .. }, Effect::Policy { .. }) => false,
                        _ => x.sets().is_some() && x.sets() == y.sets(),
                    };
                    if same {
                        out.push((
                            format!("measures[{j}].effects[{eb}]"),
                            format!(
                                "\"{}\" and \"{}\" both set `{}` from {from}; from then on the later-listed \
                                 one (\"{}\") is in force, interpolated from the value the earlier one \
                                 sets (MODEL §8). If that is not meant, let their dates not overlap",
                                a.name,
                                b.name,
                                x.name(),
                                b.name
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}
