import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from network_site.models import NavigationSettings, OrganisationSettings
from tests.factories import BlogPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def soup_for(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser")


def test_home_leads_with_the_newest_article_and_lists_the_rest(client, blog_index):
    articles = [BlogPageFactory(parent=blog_index) for _ in range(8)]
    newest = max(articles, key=lambda article: article.date)
    soup = soup_for(client, "/")
    assert soup.select_one(".lead__title a").get_text() == newest.title
    listed = [a.get_text() for a in soup.select(".card__title a")]
    assert len(listed) == 6
    assert newest.title not in listed


def test_editor_can_choose_the_lead_article(client, home_page, blog_index):
    chosen = BlogPageFactory(parent=blog_index, title="The one we chose")
    for _ in range(8):
        BlogPageFactory(parent=blog_index)
    home_page.lead_article = chosen
    home_page.save_revision().publish()
    assert soup_for(client, "/").select_one(".lead__title a").get_text() == "The one we chose"


def test_an_unpublished_lead_article_is_never_shown(client, home_page, blog_index):
    chosen = BlogPageFactory(parent=blog_index, title="Withdrawn")
    BlogPageFactory(parent=blog_index, title="Still live")
    home_page.lead_article = chosen
    home_page.save_revision().publish()
    chosen.unpublish()
    content = client.get("/").content.decode()
    assert "Withdrawn" not in content
    assert "Still live" in content


def test_home_has_both_calls_to_action(client, home_page):
    soup = soup_for(client, "/")
    headings = [h.get_text() for h in soup.select(".cta__heading")]
    assert headings == [home_page.join_heading, home_page.host_heading]
    assert [a.get_text() for a in soup.select(".cta .button")] == [
        "Join the network",
        "Ask us to host an event",
    ]


def test_page_structure_is_accessible(client, blog_index):
    article = BlogPageFactory(parent=blog_index)
    for url in ("/", "/blog/", article.url, "/search/?q=article"):
        soup = soup_for(client, url)
        assert soup.html["lang"] == "en-GB"
        assert len(soup.find_all("h1")) == 1, url
        skip = soup.find("a", class_="skip-link")
        assert skip["href"] == "#main-content"
        assert soup.find("main", id="main-content")
        assert soup.find("header")
        assert soup.find("footer")
        assert soup.find("nav", attrs={"aria-label": "Main"})
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), url


def test_navigation_and_footer_are_editable_by_staff(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About the network", slug="about")
    site = Site.objects.get(is_default_site=True)
    navigation = NavigationSettings.for_site(site)
    navigation.main_navigation = [
        ("link", {"page": about, "url": "", "label": "About"}),
        ("link", {"page": None, "url": "https://example.org/events", "label": "Events"}),
    ]
    navigation.footer_navigation = [("link", {"page": about, "url": "", "label": ""})]
    navigation.save()
    organisation = OrganisationSettings.for_site(site)
    organisation.email = "hello@example.org"
    organisation.linkedin_url = "https://www.linkedin.com/company/example"
    organisation.save()

    soup = soup_for(client, "/about/")
    main_nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert [a.get_text() for a in main_nav.find_all("a")][:2] == ["About", "Events"]
    assert main_nav.find("a", string="About")["aria-current"] == "page"
    footer = soup.find("footer")
    assert footer.find("a", string="About the network")["href"] == "/about/"
    assert footer.find("a", href="mailto:hello@example.org")
    assert footer.find("a", string="LinkedIn")


def test_no_third_party_requests_from_public_pages(client, blog_index):
    article = BlogPageFactory(parent=blog_index)
    for url in ("/", "/blog/", article.url):
        soup = soup_for(client, url)
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("source", "srcset"),
        ):
            for element in soup.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not value.startswith(("http://", "https://", "//")), (url, value)
