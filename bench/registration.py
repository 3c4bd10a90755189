"""Django-side steps of the registration benchmark, run with `manage.py shell -c`.

``setup`` creates an upcoming members-only event and the members who register
for it, signs each member in and writes what the load generator
(``bench/registration_load.py``) needs to a JSON file; ``verify`` checks the
registrations in the database afterwards. Both run under bench.settings,
against the benchmark database and cache.
"""

import datetime
import json
import secrets
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from events.models import EventIndexPage, EventPage, Registration
from members.models import Membership

Status = Registration.Status


def _event_index():
    index = EventIndexPage.objects.live().first()
    if index is None:  # bench/demo_fallback.py content has no events
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=EventIndexPage(title="Events", slug="events"))
        index.save_revision().publish()
    return index


def setup(label, capacity, members, out_path):
    """An event with ``capacity`` places and ``members`` signed-in members.

    The members are active members with a verified email address, so every
    one of them may register. Each is signed in with Django's own login
    (``Client.force_login``: a real session in the production session store,
    cached_db on Redis and PostgreSQL) rather than through the login form,
    whose rate limit (30 a minute from one address) would stop a load
    generator that signs in a hundred members from 127.0.0.1.
    """
    run = secrets.token_hex(4)
    start = timezone.now() + datetime.timedelta(days=14)
    event = EventPage(
        title=f"Bench registration {label} {run}",
        slug=f"bench-registration-{label}-{run}",
        summary="A members-only event created by the registration benchmark.",
        start=start,
        end=start + datetime.timedelta(hours=2),
        format=EventPage.Format.ONLINE,
        online_joining_details="https://meet.example.org/bench",
        capacity=capacity,
        members_only=True,
    )
    _event_index().add_child(instance=event)
    event.save_revision().publish()

    user_model = get_user_model()
    emails = [f"bench-{label}-{run}-{n:04d}@example.org" for n in range(members)]
    users = []
    for n, email in enumerate(emails):
        user = user_model(email=email, first_name="Bench", last_name=f"Member {n}")
        user.set_unusable_password()  # never used: sessions are made directly
        users.append(user)
    users = user_model.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            category=Membership.Category.OTHER,
            status=Membership.Status.ACTIVE,
            decided_at=timezone.now(),
        )
        for user in users
    )
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user, backend="members.auth_backends.ModelPermissionsBackend")
        sessions.append({"email": user.email, "sessionid": client.cookies["sessionid"].value})

    with open(out_path, "w") as out:
        json.dump(
            {
                "event_id": event.pk,
                "event_path": event.get_url_parts()[2],
                "capacity": capacity,
                "members": sessions,
            },
            out,
        )
    print(
        f"  event {event.get_url_parts()[2]} (members only, {capacity} places), "
        f"{members} active members with a verified email, each signed in"
    )


def verify(setup_path):
    """Exactly min(capacity, members) confirmed, the rest waitlisted, one each."""
    with open(setup_path) as setup_file:
        data = json.load(setup_file)
    event = EventPage.objects.get(pk=data["event_id"])
    emails = {member["email"] for member in data["members"]}
    registrations = list(Registration.objects.filter(event=event).select_related("user"))
    by_status = {}
    for registration in registrations:
        by_status[registration.status] = by_status.get(registration.status, 0) + 1
    per_member = {}
    for registration in registrations:
        email = registration.user.email if registration.user_id else registration.guest_email
        per_member[email] = per_member.get(email, 0) + 1
    confirmed = by_status.get(Status.CONFIRMED, 0)
    waitlisted = by_status.get(Status.WAITLISTED, 0)
    expected_confirmed = min(data["capacity"], len(emails))
    problems = []
    if confirmed != expected_confirmed:
        problems.append(f"{confirmed} confirmed, expected {expected_confirmed}")
    if waitlisted != len(emails) - expected_confirmed:
        problems.append(f"{waitlisted} waitlisted, expected {len(emails) - expected_confirmed}")
    expected_statuses = (Status.CONFIRMED, Status.WAITLISTED)
    others = {status: n for status, n in by_status.items() if status not in expected_statuses}
    if others:
        problems.append(f"unexpected statuses {others}")
    duplicates = sorted(email for email, n in per_member.items() if n > 1)
    if duplicates:
        problems.append(f"{len(duplicates)} members with more than one registration")
    strangers = set(per_member) - emails
    if strangers:
        problems.append(f"{len(strangers)} registrations from people outside the benchmark")
    missing = emails - set(per_member)
    if missing:
        problems.append(f"{len(missing)} members without a registration")
    print(
        f"  database: {len(registrations)} registrations for {len(emails)} members, "
        f"{confirmed} confirmed, {waitlisted} waitlisted (capacity {data['capacity']}), "
        f"{len(duplicates)} duplicates, {len(missing)} missing"
    )
    if problems:
        print("  FAIL: " + "; ".join(problems))
        sys.exit(1)
    print(f"  PASS: exactly {expected_confirmed} confirmed, the rest waitlisted, one each")
