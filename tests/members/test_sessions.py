"""Sessions and account changes: staff sessions end after 2 hours idle and 12 in all,
the session key changes at sign-in, signing out ends the session on the server,
account changes ask for the password again and are emailed, and host contacts
need a second factor before they see their attendees."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from network_site.models import OutboundEmail
from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.members.membership_roles import sign_in, verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"
HOURS = 60 * 60


class Clock:
    """time.time() as the session middleware sees it, moved on by a test."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_staff_session_ends_after_two_hours_idle(client, clock):
    sign_in(client, "staff")
    assert client.get("/admin/").status_code == 200
    clock.advance(2 * HOURS - 60)
    assert client.get("/admin/").status_code == 200
    clock.advance(2 * HOURS + 60)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "signed out because your session with the admin had run its time" in page


def test_a_staff_session_ends_after_twelve_hours_however_busy(client, clock):
    sign_in(client, "officer")
    assert client.get("/admin/").status_code == 200
    for _ in range(11):
        clock.advance(HOURS)
        assert client.get("/admin/").status_code == 200
    clock.advance(HOURS + 60)
    assert client.get("/admin/").status_code == 302
    assert not signed_in(client)


def test_a_member_session_is_not_cut_short(client, clock, home_page):
    sign_in(client, "member")
    client.get("/members/dashboard/")
    clock.advance(13 * HOURS)
    assert client.get("/members/dashboard/").status_code == 200
    assert signed_in(client)


def test_signing_in_changes_the_session_key(client):
    verified_user(email="ada@example.org", password=PASSWORD)
    client.get("/accounts/login/")
    client.session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_signing_out_ends_the_session_on_the_server(client, home_page):
    sign_in(client, "member")
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get("/members/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_changing_the_email_address_asks_for_the_password_again(client):
    user = verified_user(password=PASSWORD)
    client.force_login(user)
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "new.address@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not user.emailaddress_set.filter(email="new.address@example.org").exists()


def test_changing_the_password_is_emailed_to_the_account(
    client, django_capture_on_commit_callbacks
):
    user = verified_user(password=PASSWORD)
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-strong-password",
            "password2": "a-new-strong-password",
        },
    )
    assert response.status_code == 302
    notice = OutboundEmail.objects.get(to=user.email, template="account/email/password_changed")
    assert "password" in notice.subject.lower()


@pytest.fixture
def host(home_page):
    from events.models import EventHostContact

    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    user = verified_user()
    EventHostContact.objects.create(page=event, user=user)
    return user


def test_a_host_contact_enrols_a_second_factor_before_seeing_attendees(client, host, settings):
    settings.REQUIRE_STAFF_MFA = True
    client.force_login(host)
    response = client.get("/members/hosting/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    TOTP.activate(host, generate_totp_secret())
    assert client.get("/members/hosting/").status_code == 200
