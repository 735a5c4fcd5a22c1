//! Chart (d): the workforce over time — employed, present and sick FTE with
//! their bands, present after holiday leave, and the budget (formatie).
//! Draws whichever of these daily series `daily.csv` has; sick FTE gets its
//! own panel, because it is an order of magnitude smaller than the staff
//! levels. Both axes start at 0, so a gap of a few FTE looks its size.
//!
//! Staff come in whole people, so the daily percentiles jump between a few
//! levels (blocky bands); every series but the budget is drawn as its
//! centred 4-week moving average, which the chart says. Holiday leave is
//! the scenario's `workforce.leave` share of the month, taken off present
//! FTE (exact for every percentile: it is one factor per day).

use super::{
    BAND50_ALPHA, BAND90_ALPHA, BLACK, BLUE, Band, Ctx, Dash, GREEN, PURPLE, PlotContext,
    SeriesStyle, Swatch, TimePanel, VERMILLION, X_AREA, frame, no_data, time_panel,
};
use crate::report::ReportError;
use crate::report::labels::{self, Text};
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

/// File stem.
pub const NAME: &str = "workforce";

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
    /// Holiday leave per month, as a share of contract time (`workforce.leave`).
    pub leave: &'a [f64; 12],
}

/// Days on each side of the centred moving average (4 weeks in all).
const HALF_WINDOW: usize = 14;

/// The centred moving average of the finite values within
/// [`HALF_WINDOW`] days; NaN where there are none.
pub fn smooth(v: &[f64]) -> Vec<f64> {
    let n = v.len();
    // Prefix sums of the finite values and their count.
    let mut sum = vec![0.0; n + 1];
    let mut cnt = vec![0usize; n + 1];
    for (i, x) in v.iter().enumerate() {
        let ok = x.is_finite();
        sum[i + 1] = sum[i] + if ok { *x } else { 0.0 };
        cnt[i + 1] = cnt[i] + usize::from(ok);
    }
    (0..n)
        .map(|i| {
            if !v[i].is_finite() {
                return f64::NAN;
            }
            let a = i.saturating_sub(HALF_WINDOW);
            let b = (i + HALF_WINDOW + 1).min(n);
            let c = cnt[b] - cnt[a];
            if c == 0 {
                f64::NAN
            } else {
                (sum[b] - sum[a]) / c as f64
            }
        })
        .collect()
}

/// The five percentiles of a band, owned.
type Owned = [Vec<f64>; 5];

fn owned(b: &Band<'_>, f: impl Fn(usize, f64) -> f64) -> Owned {
    [b.p5, b.p25, b.p50, b.p75, b.p95].map(|v| {
        smooth(
            &v.iter()
                .enumerate()
                .map(|(i, x)| f(i, *x))
                .collect::<Vec<_>>(),
        )
    })
}

fn band_of(o: &Owned) -> Band<'_> {
    Band {
        p5: &o[0],
        p25: &o[1],
        p50: &o[2],
        p75: &o[3],
        p95: &o[4],
    }
}

/// Draws the workforce chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: WorkforceData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let style = |color, dash, bands| SeriesStyle { color, dash, bands };
    let plain = |_: usize, x: f64| x;
    let month_leave = |i: usize| {
        data.dates
            .get(i)
            .and_then(|d| {
                data.leave
                    .get(usize::try_from(d.month()).ok()?.checked_sub(1)?)
            })
            .copied()
            .unwrap_or(0.0)
    };
    let employed = data.employed.map(|b| owned(&b, plain));
    let present = data.present.map(|b| owned(&b, plain));
    let after_leave = data
        .present
        .filter(|_| data.leave.iter().any(|x| *x > 0.0))
        .map(|b| owned(&b, |i, x| x * (1.0 - month_leave(i))));
    let sick_owned = data.sick.map(|b| owned(&b, plain));
    let staff: Vec<(Text, Band<'_>, SeriesStyle)> = [
        (labels::BUDGET, data.budget, style(BLACK, Dash::Long, false)),
        (
            labels::EMPLOYED,
            employed.as_ref().map(band_of),
            style(BLUE, Dash::Solid, true),
        ),
        (
            labels::PRESENT,
            present.as_ref().map(band_of),
            style(GREEN, Dash::Dashed, true),
        ),
        (
            labels::PRESENT_AFTER_LEAVE,
            after_leave.as_ref().map(band_of),
            style(PURPLE, Dash::Dotted, false),
        ),
    ]
    .into_iter()
    .filter_map(|(t, b, s)| Some((t, b?, s)))
    .collect();
    let sick = sick_owned.as_ref().map(|b| {
        (
            labels::SICK,
            band_of(b),
            style(VERMILLION, Dash::Solid, true),
        )
    });

    let mut legend: Vec<(Swatch, String)> = staff
        .iter()
        .chain(sick.iter())
        .map(|(t, _, s)| (Swatch::Line(s.color, 4, s.dash, None), l.t(*t).to_string()))
        .collect();
    let band_colors: Vec<RGBColor> = staff
        .iter()
        .chain(sick.iter())
        .filter(|(_, _, s)| s.bands)
        .map(|(_, _, s)| s.color)
        .collect();
    if !band_colors.is_empty() {
        legend.push((
            Swatch::fills(&band_colors, BAND50_ALPHA),
            l.t(labels::BAND50).into(),
        ));
        legend.push((
            Swatch::fills(&band_colors, BAND90_ALPHA),
            l.t(labels::BAND90).into(),
        ));
        legend.push((Swatch::None, l.t(labels::SMOOTHED_4_WEEKS).into()));
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
        from_zero: true,
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
