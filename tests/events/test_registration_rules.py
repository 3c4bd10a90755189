"""Rules of registration, the waitlist and promotion (events.services)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import places, services
from events.models import Registration
from events.places import AlreadyRegistered
from network_site.models import OutboundEmail
from network_site.refusals import Refused
from tests.factories import MembershipFactory, UserFactory
from tests.members.membership_roles import verified_user

Status = Registration.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(capacity=2)


def sent_templates(to=None):
    emails = OutboundEmail.objects.order_by("pk")
    if to:
        emails = emails.filter(to=to)
    return list(emails.values_list("template", flat=True))


def test_member_takes_a_place_and_gets_a_confirmation(event):
    user = verified_user()
    registration = services.register_member(
        event, user, access_needs="Step-free", dietary_needs="Vegan", share_with_hosts=True
    )
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.access_needs == "Step-free"
    assert registration.share_with_hosts is True
    assert sent_templates(user.email) == ["events/event_registration_confirmed"]
    email = OutboundEmail.objects.get(to=user.email)
    assert f"/events/{event.slug}/event.ics" in email.body_text
    assert f"registrations/{registration.cancel_token}/cancel/" in email.body_text


def test_full_event_puts_people_on_the_waitlist_in_order(event):
    users = [verified_user() for _ in range(4)]
    statuses = [services.register_member(event, user).status for user in users]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.WAITLISTED]
    assert sent_templates(users[2].email) == ["events/event_waitlisted"]
    waitlist = list(Registration.objects.filter(event=event).waitlisted())
    assert [r.user for r in waitlist] == users[2:]


def test_registering_twice_changes_nothing(event):
    user = verified_user()
    first = services.register_member(event, user)
    with pytest.raises(AlreadyRegistered) as refused:
        services.register_member(event, user)
    assert refused.value.registration == first
    assert "already registered" in refused.value.message
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_unverified_account_is_refused(event):
    user = UserFactory()
    with pytest.raises(Refused, match="verify your email"):
        services.register_member(event, user)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not opened"),
        (
            {
                "start": timezone.now() - datetime.timedelta(days=2),
                "end": timezone.now() - datetime.timedelta(days=2, hours=-3),
            },
            "already taken place",
        ),
    ],
)
def test_closed_not_open_or_past_events_refuse(make_event, fields, message):
    event = make_event(**fields)
    with pytest.raises(Refused, match=message):
        services.register_member(event, verified_user())
    with pytest.raises(Refused, match=message):
        services.register_guest(event, "Guest", "guest@example.org")
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_cancelled_event_refuses(event):
    services.cancel_event(event, "Venue flooded", by=None)
    with pytest.raises(Refused, match="cancelled"):
        services.register_member(event, verified_user())


def test_members_only_needs_an_active_membership(make_event):
    event = make_event(members_only=True)
    user = verified_user()
    with pytest.raises(Refused, match="members only"):
        services.register_member(event, user)
    MembershipFactory(user=user, status="pending")
    user.refresh_from_db()
    with pytest.raises(Refused, match="members only"):
        services.register_member(event, user)
    user.membership.status = "active"
    user.membership.save()
    assert services.register_member(event, user).status == Status.CONFIRMED
    with pytest.raises(Refused, match="members only"):
        services.register_guest(event, "Guest", "guest@example.org")


def test_guest_place_counts_only_after_confirming(event):
    guest = services.register_guest(event, "Ada Guest", "Ada@Example.org ")
    assert guest.status == Status.PENDING_CONFIRMATION
    assert guest.guest_email == "ada@example.org"
    assert sent_templates() == ["events/event_guest_confirm"]
    assert f"registrations/{guest.cancel_token}/confirm/" in OutboundEmail.objects.get().body_text
    # Two members take both places while the guest has not confirmed.
    services.register_member(event, verified_user())
    services.register_member(event, verified_user())
    guest = services.confirm_guest(guest)
    assert guest.status == Status.WAITLISTED
    # A reused link does nothing.
    with pytest.raises(Refused, match="no longer valid"):
        services.confirm_guest(guest)


def test_guest_twice_with_the_same_email_is_one_registration(event):
    services.register_guest(event, "Ada", "ada@example.org")
    with pytest.raises(AlreadyRegistered, match="confirm your place"):
        services.register_guest(event, "Ada again", "ADA@example.org")
    assert Registration.objects.count() == 1


def test_guest_with_a_members_email_who_is_registered_is_refused(event):
    user = verified_user(email="member@example.org")
    services.register_member(event, user)
    with pytest.raises(AlreadyRegistered):
        services.register_guest(event, "Member", "member@example.org")


def test_cancelling_offers_the_place_to_the_first_on_the_waitlist(event):
    now = timezone.now()
    users = [verified_user() for _ in range(4)]
    registrations = [services.register_member(event, user) for user in users]
    services.cancel_registration(registrations[0], now=now)
    registrations = [Registration.objects.get(pk=r.pk) for r in registrations]
    assert [r.status for r in registrations] == [
        Status.CANCELLED,
        Status.CONFIRMED,
        Status.OFFERED,
        Status.WAITLISTED,
    ]
    offered = registrations[2]
    assert offered.offer_expires_at == now + datetime.timedelta(hours=48)
    assert sent_templates(users[0].email)[-1] == "events/event_registration_cancelled"
    assert sent_templates(users[2].email)[-1] == "events/event_waitlist_offer"
    accept = OutboundEmail.objects.filter(to=users[2].email).order_by("pk").last()
    assert f"registrations/{offered.cancel_token}/accept/" in accept.body_text

    accepted = services.accept_offer(offered, now=now + datetime.timedelta(hours=1))
    assert accepted.status == Status.CONFIRMED
    assert sent_templates(users[2].email)[-1] == "events/event_registration_confirmed"
    with pytest.raises(Refused, match="no longer valid"):
        services.accept_offer(offered)


def test_cancelling_twice_is_refused_and_changes_nothing(event):
    registration = services.register_member(event, verified_user())
    services.cancel_registration(registration)
    count = OutboundEmail.objects.count()
    with pytest.raises(Refused, match="already been cancelled"):
        services.cancel_registration(registration)
    assert OutboundEmail.objects.count() == count


def test_an_unaccepted_offer_passes_to_the_next_person(make_event):
    event = make_event(capacity=1, offer_hours=24)
    now = timezone.now()
    first, second, third = (services.register_member(event, verified_user()) for _ in range(3))
    services.cancel_registration(first, now=now)
    second.refresh_from_db()
    assert second.status == Status.OFFERED

    assert services.expire_offers(now=now + datetime.timedelta(hours=23)) == 0
    assert services.expire_offers(now=now + datetime.timedelta(hours=24, minutes=1)) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Status.CANCELLED
    assert third.status == Status.OFFERED
    assert sent_templates(second.email)[-1] == "events/event_offer_expired"
    with pytest.raises(Refused, match="no longer valid"):
        services.accept_offer(second)
    # Running it again changes nothing.
    assert services.expire_offers(now=now + datetime.timedelta(hours=25)) == 0


def test_an_expired_offer_cannot_be_accepted_before_the_sweep(make_event):
    event = make_event(capacity=1, offer_hours=2)
    now = timezone.now()
    first, second = (services.register_member(event, verified_user()) for _ in range(2))
    services.cancel_registration(first, now=now)
    second.refresh_from_db()
    with pytest.raises(Refused, match="expired"):
        services.accept_offer(second, now=now + datetime.timedelta(hours=3))
    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_offer_never_outlasts_the_event_start(make_event):
    now = timezone.now()
    event = make_event(
        capacity=1,
        start=now + datetime.timedelta(hours=5),
        end=now + datetime.timedelta(hours=8),
    )
    first, second = (services.register_member(event, verified_user()) for _ in range(2))
    services.cancel_registration(first, now=now)
    second.refresh_from_db()
    assert second.offer_expires_at == event.start


def test_raised_capacity_is_offered_by_the_periodic_sweep(make_event):
    event = make_event(capacity=1)
    services.register_member(event, verified_user())
    waiting = services.register_member(event, verified_user())
    event.capacity = 2
    event.save()
    services.expire_offers()
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_staff_moves_stay_within_capacity(make_event):
    event = make_event(capacity=1)
    staff = UserFactory(is_staff=True)
    first, second = (services.register_member(event, verified_user()) for _ in range(2))
    with pytest.raises(Refused, match="full"):
        services.move_to_confirmed(second, by=staff)
    services.move_to_waitlist(first, by=staff)
    assert services.move_to_confirmed(second, by=staff).status == Status.CONFIRMED
    first.refresh_from_db()
    assert first.status == Status.WAITLISTED


def test_staff_add_guest_and_member(make_event):
    event = make_event(capacity=1, registration_closes_at=timezone.now())
    staff = UserFactory(is_staff=True)
    guest = services.add_by_staff(event, name="Walk In", email="walk@example.org", by=staff)
    assert guest.status == Status.CONFIRMED
    member = services.add_by_staff(event, user=UserFactory(), by=staff)
    assert member.status == Status.WAITLISTED
    with pytest.raises(AlreadyRegistered):
        services.add_by_staff(event, name="Walk In", email="walk@example.org", by=staff)


def test_mark_attended(event):
    staff = UserFactory(is_staff=True)
    confirmed = services.register_member(event, verified_user())
    assert services.mark_attended(confirmed, by=staff).status == Status.ATTENDED
    assert services.mark_attended(confirmed, by=staff).status == Status.ATTENDED
    with pytest.raises(Refused, match="cannot be cancelled"):
        services.cancel_registration(confirmed)
    guest = services.register_guest(event, "Guest", "g@example.org")
    with pytest.raises(Refused, match="give them a place"):
        services.mark_attended(guest, by=staff)


def test_cancel_event_cancels_every_active_registration_and_tells_them(event):
    staff = UserFactory(is_staff=True)
    members = [services.register_member(event, verified_user()) for _ in range(3)]
    guest = services.register_guest(event, "Guest", "g@example.org")
    services.cancel_registration(members[0])
    mail.outbox.clear()
    before = OutboundEmail.objects.count()
    cancelled = services.cancel_event(event, "The venue is closed.", by=staff)
    assert {r.pk for r in cancelled} == {members[1].pk, members[2].pk, guest.pk}
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancellation_reason == "The venue is closed."
    assert event.ical_sequence == 1
    assert not Registration.objects.filter(event=event).active().exists()
    emails = OutboundEmail.objects.order_by("pk")[before:]
    assert [e.template for e in emails] == ["events/event_cancelled"] * 3
    assert all("The venue is closed." in e.body_text for e in emails)
    with pytest.raises(Refused):
        services.cancel_event(event, "again", by=staff)


def test_without_the_lock_switch_the_rules_still_hold_sequentially(event, monkeypatch):
    monkeypatch.setattr(places, "LOCK_EVENTS", False)
    statuses = [services.register_member(event, verified_user()).status for _ in range(3)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]


def test_the_confirmation_email_carries_the_event_as_an_ics_attachment(
    event, django_capture_on_commit_callbacks
):
    from icalendar import Calendar

    user = verified_user()
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register_member(event, user)
    assert registration.status == Status.CONFIRMED
    [message] = [m for m in mail.outbox if user.email in m.to]
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"{event.slug}.ics"
    assert mimetype == "text/calendar"
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    assert OutboundEmail.objects.get(to=user.email).attachments[0]["filename"] == filename


def test_unconfirmed_guest_registrations_lapse_after_the_window(event):
    registration = services.register_guest(event, "Grace Guest", "grace@example.org")
    assert registration.status == Status.PENDING_CONFIRMATION
    assert services.expire_unconfirmed_guests(now=timezone.now()) == 0
    later = timezone.now() + services.GUEST_CONFIRMATION_WINDOW + datetime.timedelta(minutes=1)
    assert services.expire_unconfirmed_guests(now=later) == 1
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    # The same guest may register again afterwards.
    again = services.register_guest(event, "Grace Guest", "grace@example.org")
    assert again.status == Status.PENDING_CONFIRMATION
