"""`manage.py setup_site`: a fresh production site's page tree, menus and first
superuser, idempotent and never overwriting what staff changed."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Page, Site

from network_site.models import HomePage, NavigationSettings

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-41"
SLUGS = {"blog", "events", "stories", "about", "privacy", "accessibility"}


@pytest.fixture
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://www.keepitlocal.example"
    settings.ALLOWED_HOSTS = ["www.keepitlocal.example", "testserver"]


def setup_site(*args, password=PASSWORD, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    call_command("setup_site", "--noinput", *args)


def test_a_fresh_database_gets_the_page_tree_menus_and_first_superuser(base_url, monkeypatch):
    # A new Wagtail database: the root, Wagtail's welcome page and a localhost site.
    assert Page.objects.filter(depth=2, slug="home").exists()

    setup_site("--superuser-email", "Ops@Example.org", monkeypatch=monkeypatch)

    home = HomePage.objects.get()
    assert home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # welcome page gone
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == (
        "www.keepitlocal.example",
        443,
        home.pk,
    )
    children = {page.slug: page for page in home.get_children().specific()}
    assert set(children) == SLUGS
    assert all(page.live for page in children.values())

    client = Client(HTTP_HOST="www.keepitlocal.example")
    for path in ["/", "/blog/", "/events/", "/stories/", "/about/", "/accessibility/"]:
        assert client.get(path, secure=True).status_code == 200, path
    privacy = client.get("/privacy/", secure=True).content.decode()
    assert "Placeholder: replace this page" in privacy
    assert "then it is deleted automatically" in privacy  # the retention periods block

    navigation = NavigationSettings.for_site(site)
    assert [link.value["label"] for link in navigation.main_navigation] == [
        "Articles",
        "Events",
        "Stories",
        "Members",
        "Join",
        "About",
    ]
    assert [link.value["label"] for link in navigation.footer_navigation] == [
        "About",
        "Privacy notice",
        "Accessibility statement",
    ]

    superuser = get_user_model().objects.get(is_superuser=True)
    assert superuser.email == "ops@example.org"
    assert superuser.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=superuser, verified=True, primary=True).exists()
    # They can sign in (and are asked to enrol an authenticator app where that is required).
    response = Client().post("/accounts/login/", {"login": "ops@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_running_again_keeps_what_staff_changed_and_adds_only_what_is_missing(
    base_url, monkeypatch
):
    setup_site("--superuser-email", "ops@example.org", monkeypatch=monkeypatch)
    home = HomePage.objects.get()
    about = home.get_children().get(slug="about").specific
    about.title = "Who we are"
    about.save_revision().publish()
    home.get_children().get(slug="events").delete()
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    navigation.main_navigation = []
    navigation.footer_navigation = [
        {"type": "link", "value": {"page": None, "url": "/contact/", "label": "Contact"}}
    ]
    navigation.save()
    pages_before = Page.objects.count()

    setup_site("--superuser-email", "someone-else@example.org", monkeypatch=monkeypatch)

    about.refresh_from_db()
    assert about.title == "Who we are"
    assert {page.slug for page in home.get_children()} == SLUGS  # the events index is back
    assert Page.objects.count() == pages_before + 1
    navigation.refresh_from_db()
    assert [link.value["label"] for link in navigation.footer_navigation] == ["Contact"]
    assert len(navigation.main_navigation) == 6  # it was empty, so it is set again
    assert list(get_user_model().objects.values_list("email", flat=True)) == ["ops@example.org"]


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-address", PASSWORD, "is not an email address"),
        ("ops@example.org", "password", "too common"),
        ("ops@example.org", "", "DJANGO_SUPERUSER_PASSWORD"),
    ],
)
def test_bad_superuser_details_stop_before_anything_is_written(
    base_url, monkeypatch, email, password, message
):
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match=message):
        setup_site("--superuser-email", email, password=password, monkeypatch=monkeypatch)
    assert Page.objects.count() == pages_before
    assert not HomePage.objects.exists()
    assert not get_user_model().objects.exists()


def test_without_a_superuser_email_it_sets_up_the_pages_and_says_what_is_left(base_url, capsys):
    call_command("setup_site", "--noinput")
    assert HomePage.objects.get().live
    assert "run again with --superuser-email" in capsys.readouterr().out
