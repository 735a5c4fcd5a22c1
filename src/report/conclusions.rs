//! The three conclusions at the top of `report.html`: what the numbers mean
//! for a board, each a sentence with its key figure beside it.
//!
//! 1. **Norms**: the chance that the safety assessment meets its norm in
//!    the last full year (and that Onderzoek meets its own), with a verdict
//!    read from that chance.
//! 2. **Backlog**: the backlog at the end of the horizon, median and the
//!    range of 90% of the runs, against the backlog on the first day.
//! 3. **Capacity**: the productive hours the staff have per week against the
//!    hours the work asks (the capacity chart's weeks, over the same year),
//!    the shortfall in hours and in FTE, and the staff in service (the KPI
//!    table's FTE in dienst and FTE ziek) against the budget (formatie).
//!
//! The chances, percentages, backlogs and FTE are `summary.json`'s values
//! (the medians and 90% bands the KPI table shows); the hours per week and
//! the budget are the capacity and workforce charts' means from
//! `daily.csv`. A conclusion whose numbers are undefined (no completed
//! safety assessments, no capacity series) is left out rather than guessed.

use super::data::ResultData;
use super::labels::{self, Locale};
use super::plots::capacity;
use crate::metrics::PeriodKind;
use crate::summary::PeriodSummary;
use serde::Serialize;

/// One conclusion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conclusion {
    /// `norms`, `backlog` or `capacity`.
    pub kind: &'static str,
    /// The key figure, shown large beside the text (`< 1%`, `700`).
    pub figure: String,
    /// What the figure is, under it (`kans`, `wachtend eind 2026`).
    pub figure_label: String,
    /// The conclusion, one sentence.
    pub headline: String,
    /// The numbers behind it, one or two sentences.
    pub detail: String,
}

/// The period the conclusions speak about: the last whole calendar year of
/// the horizon, else the horizon itself.
pub fn focus_period(data: &ResultData) -> Option<&PeriodSummary> {
    let s = &data.summary;
    s.of_kind(PeriodKind::Year)
        .filter(|p| !p.partial && p.is_full_year())
        .last()
        .or_else(|| s.of_kind(PeriodKind::Horizon).next())
}

/// The name of a period in a sentence: `in 2026`, `van 1 januari t/m 31 maart 2025`.
fn in_period(p: &PeriodSummary, l: Locale) -> String {
    if p.kind == PeriodKind::Year {
        l.fill(labels::C_IN_YEAR, &[("year", &p.label)])
    } else {
        l.fill(
            labels::C_IN_SPAN,
            &[("span", &l.span(p.start_date, p.end_date))],
        )
    }
}

/// When the horizon ends, in a sentence: `eind 2026`, `op 31 maart 2025`.
fn at_end(h: &PeriodSummary, l: Locale) -> String {
    let end = h.end_date;
    if end.month() == 12 && end.day() == 31 {
        l.fill(labels::C_END_OF_YEAR, &[("year", &end.year().to_string())])
    } else {
        l.fill(labels::C_ON_DATE, &[("date", &l.date(end))])
    }
}

/// The conclusions of a result, in `l`; at most three.
pub fn conclusions(data: &ResultData, l: Locale) -> Vec<Conclusion> {
    let mut out = Vec::new();
    if let Some(c) = norms(data, l) {
        out.push(c);
    }
    if let Some(c) = backlog(data, l) {
        out.push(c);
    }
    if let Some(c) = capacity_gap(data, l) {
        out.push(c);
    }
    out
}

/// The verdict a chance of meeting a norm gives.
fn verdict(p: f64) -> labels::Text {
    match p {
        p if p < 0.1 => labels::C_VERDICT_NO,
        p if p < 0.5 => labels::C_VERDICT_UNLIKELY,
        p if p < 0.9 => labels::C_VERDICT_LIKELY,
        _ => labels::C_VERDICT_YES,
    }
}

fn norms(data: &ResultData, l: Locale) -> Option<Conclusion> {
    let y = focus_period(data)?;
    let n = y.norm("triage_within_term")?;
    let p = n.probability?;
    let (med, lo, hi) = y.kpi("triage_within_term")?.median_band()?;
    let period = in_period(y, l);
    let headline = l.fill(
        verdict(p),
        &[
            ("period", &period),
            ("norm", &l.pct(n.at_least)),
            ("p", &l.chance(p)),
        ],
    );
    let mut detail = l.fill(
        labels::C_TRIAGE_DETAIL,
        &[("med", &l.pct(med)), ("lo", &l.pct(lo)), ("hi", &l.pct(hi))],
    );
    if let (Some(on), Some((om, _, _))) = (
        y.norm("onderzoek_within_term"),
        y.kpi("onderzoek_within_term").and_then(|k| k.median_band()),
    ) && let Some(op) = on.probability
    {
        detail.push(' ');
        detail.push_str(&l.fill(
            labels::C_ONDERZOEK_DETAIL,
            &[
                ("norm", &l.pct(on.at_least)),
                ("p", &l.chance(op)),
                ("med", &l.pct(om)),
            ],
        ));
    }
    if let Some((vm, _, _)) = y.kpi("vv_within_term").and_then(|k| k.median_band()) {
        detail.push(' ');
        detail.push_str(&l.fill(labels::C_VV_DETAIL, &[("med", &l.pct(vm))]));
    }
    Some(Conclusion {
        kind: "norms",
        figure: l.chance(p),
        figure_label: l.fill(labels::C_NORMS_FIGURE, &[("period", &period)]),
        headline,
        detail,
    })
}

/// The median backlog on the first day of the horizon, from `daily.csv`.
pub fn backlog_at_start(data: &ResultData) -> Option<f64> {
    let d = &data.daily;
    let i = d.dates.iter().position(|x| *x == data.scenario.start)?;
    d.get("backlog")?
        .pct("p50")
        .get(i)
        .copied()
        .filter(|x| x.is_finite())
}

fn backlog(data: &ResultData, l: Locale) -> Option<Conclusion> {
    let h = data.summary.of_kind(PeriodKind::Horizon).next()?;
    let (med, lo, hi) = h.kpi("backlog_end")?.median_band()?;
    let when = at_end(h, l);
    let start = backlog_at_start(data);
    let headline = match start {
        Some(s) => {
            let trend = if med > 1.1 * s + 5.0 {
                labels::C_BACKLOG_GROWS
            } else if med < 0.9 * s - 5.0 {
                labels::C_BACKLOG_SHRINKS
            } else {
                labels::C_BACKLOG_STEADY
            };
            l.fill(
                trend,
                &[
                    ("when", &when),
                    ("med", &l.int(med)),
                    ("start", &l.int(s)),
                    ("date", &l.date(data.scenario.start)),
                ],
            )
        }
        None => l.fill(
            labels::C_BACKLOG_END,
            &[("when", &when), ("med", &l.int(med))],
        ),
    };
    let detail = l.fill(
        labels::C_BACKLOG_DETAIL,
        &[("when", &when), ("lo", &l.int(lo)), ("hi", &l.int(hi))],
    );
    Some(Conclusion {
        kind: "backlog",
        figure: l.int(med),
        figure_label: l.fill(labels::C_BACKLOG_FIGURE, &[("when", &when)]),
        headline,
        detail,
    })
}

/// Hours per week over a period, from the capacity chart's weeks: the
/// weeks whose Monday falls inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeeklyHours {
    /// Full weeks counted.
    pub weeks: usize,
    /// Productive hours available per week (mean).
    pub available: f64,
    /// Hours needed per week at the calibrated effort (mean).
    pub needed: f64,
    /// Mean employed FTE over the same days (mean across runs).
    pub employed_fte: f64,
    /// Mean budget (formatie) FTE over the same days.
    pub budget_fte: f64,
}

impl WeeklyHours {
    /// The shortfall in FTE: the missing hours per week over the hours an
    /// employed FTE makes available per week (negative for a surplus).
    pub fn gap_fte(&self) -> f64 {
        (self.needed - self.available) / (self.available / self.employed_fte)
    }
}

/// The weekly hours over period `p`; `None` without the capacity series.
pub fn weekly_hours(data: &ResultData, p: &PeriodSummary) -> Option<WeeklyHours> {
    let weeks = capacity::weeks(&data.daily, &data.scenario).ok()??;
    let dates = &data.daily.dates;
    let inside: Vec<&capacity::Week> = weeks
        .iter()
        .filter(|w| {
            dates
                .get(w.first_day)
                .is_some_and(|d| *d >= p.start_date && *d <= p.end_date)
        })
        .collect();
    if inside.is_empty() {
        return None;
    }
    let n = inside.len() as f64;
    let mean_of = |name: &str| -> Option<f64> {
        let s = data.daily.get(name)?;
        let mut sum = 0.0;
        let mut count = 0usize;
        for w in &inside {
            for v in s.mean.iter().skip(w.first_day).take(7) {
                if v.is_finite() {
                    sum += v;
                    count += 1;
                }
            }
        }
        (count > 0).then(|| sum / count as f64)
    };
    let out = WeeklyHours {
        weeks: inside.len(),
        available: inside.iter().map(|w| w.available).sum::<f64>() / n,
        needed: inside.iter().map(|w| w.needed).sum::<f64>() / n,
        employed_fte: mean_of("employed_fte")?,
        budget_fte: mean_of("budget_fte").unwrap_or(f64::NAN),
    };
    (out.available.is_finite()
        && out.needed.is_finite()
        && out.available > 0.0
        && out.employed_fte > 0.0)
        .then_some(out)
}

fn capacity_gap(data: &ResultData, l: Locale) -> Option<Conclusion> {
    let y = focus_period(data)?;
    let w = weekly_hours(data, y)?;
    let period = in_period(y, l);
    let gap = w.needed - w.available;
    let args = [
        ("period", period.clone()),
        ("needed", l.int(w.needed)),
        ("available", l.int(w.available)),
        ("gap", l.int(gap.abs())),
        ("fte", l.num(w.gap_fte().abs(), 1)),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Within 2% of each other: neither short nor spare.
    let (headline, figure, figure_label) = if gap > 0.02 * w.available {
        (
            l.fill(labels::C_CAPACITY_SHORT, &args),
            l.num(w.gap_fte(), 1),
            l.fill(labels::C_CAPACITY_SHORT_FIGURE, &[("period", &period)]),
        )
    } else if gap < -0.02 * w.available {
        (
            l.fill(labels::C_CAPACITY_SPARE, &args),
            l.num(-w.gap_fte(), 1),
            l.fill(labels::C_CAPACITY_SPARE_FIGURE, &[("period", &period)]),
        )
    } else {
        (
            l.fill(labels::C_CAPACITY_EVEN, &args),
            l.num(0.0, 1),
            l.fill(labels::C_CAPACITY_SHORT_FIGURE, &[("period", &period)]),
        )
    };
    // The staff as the KPI table shows them (summary.json's medians), the
    // budget as the workforce chart does (daily.csv).
    let median = |kpi: &str| y.kpi(kpi).and_then(|k| k.median_band()).map(|b| b.0);
    let detail = match (median("employed_fte_mean"), median("sick_fte_mean")) {
        (Some(employed), Some(sick)) if w.budget_fte.is_finite() => l.fill(
            labels::C_CAPACITY_DETAIL,
            &[
                ("employed", &l.num(employed, 1)),
                ("budget", &l.num(w.budget_fte, 1)),
                ("sick", &l.num(sick, 1)),
            ],
        ),
        _ => String::new(),
    };
    Some(Conclusion {
        kind: "capacity",
        figure,
        figure_label,
        headline,
        detail,
    })
}
