//! Every text of the charts and the report, in Dutch and English, and how
//! numbers and dates are written in each language.
//!
//! Each label is one [`Text`] holding both languages side by side, so a
//! translation cannot be forgotten. Dutch uses the organisations' own words
//! (meldingen, adviezen, werkvoorraad, veiligheidsbeoordeling, wettelijke
//! termijn, Voorwaarden & Vervolg, Onderzoek, verzuim, verloop, formatie).
//! Texts with `{name}` placeholders are filled by [`Locale::fill`].

use crate::scenario::Language;
use jiff::civil::Date;

/// A text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Dutch.
    pub nl: &'static str,
    /// English.
    pub en: &'static str,
}

/// A text of the comparison and sweep reports, written beside its use
/// (those pages are not in this table yet).
pub(crate) fn tr(lang: Language, nl: &'static str, en: &'static str) -> &'static str {
    if lang == Language::Nl { nl } else { en }
}

const fn t(nl: &'static str, en: &'static str) -> Text {
    Text { nl, en }
}

// --- Charts: shared -------------------------------------------------------

/// Legend: the median line.
pub const MEDIAN: Text = t("mediaan", "median");
/// Legend: the 50% band.
pub const BAND50: Text = t("50% van de doorrekeningen", "50% of runs (p25–p75)");
/// Legend: the 90% band.
pub const BAND90: Text = t("90% van de doorrekeningen", "90% of runs (p5–p95)");
/// Legend: observed figures.
pub const OBSERVED: Text = t("waargenomen", "observed");
/// Legend: one observed figure, `{value}` over `{period}`.
pub const OBSERVED_VALUE: Text = t(
    "waargenomen {value} ({period})",
    "observed {value} ({period})",
);
/// A panel without data.
pub const NO_DATA: Text = t("geen gegevens", "no data");
/// Y axis of counts of meldingen.
pub const MELDINGEN_AXIS: Text = t("meldingen", "meldingen");
/// Y axis of shares within term.
pub const WITHIN_TERM_AXIS: Text = t("% binnen termijn", "% within term");
/// Label of a norm line: `{pct}` is the norm.
pub const NORM_LINE: Text = t("norm {pct}", "norm {pct}");

// --- Chart (a): backlog ---------------------------------------------------

/// Title of the backlog chart.
pub const BACKLOG_TITLE: Text = t(
    "Werkvoorraad: meldingen die wachten, per dag",
    "Backlog (werkvoorraad): meldingen waiting, per day",
);
/// Panel: the sum.
pub const BACKLOG_TOTAL: Text = t(
    "Totaal: wacht op veiligheidsbeoordeling of op een dienst",
    "Total: waiting for the safety assessment or for a service",
);
/// Panel: waiting for triage.
pub const BACKLOG_TRIAGE: Text = t(
    "Wacht op veiligheidsbeoordeling",
    "Waiting for the safety assessment (triage)",
);
/// Panel: waiting for a service.
pub const BACKLOG_SERVICE: Text = t(
    "Wacht op een dienst (Voorwaarden & Vervolg of Onderzoek)",
    "Waiting for a service (V&V or Onderzoek)",
);

// --- Chart (b): compliance per quarter -----------------------------------

/// Title of the compliance chart.
pub const COMPLIANCE_TITLE: Text = t(
    "Binnen de wettelijke termijn, per kwartaal (naar afronding)",
    "Within the legal term, per quarter (by completion)",
);
/// The safety assessment, as a series name.
pub const TRIAGE: Text = t("Veiligheidsbeoordeling", "Safety assessment (triage)");
/// V&V, as a series name.
pub const VV: Text = t("Voorwaarden & Vervolg", "V&V (Voorwaarden & Vervolg)");
/// Onderzoek, as a series name.
pub const ONDERZOEK: Text = t("Onderzoek", "Onderzoek");
/// Legend: the band of the compliance chart.
pub const BAND90_SHORT: Text = t("band: 90% van de doorrekeningen", "band: 90% of runs");
/// Legend: norm lines.
pub const NORMS: Text = t("normen", "norms");

// --- Chart (c): distribution across runs ---------------------------------

/// Title of the distribution chart.
pub const DIST_TITLE: Text = t(
    "Verdeling over de doorrekeningen: binnen de wettelijke termijn in {year}",
    "Distribution across runs: within the legal term in {year}",
);
/// Panel title: `{name}` and the probability `{p}` (`= 23%`, `< 1%`).
pub const DIST_PANEL: Text = t(
    "{name}: kans op de norm {p}",
    "{name}: chance of the norm {p}",
);
/// X axis of the distribution chart.
pub const DIST_X_AXIS: Text = t(
    "% binnen termijn in {year}, naar afronding",
    "% within term in {year}, by completion",
);
/// Y axis of the distribution chart.
pub const SHARE_OF_RUNS_AXIS: Text = t("% van de doorrekeningen", "% of runs");
/// Legend: runs meeting the norm.
pub const NORM_MET: Text = t("doorrekeningen die de norm halen", "runs meeting the norm");
/// Legend: runs missing the norm.
pub const NORM_NOT_MET: Text = t("doorrekeningen onder de norm", "runs below the norm");

// --- Chart (d): workforce -------------------------------------------------

/// Title of the workforce chart.
pub const WORKFORCE_TITLE: Text = t("Personeel per dag, in FTE", "Staff per day, in FTE");
/// Joins the last two names of a list.
pub const AND: Text = t("en", "and");
/// Series: employed FTE.
pub const EMPLOYED: Text = t("in dienst", "employed");
/// Series: present FTE.
pub const PRESENT: Text = t("aanwezig", "present");
/// Series: sick FTE.
pub const SICK: Text = t("ziek (verzuim)", "sick (absence)");
/// Series: the budget.
pub const BUDGET: Text = t("formatie", "budget (formatie)");
/// Y axis in FTE.
pub const FTE_AXIS: Text = t("FTE", "FTE");

// --- Chart texts added for issue 13 --------------------------------------

/// Title of the backlog chart: meldingen waiting for triage and cases
/// (zaken) waiting for a service.
pub const BACKLOG_TITLE_ZAKEN: Text = t(
    "Werkvoorraad: meldingen en zaken die wachten, per dag",
    "Backlog (werkvoorraad): meldingen and cases waiting, per day",
);
/// Y axis of counts of cases waiting for a service.
pub const ZAKEN_AXIS: Text = t("zaken", "cases");
/// Y axis of the total backlog: meldingen waiting for triage and cases
/// waiting for a service.
pub const MELDINGEN_EN_ZAKEN_AXIS: Text = t("meldingen en zaken", "meldingen and cases");
/// Label of a norm line: `{name}` of the series and `{pct}`, the norm.
pub const NORM_OF: Text = t("norm {name} {pct}", "norm {name} {pct}");
/// Label of an observed figure on the chart: `{name}`, `{value}`, `{period}`.
pub const OBSERVED_OF: Text = t(
    "waargenomen {name} {value} ({period})",
    "observed {name} {value} ({period})",
);
/// Legend: the norm lines of the compliance chart.
pub const NORM_LINES: Text = t(
    "norm (dunne lijn met streepjes)",
    "norm (thin line with ticks)",
);
/// Title of the distribution chart over every year of the horizon.
pub const DIST_TITLE_YEARS: Text = t(
    "Verdeling over de doorrekeningen: binnen de wettelijke termijn, per jaar",
    "Distribution across runs: within the legal term, per year",
);
/// X axis of the distribution chart over every year.
pub const DIST_X_AXIS_YEARS: Text = t(
    "% binnen termijn in het jaar, naar afronding",
    "% within term in the year, by completion",
);
/// A partial year, after its label.
pub const PARTIAL_YEAR: Text = t("(deel van het jaar)", "(part of the year)");
/// Series: present FTE after holiday leave.
pub const PRESENT_AFTER_LEAVE: Text =
    t("aanwezig na vakantieverlof", "present after holiday leave");
/// Workforce chart: how the bands are smoothed.
pub const SMOOTHED_4_WEEKS: Text = t(
    "lijnen en banden: gemiddelde over 4 weken",
    "lines and bands: 4-week moving average",
);
/// Caption of the backlog chart.
pub const CAPTION_BACKLOG_ZAKEN: Text = t(
    "Meldingen die wachten op de veiligheidsbeoordeling, zaken die wachten op een dienst (Voorwaarden & Vervolg of Onderzoek), en samen. \
     De lijn is de mediaan over de doorrekeningen; de banden tonen waar 50% en 90% van de doorrekeningen liggen.",
    "Meldingen waiting for the safety assessment, cases waiting for a service (V&V or Onderzoek), and both together. \
     The line is the median across runs; the bands show where 50% and 90% of the runs lie.",
);
/// Caption of the compliance chart.
pub const CAPTION_COMPLIANCE_NORMS: Text = t(
    "Per kwartaal het deel van de afgeronde veiligheidsbeoordelingen, V&V en Onderzoeken dat binnen de wettelijke termijn bleef: \
     mediaan, 50%- en 90%-band over de doorrekeningen. De dunne lijnen met streepjes zijn de normen, elk in de kleur van de reeks waar ze bij horen.",
    "Per quarter, the share of completed safety assessments, V&V and Onderzoeken that stayed within the legal term: \
     median, 50% and 90% bands across runs. The thin lines with ticks are the norms, each in the colour of its series.",
);
/// Caption of the distribution chart.
pub const CAPTION_DISTRIBUTION_YEARS: Text = t(
    "Hoe vaak elk jaarcijfer voorkwam over de doorrekeningen, per jaar, alle panelen op dezelfde schaal. \
     De dunne lijn met streepjes is de norm; de kans de norm te halen staat boven elk paneel.",
    "How often each yearly figure occurred across the runs, per year, every panel on the same scale. \
     The thin line with ticks is the norm; the chance of meeting it is above each panel.",
);
/// Caption of the workforce chart.
pub const CAPTION_WORKFORCE_LEAVE: Text = t(
    "Formatie, medewerkers in dienst, aanwezig (niet ziek), aanwezig na vakantieverlof en ziek, in FTE per dag: \
     mediaan en banden over de doorrekeningen, gemiddeld over 4 weken (mensen tellen per hele persoon, dus de dagcijfers springen). \
     De formatie is niet gladgestreken.",
    "Budget (formatie), staff employed, present (not sick), present after holiday leave and sick, in FTE per day: \
     median and bands across runs, averaged over 4 weeks (staff count in whole people, so the daily figures jump). \
     The budget is not smoothed.",
);
/// Title of the capacity chart.
pub const CAP_TITLE: Text = t(
    "Capaciteit: beschikbare en benodigde uren per week",
    "Capacity: hours available and needed per week",
);
/// Subtitle of the capacity chart: what "needed" is.
pub const CAP_SUBTITLE: Text = t(
    "Gemiddeld over de doorrekeningen. Nodig = bestede uren + groei van de wachtende werkvoorraad × uren per zaak",
    "Mean across runs. Needed = hours spent + growth of the waiting backlog × hours per case",
);
/// Y axis of the capacity chart.
pub const CAP_AXIS: Text = t("uren per week", "hours per week");
/// Series: productive hours available.
pub const CAP_AVAILABLE: Text = t("beschikbare productieve uren", "productive hours available");
/// Series: hours needed at the calibrated effort (`{share}` of the norm).
pub const CAP_NEEDED: Text = t(
    "nodig bij de gekalibreerde inzet ({share} van de normuren)",
    "needed at the calibrated effort ({share} of the norm hours)",
);
/// Series: hours needed at the norm hours.
pub const CAP_NEEDED_NORM: Text = t(
    "nodig bij de volle normuren",
    "needed at the full norm hours",
);
/// Legend: the shortfall at the calibrated effort.
pub const CAP_SHORTFALL: Text = t(
    "tekort bij gekalibreerde inzet",
    "shortfall at the calibrated effort",
);
/// Legend: the further shortfall up to the norm hours.
pub const CAP_SHORTFALL_NORM: Text = t(
    "extra tekort bij normuren",
    "further shortfall at the norm hours",
);
/// Caption of the capacity chart.
pub const CAPTION_CAPACITY: Text = t(
    "Per week de productieve uren die het personeel beschikbaar heeft (na verzuim, vakantieverlof, indirecte tijd en inwerken), \
     tegen de uren die het werk vraagt: de bestede uren (crisis, adviezen, veiligheidsbeoordelingen, diensten, monitoring en overwerk) \
     plus de groei van de wachtende werkvoorraad maal de gemiddelde uren per wachtende zaak (negatief als de werkvoorraad krimpt). \
     Dat is gerekend bij de gekalibreerde inzet en bij de volle normuren; werk dat al in behandeling is telt niet mee in de groei. \
     Gemiddelden over de doorrekeningen; waar de vraag boven het aanbod ligt, is het tekort gekleurd.",
    "Per week, the productive hours the staff have (after absence, holiday leave, indirect time and onboarding), \
     against the hours the work asks: the hours spent (crisis, advice, safety assessments, services, monitoring and overtime) \
     plus the growth of the waiting backlog times the mean hours per waiting case (negative when the backlog shrinks). \
     This is computed at the calibrated effort and at the full norm hours; work already in progress is not counted in the growth. \
     Means across runs; where the need exceeds the supply, the shortfall is coloured.",
);

// --- Report ---------------------------------------------------------------

/// Subtitle under the report's title.
pub const SUBTITLE: Text = t(
    "Monte Carlo-simulatie van de werkvoorraad van Veilig Thuis · {runs} doorrekeningen",
    "Monte Carlo simulation of the Veilig Thuis backlog · {runs} simulations",
);
/// Section heading.
pub const H_SCENARIO: Text = t("Scenario", "Scenario");
/// Section heading.
pub const H_FINDINGS: Text = t("Belangrijkste bevindingen", "Key findings");
/// Section heading.
pub const H_KPIS: Text = t("Kerncijfers", "Key figures");
/// Section heading.
pub const H_CHARTS: Text = t("Grafieken", "Charts");
/// Section heading.
pub const H_ASSUMPTIONS: Text = t("Aannames", "Assumptions");
/// Section heading.
pub const H_REPRODUCE: Text = t("Opnieuw uitvoeren", "Reproduce");

/// Scenario summary: name.
pub const S_NAME: Text = t("Naam", "Name");
/// Scenario summary: horizon.
pub const S_HORIZON: Text = t("Periode", "Horizon");
/// Scenario summary: horizon value.
pub const S_HORIZON_VALUE: Text = t("{start} t/m {end}", "{start} to {end}");
/// Scenario summary: warm-up.
pub const S_WARMUP: Text = t("Inloopperiode (niet meegeteld)", "Warm-up (not counted)");
/// Scenario summary: warm-up value.
pub const S_DAYS: Text = t("{n} dagen", "{n} days");
/// Scenario summary: meldingen per year.
pub const S_MELDINGEN: Text = t("Meldingen per jaar", "Meldingen per year");
/// Scenario summary: adviezen per year.
pub const S_ADVIEZEN: Text = t("Adviezen per jaar", "Adviezen per year");
/// Scenario summary: workforce.
pub const S_FTE: Text = t("Formatie (FTE)", "Budget, formatie (FTE)");
/// Scenario summary: a budget step, appended to the budget.
pub const S_FTE_STEP: Text = t("; vanaf {date}: {fte}", "; from {date}: {fte}");
/// Scenario summary: effort factor.
pub const S_NORM_SHARE: Text = t(
    "Uren per zaak, als deel van de norm",
    "Hours per case, as a share of the norm",
);
/// Scenario summary: replications.
pub const S_RUNS: Text = t("Doorrekeningen", "Simulations (runs)");
/// Scenario summary: seed.
pub const S_SEED: Text = t("Startgetal van het toeval (seed)", "Seed");
/// Scenario summary: origin.
pub const S_ORIGIN: Text = t("Scenariobestand", "Scenario file");
/// Scenario summary: version.
pub const S_VERSION: Text = t("vtsim-versie", "vtsim version");
/// Scenario summary: observations.
pub const S_OBSERVATIONS: Text = t("Waargenomen cijfers", "Observed figures");

/// Below the KPI table, when a share is over few cases.
pub const SMALL_NUMBERS_NOTE: Text = t(
    "* Kleine aantallen: minder dan 30 afgeronde zaken in de middelste doorrekening; één zaak meer of minder \
     verschuift het percentage met meer dan 3 procentpunt.",
    "* Small numbers: fewer than 30 completed cases in the median run; one case more or less moves \
     the share by over 3 percentage points.",
);

/// Above the KPI table.
pub const KPI_NOTE: Text = t(
    "Elke cel: de verwachte waarde (de mediaan over de doorrekeningen) en tussen vierkante haken het bereik waarin 90% van de doorrekeningen valt. \
     <em>Naar afronding</em>: van de in de periode afgeronde zaken het deel dat binnen de wettelijke termijn bleef \
     (zoals de organisaties rapporteren). <em>Naar instroom</em>: van de in de periode ontvangen meldingen, \
     waarbij openstaande en te late zaken als te laat tellen.",
    "Each cell: the expected value (the median across the simulations) and, between square brackets, the range holding 90% of the simulations. \
     <em>By completion</em>: of the cases completed in the period, the share within the legal term \
     (how the organisations report). <em>By intake</em>: of the meldingen received in the period, \
     open and overdue ones counting as late.",
);
/// KPI table: corner cell.
pub const KPI_CORNER: Text = t(
    "naar verwachting [90% van de doorrekeningen]",
    "expected [90% of the simulations]",
);
/// KPI table: the whole horizon as a column.
pub const HORIZON: Text = t("hele periode", "whole horizon");
/// KPI table rows: compliance and backlog (also the rows of `kpis.csv`).
pub const KPI_ROWS: [(&str, Text); 8] = [
    (
        "triage_within_term",
        t(
            "Veiligheidsbeoordeling binnen termijn, naar afronding",
            "Safety assessment within term, by completion",
        ),
    ),
    (
        "triage_within_term_intake",
        t(
            "Veiligheidsbeoordeling binnen termijn, naar instroom",
            "Safety assessment within term, by intake",
        ),
    ),
    (
        "vv_within_term",
        t(
            "Voorwaarden & Vervolg binnen termijn, naar afronding",
            "V&V within term, by completion",
        ),
    ),
    (
        "vv_within_term_intake",
        t(
            "Voorwaarden & Vervolg binnen termijn, naar instroom",
            "V&V within term, by intake",
        ),
    ),
    (
        "onderzoek_within_term",
        t(
            "Onderzoek binnen termijn, naar afronding",
            "Onderzoek within term, by completion",
        ),
    ),
    (
        "onderzoek_within_term_intake",
        t(
            "Onderzoek binnen termijn, naar instroom",
            "Onderzoek within term, by intake",
        ),
    ),
    (
        "backlog_end",
        t(
            "Werkvoorraad aan het eind van de periode (meldingen)",
            "Backlog at period end (meldingen)",
        ),
    ),
    (
        "backlog_max",
        t(
            "Hoogste werkvoorraad (meldingen)",
            "Maximum backlog (meldingen)",
        ),
    ),
];

/// KPI table rows under the heading "Personeel", after the norm rows: the
/// workforce figures the terminal table shows too. They are not rows of
/// `kpis.csv` (whose layout the golden outputs fix); `summary.json` and
/// `results.xlsx` carry them under their dictionary names.
pub const WORKFORCE_ROWS: [(&str, Text); 5] = [
    (
        "employed_fte_mean",
        t(
            "FTE in dienst (gemiddeld over de periode)",
            "Employed FTE (mean over the period)",
        ),
    ),
    (
        "sick_fte_mean",
        t(
            "FTE ziek (gemiddeld over de periode)",
            "Sick FTE (mean over the period)",
        ),
    ),
    (
        "absence_share",
        t("Verzuimpercentage", "Absence rate (verzuim)"),
    ),
    (
        "resignations_per_person_year",
        t(
            "Vertrekkers per persoon per jaar (verloop)",
            "Resignations per person-year (turnover)",
        ),
    ),
    ("hires", t("Nieuwe medewerkers", "New hires")),
];

/// Whether a KPI is one of the [`WORKFORCE_ROWS`] (shown after the norm
/// rows, under their own heading).
pub fn is_workforce_kpi(kpi: &str) -> bool {
    WORKFORCE_ROWS.iter().any(|(k, _)| *k == kpi)
}

/// How a KPI of the table is written: the factor (100 for a percentage),
/// the decimals, and the unit after the median (`%` or nothing).
pub fn kpi_format(kpi: &str) -> (f64, usize, &'static str) {
    match kpi {
        "absence_share" => (100.0, 1, "%"),
        k if k.contains("within_term") => (100.0, 0, "%"),
        "employed_fte_mean" | "sick_fte_mean" => (1.0, 1, ""),
        "resignations_per_person_year" => (1.0, 2, ""),
        _ => (1.0, 0, ""),
    }
}
/// KPI table: probability of meeting a norm; `{what}` and `{norm}`.
pub const KPI_P_NORM: Text = t(
    "Kans dat de norm wordt gehaald: {what} minstens {norm} op tijd",
    "Chance the norm is met: {what} at least {norm} on time",
);

// --- Conclusions (issue 13, item 2) ---------------------------------------

/// Heading of the conclusions.
pub const H_CONCLUSIONS: Text = t("Conclusies", "Conclusions");
/// "in a year".
pub const C_IN_YEAR: Text = t("in {year}", "in {year}");
/// "over a span of dates".
pub const C_IN_SPAN: Text = t("van {span}", "from {span}");
/// "at the end of a year".
pub const C_END_OF_YEAR: Text = t("eind {year}", "at the end of {year}");
/// "on a date".
pub const C_ON_DATE: Text = t("op {date}", "on {date}");
/// Norms: the chance is below 10%.
pub const C_VERDICT_NO: Text = t(
    "De norm voor de veiligheidsbeoordeling ({norm} binnen de wettelijke termijn) wordt {period} vrijwel zeker niet gehaald: de kans is {p}.",
    "The norm for the safety assessment ({norm} within the legal term) will almost certainly not be met {period}: the chance is {p}.",
);
/// Norms: the chance is 10–50%.
pub const C_VERDICT_UNLIKELY: Text = t(
    "De norm voor de veiligheidsbeoordeling ({norm} binnen de wettelijke termijn) wordt {period} waarschijnlijk niet gehaald: de kans is {p}.",
    "The norm for the safety assessment ({norm} within the legal term) will probably not be met {period}: the chance is {p}.",
);
/// Norms: the chance is 50–90%.
pub const C_VERDICT_LIKELY: Text = t(
    "De norm voor de veiligheidsbeoordeling ({norm} binnen de wettelijke termijn) wordt {period} waarschijnlijk gehaald: de kans is {p}.",
    "The norm for the safety assessment ({norm} within the legal term) will probably be met {period}: the chance is {p}.",
);
/// Norms: the chance is 90% or more.
pub const C_VERDICT_YES: Text = t(
    "De norm voor de veiligheidsbeoordeling ({norm} binnen de wettelijke termijn) wordt {period} vrijwel zeker gehaald: de kans is {p}.",
    "The norm for the safety assessment ({norm} within the legal term) will almost certainly be met {period}: the chance is {p}.",
);
/// Norms: the triage share behind the chance.
pub const C_TRIAGE_DETAIL: Text = t(
    "Naar verwachting is {med} van de veiligheidsbeoordelingen op tijd; in 90% van de doorrekeningen ligt dat tussen {lo} en {hi}.",
    "The expected share of safety assessments on time is {med}; in 90% of the simulations it lies between {lo} and {hi}.",
);
/// Norms: Onderzoek.
pub const C_ONDERZOEK_DETAIL: Text = t(
    "Voor Onderzoek (norm {norm}) is de kans {p}, met naar verwachting {med} op tijd.",
    "For Onderzoek (norm {norm}) the chance is {p}, with an expected {med} on time.",
);
/// Norms: V&V, which has no norm.
pub const C_VV_DETAIL: Text = t(
    "Bij Voorwaarden & Vervolg is naar verwachting {med} op tijd.",
    "For Voorwaarden & Vervolg an expected {med} is on time.",
);
/// Norms: what the figure is.
pub const C_NORMS_FIGURE: Text = t(
    "kans dat de veiligheidsbeoordeling {period} de norm haalt",
    "chance that the safety assessment meets the norm {period}",
);
/// Backlog: growing against the first day.
pub const C_BACKLOG_GROWS: Text = t(
    "De werkvoorraad groeit: {when} wachten naar verwachting {med} meldingen en zaken, tegen {start} op {date}.",
    "The backlog grows: {when} an expected {med} meldingen and cases are waiting, against {start} on {date}.",
);
/// Backlog: shrinking against the first day.
pub const C_BACKLOG_SHRINKS: Text = t(
    "De werkvoorraad krimpt: {when} wachten naar verwachting {med} meldingen en zaken, tegen {start} op {date}.",
    "The backlog shrinks: {when} an expected {med} meldingen and cases are waiting, against {start} on {date}.",
);
/// Backlog: about the same as on the first day.
pub const C_BACKLOG_STEADY: Text = t(
    "De werkvoorraad blijft ongeveer gelijk: {when} wachten naar verwachting {med} meldingen en zaken, tegen {start} op {date}.",
    "The backlog stays about level: {when} an expected {med} meldingen and cases are waiting, against {start} on {date}.",
);
/// Backlog without its first day.
pub const C_BACKLOG_END: Text = t(
    "De werkvoorraad is {when} naar verwachting {med} meldingen en zaken.",
    "The backlog {when} is an expected {med} meldingen and cases.",
);
/// Backlog: the 90% range.
pub const C_BACKLOG_DETAIL: Text = t(
    "Zeker is dat niet: in 90% van de doorrekeningen ligt de werkvoorraad {when} tussen {lo} en {hi}.",
    "That is not certain: in 90% of the simulations the backlog {when} lies between {lo} and {hi}.",
);
/// Backlog: what the figure is.
pub const C_BACKLOG_FIGURE: Text = t(
    "meldingen en zaken wachtend {when}",
    "meldingen and cases waiting {when}",
);
/// Capacity: the work asks more hours than there are.
pub const C_CAPACITY_SHORT: Text = t(
    "De oorzaak is een tekort aan capaciteit: het werk vraagt {period} gemiddeld {needed} uur per week, het personeel heeft er {available} beschikbaar. Dat is {gap} uur per week te weinig, ongeveer {fte} FTE.",
    "The cause is a shortage of capacity: {period} the work asks a mean {needed} hours per week, the staff have {available} available. That is {gap} hours per week short, about {fte} FTE.",
);
/// Capacity: there are more hours than the work asks.
pub const C_CAPACITY_SPARE: Text = t(
    "Er is genoeg capaciteit: het werk vraagt {period} gemiddeld {needed} uur per week, het personeel heeft er {available} beschikbaar, {gap} uur per week (ongeveer {fte} FTE) meer dan nodig.",
    "There is enough capacity: {period} the work asks a mean {needed} hours per week, the staff have {available} available, {gap} hours per week (about {fte} FTE) more than needed.",
);
/// Capacity: about even.
pub const C_CAPACITY_EVEN: Text = t(
    "Capaciteit en werk zijn ongeveer in evenwicht: het werk vraagt {period} gemiddeld {needed} uur per week, het personeel heeft er {available} beschikbaar.",
    "Capacity and work are about even: {period} the work asks a mean {needed} hours per week, the staff have {available} available.",
);
/// Capacity: the staff behind the hours.
pub const C_CAPACITY_DETAIL: Text = t(
    "Gemiddeld zijn {employed} FTE in dienst bij een formatie van {budget} FTE; daarvan is gemiddeld {sick} FTE ziek. Beschikbaar is wat overblijft na verzuim, vakantieverlof, indirecte tijd en inwerken; nodig is het bestede werk plus de groei van de werkvoorraad (zie de grafiek Capaciteit).",
    "A mean {employed} FTE are employed against a budget (formatie) of {budget} FTE; of them a mean {sick} FTE are sick. Available is what remains after absence, holiday leave, indirect time and onboarding; needed is the work done plus the growth of the backlog (see the capacity chart).",
);
/// Capacity: what the figure is when short.
pub const C_CAPACITY_SHORT_FIGURE: Text = t("FTE tekort {period}", "FTE short {period}");
/// Capacity: what the figure is when spare.
pub const C_CAPACITY_SPARE_FIGURE: Text = t("FTE over {period}", "FTE spare {period}");
/// Heading of the comparison with observed figures.
pub const H_OBSERVED: Text = t(
    "Vergelijking met waargenomen cijfers",
    "Comparison with observed figures",
);
/// Heading of the quarter table.
pub const H_QUARTERS: Text = t("Per kwartaal", "Per quarter");
/// Note above the quarter table.
pub const Q_NOTE: Text = t(
    "Binnen de wettelijke termijn (naar afronding) en de werkvoorraad aan het eind van elk kwartaal: naar verwachting, met tussen vierkante haken het bereik van 90% van de doorrekeningen.",
    "Within the legal term (by completion) and the backlog at the end of each quarter: the expected value, with between square brackets the range of 90% of the simulations.",
);
/// KPI table: group heading of the workforce rows.
pub const KPI_WORKFORCE: Text = t("Personeel", "Workforce");

/// Findings: the backlog band at the end of the horizon.
pub const F_BACKLOG_END: Text = t(
    "In 90% van de doorrekeningen ligt de werkvoorraad {when} tussen {lo} en {hi} meldingen (mediaan {med}).",
    "In 90% of the runs the backlog {when} is between {lo} and {hi} meldingen (median {med}).",
);
/// Findings: "at the end of a year".
pub const F_END_OF_YEAR: Text = t("eind {year}", "at the end of {year}");
/// Findings: "on a date".
pub const F_ON_DATE: Text = t("op {date}", "on {date}");
/// Findings: the peak of the backlog.
pub const F_BACKLOG_MAX: Text = t(
    "De hoogste werkvoorraad in {period} is mediaan {med} meldingen (90% van de doorrekeningen: {lo} tot {hi}).",
    "The highest backlog in {period} has a median of {med} meldingen (90% of runs: {lo} to {hi}).",
);
/// Findings: compliance of a stage in a year, with a norm.
pub const F_COMPLIANCE_NORM: Text = t(
    "{what} in {period}: mediaan {med} binnen de wettelijke termijn (90% van de doorrekeningen: {lo} tot {hi}); \
     de kans dat de norm van {norm} wordt gehaald is {p}.",
    "{what} in {period}: median {med} within the legal term (90% of runs: {lo} to {hi}); \
     the chance of meeting the norm of {norm} is {p}.",
);
/// Findings: compliance of a stage in a year, without a norm.
pub const F_COMPLIANCE: Text = t(
    "{what} in {period}: mediaan {med} binnen de wettelijke termijn (90% van de doorrekeningen: {lo} tot {hi}).",
    "{what} in {period}: median {med} within the legal term (90% of runs: {lo} to {hi}).",
);
/// Findings: the simulated KPI over exactly the observed dates.
pub const F_SAME_PERIOD: Text = t("over dezelfde periode", "over the same period");
/// Findings: an observed figure beside the simulated median.
pub const F_OBSERVED: Text = t(
    "Voor {what} is {value} waargenomen ({period}); de doorrekeningen geven {sim} naar verwachting {med}.",
    "For {what}, {value} was observed ({period}); {sim} the simulations give an expected {med}.",
);
/// Findings: "in a period".
pub const F_IN_PERIOD: Text = t("in {period}", "in {period}");
/// Observable metrics as they read in a sentence.
pub const OBSERVABLE_NAMES: [(&str, Text); 10] = [
    ("backlog", t("werkvoorraad", "backlog")),
    (
        "backlog_triage",
        t(
            "wachtend op veiligheidsbeoordeling",
            "waiting for the safety assessment",
        ),
    ),
    (
        "backlog_service",
        t("wachtend op een dienst", "waiting for a service"),
    ),
    (
        "triage_within_term",
        t(
            "veiligheidsbeoordelingen binnen termijn",
            "safety assessments within term",
        ),
    ),
    (
        "vv_within_term",
        t("Voorwaarden & Vervolg binnen termijn", "V&V within term"),
    ),
    (
        "onderzoek_within_term",
        t("Onderzoeken binnen termijn", "Onderzoeken within term"),
    ),
    ("meldingen_in", t("meldingen", "meldingen")),
    ("adviezen_in", t("adviezen", "adviezen")),
    ("crisis", t("crisisinterventies", "crisis interventions")),
    ("absence_share", t("verzuim", "absence")),
];
/// Findings: a stage as the subject of a sentence.
pub const F_TRIAGE: Text = t("Veiligheidsbeoordelingen", "Safety assessments");
/// Findings: a stage as the subject of a sentence.
pub const F_VV: Text = t("Voorwaarden & Vervolg", "V&V");
/// Findings: a stage as the subject of a sentence.
pub const F_ONDERZOEK: Text = t("Onderzoeken", "Onderzoeken");
/// Findings when nothing can be said.
pub const F_NONE: Text = t(
    "Er zijn geen cijfers om bevindingen uit af te leiden.",
    "There are no figures to draw findings from.",
);

/// Captions under the charts.
pub const CAPTION_BACKLOG: Text = t(
    "Meldingen die wachten op de veiligheidsbeoordeling, op een dienst, en samen. De lijn is de mediaan over de doorrekeningen; \
     de banden tonen waar 50% en 90% van de doorrekeningen liggen.",
    "Meldingen waiting for the safety assessment, for a service, and both together. The line is the median across runs; \
     the bands show where 50% and 90% of the runs lie.",
);
/// Caption.
pub const CAPTION_COMPLIANCE: Text = t(
    "Per kwartaal het deel van de afgeronde veiligheidsbeoordelingen, V&V en Onderzoeken dat binnen de wettelijke termijn bleef: \
     mediaan, 50%- en 90%-band over de doorrekeningen. Streeplijnen: de normen.",
    "Per quarter, the share of completed safety assessments, V&V and Onderzoeken that stayed within the legal term: \
     median, 50% and 90% bands across runs. Dashed lines: the norms.",
);
/// Caption addition when observed counts are drawn.
pub const CAPTION_OBSERVED_POINTS: Text = t(
    "Ruiten zijn waargenomen aantallen.",
    "Diamonds are observed counts.",
);
/// Caption addition when observed shares are drawn.
pub const CAPTION_OBSERVED_SEGMENTS: Text = t(
    "Dikke lijnstukken zijn waargenomen cijfers over hun periode.",
    "Thick segments are observed figures over their period.",
);
/// Caption.
pub const CAPTION_DISTRIBUTION: Text = t(
    "Hoe vaak elk jaarcijfer voorkwam over de doorrekeningen. De stippellijn is de norm; de kans de norm te halen staat in de titel.",
    "How often each yearly figure occurred across the runs. The dashed line is the norm; the chance of meeting it is in the title.",
);
/// Caption.
pub const CAPTION_WORKFORCE: Text = t(
    "Formatie, medewerkers in dienst, aanwezig en ziek, in FTE per dag: mediaan en banden over de doorrekeningen.",
    "Budget (formatie), staff employed, present and sick, in FTE per day: median and bands across runs.",
);
/// Link to the PNG file of a chart.
pub const PNG_LINK: Text = t("PNG-bestand", "PNG file");

/// Assumptions: table header.
pub const A_KEY: Text = t("parameter", "parameter");
/// Assumptions: table header.
pub const A_VALUE: Text = t("waarde", "value");
/// Assumptions: note.
pub const A_NOTE: Text = t(
    "Alle parameters van het doorgerekende scenario, inclusief standaardwaarden, per onderwerp. \
     Delen en percentages staan als decimaal getal (0,07 is 7%). De laatste kolom noemt de sleutel in het scenariobestand, voor wie het scenario aanpast.",
    "Every parameter of the simulated scenario, defaults included, by subject. \
     Shares are written as decimals (0.07 is 7%). The last column names the key in the scenario file, for whoever edits the scenario.",
);
/// Assumptions: the download of the resolved scenario, embedded in the page.
pub const A_DOWNLOAD: Text = t(
    "Het doorgerekende scenariobestand downloaden (scenario.resolved.toml, zit in deze pagina)",
    "Download the simulated scenario file (scenario.resolved.toml, held in this page)",
);
/// Assumptions: show the resolved scenario file.
pub const A_SHOW_FILE: Text = t("Het scenariobestand tonen", "Show the scenario file");
/// Quarter table: the backlog column.
pub const Q_BACKLOG: Text = t("Werkvoorraad eind kwartaal", "Backlog at quarter end");
/// Reproduce: note.
pub const R_NOTE: Text = t(
    "In deze map geeft dit commando dezelfde runs.csv, daily.csv, scenario.resolved.toml en grafieken, byte voor byte; summary.json en report.html verschillen alleen in het scenariobestand dat ze noemen:",
    "In this folder this command gives the same runs.csv, daily.csv, scenario.resolved.toml and charts, byte for byte; summary.json and report.html differ only in the scenario file they name:",
);
/// Footer.
pub const FOOTER: Text = t(
    "Gemaakt met vtsim {version}. De cijfers zijn uitkomsten van een simulatie onder de aannames hierboven, geen zekere voorspellingen.",
    "Made with vtsim {version}. The figures are outcomes of a simulation under the assumptions above, not certain predictions.",
);

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SHORT_NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The language of a report, with its way of writing numbers and dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale(pub Language);

impl Locale {
    /// The text in this language.
    pub fn t(self, text: Text) -> &'static str {
        match self.0 {
            Language::Nl => text.nl,
            Language::En => text.en,
        }
    }

    /// The text in this language with every `{name}` replaced by its value.
    pub fn fill(self, text: Text, args: &[(&str, &str)]) -> String {
        fill(self.t(text), args)
    }

    /// The `lang` attribute of HTML.
    pub fn code(self) -> &'static str {
        match self.0 {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }

    fn separators(self) -> (char, char) {
        match self.0 {
            Language::Nl => ('.', ','),
            Language::En => (',', '.'),
        }
    }

    /// A number with `decimals` decimals and thousands separators
    /// (`1.234,5` in Dutch, `1,234.5` in English); `–` when not finite.
    pub fn num(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let (thousands, point) = self.separators();
        let text = format!("{:.*}", decimals, x.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(c);
        }
        let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        out.push_str(&grouped);
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// A whole number with thousands separators.
    pub fn int(self, x: f64) -> String {
        self.num(x, 0)
    }

    /// A share as a whole percentage: `0.72` → `72%`.
    pub fn pct(self, share: f64) -> String {
        if !share.is_finite() {
            return "–".into();
        }
        format!("{}%", self.num(share * 100.0, 0))
    }

    /// A probability as a percentage that never rounds a possibility away:
    /// `< 1%` and `> 99%` when it is neither 0 nor 1 but would round to them.
    pub fn chance(self, p: f64) -> String {
        if p > 0.0 && p < 0.005 {
            format!("< {}", self.pct(0.01))
        } else if (0.995..1.0).contains(&p) {
            format!("> {}", self.pct(0.99))
        } else {
            self.pct(p)
        }
    }

    /// A date in words: `31 december 2025`, `31 December 2025`.
    pub fn date(self, d: Date) -> String {
        format!("{} {} {}", d.day(), self.month(d.month()), d.year())
    }

    /// The name of month 1–12.
    pub fn month(self, m: i8) -> &'static str {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.0 {
            Language::Nl => MONTHS_NL[i],
            Language::En => MONTHS_EN[i],
        }
    }

    /// The short name of month 1–12 (`mrt`, `Mar`).
    pub fn month_short(self, m: i8) -> &'static str {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.0 {
            Language::Nl => MONTHS_SHORT_NL[i],
            Language::En => MONTHS_SHORT_EN[i],
        }
    }

    /// A quarter: `K1 2025` (kwartaal), `Q1 2025`.
    pub fn quarter(self, year: i16, q: u8) -> String {
        match self.0 {
            Language::Nl => format!("K{q} {year}"),
            Language::En => format!("Q{q} {year}"),
        }
    }

    /// A period label of the result files (`horizon`, `2025`, `2025-Q1`) in words.
    pub fn period(self, label: &str) -> String {
        if label == "horizon" {
            return self.t(HORIZON).to_string();
        }
        if let Some((y, q)) = label.split_once("-Q")
            && let (Ok(y), Ok(q)) = (y.parse(), q.parse())
        {
            return self.quarter(y, q);
        }
        if label.len() == 7
            && let Some((y, m)) = label.split_once('-')
            && let (Ok(y), Ok(m)) = (y.parse::<i16>(), m.parse::<i8>())
        {
            return format!("{} {y}", self.month_short(m));
        }
        if let Some((a, b)) = label.split_once("..")
            && let (Ok(a), Ok(b)) = (a.parse::<Date>(), b.parse::<Date>())
        {
            return self.span_short(a, b);
        }
        label.to_string()
    }

    /// A period's name for a table head: its label, and for a period cut
    /// off by the horizon the days it covers, `2026 (2–31 dec)`.
    pub fn period_of(self, p: &crate::summary::PeriodSummary) -> String {
        let name = self.period(&p.label);
        if !p.partial {
            return name;
        }
        format!("{name} ({})", self.days_covered(p.start_date, p.end_date))
    }

    /// The days a partial period covers, without the year when it is one:
    /// `2–31 dec`, `1 jan–28 feb`.
    pub fn days_covered(self, a: Date, b: Date) -> String {
        let m = |d: Date| self.month_short(d.month());
        if a == b {
            format!("{} {}", a.day(), m(a))
        } else if a.year() == b.year() && a.month() == b.month() {
            format!("{}–{} {}", a.day(), b.day(), m(a))
        } else if a.year() == b.year() {
            format!("{} {}–{} {}", a.day(), m(a), b.day(), m(b))
        } else {
            self.span_short(a, b)
        }
    }

    /// Names as a sentence-initial list: `Formatie, in dienst en aanwezig`.
    pub fn list(self, names: &[&str]) -> String {
        let and = self.t(AND);
        let text = match names {
            [] => String::new(),
            [one] => one.to_string(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        };
        let mut c = text.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    /// A short span of dates: `jan–aug 2024` for whole months, else
    /// `3 jan–15 aug 2024`; one day is that date.
    pub fn span_short(self, start: Date, end: Date) -> String {
        let whole = start.day() == 1 && end.tomorrow().is_ok_and(|t| t.day() == 1);
        let m = |d: Date| self.month_short(d.month());
        match (whole, start.year() == end.year()) {
            _ if start == end => format!("{} {} {}", start.day(), m(start), start.year()),
            (true, true) if start.month() == end.month() => {
                format!("{} {}", m(start), start.year())
            }
            (true, true) => format!("{}–{} {}", m(start), m(end), end.year()),
            (true, false) => format!("{} {}–{} {}", m(start), start.year(), m(end), end.year()),
            (false, true) => format!(
                "{} {}–{} {} {}",
                start.day(),
                m(start),
                end.day(),
                m(end),
                end.year()
            ),
            (false, false) => format!(
                "{} {} {}–{} {} {}",
                start.day(),
                m(start),
                start.year(),
                end.day(),
                m(end),
                end.year()
            ),
        }
    }

    /// A span of dates in words: `1 januari t/m 31 augustus 2024`.
    pub fn span(self, start: Date, end: Date) -> String {
        if start == end {
            return self.date(start);
        }
        let first = if start.year() == end.year() {
            format!("{} {}", start.day(), self.month(start.month()))
        } else {
            self.date(start)
        };
        match self.0 {
            Language::Nl => format!("{first} t/m {}", self.date(end)),
            Language::En => format!("{first} to {}", self.date(end)),
        }
    }
}

/// Replaces every `{name}` in `template` by its value; unknown names stay.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
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

    const NL: Locale = Locale(Language::Nl);
    const EN: Locale = Locale(Language::En);

    #[test]
    fn numbers_per_language() {
        assert_eq!(NL.num(1234.5, 1), "1.234,5");
        assert_eq!(EN.num(1234.5, 1), "1,234.5");
        assert_eq!(NL.int(1234567.0), "1.234.567");
        assert_eq!(NL.int(999.0), "999");
        assert_eq!(NL.int(-1234.0), "-1.234");
        assert_eq!(NL.int(-0.2), "0");
        assert_eq!(NL.num(0.05, 2), "0,05");
        assert_eq!(NL.pct(0.724), "72%");
        assert_eq!(NL.chance(0.001), "< 1%");
        assert_eq!(NL.chance(0.999), "> 99%");
        assert_eq!(NL.chance(1.0), "100%");
        assert_eq!(NL.chance(0.0), "0%");
        assert_eq!(NL.num(f64::NAN, 1), "–");
    }

    #[test]
    fn dates_per_language() {
        let d = jiff::civil::date(2025, 3, 31);
        assert_eq!(NL.date(d), "31 maart 2025");
        assert_eq!(EN.date(d), "31 March 2025");
        assert_eq!(NL.month_short(10), "okt");
        assert_eq!(NL.period("2025-Q2"), "K2 2025");
        assert_eq!(EN.period("2025-Q2"), "Q2 2025");
        assert_eq!(NL.period("2025"), "2025");
        let (a, b) = (
            jiff::civil::date(2024, 1, 1),
            jiff::civil::date(2024, 8, 31),
        );
        assert_eq!(NL.span(a, b), "1 januari t/m 31 augustus 2024");
        assert_eq!(NL.span_short(a, b), "jan–aug 2024");
        assert_eq!(EN.span_short(b, b), "31 Aug 2024");
        assert_eq!(
            EN.span_short(jiff::civil::date(2023, 12, 1), b),
            "Dec 2023–Aug 2024"
        );
        assert_eq!(
            NL.span_short(jiff::civil::date(2024, 3, 3), b),
            "3 mrt–31 aug 2024"
        );
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(
            NL.list(&["formatie", "in dienst", "aanwezig"]),
            "Formatie, in dienst en aanwezig"
        );
        assert_eq!(EN.list(&["employed", "present"]), "Employed and present");
        assert_eq!(EN.list(&[]), "");
    }

    #[test]
    fn fill_replaces_known_names_only() {
        assert_eq!(
            fill("{a} en {b} {c}", &[("a", "x"), ("b", "y")]),
            "x en y {c}"
        );
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }
}
