//! Arrival streams (MODEL §5): expected daily counts and their sampling.

use crate::calendar::{Calendar, Day, HolidayRules};
use crate::scenario::{ArrivalDays, ArrivalProcess, Stream};
use rand::RngExt;
use rand_distr::{Distribution, Gamma};
use std::collections::BTreeMap;

/// Most arrivals one stream can have on one day.
pub const MAX_DAILY_ARRIVALS: f64 = 1e7;

/// Expected arrivals λ(d) of one stream for every simulated day.
#[derive(Debug, Clone)]
pub struct Rates {
    /// First simulated day.
    pub first: Day,
    /// λ for days `first..first + len`.
    pub lambda: Vec<f64>,
    /// Negative binomial dispersion, if over-dispersed.
    pub dispersion: Option<f64>,
    /// Cumulative expected count through each day, when counts are constant.
    pub cumulative: Option<Vec<f64>>,
}

/// Sum over the arrival days of a whole calendar year of season × weekday.
fn normaliser(stream: &Stream, year: i16, rules: &HolidayRules) -> f64 {
    let first = jiff::civil::Date::new(year, 1, 1);
    let last = jiff::civil::Date::new(year, 12, 31);
    let (Ok(first), Ok(last)) = (first, last) else {
        return 0.0;
    };
    let Ok(cal) = Calendar::new(first, last, rules) else {
        return 0.0;
    };
    (0..cal.len() as Day)
        .filter(|&d| arrives(stream, &cal, d))
        .map(|d| stream.season[usize::from(cal.month(d) - 1)] * stream.weekday[cal.weekday(d)])
        .sum()
}

fn arrives(stream: &Stream, cal: &Calendar, d: Day) -> bool {
    match stream.arrives_on {
        ArrivalDays::AllDays => true,
        ArrivalDays::WorkingDays => cal.is_working(d),
    }
}

impl Rates {
    /// λ(d) = volume(y) × season(month) × weekday(d) / normaliser(year),
    /// for days `first..=last`, where y = `volume_year(d)` (the plan's
    /// warm-up rule) and the normaliser is of the day's own year.
    pub fn new(
        stream: &Stream,
        cal: &Calendar,
        rules: &HolidayRules,
        first: Day,
        last: Day,
        volume_year: impl Fn(Day) -> i16,
    ) -> Rates {
        let mut norms: BTreeMap<i16, f64> = BTreeMap::new();
        let lambda = (first..=last)
            .map(|d| {
                if !arrives(stream, cal, d) {
                    return 0.0;
                }
                let year = cal.year(d);
                let norm = *norms
                    .entry(year)
                    .or_insert_with(|| normaliser(stream, year, rules));
                if norm <= 0.0 {
                    return 0.0;
                }
                let volume = stream.volume_of(volume_year(d));
                volume
                    * stream.season[usize::from(cal.month(d) - 1)]
                    * stream.weekday[cal.weekday(d)]
                    / norm
            })
            .collect::<Vec<f64>>();
        let cumulative = (stream.process == ArrivalProcess::Constant).then(|| {
            lambda
                .iter()
                .scan(0.0, |acc, x| {
                    *acc += x;
                    Some(*acc)
                })
                .collect()
        });
        Rates {
            first,
            lambda,
            dispersion: stream.dispersion,
            cumulative,
        }
    }

    /// Multiplies the rate of every day by `f(day)` (an `inflow_scale`
    /// measure); constant counts are recounted from the new rates.
    pub fn scale(&mut self, f: impl Fn(Day) -> f64) {
        for (i, l) in self.lambda.iter_mut().enumerate() {
            *l *= f(self.first + i as Day);
        }
        if let Some(cum) = &mut self.cumulative {
            let mut acc = 0.0;
            for (c, l) in cum.iter_mut().zip(&self.lambda) {
                acc += l;
                *c = acc;
            }
        }
    }

    /// Expected count on day `d`.
    pub fn lambda(&self, d: Day) -> f64 {
        self.lambda[(d - self.first) as usize]
    }

    /// Draws the count of day `d`: Poisson(λ), or negative binomial with
    /// mean λ and variance λ + λ²/k as a gamma–Poisson mixture.
    /// With constant counts no random number is drawn.
    pub fn sample<R: rand::Rng + ?Sized>(&self, d: Day, rng: &mut R) -> u32 {
        if let Some(cum) = &self.cumulative {
            let i = (d - self.first) as usize;
            let upto = |x: f64| (x + 1e-9).floor();
            let before = if i == 0 { 0.0 } else { upto(cum[i - 1]) };
            return (upto(cum[i]) - before).max(0.0) as u32;
        }
        let mut lambda = self.lambda(d);
        if lambda <= 0.0 {
            return 0;
        }
        if let Some(k) = self.dispersion {
            match Gamma::new(k, lambda / k) {
                // Capped so that one day can never ask for more arrivals than
                // memory holds; validated inputs stay far below the cap.
                Ok(g) => lambda = g.sample(rng).min(MAX_DAILY_ARRIVALS),
                Err(_) => return 0,
            }
            if lambda <= 0.0 {
                return 0;
            }
        }
        // One uniform, inverted: a lower λ gives a count no larger, so
        // arrivals stay common to scenarios (MODEL §9).
        let u: f64 = rng.random();
        poisson_inverse(u, lambda)
    }
}

/// Largest λ for which a day's count is drawn exactly.
const POISSON_EXACT_MAX: f64 = 1e9;

/// ln Γ(x) for x ≥ 10 by Stirling's series (error below 1e-15 there).
fn ln_gamma_large(x: f64) -> f64 {
    let x2 = x * x;
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x * x2)
        + 1.0 / (1260.0 * x2 * x2 * x)
}

/// The smallest k with P(X ≤ k) ≥ u for X ~ Poisson(λ): the inverse of the
/// distribution function, by summing the probabilities from 0 (small λ) or
/// outward from the mode (large λ, where e^−λ underflows).
pub fn poisson_inverse(u: f64, lambda: f64) -> u32 {
    if lambda.is_nan() || lambda <= 0.0 || u <= 0.0 {
        return 0;
    }
    if lambda > POISSON_EXACT_MAX {
        // Far above any validated volume (and more arrivals than a day can
        // hold): the mean, which is monotone in λ too.
        return lambda.round().min(f64::from(u32::MAX)) as u32;
    }
    if lambda < 30.0 {
        let mut p = (-lambda).exp();
        let mut c = p;
        let mut k = 0u32;
        while u > c && p > 0.0 {
            k += 1;
            p *= lambda / f64::from(k);
            c += p;
        }
        return k;
    }
    let m = lambda.floor();
    let pm = (m * lambda.ln() - lambda - ln_gamma_large(m + 1.0)).exp();
    if !(pm > 0.0 && pm.is_finite()) {
        return lambda.round() as u32; // not reached for λ ≤ POISSON_EXACT_MAX
    }
    // The sums stop after 40 standard deviations at most (the terms are
    // below 1e-300 of the total long before).
    let reach = 40.0 * lambda.sqrt() + 100.0;
    // P(X ≤ m), summed downward from the mode until the terms vanish.
    let (mut cdf_m, mut p, mut k) = (pm, pm, m);
    while k > 0.0 && m - k < reach {
        p *= k / lambda;
        k -= 1.0;
        cdf_m += p;
        if p < 1e-18 * cdf_m {
            break;
        }
    }
    if u <= cdf_m {
        // Walk down: return the k with P(X ≤ k − 1) < u ≤ P(X ≤ k).
        let (mut c, mut p, mut k) = (cdf_m, pm, m);
        while k > 0.0 && m - k < reach {
            if u > c - p {
                break;
            }
            c -= p;
            p *= k / lambda;
            k -= 1.0;
        }
        return k.min(f64::from(u32::MAX)) as u32;
    }
    let (mut c, mut p, mut k) = (cdf_m, pm, m);
    loop {
        k += 1.0;
        p *= lambda / k;
        c += p;
        if u <= c || p < 1e-18 * c || k - m > reach {
            return k.min(f64::from(u32::MAX)) as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn stream(arrives_on: ArrivalDays) -> Stream {
        Stream {
            volume: [("2025".to_string(), 5220.0)].into_iter().collect(),
            growth: 0.05,
            arrives_on,
            process: ArrivalProcess::Poisson,
            season: vec![1.0; 12],
            weekday: vec![1.0; 7],
            dispersion: None,
        }
    }

    fn cal() -> Calendar {
        Calendar::new(
            date(2024, 1, 1),
            date(2026, 12, 31),
            &HolidayRules::default(),
        )
        .unwrap()
    }

    /// P(X ≤ k) for X ~ Poisson(λ), summed in log space term by term: an
    /// independent check of the inversion.
    fn cdf(k: u32, lambda: f64) -> f64 {
        let mut ln_fact = 0.0;
        let mut c = 0.0;
        for j in 0..=k {
            if j > 0 {
                ln_fact += f64::from(j).ln();
            }
            c += (f64::from(j) * lambda.ln() - lambda - ln_fact).exp();
        }
        c
    }

    #[test]
    fn poisson_inverse_is_the_inverse_distribution_function() {
        for lambda in [0.3, 4.0, 17.5, 29.9, 30.0, 45.2, 250.0, 3000.0] {
            for i in 1..200 {
                let u = f64::from(i) / 200.0;
                let k = poisson_inverse(u, lambda);
                assert!(cdf(k, lambda) >= u - 1e-9, "λ {lambda} u {u} k {k}");
                if k > 0 {
                    assert!(cdf(k - 1, lambda) < u + 1e-9, "λ {lambda} u {u} k {k}");
                }
            }
        }
        assert_eq!(poisson_inverse(0.5, 0.0), 0);
        assert_eq!(poisson_inverse(0.5, f64::NAN), 0);
        // Every λ and u ends, at once: huge, tiny and extreme values.
        for lambda in [1e-300, 29.999, 1e5, 1e7, 9.9e8, 1e9, 1e12, f64::INFINITY] {
            for u in [1e-300, 1e-12, 0.5, 1.0 - 1e-16, 1.0] {
                let k = poisson_inverse(u, lambda);
                if lambda > 1e3 && lambda <= POISSON_EXACT_MAX {
                    let z = (f64::from(k) - lambda) / lambda.sqrt();
                    assert!(z.abs() < 45.0, "λ {lambda} u {u}: {k}");
                }
            }
        }
        assert!(poisson_inverse(1.0 - 1e-16, 5.0) < 60);
    }

    #[test]
    fn poisson_inverse_is_monotone_in_lambda() {
        // The property common random numbers rest on: a lower rate never
        // gives more arrivals for the same uniform.
        for i in 1..100 {
            let u = f64::from(i) / 100.0;
            let mut last = 0;
            for l in 1..400 {
                let k = poisson_inverse(u, f64::from(l) * 0.25);
                assert!(k >= last, "u {u} λ {}", f64::from(l) * 0.25);
                last = k;
            }
        }
    }

    #[test]
    fn yearly_expected_total_equals_volume() {
        let c = cal();
        let rules = HolidayRules::default();
        let mut s = stream(ArrivalDays::AllDays);
        s.season = vec![1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0];
        s.weekday = vec![1.2, 1.0, 1.0, 1.0, 1.0, 0.7, 0.6];
        let first = c.day_of(date(2025, 1, 1)).unwrap();
        let last = c.day_of(date(2026, 12, 31)).unwrap();
        let r = Rates::new(&s, &c, &rules, first, last, |d| c.year(d));
        let y2025: f64 = (first..first + 365).map(|d| r.lambda(d)).sum();
        let y2026: f64 = (first + 365..=last).map(|d| r.lambda(d)).sum();
        assert!((y2025 - 5220.0).abs() < 1e-6, "{y2025}");
        assert!((y2026 - 5220.0 * 1.05).abs() < 1e-6, "{y2026}");
        // February weighs double per day.
        let jan = r.lambda(first + 10);
        let feb = r.lambda(first + 31 + 9);
        let wd_ratio = s.weekday[c.weekday(first + 31 + 9)] / s.weekday[c.weekday(first + 10)];
        assert!((feb / jan - 2.0 * wd_ratio).abs() < 1e-9);
    }

    #[test]
    fn working_day_stream_only_on_working_days() {
        let c = cal();
        let s = stream(ArrivalDays::WorkingDays);
        let first = c.day_of(date(2025, 1, 1)).unwrap();
        let r = Rates::new(&s, &c, &HolidayRules::default(), first, first + 364, |d| {
            c.year(d)
        });
        for d in first..first + 365 {
            assert_eq!(r.lambda(d) > 0.0, c.is_working(d));
        }
        let total: f64 = (first..first + 365).map(|d| r.lambda(d)).sum();
        assert!((total - 5220.0).abs() < 1e-6);
        assert!((r.lambda(first + 1) - 5220.0 / 254.0).abs() < 1e-9);
    }

    #[test]
    fn warmup_uses_start_year_volume() {
        let c = cal();
        let s = stream(ArrivalDays::AllDays);
        let first = c.day_of(date(2024, 1, 1)).unwrap();
        let start = c.day_of(date(2025, 1, 1)).unwrap();
        let r = Rates::new(&s, &c, &HolidayRules::default(), first, start + 10, |d| {
            crate::plan::volume_year(&c, start, d)
        });
        let warm: f64 = (first..start).map(|d| r.lambda(d)).sum();
        assert!((warm - 5220.0).abs() < 1e-6, "{warm}");
    }

    #[test]
    fn volume_extrapolation() {
        let mut s = stream(ArrivalDays::AllDays);
        s.volume.insert("2027".into(), 6000.0);
        assert!((s.volume_of(2026) - 5220.0 * 1.05).abs() < 1e-9);
        assert!((s.volume_of(2027) - 6000.0).abs() < 1e-9);
        assert!((s.volume_of(2029) - 6000.0 * 1.05f64.powi(2)).abs() < 1e-9);
        assert!((s.volume_of(2024) - 5220.0 / 1.05).abs() < 1e-9);
    }

    #[test]
    fn constant_counts_spread_the_volume_evenly() {
        let c = cal();
        let mut s = stream(ArrivalDays::WorkingDays);
        s.process = ArrivalProcess::Constant;
        s.volume.insert("2025".into(), 254.0 * 10.0);
        let first = c.day_of(date(2025, 1, 1)).unwrap();
        let r = Rates::new(&s, &c, &HolidayRules::default(), first, first + 364, |d| {
            c.year(d)
        });
        let mut rng = <rand::rngs::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
        for d in first..first + 365 {
            let n = r.sample(d, &mut rng);
            assert_eq!(n, if c.is_working(d) { 10 } else { 0 }, "day {d}");
        }
    }
}
