//! Benchmarks: `cargo bench`. One replication of the embedded scenario, a
//! small Monte Carlo run, and building the model (calendar, rates, samplers).

use vtsim::engine::{Model, simulate};
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

/// One replication of the embedded scenario (a year plus a year of warm-up).
#[divan::bench]
fn one_replication(b: divan::Bencher) {
    let m = zhz();
    let mut i = 0;
    b.bench_local(|| {
        i += 1;
        simulate(&m, 1, i)
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
