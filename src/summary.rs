//! Summaries of a Monte Carlo outcome: the distribution of every KPI in
//! every window across replications, and the probability of meeting each
//! norm — the content of `summary.json`.
//!
//! These are the types a run builds in memory and the types `vtsim report`
//! reads back from `summary.json` (serde both ways), so the report is drawn
//! from one set of types whichever way it gets them.

use crate::export::{VERSION, rng_crate_versions, round_sig};
use crate::metrics::{
    KPIS, NORMS, Period, PeriodKind, SHARE_DENOMINATORS, SMALL_NUMBERS, kpi_index,
};
use crate::montecarlo::Outcome;
use crate::stats::Summary;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The probability that a compliance KPI meets its norm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormResult {
    /// KPI name.
    pub kpi: String,
    /// Lowest share that meets the norm.
    pub at_least: f64,
    /// Share of replications (where defined) meeting it.
    pub probability: Option<f64>,
}

/// One window of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodSummary {
    /// `horizon`, `2025`, `2025-Q1`, `2025-03`, a reporting period's name,
    /// or an observation's window.
    pub label: String,
    /// Kind of window.
    pub kind: PeriodKind,
    /// First date.
    pub start_date: Date,
    /// Last date.
    pub end_date: Date,
    /// Covers only part of its nominal period (cut off by the horizon).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Distribution of every KPI across replications.
    pub kpis: BTreeMap<String, Summary>,
    /// Probability of meeting each norm.
    pub norms: Vec<NormResult>,
    /// Within-term shares of this period over fewer than
    /// [`SMALL_NUMBERS`] cases in the median run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub small_numbers: Vec<String>,
}

impl PeriodSummary {
    /// A KPI's distribution, if present.
    pub fn kpi(&self, name: &str) -> Option<&Summary> {
        self.kpis.get(name)
    }

    /// The probability of meeting the norm on `kpi`, if defined.
    pub fn norm(&self, kpi: &str) -> Option<&NormResult> {
        self.norms.iter().find(|n| n.kpi == kpi)
    }

    /// Whether the period covers whole calendar year(s) from 1 January to
    /// 31 December.
    pub fn is_full_year(&self) -> bool {
        self.start_date.month() == 1
            && self.start_date.day() == 1
            && self.end_date.month() == 12
            && self.end_date.day() == 31
    }
}

/// `summary.json` without the resolved scenario it is written with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultSummary {
    /// vtsim version.
    pub vtsim_version: String,
    /// Versions of the crates that determine the random numbers.
    pub rng_crates: BTreeMap<String, String>,
    /// Where the scenario came from.
    pub scenario_origin: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub runs: u64,
    /// KPI distributions per window.
    pub periods: Vec<PeriodSummary>,
    /// The uncertain inputs, their draws and which drives the spread
    /// (absent for a scenario without ranges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertain_inputs: Option<crate::uncertain::UncertainBlock>,
}

impl ResultSummary {
    /// Summarises an outcome of the scenario from `origin`; every number
    /// to [`crate::export::SIGNIFICANT_DIGITS`] significant digits, as
    /// `summary.json` writes it.
    pub fn new(origin: &str, outcome: &Outcome) -> ResultSummary {
        let labels: Vec<&str> = outcome.periods.iter().map(|p| p.label.as_str()).collect();
        let periods = outcome
            .periods
            .iter()
            .enumerate()
            .map(|(pi, p)| summarise_period(outcome, pi, p))
            .collect();
        ResultSummary {
            vtsim_version: VERSION.to_string(),
            rng_crates: rng_crate_versions()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            scenario_origin: origin.to_string(),
            seed: outcome.options.seed,
            runs: outcome.options.runs,
            periods,
            uncertain_inputs: crate::uncertain::summarise(
                &outcome.uncertain,
                &outcome.draws,
                &labels,
                &outcome.kpis,
            ),
        }
    }

    /// A period by label.
    pub fn period(&self, label: &str) -> Option<&PeriodSummary> {
        self.periods.iter().find(|p| p.label == label)
    }

    /// Periods of one kind, in order.
    pub fn of_kind(&self, kind: PeriodKind) -> impl Iterator<Item = &PeriodSummary> + '_ {
        self.periods.iter().filter(move |p| p.kind == kind)
    }
}

/// `s` with every number to [`crate::export::SIGNIFICANT_DIGITS`] digits.
fn rounded(mut s: Summary) -> Summary {
    for x in [&mut s.mean, &mut s.sd, &mut s.min, &mut s.max] {
        *x = x.map(round_sig);
    }
    for x in s.p.values_mut() {
        *x = round_sig(*x);
    }
    s
}

/// The summary of window `pi` (`p`) of an outcome.
fn summarise_period(outcome: &Outcome, pi: usize, p: &Period) -> PeriodSummary {
    let column = |k: usize| -> Vec<f64> { outcome.kpis.column(pi, k).collect() };
    let kpis: BTreeMap<String, Summary> = KPIS
        .iter()
        .enumerate()
        .map(|(k, name)| (name.to_string(), rounded(Summary::of(&column(k)))))
        .collect();
    let small_numbers = SHARE_DENOMINATORS
        .iter()
        .filter(|(_, count)| {
            kpis.get(*count)
                .and_then(|s| s.pct("p50"))
                .is_some_and(|m| m < SMALL_NUMBERS)
        })
        .map(|(share, _)| share.to_string())
        .collect();
    let norms = NORMS
        .iter()
        .map(|n| {
            let v: Vec<f64> = kpi_index(n.kpi)
                .map(column)
                .unwrap_or_default()
                .into_iter()
                .filter(|x| !x.is_nan())
                .collect();
            let probability = (!v.is_empty()).then(|| {
                round_sig(
                    v.iter().filter(|x| **x >= n.at_least - 1e-12).count() as f64 / v.len() as f64,
                )
            });
            NormResult {
                kpi: n.kpi.to_string(),
                at_least: n.at_least,
                probability,
            }
        })
        .collect();
    PeriodSummary {
        label: p.label.clone(),
        kind: p.kind,
        start_date: p.start_date,
        end_date: p.end_date,
        partial: p.partial,
        kpis,
        norms,
        small_numbers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::RunOptions;
    use crate::scenario::Scenario;

    /// A scenario and a hand-made outcome over its periods (horizon, 2025,
    /// 2025-Q1): every KPI undefined, except the given values of the
    /// horizon, one per run.
    fn outcome_with(values: &[(&str, Vec<f64>)]) -> (Scenario, Outcome) {
        let s = crate::scenario::load_str(
            "name='e'\nstart='2025-01-01'\nend='2025-03-31'\n[inflow.meldingen]\nvolume={2025=100}\n[workforce]\nfte=1.0\n",
            "t",
            &[],
        )
        .unwrap();
        let m = crate::engine::Model::new(&s).unwrap();
        let periods = crate::metrics::periods(&m);
        let runs = values[0].1.len();
        let mut kpis = crate::metrics::KpiRows::new(periods.len(), KPIS.len());
        for _ in 0..runs {
            kpis.push(&vec![vec![f64::NAN; KPIS.len()]; periods.len()]);
        }
        for (name, v) in values {
            assert_eq!(v.len(), runs);
            let k = kpi_index(name).unwrap();
            for (rep, x) in v.iter().enumerate() {
                kpis.set(rep, 0, k, *x);
            }
        }
        let outcome = Outcome {
            options: RunOptions {
                runs: runs as u64,
                seed: 1,
                threads: 1,
            },
            periods,
            kpis,
            daily: Vec::new(),
            uncertain: Vec::new(),
            draws: Vec::new(),
        };
        (s, outcome)
    }

    #[test]
    fn norm_probability_is_the_share_of_defined_runs_meeting_the_norm() {
        let nan = f64::NAN;
        let (_, o) = outcome_with(&[
            // 2 of the 4 defined runs reach 0.95 (on the norm counts).
            ("triage_within_term", vec![0.96, 0.95, 0.9499, nan, 0.2]),
            // Never defined: no probability.
            ("triage_within_term_intake", vec![nan; 5]),
            // 3 of 5 reach 0.85.
            ("onderzoek_within_term", vec![0.85, 0.86, 0.84, 1.0, 0.0]),
            // 1 of the 2 defined runs.
            (
                "onderzoek_within_term_intake",
                vec![0.5, nan, nan, nan, 0.99],
            ),
        ]);
        let f = ResultSummary::new("t", &o);
        let horizon = f.period("horizon").unwrap();
        let norm = |kpi: &str| {
            let n = horizon.norms.iter().find(|n| n.kpi == kpi).unwrap();
            (n.at_least, n.probability)
        };
        assert_eq!(norm("triage_within_term"), (0.95, Some(0.5)));
        assert_eq!(norm("triage_within_term_intake"), (0.95, None));
        assert_eq!(norm("onderzoek_within_term"), (0.85, Some(0.6)));
        assert_eq!(norm("onderzoek_within_term_intake"), (0.85, Some(0.5)));
        assert_eq!(horizon.norms.len(), NORMS.len());
        // Periods where no run defines the KPIs have no probabilities.
        let q1 = f.period("2025-Q1").unwrap();
        assert!(q1.norms.iter().all(|n| n.probability.is_none()));
    }

    #[test]
    fn small_numbers_flags_shares_whose_median_denominator_is_below_30() {
        // Four runs: the median is the mean of the middle two. Mean and
        // median fall on opposite sides of 30 where it matters.
        let (_, o) = outcome_with(&[
            ("triage_done", vec![29.0, 29.0, 29.0, 100.0]), // median 29: flagged
            ("triage_intake", vec![30.0, 30.0, 30.0, 0.0]), // median 30: not
            ("vv_done", vec![29.0, 30.0, 30.0, 29.0]),      // median 29.5: flagged
            ("vv_intake", vec![0.0, 30.0, 31.0, 31.0]),     // median 30.5: not
            ("onderzoek_done", vec![0.0; 4]),               // median 0: flagged
            ("onderzoek_intake", vec![1000.0, 30.0, 30.0, 30.0]), // median 30: not
        ]);
        let f = ResultSummary::new("t", &o);
        assert_eq!(
            f.period("horizon").unwrap().small_numbers,
            [
                "triage_within_term",
                "vv_within_term",
                "onderzoek_within_term"
            ]
        );
        assert_eq!(SMALL_NUMBERS, 30.0);
        // Without a defined count nothing is flagged.
        assert!(f.period("2025-Q1").unwrap().small_numbers.is_empty());
    }
}
