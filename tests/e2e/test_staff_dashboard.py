"""The staff dashboard on the Wagtail admin home, in a real browser: what needs the
signed-in member of staff, each count a link to its listing, and the charts drawn
on the server. The admin home (the panels are this site's markup) is checked like
every public page: no axe-core violation, console error or CSP report."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from members.models import Membership
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    RegistrationFactory,
)
from tests.members.membership_roles import verified_user

from .conftest import SCREENSHOTS, press, sign_in
from .expect import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-staff-password-9"


def test_staff_see_what_needs_them_and_follow_a_count_to_its_listing(
    site_content, page, check_page
):
    base_url = site_content.url
    leeds = LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")
    MembershipFactory.create_batch(2, local_authority=leeds)
    MembershipFactory.create_batch(3, local_authority=leeds, status=Membership.Status.ACTIVE)
    events = EventIndexPageFactory(parent=site_content.home)
    held = EventPageFactory(
        parent=events,
        title="Adult social care roundtable",
        start=timezone.now() - datetime.timedelta(days=9),
        end=timezone.now() - datetime.timedelta(days=9, hours=-3),
        capacity=12,
    )
    RegistrationFactory.create_batch(4, event=held, status=Registration.Status.ATTENDED)
    staff = verified_user(email="admin@example.org", password=PASSWORD, is_staff=True)
    staff.is_superuser = True
    staff.save()

    sign_in(page, base_url, staff.email, PASSWORD)
    page.goto(base_url + "/admin/")
    expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
    expect(page.get_by_role("img", name="Members by region")).to_be_visible()
    expect(
        page.get_by_role("img", name="Recent events: registrations against capacity")
    ).to_be_visible()
    check_page(page, "admin-home")

    applications = page.get_by_role("link", name="2 Applications waiting for a decision")
    press(page, applications)
    expect(page).to_have_url(base_url + "/admin/memberships/?status=pending")
    expect(page.locator("table.listing tbody tr")).to_have_count(2)
    # Wagtail's own listing (its results count is an h2 with role="alert", which
    # axe rejects) is photographed, as the other journeys' admin pages are.
    page.screenshot(path=SCREENSHOTS / "staff-dashboard-02-applications.png", full_page=True)


def test_staff_choose_their_time_zone_from_names_the_browser_knows(site_content, page):
    """The admin's account page offers every time zone the server knows. Debian's
    zone files include ``localtime``, a link to the machine's own zone and not an IANA
    name: the page's script hands each name to the browser, which throws on that one
    (the page fixture fails on the script error)."""
    base_url = site_content.url
    staff = verified_user(
        email="admin@example.org", password=PASSWORD, is_staff=True, is_superuser=True
    )

    sign_in(page, base_url, staff.email, PASSWORD)
    page.goto(base_url + "/admin/account/")
    zones = page.locator("#id_locale-current_time_zone")
    expect(zones).to_have_value("")
    offered = zones.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "Europe/London" in offered
    assert "localtime" not in offered
    page.screenshot(path=SCREENSHOTS / "staff-account-time-zone.png", full_page=True)
