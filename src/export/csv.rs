//! `runs.csv` and `daily.csv`: numbers with a decimal point, undefined
//! values as empty fields.

use crate::error::Error;
use crate::experiment::{DailyTable, RunsTable};
use crate::stats::PERCENTILE_NAMES;

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
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
    write_runs(t, &mut v).map_err(csv_err)?;
    Ok(v)
}

/// Streams `runs.csv` into `out`.
pub fn write_runs(t: &RunsTable, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
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
            rec.extend(row.iter().map(|x| num(*x)));
            w.write_record(&rec)?;
        }
    }
    w.flush()
}

/// `daily.csv`: long format — date, series, mean and percentiles (to the 6
/// decimals the table holds).
pub fn daily(t: &DailyTable) -> Result<Vec<u8>, Error> {
    let mut v = Vec::new();
    write_daily(t, &mut v).map_err(csv_err)?;
    Ok(v)
}

/// Streams `daily.csv` into `out`.
pub fn write_daily(t: &DailyTable, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let mut header = vec!["date", "series", "mean"];
    header.extend(PERCENTILE_NAMES);
    w.write_record(&header)?;
    for (d, date) in t.dates.iter().enumerate() {
        let date = date.to_string();
        for (name, s) in &t.series {
            let mut rec = vec![date.clone(), name.clone(), num(s.mean[d])];
            rec.extend(s.pct.iter().map(|p| num(p[d])));
            w.write_record(&rec)?;
        }
    }
    w.flush()
}
