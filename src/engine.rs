//! One replication: the daily loop of the case pathway (MODEL §4) and the
//! daily allocation of capacity (MODEL §7).
//!
//! [`Model`] is compiled once per run (the [`Plan`] of what is in force each
//! day, the samplers, the windows to measure) and shared by every
//! replication. [`simulate`] runs one
//! replication from its own random streams and returns what the metrics need:
//! the daily series of the horizon and the record of every case.

mod allocate;
mod sink;
mod state;

use crate::error::Error;
use crate::metrics::Period;
use crate::plan::Plan;
pub(crate) use crate::sampling::{Sampler, StageSamplers};
use crate::scenario::Scenario;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

pub use sink::{DayEnd, Event, OpenWork, Sink, Unfinished};
pub use state::{CaseKind, CaseRecord, ContactRecord, Route};

/// Names of the daily series, in the order of [`DaySample`].
pub const SERIES: [&str; 26] = [
    "backlog",
    "backlog_triage",
    "backlog_service",
    "wip_triage",
    "wip_service",
    "overdue",
    "at_risk",
    "monitoring_caseload",
    "advice_open",
    "open_cases",
    "employed_fte",
    "present_fte",
    "sick_fte",
    "onboarding_fte",
    "vacancy_fte",
    "budget_fte",
    "on_notice_fte",
    "hours_available",
    "hours_crisis",
    "hours_advice",
    "hours_triage",
    "hours_service",
    "hours_monitoring",
    "overtime_hours",
    "pressure",
    "temporary_fte",
];

/// Index of a daily series in [`DaySample`].
#[allow(missing_docs)]
pub mod series {
    pub const BACKLOG: usize = 0;
    pub const BACKLOG_TRIAGE: usize = 1;
    pub const BACKLOG_SERVICE: usize = 2;
    pub const WIP_TRIAGE: usize = 3;
    pub const WIP_SERVICE: usize = 4;
    pub const OVERDUE: usize = 5;
    pub const AT_RISK: usize = 6;
    pub const MONITORING: usize = 7;
    pub const ADVICE_OPEN: usize = 8;
    pub const OPEN_CASES: usize = 9;
    pub const EMPLOYED_FTE: usize = 10;
    pub const PRESENT_FTE: usize = 11;
    pub const SICK_FTE: usize = 12;
    pub const ONBOARDING_FTE: usize = 13;
    pub const VACANCY_FTE: usize = 14;
    pub const BUDGET_FTE: usize = 15;
    pub const ON_NOTICE_FTE: usize = 16;
    pub const HOURS_AVAILABLE: usize = 17;
    pub const HOURS_CRISIS: usize = 18;
    pub const HOURS_ADVICE: usize = 19;
    pub const HOURS_TRIAGE: usize = 20;
    pub const HOURS_SERVICE: usize = 21;
    pub const HOURS_MONITORING: usize = 22;
    pub const OVERTIME: usize = 23;
    pub const PRESSURE: usize = 24;
    pub const TEMPORARY_FTE: usize = 25;
}

/// The state at the end of one day, one value per entry of [`SERIES`].
pub type DaySample = [f64; SERIES.len()];

/// Counts that must balance every day (MODEL §12, conservation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Meldingen received so far (initial state included).
    pub arrived: u64,
    /// Meldingen closed so far.
    pub closed: u64,
    /// Meldingen open, counted from the queues.
    pub open: u64,
}

/// What one replication produces.
#[derive(Debug, Clone)]
pub struct Replication {
    /// Replication index.
    pub index: u64,
    /// Daily state for every day of the horizon `start..=end`.
    pub days: Vec<DaySample>,
    /// Conservation ledger for every day of the horizon.
    pub ledger: Vec<Ledger>,
    /// Every melding of the run (warm-up and initial state included).
    pub cases: Vec<CaseRecord>,
    /// Every monitoring contact released or scheduled.
    pub contacts: Vec<ContactRecord>,
    /// Adviezen received per day of the horizon.
    pub advice_in: Vec<u32>,
    /// Adviezen completed per day of the horizon.
    pub advice_done: Vec<u32>,
    /// The workforce of every day of the horizon.
    pub workforce: Vec<crate::workforce::WorkforceDay>,
}

/// What one run simulates and measures, shared by all replications: the
/// [`Plan`] (every parameter in force on every day), the samplers of the case
/// attributes, and the windows the collectors measure. It holds no scenario:
/// the engine reads every parameter from the plan.
#[derive(Debug, Clone)]
pub struct Model {
    /// The scenario compiled onto the calendar.
    pub plan: Plan,
    /// The windows KPIs are computed over (see [`crate::metrics::windows`]).
    pub windows: Vec<Period>,
    /// Which windows contain each day, for the collectors.
    pub(crate) window_index: crate::metrics::WindowIndex,
    pub(crate) advice: StageSamplers,
    pub(crate) triage: StageSamplers,
    pub(crate) vv: StageSamplers,
    pub(crate) onderzoek: StageSamplers,
    pub(crate) monitoring: StageSamplers,
    pub(crate) crisis_hours: Sampler,
    pub(crate) returned_hours: Sampler,
}

impl Model {
    /// Compiles a validated scenario: its plan, samplers and windows.
    pub fn new(scenario: &Scenario) -> Result<Model, Error> {
        let s = scenario;
        let plan = Plan::new(s)?;
        let windows = crate::metrics::windows(&plan, &s.reporting, &s.observations);
        let st = &s.stages;
        let stage = |name: &str, stage: &crate::scenario::Stage| -> Result<StageSamplers, Error> {
            Ok(StageSamplers {
                hours: Sampler::new(&stage.hours, &format!("stages.{name}.hours"))?,
                min_days: Sampler::new(&stage.min_days, &format!("stages.{name}.min_days"))?,
                cap: stage.max_hours_per_day,
            })
        };
        let window_index = crate::metrics::WindowIndex::new(&windows, plan.start, plan.end);
        Ok(Model {
            plan,
            windows,
            window_index,
            advice: StageSamplers {
                hours: Sampler::new(&st.advice.hours, "stages.advice.hours")?,
                min_days: Sampler::new(&st.advice.min_days, "stages.advice.min_days")?,
                cap: f64::INFINITY,
            },
            triage: stage("triage", &st.triage)?,
            vv: stage("vv", &st.vv)?,
            onderzoek: stage("onderzoek", &st.onderzoek)?,
            monitoring: stage("monitoring", &st.monitoring)?,
            crisis_hours: Sampler::new(&st.crisis.hours, "stages.crisis.hours")?,
            returned_hours: Sampler::new(&st.returned.hours, "stages.returned.hours")?,
        })
    }

    /// Number of days in the horizon.
    pub fn horizon_days(&self) -> usize {
        self.plan.horizon_days()
    }
}

/// The random streams of one replication (MODEL §9).
///
/// Arrivals are keyed by day: on each day the count and the attribute
/// streams of meldingen and adviezen are positioned at a block derived from
/// the date alone, the count is drawn by inversion of one uniform (after the
/// gamma draw of an over-dispersed stream), and the day's arrivals draw their
/// attributes in turn from the day's attribute stream. A scenario with a
/// lower rate on a day therefore sees a prefix of the same arrivals with the
/// same attributes, and nothing on one day depends on another.
pub(crate) struct Streams {
    /// Case attributes of the meldingen of the current day.
    pub(crate) meldingen: ChaCha8Rng,
    /// Attributes of the adviezen of the current day.
    pub(crate) adviezen: ChaCha8Rng,
    /// The daily count of meldingen.
    pub(crate) meldingen_count: ChaCha8Rng,
    /// The daily count of adviezen.
    pub(crate) adviezen_count: ChaCha8Rng,
    /// Attributes of the cases of the initial state.
    pub(crate) initial: ChaCha8Rng,
    /// Sickness absence.
    pub(crate) absence: ChaCha8Rng,
    /// Turnover and recruitment.
    pub(crate) turnover: ChaCha8Rng,
    /// Everything else (the ages of the initial state).
    pub(crate) other: ChaCha8Rng,
}

/// Number of stream slots reserved per replication: meldingen and adviezen
/// attributes (0, 1), absence (2), turnover and recruitment (3), other (4),
/// meldingen and adviezen counts (5, 6), initial-state attributes (7).
const STREAMS_PER_REPLICATION: u64 = 8;

/// ChaCha blocks (of 16 words) reserved for one day of a day-keyed stream:
/// 2^24 blocks, far more than any day draws.
const DAY_BLOCK_BITS: u32 = 24;

impl Streams {
    /// The streams of replication `rep` under master seed `seed`: one ChaCha8
    /// key per seed, a distinct stream number per (replication, purpose), so
    /// no two streams overlap and no replication depends on another.
    pub(crate) fn new(seed: u64, rep: u64) -> Streams {
        let make = |k: u64| {
            let mut r = ChaCha8Rng::seed_from_u64(seed);
            r.set_stream(rep.wrapping_mul(STREAMS_PER_REPLICATION) + k);
            r
        };
        Streams {
            meldingen: make(0),
            adviezen: make(1),
            absence: make(2),
            turnover: make(3),
            other: make(4),
            meldingen_count: make(5),
            adviezen_count: make(6),
            initial: make(7),
        }
    }

    /// Positions the day-keyed streams at the day with date serial `serial`
    /// (days since 1970-01-01).
    pub(crate) fn enter_day(&mut self, serial: i64) {
        let block = (serial as u64).wrapping_shl(DAY_BLOCK_BITS);
        for r in [
            &mut self.meldingen,
            &mut self.adviezen,
            &mut self.meldingen_count,
            &mut self.adviezen_count,
        ] {
            r.set_block_pos(block);
        }
    }
}

/// Runs replication `rep` of `model` under master seed `seed`, reporting to
/// `sink` (see [`Sink`]): nothing of the replication is kept but what the
/// sink keeps.
pub fn simulate_into(model: &Model, seed: u64, rep: u64, sink: &mut dyn Sink) {
    Simulator::new(model).run(seed, rep, sink);
}

/// Runs one model's replications one after another, reusing the state's
/// allocations (queues, case records) from one replication to the next: one
/// per worker thread. A replication's result does not depend on what the
/// simulator ran before.
pub struct Simulator<'m> {
    model: &'m Model,
    state: Option<state::State<'m>>,
}

impl<'m> Simulator<'m> {
    /// A simulator of `model`'s replications.
    pub fn new(model: &'m Model) -> Simulator<'m> {
        Simulator { model, state: None }
    }

    /// Runs replication `rep` under master seed `seed`, reporting to `sink`.
    pub fn run(&mut self, seed: u64, rep: u64, sink: &mut dyn Sink) {
        self.state(seed, rep).run(sink);
    }

    /// Runs replication `rep` as [`Simulator::run`] does, but stops once
    /// `deadline` has passed; returns the share of the days simulated (1
    /// when it finished). For timing a pilot replication: the sink of a
    /// replication stopped early has not seen its end.
    pub fn run_until(
        &mut self,
        seed: u64,
        rep: u64,
        sink: &mut dyn Sink,
        deadline: std::time::Instant,
    ) -> f64 {
        self.state(seed, rep).run_until(sink, Some(deadline))
    }

    fn state(&mut self, seed: u64, rep: u64) -> &mut state::State<'m> {
        let streams = Streams::new(seed, rep);
        let st = match self.state.take() {
            Some(mut st) => {
                st.reset(streams);
                st
            }
            None => state::State::new(self.model, streams),
        };
        self.state.insert(st)
    }
}

/// The sink behind [`simulate`]: keeps every day of the horizon.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub(crate) days: Vec<DaySample>,
    pub(crate) ledger: Vec<Ledger>,
    pub(crate) advice_in: Vec<u32>,
    pub(crate) advice_done: Vec<u32>,
    pub(crate) workforce: Vec<crate::workforce::WorkforceDay>,
}

impl Sink for Recorder {
    fn events(&mut self, _day: crate::calendar::Day, _events: &[Event]) {}

    fn day_end(&mut self, end: &DayEnd<'_>) {
        self.days.push(*end.sample);
        self.ledger.push(end.ledger);
        self.advice_in.push(end.advice_in);
        self.advice_done.push(end.advice_done);
        self.workforce.push(*end.staff);
    }
}

/// Runs replication `rep` of `model` under master seed `seed` and keeps its
/// whole record: every day, every case and every contact. For tests and
/// diagnostics; a Monte Carlo run measures through [`simulate_into`] and a
/// collector instead.
pub fn simulate(model: &Model, seed: u64, rep: u64) -> Replication {
    let mut st = state::State::new(model, Streams::new(seed, rep));
    let mut rec = Recorder::default();
    st.run(&mut rec);
    st.into_replication(rep, rec)
}

#[cfg(test)]
mod tests;
