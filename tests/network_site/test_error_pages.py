"""The site's own error pages for 400, 403, a refused CSRF check, 404 and 429,
each in the site's design, saying what to do next; a 429 says when with Retry-After."""

import pytest
from django.test import Client

from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.members.membership_roles import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.network_site.failing_urls"


def heading(response):
    content = response.content.decode()
    return content.split("<h1>", 1)[1].split("</h1>", 1)[0].strip()


def test_a_bad_request_has_its_own_page(client, failing_urls):
    response = client.get("/bad/")
    assert response.status_code == 400
    assert heading(response) == "Your request could not be read"
    assert "Nothing was saved" in response.content.decode()


def test_a_request_for_another_host_gets_the_400_page_not_a_crash(client, home_page):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert heading(response) == "Your request could not be read"


def test_a_forbidden_page_offers_to_sign_in(client, home_page, failing_urls):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert heading(response) == "You cannot see this page"
    assert "/accounts/login/?next=/forbidden/" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()  # the site's own design


def test_a_forbidden_page_for_a_member_points_to_their_membership(client, home_page, failing_urls):
    sign_in(client, "member")
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Your account does not give you access" in response.content.decode()
    assert 'href="/members/dashboard/"' in response.content.decode()


def test_a_refused_csrf_check_says_what_to_do(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert heading(response) == "Your form was not sent"
    assert "reload the page, and send the form again" in response.content.decode()


def test_a_missing_page_has_its_own_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert heading(response) == "Page not found"


def test_a_tripped_allauth_limit_shows_the_429_page_with_retry_after(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post("/accounts/login/", {"login": "a@example.org", "password": "wrong"})
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "wrong"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert heading(response) == "Too many attempts"
    assert "Please wait a minute and try again" in response.content.decode()


def test_too_many_guest_registrations_say_to_wait_an_hour(client, home_page):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    for number in range(6):
        response = client.post(
            event.url + "register/",
            {"registration-name": "Guest", "registration-email": f"guest{number}@example.org"},
        )
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert heading(response) == "Too many attempts"
    content = response.content.decode()
    assert "too many guest registrations from your connection" in content
    assert "Please wait an hour and try again" in content
