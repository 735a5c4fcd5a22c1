//! vtsim: a parallel Monte Carlo simulator of the work backlog of a Dutch
//! Veilig Thuis organisation.
#![warn(missing_docs, unreachable_pub)]

pub mod calendar;
pub mod engine;
pub mod error;
pub mod inflow;
pub mod scenario;
pub mod workforce;

pub use error::{Error, Result};
pub mod export;
pub mod metrics;
pub mod montecarlo;
pub mod report;
pub mod stats;
