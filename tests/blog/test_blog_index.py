import pytest
from wagtail.models import PageViewRestriction

from tests.factories import AuthorFactory, BlogCategoryFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(blog_index):
    policy, news = (
        BlogCategoryFactory(name="Policy", slug="policy"),
        BlogCategoryFactory(name="News", slug="news"),
    )
    ada, ben = (
        AuthorFactory(name="Ada Byrne", slug="ada"),
        AuthorFactory(name="Ben Ola", slug="ben"),
    )
    first = BlogPageFactory(
        parent=blog_index, title="Grants first", authors=[ada], categories_set=[policy]
    )
    second = BlogPageFactory(
        parent=blog_index, title="Contracts later", authors=[ben], categories_set=[news]
    )
    second.tags.add("social value")
    second.save()
    return {"policy": first, "news": second}


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_index_lists_live_articles_newest_first(client, blog_index, articles):
    draft = BlogPageFactory(parent=blog_index, title="Unfinished draft", live=False)
    response = client.get("/blog/")
    assert response.status_code == 200
    assert titles(response) == ["Contracts later", "Grants first"]
    assert draft.title not in response.content.decode()


def test_private_articles_are_not_listed(client, blog_index, articles):
    PageViewRestriction.objects.create(
        page=articles["news"], restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get("/blog/")) == ["Grants first"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=policy", ["Grants first"]),
        ("?category=news", ["Contracts later"]),
        ("?tag=social-value", ["Contracts later"]),
        ("?author=ada", ["Grants first"]),
        ("?author=ben&category=policy", []),
    ],
)
def test_index_filters(client, articles, query, expected):
    response = client.get(f"/blog/{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?category=nope",
        "?tag=nope",
        "?author=nope",
        "?category=%00",
        "?tag=a%00b",
        "?author=" + "x" * 300,
    ],
)
def test_unknown_filter_value_is_not_found(client, articles, query):
    assert client.get(f"/blog/{query}").status_code == 404


def test_filtered_listing_says_what_it_shows(client, articles):
    content = client.get("/blog/?category=policy").content.decode()
    assert "Showing 1 article" in content
    assert "<strong>Policy</strong>" in content


def test_index_paginates(client, blog_index):
    for _ in range(23):
        BlogPageFactory(parent=blog_index)
    first = client.get("/blog/")
    assert len(first.context["articles"]) == 10
    assert 'rel="next"' in first.content.decode()
    last = client.get("/blog/?page=3")
    assert len(last.context["articles"]) == 3
    # Nonsense page numbers give a real page, never an error.
    assert client.get("/blog/?page=999").context["articles"].number == 3
    assert client.get("/blog/?page=abc").context["articles"].number == 1


def test_author_listing(client, articles):
    response = client.get("/blog/author/ada/")
    assert response.status_code == 200
    assert titles(response) == ["Grants first"]
    content = response.content.decode()
    assert "<h1>Articles by Ada Byrne</h1>" in content
    assert client.get("/blog/author/nobody/").status_code == 404
    assert client.get("/blog/author/%00/").status_code == 404
