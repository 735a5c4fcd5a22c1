//! The catalogue of bad input: every `tests/bad_scenarios/*.toml` is a small,
//! complete scenario with exactly one mistake (its first line says which).
//! Each must be rejected by `vtsim run` with exit code 2, nothing on stdout,
//! no panic or internal error, no result folder, and exactly the message in
//! `tests/bad_scenarios/expected/<name>.txt`.
//!
//! The messages name the scenario file as given on the command line, so the
//! files are passed as relative paths (`tests/bad_scenarios/…`) from the crate
//! root, which keeps machine-specific paths out of the expected files.
//!
//! After a deliberate change of a message, regenerate the expected files and
//! review the diff:
//!
//! ```sh
//! VTSIM_BLESS=1 cargo test --test bad_scenarios
//! git diff tests/bad_scenarios/expected/
//! ```
//!
//! Bad input that is not a scenario file (a missing file, a folder, bytes that
//! are not UTF-8, an output folder that cannot be created, bad `--runs` and
//! `--set` arguments) is tested at the end of this file.

use std::path::{Path, PathBuf};
use std::process::Output;
use tempfile::TempDir;

/// Fewest cases the catalogue must hold (so a lost folder is noticed).
const MIN_CASES: usize = 45;

/// Cases that vtsim does not reject cleanly yet. For these the test only
/// checks that they are still broken (so a fix is noticed) and does not
/// compare the message; their expected file records the current output.
/// When one is fixed, remove it here and bless its expected file.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn vtsim() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("vtsim").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios")
}

fn blessing() -> bool {
    std::env::var("VTSIM_BLESS").is_ok_and(|v| v == "1")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The scenario files of the catalogue, sorted by name.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(catalogue_dir())
        .expect("list tests/bad_scenarios")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
}

/// Runs one case into a fresh output folder; returns the output and whether
/// a result folder was created.
fn run_case(name: &str) -> (Output, bool) {
    let tmp = TempDir::new().expect("create a temporary folder");
    let out_dir = tmp.path().join("out");
    let output = vtsim()
        .arg("run")
        .arg(format!("tests/bad_scenarios/{name}"))
        .args(["-n", "1", "--out"])
        .arg(&out_dir)
        .output()
        .expect("run vtsim");
    (output, out_dir.exists())
}

/// What is wrong with the outcome of a case that must be rejected cleanly.
fn problems(output: &Output, created: bool, expected: Option<&str>) -> Vec<String> {
    let stderr = text(&output.stderr);
    let mut p = Vec::new();
    if output.status.code() != Some(2) {
        p.push(format!("exit code {:?}, expected 2", output.status.code()));
    }
    if stderr.contains("panicked") || stderr.contains("internal error") {
        p.push("panicked or reported an internal error (a bug)".into());
    }
    if !output.stdout.is_empty() {
        p.push(format!("stdout is not empty: {:?}", text(&output.stdout)));
    }
    if created {
        p.push("a result folder was created".into());
    }
    if !stderr.starts_with("vtsim: error: ") {
        p.push("stderr does not start with `vtsim: error: `".into());
    }
    match expected {
        None => p.push("no expected file; run with VTSIM_BLESS=1 to write it".into()),
        Some(e) if e != stderr => p.push(format!(
            "stderr differs from the expected file\n  expected: {e:?}\n  actual:   {stderr:?}"
        )),
        Some(_) => {}
    }
    p
}

#[test]
fn every_bad_scenario_is_rejected_with_its_expected_message() {
    let names = cases();
    assert!(
        names.len() >= MIN_CASES,
        "only {} bad scenarios in tests/bad_scenarios (at least {MIN_CASES} expected)",
        names.len()
    );
    let expected_dir = catalogue_dir().join("expected");
    let bless = blessing();
    let mut failures = Vec::new();
    for name in &names {
        let stem = name.trim_end_matches(".toml");
        let expected_path = expected_dir.join(format!("{stem}.txt"));
        let (output, created) = run_case(name);
        let stderr = text(&output.stderr);
        if bless {
            std::fs::create_dir_all(&expected_dir).unwrap();
            std::fs::write(&expected_path, &stderr).unwrap();
        }
        if let Some((_, gap)) = KNOWN_GAPS.iter().find(|(f, _)| f == name) {
            let clean = output.status.code() == Some(2)
                && !stderr.contains("panicked")
                && !stderr.contains("internal error");
            if clean {
                failures.push(format!(
                    "{name}: listed in KNOWN_GAPS ({gap}) but now rejected cleanly; \
                     remove it from KNOWN_GAPS and run with VTSIM_BLESS=1\n{stderr}"
                ));
            } else {
                eprintln!("known gap, not checked: {name}: {gap}");
            }
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).ok();
        let p = problems(&output, created, expected.as_deref());
        if !p.is_empty() {
            failures.push(format!("{name}:\n  - {}", p.join("\n  - ")));
        }
    }
    // An expected file without its scenario is stale.
    for e in std::fs::read_dir(&expected_dir).expect("list the expected files") {
        let file = e.unwrap().file_name().to_string_lossy().into_owned();
        let toml = format!("{}.toml", file.trim_end_matches(".txt"));
        if !names.contains(&toml) {
            failures.push(format!("expected/{file} has no scenario {toml}"));
        }
    }
    for (gap, _) in KNOWN_GAPS {
        if !names.iter().any(|n| n == gap) {
            failures.push(format!("KNOWN_GAPS names {gap}, which does not exist"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad scenarios failed (VTSIM_BLESS=1 rewrites the expected files):\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_bad_scenario_says_what_is_wrong_on_its_first_line() {
    for name in cases() {
        let text = std::fs::read_to_string(catalogue_dir().join(&name)).unwrap();
        let first = text.lines().next().unwrap_or("");
        assert!(
            name.ends_with("empty-file.toml") || first.starts_with("# "),
            "{name}: the first line should be a comment naming the mistake"
        );
    }
}

// ---------------------------------------------------------------------------
// Bad input that is not a scenario file.
// ---------------------------------------------------------------------------

/// Asserts a clean error: exit 2, the `vtsim: error:` prefix, no panic,
/// nothing on stdout. Returns stderr.
fn assert_clean_error(cmd: &mut assert_cmd::Command, what: &str) -> String {
    let out = cmd.output().expect("run vtsim");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: exit code\n{stderr}");
    assert!(
        stderr.starts_with("vtsim: error: "),
        "{what}: no `vtsim: error:` prefix\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{what}: panicked or reported an internal error\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "{what}: stdout is not empty");
    stderr
}

/// `vtsim run SCENARIO --out <tmp>/out <extra…>` (with `-n 1` unless `extra`
/// gives `--runs`); asserts a clean error and that no output folder was
/// created. Returns stderr.
fn run_rejected(scenario: &Path, extra: &[&str], what: &str) -> String {
    let tmp = TempDir::new().unwrap();
    let out_dir = tmp.path().join("out");
    let mut cmd = vtsim();
    cmd.arg("run").arg(scenario).arg("--out").arg(&out_dir);
    if !extra.contains(&"--runs") {
        cmd.args(["-n", "1"]);
    }
    let stderr = assert_clean_error(cmd.args(extra), what);
    assert!(!out_dir.exists(), "{what}: an output folder was created");
    stderr
}

const TINY: &str = "tests/fixtures/tiny.toml";

#[test]
fn a_missing_file_is_rejected() {
    let err = run_rejected(
        Path::new("tests/bad_scenarios/no-such-file.toml"),
        &[],
        "missing file",
    );
    assert!(
        err.starts_with(
            "vtsim: error: could not read the scenario file 'tests/bad_scenarios/no-such-file.toml'"
        ),
        "{err}"
    );
}

#[test]
fn a_folder_given_as_scenario_is_rejected() {
    let err = run_rejected(Path::new("tests/bad_scenarios"), &[], "a folder");
    assert!(
        err.contains("tests/bad_scenarios: is a folder; give a scenario file (.toml)"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_rejected() {
    let tmp = TempDir::new().unwrap();
    for (file, bytes, offset) in [
        ("latin1.toml", &b"name = \"caf\xe9\"\n"[..], 11),
        ("utf16.toml", &b"\xff\xfen\x00a\x00m\x00e\x00"[..], 0),
        ("binary.toml", &b"\x00\x01\x02\x80\x81"[..], 3),
    ] {
        let path = tmp.path().join(file);
        std::fs::write(&path, bytes).unwrap();
        let err = run_rejected(&path, &[], file);
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            err.contains(&format!(
                "not valid UTF-8 text (invalid byte at offset {offset})"
            )),
            "{file}: {err}"
        );
    }
}

#[test]
fn an_output_folder_under_a_regular_file_is_rejected() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("tmpfile");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("sub");
    let err = assert_clean_error(
        vtsim().args(["run", TINY, "-n", "1", "--out"]).arg(&out),
        "--out under a file",
    );
    assert!(
        err.contains(&format!(
            "could not create the output folder '{}",
            out.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn runs_out_of_range_are_rejected() {
    for n in ["0", "1000001"] {
        let err = run_rejected(Path::new(TINY), &["--runs", n], "--runs");
        assert_eq!(
            err,
            format!("vtsim: error: --runs: must be 1–1000000, got {n}\n")
        );
    }
}

#[test]
fn malformed_set_arguments_are_rejected() {
    for (spec, message) in [
        (
            "workforce.fte",
            "expected `key.path=value`, e.g. `--set effort.norm_share=0.7`",
        ),
        ("=5", "the key path before `=` is empty"),
        (
            "workforce..fte=5",
            "`workforce..fte` has an empty key segment",
        ),
        (
            "workforce.fte.x=5",
            "`workforce.fte` is a value, not a table",
        ),
    ] {
        let err = run_rejected(Path::new(TINY), &["--set", spec], spec);
        assert_eq!(err, format!("vtsim: error: --set {spec}: {message}\n"));
    }
}

#[test]
fn set_with_an_unknown_path_is_rejected() {
    for (spec, unknown, allowed) in [
        (
            "stages.triage.deadline=5",
            "deadline` in `stages.triage`",
            "hours, max_hours_per_day, min_days",
        ),
        (
            "foo.bar=1",
            "foo` at the top level",
            "effort, end, extends, holidays, inflow, initial, language, measures, measures_replace, \
             metrics, name, observations, pathway, policy, reporting, stages, start, title, \
             warmup_days, workforce",
        ),
        (
            "workforce.absence.rat=0.07",
            "rat` in `workforce.absence`",
            "changes, feedback, feedback_threshold, long, medium, rate, short, spells_per_year",
        ),
    ] {
        let err = run_rejected(Path::new(TINY), &["--set", spec], spec);
        assert!(
            err.starts_with(&format!(
                "vtsim: error: --set {spec}: unknown key `{unknown}"
            )),
            "{err}"
        );
        assert!(err.contains(&format!("Allowed here: {allowed}\n")), "{err}");
    }
    // A close match is suggested.
    let err = run_rejected(
        Path::new(TINY),
        &["--set", "workforce.absence.rat=0.07"],
        "rat",
    );
    assert!(err.contains("did you mean `rate`?"), "{err}");
}

#[test]
fn set_applies_to_describe_too() {
    let stderr = assert_clean_error(
        vtsim().args(["describe", TINY, "--set", "policy.knd=strict"]),
        "describe --set",
    );
    assert!(stderr.contains("did you mean `kind`?"), "{stderr}");
}
