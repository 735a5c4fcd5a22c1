//! Result folders: never half-written, never silently replaced; guard rails
//! and Ctrl-C (the hardening issue).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn vtsim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("vtsim").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn an_existing_result_is_kept_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut c = vtsim();
        c.arg("run")
            .arg(fixture("tiny.toml"))
            .args(["-n", "3", "--out"])
            .arg(out.path())
            .args(extra);
        c.assert().success()
    };
    run(&[]);
    let name = entries(out.path()).remove(0);
    let second = run(&[]);
    let stderr = String::from_utf8(second.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("already holds a result"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(entries(out.path()), [name.clone(), format!("{name}-2")]);
    run(&["--force"]);
    assert_eq!(entries(out.path()), [name.clone(), format!("{name}-2")]);
}

#[test]
fn partial_results_of_an_interrupted_run_are_reported_and_removed() {
    let out = tempfile::tempdir().unwrap();
    let stale = out.path().join(".tiny.partial-4000000000");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("summary.json"), b"{\"runs\":").unwrap();
    let a = vtsim()
        .arg("run")
        .arg(fixture("tiny.toml"))
        .args(["-n", "2", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("was interrupted while writing"), "{stderr}");
    assert!(!stale.exists());
    assert!(entries(out.path()).iter().all(|e| !e.starts_with('.')));
}

#[test]
fn runs_that_would_take_hours_are_refused_up_front() {
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let a = vtsim()
        .args([
            "run",
            "--runs",
            "500000",
            "--set",
            "end=2045-12-31",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("would take about"), "{stderr}");
    assert!(stderr.contains("--insist"), "{stderr}");
    assert!(stderr.contains("fits in an hour"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(entries(out.path()).is_empty());
}

#[test]
fn ctrl_c_stops_quickly_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("vtsim");
    let child = Command::new(bin)
        .args(["run", "--runs", "200000", "--insist", "-j", "1", "--out"])
        .arg(out.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(10),
        "did not stop quickly"
    );
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(entries(out.path()).is_empty(), "{:?}", entries(out.path()));
}
