//! Chart (d): the workforce over time — employed, present and sick FTE with
//! their bands, and the budget (formatie). Draws whichever of these daily
//! series `daily.csv` has; sick FTE gets its own panel, because it is an
//! order of magnitude smaller than the staff levels.

use super::{
    BAND50_ALPHA, BAND90_ALPHA, BLACK, BLUE, Band, Ctx, Dash, GREEN, PlotContext, SeriesStyle,
    Swatch, TimePanel, VERMILLION, X_AREA, frame, no_data, time_panel,
};
use crate::report::ReportError;
use crate::report::labels::{self, Text};
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

/// File stem.
pub const NAME: &str = "workforce";

/// Neutral colour of the band swatches in the legend.
const GREY_BAND: RGBColor = RGBColor(110, 110, 110);

/// The data of the workforce chart; a series is `None` when `daily.csv`
/// does not have it.
#[derive(Debug, Clone, Copy)]
pub struct WorkforceData<'a> {
    /// Dates of the horizon.
    pub dates: &'a [Date],
    /// `employed_fte`.
    pub employed: Option<Band<'a>>,
    /// `present_fte`.
    pub present: Option<Band<'a>>,
    /// `sick_fte`.
    pub sick: Option<Band<'a>>,
    /// `budget_fte`.
    pub budget: Option<Band<'a>>,
}

/// Draws the workforce chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: WorkforceData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let style = |color, dash, bands| SeriesStyle { color, dash, bands };
    let staff: Vec<(Text, Band<'_>, SeriesStyle)> = [
        (labels::BUDGET, data.budget, style(BLACK, Dash::Long, false)),
        (
            labels::EMPLOYED,
            data.employed,
            style(BLUE, Dash::Solid, true),
        ),
        (
            labels::PRESENT,
            data.present,
            style(GREEN, Dash::Dashed, true),
        ),
    ]
    .into_iter()
    .filter_map(|(t, b, s)| Some((t, b?, s)))
    .collect();
    let sick = data
        .sick
        .map(|b| (labels::SICK, b, style(VERMILLION, Dash::Solid, true)));

    let mut legend: Vec<(Swatch, String)> = staff
        .iter()
        .chain(sick.iter())
        .map(|(t, _, s)| (Swatch::Line(s.color, 4, s.dash, None), l.t(*t).to_string()))
        .collect();
    if !legend.is_empty() {
        legend.push((
            Swatch::Fill(GREY_BAND, BAND50_ALPHA),
            l.t(labels::BAND50).into(),
        ));
        legend.push((
            Swatch::Fill(GREY_BAND, BAND90_ALPHA),
            l.t(labels::BAND90).into(),
        ));
    }
    let body = frame(root, l.t(labels::WORKFORCE_TITLE), &legend, NAME)?;
    if legend.is_empty() || data.dates.is_empty() {
        no_data(&body, ctx, NAME)?;
        return root.present().ctx(NAME);
    }
    let staff_series: Vec<(Band<'_>, SeriesStyle)> =
        staff.iter().map(|(_, b, s)| (*b, *s)).collect();
    let names: Vec<&str> = staff.iter().map(|(t, _, _)| l.t(*t)).collect();
    let staff_title = l.list(&names);
    let sick_title = l.list(&[l.t(labels::SICK)]);
    let staff_panel = |show_dates| TimePanel {
        title: &staff_title,
        y_desc: l.t(labels::FTE_AXIS),
        from_zero: false,
        integer: false,
        show_dates,
        series: &staff_series,
        observed: &[],
    };
    let sick_series: Vec<(Band<'_>, SeriesStyle)> = sick.iter().map(|(_, b, s)| (*b, *s)).collect();
    let sick_panel = TimePanel {
        title: &sick_title,
        y_desc: l.t(labels::FTE_AXIS),
        from_zero: true,
        integer: false,
        show_dates: true,
        series: &sick_series,
        observed: &[],
    };
    match (staff_series.is_empty(), sick_series.is_empty()) {
        (_, true) => time_panel(&body, ctx, data.dates, staff_panel(true), NAME)?,
        (true, false) => time_panel(&body, ctx, data.dates, sick_panel, NAME)?,
        (false, false) => {
            let (_, h) = body.dim_in_pixel();
            let top = (h.saturating_sub(X_AREA)) * 3 / 5;
            let (upper, lower) = body.split_vertically(top);
            time_panel(&upper, ctx, data.dates, staff_panel(false), NAME)?;
            time_panel(&lower, ctx, data.dates, sick_panel, NAME)?;
        }
    }
    root.present().ctx(NAME)
}
