"""A reader finds a council with the keyboard alone: searches the councils for
Leeds, opens its page, and sees its coming event and its listed members."""

import pytest

from members.models import Membership
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    MembershipFactory,
)

from .conftest import press
from .expect import expect

pytestmark = pytest.mark.browser


def test_a_reader_finds_leeds_and_sees_the_network_there(page, site_content, check_page):
    base_url = site_content.url
    leeds = LocalAuthorityFactory(
        name="Leeds City Council", short_name="Leeds", region="Yorkshire and The Humber"
    )
    LocalAuthorityFactory(name="Bristol City Council", short_name="Bristol", region="South West")
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

    page.goto(base_url + "/councils/")
    check_page(page, "councils")
    search = page.get_by_label("Council name")
    search.focus()
    page.keyboard.type("Leeds")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page, "councils-search")
    expect(page.get_by_role("status")).to_contain_text("1 council matches")
    link = page.get_by_role("link", name="Leeds City Council")
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
