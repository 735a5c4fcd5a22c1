//! The KPI collector: per-window KPIs computed while a replication runs.
//!
//! A [`Collector`] is a [`Sink`]: it sees each day's events and end-of-day
//! state and adds them to the accumulators of every window that contains
//! the day, so nothing of a replication has to be stored and scanned again
//! per window. Its rows equal [`super::replication_kpis`] on the record of
//! the same replication — the record-based definition is the reference, and
//! a test holds the two equal value for value.

use super::{KPIS, Period, kpi_index, quantiles, share};
use crate::calendar::Day;
use crate::engine::{DayEnd, Event, Model, Route, Sink, Unfinished, series};

/// Which windows contain each day of the horizon, and on which days a
/// window ends: built once per run from the model's windows.
#[derive(Debug, Clone, Default)]
pub struct WindowIndex {
    start: Day,
    end: Day,
    /// `ids[offsets[i]..offsets[i + 1]]` are the windows of day `start + i`.
    offsets: Vec<u32>,
    ids: Vec<u16>,
    /// Whether some window ends on day `start + i`.
    ends: Vec<bool>,
    /// First and last day of each window.
    bounds: Vec<(Day, Day)>,
}

impl WindowIndex {
    /// The index of `windows` over the horizon `start..=end`.
    pub fn new(windows: &[Period], start: Day, end: Day) -> WindowIndex {
        let n = (end - start + 1).max(0) as usize;
        let mut per_day: Vec<Vec<u16>> = vec![Vec::new(); n];
        let mut ends = vec![false; n];
        for (w, p) in windows.iter().enumerate() {
            let w = u16::try_from(w).expect("fewer than 65536 windows");
            for d in p.first.max(start)..=p.last.min(end) {
                per_day[(d - start) as usize].push(w);
            }
            if p.last >= start && p.last <= end {
                ends[(p.last - start) as usize] = true;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut ids = Vec::new();
        offsets.push(0);
        for v in per_day {
            ids.extend(v);
            offsets.push(ids.len() as u32);
        }
        WindowIndex {
            start,
            end,
            offsets,
            ids,
            ends,
            bounds: windows.iter().map(|p| (p.first, p.last)).collect(),
        }
    }

    /// The windows containing day `d` (none outside the horizon).
    fn of(&self, d: Day) -> &[u16] {
        if d < self.start || d > self.end {
            return &[];
        }
        let i = (d - self.start) as usize;
        &self.ids[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Whether some window ends on day `d`.
    fn ends_on(&self, d: Day) -> bool {
        d >= self.start && d <= self.end && self.ends[(d - self.start) as usize]
    }
}

/// Counts of one service route in one window: completions, of which within
/// term; intake (triaged in the window), of which completed within term.
#[derive(Debug, Clone, Copy, Default)]
struct Terms {
    done: u64,
    met: u64,
    intake: u64,
    intake_met: u64,
}

impl Terms {
    fn row(&self) -> [f64; 4] {
        [
            self.done as f64,
            share(self.met, self.done),
            self.intake as f64,
            share(self.intake_met, self.intake),
        ]
    }
}

/// The accumulators of one window.
#[derive(Debug, Clone, Default)]
struct Acc {
    meldingen_in: u64,
    crisis: u64,
    returned: u64,
    urgent: u64,
    adviezen_in: f64,
    adviezen_done: f64,
    triage: Terms,
    triage_lead: Vec<f64>,
    vv: Terms,
    onderzoek: Terms,
    direct_transfer: u64,
    no_action: u64,
    service_lead: Vec<f64>,
    contacts_done: u64,
    contacts_due: u64,
    contacts_late: u64,
    days: u64,
    backlog_sum: f64,
    backlog_max: f64,
    advice_open_max: f64,
    /// Hours per series, in the order of [`HOURS`].
    hours: [f64; 7],
    /// The daily sample of the window's last day.
    last: Option<crate::engine::DaySample>,
    open: crate::engine::OpenWork,
    employed_fte: f64,
    sick_fte: f64,
    persons: f64,
    spells: f64,
    resignations: f64,
    hires: f64,
    filled: f64,
    vacancy_days_filled: f64,
    transferred: u64,
}

/// The hour KPIs and the daily series they sum.
const HOURS: [(&str, usize); 7] = [
    ("hours_available", series::HOURS_AVAILABLE),
    ("hours_crisis", series::HOURS_CRISIS),
    ("hours_advice", series::HOURS_ADVICE),
    ("hours_triage", series::HOURS_TRIAGE),
    ("hours_service", series::HOURS_SERVICE),
    ("hours_monitoring", series::HOURS_MONITORING),
    ("overtime_hours", series::OVERTIME),
];

/// KPIs of one replication over every window of a model, collected as it
/// runs. Reusable: [`Collector::reset`] clears it for the next replication
/// and keeps its allocations.
#[derive(Debug)]
pub struct Collector<'m> {
    m: &'m Model,
    acc: Vec<Acc>,
}

impl<'m> Collector<'m> {
    /// An empty collector for the windows of `m`.
    pub fn new(m: &'m Model) -> Collector<'m> {
        Collector {
            m,
            acc: vec![Acc::default(); m.windows.len()],
        }
    }

    /// Clears every accumulator for the next replication.
    pub fn reset(&mut self) {
        for a in &mut self.acc {
            let (mut tl, mut sl) = (
                std::mem::take(&mut a.triage_lead),
                std::mem::take(&mut a.service_lead),
            );
            tl.clear();
            sl.clear();
            *a = Acc {
                triage_lead: tl,
                service_lead: sl,
                ..Acc::default()
            };
        }
    }

    fn each(&mut self, d: Day, f: impl Fn(&mut Acc)) {
        for &w in self.m.window_index.of(d) {
            f(&mut self.acc[w as usize]);
        }
    }

    /// A triage outcome counted by intake: in the windows of its receipt
    /// day, when it was received in the run and its deadline falls in the
    /// horizon (MODEL §4).
    fn triage_intake(&mut self, receipt: Day, deadline: Day, initial: bool, met: bool) {
        if initial || deadline > self.m.plan.end {
            return;
        }
        self.each(receipt, |a| {
            a.triage.intake += 1;
            a.triage.intake_met += u64::from(met);
        });
    }

    /// A service outcome counted by intake: in the windows of its triage
    /// day, when it was triaged in the run and its deadline falls in the
    /// horizon.
    fn service_intake(
        &mut self,
        route: Route,
        triaged: Day,
        deadline: Day,
        before: bool,
        met: bool,
    ) {
        if before || deadline > self.m.plan.end {
            return;
        }
        self.each(triaged, |a| {
            if let Some(t) = terms(a, route) {
                t.intake += 1;
                t.intake_met += u64::from(met);
            }
        });
    }

    /// A monitoring contact is counted when its grace ends: due, and late
    /// when not done by then.
    fn contact_due(&mut self, due: Day, late: bool) {
        let limit = due + self.m.plan.monitoring_grace_days as Day;
        self.each(limit, |a| {
            a.contacts_due += 1;
            a.contacts_late += u64::from(late);
        });
    }

    /// The KPI rows, one per window of the model, in the order of
    /// [`super::KPIS`]; call after the replication has finished.
    pub fn rows(&self) -> Vec<Vec<f64>> {
        self.m
            .windows
            .iter()
            .zip(&self.acc)
            .map(|(p, a)| self.row(p, a))
            .collect()
    }

    fn row(&self, p: &Period, a: &Acc) -> Vec<f64> {
        let mut k = vec![f64::NAN; KPIS.len()];
        let mut set = |name: &str, v: f64| {
            if let Some(i) = kpi_index(name) {
                k[i] = v;
            }
        };
        set("meldingen_in", a.meldingen_in as f64);
        set("crisis", a.crisis as f64);
        set("returned_to_police", a.returned as f64);
        set("urgent", a.urgent as f64);
        set("adviezen_in", a.adviezen_in);
        set("adviezen_done", a.adviezen_done);
        let t = a.triage.row();
        set("triage_done", t[0]);
        set("triage_within_term", t[1]);
        set("triage_intake", t[2]);
        set("triage_within_term_intake", t[3]);
        let (p50, p90) = quantiles(a.triage_lead.clone());
        set("triage_lead_days_p50", p50);
        set("triage_lead_days_p90", p90);
        for (prefix, terms) in [("vv", &a.vv), ("onderzoek", &a.onderzoek)] {
            let v = terms.row();
            set(&format!("{prefix}_done"), v[0]);
            set(&format!("{prefix}_within_term"), v[1]);
            set(&format!("{prefix}_intake"), v[2]);
            set(&format!("{prefix}_within_term_intake"), v[3]);
        }
        set("direct_transfer", a.direct_transfer as f64);
        set("no_action", a.no_action as f64);
        let (p50, p90) = quantiles(a.service_lead.clone());
        set("service_lead_days_p50", p50);
        set("service_lead_days_p90", p90);
        set("monitoring_contacts_done", a.contacts_done as f64);
        set("monitoring_contacts_due", a.contacts_due as f64);
        set("monitoring_contacts_late", a.contacts_late as f64);
        if let Some(last) = &a.last {
            set("backlog_end", last[series::BACKLOG]);
            set("overdue_end", last[series::OVERDUE]);
            set("waiting_triage_end", last[series::BACKLOG_TRIAGE]);
            set("waiting_service_end", last[series::BACKLOG_SERVICE]);
            set("advice_open_end", last[series::ADVICE_OPEN]);
            set("open_monitoring_end", last[series::MONITORING]);
        }
        set("backlog_max", a.backlog_max);
        set("backlog_mean", a.backlog_sum / a.days as f64);
        set("advice_open_max", a.advice_open_max);
        for ((name, _), h) in HOURS.iter().zip(a.hours) {
            set(name, h);
        }
        let last = p.last;
        set("open_triage_end", f64::from(a.open.triage));
        set("open_service_end", f64::from(a.open.service));
        set(
            "oldest_open_triage_days",
            a.open
                .oldest_receipt
                .map_or(f64::NAN, |r| f64::from(last - r)),
        );
        set(
            "oldest_open_service_days",
            a.open
                .oldest_triaged
                .map_or(f64::NAN, |t| f64::from(last - t)),
        );
        let person_years = a.persons / 365.0;
        let per_year = |x: f64| {
            if person_years > 0.0 {
                x / person_years
            } else {
                f64::NAN
            }
        };
        set("employed_fte_mean", a.employed_fte / a.days as f64);
        set("sick_fte_mean", a.sick_fte / a.days as f64);
        set(
            "absence_share",
            if a.employed_fte > 0.0 {
                a.sick_fte / a.employed_fte
            } else {
                f64::NAN
            },
        );
        set("spells_per_person_year", per_year(a.spells));
        set("resignations_per_person_year", per_year(a.resignations));
        set("resignations", a.resignations);
        set("hires", a.hires);
        set("transferred_out", a.transferred as f64);
        set("measure_cost", self.m.plan.measure_cost(p.first, p.last));
        set(
            "mean_vacancy_days",
            if a.filled > 0.0 {
                a.vacancy_days_filled / a.filled
            } else {
                f64::NAN
            },
        );
        k
    }
}

/// The counts of a service route, if it has a service.
fn terms(a: &mut Acc, route: Route) -> Option<&mut Terms> {
    match route {
        Route::Vv => Some(&mut a.vv),
        Route::Onderzoek => Some(&mut a.onderzoek),
        Route::DirectTransfer | Route::NoAction => None,
    }
}

impl Sink for Collector<'_> {
    fn events(&mut self, d: Day, events: &[Event]) {
        for e in events {
            match *e {
                Event::Arrived { kind } => {
                    use crate::engine::CaseKind::*;
                    self.each(d, |a| {
                        a.meldingen_in += 1;
                        match kind {
                            Crisis => a.crisis += 1,
                            Returned => a.returned += 1,
                            Urgent => a.urgent += 1,
                            Regular => {}
                        }
                    });
                }
                Event::Triaged {
                    receipt,
                    deadline,
                    initial,
                    route,
                } => {
                    let met = d <= deadline;
                    self.each(d, |a| {
                        a.triage.done += 1;
                        a.triage.met += u64::from(met);
                        a.triage_lead.push(f64::from(d - receipt));
                        match route {
                            Route::DirectTransfer => a.direct_transfer += 1,
                            Route::NoAction => a.no_action += 1,
                            Route::Vv | Route::Onderzoek => {}
                        }
                    });
                    self.triage_intake(receipt, deadline, initial, met);
                }
                Event::Served {
                    route,
                    triaged,
                    deadline,
                    triaged_before_run,
                } => {
                    let met = d <= deadline;
                    self.each(d, |a| {
                        if let Some(t) = terms(a, route) {
                            t.done += 1;
                            t.met += u64::from(met);
                        }
                        a.service_lead.push(f64::from(d - triaged));
                    });
                    self.service_intake(route, triaged, deadline, triaged_before_run, met);
                }
                Event::ContactDone { due } => {
                    self.each(d, |a| a.contacts_done += 1);
                    let limit = due + self.m.plan.monitoring_grace_days as Day;
                    self.contact_due(due, d > limit);
                }
                Event::Transferred => self.each(d, |a| a.transferred += 1),
            }
        }
    }

    fn day_end(&mut self, e: &DayEnd<'_>) {
        let d = e.day;
        let s = e.sample;
        let w = e.staff;
        let m = self.m;
        for &i in m.window_index.of(d) {
            let a = &mut self.acc[i as usize];
            a.days += 1;
            a.backlog_sum += s[series::BACKLOG];
            a.backlog_max = a.backlog_max.max(s[series::BACKLOG]);
            a.advice_open_max = a.advice_open_max.max(s[series::ADVICE_OPEN]);
            for (h, (_, col)) in a.hours.iter_mut().zip(HOURS) {
                *h += s[col];
            }
            a.adviezen_in += f64::from(e.advice_in);
            a.adviezen_done += f64::from(e.advice_done);
            a.employed_fte += w.employed_fte;
            a.sick_fte += w.sick_fte;
            a.persons += f64::from(w.employed_persons);
            a.spells += f64::from(w.spells_started);
            a.resignations += f64::from(w.resignations);
            a.hires += f64::from(w.hires);
            a.filled += f64::from(w.vacancies_filled);
            a.vacancy_days_filled += f64::from(w.vacancy_days_filled);
            if m.window_index.bounds[i as usize].1 == d {
                a.last = Some(*s);
                a.open = e.open.unwrap_or_default();
            }
        }
    }

    fn wants_open(&self, d: Day) -> bool {
        self.m.window_index.ends_on(d)
    }

    fn finish(&mut self, unfinished: &[Unfinished]) {
        for u in unfinished {
            match *u {
                Unfinished::Triage {
                    receipt,
                    deadline,
                    initial,
                } => self.triage_intake(receipt, deadline, initial, false),
                Unfinished::Service {
                    triaged,
                    deadline,
                    triaged_before_run,
                    route,
                } => self.service_intake(route, triaged, deadline, triaged_before_run, false),
                Unfinished::Contact { due } => self.contact_due(due, true),
            }
        }
    }
}
