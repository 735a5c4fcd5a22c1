//! `vtsim compare` (MODEL §9, §11): common random numbers, paired
//! differences, the probability of being better, cost per percentage point,
//! the Monte Carlo guidance, and the files and report it writes.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use tempfile::TempDir;
use vtsim::compare::{Comparison, Direction, compare, direction};
use vtsim::engine::{Model, simulate};
use vtsim::metrics::kpi_index;
use vtsim::montecarlo::RunOptions;
use vtsim::scenario::{Scenario, load_str};

/// Half a year, loaded so that staffing changes the terms.
const BASE: &str = r#"
name = "base"
start = "2025-01-01"
end = "2025-06-30"
warmup_days = 60
[inflow.meldingen]
volume = { 2025 = 2400 }
[inflow.adviezen]
volume = { 2025 = 1200 }
[workforce]
fte = 34.0
"#;

fn scenario(extra: &str, name: &str) -> Scenario {
    let text = format!("{BASE}\n{extra}");
    let mut s = load_str(&text, "test", &[]).unwrap();
    s.name = name.to_string();
    s
}

fn run(arms: Vec<Scenario>, runs: u64, threads: usize) -> Comparison {
    let arms = arms
        .into_iter()
        .map(|s| {
            let o = format!("{}.toml", s.name);
            (s, o)
        })
        .collect();
    let options = RunOptions {
        runs,
        seed: 7,
        threads,
    };
    compare(arms, options, &|_| {}, &AtomicBool::new(false)).unwrap()
}

fn kpi(c: &Comparison, arm: usize, rep: usize, period: &str, name: &str) -> f64 {
    let p = c.periods.iter().position(|p| p.label == period).unwrap();
    c.arms[arm]
        .outcome
        .kpis
        .get(rep, p, kpi_index(name).unwrap())
}

#[test]
fn a_scenario_compared_with_itself_differs_by_zero_in_every_run() {
    let c = run(vec![scenario("", "base"), scenario("", "twin")], 12, 2);
    // Replication by replication, every KPI of every period is the same.
    for (a, b) in c.arms[0].outcome.kpis.iter().zip(&c.arms[1].outcome.kpis) {
        for (pa, pb) in a.iter().zip(b) {
            for (x, y) in pa.iter().zip(pb) {
                assert!(x.to_bits() == y.to_bits(), "{x} vs {y}");
            }
        }
    }
    let twin: Vec<_> = c.rows.iter().filter(|r| r.scenario == "twin").collect();
    assert!(twin.len() > 50, "{} rows", twin.len());
    for r in twin {
        if r.pairs == 0 {
            continue;
        }
        assert_eq!(r.pairs, 12, "{} {}", r.kpi, r.period);
        for (what, v) in [
            ("median", r.diff_median),
            ("lo", r.diff_lo),
            ("hi", r.diff_hi),
            ("mean", r.diff_mean),
            ("se", r.diff_mean_se),
            ("cost", r.cost_diff),
        ] {
            assert_eq!(v, 0.0, "{} {} {what}", r.kpi, r.period);
        }
        assert!(!r.resolved, "{} {}", r.kpi, r.period);
        assert_eq!(r.runs_needed, None, "{} {}", r.kpi, r.period);
        if direction(&r.kpi) != Direction::Neither {
            // Ties are neither better nor worse.
            assert_eq!((r.p_better, r.p_worse), (0.0, 0.0), "{}", r.kpi);
        }
    }
}

#[test]
fn staffing_changes_leave_the_arrivals_of_every_run_identical() {
    let more = r#"
[[measures]]
name = "Inhuur"
kind = "emergency"
start = "2025-02-01"
end = "2025-05-31"
ramp_days = 10
cost_per_year = 365000
effects = [ { effect = "temporary_staff", fte = 4.0, lead_days = 5 },
            { effect = "indirect", value = 0.15 } ]
[[measures]]
name = "Formatie"
kind = "structural"
start = "2025-03-01"
effects = [ { effect = "budget", fte = 16.0 } ]
"#;
    let base = scenario("", "base");
    let staffed = scenario(more, "staffed");
    // Case by case: the same meldingen, received on the same days, of the
    // same kind, with the same deadlines.
    let (mb, ms) = (Model::new(&base).unwrap(), Model::new(&staffed).unwrap());
    let key = |m: &Model, rep| {
        simulate(m, 7, rep)
            .cases
            .iter()
            .map(|c| (c.receipt, c.kind, c.triage_deadline))
            .collect::<Vec<_>>()
    };
    for rep in 0..3 {
        let (a, b) = (key(&mb, rep), key(&ms, rep));
        assert!(a.len() > 1000);
        assert_eq!(a, b, "replication {rep}");
    }
    let c = run(vec![base, staffed], 10, 0);
    for rep in 0..10 {
        for p in ["2025", "2025-Q1", "2025-Q2"] {
            for k in ["meldingen_in", "adviezen_in", "crisis"] {
                assert_eq!(
                    kpi(&c, 0, rep, p, k),
                    kpi(&c, 1, rep, p, k),
                    "{rep} {p} {k}"
                );
            }
        }
    }
    // The extra staff work: fewer cases wait at the end of the measure in
    // every run (a test with teeth).
    let r = c.row("staffed", "2025-Q2", "waiting_triage_end").unwrap();
    assert!(r.diff_mean < 0.0, "{r:?}");
}

#[test]
fn an_inflow_measure_keeps_common_random_numbers() {
    let fewer = r#"
[[measures]]
name = "Minder meldingen"
kind = "structural"
start = "2025-01-01"
effects = [ { effect = "inflow_scale", stream = "meldingen", factor = 0.8 } ]
"#;
    let (base, low) = (scenario("", "base"), scenario(fewer, "low"));
    let (mb, ml) = (Model::new(&base).unwrap(), Model::new(&low).unwrap());
    for rep in 0..3 {
        let a = simulate(&mb, 7, rep);
        let b = simulate(&ml, 7, rep);
        // On every day of the horizon, the lower inflow's meldingen are the
        // first of the base's meldingen of that day, kind for kind.
        let first = mb.plan.start;
        let by_day = |r: &vtsim::engine::Replication| {
            let mut m = std::collections::BTreeMap::<_, Vec<_>>::new();
            for c in r.cases.iter().filter(|c| !c.initial && c.receipt >= first) {
                m.entry(c.receipt).or_default().push(c.kind);
            }
            m
        };
        let (da, db) = (by_day(&a), by_day(&b));
        let mut dropped = 0;
        for (day, kinds) in &da {
            let low = db.get(day).map(Vec::as_slice).unwrap_or(&[]);
            assert!(low.len() <= kinds.len(), "rep {rep} day {day}");
            assert_eq!(low, &kinds[..low.len()], "rep {rep} day {day}");
            dropped += kinds.len() - low.len();
        }
        assert!(dropped > 100, "the measure removes arrivals: {dropped}");
        // Adviezen are not scaled: the same every day.
        assert_eq!(a.advice_in, b.advice_in, "rep {rep}");
    }
}

#[test]
fn more_staff_is_better_with_certainty_and_is_priced_per_point() {
    let staff = r#"
[[measures]]
name = "Inhuur 8 fte"
kind = "emergency"
start = "2025-01-01"
cost_per_year = 730000
effects = [ { effect = "temporary_staff", fte = 8.0 } ]
"#;
    let c = run(vec![scenario("", "base"), scenario(staff, "staff")], 20, 0);
    let t = c.row("staff", "2025", "triage_within_term").unwrap();
    let b = c.row("staff", "2025", "backlog_end").unwrap();
    assert!(t.diff_median > 0.05, "{t:?}");
    assert_eq!(t.p_better, 1.0, "{t:?}");
    assert!(t.resolved && b.resolved);
    assert!(b.diff_median < 0.0 && b.p_better == 1.0, "{b:?}");
    // Cost: 730 000 a year over the 181 days of the horizon.
    let cost = 730_000.0 / 365.0 * 181.0;
    assert!((t.cost - cost).abs() < 1e-6 && (t.cost_diff - cost).abs() < 1e-6);
    // € per percentage point = extra cost / median gain in points.
    let e = t.euro_per_pp.unwrap();
    assert!((e - cost / (t.diff_median * 100.0)).abs() < 1e-6, "{e}");
    // The base has no cost and is not priced against itself.
    let base = c.row("base", "2025", "triage_within_term").unwrap();
    assert_eq!((base.cost, base.euro_per_pp), (0.0, None));
    // The probability of being better counts the runs where it is.
    let wins = (0..20)
        .filter(|&r| {
            kpi(&c, 1, r, "2025", "triage_within_term")
                > kpi(&c, 0, r, "2025", "triage_within_term")
        })
        .count();
    assert_eq!(t.p_better, wins as f64 / 20.0);
}

#[test]
fn a_difference_within_the_noise_is_flagged_with_the_runs_needed() {
    // Half an hour a week less indirect time: a real but tiny effect.
    let tiny = r#"
[[measures]]
name = "Iets minder indirect"
kind = "structural"
start = "2025-01-01"
effects = [ { effect = "indirect", value = 0.195 } ]
"#;
    let c = run(vec![scenario("", "base"), scenario(tiny, "tiny")], 6, 0);
    let unresolved: Vec<_> = c
        .rows
        .iter()
        .filter(|r| r.scenario == "tiny" && direction(&r.kpi) != Direction::Neither)
        .filter(|r| !r.resolved && r.diff_mean != 0.0)
        .collect();
    assert!(!unresolved.is_empty());
    for r in unresolved {
        // Not resolved: the 95% interval of the mean contains 0 ...
        assert!(r.diff_mean.abs() <= 1.96 * r.diff_mean_se, "{r:?}");
        // ... and the runs needed shrink that interval to the mean.
        let n = r.runs_needed.unwrap() as f64;
        let half_then = 1.96 * r.diff_mean_se * (r.pairs as f64 / n).sqrt();
        assert!(half_then <= r.diff_mean.abs() * 1.0001, "{r:?}");
        assert!(n >= r.pairs as f64);
    }
    let table = vtsim::compare::table(&c);
    assert!(table.contains(" ?"), "{table}");
    assert!(table.contains("more runs could change"), "{table}");
}

#[test]
fn the_results_do_not_depend_on_the_thread_count() {
    let staff = r#"
[[measures]]
name = "Overwerk"
kind = "emergency"
start = "2025-02-01"
end = "2025-04-30"
ramp_days = 14
effects = [ { effect = "overtime", share = 0.1 } ]
"#;
    let make = || vec![scenario("", "base"), scenario(staff, "overwerk")];
    let one = run(make(), 9, 1);
    let two = run(make(), 9, 2);
    assert_eq!(
        vtsim::compare::json(&one).unwrap(),
        vtsim::compare::json(&two).unwrap()
    );
    assert_eq!(
        vtsim::compare::csv(&one).unwrap(),
        vtsim::compare::csv(&two).unwrap()
    );
}

#[test]
fn scenarios_that_cannot_be_compared_are_refused() {
    let opts = RunOptions {
        runs: 2,
        seed: 1,
        threads: 1,
    };
    let cancel = AtomicBool::new(false);
    let one = vec![(scenario("", "a"), "a.toml".to_string())];
    let e = compare(one, opts, &|_| {}, &cancel)
        .unwrap_err()
        .to_string();
    assert!(e.contains("at least two scenarios"), "{e}");
    let same = vec![
        (scenario("", "a"), "a.toml".to_string()),
        (scenario("", "a"), "b.toml".to_string()),
    ];
    let e = compare(same, opts, &|_| {}, &cancel)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("two scenarios are named \"a\"") && e.contains("b.toml"),
        "{e}"
    );
    let mut longer = scenario("", "b");
    longer.end = "2025-09-30".parse().unwrap();
    let other = vec![
        (scenario("", "a"), "a.toml".to_string()),
        (longer, "b.toml".to_string()),
    ];
    let e = compare(other, opts, &|_| {}, &cancel)
        .unwrap_err()
        .to_string();
    assert!(e.contains("other periods than the base"), "{e}");
}

// --- The command and its files ------------------------------------------

fn vtsim() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("vtsim").unwrap();
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// The files of a comparison of the base with a temporary-staff variant.
fn compare_cli(threads: &str) -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "base.toml", BASE);
    write(
        dir.path(),
        "inhuur.toml",
        r#"extends = "base.toml"
name = "inhuur"
title = "Inhuur"
[[measures]]
name = "Inhuur 4 fte"
kind = "emergency"
start = "2025-02-01"
end = "2025-05-31"
ramp_days = 14
cost_per_year = 500000
effects = [ { effect = "temporary_staff", fte = 4.0, productivity = 0.8, lead_days = 7 } ]
"#,
    );
    vtsim()
        .current_dir(dir.path())
        .args(["compare", "base.toml", "inhuur.toml", "--runs", "8", "-q"])
        .args(["--threads", threads, "--out", "out"])
        .assert()
        .success()
        .stdout("");
    let out = dir.path().join("out/compare-base-vs-inhuur");
    (dir, out)
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')?;
    Some(tag[i..i + j].to_string())
}

#[test]
fn compare_writes_its_files_and_the_report_shows_the_numbers_of_compare_json() {
    let (_dir, out) = compare_cli("2");
    for f in [
        "compare.csv",
        "compare.json",
        "report.html",
        "scenario.base.resolved.toml",
        "scenario.inhuur.resolved.toml",
        "charts/compare-backlog.png",
        "charts/compare-backlog.svg",
        "charts/compare-quarters.png",
        "charts/compare-distribution.svg",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The resolved variant is complete: the base's values and its measure.
    let resolved = std::fs::read_to_string(out.join("scenario.inhuur.resolved.toml")).unwrap();
    let s = load_str(&resolved, "resolved", &[]).unwrap();
    assert_eq!((s.name.as_str(), s.measures.len()), ("inhuur", 1));
    assert_eq!(s.workforce.fte, Some(34.0));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["runs"], 8);
    assert_eq!(json["base"], "base");
    assert_eq!(json["scenarios"].as_array().unwrap().len(), 2);
    let rows = json["rows"].as_array().unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let mut seen = 0;
    for tag in html.split("<tr ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let Some(kpi) = attr(tag, "data-kpi") else {
            continue;
        };
        let (scenario, period) = (
            attr(tag, "data-scenario").unwrap(),
            attr(tag, "data-period").unwrap(),
        );
        let row = rows
            .iter()
            .find(|r| {
                r["scenario"] == scenario.as_str()
                    && r["period"] == period.as_str()
                    && r["kpi"] == kpi.as_str()
            })
            .unwrap_or_else(|| panic!("{scenario} {period} {kpi} not in compare.json"));
        for (a, k) in [
            ("data-median", "median"),
            ("data-diff-median", "diff_median"),
            ("data-diff-lo", "diff_lo"),
            ("data-diff-hi", "diff_hi"),
            ("data-p-better", "p_better"),
            ("data-cost", "cost"),
        ] {
            let shown = attr(tag, a).unwrap();
            match row[k].as_f64() {
                // Through the same parser as compare.json, so that equal
                // texts give equal numbers.
                Some(v) => assert_eq!(
                    serde_json::from_str::<f64>(&shown).unwrap(),
                    v,
                    "{scenario} {period} {kpi} {k}"
                ),
                None => assert_eq!(shown, "", "{scenario} {period} {kpi} {k}"),
            }
        }
        seen += 1;
    }
    assert!(seen >= 12, "{seen} rows in the report");
    // Every chart is in the page, and the findings are the same sentences.
    for name in [
        "compare-backlog",
        "compare-quarters",
        "compare-distribution",
    ] {
        assert!(html.contains(&format!("id=\"chart-{name}\"")), "{name}");
    }
    for f in json["findings"].as_array().unwrap() {
        let f = f
            .as_str()
            .unwrap()
            .replace('&', "&amp;")
            .replace('"', "&quot;");
        assert!(html.contains(&f.replace('\'', "&#39;")), "{f}");
    }
    // compare.csv holds the same rows.
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert_eq!(csv.lines().count(), rows.len() + 1);
}

#[test]
fn compare_outputs_are_byte_identical_for_any_thread_count() {
    let (_a, one) = compare_cli("1");
    let (_b, two) = compare_cli("2");
    for f in [
        "compare.csv",
        "compare.json",
        "report.html",
        "charts/compare-quarters.svg",
    ] {
        assert!(
            std::fs::read(one.join(f)).unwrap() == std::fs::read(two.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn compare_needs_two_scenarios_and_says_so() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "base.toml", BASE);
    vtsim()
        .current_dir(dir.path())
        .args(["compare", "base.toml", "--out", "out"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SCENARIO"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn scenarios_are_named_by_what_differs_in_their_titles() {
    let titled = |name: &str, title: &str| {
        let mut s = scenario("", name);
        s.title = title.to_string();
        s
    };
    let c = run(
        vec![
            titled("base", "VT Regio 2025: besluit"),
            titled("a", "VT Regio 2025: richting A"),
        ],
        2,
        1,
    );
    assert_eq!(c.labels(), ["besluit", "richting A"]);
    // A variant that inherited its base's title is named by its name.
    let c = run(
        vec![titled("base", "VT Regio"), titled("a", "VT Regio")],
        2,
        1,
    );
    assert_eq!(c.labels(), ["base", "a"]);
    // Titles with nothing in common stay whole; a multi-byte character at
    // the cut does not break it.
    let c = run(vec![titled("base", "Één: x"), titled("a", "Eén: y")], 2, 1);
    assert_eq!(c.labels(), ["Één: x", "Eén: y"]);
}

#[test]
fn the_findings_say_which_helps_by_how_much_at_what_cost_and_how_sure() {
    let staff = r#"
[[measures]]
name = "Inhuur 8 fte"
kind = "emergency"
start = "2025-01-01"
cost_per_year = 730000
effects = [ { effect = "temporary_staff", fte = 8.0 } ]
"#;
    let mut base = scenario("", "base");
    base.title = "Regio: besluit".into();
    let mut more = scenario(staff, "staff");
    more.title = "Regio: inhuur".into();
    let c = run(vec![base, more], 20, 0);
    let nl = vtsim::compare::findings(&c, vtsim::scenario::Language::Nl);
    let t = c.row("staff", "2025", "triage_within_term").unwrap();
    let first = &nl[0];
    assert!(
        first.starts_with("Met ‘inhuur’ is de kans 100% dat meer veiligheidsbeoordelingen"),
        "{first}"
    );
    assert!(first.contains("dan in ‘besluit’"), "{first}");
    let points = format!("+{:.0} procentpunt", t.diff_median * 100.0);
    assert!(first.contains(&points), "{first}");
    let euros = vtsim::compare::euros(t.euro_per_pp.unwrap(), vtsim::scenario::Language::Nl);
    assert!(
        first.contains(&format!("voor {euros} per procentpunt")),
        "{first}"
    );
    assert!(
        nl.iter().any(|f| f.starts_with("De wachtlijst eind 2025")),
        "{nl:?}"
    );
    let en = vtsim::compare::findings(&c, vtsim::scenario::Language::En);
    assert!(
        en[0].starts_with("With ‘inhuur’ the probability is 100%"),
        "{}",
        en[0]
    );
}
