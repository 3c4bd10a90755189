"""The story card block of page bodies (network_site.blocks.StoryCardBlock): an
article shows a published story as a card, drops it once it is unpublished, and
reads every card of its body in one query."""

import pytest
from wagtail.blocks import StructBlockValidationError

from network_site.blocks import BodyBlock
from tests.factories import BlogPageFactory
from tests.query_counts import warm_query_count

pytestmark = pytest.mark.django_db


def article_with(blog_index, *stories):
    body = [("paragraph", "<p>What the network heard this spring.</p>")]
    body += [("story", {"story": story}) for story in stories]
    return BlogPageFactory(parent=blog_index, body=body)


def test_an_article_shows_a_story_as_a_card(client, blog_index, make_story):
    story = make_story("A lunch club in Harehills", summary="Neighbours cook for neighbours.")
    article = article_with(blog_index, story)
    page = client.get(article.url).content.decode()
    assert "From our stories library" in page
    assert f'href="{story.url}"' in page
    assert "Neighbours cook for neighbours." in page
    assert "Leeds City Council" in page
    assert "Homelessness" in page  # its service area


def test_an_unpublished_story_drops_out_of_the_article(client, blog_index, make_story):
    story = make_story("A lunch club in Harehills")
    article = article_with(blog_index, story)
    story.unpublish()
    response = client.get(article.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "From our stories library" not in page
    assert "A lunch club in Harehills" not in page
    assert "What the network heard this spring." in page


def test_an_editor_may_only_choose_a_published_story(make_story):
    draft = make_story("A story still in review", live=False)
    block = BodyBlock().child_blocks["story"]
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"story": draft.pk}))
    assert "Choose a published story" in str(refused.value.block_errors["story"])
    live = make_story("A published story")
    assert block.clean(block.to_python({"story": live.pk}))["story"] == live


def test_the_cards_of_a_body_cost_the_same_for_one_story_or_four(client, blog_index, make_story):
    stories = [make_story(f"Story number {n}") for n in range(4)]
    one = warm_query_count(client, article_with(blog_index, stories[0]).url)
    four = warm_query_count(client, article_with(blog_index, *stories).url)
    assert four == one
