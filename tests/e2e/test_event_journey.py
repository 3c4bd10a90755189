"""Two members and one place, in a real browser: the first finds the event and
registers, the second joins the waitlist, the first cancels from the dashboard and
the second is offered the place and accepts it. Every page visited is checked with
axe-core."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from events.models import Registration
from members.models import Membership
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MembershipFactory,
    UserFactory,
    VenueFactory,
)

from .conftest import press, sign_in, sign_out
from .expect import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-password-42"
ACCESS_NEEDS = "Step-free access and a seat near the front, please."
Status = Registration.Status


def make_member(email, first_name, last_name):
    user = UserFactory(email=email, first_name=first_name, last_name=last_name, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MembershipFactory(user=user, status=Membership.Status.ACTIVE)
    return user


@pytest.fixture
def event(site_content):
    index = EventIndexPageFactory(parent=site_content.home)
    return EventPageFactory(
        parent=index,
        title="Commissioning with community groups",
        slug="commissioning-with-community-groups",
        summary="Councillors and community organisations share what works in Leeds.",
        format="in-person",
        venue=VenueFactory(name="Leeds Civic Hall"),
        capacity=1,
        price=0,
        members_only=False,
        registration_opens_at=None,
        registration_closes_at=None,
    )


@pytest.fixture
def members(site_content):
    return (
        make_member("amina.khan@example.org", "Amina", "Khan"),
        make_member("ben.jones@example.org", "Ben", "Jones"),
    )


def emails_to(address, subject_start):
    return [m for m in mail.outbox if address in m.to and m.subject.startswith(subject_start)]


def one_email_about(event, address, subject_start):
    """The one email to ``address`` whose subject starts so; its subject names the event."""
    [message] = emails_to(address, subject_start)
    assert event.title in message.subject
    return message


def test_a_member_cancels_and_the_waitlisted_member_takes_the_place(
    page, site_content, event, members, check_page
):
    base_url = site_content.url
    amina, ben = members
    panel = page.locator("#register")

    # Amina finds the event in the listing and registers.
    sign_in(page, base_url, amina.email, PASSWORD)
    page.goto(base_url + "/events/")
    check_page(page, "events")
    press(page, page.get_by_role("link", name=event.title).first)
    assert page.url.rstrip("/").endswith(f"/events/{event.slug}")
    check_page(page, "event")
    page.get_by_label("Access needs").fill(ACCESS_NEEDS)
    page.get_by_label(re.compile("Share my name", re.I)).check()
    press(page, panel.get_by_role("button", name=re.compile("^Register", re.I)))
    expect(panel).to_contain_text("You have a place")
    check_page(page, "registered")

    registration_a = Registration.objects.get(event=event, user=amina)
    assert registration_a.status == Status.CONFIRMED
    assert registration_a.access_needs == ACCESS_NEEDS
    assert registration_a.share_with_hosts is True
    one_email_about(event, amina.email, "Your place is confirmed")
    sign_out(page, base_url)

    # Ben finds the event full and joins the waitlist.
    sign_in(page, base_url, ben.email, PASSWORD)
    page.goto(base_url + event.url)
    expect(panel).to_contain_text("This event is full")
    expect(panel.get_by_role("heading", name="Join the waitlist")).to_be_visible()
    check_page(page, "event-full")
    press(page, panel.get_by_role("button", name=re.compile("^Join the waitlist", re.I)))
    expect(panel).to_contain_text("You are on the waitlist")
    check_page(page, "waitlisted")
    registration_b = Registration.objects.get(event=event, user=ben)
    assert registration_b.status == Status.WAITLISTED
    assert emails_to(ben.email, "You are on the waitlist")
    assert not emails_to(ben.email, "A place has come free")
    sign_out(page, base_url)

    # Amina cancels from her dashboard.
    sign_in(page, base_url, amina.email, PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    check_page(page, "dashboard")
    events_section = page.locator("section", has=page.locator("#registrations-title"))
    expect(events_section).to_contain_text(event.title)
    press(page, events_section.get_by_role("button", name=re.compile("^Cancel", re.I)))
    if page.get_by_role("heading", name=re.compile("Cancel your registration")).count():
        check_page(page, "cancel-confirm")
        press(page, page.get_by_role("button", name=re.compile("Yes, cancel", re.I)))
    check_page(page, "cancelled")
    expect(page.locator("main")).to_contain_text("Your registration has been cancelled")

    registration_a.refresh_from_db()
    assert registration_a.status == Status.CANCELLED
    registration_b.refresh_from_db()
    assert registration_b.status == Status.OFFERED
    assert registration_b.offer_expires_at is not None
    one_email_about(event, ben.email, "A place has come free")
    sign_out(page, base_url)

    # Ben sees the offer on the event page and accepts it.
    sign_in(page, base_url, ben.email, PASSWORD)
    page.goto(base_url + event.url)
    expect(panel).to_contain_text("A place has come free for you")
    accept = panel.get_by_role("button", name=re.compile("^Accept the place", re.I))
    expect(accept).to_be_visible()
    check_page(page, "offered")
    press(page, accept)
    expect(panel).to_contain_text("You have a place")
    check_page(page, "accepted")

    registration_b.refresh_from_db()
    assert registration_b.status == Status.CONFIRMED
    assert registration_b.confirmed_at is not None
    assert emails_to(ben.email, "Your place is confirmed")
    assert Registration.objects.filter(event=event).holding_places().count() == 1
