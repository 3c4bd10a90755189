"""Capacity under concurrency, on PostgreSQL: real threads, each with its own
database connection, released together by a barrier.

Each race is run twice: with the event row lock (exactly right, every time) and,
as a negative control, with the lock switched off (events.places.LOCK_EVENTS),
which must break the rule, so we know the test would catch a missing lock. A short
pause between counting places and acting on the count (in both runs) widens the
race window so that the negative control fails every time rather than sometimes.
"""

import threading
import time

import pytest
from allauth.account.models import EmailAddress
from django.db import OperationalError, connection

from events import places, rules, services
from events.models import Registration
from network_site.models import OutboundEmail
from tests.factories import UserFactory

Status = Registration.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RACE_WINDOW = 0.02  # seconds between counting places and acting on the count


@pytest.fixture
def widened_race(monkeypatch):
    def slow_places_left(event, taken=None):
        left = rules.places_left(event, taken)
        time.sleep(RACE_WINDOW)
        return left

    monkeypatch.setattr(services, "places_left", slow_places_left)


def verified_users(count):
    users = UserFactory.create_batch(count)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


CONNECTION_FULL = ("too many clients", "remaining connection slots")


def run_concurrently(function, arguments):
    """Call ``function(argument)`` for every argument, each in its own thread and
    connection, all released at once. Returns (results, errors)."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []
    lock = threading.Lock()

    def worker(argument):
        try:
            barrier.wait(timeout=60)
            for attempt in range(100):
                try:
                    result = function(argument)
                    break
                except OperationalError as error:
                    # The server's connection limit, met before any work was done:
                    # wait for a slot (the others finish their transactions).
                    if not any(text in str(error) for text in CONNECTION_FULL):
                        raise
                    connection.close()
                    time.sleep(0.05 * (attempt + 1))
            with lock:
                results.append(result)
        except Exception as error:  # reported by the test
            with lock:
                errors.append(error)
        finally:
            connection.close()

    # The test's own connection is not needed while the threads run.
    connection.close()
    threads = [threading.Thread(target=worker, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    return results, errors


def statuses(event):
    return {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Status.values
    }


def register_100_at_10_places(make_event):
    event = make_event(capacity=10)
    users = verified_users(100)
    results, errors = run_concurrently(lambda user: services.register_member(event, user), users)
    assert errors == []
    assert len(results) == 100
    return event


@pytest.mark.usefixtures("widened_race")
def test_100_concurrent_registrations_fill_10_places_and_queue_90(make_event):
    event = register_100_at_10_places(make_event)
    counts = statuses(event)
    assert counts[Status.CONFIRMED] == 10
    assert counts[Status.WAITLISTED] == 90
    assert Registration.objects.filter(event=event).count() == 100


@pytest.mark.usefixtures("widened_race")
def test_negative_control_without_the_lock_registrations_overbook(make_event, monkeypatch):
    monkeypatch.setattr(places, "LOCK_EVENTS", False)
    event = register_100_at_10_places(make_event)
    assert statuses(event)[Status.CONFIRMED] > 10, "without the lock the event should overbook"


def cancellations_race_promotion(make_event):
    """20 confirmed and 20 waitlisted at an event with 20 places; the 20 confirmed
    cancel at once while offer sweeps run alongside."""
    event = make_event(capacity=20)
    users = verified_users(40)
    registrations = [services.register_member(event, user) for user in users]
    confirmed, waitlisted = registrations[:20], registrations[20:]
    assert {r.status for r in confirmed} == {Status.CONFIRMED}
    assert {r.status for r in waitlisted} == {Status.WAITLISTED}

    def act(argument):
        kind, registration = argument
        if kind == "cancel":
            return services.cancel_registration(registration)
        return services.offer_next_place(event)

    work = [("cancel", r) for r in confirmed] + [("offer", None)] * 5
    _results, errors = run_concurrently(act, work)
    assert errors == []
    return event, confirmed, waitlisted


@pytest.mark.usefixtures("widened_race")
def test_20_concurrent_cancellations_offer_each_place_exactly_once(make_event):
    event, _confirmed, waitlisted = cancellations_race_promotion(make_event)
    counts = statuses(event)
    assert counts[Status.CANCELLED] == 20
    assert counts[Status.OFFERED] == 20
    assert counts[Status.WAITLISTED] == 0
    assert rules.places_taken(event) == event.capacity
    offered = set(
        Registration.objects.filter(event=event, status=Status.OFFERED).values_list("pk", flat=True)
    )
    assert offered == {r.pk for r in waitlisted}
    # One offer email per person offered.
    offers = OutboundEmail.objects.filter(template="events/event_waitlist_offer")
    assert offers.count() == 20
    assert offers.values("to").distinct().count() == 20


@pytest.mark.usefixtures("widened_race")
def test_negative_control_without_the_lock_cancellations_lose_or_double_places(
    make_event, monkeypatch
):
    monkeypatch.setattr(places, "LOCK_EVENTS", False)
    event, _confirmed, _waitlisted = cancellations_race_promotion(make_event)
    offers = OutboundEmail.objects.filter(template="events/event_waitlist_offer").count()
    taken = rules.places_taken(event)
    assert taken != event.capacity or offers != 20, "without the lock the race should show"
