//! What a replication reports while it runs: the observer side of the engine.
//!
//! The engine does not decide what is measured. It tells a [`Sink`] what
//! happened each day — the [`Event`]s of the day (arrivals, completions,
//! transfers), then the state at the end of the day ([`DayEnd`]) — and, when
//! the run ends, what was never finished. Collectors
//! ([`crate::metrics::Collector`]) turn that into KPIs over any list of
//! windows; the record-keeping sink behind [`super::simulate`] keeps it for
//! tests and diagnostics. This is the `Sink` pattern of ripgrep's searcher:
//! the producer runs one loop, and every consumer sees the same stream.

use super::{CaseKind, DaySample, Ledger, Route};
use crate::calendar::Day;
use crate::workforce::WorkforceDay;

/// Something that happened on a day, reported at the day's end in the order
/// it happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A melding was received (not one of the initial state).
    Arrived {
        /// How it was handled on arrival.
        kind: CaseKind,
    },
    /// A safety assessment (triage) was completed.
    Triaged {
        /// Receipt day of the melding.
        receipt: Day,
        /// Its triage deadline.
        deadline: Day,
        /// Part of the initial state.
        initial: bool,
        /// Route decided.
        route: Route,
    },
    /// A service (V&V or Onderzoek) was completed.
    Served {
        /// The route.
        route: Route,
        /// Day its triage was completed.
        triaged: Day,
        /// Its service deadline.
        deadline: Day,
        /// Triaged before the run (an initial-state service).
        triaged_before_run: bool,
    },
    /// A monitoring contact was completed.
    ContactDone {
        /// Its nominal due day.
        due: Day,
    },
    /// A melding was handed to another organisation (`transfer_backlog`).
    Transferred,
}

/// Work that was still open when the run ended, reported once by
/// [`Sink::finish`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unfinished {
    /// A melding whose triage was not completed (not transferred).
    Triage {
        /// Receipt day.
        receipt: Day,
        /// Triage deadline.
        deadline: Day,
        /// Part of the initial state.
        initial: bool,
    },
    /// A service that was not completed.
    Service {
        /// Day its triage was completed.
        triaged: Day,
        /// Service deadline.
        deadline: Day,
        /// Triaged before the run.
        triaged_before_run: bool,
        /// The route.
        route: Route,
    },
    /// A monitoring contact that was not completed.
    Contact {
        /// Its nominal due day.
        due: Day,
    },
}

/// The open work at the end of a day, with its oldest member: asked for only
/// on the days a sink says it needs it ([`Sink::wants_open`]), because
/// finding the oldest walks the queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenWork {
    /// Meldingen waiting for or in triage.
    pub triage: u32,
    /// Receipt day of the oldest of them.
    pub oldest_receipt: Option<Day>,
    /// Services waiting or in progress.
    pub service: u32,
    /// Triage completion day of the oldest of them.
    pub oldest_triaged: Option<Day>,
}

/// The state at the end of one day of the horizon.
#[derive(Debug, Clone, Copy)]
pub struct DayEnd<'a> {
    /// The day.
    pub day: Day,
    /// The daily series (see [`super::SERIES`]).
    pub sample: &'a DaySample,
    /// The workforce of the day.
    pub staff: &'a WorkforceDay,
    /// Adviezen received today.
    pub advice_in: u32,
    /// Adviezen completed today.
    pub advice_done: u32,
    /// The conservation ledger after the day.
    pub ledger: Ledger,
    /// The open work, when [`Sink::wants_open`] asked for it.
    pub open: Option<OpenWork>,
}

/// An observer of one replication.
pub trait Sink {
    /// The events of day `day` (warm-up days included), in order.
    fn events(&mut self, day: Day, events: &[Event]);
    /// The end of day `day` of the horizon (after its events).
    fn day_end(&mut self, end: &DayEnd<'_>);
    /// Whether [`DayEnd::open`] is wanted on `day`.
    fn wants_open(&self, day: Day) -> bool {
        let _ = day;
        false
    }
    /// What was still open when the run ended.
    fn finish(&mut self, unfinished: &[Unfinished]) {
        let _ = unfinished;
    }
}
