//! Chart (c): how the yearly share within the legal term is distributed
//! across runs, one histogram per KPI with a norm, the norm marked and the
//! probability of meeting it in the panel title.

use super::{
    BLACK, BLUE, Ctx, Dash, DistributionPanel, GRID, Keyed, MARGIN_LEFT, NiceAxis, ORANGE,
    PlotContext, Swatch, TICK_PT, draw_path, font, frame, no_data, panel_title,
};
use crate::report::ReportError;
use crate::report::labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stem.
pub const NAME: &str = "distribution";

/// The KPIs drawn: those with a norm, by completion.
pub const KPIS: [&str; 2] = ["triage_within_term", "onderzoek_within_term"];

/// The data of the distribution chart.
#[derive(Debug, Clone, Copy)]
pub struct DistributionData<'a> {
    /// The year drawn (period label).
    pub year: &'a str,
    /// One panel per KPI.
    pub panels: &'a [DistributionPanel],
}

/// Histogram bins: the first edge, the width and the count per bin. Edges
/// are aligned on the norm, so a bin is wholly above or below it; a value
/// equal to the norm meets it. At most about 30 bins.
pub fn bins(values: &[f64], norm: f64) -> Option<(f64, f64, Vec<usize>)> {
    let finite: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if finite.is_empty() || !norm.is_finite() {
        return None;
    }
    let lo = finite.iter().copied().fold(norm, f64::min);
    let hi = finite.iter().copied().fold(norm, f64::max);
    let span = hi - lo;
    let width = [0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1]
        .into_iter()
        .find(|w| span / w <= 30.0)
        .unwrap_or(0.1);
    let start = norm - ((norm - lo) / width - 1e-9).ceil().max(0.0) * width;
    let nb = (((hi - start) / width - 1e-9).ceil() as usize).max(1);
    let mut counts = vec![0; nb];
    for v in finite {
        let i = (((v - start) / width) + 1e-9).floor().max(0.0) as usize;
        counts[i.min(nb - 1)] += 1;
    }
    Some((start, width, counts))
}

/// Draws the distribution chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: DistributionData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let legend = vec![
        (Swatch::Fill(BLUE, 1.0), l.t(labels::NORM_MET).to_string()),
        (Swatch::Fill(ORANGE, 1.0), l.t(labels::NORM_NOT_MET).into()),
        (
            Swatch::Line(BLACK, 3, Dash::Dashed, None),
            l.fill(labels::NORM_LINE, &[("pct", "")]).trim().into(),
        ),
    ];
    let title = l.fill(labels::DIST_TITLE, &[("year", data.year)]);
    let body = frame(root, &title, &legend, NAME)?;
    if data.panels.is_empty() {
        no_data(&body, ctx, NAME)?;
        return root.present().ctx(NAME);
    }
    let areas = body.split_evenly((1, data.panels.len()));
    for (panel, area) in data.panels.iter().zip(&areas) {
        draw_panel(area, ctx, panel, data.year)?;
    }
    root.present().ctx(NAME)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    panel: &DistributionPanel,
    year: &str,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let name = match panel.kpi {
        "triage_within_term" => l.t(labels::TRIAGE),
        "onderzoek_within_term" => l.t(labels::ONDERZOEK),
        "vv_within_term" => l.t(labels::VV),
        other => other,
    };
    let p = match panel.probability.map(|p| l.chance(p)) {
        None => "= –".to_string(),
        Some(c) if c.starts_with(['<', '>']) => c,
        Some(c) => format!("= {c}"),
    };
    let caption = l.fill(labels::DIST_PANEL, &[("name", name), ("p", &p)]);
    let y_area = 120;
    let area = &panel_title(area, &caption, (y_area + MARGIN_LEFT) as i32, NAME)?;
    let Some((start, width, counts)) = bins(&panel.values, panel.norm) else {
        return no_data(area, ctx, NAME);
    };
    let n = panel.values.len().max(1) as f64;
    let end = start + width * counts.len() as f64;
    let top = counts.iter().copied().max().unwrap_or(0) as f64 / n * 100.0;
    let y = NiceAxis::new(0.0, (top * 1.12).max(1.0), 5, false);
    // X ticks at whole percentages, at most about 6.
    let span = end - start;
    let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5]
        .into_iter()
        .find(|s| span / s <= 6.0)
        .unwrap_or(0.5);
    let first = (start / step - 1e-9).ceil() as i64;
    let keys: Vec<f64> = (first..)
        .map(|k| k as f64 * step)
        .take_while(|x| *x <= end + 1e-9)
        .collect();
    let mut cc = ChartBuilder::on(area)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(16)
        .x_label_area_size(90)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Keyed::new(start, end, keys), y.range())
        .ctx(NAME)?;
    let x_fmt = |x: &f64| l.pct(*x);
    let y_fmt = |v: &f64| format!("{}%", l.num(*v, y.decimals));
    let x_desc = l.fill(labels::DIST_X_AXIS, &[("year", year)]);
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .x_desc(x_desc)
        .y_desc(l.t(labels::SHARE_OF_RUNS_AXIS))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .disable_x_mesh()
        .axis_style(BLACK.stroke_width(2))
        .draw()
        .ctx(NAME)?;
    cc.draw_series(
        counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| {
                let x0 = start + width * i as f64;
                let meets = x0 >= panel.norm - 1e-9;
                let color = if meets { BLUE } else { ORANGE };
                let mut r = Rectangle::new(
                    [(x0, 0.0), (x0 + width, *c as f64 / n * 100.0)],
                    color.filled(),
                );
                r.set_margin(0, 0, 1, 1);
                r
            }),
    )
    .ctx(NAME)?;
    let base = area.get_base_pixel();
    let px = |(x, y): (f64, f64)| {
        let (a, b) = cc.backend_coord(&(x, y));
        (a - base.0, b - base.1)
    };
    let a = px((panel.norm, 0.0));
    let b = px((panel.norm, y.hi));
    draw_path(area, &[a, b], BLACK, 3, Dash::Dashed, NAME)?;
    let label = l.fill(labels::NORM_LINE, &[("pct", &l.pct(panel.norm))]);
    let right_half = (panel.norm - start) / (end - start).max(1e-9) > 0.6;
    let (anchor, dx) = if right_half {
        (HPos::Right, -10)
    } else {
        (HPos::Left, 10)
    };
    let style = font(TICK_PT).pos(Pos::new(anchor, VPos::Top));
    area.draw_text(&label, &style, (b.0 + dx, b.1 + 6))
        .ctx(NAME)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_align_on_the_norm_and_count_everything() {
        let v = [0.90, 0.93, 0.95, 0.951, 0.97, 1.0];
        let (start, w, counts) = bins(&v, 0.95).unwrap();
        assert_eq!(counts.iter().sum::<usize>(), v.len());
        let k = ((0.95 - start) / w).round();
        assert!((start + k * w - 0.95).abs() < 1e-9, "norm is an edge");
        // The value equal to the norm falls in the first bin at or above it.
        let i = k as usize;
        assert!(counts[i] >= 2, "{counts:?}");
        assert!(bins(&[], 0.95).is_none());
        assert!(bins(&[1.0; 10], 0.95).is_some());
    }
}
