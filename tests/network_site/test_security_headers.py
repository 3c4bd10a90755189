"""The security headers of a public page, a member page and the admin: the site's
Content-Security-Policy (nonces, no inline scripts, no framing), the admin's own,
a Permissions-Policy, and no page cache for a response whose policy holds a nonce."""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from network_site import urls as site_urls
from tests.members.membership_roles import sign_in

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_site_policy(response):
    policy = directives(response)
    assert policy["script-src"][0] == "'self'"
    assert all(
        source == "'self'" or source.startswith("'nonce-") for source in policy["script-src"]
    )
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]


def assert_permissions_policy(response):
    features = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_public_page_has_the_site_policy(client, home_page, page_cache):
    response = client.get("/")
    assert response.status_code == 200
    assert_site_policy(response)
    assert_permissions_policy(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    # Cached as it was served: the hit carries the same policy.
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_a_member_page_has_the_site_policy(client, home_page):
    sign_in(client, "member")
    response = client.get("/members/dashboard/")
    assert response.status_code == 200
    assert_site_policy(response)
    assert_permissions_policy(response)


def test_the_admin_has_its_own_policy(client):
    sign_in(client, "superuser")
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    # Wagtail's admin runs inline scripts and styles; still nothing from other hosts.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert_permissions_policy(response)


NONCED = engines["django"].from_string(
    '<!doctype html><script nonce="{{ CSP_NONCE }}">document.title = "x";</script>'
)


def nonced_view(request):
    return HttpResponse(NONCED.render({"CSP_NONCE": request.csp_nonce}, request))


urlpatterns = [path("nonced/", nonced_view), *site_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_an_inline_script_runs_only_with_its_response_nonce_and_is_never_cached(client, page_cache):
    first, second = client.get("/nonced/"), client.get("/nonced/")
    nonces = []
    for response in (first, second):
        (nonce,) = (s for s in directives(response)["script-src"] if s.startswith("'nonce-"))
        assert f'nonce="{nonce[7:-1]}"' in response.content.decode()
        nonces.append(nonce)
        assert "X-Page-Cache" not in response
    assert nonces[0] != nonces[1]
