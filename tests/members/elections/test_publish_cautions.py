"""Cautions before a page goes live (network_site.cautions, filled by
members.elections): publishing an article that names a council in its
pre-election period, or an event it co-hosts, shows a page to confirm first;
confirming publishes and records it. Nothing is blocked."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from members.elections import cautions
from members.elections.models import PreElectionConfirmation
from network_site import roles
from network_site.cautions import CONFIRM_FIELD
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from tests.members.membership_roles import verified_user

from .conftest import AFTER_POLLING_DAY_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(client):
    user = verified_user(is_staff=True, is_superuser=True, first_name="Mo", last_name="Moderator")
    client.force_login(user)
    return user


@pytest.fixture
def author(db):
    return AuthorFactory()


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


def article_data(author, *, title, body_text, slug="an-article", publish=True):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2027-04-15",
            "summary": "What councils told us this spring.",
            "hero_alt_text": "",
            "blog_authors": inline_formset([{"author": author.pk}]),
            "related_articles": inline_formset([]),
            "body": streamfield(
                [
                    ("heading", {"text": "What we heard", "level": "h2"}),
                    ("paragraph", rich_text(f"<p>{body_text}</p>")),
                ]
            ),
            "tags": "",
            "comments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["blog", "blogpage", index.pk])


def test_publishing_an_article_naming_a_council_in_its_period_asks_first(
    client, clock, publisher, author, blog_index, leeds_election
):
    data = article_data(author, title="Care at home", body_text="We met councillors in Leeds.")
    response = client.post(add_url(blog_index), data)
    assert response.status_code == 200, response
    page = response.content.decode()
    assert "Before it goes live" in page
    assert "This article names Leeds." in page
    assert f'name="{CONFIRM_FIELD}"' in page
    assert not BlogPage.objects.exists()  # nothing saved yet
    # The editor's form comes back in the page, to post again.
    assert 'name="title" value="Care at home"' in page

    response = client.post(
        add_url(blog_index), {**data, CONFIRM_FIELD: f"election:{leeds_election.pk}"}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    article = BlogPage.objects.get()
    assert article.live
    (confirmation,) = PreElectionConfirmation.objects.filter(where="article-publish")
    assert confirmation.user == publisher
    assert confirmation.election == leeds_election
    assert confirmation.object_description == "Care at home"


def test_an_article_that_names_no_council_in_a_period_publishes_at_once(
    client, clock, publisher, author, blog_index, leeds_election
):
    data = article_data(author, title="Care at home", body_text="We met councillors in Bristol.")
    response = client.post(add_url(blog_index), data)
    assert response.status_code == 302
    assert BlogPage.objects.get().live
    assert not PreElectionConfirmation.objects.exists()


def test_a_draft_is_saved_without_asking(
    client, clock, publisher, author, blog_index, leeds_election
):
    data = article_data(author, title="Leeds", body_text="Leeds.", publish=False)
    assert client.post(add_url(blog_index), data).status_code == 302
    assert not BlogPage.objects.get().live


def test_editing_and_publishing_asks_once_the_period_is_on_and_not_after(
    client, clock, publisher, author, blog_index, leeds_election
):
    article = BlogPageFactory(parent=blog_index, title="Spring", slug="an-article", live=False)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_data(author, title="Spring", body_text="Leeds City Council and us.")
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "Before it goes live" in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    clock.move_to(AFTER_POLLING_DAY_AT)
    assert client.post(edit_url, data).status_code == 302
    article.refresh_from_db()
    assert article.live


def test_a_moderator_approving_in_the_workflow_is_asked_first(
    client, clock, author, blog_index, leeds_election
):
    editor = verified_user(is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    moderator = verified_user(is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    article = BlogPageFactory(parent=blog_index, title="Spring", slug="an-article", live=False)
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    client.force_login(moderator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_data(author, title="Spring", body_text="In Leeds.", publish=False)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "This article names Leeds." in response.content.decode()
    article.refresh_from_db()
    assert not article.live
    confirmed = {**data, CONFIRM_FIELD: f"election:{leeds_election.pk}"}
    assert client.post(edit_url, confirmed).status_code == 302
    article.refresh_from_db()
    assert article.live
    (confirmation,) = PreElectionConfirmation.objects.filter(where="article-publish")
    assert confirmation.user == moderator


def submitted_article(blog_index, title="Spring"):
    editor = verified_user(is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    article = BlogPageFactory(parent=blog_index, title=title, slug="an-article", live=False)
    article.save_revision(user=editor)
    state = article.get_workflow().start(article, editor)
    return article, state.current_task_state


@pytest.mark.parametrize("ajax", [False, True])
def test_approving_from_the_workflow_pop_up_takes_the_moderator_to_the_editor(
    client, clock, blog_index, leeds_election, ajax
):
    article, task_state = submitted_article(blog_index, title="Spring in Leeds")
    moderator = verified_user(is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    headers = {"x-requested-with": "XMLHttpRequest"} if ajax else {}
    response = client.post(url, {"comment": ""}, headers=headers)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    if ajax:
        assert response.json()["step"] == "success"
        assert response.json()["redirect"] == edit_url
    else:
        assert response.status_code == 302
        assert response["Location"] == edit_url
    article.refresh_from_db()
    task_state.refresh_from_db()
    assert not article.live
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert not PreElectionConfirmation.objects.exists()
    assert "warnings to confirm" in client.get(edit_url).content.decode()


def test_approving_from_the_pop_up_goes_ahead_without_cautions(client, clock, blog_index):
    article, task_state = submitted_article(blog_index, title="Spring in Leeds")  # no election
    moderator = verified_user(is_staff=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    article.refresh_from_db()
    assert article.live


def test_an_event_co_hosted_by_a_council_in_its_period_is_cautioned(
    clock, home_page, leeds, bristol, leeds_election
):
    index = EventIndexPageFactory(parent=home_page)
    leeds_event = EventPageFactory(parent=index, host_authority=leeds, title="Care at home")
    assert (
        cautions.page_publish_cautions(EventPageFactory(parent=index, host_authority=bristol)) == []
    )
    (caution,) = cautions.page_publish_cautions(leeds_event)
    assert caution.message.startswith("This event is co-hosted by Leeds City Council.")
    caution.on_confirm(None, leeds_event)
    (confirmation,) = PreElectionConfirmation.objects.filter(where="event-approval")
    assert confirmation.object_ref == f"page:{leeds_event.pk}"
    clock.move_to(AFTER_POLLING_DAY_AT)
    assert cautions.page_publish_cautions(leeds_event) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("We met in Leeds last week.", True),
        ("LEEDS CITY COUNCIL said", True),
        ("Leedsford is elsewhere", False),
        ("Nothing about it", False),
    ],
)
def test_an_article_names_a_council_by_its_name_or_short_name(leeds_election, text, named):
    assert cautions.names_in(text, leeds_election) is named
