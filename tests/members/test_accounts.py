"""Accounts through allauth: sign-up with a verification code, no account
enumeration, the Wagtail admin behind allauth's sign-in, staff two-factor
authentication, and allauth's emails on the site's email backbone."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.cache import cache
from django.test import Client

from network_site.models import OutboundEmail
from tests.members.membership_roles import verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def anymail_test_backend(settings):
    # Django's test set-up swaps in locmem; anymail's test backend records into
    # mail.outbox as a real provider backend would send.
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def is_signed_in(client):
    return "_auth_user_id" in client.session


def code_from(message):
    return CODE.search(message.body).group(1)


def test_sign_up_sends_a_code_and_the_account_waits_for_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "new.member@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    address = EmailAddress.objects.get(email="new.member@example.org")
    assert not address.verified
    assert not is_signed_in(client)
    [message] = mail.outbox
    assert message.to == ["new.member@example.org"]
    code = code_from(message)

    # Unverified: pages that need an account send the person to sign in...
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # ...and signing in with the right password is refused while a code was just
    # sent (allauth limits resends), and later only asks for a code again.
    other_browser = Client()
    response = sign_in(other_browser, "new.member@example.org")
    assert "Too many" in response.content.decode()
    assert not is_signed_in(other_browser)
    cache.clear()  # later
    response = sign_in(other_browser, "new.member@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_signed_in(other_browser)

    response = client.post("/accounts/confirm-email/", {"code": code})
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    assert is_signed_in(client)  # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION
    assert client.get("/accounts/email/").status_code == 200


def test_a_wrong_code_is_refused_with_the_error_beside_the_field(client):
    client.post(
        "/accounts/signup/",
        {"email": "typo@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    response = client.post("/accounts/confirm-email/", {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'class="field field--error"' in html
    assert not EmailAddress.objects.get(email="typo@example.org").verified


def test_signing_in_with_a_verified_address(client):
    user = verified_user()
    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_password_reset_looks_the_same_for_known_and_unknown_addresses(client):
    user = verified_user()

    def reset(email):
        response = client.post("/accounts/password/reset/", {"email": email}, follow=True)
        return response.redirect_chain, CSRF.sub("", response.content.decode())

    assert reset(user.email) == reset("nobody@example.org")


def test_sign_up_with_a_taken_address_does_not_say_so(client, django_capture_on_commit_callbacks):
    user = verified_user(email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )
    html = response.content.decode().lower()
    assert response.redirect_chain == [("/accounts/confirm-email/", 302)]
    assert "already" not in html
    assert "exists" not in html
    assert EmailAddress.objects.filter(email__iexact="taken@example.org").count() == 1
    # The owner hears about it, in their own inbox.
    [message] = mail.outbox
    assert message.to == [user.email]


def test_account_pages_use_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert html.count("<h1") == 1
    assert 'class="button"' in html
    assert '<label for="id_login">' in html
    assert "<title>" in html
    assert "Keep it Local Network</title>" in html

    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "x"})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "not correct" in html


def test_the_admin_sign_in_is_allauths(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # Wagtail's own sign-in form (no rate limit of its own) is not reachable.
    user = verified_user(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not is_signed_in(client)
    assert client.get("/admin/password_reset/")["Location"] == "/accounts/password/reset/"


def test_staff_can_open_the_authenticator_activation_page(client):
    staff = verified_user(is_staff=True, is_superuser=True)
    sign_in(client, staff.email)
    # allauth asks for the password again before a second factor is changed.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "Activate Authenticator App" in response.text
    assert 'class="account-nav"' in response.text


def test_required_mfa_sends_staff_without_an_authenticator_to_enrol(client, settings):
    settings.REQUIRE_STAFF_MFA = True
    staff = verified_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # The way out and the way to enrol stay open.
    assert client.get("/accounts/2fa/").status_code == 200
    client.post("/accounts/logout/")
    assert not is_signed_in(client)


def test_required_mfa_lets_staff_with_an_authenticator_in(client, settings):
    settings.REQUIRE_STAFF_MFA = True
    staff = verified_user(is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_required_mfa_is_off_unless_configured(client, settings):
    assert settings.REQUIRE_STAFF_MFA is False
    client.force_login(verified_user(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_required_mfa_leaves_members_alone(client, settings):
    settings.REQUIRE_STAFF_MFA = True
    client.force_login(verified_user())
    response = client.get("/admin/")
    assert "/2fa/" not in response.get("Location", "")
    assert client.get("/accounts/email/").status_code == 200


def test_allauth_emails_are_saved_and_sent_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            "/accounts/signup/",
            {"email": "queued@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    email = OutboundEmail.objects.get(to="queued@example.org")
    assert email.template == "account/email/email_confirmation_signup"
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.user.email == "queued@example.org"
    assert mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    [message] = mail.outbox
    assert message.subject == email.subject == "Please Confirm Your Email Address"
    code = code_from(message)
    html = message.alternatives[0][0]
    assert code in html
    assert "Keep it Local Network" in html
    assert "Hello from" not in message.body

    # The task running again (say, the sweeper) sends nothing more.
    from network_site.tasks import deliver_email

    deliver_email.call(email.pk)
    assert len(mail.outbox) == 1
