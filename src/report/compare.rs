//! The comparison report: `report.html` and its charts for a `vtsim
//! compare` result, in Dutch or English. Every number on the page is read
//! from the same [`Comparison`] rows that `compare.json` holds.

use super::ReportError;
use super::html::{esc, inline_svg};
use super::labels::{Locale, tr};
use super::plots::compare::{CompareChart, DiffSeries, FanSeries};
use super::plots::{Band, PlotContext};
use crate::compare::{self, Comparison, Direction, Row, direction, headline_periods};
use crate::engine::{SERIES, series};
use crate::metrics::{PeriodKind, kpi_index};
use crate::scenario::{Language, Scenario};

/// The KPIs of the report's tables, with their names.
const KPIS: [(&str, &str, &str); 6] = [
    (
        "triage_within_term",
        "Veiligheidsbeoordeling binnen 5 werkdagen",
        "Safety assessment within 5 working days",
    ),
    (
        "vv_within_term",
        "V&V binnen 10 weken",
        "V&V within 10 weeks",
    ),
    (
        "onderzoek_within_term",
        "Onderzoek binnen 10 weken",
        "Onderzoek within 10 weeks",
    ),
    (
        "backlog_end",
        "Wachtlijst aan het eind (zaken)",
        "Waiting list at the end (cases)",
    ),
    (
        "overdue_end",
        "Over de termijn aan het eind (zaken)",
        "Overdue at the end (cases)",
    ),
    (
        "measure_cost",
        "Kosten van de maatregelen (€)",
        "Cost of the measures (€)",
    ),
];

fn title(s: &Scenario) -> &str {
    if s.title.trim().is_empty() {
        &s.name
    } else {
        s.title.trim()
    }
}

/// A value for the page: shares in percent, euros whole, counts whole.
fn value(l: Locale, kpi: &str, x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if kpi.contains("within_term") {
        format!("{}%", l.num(x * 100.0, 0))
    } else if kpi == "measure_cost" {
        compare::euros(x, l.0)
    } else {
        l.num(x, 0)
    }
}

/// A signed difference, in percentage points for shares (without unit).
fn diff(l: Locale, kpi: &str, x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let v = if kpi.contains("within_term") {
        x * 100.0
    } else {
        x
    };
    let s = l.num(v.abs(), 0);
    let sign = if s.chars().all(|c| c == '0' || !c.is_ascii_digit()) {
        "±"
    } else if v > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{s}")
}

/// The unit of a difference, after the interval.
fn diff_unit(l: Locale, kpi: &str) -> &'static str {
    if !kpi.contains("within_term") {
        ""
    } else if l.0 == Language::Nl {
        " %-punt"
    } else {
        " pp"
    }
}

/// A raw number for a `data-` attribute (the same as in compare.json).
fn raw(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// The charts and `report.html` of a comparison: `(path, bytes)`.
pub fn render(c: &Comparison, lang: Language) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let l = Locale(lang);
    let ctx = PlotContext { locale: l };
    let base = &c.arms[0];
    let plan_dates: Vec<jiff::civil::Date> = c
        .periods
        .iter()
        .find(|p| p.kind == PeriodKind::Horizon)
        .and_then(|p| {
            let (first, last) = (p.start_date, p.end_date);
            let mut v = Vec::new();
            let mut d = first;
            while d <= last {
                v.push(d);
                d = d.tomorrow().ok()?;
            }
            Some(v)
        })
        .unwrap_or_default();
    // (a) The backlog of every scenario on one axis.
    let q = [0.05, 0.25, 0.5, 0.75, 0.95];
    let bands: Vec<[Vec<f64>; 5]> = c
        .arms
        .iter()
        .map(|a| {
            let s = &a.outcome.daily[series::BACKLOG];
            q.map(|q| s.hist.iter().map(|h| h.quantile(q)).collect())
        })
        .collect();
    debug_assert_eq!(SERIES[series::BACKLOG], "backlog");
    let labels = c.labels();
    let names: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    let fan: Vec<FanSeries<'_>> = bands
        .iter()
        .zip(&names)
        .map(|(b, name)| FanSeries {
            name,
            band: Band {
                p5: &b[0],
                p25: &b[1],
                p50: &b[2],
                p75: &b[3],
                p95: &b[4],
            },
        })
        .collect();
    // (b) Paired differences per quarter, triage within term.
    let quarters: Vec<&crate::metrics::Period> = c
        .periods
        .iter()
        .filter(|p| p.kind == PeriodKind::Quarter)
        .collect();
    let quarter_labels: Vec<String> = quarters.iter().map(|p| p.label.clone()).collect();
    let diff_series: Vec<DiffSeries> = c.arms[1..]
        .iter()
        .zip(&names[1..])
        .map(|(a, name)| DiffSeries {
            name: name.clone(),
            points: quarters
                .iter()
                .map(|p| {
                    c.row(&a.scenario.name, &p.label, "triage_within_term")
                        .map_or((f64::NAN, f64::NAN, f64::NAN), |r| {
                            (r.diff_median, r.diff_lo, r.diff_hi)
                        })
                })
                .collect(),
        })
        .collect();
    // (c) The distribution of the yearly paired difference (last year).
    let headline = headline_periods(&c.periods);
    let year = headline
        .iter()
        .rfind(|p| p.kind == PeriodKind::Year)
        .or(headline.last())
        .copied();
    let k = kpi_index("triage_within_term").unwrap_or(0);
    let year_idx = year.and_then(|y| c.periods.iter().position(|p| p.label == y.label));
    let dist: Vec<(String, Vec<f64>)> = c.arms[1..]
        .iter()
        .zip(&names[1..])
        .map(|(a, name)| {
            let d = year_idx.map_or_else(Vec::new, |pi| {
                a.outcome
                    .kpis
                    .column(pi, k)
                    .zip(base.outcome.kpis.column(pi, k))
                    .map(|(x, b)| x - b)
                    .filter(|x| x.is_finite())
                    .collect()
            });
            (name.clone(), d)
        })
        .collect();
    let year_label = year.map_or("", |y| y.label.as_str());
    let fan_title = tr(
        lang,
        "Wachtlijst: mediaan, 50% en 90% van de runs",
        "Waiting list: median, 50% and 90% of runs",
    );
    let q_title = tr(
        lang,
        "Verschil per kwartaal: veiligheidsbeoordeling binnen 5 werkdagen",
        "Difference per quarter: safety assessment within 5 working days",
    )
    .to_string();
    let d_title = format!(
        "{} {year_label}: {}",
        tr(lang, "Verschil per run in", "Difference per run in"),
        tr(
            lang,
            "veiligheidsbeoordeling binnen 5 werkdagen",
            "safety assessment within 5 working days",
        )
    );
    let charts = [
        CompareChart::Fan {
            title: fan_title,
            y_desc: tr(lang, "zaken", "cases"),
            dates: &plan_dates,
            series: &fan,
        },
        CompareChart::Quarters {
            title: &q_title,
            y_desc: tr(lang, "procentpunt", "percentage points"),
            periods: &quarter_labels,
            series: &diff_series,
        },
        CompareChart::Distribution {
            title: &d_title,
            x_desc: tr(
                lang,
                "verschil in procentpunt (rechts van 0: beter dan het basisscenario)",
                "difference in percentage points (right of 0: better than the base)",
            ),
            series: &dist,
        },
    ];
    let mut files = Vec::new();
    let mut figures = String::new();
    let captions = [
        tr(
            lang,
            "Wachtlijst: meldingen die wachten op een veiligheidsbeoordeling plus zaken die wachten op vervolg (V&V, onderzoek), aan het eind van elke dag. Grijs: het basisscenario; bij meer dan één alternatief tonen de alternatieven alleen hun mediaan. Ook waar de banden overlappen kan het verschil zeker zijn: elk scenario krijgt in run i dezelfde meldingen, en de tabel geeft het verschil run voor run.",
            "Waiting list: meldingen waiting for a safety assessment plus cases waiting for a service (V&V, Onderzoek), at the end of each day. Grey: the base; with more than one alternative the alternatives show their median only. Even where the bands overlap the difference can be certain: every scenario gets the same meldingen in run i, and the table gives the run-by-run difference.",
        ),
        tr(
            lang,
            "Per kwartaal het verschil run voor run met het basisscenario (dezelfde meldingen in beide): punt = mediaan, streep = 95% van de runs. Boven 0 is beter.",
            "Per quarter the run-by-run difference from the base (the same meldingen in both): point = median, bar = 95% of runs. Above 0 is better.",
        ),
        tr(
            lang,
            "Hoe vaak elk verschil voorkomt over de runs. Het deel rechts van de stippellijn is de kans dat het scenario beter is.",
            "How often each difference occurs across runs. The part right of the dashed line is the probability that the scenario is better.",
        ),
    ];
    for (chart, caption) in charts.iter().zip(captions) {
        let name = chart.name();
        let (svg, png) = super::plots::svg_and_png(chart, ctx)?;
        figures.push_str(&format!(
            "<figure id=\"chart-{name}\">\n{}\n<figcaption>{} <a href=\"charts/{name}.png\">PNG</a></figcaption>\n</figure>\n",
            inline_svg(&svg, caption),
            esc(caption)
        ));
        files.push((format!("charts/{name}.svg"), svg.into_bytes()));
        files.push((format!("charts/{name}.png"), png));
    }
    files.push((
        super::REPORT_FILE.to_string(),
        page(c, lang, &figures).into_bytes(),
    ));
    Ok(files)
}

fn table(c: &Comparison, lang: Language, period: &str) -> String {
    let l = Locale(lang);
    let mut t = String::from("<div class=\"wide\"><table class=\"compare\">\n<thead><tr>");
    for h in [
        tr(lang, "Kerncijfer", "Key figure"),
        tr(lang, "Scenario", "Scenario"),
        tr(lang, "Mediaan [5%–95%]", "Median [5%–95%]"),
        tr(
            lang,
            "Verschil met basis, mediaan [95%]",
            "Difference from base, median [95%]",
        ),
        tr(lang, "Kans beter", "Probability better"),
        tr(lang, "€ per procentpunt", "€ per percentage point"),
    ] {
        t.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    let labels = c.labels();
    for (kpi, nl, en) in KPIS {
        for (i, a) in c.arms.iter().enumerate() {
            let Some(r) = c.row(&a.scenario.name, period, kpi) else {
                continue;
            };
            let head = if i == 0 {
                format!(
                    "<th scope=\"row\" rowspan=\"{}\">{}</th>",
                    c.arms.len(),
                    esc(tr(lang, nl, en))
                )
            } else {
                String::new()
            };
            t.push_str(&row_html(l, kpi, r, i == 0, &head, labels[i]));
        }
    }
    t.push_str("</tbody></table></div>\n");
    t
}

fn row_html(l: Locale, kpi: &str, r: &Row, is_base: bool, head: &str, name: &str) -> String {
    let lang = l.0;
    let band = format!(
        "{} [{}–{}]",
        value(l, kpi, r.median),
        value(l, kpi, r.p5),
        value(l, kpi, r.p95)
    );
    let (d, p, e) = if is_base {
        (
            tr(lang, "basis", "base").to_string(),
            String::new(),
            String::new(),
        )
    } else {
        let mut d = format!(
            "{} [{}, {}]{}",
            diff(l, kpi, r.diff_median),
            diff(l, kpi, r.diff_lo),
            diff(l, kpi, r.diff_hi),
            diff_unit(l, kpi)
        );
        if !r.resolved && direction(kpi) != Direction::Neither {
            d.push_str(" ?");
        }
        let p = if r.p_better.is_finite() && r.p_better_se > 0.0 {
            format!(
                "{}% ± {}",
                l.num(r.p_better * 100.0, 0),
                l.num(r.p_better_se * 100.0, 1)
            )
        } else if r.p_better.is_finite() {
            // Every run agrees: the count, not a standard error of 0.
            let k = (r.p_better * r.pairs as f64).round();
            format!("{}% ({k}/{})", l.num(r.p_better * 100.0, 0), r.pairs)
        } else {
            String::new()
        };
        let e = r
            .euro_per_pp
            .map(|e| compare::euros(e, lang))
            .unwrap_or_default();
        (d, p, e)
    };
    format!(
        "<tr data-scenario=\"{}\" data-period=\"{}\" data-kpi=\"{kpi}\" data-median=\"{}\" data-diff-median=\"{}\" \
         data-diff-lo=\"{}\" data-diff-hi=\"{}\" data-p-better=\"{}\" data-cost=\"{}\">{head}<td>{}</td>\
         <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        esc(&r.scenario),
        esc(&r.period),
        raw(r.median),
        raw(r.diff_median),
        raw(r.diff_lo),
        raw(r.diff_hi),
        raw(r.p_better),
        raw(r.cost),
        esc(name),
        esc(&band),
        esc(&d),
        esc(&p),
        esc(&e)
    )
}

fn measures_html(s: &Scenario, lang: Language) -> String {
    if s.measures.is_empty() {
        return format!(
            "<p class=\"note\">{}</p>",
            esc(tr(lang, "Geen maatregelen.", "No measures."))
        );
    }
    let l = Locale(lang);
    let mut t = String::from("<table class=\"measures\"><thead><tr>");
    for h in [
        tr(lang, "Maatregel", "Measure"),
        tr(lang, "Soort", "Kind"),
        tr(lang, "Van", "From"),
        tr(lang, "Tot en met", "Until"),
        tr(lang, "Effecten", "Effects"),
        tr(lang, "Kosten per jaar", "Cost per year"),
    ] {
        t.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    t.push_str("</tr></thead><tbody>\n");
    for m in &s.measures {
        let kind = match m.kind {
            crate::scenario::MeasureKind::Emergency => tr(lang, "noodmaatregel", "emergency"),
            crate::scenario::MeasureKind::Structural => tr(lang, "structureel", "structural"),
            crate::scenario::MeasureKind::Context => tr(lang, "context", "context"),
        };
        let effects: Vec<String> = m
            .effects
            .iter()
            .map(|e| {
                toml::to_string(e)
                    .map(|s| s.trim().replace('\n', ", "))
                    .unwrap_or_else(|_| e.name().to_string())
            })
            .collect();
        t.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td class=\"num\">{}</td></tr>\n",
            esc(&m.name),
            esc(kind),
            m.start,
            m.end.map(|e| e.to_string()).unwrap_or_else(|| "–".into()),
            esc(&effects.join("; ")),
            esc(&compare::euros(m.cost_per_year, l.0))
        ));
    }
    t.push_str("</tbody></table>\n");
    t
}

fn page(c: &Comparison, lang: Language, figures: &str) -> String {
    let base = &c.arms[0];
    let style = super::html::style_block();
    let h1 = format!(
        "{}: {}",
        tr(lang, "Vergelijking", "Comparison"),
        title(&base.scenario)
    );
    let subtitle = format!(
        "{} {} · {} {} · {} {} … {} · vtsim {}",
        c.options.runs,
        tr(lang, "runs per scenario", "runs per scenario"),
        tr(lang, "seed", "seed"),
        c.options.seed,
        tr(lang, "periode", "period"),
        base.scenario.start,
        base.scenario.end,
        env!("CARGO_PKG_VERSION")
    );
    let mut findings = String::from("<ul class=\"findings\">\n");
    for f in compare::findings(c, lang) {
        findings.push_str(&format!("<li>{}</li>\n", esc(&f)));
    }
    findings.push_str("</ul>\n");
    let mut tables = String::new();
    for p in headline_periods(&c.periods) {
        let label = if p.kind == PeriodKind::Horizon {
            format!(
                "{} ({} … {})",
                tr(lang, "Hele periode", "Whole horizon"),
                p.start_date,
                p.end_date
            )
        } else {
            p.label.clone()
        };
        tables.push_str(&format!(
            "<h3>{}</h3>\n{}",
            esc(&label),
            table(c, lang, &p.label)
        ));
    }
    let mut scenarios = String::new();
    for (i, a) in c.arms.iter().enumerate() {
        let role = if i == 0 {
            tr(lang, " (basis)", " (base)")
        } else {
            ""
        };
        scenarios.push_str(&format!(
            "<h3>{}{}</h3>\n<p class=\"note\"><code>{}</code> · {}</p>\n{}",
            esc(title(&a.scenario)),
            esc(role),
            esc(&a.scenario.name),
            esc(&a.origin),
            measures_html(&a.scenario, lang)
        ));
    }
    let how = tr(
        lang,
        "Alle scenario's zijn doorgerekend met dezelfde seed en dezelfde runnummers: run i van elk scenario krijgt dezelfde meldingen, zodat verschillen run voor run worden gemeten (gepaarde vergelijking). \
         \"Verschil met basis\" is de mediaan van die verschillen, met tussen haken het gebied waarin 95% van de runs valt. \
         \"Kans beter\" is het deel van de runs waarin het scenario beter is dan de basis (hoger percentage binnen de termijn, kortere wachtlijst), met de Monte-Carlo-standaardfout. \
         Een vraagteken betekent dat het gemiddelde verschil met dit aantal runs niet van nul te onderscheiden is: meer runs kunnen de conclusie veranderen. \
         \"€ per procentpunt\" deelt de extra kosten van de maatregelen in de periode door de mediane winst in procentpunt.",
        "Every scenario ran with the same seed and run numbers: run i of each scenario sees the same meldingen, so differences are measured run by run (a paired comparison). \
         \"Difference from base\" is the median of those differences, in brackets the range that holds 95% of runs. \
         \"Probability better\" is the share of runs in which the scenario beats the base (higher share within the term, shorter waiting list), with its Monte Carlo standard error. \
         A question mark means the mean difference cannot be told from zero with this number of runs: more runs could change the conclusion. \
         \"€ per percentage point\" divides the extra cost of the measures over the period by the median gain in percentage points.",
    );
    let files: Vec<String> = c.arms.iter().map(|a| a.origin.clone()).collect();
    let command = format!(
        "vtsim compare {} --runs {} --seed {}",
        files.join(" "),
        c.options.runs,
        c.options.seed
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"vtsim {version}\">\n<title>{h1}</title>\n{style}\n<style>\n  body {{ max-width: 80rem; }}\n  div.wide {{ overflow-x: auto; }}\n  table.compare td.num {{ white-space: nowrap; }}\n  table.compare {{ font-size: .9rem; }}\n</style>\n</head>\n<body>\n\
         <header>\n<h1>{h1}</h1>\n<p class=\"subtitle\">{subtitle}</p>\n</header>\n\
         <section id=\"findings\">\n<h2>{h_findings}</h2>\n{findings}</section>\n\
         <section id=\"tables\">\n<h2>{h_tables}</h2>\n<p class=\"note\">{how}</p>\n{tables}</section>\n\
         <section id=\"charts\">\n<h2>{h_charts}</h2>\n{figures}</section>\n\
         <section id=\"scenarios\">\n<h2>{h_scenarios}</h2>\n{scenarios}</section>\n\
         <section id=\"reproduce\">\n<h2>{h_repro}</h2>\n<p class=\"note\">{repro_note}</p>\n<pre><code>{command}</code></pre>\n</section>\n\
         <footer>vtsim {version} · compare.json · compare.csv</footer>\n</body>\n</html>\n",
        lang_code = if lang == Language::Nl { "nl" } else { "en" },
        version = env!("CARGO_PKG_VERSION"),
        h1 = esc(&h1),
        subtitle = esc(&subtitle),
        h_findings = esc(tr(lang, "Bevindingen", "Findings")),
        h_tables = esc(tr(
            lang,
            "Kerncijfers per scenario",
            "Key figures per scenario"
        )),
        how = esc(how),
        h_charts = esc(tr(lang, "Grafieken", "Charts")),
        h_scenarios = esc(tr(
            lang,
            "Scenario's en maatregelen",
            "Scenarios and measures"
        )),
        h_repro = esc(tr(lang, "Opnieuw uitrekenen", "Reproduce")),
        repro_note = esc(tr(
            lang,
            "Dezelfde bestanden, runs en seed geven precies dezelfde uitkomsten; de volledige invoer van elk scenario staat in compare.json en in scenario.<naam>.resolved.toml.",
            "The same files, runs and seed give exactly the same results; every scenario's full inputs are in compare.json and in scenario.<name>.resolved.toml.",
        )),
        command = esc(&command),
    )
}
