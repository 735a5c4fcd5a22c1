//! Chart (a): the backlog over time — waiting for triage, waiting for a
//! service, and their sum — as three stacked panels on one date axis.

use super::{
    BAND50_ALPHA, BAND90_ALPHA, BLUE, Band, Ctx, Dash, Marker, PlotContext, SeriesStyle, Swatch,
    TimePanel, VERMILLION, X_AREA, frame, observed_points, time_panel,
};
use crate::report::ReportError;
use crate::report::labels;
use crate::scenario::Observation;
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

/// File stem.
pub const NAME: &str = "backlog";

/// The data of the backlog chart.
#[derive(Debug, Clone, Copy)]
pub struct BacklogData<'a> {
    /// Dates of the horizon.
    pub dates: &'a [Date],
    /// `backlog`: waiting for triage or a service.
    pub total: Option<Band<'a>>,
    /// `backlog_triage`.
    pub triage: Option<Band<'a>>,
    /// `backlog_service`.
    pub service: Option<Band<'a>>,
    /// The scenario's observations; those of metric `backlog`,
    /// `backlog_triage` or `backlog_service` are drawn at their `end` date.
    pub observed: &'a [Observation],
}

/// Draws the backlog chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: BacklogData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let panels = [
        (
            "backlog",
            labels::BACKLOG_TOTAL,
            data.total,
            labels::MELDINGEN_EN_ZAKEN_AXIS,
        ),
        (
            "backlog_triage",
            labels::BACKLOG_TRIAGE,
            data.triage,
            labels::MELDINGEN_AXIS,
        ),
        // A service is for a case (zaak) that came out of a melding.
        (
            "backlog_service",
            labels::BACKLOG_SERVICE,
            data.service,
            labels::ZAKEN_AXIS,
        ),
    ];
    let observed: Vec<Vec<(f64, f64)>> = panels
        .iter()
        .map(|(metric, _, _, _)| observed_points(data.dates, data.observed, metric))
        .collect();
    let mut legend = vec![
        (
            Swatch::Line(BLUE, 4, Dash::Solid, None),
            l.t(labels::MEDIAN).to_string(),
        ),
        (Swatch::Fill(BLUE, BAND50_ALPHA), l.t(labels::BAND50).into()),
        (Swatch::Fill(BLUE, BAND90_ALPHA), l.t(labels::BAND90).into()),
    ];
    if observed.iter().any(|o| !o.is_empty()) {
        legend.push((
            Swatch::Point(VERMILLION, Marker::Diamond),
            l.t(labels::OBSERVED).into(),
        ));
    }
    let body = frame(root, l.t(labels::BACKLOG_TITLE_ZAKEN), &legend, NAME)?;
    let (_, h) = body.dim_in_pixel();
    let each = (h.saturating_sub(X_AREA)) / 3;
    let parts = body.split_by_breakpoints([] as [u32; 0], [each, 2 * each]);
    let style = SeriesStyle {
        color: BLUE,
        dash: Dash::Solid,
        bands: true,
    };
    for (i, ((_, title, band, axis), area)) in panels.iter().zip(&parts).enumerate() {
        let series = [(band.unwrap_or(Band::EMPTY), style)];
        time_panel(
            area,
            ctx,
            data.dates,
            TimePanel {
                title: l.t(*title),
                y_desc: l.t(*axis),
                from_zero: true,
                integer: true,
                show_dates: i == 2,
                series: &series,
                observed: &observed[i],
            },
            NAME,
        )?;
    }
    root.present().ctx(NAME)
}
