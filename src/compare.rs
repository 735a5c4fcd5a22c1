//! Comparing scenarios on common random numbers (MODEL §9, §11): every
//! scenario runs with the same seed and replication indices, so that
//! replication i of each sees the same arrivals and draws where the
//! scenarios agree; differences are taken per replication (paired).

use crate::engine::Model;
use crate::error::Error;
use crate::metrics::{KPIS, Period, PeriodKind, kpi_index};
use crate::montecarlo::{self, Outcome, RunOptions};
use crate::scenario::Scenario;
use crate::stats::quantile_sorted;
use serde::Serialize;
use std::sync::atomic::AtomicBool;

mod output;

pub use output::*;

/// Whether a higher value of a KPI is better, worse, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (compliance).
    Higher,
    /// Lower is better (backlog, lateness).
    Lower,
    /// Neither (counts, cost).
    Neither,
}

/// The KPIs a comparison reports, with the direction that is better.
pub const COMPARED: [(&str, Direction); 14] = [
    ("triage_within_term", Direction::Higher),
    ("triage_within_term_intake", Direction::Higher),
    ("vv_within_term", Direction::Higher),
    ("onderzoek_within_term", Direction::Higher),
    ("onderzoek_within_term_intake", Direction::Higher),
    ("backlog_end", Direction::Lower),
    ("backlog_mean", Direction::Lower),
    ("backlog_max", Direction::Lower),
    ("overdue_end", Direction::Lower),
    ("waiting_triage_end", Direction::Lower),
    ("monitoring_contacts_late", Direction::Lower),
    ("triage_done", Direction::Neither),
    ("transferred_out", Direction::Neither),
    ("measure_cost", Direction::Neither),
];

/// KPIs whose gain is priced in euros per percentage point.
pub const PRICED: [&str; 2] = ["triage_within_term", "onderzoek_within_term"];

/// The direction of a KPI in a comparison.
pub fn direction(kpi: &str) -> Direction {
    COMPARED
        .iter()
        .find(|(k, _)| *k == kpi)
        .map_or(Direction::Neither, |(_, d)| *d)
}

/// One scenario of a comparison and its outcome.
#[derive(Debug, Clone)]
pub struct Arm {
    /// The resolved scenario.
    pub scenario: Scenario,
    /// Where it came from (a path or the embedded scenario).
    pub origin: String,
    /// Its Monte Carlo outcome.
    pub outcome: Outcome,
}

/// One KPI of one scenario over one period, against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The scenario's name.
    pub scenario: String,
    /// The period's label.
    pub period: String,
    /// The period's kind.
    pub kind: PeriodKind,
    /// The KPI.
    pub kpi: String,
    /// Replications with a value (shares are undefined without cases).
    pub n: usize,
    /// Median across replications.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Pairs (base and scenario both defined).
    pub pairs: usize,
    /// Median of the paired differences scenario − base.
    pub diff_median: f64,
    /// 2.5th percentile of the paired differences.
    pub diff_lo: f64,
    /// 97.5th percentile of the paired differences.
    pub diff_hi: f64,
    /// Mean of the paired differences.
    pub diff_mean: f64,
    /// Monte Carlo standard error of that mean.
    pub diff_mean_se: f64,
    /// Share of pairs in which the scenario is better than the base
    /// (strictly; `NaN` when the KPI has no better direction).
    pub p_better: f64,
    /// Monte Carlo standard error of `p_better`.
    pub p_better_se: f64,
    /// Share of pairs in which it is worse.
    pub p_worse: f64,
    /// Cost of the scenario's measures over the period, euros.
    pub cost: f64,
    /// Its cost minus the base's, euros.
    pub cost_diff: f64,
    /// Extra euros per percentage point gained (median paired gain), for
    /// the priced KPIs when both the gain and the extra cost are above 0.
    pub euro_per_pp: Option<f64>,
    /// Whether the 95% interval of the mean difference excludes 0.
    pub resolved: bool,
    /// Replications needed for that interval to exclude 0 at the present
    /// mean difference and spread, when it does not yet.
    pub runs_needed: Option<u64>,
}

/// A comparison: every scenario's outcome and the paired rows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The options every scenario ran with.
    pub options: RunOptions,
    /// The periods (the same for every scenario).
    pub periods: Vec<Period>,
    /// The scenarios, the base first.
    pub arms: Vec<Arm>,
    /// A row per scenario (the base included, with zero differences),
    /// period and compared KPI.
    pub rows: Vec<Row>,
}

/// Runs every scenario with the same options and compares each with the
/// first. `progress` receives finished replications across all scenarios.
pub fn compare(
    scenarios: Vec<(Scenario, String)>,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Comparison, Error> {
    if scenarios.len() < 2 {
        return Err(Error::Options {
            option: "compare",
            message:
                "give at least two scenarios: the base first, then the ones to compare with it"
                    .into(),
        });
    }
    let mut names: Vec<&str> = Vec::new();
    for (s, origin) in &scenarios {
        if names.contains(&s.name.as_str()) {
            return Err(Error::Options {
                option: "compare",
                message: format!(
                    "two scenarios are named \"{}\" (the second from {origin}); each needs its own `name`",
                    s.name
                ),
            });
        }
        names.push(&s.name);
    }
    let mut arms = Vec::new();
    let mut periods: Option<Vec<Period>> = None;
    for (scenario, origin) in scenarios {
        let model = Model::new(&scenario)?;
        if let Some(p) = &periods {
            let labels = |v: &[Period]| v.iter().map(|p| p.label.clone()).collect::<Vec<_>>();
            if labels(p) != labels(&model.windows) {
                return Err(Error::Options {
                    option: "compare",
                    message: format!(
                        "\"{}\" ({origin}) has other periods than the base (its horizon {} … {}, or its \
                         reporting periods or observations differ); compared scenarios need the same \
                         horizon and periods",
                        scenario.name, scenario.start, scenario.end
                    ),
                });
            }
        } else {
            periods = Some(model.windows.clone());
        }
        let outcome = montecarlo::run_scenario(&scenario, &model, options, progress, cancel)?;
        arms.push(Arm {
            scenario,
            origin,
            outcome,
        });
    }
    let periods = periods.unwrap_or_default();
    let rows = rows(&arms, &periods);
    Ok(Comparison {
        options,
        periods,
        arms,
        rows,
    })
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        f64::NAN
    } else {
        quantile_sorted(sorted, q)
    }
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// The paired rows of every arm against the first.
pub fn rows(arms: &[Arm], periods: &[Period]) -> Vec<Row> {
    let mut out = Vec::new();
    let Some(base) = arms.first() else {
        return out;
    };
    for arm in arms {
        for (pi, p) in periods.iter().enumerate() {
            for (kpi, dir) in COMPARED {
                let Some(k) = kpi_index(kpi) else { continue };
                let value = |a: &Arm, rep: usize| a.outcome.kpis.get(rep, pi, k);
                let reps = arm.outcome.kpis.len().min(base.outcome.kpis.len());
                let own: Vec<f64> = (arm.outcome.kpis.column(pi, k))
                    .filter(|x| x.is_finite())
                    .collect();
                let diffs: Vec<f64> = (0..reps)
                    .filter_map(|r| {
                        let (a, b) = (value(arm, r), value(base, r));
                        (a.is_finite() && b.is_finite()).then_some(a - b)
                    })
                    .collect();
                let n = diffs.len();
                let nf = n as f64;
                let mean = diffs.iter().sum::<f64>() / nf;
                let var = if n > 1 {
                    diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (nf - 1.0)
                } else {
                    f64::NAN
                };
                let se = (var / nf).sqrt();
                let (better, worse) = match dir {
                    Direction::Higher => (
                        diffs.iter().filter(|d| **d > 0.0).count(),
                        diffs.iter().filter(|d| **d < 0.0).count(),
                    ),
                    Direction::Lower => (
                        diffs.iter().filter(|d| **d < 0.0).count(),
                        diffs.iter().filter(|d| **d > 0.0).count(),
                    ),
                    Direction::Neither => (0, 0),
                };
                let (p_better, p_worse) = if dir == Direction::Neither || n == 0 {
                    (f64::NAN, f64::NAN)
                } else {
                    (better as f64 / nf, worse as f64 / nf)
                };
                let p_better_se = (p_better * (1.0 - p_better) / nf).sqrt();
                let own = sorted(own);
                let diffs = sorted(diffs);
                let cost = arm.outcome_cost(pi);
                let cost_diff = cost - base.outcome_cost(pi);
                let diff_median = percentile(&diffs, 0.5);
                let euro_per_pp = (PRICED.contains(&kpi) && diff_median > 0.0 && cost_diff > 0.0)
                    .then(|| cost_diff / (diff_median * 100.0));
                let half = 1.96 * se;
                let resolved = n > 1 && mean.abs() > half;
                let runs_needed = (!resolved && n > 1 && mean != 0.0 && se > 0.0).then(|| {
                    let need = nf * (half / mean.abs()).powi(2);
                    need.ceil().min(1e12) as u64
                });
                out.push(Row {
                    scenario: arm.scenario.name.clone(),
                    period: p.label.clone(),
                    kind: p.kind,
                    kpi: kpi.to_string(),
                    n: own.len(),
                    median: percentile(&own, 0.5),
                    p5: percentile(&own, 0.05),
                    p95: percentile(&own, 0.95),
                    pairs: n,
                    diff_median,
                    diff_lo: percentile(&diffs, 0.025),
                    diff_hi: percentile(&diffs, 0.975),
                    diff_mean: if n > 0 { mean } else { f64::NAN },
                    diff_mean_se: se,
                    p_better,
                    p_better_se,
                    p_worse,
                    cost,
                    cost_diff,
                    euro_per_pp,
                    resolved,
                    runs_needed,
                });
            }
        }
    }
    out
}

impl Arm {
    /// The cost of the arm's measures over period `pi` (the same in every
    /// replication).
    fn outcome_cost(&self, pi: usize) -> f64 {
        let k = kpi_index("measure_cost").unwrap_or(KPIS.len());
        self.outcome
            .kpis
            .first()
            .and_then(|r| r.get(pi))
            .and_then(|r| r.get(k))
            .copied()
            .unwrap_or(0.0)
    }
}

impl Comparison {
    /// The row of `scenario`, `period` and `kpi`.
    pub fn row(&self, scenario: &str, period: &str, kpi: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.scenario == scenario && r.period == period && r.kpi == kpi)
    }

    /// What each scenario is called in sentences and legends: its title
    /// without the part all titles share up to a `": "` (so "ZHZ 2025–2026:
    /// richting A" and "ZHZ 2025–2026: AB-besluit" become "richting A" and
    /// "AB-besluit"), or its name when two scenarios share a title (a
    /// variant made with `extends` inherits its base's title).
    pub fn labels(&self) -> Vec<&str> {
        fn title(s: &Scenario) -> &str {
            let t = s.title.trim();
            if t.is_empty() { s.name.as_str() } else { t }
        }
        let titles: Vec<&str> = self.arms.iter().map(|a| title(&a.scenario)).collect();
        let unique = titles
            .iter()
            .all(|t| titles.iter().filter(|u| *u == t).count() == 1);
        if !unique {
            return self.arms.iter().map(|a| a.scenario.name.as_str()).collect();
        }
        // The longest prefix ending in ": " that every title has.
        let first = titles.first().copied().unwrap_or("");
        let cut = first
            .match_indices(": ")
            .map(|(i, _)| i + 2)
            .filter(|&n| {
                titles
                    .iter()
                    .all(|t| t.len() > n && t.get(..n) == first.get(..n))
            })
            .last()
            .unwrap_or(0);
        titles.iter().map(|t| &t[cut..]).collect()
    }
}

/// The name of the result folder of a comparison of scenarios with these
/// names: `compare-<base>-vs-<other>…`, shortened when long.
pub fn folder_name(names: &[&str]) -> String {
    let joined = format!("compare-{}", names.join("-vs-"));
    if joined.len() <= 120 {
        joined
    } else {
        format!(
            "compare-{}-vs-{}-scenarios",
            names.first().copied().unwrap_or(""),
            names.len().saturating_sub(1)
        )
    }
}
