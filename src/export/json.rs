//! `summary.json`: the summaries, what each KPI means, and the resolved
//! scenario they came from.

use crate::error::Error;
use crate::export::dictionary::{Column, KPI_COLUMNS};
use crate::scenario::Scenario;
use crate::summary::ResultSummary;
use serde::ser::SerializeMap;

/// The file: every field of the summary, the definitions of the KPIs, then
/// the resolved scenario. A reader of the summary alone
/// ([`ResultSummary`]) skips the last two.
#[derive(serde::Serialize)]
struct SummaryFile<'a> {
    #[serde(flatten)]
    summary: &'a ResultSummary,
    kpi_definitions: Definitions,
    scenario: &'a Scenario,
}

/// Unit, name, description and reference of every KPI, in column order
/// (from the data dictionary, [`KPI_COLUMNS`]).
struct Definitions;

#[derive(serde::Serialize)]
struct Definition {
    unit: &'static str,
    label: &'static str,
    description: &'static str,
    reference: &'static str,
}

impl From<&Column> for Definition {
    fn from(c: &Column) -> Self {
        Definition {
            unit: c.unit.name(),
            label: c.label().en,
            description: c.meaning.en,
            reference: c.reference,
        }
    }
}

impl serde::Serialize for Definitions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(KPI_COLUMNS.len()))?;
        for c in &KPI_COLUMNS {
            m.serialize_entry(c.name, &Definition::from(c))?;
        }
        m.end()
    }
}

/// `summary.json`, pretty-printed, ending in a newline.
pub fn summary(summary: &ResultSummary, scenario: &Scenario) -> Result<Vec<u8>, Error> {
    let mut v = serde_json::to_vec_pretty(&SummaryFile {
        summary,
        kpi_definitions: Definitions,
        scenario,
    })
    .map_err(|e| Error::Internal {
        message: format!("could not format summary.json: {e}"),
    })?;
    v.push(b'\n');
    Ok(v)
}
