#!/usr/bin/env bash
# Lighthouse (mobile, its default form factor and throttling) on each public page
# a reader may land on, against the site served as production serves it:
# gunicorn with production settings (bench.settings), PostgreSQL, Redis, the
# demo content. Prints the four category scores of each page and whether its
# console had errors; exits non-zero when a score is under 100 or there were errors.
#
#   bash bench/lighthouse.sh
#   BENCH_LIGHTHOUSE_EVERY_PAGE=1 bash bench/lighthouse.sh   # every article and event too
#   BENCH_LIGHTHOUSE_RUNS=5 bash bench/lighthouse.sh         # runs per page (3); medians
#   BENCH_LIGHTHOUSE_KEEP=dir bash bench/lighthouse.sh       # keep the JSON reports in dir
#
# Needs: Node.js and npm (Lighthouse comes from npm, pinned by
# bench/lighthouse/package-lock.json and installed there), Chromium
# ($CHROME_PATH, /usr/bin/chromium by default), curl, psql, PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust auth), Redis at 127.0.0.1:6379, the
# project's virtualenv at .venv. It creates and drops the database
# kiln_lighthouse and flushes Redis database 4. Only loopback traffic. Not part
# of the test suite. See bench/README.md, "Lighthouse".
set -euo pipefail

cd "$(dirname "$0")/.."
# A database and a Redis database of its own: it may run beside http_throughput.sh.
BENCH_DB_NAME=${BENCH_DB_NAME:-kiln_lighthouse}
BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/4}
source bench/serve.sh
# Lighthouse fetches robots.txt on its own, without the X-Forwarded-Proto header
# it sends with the page's requests, and would get the redirect to https (which
# nothing serves on loopback): no redirect, every other production setting kept.
export SECURE_SSL_REDIRECT=false
RUNS=${BENCH_LIGHTHOUSE_RUNS:-3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LIGHTHOUSE_DIR=$ROOT/bench/lighthouse
LIGHTHOUSE=$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse

require_tools curl psql npm
[ -x "$CHROME_PATH" ] || die "no Chromium at $CHROME_PATH: 'sudo apt-get install -y chromium', or set CHROME_PATH"
if [ ! -x "$LIGHTHOUSE" ] || [ "$LIGHTHOUSE_DIR/package-lock.json" -nt "$LIGHTHOUSE" ]; then
    say "npm ci in bench/lighthouse (Lighthouse, pinned by its package-lock.json)"
    (cd "$LIGHTHOUSE_DIR" && npm ci --no-audit --no-fund --silent)
fi

serve_prepare
PAGES="$WORK/pages.txt"
every_page=$([ -n "${BENCH_LIGHTHOUSE_EVERY_PAGE:-}" ] && echo True || echo False)
manage shell --no-imports -c "from bench.helpers import print_public_pages; print_public_pages(every_page=$every_page)" >"$PAGES"
serve_start

# Every request as the production proxy passes it on: over HTTPS (see bench/README.md).
HEADERS_JSON='{"X-Forwarded-Proto": "https"}'
curl -fsS -H "X-Forwarded-Proto: https" -o "$WORK/robots.txt" "$BASE/robots.txt"

lighthouse_run() {
    "$LIGHTHOUSE" "$BASE$1" --quiet --output=json --output-path="$2" \
        --only-categories=performance,accessibility,best-practices,seo \
        --extra-headers="$HEADERS_JSON" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu"
}

LOAD_BEFORE=$(uptime)
say "Lighthouse $("$LIGHTHOUSE" --version), mobile, $RUNS runs on each of $(wc -l <"$PAGES") pages ($(nproc) cores; $LOAD_BEFORE)"
REPORTS=()
number=0
while read -r path; do
    # A reader after the first: the page comes from the page cache, as most readers get it.
    curl -fsS -o /dev/null -H "X-Forwarded-Proto: https" "$BASE$path" || die "$path did not answer 200"
    for run in $(seq "$RUNS"); do
        number=$((number + 1))
        report="$WORK/lighthouse-$number.json"
        echo "  $path (run $run)"
        # On a busy machine Lighthouse now and then loses the trace of a load
        # (NO_NAVSTART): that run is done again, once.
        lighthouse_run "$path" "$report" || lighthouse_run "$path" "$report" \
            || die "Lighthouse failed twice on $path"
        REPORTS+=("$report")
        [ -z "${BENCH_LIGHTHOUSE_KEEP:-}" ] \
            || cp "$report" "$BENCH_LIGHTHOUSE_KEEP/$(echo "$path" | tr -c 'a-z0-9\n' '-' | sed 's/^-*//; s/-*$//; s/^$/home/')-$run.json"
    done
done <"$PAGES"

say "Results ($(date -u '+%Y-%m-%d %H:%M UTC'); before: $LOAD_BEFORE; after: $(uptime))"
FAILED=0
"$PYTHON" bench/lighthouse_scores.py "$WORK/robots.txt" "${REPORTS[@]}" >"$WORK/table.tsv" || FAILED=1
tabulate <"$WORK/table.tsv"
gunicorn_errors || FAILED=1
[ "$FAILED" = 0 ] && say "PASS: 100 in every category on every page, no console errors" \
    || say "FAIL: a page scored under 100 in a category, or its console had errors"
[ "$FAILED" = 0 ]
