//! Chart (b): the share within the legal term per quarter, by completion,
//! for triage, V&V and Onderzoek: median, 50% and 90% bands, the norms, and
//! the observed shares of the scenario.

use super::{
    BLACK, BLUE, Ctx, Dash, GREEN, GRID, Keyed, Marker, ORANGE, PlotContext, Quarter, Swatch,
    TICK_PT, draw_marker, draw_path, font, frame, no_data, norm_of, over_white,
};
use crate::report::ReportError;
use crate::report::labels::{self, Text};
use crate::scenario::Observation;
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stem.
pub const NAME: &str = "compliance";

/// The KPIs drawn, by completion.
pub const KPIS: [&str; 3] = [
    "triage_within_term",
    "vv_within_term",
    "onderzoek_within_term",
];

/// Name, colour, line style and marker of each KPI.
const STYLES: [(Text, RGBColor, Dash, Marker); 3] = [
    (labels::TRIAGE, BLUE, Dash::Solid, Marker::Circle),
    (labels::VV, ORANGE, Dash::Dashed, Marker::Triangle),
    (labels::ONDERZOEK, GREEN, Dash::Dotted, Marker::Square),
];

/// Horizontal offset of each KPI within its quarter, so bands do not overlap.
const DODGE: [f64; 3] = [-0.2, 0.0, 0.2];

/// The data of the compliance chart.
#[derive(Debug, Clone, Copy)]
pub struct ComplianceData<'a> {
    /// The quarters of the horizon, in order.
    pub quarters: &'a [Quarter],
    /// The scenario's observations; those of metric `*_within_term` are drawn
    /// as a segment over `start..=end` (a point when they are one day).
    pub observed: &'a [Observation],
}

/// The x position of a date: quarter `i` spans `i - 0.5 .. i + 0.5`;
/// `after` places the point at the end of the day instead of its start.
fn x_of(quarters: &[Quarter], d: Date, after: bool) -> f64 {
    let last = quarters.len() as f64 - 0.5;
    for (i, q) in quarters.iter().enumerate() {
        if d >= q.start && d <= q.end {
            let len = (q.end - q.start).get_days() as f64 + 1.0;
            let off = (d - q.start).get_days() as f64 + if after { 1.0 } else { 0.0 };
            return i as f64 - 0.5 + off / len;
        }
    }
    match quarters.first() {
        Some(q) if d < q.start => -0.5,
        _ => last,
    }
}

/// Draws the compliance chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: ComplianceData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let q = data.quarters;
    let observed: Vec<(usize, &Observation)> = data
        .observed
        .iter()
        .filter_map(|o| Some((KPIS.iter().position(|k| *k == o.metric)?, o)))
        .filter(|(_, o)| {
            q.first().is_some_and(|f| o.end >= f.start)
                && q.last().is_some_and(|e| o.start <= e.end)
        })
        .collect();
    let mut legend: Vec<(Swatch, String)> = STYLES
        .iter()
        .map(|(name, c, dash, m)| (Swatch::Line(*c, 4, *dash, Some(*m)), l.t(*name).into()))
        .collect();
    legend.push((
        Swatch::Line(GREY_BAND, 11, Dash::Solid, None),
        l.t(labels::BAND50).into(),
    ));
    legend.push((
        Swatch::Line(GREY_BAND, 3, Dash::Solid, None),
        l.t(labels::BAND90).into(),
    ));
    // Few observations are each named with their value; many share one entry.
    if observed.len() <= 4 {
        for (k, o) in &observed {
            let (_, color, dash, marker) = STYLES[*k];
            let swatch = if o.start == o.end {
                Swatch::Point(color, marker)
            } else {
                Swatch::Segment(color, dash)
            };
            let text = l.fill(
                labels::OBSERVED_VALUE,
                &[
                    ("value", &l.pct(o.value)),
                    ("period", &l.span_short(o.start, o.end)),
                ],
            );
            legend.push((swatch, text));
        }
    } else {
        legend.push((
            Swatch::Segment(GREY_BAND, Dash::Solid),
            l.t(labels::OBSERVED).into(),
        ));
    }
    let body = frame(root, l.t(labels::COMPLIANCE_TITLE), &legend, NAME)?;
    let any = q.iter().any(|q| q.kpis.iter().any(Option::is_some));
    if !any {
        no_data(&body, ctx, NAME)?;
        return root.present().ctx(NAME);
    }

    // Y axis: down to the lowest value or norm shown, at least 50–100%.
    let mut lowest: f64 = 1.0;
    for qq in q {
        for p in qq.kpis.iter().flatten() {
            lowest = lowest.min(p.p5);
        }
    }
    for (_, o) in &observed {
        lowest = lowest.min(o.value);
    }
    let lo = (((lowest - 0.02) * 10.0).floor() / 10.0).clamp(0.0, 0.5);
    let keys: Vec<f64> = (0..=10)
        .map(|i| f64::from(i) / 10.0)
        .filter(|y| *y >= lo - 1e-9)
        .collect();
    let (w, _) = body.dim_in_pixel();
    let right = 190;
    let y_area = 150;
    let plot_w = f64::from(w.saturating_sub(right + y_area));
    let per_q = plot_w / q.len().max(1) as f64;
    let label_w = 7.0 * TICK_PT * 0.52 + 24.0;
    let step = ((label_w / per_q).ceil() as usize).max(1);
    let x_keys: Vec<f64> = (0..q.len()).step_by(step).map(|i| i as f64).collect();
    let n = q.len() as f64;
    let mut cc = ChartBuilder::on(&body)
        .margin_left(super::MARGIN_LEFT)
        .margin_right(right)
        .margin_top(16)
        .x_label_area_size(super::X_AREA)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Keyed::new(-0.5, n - 0.5, x_keys), Keyed::new(lo, 1.0, keys))
        .ctx(NAME)?;
    let x_fmt = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 0.01 || i < 0.0 {
            return String::new();
        }
        q.get(i as usize)
            .map(|qq| l.period(&qq.label))
            .unwrap_or_default()
    };
    let y_fmt = |y: &f64| l.pct(*y);
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .y_desc(l.t(labels::WITHIN_TERM_AXIS))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .disable_x_mesh()
        .axis_style(BLACK.stroke_width(2))
        .draw()
        .ctx(NAME)?;
    let base = body.get_base_pixel();
    let px = |(x, y): (f64, f64)| {
        let (a, b) = cc.backend_coord(&(x, y));
        (a - base.0, b - base.1)
    };

    // Norm lines, labelled in the right margin.
    let norm_style = font(TICK_PT).pos(Pos::new(HPos::Left, VPos::Center));
    for (k, (_, color, _, _)) in KPIS.iter().zip(STYLES) {
        let Some(norm) = norm_of(k) else { continue };
        let a = px((-0.5, norm));
        let b = px((n - 0.5, norm));
        draw_path(&body, &[a, b], color, 3, Dash::Long, NAME)?;
        let text = l.fill(labels::NORM_LINE, &[("pct", &l.pct(norm))]);
        body.draw_text(&text, &norm_style.color(&color), (b.0 + 12, b.1))
            .ctx(NAME)?;
    }

    // Observed shares: a thick segment over their period, or a point.
    for (k, o) in &observed {
        let (_, color, dash, marker) = STYLES[*k];
        let a = px((x_of(q, o.start, false), o.value));
        let b = px((x_of(q, o.end, true), o.value));
        if o.start == o.end {
            draw_marker(&body, a, marker, color, 12, NAME)?;
            continue;
        }
        draw_path(&body, &[a, b], color, 8, dash, NAME)?;
        for e in [a, b] {
            draw_path(
                &body,
                &[(e.0, e.1 - 14), (e.0, e.1 + 14)],
                BLACK,
                3,
                Dash::Solid,
                NAME,
            )?;
        }
    }

    // Bands, median lines and markers per KPI.
    for (k, (_, color, dash, marker)) in STYLES.iter().enumerate() {
        let mut line: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
        for (i, qq) in q.iter().enumerate() {
            let Some(p) = qq.kpis[k] else {
                line.push(Vec::new());
                continue;
            };
            let x = i as f64 + DODGE[k];
            draw_path(
                &body,
                &[px((x, p.p5)), px((x, p.p95))],
                *color,
                3,
                Dash::Solid,
                NAME,
            )?;
            draw_path(
                &body,
                &[px((x, p.p25)), px((x, p.p75))],
                over_white(*color, 0.55),
                11,
                Dash::Solid,
                NAME,
            )?;
            if let Some(cur) = line.last_mut() {
                cur.push(px((x, p.p50)));
            }
        }
        for run in &line {
            draw_path(&body, run, *color, 4, *dash, NAME)?;
        }
        for run in &line {
            for pt in run {
                draw_marker(&body, *pt, *marker, *color, 8, NAME)?;
            }
        }
    }
    root.present().ctx(NAME)
}

/// Neutral colour of the band swatches in the legend.
const GREY_BAND: RGBColor = RGBColor(110, 110, 110);
