"""Page models name their route handlers; the apps' wagtail_hooks provide them."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from network_site import page_routes
from network_site.page_routes import PageHandlers


@pytest.fixture
def handlers():
    handlers = PageHandlers("tests.ExamplePage", ["feed"])
    yield handlers
    page_routes._all_handlers.remove(handlers)


def test_every_page_handler_of_the_site_is_provided():
    assert page_routes.page_handlers_provided() == []


def test_a_provided_handler_is_called(handlers):
    with hooks.register_temporarily(handlers.hook_name("feed"), lambda request, page: "the feed"):
        assert handlers.call("feed", None, None) == "the feed"


def test_a_missing_handler_is_a_configuration_error_and_a_failed_check(handlers):
    with pytest.raises(ImproperlyConfigured, match="'feed'"):
        handlers.call("feed", None, None)
    [error] = page_routes.page_handlers_provided()
    assert error.id == "network_site.E001"
    assert "tests.ExamplePage" in error.msg


def test_a_handler_the_page_does_not_declare_is_refused(handlers):
    with pytest.raises(ImproperlyConfigured, match="declares no handler 'rss'"):
        handlers.provide(rss=lambda request, page: None)
