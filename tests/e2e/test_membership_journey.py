"""A councillor joins the network in a real browser: signs up, verifies the email
with the code from the outbox, applies, waits, and is approved by a membership
officer in the Wagtail admin."""

import re

import pytest
from django.core import mail

from members.models import Membership
from tests.factories import LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import membership_officer, verified_user
from tests.payments.fees import organisation_member

from .conftest import press, sign_in, sign_out
from .expect import expect

pytestmark = pytest.mark.browser

CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")
PASSWORD = "a-long-and-unusual-password-42"
OFFICER_PASSWORD = "another-long-officer-password-7"


@pytest.fixture
def officer(site_content):
    return membership_officer(first_name="Olu", last_name="Officer", password=OFFICER_PASSWORD)


def test_a_councillor_signs_up_applies_and_is_approved(page, site_content, officer, check_page):
    base_url = site_content.url
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")

    # Sign up.
    page.goto(base_url + "/accounts/signup/")
    check_page(page, "sign-up")
    page.get_by_label("Email").fill("cllr.patel@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)", re.I)).fill(PASSWORD)
    press(page, page.get_by_role("button", name=re.compile("sign up|create", re.I)))
    check_page(page, "enter-code")

    # Verify the email address with the code we were sent.
    [message] = [m for m in mail.outbox if "cllr.patel@example.org" in m.to]
    code = CODE.search(message.body).group(1)
    page.get_by_label(re.compile("code", re.I)).fill(code)
    press(page, page.get_by_role("button", name=re.compile("confirm", re.I)))

    # Apply to join as a councillor.
    page.goto(base_url + "/members/join/")
    check_page(page, "join")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Patel")
    page.get_by_label("Councillor", exact=True).check()
    page.get_by_label("Your council").select_option(label=leeds.name)
    page.get_by_label("Your ward or division").fill("Headingley & Hyde Park")
    press(page, page.get_by_role("button", name=re.compile("apply|send|submit", re.I)))

    membership = Membership.objects.get(user__email="cllr.patel@example.org")
    assert membership.status == Membership.Status.PENDING
    page.goto(base_url + "/members/dashboard/")
    check_page(page, "dashboard-pending")
    expect(page.locator("main")).to_contain_text("pending", ignore_case=True)
    sign_out(page, base_url)

    # A membership officer approves the application in the admin.
    sign_in(page, base_url, officer.email, OFFICER_PASSWORD)
    page.goto(base_url + f"/admin/memberships/approve/{membership.pk}/")
    press(page, page.get_by_role("button", name=re.compile("approve", re.I)))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == officer
    sign_out(page, base_url)

    # The member sees the news.
    sign_in(page, base_url, "cllr.patel@example.org", PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    check_page(page, "dashboard-active")
    expect(page.locator("main")).to_contain_text("You are a member")


def test_an_officer_suspends_and_reinstates_then_the_member_leaves_and_applies_again(
    page, site_content, officer, check_page
):
    base_url = site_content.url
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    member = verified_user(email="cllr.okafor@example.org", first_name="Ade", password=PASSWORD)
    membership = MembershipFactory(
        user=member, status=Membership.Status.ACTIVE, local_authority=leeds
    )

    # The officer suspends the membership, with a reason, then lifts it.
    sign_in(page, base_url, officer.email, OFFICER_PASSWORD)
    page.goto(base_url + f"/admin/memberships/inspect/{membership.pk}/")
    press(page, page.get_by_role("link", name="Suspend"))
    check_page(page, "admin-suspend")
    press(page, page.get_by_role("button", name="Suspend the membership"))
    expect(page.get_by_text("Give a reason: the member is told why.")).to_be_visible()
    page.failed_loads.remove(f"400 {page.url}")  # the form sent back with its error, as meant
    page.get_by_label("Reason (sent to the member)").fill("We are looking into a complaint.")
    press(page, page.get_by_role("button", name="Suspend the membership"))
    expect(page.locator("main")).to_contain_text("We are looking into a complaint.")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    press(page, page.get_by_role("link", name="Reinstate"))
    press(page, page.get_by_role("button", name="Reinstate the membership"))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    sign_out(page, base_url)

    # The member leaves the network from their dashboard, with the keyboard.
    sign_in(page, base_url, member.email, PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    page.get_by_role("link", name="Leave the network").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page, "leave")
    page.get_by_label("Why are you leaving?").fill("I am standing down in May.")
    press(page, page.get_by_role("button", name="Leave the network"))
    check_page(page, "dashboard-left")
    expect(page.locator("main")).to_contain_text("You left the network on")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED

    # And may come back: the join form, saying what happened before.
    press(page, page.get_by_role("link", name="apply to join again"))
    check_page(page, "join-again")
    expect(page.locator("main")).to_contain_text("Applying again")


def test_an_organisation_invites_a_colleague_who_accepts_and_is_later_removed(
    page, site_content, officer, check_page
):
    base_url = site_content.url
    main = organisation_member(
        status=Membership.Status.ACTIVE,
        user=verified_user(email="fatima@larder.example", first_name="Fatima", password=PASSWORD),
    )
    colleague = verified_user(email="sam@larder.example", first_name="Sam", password=PASSWORD)

    # The main contact invites a colleague from their dashboard.
    sign_in(page, base_url, main.user.email, PASSWORD)
    page.goto(base_url + "/members/dashboard/")
    press(page, page.get_by_role("link", name="Manage your organisation's contacts"))
    check_page(page, "organisation-contacts")
    page.get_by_label("Their email address").fill("sam@larder.example")
    press(page, page.get_by_role("button", name="Send the invitation"))
    expect(page.locator("main")).to_contain_text("sam@larder.example, sent")
    check_page(page, "organisation-contacts-invited")
    sign_out(page, base_url)

    # The colleague follows the link in the email, signs in and accepts.
    [message] = [m for m in mail.outbox if "sam@larder.example" in m.to]
    path = re.search(r"/members/organisation/invitation/\S+/", message.body)[0]
    link = base_url + path  # the email names the site's own address
    page.goto(link)
    check_page(page, "organisation-invitation-signed-out")
    sign_in(page, base_url, colleague.email, PASSWORD)
    page.goto(link)
    check_page(page, "organisation-invitation")
    press(page, page.get_by_role("button", name="Accept the invitation"))
    expect(page.locator("main")).to_contain_text("as a contact of Kirkstall Food Bank")
    check_page(page, "dashboard-contact")
    contact = Membership.objects.get(user=colleague)
    assert contact.contact_for == main
    sign_out(page, base_url)

    # An officer sees the organisation's contacts in the admin.
    sign_in(page, base_url, officer.email, OFFICER_PASSWORD)
    page.goto(base_url + f"/admin/memberships/inspect/{main.pk}/")
    expect(page.locator("main")).to_contain_text("Contacts of Kirkstall Food Bank")
    check_page(page, "admin-membership-contacts")
    sign_out(page, base_url)

    # The main contact removes the colleague.
    sign_in(page, base_url, main.user.email, PASSWORD)
    page.goto(base_url + "/members/organisation/")
    press(page, page.get_by_role("link", name="Remove Sam"))
    check_page(page, "organisation-contact-remove")
    press(page, page.get_by_role("button", name="Remove the contact"))
    contact.refresh_from_db()
    assert contact.status == Membership.Status.CANCELLED
    expect(page.locator("main")).not_to_contain_text("sam@larder.example")
