//! vtsim: a parallel Monte Carlo simulator of the work backlog of a Dutch
//! Veilig Thuis organisation.
//!
//! The model (see `docs/model.md` and the specification it follows): meldingen
//! arrive daily (Poisson, seasonal, growing); crises are handled the same day;
//! the rest are screened for urgency and need a safety assessment (triage)
//! within 5 working days, then go to direct transfer, V&V or Onderzoek (closed
//! within 10 weeks) and often monitoring. Each stage needs touch hours and an
//! elapsed minimum. Generalists give productive hours each working day, which
//! a policy allocates over advice, triage, services and monitoring.
//!
//! The pipeline, one module per concept:
//!
//! - [`scenario`] reads and validates a scenario file into a [`scenario::Scenario`];
//! - [`plan::Plan`] compiles it onto the calendar: every parameter in force
//!   on every day (arrival rates, shares, terms, effort, policy, workforce);
//! - [`engine::Model`] holds the plan, the samplers and the windows to measure;
//! - [`engine::simulate`] runs one replication from its own random streams;
//! - `sampling` (crate-private) holds the distributions the engine, the
//!   workforce and `describe` share;
//! - [`metrics`] reduces a replication to KPIs per period;
//! - [`montecarlo::run`] runs many replications in parallel, deterministically;
//! - [`workforce`] gives each working day's productive hours, person by person
//!   (absence, turnover, recruitment, onboarding, budget);
//! - [`export`] writes the result files atomically; [`report`] prints the KPI
//!   table and draws the charts and `report.html`;
//! - [`describe`] derives the figures an analyst checks before a run.
//!
//! ```
//! use vtsim::{engine::Model, montecarlo, scenario};
//!
//! let text = r#"
//!     name = "example"
//!     start = "2025-01-01"
//!     end = "2025-03-31"
//!     [inflow.meldingen]
//!     volume = { 2025 = 2000 }
//!     [workforce]
//!     fte = 25.0
//! "#;
//! let s = scenario::load_str(text, "example.toml", &["effort.norm_share=0.8".into()])?;
//! let model = Model::new(&s)?;
//! let options = montecarlo::RunOptions { runs: 8, seed: 1, threads: 1 };
//! let outcome = montecarlo::run(&model, options, &|_| {})?;
//! let summary = vtsim::summary::ResultSummary::new("example.toml", &outcome);
//! let triage = &summary.period("2025").unwrap().kpis["triage_within_term"];
//! assert_eq!(triage.n, 8);
//! # Ok::<(), vtsim::Error>(())
//! ```
#![warn(missing_docs, unreachable_pub)]

pub mod calendar;
pub mod calibrate;
pub mod compare;
pub mod decompose;
pub mod describe;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod export;
pub mod inflow;
pub mod metrics;
pub mod montecarlo;
pub mod plan;
pub mod rekentool;
pub mod report;
pub mod required;
mod sampling;
pub mod scenario;
pub mod stats;
pub mod summary;
pub mod sweep;
pub mod uncertain;
pub mod workforce;

pub use error::{Error, Result};
