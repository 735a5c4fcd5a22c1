//! Scenario files: loading, defaults, `--set` overrides and validation.
//!
//! A scenario is a TOML document. It is read in these steps, each of which
//! reports errors with the file, line and column, the key path, what is wrong
//! and what is allowed:
//!
//! 1. parse the file (syntax errors);
//! 2. check every key against the known parameters (unknown keys, with a
//!    "did you mean");
//! 3. merge the file over the embedded defaults (`defaults.toml`), then apply
//!    the `--set key.path=value` overrides;
//! 4. deserialize into [`Scenario`] (type errors);
//! 5. [`Scenario::validate`] (ranges, sums, dates, names).
//!
//! The result is a fully resolved [`Scenario`]: every parameter explicit,
//! ready to be written next to the results as `scenario.resolved.toml`.

mod measures;
mod types;
pub mod uncertain;

pub use measures::*;
pub use types::*;
pub use uncertain::UncertainInput;

use crate::error::{Error, Location};
use toml::{Table, Value};
use types::num;

/// The embedded defaults every scenario is merged over.
pub const DEFAULTS_TOML: &str = include_str!("scenario/defaults.toml");

/// The embedded default scenario (Zuid-Holland-Zuid 2025–2026, the board
/// decision of 11 July 2024).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../scenarios/zhz-2025-2026.toml");

/// Name under which the embedded default scenario is reported.
pub const DEFAULT_SCENARIO_ORIGIN: &str = "<embedded scenarios/zhz-2025-2026.toml>";

/// Keys that are valid although the defaults do not list them: required keys
/// and optional keys without a default.
const EXTRA_KEYS: &[&str] = &[
    "name",
    "extends",
    "measures_replace",
    "start",
    "end",
    "workforce.fte",
    "workforce.budget",
    "workforce.initial_vacancies_fte",
    "policy.urgent_first_days",
    "inflow.meldingen.dispersion",
    "inflow.adviezen.dispersion",
];

/// Tables whose keys are free (years of a volume table).
const FREE_TABLES: &[&str] = &["inflow.meldingen.volume", "inflow.adviezen.volume"];

/// A scenario with the warnings its loading produced.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The resolved, validated scenario.
    pub scenario: Scenario,
    /// Valid but probably unintended settings, each with its place
    /// (`file:line:col: key: message`).
    pub warnings: Vec<String>,
}

/// One scenario file of an `extends` chain.
struct Layer {
    origin: String,
    text: String,
    table: Table,
}

/// Loads a scenario from TOML text with overrides, fully validated.
///
/// `origin` names the source in error messages (a file path, or the embedded
/// scenario). `overrides` are `key.path=value` strings as given to `--set`.
/// Text cannot `extends` another file (use [`load`] with a path).
pub fn load_str(text: &str, origin: &str, overrides: &[String]) -> Result<Scenario, Error> {
    let table: Table = toml::from_str(text).map_err(|e| parse_error(text, origin, &e))?;
    if table.contains_key("extends") {
        return Err(Error::Scenario {
            at: Location::in_text(origin, text, "extends"),
            message: "`extends` names a base file relative to this one, so it works only in a \
                      scenario file read from disk"
                .into(),
        });
    }
    let layers = vec![Layer {
        origin: origin.to_string(),
        text: text.to_string(),
        table,
    }];
    load_layers(layers, overrides).map(|l| l.scenario)
}

/// Deepest chain of `extends` followed.
const MAX_EXTENDS: usize = 16;

/// Merges the layers (base first) over the defaults, applies the overrides
/// and validates.
fn load_layers(mut layers: Vec<Layer>, overrides: &[String]) -> Result<Loaded, Error> {
    let defaults: Table = toml::from_str(DEFAULTS_TOML).map_err(|e| Error::Internal {
        message: format!("embedded defaults do not parse: {e}"),
    })?;
    // Merge the files: tables merge, values and lists replace, except that
    // measures append unless a file says `measures_replace = true`. Keep
    // where each measure was written.
    let mut user = Table::new();
    let mut measures: Vec<Value> = Vec::new();
    let mut provenance: Vec<(usize, usize)> = Vec::new();
    for (li, l) in layers.iter_mut().enumerate() {
        let replace = match l.table.remove("measures_replace") {
            None => false,
            Some(Value::Boolean(b)) => b,
            Some(other) => {
                return Err(Error::Scenario {
                    at: Location::in_text(&l.origin, &l.text, "measures_replace"),
                    message: format!("expected true or false, got {}", plain_value(&other)),
                });
            }
        };
        // Each file's keys are checked where they are written.
        let at = |key: &str| Location::in_text(&l.origin, &l.text, key);
        check_keys(&l.table, &defaults, "", &at)?;
        if replace {
            measures.clear();
            provenance.clear();
        }
        match l.table.remove("measures") {
            None => {}
            Some(Value::Array(a)) => {
                for (i, m) in a.into_iter().enumerate() {
                    measures.push(m);
                    provenance.push((li, i));
                }
            }
            Some(other) => {
                return Err(Error::Scenario {
                    at: Location::in_text(&l.origin, &l.text, "measures"),
                    message: format!(
                        "`measures` is a list of tables ([[measures]]), got {}",
                        plain_value(&other)
                    ),
                });
            }
        }
        merge(&mut user, l.table.clone());
    }
    user.insert("measures".into(), Value::Array(measures));
    // The place of a key: a measure where it was written, anything else in
    // the last file that writes it.
    let at = |key: &str| -> Location {
        if let Some(rest) = key.strip_prefix("measures[")
            && let Some((idx, tail)) = rest.split_once(']')
            && let Ok(i) = idx.parse::<usize>()
            && let Some(&(li, local)) = provenance.get(i)
        {
            let l = &layers[li];
            let local_key = format!("measures[{local}]{tail}");
            let mut loc = Location::in_text(&l.origin, &l.text, &local_key);
            loc.key = Some(key.to_string());
            return loc;
        }
        for l in layers.iter().rev() {
            let loc = Location::in_text(&l.origin, &l.text, key);
            if loc.line_col.is_some() {
                return loc;
            }
        }
        let last = layers.last().map_or("<scenario>", |l| l.origin.as_str());
        Location::in_text(last, "", key)
    };
    let origin = layers.last().map_or("<scenario>", |l| l.origin.as_str());
    // An error in a value set by `--set` is reported at that override.
    let set_by = |key: &str| -> Option<String> {
        overrides.iter().rev().find_map(|o| {
            let path = o.split_once('=')?.0.trim();
            let hit = key == path
                || key.starts_with(&format!("{path}."))
                || key.starts_with(&format!("{path}["))
                || path.starts_with(&format!("{key}."));
            hit.then(|| o.clone())
        })
    };
    // A rule over several values (a sum of shares) names one of them; when
    // the user changed a sibling the message names with `--set`, that
    // override is the one to blame, not a value nobody wrote.
    let sibling_set = |key: &str, message: &str| -> Option<(String, String)> {
        let parent = key.rsplit_once('.').map_or("", |(p, _)| p);
        overrides.iter().rev().find_map(|o| {
            let path = o.split_once('=')?.0.trim();
            let (p, last) = path.rsplit_once('.').unwrap_or(("", path));
            let named = message
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == last);
            (p == parent && named).then(|| (o.clone(), path.to_string()))
        })
    };
    let fail = |key: &str, message: String| match set_by(key) {
        Some(spec) => Error::Override {
            spec,
            message: format!("{key}: {message}"),
        },
        None if sibling_set(key, &message).is_some() => {
            let (spec, path) = sibling_set(key, &message).unwrap_or_default();
            Error::Override {
                spec,
                message: format!("{path}: {message}"),
            }
        }
        None => {
            let mut loc = at(key);
            if loc.line_col.is_none() && !message.starts_with("required") {
                // Not written in a file: point at a sibling the message
                // names that is (the value the writer did change). A
                // missing required key stays named as missing.
                let parent = key.rsplit_once('.').map_or("", |(p, _)| p);
                if let Some(l) = message
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                    .map(|w| at(&join(parent, w)))
                    .find(|l| l.line_col.is_some())
                {
                    loc = l;
                }
            }
            Error::Scenario { at: loc, message }
        }
    };

    let mut merged = defaults.clone();
    merge(&mut merged, user);
    for o in overrides {
        apply_override(&mut merged, &defaults, o)?;
    }
    // Ranges (uncertain inputs): checked, replaced by their point values,
    // recorded.
    let uncertain = uncertain::extract(&mut merged).map_err(|(key, m)| fail(&key, m))?;
    let mut scenario: Scenario = serde_path_to_error::deserialize(Value::Table(merged)).map_err(
        |e: serde_path_to_error::Error<toml::de::Error>| {
            let key = e.path().to_string();
            let msg = e.inner().message().trim().to_string();
            if uncertain.iter().any(|u| u.path == key) {
                // What the key takes, without the point value it was given.
                let explained = explain_type_error(&msg);
                let takes = explained
                    .split(", got ")
                    .next()
                    .unwrap_or(&explained)
                    .trim_start_matches("expected ");
                fail(
                    &key,
                    format!(
                        "a range can stand only for a number with decimals (a volume, a share, \
                         a mean, an FTE), not for a whole number (days, counts), a date, a name \
                         or a table; `{key}` takes {takes}"
                    ),
                )
            } else if key != "." && !key.is_empty() {
                fail(&key, explain_type_error(&msg))
            } else {
                Error::Scenario {
                    at: Location::file(origin),
                    message: explain_type_error(&msg),
                }
            }
        },
    )?;
    scenario
        .validate()
        .map_err(|(key, message)| fail(&key, message))?;
    // Every value of each range must be valid: try its low and its high
    // (the others at their point values).
    scenario.uncertain = uncertain;
    let points: Vec<f64> = scenario.uncertain.iter().map(|u| u.point()).collect();
    for (i, u) in scenario.uncertain.iter().enumerate() {
        for (end, x) in [("low", u.low), ("high", u.high)] {
            let mut values = points.clone();
            values[i] = x;
            uncertain::with_values(&scenario, &values).map_err(|(key, message)| {
                let what = if key.is_empty() || key == u.path {
                    message
                } else {
                    format!("{key}: {message}")
                };
                fail(
                    &u.path,
                    format!("at the {end} end of its range ({}): {what}", num(x)),
                )
            })?;
        }
    }
    let warnings = measures::warnings(&scenario.measures, scenario.start, scenario.end)
        .into_iter()
        .chain(scenario.reporting_warnings())
        .map(|(key, message)| format!("{}: {message}", at(&key)))
        .collect();
    Ok(Loaded { scenario, warnings })
}

/// Largest scenario file accepted, in bytes.
pub const MAX_SCENARIO_BYTES: u64 = 4_000_000;

/// Loads a scenario file from disk, or the embedded default when `path` is `None`.
pub fn load(path: Option<&std::path::Path>, overrides: &[String]) -> Result<Scenario, Error> {
    load_checked(path, overrides).map(|l| l.scenario)
}

/// Like [`load`], with the warnings (a measure starting before the
/// horizon, two measures setting the same value on the same day).
pub fn load_checked(path: Option<&std::path::Path>, overrides: &[String]) -> Result<Loaded, Error> {
    let Some(p) = path else {
        let table: Table = toml::from_str(DEFAULT_SCENARIO_TOML)
            .map_err(|e| parse_error(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, &e))?;
        let layers = vec![Layer {
            origin: DEFAULT_SCENARIO_ORIGIN.to_string(),
            text: DEFAULT_SCENARIO_TOML.to_string(),
            table,
        }];
        return load_layers(layers, overrides);
    };
    let mut chain: Vec<std::path::PathBuf> = Vec::new();
    let mut layers: Vec<Layer> = Vec::new();
    let mut next = Some(p.to_path_buf());
    while let Some(p) = next.take() {
        let origin = p.display().to_string();
        let text = read_text(&p)?;
        let mut table: Table =
            toml::from_str(&text).map_err(|e| parse_error(&text, &origin, &e))?;
        let canonical = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if chain.contains(&canonical) {
            let mut names: Vec<String> = layers.iter().map(|l| l.origin.clone()).collect();
            names.push(origin.clone());
            return Err(Error::Scenario {
                at: layers
                    .last()
                    .map(|l| Location::in_text(&l.origin, &l.text, "extends"))
                    .unwrap_or_else(|| Location::file(&origin)),
                message: if names.len() == 2 {
                    format!(
                        "`extends` names this file itself ({}); name a base scenario",
                        names[0]
                    )
                } else {
                    format!(
                        "`extends` goes round in a cycle: {}; a base scenario cannot extend one of its variants",
                        names.join(" → ")
                    )
                },
            });
        }
        chain.push(canonical);
        if let Some(v) = table.remove("extends") {
            let Value::String(base) = v else {
                return Err(Error::Scenario {
                    at: Location::in_text(&origin, &text, "extends"),
                    message: format!(
                        "`extends` names the base scenario file, in quotes, relative to this file \
                         (e.g. extends = \"zhz-2025.toml\"); got {}",
                        plain_value(&v)
                    ),
                });
            };
            if chain.len() > MAX_EXTENDS {
                return Err(Error::Scenario {
                    at: Location::in_text(&origin, &text, "extends"),
                    message: format!("`extends` chains more than {MAX_EXTENDS} files deep"),
                });
            }
            let base_path = p
                .parent()
                .unwrap_or_else(|| std::path::Path::new(""))
                .join(&base);
            if !base_path.is_file() {
                return Err(Error::Scenario {
                    at: Location::in_text(&origin, &text, "extends"),
                    message: format!(
                        "the base scenario \"{base}\" is not a file (looked for {}); the path is \
                         relative to the folder of this file",
                        base_path.display()
                    ),
                });
            }
            next = Some(base_path);
        }
        layers.push(Layer {
            origin,
            text,
            table,
        });
    }
    layers.reverse();
    load_layers(layers, overrides)
}

/// Reads a scenario file: at most [`MAX_SCENARIO_BYTES`], UTF-8.
fn read_text(p: &std::path::Path) -> Result<String, Error> {
    if p.is_dir() {
        return Err(Error::Scenario {
            at: Location::file(&p.display().to_string()),
            message: "is a folder; give a scenario file (.toml)".into(),
        });
    }
    let io = |e| Error::Io {
        path: p.display().to_string(),
        action: "read the scenario file",
        source: e,
    };
    // Read at most one byte past the limit, so that a huge file or an
    // endless device (/dev/zero) is refused without reading it.
    let mut bytes = Vec::new();
    std::fs::File::open(p)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(Error::Scenario {
            at: Location::file(&p.display().to_string()),
            message: format!(
                "is larger than {} MB; a scenario file is a few kilobytes of TOML text",
                MAX_SCENARIO_BYTES / 1_000_000
            ),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::Scenario {
        at: Location::file(&p.display().to_string()),
        message: format!(
            "the file is not valid UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    // A byte-order mark (as some Windows editors write) is not part of the
    // text: without it, columns on the first line are counted right.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// A TOML value as a scenario writer would name it.
fn plain_value(v: &Value) -> String {
    match v {
        Value::Array(_) => "an array".to_string(),
        Value::String(s) => format!("the text {s:?}"),
        Value::Integer(_) | Value::Float(_) => format!("the number {v}"),
        Value::Boolean(b) => format!("the boolean {b}"),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Table(_) => "a table".to_string(),
    }
}

fn parse_error(text: &str, origin: &str, e: &toml::de::Error) -> Error {
    let mut message = e.message().trim().to_string();
    if let Some(s) = e.span()
        && let Some(snippet) = crate::error::line_of(text, s.start)
    {
        // `share = 0,72` or `share = 72%`: the number a Dutch writer meant.
        if let Some((_, value)) = snippet.split_once('=')
            && let Some(h) = number_hint(value.split('#').next().unwrap_or("").trim())
        {
            message = format!("{message}; {h}");
        }
        message = format!("{message}\n  | {snippet}");
    }
    Error::Scenario {
        at: e
            .span()
            .map(|s| Location::at_offset(origin, text, s.start, None))
            .unwrap_or_else(|| Location::file(origin)),
        message: format!("invalid TOML: {message}"),
    }
}

/// A hint for a number written with a decimal comma (`0,72`) or as a
/// percentage (`72%`, `7,5%`): the number to write instead.
fn number_hint(v: &str) -> Option<String> {
    let v = v.trim();
    let (body, percent) = match v.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (v, false),
    };
    if !percent && !body.contains(',') {
        return None;
    }
    if body.matches(',').count() > 1 {
        return None;
    }
    let x: f64 = body.replace(',', ".").parse().ok()?;
    if !x.is_finite() {
        return None;
    }
    Some(if percent {
        let share = format!("{}", (x / 100.0 * 1e9).round() / 1e9);
        format!("write a share as a number without %: {share} for {v}")
    } else {
        format!("write decimals with a point: {}", body.replace(',', "."))
    })
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Checks every key of `user` against the structure of `defaults`.
fn check_keys(
    user: &Table,
    defaults: &Table,
    prefix: &str,
    at: &dyn Fn(&str) -> Location,
) -> Result<(), Error> {
    if FREE_TABLES.contains(&prefix) {
        return Ok(());
    }
    for (key, value) in user {
        let path = join(prefix, key);
        match defaults.get(key) {
            Some(Value::Table(dt)) => match value {
                // A distribution given with its `dist` replaces the default whole.
                Value::Table(ut) if ut.contains_key("dist") => {}
                Value::Table(ut) if uncertain::looks_like_range(ut) => {
                    let keys: Vec<&str> = dt.keys().map(String::as_str).collect();
                    let (with, one) = if keys.is_empty() {
                        ("one number per year".to_string(), "2025")
                    } else {
                        let one = keys.iter().find(|k| **k == "mean").unwrap_or(&keys[0]);
                        (keys.join(", "), *one)
                    };
                    return Err(Error::Scenario {
                        at: at(&path),
                        message: format!(
                            "a range stands for one number, but `{path}` is a table (with \
                             {with}); give the range on one of its numbers, e.g. \
                             `{path}.{one} = {{ low = …, high = … }}`"
                        ),
                    });
                }
                Value::Table(ut) => check_keys(ut, dt, &path, at)?,
                other => {
                    return Err(Error::Scenario {
                        at: at(&path),
                        message: not_a_table(&path, dt, other),
                    });
                }
            },
            Some(_) => {}
            None if EXTRA_KEYS.contains(&path.as_str()) => {}
            None => {
                let mut allowed: Vec<String> = defaults.keys().cloned().collect();
                allowed.extend(extra_children(prefix));
                allowed.sort();
                allowed.dedup();
                return Err(Error::Scenario {
                    at: at(&path),
                    message: unknown_key_message(key, &allowed, ""),
                });
            }
        }
    }
    Ok(())
}

/// The optional keys (without defaults) directly under a table.
fn extra_children(prefix: &str) -> Vec<String> {
    EXTRA_KEYS
        .iter()
        .filter_map(|k| {
            let (parent, last) = k.rsplit_once('.').unwrap_or(("", k));
            (parent == prefix).then(|| last.to_string())
        })
        .collect()
}

/// The message for a value given where a table is expected.
fn not_a_table(path: &str, default: &Table, given: &Value) -> String {
    let keys: Vec<&str> = default.keys().map(String::as_str).collect();
    let example = if keys.is_empty() {
        "{ 2025 = 1000 }".to_string()
    } else {
        format!("{{ {} = … }}", keys.join(" = …, "))
    };
    let what = plain_value(given);
    format!("`{path}` must be a table such as {example}, got {what}")
}

fn unknown_key_message(key: &str, allowed: &[String], place: &str) -> String {
    let mut msg = format!("unknown key `{key}`{place}");
    match did_you_mean(key, allowed) {
        Some(best) => msg.push_str(&format!("; did you mean `{best}`? Allowed here: ")),
        None => msg.push_str(". Allowed here: "),
    }
    msg.push_str(&allowed.join(", "));
    msg
}

/// The closest allowed name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(given: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(given, a), a))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a.as_str())
}

/// Deep-merges `over` into `base`: tables merge key by key, everything else
/// (values, arrays, and distributions that name their `dist`) is replaced.
fn merge(base: &mut Table, over: Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(o)) if !o.contains_key("dist") => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Applies one `key.path=value` override to the merged document.
fn apply_override(merged: &mut Table, defaults: &Table, spec: &str) -> Result<(), Error> {
    let bad = |message: String| Error::Override {
        spec: spec.to_string(),
        message,
    };
    let Some((path, raw)) = spec.split_once('=') else {
        return Err(bad(
            "expected `key.path=value`, e.g. `--set effort.norm_share=0.7`".into(),
        ));
    };
    let path = path.trim();
    let raw = raw.trim();
    if path.is_empty() {
        return Err(bad("the key path before `=` is empty".into()));
    }
    if path == "extends" || path == "measures_replace" {
        return Err(bad(format!(
            "`{path}` combines scenario files and can only be written in a file, not set"
        )));
    }
    let value = parse_override_value(raw);
    let keys: Vec<&str> = path.split('.').collect();
    if keys.iter().any(|k| k.is_empty()) {
        return Err(bad(format!("`{path}` has an empty key segment")));
    }
    // Check the path against the known structure.
    let mut def: Option<&Table> = Some(defaults);
    let mut prefix = String::new();
    for (i, k) in keys.iter().enumerate() {
        let full = join(&prefix, k);
        let last = i + 1 == keys.len();
        // An element of a list, `measures[0]`: the list must exist here;
        // inside it deserialization judges the keys.
        let (name, index) = split_index(k).map_err(|m| bad(format!("`{full}`: {m}")))?;
        if index.is_some() {
            match def {
                Some(t) if matches!(t.get(name), Some(Value::Array(_))) => def = None,
                Some(_) if EXTRA_KEYS.contains(&join(&prefix, name).as_str()) => def = None,
                Some(_) => {
                    return Err(bad(format!(
                        "`{}` is not a list, so `{full}` does not exist",
                        join(&prefix, name)
                    )));
                }
                None => {}
            }
            prefix = full;
            continue;
        }
        match def {
            Some(t) if FREE_TABLES.contains(&prefix.as_str()) => {
                let _ = t;
                def = None;
            }
            Some(t) => match t.get(*k) {
                Some(Value::Table(sub)) if last && !value.is_table() => {
                    return Err(bad(not_a_table(&full, sub, &value)));
                }
                Some(Value::Table(sub)) => def = Some(sub),
                Some(_) if last => def = None,
                Some(_) => {
                    return Err(bad(format!("`{full}` is a value, not a table")));
                }
                None if EXTRA_KEYS.contains(&full.as_str()) => def = None,
                None => {
                    let mut allowed: Vec<String> = t.keys().cloned().collect();
                    allowed.extend(extra_children(&prefix));
                    allowed.sort();
                    let place = if prefix.is_empty() {
                        " at the top level".to_string()
                    } else {
                        format!(" in `{prefix}`")
                    };
                    return Err(bad(unknown_key_message(k, &allowed, &place)));
                }
            },
            // Inside a distribution or free table: let deserialization judge.
            None => {}
        }
        prefix = full;
    }
    // Walk and set.
    let mut table = merged;
    let mut done = String::new();
    for (i, k) in keys.iter().enumerate() {
        let last = i + 1 == keys.len();
        let (name, index) = split_index(k).map_err(|m| bad(format!("`{k}`: {m}")))?;
        let here = join(&done, name);
        match index {
            Some(ix) => {
                let Some(Value::Array(list)) = table.get_mut(name) else {
                    return Err(bad(format!("`{here}` is not a list in this scenario")));
                };
                let n = list.len();
                let Some(elem) = list.get_mut(ix) else {
                    return Err(bad(format!(
                        "`{here}` has {n} entries (numbered from 0), so `{here}[{ix}]` does not exist"
                    )));
                };
                if last {
                    *elem = value;
                    return Ok(());
                }
                table = match elem {
                    Value::Table(t) => t,
                    _ => return Err(bad(format!("`{here}[{ix}]` is a value, not a table"))),
                };
            }
            None if last => {
                table.insert(name.to_string(), value);
                return Ok(());
            }
            None => {
                let entry = table
                    .entry(name.to_string())
                    .or_insert_with(|| Value::Table(Table::new()));
                table = match entry {
                    Value::Table(t) => t,
                    _ => return Err(bad(format!("`{here}` is a value, not a table"))),
                };
            }
        }
        done = join(&done, k);
    }
    Ok(())
}

/// `measures[0]` → (`measures`, Some(0)); `fte` → (`fte`, None).
fn split_index(k: &str) -> Result<(&str, Option<usize>), String> {
    let Some(open) = k.find('[') else {
        return Ok((k, None));
    };
    let name = &k[..open];
    let inner = k[open + 1..]
        .strip_suffix(']')
        .ok_or_else(|| "an index is written `name[0]`".to_string())?;
    let ix: usize = inner
        .parse()
        .map_err(|_| format!("the index `{inner}` is not a whole number ≥ 0"))?;
    if name.is_empty() {
        return Err("an index needs the name of a list before it".into());
    }
    Ok((name, Some(ix)))
}

/// An override value is TOML (`0.7`, `true`, `[1, 2]`, `"text"`, `{ .. }`);
/// anything that does not parse as TOML is taken as a bare string.
fn parse_override_value(raw: &str) -> Value {
    toml::from_str::<Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| Value::String(raw.to_string()))
}

fn explain_type_error(msg: &str) -> String {
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return format!(
            "missing required key `{field}`; see docs/scenario-format.md for what it means"
        );
    }
    // serde's "unknown variant/field `x`, expected one of `a`, `b`": add the
    // likely typo.
    for (prefix, what) in [("unknown variant `", "name"), ("unknown field `", "key")] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((given, tail)) = rest.split_once('`')
        {
            let allowed: Vec<String> = tail
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            if allowed.is_empty() {
                return format!("unknown {what} `{given}`; nothing is allowed here");
            }
            let hint = did_you_mean(given, &allowed)
                .map_or_else(|| ".".to_string(), |b| format!("; did you mean `{b}`?"));
            return format!(
                "unknown {what} `{given}`{hint} Allowed here: {}",
                allowed.join(", ")
            );
        }
    }
    // serde's "invalid type: X, expected Y" in the words of a scenario file.
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix)
            && let Some((got, expected)) = rest.rsplit_once(", expected ")
        {
            let hint = got
                .trim()
                .strip_prefix("string ")
                .map(|v| v.trim_matches('"'))
                .and_then(number_hint)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return format!(
                "expected {}, got {}{hint}",
                plain_expected(expected),
                plain_got(got)
            );
        }
    }
    msg.to_string()
}

/// A serde type name as a scenario writer would say it.
fn plain_expected(e: &str) -> String {
    match e.trim() {
        "f64" | "f32" => "a number (e.g. 0.21 or 16.0)".into(),
        "u32" | "u64" | "usize" | "i64" | "i16" | "u8" => {
            "a whole number ≥ 0 (e.g. 30, not 30.0)".into()
        }
        "a sequence" => "an array such as [1.0, 2.0]".into(),
        "a boolean" => "true or false".into(),
        "string only" => {
            "one of the names allowed here, in quotes (see docs/scenario-format.md)".into()
        }
        "a string" => "text in quotes".into(),
        other => other.to_string(),
    }
}

/// A serde description of a given value as a scenario writer would say it.
fn plain_got(g: &str) -> String {
    let g = g.trim();
    if let Some(v) = g.strip_prefix("string ") {
        format!("the text {v}")
    } else if let Some(v) = g
        .strip_prefix("integer ")
        .or_else(|| g.strip_prefix("floating point "))
    {
        format!("the number {}", v.trim_matches('`'))
    } else if let Some(v) = g.strip_prefix("boolean ") {
        v.trim_matches('`').to_string()
    } else if g == "map" {
        "a table".into()
    } else if g == "sequence" {
        "an array".into()
    } else if g == "unit variant" {
        "a number or another value that is not a name".into()
    } else {
        g.to_string()
    }
}

/// Serializes a resolved scenario as TOML (for `scenario.resolved.toml`).
pub fn to_toml(s: &Scenario) -> Result<String, Error> {
    let internal = |e: String| Error::Internal {
        message: format!("could not serialize the resolved scenario: {e}"),
    };
    if s.uncertain.is_empty() {
        return toml::to_string_pretty(s).map_err(|e| internal(e.to_string()));
    }
    // The ranges go back in place of their point values.
    let Value::Table(mut tree) = Value::try_from(s).map_err(|e| internal(e.to_string()))? else {
        return Err(internal("not a table".into()));
    };
    uncertain::restore(&mut tree, &s.uncertain).map_err(internal)?;
    toml::to_string_pretty(&tree).map_err(|e| internal(e.to_string()))
}

#[cfg(test)]
mod tests;
