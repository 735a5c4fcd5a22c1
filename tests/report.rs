//! Integration tests of the charts and `report.html` (tracker issue 4):
//! every chart of every shipped scenario is a valid PNG and SVG, the numbers
//! of the report are those of `summary.json`, the findings read as
//! snapshotted in both languages, chart code fails without panicking, and
//! `vtsim run` / `vtsim report` write the files.

use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use vtsim::experiment::Experiment;
use vtsim::montecarlo::RunOptions;
use vtsim::report::data::Texts;
use vtsim::report::labels::Locale;
use vtsim::report::plots::{self, ChartData, DistributionPanel, PlotContext, Quarter};
use vtsim::scenario::{self, Language, Observation};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Simulates a scenario file with overrides and returns the four result
/// files as `vtsim run` writes them.
fn simulate(path: &Path, overrides: &[String], runs: u64) -> Vec<(&'static str, Vec<u8>)> {
    results(path, overrides, runs).files().unwrap()
}

/// Simulates a scenario file with overrides: the results in memory.
fn results(path: &Path, overrides: &[String], runs: u64) -> vtsim::experiment::Results {
    let s = scenario::load(Some(path), overrides).expect("scenario loads");
    let options = RunOptions {
        runs,
        seed: 1,
        threads: 2,
    };
    Experiment::new(s, &path.display().to_string(), options)
        .run(&|_| {}, &Default::default())
        .expect("runs")
}

#[test]
fn the_report_from_memory_equals_the_report_from_the_files() {
    // `vtsim run` draws from the results in memory, `vtsim report` from the
    // files parsed back into the same types: every chart and the page must
    // be byte-identical, for a scenario with observations, reporting
    // periods, an initial state and measures, in both languages.
    for (path, sets) in [
        ("scenarios/zhz-2024.toml", vec![]),
        ("scenarios/gz-2023.toml", vec!["end=2023-09-30".to_string()]),
    ] {
        let r = results(&repo(path), &sets, 6);
        let files = r.files().unwrap();
        let parsed = vtsim::report::data::from_texts(
            Texts {
                summary_json: text_of(&files, "summary.json"),
                runs_csv: text_of(&files, "runs.csv"),
                daily_csv: text_of(&files, "daily.csv"),
                resolved_toml: text_of(&files, "scenario.resolved.toml"),
            },
            "memory",
        )
        .expect("the files parse");
        // Every value read back exactly (Debug, so that NaN equals NaN).
        let same =
            |a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| format!("{a:?}") == format!("{b:?}");
        assert!(same(&parsed.summary, &r.summary), "{path}: summary.json");
        assert!(same(&parsed.runs, &r.runs), "{path}: runs.csv");
        assert!(same(&parsed.daily, &r.daily), "{path}: daily.csv");
        // The parsed results write the same files again.
        assert_eq!(parsed.files().unwrap(), files, "{path}: files");
        for lang in [Language::Nl, Language::En] {
            let a = vtsim::report::render(&r, Some(lang)).unwrap();
            let b = vtsim::report::render(&parsed, Some(lang)).unwrap();
            assert_eq!(a.len(), b.len());
            for ((na, ba), (nb, bb)) in a.iter().zip(&b) {
                assert_eq!(na, nb);
                assert!(ba == bb, "{path} {lang:?}: {na} differs");
            }
        }
    }
}

fn text_of<'a>(files: &'a [(&str, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &files.iter().find(|(n, _)| *n == name).expect(name).1;
    std::str::from_utf8(bytes).expect("UTF-8")
}

fn rendered<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} was not rendered"))
        .1
}

/// HTML entities back to text.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// One conclusion as the page shows it.
#[derive(Debug)]
struct Shown {
    figure: String,
    figure_label: String,
    headline: String,
    detail: String,
}

/// The conclusion of `kind` (`norms`, `backlog`, `capacity`) on a page.
fn conclusion(html: &str, kind: &str) -> Shown {
    let open = format!("<li class=\"conclusion\" data-kind=\"{kind}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no conclusion {kind}"));
    let li = &html[start..start + html[start..].find("</li>").unwrap()];
    let part = |class: &str| {
        let open = format!("class=\"{class}\">");
        let from = li
            .find(&open)
            .unwrap_or_else(|| panic!("{kind}: no {class}"))
            + open.len();
        let to = from + li[from..].find("</").unwrap();
        unescape(&li[from..to])
    };
    Shown {
        figure: part("value"),
        figure_label: part("what"),
        headline: part("headline"),
        detail: part("detail"),
    }
}

/// Every link and image of a page works when the page is mailed alone:
/// each `href`, `src` and CSS `url(` is embedded (`data:`) or on the page
/// itself (`#…`).
fn assert_travels_alone(html: &str, what: &str) {
    for attr in ["href=\"", "src=\"", "url("] {
        for (i, _) in html.match_indices(attr) {
            let v = &html[i + attr.len()..];
            assert!(
                v.starts_with("data:") || v.starts_with('#'),
                "{what}: {attr}{} is not embedded",
                &v[..v.len().min(40)]
            );
        }
    }
}

fn assert_png(bytes: &[u8], what: &str) {
    assert!(bytes.len() > 1000, "{what}: only {} bytes", bytes.len());
    assert!(bytes.starts_with(PNG_SIGNATURE), "{what}: no PNG signature");
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((w, h), plots::SIZE, "{what}: size");
}

fn assert_svg(bytes: &[u8], what: &str) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: not UTF-8"));
    assert!(text.starts_with("<svg"), "{what}: does not start with <svg");
    assert!(text.trim_end().ends_with("</svg>"), "{what}: no </svg>");
    assert!(text.contains("<text"), "{what}: no text drawn");
}

// ---------------------------------------------------------------------------
// 1. Every chart of every shipped scenario, in both languages.
// ---------------------------------------------------------------------------

#[test]
fn every_chart_of_every_shipped_scenario_is_a_valid_png_and_svg() {
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(repo("scenarios"))
        .expect("scenarios/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    assert!(!scenarios.is_empty());
    for path in &scenarios {
        // The whole horizon (so that every measure stays inside it and the
        // observations keep their windows), with a short warm-up and few
        // runs to keep the test fast.
        let overrides = vec!["warmup_days=30".to_string()];
        let own = scenario::load(Some(path), &overrides).unwrap().language;
        let files = simulate(path, &overrides, 3);
        for lang in [Language::Nl, Language::En] {
            // The scenario's language in report.html and charts/, another
            // in report.<lang>.html and charts/<lang>/.
            let code = if lang == Language::Nl { "nl" } else { "en" };
            let (charts, page) = if lang == own {
                ("charts".to_string(), "report.html".to_string())
            } else {
                (format!("charts/{code}"), format!("report.{code}.html"))
            };
            let out =
                vtsim::report::render_result_files(&files, &path.display().to_string(), Some(lang))
                    .expect("renders");
            let names: BTreeSet<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
            let mut want: BTreeSet<String> = plots::CHART_NAMES
                .iter()
                .flat_map(|c| [format!("{charts}/{c}.png"), format!("{charts}/{c}.svg")])
                .collect();
            want.insert(page.clone());
            assert_eq!(
                names,
                want.iter().map(String::as_str).collect(),
                "{}",
                path.display()
            );
            for c in plots::CHART_NAMES {
                let what = format!("{} {c} ({lang:?})", path.display());
                assert_png(rendered(&out, &format!("{charts}/{c}.png")), &what);
                assert_svg(rendered(&out, &format!("{charts}/{c}.svg")), &what);
            }
            let html = std::str::from_utf8(rendered(&out, &page)).unwrap();
            assert!(html.contains(&format!("<html lang=\"{code}\">")));
            // Self-contained: every chart inline, nothing loaded from elsewhere.
            assert_eq!(html.matches("<svg ").count(), plots::CHART_NAMES.len());
            assert!(!html.contains("<script") && !html.contains("src=\""));
            assert_travels_alone(html, &path.display().to_string());
        }
    }
}

/// The structure of a chart's SVG: every text in order, then how many
/// elements of each kind are drawn in each colour (stroke or fill), so a
/// lost series, label or band shows in the snapshot.
fn svg_structure(svg: &str) -> String {
    let mut texts = Vec::new();
    let mut shapes: std::collections::BTreeMap<String, usize> = Default::default();
    for part in svg.split('<').skip(1) {
        let tag: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let attr = |name: &str| {
            part.split_once(&format!(" {name}=\""))
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(v, _)| v.to_string())
        };
        match tag.as_str() {
            "text" => {
                let content = part.split_once('>').map_or("", |(_, c)| c).trim();
                texts.push(content.to_string());
            }
            "svg" | "" => {}
            _ => {
                let stroke = attr("stroke").filter(|c| c != "none");
                let fill = attr("fill").filter(|c| c != "none");
                let key = match (stroke, fill) {
                    (Some(s), _) => format!("{tag} stroke {s}"),
                    (None, Some(f)) => format!("{tag} fill {f}"),
                    (None, None) => format!("{tag} unpainted"),
                };
                *shapes.entry(key).or_default() += 1;
            }
        }
    }
    let mut out = String::from("texts:\n");
    for t in &texts {
        out.push_str(&format!("  {t}\n"));
    }
    out.push_str("elements:\n");
    for (k, n) in &shapes {
        out.push_str(&format!("  {k}: {n}\n"));
    }
    out
}

#[test]
fn the_svg_structure_of_every_chart_is_as_snapshotted() {
    // A fixed run of the ZHZ calibration year (observations, reporting
    // periods), few runs: every chart's texts and its elements per colour.
    let r = results(&repo("scenarios/zhz-2024.toml"), &[], 4);
    let out = vtsim::report::render(&r, Some(Language::Nl)).unwrap();
    for c in plots::CHART_NAMES {
        let svg = std::str::from_utf8(rendered(&out, &format!("charts/{c}.svg"))).unwrap();
        insta::assert_snapshot!(format!("svg_structure_{c}"), svg_structure(svg));
    }
}

#[test]
fn every_png_is_its_svg_rasterised() {
    let r = results(
        &repo("scenarios/zhz-2024.toml"),
        &["end=2024-03-31".into()],
        3,
    );
    // English on a Dutch scenario: the charts go to charts/en/.
    let out = vtsim::report::render(&r, Some(Language::En)).unwrap();
    for c in plots::CHART_NAMES {
        let png = rendered(&out, &format!("charts/en/{c}.png"));
        let svg = std::str::from_utf8(rendered(&out, &format!("charts/en/{c}.svg"))).unwrap();
        assert_png(png, c);
        assert!(
            png == plots::rasterise(svg, "test").unwrap().as_slice(),
            "{c}: the PNG is not the SVG rasterised"
        );
        // Decoded: the chart's size, mostly white, with dark text in the
        // title strip and several colours drawn.
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), plots::SIZE, "{c}");
        assert_eq!(info.color_type, png::ColorType::Rgb, "{c}");
        let px: Vec<[u8; 3]> = buf.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
        let white = px.iter().filter(|p| **p == [255, 255, 255]).count();
        let share = white as f64 / px.len() as f64;
        assert!((0.5..0.99).contains(&share), "{c}: {share} white");
        let w = info.width as usize;
        let dark_in_title = px[..60 * w]
            .iter()
            .filter(|p| p.iter().all(|v| *v < 80))
            .count();
        assert!(
            dark_in_title > 500,
            "{c}: title text missing ({dark_in_title} dark pixels)"
        );
        let colours: BTreeSet<[u8; 3]> = px.iter().copied().collect();
        assert!(colours.len() > 20, "{c}: only {} colours", colours.len());
    }
}

// ---------------------------------------------------------------------------
// 2. The numbers in report.html are those of summary.json.
// ---------------------------------------------------------------------------

/// The cells of a KPI table row: period label and text.
fn row_cells(html: &str, kpi: &str, stat: &str) -> Vec<(String, String)> {
    let open = format!("<tr data-kpi=\"{kpi}\" data-stat=\"{stat}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no row {kpi}/{stat}"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td class=\"num\" data-period=\"")
        .skip(1)
        .map(|c| {
            let (period, rest) = c.split_once("\">").unwrap();
            // The text of the cell, without the span around the band.
            let text = rest
                .split("</td>")
                .next()
                .unwrap()
                .replace("<span class=\"band\">", "")
                .replace("</span>", "");
            (period.to_string(), text)
        })
        .collect()
}

/// The numbers written in a text, read the way the language writes them.
fn numbers(text: &str, lang: Language) -> Vec<f64> {
    let (thousands, point) = match lang {
        Language::Nl => ('.', ','),
        Language::En => (',', '.'),
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || c == thousands || c == point {
            cur.push(c);
        } else if !cur.is_empty() {
            let t = cur.trim_matches(|c| c == thousands || c == point);
            let t: String = t
                .chars()
                .filter(|c| *c != thousands)
                .map(|c| if c == point { '.' } else { c })
                .collect();
            if let Ok(x) = t.parse() {
                out.push(x);
            }
            cur.clear();
        }
    }
    out
}

fn assert_shown(shown: f64, value: f64, what: &str) {
    assert!(
        (shown - value).abs() <= 0.5 + 1e-9,
        "{what}: report shows {shown}, summary.json has {value}"
    );
}

#[test]
fn the_numbers_in_report_html_are_those_of_summary_json() {
    // Two calendar years, so the table has a column per year and the horizon.
    let path = repo("tests/fixtures/tiny-rich.toml");
    let files = simulate(&path, &[], 12);
    let summary: Value = serde_json::from_str(text_of(&files, "summary.json")).unwrap();
    let periods = summary["periods"].as_array().unwrap();
    let columns: Vec<&str> = periods
        .iter()
        .filter(|p| p["kind"] == "year")
        .chain(periods.iter().filter(|p| p["kind"] == "horizon"))
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["2024", "2025", "horizon"]);
    let period = |label: &str| periods.iter().find(|p| p["label"] == label).unwrap();

    for lang in [Language::En, Language::Nl] {
        let out = vtsim::report::render_result_files(&files, "tiny-rich", Some(lang)).unwrap();
        // tiny-rich is an English scenario: the Dutch page is report.nl.html.
        let page = if lang == Language::En {
            "report.html"
        } else {
            "report.nl.html"
        };
        let html = std::str::from_utf8(rendered(&out, page)).unwrap();
        for (kpi, scale) in [
            ("triage_within_term", 100.0),
            ("triage_within_term_intake", 100.0),
            ("vv_within_term", 100.0),
            ("vv_within_term_intake", 100.0),
            ("onderzoek_within_term", 100.0),
            ("onderzoek_within_term_intake", 100.0),
            ("backlog_end", 1.0),
            ("backlog_max", 1.0),
            // The workforce rows, as the terminal table shows them.
            ("employed_fte_mean", 1.0),
            ("sick_fte_mean", 1.0),
            ("absence_share", 100.0),
            ("resignations_per_person_year", 1.0),
            ("hires", 1.0),
        ] {
            let cells = row_cells(html, kpi, "band");
            let labels: Vec<&str> = cells.iter().map(|c| c.0.as_str()).collect();
            assert_eq!(labels, columns, "{kpi}");
            for (label, text) in &cells {
                let p = &period(label)["kpis"][kpi]["p"];
                if p["p50"].is_null() {
                    assert_eq!(text, "–", "{kpi} {label}: undefined shows a dash");
                    continue;
                }
                let shown = numbers(text, lang);
                assert_eq!(shown.len(), 3, "{kpi} {label}: {text}");
                for (x, pct) in shown.iter().zip(["p50", "p5", "p95"]) {
                    let v = p[pct].as_f64().unwrap() * scale;
                    assert_shown(*x, v, &format!("{lang:?} {kpi} {label} {pct}"));
                }
            }
        }
        for kpi in ["triage_within_term", "onderzoek_within_term"] {
            for (label, text) in row_cells(html, kpi, "norm") {
                let norm = period(&label)["norms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|n| n["kpi"] == kpi)
                    .unwrap();
                match norm["probability"].as_f64() {
                    None => assert_eq!(text, "–"),
                    // A chance that rounds to 0 or 100 but is not is written "< 1%" or "> 99%".
                    Some(p) if text.starts_with('<') => assert!(p > 0.0 && p < 0.01, "{text}"),
                    Some(p) if text.starts_with('>') => assert!(p > 0.99 && p < 1.0, "{text}"),
                    Some(p) => {
                        let shown = numbers(&text, lang);
                        assert_eq!(shown.len(), 1, "{text}");
                        assert_shown(shown[0], p * 100.0, &format!("P({kpi}) {label}"));
                    }
                }
            }
        }
        // The backlog conclusion: the median and the 90% band at the horizon's end.
        let h = &period("horizon")["kpis"]["backlog_end"]["p"];
        let c = conclusion(html, "backlog");
        assert_shown(
            numbers(&c.figure, lang)[0],
            h["p50"].as_f64().unwrap(),
            "conclusion: p50",
        );
        let tail = numbers(&c.detail, lang);
        let tail = &tail[tail.len() - 2..];
        assert_shown(tail[0], h["p5"].as_f64().unwrap(), "conclusion: p5");
        assert_shown(tail[1], h["p95"].as_f64().unwrap(), "conclusion: p95");
        // The command that reproduces the result.
        assert!(html.contains(&format!(
            "vtsim run scenario.resolved.toml --runs {} --seed {}",
            summary["runs"], summary["seed"]
        )));
        // Every resolved parameter is in the assumptions table.
        let resolved: toml::Table =
            toml::from_str(text_of(&files, "scenario.resolved.toml")).unwrap();
        for key in flat_keys("", &toml::Value::Table(resolved)) {
            assert!(
                html.contains(&format!("<td class=\"key\"><code>{key}</code></td>")),
                "assumption {key} missing"
            );
        }
    }
}

fn flat_keys(prefix: &str, v: &toml::Value) -> Vec<String> {
    match v {
        toml::Value::Table(t) => t
            .iter()
            .flat_map(|(k, v)| {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flat_keys(&key, v)
            })
            .collect(),
        toml::Value::Array(a) if !a.is_empty() && a.iter().all(toml::Value::is_table) => a
            .iter()
            .enumerate()
            .flat_map(|(i, v)| flat_keys(&format!("{prefix}[{i}]"), v))
            .collect(),
        _ => vec![prefix.to_string()],
    }
}

// ---------------------------------------------------------------------------
// 3. The findings, snapshotted in both languages, from a fixed result.
// ---------------------------------------------------------------------------

fn kpi(p5: f64, p25: f64, p50: f64, p75: f64, p95: f64) -> Value {
    serde_json::json!({
        "n": 1000, "mean": p50, "sd": 0.0, "min": p5,
        "p": { "p5": p5, "p10": p5, "p25": p25, "p50": p50, "p75": p75, "p90": p95, "p95": p95 },
        "max": p95
    })
}

/// A hand-made result folder: one year, all figures fixed, so the snapshot
/// does not move when the model changes.
fn fixed_result() -> vtsim::experiment::Results {
    fixed_result_with(0.0, 0.003)
}

/// The fixed result with the chances of meeting the triage and Onderzoek
/// norms (by completion) set.
fn fixed_result_with(p_triage: f64, p_onderzoek: f64) -> vtsim::experiment::Results {
    let year_kpis = serde_json::json!({
        "backlog_end": kpi(120.0, 260.0, 298.4, 350.0, 1571.6),
        "backlog_max": kpi(133.0, 280.0, 313.0, 400.0, 1591.0),
        "triage_within_term": kpi(0.21, 0.3, 0.354, 0.5, 0.76),
        "vv_within_term": kpi(0.49, 0.6, 0.69, 0.72, 0.76),
        "onderzoek_within_term": kpi(0.43, 0.55, 0.6249, 0.66, 0.7),
        "absence_share": kpi(0.06, 0.065, 0.071, 0.075, 0.08),
    });
    // The observation's own window (January–August): triage better than
    // the whole year, so the finding shows which one it is compared with.
    let window_kpis = serde_json::json!({
        "triage_within_term": kpi(0.31, 0.4, 0.48, 0.6, 0.8),
    });
    let norms = serde_json::json!([
        { "kpi": "triage_within_term", "at_least": 0.95, "probability": p_triage },
        { "kpi": "triage_within_term_intake", "at_least": 0.95, "probability": 0.0 },
        { "kpi": "onderzoek_within_term", "at_least": 0.85, "probability": p_onderzoek },
        { "kpi": "onderzoek_within_term_intake", "at_least": 0.85, "probability": 0.0 }
    ]);
    let summary = serde_json::json!({
        "vtsim_version": "0.0.0-test",
        "rng_crates": {},
        "scenario_origin": "fixed.toml",
        "seed": 7,
        "runs": 1000,
        "periods": [
            { "label": "horizon", "kind": "horizon", "start_date": "2025-01-01",
              "end_date": "2025-12-31", "kpis": year_kpis, "norms": norms },
            { "label": "2025", "kind": "year", "start_date": "2025-01-01",
              "end_date": "2025-12-31", "kpis": year_kpis, "norms": norms },
            { "label": "2025-Q1", "kind": "quarter", "start_date": "2025-01-01",
              "end_date": "2025-03-31", "kpis": year_kpis, "norms": norms },
            { "label": "2025-01-01..2025-08-31", "kind": "observation",
              "start_date": "2025-01-01", "end_date": "2025-08-31", "kpis": window_kpis,
              "norms": norms }
        ]
    });
    let daily = "date,series,mean,p5,p10,p25,p50,p75,p90,p95\n\
                 2025-06-30,backlog,150,100,110,130,152.4,170,190,200\n\
                 2025-07-01,backlog,150,100,110,130,151,170,190,200\n";
    let scenario = r#"
        name = "fixed"
        title = "Fixed region"
        start = "2025-01-01"
        end = "2025-12-31"
        [inflow.meldingen]
        volume = { 2025 = 5220 }
        [workforce]
        fte = 63.4
        [[observations]]
        start = "2025-06-30"
        end = "2025-06-30"
        metric = "backlog"
        value = 1153
        [[observations]]
        start = "2025-01-01"
        end = "2025-08-31"
        metric = "triage_within_term"
        value = 0.72
        [[observations]]
        start = "2025-01-01"
        end = "2025-12-31"
        metric = "absence_share"
        value = 0.07
        [[observations]]
        start = "2026-01-01"
        end = "2026-03-31"
        metric = "onderzoek_within_term"
        value = 0.5
    "#;
    vtsim::report::data::from_texts(
        Texts {
            summary_json: &summary.to_string(),
            runs_csv: "run,period,kind,start,end,triage_within_term\n",
            daily_csv: daily,
            resolved_toml: scenario,
        },
        "fixed",
    )
    .expect("the fixed result loads")
}

#[test]
fn findings_in_dutch() {
    let f = vtsim::report::html::findings(&fixed_result(), Locale(Language::Nl));
    insta::assert_snapshot!("findings_nl", f.join("\n"));
}

#[test]
fn findings_in_english() {
    let f = vtsim::report::html::findings(&fixed_result(), Locale(Language::En));
    insta::assert_snapshot!("findings_en", f.join("\n"));
}

#[test]
fn conclusions_in_dutch_and_english() {
    // The fixed result has no capacity series: two conclusions.
    let data = fixed_result();
    for (lang, name) in [
        (Language::Nl, "conclusions_nl"),
        (Language::En, "conclusions_en"),
    ] {
        let c = vtsim::report::conclusions::conclusions(&data, Locale(lang));
        let text: Vec<String> = c
            .iter()
            .map(|c| {
                format!(
                    "[{}] {} ({})\n{}\n{}",
                    c.kind, c.figure, c.figure_label, c.headline, c.detail
                )
            })
            .collect();
        insta::assert_snapshot!(name, text.join("\n\n"));
    }
}

/// A chance as the page writes it, against summary.json's probability.
fn assert_chance(text: &str, p: f64, lang: Language, what: &str) {
    if let Some(rest) = text.strip_prefix("< ") {
        assert_eq!(rest, "1%", "{what}");
        assert!(p > 0.0 && p < 0.01, "{what}: {text} for {p}");
    } else if let Some(rest) = text.strip_prefix("> ") {
        assert_eq!(rest, "99%", "{what}");
        assert!(p > 0.99 && p < 1.0, "{what}: {text} for {p}");
    } else {
        let shown = numbers(text, lang);
        assert_eq!(shown.len(), 1, "{what}: {text}");
        assert_shown(shown[0], p * 100.0, what);
        // 0% and 100% only when no run, or every run, met the norm.
        assert!(
            (shown[0] > 0.0 || p == 0.0) && (shown[0] < 100.0 || p == 1.0),
            "{what}: {text} for {p}"
        );
    }
}

fn assert_close(shown: f64, value: f64, tolerance: f64, what: &str) {
    assert!(
        (shown - value).abs() <= tolerance + 1e-9,
        "{what}: the page shows {shown}, the result has {value}"
    );
}

#[test]
fn the_conclusions_are_the_numbers_of_summary_json() {
    // One whole year with a capacity series: all three conclusions, in both
    // languages, each number checked against summary.json (and the capacity
    // chart's weeks for the hours).
    let r = results(&repo("scenarios/zhz-2024.toml"), &[], 8);
    let files = r.files().unwrap();
    let summary: Value = serde_json::from_str(text_of(&files, "summary.json")).unwrap();
    let periods = summary["periods"].as_array().unwrap();
    let period = |label: &str| periods.iter().find(|p| p["label"] == label).unwrap();
    let year = period("2024");
    let kpi = |p: &Value, k: &str, pct: &str| p["kpis"][k]["p"][pct].as_f64().unwrap();
    let chance = |p: &Value, k: &str| {
        p["norms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kpi"] == k)
            .unwrap()["probability"]
            .as_f64()
            .unwrap()
    };
    for lang in [Language::Nl, Language::En] {
        let out = vtsim::report::render(&r, Some(lang)).unwrap();
        let page = if lang == Language::Nl {
            "report.html"
        } else {
            "report.en.html"
        };
        let html = std::str::from_utf8(rendered(&out, page)).unwrap();
        let conclusions = html.split("<li class=\"conclusion\"").count() - 1;
        assert_eq!(conclusions, 3, "{lang:?}: three conclusions");
        // 1. The chance of the safety-assessment norm in 2024.
        let c = conclusion(html, "norms");
        let p = chance(year, "triage_within_term");
        assert_chance(&c.figure, p, lang, "norms: figure");
        assert!(c.headline.contains(&c.figure), "{c:?}");
        assert!(
            c.headline.contains("95%") && c.headline.contains("2024"),
            "{c:?}"
        );
        assert!(c.figure_label.contains("2024"), "{c:?}");
        let n = numbers(&c.detail, lang);
        assert_shown(
            n[0],
            kpi(year, "triage_within_term", "p50") * 100.0,
            "norms: median",
        );
        assert_eq!(n[1], 90.0);
        assert_shown(
            n[2],
            kpi(year, "triage_within_term", "p5") * 100.0,
            "norms: p5",
        );
        assert_shown(
            n[3],
            kpi(year, "triage_within_term", "p95") * 100.0,
            "norms: p95",
        );
        assert_eq!(n[4], 85.0, "the Onderzoek norm");
        let onderzoek = chance(year, "onderzoek_within_term");
        let chance_text = c
            .detail
            .split([',', ';'])
            .find(|s| s.contains("85%"))
            .and_then(|s| s.rsplit(" ").next().map(str::to_string))
            .unwrap();
        let chance_text = if c.detail.contains(&format!("< {chance_text}")) {
            format!("< {chance_text}")
        } else if c.detail.contains(&format!("> {chance_text}")) {
            format!("> {chance_text}")
        } else {
            chance_text
        };
        assert_chance(&chance_text, onderzoek, lang, "norms: Onderzoek chance");
        assert_shown(
            *n.iter().rev().nth(1).unwrap(),
            kpi(year, "onderzoek_within_term", "p50") * 100.0,
            "norms: Onderzoek median",
        );
        assert_shown(
            *n.last().unwrap(),
            kpi(year, "vv_within_term", "p50") * 100.0,
            "norms: V&V median",
        );
        // 2. The backlog at the end of 2024: median and 90% band.
        let h = period("horizon");
        let c = conclusion(html, "backlog");
        assert_shown(
            numbers(&c.figure, lang)[0],
            kpi(h, "backlog_end", "p50"),
            "backlog: figure",
        );
        assert!(c.headline.contains(&c.figure), "{c:?}");
        let n = numbers(&c.detail, lang);
        assert_shown(n[n.len() - 2], kpi(h, "backlog_end", "p5"), "backlog: p5");
        assert_shown(n[n.len() - 1], kpi(h, "backlog_end", "p95"), "backlog: p95");
        // 3. Capacity: the hours of the capacity chart's weeks of 2024, the
        // gap their difference, the staff the KPI table's medians.
        let c = conclusion(html, "capacity");
        let weeks = plots::capacity::weeks(&r.daily, &r.scenario)
            .unwrap()
            .unwrap();
        let inside: Vec<_> = weeks
            .iter()
            .filter(|w| r.daily.dates[w.first_day].year() == 2024)
            .collect();
        let mean = |f: &dyn Fn(&plots::capacity::Week) -> f64| {
            inside.iter().map(|w| f(w)).sum::<f64>() / inside.len() as f64
        };
        let (needed, available) = (mean(&|w| w.needed), mean(&|w| w.available));
        // "… asks in 2024 NEEDED hours per week, … AVAILABLE available[.
        // That is GAP hours per week short, about FTE FTE]." The gap and its
        // FTE are left out when the two are within 2% of each other.
        let n = numbers(&c.headline, lang);
        assert_eq!(n[0], 2024.0, "{c:?}");
        assert_shown(n[1], needed, "capacity: hours needed");
        assert_shown(n[2], available, "capacity: hours available");
        if n.len() == 5 {
            assert_shown(n[3], (needed - available).abs(), "capacity: gap");
            assert_close(
                numbers(&c.figure, lang)[0],
                n[4],
                0.0,
                "capacity: figure is the FTE",
            );
        } else {
            assert_eq!(n.len(), 3, "{c:?}");
            assert!((needed - available).abs() <= 0.02 * available, "{c:?}");
        }
        let n = numbers(&c.detail, lang);
        assert_close(
            n[0],
            kpi(year, "employed_fte_mean", "p50"),
            0.05,
            "capacity: employed",
        );
        assert_close(
            n[2],
            kpi(year, "sick_fte_mean", "p50"),
            0.05,
            "capacity: sick",
        );
    }
}

/// The text a reader sees on a page, outside the appendix (Aannames and
/// the command that reproduces the result): tags, styles and the scenario
/// file's own path removed, entities decoded. Texts inside the charts stay.
fn body_text(html: &str, origin: &str) -> String {
    let mut page = html.to_string();
    for (open, close) in [
        ("<style>", "</style>"),
        ("<section id=\"assumptions\"", "</section>"),
        ("<section id=\"reproduce\"", "</section>"),
    ] {
        let start = page.find(open).unwrap_or_else(|| panic!("no {open}"));
        let end = start + page[start..].find(close).unwrap() + close.len();
        page.replace_range(start..end, " ");
    }
    let mut text = String::new();
    let mut in_tag = false;
    for ch in page.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text).replace(origin, " ")
}

#[test]
fn the_dutch_body_has_no_english_keys_or_analyst_words() {
    // A calibration year with observations and reporting periods, and the
    // embedded default scenario (two years, a budget change).
    for (path, r) in [
        (
            "scenarios/zhz-2024.toml",
            results(&repo("scenarios/zhz-2024.toml"), &[], 4),
        ),
        ("<embedded>", {
            let s = scenario::load(None, &[]).expect("the embedded scenario loads");
            let options = RunOptions {
                runs: 4,
                seed: 1,
                threads: 2,
            };
            Experiment::new(s, "<embedded>", options)
                .run(&|_| {}, &Default::default())
                .expect("runs")
        }),
    ] {
        let out = vtsim::report::render(&r, Some(Language::Nl)).unwrap();
        let html = std::str::from_utf8(rendered(&out, "report.html")).unwrap();
        let origin = r.summary.scenario_origin.clone();
        let text = body_text(html, &origin);
        assert!(
            text.contains("Conclusies") && text.contains("Kerncijfers"),
            "{path}"
        );
        // No snake_case identifier (a KPI, series or parameter key).
        let snake: BTreeSet<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| w.contains('_') && w.split('_').filter(|p| !p.is_empty()).count() > 1)
            .collect();
        assert!(
            snake.is_empty(),
            "{path}: English keys in the Dutch body: {snake:?}"
        );
        // Board wording: no analyst shorthand.
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for bad in ["run", "runs", "p5", "p25", "p75", "p95", "median"] {
            assert!(!words.contains(&bad), "{path}: the Dutch body says {bad:?}");
        }
        for bad in ["P(", "tussen haken", "p5–p95"] {
            assert!(!text.contains(bad), "{path}: the Dutch body says {bad:?}");
        }
    }
}

#[test]
fn terminal_and_report_write_chances_the_same_way() {
    // Chances that round to 0% or 100% but are not: "< 1%" and "> 99%" in
    // the terminal table and in the report's table alike, in both languages.
    for (p_triage, p_onderzoek) in [(0.996, 0.003), (0.004, 0.9999), (0.0, 1.0), (0.5, 0.25)] {
        let r = fixed_result_with(p_triage, p_onderzoek);
        for lang in [Language::Nl, Language::En] {
            let terminal = vtsim::report::kpi_table(&r, Locale(lang));
            let out = vtsim::report::render(&r, Some(lang)).unwrap();
            let page = if lang == Language::Nl {
                "report.html"
            } else {
                "report.en.html"
            };
            let html = std::str::from_utf8(rendered(&out, page)).unwrap();
            for (kpi, p) in [
                ("triage_within_term", p_triage),
                ("onderzoek_within_term", p_onderzoek),
            ] {
                let cells = row_cells(html, kpi, "norm");
                assert_eq!(cells.len(), 1, "{kpi}: one column (2025)");
                let cell = unescape(&cells[0].1);
                assert_chance(&cell, p, lang, kpi);
                let want = match p {
                    0.996 | 0.9999 => "> 99%",
                    0.003 | 0.004 => "< 1%",
                    _ => "",
                };
                if !want.is_empty() {
                    assert_eq!(cell, want, "{kpi} {p} ({lang:?})");
                }
                // The terminal's row of the same norm ends with the same text.
                let label_start = html
                    .find(&format!("<tr data-kpi=\"{kpi}\" data-stat=\"norm\">"))
                    .unwrap();
                let label = &html[label_start..];
                let label = unescape(
                    label
                        .split("<th scope=\"row\">")
                        .nth(1)
                        .unwrap()
                        .split("</th>")
                        .next()
                        .unwrap(),
                );
                let line = terminal
                    .lines()
                    .find(|l| l.starts_with(&label))
                    .unwrap_or_else(|| panic!("no terminal row {label:?} in\n{terminal}"));
                assert!(
                    line.trim_end().ends_with(&format!("  {cell}")),
                    "terminal {line:?} vs report {cell:?}"
                );
            }
        }
    }
}

#[test]
fn the_fixed_result_renders_a_complete_page() {
    let data = fixed_result();
    let out = vtsim::report::render(&data, None).expect("renders");
    let html = std::str::from_utf8(rendered(&out, "report.html")).unwrap();
    // The scenario's language (the default, Dutch) with Dutch numbers.
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(html.contains("5.220"), "thousands separator in Dutch");
    assert!(html.contains("63,40"), "decimal comma in Dutch");
    assert!(html.contains("1 januari 2025 t/m 31 december 2025"));
    assert!(html.contains("Voorwaarden &amp; Vervolg"));
    assert!(!html.contains("{{"), "every placeholder is filled");
}

// ---------------------------------------------------------------------------
// 4. Chart code returns errors or valid empty charts, never panics.
// ---------------------------------------------------------------------------

#[test]
fn charts_without_data_do_not_panic() {
    let nan = vec![f64::NAN; 10];
    let dates: Vec<jiff::civil::Date> = (0..10)
        .map(|i| {
            jiff::civil::date(2025, 1, 1)
                .checked_add(jiff::Span::new().days(i))
                .unwrap()
        })
        .collect();
    let band = plots::Band {
        p5: &nan,
        p25: &nan,
        p50: &nan,
        p75: &nan,
        p95: &nan,
    };
    let short = plots::Band {
        p5: &nan[..3],
        p25: &[],
        p50: &[1.0],
        p75: &nan[..1],
        p95: &[],
    };
    let odd_observation = Observation {
        start: jiff::civil::date(2030, 1, 1),
        end: jiff::civil::date(2030, 1, 1),
        metric: "backlog".into(),
        value: 10.0,
        source: String::new(),
    };
    let quarters = [Quarter {
        label: "2025-Q1".into(),
        start: dates[0],
        end: dates[9],
        kpis: [None, None, None],
    }];
    let panels = [DistributionPanel {
        kpi: "triage_within_term",
        period: "2025".into(),
        values: vec![],
        norm: f64::NAN,
        probability: None,
    }];
    let observed = std::slice::from_ref(&odd_observation);
    let cases = [
        ChartData::Backlog(plots::backlog::BacklogData {
            dates: &[],
            total: None,
            triage: None,
            service: None,
            observed: &[],
        }),
        ChartData::Backlog(plots::backlog::BacklogData {
            dates: &dates,
            total: Some(band),
            triage: Some(short),
            service: None,
            observed,
        }),
        ChartData::Compliance(plots::compliance::ComplianceData {
            quarters: &[],
            observed: &[],
        }),
        ChartData::Compliance(plots::compliance::ComplianceData {
            quarters: &quarters,
            observed,
        }),
        ChartData::Distribution(plots::distribution::DistributionData {
            year: "",
            panels: &[],
        }),
        ChartData::Distribution(plots::distribution::DistributionData {
            year: "2025",
            panels: &panels,
        }),
        ChartData::Workforce(plots::workforce::WorkforceData {
            dates: &[],
            employed: None,
            present: None,
            sick: None,
            budget: None,
            leave: &[0.0; 12],
        }),
        ChartData::Workforce(plots::workforce::WorkforceData {
            dates: &dates,
            employed: Some(band),
            present: Some(short),
            sick: Some(band),
            budget: None,
            leave: &[0.1; 12],
        }),
        ChartData::Capacity(plots::capacity::CapacityData {
            dates: &[],
            weeks: &[],
            norm_share: 0.7,
        }),
        ChartData::Capacity(plots::capacity::CapacityData {
            dates: &dates,
            weeks: &[plots::capacity::Week {
                first_day: 5,
                available: f64::NAN,
                spent: 1.0,
                needed: f64::INFINITY,
                needed_norm: -3.0,
            }],
            norm_share: f64::NAN,
        }),
    ];
    let ctx = PlotContext {
        locale: Locale(Language::En),
    };
    for data in cases {
        let name = data.name();
        match plots::png(ctx, data) {
            Ok(bytes) => assert_png(&bytes, name),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        match plots::svg(ctx, data) {
            Ok(text) => assert_svg(text.as_bytes(), name),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}

// ---------------------------------------------------------------------------
// 5. The command line: `run` draws by default, `--no-charts`, `report`.
// ---------------------------------------------------------------------------

fn vtsim() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("vtsim").unwrap()
}

fn entries(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn chart_files() -> BTreeSet<String> {
    plots::CHART_NAMES
        .iter()
        .flat_map(|c| [format!("{c}.png"), format!("{c}.svg")])
        .collect()
}

#[test]
fn run_draws_charts_and_report_reproduces_them_without_simulating() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = repo("tests/fixtures/tiny.toml");
    let out = tmp.path().to_str().unwrap();
    vtsim()
        .args([
            "run",
            fixture.to_str().unwrap(),
            "-n",
            "5",
            "-q",
            "--out",
            out,
        ])
        .assert()
        .success();
    let dir = tmp.path().join("tiny");
    assert!(dir.join("report.html").is_file());
    assert_eq!(entries(&dir.join("charts")), chart_files());
    let read_all = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = chart_files()
            .into_iter()
            .map(|f| {
                let p = dir.join("charts").join(&f);
                (f, std::fs::read(p).unwrap())
            })
            .collect();
        v.push((
            "report.html".into(),
            std::fs::read(dir.join("report.html")).unwrap(),
        ));
        v
    };
    let first = read_all(&dir);

    // `vtsim report` re-draws the same bytes from the files alone.
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    std::fs::remove_file(dir.join("report.html")).unwrap();
    vtsim()
        .args(["report", dir.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("report.html"));
    assert_eq!(read_all(&dir), first, "report re-renders what run rendered");
    assert!(
        !entries(&dir.join("charts"))
            .iter()
            .any(|n| n.starts_with('.')),
        "no temporary files left"
    );

    // Another language, chosen on the command line: report.en.html and
    // charts/en/ beside the Dutch report, which stays as it was.
    vtsim()
        .args(["report", dir.to_str().unwrap(), "--lang", "en", "-q"])
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        read_all(&dir),
        first,
        "--lang en overwrote the Dutch report or charts"
    );
    let html = std::fs::read_to_string(dir.join("report.en.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Conclusions"));
    let mut want = chart_files();
    want.insert("en".into());
    assert_eq!(entries(&dir.join("charts")), want);
    assert_eq!(entries(&dir.join("charts/en")), chart_files());
    assert!(
        html.contains("<svg ") && !html.contains("charts/"),
        "charts inline"
    );
    // The summary line names the page written.
    vtsim()
        .args(["report", dir.to_str().unwrap(), "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("report.en.html"));
    // --lang nl is the scenario's own language: report.html again.
    vtsim()
        .args(["report", dir.to_str().unwrap(), "--lang", "nl", "-q"])
        .assert()
        .success();
    assert_eq!(read_all(&dir), first);
}

#[test]
fn run_with_no_charts_writes_only_the_result_files() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = repo("tests/fixtures/tiny.toml");
    vtsim()
        .args([
            "run",
            fixture.to_str().unwrap(),
            "-n",
            "2",
            "-q",
            "--no-charts",
        ])
        .args(["--out", tmp.path().to_str().unwrap()])
        .assert()
        .success();
    let want: BTreeSet<String> = vtsim::report::data::INPUT_FILES
        .iter()
        .chain(&["kpis.csv", "results.xlsx"])
        .map(|s| s.to_string())
        .collect();
    assert_eq!(entries(&tmp.path().join("tiny")), want);
}

#[test]
fn run_with_lang_writes_the_report_in_that_language() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = repo("tests/fixtures/tiny.toml");
    vtsim()
        .args([
            "run",
            fixture.to_str().unwrap(),
            "-n",
            "2",
            "-q",
            "--lang",
            "en",
        ])
        .args(["--out", tmp.path().to_str().unwrap()])
        .assert()
        .success();
    // The scenario's own report (Dutch) and the English one beside it.
    let dir = tmp.path().join("tiny");
    let html = std::fs::read_to_string(dir.join("report.en.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"nl\">"));
    assert_eq!(entries(&dir.join("charts/en")), chart_files());
}

#[test]
fn report_on_a_folder_without_results_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    vtsim()
        .args(["report", tmp.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("summary.json"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn report_help_documents_the_language() {
    vtsim()
        .args(["report", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--lang"))
        .stdout(predicate::str::contains("RESULT_DIR"));
    vtsim()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--no-charts"))
        .stdout(predicate::str::contains("--lang"));
}
