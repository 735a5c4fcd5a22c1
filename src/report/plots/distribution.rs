//! Chart (c): how the yearly share within the legal term is distributed
//! across runs, one histogram per KPI with a norm and per year of the
//! horizon (a row per year), the norm marked and the probability of meeting
//! it in the panel title. Every panel has the same x scale and bin width,
//! and the same y scale: the share of the runs with a value (at most 100%).

use super::{
    BLACK, BLUE, Ctx, DistributionPanel, GRID, Keyed, MARGIN_LEFT, NiceAxis, ORANGE, PlotContext,
    Swatch, TICK_PT, draw_norm, font, frame, no_data, panel_title,
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

/// Bin widths to choose from: each divides every norm (95%, 85%), so the
/// bin edges of all panels line up.
const WIDTHS: [f64; 6] = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/// The common x scale of some panels: lowest and highest value or norm, and
/// the bin width giving at most about 30 bins over that span.
pub fn scale(panels: &[DistributionPanel]) -> Option<(f64, f64, f64)> {
    let xs = panels
        .iter()
        .filter(|p| p.norm.is_finite())
        .flat_map(|p| p.values.iter().copied().chain([p.norm]))
        .filter(|x| x.is_finite());
    let (lo, hi) = xs.fold(None, |acc: Option<(f64, f64)>, x| match acc {
        None => Some((x, x)),
        Some((a, b)) => Some((a.min(x), b.max(x))),
    })?;
    let width = WIDTHS
        .into_iter()
        .find(|w| (hi - lo) / w <= 30.0)
        .unwrap_or(0.1);
    // At least one bin above every norm, so the norm line is not the axis
    // end and the side that meets it is seen (up to 100%).
    let top_norm = panels
        .iter()
        .map(|p| p.norm)
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let hi = hi.max((top_norm + width).min(1.0));
    Some((lo, hi, width))
}

/// Histogram bins over `lo..=hi` of width `width`: the first edge and the
/// count per bin. Edges are aligned on the norm, so a bin is wholly above
/// or below it; a value equal to the norm meets it.
pub fn bins_on(
    values: &[f64],
    norm: f64,
    lo: f64,
    hi: f64,
    width: f64,
) -> Option<(f64, Vec<usize>)> {
    if !norm.is_finite() || width.is_nan() || width <= 0.0 || !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let start = norm - ((norm - lo) / width - 1e-9).ceil().max(0.0) * width;
    let nb = (((hi - start) / width - 1e-9).ceil() as usize).max(1);
    let mut counts = vec![0; nb];
    for v in values.iter().copied().filter(|x| x.is_finite()) {
        let i = (((v - start) / width) + 1e-9).floor().max(0.0) as usize;
        counts[i.min(nb - 1)] += 1;
    }
    Some((start, counts))
}

/// Histogram bins of one panel on its own scale: the first edge, the width
/// and the count per bin (see [`bins_on`]). At most about 30 bins.
pub fn bins(values: &[f64], norm: f64) -> Option<(f64, f64, Vec<usize>)> {
    if !values.iter().any(|x| x.is_finite()) {
        return None;
    }
    let panel = DistributionPanel {
        kpi: "",
        period: String::new(),
        values: values.to_vec(),
        norm,
        probability: None,
    };
    let (lo, hi, width) = scale(std::slice::from_ref(&panel))?;
    let (start, counts) = bins_on(values, norm, lo, hi, width)?;
    Some((start, width, counts))
}

/// The common scale of the chart: x from `start` to `end` in bins of
/// `width`, y up to `top` percent of the runs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    start: f64,
    end: f64,
    width: f64,
    y: f64,
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
            Swatch::Norm(BLACK),
            l.fill(labels::NORM_LINE, &[("pct", "")]).trim().into(),
        ),
    ];
    let title = l.fill(labels::DIST_TITLE, &[("year", data.year)]);
    let body = frame(root, &title, &legend, NAME)?;
    let Some((lo, hi, width)) = scale(data.panels) else {
        no_data(&body, ctx, NAME)?;
        return root.present().ctx(NAME);
    };
    // One x range for all: from the lowest edge any panel needs to the
    // highest; one y range: the largest share of runs in any bin.
    let mut start = f64::INFINITY;
    let mut end = f64::NEG_INFINITY;
    let mut top: f64 = 0.0;
    for p in data.panels {
        if let Some((s0, counts)) = bins_on(&p.values, p.norm, lo, hi, width) {
            start = start.min(s0);
            end = end.max(s0 + width * counts.len() as f64);
            let n = defined(&p.values).max(1) as f64;
            let most = counts.iter().copied().max().unwrap_or(0) as f64;
            top = top.max(most / n * 100.0);
        }
    }
    let sc = Scale {
        start,
        end,
        width,
        y: (top * 1.12).clamp(1.0, 100.0),
    };
    let cols = KPIS.len();
    let rows = data.panels.len().div_ceil(cols).max(1);
    let areas = body.split_evenly((rows, cols));
    for (panel, area) in data.panels.iter().zip(&areas) {
        draw_panel(area, ctx, panel, sc, rows > 1)?;
    }
    root.present().ctx(NAME)
}

/// The number of defined values (runs with a value).
fn defined(values: &[f64]) -> usize {
    values.iter().filter(|x| x.is_finite()).count()
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    panel: &DistributionPanel,
    sc: Scale,
    compact: bool,
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
    let name = format!("{name} {}", l.period(&panel.period));
    let caption = l.fill(labels::DIST_PANEL, &[("name", &name), ("p", &p)]);
    let y_area = 120;
    let area = &panel_title(area, &caption, (y_area + MARGIN_LEFT) as i32, NAME)?;
    let Some((first, counts)) = bins_on(&panel.values, panel.norm, sc.start, sc.end, sc.width)
    else {
        return no_data(area, ctx, NAME);
    };
    if defined(&panel.values) == 0 {
        return no_data(area, ctx, NAME);
    }
    let (start, end, width) = (sc.start, sc.end, sc.width);
    let n = defined(&panel.values) as f64;
    let y = NiceAxis::new(0.0, sc.y, if compact { 2 } else { 5 }, false);
    // X ticks at whole percentages, at most about 6.
    let span = end - start;
    let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5]
        .into_iter()
        .find(|s| span / s <= 6.0)
        .unwrap_or(0.5);
    let first_tick = (start / step - 1e-9).ceil() as i64;
    let keys: Vec<f64> = (first_tick..)
        .map(|k| k as f64 * step)
        .take_while(|x| *x <= end + 1e-9)
        .collect();
    let mut cc = ChartBuilder::on(area)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(16)
        .x_label_area_size(if compact { 50 } else { 90 })
        .y_label_area_size(y_area)
        .build_cartesian_2d(Keyed::new(start, end, keys), y.range())
        .ctx(NAME)?;
    let x_fmt = |x: &f64| l.pct(*x);
    let y_fmt = |v: &f64| format!("{}%", l.num(*v, y.decimals));
    let x_desc = if compact {
        String::new()
    } else {
        l.fill(labels::DIST_X_AXIS, &[("year", &l.period(&panel.period))])
    };
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
                let x0 = first + width * i as f64;
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
    // Drawn top to bottom, so its ticks point right: the side that meets it.
    draw_norm(area, b, a, BLACK, NAME)?;
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
