"""A councillor is introduced to a community organisation, in a real browser: she
asks, a membership officer proposes the organisation in the admin, both accept,
and both are emailed the other's contact details (none before). axe-core checks
every page visited."""

import re

import pytest
from django.core import mail

from members.introductions.models import Introduction, IntroductionRequest
from members.models import Membership
from tests.factories import LocalAuthorityFactory, MembershipFactory, OrganisationFactory
from tests.members.membership_roles import membership_officer, verified_user

from .conftest import press, sign_in, sign_out
from .expect import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-unusual-password-42"
OFFICER_PASSWORD = "another-long-officer-password-7"
REASON = "I am setting up a food poverty group in Headingley and want to hear from local larders."


@pytest.fixture
def people(site_content):
    leeds = LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")
    councillor = MembershipFactory(
        user=verified_user(
            email="nia.patel@councillors.example",
            first_name="Nia",
            last_name="Patel",
            password=PASSWORD,
        ),
        category=Membership.Category.COUNCILLOR,
        status=Membership.Status.ACTIVE,
        local_authority=leeds,
    )
    larder = OrganisationFactory(name="Hyde Park Larder")
    larder.local_authorities.set([leeds])
    organisation = MembershipFactory(
        user=verified_user(
            email="sam@larder.example", first_name="Sam", last_name="Okafor", password=PASSWORD
        ),
        for_organisation=True,
        organisation=larder,
        status=Membership.Status.ACTIVE,
    )
    officer = membership_officer(
        email="olu@network.example", first_name="Olu", password=OFFICER_PASSWORD
    )
    return councillor, organisation, officer


def accepting(page, base_url, check_page):
    """accept(membership, label, offer, accepted_label): that member signs in, finds the
    introduction offered on their page (``offer``, where the page is checked as ``label``)
    and accepts it (checked again as ``accepted_label``)."""

    def accept(membership, label, offer, accepted_label):
        sign_in(page, base_url, membership.user.email, PASSWORD)
        page.goto(base_url + "/members/introductions/")
        check_page(page, label)
        expect(page.locator("main")).to_contain_text(offer)
        press(page, page.get_by_role("button", name=re.compile("^Accept")))
        check_page(page, accepted_label)

    return accept


def messages_to(address):
    return [message for message in mail.outbox if address in message.to]


def full_text(message):
    return message.subject + message.body + "".join(str(part[0]) for part in message.alternatives)


def test_a_councillor_is_introduced_to_an_organisation(page, site_content, people, check_page):
    base_url = site_content.url
    councillor, organisation, officer = people

    # The organisation agrees to introductions on its profile.
    sign_in(page, base_url, organisation.user.email, PASSWORD)
    page.goto(base_url + "/members/profile/")
    check_page(page, "profile")
    page.get_by_label(re.compile("Staff may suggest introductions to me")).check()
    press(page, page.get_by_role("button", name="Save your profile"))
    organisation.refresh_from_db()
    assert organisation.open_to_introductions
    sign_out(page, base_url)

    # The councillor asks, first without saying why.
    sign_in(page, base_url, councillor.user.email, PASSWORD)
    page.goto(base_url + "/members/introductions/")
    check_page(page, "introductions-empty")
    press(page, page.get_by_role("link", name="Ask for an introduction"))
    check_page(page, "ask")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send the request").click()
    # Sent back with a 400, which is what a form with errors answers: not a failed load.
    response = navigation.value
    assert response.status == 400
    page.failed_loads.remove(f"400 {response.url}")
    check_page(page, "ask-error")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".field--error")).to_contain_text("Tell us why")
    page.get_by_label("Why you would like to meet them").fill(REASON)
    press(page, page.get_by_role("button", name="Send the request"))
    check_page(page, "asked")
    expect(page.locator("main")).to_contain_text("We have not suggested anyone yet")
    introduction_request = IntroductionRequest.objects.get()
    sign_out(page, base_url)

    # A membership officer proposes the larder from the request's page.
    sign_in(page, base_url, officer.email, OFFICER_PASSWORD)
    page.goto(base_url + "/admin/introduction_requests/")
    expect(page.locator("main")).to_contain_text("Nia Patel")
    page.goto(base_url + f"/admin/introduction_requests/inspect/{introduction_request.pk}/")
    check_page(page, "admin-request")
    page.get_by_label("Member to propose").select_option(label="Hyde Park Larder: Sam Okafor")
    press(page, page.get_by_role("button", name="Propose the introduction"))
    expect(page.locator("main")).to_contain_text("Waiting for answers")
    assert Introduction.objects.get().member == organisation
    sign_out(page, base_url)

    # The organisation accepts first.
    accept = accepting(page, base_url, check_page)
    accept(organisation, "offered", "A councillor at Leeds City Council", "accepted-first")
    expect(page.locator("main")).to_contain_text("You accepted")
    sign_out(page, base_url)

    # Nothing so far told either side how to reach the other.
    for message in messages_to(councillor.user.email):
        assert organisation.user.email not in full_text(message)
    for message in messages_to(organisation.user.email):
        assert councillor.user.email not in full_text(message)

    # The councillor accepts: both are emailed each other's details.
    accept(councillor, "suggested", "Hyde Park Larder, a community organisation", "introduced")
    expect(page.locator("main")).to_contain_text("Introduced")

    (to_councillor,) = [
        m for m in messages_to(councillor.user.email) if m.subject.startswith("Introducing")
    ]
    assert organisation.user.email in to_councillor.body
    (to_organisation,) = [
        m for m in messages_to(organisation.user.email) if m.subject.startswith("Introducing")
    ]
    assert councillor.user.email in to_organisation.body
