//! Property tests: no input may panic the scenario loader or the engine.
//!
//! 1. Arbitrary text, and byte mutations of real scenarios (deletions,
//!    insertions, swapped and duplicated lines, numbers replaced by nan, inf,
//!    -0, 1e308…, duplicated tables), go through [`scenario::load_str`].
//! 2. Arbitrary `--set` specs (real key paths of `defaults.toml`, typos and
//!    junk; numbers, strings, arrays, inline tables, dates) go through
//!    `load_str`, mostly with the default scenario; a fourth property uses
//!    plausible specs (real keys, defaults scaled, meaningful words), most of
//!    which load.
//! 3. For every input that loads: the resolved scenario (`to_toml`) loads
//!    again to the same scenario; `describe` neither panics nor reports an
//!    internal error; and a version shortened to at most 61 days
//!    (`--set end=<start + 0…60 days>`, `warmup_days=0`) compiles with
//!    [`Model::new`] without an internal error and is simulated once with
//!    [`engine::simulate`] (and its KPIs computed) without a panic. Inputs
//!    too big to simulate quickly are skipped (`too_big`), and so are inputs
//!    that hit a known bug (`known_bug`, each with an ignored `regression_…`
//!    test at the end of this file).
//!
//! The number of cases per property is `PROPTEST_CASES` (default
//! [`DEFAULT_CASES`]: 10–20 s for the whole file on two cores). For a long
//! run: `PROPTEST_CASES=400000 cargo test --release --test fuzz_scenario --
//! --nocapture` (see docs/fuzzing.md); `--nocapture` shows how many inputs
//! loaded and were simulated. A case that runs longer than [`CASE_TIMEOUT`]
//! aborts the process after printing its input.

use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};
use toml::{Table, Value};
use vtsim::engine::{self, Model};
use vtsim::scenario::{self, DEFAULT_SCENARIO_TOML, DEFAULTS_TOML, Scenario};

/// Cases per property when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 10_000;

/// Longest a single case may take before the watchdog aborts.
const CASE_TIMEOUT: Duration = Duration::from_secs(120);

/// Scenarios to mutate: the embedded default, a small one with most optional
/// features, and the documented file that sets every key.
const BASES: [(&str, &str); 3] = [
    ("zhz-2025-2026", DEFAULT_SCENARIO_TOML),
    ("tiny-rich", include_str!("fixtures/tiny-rich.toml")),
    ("example-full", include_str!("../docs/example-full.toml")),
];

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    ProptestConfig {
        cases,
        // Shrinking re-runs the simulation; keep it bounded.
        max_shrink_iters: 4096,
        // Failures are kept as `regression_…` tests below, not in a file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// The checks.
// ---------------------------------------------------------------------------

/// Loads `text` with `overrides`; when it loads, checks the loaded scenario
/// (see [`check_scenario`]).
fn check(text: &str, overrides: &[String], days: u32) -> Outcome {
    let _guard = Watchdog::arm(text, overrides);
    match scenario::load_str(text, "fuzz.toml", overrides) {
        Ok(s) => check_scenario(text, overrides, &s, days),
        Err(_) => Outcome::Rejected,
    }
}

/// What became of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The loader rejected it.
    Rejected,
    /// It loaded, but its shortened version did not, or could not be
    /// compiled (a clean error).
    NotRun,
    /// It loaded but is too big to simulate quickly.
    TooBig,
    /// It loaded but hits a known bug.
    KnownBug,
    /// It loaded and was simulated.
    Simulated,
}

/// For a scenario that loaded: its resolved form loads to the same scenario,
/// `describe` does not panic, and a version shortened to `days` + 1 days
/// without warm-up compiles and simulates once without panicking (unless it
/// is too big to run quickly or hits a known bug).
fn check_scenario(text: &str, overrides: &[String], s: &Scenario, days: u32) -> Outcome {
    if known_bug(s) {
        return Outcome::KnownBug;
    }
    let resolved = scenario::to_toml(s).expect("a loaded scenario serializes");
    match scenario::load_str(&resolved, "resolved.toml", &[]) {
        Ok(again) => assert!(
            again == *s,
            "the resolved scenario loads to a different scenario:\n{resolved}"
        ),
        Err(e) => panic!("the resolved scenario does not load: {e}\n{resolved}"),
    }
    if let Err(e @ vtsim::Error::Internal { .. }) = vtsim::describe::describe(s) {
        panic!("describe: {e}");
    }

    let Ok(end) = s.start.checked_add(jiff::Span::new().days(i64::from(days))) else {
        return Outcome::NotRun;
    };
    let mut short = overrides.to_vec();
    short.push(format!("end={end}"));
    short.push("warmup_days=0".into());
    let Ok(s) = scenario::load_str(text, "fuzz.toml", &short) else {
        return Outcome::NotRun;
    };
    if too_big(&s) {
        return Outcome::TooBig;
    }
    if known_bug(&s) {
        return Outcome::KnownBug;
    }
    let model = match Model::new(&s) {
        Ok(m) => m,
        Err(e @ vtsim::Error::Internal { .. }) => panic!("Model::new: {e}"),
        Err(_) => return Outcome::NotRun,
    };
    let rep = engine::simulate(&model, 1, 0);
    let periods = vtsim::metrics::periods(&model);
    let _ = vtsim::metrics::replication_kpis(&model, &rep, &periods);
    Outcome::Simulated
}

/// Inputs whose simulation would take long or need much memory: they are
/// valid, just not for a fast test.
fn too_big(s: &Scenario) -> bool {
    const MAX_PEOPLE: f64 = 20_000.0;
    const MAX_VOLUME: f64 = 1_000_000.0;
    let w = &s.workforce;
    let people = if w.groups.is_empty() {
        w.fte.unwrap_or(0.0) / w.contract_fte
    } else {
        w.groups.iter().map(|g| f64::from(g.count)).sum()
    };
    let budget = w
        .budget_changes
        .iter()
        .map(|c| c.fte)
        .chain([w.initial_budget()])
        .fold(0.0, f64::max);
    let (y0, y1) = (s.start.year() - 1, s.end.year() + 1);
    let volume_ok = (y0..=y1).all(|y| {
        [&s.inflow.meldingen, &s.inflow.adviezen]
            .iter()
            .all(|st| st.volume_of(y).is_finite() && st.volume_of(y) <= MAX_VOLUME)
    });
    let initial: u64 = s
        .initial
        .triage
        .iter()
        .map(|t| u64::from(t.count))
        .chain(s.initial.services.iter().map(|t| u64::from(t.count)))
        .chain(s.initial.monitoring.iter().map(|t| u64::from(t.count)))
        .sum();
    let vacancies = budget / w.contract_fte;
    let small = people.is_finite()
        && people <= MAX_PEOPLE
        && vacancies.is_finite()
        && vacancies <= MAX_PEOPLE
        && volume_ok
        && initial <= 200_000;
    !small
}

/// Known bugs still open (none: every one found so far is fixed and kept as
/// a `regression_…` test below). A new one is listed here, with its ignored
/// regression test, until it is fixed.
fn known_bug(_s: &Scenario) -> bool {
    false
}

// ---------------------------------------------------------------------------
// Watchdog: a case that hangs aborts the process and names its input.
// ---------------------------------------------------------------------------

type Running = Mutex<HashMap<std::thread::ThreadId, (String, Instant)>>;

fn running() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        std::thread::spawn(|| {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let map = running().lock().unwrap_or_else(|e| e.into_inner());
                if let Some((input, _)) = map.values().find(|(_, t)| t.elapsed() > CASE_TIMEOUT) {
                    eprintln!("a case ran longer than {CASE_TIMEOUT:?}; its input:\n{input}");
                    std::process::abort();
                }
            }
        });
        Mutex::new(HashMap::new())
    })
}

struct Watchdog;

impl Watchdog {
    fn arm(text: &str, overrides: &[String]) -> Watchdog {
        let input = format!("--- text ---\n{text}\n--- overrides ---\n{overrides:#?}");
        running()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(std::thread::current().id(), (input, Instant::now()));
        Watchdog
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        running()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&std::thread::current().id());
    }
}

// ---------------------------------------------------------------------------
// Known keys and values.
// ---------------------------------------------------------------------------

/// Every key path of `defaults.toml` (tables and values), the keys without a
/// default, and the fields of distributions and volume tables.
fn known_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        fn walk(t: &Table, prefix: &str, out: &mut Vec<String>) {
            for (k, v) in t {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.push(path.clone());
                if let Value::Table(sub) = v {
                    walk(sub, &path, out);
                }
            }
        }
        let defaults: Table = toml::from_str(DEFAULTS_TOML).unwrap();
        let mut keys = Vec::new();
        walk(&defaults, "", &mut keys);
        for extra in [
            "name",
            "start",
            "end",
            "workforce.fte",
            "workforce.budget",
            "workforce.initial_vacancies_fte",
            "policy.urgent_first_days",
            "inflow.meldingen.dispersion",
            "inflow.adviezen.dispersion",
            "inflow.meldingen.volume.2025",
            "inflow.meldingen.volume.2026",
            "inflow.meldingen.volume.1900",
            "inflow.adviezen.volume.2025",
            "stages.triage.hours.cv",
            "stages.advice.min_days.cv",
            "stages.vv.min_days.dist",
        ] {
            keys.push(extra.to_string());
        }
        keys.sort();
        keys.dedup();
        keys
    })
}

/// The value at a key path in the default scenario, else in the defaults.
fn default_value(path: &str) -> Option<Value> {
    static DOCS: OnceLock<[Table; 2]> = OnceLock::new();
    let docs = DOCS.get_or_init(|| {
        [
            toml::from_str(DEFAULT_SCENARIO_TOML).unwrap(),
            toml::from_str(DEFAULTS_TOML).unwrap(),
        ]
    });
    docs.iter().find_map(|doc| {
        let mut v: Option<&Value> = None;
        let mut t = doc;
        for k in path.split('.') {
            let x = t.get(k)?;
            if let Value::Table(sub) = x {
                t = sub;
            }
            v = Some(x);
        }
        v.cloned()
    })
}

/// Every string value that means something somewhere in a scenario.
const WORDS: &[&str] = &[
    "poisson",
    "constant",
    "all_days",
    "working_days",
    "proportional",
    "strict",
    "shares",
    "oldest_first",
    "newest_first",
    "nl",
    "en",
    "fixed",
    "gamma",
    "lognormal",
    "exponential",
    "vv",
    "onderzoek",
    "advice",
    "triage",
    "service",
    "monitoring",
    "backlog",
    "triage_within_term",
    "absence_share",
    "",
];

/// Number-like replacements: the awkward ones.
const NUMBERS: &[&str] = &[
    "nan",
    "+nan",
    "-nan",
    "inf",
    "+inf",
    "-inf",
    "-0",
    "-0.0",
    "+0.0",
    "0",
    "0.0",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-300",
    "1e400",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "4294967295",
    "4294967296",
    "65536",
    "-1",
    "1",
    "0.5",
    "0.9",
    "1.0000001",
    "0.9999999",
    "1_000",
    "0x10",
    "0o7",
    "0b1",
    "1e",
    ".5",
    "5.",
    "01",
    "10000000",
    "10000001",
    "3660",
    "3661",
    "2025-02-30",
    "2025-01-01T00:00:00",
    "2025-01-01 08:00:00Z",
    "00:00:00",
    "0000-01-01",
    "9999-12-31",
];

fn float_text(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x:?}")
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NUMBERS).prop_map(str::to_string),
        1 => any::<f64>().prop_map(float_text),
        1 => any::<i64>().prop_map(|i| i.to_string()),
        1 => (0u32..5000).prop_map(|i| i.to_string()),
        1 => (-2.0f64..3.0).prop_map(float_text),
    ]
}

// ---------------------------------------------------------------------------
// 1. Text mutations.
// ---------------------------------------------------------------------------

/// A position: taken modulo the length of what it picks from.
type Pos = usize;

fn pick(i: &Pos, len: usize) -> usize {
    i % len
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Pos, u8),
    Insert(Pos, String),
    FlipByte(Pos, u8),
    Truncate(Pos),
    SwapLines(Pos, Pos),
    DuplicateLine(Pos),
    DeleteLine(Pos),
    ReplaceNumber(Pos, String),
    ReplaceString(Pos, String),
    DuplicateTable(Pos, bool),
}

fn insertion() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(known_keys().to_vec());
    prop_oneof![
        any::<char>().prop_map(String::from),
        "[\\[\\]{}=\"',.#\n \\\\]{1,3}",
        ".{1,8}",
        (key.clone(), number()).prop_map(|(k, v)| format!("\n{k} = {v}\n")),
        key.clone().prop_map(|k| format!("\n[{k}]\n")),
        key.prop_map(|k| format!("\n[[{k}]]\n")),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<usize>(), 1u8..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<usize>(), insertion()).prop_map(|(i, s)| Mutation::Insert(i, s)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        4 => (any::<usize>(), number()).prop_map(|(i, s)| Mutation::ReplaceNumber(i, s)),
        2 => (
            any::<usize>(),
            prop_oneof![
                proptest::sample::select(WORDS).prop_map(str::to_string),
                "[a-z_0-9 ./\\\\-]{0,12}",
                ".{0,6}",
            ]
        )
            .prop_map(|(i, s)| Mutation::ReplaceString(i, s)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(i, end)| Mutation::DuplicateTable(i, end)),
    ]
}

/// Byte ranges of number-like tokens (digits with signs, dots, dashes,
/// underscores and colons: numbers, dates and times).
fn number_spans(t: &[u8]) -> Vec<(usize, usize)> {
    let part = |c: u8| c.is_ascii_digit() || b"+-._:".contains(&c);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let starts = part(t[i]) && (i == 0 || !(t[i - 1].is_ascii_alphanumeric()));
        if starts {
            let j = (i..t.len()).find(|&j| !part(t[j])).unwrap_or(t.len());
            if t[i..j].iter().any(u8::is_ascii_digit) {
                spans.push((i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    spans
}

/// Byte ranges of the contents of `"…"` strings on one line.
fn string_spans(t: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (i, &c) in t.iter().enumerate() {
        match (c, open) {
            (b'"', None) => open = Some(i + 1),
            (b'"', Some(s)) => {
                spans.push((s, i));
                open = None;
            }
            (b'\n', _) => open = None,
            _ => {}
        }
    }
    spans
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut t: Vec<u8> = text.as_bytes().to_vec();
    for m in mutations {
        let lines = |t: &[u8]| -> Vec<Vec<u8>> {
            t.split_inclusive(|&c| c == b'\n')
                .map(<[u8]>::to_vec)
                .collect()
        };
        match m {
            Mutation::Delete(i, n) if !t.is_empty() => {
                let a = pick(i, t.len());
                let b = (a + usize::from(*n)).min(t.len());
                t.drain(a..b);
            }
            Mutation::Insert(i, s) => {
                let a = pick(i, t.len() + 1);
                t.splice(a..a, s.bytes());
            }
            Mutation::FlipByte(i, b) if !t.is_empty() => {
                let a = pick(i, t.len());
                t[a] = *b;
            }
            Mutation::Truncate(i) => t.truncate(pick(i, t.len() + 1)),
            Mutation::SwapLines(a, b) => {
                let mut l = lines(&t);
                if !l.is_empty() {
                    let (a, b) = (pick(a, l.len()), pick(b, l.len()));
                    l.swap(a, b);
                    t = l.concat();
                }
            }
            Mutation::DuplicateLine(i) => {
                let mut l = lines(&t);
                if !l.is_empty() {
                    let a = pick(i, l.len());
                    let mut dup = l[a].clone();
                    if !dup.ends_with(b"\n") {
                        dup.push(b'\n');
                    }
                    l.insert(a, dup);
                    t = l.concat();
                }
            }
            Mutation::DeleteLine(i) => {
                let mut l = lines(&t);
                if !l.is_empty() {
                    l.remove(pick(i, l.len()));
                    t = l.concat();
                }
            }
            Mutation::ReplaceNumber(i, s) => {
                let spans = number_spans(&t);
                if !spans.is_empty() {
                    let (a, b) = spans[pick(i, spans.len())];
                    t.splice(a..b, s.bytes());
                }
            }
            Mutation::ReplaceString(i, s) => {
                let spans = string_spans(&t);
                if !spans.is_empty() {
                    let (a, b) = spans[pick(i, spans.len())];
                    t.splice(a..b, s.bytes());
                }
            }
            Mutation::DuplicateTable(i, at_end) => {
                let l = lines(&t);
                let headers: Vec<usize> = (0..l.len())
                    .filter(|&k| l[k].trim_ascii_start().starts_with(b"["))
                    .collect();
                if !headers.is_empty() {
                    let h = headers[pick(i, headers.len())];
                    let next = (h + 1..l.len())
                        .find(|&k| l[k].trim_ascii_start().starts_with(b"["))
                        .unwrap_or(l.len());
                    let mut section: Vec<Vec<u8>> = l[h..next].to_vec();
                    if let Some(last) = section.last_mut()
                        && !last.ends_with(b"\n")
                    {
                        last.push(b'\n');
                    }
                    let mut out = l.clone();
                    let at = if *at_end { l.len() } else { next };
                    if *at_end && out.last().is_some_and(|x| !x.ends_with(b"\n")) {
                        out.last_mut().unwrap().push(b'\n');
                    }
                    out.splice(at..at, section);
                    t = out.concat();
                }
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&t).into_owned()
}

// ---------------------------------------------------------------------------
// 2. `--set` specs.
// ---------------------------------------------------------------------------

/// A value of an override, rendered as the text after `=`.
#[derive(Debug, Clone)]
enum Val {
    /// A number-like token from [`number`].
    Number(String),
    /// A quoted string.
    Str(String),
    /// Unquoted text (taken as a bare string when it is not TOML).
    Bare(String),
    Bool(bool),
    /// A date; `time` adds a time of day; `quoted` writes it as a string.
    Date {
        y: u16,
        m: u8,
        d: u8,
        time: bool,
        quoted: bool,
    },
    Array(Vec<Val>),
    Table(Vec<(String, Val)>),
    /// The default value at the path, with every number times the factor.
    Scaled(f64),
    /// A meaningful word.
    Word(&'static str),
}

fn render(v: &Val, path: &str) -> String {
    match v {
        Val::Number(s) | Val::Bare(s) => s.clone(),
        Val::Str(s) => format!("{s:?}"),
        Val::Bool(b) => b.to_string(),
        Val::Date {
            y,
            m,
            d,
            time,
            quoted,
        } => {
            let mut s = format!("{y:04}-{m:02}-{d:02}");
            if *time {
                s.push_str("T08:30:00");
            }
            if *quoted { format!("\"{s}\"") } else { s }
        }
        Val::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|x| render(x, path))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Val::Table(kv) => format!(
            "{{ {} }}",
            kv.iter()
                .map(|(k, x)| format!("{k} = {}", render(x, path)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Val::Scaled(f) => match default_value(path) {
            Some(v) => scale(&v, *f).to_string(),
            None => float_text(*f),
        },
        Val::Word(w) => format!("{w:?}"),
    }
}

/// Multiplies every number in a TOML value by `f` (integers stay integers).
fn scale(v: &Value, f: f64) -> Value {
    match v {
        Value::Integer(i) => {
            let x = (*i as f64 * f).round();
            if x.is_finite() && x.abs() < 9e18 {
                Value::Integer(x as i64)
            } else {
                Value::Integer(*i)
            }
        }
        Value::Float(x) => Value::Float(x * f),
        Value::Array(a) => Value::Array(a.iter().map(|x| scale(x, f)).collect()),
        Value::Table(t) => Value::Table(t.iter().map(|(k, x)| (k.clone(), scale(x, f))).collect()),
        other => other.clone(),
    }
}

fn factor() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (-3.0f64..3.0).prop_map(|e| 10f64.powf(e)),
        1 => Just(0.0),
        1 => Just(-1.0),
        1 => Just(1.0),
        1 => Just(1e-300),
        1 => Just(1e9),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ]
}

fn date() -> impl Strategy<Value = Val> {
    (
        prop_oneof![Just(0u16), Just(1), Just(9999), 1899u16..2202, 0u16..10000],
        prop_oneof![4 => 1u8..13, 1 => 0u8..100],
        prop_oneof![4 => 1u8..29, 1 => 0u8..100],
        proptest::bool::weighted(0.1),
        any::<bool>(),
    )
        .prop_map(|(y, m, d, time, quoted)| Val::Date {
            y,
            m,
            d,
            time,
            quoted,
        })
}

fn leaf() -> impl Strategy<Value = Val> {
    prop_oneof![
        3 => number().prop_map(Val::Number),
        1 => ".{0,10}".prop_map(Val::Str),
        1 => "[a-z_0-9/.\\[\\]{}=\" -]{0,12}".prop_map(Val::Bare),
        1 => any::<bool>().prop_map(Val::Bool),
        2 => date(),
        3 => factor().prop_map(Val::Scaled),
        2 => proptest::sample::select(WORDS).prop_map(Val::Word),
    ]
}

fn value() -> impl Strategy<Value = Val> {
    let field = prop_oneof![
        proptest::sample::select(vec![
            "dist",
            "mean",
            "cv",
            "count",
            "fte",
            "age_days",
            "route",
            "hours_spent",
            "from",
            "rate",
            "share",
            "start",
            "end",
            "metric",
            "value",
            "2025",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,6}",
    ];
    leaf().prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..13).prop_map(Val::Array),
            proptest::collection::vec((field.clone(), inner), 0..5).prop_map(Val::Table),
        ]
    })
}

fn key_path() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(known_keys().to_vec());
    prop_oneof![
        6 => key.clone(),
        1 => (key.clone(), "[a-z_0-9]{0,6}").prop_map(|(k, j)| format!("{k}.{j}")),
        1 => (key.clone(), any::<usize>(), any::<char>()).prop_map(|(k, i, c)| {
            let mut chars: Vec<char> = k.chars().collect();
            let at = pick(&i, chars.len());
            chars[at] = c;
            chars.into_iter().collect()
        }),
        1 => "[a-z_.]{0,20}",
        1 => ".{0,12}",
    ]
}

fn set_spec() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (key_path(), value()).prop_map(|(k, v)| {
            let text = render(&v, &k);
            format!("{k}={text}")
        }),
        1 => ".{0,20}",
        1 => key_path(),
    ]
}

/// Known keys whose default (in the default scenario or the defaults) is
/// text, and the rest.
fn keys_by_kind() -> &'static (Vec<String>, Vec<String>) {
    static KINDS: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    KINDS.get_or_init(|| {
        known_keys()
            .iter()
            .cloned()
            .partition(|k| matches!(default_value(k), Some(Value::String(_))))
    })
}

/// A mild factor mostly, sometimes an extreme one.
fn plausible_factor() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (-1.0f64..1.0).prop_map(|e| 10f64.powf(e)),
        1 => factor(),
    ]
}

/// Plausible overrides: a real key with its default scaled, a meaningful
/// word for a text key, or a date for a date key; many of these load, so
/// they reach the engine.
fn plausible_spec() -> impl Strategy<Value = String> {
    let (text_keys, other_keys) = keys_by_kind().clone();
    let numeric = proptest::sample::select(other_keys);
    let text = proptest::sample::select(text_keys);
    let date_key = proptest::sample::select(vec!["start", "end", "holidays.add"]);
    prop_oneof![
        6 => (numeric, plausible_factor())
            .prop_map(|(k, f)| format!("{k}={}", render(&Val::Scaled(f), &k))),
        2 => (text, proptest::sample::select(WORDS)).prop_map(|(k, w)| format!("{k}={w:?}")),
        1 => (date_key, date()).prop_map(|(k, d)| {
            let d = render(&d, "");
            if k == "holidays.add" { format!("{k}=[{d}]") } else { format!("{k}={d}") }
        }),
    ]
}

// ---------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------

/// Runs a property over `config().cases` inputs and prints what became of
/// them (`cargo test -- --nocapture` shows it). On failure, panics with the
/// minimal failing input.
fn property<S: Strategy>(name: &str, strategy: S, test: impl Fn(&S::Value) -> Outcome)
where
    S::Value: std::fmt::Debug,
{
    let tally = Mutex::new([0usize; 5]);
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let started = Instant::now();
    let result = runner.run(&strategy, |v| {
        let o = test(&v);
        tally.lock().unwrap_or_else(|e| e.into_inner())[o as usize] += 1;
        Ok(())
    });
    let t = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!(
        "{name}: {} inputs in {:.1} s: {} rejected, {} loaded: {} simulated, {} too big, \
         {} known bug",
        t.iter().sum::<usize>(),
        started.elapsed().as_secs_f64(),
        t[Outcome::Rejected as usize],
        t[1..].iter().sum::<usize>(),
        t[Outcome::Simulated as usize],
        t[Outcome::TooBig as usize],
        t[Outcome::KnownBug as usize],
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// (a) Any text: the loader returns, it never panics.
#[test]
fn arbitrary_text_never_panics() {
    let text = prop_oneof![any::<String>(), "[\\[\\]{}=\"',.#\n a-z0-9_+:-]{0,300}"];
    property("arbitrary text", (text, 0u32..=60), |(text, days)| {
        check(text, &[], *days)
    });
}

/// (a) Mutations of real scenarios.
#[test]
fn mutated_scenarios_never_panic() {
    let strategy = (
        0usize..BASES.len(),
        proptest::collection::vec(mutation(), 1..5),
        0u32..=60,
    );
    property("mutated scenarios", strategy, |(base, mutations, days)| {
        check(&apply(BASES[*base].1, mutations), &[], *days)
    });
}

/// (b) Arbitrary `--set` specs, mostly on the default scenario.
#[test]
fn arbitrary_overrides_never_panic() {
    let strategy = (
        prop_oneof![3 => Just(0usize), 1 => 0usize..BASES.len()],
        proptest::collection::vec(set_spec(), 1..6),
        0u32..=60,
    );
    property("arbitrary --set", strategy, |(base, specs, days)| {
        check(BASES[*base].1, specs, *days)
    });
}

/// (c) Plausible overrides, most of which load and so are simulated.
#[test]
fn plausible_overrides_simulate_without_panic() {
    let strategy = (
        0usize..BASES.len(),
        proptest::collection::vec(plausible_spec(), 1..5),
        0u32..=60,
    );
    property("plausible --set", strategy, |(base, specs, days)| {
        check(BASES[*base].1, specs, *days)
    });
}

// ---------------------------------------------------------------------------
// Sanity of the harness itself.
// ---------------------------------------------------------------------------

#[test]
fn the_bases_load_and_are_simulated() {
    for (name, text) in BASES {
        let s = scenario::load_str(text, name, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!too_big(&s), "{name} counts as too big");
        assert!(!known_bug(&s), "{name} counts as a known bug");
        assert_eq!(check(text, &[], 30), Outcome::Simulated, "{name}");
    }
}

#[test]
fn mutations_change_the_text() {
    let base = BASES[0].1;
    let n = number_spans(base.as_bytes()).len();
    assert!(n > 20, "only {n} numbers found in the default scenario");
    assert!(string_spans(base.as_bytes()).len() > 5);
    let swapped = apply(base, &[Mutation::ReplaceNumber(0, "nan".into())]);
    assert_ne!(swapped, base);
    let dup = apply(
        "a = 1\n[t]\nb = 2\n[u]\nc = 3\n",
        &[Mutation::DuplicateTable(0, false)],
    );
    assert_eq!(dup, "a = 1\n[t]\nb = 2\n[t]\nb = 2\n[u]\nc = 3\n");
    assert!(known_keys().iter().any(|k| k == "stages.triage.hours"));
    assert_eq!(
        render(&Val::Scaled(2.0), "workforce.fte"),
        "126.8",
        "scaled from the default scenario's 63.40"
    );
}

// ---------------------------------------------------------------------------
// Regressions found by fuzzing (see docs/fuzzing.md).
// ---------------------------------------------------------------------------
//
// Each is the minimised input of a failure, asserting the behaviour wanted:
// the input is rejected by the loader with a clean error, or it compiles and
// simulates. While a bug is open its test is ignored so that CI stays green; run them
// with `cargo test --test fuzz_scenario -- --ignored`. All of them are fixed
// now and run with the rest.

/// A small valid scenario the regressions modify with `--set` specs.
const MINIMAL: &str = r#"name = "regression"
start = 2025-01-01
end = 2025-01-31

[inflow.meldingen]
volume = { 2025 = 600 }

[workforce]
fte = 10.0
"#;

/// Loads [`MINIMAL`] with `overrides`; when it loads, it must compile without
/// an internal error and simulate once without panicking.
fn must_run_or_be_rejected(overrides: &[&str]) {
    let o: Vec<String> = overrides.iter().map(|x| x.to_string()).collect();
    let Ok(s) = scenario::load_str(MINIMAL, "regression.toml", &o) else {
        return;
    };
    let model = match Model::new(&s) {
        Ok(m) => m,
        Err(e @ vtsim::Error::Internal { .. }) => panic!("Model::new: {e}"),
        Err(_) => return,
    };
    let rep = engine::simulate(&model, 1, 0);
    let periods = vtsim::metrics::periods(&model);
    let _ = vtsim::metrics::replication_kpis(&model, &rep, &periods);
}

/// Panics (`invalid date`, jiff `Date::constant` called by
/// `calendar::easter`, src/calendar.rs:64, from `Calendar::new` in
/// `Model::new`) when the calendar reaches back to the year −2 or earlier:
/// the computus gives an invalid month for negative years. `start` may be
/// 0000-01-01; the warm-up or the initial ages (plus 10 days) reach back.
#[test]

fn regression_calendar_before_year_minus_1_panics_in_easter() {
    must_run_or_be_rejected(&["start=0000-01-01", "end=0000-01-01", "warmup_days=360"]);
    must_run_or_be_rejected(&[
        "start=0000-01-01",
        "end=0000-01-01",
        "initial.triage=[{ count = 1, age_days = [0, 360] }]",
    ]);
}

/// `Model::new` returns an internal error ("calendar end out of range") when
/// `end` + 1200 days passes 9999-12-31; the loader accepts such dates.
#[test]

fn regression_horizon_near_year_9999_is_an_internal_error() {
    must_run_or_be_rejected(&["start=9999-12-01", "end=9999-12-31"]);
}

/// `Model::new` returns an internal error ("cannot build the distribution:
/// scale is not positive in gamma distribution") for a gamma cv below about
/// 1e-155: the shape 1/cv² overflows to infinity and the scale to 0. The
/// validation accepts any cv in (0, 10].
#[test]

fn regression_gamma_with_a_tiny_cv_is_an_internal_error() {
    must_run_or_be_rejected(&["stages.triage.hours.cv=1e-200"]);
}

/// A negative binomial dispersion `k` so small that λ/k overflows makes the
/// gamma draw infinite; `Rates::sample` then returns `u32::MAX` arrivals for
/// the day (src/inflow.rs, the Poisson fallback), and the simulation tries to
/// allocate them (memory exhausted: the process aborts). This test samples
/// the daily counts only, so it is safe to run.
#[test]

fn regression_subnormal_dispersion_floods_the_day_with_arrivals() {
    use rand::SeedableRng;
    let o = vec!["inflow.meldingen.dispersion=5e-324".to_string()];
    let Ok(s) = scenario::load_str(MINIMAL, "regression.toml", &o) else {
        return;
    };
    let cal = vtsim::calendar::Calendar::new(s.start, s.end, &s.holidays).unwrap();
    let (first, last) = (cal.day_of(s.start).unwrap(), cal.day_of(s.end).unwrap());
    let rates =
        vtsim::inflow::Rates::new(&s.inflow.meldingen, &cal, &s.holidays, first, last, |d| {
            cal.year(d)
        });
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(1);
    for d in first..=last {
        let n = rates.sample(d, &mut rng);
        assert!(
            n < 1_000_000,
            "{n} meldingen on day {d} (λ = {})",
            rates.lambda(d)
        );
    }
}

/// A tiny `workforce.contract_fte` makes the staff round(fte / contract_fte)
/// people: 1e-300 overflows `vec![member; n]` ("capacity overflow" panic in
/// `Workforce::new`, src/workforce.rs:259, from `engine::simulate`), 1e-9
/// asks for 6e10 people (memory exhausted: the process aborts, so that one
/// is only checked, not run).
#[test]

fn regression_tiny_contract_fte_overflows_the_staff() {
    let o = vec!["workforce.contract_fte=1e-9".to_string()];
    if let Ok(s) = scenario::load_str(MINIMAL, "regression.toml", &o) {
        let people = s.workforce.fte.unwrap_or(0.0) / s.workforce.contract_fte;
        assert!(
            people <= 100_000.0,
            "a staff of {people} people was accepted"
        );
    }
    must_run_or_be_rejected(&["workforce.contract_fte=1e-300"]);
}

/// The volume limit (10,000,000 a year) holds for listed years only: growth
/// from a listed year far from the horizon gives any volume (here 8e12 in
/// 2025; the simulation runs out of memory and aborts, so it is not run).
#[test]

fn regression_growth_from_an_old_year_exceeds_the_volume_limit() {
    let o = vec![
        "inflow.meldingen.volume={ 1900 = 1000 }".to_string(),
        "inflow.meldingen.growth=0.2".to_string(),
    ];
    if let Ok(s) = scenario::load_str(MINIMAL, "regression.toml", &o) {
        for y in s.start.year()..=s.end.year() {
            let v = s.inflow.meldingen.volume_of(y);
            assert!(v <= 10_000_000.0, "the volume of {y} is {v}");
        }
    }
}

/// With `workforce.groups`, `workforce.fte` is not validated ("ignored" says
/// docs/scenario-format.md), yet `Workforce::initial_budget` takes it as the
/// budget: `fte = nan` gives a NaN budget (`vtsim describe` prints "budget
/// (formatie), FTE NaN"; the resolved scenario no longer equals itself) and
/// `fte = 1e12` opens 1.2e12 vacancies (memory exhausted: the process aborts,
/// so it is only checked, not run).
#[test]

fn regression_fte_beside_groups_is_not_validated() {
    for fte in ["nan", "-5", "1e12"] {
        let o = vec![
            "workforce.groups=[{ count = 8, fte = 0.9 }]".to_string(),
            format!("workforce.fte={fte}"),
        ];
        if let Ok(s) = scenario::load_str(MINIMAL, "regression.toml", &o) {
            let b = s.workforce.initial_budget();
            assert!(
                b.is_finite() && (0.0..=100_000.0).contains(&b),
                "fte = {fte} beside groups was accepted: budget {b}"
            );
        }
    }
}
