//! Loading, merging, overrides and validation of scenario files.

use super::*;

const MINIMAL: &str = "name = \"mini\"\nstart = \"2025-01-01\"\nend = \"2025-12-31\"\n\n[inflow.meldingen]\nvolume = { 2025 = 1000 }\n\n[workforce]\nfte = 10.0\n";

fn load(text: &str, sets: &[&str]) -> Result<Scenario, Error> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    load_str(text, "s.toml", &sets)
}

fn err(text: &str, sets: &[&str]) -> String {
    load(text, sets).expect_err("should fail").to_string()
}

#[test]
fn minimal_file_gets_every_default() {
    let s = load(MINIMAL, &[]).unwrap();
    assert_eq!(s.pathway.crisis_share, 0.03);
    assert_eq!(s.pathway.routes.vv, 0.093);
    assert_eq!(
        s.stages.triage.hours,
        Dist::Gamma {
            mean: 16.0,
            cv: 0.5
        }
    );
    assert_eq!(
        s.stages.onderzoek.min_days,
        Dist::Gamma {
            mean: 41.0,
            cv: 0.5
        }
    );
    assert_eq!(s.workforce.contract_fte, 0.85);
    assert_eq!(s.policy.kind, PolicyKind::Proportional);
    assert_eq!(s.effort.norm_share, 1.0);
    assert_eq!(s.pathway.monitoring.offsets_days, vec![90, 180, 365]);
}

#[test]
fn embedded_scenario_loads_and_round_trips() {
    let s = load_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, &[]).unwrap();
    assert_eq!(s.name, "zhz-2025-2026");
    assert_eq!(s.effort.norm_share, 0.72);
    assert_eq!(s.workforce.fte, Some(63.40));
    let text = to_toml(&s).unwrap();
    let again = load_str(&text, "resolved", &[]).unwrap();
    assert_eq!(s, again);
}

#[test]
fn bare_toml_dates_are_accepted() {
    let t = MINIMAL.replace("\"2025-01-01\"", "2025-01-01");
    assert_eq!(load(&t, &[]).unwrap().start, jiff::civil::date(2025, 1, 1));
    let e = err(&MINIMAL.replace("\"2025-01-01\"", "\"1 januari\""), &[]);
    assert!(
        e.contains("is not a plain date; write dates as 2025-01-01"),
        "{e}"
    );
}

#[test]
fn partial_tables_merge_and_named_distributions_replace() {
    let t = format!("{MINIMAL}\n[stages.triage]\nhours = {{ mean = 20.0 }}\n");
    let s = load(&t, &[]).unwrap();
    assert_eq!(
        s.stages.triage.hours,
        Dist::Gamma {
            mean: 20.0,
            cv: 0.5
        }
    );
    assert_eq!(s.stages.triage.max_hours_per_day, 7.2);
    let s = load(MINIMAL, &["stages.triage.hours={dist=\"fixed\", mean=3.0}"]).unwrap();
    assert_eq!(s.stages.triage.hours, Dist::Fixed { mean: 3.0 });
}

#[test]
fn overrides_apply_before_validation() {
    let s = load(
        MINIMAL,
        &["effort.norm_share=0.7", "name=other", "workforce.fte=12"],
    )
    .unwrap();
    assert_eq!(s.effort.norm_share, 0.7);
    assert_eq!(s.name, "other");
    assert_eq!(s.workforce.fte, Some(12.0));
    let e = err(MINIMAL, &["effort.norm_share=-1"]);
    assert!(
        e.contains("effort.norm_share") && e.contains("above 0"),
        "{e}"
    );
}

#[test]
fn override_errors_name_the_override() {
    let e = err(MINIMAL, &["effort.norm_shar=0.7"]);
    assert!(e.starts_with("--set effort.norm_shar=0.7"), "{e}");
    assert!(e.contains("did you mean `norm_share`"), "{e}");
    let e = err(MINIMAL, &["no-equals-sign"]);
    assert!(e.contains("expected `key.path=value`"), "{e}");
    let e = err(MINIMAL, &["effort.norm_share.x=1"]);
    assert!(e.contains("is a value, not a table"), "{e}");
}

#[test]
fn unknown_keys_give_line_column_and_suggestion() {
    let t = format!("{MINIMAL}\n[effort]\nnorm_shar = 0.7\n");
    let e = err(&t, &[]);
    assert!(
        e.starts_with("s.toml:12:1: effort.norm_shar: unknown key `norm_shar`"),
        "{e}"
    );
    assert!(e.contains("did you mean `norm_share`?"), "{e}");
    let e = err(&format!("{MINIMAL}\n[effrot]\n"), &[]);
    assert!(e.contains("did you mean `effort`"), "{e}");
}

#[test]
fn syntax_and_type_errors_are_located() {
    let e = err("name = \"x\"\nstart = \n", &[]);
    assert!(e.starts_with("s.toml:2:"), "{e}");
    assert!(e.contains("invalid TOML"), "{e}");
    let t = MINIMAL.replace("fte = 10.0", "fte = \"many\"");
    let e = err(&t, &[]);
    assert!(e.contains("workforce.fte"), "{e}");
    assert!(e.contains("s.toml:9:"), "{e}");
}

#[test]
fn missing_required_keys_are_named() {
    let e = err(
        "name = \"x\"\nend = \"2025-12-31\"\n[inflow.meldingen]\nvolume = { 2025 = 10 }\n[workforce]\nfte = 1.0\n",
        &[],
    );
    assert!(e.contains("missing required key `start`"), "{e}");
    let e = err(&MINIMAL.replace("volume = { 2025 = 1000 }", ""), &[]);
    assert!(
        e.contains("inflow.meldingen.volume") && e.contains("required"),
        "{e}"
    );
    let e = err(&MINIMAL.replace("fte = 10.0", ""), &[]);
    assert!(e.contains("workforce.fte") && e.contains("required"), "{e}");
}

#[test]
fn validation_rules() {
    let cases: &[(&str, &str)] = &[
        ("end=\"2024-12-31\"", "lies before start"),
        ("pathway.routes.vv=0.2", "must sum to 1"),
        ("pathway.crisis_share=1.5", "share in [0, 1]"),
        ("pathway.crisis_share=0.99", "crisis_share + returned_share"),
        (
            "pathway.returned_share=0.98",
            "crisis_share + returned_share",
        ),
        (
            "policy.order=[\"advice\", \"triag\", \"service\", \"monitoring\"]",
            "did you mean `triage`",
        ),
        (
            "policy.order=[\"advice\", \"triage\", \"service\"]",
            "all four classes",
        ),
        (
            "policy.order=[\"advice\", \"triage\", \"triage\", \"monitoring\"]",
            "named twice",
        ),
        ("policy.shares.triage=1.8", "share in [0, 1]"),
        (
            "policy.shares={advice=0.5, triage=0.6, service=0.0, monitoring=0.0}",
            "at most 1",
        ),
        ("policy.kind=\"shares\"", "at least one share"),
        ("stages.triage.hours.mean=0", "from 0.000001 to 1000000000"),
        ("stages.triage.hours.cv=-1", "[0.001, 10]"),
        ("stages.triage.hours.cv=1e-200", "[0.001, 10]"),
        ("start=\"0000-01-01\"", "outside the years 1900–2200"),
        ("inflow.meldingen.dispersion=5e-324", "[0.01, 1000000]"),
        ("workforce.contract_fte=1e-9", "[0.05, 1.5]"),
        (
            "pathway.routes=[0.772, 0.093, 0.130, 0.005]",
            "must be a table such as",
        ),
        ("stages.triage.max_hours_per_day=0", "above 0"),
        (
            "stages.triage.min_days={dist=\"exponential\", mean=2.0}",
            "not allowed",
        ),
        ("inflow.meldingen.season=[1.0, 2.0]", "needs 12 weights"),
        ("inflow.meldingen.weekday=[1, 1, 1, 1, 1, 1, -1]", "≥ 0"),
        ("inflow.meldingen.volume={abc=10}", "not a year"),
        ("inflow.meldingen.volume={2025=-5}", "yearly volume"),
        ("inflow.meldingen.dispersion=0", "[0.01, 1000000]"),
        ("inflow.meldingen.growth=-1", "(−1, 10]"),
        ("workforce.leave=[0.1]", "12 monthly"),
        ("workforce.indirect=1.0", "[0, 1)"),
        ("workforce.fte=nan", "(0, 100000]"),
        (
            "pathway.monitoring.offsets_days=[90, 30]",
            "strictly increasing",
        ),
        ("initial.triage=[{count=5, age_days=[10, 2]}]", "min ≤ max"),
        ("name=\"a/b\"", "cannot name a result folder"),
        ("warmup_days=100000", "at most 3660"),
        ("end=\"2199-01-01\"", "horizon"),
    ];
    for (set, expect) in cases {
        let e = err(MINIMAL, &[set]);
        assert!(
            e.contains(expect),
            "--set {set}: expected '{expect}' in: {e}"
        );
    }
}

#[test]
fn validation_errors_point_into_the_file() {
    let t = MINIMAL.replace("fte = 10.0", "fte = 10.0\nindirect = 1.5");
    let e = err(&t, &[]);
    assert!(e.starts_with("s.toml:10:1: workforce.indirect:"), "{e}");
    // A rule over two values, one changed with --set: the override is
    // blamed, not the default nobody wrote (issue 12, class 12).
    let e = err(MINIMAL, &["pathway.crisis_share=0.99"]);
    assert!(
        e.starts_with(
            "--set pathway.crisis_share=0.99: pathway.crisis_share: crisis_share + returned_share"
        ),
        "{e}"
    );
    // Without an override to blame, the key without a line.
    let t = MINIMAL.replace(
        "[workforce]",
        "[pathway]\ncrisis_share = 0.99\n\n[workforce]",
    );
    let e = err(&t, &[]);
    assert!(e.contains("s.toml:"), "{e}");
}

#[test]
fn volume_years_are_free_keys() {
    let t = MINIMAL.replace("{ 2025 = 1000 }", "{ 2025 = 1000, 2026 = 1100 }");
    let s = load(&t, &[]).unwrap();
    assert_eq!(s.inflow.meldingen.volume_of(2026), 1100.0);
}

#[test]
fn errors_in_overridden_values_point_at_the_override() {
    let e = err(MINIMAL, &["workforce.fte=\"lots\""]);
    assert!(
        e.starts_with("--set workforce.fte=\"lots\": workforce.fte:"),
        "{e}"
    );
    let e = err(MINIMAL, &["workforce.indirect=2"]);
    assert!(
        e.starts_with("--set workforce.indirect=2: workforce.indirect:"),
        "{e}"
    );
    let e = err(
        MINIMAL,
        &["pathway.routes={direct_transfer=1.0, vv=0.5, onderzoek=0.0, no_action=0.0}"],
    );
    assert!(e.starts_with("--set pathway.routes="), "{e}");
}

#[test]
fn observations_are_validated() {
    let t = format!(
        "{}\n[[observations]]\nstart = 2024-01-01\nend = 2024-08-31\nmetric = \"triage_within_term\"\nvalue = 0.72\nsource = \"seed 003\"\n",
        MINIMAL
    );
    let s = load(&t, &[]).unwrap();
    assert_eq!(s.observations.len(), 1);
    assert_eq!(s.observations[0].value, 0.72);
    let e = err(&t.replace("triage_within_term", "triage_in_term"), &[]);
    assert!(
        e.contains("unknown metric") && e.contains("did you mean `triage_within_term`"),
        "{e}"
    );
    let e = err(&t.replace("0.72", "72"), &[]);
    assert!(e.contains("0.72 for 72%"), "{e}");
}

#[test]
fn every_shipped_scenario_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let s = super::load(Some(&path), &[]).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                Some(s.name.as_str()),
                path.file_stem().and_then(|x| x.to_str())
            );
            n += 1;
        }
    }
    assert!(n >= 2);
}

#[test]
fn dates_with_a_time_are_rejected() {
    let e = err(
        &MINIMAL.replace("\"2025-01-01\"", "2025-01-01T10:00:00"),
        &[],
    );
    assert!(e.contains("not a plain date"), "{e}");
}

#[test]
fn optional_keys_are_suggested_too() {
    let e = err(MINIMAL, &["workforce.ftee=3"]);
    assert!(e.contains("did you mean `fte`"), "{e}");
    let e = err(
        &format!("{MINIMAL}\n[policy]\nurgent_first_dayz = 2\n"),
        &[],
    );
    assert!(e.contains("did you mean `urgent_first_days`"), "{e}");
}

#[test]
fn impossible_absence_mixture_is_rejected() {
    let e = err(MINIMAL, &["workforce.absence.rate=0.02"]);
    assert!(
        e.contains("workforce.absence.rate") && e.contains("below the medium mean"),
        "{e}"
    );
    let e = err(
        MINIMAL,
        &["workforce.absence.changes=[{from=\"2025-06-01\", rate=0.01}]"],
    );
    assert!(e.contains("workforce.absence.changes[0].rate"), "{e}");
    let e = err(MINIMAL, &["workforce.absence.short.share=0.5"]);
    assert!(e.contains("must sum to 1"), "{e}");
}

#[test]
fn the_documented_full_example_loads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example-full.toml");
    let s = super::load(Some(&path), &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.workforce.budget_changes.len(), 1);
    // docs/scenario-format.md embeds the same file.
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md"),
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        doc.contains(&text),
        "docs/scenario-format.md is out of date with docs/example-full.toml"
    );
}

#[test]
fn set_reaches_into_lists_by_index() {
    // `--set measures[0].effects[0].fte=3`: the size of a measure can be
    // overridden, swept and searched like any other value.
    let t = format!(
        "{MINIMAL}\n[[measures]]\nname = \"Inhuur\"\nkind = \"emergency\"\nstart = 2025-01-10\n\
         effects = [ {{ effect = \"temporary_staff\", fte = 2.0 }} ]\n"
    );
    let s = load_str(&t, "s.toml", &["measures[0].effects[0].fte=3".to_string()]).unwrap();
    assert_eq!(
        s.measures[0].effects[0],
        crate::scenario::measures::Effect::TemporaryStaff {
            fte: 3.0,
            lead_days: 0,
            productivity: 1.0
        }
    );
    let s = load_str(
        &t,
        "s.toml",
        &["measures[0].name=\"Meer inhuur\"".to_string()],
    )
    .unwrap();
    assert_eq!(s.measures[0].name, "Meer inhuur");
    for (set, says) in [
        ("measures[1].effects[0].fte=3", "`measures` has 1 entries"),
        (
            "measures[0].effects[2].fte=3",
            "`measures[0].effects` has 1 entries",
        ),
        ("workforce[0].fte=3", "`workforce` is not a list"),
        ("measures[-1].name=x", "not a whole number"),
        ("measures[0.effects=3", "an index is written"),
        ("measures[0].effects[0].ftee=3", "did you mean `fte`"),
    ] {
        let e = err(&t, &[set]);
        assert!(e.contains(says), "{set}: {e}");
    }
}
