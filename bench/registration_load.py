"""Registrations under load, on the production stack, driven by locust.

    .venv/bin/python bench/registration_load.py                 # sync:2, then gthread:2x2
    .venv/bin/python bench/registration_load.py --workers sync:3 --workers gthread:2x4
    make bench-registration

Starts the stack ``make smoke`` starts (deploy/smoke.py: two gunicorn app
servers with deploy/gunicorn.conf.py and production settings behind Debian's
nginx with deploy/nginx/*.conf over HTTPS, PostgreSQL, a Redis of its own, the
task worker and the scheduler) and then, for each gunicorn worker setting
(``--workers class:count`` or ``class:countxthreads``, on both app servers):

1. for each run (``--run label:places:members``), ``bench.registration.setup``
   publishes a new members-only event with that many places and signs in that
   many active members;
2. locust (headless, ``bench/locustfile_registration.py``) runs ``--users``
   concurrent members through nginx: each opens the event page, reads it for
   ``--think`` seconds, registers once and reads the answer;
3. ``bench.registration.verify`` checks the database: exactly min(places,
   members) confirmed, everyone else waitlisted, one registration each; and the
   answers the members read must say the same.

Prints one table: per setting and run, registrations/s and the POST's p50, p90,
p99 and max (locust's figures) and the checks. Exits non-zero if a request
failed, a check failed or p99 is over ``--target-ms`` (300) for the setting
``deploy/gunicorn.conf.py`` ships. Needs locust (``pip install -e ".[bench]"``).
"""

import argparse
import atexit
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.smoke import HOST, PYTHON, Smoke, say, wait_for  # noqa: E402

LOCUST = Path(sys.executable).parent / "locust"
# The setting deploy/gunicorn.conf.py ships (its defaults), held to the target.
SHIPPED = "sync:2"


def parse_setting(text):
    worker_class, _, size = text.partition(":")
    workers, _, threads = size.partition("x")
    return worker_class, int(workers), int(threads or 1)


def restart_app_servers(smoke, setting):
    worker_class, workers, threads = parse_setting(setting)
    env = {
        "GUNICORN_WORKER_CLASS": worker_class,
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "-",
    }
    for name in ("app1", "app2"):
        getattr(smoke, name).stop()
        started = smoke.start_app(name, smoke.env(GUNICORN_PROC_NAME=f"kiln-bench-{name}", **env))
        setattr(smoke, name, started)
    for name in ("app1", "app2"):
        if not wait_for(lambda name=name: smoke.health(smoke.direct(name)), 60):
            raise AssertionError(f"{name} did not answer /healthz with {setting}")


def run_locust(smoke, setup_path, out_prefix, args):
    env = smoke.env(
        KILN_BENCH_SETUP=str(setup_path),
        KILN_BENCH_OUTCOMES=f"{out_prefix}-outcomes.json",
        KILN_BENCH_HOST_HEADER=HOST,
        KILN_BENCH_THINK=args.think,
    )
    argv = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "locustfile_registration.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--host",
        f"https://127.0.0.1:{smoke.ports['https']}",
        "--run-time",
        args.run_time,
        "--stop-timeout",
        "30",
        "--csv",
        str(out_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    started = time.monotonic()
    with open(f"{out_prefix}-locust.log", "wb") as log:
        done = subprocess.run(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return done.returncode, time.monotonic() - started


def locust_figures(out_prefix):
    with open(f"{out_prefix}_stats.csv") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    post = rows["register"]
    return {
        "registrations": int(post["Request Count"]),
        "failures": sum(int(row["Failure Count"]) for row in rows.values()),
        "per_second": round(float(post["Requests/s"]), 1),
        "p50": post["50%"],
        "p90": post["90%"],
        "p99": post["99%"],
        "max": str(round(float(post["Max Response Time"]))),
        "page_p99": rows["event page"]["99%"],
    }


def one_run(smoke, setting, label, places, members, args):
    work = smoke.tmp / "bench"
    work.mkdir(exist_ok=True)
    name = f"{setting.replace(':', '-')}-{label}"
    setup_path = work / f"{name}.json"
    smoke.manage(
        f"setup-{name}",
        "shell",
        "--no-imports",
        "-c",
        "from bench.registration import setup; "
        f"setup({label!r}, {places}, {members}, {str(setup_path)!r})",
    )
    out_prefix = work / name
    status, seconds = run_locust(smoke, setup_path, out_prefix, args)
    figures = locust_figures(out_prefix)
    outcomes = json.loads(Path(f"{out_prefix}-outcomes.json").read_text())
    told = {key: list(outcomes.values()).count(key) for key in ("confirmed", "waitlisted")}
    others = len(outcomes) - sum(told.values())
    if others or len(outcomes) != members:
        print(f"  {len(outcomes)} answers, {others} neither confirmed nor waitlisted:", flush=True)
        print(Path(f"{out_prefix}-locust.log").read_text()[-3000:], flush=True)
    expected = min(places, members)
    answers_ok = told == {"confirmed": expected, "waitlisted": members - expected}
    verify = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c",
         f"from bench.registration import verify; verify({str(setup_path)!r})"],
        cwd=ROOT, env=smoke.env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    print(verify.stdout.strip(), flush=True)
    return {
        "setting": setting,
        "run": label,
        "places": places,
        "members": members,
        **figures,
        "told": f"{told['confirmed']} / {told['waitlisted']}",
        "answers": "PASS" if answers_ok else "FAIL",
        "database": "PASS" if verify.returncode == 0 else "FAIL",
        "locust": "PASS" if status == 0 else f"FAIL ({status})",
        "seconds": round(seconds, 1),
    }


COLUMNS = [
    ("setting", "gunicorn"),
    ("run", "run"),
    ("places", "places"),
    ("members", "members"),
    ("per_second", "registrations/s"),
    ("p50", "p50 ms"),
    ("p90", "p90 ms"),
    ("p99", "p99 ms"),
    ("max", "max ms"),
    ("page_p99", "event page p99 ms"),
    ("told", "told confirmed / waitlisted"),
    ("failures", "failed requests"),
    ("database", "database"),
]


def table(rows):
    lines = [
        "| " + " | ".join(title for _, title in COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    lines += ["| " + " | ".join(str(row[key]) for key, _ in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--workers",
        action="append",
        help="gunicorn worker class and count on each app server, e.g. sync:2, gthread:2x4 "
        "(repeatable; default: sync:2 gthread:2x2)",
    )
    parser.add_argument(
        "--run",
        action="append",
        help="label:places:members (repeatable; default roomy:600:500 full:100:400)",
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent locust users (50)")
    parser.add_argument(
        "--spawn-rate", type=float, default=5, help="members arriving per second at the start (5)"
    )
    parser.add_argument("--think", default="5,15", help="seconds on the event page: min,max")
    parser.add_argument("--run-time", default="5m", help="locust's limit for one run")
    parser.add_argument("--target-ms", type=float, default=300)
    args = parser.parse_args()
    settings = args.workers or ["sync:2", "gthread:2x2"]
    runs = [run.split(":") for run in args.run or ["roomy:600:500", "full:100:400"]]
    if not LOCUST.exists():
        sys.exit(f"no locust at {LOCUST}: pip install -e '.[bench]' (or: make bench-registration)")

    smoke = Smoke()
    atexit.register(smoke.tear_down)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: sys.exit(130))
    load_before = os.getloadavg()
    rows = []
    try:
        smoke.set_up()
        for setting in settings:
            say(f"app servers: gunicorn {setting} each")
            restart_app_servers(smoke, setting)
            for label, places, members in runs:
                say(f"{label}: {members} members, {places} places, {args.users} locust users")
                row = one_run(smoke, setting, label, int(places), int(members), args)
                print(json.dumps(row), flush=True)
                rows.append(row)
        smoke.passed = True
    finally:
        smoke.tear_down()
        atexit.unregister(smoke.tear_down)

    print(
        f"\nRegistrations under load, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, load average before {load_before[0]:.2f}, "
        f"after {os.getloadavg()[0]:.2f}; two app servers behind nginx (HTTPS), "
        f"{args.users} locust users arriving {args.spawn_rate:g} a second, "
        f"{args.think.replace(',', '-')} s on the event page before registering\n"
    )
    print(table(rows))
    failed = [
        row
        for row in rows
        if row["failures"] or "FAIL" in (row["answers"], row["database"], row["locust"][:4])
    ]
    slow = [row for row in rows if row["setting"] == SHIPPED and float(row["p99"]) > args.target_ms]
    for row in failed:
        print(f"FAIL: {row['setting']} {row['run']}: a request or a check failed")
    for row in slow:
        print(f"FAIL: {row['setting']} {row['run']}: p99 {row['p99']} ms > {args.target_ms:.0f} ms")
    judged = any(row["setting"] == SHIPPED for row in rows)
    if not judged:
        print(f"p99 not judged: {SHIPPED} (deploy/gunicorn.conf.py) was not among --workers")
    if not failed and not slow:
        target = f"; p99 under {args.target_ms:.0f} ms with {SHIPPED}" if judged else ""
        print(f"PASS: every request and check{target}")
    return 1 if failed or slow else 0


if __name__ == "__main__":
    sys.exit(main())
