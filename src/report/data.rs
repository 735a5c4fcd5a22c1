//! A result folder read back: `summary.json`, `runs.csv`, `daily.csv` and
//! `scenario.resolved.toml`.
//!
//! `vtsim run` renders its charts from the bytes it is about to write and
//! `vtsim report` from the files on disk, both through [`ResultData::from_texts`],
//! so the two give the same charts and report. Columns and daily series are
//! found by name, so series added to `daily.csv` later are simply there.

use super::ReportError;
use crate::scenario::{self, Scenario};
use crate::stats::PERCENTILE_NAMES;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The four result files a report is made from.
pub const INPUT_FILES: [&str; 4] = [
    "summary.json",
    "runs.csv",
    "daily.csv",
    "scenario.resolved.toml",
];

/// The texts of a result folder.
#[derive(Debug, Clone, Copy)]
pub struct Texts<'a> {
    /// `summary.json`.
    pub summary_json: &'a str,
    /// `runs.csv`.
    pub runs_csv: &'a str,
    /// `daily.csv`.
    pub daily_csv: &'a str,
    /// `scenario.resolved.toml`.
    pub resolved_toml: &'a str,
}

/// The distribution of one KPI in one period, as in `summary.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KpiSummary {
    /// Replications in which the KPI is defined.
    pub n: usize,
    /// Mean.
    #[serde(default)]
    pub mean: Option<f64>,
    /// Percentiles by name (`p5` … `p95`).
    #[serde(default)]
    pub p: BTreeMap<String, Option<f64>>,
}

impl KpiSummary {
    /// A percentile by name (`p50`), if defined.
    pub fn pct(&self, name: &str) -> Option<f64> {
        self.p
            .get(name)
            .copied()
            .flatten()
            .filter(|x| x.is_finite())
    }

    /// Median and 5–95% band, when all three are defined.
    pub fn median_band(&self) -> Option<(f64, f64, f64)> {
        Some((self.pct("p50")?, self.pct("p5")?, self.pct("p95")?))
    }
}

/// The probability of meeting a norm, as in `summary.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NormSummary {
    /// KPI name.
    pub kpi: String,
    /// Lowest share that meets the norm.
    pub at_least: f64,
    /// Share of replications meeting it, when defined.
    pub probability: Option<f64>,
}

/// One period of `summary.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PeriodSummary {
    /// `horizon`, `2025`, `2025-Q1`.
    pub label: String,
    /// `horizon`, `year`, `quarter`, `month`, `reporting` or `observation`.
    pub kind: String,
    /// First date.
    pub start_date: Date,
    /// Last date.
    pub end_date: Date,
    /// KPI distributions by name.
    pub kpis: BTreeMap<String, KpiSummary>,
    /// Norm probabilities.
    #[serde(default)]
    pub norms: Vec<NormSummary>,
    /// Covers only part of its nominal period (cut off by the horizon).
    #[serde(default)]
    pub partial: bool,
    /// Within-term shares over fewer than 30 cases in the median run.
    #[serde(default)]
    pub small_numbers: Vec<String>,
}

impl PeriodSummary {
    /// A KPI's distribution, if present.
    pub fn kpi(&self, name: &str) -> Option<&KpiSummary> {
        self.kpis.get(name)
    }

    /// The probability of meeting the norm on `kpi`, if defined.
    pub fn norm(&self, kpi: &str) -> Option<&NormSummary> {
        self.norms.iter().find(|n| n.kpi == kpi)
    }

    /// Whether the period covers whole calendar year(s) from 1 January to 31 December.
    pub fn is_full_year(&self) -> bool {
        self.start_date.month() == 1
            && self.start_date.day() == 1
            && self.end_date.month() == 12
            && self.end_date.day() == 31
    }
}

/// The part of `summary.json` a report uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SummaryView {
    /// vtsim version that made the result.
    pub vtsim_version: String,
    /// Where the scenario came from.
    pub scenario_origin: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub runs: u64,
    /// Periods: horizon, years, quarters.
    pub periods: Vec<PeriodSummary>,
}

impl SummaryView {
    /// A period by label.
    pub fn period(&self, label: &str) -> Option<&PeriodSummary> {
        self.periods.iter().find(|p| p.label == label)
    }

    /// Periods of one kind (`year`, `quarter`, `horizon`), in order.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a PeriodSummary> + 'a {
        self.periods.iter().filter(move |p| p.kind == kind)
    }
}

/// `runs.csv`: every KPI of every run and period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunsTable {
    /// KPI names, in column order.
    pub kpis: Vec<String>,
    /// Rows: period label and KPI values (`NaN` where not defined).
    pub rows: Vec<(String, Vec<f64>)>,
}

impl RunsTable {
    /// The defined values of `kpi` in period `label`, one per run.
    pub fn values(&self, label: &str, kpi: &str) -> Vec<f64> {
        let Some(k) = self.kpis.iter().position(|n| n == kpi) else {
            return Vec::new();
        };
        self.rows
            .iter()
            .filter(|(p, _)| p == label)
            .filter_map(|(_, v)| v.get(k).copied())
            .filter(|x| x.is_finite())
            .collect()
    }
}

/// One daily series across runs: mean and percentiles per date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailySeries {
    /// Mean per date.
    pub mean: Vec<f64>,
    /// Percentiles per date, in the order of [`PERCENTILE_NAMES`].
    pub pct: [Vec<f64>; 7],
}

impl DailySeries {
    /// The values of a percentile by name (`p50`); empty when unknown.
    pub fn pct(&self, name: &str) -> &[f64] {
        PERCENTILE_NAMES
            .iter()
            .position(|n| *n == name)
            .map_or(&[], |i| &self.pct[i])
    }
}

/// `daily.csv`: the dates and every series found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailyTable {
    /// The dates of the horizon, in order.
    pub dates: Vec<Date>,
    /// Series by name.
    pub series: BTreeMap<String, DailySeries>,
}

impl DailyTable {
    /// A series by name, if `daily.csv` has it.
    pub fn get(&self, name: &str) -> Option<&DailySeries> {
        self.series.get(name)
    }
}

/// Everything a report is made from.
#[derive(Debug, Clone)]
pub struct ResultData {
    /// `summary.json`.
    pub summary: SummaryView,
    /// `runs.csv`.
    pub runs: RunsTable,
    /// `daily.csv`.
    pub daily: DailyTable,
    /// The resolved scenario, validated.
    pub scenario: Scenario,
    /// `scenario.resolved.toml` as a table (for the assumptions table).
    pub resolved: toml::Table,
}

impl ResultData {
    /// Reads a result folder.
    pub fn load(dir: &Path) -> Result<ResultData, ReportError> {
        let mut texts = Vec::with_capacity(INPUT_FILES.len());
        for f in INPUT_FILES {
            let p = dir.join(f);
            let text = std::fs::read_to_string(&p).map_err(|e| ReportError::Io {
                path: p.display().to_string(),
                action: "read the result file",
                source: e,
            })?;
            texts.push(text);
        }
        ResultData::from_texts(
            Texts {
                summary_json: &texts[0],
                runs_csv: &texts[1],
                daily_csv: &texts[2],
                resolved_toml: &texts[3],
            },
            &dir.display().to_string(),
        )
    }

    /// Parses the texts of a result folder; `origin` names the folder in errors.
    pub fn from_texts(t: Texts<'_>, origin: &str) -> Result<ResultData, ReportError> {
        let at = |file: &str| format!("{}/{file}", origin.trim_end_matches('/'));
        let summary: SummaryView =
            serde_json::from_str(t.summary_json).map_err(|e| ReportError::Malformed {
                path: at("summary.json"),
                message: e.to_string(),
            })?;
        let runs = parse_runs(t.runs_csv).map_err(|message| ReportError::Malformed {
            path: at("runs.csv"),
            message,
        })?;
        let daily = parse_daily(t.daily_csv).map_err(|message| ReportError::Malformed {
            path: at("daily.csv"),
            message,
        })?;
        let path = at("scenario.resolved.toml");
        let scenario =
            scenario::load_str(t.resolved_toml, &path, &[]).map_err(|e| ReportError::Scenario {
                path: path.clone(),
                source: Box::new(e),
            })?;
        let resolved: toml::Table =
            toml::from_str(t.resolved_toml).map_err(|e| ReportError::Malformed {
                path,
                message: e.to_string(),
            })?;
        Ok(ResultData {
            summary,
            runs,
            daily,
            scenario,
            resolved,
        })
    }
}

fn number(field: &str) -> Result<f64, String> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(f64::NAN);
    }
    field
        .parse()
        .map_err(|_| format!("`{field}` is not a number"))
}

fn column(header: &csv::StringRecord, name: &str) -> Result<usize, String> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| format!("no column `{name}` in the header"))
}

fn parse_runs(text: &str) -> Result<RunsTable, String> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().map_err(|e| e.to_string())?.clone();
    let period = column(&header, "period")?;
    // KPI columns follow the fixed ones.
    let fixed = ["run", "period", "kind", "start", "end"];
    let kpi_cols: Vec<usize> = (0..header.len())
        .filter(|i| !fixed.contains(&&header[*i]))
        .collect();
    let mut table = RunsTable {
        kpis: kpi_cols.iter().map(|i| header[*i].to_string()).collect(),
        rows: Vec::new(),
    };
    for (line, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        let at = |m: String| format!("line {}: {m}", line + 2);
        let values = kpi_cols
            .iter()
            .map(|i| number(rec.get(*i).unwrap_or("")))
            .collect::<Result<Vec<f64>, String>>()
            .map_err(at)?;
        let label = rec.get(period).ok_or_else(|| at("missing period".into()))?;
        table.rows.push((label.to_string(), values));
    }
    Ok(table)
}

fn parse_daily(text: &str) -> Result<DailyTable, String> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().map_err(|e| e.to_string())?.clone();
    let date_col = column(&header, "date")?;
    let series_col = column(&header, "series")?;
    let mean_col = column(&header, "mean")?;
    let pct_cols: Vec<Option<usize>> = PERCENTILE_NAMES
        .iter()
        .map(|n| header.iter().position(|h| h == *n))
        .collect();
    let mut table = DailyTable::default();
    let mut last_date = String::new();
    for (line, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        let at = |m: String| format!("line {}: {m}", line + 2);
        let date = rec.get(date_col).unwrap_or("");
        if date != last_date {
            let d: Date = date
                .parse()
                .map_err(|e| at(format!("`{date}` is not a date: {e}")))?;
            if table.dates.last().is_some_and(|l| *l >= d) {
                return Err(at(format!("dates out of order at {date}")));
            }
            table.dates.push(d);
            last_date = date.to_string();
        }
        let day = table.dates.len() - 1;
        let name = rec.get(series_col).unwrap_or("").to_string();
        let s = table.series.entry(name).or_default();
        let grow = |v: &mut Vec<f64>| {
            if v.len() <= day {
                v.resize(day + 1, f64::NAN);
            }
        };
        grow(&mut s.mean);
        s.mean[day] = number(rec.get(mean_col).unwrap_or("")).map_err(at)?;
        for (i, col) in pct_cols.iter().enumerate() {
            grow(&mut s.pct[i]);
            if let Some(c) = col {
                s.pct[i][day] = number(rec.get(*c).unwrap_or("")).map_err(at)?;
            }
        }
    }
    // A series missing on the last dates gets NaN there.
    let n = table.dates.len();
    for s in table.series.values_mut() {
        s.mean.resize(n, f64::NAN);
        for p in &mut s.pct {
            p.resize(n, f64::NAN);
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_finds_series_by_name_including_new_ones() {
        let csv = "date,series,mean,p5,p10,p25,p50,p75,p90,p95\n\
                   2025-01-01,backlog,1,0,0,1,1,2,2,3\n\
                   2025-01-01,sick_fte,2.5,1,1,2,2.5,3,3,4\n\
                   2025-01-02,backlog,2,0,0,1,2,2,2,3\n\
                   2025-01-02,sick_fte,,,,,,,,\n";
        let d = parse_daily(csv).unwrap();
        assert_eq!(d.dates.len(), 2);
        assert_eq!(d.get("sick_fte").unwrap().pct("p50")[0], 2.5);
        assert!(d.get("sick_fte").unwrap().pct("p50")[1].is_nan());
        assert_eq!(d.get("backlog").unwrap().pct("p95"), [3.0, 3.0]);
    }

    #[test]
    fn runs_values_skip_undefined() {
        let csv = "run,period,kind,start,end,a,b\n\
                   0,2025,year,2025-01-01,2025-12-31,0.5,\n\
                   1,2025,year,2025-01-01,2025-12-31,0.7,1\n\
                   0,2025-Q1,quarter,2025-01-01,2025-03-31,0.1,1\n";
        let r = parse_runs(csv).unwrap();
        assert_eq!(r.values("2025", "a"), [0.5, 0.7]);
        assert_eq!(r.values("2025", "b"), [1.0]);
        assert!(r.values("2025", "c").is_empty());
    }

    #[test]
    fn malformed_numbers_name_the_line() {
        let csv = "run,period,kind,start,end,a\n0,2025,year,x,y,abc\n";
        let e = parse_runs(csv).unwrap_err();
        assert!(e.contains("line 2") && e.contains("abc"), "{e}");
    }
}
