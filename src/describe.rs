//! Derived figures an analyst checks before running a scenario
//! (`vtsim describe`): productive hours per FTE, expected capacity against
//! expected demand, expected sick FTE and the solved long-spell mean.

use crate::calendar::Calendar;
use crate::error::Error;
use crate::plan::Plan;
use crate::scenario::Scenario;
use std::fmt::Write;

/// Productive hours per FTE per year of the FTE calculator (seed 003).
pub const CALCULATOR_HOURS_PER_FTE: f64 = 1350.0;

/// The derived figures of a scenario for one calendar year of its horizon,
/// with the budget, absence and turnover in force on the year's first day in
/// the horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Description {
    /// The year described.
    pub year: i16,
    /// The day whose budget, absence and turnover the figures use: 1 January,
    /// or `start` in the first year.
    pub as_of: jiff::civil::Date,
    /// Budget steps later in the same year: (date, new budget).
    pub budget_steps_in_year: Vec<(jiff::civil::Date, f64)>,
    /// Working days in that year.
    pub working_days: usize,
    /// Productive hours per fully onboarded FTE at the scenario's absence.
    pub hours_per_fte: f64,
    /// The same at zero absence.
    pub hours_per_fte_no_absence: f64,
    /// Absence rate at the start.
    pub absence_rate: f64,
    /// Budget (formatie) at the start, FTE.
    pub budget_fte: f64,
    /// Capacity hours per year at the budget, fully staffed and onboarded.
    pub capacity_full: f64,
    /// FTE-days lost per resignation: vacancy gap after the notice period,
    /// onboarding ramp and mentor time, in FTE-days of a fully productive member.
    pub fte_days_lost_per_resignation: f64,
    /// Capacity hours per year allowing for turnover losses in steady state.
    pub capacity_with_turnover: f64,
    /// Expected demand hours per year at the norm hours.
    pub demand_at_norms: f64,
    /// Expected demand hours per year with the effort factor applied.
    pub demand: f64,
    /// Demand / capacity with turnover.
    pub utilisation: f64,
    /// FTE the calculator (rekentool, regional norms) asks for, from the
    /// year's expected counts: the same figure as `vtsim rekentool`.
    pub calculator_fte: f64,
    /// Expected sick FTE at the budget.
    pub sick_fte: f64,
    /// Mean of the long spells solved from the absence rate, days.
    pub long_spell_mean_days: Option<f64>,
}

/// Standard normal distribution function (Abramowitz & Stegun 7.1.26,
/// absolute error below 1.5e-7).
fn phi(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-z * z).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// E[max(0, L − n)] for L lognormal with the given mean and cv.
fn lognormal_excess(mean: f64, cv: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return mean;
    }
    let (mu, s) = crate::sampling::lognormal_params(mean, cv);
    let s2 = s * s;
    let d1 = (mu + s2 - n.ln()) / s;
    mean * phi(d1) - n * phi(d1 - s)
}

/// Computes the derived figures of a validated scenario for the year of
/// its `start`.
pub fn describe(s: &Scenario) -> Result<Description, Error> {
    describe_year(s, s.start.year())
}

/// The derived figures for every calendar year of the horizon.
pub fn describe_horizon(s: &Scenario) -> Result<Vec<Description>, Error> {
    (s.start.year()..=s.end.year())
        .map(|y| describe_year(s, y))
        .collect()
}

/// Budget steps: the date each takes effect and its FTE.
type BudgetSteps = Vec<(jiff::civil::Date, f64)>;

/// The scenario with the values the plan has in force on `date` (budget,
/// absence, turnover, indirect time, overtime, shares, routes, effort), that
/// budget, and the budget steps of the plan after `date` through `until`.
fn in_force(
    s: &Scenario,
    date: jiff::civil::Date,
    until: jiff::civil::Date,
) -> Result<(Scenario, f64, BudgetSteps), Error> {
    let plan = Plan::new(s)?;
    let d = plan.clamp(date);
    let last = plan.clamp(until);
    let pw = &plan.workforce;
    let mut s = s.clone();
    let w = &mut s.workforce;
    let absence = pw.absence.at(d);
    w.absence.rate = absence.rate;
    w.absence.spells_per_year = absence.spells_per_year;
    w.turnover.rate = pw.turnover.at(d);
    w.indirect = pw.indirect.at(d);
    w.overtime = pw.overtime.at(d);
    let p = &mut s.pathway;
    p.crisis_share = plan.crisis_share.at(d);
    p.returned_share = plan.returned_share.at(d);
    p.routes.direct_transfer = plan.routes.direct_transfer.at(d);
    p.routes.vv = plan.routes.vv.at(d);
    p.routes.onderzoek = plan.routes.onderzoek.at(d);
    p.monitoring.after_vv = plan.monitoring_after_vv.at(d);
    p.monitoring.after_onderzoek = plan.monitoring_after_onderzoek.at(d);
    s.effort.norm_share = plan.norm_share.at(d);
    let steps = pw
        .budget
        .steps
        .iter()
        .filter(|(from, _)| *from > d && *from <= last)
        .map(|(from, fte)| (plan.calendar.date(*from), *fte))
        .collect();
    Ok((s, *pw.budget.at(d), steps))
}

/// The derived figures for calendar year `year`.
pub fn describe_year(s: &Scenario, year: i16) -> Result<Description, Error> {
    let as_of = jiff::civil::Date::new(year, 1, 1)
        .map_err(|e| Error::Internal {
            message: e.to_string(),
        })?
        .max(s.start);
    let year_end = jiff::civil::Date::new(year, 12, 31).map_err(|e| Error::Internal {
        message: e.to_string(),
    })?;
    let (scenario_then, budget, budget_steps_in_year) = in_force(s, as_of, year_end.min(s.end))?;
    let s = &scenario_then;
    let cal = Calendar::new(
        jiff::civil::Date::new(year, 1, 1).map_err(|e| Error::Internal {
            message: e.to_string(),
        })?,
        jiff::civil::Date::new(year, 12, 31).map_err(|e| Error::Internal {
            message: e.to_string(),
        })?,
        &s.holidays,
    )
    .map_err(|e| Error::Internal {
        message: e.to_string(),
    })?;
    let w = &s.workforce;
    let per_fte_no_absence: f64 = (0..cal.len() as i32)
        .filter(|d| cal.is_working(*d))
        .map(|d| {
            w.hours_per_fte_day
                * (1.0 - w.indirect)
                * (1.0 - w.leave[usize::from(cal.month(d) - 1)])
                * (1.0 + w.overtime)
        })
        .sum();
    let a = w.absence.rate;
    let hours_per_fte = per_fte_no_absence * (1.0 - a);
    let capacity_full = budget * hours_per_fte;

    // Steady-state turnover losses per resignation, in FTE-days: the vacancy
    // is open from the resignation; the gap is the lead time beyond the
    // notice period; the hire ramps from p0 linearly (losing (1 − p0)/2 of
    // the onboarding days) and costs mentor hours.
    let o = &w.onboarding;
    let gap = lognormal_excess(
        w.recruitment.mean_days,
        w.recruitment.cv,
        f64::from(w.turnover.notice_days),
    );
    let working_share = cal.working_days_in_year(year) as f64 / 365.0;
    let hours_per_fte_working_day = hours_per_fte / cal.working_days_in_year(year).max(1) as f64;
    let ramp = (1.0 - o.p0) / 2.0 * f64::from(o.days);
    let mentor_days = if hours_per_fte_working_day > 0.0 {
        o.mentor_hours_per_week / 5.0 * f64::from(o.days) * working_share * (1.0 - a)
            / (hours_per_fte_working_day * w.contract_fte)
    } else {
        0.0
    };
    let lost_days = if w.turnover.replace {
        gap + ramp + mentor_days
    } else {
        0.0
    };
    let lost_share = (w.turnover.rate * lost_days / 365.0).min(1.0);
    let capacity_with_turnover = capacity_full * (1.0 - lost_share);

    // Expected demand of the year's inflow.
    let p = &s.pathway;
    let st = &s.stages;
    let routed = 1.0 - p.crisis_share - p.returned_share;
    let mon = st.monitoring.hours.mean();
    let per_melding = p.crisis_share * st.crisis.hours.mean()
        + p.returned_share * st.returned.hours.mean()
        + routed
            * (st.triage.hours.mean()
                + p.routes.vv * (st.vv.hours.mean() + p.monitoring.after_vv * mon)
                + p.routes.onderzoek
                    * (st.onderzoek.hours.mean() + p.monitoring.after_onderzoek * mon));
    let demand_at_norms = s.inflow.meldingen.volume_of(year) * per_melding
        + s.inflow.adviezen.volume_of(year) * st.advice.hours.mean();
    let demand = demand_at_norms * s.effort.norm_share;
    Ok(Description {
        year,
        as_of,
        budget_steps_in_year,
        working_days: cal.working_days_in_year(year),
        hours_per_fte,
        hours_per_fte_no_absence: per_fte_no_absence,
        absence_rate: a,
        budget_fte: budget,
        capacity_full,
        fte_days_lost_per_resignation: lost_days,
        capacity_with_turnover,
        demand_at_norms,
        demand,
        utilisation: if capacity_with_turnover > 0.0 {
            demand / capacity_with_turnover
        } else {
            f64::INFINITY
        },
        calculator_fte: crate::rekentool::Volumes::of_scenario(s, year)
            .fte(&crate::rekentool::REGIONAL),
        sick_fte: a * budget,
        long_spell_mean_days: w.absence.long_mean(a, w.absence.spells_per_year),
    })
}

/// The descriptions as a text table: one column per year of the horizon.
pub fn to_text(s: &Scenario, ds: &[Description]) -> String {
    let mut o = String::new();
    let years: Vec<String> = ds.iter().map(|d| d.year.to_string()).collect();
    let _ = writeln!(
        o,
        "{} — derived figures for {}, with the budget, absence and turnover in force on each year's first day",
        s.name,
        years.join(", ")
    );
    let col = 10;
    let head = |o: &mut String| {
        let _ = write!(o, "{:<58}", "");
        for y in &years {
            let _ = write!(o, "{y:>col$}");
        }
        o.push('\n');
    };
    head(&mut o);
    let row = |o: &mut String, label: &str, f: &dyn Fn(&Description) -> String| {
        let _ = write!(o, "{label:<58}");
        for d in ds {
            let _ = write!(o, "{:>col$}", f(d));
        }
        o.push('\n');
    };
    row(&mut o, "working days", &|d| d.working_days.to_string());
    row(&mut o, "absence rate in force", &|d| {
        format!("{:.1}%", d.absence_rate * 100.0)
    });
    row(
        &mut o,
        "productive hours per FTE per year at that absence",
        &|d| format!("{:.0}", d.hours_per_fte),
    );
    row(&mut o, "  the FTE calculator's divisor (seed 003)", &|_| {
        format!("{CALCULATOR_HOURS_PER_FTE:.0}")
    });
    row(
        &mut o,
        "productive hours per FTE per year at 0% absence",
        &|d| format!("{:.0}", d.hours_per_fte_no_absence),
    );
    row(&mut o, "budget (formatie) in force, FTE", &|d| {
        format!("{:.2}", d.budget_fte)
    });
    row(
        &mut o,
        "capacity hours a year, fully staffed and onboarded",
        &|d| format!("{:.0}", d.capacity_full),
    );
    row(
        &mut o,
        "FTE-days lost per resignation (vacancy, ramp, mentor)",
        &|d| format!("{:.0}", d.fte_days_lost_per_resignation),
    );
    row(
        &mut o,
        "capacity hours a year allowing for turnover",
        &|d| format!("{:.0}", d.capacity_with_turnover),
    );
    row(&mut o, "demand hours a year at the norm hours", &|d| {
        format!("{:.0}", d.demand_at_norms)
    });
    row(
        &mut o,
        &format!(
            "demand hours a year at effort.norm_share = {}",
            s.effort.norm_share
        ),
        &|d| format!("{:.0}", d.demand),
    );
    row(
        &mut o,
        "utilisation (demand / capacity with turnover)",
        &|d| format!("{:.0}%", d.utilisation * 100.0),
    );
    row(
        &mut o,
        "FTE the calculator asks for (vtsim rekentool, regional)",
        &|d| format!("{:.2}", d.calculator_fte),
    );
    row(&mut o, "expected sick FTE", &|d| {
        format!("{:.2}", d.sick_fte)
    });
    row(
        &mut o,
        "mean length of long absence spells (solved), days",
        &|d| {
            d.long_spell_mean_days
                .map_or("–".into(), |l| format!("{l:.0}"))
        },
    );
    for d in ds {
        for (date, fte) in &d.budget_steps_in_year {
            let _ = writeln!(
                o,
                "budget step in {}: {fte:.2} FTE from {date} (the {} column uses the budget before it)",
                d.year, d.year
            );
        }
    }
    for u in &s.uncertain {
        let _ = writeln!(
            o,
            "uncertain input {}: {} {}…{}; these figures use its point value {} (the runs draw it)",
            u.path,
            u.distribution(),
            u.low,
            u.high,
            u.point()
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(sets: &[&str]) -> Scenario {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        crate::scenario::load_str(
            "name='d'\nstart='2023-01-01'\nend='2023-12-31'\n[inflow.meldingen]\nvolume={2023=4599}\n[inflow.adviezen]\nvolume={2023=3305}\n[workforce]\nfte=62.57\n",
            "d",
            &sets,
        )
        .unwrap()
    }

    #[test]
    fn defaults_give_the_calculators_1350_hours() {
        // MODEL §6: 1350 at 7% (2023), about 1372 at 5.5%, 1249 at 14%.
        let d = describe(&scenario(&[])).unwrap();
        assert_eq!(d.working_days, 253);
        assert!(
            (d.hours_per_fte - 1350.0).abs() < 5.0,
            "{}",
            d.hours_per_fte
        );
        let d55 = describe(&scenario(&["workforce.absence.rate=0.055"])).unwrap();
        assert!(
            (d55.hours_per_fte - 1372.0).abs() < 5.0,
            "{}",
            d55.hours_per_fte
        );
        let d14 = describe(&scenario(&["workforce.absence.rate=0.14"])).unwrap();
        assert!(
            (d14.hours_per_fte - 1249.0).abs() < 5.0,
            "{}",
            d14.hours_per_fte
        );
        assert!((d.long_spell_mean_days.unwrap() - 151.9).abs() < 0.1);
    }

    #[test]
    fn demand_follows_the_pathway() {
        let s = scenario(&[
            "pathway.crisis_share=0",
            "pathway.returned_share=0",
            "pathway.routes={direct_transfer=1.0, vv=0.0, onderzoek=0.0, no_action=0.0}",
            "inflow.adviezen.volume={2023=0}",
        ]);
        let d = describe(&s).unwrap();
        assert!((d.demand_at_norms - 4599.0 * 16.0).abs() < 1e-6);
        let s = scenario(&[
            "pathway.crisis_share=0",
            "pathway.returned_share=0",
            "pathway.routes={direct_transfer=0.0, vv=0.0, onderzoek=1.0, no_action=0.0}",
            "pathway.monitoring.after_onderzoek=0.5",
            "inflow.adviezen.volume={2023=100}",
            "effort.norm_share=0.5",
        ]);
        let d = describe(&s).unwrap();
        let expect = 4599.0 * (16.0 + 22.0 + 0.5 * 12.0) + 100.0 * 2.0;
        assert!((d.demand_at_norms - expect).abs() < 1e-6);
        assert!((d.demand - 0.5 * expect).abs() < 1e-6);
        // The calculator counts its own way (vtsim rekentool): every melding
        // went to Onderzoek, so no transfers, and as many monitoring cases
        // as Onderzoeken.
        let calc = (2.0 * 100.0 + 22.0 * 4599.0 + 12.0 * 4599.0) / 1350.0;
        assert!((d.calculator_fte - calc).abs() < 1e-9);
    }

    #[test]
    fn turnover_losses() {
        let none = describe(&scenario(&["workforce.turnover.rate=0"])).unwrap();
        assert_eq!(none.capacity_with_turnover, none.capacity_full);
        let d = describe(&scenario(&[])).unwrap();
        assert!(d.capacity_with_turnover < d.capacity_full);
        // Ramp (1 − 0.3) / 2 × 182 = 63.7 days; gap E[(L − 30)+] ≈ 61 days;
        // mentor 0.4 h a working day for 182 days ≈ 50 h ≈ 11 member-days.
        let lost = d.fte_days_lost_per_resignation;
        assert!(
            lost > 63.7 + 55.0 + 8.0 && lost < 63.7 + 67.0 + 14.0,
            "{lost}"
        );
    }

    #[test]
    fn normal_distribution_and_lognormal_excess() {
        assert!((phi(0.0) - 0.5).abs() < 1e-7);
        assert!((phi(1.96) - 0.975).abs() < 1e-4);
        assert!((phi(-1.0) - 0.158_655).abs() < 1e-5);
        // With n far below the distribution the excess is mean − n.
        assert!((lognormal_excess(90.0, 0.5, 1.0) - 89.0).abs() < 1e-3);
        assert!(lognormal_excess(90.0, 0.5, 1e6) < 1e-9);
    }

    #[test]
    fn each_year_uses_the_budget_and_absence_in_force() {
        let s = scenario(&[
            "end=2025-06-30",
            "workforce.budget_changes=[{from = 2024-01-01, fte = 58.9}, {from = 2025-04-01, fte = 70.0}]",
            "workforce.absence.changes=[{from = 2024-07-01, rate = 0.055}]",
            "inflow.meldingen.volume={2023=4599, 2024=5000}",
        ]);
        let ds = describe_horizon(&s).unwrap();
        let years: Vec<i16> = ds.iter().map(|d| d.year).collect();
        assert_eq!(years, [2023, 2024, 2025]);
        assert!((ds[0].budget_fte - 62.57).abs() < 1e-9);
        assert!((ds[1].budget_fte - 58.9).abs() < 1e-9);
        assert!((ds[2].budget_fte - 58.9).abs() < 1e-9);
        assert_eq!(ds[2].budget_steps_in_year.len(), 1);
        assert_eq!(ds[1].absence_rate, 0.07, "the change comes mid-year");
        assert_eq!(ds[2].absence_rate, 0.055);
        assert!(ds[1].demand > ds[0].demand, "the 2024 volume");
        let text = to_text(&s, &ds);
        assert!(
            text.contains("budget step in 2025: 70.00 FTE from 2025-04-01"),
            "{text}"
        );
        assert!(text.lines().nth(1).unwrap().contains("2023"), "{text}");
    }

    #[test]
    fn uncertain_inputs_are_described_at_their_point_value() {
        let fixed = scenario(&[]);
        let ranged = scenario(&["workforce.fte={low=60.0,mode=62.57,high=66.0}"]);
        let a = describe_horizon(&fixed).unwrap();
        let b = describe_horizon(&ranged).unwrap();
        assert_eq!(a, b, "the figures are those of the point value");
        let text = to_text(&ranged, &b);
        assert!(
            text.contains("uncertain input workforce.fte: triangular 60…66; these figures use its point value 62.57"),
            "{text}"
        );
    }
}
