//! The FTE calculator ("rekentool") of the regions, seed 003 (Bijlage 1 and
//! 2): volumes × hours per case ÷ 1350 productive hours per FTE a year. Its
//! own arithmetic, so that a board sees the calculator's figure beside what
//! the simulation says, and `describe` and `vtsim rekentool` never disagree.
//!
//! Which count each norm multiplies (verified against every published cell,
//! `assets/rekentool.csv`):
//!
//! ```text
//! FTE = (advies × adviezen + triage × overdragen
//!        + overdracht_ondersteuning × overdracht met ondersteuning
//!        + onderzoek × onderzoeken + monitoring × monitoring) / 1350
//! ```
//!
//! The 16-hour triage norm multiplies the transfers ("overdragen"), not the
//! meldingen, and the calculator counts as many monitoring cases as
//! Onderzoeken.

use crate::error::Error;
use crate::scenario::Scenario;
use serde::Serialize;

/// Productive hours per FTE a year of the calculator.
pub const HOURS_PER_FTE: f64 = 1350.0;

/// Hours per case of the calculator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Norms {
    /// Per advies.
    pub advies: f64,
    /// Per transfer ("overdragen"): the safety assessment.
    pub triage: f64,
    /// Per transfer with support (V&V).
    pub overdracht_ondersteuning: f64,
    /// Per Onderzoek.
    pub onderzoek: f64,
    /// Per monitoring case.
    pub monitoring: f64,
}

/// The regional norms of seed 003 (Bijlage 1).
pub const REGIONAL: Norms = Norms {
    advies: 2.0,
    triage: 16.0,
    overdracht_ondersteuning: 16.0,
    onderzoek: 22.0,
    monitoring: 12.0,
};

/// The national norms of seed 003 (Bijlage 1).
pub const NATIONAL: Norms = Norms {
    advies: 2.0,
    triage: 16.0,
    overdracht_ondersteuning: 16.0,
    onderzoek: 35.0,
    monitoring: 15.0,
};

/// The counts the calculator multiplies, per year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Volumes {
    /// Meldingen received (shown; no norm multiplies it).
    pub meldingen: f64,
    /// Transfers after the safety assessment, with or without support.
    pub overdragen: f64,
    /// Transfers with support (V&V).
    pub overdracht_ondersteuning: f64,
    /// Onderzoeken.
    pub onderzoek: f64,
    /// Adviezen.
    pub adviezen: f64,
    /// Monitoring cases.
    pub monitoring: f64,
}

impl Volumes {
    /// The calculator's FTE for these counts.
    pub fn fte(&self, n: &Norms) -> f64 {
        (n.advies * self.adviezen
            + n.triage * self.overdragen
            + n.overdracht_ondersteuning * self.overdracht_ondersteuning
            + n.onderzoek * self.onderzoek
            + n.monitoring * self.monitoring)
            / HOURS_PER_FTE
    }

    /// The expected counts of a scenario in a calendar year: the year's
    /// volumes; of the meldingen, those triaged (not crisis, not returned to
    /// the police) are routed by the scenario's route shares; transfers are
    /// the direct transfers and V&V (both hand the case over, V&V with
    /// support); monitoring as many as Onderzoeken, as the calculator counts.
    pub fn of_scenario(s: &Scenario, year: i16) -> Volumes {
        let p = &s.pathway;
        let meldingen = s.inflow.meldingen.volume_of(year);
        let triaged = meldingen * (1.0 - p.crisis_share - p.returned_share);
        let onderzoek = triaged * p.routes.onderzoek;
        Volumes {
            meldingen,
            overdragen: triaged * (p.routes.direct_transfer + p.routes.vv),
            overdracht_ondersteuning: triaged * p.routes.vv,
            onderzoek,
            adviezen: s.inflow.adviezen.volume_of(year),
            monitoring: onderzoek,
        }
    }
}

/// One column of the calculator as published in seed 003 (Bijlage 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Published {
    /// The column's name (`realisatie_2023`, `begroting_2025_ab`, …).
    pub column: String,
    /// Its counts.
    pub volumes: Volumes,
    /// The FTE published with the regional norms (2 decimals).
    pub fte_regional: f64,
    /// The FTE published with the national norms (2 decimals).
    pub fte_national: f64,
    /// FTE available, incidental money included.
    pub available: f64,
    /// FTE available structurally.
    pub available_structural: f64,
}

/// The published table (seed 003), embedded.
pub const PUBLISHED_CSV: &str = include_str!("../assets/rekentool.csv");

/// The published columns.
pub fn published() -> Result<Vec<Published>, Error> {
    let bad = |m: String| Error::Internal {
        message: format!("assets/rekentool.csv: {m}"),
    };
    let mut out = Vec::new();
    let mut header: Option<Vec<&str>> = None;
    for line in PUBLISHED_CSV.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let Some(h) = &header else {
            header = Some(cells);
            continue;
        };
        let get = |name: &str| -> Result<f64, Error> {
            let i = h
                .iter()
                .position(|c| *c == name)
                .ok_or_else(|| bad(format!("no column {name}")))?;
            cells
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| bad(format!("{}: {name} is not a number", cells[0])))
        };
        out.push(Published {
            column: cells[0].to_string(),
            volumes: Volumes {
                meldingen: get("meldingen")?,
                overdragen: get("overdragen")?,
                overdracht_ondersteuning: get("overdracht_ondersteuning")?,
                onderzoek: get("onderzoek")?,
                adviezen: get("adviezen")?,
                monitoring: get("monitoring")?,
            },
            fte_regional: get("fte_regional_published")?,
            fte_national: get("fte_national_published")?,
            available: get("fte_available_incl_incidental")?,
            available_structural: get("fte_available_structural")?,
        });
    }
    Ok(out)
}

/// The calculator for one year of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigures {
    /// The calendar year.
    pub year: i16,
    /// The expected counts.
    pub volumes: Volumes,
    /// FTE at the regional norms.
    pub fte_regional: f64,
    /// FTE at the national norms.
    pub fte_national: f64,
    /// The budget (formatie) in force on the year's first day in the horizon.
    pub budget: f64,
}

impl YearFigures {
    /// The calculator's gap: budget − FTE at the regional norms (negative
    /// when short), as in seed 003's "Gap FTE" row.
    pub fn gap(&self) -> f64 {
        self.budget - self.fte_regional
    }
}

/// The calculator for every calendar year of a scenario's horizon, with the
/// budget in force on each year's first day (as `describe` takes it).
pub fn for_scenario(s: &Scenario) -> Result<Vec<YearFigures>, Error> {
    crate::describe::describe_horizon(s)?
        .into_iter()
        .map(|d| {
            let v = Volumes::of_scenario(s, d.year);
            Ok(YearFigures {
                year: d.year,
                volumes: v,
                fte_regional: v.fte(&REGIONAL),
                fte_national: v.fte(&NATIONAL),
                budget: d.budget_fte,
            })
        })
        .collect()
}

fn rows(out: &mut String, head: &[String], rows: &[(&str, Vec<String>)]) {
    use std::fmt::Write;
    let w = head
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0)
        .max(10)
        + 2;
    let _ = write!(out, "{:44}", "");
    for h in head {
        let _ = write!(out, "{h:>w$}");
    }
    let _ = writeln!(out);
    for (label, cells) in rows {
        let _ = write!(out, "{label:44}");
        for c in cells {
            let _ = write!(out, "{c:>w$}");
        }
        let _ = writeln!(out);
    }
}

/// The calculator for a scenario as a text table, one column a year.
pub fn to_text(s: &Scenario, years: &[YearFigures]) -> String {
    let mut out = format!(
        "{} — the FTE calculator (rekentool, seed 003): expected counts × hours per case / {HOURS_PER_FTE:.0}\n",
        s.name
    );
    let head: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
    let col = |f: &dyn Fn(&YearFigures) -> String| years.iter().map(f).collect::<Vec<_>>();
    let whole = |x: f64| format!("{x:.0}");
    rows(
        &mut out,
        &head,
        &[
            ("meldingen", col(&|y| whole(y.volumes.meldingen))),
            (
                "overdragen (transfers, V&V included)",
                col(&|y| whole(y.volumes.overdragen)),
            ),
            (
                "overdracht met ondersteuning (V&V)",
                col(&|y| whole(y.volumes.overdracht_ondersteuning)),
            ),
            ("onderzoek", col(&|y| whole(y.volumes.onderzoek))),
            ("adviezen", col(&|y| whole(y.volumes.adviezen))),
            (
                "monitoring (= onderzoek)",
                col(&|y| whole(y.volumes.monitoring)),
            ),
            (
                "FTE at the regional norms",
                col(&|y| format!("{:.2}", y.fte_regional)),
            ),
            (
                "FTE at the national norms",
                col(&|y| format!("{:.2}", y.fte_national)),
            ),
            (
                "budget (formatie) in force, FTE",
                col(&|y| format!("{:.2}", y.budget)),
            ),
            (
                "Gap FTE (budget − regional)",
                col(&|y| format!("{:+.2}", y.gap())),
            ),
        ],
    );
    out.push_str(
        "\nThe counts are the scenario's expected volumes and route shares. The calculator ignores \
         absence above 7%, vacancies, onboarding, variability and the backlog: `vtsim run` \
         simulates them.\n",
    );
    out
}

/// The published table of seed 003 beside the calculator's own arithmetic.
pub fn published_text(cols: &[Published]) -> String {
    let mut out = String::from(
        "The FTE calculator as published in seed 003 (Bijlage 2), recomputed: counts × hours per case / 1350\n",
    );
    let head: Vec<String> = cols.iter().map(|c| c.column.clone()).collect();
    let col = |f: &dyn Fn(&Published) -> String| cols.iter().map(f).collect::<Vec<_>>();
    let whole = |x: f64| format!("{x:.0}");
    rows(
        &mut out,
        &head,
        &[
            ("meldingen", col(&|c| whole(c.volumes.meldingen))),
            ("overdragen", col(&|c| whole(c.volumes.overdragen))),
            (
                "overdracht met ondersteuning",
                col(&|c| whole(c.volumes.overdracht_ondersteuning)),
            ),
            ("onderzoek", col(&|c| whole(c.volumes.onderzoek))),
            ("adviezen", col(&|c| whole(c.volumes.adviezen))),
            ("monitoring", col(&|c| whole(c.volumes.monitoring))),
            (
                "FTE regional, computed",
                col(&|c| format!("{:.2}", c.volumes.fte(&REGIONAL))),
            ),
            (
                "FTE regional, published",
                col(&|c| format!("{:.2}", c.fte_regional)),
            ),
            (
                "FTE national, computed",
                col(&|c| format!("{:.2}", c.volumes.fte(&NATIONAL))),
            ),
            (
                "FTE national, published",
                col(&|c| format!("{:.2}", c.fte_national)),
            ),
            (
                "FTE available (incl. incidental)",
                col(&|c| format!("{:.2}", c.available)),
            ),
            (
                "Gap FTE (available − regional)",
                col(&|c| format!("{:+.2}", c.available - c.volumes.fte(&REGIONAL))),
            ),
        ],
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calculator_reproduces_every_published_cell() {
        // Seed 003, Bijlage 2: 7 columns × 2 norm sets, published to 2
        // decimals.
        let cols = published().unwrap();
        assert_eq!(cols.len(), 7);
        for c in &cols {
            for (norms, published) in [(&REGIONAL, c.fte_regional), (&NATIONAL, c.fte_national)] {
                let fte = c.volumes.fte(norms);
                assert_eq!(
                    format!("{fte:.2}"),
                    format!("{published:.2}"),
                    "{}",
                    c.column
                );
            }
        }
        // The AB decision: 70.40 FTE needed against 63.40 available, the
        // seed's gap of −7.
        let ab = cols
            .iter()
            .find(|c| c.column == "begroting_2025_ab")
            .unwrap();
        assert_eq!(
            format!("{:.2}", ab.available - ab.volumes.fte(&REGIONAL)),
            "-7.00"
        );
    }

    #[test]
    fn a_scenarios_counts_follow_its_volumes_and_routes() {
        let s = crate::scenario::load_str(
            r#"
name = "t"
start = "2025-01-01"
end = "2026-12-31"
[inflow.meldingen]
volume = { 2025 = 1000, 2026 = 2000 }
[inflow.adviezen]
volume = { 2025 = 500 }
[pathway]
crisis_share = 0.05
returned_share = 0.05
[pathway.routes]
direct_transfer = 0.6
vv = 0.1
onderzoek = 0.2
no_action = 0.1
[workforce]
fte = 20.0
budget_changes = [{ from = 2026-01-01, fte = 25.0 }]
"#,
            "t",
            &[],
        )
        .unwrap();
        let y = for_scenario(&s).unwrap();
        assert_eq!(y.len(), 2);
        let v = y[0].volumes;
        assert_eq!(v.meldingen, 1000.0);
        assert!((v.overdragen - 900.0 * 0.7).abs() < 1e-9);
        assert!((v.overdracht_ondersteuning - 90.0).abs() < 1e-9);
        assert!((v.onderzoek - 180.0).abs() < 1e-9);
        assert_eq!(v.monitoring, v.onderzoek);
        let expect =
            (2.0 * 500.0 + 16.0 * 630.0 + 16.0 * 90.0 + 22.0 * 180.0 + 12.0 * 180.0) / 1350.0;
        assert!((y[0].fte_regional - expect).abs() < 1e-9);
        assert_eq!(y[0].budget, 20.0);
        assert_eq!(y[1].budget, 25.0);
        assert!((y[1].volumes.meldingen - 2000.0).abs() < 1e-9);
        assert!((y[1].gap() - (25.0 - y[1].fte_regional)).abs() < 1e-12);
    }
}
