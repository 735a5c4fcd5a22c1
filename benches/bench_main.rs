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
