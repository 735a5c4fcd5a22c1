//! `vtsim required`: the search for the value of a parameter at which a
//! KPI meets a target with a given confidence.

use std::sync::atomic::AtomicBool;
use tempfile::TempDir;
use vtsim::montecarlo::RunOptions;
use vtsim::required::{Answer, parse_range, parse_target, required};

const SCENARIO: &str = r#"name = "required-test"
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

fn search(param: &str, target: &str, confidence: f64) -> Result<Answer, vtsim::Error> {
    search_with(&[], param, target, confidence)
}

fn search_with(
    sets: &[&str],
    param: &str,
    target: &str,
    confidence: f64,
) -> Result<Answer, vtsim::Error> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(&p, SCENARIO).unwrap();
    let options = RunOptions {
        runs: 20,
        seed: 5,
        threads: 0,
    };
    required(
        Some(&p),
        &sets,
        &parse_range(param).unwrap(),
        &parse_target(target).unwrap(),
        confidence,
        None,
        options,
        &|_| {},
        &AtomicBool::new(false),
    )
}

#[test]
fn the_answer_meets_the_target_and_the_value_just_short_of_it_does_not() {
    let a = search("workforce.fte=20..50:0.5", "backlog_end<=60", 0.8).unwrap();
    assert!(a.larger_helps);
    // Half a year: the horizon (2025 is cut off, so not a full year).
    assert_eq!(a.period, "horizon");
    let at = |v: f64| a.probes.iter().find(|p| p.value == v).unwrap();
    // The value found meets the target in ≥ 80% of the runs; the other end
    // of the final bracket, within the resolution, does not.
    assert!(at(a.value).share >= 0.8, "{a:?}");
    let (x, y) = a.bracket;
    let other = if x == a.value { y } else { x };
    assert!(at(other).share < 0.8, "{a:?}");
    assert!((a.value - other).abs() <= 0.5 && other < a.value, "{a:?}");
    // On common random numbers the share rises with the staff: the probes,
    // sorted by value, never fall by more than the noise of 20 runs.
    let mut p = a.probes.clone();
    p.sort_by(|u, v| u.value.total_cmp(&v.value));
    for w in p.windows(2) {
        assert!(w[1].share >= w[0].share - 0.15, "{p:?}");
    }
    assert!(p.len() <= vtsim::required::MAX_PROBES);
}

#[test]
fn a_parameter_that_hurts_gives_the_largest_value() {
    // How many meldingen a year 30 FTE carry with a small backlog (seed
    // 003's "63,40 fte = 4400 meldingen" question).
    let a = search(
        "inflow.meldingen.volume.2025=500..4000:25",
        "backlog_end<=60",
        0.5,
    )
    .unwrap();
    assert!(!a.larger_helps, "{a:?}");
    let at = |v: f64| a.probes.iter().find(|p| p.value == v).unwrap().share;
    assert!(at(a.value) >= 0.5);
    let (x, y) = a.bracket;
    let other = if x == a.value { y } else { x };
    assert!(
        other > a.value && other - a.value <= 25.0 && at(other) < 0.5,
        "{a:?}"
    );
}

#[test]
fn an_unreachable_target_says_what_was_reached() {
    let e = search("workforce.fte=20..22", "backlog_end<=0", 0.99)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("not reached in 20..22") && e.contains("at best"),
        "{e}"
    );
    assert!(e.contains("widen the range"), "{e}");
}

#[test]
fn a_term_above_the_staffing_ceiling_is_said_to_be_unreachable_by_staffing() {
    // An elapsed minimum of 60 working days (about 84 days) against a term
    // of 70 days: most onderzoeken are late at any staffing.
    let e = search_with(
        &["stages.onderzoek.min_days.mean=60"],
        "workforce.fte=20..30",
        "onderzoek_within_term>=0.5",
        0.8,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("not reached in 20..30"), "{e}");
    assert!(e.contains("not reachable by staffing in this model"), "{e}");
    assert!(e.contains("with twice the FTE (60)"), "{e}");
    assert!(
        e.contains("stages.onderzoek.min_days, mean 60 working days"),
        "{e}"
    );
    assert!(e.contains("term of 70 days"), "{e}");
    // Widening the range would not help, so it is not advised.
    assert!(!e.contains("widen the range"), "{e}");
}

#[test]
fn a_term_reachable_with_more_staff_asks_for_a_wider_range() {
    // Five FTE cannot keep up, twice the scenario's thirty can.
    let e = search_with(&[], "workforce.fte=5..6", "triage_within_term>=0.5", 0.8)
        .unwrap_err()
        .to_string();
    assert!(e.contains("with twice the FTE (60)"), "{e}");
    assert!(e.contains("widen the range of the search"), "{e}");
    assert!(!e.contains("not reachable by staffing"), "{e}");
}

#[test]
fn a_target_met_across_the_range_gives_its_cheapest_end() {
    let a = search("workforce.fte=60..80:1", "backlog_end<=100000", 0.9).unwrap();
    assert_eq!(a.value, 60.0);
    assert_eq!(a.probes.len(), 2);
}

#[test]
fn the_command_prints_the_probes_and_writes_the_inputs() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("s.toml"), SCENARIO).unwrap();
    let out = assert_cmd::Command::cargo_bin("vtsim")
        .unwrap()
        .current_dir(dir.path())
        .args(["required", "s.toml", "--param", "workforce.fte=20..50:2"])
        .args(["--target", "backlog_end<=60", "-n", "10", "--out", "out"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("The smallest value of workforce.fte"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/required-required-test/required.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["confidence"], 0.8);
    assert!(json["answer"]["value"].as_f64().unwrap() > 20.0);
    for (args, says) in [
        (
            vec!["--target", "backlog_ende<=60"],
            "did you mean `backlog_end`",
        ),
        (
            vec!["--target", "backlog_end<=60", "--confidence", "1.5"],
            "--confidence",
        ),
        (
            vec!["--target", "backlog_end<=60", "--period", "2031"],
            "no period `2031`",
        ),
    ] {
        let out = assert_cmd::Command::cargo_bin("vtsim")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "required",
                "s.toml",
                "--param",
                "workforce.fte=20..50:2",
                "-n",
                "4",
            ])
            .args(&args)
            .args(["--out", "bad"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// MODEL §12's deterministic limit: working-day meldingen at a constant 10
/// a day, fixed 2-hour triages done in a day, everything to direct
/// transfer, no crisis, no absence, turnover, leave or indirect time, 10
/// hours per FTE a working day. Demand is 20 hours a working day, so the
/// staff that carries it is 20 / 10 = 2 FTE, by hand.
const DETERMINISTIC: &str = r#"name = "deterministic"
start = "2025-01-06"
end = "2025-03-28"
[inflow.meldingen]
volume = { 2025 = 2540 }
process = "constant"
arrives_on = "working_days"
[pathway]
crisis_share = 0.0
returned_share = 0.0
urgent_share = 0.0
routes = { direct_transfer = 1.0, vv = 0.0, onderzoek = 0.0, no_action = 0.0 }
[stages.triage]
hours = { dist = "fixed", mean = 2.0 }
min_days = { dist = "fixed", mean = 1.0 }
[workforce]
fte = 3.0
hours_per_fte_day = 10.0
indirect = 0.0
leave = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
absence = { rate = 0.0 }
turnover = { rate = 0.0 }
"#;

#[test]
fn in_the_deterministic_limit_the_answer_is_the_analytic_threshold() {
    let dir = TempDir::new().unwrap();
    let p = dir.path().join("d.toml");
    std::fs::write(&p, DETERMINISTIC).unwrap();
    let resolution = 0.01;
    let a = required(
        Some(&p),
        &[],
        &parse_range(&format!("workforce.fte=1..4:{resolution}")).unwrap(),
        // No melding left waiting at the end: below 2 FTE the backlog grows
        // by (20 − 10·fte) / 2 meldingen each working day (MODEL §12).
        &parse_target("backlog_end<=0").unwrap(),
        0.8,
        None,
        RunOptions {
            // Enough runs for both ends of the quantile's interval (with
            // fewer than 17, 80% has no upper order statistic at 95%).
            runs: 20,
            seed: 1,
            threads: 0,
        },
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    // Capacity = demand at 2 FTE. (Exactly: the last melding is left
    // unstarted once the 60 working days' shortfall reaches one triage,
    // 60 × (20 − 10·fte) ≥ 2, so the threshold is 2 − 1/300 ≈ 1.9967,
    // inside the resolution.)
    assert!((a.value - 2.0).abs() <= resolution, "{a:?}");
    let exact = 2.0 - 2.0 / (60.0 * 10.0);
    assert!(a.value >= exact && a.value - exact <= resolution, "{a:?}");
    // Every run is the same: the share jumps from 0 to 1, and the interval
    // of the per-run thresholds' quantile is the final bracket.
    assert!(a.probes.iter().all(|p| p.share == 0.0 || p.share == 1.0));
    let q = a.quantile.as_ref().unwrap();
    assert_eq!((q.lower, q.upper), (Some(a.value), Some(a.value)), "{q:?}");
    assert_eq!(q.non_monotone, 0);
}

#[test]
fn the_interval_of_the_quantile_holds_the_answer() {
    let a = search("workforce.fte=20..50:0.5", "backlog_end<=60", 0.8).unwrap();
    let q = a.quantile.as_ref().unwrap();
    assert_eq!(q.n, 20);
    assert!(q.ranks.0 <= 16 && q.ranks.1 > 16, "{q:?}");
    let (lo, hi) = (q.lower.unwrap_or(20.0), q.upper.unwrap_or(50.0));
    assert!(lo <= a.value && a.value <= hi, "{q:?} {a:?}");
    // The ranks are the binomial ones: for 200 runs at 80%, 149 and 172.
    assert_eq!(vtsim::required::interval_ranks(200, 0.8, 0.95), (149, 172));
}
