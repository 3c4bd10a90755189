"""A reader browses the site in a real browser: home, an article, the listing and
its filter, search and the RSS feed, by mouse, by keyboard and on a narrow screen."""

import re

import pytest

from .expect import expect

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def test_a_reader_walks_from_the_home_page_to_the_feed(page, site_content, check_page):
    site = site_content
    page.goto(site.url + "/")
    check_page(page, "home")

    lead_link = page.locator(".lead__title a")
    expect(lead_link).to_have_text(site.lead.title)
    lead_link.click()
    expect(page).to_have_url(site.url + site.lead.url)
    expect(page.locator("h1")).to_have_text(site.lead.title)
    check_page(page, "article")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(page).to_have_url(site.url + "/blog/")
    expect(page.locator("h1")).to_have_text(site.blog_index.title)
    check_page(page, "blog")

    page.get_by_label("Category").select_option(label="Network news")
    page.get_by_role("button", name="Show articles").click()
    expect(page).to_have_url(re.compile(r"/blog/\?category=network-news$"))
    expected = sorted(article.title for article in site.articles_in("news"))
    assert sorted(page.locator(".card__title a").all_inner_texts()) == expected
    expect(page.get_by_label("Category")).to_have_value("network-news")
    check_page(page, "blog-filtered")

    wanted = next(article for article in site.articles if "neighbourhood" in article.title)
    search_box = page.get_by_role("search", name="Site").get_by_label("Search the site")
    search_box.fill("neighbourhood")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=neighbourhood$"))
    results = page.locator(".search-result__title a")
    expect(results.filter(has_text=wanted.title)).to_have_count(1)
    check_page(page, "search")

    page.goto(site.url + "/blog/")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Follow new articles by RSS").click()
    feed = navigation.value
    expect(page).to_have_url(site.url + "/blog/feed/")
    assert feed.ok
    assert "xml" in feed.headers["content-type"]
    body = feed.text()
    assert "<rss" in body
    assert 'version="2.0"' in body
    assert site.lead.title in body


def test_the_skip_link_is_the_first_stop_for_keyboard_users(new_page, site_content, check_page):
    page = new_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_content.url + "/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    box = skip_link.bounding_box()
    assert box["y"] >= 0
    assert box["width"] > 0
    assert box["height"] > 0
    check_page(page, "skip-link-focused")
    expect(skip_link).to_be_focused()

    page.keyboard.press("Enter")
    main = page.locator("#main-content")
    expect(main).to_be_focused()
    assert page.evaluate("() => location.hash") == "#main-content"
    page.wait_for_function(
        "() => Math.abs(document.getElementById('main-content').getBoundingClientRect().top) < 2"
    )

    # The next Tab goes to the first link inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_a_narrow_screen_never_scrolls_sideways(new_page, site_content, check_page):
    page = new_page(NARROW)
    for label, path in [
        ("home", "/"),
        ("article", site_content.lead.url),
        ("blog", "/blog/?category=commissioning"),
        ("search", "/search/?q=local"),
    ]:
        page.goto(site_content.url + path)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= NARROW["width"], f"{path} is {scroll_width}px wide"
        check_page(page, f"narrow-{label}")
