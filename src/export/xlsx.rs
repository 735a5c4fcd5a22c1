//! `results.xlsx`: the results as a workbook for a spreadsheet, in the
//! scenario's language.
//!
//! Every number is a number cell with a number format by its unit (shares
//! as %, counts whole, FTE and hours with decimals), never text, so a
//! spreadsheet in any language shows it in its own notation. The sheets: the
//! report's KPI table (one row per KPI and window, as `kpis.csv`), the KPIs
//! of every replication (`runs.csv`), the daily series (`daily.csv`), the
//! resolved inputs, for a scenario with uncertain inputs the values each
//! run drew (`draws.csv`) and their shares of variance (`summary.json`
//! `uncertain_inputs`), and a dictionary of every column (from
//! [`super::dictionary`]); without uncertain inputs those two sheets are
//! not there. The workbook is deterministic: its creation time
//! is fixed ([`CREATED`]) and the zip entries carry no dates, so the same
//! results give the same bytes.
//!
//! The two large sheets are written in rust_xlsxwriter's "low memory" mode
//! (one row in memory, the rest in a temporary file), so 10 000 runs do not
//! hold millions of cells in memory.

use super::dictionary::{
    self, Column, DAILY_COLUMNS, INPUT_COLUMNS, KPI_COLUMNS, KPI_TABLE_COLUMNS, RUN_KEYS,
    SERIES_COLUMNS, UNCERTAIN_COLUMNS, Unit,
};
use crate::error::Error;
use crate::experiment::Results;
use crate::metrics::PeriodKind;
use crate::report::labels::{Locale, Text};
use jiff::civil::Date;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

/// The creation time recorded in the workbook: fixed (the zip format's
/// epoch, which its entries carry too), so the bytes do not depend on when
/// the run was made. When it was made is not a property of the results.
pub const CREATED: (u16, u8, u8) = (1980, 1, 1);

/// The most rows a worksheet can hold (Excel's limit).
pub const MAX_ROWS: u32 = 1_048_576;

const fn t(nl: &'static str, en: &'static str) -> Text {
    Text { nl, en }
}

/// Sheet: the report's KPI table.
pub const SHEET_KPIS: Text = t("Kerncijfers", "Key figures");
/// Sheet: every KPI of every replication.
pub const SHEET_RUNS: Text = t("Per doorrekening", "Per run");
/// Sheet: the daily series.
pub const SHEET_DAILY: Text = t("Per dag", "Per day");
/// Sheet: the resolved inputs.
pub const SHEET_INPUTS: Text = t("Invoer", "Inputs");
/// Sheet: the values the uncertain inputs drew in each run (`draws.csv`);
/// only for a scenario with uncertain inputs.
pub const SHEET_DRAWS: Text = t("Trekkingen", "Draws");
/// Sheet: the uncertain inputs with their shares of variance
/// (`summary.json` `uncertain_inputs`); only for a scenario with uncertain
/// inputs.
pub const SHEET_UNCERTAIN: Text = t("Onzekere invoer", "Uncertain inputs");
/// Sheet: the data dictionary.
pub const SHEET_DICTIONARY: Text = t("Woordenboek", "Dictionary");

/// The headers of the dictionary sheet.
pub const DICTIONARY_HEADERS: [Text; 6] = [
    t("Blad", "Sheet"),
    t("Kolom", "Column"),
    t("Code (CSV, JSON)", "Code (CSV, JSON)"),
    t("Betekenis", "Meaning"),
    t("Eenheid", "Unit"),
    t("Definitie", "Definition"),
];

/// The dictionary's "sheet" cell for the series in the rows of the daily
/// sheet.
const DAILY_SERIES: Text = t("Per dag: reeksen", "Per day: series");

/// The last row of a sheet cut at [`MAX_ROWS`].
const TRUNCATED: Text = t(
    "Afgekapt: een werkblad heeft ten hoogste 1.048.576 regels; {file} bevat alle regels.",
    "Cut off: a worksheet has at most 1,048,576 rows; {file} holds every row.",
);

/// The note below the table of the uncertain-inputs sheet.
const UNCERTAIN_NOTE: Text = t(
    "Aandelen over de hele horizon: het deel van de spreiding tussen de doorrekeningen dat \
     lineair door de invoer wordt verklaard (kwadraat van de correlatie tussen de getrokken \
     waarde en het kengetal); de rest is toeval binnen de doorrekeningen, wisselwerking en \
     niet-lineaire effecten. Een invoer zonder effect komt door toeval op ongeveer {chance}.",
    "Shares over the whole horizon: the part of the spread between runs explained linearly by \
     the input (the squared correlation of its drawn value with the KPI); the rest is the \
     runs' own randomness, interactions and non-linear effects. An input with no effect shows \
     about {chance} by chance.",
);

/// The columns of the KPI table sheet, by name.
const KPI_SHEET: [&str; 13] = [
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
    "kpi",
];

/// A kind of window in words.
pub fn kind_text(kind: PeriodKind) -> Text {
    match kind {
        PeriodKind::Horizon => t("hele periode", "whole horizon"),
        PeriodKind::Year => t("jaar", "year"),
        PeriodKind::Quarter => t("kwartaal", "quarter"),
        PeriodKind::Month => t("maand", "month"),
        PeriodKind::Reporting => t("rapportageperiode", "reporting period"),
        PeriodKind::Observation => t("waarnemingsvenster", "observation window"),
    }
}

/// Every sheet with its columns, in the order of the workbook (the
/// dictionary sheet describes these; it is not listed itself).
pub fn sheets() -> Vec<(Text, Vec<&'static Column>)> {
    let by_name = |names: &[&str]| -> Vec<&'static Column> {
        names
            .iter()
            .filter_map(|n| dictionary::find(&[&KPI_TABLE_COLUMNS, &RUN_KEYS], n))
            .collect()
    };
    vec![
        (SHEET_KPIS, by_name(&KPI_SHEET)),
        (
            SHEET_RUNS,
            RUN_KEYS.iter().chain(KPI_COLUMNS.iter()).collect(),
        ),
        (SHEET_DAILY, DAILY_COLUMNS.iter().collect()),
        (SHEET_INPUTS, INPUT_COLUMNS.iter().collect()),
    ]
}

/// The cell formats: header, dates, and one number format per unit.
struct Formats {
    header: Format,
    wrap: Format,
    date: Format,
    share: Format,
    count: Format,
    decimal1: Format,
    fte: Format,
    rate: Format,
    general: Format,
}

impl Formats {
    fn new() -> Formats {
        let num = |unit: Unit| Format::new().set_num_format(unit.number_format());
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDD_E6_F0)),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: num(Unit::Date),
            share: num(Unit::Share),
            count: num(Unit::Count),
            decimal1: num(Unit::Hours),
            fte: num(Unit::Fte),
            rate: num(Unit::PerPersonYear),
            general: Format::new(),
        }
    }

    fn of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Share => &self.share,
            Unit::Count | Unit::Euro => &self.count,
            Unit::Days | Unit::Hours => &self.decimal1,
            Unit::Fte => &self.fte,
            Unit::PerPersonYear => &self.rate,
            Unit::Date => &self.date,
            Unit::Text | Unit::OfRow | Unit::OfInput => &self.general,
        }
    }
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Internal {
        message: format!("could not make results.xlsx: {e}"),
    }
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// A number in its format; nothing for NaN (an empty cell, as the CSVs).
fn number(ws: &mut Worksheet, row: u32, col: u16, x: f64, f: &Format) -> Result<(), XlsxError> {
    if x.is_finite() {
        ws.write_number_with_format(row, col, x, f)?;
    }
    Ok(())
}

/// The header row of `columns`, frozen, with widths.
fn header(
    ws: &mut Worksheet,
    l: Locale,
    columns: &[&Column],
    f: &Formats,
) -> Result<(), XlsxError> {
    let cells: Vec<(&str, &str, Unit)> = columns
        .iter()
        .map(|c| (c.name, l.t(c.label()), c.unit))
        .collect();
    header_cells(ws, &cells, f)
}

/// The header row of columns given as (name, label, unit), frozen, with
/// widths.
fn header_cells(
    ws: &mut Worksheet,
    cells: &[(&str, &str, Unit)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, (name, label, unit)) in cells.iter().enumerate() {
        let c = c as u16;
        let width = match unit {
            Unit::Text if *name == "label" => 48.0,
            Unit::Text => 16.0,
            Unit::Date => 11.0,
            Unit::OfInput if *name == *label => (label.chars().count() as f64 + 2.0).max(13.0),
            _ => 13.0,
        };
        ws.set_column_width(c, width)?;
        ws.write_string_with_format(0, c, *label, &f.header)?;
    }
    ws.set_row_height(0, 45)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook of a run's results.
pub fn workbook(r: &Results) -> Result<Vec<u8>, Error> {
    build(r)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(xlsx_err)
}

/// Writes the workbook of a run's results into `out` as it is compressed:
/// the bytes of [`workbook`], never held in memory whole (with 100,000 runs
/// they are hundreds of megabytes).
pub fn write_workbook(r: &Results, out: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
    let mut wb = build(r).map_err(|e| std::io::Error::other(xlsx_err(e)))?;
    wb.save_to_writer(out).map_err(|e| match e {
        // A failed write (a full disk) stays what it was.
        XlsxError::IoError(e) => e,
        e => std::io::Error::other(xlsx_err(e)),
    })
}

fn build(r: &Results) -> Result<Workbook, XlsxError> {
    let l = Locale(r.scenario.language);
    let f = Formats::new();
    let mut wb = Workbook::new();
    let (y, m, d) = CREATED;
    let title = if r.scenario.title.trim().is_empty() {
        r.scenario.name.clone()
    } else {
        r.scenario.title.clone()
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("vtsim")
            .set_comment(format!(
                "vtsim {}, seed {}, {} runs",
                r.summary.vtsim_version, r.summary.seed, r.summary.runs
            ))
            .set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?),
    );
    let sheets = sheets();
    kpi_sheet(wb.add_worksheet(), r, l, &f, &sheets[0].1)?;
    runs_sheet(wb.add_worksheet_with_low_memory()?, r, l, &f, &sheets[1].1)?;
    daily_sheet(wb.add_worksheet_with_low_memory()?, r, l, &f, &sheets[2].1)?;
    inputs_sheet(wb.add_worksheet(), r, l, &f, &sheets[3].1)?;
    let draws = draw_columns(r, l);
    if !draws.is_empty() {
        draws_sheet(wb.add_worksheet_with_low_memory()?, r, l, &f, &draws)?;
    }
    if let Some(block) = &r.summary.uncertain_inputs {
        uncertain_sheet(wb.add_worksheet(), block, l, &f)?;
    }
    dictionary_sheet(
        wb.add_worksheet(),
        l,
        &f,
        &dictionary_rows(l, &sheets, &draws, r),
    )?;
    Ok(wb)
}

fn kpi_sheet(
    ws: &mut Worksheet,
    r: &Results,
    l: Locale,
    f: &Formats,
    columns: &[&Column],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_KPIS))?;
    header(ws, l, columns, f)?;
    let rows = super::csv::kpi_rows(r);
    for (i, row) in rows.iter().enumerate() {
        let n = i as u32 + 1;
        let unit = dictionary::kpi(row.kpi).map_or(Unit::OfRow, |c| c.unit);
        let p = row.period;
        let (norm, p_norm) = row.norm.unwrap_or((f64::NAN, f64::NAN));
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            match col.name {
                "label" => ws
                    .write_string_with_format(n, c, row.label, &f.wrap)
                    .map(|_| ())?,
                "period" => ws.write_string(n, c, l.period_of(p)).map(|_| ())?,
                "kind" => ws.write_string(n, c, l.t(kind_text(p.kind))).map(|_| ())?,
                "start" => ws
                    .write_date_with_format(n, c, &excel_date(p.start_date)?, &f.date)
                    .map(|_| ())?,
                "end" => ws
                    .write_date_with_format(n, c, &excel_date(p.end_date)?, &f.date)
                    .map(|_| ())?,
                "median" => number(ws, n, c, row.median, f.of(unit))?,
                "p5" => number(ws, n, c, row.p5, f.of(unit))?,
                "p95" => number(ws, n, c, row.p95, f.of(unit))?,
                "mean" => number(ws, n, c, row.mean, f.of(unit))?,
                "norm" => number(ws, n, c, norm, &f.share)?,
                "p_norm" => number(ws, n, c, p_norm, &f.share)?,
                "small_numbers" => {
                    number(ws, n, c, f64::from(u8::from(row.small_numbers)), &f.count)?
                }
                "kpi" => ws.write_string(n, c, row.kpi).map(|_| ())?,
                _ => {}
            }
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

fn runs_sheet(
    ws: &mut Worksheet,
    r: &Results,
    l: Locale,
    f: &Formats,
    columns: &[&Column],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_RUNS))?;
    header(ws, l, columns, f)?;
    let t = &r.runs;
    let units: Vec<Unit> = t
        .kpis
        .iter()
        .map(|k| dictionary::kpi(k).map_or(Unit::OfRow, |c| c.unit))
        .collect();
    let per_run = t.periods.len().max(1) as u32;
    // Whole runs only, and a row for the note when cut.
    let room = (MAX_ROWS - 2) / per_run;
    let runs = t.values.len().min(room as usize);
    let mut n = 0u32;
    for (rep, rows) in t.values.iter().take(runs).enumerate() {
        for ((label, kind, start, end), row) in t.periods.iter().zip(rows) {
            n += 1;
            ws.write_number_with_format(n, 0, rep as f64, &f.count)?;
            ws.write_string(n, 1, l.period(label))?;
            ws.write_string(n, 2, l.t(kind_text(*kind)))?;
            ws.write_date_with_format(n, 3, &excel_date(*start)?, &f.date)?;
            ws.write_date_with_format(n, 4, &excel_date(*end)?, &f.date)?;
            for (k, x) in row.iter().enumerate() {
                number(ws, n, 5 + k as u16, *x, f.of(units[k]))?;
            }
        }
    }
    ws.autofilter(0, 0, n, (RUN_KEYS.len() + t.kpis.len()) as u16 - 1)?;
    if runs < t.values.len() {
        ws.write_string(n + 1, 0, l.fill(TRUNCATED, &[("file", "runs.csv")]))?;
    }
    Ok(())
}

fn daily_sheet(
    ws: &mut Worksheet,
    r: &Results,
    l: Locale,
    f: &Formats,
    columns: &[&Column],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_DAILY))?;
    header(ws, l, columns, f)?;
    ws.set_column_width(1, 30)?;
    let t = &r.daily;
    let named: Vec<(String, Unit)> = t
        .series
        .iter()
        .map(|(name, _)| match dictionary::series(name) {
            Some(c) => (l.t(c.label()).to_string(), c.unit),
            None => (name.clone(), Unit::OfRow),
        })
        .collect();
    let mut n = 0u32;
    let mut cut = false;
    'dates: for (d, date) in t.dates.iter().enumerate() {
        let date = excel_date(*date)?;
        for ((_, s), (label, unit)) in t.series.iter().zip(&named) {
            if n + 2 >= MAX_ROWS {
                cut = true;
                break 'dates;
            }
            n += 1;
            ws.write_date_with_format(n, 0, &date, &f.date)?;
            ws.write_string(n, 1, label)?;
            number(ws, n, 2, s.mean[d], f.of(*unit))?;
            for (i, p) in s.pct.iter().enumerate() {
                number(ws, n, 3 + i as u16, p[d], f.of(*unit))?;
            }
        }
    }
    ws.autofilter(0, 0, n, DAILY_COLUMNS.len() as u16 - 1)?;
    if cut {
        ws.write_string(n + 1, 0, l.fill(TRUNCATED, &[("file", "daily.csv")]))?;
    }
    Ok(())
}

fn inputs_sheet(
    ws: &mut Worksheet,
    r: &Results,
    l: Locale,
    f: &Formats,
    columns: &[&Column],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_INPUTS))?;
    header(ws, l, columns, f)?;
    ws.set_column_width(0, 48)?;
    ws.set_column_width(1, 30)?;
    let s = &r.summary;
    let mut rows: Vec<(String, String)> = vec![
        ("vtsim_version".into(), format!("\"{}\"", s.vtsim_version)),
        (
            "scenario_origin".into(),
            format!("\"{}\"", s.scenario_origin),
        ),
        ("seed".into(), s.seed.to_string()),
        ("runs".into(), s.runs.to_string()),
    ];
    rows.extend(
        s.rng_crates
            .iter()
            .map(|(k, v)| (format!("rng_crates.{k}"), format!("\"{v}\""))),
    );
    rows.extend(crate::report::html::assumptions(&r.resolved));
    for (i, (key, value)) in rows.iter().enumerate() {
        let n = i as u32 + 1;
        ws.write_string(n, 0, key)?;
        // The seed is an identifier of up to 20 digits: text, so no digit
        // is lost to a spreadsheet's 15.
        let as_number = value
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && !(key == "seed" && x.abs() >= 1e15));
        match as_number {
            Some(x) => {
                ws.write_number_with_format(n, 1, x, &f.general)?;
            }
            None => {
                let text = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value);
                ws.write_string(n, 1, text)?;
            }
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, 1)?;
    Ok(())
}

/// The columns of the draws sheet and `draws.csv` beyond `run`: one per
/// uncertain input; empty without uncertain inputs (or without their draws,
/// as in results read back from a folder).
fn draw_columns(r: &Results, l: Locale) -> Vec<dictionary::DrawColumn> {
    if r.draws.is_empty() {
        return Vec::new();
    }
    r.scenario
        .uncertain
        .iter()
        .map(|u| dictionary::draw_column(u, l))
        .collect()
}

/// The draws sheet: one row per run, its number and the value each input
/// drew, as `draws.csv`.
fn draws_sheet(
    ws: &mut Worksheet,
    r: &Results,
    l: Locale,
    f: &Formats,
    draws: &[dictionary::DrawColumn],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_DRAWS))?;
    let run = &RUN_KEYS[0];
    let mut cells = vec![(run.name, l.t(run.label()), run.unit)];
    cells.extend(
        draws
            .iter()
            .map(|d| (d.name.as_str(), d.name.as_str(), Unit::OfInput)),
    );
    header_cells(ws, &cells, f)?;
    for (rep, row) in r.draws.iter().enumerate() {
        let n = rep as u32 + 1;
        ws.write_number_with_format(n, 0, rep as f64, &f.count)?;
        for (i, x) in row.iter().enumerate() {
            number(ws, n, 1 + i as u16, *x, &f.general)?;
        }
    }
    ws.autofilter(0, 0, r.draws.len() as u32, draws.len() as u16)?;
    Ok(())
}

/// The uncertain inputs sheet: one row per input of `summary.json`
/// `uncertain_inputs`, then a note on the shares.
fn uncertain_sheet(
    ws: &mut Worksheet,
    block: &crate::uncertain::UncertainBlock,
    l: Locale,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_UNCERTAIN))?;
    let columns: Vec<&Column> = UNCERTAIN_COLUMNS.iter().collect();
    header(ws, l, &columns, f)?;
    ws.set_column_width(0, 34)?;
    for (i, input) in block.inputs.iter().enumerate() {
        let n = i as u32 + 1;
        for (c, col) in columns.iter().enumerate() {
            let c = c as u16;
            let x = match col.name {
                "path" => {
                    ws.write_string(n, c, &input.path)?;
                    continue;
                }
                "distribution" => {
                    ws.write_string(n, c, &input.distribution)?;
                    continue;
                }
                "low" => input.low,
                "mode" => input.mode.unwrap_or(f64::NAN),
                "high" => input.high,
                "point" => input.point,
                "drawn_mean" => input.drawn_mean,
                "drawn_sd" => input.drawn_sd.unwrap_or(f64::NAN),
                name => name
                    .strip_prefix("share_of_variance.")
                    .and_then(|k| input.share_of_variance.get(k).copied().flatten())
                    .unwrap_or(f64::NAN),
            };
            number(ws, n, c, x, f.of(col.unit))?;
        }
    }
    let rows = block.inputs.len() as u32;
    ws.autofilter(0, 0, rows, columns.len() as u16 - 1)?;
    let chance = block
        .chance_level
        .map_or_else(|| "–".to_string(), |c| format!("{}%", l.num(c * 100.0, 1)));
    ws.write_string(rows + 2, 0, l.fill(UNCERTAIN_NOTE, &[("chance", &chance)]))?;
    Ok(())
}

/// A row of the dictionary sheet.
struct Entry<'a> {
    sheet: Text,
    label: &'a str,
    code: &'a str,
    meaning: &'a str,
    unit: Unit,
    reference: &'a str,
}

impl<'a> Entry<'a> {
    fn of(sheet: Text, c: &'a Column, l: Locale) -> Entry<'a> {
        Entry {
            sheet,
            label: l.t(c.label()),
            code: c.name,
            meaning: l.t(c.meaning),
            unit: c.unit,
            reference: c.reference,
        }
    }
}

/// The rows of the dictionary: the columns of every sheet in the order of
/// the workbook, then the daily series.
fn dictionary_rows<'a>(
    l: Locale,
    sheets: &'a [(Text, Vec<&'static Column>)],
    draws: &'a [dictionary::DrawColumn],
    r: &Results,
) -> Vec<Entry<'a>> {
    let mut rows: Vec<Entry> = Vec::new();
    for (sheet, columns) in sheets {
        rows.extend(columns.iter().map(|c| Entry::of(*sheet, c, l)));
    }
    if !draws.is_empty() {
        rows.push(Entry::of(SHEET_DRAWS, &RUN_KEYS[0], l));
        rows.extend(draws.iter().map(|d| Entry {
            sheet: SHEET_DRAWS,
            label: &d.name,
            code: &d.name,
            meaning: &d.meaning,
            unit: Unit::OfInput,
            reference: dictionary::DRAW_REF,
        }));
    }
    if r.summary.uncertain_inputs.is_some() {
        rows.extend(
            UNCERTAIN_COLUMNS
                .iter()
                .map(|c| Entry::of(SHEET_UNCERTAIN, c, l)),
        );
    }
    rows.extend(SERIES_COLUMNS.iter().map(|c| Entry::of(DAILY_SERIES, c, l)));
    rows
}

fn dictionary_sheet(
    ws: &mut Worksheet,
    l: Locale,
    f: &Formats,
    rows: &[Entry],
) -> Result<(), XlsxError> {
    ws.set_name(l.t(SHEET_DICTIONARY))?;
    for (c, (h, width)) in DICTIONARY_HEADERS
        .iter()
        .zip([18.0, 40.0, 28.0, 80.0, 22.0, 26.0])
        .enumerate()
    {
        ws.set_column_width(c as u16, width)?;
        ws.write_string_with_format(0, c as u16, l.t(*h), &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, e) in rows.iter().enumerate() {
        let n = i as u32 + 1;
        ws.write_string(n, 0, l.t(e.sheet))?;
        ws.write_string_with_format(n, 1, e.label, &f.wrap)?;
        ws.write_string(n, 2, e.code)?;
        ws.write_string_with_format(n, 3, e.meaning, &f.wrap)?;
        ws.write_string_with_format(n, 4, l.t(e.unit.text()), &f.wrap)?;
        ws.write_string(n, 5, e.reference)?;
    }
    ws.autofilter(0, 0, rows.len() as u32, DICTIONARY_HEADERS.len() as u16 - 1)?;
    Ok(())
}
