#!/usr/bin/env bash
# Anonymous HTTP throughput of the home page, the article index, one article,
# the event list and one upcoming event, against a bare Django view (the
# framework ceiling) under the same server: gunicorn with production settings
# and 2 workers, PostgreSQL, Redis, wrk.
# Then two staleness checks: publish a new title (directly, then through the
# editorial workflow with a reader arriving before the commit) and fetch the
# pages at once; they must show the new title.
# (Registrations under load run on the whole production stack instead, driven
# by locust: bench/registration_load.py.)
#
#   bash bench/http_throughput.sh
#   BENCH_SCALE=1 bash bench/http_throughput.sh   # on scale data (generate_scale_data)
#
# Needs: wrk, curl, psql, PostgreSQL at 127.0.0.1:5432 (user postgres, trust
# auth), Redis at 127.0.0.1:6379, the project's virtualenv at .venv.
# It creates and drops the database kiln_bench and flushes Redis database 3.
# Only loopback traffic. Not part of the test suite. See bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
WORKERS=2
source bench/serve.sh
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
DURATION=${BENCH_DURATION:-4s}
ROUNDS=${BENCH_ROUNDS:-3}
UNCACHED_DURATION=${BENCH_UNCACHED_DURATION:-4s}
# A page-cache hit against the bare Django view (issue 13, point 2).
TARGET=0.9
# A rendered page against the bare Django view (issue 13, point 1: 1/35, twice
# what bakerydemo's fastest page gets).
RENDERED_TARGET=0.0286
# A factor for generate_scale_data on top of the demo content (1 for the full
# network: 10,000 members, 5,000 articles, 1,000 events); empty for demo content only.
SCALE=${BENCH_SCALE:-}

require_tools wrk curl psql
serve_prepare
read -r INDEX_PATH ARTICLE_ID ARTICLE_PATH EVENTS_PATH EVENT_PATH < <(manage shell --no-imports -c "from bench.helpers import print_targets; print_targets()" | tail -n 1) || true
[ -n "${ARTICLE_PATH:-}" ] || die "could not find the article index and an article in the demo content"
echo "article index $INDEX_PATH, article $ARTICLE_PATH, event list $EVENTS_PATH, upcoming event $EVENT_PATH"
EVENT_PATHS=()
if [ "$EVENTS_PATH" = - ] || [ "$EVENT_PATH" = - ]; then
    echo "no events in this content: the event pages are not measured"
else
    EVENT_PATHS=("$EVENTS_PATH" "$EVENT_PATH")
fi
serve_start

# The bare Django view every page is compared with: HttpResponse("ok") with
# never_cache, which the page cache never stores, so the view and the whole
# middleware stack run on every request.
CEILING=/__bench__/ceiling-uncached/
# Not held to the target: the same view stored by the page cache (a hit with a
# 2-byte body).
CEILING_UNCACHED=/__bench__/ceiling/
PATHS=("$CEILING" / "$INDEX_PATH" "$ARTICLE_PATH" "${EVENT_PATHS[@]}" "$CEILING_UNCACHED")
HTTPS=(-H "X-Forwarded-Proto: https")

# One request: status and X-Page-Cache header.
probe() {
    curl -sS -o /dev/null -D "$WORK/headers" -w '%{http_code}' "${HTTPS[@]}" "$@"
    printf ' %s\n' "$(awk -F': *' 'tolower($1) == "x-page-cache" { gsub("\r", "", $2); print $2 }' "$WORK/headers")"
}

FAILED=0 STALE=0 RENDERED_FAILED=0
say "Warm-up: three requests each; X-Page-Cache of each"
declare -A CACHE_STATE
for path in "${PATHS[@]}"; do
    states=()
    for _ in 1 2 3; do
        read -r status state < <(probe "$BASE$path")
        [ "$status" = 200 ] || die "$path answered $status on warm-up, not 200"
        states+=("${state:--}")
    done
    CACHE_STATE[$path]=$(IFS=,; echo "${states[*]}")
    printf '  %-50s %s\n' "$path" "${CACHE_STATE[$path]}"
done

# One wrk run, as one row: label, requests/s, p50 and p99 in ms, responses that
# were not 2xx/3xx, socket errors (connect, read, write, timeout together).
measure() {
    local label=$1 duration=$2; shift 2
    local out="$WORK/wrk.out"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "${HTTPS[@]}" "$@" >"$out"
    awk -v label="$label" '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            return v * 1000
        }
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { bad = $NF }
        /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i }
        END { printf "%s\t%s\t%.2f\t%.2f\t%d\t%d\n", label, rps, p50, p99, bad, errors }
    ' "$out"
}

# Rows of several rounds, one per label: mean requests/s, worst p50 and p99,
# total bad responses and socket errors. Labels keep their first order.
summarise() {
    awk -F'\t' '
        !($1 in n) { order[++count] = $1 }
        { n[$1]++; rps[$1] += $2; bad[$1] += $5; err[$1] += $6
          if ($3 > p50[$1]) p50[$1] = $3
          if ($4 > p99[$1]) p99[$1] = $4 }
        END { for (i = 1; i <= count; i++) { k = order[i]
              printf "%s\t%.0f\t%.1f\t%.1f\t%d\t%d\n", k, rps[k] / n[k], p50[k], p99[k], bad[k], err[k] } }
    ' "$1"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION per path, $ROUNDS interleaved rounds (wrk and gunicorn share the machine's $(nproc) cores; load average $LOAD_BEFORE)"
RAW="$WORK/raw.tsv"
: >"$RAW"
for round in $(seq "$ROUNDS"); do
    for path in "${PATHS[@]}"; do
        printf '  round %s  %s\n' "$round" "$path"
        measure "$path" "$DURATION" "$BASE$path" >>"$RAW"
    done
done
RESULTS="$WORK/results.tsv"
summarise "$RAW" >"$RESULTS"

# Rendered on every request, held to RENDERED_TARGET of the bare view (issue 13,
# point 1): each public page for an anonymous reader whose request carries a
# session cookie (never served from the page cache), and for a signed-in member
# (the demo councillor, registered for the upcoming event), with the member pages.
UNCACHED_RAW="$WORK/uncached-raw.tsv"
: >"$UNCACHED_RAW"
MEMBER_SESSION=$(manage shell --no-imports -c "from bench.helpers import print_member_session; print_member_session()" | tail -n 1)
[ -n "$MEMBER_SESSION" ] || die "could not sign in the demo member"
MEMBER_PATHS=(/members/dashboard/ /members/directory/)
for path in / "${EVENT_PATHS[@]}" "${MEMBER_PATHS[@]}"; do
    read -r status state < <(probe -H "Cookie: sessionid=$MEMBER_SESSION" "$BASE$path")
    [ "$status" = 200 ] || die "$path answered $status to the signed-in member, not 200"
done
say "Rendered on every request (wrk -d$UNCACHED_DURATION, one round)"
for path in / "$INDEX_PATH" "$ARTICLE_PATH" "${EVENT_PATHS[@]}"; do
    echo "  $path (anonymous, rendered)"
    measure "$path (anonymous, rendered)" "$UNCACHED_DURATION" -H "Cookie: sessionid=bench-no-such-session" "$BASE$path" >>"$UNCACHED_RAW"
done
for path in / "$INDEX_PATH" "$ARTICLE_PATH" "${EVENT_PATHS[@]}" "${MEMBER_PATHS[@]}"; do
    echo "  $path (signed-in member)"
    measure "$path (signed-in member)" "$UNCACHED_DURATION" -H "Cookie: sessionid=$MEMBER_SESSION" "$BASE$path" >>"$UNCACHED_RAW"
done
UNCACHED="$WORK/uncached.tsv"
summarise "$UNCACHED_RAW" >"$UNCACHED"

CEILING_RPS=$(awk -F'\t' -v c="$CEILING" '$1 == c { print $2 }' "$RESULTS")
say "Results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg))"
echo "gunicorn $WORKERS sync workers; wrk -t$THREADS -c$CONNECTIONS, $ROUNDS x $DURATION per path: mean requests/s, worst round's p50/p99"
TABLE="$WORK/table.tsv"
printf 'path\trequests/s\tp50\tp99\tratio\ttarget\tX-Page-Cache (warm-up)\terrors\n' >"$TABLE"
while IFS=$'\t' read -r path rps p50 p99 bad errors; do
    ratio=$(awk -v r="$rps" -v c="$CEILING_RPS" 'BEGIN { printf "%.2f", r / c }')
    if [ "$path" = "$CEILING" ]; then
        verdict="(bare view)"
    elif [ "$path" = "$CEILING_UNCACHED" ]; then
        verdict="(comparison)"
    elif awk -v x="$ratio" -v t="$TARGET" 'BEGIN { exit !(x >= t) }' && [ "$bad" = 0 ] && [ "$errors" = 0 ]; then
        verdict=PASS
    else
        verdict=FAIL; FAILED=1
    fi
    problems="none"
    [ "$bad" = 0 ] || problems="$bad non-2xx/3xx"
    [ "$errors" = 0 ] || problems="$problems; $errors socket errors"
    [ "$problems" = none ] || FAILED=1
    printf '%s\t%s\t%sms\t%sms\t%s\t%s\t%s\t%s\n' "$path" "$rps" "$p50" "$p99" "$ratio" "$verdict" "${CACHE_STATE[$path]}" "$problems" >>"$TABLE"
done <"$RESULTS"
tabulate <"$TABLE"
echo
echo "Rendered on every request, each held to $RENDERED_TARGET of the bare view (1/35):"
RENDERED_TABLE="$WORK/rendered-table.tsv"
printf 'path\trequests/s\tp50\tp99\tratio\ttarget\terrors\n' >"$RENDERED_TABLE"
while IFS=$'\t' read -r path rps p50 p99 bad errors; do
    ratio=$(awk -v r="$rps" -v c="$CEILING_RPS" 'BEGIN { printf "%.3f", r / c }')
    if awk -v x="$ratio" -v t="$RENDERED_TARGET" 'BEGIN { exit !(x >= t) }' && [ "$((bad + errors))" = 0 ]; then
        verdict=PASS
    else
        verdict=FAIL; RENDERED_FAILED=1
    fi
    printf '%s\t%s\t%sms\t%sms\t%s\t%s\t%s\n' "$path" "$rps" "$p50" "$p99" "$ratio" "$verdict" "$((bad + errors))" >>"$RENDERED_TABLE"
done <"$UNCACHED"
tabulate <"$RENDERED_TABLE"

say "Staleness 1: publish a new title for $ARTICLE_PATH (save_revision().publish()), then fetch at once"
CHECK_PATHS="['$ARTICLE_PATH', '$INDEX_PATH', '/']"
manage shell --no-imports -c "from bench.helpers import check_fresh_after_publish as check; check('$BASE', $ARTICLE_ID, $CHECK_PATHS)" || STALE=1

say "Staleness 2: a Moderator approves a new title through the editorial workflow, with a reader arriving before the commit"
manage shell --no-imports -c "from bench.helpers import check_fresh_after_workflow_approval as check; check('$BASE', $ARTICLE_ID, $CHECK_PATHS)" || STALE=1

gunicorn_errors || FAILED=1

[ "$FAILED" = 1 ] && say "FAIL: throughput: a page-cache hit is below $TARGET of the bare view, or requests failed" \
    || say "PASS: throughput: every page-cache hit at least $TARGET of the bare view"
[ "$RENDERED_FAILED" = 1 ] && say "FAIL: rendered: a page is below $RENDERED_TARGET of the bare view, or requests failed" \
    || say "PASS: rendered: every page, anonymous and signed in, at least $RENDERED_TARGET of the bare view"
[ "$STALE" = 1 ] && say "FAIL: staleness: a page was stale after a publish" \
    || say "PASS: staleness: nothing stale after a publish"
[ "$FAILED" = 0 ] && [ "$STALE" = 0 ] && [ "$RENDERED_FAILED" = 0 ]
