//! Charts of a result, as PNG and SVG, drawn with plotters and an embedded font.
//!
//! One function per chart ([`backlog::draw`], [`compliance::draw`],
//! [`distribution::draw`], [`workforce::draw`], [`capacity::draw`]) draws
//! onto plotters' SVG backend from a small `Copy` data struct of borrowed
//! slices; [`svg()`] gives the document and [`png()`] rasterises that same
//! document with resvg, which shapes the text with the embedded font (and
//! no system font), so the PNG is the SVG, pixel for pixel on any machine. [`Prepared`] computes the owned inputs once from
//! a [`ResultData`]. Every drawing step returns a `Result`: a chart that
//! cannot be drawn is an error, never a panic.
//!
//! Legibility rules shared by all charts: 1600 × 900 px (A4 width at about
//! 190 dpi), text at least 22 px, the Okabe–Ito palette (safe for the common
//! colour-vision deficiencies), and every series told apart by more than
//! colour — line style, marker shape or band opacity — so a greyscale print
//! still reads.

pub mod backlog;
pub mod capacity;
pub mod compare;
pub mod compliance;
pub mod distribution;
pub mod sweep;
pub mod waterfall;
pub mod workforce;

use super::ReportError;
use super::data::ResultData;
use super::labels::{self, Locale};
use crate::experiment::DailySeries;
use crate::metrics::NORMS;
use crate::scenario::Observation;
use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// Size of every chart in pixels (PNG) and user units (SVG).
pub const SIZE: (u32, u32) = (1600, 900);

/// The font family every text uses, as written in the SVG's `font-family`:
/// the embedded font first, then a font of near-identical metrics and the
/// generic family for a browser that lacks it. The embedded font is
/// registered under this name for plotters' text measurement.
pub const FONT: &str = "DejaVu Sans, Verdana, sans-serif";

/// The family name inside the embedded font file.
pub const FONT_NAME: &str = "DejaVu Sans";

/// DejaVu Sans 2.37 (licence: `assets/fonts/LICENSE`).
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

// Text sizes are plotters sizes: the font's full height. The em is about
// 0.8 of it (SVG writes `font-size` = size / 1.24), so the smallest, 28,
// gives 22.6 px text in SVG and about 24 px in PNG.

/// Chart titles.
pub const TITLE_PT: f64 = 40.0;
/// Panel titles and legends.
pub const LABEL_PT: f64 = 30.0;
/// Tick labels and axis descriptions.
pub const TICK_PT: f64 = 28.0;

/// Okabe–Ito: black.
pub const BLACK: RGBColor = RGBColor(0, 0, 0);
/// Okabe–Ito: orange.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe–Ito: sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
/// Okabe–Ito: bluish green.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe–Ito: blue.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito: vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito: reddish purple.
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Grid lines.
const GRID: RGBColor = RGBColor(225, 225, 225);
/// Secondary text.
const GREY: RGBColor = RGBColor(90, 90, 90);

/// Opacity of the 90% band.
pub const BAND90_ALPHA: f64 = 0.16;
/// Opacity of the 50% band (drawn over the 90% band).
pub const BAND50_ALPHA: f64 = 0.30;

static REGISTER: Once = Once::new();
static REGISTERED: AtomicBool = AtomicBool::new(false);

/// Registers the embedded font under [`FONT`], once per process. Without it
/// plotters cannot measure or draw text (PNG and SVG alike).
pub fn register_font() -> Result<(), ReportError> {
    REGISTER.call_once(|| {
        let ok = [FontStyle::Normal, FontStyle::Bold]
            .into_iter()
            .all(|style| plotters::style::register_font(FONT, style, FONT_BYTES).is_ok());
        REGISTERED.store(ok, Ordering::SeqCst);
    });
    if REGISTERED.load(Ordering::SeqCst) {
        Ok(())
    } else {
        Err(ReportError::Chart {
            chart: "font",
            message: "the embedded DejaVu Sans font could not be loaded".into(),
        })
    }
}

/// Language and options shared by every chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlotContext {
    /// Language of the texts.
    pub locale: Locale,
}

/// The percentiles of a daily series, borrowed: one value per date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band<'a> {
    /// 5th percentile.
    pub p5: &'a [f64],
    /// 25th percentile.
    pub p25: &'a [f64],
    /// Median.
    pub p50: &'a [f64],
    /// 75th percentile.
    pub p75: &'a [f64],
    /// 95th percentile.
    pub p95: &'a [f64],
}

impl<'a> Band<'a> {
    /// The band of a series of `daily.csv`.
    pub fn of(s: &'a DailySeries) -> Band<'a> {
        Band {
            p5: s.pct("p5"),
            p25: s.pct("p25"),
            p50: s.pct("p50"),
            p75: s.pct("p75"),
            p95: s.pct("p95"),
        }
    }

    /// A band with no data.
    pub const EMPTY: Band<'static> = Band {
        p5: &[],
        p25: &[],
        p50: &[],
        p75: &[],
        p95: &[],
    };

    fn finite_max(&self) -> Option<f64> {
        self.p95
            .iter()
            .chain(self.p50)
            .copied()
            .filter(|x| x.is_finite())
            .reduce(f64::max)
    }

    fn finite_min(&self) -> Option<f64> {
        self.p5
            .iter()
            .chain(self.p50)
            .copied()
            .filter(|x| x.is_finite())
            .reduce(f64::min)
    }
}

/// Median and bands of one KPI in one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pcts {
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One quarter of the compliance chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Quarter {
    /// Period label of the result files (`2025-Q1`).
    pub label: String,
    /// First date.
    pub start: Date,
    /// Last date.
    pub end: Date,
    /// Triage, V&V, Onderzoek within term by completion (in [`compliance::KPIS`] order).
    pub kpis: [Option<Pcts>; 3],
}

/// One panel of the distribution chart: a KPI's values across runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionPanel {
    /// KPI name.
    pub kpi: &'static str,
    /// Period label (a year).
    pub period: String,
    /// The defined values, one per run.
    pub values: Vec<f64>,
    /// The norm: lowest share that meets it.
    pub norm: f64,
    /// Share of runs meeting the norm (as in `summary.json`).
    pub probability: Option<f64>,
}

/// The data of one chart, ready to draw.
#[derive(Debug, Clone, Copy)]
pub enum ChartData<'a> {
    /// (a) Backlog over time.
    Backlog(backlog::BacklogData<'a>),
    /// (b) Term compliance per quarter.
    Compliance(compliance::ComplianceData<'a>),
    /// (c) Distribution across runs of yearly compliance.
    Distribution(distribution::DistributionData<'a>),
    /// (d) Workforce over time.
    Workforce(workforce::WorkforceData<'a>),
    /// (e) Hours available against hours needed, per week.
    Capacity(capacity::CapacityData<'a>),
}

impl ChartData<'_> {
    /// File stem of the chart (`backlog` → `charts/backlog.png`).
    pub fn name(&self) -> &'static str {
        match self {
            ChartData::Backlog(_) => backlog::NAME,
            ChartData::Compliance(_) => compliance::NAME,
            ChartData::Distribution(_) => distribution::NAME,
            ChartData::Workforce(_) => workforce::NAME,
            ChartData::Capacity(_) => capacity::NAME,
        }
    }
}

/// File stems of the charts, in report order.
pub const CHART_NAMES: [&str; 5] = [
    backlog::NAME,
    compliance::NAME,
    distribution::NAME,
    workforce::NAME,
    capacity::NAME,
];

/// The owned inputs of every chart, computed once from a result.
#[derive(Debug, Clone)]
pub struct Prepared {
    quarters: Vec<Quarter>,
    panels: Vec<DistributionPanel>,
    year: String,
    weeks: Vec<capacity::Week>,
    norm_share: f64,
    leave: [f64; 12],
}

impl Prepared {
    /// Computes the chart inputs of a result; an error when its scenario
    /// does not compile into a plan (for the capacity chart).
    pub fn new(data: &ResultData) -> Result<Prepared, ReportError> {
        let quarters = data
            .summary
            .of_kind(crate::metrics::PeriodKind::Quarter)
            .map(|p| Quarter {
                label: p.label.clone(),
                start: p.start_date,
                end: p.end_date,
                kpis: compliance::KPIS.map(|k| {
                    let s = p.kpi(k)?;
                    Some(Pcts {
                        p5: s.pct("p5")?,
                        p25: s.pct("p25")?,
                        p50: s.pct("p50")?,
                        p75: s.pct("p75")?,
                        p95: s.pct("p95")?,
                    })
                }),
            })
            .collect();
        // Every year of the horizon, a partial one too (its panels say so).
        let years: Vec<&crate::summary::PeriodSummary> = data
            .summary
            .of_kind(crate::metrics::PeriodKind::Year)
            .collect();
        let year = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a.label != b.label => format!("{}–{}", a.label, b.label),
            (Some(a), _) => a.label.clone(),
            _ => String::new(),
        };
        let panels = years
            .iter()
            .flat_map(|p| {
                distribution::KPIS.iter().map(move |kpi| DistributionPanel {
                    kpi,
                    period: p.label.clone(),
                    values: data.runs.values(&p.label, kpi),
                    norm: norm_of(kpi).unwrap_or(f64::NAN),
                    probability: p.norm(kpi).and_then(|n| n.probability),
                })
            })
            .collect();
        let weeks = capacity::weeks(&data.daily, &data.scenario)?.unwrap_or_default();
        let mut leave = [0.0; 12];
        for (l, v) in leave.iter_mut().zip(&data.scenario.workforce.leave) {
            *l = *v;
        }
        Ok(Prepared {
            quarters,
            panels,
            year,
            weeks,
            norm_share: data.scenario.effort.norm_share,
            leave,
        })
    }

    /// The data of every chart, in report order.
    pub fn charts<'a>(&'a self, data: &'a ResultData) -> [ChartData<'a>; 5] {
        let daily = &data.daily;
        let band = |name: &str| daily.get(name).map(Band::of);
        let observed = data.scenario.observations.as_slice();
        [
            ChartData::Backlog(backlog::BacklogData {
                dates: &daily.dates,
                total: band("backlog"),
                triage: band("backlog_triage"),
                service: band("backlog_service"),
                observed,
            }),
            ChartData::Compliance(compliance::ComplianceData {
                quarters: &self.quarters,
                observed,
            }),
            ChartData::Distribution(distribution::DistributionData {
                year: &self.year,
                panels: &self.panels,
            }),
            ChartData::Workforce(workforce::WorkforceData {
                dates: &daily.dates,
                employed: band("employed_fte"),
                present: band("present_fte"),
                sick: band("sick_fte"),
                budget: band("budget_fte"),
                leave: &self.leave,
            }),
            ChartData::Capacity(capacity::CapacityData {
                dates: &daily.dates,
                weeks: &self.weeks,
                norm_share: self.norm_share,
            }),
        ]
    }
}

/// The norm on a KPI (MODEL §1, seed 003), if it has one.
pub fn norm_of(kpi: &str) -> Option<f64> {
    NORMS.iter().find(|n| n.kpi == kpi).map(|n| n.at_least)
}

/// Draws a chart onto any backend.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    data: ChartData<'_>,
) -> Result<(), ReportError> {
    register_font()?;
    match data {
        ChartData::Backlog(d) => backlog::draw(area, ctx, d),
        ChartData::Compliance(d) => compliance::draw(area, ctx, d),
        ChartData::Distribution(d) => distribution::draw(area, ctx, d),
        ChartData::Workforce(d) => workforce::draw(area, ctx, d),
        ChartData::Capacity(d) => capacity::draw(area, ctx, d),
    }
}

/// A chart that draws itself on any plotters backend, at [`SIZE`]; its PNG
/// and SVG renderings follow from that ([`png_of`], [`svg_of`]).
pub(crate) trait Drawable {
    /// The file stem, also the context of errors.
    fn chart_name(&self) -> &'static str;
    /// Draws the chart.
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError>;
}

/// A chart as PNG bytes: its SVG document ([`svg_of`]) rasterised.
pub(crate) fn png_of(chart: &impl Drawable, ctx: PlotContext) -> Result<Vec<u8>, ReportError> {
    Ok(svg_and_png(chart, ctx)?.1)
}

/// A chart's SVG document and its PNG, the SVG drawn once.
pub(crate) fn svg_and_png(
    chart: &impl Drawable,
    ctx: PlotContext,
) -> Result<(String, Vec<u8>), ReportError> {
    let svg = svg_of(chart, ctx)?;
    let png = rasterise(&svg, chart.chart_name())?;
    Ok((svg, png))
}

/// The font database of the rasteriser: the embedded font alone, also as
/// the generic families, so no system font can change a pixel.
fn font_db() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> =
        std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_BYTES.to_vec());
        db.set_sans_serif_family(FONT_NAME);
        db.set_serif_family(FONT_NAME);
        db.set_monospace_family(FONT_NAME);
        std::sync::Arc::new(db)
    })
    .clone()
}

/// An SVG document of [`SIZE`] as PNG bytes (opaque RGB over white), drawn
/// by resvg with the embedded font; `name` is the chart named in errors.
/// Deterministic: the same document gives the same bytes.
pub fn rasterise(svg: &str, name: &'static str) -> Result<Vec<u8>, ReportError> {
    use resvg::{tiny_skia, usvg};
    let db = font_db();
    if db.is_empty() {
        return Err(ReportError::Chart {
            chart: name,
            message: "the embedded DejaVu Sans font could not be loaded".into(),
        });
    }
    let opt = usvg::Options {
        font_family: FONT_NAME.to_string(),
        fontdb: db,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).ctx(name)?;
    let (w, h) = SIZE;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or_else(|| ReportError::Chart {
        chart: name,
        message: format!("cannot allocate a {w} × {h} image"),
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform =
        tiny_skia::Transform::from_scale(w as f32 / size.width(), h as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // Opaque over white, so premultiplied RGBA is RGB as it is.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode_png(&rgb, name)
}

/// A chart as an SVG document.
pub(crate) fn svg_of(chart: &impl Drawable, ctx: PlotContext) -> Result<String, ReportError> {
    let name = chart.chart_name();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        chart.draw_on(&root, ctx)?;
        root.present().ctx(name)?;
    }
    Ok(out)
}

impl Drawable for ChartData<'_> {
    fn chart_name(&self) -> &'static str {
        self.name()
    }
    fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: PlotContext,
    ) -> Result<(), ReportError> {
        draw(root, ctx, *self)
    }
}

/// A chart as PNG bytes.
pub fn png(ctx: PlotContext, data: ChartData<'_>) -> Result<Vec<u8>, ReportError> {
    png_of(&data, ctx)
}

/// RGB pixels of a [`SIZE`] chart as PNG bytes.
fn encode_png(rgb: &[u8], name: &'static str) -> Result<Vec<u8>, ReportError> {
    let (w, h) = SIZE;
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::High);
    enc.set_filter(png::Filter::Adaptive);
    let mut writer = enc.write_header().ctx(name)?;
    writer.write_image_data(rgb).ctx(name)?;
    writer.finish().ctx(name)?;
    Ok(out)
}

/// A chart as an SVG document.
pub fn svg(ctx: PlotContext, data: ChartData<'_>) -> Result<String, ReportError> {
    svg_of(&data, ctx)
}

// --- Shared drawing helpers -------------------------------------------------

/// A linear f64 axis with the tick positions given, labelled by the
/// chart's own formatter (plotters' `with_key_points` on f64 has none).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Keyed {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Keyed {
    pub(crate) fn new(lo: f64, hi: f64, keys: Vec<f64>) -> Keyed {
        Keyed { lo, hi, keys }
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        if span.is_nan() || span <= 0.0 || !v.is_finite() {
            return limit.0;
        }
        let f = (v - self.lo) / span;
        limit.0 + (f * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Attaches the chart's name to a drawing error.
pub(crate) trait Ctx<T> {
    fn ctx(self, chart: &'static str) -> Result<T, ReportError>;
}

impl<T, E: std::fmt::Display> Ctx<T> for Result<T, E> {
    fn ctx(self, chart: &'static str) -> Result<T, ReportError> {
        self.map_err(|e| ReportError::Chart {
            chart,
            message: e.to_string(),
        })
    }
}

/// A text style in the embedded font.
pub(crate) fn font(size: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).color(&BLACK)
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
    Long,
}

/// A point marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Triangle,
    Square,
    Diamond,
}

/// One entry of a legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    /// A line, with an optional marker in its middle.
    Line(RGBColor, u32, Dash, Option<Marker>),
    /// A filled box of the given opacity.
    Fill(RGBColor, f64),
    /// A marker alone (filled, black outline).
    Point(RGBColor, Marker),
    /// A thick segment with end ticks, in a dash pattern.
    Segment(RGBColor, Dash),
    /// Boxes side by side in up to three colours (the first `.1`), at an
    /// opacity: a band drawn in each series' own colour.
    Fills([RGBColor; 3], usize, f64),
    /// Short lines side by side in up to three colours, of a width.
    Lines([RGBColor; 3], usize, u32),
    /// A norm line: thin, solid, with ticks on the side that meets it.
    Norm(RGBColor),
    /// No swatch: a note in the legend.
    None,
}

impl Swatch {
    fn pick(colors: &[RGBColor]) -> ([RGBColor; 3], usize) {
        let mut out = [BLACK; 3];
        let n = colors.len().min(3);
        out[..n].copy_from_slice(&colors[..n]);
        (out, n)
    }

    /// Boxes in the colours of the series (at most three), at `alpha`.
    pub(crate) fn fills(colors: &[RGBColor], alpha: f64) -> Swatch {
        let (c, n) = Swatch::pick(colors);
        Swatch::Fills(c, n, alpha)
    }

    /// Short lines in the colours of the series (at most three).
    pub(crate) fn lines(colors: &[RGBColor], width: u32) -> Swatch {
        let (c, n) = Swatch::pick(colors);
        Swatch::Lines(c, n, width)
    }
}

/// `c` at opacity `alpha` blended over white: opaque, so it prints alike.
pub(crate) fn over_white(c: RGBColor, alpha: f64) -> RGBColor {
    let mix = |x: u8| (f64::from(x) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Draws a marker centred on a pixel: filled with `color`, outlined in black.
pub(crate) fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    marker: Marker,
    color: RGBColor,
    r: i32,
    chart: &'static str,
) -> Result<(), ReportError> {
    let pts: Vec<(i32, i32)> = match marker {
        Marker::Circle => {
            area.draw(&Circle::new((x, y), r, color.filled()))
                .ctx(chart)?;
            return area
                .draw(&Circle::new((x, y), r, BLACK.stroke_width(2)))
                .ctx(chart);
        }
        Marker::Triangle => vec![(x, y - r - 2), (x + r + 1, y + r), (x - r - 1, y + r)],
        Marker::Square => vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ],
        Marker::Diamond => vec![
            (x, y - r - 3),
            (x + r + 3, y),
            (x, y + r + 3),
            (x - r - 3, y),
        ],
    };
    area.draw(&Polygon::new(pts.clone(), color.filled()))
        .ctx(chart)?;
    let mut outline = pts.clone();
    outline.push(pts[0]);
    area.draw(&PathElement::new(outline, BLACK.stroke_width(2)))
        .ctx(chart)
}

/// Draws a norm line from `a` to `b` (pixels): thin and solid, with short
/// ticks every 24 px on its left side seen from `a` (above a line drawn
/// left to right: the side that meets the norm), so it reads unlike any
/// series line.
pub(crate) fn draw_norm<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
    chart: &'static str,
) -> Result<(), ReportError> {
    draw_path(area, &[a, b], color, 2, Dash::Solid, chart)?;
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = dx.hypot(dy);
    if len < 1.0 {
        return Ok(());
    }
    // The unit normal to the left (screen y points down).
    let (nx, ny) = (dy / len, -dx / len);
    let steps = (len / 24.0).floor() as i32;
    for k in 0..=steps {
        let f = if steps == 0 {
            0.5
        } else {
            f64::from(k) / f64::from(steps)
        };
        let x = f64::from(a.0) + dx * f;
        let y = f64::from(a.1) + dy * f;
        let tip = ((x + nx * 9.0).round() as i32, (y + ny * 9.0).round() as i32);
        draw_path(
            area,
            &[(x.round() as i32, y.round() as i32), tip],
            color,
            2,
            Dash::Solid,
            chart,
        )?;
    }
    Ok(())
}

/// Draws a polyline in pixels with a dash pattern.
pub(crate) fn draw_path<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    color: RGBColor,
    width: u32,
    dash: Dash,
    chart: &'static str,
) -> Result<(), ReportError> {
    if pts.len() < 2 {
        return Ok(());
    }
    let style = color.stroke_width(width);
    let w = width as i32;
    match dash {
        Dash::Solid => area.draw(&PathElement::new(pts.to_vec(), style)).ctx(chart),
        Dash::Dashed => area
            .draw(&DashedPathElement::new(
                pts.iter().copied(),
                5 * w,
                3 * w,
                style,
            ))
            .ctx(chart),
        Dash::Dotted => area
            .draw(&DashedPathElement::new(
                pts.iter().copied(),
                w,
                2 * w,
                style,
            ))
            .ctx(chart),
        Dash::Long => area
            .draw(&DashedPathElement::new(
                pts.iter().copied(),
                9 * w,
                3 * w,
                style,
            ))
            .ctx(chart),
    }
}

/// Draws a legend in one or more rows inside `area`, left-aligned from `x0`;
/// returns the height used.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x0: i32,
    items: &[(Swatch, String)],
    chart: &'static str,
) -> Result<i32, ReportError> {
    let style = font(LABEL_PT).pos(Pos::new(HPos::Left, VPos::Center));
    let (width, _) = area.dim_in_pixel();
    let row_h = 42;
    let swatch_w = 56;
    let (mut x, mut y) = (x0, row_h / 2);
    for (swatch, text) in items {
        let (tw, _) = area.estimate_text_size(text, &style).ctx(chart)?;
        let item_w = swatch_w + 10 + tw as i32;
        if x > x0 && x + item_w > width as i32 - 20 {
            x = x0;
            y += row_h;
        }
        let (a, b) = (x, x + swatch_w);
        match *swatch {
            Swatch::Line(c, w, dash, marker) => {
                draw_path(area, &[(a, y), (b, y)], c, w, dash, chart)?;
                if let Some(m) = marker {
                    draw_marker(area, ((a + b) / 2, y), m, c, 8, chart)?;
                }
            }
            Swatch::Fill(c, alpha) => {
                area.draw(&Rectangle::new(
                    [(a, y - 13), (b, y + 13)],
                    c.mix(alpha).filled(),
                ))
                .ctx(chart)?;
            }
            Swatch::Point(c, m) => draw_marker(area, ((a + b) / 2, y), m, c, 9, chart)?,
            Swatch::Segment(c, dash) => {
                draw_path(area, &[(a + 4, y), (b - 4, y)], c, 7, dash, chart)?;
                for e in [a + 4, b - 4] {
                    draw_path(
                        area,
                        &[(e, y - 11), (e, y + 11)],
                        BLACK,
                        3,
                        Dash::Solid,
                        chart,
                    )?;
                }
            }
            Swatch::Fills(cs, n, alpha) => {
                let part = (b - a) / n.max(1) as i32;
                for (i, c) in cs.iter().take(n).enumerate() {
                    let x0 = a + i as i32 * part;
                    area.draw(&Rectangle::new(
                        [(x0, y - 13), (x0 + part - 2, y + 13)],
                        c.mix(alpha).filled(),
                    ))
                    .ctx(chart)?;
                }
            }
            Swatch::Lines(cs, n, w) => {
                let part = (b - a) / n.max(1) as i32;
                for (i, c) in cs.iter().take(n).enumerate() {
                    let x0 = a + i as i32 * part;
                    draw_path(
                        area,
                        &[(x0, y), (x0 + part - 4, y)],
                        *c,
                        w,
                        Dash::Solid,
                        chart,
                    )?;
                }
            }
            Swatch::Norm(c) => draw_norm(area, (a, y), (b, y), c, chart)?,
            Swatch::None => {}
        }
        let text_x = if *swatch == Swatch::None { a } else { b + 10 };
        area.draw_text(text, &style, (text_x, y)).ctx(chart)?;
        x += item_w + 40;
    }
    Ok(y + row_h / 2)
}

/// Splits the canvas into a title strip, a legend strip and the rest;
/// draws the title and the legend, and returns the rest.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(Swatch, String)],
    chart: &'static str,
) -> Result<DrawingArea<DB, Shift>, ReportError> {
    root.fill(&WHITE).ctx(chart)?;
    let title_style = font(TITLE_PT).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw_text(title, &title_style, (24, 16)).ctx(chart)?;
    let (_, rest) = root.split_vertically(72);
    if legend.is_empty() {
        return Ok(rest);
    }
    // Measure the legend on the real area, then reserve its height.
    let probe_h = {
        let (w, _) = rest.dim_in_pixel();
        legend_height(&rest, w, legend, chart)?
    };
    let (strip, body) = rest.split_vertically(probe_h + 8);
    draw_legend(&strip, 24, legend, chart)?;
    Ok(body)
}

fn legend_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    width: u32,
    items: &[(Swatch, String)],
    chart: &'static str,
) -> Result<i32, ReportError> {
    let style = font(LABEL_PT);
    let (mut x, mut rows) = (24, 1);
    for (_, text) in items {
        let (tw, _) = area.estimate_text_size(text, &style).ctx(chart)?;
        let item_w = 56 + 10 + tw as i32;
        if x > 24 && x + item_w > width as i32 - 20 {
            x = 24;
            rows += 1;
        }
        x += item_w + 40;
    }
    Ok(rows * 42)
}

/// Writes a centred "no data" note in an area.
pub(crate) fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    chart: &'static str,
) -> Result<(), ReportError> {
    let (w, h) = area.dim_in_pixel();
    let style = font(LABEL_PT)
        .color(&GREY)
        .pos(Pos::new(HPos::Center, VPos::Center));
    area.draw_text(
        ctx.locale.t(labels::NO_DATA),
        &style,
        (w as i32 / 2, h as i32 / 2),
    )
    .ctx(chart)
}

/// How a daily series is drawn in a time panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SeriesStyle {
    pub(crate) color: RGBColor,
    pub(crate) dash: Dash,
    /// Draw the 50% and 90% bands (else only the median).
    pub(crate) bands: bool,
}

/// One panel of a chart over time: a date axis, bands and medians of some
/// series, observed points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimePanel<'a> {
    pub(crate) title: &'a str,
    pub(crate) y_desc: &'a str,
    /// Y axis from 0, else fitted to the data.
    pub(crate) from_zero: bool,
    /// Whole-number ticks only (counts).
    pub(crate) integer: bool,
    /// Whether this panel shows the date labels (the bottom one does).
    pub(crate) show_dates: bool,
    pub(crate) series: &'a [(Band<'a>, SeriesStyle)],
    pub(crate) observed: &'a [(f64, f64)],
}

/// Width of the y tick label area of time panels, so stacked panels align.
const Y_AREA: u32 = 140;
/// Left margin of every plot, so the rotated y description is not cut.
pub(crate) const MARGIN_LEFT: u32 = 14;
/// Height of the date label area.
pub(crate) const X_AREA: u32 = 56;

/// Draws a time panel into `area`.
pub(crate) fn time_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: PlotContext,
    dates: &[Date],
    panel: TimePanel<'_>,
    chart: &'static str,
) -> Result<(), ReportError> {
    let locale = ctx.locale;
    let n = dates.len();
    let has_data = panel
        .series
        .iter()
        .any(|(b, _)| b.p50.iter().any(|x| x.is_finite()));
    let area = &panel_title(area, panel.title, Y_AREA as i32 + MARGIN_LEFT as i32, chart)?;
    if n == 0 || !has_data {
        return no_data(area, ctx, chart);
    }
    let mut hi = panel
        .series
        .iter()
        .filter_map(|(b, _)| b.finite_max())
        .chain(panel.observed.iter().map(|p| p.1))
        .fold(f64::NEG_INFINITY, f64::max);
    let mut lo = panel
        .series
        .iter()
        .filter_map(|(b, _)| b.finite_min())
        .chain(panel.observed.iter().map(|p| p.1))
        .fold(f64::INFINITY, f64::min);
    if panel.from_zero {
        lo = 0.0;
        hi = (hi * 1.05).max(1.0);
    } else {
        let pad = ((hi - lo) * 0.15).max(1.0);
        lo = (lo - pad).max(0.0);
        hi += pad;
    }
    let y = NiceAxis::new(lo, hi, 4, panel.integer);
    let (w, _) = area.dim_in_pixel();
    let ticks = date_ticks(dates, w.saturating_sub(Y_AREA + 40), locale);
    let keys: Vec<f64> = ticks.iter().map(|t| t.0).collect();
    let x_max = (n - 1).max(1) as f64;
    let mut cc = ChartBuilder::on(area)
        .margin_left(MARGIN_LEFT)
        .margin_right(40)
        .margin_top(16)
        .x_label_area_size(if panel.show_dates { X_AREA } else { 0 })
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(Keyed::new(0.0, x_max, keys), y.range())
        .ctx(chart)?;
    let show = panel.show_dates;
    let x_fmt = |x: &f64| {
        if !show {
            return String::new();
        }
        ticks
            .iter()
            .find(|t| (t.0 - x).abs() < 0.5)
            .map(|t| t.1.clone())
            .unwrap_or_default()
    };
    let y_fmt = |v: &f64| locale.num(*v, y.decimals);
    cc.configure_mesh()
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(TICK_PT))
        .axis_desc_style(font(TICK_PT))
        .y_desc(panel.y_desc)
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
    for (band, style) in panel.series.iter().filter(|(_, s)| s.bands) {
        for (lower, upper, alpha) in [
            (band.p5, band.p95, BAND90_ALPHA),
            (band.p25, band.p75, BAND50_ALPHA),
        ] {
            for poly in band_polygons(lower, upper) {
                let pts: Vec<(i32, i32)> = poly.into_iter().map(px).collect();
                area.draw(&Polygon::new(pts, style.color.mix(alpha).filled()))
                    .ctx(chart)?;
            }
        }
    }
    for (band, style) in panel.series {
        for run in runs_of(band.p50) {
            let pts: Vec<(i32, i32)> = run.into_iter().map(px).collect();
            match pts.as_slice() {
                // A lone day has no line: mark it.
                [one] => draw_marker(area, *one, Marker::Circle, style.color, 6, chart)?,
                _ => draw_path(area, &pts, style.color, 4, style.dash, chart)?,
            }
        }
    }
    for p in panel.observed {
        draw_marker(area, px(*p), Marker::Diamond, VERMILLION, 10, chart)?;
    }
    Ok(())
}

/// Tick positions (day offsets from the first date) and labels of a date
/// axis `plot_px` pixels wide: day, month, quarter or year ticks, the finest
/// whose labels fit without overlapping.
pub(crate) fn date_ticks(dates: &[Date], plot_px: u32, locale: Locale) -> Vec<(f64, String)> {
    // (kind, step): kind 0 = days of the month, 1 = months, 2 = years.
    const STEPS: [(u8, i32); 11] = [
        (0, 7),
        (0, 14),
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 6),
        (2, 1),
        (2, 2),
        (2, 5),
        (2, 10),
        (2, 25),
    ];
    let char_px = TICK_PT * 0.52;
    for (kind, step) in STEPS {
        let mut ticks = Vec::new();
        for (i, d) in dates.iter().enumerate() {
            let hit = match kind {
                0 => (d.day() - 1) % (step as i8) == 0 && d.day() <= 28 - (step as i8) + 1,
                1 => d.day() == 1 && (i32::from(d.month()) - 1) % step == 0,
                _ => d.day() == 1 && d.month() == 1 && i32::from(d.year()) % step == 0,
            };
            if hit {
                ticks.push((i, *d));
            }
        }
        let labels: Vec<(f64, String)> = ticks
            .iter()
            .enumerate()
            .map(|(n, (i, d))| {
                let text = match kind {
                    0 if n == 0 => {
                        format!("{} {} {}", d.day(), locale.month_short(d.month()), d.year())
                    }
                    0 => format!("{} {}", d.day(), locale.month_short(d.month())),
                    1 if n == 0 || d.month() == 1 => {
                        format!("{} {}", locale.month_short(d.month()), d.year())
                    }
                    1 => locale.month_short(d.month()).to_string(),
                    _ => d.year().to_string(),
                };
                (*i as f64, text)
            })
            .collect();
        if labels.is_empty() {
            continue;
        }
        // Labels are centred on their ticks: neighbours must not touch.
        let px_per_day = f64::from(plot_px) / dates.len().max(1) as f64;
        let width = |t: &str| t.chars().count() as f64 * char_px;
        let fits = labels.windows(2).all(|w| {
            (w[1].0 - w[0].0) * px_per_day >= (width(&w[0].1) + width(&w[1].1)) / 2.0 + 24.0
        });
        if fits {
            return labels;
        }
    }
    Vec::new()
}

/// A linear axis with "nice" ticks (1, 2, 2.5 or 5 × 10^k apart) that
/// include both ends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NiceAxis {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) keys: Vec<f64>,
    /// Decimals needed to write every tick exactly.
    pub(crate) decimals: usize,
}

impl NiceAxis {
    /// About `target` intervals covering `lo..hi`; steps of at least 1 when
    /// `integer` (counts).
    pub(crate) fn new(lo: f64, hi: f64, target: usize, integer: bool) -> NiceAxis {
        let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
            (true, true) if hi > lo => (lo, hi),
            (true, _) => (lo, lo + 1.0),
            _ => (0.0, 1.0),
        };
        let mut raw = (hi - lo) / target.max(1) as f64;
        if integer {
            raw = raw.max(1.0);
        }
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw * (1.0 - 1e-9) && (!integer || s.fract() == 0.0))
            .unwrap_or(10.0 * mag);
        let a = (lo / step + 1e-9).floor() * step;
        let b = (hi / step - 1e-9).ceil() * step;
        let count = ((b - a) / step).round() as usize;
        let keys = (0..=count).map(|i| a + i as f64 * step).collect();
        let decimals = (0..6)
            .find(|d| {
                let x = step * 10f64.powi(*d as i32);
                (x - x.round()).abs() < 1e-6
            })
            .unwrap_or(6);
        NiceAxis {
            lo: a,
            hi: b,
            keys,
            decimals,
        }
    }

    /// The coordinate of the axis.
    pub(crate) fn range(&self) -> Keyed {
        Keyed::new(self.lo, self.hi, self.keys.clone())
    }
}

/// Draws a panel title left-aligned at `x` and returns the area below it.
pub(crate) fn panel_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    x: i32,
    chart: &'static str,
) -> Result<DrawingArea<DB, Shift>, ReportError> {
    let style = font(LABEL_PT).pos(Pos::new(HPos::Left, VPos::Top));
    area.draw_text(title, &style, (x, 14)).ctx(chart)?;
    Ok(area.split_vertically(52).1)
}

/// The day offset of `d` from `first`, when it lies within `days` days.
pub(crate) fn day_index(first: Date, days: usize, d: Date) -> Option<f64> {
    let i = (d - first).get_days();
    (i >= 0 && (i as usize) < days).then_some(f64::from(i))
}

/// Observations of a daily metric, as (day offset, value), within the dates.
pub(crate) fn observed_points(
    dates: &[Date],
    observed: &[Observation],
    metric: &str,
) -> Vec<(f64, f64)> {
    let Some(first) = dates.first() else {
        return Vec::new();
    };
    observed
        .iter()
        .filter(|o| o.metric == metric)
        .filter_map(|o| Some((day_index(*first, dates.len(), o.end)?, o.value)))
        .collect()
}

/// Points of a series with their x positions, split where values are missing.
pub(crate) fn runs_of(values: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if v.is_finite() {
            cur.push((i as f64, *v));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The closed polygon between two series (upper forward, lower back), split
/// where either is missing.
pub(crate) fn band_polygons(lower: &[f64], upper: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let n = lower.len().min(upper.len());
    let mut out = Vec::new();
    let mut lo = Vec::new();
    let mut hi = Vec::new();
    let mut flush = |lo: &mut Vec<(f64, f64)>, hi: &mut Vec<(f64, f64)>| {
        if !lo.is_empty() {
            let mut poly = std::mem::take(hi);
            poly.extend(lo.drain(..).rev());
            out.push(poly);
        }
    };
    for i in 0..n {
        if lower[i].is_finite() && upper[i].is_finite() {
            lo.push((i as f64, lower[i]));
            hi.push((i as f64, upper[i]));
        } else {
            flush(&mut lo, &mut hi);
        }
    }
    flush(&mut lo, &mut hi);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Language;
    use jiff::civil::date;

    fn days(from: Date, n: usize) -> Vec<Date> {
        (0..n)
            .map(|i| from.checked_add(jiff::Span::new().days(i as i64)).unwrap())
            .collect()
    }

    #[test]
    fn date_ticks_fit_the_width() {
        let nl = Locale(Language::Nl);
        let year = days(date(2025, 1, 1), 365);
        let t = date_ticks(&year, 1300, nl);
        assert_eq!(t.len(), 12, "{t:?}");
        assert_eq!(t[0].1, "jan 2025");
        assert_eq!(t[2].1, "mrt");
        let narrow = date_ticks(&year, 500, nl);
        assert!(narrow.len() < 12 && narrow.len() >= 2, "{narrow:?}");
        let decade = days(date(2025, 1, 1), 3653);
        let t = date_ticks(&decade, 1300, nl);
        assert!(t.iter().all(|(_, l)| l.len() <= 8), "{t:?}");
        assert!(date_ticks(&[], 1300, nl).is_empty());
    }

    #[test]
    fn nice_axes_cover_the_data() {
        let a = NiceAxis::new(0.0, 83.0, 4, true);
        assert_eq!(a.keys, [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(a.decimals, 0);
        let b = NiceAxis::new(61.57, 63.57, 4, false);
        assert_eq!((b.lo, b.hi, b.decimals), (61.5, 64.0, 1));
        let c = NiceAxis::new(5.0, 5.0, 4, false);
        assert!(c.hi > c.lo);
        let d = NiceAxis::new(f64::NAN, f64::INFINITY, 4, false);
        assert_eq!((d.lo, d.hi), (0.0, 1.0));
        let e = NiceAxis::new(0.0, 1.2, 4, true);
        assert_eq!((e.keys.clone(), e.decimals), (vec![0.0, 1.0, 2.0], 0));
        let d = NiceAxis::new(f64::NAN, f64::INFINITY, 4, true);
        assert_eq!((d.lo, d.hi), (0.0, 1.0));
    }

    #[test]
    fn bands_split_at_gaps() {
        let lo = [1.0, 1.0, f64::NAN, 1.0];
        let hi = [2.0, 2.0, 2.0, 2.0];
        let p = band_polygons(&lo, &hi);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0], vec![(0.0, 2.0), (1.0, 2.0), (1.0, 1.0), (0.0, 1.0)]);
        assert_eq!(runs_of(&lo).len(), 2);
    }
}
