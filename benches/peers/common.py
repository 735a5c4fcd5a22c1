"""Shared pieces of the two Python peers (reference.py, simpy_model.py).

Standard library only. Both peers read the same scenario the same way, use
the same calendar and the same samplers, so that a difference in their speed
is a difference in how the day's work is scheduled, not in what is drawn.

The scenario is read from the project's own TOML files (the defaults under
src/scenario/ merged with a scenario from scenarios/), so that the peers and
vtsim run the same inputs without copying numbers. Only the keys the peers
implement are used; see the header of reference.py for what is left out.
Needs Python 3.11 or newer (tomllib).
"""

import datetime as dt
import hashlib
import math
import random
import statistics

try:
    import tomllib
except ImportError:  # Python < 3.11: the harness checks this first.
    tomllib = None

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = ROOT / "src" / "scenario" / "defaults.toml"
# The scenario vtsim embeds (src/scenario.rs: DEFAULT_SCENARIO_TOML).
EMBEDDED = ROOT / "scenarios" / "zhz-2025-2026.toml"

# Reporting year: the peers simulate up to the end of this year, with this
# year's volumes and FTE throughout (vtsim's warm-up also runs on the start
# year's parameters). The harness runs vtsim with end = 2025-12-31.
REPORT_YEAR = 2025


def _merge(base, over):
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


class Params:
    """The scenario's values for the reporting year, as plain attributes."""

    def __init__(self, scenario_path=EMBEDDED):
        if tomllib is None:
            raise SystemExit("the Python peers need Python 3.11 or newer (tomllib)")
        with open(DEFAULTS, "rb") as f:
            base = tomllib.load(f)
        with open(scenario_path, "rb") as f:
            sc = tomllib.load(f)
        if "extends" in sc:
            raise SystemExit("scenarios with `extends` are not supported by the peers")
        c = _merge(base, sc)
        self.name = c["name"]
        y = str(REPORT_YEAR)
        self.melding_volume = float(c["inflow"]["meldingen"]["volume"][y])
        self.advies_volume = float(c["inflow"]["adviezen"]["volume"].get(y, 0.0))
        pw = c["pathway"]
        self.crisis_share = pw["crisis_share"]
        self.returned_share = pw["returned_share"]
        self.urgent_share = pw["urgent_share"]
        self.triage_term = pw["triage_term_working_days"]
        self.service_term = pw["service_term_days"]
        r = pw["routes"]
        # Cumulative route boundaries: the route uniform drawn at arrival is
        # compared with them when triage completes (MODEL §4).
        self.route_cum = []
        acc = 0.0
        for name in ("direct_transfer", "vv", "onderzoek", "no_action"):
            acc += r[name]
            self.route_cum.append((acc, name))
        mon = pw["monitoring"]
        self.mon_after = {"vv": mon["after_vv"], "onderzoek": mon["after_onderzoek"]}
        self.mon_offsets = list(mon["offsets_days"])
        st = c["stages"]
        self.stage = {k: st[k] for k in st}
        for k, s in self.stage.items():
            s.setdefault("max_hours_per_day", math.inf)
            s.setdefault("min_days", {"dist": "fixed", "mean": 1.0})
        self.norm_share = c["effort"]["norm_share"]
        wf = c["workforce"]
        self.fte = wf["fte"]
        self.contract = wf["contract_fte"]
        self.hours_per_fte_day = wf["hours_per_fte_day"]
        self.indirect = wf["indirect"]
        self.leave = wf["leave"]
        ab = wf["absence"]
        self.absence_rate = ab["rate"]
        self.spells = ab["spells_per_year"]
        # Spell-length mixture; the long mean L is solved so that the
        # mixture's mean is a * 365 / f (MODEL §6).
        target = self.absence_rate * 365.0 / self.spells
        sm, md, lg = ab["short"], ab["medium"], ab["long"]
        L = (target - sm["share"] * sm["mean"] - md["share"] * md["mean"]) / lg["share"]
        self.spell_mix = [
            (sm["share"], sm["mean"], sm["cv"]),
            (md["share"], md["mean"], md["cv"]),
            (lg["share"], L, lg["cv"]),
        ]
        to = wf["turnover"]
        self.turnover = to["rate"]
        self.notice = to["notice_days"]
        rc = wf["recruitment"]
        self.recruit_mean, self.recruit_cv = rc["mean_days"], rc["cv"]
        ob = wf["onboarding"]
        self.p0, self.onboard_days = ob["p0"], ob["days"]
        self.mentor_per_day = ob["mentor_hours_per_week"] / 5.0
        pol = c["policy"]
        if pol["kind"] != "proportional" or pol.get("urgent_first_days"):
            raise SystemExit("the peers implement only the default proportional policy")
        if c.get("measures"):
            raise SystemExit("the peers do not implement measures")


# ---------------------------------------------------------------- calendar

def easter(y):
    """Gregorian computus (anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def holidays(y):
    """The default holidays of MODEL §2 (no scenario additions/removals)."""
    e = easter(y)
    kd = dt.date(y, 4, 27)
    if kd.weekday() == 6:
        kd = dt.date(y, 4, 26)
    return {
        dt.date(y, 1, 1), e + dt.timedelta(1), kd, dt.date(y, 5, 5),
        e + dt.timedelta(39), e + dt.timedelta(50), dt.date(y, 12, 25), dt.date(y, 12, 26),
    }


class Calendar:
    """Days 0..n-1 from `first`; working-day indices and month per day."""

    def __init__(self, first, last, triage_term):
        self.first = first
        self.triage_term = triage_term
        self.n = (last - first).days + 1
        self.dates = [first + dt.timedelta(i) for i in range(self.n)]
        hol = set()
        for y in range(first.year, last.year + 1):
            hol |= holidays(y)
        self.working = [d.weekday() < 5 and d not in hol for d in self.dates]
        self.month = [d.month for d in self.dates]
        # cum[d]: working days on days 0..d. A working day d has index cum[d]-1.
        self.cum = []
        k = 0
        self.wd_day = []  # working-day index -> day
        for i, w in enumerate(self.working):
            if w:
                self.wd_day.append(i)
                k += 1
            self.cum.append(k)
        # Expected arrivals per day: the year's volume over the days the
        # stream arrives on in that calendar year (uniform season/weekday).
        days_in = {}
        wdays_in = {}
        for d, w in zip(self.dates, self.working):
            days_in[d.year] = days_in.get(d.year, 0) + 1
            wdays_in[d.year] = wdays_in.get(d.year, 0) + (1 if w else 0)
        self._days_in_year = {y: (dt.date(y, 12, 31) - dt.date(y, 1, 1)).days + 1 for y in days_in}
        self._wdays_in_year = {}
        for y in days_in:
            hy = holidays(y)
            n = 0
            d = dt.date(y, 1, 1)
            while d.year == y:
                if d.weekday() < 5 and d not in hy:
                    n += 1
                d += dt.timedelta(1)
            self._wdays_in_year[y] = n

    def triage_deadline_wd(self, d):
        """Working-day index of the term-th working day after day d."""
        return self.cum[d] + self.triage_term - 1

    def melding_rate(self, p, d):
        return p.melding_volume / self._days_in_year[self.dates[d].year]

    def advies_rate(self, p, d):
        if not self.working[d]:
            return 0.0
        return p.advies_volume / self._wdays_in_year[self.dates[d].year]


def horizon(p, years):
    """Days simulated: `years` (may be fractional) ending on 31 Dec of the
    reporting year. Returns the calendar and the first day of the report window."""
    last = dt.date(REPORT_YEAR, 12, 31)
    n = max(1, round(years * 365.25))
    first = last - dt.timedelta(n - 1)
    cal = Calendar(first, last, p.triage_term)
    report_first = max(0, (dt.date(REPORT_YEAR, 1, 1) - first).days)
    return cal, report_first


# ---------------------------------------------------------------- sampling

def streams(seed, rep):
    """Independent generators per (seed, replication, purpose) (MODEL §9):
    never a shared generator, so results do not depend on run order."""
    out = {}
    for name in ("arrivals", "adviezen", "absence", "turnover", "other"):
        h = hashlib.sha256(f"{seed}/{rep}/{name}".encode()).digest()
        out[name] = random.Random(int.from_bytes(h[:8], "little"))
    return out


def poisson(rng, lam):
    """Poisson by inversion (the rates here are at most a few dozen a day)."""
    if lam <= 0.0:
        return 0
    u = rng.random()
    k = 0
    p = math.exp(-lam)
    s = p
    while u > s:
        k += 1
        p *= lam / k
        s += p
        if k > 1000:
            break
    return k


def lognormal_params(mean, cv):
    s2 = math.log(1.0 + cv * cv)
    return math.log(mean) - s2 / 2.0, math.sqrt(s2)


def sampler(spec):
    """A function rng -> value for a distribution spec of the scenario."""
    dist = spec["dist"]
    mean = float(spec["mean"])
    if dist == "fixed":
        return lambda rng: mean
    if dist == "gamma":
        cv = float(spec["cv"])
        shape, scale = 1.0 / (cv * cv), mean * cv * cv
        return lambda rng: rng.gammavariate(shape, scale)
    if dist == "lognormal":
        mu, sigma = lognormal_params(mean, float(spec["cv"]))
        return lambda rng: rng.lognormvariate(mu, sigma)
    if dist == "exponential":
        return lambda rng: rng.expovariate(1.0 / mean)
    raise SystemExit(f"unknown distribution {dist}")


def min_days_sampler(spec):
    s = sampler(spec)
    # Rounded up (a fixed 2 stays 2), at least 1 (MODEL §14).
    return lambda rng: max(1, math.ceil(s(rng) - 1e-9))


class Absence:
    """Spell lengths of MODEL §6 and the stationary start of §14."""

    def __init__(self, p):
        self.mix = [(sh, *lognormal_params(m, cv), m) for sh, m, cv in p.spell_mix]
        self.hazard = p.spells / (1.0 - p.absence_rate)  # per year, while healthy
        self.p_onset = 1.0 - math.exp(-self.hazard / 365.0)
        self.rate = p.absence_rate
        tot = sum(sh * m for sh, _, _, m in self.mix)
        self.biased = [sh * m / tot for sh, _, _, m in self.mix]

    def spell(self, rng):
        u = rng.random()
        for sh, mu, sigma, _ in self.mix:
            u -= sh
            if u < 0:
                break
        return max(1, round(rng.lognormvariate(mu, sigma)))

    def residual(self, rng):
        """Days left of a spell in progress at day 0 (length-biased)."""
        u = rng.random()
        for w, (_, mu, sigma, _) in zip(self.biased, self.mix):
            u -= w
            if u < 0:
                break
        n = max(1, round(rng.lognormvariate(mu + sigma * sigma, sigma)))
        return rng.randint(1, n)


def recruitment_sampler(p):
    mu, sigma = lognormal_params(p.recruit_mean, p.recruit_cv)
    return lambda rng: max(1, round(rng.lognormvariate(mu, sigma)))


def report(label, backlogs, triage_shares, service_shares, runs, years, elapsed, cpu):
    """The peers' common output: enough to see they do the same kind of
    work as vtsim, and the timing the harness reads (the last line)."""
    print(f"{label}: {runs} replication(s) x {years:g} year(s)")
    print(f"  median backlog at end          {statistics.median(backlogs):8.1f}")
    if triage_shares:
        print(f"  median triage within term      {statistics.median(triage_shares):8.3f}")
    if service_shares:
        print(f"  median V&V+Onderzoek in term   {statistics.median(service_shares):8.3f}")
    print(f"TIMING wall_s={elapsed:.4f} cpu_s={cpu:.4f} runs={runs} years={years:g}")
