//! Stored outputs: `summary.json`, `runs.csv` and `kpis.csv` of fixed runs, compared byte
//! for byte. They are the safety net of restructurings that must not change
//! a number. A commit that changes numbers on purpose regenerates them with
//! `VTSIM_BLESS=1 cargo test --test golden` and says why.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `vtsim run` from the crate root (so the recorded origin is the
/// relative path) and compares or blesses the result files.
fn check(case: &str, args: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("vtsim").unwrap();
    cmd.current_dir(root())
        .arg("run")
        .args(args)
        .args(["--no-charts", "--threads", "2", "--out"])
        .arg(out.path());
    cmd.assert().success();
    let dirs: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    let bless = std::env::var_os("VTSIM_BLESS").is_some();
    let stored = root().join("tests/golden").join(case);
    for file in ["summary.json", "runs.csv", "kpis.csv"] {
        let got = std::fs::read_to_string(dirs[0].join(file)).unwrap();
        let path = stored.join(file);
        if bless {
            std::fs::create_dir_all(&stored).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (bless with VTSIM_BLESS=1)", path.display()));
        if got != want {
            let line = first_difference(&want, &got);
            panic!(
                "{} differs from the stored output, first at line {line}:\n  stored: {}\n  now:    {}\n\
                 If the change is intended, regenerate with VTSIM_BLESS=1 and say why in the commit.",
                rel(&path),
                want.lines().nth(line - 1).unwrap_or(""),
                got.lines().nth(line - 1).unwrap_or(""),
            );
        }
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

fn first_difference(a: &str, b: &str) -> usize {
    let mut n = 1;
    for (x, y) in a.lines().zip(b.lines()) {
        if x != y {
            return n;
        }
        n += 1;
    }
    n
}

#[test]
fn rich_fixture_outputs_are_unchanged() {
    check(
        "tiny-rich",
        &[
            "tests/fixtures/tiny-rich.toml",
            "--runs",
            "20",
            "--seed",
            "3",
        ],
    );
}

#[test]
fn embedded_scenario_outputs_are_unchanged() {
    check(
        "embedded",
        &["--runs", "6", "--seed", "11", "--set", "end=2025-06-30"],
    );
}
