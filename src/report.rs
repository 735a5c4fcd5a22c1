//! Reports of a result: the KPI table printed after a run, the charts
//! (`charts/*.png`, `charts/*.svg`) and the self-contained `report.html`.
//!
//! A report is computed from a run's [`Results`] — in memory after `vtsim
//! run`, parsed from a result folder's files by `vtsim report` ([`data`]) —
//! turned into view models (chart data in [`plots`], the page in [`html`])
//! and rendered through the same [`render`]; every text comes from one table
//! in both languages ([`labels`]).

pub mod compare;
pub mod data;
pub mod html;
pub mod labels;
pub mod plots;
pub mod sweep;
pub mod uncertainty;

use crate::experiment::Results;
use crate::metrics::PeriodKind;
use crate::scenario::Language;
use crate::summary::PeriodSummary;
use std::fmt::Write;
use std::path::Path;

/// An error while reading a result folder or rendering its report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// Reading or writing a file failed.
    #[error("could not {action} '{path}'")]
    Io {
        /// The path involved.
        path: String,
        /// What was being done.
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A result file does not have the expected content.
    #[error("{path}: {message}; is this a vtsim result folder? `vtsim run` writes a complete one")]
    Malformed {
        /// The file.
        path: String,
        /// What is wrong, with the line where known.
        message: String,
    },
    /// The resolved scenario of a result does not load.
    #[error("{path}: the resolved scenario does not load")]
    Scenario {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: Box<crate::Error>,
    },
    /// A chart could not be drawn.
    #[error("could not draw the {chart} chart: {message}")]
    Chart {
        /// The chart (file stem).
        chart: &'static str,
        /// What the drawing library reported.
        message: String,
    },
}

/// The folder of the charts inside a result folder.
pub const CHARTS_DIR: &str = "charts";

/// The report page inside a result folder.
pub const REPORT_FILE: &str = "report.html";

/// Renders the charts (PNG and SVG) and `report.html` of a result, in
/// `lang` (the scenario's language when `None`). Returns each file's path
/// relative to the result folder with its bytes, `report.html` last.
pub fn render(
    data: &Results,
    lang: Option<Language>,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let locale = labels::Locale(lang.unwrap_or(data.scenario.language));
    let ctx = plots::PlotContext { locale };
    let prepared = plots::Prepared::new(data)?;
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for chart in prepared.charts(data) {
        let name = chart.name();
        // The PNG is the SVG rasterised (plots::png does the same).
        let svg = plots::svg(ctx, chart)?;
        files.push((
            format!("{CHARTS_DIR}/{name}.png"),
            plots::rasterise(&svg, name)?,
        ));
        files.push((format!("{CHARTS_DIR}/{name}.svg"), svg.clone().into_bytes()));
        svgs.push((name, svg));
    }
    let page = html::page(data, locale, &svgs);
    files.push((REPORT_FILE.to_string(), page.into_bytes()));
    Ok(files)
}

/// Renders the charts and `report.html` from the result files about to be
/// written (name and bytes, as given to [`crate::export::write_results`]);
/// `origin` names the result folder in errors. Same output as rendering the
/// written folder with [`write_report`].
pub fn render_result_files(
    files: &[(&str, Vec<u8>)],
    origin: &str,
    lang: Option<Language>,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let text = |name: &str| -> Result<&str, ReportError> {
        let path = format!("{origin}/{name}");
        let bytes = files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| ReportError::Malformed {
                path: path.clone(),
                message: "missing".into(),
            })?;
        std::str::from_utf8(bytes).map_err(|e| ReportError::Malformed {
            path,
            message: e.to_string(),
        })
    };
    let data = data::from_texts(
        data::Texts {
            summary_json: text("summary.json")?,
            runs_csv: text("runs.csv")?,
            daily_csv: text("daily.csv")?,
            resolved_toml: text("scenario.resolved.toml")?,
        },
        origin,
    )?;
    render(&data, lang)
}

/// Re-renders the charts and `report.html` of the result folder `dir` from
/// its files, without simulating. Each file is written under a temporary
/// name and renamed into place, so no file is ever half-written. Returns the
/// paths written, relative to `dir`.
pub fn write_report(dir: &Path, lang: Option<Language>) -> Result<Vec<String>, ReportError> {
    let data = data::load(dir)?;
    let files = render(&data, lang)?;
    let charts = dir.join(CHARTS_DIR);
    std::fs::create_dir_all(&charts).map_err(|e| ReportError::Io {
        path: charts.display().to_string(),
        action: "create the charts folder",
        source: e,
    })?;
    for (name, bytes) in &files {
        write_atomic(&dir.join(name), bytes)?;
    }
    Ok(files.into_iter().map(|(n, _)| n).collect())
}

/// Writes `bytes` to a temporary sibling of `path`, then renames it over `path`.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file}.partial-{}", std::process::id()));
    let io = |p: &Path, action| {
        let path = p.display().to_string();
        move |e| ReportError::Io {
            path,
            action,
            source: e,
        }
    };
    std::fs::write(&tmp, bytes)
        .map_err(io(&tmp, "write"))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(io(path, "move into place")))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

/// How a table cell shows its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fmt {
    /// A share as a whole percentage.
    Pct,
    /// A share as a percentage with one decimal.
    Pct1,
    /// A whole number.
    Int,
    /// One decimal.
    Dec1,
    /// Two decimals.
    Dec2,
}

/// Rows of the table: label, KPI, format.
const ROWS: [(&str, &str, Fmt); 8] = [
    (
        "triage within term, by completion",
        "triage_within_term",
        Fmt::Pct,
    ),
    (
        "triage within term, by intake",
        "triage_within_term_intake",
        Fmt::Pct,
    ),
    ("V&V within term, by completion", "vv_within_term", Fmt::Pct),
    (
        "V&V within term, by intake",
        "vv_within_term_intake",
        Fmt::Pct,
    ),
    (
        "Onderzoek within term, by completion",
        "onderzoek_within_term",
        Fmt::Pct,
    ),
    (
        "Onderzoek within term, by intake",
        "onderzoek_within_term_intake",
        Fmt::Pct,
    ),
    ("backlog at period end", "backlog_end", Fmt::Int),
    ("maximum backlog", "backlog_max", Fmt::Int),
];

/// Workforce rows, after the norm probabilities.
const WORKFORCE_ROWS: [(&str, &str, Fmt); 5] = [
    (
        "employed FTE (mean over the period)",
        "employed_fte_mean",
        Fmt::Dec1,
    ),
    (
        "sick FTE (mean over the period)",
        "sick_fte_mean",
        Fmt::Dec1,
    ),
    ("absence (verzuim), realised", "absence_share", Fmt::Pct1),
    (
        "resignations per person-year",
        "resignations_per_person_year",
        Fmt::Dec2,
    ),
    ("new hires", "hires", Fmt::Int),
];

/// A number in the row's format, without the unit.
fn number(x: f64, fmt: Fmt) -> String {
    match fmt {
        Fmt::Pct => format!("{:.0}", x * 100.0),
        Fmt::Pct1 => format!("{:.1}", x * 100.0),
        Fmt::Int => format!("{x:.0}"),
        Fmt::Dec1 => format!("{x:.1}"),
        Fmt::Dec2 => format!("{x:.2}"),
    }
}

fn unit(fmt: Fmt) -> &'static str {
    if matches!(fmt, Fmt::Pct | Fmt::Pct1) {
        "%"
    } else {
        ""
    }
}

fn cell(median: Option<f64>, lo: Option<f64>, hi: Option<f64>, fmt: Fmt) -> String {
    let f = |x: f64| number(x, fmt);
    match (median, lo, hi) {
        (Some(m), Some(l), Some(h)) => format!("{}{} [{}–{}]", f(m), unit(fmt), f(l), f(h)),
        _ => "–".into(),
    }
}

fn write_rows(
    out: &mut String,
    rows: &[(&str, &str, Fmt)],
    cols: &[&PeriodSummary],
    label_w: usize,
    col_w: usize,
) {
    for (label, kpi, fmt) in rows {
        let _ = write!(out, "{label:label_w$}");
        for c in cols {
            let mut v = c.kpis.get(*kpi).map_or("–".to_string(), |sm| {
                cell(sm.pct("p50"), sm.pct("p5"), sm.pct("p95"), *fmt)
            });
            if v != "–" && c.small_numbers.iter().any(|k| k == kpi) {
                v.push_str(" *");
            }
            let _ = write!(out, "{v:>col_w$}");
        }
        out.push('\n');
    }
}

/// The KPI table: one column per calendar year (and the whole horizon when
/// it spans more than one year), median and 5–95% band across runs.
pub fn kpi_table(r: &Results) -> String {
    let s = &r.summary;
    let scenario = &r.scenario;
    let mut cols: Vec<_> = s.of_kind(PeriodKind::Year).collect();
    if cols.len() > 1 {
        cols.extend(s.of_kind(PeriodKind::Horizon));
    }
    cols.extend(s.of_kind(PeriodKind::Reporting));
    let label_w = 38;
    let col_w = 22;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} runs · seed {} · {} – {}",
        scenario.name, s.runs, s.seed, scenario.start, scenario.end
    );
    let _ = writeln!(out, "median [5%–95%] across runs");
    let _ = write!(out, "{:label_w$}", "");
    for c in &cols {
        let head: String = column_head(c).chars().take(col_w - 2).collect();
        let _ = write!(out, "{head:>col_w$}");
    }
    out.push('\n');
    write_rows(&mut out, &ROWS, &cols, label_w, col_w);
    for (label, kpi) in [
        ("P(triage ≥ 95%, by completion)", "triage_within_term"),
        ("P(Onderzoek ≥ 85%, by completion)", "onderzoek_within_term"),
    ] {
        let _ = write!(out, "{label:label_w$}");
        for c in &cols {
            let v = c
                .norms
                .iter()
                .find(|n| n.kpi == kpi)
                .and_then(|n| n.probability)
                .map_or("–".to_string(), |p| format!("{:.0}%", p * 100.0));
            let _ = write!(out, "{v:>col_w$}");
        }
        out.push('\n');
    }
    write_rows(&mut out, &WORKFORCE_ROWS, &cols, label_w, col_w);
    if cols.iter().any(|c| !c.small_numbers.is_empty()) {
        let _ = writeln!(
            out,
            "* small numbers: fewer than 30 completed cases in the median run"
        );
    }
    observations_block(&mut out, r, label_w);
    out
}

/// A column head: the label, and for a period cut off by the horizon the
/// days it covers (`2026 (2–31 Dec)`).
fn column_head(p: &PeriodSummary) -> String {
    if !p.partial {
        return p.label.clone();
    }
    let days = labels::Locale(Language::En).days_covered(p.start_date, p.end_date);
    format!("{} ({days})", p.label)
}

/// The scenario's observations of shares and counts beside the simulated
/// KPI over the observation's own window.
fn observations_block(out: &mut String, r: &Results, label_w: usize) {
    let en = labels::Locale(Language::En);
    let mut lines = Vec::new();
    for o in &r.scenario.observations {
        if o.metric.starts_with("backlog") {
            continue; // a stock: compared in the report, day by day
        }
        let Some(k) = r
            .summary
            .periods
            .iter()
            .find(|p| !p.partial && p.start_date == o.start && p.end_date == o.end)
            .and_then(|p| p.kpis.get(o.metric.as_str()))
        else {
            continue;
        };
        let fmt = match o.metric.as_str() {
            "absence_share" => Fmt::Pct1,
            m if m.ends_with("within_term") => Fmt::Pct,
            _ => Fmt::Int,
        };
        let name = labels::OBSERVABLE_NAMES
            .iter()
            .find(|(m, _)| *m == o.metric)
            .map_or(o.metric.as_str(), |(_, t)| en.t(*t));
        lines.push((
            format!("{name}, {}", en.span_short(o.start, o.end)),
            format!("{}{}", number(o.value, fmt), unit(fmt)),
            cell(k.pct("p50"), k.pct("p5"), k.pct("p95"), fmt),
        ));
    }
    if lines.is_empty() {
        return;
    }
    let head = "observed, each over its own window";
    let w = lines
        .iter()
        .map(|l| l.0.chars().count() + 2)
        .chain([label_w, head.len()])
        .max()
        .unwrap_or(label_w);
    let _ = writeln!(out, "{head:w$}{:>10}{:>20}", "observed", "simulated");
    for (label, observed, simulated) in lines {
        let _ = writeln!(out, "{label:w$}{observed:>10}{simulated:>20}");
    }
}
