//! Staff members, absence, turnover, recruitment, onboarding and the budget
//! (MODEL §6): the productive hours of each working day, person by person.
//!
//! Each member is an alternating renewal process of health and sickness, may
//! resign (and works a notice period), and is replaced through a vacancy that
//! is filled after a recruitment lead time when the budget (formatie) allows.
//! New hires ramp up from `p0` to full productivity and cost a mentor's hours.

use crate::calendar::Day;
use crate::plan::{AbsenceTargets, InitialStaff, WorkforcePlan};
use rand::RngExt;

/// FTE below this is treated as zero.
const FTE_EPS: f64 = 1e-9;

/// One generalist.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Contract FTE.
    pub fte: f64,
    /// Day of hire (first day of work).
    pub hired: Day,
    /// Last day of the current sickness spell; before today when healthy.
    pub sick_until: Day,
    /// Day the member leaves, once resigned.
    pub leaves_on: Option<Day>,
}

/// An open vacancy.
#[derive(Debug, Clone, PartialEq)]
pub struct Vacancy {
    /// FTE to hire.
    pub fte: f64,
    /// Day it opened.
    pub opened: Day,
    /// Day the new hire starts.
    pub fills_on: Day,
}

/// The workforce at the end of one day's events (MODEL §11), and the day's
/// events, for the daily series and the period KPIs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WorkforceDay {
    /// FTE employed (on notice included).
    pub employed_fte: f64,
    /// People employed.
    pub employed_persons: u32,
    /// FTE sick.
    pub sick_fte: f64,
    /// People sick.
    pub sick_persons: u32,
    /// FTE employed and not sick.
    pub present_fte: f64,
    /// FTE of members still onboarding.
    pub onboarding_fte: f64,
    /// FTE of members on notice.
    pub on_notice_fte: f64,
    /// FTE of open vacancies.
    pub vacancy_fte: f64,
    /// The budget (formatie).
    pub budget_fte: f64,
    /// Temporary staff at work (measures): FTE × productivity.
    pub temporary_fte: f64,
    /// Sickness spells that started today.
    pub spells_started: u32,
    /// Resignations today.
    pub resignations: u32,
    /// New hires today.
    pub hires: u32,
    /// Vacancies filled today.
    pub vacancies_filled: u32,
    /// Days those vacancies were open.
    pub vacancy_days_filled: u32,
}

/// The staff of one replication. Every parameter comes from the plan's
/// [`WorkforcePlan`], passed to each call, in force on the day.
#[derive(Debug, Clone)]
pub struct Workforce {
    members: Vec<Member>,
    vacancies: Vec<Vacancy>,
    budget: f64,
    today: WorkforceDay,
}

/// Capacity of one working day.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayCapacity {
    /// Productive hours available, mentor hours subtracted.
    pub hours: f64,
    /// Mentor hours spent.
    pub mentor_hours: f64,
}

/// The factors of one working day's productive hours that are the same for
/// every member: 1 − indirect, 1 − leave(month) and 1 + overtime.
struct DayFactors {
    not_indirect: f64,
    not_leave: f64,
    with_overtime: f64,
}

impl DayFactors {
    fn new(plan: &WorkforcePlan, d: Day, month: u8) -> DayFactors {
        DayFactors {
            not_indirect: 1.0 - plan.indirect.at(d),
            not_leave: 1.0 - plan.leave[usize::from(month - 1)],
            with_overtime: 1.0 + plan.overtime.at(d),
        }
    }
}

/// Whole days of a spell: the draw rounded, at least 1 (MODEL §14).
fn whole_days(x: f64) -> Day {
    if x.is_finite() {
        x.round().clamp(1.0, 36_500.0) as Day
    } else {
        1
    }
}

/// Probability of an event on one day for a yearly hazard.
fn daily_probability(hazard_per_year: f64) -> f64 {
    1.0 - (-hazard_per_year / 365.0).exp()
}

/// Length of the spell in progress at a random moment: component chosen
/// with weight share × mean, length lognormal(μ + σ², σ) of it.
fn residual_spell<R: rand::Rng + ?Sized>(
    plan: &WorkforcePlan,
    t: &AbsenceTargets,
    rng: &mut R,
) -> Day {
    let w = [
        plan.shares[0] * plan.means[0],
        plan.shares[1] * plan.means[1],
        plan.shares[2] * t.long_mean,
    ];
    let u: f64 = rng.random::<f64>() * (w[0] + w[1] + w[2]);
    let spell = if u < w[0] {
        plan.short
    } else if u < w[0] + w[1] {
        plan.medium
    } else {
        t.long
    };
    whole_days(spell.sample_length_biased(rng))
}

/// Length of a new spell: component by share, then its lognormal.
fn new_spell<R: rand::Rng + ?Sized>(plan: &WorkforcePlan, t: &AbsenceTargets, rng: &mut R) -> Day {
    let u: f64 = rng.random();
    let spell = if u < plan.shares[0] {
        plan.short
    } else if u < plan.shares[0] + plan.shares[1] {
        plan.medium
    } else {
        t.long
    };
    whole_days(spell.sample(rng))
}

impl Workforce {
    /// The initial staff on day `first` (MODEL §6, §14): explicit groups, or
    /// n = round(fte / contract_fte) people of fte / n each, fully onboarded;
    /// any gap to the budget is open vacancies. Each member is sick with
    /// probability `a`, in a spell drawn from the equilibrium residual.
    pub fn new<R: rand::Rng + ?Sized, T: rand::Rng + ?Sized>(
        plan: &WorkforcePlan,
        first: Day,
        absence_rng: &mut R,
        turnover_rng: &mut T,
    ) -> Workforce {
        let mut w = Workforce {
            members: Vec::new(),
            vacancies: Vec::new(),
            budget: plan.initial_budget(),
            today: WorkforceDay::default(),
        };
        let onboarded = first - plan.onboarding_days - 1;
        match &plan.staff {
            InitialStaff::Total(total) => {
                let total = *total;
                if total > FTE_EPS {
                    let n = ((total / plan.contract_fte).round() as usize).max(1);
                    w.members = vec![
                        Member {
                            fte: total / n as f64,
                            hired: onboarded,
                            sick_until: first - 1,
                            leaves_on: None,
                        };
                        n
                    ];
                }
            }
            InitialStaff::Groups(groups) => {
                for g in groups {
                    for _ in 0..g.count {
                        w.members.push(Member {
                            fte: g.fte,
                            hired: first - g.tenure_days.min(100_000) as Day,
                            sick_until: first - 1,
                            leaves_on: None,
                        });
                    }
                }
            }
        }
        // Stationary start: sick with probability a, in a length-biased spell
        // of which a uniform part 1..=n remains.
        let t = plan.absence.at(first);
        if t.rate > 0.0 {
            for i in 0..w.members.len() {
                let u: f64 = absence_rng.random();
                if u < t.rate {
                    let n = residual_spell(plan, t, absence_rng);
                    let k = absence_rng.random_range(1..=n);
                    w.members[i].sick_until = first + k - 1;
                }
            }
        }
        w.fill_budget(plan, first, turnover_rng);
        w.today = w.tally(plan, first);
        w
    }

    /// Employed FTE not on notice plus open vacancies.
    pub fn committed_fte(&self) -> f64 {
        self.members
            .iter()
            .filter(|m| m.leaves_on.is_none())
            .map(|m| m.fte)
            .sum::<f64>()
            + self.vacancies.iter().map(|v| v.fte).sum::<f64>()
    }

    fn open_vacancy<T: rand::Rng + ?Sized>(
        &mut self,
        plan: &WorkforcePlan,
        d: Day,
        fte: f64,
        rng: &mut T,
    ) {
        let lead = whole_days(plan.recruitment.at(d).sample(rng));
        self.vacancies.push(Vacancy {
            fte,
            opened: d,
            fills_on: d + lead,
        });
    }

    /// Opens vacancies of the typical contract size until committed FTE
    /// reaches the budget (the last one takes the remainder).
    fn fill_budget<T: rand::Rng + ?Sized>(&mut self, plan: &WorkforcePlan, d: Day, rng: &mut T) {
        let mut gap = self.budget - self.committed_fte();
        while gap > 0.01 {
            let fte = gap.min(plan.contract_fte);
            self.open_vacancy(plan, d, fte, rng);
            gap -= fte;
        }
    }

    /// A budget step: an increase opens vacancies; a decrease lays nobody
    /// off, it cancels the newest open vacancies while committed FTE exceeds it.
    fn set_budget<T: rand::Rng + ?Sized>(
        &mut self,
        plan: &WorkforcePlan,
        d: Day,
        budget: f64,
        rng: &mut T,
    ) {
        self.budget = budget;
        while self.committed_fte() > budget + FTE_EPS && !self.vacancies.is_empty() {
            self.vacancies.pop();
        }
        self.fill_budget(plan, d, rng);
    }

    /// The day's workforce events, at the start of calendar day `d`:
    /// departures, hires, budget steps, resignations (with their vacancies),
    /// then sickness spells. `pressure` drives the workload feedback.
    pub fn step<R: rand::Rng + ?Sized, T: rand::Rng + ?Sized>(
        &mut self,
        plan: &WorkforcePlan,
        d: Day,
        pressure: f64,
        absence_rng: &mut R,
        turnover_rng: &mut T,
    ) {
        let mut events = WorkforceDay::default();
        // Leavers whose notice has run out.
        self.members.retain(|m| m.leaves_on.is_none_or(|l| l > d));
        // Vacancies filled today: the new hire starts healthy.
        let mut i = 0;
        while i < self.vacancies.len() {
            if self.vacancies[i].fills_on <= d {
                let v = self.vacancies.remove(i);
                self.members.push(Member {
                    fte: v.fte,
                    hired: d,
                    sick_until: d - 1,
                    leaves_on: None,
                });
                events.hires += 1;
                events.vacancies_filled += 1;
                events.vacancy_days_filled += (d - v.opened) as u32;
            } else {
                i += 1;
            }
        }
        // A budget step taking effect today.
        if let Some(&b) = plan.budget.starting_on(d) {
            self.set_budget(plan, d, b, turnover_rng);
        }
        // Resignations: one draw per member not on notice.
        let p_resign = daily_probability(plan.turnover.at(d));
        for i in 0..self.members.len() {
            if self.members[i].leaves_on.is_some() {
                continue;
            }
            let u: f64 = turnover_rng.random();
            if u < p_resign {
                self.members[i].leaves_on = Some(d + plan.notice_days.max(0));
                events.resignations += 1;
                if plan.replace {
                    let room = self.budget - self.committed_fte();
                    let fte = self.members[i].fte.min(room);
                    if fte > 0.01 {
                        self.open_vacancy(plan, d, fte, turnover_rng);
                    }
                }
            }
        }
        // Sickness: one onset draw per healthy member.
        let t = plan.absence.at(d);
        let feedback = 1.0 + plan.feedback * (pressure - plan.feedback_threshold).max(0.0);
        let p_onset = daily_probability(t.hazard * feedback);
        for i in 0..self.members.len() {
            if self.members[i].sick_until >= d {
                continue;
            }
            let u: f64 = absence_rng.random();
            if u < p_onset {
                let n = new_spell(plan, t, absence_rng);
                self.members[i].sick_until = d + n - 1;
                events.spells_started += 1;
            }
        }
        let mut tally = self.tally(plan, d);
        tally.spells_started = events.spells_started;
        tally.resignations = events.resignations;
        tally.hires = events.hires;
        tally.vacancies_filled = events.vacancies_filled;
        tally.vacancy_days_filled = events.vacancy_days_filled;
        self.today = tally;
    }

    fn productivity(plan: &WorkforcePlan, m: &Member, d: Day) -> f64 {
        let tenure = d - m.hired;
        let days = plan.onboarding_days;
        if days <= 0 || tenure >= days {
            1.0
        } else {
            plan.p0 + (1.0 - plan.p0) * f64::from(tenure.max(0)) / f64::from(days)
        }
    }

    fn tally(&self, plan: &WorkforcePlan, d: Day) -> WorkforceDay {
        let mut t = WorkforceDay {
            budget_fte: self.budget,
            temporary_fte: plan.temporary.at(d),
            vacancy_fte: self.vacancies.iter().map(|v| v.fte).sum(),
            ..WorkforceDay::default()
        };
        for m in &self.members {
            t.employed_fte += m.fte;
            t.employed_persons += 1;
            if m.sick_until >= d {
                t.sick_fte += m.fte;
                t.sick_persons += 1;
            } else {
                t.present_fte += m.fte;
            }
            if d - m.hired < plan.onboarding_days {
                t.onboarding_fte += m.fte;
            }
            if m.leaves_on.is_some() {
                t.on_notice_fte += m.fte;
            }
        }
        t
    }

    /// The state and events of the last day stepped.
    pub fn today(&self) -> WorkforceDay {
        self.today
    }

    /// The members.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The open vacancies.
    pub fn vacancies(&self) -> &[Vacancy] {
        &self.vacancies
    }

    /// Productive hours one present member gives on working day `d` of
    /// `month` (1..=12): fte × 7.2 × productivity(tenure) × (1 − indirect) ×
    /// (1 − leave(month)) × (1 + overtime).
    pub fn member_hours(plan: &WorkforcePlan, m: &Member, d: Day, month: u8) -> f64 {
        Workforce::member_hours_with(plan, m, d, &DayFactors::new(plan, d, month))
    }

    /// [`Workforce::member_hours`] with the day's factors looked up once
    /// (the same products in the same order, so the same hours).
    fn member_hours_with(plan: &WorkforcePlan, m: &Member, d: Day, f: &DayFactors) -> f64 {
        m.fte
            * plan.hours_per_fte_day
            * Workforce::productivity(plan, m, d)
            * f.not_indirect
            * f.not_leave
            * f.with_overtime
    }

    /// Capacity of working day `d`: the hours of the present members, less
    /// `mentor_hours_per_week / 5` for each present member still onboarding,
    /// floored at zero.
    pub fn capacity(&self, plan: &WorkforcePlan, d: Day, month: u8) -> DayCapacity {
        let mut hours = 0.0;
        let mut mentor = 0.0;
        let factors = DayFactors::new(plan, d, month);
        for m in &self.members {
            if m.sick_until >= d {
                continue;
            }
            hours += Workforce::member_hours_with(plan, m, d, &factors);
            if d - m.hired < plan.onboarding_days {
                mentor += plan.mentor_per_day;
            }
        }
        // Temporary staff: leave and indirect time apply; no absence,
        // onboarding or overtime (MODEL §8, docs/model.md).
        let temporary = plan.temporary.at(d);
        if temporary > 0.0 {
            hours += temporary
                * plan.hours_per_fte_day
                * (1.0 - plan.indirect.at(d))
                * (1.0 - plan.leave[usize::from(month - 1)]);
        }
        let mentor_hours = mentor.min(hours);
        DayCapacity {
            hours: hours - mentor_hours,
            mentor_hours,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    /// Standard errors a statistic may deviate (two-sided tail 6.8e-6).
    const Z: f64 = 4.5;

    use crate::calendar::Calendar;
    use crate::plan::WorkforcePlan as Config;

    /// The workforce section of a scenario.
    fn section(sets: &[&str]) -> crate::scenario::Workforce {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let s = crate::scenario::load_str(
            "name='t'\nstart='2025-01-01'\nend='2025-12-31'\n[inflow.meldingen]\nvolume={2025=100}\n[workforce]\nfte=63.75\n",
            "t",
            &sets,
        )
        .unwrap();
        s.workforce
    }

    /// The workforce plan of a scenario on a long calendar from 2025-01-01.
    fn config(sets: &[&str]) -> (Config, Calendar, Day) {
        let cal = Calendar::new(
            jiff::civil::date(2024, 1, 1),
            jiff::civil::date(2046, 12, 31),
            &Default::default(),
        )
        .unwrap();
        let first = cal.day_of(jiff::civil::date(2025, 1, 1)).unwrap();
        (Config::new(&section(sets), &cal, first, first), cal, first)
    }

    fn rngs(seed: u64) -> (ChaCha8Rng, ChaCha8Rng) {
        (
            ChaCha8Rng::seed_from_u64(seed),
            ChaCha8Rng::seed_from_u64(seed ^ 0xABCD_EF01),
        )
    }

    fn build(
        cfg: &Config,
        cal: &Calendar,
        first: Day,
        seed: u64,
    ) -> (Workforce, ChaCha8Rng, ChaCha8Rng) {
        let (mut a, mut t) = rngs(seed);
        let _ = cal;
        let w = Workforce::new(cfg, first, &mut a, &mut t);
        (w, a, t)
    }

    fn mean_se(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
        (m, (var / n).sqrt())
    }

    #[test]
    fn initial_staff_from_total_fte_and_groups() {
        let (cfg, cal, first) = config(&["workforce.absence.rate=0"]);
        let (w, _, _) = build(&cfg, &cal, first, 1);
        // round(63.75 / 0.85) = 75 people of 0.85 FTE, fully onboarded.
        assert_eq!(w.members().len(), 75);
        assert!(w.members().iter().all(|m| (m.fte - 0.85).abs() < 1e-12));
        assert!(w.vacancies().is_empty());
        assert_eq!(w.today().onboarding_fte, 0.0);
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.groups=[{count=3, fte=1.0, tenure_days=10}, {count=2, fte=0.5}]",
            "workforce.budget=5.0",
        ]);
        let (w, _, _) = build(&cfg, &cal, first, 1);
        assert_eq!(w.members().len(), 5);
        assert!((w.today().onboarding_fte - 3.0).abs() < 1e-12);
        // Budget 5, staff 4: one vacancy of 0.85 and one of 0.15.
        let v: Vec<f64> = w.vacancies().iter().map(|v| v.fte).collect();
        assert_eq!(v.len(), 2);
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn productive_hours_ramp_and_mentor_hours() {
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.turnover.rate=0",
            "workforce.groups=[{count=1, fte=0.8, tenure_days=0}, {count=1, fte=1.0}]",
            "workforce.budget=1.8",
            "workforce.overtime=0.1",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 1);
        let march = first + 31 + 28 + 10; // 2025-03-12, a Wednesday
        assert!(cal.is_working(march));
        for d in first + 1..=march {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
        }
        let tenure = f64::from(march - first);
        let p = 0.3 + 0.7 * tenure / 182.0;
        let base = 7.2 * 0.87 * 0.94 * 1.1;
        let expect = 0.8 * base * p + 1.0 * base - 2.0 / 5.0;
        let c = w.capacity(&cfg, march, 3);
        assert!((c.hours - expect).abs() < 1e-9, "{} vs {expect}", c.hours);
        assert!((c.mentor_hours - 0.4).abs() < 1e-12);
        // After 182 days the ramp is complete and no mentor hours are spent.
        let later = cal.day_of(jiff::civil::date(2025, 9, 3)).unwrap();
        for d in march + 1..=later {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
        }
        let c = w.capacity(&cfg, later, 9);
        assert!((c.hours - 1.8 * base).abs() < 1e-9);
        assert_eq!(c.mentor_hours, 0.0);
    }

    #[test]
    fn long_spell_mean_is_solved_from_the_rate() {
        let cfg = section(&[]);
        let a = &cfg.absence;
        let l7 = a.long_mean(0.07, 1.2).unwrap();
        let l14 = a.long_mean(0.14, 1.2).unwrap();
        assert!((l7 - (0.07 * 365.0 / 1.2 - 2.1 - 4.0) / 0.1).abs() < 1e-9);
        assert!((l7 - 150.0).abs() < 3.0 && (l14 - 365.0).abs() < 2.0);
        // The mixture mean equals a × 365 / f.
        let mix = 0.7 * 3.0 + 0.2 * 20.0 + 0.1 * l7;
        assert!((mix - 0.07 * 365.0 / 1.2).abs() < 1e-9);
        assert_eq!(a.long_mean(0.0, 1.2), None);
    }

    #[test]
    fn absence_at_day_zero_matches_the_target() {
        // Each member is sick at the start with probability a: binomial.
        let (cfg, cal, first) = config(&[]);
        let (mut sick, mut n) = (0u32, 0u32);
        for seed in 0..2000 {
            let (w, _, _) = build(&cfg, &cal, first, seed);
            sick += w.today().sick_persons;
            n += w.today().employed_persons;
        }
        let share = f64::from(sick) / f64::from(n);
        let se = (0.07 * 0.93 / f64::from(n)).sqrt();
        assert!((share - 0.07).abs() < Z * se, "{share}");
    }

    /// Steps a workforce for `days` and returns (sick FTE-days / employed
    /// FTE-days, spells per person-year, resignations per person-year,
    /// sick share over the first 60 days).
    fn run(
        cfg: &Config,
        cal: &Calendar,
        first: Day,
        seed: u64,
        days: Day,
        pressure: f64,
    ) -> [f64; 4] {
        let (mut w, mut a, mut t) = build(cfg, cal, first, seed);
        let (mut sick, mut emp, mut persons, mut spells, mut resign) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let (mut early_sick, mut early_emp) = (0.0, 0.0);
        for d in first..first + days {
            if d > first {
                w.step(cfg, d, pressure, &mut a, &mut t);
            }
            let x = w.today();
            sick += x.sick_fte;
            emp += x.employed_fte;
            persons += f64::from(x.employed_persons);
            spells += f64::from(x.spells_started);
            resign += f64::from(x.resignations);
            if d < first + 60 {
                early_sick += x.sick_fte;
                early_emp += x.employed_fte;
            }
            // Committed FTE never exceeds the budget.
            assert!(w.committed_fte() <= w.budget + 1e-9);
        }
        let py = persons / 365.0;
        [sick / emp, spells / py, resign / py, early_sick / early_emp]
    }

    #[test]
    fn long_run_absence_and_spell_frequency_match_their_inputs() {
        // Turnover off: new hires start healthy and would pull absence down.
        let (cfg, cal, first) = config(&["workforce.turnover.rate=0"]);
        let runs: Vec<[f64; 4]> = (0..24)
            .map(|s| run(&cfg, &cal, first, s, 20 * 365, 0.0))
            .collect();
        let col = |i: usize| runs.iter().map(|r| r[i]).collect::<Vec<f64>>();
        let (share, se) = mean_se(&col(0));
        assert!((share - 0.07).abs() < Z * se, "absence {share} ± {se}");
        let (f, se) = mean_se(&col(1));
        assert!((f - 1.2).abs() < Z * se, "spells {f} ± {se}");
        // No start-up transient: the first 60 days are at the target too.
        let (early, se) = mean_se(&col(3));
        assert!((early - 0.07).abs() < Z * se, "early {early} ± {se}");
    }

    #[test]
    fn resignations_per_person_year_match_the_rate() {
        let (cfg, cal, first) = config(&["workforce.absence.rate=0"]);
        let runs: Vec<[f64; 4]> = (0..24)
            .map(|s| run(&cfg, &cal, first, s, 10 * 365, 0.0))
            .collect();
        let (r, se) = mean_se(&runs.iter().map(|x| x[2]).collect::<Vec<_>>());
        assert!((r - 0.12).abs() < Z * se, "resignations {r} ± {se}");
    }

    #[test]
    fn notice_period_then_leave_and_no_replacement_when_off() {
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.turnover.rate=3.0",
            "workforce.turnover.replace=false",
            "workforce.turnover.notice_days=30",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 3);
        let mut resigned_on: Vec<u32> = vec![0; 400];
        let mut employed = vec![w.today().employed_persons];
        for d in first + 1..first + 400 {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
            resigned_on[(d - first) as usize] = w.today().resignations;
            employed.push(w.today().employed_persons);
            assert_eq!(w.today().hires, 0);
            assert!(w.vacancies().is_empty());
        }
        // Employed on day k = 75 − resignations up to day k − 30.
        for k in 0..400usize {
            let left: u32 =
                resigned_on[..=k.saturating_sub(30)].iter().sum::<u32>() * u32::from(k >= 30);
            assert_eq!(employed[k], 75 - left, "day {k}");
        }
        assert!(resigned_on.iter().sum::<u32>() > 30);
    }

    #[test]
    fn leavers_are_replaced_through_vacancies_after_the_lead_time() {
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.turnover.rate=1.0",
            "workforce.recruitment={mean_days=60.0, cv=0.5}",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 4);
        let (mut hires, mut days, mut filled) = (0, 0, 0);
        for d in first + 1..first + 3 * 365 {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
            let x = w.today();
            hires += x.hires;
            days += x.vacancy_days_filled;
            filled += x.vacancies_filled;
            assert!(x.on_notice_fte + x.vacancy_fte > 0.0 || d < first + 30);
        }
        assert!(hires > 100);
        let mean_days = f64::from(days) / f64::from(filled);
        // Lognormal lead times, mean 60, cv 0.5: standard error 30 / sqrt(n).
        let se = 30.0 / f64::from(filled).sqrt();
        assert!((mean_days - 60.0).abs() < Z * se + 0.5, "{mean_days}");
    }

    #[test]
    fn new_hires_start_healthy() {
        // MODEL §6: half the staff is sick, in very long spells that start
        // rarely (0.05 a year). Had a hire started in the stationary state
        // like the initial staff, half the hires would be sick on their first
        // day; healthy hires fall sick on that day with probability ≈ 3e-4.
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0.5",
            "workforce.absence.spells_per_year=0.05",
            "workforce.turnover.rate=2.0",
            "workforce.turnover.notice_days=0",
            "workforce.recruitment.mean_days=10.0",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 9);
        let sick_at_start = w.members().iter().filter(|m| m.sick_until >= first).count();
        assert!(sick_at_start > w.members().len() / 4, "{sick_at_start}");
        let (mut hires, mut sick_hires) = (0, 0);
        for d in first + 1..first + 2 * 365 {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
            for m in w.members().iter().filter(|m| m.hired == d) {
                hires += 1;
                sick_hires += usize::from(m.sick_until >= d);
            }
        }
        assert!(hires > 150, "{hires}");
        // Expected sick hires ≈ hires × 3e-4; at most 2 allows for chance.
        assert!(
            sick_hires <= 2,
            "{sick_hires} of {hires} hires sick on day one"
        );
    }

    #[test]
    fn spell_lengths_are_whole_days_of_at_least_one() {
        // MODEL §14: round(draw), at least 1.
        assert_eq!(whole_days(0.2), 1);
        assert_eq!(whole_days(1.49), 1);
        assert_eq!(whole_days(1.5), 2);
        assert_eq!(whole_days(151.7), 152);
        assert_eq!(whole_days(f64::NAN), 1);
    }

    #[test]
    fn budget_steps_open_and_cancel_vacancies_but_lay_nobody_off() {
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.turnover.rate=0",
            "workforce.budget_changes=[{from=\"2025-02-01\", fte=70.0}, {from=\"2025-03-01\", fte=60.0}]",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 5);
        let feb = cal.day_of(jiff::civil::date(2025, 2, 1)).unwrap();
        let mar = cal.day_of(jiff::civil::date(2025, 3, 1)).unwrap();
        for d in first + 1..=feb {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
        }
        assert!((w.today().vacancy_fte - (70.0 - 63.75)).abs() < 1e-9);
        assert!(w.vacancies().iter().all(|v| v.fte <= 0.85 + 1e-12));
        for d in feb + 1..=mar {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
        }
        // Budget below the staff: every open vacancy cancelled, nobody laid off.
        assert!(w.vacancies().is_empty());
        assert!(w.today().employed_fte >= 63.75 - 1e-9);
        assert_eq!(w.today().budget_fte, 60.0);
    }

    #[test]
    fn leavers_are_not_replaced_while_above_budget() {
        let (cfg, cal, first) = config(&[
            "workforce.absence.rate=0",
            "workforce.turnover.rate=2.0",
            "workforce.budget=60.0",
        ]);
        let (mut w, mut a, mut t) = build(&cfg, &cal, first, 6);
        for d in first + 1..first + 365 {
            w.step(&cfg, d, 0.0, &mut a, &mut t);
            assert!(w.committed_fte() <= 63.75 + 1e-9);
            if w.today().employed_fte - w.today().on_notice_fte > 60.0 + 1e-9 {
                assert!(w.vacancies().is_empty());
            }
        }
    }

    #[test]
    fn workload_feedback_raises_absence_only_when_on() {
        let (off, cal, first) = config(&["workforce.turnover.rate=0"]);
        let (on, _, _) = config(&[
            "workforce.turnover.rate=0",
            "workforce.absence.feedback=2.0",
            "workforce.absence.feedback_threshold=0.2",
        ]);
        let a: Vec<f64> = (0..12)
            .map(|s| run(&off, &cal, first, s, 3 * 365, 0.9)[1])
            .collect();
        let b: Vec<f64> = (0..12)
            .map(|s| run(&on, &cal, first, s, 3 * 365, 0.9)[1])
            .collect();
        // Hazard × (1 + 2 × 0.7) = 2.4: many more spells.
        let (ma, _) = mean_se(&a);
        let (mb, _) = mean_se(&b);
        assert!(mb > 1.8 * ma, "{ma} {mb}");
        // Pressure below the threshold, or β = 0: exactly the same draws.
        assert_eq!(
            run(&on, &cal, first, 1, 365, 0.1),
            run(&off, &cal, first, 1, 365, 0.1)
        );
        assert_eq!(
            run(&off, &cal, first, 1, 365, 0.9),
            run(&off, &cal, first, 1, 365, 0.0)
        );
    }

    #[test]
    fn absence_changes_apply_to_spells_that_start_later() {
        let (cfg, cal, first) = config(&[
            "workforce.turnover.rate=0",
            "workforce.absence.changes=[{from=\"2026-01-01\", rate=0.14}]",
        ]);
        let runs: Vec<[f64; 4]> = (0..16)
            .map(|s| run(&cfg, &cal, first, s, 12 * 365, 0.0))
            .collect();
        // Mostly at 14% (the first year at 7%, then a transition).
        let (share, _) = mean_se(&runs.iter().map(|r| r[0]).collect::<Vec<_>>());
        assert!(share > 0.11 && share < 0.14, "{share}");
    }
}
