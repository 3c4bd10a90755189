import hashlib
import io
import itertools
import json
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils.html import escape
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from blog import demo_content as blog_content
from blog.models import BlogPage, BlogPageAuthor
from events import demo_content as events_content
from events.models import EventPage, Registration
from events.requests.models import EventRequest, EventRequestUpdate
from members.models import LocalAuthority, Membership
from network_site.demo.scale import EMAIL_DOMAIN, scale_steps

# At this scale: 200 members, 100 articles, 20 events, 1,000 registrations, 10 requests.
SCALE = 0.02


def generate(**options):
    stdout = io.StringIO()
    call_command("generate_scale_data", stdout=stdout, **options)
    return stdout.getvalue()


def generated_people():
    return get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def generated_articles():
    return BlogPage.objects.exclude(slug__in=[spec["slug"] for spec in blog_content.ARTICLES])


def generated_events():
    return EventPage.objects.exclude(slug__in=[spec["slug"] for spec in events_content.EVENTS])


def generated_requests():
    return EventRequest.objects.exclude(reference__startswith="ER-DEMO")


@pytest.fixture
def scale_data(db):
    """One run at SCALE (tests run with DEBUG off, hence force)."""
    return generate(scale=SCALE, force=True)


def test_counts_follow_the_scale_and_members_spread_over_categories(scale_data):
    assert generated_people().count() == 200
    assert Membership.objects.filter(user__in=generated_people()).count() == 200
    assert generated_articles().count() == 100
    assert generated_events().count() == 20
    assert Registration.objects.filter(event__in=generated_events()).count() == 1000
    assert generated_requests().count() == 10
    assert "Registrations: 1000 created" in scale_data

    # Members spread over categories, statuses and councils.
    memberships = Membership.objects.filter(user__in=generated_people())
    categories = Counter(memberships.values_list("category", flat=True))
    assert set(categories) == set(Membership.Category.values)
    # The weights: councillors the largest group, active the usual status.
    assert categories.most_common(1)[0][0] == Membership.Category.COUNCILLOR
    statuses = Counter(memberships.values_list("status", flat=True))
    assert statuses.most_common(1)[0][0] == Membership.Status.ACTIVE
    councils = memberships.exclude(local_authority=None).values("local_authority").distinct()
    assert councils.count() > 5
    # Councillors and officers always belong to a council; fictional ones have X codes.
    assert not memberships.filter(
        category__in=[Membership.Category.COUNCILLOR, Membership.Category.OFFICER],
        local_authority=None,
    ).exists()
    assert LocalAuthority.objects.filter(gss_code__startswith="X").count() == 4
    assert not generated_people().filter(password__regex=r"^[^!]").exists()


def test_articles_sit_under_the_index_render_and_are_found_by_search(scale_data, client):
    articles = generated_articles()
    index = Page.objects.get(url_path="/home/blog/")
    assert articles.child_of(index).live().count() == 100
    assert not articles.filter(categories=None).exists()
    assert not articles.annotate(authors=Count("blog_authors")).filter(authors=0).exists()
    assert index.numchild == index.get_children().count()
    assert BlogPageAuthor.objects.filter(page__in=articles).count() >= 100
    assert not any(Page.find_problems())

    article = articles.order_by("-date", "pk").first()
    event = generated_events().upcoming().first()
    for path in ("/", "/blog/", "/events/", "/events/past/", article.url, event.url):
        assert client.get(path).status_code == 200, path
    assert escape(article.title) in client.get("/blog/").content.decode()
    found = get_search_backend().search(article.title, BlogPage)
    assert article.pk in [page.pk for page in found]


def test_events_are_past_and_coming_and_never_over_capacity(scale_data):
    events = generated_events()
    assert events.upcoming().exists()
    assert events.past().exists()
    statuses = Counter(
        Registration.objects.filter(event__in=events).values_list("status", flat=True)
    )
    for status in ("confirmed", "attended", "waitlisted", "cancelled"):
        assert statuses[status], status
    for event in events.annotate(
        holding=Count(
            "registrations", filter=Q(registrations__status__in=Registration.PLACE_HOLDING)
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    ):
        assert event.holding <= event.capacity
        # A waitlist only forms when every place is taken.
        if event.waiting:
            assert event.holding == event.capacity
        if event.cancelled_at:
            assert event.holding == event.waiting == 0
    assert not Registration.objects.filter(event__in=events.upcoming(), status="attended").exists()
    members_only = Registration.objects.filter(event__members_only=True, user=None)
    assert not members_only.exists()


def test_request_histories_follow_the_allowed_transitions(scale_data):
    for request in generated_requests().prefetch_related("updates"):
        statuses = [update.to_status for update in request.updates.all()]
        assert statuses[0] == EventRequest.Status.SUBMITTED
        assert statuses[-1] == request.status
        for before, after in itertools.pairwise(statuses):
            assert after in EventRequest.TRANSITIONS[before], (before, after)
        if request.status in (EventRequest.Status.SCHEDULED, EventRequest.Status.HELD):
            assert request.event.host_authority_id == request.local_authority_id
    assert EventRequestUpdate.objects.filter(request__in=generated_requests()).count() >= 10


def digest():
    """A fingerprint of the generated records, by natural keys (not primary keys,
    which a second database need not hand out alike)."""
    rows = [
        list(
            generated_people()
            .order_by("email")
            .values_list("email", "first_name", "last_name", "date_joined", "password")
        ),
        list(
            Membership.objects.filter(user__in=generated_people())
            .order_by("user__email")
            .values_list(
                "user__email",
                "category",
                "status",
                "local_authority__gss_code",
                "ward",
                "organisation__name",
                "applied_at",
                "expires_at",
            )
        ),
        list(
            generated_articles()
            .order_by("path")
            .values_list("path", "url_path", "title", "date", "first_published_at", "summary")
        ),
        [
            json.dumps(list(article.body.raw_data))
            for article in generated_articles().order_by("path")
        ],
        list(
            BlogPageAuthor.objects.filter(page__in=generated_articles())
            .order_by("page__path", "sort_order")
            .values_list("page__path", "author__slug", "sort_order")
        ),
        list(
            generated_events()
            .order_by("path")
            .values_list("path", "title", "start", "end", "capacity", "venue__name", "cancelled_at")
        ),
        list(
            Registration.objects.filter(event__in=generated_events())
            .order_by("cancel_token")
            .values_list(
                "cancel_token", "event__path", "user__email", "guest_email", "status", "created_at"
            )
        ),
        list(
            generated_requests()
            .order_by("reference")
            .values_list("reference", "status", "requester__email", "event__path", "date_1_from")
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    # Each run starts from the same database: the demo content, and no scale data.
    call_command("load_demo_content", force=True, stdout=io.StringIO())
    with transaction.atomic():
        generate(scale=0.01, seed=7, force=True)
        first = digest()
        transaction.set_rollback(True)
    assert not generated_people().exists()
    with transaction.atomic():
        generate(scale=0.01, seed=8, force=True)
        other = digest()
        transaction.set_rollback(True)

    generate(scale=0.01, seed=7, force=True)

    assert digest() == first
    assert other != first


def test_a_second_run_refuses_and_changes_nothing(scale_data):
    before = (generated_people().count(), Page.objects.count(), Registration.objects.count())

    with pytest.raises(CommandError, match=r"already here .*runs once"):
        generate(scale=SCALE, force=True)

    assert (generated_people().count(), Page.objects.count(), Registration.objects.count()) == (
        before
    )


@pytest.mark.django_db
def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        generate(scale=SCALE)

    assert not get_user_model().objects.exists()
    assert not BlogPage.objects.exists()


def test_the_apps_steps_run_in_their_declared_order():
    assert [step.name for step in scale_steps()] == [
        "members",
        "articles",
        "events",
        "event requests",
        "stories",
    ]
