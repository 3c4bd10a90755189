"""Registering from the event page, the email links and the dashboard."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from events import services
from events.models import Registration
from network_site.models import OutboundEmail
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

Status = Registration.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page)
    return EventPageFactory(parent=index, capacity=1, slug="summit")


@pytest.fixture
def member(client):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    return user


def register_url(event):
    return f"/events/{event.slug}/register/"


def link(registration, action):
    return f"/events/{registration.event.slug}/registrations/{registration.cancel_token}/{action}/"


def test_register_takes_only_get_and_post(client, event):
    assert client.put(register_url(event)).status_code == 405
    assert client.delete(register_url(event)).status_code == 405


def test_the_event_page_sets_no_cookie_and_links_guests_to_the_form(client, event, settings):
    """The event page must stay cacheable for anonymous readers: the guest form,
    which needs a CSRF cookie, is on its own page."""
    settings.PAGE_CACHE_SECONDS = 300
    response = client.get(event.url)
    assert response.status_code == 200
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
    assert f'href="{event.url}register/#register"' in response.content.decode()
    assert client.get(event.url)["X-Page-Cache"] == "hit"

    form_page = client.get(register_url(event))
    assert form_page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form_page.content.decode()
    assert 'name="registration-email"' in form_page.content.decode()
    assert "X-Page-Cache" not in form_page


def test_signed_in_members_register_from_the_event_page(client, event, member):
    client.force_login(member)
    assert 'name="csrfmiddlewaretoken"' in client.get(event.url).content.decode()
    response = client.get(register_url(event))
    assert response.status_code == 302


def test_register_needs_csrf(event, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post(register_url(event), {}).status_code == 403
    assert not Registration.objects.exists()


def test_page_shows_the_form(client, event, member):
    response = client.get(event.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'action="/events/summit/register/"' in body
    assert "Access needs" in body
    assert "Share my name" in body


def test_member_registers_in_one_step(client, event, member):
    response = client.post(
        register_url(event),
        {
            "registration-access_needs": "Wheelchair user",
            "registration-dietary_needs": "",
            "registration-share_with_hosts": "on",
        },
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert registration.share_with_hosts
    assert registration.access_needs == "Wheelchair user"
    assert "Your place is confirmed" in response.content.decode()
    # Twice: a clear message, nothing changes.
    response = client.post(register_url(event), {}, follow=True)
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1
    # The page shows the state and a cancel button.
    body = client.get(event.url).content.decode()
    assert "You have a place" in body
    assert link(registration, "cancel") in body


def test_full_event_offers_the_waitlist(client, event, member):
    services.register_member(event, _verified())
    body = client.get(event.url).content.decode()
    assert "Join the waitlist" in body
    response = client.post(register_url(event), {}, follow=True)
    assert "on the waitlist" in response.content.decode()
    assert Registration.objects.get(user=member).status == Status.WAITLISTED


def _verified():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_unverified_member_gets_a_clear_message(client, event):
    client.force_login(UserFactory())
    response = client.post(register_url(event), {}, follow=True)
    assert "verify your email" in response.content.decode()
    assert not Registration.objects.exists()


def test_too_long_input_re_renders_with_400(client, event, member):
    response = client.post(register_url(event), {"registration-access_needs": "x" * 5000})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not Registration.objects.exists()


def test_guest_registers_and_confirms_by_email_link(client, event):
    response = client.post(
        register_url(event),
        {"registration-name": "Grace Guest", "registration-email": "grace@example.org"},
        follow=True,
    )
    assert "we have emailed grace@example.org" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING_CONFIRMATION
    # GET shows a page and changes nothing (mail scanners follow links).
    response = client.get(link(registration, "confirm"))
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.PENDING_CONFIRMATION
    response = client.post(link(registration, "confirm"))
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    # Reused: no change.
    assert client.post(link(registration, "confirm")).status_code == 410


def test_guest_without_email_is_a_400(client, event):
    response = client.post(register_url(event), {"registration-name": "No Email"})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_guests_are_refused_for_members_only_events(client, event):
    event.members_only = True
    event.save()
    guest = {"registration-name": "G", "registration-email": "g@example.org"}
    response = client.post(register_url(event), guest, follow=True)
    assert "members only" in response.content.decode()
    assert not Registration.objects.exists()


def test_cancel_link_frees_the_place_and_offers_it(client, event, member):
    mine = services.register_member(event, member)
    waiting = services.register_member(event, _verified())
    assert client.get(link(mine, "cancel")).status_code == 200
    response = client.post(link(mine, "cancel"))
    assert response.status_code == 200
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Status.CANCELLED
    assert waiting.status == Status.OFFERED
    # Reused cancel link: nothing more happens.
    emails = OutboundEmail.objects.count()
    assert client.post(link(mine, "cancel")).status_code == 410
    assert OutboundEmail.objects.count() == emails
    # The offered person accepts from their link.
    assert client.post(link(waiting, "accept")).status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


@pytest.mark.parametrize(
    "path",
    [
        "/events/summit/registrations/forged-token-that-is-long-enough/cancel/",
        "/events/summit/registrations/short/cancel/",
        "/events/summit/registrations/{token}/explode/",
        "/events/summit/registrations/{token}x/cancel/",
    ],
)
def test_forged_links_do_nothing(client, event, member, path):
    mine = services.register_member(event, member)
    response = client.post(path.format(token=mine.cancel_token))
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED


def test_a_token_for_another_event_does_nothing(client, event, member, home_page):
    other = EventPageFactory(parent=event.get_parent(), slug="other")
    mine = services.register_member(other, member)
    response = client.post(f"/events/summit/registrations/{mine.cancel_token}/cancel/")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED


def test_dashboard_lists_registrations_with_a_cancel_button(client, event, member):
    mine = services.register_member(event, member)
    body = client.get("/members/dashboard/").content.decode()
    assert event.title in body
    assert "Confirmed" in body
    assert link(mine, "cancel") in body
    response = client.post(link(mine, "cancel"), {"next": "/members/dashboard/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/members/dashboard/"
    assert "has been cancelled" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED


def test_unsafe_next_is_ignored(client, event, member):
    mine = services.register_member(event, member)
    response = client.post(link(mine, "cancel"), {"next": "https://evil.example/"})
    assert response.status_code == 200


GUEST_REGISTRATIONS_PER_HOUR = 5  # ACCOUNT_RATE_LIMITS["guest_event_registration"]


def register_guest(client, event, email):
    return client.post(
        register_url(event), {"registration-name": "Guest", "registration-email": email}
    )


def test_guest_registrations_are_rate_limited_per_connection(client, event):
    for number in range(GUEST_REGISTRATIONS_PER_HOUR):
        assert register_guest(client, event, f"guest{number}@example.org").status_code == 302
    response = register_guest(client, event, "one.too.many@example.org")
    assert response.status_code == 429
    assert not Registration.objects.filter(guest_email="one.too.many@example.org").exists()


def test_guests_behind_one_proxy_are_limited_each_by_their_own_address(event, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # TRUSTED_PROXY_COUNT=1, production's default
    ada = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for number in range(GUEST_REGISTRATIONS_PER_HOUR):
        assert register_guest(ada, event, f"ada{number}@example.org").status_code == 302
    assert register_guest(ada, event, "ada.again@example.org").status_code == 429
    # A forged first hop changes nothing: the proxy's own entry is last.
    forging = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    assert register_guest(forging, event, "ada.forged@example.org").status_code == 429
    ben = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert register_guest(ben, event, "ben@example.org").status_code == 302
