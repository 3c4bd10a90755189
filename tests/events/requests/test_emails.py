"""Each email of an event request: who gets it, what it says (and never says), where
its links go, and that nothing leaves before the change is committed."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import escape

from events.requests import services as event_requests
from events.requests.models import EventRequest, EventRequestOutcome
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.roles import EDITORS, EVENT_MANAGERS, MEMBERSHIP_OFFICERS
from tests.events.requests.test_rules import publish, staff_in
from tests.factories import (
    EventPageFactory,
    EventRequestFactory,
    LocalAuthorityFactory,
    UserFactory,
    VenueFactory,
)
from tests.members.membership_roles import member_of

Status = EventRequest.Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("events_index")]

SECRET = "Internal: their budget is not signed off"
SITE = settings.WAGTAILADMIN_BASE_URL.rstrip("/")


@pytest.fixture
def managers():
    """The two Event managers, beside staff in other roles who must hear nothing."""
    people = [staff_in(EVENT_MANAGERS), staff_in(EVENT_MANAGERS)]
    staff_in(EDITORS)
    staff_in(MEMBERSHIP_OFFICERS)
    UserFactory(is_staff=True, is_superuser=True)
    retired = staff_in(EVENT_MANAGERS)
    retired.is_active = False
    retired.save()
    return people


@pytest.fixture
def event_request(managers):
    """A request submitted by a councillor naming two officers as contacts; another
    member of the same council is not named."""
    authority = LocalAuthorityFactory(name="Leeds City Council")
    requester = member_of(authority, first_name="Asha")
    contacts = [member_of(authority, category=Membership.Category.OFFICER) for _ in range(2)]
    member_of(authority)
    return event_requests.submit_request(
        EventRequestFactory.build(
            local_authority=authority, requester=None, title="Keeping care local"
        ),
        requester=requester,
        contacts=contacts,
    )


@pytest.fixture
def manager(managers):
    return managers[0]


def authority_side(event_request):
    return sorted([event_request.requester.email, *(c.email for c in event_request.contacts.all())])


def staff_addresses(managers):
    return sorted(person.email for person in managers)


def set_status(event_request, status, **fields):
    EventRequest.objects.filter(pk=event_request.pk).update(status=status, **fields)
    event_request.refresh_from_db()


def sent(template):
    return list(OutboundEmail.objects.filter(template=template).order_by("pk"))


def recipients(template):
    return sorted(email.to for email in sent(template))


def absolute(path):
    return f"{SITE}{path}"


def says(email, text):
    """In the plain-text body and in the HTML body (escaped as HTML escapes it)."""
    return text in email.body_text and escape(text) in email.body_html


def links_to(email, url):
    """The text writes the address out; the HTML links to it."""
    return url in email.body_text and f'href="{url}"' in email.body_html


def assert_well_formed(email, event_request):
    assert event_request.reference in email.subject
    for href in re.findall(r'href="([^"]*)"', email.body_html):
        assert href.startswith(("http://", "https://", "mailto:")), href
    # Site links use the site's address; an event page's own address is its Wagtail
    # site's (localhost in tests).
    for url in re.findall(r"https?://\S+", email.body_text):
        assert url.startswith((SITE, "http://localhost/")), url
    everything = email.subject + email.body_text + email.body_html
    assert SECRET not in everything
    assert escape(SECRET) not in everything


def assert_points_to(url, view_name, **kwargs):
    match = resolve(urlsplit(url).path)
    assert match.view_name == view_name
    assert {key: str(value) for key, value in match.kwargs.items()} == {
        key: str(value) for key, value in kwargs.items()
    }


# Submitting


def test_the_requester_and_each_named_contact_get_the_reference(event_request):
    assert recipients("event_requests/received") == authority_side(event_request)
    request_page = absolute(reverse("events:request_detail", args=[event_request.pk]))
    assert_points_to(request_page, "events:request_detail", pk=event_request.pk)
    for email in sent("event_requests/received"):
        assert_well_formed(email, event_request)
        assert links_to(email, request_page)
        assert says(email, "Keeping care local")
        assert says(email, "Leeds City Council")
        assert says(email, event_request.date_1_from.strftime("%-d %B %Y"))
        assert says(email, event_requests.TYPICAL_RESPONSE)
    to_requester = OutboundEmail.objects.get(
        template="event_requests/received", to=event_request.requester.email
    )
    assert to_requester.user == event_request.requester
    assert to_requester.body_text.startswith("Dear Asha,")
    to_contact = OutboundEmail.objects.get(
        template="event_requests/received", to=event_request.contacts.first().email
    )
    assert says(to_contact, "named you as a contact")


def test_only_event_managers_hear_of_a_new_request(event_request, managers):
    assert recipients("event_requests/for_staff") == staff_addresses(managers)
    admin_page = absolute(reverse("event_requests:inspect", args=[event_request.pk]))
    for email in sent("event_requests/for_staff"):
        assert_well_formed(email, event_request)
        assert email.subject == (
            f"New event request {event_request.reference} from Leeds City Council"
        )
        assert links_to(email, admin_page)
        assert says(email, event_request.requester.email)


# Staff move the request on


@pytest.mark.parametrize(
    ("from_status", "to_status", "says_what"),
    [
        (Status.SUBMITTED, Status.IN_REVIEW, "We are now looking at your request"),
        (Status.IN_REVIEW, Status.ACCEPTED, "Good news"),
        (Status.IN_REVIEW, Status.DECLINED, "not able to host"),
        (Status.ACCEPTED, Status.WITHDRAWN, "has been withdrawn"),
    ],
)
def test_a_status_change_is_explained_to_the_authority_side(
    event_request, manager, from_status, to_status, says_what
):
    set_status(event_request, from_status)
    staff_emails = len(sent("event_requests/for_staff"))
    event_requests.change_status(
        event_request,
        to_status,
        by=manager,
        message="Thank you for your patience with us.",
        internal_note=SECRET,
    )
    assert recipients("event_requests/status") == authority_side(event_request)
    request_page = absolute(reverse("events:request_detail", args=[event_request.pk]))
    for email in sent("event_requests/status"):
        assert_well_formed(email, event_request)
        assert Status(to_status).label.lower() in email.subject.lower()
        assert says(email, says_what)
        assert says(email, "Thank you for your patience with us.")
        assert links_to(email, request_page)
    assert len(sent("event_requests/for_staff")) == staff_emails  # staff made the change


def test_needing_information_asks_for_an_answer_on_the_request_page(event_request, manager):
    set_status(event_request, Status.IN_REVIEW)
    event_requests.change_status(
        event_request,
        Status.NEEDS_INFORMATION,
        by=manager,
        message="Which rooms at the civic hall could we use?",
        internal_note=SECRET,
    )
    request_page = absolute(reverse("events:request_detail", args=[event_request.pk]))
    [email, *_] = sent("event_requests/status")
    assert len(sent("event_requests/status")) == 3
    assert_well_formed(email, event_request)
    assert "needs information" in email.subject.lower()
    assert says(email, "Which rooms at the civic hall could we use?")
    assert f"Answer on your request page: {request_page}" in email.body_text
    assert re.search(
        rf'href="{re.escape(request_page)}"[^>]*>\s*Answer on your request page', email.body_html
    )


def test_a_message_without_a_status_change_is_emailed(event_request, manager):
    event_requests.add_note(
        event_request,
        by=manager,
        message="Could we call you on Tuesday?",
        internal_note=SECRET,
    )
    assert recipients("event_requests/status") == authority_side(event_request)
    for email in sent("event_requests/status"):
        assert_well_formed(email, event_request)
        assert email.subject == f"A message about your event request {event_request.reference}"
        assert says(email, "Could we call you on Tuesday?")


def test_an_internal_note_alone_sends_nothing(event_request, manager):
    before = OutboundEmail.objects.count()
    event_requests.add_note(event_request, by=manager, internal_note=SECRET)
    assert OutboundEmail.objects.count() == before


# The authority acts


def test_staff_see_the_answer(event_request, managers):
    set_status(event_request, Status.NEEDS_INFORMATION)
    already = len(sent("event_requests/for_staff"))
    contact = event_request.contacts.first()
    event_requests.answer(event_request, by=contact, message="The council chamber, for 80.")
    emails = sent("event_requests/for_staff")[already:]
    assert sorted(email.to for email in emails) == staff_addresses(managers)
    admin_page = absolute(reverse("event_requests:inspect", args=[event_request.pk]))
    for email in emails:
        assert_well_formed(email, event_request)
        assert email.subject == (
            f"Leeds City Council answered your question on {event_request.reference}"
        )
        assert says(email, "The council chamber, for 80.")
        assert links_to(email, admin_page)
    assert not sent("event_requests/status")


def test_staff_hear_of_a_withdrawal_and_its_reason(event_request, managers):
    already = len(sent("event_requests/for_staff"))
    event_requests.withdraw(event_request, by=event_request.requester, reason="The budget was cut.")
    emails = sent("event_requests/for_staff")[already:]
    assert sorted(email.to for email in emails) == staff_addresses(managers)
    for email in emails:
        assert_well_formed(email, event_request)
        assert "withdrawn" in email.subject
        assert says(email, "The budget was cut.")
    assert not sent("event_requests/status")


def test_staff_get_the_outcome_report(event_request, managers):
    set_status(event_request, Status.HELD)
    already = len(sent("event_requests/for_staff"))
    event_requests.submit_outcome(
        event_request,
        by=event_request.requester,
        outcome=EventRequestOutcome(
            what_happened="Forty people from twelve groups came.",
            what_changed="We are writing a social value policy.",
        ),
    )
    emails = sent("event_requests/for_staff")[already:]
    assert sorted(email.to for email in emails) == staff_addresses(managers)
    for email in emails:
        assert_well_formed(email, event_request)
        assert email.subject == f"Outcome report for {event_request.reference}"
        assert says(email, "Forty people from twelve groups came.")
        assert says(email, "We are writing a social value policy.")


# The event


def test_the_authority_side_hears_when_the_event_is_published(event_request, manager):
    set_status(event_request, Status.ACCEPTED)
    fields = event_requests.event_defaults(event_request)
    fields.pop("use_offered_venue")
    page = event_requests.create_event(event_request, by=manager, venue=VenueFactory(), **fields)
    assert not sent("event_requests/scheduled")  # a draft is not news yet
    publish(page)
    page.refresh_from_db()
    assert recipients("event_requests/scheduled") == authority_side(event_request)
    hosting_page = absolute(reverse("members:hosting_event", args=[page.pk]))
    assert_points_to(hosting_page, "members:hosting_event", event_id=page.pk)
    for email in sent("event_requests/scheduled"):
        assert_well_formed(email, event_request)
        assert links_to(email, page.full_url)
        assert links_to(email, hosting_page)
        assert says(email, page.title)
        assert says(email, "agreed to share")


def test_the_requester_is_asked_for_an_outcome_report_once_the_event_is_over(
    event_request, events_index
):
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventPageFactory(
        parent=events_index, start=start, end=start + datetime.timedelta(hours=2)
    )
    set_status(event_request, Status.SCHEDULED, event=event)
    assert event_requests.mark_held() == 1
    assert recipients("event_requests/outcome_invite") == [event_request.requester.email]
    [email] = sent("event_requests/outcome_invite")
    assert_well_formed(email, event_request)
    outcome_page = absolute(reverse("events:request_outcome", args=[event_request.pk]))
    assert_points_to(outcome_page, "events:request_outcome", pk=event_request.pk)
    assert links_to(email, outcome_page)
    assert says(email, event.title)
    assert event_requests.mark_held() == 0
    assert len(sent("event_requests/outcome_invite")) == 1


def test_staff_marking_a_request_held_also_ask_for_the_report(event_request, manager, events_index):
    set_status(event_request, Status.SCHEDULED, event=EventPageFactory(parent=events_index))
    event_requests.change_status(event_request, Status.HELD, by=manager, internal_note=SECRET)
    assert recipients("event_requests/status") == authority_side(event_request)
    assert recipients("event_requests/outcome_invite") == [event_request.requester.email]
    outcome_page = absolute(reverse("events:request_outcome", args=[event_request.pk]))
    for email in sent("event_requests/status") + sent("event_requests/outcome_invite"):
        assert_well_formed(email, event_request)
    assert links_to(sent("event_requests/outcome_invite")[0], outcome_page)


# Sent only once committed


def test_emails_leave_only_once_the_change_is_committed(
    event_request, manager, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event_requests.change_status(
            event_request, Status.IN_REVIEW, by=manager, message="On it.", internal_note=SECRET
        )
        assert mail.outbox == []
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(address for message in mail.outbox for address in message.to) == (
        authority_side(event_request)
    )
    for message in mail.outbox:
        assert event_request.reference in message.subject
        assert "On it." in message.body
        [(html, _)] = message.alternatives
        assert "On it." in html
        assert SECRET not in message.body
        assert SECRET not in html


def test_nothing_is_sent_when_the_change_is_rolled_back(
    event_request, manager, django_capture_on_commit_callbacks
):
    emails = OutboundEmail.objects.count()
    mail.outbox.clear()

    class Oops(Exception):
        pass

    def change_then_fail():
        with transaction.atomic():
            event_requests.change_status(
                event_request, Status.IN_REVIEW, by=manager, message="On it."
            )
            raise Oops

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops):
        change_then_fail()
    assert callbacks == []
    assert mail.outbox == []
    assert OutboundEmail.objects.count() == emails
    event_request.refresh_from_db()
    assert event_request.status == Status.SUBMITTED
