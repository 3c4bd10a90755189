import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from blog import demo as blog_demo
from blog import demo_content as blog_content
from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from events import demo_content as events_content
from events.models import EventIndexPage, EventPage, Venue
from events.requests.models import EventRequest, EventRequestUpdate
from events.rules import Availability, availability
from members.models import LocalAuthority, Membership
from network_site.demo.loading import DemoStep, demo_steps
from network_site.management.commands.load_demo_content import DEMO_LOGINS
from network_site.models import HomePage, NavigationSettings, OrganisationSettings, StandardPage
from network_site.roles import EDITORS, EVENT_MANAGERS, MEMBERSHIP_OFFICERS, MODERATORS

WELCOME_TITLE = "Welcome to your new Wagtail site!"


def load_demo_content(**options):
    stdout = io.StringIO()
    call_command("load_demo_content", stdout=stdout, **options)
    return stdout.getvalue()


@pytest.fixture
def demo(db):
    """The output of one run of the command (tests run with DEBUG off, hence force)."""
    return load_demo_content(force=True)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            Site,
            get_image_model(),
            get_document_model(),
            Author,
            BlogCategory,
            Tag,
            get_user_model(),
            EmailAddress,
            LocalAuthority,
            Membership,
            EventRequest,
            EventRequestUpdate,
        )
    }


def block_values(page, block_type):
    return [block.value for block in page.body if block.block_type == block_type]


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        load_demo_content()

    assert not HomePage.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_runs_without_force_in_development(settings):
    settings.DEBUG = True

    load_demo_content()

    assert HomePage.objects.live().count() == 1


def test_home_page_replaces_wagtails_welcome_page(demo):
    assert not Page.objects.filter(title=WELCOME_TITLE).exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, "Keep it Local Network")
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.slug == "home"
    assert home.depth == 2
    assert home.live
    assert home.introduction
    assert home.join_text
    assert home.host_text
    assert Site.objects.count() == 1


def test_pages_sit_at_the_addresses_the_site_promises(demo):
    home = HomePage.objects.get()
    assert home.url == "/"
    index = BlogIndexPage.objects.child_of(home).live().get()
    assert (index.slug, index.url) == ("blog", "/blog/")
    assert index.introduction
    for slug, title in [
        ("about", "About the network"),
        ("privacy", "Privacy notice"),
        ("accessibility", "Accessibility statement"),
    ]:
        page = StandardPage.objects.child_of(home).live().get(slug=slug)
        assert page.url == f"/{slug}/"
        assert page.title == title
        assert len(page.body) > 3
    accessibility = StandardPage.objects.get(slug="accessibility")
    text = strip_tags(str(accessibility.body))
    assert "WCAG" in text
    assert "2.2" in text
    assert "Accessibility Regulations 2018" in text
    privacy = strip_tags(str(StandardPage.objects.get(slug="privacy").body))
    for held in ("Stripe", "email provider", "Event registrations", "membership"):
        assert held in privacy


def test_articles_are_published_with_everything_a_listing_needs(demo):
    articles = list(BlogPage.objects.live().order_by("date"))
    assert len(articles) >= 8
    for article in articles:
        assert article.live_revision is not None, article.title
        assert article.first_published_at.date() == article.date
        assert 0 < len(article.summary) <= 300
        assert 1 <= len(article.authors) <= 2
        assert 1 <= article.categories.count() <= 2
        assert 2 <= article.tags.count() <= 4
        assert article.hero_image is not None
        assert article.hero_alt_text.strip()
        assert block_values(article, "heading")
        assert block_values(article, "paragraph")
        assert block_values(article, "call_to_action")
        words = len(strip_tags(str(article.body)).split())
        assert 500 <= words <= 900, (article.title, words)
    assert (articles[-1].date - articles[0].date).days > 365
    assert any(article.related_articles.exists() for article in articles)
    assert len({article.date for article in articles}) == len(articles)


def test_articles_use_every_kind_of_body_block(demo):
    articles = BlogPage.objects.live()
    used = {block.block_type for article in articles for block in article.body}
    assert {"heading", "paragraph", "quote", "lessons", "call_to_action", "image", "document"} <= (
        used
    )
    links = {
        value["link"]["url"]
        for article in articles
        for value in block_values(article, "call_to_action")
    }
    assert links == {"/members/join/", "/events/request/"}
    figure = next(value for article in articles for value in block_values(article, "image"))
    assert figure["caption"]
    assert figure["image"].contextual_alt_text
    document = next(value for article in articles for value in block_values(article, "document"))
    assert document["document"].file.name.endswith(".txt")
    assert b"Keep it Local" in document["document"].file.read()


def test_authors_categories_and_images(demo):
    authors = Author.objects.all()
    assert authors.count() == 3
    for author in authors:
        assert author.role
        assert author.organisation
        assert author.bio
        assert author.photo.width == author.photo.height
    assert 4 <= BlogCategory.objects.count() <= 5
    heroes = [article.hero_image for article in BlogPage.objects.all()]
    for image in heroes:
        assert (image.width, image.height) == (1600, 900)
        assert image.description
        assert image.file.storage.exists(image.file.name)
    assert len({image.pk for image in heroes}) == len(heroes)


def test_site_settings_and_navigation(demo):
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    assert organisation.name == "Keep it Local Network"
    assert organisation.tagline
    assert organisation.email == "hello@keepitlocal.example"
    assert organisation.address
    assert organisation.footer_text
    assert len(organisation.social_links) >= 2

    navigation = NavigationSettings.for_site(site)
    main = [
        (link.value["page"] or link.value["url"], link.value["label"])
        for link in navigation.main_navigation
    ]
    assert main == [
        (BlogIndexPage.objects.get().page_ptr, "Articles"),
        (EventIndexPage.objects.get().page_ptr, "Events"),
        ("/members/directory/", "Members"),
        ("/members/join/", "Join"),
        (StandardPage.objects.get(slug="about").page_ptr, "About"),
    ]
    footer = [link.value["page"].slug for link in navigation.footer_navigation]
    assert footer == ["about", "privacy", "accessibility"]


def test_events_of_every_kind(demo, client):
    index = EventIndexPage.objects.get()
    assert (index.slug, index.url) == ("events", "/events/")
    events = list(EventPage.objects.child_of(index).live())
    assert len(events) == len(events_content.EVENTS) >= 4
    assert {event.format for event in events} == {"in-person", "online", "hybrid"}
    states = {availability(event) for event in events}
    assert {Availability.PAST, Availability.CANCELLED, Availability.OPEN} <= states
    paid = [event for event in events if not event.is_free]
    assert len(paid) == 1
    assert paid[0].member_free_places > 0
    assert "£15" in client.get(paid[0].url).content.decode()
    assert Venue.objects.count() == len(events_content.VENUES)
    for event in events:
        if event.meets_in_person:
            assert event.venue.accessibility
        if event.meets_online:
            assert event.online_joining_details
        event.full_clean()
        assert client.get(event.url).status_code == 200
    assert client.get("/events/").status_code == 200
    assert client.get("/events/feed.ics").status_code == 200
    assert len(client.get("/").context["upcoming_events"]) == 3


def test_local_authorities(demo):
    expected = {
        "E08000035": "Leeds City Council",
        "E08000003": "Manchester City Council",
        "E06000023": "Bristol City Council",
        "E06000052": "Cornwall Council",
        "W06000015": "City of Cardiff Council",
        "S12000049": "Glasgow City Council",
        "N09000003": "Belfast City Council",
        "E09000012": "London Borough of Hackney",
    }
    assert dict(LocalAuthority.objects.values_list("gss_code", "name")) == expected
    assert set(LocalAuthority.objects.values_list("nation", flat=True)) == set(
        LocalAuthority.Nation.values
    )


def test_demo_logins_are_printed_and_work(demo):
    assert len(DEMO_LOGINS) == 7
    for login in DEMO_LOGINS:
        assert re.search(rf"{re.escape(login.email)}\s+{re.escape(login.password)}", demo)
        user = authenticate(email=login.email, password=login.password)
        assert user is not None, login.email
        assert user.is_staff == login.is_staff
        assert EmailAddress.objects.filter(
            user=user, email=login.email, verified=True, primary=True
        ).exists()

    users = get_user_model().objects
    admin = users.get(email="admin@keepitlocal.example")
    assert admin.is_superuser
    editor = users.get(email="editor@keepitlocal.example")
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    moderator = users.get(email="moderator@keepitlocal.example")
    assert not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == [MODERATORS]
    officer = users.get(email="officer@keepitlocal.example")
    assert list(officer.groups.values_list("name", flat=True)) == [MEMBERSHIP_OFFICERS]
    events = users.get(email="events@keepitlocal.example")
    assert list(events.groups.values_list("name", flat=True)) == [EVENT_MANAGERS]
    councillor = users.get(email="councillor@keepitlocal.example")
    assert not councillor.is_staff
    assert not councillor.groups.exists()
    assert councillor.membership.is_active
    assert councillor.membership.category == Membership.Category.COUNCILLOR
    assert councillor.membership.local_authority.gss_code == "E08000035"
    organisation = users.get(email="organisation@keepitlocal.example").membership
    assert (organisation.is_active, organisation.is_main_contact) == (True, True)
    assert organisation.organisation.local_authorities.get().gss_code == "E08000035"


def test_the_demo_councillor_has_requests_at_three_stages(demo, client):
    councillor = get_user_model().objects.get(email="councillor@keepitlocal.example")
    requests = EventRequest.objects.filter(requester=councillor)
    assert sorted(requests.values_list("status", flat=True)) == [
        EventRequest.Status.HELD,
        EventRequest.Status.NEEDS_INFORMATION,
        EventRequest.Status.SUBMITTED,
    ]
    held = requests.get(status=EventRequest.Status.HELD)
    held.full_clean()
    assert held.outcome.may_publish_quote
    assert held.outcome.quote
    waiting = requests.get(status=EventRequest.Status.NEEDS_INFORMATION)
    waiting.full_clean()
    history = list(waiting.updates.values_list("from_status", "to_status"))
    assert history == [
        ("", "submitted"),
        ("submitted", "in-review"),
        ("in-review", "needs-information"),
    ]
    assert waiting.updates.last().message


def test_running_again_changes_nothing(demo):
    before = counts()
    image_files = sorted(get_image_model().objects.values_list("file", flat=True))

    last_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()

    output = load_demo_content(force=True)

    new_revisions = Revision.objects.filter(pk__gt=last_revision)
    assert [revision.object_str for revision in new_revisions] == [], output
    assert counts() == before
    assert sorted(get_image_model().objects.values_list("file", flat=True)) == image_files
    assert " created" not in output
    assert " updated" not in output


def test_running_again_restores_what_was_changed(demo):
    article = BlogPage.objects.get(slug="grants-or-contracts")
    article.title = "Something else"
    article.save_revision().publish()
    StandardPage.objects.get(slug="privacy").unpublish()
    editor = get_user_model().objects.get(email="editor@keepitlocal.example")
    editor.set_password("changed")
    editor.save()
    revisions = Revision.objects.count()

    output = load_demo_content(force=True)

    assert "Articles: 1 updated, 8 unchanged" in output
    assert BlogPage.objects.get(pk=article.pk).title == blog_content.ARTICLES[1]["title"]
    assert StandardPage.objects.get(slug="privacy").live
    assert authenticate(email=editor.email, password="demo-editor-password") is not None
    assert Revision.objects.count() == revisions + 2
    assert BlogPage.objects.count() == len(blog_content.ARTICLES)


def test_the_content_itself_is_consistent():
    slugs = [article["slug"] for article in blog_content.ARTICLES]
    assert len(set(slugs)) == len(slugs)
    seen = set()
    for article in blog_content.ARTICLES:
        assert set(article["related"]) <= seen, "related articles must be older"
        assert len(article["summary"]) <= 300
        assert article["hero"] in blog_content.IMAGES
        seen.add(article["slug"])
    dates = [article["date"] for article in blog_content.ARTICLES]
    assert dates == sorted(dates)


def test_the_apps_steps_run_in_their_declared_order():
    names = [step.name for step in demo_steps()]
    assert names == [
        "site",
        "articles",
        "standard pages",
        "media library",
        "members",
        "elections",
        "events",
        "site settings",
        "accounts",
        "memberships",
        "commitments",
        "event requests",
        "bulletins",
        "introductions",
        "stories",
    ]


@pytest.mark.django_db
def test_a_step_that_needs_a_later_one_is_refused(monkeypatch):
    monkeypatch.setattr(
        blog_demo, "DEMO_STEPS", [DemoStep("articles", 100, print, after=("site", "events"))]
    )

    with pytest.raises(CommandError, match="'articles' needs 'events'"):
        load_demo_content(force=True)

    assert not HomePage.objects.exists()
