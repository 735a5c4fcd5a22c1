//! The report's section on uncertain inputs: each range, and which input
//! drives the spread of the main KPIs (the `uncertain_inputs` block of
//! `summary.json`, [`crate::uncertain`]). Empty for a scenario without
//! ranges, so such a report is unchanged.

use super::html::esc;
use super::labels::{KPI_ROWS, Locale, Text};
use crate::uncertain::{DRIVER_KPIS, UncertainBlock};

const fn t(nl: &'static str, en: &'static str) -> Text {
    Text { nl, en }
}

/// Heading.
pub const H_UNCERTAIN: Text = t("Onzekere invoer", "Uncertain inputs");
/// What the section shows.
pub const U_NOTE: Text = t(
    "Deze invoer is als bandbreedte opgegeven en in elke doorrekening één keer getrokken, \
     zodat de banden hierboven ook de onzekerheid van de invoer bevatten. Per kengetal over de \
     hele horizon: het deel van de spreiding tussen de doorrekeningen dat lineair door die \
     invoer wordt verklaard (kwadraat van de correlatie tussen de getrokken waarde en het \
     kengetal). De rest is toeval binnen de doorrekeningen, wisselwerking en niet-lineaire \
     effecten. Een invoer zonder effect komt door toeval op ongeveer {chance}. Vetgedrukt: de \
     invoer die de spreiding van dat kengetal het meest bepaalt.",
    "These inputs were given as ranges and drawn once per run, so the bands above include \
     the uncertainty of the inputs. Per KPI over the whole horizon: the share of the spread \
     between runs explained linearly by the input (the squared correlation of its drawn value \
     with the KPI). The rest is the runs' own randomness, interactions and non-linear effects. \
     An input with no effect shows about {chance} by chance. In bold: the input that drives \
     the spread of that KPI most.",
);
/// Column of the KPIs.
pub const U_KPI: Text = t("Kengetal", "KPI");
/// Column: its range.
pub const U_RANGE: Text = t("Bandbreedte", "Range");
/// A triangular range.
pub const U_TRIANGULAR: Text = t(
    "driehoek {low} – {mode} – {high}",
    "triangular {low} – {mode} – {high}",
);
/// A uniform range.
pub const U_UNIFORM: Text = t("uniform {low} – {high}", "uniform {low} – {high}");
/// The KPI end of the horizon backlog, shortly.
const BACKLOG_END: Text = t("Werkvoorraad aan het eind", "Backlog at the end");

/// The name of a driver KPI in the report's words.
fn kpi_name(kpi: &str, l: Locale) -> &'static str {
    if kpi == "backlog_end" {
        return l.t(BACKLOG_END);
    }
    KPI_ROWS
        .iter()
        .find(|(k, _)| *k == kpi)
        .map_or("", |(_, text)| l.t(*text))
}

/// A range's bounds as written in the report (and the workbook's
/// dictionary).
pub fn bound(x: f64, l: Locale) -> String {
    let decimals = if x.fract() == 0.0 { 0 } else { 3 };
    let s = l.num(x, decimals);
    if decimals > 0 {
        s.trim_end_matches('0').to_string()
    } else {
        s
    }
}

/// The section's HTML; empty without uncertain inputs.
pub fn section(block: Option<&UncertainBlock>, l: Locale) -> String {
    let Some(b) = block else {
        return String::new();
    };
    // One decimal: at a few hundred runs the level of chance is below 1%.
    let chance = b
        .chance_level
        .map_or_else(|| "–".to_string(), |c| format!("{}%", l.num(c * 100.0, 1)));
    let kpis: Vec<&str> = DRIVER_KPIS
        .iter()
        .copied()
        .filter(|k| !kpi_name(k, l).is_empty())
        .collect();
    // One column per input (usually a few), one row per KPI: the table
    // stays as wide as the page.
    let mut h = format!(
        "\n<section id=\"uncertainty\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n\
         <table class=\"kpis\">\n<thead><tr><th scope=\"col\">{}</th>",
        esc(l.t(H_UNCERTAIN)),
        esc(&l.fill(U_NOTE, &[("chance", &chance)])),
        esc(l.t(U_KPI)),
    );
    for i in &b.inputs {
        h.push_str(&format!(
            "<th class=\"num\" scope=\"col\" data-input=\"{p}\">{}<br><code>{p}</code></th>",
            esc(&super::assumptions::name(&i.path, l)),
            p = esc(&i.path)
        ));
    }
    h.push_str(&format!(
        "</tr>\n<tr><th scope=\"row\">{}</th>",
        esc(l.t(U_RANGE))
    ));
    for i in &b.inputs {
        let (low, high) = (bound(i.low, l), bound(i.high, l));
        let range = match i.mode {
            Some(m) => l.fill(
                U_TRIANGULAR,
                &[("low", &low), ("mode", &bound(m, l)), ("high", &high)],
            ),
            None => l.fill(U_UNIFORM, &[("low", &low), ("high", &high)]),
        };
        h.push_str(&format!("<td class=\"num\">{}</td>", esc(&range)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for k in &kpis {
        h.push_str(&format!(
            "<tr data-kpi=\"{k}\"><th scope=\"row\">{}</th>",
            esc(kpi_name(k, l))
        ));
        for i in &b.inputs {
            let share = i.share_of_variance.get(*k).copied().flatten();
            let driver = b.driver(k).is_some_and(|(d, _)| d.path == i.path);
            let text = share.map_or_else(|| "–".to_string(), |s| l.pct(s));
            h.push_str(&format!(
                "<td class=\"num\" data-input=\"{}\">{}</td>",
                esc(&i.path),
                if driver {
                    format!("<strong>{}</strong>", esc(&text))
                } else {
                    esc(&text)
                }
            ));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</section>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Language;
    use crate::uncertain::InputSummary;

    #[test]
    fn the_section_names_each_input_and_marks_the_driver() {
        assert_eq!(section(None, Locale(Language::En)), "");
        let input = |path: &str, mode, share: f64| InputSummary {
            path: path.into(),
            distribution: "x".into(),
            low: 4400.0,
            mode,
            high: 5220.0,
            point: 5000.0,
            drawn_mean: 4870.0,
            drawn_sd: Some(170.0),
            share_of_variance: DRIVER_KPIS
                .iter()
                .map(|k| (k.to_string(), Some(share)))
                .collect(),
        };
        let b = UncertainBlock {
            method: String::new(),
            period: "horizon".into(),
            chance_level: Some(0.001),
            inputs: vec![
                input("inflow.meldingen.volume.2025", Some(5000.0), 0.62),
                input("workforce.fte", None, 0.04),
            ],
        };
        let en = section(Some(&b), Locale(Language::En));
        assert!(en.contains("triangular 4,400 – 5,000 – 5,220"), "{en}");
        assert!(en.contains("uniform 4,400 – 5,220"), "{en}");
        assert!(en.contains("<strong>62%</strong>"), "{en}");
        assert!(!en.contains("<strong>4%</strong>"), "{en}");
        let nl = section(Some(&b), Locale(Language::Nl));
        assert!(nl.contains("Onzekere invoer"), "{nl}");
        assert!(nl.contains("driehoek 4.400 – 5.000 – 5.220"), "{nl}");
        assert!(nl.contains("ongeveer 0,1%"), "{nl}");
        // Boards read names and doorrekeningen, not keys and runs; the key
        // stays beside the name for the analyst.
        assert!(
            nl.contains(
                "Meldingen: aantal per jaar: 2025<br><code>inflow.meldingen.volume.2025</code>"
            ),
            "{nl}"
        );
        assert!(!nl.contains(" run"), "{nl}");
    }
}
