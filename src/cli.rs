//! The command line: argument definitions and the commands.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vtsim::engine::Model;
use vtsim::export::{self, SummaryFile};
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
    /// 2025, scenarios/zhz-2025.toml). Results go to OUT/<scenario name>/:
    /// summary.json (every KPI's distribution, the resolved scenario, seed,
    /// runs, version), runs.csv (one row per run × period), daily.csv (daily
    /// series: mean and percentiles) and scenario.resolved.toml (the exact
    /// inputs). The same scenario and seed give byte-identical files for any
    /// --threads. Unless --no-charts is given, it also draws the charts
    /// (charts/*.png and charts/*.svg) and writes report.html, a
    /// self-contained page for a board.
    Run(RunArgs),
    /// Print derived figures of a scenario without simulating it.
    ///
    /// Productive hours per FTE per year (at the scenario's absence and at
    /// none, beside the 1350 of the FTE calculator), expected capacity hours
    /// against expected demand hours (utilisation), the FTE the calculator
    /// would ask for, expected sick FTE and the solved mean of long absence
    /// spells — what an analyst checks before running.
    Describe(DescribeArgs),
    /// Re-draw the charts and report.html of a result folder, without simulating.
    ///
    /// Reads summary.json, runs.csv, daily.csv and scenario.resolved.toml from
    /// RESULT_DIR (a folder written by `vtsim run`) and writes charts/*.png,
    /// charts/*.svg and report.html into it, each file under a temporary name
    /// first, so none is ever half-written.
    Report(ReportArgs),
}

/// Language of the charts and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// Dutch.
    Nl,
    /// English.
    En,
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
    /// Language of the charts and the report [default: the scenario's `language`].
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
pub(crate) struct RunArgs {
    /// Scenario file (TOML); the embedded ZHZ 2025 scenario when omitted.
    pub(crate) scenario: Option<PathBuf>,
    /// Number of replications.
    #[arg(long, short = 'n', default_value_t = 1000, value_name = "N")]
    pub(crate) runs: u64,
    /// Master seed; replication i draws from streams derived from (seed, i).
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
    /// Worker threads (0 = all cores). Results do not depend on it.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "T")]
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
    /// Skip the charts and report.html (write only the four result files).
    #[arg(long)]
    pub(crate) no_charts: bool,
    /// Language of the charts and the report [default: the scenario's `language`].
    #[arg(long, value_enum)]
    pub(crate) lang: Option<Lang>,
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run_scenario(args),
        Command::Report(args) => report_folder(args),
        Command::Describe(args) => {
            let s = scenario::load(args.scenario.as_deref(), &args.set)?;
            let d = vtsim::describe::describe(&s)?;
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
            args.dir.join(vtsim::report::REPORT_FILE).display()
        )
        .context("writing the summary line")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_scenario(args: RunArgs) -> anyhow::Result<ExitCode> {
    let origin = args.scenario.as_ref().map_or_else(
        || scenario::DEFAULT_SCENARIO_ORIGIN.to_string(),
        |p| p.display().to_string(),
    );
    let scenario = scenario::load(args.scenario.as_deref(), &args.set)?;
    let model = Model::new(&scenario)?;
    let options = RunOptions {
        runs: args.runs,
        seed: args.seed,
        threads: args.threads,
    };
    if args.runs == 0 || args.runs > montecarlo::MAX_RUNS {
        anyhow::bail!(vtsim::Error::Options {
            option: "--runs",
            message: format!("must be 1–{}, got {}", montecarlo::MAX_RUNS, args.runs),
        });
    }
    let dir = args.out.join(&scenario.name);
    let bar = progress_bar(args.runs, args.quiet);
    let started = std::time::Instant::now();
    let outcome = montecarlo::run(&model, options, &|n| bar.inc(n))?;
    bar.finish_and_clear();

    let summary = SummaryFile::new(&scenario, &origin, &outcome);
    let dates: Vec<String> = (model.start..=model.end)
        .map(|d| model.calendar.date(d).to_string())
        .collect();
    let mut files = vec![
        ("summary.json", export::summary_json(&summary)?),
        ("runs.csv", export::runs_csv(&outcome)?),
        ("daily.csv", export::daily_csv(&outcome, &dates)?),
        (
            "scenario.resolved.toml",
            scenario::to_toml(&scenario)?.into_bytes(),
        ),
    ];
    // Charts and report are drawn from the same bytes; if that fails, the
    // simulated results are still written before the error is reported.
    let report_files = if args.no_charts {
        Ok(Vec::new())
    } else {
        vtsim::report::render_result_files(
            &files,
            &dir.display().to_string(),
            args.lang.map(Into::into),
        )
    };
    let (report_files, chart_error) = match report_files {
        Ok(f) => (f, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    files.extend(report_files.iter().map(|(n, b)| (n.as_str(), b.clone())));
    export::write_results(&dir, &files)?;
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
        write!(out, "{}", vtsim::report::kpi_table(&summary)).context("writing the table")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
