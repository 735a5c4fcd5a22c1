//! The chart of a sweep: one KPI against the swept parameter (median, the
//! bands of 50% and 90% of the runs, the norm), and below it the share of
//! runs that meet the norm.

use super::{
    BAND50_ALPHA, BAND90_ALPHA, BLACK, BLUE, Ctx, Dash, GRID, MARGIN_LEFT, Marker, NiceAxis,
    PlotContext, SIZE, Swatch, TICK_PT, VERMILLION, draw_marker, draw_path, font, frame, no_data,
    panel_title,
};
use crate::report::ReportError;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A KPI against a parameter.
#[derive(Debug, Clone, Copy)]
pub struct SweepChart<'a> {
    /// File stem, e.g. `sweep-triage_within_term`.
    pub name: &'static str,
    /// Title.
    pub title: &'a str,
    /// The parameter (x axis).
    pub x_desc: &'a str,
    /// The KPI (y axis).
    pub y_desc: &'a str,
    /// Legend texts: median, 50%, 90%, norm.
    pub legend: [&'a str; 4],
    /// Title of the lower panel (share of runs meeting the norm).
    pub p_title: &'a str,
    /// The parameter's values.
    pub x: &'a [f64],
    /// Median, 5, 25, 75, 95% per value.
    pub bands: [&'a [f64]; 5],
    /// The norm, for a share KPI that has one.
    pub norm: Option<f64>,
    /// Share of runs meeting the norm per value.
    pub p_norm: Option<&'a [f64]>,
    /// The KPI is a share (axis in %).
    pub share: bool,
}

impl SweepChart<'_> {
    /// Draws the chart on any backend.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        super::register_font()?;
        let chart = self.name;
        let mut legend = vec![
            (
                Swatch::Line(BLUE, 4, Dash::Solid, Some(Marker::Circle)),
                self.legend[0].to_string(),
            ),
            (Swatch::Fill(BLUE, BAND50_ALPHA), self.legend[1].to_string()),
            (Swatch::Fill(BLUE, BAND90_ALPHA), self.legend[2].to_string()),
        ];
        if self.norm.is_some() {
            legend.push((
                Swatch::Line(VERMILLION, 3, Dash::Dashed, None),
                self.legend[3].to_string(),
            ));
        }
        let body = frame(root, self.title, &legend, chart)?;
        let [med, p5, p25, p75, p95] = self.bands;
        let ys: Vec<f64> = [p5, p95, med]
            .iter()
            .flat_map(|v| v.iter().copied())
            .chain(self.norm)
            .filter(|v| v.is_finite())
            .collect();
        if self.x.is_empty() || ys.is_empty() {
            return no_data(&body, ctx, chart);
        }
        let (top, bottom) = match self.p_norm {
            Some(_) => body.split_vertically((SIZE.1 as f64 * 0.5) as u32),
            None => (body.clone(), body.split_vertically(SIZE.1).1),
        };
        let x_lo = self.x.iter().copied().fold(f64::INFINITY, f64::min);
        let x_hi = self.x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if x_hi > x_lo {
            (x_hi - x_lo) * 0.03
        } else {
            1.0
        };
        let x_axis = NiceAxis::new(x_lo - pad, x_hi + pad, 8, false);
        let (y_lo, y_hi) = if self.share {
            (0.0, 1.0)
        } else {
            (0.0, ys.iter().copied().fold(0.0, f64::max) * 1.05)
        };
        let y_axis = NiceAxis::new(y_lo, y_hi, 5, !self.share);
        let l = ctx.locale;
        let xf = |v: &f64| l.num(*v, x_axis.decimals);
        let yf = |v: &f64| {
            if self.share {
                format!("{}%", l.num(*v * 100.0, y_axis.decimals.saturating_sub(2)))
            } else {
                l.num(*v, y_axis.decimals)
            }
        };
        let show_x_on_top = self.p_norm.is_none();
        let mut cc = ChartBuilder::on(&top)
            .margin_left(MARGIN_LEFT)
            .margin_right(40)
            .margin_top(12)
            .x_label_area_size(if show_x_on_top { 80 } else { 30 })
            .y_label_area_size(140)
            .build_cartesian_2d(x_axis.range(), y_axis.range())
            .ctx(chart)?;
        let mut mesh = cc.configure_mesh();
        mesh.x_label_formatter(&xf)
            .y_label_formatter(&yf)
            .label_style(font(TICK_PT))
            .axis_desc_style(font(TICK_PT))
            .y_desc(self.y_desc)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(BLACK.stroke_width(2));
        if show_x_on_top {
            mesh.x_desc(self.x_desc);
        }
        mesh.draw().ctx(chart)?;
        let base = top.get_base_pixel();
        let px = |(x, y): (f64, f64)| {
            let (a, b) = cc.backend_coord(&(x, y));
            (a - base.0, b - base.1)
        };
        let ok = |i: usize| {
            [med[i], p5[i], p25[i], p75[i], p95[i]]
                .iter()
                .all(|v| v.is_finite())
        };
        let idx: Vec<usize> = (0..self.x.len()).filter(|&i| ok(i)).collect();
        for (lo, hi, alpha) in [(p5, p95, BAND90_ALPHA), (p25, p75, BAND50_ALPHA)] {
            if idx.len() > 1 {
                let mut pts: Vec<(i32, i32)> =
                    idx.iter().map(|&i| px((self.x[i], hi[i]))).collect();
                pts.extend(idx.iter().rev().map(|&i| px((self.x[i], lo[i]))));
                top.draw(&Polygon::new(pts, BLUE.mix(alpha).filled()))
                    .ctx(chart)?;
            }
        }
        let line: Vec<(i32, i32)> = idx.iter().map(|&i| px((self.x[i], med[i]))).collect();
        if line.len() > 1 {
            draw_path(&top, &line, BLUE, 4, Dash::Solid, chart)?;
        }
        for p in &line {
            draw_marker(&top, *p, Marker::Circle, BLUE, 7, chart)?;
        }
        if let Some(n) = self.norm {
            draw_path(
                &top,
                &[px((x_axis.lo, n)), px((x_axis.hi, n))],
                VERMILLION,
                3,
                Dash::Dashed,
                chart,
            )?;
        }
        let Some(p) = self.p_norm else {
            return root.present().ctx(chart);
        };
        let area = panel_title(&bottom, self.p_title, MARGIN_LEFT as i32 + 150, chart)?;
        let p_axis = NiceAxis::new(0.0, 1.0, 4, false);
        let pf = |v: &f64| format!("{}%", l.num(*v * 100.0, 0));
        let mut cp = ChartBuilder::on(&area)
            .margin_left(MARGIN_LEFT)
            .margin_right(40)
            .margin_top(4)
            .x_label_area_size(80)
            .y_label_area_size(140)
            .build_cartesian_2d(x_axis.range(), p_axis.range())
            .ctx(chart)?;
        cp.configure_mesh()
            .x_label_formatter(&xf)
            .y_label_formatter(&pf)
            .label_style(font(TICK_PT))
            .axis_desc_style(font(TICK_PT))
            .x_desc(self.x_desc)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(BLACK.stroke_width(2))
            .draw()
            .ctx(chart)?;
        let base = area.get_base_pixel();
        let pp = |(x, y): (f64, f64)| {
            let (a, b) = cp.backend_coord(&(x, y));
            (a - base.0, b - base.1)
        };
        let pts: Vec<(i32, i32)> = self
            .x
            .iter()
            .zip(p)
            .filter(|(_, v)| v.is_finite())
            .map(|(x, v)| pp((*x, *v)))
            .collect();
        if pts.len() > 1 {
            draw_path(&area, &pts, BLACK, 3, Dash::Solid, chart)?;
        }
        for q in &pts {
            draw_marker(&area, *q, Marker::Square, VERMILLION, 7, chart)?;
        }
        root.present().ctx(chart)
    }
}

/// A grid of two parameters: the share of runs meeting a norm at every
/// combination, as coloured cells with the percentage written in each.
#[derive(Debug, Clone, Copy)]
pub struct HeatMap<'a> {
    /// File stem.
    pub name: &'static str,
    /// Title.
    pub title: &'a str,
    /// The first parameter (x axis) and its values.
    pub x_desc: &'a str,
    /// Its values.
    pub x: &'a [f64],
    /// The second parameter (y axis).
    pub y_desc: &'a str,
    /// Its values.
    pub y: &'a [f64],
    /// Share per cell, `share[i * y.len() + j]` for x[i], y[j].
    pub share: &'a [f64],
    /// Legend text of the darkest colour ("100% of runs meet the norm").
    pub top: &'a str,
}

impl HeatMap<'_> {
    /// Draws the chart on any backend.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        super::register_font()?;
        let chart = self.name;
        let l = ctx.locale;
        let legend = [
            (Swatch::Fill(BLUE, 0.08), "0%".to_string()),
            (Swatch::Fill(BLUE, 0.5), "50%".to_string()),
            (Swatch::Fill(BLUE, 1.0), self.top.to_string()),
        ];
        let body = frame(root, self.title, &legend, chart)?;
        let (nx, ny) = (self.x.len(), self.y.len());
        if nx == 0 || ny == 0 || self.share.len() != nx * ny {
            return no_data(&body, ctx, chart);
        }
        let keys = |n: usize| (0..n).map(|i| i as f64).collect::<Vec<f64>>();
        let mut cc = ChartBuilder::on(&body)
            .margin_left(MARGIN_LEFT)
            .margin_right(40)
            .margin_top(12)
            .x_label_area_size(90)
            .y_label_area_size(160)
            .build_cartesian_2d(
                super::Keyed::new(-0.5, nx as f64 - 0.5, keys(nx)),
                super::Keyed::new(-0.5, ny as f64 - 0.5, keys(ny)),
            )
            .ctx(chart)?;
        let label = |values: &[f64], v: f64| {
            let i = v.round();
            if (v - i).abs() < 0.01 && i >= 0.0 && (i as usize) < values.len() {
                let s = l.num(values[i as usize], 4);
                if s.contains([',', '.']) {
                    s.trim_end_matches('0')
                        .trim_end_matches([',', '.'])
                        .to_string()
                } else {
                    s
                }
            } else {
                String::new()
            }
        };
        let xf = |v: &f64| label(self.x, *v);
        let yf = |v: &f64| label(self.y, *v);
        cc.configure_mesh()
            .x_label_formatter(&xf)
            .y_label_formatter(&yf)
            .label_style(font(TICK_PT))
            .axis_desc_style(font(TICK_PT))
            .x_desc(self.x_desc)
            .y_desc(self.y_desc)
            .disable_mesh()
            .axis_style(BLACK.stroke_width(2))
            .draw()
            .ctx(chart)?;
        for i in 0..nx {
            for j in 0..ny {
                let p = self.share[i * ny + j];
                let (x, y) = (i as f64, j as f64);
                let fill = if p.is_finite() {
                    BLUE.mix(0.08 + 0.92 * p.clamp(0.0, 1.0)).filled()
                } else {
                    WHITE.filled()
                };
                cc.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    fill,
                )))
                .ctx(chart)?;
                cc.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                    WHITE.stroke_width(2),
                )))
                .ctx(chart)?;
                let text = if p.is_finite() {
                    format!("{}%", l.num(p * 100.0, 0))
                } else {
                    "–".into()
                };
                let color = if p.is_finite() && p > 0.55 {
                    WHITE
                } else {
                    BLACK
                };
                let style =
                    font(TICK_PT)
                        .color(&color)
                        .pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Center,
                            plotters::style::text_anchor::VPos::Center,
                        ));
                cc.draw_series(std::iter::once(Text::new(text, (x, y), style)))
                    .ctx(chart)?;
            }
        }
        root.present().ctx(chart)
    }
}

impl super::Drawable for SweepChart<'_> {
    fn chart_name(&self) -> &'static str {
        self.name
    }
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        self.draw(root, ctx)
    }
}

impl super::Drawable for HeatMap<'_> {
    fn chart_name(&self) -> &'static str {
        self.name
    }
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        self.draw(root, ctx)
    }
}
