import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from events.requests.services import add_note
from network_site import page_cache
from network_site.models import OrganisationSettings
from tests.factories import BlogPageFactory, EventRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    cache.clear()


def test_anonymous_pages_are_served_from_the_cache(client, blog_index, django_assert_num_queries):
    article = BlogPageFactory(parent=blog_index)
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert article.title in response.content.decode()


def test_publishing_empties_the_cache_at_once(
    client, blog_index, django_capture_on_commit_callbacks
):
    article = BlogPageFactory(parent=blog_index, title="Before")
    client.get(article.url)
    client.get("/blog/")
    article.title = "After"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in (article.url, "/blog/", "/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "After" in response.content.decode()


def test_unpublishing_empties_the_cache(client, blog_index, django_capture_on_commit_callbacks):
    article = BlogPageFactory(parent=blog_index, title="Soon gone")
    assert "Soon gone" in client.get("/blog/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert "Soon gone" not in client.get("/blog/").content.decode()
    assert client.get(article.url).status_code == 404


def test_saving_site_settings_empties_the_cache(
    client, home_page, django_capture_on_commit_callbacks
):
    client.get("/")
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name = "Renamed Network"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert "Renamed Network" in client.get("/").content.decode()


def test_signed_in_people_are_never_served_a_shared_page(client, blog_index):
    article = BlogPageFactory(parent=blog_index)
    client.get(article.url)
    client.force_login(UserFactory())
    response = client.get(article.url)
    assert "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/healthz", "/admin/login/", "/events/request/"]
)
def test_private_areas_are_never_cached(client, home_page, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_responses_that_set_cookies_are_not_cached(client, home_page):
    # The sign-in form sets a CSRF cookie: it must never be shared.
    response = client.get("/accounts/login/")
    assert response.cookies
    assert "X-Page-Cache" not in response


def test_not_found_is_not_cached(client, home_page):
    client.get("/missing/")
    assert "X-Page-Cache" not in client.get("/missing/")


def test_query_strings_are_cached_separately(client, blog_index):
    for _ in range(12):
        BlogPageFactory(parent=blog_index)
    first = client.get("/blog/")
    second = client.get("/blog/?page=2")
    assert second["X-Page-Cache"] == "miss"
    assert first.content != second.content


def test_the_cache_is_emptied_only_when_the_publish_commits(
    client, blog_index, django_capture_on_commit_callbacks
):
    """A reader arriving between the publish and its commit must not store the old
    page under the new version (the workflow publishes inside a transaction)."""
    article = BlogPageFactory(parent=blog_index, title="Old title")
    client.get(article.url)
    article.title = "New title"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
        assert client.get(article.url)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "New title" in response.content.decode()


def test_saving_a_draft_keeps_the_cache(client, blog_index, django_capture_on_commit_callbacks):
    article = BlogPageFactory(parent=blog_index, title="Published title")
    client.get(article.url)
    article.title = "Draft title"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Published title" in response.content.decode()


def test_a_lost_version_never_restarts_at_an_old_number(client, blog_index):
    """Versions start from the clock: after an eviction, an entry stored under the
    old version is never taken for current."""
    article = BlogPageFactory(parent=blog_index)
    client.get(article.url)
    keys = page_cache._version_keys(article.url)
    before = cache.get_many(keys)
    cache.delete_many(keys)
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    after = cache.get_many(keys)
    assert all(after[key] > before[key] for key in keys)
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_event_requests_never_empty_the_cache(home_page, django_capture_on_commit_callbacks):
    """Requests are correspondence between an authority and staff: no public page
    shows them, so a busy review day does not cost readers their cached pages."""
    client = Client()
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        event_request = EventRequestFactory()
        add_note(event_request, by=UserFactory(), internal_note="Rang the council.")
    assert client.get("/")["X-Page-Cache"] == "hit"
