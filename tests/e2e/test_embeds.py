"""A video in an article loads nothing from its provider until the reader asks:
the page shows the video's title, its provider and a button, and only a press of
that button (by keyboard here) brings in the provider's player."""

import copy
from urllib.parse import urlsplit

import pytest

from tests.factories import BlogPageFactory

from .expect import expect

pytestmark = pytest.mark.browser

PLAYER = "<!doctype html><html lang='en'><title>Player</title><p>The player</p></html>"


@pytest.fixture
def article_with_video(site_content, settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.network_site.embed_finder.LocalVideoFinder"}]
    # As a deployment lists its video providers (EMBED_FRAME_SOURCES).
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["frame-src"] = ["https://video.example"]
    settings.CONTENT_SECURITY_POLICY = policy
    return BlogPageFactory(
        parent=site_content.blog_index,
        title="The Leeds meeting on film",
        summary="What councillors said in Leeds, on film.",
        body=[
            {"type": "paragraph", "value": "<p>Watch the meeting.</p>"},
            {"type": "embed", "value": "https://video.example/leeds"},
        ],
    )


def test_the_player_loads_only_when_the_reader_asks(
    page, site_content, article_with_video, check_page
):
    site_host = urlsplit(site_content.url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlsplit(request.url).netloc != site_host else None
        ),
    )
    page.route(
        "https://video.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PLAYER),
    )

    page.goto(site_content.url + article_with_video.url)
    embed = page.locator(".embed")
    expect(embed.locator("figcaption")).to_have_text("A network event")
    expect(embed).to_contain_text("loads the video player from video.example")
    check_page(page, "video-placeholder")
    assert elsewhere == []
    expect(embed.locator("iframe")).to_have_count(0)

    button = embed.get_by_role("button", name="Load video from video.example")
    button.focus()
    page.keyboard.press("Enter")

    player = embed.locator("iframe")
    expect(player).to_have_attribute("src", "https://video.example/leeds/player")
    expect(player).to_be_focused()
    expect(embed.locator("figcaption")).to_have_text("A network event")
    expect(page.frame_locator(".embed iframe").get_by_text("The player")).to_be_visible()
    assert elsewhere == ["https://video.example/leeds/player"]
    check_page(page, "video-loaded")
