import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.utils import timezone

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogPageAuthor
from members.demo import LOCAL_AUTHORITIES
from members.models import LocalAuthority, Membership, Organisation
from network_site.models import HomePage, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("a-strong-test-password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Keep it Local Network"
    slug = "home"
    introduction = "Councillors, commissioners and community organisations keeping services local."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "An introduction."
    body = wagtail_factories.StreamFieldFactory({})

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "blog"
    introduction = "News and ideas from the network."

    class Meta:
        model = BlogIndexPage


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Policy Officer"
    organisation = "Keep it Local Network"
    bio = "Writes about commissioning."

    class Meta:
        model = Author


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = BlogCategory


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article number {n}")
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    summary = "A short summary of the article."
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)
    hero_alt_text = "People around a table at a network event"
    body = [
        ("heading", {"text": "Why it matters", "level": "h2"}),
        ("paragraph", "<p>Local organisations know their places.</p>"),
    ]

    class Meta:
        model = BlogPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for order, author in enumerate(extracted):
                BlogPageAuthor.objects.create(page=self, author=author, sort_order=order)

    @factory.post_generation
    def categories_set(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save()


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Example Borough Council {n}")
    short_name = factory.Sequence(lambda n: f"Example {n}")
    gss_code = factory.Sequence(lambda n: f"E0{n:07d}")
    nation = "england"
    region = "Yorkshire and the Humber"
    authority_type = "Metropolitan district"

    class Meta:
        model = LocalAuthority
        django_get_or_create = ["gss_code"]


def demo_council(gss_code, **fields):
    """A real council as the demo has it (members/demo.py): its name, region, type and
    centre, by GSS code; ``fields`` change what a test needs changed."""
    (council,) = [council for council in LOCAL_AUTHORITIES if council["gss_code"] == gss_code]
    return LocalAuthorityFactory(**{**council, **fields})


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Community Trust {n}")
    kind = Organisation.Kind.COMMUNITY
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    income_band = Organisation.IncomeBand.UNDER_100K

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    category = Membership.Category.COUNCILLOR
    status = Membership.Status.PENDING
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    ward = "Headingley"

    class Meta:
        model = Membership

    class Params:
        # A community organisation's contact: no council, no ward.
        for_organisation = factory.Trait(
            category=Membership.Category.ORGANISATION,
            organisation=factory.SubFactory(OrganisationFactory),
            local_authority=None,
            ward="",
        )


# Events ------------------------------------------------------------------------


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Example Civic Hall {n}")
    address = "1 Example Street\nLeeds"
    postcode = "LS1 1UR"
    accessibility = "Step-free access from the street; hearing loop in the main hall."

    class Meta:
        model = "events.Venue"


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"
    introduction = "Network events across the country and online."

    class Meta:
        model = "events.EventIndexPage"


def _event_start(n):
    from django.utils import timezone

    start = timezone.now() + datetime.timedelta(days=14 + n)
    return start.replace(hour=10, minute=0, second=0, microsecond=0)


class EventPageFactory(wagtail_factories.PageFactory):
    """An upcoming in-person event with open registration (pass parent=an events index)."""

    title = factory.Sequence(lambda n: f"Network event {n}")
    summary = "Councillors and community organisations share what works."
    start = factory.Sequence(_event_start)
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))
    format = "in-person"
    venue = factory.SubFactory(VenueFactory)
    capacity = 50

    class Meta:
        model = "events.EventPage"

    class Params:
        # Online only: no venue, a link to join instead.
        online = factory.Trait(
            format="online", venue=None, online_joining_details="https://meet.example.org/x"
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    event = None  # pass event=...
    user = factory.SubFactory(UserFactory)
    status = "confirmed"

    class Meta:
        model = "events.Registration"


def named_registration(event, first_name, last_name, **fields):
    """A registration by a signed-up person of that name."""
    return RegistrationFactory(
        event=event, user__first_name=first_name, user__last_name=last_name, **fields
    )


def guest_registration(event, name, email, **fields):
    """A registration by someone who is not signed up: a name and an address."""
    return RegistrationFactory(event=event, user=None, guest_name=name, guest_email=email, **fields)


class EventRequestFactory(factory.django.DjangoModelFactory):
    """A submitted request from an approved councillor of its authority (the
    factory does not send the emails: use events.requests.services.submit_request)."""

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    requester = factory.LazyAttribute(
        lambda o: (
            MembershipFactory(
                local_authority=o.local_authority, status=Membership.Status.ACTIVE
            ).user
        )
    )
    title = factory.Sequence(lambda n: f"Keeping care local {n}")
    theme = "Bringing home care back in house"
    aims = "Share what worked elsewhere and plan the first steps together."
    audience = ["councillors", "community-organisations"]
    date_1_from = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    format = "in-person"
    expected_attendees = 60
    contact_phone = "0113 222 4444"

    class Meta:
        model = "event_requests.EventRequest"


class EventRequestOutcomeFactory(factory.django.DjangoModelFactory):
    """The outcome report of a held request, sent by its requester, with a quote the
    network may publish."""

    request = factory.SubFactory(EventRequestFactory, status="held")
    what_happened = "Forty people came and talked about lunch clubs."
    what_changed = "The council now funds lunch clubs for five years."
    quote = "The room listened."
    quote_attribution = "A ward councillor"
    may_publish_quote = True
    submitted_by = factory.LazyAttribute(lambda o: o.request.requester)

    class Meta:
        model = "event_requests.EventRequestOutcome"


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    """A queued email as network_site.emails saves one (without sending it)."""

    template = "example"
    to = "ada@example.org"
    subject = "Hi"
    body_text = "Hi"
    body_html = "<p>Hi</p>"

    class Meta:
        model = "network_site.OutboundEmail"
