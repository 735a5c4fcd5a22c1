//! The waterfall chart of the decomposition (`vtsim required --explain`):
//! the calculator's FTE as a bar from zero, each step's increment as a bar
//! floating from the value before it to the value after it (up: more FTE
//! needed, down: fewer), and the simulation's FTE as a bar from zero. Every
//! bar carries its number, so the chart reads in greyscale too.

use super::{
    BLACK, BLUE, Ctx, Dash, GRID, MARGIN_LEFT, NiceAxis, PlotContext, Swatch, TICK_PT, VERMILLION,
    draw_path, font, frame, no_data, over_white,
};
use crate::report::ReportError;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stem of the chart.
pub const NAME: &str = "waterfall";

/// Colour of the two bars from zero (calculator and simulation).
const TOTAL: RGBColor = RGBColor(110, 110, 110);

/// The chain of steps as a waterfall.
#[derive(Debug, Clone, Copy)]
pub struct Waterfall<'a> {
    /// File stem.
    pub name: &'static str,
    /// Title.
    pub title: &'a str,
    /// One label per step, the first the calculator.
    pub labels: &'a [&'a str],
    /// The value after each step (the first is the calculator's figure).
    pub values: &'a [f64],
    /// Label of the last bar, the simulation's value from zero.
    pub total_label: &'a str,
}

/// A label in at most two lines of about `max` characters, split at the
/// space nearest the middle.
fn lines(text: &str, max: usize) -> Vec<String> {
    let n = text.chars().count();
    if n <= max {
        return vec![text.to_string()];
    }
    let mid = n / 2;
    let split = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .filter(|&i| i > 1)
        .min_by_key(|&i| (text[..i].chars().count() as i64 - mid as i64).abs());
    match split {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

impl Waterfall<'_> {
    /// Draws the chart on any backend.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        super::register_font()?;
        let chart = self.name;
        let l = ctx.locale;
        let nl = l.0 == crate::scenario::Language::Nl;
        let legend = [
            (
                Swatch::Fill(TOTAL, 1.0),
                if nl {
                    "rekentool en simulatie"
                } else {
                    "calculator and simulation"
                }
                .to_string(),
            ),
            (
                Swatch::Fill(VERMILLION, 1.0),
                if nl {
                    "meer fte nodig"
                } else {
                    "more FTE needed"
                }
                .to_string(),
            ),
            (
                Swatch::Fill(BLUE, 1.0),
                if nl {
                    "minder fte nodig"
                } else {
                    "fewer FTE needed"
                }
                .to_string(),
            ),
        ];
        let body = frame(root, self.title, &legend, chart)?;
        let n = self.values.len();
        if n == 0 || self.labels.len() != n || self.values.iter().any(|v| !v.is_finite()) {
            return no_data(&body, ctx, chart);
        }
        // Bars: the steps, then the simulation from zero.
        let bars = n + 1;
        let top = self.values.iter().copied().fold(0.0, f64::max);
        let bottom = self.values.iter().copied().fold(0.0, f64::min);
        let y_axis = NiceAxis::new(bottom.min(0.0), top * 1.12, 6, false);
        let label_lines = 3;
        let mut cc = ChartBuilder::on(&body)
            .margin_left(MARGIN_LEFT)
            .margin_right(40)
            .margin_top(12)
            .x_label_area_size(24 + 36 * label_lines)
            .y_label_area_size(120)
            .build_cartesian_2d(
                super::Keyed::new(-0.5, bars as f64 - 0.5, Vec::new()),
                y_axis.range(),
            )
            .ctx(chart)?;
        let yf = |v: &f64| l.num(*v, y_axis.decimals);
        let xf = |_: &f64| String::new();
        cc.configure_mesh()
            .x_label_formatter(&xf)
            .y_label_formatter(&yf)
            .label_style(font(TICK_PT))
            .axis_desc_style(font(TICK_PT))
            .y_desc(if nl { "fte" } else { "FTE" })
            .disable_x_mesh()
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
        let half = 0.32;
        let value_style = font(TICK_PT).pos(Pos::new(HPos::Center, VPos::Bottom));
        let mut prev = 0.0;
        for i in 0..bars {
            let x = i as f64;
            let (from, to, color, text) = if i == 0 || i == n {
                let v = self.values[i.min(n - 1)];
                (0.0, v, TOTAL, l.num(v, 1))
            } else {
                let v = self.values[i];
                let d = v - prev;
                let sign = if d < 0.0 { "−" } else { "+" };
                let c = if d < 0.0 { BLUE } else { VERMILLION };
                (prev, v, c, format!("{sign}{}", l.num(d.abs(), 1)))
            };
            let (lo, hi) = (from.min(to), from.max(to));
            let a = px((x - half, hi));
            let b = px((x + half, lo));
            // At least 3 px, so a step of zero still shows where it lies.
            let b = (b.0, b.1.max(a.1 + 3));
            body.draw(&Rectangle::new([a, b], color.filled()))
                .ctx(chart)?;
            body.draw(&Rectangle::new([a, b], BLACK.stroke_width(2)))
                .ctx(chart)?;
            let (tx, ty) = px((x, hi));
            body.draw_text(&text, &value_style, (tx, ty - 8))
                .ctx(chart)?;
            // The connector to the next bar, at the level this bar ends.
            if i + 1 < bars {
                let end = if i == n { to } else { self.values[i] };
                draw_path(
                    &body,
                    &[px((x + half, end)), px((x + 1.0 - half, end))],
                    over_white(BLACK, 0.6),
                    2,
                    Dash::Dashed,
                    chart,
                )?;
            }
            if i < n {
                prev = self.values[i];
            }
            // The label under the axis: the step's letter, then its name.
            let name = if i == n {
                self.total_label
            } else {
                self.labels[i]
            };
            let mut rows = vec![if i == n {
                String::new()
            } else {
                format!("({})", (b'a' + i as u8) as char)
            }];
            rows.extend(lines(name, 12));
            let (cx, cy) = px((x, y_axis.lo));
            let style = font(TICK_PT).pos(Pos::new(HPos::Center, VPos::Top));
            for (k, row) in rows.iter().enumerate() {
                body.draw_text(row, &style, (cx, cy + 12 + 36 * k as i32))
                    .ctx(chart)?;
            }
        }
        root.present().ctx(chart)
    }
}

impl super::Drawable for Waterfall<'_> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_split_in_two_lines() {
        assert_eq!(lines("+ verzuim", 12), vec!["+ verzuim"]);
        assert_eq!(lines("+ uren per zaak", 12), vec!["+ uren", "per zaak"]);
        assert_eq!(lines("zonder toeval", 12), vec!["zonder", "toeval"]);
    }
}
