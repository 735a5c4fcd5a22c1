//! Result files: `summary.json`, `runs.csv`, `daily.csv` and
//! `scenario.resolved.toml`, written atomically into `out/<name>/`.
//!
//! One writer per format, as hyperfine's `export/` does: [`json`] and
//! [`csv`] are pure functions from the in-memory results
//! ([`crate::experiment::Results`]) to bytes. This module owns the IO:
//! [`write_results`] writes every file into a temporary folder next to the
//! target and renames it into place only when all files are complete, so an
//! interrupted run never leaves a folder that looks like a result.

pub mod csv;
pub mod dictionary;
pub mod json;
pub mod xlsx;

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// vtsim's version, recorded beside every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Significant digits of the numbers in `runs.csv`, `kpis.csv` and
/// `summary.json` (`97.69999999999999` is written `97.7`). Ten digits keep
/// every count exact (below 10^10) and shares to 10^-10, far below what
/// the Monte Carlo error can tell apart; the rounding is applied to the
/// results in memory ([`crate::experiment::Results::new`]), so the report
/// drawn from memory and the one drawn from the files are the same.
pub const SIGNIFICANT_DIGITS: i32 = 10;

/// `x` rounded to [`SIGNIFICANT_DIGITS`] significant digits, as the
/// nearest `f64` (so it prints with at most that many digits); NaN and
/// infinities unchanged, no negative zero. Rounding twice changes nothing.
pub fn round_sig(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if x == 0.0 {
        return 0.0;
    }
    let e = x.abs().log10().floor() as i32;
    let k = SIGNIFICANT_DIGITS - 1 - e;
    // Multiplying and dividing by an exact power of ten (up to 10^22)
    // gives the nearest double of the rounded decimal; beyond that,
    // formatting does the same more slowly.
    let r = if (0..=22).contains(&k) {
        let scale = 10f64.powi(k);
        (x * scale).round() / scale
    } else if (-22..0).contains(&k) {
        let scale = 10f64.powi(-k);
        (x / scale).round() * scale
    } else {
        format!("{:.*e}", (SIGNIFICANT_DIGITS - 1) as usize, x)
            .parse()
            .unwrap_or(x)
    };
    if r == 0.0 { 0.0 } else { r }
}

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

/// A writer of a file's content.
pub type WriteFn<'a> = Box<dyn Fn(&mut (dyn std::io::Write + Send)) -> std::io::Result<()> + 'a>;

/// One file of a result: its bytes, or a writer that streams it into the
/// file, so that a large table's text is never held in memory whole.
pub enum Content<'a> {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// Writes the file; may be called again if the write is retried in
    /// another folder.
    Stream(WriteFn<'a>),
}

impl Content<'_> {
    /// The bytes of the file (a stream written into memory).
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Content::Bytes(b) => Ok(b.clone()),
            Content::Stream(f) => {
                let mut v = Vec::new();
                f(&mut v)?;
                Ok(v)
            }
        }
    }
}

impl From<Vec<u8>> for Content<'_> {
    fn from(b: Vec<u8>) -> Self {
        Content::Bytes(b)
    }
}

/// Files given as bytes, as [`Content`].
pub fn as_content<'a>(files: &[(&'a str, Vec<u8>)]) -> Vec<(&'a str, Content<'static>)> {
    files
        .iter()
        .map(|(n, b)| (*n, Content::Bytes(b.clone())))
        .collect()
}

/// Writes the files into a new result folder, never replacing one: `dir`,
/// or, when another run has taken that name since [`prepare_output`]
/// chose it, the next free `<name>-N`. The final rename is the kernel's
/// atomic rename of a complete folder, which fails on a folder that holds a
/// result, so two runs started together both keep their results. Returns
/// the folder that holds the result.
pub fn write_new_results(dir: &Path, files: &[(&str, Content<'_>)]) -> Result<PathBuf, Error> {
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
pub fn write_results(dir: &Path, files: &[(&str, Content<'_>)]) -> Result<(), Error> {
    write_into(dir, files, true).map(|_| ())
}

fn write_into(dir: &Path, files: &[(&str, Content<'_>)], replace: bool) -> Result<Written, Error> {
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
        for (file, content) in files {
            let p = tmp.join(file);
            if let Some(sub) = p.parent().filter(|d| *d != tmp) {
                std::fs::create_dir_all(sub).map_err(io(sub, "create a result subfolder"))?;
            }
            match content {
                Content::Bytes(bytes) => std::fs::write(&p, bytes).map_err(io(&p, "write"))?,
                Content::Stream(write) => {
                    use std::io::Write;
                    let f = std::fs::File::create(&p).map_err(io(&p, "write"))?;
                    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                    write(&mut w)
                        .and_then(|()| w.flush())
                        .map_err(io(&p, "write"))?;
                }
            }
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

    #[test]
    fn numbers_keep_ten_significant_digits() {
        assert_eq!(round_sig(97.69999999999999).to_string(), "97.7");
        assert_eq!(round_sig(0.34873769790329484).to_string(), "0.3487376979");
        assert_eq!(round_sig(40252.05664730583).to_string(), "40252.05665");
        assert_eq!(round_sig(2685.0), 2685.0);
        assert_eq!(round_sig(9_999_999_999.0), 9_999_999_999.0);
        assert_eq!(round_sig(123_456_789_012.0), 123_456_789_000.0);
        assert_eq!(round_sig(-0.0).to_string(), "0");
        assert_eq!(round_sig(-1.5e-30).to_string(), format!("{}", -1.5e-30));
        assert!(round_sig(f64::NAN).is_nan());
        for x in [
            1.0 / 3.0,
            2.0 / 3.0,
            1e-7 / 3.0,
            123.456789123456,
            0.95,
            7.0e15 / 3.0,
        ] {
            let r = round_sig(x);
            assert_eq!(round_sig(r), r, "{x}");
            let digits = format!("{r:e}")
                .chars()
                .take_while(|c| *c != 'e')
                .filter(char::is_ascii_digit)
                .count();
            assert!(digits <= 10, "{x} -> {r}");
            assert!(((r - x) / x).abs() < 1e-9, "{x} -> {r}");
        }
    }

    #[test]
    fn existing_results_are_kept_and_stale_partials_removed() {
        let root = tempfile::tempdir().unwrap();
        let p = prepare_output(root.path(), "s", false).unwrap();
        assert_eq!(p.dir, root.path().join("s"));
        assert!(p.notes.is_empty());
        write_results(&p.dir, &[("a.txt", Content::Bytes(b"1".to_vec()))]).unwrap();
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
        let a = write_new_results(&p.dir, &[("who", Content::Bytes(b"first".to_vec()))]).unwrap();
        let b = write_new_results(&q.dir, &[("who", Content::Bytes(b"second".to_vec()))]).unwrap();
        assert_eq!(a, root.path().join("s"));
        assert_eq!(b, root.path().join("s-2"));
        assert_eq!(std::fs::read(a.join("who")).unwrap(), b"first");
        assert_eq!(std::fs::read(b.join("who")).unwrap(), b"second");
        // From s-2 the next is s-3, and no temporary folder is left.
        let c = write_new_results(&b, &[("who", Content::Bytes(b"third".to_vec()))]).unwrap();
        assert_eq!(c, root.path().join("s-3"));
        let mut names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["s", "s-2", "s-3"]);
    }

    #[test]
    fn a_streamed_file_is_written_whole_or_no_result_is_there() {
        // Issue 12, class 8: the large tables are streamed into their files.
        let root = tempfile::tempdir().unwrap();
        let big = Content::Stream(Box::new(|w| {
            for i in 0..200_000 {
                writeln!(w, "{i},{}", i * 7)?;
            }
            Ok(())
        }));
        let want = big.to_bytes().unwrap();
        let dir = write_new_results(&root.path().join("r"), &[("runs.csv", big)]).unwrap();
        assert_eq!(std::fs::read(dir.join("runs.csv")).unwrap(), want);
        // A stream that fails halfway (a full disk) names the file and
        // leaves neither a result nor a temporary folder.
        let broken = Content::Stream(Box::new(|w| {
            w.write_all(b"run,period\n0,")?;
            Err(std::io::Error::other("No space left on device"))
        }));
        let e = write_new_results(&root.path().join("s"), &[("runs.csv", broken)])
            .unwrap_err()
            .to_string();
        assert!(e.contains("runs.csv"), "{e}");
        let mut names: Vec<String> = std::fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["r"]);
    }

    #[test]
    fn results_replace_atomically() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("r");
        write_results(&dir, &[("a.txt", Content::Bytes(b"old".to_vec()))]).unwrap();
        write_results(&dir, &[("a.txt", Content::Bytes(b"new".to_vec()))]).unwrap();
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
