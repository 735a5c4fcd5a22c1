//! The state of one replication and its daily loop.

use super::sink::{DayEnd, Event, OpenWork, Sink, Unfinished};
use super::{DaySample, Ledger, Model, Replication, SERIES, StageSamplers, Streams, series};
use crate::calendar::Day;
use crate::plan::{PolicyInForce, StageKind};
use crate::scenario::ServiceRoute;
use crate::workforce::{Workforce, WorkforceDay};
use rand::RngExt;
use std::collections::VecDeque;

/// Hours below this are treated as zero (float round-off).
pub(crate) const EPS: f64 = 1e-9;

/// How a melding was handled on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Crisis intervention, same day, never queued.
    Crisis,
    /// Returned to the police, never queued.
    Returned,
    /// Screened urgent, triaged ahead of regular meldingen.
    Urgent,
    /// Regular melding.
    Regular,
}

/// Route after triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Direct transfer: closed.
    DirectTransfer,
    /// Voorwaarden & Vervolg.
    Vv,
    /// Onderzoek.
    Onderzoek,
    /// No further action: closed.
    NoAction,
}

/// What happened to one melding.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    /// Arrival sequence number.
    pub seq: u32,
    /// Receipt day.
    pub receipt: Day,
    /// How it was handled on arrival.
    pub kind: CaseKind,
    /// Part of the initial state.
    pub initial: bool,
    /// Triaged before the run (an initial service or monitoring case): its
    /// triage completion is not a completion of the run.
    pub triaged_before_run: bool,
    /// Served before the run (an initial monitoring case).
    pub served_before_run: bool,
    /// Triage deadline (5th working day after receipt).
    pub triage_deadline: Day,
    /// Day triage first received hours.
    pub triage_start: Option<Day>,
    /// Day triage completed.
    pub triage_done: Option<Day>,
    /// Route decided at triage completion.
    pub route: Option<Route>,
    /// Service deadline (triage completion + 70 days).
    pub service_deadline: Option<Day>,
    /// Day the service first received hours.
    pub service_start: Option<Day>,
    /// Day the service completed.
    pub service_done: Option<Day>,
    /// Day the case closed.
    pub closed: Option<Day>,
    /// Day it was handed to another organisation by a `transfer_backlog`
    /// measure, before its triage started: it leaves the term KPIs.
    pub transferred: Option<Day>,
}

/// One monitoring contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactRecord {
    /// Nominal due day: service close + offset.
    pub due: Day,
    /// Day the contact completed.
    pub done: Option<Day>,
}

/// What an item of work belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Advice,
    Triage(u32),
    Service(u32),
    /// Case index and contact index.
    Contact(u32, u32),
}

/// A unit of work in a queue: an advies, a triage, a service or a contact.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) owner: Owner,
    /// Tie-breaker: the arrival sequence number.
    pub(crate) seq: u32,
    pub(crate) required: f64,
    pub(crate) done: f64,
    pub(crate) cap: f64,
    pub(crate) min_days: u32,
    /// Working-day index of the start, −1 while waiting.
    pub(crate) start_wd: i64,
    /// Working-day index of `given_today`.
    pub(crate) given_wd: i64,
    pub(crate) given_today: f64,
    /// Legal deadline (triage, service); the due day for a contact.
    pub(crate) deadline: Day,
}

impl Item {
    /// Hours this item can still take today.
    pub(crate) fn room(&self, wd: i64) -> f64 {
        let given = if self.given_wd == wd {
            self.given_today
        } else {
            0.0
        };
        (self.cap - given).min(self.required - self.done).max(0.0)
    }
}

/// Case attributes drawn at arrival (MODEL §3).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CaseDraws {
    route_u: f64,
    vv_hours: f64,
    vv_min: u32,
    ond_hours: f64,
    ond_min: u32,
    mon_u: f64,
    mon_hours: f64,
    mon_min: u32,
}

/// An item in progress whose hours are all given, waiting only for its
/// elapsed minimum (MODEL §4 `min_days`): it can take no more hours, so the
/// daily allocation need not look at it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Elapsing {
    /// Working-day index on which the elapsed minimum is reached.
    pub(crate) due_wd: i64,
    /// The item's arrival sequence number and then its index: the order in
    /// which the completions of one day are handled.
    pub(crate) seq: u32,
    pub(crate) id: u32,
    /// The item's legal deadline, for counting overdue work without
    /// reading the item.
    pub(crate) deadline: Day,
}

/// A monitoring contact scheduled but not yet due.
#[derive(Debug, Clone, Copy)]
struct FutureContact {
    /// Arrival sequence number, case index and contact index: the order of
    /// release among the contacts due on one day (unique, since the contact
    /// index is).
    key: (u32, u32, u32),
    hours: f64,
    min_days: u32,
}

/// A queue of one work class: items in progress (in the order they started)
/// and items waiting (in their order of service).
///
/// Items in progress are split in two: those that still need hours
/// (`in_progress`, which the allocation walks every working day) and those
/// whose hours are done and that wait only for their elapsed minimum
/// (`elapsing`, unordered: one pass a working day finds those whose minimum
/// is reached, cheaper than a heap's scattered reads). Most services spend most
/// of their weeks in the second, so the daily work is proportional to what
/// is served, not to everything open.
#[derive(Debug, Default)]
pub(crate) struct ClassQueue {
    /// Started items that still need hours, ordered by start day, then
    /// arrival sequence number.
    pub(crate) in_progress: Vec<u32>,
    /// Started items with all their hours, until their elapsed minimum.
    pub(crate) elapsing: Vec<Elapsing>,
    /// Waiting items; for triage, the regular ones.
    pub(crate) waiting: VecDeque<u32>,
    /// Waiting urgent triage items.
    pub(crate) urgent: VecDeque<u32>,
    /// Sum of the required hours of waiting items.
    pub(crate) waiting_hours: f64,
}

pub(crate) struct State<'m> {
    pub(crate) m: &'m Model,
    streams: Streams,
    pub(crate) items: Vec<Item>,
    cases: Vec<CaseRecord>,
    draws: Vec<CaseDraws>,
    contacts: Vec<ContactRecord>,
    /// Contacts per case still to complete.
    contacts_left: Vec<u32>,
    /// Contacts not yet released, by due day (from the first simulated
    /// day), released in the order of (due day, seq, case, contact index).
    /// Those due after the last day are never released and not kept.
    future_contacts: Vec<Vec<FutureContact>>,
    /// The first due day whose contacts have not been released.
    next_release: Day,
    /// Queues by work class: advice, triage, service, monitoring.
    pub(crate) queues: [ClassQueue; 4],
    workforce: Workforce,
    pending_crisis_hours: f64,
    pub(crate) pressure: f64,
    seq: u32,
    arrived: u64,
    closed: u64,
    monitoring_cases: u64,
    /// Hours used today per class, crisis separately.
    pub(crate) used: [f64; 4],
    used_crisis: f64,
    overtime: f64,
    available: f64,
    /// What happened today, handed to the sink at the day's end.
    events: Vec<Event>,
    /// The items completed today, per class (kept for its allocations).
    done_today: [Vec<Elapsing>; 4],
    advice_in_today: u32,
    advice_done_today: u32,
    /// The day being simulated: the plan's values are those in force on it.
    today: Day,
}

pub(crate) const ADVICE: usize = 0;
pub(crate) const TRIAGE: usize = 1;
pub(crate) const SERVICE: usize = 2;
pub(crate) const MONITORING: usize = 3;

impl<'m> State<'m> {
    pub(crate) fn new(m: &'m Model, mut streams: Streams) -> State<'m> {
        let workforce = Workforce::new(
            &m.plan.workforce,
            m.plan.first,
            &mut streams.absence,
            &mut streams.turnover,
        );
        State {
            m,
            streams,
            items: Vec::new(),
            cases: Vec::new(),
            draws: Vec::new(),
            contacts: Vec::new(),
            contacts_left: Vec::new(),
            future_contacts: Vec::new(),
            next_release: m.plan.first,
            queues: Default::default(),
            workforce,
            pending_crisis_hours: 0.0,
            pressure: 0.0,
            seq: 0,
            arrived: 0,
            closed: 0,
            monitoring_cases: 0,
            used: [0.0; 4],
            used_crisis: 0.0,
            overtime: 0.0,
            available: 0.0,
            events: Vec::new(),
            done_today: Default::default(),
            advice_in_today: 0,
            advice_done_today: 0,
            today: m.plan.first,
        }
    }

    /// Makes this state that of a new replication drawing from `streams`,
    /// exactly as [`State::new`] would, but keeping the allocations of the
    /// queues and records (MODEL §9: nothing carries over but capacity).
    pub(crate) fn reset(&mut self, streams: Streams) {
        fn recycle<T>(v: &mut Vec<T>) -> Vec<T> {
            let mut v = std::mem::take(v);
            v.clear();
            v
        }
        let mut fresh = State::new(self.m, streams);
        fresh.items = recycle(&mut self.items);
        fresh.cases = recycle(&mut self.cases);
        fresh.draws = recycle(&mut self.draws);
        fresh.contacts = recycle(&mut self.contacts);
        fresh.contacts_left = recycle(&mut self.contacts_left);
        fresh.events = recycle(&mut self.events);
        fresh.done_today = std::mem::take(&mut self.done_today);
        let mut f = std::mem::take(&mut self.future_contacts);
        for day in &mut f {
            day.clear();
        }
        fresh.future_contacts = f;
        for (new, old) in fresh.queues.iter_mut().zip(&mut self.queues) {
            new.in_progress = recycle(&mut old.in_progress);
            let mut e = std::mem::take(&mut old.elapsing);
            e.clear();
            new.elapsing = e;
            let mut w = std::mem::take(&mut old.waiting);
            w.clear();
            new.waiting = w;
            let mut u = std::mem::take(&mut old.urgent);
            u.clear();
            new.urgent = u;
        }
        *self = fresh;
    }

    /// The meldingen that arrived in the run (not the initial state), in
    /// arrival order: receipt day, kind and every attribute drawn.
    #[cfg(test)]
    pub(crate) fn arrivals(&self) -> Vec<(Day, CaseKind, CaseDraws)> {
        self.cases
            .iter()
            .zip(&self.draws)
            .filter(|(c, _)| !c.initial)
            .map(|(c, d)| (c.receipt, c.kind, d.clone()))
            .collect()
    }

    /// The record of every case and contact, added to what `rec` kept of
    /// the days.
    pub(crate) fn into_replication(self, index: u64, rec: super::Recorder) -> Replication {
        Replication {
            index,
            days: rec.days,
            ledger: rec.ledger,
            cases: self.cases,
            contacts: self.contacts,
            advice_in: rec.advice_in,
            advice_done: rec.advice_done,
            workforce: rec.workforce,
        }
    }

    /// Effort multiplier for an item entering its queue today (MODEL §4).
    fn effort(&self) -> f64 {
        self.m.plan.effort(self.today, self.pressure)
    }

    /// Hours multiplier of a stage for work entering its queue today.
    fn scale(&self, stage: StageKind) -> f64 {
        self.m.plan.hours_scale(stage, self.today)
    }

    /// The allocation policy in force today.
    pub(crate) fn policy(&self) -> &'m PolicyInForce {
        self.m.plan.policy.at(self.today)
    }

    fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    fn triage_deadline(&self, receipt: Day) -> Day {
        let term = *self.m.plan.triage_term.at(receipt);
        self.m
            .plan
            .calendar
            .nth_working_day_after(receipt, term)
            .unwrap_or(Day::MAX / 2)
    }

    fn push_item(&mut self, item: Item) -> u32 {
        self.items.push(item);
        (self.items.len() - 1) as u32
    }

    /// Draws the attributes every melding gets at arrival, in a fixed order,
    /// whatever its kind, so that two scenarios see the same cases.
    pub(crate) fn draw_case(&mut self, receipt: Day, initial: bool) -> (u32, f64, u32) {
        let m = self.m;
        let p = &m.plan;
        let today = self.today;
        let rng = if initial {
            &mut self.streams.initial
        } else {
            &mut self.streams.meldingen
        };
        let u_kind: f64 = rng.random();
        let u_urgent: f64 = rng.random();
        let route_u: f64 = rng.random();
        let triage_hours = m.triage.hours.sample(rng);
        let triage_min = m.triage.min_days.sample_days(rng);
        let vv_hours = m.vv.hours.sample(rng);
        let vv_min = m.vv.min_days.sample_days(rng);
        let ond_hours = m.onderzoek.hours.sample(rng);
        let ond_min = m.onderzoek.min_days.sample_days(rng);
        let mon_u: f64 = rng.random();
        let mon_hours = m.monitoring.hours.sample(rng);
        let mon_min = m.monitoring.min_days.sample_days(rng);
        let crisis_hours = m.crisis_hours.sample(rng);
        let returned_hours = m.returned_hours.sample(rng);

        let crisis_share = p.crisis_share.at(today);
        let kind = if initial {
            CaseKind::Regular
        } else if u_kind < crisis_share {
            CaseKind::Crisis
        } else if u_kind < crisis_share + p.returned_share.at(today) {
            CaseKind::Returned
        } else if u_urgent < p.urgent_share.at(today) {
            CaseKind::Urgent
        } else {
            CaseKind::Regular
        };
        let seq = self.next_seq();
        let idx = self.cases.len() as u32;
        self.cases.push(CaseRecord {
            seq,
            receipt,
            kind,
            initial,
            triaged_before_run: false,
            served_before_run: false,
            triage_deadline: self.triage_deadline(receipt),
            triage_start: None,
            triage_done: None,
            route: None,
            service_deadline: None,
            service_start: None,
            service_done: None,
            closed: None,
            transferred: None,
        });
        self.draws.push(CaseDraws {
            route_u,
            vv_hours,
            vv_min,
            ond_hours,
            ond_min,
            mon_u,
            mon_hours,
            mon_min,
        });
        self.contacts_left.push(0);
        self.arrived += 1;
        let hours = match kind {
            CaseKind::Crisis => crisis_hours * self.scale(StageKind::Crisis),
            CaseKind::Returned => returned_hours * self.scale(StageKind::Returned),
            _ => triage_hours * self.scale(StageKind::Triage),
        };
        (idx, hours, triage_min)
    }

    /// A melding arrives on day `d`.
    fn arrive_melding(&mut self, d: Day) {
        let (idx, hours, triage_min) = self.draw_case(d, false);
        let kind = self.cases[idx as usize].kind;
        self.events.push(Event::Arrived { kind });
        let effort = self.effort();
        match kind {
            CaseKind::Crisis | CaseKind::Returned => {
                // Served the day they arrive; hours charged to the first working day.
                self.pending_crisis_hours += hours * effort;
                self.close_case(idx, d);
            }
            CaseKind::Urgent | CaseKind::Regular => {
                self.enqueue_triage(idx, hours * effort, triage_min, kind == CaseKind::Urgent);
            }
        }
    }

    pub(crate) fn enqueue_triage(&mut self, idx: u32, required: f64, min_days: u32, urgent: bool) {
        let c = &self.cases[idx as usize];
        let item = Item {
            owner: Owner::Triage(idx),
            seq: c.seq,
            required,
            done: 0.0,
            cap: self.m.triage.cap,
            min_days,
            start_wd: -1,
            given_wd: -1,
            given_today: 0.0,
            deadline: c.triage_deadline,
        };
        let id = self.push_item(item);
        let q = &mut self.queues[TRIAGE];
        q.waiting_hours += required;
        if urgent {
            q.urgent.push_back(id);
        } else {
            q.waiting.push_back(id);
        }
    }

    pub(crate) fn arrive_advice(&mut self) {
        let m = self.m;
        let scale = self.scale(StageKind::Advice);
        let rng = &mut self.streams.adviezen;
        let hours = m.advice.hours.sample(rng) * scale;
        let min_days = m.advice.min_days.sample_days(rng);
        let seq = self.next_seq();
        let required = hours * self.effort();
        let id = self.push_item(Item {
            owner: Owner::Advice,
            seq,
            required,
            done: 0.0,
            cap: m.advice.cap,
            min_days,
            start_wd: -1,
            given_wd: -1,
            given_today: 0.0,
            deadline: 0,
        });
        let q = &mut self.queues[ADVICE];
        q.waiting_hours += required;
        q.waiting.push_back(id);
        self.advice_in_today += 1;
    }

    /// `transfer_backlog` (MODEL §8, §14): the `count` oldest meldingen
    /// whose triage has not started, urgent or not, leave on day `d`.
    fn transfer_backlog(&mut self, d: Day, count: u32) {
        let q = &self.queues[TRIAGE];
        let key = |id: u32| {
            let it = &self.items[id as usize];
            let receipt = match it.owner {
                Owner::Triage(idx) => self.cases[idx as usize].receipt,
                _ => Day::MAX,
            };
            (receipt, it.seq)
        };
        let mut ids: Vec<u32> = q.urgent.iter().chain(q.waiting.iter()).copied().collect();
        ids.sort_by_key(|&id| key(id));
        ids.truncate(count as usize);
        if ids.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<u32> = ids.iter().copied().collect();
        let hours: f64 = ids.iter().map(|&id| self.items[id as usize].required).sum();
        let q = &mut self.queues[TRIAGE];
        q.urgent.retain(|id| !gone.contains(id));
        q.waiting.retain(|id| !gone.contains(id));
        q.waiting_hours -= hours;
        if q.waiting.is_empty() && q.urgent.is_empty() {
            q.waiting_hours = 0.0;
        }
        for id in ids {
            if let Owner::Triage(idx) = self.items[id as usize].owner {
                self.cases[idx as usize].transferred = Some(d);
                self.events.push(Event::Transferred);
                self.close_case(idx, d);
            }
        }
    }

    fn close_case(&mut self, idx: u32, d: Day) {
        self.cases[idx as usize].closed = Some(d);
        self.closed += 1;
    }

    fn stage(&self, route: ServiceRoute) -> &'m StageSamplers {
        match route {
            ServiceRoute::Vv => &self.m.vv,
            ServiceRoute::Onderzoek => &self.m.onderzoek,
        }
    }

    /// Puts a case in the service queue after triage completed on day `done`.
    pub(crate) fn enqueue_service(
        &mut self,
        idx: u32,
        route: ServiceRoute,
        done: Day,
        hours_spent: f64,
    ) {
        let draws = &self.draws[idx as usize];
        let (hours, min_days, stage) = match route {
            ServiceRoute::Vv => (draws.vv_hours, draws.vv_min, StageKind::Vv),
            ServiceRoute::Onderzoek => (draws.ond_hours, draws.ond_min, StageKind::Onderzoek),
        };
        let hours = hours * self.scale(stage);
        let deadline = done + *self.m.plan.service_term.at(done) as Day;
        let required = hours * self.effort();
        let c = &mut self.cases[idx as usize];
        c.service_deadline = Some(deadline);
        let seq = c.seq;
        let item = Item {
            owner: Owner::Service(idx),
            seq,
            required,
            done: hours_spent.min(required),
            cap: self.stage(route).cap,
            min_days,
            start_wd: -1,
            given_wd: -1,
            given_today: 0.0,
            deadline,
        };
        let id = self.push_item(item);
        let q = &mut self.queues[SERVICE];
        if hours_spent > 0.0 {
            // Initial state: in progress since the first working day after triage.
            let start = self
                .m
                .plan
                .calendar
                .next_working_on_or_after(done)
                .unwrap_or(done);
            let start_wd = self.m.plan.calendar.working_index_on_or_before(start);
            self.items[id as usize].start_wd = start_wd;
            self.cases[idx as usize].service_start = Some(start);
            q.in_progress.push(id);
        } else {
            q.waiting_hours += required;
            q.waiting.push_back(id);
        }
    }

    /// Schedules the monitoring contacts of a case whose service closed on `closed`.
    fn schedule_monitoring(&mut self, idx: u32, closed: Day, first_day: Day) -> u32 {
        let draws = &self.draws[idx as usize];
        let offsets = &self.m.plan.monitoring_offsets;
        let per_contact = draws.mon_hours / offsets.len() as f64;
        let min_days = draws.mon_min;
        let seq = self.cases[idx as usize].seq;
        let mut n = 0;
        for off in offsets {
            let due = closed + *off as Day;
            if due < first_day {
                continue; // initial state: done before the run
            }
            let ci = self.contacts.len() as u32;
            self.contacts.push(ContactRecord { due, done: None });
            if due <= self.m.plan.end {
                let slot = (due - self.m.plan.first) as usize;
                if self.future_contacts.len() <= slot {
                    self.future_contacts.resize_with(slot + 1, Vec::new);
                }
                self.future_contacts[slot].push(FutureContact {
                    key: (seq, idx, ci),
                    hours: per_contact,
                    min_days,
                });
            }
            n += 1;
        }
        self.contacts_left[idx as usize] = n;
        if n > 0 {
            self.monitoring_cases += 1;
        }
        n
    }

    /// Releases the contacts due on or before working day `d`.
    fn release_contacts(&mut self, d: Day) {
        let effort = self.effort() * self.scale(StageKind::Monitoring);
        let first = self.m.plan.first;
        let cap = self.m.monitoring.cap;
        while self.next_release <= d {
            let slot = (self.next_release - first) as usize;
            self.next_release += 1;
            let Some(due_today) = self.future_contacts.get_mut(slot) else {
                continue;
            };
            let mut due_today = std::mem::take(due_today);
            due_today.sort_unstable_by_key(|c| c.key);
            let due = first + slot as Day;
            for c in &due_today {
                let (seq, idx, ci) = c.key;
                let required = c.hours * effort;
                let id = self.push_item(Item {
                    owner: Owner::Contact(idx, ci),
                    seq,
                    required,
                    done: 0.0,
                    cap,
                    min_days: c.min_days,
                    start_wd: -1,
                    given_wd: -1,
                    given_today: 0.0,
                    deadline: due,
                });
                let q = &mut self.queues[MONITORING];
                q.waiting_hours += required;
                q.waiting.push_back(id);
            }
            // Give the allocation back for the next replication.
            due_today.clear();
            self.future_contacts[slot] = due_today;
        }
    }

    /// Builds the initial state (MODEL §10) on the first simulated day.
    fn initialise(&mut self) {
        let m = self.m;
        let first = m.plan.first;
        let init = &m.plan.initial;
        // Meldingen waiting for triage, oldest first.
        let mut receipts: Vec<Day> = Vec::new();
        for t in &init.triage {
            for _ in 0..t.count {
                let age = self
                    .streams
                    .other
                    .random_range(t.age_days[0]..=t.age_days[1]);
                receipts.push(first - age as Day);
            }
        }
        receipts.sort();
        let effort = self.effort();
        for r in receipts {
            let (idx, hours, min_days) = self.draw_case(r, true);
            self.enqueue_triage(idx, hours * effort, min_days, false);
        }
        // Services: waiting ones ordered by triage completion.
        let mut services: Vec<(Day, ServiceRoute, f64)> = Vec::new();
        for s in &init.services {
            for _ in 0..s.count {
                let age = self
                    .streams
                    .other
                    .random_range(s.age_days[0]..=s.age_days[1]);
                services.push((first - age as Day, s.route, s.hours_spent));
            }
        }
        services.sort_by_key(|a| a.0);
        for (done, route, spent) in services {
            let (idx, _, _) = self.draw_case(done, true);
            let c = &mut self.cases[idx as usize];
            c.triage_done = Some(done);
            c.triage_start = Some(done);
            c.triaged_before_run = true;
            c.route = Some(match route {
                ServiceRoute::Vv => Route::Vv,
                ServiceRoute::Onderzoek => Route::Onderzoek,
            });
            self.enqueue_service(idx, route, done, spent);
        }
        // Monitoring caseload.
        let mut mons: Vec<(Day, ServiceRoute)> = Vec::new();
        for s in &init.monitoring {
            for _ in 0..s.count {
                let ago = self
                    .streams
                    .other
                    .random_range(s.closed_days_ago[0]..=s.closed_days_ago[1]);
                mons.push((first - ago as Day, s.route));
            }
        }
        mons.sort_by_key(|a| a.0);
        for (closed, route) in mons {
            let (idx, _, _) = self.draw_case(closed, true);
            let c = &mut self.cases[idx as usize];
            c.triage_done = Some(closed);
            c.triage_start = Some(closed);
            c.service_start = Some(closed);
            c.service_done = Some(closed);
            c.triaged_before_run = true;
            c.served_before_run = true;
            c.route = Some(match route {
                ServiceRoute::Vv => Route::Vv,
                ServiceRoute::Onderzoek => Route::Onderzoek,
            });
            if self.schedule_monitoring(idx, closed, first) == 0 {
                self.close_case(idx, first);
            }
        }
    }

    /// Runs the replication over `first..=end`, reporting to `sink`.
    pub(crate) fn run(&mut self, sink: &mut dyn Sink) {
        self.run_until(sink, None);
    }

    /// Like [`State::run`], but gives up once `deadline` has passed (checked
    /// every 32 days). Returns the share of the days simulated (1 when it
    /// finished).
    pub(crate) fn run_until(
        &mut self,
        sink: &mut dyn Sink,
        deadline: Option<std::time::Instant>,
    ) -> f64 {
        let m = self.m;
        self.today = m.plan.first;
        self.initialise();
        for d in m.plan.first..=m.plan.end {
            self.step(d, sink);
            if let Some(t) = deadline
                && (d - m.plan.first) % 32 == 31
                && std::time::Instant::now() > t
            {
                return f64::from(d - m.plan.first + 1) / f64::from(m.plan.end - m.plan.first + 1);
            }
        }
        sink.finish(&self.unfinished());
        1.0
    }

    /// The work still open at the end of the run: meldingen not triaged (and
    /// not transferred), services not completed, contacts not done.
    fn unfinished(&self) -> Vec<Unfinished> {
        let mut out = Vec::new();
        for c in &self.cases {
            if matches!(c.kind, CaseKind::Urgent | CaseKind::Regular)
                && c.triage_done.is_none()
                && c.transferred.is_none()
            {
                out.push(Unfinished::Triage {
                    receipt: c.receipt,
                    deadline: c.triage_deadline,
                    initial: c.initial,
                });
            }
            if let (Some(deadline), Some(triaged), Some(route), None) =
                (c.service_deadline, c.triage_done, c.route, c.service_done)
            {
                out.push(Unfinished::Service {
                    triaged,
                    deadline,
                    triaged_before_run: c.triaged_before_run,
                    route,
                });
            }
        }
        for k in self.contacts.iter().filter(|k| k.done.is_none()) {
            out.push(Unfinished::Contact { due: k.due });
        }
        out
    }

    /// The open triage and service work now, with the oldest of each.
    fn open_work(&self) -> OpenWork {
        let mut o = OpenWork::default();
        let t = &self.queues[TRIAGE];
        let elapsing = |q: &ClassQueue| q.elapsing.iter().map(|e| e.id).collect::<Vec<u32>>();
        for &id in t
            .waiting
            .iter()
            .chain(&t.urgent)
            .chain(&t.in_progress)
            .chain(&elapsing(t))
        {
            if let Owner::Triage(idx) = self.items[id as usize].owner {
                let r = self.cases[idx as usize].receipt;
                o.triage += 1;
                o.oldest_receipt = Some(o.oldest_receipt.map_or(r, |x| x.min(r)));
            }
        }
        let s = &self.queues[SERVICE];
        for &id in s.waiting.iter().chain(&s.in_progress).chain(&elapsing(s)) {
            if let Owner::Service(idx) = self.items[id as usize].owner
                && let Some(t) = self.cases[idx as usize].triage_done
            {
                o.service += 1;
                o.oldest_triaged = Some(o.oldest_triaged.map_or(t, |x| x.min(t)));
            }
        }
        o
    }

    fn step(&mut self, d: Day, sink: &mut dyn Sink) {
        let m = self.m;
        let cal = &m.plan.calendar;
        let working = cal.is_working(d);
        self.today = d;
        self.used = [0.0; 4];
        self.used_crisis = 0.0;
        self.overtime = 0.0;
        self.available = 0.0;
        self.advice_in_today = 0;
        self.advice_done_today = 0;
        // Workforce events; the first day is the initial (stationary) state.
        if d > m.plan.first {
            self.workforce.step(
                &m.plan.workforce,
                d,
                self.pressure,
                &mut self.streams.absence,
                &mut self.streams.turnover,
            );
        }
        // Events: monitoring contacts due (released on working days).
        if working {
            self.release_contacts(d);
        }
        // Backlog transfers, at the start of the day, before its arrivals.
        for &(day, count) in &m.plan.transfers {
            if day == d {
                self.transfer_backlog(d, count);
            }
        }
        // Arrivals, from streams keyed by the day (MODEL §9).
        self.streams.enter_day(cal.serial(d));
        let n = m
            .plan
            .meldingen
            .sample(d, &mut self.streams.meldingen_count);
        for _ in 0..n {
            self.arrive_melding(d);
        }
        let n = m.plan.adviezen.sample(d, &mut self.streams.adviezen_count);
        for _ in 0..n {
            self.arrive_advice();
        }
        if working {
            let wd = cal.working_index_on_or_before(d);
            self.available = self
                .workforce
                .capacity(&m.plan.workforce, d, cal.month(d))
                .hours;
            // Crisis and returned-to-police hours first; excess is overtime.
            let crisis = std::mem::take(&mut self.pending_crisis_hours);
            self.used_crisis = crisis.min(self.available);
            self.overtime = (crisis - self.available).max(0.0);
            let left = self.available - self.used_crisis;
            self.allocate(wd, left);
            self.complete(d, wd);
        }
        let staff = self.workforce.today();
        let sample = self.observe(d, working, &staff);
        sink.events(d, &self.events);
        self.events.clear();
        if d >= m.plan.start {
            let ledger = Ledger {
                arrived: self.arrived,
                closed: self.closed,
                open: (sample[series::BACKLOG_TRIAGE]
                    + sample[series::WIP_TRIAGE]
                    + sample[series::BACKLOG_SERVICE]
                    + sample[series::WIP_SERVICE]
                    + sample[series::MONITORING]) as u64,
            };
            let open = sink.wants_open(d).then(|| self.open_work());
            sink.day_end(&DayEnd {
                day: d,
                sample: &sample,
                staff: &staff,
                advice_in: self.advice_in_today,
                advice_done: self.advice_done_today,
                ledger,
                open,
            });
        }
    }

    /// Completions at the end of working day `d` (MODEL §4): hours done and
    /// at least `min_days` working days in progress.
    fn complete(&mut self, d: Day, wd: i64) {
        // Reused from day to day, so the loop does not allocate.
        let mut done = std::mem::take(&mut self.done_today);
        for es in &mut done {
            es.clear();
        }
        for (c, q) in self.queues.iter_mut().enumerate() {
            let items = &self.items;
            let elapsing = &mut q.elapsing;
            q.in_progress.retain(|&id| {
                let it = &items[id as usize];
                if it.done < it.required - EPS {
                    return true;
                }
                let e = Elapsing {
                    due_wd: it.start_wd + i64::from(it.min_days.max(1)) - 1,
                    seq: it.seq,
                    id,
                    deadline: it.deadline,
                };
                if e.due_wd <= wd {
                    done[c].push(e);
                } else {
                    elapsing.push(e);
                }
                false
            });
            q.elapsing.retain(|e| {
                if e.due_wd <= wd {
                    done[c].push(*e);
                    false
                } else {
                    true
                }
            });
        }
        // The completions of a day in arrival order (then start day, then
        // the order they started in, which is the order of their indices).
        for es in &mut done {
            es.sort_unstable_by_key(|e| (e.seq, self.items[e.id as usize].start_wd, e.id));
        }
        self.advice_done_today += done[ADVICE].len() as u32;
        for &Elapsing { id, .. } in &done[TRIAGE] {
            let Owner::Triage(idx) = self.items[id as usize].owner else {
                continue;
            };
            self.finish_triage(idx, d);
        }
        for &Elapsing { id, .. } in &done[SERVICE] {
            let Owner::Service(idx) = self.items[id as usize].owner else {
                continue;
            };
            let c = &mut self.cases[idx as usize];
            c.service_done = Some(d);
            if let (Some(route), Some(triaged), Some(deadline)) =
                (c.route, c.triage_done, c.service_deadline)
            {
                self.events.push(Event::Served {
                    route,
                    triaged,
                    deadline,
                    triaged_before_run: c.triaged_before_run,
                });
            }
            if self.wants_monitoring(idx) {
                if self.schedule_monitoring(idx, d, d) == 0 {
                    self.close_case(idx, d);
                }
            } else {
                self.close_case(idx, d);
            }
        }
        for &Elapsing { id, .. } in &done[MONITORING] {
            let Owner::Contact(idx, ci) = self.items[id as usize].owner else {
                continue;
            };
            self.contacts[ci as usize].done = Some(d);
            self.events.push(Event::ContactDone {
                due: self.contacts[ci as usize].due,
            });
            let left = &mut self.contacts_left[idx as usize];
            *left -= 1;
            if *left == 0 {
                self.monitoring_cases -= 1;
                self.close_case(idx, d);
            }
        }
        self.done_today = done;
    }

    fn wants_monitoring(&self, idx: u32) -> bool {
        let plan = &self.m.plan;
        let p = match self.cases[idx as usize].route {
            Some(Route::Vv) => plan.monitoring_after_vv.at(self.today),
            Some(Route::Onderzoek) => plan.monitoring_after_onderzoek.at(self.today),
            _ => 0.0,
        };
        self.draws[idx as usize].mon_u < p
    }

    /// Triage completed on day `d`: the route is decided from the uniform
    /// drawn at arrival and the route shares in force today.
    fn finish_triage(&mut self, idx: u32, d: Day) {
        let r = &self.m.plan.routes;
        let (dt, vv, ond) = (r.direct_transfer.at(d), r.vv.at(d), r.onderzoek.at(d));
        let u = self.draws[idx as usize].route_u;
        let route = if u < dt {
            Route::DirectTransfer
        } else if u < dt + vv {
            Route::Vv
        } else if u < dt + vv + ond {
            Route::Onderzoek
        } else {
            Route::NoAction
        };
        let c = &mut self.cases[idx as usize];
        c.triage_done = Some(d);
        c.route = Some(route);
        self.events.push(Event::Triaged {
            receipt: c.receipt,
            deadline: c.triage_deadline,
            initial: c.initial,
            route,
        });
        match route {
            Route::Vv => self.enqueue_service(idx, ServiceRoute::Vv, d, 0.0),
            Route::Onderzoek => self.enqueue_service(idx, ServiceRoute::Onderzoek, d, 0.0),
            Route::DirectTransfer | Route::NoAction => self.close_case(idx, d),
        }
    }

    /// Called when an item receives its first hours.
    pub(crate) fn mark_started(&mut self, id: u32, d_wd: i64) {
        let it = &mut self.items[id as usize];
        it.start_wd = d_wd;
        let day = self.m.plan.calendar.working_day(d_wd).unwrap_or(0);
        match it.owner {
            Owner::Triage(idx) => self.cases[idx as usize].triage_start = Some(day),
            Owner::Service(idx) => self.cases[idx as usize].service_start = Some(day),
            _ => {}
        }
    }

    /// The end-of-day state (MODEL §11), and the pressure for tomorrow.
    fn observe(&mut self, d: Day, working: bool, staff: &WorkforceDay) -> DaySample {
        let cal = &self.m.plan.calendar;
        let at_risk_days = self.m.plan.at_risk_days;
        let risk_until = if at_risk_days == 0 {
            d
        } else {
            cal.nth_working_day_after(d, at_risk_days)
                .unwrap_or(Day::MAX / 2)
        };
        let items = &self.items;
        let mut overdue = 0usize;
        let mut at_risk = 0usize;
        // Waiting queues are ordered by deadline: count with partition points.
        for q in [
            &self.queues[TRIAGE].waiting,
            &self.queues[TRIAGE].urgent,
            &self.queues[SERVICE].waiting,
        ] {
            let late = q.partition_point(|&id| items[id as usize].deadline <= d);
            let risk = q.partition_point(|&id| items[id as usize].deadline <= risk_until);
            overdue += late;
            at_risk += risk.saturating_sub(late);
        }
        // Work in progress: a branch-free count over each list.
        let mut count = |dl: Day| {
            overdue += usize::from(dl <= d);
            at_risk += usize::from(dl > d && dl <= risk_until);
        };
        for q in [&self.queues[TRIAGE], &self.queues[SERVICE]] {
            for &id in &q.in_progress {
                count(items[id as usize].deadline);
            }
            for e in &q.elapsing {
                count(e.deadline);
            }
        }

        let bt = self.queues[TRIAGE].waiting.len() + self.queues[TRIAGE].urgent.len();
        let bs = self.queues[SERVICE].waiting.len();
        let started = |q: &ClassQueue| q.in_progress.len() + q.elapsing.len();
        let wt = started(&self.queues[TRIAGE]);
        let ws = started(&self.queues[SERVICE]);
        let open = bt + bs + wt + ws;
        if working {
            self.pressure = if open > 0 {
                overdue as f64 / open as f64
            } else {
                0.0
            };
        }
        let mut s = [0.0; SERIES.len()];
        s[series::BACKLOG] = (bt + bs) as f64;
        s[series::BACKLOG_TRIAGE] = bt as f64;
        s[series::BACKLOG_SERVICE] = bs as f64;
        s[series::WIP_TRIAGE] = wt as f64;
        s[series::WIP_SERVICE] = ws as f64;
        s[series::OVERDUE] = overdue as f64;
        s[series::AT_RISK] = at_risk as f64;
        s[series::MONITORING] = self.monitoring_cases as f64;
        s[series::ADVICE_OPEN] =
            (self.queues[ADVICE].waiting.len() + started(&self.queues[ADVICE])) as f64;
        s[series::OPEN_CASES] = (open as u64 + self.monitoring_cases) as f64;
        s[series::EMPLOYED_FTE] = staff.employed_fte;
        s[series::PRESENT_FTE] = staff.present_fte;
        s[series::SICK_FTE] = staff.sick_fte;
        s[series::ONBOARDING_FTE] = staff.onboarding_fte;
        s[series::VACANCY_FTE] = staff.vacancy_fte;
        s[series::BUDGET_FTE] = staff.budget_fte;
        s[series::ON_NOTICE_FTE] = staff.on_notice_fte;
        s[series::HOURS_AVAILABLE] = self.available;
        s[series::HOURS_CRISIS] = self.used_crisis;
        s[series::HOURS_ADVICE] = self.used[ADVICE];
        s[series::HOURS_TRIAGE] = self.used[TRIAGE];
        s[series::HOURS_SERVICE] = self.used[SERVICE];
        s[series::HOURS_MONITORING] = self.used[MONITORING];
        s[series::OVERTIME] = self.overtime;
        s[series::PRESSURE] = self.pressure;
        s[series::TEMPORARY_FTE] = staff.temporary_fte;
        s
    }

    /// Whether triage items are taken newest first.
    pub(crate) fn newest_first(&self) -> bool {
        self.policy().newest_first()
    }
}
