//! Benchmarks: `cargo bench`. One replication of the embedded scenario, a
//! small Monte Carlo run, and building the model (calendar, rates, samplers).

use vtsim::engine::{Model, Simulator};
use vtsim::metrics::Collector;
use vtsim::montecarlo::{self, RunOptions};
use vtsim::scenario;

fn main() {
    divan::main();
}

/// The embedded scenario over its first year (2025), so that the numbers
/// stay comparable with the earlier one-year default.
fn zhz() -> Model {
    let s = scenario::load(None, &["end=2025-12-31".to_string()]).expect("embedded scenario loads");
    Model::new(&s).expect("embedded scenario compiles")
}

/// Compile the embedded scenario into a model.
#[divan::bench]
fn build_model() -> Model {
    zhz()
}

/// One replication of the embedded scenario (a year plus a year of warm-up)
/// as a worker runs it: a reused simulator reporting to a KPI collector.
#[divan::bench]
fn one_replication(b: divan::Bencher) {
    let m = zhz();
    let mut sim = Simulator::new(&m);
    let mut kpis = Collector::new(&m);
    let mut i = 0;
    b.bench_local(|| {
        i += 1;
        kpis.reset();
        sim.run(1, i, &mut kpis);
        kpis.rows()
    });
}

/// Replications per second through the whole Monte Carlo pipeline
/// (simulation, KPIs, daily aggregation) on one thread.
#[divan::bench(args = [16, 64])]
fn monte_carlo(b: divan::Bencher, runs: u64) {
    let m = zhz();
    b.counter(divan::counter::ItemsCount::new(runs as usize))
        .bench_local(|| {
            montecarlo::run(
                &m,
                RunOptions {
                    runs,
                    seed: 1,
                    threads: 1,
                },
                &|_| {},
            )
        });
}

/// The embedded scenario with overrides (first year, as [`zhz`]).
fn zhz_with(sets: &[String]) -> Model {
    let mut all = vec!["end=2025-12-31".to_string()];
    all.extend(sets.iter().cloned());
    let s = scenario::load(None, &all).expect("embedded scenario loads");
    Model::new(&s).expect("embedded scenario compiles")
}

/// One replication as a worker runs it, of `m`.
fn bench_replication(b: divan::Bencher, m: &Model) {
    let mut sim = Simulator::new(m);
    let mut kpis = Collector::new(m);
    let mut i = 0;
    b.bench_local(|| {
        i += 1;
        kpis.reset();
        sim.run(1, i, &mut kpis);
        kpis.rows()
    });
}

/// Scaling with the inflow: meldingen a year (adviezen unchanged; staff
/// scaled with it, so the organisation stays as loaded as the default).
#[divan::bench(args = [2610, 5220, 10440, 20880])]
fn scale_inflow(b: divan::Bencher, meldingen: u32) {
    let f = f64::from(meldingen) / 5220.0;
    let m = zhz_with(&[
        format!("inflow.meldingen.volume={{2025 = {meldingen}}}"),
        format!("workforce.fte={}", 63.4 * f),
        "workforce.budget_changes=[]".into(),
    ]);
    bench_replication(b, &m);
}

/// Scaling with the horizon: years simulated after the year of warm-up.
#[divan::bench(args = [1, 2, 4, 8])]
fn scale_horizon(b: divan::Bencher, years: u32) {
    let m = zhz_with(&[
        format!("end={}-12-31", 2024 + years),
        "workforce.budget_changes=[]".into(),
    ]);
    bench_replication(b, &m);
}

/// Scaling with the staff at the same inflow: the workforce's daily events
/// grow with the people (the backlog falls as staff grows).
#[divan::bench(args = [32, 63, 126])]
fn scale_staff(b: divan::Bencher, fte: u32) {
    let m = zhz_with(&[
        format!("workforce.fte={fte}"),
        "workforce.budget_changes=[]".into(),
    ]);
    bench_replication(b, &m);
}

/// An overloaded organisation: every case takes its full norm hours, so
/// the backlog reaches thousands by the end of the year.
#[divan::bench]
fn overloaded(b: divan::Bencher) {
    let m = zhz_with(&["effort.norm_share=1.0".into()]);
    bench_replication(b, &m);
}
