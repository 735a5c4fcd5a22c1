//! `vtsim required`: the smallest (or, for a parameter that hurts, the
//! largest) value of a scenario parameter at which a KPI meets a target in
//! at least a given share of the replications.
//!
//! Every probe runs with the same seed and replication indices (common
//! random numbers), so replication i sees the same meldingen at every value
//! and the share of replications meeting the target moves with the
//! parameter only. The search brackets the answer with the two ends of the
//! range, then bisects until the bracket is no wider than the resolution.

use crate::engine::Model;
use crate::error::Error;
use crate::metrics::{PeriodKind, kpi_index};
use crate::montecarlo::{self, RunOptions};
use crate::scenario::Scenario;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Most probes of a search (the bisection stops earlier at the resolution).
pub const MAX_PROBES: usize = 40;

/// A target on a KPI: `kpi>=value` or `kpi<=value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The KPI.
    pub kpi: String,
    /// `true` for `>=`, `false` for `<=`.
    pub at_least: bool,
    /// The value.
    pub value: f64,
}

impl Target {
    /// Whether a replication's value meets the target.
    pub fn met(&self, x: f64) -> bool {
        x.is_finite()
            && if self.at_least {
                x >= self.value
            } else {
                x <= self.value
            }
    }
}

fn bad(option: &'static str, message: String) -> Error {
    Error::Options { option, message }
}

/// Parses `kpi>=0.95` or `backlog_end<=100`.
pub fn parse_target(spec: &str) -> Result<Target, Error> {
    let (kpi, at_least, v) = if let Some((k, v)) = spec.split_once(">=") {
        (k, true, v)
    } else if let Some((k, v)) = spec.split_once("<=") {
        (k, false, v)
    } else {
        return Err(bad(
            "--target",
            format!("{spec}: expected KPI>=VALUE or KPI<=VALUE, e.g. 'triage_within_term>=0.95'"),
        ));
    };
    let kpi = kpi.trim();
    if kpi_index(kpi).is_none() {
        let names: Vec<String> = crate::metrics::KPIS.iter().map(|s| s.to_string()).collect();
        let hint = crate::scenario::did_you_mean(kpi, &names)
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        return Err(bad(
            "--target",
            format!("unknown KPI `{kpi}`{hint} (the KPIs are the columns of runs.csv)"),
        ));
    }
    let value: f64 = v
        .trim()
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or_else(|| {
            bad(
                "--target",
                format!(
                    "{spec}: `{}` is not a number (a share is 0.95, not 95%)",
                    v.trim()
                ),
            )
        })?;
    Ok(Target {
        kpi: kpi.to_string(),
        at_least,
        value,
    })
}

/// The parameter's range: `PATH=LO..HI` with an optional `:RESOLUTION`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Range {
    /// The dotted key path, as for `--set`.
    pub path: String,
    /// Lowest value tried.
    pub lo: f64,
    /// Highest value tried.
    pub hi: f64,
    /// The search stops when the bracket is this narrow.
    pub resolution: f64,
}

/// Parses `workforce.fte=50..90` or `workforce.fte=50..90:0.5`.
pub fn parse_range(spec: &str) -> Result<Range, Error> {
    let err = |m: &str| bad("--param", format!("{spec}: {m}"));
    let (path, rest) = spec
        .split_once('=')
        .ok_or_else(|| err("expected PATH=LO..HI[:RESOLUTION], e.g. workforce.fte=50..90:0.5"))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(err(
            "the key path before `=` is empty or has an empty segment",
        ));
    }
    let (range, res) = match rest.split_once(':') {
        Some((r, s)) => (r, Some(s)),
        None => (rest, None),
    };
    let (lo, hi) = range
        .split_once("..")
        .ok_or_else(|| err("the range is written LO..HI, e.g. 50..90"))?;
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| err(&format!("`{}` is not a number", s.trim())))
    };
    let (lo, hi) = (num(lo)?, num(hi)?);
    if hi <= lo {
        return Err(err("HI must be above LO"));
    }
    let resolution = match res {
        Some(s) => num(s)?,
        None => (hi - lo) / 100.0,
    };
    if resolution <= 0.0 {
        return Err(err("the resolution must be above 0"));
    }
    Ok(Range {
        path: path.to_string(),
        lo,
        hi,
        resolution,
    })
}

/// One evaluated value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Probe {
    /// The parameter value.
    pub value: f64,
    /// Share of the replications meeting the target.
    pub share: f64,
    /// Its Monte Carlo standard error, √(p(1 − p)/n).
    pub se: f64,
    /// Replications in which the KPI is defined.
    pub n: usize,
    /// Per replication (in index order): whether it met the target, `None`
    /// where the KPI is not defined. Not written to required.json.
    #[serde(skip)]
    pub met: Vec<Option<bool>>,
}

/// The answer read as a quantile of the per-replication thresholds.
///
/// On common random numbers each replication has its own threshold: the
/// value from which on it meets the target (MODEL §9: more staff does not
/// change which meldingen arrive, so a replication's KPI is close to
/// monotone in the value). The share of runs meeting the target at a value
/// is then the empirical distribution function of those thresholds, and
/// the answer at confidence c is their c-quantile. The search bisects on
/// that distribution function, so the same probes bracket every
/// replication's threshold; `lower` and `upper` are found by bisecting
/// for the order statistics of ranks `ranks.0` and `ranks.1`, the
/// distribution-free interval that holds the quantile of the population of
/// replications with probability `level` (binomial ranks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantile {
    /// The coverage of the interval (0.95).
    pub level: f64,
    /// Replications with a defined KPI at the answer.
    pub n: usize,
    /// The ranks (1-based) of the order statistics bounding the interval.
    pub ranks: (usize, usize),
    /// The lower end; `None` when it lies below the range (or the rank is
    /// 0: too few runs for a lower end).
    pub lower: Option<f64>,
    /// The upper end; `None` when it lies beyond the range (or above the
    /// largest rank).
    pub upper: Option<f64>,
    /// Replications whose outcome over the probes, in order of the value,
    /// is not monotone (met, then not met further on): their threshold is
    /// taken as the last change.
    pub non_monotone: usize,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The value found: the smallest that meets the target when a larger
    /// value helps, the largest when a larger value hurts.
    pub value: f64,
    /// Whether a larger value helps.
    pub larger_helps: bool,
    /// The bracket at the end: the value found and the nearest value that
    /// did not meet the target (equal to the value when the target is met
    /// across the whole range).
    pub bracket: (f64, f64),
    /// Every probe, in the order run.
    pub probes: Vec<Probe>,
    /// The period the KPI is taken over.
    pub period: String,
    /// The Monte Carlo uncertainty of the answer, from the per-replication
    /// thresholds (`None` when the search ran without it, or the target is
    /// met across the whole range).
    pub quantile: Option<Quantile>,
}

/// What a search asks, apart from how the scenario at a value is built.
#[derive(Debug, Clone, Copy)]
pub struct Search<'a> {
    /// The parameter's range and resolution.
    pub range: &'a Range,
    /// The target.
    pub target: &'a Target,
    /// The share of runs that must meet it.
    pub confidence: f64,
    /// The period (a label), or the last full year.
    pub period: Option<&'a str>,
    /// Runs, seed and threads, the same for every probe.
    pub options: RunOptions,
    /// Also bisect for the interval of [`Quantile`] (up to twice as many
    /// probes again; usually a few).
    pub interval: bool,
}

/// The coverage of [`Quantile`]'s interval.
pub const INTERVAL_LEVEL: f64 = 0.95;

/// The most probes a search of `range` can take: both ends, the bisection,
/// and (with the interval) a bisection for each end of the interval.
pub fn probes_at_most(range: &Range, interval: bool) -> usize {
    let steps = ((range.hi - range.lo) / range.resolution)
        .log2()
        .ceil()
        .max(0.0) as usize;
    (2 + steps * if interval { 3 } else { 1 }).min(MAX_PROBES)
}

/// Runs the search.
#[allow(clippy::too_many_arguments)]
pub fn required(
    path: Option<&Path>,
    overrides: &[String],
    range: &Range,
    target: &Target,
    confidence: f64,
    period: Option<&str>,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Answer, Error> {
    let build = |v: f64| crate::sweep::scenario_with(path, overrides, &[(range.path.as_str(), v)]);
    let answer = search(
        &build,
        Search {
            range,
            target,
            confidence,
            period,
            options,
            interval: true,
        },
        progress,
        cancel,
    );
    match answer {
        Err(Error::Options { option, message }) if message.starts_with(NOT_REACHED) => {
            let ceiling = staffing_ceiling(
                path, overrides, target, confidence, period, options, progress, cancel,
            )?;
            Err(Error::Options {
                option,
                message: match ceiling {
                    // Staffing cannot reach it: widening the range does not help.
                    Some(c) if c.starts_with(NOT_REACHABLE) => {
                        let head = message
                            .split("; widen the range")
                            .next()
                            .unwrap_or(&message);
                        format!("{head}.\n{c}")
                    }
                    Some(c) => format!("{message}.\n{c}"),
                    None => message,
                },
            })
        }
        a => a,
    }
}

/// How the "not reached" message of [`search`] begins.
const NOT_REACHED: &str = "not reached in ";

/// How the sentence of [`staffing_ceiling`] begins when staffing cannot
/// reach the target.
const NOT_REACHABLE: &str = "not reachable by staffing in this model";

/// For a term target that the search could not reach: the term at twice
/// the scenario's FTE, and — when that still does not meet the target —
/// the sentence that says the target lies above what staffing can reach
/// in this model, and why (the stage's elapsed minimum). `None` for other
/// targets, or a scenario without `workforce.fte`.
#[allow(clippy::too_many_arguments)]
pub fn staffing_ceiling(
    path: Option<&Path>,
    overrides: &[String],
    target: &Target,
    confidence: f64,
    period: Option<&str>,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Option<String>, Error> {
    let stage = match target.kpi.as_str() {
        "triage_within_term" => "triage",
        "vv_within_term" => "vv",
        "onderzoek_within_term" => "onderzoek",
        _ => return Ok(None),
    };
    if !target.at_least {
        return Ok(None);
    }
    let base = crate::sweep::scenario_with(path, overrides, &[])?;
    let Some(fte) = base.workforce.fte else {
        return Ok(None);
    };
    let twice = (20.0 * fte).round() / 10.0;
    let s = crate::sweep::scenario_with(path, overrides, &[("workforce.fte", twice)])?;
    let model = Model::new(&s)?;
    let pi = window_for(&model, period)?;
    let k = kpi_index(&target.kpi).unwrap_or(0);
    let outcome = montecarlo::run_scenario(&s, &model, options, progress, cancel)?;
    let mut v: Vec<f64> = outcome
        .kpis
        .column(pi, k)
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return Ok(None);
    }
    v.sort_by(f64::total_cmp);
    // Type-7 quantiles, as in summary.json and every other band.
    let q = |p: f64| crate::stats::quantile_sorted(&v, p);
    let met = v.iter().filter(|x| target.met(**x)).count() as f64 / v.len() as f64;
    let name = match stage {
        "triage" => "the safety assessment",
        "vv" => "V&V",
        _ => "Onderzoek",
    };
    let head = format!(
        "with twice the FTE ({twice}) {name} reaches {:.0}% in {} (median; 90% of the runs {:.0}%–{:.0}%), \
         and {:.0}% of the runs meet {}>={}",
        q(0.5) * 100.0,
        model.windows[pi].label,
        q(0.05) * 100.0,
        q(0.95) * 100.0,
        met * 100.0,
        target.kpi,
        target.value
    );
    if met >= confidence {
        return Ok(Some(format!("{head}: widen the range of the search")));
    }
    let st = match stage {
        "triage" => &s.stages.triage,
        "vv" => &s.stages.vv,
        _ => &s.stages.onderzoek,
    };
    let term = if stage == "triage" {
        format!("{} working days", s.pathway.triage_term_working_days)
    } else {
        format!("{} days", s.pathway.service_term_days)
    };
    Ok(Some(format!(
        "{NOT_REACHABLE}: {head}, because the elapsed minimum of the stage \
         (stages.{stage}.min_days, mean {:.0} working days, against a term of {term}) makes part of \
         the cases late however many people work on them (docs/model.md, \"Known limitations\")",
        st.min_days.mean()
    )))
}

/// The window of `period`, or the last full year, or the horizon.
fn window_for(model: &Model, period: Option<&str>) -> Result<usize, Error> {
    Ok(match period {
        Some(p) => model
            .windows
            .iter()
            .position(|w| w.label == p)
            .ok_or_else(|| {
                let names: Vec<&str> = model.windows.iter().map(|w| w.label.as_str()).collect();
                bad(
                    "--period",
                    format!("no period `{p}`; the periods are {}", names.join(", ")),
                )
            })?,
        None => model
            .windows
            .iter()
            .rposition(|w| w.kind == PeriodKind::Year && !w.partial)
            .or_else(|| {
                model
                    .windows
                    .iter()
                    .position(|w| w.kind == PeriodKind::Horizon)
            })
            .unwrap_or(0),
    })
}

/// The ranks (l, u), 1-based, of the order statistics that hold the
/// c-quantile of n values with probability at least `level`: the largest
/// l with P(B < l) ≤ (1 − level)/2 and the smallest u with P(B ≥ u) ≤
/// (1 − level)/2, B ~ Binomial(n, c). l may be 0 and u may be n + 1 (no
/// bound on that side with so few runs).
pub fn interval_ranks(n: usize, c: f64, level: f64) -> (usize, usize) {
    let tail = (1.0 - level) / 2.0;
    if n == 0 || c >= 1.0 {
        return (n, n + 1);
    }
    if c <= 0.0 {
        return (0, 1);
    }
    // cdf[k] = P(B ≤ k), from the pmf in logarithms (no underflow).
    let (lc, lq) = (c.ln(), (1.0 - c).ln());
    let mut ln_pmf = n as f64 * lq;
    let mut cdf = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    for k in 0..=n {
        if k > 0 {
            ln_pmf += ((n - k + 1) as f64 / k as f64).ln() + lc - lq;
        }
        acc += ln_pmf.exp();
        cdf.push(acc.min(1.0));
    }
    // P(B < l) = cdf[l − 1] ≤ tail: the largest such l.
    let l = (1..=n).rev().find(|&l| cdf[l - 1] <= tail).unwrap_or(0);
    // P(B ≥ u) = 1 − cdf[u − 1] ≤ tail: the smallest such u.
    let u = (1..=n).find(|&u| 1.0 - cdf[u - 1] <= tail).unwrap_or(n + 1);
    (l, u)
}

/// The search for any way of building the scenario at a value (the
/// decomposition searches on variants of the scenario).
pub fn search(
    build: &dyn Fn(f64) -> Result<Scenario, Error>,
    q: Search<'_>,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Answer, Error> {
    let (range, target, confidence, period) = (q.range, q.target, q.confidence, q.period);
    if !(confidence > 0.0 && confidence <= 1.0) {
        return Err(bad(
            "--confidence",
            format!("a share of the runs in (0, 1], e.g. 0.8; got {confidence}"),
        ));
    }
    let k = kpi_index(&target.kpi)
        .ok_or_else(|| bad("--target", format!("unknown KPI {}", target.kpi)))?;
    let mut label = String::new();
    let mut probes: Vec<Probe> = Vec::new();
    let eval = |v: f64, label: &mut String| -> Result<Probe, Error> {
        let s = build(v)?;
        let model = Model::new(&s)?;
        let pi = window_for(&model, period)?;
        label.clone_from(&model.windows[pi].label);
        let outcome = montecarlo::run_scenario(&s, &model, q.options, progress, cancel)?;
        let met: Vec<Option<bool>> = outcome
            .kpis
            .column(pi, k)
            .map(|x| Some(x).filter(|x| x.is_finite()).map(|x| target.met(x)))
            .collect();
        let n = met.iter().flatten().count();
        let hits = met.iter().flatten().filter(|m| **m).count();
        let share = if n > 0 { hits as f64 / n as f64 } else { 0.0 };
        Ok(Probe {
            value: v,
            share,
            se: if n > 0 {
                (share * (1.0 - share) / n as f64).sqrt()
            } else {
                f64::NAN
            },
            n,
            met,
        })
    };
    let lo = eval(range.lo, &mut label)?;
    probes.push(lo.clone());
    let hi = eval(range.hi, &mut label)?;
    probes.push(hi.clone());
    let larger_helps = hi.share >= lo.share;
    let ok = |p: &Probe| p.share >= confidence;
    match (ok(&lo), ok(&hi)) {
        (true, true) => {
            // Met across the whole range: the end that asks the least.
            let v = if larger_helps { range.lo } else { range.hi };
            return Ok(Answer {
                value: v,
                larger_helps,
                bracket: (v, v),
                probes,
                period: label,
                quantile: None,
            });
        }
        (false, false) => {
            let best = if hi.share >= lo.share { &hi } else { &lo };
            return Err(bad(
                "--target",
                format!(
                    "{NOT_REACHED}{}..{}: at best {:.0}% of the runs meet {}{}{} (at {} = {}), \
                     {:.0}% are asked; widen the range or lower --confidence",
                    range.lo,
                    range.hi,
                    best.share * 100.0,
                    target.kpi,
                    if target.at_least { ">=" } else { "<=" },
                    target.value,
                    range.path,
                    best.value,
                    confidence * 100.0
                ),
            ));
        }
        _ => {}
    }
    // Bisection in the direction in which the parameter helps: `x` is the
    // value, or minus it for a parameter that hurts.
    let x = |v: f64| if larger_helps { v } else { -v };
    // The bracket of the share crossing `level` from the probes so far:
    // the least (in `x`) value with a share ≥ level, and the greatest value
    // below it with a share under it. `None` for a side with no probe.
    let bracket = |probes: &[Probe], level: f64| -> (Option<f64>, Option<f64>) {
        let good = probes
            .iter()
            .filter(|p| p.share >= level)
            .map(|p| p.value)
            .min_by(|a, b| x(*a).total_cmp(&x(*b)));
        let below = probes
            .iter()
            .filter(|p| p.share < level && good.is_none_or(|g| x(p.value) < x(g)))
            .map(|p| p.value)
            .max_by(|a, b| x(*a).total_cmp(&x(*b)));
        (good, below)
    };
    // Bisects until the bracket of `level` is no wider than the resolution;
    // returns it (good, not good).
    let mut bisect =
        |probes: &mut Vec<Probe>, level: f64| -> Result<(Option<f64>, Option<f64>), Error> {
            loop {
                let (good, below) = bracket(probes, level);
                let (Some(g), Some(b)) = (good, below) else {
                    return Ok((good, below));
                };
                if (g - b).abs() <= range.resolution || probes.len() >= MAX_PROBES {
                    return Ok((good, below));
                }
                let p = eval((g + b) / 2.0, &mut label)?;
                probes.push(p);
            }
        };
    let (good, below) = bisect(&mut probes, confidence)?;
    let (Some(value), Some(not)) = (good, below) else {
        return Err(Error::Internal {
            message: "required: the bisection lost its bracket".into(),
        });
    };
    let mut quantile = None;
    if q.interval {
        let n = probes.iter().find(|p| p.value == value).map_or(0, |p| p.n);
        let (l, u) = interval_ranks(n, confidence, INTERVAL_LEVEL);
        let mut end = |probes: &mut Vec<Probe>, rank: usize| -> Result<Option<f64>, Error> {
            if rank == 0 || rank > n {
                return Ok(None);
            }
            // The share crosses rank/n there; just below it, so that a share
            // computed as rank/n counts as reaching it.
            let level = (rank as f64 - 0.5) / n as f64;
            let (good, below) = bisect(probes, level)?;
            // Reached at the near end of the range: the end is a bound there;
            // never reached: beyond the range.
            Ok(if below.is_none() { None } else { good })
        };
        let lower = end(&mut probes, l)?;
        let upper = end(&mut probes, u)?;
        quantile = Some(Quantile {
            level: INTERVAL_LEVEL,
            n,
            ranks: (l, u),
            lower,
            upper,
            non_monotone: non_monotone(&probes, larger_helps),
        });
    }
    Ok(Answer {
        value,
        larger_helps,
        bracket: (value, not),
        probes,
        period: label,
        quantile,
    })
}

/// Replications that meet the target at one probe and miss it at a probe
/// further in the direction that helps.
fn non_monotone(probes: &[Probe], larger_helps: bool) -> usize {
    let mut order: Vec<&Probe> = probes.iter().collect();
    order.sort_by(|a, b| a.value.total_cmp(&b.value));
    if !larger_helps {
        order.reverse();
    }
    let reps = order.iter().map(|p| p.met.len()).max().unwrap_or(0);
    (0..reps)
        .filter(|&i| {
            let mut seen_met = false;
            order.iter().any(|p| match p.met.get(i).copied().flatten() {
                Some(true) => {
                    seen_met = true;
                    false
                }
                Some(false) => seen_met,
                None => false,
            })
        })
        .count()
}

/// The search as text: the probes, then the answer.
pub fn to_text(range: &Range, target: &Target, confidence: f64, a: &Answer) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let op = if target.at_least { ">=" } else { "<=" };
    let _ = writeln!(
        out,
        "required · {} for {}{}{} in {:.0}% of the runs · {} · common random numbers",
        range.path,
        target.kpi,
        op,
        target.value,
        confidence * 100.0,
        a.period
    );
    let w = range.path.chars().count().max(14);
    let _ = writeln!(out, "{:>w$}  {:>18}", range.path, "runs meeting it");
    let mut probes = a.probes.clone();
    probes.sort_by(|x, y| x.value.total_cmp(&y.value));
    for p in &probes {
        let _ = writeln!(
            out,
            "{:>w$}  {:>10.1}% ±{:.1}{}",
            format!("{}", p.value),
            p.share * 100.0,
            p.se * 100.0,
            if p.value == a.value { "  ←" } else { "" }
        );
    }
    let which = if a.larger_helps {
        "smallest"
    } else {
        "largest"
    };
    let _ = writeln!(
        out,
        "\nThe {which} value of {} at which at least {:.0}% of the runs meet {}{}{} in {}: {} \
         (bracket {} … {}; ± is the Monte Carlo standard error of each share).",
        range.path,
        confidence * 100.0,
        target.kpi,
        op,
        target.value,
        a.period,
        a.value,
        a.bracket.0.min(a.bracket.1),
        a.bracket.0.max(a.bracket.1),
    );
    if let Some(q) = &a.quantile {
        let (lo_end, hi_end) = if a.larger_helps {
            (range.lo, range.hi)
        } else {
            (range.hi, range.lo)
        };
        let end = |v: Option<f64>, beyond: f64, word: &str| match v {
            Some(v) => format!("{v}"),
            None => format!("{word} {beyond}"),
        };
        let (a_txt, b_txt) = if a.larger_helps {
            (end(q.lower, lo_end, "below"), end(q.upper, hi_end, "above"))
        } else {
            (end(q.upper, hi_end, "below"), end(q.lower, lo_end, "above"))
        };
        let _ = writeln!(
            out,
            "Each run has its own threshold on common random numbers; the answer is their {:.0}% \
             quantile, and with {} runs it lies in {} … {} with {:.0}% probability (order \
             statistics {} and {} of the per-run thresholds, to the resolution {}{}).",
            confidence * 100.0,
            q.n,
            a_txt,
            b_txt,
            q.level * 100.0,
            q.ranks.0,
            q.ranks.1,
            range.resolution,
            if q.non_monotone > 0 {
                format!(
                    "; {} of the runs are not monotone over the values tried",
                    q.non_monotone
                )
            } else {
                String::new()
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_ranges_parse_with_clear_errors() {
        let t = parse_target("triage_within_term>=0.95").unwrap();
        assert!(t.at_least && t.value == 0.95 && t.met(0.95) && !t.met(0.94) && !t.met(f64::NAN));
        let t = parse_target("backlog_end <= 100").unwrap();
        assert!(!t.at_least && t.met(100.0) && !t.met(101.0));
        for (spec, says) in [
            ("triage_within_term=0.95", "expected KPI>=VALUE"),
            (
                "triage_within_trm>=0.95",
                "did you mean `triage_within_term`",
            ),
            ("triage_within_term>=95%", "not a number"),
        ] {
            let e = parse_target(spec).unwrap_err().to_string();
            assert!(e.contains(says), "{spec}: {e}");
        }
        let r = parse_range("workforce.fte=50..90:0.5").unwrap();
        assert_eq!((r.lo, r.hi, r.resolution), (50.0, 90.0, 0.5));
        assert_eq!(parse_range("workforce.fte=50..90").unwrap().resolution, 0.4);
        for (spec, says) in [
            ("workforce.fte", "expected PATH=LO..HI"),
            ("workforce.fte=90..50", "HI must be above LO"),
            ("workforce.fte=50-90", "LO..HI"),
            ("workforce.fte=50..90:0", "above 0"),
        ] {
            let e = parse_range(spec).unwrap_err().to_string();
            assert!(e.contains(says), "{spec}: {e}");
        }
    }
}
