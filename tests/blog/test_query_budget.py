"""The number of queries a page runs is fixed: it does not grow with the number of articles."""

import pytest
import wagtail_factories

from tests.factories import AuthorFactory, BlogCategoryFactory, BlogPageFactory
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

# Measured on a warm page, at most QUERY_BUDGET each.
BUDGET = {"home": QUERY_BUDGET, "index": QUERY_BUDGET, "article": QUERY_BUDGET}


def add_articles(blog_index, count, image, authors, categories):
    articles = []
    for number in range(count):
        article = BlogPageFactory(
            parent=blog_index,
            hero_image=image,
            authors=authors,
            categories_set=categories,
        )
        if number % 3 == 0:
            article.tags.add("social value", "prevention")
            article.save()
        articles.append(article)
    return articles


def queries_for(client, url):
    # The first view also makes image renditions: count a warm page.
    return warm_query_count(client, url)


def measure(client, article):
    return {
        "home": queries_for(client, "/"),
        "index": queries_for(client, "/blog/"),
        "article": queries_for(client, article.url),
    }


def test_page_query_counts_do_not_grow_with_the_number_of_articles(client, blog_index):
    image = wagtail_factories.ImageFactory()
    authors = [AuthorFactory(), AuthorFactory()]
    categories = [BlogCategoryFactory(), BlogCategoryFactory()]
    articles = add_articles(blog_index, 10, image, authors, categories)
    with_ten = measure(client, articles[0])

    add_articles(blog_index, 190, image, authors, categories)
    with_two_hundred = measure(client, articles[0])

    assert with_two_hundred == with_ten
    over = {page: count for page, count in with_ten.items() if count > BUDGET[page]}
    assert not over, f"over budget: {over} (budget {BUDGET})"
