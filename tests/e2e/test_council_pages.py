"""A reader finds a council with the keyboard alone: tabs through the map of the
network to Leeds, opens its page, and sees its commitments, its coming event and
its listed members; the councils' search finds it too."""

import datetime

import pytest

from members.councils.models import Commitment
from members.models import Membership
from tests.factories import EventIndexPageFactory, EventPageFactory, MembershipFactory

from .conftest import press
from .expect import expect

pytestmark = pytest.mark.browser


def test_a_reader_finds_leeds_and_sees_the_network_there(
    page, site_content, check_page, leeds, bristol
):
    base_url = site_content.url
    Commitment.objects.create(
        authority=leeds,
        endorsed_on=datetime.date(2025, 11, 19),
        endorsed_by=Commitment.Endorsement.COUNCIL_MOTION,
        champion_name="Cllr Nadia Holt",
    )
    MembershipFactory(
        user__first_name="Asha",
        user__last_name="Patel",
        status=Membership.Status.ACTIVE,
        local_authority=leeds,
        ward="Headingley and Hyde Park",
        directory_visibility=Membership.Visibility.PUBLIC,
    )
    MembershipFactory(
        user__first_name="Hidden",
        user__last_name="Member",
        status=Membership.Status.ACTIVE,
        local_authority=leeds,
        directory_visibility=Membership.Visibility.HIDDEN,
    )
    index = EventIndexPageFactory(parent=site_content.home)
    EventPageFactory(parent=index, title="Keeping care local in Leeds", host_authority=leeds)
    EventPageFactory(parent=index, title="A Bristol briefing", host_authority=bristol)

    page.goto(base_url + "/councils/")
    check_page(page, "councils")
    # Through the map: Tab from the top of the page until the focus is on the
    # mark for Leeds (a link with a name), then follow it.
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.closest('svg') !== null,"
            " document.activeElement.getAttribute('aria-label') || '']"
        )
        if focused[0] and focused[1].startswith("Leeds City Council"):
            break
    else:
        raise AssertionError("Tab never reached the map's mark for Leeds")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/councils/leeds/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Leeds City Council")
    expect(main).to_contain_text("Leeds endorsed the Keep it Local principles on 19 November 2025")

    # Through the search.
    page.goto(base_url + "/councils/")
    search = page.get_by_label("Council name")
    search.focus()
    page.keyboard.type("Leeds")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page, "councils-search")
    expect(page.get_by_role("status")).to_contain_text("1 council matches")
    link = page.get_by_role("link", name="Leeds City Council", exact=True)
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page, "council-leeds")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Leeds City Council")
    expect(main).to_contain_text("Keeping care local in Leeds")
    expect(main).to_contain_text("Asha Patel")
    expect(main).not_to_contain_text("Hidden Member")
    press(page, main.get_by_role("link", name="Join the network"))
    assert page.url.endswith("/members/join/") or "/accounts/login/" in page.url
