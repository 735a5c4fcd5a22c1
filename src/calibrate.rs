//! Calibration (MODEL §13): numeric scenario parameters adjusted, on common
//! random numbers, until the simulated medians come closest to the
//! observations, each over its own window; with a backtest on observations
//! held out by date, and the ceilings of the terms with ample capacity.
//!
//! The loss (documented in `docs/model.md`, "Calibration"): for each
//! observation used in the fit, the residual of the simulated median `m`
//! against the observed value `y` — `m − y` for a share, `(m − y) / y` for a
//! count — divided by its uncertainty `s = √(s_obs² + s_mc²)`, squared and
//! summed (a chi-square):
//!
//! - `s_obs`, the observation's own uncertainty: 0.02 for a share (a
//!   published whole percentage over a few hundred cases: the binomial
//!   standard deviation √(0.25/500) ≈ 0.022); for a count the larger of 5%
//!   (a stock counted on one day moves by several percent from day to day)
//!   and the Poisson `1/√y` (81 crisis cases: 11%);
//! - `s_mc`, the Monte Carlo uncertainty of the median: half the width of
//!   its 95% order-statistic interval over the replications, divided by
//!   1.96.
//!
//! The uncertainties are fixed at the start of each stage of the search (at
//! its starting point), so the loss is a smooth function of the parameters
//! on common random numbers and a point is not preferred for being noisier.
//!
//! The search works in the unit cube of the ranges: a coarse stage on a
//! quarter of the replications (a grid: 9 points for one parameter, 5 × 5
//! for two, 4 × 4 × 4 for three; coordinate scans for more), then a fine
//! stage on all of them from the best grid point (bounded golden-section
//! search for one parameter, Nelder–Mead with the simplex clamped to the
//! ranges for more). The fitted values are rounded to four significant
//! digits and evaluated once more: the fit reported is that of the values
//! written. The uncertainty of each value is the range, one parameter moved
//! at a time, over which the loss stays within `max(1, σ_L)` of its minimum:
//! 1 is the change of a chi-square that makes a 68% interval, σ_L the
//! standard deviation of the loss over bootstrap resamples of the
//! replications (its Monte Carlo noise).

use crate::engine::Model;
use crate::error::Error;
use crate::metrics::{KPIS, Period};
use crate::montecarlo::{self, RunOptions};
use crate::scenario::{OBSERVABLE, Observation, ReportingPeriod, Scenario};
use crate::stats::quantile_sorted;
use jiff::civil::Date;
use rand::{RngExt, SeedableRng};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Most parameters fitted at once.
pub const MAX_PARAMS: usize = 6;
/// Observational uncertainty of a share (see the module docs).
pub const SD_SHARE: f64 = 0.02;
/// Least relative observational uncertainty of a count.
pub const SD_COUNT_REL: f64 = 0.05;
/// Bootstrap resamples for the loss's Monte Carlo noise.
const BOOTSTRAP: usize = 200;

fn bad(option: &'static str, message: String) -> Error {
    Error::Options { option, message }
}

/// A fitted parameter as given: `[SCENARIO:]PATH[+PATH…][=LO..HI]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitParam {
    /// The specification as written.
    pub spec: String,
    /// The scenario (by its `name`) the parameter belongs to; `None` when
    /// all scenarios share it.
    pub scope: Option<String>,
    /// The key paths set to the value (several paths tie values together,
    /// e.g. the four factors of one measure).
    pub paths: Vec<String>,
    /// Lower bound (`None`: from the scenario's value, half of it).
    pub lo: Option<f64>,
    /// Upper bound (`None`: one and a half times the scenario's value).
    pub hi: Option<f64>,
}

impl FitParam {
    /// The name shown: the scope and the first path.
    pub fn name(&self) -> String {
        let more = if self.paths.len() > 1 {
            format!(" (+{})", self.paths.len() - 1)
        } else {
            String::new()
        };
        match &self.scope {
            Some(s) => format!("{s}:{}{more}", self.paths[0]),
            None => format!("{}{more}", self.paths[0]),
        }
    }
}

fn number(spec: &str, s: &str) -> Result<f64, Error> {
    let t = s.trim();
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| {
            bad(
                "--fit",
                format!(
                    "{spec}: `{t}` is not a number; write e.g. 0.5..1.0 (a point, not a comma)"
                ),
            )
        })
}

/// Parses `[SCENARIO:]PATH[+PATH…][=LO..HI]`.
pub fn parse_fit(spec: &str) -> Result<FitParam, Error> {
    let (lhs, range) = match spec.split_once('=') {
        Some((l, r)) => (l, Some(r)),
        None => (spec, None),
    };
    let (scope, paths) = match lhs.split_once(':') {
        Some((s, p)) => {
            let s = s.trim();
            if s.is_empty() {
                return Err(bad(
                    "--fit",
                    format!("{spec}: the scenario name before `:` is empty"),
                ));
            }
            (Some(s.to_string()), p)
        }
        None => (None, lhs),
    };
    let paths: Vec<String> = paths.split('+').map(|p| p.trim().to_string()).collect();
    for p in &paths {
        if p.is_empty() || p.split('.').any(str::is_empty) {
            return Err(bad(
                "--fit",
                format!(
                    "{spec}: a key path is empty or has an empty segment; write e.g. \
                     effort.norm_share=0.5..1.0 or gz-2022-2023:workforce.fte=30..50"
                ),
            ));
        }
    }
    let (lo, hi) = match range {
        None => (None, None),
        Some(r) => {
            let Some((a, b)) = r.split_once("..") else {
                return Err(bad(
                    "--fit",
                    format!("{spec}: a range is written LO..HI, e.g. 0.5..1.0"),
                ));
            };
            let (a, b) = (number(spec, a)?, number(spec, b)?);
            if b <= a {
                return Err(bad(
                    "--fit",
                    format!("{spec}: the range {a}..{b} is empty: HI must be above LO"),
                ));
            }
            (Some(a), Some(b))
        }
    };
    Ok(FitParam {
        spec: spec.to_string(),
        scope,
        paths,
        lo,
        hi,
    })
}

/// The value at a dotted key path (`a.b[2].c`) of a TOML value.
fn value_at<'a>(root: &'a toml::Value, path: &str) -> Option<&'a toml::Value> {
    let mut v = root;
    for seg in path.split('.') {
        let (name, index) = match seg.find('[') {
            Some(i) => (&seg[..i], seg[i + 1..].strip_suffix(']')?.parse().ok()),
            None => (seg, None),
        };
        v = v.get(name)?;
        if let Some(i) = index {
            v = v.get::<usize>(i)?;
        }
    }
    Some(v)
}

/// The numeric value of `path` in a resolved scenario.
pub fn current_value(s: &Scenario, path: &str) -> Result<f64, String> {
    let v = toml::Value::try_from(s).map_err(|e| e.to_string())?;
    match value_at(&v, path) {
        Some(toml::Value::Float(x)) => Ok(*x),
        Some(toml::Value::Integer(i)) => Ok(*i as f64),
        Some(other) => Err(format!(
            "`{path}` is {} in this scenario, not a number; only numeric values can be fitted",
            other.type_str()
        )),
        None => Err(format!(
            "`{path}` has no value in this scenario (see docs/scenario-format.md for the keys)"
        )),
    }
}

/// One scenario of a (joint) calibration.
#[derive(Debug, Clone)]
pub struct Member {
    /// The scenario file; `None` for the embedded default.
    pub path: Option<PathBuf>,
    /// `--set` overrides before the fitted values.
    pub sets: Vec<String>,
    /// The scenario as loaded (at its own values).
    pub scenario: Scenario,
    /// The observations to fit and to test (the scenario's own, or those of
    /// `--observations`).
    pub observations: Vec<Observation>,
}

/// Whether an observation is a share or a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A share in [0, 1].
    Share,
    /// A count (of a stock on a day, or of a flow over a period).
    Count,
}

/// The KPI of `runs.csv` that an observed metric is compared with, and
/// whether it is a stock (one day) or a flow over its window.
pub fn kpi_of(metric: &str) -> Option<(&'static str, Kind, bool)> {
    Some(match metric {
        "backlog" => ("backlog_end", Kind::Count, true),
        "backlog_triage" => ("open_triage_end", Kind::Count, true),
        "backlog_service" => ("open_service_end", Kind::Count, true),
        "triage_within_term" => ("triage_within_term", Kind::Share, false),
        "vv_within_term" => ("vv_within_term", Kind::Share, false),
        "onderzoek_within_term" => ("onderzoek_within_term", Kind::Share, false),
        "meldingen_in" => ("meldingen_in", Kind::Count, false),
        "adviezen_in" => ("adviezen_in", Kind::Count, false),
        "crisis" => ("crisis", Kind::Count, false),
        "absence_share" => ("absence_share", Kind::Share, false),
        _ => return None,
    })
}

/// Reads observations from a file in the format of `data/observed.csv`
/// (`region,period_start,period_end,metric,value,seed,note`, `#` comments),
/// the rows of `region`. Its metric names map onto the scenario's
/// (`meldingen` → `meldingen_in`, `absence` → `absence_share`,
/// `backlog_meldingen` → `backlog_triage`, …); rows of metrics the model
/// does not produce are returned as notes.
pub fn read_observations(
    path: &Path,
    region: &str,
) -> Result<(Vec<Observation>, Vec<String>), Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        action: "read the observations file",
        source,
    })?;
    let origin = path.display().to_string();
    let at = |line: usize, message: String| Error::Scenario {
        at: crate::error::Location {
            origin: origin.clone(),
            line_col: Some((line, 1)),
            key: None,
        },
        message,
    };
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut regions = std::collections::BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(t.as_bytes());
        let Some(Ok(rec)) = r.records().next() else {
            return Err(at(n, "not a CSV line".into()));
        };
        let fields: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        let Some(h) = &header else {
            let need = ["region", "period_start", "period_end", "metric", "value"];
            for k in need {
                if !fields.iter().any(|f| f == k) {
                    return Err(at(
                        n,
                        format!(
                            "the header has no column `{k}`; expected region,period_start,period_end,metric,value[,seed,note]"
                        ),
                    ));
                }
            }
            header = Some(fields);
            continue;
        };
        let get = |k: &str| {
            h.iter()
                .position(|x| x == k)
                .and_then(|i| fields.get(i))
                .map_or("", |s| s.as_str())
        };
        regions.insert(get("region").to_string());
        if get("region") != region {
            continue;
        }
        let date = |k: &str| {
            get(k).parse::<Date>().map_err(|_| {
                at(
                    n,
                    format!("{k} `{}` is not a date; write YYYY-MM-DD", get(k)),
                )
            })
        };
        let (start, end) = (date("period_start")?, date("period_end")?);
        if end < start {
            return Err(at(
                n,
                format!("period_end {end} is before period_start {start}"),
            ));
        }
        let value = get("value")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| at(n, format!("value `{}` is not a number ≥ 0", get("value"))))?;
        let metric = match get("metric") {
            "meldingen" => "meldingen_in",
            "adviezen" => "adviezen_in",
            "absence" => "absence_share",
            "backlog_meldingen" => "backlog_triage",
            m => m,
        };
        if !OBSERVABLE.contains(&metric) {
            notes.push(format!(
                "{origin}:{n}: `{}` is not something the model produces (it knows {}); not used",
                get("metric"),
                OBSERVABLE.join(", ")
            ));
            continue;
        }
        let mut source = get("seed").to_string();
        if !get("note").is_empty() {
            source = format!("{source}: {}", get("note"));
        }
        out.push(Observation {
            start,
            end,
            metric: metric.to_string(),
            value,
            source,
        });
    }
    if out.is_empty() && notes.is_empty() {
        let known: Vec<_> = regions.into_iter().collect();
        return Err(Error::Options {
            option: "--region",
            message: format!(
                "{origin} has no rows of region `{region}`; its regions are: {}",
                known.join(", ")
            ),
        });
    }
    Ok((out, notes))
}

/// An observation as the calibration uses it.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// Index of the member scenario.
    #[serde(skip)]
    pub member: usize,
    /// The member's scenario name.
    pub scenario: String,
    /// The observation.
    pub observation: Observation,
    /// The KPI compared with.
    pub kpi: &'static str,
    /// Share or count.
    pub kind: Kind,
    /// Held out of the fit (ends on or after `--holdout`).
    pub holdout: bool,
    /// Label of the window (a one-day window for a stock).
    pub window: String,
}

/// The one-day reporting periods the stock observations need (a stock is
/// compared on its day: `backlog_end` of the window of that one day).
fn stock_label(d: Date) -> String {
    format!("stock {d}")
}

/// The targets of the members: every observation inside a horizon, with the
/// ones ending on or after `holdout` held out; and a note for each one not
/// used.
pub fn targets(
    members: &[Member],
    holdout: Option<Date>,
) -> Result<(Vec<Target>, Vec<String>), Error> {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (mi, m) in members.iter().enumerate() {
        let s = &m.scenario;
        for o in &m.observations {
            let Some((kpi, kind, stock)) = kpi_of(&o.metric) else {
                notes.push(format!(
                    "{}: `{}` is not a metric the model produces; not used",
                    s.name, o.metric
                ));
                continue;
            };
            if o.start < s.start || o.end > s.end {
                notes.push(format!(
                    "{}: {} {}..{} lies (partly) outside the horizon {}..{}; not used",
                    s.name, o.metric, o.start, o.end, s.start, s.end
                ));
                continue;
            }
            if stock && o.start != o.end {
                notes.push(format!(
                    "{}: {} is a stock on one day, but is given over {}..{}; compared on {}",
                    s.name, o.metric, o.start, o.end, o.end
                ));
            }
            let window = if stock {
                stock_label(o.end)
            } else {
                format!("{}..{}", o.start, o.end)
            };
            out.push(Target {
                member: mi,
                scenario: s.name.clone(),
                observation: o.clone(),
                kpi,
                kind,
                holdout: holdout.is_some_and(|h| o.end >= h),
                window,
            });
        }
    }
    if !out.iter().any(|t| !t.holdout) {
        return Err(bad(
            "--fit",
            if out.is_empty() {
                "no observation lies inside the horizon of the scenario(s): nothing to fit. \
                 Give observations in the scenario ([[observations]]) or with --observations \
                 FILE --region R, inside the horizon"
                    .to_string()
            } else {
                "every observation inside the horizon ends on or after --holdout: nothing is \
                 left to fit; choose a later date"
                    .to_string()
            },
        ));
    }
    Ok((out, notes))
}

/// The scenario of a member with `values` (path, value) set, its
/// observations and the one-day windows of its stock observations.
fn member_scenario(m: &Member, values: &[(&str, f64)]) -> Result<Scenario, Error> {
    let mut s = crate::sweep::scenario_with(m.path.as_deref(), &m.sets, values)?;
    s.observations = m.observations.clone();
    let mut days: Vec<Date> = m
        .observations
        .iter()
        .filter(|o| kpi_of(&o.metric).is_some_and(|k| k.2))
        .filter(|o| o.end >= s.start && o.end <= s.end)
        .map(|o| o.end)
        .collect();
    days.sort();
    days.dedup();
    for d in days {
        s.reporting.periods.push(ReportingPeriod {
            name: stock_label(d),
            from: d,
            to: d,
        });
    }
    Ok(s)
}

/// The per-replication values of each target at one point.
#[derive(Debug, Clone)]
pub struct Sample {
    /// `values[target][replication]` (NaN where a share has no cases).
    pub values: Vec<Vec<f64>>,
}

impl Sample {
    /// The median, 5% and 95% percentiles of target `i` over the
    /// replications with a value.
    pub fn quantiles(&self, i: usize) -> (f64, f64, f64) {
        let mut v: Vec<f64> = self.values[i]
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        v.sort_by(f64::total_cmp);
        (
            quantile_sorted(&v, 0.5),
            quantile_sorted(&v, 0.05),
            quantile_sorted(&v, 0.95),
        )
    }
}

/// What the search asks, apart from the members and targets.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Replications of the fine stage (the coarse one uses a quarter).
    pub runs: u64,
    /// Master seed, the same at every point.
    pub seed: u64,
    /// Worker threads.
    pub threads: usize,
}

/// A parameter with its resolved range and its value in each member.
#[derive(Debug, Clone, Serialize)]
pub struct Resolved {
    /// As given.
    pub param: FitParam,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// The members it applies to.
    #[serde(skip)]
    pub members: Vec<usize>,
    /// Its value in the scenario before the fit (of the first member).
    pub before: f64,
}

/// Checks the parameters against the members: the scope names a member,
/// every path is a number in every member it applies to, and both ends of
/// the range give a valid scenario.
pub fn resolve(params: &[FitParam], members: &[Member]) -> Result<Vec<Resolved>, Error> {
    if params.is_empty() {
        return Err(bad(
            "--fit",
            "give at least one parameter to fit, e.g. --fit effort.norm_share=0.5..1.0".into(),
        ));
    }
    if params.len() > MAX_PARAMS {
        return Err(bad(
            "--fit",
            format!("{} parameters; at most {MAX_PARAMS}", params.len()),
        ));
    }
    let names: Vec<&str> = members.iter().map(|m| m.scenario.name.as_str()).collect();
    let mut out = Vec::new();
    for p in params {
        let idx: Vec<usize> = match &p.scope {
            None => (0..members.len()).collect(),
            Some(s) => match names.iter().position(|n| n == s) {
                Some(i) => vec![i],
                None => {
                    return Err(bad(
                        "--fit",
                        format!(
                            "{}: no scenario is named `{s}`; the scenarios are: {}",
                            p.spec,
                            names.join(", ")
                        ),
                    ));
                }
            },
        };
        let mut before = f64::NAN;
        for &i in &idx {
            for path in &p.paths {
                let m = &members[i];
                let v = current_value(&m.scenario, path).map_err(|why| {
                    // An unknown key: the message of `--set`, which names the
                    // keys allowed there.
                    let why = match crate::sweep::scenario_with(
                        m.path.as_deref(),
                        &m.sets,
                        &[(path, 0.0)],
                    ) {
                        Err(Error::Override { message, .. }) if why.contains("has no value") => {
                            message
                        }
                        _ => why,
                    };
                    bad("--fit", format!("{}: {why}", p.spec))
                })?;
                if before.is_nan() {
                    before = v;
                }
            }
        }
        let (lo, hi) = match (p.lo, p.hi) {
            (Some(a), Some(b)) => (a, b),
            _ if before > 0.0 => (before * 0.5, before * 1.5),
            _ => {
                return Err(bad(
                    "--fit",
                    format!(
                        "{}: the scenario's value is {before}, so no range can be taken around it; \
                         give one, PATH=LO..HI",
                        p.spec
                    ),
                ));
            }
        };
        for v in [lo, hi] {
            for &i in &idx {
                let values: Vec<(&str, f64)> = p.paths.iter().map(|x| (x.as_str(), v)).collect();
                if let Err(e) = member_scenario(&members[i], &values).and_then(|s| Model::new(&s)) {
                    return Err(bad(
                        "--fit",
                        format!(
                            "{}: at {v} the scenario {} is not valid ({e}); give a range of valid values, PATH=LO..HI",
                            p.spec, members[i].scenario.name
                        ),
                    ));
                }
            }
        }
        out.push(Resolved {
            param: p.clone(),
            lo,
            hi,
            members: idx,
            before,
        });
    }
    Ok(out)
}

/// Progress of a calibration, for the terminal.
#[derive(Debug, Clone)]
pub enum Step {
    /// A stage begins: its name, replications, evaluations planned.
    Stage(&'static str, u64, usize),
    /// A point was evaluated: the values and the loss, and the best so far.
    Point(Vec<f64>, f64, f64),
}

/// The fit of one observation.
#[derive(Debug, Clone, Serialize)]
pub struct ObsFit {
    /// The target.
    #[serde(flatten)]
    pub target: Target,
    /// Observed value.
    pub observed: f64,
    /// Simulated median.
    pub median: f64,
    /// Simulated 5% percentile.
    pub p5: f64,
    /// Simulated 95% percentile.
    pub p95: f64,
    /// The observed value lies inside the 90% band.
    pub inside: bool,
    /// Median minus observed.
    pub error: f64,
    /// (Median minus observed) / observed.
    pub relative_error: f64,
    /// The uncertainty the residual is divided by (in the residual's unit:
    /// share points for a share, relative for a count).
    pub sd: f64,
    /// This observation's term of the loss (0 when held out).
    pub loss_term: f64,
}

/// A fitted parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Fitted {
    /// The parameter and its range.
    #[serde(flatten)]
    pub resolved: Resolved,
    /// The fitted value (rounded to four significant digits).
    pub value: f64,
    /// The values around it over which the loss stays within its threshold
    /// (one parameter moved at a time).
    pub interval: (f64, f64),
    /// The value lies at (within 1% of) a bound of its range.
    pub at_bound: bool,
}

/// The result of a calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// The parameters, fitted.
    pub params: Vec<Fitted>,
    /// The loss at the fitted values (the chi-square of the module docs).
    pub loss: f64,
    /// Its Monte Carlo noise (bootstrap standard deviation).
    pub loss_noise: f64,
    /// The loss threshold of the intervals, `max(1, loss_noise)`.
    pub threshold: f64,
    /// Observations in the fit.
    pub fitted_observations: usize,
    /// The fit per observation (fitted and held out).
    pub fit: Vec<ObsFit>,
    /// `--holdout`.
    pub holdout: Option<Date>,
    /// Replications of the fine stage; the seed.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Points evaluated.
    pub evaluations: usize,
    /// Observations not used, and other remarks.
    pub notes: Vec<String>,
}

/// The evaluator: runs the members at a point and caches the samples.
struct Evaluator<'a> {
    members: &'a [Member],
    targets: &'a [Target],
    params: &'a [Resolved],
    settings: Settings,
    progress: &'a (dyn Fn(u64) + Sync),
    cancel: &'a AtomicBool,
    cache: BTreeMap<(Vec<u64>, u64), Sample>,
    evaluations: usize,
}

impl Evaluator<'_> {
    /// The real values of a point of the unit cube.
    fn real(&self, u: &[f64]) -> Vec<f64> {
        self.params
            .iter()
            .zip(u)
            .map(|(p, x)| p.lo + x.clamp(0.0, 1.0) * (p.hi - p.lo))
            .collect()
    }

    /// The sample at real values `x` on `runs` replications.
    fn sample(&mut self, x: &[f64], runs: u64) -> Result<Sample, Error> {
        let key = (x.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), runs);
        if let Some(s) = self.cache.get(&key) {
            return Ok(s.clone());
        }
        if self.cancel.load(Ordering::SeqCst) {
            return Err(Error::Interrupted);
        }
        self.evaluations += 1;
        let mut values = vec![Vec::new(); self.targets.len()];
        for (mi, m) in self.members.iter().enumerate() {
            let mut sets: Vec<(&str, f64)> = Vec::new();
            for (p, v) in self.params.iter().zip(x) {
                if p.members.contains(&mi) {
                    sets.extend(p.param.paths.iter().map(|s| (s.as_str(), *v)));
                }
            }
            let s = member_scenario(m, &sets)?;
            let model = Model::new(&s)?;
            let options = RunOptions {
                runs,
                seed: self.settings.seed,
                threads: self.settings.threads,
            };
            let outcome =
                montecarlo::run_scenario(&s, &model, options, self.progress, self.cancel)?;
            for (ti, t) in self.targets.iter().enumerate() {
                if t.member != mi {
                    continue;
                }
                let pi = window_index(&outcome.periods, t).ok_or_else(|| Error::Internal {
                    message: format!("no window {} for the observation {}", t.window, t.kpi),
                })?;
                let k = KPIS
                    .iter()
                    .position(|k| *k == t.kpi)
                    .ok_or_else(|| Error::Internal {
                        message: format!("unknown KPI {}", t.kpi),
                    })?;
                values[ti] = outcome.kpis.column(pi, k).collect();
            }
        }
        let s = Sample { values };
        self.cache.insert(key, s.clone());
        Ok(s)
    }
}

/// The window of a target among the periods of a run.
fn window_index(periods: &[Period], t: &Target) -> Option<usize> {
    let o = &t.observation;
    if kpi_of(&o.metric).is_some_and(|k| k.2) {
        periods.iter().position(|p| p.label == t.window)
    } else {
        periods
            .iter()
            .position(|p| !p.partial && p.start_date == o.start && p.end_date == o.end)
    }
}

/// The residual of a median against an observation, in the unit of the
/// loss: share points for a share, relative for a count.
fn residual(t: &Target, median: f64) -> f64 {
    let y = t.observation.value;
    match t.kind {
        Kind::Share => median - y,
        Kind::Count => (median - y) / y.max(1.0),
    }
}

/// The observational uncertainty of a target, in the residual's unit.
fn sd_obs(t: &Target) -> f64 {
    match t.kind {
        Kind::Share => SD_SHARE,
        Kind::Count => SD_COUNT_REL.max(1.0 / t.observation.value.max(1.0).sqrt()),
    }
}

/// The Monte Carlo standard error of the median of `v` (order-statistic
/// interval), in the residual's unit.
fn sd_mc(t: &Target, v: &[f64]) -> f64 {
    let mut v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n < 2 {
        return 0.0;
    }
    let (l, u) = crate::required::interval_ranks(n, 0.5, 0.95);
    let lo = v[l.clamp(1, n) - 1];
    let hi = v[u.clamp(1, n) - 1];
    let half = (hi - lo) / 2.0 / 1.96;
    match t.kind {
        Kind::Share => half,
        Kind::Count => half / t.observation.value.max(1.0),
    }
}

/// The uncertainties of the fitted targets at a sample.
fn weights(targets: &[Target], s: &Sample) -> Vec<f64> {
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| (sd_obs(t).powi(2) + sd_mc(t, &s.values[i]).powi(2)).sqrt())
        .collect()
}

fn median_of(v: &[f64]) -> f64 {
    let mut v: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, 0.5)
}

/// The loss of a sample with fixed uncertainties `sd`: the chi-square of
/// the fitted (not held-out) targets. A target without a value (no cases
/// in any replication) counts as 100 (far off).
fn loss(targets: &[Target], sd: &[f64], s: &Sample) -> f64 {
    targets
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.holdout)
        .map(|(i, t)| {
            let m = median_of(&s.values[i]);
            if m.is_finite() {
                (residual(t, m) / sd[i]).powi(2)
            } else {
                100.0
            }
        })
        .sum()
}

/// The bootstrap standard deviation of the loss at a sample.
fn loss_noise(targets: &[Target], sd: &[f64], s: &Sample, seed: u64) -> f64 {
    let n = s.values.first().map_or(0, Vec::len);
    if n < 2 {
        return 0.0;
    }
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed ^ 0xCA11_B8A7E);
    let mut losses = Vec::with_capacity(BOOTSTRAP);
    for _ in 0..BOOTSTRAP {
        let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
        let values = s
            .values
            .iter()
            .map(|v| idx.iter().map(|&i| v[i]).collect())
            .collect();
        losses.push(loss(targets, sd, &Sample { values }));
    }
    let mean = losses.iter().sum::<f64>() / losses.len() as f64;
    (losses.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (losses.len() - 1) as f64).sqrt()
}

/// The loss at real values `x` on `settings.runs` replications, with the
/// uncertainties `sd` of a calibration's fit (`ObsFit::sd`, in the order of
/// the targets): to check a fit, or to draw the loss along a parameter.
pub fn loss_at(
    members: &[Member],
    params: &[Resolved],
    targets: &[Target],
    settings: Settings,
    sd: &[f64],
    x: &[f64],
) -> Result<f64, Error> {
    let cancel = AtomicBool::new(false);
    let mut ev = Evaluator {
        members,
        targets,
        params,
        settings,
        progress: &|_| {},
        cancel: &cancel,
        cache: BTreeMap::new(),
        evaluations: 0,
    };
    let s = ev.sample(x, settings.runs)?;
    Ok(loss(targets, sd, &s))
}

/// Rounds to four significant digits.
pub fn round4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = x.abs().log10().floor() as i32;
    let f = 10f64.powi(3 - e);
    let r = (x * f).round() / f;
    format!("{r:.12e}").parse().unwrap_or(r)
}

/// Runs the calibration.
pub fn calibrate(
    members: &[Member],
    params: &[Resolved],
    targets: &[Target],
    settings: Settings,
    progress: &(dyn Fn(u64) + Sync),
    step: &dyn Fn(Step),
    cancel: &AtomicBool,
) -> Result<Calibration, Error> {
    let d = params.len();
    let mut ev = Evaluator {
        members,
        targets,
        params,
        settings,
        progress,
        cancel,
        cache: BTreeMap::new(),
        evaluations: 0,
    };
    let coarse_runs = (settings.runs / 4).max(20).min(settings.runs);
    // The start: each parameter at its scenario value when inside its range.
    let u0: Vec<f64> = params
        .iter()
        .map(|p| {
            let x = (p.before - p.lo) / (p.hi - p.lo);
            if (0.0..=1.0).contains(&x) { x } else { 0.5 }
        })
        .collect();
    // Coarse stage.
    let g = match d {
        1 => 9,
        2 => 5,
        3 => 4,
        _ => 5,
    };
    let grid: Vec<Vec<f64>> = if d <= 3 {
        let axis: Vec<f64> = (0..g).map(|i| i as f64 / (g - 1) as f64).collect();
        let mut pts: Vec<Vec<f64>> = vec![Vec::new()];
        for _ in 0..d {
            pts = pts
                .into_iter()
                .flat_map(|p| {
                    axis.iter().map(move |a| {
                        let mut q = p.clone();
                        q.push(*a);
                        q
                    })
                })
                .collect();
        }
        pts
    } else {
        Vec::new()
    };
    let planned = if d <= 3 { grid.len() } else { 2 * d * g };
    step(Step::Stage("coarse", coarse_runs, planned + 1));
    let s0 = ev.sample(&ev.real(&u0), coarse_runs)?;
    let sd = weights(targets, &s0);
    let mut best = (u0.clone(), loss(targets, &sd, &s0));
    step(Step::Point(ev.real(&u0), best.1, best.1));
    let try_point =
        |ev: &mut Evaluator<'_>, u: Vec<f64>, runs: u64, sd: &[f64], best: &mut (Vec<f64>, f64)| {
            let x = ev.real(&u);
            let s = ev.sample(&x, runs)?;
            let l = loss(targets, sd, &s);
            if l < best.1 {
                *best = (u, l);
            }
            step(Step::Point(x, l, best.1));
            Ok::<f64, Error>(l)
        };
    if d <= 3 {
        for u in grid {
            try_point(&mut ev, u, coarse_runs, &sd, &mut best)?;
        }
    } else {
        for _pass in 0..2 {
            for j in 0..d {
                for i in 0..g {
                    let mut u = best.0.clone();
                    u[j] = i as f64 / (g - 1) as f64;
                    try_point(&mut ev, u, coarse_runs, &sd, &mut best)?;
                }
            }
        }
    }
    // Fine stage, on all replications, from the best grid point.
    let h = 1.0 / (g - 1) as f64;
    let s1 = ev.sample(&ev.real(&best.0), settings.runs)?;
    let sd = weights(targets, &s1);
    let mut best = (best.0.clone(), loss(targets, &sd, &s1));
    let tol = 1e-3;
    if d == 1 {
        step(Step::Stage("fine (golden section)", settings.runs, 16));
        let (mut a, mut b) = ((best.0[0] - h).max(0.0), (best.0[0] + h).min(1.0));
        let phi = (5f64.sqrt() - 1.0) / 2.0;
        let mut c = b - phi * (b - a);
        let mut e = a + phi * (b - a);
        let mut fc = try_point(&mut ev, vec![c], settings.runs, &sd, &mut best)?;
        let mut fe = try_point(&mut ev, vec![e], settings.runs, &sd, &mut best)?;
        while b - a > tol {
            if fc <= fe {
                b = e;
                e = c;
                fe = fc;
                c = b - phi * (b - a);
                fc = try_point(&mut ev, vec![c], settings.runs, &sd, &mut best)?;
            } else {
                a = c;
                c = e;
                fc = fe;
                e = a + phi * (b - a);
                fe = try_point(&mut ev, vec![e], settings.runs, &sd, &mut best)?;
            }
        }
    } else {
        let max_evals = 30 * d + 20;
        step(Step::Stage("fine (Nelder-Mead)", settings.runs, max_evals));
        let clamp = |u: Vec<f64>| u.into_iter().map(|x| x.clamp(0.0, 1.0)).collect::<Vec<_>>();
        let mut simplex: Vec<(Vec<f64>, f64)> = vec![best.clone()];
        for j in 0..d {
            let mut u = best.0.clone();
            u[j] = if u[j] + h / 2.0 <= 1.0 {
                u[j] + h / 2.0
            } else {
                u[j] - h / 2.0
            };
            let l = try_point(&mut ev, u.clone(), settings.runs, &sd, &mut best)?;
            simplex.push((u, l));
        }
        let mut evals = d;
        while evals < max_evals {
            simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
            let size = simplex[1..]
                .iter()
                .flat_map(|(u, _)| u.iter().zip(&simplex[0].0).map(|(a, b)| (a - b).abs()))
                .fold(0.0, f64::max);
            if size < tol {
                break;
            }
            let worst = simplex[d].clone();
            let centroid: Vec<f64> = (0..d)
                .map(|j| simplex[..d].iter().map(|(u, _)| u[j]).sum::<f64>() / d as f64)
                .collect();
            let along = |t: f64| {
                clamp(
                    centroid
                        .iter()
                        .zip(&worst.0)
                        .map(|(c, w)| c + t * (c - w))
                        .collect(),
                )
            };
            let r = along(1.0);
            let fr = try_point(&mut ev, r.clone(), settings.runs, &sd, &mut best)?;
            evals += 1;
            if fr < simplex[0].1 {
                let e = along(2.0);
                let fe = try_point(&mut ev, e.clone(), settings.runs, &sd, &mut best)?;
                evals += 1;
                simplex[d] = if fe < fr { (e, fe) } else { (r, fr) };
            } else if fr < simplex[d - 1].1 {
                simplex[d] = (r, fr);
            } else {
                // Contraction: outside when the reflection beat the worst,
                // inside otherwise.
                let cpt = if fr < worst.1 {
                    along(0.5)
                } else {
                    along(-0.5)
                };
                let fcpt = try_point(&mut ev, cpt.clone(), settings.runs, &sd, &mut best)?;
                evals += 1;
                if fcpt < worst.1.min(fr) {
                    simplex[d] = (cpt, fcpt);
                } else {
                    // Shrink towards the best.
                    let b0 = simplex[0].0.clone();
                    for vertex in simplex.iter_mut().skip(1).take(d) {
                        let u: Vec<f64> = vertex
                            .0
                            .iter()
                            .zip(&b0)
                            .map(|(x, b)| b + 0.5 * (x - b))
                            .collect();
                        let l = try_point(&mut ev, u.clone(), settings.runs, &sd, &mut best)?;
                        evals += 1;
                        *vertex = (u, l);
                    }
                }
            }
        }
    }
    // The values written: rounded, and evaluated once more.
    let x: Vec<f64> = ev.real(&best.0).into_iter().map(round4).collect();
    let s = ev.sample(&x, settings.runs)?;
    let l_star = loss(targets, &sd, &s);
    let noise = loss_noise(targets, &sd, &s, settings.seed);
    let threshold = noise.max(1.0);
    // The interval of each parameter: where the loss rises above the
    // threshold, one parameter moved at a time (doubling, then bisection).
    step(Step::Stage("uncertainty", settings.runs, 16 * d));
    let mut fitted = Vec::new();
    for (j, p) in params.iter().enumerate() {
        let mut side = |dir: f64| -> Result<f64, Error> {
            let at = |ev: &mut Evaluator<'_>, v: f64| -> Result<f64, Error> {
                let mut y = x.clone();
                y[j] = v;
                let s = ev.sample(&y, settings.runs)?;
                let l = loss(targets, &sd, &s);
                step(Step::Point(y, l, l_star));
                Ok(l)
            };
            let bound = if dir > 0.0 { p.hi } else { p.lo };
            let span = p.hi - p.lo;
            let mut inner = x[j];
            let mut t = span / 128.0;
            let mut outer = None;
            while (x[j] + dir * t - bound) * dir < 0.0 {
                let v = x[j] + dir * t;
                if at(&mut ev, v)? - l_star > threshold {
                    outer = Some(v);
                    break;
                }
                inner = v;
                t *= 2.0;
            }
            let Some(mut outer) = outer else {
                // Within the threshold up to the bound.
                if at(&mut ev, bound)? - l_star <= threshold {
                    return Ok(bound);
                }
                let mut o = bound;
                for _ in 0..4 {
                    let m = (inner + o) / 2.0;
                    if at(&mut ev, m)? - l_star > threshold {
                        o = m;
                    } else {
                        inner = m;
                    }
                }
                return Ok((inner + o) / 2.0);
            };
            for _ in 0..4 {
                let m = (inner + outer) / 2.0;
                if at(&mut ev, m)? - l_star > threshold {
                    outer = m;
                } else {
                    inner = m;
                }
            }
            Ok((inner + outer) / 2.0)
        };
        let lo = side(-1.0)?;
        let hi = side(1.0)?;
        let span = p.hi - p.lo;
        fitted.push(Fitted {
            resolved: p.clone(),
            value: x[j],
            interval: (round4(lo), round4(hi)),
            at_bound: (x[j] - p.lo) < 0.01 * span || (p.hi - x[j]) < 0.01 * span,
        });
    }
    let fit = targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (m, p5, p95) = s.quantiles(i);
            let y = t.observation.value;
            ObsFit {
                target: t.clone(),
                observed: y,
                median: m,
                p5,
                p95,
                inside: p5 <= y && y <= p95,
                error: m - y,
                relative_error: if y != 0.0 { (m - y) / y } else { f64::NAN },
                sd: sd[i],
                loss_term: if t.holdout {
                    0.0
                } else {
                    (residual(t, m) / sd[i]).powi(2)
                },
            }
        })
        .collect();
    Ok(Calibration {
        params: fitted,
        loss: l_star,
        loss_noise: noise,
        threshold,
        fitted_observations: targets.iter().filter(|t| !t.holdout).count(),
        fit,
        holdout: None,
        runs: settings.runs,
        seed: settings.seed,
        evaluations: ev.evaluations,
        notes: Vec::new(),
    })
}

/// A term's share with ample capacity, and against FTE.
#[derive(Debug, Clone, Serialize)]
pub struct Ceiling {
    /// The scenario.
    pub scenario: String,
    /// The period the shares are taken over (the last full year, or the
    /// horizon).
    pub period: String,
    /// The FTE factors tried (× the scenario's FTE) and their FTE.
    pub fte: Vec<(f64, f64)>,
    /// Per term KPI, the median share at each factor.
    pub terms: Vec<(String, Vec<f64>)>,
}

/// The FTE factors of the ceiling table.
pub const CEILING_FACTORS: [f64; 6] = [0.8, 1.0, 1.2, 1.5, 2.0, 3.0];

/// The terms' medians against FTE (× [`CEILING_FACTORS`]) for a scenario
/// at the fitted values: what staffing can and cannot reach.
pub fn ceiling(
    m: &Member,
    values: &[(&str, f64)],
    options: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Ceiling, Error> {
    let base = member_scenario(m, values)?;
    let Some(fte0) = base.workforce.fte else {
        return Err(bad(
            "--fit",
            format!(
                "{}: the ceilings need workforce.fte (the budget) to scale; the scenario gives only groups",
                base.name
            ),
        ));
    };
    let terms = [
        "triage_within_term",
        "vv_within_term",
        "onderzoek_within_term",
    ];
    let mut out: Vec<(String, Vec<f64>)> = terms.iter().map(|t| (t.to_string(), vec![])).collect();
    let mut ftes = Vec::new();
    let mut period = String::new();
    for f in CEILING_FACTORS {
        let fte = round4(fte0 * f);
        let mut v = values.to_vec();
        v.push(("workforce.fte", fte));
        let s = member_scenario(m, &v)?;
        let model = Model::new(&s)?;
        let o = montecarlo::run_scenario(&s, &model, options, progress, cancel)?;
        // The last full year, else the horizon.
        let pi = o
            .periods
            .iter()
            .rposition(|p| p.kind == crate::metrics::PeriodKind::Year && !p.partial)
            .unwrap_or(0);
        period = o.periods[pi].label.clone();
        for (name, col) in &mut out {
            let k = KPIS.iter().position(|k| k == name).unwrap_or(0);
            col.push(median_of(&o.kpis.column(pi, k).collect::<Vec<_>>()));
        }
        ftes.push((f, fte));
    }
    Ok(Ceiling {
        scenario: base.name,
        period,
        fte: ftes,
        terms: out,
    })
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0}%", x * 100.0)
    } else {
        "–".into()
    }
}

fn show(t: &Target, x: f64) -> String {
    match t.kind {
        Kind::Share => pct(x),
        Kind::Count => {
            if x.is_finite() {
                format!("{x:.0}")
            } else {
                "–".into()
            }
        }
    }
}

/// The terminal text of a calibration.
pub fn to_text(c: &Calibration, ceilings: &[Ceiling]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "calibrated on {} observations, {} runs per point, seed {}, {} points evaluated",
        c.fitted_observations, c.runs, c.seed, c.evaluations
    );
    let _ = writeln!(
        out,
        "loss {:.2} (chi-square; Monte Carlo noise {:.2}; intervals: loss within {:.2} of it)\n",
        c.loss, c.loss_noise, c.threshold
    );
    let w = c
        .params
        .iter()
        .map(|p| p.resolved.param.name().chars().count())
        .max()
        .unwrap_or(9)
        .max(9)
        + 2;
    let _ = writeln!(
        out,
        "{:w$}{:>12}{:>24}{:>12}{:>18}",
        "parameter", "fitted", "interval", "before", "range"
    );
    for p in &c.params {
        let _ = writeln!(
            out,
            "{:w$}{:>12}{:>24}{:>12}{:>18}{}",
            p.resolved.param.name(),
            p.value,
            format!("[{} – {}]", p.interval.0, p.interval.1),
            round4(p.resolved.before),
            format!("{}..{}", p.resolved.lo, p.resolved.hi),
            if p.at_bound {
                "  at a bound: widen the range"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(out);
    let lw = c
        .fit
        .iter()
        .map(|f| label(&f.target).chars().count())
        .max()
        .unwrap_or(20)
        + 2;
    let _ = writeln!(
        out,
        "{:lw$}{:>10}{:>26}{:>9}{:>10}",
        "observation", "observed", "simulated [90% band]", "inside", "loss"
    );
    for f in &c.fit {
        let t = &f.target;
        let _ = writeln!(
            out,
            "{:lw$}{:>10}{:>26}{:>9}{:>10}",
            label(t),
            show(t, f.observed),
            format!(
                "{} [{}–{}]",
                show(t, f.median),
                show(t, f.p5),
                show(t, f.p95)
            ),
            if f.inside { "yes" } else { "NO" },
            if t.holdout {
                "held out".to_string()
            } else {
                format!("{:.2}", f.loss_term)
            }
        );
    }
    let held: Vec<&ObsFit> = c.fit.iter().filter(|f| f.target.holdout).collect();
    if let Some(h) = c.holdout {
        let _ = writeln!(out);
        let inside = held.iter().filter(|f| f.inside).count();
        let _ = writeln!(
            out,
            "backtest: fitted on the observations ending before {h}; of the {} held out, {inside} lie inside the simulated 90% band",
            held.len()
        );
        for f in &held {
            let t = &f.target;
            let _ = writeln!(
                out,
                "  {:lw$} error {}{}",
                label(t),
                match t.kind {
                    Kind::Share => format!("{:+.0} points", f.error * 100.0),
                    Kind::Count => format!("{:+.0}", f.error),
                },
                if f.relative_error.is_finite() {
                    format!(" ({:+.0}% of the observed)", f.relative_error * 100.0)
                } else {
                    String::new()
                }
            );
        }
    }
    for ce in ceilings {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", ceiling_text(ce));
    }
    for n in &c.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

/// The ceiling table of a scenario, as text (also in the calibrated file).
pub fn ceiling_text(ce: &Ceiling) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: terms within term against FTE ({}, medians)",
        ce.scenario, ce.period
    );
    let _ = write!(out, "{:24}", "FTE");
    for (f, fte) in &ce.fte {
        let _ = write!(out, "{:>15}", format!("{fte} (×{f})"));
    }
    let _ = writeln!(out);
    for (k, v) in &ce.terms {
        let _ = write!(out, "{k:24}");
        for x in v {
            let _ = write!(out, "{:>15}", pct(*x));
        }
        let _ = writeln!(out);
    }
    out
}

/// A target's label: scenario, metric, window.
pub fn label(t: &Target) -> String {
    let o = &t.observation;
    let when = if o.start == o.end {
        o.start.to_string()
    } else {
        format!("{}..{}", o.start, o.end)
    };
    format!("{} {} {when}", t.scenario, o.metric)
}

/// `fit.csv`: one row per observation.
pub fn fit_csv(c: &Calibration) -> Result<Vec<u8>, Error> {
    let err = |e: csv::Error| Error::Internal {
        message: format!("could not format fit.csv: {e}"),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "metric",
        "start",
        "end",
        "role",
        "observed",
        "median",
        "p5",
        "p95",
        "inside_90",
        "error",
        "relative_error",
        "sd",
        "loss_term",
        "source",
    ])
    .map_err(err)?;
    let num = |x: f64| {
        if x.is_finite() {
            format!("{}", crate::export::round_sig(x))
        } else {
            String::new()
        }
    };
    for f in &c.fit {
        let o = &f.target.observation;
        w.write_record([
            f.target.scenario.clone(),
            o.metric.clone(),
            o.start.to_string(),
            o.end.to_string(),
            if f.target.holdout { "holdout" } else { "fit" }.to_string(),
            num(f.observed),
            num(f.median),
            num(f.p5),
            num(f.p95),
            f.inside.to_string(),
            num(f.error),
            num(f.relative_error),
            num(f.sd),
            num(f.loss_term),
            o.source.clone(),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Internal {
        message: format!("could not format fit.csv: {e}"),
    })
}

/// The calibrated scenario file of a member: its own text (comments and
/// layout kept) with the fitted values written in, under a header that
/// records what was fitted, to which observations, with what loss, and the
/// command that reproduces it.
pub fn calibrated_file(
    text: &str,
    origin: &str,
    member: usize,
    c: &Calibration,
    ceiling: Option<&Ceiling>,
    command: &str,
) -> Result<String, Error> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| Error::Internal {
        message: format!("could not parse {origin} again to write the calibrated file: {e}"),
    })?;
    for p in &c.params {
        if !p.resolved.members.contains(&member) {
            continue;
        }
        for path in &p.resolved.param.paths {
            set_path(&mut doc, path, p.value).map_err(|m| Error::Options {
                option: "--fit",
                message: format!(
                    "{}: cannot write {path} into {origin}: {m}",
                    p.resolved.param.spec
                ),
            })?;
        }
    }
    let mut head = String::new();
    let _ = writeln!(
        head,
        "# CALIBRATED by vtsim {} (vtsim calibrate; MODEL §13) from {origin}.",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(head, "# Reproduce: {command}");
    let _ = writeln!(
        head,
        "# Fitted on {} observations, {} runs per point, seed {}; loss {:.2} (chi-square,",
        c.fitted_observations, c.runs, c.seed, c.loss
    );
    let _ = writeln!(
        head,
        "# Monte Carlo noise {:.2}; docs/model.md \"Calibration\" defines it). Fitted values:",
        c.loss_noise
    );
    for p in &c.params {
        let _ = writeln!(
            head,
            "#   {} = {} (interval {} – {}; range {}..{}; before {}){}",
            p.resolved.param.name(),
            p.value,
            p.interval.0,
            p.interval.1,
            p.resolved.lo,
            p.resolved.hi,
            round4(p.resolved.before),
            if p.resolved.members.contains(&member) {
                ""
            } else {
                " [another scenario's]"
            }
        );
    }
    let _ = writeln!(
        head,
        "# The fit (simulated median [90% band] against observed):"
    );
    for f in c.fit.iter().filter(|f| f.target.member == member) {
        let t = &f.target;
        let _ = writeln!(
            head,
            "#   {}: observed {}, simulated {} [{}–{}]{}{}",
            label(t),
            show(t, f.observed),
            show(t, f.median),
            show(t, f.p5),
            show(t, f.p95),
            if f.inside { "" } else { ", OUTSIDE the band" },
            if t.holdout { " (held out)" } else { "" }
        );
    }
    if let Some(ce) = ceiling {
        let _ = writeln!(
            head,
            "# What staffing can reach with these values (the ceilings, MODEL §4 min_days):"
        );
        for l in ceiling_text(ce).lines() {
            let _ = writeln!(head, "#   {l}");
        }
    }
    let _ = writeln!(head, "#");
    Ok(format!("{head}{doc}"))
}

/// Sets a numeric value at a dotted key path (`a.b[2].c`) of a TOML
/// document, keeping its layout and the value's comments; missing tables are
/// created.
fn set_path(doc: &mut toml_edit::DocumentMut, path: &str, v: f64) -> Result<(), String> {
    // A whole number is written without a point, as `--set` takes it.
    let value = if v.fract() == 0.0 && v.abs() < 1e15 {
        toml_edit::Value::from(v as i64)
    } else {
        toml_edit::Value::from(v)
    };
    let segs: Vec<&str> = path.split('.').collect();
    set_in_table(doc.as_table_mut(), &segs, value)
}

fn split_seg(seg: &str) -> Result<(&str, Option<usize>), String> {
    match seg.find('[') {
        Some(p) => Ok((
            &seg[..p],
            Some(
                seg[p + 1..]
                    .strip_suffix(']')
                    .and_then(|x| x.parse::<usize>().ok())
                    .ok_or_else(|| format!("bad index in `{seg}`"))?,
            ),
        )),
        None => Ok((seg, None)),
    }
}

fn replace_keeping_decor(old: &mut toml_edit::Value, new: toml_edit::Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

fn set_in_table(
    t: &mut dyn toml_edit::TableLike,
    segs: &[&str],
    value: toml_edit::Value,
) -> Result<(), String> {
    let (name, index) = split_seg(segs[0])?;
    let rest = &segs[1..];
    if t.get(name).is_none() {
        if index.is_some() {
            return Err(format!("the list `{name}` is not in the file"));
        }
        if rest.is_empty() {
            t.insert(name, toml_edit::Item::Value(value));
            return Ok(());
        }
        let mut nt = toml_edit::Table::new();
        nt.set_implicit(true);
        t.insert(name, toml_edit::Item::Table(nt));
    }
    let item = t.get_mut(name).ok_or("a key vanished")?;
    match (index, item) {
        (Some(ix), toml_edit::Item::ArrayOfTables(a)) => {
            let tb = a
                .get_mut(ix)
                .ok_or_else(|| format!("`{name}[{ix}]` does not exist"))?;
            if rest.is_empty() {
                return Err(format!("`{name}[{ix}]` is a table, not a number"));
            }
            set_in_table(tb, rest, value)
        }
        (Some(ix), toml_edit::Item::Value(toml_edit::Value::Array(arr))) => {
            let v = arr
                .get_mut(ix)
                .ok_or_else(|| format!("`{name}[{ix}]` does not exist"))?;
            set_in_value(v, rest, value)
        }
        (Some(_), _) => Err(format!("`{name}` is not a list")),
        (None, toml_edit::Item::Table(tb)) if !rest.is_empty() => set_in_table(tb, rest, value),
        (None, toml_edit::Item::Value(v)) => set_in_value(v, rest, value),
        (None, _) => Err(format!("`{name}` is a table, not a number")),
    }
}

fn set_in_value(
    v: &mut toml_edit::Value,
    rest: &[&str],
    value: toml_edit::Value,
) -> Result<(), String> {
    if rest.is_empty() {
        replace_keeping_decor(v, value);
        return Ok(());
    }
    match v {
        toml_edit::Value::InlineTable(it) => set_in_table(it, rest, value),
        _ => Err(format!(
            "`{}` is inside a value that is not a table",
            rest[0]
        )),
    }
}
