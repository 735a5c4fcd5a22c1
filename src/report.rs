//! Reports of a result: the KPI table printed after a run, the charts
//! (`charts/*.png`, `charts/*.svg`) and the self-contained `report.html`.
//!
//! The report in the scenario's own language is `report.html` with its
//! charts in `charts/`; one in another language (`--lang`) is
//! `report.<lang>.html` with its charts in `charts/<lang>/`, so both can sit
//! in one result folder ([`report_file`], [`charts_dir`]).
//!
//! A report is computed from a run's [`Results`] — in memory after `vtsim
//! run`, parsed from a result folder's files by `vtsim report` ([`data`]) —
//! turned into view models (chart data in [`plots`], the page in [`html`])
//! and rendered through the same [`render`]; every text comes from one table
//! in both languages ([`labels`]).

pub mod assumptions;
pub mod compare;
pub mod conclusions;
pub mod data;
pub mod html;
pub mod labels;
pub mod plots;
pub mod sweep;
pub mod uncertainty;

use crate::experiment::Results;
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

/// The report page inside a result folder, in the scenario's language.
pub const REPORT_FILE: &str = "report.html";

/// The report page of `lang` for a scenario in `own`: `report.html` in the
/// scenario's own language, `report.<lang>.html` in another.
pub fn report_file(lang: Language, own: Language) -> String {
    if lang == own {
        REPORT_FILE.to_string()
    } else {
        format!("report.{}.html", labels::Locale(lang).code())
    }
}

/// The charts folder of `lang` for a scenario in `own`: `charts` in the
/// scenario's own language, `charts/<lang>` in another.
pub fn charts_dir(lang: Language, own: Language) -> String {
    if lang == own {
        CHARTS_DIR.to_string()
    } else {
        format!("{CHARTS_DIR}/{}", labels::Locale(lang).code())
    }
}

/// Renders the charts (PNG and SVG) and the report page of a result, in
/// `lang` (the scenario's language when `None`), under the names of
/// [`report_file`] and [`charts_dir`]. Returns each file's path relative to
/// the result folder with its bytes, the page last.
pub fn render(
    data: &Results,
    lang: Option<Language>,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let own = data.scenario.language;
    let lang = lang.unwrap_or(own);
    let locale = labels::Locale(lang);
    let ctx = plots::PlotContext { locale };
    let prepared = plots::Prepared::new(data)?;
    let dir = charts_dir(lang, own);
    let mut files = Vec::new();
    let mut svgs = Vec::new();
    for chart in prepared.charts(data) {
        let name = chart.name();
        // The PNG is the SVG rasterised (plots::png does the same).
        let svg = plots::svg(ctx, chart)?;
        files.push((format!("{dir}/{name}.png"), plots::rasterise(&svg, name)?));
        files.push((format!("{dir}/{name}.svg"), svg.clone().into_bytes()));
        svgs.push((name, svg));
    }
    let page = html::page(data, locale, &svgs);
    files.push((report_file(lang, own), page.into_bytes()));
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
    for (name, bytes) in &files {
        if let Some(parent) = dir.join(name).parent() {
            std::fs::create_dir_all(parent).map_err(|e| ReportError::Io {
                path: parent.display().to_string(),
                action: "create the charts folder",
                source: e,
            })?;
        }
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

/// The KPI table printed after a run, in `l`: the rows and cells of the
/// report's table ([`html::kpi_table`]), so terminal and report write every
/// number, and every chance (`< 1%`, `> 99%`), the same way. One column per
/// calendar year (and the whole horizon when it spans more than one year)
/// and per reporting period.
pub fn kpi_table(r: &Results, l: labels::Locale) -> String {
    let s = &r.summary;
    let scenario = &r.scenario;
    let en = l.0 == Language::En;
    let table = html::kpi_table(r, l);
    let periods = html::kpi_periods(s);
    let label_w = table
        .rows
        .iter()
        .map(|row| row.label.chars().count() + 2)
        .max()
        .unwrap_or(38)
        .max(38);
    let col_w = 22;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} {} · seed {} · {} – {}",
        scenario.name,
        s.runs,
        if en { "runs" } else { "doorrekeningen" },
        s.seed,
        scenario.start,
        scenario.end
    );
    let _ = writeln!(
        out,
        "{}",
        if en {
            "median [5%–95%] across runs"
        } else {
            "naar verwachting (mediaan) [90% van de doorrekeningen]"
        }
    );
    let _ = write!(out, "{:label_w$}", "");
    for p in &periods {
        let head = if en { column_head(p) } else { l.period_of(p) };
        let head: String = head.chars().take(col_w - 2).collect();
        let _ = write!(out, "{head:>col_w$}");
    }
    out.push('\n');
    for row in &table.rows {
        let label = &row.label;
        let _ = write!(out, "{label:label_w$}");
        for c in &row.cells {
            let _ = write!(out, "{:>col_w$}", c.text);
        }
        out.push('\n');
    }
    if table.small_numbers {
        let _ = writeln!(out, "{}", l.t(labels::SMALL_NUMBERS_NOTE));
    }
    observations_block(&mut out, r, l, label_w);
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
fn observations_block(out: &mut String, r: &Results, l: labels::Locale, label_w: usize) {
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
        let (scale, decimals, unit) = labels::kpi_format(&o.metric);
        let name = labels::OBSERVABLE_NAMES
            .iter()
            .find(|(m, _)| *m == o.metric)
            .map_or(o.metric.as_str(), |(_, t)| l.t(*t));
        let simulated = k.median_band().map_or_else(
            || "–".to_string(),
            |(m, lo, hi)| html::band_text(&o.metric, m, lo, hi, l),
        );
        lines.push((
            format!("{name}, {}", l.span_short(o.start, o.end)),
            format!("{}{unit}", l.num(o.value * scale, decimals)),
            simulated,
        ));
    }
    if lines.is_empty() {
        return;
    }
    let en = l.0 == Language::En;
    let head = if en {
        "observed, each over its own window"
    } else {
        "waargenomen, elk over de eigen periode"
    };
    let (observed, simulated) = if en {
        ("observed", "simulated")
    } else {
        ("waargenomen", "doorgerekend")
    };
    let w = lines
        .iter()
        .map(|l| l.0.chars().count() + 2)
        .chain([label_w, head.chars().count()])
        .max()
        .unwrap_or(label_w);
    let _ = writeln!(out, "{head:w$}{observed:>12}{simulated:>20}");
    for (label, observed, simulated) in lines {
        let _ = writeln!(out, "{label:w$}{observed:>12}{simulated:>20}");
    }
}
