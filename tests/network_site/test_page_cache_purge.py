"""The page cache purges only the pages a change shows on (network_site.cache_targets),
answers a hit from one cache read, and hands the same URLs to the frontend caches."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Site

from network_site.models import OrganisationSettings
from tests.factories import (
    AuthorFactory,
    BlogCategoryFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    OutboundEmailFactory,
    RegistrationFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache that notes what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    PURGED.clear()


@pytest.fixture
def site(blog_index, home_page):
    """Two categories of articles by two authors, events, and an about page."""
    policy, practice = BlogCategoryFactory(slug="policy"), BlogCategoryFactory(slug="practice")
    alice, bob = AuthorFactory(slug="alice"), AuthorFactory(slug="bob")
    events = EventIndexPageFactory(parent=home_page)
    return {
        "policy_article": BlogPageFactory(
            parent=blog_index, authors=[alice], categories_set=[policy], title="Policy piece"
        ),
        "practice_article": BlogPageFactory(
            parent=blog_index, authors=[bob], categories_set=[practice], title="Practice piece"
        ),
        "events": events,
        "event": EventPageFactory(
            parent=events, capacity=10, start=timezone.now() + datetime.timedelta(days=7)
        ),
        "later_events": [
            EventPageFactory(parent=events, start=timezone.now() + datetime.timedelta(days=60 + n))
            for n in range(4)
        ],
        "about": StandardPageFactory(parent=home_page, slug="about", title="About"),
        "alice": alice,
    }


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def states(client, urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_a_registration_purges_its_event_and_the_lists_that_show_it(client, site, commit):
    event, later = site["event"], site["later_events"][-1]
    shown = [event.url, site["events"].url, "/"]
    elsewhere = [later.url, site["policy_article"].url, "/blog/", site["about"].url]
    warm(client, shown + elsewhere)
    with commit():
        RegistrationFactory(event=event)
    assert states(client, shown) == dict.fromkeys(shown, "miss")
    assert states(client, elsewhere) == dict.fromkeys(elsewhere, "hit")


def test_a_registration_for_an_event_the_home_page_does_not_list_keeps_it(client, site, commit):
    later = site["later_events"][-1]  # the fifth event: the home page lists three
    warm(client, ["/", later.url, site["events"].url])
    with commit():
        RegistrationFactory(event=later)
    assert states(client, ["/", later.url, site["events"].url]) == {
        "/": "hit",
        later.url: "miss",
        site["events"].url: "miss",
    }


def test_an_email_purges_nothing(client, site, commit):
    urls = ["/", "/blog/", site["event"].url, site["about"].url]
    warm(client, urls)
    with commit():
        OutboundEmailFactory()
    assert states(client, urls) == dict.fromkeys(urls, "hit")


def test_publishing_an_article_purges_it_its_lists_and_authors_only(client, site, commit):
    article = site["policy_article"]
    shown = [article.url, "/blog/", "/blog/?category=policy", "/blog/author/alice/", "/"]
    elsewhere = [
        site["practice_article"].url,  # another category: its related list cannot change
        "/blog/author/bob/",
        site["event"].url,
        site["events"].url,
        site["about"].url,
    ]
    warm(client, shown + elsewhere)
    article.title = "Policy piece, revised"
    with commit():
        article.save_revision().publish()
    assert states(client, shown) == dict.fromkeys(shown, "miss")
    assert states(client, elsewhere) == dict.fromkeys(elsewhere, "hit")
    assert "Policy piece, revised" in client.get("/blog/author/alice/").content.decode()


def test_an_article_in_the_same_category_shows_the_new_one_as_related(
    client, site, blog_index, commit
):
    article = site["policy_article"]
    warm(client, [article.url])
    policy = article.categories.get()
    with commit():
        BlogPageFactory(parent=blog_index, title="A newer policy piece", categories_set=[policy])
    assert "A newer policy piece" in client.get(article.url).content.decode()


def test_deleting_an_article_purges_where_it_was_listed(client, site, commit):
    article = site["policy_article"]
    warm(client, ["/blog/", "/", site["about"].url])
    with commit():
        article.delete()
    assert "Policy piece" not in client.get("/blog/").content.decode()
    assert "Policy piece" not in client.get("/").content.decode()
    assert client.get(site["about"].url)["X-Page-Cache"] == "hit"


def test_an_author_change_purges_their_articles_and_page(client, site, commit):
    author = site["alice"]
    warm(client, [site["policy_article"].url, "/blog/author/alice/", site["practice_article"].url])
    author.name = "Alice Renamed"
    with commit():
        author.save()
    assert "Alice Renamed" in client.get(site["policy_article"].url).content.decode()
    assert "Alice Renamed" in client.get("/blog/author/alice/").content.decode()
    assert client.get(site["practice_article"].url)["X-Page-Cache"] == "hit"


def test_site_settings_purge_every_page(client, site, commit):
    urls = ["/", site["about"].url, site["event"].url]
    warm(client, urls)
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    organisation.name = "Renamed Network"
    with commit():
        organisation.save()
    for url in urls:
        assert "Renamed Network" in client.get(url).content.decode()


def test_moving_a_page_purges_every_page(client, site, commit):
    about, event = site["about"], site["event"]
    warm(client, ["/", event.url])
    with commit():
        about.move(site["events"], pos="last-child")
    assert states(client, ["/", event.url]) == {"/": "miss", event.url: "miss"}


def test_a_hit_is_one_cache_read_and_no_query(client, site, django_assert_num_queries):
    url = site["policy_article"].url
    warm(client, [url])
    reads, inside_get_many = [], []
    real_get_many, real_get = cache.get_many, cache.get

    def get_many(keys, *args, **kwargs):
        reads.append(("get_many", len(keys)))
        inside_get_many.append(True)
        try:
            return real_get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    def get(key, *args, **kwargs):
        if not inside_get_many:  # a local-memory get_many reads key by key
            reads.append(("get", 1))
        return real_get(key, *args, **kwargs)

    with (
        mock.patch.object(cache, "get_many", get_many),
        mock.patch.object(cache, "get", get),
        django_assert_num_queries(0),
    ):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    # The entry, the subtrees of /, /blog/ and the article, and the article's path.
    assert reads == [("get_many", 5)]


def test_a_shared_copy_says_how_it_may_be_cached(client, site, settings):
    response = client.get(site["about"].url)
    assert response["X-Page-Cache"] == "miss"
    assert "Cookie" in response["Vary"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=0"}
    hit = client.get(site["about"].url)
    assert (hit["Vary"], hit["Cache-Control"]) == (response["Vary"], response["Cache-Control"])
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_frontend_caches_are_purged_with_the_same_urls(client, site, settings, commit):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    article = site["policy_article"]
    with commit():
        article.save_revision().publish()
    root = Site.objects.get(is_default_site=True).root_url
    assert {
        root + article.url,
        root + "/blog/",
        root + "/blog/feed/",
        root + "/blog/author/alice/",
        root + "/",
    } <= set(PURGED)
    assert root + site["practice_article"].url not in PURGED
    assert root + site["about"].url not in PURGED


def test_a_data_migration_save_reads_nothing_and_empties_the_cache(
    client, site, settings, commit, django_assert_num_queries
):
    """During migrate the tables may not match the code (a column added later), so
    a historical model's save must not read anything, frontend caches configured
    or not; every cached page goes when the migration commits."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.models.signals import post_save

    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    old_state = MigrationLoader(None, ignore_no_migrations=True).project_state(
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field")
    )
    historical_site = old_state.apps.get_model("wagtailcore", "Site")
    warm(client, [site["about"].url])
    with django_assert_num_queries(0), commit():
        post_save.send(sender=historical_site, instance=historical_site(), created=True)
    assert client.get(site["about"].url)["X-Page-Cache"] == "miss"
    assert PURGED == []
