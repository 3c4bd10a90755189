"""The public side of event requests: asking for an event at /events/request/,
following it, answering the network's questions, withdrawing, the outcome report
and the requests on the dashboard. Who may see a request is tested view by view."""

import re

import pytest
from django.urls import reverse

from events.models import EventHostContact
from events.requests import services as event_requests
from events.requests.models import EventRequest, EventRequestOutcome, EventRequestUpdate
from members.models import Membership, Organisation
from network_site.models import OutboundEmail
from tests.events.requests.form_data import in_days, valid_data
from tests.factories import (
    EventRequestFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.members.membership_roles import member_of, verified_user
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

Status = EventRequest.Status
FORM_URL = "/events/request/"


@pytest.fixture
def councillor(leeds):
    return member_of(leeds, first_name="Asha", last_name="Patel")


@pytest.fixture
def colleague(leeds):
    return member_of(
        leeds, category=Membership.Category.OFFICER, first_name="Ben", last_name="Okafor"
    )


@pytest.fixture
def trust(leeds):
    organisation = OrganisationFactory(name="Chapeltown Community Trust")
    organisation.local_authorities.add(leeds)
    return organisation


def error_beside(response, field, text):
    """The message is in the form's errors for the field and printed beside it."""
    assert any(text in error for error in response.context["form"].errors[field]), response.context[
        "form"
    ].errors
    html = response.text
    match = re.search(rf'<p class="field__error" id="id_{field}-error-1">(.*?)</p>', html, re.S)
    assert match, f"no error printed beside {field}"
    assert text in match.group(1).replace("&#x27;", "'").replace("&quot;", '"')
    assert f'href="#id_{field}' in html  # and linked from the summary at the top


# The page and who gets the form


def test_anonymous_visitors_get_the_explanation_and_links_back(client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.text
    assert html.count("<h1") == 1
    assert "What happens after you ask" in html
    assert f"usually within {event_requests.TYPICAL_RESPONSE}" in html
    assert f'href="/accounts/login/?next={FORM_URL}"' in html
    assert f'href="/accounts/signup/?next={FORM_URL}"' in html
    assert 'class="request-form"' not in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_signing_in_from_the_link_comes_back_to_the_form(client, councillor):
    response = client.post(
        f"/accounts/login/?next={FORM_URL}",
        {"login": councillor.email, "password": "a-strong-test-password", "next": FORM_URL},
    )
    assert response.status_code == 302
    assert response["Location"] == FORM_URL
    assert 'class="request-form"' in client.get(FORM_URL).text


def test_an_anonymous_post_is_sent_to_sign_in_and_saves_nothing(client, leeds):
    response = client.post(FORM_URL, valid_data(leeds))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not EventRequest.objects.exists()


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("no membership", "not a member of the network yet"),
        ("pending councillor", "application is being reviewed"),
        ("community organisation", "cannot ask on a council"),
        ("lapsed officer", "membership is not active"),
    ],
)
def test_members_who_may_not_ask_are_told_who_may(client, leeds, who, says):
    if who == "no membership":
        user = verified_user()
    elif who == "pending councillor":
        user = member_of(leeds, status="pending")
    elif who == "community organisation":
        user = member_of(leeds, category=Membership.Category.ORGANISATION)
    else:
        user = member_of(leeds, category=Membership.Category.OFFICER, status="lapsed")
    client.force_login(user)
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert "Approved councillors and officers of a council can ask" in response.text
    assert says in response.text
    assert 'class="request-form"' not in response.text

    response = client.post(FORM_URL, valid_data(leeds))
    assert response.status_code == 403
    assert not EventRequest.objects.exists()


def test_the_form_defaults_to_the_members_own_council(client, councillor, leeds):
    LocalAuthorityFactory(name="Bradford Council")
    client.force_login(councillor)
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.text
    assert html.count("<h1") == 1
    assert response.context["form"]["local_authority"].value() == leeds.pk
    assert f'<option value="{leeds.pk}" selected>Leeds City Council</option>' in html
    assert "Bradford Council" not in html
    assert 'type="date"' in html
    assert 'name="venue_offered"' in html


def test_only_community_organisations_of_the_area_are_offered_as_co_hosts(
    client, councillor, trust
):
    elsewhere = OrganisationFactory(name="Bradford Food Network")
    elsewhere.local_authorities.add(LocalAuthorityFactory())
    public_body = OrganisationFactory(name="NHS Leeds", kind=Organisation.Kind.PUBLIC_BODY)
    public_body.local_authorities.add(councillor.membership.local_authority)
    client.force_login(councillor)
    html = client.get(FORM_URL).text
    assert "Chapeltown Community Trust" in html
    assert "Bradford Food Network" not in html
    assert "NHS Leeds" not in html


# Asking


def test_a_request_is_saved_with_its_contacts_and_co_hosts_and_emailed(
    client, django_capture_on_commit_callbacks, councillor, colleague, manager, trust, leeds
):
    client.force_login(councillor)
    data = valid_data(
        leeds,
        contacts=f"  {colleague.email.upper()}\n",
        co_host_organisations=[str(trust.pk)],
        venue_postcode="ls1  1ur",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, data)
    assert response.status_code == 302
    event_request = EventRequest.objects.get()
    assert response["Location"] == reverse("events:request_detail", args=[event_request.pk])
    assert event_request.requester == councillor
    assert event_request.local_authority == leeds
    assert event_request.status == Status.SUBMITTED
    assert list(event_request.contacts.all()) == [colleague]
    assert list(event_request.co_host_organisations.all()) == [trust]
    assert event_request.audience == ["councillors", "community-organisations"]
    assert event_request.venue_postcode == "LS1 1UR"
    assert event_request.date_2_from.isoformat() == in_days(90)
    assert event_request.updates.get().to_status == Status.SUBMITTED

    received = OutboundEmail.objects.filter(template="event_requests/received")
    assert sorted(received.values_list("to", flat=True)) == sorted(
        [councillor.email, colleague.email]
    )
    assert all(event_request.reference in email.body_text for email in received)
    staff = OutboundEmail.objects.filter(template="event_requests/for_staff")
    assert list(staff.values_list("to", flat=True)) == [manager.email]

    page = client.get(response["Location"])
    assert f"Its reference is {event_request.reference}" in page.text


def test_a_venue_not_offered_keeps_none_of_its_details(client, councillor, leeds):
    client.force_login(councillor)
    data = valid_data(leeds, venue_postcode="not a postcode", venue_capacity="3")
    del data["venue_offered"]
    response = client.post(FORM_URL, data)
    assert response.status_code == 302
    event_request = EventRequest.objects.get()
    assert not event_request.venue_offered
    assert event_request.venue_name == event_request.venue_postcode == ""
    assert event_request.venue_capacity is None


BAD_INPUT = [
    ("past date", {"date_1_from": in_days(-1), "date_1_to": ""}, "date_1_from", "not in the past"),
    ("end before start", {"date_1_to": in_days(59)}, "date_1_to", "on or after its first day"),
    ("range too long", {"date_1_to": in_days(160)}, "date_1_to", "three months or less"),
    ("years away", {"date_2_from": in_days(3 * 365)}, "date_2_from", "in the next two years"),
    ("not a date", {"date_1_from": "2031-02-30"}, "date_1_from", "Enter a real date"),
    ("no date", {"date_1_from": "", "date_1_to": ""}, "date_1_from", "at least one date"),
    ("until without a day", {"date_3_to": in_days(100)}, "date_3_from", "first day of this range"),
    ("nobody expected", {"expected_attendees": "0"}, "expected_attendees", "5 people or more"),
    ("a million", {"expected_attendees": "1000000"}, "expected_attendees", "up to 2,000"),
    ("words for numbers", {"expected_attendees": "lots"}, "expected_attendees", "whole number"),
    ("venue unnamed", {"venue_name": ""}, "venue_name", "You offered a venue: tell us"),
    ("venue without address", {"venue_address": " "}, "venue_address", "tell us its address"),
    ("venue capacity missing", {"venue_capacity": ""}, "venue_capacity", "how many people"),
    ("venue too small", {"venue_capacity": "40"}, "venue_capacity", "fewer people than the 60"),
    ("absurd capacity", {"venue_capacity": "99999999"}, "venue_capacity", "5,000 or fewer"),
    ("bad postcode", {"venue_postcode": "NOT IT"}, "venue_postcode", "Enter a UK postcode"),
    ("oversized aims", {"aims": "x" * 10_000}, "aims", "Keep this to 3,000 characters"),
    ("oversized title", {"title": "t" * 400}, "title", "Keep this to 150 characters"),
    ("no aims", {"aims": "   "}, "aims", "Say what the event should achieve"),
    ("bad phone", {"contact_phone": "call me maybe"}, "contact_phone", "Enter a UK phone number"),
    ("no audience", {"audience": []}, "audience", "Choose who the event is for"),
    ("made-up audience", {"audience": ["aliens"]}, "audience", "from the list"),
    ("made-up format", {"format": "telepathy"}, "format", "in person, online or hybrid"),
    ("not an email", {"contacts": "ben at leeds"}, "contacts", "is not an email address"),
    ("stranger", {"contacts": "nobody@example.org"}, "contacts", "not an approved member"),
    ("themselves", {"contacts": "{me}"}, "contacts", "leave yourself out"),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
    client, councillor, leeds, changes, field, message
):
    client.force_login(councillor)
    changes = {
        key: value.replace("{me}", councillor.email) if isinstance(value, str) else value
        for key, value in changes.items()
    }
    response = client.post(FORM_URL, valid_data(leeds, **changes))
    assert response.status_code == 400
    error_beside(response, field, message)
    assert "There is a problem" in response.text
    assert response.text.count("<h1") == 1
    assert not EventRequest.objects.exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    "who", ["member of another council", "pending member of the council", "no membership"]
)
def test_a_contact_who_is_not_an_approved_colleague_gets_the_same_message(
    client, councillor, leeds, who
):
    if who == "member of another council":
        other = member_of(LocalAuthorityFactory())
    elif who == "pending member of the council":
        other = member_of(leeds, status="pending")
    else:
        other = verified_user()
    client.force_login(councillor)
    response = client.post(FORM_URL, valid_data(leeds, contacts=other.email))
    assert response.status_code == 400
    assert response.context["form"].errors["contacts"] == [
        f"{other.email} is not an approved member of this council on the network."
    ]
    assert not EventRequest.objects.exists()


def test_asking_for_another_council_is_refused(client, councillor, leeds):
    elsewhere = LocalAuthorityFactory(name="Wakefield Council")
    client.force_login(councillor)
    response = client.post(FORM_URL, valid_data(leeds, local_authority=str(elsewhere.pk)))
    assert response.status_code == 400
    error_beside(response, "local_authority", "only ask on behalf of your own council")
    assert not EventRequest.objects.exists()


def test_co_hosts_from_another_area_are_refused(client, councillor, leeds):
    elsewhere = OrganisationFactory(name="Wakefield Trust")
    elsewhere.local_authorities.add(LocalAuthorityFactory())
    client.force_login(councillor)
    response = client.post(FORM_URL, valid_data(leeds, co_host_organisations=[str(elsewhere.pk)]))
    assert response.status_code == 400
    assert response.context["form"].errors["co_host_organisations"]
    assert not EventRequest.objects.exists()


# A request's pages: who may see them


@pytest.fixture
def held_request(councillor, colleague, leeds):
    """A request whose event has been held, so every page has something to show."""
    event_request = EventRequestFactory(
        local_authority=leeds, requester=councillor, title="Secret plans for Leeds"
    )
    event_request.contacts.add(colleague)
    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.HELD)
    event_request.refresh_from_db()
    return event_request


def request_urls(event_request):
    pk = event_request.pk
    return [
        ("get", f"/events/request/{pk}/"),
        ("post", f"/events/request/{pk}/answer/"),
        ("get", f"/events/request/{pk}/withdraw/"),
        ("post", f"/events/request/{pk}/withdraw/"),
        ("get", f"/events/request/{pk}/outcome/"),
        ("post", f"/events/request/{pk}/outcome/"),
    ]


VIEWS = ["detail", "answer", "withdraw (confirm)", "withdraw", "outcome (form)", "outcome"]
POSTED = {
    "message": "Here is the answer.",
    "reason": "Plans changed.",
    "what_happened": "Sixty people came.",
    "what_changed": "A new partnership.",
}


def strip_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("view", range(len(VIEWS)), ids=VIEWS)
@pytest.mark.parametrize("who", ["other council", "same council, not a contact", "anonymous"])
def test_nobody_else_sees_or_changes_a_request(client, held_request, leeds, view, who):
    method, url = request_urls(held_request)[view]
    if who == "other council":
        client.force_login(member_of(LocalAuthorityFactory()))
    elif who == "same council, not a contact":
        client.force_login(member_of(leeds))
    updates = held_request.updates.count()

    response = getattr(client, method)(url, POSTED)

    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404
        missing = getattr(client, method)(url.replace(f"/{held_request.pk}/", "/987654/"), POSTED)
        assert missing.status_code == 404
        # The same page, but for the address it echoes (in its meta tags).
        same_address = response.text.replace(f"/{held_request.pk}/", "/987654/")
        assert strip_tokens(same_address) == strip_tokens(missing.text)
    assert "Secret plans" not in response.text
    assert held_request.reference not in response.text
    held_request.refresh_from_db()
    assert held_request.status == Status.HELD
    assert held_request.updates.count() == updates
    assert not EventRequestOutcome.objects.exists()


@pytest.mark.parametrize("who", ["requester", "contact"])
def test_the_requester_and_named_contacts_see_the_request(
    client, held_request, councillor, colleague, who
):
    client.force_login(councillor if who == "requester" else colleague)
    response = client.get(f"/events/request/{held_request.pk}/")
    assert response.status_code == 200
    html = response.text
    assert html.count("<h1") == 1
    assert "Secret plans for Leeds" in html
    assert held_request.reference in html
    assert "Ben Okafor" in html  # the named contacts
    assert "The event has taken place" in html
    assert f'href="/events/request/{held_request.pk}/outcome/"' in html
    assert client.get(f"/events/request/{held_request.pk}/outcome/").status_code == 200


def test_only_the_requester_may_withdraw(client, councillor, colleague, leeds):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    event_request.contacts.add(colleague)
    url = f"/events/request/{event_request.pk}/withdraw/"

    client.force_login(colleague)
    assert "Withdraw this request" not in client.get(f"/events/request/{event_request.pk}/").text
    response = client.post(url, {"reason": "Mine to decide?"})
    assert response.status_code == 302
    assert response["Location"] == f"/events/request/{event_request.pk}/"
    event_request.refresh_from_db()
    assert event_request.status == Status.SUBMITTED

    client.force_login(councillor)
    assert f'href="{url}"' in client.get(f"/events/request/{event_request.pk}/").text
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Withdraw your request?" in confirm.text
    event_request.refresh_from_db()
    assert event_request.status == Status.SUBMITTED  # asking to confirm changes nothing

    response = client.post(url, {"reason": "The budget was cut."})
    assert response.status_code == 302
    event_request.refresh_from_db()
    assert event_request.status == Status.WITHDRAWN
    assert event_request.updates.last().message == "The budget was cut."
    assert client.get(url).status_code == 302  # no second time
    assert OutboundEmail.objects.filter(template="event_requests/for_staff").count() == 0


def test_the_withdraw_reason_has_a_limit(client, councillor, leeds):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    client.force_login(councillor)
    response = client.post(f"/events/request/{event_request.pk}/withdraw/", {"reason": "r" * 5000})
    assert response.status_code == 400
    assert "Keep this to 2,000 characters" in response.text
    event_request.refresh_from_db()
    assert event_request.status == Status.SUBMITTED


# Updates, questions and answers


def test_the_timeline_shows_messages_and_status_changes_but_never_internal_notes(
    client, councillor, leeds, manager
):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    event_requests.change_status(
        event_request,
        Status.IN_REVIEW,
        by=manager,
        message="We are looking at it now.",
        internal_note="INTERNAL: the budget line is tight",
    )
    event_requests.add_note(event_request, by=manager, internal_note="INTERNAL: call the CEO")
    client.force_login(councillor)
    html = client.get(f"/events/request/{event_request.pk}/").text
    assert "We are looking at it now." in html
    assert "In review" in html
    assert "The network team" in html
    assert "INTERNAL" not in html
    dashboard = client.get("/members/dashboard/").text
    assert "We are looking at it now." in dashboard
    assert "INTERNAL" not in dashboard


def test_answering_a_question_puts_the_request_back_into_review(
    client, django_capture_on_commit_callbacks, councillor, colleague, leeds, manager
):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    event_request.contacts.add(colleague)
    event_requests.change_status(event_request, Status.IN_REVIEW, by=manager)
    event_requests.change_status(
        event_request,
        Status.NEEDS_INFORMATION,
        by=manager,
        message="Which rooms could you offer?",
    )
    detail = f"/events/request/{event_request.pk}/"
    answer = f"/events/request/{event_request.pk}/answer/"

    client.force_login(colleague)
    page = client.get(detail)
    assert "Answer our question" in page.text
    assert "Which rooms could you offer?" in page.text

    empty = client.post(answer, {"message": "  "})
    assert empty.status_code == 400
    assert "Write your answer." in empty.text
    assert 'id="id_message-error-1"' in empty.text
    too_long = client.post(answer, {"message": "a" * 5001})
    assert too_long.status_code == 400
    event_request.refresh_from_db()
    assert event_request.status == Status.NEEDS_INFORMATION

    staff_emails = OutboundEmail.objects.filter(template="event_requests/for_staff").count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer, {"message": "The Civic Hall's banqueting suite."})
    assert response.status_code == 302
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW
    last = event_request.updates.last()
    assert (last.author, last.source, last.message) == (
        colleague,
        EventRequestUpdate.Source.AUTHORITY,
        "The Civic Hall's banqueting suite.",
    )
    assert (
        OutboundEmail.objects.filter(template="event_requests/for_staff").count()
        == staff_emails + 1
    )
    page = client.get(detail).text
    assert "Answer our question" not in page
    assert "The Civic Hall&#x27;s banqueting suite." in page

    again = client.post(answer, {"message": "And another thing."})
    assert again.status_code == 302
    assert event_request.updates.count() == 3  # in review, the question, the answer


def test_an_answer_is_refused_when_no_question_is_waiting(client, councillor, leeds):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    client.force_login(councillor)
    response = client.post(f"/events/request/{event_request.pk}/answer/", {"message": "Hi"})
    assert response.status_code == 302
    event_request.refresh_from_db()
    assert event_request.status == Status.SUBMITTED
    assert not event_request.updates.exists()


def test_the_answer_address_leads_a_get_to_the_form_on_the_request_page(client, councillor, leeds):
    """Signing in after posting an answer comes back with a GET: show the form."""
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    client.force_login(councillor)
    response = client.get(f"/events/request/{event_request.pk}/answer/")
    assert response.status_code == 302
    assert response["Location"] == f"/events/request/{event_request.pk}/#answer-title"
    client.force_login(UserFactory())
    assert client.get(f"/events/request/{event_request.pk}/answer/").status_code == 404


def test_a_scheduled_request_links_to_its_event_and_the_hosting_page(
    client, make_event, councillor, leeds
):
    event = make_event(title="Care, locally")
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor, event=event)
    client.force_login(councillor)
    detail = f"/events/request/{event_request.pk}/"
    assert event.url not in client.get(detail).text  # not until it is scheduled

    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.SCHEDULED)
    hosting = f'href="{reverse("members:hosting_event", args=[event.pk])}"'
    html = client.get(detail).text
    assert f'href="{event.url}"' in html
    assert hosting not in html  # not (yet) one of the event's hosts: no dead link
    assert "not yet listed as a host" in html

    EventHostContact.objects.create(page=event, user=councillor)
    html = client.get(detail).text
    assert hosting in html
    assert "not yet listed as a host" not in html
    assert "/outcome/" not in html


# The outcome report


def test_the_outcome_is_reported_once_the_event_is_held_and_only_once(
    client, django_capture_on_commit_callbacks, councillor, leeds, manager
):
    event_request = EventRequestFactory(local_authority=leeds, requester=councillor)
    url = f"/events/request/{event_request.pk}/outcome/"
    report = {
        "what_happened": "Sixty people came, from eleven organisations.",
        "what_changed": "The council is piloting in-house home care in two wards.",
        "quote": "We left with a plan, not just ideas.",
        "quote_attribution": "Cllr Asha Patel, Leeds City Council",
        "may_publish_quote": "on",
    }
    client.force_login(councillor)
    not_yet = client.get(url)
    assert not_yet.status_code == 302
    assert "once the event has taken place" in client.get(not_yet["Location"]).text
    assert client.post(url, report).status_code == 302
    assert not EventRequestOutcome.objects.exists()

    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.HELD)
    form = client.get(url)
    assert form.status_code == 200
    assert form.text.count("<h1") == 1

    bad = client.post(url, {**report, "quote": "", "what_changed": "c" * 4000})
    assert bad.status_code == 400
    assert "Write the quote you agree we may publish." in bad.text
    assert "Keep this to 3,000 characters" in bad.text
    assert not EventRequestOutcome.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, report)
    assert response.status_code == 302
    outcome = EventRequestOutcome.objects.get()
    assert (outcome.request, outcome.submitted_by) == (event_request, councillor)
    assert outcome.may_publish_quote
    assert OutboundEmail.objects.filter(template="event_requests/for_staff").count() == 1
    assert "We left with a plan" in client.get(f"/events/request/{event_request.pk}/").text

    again = client.post(url, {**report, "what_happened": "A second report"})
    assert again.status_code == 302
    assert "reported already" in client.get(again["Location"]).text
    assert EventRequestOutcome.objects.count() == 1


# The dashboard


def test_the_dashboard_lists_the_members_requests_and_no_one_elses(
    client, councillor, colleague, leeds, manager
):
    own = EventRequestFactory(local_authority=leeds, requester=councillor, title="Our own event")
    named = EventRequestFactory(local_authority=leeds, requester=member_of(leeds), title="Named")
    named.contacts.add(councillor)
    EventRequestFactory(local_authority=leeds, requester=colleague, title="A colleague's own")
    EventRequestFactory(title="Another council's event")
    event_requests.change_status(own, Status.IN_REVIEW, by=manager, message="Reading it now.")

    client.force_login(councillor)
    html = client.get("/members/dashboard/").text
    assert "Your event requests" in html
    assert f'href="/events/request/{own.pk}/"' in html
    assert own.reference in html
    assert "In review" in html
    assert "Reading it now." in html
    assert f'href="/events/request/{named.pk}/"' in html
    assert "A colleague&#x27;s own" not in html
    assert "Another council" not in html
    assert 'href="/events/request/">Request an event' in html


def test_the_dashboard_offers_no_request_link_to_members_who_may_not_ask(client, leeds):
    client.force_login(member_of(leeds, status="pending"))
    html = client.get("/members/dashboard/").text
    assert "Your event requests" not in html
    assert "Request an event" not in html


def test_the_dashboard_queries_do_not_grow_with_the_requests(client, councillor, leeds, manager):
    def dashboard_queries():
        return warm_query_count(client, "/members/dashboard/")

    client.force_login(councillor)
    first = EventRequestFactory(local_authority=leeds, requester=councillor)
    event_requests.change_status(first, Status.IN_REVIEW, by=manager, message="One.")
    one = dashboard_queries()
    for _ in range(4):
        more = EventRequestFactory(local_authority=leeds, requester=councillor)
        event_requests.change_status(more, Status.IN_REVIEW, by=manager, message="More.")
    assert dashboard_queries() == one
    assert one <= QUERY_BUDGET
