//! The appendix "Aannames" of `report.html`: every parameter of the resolved
//! scenario under a readable name, grouped by section, with its value
//! written the way the report's language writes numbers, dates and choices.
//!
//! A name is composed from the parts of the key (`workforce.absence.rate`
//! → section *Personeel*, name *verzuim: percentage*), each part from
//! [`PARTS`]; a key with a name of its own is in [`NAMES`]. A part without
//! a translation is shown as it is, so a new parameter is never hidden,
//! only less readable. The technical key stays beside the name (in the
//! appendix only), for whoever edits the scenario file.

use super::html::{assumptions as flat, esc};
use super::labels::{Locale, OBSERVABLE_NAMES, Text};

const fn t(nl: &'static str, en: &'static str) -> Text {
    Text { nl, en }
}

/// One group of the appendix: a section of the scenario file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Group {
    /// The section's heading.
    pub title: String,
    /// Name, value and technical key of each parameter.
    pub rows: Vec<(String, String, String)>,
}

/// The sections of the scenario file, in the order of the appendix.
const SECTIONS: [(&str, Text); 13] = [
    ("", t("Algemeen", "General")),
    ("inflow", t("Instroom", "Inflow")),
    (
        "pathway",
        t("Route van een melding", "Pathway of a melding"),
    ),
    ("stages", t("Werk per fase", "Work per stage")),
    ("effort", t("Inzet per zaak", "Effort per case")),
    ("workforce", t("Personeel", "Workforce")),
    (
        "policy",
        t("Verdeling van de uren", "Allocation of the hours"),
    ),
    ("holidays", t("Feestdagen", "Public holidays")),
    ("initial", t("Beginstand", "Initial state")),
    ("measures", t("Maatregelen", "Measures")),
    ("observations", t("Waargenomen cijfers", "Observed figures")),
    ("reporting", t("Rapportageperiodes", "Reporting periods")),
    ("metrics", t("Meetinstellingen", "Measurement settings")),
];

/// Keys with a name of their own (the whole key, indices as `[]`).
const NAMES: [(&str, Text); 40] = [
    ("name", t("Korte naam", "Short name")),
    ("title", t("Titel", "Title")),
    (
        "language",
        t("Taal van het rapport", "Language of the report"),
    ),
    ("start", t("Eerste dag", "First day")),
    ("end", t("Laatste dag", "Last day")),
    (
        "warmup_days",
        t(
            "Inloopperiode (dagen, niet meegeteld)",
            "Warm-up (days, not counted)",
        ),
    ),
    ("extends", t("Gebaseerd op scenario", "Based on scenario")),
    (
        "measures_replace",
        t(
            "Maatregelen vervangen die van het basisscenario",
            "Measures replace those of the base scenario",
        ),
    ),
    (
        "effort.norm_share",
        t(
            "Uren per zaak als deel van de normuren (gekalibreerd)",
            "Hours per case as a share of the norm hours (calibrated)",
        ),
    ),
    (
        "effort.pressure_elasticity",
        t(
            "Aanpassing van de inzet aan de werkdruk",
            "Adjustment of effort to pressure",
        ),
    ),
    (
        "effort.floor",
        t(
            "Laagste inzet onder werkdruk (deel van de normuren)",
            "Lowest effort under pressure (share of the norm hours)",
        ),
    ),
    (
        "pathway.crisis_share",
        t("Deel crisismeldingen", "Share of crisis meldingen"),
    ),
    (
        "pathway.returned_share",
        t("Deel teruggelegde meldingen", "Share of returned meldingen"),
    ),
    (
        "pathway.urgent_share",
        t("Deel spoedeisende meldingen", "Share of urgent meldingen"),
    ),
    (
        "pathway.triage_term_working_days",
        t(
            "Wettelijke termijn veiligheidsbeoordeling (werkdagen)",
            "Legal term of the safety assessment (working days)",
        ),
    ),
    (
        "pathway.service_term_days",
        t(
            "Wettelijke termijn Voorwaarden & Vervolg en Onderzoek (dagen)",
            "Legal term of V&V and Onderzoek (days)",
        ),
    ),
    (
        "pathway.routes.direct_transfer",
        t("Route: direct overgedragen", "Route: transferred directly"),
    ),
    (
        "pathway.routes.vv",
        t(
            "Route: Voorwaarden & Vervolg",
            "Route: Voorwaarden & Vervolg",
        ),
    ),
    (
        "pathway.routes.onderzoek",
        t("Route: Onderzoek", "Route: Onderzoek"),
    ),
    (
        "pathway.routes.no_action",
        t("Route: geen actie", "Route: no action"),
    ),
    (
        "pathway.monitoring.after_vv",
        t(
            "Monitoring na Voorwaarden & Vervolg (deel)",
            "Monitoring after V&V (share)",
        ),
    ),
    (
        "pathway.monitoring.after_onderzoek",
        t(
            "Monitoring na Onderzoek (deel)",
            "Monitoring after Onderzoek (share)",
        ),
    ),
    (
        "pathway.monitoring.offsets_days",
        t(
            "Monitoringsmomenten (dagen na afsluiting)",
            "Monitoring moments (days after closing)",
        ),
    ),
    (
        "pathway.monitoring.grace_days",
        t(
            "Speling per monitoringsmoment (dagen)",
            "Grace per monitoring moment (days)",
        ),
    ),
    (
        "workforce.fte",
        t("Formatie (FTE)", "Budget, formatie (FTE)"),
    ),
    (
        "workforce.contract_fte",
        t(
            "Gemiddelde contractomvang (FTE per persoon)",
            "Mean contract size (FTE per person)",
        ),
    ),
    (
        "workforce.hours_per_fte_day",
        t("Uren per FTE per werkdag", "Hours per FTE per working day"),
    ),
    (
        "workforce.indirect",
        t("Deel indirecte tijd", "Share of indirect time"),
    ),
    (
        "workforce.leave",
        t(
            "Vakantieverlof per maand (deel, januari t/m december)",
            "Holiday leave per month (share, January to December)",
        ),
    ),
    (
        "workforce.overtime",
        t("Overwerk (deel)", "Overtime (share)"),
    ),
    (
        "workforce.absence.rate",
        t("Verzuim: percentage", "Absence: rate"),
    ),
    (
        "workforce.absence.spells_per_year",
        t(
            "Verzuim: ziekmeldingen per persoon per jaar",
            "Absence: spells per person per year",
        ),
    ),
    (
        "workforce.absence.feedback",
        t(
            "Verzuim: toename bij hoge werkdruk",
            "Absence: increase under high pressure",
        ),
    ),
    (
        "workforce.absence.feedback_threshold",
        t(
            "Verzuim: werkdruk vanaf waar het toeneemt",
            "Absence: pressure from which it increases",
        ),
    ),
    (
        "workforce.turnover.rate",
        t(
            "Verloop per persoon per jaar",
            "Turnover per person per year",
        ),
    ),
    (
        "workforce.turnover.notice_days",
        t("Verloop: opzegtermijn (dagen)", "Turnover: notice (days)"),
    ),
    (
        "workforce.turnover.replace",
        t(
            "Verloop: vertrekkers worden vervangen",
            "Turnover: leavers are replaced",
        ),
    ),
    (
        "workforce.recruitment.mean_days",
        t(
            "Werving: gemiddelde duur (dagen)",
            "Recruitment: mean duration (days)",
        ),
    ),
    (
        "workforce.onboarding.p0",
        t(
            "Inwerken: productiviteit op de eerste dag",
            "Onboarding: productivity on the first day",
        ),
    ),
    (
        "workforce.onboarding.mentor_hours_per_week",
        t(
            "Inwerken: begeleidingsuren per week",
            "Onboarding: mentor hours per week",
        ),
    ),
];

/// Parts of keys, composed into a name with `: ` between them.
const PARTS: [(&str, Text); 89] = [
    ("inflow", t("instroom", "inflow")),
    ("meldingen", t("Meldingen", "Meldingen")),
    ("adviezen", t("Adviezen", "Adviezen")),
    ("volume", t("aantal per jaar", "number per year")),
    ("growth", t("groei per jaar", "growth per year")),
    ("arrives_on", t("komen binnen op", "arrive on")),
    ("process", t("toevalsproces", "random process")),
    (
        "season",
        t(
            "seizoensfactor per maand (januari t/m december)",
            "seasonal factor per month (January to December)",
        ),
    ),
    (
        "weekday",
        t(
            "factor per weekdag (maandag t/m zondag)",
            "factor per weekday (Monday to Sunday)",
        ),
    ),
    ("stages", t("fase", "stage")),
    ("advice", t("Advies", "Advice")),
    ("triage", t("Veiligheidsbeoordeling", "Safety assessment")),
    ("vv", t("Voorwaarden & Vervolg", "Voorwaarden & Vervolg")),
    ("onderzoek", t("Onderzoek", "Onderzoek")),
    ("monitoring", t("Monitoring", "Monitoring")),
    ("crisis", t("Crisisinterventie", "Crisis intervention")),
    ("returned", t("Teruggelegde melding", "Returned melding")),
    ("service", t("Dienst", "Service")),
    (
        "services",
        t("Wachtend op een dienst", "Waiting for a service"),
    ),
    ("hours", t("uren per zaak", "hours per case")),
    (
        "min_days",
        t("minimale doorlooptijd (dagen)", "minimum lead time (days)"),
    ),
    (
        "max_hours_per_day",
        t(
            "hoogstens uren per zaak per dag",
            "at most hours per case per day",
        ),
    ),
    ("dist", t("verdeling", "distribution")),
    ("mean", t("gemiddelde", "mean")),
    // The ends and the mode of an uncertain input (a range).
    ("low", t("onzeker, ondergrens", "uncertain, low")),
    (
        "mode",
        t("onzeker, meest waarschijnlijk", "uncertain, most likely"),
    ),
    ("high", t("onzeker, bovengrens", "uncertain, high")),
    (
        "cv",
        t(
            "spreiding (variatiecoëfficiënt)",
            "spread (coefficient of variation)",
        ),
    ),
    ("share", t("deel", "share")),
    ("rate", t("percentage", "rate")),
    ("absence", t("Verzuim", "Absence")),
    ("short", t("kort", "short")),
    ("medium", t("middellang", "medium")),
    ("long", t("lang", "long")),
    ("changes", t("wijzigingen", "changes")),
    ("turnover", t("Verloop", "Turnover")),
    ("recruitment", t("Werving", "Recruitment")),
    ("onboarding", t("Inwerken", "Onboarding")),
    ("days", t("duur (dagen)", "duration (days)")),
    ("groups", t("groep", "group")),
    ("count", t("aantal", "count")),
    ("fte", t("FTE", "FTE")),
    ("tenure_days", t("in dienst sinds (dagen)", "tenure (days)")),
    ("budget_changes", t("Formatiewijziging", "Budget change")),
    ("from", t("vanaf", "from")),
    ("to", t("tot en met", "to")),
    ("policy", t("verdeling", "allocation")),
    ("kind", t("soort", "kind")),
    ("order", t("volgorde", "order")),
    ("shares", t("deel van de uren", "share of the hours")),
    (
        "triage_order",
        t(
            "volgorde van de veiligheidsbeoordelingen",
            "order of the safety assessments",
        ),
    ),
    ("holidays", t("feestdagen", "holidays")),
    (
        "liberation_day",
        t("Bevrijdingsdag is vrij", "Liberation Day is off"),
    ),
    (
        "good_friday",
        t("Goede Vrijdag is vrij", "Good Friday is off"),
    ),
    ("add", t("extra vrije dagen", "extra days off")),
    (
        "remove",
        t("feestdagen waarop gewerkt wordt", "holidays worked"),
    ),
    ("initial", t("beginstand", "initial state")),
    (
        "age_days",
        t("al wachtend (dagen)", "already waiting (days)"),
    ),
    ("hours_spent", t("al bestede uren", "hours already spent")),
    ("route", t("route", "route")),
    (
        "closed_days_ago",
        t("afgesloten (dagen geleden)", "closed (days ago)"),
    ),
    ("measures", t("Maatregel", "Measure")),
    ("name", t("naam", "name")),
    ("start", t("start", "start")),
    ("end", t("einde", "end")),
    ("ramp_days", t("aanloop (dagen)", "ramp-up (days)")),
    (
        "cost_per_year",
        t("kosten per jaar (euro)", "cost per year (euro)"),
    ),
    ("effects", t("effect", "effect")),
    ("effect", t("soort effect", "kind of effect")),
    ("factor", t("factor", "factor")),
    ("lead_days", t("voorbereiding (dagen)", "lead time (days)")),
    (
        "mean_days",
        t("gemiddelde duur (dagen)", "mean duration (days)"),
    ),
    ("productivity", t("productiviteit", "productivity")),
    ("stage", t("fase", "stage")),
    ("stream", t("stroom", "stream")),
    ("value", t("waarde", "value")),
    (
        "dispersion",
        t(
            "spreiding per dag (negatief-binomiaal, k)",
            "dispersion per day (negative binomial, k)",
        ),
    ),
    (
        "at_risk_days",
        t(
            "zaak loopt risico vanaf (werkdagen voor de termijn)",
            "case at risk from (working days before the deadline)",
        ),
    ),
    (
        "urgent_first_days",
        t(
            "eerst wat binnen zoveel werkdagen moet starten",
            "first what must start within this many working days",
        ),
    ),
    ("observations", t("Waarneming", "Observation")),
    ("metric", t("wat", "what")),
    ("source", t("bron", "source")),
    (
        "months",
        t("ook per kalendermaand", "also per calendar month"),
    ),
    ("periods", t("Periode", "Period")),
    (
        "spells_per_year",
        t(
            "ziekmeldingen per persoon per jaar",
            "spells per person per year",
        ),
    ),
    (
        "budget",
        t("formatie aan het begin (FTE)", "budget at the start (FTE)"),
    ),
    (
        "initial_vacancies_fte",
        t(
            "vacatures aan het begin (FTE)",
            "vacancies at the start (FTE)",
        ),
    ),
    (
        "transfer_backlog",
        t("werkvoorraad overdragen", "transfer backlog"),
    ),
    ("temporary_staff", t("tijdelijke inhuur", "temporary staff")),
];

/// Values that are choices, translated.
const CHOICES: [(&str, Text); 42] = [
    ("gamma", t("gamma", "gamma")),
    ("lognormal", t("lognormaal", "lognormal")),
    ("fixed", t("vast", "fixed")),
    ("poisson", t("Poisson", "Poisson")),
    ("all_days", t("alle dagen", "all days")),
    ("working_days", t("werkdagen", "working days")),
    ("proportional", t("naar verhouding", "proportional")),
    ("priority", t("op volgorde", "by priority")),
    ("oldest_first", t("oudste eerst", "oldest first")),
    ("urgent_first", t("spoed eerst", "urgent first")),
    ("nl", t("Nederlands", "Dutch")),
    ("en", t("Engels", "English")),
    ("true", t("ja", "yes")),
    ("false", t("nee", "no")),
    ("constant", t("vast aantal per dag", "constant per day")),
    ("strict", t("strikt op volgorde", "strictly in order")),
    ("shares", t("vaste delen", "fixed shares")),
    ("newest_first", t("nieuwste eerst", "newest first")),
    (
        "inflow_scale",
        t("instroom maal een factor", "inflow times a factor"),
    ),
    (
        "route_shift",
        t("verschuiving tussen routes", "shift between routes"),
    ),
    (
        "hours_scale",
        t(
            "uren per zaak maal een factor",
            "hours per case times a factor",
        ),
    ),
    ("indirect", t("indirecte tijd", "indirect time")),
    ("overtime", t("overwerk", "overtime")),
    ("temporary_staff", t("tijdelijke inhuur", "temporary staff")),
    ("budget", t("formatie", "budget")),
    ("absence", t("verzuim", "absence")),
    ("turnover", t("verloop", "turnover")),
    ("recruitment", t("werving", "recruitment")),
    (
        "policy",
        t("verdeling van de uren", "allocation of the hours"),
    ),
    (
        "transfer_backlog",
        t("werkvoorraad overdragen", "transfer backlog"),
    ),
    (
        "direct_transfer",
        t("direct overgedragen", "transferred directly"),
    ),
    ("no_action", t("geen actie", "no action")),
    ("advice", t("advies", "advice")),
    ("triage", t("veiligheidsbeoordeling", "safety assessment")),
    ("service", t("dienst", "service")),
    ("vv", t("Voorwaarden & Vervolg", "Voorwaarden & Vervolg")),
    ("onderzoek", t("Onderzoek", "Onderzoek")),
    ("monitoring", t("monitoring", "monitoring")),
    ("crisis", t("crisisinterventie", "crisis intervention")),
    ("returned", t("teruggelegde melding", "returned melding")),
    ("meldingen", t("meldingen", "meldingen")),
    ("adviezen", t("adviezen", "adviezen")),
];

/// The readable name of a key of the resolved scenario, without its section.
pub fn name(key: &str, l: Locale) -> String {
    named(key, l).0
}

/// Whether every part of a key has a readable name (in [`NAMES`] or
/// [`PARTS`]); a key that has not is shown with its parts as they are.
pub fn is_named(key: &str) -> bool {
    named(key, Locale(crate::scenario::Language::Nl)).1
}

/// The readable name of a key and whether every part of it was known.
fn named(key: &str, l: Locale) -> (String, bool) {
    // `a[3].b` → the pattern `a[].b` and the numbers (shown 1-based).
    let mut pattern = String::new();
    let mut numbers = Vec::new();
    let mut rest = key;
    while let Some(i) = rest.find('[') {
        pattern.push_str(&rest[..i]);
        let close = rest[i..].find(']').map_or(rest.len(), |j| i + j);
        numbers.push(rest[i + 1..close].parse::<usize>().map_or(0, |n| n + 1));
        pattern.push_str("[]");
        rest = rest.get(close + 1..).unwrap_or("");
    }
    pattern.push_str(rest);
    if let Some((_, text)) = NAMES.iter().find(|(k, _)| *k == pattern) {
        return (l.t(*text).to_string(), true);
    }
    let mut known = true;
    let mut parts: Vec<&str> = pattern.split('.').collect();
    // The section is the group's heading, except for a list of its own
    // (`measures[]`, `observations[]`).
    if parts.len() > 1 && SECTIONS.iter().any(|(s, _)| *s == parts[0]) && !parts[0].contains('[') {
        parts.remove(0);
    }
    let mut numbers = numbers.into_iter();
    let words: Vec<String> = parts
        .iter()
        .map(|p| {
            let (base, indexed) = match p.strip_suffix("[]") {
                Some(b) => (b, true),
                None => (*p, false),
            };
            let base = base.trim_start_matches('.');
            let word = match PARTS.iter().find(|(k, _)| *k == base) {
                Some((_, t)) => l.t(*t).to_string(),
                // A year (`volume.2025`) or another number is its own name.
                None if base.chars().all(|c| c.is_ascii_digit()) => base.to_string(),
                None => {
                    known = false;
                    base.replace('_', " ")
                }
            };
            match (indexed, numbers.next().filter(|_| indexed)) {
                (true, Some(n)) => format!("{word} {n}"),
                _ => word,
            }
        })
        .collect();
    let mut out = words.join(": ");
    if let Some(first) = out.get(..1) {
        out = first.to_uppercase() + &out[1..];
    }
    (out, known)
}

/// A TOML value written for the report: numbers in the language's way, a
/// date in words, a choice translated, a list joined with `; `.
pub fn value(v: &toml::Value, l: Locale) -> String {
    match v {
        toml::Value::Integer(i) => l.int(*i as f64),
        toml::Value::Float(x) => {
            // As many decimals as it has (up to 6), none trailing.
            let text = format!("{x:.6}");
            let decimals = text
                .split_once('.')
                .map_or(0, |(_, f)| f.trim_end_matches('0').len());
            l.num(*x, decimals)
        }
        toml::Value::Boolean(b) => choice(if *b { "true" } else { "false" }, l),
        toml::Value::String(s) => match s.parse::<jiff::civil::Date>() {
            Ok(d) => l.date(d),
            Err(_) => choice(s, l),
        },
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(a) if a.is_empty() => l.t(t("geen", "none")).to_string(),
        toml::Value::Array(a) => a.iter().map(|x| value(x, l)).collect::<Vec<_>>().join("; "),
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, x)| format!("{k}: {}", value(x, l)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A choice or a name of the scenario file (a route, a stage, an observed
/// metric) in words; anything else as it is.
fn choice(s: &str, l: Locale) -> String {
    CHOICES
        .iter()
        .chain(OBSERVABLE_NAMES.iter())
        .find(|(k, _)| *k == s)
        .map_or_else(|| s.to_string(), |(_, t)| l.t(*t).to_string())
}

/// The appendix of a resolved scenario: its parameters by section.
pub fn groups(resolved: &toml::Table, l: Locale) -> Vec<Group> {
    let mut groups: Vec<Group> = SECTIONS
        .iter()
        .map(|(_, title)| Group {
            title: l.t(*title).to_string(),
            rows: Vec::new(),
        })
        .collect();
    for (key, _) in flat(resolved) {
        let Some(v) = lookup(resolved, &key) else {
            continue;
        };
        let head = key.split(['.', '[']).next().unwrap_or("");
        let i = SECTIONS
            .iter()
            .position(|(s, _)| *s == head && !s.is_empty())
            .unwrap_or(0);
        groups[i]
            .rows
            .push((name(&key, l), value(v, l), key.clone()));
    }
    groups.retain(|g| !g.rows.is_empty());
    groups
}

/// The value at a flattened key (`a.b[2].c`).
fn lookup<'a>(t: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let mut cur: Option<&toml::Value> = None;
    for part in key.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let next = match cur {
            None => t.get(name)?,
            Some(v) => v.get(name)?,
        };
        cur = Some(match index {
            Some(i) => next.get(i)?,
            None => next,
        });
    }
    cur
}

/// The resolved scenario as a `data:` URI, so the link works when the page
/// travels alone.
pub fn data_uri(toml_text: &str) -> String {
    let mut out = String::from("data:text/plain;charset=utf-8,");
    for b in toml_text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The appendix as HTML: a table per section.
pub fn render(groups: &[Group], l: Locale) -> String {
    let mut out = String::new();
    for g in groups {
        out.push_str(&format!(
            "<h3>{}</h3>\n<table class=\"assumptions\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(&g.title),
            esc(l.t(t("parameter", "parameter"))),
            esc(l.t(t("waarde", "value"))),
            esc(l.t(t("sleutel in het scenariobestand", "key in the scenario file"))),
        ));
        for (name, value, key) in &g.rows {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"key\"><code>{}</code></td></tr>\n",
                esc(name),
                esc(value),
                esc(key)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Language;

    const NL: Locale = Locale(Language::Nl);

    #[test]
    fn names_are_composed_from_the_parts() {
        assert_eq!(name("workforce.absence.rate", NL), "Verzuim: percentage");
        assert_eq!(
            name("stages.triage.hours.mean", NL),
            "Veiligheidsbeoordeling: uren per zaak: gemiddelde"
        );
        assert_eq!(
            name("workforce.budget_changes[0].fte", NL),
            "Formatiewijziging 1: FTE"
        );
        assert_eq!(
            name("inflow.meldingen.volume.2025", NL),
            "Meldingen: aantal per jaar: 2025"
        );
        assert_eq!(
            name("measures[1].effects[0].fte", NL),
            "Maatregel 2: effect 1: FTE"
        );
    }

    #[test]
    fn every_key_of_every_shipped_scenario_has_a_readable_name() {
        let mut missing = std::collections::BTreeSet::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.push(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/example-full.toml").into());
        for p in paths {
            let s = crate::scenario::load(Some(&p), &[]).unwrap();
            let resolved: toml::Table =
                toml::from_str(&crate::scenario::to_toml(&s).unwrap()).unwrap();
            for (key, _) in flat(&resolved) {
                if !is_named(&key) {
                    missing.insert(key);
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys without a readable name: {missing:?}"
        );
    }

    #[test]
    fn values_are_written_in_the_language() {
        assert_eq!(value(&toml::Value::Float(0.07), NL), "0,07");
        assert_eq!(value(&toml::Value::Float(5220.0), NL), "5.220");
        assert_eq!(value(&toml::Value::Boolean(true), NL), "ja");
        assert_eq!(
            value(&toml::Value::String("2026-01-01".into()), NL),
            "1 januari 2026"
        );
        assert_eq!(
            value(&toml::Value::String("all_days".into()), NL),
            "alle dagen"
        );
        assert_eq!(
            data_uri("a = 1\n"),
            "data:text/plain;charset=utf-8,a%20%3D%201%0A"
        );
    }
}
