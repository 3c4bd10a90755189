"""A council's event becomes a story in the library, in a real browser.

The councillor who hosted a held event turns its outcome report into a story from
their dashboard (a bad first step first), and sends it; a moderator sends it back
in the Wagtail admin with a question; the councillor answers it and sends it again;
the moderator approves it, which publishes it. Readers then find it in the library
filtered by its service, on the council's page and in the stories feed. Every
public page visited is checked with axe-core; admin pages are only photographed.
"""

import datetime
import re

import pytest
from django.utils import timezone

from events.requests.models import EventRequest, EventRequestOutcome
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.roles import MODERATORS, ensure_staff_roles
from stories.models import StoryIndexPage, StoryPage, StorySubmission
from tests.factories import EventRequestFactory, LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import verified_user

from .conftest import admin_screenshots, press, sign_in, sign_out, staff_member
from .expect import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-password-42"
MODERATOR_PASSWORD = "another-long-moderator-password-7"

EVENT = "Keeping home care local in Leeds"
QUOTE = "We keep the care budget in the neighbourhood now."
TITLE = "Home care commissioned from neighbourhood networks"
QUESTION = "Which year did the council first fund the networks?"
RETITLED = "Home care from neighbourhood networks since 2024"


@pytest.fixture
def journey(site_content):
    """Leeds, its councillor who hosted an event that was held and reported on, the
    library under the home page, and a moderator of the editorial review."""
    ensure_staff_roles()
    leeds = LocalAuthorityFactory(
        name="Leeds City Council", short_name="Leeds", region="Yorkshire and The Humber"
    )
    host = verified_user(
        email="cllr.patel@example.org", first_name="Nia", last_name="Patel", password=PASSWORD
    )
    MembershipFactory(
        user=host,
        local_authority=leeds,
        category=Membership.Category.COUNCILLOR,
        status=Membership.Status.ACTIVE,
    )
    request = EventRequestFactory(
        local_authority=leeds, requester=host, title=EVENT, status=EventRequest.Status.HELD
    )
    EventRequestOutcome.objects.create(
        request=request,
        what_happened="Sixty people came: carers, providers and three commissioners.",
        what_changed="The council now buys home care from its neighbourhood networks.",
        quote=QUOTE,
        quote_attribution="A home care worker",
        may_publish_quote=True,
        submitted_by=host,
        submitted_at=timezone.now() - datetime.timedelta(days=20),
    )
    index = StoryIndexPage(title="Stories", slug="stories", introduction="What changed, and how.")
    site_content.home.add_child(instance=index)
    index.save_revision().publish()
    moderator = staff_member(MODERATORS, "Mo Reader", "moderator@example.org", MODERATOR_PASSWORD)
    return {"leeds": leeds, "host": host, "moderator": moderator}


admin_screenshot = admin_screenshots("story-journey")


def workflow_action(page, base_url, story, action, comment=""):
    """On the story's edit page, choose a workflow action from the footer's menu
    (``comment`` in the modal Wagtail opens for it, where it asks for one)."""
    slug = re.sub(r"\W+", "-", action.lower())
    page.goto(f"{base_url}/admin/pages/{story.pk}/edit/")
    menu = page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first
    menu.click()
    button = page.get_by_role("button", name=action, exact=True)
    if comment:
        button.click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Comment").fill(comment)
        admin_screenshot(page, slug)
        button = dialog.get_by_role("button", name=action)
    # The action posts the edit form: wait for the page it leads to, not the one
    # already loaded, before photographing it.
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state("load")
    admin_screenshot(page, f"after-{slug}")


def continue_step(page):
    press(page, page.get_by_role("button", name="Save and continue"))


def test_a_hosts_event_becomes_a_published_story(new_page, site_content, journey, check_page):
    base_url = site_content.url
    host, moderator = journey["host"], journey["moderator"]
    page = new_page()

    # 1. The host's dashboard invites them to turn the outcome report into a story.
    sign_in(page, base_url, host.email, PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    check_page(page, "dashboard-invitation")
    panel = page.locator("section", has=page.get_by_role("heading", name="Your stories"))
    expect(panel).to_contain_text(EVENT)
    press(page, panel.get_by_role("link", name="Turn it into a story"))
    check_page(page, "about-step")
    expect(page.get_by_label("Contract", exact=True)).not_to_be_checked()

    # 2. A first step with no title and no service saves nothing and says why.
    page.get_by_label("A title for the story").fill("")
    with page.expect_response(re.compile(r"/members/stories/new/")) as answer:
        continue_step(page)
    assert answer.value.status == 400
    page.failed_loads.remove(f"400 {answer.value.url}")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Give the story a title.")
    expect(summary).to_contain_text("Choose the service the story is about.")
    check_page(page, "about-step-errors")
    assert not StorySubmission.objects.exists()

    # 3. The host tells it in three steps, with the keyboard for the radios.
    page.get_by_label("A title for the story").fill(TITLE)
    page.get_by_label("Adult social care").check()
    page.get_by_label("Contract", exact=True).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Contract", exact=True)).to_be_checked()
    continue_step(page)
    check_page(page, "outcomes-step")
    page.get_by_label("Choice and control").fill(
        "People choose the carer who visits them, and when."
    )
    continue_step(page)
    check_page(page, "quote-step")
    expect(page.locator("main")).to_contain_text(QUOTE)  # carried over, with consent
    continue_step(page)
    check_page(page, "check")
    expect(page.locator("main")).to_contain_text("People choose the carer who visits them")
    press(page, page.get_by_role("button", name="Send it to our editors"))
    check_page(page, "sent")
    submission = StorySubmission.objects.with_review().get()
    assert submission.state == StorySubmission.State.IN_REVIEW
    story = submission.story
    assert not StoryPage.objects.get(pk=story.pk).live
    sign_out(page, base_url)

    # 4. The moderator sends it back with a question.
    sign_in(page, base_url, moderator.email, MODERATOR_PASSWORD)
    workflow_action(page, base_url, story, "Request changes", comment=QUESTION)
    submission = StorySubmission.objects.with_review().get()
    assert submission.state == StorySubmission.State.CHANGES_REQUESTED
    assert OutboundEmail.objects.filter(template="stories/sent_back", to=host.email).exists()
    sign_out(page, base_url)

    # 5. The host reads the question on their dashboard, answers it and resends.
    sign_in(page, base_url, host.email, PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    expect(page.locator("main")).to_contain_text(QUESTION)
    check_page(page, "dashboard-sent-back")
    press(page, page.get_by_role("link", name="Carry on with it"))
    page.get_by_label("A title for the story").fill(RETITLED)
    continue_step(page)
    continue_step(page)
    continue_step(page)
    expect(page.locator("main")).to_contain_text(QUESTION)
    press(page, page.get_by_role("button", name="Send it again"))
    check_page(page, "sent-again")
    sign_out(page, base_url)

    # 6. The moderator approves it, which publishes it.
    sign_in(page, base_url, moderator.email, MODERATOR_PASSWORD)
    workflow_action(page, base_url, story, "Approve and Publish")
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    assert story.title == RETITLED
    assert OutboundEmail.objects.filter(template="stories/published", to=host.email).exists()
    sign_out(page, base_url)

    # 7. Readers find it: in the library by its service, on Leeds' page, in the feed.
    page.goto(base_url + "/stories/")
    page.get_by_label("Service area").select_option(label="Adult social care")
    press(page, page.get_by_role("button", name="Show stories"))
    expect(page.locator(".filter-summary")).to_contain_text("1 story")
    check_page(page, "library-filtered")
    press(page, page.get_by_role("link", name=RETITLED))
    expect(page.locator("main")).to_contain_text(QUOTE)
    expect(page.locator("main")).to_contain_text("A home care worker")
    check_page(page, "story")
    page.goto(base_url + journey["leeds"].get_absolute_url())
    expect(page.locator("main")).to_contain_text(RETITLED)
    check_page(page, "council-page")
    feed = page.request.get(base_url + "/stories/feed/")
    assert feed.ok
    assert RETITLED in feed.text()
