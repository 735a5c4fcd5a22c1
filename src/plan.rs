//! The scenario compiled onto the calendar: what is in force on each day.
//!
//! A [`Plan`] is built once per run from a validated scenario and is the only
//! place the engine and the workforce read parameters from. Every parameter
//! that can change over time is a schedule with `at(day)`:
//!
//! - [`Schedule`] for numbers: steps, or one value per day where a value
//!   changes gradually (a linear ramp is evaluated day by day);
//! - [`Steps`] for values that only change in steps (policy, legal terms,
//!   absence targets, the recruitment distribution).
//!
//! Two rules about dates live here and nowhere else:
//!
//! - **the warm-up** (MODEL §2, §10): the days before `start` run with the
//!   parameters in force at `start`, and arrivals with the start year's
//!   volume ([`volume_year`]);
//! - **dates before the first simulated day** act from it ([`Plan::clamp`]).
//!
//! The scenario's dated changes (`workforce.budget_changes`,
//! `workforce.absence.changes`, `workforce.turnover.changes`) compile into
//! these schedules; they are the first measures.

pub mod measures;

pub use measures::MeasureCost;

use crate::calendar::{Calendar, Day};
use crate::error::Error;
use crate::inflow::Rates;
use crate::sampling::{Sampler, Spell};
use crate::scenario::{
    Initial, PolicyKind, Scenario, Shares, StaffGroup, TriageOrder, WorkClass, Workforce,
};

/// A number in force per day: steps, or a value per day.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// Piecewise constant: `(from, value)`, sorted by day, the first entry
    /// in force on every day before its own as well.
    Steps(Vec<(Day, f64)>),
    /// One value per day from `first`; days before take the first value,
    /// days after the last.
    Daily {
        /// Day of `values[0]`.
        first: Day,
        /// The values.
        values: Vec<f64>,
    },
}

impl Schedule {
    /// The same value on every day.
    pub fn constant(v: f64) -> Schedule {
        Schedule::Steps(vec![(Day::MIN, v)])
    }

    /// `initial`, then each `(from, value)` from its day on (a later entry
    /// for the same day wins).
    pub fn steps(initial: f64, changes: impl IntoIterator<Item = (Day, f64)>) -> Schedule {
        Schedule::Steps(steps_from(initial, changes))
    }

    /// One value per day of `first..=last` from `f`, stored as steps when
    /// the values are piecewise constant.
    pub fn from_days(first: Day, last: Day, f: impl Fn(Day) -> f64) -> Schedule {
        let values: Vec<f64> = (first..=last).map(f).collect();
        let changes = values.windows(2).filter(|w| w[0] != w[1]).count();
        if changes <= 8 || values.is_empty() {
            let mut steps = vec![(Day::MIN, values.first().copied().unwrap_or(0.0))];
            for (i, w) in values.windows(2).enumerate() {
                if w[0] != w[1] {
                    steps.push((first + i as Day + 1, w[1]));
                }
            }
            Schedule::Steps(steps)
        } else {
            Schedule::Daily { first, values }
        }
    }

    /// The value on day `d`.
    #[inline]
    pub fn at(&self, d: Day) -> f64 {
        match self {
            Schedule::Steps(s) => {
                if s.len() == 1 {
                    return s[0].1;
                }
                let i = s.partition_point(|(from, _)| *from <= d);
                s[i.saturating_sub(1)].1
            }
            Schedule::Daily { first, values } => {
                let i = (d - first).clamp(0, values.len() as Day - 1);
                values[i as usize]
            }
        }
    }
}

/// Sorted steps: the initial value from `Day::MIN`, then the changes in
/// order of day, a later-listed change winning on the same day.
fn steps_from<T>(initial: T, changes: impl IntoIterator<Item = (Day, T)>) -> Vec<(Day, T)> {
    let mut v: Vec<(Day, T)> = changes.into_iter().collect();
    // Stable: on the same day the later-listed change comes last and wins.
    v.sort_by_key(|c| c.0);
    let mut out = vec![(Day::MIN, initial)];
    for (from, value) in v {
        match out.last_mut() {
            Some(last) if last.0 == from => last.1 = value,
            _ => out.push((from, value)),
        }
    }
    out
}

/// A value that changes only in steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps<T> {
    /// `(from, value)`, sorted by day; the first is in force before its day too.
    pub steps: Vec<(Day, T)>,
}

impl<T> Steps<T> {
    /// The same value on every day.
    pub fn constant(v: T) -> Steps<T> {
        Steps {
            steps: vec![(Day::MIN, v)],
        }
    }

    /// `initial`, then each change from its day on.
    pub fn new(initial: T, changes: impl IntoIterator<Item = (Day, T)>) -> Steps<T> {
        Steps {
            steps: steps_from(initial, changes),
        }
    }

    /// The value in force on day `d`.
    #[inline]
    pub fn at(&self, d: Day) -> &T {
        let s = &self.steps;
        if s.len() == 1 {
            return &s[0].1;
        }
        let i = s.partition_point(|(from, _)| *from <= d);
        &s[i.saturating_sub(1)].1
    }

    /// The value of a step that takes effect on day `d`, if one does.
    pub fn starting_on(&self, d: Day) -> Option<&T> {
        let s = &self.steps;
        let i = s.partition_point(|(from, _)| *from < d);
        s.get(i).filter(|(from, _)| *from == d).map(|(_, v)| v)
    }
}

/// The allocation policy in force (MODEL §7).
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyInForce {
    /// Kind of policy.
    pub kind: PolicyKind,
    /// Order of the work classes.
    pub order: Vec<WorkClass>,
    /// Explicit shares of H′ (`shares` policy).
    pub shares: Shares,
    /// Order in which triage items are taken.
    pub triage_order: TriageOrder,
    /// Escalation window in working days, if escalation is on.
    pub urgent_first_days: Option<u32>,
}

impl PolicyInForce {
    /// Whether triage items are taken newest first.
    pub fn newest_first(&self) -> bool {
        self.triage_order == TriageOrder::NewestFirst
    }
}

/// The absence targets in force (MODEL §6).
#[derive(Debug, Clone)]
pub struct AbsenceTargets {
    /// Target absence rate a.
    pub rate: f64,
    /// Spells per person-year f.
    pub spells_per_year: f64,
    /// Onset hazard per year while healthy: f / (1 − a).
    pub hazard: f64,
    /// The long spell component, its mean solved from a and f.
    pub(crate) long: Spell,
    /// Mean of the long component.
    pub long_mean: f64,
}

/// The initial staff (MODEL §6, §10).
#[derive(Debug, Clone, PartialEq)]
pub enum InitialStaff {
    /// A total FTE, split into people of about the contract size.
    Total(f64),
    /// Explicit groups.
    Groups(Vec<StaffGroup>),
}

/// The workforce part of the plan (MODEL §6).
#[derive(Debug, Clone)]
pub struct WorkforcePlan {
    /// Contract hours per FTE per working day.
    pub hours_per_fte_day: f64,
    /// Indirect-time fraction.
    pub indirect: Schedule,
    /// Overtime share on top of contract hours.
    pub overtime: Schedule,
    /// Temporary staff (measures): FTE × productivity at work, outside the
    /// budget, without absence, turnover or onboarding.
    pub temporary: Schedule,
    /// Holiday leave fraction per month (January first).
    pub leave: [f64; 12],
    /// The budget (formatie): steps, of which the first is the initial budget.
    pub budget: Steps<f64>,
    /// Absence targets.
    pub absence: Steps<AbsenceTargets>,
    /// Short and medium spell components.
    pub(crate) short: Spell,
    pub(crate) medium: Spell,
    /// Shares of the short, medium and long components.
    pub shares: [f64; 3],
    /// Means of the short and medium components.
    pub means: [f64; 2],
    /// Workload feedback β and its pressure threshold.
    pub feedback: f64,
    /// Pressure above which the feedback acts.
    pub feedback_threshold: f64,
    /// Resignation hazard per person-year.
    pub turnover: Schedule,
    /// Notice period in days.
    pub notice_days: Day,
    /// Whether leavers are replaced.
    pub replace: bool,
    /// Recruitment lead time.
    pub(crate) recruitment: Steps<Sampler>,
    /// Typical contract FTE.
    pub contract_fte: f64,
    /// Productivity of a new hire on day one.
    pub p0: f64,
    /// Days to full productivity.
    pub onboarding_days: Day,
    /// Mentor hours per onboarding member per working day.
    pub mentor_per_day: f64,
    /// The staff on the first simulated day.
    pub staff: InitialStaff,
    /// Their FTE (`scenario::Workforce::initial_staff_fte`).
    pub staff_fte: f64,
}

impl WorkforcePlan {
    /// Compiles the workforce section for a run whose first simulated day is
    /// `first` and whose horizon starts on `start`.
    pub fn new(cfg: &Workforce, cal: &Calendar, first: Day, start: Day) -> WorkforcePlan {
        let a = &cfg.absence;
        let targets = |rate: f64, f: f64| absence_targets(a, rate, f);
        // A change without spells_per_year keeps the one of the change
        // before it in date order.
        let mut by_date: Vec<_> = a.changes.iter().collect();
        by_date.sort_by_key(|c| c.from);
        let mut f = a.spells_per_year;
        let mut absence_changes = Vec::new();
        for c in by_date {
            f = c.spells_per_year.unwrap_or(f);
            absence_changes.push((c.from, targets(c.rate, f)));
        }
        let turnover = Schedule::Steps(steps_from(
            cfg.turnover.rate,
            in_force_from(
                cal,
                first,
                start,
                cfg.turnover
                    .changes
                    .iter()
                    .map(|c| (c.from, c.rate))
                    .collect(),
            ),
        ));
        let budget = Steps::new(
            cfg.initial_budget(),
            in_force_from(
                cal,
                first,
                start,
                cfg.budget_changes.iter().map(|c| (c.from, c.fte)).collect(),
            ),
        );
        let mut leave = [0.0; 12];
        for (l, v) in leave.iter_mut().zip(&cfg.leave) {
            *l = *v;
        }
        WorkforcePlan {
            hours_per_fte_day: cfg.hours_per_fte_day,
            indirect: Schedule::constant(cfg.indirect),
            overtime: Schedule::constant(cfg.overtime),
            temporary: Schedule::constant(0.0),
            leave,
            budget,
            absence: Steps::new(
                targets(a.rate, a.spells_per_year),
                in_force_from(cal, first, start, absence_changes),
            ),
            short: Spell::new(a.short.mean, a.short.cv),
            medium: Spell::new(a.medium.mean, a.medium.cv),
            shares: [a.short.share, a.medium.share, a.long.share],
            means: [a.short.mean, a.medium.mean],
            feedback: a.feedback,
            feedback_threshold: a.feedback_threshold,
            turnover,
            notice_days: cfg.turnover.notice_days as Day,
            replace: cfg.turnover.replace,
            recruitment: Steps::constant(Sampler::lognormal(
                cfg.recruitment.mean_days,
                cfg.recruitment.cv,
            )),
            contract_fte: cfg.contract_fte,
            p0: cfg.onboarding.p0,
            onboarding_days: cfg.onboarding.days as Day,
            mentor_per_day: cfg.onboarding.mentor_hours_per_week / 5.0,
            staff: if cfg.groups.is_empty() {
                InitialStaff::Total(cfg.initial_staff_fte())
            } else {
                InitialStaff::Groups(cfg.groups.clone())
            },
            staff_fte: cfg.initial_staff_fte(),
        }
    }

    /// The budget on the first simulated day.
    pub fn initial_budget(&self) -> f64 {
        self.budget.steps[0].1
    }

    /// The largest budget of any step.
    pub fn max_budget(&self) -> f64 {
        self.budget.steps.iter().map(|s| s.1).fold(0.0, f64::max)
    }
}

/// The absence targets for rate `rate` and `f` spells per person-year, the
/// long component's mean solved from them (MODEL §6).
pub(crate) fn absence_targets(a: &crate::scenario::Absence, rate: f64, f: f64) -> AbsenceTargets {
    let long_mean = a.long_mean(rate, f).unwrap_or(a.medium.mean);
    AbsenceTargets {
        rate,
        spells_per_year: f,
        hazard: if rate > 0.0 { f / (1.0 - rate) } else { 0.0 },
        long: Spell::new(long_mean, a.long.cv),
        long_mean,
    }
}

/// The days from which dated changes of the scenario are in force, sorted by
/// date (list order kept on the same date). The warm-up runs with the values
/// in force at `start` (MODEL §2, §10): a change dated on or before `start`
/// is in force from the first simulated day on (its day becomes `Day::MIN`,
/// merging into the initial value); a later change acts from its own day.
fn in_force_from<T>(
    cal: &Calendar,
    first: Day,
    start: Day,
    mut changes: Vec<(jiff::civil::Date, T)>,
) -> Vec<(Day, T)> {
    changes.sort_by_key(|c| c.0);
    changes
        .into_iter()
        .map(|(date, v)| {
            let d = clamp_date(cal, first, date);
            (if d <= start { Day::MIN } else { d }, v)
        })
        .collect()
}

/// The day of `date` on `cal`, a date before `first` acting from `first`
/// and a date after the calendar never.
fn clamp_date(cal: &Calendar, first: Day, date: jiff::civil::Date) -> Day {
    match cal.day_of(date) {
        Ok(x) => x.max(first),
        Err(_) if date < cal.date(0) => first,
        Err(_) => Day::MAX / 2,
    }
}

/// Stages whose hours can be scaled, in the order of [`Plan::hours_scale`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageKind {
    /// An advies.
    Advice = 0,
    /// Triage (safety assessment).
    Triage = 1,
    /// Voorwaarden & Vervolg.
    Vv = 2,
    /// Onderzoek.
    Onderzoek = 3,
    /// A monitoring contact.
    Monitoring = 4,
    /// A crisis intervention.
    Crisis = 5,
    /// A melding returned to the police.
    Returned = 6,
}

/// The route shares in force (MODEL §4); no action takes the rest.
#[derive(Debug, Clone)]
pub struct RoutePlan {
    /// Direct transfer.
    pub direct_transfer: Schedule,
    /// V&V.
    pub vv: Schedule,
    /// Onderzoek.
    pub onderzoek: Schedule,
}

/// The scenario compiled onto the calendar.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Calendar covering the initial state, warm-up, horizon and deadlines after it.
    pub calendar: Calendar,
    /// First simulated day (start of the warm-up).
    pub first: Day,
    /// First day of the horizon.
    pub start: Day,
    /// Last day of the horizon.
    pub end: Day,
    /// Expected meldingen per day.
    pub meldingen: Rates,
    /// Expected adviezen per day.
    pub adviezen: Rates,
    /// Share of meldingen that are crises.
    pub crisis_share: Schedule,
    /// Share returned to the police.
    pub returned_share: Schedule,
    /// Share of the rest screened urgent.
    pub urgent_share: Schedule,
    /// Route shares at triage completion.
    pub routes: RoutePlan,
    /// Probability of monitoring after V&V.
    pub monitoring_after_vv: Schedule,
    /// Probability of monitoring after Onderzoek.
    pub monitoring_after_onderzoek: Schedule,
    /// Monitoring contact offsets after the service closes, in days.
    pub monitoring_offsets: Vec<u32>,
    /// Days a contact may be late before it counts as late.
    pub monitoring_grace_days: u32,
    /// Triage term in working days, by receipt day.
    pub triage_term: Steps<u32>,
    /// Service term in calendar days, by triage completion day.
    pub service_term: Steps<u32>,
    /// Multiplier of each stage's hours, by the day the work enters its
    /// queue, in the order of [`StageKind`].
    pub hours_scale: [Schedule; 7],
    /// Effort: the share of the norm hours spent.
    pub norm_share: Schedule,
    /// Effort: how much the pressure lowers it.
    pub pressure_elasticity: Schedule,
    /// Effort: the floor of the pressure factor.
    pub effort_floor: Schedule,
    /// The allocation policy.
    pub policy: Steps<PolicyInForce>,
    /// Working days before the deadline a case counts as at risk.
    pub at_risk_days: u32,
    /// The initial state, put in place on the first simulated day.
    pub initial: Initial,
    /// The workforce.
    pub workforce: WorkforcePlan,
    /// Backlog transfers (measures): the day and how many of the oldest
    /// waiting meldingen leave, sorted by day.
    pub transfers: Vec<(Day, u32)>,
    /// The cost of each measure that acts in the horizon.
    pub costs: Vec<MeasureCost>,
}

/// Days of calendar kept after the horizon, for deadlines beyond it.
const CALENDAR_TAIL_DAYS: i64 = 1200;

/// The year whose volume arrivals on day `d` use: the start year during the
/// warm-up (MODEL §10), else the day's own year.
pub fn volume_year(cal: &Calendar, start: Day, d: Day) -> i16 {
    cal.year(d.max(start))
}

impl Plan {
    /// Compiles a validated scenario.
    pub fn new(s: &Scenario) -> Result<Plan, Error> {
        let max_age = s
            .initial
            .triage
            .iter()
            .map(|t| t.age_days[1])
            .chain(s.initial.services.iter().map(|t| t.age_days[1]))
            .chain(s.initial.monitoring.iter().map(|t| t.closed_days_ago[1]))
            .max()
            .unwrap_or(0);
        let sim_start = s.sim_start();
        let span = |n: i64| jiff::Span::new().days(n);
        let internal = |e: String| Error::Internal { message: e };
        let cal_first = sim_start
            .checked_sub(span(i64::from(max_age) + 10))
            .map_err(|e| internal(format!("calendar start out of range: {e}")))?;
        let cal_last = s
            .end
            .checked_add(span(CALENDAR_TAIL_DAYS))
            .map_err(|e| internal(format!("calendar end out of range: {e}")))?;
        let calendar =
            Calendar::new(cal_first, cal_last, &s.holidays).map_err(|e| internal(e.to_string()))?;
        let day = |d| calendar.day_of(d).map_err(|e| internal(e.to_string()));
        let first = day(sim_start)?;
        let start = day(s.start)?;
        let end = day(s.end)?;
        let year_of = |d: Day| volume_year(&calendar, start, d);
        let meldingen = Rates::new(
            &s.inflow.meldingen,
            &calendar,
            &s.holidays,
            first,
            end,
            year_of,
        );
        let adviezen = Rates::new(
            &s.inflow.adviezen,
            &calendar,
            &s.holidays,
            first,
            end,
            year_of,
        );
        let p = &s.pathway;
        let c = Schedule::constant;
        let policy = &s.policy;
        let mut plan = Plan {
            meldingen,
            adviezen,
            crisis_share: c(p.crisis_share),
            returned_share: c(p.returned_share),
            urgent_share: c(p.urgent_share),
            routes: RoutePlan {
                direct_transfer: c(p.routes.direct_transfer),
                vv: c(p.routes.vv),
                onderzoek: c(p.routes.onderzoek),
            },
            monitoring_after_vv: c(p.monitoring.after_vv),
            monitoring_after_onderzoek: c(p.monitoring.after_onderzoek),
            monitoring_offsets: p.monitoring.offsets_days.clone(),
            monitoring_grace_days: p.monitoring.grace_days,
            triage_term: Steps::constant(p.triage_term_working_days),
            service_term: Steps::constant(p.service_term_days),
            hours_scale: std::array::from_fn(|_| c(1.0)),
            norm_share: c(s.effort.norm_share),
            pressure_elasticity: c(s.effort.pressure_elasticity),
            effort_floor: c(s.effort.floor),
            policy: Steps::constant(PolicyInForce {
                kind: policy.kind,
                order: policy.classes(),
                shares: policy.shares.clone(),
                triage_order: policy.triage_order,
                urgent_first_days: policy.urgent_first_days,
            }),
            at_risk_days: s.metrics.at_risk_days,
            initial: s.initial.clone(),
            workforce: WorkforcePlan::new(&s.workforce, &calendar, first, start),
            transfers: Vec::new(),
            costs: Vec::new(),
            calendar,
            first,
            start,
            end,
        };
        let a = &s.workforce.absence;
        measures::apply(
            &mut plan,
            &s.measures,
            &|rate, f| absence_targets(a, rate, f),
            s.workforce.recruitment.mean_days,
            s.workforce.recruitment.cv,
        );
        Ok(plan)
    }

    /// The cost of all measures over the days `first..=last`.
    pub fn measure_cost(&self, first: Day, last: Day) -> f64 {
        self.costs.iter().map(|c| c.over(first, last)).sum()
    }

    /// The day of `date`; a date before the first simulated day acts from it.
    pub fn clamp(&self, date: jiff::civil::Date) -> Day {
        clamp_date(&self.calendar, self.first, date)
    }

    /// Number of days in the horizon.
    pub fn horizon_days(&self) -> usize {
        (self.end - self.start + 1) as usize
    }

    /// The effort multiplier for work entering its queue on day `d` at
    /// pressure `pressure` (MODEL §4).
    #[inline]
    pub fn effort(&self, d: Day, pressure: f64) -> f64 {
        let elasticity = self.pressure_elasticity.at(d);
        let factor = if elasticity > 0.0 {
            (1.0 - elasticity * pressure).max(self.effort_floor.at(d))
        } else {
            1.0
        };
        self.norm_share.at(d) * factor
    }

    /// The hours multiplier of `stage` for work entering its queue on day `d`.
    #[inline]
    pub fn hours_scale(&self, stage: StageKind, d: Day) -> f64 {
        self.hours_scale[stage as usize].at(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_hold_from_their_day_and_the_first_before_it() {
        let s = Schedule::steps(1.0, [(10, 2.0), (5, 3.0), (10, 4.0)]);
        assert_eq!(s.at(-100), 1.0);
        assert_eq!(s.at(4), 1.0);
        assert_eq!(s.at(5), 3.0);
        assert_eq!(s.at(9), 3.0);
        // Two changes on the same day: the later-listed one wins.
        assert_eq!(s.at(10), 4.0);
        assert_eq!(s.at(10_000), 4.0);
        let st = Steps::new(1, [(3, 2), (7, 3)]);
        assert_eq!(st.starting_on(3), Some(&2));
        assert_eq!(st.starting_on(4), None);
        assert_eq!(*st.at(6), 2);
    }

    #[test]
    fn daily_values_are_kept_exactly_and_extend_at_both_ends() {
        let f = |d: Day| 1.0 + f64::from(d) / 3.0;
        let s = Schedule::from_days(0, 99, f);
        assert!(matches!(s, Schedule::Daily { .. }));
        for d in 0..100 {
            assert_eq!(s.at(d), f(d));
        }
        assert_eq!(s.at(-5), f(0));
        assert_eq!(s.at(500), f(99));
        // Piecewise constant values compress to steps.
        let g = |d: Day| if d < 50 { 1.0 } else { 2.0 };
        let s = Schedule::from_days(0, 99, g);
        assert!(matches!(s, Schedule::Steps(_)));
        for d in -3..103 {
            assert_eq!(s.at(d), g(d.clamp(0, 99)));
        }
    }

    fn plan(sets: &[&str]) -> Plan {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        Plan::new(&crate::scenario::load(None, &sets).unwrap()).unwrap()
    }

    #[test]
    fn dated_changes_compile_into_schedules() {
        let p = plan(&[
            "start=2025-01-01",
            "end=2026-12-31",
            "warmup_days=30",
            "workforce.budget_changes=[{from=\"2024-12-01\", fte=50.0}, {from=\"2026-03-01\", fte=70.0}]",
            "workforce.turnover.changes=[{from=\"2020-01-01\", rate=0.2}, {from=\"2026-01-01\", rate=0.3}]",
        ]);
        let day = |s: &str| p.calendar.day_of(s.parse().unwrap()).unwrap();
        let w = &p.workforce;
        // Changes dated on or before start are in force during the warm-up
        // and on the first simulated day (MODEL §2): the initial budget.
        assert_eq!(w.initial_budget(), 50.0);
        assert_eq!(*w.budget.at(p.first), 50.0);
        assert_eq!(w.budget.starting_on(p.first), None);
        assert_eq!(*w.budget.at(day("2025-06-01")), 50.0);
        assert_eq!(w.budget.starting_on(day("2026-03-01")), Some(&70.0));
        assert_eq!(w.max_budget(), 70.0);
        assert_eq!(w.turnover.at(p.first), 0.2);
        assert_eq!(w.turnover.at(day("2025-12-31")), 0.2);
        assert_eq!(w.turnover.at(day("2026-01-01")), 0.3);
    }

    #[test]
    fn the_warm_up_runs_with_the_values_in_force_at_start() {
        // Changes dated inside the warm-up, on start and after start.
        let p = plan(&[
            "start=2025-01-01",
            "warmup_days=100",
            "workforce.absence.changes=[{from=\"2025-01-01\", rate=0.10}, {from=\"2024-11-01\", rate=0.12, spells_per_year=2.0}, {from=\"2025-03-01\", rate=0.14}]",
            "workforce.budget_changes=[{from=\"2024-12-01\", fte=60.0}]",
        ]);
        let w = &p.workforce;
        let day = |s: &str| p.calendar.day_of(s.parse().unwrap()).unwrap();
        // In force at start: the 1 January change (the later date), with the
        // spells per year of the change before it.
        for d in [p.first, day("2024-11-15"), p.start] {
            let a = w.absence.at(d);
            assert_eq!((a.rate, a.spells_per_year), (0.10, 2.0), "day {d}");
        }
        assert_eq!(w.absence.at(day("2025-03-01")).rate, 0.14);
        assert_eq!(w.absence.at(day("2025-02-28")).rate, 0.10);
        assert_eq!(w.initial_budget(), 60.0);
    }

    #[test]
    fn the_warm_up_uses_the_start_years_volume() {
        let p = plan(&["start=2025-01-01", "warmup_days=60"]);
        assert_eq!(volume_year(&p.calendar, p.start, p.first), 2025);
        assert_eq!(volume_year(&p.calendar, p.start, p.start), 2025);
        assert_eq!(p.calendar.year(p.first), 2024);
    }
}
