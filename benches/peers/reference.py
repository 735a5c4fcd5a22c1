#!/usr/bin/env python3
"""Plain-Python reference: the day loop of MODEL.md, standard library only.

This is the "plain-Python reference" of the performance issue (issue 14): the
model as a careful analyst writes it in Python without numpy, one calendar
day at a time, so that vtsim's speed can be compared with a program that does
the same work per day. It is not vtsim's twin: it uses Python's Mersenne
Twister instead of vtsim's ChaCha streams, so its numbers agree with vtsim's
only in distribution, roughly, never run by run.

What it implements (MODEL §2–§7, §9, §10):
- calendar days, working days (Monday–Friday less the default holidays of §2);
- daily Poisson meldingen (every day) and adviezen (working days), each
  stream from its own generator;
- per melding, drawn at arrival: crisis, returned to police, urgent, route
  uniform, monitoring uniform, hours and min_days of every stage it may need;
- crisis and returned-to-police hours charged first on the next working day;
- triage queue (urgent ahead of regular, oldest first), the 5-working-day term;
  the route decided at triage completion; V&V/Onderzoek queue by triage
  completion day, the 70-day term; monitoring contacts at 90/180/365 days
  (released on the next working day), monitoring hours split over them;
- per-item daily cap, min_days counted from the start day, completion at the
  end of the day, routing on from the next day;
- the effort factor (effort.norm_share) on every touch time;
- a workforce of individual members: daily sickness onsets with the spell
  mixture of §6 and the stationary start of §14; daily resignation draws,
  notice period, a vacancy with a lognormal lead time, new hires healthy with
  the onboarding ramp and mentor hours; productive hours per member per day
  with indirect time and monthly leave;
- the default `proportional` policy: advice first, then triage, service and
  monitoring share what is left in proportion to their outstanding work, and
  a second pass in order.

What it simplifies or leaves out:
- one set of parameters for the whole run: the reporting year's volumes and
  FTE (2025 for the embedded scenario). vtsim's warm-up also runs on the
  start year's parameters, so with vtsim's horizon set to end in that year
  (the harness does) the two run the same inputs. Budget changes, growth,
  measures, seasonality and weekday weights are not implemented (the embedded
  scenario has uniform seasons and weekdays, and its budget change is in 2026);
- no initial state (the embedded scenario has none): the run starts empty
  and the first year serves as warm-up; run --years 2 to match vtsim's
  365-day warm-up;
- no escalation, `strict` or `shares` policies, pressure feedback or
  temporary staff (the embedded scenario uses none of them);
- outputs: only the end backlog and term shares by completion over the
  reporting year, no daily series or percentiles beyond the median.

Usage: reference.py --years Y --runs N --seed S
"""

import argparse
import bisect
import heapq
import math
import sys
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

EPS = 1e-9
ADVICE, TRIAGE, SERVICE, MONITORING = range(4)


class Item:
    """One piece of queued work: an advies, a triage, a service or a
    monitoring contact."""

    __slots__ = ("seq", "cls", "required", "done", "cap", "min_days", "start_wd",
                 "given_wd", "given_today", "case", "due")

    def __init__(self, seq, cls, required, cap, min_days, case=None, due=0):
        self.seq = seq
        self.cls = cls
        self.required = required
        self.done = 0.0
        self.cap = cap
        self.min_days = min_days
        self.start_wd = -1
        self.given_wd = -1
        self.given_today = 0.0
        self.case = case
        self.due = due

    def room(self, wd):
        given = self.given_today if self.given_wd == wd else 0.0
        return min(self.cap - given, self.required - self.done)


class Case:
    """A melding that needs triage, with everything drawn at arrival."""

    __slots__ = ("seq", "day", "urgent", "route_u", "mon_u", "hours", "mins",
                 "deadline_wd", "triage_day", "route")


class Replication:
    def __init__(self, p, cal, report_first, rng):
        self.p, self.cal, self.report_first = p, cal, report_first
        self.rng = rng
        st = p.stage
        self.hours = {k: common.sampler(st[k]["hours"]) for k in st}
        self.mins = {k: common.min_days_sampler(st[k]["min_days"]) for k in st}
        self.cap = {k: st[k]["max_hours_per_day"] for k in st}
        self.k = p.norm_share
        self.absence = common.Absence(p)
        self.lead = common.recruitment_sampler(p)
        self.p_resign = 1.0 - math.exp(-p.turnover / 365.0)
        self.seq = 0
        # Waiting items per class; triage has urgent and regular queues.
        self.urgent = deque()
        self.waiting = [deque(), deque(), deque(), deque()]
        self.waiting_hours = [0.0] * 4
        self.in_progress = [[], [], [], []]
        self.in_progress_keys = [[], [], [], []]
        # Items whose hours are done, waiting out their min_days: (wd, seq, item).
        self.elapsing = []
        self.contacts = {}  # release day -> [items]
        self.oncall_pending = 0.0
        self.triage_met = self.triage_n = 0
        self.service_met = self.service_n = 0
        # Workforce: [fte, hired, sick_until, leaves_on]; vacancies [fte, fills_on].
        n = round(p.fte / p.contract)
        arng = rng["absence"]
        self.members = []
        for _ in range(n):
            sick_until = -1
            if arng.random() < p.absence_rate:
                sick_until = self.absence.residual(arng) - 1
            self.members.append([p.fte / n, -10**6, sick_until, None])
        self.vacancies = []
        self.budget = p.fte

    # ------------------------------------------------------------ arrivals

    def next_seq(self):
        self.seq += 1
        return self.seq

    def enqueue(self, item, urgent=False):
        if urgent:
            self.urgent.append(item)
        else:
            self.waiting[item.cls].append(item)
        self.waiting_hours[item.cls] += item.required

    def arrivals(self, d, wd_today):
        p, cal = self.p, self.cal
        r = self.rng["arrivals"]
        H, M = self.hours, self.mins
        for _ in range(common.poisson(r, cal.melding_rate(p, d))):
            seq = self.next_seq()
            if r.random() < p.crisis_share:
                self.oncall_pending += H["crisis"](r) * self.k
                continue
            if r.random() < p.returned_share:
                self.oncall_pending += H["returned"](r) * self.k
                continue
            c = Case()
            c.seq, c.day = seq, d
            c.urgent = r.random() < p.urgent_share
            c.route_u = r.random()
            c.mon_u = r.random()
            c.hours = {k: H[k](r) for k in ("triage", "vv", "onderzoek", "monitoring")}
            c.mins = {k: M[k](r) for k in ("triage", "vv", "onderzoek", "monitoring")}
            c.deadline_wd = cal.triage_deadline_wd(d)
            it = Item(seq, TRIAGE, c.hours["triage"] * self.k, self.cap["triage"],
                      c.mins["triage"], c)
            self.enqueue(it, c.urgent)
        ra = self.rng["adviezen"]
        for _ in range(common.poisson(ra, cal.advies_rate(p, d))):
            it = Item(self.next_seq(), ADVICE, H["advice"](ra) * self.k, math.inf,
                      M["advice"](ra))
            self.enqueue(it)
        for it in self.contacts.pop(d, ()):
            self.enqueue(it)

    # ----------------------------------------------------------- workforce

    def committed(self):
        return (sum(m[0] for m in self.members if m[3] is None)
                + sum(v[0] for v in self.vacancies))

    def workforce(self, d):
        p = self.p
        self.members = [m for m in self.members if m[3] is None or m[3] > d]
        keep = []
        for v in self.vacancies:
            if v[1] <= d:
                self.members.append([v[0], d, d - 1, None])  # new hires start healthy
            else:
                keep.append(v)
        self.vacancies = keep
        tr = self.rng["turnover"]
        for m in self.members:
            if m[3] is None and tr.random() < self.p_resign:
                m[3] = d + p.notice
                fte = min(m[0], self.budget - self.committed())
                if fte > 0.01:
                    self.vacancies.append([fte, d + self.lead(tr)])
        ar = self.rng["absence"]
        po = self.absence.p_onset
        for m in self.members:
            if m[2] < d and ar.random() < po:
                m[2] = d + self.absence.spell(ar) - 1

    def capacity(self, d):
        p = self.p
        f = p.hours_per_fte_day * (1.0 - p.indirect) * (1.0 - p.leave[self.cal.month[d] - 1])
        hours = mentor = 0.0
        for fte, hired, sick_until, _ in self.members:
            if sick_until >= d:
                continue
            tenure = d - hired
            if tenure < p.onboard_days:
                hours += fte * f * (p.p0 + (1.0 - p.p0) * max(tenure, 0) / p.onboard_days)
                mentor += p.mentor_per_day
            else:
                hours += fte * f
        return hours - min(mentor, hours)

    # ---------------------------------------------------------- allocation

    def outstanding(self, cls, wd):
        s = self.waiting_hours[cls]
        for it in self.in_progress[cls]:
            r = it.room(wd)
            if r > EPS:
                s += it.required - it.done
        return s

    def next_waiting(self, cls):
        if cls == TRIAGE and self.urgent:
            it = self.urgent.popleft()
        elif self.waiting[cls]:
            it = self.waiting[cls].popleft()
        else:
            return None
        self.waiting_hours[cls] -= it.required
        if not self.waiting[cls] and not (cls == TRIAGE and self.urgent):
            self.waiting_hours[cls] = 0.0
        return it

    @staticmethod
    def give(it, wd, budget):
        x = min(it.room(wd), budget)
        if x <= EPS:
            return 0.0
        if it.given_wd != wd:
            it.given_wd = wd
            it.given_today = 0.0
        it.given_today += x
        it.done += x
        return x

    def serve(self, cls, wd, budget):
        left = budget
        if left <= EPS:
            return 0.0
        for it in self.in_progress[cls]:
            if left <= EPS:
                break
            left -= self.give(it, wd, left)
        while left > EPS:
            it = self.next_waiting(cls)
            if it is None:
                break
            left -= self.give(it, wd, left)
            # In progress stays ordered by (start day, seq) (MODEL §7 step 4).
            it.start_wd = wd
            key = (wd, it.seq)
            keys = self.in_progress_keys[cls]
            i = bisect.bisect(keys, key)
            keys.insert(i, key)
            self.in_progress[cls].insert(i, it)
        return budget - left

    def allocate(self, wd, hours):
        left = hours - self.serve(ADVICE, wd, hours)
        base = left
        rest = (TRIAGE, SERVICE, MONITORING)
        out = [self.outstanding(c, wd) for c in rest]
        total = sum(out)
        if total > EPS:
            for c, o in zip(rest, out):
                left -= self.serve(c, wd, min(base * o / total, left))
        for c in rest:
            left -= self.serve(c, wd, left)

    # --------------------------------------------------------- completions

    def end_of_day(self, d, wd):
        done = []
        for cls in range(4):
            ip, keys = self.in_progress[cls], self.in_progress_keys[cls]
            if not any(it.done >= it.required - EPS for it in ip):
                continue
            keep, keep_keys = [], []
            for it, k in zip(ip, keys):
                if it.done < it.required - EPS:
                    keep.append(it)
                    keep_keys.append(k)
                elif wd - it.start_wd + 1 >= it.min_days:
                    done.append(it)
                else:
                    heapq.heappush(self.elapsing, (it.start_wd + it.min_days - 1, it.seq, it))
            self.in_progress[cls], self.in_progress_keys[cls] = keep, keep_keys
        while self.elapsing and self.elapsing[0][0] <= wd:
            done.append(heapq.heappop(self.elapsing)[2])
        done.sort(key=lambda it: it.seq)
        for it in done:
            self.complete(it, d, wd)

    def complete(self, it, d, wd):
        p, cal = self.p, self.cal
        c = it.case
        if it.cls == TRIAGE:
            if d >= self.report_first:
                self.triage_n += 1
                self.triage_met += wd <= c.deadline_wd
            c.triage_day = d
            c.route = next(name for acc, name in p.route_cum if c.route_u < acc)
            if c.route in ("vv", "onderzoek"):
                s = Item(c.seq, SERVICE, c.hours[c.route] * self.k, self.cap[c.route],
                         c.mins[c.route], c)
                self.enqueue(s)
        elif it.cls == SERVICE:
            if d >= self.report_first:
                self.service_n += 1
                self.service_met += d <= c.triage_day + p.service_term
            if c.mon_u < p.mon_after[c.route]:
                n = len(p.mon_offsets)
                for off in p.mon_offsets:
                    due = d + off
                    if due >= cal.n:
                        continue
                    # Released on the due day, or the next working day.
                    rel = due if cal.working[due] else (
                        cal.wd_day[cal.cum[due]] if cal.cum[due] < len(cal.wd_day) else None)
                    if rel is None:
                        continue
                    m = Item(c.seq, MONITORING, c.hours["monitoring"] * self.k / n,
                             self.cap["monitoring"], c.mins["monitoring"], c, due)
                    self.contacts.setdefault(rel, []).append(m)

    # ------------------------------------------------------------ the loop

    def run(self):
        cal = self.cal
        for d in range(cal.n):
            self.workforce(d)
            wd = cal.cum[d] - 1
            self.arrivals(d, wd)
            if cal.working[d]:
                h = self.capacity(d)
                # Crisis and returned-to-police hours first; an excess is
                # overtime, never queued (MODEL §7 step 2).
                h = max(0.0, h - self.oncall_pending)
                self.oncall_pending = 0.0
                self.allocate(wd, h)
                self.end_of_day(d, wd)
        backlog = (len(self.urgent) + len(self.waiting[TRIAGE]) + len(self.waiting[SERVICE]))
        tri = self.triage_met / self.triage_n if self.triage_n else None
        srv = self.service_met / self.service_n if self.service_n else None
        return backlog, tri, srv


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=float, default=2.0,
                    help="simulated years ending 31 Dec of the reporting year (default 2: "
                         "one year of warm-up, like vtsim's embedded scenario)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
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
        b, t, s = Replication(p, cal, report_first, common.streams(a.seed, rep)).run()
        backlogs.append(b)
        if t is not None:
            tri.append(t)
        if s is not None:
            srv.append(s)
    common.report(f"reference.py ({p.name})", backlogs, tri, srv, a.runs, a.years,
                  time.perf_counter() - t0, time.process_time() - c0)


if __name__ == "__main__":
    main()
