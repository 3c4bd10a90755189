import pytest
from django.urls import reverse

from members.models import Membership, MembershipDecision
from network_site.models import UndeliverableAddress
from tests.factories import MembershipFactory, UserFactory

MEMBER_PAGES = ["members:dashboard", "members:profile", "members:export", "members:delete"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={url}" in response["Location"]


@pytest.mark.parametrize("name", MEMBER_PAGES)
@pytest.mark.parametrize("role", ["no membership", "pending", "active", "staff"])
def test_every_signed_in_role_gets_each_page_privately(client, name, role):
    if role == "no membership":
        user = UserFactory()
    else:
        status = "pending" if role == "pending" else "active"
        user = MembershipFactory(status=status, user__is_staff=role == "staff").user
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_user_without_membership_is_invited_to_join(client):
    client.force_login(UserFactory())
    response = client.get(reverse("members:dashboard"))
    assert "Apply to join" in response.text
    assert 'href="/members/join/"' in response.text


def test_pending_membership_says_what_happens_next(client):
    membership = MembershipFactory(status=Membership.Status.PENDING)
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert "Your application is being reviewed" in response.text
    assert "We will email you when a membership officer has decided" in response.text
    assert "Councillor" in response.text
    assert "Headingley" in response.text


def test_rejected_membership_shows_the_latest_reason(client):
    membership = MembershipFactory(status=Membership.Status.REJECTED)
    older = MembershipDecision.objects.create(
        membership=membership, outcome="rejected", reason="An older reason."
    )
    MembershipDecision.objects.create(
        membership=membership,
        outcome="rejected",
        reason="We could not confirm you sit on <b>that</b> council.",
        decided_at=older.decided_at.replace(year=older.decided_at.year + 1),
    )
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert "Your application was not accepted" in response.text
    assert "We could not confirm you sit on &lt;b&gt;that&lt;/b&gt; council." in response.text
    assert "An older reason." not in response.text


def test_active_membership_with_a_fee_not_yet_paid_offers_to_pay(client):
    membership = MembershipFactory(
        status=Membership.Status.ACTIVE,
        for_organisation=True,
        organisation__name="Kirkstall Food Bank",
        fee_due="50.00",
    )
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert "You are a member" in response.text
    assert "£50.00 a year" in response.text
    assert f'action="{reverse("members:fee_pay")}"' in response.text
    assert "Pay £50.00 now" in response.text
    assert "Kirkstall Food Bank" in response.text


@pytest.mark.parametrize("status", ["lapsed", "cancelled"])
def test_ended_memberships_are_explained(client, status):
    membership = MembershipFactory(status=status)
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    assert "Your membership has" in response.text


def test_an_undeliverable_address_is_shown_with_a_way_to_fix_it(client):
    membership = MembershipFactory(user__email="bouncy@example.org")
    UndeliverableAddress.record("Bouncy@Example.org", UndeliverableAddress.Reason.BOUNCED)
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert "We cannot email you" in response.text
    assert 'href="/accounts/email/"' in response.text


def test_no_undeliverable_notice_for_a_working_address(client):
    membership = MembershipFactory()
    UndeliverableAddress.record("someone-else@example.org", UndeliverableAddress.Reason.BOUNCED)
    client.force_login(membership.user)
    assert "We cannot email you" not in client.get(reverse("members:dashboard")).text


def test_the_dashboard_shows_only_the_members_own_data(client):
    mine = MembershipFactory(user__first_name="Asha", job_title="Cabinet member for housing")
    theirs = MembershipFactory(
        user__first_name="Zebedee",
        user__is_staff=True,
        job_title="Secret title",
        bio="Private words",
    )
    UndeliverableAddress.record(theirs.user.email, UndeliverableAddress.Reason.BOUNCED)
    client.force_login(mine.user)
    response = client.get(reverse("members:dashboard"))
    assert "Asha" in response.text
    assert "Cabinet member for housing" in response.text
    for text in ("Zebedee", "Secret title", "Private words", theirs.user.email):
        assert text not in response.text
    assert "We cannot email you" not in response.text


def test_script_in_a_profile_is_shown_as_text(client):
    membership = MembershipFactory(bio="<script>alert('x')</script>", job_title="<i>Chair</i>")
    client.force_login(membership.user)
    response = client.get(reverse("members:dashboard"))
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.text
    assert "&lt;i&gt;Chair&lt;/i&gt;" in response.text


def test_the_dashboard_links_to_the_members_data(client):
    client.force_login(MembershipFactory().user)
    response = client.get(reverse("members:dashboard"))
    for name in ("members:profile", "members:export", "members:delete"):
        assert f'href="{reverse(name)}"' in response.text
