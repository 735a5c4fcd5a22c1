//! Why the calculator and the simulation differ (issue 11, item 4): a chain
//! of `required` searches from the calculator's FTE (seed 003's rekentool)
//! to the FTE the simulation finds, each step switching one mechanism on.
//!
//! The steps, in this order (docs/analyst-guide.md explains them):
//!
//! | step | variant searched | mechanism added |
//! | --- | --- | --- |
//! | a | none: [`rekentool`](crate::rekentool) at the regional norms | the calculator's figure |
//! | b | everything below off | the simulation's own workload and term without chance |
//! | c | + absence | realised absence instead of the calculator's flat 7% |
//! | d | + turnover | vacancies and onboarding from turnover |
//! | e | + variability | random inflow, hours and elapsed times |
//! | f | the scenario itself | the effort factor (calibrated hours per case) |
//!
//! Switched off means ([`variant`]):
//! - *absence*: `workforce.absence.rate = 0` (also its `changes`, the
//!   workload feedback and every `absence` measure), and instead the
//!   indirect time (and every `indirect` measure) raised to
//!   1 − (1 − indirect)(1 − 0.07): the same expected hours as 7% absence,
//!   with no one ever sick — the calculator's 1350 hours per FTE;
//! - *turnover*: `workforce.turnover.rate = 0`, its `changes` and every
//!   `turnover` measure (vacancies the scenario opens itself, by its budget
//!   or initial vacancies, stay);
//! - *variability*: both inflows `process = "constant"` (no dispersion),
//!   and every stage's hours and `min_days` `fixed` at their means;
//! - *effort*: `effort.norm_share = 1` and no pressure effect
//!   (`pressure_elasticity = 0`): cases get their norm hours, as in the
//!   calculator.
//!
//! Every search uses the same seed, runs and target as the main one
//! (common random numbers), over a range wide enough for all variants; the
//! last step is the main search itself, so the increments telescope: they
//! sum exactly to the simulation's answer minus the calculator's figure.

use crate::error::Error;
use crate::required::{self, Answer, Range, Search, Target};
use crate::scenario::{ArrivalProcess, Dist, Effect, Language, Scenario};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The absence rate the calculator's 1350 productive hours per FTE assume
/// (MODEL §6, §14: the rate at which the defaults give 1350 hours).
pub const CALCULATOR_ABSENCE: f64 = 0.07;

/// The parameter the decomposition works on.
pub const FTE_PARAM: &str = "workforce.fte";

/// A mechanism, in the order the steps add them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// (a) The calculator's FTE.
    Calculator,
    /// (b) The simulation without chance, at norm hours, flat absence, no
    /// turnover: the work the simulation counts and the term it asks.
    Simulated,
    /// (c) Absence as sick people.
    Absence,
    /// (d) Vacancies and onboarding from turnover.
    Turnover,
    /// (e) Random inflow, hours and elapsed times.
    Variability,
    /// (f) The effort factor.
    Effort,
}

impl Mechanism {
    /// All, in order.
    pub const ALL: [Mechanism; 6] = [
        Mechanism::Calculator,
        Mechanism::Simulated,
        Mechanism::Absence,
        Mechanism::Turnover,
        Mechanism::Variability,
        Mechanism::Effort,
    ];

    /// The step's letter.
    pub fn letter(self) -> char {
        (b'a' + self as u8) as char
    }

    /// A short label for the chart.
    pub fn short(self, lang: Language) -> &'static str {
        let nl = lang == Language::Nl;
        match self {
            Mechanism::Calculator => "rekentool",
            Mechanism::Simulated if nl => "zonder toeval",
            Mechanism::Simulated => "without chance",
            Mechanism::Absence if nl => "+ verzuim",
            Mechanism::Absence => "+ absence",
            Mechanism::Turnover if nl => "+ verloop",
            Mechanism::Turnover => "+ turnover",
            Mechanism::Variability if nl => "+ variatie",
            Mechanism::Variability => "+ variability",
            Mechanism::Effort if nl => "+ uren per zaak",
            Mechanism::Effort => "+ hours per case",
        }
    }
}

/// One step of the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The mechanism the step adds.
    pub mechanism: Mechanism,
    /// What it means, in English (the terminal table).
    pub description: String,
    /// The FTE after the step: the calculator's, or the variant's answer.
    pub fte: f64,
    /// The step's increment: `fte` minus the previous step's (for (a), its
    /// own value).
    pub delta: f64,
    /// The search's final bracket (none for the calculator).
    pub bracket: Option<(f64, f64)>,
    /// Probes the search ran (0 for the calculator).
    pub probes: usize,
    /// The target was met across the whole range: `fte` is a bound.
    pub at_bound: bool,
}

/// The whole chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decomposition {
    /// The period of the KPI.
    pub period: String,
    /// The calendar years of the period, whose calculator figures are
    /// averaged for (a).
    pub years: Vec<i16>,
    /// The range the variants were searched over.
    pub range: Range,
    /// The steps, (a) to (f).
    pub steps: Vec<Step>,
    /// The simulation's answer minus the calculator's figure: the sum of
    /// the increments of (b) to (f).
    pub total_difference: f64,
    /// The sentence, in Dutch.
    pub sentence_nl: String,
    /// The sentence, in English.
    pub sentence_en: String,
}

/// Why the decomposition is not computed for a search, or `None` when it is.
pub fn not_applicable(range: &Range, base: &Scenario) -> Option<String> {
    if range.path != FTE_PARAM {
        return Some(format!(
            "the decomposition compares FTE with the calculator's FTE, so it needs --param \
             {FTE_PARAM}=…; {} is not the staff's FTE",
            range.path
        ));
    }
    if !base.workforce.groups.is_empty() {
        return Some(
            "the decomposition needs the staff given as workforce.fte, not as workforce.groups"
                .into(),
        );
    }
    None
}

/// The scenario of step `upto`: the mechanisms up to and including it as
/// the scenario has them, the later ones switched off (`Simulated` switches
/// off all four, `Variability` only the effort factor, `Effort` none).
pub fn variant(s: &Scenario, upto: Mechanism) -> Scenario {
    let mut s = s.clone();
    let off = |m: Mechanism| m as u8 > upto as u8;
    if off(Mechanism::Absence) {
        let flat = |indirect: f64| 1.0 - (1.0 - indirect) * (1.0 - CALCULATOR_ABSENCE);
        let w = &mut s.workforce;
        w.absence.rate = 0.0;
        w.absence.feedback = 0.0;
        w.absence.changes.clear();
        w.indirect = flat(w.indirect);
        for m in &mut s.measures {
            for e in &mut m.effects {
                match e {
                    Effect::Absence { rate, .. } => *rate = 0.0,
                    Effect::Indirect { value } => *value = flat(*value),
                    _ => {}
                }
            }
        }
    }
    if off(Mechanism::Turnover) {
        let t = &mut s.workforce.turnover;
        t.rate = 0.0;
        t.changes.clear();
        for m in &mut s.measures {
            for e in &mut m.effects {
                if let Effect::Turnover { rate } = e {
                    *rate = 0.0;
                }
            }
        }
    }
    if off(Mechanism::Variability) {
        for stream in [&mut s.inflow.meldingen, &mut s.inflow.adviezen] {
            stream.process = ArrivalProcess::Constant;
            stream.dispersion = None;
        }
        let fixed = |d: &mut Dist| {
            *d = Dist::Fixed { mean: d.mean() };
        };
        let st = &mut s.stages;
        fixed(&mut st.advice.hours);
        fixed(&mut st.advice.min_days);
        for stage in [
            &mut st.triage,
            &mut st.vv,
            &mut st.onderzoek,
            &mut st.monitoring,
        ] {
            fixed(&mut stage.hours);
            fixed(&mut stage.min_days);
        }
        fixed(&mut st.crisis.hours);
        fixed(&mut st.returned.hours);
    }
    if off(Mechanism::Effort) {
        s.effort.norm_share = 1.0;
        s.effort.pressure_elasticity = 0.0;
    }
    s
}

/// The range the variants are searched over: the main range widened to
/// half and twice the calculator's largest yearly figure in the horizon, at
/// the same resolution (the variants at norm hours need far more staff than
/// the scenario).
pub fn variant_range(range: &Range, s: &Scenario) -> Result<Range, Error> {
    let calc = crate::rekentool::for_scenario(s)?
        .iter()
        .map(|y| y.fte_regional)
        .fold(0.0, f64::max);
    let (lo, hi) = if calc > 0.0 {
        (
            range.lo.min((0.5 * calc).floor().max(range.resolution)),
            range.hi.max((2.0 * calc).ceil()),
        )
    } else {
        (range.lo, range.hi)
    };
    Ok(Range {
        path: range.path.clone(),
        lo,
        hi,
        resolution: range.resolution,
    })
}

/// The calculator's FTE over a period: the mean of its figure at the
/// regional norms over the calendar years the period covers.
pub fn calculator_fte(s: &Scenario, years: &[i16]) -> Result<f64, Error> {
    let all = crate::rekentool::for_scenario(s)?;
    let v: Vec<f64> = all
        .iter()
        .filter(|y| years.contains(&y.year))
        .map(|y| y.fte_regional)
        .collect();
    if v.is_empty() {
        return Err(Error::Internal {
            message: format!("decomposition: no calculator figure for the years {years:?}"),
        });
    }
    Ok(v.iter().sum::<f64>() / v.len() as f64)
}

/// The calendar years of the period `label` of the scenario's model.
pub fn years_of(s: &Scenario, label: &str) -> Result<Vec<i16>, Error> {
    let model = crate::engine::Model::new(s)?;
    let w = model
        .windows
        .iter()
        .find(|w| w.label == label)
        .ok_or_else(|| Error::Internal {
            message: format!("decomposition: no period {label}"),
        })?;
    let (a, b) = (w.start_date.year(), w.end_date.year());
    Ok((a..=b).collect())
}

/// Everything the decomposition runs, for the guard rail: each variant
/// scenario at both ends of the variant range, with how many of the
/// search's probes to count at it (the main search is counted by the
/// caller).
pub fn planned(
    path: Option<&Path>,
    overrides: &[String],
    range: &Range,
) -> Result<Vec<(Scenario, usize)>, Error> {
    let base = crate::scenario::load(path, overrides)?;
    fixed_inputs(&base)?;
    let vr = variant_range(range, &base)?;
    let per = required::probes_at_most(&vr, false);
    let mut out = Vec::new();
    for m in &Mechanism::ALL[1..5] {
        for (v, count) in [(vr.lo, 1), (vr.hi, per.saturating_sub(1))] {
            let s = crate::sweep::scenario_with(path, overrides, &[(vr.path.as_str(), v)])?;
            out.push((checked(variant(&s, *m))?, count));
        }
    }
    Ok(out)
}

/// The decomposition switches mechanisms off by changing the scenario's
/// values, which the draws of uncertain inputs would overwrite: it needs
/// fixed inputs.
fn fixed_inputs(s: &Scenario) -> Result<(), Error> {
    if s.uncertain.is_empty() {
        return Ok(());
    }
    let paths: Vec<&str> = s.uncertain.iter().map(|u| u.path.as_str()).collect();
    Err(Error::Options {
        option: "--explain",
        message: format!(
            "the decomposition needs fixed inputs, and {} given as a range; give each as one \
             number (e.g. --set {}={}) to decompose",
            paths.join(", ") + if paths.len() == 1 { " is" } else { " are" },
            s.uncertain[0].path,
            s.uncertain[0].point()
        ),
    })
}

fn checked(s: Scenario) -> Result<Scenario, Error> {
    s.validate().map_err(|(key, message)| Error::Internal {
        message: format!("decomposition: a variant of the scenario is invalid: {key}: {message}"),
    })?;
    Ok(s)
}

/// Runs steps (b) to (e) and builds the chain, with `answer` (the main
/// search, on the scenario itself) as step (f).
#[allow(clippy::too_many_arguments)]
pub fn decompose(
    path: Option<&Path>,
    overrides: &[String],
    q: Search<'_>,
    answer: &Answer,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &AtomicBool,
) -> Result<Decomposition, Error> {
    let range = q.range;
    let real =
        crate::sweep::scenario_with(path, overrides, &[(range.path.as_str(), answer.value)])?;
    fixed_inputs(&real)?;
    let years = years_of(&real, &answer.period)?;
    let calc = calculator_fte(&real, &years)?;
    let vr = variant_range(range, &real)?;
    let mut steps = vec![Step {
        mechanism: Mechanism::Calculator,
        description: description(Mechanism::Calculator, &real),
        fte: calc,
        delta: calc,
        bracket: None,
        probes: 0,
        at_bound: false,
    }];
    let period = Some(answer.period.as_str());
    for m in Mechanism::ALL[1..5].iter().copied() {
        let build = |v: f64| {
            let s = crate::sweep::scenario_with(path, overrides, &[(vr.path.as_str(), v)])?;
            checked(variant(&s, m))
        };
        let a = required::search(
            &build,
            Search {
                range: &vr,
                period,
                interval: false,
                ..q
            },
            progress,
            cancel,
        )
        .map_err(|e| match e {
            Error::Options { option, message } => Error::Options {
                option,
                message: format!(
                    "decomposition, step ({}) {}: {message}",
                    m.letter(),
                    description(m, &real)
                ),
            },
            e => e,
        })?;
        steps.push(step(m, &real, &a, steps.last().map_or(0.0, |s| s.fte)));
    }
    let prev = steps.last().map_or(0.0, |s| s.fte);
    steps.push(step(Mechanism::Effort, &real, answer, prev));
    let total_difference = steps[1..].iter().map(|s| s.delta).sum();
    let mut d = Decomposition {
        period: answer.period.clone(),
        years,
        range: vr,
        steps,
        total_difference,
        sentence_nl: String::new(),
        sentence_en: String::new(),
    };
    d.sentence_nl = sentence(&d, &real, q.target, q.confidence, Language::Nl);
    d.sentence_en = sentence(&d, &real, q.target, q.confidence, Language::En);
    Ok(d)
}

fn step(m: Mechanism, s: &Scenario, a: &Answer, prev: f64) -> Step {
    Step {
        mechanism: m,
        description: description(m, s),
        fte: a.value,
        delta: a.value - prev,
        bracket: Some(a.bracket),
        probes: a.probes.len(),
        at_bound: a.bracket.0 == a.bracket.1,
    }
}

fn pct(x: f64) -> String {
    let s = format!("{:.1}", x * 100.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The step's meaning, in English, with the scenario's values.
pub fn description(m: Mechanism, s: &Scenario) -> String {
    let w = &s.workforce;
    match m {
        Mechanism::Calculator => format!(
            "the calculator (rekentool): norm hours × expected counts / {:.0} h per FTE",
            crate::rekentool::HOURS_PER_FTE
        ),
        Mechanism::Simulated => {
            "simulated without chance: all the work, the term every week".into()
        }
        Mechanism::Absence => format!(
            "+ absence {}% as sick people, not a flat {}%",
            pct(w.absence.rate),
            pct(CALCULATOR_ABSENCE)
        ),
        Mechanism::Turnover => format!(
            "+ vacancies and onboarding from {}% turnover a year",
            pct(w.turnover.rate)
        ),
        Mechanism::Variability => "+ random inflow, hours and elapsed times".into(),
        Mechanism::Effort => format!(
            "+ effort factor: {}% of the norm hours per case",
            pct(s.effort.norm_share)
        ),
    }
}

/// The chain as a terminal table.
pub fn to_text(d: &Decomposition) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nWhy the calculator and the simulation differ · {} · each step a search on common random \
         numbers over {}..{}",
        d.period, d.range.lo, d.range.hi
    );
    let w = d
        .steps
        .iter()
        .map(|s| s.description.chars().count())
        .max()
        .unwrap_or(10)
        .max(9);
    let _ = writeln!(
        out,
        "step  {:<w$}  {:>9}  {:>7}",
        "mechanism", "FTE after", "+FTE"
    );
    for s in &d.steps {
        let delta = if s.mechanism == Mechanism::Calculator {
            String::new()
        } else {
            format!("{:+.2}", s.delta)
        };
        let _ = writeln!(
            out,
            "({})   {:<w$}  {:>9.2}  {:>7}{}",
            s.mechanism.letter(),
            s.description,
            s.fte,
            delta,
            if s.at_bound {
                "  (met across the range: a bound)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        out,
        "      {:<w$}  {:>9}  {:>+7.2}",
        "simulation − calculator (sum of (b)–(f))", "", d.total_difference
    );
    let _ = writeln!(
        out,
        "Each value is known to the resolution {} (the search's bracket); increments smaller than \
         that are noise.",
        d.range.resolution
    );
    let _ = writeln!(out, "\n{}\n{}", d.sentence_nl, d.sentence_en);
    out
}

/// A number the Dutch way (decimal comma) or the English way.
fn num(lang: Language, x: f64, decimals: usize) -> String {
    crate::report::labels::Locale(lang).num(x, decimals)
}

/// What the target asks, as the object of "te halen" / "to meet".
fn goal(s: &Scenario, t: &Target, lang: Language) -> String {
    let nl = lang == Language::Nl;
    let term_triage = s.pathway.triage_term_working_days;
    let days = s.pathway.service_term_days;
    let service_term = if days.is_multiple_of(7) {
        if nl {
            format!("{} weken", days / 7)
        } else {
            format!("{} weeks", days / 7)
        }
    } else if nl {
        format!("{days} dagen")
    } else {
        format!("{days} days")
    };
    let kpi = t.kpi.strip_suffix("_intake").unwrap_or(&t.kpi);
    let intake = t.kpi.ends_with("_intake");
    let noun = match (kpi, nl) {
        ("triage_within_term", true) => Some(format!(
            "van de veiligheidsbeoordelingen binnen {term_triage} werkdagen"
        )),
        ("triage_within_term", false) => Some(format!(
            "of safety assessments within {term_triage} working days"
        )),
        ("vv_within_term", true) => Some(format!(
            "van de trajecten Voorwaarden & Vervolg binnen {service_term}"
        )),
        ("vv_within_term", false) => Some(format!("of V&V within {service_term}")),
        ("onderzoek_within_term", true) => {
            Some(format!("van de onderzoeken binnen {service_term}"))
        }
        ("onderzoek_within_term", false) => Some(format!("of Onderzoeken within {service_term}")),
        _ => None,
    };
    let op = if t.at_least { "≥" } else { "≤" };
    match noun {
        Some(n) => {
            let by = match (intake, nl) {
                (true, true) => " (naar binnenkomst)",
                (true, false) => " (by intake)",
                _ => "",
            };
            format!(
                "{op} {}% {n}{by}",
                num(
                    lang,
                    t.value * 100.0,
                    if (t.value * 100.0).fract() == 0.0 {
                        0
                    } else {
                        1
                    }
                )
            )
        }
        None => format!("{} {op} {}", t.kpi, num(lang, t.value, 2)),
    }
}

/// The reason a step gives, as a clause after "omdat" / "because".
fn reason(m: Mechanism, s: &Scenario, lang: Language) -> String {
    let nl = lang == Language::Nl;
    // A percentage with one decimal only when it has one: 7%, 5,5%.
    let p = |x: f64| {
        let one = num(lang, x * 100.0, 1);
        let whole = num(lang, x * 100.0, 0);
        if (x * 100.0 - (x * 100.0).round()).abs() < 0.05 {
            whole
        } else {
            one
        }
    };
    match m {
        Mechanism::Calculator => String::new(),
        Mechanism::Simulated if nl => "de simulatie ook zonder toeval al het werk telt (elke \
             veiligheidsbeoordeling, crisis, monitoring na V&V) en de termijn elke week eist, ook \
             in de vakantiemaanden"
            .into(),
        Mechanism::Simulated => "even without chance the simulation counts all the work (every \
             safety assessment, crisis cases, monitoring after V&V) and asks for the term every \
             week, also in the holiday months"
            .into(),
        Mechanism::Absence if nl => format!(
            "het verzuim ({}%) als zieke medewerkers uitvalt en niet als vaste aftrek van {}%",
            p(s.workforce.absence.rate),
            p(CALCULATOR_ABSENCE)
        ),
        Mechanism::Absence => format!(
            "absence ({}%) takes out sick people rather than a flat {}%",
            p(s.workforce.absence.rate),
            p(CALCULATOR_ABSENCE)
        ),
        Mechanism::Turnover if nl => format!(
            "verloop ({}% per jaar) vacatures en inwerktijd geeft",
            p(s.workforce.turnover.rate)
        ),
        Mechanism::Turnover => format!(
            "turnover ({}% a year) leaves vacancies and new staff to onboard",
            p(s.workforce.turnover.rate)
        ),
        Mechanism::Variability if nl => {
            "de instroom, de uren en de doorlooptijden per zaak wisselen".into()
        }
        Mechanism::Variability => "inflow, hours and elapsed times vary from case to case".into(),
        Mechanism::Effort if nl => format!(
            "een zaak {}% van de normuren krijgt",
            p(s.effort.norm_share)
        ),
        Mechanism::Effort => format!("a case gets {}% of the norm hours", p(s.effort.norm_share)),
    }
}

/// The sentence for a board: "De rekentool zegt …; om … te halen is X fte
/// nodig, omdat …".
pub fn sentence(
    d: &Decomposition,
    s: &Scenario,
    t: &Target,
    confidence: f64,
    lang: Language,
) -> String {
    let nl = lang == Language::Nl;
    let calc = d.steps.first().map_or(f64::NAN, |x| x.fte);
    let total = d.steps.last().map_or(f64::NAN, |x| x.fte);
    let unit = if nl { "fte" } else { "FTE" };
    let reasons: Vec<String> = d.steps[1..]
        .iter()
        .map(|x| {
            let sign = if x.delta < 0.0 { "−" } else { "+" };
            format!(
                "{} ({sign}{} {unit})",
                reason(x.mechanism, s, lang),
                num(lang, x.delta.abs(), 1)
            )
        })
        .collect();
    let joined = match reasons.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!(
                "{}, {} {last}",
                rest.join(", "),
                if nl { "en" } else { "and" }
            )
        }
        Some((last, _)) => last.clone(),
        None => String::new(),
    };
    let c = num(lang, confidence * 100.0, 0);
    let g = goal(s, t, lang);
    let when = match (d.period.as_str(), nl) {
        ("horizon", true) => "over de hele periode".to_string(),
        ("horizon", false) => "over the whole horizon".to_string(),
        (p, _) => format!("in {p}"),
    };
    if nl {
        format!(
            "De rekentool zegt {} fte; om {when} in {c}% van de doorrekeningen {g} te halen is {} \
             fte nodig, omdat {joined}.",
            num(lang, calc, 1),
            num(lang, total, 1)
        )
    } else {
        format!(
            "The calculator says {} FTE; to meet {g} {when} in {c}% of the runs takes {} FTE, \
             because {joined}.",
            num(lang, calc, 1),
            num(lang, total, 1)
        )
    }
}

/// The waterfall chart as PNG and SVG files under `charts/`.
pub fn charts(d: &Decomposition, lang: Language) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let chart = |e: crate::report::ReportError| Error::Internal {
        message: format!("the waterfall chart: {e}"),
    };
    let labels: Vec<&str> = d.steps.iter().map(|s| s.mechanism.short(lang)).collect();
    let values: Vec<f64> = d.steps.iter().map(|s| s.fte).collect();
    let nl = lang == Language::Nl;
    let title = if nl {
        format!("Van rekentool naar simulatie: benodigde fte, {}", d.period)
    } else {
        format!(
            "From the calculator to the simulation: FTE needed, {}",
            d.period
        )
    };
    let w = crate::report::plots::waterfall::Waterfall {
        name: crate::report::plots::waterfall::NAME,
        title: &title,
        labels: &labels,
        values: &values,
        total_label: if nl { "simulatie" } else { "simulation" },
    };
    let ctx = crate::report::plots::PlotContext {
        locale: crate::report::labels::Locale(lang),
    };
    let dir = crate::report::CHARTS_DIR;
    let stem = crate::report::plots::waterfall::NAME;
    let (svg, png) = crate::report::plots::svg_and_png(&w, ctx).map_err(chart)?;
    Ok(vec![
        (format!("{dir}/{stem}.png"), png),
        (format!("{dir}/{stem}.svg"), svg.into_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_switch_off_what_they_say_and_stay_valid() {
        let s = crate::scenario::load(
            None,
            &[
                "inflow.meldingen.dispersion=20".into(),
                "workforce.absence.changes=[{from = 2026-01-01, rate = 0.14}]".into(),
                "effort.pressure_elasticity=0.3".into(),
            ],
        )
        .unwrap();
        let all = variant(&s, Mechanism::Simulated);
        all.validate().unwrap();
        let w = &all.workforce;
        assert_eq!(w.absence.rate, 0.0);
        assert!(w.absence.changes.is_empty());
        assert!((w.indirect - (1.0 - 0.87 * 0.93)).abs() < 1e-12);
        assert_eq!(w.turnover.rate, 0.0);
        assert_eq!(all.inflow.meldingen.process, ArrivalProcess::Constant);
        assert_eq!(all.inflow.meldingen.dispersion, None);
        assert_eq!(all.stages.triage.hours, Dist::Fixed { mean: 16.0 });
        assert_eq!(all.stages.vv.min_days, Dist::Fixed { mean: 37.0 });
        assert_eq!(all.effort.norm_share, 1.0);
        assert_eq!(all.effort.pressure_elasticity, 0.0);
        // Each later variant keeps the mechanisms before it as they were.
        let v = variant(&s, Mechanism::Absence);
        v.validate().unwrap();
        assert_eq!(v.workforce.absence, s.workforce.absence);
        assert_eq!(v.workforce.turnover.rate, 0.0);
        let e = variant(&s, Mechanism::Variability);
        assert_eq!(e.inflow, s.inflow);
        assert_eq!(e.stages, s.stages);
        assert_eq!(e.workforce, s.workforce);
        assert_eq!(e.effort.norm_share, 1.0);
        assert_eq!(variant(&s, Mechanism::Effort), s);
    }
}
