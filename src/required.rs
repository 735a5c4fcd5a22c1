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
        let s = crate::sweep::scenario_with(path, overrides, &[(range.path.as_str(), v)])?;
        let model = Model::new(&s)?;
        let pi = match period {
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
        };
        label.clone_from(&model.windows[pi].label);
        let outcome = montecarlo::run_cancellable(&model, options, progress, cancel)?;
        let values: Vec<f64> = outcome
            .kpis
            .iter()
            .map(|r| r[pi][k])
            .filter(|x| x.is_finite())
            .collect();
        let n = values.len();
        let met = values.iter().filter(|x| target.met(**x)).count();
        let share = if n > 0 { met as f64 / n as f64 } else { 0.0 };
        Ok(Probe {
            value: v,
            share,
            se: if n > 0 {
                (share * (1.0 - share) / n as f64).sqrt()
            } else {
                f64::NAN
            },
            n,
        })
    };
    let lo = eval(range.lo, &mut label)?;
    probes.push(lo.clone());
    let hi = eval(range.hi, &mut label)?;
    probes.push(hi.clone());
    let ok = |p: &Probe| p.share >= confidence;
    let larger_helps = hi.share >= lo.share;
    let (mut good, mut bad_v) = match (ok(&lo), ok(&hi)) {
        (true, true) => {
            // Met across the whole range: the end that asks the least.
            let v = if larger_helps { range.lo } else { range.hi };
            return Ok(Answer {
                value: v,
                larger_helps,
                bracket: (v, v),
                probes,
                period: label,
            });
        }
        (false, false) => {
            let best = if hi.share >= lo.share { &hi } else { &lo };
            return Err(bad(
                "--target",
                format!(
                    "not reached in {}..{}: at best {:.0}% of the runs meet {}{}{} (at {} = {}), \
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
        (false, true) => (range.hi, range.lo),
        (true, false) => (range.lo, range.hi),
    };
    while (good - bad_v).abs() > range.resolution && probes.len() < MAX_PROBES {
        let mid = (good + bad_v) / 2.0;
        let p = eval(mid, &mut label)?;
        probes.push(p.clone());
        if ok(&p) {
            good = mid;
        } else {
            bad_v = mid;
        }
    }
    Ok(Answer {
        value: good,
        larger_helps,
        bracket: (good, bad_v),
        probes,
        period: label,
    })
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
