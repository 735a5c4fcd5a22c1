//! `report.html`: a self-contained page (charts inline as SVG, no external
//! files, readable offline) for a board.
//!
//! [`PageView`] is computed from a result and rendered into the
//! `include_str!` template by plain `{{name}}` substitution; every value is
//! HTML-escaped where it is built.

use super::assumptions::{self, Group};
use super::conclusions::{self, Conclusion};
use super::data::ResultData;
use super::labels::{self, Locale, Text};
use super::plots::{self, CHART_NAMES};
use crate::metrics::NORMS;
use crate::summary::PeriodSummary;
use serde::Serialize;
use std::collections::BTreeMap;

const TEMPLATE: &str = include_str!("template.html");

/// One cell of the KPI table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiCell {
    /// Period label of the column (`2025`, `horizon`).
    pub period: String,
    /// The text shown: `97% [90–99]`, `1.234 [980–1.510]`, `79%`, `–`.
    pub text: String,
}

/// One row of the KPI table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiRow {
    /// KPI name; for a norm row, the KPI of the norm.
    pub kpi: String,
    /// `band` (median and 5–95% band) or `norm` (probability of meeting it).
    pub stat: &'static str,
    /// Row label.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<KpiCell>,
}

/// The KPI table: one column per calendar year, and the whole horizon when
/// it spans more than one year (as in the terminal table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiTable {
    /// Column headers: period label and its text.
    pub columns: Vec<(String, String)>,
    /// Rows.
    pub rows: Vec<KpiRow>,
    /// Some share is marked `*`: over fewer than 30 cases.
    pub small_numbers: bool,
}

/// A chart on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartView {
    /// File stem (`backlog`).
    pub name: String,
    /// Caption.
    pub caption: String,
    /// The SVG document, inlined.
    #[serde(skip)]
    pub svg: String,
}

/// The quarter table: one row per quarter, one column per KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterTable {
    /// The KPIs of the columns and their headers.
    pub columns: Vec<(&'static str, String)>,
    /// Period label, its text, and one cell per column.
    pub rows: Vec<(String, String, Vec<String>)>,
}

/// The KPIs of the quarter table.
pub const QUARTER_KPIS: [(&str, Text); 4] = [
    ("triage_within_term", labels::TRIAGE),
    ("vv_within_term", labels::VV),
    ("onderzoek_within_term", labels::ONDERZOEK),
    ("backlog_end", labels::Q_BACKLOG),
];

/// Everything on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageView {
    /// `nl` or `en`.
    pub lang: &'static str,
    /// Page title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// Scenario summary: label and value.
    pub scenario: Vec<(String, String)>,
    /// The three conclusions for a board.
    pub conclusions: Vec<Conclusion>,
    /// Observed figures beside the simulated ones, one sentence each.
    pub findings: Vec<String>,
    /// The KPI table.
    pub kpis: KpiTable,
    /// The quarter table.
    pub quarters: QuarterTable,
    /// The charts.
    pub charts: Vec<ChartView>,
    /// Every resolved parameter by section, under a readable name.
    pub assumptions: Vec<Group>,
    /// `scenario.resolved.toml`, embedded in the page for download.
    #[serde(skip)]
    pub resolved_toml: String,
    /// The command that reproduces the result.
    pub command: String,
    /// Footer text.
    pub footer: String,
    /// vtsim version that made the result.
    pub version: String,
    /// The uncertain inputs (see [`super::uncertainty`]).
    pub uncertain: Option<crate::uncertain::UncertainBlock>,
}

/// The page of a result, in `locale`, with the charts' SVG documents.
pub fn page(data: &ResultData, locale: Locale, svgs: &[(&str, String)]) -> String {
    render(&view(data, locale, svgs), locale)
}

/// Computes the page's view model.
pub fn view(data: &ResultData, l: Locale, svgs: &[(&str, String)]) -> PageView {
    let s = &data.summary;
    let runs = l.int(s.runs as f64);
    let seed = s.seed.to_string();
    let captions: [Text; 5] = [
        labels::CAPTION_BACKLOG_ZAKEN,
        labels::CAPTION_COMPLIANCE_NORMS,
        labels::CAPTION_DISTRIBUTION_YEARS,
        labels::CAPTION_WORKFORCE_LEAVE,
        labels::CAPTION_CAPACITY,
    ];
    let observed = |prefix: &str, suffix: &str| {
        data.scenario
            .observations
            .iter()
            .any(|o| o.metric.starts_with(prefix) && o.metric.ends_with(suffix))
    };
    let extra = [
        observed("backlog", "").then_some(labels::CAPTION_OBSERVED_POINTS),
        observed("", "within_term").then_some(labels::CAPTION_OBSERVED_SEGMENTS),
        None,
        None,
        None,
    ];
    let charts = CHART_NAMES
        .iter()
        .zip(captions)
        .zip(extra)
        .filter_map(|((name, caption), extra)| {
            let svg = svgs.iter().find(|(n, _)| n == name)?;
            let mut caption = l.t(caption).to_string();
            if let Some(e) = extra {
                caption.push(' ');
                caption.push_str(l.t(e));
            }
            Some(ChartView {
                name: name.to_string(),
                caption,
                svg: svg.1.clone(),
            })
        })
        .collect();
    PageView {
        lang: l.code(),
        title: if data.scenario.title.trim().is_empty() {
            data.scenario.name.clone()
        } else {
            data.scenario.title.clone()
        },
        subtitle: l.fill(labels::SUBTITLE, &[("runs", &runs), ("seed", &seed)]),
        scenario: scenario_rows(data, l),
        conclusions: conclusions::conclusions(data, l),
        findings: findings(data, l),
        kpis: kpi_table(data, l),
        quarters: quarter_table(data, l),
        charts,
        assumptions: assumptions::groups(&data.resolved, l),
        resolved_toml: crate::scenario::to_toml(&data.scenario)
            .ok()
            .or_else(|| toml::to_string(&data.resolved).ok())
            .unwrap_or_default(),
        // The page's language too: it may differ from the scenario's
        // (`--lang`), which the resolved scenario does not record.
        command: format!(
            "vtsim run scenario.resolved.toml --runs {} --seed {} --lang {}",
            s.runs,
            s.seed,
            l.code()
        ),
        footer: l.fill(labels::FOOTER, &[("version", &s.vtsim_version)]),
        version: s.vtsim_version.clone(),
        uncertain: s.uncertain_inputs.clone(),
    }
}

/// The scenario summary rows.
fn scenario_rows(data: &ResultData, l: Locale) -> Vec<(String, String)> {
    let sc = &data.scenario;
    let r = &data.resolved;
    let mut rows = vec![
        (l.t(labels::S_NAME).to_string(), sc.name.clone()),
        (
            l.t(labels::S_HORIZON).to_string(),
            l.fill(
                labels::S_HORIZON_VALUE,
                &[("start", &l.date(sc.start)), ("end", &l.date(sc.end))],
            ),
        ),
    ];
    if sc.warmup_days > 0 {
        rows.push((
            l.t(labels::S_WARMUP).into(),
            l.fill(labels::S_DAYS, &[("n", &l.int(f64::from(sc.warmup_days)))]),
        ));
    }
    for (label, path) in [
        (labels::S_MELDINGEN, "inflow.meldingen.volume"),
        (labels::S_ADVIEZEN, "inflow.adviezen.volume"),
    ] {
        if let Some(toml::Value::Table(t)) = lookup(r, path) {
            let v: Vec<String> = t
                .iter()
                .filter_map(|(y, v)| Some(format!("{y}: {}", l.int(as_f64(v)?))))
                .collect();
            if !v.is_empty() {
                rows.push((l.t(label).into(), v.join("; ")));
            }
        }
    }
    let fte = lookup(r, "workforce.fte").and_then(as_f64).or_else(|| {
        let toml::Value::Array(groups) = lookup(r, "workforce.groups")? else {
            return None;
        };
        let total: f64 = groups
            .iter()
            .filter_map(|g| Some(as_f64(g.get("count")?)? * as_f64(g.get("fte")?)?))
            .sum();
        (total > 0.0).then_some(total)
    });
    if let Some(f) = fte {
        let mut text = l.num(f, 2);
        // Budget steps, where the scenario has them.
        if let Some(toml::Value::Array(steps)) = lookup(r, "workforce.budget_changes") {
            for step in steps {
                let from = step
                    .get("from")
                    .and_then(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .or_else(|| Some(v.to_string()))
                    })
                    .and_then(|d| d.parse::<jiff::civil::Date>().ok());
                if let (Some(from), Some(fte)) = (from, step.get("fte").and_then(as_f64)) {
                    text.push_str(&l.fill(
                        labels::S_FTE_STEP,
                        &[("date", &l.date(from)), ("fte", &l.num(fte, 2))],
                    ));
                }
            }
        }
        rows.push((l.t(labels::S_FTE).into(), text));
    }
    if let Some(x) = lookup(r, "effort.norm_share").and_then(as_f64) {
        rows.push((l.t(labels::S_NORM_SHARE).into(), l.pct(x)));
    }
    if !sc.observations.is_empty() {
        rows.push((
            l.t(labels::S_OBSERVATIONS).into(),
            l.int(sc.observations.len() as f64),
        ));
    }
    let s = &data.summary;
    rows.push((l.t(labels::S_RUNS).into(), l.int(s.runs as f64)));
    rows.push((l.t(labels::S_SEED).into(), s.seed.to_string()));
    rows.push((l.t(labels::S_ORIGIN).into(), s.scenario_origin.clone()));
    rows.push((l.t(labels::S_VERSION).into(), s.vtsim_version.clone()));
    rows
}

fn lookup<'a>(t: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut v = t.get(parts.next()?)?;
    for p in parts {
        v = v.get(p)?;
    }
    Some(v)
}

fn as_f64(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The findings lower down the page: each observed figure of the scenario
/// beside the simulated one (`daily.csv` for observed stocks), one sentence
/// each; the conclusions and the table say the rest.
pub fn findings(data: &ResultData, l: Locale) -> Vec<String> {
    observed_findings(data, l)
}

/// Whether a metric is a share (written as a percentage) rather than a count.
pub fn is_share(metric: &str) -> bool {
    metric.ends_with("within_term")
        || metric.ends_with("within_term_intake")
        || metric.ends_with("_share")
        || metric.ends_with("_rate")
}

/// One sentence per observation inside the horizon: the observed value
/// beside the simulated median (of the day for a stock, of the smallest
/// period holding the observation for a share, of the same period for a count).
fn observed_findings(data: &ResultData, l: Locale) -> Vec<String> {
    let s = &data.summary;
    let mut out = Vec::new();
    for o in &data.scenario.observations {
        let what = labels::OBSERVABLE_NAMES
            .iter()
            .find(|(m, _)| *m == o.metric)
            .map_or(o.metric.as_str(), |(_, t)| l.t(*t));
        let share = is_share(&o.metric);
        let fmt = |x: f64| if share { l.pct(x) } else { l.int(x) };
        let simulated = if o.metric.starts_with("backlog") {
            let Some(i) = data.daily.dates.iter().position(|d| *d == o.end) else {
                continue;
            };
            let med = data
                .daily
                .get(&o.metric)
                .and_then(|sr| sr.pct("p50").get(i).copied())
                .filter(|x| x.is_finite());
            med.map(|m| {
                (
                    l.fill(labels::F_ON_DATE, &[("date", &l.date(o.end))]),
                    m,
                    l.date(o.end),
                )
            })
        } else {
            // The KPI over the observation's own window (every run reports
            // it: a calendar or reporting period, or a window of its own).
            let period = s
                .periods
                .iter()
                .filter(|p| !p.partial && p.start_date == o.start && p.end_date == o.end)
                // The year rather than a one-year horizon of the same dates.
                .min_by_key(|p| p.kind == crate::metrics::PeriodKind::Horizon);
            period.and_then(|p| {
                let m = p.kpi(&o.metric)?.pct("p50")?;
                let sim = if p.kind == crate::metrics::PeriodKind::Observation {
                    l.t(labels::F_SAME_PERIOD).to_string()
                } else {
                    l.fill(labels::F_IN_PERIOD, &[("period", &l.period(&p.label))])
                };
                Some((sim, m, l.span(o.start, o.end)))
            })
        };
        let Some((sim, med, period)) = simulated else {
            continue;
        };
        out.push(l.fill(
            labels::F_OBSERVED,
            &[
                ("what", what),
                ("value", &fmt(o.value)),
                ("period", &period),
                ("sim", &sim),
                ("med", &fmt(med)),
            ],
        ));
    }
    out
}

/// A median and its 90% band as the table writes them: `97% [90–99]`,
/// `1.234 [980–1.510]`, `62,3 [61,0–63,1]`; the unit and decimals are the
/// KPI's ([`labels::kpi_format`]). The terminal table writes the same.
pub fn band_text(kpi: &str, med: f64, lo: f64, hi: f64, l: Locale) -> String {
    let (scale, decimals, unit) = labels::kpi_format(kpi);
    let f = |x: f64| l.num(x * scale, decimals);
    format!("{}{unit} [{}–{}]", f(med), f(lo), f(hi))
}

/// The KPI table in the report's language: the compliance and backlog rows,
/// the chance of meeting each norm, then the workforce rows.
pub fn kpi_table(data: &ResultData, l: Locale) -> KpiTable {
    let cols = kpi_periods(&data.summary);
    let columns = cols
        .iter()
        .map(|p| (p.label.clone(), l.period_of(p)))
        .collect();
    let mut small_numbers = false;
    let band_row = |kpi: &str, label: Text, small_numbers: &mut bool| {
        let cells = cols
            .iter()
            .map(|p| {
                let mut text = p.kpi(kpi).and_then(|k| k.median_band()).map_or_else(
                    || "–".to_string(),
                    |(m, lo, hi)| band_text(kpi, m, lo, hi, l),
                );
                if text != "–" && p.small_numbers.iter().any(|k| k == kpi) {
                    text.push_str(" *");
                    *small_numbers = true;
                }
                KpiCell {
                    period: p.label.clone(),
                    text,
                }
            })
            .collect();
        KpiRow {
            kpi: kpi.to_string(),
            stat: "band",
            label: l.t(label).to_string(),
            cells,
        }
    };
    let mut rows: Vec<KpiRow> = labels::KPI_ROWS
        .iter()
        .map(|(kpi, label)| band_row(kpi, *label, &mut small_numbers))
        .collect();
    for norm in NORMS.iter().filter(|n| !n.kpi.ends_with("_intake")) {
        let what = match norm.kpi {
            "triage_within_term" => l.t(labels::TRIAGE),
            "onderzoek_within_term" => l.t(labels::ONDERZOEK),
            other => other,
        };
        let cells = cols
            .iter()
            .map(|p| KpiCell {
                period: p.label.clone(),
                text: p
                    .norm(norm.kpi)
                    .and_then(|n| n.probability)
                    .map_or_else(|| "–".to_string(), |x| l.chance(x)),
            })
            .collect();
        rows.push(KpiRow {
            kpi: norm.kpi.to_string(),
            stat: "norm",
            label: l.fill(
                labels::KPI_P_NORM,
                &[("what", what), ("norm", &l.pct(norm.at_least))],
            ),
            cells,
        });
    }
    rows.extend(
        labels::WORKFORCE_ROWS
            .iter()
            .map(|(kpi, label)| band_row(kpi, *label, &mut small_numbers)),
    );
    KpiTable {
        columns,
        rows,
        small_numbers,
    }
}

/// The quarter table: compliance by completion and the backlog at the end
/// of every quarter of the horizon.
pub fn quarter_table(data: &ResultData, l: Locale) -> QuarterTable {
    let columns = QUARTER_KPIS
        .iter()
        .map(|(k, t)| (*k, l.t(*t).to_string()))
        .collect();
    let rows = data
        .summary
        .of_kind(crate::metrics::PeriodKind::Quarter)
        .map(|p| {
            let cells = QUARTER_KPIS
                .iter()
                .map(|(kpi, _)| {
                    let mut text = p.kpi(kpi).and_then(|k| k.median_band()).map_or_else(
                        || "–".to_string(),
                        |(m, lo, hi)| band_text(kpi, m, lo, hi, l),
                    );
                    if text != "–" && p.small_numbers.iter().any(|k| k == kpi) {
                        text.push_str(" *");
                    }
                    text
                })
                .collect();
            (p.label.clone(), l.period_of(p), cells)
        })
        .collect();
    QuarterTable { columns, rows }
}

/// The windows of the KPI table, in its column order: every calendar year,
/// the whole horizon when there is more than one year, and the reporting
/// periods (also the windows of `kpis.csv`).
pub fn kpi_periods(s: &crate::summary::ResultSummary) -> Vec<&PeriodSummary> {
    let mut cols: Vec<&PeriodSummary> = s.of_kind(crate::metrics::PeriodKind::Year).collect();
    if cols.len() > 1 {
        cols.extend(s.of_kind(crate::metrics::PeriodKind::Horizon));
    }
    cols.extend(s.of_kind(crate::metrics::PeriodKind::Reporting));
    cols
}

/// Every resolved parameter as `key.path` and its TOML value, sorted by key.
pub fn assumptions(table: &toml::Table) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut Vec<(String, String)>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            toml::Value::Array(a) if !a.is_empty() && a.iter().all(toml::Value::is_table) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    for (k, v) in table {
        walk(k, v, &mut out);
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<style>` element of the report template, so pages built outside the
/// template (the comparison report) look the same.
pub(crate) fn style_block() -> &'static str {
    let t = TEMPLATE;
    match (t.find("<style>"), t.find("</style>")) {
        (Some(a), Some(b)) if b > a => &t[a..b + "</style>".len()],
        _ => "",
    }
}

/// The SVG document as an element of the page: scales to the page width.
pub(crate) fn inline_svg(svg: &str, label: &str) -> String {
    let body = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| &svg[i + j + 1..]))
        .unwrap_or("");
    let (w, h) = plots::SIZE;
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\">{}",
        esc(label),
        body.trim_end()
    )
}

/// Renders the page's view model into the template.
pub fn render(v: &PageView, l: Locale) -> String {
    let mut scenario = String::from("<table class=\"scenario\">\n");
    for (k, val) in &v.scenario {
        scenario.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            esc(k),
            esc(val)
        ));
    }
    scenario.push_str("</table>");

    let mut conclusions = String::from("<ol class=\"conclusions\">\n");
    for c in &v.conclusions {
        conclusions.push_str(&format!(
            "<li class=\"conclusion\" data-kind=\"{}\"><div class=\"figure\"><span class=\"value\">{}</span><span class=\"what\">{}</span></div>\
             <div class=\"text\"><p class=\"headline\">{}</p><p class=\"detail\">{}</p></div></li>\n",
            c.kind,
            esc(&c.figure),
            esc(&c.figure_label),
            esc(&c.headline),
            esc(&c.detail),
        ));
    }
    if v.conclusions.is_empty() {
        conclusions.push_str(&format!("<li>{}</li>\n", esc(l.t(labels::F_NONE))));
    }
    conclusions.push_str("</ol>");

    let mut findings = String::new();
    if !v.findings.is_empty() {
        findings.push_str(&format!(
            "<section id=\"observed\">\n<h2>{}</h2>\n<ul class=\"findings\">\n",
            esc(l.t(labels::H_OBSERVED))
        ));
        for f in &v.findings {
            findings.push_str(&format!("<li>{}</li>\n", esc(f)));
        }
        findings.push_str("</ul>\n</section>");
    }

    let mut kpis = String::from("<table class=\"kpis\">\n<thead><tr>");
    kpis.push_str(&format!("<th>{}</th>", esc(l.t(labels::KPI_CORNER))));
    for (_, text) in &v.kpis.columns {
        kpis.push_str(&format!(
            "<th class=\"num\" scope=\"col\">{}</th>",
            esc(text)
        ));
    }
    kpis.push_str("</tr></thead>\n<tbody>\n");
    let mut workforce_heading = false;
    for row in &v.kpis.rows {
        if !workforce_heading && labels::is_workforce_kpi(&row.kpi) {
            workforce_heading = true;
            kpis.push_str(&format!(
                "<tr class=\"group\"><th colspan=\"{}\" scope=\"rowgroup\">{}</th></tr>\n",
                v.kpis.columns.len() + 1,
                esc(l.t(labels::KPI_WORKFORCE))
            ));
        }
        kpis.push_str(&format!(
            "<tr data-kpi=\"{}\" data-stat=\"{}\"><th scope=\"row\">{}</th>",
            esc(&row.kpi),
            row.stat,
            esc(&row.label)
        ));
        for c in &row.cells {
            // The band in a span of its own, so that a narrow column (a page
            // of A4, many reporting periods) puts it under the median
            // rather than breaking it.
            let text = match c.text.split_once(" [") {
                Some((median, band)) => {
                    format!("{} <span class=\"band\">[{}</span>", esc(median), esc(band))
                }
                None => esc(&c.text),
            };
            kpis.push_str(&format!(
                "<td class=\"num\" data-period=\"{}\">{text}</td>",
                esc(&c.period),
            ));
        }
        kpis.push_str("</tr>\n");
    }
    kpis.push_str("</tbody>\n</table>");
    if v.kpis.small_numbers {
        kpis.push_str(&format!(
            "\n<p class=\"note\">{}</p>",
            esc(l.t(labels::SMALL_NUMBERS_NOTE))
        ));
    }

    let mut quarters = String::new();
    if !v.quarters.rows.is_empty() {
        quarters.push_str(&format!(
            "<h3>{}</h3>\n<p class=\"note\">{}</p>\n<table class=\"quarters\">\n<thead><tr><th></th>",
            esc(l.t(labels::H_QUARTERS)),
            esc(l.t(labels::Q_NOTE))
        ));
        for (_, head) in &v.quarters.columns {
            quarters.push_str(&format!(
                "<th class=\"num\" scope=\"col\">{}</th>",
                esc(head)
            ));
        }
        quarters.push_str("</tr></thead>\n<tbody>\n");
        for (label, text, cells) in &v.quarters.rows {
            quarters.push_str(&format!(
                "<tr data-period=\"{}\"><th scope=\"row\">{}</th>",
                esc(label),
                esc(text)
            ));
            for ((kpi, _), c) in v.quarters.columns.iter().zip(cells) {
                quarters.push_str(&format!(
                    "<td class=\"num\" data-kpi=\"{kpi}\">{}</td>",
                    esc(c)
                ));
            }
            quarters.push_str("</tr>\n");
        }
        quarters.push_str("</tbody>\n</table>");
    }

    let mut charts = String::new();
    for c in &v.charts {
        charts.push_str(&format!(
            "<figure id=\"chart-{name}\">\n{svg}\n<figcaption>{cap}</figcaption>\n</figure>\n",
            name = esc(&c.name),
            svg = inline_svg(&c.svg, &c.caption),
            cap = esc(&c.caption),
        ));
    }

    let mut assumptions = assumptions::render(&v.assumptions, l);
    if !v.resolved_toml.is_empty() {
        assumptions.push_str(&format!(
            "<p class=\"download\"><a download=\"scenario.resolved.toml\" href=\"{}\">{}</a></p>\n\
             <details class=\"resolved\"><summary>{}</summary>\n<pre><code>{}</code></pre>\n</details>",
            esc(&assumptions::data_uri(&v.resolved_toml)),
            esc(l.t(labels::A_DOWNLOAD)),
            esc(l.t(labels::A_SHOW_FILE)),
            esc(&v.resolved_toml),
        ));
    }

    let values: BTreeMap<&str, String> = [
        ("lang", v.lang.to_string()),
        ("version", esc(&v.version)),
        ("title", esc(&v.title)),
        ("subtitle", esc(&v.subtitle)),
        ("h_conclusions", esc(l.t(labels::H_CONCLUSIONS))),
        ("conclusions", conclusions),
        ("h_scenario", esc(l.t(labels::H_SCENARIO))),
        ("scenario", scenario),
        ("findings", findings),
        ("h_kpis", esc(l.t(labels::H_KPIS))),
        // The note carries its own <em> markup; it is a constant of labels.rs.
        ("kpi_note", l.t(labels::KPI_NOTE).to_string()),
        ("kpi_table", kpis),
        ("quarter_table", quarters),
        (
            "uncertainty",
            super::uncertainty::section(v.uncertain.as_ref(), l),
        ),
        ("h_charts", esc(l.t(labels::H_CHARTS))),
        ("charts", charts),
        ("h_assumptions", esc(l.t(labels::H_ASSUMPTIONS))),
        ("assumptions_note", l.t(labels::A_NOTE).to_string()),
        ("assumptions", assumptions),
        ("h_reproduce", esc(l.t(labels::H_REPRODUCE))),
        ("reproduce_note", esc(l.t(labels::R_NOTE))),
        ("command", esc(&v.command)),
        ("footer", esc(&v.footer)),
    ]
    .into_iter()
    .collect();
    substitute(TEMPLATE, &values)
}

/// Replaces each `{{name}}` of the template in one pass (inserted text is
/// never scanned again); an unknown name is left as it is.
fn substitute(template: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(template.len() * 4);
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) => {
                match values.get(&after[..j]) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[i..i + 2 + j + 2]),
                }
                rest = &after[j + 2..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders_are_all_known() {
        let values: BTreeMap<&str, String> = BTreeMap::new();
        let raw = substitute(TEMPLATE, &values);
        let names: Vec<&str> = raw
            .split("{{")
            .skip(1)
            .filter_map(|p| p.split("}}").next())
            .collect();
        let known = [
            "lang",
            "version",
            "title",
            "subtitle",
            "h_scenario",
            "scenario",
            "h_conclusions",
            "conclusions",
            "findings",
            "quarter_table",
            "h_kpis",
            "kpi_note",
            "kpi_table",
            "uncertainty",
            "h_charts",
            "charts",
            "h_assumptions",
            "assumptions_note",
            "assumptions",
            "h_reproduce",
            "reproduce_note",
            "command",
            "footer",
        ];
        for n in names {
            assert!(known.contains(&n), "unknown placeholder {n}");
        }
    }

    #[test]
    fn substitution_is_single_pass_and_escaping_works() {
        let mut v = BTreeMap::new();
        v.insert("a", "{{b}}".to_string());
        v.insert("b", "x".to_string());
        assert_eq!(substitute("<{{a}}|{{b}}|{{c}}>", &v), "<{{b}}|x|{{c}}>");
        assert_eq!(esc("V&V <b>\"'"), "V&amp;V &lt;b&gt;&quot;&#39;");
    }

    #[test]
    fn assumptions_flatten_tables_and_arrays_of_tables() {
        let t: toml::Table = toml::from_str(
            "name = \"x\"\n[a]\nb = 1\nc = [1, 2]\n[[obs]]\nv = 0.5\n[[obs]]\nv = 0.6\n",
        )
        .unwrap();
        let rows = assumptions(&t);
        let keys: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(keys, ["a.b", "a.c", "name", "obs[0].v", "obs[1].v"]);
        assert_eq!(rows[1].1, "[1, 2]");
        assert_eq!(rows[2].1, "\"x\"");
    }
}
