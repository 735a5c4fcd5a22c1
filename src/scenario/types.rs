//! The resolved scenario: every parameter of the model, with its validation.

use crate::calendar::HolidayRules;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A number for a message: plain, or in scientific notation when extreme.
pub(crate) fn num(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A validation failure: the key path and the message.
pub type Invalid = (String, String);

/// A fully resolved scenario (defaults applied, overrides applied).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name, used for the result folder (`out/<name>/`).
    pub name: String,
    /// Human title for reports.
    pub title: String,
    /// Language of reports: `nl` or `en`.
    pub language: Language,
    /// First day of the horizon (inclusive).
    #[serde(with = "date_serde")]
    pub start: Date,
    /// Last day of the horizon (inclusive).
    #[serde(with = "date_serde")]
    pub end: Date,
    /// Days simulated before `start`, excluded from all metrics.
    pub warmup_days: u32,
    /// Public holidays.
    pub holidays: HolidayRules,
    /// Arrival streams.
    pub inflow: Inflow,
    /// Routing shares, legal terms and monitoring.
    pub pathway: Pathway,
    /// Hours, daily caps and elapsed minimums per stage.
    pub stages: Stages,
    /// Effort factor.
    pub effort: Effort,
    /// Staff and productive hours.
    pub workforce: Workforce,
    /// Allocation policy.
    pub policy: Policy,
    /// Metric settings.
    pub metrics: MetricsConfig,
    /// Extra windows over which KPIs are reported.
    pub reporting: Reporting,
    /// Initial state.
    pub initial: Initial,
    /// Observed figures, drawn on charts (MODEL §13).
    pub observations: Vec<Observation>,
    /// Measures: dated changes of the parameters (MODEL §8).
    pub measures: Vec<super::measures::Measure>,
    /// The inputs given as ranges, sorted by path; each one's point value
    /// is in its place above. Not a key of the file: the loader fills it
    /// from the ranges it finds, and [`super::to_toml`] writes them back
    /// in place. Each replication sets these paths to its draws
    /// ([`super::uncertain::with_values`]), so code that changes one of
    /// these values in the struct must also drop its entry here (or change
    /// it through `--set`, which replaces the range).
    #[serde(skip)]
    pub uncertain: Vec<super::uncertain::UncertainInput>,
}

/// Metrics an observation may name: daily series (value on `end`) and
/// within-term shares by completion (over `start..=end`).
pub const OBSERVABLE: [&str; 10] = [
    "backlog",
    "backlog_triage",
    "backlog_service",
    "triage_within_term",
    "vv_within_term",
    "onderzoek_within_term",
    "meldingen_in",
    "adviezen_in",
    "crisis",
    "absence_share",
];

/// An observed figure of the real organisation (MODEL §13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    /// First day of the period observed (the day itself for a stock).
    #[serde(with = "date_serde")]
    pub start: Date,
    /// Last day of the period observed.
    #[serde(with = "date_serde")]
    pub end: Date,
    /// What was observed: one of [`OBSERVABLE`].
    pub metric: String,
    /// The observed value (a share as 0.72, a count as 153).
    pub value: f64,
    /// Where the figure comes from.
    #[serde(default)]
    pub source: String,
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch.
    Nl,
    /// English.
    En,
}

/// The two arrival streams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inflow {
    /// Meldingen (reports).
    pub meldingen: Stream,
    /// Adviezen (advice requests).
    pub adviezen: Stream,
}

/// On which days a stream arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalDays {
    /// Every calendar day.
    AllDays,
    /// Working days only.
    WorkingDays,
}

/// How the daily count of a stream is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalProcess {
    /// Poisson(λ) per day, or negative binomial when `dispersion` is given.
    Poisson,
    /// No randomness: the count of day d is ⌊Λ(d)⌋ − ⌊Λ(d − 1)⌋, with Λ the
    /// cumulative expected count, so arrivals are spread evenly (the
    /// deterministic limit of MODEL §12; a spreadsheet's view of inflow).
    Constant,
}

/// One arrival stream (MODEL §5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stream {
    /// Expected count per calendar year, keyed by year (`2025 = 5220`).
    pub volume: BTreeMap<String, f64>,
    /// Yearly growth rate for years not listed.
    pub growth: f64,
    /// Days on which items arrive.
    pub arrives_on: ArrivalDays,
    /// How daily counts are drawn.
    pub process: ArrivalProcess,
    /// Relative weight of each month (12), normalised per year.
    pub season: Vec<f64>,
    /// Relative weight of each weekday, Monday first (7), normalised per year.
    pub weekday: Vec<f64>,
    /// Negative binomial dispersion `k` per day (variance λ + λ²/k); Poisson when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispersion: Option<f64>,
}

/// Routing shares and terms of the case pathway (MODEL §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    /// Share of meldingen that are crisis cases (served the same day).
    pub crisis_share: f64,
    /// Share of meldingen returned to the police (closed at once).
    pub returned_share: f64,
    /// Share of the other meldingen screened urgent (triaged first).
    pub urgent_share: f64,
    /// Triage term: the deadline is this many working days after receipt.
    pub triage_term_working_days: u32,
    /// Service term: calendar days after triage completion.
    pub service_term_days: u32,
    /// Route shares after triage.
    pub routes: Routes,
    /// Monitoring after a service.
    pub monitoring: Monitoring,
}

/// Route shares after triage; they sum to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routes {
    /// Direct transfer (directe overdracht): closed.
    pub direct_transfer: f64,
    /// Voorwaarden & Vervolg.
    pub vv: f64,
    /// Onderzoek.
    pub onderzoek: f64,
    /// No further action: closed.
    pub no_action: f64,
}

/// Monitoring after a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Probability of monitoring after V&V.
    pub after_vv: f64,
    /// Probability of monitoring after Onderzoek.
    pub after_onderzoek: f64,
    /// Contact offsets in calendar days after the service closes.
    pub offsets_days: Vec<u32>,
    /// A contact is late when done more than this many days after its due day.
    pub grace_days: u32,
}

/// A distribution with a mean (hours or days).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum Dist {
    /// Always the mean.
    Fixed {
        /// The value.
        mean: f64,
    },
    /// Gamma with the given mean and coefficient of variation.
    Gamma {
        /// Mean.
        mean: f64,
        /// Coefficient of variation (sd / mean).
        cv: f64,
    },
    /// Lognormal with the given mean and coefficient of variation.
    Lognormal {
        /// Mean.
        mean: f64,
        /// Coefficient of variation (sd / mean).
        cv: f64,
    },
    /// Exponential with the given mean.
    Exponential {
        /// Mean.
        mean: f64,
    },
}

impl Dist {
    /// The mean of the distribution.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { mean }
            | Dist::Gamma { mean, .. }
            | Dist::Lognormal { mean, .. }
            | Dist::Exponential { mean } => mean,
        }
    }

    fn validate(&self, key: &str, min_mean: f64, allow_exponential: bool) -> Result<(), Invalid> {
        let m = self.mean();
        if !m.is_finite() || m <= min_mean || !(1e-6..=1e9).contains(&m) {
            return Err((
                format!("{key}.mean"),
                format!(
                    "must be a number from 0.000001 to 1000000000, got {}",
                    num(m)
                ),
            ));
        }
        match *self {
            Dist::Gamma { cv, .. } | Dist::Lognormal { cv, .. }
                if !cv.is_finite() || !(MIN_CV..=10.0).contains(&cv) =>
            {
                return Err((
                    format!("{key}.cv"),
                    format!(
                        "must be in [{MIN_CV}, 10], got {}; use dist = \"fixed\" for no spread",
                        num(cv)
                    ),
                ));
            }
            Dist::Exponential { .. } if !allow_exponential => {
                return Err((
                    format!("{key}.dist"),
                    "exponential is not allowed here; use fixed, gamma or lognormal".into(),
                ));
            }
            _ => {}
        }
        Ok(())
    }
}

/// A stage with a daily cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Touch hours per item (norm hours, before the effort factor).
    pub hours: Dist,
    /// Most hours one item can absorb on one working day.
    pub max_hours_per_day: f64,
    /// Fewest working days from start to completion.
    pub min_days: Dist,
}

/// The advice stage: no daily cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdviceStage {
    /// Touch hours per advies.
    pub hours: Dist,
    /// Fewest working days from start to completion.
    pub min_days: Dist,
}

/// A stage that is never queued (crisis, returned to police).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursOnly {
    /// Touch hours per case.
    pub hours: Dist,
}

/// All stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    /// Advies.
    pub advice: AdviceStage,
    /// Triage (veiligheidsbeoordeling).
    pub triage: Stage,
    /// Voorwaarden & Vervolg.
    pub vv: Stage,
    /// Onderzoek.
    pub onderzoek: Stage,
    /// Monitoring (hours per case, split over its contacts).
    pub monitoring: Stage,
    /// Crisis intervention.
    pub crisis: HoursOnly,
    /// Returned to police.
    pub returned: HoursOnly,
}

/// Effort factor (MODEL §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effort {
    /// Share of the norm hours actually spent per item.
    pub norm_share: f64,
    /// γ: reduction of effort per unit of pressure.
    pub pressure_elasticity: f64,
    /// Lowest pressure multiplier.
    pub floor: f64,
}

/// A group of identical staff members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffGroup {
    /// Number of people.
    pub count: u32,
    /// Contract FTE of each.
    pub fte: f64,
    /// Calendar days employed at the first simulated day (for the onboarding ramp).
    #[serde(default = "onboarded")]
    pub tenure_days: u32,
}

fn onboarded() -> u32 {
    10_000
}

/// Staff and productive hours (MODEL §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workforce {
    /// Total FTE of the initial staff (when no groups are given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte: Option<f64>,
    /// Typical contract size in FTE.
    pub contract_fte: f64,
    /// Contract hours per FTE per working day (36 h / 5).
    pub hours_per_fte_day: f64,
    /// Indirect time as a fraction of contract time.
    pub indirect: f64,
    /// Holiday leave per month as a fraction of contract time (12 values).
    pub leave: Vec<f64>,
    /// Overtime as a fraction on top of contract time.
    pub overtime: f64,
    /// Explicit staff groups; when given, they replace `fte`.
    pub groups: Vec<StaffGroup>,
    /// Budget (formatie) in FTE at the start; the initial staff when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// Part of the budget vacant on day 0 (the initial staff is the rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_vacancies_fte: Option<f64>,
    /// Steps in the budget.
    pub budget_changes: Vec<BudgetChange>,
    /// Sickness absence.
    pub absence: Absence,
    /// Resignations.
    pub turnover: Turnover,
    /// Filling vacancies.
    pub recruitment: Recruitment,
    /// The ramp of new hires.
    pub onboarding: Onboarding,
}

impl Workforce {
    /// FTE of the initial staff: the groups' total, else `fte` less initial vacancies.
    pub fn initial_staff_fte(&self) -> f64 {
        if self.groups.is_empty() {
            self.fte.unwrap_or(0.0) - self.initial_vacancies_fte.unwrap_or(0.0)
        } else {
            self.groups.iter().map(|g| f64::from(g.count) * g.fte).sum()
        }
    }

    /// The budget at the start: `budget`, else `fte`, else the groups' total.
    pub fn initial_budget(&self) -> f64 {
        self.budget
            .or(self.fte)
            .unwrap_or_else(|| self.initial_staff_fte())
    }
}

/// A step in the budget (formatie).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetChange {
    /// First day of the new budget.
    #[serde(with = "date_serde")]
    pub from: Date,
    /// The new budget in FTE.
    pub fte: f64,
}

/// One component of the spell-length mixture.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellComponent {
    /// Share of spells.
    pub share: f64,
    /// Mean length in calendar days.
    pub mean: f64,
    /// Coefficient of variation.
    pub cv: f64,
}

/// The long component: its mean is solved from the absence rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongComponent {
    /// Share of spells.
    pub share: f64,
    /// Coefficient of variation.
    pub cv: f64,
}

/// A change of the absence targets from a date on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceChange {
    /// First day of the new targets.
    #[serde(with = "date_serde")]
    pub from: Date,
    /// New absence rate.
    pub rate: f64,
    /// New spell frequency; unchanged when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spells_per_year: Option<f64>,
}

/// Sickness absence as an alternating renewal process (MODEL §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Share of calendar time sick.
    pub rate: f64,
    /// Spells per person per year.
    pub spells_per_year: f64,
    /// Short spells.
    pub short: SpellComponent,
    /// Medium spells.
    pub medium: SpellComponent,
    /// Long spells (mean solved).
    pub long: LongComponent,
    /// β: the hazard is multiplied by 1 + β × max(0, pressure − θ).
    pub feedback: f64,
    /// θ: pressure above which absence rises.
    pub feedback_threshold: f64,
    /// Target changes over time.
    pub changes: Vec<AbsenceChange>,
}

impl Absence {
    /// Mean of the long component that makes the mixture's mean spell length
    /// equal `rate × 365 / spells_per_year`; `None` when absence is off.
    pub fn long_mean(&self, rate: f64, spells_per_year: f64) -> Option<f64> {
        if rate <= 0.0 || spells_per_year <= 0.0 {
            return None;
        }
        let target = rate * 365.0 / spells_per_year;
        Some(
            (target - self.short.share * self.short.mean - self.medium.share * self.medium.mean)
                / self.long.share,
        )
    }

    pub(crate) fn check_targets(&self, key: &str, rate: f64, f: f64) -> Result<(), Invalid> {
        if !rate.is_finite() || !(0.0..0.9).contains(&rate) {
            return Err((
                format!("{key}.rate"),
                format!("must be a share in [0, 0.9), got {rate}"),
            ));
        }
        if !f.is_finite() || f <= 0.0 || f > 20.0 {
            return Err((
                format!("{key}.spells_per_year"),
                format!("must be in (0, 20], got {f}"),
            ));
        }
        if let Some(l) = self.long_mean(rate, f)
            && l < self.medium.mean
        {
            return Err((
                format!("{key}.rate"),
                format!(
                    "absence {rate} with {f} spells a year means spells of {:.1} days on average, \
                     too short for the mixture: the long spells would average {l:.1} days, below \
                     the medium mean {}. Raise the rate, lower spells_per_year, or shorten the \
                     short/medium spells",
                    rate * 365.0 / f,
                    self.medium.mean
                ),
            ));
        }
        Ok(())
    }
}

/// A change of the resignation hazard from a date on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnoverChange {
    /// First day of the new rate.
    #[serde(with = "date_serde")]
    pub from: Date,
    /// New yearly resignation rate.
    pub rate: f64,
}

/// Resignations (MODEL §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turnover {
    /// Resignations per person-year.
    pub rate: f64,
    /// Calendar days worked after resigning.
    pub notice_days: u32,
    /// Open a vacancy when someone resigns (if the budget allows).
    pub replace: bool,
    /// Rate changes over time.
    pub changes: Vec<TurnoverChange>,
}

/// Recruitment lead time (MODEL §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recruitment {
    /// Mean calendar days from opening a vacancy to the new hire's first day.
    pub mean_days: f64,
    /// Coefficient of variation of the lognormal lead time.
    pub cv: f64,
}

/// The productivity ramp of new hires (MODEL §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Onboarding {
    /// Productivity on the first day.
    pub p0: f64,
    /// Calendar days to full productivity.
    pub days: u32,
    /// Mentor hours per week while a new hire onboards.
    pub mentor_hours_per_week: f64,
}

/// A work class of the allocation policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkClass {
    /// Adviezen.
    Advice,
    /// Triage.
    Triage,
    /// V&V and Onderzoek.
    Service,
    /// Monitoring contacts.
    Monitoring,
}

impl WorkClass {
    /// All classes, in their default order.
    pub const ALL: [WorkClass; 4] = [
        WorkClass::Advice,
        WorkClass::Triage,
        WorkClass::Service,
        WorkClass::Monitoring,
    ];

    /// Index 0..4.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lowercase name as in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            WorkClass::Advice => "advice",
            WorkClass::Triage => "triage",
            WorkClass::Service => "service",
            WorkClass::Monitoring => "monitoring",
        }
    }
}

/// Kind of allocation policy (MODEL §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    /// Advice first, then shares in proportion to outstanding work.
    Proportional,
    /// Pure priority in the given order.
    Strict,
    /// Explicit shares per class, then the rest in order.
    Shares,
}

/// Order of new triage items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageOrder {
    /// Oldest receipt first.
    OldestFirst,
    /// Newest receipt first (urgent still ahead of regular).
    NewestFirst,
}

/// Explicit shares per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shares {
    /// Advice.
    pub advice: f64,
    /// Triage.
    pub triage: f64,
    /// Services.
    pub service: f64,
    /// Monitoring.
    pub monitoring: f64,
}

impl Shares {
    /// Share of a class.
    pub fn of(&self, c: WorkClass) -> f64 {
        match c {
            WorkClass::Advice => self.advice,
            WorkClass::Triage => self.triage,
            WorkClass::Service => self.service,
            WorkClass::Monitoring => self.monitoring,
        }
    }
}

/// Allocation policy (MODEL §7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Kind of policy.
    pub kind: PolicyKind,
    /// Class order: all four classes once.
    pub order: Vec<String>,
    /// Shares (used by `shares`).
    pub shares: Shares,
    /// Order of new triage items.
    pub triage_order: TriageOrder,
    /// Escalation near breach: serve items whose latest start is within n working days first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent_first_days: Option<u32>,
}

impl Policy {
    /// The class order, parsed (valid after [`Scenario::validate`]).
    pub fn classes(&self) -> Vec<WorkClass> {
        self.order.iter().filter_map(|s| parse_class(s)).collect()
    }
}

impl Policy {
    /// Checks the policy; on failure returns the key path (under `policy`)
    /// and what is allowed.
    pub fn validate(&self) -> Result<(), Invalid> {
        let pol = self;
        let mut seen = Vec::new();
        for (i, c) in pol.order.iter().enumerate() {
            match parse_class(c) {
                None => {
                    let allowed: Vec<String> = WorkClass::ALL
                        .iter()
                        .map(|c| c.name().to_string())
                        .collect();
                    let hint = super::did_you_mean(c, &allowed)
                        .map(|b| format!(" (did you mean `{b}`?)"))
                        .unwrap_or_default();
                    return Err((
                        format!("policy.order[{i}]"),
                        format!(
                            "unknown class `{c}`{hint}; expected advice, triage, service or monitoring"
                        ),
                    ));
                }
                Some(k) if seen.contains(&k) => {
                    return Err((
                        format!("policy.order[{i}]"),
                        format!("class `{c}` is named twice; name each of the four classes once"),
                    ));
                }
                Some(k) => seen.push(k),
            }
        }
        if seen.len() != 4 {
            return Err((
                "policy.order".into(),
                "name all four classes once: advice, triage, service, monitoring".into(),
            ));
        }
        let mut total = 0.0;
        for c in WorkClass::ALL {
            let v = pol.shares.of(c);
            share(&format!("policy.shares.{}", c.name()), v)?;
            total += v;
        }
        if total > 1.0 + 1e-9 {
            return Err((
                "policy.shares".into(),
                format!("shares must sum to at most 1, got {total}"),
            ));
        }
        if pol.kind == PolicyKind::Shares && total <= 0.0 {
            return Err((
                "policy.shares".into(),
                "policy kind `shares` needs at least one share above 0".into(),
            ));
        }
        if let Some(n) = pol.urgent_first_days
            && n > 60
        {
            return Err((
                "policy.urgent_first_days".into(),
                format!("at most 60 working days, got {n}"),
            ));
        }
        Ok(())
    }
}

fn parse_class(s: &str) -> Option<WorkClass> {
    WorkClass::ALL.into_iter().find(|c| c.name() == s)
}

/// Metric settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// A case is at risk when its deadline is within this many working days.
    pub at_risk_days: u32,
}

/// Extra windows over which every KPI is reported, beside the horizon, the
/// calendar years and the quarters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// Report every calendar month too.
    pub months: bool,
    /// The organisation's own reporting periods (e.g. to end-April and
    /// end-August).
    pub periods: Vec<ReportingPeriod>,
}

/// A named reporting period, `from` … `to` inclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingPeriod {
    /// Name shown in the tables, e.g. `Burap II`.
    pub name: String,
    /// First day.
    #[serde(with = "date_serde")]
    pub from: Date,
    /// Last day.
    #[serde(with = "date_serde")]
    pub to: Date,
}

/// Most characters of a reporting period's name.
pub const MAX_PERIOD_NAME: usize = 40;

/// Initial meldingen waiting for triage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialTriage {
    /// Number of meldingen.
    pub count: u32,
    /// Age range in calendar days at the first simulated day (uniform, inclusive).
    pub age_days: [u32; 2],
}

/// A service route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceRoute {
    /// Voorwaarden & Vervolg.
    Vv,
    /// Onderzoek.
    Onderzoek,
}

/// Initial services, waiting or in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialServices {
    /// V&V or Onderzoek.
    pub route: ServiceRoute,
    /// Number of cases.
    pub count: u32,
    /// Calendar days since triage completed (uniform, inclusive).
    pub age_days: [u32; 2],
    /// Hours already spent; > 0 means in progress (started right after triage).
    #[serde(default)]
    pub hours_spent: f64,
}

/// Initial monitoring caseload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialMonitoring {
    /// Number of cases.
    pub count: u32,
    /// Calendar days since the service closed (uniform, inclusive); contacts
    /// due before the first simulated day count as done.
    pub closed_days_ago: [u32; 2],
    /// Route of the service the monitoring follows.
    #[serde(default = "default_route")]
    pub route: ServiceRoute,
}

fn default_route() -> ServiceRoute {
    ServiceRoute::Vv
}

/// Initial state (MODEL §10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initial {
    /// Meldingen waiting for triage.
    pub triage: Vec<InitialTriage>,
    /// Services waiting or in progress.
    pub services: Vec<InitialServices>,
    /// Monitoring caseload.
    pub monitoring: Vec<InitialMonitoring>,
}

/// First year a horizon may start in.
pub const MIN_YEAR: i16 = 1900;
/// Last year a horizon may end in.
pub const MAX_YEAR: i16 = 2200;
/// Smallest coefficient of variation accepted (below it use `fixed`).
pub const MIN_CV: f64 = 0.001;

/// Longest horizon (start to end) accepted, in days.
pub const MAX_HORIZON_DAYS: i64 = 50 * 366;
/// Largest yearly volume accepted per stream.
pub const MAX_VOLUME: f64 = 10_000_000.0;

fn share(key: &str, v: f64) -> Result<(), Invalid> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err((key.into(), format!("must be a share in [0, 1], got {v}")))
    }
}

fn positive(key: &str, v: f64) -> Result<(), Invalid> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err((
            key.into(),
            format!("must be a finite number above 0, got {v}"),
        ))
    }
}

fn weights(key: &str, w: &[f64], n: usize, what: &str) -> Result<(), Invalid> {
    if w.len() != n {
        return Err((
            key.into(),
            format!("needs {n} weights ({what}), got {}", w.len()),
        ));
    }
    for (i, x) in w.iter().enumerate() {
        if !x.is_finite() || *x < 0.0 {
            return Err((
                format!("{key}[{i}]"),
                format!("a weight must be a finite number ≥ 0, got {x}"),
            ));
        }
    }
    if w.iter().sum::<f64>() <= 0.0 {
        return Err((key.into(), "at least one weight must be above 0".into()));
    }
    Ok(())
}

impl Stream {
    /// Listed years as numbers, in order.
    pub fn years(&self) -> Vec<(i16, f64)> {
        self.volume
            .iter()
            .filter_map(|(k, v)| k.parse::<i16>().ok().map(|y| (y, *v)))
            .collect()
    }

    /// Expected volume of a calendar year (MODEL §5): a listed year's volume,
    /// or the nearest earlier listed year grown by `growth` per year (years
    /// before the first listed one shrink back from it). Zero when none listed.
    pub fn volume_of(&self, year: i16) -> f64 {
        let years = self.years();
        let g = 1.0 + self.growth;
        if let Some(&(y0, v0)) = years.iter().rev().find(|(y, _)| *y <= year) {
            v0 * g.powi(i32::from(year - y0))
        } else if let Some(&(y0, v0)) = years.first() {
            v0 / g.powi(i32::from(y0 - year))
        } else {
            0.0
        }
    }

    fn validate(&self, key: &str, required: bool) -> Result<(), Invalid> {
        if required && self.volume.is_empty() {
            return Err((
                format!("{key}.volume"),
                "required: the expected count per year, e.g. `volume = { 2025 = 5220 }`".into(),
            ));
        }
        for (y, v) in &self.volume {
            let k = format!("{key}.volume.{y}");
            match y.parse::<i16>() {
                Ok(yy) if (1900..=2200).contains(&yy) => {}
                _ => {
                    return Err((
                        k,
                        format!("`{y}` is not a year; keys of a volume table are years 1900–2200"),
                    ));
                }
            }
            if !v.is_finite() || *v < 0.0 || *v > MAX_VOLUME {
                return Err((
                    k,
                    format!("a yearly volume must be a number in [0, {MAX_VOLUME}], got {v}"),
                ));
            }
        }
        if !self.growth.is_finite() || self.growth <= -1.0 || self.growth > 10.0 {
            return Err((
                format!("{key}.growth"),
                format!("must be a yearly rate in (−1, 10], got {}", self.growth),
            ));
        }
        weights(
            &format!("{key}.season"),
            &self.season,
            12,
            "January to December",
        )?;
        weights(
            &format!("{key}.weekday"),
            &self.weekday,
            7,
            "Monday to Sunday",
        )?;
        if self.arrives_on == ArrivalDays::WorkingDays
            && self.weekday[..5].iter().sum::<f64>() <= 0.0
        {
            return Err((
                format!("{key}.weekday"),
                "the stream arrives on working days only, so a weekday weight from Monday to Friday must be above 0".into(),
            ));
        }
        if let Some(k) = self.dispersion {
            if !k.is_finite() || !(0.01..=1e6).contains(&k) {
                return Err((
                    format!("{key}.dispersion"),
                    format!(
                        "k must be in [0.01, 1000000] (variance λ + λ²/k per day), got {}",
                        num(k)
                    ),
                ));
            }
            if self.process == ArrivalProcess::Constant {
                return Err((
                    format!("{key}.dispersion"),
                    "over-dispersion needs random counts: remove it or set process = \"poisson\""
                        .into(),
                ));
            }
        }
        Ok(())
    }
}

impl Scenario {
    /// Reporting periods that lie wholly outside the horizon: valid, but
    /// not reported. `(key path, message)`.
    pub(crate) fn reporting_warnings(&self) -> Vec<(String, String)> {
        self.reporting
            .periods
            .iter()
            .enumerate()
            .filter(|(_, r)| r.to < self.start || r.from > self.end)
            .map(|(i, r)| {
                (
                    format!("reporting.periods[{i}].from"),
                    format!(
                        "\"{}\" ({} … {}) lies outside the horizon {} … {}; it is not reported",
                        r.name.trim(),
                        r.from,
                        r.to,
                        self.start,
                        self.end
                    ),
                )
            })
            .collect()
    }

    /// Checks every value; on failure returns the key path and what is allowed.
    pub fn validate(&self) -> Result<(), Invalid> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 100
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !self.name.starts_with('.');
        if !name_ok {
            return Err((
                "name".into(),
                format!(
                    "`{}` cannot name a result folder; use 1–100 letters, digits, '-', '_' or '.' (not first)",
                    self.name
                ),
            ));
        }
        for (key, d) in [("start", self.start), ("end", self.end)] {
            if !(MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
                return Err((
                    key.into(),
                    format!("{d} is outside the years {MIN_YEAR}–{MAX_YEAR} vtsim simulates"),
                ));
            }
        }
        if self.end < self.start {
            return Err((
                "end".into(),
                format!("end {} lies before start {}", self.end, self.start),
            ));
        }
        let horizon = i64::from((self.end - self.start).get_days()) + 1;
        if horizon > MAX_HORIZON_DAYS {
            return Err((
                "end".into(),
                format!("the horizon is {horizon} days; at most {MAX_HORIZON_DAYS} are allowed"),
            ));
        }
        if self.warmup_days > 3660 {
            return Err((
                "warmup_days".into(),
                format!("at most 3660 days (10 years), got {}", self.warmup_days),
            ));
        }
        self.inflow.meldingen.validate("inflow.meldingen", true)?;
        self.inflow.adviezen.validate("inflow.adviezen", false)?;
        for (key, stream) in [
            ("inflow.meldingen", &self.inflow.meldingen),
            ("inflow.adviezen", &self.inflow.adviezen),
        ] {
            for year in self.start.year()..=self.end.year() {
                let v = stream.volume_of(year);
                if !v.is_finite() || v > MAX_VOLUME {
                    return Err((
                        format!("{key}.growth"),
                        format!(
                            "with growth {} the volume of {year} would be {v:.3e}; at most {MAX_VOLUME} a year",
                            stream.growth
                        ),
                    ));
                }
            }
        }

        let p = &self.pathway;
        share("pathway.crisis_share", p.crisis_share)?;
        share("pathway.returned_share", p.returned_share)?;
        share("pathway.urgent_share", p.urgent_share)?;
        if p.crisis_share + p.returned_share > 1.0 + 1e-9 {
            return Err((
                "pathway.returned_share".into(),
                format!(
                    "crisis_share + returned_share must be at most 1, got {}",
                    p.crisis_share + p.returned_share
                ),
            ));
        }
        if !(1..=60).contains(&p.triage_term_working_days) {
            return Err((
                "pathway.triage_term_working_days".into(),
                format!(
                    "must be 1–60 working days, got {}",
                    p.triage_term_working_days
                ),
            ));
        }
        if !(1..=730).contains(&p.service_term_days) {
            return Err((
                "pathway.service_term_days".into(),
                format!("must be 1–730 days, got {}", p.service_term_days),
            ));
        }
        let r = &p.routes;
        for (k, v) in [
            ("direct_transfer", r.direct_transfer),
            ("vv", r.vv),
            ("onderzoek", r.onderzoek),
            ("no_action", r.no_action),
        ] {
            share(&format!("pathway.routes.{k}"), v)?;
        }
        let sum = r.direct_transfer + r.vv + r.onderzoek + r.no_action;
        if (sum - 1.0).abs() > 1e-6 {
            return Err((
                "pathway.routes".into(),
                format!(
                    "the route shares direct_transfer + vv + onderzoek + no_action must sum to 1, got {sum}"
                ),
            ));
        }
        let m = &p.monitoring;
        share("pathway.monitoring.after_vv", m.after_vv)?;
        share("pathway.monitoring.after_onderzoek", m.after_onderzoek)?;
        if m.offsets_days.is_empty() || m.offsets_days.len() > 20 {
            return Err((
                "pathway.monitoring.offsets_days".into(),
                "give 1–20 contact offsets in days after the service closes, e.g. [90, 180, 365]"
                    .into(),
            ));
        }
        if m.offsets_days.windows(2).any(|w| w[1] <= w[0]) || m.offsets_days[0] == 0 {
            return Err((
                "pathway.monitoring.offsets_days".into(),
                "offsets must be above 0 and strictly increasing".into(),
            ));
        }
        if *m.offsets_days.last().unwrap_or(&0) > 3 * 366 {
            return Err((
                "pathway.monitoring.offsets_days".into(),
                "the last contact may be at most 3 years after the service".into(),
            ));
        }
        if m.grace_days > 365 {
            return Err((
                "pathway.monitoring.grace_days".into(),
                format!("at most 365, got {}", m.grace_days),
            ));
        }

        let s = &self.stages;
        s.advice.hours.validate("stages.advice.hours", 0.0, true)?;
        s.advice
            .min_days
            .validate("stages.advice.min_days", 0.0, false)?;
        for (name, st) in [
            ("triage", &s.triage),
            ("vv", &s.vv),
            ("onderzoek", &s.onderzoek),
            ("monitoring", &s.monitoring),
        ] {
            st.hours
                .validate(&format!("stages.{name}.hours"), 0.0, true)?;
            st.min_days
                .validate(&format!("stages.{name}.min_days"), 0.0, false)?;
            if st.min_days.mean() > 730.0 {
                return Err((
                    format!("stages.{name}.min_days.mean"),
                    "at most 730 working days".into(),
                ));
            }
            positive(
                &format!("stages.{name}.max_hours_per_day"),
                st.max_hours_per_day,
            )?;
            if st.hours.mean() > 10_000.0 {
                return Err((
                    format!("stages.{name}.hours.mean"),
                    "at most 10000 hours per item".into(),
                ));
            }
        }
        s.crisis.hours.validate("stages.crisis.hours", 0.0, true)?;
        s.returned
            .hours
            .validate("stages.returned.hours", 0.0, true)?;

        let e = &self.effort;
        positive("effort.norm_share", e.norm_share)?;
        if e.norm_share > 10.0 {
            return Err((
                "effort.norm_share".into(),
                format!("must be in (0, 10], got {}", e.norm_share),
            ));
        }
        if !e.pressure_elasticity.is_finite() || e.pressure_elasticity < 0.0 {
            return Err((
                "effort.pressure_elasticity".into(),
                format!("must be ≥ 0, got {}", e.pressure_elasticity),
            ));
        }
        share("effort.floor", e.floor)?;
        if e.floor <= 0.0 {
            return Err(("effort.floor".into(), "must be above 0".into()));
        }

        let w = &self.workforce;
        if let Some(f) = w.fte
            && (!f.is_finite() || f <= 0.0 || f > 100_000.0)
        {
            return Err((
                "workforce.fte".into(),
                format!("must be in (0, 100000], got {f}"),
            ));
        }
        if w.groups.is_empty() {
            match w.fte {
                None => {
                    return Err((
                        "workforce.fte".into(),
                        "required: the total FTE of the staff (or give workforce.groups)".into(),
                    ));
                }
                Some(f) if !f.is_finite() || f <= 0.0 || f > 100_000.0 => {
                    return Err((
                        "workforce.fte".into(),
                        format!("must be in (0, 100000], got {f}"),
                    ));
                }
                _ => {}
            }
        }
        if !w.contract_fte.is_finite() || !(0.05..=1.5).contains(&w.contract_fte) {
            return Err((
                "workforce.contract_fte".into(),
                format!("must be in [0.05, 1.5] FTE, got {}", w.contract_fte),
            ));
        }
        // The most people the staff can grow to: the initial staff or budget,
        // or any budget step (dated or a measure's), at `contract_fte` each.
        // The error names the value that asks for the most.
        let mut largest = (
            w.initial_budget().max(w.initial_staff_fte()),
            if w.budget.is_some() {
                "workforce.budget"
            } else {
                "workforce.fte"
            }
            .to_string(),
        );
        for (i, c) in w.budget_changes.iter().enumerate() {
            if c.fte.is_finite() && c.fte > largest.0 {
                largest = (c.fte, format!("workforce.budget_changes[{i}].fte"));
            }
        }
        for (i, m) in self.measures.iter().enumerate() {
            for (j, e) in m.effects.iter().enumerate() {
                if let super::measures::Effect::Budget { fte } = e
                    && fte.is_finite()
                    && *fte > largest.0
                {
                    largest = (*fte, format!("measures[{i}].effects[{j}].fte"));
                }
            }
        }
        let people = largest.0 / w.contract_fte;
        if people > 100_000.0 {
            return Err((
                largest.1.clone(),
                format!(
                    "{} FTE at workforce.contract_fte = {} FTE per person is {people:.0} people; \
                     at most 100000 (raise contract_fte or lower the FTE)",
                    num(largest.0),
                    w.contract_fte
                ),
            ));
        }
        positive("workforce.hours_per_fte_day", w.hours_per_fte_day)?;
        if w.hours_per_fte_day > 24.0 {
            return Err(("workforce.hours_per_fte_day".into(), "at most 24".into()));
        }
        if !w.indirect.is_finite() || !(0.0..1.0).contains(&w.indirect) {
            return Err((
                "workforce.indirect".into(),
                format!("must be a share in [0, 1), got {}", w.indirect),
            ));
        }
        if w.leave.len() != 12 {
            return Err((
                "workforce.leave".into(),
                format!(
                    "needs 12 monthly shares (January to December), got {}",
                    w.leave.len()
                ),
            ));
        }
        for (i, l) in w.leave.iter().enumerate() {
            if !l.is_finite() || !(0.0..1.0).contains(l) {
                return Err((
                    format!("workforce.leave[{i}]"),
                    format!("must be a share in [0, 1), got {l}"),
                ));
            }
        }
        if !w.overtime.is_finite() || !(0.0..=1.0).contains(&w.overtime) {
            return Err((
                "workforce.overtime".into(),
                format!("must be a share in [0, 1], got {}", w.overtime),
            ));
        }
        for (key, v) in [
            ("workforce.budget", w.budget),
            ("workforce.initial_vacancies_fte", w.initial_vacancies_fte),
        ] {
            if let Some(v) = v
                && (!v.is_finite() || !(0.0..=100_000.0).contains(&v))
            {
                return Err((key.into(), format!("must be in [0, 100000] FTE, got {v}")));
            }
        }
        if w.initial_staff_fte() < 0.0 {
            return Err((
                "workforce.initial_vacancies_fte".into(),
                "more vacant FTE than the budget".into(),
            ));
        }
        for (i, c) in w.budget_changes.iter().enumerate() {
            if !c.fte.is_finite() || !(0.0..=100_000.0).contains(&c.fte) {
                return Err((
                    format!("workforce.budget_changes[{i}].fte"),
                    format!("must be in [0, 100000] FTE, got {}", c.fte),
                ));
            }
        }
        let a = &w.absence;
        a.check_targets("workforce.absence", a.rate, a.spells_per_year)?;
        let mut f = a.spells_per_year;
        for (i, c) in a.changes.iter().enumerate() {
            f = c.spells_per_year.unwrap_or(f);
            a.check_targets(&format!("workforce.absence.changes[{i}]"), c.rate, f)?;
        }
        for (name, c) in [("short", a.short), ("medium", a.medium)] {
            share(&format!("workforce.absence.{name}.share"), c.share)?;
            positive(&format!("workforce.absence.{name}.mean"), c.mean)?;
            if !c.cv.is_finite() || !(MIN_CV..=10.0).contains(&c.cv) {
                return Err((
                    format!("workforce.absence.{name}.cv"),
                    format!("must be in [{MIN_CV}, 10], got {}", c.cv),
                ));
            }
        }
        share("workforce.absence.long.share", a.long.share)?;
        positive("workforce.absence.long.share", a.long.share)?;
        if !a.long.cv.is_finite() || !(MIN_CV..=10.0).contains(&a.long.cv) {
            return Err((
                "workforce.absence.long.cv".into(),
                format!("must be in [{MIN_CV}, 10], got {}", a.long.cv),
            ));
        }
        let total = a.short.share + a.medium.share + a.long.share;
        if (total - 1.0).abs() > 1e-6 {
            return Err((
                "workforce.absence".into(),
                format!("the spell shares short + medium + long must sum to 1, got {total}"),
            ));
        }
        if !a.feedback.is_finite() || a.feedback < 0.0 || a.feedback > 100.0 {
            return Err((
                "workforce.absence.feedback".into(),
                format!("β must be in [0, 100], got {}", a.feedback),
            ));
        }
        share("workforce.absence.feedback_threshold", a.feedback_threshold)?;
        let t = &w.turnover;
        for (key, r) in std::iter::once(("workforce.turnover.rate".to_string(), t.rate)).chain(
            t.changes
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("workforce.turnover.changes[{i}].rate"), c.rate)),
        ) {
            if !r.is_finite() || !(0.0..=5.0).contains(&r) {
                return Err((
                    key,
                    format!("resignations per person-year must be in [0, 5], got {r}"),
                ));
            }
        }
        if t.notice_days > 365 {
            return Err((
                "workforce.turnover.notice_days".into(),
                "at most 365".into(),
            ));
        }
        let rc = &w.recruitment;
        positive("workforce.recruitment.mean_days", rc.mean_days)?;
        if rc.mean_days > 3650.0 {
            return Err((
                "workforce.recruitment.mean_days".into(),
                "at most 3650".into(),
            ));
        }
        if !rc.cv.is_finite() || !(MIN_CV..=10.0).contains(&rc.cv) {
            return Err((
                "workforce.recruitment.cv".into(),
                format!("must be in [{MIN_CV}, 10], got {}", rc.cv),
            ));
        }
        let o = &w.onboarding;
        share("workforce.onboarding.p0", o.p0)?;
        if o.days > 3650 {
            return Err(("workforce.onboarding.days".into(), "at most 3650".into()));
        }
        if !o.mentor_hours_per_week.is_finite() || !(0.0..=40.0).contains(&o.mentor_hours_per_week)
        {
            return Err((
                "workforce.onboarding.mentor_hours_per_week".into(),
                format!("must be in [0, 40], got {}", o.mentor_hours_per_week),
            ));
        }
        for (i, g) in w.groups.iter().enumerate() {
            if g.count == 0 || g.count > 100_000 {
                return Err((
                    format!("workforce.groups[{i}].count"),
                    format!("must be 1–100000, got {}", g.count),
                ));
            }
            if !g.fte.is_finite() || g.fte <= 0.0 || g.fte > 1.5 {
                return Err((
                    format!("workforce.groups[{i}].fte"),
                    format!("contract FTE per person must be in (0, 1.5], got {}", g.fte),
                ));
            }
        }

        self.policy.validate()?;
        super::measures::validate(
            &self.measures,
            self.start,
            self.end,
            &self.policy,
            &self.workforce.absence,
        )?;
        if self.metrics.at_risk_days > 60 {
            return Err((
                "metrics.at_risk_days".into(),
                format!("at most 60 working days, got {}", self.metrics.at_risk_days),
            ));
        }
        let mut names: Vec<&str> = Vec::new();
        for (i, r) in self.reporting.periods.iter().enumerate() {
            let key = format!("reporting.periods[{i}]");
            let name = r.name.trim();
            if name.is_empty() || name.chars().count() > MAX_PERIOD_NAME {
                return Err((
                    format!("{key}.name"),
                    format!(
                        "a name of 1 to {MAX_PERIOD_NAME} characters, e.g. \"Burap II\", got \"{}\"",
                        r.name
                    ),
                ));
            }
            if name == "horizon" || crate::metrics::is_calendar_label(name) {
                return Err((
                    format!("{key}.name"),
                    format!(
                        "\"{name}\" is the name of a calendar period vtsim reports anyway (horizon, a year, quarter or month); choose another name"
                    ),
                ));
            }
            if names.contains(&name) {
                return Err((
                    format!("{key}.name"),
                    format!(
                        "the name \"{name}\" is used twice; each reporting period needs its own name"
                    ),
                ));
            }
            names.push(name);
            if r.to < r.from {
                return Err((
                    format!("{key}.to"),
                    format!("to {} lies before from {}", r.to, r.from),
                ));
            }
            // A period wholly outside the horizon is not reported: a
            // warning (`reporting_warnings`), so that a shipped scenario
            // can be run over a shorter horizon with `--set end=…`.
        }
        for (i, o) in self.observations.iter().enumerate() {
            let key = format!("observations[{i}]");
            if !OBSERVABLE.contains(&o.metric.as_str()) {
                let allowed: Vec<String> = OBSERVABLE.iter().map(|s| s.to_string()).collect();
                let hint = super::did_you_mean(&o.metric, &allowed)
                    .map(|b| format!(" (did you mean `{b}`?)"))
                    .unwrap_or_default();
                return Err((
                    format!("{key}.metric"),
                    format!(
                        "unknown metric `{}`{hint}; expected one of {}",
                        o.metric,
                        OBSERVABLE.join(", ")
                    ),
                ));
            }
            if o.end < o.start {
                return Err((
                    format!("{key}.end"),
                    format!("end {} lies before start {}", o.end, o.start),
                ));
            }
            if !o.value.is_finite() || o.value < 0.0 {
                return Err((
                    format!("{key}.value"),
                    format!("must be a finite number ≥ 0, got {}", o.value),
                ));
            }
            if (o.metric.ends_with("within_term") || o.metric.ends_with("share")) && o.value > 1.0 {
                return Err((
                    format!("{key}.value"),
                    format!(
                        "a within-term share is between 0 and 1 (0.72 for 72%), got {}",
                        o.value
                    ),
                ));
            }
        }
        for (i, t) in self.initial.triage.iter().enumerate() {
            age_range(&format!("initial.triage[{i}].age_days"), t.age_days)?;
            if t.count > 1_000_000 {
                return Err((
                    format!("initial.triage[{i}].count"),
                    "at most 1000000".into(),
                ));
            }
        }
        for (i, t) in self.initial.services.iter().enumerate() {
            age_range(&format!("initial.services[{i}].age_days"), t.age_days)?;
            if t.count > 1_000_000 {
                return Err((
                    format!("initial.services[{i}].count"),
                    "at most 1000000".into(),
                ));
            }
            if !t.hours_spent.is_finite() || t.hours_spent < 0.0 {
                return Err((
                    format!("initial.services[{i}].hours_spent"),
                    format!("must be ≥ 0, got {}", t.hours_spent),
                ));
            }
        }
        for (i, t) in self.initial.monitoring.iter().enumerate() {
            age_range(
                &format!("initial.monitoring[{i}].closed_days_ago"),
                t.closed_days_ago,
            )?;
            if t.count > 1_000_000 {
                return Err((
                    format!("initial.monitoring[{i}].count"),
                    "at most 1000000".into(),
                ));
            }
        }
        Ok(())
    }

    /// First simulated day (start minus the warm-up).
    pub fn sim_start(&self) -> Date {
        self.start
            .checked_sub(jiff::Span::new().days(i64::from(self.warmup_days)))
            .unwrap_or(self.start)
    }
}

fn age_range(key: &str, r: [u32; 2]) -> Result<(), Invalid> {
    if r[0] > r[1] {
        return Err((
            key.into(),
            format!("[min, max] with min ≤ max, got [{}, {}]", r[0], r[1]),
        ));
    }
    if r[1] > 3660 {
        return Err((
            key.into(),
            format!("ages above 3660 days are not allowed, got {}", r[1]),
        ));
    }
    Ok(())
}

/// Serde for dates that accepts both TOML dates (`2025-01-01`) and strings.
pub mod date_serde {
    use jiff::civil::Date;
    use serde::{Deserializer, Serializer, de};
    use std::fmt;

    /// Serializes as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    /// Deserializes a TOML date or a `YYYY-MM-DD` string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }

    pub(crate) struct DateVisitor;

    /// Why a text in the form YYYY-MM-DD is not a date: a day or month that
    /// does not exist, or another form.
    fn not_a_date(t: &str) -> String {
        let parts: Vec<&str> = t.split('-').collect();
        if let [ys, ms, ds] = parts.as_slice()
            && ys.len() == 4
            && let (Ok(y), Ok(m), Ok(_)) = (ys.parse::<i16>(), ms.parse::<i8>(), ds.parse::<i8>())
        {
            if !(1..=12).contains(&m) {
                return format!("`{t}` has month {m}; months run from 01 to 12");
            }
            if let Ok(first) = jiff::civil::Date::new(y, m, 1) {
                let days = first.days_in_month();
                return format!(
                    "`{t}` does not exist: {y}-{m:02} has {days} days (write dates as 2025-01-01)"
                );
            }
        }
        format!("`{t}` is not a date; write dates as 2025-01-01")
    }

    impl<'de> de::Visitor<'de> for DateVisitor {
        type Value = Date;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a date like 2025-01-01")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
            let t = v.trim();
            // A plain date only: a time of day would be silently dropped.
            if t.len() != 10 {
                return Err(E::custom(format!(
                    "`{v}` is not a plain date; write dates as 2025-01-01"
                )));
            }
            t.parse::<Date>().map_err(|_| E::custom(not_a_date(t)))
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
            // toml hands a datetime over as a one-entry map.
            let Some((_, v)) = map.next_entry::<String, String>()? else {
                return Err(de::Error::custom("expected a date like 2025-01-01"));
            };
            if v.len() != 10 {
                return Err(de::Error::custom(format!(
                    "`{v}` is not a plain date; write dates as 2025-01-01"
                )));
            }
            self.visit_str(&v)
        }
    }
}

/// Serde for lists of dates (holidays).
pub mod dates_serde {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct D(#[serde(with = "super::date_serde")] Date);

    /// Serializes as strings.
    pub fn serialize<S: Serializer>(v: &[Date], s: S) -> Result<S::Ok, S::Error> {
        v.iter().map(|d| D(*d)).collect::<Vec<_>>().serialize(s)
    }

    /// Deserializes TOML dates or strings.
    pub fn deserialize<'de, De: Deserializer<'de>>(d: De) -> Result<Vec<Date>, De::Error> {
        Ok(Vec::<D>::deserialize(d)?.into_iter().map(|x| x.0).collect())
    }
}
