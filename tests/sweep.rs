//! `vtsim sweep`: points on common random numbers, the rows it reports,
//! and the files and errors of the command.

use std::sync::atomic::AtomicBool;
use tempfile::TempDir;
use vtsim::montecarlo::RunOptions;
use vtsim::sweep::{parse_param, sweep};

const SCENARIO: &str = r#"name = "sweep-test"
start = "2025-01-01"
end = "2025-06-30"
warmup_days = 60
[inflow.meldingen]
volume = { 2025 = 2400 }
[inflow.adviezen]
volume = { 2025 = 1200 }
[workforce]
fte = 30.0
"#;

fn file() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(&p, SCENARIO).unwrap();
    (dir, p)
}

fn run(params: &[&str], runs: u64, threads: usize) -> vtsim::sweep::Sweep {
    let (_dir, p) = file();
    let params = params.iter().map(|s| parse_param(s).unwrap()).collect();
    let options = RunOptions {
        runs,
        seed: 3,
        threads,
    };
    sweep(
        Some(&p),
        &[],
        params,
        options,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn get<'a>(
    s: &'a vtsim::sweep::Sweep,
    pt: &[f64],
    period: &str,
    kpi: &str,
) -> &'a vtsim::sweep::Row {
    s.rows
        .iter()
        .find(|r| r.point == pt && r.period == period && r.kpi == kpi)
        .unwrap()
}

#[test]
fn every_point_sees_the_same_meldingen_and_more_staff_shrinks_the_backlog() {
    let s = run(&["workforce.fte=26..38:4"], 12, 0);
    assert_eq!(
        s.rows.len(),
        4 * s.periods.len() * vtsim::metrics::KPIS.len()
    );
    // Common random numbers: staffing does not change the arrivals, so the
    // whole distribution of meldingen received is the same at every point.
    let first = get(&s, &[26.0], "2025", "meldingen_in").clone();
    for fte in [30.0, 34.0, 38.0] {
        let r = get(&s, &[fte], "2025", "meldingen_in");
        assert_eq!(
            (r.median, r.p5, r.p95, r.mean),
            (first.median, first.p5, first.p95, first.mean)
        );
    }
    // More staff: a smaller backlog at the end and more triages on time.
    let backlog: Vec<f64> = [26.0, 30.0, 34.0, 38.0]
        .iter()
        .map(|f| get(&s, &[*f], "2025", "backlog_end").mean)
        .collect();
    assert!(backlog.windows(2).all(|w| w[1] < w[0]), "{backlog:?}");
    let p: Vec<f64> = [26.0, 38.0]
        .iter()
        .map(|f| {
            get(&s, &[*f], "2025", "triage_within_term_intake")
                .p_norm
                .unwrap()
        })
        .collect();
    assert!(p[1] >= p[0], "{p:?}");
    // The norm rows carry the norm; others none.
    assert_eq!(
        get(&s, &[26.0], "2025", "onderzoek_within_term").norm,
        Some(0.85)
    );
    assert_eq!(get(&s, &[26.0], "2025", "backlog_end").p_norm, None);
}

#[test]
fn a_grid_runs_every_combination_and_does_not_depend_on_threads() {
    let a = run(
        &["workforce.fte=28,34", "workforce.absence.rate=0.05,0.12"],
        5,
        1,
    );
    let b = run(
        &["workforce.fte=28,34", "workforce.absence.rate=0.05,0.12"],
        5,
        2,
    );
    assert_eq!(
        vtsim::sweep::csv(&a).unwrap(),
        vtsim::sweep::csv(&b).unwrap()
    );
    let pts: std::collections::BTreeSet<String> =
        a.rows.iter().map(|r| format!("{:?}", r.point)).collect();
    assert_eq!(pts.len(), 4);
    // Higher absence, fewer present staff.
    let sick = |pt: &[f64]| get(&a, pt, "2025", "sick_fte_mean").mean;
    assert!(sick(&[28.0, 0.12]) > sick(&[28.0, 0.05]));
}

fn vtsim() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("vtsim").unwrap();
    c.env_remove("RUST_BACKTRACE");
    c
}

#[test]
fn the_command_writes_its_files_and_refuses_bad_parameters_before_running() {
    let (dir, _p) = file();
    let out = vtsim()
        .current_dir(dir.path())
        .args([
            "sweep",
            "s.toml",
            "--param",
            "workforce.fte=28..32:2",
            "-n",
            "4",
            "--out",
            "out",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("sweep · sweep-test · 4 runs per point"),
        "{stdout}"
    );
    let folder = dir.path().join("out/sweep-sweep-test");
    for f in [
        "sweep.csv",
        "sweep.json",
        "scenario.resolved.toml",
        "report.html",
        "charts/sweep-triage.png",
        "charts/sweep-triage.svg",
        "charts/sweep-backlog.svg",
    ] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    for v in ["28", "30", "32"] {
        assert!(
            html.contains(&format!("<th scope=\"row\" class=\"num\">{v}</th>")),
            "{v}"
        );
    }
    let csv = std::fs::read_to_string(folder.join("sweep.csv")).unwrap();
    assert!(csv.starts_with("workforce.fte,period,kind,kpi,runs,median,"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(
        json["params"][0]["values"],
        serde_json::json!([28.0, 30.0, 32.0])
    );
    assert_eq!(json["seed"], 1);
    for (param, says) in [
        ("workforce.ftee=1,2", "workforce.ftee"),
        ("workforce.fte=10..5:1", "is empty"),
        ("workforce.fte=-5,5", "workforce.fte"),
        ("pathway.routes=1,2", "pathway.routes"),
    ] {
        let out = vtsim()
            .current_dir(dir.path())
            .args([
                "sweep", "s.toml", "--param", param, "-n", "2", "--out", "bad",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{param}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{param}: {err}");
        assert!(
            !dir.path().join("bad").exists(),
            "{param}: nothing is written"
        );
    }
    let out = vtsim()
        .current_dir(dir.path())
        .args([
            "sweep", "s.toml", "--param", "a=1", "--param", "b=1", "--param", "c=1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_measures_size_can_be_swept_by_its_index() {
    // `measures[0].effects[0].fte`: the bridging staff of a measure.
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("m.toml");
    std::fs::write(
        &p,
        format!(
            "{SCENARIO}\n[[measures]]\nname = \"Inhuur\"\nkind = \"emergency\"\nstart = 2025-01-01\n\
             effects = [ {{ effect = \"temporary_staff\", fte = 1.0 }} ]\n"
        ),
    )
    .unwrap();
    let params = vec![parse_param("measures[0].effects[0].fte=1,8").unwrap()];
    let options = RunOptions {
        runs: 6,
        seed: 3,
        threads: 0,
    };
    let s = sweep(
        Some(&p),
        &[],
        params,
        options,
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let backlog = |v: f64| get(&s, &[v], "horizon", "backlog_end").mean;
    assert!(
        backlog(8.0) < backlog(1.0),
        "{} vs {}",
        backlog(8.0),
        backlog(1.0)
    );
}

#[test]
fn more_staff_does_not_lower_a_runs_compliance_on_common_random_numbers() {
    // Issue 11, item 5: replication by replication (the same meldingen,
    // the same absence and turnover draws), 4 FTE more never lowers the share
    // of meldingen triaged within term (by intake) by more than 2 points,
    // and lowers it at all in at most a tenth of the runs. (Not exactly
    // monotone: other staff draws change the order in which work is done.)
    let (_dir, p) = file();
    let params = vec![parse_param("workforce.fte=26,30,34,38").unwrap()];
    let k = vtsim::metrics::kpi_index("triage_within_term_intake").unwrap();
    let options = RunOptions {
        runs: 30,
        seed: 9,
        threads: 0,
    };
    let mut per_point = Vec::new();
    for pt in vtsim::sweep::points(&params) {
        let s = vtsim::sweep::scenario_at(Some(&p), &[], &params, &pt).unwrap();
        let m = vtsim::engine::Model::new(&s).unwrap();
        let o = vtsim::montecarlo::run(&m, options, &|_| {}).unwrap();
        let year = o.periods.iter().position(|w| w.label == "horizon").unwrap();
        per_point.push(o.kpis.iter().map(|r| r[year][k]).collect::<Vec<f64>>());
    }
    let mut lower = 0;
    let mut pairs = 0;
    for w in per_point.windows(2) {
        for (a, b) in w[0].iter().zip(&w[1]) {
            pairs += 1;
            assert!(b - a >= -0.02, "a run lost {:.3} with more staff", a - b);
            if b < a {
                lower += 1;
            }
        }
    }
    assert!(
        lower * 10 <= pairs,
        "{lower} of {pairs} runs lower with more staff"
    );
    // And the test has teeth: compliance does rise.
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(mean(&per_point[3]) > mean(&per_point[0]) + 0.1);
}
