//! Integration tests of the `vtsim` command line: result files, reproducibility,
//! `--set`, error messages for bad input, the embedded default scenario, help.
//!
//! Valid scenarios live in `tests/fixtures/`; they are tiny (two months, a few
//! hundred meldingen a year, a few FTE) so every run takes milliseconds. Bad
//! scenarios are written from string literals into temporary folders.

use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

const RESULT_FILES: [&str; 6] = [
    "summary.json",
    "runs.csv",
    "daily.csv",
    "kpis.csv",
    "results.xlsx",
    "scenario.resolved.toml",
];

const DAILY_HEADER: &str = "date,series,mean,p5,p10,p25,p50,p75,p90,p95";

/// The daily series, in the order `daily.csv` lists them for each date.
use vtsim::engine::SERIES;

fn vtsim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("vtsim").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&read(&dir.join("summary.json"))).expect("summary.json is valid JSON")
}

fn stdout_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `vtsim run` with the arguments and asserts success; returns the output.
fn run_ok(args: &[&str]) -> Output {
    let out = vtsim().arg("run").args(args).output().expect("run vtsim");
    assert!(
        out.status.success(),
        "vtsim run {args:?} failed ({:?}):\n{}",
        out.status.code(),
        stderr_of(&out)
    );
    out
}

/// Runs a fixture with the given seed, runs and extra arguments into `out`;
/// returns the result folder `out/<name>`.
fn run_fixture(fixture_file: &Path, name: &str, out: &Path, args: &[&str]) -> PathBuf {
    let mut all = vec![
        fixture_file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    all.extend_from_slice(args);
    run_ok(&all);
    out.join(name)
}

/// A summary statistic of a KPI in a period of `summary.json`, e.g.
/// `kpi_pct(&s, "horizon", "backlog_end", "p50")`.
fn kpi_pct(s: &Value, period: &str, kpi: &str, pct: &str) -> f64 {
    let p = s["periods"]
        .as_array()
        .expect("periods is an array")
        .iter()
        .find(|p| p["label"] == period)
        .unwrap_or_else(|| panic!("no period {period} in summary.json"));
    p["kpis"][kpi]["p"][pct]
        .as_f64()
        .unwrap_or_else(|| panic!("{period}.{kpi}.{pct} is not a number: {}", p["kpis"][kpi]))
}

/// Entries of a folder, by name.
fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Data rows of a CSV text (header excluded), split on commas.
fn csv_rows(text: &str) -> (String, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines.next().expect("a header line").to_string();
    let rows = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------
// 1. A run writes the table and the four result files.
// ---------------------------------------------------------------------------

#[test]
fn run_prints_the_table_and_writes_all_result_files() {
    let tmp = tempdir();
    let out = vtsim()
        .args(["run", fixture("tiny.toml").to_str().unwrap()])
        .args([
            "-n",
            "10",
            "--seed",
            "7",
            "--out",
            tmp.path().to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Safety assessment within term, by completion",
        ))
        .stdout(predicate::str::contains("tiny · 10 runs · seed 7"))
        .stdout(predicate::str::contains("Backlog at period end"))
        .stdout(predicate::str::contains(
            "Employed FTE (mean over the period)",
        ))
        .get_output()
        .clone();
    let stdout = stdout_of(&out);
    // The column header of the table is the calendar year of the horizon,
    // with the days covered when the horizon cuts it off; a one-year horizon
    // has no separate "horizon" column.
    assert!(
        stdout.lines().any(|l| l.trim() == "2025 (1 Jan–28 Feb)"),
        "no column for the year 2025 in the table:\n{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.contains("horizon")),
        "a one-year horizon should show only its year column:\n{stdout}"
    );
    assert!(stdout.contains("results in "), "{stdout}");

    let dir = tmp.path().join("tiny");
    for f in RESULT_FILES {
        assert!(dir.join(f).is_file(), "{f} was not written");
    }

    // summary.json
    let s = summary(&dir);
    assert_eq!(s["runs"], 10);
    assert_eq!(s["seed"], 7);
    assert_eq!(s["vtsim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(s["scenario"]["name"], "tiny");
    assert!(
        s["scenario_origin"]
            .as_str()
            .is_some_and(|o| o.ends_with("tiny.toml")),
        "scenario_origin: {}",
        s["scenario_origin"]
    );
    let periods = s["periods"].as_array().expect("periods");
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["horizon", "2025", "2025-Q1"]);
    for p in periods {
        let t = &p["kpis"]["triage_within_term"];
        assert!(t.is_object(), "no triage_within_term in {}", p["label"]);
        let n = t["n"].as_u64().expect("n");
        assert!((1..=10).contains(&n), "triage_within_term.n = {n}");
        let median = t["p"]["p50"].as_f64().expect("p50");
        assert!((0.0..=1.0).contains(&median), "a share, got {median}");
    }

    // runs.csv: 10 runs × 3 periods.
    let (header, rows) = csv_rows(&read(&dir.join("runs.csv")));
    assert!(
        header.starts_with("run,period,kind,start,end,"),
        "runs.csv header: {header}"
    );
    assert!(header.contains(",triage_within_term,"), "{header}");
    assert_eq!(rows.len(), 10 * labels.len());
    let columns = header.split(',').count();
    for r in &rows {
        assert_eq!(r.len(), columns, "ragged row {r:?}");
    }
    let runs: BTreeSet<u64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(runs, (0..10).collect());
    for label in &labels {
        assert_eq!(rows.iter().filter(|r| r[1] == *label).count(), 10);
    }
    let horizon = rows.iter().find(|r| r[1] == "horizon").unwrap();
    assert_eq!(&horizon[2..5], ["horizon", "2025-01-01", "2025-02-28"]);

    // daily.csv: 59 days (January and February 2025) × every series.
    let (header, rows) = csv_rows(&read(&dir.join("daily.csv")));
    assert_eq!(header, DAILY_HEADER);
    assert_eq!(rows.len(), 59 * SERIES.len());
    assert_eq!(rows[0][0], "2025-01-01");
    assert_eq!(rows.last().unwrap()[0], "2025-02-28");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), 10, "row {i}: {r:?}");
        assert_eq!(r[1], SERIES[i % SERIES.len()], "row {i}");
    }
    let dates: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(dates.len(), 59);

    // scenario.resolved.toml: every parameter explicit.
    let resolved = read(&dir.join("scenario.resolved.toml"));
    assert!(resolved.contains("name = \"tiny\""), "{resolved}");
    assert!(resolved.contains("norm_share = 1.0"), "{resolved}");
    assert!(resolved.contains("[pathway.routes]"), "{resolved}");
}

#[test]
fn a_horizon_across_two_years_has_a_period_per_year_and_quarter() {
    let tmp = tempdir();
    let dir = run_fixture(
        &fixture("tiny-rich.toml"),
        "tiny-rich",
        tmp.path(),
        &["-n", "5", "--seed", "11"],
    );
    let s = summary(&dir);
    let labels: Vec<&str> = s["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["horizon", "2024", "2025", "2024-Q4", "2025-Q1"]);
    let (_, rows) = csv_rows(&read(&dir.join("runs.csv")));
    assert_eq!(rows.len(), 5 * 5);
    // 2024-12-01 to 2025-01-31: 62 days; the 20 warm-up days are not reported.
    let (_, daily) = csv_rows(&read(&dir.join("daily.csv")));
    assert_eq!(daily.len(), 62 * SERIES.len());
    assert_eq!(daily[0][0], "2024-12-01");

    // The table shows both years and the whole horizon.
    let out = run_ok(&[
        fixture("tiny-rich.toml").to_str().unwrap(),
        "-n",
        "5",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let table = stdout_of(&out);
    // Line 1 is the title, line 2 the legend, line 3 the column header.
    let columns = table
        .lines()
        .nth(2)
        .unwrap_or_else(|| panic!("no column header in\n{table}"));
    // Both years are cut off by the horizon, and their heads say so.
    let cols: Vec<&str> = columns
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cols,
        ["2024 (1–31 Dec)", "2025 (1–31 Jan)", "horizon"],
        "{table}"
    );
}

// ---------------------------------------------------------------------------
// 2. Reproducibility.
// ---------------------------------------------------------------------------

#[test]
fn results_are_byte_identical_for_any_thread_count() {
    for (file, name) in [("tiny.toml", "tiny"), ("tiny-rich.toml", "tiny-rich")] {
        let tmp = tempdir();
        let one = run_fixture(
            &fixture(file),
            name,
            &tmp.path().join("one"),
            &["-n", "70", "--seed", "5", "--threads", "1"],
        );
        let two = run_fixture(
            &fixture(file),
            name,
            &tmp.path().join("two"),
            &["-n", "70", "--seed", "5", "--threads", "2"],
        );
        for f in RESULT_FILES {
            assert!(
                read_bytes(&one.join(f)) == read_bytes(&two.join(f)),
                "{name}: {f} differs between --threads 1 and --threads 2"
            );
        }
        let (_, rows) = csv_rows(&read(&one.join("runs.csv")));
        assert_eq!(rows.last().unwrap()[0], "69", "{name}: runs 0..70");
    }
}

#[test]
fn a_different_seed_gives_different_runs() {
    let tmp = tempdir();
    let a = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("a"),
        &["-n", "10", "--seed", "1"],
    );
    let b = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("b"),
        &["-n", "10", "--seed", "2"],
    );
    let ra = read(&a.join("runs.csv"));
    let rb = read(&b.join("runs.csv"));
    assert_eq!(ra.lines().count(), rb.lines().count());
    assert_ne!(ra, rb, "seeds 1 and 2 gave the same runs.csv");
    // Same seed again: the same file.
    let c = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("c"),
        &["-n", "10", "--seed", "1"],
    );
    assert_eq!(ra, read(&c.join("runs.csv")));
}

#[test]
fn quiet_prints_nothing() {
    let tmp = tempdir();
    vtsim()
        .args(["run", fixture("tiny.toml").to_str().unwrap(), "-q"])
        .args(["-n", "3", "--out", tmp.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
    assert!(tmp.path().join("tiny").join("summary.json").is_file());
}

// ---------------------------------------------------------------------------
// 3. The resolved scenario loads again and reproduces the run.
// ---------------------------------------------------------------------------

#[test]
fn the_resolved_scenario_reproduces_the_run() {
    for (file, name) in [("tiny.toml", "tiny"), ("tiny-rich.toml", "tiny-rich")] {
        let tmp = tempdir();
        let first = run_fixture(
            &fixture(file),
            name,
            &tmp.path().join("first"),
            &["-n", "12", "--seed", "42"],
        );
        let resolved = first.join("scenario.resolved.toml");
        let again = run_fixture(
            &resolved,
            name,
            &tmp.path().join("again"),
            &["-n", "12", "--seed", "42"],
        );
        assert!(
            read_bytes(&first.join("runs.csv")) == read_bytes(&again.join("runs.csv")),
            "{name}: runs.csv differs when run from scenario.resolved.toml"
        );
        assert!(
            read_bytes(&first.join("daily.csv")) == read_bytes(&again.join("daily.csv")),
            "{name}: daily.csv differs when run from scenario.resolved.toml"
        );
        // Resolving a resolved scenario changes nothing.
        assert_eq!(
            read(&resolved),
            read(&again.join("scenario.resolved.toml")),
            "{name}: scenario.resolved.toml is not a fixed point"
        );
        assert_eq!(
            summary(&first)["scenario"],
            summary(&again)["scenario"],
            "{name}: the resolved scenario in summary.json differs"
        );
    }
}

// ---------------------------------------------------------------------------
// 4. --set.
// ---------------------------------------------------------------------------

#[test]
fn set_overrides_a_value() {
    let tmp = tempdir();
    let base = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("base"),
        &["-n", "10", "--seed", "3"],
    );
    let small = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("small"),
        &["-n", "10", "--seed", "3", "--set", "workforce.fte=0.5"],
    );
    let (sb, ss) = (summary(&base), summary(&small));
    assert_eq!(sb["scenario"]["workforce"]["fte"], 10.0);
    assert_eq!(ss["scenario"]["workforce"]["fte"], 0.5);
    assert!(read(&small.join("scenario.resolved.toml")).contains("fte = 0.5"));
    let backlog_base = kpi_pct(&sb, "horizon", "backlog_end", "p50");
    let backlog_small = kpi_pct(&ss, "horizon", "backlog_end", "p50");
    assert!(
        backlog_small > backlog_base + 20.0,
        "0.5 FTE should leave a much larger backlog than 10 FTE: {backlog_small} vs {backlog_base}"
    );
    let hours_base = kpi_pct(&sb, "horizon", "hours_available", "p50");
    let hours_small = kpi_pct(&ss, "horizon", "hours_available", "p50");
    assert!(
        hours_small < hours_base / 10.0,
        "hours available: {hours_small} vs {hours_base}"
    );
}

#[test]
fn several_sets_apply_in_order() {
    let tmp = tempdir();
    let dir = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        tmp.path(),
        &[
            "-n",
            "3",
            "--set",
            "effort.norm_share=0.7",
            "--set",
            "name=renamed",
            "--set",
            "effort.norm_share=0.6",
        ],
    );
    // The result folder follows the overridden name.
    assert!(!dir.exists());
    let s = summary(&tmp.path().join("renamed"));
    assert_eq!(s["scenario"]["name"], "renamed");
    assert_eq!(s["scenario"]["effort"]["norm_share"], 0.6);
}

/// Asserts a usage error: exit code 2, one `vtsim: error:` message, no panic,
/// nothing on stdout. Returns stderr.
fn assert_error(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with("vtsim: error: "))
        .stderr(predicate::str::contains("panicked").not())
        .stderr(predicate::str::contains("RUST_BACKTRACE").not())
        .get_output()
        .clone();
    stderr_of(&out)
}

#[test]
fn set_with_a_misspelt_key_suggests_the_right_one() {
    let tmp = tempdir();
    let err = assert_error(
        vtsim()
            .args(["run", fixture("tiny.toml").to_str().unwrap()])
            .args(["-n", "3", "--out", tmp.path().to_str().unwrap()])
            .args(["--set", "effort.norm_sharee=0.7"]),
    );
    assert!(err.contains("effort.norm_sharee"), "{err}");
    assert!(err.contains("did you mean `norm_share`"), "{err}");
    assert!(
        entries(tmp.path()).is_empty(),
        "nothing is written on error"
    );
}

#[test]
fn set_without_equals_is_an_error() {
    let tmp = tempdir();
    let err = assert_error(
        vtsim()
            .args(["run", fixture("tiny.toml").to_str().unwrap()])
            .args(["-n", "3", "--out", tmp.path().to_str().unwrap()])
            .args(["--set", "nonsense"]),
    );
    assert!(err.contains("--set nonsense"), "{err}");
    assert!(err.contains("key.path=value"), "{err}");
    assert!(
        entries(tmp.path()).is_empty(),
        "nothing is written on error"
    );
}

// ---------------------------------------------------------------------------
// 5. Bad input.
// ---------------------------------------------------------------------------

/// Writes a bad scenario into a fresh temporary folder.
fn bad_scenario(file: &str, text: &str) -> (TempDir, PathBuf) {
    let tmp = tempdir();
    let path = tmp.path().join(file);
    std::fs::write(&path, text).unwrap();
    (tmp, path)
}

/// Runs a bad scenario; asserts a clean error that names the file and writes
/// nothing. Returns stderr.
fn run_bad(file: &str, text: &str) -> (String, PathBuf) {
    let (tmp, path) = bad_scenario(file, text);
    let out = tmp.path().join("out");
    let err = assert_error(vtsim().arg("run").arg(&path).args([
        "-n",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert!(
        err.contains(&path.display().to_string()),
        "the message does not name the file {}:\n{err}",
        path.display()
    );
    assert!(!out.exists(), "an output folder was created on error");
    (err, path)
}

#[test]
fn unknown_key_names_file_line_column_and_suggests() {
    let (err, path) = run_bad(
        "unknown-key.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = 5.0
contract_ft = 0.8
"#,
    );
    assert!(
        err.contains(&format!("{}:10:1:", path.display())),
        "expected the place of `contract_ft` (line 10, column 1):\n{err}"
    );
    assert!(err.contains("workforce.contract_ft"), "{err}");
    assert!(err.contains("unknown key `contract_ft`"), "{err}");
    assert!(err.contains("did you mean `contract_fte`"), "{err}");
    assert!(err.contains("Allowed here:"), "{err}");
}

#[test]
fn unknown_top_level_table_is_reported() {
    let (err, path) = run_bad(
        "unknown-table.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforse]
fte = 5.0
"#,
    );
    assert!(err.contains(&format!("{}:8:", path.display())), "{err}");
    assert!(err.contains("unknown key `workforse`"), "{err}");
    assert!(err.contains("did you mean `workforce`"), "{err}");
}

#[test]
fn toml_syntax_error_names_the_line() {
    let (err, path) = run_bad(
        "syntax.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte == 5.0
"#,
    );
    assert!(
        err.contains(&format!("{}:9:", path.display())),
        "expected line 9:\n{err}"
    );
    assert!(err.contains("invalid TOML"), "{err}");
    assert!(
        err.contains("fte == 5.0"),
        "the offending line is quoted:\n{err}"
    );
}

#[test]
fn wrong_type_names_the_key_and_line() {
    let (err, path) = run_bad(
        "wrong-type.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = "many"
"#,
    );
    assert!(
        err.contains(&format!("{}:9:1: workforce.fte:", path.display())),
        "expected the place of `fte` (line 9, column 1) and its key path:\n{err}"
    );
    assert!(err.contains("expected a number"), "{err}");
    assert!(err.contains("\"many\""), "{err}");
}

#[test]
fn route_shares_must_sum_to_one() {
    let (err, path) = run_bad(
        "routes.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = 5.0

[pathway.routes]
direct_transfer = 0.5
vv = 0.2
onderzoek = 0.2
no_action = 0.2
"#,
    );
    assert!(err.contains("pathway.routes"), "{err}");
    assert!(err.contains("sum to 1"), "{err}");
    assert!(err.contains("got 1.09"), "the actual sum is shown:\n{err}");
    assert!(err.contains(&format!("{}:11:", path.display())), "{err}");
}

#[test]
fn end_before_start_is_an_error() {
    let (err, path) = run_bad(
        "dates.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2024-12-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = 5.0
"#,
    );
    assert!(
        err.contains(&format!("{}:3:1: end:", path.display())),
        "{err}"
    );
    assert!(err.contains("2024-12-31"), "{err}");
    assert!(err.contains("before start 2025-01-01"), "{err}");
}

#[test]
fn unknown_policy_class_suggests_the_right_one() {
    let (err, path) = run_bad(
        "policy.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = 5.0

[policy]
order = ["advice", "triage", "servce", "monitoring"]
"#,
    );
    assert!(err.contains("policy.order[2]"), "{err}");
    assert!(err.contains(&format!("{}:12:", path.display())), "{err}");
    assert!(err.contains("unknown class `servce`"), "{err}");
    assert!(err.contains("did you mean `service`"), "{err}");
}

#[test]
fn missing_required_key_is_reported() {
    let (err, _) = run_bad(
        "no-fte.toml",
        r#"name = "bad"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }
"#,
    );
    assert!(err.contains("workforce.fte"), "{err}");
    assert!(err.contains("required"), "{err}");
}

#[test]
fn missing_scenario_file_is_an_error() {
    let tmp = tempdir();
    let path = tmp.path().join("does-not-exist.toml");
    let err = assert_error(vtsim().arg("run").arg(&path).args([
        "-n",
        "3",
        "--out",
        tmp.path().join("out").to_str().unwrap(),
    ]));
    assert!(err.contains("could not read the scenario file"), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn missing_scenario_file_names_the_cause_once() {
    let tmp = tempdir();
    let path = tmp.path().join("does-not-exist.toml");
    let err = assert_error(vtsim().arg("run").arg(&path).args([
        "-n",
        "3",
        "--out",
        tmp.path().join("out").to_str().unwrap(),
    ]));
    let cause = std::fs::read(&path).unwrap_err().to_string();
    assert_eq!(
        err.matches(&cause).count(),
        1,
        "the cause ({cause}) should appear once:\n{err}"
    );
}

#[test]
fn zero_runs_is_an_error() {
    let tmp = tempdir();
    let err = assert_error(
        vtsim()
            .args(["run", fixture("tiny.toml").to_str().unwrap()])
            .args(["-n", "0", "--out", tmp.path().to_str().unwrap()]),
    );
    assert!(err.contains("--runs"), "{err}");
    assert!(err.contains("got 0"), "{err}");
    assert!(
        entries(tmp.path()).is_empty(),
        "nothing is written on error"
    );
}

// ---------------------------------------------------------------------------
// 6. The embedded default scenario.
// ---------------------------------------------------------------------------

#[test]
fn without_a_scenario_the_embedded_default_runs() {
    let tmp = tempdir();
    vtsim()
        .args(["run", "-n", "3", "--out", tmp.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("zhz-2025-2026 · 3 runs · seed 1"));
    let dir = tmp.path().join("zhz-2025-2026");
    for f in RESULT_FILES {
        assert!(dir.join(f).is_file(), "{f} was not written");
    }
    let s = summary(&dir);
    let origin = s["scenario_origin"].as_str().expect("scenario_origin");
    assert!(origin.contains("embedded"), "scenario_origin: {origin}");
    assert_eq!(s["runs"], 3);
    assert_eq!(s["seed"], 1);
    assert_eq!(s["scenario"]["name"], "zhz-2025-2026");
    assert_eq!(s["scenario"]["start"], "2025-01-01");
    assert_eq!(s["scenario"]["end"], "2026-12-31");
    let (_, daily) = csv_rows(&read(&dir.join("daily.csv")));
    assert_eq!(daily.len(), (365 + 365) * SERIES.len());
}

// ---------------------------------------------------------------------------
// 7. Help.
// ---------------------------------------------------------------------------

#[test]
fn top_level_help_lists_the_run_command() {
    vtsim()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: vtsim"))
        .stdout(predicate::str::contains("Monte Carlo"))
        .stdout(predicate::str::is_match(r"(?m)^\s+run\s+Run a scenario").unwrap());
}

#[test]
fn run_help_documents_the_options() {
    vtsim()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--runs"))
        .stdout(predicate::str::contains("--seed"))
        .stdout(predicate::str::contains("--set"))
        .stdout(predicate::str::contains("--threads"))
        .stdout(predicate::str::contains("--out"))
        .stdout(predicate::str::contains("[SCENARIO]"))
        // Every result file, draws.csv of the uncertain inputs too.
        .stdout(predicate::str::contains("results.xlsx"))
        .stdout(predicate::str::contains("draws.csv"));
    // `vtsim help run` is the same text.
    let a = vtsim().args(["run", "--help"]).output().unwrap();
    let b = vtsim().args(["help", "run"]).output().unwrap();
    assert!(b.status.success());
    assert_eq!(stdout_of(&a), stdout_of(&b));
}

#[test]
fn version_is_printed() {
    vtsim()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("vtsim {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_command_is_a_usage_error() {
    vtsim()
        .assert()
        .failure()
        .stderr(predicate::str::contains("Usage: vtsim"))
        .stderr(predicate::str::contains("panicked").not());
}

// ---------------------------------------------------------------------------
// 8. No temporary folders are left behind.
// ---------------------------------------------------------------------------

#[test]
fn no_temporary_folders_are_left_behind() {
    let tmp = tempdir();
    let only_result = |expected: &[&str]| {
        let e = entries(tmp.path());
        let want: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(e, want, "unexpected entries in the out folder");
        assert!(!e.iter().any(|n| n.starts_with('.')));
    };
    let dir = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        tmp.path(),
        &["-n", "3", "--seed", "1"],
    );
    only_result(&["tiny"]);
    // The result files, and the charts and report drawn from them.
    assert_eq!(
        entries(&dir),
        RESULT_FILES
            .iter()
            .chain(&["charts", "report.html"])
            .map(|s| s.to_string())
            .collect()
    );

    // A second run with --force replaces the first result and leaves
    // nothing else either.
    run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        tmp.path(),
        &["-n", "4", "--seed", "2", "--force"],
    );
    only_result(&["tiny"]);
    // The result files, and the charts and report drawn from them.
    assert_eq!(
        entries(&dir),
        RESULT_FILES
            .iter()
            .chain(&["charts", "report.html"])
            .map(|s| s.to_string())
            .collect()
    );
    let s = summary(&dir);
    assert_eq!(s["runs"], 4);
    assert_eq!(s["seed"], 2);

    // Another scenario beside it.
    run_fixture(
        &fixture("tiny-rich.toml"),
        "tiny-rich",
        tmp.path(),
        &["-n", "3"],
    );
    only_result(&["tiny", "tiny-rich"]);
}

#[test]
fn describe_prints_the_derived_figures() {
    let out = vtsim().args(["describe"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with("zhz-2025-2026 — derived figures for 2025"),
        "{stdout}"
    );
    for label in [
        "absence rate in force",
        "productive hours per FTE per year at that absence",
        "the FTE calculator's divisor (seed 003)",
        "utilisation (demand / capacity with turnover)",
        "expected sick FTE",
        "mean length of long absence spells (solved), days",
    ] {
        assert!(stdout.contains(label), "missing {label}:\n{stdout}");
    }
    // Overrides apply: no absence gives no long-spell mean.
    let out = vtsim()
        .args(["describe", "--set", "workforce.absence.rate=0"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let long = stdout
        .lines()
        .find(|l| l.starts_with("mean length of long absence spells"))
        .unwrap();
    assert!(long.trim_end().ends_with('–'), "{stdout}");
    // Every year of the horizon, with the budget in force: the embedded
    // scenario's budget steps from 63.40 to 58.90 on 1 January 2026.
    let out = vtsim()
        .args(["describe", "--set", "end=2026-12-31"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let budget = stdout
        .lines()
        .find(|l| l.starts_with("budget (formatie) in force"))
        .unwrap();
    let cells: Vec<&str> = budget.split_whitespace().rev().take(2).collect();
    assert_eq!(cells, ["58.90", "63.40"], "{stdout}");
    vtsim()
        .args(["describe", "--set", "workforce.absence.rate=0.01"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("below the medium mean"));
}

// ---------------------------------------------------------------------------
// Windows: observations over their own dates, reporting periods, months.

fn summary_of(dir: &Path) -> serde_json::Value {
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap()
        .join("summary.json");
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn period<'a>(s: &'a serde_json::Value, label: &str) -> &'a serde_json::Value {
    s["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["label"] == label)
        .unwrap_or_else(|| panic!("no period {label}"))
}

#[test]
fn observations_are_compared_over_their_own_window() {
    let tmp = tempdir();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/zhz-2024.toml");
    let out = run_ok(&[
        scenario.to_str().unwrap(),
        "-n",
        "40",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let s = summary_of(tmp.path());
    // The Jan–Aug 2024 observations are the scenario's Burap II period.
    let burap = period(&s, "Burap II");
    assert_eq!(burap["kind"], "reporting");
    assert_eq!(
        (burap["start_date"].as_str(), burap["end_date"].as_str()),
        (Some("2024-01-01"), Some("2024-08-31"))
    );
    let median = |p: &serde_json::Value| p["kpis"]["triage_within_term"]["p"]["p50"].as_f64();
    let jan_aug = median(burap).unwrap();
    assert_ne!(Some(jan_aug), median(period(&s, "2024")));
    // The table's comparison and the report's finding use that window.
    let stdout = stdout_of(&out);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("safety assessments within term, Jan–Aug 2024"))
        .unwrap_or_else(|| panic!("no observation line in\n{stdout}"));
    assert!(line.contains("72%"), "{line}");
    assert!(
        line.contains(&format!("{:.0}% [", jan_aug * 100.0)),
        "{line} vs {jan_aug}"
    );
    let dir = std::fs::read_dir(tmp.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("de doorrekeningen geven in Burap II"),
        "report finding"
    );
}

#[test]
fn reporting_periods_and_months_can_be_set_and_short_periods_are_flagged() {
    let tmp = tempdir();
    let out = run_ok(&[
        fixture("tiny.toml").to_str().unwrap(),
        "-n",
        "4",
        "--no-charts",
        "--set",
        "start=2024-12-02",
        "--set",
        "end=2025-02-28",
        "--set",
        "reporting.months=true",
        "--set",
        "reporting.periods=[{name = \"Winter\", from = 2024-12-15, to = 2025-01-31}]",
        "--out",
        tmp.path().to_str().unwrap(),
    ]);
    let s = summary_of(tmp.path());
    assert_eq!(period(&s, "Winter")["start_date"], "2024-12-15");
    assert_eq!(period(&s, "2025-02")["kind"], "month");
    assert_eq!(period(&s, "2024")["partial"], true);
    assert_eq!(period(&s, "2024-12")["partial"], true);
    assert!(period(&s, "2025-01").get("partial").is_none());
    let stdout = stdout_of(&out);
    let head = stdout.lines().nth(2).unwrap();
    assert!(head.contains("2024 (2–31 Dec)"), "{head}");
    assert!(head.contains("Winter"), "{head}");
}

#[test]
fn a_reporting_period_outside_a_shortened_horizon_is_a_warning_and_not_reported() {
    // The embedded scenario has reporting periods in 2025 and 2026; run
    // over the first half of 2025 only, the 2026 ones are skipped with a
    // warning naming them, the 2025 one inside the horizon is kept.
    let tmp = tempdir();
    let out = vtsim()
        .args(["run", "-n", "2", "--no-charts", "--set", "end=2025-06-30"])
        .arg("--out")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("vtsim: warning:"))
        .collect();
    assert!(!warnings.is_empty(), "{stderr}");
    for w in &warnings {
        assert!(
            w.contains("reporting.periods[") && w.contains("it is not reported"),
            "{w}"
        );
        assert!(w.contains("2026-"), "{w}");
    }
    let s = summary_of(tmp.path());
    let periods: Vec<&str> = s["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert!(!periods.iter().any(|p| p.contains("2026")), "{periods:?}");
}

#[test]
fn a_full_or_closed_stderr_never_aborts_the_run() {
    // Issue 12, class 7: an error, a warning or a note that cannot be
    // printed must not abort vtsim (exit 134); the exit code still tells.
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = || {
        std::process::Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    let tmp = tempdir();
    let code = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("vtsim"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(full())
            .status()
            .unwrap()
            .code()
    };
    // An error (a file that does not exist), a bad argument (clap's own
    // message), and a run whose warnings cannot be printed.
    assert_eq!(code(&["run", "no-such-file.toml"]), Some(2));
    assert_eq!(code(&["run", "--no-such-flag"]), Some(2));
    let out = tmp.path().to_str().unwrap();
    let args = [
        "run",
        "-n",
        "2",
        "--no-charts",
        "--set",
        "end=2025-03-31",
        "--out",
        out,
    ];
    assert_eq!(code(&args), Some(0));
    assert!(tmp.path().join("zhz-2025-2026/summary.json").is_file());
    // A closed stderr, through the shell.
    let bin = assert_cmd::cargo::cargo_bin("vtsim");
    let closed = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' run no-such-file.toml 2>&-", bin.display()))
        .status()
        .unwrap();
    assert_eq!(closed.code(), Some(2));
}

#[test]
fn a_negative_or_decimal_run_count_says_what_is_allowed() {
    // Issue 12, class 12: not clap's tip to write `-- -1`, which would make
    // `-1` the scenario file.
    for n in ["-1", "2.5", "many"] {
        for cmd in [vec!["run"], vec!["compare", "a.toml", "b.toml"]] {
            let out = vtsim().args(&cmd).args(["--runs", n]).output().unwrap();
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("the number of runs is a whole number 1–1000000"),
                "{err}"
            );
            assert!(!err.contains("-- -1"), "{err}");
        }
    }
}

#[test]
fn quiet_prints_no_notes_or_warnings() {
    // Issue 12, class 12: `-q` prints nothing but errors. A second run into
    // the same folder gets `-2` and a note; with a horizon cut short the
    // embedded scenario's 2026 reporting periods give warnings.
    let tmp = tempdir();
    let args = [
        "run",
        "-n",
        "2",
        "--no-charts",
        "-q",
        "--set",
        "end=2025-02-28",
        "--out",
    ];
    for _ in 0..2 {
        let out = vtsim().args(args).arg(tmp.path()).output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    }
    assert!(tmp.path().join("zhz-2025-2026-2").is_dir());
    // Without -q the note is there.
    let loud: Vec<&str> = args.iter().copied().filter(|a| *a != "-q").collect();
    let out = vtsim().args(loud).arg(tmp.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("vtsim: note:") && err.contains("vtsim: warning:"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_does_not_shift_the_first_lines_columns() {
    // Issue 12, class 12: a file saved with a BOM reported column 2 for a
    // key in column 1 of the first line.
    let tmp = tempdir();
    let file = tmp.path().join("bom.toml");
    std::fs::write(
        &file,
        "\u{feff}bogus = 1\nname = \"x\"\nstart = 2025-01-01\nend = 2025-03-31\n",
    )
    .unwrap();
    let out = vtsim()
        .current_dir(tmp.path())
        .args(["run", "bom.toml", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("vtsim: error: bom.toml:1:1: bogus: unknown key"),
        "{err}"
    );
}

#[test]
fn two_runs_into_the_same_name_both_keep_their_results() {
    // Issue 12, class 1: started together, both chose the same free name;
    // neither result may replace the other, and each prints its own folder.
    let tmp = tempdir();
    let spawn = |seed: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("vtsim"))
            .args(["run", fixture("tiny.toml").to_str().unwrap()])
            .args(["-n", "30", "--no-charts", "--seed", seed, "--out"])
            .arg(tmp.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("1"), spawn("2"));
    let mut printed = Vec::new();
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = stdout
            .lines()
            .find(|l| l.starts_with("results in "))
            .unwrap();
        let dir = line["results in ".len()..]
            .split("/ (")
            .next()
            .unwrap()
            .to_string();
        printed.push(dir);
    }
    assert_ne!(printed[0], printed[1]);
    let mut seeds = BTreeSet::new();
    for dir in &printed {
        let s: Value =
            serde_json::from_slice(&std::fs::read(Path::new(dir).join("summary.json")).unwrap())
                .unwrap();
        seeds.insert(s["seed"].as_u64().unwrap());
    }
    assert_eq!(
        seeds,
        BTreeSet::from([1, 2]),
        "each folder holds its own run"
    );
    assert_eq!(entries(tmp.path()).len(), 2);
}

#[test]
fn a_file_size_limit_is_reported_like_a_full_disk() {
    // Issue 12, class 9: under `ulimit -f` SIGXFSZ ended the run without a
    // word and left a partial folder; now the write fails with EFBIG, the
    // error names the file, and nothing is left behind.
    let tmp = tempdir();
    let bin = assert_cmd::cargo::cargo_bin("vtsim");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 20 && exec '{}' run -n 20 -q --no-charts --set end=2025-03-31 --out '{}'",
            bin.display(),
            tmp.path().display()
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not write") && err.contains("too large"),
        "{err}"
    );
    assert!(entries(tmp.path()).is_empty(), "{:?}", entries(tmp.path()));
}

#[test]
fn ctrl_c_at_any_moment_writes_all_or_nothing_and_says_which() {
    // Issue 12, class 11: Ctrl-C while the charts were drawn exited 0 and
    // wrote the result. Now an interrupt before the write begins exits 130
    // with nothing written; one during the write leaves the complete folder
    // and exits 0. Interrupted at several moments, every outcome is one of
    // the two.
    let bin = assert_cmd::cargo::cargo_bin("vtsim");
    let mut interrupted = 0;
    for delay_ms in [50u64, 150, 300, 500, 800, 1200] {
        let tmp = tempdir();
        let child = std::process::Command::new(&bin)
            .args(["run", "-n", "40", "--set", "end=2025-06-30", "--out"])
            .arg(tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        let names = entries(tmp.path());
        match out.status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(names.is_empty(), "{delay_ms} ms: {names:?}");
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(err.contains("no results were written"), "{err}");
            }
            Some(0) => {
                assert_eq!(names.len(), 1, "{delay_ms} ms: {names:?}");
                let dir = tmp.path().join(names.iter().next().unwrap());
                for f in RESULT_FILES.iter().chain(&["report.html"]) {
                    assert!(dir.join(f).is_file(), "{delay_ms} ms: {f} missing");
                }
            }
            other => panic!("{delay_ms} ms: exit {other:?}"),
        }
    }
    assert!(interrupted > 0, "no interrupt landed before the write");
}

#[test]
fn the_reports_own_command_reproduces_what_it_claims() {
    // Issue 12, class 10: the command printed in report.html, run in the
    // result folder, gives the same files the page says, and the report in
    // the same language even when it was drawn with --lang.
    let tmp = tempdir();
    let first = run_fixture(
        &fixture("tiny.toml"),
        "tiny",
        &tmp.path().join("first"),
        &["-n", "6", "--seed", "5", "--lang", "en"],
    );
    // tiny is a Dutch scenario: the English page is report.en.html.
    let html = read(&first.join("report.en.html"));
    let cmd = html
        .split("<section id=\"reproduce\"")
        .nth(1)
        .and_then(|r| r.split("<pre><code>").nth(1))
        .and_then(|r| r.split("</code></pre>").next())
        .unwrap()
        .to_string();
    assert!(
        cmd.starts_with("vtsim run scenario.resolved.toml ") && cmd.contains("--lang en"),
        "{cmd}"
    );
    assert!(html.contains("runs.csv, daily.csv, scenario.resolved.toml and charts, byte for byte"));
    let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
    vtsim()
        .current_dir(&first)
        .args(&args)
        .args(["-q", "--out", "again"])
        .assert()
        .success();
    let again = first.join("again/tiny");
    for f in [
        "runs.csv",
        "daily.csv",
        "scenario.resolved.toml",
        "charts/backlog.svg",
        "charts/compliance.png",
    ] {
        assert!(
            read_bytes(&first.join(f)) == read_bytes(&again.join(f)),
            "{f} differs"
        );
    }
    // The rest differs only in the scenario file named.
    let origin = |t: &str| {
        t.replace(
            fixture("tiny.toml").to_str().unwrap(),
            "scenario.resolved.toml",
        )
    };
    assert_eq!(origin(&html), read(&again.join("report.en.html")));
    assert_eq!(
        origin(&read(&first.join("report.html"))),
        read(&again.join("report.html"))
    );
    assert_eq!(
        origin(&read(&first.join("summary.json"))),
        read(&again.join("summary.json"))
    );
}

#[test]
fn rekentool_reproduces_the_published_calculator_and_describes_a_scenario() {
    let out = vtsim().args(["rekentool", "--published"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // The AB decision's column: 70.40 regional, 77.23 national, gap −7.00.
    for cell in ["70.40", "77.23", "-7.00", "73.33", "80.44"] {
        assert!(text.contains(cell), "{cell} missing:\n{text}");
    }
    let out = vtsim().args(["rekentool"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("zhz-2025-2026 — the FTE calculator"),
        "{text}"
    );
    assert!(text.contains("Gap FTE (budget − regional)"), "{text}");
    // describe shows the same calculator figure.
    let d = vtsim().args(["describe"]).output().unwrap();
    let d = String::from_utf8_lossy(&d.stdout);
    let calc = |t: &str, label: &str| {
        t.lines()
            .find(|l| l.starts_with(label))
            .and_then(|l| l.split_whitespace().nth_back(1).map(str::to_string))
            .unwrap()
    };
    assert_eq!(
        calc(&d, "FTE the calculator asks for"),
        calc(&text, "FTE at the regional norms")
    );
    // A scenario and --published exclude each other.
    let out = vtsim()
        .args(["rekentool", "--published", "x.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn absurd_thread_counts_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    vtsim()
        .args(["run", "-n", "1", "--threads", "100000", "--out"])
        .arg(dir.path())
        .assert()
        .failure()
        .code(2)
        .stderr(predicate::str::contains("at most 256 worker threads"));
    // Nothing was simulated or written.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_endless_or_huge_scenario_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // A valid comment line repeated past the limit.
    let line = "# padding padding padding padding padding padding padding\n";
    let n = (vtsim::scenario::MAX_SCENARIO_BYTES as usize) / line.len() + 2;
    std::fs::write(&big, line.repeat(n)).unwrap();
    vtsim()
        .args(["run", "-n", "1", "--out"])
        .arg(dir.path().join("out"))
        .arg(&big)
        .assert()
        .failure()
        .stderr(predicate::str::contains("big.toml"))
        .stderr(predicate::str::contains("larger than 4 MB"));
    if std::path::Path::new("/dev/zero").exists() {
        vtsim()
            .args(["describe", "/dev/zero"])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .failure()
            .stderr(predicate::str::contains("larger than 4 MB"));
    }
}
