#!/usr/bin/env bash
# Every benchmark under bench/, one after another, then their tables together:
#
#   bash bench/all.sh            # about 25 minutes; BENCH_SCALE=1 for the scale data
#
# 1. http_throughput.sh: page-cache hits and rendered pages (anonymous and signed
#    in, with the member pages) against the bare Django view, and staleness;
# 2. registration_load.py: registrations under load on the production stack (locust);
# 3. lighthouse.sh: Lighthouse on every public page that is meant to be indexed;
# 4. bulletin_send.py: a bulletin to 10,000 members through the real send path;
# 5. the query counts of every page on the demo content and on scale data
#    (tests/network_site/test_query_budget_at_scale.py, which holds them to the budget).
#
# Each one's whole output is kept in $BENCH_LOGS (a temporary directory unless
# set). Exits non-zero if any of them failed. See bench/README.md.
set -uo pipefail
cd "$(dirname "$0")/.."
LOGS=${BENCH_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-all.XXXXXX")}
mkdir -p "$LOGS"
PYTHON=.venv/bin/python
STATUS=()

run() {
    local name=$1; shift
    printf '\n==> %s (log: %s/%s.log)\n' "$name" "$LOGS" "$name"
    if "$@" >"$LOGS/$name.log" 2>&1; then STATUS+=("PASS  $name"); else STATUS+=("FAIL  $name"); fi
    tail -n 3 "$LOGS/$name.log"
}

"$PYTHON" -c "import locust" 2>/dev/null || .venv/bin/pip install --quiet -c requirements/constraints.txt -e ".[bench]"
run http bash bench/http_throughput.sh
run registration "$PYTHON" bench/registration_load.py
run lighthouse bash bench/lighthouse.sh
run bulletins "$PYTHON" bench/bulletin_send.py
run queries .venv/bin/pytest -q -rP -p no:cacheprovider tests/network_site/test_query_budget_at_scale.py

printf '\n==== Summary (%s, %s cores, load average now %s)\n' \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n-- HTTP throughput (http_throughput.sh)\n'
sed -n '/^== Results (/,/^== Staleness 1/p' "$LOGS/http.log" | sed '$d'
grep -E '^== (PASS|FAIL)' "$LOGS/http.log"
printf '\n-- Registrations under load (registration_load.py)\n'
sed -n '/^Registrations under load,/,$p' "$LOGS/registration.log"
printf '\n-- Lighthouse (lighthouse.sh)\n'
sed -n '/^== Results (/,$p' "$LOGS/lighthouse.log"
printf '\n-- Bulletin send (bulletin_send.py)\n'
tail -n 12 "$LOGS/bulletins.log"
printf '\n-- Queries per page, demo content and scale data\n'
grep -E '^\| ' "$LOGS/queries.log"
tail -n 1 "$LOGS/queries.log"
printf '\n'
printf '%s\n' "${STATUS[@]}"
! printf '%s\n' "${STATUS[@]}" | grep -q '^FAIL'
