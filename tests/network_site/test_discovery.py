"""Search, sitemap, robots.txt and the icon: published, public pages only."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import BlogPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def pages(blog_index, home_page):
    public = BlogPageFactory(parent=blog_index, title="Commissioning with communities")
    draft = BlogPageFactory(parent=blog_index, title="Commissioning draft", live=False)
    private = BlogPageFactory(parent=blog_index, title="Commissioning for members")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    about = StandardPageFactory(parent=home_page, title="About the network", slug="about")
    return {"public": public, "draft": draft, "private": private, "about": about}


def test_search_finds_published_public_pages_only(client, pages):
    response = client.get("/search/", {"q": "commissioning"})
    assert response.status_code == 200
    found = [page.title for page in response.context["results"]]
    assert found == ["Commissioning with communities"]
    assert "1 result for" in response.content.decode()


def test_search_paginates(client, blog_index):
    for number in range(12):
        BlogPageFactory(parent=blog_index, title=f"Prevention story {number}")
    first = client.get("/search/", {"q": "prevention"})
    assert first.context["results"].paginator.count == 12
    assert len(first.context["results"]) == 10
    second = client.get("/search/", {"q": "prevention", "page": 2})
    assert len(second.context["results"]) == 2
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize(
    "query",
    ["", "   ", "x" * 5000, "'; DROP TABLE", "<script>", "null\x00byte", "AND OR NOT", '"('],
)
def test_search_handles_any_input(client, pages, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_sitemap_lists_public_live_pages_only(client, pages, home_page, blog_index):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {
        loc.text for loc in ET.fromstring(response.content).findall(".//s:loc", SITEMAP_NS)
    }
    assert pages["public"].get_full_url() in locations
    assert pages["about"].get_full_url() in locations
    assert blog_index.get_full_url() in locations
    assert home_page.get_full_url() in locations
    assert pages["draft"].get_full_url() not in locations
    assert pages["private"].get_full_url() not in locations


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /accounts/" in lines


def test_favicon_ico_is_sent_to_the_icon_that_pages_name(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Cache-Control"] == "public, max-age=86400"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert f'<link rel="icon" href="{response["Location"]}"' in client.get(home_page.url).text


def test_draft_and_private_pages_are_not_served_to_the_public(client, pages):
    assert client.get(pages["draft"].url or "/blog/commissioning-draft/").status_code == 404
    response = client.get(pages["private"].url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
