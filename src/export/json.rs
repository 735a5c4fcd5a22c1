//! `summary.json`: the summaries and the resolved scenario they came from.

use crate::error::Error;
use crate::scenario::Scenario;
use crate::summary::ResultSummary;

/// The file: every field of the summary, then the resolved scenario.
#[derive(serde::Serialize)]
struct SummaryFile<'a> {
    #[serde(flatten)]
    summary: &'a ResultSummary,
    scenario: &'a Scenario,
}

/// `summary.json`, pretty-printed, ending in a newline.
pub fn summary(summary: &ResultSummary, scenario: &Scenario) -> Result<Vec<u8>, Error> {
    let mut v = serde_json::to_vec_pretty(&SummaryFile { summary, scenario }).map_err(|e| {
        Error::Internal {
            message: format!("could not format summary.json: {e}"),
        }
    })?;
    v.push(b'\n');
    Ok(v)
}
