//! Benchmarks: `cargo bench`. One replication of the embedded scenario, a
//! small Monte Carlo run, building the model (calendar, rates, samplers),
//! the scaling with inflow, horizon and staff, an overloaded scenario, and
//! three parts alone: the daily aggregation, the fold of one chunk and the
//! calendar.

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

/// Values of one daily series: `reps` replications × `days` days, a random
/// walk per replication of a backlog's size (0 to about 1,500), replication
/// after replication.
fn walks(reps: usize, days: usize) -> Vec<f64> {
    let mut values = Vec::with_capacity(days * reps);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..reps {
        let mut level = 200.0_f64;
        for _ in 0..days {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            level = (level + (u - 0.5) * 20.0).max(0.0);
            values.push(level + u);
        }
    }
    values
}

/// Folds `values` ([`walks`] of `reps` replications × 365 days) into one
/// histogram per day at resolution `1 / scale`.
fn bench_aggregation(b: divan::Bencher, reps: usize, scale: u32) {
    const DAYS: usize = 365;
    let values = walks(reps, DAYS);
    b.counter(divan::counter::ItemsCount::new(DAYS * reps))
        .bench_local(|| {
            let mut hist = vec![vtsim::stats::Histogram::new(f64::from(scale)); DAYS];
            for row in values.chunks(DAYS) {
                for (h, x) in hist.iter_mut().zip(row) {
                    h.add(*x);
                }
            }
            hist
        });
}

/// The daily aggregation alone: 64 replications (one chunk of
/// `montecarlo`) × 365 days of one series into one histogram per day.
/// `scale` is the histogram's resolution (1 for counts, 100 for hours and
/// FTE, as in `montecarlo`). The whole run folds 26 series.
#[divan::bench(args = [1, 100])]
fn aggregation(b: divan::Bencher, scale: u32) {
    bench_aggregation(b, 64, scale);
}

/// As [`aggregation`], with 1,024 replications: after the first chunks a
/// large run rarely adds a bucket, so this is closer to the cost per value
/// of a run of thousands.
#[divan::bench(args = [1, 100])]
fn aggregation_large(b: divan::Bencher, scale: u32) {
    bench_aggregation(b, 1024, scale);
}

/// The fold of one chunk as `montecarlo` lays it out: 64 replications,
/// each a vector of 365 days of all 26 series, folded one series at a time
/// into a sum and a histogram per day. `by_day` adds, for each day, the
/// chunk's replications in index order; otherwise each replication adds
/// all its days before the next. Both add into one day's histogram in
/// replication order, so they give the same histograms and sums.
#[divan::bench(args = [false, true])]
fn fold_chunk(b: divan::Bencher, by_day: bool) {
    const DAYS: usize = 365;
    const REPS: usize = 64;
    const SERIES: usize = vtsim::engine::SERIES.len();
    let values = walks(REPS * SERIES, DAYS);
    let chunk: Vec<Vec<[f64; SERIES]>> = (0..REPS)
        .map(|r| {
            (0..DAYS)
                .map(|d| std::array::from_fn(|s| values[(r * SERIES + s) * DAYS + d]))
                .collect()
        })
        .collect();
    b.counter(divan::counter::ItemsCount::new(DAYS * REPS * SERIES))
        .bench_local(|| {
            let mut out = Vec::with_capacity(SERIES);
            for s in 0..SERIES {
                let mut sum = vec![0.0; DAYS];
                let mut hist = vec![vtsim::stats::Histogram::new(1.0); DAYS];
                if by_day {
                    for (d, (h, t)) in hist.iter_mut().zip(&mut sum).enumerate() {
                        for rep in &chunk {
                            *t += rep[d][s];
                            h.add(rep[d][s]);
                        }
                    }
                } else {
                    for rep in &chunk {
                        for (d, sample) in rep.iter().enumerate() {
                            sum[d] += sample[s];
                            hist[d].add(sample[s]);
                        }
                    }
                }
                out.push((sum, hist));
            }
            out
        });
}

/// The calendar alone: every day of `years` years (working days, holidays,
/// cumulative working-day counts), as `plan::Plan::new` builds it.
#[divan::bench(args = [1, 4, 8])]
fn calendar(years: i16) -> vtsim::calendar::Calendar {
    let first = jiff::civil::date(2024, 1, 1);
    let last = jiff::civil::date(2023 + years, 12, 31);
    vtsim::calendar::Calendar::new(
        divan::black_box(first),
        last,
        &vtsim::calendar::HolidayRules::default(),
    )
    .expect("the dates are in range")
}
