//! The command line: argument definitions and the commands.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use vtsim::engine::Model;
use vtsim::experiment::Experiment;
use vtsim::export;
use vtsim::montecarlo::{self, RunOptions};
use vtsim::scenario;

/// Monte Carlo simulator of the work backlog of a Veilig Thuis organisation.
///
/// Simulates daily inflow of meldingen and adviezen against generalist
/// capacity over thousands of seeded runs, and reports the distribution of the
/// backlog and of compliance with the legal terms (safety assessment within 5
/// working days; V&V and Onderzoek closed within 10 weeks).
#[derive(Debug, Parser)]
#[command(name = "vtsim", version, about, long_about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a scenario: many seeded replications, KPI table, result files.
    ///
    /// Without SCENARIO the embedded default scenario runs (Zuid-Holland-Zuid
    /// 2025–2026, the board decision of July 2024: scenarios/zhz-2025-2026.toml). Results go to OUT/<scenario name>/:
    /// summary.json (every KPI's distribution, unit and description, the
    /// resolved scenario, seed, runs, version), runs.csv (one row per run ×
    /// period), daily.csv (daily series: mean and percentiles), kpis.csv (the
    /// report's KPI table), results.xlsx (all of it as a workbook with a data
    /// dictionary), scenario.resolved.toml (the exact inputs) and, when the
    /// scenario gives inputs as ranges, draws.csv (the value each uncertain
    /// input drew, one row per run; also a sheet of results.xlsx). The CSVs
    /// use `,` and a decimal point (see --csv-dialect); numbers have at most
    /// 10 significant digits. The same scenario and seed give byte-identical files for any
    /// --threads. Unless --no-charts is given, it also draws the charts
    /// (charts/*.png and charts/*.svg) and writes report.html, a
    /// self-contained page for a board (and report.<lang>.html with
    /// charts/<lang>/ for a --lang other than the scenario's).
    Run(RunArgs),
    /// Print derived figures of a scenario without simulating it.
    ///
    /// Productive hours per FTE per year (at the scenario's absence and at
    /// none, beside the 1350 of the FTE calculator), expected capacity hours
    /// against expected demand hours (utilisation), the FTE the calculator
    /// would ask for, expected sick FTE and the solved mean of long absence
    /// spells — what an analyst checks before running.
    Describe(DescribeArgs),
    /// Sweep one or two scenario parameters on common random numbers.
    ///
    /// Every point runs with the same seed and replication indices, so the
    /// differences between points are the parameter's, not the dice's. For
    /// each point, period and KPI it writes the median, the 5/25/75/95%
    /// percentiles, the mean and, for the KPIs with a norm, the share of
    /// runs that meet it, to OUT/sweep-<name>/sweep.csv (with sweep.json and
    /// the base scenario's resolved inputs), and prints the last year's main
    /// KPIs per point. For one parameter, report.html draws each main KPI
    /// against it (median, 50% and 90% of the runs, the norm, and the share
    /// of runs meeting it).
    ///
    /// Example: vtsim sweep --param workforce.fte=58..74:4 --runs 200
    Sweep(SweepArgs),
    /// The value of a parameter at which a KPI meets a target, with a given
    /// confidence.
    ///
    /// The smallest value (or, for a parameter that hurts, the largest) at
    /// which the KPI meets the target in at least the --confidence share of
    /// the runs, over the last full year (or --period). Every value runs on
    /// common random numbers; the search brackets the answer with the ends of
    /// the range and bisects to the resolution. Prints every value tried
    /// with its share of runs and Monte Carlo standard error, and writes
    /// OUT/required-<name>/required.json with the inputs. A within-term
    /// target the range cannot reach is tried once more at twice the
    /// scenario's FTE: if that does not reach it either, the answer says it
    /// is not reachable by staffing in this model, and why (the stage's
    /// elapsed minimum; docs/model.md, "Known limitations").
    ///
    /// Example: vtsim required --param workforce.fte=58..80:0.5 --target 'triage_within_term>=0.95' --confidence 0.8 --set end=2025-12-31
    Required(RequiredArgs),
    /// The regions' FTE calculator (rekentool, seed 003) for a scenario.
    ///
    /// Per year of the horizon: the scenario's expected counts (meldingen,
    /// transfers, V&V, Onderzoek, adviezen, monitoring), the FTE the
    /// calculator asks for at the regional and the national hour norms
    /// (counts × hours per case / 1350), the budget in force and the gap.
    /// With --published: the seed's own table, recomputed beside the
    /// published figures. `describe` shows the same calculator figure.
    Rekentool(RekentoolArgs),
    /// Re-draw the charts and report.html of a result folder, without simulating.
    ///
    /// Reads summary.json, runs.csv, daily.csv and scenario.resolved.toml from
    /// RESULT_DIR (a folder written by `vtsim run`) and writes charts/*.png,
    /// charts/*.svg and report.html into it, each file under a temporary name
    /// first, so none is ever half-written. In a language other than the
    /// scenario's (--lang) it writes report.<lang>.html and charts/<lang>/
    /// instead, beside the report in the scenario's language.
    Report(ReportArgs),
    /// Compare scenarios on common random numbers: the base first, then the others.
    ///
    /// Every scenario runs with the same seed and replication indices, so
    /// that run i of each sees the same meldingen where the scenarios agree;
    /// differences are taken run by run (paired). For each KPI and period it
    /// prints each scenario's median and 5–95% band, the paired difference
    /// with the base (median and the range of 95% of runs), the probability
    /// that the scenario is better than the base, the cost of its measures
    /// and the euros per percentage point of term compliance gained; a `?`
    /// marks differences that more runs could overturn. Writes
    /// OUT/compare-<names>/: compare.csv, compare.json (with every
    /// scenario's resolved inputs), one scenario.<name>.resolved.toml per
    /// scenario, and report.html with charts unless --no-charts.
    ///
    /// Example: vtsim compare scenarios/zhz-2025-2026.toml scenarios/zhz-2025-2026-richting-b.toml
    Compare(CompareArgs),
    /// Fit scenario parameters to observed figures, on common random numbers.
    ///
    /// Adjusts each --fit parameter within its range until the simulated
    /// medians come closest to the observations (the scenario's
    /// [[observations]], or --observations FILE --region R), each over its
    /// own window: a coarse grid on a quarter of the runs, then a fine search
    /// on all of them (golden section for one parameter, Nelder-Mead for
    /// more). The loss is a chi-square of the residuals (share points for
    /// shares, relative for counts) over their observational and Monte Carlo
    /// uncertainty (docs/model.md, "Calibration"). Prints the fitted values
    /// with the interval over which the loss stays within its noise, the fit
    /// per observation (median and 90% band, inside or not), a backtest with
    /// --holdout, and the terms against FTE (the ceilings staffing cannot
    /// pass). Writes OUT/calibrate-<names>/: calibration.json, fit.csv and
    /// one <name>.calibrated.toml per scenario (its own file with the
    /// fitted values written in, and a header that records the fit and the
    /// command that reproduces it).
    ///
    /// Several scenarios are fitted jointly (one loss): a parameter without
    /// a scenario name is shared, `NAME:PATH` belongs to the scenario named
    /// NAME. Examples (the inputs of the shipped calibration are in
    /// scenarios/calibration/; the full command is in the header of
    /// scenarios/zhz-2024.toml):
    ///
    /// vtsim calibrate scenarios/calibration/zhz-2024.toml --joint scenarios/calibration/gz-2022-2023.toml --fit effort.norm_share=0.55..0.95 --fit gz-2022-2023:workforce.fte=32..50
    ///
    /// vtsim calibrate scenarios/gz-2022-2023.toml --fit workforce.fte=32..50 --holdout 2023-07-01
    Calibrate(CalibrateArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CalibrateArgs {
    /// Scenario files (TOML), fitted jointly; the embedded default when none
    /// is given.
    #[arg(value_name = "SCENARIO")]
    pub(crate) scenarios: Vec<PathBuf>,
    /// More scenarios to fit jointly with the first (the same as listing
    /// them after it).
    #[arg(long = "joint", value_name = "SCENARIO")]
    pub(crate) joint: Vec<PathBuf>,
    /// A parameter to fit: [NAME:]PATH[+PATH…][=LO..HI], e.g.
    /// effort.norm_share=0.5..1.0, gz-2022-2023:workforce.fte=30..55, or
    /// 'measures[0].effects[0].factor+measures[0].effects[1].factor=1..1.5'
    /// (several paths set to one value). Without a range: half to one and a
    /// half times the scenario's value. Repeatable, at most 6.
    #[arg(long = "fit", value_name = "SPEC", required = true)]
    pub(crate) fit: Vec<String>,
    /// Observations file in the format of data/observed.csv
    /// (region,period_start,period_end,metric,value,seed,note), instead of the
    /// scenarios' own [[observations]]; needs --region.
    #[arg(long, value_name = "FILE", requires = "region")]
    pub(crate) observations: Option<PathBuf>,
    /// The region's rows of --observations (e.g. GZ); one per scenario, in
    /// the order of the scenarios, or one for all.
    #[arg(long, value_name = "R", requires = "observations")]
    pub(crate) region: Vec<String>,
    /// Backtest: fit only on the observations that end before DATE, and
    /// report the error on the others (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) holdout: Option<String>,
    /// Replications per point of the fine search (the coarse grid uses a
    /// quarter).
    #[arg(long, short = 'n', default_value_t = 200, value_name = "N",
          allow_negative_numbers = true, value_parser = parse_runs)]
    pub(crate) runs: u64,
    /// Master seed, the same at every point.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads: 0 = all cores, at most 256. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T", value_parser = parse_threads)]
    pub(crate) threads: usize,
    /// Folder under which the result folder calibrate-<names>/ is written.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Override a value in every scenario before the fit (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Skip the terms against FTE (the ceilings) after the fit.
    #[arg(long)]
    pub(crate) no_ceilings: bool,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Replace an existing result folder (by default a new one is chosen).
    #[arg(long)]
    pub(crate) force: bool,
    /// Run even when the estimate says it takes over an hour.
    #[arg(long)]
    pub(crate) insist: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompareArgs {
    /// The base scenario, then one or more to compare with it.
    #[arg(value_name = "SCENARIO", num_args = 2.., required = true)]
    pub(crate) scenarios: Vec<PathBuf>,
    /// Replications per scenario.
    #[arg(long, short = 'n', default_value_t = 1000, value_name = "N",
          allow_negative_numbers = true, value_parser = parse_runs)]
    pub(crate) runs: u64,
    /// Master seed, the same for every scenario.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads: 0 = all cores, at most 256. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T", value_parser = parse_threads)]
    pub(crate) threads: usize,
    /// Folder under which the result folder compare-<names>/ is written.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Override a value in every scenario before validation (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Skip report.html and its charts.
    #[arg(long)]
    pub(crate) no_charts: bool,
    /// Language of the report [default: the base scenario's `language`].
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
    /// Replace an existing result folder (by default a new one is chosen).
    #[arg(long)]
    pub(crate) force: bool,
    /// Run even when the comparison is estimated to take over an hour or
    /// more than 8 GiB of memory.
    #[arg(long)]
    pub(crate) insist: bool,
}

/// Language of the charts and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// Dutch.
    Nl,
    /// English.
    En,
}

/// How the CSV files separate fields and write decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Dialect {
    /// `,` between fields and `.` before decimals (for tools).
    Standard,
    /// `;` between fields and `,` before decimals (to open in a
    /// spreadsheet set to Dutch).
    Nl,
}

impl From<Dialect> for export::csv::CsvDialect {
    fn from(d: Dialect) -> Self {
        match d {
            Dialect::Standard => export::csv::CsvDialect::Standard,
            Dialect::Nl => export::csv::CsvDialect::Nl,
        }
    }
}

impl From<Lang> for scenario::Language {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Nl => scenario::Language::Nl,
            Lang::En => scenario::Language::En,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// A result folder written by `vtsim run`.
    #[arg(value_name = "RESULT_DIR")]
    pub(crate) dir: PathBuf,
    /// Language of the charts and the report [default: the scenario's
    /// `language`]. Another language than the scenario's writes
    /// report.<lang>.html and charts/<lang>/, beside report.html.
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DescribeArgs {
    /// Scenario file (TOML); the embedded ZHZ 2025 scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// Override a scenario value before validation (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct SweepArgs {
    /// Scenario file (TOML); the embedded default scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// A parameter and its values: PATH=A..B:STEP or PATH=v1,v2,… (any
    /// numeric key path `--set` takes, e.g. workforce.fte,
    /// workforce.absence.rate, inflow.meldingen.volume.2025). Twice for a
    /// grid.
    #[arg(
        long = "param",
        value_name = "PATH=VALUES",
        required = true,
        num_args = 1
    )]
    pub(crate) params: Vec<String>,
    /// Replications per point.
    #[arg(long, short = 'n', default_value_t = 200, value_name = "N",
          allow_negative_numbers = true, value_parser = parse_runs)]
    pub(crate) runs: u64,
    /// Master seed, the same at every point.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads: 0 = all cores, at most 256. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T", value_parser = parse_threads)]
    pub(crate) threads: usize,
    /// Folder under which the result folder sweep-<name>/ is written.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Override a value at every point before the parameters (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Skip report.html and its charts.
    #[arg(long)]
    pub(crate) no_charts: bool,
    /// Language of the report [default: the scenario's `language`].
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
    /// Replace an existing result folder (by default a new one is chosen).
    #[arg(long)]
    pub(crate) force: bool,
    /// Run even when the sweep is estimated to take over an hour or more
    /// than 8 GiB of memory.
    #[arg(long)]
    pub(crate) insist: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RequiredArgs {
    /// Scenario file (TOML); the embedded default scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// The parameter and its range: PATH=LO..HI[:RESOLUTION] (resolution
    /// default: a hundredth of the range).
    #[arg(long = "param", value_name = "PATH=LO..HI[:RES]")]
    pub(crate) param: String,
    /// The target: KPI>=VALUE or KPI<=VALUE, e.g. 'triage_within_term>=0.95'.
    #[arg(long, value_name = "KPI>=VALUE")]
    pub(crate) target: String,
    /// Share of the runs that must meet the target.
    #[arg(long, default_value_t = 0.8, value_name = "P")]
    pub(crate) confidence: f64,
    /// The period the KPI is taken over (a label of runs.csv, e.g. 2026 or
    /// "Burap II 2025") [default: the last full year].
    #[arg(long, value_name = "LABEL")]
    pub(crate) period: Option<String>,
    /// Replications per value tried.
    #[arg(long, short = 'n', default_value_t = 200, value_name = "N",
          allow_negative_numbers = true, value_parser = parse_runs)]
    pub(crate) runs: u64,
    /// Master seed, the same for every value.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads: 0 = all cores, at most 256. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T", value_parser = parse_threads)]
    pub(crate) threads: usize,
    /// Folder under which the result folder required-<name>/ is written.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Override a value before the parameter (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Replace an existing result folder (by default a new one is chosen).
    #[arg(long)]
    pub(crate) force: bool,
    /// Also explain why the calculator's FTE and the simulation's differ:
    /// a chain of searches from the calculator to the answer, each adding one
    /// mechanism (absence, turnover, variability, effort), with a table, a
    /// waterfall chart and a sentence. Only for --param workforce.fte; about
    /// five times the runs of the search alone.
    #[arg(long)]
    pub(crate) explain: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RekentoolArgs {
    /// Scenario file (TOML); the embedded default scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// Override a scenario value before validation (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Print the calculator's table as published in seed 003 (Zuid-Holland-
    /// Zuid 2021–2025), recomputed, instead of a scenario.
    #[arg(long, conflicts_with_all = ["scenario", "set"])]
    pub(crate) published: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Scenario file (TOML); the embedded ZHZ 2025 scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// Number of replications.
    #[arg(long, short = 'n', default_value_t = 1000, value_name = "N",
          allow_negative_numbers = true, value_parser = parse_runs)]
    pub(crate) runs: u64,
    /// Master seed; replication i draws from streams derived from (seed, i).
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads: 0 = all cores, at most 256. Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T", value_parser = parse_threads)]
    pub(crate) threads: usize,
    /// Folder under which the result folder <scenario name>/ is written.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Override a scenario value before validation, e.g. --set effort.norm_share=0.7
    /// or --set workforce.fte=70 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub(crate) set: Vec<String>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Skip the charts and report.html (write only the result files).
    #[arg(long)]
    pub(crate) no_charts: bool,
    /// Language of the table printed and of an extra report [default: the
    /// scenario's `language` for the report, English for the table]. The
    /// report in the scenario's language (report.html, charts/) is always
    /// written; another language adds report.<lang>.html and charts/<lang>/.
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
    /// Replace an existing result folder OUT/<name>/ (by default a new
    /// folder <name>-2, <name>-3, … is used and the old one is kept).
    #[arg(long)]
    pub(crate) force: bool,
    /// Run even when the run is estimated to take over an hour or more than
    /// 8 GiB of memory.
    #[arg(long)]
    pub(crate) insist: bool,
    /// Dialect of runs.csv, daily.csv and kpis.csv: `standard` (`,` between
    /// fields, decimal point; for tools) or `nl` (`;` and decimal comma, for
    /// a spreadsheet set to Dutch). The headers are the same; `vtsim report`
    /// reads both. results.xlsx needs neither: its numbers are numbers.
    #[arg(long, value_enum, default_value = "standard", value_name = "DIALECT")]
    pub(crate) csv_dialect: Dialect,
}

/// Set by Ctrl-C; the Monte Carlo loop stops before the next replication.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Longest estimated run accepted without `--insist`, seconds.
const MAX_SECONDS: f64 = 3600.0;
/// Most memory accepted without `--insist`, bytes.
const MAX_BYTES: f64 = 8.0 * 1024.0 * 1024.0 * 1024.0;

/// How long the guard rail may time a pilot replication, per scenario.
const PILOT_BUDGET: std::time::Duration = std::time::Duration::from_millis(750);

fn human_duration(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} seconds")
    } else if s < 5400.0 {
        format!("{:.0} minutes", s / 60.0)
    } else {
        format!("{:.1} hours", s / 3600.0)
    }
}

/// Refuses runs that would take hours or exhaust memory, with the estimate
/// and how to proceed.
fn check_size(model: &Model, args: &RunArgs) -> anyhow::Result<()> {
    check_size_of(&[model], args.runs, args.threads, args.insist)
}

fn check_size_of(models: &[&Model], runs: u64, threads: usize, insist: bool) -> anyhow::Result<()> {
    if insist {
        return Ok(());
    }
    let mut e = montecarlo::estimate_timed(models[0], runs, threads, PILOT_BUDGET);
    for m in &models[1..] {
        let x = montecarlo::estimate_timed(m, runs, threads, PILOT_BUDGET);
        e.seconds += x.seconds;
        e.bytes = e.bytes.max(x.bytes);
    }
    if e.seconds <= MAX_SECONDS && e.bytes <= MAX_BYTES {
        return Ok(());
    }
    let one = montecarlo::estimate(models[0], 1, threads);
    let per_run = e.seconds / runs as f64;
    let affordable = ((MAX_SECONDS / per_run).floor() as u64).clamp(1, runs);
    let mut why = Vec::new();
    if e.seconds > MAX_SECONDS {
        why.push(format!("take about {}", human_duration(e.seconds)));
    }
    if e.bytes > MAX_BYTES {
        why.push(format!(
            "need about {:.1} GiB of memory",
            e.bytes / 1024f64.powi(3)
        ));
    }
    // Fewer runs shorten the run; the memory of the replications in flight
    // (one run's cases per worker) does not shrink with them.
    let advice = if e.seconds > MAX_SECONDS {
        format!(
            "Use fewer runs (--runs {affordable} fits in an hour), a shorter horizon (--set end=…)"
        )
    } else {
        "Use a shorter horizon (--set end=…)".to_string()
    };
    let memory_note = if e.bytes > MAX_BYTES && one.bytes > MAX_BYTES * 0.5 {
        ", a smaller initial state or inflow (the memory is mostly for the replications in flight, \
         so fewer runs do not reduce it)"
    } else {
        ""
    };
    anyhow::bail!(vtsim::Error::TooBig(format!(
        "this run of {} replications would {} (an estimate from the horizon, the inflow, the initial \
         state and the staff, and from timing one replication on this machine). {advice}{memory_note}, or add --insist to run it anyway",
        runs,
        why.join(" and ")
    )));
}

fn install_ctrl_c() {
    // A second Ctrl-C exits at once; the first lets the run stop cleanly.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        say!("\nvtsim: stopping after the replications in progress (Ctrl-C again to quit at once)");
    });
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run_scenario(args),
        Command::Report(args) => report_folder(args),
        Command::Compare(args) => compare_scenarios(args),
        Command::Sweep(args) => sweep_scenario(args),
        Command::Required(args) => required_value(args),
        Command::Calibrate(args) => calibrate_cmd(args),
        Command::Rekentool(args) => {
            let text = if args.published {
                vtsim::rekentool::published_text(&vtsim::rekentool::published()?)
            } else {
                let s = scenario::load(args.scenario.as_deref(), &args.set)?;
                vtsim::rekentool::to_text(&s, &vtsim::rekentool::for_scenario(&s)?)
            };
            let mut out = std::io::stdout().lock();
            write!(out, "{text}").context("writing the figures")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Describe(args) => {
            let s = scenario::load(args.scenario.as_deref(), &args.set)?;
            let d = vtsim::describe::describe_horizon(&s)?;
            let mut out = std::io::stdout().lock();
            write!(out, "{}", vtsim::describe::to_text(&s, &d)).context("writing the figures")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn report_folder(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let written = vtsim::report::write_report(&args.dir, args.lang.map(Into::into))?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "wrote {} files; report in {}",
            written.len(),
            args.dir
                .join(
                    written
                        .last()
                        .map_or(vtsim::report::REPORT_FILE, String::as_str)
                )
                .display()
        )
        .context("writing the summary line")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_scenario(args: RunArgs) -> anyhow::Result<ExitCode> {
    let origin = origin_of(args.scenario.as_deref());
    let loaded = scenario::load_checked(args.scenario.as_deref(), &args.set)?;
    if !args.quiet {
        for w in &loaded.warnings {
            say!("vtsim: warning: {w}");
        }
    }
    let experiment = Experiment::new(
        loaded.scenario,
        &origin,
        RunOptions {
            runs: args.runs,
            seed: args.seed,
            threads: args.threads,
        },
    );
    check_runs(args.runs)?;
    check_size(&experiment.model()?, &args)?;
    // Fail before the long run: the output folder must be writable.
    let prepared = export::prepare_output(&args.out, &experiment.scenario.name, args.force)?;
    for note in prepared.notes.iter().filter(|_| !args.quiet) {
        say!("vtsim: note: {note}");
    }
    let dir = prepared.dir;
    install_ctrl_c();
    let bar = progress_bar(args.runs, args.quiet);
    let started = std::time::Instant::now();
    let results = experiment.run(&|n| bar.inc(n), &CANCEL);
    bar.finish_and_clear();
    let results = results?;
    let mut files: Vec<(&str, export::Content<'_>)> =
        results.contents_with(args.csv_dialect.into())?;
    // Charts and report are drawn from the same results; if that fails, the
    // simulated results are still written before the error is reported.
    // The report in the scenario's language always (report.html), and one
    // in --lang beside it when that is another (report.<lang>.html).
    let report_files = if args.no_charts {
        Ok(Vec::new())
    } else {
        let own = results.scenario.language;
        let mut langs = vec![own];
        langs.extend(
            args.lang
                .map(scenario::Language::from)
                .filter(|l| *l != own),
        );
        langs
            .into_iter()
            .map(|l| vtsim::report::render(&results, Some(l)))
            .collect::<Result<Vec<_>, _>>()
            .map(|v| v.into_iter().flatten().collect::<Vec<_>>())
    };
    let (report_files, chart_error) = match report_files {
        Ok(f) => (f, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    files.extend(
        report_files
            .iter()
            .map(|(n, b)| (n.as_str(), export::Content::Bytes(b.clone()))),
    );
    // Ctrl-C after the simulation but before anything is written (while
    // the charts were drawn): stop, write nothing, exit 130, as during the
    // simulation. Once the write has begun it completes (below).
    if CANCEL.load(Ordering::SeqCst) {
        return Err(vtsim::Error::Interrupted.into());
    }
    let dir = write_out(&dir, &files, args.force)?;
    if CANCEL.load(Ordering::SeqCst) {
        // Ctrl-C during writing: the folder is complete (renamed into place).
        say!("vtsim: note: interrupted after the results were complete");
    }
    if let Some(e) = chart_error {
        return Err(anyhow::Error::new(e).context(format!(
            "the results are in {}/, but the charts and report.html could not be made \
             (retry with `vtsim report {}`)",
            dir.display(),
            dir.display()
        )));
    }
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        // The table is in English for the analyst unless --lang asks otherwise.
        let table_lang = args.lang.map_or(scenario::Language::En, Into::into);
        let table = vtsim::report::kpi_table(&results, vtsim::report::labels::Locale(table_lang));
        write!(out, "{table}").context("writing the table")?;
        for line in results
            .summary
            .uncertain_inputs
            .iter()
            .flat_map(vtsim::uncertain::terminal_lines)
        {
            writeln!(out, "{line}").context("writing the table")?;
        }
        writeln!(
            out,
            "\nresults in {}/ ({:.1} s)",
            dir.display(),
            started.elapsed().as_secs_f64()
        )
        .context("writing the table")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn compare_scenarios(args: CompareArgs) -> anyhow::Result<ExitCode> {
    check_runs(args.runs)?;
    let mut scenarios = Vec::new();
    for p in &args.scenarios {
        let loaded = scenario::load_checked(Some(p), &args.set)?;
        for w in loaded.warnings.iter().filter(|_| !args.quiet) {
            say!("vtsim: warning: {w}");
        }
        scenarios.push((loaded.scenario, p.display().to_string()));
    }
    let models = scenarios
        .iter()
        .map(|(s, _)| Model::new(s))
        .collect::<Result<Vec<_>, _>>()?;
    check_size_of(
        &models.iter().collect::<Vec<_>>(),
        args.runs,
        args.threads,
        args.insist,
    )?;
    drop(models);
    let names: Vec<&str> = scenarios.iter().map(|(s, _)| s.name.as_str()).collect();
    let folder = vtsim::compare::folder_name(&names);
    let prepared = export::prepare_output(&args.out, &folder, args.force)?;
    for note in prepared.notes.iter().filter(|_| !args.quiet) {
        say!("vtsim: note: {note}");
    }
    let dir = prepared.dir;
    install_ctrl_c();
    let bar = progress_bar(args.runs * scenarios.len() as u64, args.quiet);
    let started = std::time::Instant::now();
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    let c = vtsim::compare::compare(scenarios, options, &|n| bar.inc(n), &CANCEL);
    bar.finish_and_clear();
    let c = c?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("compare.csv".into(), vtsim::compare::csv(&c)?),
        ("compare.json".into(), vtsim::compare::json(&c)?),
    ];
    for a in &c.arms {
        files.push((
            format!("scenario.{}.resolved.toml", a.scenario.name),
            scenario::to_toml(&a.scenario)?.into_bytes(),
        ));
    }
    if !args.no_charts {
        let lang = args
            .lang
            .map(Into::into)
            .unwrap_or(c.arms[0].scenario.language);
        files.extend(vtsim::report::compare::render(&c, lang)?);
    }
    let refs: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    if CANCEL.load(Ordering::SeqCst) {
        return Err(vtsim::Error::Interrupted.into());
    }
    let dir = write_out(&dir, &export::as_content(&refs), args.force)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", vtsim::compare::table(&c)).context("writing the table")?;
        let lang = args
            .lang
            .map(Into::into)
            .unwrap_or(c.arms[0].scenario.language);
        writeln!(out).context("writing the table")?;
        for f in vtsim::compare::findings(&c, lang) {
            writeln!(out, "{f}").context("writing the findings")?;
        }
        writeln!(
            out,
            "\nresults in {}/ ({:.1} s)",
            dir.display(),
            started.elapsed().as_secs_f64()
        )
        .context("writing the table")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn sweep_scenario(args: SweepArgs) -> anyhow::Result<ExitCode> {
    use vtsim::sweep;
    check_runs(args.runs)?;
    if args.params.len() > 2 {
        anyhow::bail!(vtsim::Error::Options {
            option: "--param",
            message: format!(
                "one parameter, or two for a grid; got {}",
                args.params.len()
            ),
        });
    }
    let params = args
        .params
        .iter()
        .map(|p| sweep::parse_param(p))
        .collect::<Result<Vec<_>, _>>()?;
    let points = sweep::points(&params);
    if points.len() > sweep::MAX_POINTS {
        anyhow::bail!(vtsim::Error::Options {
            option: "--param",
            message: format!("{} points; at most {}", points.len(), sweep::MAX_POINTS),
        });
    }
    // Every point loads and validates before anything runs, and the guard
    // rail sees them all.
    let base = scenario::load_checked(args.scenario.as_deref(), &args.set)?;
    for w in base.warnings.iter().filter(|_| !args.quiet) {
        say!("vtsim: warning: {w}");
    }
    let mut models = Vec::new();
    for pt in &points {
        let s = sweep::scenario_at(args.scenario.as_deref(), &args.set, &params, pt)?;
        models.push(Model::new(&s)?);
    }
    check_size_of(
        &models.iter().collect::<Vec<_>>(),
        args.runs,
        args.threads,
        args.insist,
    )?;
    drop(models);
    let prepared = export::prepare_output(
        &args.out,
        &format!("sweep-{}", base.scenario.name),
        args.force,
    )?;
    for note in prepared.notes.iter().filter(|_| !args.quiet) {
        say!("vtsim: note: {note}");
    }
    install_ctrl_c();
    let bar = progress_bar(args.runs * points.len() as u64, args.quiet);
    let started = std::time::Instant::now();
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    let result = sweep::sweep(
        args.scenario.as_deref(),
        &args.set,
        params,
        options,
        &|n| bar.inc(n),
        &CANCEL,
    );
    bar.finish_and_clear();
    let result = result?;
    let origin = origin_of(args.scenario.as_deref());
    let json = serde_json::json!({
        "vtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario_origin": origin,
        "set": args.set,
        "params": result.params,
        "runs": result.runs,
        "seed": result.seed,
        "periods": result.periods,
        "scenario": base.scenario,
    });
    let mut json = serde_json::to_vec_pretty(&json).context("formatting sweep.json")?;
    json.push(b'\n');
    let mut owned: Vec<(String, Vec<u8>)> = vec![
        ("sweep.csv".into(), sweep::csv(&result)?),
        ("sweep.json".into(), json),
        (
            "scenario.resolved.toml".into(),
            scenario::to_toml(&base.scenario)?.into_bytes(),
        ),
    ];
    if !args.no_charts {
        let lang = args.lang.map(Into::into).unwrap_or(base.scenario.language);
        owned.extend(vtsim::report::sweep::render(&result, lang)?);
    }
    let files: Vec<(&str, Vec<u8>)> = owned.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    if CANCEL.load(Ordering::SeqCst) {
        return Err(vtsim::Error::Interrupted.into());
    }
    let dir = write_out(&prepared.dir, &export::as_content(&files), args.force)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", sweep::table(&result)).context("writing the table")?;
        writeln!(
            out,
            "\nresults in {}/ ({:.1} s)",
            dir.display(),
            started.elapsed().as_secs_f64()
        )
        .context("writing the table")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn required_value(args: RequiredArgs) -> anyhow::Result<ExitCode> {
    use vtsim::required;
    check_runs(args.runs)?;
    let range = required::parse_range(&args.param)?;
    let target = required::parse_target(&args.target)?;
    if !(args.confidence > 0.0 && args.confidence <= 1.0) {
        anyhow::bail!(vtsim::Error::Options {
            option: "--confidence",
            message: format!(
                "a share of the runs in (0, 1], e.g. 0.8; got {}",
                args.confidence
            ),
        });
    }
    // Both ends load and validate, and the guard rail sees the search's
    // largest likely cost (both ends and every bisection step).
    let base = scenario::load_checked(args.scenario.as_deref(), &args.set)?;
    for w in base.warnings.iter().filter(|_| !args.quiet) {
        say!("vtsim: warning: {w}");
    }
    let mut models = Vec::new();
    for v in [range.lo, range.hi] {
        let s = vtsim::sweep::scenario_with(
            args.scenario.as_deref(),
            &args.set,
            &[(range.path.as_str(), v)],
        )?;
        models.push(Model::new(&s)?);
    }
    let steps = required::probes_at_most(&range, true) - 2;
    let mut all: Vec<&Model> = models.iter().collect();
    all.extend(std::iter::repeat_n(&models[1], steps));
    // The decomposition's searches count up front too.
    let skip = vtsim::decompose::not_applicable(&range, &base.scenario);
    let explain = args.explain && skip.is_none();
    let mut variants = Vec::new();
    if explain {
        for (s, count) in vtsim::decompose::planned(args.scenario.as_deref(), &args.set, &range)? {
            variants.push((Model::new(&s)?, count));
        }
    }
    for (m, count) in &variants {
        all.extend(std::iter::repeat_n(m, *count));
    }
    let steps = all.len() - 2;
    check_size_of(&all, args.runs, args.threads, false)?;
    drop(all);
    drop(models);
    drop(variants);
    let prepared = export::prepare_output(
        &args.out,
        &format!("required-{}", base.scenario.name),
        args.force,
    )?;
    for note in prepared.notes.iter().filter(|_| !args.quiet) {
        say!("vtsim: note: {note}");
    }
    install_ctrl_c();
    let bar = progress_bar(args.runs * (steps as u64 + 2), args.quiet);
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    let answer = required::required(
        args.scenario.as_deref(),
        &args.set,
        &range,
        &target,
        args.confidence,
        args.period.as_deref(),
        options,
        &|n| bar.inc(n),
        &CANCEL,
    );
    let result = answer.and_then(|answer| {
        let q = required::Search {
            range: &range,
            target: &target,
            confidence: args.confidence,
            period: args.period.as_deref(),
            options,
            interval: false,
        };
        // A step that cannot reach the target in its range leaves the
        // answer standing: it is written, and the step's message says why
        // there is no decomposition.
        let d = if explain {
            match vtsim::decompose::decompose(
                args.scenario.as_deref(),
                &args.set,
                q,
                &answer,
                &|n| bar.inc(n),
                &CANCEL,
            ) {
                Ok(d) => Some(Ok(d)),
                Err(vtsim::Error::Options { message, .. }) => Some(Err(message)),
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        Ok((answer, d))
    });
    bar.finish_and_clear();
    let (answer, decomposition) = result?;
    let (decomposition, failed) = match decomposition {
        Some(Ok(d)) => (Some(d), None),
        Some(Err(why)) => (None, Some(why)),
        None => (None, None),
    };
    let origin = origin_of(args.scenario.as_deref());
    let mut json = serde_json::json!({
        "vtsim_version": env!("CARGO_PKG_VERSION"),
        "scenario_origin": origin,
        "set": args.set,
        "param": range,
        "target": target,
        "confidence": args.confidence,
        "runs": args.runs,
        "seed": args.seed,
        "answer": answer,
        "scenario": base.scenario,
    });
    if let Some(d) = &decomposition {
        json["decomposition"] = serde_json::to_value(d).context("formatting required.json")?;
    }
    if let Some(why) = &failed {
        json["decomposition_not_made"] = serde_json::Value::String(why.clone());
    }
    let mut json = serde_json::to_vec_pretty(&json).context("formatting required.json")?;
    json.push(b'\n');
    let mut owned: Vec<(String, Vec<u8>)> = vec![
        ("required.json".into(), json),
        (
            "scenario.resolved.toml".into(),
            scenario::to_toml(&base.scenario)?.into_bytes(),
        ),
    ];
    if let Some(d) = &decomposition {
        owned.extend(vtsim::decompose::charts(d, base.scenario.language)?);
    }
    let files: Vec<(&str, Vec<u8>)> = owned.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    if CANCEL.load(Ordering::SeqCst) {
        return Err(vtsim::Error::Interrupted.into());
    }
    let dir = write_out(&prepared.dir, &export::as_content(&files), args.force)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        write!(
            out,
            "{}",
            required::to_text(&range, &target, args.confidence, &answer)
        )
        .context("writing the answer")?;
        match (&decomposition, &skip, &failed) {
            (Some(d), _, _) => write!(out, "{}", vtsim::decompose::to_text(d)),
            (None, Some(why), _) if args.explain => writeln!(out, "\nNo decomposition: {why}."),
            (None, _, Some(why)) => writeln!(out, "\nNo decomposition: {why}"),
            _ => Ok(()),
        }
        .context("writing the answer")?;
        writeln!(out, "\nresults in {}/", dir.display()).context("writing the answer")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn calibrate_cmd(args: CalibrateArgs) -> anyhow::Result<ExitCode> {
    use vtsim::calibrate::{self as cal, Member};
    check_runs(args.runs)?;
    let params = args
        .fit
        .iter()
        .map(|s| cal::parse_fit(s))
        .collect::<Result<Vec<_>, _>>()?;
    let holdout = match &args.holdout {
        None => None,
        Some(d) => {
            Some(
                d.trim()
                    .parse::<jiff::civil::Date>()
                    .map_err(|_| vtsim::Error::Options {
                        option: "--holdout",
                        message: format!("`{d}` is not a date; write YYYY-MM-DD, e.g. 2023-07-01"),
                    })?,
            )
        }
    };
    let mut paths: Vec<Option<PathBuf>> = args.scenarios.iter().cloned().map(Some).collect();
    paths.extend(args.joint.iter().cloned().map(Some));
    if paths.is_empty() {
        paths.push(None);
    }
    if !args.region.is_empty() && args.region.len() != 1 && args.region.len() != paths.len() {
        anyhow::bail!(vtsim::Error::Options {
            option: "--region",
            message: format!(
                "{} regions for {} scenarios: give one for all, or one per scenario in their order",
                args.region.len(),
                paths.len()
            ),
        });
    }
    let mut members = Vec::new();
    let mut notes = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let loaded = scenario::load_checked(p.as_deref(), &args.set)?;
        for w in loaded.warnings.iter().filter(|_| !args.quiet) {
            say!("vtsim: warning: {w}");
        }
        let observations = match &args.observations {
            Some(f) => {
                let r = &args.region[if args.region.len() == 1 { 0 } else { i }];
                let (o, n) = cal::read_observations(f, r)?;
                notes.extend(n);
                o
            }
            None => loaded.scenario.observations.clone(),
        };
        if members
            .iter()
            .any(|m: &Member| m.scenario.name == loaded.scenario.name)
        {
            anyhow::bail!(vtsim::Error::Options {
                option: "--joint",
                message: format!(
                    "two scenarios are named `{}`; jointly fitted scenarios need different names",
                    loaded.scenario.name
                ),
            });
        }
        members.push(Member {
            path: p.clone(),
            sets: args.set.clone(),
            scenario: loaded.scenario,
            observations,
        });
    }
    let resolved = cal::resolve(&params, &members)?;
    let (targets, more) = cal::targets(&members, holdout)?;
    notes.extend(more);
    // The guard rail: the search's likely number of points at full runs.
    let d = resolved.len();
    let points = 4 + 30 * d + 20 + 16 * d + if args.no_ceilings { 0 } else { 6 };
    let models = members
        .iter()
        .map(|m| Model::new(&m.scenario))
        .collect::<Result<Vec<_>, _>>()?;
    let mut all: Vec<&Model> = Vec::new();
    for m in &models {
        all.extend(std::iter::repeat_n(m, points));
    }
    check_size_of(&all, args.runs, args.threads, args.insist)?;
    drop(all);
    drop(models);
    let names: Vec<&str> = members.iter().map(|m| m.scenario.name.as_str()).collect();
    let prepared = export::prepare_output(
        &args.out,
        &format!("calibrate-{}", names.join("+")),
        args.force,
    )?;
    for note in prepared.notes.iter().filter(|_| !args.quiet) {
        say!("vtsim: note: {note}");
    }
    install_ctrl_c();
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new_spinner();
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} {pos} runs simulated  {msg}")
        {
            b.set_style(style);
        }
        b
    };
    let stage = std::cell::RefCell::new(("", 0usize, 0usize));
    let quiet = args.quiet;
    let tty = std::io::stderr().is_terminal();
    let step = |s: cal::Step| match s {
        cal::Step::Stage(name, runs, planned) => {
            *stage.borrow_mut() = (name, 0, planned);
            if !quiet {
                bar.suspend(|| say!("vtsim: calibrate: {name} stage, {runs} runs per point"));
            }
        }
        cal::Step::Point(x, l, best) => {
            let mut st = stage.borrow_mut();
            st.1 += 1;
            let at = x
                .iter()
                .map(|v| format!("{}", cal::round4(*v)))
                .collect::<Vec<_>>()
                .join(", ");
            let msg = format!(
                "{} point {} (~{} planned): loss {l:.2} at ({at}), best {best:.2}",
                st.0, st.1, st.2
            );
            if tty {
                bar.set_message(msg);
            } else if !quiet {
                say!("vtsim: calibrate: {msg}");
            }
        }
    };
    let settings = cal::Settings {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    let result = cal::calibrate(
        &members,
        &resolved,
        &targets,
        settings,
        &|n| bar.inc(n),
        &step,
        &CANCEL,
    );
    let mut c = match result {
        Ok(c) => c,
        Err(e) => {
            bar.finish_and_clear();
            return Err(e.into());
        }
    };
    c.holdout = holdout;
    c.notes = notes;
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    let mut ceilings = Vec::new();
    if !args.no_ceilings {
        *stage.borrow_mut() = ("ceilings", 0, 0);
        for (mi, m) in members.iter().enumerate() {
            let values: Vec<(&str, f64)> = c
                .params
                .iter()
                .filter(|p| p.resolved.members.contains(&mi))
                .flat_map(|p| p.resolved.param.paths.iter().map(|x| (x.as_str(), p.value)))
                .collect();
            bar.set_message(format!("ceilings of {}", m.scenario.name));
            match cal::ceiling(m, &values, options, &|n| bar.inc(n), &CANCEL) {
                Ok(ce) => ceilings.push(ce),
                Err(vtsim::Error::Options { message, .. }) => c.notes.push(message),
                Err(e) => {
                    bar.finish_and_clear();
                    return Err(e.into());
                }
            }
        }
    }
    bar.finish_and_clear();
    if CANCEL.load(Ordering::SeqCst) {
        return Err(vtsim::Error::Interrupted.into());
    }
    let command = reproduce_command();
    let mut owned: Vec<(String, Vec<u8>)> = Vec::new();
    for (mi, m) in members.iter().enumerate() {
        let (text, origin) = match &m.path {
            Some(p) => (
                std::fs::read_to_string(p).map_err(|source| vtsim::Error::Io {
                    path: p.display().to_string(),
                    action: "read the scenario file",
                    source,
                })?,
                p.display().to_string(),
            ),
            None => (
                scenario::DEFAULT_SCENARIO_TOML.to_string(),
                scenario::DEFAULT_SCENARIO_ORIGIN.to_string(),
            ),
        };
        let ce = ceilings.iter().find(|x| x.scenario == m.scenario.name);
        let file = cal::calibrated_file(&text, &origin, mi, &c, ce, &command)?;
        owned.push((
            format!("{}.calibrated.toml", m.scenario.name),
            file.into_bytes(),
        ));
    }
    let json = serde_json::json!({
        "vtsim_version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "scenarios": members.iter().map(|m| origin_of(m.path.as_deref())).collect::<Vec<_>>(),
        "set": args.set,
        "loss_definition": "sum over the fitted observations of (residual / sd)^2; residual = median - observed for a share, (median - observed) / observed for a count; sd = sqrt(sd_obs^2 + sd_mc^2), sd_obs = 0.02 for a share, max(0.05, 1/sqrt(observed)) for a count, sd_mc = the Monte Carlo standard error of the median (docs/model.md, Calibration)",
        "calibration": c,
        "ceilings": ceilings,
    });
    let mut json = serde_json::to_vec_pretty(&json).context("formatting calibration.json")?;
    json.push(b'\n');
    owned.push(("calibration.json".into(), json));
    owned.push(("fit.csv".into(), cal::fit_csv(&c)?));
    let files: Vec<(&str, Vec<u8>)> = owned.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let dir = write_out(&prepared.dir, &export::as_content(&files), args.force)?;
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", cal::to_text(&c, &ceilings)).context("writing the fit")?;
        writeln!(out, "\nresults in {}/", dir.display()).context("writing the fit")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The command line that reproduces this run (without --force, --quiet and
/// --out, which change where and how, not what), quoted for a POSIX shell.
fn reproduce_command() -> String {
    let mut out = vec!["vtsim".to_string()];
    let mut skip = false;
    for a in std::env::args().skip(1) {
        if skip {
            skip = false;
            continue;
        }
        if a == "--force" || a == "--quiet" || a == "-q" {
            continue;
        }
        if a == "--out" {
            skip = true;
            continue;
        }
        if a.starts_with("--out=") {
            continue;
        }
        let plain = a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+".contains(c));
        out.push(if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', r"'\''"))
        });
    }
    out.join(" ")
}

/// `--runs` within 1–[`montecarlo::MAX_RUNS`].
fn check_runs(runs: u64) -> Result<(), vtsim::Error> {
    if runs == 0 || runs > montecarlo::MAX_RUNS {
        return Err(vtsim::Error::Options {
            option: "--runs",
            message: format!("must be 1–{}, got {runs}", montecarlo::MAX_RUNS),
        });
    }
    Ok(())
}

/// How a scenario is named in the results: its path, or the embedded one.
fn origin_of(path: Option<&std::path::Path>) -> String {
    path.map_or_else(
        || scenario::DEFAULT_SCENARIO_ORIGIN.to_string(),
        |p| p.display().to_string(),
    )
}

/// Writes a result folder: replacing `dir` with `--force`; otherwise never
/// replacing a result, also not one another run wrote under that name
/// meanwhile. Returns the folder that holds the result.
fn write_out(
    dir: &std::path::Path,
    files: &[(&str, export::Content<'_>)],
    force: bool,
) -> anyhow::Result<PathBuf> {
    Ok(if force {
        export::write_results(dir, files)?;
        dir.to_path_buf()
    } else {
        export::write_new_results(dir, files)?
    })
}

fn progress_bar(n: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} simulating {pos}/{len} runs [{bar:30}] {eta} left",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// `--runs`: a whole number (the range 1–[`montecarlo::MAX_RUNS`] is checked
/// after parsing, with the same message for both commands). A negative or
/// decimal number is refused here with what is allowed, instead of clap's
/// tip to write `-- -1`.
fn parse_runs(s: &str) -> Result<u64, String> {
    s.trim().parse::<u64>().map_err(|_| {
        format!(
            "the number of runs is a whole number 1–{}, got {s:?}",
            montecarlo::MAX_RUNS
        )
    })
}

/// `--threads`: a whole number 0–[`montecarlo::MAX_THREADS`].
fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s.trim().parse().map_err(|_| {
        format!(
            "expected a whole number 0–{}, got {s:?}",
            montecarlo::MAX_THREADS
        )
    })?;
    if n > montecarlo::MAX_THREADS {
        return Err(format!(
            "at most {} worker threads (0 = all cores), got {n}",
            montecarlo::MAX_THREADS
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
