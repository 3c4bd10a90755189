"""Bulletin send throughput: emails a second through the real send path.

    .venv/bin/python bench/bulletin_send.py                        # 10,000 recipients, SQLite
    .venv/bin/python bench/bulletin_send.py --recipients 2000
    .venv/bin/python bench/bulletin_send.py --database postgres

On a throwaway database (``--database``: in-memory SQLite, as the test suite
has it; a SQLite file in a temporary directory, where each commit waits for the
disk; or a new PostgreSQL database at 127.0.0.1:5432, user postgres, trust
auth; removed or dropped at the end), with the test settings
(network_site.settings.test: anymail's test email backend, tasks that run
immediately, so no network is used):

1. ``migrate``; ``--recipients`` active members with marketing consent (one in
   ten withdrew once and gave it again), and members nobody may write to:
   never asked, consent withdrawn, membership lapsed, address bounced or
   complained (recorded with ``UndeliverableAddress.record``);
2. a bulletin for every consenting member, scheduled with
   ``services.schedule`` (which refuses an empty audience) for a second later;
   once ``sending.due()`` lists it, the timed part: ``tasks.send_bulletin.call``,
   what the task worker runs (``sending.send``: start, every batch, finish).
   Each batch's emails go to the ``deliver_email`` task when it commits, which
   runs at once and hands them to the test backend. While the bulletin is
   sending (after its first batch) a few more members unsubscribe with their
   link (``services.unsubscribe``) and a few bounce: the gate at send time must
   suppress them;
3. the same again with a second bulletin under tracemalloc, for peak memory
   (tracemalloc slows Python down, so that run is not timed).

Prints a table per run: wall time, emails/s, SQL queries per recipient (in
all, and in ``deliver_email``), peak memory. Exits non-zero unless each
consenting, deliverable member got exactly one email, each with its own
List-Unsubscribe link, nobody else got one, and the bulletin's deliveries and
emails (``services.progress``) say the same.

The measured part runs in a process of its own (bench/bulletin_send_run.py), which
sets Django up at its top for the throwaway database this script made.
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


# The database ----------------------------------------------------------------


@contextmanager
def throwaway_database(kind):
    """Point DATABASE_URL at a new, empty database; drop it afterwards."""
    if kind == "sqlite":
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
        yield "in-memory SQLite (as the test suite has it)"
        return
    if kind == "sqlite-file":
        work = tempfile.mkdtemp(prefix="kiln-bench-bulletin-")
        os.environ["DATABASE_URL"] = f"sqlite:///{work}/bench.sqlite3"
        try:
            yield f"SQLite file in {work}"
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    name = f"kiln_bench_bulletin_{secrets.token_hex(4)}"
    admin = f"host={PG['host']} port={PG['port']} user={PG['user']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    try:
        yield f"PostgreSQL database {name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--recipients",
        type=int,
        default=10_000,
        help="consenting, deliverable members who get the bulletin (default 10,000)",
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "sqlite-file", "postgres"),
        default="sqlite",
        help="in-memory SQLite (default), a SQLite file in a temporary directory (each "
        "commit then waits for the disk), or a new PostgreSQL database at "
        "127.0.0.1:5432, user postgres, trust auth, dropped at the end",
    )
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "network_site.settings.test"
    with throwaway_database(args.database) as where:
        # The measured part runs in a process of its own, which sets Django up for
        # this database at its top (bench/bulletin_send_run.py).
        command = [sys.executable, "-m", "bench.bulletin_send_run", str(args.recipients), where]
        return subprocess.run(command, cwd=ROOT, env=os.environ, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
