//! Runs replications of the embedded scenario as a worker does (one reused
//! simulator reporting to a KPI collector), for counting instructions under
//! `valgrind --tool=callgrind`, which is repeatable on a shared machine
//! where timings are not (see docs/performance.md):
//!
//! ```sh
//! cargo build --release --example replications
//! valgrind --tool=callgrind target/release/examples/replications 1
//! valgrind --tool=callgrind target/release/examples/replications 11
//! ```
//!
//! The difference of the two totals, divided by 10, is the cost of one
//! replication without the setup. Further arguments are scenario overrides
//! (`key=value`, as `--set`); the default is the embedded scenario over
//! 2025, as in the benchmarks.

use vtsim::engine::{Model, Simulator};
use vtsim::metrics::Collector;
use vtsim::scenario;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let runs: u64 = args.next().as_deref().unwrap_or("1").parse()?;
    let mut sets = vec!["end=2025-12-31".to_string()];
    sets.extend(args);
    let s = scenario::load(None, &sets)?;
    let m = Model::new(&s)?;
    let mut sim = Simulator::new(&m);
    let mut kpis = Collector::new(&m);
    let mut cells = 0;
    for i in 0..runs {
        kpis.reset();
        sim.run(1, i, &mut kpis);
        cells += kpis.rows().len();
    }
    println!("{runs} replications, {cells} KPI rows");
    Ok(())
}
