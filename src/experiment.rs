//! One run as a library call: [`Experiment`] (scenario, seed, runs, the
//! windows of its model) → [`Results`] in memory → result files
//! ([`Results::files`], one writer per format in [`crate::export`]) and the
//! report ([`crate::report::render`]), both drawn from the same in-memory
//! results. `vtsim report DIR` parses the files back into the same
//! [`Results`] ([`crate::report::data`]), so the two ways give one report.
//!
//! ```
//! use vtsim::experiment::Experiment;
//! use vtsim::montecarlo::RunOptions;
//! let s = vtsim::scenario::load(None, &["end=2025-03-31".into()])?;
//! let options = RunOptions { runs: 4, seed: 1, threads: 1 };
//! let results = Experiment::new(s, "embedded", options).run(&|_| {}, &Default::default())?;
//! let q1 = results.summary.period("2025-Q1").unwrap();
//! assert_eq!(q1.kpi("triage_within_term").unwrap().n, 4);
//! # Ok::<(), vtsim::Error>(())
//! ```

use crate::engine::{Model, SERIES};
use crate::error::Error;
use crate::export::Content;
use crate::export::csv::CsvDialect;
use crate::metrics::{KPIS, KpiRows, PeriodKind};
use crate::montecarlo::{self, Outcome, RunOptions};
use crate::scenario::{self, Scenario};
use crate::stats::{PERCENTILE_NAMES, PERCENTILES};
use crate::summary::ResultSummary;
use jiff::civil::Date;
use std::sync::atomic::AtomicBool;

/// What to run: a validated scenario, where it came from, and the options.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// The scenario, validated and resolved.
    pub scenario: Scenario,
    /// Where it came from (a path, or `embedded`), recorded in the results.
    pub origin: String,
    /// Replications, seed, threads.
    pub options: RunOptions,
}

impl Experiment {
    /// An experiment of `scenario` from `origin`.
    pub fn new(scenario: Scenario, origin: &str, options: RunOptions) -> Experiment {
        Experiment {
            scenario,
            origin: origin.to_string(),
            options,
        }
    }

    /// The compiled model (for estimates before the run).
    pub fn model(&self) -> Result<Model, Error> {
        Model::new(&self.scenario)
    }

    /// Runs the replications and summarises them. `progress` is called with
    /// the replications finished; `cancel` stops the run soon after it
    /// becomes true ([`Error::Interrupted`]).
    pub fn run(
        &self,
        progress: &(dyn Fn(u64) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Results, Error> {
        let model = self.model()?;
        let outcome =
            montecarlo::run_scenario(&self.scenario, &model, self.options, progress, cancel)?;
        Results::new(&self.scenario, &self.origin, &model, outcome)
    }
}

/// Every KPI of every replication and window: what `runs.csv` holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunsTable {
    /// The windows: label, kind, first and last date.
    pub periods: Vec<(String, PeriodKind, Date, Date)>,
    /// KPI names, in column order.
    pub kpis: Vec<String>,
    /// `values.get(run, period, kpi)` (`NaN` where not defined).
    pub values: KpiRows,
}

impl RunsTable {
    /// The defined values of `kpi` in period `label`, one per run.
    pub fn values(&self, label: &str, kpi: &str) -> Vec<f64> {
        let (Some(k), Some(p)) = (
            self.kpis.iter().position(|n| n == kpi),
            self.periods.iter().position(|(l, ..)| l == label),
        ) else {
            return Vec::new();
        };
        self.values
            .iter()
            .filter_map(|run| run.get(p)?.get(k).copied())
            .filter(|x| x.is_finite())
            .collect()
    }
}

/// One daily series across runs: mean and percentiles per date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailySeries {
    /// Mean per date.
    pub mean: Vec<f64>,
    /// Percentiles per date, in the order of [`PERCENTILE_NAMES`].
    pub pct: [Vec<f64>; 7],
}

impl DailySeries {
    /// The values of a percentile by name (`p50`); empty when unknown.
    pub fn pct(&self, name: &str) -> &[f64] {
        PERCENTILE_NAMES
            .iter()
            .position(|n| *n == name)
            .map_or(&[], |i| &self.pct[i])
    }
}

/// Every daily series across runs: what `daily.csv` holds, to 6 decimals
/// and 10 significant digits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailyTable {
    /// The dates of the horizon, in order.
    pub dates: Vec<Date>,
    /// Series by name, in the order of the file.
    pub series: Vec<(String, DailySeries)>,
}

impl DailyTable {
    /// A series by name, if present.
    pub fn get(&self, name: &str) -> Option<&DailySeries> {
        self.series.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }

    /// The series of `name`, added (NaN-filled to the dates) if new.
    pub(crate) fn entry(&mut self, name: &str) -> &mut DailySeries {
        let i = match self.series.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.series.push((name.to_string(), DailySeries::default()));
                self.series.len() - 1
            }
        };
        &mut self.series[i].1
    }
}

/// `x` to 6 decimals, as `daily.csv` writes it (no negative zero).
pub(crate) fn round6(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

/// A daily value as `daily.csv` writes it: 6 decimals, at most
/// [`crate::export::SIGNIFICANT_DIGITS`] significant digits.
fn daily_value(x: f64) -> f64 {
    crate::export::round_sig(round6(x))
}

/// A run's results, in memory or read back from a result folder.
#[derive(Debug, Clone)]
pub struct Results {
    /// `summary.json` (without the scenario).
    pub summary: ResultSummary,
    /// `runs.csv`.
    pub runs: RunsTable,
    /// `daily.csv`.
    pub daily: DailyTable,
    /// The resolved scenario, validated.
    pub scenario: Scenario,
    /// `scenario.resolved.toml` as a table (for the assumptions table).
    pub resolved: toml::Table,
    /// `draws.csv`: the values of the uncertain inputs in each run,
    /// `draws[run][input]` in the order of `scenario.uncertain`, to 10
    /// significant digits (empty without ranges, and in results read back
    /// from a folder, whose report takes the inputs from `summary.json`).
    pub draws: Vec<Vec<f64>>,
}

impl Results {
    /// The results of `outcome`, a run of `model` compiled from `scenario`.
    pub fn new(
        scenario: &Scenario,
        origin: &str,
        model: &Model,
        mut outcome: Outcome,
    ) -> Result<Results, Error> {
        // The KPIs as `runs.csv` writes them, so that the summaries, the
        // charts and the report drawn from memory are those a report drawn
        // from the files gets.
        for x in outcome.kpis.values_mut() {
            *x = crate::export::round_sig(*x);
        }
        for x in outcome.draws.iter_mut().flatten() {
            *x = crate::export::round_sig(*x);
        }
        let summary = ResultSummary::new(origin, &outcome);
        let draws = std::mem::take(&mut outcome.draws);
        let cal = &model.plan.calendar;
        let dates: Vec<Date> = (model.plan.start..=model.plan.end)
            .map(|d| cal.date(d))
            .collect();
        let runs_n = outcome.options.runs as f64;
        let mut daily = DailyTable {
            dates,
            series: Vec::with_capacity(SERIES.len()),
        };
        for (name, agg) in SERIES.iter().zip(&outcome.daily) {
            let s = DailySeries {
                mean: agg.sum.iter().map(|x| daily_value(x / runs_n)).collect(),
                pct: PERCENTILES.map(|q| {
                    agg.hist
                        .iter()
                        .map(|h| daily_value(h.quantile(q)))
                        .collect()
                }),
            };
            daily.series.push((name.to_string(), s));
        }
        let runs = RunsTable {
            periods: outcome
                .periods
                .iter()
                .map(|p| (p.label.clone(), p.kind, p.start_date, p.end_date))
                .collect(),
            kpis: KPIS.iter().map(|k| k.to_string()).collect(),
            values: outcome.kpis,
        };
        let text = scenario::to_toml(scenario)?;
        let resolved: toml::Table = toml::from_str(&text).map_err(|e| Error::Internal {
            message: format!("the resolved scenario does not read back: {e}"),
        })?;
        Ok(Results {
            summary,
            runs,
            daily,
            scenario: scenario.clone(),
            resolved,
            draws,
        })
    }

    /// The result files, by name, with the CSVs in the standard dialect
    /// (as [`Results::contents_with`]).
    pub fn contents(&self) -> Result<Vec<(&'static str, Content<'_>)>, Error> {
        self.contents_with(CsvDialect::Standard)
    }

    /// The result files, by name: `summary.json`, `runs.csv`, `daily.csv`,
    /// `kpis.csv` (the CSVs in `dialect`), `results.xlsx` and
    /// `scenario.resolved.toml`; the tables and the workbook are streamed
    /// into their files when written ([`crate::export::write_results`]), so
    /// their text is never held in memory whole.
    pub fn contents_with(
        &self,
        dialect: CsvDialect,
    ) -> Result<Vec<(&'static str, Content<'_>)>, Error> {
        use crate::export::csv;
        let mut files = vec![
            (
                "summary.json",
                Content::Bytes(crate::export::json::summary(&self.summary, &self.scenario)?),
            ),
            (
                "runs.csv",
                Content::Stream(Box::new(move |w| csv::write_runs(&self.runs, dialect, w))),
            ),
            (
                "daily.csv",
                Content::Stream(Box::new(move |w| csv::write_daily(&self.daily, dialect, w))),
            ),
            (
                "kpis.csv",
                Content::Stream(Box::new(move |w| csv::write_kpis(self, dialect, w))),
            ),
            (
                "results.xlsx",
                Content::Stream(Box::new(|w| crate::export::xlsx::write_workbook(self, w))),
            ),
            (
                "scenario.resolved.toml",
                Content::Bytes(scenario::to_toml(&self.scenario)?.into_bytes()),
            ),
        ];
        if !self.draws.is_empty() {
            files.push((
                "draws.csv",
                Content::Stream(Box::new(move |w| {
                    csv::write_draws(&self.scenario.uncertain, &self.draws, dialect, w)
                })),
            ));
        }
        Ok(files)
    }

    /// The result files with their bytes (as [`Results::contents`] writes
    /// them).
    pub fn files(&self) -> Result<Vec<(&'static str, Vec<u8>)>, Error> {
        self.contents()?
            .into_iter()
            .map(|(name, c)| {
                let bytes = c.to_bytes().map_err(|e| Error::Internal {
                    message: format!("could not format {name}: {e}"),
                })?;
                Ok((name, bytes))
            })
            .collect()
    }
}
