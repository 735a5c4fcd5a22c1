//! Daily allocation of capacity over the work classes (MODEL §7).

use super::state::{ADVICE, EPS, SERVICE, State, TRIAGE};
use crate::calendar::Day;
use crate::scenario::{PolicyKind, WorkClass};

impl State<'_> {
    /// Spends `hours` of working day `wd` (crisis hours already taken):
    /// escalation first (if on), then the policy's passes.
    pub(crate) fn allocate(&mut self, wd: i64, hours: f64) {
        let mut left = hours;
        let mut escalated = [0.0; 4];
        let policy = self.policy();
        if let Some(n) = policy.urgent_first_days {
            let used;
            (used, escalated) = self.escalate(wd, n, left);
            left -= used;
        }
        let order = &policy.order;
        match policy.kind {
            PolicyKind::Strict => {
                for &c in order {
                    left -= self.serve(c.index(), wd, left);
                }
            }
            PolicyKind::Shares => {
                // Shares of H′; what escalation gave a class counts against
                // its share (MODEL §14).
                let shares = &policy.shares;
                for &c in order {
                    let budget = (shares.of(c) * hours - escalated[c.index()])
                        .max(0.0)
                        .min(left);
                    left -= self.serve(c.index(), wd, budget);
                }
                for &c in order {
                    left -= self.serve(c.index(), wd, left);
                }
            }
            PolicyKind::Proportional => {
                left -= self.serve(ADVICE, wd, left);
                let base = left;
                // The classes other than advice, in order (at most three).
                let mut rest = [WorkClass::Advice; 4];
                let mut n = 0;
                for &c in order
                    .iter()
                    .filter(|c| **c != WorkClass::Advice)
                    .take(rest.len())
                {
                    rest[n] = c;
                    n += 1;
                }
                let rest = &rest[..n];
                let mut outstanding = [0.0; 4];
                for (o, c) in outstanding.iter_mut().zip(rest) {
                    *o = self.outstanding(c.index(), wd);
                }
                let outstanding = &outstanding[..n];
                let total: f64 = outstanding.iter().sum();
                if total > EPS {
                    for (c, o) in rest.iter().zip(outstanding) {
                        let budget = (base * o / total).min(left);
                        left -= self.serve(c.index(), wd, budget);
                    }
                }
                for c in rest {
                    left -= self.serve(c.index(), wd, left);
                }
            }
        }
    }

    /// Remaining hours of the items of a class that can still take hours
    /// today: in progress and not at their daily cap, plus every waiting item.
    pub(crate) fn outstanding(&self, class: usize, wd: i64) -> f64 {
        let q = &self.queues[class];
        let in_progress: f64 = q
            .in_progress
            .iter()
            .map(|&id| &self.items[id as usize])
            .filter(|it| it.room(wd) > EPS)
            .map(|it| it.required - it.done)
            .sum();
        in_progress + q.waiting_hours.max(0.0)
    }

    /// Gives item `id` up to `budget` hours today, within its cap and need.
    fn give(&mut self, id: u32, wd: i64, budget: f64) -> f64 {
        let it = &mut self.items[id as usize];
        let x = it.room(wd).min(budget);
        if x <= EPS {
            return 0.0;
        }
        if it.given_wd != wd {
            it.given_wd = wd;
            it.given_today = 0.0;
        }
        it.given_today += x;
        it.done += x;
        x
    }

    /// Takes the next waiting item of a class, in its order of service.
    fn next_waiting(&mut self, class: usize) -> Option<u32> {
        let newest = class == TRIAGE && self.newest_first();
        let q = &mut self.queues[class];
        let id = if newest {
            q.urgent.pop_back().or_else(|| q.waiting.pop_back())
        } else {
            q.urgent.pop_front().or_else(|| q.waiting.pop_front())
        }?;
        let required = self.items[id as usize].required;
        q.waiting_hours -= required;
        if q.waiting.is_empty() && q.urgent.is_empty() {
            q.waiting_hours = 0.0;
        }
        Some(id)
    }

    /// Spends up to `budget` on one class: items in progress first, in the
    /// order they started, then new items in the class's order. Returns the
    /// hours used.
    pub(crate) fn serve(&mut self, class: usize, wd: i64, budget: f64) -> f64 {
        let mut left = budget;
        if left <= EPS {
            return 0.0;
        }
        let n = self.queues[class].in_progress.len();
        for i in 0..n {
            if left <= EPS {
                break;
            }
            let id = self.queues[class].in_progress[i];
            left -= self.give(id, wd, left);
        }
        while left > EPS {
            let Some(id) = self.next_waiting(class) else {
                break;
            };
            let got = self.give(id, wd, left);
            left -= got;
            self.start(class, id, wd);
        }
        let used = budget - left;
        self.used[class] += used;
        used
    }

    /// Escalation near breach (MODEL §7, §14): triage and service items whose
    /// latest start lies within `[today, today + n]` working days are served
    /// first, earliest deadline first. Returns the hours used, in all and
    /// per class (they count against a share only with explicit shares).
    fn escalate(&mut self, wd: i64, n: u32, budget: f64) -> (f64, [f64; 4]) {
        let cal = &self.m.plan.calendar;
        let mut candidates: Vec<(Day, u32, u32, usize)> = Vec::new();
        for class in [TRIAGE, SERVICE] {
            let q = &self.queues[class];
            for &id in q
                .in_progress
                .iter()
                .chain(q.urgent.iter())
                .chain(q.waiting.iter())
            {
                let it = &self.items[id as usize];
                let remaining = it.required - it.done;
                if remaining <= EPS || it.room(wd) <= EPS {
                    continue;
                }
                let elapsed = if it.start_wd >= 0 {
                    wd - it.start_wd
                } else {
                    0
                };
                let min_left = (i64::from(it.min_days) - elapsed).max(0);
                let by_hours = (remaining / it.cap - 1e-9).ceil().max(0.0) as i64;
                let need = min_left.max(by_hours).max(1);
                let deadline_wd =
                    cal.working_index_on_or_before(it.deadline.min(cal.len() as Day - 1));
                let latest_start = deadline_wd - need + 1;
                if latest_start >= wd && latest_start <= wd + i64::from(n) {
                    candidates.push((it.deadline, it.seq, id, class));
                }
            }
        }
        candidates.sort_unstable();
        let mut left = budget;
        let mut given = [0.0; 4];
        for (_, _, id, class) in candidates {
            if left <= EPS {
                break;
            }
            let started = self.items[id as usize].start_wd >= 0;
            let got = self.give(id, wd, left);
            left -= got;
            given[class] += got;
            self.used[class] += got;
            if !started && got > 0.0 {
                self.take_out_of_waiting(class, id);
                self.start(class, id, wd);
            }
        }
        (budget - left, given)
    }

    /// An item receives its first hours on working day `wd`: it joins the
    /// items in progress, which stay ordered by start day, then arrival
    /// sequence number (MODEL §7 step 4), whatever order they were served in.
    fn start(&mut self, class: usize, id: u32, wd: i64) {
        self.mark_started(id, wd);
        let key = |it: &super::state::Item| (it.start_wd, it.seq);
        let k = key(&self.items[id as usize]);
        let items = &self.items;
        let q = &mut self.queues[class].in_progress;
        // Items usually start in order: most join at the end.
        if q.last().is_none_or(|&x| key(&items[x as usize]) <= k) {
            q.push(id);
        } else {
            let pos = q.partition_point(|&x| key(&items[x as usize]) <= k);
            q.insert(pos, id);
        }
    }

    fn take_out_of_waiting(&mut self, class: usize, id: u32) {
        let required = self.items[id as usize].required;
        let q = &mut self.queues[class];
        if let Some(pos) = q.urgent.iter().position(|&x| x == id) {
            q.urgent.remove(pos);
        } else if let Some(pos) = q.waiting.iter().position(|&x| x == id) {
            q.waiting.remove(pos);
        }
        q.waiting_hours -= required;
        if q.waiting.is_empty() && q.urgent.is_empty() {
            q.waiting_hours = 0.0;
        }
    }
}
