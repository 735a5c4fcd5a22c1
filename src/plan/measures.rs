//! Measures (MODEL §8) compiled into the plan's schedules.
//!
//! Each measure acts on the days `[max(start, horizon start), end]` (both
//! inclusive; without `end`, to the end of the horizon), never during the
//! warm-up (MODEL §10, §14). Day k of a measure (k = 1 on its own start
//! date, also when that lies before the horizon) applies the fraction
//! min(1, k / ramp_days) of the change. Measures are applied in list
//! order, their effects in the order written, each over the schedule the
//! ones before it left:
//!
//! - factor effects (`inflow_scale`, `hours_scale`) multiply by
//!   1 + fraction × (factor − 1);
//! - set effects (`indirect`, `overtime`, `absence`, `turnover`,
//!   `recruitment`) move the value in force by the fraction towards theirs;
//! - `route_shift` moves the fraction × share of every other route to `to`;
//! - `budget` and `policy` are steps (no ramp) that revert the day after
//!   the end;
//! - `temporary_staff` adds fraction × FTE × productivity from `lead_days`
//!   after the start;
//! - `transfer_backlog` acts once, on the first day the measure acts.

use super::{AbsenceTargets, Plan, PolicyInForce, Schedule, StageKind, Steps};
use crate::calendar::{Day, serial_of};
use crate::sampling::Sampler;
use crate::scenario::{Effect, Measure, MeasureKind, RouteName, StageName, StreamName};

/// The cost of one measure, accrued per calendar day it is active.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureCost {
    /// The measure's name.
    pub name: String,
    /// Its kind.
    pub kind: MeasureKind,
    /// First day it acts.
    pub first: Day,
    /// Last day it acts.
    pub last: Day,
    /// Euros per calendar day: cost per year / 365.
    pub per_day: f64,
}

impl MeasureCost {
    /// The cost accrued over the days `first..=last`.
    pub fn over(&self, first: Day, last: Day) -> f64 {
        let days = (last.min(self.last) - first.max(self.first) + 1).max(0);
        self.per_day * f64::from(days)
    }
}

/// Where a measure acts: its day of k = 1 and its active days.
struct Window {
    /// The day of the measure's own start date (may lie before the calendar).
    own_start: Day,
    /// First day it acts.
    first: Day,
    /// Last day it acts.
    last: Day,
    ramp: u32,
}

impl Window {
    fn of(plan: &Plan, m: &Measure) -> Window {
        let cal0 = serial_of(plan.calendar.date(0));
        let day = |d: jiff::civil::Date| (serial_of(d) - cal0) as Day;
        let own_start = day(m.start);
        let last = m.end.map_or(plan.end, |e| day(e).min(plan.end));
        Window {
            own_start,
            first: own_start.max(plan.start),
            last,
            ramp: m.ramp_days,
        }
    }

    fn active(&self, d: Day) -> bool {
        d >= self.first && d <= self.last
    }

    /// The fraction of the change on day `d` (0 when not active).
    fn fraction(&self, d: Day) -> f64 {
        if !self.active(d) {
            0.0
        } else if self.ramp == 0 {
            1.0
        } else {
            (f64::from(d - self.own_start + 1) / f64::from(self.ramp)).clamp(0.0, 1.0)
        }
    }
}

/// `old` changed on the active days of `w` by `f(day, fraction, value)`.
fn layer(plan: &Plan, old: &Schedule, w: &Window, f: impl Fn(f64, f64) -> f64) -> Schedule {
    Schedule::from_days(plan.first, plan.end, |d| {
        let v = old.at(d);
        if w.active(d) { f(w.fraction(d), v) } else { v }
    })
}

/// `old` with `f` applied to every value in force on the days of `w`, as
/// steps: from the first day, on each step of `old` inside the window, and
/// back to `old` the day after the last. A step on the first simulated day
/// becomes the initial value.
fn overlay<T: Clone>(plan: &Plan, old: &Steps<T>, w: &Window, f: impl Fn(&T) -> T) -> Steps<T> {
    let norm = |d: Day| if d <= plan.first { Day::MIN } else { d };
    let on = norm(w.first);
    let mut out: Vec<(Day, T)> = Vec::new();
    out.extend(old.steps.iter().filter(|s| s.0 < on).cloned());
    out.push((on, f(old.at(w.first))));
    out.extend(
        old.steps
            .iter()
            .filter(|s| s.0 > w.first && s.0 <= w.last)
            .map(|(from, v)| (*from, f(v))),
    );
    if w.last < plan.end {
        out.push((w.last + 1, old.at(w.last + 1).clone()));
        out.extend(old.steps.iter().filter(|s| s.0 > w.last + 1).cloned());
    }
    Steps { steps: out }
}

/// `old` evaluated per day, changed on the active days of `w` by
/// `f(fraction, value)`, compressed back to steps.
fn steps_from_days<T: Clone>(
    plan: &Plan,
    old: &Steps<T>,
    w: &Window,
    f: impl Fn(f64, &T) -> T,
    same: impl Fn(&T, &T) -> bool,
) -> Steps<T> {
    let mut out: Vec<(Day, T)> = vec![(Day::MIN, old.steps[0].1.clone())];
    for d in plan.first..=plan.end {
        let v = old.at(d);
        let v = if w.active(d) {
            f(w.fraction(d), v)
        } else {
            v.clone()
        };
        if d == plan.first {
            out[0].1 = v;
        } else if !same(&out[out.len() - 1].1, &v) {
            out.push((d, v));
        }
    }
    Steps { steps: out }
}

/// The absence-target builder of the plan.
pub(crate) type TargetsFn<'a> = &'a dyn Fn(f64, f64) -> AbsenceTargets;

/// Applies the measures, in list order, to a plan compiled without them.
/// `targets` builds absence targets from (rate, spells per year);
/// `recruitment_cv` is the cv of the lead time.
pub(crate) fn apply(
    plan: &mut Plan,
    measures: &[Measure],
    targets: TargetsFn<'_>,
    recruitment_mean: f64,
    recruitment_cv: f64,
) {
    let mut recruitment = Schedule::constant(recruitment_mean);
    let mut recruitment_changed = false;
    for m in measures {
        let w = Window::of(plan, m);
        if w.first > w.last {
            continue;
        }
        plan.costs.push(MeasureCost {
            name: m.name.clone(),
            kind: m.kind,
            first: w.first,
            last: w.last,
            per_day: m.cost_per_year / 365.0,
        });
        for e in &m.effects {
            let towards = |target: f64| move |k: f64, v: f64| v + k * (target - v);
            match e {
                Effect::InflowScale { stream, factor } => {
                    let rates = match stream {
                        StreamName::Meldingen => &mut plan.meldingen,
                        StreamName::Adviezen => &mut plan.adviezen,
                    };
                    rates.scale(|d| 1.0 + w.fraction(d) * (factor - 1.0));
                }
                Effect::RouteShift { to, share } => {
                    let r = &plan.routes;
                    let (dt, vv, on) =
                        (r.direct_transfer.clone(), r.vv.clone(), r.onderzoek.clone());
                    let shifted = |route: RouteName| {
                        Schedule::from_days(plan.first, plan.end, |d| {
                            let p = [dt.at(d), vv.at(d), on.at(d)];
                            let s = w.fraction(d) * share;
                            let i = match route {
                                RouteName::DirectTransfer => 0,
                                RouteName::Vv => 1,
                                RouteName::Onderzoek => 2,
                                RouteName::NoAction => 3,
                            };
                            let no_action = (1.0 - p[0] - p[1] - p[2]).max(0.0);
                            let own = if i == 3 { no_action } else { p[i] };
                            let target = match to {
                                RouteName::DirectTransfer => 0,
                                RouteName::Vv => 1,
                                RouteName::Onderzoek => 2,
                                RouteName::NoAction => 3,
                            };
                            if i == target {
                                own + s * (1.0 - own)
                            } else {
                                (1.0 - s) * own
                            }
                        })
                    };
                    plan.routes.direct_transfer = shifted(RouteName::DirectTransfer);
                    plan.routes.vv = shifted(RouteName::Vv);
                    plan.routes.onderzoek = shifted(RouteName::Onderzoek);
                }
                Effect::HoursScale { stage, factor } => {
                    let k = match stage {
                        StageName::Advice => StageKind::Advice,
                        StageName::Triage => StageKind::Triage,
                        StageName::Vv => StageKind::Vv,
                        StageName::Onderzoek => StageKind::Onderzoek,
                        StageName::Monitoring => StageKind::Monitoring,
                        StageName::Crisis => StageKind::Crisis,
                        StageName::Returned => StageKind::Returned,
                    } as usize;
                    plan.hours_scale[k] = layer(plan, &plan.hours_scale[k], &w, |f, v| {
                        v * (1.0 + f * (factor - 1.0))
                    });
                }
                Effect::Indirect { value } => {
                    let s = layer(plan, &plan.workforce.indirect, &w, towards(*value));
                    plan.workforce.indirect = s;
                }
                Effect::Overtime { share } => {
                    let s = layer(plan, &plan.workforce.overtime, &w, towards(*share));
                    plan.workforce.overtime = s;
                }
                Effect::Turnover { rate } => {
                    let s = layer(plan, &plan.workforce.turnover, &w, towards(*rate));
                    plan.workforce.turnover = s;
                }
                Effect::Recruitment { mean_days } => {
                    recruitment = layer(plan, &recruitment, &w, towards(*mean_days));
                    recruitment_changed = true;
                }
                Effect::TemporaryStaff {
                    fte,
                    lead_days,
                    productivity,
                } => {
                    let begin = w.own_start + *lead_days as Day;
                    let add = fte * productivity;
                    let s = layer(plan, &plan.workforce.temporary, &w, |f, v| v + f * add);
                    let before = plan.workforce.temporary.clone();
                    // Before `lead_days` have passed the staff are not there yet.
                    plan.workforce.temporary = Schedule::from_days(plan.first, plan.end, |d| {
                        if d < begin { before.at(d) } else { s.at(d) }
                    });
                }
                Effect::Budget { fte } => {
                    let b = overlay(plan, &plan.workforce.budget, &w, |_| *fte);
                    plan.workforce.budget = b;
                }
                Effect::Absence {
                    rate,
                    spells_per_year,
                } => {
                    let s = steps_from_days(
                        plan,
                        &plan.workforce.absence,
                        &w,
                        |k, t| {
                            let f1 = spells_per_year.unwrap_or(t.spells_per_year);
                            // A rate of 0 is absence switched off: ramping
                            // from or to it, the frequency ramps from or to 0
                            // with the rate, so every target in the ramp has
                            // the same spell length as the end that has
                            // absence, and fits the spell mixture as it does.
                            let f0 = if t.rate == 0.0 {
                                0.0
                            } else {
                                t.spells_per_year
                            };
                            let to = if *rate == 0.0 { 0.0 } else { f1 };
                            let f = if k >= 1.0 { f1 } else { f0 + k * (to - f0) };
                            targets(t.rate + k * (rate - t.rate), f)
                        },
                        |a, b| a.rate == b.rate && a.spells_per_year == b.spells_per_year,
                    );
                    plan.workforce.absence = s;
                }
                Effect::Policy {
                    kind,
                    order,
                    shares,
                    triage_order,
                    urgent_first_days,
                } => {
                    let classes = order.as_ref().map(|o| {
                        o.iter()
                            .filter_map(|c| {
                                crate::scenario::WorkClass::ALL
                                    .into_iter()
                                    .find(|k| k.name() == c)
                            })
                            .collect::<Vec<_>>()
                    });
                    let p = overlay(plan, &plan.policy, &w, |old: &PolicyInForce| {
                        PolicyInForce {
                            kind: kind.unwrap_or(old.kind),
                            order: classes.clone().unwrap_or_else(|| old.order.clone()),
                            shares: shares.clone().unwrap_or_else(|| old.shares.clone()),
                            triage_order: triage_order.unwrap_or(old.triage_order),
                            urgent_first_days: urgent_first_days.or(old.urgent_first_days),
                        }
                    });
                    plan.policy = p;
                }
                Effect::TransferBacklog { count } => {
                    plan.transfers.push((w.first, *count));
                }
            }
        }
    }
    if recruitment_changed {
        let mut steps: Vec<(Day, Sampler)> = Vec::new();
        let mut last = f64::NAN;
        for d in plan.first..=plan.end {
            let v = recruitment.at(d);
            if v != last {
                let from = if d <= plan.first { Day::MIN } else { d };
                steps.push((from, Sampler::lognormal(v, recruitment_cv)));
                last = v;
            }
        }
        plan.workforce.recruitment = Steps { steps };
    }
    plan.transfers.sort_by_key(|t| t.0);
}
