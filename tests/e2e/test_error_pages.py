"""The error pages a reader can meet, in a real browser: in the site's design,
accessible (axe-core), each saying what to do next."""

import re

import pytest

from .expect import expect

pytestmark = pytest.mark.browser


def test_a_missing_page_and_a_tripped_limit_look_like_the_site(
    page, site_content, check_page, settings
):
    response = page.goto(site_content.url + "/no-such-page/")
    assert response.status == 404
    page.failed_loads.remove(f"404 {response.url}")
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Search the site")).to_be_visible()
    check_page(page, "404")

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    for _ in range(2):
        page.goto(site_content.url + "/accounts/login/")
        page.get_by_label("Email").fill("someone@example.org")
        page.get_by_label("Password").fill("not-the-password")
        with page.expect_response(re.compile(r"/accounts/login/$")) as answer:
            page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    assert answer.value.status == 429
    assert answer.value.headers["retry-after"] == "60"
    page.failed_loads.remove(f"429 {answer.value.url}")
    expect(page.locator("h1")).to_have_text("Too many attempts")
    expect(page.get_by_text("Please wait a minute and try again")).to_be_visible()
    check_page(page, "429")
