#!/usr/bin/env python3
"""SimPy peer: the model of MODEL.md as an analyst typically writes it in SimPy.

This is the "SimPy" peer of the performance issue (issue 14). It runs the same
scenario, the same rules and the same samplers (common.py) as the plain-Python
reference (reference.py, whose header lists what both simplify), but in
SimPy's idiom instead of a day loop:

- time is continuous, in days; day d is [d, d+1). The dispatcher runs at
  d + 0.998 on working days and the day's completions happen at d + 0.999, so
  that the day's arrivals are served the same day as in the day loop;
- every melding, advies and monitoring contact is a SimPy process; a stage
  waits for its first hours (an event the dispatcher triggers), then for
  `env.all_of([hours done, env.timeout(elapsed minimum)])`, then for the end
  of that day, and then routes the case on;
- meldingen arrive as a Poisson process (exponential gaps), adviezen as a
  daily Poisson count at noon on working days. A melding arriving after the
  dispatcher's time (0.2% of them) is served a working day later;
- every staff member is a process: sickness as exponential gaps between
  spells (the continuous-time form of the daily onset draw), resignation as
  an exponential time, then the notice period; a vacancy is a process that
  hires after its lead time;
- the day's staff hours are put into a `simpy.Container`; the dispatcher
  takes every grant of hours from it with `yield staff.get(x)` and drains the
  rest at the end of the day. The dispatcher applies the default
  `proportional` policy (advice first, then shares by outstanding work, then
  a second pass), items in progress first in start order, each item within
  its daily cap.

Two variants, differing only in how the waiting queues are kept:
- default ("list"): waiting items in plain lists; the next one is found with
  `min(queue, key=...)` and removed with `list.remove` — a linear scan per
  item started, which is how such a model is usually written first;
- `--heap`: waiting items in `heapq` heaps keyed by the order of service
  (urgent, receipt day, sequence; or triage completion day, sequence; ...),
  the heap-ordered-queue variant the performance issue mentions.
Both compute outstanding work by summing over the queues each day and keep
items whose hours are done in the in-progress list until they complete, as
straightforward SimPy code does.

Usage: simpy_model.py --years Y --runs N --seed S [--heap]
"""

import argparse
import heapq
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

try:
    import simpy
except ImportError:
    raise SystemExit("simpy is not installed (benches/peers.sh --install puts it in a local venv)")

EPS = 1e-9
ADVICE, TRIAGE, SERVICE, MONITORING = range(4)
DISPATCH = 0.998  # time of day of the allocation
EOD = 0.999       # time of day of the completions


class Item:
    __slots__ = ("seq", "cls", "required", "done", "cap", "min_days", "start_wd",
                 "given_wd", "given_today", "key", "started", "hours_done")

    def __init__(self, env, seq, cls, required, cap, min_days, key):
        self.seq, self.cls, self.required, self.cap = seq, cls, required, cap
        self.min_days = min_days
        self.done = 0.0
        self.start_wd = -1
        self.given_wd = -1
        self.given_today = 0.0
        self.key = key  # order of service while waiting
        self.started = env.event()
        self.hours_done = env.event()

    def room(self, wd):
        given = self.given_today if self.given_wd == wd else 0.0
        return min(self.cap - given, self.required - self.done)


class Member:
    __slots__ = ("fte", "hired", "sick_until", "on_notice", "gone")

    def __init__(self, fte, hired):
        self.fte, self.hired = fte, hired
        self.sick_until = -1
        self.on_notice = False
        self.gone = False


class Model:
    def __init__(self, env, p, cal, report_first, rng, heap):
        self.env, self.p, self.cal, self.report_first = env, p, cal, report_first
        self.rng, self.heap = rng, heap
        st = p.stage
        self.hours = {k: common.sampler(st[k]["hours"]) for k in st}
        self.mins = {k: common.min_days_sampler(st[k]["min_days"]) for k in st}
        self.caps = {k: st[k]["max_hours_per_day"] for k in st}
        self.k = p.norm_share
        self.absence = common.Absence(p)
        self.lead = common.recruitment_sampler(p)
        self.staff = simpy.Container(env)
        self.waiting = [[], [], [], []]
        self.in_progress = [[], [], [], []]
        self.oncall = 0.0
        self.seq = 0
        self.triage_met = self.triage_n = self.service_met = self.service_n = 0
        self.members = []
        self.vacancy_fte = 0.0
        n = round(p.fte / p.contract)
        arng = rng["absence"]
        for _ in range(n):
            m = Member(p.fte / n, -10**6)
            if arng.random() < p.absence_rate:
                m.sick_until = self.absence.residual(arng) - 1
            self.hire(m)
        env.process(self.meldingen())
        env.process(self.adviezen())
        env.process(self.dispatcher())

    # ------------------------------------------------------------ helpers

    def day(self):
        return int(self.env.now)

    def wait_until(self, t):
        return self.env.timeout(max(0.0, t - self.env.now))

    def end_of_wd(self, wd):
        """A timeout to the end of working day `wd` (never, past the horizon)."""
        if wd >= len(self.cal.wd_day):
            return self.env.event()
        return self.wait_until(self.cal.wd_day[wd] + EOD)

    def enqueue(self, it):
        if self.heap:
            heapq.heappush(self.waiting[it.cls], (it.key, it.seq, it))
        else:
            self.waiting[it.cls].append(it)

    def pop_waiting(self, cls):
        q = self.waiting[cls]
        if not q:
            return None
        if self.heap:
            return heapq.heappop(q)[2]
        it = min(q, key=lambda x: (x.key, x.seq))
        q.remove(it)
        return it

    def waiting_items(self, cls):
        q = self.waiting[cls]
        return (e[2] for e in q) if self.heap else q

    def stage(self, it):
        """A stage's life: queued, started, hours and elapsed minimum, then
        completed at the end of that working day. Returns the completion day."""
        self.enqueue(it)
        yield it.started
        yield self.env.all_of([it.hours_done, self.end_of_wd(it.start_wd + it.min_days - 1)])
        d = self.day()
        if self.env.now < d + EOD:
            yield self.wait_until(d + EOD)
        self.in_progress[it.cls].remove(it)
        return d

    # ------------------------------------------------------------ arrivals

    def meldingen(self):
        r = self.rng["arrivals"]
        while True:
            lam = self.cal.melding_rate(self.p, min(self.day(), self.cal.n - 1))
            yield self.env.timeout(r.expovariate(lam))
            if self.env.now >= self.cal.n:
                return
            self.seq += 1
            self.env.process(self.melding(self.seq, r))

    def melding(self, seq, r):
        p, cal, H, M = self.p, self.cal, self.hours, self.mins
        d = self.day()
        if r.random() < p.crisis_share:
            self.oncall += H["crisis"](r) * self.k
            return
        if r.random() < p.returned_share:
            self.oncall += H["returned"](r) * self.k
            return
        urgent = r.random() < p.urgent_share
        route_u, mon_u = r.random(), r.random()
        hours = {k: H[k](r) for k in ("triage", "vv", "onderzoek", "monitoring")}
        mins = {k: M[k](r) for k in ("triage", "vv", "onderzoek", "monitoring")}
        deadline_wd = cal.triage_deadline_wd(d)
        tri = Item(self.env, seq, TRIAGE, hours["triage"] * self.k, self.caps["triage"],
                   mins["triage"], (0 if urgent else 1, d))
        done = yield from self.stage(tri)
        if done >= self.report_first:
            self.triage_n += 1
            self.triage_met += cal.cum[done] - 1 <= deadline_wd
        route = next(name for acc, name in p.route_cum if route_u < acc)
        if route not in ("vv", "onderzoek"):
            return
        svc = Item(self.env, seq, SERVICE, hours[route] * self.k, self.caps[route],
                   mins[route], (done,))
        closed = yield from self.stage(svc)
        if closed >= self.report_first:
            self.service_n += 1
            self.service_met += closed <= done + p.service_term
        if mon_u < p.mon_after[route]:
            n = len(p.mon_offsets)
            for off in p.mon_offsets:
                self.env.process(self.contact(seq, closed + off, hours["monitoring"] * self.k / n,
                                              mins["monitoring"]))

    def contact(self, seq, due, hours, min_days):
        cal = self.cal
        if due >= cal.n or cal.cum[due] - (1 if cal.working[due] else 0) >= len(cal.wd_day):
            return
        # Released on the due day, or the next working day.
        rel = due if cal.working[due] else cal.wd_day[cal.cum[due]]
        yield self.wait_until(rel)
        it = Item(self.env, seq, MONITORING, hours, self.caps["monitoring"], min_days, (due,))
        yield from self.stage(it)

    def adviezen(self):
        r = self.rng["adviezen"]
        for d in range(self.cal.n):
            if self.cal.working[d]:
                yield self.wait_until(d + 0.5)
                for _ in range(common.poisson(r, self.cal.advies_rate(self.p, d))):
                    self.seq += 1
                    it = Item(self.env, self.seq, ADVICE, self.hours["advice"](r) * self.k,
                              math.inf, self.mins["advice"](r), (d,))
                    self.env.process(self.stage(it))

    # ----------------------------------------------------------- workforce

    def hire(self, m):
        self.members.append(m)
        self.env.process(self.sickness(m))
        self.env.process(self.resignation(m))

    def sickness(self, m):
        ar = self.rng["absence"]
        rate = self.absence.hazard / 365.0
        if m.sick_until >= 0:
            yield self.wait_until(m.sick_until + 1)
        while not m.gone:
            yield self.env.timeout(ar.expovariate(rate))
            if m.gone:
                return
            # The spell starts on the day the onset falls in (sick from that
            # day's dispatch on, like the day loop's onset draw).
            onset = self.day()
            m.sick_until = onset + self.absence.spell(ar) - 1
            yield self.wait_until(m.sick_until + 1)

    def resignation(self, m):
        tr = self.rng["turnover"]
        yield self.env.timeout(tr.expovariate(self.p.turnover / 365.0))
        m.on_notice = True
        committed = sum(x.fte for x in self.members if not x.on_notice) + self.vacancy_fte
        fte = min(m.fte, self.p.fte - committed)
        if fte > 0.01:
            self.env.process(self.vacancy(fte, self.lead(tr)))
        yield self.env.timeout(self.p.notice)
        m.gone = True
        self.members.remove(m)

    def vacancy(self, fte, lead):
        self.vacancy_fte += fte
        yield self.env.timeout(lead)
        self.vacancy_fte -= fte
        m = Member(fte, self.day())
        m.sick_until = self.day() - 1  # new hires start healthy
        self.hire(m)

    def capacity(self, d):
        p = self.p
        f = p.hours_per_fte_day * (1.0 - p.indirect) * (1.0 - p.leave[self.cal.month[d] - 1])
        hours = mentor = 0.0
        for m in self.members:
            if m.sick_until >= d:
                continue
            tenure = d - m.hired
            if tenure < p.onboard_days:
                hours += m.fte * f * (p.p0 + (1.0 - p.p0) * max(tenure, 0) / p.onboard_days)
                mentor += p.mentor_per_day
            else:
                hours += m.fte * f
        return hours - min(mentor, hours)

    # ---------------------------------------------------------- dispatcher

    def give(self, it, wd, budget):
        x = min(it.room(wd), budget, self.staff.level)
        if x <= EPS:
            return 0.0
        yield self.staff.get(x)
        if it.given_wd != wd:
            it.given_wd, it.given_today = wd, 0.0
        it.given_today += x
        it.done += x
        if it.done >= it.required - EPS and not it.hours_done.triggered:
            it.hours_done.succeed()
        return x

    def serve(self, cls, wd, budget):
        left = budget
        for it in list(self.in_progress[cls]):
            if left <= EPS:
                break
            left -= yield from self.give(it, wd, left)
        while left > EPS:
            it = self.pop_waiting(cls)
            if it is None:
                break
            left -= yield from self.give(it, wd, left)
            it.start_wd = wd
            ip = self.in_progress[cls]
            ip.append(it)
            ip.sort(key=lambda x: (x.start_wd, x.seq))
            it.started.succeed()
        return budget - left

    def outstanding(self, cls, wd):
        s = sum(it.required for it in self.waiting_items(cls))
        for it in self.in_progress[cls]:
            if it.room(wd) > EPS:
                s += it.required - it.done
        return s

    def dispatcher(self):
        cal = self.cal
        for d in range(cal.n):
            if not cal.working[d]:
                continue
            yield self.wait_until(d + DISPATCH)
            wd = cal.cum[d] - 1
            h = self.capacity(d)
            if h > 0:
                yield self.staff.put(h)
            # Crisis and returned-to-police hours first; an excess is overtime.
            take = min(self.oncall, self.staff.level)
            self.oncall = 0.0
            if take > EPS:
                yield self.staff.get(take)
            yield from self.serve(ADVICE, wd, self.staff.level)
            base = self.staff.level
            rest = (TRIAGE, SERVICE, MONITORING)
            out = [self.outstanding(c, wd) for c in rest]
            total = sum(out)
            if total > EPS:
                for c, o in zip(rest, out):
                    yield from self.serve(c, wd, min(base * o / total, self.staff.level))
            for c in rest:
                yield from self.serve(c, wd, self.staff.level)
            # Unused hours do not keep: drain the container before the day's end.
            if self.staff.level > 0:
                yield self.staff.get(self.staff.level)

    def backlog(self):
        return len(self.waiting[TRIAGE]) + len(self.waiting[SERVICE])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=float, default=2.0,
                    help="simulated years ending 31 Dec of the reporting year (default 2)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--heap", action="store_true", help="heap-ordered waiting queues")
    ap.add_argument("--scenario", default=str(common.EMBEDDED))
    ap.add_argument("--norm-share", type=float,
                    help="override effort.norm_share (1.0 overloads the embedded scenario)")
    a = ap.parse_args()
    p = common.Params(a.scenario)
    if a.norm_share is not None:
        p.norm_share = a.norm_share
    cal, report_first = common.horizon(p, a.years)
    t0, c0 = time.perf_counter(), time.process_time()
    backlogs, tri, srv = [], [], []
    for rep in range(a.runs):
        env = simpy.Environment()
        m = Model(env, p, cal, report_first, common.streams(a.seed, rep), a.heap)
        env.run(until=cal.n)
        backlogs.append(m.backlog())
        if m.triage_n:
            tri.append(m.triage_met / m.triage_n)
        if m.service_n:
            srv.append(m.service_met / m.service_n)
    label = f"simpy_model.py{' --heap' if a.heap else ''} ({p.name})"
    common.report(label, backlogs, tri, srv, a.runs, a.years,
                  time.perf_counter() - t0, time.process_time() - c0)


if __name__ == "__main__":
    main()
