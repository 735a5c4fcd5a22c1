//! The data dictionary: every column of the result files, with its unit, its
//! meaning and where it is defined.
//!
//! One table serves three files: `summary.json` takes the unit and the
//! English description of every KPI from it, `results.xlsx` its column
//! headers and its "Woordenboek" sheet (in the scenario's language), and the
//! CSV headers are its `name`s. Definitions refer to the sections of
//! `docs/model.md`, which follow MODEL.md.

use crate::report::labels::{KPI_ROWS, Locale, Text};

const fn t(nl: &'static str, en: &'static str) -> Text {
    Text { nl, en }
}

/// The unit of a column, which also fixes its number format in
/// `results.xlsx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share between 0 and 1 (shown as a percentage in the workbook).
    Share,
    /// A number of cases, contacts, people or events.
    Count,
    /// Calendar days.
    Days,
    /// Hours.
    Hours,
    /// Full-time equivalents.
    Fte,
    /// Events per person-year employed.
    PerPersonYear,
    /// Euros.
    Euro,
    /// A calendar date.
    Date,
    /// Text.
    Text,
    /// The unit of the series or KPI of the row.
    OfRow,
    /// The unit of the uncertain input in the scenario (a volume, FTE, a
    /// factor, …).
    OfInput,
}

impl Unit {
    /// The unit's name in `summary.json`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Share => "share",
            Unit::Count => "count",
            Unit::Days => "days",
            Unit::Hours => "hours",
            Unit::Fte => "fte",
            Unit::PerPersonYear => "per_person_year",
            Unit::Euro => "euro",
            Unit::Date => "date",
            Unit::Text => "text",
            Unit::OfRow => "of_row",
            Unit::OfInput => "of_input",
        }
    }

    /// The unit in words, for the dictionary sheet.
    pub fn text(self) -> Text {
        match self {
            Unit::Share => t("aandeel (0–1, getoond als %)", "share (0–1, shown as %)"),
            Unit::Count => t("aantal", "count"),
            Unit::Days => t("kalenderdagen", "calendar days"),
            Unit::Hours => t("uren", "hours"),
            Unit::Fte => t("FTE", "FTE"),
            Unit::PerPersonYear => t("per persoonsjaar", "per person-year"),
            Unit::Euro => t("euro", "euro"),
            Unit::Date => t("datum", "date"),
            Unit::Text => t("tekst", "text"),
            Unit::OfRow => t(
                "die van de reeks of indicator in de regel",
                "that of the row's series or KPI",
            ),
            Unit::OfInput => t(
                "die van de invoer in het scenario",
                "that of the input in the scenario",
            ),
        }
    }

    /// The Excel number format of the unit (format codes are stored in
    /// Excel's neutral notation, so a Dutch spreadsheet shows `1.234,5`).
    pub fn number_format(self) -> &'static str {
        match self {
            Unit::Share => "0.0%",
            Unit::Count | Unit::Euro => "#,##0",
            Unit::Days | Unit::Hours => "#,##0.0",
            Unit::Fte => "#,##0.00",
            Unit::PerPersonYear => "0.000",
            Unit::Date => "yyyy-mm-dd",
            Unit::Text => "@",
            Unit::OfRow | Unit::OfInput => "General",
        }
    }
}

/// One column of a result file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The name in the CSV headers and JSON keys (snake_case).
    pub name: &'static str,
    /// Unit.
    pub unit: Unit,
    /// Readable name; `None` for the KPIs of the report's table, which take
    /// their row label ([`KPI_ROWS`]).
    label: Option<Text>,
    /// What it means.
    pub meaning: Text,
    /// Where it is defined.
    pub reference: &'static str,
}

impl Column {
    /// The readable name (the report's row label for the KPIs it shows).
    pub fn label(&self) -> Text {
        self.label.unwrap_or_else(|| {
            KPI_ROWS
                .iter()
                .find(|(k, _)| *k == self.name)
                .map_or(t(self.name, self.name), |(_, l)| *l)
        })
    }
}

const fn col(
    name: &'static str,
    unit: Unit,
    label: Text,
    meaning: Text,
    reference: &'static str,
) -> Column {
    Column {
        name,
        unit,
        label: Some(label),
        meaning,
        reference,
    }
}

/// A KPI of the report's table: its label is the table's row label.
const fn row(name: &'static str, unit: Unit, meaning: Text, reference: &'static str) -> Column {
    Column {
        name,
        unit,
        label: None,
        meaning,
        reference,
    }
}

const KPI_REF: &str = "docs/model.md §10.4";
const TERM_REF: &str = "docs/model.md §10.3";
const SERIES_REF: &str = "docs/model.md §10.1";
const PERIOD_REF: &str = "docs/model.md §10.2";
const ACROSS_REF: &str = "docs/model.md §10.5";

/// Every KPI of a period, in the order of [`crate::metrics::KPIS`].
pub const KPI_COLUMNS: [Column; 57] = {
    use Unit::*;
    [
        col(
            "meldingen_in",
            Count,
            t("Meldingen ontvangen", "Meldingen received"),
            t(
                "Meldingen ontvangen in de periode (alle soorten; beginstand niet meegeteld)",
                "Meldingen received in the period (all kinds; initial state excluded)",
            ),
            KPI_REF,
        ),
        col(
            "crisis",
            Count,
            t("Crisisinterventies", "Crisis interventions"),
            t(
                "Meldingen ontvangen in de periode die een crisisinterventie zijn",
                "Meldingen received in the period that are crisis interventions",
            ),
            "docs/model.md §4.4, §10.4",
        ),
        col(
            "returned_to_police",
            Count,
            t("Teruggelegd bij de politie", "Returned to the police"),
            t(
                "Meldingen ontvangen in de periode die meteen naar de politie teruggaan",
                "Meldingen received in the period returned to the police at once",
            ),
            "docs/model.md §4.4, §10.4",
        ),
        col(
            "urgent",
            Count,
            t("Spoedmeldingen", "Urgent meldingen"),
            t(
                "Meldingen ontvangen in de periode met spoed (voor in de rij van de veiligheidsbeoordeling)",
                "Urgent meldingen received in the period (ahead in the triage queue)",
            ),
            KPI_REF,
        ),
        col(
            "adviezen_in",
            Count,
            t("Adviezen ontvangen", "Adviezen received"),
            t(
                "Adviesvragen ontvangen in de periode",
                "Adviezen received in the period",
            ),
            KPI_REF,
        ),
        col(
            "adviezen_done",
            Count,
            t("Adviezen afgerond", "Adviezen completed"),
            t(
                "Adviesvragen afgerond in de periode",
                "Adviezen completed in the period",
            ),
            KPI_REF,
        ),
        col(
            "triage_done",
            Count,
            t(
                "Veiligheidsbeoordelingen afgerond",
                "Safety assessments completed",
            ),
            t(
                "Veiligheidsbeoordelingen (triages) afgerond in de periode",
                "Triages completed in the period",
            ),
            KPI_REF,
        ),
        row(
            "triage_within_term",
            Share,
            t(
                "Van de in de periode afgeronde veiligheidsbeoordelingen het deel dat op of voor de termijn (5e werkdag na ontvangst) klaar was",
                "Of the triages completed in the period, the share completed on or before the deadline (5th working day after receipt)",
            ),
            TERM_REF,
        ),
        col(
            "triage_intake",
            Count,
            t(
                "Meldingen voor termijn naar instroom",
                "Meldingen for the term by intake",
            ),
            t(
                "Meldingen ontvangen in de periode (geen crisis, niet teruggelegd) met een termijn binnen de horizon",
                "Meldingen received in the period (not crisis, not returned) with a deadline within the horizon",
            ),
            TERM_REF,
        ),
        row(
            "triage_within_term_intake",
            Share,
            t(
                "Van die meldingen het deel waarvan de veiligheidsbeoordeling op of voor de termijn klaar was; nog open na de termijn telt als te laat",
                "Of those meldingen, the share triaged on or before the deadline; still open after it counts as late",
            ),
            TERM_REF,
        ),
        col(
            "vv_done",
            Count,
            t("Voorwaarden & Vervolg afgerond", "V&V completed"),
            t(
                "Diensten Voorwaarden & Vervolg afgerond in de periode",
                "V&V services completed in the period",
            ),
            KPI_REF,
        ),
        row(
            "vv_within_term",
            Share,
            t(
                "Van de in de periode afgeronde V&V-diensten het deel dat binnen de termijn (afronding beoordeling + 70 dagen) klaar was",
                "Of the V&V services completed in the period, the share within the term (triage completion + 70 days)",
            ),
            TERM_REF,
        ),
        col(
            "vv_intake",
            Count,
            t(
                "Naar Voorwaarden & Vervolg, voor termijn naar instroom",
                "Routed to V&V, for the term by intake",
            ),
            t(
                "Zaken waarvan de beoordeling in de periode klaar was en die naar V&V gingen, met een termijn binnen de horizon",
                "Cases triaged in the period and routed to V&V, with a deadline within the horizon",
            ),
            TERM_REF,
        ),
        row(
            "vv_within_term_intake",
            Share,
            t(
                "Van die zaken het deel waarvan de dienst op of voor de termijn klaar was",
                "Of those cases, the share whose service completed on or before the deadline",
            ),
            TERM_REF,
        ),
        col(
            "onderzoek_done",
            Count,
            t("Onderzoeken afgerond", "Onderzoeken completed"),
            t(
                "Onderzoeken afgerond in de periode",
                "Onderzoek services completed in the period",
            ),
            KPI_REF,
        ),
        row(
            "onderzoek_within_term",
            Share,
            t(
                "Van de in de periode afgeronde Onderzoeken het deel dat binnen de termijn (afronding beoordeling + 70 dagen) klaar was",
                "Of the Onderzoeken completed in the period, the share within the term (triage completion + 70 days)",
            ),
            TERM_REF,
        ),
        col(
            "onderzoek_intake",
            Count,
            t(
                "Naar Onderzoek, voor termijn naar instroom",
                "Routed to Onderzoek, for the term by intake",
            ),
            t(
                "Zaken waarvan de beoordeling in de periode klaar was en die naar Onderzoek gingen, met een termijn binnen de horizon",
                "Cases triaged in the period and routed to Onderzoek, with a deadline within the horizon",
            ),
            TERM_REF,
        ),
        row(
            "onderzoek_within_term_intake",
            Share,
            t(
                "Van die zaken het deel waarvan het Onderzoek op of voor de termijn klaar was",
                "Of those cases, the share whose Onderzoek completed on or before the deadline",
            ),
            TERM_REF,
        ),
        col(
            "direct_transfer",
            Count,
            t("Direct overgedragen", "Transferred directly"),
            t(
                "Zaken die na de veiligheidsbeoordeling in de periode direct zijn overgedragen",
                "Cases transferred directly at a triage completion in the period",
            ),
            KPI_REF,
        ),
        col(
            "no_action",
            Count,
            t("Geen vervolg", "No further action"),
            t(
                "Zaken zonder vervolg na de veiligheidsbeoordeling in de periode",
                "Cases closed without further action at a triage completion in the period",
            ),
            KPI_REF,
        ),
        col(
            "monitoring_contacts_done",
            Count,
            t(
                "Monitoringcontacten afgerond",
                "Monitoring contacts completed",
            ),
            t(
                "Monitoringcontacten afgerond in de periode",
                "Monitoring contacts completed in the period",
            ),
            "docs/model.md §4.5, §10.4",
        ),
        col(
            "monitoring_contacts_due",
            Count,
            t("Monitoringcontacten vervallen", "Monitoring contacts due"),
            t(
                "Monitoringcontacten waarvan de uiterste datum (vervaldag + coulance) in de periode valt",
                "Monitoring contacts whose grace limit (due day + grace days) falls in the period",
            ),
            "docs/model.md §4.5, §10.4",
        ),
        col(
            "monitoring_contacts_late",
            Count,
            t("Monitoringcontacten te laat", "Monitoring contacts late"),
            t(
                "Van die contacten het aantal dat niet voor de uiterste datum klaar was",
                "Of those contacts, the number not completed by the grace limit",
            ),
            "docs/model.md §4.5, §10.4",
        ),
        col(
            "triage_lead_days_p50",
            Days,
            t(
                "Doorlooptijd veiligheidsbeoordeling, mediaan",
                "Triage lead time, median",
            ),
            t(
                "Mediaan van de kalenderdagen van ontvangst tot afronding van de beoordeling, over de in de periode afgeronde beoordelingen",
                "Median of the calendar days from receipt to triage completion, over the triages completed in the period",
            ),
            KPI_REF,
        ),
        col(
            "triage_lead_days_p90",
            Days,
            t(
                "Doorlooptijd veiligheidsbeoordeling, 90e percentiel",
                "Triage lead time, 90th percentile",
            ),
            t(
                "90e percentiel van dezelfde doorlooptijd",
                "90th percentile of the same lead time",
            ),
            KPI_REF,
        ),
        col(
            "service_lead_days_p50",
            Days,
            t("Doorlooptijd dienst, mediaan", "Service lead time, median"),
            t(
                "Mediaan van de kalenderdagen van afronding van de beoordeling tot afronding van de dienst, over de in de periode afgeronde diensten",
                "Median of the calendar days from triage completion to service completion, over the services completed in the period",
            ),
            KPI_REF,
        ),
        col(
            "service_lead_days_p90",
            Days,
            t(
                "Doorlooptijd dienst, 90e percentiel",
                "Service lead time, 90th percentile",
            ),
            t(
                "90e percentiel van dezelfde doorlooptijd",
                "90th percentile of the same lead time",
            ),
            KPI_REF,
        ),
        row(
            "backlog_end",
            Count,
            t(
                "Werkvoorraad (meldingen die wachten op beoordeling of dienst, nog niet gestart) op de laatste dag",
                "Backlog (meldingen waiting for triage or a service, not started) on the last day",
            ),
            KPI_REF,
        ),
        row(
            "backlog_max",
            Count,
            t(
                "Hoogste werkvoorraad over de dagen van de periode",
                "Maximum backlog over the days of the period",
            ),
            KPI_REF,
        ),
        col(
            "backlog_mean",
            Count,
            t("Gemiddelde werkvoorraad", "Mean backlog"),
            t(
                "Gemiddelde werkvoorraad over de kalenderdagen van de periode",
                "Mean backlog over the calendar days of the period",
            ),
            KPI_REF,
        ),
        col(
            "overdue_end",
            Count,
            t("Over de termijn aan het eind", "Overdue at period end"),
            t(
                "Open beoordelingen en diensten waarvan de termijn op de laatste dag verstreken is",
                "Open triage and service cases past their deadline on the last day",
            ),
            KPI_REF,
        ),
        col(
            "hours_available",
            Hours,
            t("Beschikbare uren", "Hours available"),
            t(
                "Som over de periode van de productieve uren (na mentoruren)",
                "Sum over the period of the productive hours (after mentor hours)",
            ),
            "docs/model.md §6.1, §10.4",
        ),
        col(
            "hours_crisis",
            Hours,
            t("Uren crisis", "Hours crisis"),
            t(
                "Uren besteed aan crisisinterventies en politiezaken (binnen de beschikbare uren)",
                "Hours spent on crisis and returned-to-police work (within the available hours)",
            ),
            KPI_REF,
        ),
        col(
            "hours_advice",
            Hours,
            t("Uren advies", "Hours advice"),
            t("Uren besteed aan adviezen", "Hours spent on adviezen"),
            KPI_REF,
        ),
        col(
            "hours_triage",
            Hours,
            t("Uren veiligheidsbeoordeling", "Hours triage"),
            t(
                "Uren besteed aan veiligheidsbeoordelingen",
                "Hours spent on triage",
            ),
            KPI_REF,
        ),
        col(
            "hours_service",
            Hours,
            t("Uren diensten", "Hours services"),
            t(
                "Uren besteed aan V&V en Onderzoek",
                "Hours spent on V&V and Onderzoek",
            ),
            KPI_REF,
        ),
        col(
            "hours_monitoring",
            Hours,
            t("Uren monitoring", "Hours monitoring"),
            t(
                "Uren besteed aan monitoringcontacten",
                "Hours spent on monitoring contacts",
            ),
            KPI_REF,
        ),
        col(
            "overtime_hours",
            Hours,
            t("Overuren", "Overtime hours"),
            t(
                "Uren crisis- en politiewerk boven de beschikbare uren",
                "Crisis and returned-to-police hours beyond the available hours",
            ),
            "docs/model.md §4.4, §10.4",
        ),
        col(
            "open_triage_end",
            Count,
            t(
                "Open beoordelingen aan het eind",
                "Open triages at period end",
            ),
            t(
                "Meldingen ontvangen tot de laatste dag waarvan de beoordeling dan nog niet klaar was",
                "Meldingen received by the last day whose triage had not completed by then",
            ),
            KPI_REF,
        ),
        col(
            "open_service_end",
            Count,
            t("Open diensten aan het eind", "Open services at period end"),
            t(
                "Diensten waarvan de beoordeling tot de laatste dag klaar was en die dan nog niet klaar waren",
                "Services triaged by the last day and not completed by then",
            ),
            KPI_REF,
        ),
        col(
            "open_monitoring_end",
            Count,
            t(
                "Monitoringzaken aan het eind",
                "Monitoring caseload at period end",
            ),
            t(
                "Zaken in monitoring op de laatste dag",
                "Monitoring caseload on the last day",
            ),
            KPI_REF,
        ),
        col(
            "oldest_open_triage_days",
            Days,
            t("Oudste open beoordeling", "Oldest open triage"),
            t(
                "Leeftijd van de oudste open beoordeling aan het eind: kalenderdagen sinds ontvangst",
                "Age of the oldest open triage at period end: calendar days since receipt",
            ),
            KPI_REF,
        ),
        col(
            "oldest_open_service_days",
            Days,
            t("Oudste open dienst", "Oldest open service"),
            t(
                "Leeftijd van de oudste open dienst aan het eind: kalenderdagen sinds afronding van de beoordeling",
                "Age of the oldest open service at period end: calendar days since triage completion",
            ),
            KPI_REF,
        ),
        col(
            "employed_fte_mean",
            Fte,
            t("In dienst (gemiddeld)", "Employed (mean)"),
            t(
                "Gemiddelde van de FTE in dienst over de kalenderdagen van de periode",
                "Mean of the employed FTE over the calendar days of the period",
            ),
            KPI_REF,
        ),
        col(
            "sick_fte_mean",
            Fte,
            t("Ziek (gemiddeld)", "Sick (mean)"),
            t(
                "Gemiddelde van de zieke FTE over de kalenderdagen van de periode",
                "Mean of the sick FTE over the calendar days of the period",
            ),
            KPI_REF,
        ),
        col(
            "absence_share",
            Share,
            t("Verzuimpercentage", "Absence rate"),
            t(
                "Gerealiseerd verzuim, gewogen naar FTE: som van de zieke FTE gedeeld door som van de FTE in dienst",
                "Realised absence, weighted by FTE: sum of sick FTE over the sum of employed FTE",
            ),
            "docs/model.md §6.3, §10.4",
        ),
        col(
            "spells_per_person_year",
            PerPersonYear,
            t(
                "Ziekmeldingen per persoonsjaar",
                "Sickness spells per person-year",
            ),
            t(
                "Ziekmeldingen in de periode gedeeld door de persoonsjaren in dienst (per persoon, niet per FTE)",
                "Sickness spells started in the period over the person-years employed (per head, not per FTE)",
            ),
            "docs/model.md §6.3, §10.4",
        ),
        col(
            "resignations_per_person_year",
            PerPersonYear,
            t("Verloop per persoonsjaar", "Resignations per person-year"),
            t(
                "Ontslagnemingen in de periode gedeeld door de persoonsjaren in dienst",
                "Resignations in the period over the person-years employed",
            ),
            "docs/model.md §6.4, §10.4",
        ),
        col(
            "hires",
            Count,
            t("Nieuwe medewerkers", "Hires"),
            t(
                "Vacatures vervuld in de periode",
                "Vacancies filled in the period",
            ),
            "docs/model.md §6.5, §10.4",
        ),
        col(
            "mean_vacancy_days",
            Days,
            t("Gemiddelde vacatureduur", "Mean vacancy duration"),
            t(
                "Gemiddelde dagen van opening tot vervulling, over de in de periode vervulde vacatures",
                "Mean days from opening to filling, over the vacancies filled in the period",
            ),
            "docs/model.md §6.5, §10.4",
        ),
        col(
            "waiting_triage_end",
            Count,
            t(
                "Wacht op beoordeling aan het eind",
                "Waiting for triage at period end",
            ),
            t(
                "Meldingen die op de laatste dag wachten op een beoordeling die nog niet gestart is",
                "Meldingen waiting for a triage not started on the last day",
            ),
            KPI_REF,
        ),
        col(
            "waiting_service_end",
            Count,
            t(
                "Wacht op dienst aan het eind",
                "Waiting for a service at period end",
            ),
            t(
                "Zaken die op de laatste dag wachten op een dienst die nog niet gestart is",
                "Cases waiting for a service not started on the last day",
            ),
            KPI_REF,
        ),
        col(
            "advice_open_end",
            Count,
            t("Open adviezen aan het eind", "Open adviezen at period end"),
            t(
                "Adviezen open (wachtend of in behandeling) op de laatste dag",
                "Adviezen open (waiting or in progress) on the last day",
            ),
            KPI_REF,
        ),
        col(
            "advice_open_max",
            Count,
            t("Hoogste aantal open adviezen", "Maximum open adviezen"),
            t(
                "Hoogste aantal open adviezen over de dagen van de periode",
                "Maximum of the open adviezen over the days of the period",
            ),
            KPI_REF,
        ),
        col(
            "resignations",
            Count,
            t("Ontslagnemingen", "Resignations"),
            t(
                "Ontslagnemingen in de periode (het aantal naast het verloop per persoonsjaar)",
                "Resignations in the period (the count beside the rate)",
            ),
            "docs/model.md §6.4, §10.4",
        ),
        col(
            "transferred_out",
            Count,
            t("Overgedragen aan een andere organisatie", "Transferred out"),
            t(
                "Meldingen overgedragen aan een andere organisatie door een maatregel transfer_backlog",
                "Meldingen handed to another organisation by a transfer_backlog measure",
            ),
            "docs/model.md §14, §10.4",
        ),
        col(
            "measure_cost",
            Euro,
            t("Kosten van maatregelen", "Cost of measures"),
            t(
                "Kosten van alle maatregelen over de kalenderdagen van de periode (kosten per jaar / 365 per actieve dag)",
                "Cost of all measures over the period's calendar days (cost per year / 365 per active day)",
            ),
            "docs/model.md §14, §10.4",
        ),
    ]
};

/// Every daily series, in the order of [`crate::engine::SERIES`].
pub const SERIES_COLUMNS: [Column; 26] = {
    use Unit::*;
    const R: &str = SERIES_REF;
    [
        col(
            "backlog",
            Count,
            t("Werkvoorraad", "Backlog"),
            t(
                "Wacht op beoordeling plus wacht op dienst (nog niet gestart), eind van de dag",
                "Waiting for triage plus waiting for a service (not started), end of day",
            ),
            R,
        ),
        col(
            "backlog_triage",
            Count,
            t("Wacht op veiligheidsbeoordeling", "Waiting for triage"),
            t(
                "Meldingen die wachten op een beoordeling die nog niet gestart is (spoed en regulier)",
                "Meldingen waiting for a triage not started (urgent and regular)",
            ),
            R,
        ),
        col(
            "backlog_service",
            Count,
            t("Wacht op een dienst", "Waiting for a service"),
            t(
                "V&V- en Onderzoekzaken die wachten op een dienst die nog niet gestart is",
                "V&V and Onderzoek cases waiting for a service not started",
            ),
            R,
        ),
        col(
            "wip_triage",
            Count,
            t("Beoordelingen in behandeling", "Triages in progress"),
            t(
                "Veiligheidsbeoordelingen gestart en nog niet afgerond",
                "Triages started and not completed",
            ),
            R,
        ),
        col(
            "wip_service",
            Count,
            t("Diensten in behandeling", "Services in progress"),
            t(
                "Diensten gestart en nog niet afgerond",
                "Services started and not completed",
            ),
            R,
        ),
        col(
            "overdue",
            Count,
            t("Over de termijn", "Overdue"),
            t(
                "Open beoordelingen en diensten waarvan de termijn op of voor vandaag valt",
                "Open triage and service cases whose deadline is on or before today",
            ),
            R,
        ),
        col(
            "at_risk",
            Count,
            t("Dreigt over de termijn te gaan", "At risk"),
            t(
                "Open zaken waarvan de termijn binnen at_risk_days werkdagen valt",
                "Open cases whose deadline falls within at_risk_days working days",
            ),
            R,
        ),
        col(
            "monitoring_caseload",
            Count,
            t("Zaken in monitoring", "Monitoring caseload"),
            t(
                "Zaken met nog minstens één monitoringcontact te doen",
                "Cases with at least one monitoring contact still to complete",
            ),
            R,
        ),
        col(
            "advice_open",
            Count,
            t("Open adviezen", "Open adviezen"),
            t(
                "Adviezen wachtend of in behandeling (geen deel van de werkvoorraad)",
                "Adviezen waiting or in progress (not part of the backlog)",
            ),
            R,
        ),
        col(
            "open_cases",
            Count,
            t("Open zaken", "Open cases"),
            t(
                "Open beoordelingen en diensten plus de zaken in monitoring",
                "Open triage and service cases plus the monitoring caseload",
            ),
            R,
        ),
        col(
            "employed_fte",
            Fte,
            t("In dienst", "Employed"),
            t(
                "FTE van de medewerkers in dienst (ook wie opgezegd heeft)",
                "FTE of the members employed (those on notice included)",
            ),
            R,
        ),
        col(
            "present_fte",
            Fte,
            t("Aanwezig", "Present"),
            t(
                "FTE van de medewerkers in dienst die niet ziek zijn",
                "FTE of the employed members who are not sick",
            ),
            R,
        ),
        col(
            "sick_fte",
            Fte,
            t("Ziek (verzuim)", "Sick (absence)"),
            t(
                "FTE van de medewerkers in dienst die vandaag ziek zijn",
                "FTE of the employed members who are sick today",
            ),
            R,
        ),
        col(
            "onboarding_fte",
            Fte,
            t("In inwerkperiode", "Onboarding"),
            t(
                "FTE van de medewerkers die korter dan onboarding.days dagen in dienst zijn",
                "FTE of the members hired less than onboarding.days days ago",
            ),
            R,
        ),
        col(
            "vacancy_fte",
            Fte,
            t("Open vacatures", "Open vacancies"),
            t("FTE van de open vacatures", "FTE of the open vacancies"),
            R,
        ),
        col(
            "budget_fte",
            Fte,
            t("Formatie", "Budget (formatie)"),
            t("De formatie die geldt", "The budget (formatie) in force"),
            R,
        ),
        col(
            "on_notice_fte",
            Fte,
            t("In opzegtermijn", "On notice"),
            t(
                "FTE van de medewerkers die opgezegd hebben en hun opzegtermijn werken",
                "FTE of the members who resigned and work their notice",
            ),
            R,
        ),
        col(
            "hours_available",
            Hours,
            t("Beschikbare uren", "Hours available"),
            t(
                "Productieve uren van de dag, na mentoruren (0 op niet-werkdagen)",
                "Productive hours of the day, after mentor hours (0 on non-working days)",
            ),
            "docs/model.md §6.1, §10.1",
        ),
        col(
            "hours_crisis",
            Hours,
            t("Uren crisis", "Hours crisis"),
            t(
                "Uren crisis- en politiewerk van de dag (hoogstens de beschikbare uren)",
                "Hours of crisis and returned-to-police work of the day (at most the available hours)",
            ),
            R,
        ),
        col(
            "hours_advice",
            Hours,
            t("Uren advies", "Hours advice"),
            t(
                "Uren besteed aan adviezen die dag",
                "Hours spent on adviezen that day",
            ),
            R,
        ),
        col(
            "hours_triage",
            Hours,
            t("Uren veiligheidsbeoordeling", "Hours triage"),
            t(
                "Uren besteed aan beoordelingen die dag",
                "Hours spent on triage that day",
            ),
            R,
        ),
        col(
            "hours_service",
            Hours,
            t("Uren diensten", "Hours services"),
            t(
                "Uren besteed aan V&V en Onderzoek die dag",
                "Hours spent on V&V and Onderzoek that day",
            ),
            R,
        ),
        col(
            "hours_monitoring",
            Hours,
            t("Uren monitoring", "Hours monitoring"),
            t(
                "Uren besteed aan monitoring die dag",
                "Hours spent on monitoring that day",
            ),
            R,
        ),
        col(
            "overtime_hours",
            Hours,
            t("Overuren", "Overtime hours"),
            t(
                "Uren crisis- en politiewerk boven de beschikbare uren",
                "Crisis and returned-to-police hours beyond the available hours",
            ),
            R,
        ),
        col(
            "pressure",
            Share,
            t("Werkdruk", "Pressure"),
            t(
                "Over de termijn gedeeld door open beoordelingen en diensten (0 als er geen open zijn)",
                "Overdue over open triage and service cases (0 when none is open)",
            ),
            "docs/model.md §6.3, §10.1",
        ),
        col(
            "temporary_fte",
            Fte,
            t("Tijdelijke inzet", "Temporary staff"),
            t(
                "FTE van tijdelijke krachten aan het werk (maatregel temporary_staff), buiten de formatie",
                "FTE of temporary staff at work (temporary_staff measures), outside the budget",
            ),
            "docs/model.md §14, §10.1",
        ),
    ]
};

/// The columns that say which run and window a row of `runs.csv` is.
pub const RUN_KEYS: [Column; 5] = {
    use Unit::*;
    [
        col(
            "run",
            Count,
            t("Doorrekening", "Run"),
            t(
                "Nummer van de doorrekening (replicatie), vanaf 0; trekt uit de stromen (seed, nummer)",
                "Number of the replication, from 0; draws from the streams (seed, number)",
            ),
            "docs/model.md §12",
        ),
        col(
            "period",
            Text,
            t("Periode", "Period"),
            t(
                "Label van de periode: horizon, 2025, 2025-Q1, 2025-03, een rapportageperiode of een waarnemingsvenster",
                "Label of the window: horizon, 2025, 2025-Q1, 2025-03, a reporting period or an observation window",
            ),
            PERIOD_REF,
        ),
        col(
            "kind",
            Text,
            t("Soort periode", "Kind of period"),
            t(
                "horizon, year, quarter, month, reporting of observation; tel nooit verschillende soorten bij elkaar op (de horizon van één jaar is dat jaar)",
                "horizon, year, quarter, month, reporting or observation; never add up different kinds (a one-year horizon is that year)",
            ),
            PERIOD_REF,
        ),
        col(
            "start",
            Date,
            t("Begin", "Start"),
            t("Eerste dag van de periode", "First day of the window"),
            PERIOD_REF,
        ),
        col(
            "end",
            Date,
            t("Eind", "End"),
            t(
                "Laatste dag van de periode (ingekort tot de horizon)",
                "Last day of the window (clipped to the horizon)",
            ),
            PERIOD_REF,
        ),
    ]
};

/// The columns of `daily.csv`: date, series, then the statistics across runs.
pub const DAILY_COLUMNS: [Column; 10] = {
    use Unit::*;
    const W: crate::report::labels::Text = t(
        "Percentiel over de doorrekeningen (type 7), per dag; eenheid die van de reeks",
        "Percentile across runs (type 7), per day; in the unit of the series",
    );
    [
        col(
            "date",
            Date,
            t("Datum", "Date"),
            t("Dag van de horizon", "Day of the horizon"),
            SERIES_REF,
        ),
        col(
            "series",
            Text,
            t("Reeks", "Series"),
            t(
                "Naam van de dagreeks (zie de reeksen hieronder)",
                "Name of the daily series (see the series below)",
            ),
            SERIES_REF,
        ),
        col(
            "mean",
            OfRow,
            t("Gemiddelde", "Mean"),
            t(
                "Gemiddelde over de doorrekeningen, per dag; eenheid die van de reeks",
                "Mean across runs, per day; in the unit of the series",
            ),
            ACROSS_REF,
        ),
        col("p5", OfRow, t("P5", "P5"), W, ACROSS_REF),
        col("p10", OfRow, t("P10", "P10"), W, ACROSS_REF),
        col("p25", OfRow, t("P25", "P25"), W, ACROSS_REF),
        col(
            "p50",
            OfRow,
            t("Mediaan (P50)", "Median (P50)"),
            W,
            ACROSS_REF,
        ),
        col("p75", OfRow, t("P75", "P75"), W, ACROSS_REF),
        col("p90", OfRow, t("P90", "P90"), W, ACROSS_REF),
        col("p95", OfRow, t("P95", "P95"), W, ACROSS_REF),
    ]
};

/// The columns of `kpis.csv` (the report's KPI table, one row per KPI and
/// window) beyond the window's `period`, `kind`, `start` and `end`.
pub const KPI_TABLE_COLUMNS: [Column; 9] = {
    use Unit::*;
    [
        col(
            "kpi",
            Text,
            t("Code", "Code"),
            t(
                "Naam van de indicator in runs.csv en summary.json",
                "Name of the KPI in runs.csv and summary.json",
            ),
            KPI_REF,
        ),
        col(
            "label",
            Text,
            t("Indicator", "Indicator"),
            t(
                "De regel van de tabel Kerncijfers in het rapport",
                "The row of the report's key figures table",
            ),
            ACROSS_REF,
        ),
        col(
            "median",
            OfRow,
            t("Mediaan", "Median"),
            t(
                "Mediaan over de doorrekeningen waarin de indicator bepaald is; eenheid die van de indicator",
                "Median across the runs in which the KPI is defined; in the KPI's unit",
            ),
            ACROSS_REF,
        ),
        col(
            "p5",
            OfRow,
            t("Ondergrens 90%-band (P5)", "Lower end of the 90% band (P5)"),
            t(
                "5e percentiel over de doorrekeningen (type 7)",
                "5th percentile across the runs (type 7)",
            ),
            ACROSS_REF,
        ),
        col(
            "p95",
            OfRow,
            t(
                "Bovengrens 90%-band (P95)",
                "Upper end of the 90% band (P95)",
            ),
            t(
                "95e percentiel over de doorrekeningen (type 7)",
                "95th percentile across the runs (type 7)",
            ),
            ACROSS_REF,
        ),
        col(
            "mean",
            OfRow,
            t("Gemiddelde", "Mean"),
            t("Gemiddelde over de doorrekeningen", "Mean across the runs"),
            ACROSS_REF,
        ),
        col(
            "norm",
            Share,
            t("Norm", "Norm"),
            t(
                "Laagste aandeel binnen termijn dat de norm haalt (beoordeling 95%, Onderzoek 85%); leeg zonder norm",
                "Lowest within-term share that meets the norm (triage 95%, Onderzoek 85%); empty without a norm",
            ),
            ACROSS_REF,
        ),
        col(
            "p_norm",
            Share,
            t(
                "Kans dat de norm wordt gehaald",
                "Chance of meeting the norm",
            ),
            t(
                "Aandeel van de doorrekeningen (waar bepaald) dat de norm haalt",
                "Share of the runs (where defined) meeting the norm",
            ),
            ACROSS_REF,
        ),
        col(
            "small_numbers",
            Count,
            t("Kleine aantallen", "Small numbers"),
            t(
                "1 als het aandeel over minder dan 30 zaken gaat in de middelste doorrekening (in het rapport gemarkeerd met *), anders 0",
                "1 when the share is over fewer than 30 cases in the median run (marked * in the report), else 0",
            ),
            PERIOD_REF,
        ),
    ]
};

/// The columns of the inputs sheet of `results.xlsx`.
pub const INPUT_COLUMNS: [Column; 2] = [
    col(
        "parameter",
        Unit::Text,
        t("Parameter", "Parameter"),
        t(
            "Sleutel van het doorgerekende scenario (scenario.resolved.toml, met alle standaardwaarden), of een gegeven van de run",
            "Key of the simulated scenario (scenario.resolved.toml, defaults included), or a fact of the run",
        ),
        "docs/scenario-format.md",
    ),
    col(
        "value",
        Unit::OfRow,
        t("Waarde", "Value"),
        t(
            "De waarde: een getal als getal, anders de tekst zoals in het scenariobestand",
            "The value: a number as a number, else the text as in the scenario file",
        ),
        "docs/scenario-format.md",
    ),
];

const UNCERTAIN_REF: &str = "docs/model.md §12";
const SHARES_REF: &str = "docs/model.md, Uncertain inputs";

/// The share of a driver KPI's variance (a column of [`UNCERTAIN_COLUMNS`]).
const fn share(name: &'static str, label: Text, kpi: Text) -> Column {
    col(name, Unit::Share, label, kpi, SHARES_REF)
}

/// The columns of the uncertain-inputs sheet of `results.xlsx`, one row per
/// input: the `uncertain_inputs.inputs` of `summary.json`, named by their
/// JSON keys (`share_of_variance.<kpi>` for each of
/// [`crate::uncertain::DRIVER_KPIS`], in that order).
pub const UNCERTAIN_COLUMNS: [Column; 12] = {
    use Unit::*;
    [
        col(
            "path",
            Text,
            t("Invoer", "Input"),
            t(
                "Sleutelpad van de onzekere invoer in het scenario; de naam van haar kolom in draws.csv",
                "Key path of the uncertain input in the scenario; the name of its column in draws.csv",
            ),
            "docs/scenario-format.md",
        ),
        col(
            "distribution",
            Text,
            t("Verdeling", "Distribution"),
            t(
                "triangular (driehoek: low, mode, high) of uniform (low, high)",
                "triangular (low, mode, high) or uniform (low, high)",
            ),
            UNCERTAIN_REF,
        ),
        col(
            "low",
            OfInput,
            t("Laagste waarde", "Lowest value"),
            t("Ondergrens van de bandbreedte", "Lower end of the range"),
            "docs/scenario-format.md",
        ),
        col(
            "mode",
            OfInput,
            t("Meest waarschijnlijke waarde", "Most likely value"),
            t(
                "Top van de driehoeksverdeling; leeg bij een uniforme",
                "Peak of the triangular distribution; empty for a uniform one",
            ),
            "docs/scenario-format.md",
        ),
        col(
            "high",
            OfInput,
            t("Hoogste waarde", "Highest value"),
            t("Bovengrens van de bandbreedte", "Upper end of the range"),
            "docs/scenario-format.md",
        ),
        col(
            "point",
            OfInput,
            t("Puntwaarde", "Point value"),
            t(
                "De waarde van het basisscenario (describe, aannames): de mode, of het midden van een uniforme bandbreedte",
                "The value of the base scenario (describe, assumptions): the mode, or the midpoint of a uniform range",
            ),
            SHARES_REF,
        ),
        col(
            "drawn_mean",
            OfInput,
            t("Gemiddelde trekking", "Mean of the draws"),
            t(
                "Gemiddelde van de getrokken waarden over de doorrekeningen (draws.csv)",
                "Mean of the values drawn across the runs (draws.csv)",
            ),
            UNCERTAIN_REF,
        ),
        col(
            "drawn_sd",
            OfInput,
            t("Standaardafwijking trekking", "SD of the draws"),
            t(
                "Standaardafwijking van de getrokken waarden (n − 1); leeg bij één doorrekening",
                "Standard deviation of the values drawn (n − 1); empty for a single run",
            ),
            UNCERTAIN_REF,
        ),
        share(
            "share_of_variance.triage_within_term",
            t(
                "Verklaard: veiligheidsbeoordeling binnen termijn",
                "Explained: safety assessment within term",
            ),
            t(
                "Aandeel van de variantie over de doorrekeningen van triage_within_term over de hele horizon dat deze invoer lineair verklaart (kwadraat van de correlatie); een invoer zonder effect komt door toeval op ongeveer 1/(n − 1)",
                "Share of the variance across runs of triage_within_term over the whole horizon explained linearly by this input (squared correlation); an input with no effect shows about 1/(n − 1) by chance",
            ),
        ),
        share(
            "share_of_variance.vv_within_term",
            t(
                "Verklaard: Voorwaarden & Vervolg binnen termijn",
                "Explained: V&V within term",
            ),
            t(
                "Als hiervoor, voor vv_within_term",
                "As before, for vv_within_term",
            ),
        ),
        share(
            "share_of_variance.onderzoek_within_term",
            t(
                "Verklaard: Onderzoek binnen termijn",
                "Explained: Onderzoek within term",
            ),
            t(
                "Als hiervoor, voor onderzoek_within_term",
                "As before, for onderzoek_within_term",
            ),
        ),
        share(
            "share_of_variance.backlog_end",
            t(
                "Verklaard: werkvoorraad aan het eind",
                "Explained: backlog at the end",
            ),
            t(
                "Als hiervoor, voor backlog_end (de werkvoorraad aan het eind van de horizon)",
                "As before, for backlog_end (the backlog at the end of the horizon)",
            ),
        ),
    ]
};

/// A column of `draws.csv` and of the draws sheet named at run time: one
/// per uncertain input, by its key path.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawColumn {
    /// The key path (the CSV header; also the sheet's).
    pub name: String,
    /// What it holds, in the language of the dictionary.
    pub meaning: String,
}

/// The column of `input` in `draws.csv` and the draws sheet.
pub fn draw_column(input: &crate::scenario::UncertainInput, l: Locale) -> DrawColumn {
    use crate::report::uncertainty::{U_TRIANGULAR, U_UNIFORM, bound};
    let (low, high) = (bound(input.low, l), bound(input.high, l));
    let range = match input.mode {
        Some(m) => l.fill(
            U_TRIANGULAR,
            &[("low", &low), ("mode", &bound(m, l)), ("high", &high)],
        ),
        None => l.fill(U_UNIFORM, &[("low", &low), ("high", &high)]),
    };
    DrawColumn {
        name: input.path.clone(),
        meaning: l.fill(
            t(
                "De waarde die deze onzekere invoer in de doorrekening trok, uit de bandbreedte {range}",
                "The value this uncertain input drew in the run, from the range {range}",
            ),
            &[("range", &range)],
        ),
    }
}

/// The reference of the draws' columns.
pub const DRAW_REF: &str = UNCERTAIN_REF;

/// A column of any table by name, looked up in `tables` in order.
pub fn find<'a>(tables: &[&'a [Column]], name: &str) -> Option<&'a Column> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|c| c.name == name)
}

/// The KPI of `name`, if there is one.
pub fn kpi(name: &str) -> Option<&'static Column> {
    KPI_COLUMNS.iter().find(|c| c.name == name)
}

/// The daily series of `name`, if there is one.
pub fn series(name: &str) -> Option<&'static Column> {
    SERIES_COLUMNS.iter().find(|c| c.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_and_series_is_described_in_order() {
        let kpis: Vec<&str> = KPI_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(kpis, crate::metrics::KPIS);
        let series: Vec<&str> = SERIES_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(series, crate::engine::SERIES);
        for c in KPI_COLUMNS
            .iter()
            .chain(&SERIES_COLUMNS)
            .chain(&RUN_KEYS)
            .chain(&DAILY_COLUMNS)
            .chain(&KPI_TABLE_COLUMNS)
            .chain(&INPUT_COLUMNS)
            .chain(&UNCERTAIN_COLUMNS)
        {
            let l = c.label();
            assert!(!l.nl.is_empty() && !l.en.is_empty(), "{}", c.name);
            assert_ne!(l.nl, c.name, "{} has no readable name", c.name);
            assert!(!c.meaning.nl.is_empty() && !c.meaning.en.is_empty());
            assert!(c.reference.starts_with("docs/"), "{}", c.name);
        }
        // The KPIs of the report's table take its row labels.
        for (k, label) in KPI_ROWS {
            assert_eq!(kpi(k).unwrap().label(), label);
        }
    }

    #[test]
    fn the_uncertain_columns_follow_the_driver_kpis() {
        let shares: Vec<&str> = UNCERTAIN_COLUMNS
            .iter()
            .filter_map(|c| c.name.strip_prefix("share_of_variance."))
            .collect();
        assert_eq!(shares, crate::uncertain::DRIVER_KPIS);
    }

    #[test]
    fn shares_are_named_as_shares() {
        for c in &KPI_COLUMNS {
            let share = c.name.contains("within_term") || c.name.ends_with("_share");
            assert_eq!(share, c.unit == Unit::Share, "{}", c.name);
        }
    }
}
