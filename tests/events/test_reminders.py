"""Reminders two days and two hours before, the thank-you after, and the schedule."""

import datetime

import pytest
from django.utils import timezone

from events import tasks
from events.models import Registration
from network_site.models import OutboundEmail
from network_site.scheduling import PERIODIC_TASKS
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory

Status = Registration.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_event(home_page):
    index = EventIndexPageFactory(parent=home_page)

    def make(start, **fields):
        return EventPageFactory(
            parent=index, start=start, end=start + datetime.timedelta(hours=3), **fields
        )

    return make


def registered(event, status=Status.CONFIRMED, confirmed_days_before=10):
    return RegistrationFactory(
        event=event,
        status=status,
        confirmed_at=event.start - datetime.timedelta(days=confirmed_days_before),
    )


def templates_to(registration):
    return list(
        OutboundEmail.objects.filter(to=registration.email)
        .order_by("pk")
        .values_list("template", flat=True)
    )


def test_two_day_and_two_hour_reminders_are_sent_once_each(make_event):
    now = timezone.now()
    event = make_event(now + datetime.timedelta(days=2, minutes=-3))
    confirmed = registered(event)
    waitlisted = registered(event, Status.WAITLISTED)
    cancelled = registered(event, Status.CANCELLED)

    assert tasks.send_event_reminders.call(now=now) == 1
    assert tasks.send_event_reminders.call(now=now) == 0
    confirmed.refresh_from_db()
    assert confirmed.reminder_2_days_sent_at is not None
    assert templates_to(confirmed) == ["events/event_reminder"]
    assert templates_to(waitlisted) == templates_to(cancelled) == []
    email = OutboundEmail.objects.get()
    assert "two days" in email.subject
    assert f"registrations/{confirmed.cancel_token}/cancel/" in email.body_text

    later = event.start - datetime.timedelta(hours=1, minutes=55)
    assert tasks.send_event_reminders.call(now=later) == 1
    assert tasks.send_event_reminders.call(now=later) == 0
    assert templates_to(confirmed) == ["events/event_reminder", "events/event_reminder"]
    assert "two hours" in OutboundEmail.objects.order_by("pk").last().subject


def test_no_reminders_for_a_cancelled_event(make_event):
    now = timezone.now()
    event = make_event(now + datetime.timedelta(hours=1), cancelled_at=now)
    registered(event)
    assert tasks.send_event_reminders.call(now=now) == 0


def test_late_registrants_get_no_two_day_reminder(make_event):
    now = timezone.now()
    event = make_event(now + datetime.timedelta(days=1))
    registered(event, confirmed_days_before=0)
    assert tasks.send_event_reminders.call(now=now) == 0


def test_thank_you_after_the_event_once_to_those_who_came(make_event):
    now = timezone.now()
    event = make_event(now - datetime.timedelta(hours=5))
    came = registered(event, Status.ATTENDED)
    no_show = registered(event)
    assert tasks.send_event_thank_yous.call(now=now) == 1
    assert tasks.send_event_thank_yous.call(now=now) == 0
    assert templates_to(came) == ["events/event_thank_you"]
    assert templates_to(no_show) == []


def test_thank_you_to_confirmed_when_nobody_was_checked_in(make_event):
    now = timezone.now()
    event = make_event(now - datetime.timedelta(hours=5))
    confirmed = registered(event)
    assert tasks.send_event_thank_yous.call(now=now) == 1
    assert templates_to(confirmed) == ["events/event_thank_you"]


def test_event_tasks_are_scheduled():
    paths = {periodic.task_path: periodic.every_minutes for periodic in PERIODIC_TASKS}
    assert paths["events.tasks.expire_waitlist_offers"] == 5
    assert paths["events.tasks.send_event_reminders"] == 5
    assert "events.tasks.send_event_thank_yous" in paths
