"""Long after an event, what its registrations say about people goes: guests'
names and addresses, and everyone's access and dietary needs; the attendance
counts stay."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from events.retention import prune_past_registrations
from events.tasks import prune_past_registrations as prune_task
from tests.factories import RegistrationFactory, guest_registration

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def ended(make_event, days_ago):
    start = timezone.now() - days_ago * DAY - datetime.timedelta(hours=3)
    return make_event(start=start, end=start + datetime.timedelta(hours=3))


def test_people_of_long_past_events_are_forgotten_and_the_counts_stay(make_event, settings):
    settings.EVENT_PERSONAL_DATA_RETENTION_DAYS = 365
    long_past, last_month = ended(make_event, 366), ended(make_event, 30)
    guest = guest_registration(
        long_past, "Grace Hopper", "grace@example.org", status="attended", dietary_needs="Vegan"
    )
    member = RegistrationFactory(
        event=long_past, access_needs="Step-free access", share_with_hosts=True
    )
    recent_guest = guest_registration(
        last_month, "Ada Lovelace", "ada@example.org", access_needs="Hearing loop"
    )

    assert prune_past_registrations() == 1
    guest.refresh_from_db()
    assert guest.guest_name == ""
    assert guest.guest_email == f"erased-guest-{guest.pk}@invalid.example"
    assert guest.dietary_needs == ""
    assert guest.status == "attended"
    member.refresh_from_db()
    assert (member.access_needs, member.share_with_hosts) == ("", False)
    assert member.user is not None
    recent_guest.refresh_from_db()
    assert (recent_guest.guest_email, recent_guest.access_needs) == (
        "ada@example.org",
        "Hearing loop",
    )
    assert Registration.objects.filter(event=long_past).count() == 2

    # Running again (the task, daily) finds nothing left to forget.
    assert prune_task.call() == 0
    guest.refresh_from_db()
    assert guest.guest_email == f"erased-guest-{guest.pk}@invalid.example"
