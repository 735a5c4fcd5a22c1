//! Staff members and their productive hours (MODEL §6).
//!
//! Staff are individual members from the start, so that absence, turnover and
//! onboarding (the workforce issue) act person by person. In this version the
//! staff is fixed: every member is employed and present on every working day.

use crate::scenario::Workforce as Config;

/// One generalist.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Contract FTE.
    pub fte: f64,
}

/// The staff of one replication.
#[derive(Debug, Clone)]
pub struct Workforce {
    members: Vec<Member>,
    hours_per_fte_day: f64,
    indirect: f64,
    overtime: f64,
    leave: [f64; 12],
}

/// Capacity of one working day.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DayCapacity {
    /// Productive hours available.
    pub hours: f64,
    /// FTE employed.
    pub employed_fte: f64,
    /// FTE present (employed and not sick).
    pub present_fte: f64,
}

impl Workforce {
    /// The initial staff (MODEL §14): explicit groups, or n = round(fte /
    /// contract_fte) people of fte / n each (at least one person).
    pub fn new(cfg: &Config) -> Workforce {
        let members = if cfg.groups.is_empty() {
            let total = cfg.fte.unwrap_or(0.0);
            let n = ((total / cfg.contract_fte).round() as usize).max(1);
            vec![
                Member {
                    fte: total / n as f64
                };
                n
            ]
        } else {
            cfg.groups
                .iter()
                .flat_map(|g| std::iter::repeat_n(Member { fte: g.fte }, g.count as usize))
                .collect()
        };
        let mut leave = [0.0; 12];
        for (l, v) in leave.iter_mut().zip(&cfg.leave) {
            *l = *v;
        }
        Workforce {
            members,
            hours_per_fte_day: cfg.hours_per_fte_day,
            indirect: cfg.indirect,
            overtime: cfg.overtime,
            leave,
        }
    }

    /// The members.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Productive hours one present member gives on a working day of `month`
    /// (1..=12): fte × 7.2 × (1 − indirect) × (1 − leave(month)) × (1 + overtime).
    pub fn member_hours(&self, m: &Member, month: u8) -> f64 {
        m.fte
            * self.hours_per_fte_day
            * (1.0 - self.indirect)
            * (1.0 - self.leave[usize::from(month - 1)])
            * (1.0 + self.overtime)
    }

    /// Capacity on a working day of `month`.
    pub fn capacity(&self, month: u8) -> DayCapacity {
        let mut c = DayCapacity::default();
        for m in &self.members {
            c.employed_fte += m.fte;
            c.present_fte += m.fte;
            c.hours += self.member_hours(m, month);
        }
        c
    }

    /// FTE employed (also on days that are not working days).
    pub fn employed_fte(&self) -> f64 {
        self.members.iter().map(|m| m.fte).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        let s: crate::scenario::Scenario = crate::scenario::load_str(
            "name='t'\nstart='2025-01-01'\nend='2025-12-31'\n[inflow.meldingen]\nvolume={2025=100}\n[workforce]\nfte=10.0\n",
            "t",
            &[],
        )
        .unwrap();
        s.workforce
    }

    #[test]
    fn initial_staff_from_total_fte() {
        let w = Workforce::new(&cfg());
        // round(10 / 0.85) = 12 people of 10/12 FTE.
        assert_eq!(w.members().len(), 12);
        assert!((w.employed_fte() - 10.0).abs() < 1e-12);
        assert!((w.members()[0].fte - 10.0 / 12.0).abs() < 1e-12);
    }

    #[test]
    fn explicit_groups_replace_total() {
        let mut c = cfg();
        c.groups = vec![
            crate::scenario::StaffGroup { count: 3, fte: 1.0 },
            crate::scenario::StaffGroup { count: 2, fte: 0.5 },
        ];
        let w = Workforce::new(&c);
        assert_eq!(w.members().len(), 5);
        assert!((w.employed_fte() - 4.0).abs() < 1e-12);
    }

    #[test]
    fn productive_hours_formula() {
        let mut c = cfg();
        c.overtime = 0.1;
        let w = Workforce::new(&c);
        let m = Member { fte: 0.8 };
        // July: leave 18%.
        let expect = 0.8 * 7.2 * (1.0 - 0.13) * (1.0 - 0.18) * 1.1;
        assert!((w.member_hours(&m, 7) - expect).abs() < 1e-12);
        // March: leave 6%.
        let expect = 0.8 * 7.2 * 0.87 * 0.94 * 1.1;
        assert!((w.member_hours(&m, 3) - expect).abs() < 1e-12);
        let cap = w.capacity(3);
        assert!((cap.hours - 10.0 * 7.2 * 0.87 * 0.94 * 1.1).abs() < 1e-9);
    }

    #[test]
    fn default_productive_hours_per_fte_year_near_calculator() {
        // At zero absence, 253 working days of 2023: 7.2 × 0.87 × Σ(1 − leave).
        // MODEL §6: with 7% absence this is the calculator's 1350 h.
        let w = Workforce::new(&cfg());
        let cal = crate::calendar::Calendar::new(
            jiff::civil::date(2023, 1, 1),
            jiff::civil::date(2023, 12, 31),
            &Default::default(),
        )
        .unwrap();
        let m = Member { fte: 1.0 };
        let total: f64 = (0..cal.len() as i32)
            .filter(|d| cal.is_working(*d))
            .map(|d| w.member_hours(&m, cal.month(d)))
            .sum();
        assert_eq!(cal.working_days_in_year(2023), 253);
        assert!((total * 0.93 - 1350.0).abs() < 10.0, "{}", total * 0.93);
    }
}
