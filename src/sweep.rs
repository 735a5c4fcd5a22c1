//! Sweeps (MODEL §11): one or two numeric scenario parameters over a range
//! of values, every point on common random numbers (the same seed and
//! replication indices), each KPI against the parameter.
//!
//! A parameter is any numeric scenario value by its dotted path, as
//! `--set` takes it: `workforce.fte`, `workforce.absence.rate`,
//! `inflow.meldingen.volume.2025`, `stages.triage.hours.mean`, …

use crate::engine::Model;
use crate::error::Error;
use crate::metrics::{KPIS, NORMS, Period, PeriodKind};
use crate::montecarlo::{self, RunOptions};
use crate::scenario::Scenario;
use crate::stats::quantile_sorted;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// Most points of a sweep (all parameters together).
pub const MAX_POINTS: usize = 1000;

/// A swept parameter: its path and its values, in the order given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The dotted key path, as for `--set`.
    pub path: String,
    /// The values, in order.
    pub values: Vec<f64>,
}

fn bad(spec: &str, message: String) -> Error {
    Error::Options {
        option: "--param",
        message: format!("{spec}: {message}"),
    }
}

fn number(spec: &str, s: &str) -> Result<f64, Error> {
    let t = s.trim();
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| {
            bad(
                spec,
                format!("`{t}` is not a number; write e.g. 58.9 (a point, not a comma)"),
            )
        })
}

/// Parses `PATH=A..B:STEP` (from A to B inclusive in steps of STEP) or
/// `PATH=v1,v2,…`.
pub fn parse_param(spec: &str) -> Result<Param, Error> {
    let Some((path, values)) = spec.split_once('=') else {
        return Err(bad(
            spec,
            "expected PATH=A..B:STEP or PATH=v1,v2,…, e.g. workforce.fte=58..74:2".into(),
        ));
    };
    let path = path.trim();
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(bad(
            spec,
            "the key path before `=` is empty or has an empty segment".into(),
        ));
    }
    let values = values.trim();
    let out = if let Some((range, step)) = values.split_once(':') {
        let Some((a, b)) = range.split_once("..") else {
            return Err(bad(
                spec,
                "a range is written A..B:STEP, e.g. 58..74:2".into(),
            ));
        };
        let (a, b, step) = (number(spec, a)?, number(spec, b)?, number(spec, step)?);
        if step <= 0.0 {
            return Err(bad(spec, format!("the step must be above 0, got {step}")));
        }
        if b < a {
            return Err(bad(
                spec,
                format!("the range {a}..{b} is empty: B must be at least A"),
            ));
        }
        let n = ((b - a) / step + 1e-9).floor() as usize + 1;
        if n > MAX_POINTS {
            return Err(bad(spec, format!("{n} values; at most {MAX_POINTS}")));
        }
        // Values as a + i·step, rounded to 12 significant digits so that
        // 0.1 steps print as 0.3, not 0.30000000000000004.
        (0..n)
            .map(|i| {
                let v = a + i as f64 * step;
                format!("{v:.12e}").parse::<f64>().unwrap_or(v)
            })
            .collect::<Vec<f64>>()
    } else if values.contains("..") {
        return Err(bad(
            spec,
            "a range needs its step: A..B:STEP, e.g. 58..74:2".into(),
        ));
    } else {
        values
            .split(',')
            .map(|v| number(spec, v))
            .collect::<Result<Vec<f64>, Error>>()?
    };
    if out.is_empty() {
        return Err(bad(spec, "no values".into()));
    }
    Ok(Param {
        path: path.to_string(),
        values: out,
    })
}

/// One point of the sweep: its parameter values.
pub type Point = Vec<f64>;

/// Every point of the grid of `params`, the first parameter slowest.
pub fn points(params: &[Param]) -> Vec<Point> {
    let mut out: Vec<Point> = vec![Vec::new()];
    for p in params {
        out = out
            .into_iter()
            .flat_map(|pt| {
                p.values.iter().map(move |v| {
                    let mut q = pt.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    out
}

/// The scenario at a point: the base overrides, then the point's values.
pub fn scenario_at(
    path: Option<&Path>,
    overrides: &[String],
    params: &[Param],
    point: &[f64],
) -> Result<Scenario, Error> {
    let values: Vec<(&str, f64)> = params
        .iter()
        .map(|p| p.path.as_str())
        .zip(point.iter().copied())
        .collect();
    scenario_with(path, overrides, &values)
}

/// The scenario with the base overrides, then each `(path, value)` as a
/// `--set` (a whole number prints without a point, `30`, so keys that take
/// whole numbers accept it).
pub fn scenario_with(
    path: Option<&Path>,
    overrides: &[String],
    values: &[(&str, f64)],
) -> Result<Scenario, Error> {
    let mut sets = overrides.to_vec();
    sets.extend(values.iter().map(|(p, v)| format!("{p}={v}")));
    crate::scenario::load(path, &sets)
}

/// One KPI over one period at one point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The parameter values.
    pub point: Point,
    /// The period's label.
    pub period: String,
    /// The KPI.
    pub kpi: String,
    /// Runs in which it is defined.
    pub n: usize,
    /// Median, 5th and 95th percentile, 25th and 75th.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
    /// The norm, for the KPIs that have one.
    pub norm: Option<f64>,
    /// Share of the defined runs that meet it.
    pub p_norm: Option<f64>,
}

/// A finished sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    /// The base scenario's name.
    pub scenario: String,
    /// The parameters.
    pub params: Vec<Param>,
    /// Runs and seed, the same at every point.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// The periods (those of the first point).
    pub periods: Vec<Period>,
    /// Every point × period × KPI.
    pub rows: Vec<Row>,
}

/// Runs the sweep. `progress` counts replications over all points.
pub fn sweep(
    path: Option<&Path>,
    overrides: &[String],
    params: Vec<Param>,
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Sweep, Error> {
    let pts = points(&params);
    if pts.len() > MAX_POINTS {
        return Err(Error::Options {
            option: "--param",
            message: format!("{} points; at most {MAX_POINTS}", pts.len()),
        });
    }
    let mut rows = Vec::new();
    let mut periods: Option<Vec<Period>> = None;
    let mut name = String::new();
    for pt in &pts {
        let s = scenario_at(path, overrides, &params, pt)?;
        let model = Model::new(&s)?;
        let labels = |v: &[Period]| v.iter().map(|p| p.label.clone()).collect::<Vec<_>>();
        match &periods {
            Some(p) if labels(p) != labels(&model.windows) => {
                return Err(Error::Options {
                    option: "--param",
                    message: format!(
                        "the periods change along the sweep (at {}); sweep a parameter that keeps the horizon",
                        describe_point(&params, pt)
                    ),
                });
            }
            Some(_) => {}
            None => {
                periods = Some(model.windows.clone());
                name = s.name.clone();
            }
        }
        let outcome = montecarlo::run_scenario(&s, &model, options, progress, cancel)?;
        for (pi, p) in outcome.periods.iter().enumerate() {
            for (k, kpi) in KPIS.iter().enumerate() {
                let mut v: Vec<f64> = outcome
                    .kpis
                    .column(pi, k)
                    .filter(|x| x.is_finite())
                    .collect();
                v.sort_by(f64::total_cmp);
                let q = |x: f64| {
                    if v.is_empty() {
                        f64::NAN
                    } else {
                        quantile_sorted(&v, x)
                    }
                };
                let norm = NORMS.iter().find(|n| n.kpi == *kpi).map(|n| n.at_least);
                let n = v.len();
                rows.push(Row {
                    point: pt.clone(),
                    period: p.label.clone(),
                    kpi: kpi.to_string(),
                    n,
                    median: q(0.5),
                    p5: q(0.05),
                    p25: q(0.25),
                    p75: q(0.75),
                    p95: q(0.95),
                    mean: if n > 0 {
                        v.iter().sum::<f64>() / n as f64
                    } else {
                        f64::NAN
                    },
                    norm,
                    p_norm: norm
                        .filter(|_| n > 0)
                        .map(|t| v.iter().filter(|x| **x >= t - 1e-12).count() as f64 / n as f64),
                });
            }
        }
    }
    Ok(Sweep {
        scenario: name,
        params,
        runs: options.runs,
        seed: options.seed,
        periods: periods.unwrap_or_default(),
        rows,
    })
}

fn describe_point(params: &[Param], pt: &[f64]) -> String {
    params
        .iter()
        .zip(pt)
        .map(|(p, v)| format!("{}={v}", p.path))
        .collect::<Vec<_>>()
        .join(", ")
}

fn num(x: f64) -> String {
    if x.is_finite() {
        let r = (x * 1e9).round() / 1e9;
        format!("{}", if r == 0.0 { 0.0 } else { r })
    } else {
        String::new()
    }
}

/// `sweep.csv`: one row per point × period × KPI.
pub fn csv(s: &Sweep) -> Result<Vec<u8>, Error> {
    let err = |e: csv::Error| Error::Internal {
        message: format!("could not format sweep.csv: {e}"),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = s.params.iter().map(|p| p.path.clone()).collect();
    head.extend(
        [
            "period",
            "kind",
            "kpi",
            "runs",
            "median",
            "p5",
            "p25",
            "p75",
            "p95",
            "mean",
            "norm",
            "p_norm_met",
        ]
        .map(String::from),
    );
    w.write_record(&head).map_err(err)?;
    for r in &s.rows {
        let kind = s
            .periods
            .iter()
            .find(|p| p.label == r.period)
            .map_or(String::new(), |p| format!("{:?}", p.kind).to_lowercase());
        let mut rec: Vec<String> = r.point.iter().map(|v| num(*v)).collect();
        rec.extend([
            r.period.clone(),
            kind,
            r.kpi.clone(),
            r.n.to_string(),
            num(r.median),
            num(r.p5),
            num(r.p25),
            num(r.p75),
            num(r.p95),
            num(r.mean),
            r.norm.map(num).unwrap_or_default(),
            r.p_norm.map(num).unwrap_or_default(),
        ]);
        w.write_record(&rec).map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Internal {
        message: format!("could not format sweep.csv: {e}"),
    })
}

/// The KPIs the terminal table shows.
pub const TABLE_KPIS: [&str; 4] = [
    "triage_within_term",
    "onderzoek_within_term",
    "backlog_end",
    "employed_fte_mean",
];

/// The terminal table: for the last year of the horizon, each point's
/// median [5–95%] of the main KPIs and the probability of meeting the
/// norms.
pub fn table(s: &Sweep) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let Some(year) = s
        .periods
        .iter()
        .rfind(|p| p.kind == PeriodKind::Year && !p.partial)
        .or_else(|| s.periods.iter().find(|p| p.kind == PeriodKind::Horizon))
    else {
        return out;
    };
    let _ = writeln!(
        out,
        "sweep · {} · {} runs per point · seed {} · common random numbers · {}",
        s.scenario, s.runs, s.seed, year.label
    );
    let _ = writeln!(
        out,
        "median [5%–95%] across runs; P = share of runs meeting the norm"
    );
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut head: Vec<String> = s.params.iter().map(|p| p.path.clone()).collect();
    for k in TABLE_KPIS {
        head.push(k.to_string());
        if NORMS.iter().any(|n| n.kpi == k) {
            head.push(format!("P({k} ≥ norm)"));
        }
    }
    lines.push(head);
    for pt in points(&s.params) {
        let mut line: Vec<String> = pt.iter().map(|v| num(*v)).collect();
        for k in TABLE_KPIS {
            let r = s
                .rows
                .iter()
                .find(|r| r.point == pt && r.period == year.label && r.kpi == k);
            let share = k.contains("within_term");
            let show = |x: f64| {
                if !x.is_finite() {
                    "–".to_string()
                } else if share {
                    format!("{:.0}%", x * 100.0)
                } else if k.ends_with("fte_mean") {
                    format!("{x:.1}")
                } else {
                    format!("{x:.0}")
                }
            };
            line.push(r.map_or("–".into(), |r| {
                format!("{} [{}–{}]", show(r.median), show(r.p5), show(r.p95))
            }));
            if NORMS.iter().any(|n| n.kpi == k) {
                line.push(
                    r.and_then(|r| r.p_norm)
                        .map_or("–".into(), |p| format!("{:.0}%", p * 100.0)),
                );
            }
        }
        lines.push(line);
    }
    let cols = lines[0].len();
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for l in &lines {
        let mut t = String::new();
        for (c, cell) in l.iter().enumerate() {
            let pad = width[c] - cell.chars().count();
            t.push_str(&" ".repeat(pad + if c == 0 { 0 } else { 2 }));
            t.push_str(cell);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_parse_as_ranges_or_lists_with_clear_errors() {
        let p = parse_param("workforce.fte=58..64:2").unwrap();
        assert_eq!(p.path, "workforce.fte");
        assert_eq!(p.values, [58.0, 60.0, 62.0, 64.0]);
        let p = parse_param("workforce.absence.rate=0.05..0.08:0.01").unwrap();
        assert_eq!(p.values, [0.05, 0.06, 0.07, 0.08]);
        let p = parse_param("inflow.meldingen.volume.2025=4400, 5220").unwrap();
        assert_eq!(p.values, [4400.0, 5220.0]);
        for (spec, says) in [
            ("workforce.fte", "expected PATH=A..B:STEP"),
            ("=1,2", "empty"),
            ("workforce.fte=64..58:2", "is empty"),
            ("workforce.fte=58..64:0", "step must be above 0"),
            ("workforce.fte=58..64", "A..B:STEP"),
            ("workforce.fte=0..1e6:1", "at most 1000"),
            ("workforce.fte=a,b", "not a number"),
        ] {
            let e = parse_param(spec).unwrap_err().to_string();
            assert!(e.contains(says), "{spec}: {e}");
        }
    }

    #[test]
    fn a_grid_has_every_combination_the_first_parameter_slowest() {
        let a = parse_param("a=1,2").unwrap();
        let b = parse_param("b=10,20,30").unwrap();
        let g = points(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], [1.0, 10.0]);
        assert_eq!(g[2], [1.0, 30.0]);
        assert_eq!(g[3], [2.0, 10.0]);
    }

    #[test]
    fn whole_values_are_set_without_a_point() {
        // Keys that take whole numbers (days, counts) get `30`, not `30.0`.
        assert_eq!(format!("{}", 30.0_f64), "30");
        let s =
            scenario_with(None, &[], &[("warmup_days", 30.0), ("workforce.fte", 60.5)]).unwrap();
        assert_eq!((s.warmup_days, s.workforce.fte), (30, Some(60.5)));
    }
}
