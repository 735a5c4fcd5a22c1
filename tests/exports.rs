//! The exports (issue 13): `results.xlsx` read back with calamine equals
//! `runs.csv`, its dictionary covers every column, `kpis.csv` equals the
//! report's KPI table, and the `nl` CSV dialect round-trips. With uncertain
//! inputs (issue 15) the workbook's draws sheet equals `draws.csv` and its
//! uncertain-inputs sheet `summary.json`; without them neither sheet is
//! there.

use calamine::{Data, Reader, Xlsx};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::PathBuf;
use vtsim::experiment::{Experiment, Results};
use vtsim::export::csv::CsvDialect;
use vtsim::export::dictionary;
use vtsim::export::xlsx;
use vtsim::montecarlo::RunOptions;
use vtsim::report::data::Texts;
use vtsim::report::labels::Locale;

fn repo(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// A small run of the rich fixture (reporting periods, measures).
fn results(runs: u64) -> Results {
    let path = repo("tests/fixtures/tiny-rich.toml");
    let s = vtsim::scenario::load(Some(&path), &[]).expect("scenario loads");
    let options = RunOptions {
        runs,
        seed: 4,
        threads: 2,
    };
    Experiment::new(s, "tiny-rich.toml", options)
        .run(&|_| {}, &Default::default())
        .expect("runs")
}

/// A small run of the rich fixture in Dutch with two of its inputs as
/// ranges (one triangular, one uniform).
fn uncertain_results(runs: u64) -> Results {
    let text = std::fs::read_to_string(repo("tests/fixtures/tiny-rich.toml"))
        .unwrap()
        .replace("language = \"en\"", "language = \"nl\"")
        .replace(
            "volume = { 2025 = 500 }",
            "volume = { 2025 = { low = 400, mode = 500, high = 650 } }",
        )
        .replace("growth = 0.02", "growth = { low = 0.0, high = 0.04 }");
    let s = vtsim::scenario::load_str(&text, "tiny-rich-onzeker.toml", &[]).expect("loads");
    assert_eq!(s.uncertain.len(), 2, "both ranges are read");
    let options = RunOptions {
        runs,
        seed: 4,
        threads: 2,
    };
    Experiment::new(s, "tiny-rich-onzeker.toml", options)
        .run(&|_| {}, &Default::default())
        .expect("runs")
}

fn has(files: &[(&str, Vec<u8>)], name: &str) -> bool {
    files.iter().any(|(n, _)| *n == name)
}

fn file<'a>(files: &'a [(&str, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| *n == name).expect(name).1
}

fn text<'a>(files: &'a [(&str, Vec<u8>)], name: &str) -> &'a str {
    std::str::from_utf8(file(files, name)).expect("UTF-8")
}

/// Every sheet of a workbook: name → rows of cells.
fn sheets(bytes: &[u8]) -> BTreeMap<String, Vec<Vec<Data>>> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("results.xlsx opens");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet reads");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn csv_table(text: &str, sep: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn as_f64(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn the_workbook_opens_and_its_numbers_are_those_of_runs_csv() {
    let r = results(12);
    let files = r.files().unwrap();
    let book = sheets(file(&files, "results.xlsx"));
    let l = Locale(r.scenario.language);
    let names: Vec<&str> = book.keys().map(String::as_str).collect();
    for s in [
        xlsx::SHEET_KPIS,
        xlsx::SHEET_RUNS,
        xlsx::SHEET_DAILY,
        xlsx::SHEET_INPUTS,
        xlsx::SHEET_DICTIONARY,
    ] {
        assert!(names.contains(&l.t(s)), "no sheet {} in {names:?}", l.t(s));
    }

    // Per run: every KPI cell is the number of runs.csv (empty where the
    // CSV is empty), row by row.
    let (header, rows) = csv_table(text(&files, "runs.csv"), b',');
    let sheet = &book[l.t(xlsx::SHEET_RUNS)];
    assert_eq!(sheet.len(), rows.len() + 1, "one row per run and period");
    assert_eq!(sheet[0].len(), header.len());
    let mut numbers = 0;
    for (row, cells) in rows.iter().zip(&sheet[1..]) {
        assert_eq!(as_f64(&cells[0]), row[0].parse().ok(), "run number");
        for (c, field) in row.iter().enumerate().skip(5) {
            let want: Option<f64> = (!field.is_empty()).then(|| field.parse().unwrap());
            let got = as_f64(&cells[c]);
            assert_eq!(got, want, "{} of run {} in {}", header[c], row[0], row[1]);
            numbers += usize::from(got.is_some());
        }
        // Dates are dates, not text.
        assert!(matches!(cells[3], Data::DateTime(_)), "{:?}", cells[3]);
    }
    assert!(numbers > 1000, "only {numbers} numbers compared");

    // Per day: the numbers of daily.csv (mean and percentiles).
    let (_, rows) = csv_table(text(&files, "daily.csv"), b',');
    let sheet = &book[l.t(xlsx::SHEET_DAILY)];
    assert_eq!(sheet.len(), rows.len() + 1);
    for (row, cells) in rows.iter().zip(&sheet[1..]).step_by(7) {
        let label = l.t(dictionary::series(&row[1]).unwrap().label());
        assert_eq!(cells[1], Data::String(label.to_string()));
        for c in 2..row.len() {
            let want: Option<f64> = (!row[c].is_empty()).then(|| row[c].parse().unwrap());
            assert_eq!(as_f64(&cells[c]), want, "{} on {}", row[1], row[0]);
        }
    }

    // The inputs: the seed, the runs and every resolved key.
    let inputs = &book[l.t(xlsx::SHEET_INPUTS)];
    let value = |key: &str| {
        inputs
            .iter()
            .find(|row| row[0] == Data::String(key.into()))
            .map(|row| row[1].clone())
    };
    assert_eq!(value("seed").as_ref().and_then(as_f64), Some(4.0));
    assert_eq!(value("runs").as_ref().and_then(as_f64), Some(12.0));
    assert_eq!(
        value("name"),
        Some(Data::String(r.scenario.name.clone())),
        "the scenario's name as text"
    );
    for (key, _) in vtsim::report::html::assumptions(&r.resolved) {
        assert!(value(&key).is_some(), "input {key} missing");
    }
}

#[test]
fn the_dictionary_describes_every_column_of_every_sheet_and_file() {
    dictionary_describes_everything(&results(3));
}

#[test]
fn the_dictionary_describes_the_draws_and_uncertain_inputs_too() {
    let r = uncertain_results(4);
    let files = r.files().unwrap();
    assert!(has(&files, "draws.csv"));
    let book = sheets(file(&files, "results.xlsx"));
    let l = Locale(r.scenario.language);
    for s in [xlsx::SHEET_DRAWS, xlsx::SHEET_UNCERTAIN] {
        assert!(book.contains_key(l.t(s)), "no sheet {}", l.t(s));
    }
    dictionary_describes_everything(&r);
}

/// Every column of every sheet and CSV of `r` is in the dictionary sheet.
fn dictionary_describes_everything(r: &Results) {
    let files = r.files().unwrap();
    let book = sheets(file(&files, "results.xlsx"));
    let l = Locale(r.scenario.language);
    let dict = &book[l.t(xlsx::SHEET_DICTIONARY)];
    let described: BTreeSet<(String, String)> = dict[1..]
        .iter()
        .map(|row| (row[0].to_string(), row[1].to_string()))
        .collect();
    let codes: BTreeSet<String> = dict[1..].iter().map(|row| row[2].to_string()).collect();
    for row in &dict[1..] {
        for (i, cell) in row.iter().enumerate() {
            assert!(
                !cell.to_string().is_empty(),
                "empty dictionary cell {i}: {row:?}"
            );
        }
    }
    for (sheet, rows) in &book {
        if sheet == l.t(xlsx::SHEET_DICTIONARY) {
            continue;
        }
        for h in &rows[0] {
            assert!(
                described.contains(&(sheet.clone(), h.to_string())),
                "{sheet}: column {h} is not in the dictionary"
            );
        }
    }
    // Every series in the daily sheet.
    let series_sheet = l.t(xlsx::SHEET_DAILY);
    for name in vtsim::engine::SERIES {
        let label = l.t(dictionary::series(name).unwrap().label());
        assert!(
            book[series_sheet][1..]
                .iter()
                .any(|row| row[1] == Data::String(label.into())),
            "series {name} missing from the daily sheet"
        );
        assert!(codes.contains(name), "series {name} not in the dictionary");
    }
    // Every header of the CSVs is a code of the dictionary.
    for f in ["runs.csv", "daily.csv", "kpis.csv", "draws.csv"] {
        if !has(&files, f) {
            assert_eq!(f, "draws.csv", "no {f}");
            continue;
        }
        let (header, _) = csv_table(text(&files, f), b',');
        for h in header {
            assert!(
                codes.contains(&h),
                "{f}: column {h} is not in the dictionary"
            );
        }
    }
    // summary.json: a unit and a description for every KPI.
    let json: serde_json::Value = serde_json::from_slice(file(&files, "summary.json")).unwrap();
    for k in vtsim::metrics::KPIS {
        let d = &json["kpi_definitions"][k];
        assert!(
            d["unit"].is_string() && d["description"].is_string(),
            "{k}: {d}"
        );
    }
}

#[test]
fn kpis_csv_equals_the_reports_kpi_table() {
    let r = results(12);
    let files = r.files().unwrap();
    let (header, rows) = csv_table(text(&files, "kpis.csv"), b',');
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let find = |kpi: &str, period: &str| {
        rows.iter()
            .find(|row| row[col("kpi")] == kpi && row[col("period")] == period)
            .unwrap_or_else(|| panic!("kpis.csv has no row {kpi} {period}"))
    };
    let num = |s: &str| -> f64 { s.parse().unwrap_or(f64::NAN) };
    for lang in [vtsim::scenario::Language::Nl, vtsim::scenario::Language::En] {
        let l = Locale(lang);
        let table = vtsim::report::html::kpi_table(&r, l);
        let mut cells = 0;
        // The workforce rows of the table are not in kpis.csv.
        let csv_rows: Vec<_> = table
            .rows
            .iter()
            .filter(|r| !vtsim::report::labels::is_workforce_kpi(&r.kpi))
            .collect();
        assert_eq!(
            table.rows.len() - csv_rows.len(),
            vtsim::report::labels::WORKFORCE_ROWS.len()
        );
        for row in &csv_rows {
            let share = row.kpi.contains("within_term");
            let f = |x: f64| {
                if share { l.num(x * 100.0, 0) } else { l.int(x) }
            };
            for cell in &row.cells {
                let csv = find(&row.kpi, &cell.period);
                let text = if row.stat == "norm" {
                    let p = num(&csv[col("p_norm")]);
                    if p.is_nan() {
                        "–".to_string()
                    } else {
                        l.chance(p)
                    }
                } else {
                    let (m, lo, hi) = (
                        num(&csv[col("median")]),
                        num(&csv[col("p5")]),
                        num(&csv[col("p95")]),
                    );
                    let mut t = if m.is_nan() {
                        "–".to_string()
                    } else {
                        let pct = if share { "%" } else { "" };
                        format!("{}{pct} [{}–{}]", f(m), f(lo), f(hi))
                    };
                    if csv[col("small_numbers")] == "1" && t != "–" {
                        t.push_str(" *");
                    }
                    t
                };
                assert_eq!(text, cell.text, "{} {} ({lang:?})", row.kpi, cell.period);
                cells += 1;
            }
        }
        assert!(cells >= 10, "{cells} cells");
        // Every row of kpis.csv is a cell of the table.
        let band_rows = csv_rows.iter().filter(|r| r.stat == "band").count();
        assert_eq!(rows.len(), band_rows * table.columns.len());
    }
    // The numbers are those of summary.json.
    for row in &rows {
        let p = r.summary.period(&row[col("period")]).unwrap();
        let k = p.kpi(&row[col("kpi")]).unwrap();
        let same = |a: f64, b: Option<f64>| a.to_bits() == b.unwrap_or(f64::NAN).to_bits();
        assert!(same(num(&row[col("median")]), k.pct("p50")), "{row:?}");
        assert!(same(num(&row[col("mean")]), k.mean), "{row:?}");
    }
}

#[test]
fn the_nl_dialect_round_trips_and_reads_back_as_the_standard_one() {
    let r = results(5);
    let standard = r.files().unwrap();
    let nl: Vec<(&str, Vec<u8>)> = r
        .contents_with(CsvDialect::Nl)
        .unwrap()
        .into_iter()
        .map(|(n, c)| (n, c.to_bytes().unwrap()))
        .collect();
    let runs = text(&nl, "runs.csv");
    assert!(
        runs.starts_with("run;period;kind;start;end;meldingen_in;"),
        "{runs:.80}"
    );
    let (header, rows) = csv_table(runs, b';');
    let (std_header, std_rows) = csv_table(text(&standard, "runs.csv"), b',');
    assert_eq!(header, std_header, "the same headers");
    // Decimal commas, no decimal points, the same numbers.
    let mut decimals = 0;
    for (a, b) in rows.iter().flatten().zip(std_rows.iter().flatten()) {
        assert_eq!(a, &b.replace('.', ","));
        decimals += usize::from(a.contains(','));
    }
    assert!(decimals > 10);
    // The files read back into the same results as the standard ones.
    let back = |files: &[(&str, Vec<u8>)]| {
        vtsim::report::data::from_texts(
            Texts {
                summary_json: text(files, "summary.json"),
                runs_csv: text(files, "runs.csv"),
                daily_csv: text(files, "daily.csv"),
                resolved_toml: text(files, "scenario.resolved.toml"),
            },
            "memory",
        )
        .expect("the files parse")
    };
    let (a, b) = (back(&standard), back(&nl));
    assert_eq!(format!("{:?}", a.runs), format!("{:?}", b.runs));
    assert_eq!(format!("{:?}", a.daily), format!("{:?}", b.daily));
    assert_eq!(format!("{:?}", a.runs), format!("{:?}", r.runs));
    // The dialect changes only the CSVs.
    for ((n, x), (_, y)) in standard.iter().zip(&nl) {
        assert_eq!(x == y, !n.ends_with(".csv"), "{n}");
    }
}

#[test]
fn malformed_csvs_are_refused_never_misread() {
    let r = results(2);
    let files = r.files().unwrap();
    let runs = text(&files, "runs.csv").replacen(",0.", ",0,", 1);
    let e = vtsim::report::data::from_texts(
        Texts {
            summary_json: text(&files, "summary.json"),
            runs_csv: &runs,
            daily_csv: text(&files, "daily.csv"),
            resolved_toml: text(&files, "scenario.resolved.toml"),
        },
        "dir",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("runs.csv"), "{e}");
    // A `;` file with a decimal point is refused, not misread.
    let nl = "run;period;kind;start;end;a\n0;2025;year;2025-01-01;2025-12-31;0.5\n";
    let e = vtsim::report::data::from_texts(
        Texts {
            summary_json: text(&files, "summary.json"),
            runs_csv: nl,
            daily_csv: text(&files, "daily.csv"),
            resolved_toml: text(&files, "scenario.resolved.toml"),
        },
        "dir",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("decimal comma") && e.contains("line 2"), "{e}");
}

#[test]
fn the_workbook_is_the_same_for_the_same_results() {
    let a = xlsx::workbook(&results(4)).unwrap();
    let b = xlsx::workbook(&results(4)).unwrap();
    assert!(a == b, "results.xlsx differs between two identical runs");
    // No clock in it: the creation time is the fixed one.
    let core = {
        let mut z = zip_entry(&a, "docProps/core.xml");
        z.retain(|c| !c.is_whitespace());
        z
    };
    assert!(core.contains("1980-01-01T00:00:00Z"), "{core}");
}

/// The text of one entry of the workbook's zip archive.
fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

#[test]
fn vtsim_report_reads_a_folder_written_with_csv_dialect_nl() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = repo("tests/fixtures/tiny.toml");
    assert_cmd::Command::cargo_bin("vtsim")
        .unwrap()
        .arg("run")
        .arg(&fixture)
        .args(["-n", "3", "-q", "--csv-dialect", "nl", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    let dir = tmp.path().join("tiny");
    let daily = std::fs::read_to_string(dir.join("daily.csv")).unwrap();
    assert!(daily.starts_with("date;series;mean;p5;"), "{daily:.60}");
    let html = std::fs::read(dir.join("report.html")).unwrap();
    std::fs::remove_file(dir.join("report.html")).unwrap();
    assert_cmd::Command::cargo_bin("vtsim")
        .unwrap()
        .arg("report")
        .arg(&dir)
        .assert()
        .success();
    assert!(
        std::fs::read(dir.join("report.html")).unwrap() == html,
        "the report from the nl files differs from the run's"
    );
}

#[test]
fn the_draws_sheet_equals_draws_csv_and_the_shares_summary_json() {
    let r = uncertain_results(6);
    let files = r.files().unwrap();
    let book = sheets(file(&files, "results.xlsx"));
    let l = Locale(r.scenario.language);
    assert_eq!(l.t(xlsx::SHEET_DRAWS), "Trekkingen", "a Dutch scenario");

    // Trekkingen: the header of draws.csv (run as "Doorrekening", the
    // inputs by path) and every value, as a number.
    let (header, rows) = csv_table(text(&files, "draws.csv"), b',');
    assert_eq!(header.len(), 3, "{header:?}");
    let sheet = &book[l.t(xlsx::SHEET_DRAWS)];
    assert_eq!(sheet.len(), rows.len() + 1, "one row per run");
    assert_eq!(rows.len(), 6);
    assert_eq!(sheet[0][0], Data::String("Doorrekening".into()));
    for (c, h) in header.iter().enumerate().skip(1) {
        assert_eq!(sheet[0][c], Data::String(h.clone()), "column {c}");
    }
    assert_eq!(sheet[0].len(), header.len());
    for (row, cells) in rows.iter().zip(&sheet[1..]) {
        assert_eq!(cells.len(), row.len());
        for (c, field) in row.iter().enumerate() {
            let want: f64 = field.parse().unwrap();
            assert_eq!(
                as_f64(&cells[c]),
                Some(want),
                "{} of run {}",
                header[c],
                row[0]
            );
        }
    }
    // The values are the run's, not one value repeated.
    let column: BTreeSet<String> = rows.iter().map(|row| row[1].clone()).collect();
    assert!(column.len() > 1, "{column:?}");

    // Onzekere invoer: one row per input of summary.json, its numbers.
    let json: serde_json::Value = serde_json::from_slice(file(&files, "summary.json")).unwrap();
    let inputs = json["uncertain_inputs"]["inputs"].as_array().unwrap();
    let sheet = &book[l.t(xlsx::SHEET_UNCERTAIN)];
    let codes: Vec<&str> = dictionary::UNCERTAIN_COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(sheet[0].len(), codes.len());
    let mut shares = 0;
    for (i, input) in inputs.iter().enumerate() {
        let cells = &sheet[1 + i];
        assert_eq!(
            cells[0],
            Data::String(input["path"].as_str().unwrap().into())
        );
        assert_eq!(
            cells[1],
            Data::String(input["distribution"].as_str().unwrap().into())
        );
        for (c, code) in codes.iter().enumerate().skip(2) {
            let want = match code.strip_prefix("share_of_variance.") {
                Some(k) => input["share_of_variance"][k].as_f64(),
                None => input[code].as_f64(),
            };
            assert_eq!(as_f64(&cells[c]), want, "{code} of {}", input["path"]);
            shares += usize::from(want.is_some() && code.starts_with("share"));
        }
    }
    assert!(shares > 0, "no share compared");
    // Below the table, the note on the shares with the level of chance.
    let note = sheet[inputs.len() + 2][0].to_string();
    assert!(note.contains("20,0%"), "{note}");
}

#[test]
fn a_scenario_without_ranges_has_no_draws_sheet() {
    let r = results(3);
    let files = r.files().unwrap();
    assert!(!has(&files, "draws.csv"));
    let book = sheets(file(&files, "results.xlsx"));
    let l = Locale(r.scenario.language);
    let names: BTreeSet<&str> = book.keys().map(String::as_str).collect();
    let want: BTreeSet<&str> = [
        xlsx::SHEET_KPIS,
        xlsx::SHEET_RUNS,
        xlsx::SHEET_DAILY,
        xlsx::SHEET_INPUTS,
        xlsx::SHEET_DICTIONARY,
    ]
    .iter()
    .map(|s| l.t(*s))
    .collect();
    assert_eq!(names, want);
    let dict = &book[l.t(xlsx::SHEET_DICTIONARY)];
    for s in [xlsx::SHEET_DRAWS, xlsx::SHEET_UNCERTAIN] {
        assert!(
            dict.iter().all(|row| row[0] != Data::String(l.t(s).into())),
            "the dictionary describes a sheet {} that is not there",
            l.t(s)
        );
    }
}
