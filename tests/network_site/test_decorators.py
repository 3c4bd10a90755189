"""network_site.decorators.signed_in_view: what every page of a signed-in
person's own (hosting, requests, fees) gets from it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from network_site.decorators import signed_in_view


@signed_in_view("GET", "POST")
def own_page(request):
    return HttpResponse("yours")


@signed_in_view()
def read_only_page(request):
    return HttpResponse("yours")


def _request(method, user):
    request = getattr(RequestFactory(), method.lower())("/own/")
    request.user = user
    return request


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(email="own@example.com", password="x" * 12)


def test_anonymous_visitors_are_sent_to_sign_in_first():
    response = own_page(_request("GET", AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/own/")


def test_the_signed_in_person_sees_the_page_never_cached(person):
    response = own_page(_request("POST", person))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_other_methods_are_refused_and_get_alone_when_none_are_named(person):
    assert own_page(_request("DELETE", person)).status_code == 405
    assert read_only_page(_request("GET", person)).status_code == 200
    refused = read_only_page(_request("POST", person))
    assert refused.status_code == 405
    assert refused["Allow"] == "GET"
