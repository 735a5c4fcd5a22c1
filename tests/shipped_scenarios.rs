//! The scenario library: every `scenarios/*.toml` loads, validates and runs,
//! and keeps the conventions of the library that can be checked by machine.
//!
//! The files are listed from the folder, so a new scenario is covered
//! without touching this test. What is checked:
//! - it loads (following `extends`) without errors or warnings, and builds
//!   a model;
//! - a few replications run and give finite KPIs;
//! - `name` equals the file stem, and there is a title;
//! - a variant's `extends` names another shipped scenario, and the variant
//!   changes something besides its name and title;
//! - the embedded default (`zhz-2025-2026.toml`) is self-contained and is
//!   the text vtsim embeds: it loads from text as from the file;
//! - every measure writes `cost_per_year` and is explained by a comment
//!   that carries a source mark ([S], [E], [C] or [P]);
//! - every observation lies inside the horizon, so it is compared.

use std::path::{Path, PathBuf};
use vtsim::engine::Model;
use vtsim::metrics::{KPIS, kpi_index};
use vtsim::montecarlo::{self, RunOptions};
use vtsim::scenario::{self, Scenario};

/// At least this many shipped scenarios (ZHZ 2024, 2025, 2025–2026 with five
/// variants, GZ 2023 with its twin, GZ 2024–2025).
const AT_LEAST: usize = 8;

/// Replications per scenario: enough to exercise the Monte Carlo fold.
const RUNS: u64 = 3;

/// Longest warm-up simulated here (the files' own warm-up is validated, but
/// simulating a year of it for every file would only slow the test down).
const MAX_WARMUP: u32 = 30;

/// The file embedded as the default scenario.
const DEFAULT_TO_BE: &str = "zhz-2025-2026.toml";

/// Source marks of the library's comments.
const MARKS: [&str; 4] = ["[S]", "[E]", "[C]", "[P]"];

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn text(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn raw(p: &Path) -> toml::Table {
    toml::from_str(&text(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load(p: &Path, overrides: &[String]) -> Scenario {
    let loaded = scenario::load_checked(Some(p), overrides)
        .unwrap_or_else(|e| panic!("{}: does not load: {e}", p.display()));
    assert!(
        loaded.warnings.is_empty(),
        "{}: a shipped scenario loads without warnings, got {:?}",
        p.display(),
        loaded.warnings
    );
    loaded.scenario
}

#[test]
fn the_library_is_there() {
    let files = shipped();
    assert!(
        files.len() >= AT_LEAST,
        "expected at least {AT_LEAST} shipped scenarios, found {}: {files:?}",
        files.len()
    );
    assert!(
        files.iter().any(|p| p.ends_with(DEFAULT_TO_BE)),
        "{DEFAULT_TO_BE} is shipped"
    );
}

#[test]
fn every_shipped_scenario_loads_runs_and_gives_finite_kpis() {
    let k = |name: &str| kpi_index(name).unwrap_or_else(|| panic!("KPI {name}"));
    for path in shipped() {
        let what = path.display().to_string();
        let full = load(&path, &[]);
        Model::new(&full).unwrap_or_else(|e| panic!("{what}: no model: {e}"));

        // Simulate the whole horizon (measures and reporting periods must
        // stay inside it) with a short warm-up.
        let warmup = full.warmup_days.min(MAX_WARMUP);
        let s = load(&path, &[format!("warmup_days={warmup}")]);
        let model = Model::new(&s).unwrap_or_else(|e| panic!("{what}: no model: {e}"));
        let out = montecarlo::run(
            &model,
            RunOptions {
                runs: RUNS,
                seed: 7,
                threads: 0,
            },
            &|_| {},
        )
        .unwrap_or_else(|e| panic!("{what}: does not run: {e}"));
        assert_eq!(
            out.kpis.len() as u64,
            RUNS,
            "{what}: one KPI row set per run"
        );
        let horizon = out
            .periods
            .iter()
            .position(|p| p.label == "horizon")
            .unwrap_or_else(|| panic!("{what}: no horizon period"));
        for (r, rep) in out.kpis.iter().enumerate() {
            assert_eq!(rep.len(), out.periods.len(), "{what}: run {r}");
            for (pi, row) in rep.iter().enumerate() {
                assert_eq!(row.len(), KPIS.len(), "{what}: run {r}");
                for (ki, v) in row.iter().enumerate() {
                    // NaN means "not defined" (a share of nothing); infinite
                    // or negative never.
                    assert!(
                        v.is_nan() || (v.is_finite() && *v >= 0.0),
                        "{what}: run {r}, period {}, {} = {v}",
                        out.periods[pi].label,
                        KPIS[ki]
                    );
                }
            }
            let h = &rep[horizon];
            for name in [
                "meldingen_in",
                "triage_done",
                "hours_available",
                "employed_fte_mean",
            ] {
                assert!(
                    h[k(name)].is_finite() && h[k(name)] > 0.0,
                    "{what}: run {r}: {name} over the horizon is {}",
                    h[k(name)]
                );
            }
            for name in ["triage_within_term", "triage_within_term_intake"] {
                let v = h[k(name)];
                assert!(
                    (0.0..=1.0).contains(&v),
                    "{what}: run {r}: {name} over the horizon is {v}"
                );
            }
            for name in ["backlog_end", "backlog_max", "measure_cost"] {
                assert!(
                    h[k(name)].is_finite(),
                    "{what}: run {r}: {name} is {}",
                    h[k(name)]
                );
            }
        }
        // The Monte Carlo daily aggregates are finite too.
        for (si, series) in out.daily.iter().enumerate() {
            assert!(
                series.sum.iter().all(|x| x.is_finite()),
                "{what}: daily series {si} has a non-finite sum"
            );
        }
    }
}

#[test]
fn names_equal_file_stems_and_titles_are_given() {
    for path in shipped() {
        let s = load(&path, &[]);
        assert_eq!(
            s.name,
            stem(&path),
            "{}: `name` must equal the file stem (results go to out/<name>/)",
            path.display()
        );
        assert!(!s.title.trim().is_empty(), "{}: no title", path.display());
        // The name is the file's own, not inherited from a base.
        assert!(
            raw(&path).contains_key("name"),
            "{}: writes its own `name`",
            path.display()
        );
    }
}

#[test]
fn variants_extend_a_shipped_scenario_and_change_something() {
    let files = shipped();
    for path in &files {
        let Some(base) = raw(path).get("extends").cloned() else {
            continue;
        };
        let base = base
            .as_str()
            .unwrap_or_else(|| panic!("{}: `extends` is a string", path.display()))
            .to_string();
        let base_path = path.parent().unwrap().join(&base);
        assert!(
            files.iter().any(|f| {
                std::fs::canonicalize(f).ok() == std::fs::canonicalize(&base_path).ok()
            }),
            "{}: extends \"{base}\", which is not a shipped scenario in scenarios/",
            path.display()
        );
        assert!(
            raw(path).contains_key("title"),
            "{}: a variant gives its own title",
            path.display()
        );
        // The variant differs from its base in more than name and title.
        let mut v = load(path, &[]);
        let b = load(&base_path, &[]);
        v.name = b.name.clone();
        v.title = b.title.clone();
        let (v, b) = (
            scenario::to_toml(&v).unwrap(),
            scenario::to_toml(&b).unwrap(),
        );
        assert_ne!(
            v,
            b,
            "{}: resolves to the same scenario as its base {base}",
            path.display()
        );
    }
}

#[test]
fn the_embedded_default_is_self_contained() {
    let path = scenarios_dir().join(DEFAULT_TO_BE);
    assert_eq!(
        text(&path),
        scenario::DEFAULT_SCENARIO_TOML,
        "the embedded default scenario is {DEFAULT_TO_BE}"
    );
    let t = raw(&path);
    assert!(
        !t.contains_key("extends"),
        "{DEFAULT_TO_BE} is embedded with include_str!, which cannot follow `extends`"
    );
    let from_text = scenario::load_str(&text(&path), DEFAULT_TO_BE, &[])
        .unwrap_or_else(|e| panic!("{DEFAULT_TO_BE} from text: {e}"));
    let from_file = load(&path, &[]);
    assert_eq!(
        scenario::to_toml(&from_text).unwrap(),
        scenario::to_toml(&from_file).unwrap()
    );
}

/// The text of each `[[measures]]` table of a file, with its line number:
/// the comment lines directly above its header (the contiguous run of
/// comments, blank lines between it and the header allowed) and the lines of
/// the table itself, up to the next header, without the comments at its end
/// (they belong to what follows).
fn measure_blocks(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let is_comment = |l: &str| l.trim_start().starts_with('#');
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.trim() != "[[measures]]" {
            continue;
        }
        // Up: skip blank lines, then take the run of comment lines.
        let mut top = i;
        while top > 0 && lines[top - 1].trim().is_empty() {
            top -= 1;
        }
        while top > 0 && is_comment(lines[top - 1]) {
            top -= 1;
        }
        // Down: to the next header, then drop trailing comments and blanks.
        let mut bottom = i + 1;
        while bottom < lines.len() && !lines[bottom].trim_start().starts_with('[') {
            bottom += 1;
        }
        while bottom > i + 1
            && (lines[bottom - 1].trim().is_empty() || is_comment(lines[bottom - 1]))
        {
            bottom -= 1;
        }
        let block: Vec<&str> = lines[top..bottom]
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        out.push((i + 1, block.join("\n")));
    }
    out
}

#[test]
fn every_measure_has_a_cost_and_an_explanation() {
    for path in shipped() {
        let what = path.display().to_string();
        let t = raw(&path);
        let measures: Vec<&toml::Value> = t
            .get("measures")
            .and_then(|m| m.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for m in &measures {
            let m = m
                .as_table()
                .unwrap_or_else(|| panic!("{what}: a measure is a table"));
            let name = m.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            assert!(
                m.contains_key("cost_per_year"),
                "{what}: measure \"{name}\" writes `cost_per_year` (0 with a comment when it has none)"
            );
        }
        let src = text(&path);
        let blocks = measure_blocks(&src);
        assert_eq!(
            blocks.len(),
            measures.len(),
            "{what}: write measures as [[measures]] tables"
        );
        for (line, block) in blocks {
            let comments: String = block
                .lines()
                .filter_map(|l| l.split_once('#').map(|(_, c)| c))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                !comments.trim().is_empty(),
                "{what}:{line}: a measure is explained by a comment"
            );
            assert!(
                MARKS.iter().any(|m| comments.contains(m)),
                "{what}:{line}: the measure's comment names its source: one of {MARKS:?}"
            );
        }
    }
}

#[test]
fn observations_lie_inside_the_horizon() {
    for path in shipped() {
        let s = load(&path, &[]);
        for o in &s.observations {
            assert!(
                o.start >= s.start && o.end <= s.end,
                "{}: observation {} {}..{} lies outside the horizon {}..{}, so it is never compared",
                path.display(),
                o.metric,
                o.start,
                o.end,
                s.start,
                s.end
            );
            assert!(
                !o.source.trim().is_empty(),
                "{}: observation {} {} names its source",
                path.display(),
                o.metric,
                o.start
            );
        }
    }
}
