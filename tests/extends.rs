//! Scenario variants: `extends = "base.toml"` (issue 10, item 2). Tables
//! merge key by key, lists replace, `[[measures]]` append unless
//! `measures_replace = true`; cycles and missing bases are errors at the
//! `extends` key; errors point at the file and line that wrote the value.

use std::path::Path;
use tempfile::TempDir;
use vtsim::scenario::{load, load_checked};

const BASE: &str = r#"name = "base"
start = "2025-01-01"
end = "2025-06-30"
warmup_days = 30
[inflow.meldingen]
volume = { 2025 = 1200 }
[workforce]
fte = 20.0
indirect = 0.2
leave = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.05, 0.05, 0.05, 0.1]
[workforce.absence]
rate = 0.1
[[measures]]
name = "Chat elders"
kind = "emergency"
start = "2025-02-01"
end = "2025-03-31"
effects = [ { effect = "inflow_scale", stream = "adviezen", factor = 0.8 } ]
"#;

fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn err(dir: &Path, file: &str) -> String {
    load(Some(&dir.join(file)), &[]).unwrap_err().to_string()
}

#[test]
fn a_variant_holds_only_what_differs_and_merges_table_by_table() {
    let dir = folder(&[
        ("base.toml", BASE),
        (
            "variants/more.toml",
            r#"extends = "../base.toml"
name = "more"
[workforce]
fte = 24.0
leave = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
[[measures]]
name = "Overwerk"
kind = "emergency"
start = "2025-04-01"
effects = [ { effect = "overtime", share = 0.05 } ]
"#,
        ),
    ]);
    let s = load(Some(&dir.path().join("variants/more.toml")), &[]).unwrap();
    assert_eq!(s.name, "more");
    // The base's values stay where the variant is silent ...
    assert_eq!(s.end.to_string(), "2025-06-30");
    assert_eq!(s.warmup_days, 30);
    assert_eq!(s.workforce.indirect, 0.2);
    assert_eq!(s.workforce.absence.rate, 0.1);
    // ... a value it writes replaces the base's, a list as a whole ...
    assert_eq!(s.workforce.fte, Some(24.0));
    assert_eq!(s.workforce.leave, vec![0.1; 12]);
    // ... and its measures come after the base's.
    let names: Vec<&str> = s.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Chat elders", "Overwerk"]);
}

#[test]
fn measures_replace_drops_the_bases_measures() {
    let dir = folder(&[
        ("base.toml", BASE),
        (
            "twin.toml",
            r#"extends = "base.toml"
name = "twin"
measures_replace = true
"#,
        ),
        (
            "other.toml",
            r#"extends = "base.toml"
name = "other"
measures_replace = true
[[measures]]
name = "Minder indirect"
kind = "structural"
start = "2025-01-01"
effects = [ { effect = "indirect", value = 0.15 } ]
"#,
        ),
    ]);
    let twin = load(Some(&dir.path().join("twin.toml")), &[]).unwrap();
    assert!(twin.measures.is_empty());
    let other = load(Some(&dir.path().join("other.toml")), &[]).unwrap();
    let names: Vec<&str> = other.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Minder indirect"]);
}

#[test]
fn chains_resolve_and_the_resolved_file_is_complete() {
    let dir = folder(&[
        ("base.toml", BASE),
        (
            "mid.toml",
            "extends = \"base.toml\"\nname = \"mid\"\n[workforce]\nfte = 22.0\n",
        ),
        (
            "top.toml",
            "extends = \"mid.toml\"\nname = \"top\"\nend = \"2025-05-31\"\n",
        ),
    ]);
    let s = load(Some(&dir.path().join("top.toml")), &[]).unwrap();
    assert_eq!((s.name.as_str(), s.workforce.fte), ("top", Some(22.0)));
    assert_eq!(s.end.to_string(), "2025-05-31");
    assert_eq!(s.measures.len(), 1);
    // The flattened scenario needs no base: written out and read back alone
    // it is the same scenario.
    let flat = vtsim::scenario::to_toml(&s).unwrap();
    assert!(!flat.contains("extends"));
    let again = vtsim::scenario::load_str(&flat, "resolved", &[]).unwrap();
    assert_eq!(again, s);
}

#[test]
fn a_cycle_is_an_error_at_the_extends_key_naming_the_chain() {
    let dir = folder(&[
        ("a.toml", "extends = \"b.toml\"\nname = \"a\"\n"),
        ("b.toml", "name = \"b\"\nextends = \"a.toml\"\n"),
        ("self.toml", "extends = \"self.toml\"\nname = \"self\"\n"),
    ]);
    let e = err(dir.path(), "a.toml");
    assert!(e.contains("b.toml:2:1: extends:"), "{e}");
    assert!(e.contains("cycle"), "{e}");
    let chain = e.split("cycle: ").nth(1).unwrap();
    let files: Vec<&str> = chain.split(';').next().unwrap().split(" → ").collect();
    assert_eq!(files.len(), 3, "{e}");
    for (f, want) in files.iter().zip(["a.toml", "b.toml", "a.toml"]) {
        assert!(f.ends_with(want), "{e}");
    }
    let e = err(dir.path(), "self.toml");
    assert!(
        e.contains("self.toml:1:1: extends:") && e.contains("names this file itself"),
        "{e}"
    );
}

#[test]
fn a_missing_base_is_an_error_saying_where_it_was_looked_for() {
    let dir = folder(&[("v.toml", "name = \"v\"\n\nextends = \"nope/base.toml\"\n")]);
    let e = err(dir.path(), "v.toml");
    assert!(e.contains("v.toml:3:1: extends:"), "{e}");
    assert!(e.contains("\"nope/base.toml\" is not a file"), "{e}");
    assert!(e.contains("relative to the folder of this file"), "{e}");
    let dir = folder(&[("v.toml", "extends = 3\nname = \"v\"\n")]);
    let e = err(dir.path(), "v.toml");
    assert!(e.contains("v.toml:1:1: extends:"), "{e}");
}

#[test]
fn an_error_points_at_the_file_that_wrote_the_value() {
    // The base's bad measure is reported in the base, the variant's in the
    // variant, with their own line and column.
    let bad_base = BASE.replace("factor = 0.8", "factor = -1.0");
    let dir = folder(&[
        ("base.toml", &bad_base),
        ("v.toml", "extends = \"base.toml\"\nname = \"v\"\n"),
    ]);
    let e = err(dir.path(), "v.toml");
    assert!(
        e.contains("base.toml:18:61: measures[0].effects[0].factor"),
        "{e}"
    );
    let dir = folder(&[
        ("base.toml", BASE),
        (
            "v.toml",
            "extends = \"base.toml\"\nname = \"v\"\n[workforce]\nindirect = 1.5\n",
        ),
    ]);
    let e = err(dir.path(), "v.toml");
    assert!(
        e.contains("v.toml:4:") && e.contains("workforce.indirect"),
        "{e}"
    );
    // A second measure of the same name, in the variant: measures[1].
    let dir = folder(&[
        ("base.toml", BASE),
        (
            "v.toml",
            r#"extends = "base.toml"
name = "v"
[[measures]]
name = "Chat elders"
kind = "emergency"
start = "2025-01-01"
effects = [ { effect = "indirect", value = 0.1 } ]
"#,
        ),
    ]);
    let e = err(dir.path(), "v.toml");
    assert!(e.contains("v.toml:4:1: measures[1].name"), "{e}");
}

#[test]
fn extends_cannot_be_set_on_the_command_line_or_in_the_embedded_text() {
    let dir = folder(&[("base.toml", BASE)]);
    for key in ["extends=\"x.toml\"", "measures_replace=true"] {
        let e = load(Some(&dir.path().join("base.toml")), &[key.to_string()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("can only be written in a file"), "{e}");
    }
    let e = vtsim::scenario::load_str("extends = \"base.toml\"\nname = \"x\"", "text", &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("extends"), "{e}");
}

#[test]
fn warnings_name_the_measure_and_where_it_is() {
    let dir = folder(&[(
        "w.toml",
        &BASE.replace("start = \"2025-02-01\"", "start = \"2024-12-01\""),
    )]);
    let l = load_checked(Some(&dir.path().join("w.toml")), &[]).unwrap();
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    let w = &l.warnings[0];
    assert!(w.contains("w.toml:") && w.contains("measures[0]"), "{w}");
    assert!(w.contains("2025-01-01"), "{w}");
}
