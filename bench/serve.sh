# The site served the way production serves it, for the benchmark scripts
# (http_throughput.sh, lighthouse.sh): sourced, not run.
#
#   source bench/serve.sh     # from the project's root, under `set -euo pipefail`
#   serve_prepare             # fresh database, migrate, demo content, collectstatic
#   serve_start               # gunicorn on a free loopback port: $BASE, $GUNICORN_PID
#
# gunicorn with production settings (bench.settings), PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust auth) in the database $DB_NAME, created
# and dropped again on exit, and Redis database $REDIS_DB_URL, flushed before
# and after. Everything else lives in the temporary directory $WORK, removed on exit.

ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
GUNICORN=${GUNICORN:-$ROOT/.venv/bin/gunicorn}
PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres
DB_NAME=${BENCH_DB_NAME:-kiln_bench}
REDIS_DB_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3}
WORKERS=${WORKERS:-2}

say() { printf '\n== %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Each tool the caller needs: stop with how to install it when one is missing.
require_tools() {
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            case $tool in
                wrk) die "wrk is not installed: 'sudo apt-get install -y wrk' (Debian/Ubuntu), 'brew install wrk' (macOS), or build it from https://github.com/wg/wrk" ;;
                psql) die "psql is not installed: 'sudo apt-get install -y postgresql-client'" ;;
                *) die "$tool is not installed" ;;
            esac
        fi
    done
    [ -x "$PYTHON" ] || die "no virtualenv Python at $PYTHON: run 'make install' first"
    [ -x "$GUNICORN" ] || die "no gunicorn at $GUNICORN: run 'make install' first"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench.XXXXXX")
GUNICORN_PID=""

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
flush_redis() { "$PYTHON" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS_DB_URL"; }

serve_cleanup() {
    local status=$?
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
    flush_redis >/dev/null 2>&1 || true
    rm -rf "$WORK"
    exit $status
}
trap serve_cleanup EXIT
trap 'exit 130' INT TERM

# Bench-only values for the variables production settings require. None of
# them is a secret anywhere else; nothing leaves the machine.
export DJANGO_SETTINGS_MODULE=bench.settings
export SECRET_KEY="bench-only-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB_NAME"
export REDIS_URL=$REDIS_DB_URL
export CACHE_KEY_PREFIX=kiln-bench
export EMAIL_BACKEND=anymail.backends.test.EmailBackend
export ANYMAIL_WEBHOOK_SECRET="bench:bench-only-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(16))')"
export DEFAULT_FROM_EMAIL="Keep it Local Network bench <bench@keepitlocal.example>"
export WAGTAILADMIN_BASE_URL=https://127.0.0.1
export STRIPE_SECRET_KEY=sk_test_bench_only
export STRIPE_PUBLISHABLE_KEY=pk_test_bench_only
export STRIPE_WEBHOOK_SECRET=whsec_bench_only
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
# Whatever a developer's .env says, the page cache keeps its production default.
unset PAGE_CACHE_SECONDS DJANGO_DEBUG SECURE_SSL_REDIRECT

manage() { "$PYTHON" manage.py "$@"; }
tabulate() { if command -v column >/dev/null 2>&1; then column -t -s $'\t'; else cat; fi; }

# A fresh database with the demo content and the static files collected; an empty cache.
serve_prepare() {
    say "Fresh database $DB_NAME, Redis $REDIS_DB_URL flushed"
    psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
    psql_admin -c "CREATE DATABASE $DB_NAME" >/dev/null
    flush_redis

    say "migrate, demo content, collectstatic"
    manage migrate --noinput >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; die "migrate failed"; }
    if [ -f network_site/management/commands/load_demo_content.py ] && [ -z "${BENCH_FALLBACK_CONTENT:-}" ]; then
        manage load_demo_content --force >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; die "load_demo_content failed"; }
    else
        echo "load_demo_content not used (missing, or BENCH_FALLBACK_CONTENT set): bench/demo_fallback.py"
        manage shell --no-imports -c "from bench.demo_fallback import load; load()" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; die "demo content failed"; }
    fi
    # BENCH_SCALE: a factor for generate_scale_data on top of the demo content (1 for
    # the full network: 10,000 members, 5,000 articles, 1,000 events).
    if [ -n "${SCALE:-}" ]; then
        manage generate_scale_data --force --scale "$SCALE" >"$WORK/scale.log" 2>&1 || { cat "$WORK/scale.log"; die "generate_scale_data failed"; }
        tail -n 1 "$WORK/scale.log"
    fi
    manage collectstatic --noinput >"$WORK/collectstatic.log" 2>&1 || { cat "$WORK/collectstatic.log"; die "collectstatic failed"; }
}

# gunicorn on a free loopback port, once /healthz answers.
serve_start() {
    # Loading content bumped the page-cache generation many times; start from an empty cache.
    flush_redis
    PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    BASE="http://127.0.0.1:$PORT"
    say "gunicorn, $WORKERS workers, $BASE (no access log)"
    "$GUNICORN" network_site.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" --no-control-socket \
        --error-logfile - >"$WORK/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 100); do
        curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
        kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; die "gunicorn exited"; }
        sleep 0.2
    done
    curl -fsS -o /dev/null "$BASE/healthz" || { cat "$WORK/gunicorn.log"; die "/healthz did not answer"; }
}

# Non-zero, with the lines, when gunicorn logged an error.
gunicorn_errors() {
    if grep -Eq 'Traceback|ERROR|CRITICAL' "$WORK/gunicorn.log"; then
        say "gunicorn reported errors:"
        grep -E -A20 'Traceback|ERROR|CRITICAL' "$WORK/gunicorn.log" | head -60
        return 1
    fi
}
