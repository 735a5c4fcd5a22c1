//! A result folder read back: `summary.json`, `runs.csv`, `daily.csv` and
//! `scenario.resolved.toml`, parsed into the same [`Results`] a run holds in
//! memory.
//!
//! `vtsim run` draws its charts and report from the results in memory and
//! `vtsim report` from the files on disk parsed by [`load`]; the files hold
//! every value exactly (`daily.csv` to the 6 decimals the table has), so the
//! two give the same charts and report. Columns and daily series are found
//! by name, so series added to `daily.csv` later are simply there. The CSV
//! dialect (`,` and `.`, or `--csv-dialect nl`: `;` and `,`) is read from
//! each file's header line.

use super::ReportError;
use crate::experiment::{DailyTable, Results, RunsTable};
use crate::export::csv::CsvDialect;
use crate::metrics::{KpiRows, PeriodKind};
use crate::scenario;
use crate::stats::PERCENTILE_NAMES;
use crate::summary::ResultSummary;
use jiff::civil::Date;
use std::path::Path;

/// The results a report is made from (the same type as a run's).
pub type ResultData = Results;

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

/// Reads a result folder.
pub fn load(dir: &Path) -> Result<Results, ReportError> {
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
    from_texts(
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
pub fn from_texts(t: Texts<'_>, origin: &str) -> Result<Results, ReportError> {
    let at = |file: &str| format!("{}/{file}", origin.trim_end_matches('/'));
    let summary: ResultSummary =
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
    Ok(Results {
        summary,
        runs,
        daily,
        scenario,
        resolved,
        // draws.csv is not read back: the report takes the uncertain inputs
        // from summary.json.
        draws: Vec::new(),
    })
}

/// A reader of `text` in the dialect its header line shows.
fn reader(text: &str) -> (csv::Reader<&[u8]>, CsvDialect) {
    let dialect = CsvDialect::of_header(text);
    let r = csv::ReaderBuilder::new()
        .delimiter(dialect.separator())
        .from_reader(text.as_bytes());
    (r, dialect)
}

fn column(header: &csv::StringRecord, name: &str) -> Result<usize, String> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| format!("no column `{name}` in the header"))
}

fn parse_runs(text: &str) -> Result<RunsTable, String> {
    let (mut r, dialect) = reader(text);
    let header = r.headers().map_err(|e| e.to_string())?.clone();
    let fixed = ["run", "period", "kind", "start", "end"];
    let cols = fixed
        .iter()
        .map(|n| column(&header, n))
        .collect::<Result<Vec<usize>, String>>()?;
    // KPI columns follow the fixed ones.
    let kpi_cols: Vec<usize> = (0..header.len())
        .filter(|i| !fixed.contains(&&header[*i]))
        .collect();
    let mut table = RunsTable {
        kpis: kpi_cols.iter().map(|i| header[*i].to_string()).collect(),
        ..RunsTable::default()
    };
    let mut last_run: Option<String> = None;
    // The rows of the run being read, and how many runs came before it.
    let mut rows: Vec<Vec<f64>> = Vec::new();
    let mut run = 0;
    for (line, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        let at = |m: String| format!("line {}: {m}", line + 2);
        let field = |i: usize| rec.get(cols[i]).unwrap_or("");
        let values = kpi_cols
            .iter()
            .map(|i| dialect.parse(rec.get(*i).unwrap_or("")))
            .collect::<Result<Vec<f64>, String>>()
            .map_err(at)?;
        if last_run.as_deref() != Some(field(0)) {
            if let Some(done) = &last_run {
                end_run(&mut table, done, &mut rows).map_err(at)?;
                run += 1;
            }
            last_run = Some(field(0).to_string());
        }
        let p = rows.len();
        if run == 0 {
            let date = |i: usize| -> Result<Date, String> {
                field(i)
                    .parse()
                    .map_err(|e| at(format!("`{}` is not a date: {e}", field(i))))
            };
            let kind: PeriodKind =
                serde_json::from_value(serde_json::Value::String(field(2).to_string()))
                    .map_err(|_| at(format!("`{}` is not a kind of period", field(2))))?;
            table
                .periods
                .push((field(1).to_string(), kind, date(3)?, date(4)?));
        } else if table.periods.get(p).is_none_or(|(l, ..)| l != field(1)) {
            return Err(at(format!(
                "run {} has period `{}` where run 0 has {}",
                field(0),
                field(1),
                table
                    .periods
                    .get(p)
                    .map_or("no more periods".to_string(), |(l, ..)| format!("`{l}`"))
            )));
        }
        rows.push(values);
    }
    if let Some(done) = &last_run {
        end_run(&mut table, done, &mut rows)?;
    }
    Ok(table)
}

/// Adds the `rows` of run `run` to `table` (the first run sets the
/// windows); every run has the windows of the first.
fn end_run(table: &mut RunsTable, run: &str, rows: &mut Vec<Vec<f64>>) -> Result<(), String> {
    if table.values.periods() != table.periods.len() || table.values.kpis() != table.kpis.len() {
        table.values = KpiRows::new(table.periods.len(), table.kpis.len());
    }
    if rows.len() != table.periods.len() {
        return Err(format!(
            "run {run} has {} periods where run 0 has {}",
            rows.len(),
            table.periods.len()
        ));
    }
    table.values.push(rows);
    rows.clear();
    Ok(())
}

fn parse_daily(text: &str) -> Result<DailyTable, String> {
    let (mut r, dialect) = reader(text);
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
        let name = rec.get(series_col).unwrap_or("");
        let s = table.entry(name);
        let grow = |v: &mut Vec<f64>| {
            if v.len() <= day {
                v.resize(day + 1, f64::NAN);
            }
        };
        grow(&mut s.mean);
        s.mean[day] = dialect.parse(rec.get(mean_col).unwrap_or("")).map_err(at)?;
        for (i, col) in pct_cols.iter().enumerate() {
            grow(&mut s.pct[i]);
            if let Some(c) = col {
                s.pct[i][day] = dialect.parse(rec.get(*c).unwrap_or("")).map_err(at)?;
            }
        }
    }
    // A series missing on the last dates gets NaN there.
    let n = table.dates.len();
    for (_, s) in table.series.iter_mut() {
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
                   0,2025-Q1,quarter,2025-01-01,2025-03-31,0.1,1\n\
                   1,2025,year,2025-01-01,2025-12-31,0.7,1\n\
                   1,2025-Q1,quarter,2025-01-01,2025-03-31,0.2,1\n";
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

    #[test]
    fn a_run_short_of_windows_is_refused() {
        // The rows are kept in one block of windows × KPIs per run, so
        // every run must have the windows of the first.
        let head = "run,period,kind,start,end,a\n\
                    0,2025,year,2025-01-01,2025-12-31,1\n\
                    0,2025-Q1,quarter,2025-01-01,2025-03-31,2\n\
                    1,2025,year,2025-01-01,2025-12-31,3\n";
        let e = parse_runs(head).unwrap_err();
        assert!(e.contains("run 1 has 1 periods where run 0 has 2"), "{e}");
        let e = parse_runs(&format!("{head}2,2025,year,2025-01-01,2025-12-31,5\n")).unwrap_err();
        assert!(e.starts_with("line 5") && e.contains("run 1"), "{e}");
        let whole = format!("{head}1,2025-Q1,quarter,2025-01-01,2025-03-31,4\n");
        let r = parse_runs(&whole).unwrap();
        assert_eq!(r.values.len(), 2);
        assert_eq!(r.values.get(1, 1, 0), 4.0);
    }
}
