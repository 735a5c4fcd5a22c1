//! The compact KPI table printed after a run.

use crate::export::SummaryFile;
use crate::metrics::PeriodKind;
use std::fmt::Write;

/// Rows of the table: label, KPI, whether it is a share.
const ROWS: [(&str, &str, bool); 8] = [
    (
        "triage within term, by completion",
        "triage_within_term",
        true,
    ),
    (
        "triage within term, by intake",
        "triage_within_term_intake",
        true,
    ),
    ("V&V within term, by completion", "vv_within_term", true),
    ("V&V within term, by intake", "vv_within_term_intake", true),
    (
        "Onderzoek within term, by completion",
        "onderzoek_within_term",
        true,
    ),
    (
        "Onderzoek within term, by intake",
        "onderzoek_within_term_intake",
        true,
    ),
    ("backlog at period end", "backlog_end", false),
    ("maximum backlog", "backlog_max", false),
];

fn cell(median: Option<f64>, lo: Option<f64>, hi: Option<f64>, share: bool) -> String {
    let f = |x: f64| {
        if share {
            format!("{:.0}", x * 100.0)
        } else {
            format!("{x:.0}")
        }
    };
    match (median, lo, hi) {
        (Some(m), Some(l), Some(h)) => {
            let pct = if share { "%" } else { "" };
            format!("{}{pct} [{}–{}]", f(m), f(l), f(h))
        }
        _ => "–".into(),
    }
}

/// The KPI table: one column per calendar year (and the whole horizon when
/// it spans more than one year), median and 5–95% band across runs.
pub fn kpi_table(s: &SummaryFile) -> String {
    let mut cols: Vec<_> = s
        .periods
        .iter()
        .filter(|p| p.period.kind == PeriodKind::Year)
        .collect();
    if cols.len() > 1 {
        cols.extend(
            s.periods
                .iter()
                .filter(|p| p.period.kind == PeriodKind::Horizon),
        );
    }
    let label_w = 38;
    let col_w = 18;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · {} runs · seed {} · {} – {}",
        s.scenario.name, s.runs, s.seed, s.scenario.start, s.scenario.end
    );
    let _ = writeln!(out, "median [5%–95%] across runs");
    let _ = write!(out, "{:label_w$}", "");
    for c in &cols {
        let _ = write!(out, "{:>col_w$}", c.period.label);
    }
    out.push('\n');
    for (label, kpi, share) in ROWS {
        let _ = write!(out, "{label:label_w$}");
        for c in &cols {
            let sm = c.kpis.get(kpi);
            let v = sm.map_or("–".to_string(), |sm| {
                cell(sm.pct("p50"), sm.pct("p5"), sm.pct("p95"), share)
            });
            let _ = write!(out, "{v:>col_w$}");
        }
        out.push('\n');
    }
    for (label, kpi) in [
        ("P(triage ≥ 95%, by completion)", "triage_within_term"),
        ("P(Onderzoek ≥ 85%, by completion)", "onderzoek_within_term"),
    ] {
        let _ = write!(out, "{label:label_w$}");
        for c in &cols {
            let v = c
                .norms
                .iter()
                .find(|n| n.kpi == kpi)
                .and_then(|n| n.probability)
                .map_or("–".to_string(), |p| format!("{:.0}%", p * 100.0));
            let _ = write!(out, "{v:>col_w$}");
        }
        out.push('\n');
    }
    out
}
