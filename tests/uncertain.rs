//! Uncertain inputs end to end (issue 15, items 4 and 5): a range with
//! `low = high` is the fixed input, the draws have their distribution
//! (tolerances from sampling error, MODEL §12), each input has its own
//! stream, results do not depend on the thread count, a range on the inflow
//! widens the bands, and the driver shares single out the input that
//! matters.

use vtsim::experiment::{Experiment, Results};
use vtsim::montecarlo::RunOptions;
use vtsim::scenario::{Scenario, UncertainInput, load_str};
use vtsim::uncertain::{draw, draws};

const TINY: &str = include_str!("fixtures/tiny.toml");

fn scenario(text: &str) -> Scenario {
    load_str(text, "test.toml", &[]).unwrap()
}

fn run(s: &Scenario, runs: u64, seed: u64, threads: usize) -> Results {
    let options = RunOptions {
        runs,
        seed,
        threads,
    };
    Experiment::new(s.clone(), "test", options)
        .run(&|_| {}, &Default::default())
        .unwrap()
}

fn file<'a>(files: &'a [(&'static str, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| *n == name).unwrap().1
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (
        m,
        x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0),
    )
}

#[test]
fn a_range_with_low_equal_to_high_gives_the_fixed_results() {
    let fixed = scenario(TINY);
    let ranged = scenario(
        &TINY
            .replace("{ 2025 = 600 }", "{ 2025 = { low = 600, high = 600 } }")
            .replace(
                "fte = 10.0",
                "fte = { low = 10.0, mode = 10.0, high = 10.0 }",
            ),
    );
    assert_eq!(ranged.uncertain.len(), 2);
    let a = run(&fixed, 40, 7, 2);
    let b = run(&ranged, 40, 7, 2);
    assert!(b.summary.uncertain_inputs.is_some());
    let (fa, fb) = (a.files().unwrap(), b.files().unwrap());
    // Every replication, every KPI and every daily value is the same; the
    // summary differs only by its uncertain_inputs block.
    for name in ["runs.csv", "daily.csv", "kpis.csv"] {
        assert!(file(&fa, name) == file(&fb, name), "{name} differs");
    }
    assert_eq!(a.summary.periods, b.summary.periods);
    let mut bs = b.summary.clone();
    bs.uncertain_inputs = None;
    assert_eq!(a.summary, bs);
}

#[test]
fn results_with_ranges_are_byte_identical_for_any_thread_count() {
    let s = scenario(
        &TINY
            .replace(
                "{ 2025 = 600 }",
                "{ 2025 = { low = 400, mode = 600, high = 900 } }",
            )
            .replace("fte = 10.0", "fte = { low = 8.0, high = 12.0 }"),
    );
    let one = run(&s, 70, 3, 1).files().unwrap();
    let two = run(&s, 70, 3, 2).files().unwrap();
    for ((n, x), (_, y)) in one.iter().zip(&two) {
        assert!(x == y, "{n} differs between 1 and 2 threads");
    }
}

#[test]
fn the_draws_have_the_mean_and_variance_of_their_distribution() {
    let n = 20_000;
    for (low, mode, high) in [(4400.0, Some(5000.0), 5220.0), (0.6, None, 0.8)] {
        let u = UncertainInput {
            path: "inflow.meldingen.volume.2025".into(),
            low,
            mode,
            high,
        };
        let x: Vec<f64> = (0..n).map(|i| draw(&u, 11, i)).collect();
        assert!(x.iter().all(|v| (low..=high).contains(v)));
        let (m, v) = mean_var(&x);
        // Standard errors from the sample: of the mean sqrt(v/n), of the
        // variance sqrt((m4 − v²)/n).
        let m4 = x.iter().map(|y| (y - m).powi(4)).sum::<f64>() / n as f64;
        let se_m = (v / n as f64).sqrt();
        let se_v = ((m4 - v * v) / n as f64).sqrt();
        assert!(
            (m - u.mean()).abs() < 4.0 * se_m,
            "mean {m} vs {} (se {se_m})",
            u.mean()
        );
        assert!(
            (v - u.variance()).abs() < 4.0 * se_v,
            "variance {v} vs {} (se {se_v})",
            u.variance()
        );
    }
}

#[test]
fn each_input_draws_from_its_own_stream_keyed_by_its_path() {
    let one = scenario(&TINY.replace("fte = 10.0", "fte = { low = 8.0, high = 12.0 }"));
    let both = scenario(
        &TINY
            .replace("{ 2025 = 600 }", "{ 2025 = { low = 400, high = 900 } }")
            .replace("fte = 10.0", "fte = { low = 8.0, high = 12.0 }"),
    );
    // `inflow…` sorts before `workforce.fte`: the position of the FTE
    // changes, its draws do not.
    assert_eq!(both.uncertain[1].path, "workforce.fte");
    let n = 4000;
    let mut fte = Vec::new();
    let mut vol = Vec::new();
    for rep in 0..n {
        let a = draws(&one, 5, rep);
        let b = draws(&both, 5, rep);
        assert_eq!(a[0], b[1]);
        fte.push(b[1]);
        vol.push(b[0]);
    }
    // Other seeds give other draws.
    assert_ne!(draws(&one, 6, 0), draws(&one, 5, 0));
    // The two inputs are independent: their correlation is within
    // 4 standard errors (1/sqrt(n)) of 0, and so is the lag-1
    // autocorrelation of one input across replications.
    let corr = |x: &[f64], y: &[f64]| {
        let (mx, vx) = mean_var(x);
        let (my, vy) = mean_var(y);
        let c: f64 = x
            .iter()
            .zip(y)
            .map(|(a, b)| (a - mx) * (b - my))
            .sum::<f64>()
            / (x.len() as f64 - 1.0);
        c / (vx * vy).sqrt()
    };
    let tol = 4.0 / (n as f64).sqrt();
    assert!(corr(&fte, &vol).abs() < tol);
    assert!(corr(&fte[1..], &fte[..fte.len() - 1]).abs() < tol);
}

/// A region near its capacity, where the inflow decides the backlog.
fn near_capacity(volume: &str) -> Scenario {
    scenario(
        &TINY
            .replace("{ 2025 = 600 }", &format!("{{ {volume} }}"))
            .replace("fte = 10.0", "fte = 5.0"),
    )
}

#[test]
fn a_range_on_the_inflow_widens_the_backlog_band_and_drives_it() {
    let runs = 200;
    let fixed = run(&near_capacity("2025 = 800"), runs, 9, 0);
    let ranged = run(
        &near_capacity(
            "2025 = { low = 500, mode = 800, high = 1100 }, 2026 = { low = 1, high = 2000 }",
        ),
        runs,
        9,
        0,
    );
    let sd = |r: &Results| mean_var(&r.runs.values("horizon", "backlog_end")).1.sqrt();
    let (a, b) = (sd(&fixed), sd(&ranged));
    // The variance ratio of two samples of 200 exceeds 1.4 by chance with
    // probability below 1% (F distribution, 199 and 199 degrees of
    // freedom); the range makes it far larger.
    assert!(
        b * b > 1.4 * a * a,
        "sd of backlog_end {a} fixed vs {b} with the range"
    );
    let block = ranged.summary.uncertain_inputs.as_ref().unwrap();
    let (driver, share) = block.driver("backlog_end").unwrap();
    assert_eq!(driver.path, "inflow.meldingen.volume.2025");
    let chance = block.chance_level.unwrap();
    assert!(share > 20.0 * chance, "share {share}, chance {chance}");
    // The 2026 volume is not used by a horizon in 2025: its share is at the
    // level of chance ((n − 1) r² is about χ²(1), above 10.83 with
    // probability 0.1%).
    let inert = block
        .inputs
        .iter()
        .find(|i| i.path == "inflow.meldingen.volume.2026")
        .unwrap();
    for (k, s) in &inert.share_of_variance {
        if let Some(s) = s {
            assert!(*s < 10.83 * chance, "{k}: {s}");
        }
    }
    // The block reads back from summary.json as written.
    let files = ranged.files().unwrap();
    let text = std::str::from_utf8(file(&files, "summary.json")).unwrap();
    let back: vtsim::summary::ResultSummary = serde_json::from_str(text).unwrap();
    assert_eq!(back.uncertain_inputs.as_ref(), Some(block));
}

#[test]
fn draws_csv_holds_each_runs_values_and_only_with_ranges() {
    let s = scenario(
        &TINY
            .replace("{ 2025 = 600 }", "{ 2025 = { low = 400, high = 900 } }")
            .replace("fte = 10.0", "fte = { low = 8.0, mode = 9.0, high = 12.0 }"),
    );
    let r = run(&s, 5, 2, 1);
    let files = r.files().unwrap();
    let text = std::str::from_utf8(file(&files, "draws.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "run,inflow.meldingen.volume.2025,workforce.fte");
    assert_eq!(lines.len(), 6);
    for (rep, line) in lines[1..].iter().enumerate() {
        let cells: Vec<f64> = line.split(',').map(|c| c.parse().unwrap()).collect();
        let want = draws(&s, 2, rep as u64);
        assert_eq!(cells[0], rep as f64);
        for (got, want) in cells[1..].iter().zip(&want) {
            assert!((got - want).abs() <= want.abs() * 1e-9, "{got} vs {want}");
        }
    }
    let fixed = run(&scenario(TINY), 5, 2, 1).files().unwrap();
    assert!(fixed.iter().all(|(n, _)| *n != "draws.csv"));
}

#[test]
fn required_explain_refuses_uncertain_inputs() {
    let dir = std::env::temp_dir().join(format!("vtsim-uncertain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ranged.toml");
    std::fs::write(
        &file,
        TINY.replace("{ 2025 = 600 }", "{ 2025 = { low = 500, high = 700 } }"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vtsim"))
        .args(["required", "--param", "workforce.fte=2..20"])
        .args([
            "--target",
            "triage_within_term>=0.8",
            "-n",
            "8",
            "--explain",
        ])
        .arg("--out")
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--explain: the decomposition needs fixed inputs, and inflow.meldingen.volume.2025 is given as a range"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
