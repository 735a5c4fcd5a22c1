#!/usr/bin/env bash
# Side-by-side timing of vtsim against its peers (issue 14, item 1): the
# plain-Python reference day loop (benches/peers/reference.py) and the SimPy
# model in its two variants (benches/peers/simpy_model.py, with and without
# --heap), all on the same scenario and horizon.
#
# Usage: benches/peers.sh [--install] [--no-slow-simpy]
#   --install        create benches/peers/.venv and pip-install simpy into it
#                    (the only way simpy gets installed; nothing is installed
#                    otherwise)
#   --no-slow-simpy  skip the list-queue SimPy variant
# Environment (defaults in brackets):
#   VTSIM=path        the vtsim binary [target/release/vtsim, built with
#                     `cargo build --release --locked` only if missing]
#   SCENARIO=file     [scenarios/zhz-2025-2026.toml, the scenario vtsim embeds]
#   NORM_SHARE=x      [the scenario's] effort.norm_share for every program;
#                     1.0 overloads the embedded scenario (backlog in thousands)
#   VTSIM_RUNS [200] REF_RUNS [5] SIMPY_RUNS [3] HEAP_RUNS [3]
#   YEARS [2]         simulated years per replication: the scenario's year of
#                     warm-up plus 2025, as `vtsim run --set end=2025-12-31` does
#   SLOW_YEARS [YEARS] the list-queue SimPy variant's horizon; set it shorter
#                     if that variant is too slow, and its cost per
#                     replication-year is extrapolated linearly (which
#                     flatters it: a shorter run from empty has shorter queues)
#
# Every program is timed from outside with bash's `time`, start-up and output
# included, and one at a time (never in parallel), so that the CPU seconds
# compare like with like. The ratios use CPU seconds (user + system), which a
# machine shared with other work disturbs less than wall time; both are shown.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEERS=$ROOT/benches/peers
VENV=$PEERS/.venv
SCENARIO=${SCENARIO:-$ROOT/scenarios/zhz-2025-2026.toml}
VTSIM_RUNS=${VTSIM_RUNS:-200}
# vtsim is also timed at a quarter of the runs: the difference is its cost
# per replication without start-up and fixed output (its marginal cost).
VTSIM_RUNS_SMALL=$(( VTSIM_RUNS / 4 > 0 ? VTSIM_RUNS / 4 : 1 ))
REF_RUNS=${REF_RUNS:-5}
SIMPY_RUNS=${SIMPY_RUNS:-3}
HEAP_RUNS=${HEAP_RUNS:-3}
YEARS=${YEARS:-2}
SLOW_YEARS=${SLOW_YEARS:-$YEARS}
# The targets and expectations of the performance issue.
TARGET_REF=500
TARGET_SIMPY=10000

install=0
slow=1
for arg in "$@"; do
    case $arg in
        --install) install=1 ;;
        --no-slow-simpy) slow=0 ;;
        -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

# The same override for vtsim (--set) and the peers (--norm-share).
VT_EXTRA=()
PY_EXTRA=()
if [[ -n ${NORM_SHARE:-} ]]; then
    VT_EXTRA=(--set "effort.norm_share=$NORM_SHARE")
    PY_EXTRA=(--norm-share "$NORM_SHARE")
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ------------------------------------------------------------------ peers
PY=
if command -v python3 >/dev/null; then
    if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        PY=python3
    else
        echo "skip: python3 is older than 3.11 (the peers read TOML with tomllib)"
    fi
else
    echo "skip: no python3, so no Python peers"
fi

if [[ $install == 1 ]]; then
    if [[ -z $PY ]]; then
        echo "cannot --install without python3 >= 3.11" >&2; exit 1
    fi
    if [[ ! -x $VENV/bin/python ]]; then
        echo "creating $VENV"
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/pip" install --quiet --disable-pip-version-check simpy
fi

SIMPY_PY=
if [[ -n $PY ]]; then
    if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import simpy' 2>/dev/null; then
        SIMPY_PY=$VENV/bin/python
    elif python3 -c 'import simpy' 2>/dev/null; then
        SIMPY_PY=python3
    else
        echo "skip: simpy is not installed (run benches/peers.sh --install)"
    fi
fi

# ------------------------------------------------------------------ vtsim
VTSIM_BIN=${VTSIM:-$ROOT/target/release/vtsim}
if [[ ! -x $VTSIM_BIN ]]; then
    if [[ -z ${VTSIM:-} ]]; then
        echo "building vtsim (target/release/vtsim is missing)"
        (cd "$ROOT" && cargo build --release --locked)
    else
        echo "skip: VTSIM=$VTSIM_BIN is not an executable, so no vtsim timing or ratios"
        VTSIM_BIN=
    fi
fi

# timed NAME RUNS YEARS CMD...: runs CMD once, records wall and CPU seconds.
rows=()
timed() {
    local name=$1 runs=$2 years=$3
    shift 3
    local t
    echo "== $name: $runs replication(s) x $years simulated year(s)"
    TIMEFORMAT='%R %U %S'
    { time "$@" >"$TMP/out" 2>"$TMP/err"; } 2>"$TMP/time" || {
        echo "   failed:"; cat "$TMP/err"; return 0; }
    sed 's/^/   /' "$TMP/out" | grep -v '^   TIMING' || true
    t=$(tail -n 1 "$TMP/time")
    rows+=("$name|$runs|$years|$t")
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

if [[ -n $VTSIM_BIN ]]; then
    timed "vtsim" "$VTSIM_RUNS" "$YEARS" \
        "$VTSIM_BIN" run "$SCENARIO" --runs "$VTSIM_RUNS" --no-charts --threads 1 -q \
        --out "$TMP/vtsim" --force --set end=2025-12-31 ${VT_EXTRA[@]+"${VT_EXTRA[@]}"}
    if [[ -n $PY ]]; then
        # vtsim's own medians for the same year, to set beside the peers'.
        python3 - "$TMP"/vtsim/*/kpis.csv <<'EOF' | sed 's/^/   /'
import csv, sys
want = {"backlog_end": "median backlog at end", "triage_within_term": "median triage within term"}
for r in csv.DictReader(open(sys.argv[1])):
    if r["period"] == "2025" and r["kpi"] in want:
        print(f"{want[r['kpi']]:<30} {float(r['median']):8.3f}")
EOF
    fi
    timed "vtsim (small)" "$VTSIM_RUNS_SMALL" "$YEARS" \
        "$VTSIM_BIN" run "$SCENARIO" --runs "$VTSIM_RUNS_SMALL" --no-charts --threads 1 -q \
        --out "$TMP/vtsim" --force --set end=2025-12-31 ${VT_EXTRA[@]+"${VT_EXTRA[@]}"}
fi
if [[ -n $PY ]]; then
    timed "reference.py" "$REF_RUNS" "$YEARS" \
        python3 "$PEERS/reference.py" --years "$YEARS" --runs "$REF_RUNS" --seed 1 --scenario "$SCENARIO" ${PY_EXTRA[@]+"${PY_EXTRA[@]}"}
fi
if [[ -n $SIMPY_PY ]]; then
    timed "simpy_model.py --heap" "$HEAP_RUNS" "$YEARS" \
        "$SIMPY_PY" "$PEERS/simpy_model.py" --heap --years "$YEARS" --runs "$HEAP_RUNS" --seed 1 --scenario "$SCENARIO" ${PY_EXTRA[@]+"${PY_EXTRA[@]}"}
    if [[ $slow == 1 ]]; then
        timed "simpy_model.py" "$SIMPY_RUNS" "$SLOW_YEARS" \
            "$SIMPY_PY" "$PEERS/simpy_model.py" --years "$SLOW_YEARS" --runs "$SIMPY_RUNS" --seed 1 --scenario "$SCENARIO" ${PY_EXTRA[@]+"${PY_EXTRA[@]}"}
    fi
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo
# ------------------------------------------------------------------ table
printf '%s\n' "${rows[@]}" | awk -F'|' -v tref="$TARGET_REF" -v tsim="$TARGET_SIMPY" -v slow_years="$SLOW_YEARS" -v years="$YEARS" '
{
    split($4, t, " ")
    name[NR] = $1; runs[NR] = $2; yrs[NR] = $3
    wall[NR] = t[1]; cpu[NR] = t[2] + t[3]
    per[NR] = cpu[NR] / ($2 * $3)
    if ($1 == "vtsim") { v = per[NR]; vi = NR }
    if ($1 == "vtsim (small)") si = NR
}
END {
    printf "%-22s %5s %6s %9s %9s %14s %11s %8s %6s\n", "program", "runs", "years", "wall s", "cpu s", "cpu s/rep-year", "vtsim is", "target", "holds"
    for (i = 1; i <= NR; i++) {
        ratio = "-"; target = "-"; holds = "-"
        if (name[i] !~ /^vtsim/ && v > 0) ratio = sprintf("%.0fx", per[i] / v)
        if (name[i] == "reference.py") target = tref
        if (name[i] == "simpy_model.py") target = tsim
        if (target != "-" && v > 0) holds = (per[i] / v >= target) ? "yes" : "no"
        if (target != "-") target = target "x"
        note = (yrs[i] != years) ? " *" : ""
        printf "%-22s %5d %6s %9.2f %9.2f %14.5f %11s %8s %6s%s\n", name[i], runs[i], yrs[i], wall[i], cpu[i], per[i], ratio, target, holds, note
        if (note != "") star = 1
    }
    if (vi && si && runs[vi] > runs[si]) {
        m = (cpu[vi] - cpu[si]) / ((runs[vi] - runs[si]) * years)
        printf "vtsim marginal cost (%d minus %d runs): %.5f cpu s/rep-year; the ratios above use the whole run, start-up and output included\n", runs[vi], runs[si], m
    }
    if (star) printf "* timed over a shorter horizon; its cost per replication-year is extrapolated linearly\n"
    if (v > 0) {
        for (i = 1; i <= NR; i++) {
            if (name[i] == "reference.py") printf "\nAgainst reference.py the %dx target needs vtsim at <= %.5f cpu s/rep-year.", tref, per[i] / tref
            if (name[i] == "simpy_model.py") printf "\nAgainst SimPy (list queues) the %dx target needs vtsim at <= %.5f cpu s/rep-year.", tsim, per[i] / tsim
        }
        printf "\n"
    }
    printf "The issue expects the plain-Python loop at 0.25-0.75 s per replication-year and SimPy as an analyst writes it at about 730 s per replication (9 s with a heap-ordered queue); the rows above are what these peers measure here.\n"
}'
