//! The report of a sweep: for one parameter, a chart per main KPI against
//! it (median, 50% and 90% of the runs, the norm, and the share of runs that
//! meet it) and `report.html` with those charts and the table.

use super::ReportError;
use super::html::{esc, inline_svg};
use super::labels::{Locale, tr};
use super::plots::PlotContext;
use super::plots::sweep::SweepChart;
use crate::metrics::PeriodKind;
use crate::scenario::Language;
use crate::sweep::{Sweep, points};

/// A parameter value with no trailing zeros, in the locale's style.
fn value(l: Locale, v: f64) -> String {
    let s = l.num(v, 6);
    if s.contains([',', '.']) && s.ends_with('0') || s.ends_with([',', '.']) {
        s.trim_end_matches('0')
            .trim_end_matches([',', '.'])
            .to_string()
    } else {
        s
    }
}

/// The KPIs drawn, with their chart stems and names.
const CHARTS: [(&str, &str, &str, &str); 4] = [
    (
        "triage_within_term",
        "sweep-triage",
        "Veiligheidsbeoordeling binnen 5 werkdagen (afgerond)",
        "Safety assessment within 5 working days (completed)",
    ),
    (
        "triage_within_term_intake",
        "sweep-triage-intake",
        "Veiligheidsbeoordeling binnen 5 werkdagen (per binnengekomen melding)",
        "Safety assessment within 5 working days (per melding received)",
    ),
    (
        "onderzoek_within_term",
        "sweep-onderzoek",
        "Onderzoek binnen 10 weken",
        "Onderzoek within 10 weeks",
    ),
    (
        "backlog_end",
        "sweep-backlog",
        "Wachtlijst aan het eind van het jaar (zaken)",
        "Waiting list at the end of the year (cases)",
    ),
];

/// The charts (PNG and SVG) and `report.html` of a sweep of one parameter;
/// nothing for a grid (its heat map is not built yet).
pub fn render(s: &Sweep, lang: Language) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut files = Vec::new();
    let l = Locale(lang);
    let ctx = PlotContext { locale: l };
    let Some(period) = s
        .periods
        .iter()
        .rfind(|p| p.kind == PeriodKind::Year && !p.partial)
        .or_else(|| s.periods.iter().find(|p| p.kind == PeriodKind::Horizon))
    else {
        return Ok(files);
    };
    if s.params.len() == 2 {
        return grid(s, lang, period.label.as_str());
    }
    if s.params.len() != 1 {
        return Ok(files);
    }
    let param = &s.params[0];
    let x = &param.values;
    let mut figures = String::new();
    for (kpi, stem, nl, en) in CHARTS {
        let rows: Vec<&crate::sweep::Row> = x
            .iter()
            .filter_map(|v| {
                s.rows
                    .iter()
                    .find(|r| r.point == [*v] && r.period == period.label && r.kpi == kpi)
            })
            .collect();
        if rows.len() != x.len() {
            continue;
        }
        let col =
            |f: fn(&crate::sweep::Row) -> f64| rows.iter().map(|r| f(r)).collect::<Vec<f64>>();
        let (med, p5, p25, p75, p95) = (
            col(|r| r.median),
            col(|r| r.p5),
            col(|r| r.p25),
            col(|r| r.p75),
            col(|r| r.p95),
        );
        let p_norm: Option<Vec<f64>> = rows.iter().map(|r| r.p_norm).collect::<Option<Vec<f64>>>();
        let norm = rows.first().and_then(|r| r.norm);
        let title = format!("{} — {}", tr(lang, nl, en), period.label);
        let norm_label =
            norm.map(|n| format!("{} {}%", tr(lang, "norm", "norm"), l.num(n * 100.0, 0)));
        let p_title = tr(
            lang,
            "Deel van de runs dat de norm haalt",
            "Share of runs meeting the norm",
        );
        let chart = SweepChart {
            name: stem,
            title: &title,
            x_desc: &param.path,
            y_desc: "",
            legend: [
                tr(lang, "mediaan", "median"),
                tr(lang, "50% van de runs", "50% of runs"),
                tr(lang, "90% van de runs", "90% of runs"),
                norm_label.as_deref().unwrap_or(""),
            ],
            p_title,
            x,
            bands: [&med, &p5, &p25, &p75, &p95],
            norm,
            p_norm: p_norm.as_deref(),
            share: kpi.contains("within_term"),
        };
        let (svg, png) = super::plots::svg_and_png(&chart, ctx)?;
        files.push((format!("charts/{stem}.png"), png));
        figures.push_str(&format!(
            "<figure id=\"chart-{stem}\">\n{}\n<figcaption>{} <a href=\"charts/{stem}.png\">PNG</a></figcaption>\n</figure>\n",
            inline_svg(&svg, &title),
            esc(tr(
                lang,
                "Elk punt is doorgerekend met dezelfde seed en runnummers (dezelfde meldingen): de verschillen tussen punten komen van de parameter.",
                "Every point ran with the same seed and run numbers (the same meldingen): the differences between points are the parameter's.",
            ))
        ));
        files.push((format!("charts/{stem}.svg"), svg.into_bytes()));
    }
    let mut table = String::from("<div class=\"wide\"><table class=\"compare\"><thead><tr>");
    table.push_str(&format!("<th scope=\"col\">{}</th>", esc(&param.path)));
    for (kpi, _, nl, en) in CHARTS {
        table.push_str(&format!("<th scope=\"col\">{}</th>", esc(tr(lang, nl, en))));
        if kpi.contains("within_term") {
            table.push_str(&format!(
                "<th scope=\"col\">{}</th>",
                esc(tr(lang, "kans norm gehaald", "P(norm met)"))
            ));
        }
    }
    table.push_str("</tr></thead>\n<tbody>\n");
    for pt in points(&s.params) {
        table.push_str(&format!(
            "<tr><th scope=\"row\" class=\"num\">{}</th>",
            value(l, pt[0])
        ));
        for (kpi, _, _, _) in CHARTS {
            let r = s
                .rows
                .iter()
                .find(|r| r.point == pt && r.period == period.label && r.kpi == kpi);
            let share = kpi.contains("within_term");
            let v = |x: f64| {
                if share {
                    format!("{}%", l.num(x * 100.0, 0))
                } else {
                    l.num(x, 0)
                }
            };
            table.push_str(&format!(
                "<td class=\"num\">{}</td>",
                r.map_or("–".into(), |r| format!(
                    "{} [{}–{}]",
                    v(r.median),
                    v(r.p5),
                    v(r.p95)
                ))
            ));
            if share {
                table.push_str(&format!(
                    "<td class=\"num\">{}</td>",
                    r.and_then(|r| r.p_norm)
                        .map_or("–".into(), |p| format!("{}%", l.num(p * 100.0, 0)))
                ));
            }
        }
        table.push_str("</tr>\n");
    }
    table.push_str("</tbody></table></div>\n");
    let style = super::html::style_block();
    let h1 = format!(
        "{}: {}",
        tr(lang, "Doorrekening per waarde", "Sweep"),
        esc(&s.scenario)
    );
    let sub = format!(
        "{} = {} … {} · {} {} · seed {} · {} {} · vtsim {}",
        esc(&param.path),
        value(l, x[0]),
        value(l, x[x.len() - 1]),
        s.runs,
        tr(lang, "runs per waarde", "runs per value"),
        s.seed,
        tr(lang, "periode", "period"),
        esc(&period.label),
        env!("CARGO_PKG_VERSION")
    );
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{h1}</title>\n{style}\n<style>\n  body {{ max-width: 80rem; }}\n  div.wide {{ overflow-x: auto; }}\n  table.compare td.num {{ white-space: nowrap; }}\n</style>\n</head>\n<body>\n\
         <header>\n<h1>{h1}</h1>\n<p class=\"subtitle\">{sub}</p>\n</header>\n<main>\n\
         <h2>{}</h2>\n<p class=\"note\">{}</p>\n{table}\n<h2>{}</h2>\n{figures}</main>\n\
         <footer>vtsim {} · sweep.csv · sweep.json</footer>\n</body>\n</html>\n",
        l.code(),
        esc(tr(lang, "Kerncijfers per waarde", "Key figures per value")),
        esc(tr(
            lang,
            "Mediaan over de runs met tussen haken het gebied waarin 90% van de runs valt; \"kans norm gehaald\" is het deel van de runs dat de norm haalt (95% veiligheidsbeoordelingen, 85% onderzoeken binnen de termijn).",
            "Median across runs, in brackets the band holding 90% of the runs; P(norm met) is the share of runs that meet the norm (95% of safety assessments, 85% of Onderzoeken within term).",
        )),
        esc(tr(lang, "Grafieken", "Charts")),
        env!("CARGO_PKG_VERSION")
    );
    files.push((super::REPORT_FILE.into(), html.into_bytes()));
    Ok(files)
}

/// The heat maps of a grid of two parameters, one per KPI with a norm: the
/// share of runs meeting it at every combination, and `report.html`.
fn grid(s: &Sweep, lang: Language, period: &str) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    use super::plots::sweep::HeatMap;
    let l = Locale(lang);
    let ctx = PlotContext { locale: l };
    let (a, b) = (&s.params[0], &s.params[1]);
    let mut files = Vec::new();
    let mut figures = String::new();
    for (kpi, stem, nl, en) in CHARTS.iter().filter(|c| c.0.contains("within_term")) {
        let share: Vec<f64> = points(&s.params)
            .iter()
            .map(|pt| {
                s.rows
                    .iter()
                    .find(|r| r.point == *pt && r.period == period && r.kpi == *kpi)
                    .and_then(|r| r.p_norm)
                    .unwrap_or(f64::NAN)
            })
            .collect();
        let name: &'static str = match *stem {
            "sweep-triage" => "sweep-grid-triage",
            "sweep-triage-intake" => "sweep-grid-triage-intake",
            _ => "sweep-grid-onderzoek",
        };
        let title = format!("{} — {period}", tr(lang, nl, en));
        let chart = HeatMap {
            name,
            title: &title,
            x_desc: &a.path,
            x: &a.values,
            y_desc: &b.path,
            y: &b.values,
            share: &share,
            top: tr(
                lang,
                "100% van de runs haalt de norm",
                "100% of runs meet the norm",
            ),
        };
        let (svg, png) = super::plots::svg_and_png(&chart, ctx)?;
        files.push((format!("charts/{name}.png"), png));
        figures.push_str(&format!(
            "<figure id=\"chart-{name}\">\n{}\n<figcaption>{} <a href=\"charts/{name}.png\">PNG</a></figcaption>\n</figure>\n",
            inline_svg(&svg, &title),
            esc(tr(
                lang,
                "Elk vak: het deel van de runs dat de norm haalt bij die combinatie, alle combinaties met dezelfde meldingen.",
                "Each cell: the share of runs meeting the norm at that combination, all combinations with the same meldingen.",
            ))
        ));
        files.push((format!("charts/{name}.svg"), svg.into_bytes()));
    }
    let style = super::html::style_block();
    let h1 = format!(
        "{}: {}",
        tr(lang, "Doorrekening per combinatie", "Sweep grid"),
        esc(&s.scenario)
    );
    let sub = format!(
        "{} × {} · {} {} · seed {} · vtsim {}",
        esc(&a.path),
        esc(&b.path),
        s.runs,
        tr(lang, "runs per combinatie", "runs per combination"),
        s.seed,
        env!("CARGO_PKG_VERSION")
    );
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{h1}</title>\n{style}\n</head>\n<body>\n<header>\n<h1>{h1}</h1>\n<p class=\"subtitle\">{sub}</p>\n</header>\n\
         <main>\n{figures}<p class=\"note\">{}</p>\n</main>\n<footer>vtsim {} · sweep.csv · sweep.json</footer>\n</body>\n</html>\n",
        l.code(),
        esc(tr(
            lang,
            "Alle kerncijfers per combinatie staan in sweep.csv.",
            "Every KPI per combination is in sweep.csv.",
        )),
        env!("CARGO_PKG_VERSION")
    );
    files.push((super::REPORT_FILE.into(), html.into_bytes()));
    Ok(files)
}
