"""The measured part of bench/bulletin_send.py, in a process of its own: that
script makes the throwaway database, points DATABASE_URL at it and runs this
module (``python -m bench.bulletin_send_run RECIPIENTS WHERE``), so Django is set
up once, at the top, for that database. See bulletin_send.py for what is
measured and checked."""

import datetime
import os
import secrets
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_site.settings.test")

import django

django.setup()

import sqlite3

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from wagtail.rich_text import RichText

from members.bulletins import sending, services, tasks
from members.bulletins.models import Bulletin, BulletinDelivery
from members.models import MarketingConsent, Membership
from network_site.models import OutboundEmail, UndeliverableAddress

DOMAIN = "bench.keepitlocal.example"
DELIVER_EMAIL = "network_site.tasks.deliver_email"


def database_version():
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor}"


# The people --------------------------------------------------------------------


def groups(recipients):
    """How many of each kind of member: those who get the bulletin, those the
    audience leaves out, and, per run, those who drop out while it is sending."""
    some = max(recipients // 20, 1)
    late = max(recipients // 100, 1)
    return {
        "consenting": recipients,
        "never-asked": some,
        "withdrawn": some,
        "lapsed": max(recipients // 50, 1),
        "bounced": some // 2 or 1,
        "complained": some // 2 or 1,
        **{f"late-{kind}-{run}": late for run in (1, 2) for kind in ("unsubscribe", "bounce")},
    }


def address(group, n):
    if group == "complained":  # upper case: the gate compares addresses in lower case
        return f"Complained-{n:05d}@BENCH.KeepItLocal.example"
    return f"{group}-{n:05d}@{DOMAIN}"


def create_people(sizes):
    """The members, with the project's models; returns their users by group. Users
    are made in group order, so the late groups (last) are in the last batches."""
    user_model = get_user_model()
    now = timezone.now()
    long_ago, a_while_ago = now - datetime.timedelta(days=400), now - datetime.timedelta(days=200)
    people = {}
    for group, size in sizes.items():
        users = []
        for n in range(size):
            user = user_model(email=address(group, n), first_name="Bench", last_name=f"{n}")
            user.set_unusable_password()
            users.append(user)
        people[group] = user_model.objects.bulk_create(users, batch_size=1000)

    everyone = [user for users in people.values() for user in users]
    lapsed = {user.pk for user in people["lapsed"]}
    Membership.objects.bulk_create(
        (
            Membership(
                user=user,
                category=Membership.Category.OTHER,
                status=Membership.Status.LAPSED if user.pk in lapsed else Membership.Status.ACTIVE,
                decided_at=long_ago,
            )
            for user in everyone
        ),
        batch_size=1000,
    )

    def consent(user, given, when):
        return MarketingConsent(
            user=user, given=given, wording="Send me the network's bulletins.", recorded_at=when
        )

    consents = []
    for group, users in people.items():
        if group == "never-asked":
            continue
        for n, user in enumerate(users):
            if group == "withdrawn":
                consents += [consent(user, True, long_ago), consent(user, False, a_while_ago)]
            elif group == "consenting" and n % 10 == 0:  # withdrew once, then gave it again
                consents += [
                    consent(user, True, long_ago),
                    consent(user, False, a_while_ago),
                    consent(user, True, now),
                ]
            else:
                consents.append(consent(user, True, a_while_ago))
    MarketingConsent.objects.bulk_create(consents, batch_size=1000)

    reasons = UndeliverableAddress.Reason
    for group, reason in (("bounced", reasons.BOUNCED), ("complained", reasons.COMPLAINED)):
        for user in people[group]:
            UndeliverableAddress.record(user.email, reason, detail="bench: before the bulletin")
    return people


# Watching the send -------------------------------------------------------------


class QueryCounter:
    """Counts every SQL statement on the connection (``connection.execute_wrapper``).
    Unlike CaptureQueriesContext it keeps no SQL, so it has no 9,000-query limit."""

    def __init__(self):
        self.total = 0
        self.by_kind = Counter()
        self.paused = False

    def __call__(self, execute, sql, params, many, context):
        if not self.paused:
            self.total += 1
            self.by_kind[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)


class SendProbe:
    """Receivers of django_tasks' task_started and task_finished for deliver_email.

    Times the delivery tasks and counts their queries; after each one, takes the
    messages out of the test backend's outbox and counts them per address (which
    also keeps the outbox from holding every message: its message id is a
    ``list.index`` of the outbox, slower with each message held). Before the
    first delivery, that is once the first batch has committed, ``late_changes``
    runs. What the probe does itself is left out of the time and the queries.
    """

    def __init__(self, counter, late_changes):
        self.counter = counter
        self.late_changes = late_changes
        self.delivered = Counter()
        self.links = set()
        self.missing_headers = 0
        self.failed_tasks = []
        self.deliveries = 0
        self.delivery_seconds = 0.0
        self.delivery_queries = 0
        self.overhead_seconds = 0.0
        self._started = None

    @contextmanager
    def _own_work(self):
        began = time.perf_counter()
        self.counter.paused = True
        try:
            yield
        finally:
            self.counter.paused = False
            self.overhead_seconds += time.perf_counter() - began

    def started(self, sender, task_result, **kwargs):
        if task_result.task.module_path != DELIVER_EMAIL:
            return
        if self.late_changes is not None:
            with self._own_work():
                self.late_changes()
            self.late_changes = None
        self._started = (time.perf_counter(), self.counter.total)

    def finished(self, sender, task_result, **kwargs):
        if task_result.task.module_path != DELIVER_EMAIL:
            return
        began, queries = self._started
        self.delivery_seconds += time.perf_counter() - began
        self.delivery_queries += self.counter.total - queries
        self.deliveries += 1
        with self._own_work():
            if task_result.status != TaskResultStatus.SUCCESSFUL:
                self.failed_tasks.append(task_result.errors)
            for message in getattr(mail, "outbox", []):
                for to in message.to:
                    self.delivered[to.lower()] += 1
                headers = message.extra_headers
                if "List-Unsubscribe" in headers and "List-Unsubscribe-Post" in headers:
                    self.links.add(headers["List-Unsubscribe"])
                else:
                    self.missing_headers += 1
            mail.outbox = []

    @contextmanager
    def connected(self):
        task_started.connect(self.started, dispatch_uid="bench.bulletin.started")
        task_finished.connect(self.finished, dispatch_uid="bench.bulletin.finished")
        try:
            yield self
        finally:
            task_started.disconnect(dispatch_uid="bench.bulletin.started")
            task_finished.disconnect(dispatch_uid="bench.bulletin.finished")


# One run -----------------------------------------------------------------------


def scheduled_bulletin(run, staff):
    """A bulletin for every consenting member (no segment), scheduled through the
    service a second from now, returned once the scheduler would find it due."""
    paragraph = "Councils and community organisations told us what keeps services local. "
    bulletin = Bulletin.objects.create(
        subject=f"News from the network, bench run {run}",
        slug=f"bench-bulletin-{run}-{secrets.token_hex(3)}",
        preheader="Three councils, two events and one good idea.",
        body=[
            ("heading", {"text": "What we heard this month", "level": "h2"}),
            ("text", RichText(f'<p>{paragraph * 6}<a href="/events/">Our events</a>.</p>')),
            ("heading", {"text": "Five lessons", "level": "h3"}),
            ("text", RichText("<ul>" + "<li>Start with the people.</li>" * 5 + "</ul>")),
            ("text", RichText(f"<p>{paragraph * 4}</p>")),
            (
                "call_to_action",
                {
                    "heading": "Bring the network to your area",
                    "text": "Councils can ask us to host a roundtable or briefing locally.",
                    "button_label": "Request an event",
                    "link": {"page": None, "url": "/events/request/"},
                },
            ),
        ],
    )
    send_at = timezone.now() + datetime.timedelta(seconds=1)
    services.schedule(bulletin, by=staff, send_at=send_at)
    while timezone.now() < send_at:
        time.sleep(0.05)
    if bulletin.pk not in sending.due():
        raise AssertionError("the scheduled bulletin is not due")
    return bulletin


def late_changes(bulletin, unsubscribing, bouncing):
    """Members in the audience who, while the bulletin is sending, unsubscribe with
    the link of their delivery or whose address bounces."""

    def change():
        for delivery in BulletinDelivery.objects.filter(bulletin=bulletin, user__in=unsubscribing):
            services.unsubscribe(sending.unsubscribe_token(delivery))
        for user in bouncing:
            UndeliverableAddress.record(
                user.email, UndeliverableAddress.Reason.BOUNCED, detail="bench: while sending"
            )

    return change


def send_one(run, people, staff, measure_memory):
    bulletin = scheduled_bulletin(run, staff)
    unsubscribing, bouncing = people[f"late-unsubscribe-{run}"], people[f"late-bounce-{run}"]
    counter = QueryCounter()
    probe = SendProbe(counter, late_changes(bulletin, unsubscribing, bouncing))
    emails_before = OutboundEmail.objects.count()

    if measure_memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
    began = time.perf_counter()
    with probe.connected(), connection.execute_wrapper(counter):
        tasks.send_bulletin.call(bulletin.pk)  # what the worker runs: sending.send
    wall = time.perf_counter() - began - probe.overhead_seconds
    peak = None
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    bulletin.refresh_from_db()
    progress = services.progress(bulletin)
    late = len(unsubscribing) + len(bouncing)
    # The members who drop out during a later run are still in this one's audience.
    later = [group for group in people if group.startswith("late-") and int(group[-1]) > run]
    receiving = {user.email.lower() for group in ("consenting", *later) for user in people[group]}
    problems = []
    expected = {
        "recipients": len(receiving) + late,
        "waiting": 0,
        "handed_over": len(receiving),
        "suppressed": late,
        "sent": len(receiving),
        "failed": 0,
        "retrying": 0,
    }
    if progress != expected:
        problems.append(f"progress {progress}, expected {expected}")
    if bulletin.status != Bulletin.Status.SENT:
        problems.append(f"bulletin is {bulletin.status}, not sent")
    emails_made = OutboundEmail.objects.count() - emails_before
    if emails_made != len(receiving):
        problems.append(f"{emails_made} emails written to the outbox, expected {len(receiving)}")
    missing = receiving - set(probe.delivered)
    if missing:
        problems.append(f"{len(missing)} consenting members got no email")
    repeated = [to for to, n in probe.delivered.items() if n > 1]
    if repeated:
        problems.append(f"{len(repeated)} addresses got more than one email")
    others = set(probe.delivered) - receiving
    if others:
        kinds = Counter(to.split("-0")[0] for to in others)
        problems.append(f"{len(others)} emails to people it must not reach: {dict(kinds)}")
    if probe.missing_headers or len(probe.links) != sum(probe.delivered.values()):
        problems.append("not every email has List-Unsubscribe(-Post) with its own link")
    if probe.failed_tasks:
        problems.append(f"{len(probe.failed_tasks)} deliver_email tasks failed")

    sent = sum(probe.delivered.values())
    audience = expected["recipients"]
    return {
        "run": "timed" if not measure_memory else "tracemalloc",
        "audience": audience,
        "emails": sent,
        "suppressed": progress["suppressed"],
        "wall": wall,
        "per_second": sent / wall if wall else 0.0,
        "queries": counter.total,
        "per_recipient": counter.total / audience,
        "delivery_per_recipient": probe.delivery_queries / audience,
        "delivery_share": probe.delivery_seconds / wall if wall else 0.0,
        "by_kind": dict(counter.by_kind),
        "peak": peak,
        "problems": problems,
    }


# The table ---------------------------------------------------------------------

COLUMNS = [
    ("run", "run", "{}"),
    ("audience", "recipients", "{:,}"),
    ("emails", "emails", "{:,}"),
    ("suppressed", "suppressed at send", "{:,}"),
    ("wall", "wall s", "{:.2f}"),
    ("per_second", "emails/s", "{:.0f}"),
    ("queries", "queries", "{:,}"),
    ("per_recipient", "queries/recipient", "{:.2f}"),
    ("delivery_per_recipient", "of which deliver_email", "{:.2f}"),
    ("delivery_share", "time in deliver_email", "{:.0%}"),
    ("peak", "peak memory MiB", "{}"),
    ("check", "check", "{}"),
]


def cell(row, key, spec):
    if key == "peak":
        return "-" if row["peak"] is None else f"{row['peak'] / 2**20:.1f}"
    if key == "check":
        return "FAIL" if row["problems"] else "PASS"
    if key == "wall" and row["run"] == "tracemalloc":
        return f"({row['wall']:.2f})"  # slowed down by tracemalloc
    if key in ("per_second", "delivery_share") and row["run"] == "tracemalloc":
        return "-"
    return spec.format(row[key])


def table(rows):
    lines = [
        "| " + " | ".join(title for _, title, _ in COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    lines += [
        "| " + " | ".join(cell(row, key, spec) for key, _, spec in COLUMNS) + " |" for row in rows
    ]
    return "\n".join(lines)


def main(recipients, where):
    """Set up, send two bulletins (timed, then under tracemalloc), print the table;
    0 when every check passed."""
    if recipients < sending.BATCH_SIZE:
        print(f"--recipients must be at least one batch ({sending.BATCH_SIZE})", file=sys.stderr)
        return 2

    version = database_version()
    print(f"== Setup: {where}, {version}", flush=True)
    began = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrate: {time.perf_counter() - began:.1f} s", flush=True)
    sizes = groups(recipients)
    began = time.perf_counter()
    people = create_people(sizes)
    staff = get_user_model().objects.create(email=f"staff@{DOMAIN}", is_staff=True)
    left_out = {group: n for group, n in sizes.items() if not group.startswith("late")}
    print(
        f"  {sum(sizes.values()):,} members in {time.perf_counter() - began:.1f} s: "
        + ", ".join(f"{n:,} {group}" for group, n in left_out.items())
        + f"; per run, {sizes['late-unsubscribe-1']:,} unsubscribe and "
        f"{sizes['late-bounce-1']:,} bounce while it sends",
        flush=True,
    )
    print(
        f"  email backend {settings.EMAIL_BACKEND}, tasks "
        f"{settings.TASKS['default']['BACKEND']}, batches of {sending.BATCH_SIZE}",
        flush=True,
    )

    rows = []
    for run, measure_memory in ((1, False), (2, True)):
        print(f"== Run {run}: {'tracemalloc' if measure_memory else 'timed'}", flush=True)
        row = send_one(run, people, staff, measure_memory)
        kinds = ", ".join(f"{kind} {n:,}" for kind, n in sorted(row["by_kind"].items()))
        print(f"  {row['wall']:.2f} s, queries: {kinds}", flush=True)
        for problem in row["problems"]:
            print(f"  FAIL: {problem}", flush=True)
        rows.append(row)

    print()
    print(
        f"Bulletin send, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
        f"{version}, {recipients:,} consenting members"
    )
    print()
    print(table(rows))
    print()
    if any(row["problems"] for row in rows):
        print("FAIL: see the problems above")
        return 1
    print(
        "PASS: each consenting, deliverable member got exactly one email with its own "
        "unsubscribe link; nobody else got one"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2]))
