//! `runs.csv`, `daily.csv` and `kpis.csv`: numbers with a decimal point
//! and `,` between fields, or in the `nl` dialect ([`CsvDialect::Nl`]) a
//! decimal comma and `;`, as a Dutch spreadsheet reads them; undefined
//! values are empty fields.
//!
//! Numbers have at most [`crate::export::SIGNIFICANT_DIGITS`] significant
//! digits (`daily.csv` also at most 6 decimals) and no thousands
//! separators. The headers stay the snake_case names of the KPIs and
//! series, which tools (Power BI, R, pandas) select columns by; the
//! readable names are in `results.xlsx` and its dictionary.

use crate::error::Error;
use crate::experiment::{DailyTable, Results, RunsTable};
use crate::export::round_sig;
use crate::metrics::NORMS;
use crate::report::labels::{KPI_ROWS, Locale};
use crate::stats::PERCENTILE_NAMES;

/// How the CSV files separate fields and write decimals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between fields, `.` before decimals: for tools.
    #[default]
    Standard,
    /// `;` between fields, `,` before decimals: for a spreadsheet set to
    /// Dutch.
    Nl,
}

impl CsvDialect {
    /// The field separator.
    pub fn separator(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::Nl => b';',
        }
    }

    /// The dialect of a CSV file, from its header line (the headers hold
    /// neither `,` nor `;`): `nl` when the first line has a `;` and no `,`.
    pub fn of_header(text: &str) -> CsvDialect {
        let first = text.lines().next().unwrap_or("");
        if first.contains(';') && !first.contains(',') {
            CsvDialect::Nl
        } else {
            CsvDialect::Standard
        }
    }

    /// A number as this dialect writes it; empty when NaN.
    pub fn num(self, x: f64) -> String {
        if x.is_nan() {
            return String::new();
        }
        let text = format!("{}", round_sig(x));
        match self {
            CsvDialect::Standard => text,
            CsvDialect::Nl => text.replace('.', ","),
        }
    }

    /// A number field of this dialect read back (empty is NaN).
    pub fn parse(self, field: &str) -> Result<f64, String> {
        let field = field.trim();
        if field.is_empty() {
            return Ok(f64::NAN);
        }
        let text = match self {
            CsvDialect::Standard => std::borrow::Cow::Borrowed(field),
            // A decimal point is not Dutch: refuse it rather than misread
            // a number written by hand or another tool.
            CsvDialect::Nl if field.contains('.') => {
                return Err(format!(
                    "`{field}` is not a number with a decimal comma (the file uses `;` between fields)"
                ));
            }
            CsvDialect::Nl => std::borrow::Cow::Owned(field.replace(',', ".")),
        };
        text.parse()
            .map_err(|_| format!("`{field}` is not a number"))
    }

    fn writer(self, out: &mut dyn std::io::Write) -> ::csv::Writer<&mut dyn std::io::Write> {
        ::csv::WriterBuilder::new()
            .delimiter(self.separator())
            .from_writer(out)
    }
}

fn csv_err(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        message: format!("could not format CSV: {e}"),
    }
}

/// `runs.csv`: one row per replication × period, every KPI a column.
pub fn runs(t: &RunsTable) -> Result<Vec<u8>, Error> {
    let mut v = Vec::new();
    write_runs(t, CsvDialect::Standard, &mut v).map_err(csv_err)?;
    Ok(v)
}

/// Streams `runs.csv` into `out`.
pub fn write_runs(
    t: &RunsTable,
    dialect: CsvDialect,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = dialect.writer(out);
    let mut header = vec!["run", "period", "kind", "start", "end"];
    header.extend(t.kpis.iter().map(String::as_str));
    w.write_record(&header)?;
    for (rep, rows) in t.values.iter().enumerate() {
        for ((label, kind, start, end), row) in t.periods.iter().zip(rows) {
            let mut rec = vec![
                rep.to_string(),
                label.clone(),
                kind.name().to_string(),
                start.to_string(),
                end.to_string(),
            ];
            rec.extend(row.iter().map(|x| dialect.num(*x)));
            w.write_record(&rec)?;
        }
    }
    w.flush()
}

/// `draws.csv` (only for a scenario with uncertain inputs): one row per
/// run, its number and the value each uncertain input drew, one column per
/// input named by its key path.
pub fn write_draws(
    inputs: &[crate::scenario::UncertainInput],
    draws: &[Vec<f64>],
    dialect: CsvDialect,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = dialect.writer(out);
    let mut header = vec!["run"];
    header.extend(inputs.iter().map(|u| u.path.as_str()));
    w.write_record(&header)?;
    for (rep, row) in draws.iter().enumerate() {
        let mut rec = vec![rep.to_string()];
        rec.extend(row.iter().map(|x| dialect.num(*x)));
        w.write_record(&rec)?;
    }
    w.flush()
}

/// `daily.csv`: long format — date, series, mean and percentiles (to the 6
/// decimals the table holds).
pub fn daily(t: &DailyTable) -> Result<Vec<u8>, Error> {
    let mut v = Vec::new();
    write_daily(t, CsvDialect::Standard, &mut v).map_err(csv_err)?;
    Ok(v)
}

/// Streams `daily.csv` into `out`.
pub fn write_daily(
    t: &DailyTable,
    dialect: CsvDialect,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = dialect.writer(out);
    let mut header = vec!["date", "series", "mean"];
    header.extend(PERCENTILE_NAMES);
    w.write_record(&header)?;
    for (d, date) in t.dates.iter().enumerate() {
        let date = date.to_string();
        for (name, s) in &t.series {
            let mut rec = vec![date.clone(), name.clone(), dialect.num(s.mean[d])];
            rec.extend(s.pct.iter().map(|p| dialect.num(p[d])));
            w.write_record(&rec)?;
        }
    }
    w.flush()
}

/// The header of `kpis.csv`.
pub const KPIS_HEADER: [&str; 13] = [
    "kpi",
    "label",
    "period",
    "kind",
    "start",
    "end",
    "median",
    "p5",
    "p95",
    "mean",
    "norm",
    "p_norm",
    "small_numbers",
];

/// One row of `kpis.csv`: a KPI of the report's table in one of its
/// windows.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow<'a> {
    /// KPI name.
    pub kpi: &'static str,
    /// The row label of the report's table, in the scenario's language.
    pub label: &'static str,
    /// The window.
    pub period: &'a crate::summary::PeriodSummary,
    /// Median, 5th and 95th percentile, mean (NaN where undefined).
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
    /// The norm on this KPI, and the probability of meeting it (NaN where
    /// no run defines it).
    pub norm: Option<(f64, f64)>,
    /// A share over fewer than 30 cases in the median run.
    pub small_numbers: bool,
}

/// The rows of the report's KPI table as numbers: every row of
/// [`KPI_ROWS`] in every window of the table
/// ([`crate::report::html::kpi_periods`]), KPI by KPI.
pub fn kpi_rows(r: &Results) -> Vec<KpiRow<'_>> {
    let l = Locale(r.scenario.language);
    let periods = crate::report::html::kpi_periods(&r.summary);
    let mut out = Vec::new();
    for (kpi, label) in KPI_ROWS {
        for p in &periods {
            let s = p.kpi(kpi);
            let get = |name: &str| s.and_then(|s| s.pct(name)).unwrap_or(f64::NAN);
            let norm = NORMS.iter().find(|n| n.kpi == kpi).map(|n| {
                (
                    n.at_least,
                    p.norm(kpi).and_then(|n| n.probability).unwrap_or(f64::NAN),
                )
            });
            out.push(KpiRow {
                kpi,
                label: l.t(label),
                period: p,
                median: get("p50"),
                p5: get("p5"),
                p95: get("p95"),
                mean: s.and_then(|s| s.mean).unwrap_or(f64::NAN),
                norm,
                small_numbers: p.small_numbers.iter().any(|k| k == kpi),
            });
        }
    }
    out
}

/// Streams `kpis.csv` into `out`: the report's KPI table, one row per KPI
/// and window, with median, 5–95% band, mean and, for a KPI with a norm,
/// the norm and the probability of meeting it.
pub fn write_kpis(
    r: &Results,
    dialect: CsvDialect,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = dialect.writer(out);
    w.write_record(KPIS_HEADER)?;
    for row in kpi_rows(r) {
        let p = row.period;
        let (norm, p_norm) = row.norm.unwrap_or((f64::NAN, f64::NAN));
        w.write_record([
            row.kpi.to_string(),
            row.label.to_string(),
            p.label.clone(),
            p.kind.name().to_string(),
            p.start_date.to_string(),
            p.end_date.to_string(),
            dialect.num(row.median),
            dialect.num(row.p5),
            dialect.num(row.p95),
            dialect.num(row.mean),
            dialect.num(norm),
            dialect.num(p_norm),
            u8::from(row.small_numbers).to_string(),
        ])?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialects_write_and_read_numbers() {
        let nl = CsvDialect::Nl;
        assert_eq!(nl.num(97.69999999999999), "97,7");
        assert_eq!(nl.num(-0.0), "0");
        assert_eq!(nl.num(f64::NAN), "");
        assert_eq!(nl.parse("97,7"), Ok(97.7));
        assert!(nl.parse("").unwrap().is_nan());
        assert!(nl.parse("1.5").unwrap_err().contains("decimal comma"));
        assert_eq!(CsvDialect::Standard.num(1e-7), "0.0000001");
        assert_eq!(CsvDialect::Standard.parse("0.25"), Ok(0.25));
        assert_eq!(CsvDialect::of_header("run;period;kind\n0;a;b"), nl);
        assert_eq!(
            CsvDialect::of_header("run,period,kind\n"),
            CsvDialect::Standard
        );
    }
}
