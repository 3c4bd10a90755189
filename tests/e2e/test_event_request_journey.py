"""A council asks the network to host an event and co-hosts it, in a real browser.

A councillor asks from the home page's call to action (a bad date first), the
network team reviews the request in the Wagtail admin and asks a question, the
councillor answers it, the team accepts the request, makes its event and
publishes it, and the councillor co-hosts the event: live numbers, the CSV of
attendees who agreed to share their details, and a message to everyone with a
place. Every public page visited is checked with axe-core; admin pages are only
photographed.
"""

import csv
import datetime
import re

import pytest
from django.utils import timezone

from events import services
from events.models import LONDON, EventPage, Registration
from events.requests.models import EventRequest
from members.models import Membership
from network_site.models import OutboundEmail
from tests.factories import EventIndexPageFactory, LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import event_manager, reviewer, verified_user

from .conftest import admin_screenshots
from .expect import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-password-42"
STAFF_PASSWORD = "another-long-staff-password-7"
Status = EventRequest.Status

TITLE = "Keeping home care local in Leeds"
QUESTION = "Could the Civic Hall take a hearing loop for the day? Who would you like to speak?"
INTERNAL_NOTE = "Ask Priya whether the June budget covers a second event in Yorkshire."
ANSWER = "Yes: the Banqueting Suite has a fixed loop. We would like Cllr Ahmed to open the day."


def member_of(authority, email, first_name, last_name, category=Membership.Category.COUNCILLOR):
    user = verified_user(email=email, first_name=first_name, last_name=last_name, password=PASSWORD)
    MembershipFactory(
        user=user, local_authority=authority, category=category, status=Membership.Status.ACTIVE
    )
    return user


@pytest.fixture
def people(site_content):
    """A councillor of Leeds and a colleague (an officer of the same council), a
    superuser who reviews requests, an Event manager who is told about them, and
    two members who will register for the event."""
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    EventIndexPageFactory(parent=site_content.home)
    manager = event_manager(email="events.team@example.org", first_name="Eve", last_name="Manager")
    return {
        "leeds": leeds,
        "councillor": member_of(leeds, "cllr.patel@example.org", "Nia", "Patel"),
        "colleague": member_of(
            leeds, "sam.okafor@example.org", "Sam", "Okafor", Membership.Category.OFFICER
        ),
        "staff": reviewer(STAFF_PASSWORD),
        "manager": manager,
        "sharing": member_of(leeds, "amina.khan@example.org", "Amina", "Khan"),
        "private": member_of(leeds, "ben.jones@example.org", "Ben", "Jones"),
    }


def follow(page, control):
    """Click a link or a form's button and wait for the page it leads to (redirects
    included), so that nothing is checked before the server has answered."""
    with page.expect_navigation() as navigation:
        control.click()
    return navigation.value


def sign_in(page, base_url, email, password=PASSWORD):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page, page.get_by_role("button", name=re.compile("sign in", re.I)))
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


admin_screenshot = admin_screenshots("event-request-journey")


def emails(template, to):
    return OutboundEmail.objects.filter(template=template, to=to)


def save_update(page, status, message="", internal_note=""):
    """Fill in the admin's "Update the request" form and send it."""
    form = page.locator("#update-section form")
    form.get_by_label(status, exact=True).check()
    if message:
        form.get_by_label("Message to the authority").fill(message)
    if internal_note:
        form.get_by_label("Internal note (staff only)").fill(internal_note)
    follow(page, form.get_by_role("button", name="Save the update"))


def test_a_council_requests_an_event_and_co_hosts_it(new_page, site_content, people, check_page):
    base_url = site_content.url
    councillor, colleague, staff = people["councillor"], people["colleague"], people["staff"]
    first_choice = timezone.localdate() + datetime.timedelta(days=60)
    page = new_page()

    # 1. The councillor signs in and follows the home page's call to host an event.
    page.goto(base_url + "/accounts/login/")
    check_page(page, "sign-in")
    sign_in(page, base_url, councillor.email)
    page.goto(base_url + "/")
    check_page(page, "home")
    follow(page, page.get_by_role("link", name="Ask us to host an event", exact=True))
    assert page.url == base_url + "/events/request/"
    check_page(page, "request-form")

    form = page.locator("form.request-form")
    expect(form.get_by_label("Your council")).to_have_value(str(people["leeds"].pk))
    form.get_by_label("Contact phone number").fill("0113 222 4444")
    form.get_by_label("Working title").fill(TITLE)
    form.get_by_label("Theme", exact=True).fill("Bringing home care back in house")
    form.get_by_label("Aims", exact=True).fill(
        "Hear from councils that brought home care back in house, and plan our first steps."
    )
    form.get_by_label("Councillors", exact=True).check()
    form.get_by_label("Community organisations", exact=True).check()
    form.get_by_label("In person", exact=True).check()
    form.get_by_label("Expected numbers").fill("60")
    form.get_by_label("First choice: from").fill(first_choice.isoformat())
    # A range that ends before it starts: sent back with the message beside the field.
    form.get_by_label("First choice: until").fill(
        (first_choice - datetime.timedelta(days=3)).isoformat()
    )
    venue_name = form.get_by_label("Venue name")
    expect(venue_name).to_be_hidden()  # until a venue is offered
    form.get_by_label("Our council can offer a venue").check()
    expect(venue_name).to_be_visible()
    venue_name.fill("Leeds Civic Hall")
    form.get_by_label("Address", exact=True).fill("Calverley Street\nLeeds")
    form.get_by_label("Postcode").fill("ls1 1ur")
    form.get_by_label("How many people it holds").fill("120")
    form.get_by_label("Accessibility", exact=True).fill(
        "Step-free entrance on Portland Crescent, lifts to every floor, accessible toilets."
    )
    form.get_by_label("Colleagues to keep informed").fill(colleague.email)
    response = follow(page, form.get_by_role("button", name="Send your request"))

    # Sent back with a 400, which is what a form with errors answers: not a failed load.
    assert response.status == 400
    page.failed_loads.remove(f"400 {response.url}")
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    summary_link = summary.get_by_role("link", name=re.compile("^First choice: until: "))
    expect(summary_link).to_contain_text("The range must end on or after its first day.")
    expect(summary_link).to_have_attribute("href", "#id_date_1_to")
    until_field = page.locator(".field", has=page.locator("#id_date_1_to"))
    expect(until_field).to_have_class(re.compile(r"\bfield--error\b"))
    expect(until_field.locator(".field__error")).to_have_text(
        "Error: The range must end on or after its first day."
    )
    # Screen readers announce the message with the field (its aria-describedby).
    expect(form.get_by_label("First choice: until")).to_have_accessible_description(
        re.compile("The range must end on or after its first day.")
    )
    assert summary.locator("li").count() == 1, "only the bad date is wrong"
    # Everything else typed is still there.
    expect(form.get_by_label("Working title")).to_have_value(TITLE)
    expect(form.get_by_label("Our council can offer a venue")).to_be_checked()
    expect(form.get_by_label("Community organisations", exact=True)).to_be_checked()
    expect(form.get_by_label("Colleagues to keep informed")).to_have_value(colleague.email)
    assert not EventRequest.objects.exists()
    check_page(page, "request-form-error")

    # A single day instead: the "until" left empty.
    form.get_by_label("First choice: until").fill("")
    follow(page, form.get_by_role("button", name="Send your request"))

    event_request = EventRequest.objects.get()
    assert page.url == f"{base_url}/events/request/{event_request.pk}/"
    assert event_request.status == Status.SUBMITTED
    assert event_request.requester == councillor
    assert event_request.local_authority == people["leeds"]
    assert event_request.audience == ["councillors", "community-organisations"]
    assert (event_request.date_1_from, event_request.date_1_to) == (first_choice, None)
    assert event_request.format == EventPage.Format.IN_PERSON
    assert event_request.expected_attendees == 60
    assert event_request.venue_offered
    assert event_request.venue_capacity == 120
    assert event_request.venue_postcode == "LS1 1UR"
    assert list(event_request.contacts.all()) == [colleague]
    reference = event_request.reference
    main = page.locator("main")
    expect(main).to_contain_text(f"Its reference is {reference}")
    expect(page.locator(".request-reference")).to_have_text(reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#status-title")).to_contain_text("Submitted")
    check_page(page, "request-submitted")
    for person in (councillor, colleague):
        [received] = emails("event_requests/received", person.email)
        assert reference in received.subject
    assert emails("event_requests/for_staff", people["manager"].email).count() == 1

    # 2. Staff review it in the admin and ask a question, with a note for themselves.
    staff_page = new_page()
    sign_in(staff_page, base_url, staff.email, STAFF_PASSWORD)
    staff_page.goto(base_url + "/admin/")
    sidebar = staff_page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Events", exact=True).click()
    follow(staff_page, sidebar.get_by_role("link", name="Event requests"))
    assert staff_page.url == base_url + "/admin/event_requests/"
    admin_screenshot(staff_page, "requests")
    follow(staff_page, staff_page.get_by_role("link", name=reference, exact=True))
    expect(staff_page.locator("main")).to_contain_text(TITLE)
    admin_screenshot(staff_page, "request")

    save_update(staff_page, "In review")
    expect(staff_page.locator(".messages")).to_contain_text(f"{reference} is now in review")
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW

    save_update(staff_page, "Needs information", message=QUESTION, internal_note=INTERNAL_NOTE)
    expect(staff_page.locator(".messages")).to_contain_text(f"{reference} is now needs information")
    expect(staff_page.locator("#history-section")).to_contain_text(INTERNAL_NOTE)
    admin_screenshot(staff_page, "question-asked")
    event_request.refresh_from_db()
    assert event_request.status == Status.NEEDS_INFORMATION
    [asked] = emails("event_requests/status", councillor.email).filter(body_text__contains=QUESTION)
    assert INTERNAL_NOTE not in asked.body_text + asked.body_html

    # 3. The councillor sees the question on the dashboard, reads it on the request's
    # page (never the internal note) and answers it.
    page.goto(base_url + "/members/dashboard/")
    requests_section = page.locator("section", has=page.locator("#event-requests-title"))
    expect(requests_section).to_contain_text("Needs information")
    expect(requests_section.locator("blockquote")).to_have_text(QUESTION)
    assert INTERNAL_NOTE not in page.content()
    check_page(page, "dashboard-question")
    follow(page, requests_section.get_by_role("link", name=TITLE))
    assert page.url == f"{base_url}/events/request/{event_request.pk}/"
    expect(page.locator("#status-title")).to_contain_text("Needs information")
    answer_section = page.locator("section", has=page.locator("#answer-title"))
    expect(answer_section.locator("blockquote")).to_have_text(QUESTION)
    assert INTERNAL_NOTE not in page.content()
    check_page(page, "request-question")
    answer_section.get_by_label("Your answer").fill(ANSWER)
    follow(page, answer_section.get_by_role("button", name="Send your answer"))
    expect(main).to_contain_text("your request is back in review")
    expect(page.locator("#status-title")).to_contain_text("In review")
    expect(page.locator("#answer-title")).to_have_count(0)
    expect(page.locator(".request-timeline")).to_contain_text(ANSWER)
    assert INTERNAL_NOTE not in page.content()
    check_page(page, "request-answered")
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW
    assert emails("event_requests/for_staff", people["manager"].email).count() == 2

    # 4. Staff accept it, make its event from the offered venue and publish it.
    staff_page.reload()
    expect(staff_page.locator("#history-section")).to_contain_text(ANSWER)
    save_update(staff_page, "Accepted", message="We would love to host it with you.")
    expect(staff_page.locator(".messages")).to_contain_text(f"{reference} is now accepted")
    follow(staff_page, staff_page.get_by_role("link", name="Create the event"))
    create_form = staff_page.locator("main form")
    expect(create_form.get_by_label("Title")).to_have_value(TITLE)
    venue = create_form.get_by_label("Venue")
    expect(venue).to_have_value("offered")
    venue.select_option(label="The venue the authority offered: Leeds Civic Hall, LS1 1UR")
    admin_screenshot(staff_page, "create-event")
    follow(staff_page, create_form.get_by_role("button", name="Create the draft event"))

    event_request.refresh_from_db()
    event = event_request.event
    assert event is not None
    assert not event.live
    assert staff_page.url == f"{base_url}/admin/pages/{event.pk}/edit/"
    assert event.venue.name == "Leeds Civic Hall"
    assert event.host_authority == people["leeds"]
    assert event.start == datetime.datetime.combine(first_choice, datetime.time(10), LONDON)
    assert event.capacity == 60  # the numbers expected, which the venue holds
    assert set(event.host_contacts.values_list("user", flat=True)) == {councillor.pk, colleague.pk}
    admin_screenshot(staff_page, "event-editor")
    footer = staff_page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    follow(staff_page, footer.get_by_role("button", name="Publish", exact=True))
    expect(staff_page.locator(".messages")).to_contain_text("published")
    admin_screenshot(staff_page, "event-published")

    event.refresh_from_db()
    assert event.live
    event_request.refresh_from_db()
    assert event_request.status == Status.SCHEDULED
    for person in (councillor, colleague):
        [scheduled] = emails("event_requests/scheduled", person.email)
        assert event.title in scheduled.subject
        assert event.full_url in scheduled.body_text
        assert f"/members/hosting/{event.pk}/" in scheduled.body_text

    # 5. Two members register: one shares their details with the hosts, one does not.
    services.register_member(event, people["sharing"], share_with_hosts=True)
    services.register_member(event, people["private"], share_with_hosts=False)
    assert Registration.objects.filter(event=event).holding_places().count() == 2

    page.goto(f"{base_url}/events/request/{event_request.pk}/")
    expect(page.locator("#status-title")).to_contain_text("Scheduled")
    check_page(page, "request-scheduled")
    follow(page, page.get_by_role("link", name=f"See the event page: {event.title}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    check_page(page, "event")
    page.go_back()
    follow(page, page.get_by_role("link", name=re.compile("^Co-host the event")))
    assert page.url == f"{base_url}/members/hosting/{event.pk}/"
    numbers = page.locator("section", has=page.locator("#numbers-title"))
    expect(numbers.locator('[data-number="confirmed"]')).to_have_text("2")
    expect(numbers.locator('[data-number="places_left"]')).to_have_text("58")
    attendees = page.locator(".hosting-table")
    expect(attendees).to_contain_text("Amina Khan")
    expect(attendees).not_to_contain_text("Ben Jones")
    check_page(page, "hosting")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"attendees-{event.slug}.csv"
    with open(download.path(), encoding="utf-8", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [(row["Name"], row["Email"], row["Status"]) for row in rows] == [
        ("Amina Khan", "amina.khan@example.org", "Confirmed")
    ]

    message_form = page.locator("form", has=page.get_by_label("Subject"))
    message_form.get_by_label("Subject").fill("Parking and the running order")
    message_form.get_by_label("Message", exact=True).fill(
        "There is parking behind the Civic Hall. Doors open at 9:30 and we start at 10."
    )
    follow(page, message_form.get_by_role("button", name="Send your message"))
    expect(page.locator("main")).to_contain_text("Your message has been sent to 2 attendees.")
    check_page(page, "hosting-message-sent")
    for attendee in (people["sharing"], people["private"]):
        [sent] = emails("events/event_host_message", attendee.email)
        assert "Parking and the running order" in sent.subject
