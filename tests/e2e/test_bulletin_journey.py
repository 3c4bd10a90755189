"""A bulletin for the councillors of one region, in a real browser.

Someone in the Communications group writes it in the Wagtail admin (subject,
preheader, a heading and a paragraph, councillors in Yorkshire and the Humber),
sees how many it reaches, previews it, sends a test to themselves and sends it.
A councillor opens the web version from the email, unsubscribes with one click
from its link, and finds the unsubscribe on the dashboard. A councillor in
another region, and an officer in the same one, get nothing. Every public page
visited is checked with axe-core; admin pages are only photographed.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from members.bulletins.models import Bulletin, BulletinDelivery
from members.models import MarketingConsent, Membership
from network_site.models import OutboundEmail
from network_site.roles import COMMUNICATIONS
from tests.factories import LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import verified_user

from .conftest import admin_screenshots, staff_member
from .expect import expect
from .test_event_request_journey import PASSWORD, follow, sign_in

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "another-long-staff-password-7"
YORKSHIRE = "Yorkshire and the Humber"
NORTH_WEST = "North West"

SUBJECT = "Keeping home care local: news for Yorkshire councillors"
SLUG = "keeping-home-care-local-yorkshire"
PREHEADER = "Two councils brought home care back in house. Here is what they learned."
HEADING = "What Leeds and Sheffield learned"
PARAGRAPH = "Both councils kept their carers and saved money in the first year."


admin_screenshot = admin_screenshots("bulletin-journey")


def fact(section, term):
    """The description of ``term`` in one of the definition lists of ``section``."""
    term_element = section.page.locator("dt").get_by_text(term, exact=True)
    return section.locator("dl > div", has=term_element).locator("dd")


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def list_unsubscribe_url(message):
    """The web address in the email's List-Unsubscribe header (RFC 2369)."""
    return re.match(r"<(https?://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)


def on_live_server(base_url, link):
    """A link of an email (made with WAGTAILADMIN_BASE_URL) on the live server."""
    parts = urlsplit(link)
    assert parts.netloc == urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc, link
    return base_url + parts.path + (f"?{parts.query}" if parts.query else "")


def delivery_time(delivery):
    return date_format(timezone.localtime(delivery.unsubscribed_at), r"j F Y \a\t H:i")


def councillor(authority, email, first_name, last_name, category=Membership.Category.COUNCILLOR):
    """An active member of ``authority``'s area who agreed to receive bulletins."""
    user = verified_user(email=email, first_name=first_name, last_name=last_name, password=PASSWORD)
    MembershipFactory(
        user=user, local_authority=authority, category=category, status=Membership.Status.ACTIVE
    )
    MarketingConsent.objects.create(
        user=user, given=True, wording="Send me the network's bulletins."
    )
    return user


@pytest.fixture
def people(site_content):
    """Two councillors in Yorkshire and the Humber (two councils), an officer of one
    of those councils, a councillor in the North West, and the person in the
    Communications group who writes the bulletin."""
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035", region=YORKSHIRE)
    sheffield = LocalAuthorityFactory(
        name="Sheffield City Council", gss_code="E08000019", region=YORKSHIRE
    )
    manchester = LocalAuthorityFactory(
        name="Manchester City Council", gss_code="E08000003", region=NORTH_WEST
    )
    writer = staff_member(COMMUNICATIONS, "Cara Comms", "comms@example.org", STAFF_PASSWORD)
    return {
        "writer": writer,
        "reader": councillor(leeds, "cllr.patel@example.org", "Nia", "Patel"),
        "colleague": councillor(sheffield, "cllr.ahmed@example.org", "Omar", "Ahmed"),
        "officer": councillor(
            leeds, "sam.okafor@example.org", "Sam", "Okafor", Membership.Category.OFFICER
        ),
        "elsewhere": councillor(manchester, "cllr.byrne@example.org", "Ada", "Byrne"),
    }


def test_staff_send_a_bulletin_to_one_region_and_a_councillor_unsubscribes(
    new_page, site_content, people, check_page
):
    base_url = site_content.url
    writer = people["writer"]
    staff_page = new_page()

    # 1. The writer opens Bulletins in the admin and writes one.
    sign_in(staff_page, base_url, writer.email, STAFF_PASSWORD)
    staff_page.goto(base_url + "/admin/")
    follow(staff_page, staff_page.locator("#wagtail-sidebar").get_by_role("link", name="Bulletins"))
    assert staff_page.url == base_url + "/admin/bulletins/"
    admin_screenshot(staff_page, "bulletins")
    follow(staff_page, staff_page.get_by_role("link", name=re.compile("^Add bulletin")).first)
    admin_screenshot(staff_page, "new")

    form = staff_page.locator("main form")
    staff_page.locator("#id_subject").fill(SUBJECT)
    staff_page.locator("#id_slug").fill(SLUG)
    staff_page.locator("#id_preheader").fill(PREHEADER)
    body = staff_page.locator("#panel-body-section")
    body.get_by_role("button", name="Insert a block").click()
    staff_page.get_by_role("option", name="Heading").click()
    body.get_by_label(re.compile("^Text")).fill(HEADING)
    body.get_by_role("button", name="Insert a block").last.click()
    staff_page.get_by_role("option", name="Text", exact=True).click()
    # Draftail keeps what is typed in a hidden input, once its editor is ready.
    editor = body.locator(".Draftail-Editor [contenteditable=true]")
    editor.click()
    expect(editor).to_be_focused()
    editor.press_sequentially(PARAGRAPH)
    expect(body.locator('input[name="body-1-value"]')).to_have_value(re.compile(PARAGRAPH))
    form.get_by_label("Councillor", exact=True).check()
    form.get_by_label(YORKSHIRE, exact=True).check()
    admin_screenshot(staff_page, "written")
    follow(staff_page, form.get_by_role("button", name="Create"))
    admin_screenshot(staff_page, "created")
    expect(staff_page.locator(".messages")).to_contain_text(f"Bulletin '{SUBJECT}' created")
    bulletin = Bulletin.objects.get()
    assert (bulletin.subject, bulletin.slug, bulletin.preheader) == (SUBJECT, SLUG, PREHEADER)
    assert [block.block_type for block in bulletin.body] == ["heading", "text"]
    assert bulletin.body[0].value["text"] == HEADING
    assert PARAGRAPH in bulletin.body[1].value.source
    assert bulletin.categories == [Membership.Category.COUNCILLOR]
    assert bulletin.regions == [YORKSHIRE]
    assert bulletin.is_draft

    # 2. Its page in the admin says whom it reaches now: the two Yorkshire councillors.
    row = staff_page.locator("tr", has=staff_page.get_by_role("link", name=SUBJECT))
    row.get_by_role("button", name=re.compile("^More options")).click()
    follow(staff_page, row.get_by_role("link", name="Inspect"))
    assert staff_page.url == f"{base_url}/admin/bulletins/inspect/{bulletin.pk}/"
    audience_panel = staff_page.locator("#audience-section")
    expect(audience_panel).to_contain_text("Councillor")
    expect(audience_panel).to_contain_text(YORKSHIRE)
    expect(audience_panel).to_contain_text(
        "2 members with marketing consent and a deliverable address"
    )
    admin_screenshot(staff_page, "inspect")

    # 3. The preview shows the email as HTML (in a frame) and as plain text.
    main = staff_page.locator("main")
    follow(staff_page, main.get_by_role("link", name="Preview"))
    assert staff_page.url == f"{base_url}/admin/bulletins/preview/{bulletin.pk}/"
    expect(main).to_contain_text(f"Subject: {SUBJECT}")
    frame = staff_page.frame_locator('iframe[title="The bulletin as an HTML email"]')
    expect(frame.get_by_role("heading", name=HEADING)).to_be_visible()
    expect(frame.locator("body")).to_contain_text(PARAGRAPH)
    expect(main.locator("pre.bulletin-preview-text")).to_contain_text(HEADING.upper())
    admin_screenshot(staff_page, "preview")
    follow(staff_page, main.get_by_role("link", name="Back to the bulletin"))

    # 4. A test goes to the writer alone, marked as a test; nothing is sent yet.
    follow(staff_page, main.get_by_role("button", name="Send a test to me"))
    expect(staff_page.locator(".messages")).to_contain_text(
        f"A test is on its way to {writer.email}."
    )
    admin_screenshot(staff_page, "test-sent")
    [test_email] = mail.outbox
    assert test_email.to == [writer.email]
    assert test_email.subject == f"[Test] {SUBJECT}"
    assert PARAGRAPH in test_email.body
    assert "List-Unsubscribe" in test_email.extra_headers
    [test_record] = OutboundEmail.objects.all()
    assert test_record.to == writer.email
    assert test_record.kind == OutboundEmail.Kind.TRANSACTIONAL
    bulletin.refresh_from_db()
    assert bulletin.is_draft
    assert not BulletinDelivery.objects.exists()

    # 5. Sent now: the page says to how many, and the task worker (run at once in the
    # tests) hands one email per recipient to the outbox.
    follow(staff_page, main.get_by_role("link", name="Send…"))
    assert staff_page.url == f"{base_url}/admin/bulletins/send/{bulletin.pk}/"
    expect(main).to_contain_text(f"{SUBJECT} goes to 2 members as things stand")
    expect(main.get_by_label("Now")).to_be_checked()
    admin_screenshot(staff_page, "send")
    # The "At a time" date and time picker's script loads with the page (the form's media).
    assert staff_page.failed_loads == [], staff_page.failed_loads
    follow(staff_page, main.get_by_role("button", name="Send the bulletin"))
    assert staff_page.url == f"{base_url}/admin/bulletins/inspect/{bulletin.pk}/"
    expect(staff_page.locator(".messages")).to_contain_text("The bulletin is being sent.")
    progress = staff_page.locator("#progress-section")
    expect(fact(progress, "Recipients")).to_have_text("2")
    expect(fact(progress, "Waiting to be sent")).to_have_text("0")
    expect(fact(progress, "Delivered to the provider")).to_have_text("2")
    expect(fact(progress, "Failed")).to_have_text("0")
    expect(main.get_by_role("link", name="Send…")).to_have_count(0)
    admin_screenshot(staff_page, "sent")

    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT
    assert bulletin.sent_by == writer
    reader, colleague = people["reader"], people["colleague"]
    deliveries = BulletinDelivery.objects.filter(bulletin=bulletin)
    assert sorted(deliveries.values_list("user__email", flat=True)) == sorted(
        [reader.email, colleague.email]
    )
    assert set(deliveries.values_list("status", flat=True)) == {BulletinDelivery.Status.SENT}
    # The councillor in the North West and the officer in Yorkshire get nothing.
    for left_out in (people["elsewhere"], people["officer"]):
        assert emails_to(left_out.email) == []
        assert not OutboundEmail.objects.filter(to=left_out.email).exists()
    [email] = emails_to(reader.email)
    assert email.subject == SUBJECT  # not marked as a test
    assert [m.subject for m in emails_to(colleague.email)] == [SUBJECT]
    assert emails_to(writer.email) == [test_email]  # the writer had only the test
    assert OutboundEmail.objects.get(to=reader.email).kind == OutboundEmail.Kind.MARKETING
    staff_page.close()

    # 6. The councillor opens the web version from the email, signed out.
    page = new_page()
    web_url = re.search(r"Read it on the web: (\S+)", email.body).group(1)
    page.goto(on_live_server(base_url, web_url))
    assert page.url == f"{base_url}/bulletins/{SLUG}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    article = page.locator("article.bulletin")
    expect(article).to_contain_text(PREHEADER)
    expect(article.get_by_role("heading", level=2)).to_have_text(HEADING)
    expect(article).to_contain_text(PARAGRAPH)
    check_page(page, "web-version")
    follow(page, page.get_by_role("link", name="Bulletins", exact=True).last)
    assert page.url == f"{base_url}/bulletins/"
    expect(page.locator(".bulletin-list").get_by_role("link", name=SUBJECT)).to_be_visible()
    check_page(page, "archive")

    # 7. ... and unsubscribes with the link in it: one button, one click.
    unsubscribe_link = list_unsubscribe_url(email)
    assert f"Unsubscribe: {unsubscribe_link}" in email.body
    page.goto(on_live_server(base_url, unsubscribe_link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from bulletins")
    buttons = page.locator("main").get_by_role("button")
    expect(buttons).to_have_count(1)
    expect(buttons).to_have_text("Unsubscribe")
    check_page(page, "unsubscribe")
    delivery = deliveries.get(user=reader)
    assert delivery.unsubscribed_at is None  # nothing changes on a GET
    follow(page, buttons)
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    expect(page.locator("main")).to_contain_text("We will send you no more bulletins.")
    check_page(page, "unsubscribed")
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is not None
    latest = MarketingConsent.objects.filter(user=reader).first()
    assert latest.given is False
    assert SUBJECT in latest.wording
    colleague_delivery = deliveries.get(user=colleague)
    assert colleague_delivery.unsubscribed_at is None
    assert MarketingConsent.objects.filter(user=colleague).first().given is True

    # 8. Signed in, the dashboard says when and with which bulletin.
    sign_in(page, base_url, reader.email)
    page.goto(base_url + "/members/dashboard/")
    preferences = page.locator("section", has=page.locator("#preferences-title"))
    expect(fact(preferences, "Newsletter and event news")).to_contain_text(
        f"You unsubscribed on {delivery_time(delivery)}, with the link in the bulletin “{SUBJECT}”."
    )
    check_page(page, "dashboard-unsubscribed")

    # 9. The test email's link unsubscribes nobody: it says so.
    page.goto(on_live_server(base_url, list_unsubscribe_url(test_email)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    expect(page.locator("main")).to_contain_text(
        "This link came in a test of a bulletin: it unsubscribes nobody."
    )
    expect(page.locator("main").get_by_role("button")).to_have_count(0)
    check_page(page, "unsubscribe-test")
    assert list(MarketingConsent.objects.filter(given=False).values_list("user", flat=True)) == [
        reader.pk
    ]
