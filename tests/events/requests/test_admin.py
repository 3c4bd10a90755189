"""Event requests in the admin: who sees them, the listing's filters, search and
export, a request's page with its history, the update form, and making the draft
event of an accepted request (linked both ways, scheduled when published)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import LONDON, EventPage
from events.requests import services as event_requests
from events.requests.models import EventRequest, EventRequestOutcome, EventRequestUpdate
from events.requests.viewsets import may_view_requests
from events.requests.wagtail_hooks import event_request_button
from members.models import Membership
from network_site.models import OutboundEmail
from tests.exports import csv_records, xlsx_sheet
from tests.factories import (
    EventPageFactory,
    EventRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VenueFactory,
)
from tests.members.membership_roles import (
    admin_refused,
    assert_reads,
    event_manager,
    sign_in,
    user_in_role,
)
from tests.query_counts import assert_listing_queries_flat

pytestmark = pytest.mark.django_db

Status = EventRequest.Status

LISTING = "/admin/event_requests/"


def urls_by_id(event_request):
    pk = event_request.pk
    return [
        inspect_url(event_request),
        f"/admin/event_requests/edit/{pk}/",
        f"/admin/event_requests/history/{pk}/",
        f"/admin/event_requests/usage/{pk}/",
        f"/admin/event_requests/delete/{pk}/",
        create_event_url(event_request),
    ]


def inspect_url(event_request):
    return f"/admin/event_requests/inspect/{event_request.pk}/"


def create_event_url(event_request):
    return f"/admin/event_requests/create-event/{event_request.pk}/"


# People and requests


ROLES = ["anonymous", "member", "staff", "officer", "manager", "superuser"]
REVIEWERS = {"manager", "superuser"}


def refused(response):
    return admin_refused(response, LISTING)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def leeds_request(leeds):
    """A request with a contact, a co-host, a venue offered and three date choices."""
    event_request = EventRequestFactory(
        local_authority=leeds,
        requester=MembershipFactory(
            local_authority=leeds,
            status=Membership.Status.ACTIVE,
            user__first_name="Asha",
            user__last_name="Patel",
            user__email="asha@leeds.example",
        ).user,
        title="Keeping care local in Leeds",
        theme="Home care in house",
        date_1_from=days(60),
        date_1_to=days(62),
        date_2_from=days(90),
        date_3_from=days(120),
        expected_attendees=60,
        venue_offered=True,
        venue_name="Leeds Civic Hall",
        venue_address="Calverley Street\nLeeds",
        venue_postcode="LS1 1UR",
        venue_capacity=80,
        venue_accessibility="Step-free entrance on Portland Crescent.",
        other_co_hosts="Leeds Tenants Federation",
    )
    contact = MembershipFactory(
        local_authority=leeds,
        status=Membership.Status.ACTIVE,
        category=Membership.Category.OFFICER,
        user__first_name="Colin",
        user__last_name="Contact",
        user__email="colin@leeds.example",
    ).user
    event_request.contacts.add(contact)
    event_request.co_host_organisations.add(OrganisationFactory(name="Leeds Community Trust"))
    return event_request


@pytest.fixture
def bristol_request(bristol):
    return EventRequestFactory(
        local_authority=bristol,
        title="Local buying in Bristol",
        theme="Procurement",
        date_1_from=days(30),
        status=Status.IN_REVIEW,
    )


def held_with_outcome(event_request, **fields):
    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.HELD)
    return EventRequestOutcome.objects.create(
        request=event_request,
        what_happened="Ninety people came.",
        what_changed="Two services came back in house.",
        quote="It changed how we commission.",
        submitted_by=event_request.requester,
        **fields,
    )


def past_event(events_index, authority, days_ago, **fields):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return EventPageFactory(
        parent=events_index,
        host_authority=authority,
        start=start,
        end=start + datetime.timedelta(hours=2),
        **fields,
    )


def accepted(event_request):
    EventRequest.objects.filter(pk=event_request.pk).update(status=Status.ACCEPTED)
    event_request.refresh_from_db()
    return event_request


# Who may see what


@pytest.mark.parametrize("role", ROLES)
def test_listing_and_request_page_by_role(client, leeds_request, role):
    sign_in(client, role)
    urls = [LISTING, inspect_url(leeds_request), f"{LISTING}?export=csv"]
    assert_reads(client, urls, allowed=role in REVIEWERS, refused=refused)
    if role in REVIEWERS:
        assert leeds_request.reference in client.get(LISTING).content.decode()


@pytest.mark.parametrize("role", sorted(set(ROLES) - REVIEWERS))
def test_every_view_by_id_refuses_everyone_else(client, leeds_request, role):
    sign_in(client, role)
    for url in urls_by_id(leeds_request):
        assert refused(client.get(url)), url
        assert refused(client.post(url, {"status": Status.IN_REVIEW, "title": "Changed"})), url
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.SUBMITTED
    assert leeds_request.title == "Keeping care local in Leeds"
    assert not EventRequestUpdate.objects.exists()


@pytest.mark.parametrize("role", ["member", "staff"])
def test_an_unknown_id_is_refused_like_a_known_one(client, leeds_request, role):
    sign_in(client, role)
    assert refused(client.get(inspect_url(leeds_request)))
    assert refused(client.get("/admin/event_requests/inspect/987654/"))


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_requests_are_never_added_copied_or_deleted_in_the_admin(client, leeds_request, role):
    sign_in(client, role)
    assert refused(client.get(f"{LISTING}new/"))
    assert refused(client.post(f"{LISTING}new/", {"title": "Made up"}))
    assert refused(client.post(f"{LISTING}delete/{leeds_request.pk}/"))
    assert client.get(f"{LISTING}copy/{leeds_request.pk}/").status_code == 404
    assert EventRequest.objects.filter(pk=leeds_request.pk).exists()
    assert "/delete/" not in client.get(inspect_url(leeds_request)).content.decode()


def test_the_events_menu_lists_the_requests(manager_client):
    response = manager_client.get("/admin/")
    assert b"Event requests" in response.content
    assert LISTING.encode() in response.content


# The listing


def references(response):
    assert response.status_code == 200
    return {event_request.reference for event_request in response.context["object_list"]}


def test_listing_newest_first_with_its_columns(manager_client, leeds_request, bristol_request):
    EventRequest.objects.filter(pk=leeds_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    response = manager_client.get(LISTING)
    assert [r.reference for r in response.context["object_list"]] == [
        bristol_request.reference,
        leeds_request.reference,
    ]
    html = response.content.decode()
    for text in [
        "Keeping care local in Leeds",
        "Leeds City Council",
        "Yorkshire and The Humber",
        "Submitted",
        "In review",
        inspect_url(leeds_request),
    ]:
        assert text in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": Status.IN_REVIEW}, {"bristol"}),
        ({"status": Status.SUBMITTED}, {"leeds"}),
        ({"region": "South West"}, {"bristol"}),
        ({"region": "Yorkshire and The Humber"}, {"leeds"}),
        ({"q": "leeds city"}, {"leeds"}),
        ({"q": "procurement"}, {"bristol"}),
        ({"q": "asha@leeds"}, {"leeds"}),
    ],
)
def test_filters_and_search(manager_client, leeds_request, bristol_request, query, expected):
    requests = {"leeds": leeds_request, "bristol": bristol_request}
    assert references(manager_client.get(LISTING, query)) == {
        requests[name].reference for name in expected
    }


def test_filter_by_authority(manager_client, leeds_request, bristol_request, bristol):
    response = manager_client.get(LISTING, {"local_authority": bristol.pk})
    assert references(response) == {bristol_request.reference}


def test_search_by_reference(manager_client, leeds_request, bristol_request):
    response = manager_client.get(LISTING, {"q": leeds_request.reference.lower()})
    assert references(response) == {leeds_request.reference}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (29, 31, {"bristol"}),  # Bristol's only date
        (61, 61, {"leeds"}),  # inside Leeds's first-choice range
        (62, 70, {"leeds"}),  # the range's last day
        (85, 95, {"leeds"}),  # Leeds's second choice
        (120, None, {"leeds"}),  # third choice, open-ended period
        (None, 30, {"bristol"}),
        (63, 89, set()),  # between Leeds's choices
        (200, 300, set()),
    ],
)
def test_filter_by_date_wanted_matches_any_choice(
    manager_client, leeds_request, bristol_request, start, end, expected
):
    query = {}
    if start is not None:
        query["date_wanted_from"] = days(start).isoformat()
    if end is not None:
        query["date_wanted_to"] = days(end).isoformat()
    requests = {"leeds": leeds_request, "bristol": bristol_request}
    assert references(manager_client.get(LISTING, query)) == {
        requests[name].reference for name in expected
    }


def test_listing_queries_do_not_grow_with_requests(manager_client, leeds, bristol):
    def add(n):
        EventRequestFactory(local_authority=leeds if n % 2 else bristol)

    assert_listing_queries_flat(manager_client, LISTING, add, few=3, more=17)


# Export


def export_rows(client, **query):
    return csv_records(client.get(LISTING, {"export": "csv", **query}))


def test_export_has_everything_submitted_and_the_outcome(
    manager_client, leeds_request, bristol_request
):
    held_with_outcome(leeds_request, quote_attribution="Cllr Asha Patel", may_publish_quote=True)
    rows = {row["Reference"]: row for row in export_rows(manager_client)}
    assert set(rows) == {leeds_request.reference, bristol_request.reference}
    leeds_row = rows[leeds_request.reference]
    assert leeds_row["Status"] == "Held"
    assert leeds_row["Local authority"] == "Leeds City Council"
    assert leeds_row["Requester email"] == "asha@leeds.example"
    assert "colin@leeds.example" in leeds_row["Named contacts"]
    assert leeds_row["Working title"] == "Keeping care local in Leeds"
    assert leeds_row["Audience"] == "Councillors; Community organisations"
    assert leeds_row["Venue name"] == "Leeds Civic Hall"
    assert leeds_row["Co-hosting organisations"] == "Leeds Community Trust"
    assert leeds_row["Date choice 2"].endswith(str(days(90).year))
    assert leeds_row["Outcome: what happened"] == "Ninety people came."
    assert leeds_row["Outcome: what changed"] == "Two services came back in house."
    assert leeds_row["Outcome: quote"] == "It changed how we commission."
    assert leeds_row["Outcome: may publish the quote"] == "yes"
    submitted = EventRequestOutcome.objects.get().submitted_at
    assert leeds_row["Outcome: submitted (London time)"] == str(
        timezone.make_naive(submitted, LONDON)
    )
    assert rows[bristol_request.reference]["Outcome: what happened"] == ""


def test_export_follows_the_filters_and_comes_as_xlsx(
    manager_client, leeds_request, bristol_request
):
    assert [row["Reference"] for row in export_rows(manager_client, region="South West")] == [
        bristol_request.reference
    ]
    response = manager_client.get(LISTING, {"export": "xlsx"})
    assert response["Content-Disposition"].endswith('event-requests.xlsx"')
    sheet = xlsx_sheet(response)
    assert sheet.max_row == 3
    headings = [cell.value for cell in sheet[1]]
    assert "Outcome: quote" in headings
    assert "Event" in headings


def test_export_queries_do_not_grow_with_requests(manager_client, leeds):
    def count():
        with CaptureQueriesContext(connection) as queries:
            export_rows(manager_client)
        return len(queries)

    EventRequestFactory(local_authority=leeds)
    count()  # fills the per-process and shared caches (content types, permissions)
    few = count()
    for _ in range(5):
        request = EventRequestFactory(local_authority=leeds)
        request.co_host_organisations.add(OrganisationFactory())
    assert count() == few


# A request's page


def test_request_page_shows_everything_and_the_history(
    manager_client, leeds_request, bristol, leeds, events_index
):
    event_requests.change_status(
        leeds_request,
        Status.IN_REVIEW,
        by=UserFactory(first_name="Rita", last_name="Reviewer"),
        message="Thanks, we are looking at it.",
        internal_note="Check the budget with finance first.",
    )
    older = EventRequestFactory(local_authority=leeds, title="An older Leeds request")
    EventRequestFactory(local_authority=bristol, title="Someone else's request")
    past = past_event(events_index, leeds, 300, title="Leeds event of last year")
    html = manager_client.get(inspect_url(leeds_request)).content.decode()
    for text in [
        leeds_request.reference,
        "Home care in house",
        leeds_request.aims,
        "Councillors, Community organisations",
        "Leeds Civic Hall",
        "Step-free entrance on Portland Crescent.",
        "80 people",
        "asha@leeds.example",
        "0113 222 4444",
        "colin@leeds.example",
        "Leeds Community Trust",
        "Leeds Tenants Federation",
        # the history, newest first, the internal note marked as such
        "Rita Reviewer",
        "Submitted →",
        "Thanks, we are looking at it.",
        "Internal note, staff only:",
        "Check the budget with finance first.",
        # the authority's other requests and past events
        "An older Leeds request",
        inspect_url(older),
        "Leeds event of last year",
    ]:
        assert text in html, text
    assert "Someone else&#x27;s request" not in html
    assert f"/admin/pages/{past.pk}/edit/" not in html  # event managers do not edit pages
    for n in (60, 90, 120):
        assert str(days(n).day) in html


def test_superuser_sees_links_to_the_membership_and_to_edit_past_events(
    superuser_client, leeds_request, leeds, events_index
):
    past = past_event(events_index, leeds, 30)
    html = superuser_client.get(inspect_url(leeds_request)).content.decode()
    membership = leeds_request.requester.membership
    assert f"/admin/memberships/inspect/{membership.pk}/" in html
    assert f"/admin/pages/{past.pk}/edit/" in html


def test_request_page_shows_the_outcome_report(manager_client, leeds_request):
    held_with_outcome(leeds_request, may_publish_quote=False)
    html = manager_client.get(inspect_url(leeds_request)).content.decode()
    assert "Outcome report" in html
    assert "Two services came back in house." in html
    assert "Do not publish this quote" in html


# The update form


def update(client, event_request, **data):
    return client.post(
        inspect_url(event_request),
        {"status": "", "message": "", "internal_note": "", **data},
    )


def test_the_form_offers_only_the_moves_the_flow_allows(manager_client, leeds_request):
    form = manager_client.get(inspect_url(leeds_request)).context["update_form"]
    assert [value for value, _ in form.fields["status"].choices] == [
        "",
        Status.IN_REVIEW,
        Status.DECLINED,
        Status.WITHDRAWN,
    ]
    assert "Keep the current status (submitted)" in form.fields["status"].choices[0][1]


def test_a_valid_move_records_who_and_when_and_emails_the_authority(
    manager_client, manager, leeds_request
):
    before = timezone.now()
    response = update(
        manager_client,
        leeds_request,
        status=Status.IN_REVIEW,
        message="We are looking at it now.",
        internal_note="Ask Sam about dates.",
    )
    assert response.status_code == 302
    assert response["Location"] == inspect_url(leeds_request)
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.IN_REVIEW
    assert leeds_request.status_changed_at >= before
    entry = EventRequestUpdate.objects.get(request=leeds_request)
    assert (entry.author, entry.from_status, entry.to_status) == (
        manager,
        Status.SUBMITTED,
        Status.IN_REVIEW,
    )
    assert entry.created_at >= before
    assert entry.message == "We are looking at it now."
    assert entry.internal_note == "Ask Sam about dates."
    emails = OutboundEmail.objects.filter(template="event_requests/status")
    assert {email.to for email in emails} == {"asha@leeds.example", "colin@leeds.example"}
    assert all("We are looking at it now." in email.body_text for email in emails)
    assert not any("Ask Sam" in email.body_text + email.body_html for email in emails)
    page = manager_client.get(response["Location"]).content.decode()
    assert "is now in review" in page


def test_needs_information_without_a_message_is_refused_beside_the_field(
    manager_client, leeds_request
):
    EventRequest.objects.filter(pk=leeds_request.pk).update(status=Status.IN_REVIEW)
    response = update(manager_client, leeds_request, status=Status.NEEDS_INFORMATION)
    assert response.status_code == 400
    form = response.context["update_form"]
    assert form.errors["message"] == [event_requests.MESSAGE_REQUIRED[Status.NEEDS_INFORMATION]]
    assert "There is a problem" in response.content.decode()
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.IN_REVIEW
    assert not EventRequestUpdate.objects.exists()
    assert not OutboundEmail.objects.filter(template="event_requests/status").exists()


@pytest.mark.parametrize(
    ("current", "tampered"),
    [
        (Status.SUBMITTED, Status.SCHEDULED),
        (Status.SUBMITTED, Status.ACCEPTED),
        (Status.HELD, Status.ACCEPTED),
        (Status.DECLINED, Status.IN_REVIEW),
        (Status.ACCEPTED, "nonsense"),
    ],
)
def test_a_tampered_invalid_move_is_refused(manager_client, leeds_request, current, tampered):
    EventRequest.objects.filter(pk=leeds_request.pk).update(status=current)
    response = update(manager_client, leeds_request, status=tampered, message="Sneaky")
    assert response.status_code == 400
    assert "status" in response.context["update_form"].errors
    leeds_request.refresh_from_db()
    assert leeds_request.status == current
    assert not EventRequestUpdate.objects.exists()
    assert not OutboundEmail.objects.filter(template="event_requests/status").exists()


def test_an_internal_note_alone_keeps_the_status_and_emails_nobody(manager_client, leeds_request):
    response = update(manager_client, leeds_request, internal_note="Called them: keen.")
    assert response.status_code == 302
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.SUBMITTED
    entry = EventRequestUpdate.objects.get()
    assert (entry.to_status, entry.internal_note) == ("", "Called them: keen.")
    assert not OutboundEmail.objects.filter(template="event_requests/status").exists()


def test_a_message_alone_keeps_the_status_and_emails_the_authority(manager_client, leeds_request):
    assert update(manager_client, leeds_request, message="Could you do a Tuesday?").status_code == (
        302
    )
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.SUBMITTED
    assert OutboundEmail.objects.filter(
        template="event_requests/status", to="asha@leeds.example"
    ).exists()


def test_an_empty_update_is_refused(manager_client, leeds_request):
    response = update(manager_client, leeds_request)
    assert response.status_code == 400
    assert response.context["update_form"].errors["message"]
    assert not EventRequestUpdate.objects.exists()


def test_oversized_text_is_refused_beside_the_field(manager_client, leeds_request):
    response = update(manager_client, leeds_request, internal_note="x" * 5001)
    assert response.status_code == 400
    assert response.context["update_form"].errors["internal_note"]
    assert not EventRequestUpdate.objects.exists()


# Correcting the details


def test_staff_correct_only_some_details(manager_client, leeds_request, leeds):
    url = f"/admin/event_requests/edit/{leeds_request.pk}/"
    form = manager_client.get(url).context["form"]
    assert set(form.fields) == {
        "title",
        "theme",
        "date_1_from",
        "date_1_to",
        "date_2_from",
        "date_2_to",
        "date_3_from",
        "date_3_to",
        "expected_attendees",
        "contacts",
        "co_host_organisations",
        "other_co_hosts",
    }
    elsewhere = MembershipFactory(status=Membership.Status.ACTIVE).user
    candidates = set(form.fields["contacts"].queryset)
    assert leeds_request.contacts.get() in candidates
    assert leeds_request.requester not in candidates
    assert elsewhere not in candidates
    local = OrganisationFactory(name="Leeds Food Co-op")
    local.local_authorities.add(leeds)
    OrganisationFactory(name="Far Away Trust")
    form = manager_client.get(url).context["form"]
    assert [o.name for o in form.fields["co_host_organisations"].queryset] == [
        "Leeds Community Trust",  # chosen already
        "Leeds Food Co-op",
    ]


def test_a_correction_is_saved(manager_client, leeds_request):
    url = f"/admin/event_requests/edit/{leeds_request.pk}/"
    contact = leeds_request.contacts.get()
    response = manager_client.post(
        url,
        {
            "title": "Keeping home care local",
            "theme": "Home care in house",
            "date_1_from": days(61).isoformat(),
            "date_1_to": "",
            "date_2_from": "",
            "date_2_to": "",
            "date_3_from": "",
            "date_3_to": "",
            "expected_attendees": "70",
            "contacts": [contact.pk],
            "other_co_hosts": "",
            "status": Status.ACCEPTED,  # not a field of the form: ignored
        },
    )
    assert response.status_code == 302
    leeds_request.refresh_from_db()
    assert (leeds_request.title, leeds_request.expected_attendees) == (
        "Keeping home care local",
        70,
    )
    assert leeds_request.date_2_from is None
    assert leeds_request.status == Status.SUBMITTED


def test_a_bad_correction_is_refused_beside_the_field(manager_client, leeds_request):
    url = f"/admin/event_requests/edit/{leeds_request.pk}/"
    response = manager_client.post(
        url,
        {
            "title": "Keeping care local",
            "theme": "Home care",
            "date_1_from": days(61).isoformat(),
            "date_1_to": days(50).isoformat(),
            "expected_attendees": "100",  # more than the offered venue holds
            "contacts": [leeds_request.requester.pk],  # not one of the choices
        },
    )
    assert response.status_code == 200  # Wagtail's edit view answers a bad form with 200
    errors = response.context["form"].errors
    assert set(errors) == {"date_1_to", "expected_attendees", "contacts"}
    assert "fewer people than the 100" in errors["expected_attendees"][0]
    leeds_request.refresh_from_db()
    assert leeds_request.title == "Keeping care local in Leeds"


# Making the event


def event_form(**changes):
    start = datetime.datetime.combine(days(60), datetime.time(10, 0))
    return {
        "title": "Keeping care local: Leeds",
        "summary": "Councillors and community groups plan home care together.",
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "format": EventPage.Format.IN_PERSON,
        "capacity": "60",
        "venue": "offered",
        "online_joining_details": "",
        **changes,
    }


def test_create_event_only_for_an_accepted_request(manager_client, leeds_request, events_index):
    response = manager_client.get(create_event_url(leeds_request))
    assert response.status_code == 200
    assert "Only an accepted request" in response.content.decode()
    assert "form" not in response.context or not response.context["may_create_event"]
    assert (
        create_event_url(leeds_request)
        not in manager_client.get(inspect_url(leeds_request)).content.decode()
    )
    response = manager_client.post(create_event_url(leeds_request), event_form())
    assert response.status_code == 400
    assert not EventPage.objects.exists()


def test_create_event_form_is_prefilled_from_the_request(
    manager_client, leeds_request, events_index
):
    accepted(leeds_request)
    assert (
        create_event_url(leeds_request)
        in manager_client.get(inspect_url(leeds_request)).content.decode()
    )
    response = manager_client.get(create_event_url(leeds_request))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Keeping care local in Leeds"' in html
    assert f'value="{days(60).isoformat()} 10:00"' in html
    assert f'value="{days(60).isoformat()} 13:00"' in html
    assert 'value="60"' in html
    assert "Home care in house: a Keep it Local Network event with Leeds City Council." in html
    assert "The venue the authority offered: Leeds Civic Hall, LS1 1UR" in html
    assert response.context["form"]["venue"].value() == "offered"


def test_create_event_makes_a_draft_linked_both_ways(superuser_client, leeds_request, events_index):
    accepted(leeds_request)
    contact = leeds_request.contacts.get()
    response = superuser_client.post(create_event_url(leeds_request), event_form())
    page = EventPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    assert page.get_parent().specific == events_index
    assert page.title == "Keeping care local: Leeds"
    assert page.host_authority == leeds_request.local_authority
    assert [o.name for o in page.host_organisations.all()] == ["Leeds Community Trust"]
    assert {host.user for host in page.host_contacts.all()} == {leeds_request.requester, contact}
    assert page.venue.name == "Leeds Civic Hall"
    assert timezone.localtime(page.start, LONDON).time() == datetime.time(10, 0)
    assert timezone.localtime(page.start, LONDON).date() == days(60)
    leeds_request.refresh_from_db()
    assert leeds_request.event == page
    assert EventPage.objects.get().event_request == leeds_request
    assert leeds_request.status == Status.ACCEPTED
    # the request's page now links to the event
    html = superuser_client.get(inspect_url(leeds_request)).content.decode()
    assert f"/admin/pages/{page.pk}/edit/" in html
    assert "a draft, not yet published" in html


def test_a_manager_who_cannot_edit_pages_goes_back_to_the_request(
    manager_client, leeds_request, events_index
):
    accepted(leeds_request)
    venue = VenueFactory(name="Town Hall")
    response = manager_client.post(create_event_url(leeds_request), event_form(venue=venue.pk))
    assert response.status_code == 302
    assert response["Location"] == inspect_url(leeds_request)
    assert EventPage.objects.get().venue == venue
    page = manager_client.get(response["Location"]).content.decode()
    assert "The draft event “Keeping care local: Leeds” is ready" in page


def test_a_second_post_makes_no_second_event(superuser_client, leeds_request, events_index):
    accepted(leeds_request)
    assert superuser_client.post(create_event_url(leeds_request), event_form()).status_code == 302
    response = superuser_client.post(create_event_url(leeds_request), event_form(title="Again"))
    assert response.status_code == 400
    assert EventPage.objects.count() == 1
    assert "already has its event" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "tomorrow morning"}, "start"),
        ({"end": "2026-02-30 10:00"}, "end"),
        ({"end": "2020-01-01 09:00"}, "end"),  # before it starts
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "1000000"}, "capacity"),
        ({"title": ""}, "title"),
        ({"venue": ""}, "venue"),  # in person without a venue
        ({"venue": "999999"}, "venue"),
        ({"format": "online", "venue": ""}, "online_joining_details"),
        ({"format": "carrier-pigeon"}, "format"),
        ({"summary": "x" * 301}, "summary"),
    ],
)
def test_bad_event_details_are_refused_beside_the_field(
    manager_client, leeds_request, events_index, changes, field
):
    accepted(leeds_request)
    response = manager_client.post(create_event_url(leeds_request), event_form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not EventPage.objects.exists()
    leeds_request.refresh_from_db()
    assert leeds_request.event is None


def test_an_online_event_needs_no_venue(manager_client, leeds_request, events_index):
    accepted(leeds_request)
    response = manager_client.post(
        create_event_url(leeds_request),
        event_form(format="online", venue="", online_joining_details="Join on Teams: link"),
    )
    assert response.status_code == 302
    page = EventPage.objects.get()
    assert page.venue is None
    assert page.online_joining_details == "Join on Teams: link"


def test_publishing_the_event_schedules_the_request(superuser_client, leeds_request, events_index):
    accepted(leeds_request)
    superuser_client.post(create_event_url(leeds_request), event_form())
    page = EventPage.objects.get()
    page.save_revision().publish()
    leeds_request.refresh_from_db()
    assert leeds_request.status == Status.SCHEDULED
    assert OutboundEmail.objects.filter(
        template="event_requests/scheduled", to="asha@leeds.example"
    ).exists()
    html = superuser_client.get(inspect_url(leeds_request)).content.decode()
    assert page.full_url in html
    assert "View it on the site" in html


# From the event page back to its request


def test_the_event_page_links_to_its_request(superuser_client, leeds_request, events_index):
    accepted(leeds_request)
    superuser_client.post(create_event_url(leeds_request), event_form())
    page = EventPage.objects.get()
    html = superuser_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert inspect_url(leeds_request) in html
    assert "Event request" in html


def test_the_request_button_only_for_those_who_see_requests(leeds_request, events_index):
    page = EventPageFactory(parent=events_index)
    leeds_request.event = page
    leeds_request.save()
    other = EventPageFactory(parent=events_index)
    superuser = user_in_role("superuser")
    editor = user_in_role("staff")
    assert may_view_requests(event_manager())
    assert not may_view_requests(editor)

    def buttons(page, user):
        return list(event_request_button(page=page, user=user, view_name="edit"))

    assert [button.url for button in buttons(page, superuser)] == [inspect_url(leeds_request)]
    assert buttons(page, editor) == []
    assert buttons(other, superuser) == []  # not made from a request
    assert buttons(events_index, superuser) == []
