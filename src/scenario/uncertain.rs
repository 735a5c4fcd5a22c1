//! Uncertain inputs: a number of a scenario given as a range,
//! `{ low = …, high = … }` (uniform) or `{ low = …, mode = …, high = … }`
//! (triangular), drawn once per replication (see [`crate::uncertain`]).
//!
//! The loader finds the ranges in the merged TOML tree ([`extract`]), puts
//! each one's point value in its place (the mode of a triangular range, the
//! midpoint of a uniform one) and keeps the ranges in
//! [`super::Scenario::uncertain`]; [`super::to_toml`] writes them back where
//! they were ([`restore`]), so `scenario.resolved.toml` reproduces the run.

use super::{Invalid, Scenario, num};
use serde::{Deserialize, Serialize};
use toml::{Table, Value};

/// The keys of a range.
pub const RANGE_KEYS: [&str; 3] = ["low", "mode", "high"];

/// One input given as a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertainInput {
    /// Key path of the number, as `--set` writes it
    /// (`inflow.meldingen.volume.2025`, `measures[0].factor`).
    pub path: String,
    /// Lowest value.
    pub low: f64,
    /// Most likely value (triangular); `None` for a uniform range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<f64>,
    /// Highest value.
    pub high: f64,
}

impl UncertainInput {
    /// `triangular` or `uniform`.
    pub fn distribution(&self) -> &'static str {
        if self.mode.is_some() {
            "triangular"
        } else {
            "uniform"
        }
    }

    /// The value of the base scenario (what `describe` and the rekentool
    /// use): the mode of a triangular range, the midpoint of a uniform one.
    pub fn point(&self) -> f64 {
        self.mode.unwrap_or((self.low + self.high) / 2.0)
    }

    /// The value at probability `u` in [0, 1) (inverse distribution
    /// function), within `[low, high]`; `low` when `low = high`.
    pub fn quantile(&self, u: f64) -> f64 {
        let (a, b) = (self.low, self.high);
        if b <= a {
            return a;
        }
        let x = match self.mode {
            None => a + u * (b - a),
            Some(c) => {
                if u * (b - a) < c - a {
                    a + ((b - a) * (c - a) * u).sqrt()
                } else {
                    b - ((b - a) * (b - c) * (1.0 - u)).sqrt()
                }
            }
        };
        x.clamp(a, b)
    }

    /// Mean of the distribution.
    pub fn mean(&self) -> f64 {
        match self.mode {
            None => (self.low + self.high) / 2.0,
            Some(c) => (self.low + c + self.high) / 3.0,
        }
    }

    /// Variance of the distribution.
    pub fn variance(&self) -> f64 {
        let (a, b) = (self.low, self.high);
        match self.mode {
            None => (b - a) * (b - a) / 12.0,
            Some(c) => (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0,
        }
    }

    /// The range as TOML (an inline table in the resolved scenario).
    pub fn to_value(&self) -> Value {
        let mut t = Table::new();
        t.insert("low".into(), Value::Float(self.low));
        if let Some(m) = self.mode {
            t.insert("mode".into(), Value::Float(m));
        }
        t.insert("high".into(), Value::Float(self.high));
        Value::Table(t)
    }
}

/// Whether a TOML table is meant as a range: it has a key `low`, `mode` or
/// `high` (no table of the scenario format has such a key).
pub fn looks_like_range(t: &Table) -> bool {
    RANGE_KEYS.iter().any(|k| t.contains_key(*k))
}

/// What a range is, for messages.
pub const RANGE_SYNTAX: &str = "a range is written { low = …, high = … } (uniform) or \
     { low = …, mode = …, high = … } (triangular), with numbers and low ≤ mode ≤ high";

/// Finds the ranges in the merged scenario tree, checks their form, replaces
/// each by its point value and returns them, sorted by path. An error names
/// the key path (of the range, or of the key inside it that is wrong).
pub fn extract(tree: &mut Table) -> Result<Vec<UncertainInput>, Invalid> {
    let mut found = Vec::new();
    walk_table(tree, "", true, &mut found)?;
    found.sort_by(|a: &UncertainInput, b| a.path.cmp(&b.path));
    Ok(found)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// `plain`: no key on the way holds `.`, `[`, `]` or is empty, so the
/// path names one place.
fn walk_table(
    t: &mut Table,
    prefix: &str,
    plain: bool,
    found: &mut Vec<UncertainInput>,
) -> Result<(), Invalid> {
    for (k, v) in t.iter_mut() {
        let path = join(prefix, k);
        let plain = plain && !k.is_empty() && !k.contains(['.', '[', ']']);
        walk_value(v, &path, plain, found)?;
    }
    Ok(())
}

fn walk_value(
    v: &mut Value,
    path: &str,
    plain: bool,
    found: &mut Vec<UncertainInput>,
) -> Result<(), Invalid> {
    match v {
        Value::Table(t) if looks_like_range(t) => {
            if !plain {
                return Err((
                    path.to_string(),
                    "a range cannot be given under a key that contains `.`, `[` or `]` or is \
                     empty"
                        .into(),
                ));
            }
            let r = parse_range(t, path)?;
            *v = Value::Float(r.point());
            found.push(r);
        }
        Value::Table(t) => walk_table(t, path, plain, found)?,
        Value::Array(a) => {
            for (i, e) in a.iter_mut().enumerate() {
                walk_value(e, &format!("{path}[{i}]"), plain, found)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Checks one range table at `path`.
fn parse_range(t: &Table, path: &str) -> Result<UncertainInput, Invalid> {
    if path == "observations" || path.starts_with("observations[") {
        return Err((
            path.to_string(),
            "an observation is a measured figure, not an input of the model: give it as one \
             number (a range is allowed on the inputs)"
                .into(),
        ));
    }
    let allowed: Vec<String> = RANGE_KEYS.iter().map(|k| k.to_string()).collect();
    for k in t.keys() {
        if !RANGE_KEYS.contains(&k.as_str()) {
            let hint = super::did_you_mean(k, &allowed)
                .map_or_else(String::new, |b| format!("did you mean `{b}`? "));
            return Err((
                join(path, k),
                format!("unknown key `{k}` in a range; {hint}{RANGE_SYNTAX}"),
            ));
        }
    }
    let get = |k: &str| -> Result<Option<f64>, Invalid> {
        match t.get(k) {
            None => Ok(None),
            Some(Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(Value::Float(x)) if x.is_finite() => Ok(Some(*x)),
            Some(other) => Err((
                join(path, k),
                format!(
                    "`{k}` of a range must be a finite number, got {}; {RANGE_SYNTAX}",
                    describe_value(other)
                ),
            )),
        }
    };
    let low = get("low")?;
    let mode = get("mode")?;
    let high = get("high")?;
    let (Some(low), Some(high)) = (low, high) else {
        let missing = if low.is_none() { "low" } else { "high" };
        return Err((
            path.to_string(),
            format!("a range needs both `low` and `high`; `{missing}` is missing. {RANGE_SYNTAX}"),
        ));
    };
    if low > high {
        return Err((
            join(path, "low"),
            format!(
                "the range's low ({}) is above its high ({}); low ≤ high is required",
                num(low),
                num(high)
            ),
        ));
    }
    if let Some(m) = mode
        && !(low..=high).contains(&m)
    {
        return Err((
            join(path, "mode"),
            format!(
                "the range's mode ({}) lies outside [low, high] = [{}, {}]; it must lie within",
                num(m),
                num(low),
                num(high)
            ),
        ));
    }
    Ok(UncertainInput {
        path: path.to_string(),
        low,
        mode,
        high,
    })
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the text \"{s}\""),
        Value::Boolean(b) => b.to_string(),
        Value::Float(x) => format!("the number {x}"),
        Value::Integer(i) => format!("the number {i}"),
        Value::Array(_) => "an array".into(),
        Value::Table(_) => "a table".into(),
        Value::Datetime(d) => format!("the date {d}"),
    }
}

/// The slot at `path` in a tree (`a.b[2].c`), if it exists.
pub(crate) fn slot<'t>(tree: &'t mut Table, path: &str) -> Option<&'t mut Value> {
    let mut segs = path.split('.').peekable();
    let mut table = tree;
    loop {
        let seg = segs.next()?;
        let (name, idx) = match seg.split_once('[') {
            Some((n, rest)) => (n, Some(rest.strip_suffix(']')?.parse::<usize>().ok()?)),
            None => (seg, None),
        };
        let mut v = table.get_mut(name)?;
        if let Some(i) = idx {
            v = match v {
                Value::Array(a) => a.get_mut(i)?,
                _ => return None,
            };
        }
        if segs.peek().is_none() {
            return Some(v);
        }
        table = match v {
            Value::Table(t) => t,
            _ => return None,
        };
    }
}

/// Puts each range back at its path in a serialized scenario.
pub(crate) fn restore(tree: &mut Table, inputs: &[UncertainInput]) -> Result<(), String> {
    for u in inputs {
        let s = slot(tree, &u.path)
            .ok_or_else(|| format!("the uncertain input `{}` has no place", u.path))?;
        *s = u.to_value();
    }
    Ok(())
}

/// The scenario with the uncertain inputs at `values` (one per input, in
/// the order of `base.uncertain`), deserialized and validated. The ranges
/// stay recorded in the result.
pub fn with_values(base: &Scenario, values: &[f64]) -> Result<Scenario, Invalid> {
    let at = |m: String| (String::new(), m);
    let Value::Table(mut tree) =
        Value::try_from(base).map_err(|e| at(format!("could not serialize: {e}")))?
    else {
        return Err(at("the scenario did not serialize as a table".into()));
    };
    for (u, x) in base.uncertain.iter().zip(values) {
        let s = slot(&mut tree, &u.path).ok_or_else(|| {
            (
                u.path.clone(),
                format!("a range is not supported at `{}`", u.path),
            )
        })?;
        *s = Value::Float(*x);
    }
    let mut s: Scenario = serde_path_to_error::deserialize(Value::Table(tree)).map_err(
        |e: serde_path_to_error::Error<toml::de::Error>| {
            (e.path().to_string(), e.inner().message().trim().to_string())
        },
    )?;
    s.uncertain = base.uncertain.clone();
    s.validate()?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::super::{load_str, to_toml};
    use super::*;

    const MINIMAL: &str = "name = \"mini\"\nstart = \"2025-01-01\"\nend = \"2025-12-31\"\n\n[inflow.meldingen]\nvolume = { 2025 = 1000 }\n\n[workforce]\nfte = 10.0\n";

    fn load(text: &str, sets: &[&str]) -> Result<Scenario, crate::Error> {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        load_str(text, "s.toml", &sets)
    }

    fn err(text: &str, sets: &[&str]) -> String {
        load(text, sets).expect_err("should fail").to_string()
    }

    #[test]
    fn ranges_load_at_their_point_value_and_round_trip() {
        let t = MINIMAL
            .replace(
                "{ 2025 = 1000 }",
                "{ 2025 = { low = 900, mode = 1000, high = 1300 } }",
            )
            .replace("fte = 10.0", "fte = { low = 8, high = 12.5 }");
        let s = load(&t, &[]).unwrap();
        assert_eq!(s.inflow.meldingen.volume_of(2025), 1000.0);
        assert_eq!(s.workforce.fte, Some(10.25));
        let paths: Vec<&str> = s.uncertain.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["inflow.meldingen.volume.2025", "workforce.fte"]);
        assert_eq!(s.uncertain[0].distribution(), "triangular");
        assert_eq!(s.uncertain[1].distribution(), "uniform");
        // The resolved scenario keeps the ranges and loads back equal.
        let text = to_toml(&s).unwrap();
        assert!(text.contains("low = 8.0"), "{text}");
        let again = load_str(&text, "resolved", &[]).unwrap();
        assert_eq!(s, again);
        // A range by --set, and a --set that replaces a range by a number.
        let s = load(MINIMAL, &["effort.norm_share={low=0.6,high=0.8}"]).unwrap();
        assert_eq!(s.uncertain[0].path, "effort.norm_share");
        assert!((s.effort.norm_share - 0.7).abs() < 1e-12);
        let s = load(&t, &["workforce.fte=11"]).unwrap();
        assert_eq!(s.uncertain.len(), 1);
        assert_eq!(s.workforce.fte, Some(11.0));
        // Without ranges nothing is recorded and to_toml is unchanged.
        let s = load(MINIMAL, &[]).unwrap();
        assert!(s.uncertain.is_empty());
        assert_eq!(to_toml(&s).unwrap(), toml::to_string_pretty(&s).unwrap());
    }

    #[test]
    fn a_range_in_a_list_and_in_a_measure_is_an_input() {
        let t = format!(
            "{MINIMAL}\n[[measures]]\nname = \"m\"\nkind = \"emergency\"\nstart = \"2025-06-01\"\n\
             effects = [{{ effect = \"inflow_scale\", stream = \"meldingen\", \
             factor = {{ low = 0.9, high = 1.0 }} }}]\n"
        );
        let t = t.replace(
            "volume = { 2025 = 1000 }",
            "volume = { 2025 = 1000 }\nseason = [1.0, 1.0, 1.0, 1.0, 1.0, { low = 0.9, high = 1.1 }, \
             1.0, 1.0, 1.0, 1.0, 1.0, 1.0]",
        );
        let s = load(&t, &[]).unwrap();
        let paths: Vec<&str> = s.uncertain.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "inflow.meldingen.season[5]",
                "measures[0].effects[0].factor"
            ]
        );
        let again = load_str(&to_toml(&s).unwrap(), "resolved", &[]).unwrap();
        assert_eq!(s, again);
        let m = with_values(&s, &[1.1, 0.9]).unwrap();
        assert_eq!(m.inflow.meldingen.season[5], 1.1);
        assert_eq!(m.uncertain, s.uncertain);
    }

    #[test]
    fn bad_ranges_get_clear_errors() {
        let vol = |r: &str| MINIMAL.replace("{ 2025 = 1000 }", &format!("{{ 2025 = {r} }}"));
        let cases: Vec<(String, &str)> = vec![
            (
                vol("{ low = 1200, high = 1000 }"),
                "s.toml:6:21: inflow.meldingen.volume.2025.low: the range's low (1200) is above its high (1000)",
            ),
            (
                vol("{ low = 900, mode = 1400, high = 1000 }"),
                "s.toml:6:32: inflow.meldingen.volume.2025.mode: the range's mode (1400) lies outside [low, high] = [900, 1000]",
            ),
            (
                vol("{ low = \"900\", high = 1000 }"),
                "inflow.meldingen.volume.2025.low: `low` of a range must be a finite number, got the text \"900\"",
            ),
            (
                vol("{ low = 900, hi = 1000 }"),
                "inflow.meldingen.volume.2025.hi: unknown key `hi` in a range; did you mean `high`?",
            ),
            (
                vol("{ low = 900 }"),
                "inflow.meldingen.volume.2025: a range needs both `low` and `high`; `high` is missing",
            ),
            (
                vol("{ low = -5, high = 1000 }"),
                "inflow.meldingen.volume.2025: at the low end of its range (-5): a yearly volume must be",
            ),
            (
                MINIMAL.replace(
                    "[workforce]",
                    "[pathway]\ntriage_term_working_days = { low = 8, high = 12 }\n\n[workforce]",
                ),
                "pathway.triage_term_working_days: a range can stand only for a number with decimals",
            ),
            (
                MINIMAL.replace("name = \"mini\"", "name = { low = 1, high = 2 }"),
                "s.toml:1:1: name: a range can stand only for a number with decimals",
            ),
            (
                MINIMAL.replace("end = \"2025-12-31\"", "end = { low = 1, high = 2 }"),
                "end: a range can stand only for a number with decimals",
            ),
            (
                MINIMAL.replace(
                    "[workforce]",
                    "[stages.triage]\nhours = { low = 10, high = 20 }\n\n[workforce]",
                ),
                "stages.triage.hours: a range stands for one number, but `stages.triage.hours` is a table",
            ),
            (
                MINIMAL.replace(
                    "[workforce]",
                    "[pathway]\ncrisis_share = { low = 0.01, high = 1.5 }\n\n[workforce]",
                ),
                "pathway.crisis_share: at the high end of its range (1.5):",
            ),
            (
                format!(
                    "{MINIMAL}\n[[observations]]\nmetric = \"backlog\"\nend = \"2025-06-30\"\n\
                     value = {{ low = 1, high = 2 }}\n"
                ),
                "observations[0].value: an observation is a measured figure",
            ),
        ];
        for (text, want) in cases {
            let e = err(&text, &[]);
            assert!(e.contains(want), "wanted {want:?}\n got {e}");
        }
        // Through --set, the error names the override.
        let e = err(MINIMAL, &["workforce.fte={low=12,high=8}"]);
        assert!(
            e.starts_with("--set workforce.fte={low=12,high=8}: workforce.fte.low:"),
            "{e}"
        );
    }

    /// A fuzz-ish sweep of range tables at several places: every input
    /// either loads (with each value in its range and a round trip) or gives
    /// an error with a place, never a panic.
    #[test]
    fn arbitrary_range_tables_never_panic() {
        let places = [
            ("{ 2025 = 1000 }", "{ 2025 = R }"),
            ("fte = 10.0", "fte = R"),
            ("name = \"mini\"", "name = \"mini\"\nwarmup_days = R"),
            ("[workforce]", "[effort]\nnorm_share = R\n\n[workforce]"),
            ("[workforce]", "[stages.vv]\nhours = R\n\n[workforce]"),
        ];
        let keys = ["low", "mode", "high", "hi", "Low"];
        let values = ["0", "0.5", "1", "-1", "7000", "\"x\"", "true", "nan", "[1]"];
        let mut state: u64 = 0x1234_5678;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        };
        for _ in 0..600 {
            let (from, to) = places[next(places.len())];
            let k = 1 + next(3);
            let mut fields = Vec::new();
            for _ in 0..k {
                let key = keys[next(keys.len())];
                if fields
                    .iter()
                    .any(|f: &String| f.starts_with(&format!("{key} =")))
                {
                    continue;
                }
                fields.push(format!("{key} = {}", values[next(values.len())]));
            }
            let range = format!("{{ {} }}", fields.join(", "));
            let text = MINIMAL.replace(from, &to.replace('R', &range));
            match load(&text, &[]) {
                Ok(s) => {
                    for u in &s.uncertain {
                        assert!(u.low <= u.point() && u.point() <= u.high, "{text}");
                    }
                    let again = load_str(&to_toml(&s).unwrap(), "resolved", &[]).unwrap();
                    assert_eq!(s, again, "{text}");
                }
                Err(e) => {
                    let e = e.to_string();
                    assert!(e.starts_with("s.toml"), "{text}\n{e}");
                    assert!(!e.contains("internal error"), "{text}\n{e}");
                }
            }
        }
    }

    #[test]
    fn quantiles_moments_and_the_degenerate_range() {
        let u = UncertainInput {
            path: "x".into(),
            low: 2.0,
            mode: None,
            high: 6.0,
        };
        assert_eq!(u.quantile(0.0), 2.0);
        assert_eq!(u.quantile(0.25), 3.0);
        assert_eq!((u.mean(), u.variance()), (4.0, 16.0 / 12.0));
        let t = UncertainInput {
            mode: Some(3.0),
            ..u.clone()
        };
        // F(mode) = (c − a)/(b − a) = 1/4.
        assert!((t.quantile(0.25) - 3.0).abs() < 1e-12);
        assert!((t.quantile(0.999_999) - 6.0).abs() < 1e-2);
        assert!((t.mean() - 11.0 / 3.0).abs() < 1e-12);
        for mode in [None, Some(5.0)] {
            let d = UncertainInput {
                path: "x".into(),
                low: 5.0,
                mode,
                high: 5.0,
            };
            for q in [0.0, 0.3, 0.999] {
                assert_eq!(d.quantile(q), 5.0);
            }
            assert_eq!(d.point(), 5.0);
        }
    }
}
