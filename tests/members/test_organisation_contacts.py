"""An organisation's membership with more than one contact: its main contact (or
a membership officer) invites colleagues by email; each accepts with an account
of their own and is a member while the organisation's membership is active; the
main contact or an officer removes them, and every step is in their history."""

import datetime
import re
import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import organisations
from members.bulletins.audience import consenting_members
from members.models import MarketingConsent, Membership, MembershipDecision
from members.models import OrganisationInvitation as Invitation
from members.personal_data import erase_member, export_member_data
from network_site.models import OutboundEmail
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.members.membership_roles import verified_user
from tests.payments.fees import organisation_member
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

Status = Membership.Status
Outcome = MembershipDecision.Outcome
CONTACTS = reverse("members:organisation_contacts")
INVITATION = "members/organisation_invitation"


@pytest.fixture
def main():
    """Fatima holds Kirkstall Food Bank's membership and pays its fee."""
    return organisation_member(status=Status.ACTIVE)


@pytest.fixture
def main_client(main):
    """Fatima's browser (its own, beside the officer's ``client``)."""
    return signed_in(main.user)


def emails(template, to=None):
    found = OutboundEmail.objects.filter(template=template)
    return list((found.filter(to=to) if to else found).order_by("pk"))


def invite(main_client, email):
    return main_client.post(CONTACTS, {"email": email})


def invitation_path(email):
    """The accept link in the latest invitation emailed to ``email``."""
    body = emails(INVITATION, email)[-1].body_text
    return re.search(r"https?://[^/\s]+(/members/organisation/invitation/[^\s]+/)", body)[1]


def signed_in(user):
    other = Client()
    other.force_login(user)
    return other


def joined(main_client, email="sam@foodbank.example", **user_fields):
    """Invite ``email``; its owner (a verified account) accepts; their membership."""
    user = verified_user(email=email, first_name="Sam", **user_fields)
    invite(main_client, email)
    response = signed_in(user).post(invitation_path(email))
    assert response.status_code == 302, response
    return Membership.objects.get(user=user)


# Inviting and accepting


def test_the_main_contact_invites_a_colleague_who_accepts_with_their_own_account(main_client, main):
    response = invite(main_client, "Sam@FoodBank.example")
    assert response.status_code == 302
    (email,) = emails(INVITATION, "sam@foodbank.example")
    assert "Kirkstall Food Bank" in email.subject
    assert "There is nothing to pay" in email.body_text
    page = main_client.get(CONTACTS).text
    assert "sam@foodbank.example, sent" in page

    sam = verified_user(email="sam@foodbank.example", first_name="Sam", last_name="Singh")
    sams = signed_in(sam)
    path = invitation_path("sam@foodbank.example")
    offer = sams.get(path)
    assert offer.status_code == 200
    assert "Accept the invitation" in offer.text
    response = sams.post(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")

    contact = Membership.objects.get(user=sam)
    assert contact.contact_for == main
    assert (contact.status, contact.category, contact.fee_due) == (
        Status.ACTIVE,
        Membership.Category.ORGANISATION,
        0,
    )
    assert contact.organisation == main.organisation
    assert contact.is_active
    assert not contact.is_main_contact
    decision = contact.decisions.get()
    assert (decision.outcome, decision.decided_by) == (Outcome.CONTACT_JOINED, main.user)
    assert emails("members/organisation_contact_joined", main.user.email)
    invitation = Invitation.objects.get()
    assert (invitation.accepted_by, invitation.is_open) == (sam, False)

    dashboard = sams.get(reverse("members:dashboard")).text
    assert "as a contact of Kirkstall Food Bank" in dashboard
    assert "Paid through Kirkstall Food Bank" in dashboard
    assert "Sam Singh" in main_client.get(CONTACTS).text
    # The link has done its work.
    again = sams.get(path)
    assert again.status_code == 400
    assert "already been accepted" in again.text


def test_an_anonymous_visitor_is_asked_to_sign_in_with_the_invited_address(client, main_client):
    invite(main_client, "sam@foodbank.example")
    path = invitation_path("sam@foodbank.example")
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Sign in with sam@foodbank.example" in page.text
    response = anonymous.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Membership.objects.filter(user__email="sam@foodbank.example").exists()


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("someone else", "but you are signed in as"),
        ("unverified", "Confirm your email address first"),
        ("a member already", "You already have a membership of your own"),
    ],
)
def test_only_the_invited_address_verified_and_without_a_membership_may_accept(
    main_client, who, why
):
    invite(main_client, "sam@foodbank.example")
    path = invitation_path("sam@foodbank.example")
    if who == "someone else":
        user = verified_user(email="zed@example.org")
    elif who == "unverified":
        user = UserFactory(email="sam@foodbank.example")
    else:
        user = verified_user(email="sam@foodbank.example")
        MembershipFactory(user=user, status=Status.ACTIVE)
    before = Membership.objects.filter(user=user).count()
    browser = signed_in(user)
    page = browser.get(path)
    assert why in page.text
    assert "Accept the invitation" not in page.text
    response = browser.post(path, follow=True)
    assert why in response.text
    assert Membership.objects.filter(user=user).count() == before
    assert not Membership.objects.filter(contact_for__isnull=False).exists()
    assert Invitation.objects.get().is_open


def test_a_former_member_accepts_on_their_old_record_keeping_its_history(main_client):
    sam = verified_user(email="sam@foodbank.example")
    old = MembershipFactory(user=sam, status=Status.CANCELLED)
    MembershipDecision.objects.create(membership=old, outcome=Outcome.LEFT)
    invite(main_client, "sam@foodbank.example")
    signed_in(sam).post(invitation_path("sam@foodbank.example"))
    contact = Membership.objects.get(user=sam)
    assert contact.pk == old.pk
    assert contact.contact_for_id is not None
    assert contact.local_authority is None  # the councillor's ward is not carried over
    assert list(contact.decisions.order_by("pk").values_list("outcome", flat=True)) == [
        Outcome.LEFT,
        Outcome.CONTACT_JOINED,
    ]


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("not-a-token", "is not valid"),
        ("WzEsInNhbUBmb29kYmFuay5leGFtcGxlIl0:1vAAAA:forged", "is not valid"),
    ],
)
def test_a_made_up_or_forged_link_is_refused(client, main_client, token, why):
    invite(main_client, "sam@foodbank.example")
    response = client.get(reverse("members:organisation_invitation", args=[token]))
    assert response.status_code == 400
    assert why in response.text


def test_a_link_naming_another_address_is_refused(client, main_client):
    """The signature covers the address: a link for one invitation cannot be
    edited to name another."""
    invite(main_client, "sam@foodbank.example")
    invitation = Invitation.objects.get()
    forged = signing.dumps([invitation.pk, "zed@example.org"], salt="another-salt")
    response = client.get(reverse("members:organisation_invitation", args=[forged]))
    assert response.status_code == 400


@pytest.mark.parametrize("aged", ["the invitation", "the link's signature"])
def test_an_invitation_is_good_for_14_days_and_a_resend_makes_a_fresh_link(
    main_client, monkeypatch, aged
):
    invite(main_client, "sam@foodbank.example")
    old_path = invitation_path("sam@foodbank.example")
    fortnight_and_a_day = datetime.timedelta(days=15)
    if aged == "the invitation":
        Invitation.objects.update(sent_at=timezone.now() - fortnight_and_a_day)
    else:
        later = time.time() + fortnight_and_a_day.total_seconds()
        monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    page = main_client.get(old_path)
    assert page.status_code == 400
    assert "out of date" in page.text
    monkeypatch.undo()
    invite(main_client, "sam@foodbank.example")
    assert Invitation.objects.count() == 1  # the same invitation, sent again
    sam = verified_user(email="sam@foodbank.example")
    response = signed_in(sam).post(invitation_path("sam@foodbank.example"))
    assert response.status_code == 302
    assert Membership.objects.get(user=sam).contact_for is not None


def test_a_cancelled_invitation_cannot_be_accepted(main_client):
    invite(main_client, "sam@foodbank.example")
    path = invitation_path("sam@foodbank.example")
    invitation = Invitation.objects.get()
    response = main_client.post(
        reverse("members:organisation_cancel_invitation", args=[invitation.pk])
    )
    assert response.status_code == 302
    sam = verified_user(email="sam@foodbank.example")
    page = signed_in(sam).get(path)
    assert page.status_code == 400
    assert "withdrawn" in page.text


@pytest.mark.parametrize(
    ("email", "why"),
    [
        ("fatima@foodbank.example", "That is the main contact"),
        ("sam@foodbank.example", "is already a contact"),
        ("not an address", "Enter a valid email address"),
    ],
)
def test_bad_invitations_are_refused_beside_the_field(main_client, email, why):
    joined(main_client, "sam@foodbank.example")
    sent_before = OutboundEmail.objects.count()
    response = invite(main_client, email)
    assert response.status_code == 400
    assert why in response.text
    assert 'aria-invalid="true"' in response.text
    assert OutboundEmail.objects.count() == sent_before
    assert Invitation.objects.count() == 1


def test_an_organisation_has_at_most_ten_contacts_counting_open_invitations(main_client, main):
    joined(main_client, "sam@foodbank.example")
    for n in range(organisations.MAX_CONTACTS - 2):
        assert invite(main_client, f"colleague{n}@foodbank.example").status_code == 302
    response = invite(main_client, "one.more@foodbank.example")
    assert response.status_code == 400
    assert "up to 10 contacts" in response.text
    assert not emails(INVITATION, "one.more@foodbank.example")
    # Cancelling an invitation makes room.
    organisations.cancel_invitation(organisations.open_invitations(main).first(), main.user)
    assert invite(main_client, "one.more@foodbank.example").status_code == 302


def test_an_ended_membership_takes_no_new_contacts(main_client, main):
    main.status = Status.CANCELLED
    main.save()
    page = main_client.get(CONTACTS)
    assert "cannot take new contacts now" in page.text
    assert invite(main_client, "sam@foodbank.example").status_code == 400
    assert not Invitation.objects.exists()


def test_inviting_is_rate_limited_per_member(main_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "invite_organisation_contact": "2/h/user",
    }
    cache.clear()
    try:
        assert invite(main_client, "a@foodbank.example").status_code == 302
        assert invite(main_client, "b@foodbank.example").status_code == 302
        response = invite(main_client, "c@foodbank.example")
        assert response.status_code == 429
        assert "a lot of invitations" in response.text
        assert not emails(INVITATION, "c@foodbank.example")
    finally:
        cache.clear()


def test_only_an_organisations_main_contact_manages_its_contacts(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    invite(main_client, "lee@foodbank.example")
    invitation = Invitation.objects.get(email="lee@foodbank.example")
    other_organisation = MembershipFactory(
        for_organisation=True, status=Status.ACTIVE, user=verified_user()
    )
    for user in (contact.user, other_organisation.user):
        browser = signed_in(user)
        if user == contact.user:  # a further contact has no contacts page
            assert browser.get(CONTACTS).status_code == 302
            assert browser.post(CONTACTS, {"email": "x@example.org"}).status_code == 302
        else:  # another organisation's main contact sees only their own
            assert "sam@foodbank.example" not in browser.get(CONTACTS).text
        remove = reverse("members:organisation_remove_contact", args=[contact.pk])
        assert browser.post(remove).status_code == 404
        cancel = reverse("members:organisation_cancel_invitation", args=[invitation.pk])
        assert browser.post(cancel).status_code == 404
    contact.refresh_from_db()
    assert contact.status == Status.ACTIVE
    assert Invitation.objects.get(pk=invitation.pk).is_open
    assert not emails(INVITATION, "x@example.org")


# A contact is a member while the organisation is


def test_a_contact_is_active_only_while_the_organisations_membership_is(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    MarketingConsent.objects.create(user=contact.user, given=True, wording="News.")
    assert Membership.objects.active().filter(pk=contact.pk).exists()
    assert consenting_members().filter(pk=contact.user.pk).exists()
    for status in (Status.LAPSED, Status.SUSPENDED, Status.CANCELLED):
        main.status = status
        main.save(update_fields=["status"])
        contact = Membership.objects.select_related("contact_for").get(pk=contact.pk)
        assert not contact.is_active
        assert not Membership.objects.active().filter(pk=contact.pk).exists()
        assert not consenting_members().filter(pk=contact.user.pk).exists()
        dashboard = signed_in(contact.user).get(reverse("members:dashboard")).text
        assert "Your organisation's membership is not active" in dashboard
    main.status = Status.ACTIVE
    main.save(update_fields=["status"])
    assert Membership.objects.active().filter(pk=contact.pk).exists()


# Removing and leaving


def test_the_main_contact_removes_a_contact_who_is_told(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    url = reverse("members:organisation_remove_contact", args=[contact.pk])
    confirm = main_client.get(url)
    assert confirm.status_code == 200
    assert "Remove the contact" in confirm.text
    response = main_client.post(url, {"reason": "Sam has moved on."})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Status.CANCELLED
    decision = contact.decisions.latest("pk")
    assert (decision.outcome, decision.decided_by, decision.reason) == (
        Outcome.CONTACT_REMOVED,
        main.user,
        "Sam has moved on.",
    )
    (told,) = emails("members/organisation_contact_removed", contact.user.email)
    assert "Sam has moved on." in told.body_text
    assert not emails("members/organisation_contact_removed_main")
    contact.user.refresh_from_db()
    assert contact.user.is_active  # the account stays
    dashboard = signed_in(contact.user).get(reverse("members:dashboard")).text
    assert "You stopped being a contact of Kirkstall Food Bank" in dashboard
    assert "sam@foodbank.example" not in main_client.get(CONTACTS).text


def test_an_officer_removes_a_contact_in_the_admin_and_both_are_told(
    main_client, main, officer_client, officer
):
    contact = joined(main_client, "sam@foodbank.example")
    inspect = officer_client.get(reverse("memberships:inspect", args=[main.pk])).text
    assert "Contacts of Kirkstall Food Bank" in inspect
    assert "sam@foodbank.example" in inspect
    url = reverse("memberships:remove", args=[contact.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Status.CANCELLED
    assert contact.decisions.latest("pk").decided_by == officer
    assert emails("members/organisation_contact_removed", contact.user.email)
    assert emails("members/organisation_contact_removed_main", main.user.email)
    # The main contact's membership is not "removable".
    assert officer_client.post(reverse("memberships:remove", args=[main.pk])).status_code in (
        302,
        400,
    )
    main.refresh_from_db()
    assert main.status == Status.ACTIVE


def test_an_officer_invites_a_contact_from_the_admin(officer_client, officer, main):
    url = reverse("memberships:invite_contact", args=[main.pk])
    assert officer_client.get(url).status_code == 200
    bad = officer_client.post(url, {"email": "fatima@foodbank.example"})
    assert bad.status_code == 400
    assert "That is the main contact" in bad.text
    response = officer_client.post(url, {"email": "sam@foodbank.example"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("sam@foodbank.example", officer)
    assert emails(INVITATION, "sam@foodbank.example")


def test_a_councillors_membership_takes_no_contacts(officer_client):
    councillor = MembershipFactory(status=Status.ACTIVE)
    page = officer_client.get(reverse("memberships:invite_contact", args=[councillor.pk]))
    response = officer_client.post(
        reverse("memberships:invite_contact", args=[councillor.pk]),
        {"email": "sam@example.org"},
    )
    assert "takes no contacts" in page.text
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Invitation.objects.exists()


def test_a_contact_leaves_as_any_member_does(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    sams = signed_in(contact.user)
    response = sams.post(reverse("members:leave"), {"reason": "Retiring."})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == Status.CANCELLED
    main.refresh_from_db()
    assert main.status == Status.ACTIVE


def test_the_main_contact_is_warned_that_leaving_takes_their_contacts_too(main_client):
    joined(main_client, "sam@foodbank.example")
    page = main_client.get(reverse("members:leave")).text
    assert "1 other contact of Kirkstall Food Bank stops being a member" in page


# The main contact's account closed, or their application made afresh


def test_erasing_the_main_contact_releases_the_contacts(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    invite(main_client, "lee@foodbank.example")
    erase_member(main.user)
    contact.refresh_from_db()
    assert (contact.status, contact.contact_for) == (Status.CANCELLED, None)
    assert contact.decisions.latest("pk").outcome == Outcome.CONTACT_REMOVED
    assert not organisations.open_invitations(main).exists()


def test_applying_afresh_leaves_the_old_organisations_contacts_behind(main_client, main):
    contact = joined(main_client, "sam@foodbank.example")
    main_client.post(reverse("members:leave"), {"reason": ""})
    response = main_client.post(
        reverse("members:join"),
        {
            "first_name": "Fatima",
            "last_name": "Khan",
            "category": "councillor",
            "councillor_authority": LocalAuthorityFactory().pk,
            "councillor_ward": "Armley",
        },
    )
    assert response.status_code == 302
    main.refresh_from_db()
    assert (main.status, main.category) == (Status.PENDING, Membership.Category.COUNCILLOR)
    contact.refresh_from_db()
    assert (contact.status, contact.contact_for) == (Status.CANCELLED, None)
    assert contact.decisions.latest("pk").reason == "The main contact applied afresh."


def test_the_invited_persons_export_holds_their_invitation(main_client):
    contact = joined(main_client, "sam@foodbank.example")
    rows = export_member_data(contact.user)["records"]["members.OrganisationInvitation"]["rows"]
    assert [row["email"] for row in rows] == ["sam@foodbank.example"]
    membership = export_member_data(contact.user)["records"]["members.Membership"]["rows"][0]
    assert membership["contact_for"] is not None


# Query budgets


def add_contact(main, n):
    user = verified_user(email=f"colleague{n}@foodbank.example")
    return MembershipFactory(
        user=user,
        category=Membership.Category.ORGANISATION,
        status=Status.ACTIVE,
        organisation=main.organisation,
        local_authority=None,
        contact_for=main,
    )


@pytest.mark.parametrize("url", [CONTACTS, reverse("members:dashboard")])
def test_the_main_contacts_pages_cost_the_same_for_one_contact_or_nine(main_client, main, url):
    add_contact(main, 0)
    Invitation.objects.create(membership=main, email="lee@foodbank.example", invited_by=main.user)
    few = warm_query_count(main_client, url)
    for n in range(1, 9):
        add_contact(main, n)
    assert warm_query_count(main_client, url) == few
    assert few <= QUERY_BUDGET


def test_a_contacts_dashboard_is_within_the_budget(main_client, main):
    contact = add_contact(main, 0)
    assert warm_query_count(signed_in(contact.user), reverse("members:dashboard")) <= QUERY_BUDGET
