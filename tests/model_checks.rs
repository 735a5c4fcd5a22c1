//! The checks of MODEL §12 that hold statistically, with tolerances derived
//! from sampling error, plus reproducibility across thread counts.

use vtsim::engine::{CaseKind, Model, series, simulate};
use vtsim::metrics::{kpi_index, periods, replication_kpis};
use vtsim::montecarlo::{self, RunOptions};
use vtsim::scenario::load_str;

/// How many standard errors a statistic may deviate before a test fails:
/// two-sided normal tail probability 6.8e-6 per check.
const Z: f64 = 4.5;

const QUIET: &str = r#"
name = "checks"
start = "2025-01-01"
end = "2025-12-31"
[inflow.meldingen]
volume = { 2025 = 1000 }
[workforce]
fte = 20.0
"#;

fn model(text: &str, sets: &[&str]) -> Model {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Model::new(&load_str(text, "test", &sets).unwrap()).unwrap()
}

/// Yearly meldingen received in each of `runs` replications.
fn yearly_counts(m: &Model, runs: u64) -> Vec<f64> {
    let ps = periods(m);
    let k = kpi_index("meldingen_in").unwrap();
    (0..runs)
        .map(|i| replication_kpis(m, &simulate(m, 99, i), &ps)[0][k])
        .collect()
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

#[test]
fn poisson_inflow_has_the_configured_mean_and_variance() {
    let m = model(QUIET, &[]);
    let r = 400;
    let x = yearly_counts(&m, r);
    let (mean, var) = mean_var(&x);
    let lambda = 1000.0;
    // Mean: standard error sqrt(λ / R).
    let se_mean = (lambda / r as f64).sqrt();
    assert!((mean - lambda).abs() < Z * se_mean, "mean {mean}");
    // Variance of a Poisson count equals its mean; the sample variance has
    // standard error σ² sqrt(2 / (R − 1) + κ / R), excess kurtosis κ = 1/λ.
    let se_var = lambda * (2.0 / (r as f64 - 1.0) + 1.0 / lambda / r as f64).sqrt();
    assert!((var - lambda).abs() < Z * se_var, "variance {var}");
}

#[test]
fn negative_binomial_inflow_is_over_dispersed_as_configured() {
    let k = 0.5;
    let m = model(QUIET, &["inflow.meldingen.dispersion=0.5"]);
    let r = 400;
    let x = yearly_counts(&m, r);
    let (mean, var) = mean_var(&x);
    // Per day variance λ + λ²/k, summed over the 365 days.
    let l = 1000.0 / 365.0;
    let expect_var = 365.0 * (l + l * l / k);
    let se_mean = (expect_var / r as f64).sqrt();
    assert!((mean - 1000.0).abs() < Z * se_mean, "mean {mean}");
    // Yearly sums of 365 NB days are close to normal: excess kurtosis of a
    // day is about 6/k, of the sum 6/(k·365) ≈ 0.033.
    let kurt = 6.0 / (k * 365.0);
    let se_var = expect_var * (2.0 / (r as f64 - 1.0) + kurt / r as f64).sqrt();
    assert!(
        (var - expect_var).abs() < Z * se_var,
        "variance {var} vs {expect_var}"
    );
    assert!(var > 3.0 * 1000.0, "clearly over-dispersed");
}

/// A five-year run at about 95% utilisation of triage, so meldingen wait.
fn loaded() -> Model {
    model(
        r#"
name = "little"
start = "2025-01-01"
end = "2029-12-31"
warmup_days = 60
[inflow.meldingen]
volume = { 2025 = 3000 }
[pathway]
urgent_share = 0.2
routes = { direct_transfer = 1.0, vv = 0.0, onderzoek = 0.0, no_action = 0.0 }
[stages.triage]
min_days = { dist = "fixed", mean = 1.0 }
[workforce]
fte = 27.0
indirect = 0.0
leave = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
absence = { rate = 0.0 }
turnover = { rate = 0.0 }
"#,
        &[],
    )
}

#[test]
fn littles_law_holds_for_the_triage_queue() {
    let m = loaded();
    let r = simulate(&m, 21, 0);
    let days = r.days.len() as f64;
    let queue: Vec<f64> = r.days.iter().map(|d| d[series::BACKLOG_TRIAGE]).collect();
    let l_bar = queue.iter().sum::<f64>() / days;
    assert!(l_bar > 5.0, "the queue must be non-trivial, got {l_bar}");

    // Exact in discrete time: Σ_days L(d) = Σ_cases days each case waited
    // at the end of a day inside the horizon.
    let waited: i64 = r
        .cases
        .iter()
        .filter(|c| matches!(c.kind, CaseKind::Urgent | CaseKind::Regular))
        .map(|c| {
            let from = c.receipt.max(m.plan.start);
            let to = c.triage_start.unwrap_or(m.plan.end + 1).min(m.plan.end + 1);
            i64::from((to - from).max(0))
        })
        .sum();
    assert_eq!(queue.iter().sum::<f64>() as i64, waited);

    // L = λ W for the cases arriving in the horizon; the edge effects are of
    // order W / T, far below the tolerance of 2%.
    let arrivals: Vec<_> = r
        .cases
        .iter()
        .filter(|c| matches!(c.kind, CaseKind::Urgent | CaseKind::Regular))
        .filter(|c| c.receipt >= m.plan.start && c.receipt <= m.plan.end)
        .collect();
    let lambda = arrivals.len() as f64 / days;
    let w = arrivals
        .iter()
        .map(|c| f64::from(c.triage_start.unwrap_or(m.plan.end + 1) - c.receipt))
        .sum::<f64>()
        / arrivals.len() as f64;
    assert!(
        (l_bar - lambda * w).abs() / l_bar < 0.02,
        "L = {l_bar}, λW = {}",
        lambda * w
    );
}

#[test]
fn monte_carlo_is_identical_for_any_thread_count() {
    let m = model(
        vtsim::scenario::DEFAULT_SCENARIO_TOML,
        &["end=2025-03-31", "warmup_days=30"],
    );
    let run = |threads| {
        montecarlo::run(
            &m,
            RunOptions {
                runs: 70,
                seed: 42,
                threads,
            },
            &|_| {},
        )
        .unwrap()
    };
    let a = run(1);
    let b = run(2);
    let bits = |o: &montecarlo::Outcome| -> Vec<u64> {
        o.kpis
            .iter()
            .flatten()
            .flatten()
            .map(|x| x.to_bits())
            .chain(
                o.daily
                    .iter()
                    .flat_map(|s| s.sum.iter().map(|x| x.to_bits())),
            )
            .chain(
                o.daily
                    .iter()
                    .flat_map(|s| s.hist.iter().map(|h| h.quantile(0.9).to_bits())),
            )
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
    // Replications differ from each other.
    assert_ne!(a.kpis.run(0), a.kpis.run(1));
}
