"""Event work on a clock (see network_site.scheduling): waitlist offers that expire,
places held for payment whose time is up, reminders two days and two hours
before, and the thank-you after the event.

Each is safe to run late, twice or in two workers at once: a registration's
``*_sent_at`` is set in the same transaction that queues its email, under a row
lock that other workers skip.
"""

import datetime
from urllib.parse import quote

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from network_site.emails import email_context

from . import places, retention, services, tickets
from .models import Registration

BATCH_SIZE = 200

REMINDERS = {
    # field: (how long before the start, the next reminder's lead: later ones replace it)
    "reminder_2_days_sent_at": (datetime.timedelta(days=2), datetime.timedelta(hours=2)),
    "reminder_2_hours_sent_at": (datetime.timedelta(hours=2), datetime.timedelta(0)),
}
THANK_YOU_AFTER = datetime.timedelta(hours=1)
THANK_YOU_WITHIN = datetime.timedelta(days=7)


@task()
def expire_waitlist_offers(now=None):
    """Offers not accepted in time pass to the next person on the waitlist; guest
    registrations never confirmed lapse."""
    services.expire_unconfirmed_guests(now=now)
    return services.expire_offers(now=now)


def _send_batch(candidates, field, name, context=None):
    """Queue ``name`` for each candidate once: lock the row (skipping rows another
    worker holds), check the field is still empty, set it and queue the email in
    the same transaction."""
    sent = 0
    with transaction.atomic():
        rows = (
            candidates.filter(**{f"{field}__isnull": True})
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "user", "event__venue")
            .order_by("pk")[:BATCH_SIZE]
        )
        now = timezone.now()
        for registration in rows:
            setattr(registration, field, now)
            registration.save(update_fields=[field])
            places.send_registration_email(
                name, registration, **(context(registration) if context else {})
            )
            sent += 1
    return sent


def reminder_candidates(field, now):
    lead, next_lead = REMINDERS[field]
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        event__cancelled_at__isnull=True,
        event__live=True,
        event__start__lte=now + lead,
        event__start__gt=now + next_lead,
    ).filter(
        # Someone who registered after this reminder was due has just had their
        # confirmation: no reminder that says the same.
        Q(confirmed_at__isnull=True) | Q(confirmed_at__lte=F("event__start") - lead)
    )


@task()
def send_event_reminders(now=None):
    """Reminders two days and two hours before each event, once each, only to
    confirmed registrations of events that are not cancelled."""
    now = now or timezone.now()
    sent = 0
    for field in REMINDERS:
        candidates = reminder_candidates(field, now)
        soon = field == "reminder_2_hours_sent_at"
        while batch := _send_batch(
            candidates,
            field,
            "events/event_reminder",
            lambda registration, soon=soon: {"soon": soon},
        ):
            sent += batch
            if batch < BATCH_SIZE:
                break
    return sent


def feedback_url(registration):
    organisation = email_context()["organisation"]
    if organisation.email:
        subject = quote(f"Feedback: {registration.event.title}")
        return f"mailto:{organisation.email}?subject={subject}"
    return places.registration_links(registration)["event_url"]


def thank_you_candidates(now):
    ended = Registration.objects.filter(
        event__cancelled_at__isnull=True,
        event__end__lte=now - THANK_YOU_AFTER,
        event__end__gt=now - THANK_YOU_WITHIN,
    )
    # Events with a check-in thank those who came; without one, everyone confirmed.
    checked_in = Registration.objects.filter(status=Registration.Status.ATTENDED).values("event_id")
    return ended.filter(
        Q(status=Registration.Status.ATTENDED)
        | (Q(status=Registration.Status.CONFIRMED) & ~Q(event__in=checked_in))
    )


@task()
def send_event_thank_yous(now=None):
    """A thank-you with a feedback link, once, after each event."""
    now = now or timezone.now()
    sent = 0
    candidates = thank_you_candidates(now)
    while batch := _send_batch(
        candidates,
        "thank_you_sent_at",
        "events/event_thank_you",
        lambda registration: {"feedback_url": feedback_url(registration)},
    ):
        sent += batch
        if batch < BATCH_SIZE:
            break
    return sent


@task()
def expire_payment_holds(now=None):
    """Places held for payments not made in time are released (the Checkout
    Session is ended at Stripe first: a payment made at the last moment keeps its
    place) and refunds still owed are tried again. Run every minute."""
    return tickets.expire_holds(now=now)


@task()
def prune_past_registrations(now=None):
    """Forget the people of long-past events (events.retention)."""
    return retention.prune_past_registrations(now=now)
