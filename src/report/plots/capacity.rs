//! Chart (e): productive hours available per week against the hours the
//! work needs, at the calibrated effort and at the full norm hours, with the
//! gap shaded.
//!
//! The results hold no daily "hours of work that arrived", so the need is
//! derived from what they hold, per week and from the means across runs
//! (means add up; percentiles do not):
//!
//! needed = hours spent (crisis, advice, triage, service, monitoring and
//! overtime) + the growth of the waiting backlog × hours per waiting item.
//!
//! The growth is the change of `backlog_triage` and `backlog_service` from
//! the end of the previous week (negative when the backlog shrinks); an item
//! waiting for triage counts the triage stage's mean norm hours, one waiting
//! for a service the V&V and Onderzoek means weighted by the route shares in
//! force (with any `hours_scale` measure). Work already in progress is not
//! counted in the growth. Hours spent are at the effort in force, the
//! calibrated `effort.norm_share` times the pressure factor (taken at the
//! mean pressure of the day); at the norm they are divided by that effort.

use super::{
    BLACK, BLUE, Ctx, Dash, GRID, Keyed, MARGIN_LEFT, NiceAxis, PURPLE, PlotContext, Swatch,
    TICK_PT, VERMILLION, X_AREA, date_ticks, draw_path, font, frame, no_data,
};
use crate::experiment::DailyTable;
use crate::plan::{Plan, StageKind};
use crate::report::ReportError;
use crate::report::labels;
use crate::scenario::Scenario;
use jiff::civil::{Date, Weekday};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stem.
pub const NAME: &str = "capacity";

/// The daily series the chart reads (means across runs).
pub const SERIES: [&str; 10] = [
    "hours_available",
    "hours_crisis",
    "hours_advice",
    "hours_triage",
    "hours_service",
    "hours_monitoring",
    "overtime_hours",
    "backlog_triage",
    "backlog_service",
    "pressure",
];

/// One week (Monday to Sunday, all seven days in the horizon).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Week {
    /// Day offset of the Monday from the first date of the horizon.
    pub first_day: usize,
    /// Productive hours available (mean across runs).
    pub available: f64,
    /// Hours spent on work, overtime included.
    pub spent: f64,
    /// Hours needed at the calibrated effort.
    pub needed: f64,
    /// Hours needed at the full norm hours.
    pub needed_norm: f64,
}

/// The data of the capacity chart.
#[derive(Debug, Clone, Copy)]
pub struct CapacityData<'a> {
    /// Dates of the horizon.
    pub dates: &'a [Date],
    /// The full weeks of the horizon.
    pub weeks: &'a [Week],
    /// The calibrated effort (`effort.norm_share`) at the start.
    pub norm_share: f64,
}

/// The weeks of a result: `None` when `daily` lacks a series the chart
/// needs (an older result folder); an error when the scenario does not
/// compile into a plan.
pub fn weeks(daily: &DailyTable, scenario: &Scenario) -> Result<Option<Vec<Week>>, ReportError> {
    let mut cols = Vec::with_capacity(SERIES.len());
    for name in SERIES {
        match daily.get(name) {
            Some(s) if s.mean.len() == daily.dates.len() => cols.push(s.mean.as_slice()),
            _ => return Ok(None),
        }
    }
    let plan = Plan::new(scenario).map_err(|e| ReportError::Chart {
        chart: NAME,
        message: format!("the scenario does not compile: {e}"),
    })?;
    let st = &scenario.stages;
    let at = |k: usize, i: usize| {
        let v = cols[k][i];
        if v.is_finite() { v } else { 0.0 }
    };
    let day = |date: Date| {
        plan.calendar.day_of(date).map_err(|e| ReportError::Chart {
            chart: NAME,
            message: format!("{date} is outside the scenario's calendar: {e}"),
        })
    };
    // Norm hours of an item waiting for triage and for a service on a date,
    // and the calibrated effort then.
    let item_hours = |date: Date| -> Result<(f64, f64, f64), ReportError> {
        let d = day(date)?;
        let triage = st.triage.hours.mean() * plan.hours_scale(StageKind::Triage, d);
        let (vv, ond) = (plan.routes.vv.at(d), plan.routes.onderzoek.at(d));
        let hv = st.vv.hours.mean() * plan.hours_scale(StageKind::Vv, d);
        let ho = st.onderzoek.hours.mean() * plan.hours_scale(StageKind::Onderzoek, d);
        let service = if vv + ond > 0.0 {
            (vv * hv + ond * ho) / (vv + ond)
        } else {
            0.0
        };
        Ok((triage, service, plan.norm_share.at(d)))
    };
    let dates = &daily.dates;
    let mut out = Vec::new();
    let mut i = 0;
    while i < dates.len() {
        if dates[i].weekday() != Weekday::Monday || i + 7 > dates.len() {
            i += 1;
            continue;
        }
        let mut w = Week {
            first_day: i,
            available: 0.0,
            spent: 0.0,
            needed: 0.0,
            needed_norm: 0.0,
        };
        for (j, date) in dates.iter().enumerate().skip(i).take(7) {
            let d = day(*date)?;
            let spent: f64 = (1..=6).map(|k| at(k, j)).sum();
            let calibrated = plan.norm_share.at(d);
            let effort = plan.effort(d, at(9, j));
            w.available += at(0, j);
            w.spent += spent;
            if effort > 0.0 {
                w.needed += spent * calibrated / effort;
                w.needed_norm += spent / effort;
            }
        }
        // Growth of the waiting backlog since the end of the previous week
        // (since the Monday when that is before the horizon).
        let end = i + 6;
        let before = if i > 0 { i - 1 } else { i };
        let (triage, service, calibrated) = item_hours(dates[end])?;
        let growth = (at(7, end) - at(7, before)) * triage + (at(8, end) - at(8, before)) * service;
        w.needed += growth * calibrated;
        w.needed_norm += growth;
        out.push(w);
        i += 7;
    }
    Ok(Some(out))
}

/// Draws the capacity chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: CapacityData<'_>,
) -> Result<(), ReportError> {
    let l = ctx.locale;
    let share = l.pct(data.norm_share);
    let legend = vec![
        (
            Swatch::Line(BLUE, 5, Dash::Solid, None),
            l.t(labels::CAP_AVAILABLE).to_string(),
        ),
        (
            Swatch::Line(VERMILLION, 4, Dash::Dashed, None),
            l.fill(labels::CAP_NEEDED, &[("share", &share)]),
        ),
        (
            Swatch::Line(PURPLE, 4, Dash::Dotted, None),
            l.t(labels::CAP_NEEDED_NORM).to_string(),
        ),
        (
            Swatch::Fill(VERMILLION, SHORT_ALPHA),
            l.t(labels::CAP_SHORTFALL).to_string(),
        ),
        (
            Swatch::Fill(VERMILLION, SHORT_NORM_ALPHA),
            l.t(labels::CAP_SHORTFALL_NORM).to_string(),
        ),
    ];
    let body = frame(root, l.t(labels::CAP_TITLE), &legend, NAME)?;
    let y_area = 150u32;
    let sub = font(TICK_PT)
        .color(&RGBColor(60, 60, 60))
        .pos(Pos::new(HPos::Left, VPos::Top));
    body.draw_text(
        l.t(labels::CAP_SUBTITLE),
        &sub,
        ((y_area + MARGIN_LEFT) as i32, 6),
    )
    .ctx(NAME)?;
    let body = body.split_vertically(44).1;
    let n = data.dates.len();
    if data.weeks.is_empty() || n == 0 {
        no_data(&body, ctx, NAME)?;
        return root.present().ctx(NAME);
    }
    let hi = data
        .weeks
        .iter()
        .flat_map(|w| [w.available, w.needed, w.needed_norm])
        .filter(|x| x.is_finite())
        .fold(0.0, f64::max);
    let y = NiceAxis::new(0.0, (hi * 1.05).max(1.0), 5, true);
    let (w, _) = body.dim_in_pixel();
    let ticks = date_ticks(data.dates, w.saturating_sub(y_area + 40), l);
    let keys: Vec<f64> = ticks.iter().map(|t| t.0).collect();
    let x_max = (n - 1).max(1) as f64;
    let mut cc = ChartBuilder::on(&body)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(16)
        .x_label_area_size(X_AREA)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Keyed::new(0.0, x_max, keys), y.range())
        .ctx(NAME)?;
    let x_fmt = |x: &f64| {
        ticks
            .iter()
            .find(|t| (t.0 - x).abs() < 0.5)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
    let y_fmt = |v: &f64| l.num(*v, y.decimals);
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .y_desc(l.t(labels::CAP_AXIS))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(BLACK.stroke_width(2))
        .draw()
        .ctx(NAME)?;
    let base = body.get_base_pixel();
    let px = |(x, y): (f64, f64)| {
        let (a, b) = cc.backend_coord(&(x, y));
        (a - base.0, b - base.1)
    };
    // Each week is drawn as a step over its seven days, so a value is read
    // as the week's total, not as a point in time.
    let steps = |f: &dyn Fn(&Week) -> f64| -> Vec<(f64, f64)> {
        data.weeks
            .iter()
            .flat_map(|w| {
                let a = w.first_day as f64;
                let v = f(w);
                [(a, v), (a + 7.0, v)]
            })
            .collect()
    };
    let available = steps(&|w| w.available);
    let needed = steps(&|w| w.needed);
    let needed_norm = steps(&|w| w.needed_norm);
    // The gap: where the need exceeds the hours available.
    for (need, alpha) in [(&needed_norm, SHORT_NORM_ALPHA), (&needed, SHORT_ALPHA)] {
        for pair in available.chunks_exact(2).zip(need.chunks_exact(2)) {
            let (a, b) = pair;
            if b[0].1 > a[0].1 {
                let pts = vec![px(a[0]), px(a[1]), px(b[1]), px(b[0])];
                body.draw(&Polygon::new(pts, VERMILLION.mix(alpha).filled()))
                    .ctx(NAME)?;
            }
        }
    }
    let line = |pts: &[(f64, f64)]| -> Vec<(i32, i32)> {
        // Clip to the last date, so the last week ends on the axis.
        pts.iter().map(|(x, y)| px((x.min(x_max), *y))).collect()
    };
    draw_path(&body, &line(&needed_norm), PURPLE, 4, Dash::Dotted, NAME)?;
    draw_path(&body, &line(&needed), VERMILLION, 4, Dash::Dashed, NAME)?;
    draw_path(&body, &line(&available), BLUE, 5, Dash::Solid, NAME)?;
    root.present().ctx(NAME)
}

/// Opacity of the shortfall at the calibrated effort.
const SHORT_ALPHA: f64 = 0.45;
/// Opacity of the further shortfall up to the norm hours.
const SHORT_NORM_ALPHA: f64 = 0.16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::DailySeries;

    fn scenario() -> Scenario {
        crate::scenario::load_str(
            "name='t'\nstart='2025-01-06'\nend='2025-01-20'\n[inflow.meldingen]\nvolume={2025=100}\n\
             [workforce]\nfte=10\n[effort]\nnorm_share=0.5\n",
            "test",
            &[],
        )
        .expect("loads")
    }

    /// 15 days from Monday 6 January 2025: two full weeks and a Monday.
    fn daily(f: impl Fn(&str, usize) -> f64) -> DailyTable {
        let dates: Vec<Date> = (0..15)
            .map(|i| {
                jiff::civil::date(2025, 1, 6)
                    .checked_add(jiff::Span::new().days(i))
                    .unwrap()
            })
            .collect();
        let series = SERIES
            .iter()
            .map(|name| {
                let mean: Vec<f64> = (0..dates.len()).map(|i| f(name, i)).collect();
                let s = DailySeries {
                    mean,
                    pct: Default::default(),
                };
                (name.to_string(), s)
            })
            .collect();
        DailyTable { dates, series }
    }

    #[test]
    fn needed_is_hours_spent_plus_the_backlog_growth_at_each_effort() {
        let s = scenario();
        let table = daily(|name, i| match name {
            "hours_available" => 100.0,
            "hours_triage" => 10.0,
            "overtime_hours" => 1.0,
            "backlog_triage" => i as f64,
            _ => 0.0,
        });
        let weeks = weeks(&table, &s).unwrap().expect("all series present");
        assert_eq!(weeks.len(), 2, "only full weeks");
        let h = s.stages.triage.hours.mean();
        // Week 1 grows from its Monday (the day before is not in the
        // horizon): 6 items; week 2 from the Sunday before: 7 items.
        for (w, growth) in weeks.iter().zip([6.0, 7.0]) {
            assert_eq!(w.available, 700.0);
            assert_eq!(w.spent, 77.0);
            assert!((w.needed - (77.0 + growth * h * 0.5)).abs() < 1e-9, "{w:?}");
            assert!(
                (w.needed_norm - (77.0 / 0.5 + growth * h)).abs() < 1e-9,
                "{w:?}"
            );
        }
        assert_eq!(weeks[1].first_day, 7);
    }

    #[test]
    fn a_result_without_the_series_has_no_weeks() {
        let mut table = daily(|_, _| 1.0);
        table.series.retain(|(n, _)| n != "pressure");
        assert_eq!(weeks(&table, &scenario()).unwrap(), None);
    }
}
