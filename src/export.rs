//! Result files: `summary.json`, `runs.csv`, `daily.csv` and
//! `scenario.resolved.toml`, written atomically into `out/<name>/`.
//!
//! Each exporter is a pure function from the outcome to bytes; [`write_results`]
//! owns the IO: it writes every file into a temporary folder next to the
//! target and renames it into place only when all files are complete, so an
//! interrupted run never leaves a folder that looks like a result.

use crate::engine::SERIES;
use crate::error::Error;
use crate::metrics::{KPIS, NORMS, Period, SHARE_DENOMINATORS, SMALL_NUMBERS, kpi_index};
use crate::montecarlo::Outcome;
use crate::scenario::Scenario;
use crate::stats::{PERCENTILE_NAMES, PERCENTILES, Summary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// vtsim's version, recorded beside every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Crates whose versions change sampled values; recorded beside every result.
const PINNED: [&str; 4] = ["rand", "rand_distr", "chacha20", "rand_core"];

/// Versions of the random-number crates this binary was built with.
pub fn rng_crate_versions() -> BTreeMap<&'static str, String> {
    let lock = include_str!("../Cargo.lock");
    let mut out = BTreeMap::new();
    let mut name: Option<&str> = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = \"") {
            name = n.strip_suffix('"');
        } else if let Some(v) = line.strip_prefix("version = \"")
            && let Some(n) = name.take()
            && let Some(p) = PINNED.iter().find(|p| **p == n)
        {
            out.insert(*p, v.trim_end_matches('"').to_string());
        }
    }
    out
}

/// The probability that a compliance KPI meets its norm.
#[derive(Debug, Clone, Serialize)]
pub struct NormResult {
    /// KPI name.
    pub kpi: &'static str,
    /// Lowest share that meets the norm.
    pub at_least: f64,
    /// Share of replications (where defined) meeting it.
    pub probability: Option<f64>,
}

/// One period of `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodSummary {
    /// The period.
    #[serde(flatten)]
    pub period: Period,
    /// Distribution of every KPI across replications.
    pub kpis: BTreeMap<&'static str, Summary>,
    /// Probability of meeting each norm.
    pub norms: Vec<NormResult>,
    /// Within-term shares of this period over fewer than
    /// [`SMALL_NUMBERS`] cases in the median run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub small_numbers: Vec<&'static str>,
}

/// The content of `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryFile {
    /// vtsim version.
    pub vtsim_version: &'static str,
    /// Versions of the crates that determine the random numbers.
    pub rng_crates: BTreeMap<&'static str, String>,
    /// Where the scenario came from.
    pub scenario_origin: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub runs: u64,
    /// KPI distributions per period.
    pub periods: Vec<PeriodSummary>,
    /// The resolved scenario.
    pub scenario: Scenario,
}

impl SummaryFile {
    /// Summarises an outcome.
    pub fn new(scenario: &Scenario, origin: &str, outcome: &Outcome) -> SummaryFile {
        let periods = outcome
            .periods
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let column =
                    |k: usize| -> Vec<f64> { outcome.kpis.iter().map(|rep| rep[pi][k]).collect() };
                let kpis: BTreeMap<&'static str, Summary> = KPIS
                    .iter()
                    .enumerate()
                    .map(|(k, name)| (*name, Summary::of(&column(k))))
                    .collect();
                let small_numbers = SHARE_DENOMINATORS
                    .iter()
                    .filter(|(_, count)| {
                        kpis.get(count)
                            .and_then(|s| s.pct("p50"))
                            .is_some_and(|m| m < SMALL_NUMBERS)
                    })
                    .map(|(share, _)| *share)
                    .collect();
                let norms = NORMS
                    .iter()
                    .map(|n| {
                        let v: Vec<f64> = kpi_index(n.kpi)
                            .map(column)
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|x| !x.is_nan())
                            .collect();
                        let probability = (!v.is_empty()).then(|| {
                            v.iter().filter(|x| **x >= n.at_least - 1e-12).count() as f64
                                / v.len() as f64
                        });
                        NormResult {
                            kpi: n.kpi,
                            at_least: n.at_least,
                            probability,
                        }
                    })
                    .collect();
                PeriodSummary {
                    period: p.clone(),
                    kpis,
                    norms,
                    small_numbers,
                }
            })
            .collect();
        SummaryFile {
            vtsim_version: VERSION,
            rng_crates: rng_crate_versions(),
            scenario_origin: origin.to_string(),
            seed: outcome.options.seed,
            runs: outcome.options.runs,
            periods,
            scenario: scenario.clone(),
        }
    }

    /// A period by label.
    pub fn period(&self, label: &str) -> Option<&PeriodSummary> {
        self.periods.iter().find(|p| p.period.label == label)
    }
}

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        format!("{x}")
    }
}

fn csv_err(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        message: format!("could not format CSV: {e}"),
    }
}

/// `runs.csv`: one row per replication × period, every KPI a column.
pub fn runs_csv(outcome: &Outcome) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["run", "period", "kind", "start", "end"];
    header.extend(KPIS);
    w.write_record(&header).map_err(csv_err)?;
    for (rep, rows) in outcome.kpis.iter().enumerate() {
        for (p, row) in outcome.periods.iter().zip(rows) {
            let kind = p.kind.name();
            let mut rec = vec![
                rep.to_string(),
                p.label.clone(),
                kind.to_string(),
                p.start_date.clone(),
                p.end_date.clone(),
            ];
            rec.extend(row.iter().map(|x| num(*x)));
            w.write_record(&rec).map_err(csv_err)?;
        }
    }
    w.into_inner().map_err(csv_err)
}

/// `daily.csv`: long format — date, series, mean and percentiles.
pub fn daily_csv(outcome: &Outcome, dates: &[String]) -> Result<Vec<u8>, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["date", "series", "mean"];
    header.extend(PERCENTILE_NAMES);
    w.write_record(&header).map_err(csv_err)?;
    let runs = outcome.options.runs as f64;
    for (d, date) in dates.iter().enumerate() {
        for (s, name) in SERIES.iter().enumerate() {
            let agg = &outcome.daily[s];
            let mut rec = vec![date.clone(), name.to_string(), round6(agg.sum[d] / runs)];
            rec.extend(PERCENTILES.iter().map(|q| round6(agg.hist[d].quantile(*q))));
            w.write_record(&rec).map_err(csv_err)?;
        }
    }
    w.into_inner().map_err(csv_err)
}

fn round6(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        let r = (x * 1e6).round() / 1e6;
        format!("{}", if r == 0.0 { 0.0 } else { r })
    }
}

/// `summary.json`.
pub fn summary_json(summary: &SummaryFile) -> Result<Vec<u8>, Error> {
    let mut v = serde_json::to_vec_pretty(summary).map_err(|e| Error::Internal {
        message: format!("could not format summary.json: {e}"),
    })?;
    v.push(b'\n');
    Ok(v)
}

/// Writes the files into a new result folder, never replacing one: `dir`,
/// or, when another run has taken that name since [`prepare_output`]
/// chose it, the next free `<name>-N`. The final rename is the kernel's
/// atomic rename of a complete folder, which fails on a folder that holds a
/// result, so two runs started together both keep their results. Returns
/// the folder that holds the result.
pub fn write_new_results(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<PathBuf, Error> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result".into());
    // `s-2` continues with `s-3`; `s` with `s-2`.
    let (stem, mut n) = match name.rsplit_once('-') {
        Some((stem, k)) if !stem.is_empty() && k.parse::<u32>().is_ok_and(|k| k >= 2) => {
            (stem.to_string(), k.parse::<u32>().unwrap_or(2))
        }
        _ => (name.clone(), 1),
    };
    let mut target = dir.to_path_buf();
    for _ in 0..10_000 {
        match write_into(&target, files, false)? {
            Written::Taken => {
                n += 1;
                target = dir.with_file_name(format!("{stem}-{n}"));
            }
            Written::Done => return Ok(target),
        }
    }
    Err(Error::Internal {
        message: format!("no free result folder next to {}", dir.display()),
    })
}

/// What became of a write.
enum Written {
    /// The result is in place.
    Done,
    /// The folder already holds a result (another run took the name);
    /// nothing was written.
    Taken,
}

/// Writes the files into `dir` atomically: a temporary sibling folder is
/// filled and then renamed into place; a previous result there is replaced
/// only after the new one is complete (`--force`).
pub fn write_results(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), Error> {
    write_into(dir, files, true).map(|_| ())
}

fn write_into(dir: &Path, files: &[(&str, Vec<u8>)], replace: bool) -> Result<Written, Error> {
    let io = |path: &Path, action: &'static str| {
        let path = path.display().to_string();
        move |e| Error::Io {
            path,
            action,
            source: e,
        }
    };
    let parent = dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let parent = if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent, "create the output folder"))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result".into());
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp, "remove a stale temporary folder"))?;
    }
    std::fs::create_dir(&tmp).map_err(io(&tmp, "create a temporary result folder"))?;
    let result = (|| {
        for (file, bytes) in files {
            let p = tmp.join(file);
            if let Some(sub) = p.parent().filter(|d| *d != tmp) {
                std::fs::create_dir_all(sub).map_err(io(sub, "create a result subfolder"))?;
            }
            std::fs::write(&p, bytes).map_err(io(&p, "write"))?;
        }
        if replace && dir.exists() {
            let old = parent.join(format!(".{name}.old-{}", std::process::id()));
            std::fs::rename(dir, &old).map_err(io(dir, "move the previous result aside"))?;
            std::fs::rename(&tmp, dir).map_err(io(dir, "move the new result into place"))?;
            std::fs::remove_dir_all(&old).map_err(io(&old, "remove the previous result"))?;
        } else if !replace && dir.exists() {
            return Ok(Written::Taken);
        } else {
            match std::fs::rename(&tmp, dir) {
                Ok(()) => {}
                // Another run renamed its complete result there in the
                // meantime: rename(2) refuses a non-empty folder.
                Err(_) if !replace && dir.exists() => return Ok(Written::Taken),
                Err(e) => return Err(io(dir, "move the new result into place")(e)),
            }
        }
        Ok(Written::Done)
    })();
    if !matches!(result, Ok(Written::Done)) {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Where a run writes, decided before it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The result folder to write.
    pub dir: PathBuf,
    /// What the user should know (stale partial results removed, a new
    /// folder chosen).
    pub notes: Vec<String>,
}

/// Whether the process that wrote a partial folder is still running: a
/// live process of the same program (by its name in /proc). A process id
/// that now belongs to another program (ids are reused) does not count, so
/// its folder is not kept for ever.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.is_dir() || !proc.join(pid.to_string()).exists() {
        return false;
    }
    let comm = |p: &Path| std::fs::read_to_string(p.join("comm")).ok();
    match (comm(&proc.join(pid.to_string())), comm(&proc.join("self"))) {
        (Some(theirs), Some(ours)) => theirs.trim() == ours.trim(),
        // Cannot tell: keep the folder.
        _ => true,
    }
}

/// Prepares `root/name/` before a run: creates `root` (so a bad `--out`
/// fails before the long run), removes the partial folders that an
/// interrupted run left behind and says so, and picks the folder to write:
/// `name` itself when it does not exist or `force` is set, else the first
/// free `name-2`, `name-3`, … so an existing result is never silently replaced.
pub fn prepare_output(root: &Path, name: &str, force: bool) -> Result<Prepared, Error> {
    std::fs::create_dir_all(root).map_err(|e| Error::Io {
        path: root.display().to_string(),
        action: "create the output folder",
        source: e,
    })?;
    let mut notes = Vec::new();
    let entries = std::fs::read_dir(root).map_err(|e| Error::Io {
        path: root.display().to_string(),
        action: "read the output folder",
        source: e,
    })?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix('.') else {
            continue;
        };
        let (stem, pid, old) = match (rest.rsplit_once(".partial-"), rest.rsplit_once(".old-")) {
            (Some((stem, pid)), _) => (stem, pid, false),
            (None, Some((stem, pid))) => (stem, pid, true),
            (None, None) => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        let target = root.join(stem);
        if old && !target.exists() {
            // A complete result moved aside by `--force`, whose replacement
            // never arrived (the run died between the two renames): put it
            // back, never delete it.
            if std::fs::rename(&path, &target).is_ok() {
                notes.push(format!(
                    "an earlier run replacing {} was interrupted; the previous result was restored there",
                    target.display()
                ));
            }
        } else if old {
            // The replacement is in place: this is the result `--force` was
            // asked to replace, left behind by a run that died before it
            // removed it.
            if std::fs::remove_dir_all(&path).is_ok() {
                notes.push(format!(
                    "an earlier run replaced {} with --force but died before removing the previous result; \
                     it was removed now ({})",
                    target.display(),
                    path.display()
                ));
            }
        } else if std::fs::remove_dir_all(&path).is_ok() {
            notes.push(format!(
                "an earlier run for `{stem}` was interrupted while writing; its incomplete results ({}) were removed",
                path.display()
            ));
        }
    }
    // Refuse before the long run, not after it: the folder must take a new
    // folder (a read-only mount, an immutable folder, /proc do not).
    let probe = root.join(format!(".vtsim-probe-{}", std::process::id()));
    std::fs::create_dir(&probe)
        .and_then(|()| std::fs::remove_dir(&probe))
        .map_err(|e| Error::Io {
            path: root.display().to_string(),
            action: "write results into the output folder",
            source: e,
        })?;
    let mut dir = root.join(name);
    if dir.exists() && !force {
        let mut n = 2;
        while root.join(format!("{name}-{n}")).exists() {
            n += 1;
        }
        let new = root.join(format!("{name}-{n}"));
        notes.push(format!(
            "{} already holds a result; writing to {} instead (use --force to replace it)",
            dir.display(),
            new.display()
        ));
        dir = new;
    }
    Ok(Prepared { dir, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::RunOptions;

    /// A scenario and a hand-made outcome over its periods (horizon, 2025,
    /// 2025-Q1): every KPI undefined, except the given values of the
    /// horizon, one per run.
    fn outcome_with(values: &[(&str, Vec<f64>)]) -> (Scenario, Outcome) {
        let s = crate::scenario::load_str(
            "name='e'\nstart='2025-01-01'\nend='2025-03-31'\n[inflow.meldingen]\nvolume={2025=100}\n[workforce]\nfte=1.0\n",
            "t",
            &[],
        )
        .unwrap();
        let m = crate::engine::Model::new(&s).unwrap();
        let periods = crate::metrics::periods(&m);
        let runs = values[0].1.len();
        let mut kpis = vec![vec![vec![f64::NAN; KPIS.len()]; periods.len()]; runs];
        for (name, v) in values {
            assert_eq!(v.len(), runs);
            let k = kpi_index(name).unwrap();
            for (rep, x) in v.iter().enumerate() {
                kpis[rep][0][k] = *x;
            }
        }
        let outcome = Outcome {
            options: RunOptions {
                runs: runs as u64,
                seed: 1,
                threads: 1,
            },
            periods,
            kpis,
            daily: Vec::new(),
        };
        (s, outcome)
    }

    #[test]
    fn norm_probability_is_the_share_of_defined_runs_meeting_the_norm() {
        let nan = f64::NAN;
        let (s, o) = outcome_with(&[
            // 2 of the 4 defined runs reach 0.95 (on the norm counts).
            ("triage_within_term", vec![0.96, 0.95, 0.9499, nan, 0.2]),
            // Never defined: no probability.
            ("triage_within_term_intake", vec![nan; 5]),
            // 3 of 5 reach 0.85.
            ("onderzoek_within_term", vec![0.85, 0.86, 0.84, 1.0, 0.0]),
            // 1 of the 2 defined runs.
            (
                "onderzoek_within_term_intake",
                vec![0.5, nan, nan, nan, 0.99],
            ),
        ]);
        let f = SummaryFile::new(&s, "t", &o);
        let horizon = f.period("horizon").unwrap();
        let norm = |kpi: &str| {
            let n = horizon.norms.iter().find(|n| n.kpi == kpi).unwrap();
            (n.at_least, n.probability)
        };
        assert_eq!(norm("triage_within_term"), (0.95, Some(0.5)));
        assert_eq!(norm("triage_within_term_intake"), (0.95, None));
        assert_eq!(norm("onderzoek_within_term"), (0.85, Some(0.6)));
        assert_eq!(norm("onderzoek_within_term_intake"), (0.85, Some(0.5)));
        assert_eq!(horizon.norms.len(), NORMS.len());
        // Periods where no run defines the KPIs have no probabilities.
        let q1 = f.period("2025-Q1").unwrap();
        assert!(q1.norms.iter().all(|n| n.probability.is_none()));
    }

    #[test]
    fn small_numbers_flags_shares_whose_median_denominator_is_below_30() {
        // Four runs: the median is the mean of the middle two. Mean and
        // median fall on opposite sides of 30 where it matters.
        let (s, o) = outcome_with(&[
            ("triage_done", vec![29.0, 29.0, 29.0, 100.0]), // median 29: flagged
            ("triage_intake", vec![30.0, 30.0, 30.0, 0.0]), // median 30: not
            ("vv_done", vec![29.0, 30.0, 30.0, 29.0]),      // median 29.5: flagged
            ("vv_intake", vec![0.0, 30.0, 31.0, 31.0]),     // median 30.5: not
            ("onderzoek_done", vec![0.0; 4]),               // median 0: flagged
            ("onderzoek_intake", vec![1000.0, 30.0, 30.0, 30.0]), // median 30: not
        ]);
        let f = SummaryFile::new(&s, "t", &o);
        assert_eq!(
            f.period("horizon").unwrap().small_numbers,
            [
                "triage_within_term",
                "vv_within_term",
                "onderzoek_within_term"
            ]
        );
        assert_eq!(SMALL_NUMBERS, 30.0);
        // Without a defined count nothing is flagged.
        assert!(f.period("2025-Q1").unwrap().small_numbers.is_empty());
    }

    #[test]
    fn existing_results_are_kept_and_stale_partials_removed() {
        let root = tempfile::tempdir().unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        assert_eq!(p.dir, root.path().join("s"));
        assert!(p.notes.is_empty());
        write_results(&p.dir, &[("a.txt", b"1".to_vec())]).unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        assert_eq!(p.dir, root.path().join("s-2"));
        assert!(p.notes[0].contains("--force"), "{:?}", p.notes);
        let p = prepare_output(root.path(), "s", true).unwrap();
        assert_eq!(p.dir, root.path().join("s"));
        // A partial folder of a process that no longer runs is removed.
        let stale = root.path().join(".s.partial-4000000000");
        std::fs::create_dir(&stale).unwrap();
        std::fs::write(stale.join("summary.json"), b"{").unwrap();
        let p = prepare_output(root.path(), "s", true).unwrap();
        assert!(!stale.exists());
        assert!(p.notes[0].contains("interrupted"), "{:?}", p.notes);
    }

    #[test]
    fn an_output_folder_that_takes_no_new_folder_fails_before_the_run() {
        // Issue 12, class 3: the folder exists and can be read, but nothing
        // can be created in it (here /proc/self, which even root cannot
        // write into; a read-only mount behaves the same).
        let proc = Path::new("/proc/self");
        if !proc.is_dir() {
            return;
        }
        let e = prepare_output(proc, "s", false).unwrap_err().to_string();
        assert!(
            e.contains("could not write results into the output folder"),
            "{e}"
        );
    }

    #[test]
    fn a_partial_folder_of_a_reused_process_id_is_removed() {
        // Issue 12, class 12: the id is alive but belongs to another
        // program (here pid 1, the init process), so the folder is stale.
        let root = tempfile::tempdir().unwrap();
        let stale = root.path().join(".s.partial-1");
        std::fs::create_dir(&stale).unwrap();
        let ours = root
            .path()
            .join(format!(".t.partial-{}", std::process::id()));
        std::fs::create_dir(&ours).unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        let init_is_us = std::fs::read_to_string("/proc/1/comm").ok()
            == std::fs::read_to_string("/proc/self/comm").ok();
        if Path::new("/proc/1/comm").exists() && !init_is_us {
            assert!(!stale.exists(), "{:?}", p.notes);
            assert!(p.notes[0].contains("interrupted"), "{:?}", p.notes);
        }
        // This process's own partial folder is never touched.
        assert!(ours.exists());
    }

    #[test]
    fn a_result_moved_aside_by_a_dead_run_is_restored_not_deleted() {
        // Issue 12, class 2: the run died between moving the old result
        // aside and moving the new one in.
        let root = tempfile::tempdir().unwrap();
        let aside = root.path().join(".s.old-4000000000");
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join("summary.json"), b"complete").unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        let back = root.path().join("s");
        assert_eq!(
            std::fs::read(back.join("summary.json")).unwrap(),
            b"complete"
        );
        assert!(!aside.exists());
        assert!(p.notes[0].contains("restored"), "{:?}", p.notes);
        // The restored result is kept: a new run writes beside it.
        assert_eq!(p.dir, root.path().join("s-2"));
        // When the replacement did land, the aside copy is what --force
        // replaced: it goes.
        std::fs::create_dir(&aside).unwrap();
        let p = prepare_output(root.path(), "s", true).unwrap();
        assert!(!aside.exists() && back.join("summary.json").is_file());
        assert!(p.notes[0].contains("--force"), "{:?}", p.notes);
    }

    #[test]
    fn a_new_result_never_replaces_one_written_meanwhile() {
        // Issue 12, class 1: two runs chose the same free name; the second
        // to finish takes the next free one and says where it is.
        let root = tempfile::tempdir().unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        let q = prepare_output(root.path(), "s", false).unwrap();
        assert_eq!(p.dir, q.dir);
        let a = write_new_results(&p.dir, &[("who", b"first".to_vec())]).unwrap();
        let b = write_new_results(&q.dir, &[("who", b"second".to_vec())]).unwrap();
        assert_eq!(a, root.path().join("s"));
        assert_eq!(b, root.path().join("s-2"));
        assert_eq!(std::fs::read(a.join("who")).unwrap(), b"first");
        assert_eq!(std::fs::read(b.join("who")).unwrap(), b"second");
        // From s-2 the next is s-3, and no temporary folder is left.
        let c = write_new_results(&b, &[("who", b"third".to_vec())]).unwrap();
        assert_eq!(c, root.path().join("s-3"));
        let mut names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["s", "s-2", "s-3"]);
    }

    #[test]
    fn results_replace_atomically() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("r");
        write_results(&dir, &[("a.txt", b"old".to_vec())]).unwrap();
        write_results(&dir, &[("a.txt", b"new".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"new");
        let names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["r"]);
    }

    #[test]
    fn an_unwritable_output_folder_fails_before_the_run() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let e = prepare_output(&file.join("sub"), "s", false).unwrap_err();
        assert!(
            e.to_string().contains("could not create the output folder"),
            "{e}"
        );
    }
}
