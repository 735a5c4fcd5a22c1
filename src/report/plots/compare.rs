//! Charts of a comparison: the backlog of every scenario on one axis (the
//! base in grey), the paired differences with the base per quarter with
//! their intervals, and the distribution of the yearly paired difference.

use super::{
    BLACK, BLUE, Band, Ctx, Dash, GREEN, GRID, Keyed, MARGIN_LEFT, Marker, NiceAxis, ORANGE,
    PURPLE, PlotContext, SeriesStyle, Swatch, TICK_PT, TimePanel, VERMILLION, draw_marker,
    draw_path, font, frame, no_data, panel_title, time_panel,
};
use crate::report::ReportError;
use crate::report::labels::Locale;
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Colour of the base scenario.
pub const BASE_GREY: RGBColor = RGBColor(110, 110, 110);

/// Colour and line style of scenario `i` (0 = the base): told apart by
/// more than colour.
pub(crate) fn style_of(i: usize) -> (RGBColor, Dash, Marker) {
    const OTHERS: [(RGBColor, Dash, Marker); 5] = [
        (BLUE, Dash::Dashed, Marker::Circle),
        (ORANGE, Dash::Dotted, Marker::Triangle),
        (GREEN, Dash::Long, Marker::Square),
        (PURPLE, Dash::Dashed, Marker::Diamond),
        (VERMILLION, Dash::Dotted, Marker::Circle),
    ];
    if i == 0 {
        (BASE_GREY, Dash::Solid, Marker::Square)
    } else {
        OTHERS[(i - 1) % OTHERS.len()]
    }
}

/// One scenario's backlog band.
#[derive(Debug, Clone, Copy)]
pub struct FanSeries<'a> {
    /// Legend text.
    pub name: &'a str,
    /// Its band.
    pub band: Band<'a>,
}

/// Intervals of the paired difference per period, for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffSeries {
    /// Legend text.
    pub name: String,
    /// Per period: median, 2.5% and 97.5% of the paired differences.
    pub points: Vec<(f64, f64, f64)>,
}

/// A chart of a comparison.
#[derive(Debug, Clone, Copy)]
pub enum CompareChart<'a> {
    /// Backlog of every scenario over time.
    Fan {
        /// Title.
        title: &'a str,
        /// Y axis description.
        y_desc: &'a str,
        /// Dates of the horizon.
        dates: &'a [Date],
        /// The base first.
        series: &'a [FanSeries<'a>],
    },
    /// Paired differences per period with intervals.
    Quarters {
        /// Title.
        title: &'a str,
        /// Y axis description.
        y_desc: &'a str,
        /// Period labels (x axis).
        periods: &'a [String],
        /// One per scenario other than the base.
        series: &'a [DiffSeries],
    },
    /// Histograms of the paired yearly difference.
    Distribution {
        /// Title.
        title: &'a str,
        /// X axis description.
        x_desc: &'a str,
        /// Per scenario other than the base: name and the paired differences.
        series: &'a [(String, Vec<f64>)],
    },
}

impl CompareChart<'_> {
    /// File stem.
    pub fn name(&self) -> &'static str {
        match self {
            CompareChart::Fan { .. } => "compare-backlog",
            CompareChart::Quarters { .. } => "compare-quarters",
            CompareChart::Distribution { .. } => "compare-distribution",
        }
    }

    /// Draws the chart on any backend.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        super::register_font()?;
        match *self {
            CompareChart::Fan {
                title,
                y_desc,
                dates,
                series,
            } => fan(root, ctx, title, y_desc, dates, series),
            CompareChart::Quarters {
                title,
                y_desc,
                periods,
                series,
            } => quarters(root, ctx, title, y_desc, periods, series),
            CompareChart::Distribution {
                title,
                x_desc,
                series,
            } => distribution(root, ctx, title, x_desc, series),
        }
    }
}

fn fan<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    title: &str,
    y_desc: &str,
    dates: &[Date],
    series: &[FanSeries<'_>],
) -> Result<(), ReportError> {
    let chart = "compare-backlog";
    let legend: Vec<(Swatch, String)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (c, d, _) = style_of(i);
            (Swatch::Line(c, 4, d, None), s.name.to_string())
        })
        .collect();
    let body = frame(root, title, &legend, chart)?;
    // Every scenario with its bands when one is compared with the base;
    // with more, the bands of several would hide each other: the base keeps
    // its bands, the others show their median.
    let few = series.len() <= 2;
    let styled: Vec<(Band<'_>, SeriesStyle)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (color, dash, _) = style_of(i);
            (
                s.band,
                SeriesStyle {
                    color,
                    dash,
                    bands: i == 0 || few,
                },
            )
        })
        .collect();
    time_panel(
        &body,
        ctx,
        dates,
        TimePanel {
            title: "",
            y_desc,
            from_zero: true,
            integer: true,
            show_dates: true,
            series: &styled,
            observed: &[],
        },
        chart,
    )?;
    root.present().ctx(chart)
}

fn quarters<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    title: &str,
    y_desc: &str,
    periods: &[String],
    series: &[DiffSeries],
) -> Result<(), ReportError> {
    let chart = "compare-quarters";
    let legend: Vec<(Swatch, String)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (c, _, m) = style_of(i + 1);
            (Swatch::Line(c, 4, Dash::Solid, Some(m)), s.name.clone())
        })
        .collect();
    let body = frame(root, title, &legend, chart)?;
    let values: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [p.0, p.1, p.2]))
        .filter(|x| x.is_finite())
        .collect();
    if periods.is_empty() || values.is_empty() {
        return no_data(&body, ctx, chart);
    }
    let lo = values.iter().copied().fold(0.0, f64::min);
    let hi = values.iter().copied().fold(0.0, f64::max);
    let pad = ((hi - lo) * 0.1).max(0.01);
    let y = NiceAxis::new(lo - pad, hi + pad, 5, false);
    let n = periods.len();
    let keys: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let l = ctx.locale;
    let mut cc = ChartBuilder::on(&body)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(16)
        .x_label_area_size(70)
        .y_label_area_size(140)
        .build_cartesian_2d(Keyed::new(-0.6, n as f64 - 0.4, keys), y.range())
        .ctx(chart)?;
    let x_fmt = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 0.01 && i >= 0.0 {
            periods.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let y_fmt = |v: &f64| pp_label(l, *v, y.decimals);
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .y_desc(y_desc)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(BLACK.stroke_width(2))
        .draw()
        .ctx(chart)?;
    let base = body.get_base_pixel();
    let px = |(x, y): (f64, f64)| {
        let (a, b) = cc.backend_coord(&(x, y));
        (a - base.0, b - base.1)
    };
    // The zero line: no difference with the base.
    draw_path(
        &body,
        &[px((-0.6, 0.0)), px((n as f64 - 0.4, 0.0))],
        BLACK,
        2,
        Dash::Solid,
        chart,
    )?;
    let k = series.len().max(1) as f64;
    for (si, s) in series.iter().enumerate() {
        let (color, _, marker) = style_of(si + 1);
        let offset = if k > 1.0 {
            -0.25 + 0.5 * si as f64 / (k - 1.0)
        } else {
            0.0
        };
        for (pi, (med, lo, hi)) in s.points.iter().enumerate() {
            if !(med.is_finite() && lo.is_finite() && hi.is_finite()) {
                continue;
            }
            let x = pi as f64 + offset;
            draw_path(
                &body,
                &[px((x, *lo)), px((x, *hi))],
                color,
                5,
                Dash::Solid,
                chart,
            )?;
            for end in [*lo, *hi] {
                let (cx, cy) = px((x, end));
                draw_path(
                    &body,
                    &[(cx - 10, cy), (cx + 10, cy)],
                    color,
                    4,
                    Dash::Solid,
                    chart,
                )?;
            }
            draw_marker(&body, px((x, *med)), marker, color, 9, chart)?;
        }
    }
    root.present().ctx(chart)
}

/// A difference in percentage points as an axis label.
fn pp_label(l: Locale, v: f64, decimals: usize) -> String {
    let d = decimals.saturating_sub(2);
    let s = l.num(v * 100.0, d);
    if v > 0.0 { format!("+{s}") } else { s }
}

fn distribution<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    title: &str,
    x_desc: &str,
    series: &[(String, Vec<f64>)],
) -> Result<(), ReportError> {
    let chart = "compare-distribution";
    let legend: Vec<(Swatch, String)> = series
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let (c, d, _) = style_of(i + 1);
            let d = if i == 0 { Dash::Solid } else { d };
            (Swatch::Line(c, 4, d, None), name.clone())
        })
        .collect();
    let body = frame(root, title, &legend, chart)?;
    let all: Vec<f64> = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .filter(|x| x.is_finite())
        .collect();
    let Some((start, width, _)) = super::distribution::bins(&all, 0.0) else {
        return no_data(&body, ctx, chart);
    };
    let hists: Vec<Vec<usize>> = series
        .iter()
        .map(|(_, v)| {
            let nb = (((all.iter().copied().fold(0.0, f64::max) - start) / width - 1e-9).ceil()
                as usize)
                .max(1);
            let mut counts = vec![0; nb];
            for x in v.iter().filter(|x| x.is_finite()) {
                let i = (((x - start) / width) + 1e-9).floor().max(0.0) as usize;
                counts[i.min(nb - 1)] += 1;
            }
            counts
        })
        .collect();
    let shares: Vec<Vec<f64>> = hists
        .iter()
        .map(|h| {
            let total: usize = h.iter().sum();
            h.iter().map(|c| *c as f64 / total.max(1) as f64).collect()
        })
        .collect();
    let top = shares.iter().flatten().copied().fold(0.0, f64::max);
    let nb = hists.first().map_or(1, Vec::len);
    let x_lo = start.min(0.0) - width;
    let x_hi = (start + nb as f64 * width).max(0.0) + width;
    let x = NiceAxis::new(x_lo, x_hi, 8, false);
    let y = NiceAxis::new(0.0, top * 1.1, 4, false);
    let l = ctx.locale;
    let area = panel_title(&body, "", 0, chart)?;
    let mut cc = ChartBuilder::on(&area)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(4)
        .x_label_area_size(80)
        .y_label_area_size(140)
        .build_cartesian_2d(x.range(), y.range())
        .ctx(chart)?;
    let x_fmt = |v: &f64| pp_label(l, *v, x.decimals);
    let y_fmt = |v: &f64| format!("{}%", l.num(*v * 100.0, y.decimals.saturating_sub(2)));
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .x_desc(x_desc)
        .y_desc(l.t(crate::report::labels::SHARE_OF_RUNS_AXIS))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(BLACK.stroke_width(2))
        .draw()
        .ctx(chart)?;
    let base = area.get_base_pixel();
    let px = |(x, y): (f64, f64)| {
        let (a, b) = cc.backend_coord(&(x, y));
        (a - base.0, b - base.1)
    };
    // A light fill under each scenario's histogram, then the step
    // outlines on top, so that overlapping ones stay visible. The first
    // scenario's outline is solid; the others keep their dash pattern.
    let outline = |s: &[f64]| {
        let mut pts = vec![px((start, 0.0))];
        for (b, v) in s.iter().enumerate() {
            let a = start + b as f64 * width;
            pts.push(px((a, *v)));
            pts.push(px((a + width, *v)));
        }
        pts.push(px((start + s.len() as f64 * width, 0.0)));
        pts
    };
    let alpha = if shares.len() > 1 { 0.18 } else { 0.35 };
    for (si, s) in shares.iter().enumerate() {
        let (color, _, _) = style_of(si + 1);
        area.draw(&Polygon::new(outline(s), color.mix(alpha).filled()))
            .ctx(chart)?;
    }
    for (si, s) in shares.iter().enumerate() {
        let (color, dash, _) = style_of(si + 1);
        let dash = if si == 0 { Dash::Solid } else { dash };
        draw_path(&area, &outline(s), color, 3, dash, chart)?;
    }
    // No difference.
    draw_path(
        &area,
        &[px((0.0, 0.0)), px((0.0, y.hi))],
        BLACK,
        3,
        Dash::Dashed,
        chart,
    )?;
    root.present().ctx(chart)
}

impl super::Drawable for CompareChart<'_> {
    fn chart_name(&self) -> &'static str {
        self.name()
    }
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        self.draw(root, ctx)
    }
}
