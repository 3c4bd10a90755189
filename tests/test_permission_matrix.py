"""Who gets what from every URL the site serves.

The URL resolver is walked (every app's URLs, allauth, anymail, Wagtail's admin
with every viewset and action); each pattern is requested by one person in each
role, with its ids filled by real objects that belong to someone else, and the
answer is compared with the row of RULES (tests/permission_matrix_rows.py) that
matches the pattern. A pattern that no row (or more than one) matches fails."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from events.models import EventHostContact
from members.bulletins.models import Bulletin
from members.councils.models import Commitment
from members.elections.models import Election
from members.introductions.models import Introduction, IntroductionRequest
from members.models import Membership
from network_site import roles
from network_site.models import OutboundEmail, UndeliverableAddress
from network_site.payments.models import StripeEvent
from stories.models import ServiceArea, StoryIndexPage, StoryPage, StorySubmission
from tests.factories import (
    AuthorFactory,
    BlogCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    EventRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    StandardPageFactory,
    UserFactory,
)
from tests.members.membership_roles import verified_user
from tests.payments.sales import ticket_payment
from tests.permission_matrix_rows import ROLES, RULES, expected_for, rule_for
from tests.routes import url_patterns

pytestmark = pytest.mark.django_db

# The world: one person per role, one real object behind every id in a URL.

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def all_routes():
    seen = []
    for route, _ in url_patterns():
        if route not in seen:
            seen.append(route)
    return seen


def person(role, event):
    if role == "anonymous":
        return None
    if role == "unverified":
        user = UserFactory(email="unverified@example.org")
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        return user
    if role in ("pending", "active", "lapsed"):
        user = verified_user(email=f"{role}@example.org")
        MembershipFactory(user=user, status=role)
        return user
    if role == "host":
        user = verified_user(email="host@example.org")
        EventHostContact.objects.create(page=event, user=user)
        return user
    groups = {
        "editor": roles.EDITORS,
        "moderator": roles.MODERATORS,
        "officer": roles.MEMBERSHIP_OFFICERS,
        "manager": roles.EVENT_MANAGERS,
        "communications": roles.COMMUNICATIONS,
    }
    if role in groups:
        user = verified_user(email=f"{role}@example.org", is_staff=True)
        user.groups.add(Group.objects.get(name=groups[role]))
        return user
    if role == "superuser":
        return verified_user(email="superuser@example.org", is_staff=True, is_superuser=True)
    raise ValueError(role)


def build_world(home_page, role):
    """Objects that belong to someone else (never to the person in ``role``), and
    the person. Returns (user, ids) where ids names the object behind each URL id."""
    index = EventIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=index, title="Keeping care local")
    event.save_revision()
    other = verified_user(email="someone.else@example.org")
    registration = RegistrationFactory(event=event, user=other)
    membership = MembershipFactory(user=other, status=Membership.Status.PENDING)
    event_request = EventRequestFactory()
    # Someone else's request for introductions, with a third member proposed to it.
    introduction_request = IntroductionRequest.objects.create(
        requester=membership,
        local_authority=membership.local_authority,
        kind=IntroductionRequest.Kind.MEET_ORGANISATIONS,
        reason="Someone else's reasons.",
    )
    introduction = Introduction.objects.create(
        request=introduction_request,
        member=MembershipFactory(for_organisation=True, status=Membership.Status.ACTIVE),
    )
    payment = ticket_payment(event)
    stripe_event = StripeEvent.objects.create(
        stripe_id="evt_matrix",
        type="checkout.session.completed",
        created=timezone.now(),
        outcome=StripeEvent.Outcome.APPLIED,
    )
    email = OutboundEmail.objects.create(
        to=other.email,
        user=other,
        subject="Your place",
        body_text="Hello",
        body_html="<p>Hello</p>",
        template="matrix",
    )
    undeliverable = UndeliverableAddress.objects.create(
        email="bounced@example.org", reason=UndeliverableAddress.Reason.BOUNCED
    )
    organisation = OrganisationFactory()
    authority = LocalAuthorityFactory()
    election = Election.objects.create(authority=authority, polling_day=datetime.date(2027, 5, 6))
    commitment = Commitment.objects.create(authority=authority, champion_name="Cllr Matrix")
    author = AuthorFactory()
    category = BlogCategoryFactory()
    stories = StoryIndexPage(title="Stories", slug="stories", introduction="What changed.")
    home_page.add_child(instance=stories)
    service_area = ServiceArea.objects.get(slug="homelessness")
    story = StoryPage(
        title="A night shelter",
        summary="What changed.",
        local_authority=authority,
        service_area=service_area,
        approach="grant",
    )
    stories.add_child(instance=story)
    story_submission = StorySubmission.objects.create(story=story, submitted_by=other)
    root_collection = Collection.get_first_root_node()
    collection = root_collection.add_child(name="Board papers")
    document = Document(title="Board minutes", collection=collection)
    document.file.save("minutes.pdf", io.BytesIO(PDF), save=False)
    document.save()
    image = wagtail_factories.ImageFactory()
    locked = root_collection.add_child(name="Trustees only")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=locked, restriction_type=CollectionViewRestriction.PASSWORD, password="pw"
    )
    private_page = StandardPageFactory(parent=home_page, title="Private page")
    restriction = PageViewRestriction.objects.create(
        page=private_page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    redirect = Redirect.objects.create(old_path="/old", redirect_link="/")
    query = Query.get("council")
    site = Site.objects.get(is_default_site=True)
    workflow = event.get_workflow()
    task = workflow.tasks.first()
    editors = Group.objects.get(name=roles.EDITORS)
    draft_bulletin = Bulletin.objects.create(
        subject="Next month", slug="next-month", body=[("heading", {"text": "Soon"})]
    )
    sent_bulletin = Bulletin.objects.create(
        subject="Last month",
        slug="last-month",
        body=[("heading", {"text": "Done"})],
        members_only=True,
        status=Bulletin.Status.SENT,
        sent_at=timezone.now(),
    )

    user = person(role, event)
    # Someone else's draft in moderation, for the workflow URLs.
    state = workflow.start(event, other)
    task_state = state.current_task_state
    revision = event.latest_revision

    ids = {
        "event": event.pk,
        "index": index.pk,
        "registration": registration.pk,
        "membership": membership.pk,
        "event_request": event_request.pk,
        "introduction_request": introduction_request.pk,
        "introduction": introduction.pk,
        "payment": payment.pk,
        "stripe_event": stripe_event.pk,
        "undeliverable": undeliverable.pk,
        "organisation": organisation.pk,
        "authority": authority.pk,
        "election": election.pk,
        "commitment": commitment.pk,
        "authority_path": authority.get_absolute_url(),
        "author": author.pk,
        "category": category.pk,
        "service_area": service_area.pk,
        "story": story.pk,
        "story_submission": story_submission.pk,
        "venue": event.venue_id,
        "collection": collection.pk,
        "document": document.pk,
        "document_file": document.filename,
        "image": image.pk,
        "restriction": restriction.pk,
        "collection_restriction": collection_restriction.pk,
        "private_page": private_page.pk,
        "redirect": redirect.pk,
        "query": query.pk,
        "site": site.pk,
        "workflow": workflow.pk,
        "task": task.pk,
        "group": editors.pk,
        "user": other.pk,
        "workflow_state": state.pk,
        "task_state": task_state.pk,
        "revision": revision.pk,
        "event_path": event.url,
        "bulletin": draft_bulletin.pk,
        "bulletin_slug": sent_bulletin.slug,
    }
    ids["outbound_email"] = email.pk
    return user, ids


# Which object an admin listing's <pk> is.
PK_BY_PREFIX = [
    ("admin/memberships/", "membership"),
    ("admin/organisations/", "organisation"),
    ("admin/payments/", "payment"),
    ("admin/users/", "user"),
    ("admin/groups/", "group"),
    ("admin/registrations/", "registration"),
    ("admin/local_authorities/", "authority"),
    ("admin/event_requests/", "event_request"),
    ("admin/stripe-events/", "stripe_event"),
    ("admin/outbound_emails/", "outbound_email"),
    ("admin/undeliverable_addresses/", "undeliverable"),
    ("admin/sites/", "site"),
    ("admin/snippets/blog/author/", "author"),
    ("admin/snippets/choose/blog/author/", "author"),
    ("admin/snippets/blog/blogcategory/", "category"),
    ("admin/snippets/choose/blog/blogcategory/", "category"),
    ("admin/snippets/events/venue/", "venue"),
    ("admin/snippets/stories/servicearea/", "service_area"),
    ("admin/snippets/choose/stories/servicearea/", "service_area"),
    ("admin/snippets/choose/events/venue/", "venue"),
    ("admin/collections/", "collection"),
    ("admin/workflows/tasks/", "task"),
    ("admin/workflows/", "workflow"),
    ("admin/settings/", "site"),
    ("admin/api/main/^pages/", "event"),
    ("admin/api/main/^documents/", "document"),
    ("admin/documents/", "document"),
    ("admin/api/main/^images/", "image"),
    ("admin/images/", "image"),
    ("admin/pages/", "event"),
    ("events/request/", "event_request"),
    ("admin/bulletins/", "bulletin"),
    ("admin/elections/", "election"),
    ("admin/council_commitments/", "commitment"),
    ("admin/introduction_requests/", "introduction_request"),
    ("members/introductions/requests/", "introduction_request"),
    ("members/introductions/", "introduction"),
    ("members/stories/", "story_submission"),
    # Someone else's membership: nobody in the matrix is an organisation's main contact.
    ("members/organisation/", "membership"),
]

SPECIAL = {
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/accounts/password/reset/key/1-not-a-key/"
    ),
    "anymail/^mailgun/inbound(_mime)?/$": "/anymail/mailgun/inbound/",
    "documents/^(\\d+)/(.*)$": "/documents/{document}/{document_file}",
    "^(?P<page_path>(?:[\\w\\-]+/)*)(?P<filename>[\\w\\-]+\\.ics)$": "{event_path}event.ics",
    "^((?:[\\w\\-]+/)*)$": "{event_path}",
    "admin/^.*/$": "/admin/no-such-screen/",
    "councils/<slug:slug>/": "{authority_path}",
    "admin/stories/<int:page_id>/consent/": "/admin/stories/{story}/consent/",
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
    "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": (
        "/admin/pages/{event}/revisions/compare/earliest...latest/"
    ),
}

BY_NAME = {
    "event_id": "event",
    "page_id": "event",
    "parent_page_id": "index",
    "page_to_move_id": "event",
    "page_pk": "event",
    "destination_id": "index",
    "revision_id": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
    "workflow_pk": "workflow",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "collection_id": "collection",
    "query_id": "query",
    "redirect_id": "redirect",
    "restriction_id": "collection_restriction",
    "page_view_restriction_id": "restriction",
    "slug": "bulletin_slug",
}

LITERAL = {
    "filter_spec": "fill-100x100",
    "uidb64": "MQ",
    "step": "about",
    "token": "not-a-token",
    "session_id": "999999",
    "uploaded_file_id": "999999",
    "object_id": None,  # the event
}


def url_for(route, ids):
    if route in SPECIAL:
        return SPECIAL[route].format(**ids)

    def value(match):
        name = match.group(2)
        if name in BY_NAME:
            return str(ids[BY_NAME[name]])
        if name == "object_id":
            return str(ids["event"])
        if name in LITERAL:
            return LITERAL[name]
        if name == "page_id" or (name == "pk" and "^pages/" in route):
            return str(ids["event"])
        if name in ("app_name", "app_label", "content_type_app_name"):
            return _app_and_model(route)[0]
        if name in ("model_name", "content_type_model_name"):
            return _app_and_model(route)[1]
        if name in ("action", "action_name"):
            if "workflow/" in route:
                return "approve"
            if "bulk/" in route:
                return "delete"
            return "copy"
        if name == "pk":
            if route.startswith("_util/"):
                return str(ids["private_page"])
            for prefix, key in PK_BY_PREFIX:
                if route.startswith(prefix):
                    return str(ids[key])
        if name == "page_view_restriction_id":
            return str(ids["restriction"])
        raise KeyError(f"no value for <{name}> in {route}")

    url = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    if "_util/authenticate_with_password/" in route:
        url = f"/_util/authenticate_with_password/{ids['restriction']}/{ids['private_page']}/"
    return url


# The model a generic admin route (<app_label>/<model_name>) is filled in with.
MODEL_BY_PREFIX = [
    ("admin/settings/", ("network_site", "organisationsettings")),
    ("admin/bulk/", ("wagtailcore", "page")),
    ("admin/editing-sessions/", ("wagtailcore", "page")),
    ("admin/workflows/tasks/add/", ("wagtailcore", "groupapprovaltask")),
    ("admin/tag-autocomplete/", ("taggit", "tag")),
]


def _app_and_model(route):
    for prefix, app_and_model in MODEL_BY_PREFIX:
        if route.startswith(prefix):
            return app_and_model
    return ("events", "eventpage")


ROUTES = all_routes()


def outcome(response):
    """A status, or for a redirect where it goes: "login", "verify" (confirm the
    email address), "dashboard" (Wagtail's "permission denied" back to /admin/) or
    "302" elsewhere."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path.startswith(("/accounts/login/", "/admin/login/", "/_util/login/")):
            return "login"
        if path.startswith("/accounts/confirm-email/"):
            return "verify"
        if path == "/admin/":
            return "dashboard"
        return "302"
    return str(status)


def matches(actual, expected):
    """``expected`` is one outcome, "4xx" for any client error, or "a|b"."""
    return any(
        actual == option or (option == "4xx" and actual.startswith("4") and len(actual) == 3)
        for option in expected.split("|")
    )


def request(client, method, url):
    # Every request runs in a savepoint that is rolled back: a POST that cancels,
    # approves or deletes leaves the world as it was for the next URL.
    with transaction.atomic():
        response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return response


def test_every_route_has_exactly_one_row():
    problems = []
    for route in ROUTES:
        found = [rule for rule in RULES if rule.matches(route)]
        if len(found) != 1:
            problems.append(f"{route}: {len(found)} rows ({[m.pattern for m in found]})")
    # And no row is left over from a URL that is gone.
    problems += [
        f"row {rule.pattern!r} matches no URL"
        for rule in RULES
        if not any(rule.matches(route) for route in ROUTES)
    ]
    assert problems == [], "\n".join(problems)


def test_the_walk_finds_the_whole_site():
    assert len(ROUTES) > 380
    for route in (
        "admin/memberships/approve/<int:pk>/",
        "admin/payments/inspect/<int:pk>/",
        "members/hosting/<int:event_id>/attendees.csv",
        "events/request/<int:pk>/withdraw/",
        "payments/stripe/webhook/",
    ):
        assert route in ROUTES


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, home_page, role):
    user, ids = build_world(home_page, role)
    client.raise_request_exception = False  # a crash is a 500 in its cell, not an error
    failures = []
    for route in ROUTES:
        rule = rule_for(route)
        if rule is None:
            failures.append(f"{route}: no row in the table")
            continue
        url = url_for(route, ids)
        if user is not None:
            # Signed in afresh for each URL: a sign-out URL must not sign out the rest.
            client.force_login(user)
        response = request(client, rule.method, url)
        actual = outcome(response)
        expected = expected_for(rule, role)
        if not matches(actual, expected):
            failures.append(
                f"{rule.method} {url} ({route}) as {role}: {actual}, expected {expected}"
            )
    assert failures == [], f"{len(failures)} cells differ:\n" + "\n".join(failures)
