//! Replications in parallel, aggregated deterministically (MODEL §9, §11).
//!
//! Replication `i` draws only from streams derived from (seed, i), so it is
//! the same whichever thread runs it. Replications run in chunks; each chunk
//! is collected in index order and folded in that order into the aggregates,
//! so the outputs are byte-identical for any thread count. Only the per-
//! replication KPI rows are kept; daily series are folded into bounded
//! histograms (one series per task, replications in index order) and
//! dropped.

use crate::calendar::Day;
use crate::engine::{DayEnd, DaySample, Event, Model, SERIES, Simulator, Sink, Unfinished};
use crate::error::Error;
use crate::metrics::{Collector, KPIS, KpiRows, Period, periods};
use crate::stats::Histogram;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// How many replications, from which seed, on how many threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Number of replications.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Worker threads; 0 = all cores.
    pub threads: usize,
}

/// Replications simulated at once before folding; bounds memory.
const CHUNK: u64 = 64;

/// Largest number of replications accepted.
pub const MAX_RUNS: u64 = 1_000_000;

/// Most worker threads accepted: far more than the cores of any machine the
/// tool runs on; beyond it, starting the threads alone takes longer than a run.
pub const MAX_THREADS: usize = 256;

/// Aggregate of one daily series across replications.
#[derive(Debug, Clone)]
pub struct DailySeries {
    /// Sum per day, folded in replication order.
    pub sum: Vec<f64>,
    /// Histogram per day.
    pub hist: Vec<Histogram>,
}

/// The result of a Monte Carlo run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Options used.
    pub options: RunOptions,
    /// Reporting periods.
    pub periods: Vec<Period>,
    /// KPI rows: `kpis.get(rep, period, kpi)`.
    pub kpis: KpiRows,
    /// Daily series aggregates, in the order of [`SERIES`].
    pub daily: Vec<DailySeries>,
    /// The uncertain inputs of the scenario (empty for a fixed one).
    pub uncertain: Vec<crate::scenario::UncertainInput>,
    /// Their values in each replication: `draws[rep][input]` (empty for a
    /// fixed scenario).
    pub draws: Vec<Vec<f64>>,
}

/// Resolution of a series' histogram: counts are whole, hours and FTE to
/// 0.01, shares to 0.0001.
fn scale_of(name: &str) -> f64 {
    if name == "pressure" {
        10_000.0
    } else if name.starts_with("hours") || name.ends_with("fte") || name.starts_with("overtime") {
        100.0
    } else {
        1.0
    }
}

/// The worker pools built so far, by thread count.
type Pools = Vec<(usize, Arc<rayon::ThreadPool>)>;

/// The worker pool of `threads` threads (0 = all cores): built once per
/// process and thread count, and reused by every later run (a sweep or a
/// comparison runs many), so threads are not started per run.
fn pool(threads: usize) -> Result<Arc<rayon::ThreadPool>, Error> {
    static POOLS: OnceLock<Mutex<Pools>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| Mutex::new(Vec::new()));
    // A panic in another run cannot leave the list half-changed: recover it.
    let mut pools = pools.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = pools.iter().find(|(n, _)| *n == threads) {
        return Ok(Arc::clone(p));
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Internal {
            message: format!("could not start the worker threads: {e}"),
        })?;
    let p = Arc::new(p);
    pools.push((threads, Arc::clone(&p)));
    Ok(p)
}

/// Runs `options.runs` replications of `model`. `progress` is called with the
/// number of replications finished since the last call.
pub fn run(
    model: &Model,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Outcome, Error> {
    run_cancellable(model, options, progress, &AtomicBool::new(false))
}

/// Like [`run`], but stops with [`Error::Interrupted`] soon after `cancel`
/// becomes true (checked before each replication starts).
pub fn run_cancellable(
    model: &Model,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Outcome, Error> {
    run_inner(model, None, options, progress, cancel)
}

/// Runs the replications of `scenario`, compiled as `model`. Without
/// uncertain inputs this is [`run_cancellable`]; with them, each
/// replication runs its own model, compiled from the scenario with that
/// replication's draws ([`crate::uncertain::model_for`]), and the outcome
/// records the draws.
pub fn run_scenario(
    scenario: &crate::scenario::Scenario,
    model: &Model,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Outcome, Error> {
    if scenario.uncertain.is_empty() {
        return run_cancellable(model, options, progress, cancel);
    }
    crate::uncertain::check(scenario, options.runs)?;
    run_inner(model, Some(scenario), options, progress, cancel)
}

/// What a replication gives back: its KPI rows, daily samples and draws.
type RepResult = (Vec<Vec<f64>>, Vec<DaySample>, Vec<f64>);

fn run_inner(
    model: &Model,
    drawn: Option<&crate::scenario::Scenario>,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Outcome, Error> {
    if options.runs == 0 || options.runs > MAX_RUNS {
        return Err(Error::Options {
            option: "--runs",
            message: format!("must be 1–{MAX_RUNS}, got {}", options.runs),
        });
    }
    if options.threads > MAX_THREADS {
        return Err(Error::Options {
            option: "--threads",
            message: format!(
                "at most {MAX_THREADS} worker threads (0 = all cores), got {}",
                options.threads
            ),
        });
    }
    let pool = pool(options.threads)?;
    let periods = periods(model);
    let days = model.horizon_days();
    let mut daily: Vec<DailySeries> = SERIES
        .iter()
        .map(|name| DailySeries {
            sum: vec![0.0; days],
            hist: vec![Histogram::new(scale_of(name)); days],
        })
        .collect();
    let mut kpis = KpiRows::with_capacity(periods.len(), KPIS.len(), options.runs as usize);
    let mut draws = Vec::new();
    let mut lo = 0;
    while lo < options.runs {
        let hi = (lo + CHUNK).min(options.runs);
        let chunk: Vec<Option<Result<RepResult, Error>>> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                // One simulator and collector per worker, reused by each of
                // its replications (their results do not depend on it).
                .map_init(
                    || (Simulator::new(model), Collector::new(model)),
                    |(sim, kpis), i| {
                        if cancel.load(Ordering::Relaxed) {
                            return None;
                        }
                        let done = match drawn {
                            None => {
                                kpis.reset();
                                let mut sink = RunSink {
                                    kpis,
                                    days: Vec::with_capacity(days),
                                };
                                sim.run(options.seed, i, &mut sink);
                                Ok((sink.kpis.rows(), sink.days, Vec::new()))
                            }
                            Some(s) => run_drawn(s, &periods, options.seed, i, days),
                        };
                        progress(1);
                        Some(done)
                    },
                )
                .collect()
        });
        if cancel.load(Ordering::Relaxed) || chunk.iter().any(Option::is_none) {
            return Err(Error::Interrupted);
        }
        // The first failure in replication order, whatever the threads.
        let chunk = chunk
            .into_iter()
            .flatten()
            .collect::<Result<Vec<RepResult>, Error>>()?;
        // The fold of the daily series, one series per task: within a
        // series every day adds the replications in index order, so the
        // sums and histograms are the same for any thread count.
        pool.install(|| {
            daily.par_iter_mut().enumerate().for_each(|(s, series)| {
                for (_, series_days, _) in &chunk {
                    for (d, sample) in series_days.iter().enumerate() {
                        series.sum[d] += sample[s];
                        series.hist[d].add(sample[s]);
                    }
                }
            });
        });
        for (k, _, d) in chunk {
            kpis.push(&k);
            if drawn.is_some() {
                draws.push(d);
            }
        }
        lo = hi;
    }
    Ok(Outcome {
        options,
        periods,
        kpis,
        daily,
        uncertain: drawn.map(|s| s.uncertain.clone()).unwrap_or_default(),
        draws,
    })
}

/// One replication of a scenario with uncertain inputs, on its own model
/// (the windows must be those of the base model).
fn run_drawn(
    scenario: &crate::scenario::Scenario,
    base_periods: &[Period],
    seed: u64,
    rep: u64,
    days: usize,
) -> Result<RepResult, Error> {
    let (model, values) = crate::uncertain::model_for(scenario, seed, rep)?;
    if periods(&model) != base_periods || model.horizon_days() != days {
        return Err(Error::Internal {
            message: format!(
                "the draws of replication {rep} changed the windows measured; a range must not \
                 change dates"
            ),
        });
    }
    let mut sim = Simulator::new(&model);
    let mut collector = Collector::new(&model);
    let mut sink = RunSink {
        kpis: &mut collector,
        days: Vec::with_capacity(days),
    };
    sim.run(seed, rep, &mut sink);
    let rows = sink.kpis.rows();
    Ok((rows, sink.days, values))
}

/// What a Monte Carlo run keeps of one replication: its KPI rows, from the
/// collector, and its daily series, for the histograms.
struct RunSink<'a, 'm> {
    kpis: &'a mut Collector<'m>,
    days: Vec<DaySample>,
}

impl Sink for RunSink<'_, '_> {
    fn events(&mut self, day: Day, events: &[Event]) {
        self.kpis.events(day, events);
    }

    fn day_end(&mut self, end: &DayEnd<'_>) {
        self.kpis.day_end(end);
        self.days.push(*end.sample);
    }

    fn wants_open(&self, day: Day) -> bool {
        self.kpis.wants_open(day)
    }

    fn finish(&mut self, unfinished: &[Unfinished]) {
        self.kpis.finish(unfinished);
    }
}

/// Rough cost of a run, computed before it starts (guard rails).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Wall-clock seconds on the given number of threads.
    pub seconds: f64,
    /// Peak memory in bytes.
    pub bytes: f64,
}

/// Seconds per unit of work (one arrival-day or four staff-days), measured
/// with `cargo bench` on the embedded scenario and rounded up.
const SECONDS_PER_UNIT: f64 = 0.4e-6;
/// Bytes kept per case of a replication in flight (record, draws, items).
const BYTES_PER_CASE: f64 = 400.0;

/// Above this estimated duration, [`estimate_timed`] times a pilot.
const PILOT_ABOVE_SECONDS: f64 = 2.0;
/// Above this many initial-state cases no pilot is timed.
const PILOT_MAX_INITIAL: f64 = 200_000.0;

/// The cases of the initial state.
fn initial_cases(model: &Model) -> f64 {
    let i = &model.plan.initial;
    i.triage.iter().map(|t| f64::from(t.count)).sum::<f64>()
        + i.services.iter().map(|t| f64::from(t.count)).sum::<f64>()
        + i.monitoring.iter().map(|t| f64::from(t.count)).sum::<f64>()
}

/// Like [`estimate`], but when the formula says the run takes more than a
/// couple of seconds, one pilot replication is timed (for at most `budget`;
/// when it does not finish, its time is extrapolated from the share of the
/// days it reached, which underestimates a backlog that keeps growing) and
/// the larger of the two estimates is taken. The formula misses what grows
/// with the state of a replication (long horizons, growing queues); the
/// pilot measures it on this machine.
pub fn estimate_timed(
    model: &Model,
    runs: u64,
    threads: usize,
    budget: std::time::Duration,
) -> Estimate {
    let mut e = estimate(model, runs, threads);
    // A pilot of a replication whose initial state alone is huge would
    // build it before it can stop: the formula must do there.
    if e.seconds <= PILOT_ABOVE_SECONDS || initial_cases(model) > PILOT_MAX_INITIAL {
        return e;
    }
    let per_run = pilot_seconds(model, budget);
    let threads = effective_threads(threads) as f64;
    e.seconds = e.seconds.max(runs as f64 * per_run / threads);
    e
}

/// Seconds one replication of `model` takes on one thread, timed on a pilot
/// replication stopped after `budget` and extrapolated over the horizon.
pub fn pilot_seconds(model: &Model, budget: std::time::Duration) -> f64 {
    let started = std::time::Instant::now();
    let mut sim = Simulator::new(model);
    let mut kpis = Collector::new(model);
    let mut sink = RunSink {
        kpis: &mut kpis,
        days: Vec::with_capacity(model.horizon_days()),
    };
    let done = sim.run_until(0, 0, &mut sink, started + budget);
    started.elapsed().as_secs_f64() / done.max(1e-9)
}

fn effective_threads(threads: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 0 {
        cores
    } else {
        threads.min(cores)
    }
    .max(1)
}

/// Estimates the time and memory of `runs` replications on `threads`
/// threads (0 = all cores), from a formula in the horizon, the inflow, the
/// initial state and the staff.
pub fn estimate(model: &Model, runs: u64, threads: usize) -> Estimate {
    let p = &model.plan;
    let w = &p.workforce;
    let days = f64::from(p.end - p.first + 1);
    let arrivals_per_day: f64 = (p.first..=p.end)
        .map(|d| p.meldingen.lambda(d) + p.adviezen.lambda(d))
        .sum::<f64>()
        / days;
    // People at the largest budget of any step, or the initial staff.
    let staff = w.max_budget().max(w.staff_fte) / w.contract_fte;
    // Cases of the initial state live in the queues from the first day:
    // each is work on every day it waits and memory for the whole run.
    let initial = initial_cases(model);
    let units_per_rep = days * (arrivals_per_day + staff / 4.0 + 5.0) + initial * 4.0;
    let threads = effective_threads(threads);
    let seconds = runs as f64 * units_per_rep * SECONDS_PER_UNIT / threads as f64;
    let cases_per_rep = days * arrivals_per_day + initial;
    let in_flight = (CHUNK.min(runs)) as f64;
    let periods = model.windows.len().max(1) as f64;
    // Each worker holds one replication's cases at a time (its state is
    // reused); a chunk's daily series wait for the fold.
    let bytes = threads.min(runs as usize) as f64 * cases_per_rep * BYTES_PER_CASE
        + in_flight * days * 8.0 * SERIES.len() as f64
        // The KPI rows kept for every run (runs.csv is streamed from them).
        + runs as f64 * periods * crate::metrics::KPIS.len() as f64 * 8.0
        + model.horizon_days() as f64 * SERIES.len() as f64 * 2_000.0;
    Estimate { seconds, bytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(sets: &[&str]) -> Model {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let s = crate::scenario::load(None, &sets).unwrap();
        Model::new(&s).unwrap()
    }

    #[test]
    fn a_cancelled_run_stops_with_interrupted() {
        let m = model(&["end=2025-01-31", "warmup_days=0"]);
        let opts = RunOptions {
            runs: 500,
            seed: 1,
            threads: 1,
        };
        let cancel = AtomicBool::new(true);
        let r = run_cancellable(&m, opts, &|_| {}, &cancel);
        assert!(matches!(r, Err(Error::Interrupted)));
        // Cancelled part-way: stops at the next chunk boundary at the latest.
        let cancel = AtomicBool::new(false);
        let done = std::sync::atomic::AtomicU64::new(0);
        let r = run_cancellable(
            &m,
            opts,
            &|n| {
                if done.fetch_add(n, Ordering::SeqCst) + n >= 10 {
                    cancel.store(true, Ordering::SeqCst);
                }
            },
            &cancel,
        );
        assert!(matches!(r, Err(Error::Interrupted)));
        assert!(done.load(Ordering::SeqCst) <= CHUNK);
    }

    #[test]
    fn too_many_threads_are_refused_before_any_thread_starts() {
        let m = model(&["end=2025-01-31", "warmup_days=0"]);
        let opts = RunOptions {
            runs: 1,
            seed: 1,
            threads: MAX_THREADS + 1,
        };
        let r = run(&m, opts, &|_| {});
        assert!(
            matches!(&r, Err(Error::Options { option: "--threads", message }) if message.contains("256")),
            "{r:?}"
        );
    }

    #[test]
    fn one_pool_per_thread_count_is_reused() {
        let a = pool(2).unwrap();
        let b = pool(2).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.current_num_threads(), 2);
        let c = pool(1).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(c.current_num_threads(), 1);
    }

    #[test]
    fn the_estimate_counts_the_initial_state() {
        // Issue 12, class 4: 40 million initial meldingen were not refused.
        let small = model(&["end=2025-12-31"]);
        let big = model(&[
            "end=2025-12-31",
            "warmup_days=0",
            "initial.triage=[{count = 1000000, age_days = [0, 30]}, \
             {count = 1000000, age_days = [0, 30]}, {count = 1000000, age_days = [0, 30]}, \
             {count = 1000000, age_days = [0, 30]}]",
        ]);
        let (a, b) = (estimate(&small, 100, 1), estimate(&big, 100, 1));
        // The initial cases are held by the worker for the whole run.
        assert!(b.bytes > 4e6 * BYTES_PER_CASE, "{a:?} {b:?}");
        assert!(b.bytes > 10.0 * a.bytes, "{a:?} {b:?}");
        assert!(b.seconds > 2.0 * a.seconds, "{a:?} {b:?}");
    }

    #[test]
    fn estimate_scales_with_runs_and_horizon() {
        // One year of the embedded scenario: about 10 ms a run on one core
        // (cargo bench).
        let m = model(&["end=2025-12-31"]);
        let e = estimate(&m, 1000, 1);
        assert!(e.seconds > 3.0 && e.seconds < 60.0, "{e:?}");
        assert!(e.bytes < 1e9, "{e:?}");
        let e2 = estimate(&m, 2000, 1);
        assert!((e2.seconds / e.seconds - 2.0).abs() < 1e-9);
        let long = model(&["end=2044-12-31"]);
        assert!(estimate(&long, 1000, 1).seconds > 8.0 * e.seconds);
    }

    #[test]
    fn a_pilot_stops_at_its_deadline_and_says_how_far_it_got() {
        // Issue 12, class 4: the guard rail times one replication. A
        // deadline already passed stops it after the first 32 days; a far
        // one lets it finish (share 1).
        let m = model(&["end=2025-12-31"]);
        let mut sim = Simulator::new(&m);
        let mut kpis = Collector::new(&m);
        let mut sink = RunSink {
            kpis: &mut kpis,
            days: Vec::new(),
        };
        let now = std::time::Instant::now();
        let days = f64::from(m.plan.end - m.plan.first + 1);
        assert_eq!(sim.run_until(0, 0, &mut sink, now), 32.0 / days);
        let far = now + std::time::Duration::from_secs(3600);
        assert_eq!(sim.run_until(0, 0, &mut sink, far), 1.0);
        // The timed estimate never says less than the formula.
        let budget = std::time::Duration::from_millis(50);
        for runs in [1, 100_000] {
            let f = estimate(&m, runs, 1);
            let t = estimate_timed(&m, runs, 1, budget);
            assert!(t.seconds >= f.seconds, "{runs}: {t:?} < {f:?}");
            assert_eq!(t.bytes, f.bytes);
        }
        // A stopped pilot extrapolates: a positive, finite time.
        let s = pilot_seconds(&m, std::time::Duration::ZERO);
        assert!(s.is_finite() && s > 0.0, "{s}");
    }
}
