//! Chart (b): the share within the legal term per quarter, by completion,
//! for triage, V&V and Onderzoek: median, 50% and 90% bands, the norms, and
//! the observed shares of the scenario.
//!
//! The y axis runs from 0 to 100%. Each norm is a thin solid line with ticks
//! (no series is drawn so) in its series' colour, named after the series
//! ("norm Veiligheidsbeoordeling 95%"). Observed shares are segments at
//! their value, each labelled; segments closer than [`MIN_GAP`] px are
//! pushed apart by a few pixels so none hides another.

use super::{
    BLACK, BLUE, Ctx, Dash, GREEN, GRID, Keyed, Marker, ORANGE, PlotContext, Quarter, Swatch,
    TICK_PT, draw_marker, draw_norm, draw_path, font, frame, no_data, norm_of, over_white,
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

/// Smallest vertical distance in pixels between two observed segments over
/// the same dates, and between two labels.
pub const MIN_GAP: i32 = 9;

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
    let colors = STYLES.map(|s| s.1);
    legend.push((
        Swatch::lines(&colors.map(|c| over_white(c, 0.55)), 11),
        l.t(labels::BAND50).into(),
    ));
    legend.push((Swatch::lines(&colors, 3), l.t(labels::BAND90).into()));
    legend.push((Swatch::Norm(BLACK), l.t(labels::NORM_LINES).into()));
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
                labels::OBSERVED_OF,
                &[
                    ("name", l.t(STYLES[*k].0)),
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

    // Y axis: 0–100%, so a share's distance from the norm looks its size.
    let lo = 0.0;
    let keys: Vec<f64> = (0..=10).map(|i| f64::from(i) / 10.0).collect();
    let (w, _) = body.dim_in_pixel();
    let right = 40;
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

    // Norm lines, each named after its series, the label above its right end.
    let norm_style = font(TICK_PT).pos(Pos::new(HPos::Right, VPos::Bottom));
    for (k, (name, color, _, _)) in KPIS.iter().zip(STYLES) {
        let Some(norm) = norm_of(k) else { continue };
        let a = px((-0.5, norm));
        let b = px((n - 0.5, norm));
        draw_norm(&body, a, b, color, NAME)?;
        let text = l.fill(
            labels::NORM_OF,
            &[("name", l.t(name)), ("pct", &l.pct(norm))],
        );
        label_box(&body, &text, (b.0 - 8, b.1 - 12), &norm_style.color(&color))?;
    }

    // Observed shares: a segment over their period, or a point; segments over
    // overlapping dates closer than MIN_GAP px are pushed apart.
    // (KPI, observation, start and end in pixels).
    type Mark<'o> = (usize, &'o Observation, (i32, i32), (i32, i32));
    let mut marks: Vec<Mark<'_>> = observed
        .iter()
        .map(|(k, o)| {
            let a = px((x_of(q, o.start, false), o.value));
            let b = px((x_of(q, o.end, true), o.value));
            (*k, *o, a, b)
        })
        .collect();
    marks.sort_by_key(|m| (m.2.1, m.0));
    for i in 1..marks.len() {
        for j in 0..i {
            let (pa, pb) = (marks[j].2, marks[j].3);
            let (a, b) = (marks[i].2, marks[i].3);
            let overlap = a.0 <= pb.0 && pa.0 <= b.0;
            if overlap && marks[i].2.1 - marks[j].2.1 < MIN_GAP {
                let y = marks[j].2.1 + MIN_GAP;
                marks[i].2.1 = y;
                marks[i].3.1 = y;
            }
        }
    }
    let mut label_ys: Vec<i32> = Vec::new();
    let mut labels_later: Vec<(String, (i32, i32), RGBColor)> = Vec::new();
    for (k, o, a, b) in &marks {
        let (_, color, dash, marker) = STYLES[*k];
        if o.start == o.end {
            draw_marker(&body, *a, marker, color, 12, NAME)?;
        } else {
            draw_path(&body, &[*a, *b], color, 6, dash, NAME)?;
            for e in [*a, *b] {
                draw_path(
                    &body,
                    &[(e.0, e.1 - 12), (e.0, e.1 + 12)],
                    BLACK,
                    3,
                    Dash::Solid,
                    NAME,
                )?;
            }
        }
        // Its value right of the segment's end (drawn last, over the
        // series), moved down while it would touch a label already placed.
        let mut y = b.1;
        while label_ys.iter().any(|ly| (ly - y).abs() < 28) {
            y += 28;
        }
        label_ys.push(y);
        labels_later.push((l.pct(o.value), (b.0 + 10, y), color_dark(color)));
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
    for (text, at, color) in &labels_later {
        let style = font(TICK_PT)
            .color(color)
            .pos(Pos::new(HPos::Left, VPos::Center));
        label_box(&body, text, *at, &style)?;
    }
    root.present().ctx(NAME)
}

/// Neutral colour of the legend entry standing for many observations.
const GREY_BAND: RGBColor = RGBColor(110, 110, 110);

/// A darker shade of a series colour, for text on white (orange and green
/// text are hard to read at their full lightness).
fn color_dark(c: RGBColor) -> RGBColor {
    let f = |x: u8| (f64::from(x) * 0.7).round() as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// Writes a text with a white box behind it, so grid and lines do not run
/// through it.
fn label_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> Result<(), ReportError> {
    let (w, h) = area.estimate_text_size(text, style).ctx(NAME)?;
    let (w, h) = (w as i32, h as i32);
    let x0 = match style.pos.h_pos {
        HPos::Left => at.0,
        HPos::Center => at.0 - w / 2,
        HPos::Right => at.0 - w,
    };
    let y0 = match style.pos.v_pos {
        VPos::Top => at.1,
        VPos::Center => at.1 - h / 2,
        VPos::Bottom => at.1 - h,
    };
    area.draw(&Rectangle::new(
        [(x0 - 4, y0 - 2), (x0 + w + 4, y0 + h + 2)],
        WHITE.mix(0.85).filled(),
    ))
    .ctx(NAME)?;
    area.draw_text(text, style, at).ctx(NAME)
}
