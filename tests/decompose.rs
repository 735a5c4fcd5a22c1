//! `vtsim required --explain`: the chain from the calculator's FTE to the
//! simulation's, its waterfall chart, and the command's files.

use std::sync::atomic::AtomicBool;
use tempfile::TempDir;
use vtsim::decompose::{Decomposition, Mechanism, decompose, variant};
use vtsim::montecarlo::RunOptions;
use vtsim::required::{Answer, Range, Search, Target, parse_range, parse_target, required, search};
use vtsim::scenario::Language;

const SCENARIO: &str = r#"name = "decompose-test"
start = "2025-01-01"
end = "2025-06-30"
warmup_days = 60
[inflow.meldingen]
volume = { 2025 = 2400 }
[inflow.adviezen]
volume = { 2025 = 1200 }
[effort]
norm_share = 0.7
[workforce]
fte = 30.0
"#;

const OPTIONS: RunOptions = RunOptions {
    runs: 10,
    seed: 7,
    threads: 0,
};

fn file(dir: &TempDir) -> std::path::PathBuf {
    let p = dir.path().join("s.toml");
    std::fs::write(&p, SCENARIO).unwrap();
    p
}

fn run(
    sets: &[String],
) -> (
    Range,
    Target,
    Answer,
    Decomposition,
    std::path::PathBuf,
    TempDir,
) {
    let dir = TempDir::new().unwrap();
    let p = file(&dir);
    let range = parse_range("workforce.fte=20..50:0.5").unwrap();
    let target = parse_target("backlog_end<=60").unwrap();
    let cancel = AtomicBool::new(false);
    let answer = required(
        Some(&p),
        sets,
        &range,
        &target,
        0.8,
        None,
        OPTIONS,
        &|_| {},
        &cancel,
    )
    .unwrap();
    let q = Search {
        range: &range,
        target: &target,
        confidence: 0.8,
        period: None,
        options: OPTIONS,
        interval: false,
    };
    let d = decompose(Some(&p), sets, q, &answer, &|_| {}, &cancel).unwrap();
    (range, target, answer, d, p, dir)
}

#[test]
fn the_steps_telescope_from_the_calculator_to_the_answer_and_each_is_a_search() {
    let (_, target, answer, d, p, _dir) = run(&[]);
    let kinds: Vec<Mechanism> = d.steps.iter().map(|s| s.mechanism).collect();
    assert_eq!(kinds, Mechanism::ALL);
    // (a) is the calculator's figure for the scenario's year.
    let s = vtsim::scenario::load(Some(&p), &[]).unwrap();
    let calc = vtsim::rekentool::for_scenario(&s).unwrap()[0].fte_regional;
    assert_eq!(d.steps[0].fte, calc);
    assert_eq!(d.steps[0].probes, 0);
    // The last step is the answer itself, and the increments sum to it.
    assert_eq!(d.steps.last().unwrap().fte, answer.value);
    let sum: f64 = d.steps.iter().map(|s| s.delta).sum();
    assert!((sum - answer.value).abs() < 1e-9, "{d:?}");
    assert!((d.total_difference - (answer.value - calc)).abs() < 1e-9);
    for w in d.steps.windows(2) {
        assert!((w[1].fte - w[0].fte - w[1].delta).abs() < 1e-12);
    }
    // Each of (b)–(e) is a search of its own on the variant: the same
    // search run here by hand gives the same value and probes.
    for (i, m) in Mechanism::ALL.iter().enumerate().take(5).skip(1) {
        let st = &d.steps[i];
        assert!(st.probes >= 2, "{st:?}");
        let build = |v: f64| {
            let s = vtsim::sweep::scenario_with(Some(&p), &[], &[("workforce.fte", v)])?;
            Ok(variant(&s, *m))
        };
        let again = search(
            &build,
            Search {
                range: &d.range,
                target: &target,
                confidence: 0.8,
                period: Some(&d.period),
                options: OPTIONS,
                interval: false,
            },
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(again.value, st.fte, "{m:?}");
        assert_eq!(again.probes.len(), st.probes, "{m:?}");
    }
    // At the norm hours the staff needed is far above the scenario's 70%.
    assert!(d.steps[4].fte > answer.value, "{d:?}");
    assert!(d.steps[5].delta < 0.0);
    // The sentences name both figures, the Dutch one with a decimal comma.
    let nl = &d.sentence_nl;
    assert!(nl.starts_with("De rekentool zegt "), "{nl}");
    assert!(
        nl.contains(&format!("{:.1}", calc).replace('.', ",")),
        "{nl}"
    );
    assert!(nl.contains("in 80% van de doorrekeningen"), "{nl}");
    assert!(d.sentence_en.contains("because"), "{}", d.sentence_en);
}

#[test]
fn a_mechanism_the_scenario_does_not_have_adds_nothing() {
    // Without turnover, step (d) searches the same scenario as step (c).
    let (_, _, _, d, _, _dir) = run(&["workforce.turnover.rate=0".into()]);
    assert_eq!(d.steps[3].delta, 0.0, "{d:?}");
    assert_eq!(d.steps[3].fte, d.steps[2].fte);
}

#[test]
fn the_waterfall_chart_renders_with_the_step_labels() {
    let (_, _, _, d, _, _dir) = run(&[]);
    for (lang, labels) in [
        (
            Language::Nl,
            ["rekentool", "zonder", "+ verzuim", "simulatie"],
        ),
        (
            Language::En,
            ["rekentool", "without", "+ turnover", "simulation"],
        ),
    ] {
        let files = vtsim::decompose::charts(&d, lang).unwrap();
        let png = &files
            .iter()
            .find(|f| f.0 == "charts/waterfall.png")
            .unwrap()
            .1;
        assert!(png.len() > 1000 && png.starts_with(b"\x89PNG"));
        let svg = &files
            .iter()
            .find(|f| f.0 == "charts/waterfall.svg")
            .unwrap()
            .1;
        let svg = String::from_utf8(svg.clone()).unwrap();
        for l in labels {
            assert!(svg.contains(l), "{lang:?}: no {l}");
        }
    }
}

#[test]
fn the_command_explains_on_request_and_says_why_not_for_other_parameters() {
    let dir = TempDir::new().unwrap();
    file(&dir);
    let cmd = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("vtsim")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "required",
                "s.toml",
                "--target",
                "backlog_end<=60",
                "-n",
                "4",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let out = cmd(&[
        "--param",
        "workforce.fte=20..50:2",
        "--explain",
        "--out",
        "a",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Why the calculator and the simulation differ"),
        "{text}"
    );
    assert!(text.contains("De rekentool zegt"), "{text}");
    let folder = dir.path().join("a/required-decompose-test");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("required.json")).unwrap()).unwrap();
    let steps = json["decomposition"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    assert_eq!(steps[2]["mechanism"], "absence");
    assert!(
        std::fs::metadata(folder.join("charts/waterfall.svg"))
            .unwrap()
            .len()
            > 0
    );
    // The same files for any number of threads.
    let one = cmd(&[
        "--param",
        "workforce.fte=20..50:2",
        "--explain",
        "-j",
        "1",
        "--out",
        "j1",
    ]);
    let two = cmd(&[
        "--param",
        "workforce.fte=20..50:2",
        "--explain",
        "-j",
        "2",
        "--out",
        "j2",
    ]);
    assert!(one.status.success() && two.status.success());
    for f in [
        "required.json",
        "charts/waterfall.svg",
        "charts/waterfall.png",
    ] {
        let read = |o: &str| {
            std::fs::read(dir.path().join(o).join("required-decompose-test").join(f)).unwrap()
        };
        assert!(
            read("j1") == read("j2"),
            "{f} differs between 1 and 2 threads"
        );
    }
    // Without --explain: no decomposition.
    let out = cmd(&["--param", "workforce.fte=20..50:2", "--out", "b"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Why the calculator"));
    // Another parameter: the search runs, the decomposition says why not.
    let out = cmd(&[
        "--param",
        "inflow.meldingen.volume.2025=500..4000:100",
        "--explain",
        "--confidence",
        "0.5",
        "--out",
        "c",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("No decomposition: the decomposition compares FTE"),
        "{text}"
    );
}

#[test]
fn a_step_that_cannot_reach_the_target_leaves_the_answer_standing() {
    // With 55% absence the step that adds sick people needs more than the
    // range allows: the answer is still written and printed, and the files
    // and the terminal say why there is no decomposition.
    let dir = TempDir::new().unwrap();
    file(&dir);
    let out = assert_cmd::Command::cargo_bin("vtsim")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "required",
            "s.toml",
            "--target",
            "backlog_end<=60",
            "-n",
            "4",
            "--param",
            "workforce.fte=20..68:2",
            "--explain",
            "--set",
            "workforce.absence.rate=0.55",
            "--out",
            "z",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("No decomposition: decomposition, step (c)"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("z/required-decompose-test/required.json")).unwrap(),
    )
    .unwrap();
    assert!(json["answer"]["value"].as_f64().is_some(), "{json}");
    assert!(json.get("decomposition").is_none());
    assert!(
        json["decomposition_not_made"]
            .as_str()
            .is_some_and(|s| s.contains("not reached")),
        "{json}"
    );
}
