//! Per-replication KPIs per window (MODEL §4 legal terms, §11 outputs).
//!
//! The windows are the whole horizon, each calendar year and quarter (clipped
//! to the horizon), the months, the scenario's reporting periods and the
//! window of every observation ([`windows`]). Shares whose denominator is
//! zero are `NaN` ("not defined"), never 0.
//!
//! Two computations of the same KPI row: the [`Collector`], which a Monte
//! Carlo run uses, adds each day's events to every window containing the day
//! while the replication runs; [`period_kpis`] defines the KPIs over the full
//! record of a replication ([`crate::engine::simulate`]) and is the reference
//! the collector is tested against, value for value.

use crate::calendar::Day;
use crate::engine::{CaseKind, Model, Replication, Route, series};
use crate::plan::Plan;
use crate::scenario::{Observation, Reporting};
use crate::stats::quantile_sorted;

mod collector;
mod rows;
pub use collector::{Collector, WindowIndex};
pub use rows::{KpiRows, RunKpis};

/// Kind of reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// The whole horizon.
    Horizon,
    /// A calendar year.
    Year,
    /// A calendar quarter.
    Quarter,
    /// A calendar month (with `reporting.months`).
    Month,
    /// One of the scenario's `reporting.periods`.
    Reporting,
    /// The window of an observation that no other period has.
    Observation,
}

impl PeriodKind {
    /// The name in `runs.csv` and `summary.json`.
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Horizon => "horizon",
            PeriodKind::Year => "year",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "month",
            PeriodKind::Reporting => "reporting",
            PeriodKind::Observation => "observation",
        }
    }
}

/// A reporting period: days `first..=last` of the horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Period {
    /// Label: `horizon`, `2025`, `2025-Q1`, `2025-03`, a reporting period's
    /// name, or `2024-01-01..2024-08-31` for an observation's window.
    pub label: String,
    /// Kind.
    pub kind: PeriodKind,
    /// First day.
    #[serde(skip)]
    pub first: Day,
    /// Last day.
    #[serde(skip)]
    pub last: Day,
    /// First date.
    pub start_date: jiff::civil::Date,
    /// Last date.
    pub end_date: jiff::civil::Date,
    /// The period covers only part of its nominal dates (a year, quarter,
    /// month or reporting period cut off by the horizon).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// Whether `label` has the form of a calendar period's label (`2025`,
/// `2025-Q1`, `2025-03`), which reporting periods may not take.
pub fn is_calendar_label(label: &str) -> bool {
    let b = label.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => {
            digits(0..4) && b[4] == b'-' && (b[5] == b'Q' && b[6].is_ascii_digit() || digits(5..7))
        }
        _ => false,
    }
}

/// The windows of a plan's horizon: the horizon, the years, the quarters,
/// the months (with `reporting.months`), the scenario's reporting periods,
/// and the window of every observation over a period of days (shares and
/// counts) that none of these has. Periods cut off by the horizon are
/// clipped to it and marked partial.
pub fn windows(plan: &Plan, reporting: &Reporting, observations: &[Observation]) -> Vec<Period> {
    let m = plan;
    let cal = &m.calendar;
    let mk = |label: String, kind, first: Day, last: Day, partial: bool| Period {
        label,
        kind,
        first,
        last,
        start_date: cal.date(first),
        end_date: cal.date(last),
        partial,
    };
    let split = |kind: PeriodKind| -> Vec<Period> {
        let mut out = Vec::new();
        let mut d = m.start;
        while d <= m.end {
            let u = unit_of(cal.date(d), kind);
            let mut e = d;
            while e < m.end && unit_of(cal.date(e + 1), kind) == u {
                e += 1;
            }
            // Partial when the unit's neighbouring days lie outside the horizon.
            let same = |x: Result<jiff::civil::Date, _>| x.is_ok_and(|x| unit_of(x, kind) == u);
            let partial = same(cal.date(d).yesterday()) || same(cal.date(e).tomorrow());
            let label = match kind {
                PeriodKind::Year => u.0.to_string(),
                PeriodKind::Quarter => format!("{}-Q{}", u.0, u.1),
                _ => format!("{}-{:02}", u.0, u.1),
            };
            out.push(mk(label, kind, d, e, partial));
            d = e + 1;
        }
        out
    };
    let mut out = vec![mk(
        "horizon".into(),
        PeriodKind::Horizon,
        m.start,
        m.end,
        false,
    )];
    out.extend(split(PeriodKind::Year));
    out.extend(split(PeriodKind::Quarter));
    if reporting.months {
        out.extend(split(PeriodKind::Month));
    }
    let clip = |from: jiff::civil::Date, to: jiff::civil::Date| -> Option<(Day, Day, bool)> {
        let first = cal.day_of(from).map_or(m.start, |d| d.max(m.start));
        let last = cal.day_of(to).map_or(m.end, |d| d.min(m.end));
        let before = from < cal.date(m.start);
        let after = to > cal.date(m.end);
        (first <= last && to >= cal.date(m.start) && from <= cal.date(m.end)).then_some((
            first,
            last,
            before || after,
        ))
    };
    for r in &reporting.periods {
        if let Some((first, last, partial)) = clip(r.from, r.to) {
            out.push(mk(
                r.name.trim().to_string(),
                PeriodKind::Reporting,
                first,
                last,
                partial,
            ));
        }
    }
    for o in observations {
        if o.metric.starts_with("backlog") {
            continue; // a stock: compared with the daily series on its day
        }
        let Some((first, last, false)) = clip(o.start, o.end) else {
            continue; // outside the horizon, or only partly inside it
        };
        if out.iter().any(|p| p.first == first && p.last == last) {
            continue;
        }
        out.push(mk(
            format!("{}..{}", o.start, o.end),
            PeriodKind::Observation,
            first,
            last,
            false,
        ));
    }
    out
}

/// The windows a model measures (see [`windows`]).
pub fn periods(m: &Model) -> Vec<Period> {
    m.windows.clone()
}

/// The calendar unit of `date`: (year, 0) for a year, (year, quarter 1–4),
/// or (year, month 1–12).
fn unit_of(date: jiff::civil::Date, kind: PeriodKind) -> (i16, i8) {
    match kind {
        PeriodKind::Year => (date.year(), 0),
        PeriodKind::Quarter => (date.year(), (date.month() - 1) / 3 + 1),
        _ => (date.year(), date.month()),
    }
}

/// Names of the per-period KPIs, in the order of a KPI row.
pub const KPIS: [&str; 57] = [
    "meldingen_in",
    "crisis",
    "returned_to_police",
    "urgent",
    "adviezen_in",
    "adviezen_done",
    "triage_done",
    "triage_within_term",
    "triage_intake",
    "triage_within_term_intake",
    "vv_done",
    "vv_within_term",
    "vv_intake",
    "vv_within_term_intake",
    "onderzoek_done",
    "onderzoek_within_term",
    "onderzoek_intake",
    "onderzoek_within_term_intake",
    "direct_transfer",
    "no_action",
    "monitoring_contacts_done",
    "monitoring_contacts_due",
    "monitoring_contacts_late",
    "triage_lead_days_p50",
    "triage_lead_days_p90",
    "service_lead_days_p50",
    "service_lead_days_p90",
    "backlog_end",
    "backlog_max",
    "backlog_mean",
    "overdue_end",
    "hours_available",
    "hours_crisis",
    "hours_advice",
    "hours_triage",
    "hours_service",
    "hours_monitoring",
    "overtime_hours",
    "open_triage_end",
    "open_service_end",
    "open_monitoring_end",
    "oldest_open_triage_days",
    "oldest_open_service_days",
    "employed_fte_mean",
    "sick_fte_mean",
    "absence_share",
    "spells_per_person_year",
    "resignations_per_person_year",
    "hires",
    "mean_vacancy_days",
    "waiting_triage_end",
    "waiting_service_end",
    "advice_open_end",
    "advice_open_max",
    "resignations",
    "transferred_out",
    "measure_cost",
];

/// Within-term shares and the counts they are shares of.
pub const SHARE_DENOMINATORS: [(&str, &str); 6] = [
    ("triage_within_term", "triage_done"),
    ("triage_within_term_intake", "triage_intake"),
    ("vv_within_term", "vv_done"),
    ("vv_within_term_intake", "vv_intake"),
    ("onderzoek_within_term", "onderzoek_done"),
    ("onderzoek_within_term_intake", "onderzoek_intake"),
];

/// A share over fewer cases than this (in the median run) is flagged as
/// "small numbers": one case more or less moves it by over 3 points.
pub const SMALL_NUMBERS: f64 = 30.0;

/// Index of a KPI by name (compile-time list above).
pub fn kpi_index(name: &str) -> Option<usize> {
    KPIS.iter().position(|k| *k == name)
}

/// A norm on a compliance KPI (seed 003: triage 95%, Onderzoek 85%).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Norm {
    /// KPI name.
    pub kpi: &'static str,
    /// Lowest share that meets the norm.
    pub at_least: f64,
}

/// The norms reported as "probability of meeting the norm".
pub const NORMS: [Norm; 4] = [
    Norm {
        kpi: "triage_within_term",
        at_least: 0.95,
    },
    Norm {
        kpi: "triage_within_term_intake",
        at_least: 0.95,
    },
    Norm {
        kpi: "onderzoek_within_term",
        at_least: 0.85,
    },
    Norm {
        kpi: "onderzoek_within_term_intake",
        at_least: 0.85,
    },
];

fn share(met: u64, n: u64) -> f64 {
    if n == 0 {
        f64::NAN
    } else {
        met as f64 / n as f64
    }
}

fn in_period(d: Option<Day>, p: &Period) -> bool {
    d.is_some_and(|d| d >= p.first && d <= p.last)
}

fn quantiles(mut v: Vec<f64>) -> (f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    v.sort_unstable_by(f64::total_cmp);
    (quantile_sorted(&v, 0.5), quantile_sorted(&v, 0.9))
}

/// Term compliance of one service route in a period, both ways (MODEL §4).
fn service_terms(r: &Replication, p: &Period, route: Route, end: Day) -> [f64; 4] {
    let (mut done, mut met, mut intake, mut intake_met) = (0u64, 0u64, 0u64, 0u64);
    for c in r.cases.iter().filter(|c| c.route == Some(route)) {
        let Some(deadline) = c.service_deadline else {
            continue;
        };
        let on_time = c.service_done.is_some_and(|s| s <= deadline);
        if in_period(c.service_done, p) && !c.served_before_run {
            done += 1;
            met += u64::from(on_time);
        }
        // Initial-state cases count by intake once triaged in the run
        // (MODEL §14); a pre-run triage is never in a period.
        if !c.triaged_before_run && in_period(c.triage_done, p) && deadline <= end {
            intake += 1;
            intake_met += u64::from(on_time);
        }
    }
    [
        done as f64,
        share(met, done),
        intake as f64,
        share(intake_met, intake),
    ]
}

/// The KPI row of one period of one replication.
pub fn period_kpis(m: &Model, r: &Replication, p: &Period) -> Vec<f64> {
    let end = m.plan.end;
    let mut k = vec![f64::NAN; KPIS.len()];
    let mut set = |name: &str, v: f64| {
        if let Some(i) = kpi_index(name) {
            k[i] = v;
        }
    };
    let fresh = || r.cases.iter().filter(|c| !c.initial);
    let received = |kind: Option<CaseKind>| {
        fresh()
            .filter(|c| c.receipt >= p.first && c.receipt <= p.last)
            .filter(|c| kind.is_none_or(|k| c.kind == k))
            .count() as f64
    };
    set("meldingen_in", received(None));
    set("crisis", received(Some(CaseKind::Crisis)));
    set("returned_to_police", received(Some(CaseKind::Returned)));
    set("urgent", received(Some(CaseKind::Urgent)));
    let di = |d: Day| (d - m.plan.start) as usize;
    let (a, b) = (di(p.first), di(p.last));
    set(
        "adviezen_in",
        r.advice_in[a..=b].iter().map(|x| f64::from(*x)).sum(),
    );
    set(
        "adviezen_done",
        r.advice_done[a..=b].iter().map(|x| f64::from(*x)).sum(),
    );

    // Triage: by completion, and by intake.
    let triaged = || {
        r.cases
            .iter()
            .filter(|c| matches!(c.kind, CaseKind::Urgent | CaseKind::Regular))
    };
    let (mut done, mut met) = (0u64, 0u64);
    let mut lead = Vec::new();
    for c in triaged().filter(|c| in_period(c.triage_done, p) && !c.triaged_before_run) {
        let t = c.triage_done.unwrap_or(0);
        done += 1;
        met += u64::from(t <= c.triage_deadline);
        if !c.initial || c.receipt < t {
            lead.push(f64::from(t - c.receipt));
        }
    }
    set("triage_done", done as f64);
    set("triage_within_term", share(met, done));
    let (mut n, mut met_i) = (0u64, 0u64);
    // Meldingen handed to another organisation leave the term KPIs (MODEL §8).
    for c in triaged().filter(|c| {
        !c.initial && c.transferred.is_none() && c.receipt >= p.first && c.receipt <= p.last
    }) {
        if c.triage_deadline > end {
            continue;
        }
        n += 1;
        met_i += u64::from(c.triage_done.is_some_and(|t| t <= c.triage_deadline));
    }
    set("triage_intake", n as f64);
    set("triage_within_term_intake", share(met_i, n));
    let (p50, p90) = quantiles(lead);
    set("triage_lead_days_p50", p50);
    set("triage_lead_days_p90", p90);

    let vv = service_terms(r, p, Route::Vv, end);
    let ond = service_terms(r, p, Route::Onderzoek, end);
    for (prefix, v) in [("vv", vv), ("onderzoek", ond)] {
        set(&format!("{prefix}_done"), v[0]);
        set(&format!("{prefix}_within_term"), v[1]);
        set(&format!("{prefix}_intake"), v[2]);
        set(&format!("{prefix}_within_term_intake"), v[3]);
    }
    let routed = |route| {
        r.cases
            .iter()
            .filter(|c| {
                c.route == Some(route) && !c.triaged_before_run && in_period(c.triage_done, p)
            })
            .count() as f64
    };
    set("direct_transfer", routed(Route::DirectTransfer));
    set("no_action", routed(Route::NoAction));
    let service_lead: Vec<f64> = r
        .cases
        .iter()
        .filter(|c| in_period(c.service_done, p) && !c.served_before_run)
        .filter_map(|c| Some(f64::from(c.service_done? - c.triage_done?)))
        .collect();
    let (p50, p90) = quantiles(service_lead);
    set("service_lead_days_p50", p50);
    set("service_lead_days_p90", p90);

    // Monitoring contacts: late when done more than grace days after due, or
    // still open at the end of that day; counted in the period of that day.
    let grace = m.plan.monitoring_grace_days as Day;
    let (mut due, mut late, mut cdone) = (0u64, 0u64, 0u64);
    for c in &r.contacts {
        if in_period(c.done, p) {
            cdone += 1;
        }
        let limit = c.due + grace;
        if limit >= p.first && limit <= p.last {
            due += 1;
            late += u64::from(c.done.is_none_or(|d| d > limit));
        }
    }
    set("monitoring_contacts_done", cdone as f64);
    set("monitoring_contacts_due", due as f64);
    set("monitoring_contacts_late", late as f64);

    let days = &r.days[a..=b];
    let col = |i: usize| days.iter().map(move |s| s[i]);
    set("backlog_end", days[days.len() - 1][series::BACKLOG]);
    set("backlog_max", col(series::BACKLOG).fold(0.0, f64::max));
    set(
        "backlog_mean",
        col(series::BACKLOG).sum::<f64>() / days.len() as f64,
    );
    set("overdue_end", days[days.len() - 1][series::OVERDUE]);
    set(
        "waiting_triage_end",
        days[days.len() - 1][series::BACKLOG_TRIAGE],
    );
    set(
        "waiting_service_end",
        days[days.len() - 1][series::BACKLOG_SERVICE],
    );
    set("advice_open_end", days[days.len() - 1][series::ADVICE_OPEN]);
    set(
        "advice_open_max",
        col(series::ADVICE_OPEN).fold(0.0, f64::max),
    );
    for (name, i) in [
        ("hours_available", series::HOURS_AVAILABLE),
        ("hours_crisis", series::HOURS_CRISIS),
        ("hours_advice", series::HOURS_ADVICE),
        ("hours_triage", series::HOURS_TRIAGE),
        ("hours_service", series::HOURS_SERVICE),
        ("hours_monitoring", series::HOURS_MONITORING),
        ("overtime_hours", series::OVERTIME),
    ] {
        set(name, col(i).sum());
    }

    // Open cases at the period's end, with the oldest ages (calendar days).
    let last = p.last;
    let open_triage: Vec<Day> = triaged()
        .filter(|c| c.receipt <= last && c.triage_done.is_none_or(|t| t > last))
        // A melding handed to another organisation is no longer open here.
        .filter(|c| c.transferred.is_none_or(|t| t > last))
        .map(|c| last - c.receipt)
        .collect();
    let open_service: Vec<Day> = r
        .cases
        .iter()
        .filter(|c| c.triage_done.is_some_and(|t| t <= last) && c.service_deadline.is_some())
        .filter(|c| c.service_done.is_none_or(|s| s > last))
        .filter_map(|c| Some(last - c.triage_done?))
        .collect();
    let open_monitoring = days[days.len() - 1][series::MONITORING];
    set("open_triage_end", open_triage.len() as f64);
    set("open_service_end", open_service.len() as f64);
    set("open_monitoring_end", open_monitoring);
    set(
        "oldest_open_triage_days",
        open_triage.iter().max().map_or(f64::NAN, |x| f64::from(*x)),
    );
    set(
        "oldest_open_service_days",
        open_service
            .iter()
            .max()
            .map_or(f64::NAN, |x| f64::from(*x)),
    );

    // Workforce (MODEL §6): absence share of employed FTE-days (the Dutch
    // verzuimpercentage), spells and resignations per person-year employed.
    let staff = &r.workforce[a..=b];
    let employed_fte: f64 = staff.iter().map(|w| w.employed_fte).sum();
    let sick_fte: f64 = staff.iter().map(|w| w.sick_fte).sum();
    let person_years = staff
        .iter()
        .map(|w| f64::from(w.employed_persons))
        .sum::<f64>()
        / 365.0;
    let count = |f: fn(&crate::workforce::WorkforceDay) -> u32| {
        staff.iter().map(|w| f64::from(f(w))).sum::<f64>()
    };
    let per_year = |x: f64| {
        if person_years > 0.0 {
            x / person_years
        } else {
            f64::NAN
        }
    };
    set("employed_fte_mean", employed_fte / staff.len() as f64);
    set("sick_fte_mean", sick_fte / staff.len() as f64);
    set(
        "absence_share",
        if employed_fte > 0.0 {
            sick_fte / employed_fte
        } else {
            f64::NAN
        },
    );
    set(
        "spells_per_person_year",
        per_year(count(|w| w.spells_started)),
    );
    set(
        "resignations_per_person_year",
        per_year(count(|w| w.resignations)),
    );
    set("resignations", count(|w| w.resignations));
    set("hires", count(|w| w.hires));
    set(
        "transferred_out",
        r.cases
            .iter()
            .filter(|c| c.transferred.is_some_and(|t| t >= p.first && t <= p.last))
            .count() as f64,
    );
    set("measure_cost", m.plan.measure_cost(p.first, p.last));
    let filled = count(|w| w.vacancies_filled);
    set(
        "mean_vacancy_days",
        if filled > 0.0 {
            count(|w| w.vacancy_days_filled) / filled
        } else {
            f64::NAN
        },
    );
    k
}

/// KPI rows of every period of one replication.
pub fn replication_kpis(m: &Model, r: &Replication, periods: &[Period]) -> Vec<Vec<f64>> {
    periods.iter().map(|p| period_kpis(m, r, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CaseRecord, ContactRecord, SERIES};

    fn model() -> Model {
        let s = crate::scenario::load_str(
            "name='m'\nstart='2025-01-01'\nend='2025-06-30'\n[inflow.meldingen]\nvolume={2025=100}\n[workforce]\nfte=1.0\n",
            "t",
            &[],
        )
        .unwrap();
        Model::new(&s).unwrap()
    }

    fn case(m: &Model, receipt: Day, done: Option<Day>) -> CaseRecord {
        CaseRecord {
            seq: 0,
            receipt,
            kind: CaseKind::Regular,
            initial: false,
            triaged_before_run: false,
            served_before_run: false,
            triage_deadline: m.plan.calendar.nth_working_day_after(receipt, 5).unwrap(),
            triage_start: done,
            triage_done: done,
            route: done.map(|_| Route::DirectTransfer),
            service_deadline: None,
            service_start: None,
            service_done: None,
            closed: done,
            transferred: None,
        }
    }

    fn replication(m: &Model, cases: Vec<CaseRecord>, contacts: Vec<ContactRecord>) -> Replication {
        let n = m.horizon_days();
        Replication {
            index: 0,
            days: vec![[0.0; SERIES.len()]; n],
            ledger: vec![Default::default(); n],
            cases,
            contacts,
            advice_in: vec![0; n],
            advice_done: vec![0; n],
            workforce: vec![Default::default(); n],
        }
    }

    #[test]
    fn periods_cover_horizon_years_and_quarters() {
        let m = model();
        let p = periods(&m);
        let labels: Vec<&str> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["horizon", "2025", "2025-Q1", "2025-Q2"]);
        assert_eq!(p[2].end_date.to_string(), "2025-03-31");
        assert_eq!(p[3].start_date.to_string(), "2025-04-01");
        assert_eq!(p[1].end_date.to_string(), "2025-06-30");
    }

    #[test]
    fn term_compliance_by_completion_and_by_intake() {
        let m = model();
        let s = m.plan.start;
        let deadline = |r: Day| m.plan.calendar.nth_working_day_after(r, 5).unwrap();
        let cases = vec![
            // Met: done on its deadline.
            case(&m, s + 10, Some(deadline(s + 10))),
            // Late: done the day after its deadline.
            case(&m, s + 11, Some(deadline(s + 11) + 1)),
            // Never done, deadline passed: late by intake, absent by completion.
            case(&m, s + 12, None),
            // Received at the very end: deadline beyond the horizon, left out of intake.
            case(&m, m.plan.end - 1, None),
            // Received in the warm-up, done in the horizon: counts by completion only.
            case(&m, s - 3, Some(s + 1)),
        ];
        let r = replication(&m, cases, vec![]);
        let k = period_kpis(&m, &r, &periods(&m)[0]);
        let get = |n: &str| k[kpi_index(n).unwrap()];
        assert_eq!(get("triage_done"), 3.0);
        assert!((get("triage_within_term") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(get("triage_intake"), 3.0);
        assert!((get("triage_within_term_intake") - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(get("meldingen_in"), 4.0);
        assert_eq!(get("open_triage_end"), 2.0);
        assert_eq!(
            get("oldest_open_triage_days"),
            f64::from(m.plan.end - (s + 12))
        );
        assert!(get("vv_within_term").is_nan(), "no V&V: not defined, not 0");
    }

    #[test]
    fn service_terms_count_waiting_against_the_term() {
        let m = model();
        let s = m.plan.start;
        let mut on_time = case(&m, s, Some(s + 2));
        on_time.route = Some(Route::Onderzoek);
        on_time.service_deadline = Some(s + 72);
        on_time.service_done = Some(s + 72);
        let mut late = on_time.clone();
        late.service_done = Some(s + 73);
        let mut open = on_time.clone();
        open.service_done = None;
        let r = replication(&m, vec![on_time, late, open], vec![]);
        let k = period_kpis(&m, &r, &periods(&m)[0]);
        let get = |n: &str| k[kpi_index(n).unwrap()];
        assert_eq!(get("onderzoek_done"), 2.0);
        assert_eq!(get("onderzoek_within_term"), 0.5);
        assert_eq!(get("onderzoek_intake"), 3.0);
        assert!((get("onderzoek_within_term_intake") - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(get("service_lead_days_p50"), 70.5);
    }

    #[test]
    fn late_monitoring_contacts_counted_when_their_grace_ends() {
        let m = model();
        let s = m.plan.start;
        let contacts = vec![
            ContactRecord {
                due: s + 5,
                done: Some(s + 35),
            }, // on the last day of grace
            ContactRecord {
                due: s + 5,
                done: Some(s + 36),
            }, // late
            ContactRecord {
                due: s + 5,
                done: None,
            }, // still open: late
            ContactRecord {
                due: m.plan.end - 3,
                done: None,
            }, // grace ends after the horizon
        ];
        let r = replication(&m, vec![], contacts);
        let k = period_kpis(&m, &r, &periods(&m)[0]);
        let get = |n: &str| k[kpi_index(n).unwrap()];
        assert_eq!(get("monitoring_contacts_due"), 3.0);
        assert_eq!(get("monitoring_contacts_late"), 2.0);
        assert_eq!(get("monitoring_contacts_done"), 2.0);
    }

    fn model_with(sets: &[&str]) -> Model {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let s = crate::scenario::load_str(crate::scenario::DEFAULT_SCENARIO_TOML, "t", &sets)
            .unwrap_or_else(|e| panic!("{e}"));
        Model::new(&s).unwrap()
    }

    #[test]
    fn windows_cut_off_by_the_horizon_are_flagged_partial() {
        let m = model_with(&[
            "start=2025-12-02",
            "end=2026-12-31",
            "warmup_days=0",
            "reporting.months=true",
            "reporting.periods=[{name = \"Burap III\", from = 2025-09-01, to = 2025-12-31}, \
             {name = \"Burap I\", from = 2026-01-01, to = 2026-04-30}]",
            "observations=[{start = 2026-01-01, end = 2026-08-31, metric = \"triage_within_term\", value = 0.7}, \
             {start = 2026-01-01, end = 2026-04-30, metric = \"meldingen_in\", value = 1400.0}, \
             {start = 2026-03-31, end = 2026-03-31, metric = \"backlog\", value = 300.0}]",
        ]);
        let ps = periods(&m);
        let get = |label: &str| {
            ps.iter()
                .find(|p| p.label == label)
                .unwrap_or_else(|| panic!("no period {label}"))
        };
        let partial = |label: &str| get(label).partial;
        assert!(partial("2025") && partial("2025-Q4") && partial("2025-12"));
        assert!(!partial("2026") && !partial("2026-Q1") && !partial("2026-02"));
        assert!(!partial("horizon"));
        assert_eq!(get("2025").start_date.to_string(), "2025-12-02");
        assert_eq!(
            ps.iter().filter(|p| p.kind == PeriodKind::Month).count(),
            13
        );
        // A reporting period cut off by the horizon is clipped and flagged.
        let b3 = get("Burap III");
        assert_eq!(
            (b3.start_date.to_string(), b3.partial),
            ("2025-12-02".into(), true)
        );
        assert!(!partial("Burap I"));
        // The Jan–Aug observation gets its own window; the Jan–Apr one is
        // Burap I already; a backlog is a stock, with no window.
        let w = get("2026-01-01..2026-08-31");
        assert_eq!(
            (w.kind, w.end_date.to_string().as_str()),
            (PeriodKind::Observation, "2026-08-31")
        );
        assert_eq!(
            ps.iter()
                .filter(|p| p.kind == PeriodKind::Observation)
                .count(),
            1
        );
    }

    #[test]
    fn months_add_up_to_their_year() {
        let m = model_with(&["end=2025-12-31", "reporting.months=true"]);
        let ps = periods(&m);
        let r = crate::engine::simulate(&m, 4, 0);
        let rows = replication_kpis(&m, &r, &ps);
        let year = ps.iter().position(|p| p.label == "2025").unwrap();
        for kpi in [
            "meldingen_in",
            "triage_done",
            "vv_done",
            "resignations",
            "hires",
        ] {
            let k = kpi_index(kpi).unwrap();
            let months: f64 = ps
                .iter()
                .zip(&rows)
                .filter(|(p, _)| p.kind == PeriodKind::Month)
                .map(|(_, row)| row[k])
                .sum();
            assert_eq!(months, rows[year][k], "{kpi}");
        }
        let k = kpi_index("waiting_triage_end").unwrap();
        let dec = ps.iter().position(|p| p.label == "2025-12").unwrap();
        assert_eq!(rows[dec][k], rows[year][k]);
        assert_eq!(
            rows[year][k],
            r.days.last().unwrap()[crate::engine::series::BACKLOG_TRIAGE]
        );
    }

    #[test]
    fn backlog_end_max_and_mean_are_those_of_the_daily_series() {
        // The backlog KPIs of a period are the last value, the maximum and
        // the mean of the daily `backlog` series over the period's days; the
        // other backlog series hold decoys.
        let m = model();
        let mut r = replication(&m, vec![], vec![]);
        for (i, day) in r.days.iter_mut().enumerate() {
            day[series::BACKLOG] = ((i * 37 + 11) % 101) as f64;
            day[series::BACKLOG_TRIAGE] = 500.0 + i as f64;
            day[series::BACKLOG_SERVICE] = 1000.0 - i as f64;
        }
        let ps = periods(&m);
        assert_eq!(ps.len(), 4);
        for p in &ps {
            let k = period_kpis(&m, &r, p);
            let get = |n: &str| k[kpi_index(n).unwrap()];
            let days =
                &r.days[(p.first - m.plan.start) as usize..=(p.last - m.plan.start) as usize];
            let b: Vec<f64> = days.iter().map(|d| d[series::BACKLOG]).collect();
            let max = b.iter().copied().fold(f64::MIN, f64::max);
            let mean = b.iter().sum::<f64>() / b.len() as f64;
            // The test has teeth: the maximum is neither the first nor the
            // last value of the period.
            assert!(b[0] != max && *b.last().unwrap() != max, "{}", p.label);
            assert_eq!(get("backlog_end"), *b.last().unwrap(), "{}", p.label);
            assert_eq!(get("backlog_max"), max, "{}", p.label);
            assert!((get("backlog_mean") - mean).abs() < 1e-9, "{}", p.label);
        }
        // Q1 and Q2 differ, so the period's own days are used.
        let k = |i: usize| period_kpis(&m, &r, &ps[i])[kpi_index("backlog_mean").unwrap()];
        assert!(k(2) != k(3));
    }

    /// The KPI rows the collector builds while a replication runs.
    fn collected(m: &Model, seed: u64, rep: u64) -> Vec<Vec<f64>> {
        let mut c = Collector::new(m);
        crate::engine::simulate_into(m, seed, rep, &mut c);
        c.rows()
    }

    /// Two rows agree value for value (bit for bit; every NaN is "not
    /// defined").
    fn assert_same(a: &[Vec<f64>], b: &[Vec<f64>], what: &str) {
        assert_eq!(a.len(), b.len(), "{what}: windows");
        for (w, (x, y)) in a.iter().zip(b).enumerate() {
            for (k, (u, v)) in x.iter().zip(y).enumerate() {
                assert!(
                    u.to_bits() == v.to_bits() || (u.is_nan() && v.is_nan()),
                    "{what}: window {w}, {}: collector {u}, record {v}",
                    KPIS[k]
                );
            }
        }
    }

    #[test]
    fn the_collector_equals_the_record_based_definition() {
        // Scenarios that between them use every event the collector sees:
        // an initial state in every stage (triage, services, monitoring), a
        // warm-up, months, reporting periods and observation windows, a
        // backlog transfer, temporary staff, budget steps, a horizon that
        // ends mid-month, monitoring contacts due across the horizon's end,
        // and an overloaded organisation with work left at the end.
        let load = |path: &str, sets: &[&str]| {
            let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
            let s = crate::scenario::load(Some(std::path::Path::new(path)), &sets)
                .unwrap_or_else(|e| panic!("{e}"));
            Model::new(&s).unwrap()
        };
        let cases = [
            (
                "tests/fixtures/tiny-rich.toml",
                vec!["reporting.months=true"],
            ),
            (
                "scenarios/gz-2023.toml",
                vec![
                    "reporting.months=true",
                    "measures[0].effects=[{effect = \"transfer_backlog\", count = 40}]",
                ],
            ),
            (
                "scenarios/zhz-2024.toml",
                vec!["end=2024-10-17", "effort.norm_share=1.0"],
            ),
            (
                "scenarios/zhz-2025-2026-richting-a.toml",
                vec!["end=2025-08-20", "warmup_days=40"],
            ),
        ];
        for (path, sets) in cases {
            let m = load(path, &sets);
            let ps = periods(&m);
            for rep in 0..3 {
                let record = replication_kpis(&m, &crate::engine::simulate(&m, 17, rep), &ps);
                assert_same(
                    &collected(&m, 17, rep),
                    &record,
                    &format!("{path} {sets:?} rep {rep}"),
                );
            }
        }
    }

    #[test]
    fn a_reset_collector_starts_from_nothing() {
        let m = model_with(&["end=2025-03-31"]);
        let mut c = Collector::new(&m);
        crate::engine::simulate_into(&m, 3, 0, &mut c);
        c.reset();
        crate::engine::simulate_into(&m, 3, 1, &mut c);
        assert_same(&c.rows(), &collected(&m, 3, 1), "reset");
    }

    #[test]
    fn calendar_labels_are_recognised() {
        for l in ["2025", "2025-Q1", "2025-03"] {
            assert!(is_calendar_label(l), "{l}");
        }
        for l in ["Burap I", "2025-Q", "25-03", "Q1 2025", "2025-13x"] {
            assert!(!is_calendar_label(l), "{l}");
        }
    }
}
