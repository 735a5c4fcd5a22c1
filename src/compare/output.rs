//! What a comparison writes: the terminal table, `compare.csv`,
//! `compare.json` and the findings in words.

use super::{Comparison, Direction, Row, direction};
use crate::error::Error;
use crate::metrics::{Period, PeriodKind};
use crate::scenario::{Language, Scenario};
use serde::Serialize;
use std::fmt::Write;

/// The periods shown in the table and the findings: every calendar year,
/// and the horizon when it spans more than one.
pub fn headline_periods(periods: &[Period]) -> Vec<&Period> {
    let mut v: Vec<&Period> = periods
        .iter()
        .filter(|p| p.kind == PeriodKind::Year)
        .collect();
    if v.len() != 1 {
        v.extend(periods.iter().filter(|p| p.kind == PeriodKind::Horizon));
    }
    v
}

/// KPIs of the terminal table.
const TABLE_KPIS: [&str; 5] = [
    "triage_within_term",
    "onderzoek_within_term",
    "vv_within_term",
    "backlog_end",
    "measure_cost",
];

fn is_share(kpi: &str) -> bool {
    kpi.contains("within_term")
}

/// A value as the table shows it: shares in percent, counts whole, euros
/// rounded to thousands.
fn show(kpi: &str, x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if is_share(kpi) {
        format!("{:.0}%", x * 100.0)
    } else if kpi == "measure_cost" {
        format!("€{:.0}k", x / 1000.0)
    } else {
        format!("{x:.0}")
    }
}

/// A difference as the table shows it: shares in percentage points.
fn show_diff(kpi: &str, x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if is_share(kpi) {
        format!("{:+.0}pp", x * 100.0)
    } else if kpi == "measure_cost" {
        format!("{:+.0}k", x / 1000.0)
    } else {
        format!("{x:+.0}")
    }
}

/// The terminal table: per scenario and headline period, each KPI's
/// median [5–95%], the paired difference with the base [95%], and the
/// probability that the scenario is better.
pub fn table(c: &Comparison) -> String {
    let mut out = String::new();
    let Some(base) = c.arms.first() else {
        return out;
    };
    let _ = writeln!(
        out,
        "compare · base {} · {} runs each · seed {} · common random numbers",
        base.scenario.name, c.options.runs, c.options.seed
    );
    let _ = writeln!(
        out,
        "median [5%–95%] across runs; Δ = paired difference with the base per run, median [95% of runs]; \
         P(better) ± Monte Carlo standard error"
    );
    let periods = headline_periods(&c.periods);
    for arm in &c.arms[1..] {
        let _ = writeln!(out, "\n{} vs {}", arm.scenario.name, base.scenario.name);
        let mut lines: Vec<[String; 7]> = vec![[
            String::new(),
            "period".into(),
            "base".into(),
            "scenario".into(),
            "Δ".into(),
            "P(better)".into(),
            "€ per pp".into(),
        ]];
        let mut marks: Vec<&str> = vec![""];
        for kpi in TABLE_KPIS {
            for p in &periods {
                let (Some(b), Some(r)) = (
                    c.row(&base.scenario.name, &p.label, kpi),
                    c.row(&arm.scenario.name, &p.label, kpi),
                ) else {
                    continue;
                };
                let band = |r: &Row| {
                    format!(
                        "{} [{}–{}]",
                        show(kpi, r.median),
                        show(kpi, r.p5),
                        show(kpi, r.p95)
                    )
                };
                let diff = format!(
                    "{} [{}, {}]",
                    show_diff(kpi, r.diff_median),
                    show_diff(kpi, r.diff_lo),
                    show_diff(kpi, r.diff_hi)
                );
                let pb = if r.p_better.is_finite() && r.p_better_se > 0.0 {
                    format!("{:.0}% ±{:.1}", r.p_better * 100.0, r.p_better_se * 100.0)
                } else if r.p_better.is_finite() {
                    // All runs agree: a standard error of 0 would claim
                    // certainty, the count says what was seen.
                    let k = (r.p_better * r.pairs as f64).round();
                    format!("{:.0}% ({k}/{})", r.p_better * 100.0, r.pairs)
                } else {
                    String::new()
                };
                let euro = r
                    .euro_per_pp
                    .map(|e| format!("€{:.0}k", e / 1000.0))
                    .unwrap_or_default();
                marks.push(if r.resolved || direction(kpi) == Direction::Neither {
                    ""
                } else {
                    " ?"
                });
                lines.push([
                    kpi.to_string(),
                    p.label.clone(),
                    band(b),
                    band(r),
                    diff,
                    pb,
                    euro,
                ]);
            }
        }
        // Columns as wide as their widest cell, two spaces apart; the KPI
        // left-aligned, the numbers right-aligned.
        let mut width = [0usize; 7];
        for l in &lines {
            for (w, cell) in width.iter_mut().zip(l) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for (l, mark) in lines.iter().zip(&marks) {
            let mut line = String::new();
            for (i, (cell, w)) in l.iter().zip(width).enumerate() {
                let pad = w - cell.chars().count();
                if i == 0 {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad + 2));
                    line.push_str(cell);
                }
            }
            let _ = writeln!(out, "{}{mark}", line.trim_end());
        }
    }
    let unresolved: Vec<&Row> = c
        .rows
        .iter()
        .filter(|r| {
            TABLE_KPIS.contains(&r.kpi.as_str())
                && direction(&r.kpi) != Direction::Neither
                && r.scenario != base.scenario.name
                && !r.resolved
                && periods.iter().any(|p| p.label == r.period)
        })
        .collect();
    if !unresolved.is_empty() {
        let need = unresolved.iter().filter_map(|r| r.runs_needed).max();
        let _ = writeln!(
            out,
            "\n? the 95% interval of the mean difference contains 0 with {} runs: more runs could change \
             the conclusion{}",
            c.options.runs,
            need.map(|n| format!(
                " (about {n} runs would resolve the smallest of these differences)"
            ))
            .unwrap_or_else(|| " (the scenarios do not differ there)".into())
        );
    }
    out
}

fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else {
        let r = (x * 1e9).round() / 1e9;
        format!("{}", if r == 0.0 { 0.0 } else { r })
    }
}

/// `compare.csv`: one row per scenario × period × KPI.
pub fn csv(c: &Comparison) -> Result<Vec<u8>, Error> {
    let err = |e: csv::Error| Error::Internal {
        message: format!("could not format compare.csv: {e}"),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "base",
        "period",
        "kind",
        "start",
        "end",
        "kpi",
        "better_when",
        "runs",
        "median",
        "p5",
        "p95",
        "diff_median",
        "diff_p2_5",
        "diff_p97_5",
        "diff_mean",
        "diff_mean_se",
        "p_better",
        "p_better_se",
        "p_worse",
        "cost_eur",
        "cost_diff_eur",
        "eur_per_pp",
        "resolved",
        "runs_needed",
    ])
    .map_err(err)?;
    let base = c.arms.first().map_or("", |a| a.scenario.name.as_str());
    for r in &c.rows {
        let p = c.periods.iter().find(|p| p.label == r.period);
        let better = match direction(&r.kpi) {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Neither => "",
        };
        w.write_record([
            r.scenario.clone(),
            base.to_string(),
            r.period.clone(),
            r.kind.name().to_string(),
            p.map(|p| p.start_date.to_string()).unwrap_or_default(),
            p.map(|p| p.end_date.to_string()).unwrap_or_default(),
            r.kpi.clone(),
            better.to_string(),
            r.n.to_string(),
            num(r.median),
            num(r.p5),
            num(r.p95),
            num(r.diff_median),
            num(r.diff_lo),
            num(r.diff_hi),
            num(r.diff_mean),
            num(r.diff_mean_se),
            num(r.p_better),
            num(r.p_better_se),
            num(r.p_worse),
            num(r.cost),
            num(r.cost_diff),
            r.euro_per_pp.map(num).unwrap_or_default(),
            r.resolved.to_string(),
            r.runs_needed.map(|n| n.to_string()).unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Internal {
        message: format!("could not format compare.csv: {e}"),
    })
}

/// One scenario in `compare.json`.
#[derive(Debug, Serialize)]
pub struct ArmFile<'a> {
    /// Name.
    pub name: &'a str,
    /// Where it came from.
    pub origin: &'a str,
    /// The resolved scenario (every input).
    pub scenario: &'a Scenario,
}

/// `compare.json`.
#[derive(Debug, Serialize)]
pub struct CompareFile<'a> {
    /// vtsim version.
    pub vtsim_version: &'static str,
    /// Master seed, the same for every scenario.
    pub seed: u64,
    /// Replications per scenario.
    pub runs: u64,
    /// The base scenario's name.
    pub base: &'a str,
    /// The scenarios, the base first, with their resolved inputs.
    pub scenarios: Vec<ArmFile<'a>>,
    /// The periods.
    pub periods: &'a [Period],
    /// The rows.
    pub rows: &'a [Row],
    /// The findings, in the language of the base scenario.
    pub findings: Vec<String>,
}

/// `compare.json`: every row, every scenario's resolved inputs, the findings.
pub fn json(c: &Comparison) -> Result<Vec<u8>, Error> {
    let lang = c.arms.first().map_or(Language::Nl, |a| a.scenario.language);
    let file = CompareFile {
        vtsim_version: env!("CARGO_PKG_VERSION"),
        seed: c.options.seed,
        runs: c.options.runs,
        base: c.arms.first().map_or("", |a| a.scenario.name.as_str()),
        scenarios: c
            .arms
            .iter()
            .map(|a| ArmFile {
                name: &a.scenario.name,
                origin: &a.origin,
                scenario: &a.scenario,
            })
            .collect(),
        periods: &c.periods,
        rows: &c.rows,
        findings: findings(c, lang),
    };
    let mut v = serde_json::to_vec_pretty(&file).map_err(|e| Error::Internal {
        message: format!("could not format compare.json: {e}"),
    })?;
    v.push(b'\n');
    Ok(v)
}

/// A euro amount in Dutch or English style, whole euros.
pub fn euros(x: f64, lang: Language) -> String {
    let whole = format!("{:.0}", x.abs());
    let sep = if lang == Language::Nl { '.' } else { ',' };
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let sign = if x < 0.0 { "−" } else { "" };
    format!("{sign}€ {grouped}")
}

fn pp(x: f64) -> String {
    let v = x * 100.0;
    if v.abs() < 0.5 {
        "±0".into()
    } else {
        format!("{v:+.0}").replace('-', "−")
    }
}

/// A sentence per scenario (and per priced KPI) a board can read, for the
/// last headline year; with a warning when more runs could change it.
pub fn findings(c: &Comparison, lang: Language) -> Vec<String> {
    let mut out = Vec::new();
    if c.arms.is_empty() {
        return out;
    }
    let periods = headline_periods(&c.periods);
    let Some(p) = periods
        .iter()
        .rfind(|p| p.kind == PeriodKind::Year)
        .or(periods.last())
    else {
        return out;
    };
    let nl = lang == Language::Nl;
    let labels = c.labels();
    // Quoted, so that a label that is a phrase reads as a name.
    let labels: Vec<String> = labels.iter().map(|l| format!("‘{l}’")).collect();
    let base_name = &labels[0];
    for (arm, name) in c.arms[1..].iter().zip(&labels[1..]) {
        for (kpi, what_nl, what_en) in [
            (
                "triage_within_term",
                "veiligheidsbeoordelingen binnen 5 werkdagen worden afgerond",
                "safety assessments are completed within 5 working days",
            ),
            (
                "onderzoek_within_term",
                "onderzoeken binnen 10 weken worden afgerond",
                "investigations (Onderzoek) are completed within 10 weeks",
            ),
        ] {
            let Some(r) = c.row(&arm.scenario.name, &p.label, kpi) else {
                continue;
            };
            if !r.p_better.is_finite() {
                continue;
            }
            let chance = r.p_better * 100.0;
            let price = match r.euro_per_pp {
                Some(e) if nl => format!(", voor {} per procentpunt", euros(e, lang)),
                Some(e) => format!(", at {} per percentage point", euros(e, lang)),
                None => String::new(),
            };
            let (d, lo, hi) = (pp(r.diff_median), pp(r.diff_lo), pp(r.diff_hi));
            let mut s = if nl {
                format!(
                    "Met {name} is de kans {chance:.0}% dat meer {what_nl} dan in {base_name}: \
                     in {} naar verwachting {d} procentpunt (in 95% van de runs tussen {lo} en {hi}){price}.",
                    p.label
                )
            } else {
                format!(
                    "With {name} the probability is {chance:.0}% that more {what_en} than in {base_name}: \
                     in {} expected {d} percentage points (in 95% of runs between {lo} and {hi}){price}.",
                    p.label
                )
            };
            // By completion, clearing an old backlog finishes many late
            // cases: the share can fall while the waiting list shrinks. Say
            // so when the share by intake points the other way.
            let intake = format!("{kpi}_intake");
            if let Some(i) = c.row(&arm.scenario.name, &p.label, &intake)
                && i.diff_median.is_finite()
                && r.diff_median.is_finite()
                && (i.diff_median * 100.0).round() > 0.0
                && (r.diff_median * 100.0).round() <= 0.0
            {
                s.push_str(&if nl {
                    format!(
                        " Let op: dit telt de afgeronde zaken, en wie een achterstand wegwerkt rondt ook veel te \
                         late af; per binnengekomen melding gerekend is het verschil {} procentpunt.",
                        pp(i.diff_median)
                    )
                } else {
                    format!(
                        " Note: this counts completed cases, and clearing a backlog completes many late ones; \
                         counted per case received the difference is {} percentage points.",
                        pp(i.diff_median)
                    )
                });
            }
            if !r.resolved {
                s.push_str(&if nl {
                    format!(
                        " Met {} runs is dit verschil niet van nul te onderscheiden{}.",
                        c.options.runs,
                        r.runs_needed
                            .map(|n| format!(
                                "; ongeveer {n} runs zijn nodig om het vast te stellen"
                            ))
                            .unwrap_or_default()
                    )
                } else {
                    format!(
                        " With {} runs this difference cannot be told from zero{}.",
                        c.options.runs,
                        r.runs_needed
                            .map(|n| format!("; about {n} runs are needed to establish it"))
                            .unwrap_or_default()
                    )
                });
            }
            out.push(s);
        }
        if let Some(r) = c.row(&arm.scenario.name, &p.label, "backlog_end")
            && r.diff_median.is_finite()
        {
            // Formatted like the table (round half to even), so the
            // sentence and the table show the same number.
            let whole = |x: f64| {
                let s = format!("{:.0}", x.abs());
                if s == "0" {
                    s
                } else if x < 0.0 {
                    format!("−{s}")
                } else {
                    format!("+{s}")
                }
            };
            let smaller = r.diff_median <= 0.0;
            let (d, lo, hi) = (
                format!("{:.0}", r.diff_median.abs()),
                whole(r.diff_lo),
                whole(r.diff_hi),
            );
            let chance = r.p_better * 100.0;
            out.push(if nl {
                format!(
                    "De wachtlijst eind {} is met {name} naar verwachting {d} zaken {} dan in {base_name} \
                     (verschil in 95% van de runs tussen {lo} en {hi}); kans {chance:.0}% dat hij kleiner is.",
                    p.label,
                    if smaller { "kleiner" } else { "groter" }
                )
            } else {
                format!(
                    "The waiting list at the end of {} is expected to be {d} cases {} with {name} than in \
                     {base_name} (difference in 95% of runs between {lo} and {hi}); probability {chance:.0}% \
                     that it is smaller.",
                    p.label,
                    if smaller { "smaller" } else { "larger" }
                )
            });
        }
    }
    out
}
