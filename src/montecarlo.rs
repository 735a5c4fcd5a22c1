//! Replications in parallel, aggregated deterministically (MODEL §9, §11).
//!
//! Replication `i` draws only from streams derived from (seed, i), so it is
//! the same whichever thread runs it. Replications run in chunks; each chunk
//! is collected in index order and folded sequentially into the aggregates,
//! so the outputs are byte-identical for any thread count. Only the per-
//! replication KPI rows are kept; daily series are folded into bounded
//! histograms and dropped.

use crate::engine::{Model, SERIES, simulate};
use crate::error::Error;
use crate::metrics::{Period, periods, replication_kpis};
use crate::stats::Histogram;
use rayon::prelude::*;

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
    /// KPI rows: `kpis[rep][period][kpi]`.
    pub kpis: Vec<Vec<Vec<f64>>>,
    /// Daily series aggregates, in the order of [`SERIES`].
    pub daily: Vec<DailySeries>,
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

/// Runs `options.runs` replications of `model`. `progress` is called with the
/// number of replications finished since the last call.
pub fn run(
    model: &Model,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Outcome, Error> {
    if options.runs == 0 || options.runs > MAX_RUNS {
        return Err(Error::Options {
            option: "--runs",
            message: format!("must be 1–{MAX_RUNS}, got {}", options.runs),
        });
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::Internal {
            message: format!("could not start the worker threads: {e}"),
        })?;
    let periods = periods(model);
    let days = model.horizon_days();
    let mut daily: Vec<DailySeries> = SERIES
        .iter()
        .map(|name| DailySeries {
            sum: vec![0.0; days],
            hist: vec![Histogram::new(scale_of(name)); days],
        })
        .collect();
    let mut kpis = Vec::with_capacity(options.runs as usize);
    let mut lo = 0;
    while lo < options.runs {
        let hi = (lo + CHUNK).min(options.runs);
        let chunk: Vec<_> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                .map(|i| {
                    let r = simulate(model, options.seed, i);
                    let k = replication_kpis(model, &r, &periods);
                    progress(1);
                    (k, r.days)
                })
                .collect()
        });
        for (k, series_days) in chunk {
            for (d, sample) in series_days.iter().enumerate() {
                for (s, v) in sample.iter().enumerate() {
                    daily[s].sum[d] += v;
                    daily[s].hist[d].add(*v);
                }
            }
            kpis.push(k);
        }
        lo = hi;
    }
    Ok(Outcome {
        options,
        periods,
        kpis,
        daily,
    })
}
