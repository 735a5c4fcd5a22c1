//! Uncertain inputs in a run: the draws of each replication and which
//! input drives the spread of the results.
//!
//! A scenario may give any number with decimals as a range
//! ([`crate::scenario::UncertainInput`]). Replication `i` draws each
//! uncertain input once, from its own stream: the ChaCha8 key of the master
//! seed (as every stream of a replication, MODEL §9) and a stream number
//! made of a stable id of the input (a hash of its key path, not its
//! position, so adding a range does not change the draws of another) and
//! `i`, in a part of the stream numbers no replication stream uses. The
//! replication then runs on the scenario with those values
//! ([`crate::scenario::uncertain::with_values`], compiled with
//! [`Model::new`]). Draws depend on (seed, i, path) only, so results are the
//! same for any thread count, and two scenarios with the same range draw the
//! same values (common random numbers).
//!
//! Which input drives the spread: for each input and each of
//! [`DRIVER_KPIS`] over the horizon, the share of the KPI's variance across
//! replications explained linearly by the input, the squared Pearson
//! correlation of the input's draws with the KPI ([`share_of_variance`]).
//! With independent inputs the shares of a linear response add up to at
//! most 1; the rest is the replications' own randomness, interactions and
//! non-linearity. An input that does not matter still shows about
//! 1/(n − 1) by chance ([`UncertainBlock::chance_level`]).

use crate::engine::Model;
use crate::error::Error;
use crate::export::round_sig;
use crate::metrics::{KPIS, kpi_index};
use crate::scenario::{Scenario, UncertainInput, uncertain::with_values};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The first stream number of the uncertain inputs' streams: the
/// replication streams use `rep × 8 + k`, far below it.
const STREAM_BASE: u64 = 1 << 63;
/// Bits of the stream number for the replication (at least
/// [`crate::montecarlo::MAX_RUNS`]).
const REP_BITS: u32 = 20;
/// Bits of the stream number for the input's id.
const ID_BITS: u32 = 63 - REP_BITS;

/// The KPIs whose spread is attributed to the inputs (over the horizon).
pub const DRIVER_KPIS: [&str; 4] = [
    "triage_within_term",
    "vv_within_term",
    "onderzoek_within_term",
    "backlog_end",
];

/// The label of the window the driver shares are computed over.
pub const DRIVER_PERIOD: &str = "horizon";

/// The stable id of an input: FNV-1a of its key path, to [`ID_BITS`] bits.
pub fn input_id(path: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h & ((1 << ID_BITS) - 1)
}

/// The value of `input` in replication `rep` under master seed `seed`.
pub fn draw(input: &UncertainInput, seed: u64, rep: u64) -> f64 {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(STREAM_BASE | (input_id(&input.path) << REP_BITS) | (rep & ((1 << REP_BITS) - 1)));
    let u: f64 = r.random();
    input.quantile(u)
}

/// The values of every uncertain input of `scenario` in replication `rep`,
/// in the order of `scenario.uncertain`.
pub fn draws(scenario: &Scenario, seed: u64, rep: u64) -> Vec<f64> {
    scenario
        .uncertain
        .iter()
        .map(|u| draw(u, seed, rep))
        .collect()
}

/// Checks that the inputs' streams are distinct (no two ids collide) and
/// that the replication count fits the stream numbers.
pub fn check(scenario: &Scenario, runs: u64) -> Result<(), Error> {
    let mut ids: Vec<(u64, &str)> = scenario
        .uncertain
        .iter()
        .map(|u| (input_id(&u.path), u.path.as_str()))
        .collect();
    ids.sort();
    if let Some(w) = ids.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::Internal {
            message: format!(
                "the uncertain inputs `{}` and `{}` would share a random stream",
                w[0].1, w[1].1
            ),
        });
    }
    if !scenario.uncertain.is_empty() && runs > 1 << REP_BITS {
        return Err(Error::Options {
            option: "--runs",
            message: format!(
                "at most {} replications with uncertain inputs, got {runs}",
                1u64 << REP_BITS
            ),
        });
    }
    Ok(())
}

/// The model of replication `rep`: the scenario with its drawn values, and
/// those values.
pub fn model_for(scenario: &Scenario, seed: u64, rep: u64) -> Result<(Model, Vec<f64>), Error> {
    let values = draws(scenario, seed, rep);
    let s = with_values(scenario, &values).map_err(|(key, message)| {
        let drawn: Vec<String> = scenario
            .uncertain
            .iter()
            .zip(&values)
            .map(|(u, x)| format!("{} = {x}", u.path))
            .collect();
        Error::Options {
            option: "uncertain inputs",
            message: format!(
                "replication {rep} drew {}, and with these values the scenario is not valid: \
                 {key}: {message}; narrow the ranges so that every combination is valid",
                drawn.join(", ")
            ),
        }
    })?;
    Ok((Model::new(&s)?, values))
}

/// The squared Pearson correlation of `x` and `y` over the pairs where `y`
/// is defined; `None` when fewer than 3 pairs or either does not vary.
pub fn share_of_variance(x: &[f64], y: &[f64]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len() as f64;
    if pairs.len() < 3 {
        return None;
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in &pairs {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy * sxy / (sxx * syy)).clamp(0.0, 1.0))
}

/// One uncertain input in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputSummary {
    /// Key path.
    pub path: String,
    /// `triangular` or `uniform`.
    pub distribution: String,
    /// Lowest value.
    pub low: f64,
    /// Most likely value (triangular only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    /// Highest value.
    pub high: f64,
    /// The value of the base scenario (mode, or midpoint).
    pub point: f64,
    /// Mean of the values drawn.
    pub drawn_mean: f64,
    /// Standard deviation of the values drawn (n − 1).
    pub drawn_sd: Option<f64>,
    /// Share of each of [`DRIVER_KPIS`]'s variance over [`DRIVER_PERIOD`]
    /// explained by this input (`null` where not defined).
    pub share_of_variance: BTreeMap<String, Option<f64>>,
}

/// The `uncertain_inputs` block of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertainBlock {
    /// How the shares are computed.
    pub method: String,
    /// The window of the shares.
    pub period: String,
    /// The share an input with no effect shows by chance, 1/(n − 1).
    pub chance_level: Option<f64>,
    /// The inputs, sorted by path.
    pub inputs: Vec<InputSummary>,
}

impl UncertainBlock {
    /// The input that explains most of `kpi`'s variance, with its share.
    pub fn driver(&self, kpi: &str) -> Option<(&InputSummary, f64)> {
        self.inputs
            .iter()
            .filter_map(|i| Some((i, (*i.share_of_variance.get(kpi)?)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// The method, in words (written into `summary.json`).
pub const METHOD: &str = "share of the KPI's variance across replications explained linearly by \
     the input: the squared Pearson correlation of the input's drawn values with the KPI over \
     the window; the rest is the replications' own randomness, interactions and non-linear \
     effects";

/// The block of an outcome: `inputs` with their `draws[rep][input]`, and
/// the KPI rows `kpis.get(rep, period, kpi)` of the windows `labels`. `None`
/// without uncertain inputs. Numbers to 10 significant digits.
pub fn summarise(
    inputs: &[UncertainInput],
    draws: &[Vec<f64>],
    labels: &[&str],
    kpis: &crate::metrics::KpiRows,
) -> Option<UncertainBlock> {
    if inputs.is_empty() {
        return None;
    }
    let n = draws.len();
    let period = labels.iter().position(|l| *l == DRIVER_PERIOD);
    let column = |k: usize| -> Vec<f64> {
        match period {
            Some(p) => kpis.column(p, k).collect(),
            None => vec![f64::NAN; n],
        }
    };
    let opt = |x: Option<f64>| x.map(round_sig);
    let inputs = inputs
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let x: Vec<f64> = draws.iter().map(|d| d[i]).collect();
            let mean = x.iter().sum::<f64>() / n.max(1) as f64;
            let sd = (n > 1).then(|| {
                (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
            });
            let share_of_variance = DRIVER_KPIS
                .iter()
                .map(|k| {
                    let y = kpi_index(k).map_or_else(|| vec![f64::NAN; n], column);
                    (k.to_string(), opt(share_of_variance(&x, &y)))
                })
                .collect();
            InputSummary {
                path: u.path.clone(),
                distribution: u.distribution().to_string(),
                low: u.low,
                mode: u.mode,
                high: u.high,
                point: u.point(),
                drawn_mean: round_sig(mean),
                drawn_sd: opt(sd),
                share_of_variance,
            }
        })
        .collect();
    debug_assert!(DRIVER_KPIS.iter().all(|k| KPIS.contains(k)));
    Some(UncertainBlock {
        method: METHOD.to_string(),
        period: DRIVER_PERIOD.to_string(),
        chance_level: opt((n > 1).then(|| 1.0 / (n - 1) as f64)),
        inputs,
    })
}

/// The terminal's lines on the uncertain inputs: for each KPI of
/// [`DRIVER_KPIS`], the input that drives its spread most.
pub fn terminal_lines(block: &UncertainBlock) -> Vec<String> {
    let mut lines = vec![format!(
        "Uncertain inputs ({}): {}",
        block.inputs.len(),
        block
            .inputs
            .iter()
            .map(|i| match i.mode {
                Some(m) => format!("{} {}–{}–{}", i.path, i.low, m, i.high),
                None => format!("{} {}–{}", i.path, i.low, i.high),
            })
            .collect::<Vec<_>>()
            .join("; ")
    )];
    for k in DRIVER_KPIS {
        if let Some((i, share)) = block.driver(k) {
            lines.push(format!(
                "  spread of {k} ({}): {:.0}% of its variance explained by {}",
                block.period,
                share * 100.0,
                i.path
            ));
        }
    }
    lines
}
