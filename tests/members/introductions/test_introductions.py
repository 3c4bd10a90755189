"""Introductions: a member asks, a membership officer proposes members who opted
in, both sides are asked, and contact details are shared, by email to both, only
when both accept. Every step is recorded; either side withdraws at any point."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from members.introductions import services
from members.introductions.models import Introduction, IntroductionEvent, IntroductionRequest
from members.models import Membership
from network_site.refusals import Refused
from tests.factories import LocalAuthorityFactory, MembershipFactory
from tests.members.introductions.conftest import (
    INDEX,
    NEW,
    PHONE,
    act_url,
    ask,
    emails,
    everything_in,
    inspect_url,
    organisation_in,
    proposal,
    propose,
    signed_in,
)
from tests.members.membership_roles import user_in_role, verified_user

pytestmark = pytest.mark.django_db

Action = IntroductionEvent.Action
Answer = Introduction.Answer
Status = IntroductionRequest.Status
Category = Membership.Category


def contact_details(membership):
    """What must not reach the other side before both accept."""
    return [membership.user.email, membership.user.email.split("@")[0]]


# The whole flow


def test_a_councillor_is_introduced_to_an_organisation_once_both_accept(
    councillor, larder, officer_client, officer, leeds
):
    nia, sam = signed_in(councillor.user), signed_in(larder.user)
    response = ask(nia, reason="We are starting a food poverty group in Headingley.")
    assert response.status_code == 302
    assert response["Location"] == INDEX
    introduction_request = IntroductionRequest.objects.get()
    assert (introduction_request.kind, introduction_request.local_authority) == (
        IntroductionRequest.Kind.MEET_ORGANISATIONS,
        leeds,
    )
    assert introduction_request.status == Status.OPEN

    # Staff see the request with its suggested matches, and propose the larder.
    page = officer_client.get(inspect_url(introduction_request))
    assert page.status_code == 200
    assert list(page.context["matches"]) == [larder]
    assert "Hyde Park Larder" in page.text
    assert propose(officer_client, introduction_request, larder).status_code == 302
    introduction = Introduction.objects.get()
    assert (introduction.member, introduction.proposed_by) == (larder, officer)
    introduction_request.refresh_from_db()
    assert introduction_request.status == Status.PROPOSED

    # Both sides are asked, neither learns how to reach the other.
    (to_sam,) = emails("proposed_to_member", sam_email := larder.user.email)
    assert "A councillor at Leeds City Council" in to_sam.body_text
    assert "food poverty group" in to_sam.body_text
    (to_nia,) = emails("proposed_to_requester", councillor.user.email)
    assert "Hyde Park Larder" in to_nia.body_text

    # Nia accepts first: nothing is shared yet.
    assert nia.post(act_url(introduction, "accept")).status_code == 302
    introduction.refresh_from_db()
    assert (introduction.requester_answer, introduction.shared_at) == (Answer.ACCEPTED, None)
    assert not emails("introduced")
    assert "You accepted" in nia.get(INDEX).text

    # Every email so far: no contact detail of the other side.
    for email in emails():
        text = everything_in(email)
        other = larder if email.to == councillor.user.email else councillor
        for detail in contact_details(other):
            assert detail not in text, (email.template, detail)
        assert "Patel" not in text or email.to == councillor.user.email
        assert "Okafor" not in text or email.to == sam_email
        assert not PHONE.search(text)

    # Sam accepts: both are emailed the other's details.
    response = sam.post(act_url(introduction, "accept"))
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.shared_at is not None
    (to_nia_now,) = emails("introduced", councillor.user.email)
    assert larder.user.email in to_nia_now.body_text
    assert "Sam Okafor" in to_nia_now.body_text
    assert "Hyde Park Larder" in to_nia_now.body_text
    (to_sam_now,) = emails("introduced", sam_email)
    assert councillor.user.email in to_sam_now.body_text
    assert "Nia Patel" in to_sam_now.body_text
    assert "Leeds City Council, Headingley" in to_sam_now.body_text
    assert "Introduced" in nia.get(INDEX).text

    # Every step is recorded, in order.
    assert list(introduction_request.events.values_list("action", flat=True)) == [
        Action.ASKED,
        Action.PROPOSED,
        Action.ACCEPTED,
        Action.ACCEPTED,
        Action.SHARED,
    ]
    # The introduction is over: no more answers, no withdrawal.
    assert sam.post(act_url(introduction, "withdraw")).status_code == 302
    introduction.refresh_from_db()
    assert introduction.withdrawn_at is None


def test_an_organisation_asks_to_meet_an_authoritys_councillors_and_officers(
    leeds, larder, councillor, officer
):
    councillor.open_to_introductions = True
    councillor.save()
    elsewhere = LocalAuthorityFactory()
    officer_member = MembershipFactory(
        category=Category.OFFICER,
        status=Membership.Status.ACTIVE,
        local_authority=leeds,
        open_to_introductions=True,
        user=verified_user(),
    )
    MembershipFactory(  # at another council
        category=Category.COUNCILLOR,
        status=Membership.Status.ACTIVE,
        local_authority=elsewhere,
        open_to_introductions=True,
    )
    sam = signed_in(larder.user)
    form = sam.get(NEW).context["form"]
    assert list(form.fields["local_authority"].queryset) == [leeds]
    assert ask(sam, local_authority=leeds.pk).status_code == 302
    introduction_request = IntroductionRequest.objects.get()
    assert introduction_request.kind == IntroductionRequest.Kind.MEET_COUNCIL
    assert set(services.suggested_matches(introduction_request)) == {councillor, officer_member}
    services.propose(introduction_request, councillor, officer)
    (to_nia,) = emails("proposed_to_member", councillor.user.email)
    assert "Hyde Park Larder, a community organisation" in to_nia.body_text
    assert larder.user.email not in everything_in(to_nia)


# Whom staff may propose


def test_suggested_matches_are_active_opted_in_members_at_the_authority(
    leeds, councillor, larder, officer
):
    introduction_request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    not_opted_in = organisation_in(
        leeds, name="Quiet Trust", email="q@trust.example", open_to_introductions=False
    )
    pending = organisation_in(
        leeds, name="New Trust", email="n@trust.example", status=Membership.Status.PENDING
    )
    elsewhere = organisation_in(LocalAuthorityFactory(), name="Far Trust", email="f@trust.example")
    a_councillor = MembershipFactory(
        category=Category.COUNCILLOR,
        status=Membership.Status.ACTIVE,
        local_authority=leeds,
        open_to_introductions=True,
    )
    # An organisation whose membership names the authority (not its areas) matches too.
    named = organisation_in(LocalAuthorityFactory(), name="Named Trust", email="x@trust.example")
    named.local_authority = leeds
    named.save()
    matches = set(services.suggested_matches(introduction_request))
    assert matches == {larder, named}
    assert not matches & {not_opted_in, pending, elsewhere, a_councillor, councillor}
    services.propose(introduction_request, larder, officer)
    assert larder not in services.suggested_matches(introduction_request)  # proposed already


def test_a_member_who_did_not_opt_in_cannot_be_proposed_even_by_a_forged_post(
    leeds, councillor, officer_client, officer
):
    quiet = organisation_in(leeds, open_to_introductions=False)
    introduction_request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    page = officer_client.get(inspect_url(introduction_request))
    assert "Nobody matches now" in page.text
    response = propose(officer_client, introduction_request, quiet)
    assert response.status_code == 400
    assert "agreed to introductions" in response.text
    assert not Introduction.objects.exists()
    assert not emails()
    with pytest.raises(Refused):
        services.propose(introduction_request, quiet, officer)
    # Nor the requester themselves, nor someone already proposed, nor nonsense.
    for value in (councillor.pk, "nonsense", "", 10**12):
        response = officer_client.post(inspect_url(introduction_request), {"member": value})
        assert response.status_code == 400
    assert not Introduction.objects.exists()


def test_proposing_twice_is_refused(leeds, councillor, larder, officer_client, officer):
    introduction = proposal(councillor, larder, officer)
    response = propose(officer_client, introduction.request, larder)
    assert response.status_code == 400
    assert Introduction.objects.count() == 1
    assert len(emails("proposed_to_member")) == 1


@pytest.mark.parametrize("role", ["staff", "manager", "member"])
def test_only_membership_officers_see_and_propose(role, leeds, councillor, larder):
    introduction_request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    someone = user_in_role(role)
    browser = signed_in(someone)
    listing = browser.get(reverse("introduction_requests:index"))
    assert listing.status_code in (302, 403)
    page = browser.get(inspect_url(introduction_request))
    assert page.status_code in (302, 403)
    response = propose(browser, introduction_request, larder)
    assert response.status_code in (302, 403)
    assert not Introduction.objects.exists()
    with pytest.raises(Refused):
        services.propose(introduction_request, larder, someone)
    with pytest.raises(Refused):
        services.close(introduction_request, someone)
    assert not emails()


def test_officers_and_superusers_see_the_requests(
    leeds, councillor, larder, officer_client, superuser_client
):
    introduction_request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    for browser in (officer_client, superuser_client):
        listing = browser.get(reverse("introduction_requests:index"))
        assert listing.status_code == 200
        assert "Nia Patel" in listing.text
        assert browser.get(inspect_url(introduction_request)).status_code == 200
    # Nobody adds, edits or deletes requests in the admin.
    for name in ("add", "edit", "delete"):
        args = [] if name == "add" else [introduction_request.pk]
        response = superuser_client.get(reverse(f"introduction_requests:{name}", args=args))
        assert response.status_code in (302, 403)
    assert superuser_client.get(inspect_url(IntroductionRequest(pk=999999))).status_code == 404


def test_staff_close_a_request(leeds, councillor, larder, officer_client, officer):
    introduction_request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    response = officer_client.post(inspect_url(introduction_request), {"action": "close"})
    assert response.status_code == 302
    introduction_request.refresh_from_db()
    assert introduction_request.status == Status.CLOSED
    assert propose(officer_client, introduction_request, larder).status_code == 400
    assert not Introduction.objects.exists()
    assert introduction_request.events.last().action == Action.CLOSED


# Asking


def test_a_member_may_have_five_requests_open(leeds, councillor):
    nia = signed_in(councillor.user)
    for n in range(services.MAX_OPEN_REQUESTS):
        assert ask(nia, reason=f"Request number {n} about food.").status_code == 302
    response = nia.get(NEW)
    assert response.status_code == 403
    assert "5 requests open" in response.text
    assert ask(nia, local_authority=leeds.pk).status_code == 403
    assert IntroductionRequest.objects.count() == 5
    with pytest.raises(Refused):
        services.ask(councillor, leeds, "One more request.")
    # Withdrawing one makes room.
    first = IntroductionRequest.objects.last()
    withdraw = reverse("members:introductions:withdraw_request", args=[first.pk])
    assert nia.post(withdraw).status_code == 302
    assert ask(nia).status_code == 302
    assert services.open_requests(councillor).count() == 5


def test_asking_is_rate_limited(councillor, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "request_introduction": "2/h/user",
    }
    cache.clear()
    nia = signed_in(councillor.user)
    assert ask(nia).status_code == 302
    assert ask(nia, reason="").status_code == 400  # a bad attempt counts too
    response = ask(nia)
    assert response.status_code == 429
    assert "a lot of introductions" in response.text
    assert IntroductionRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("category", "status"),
    [
        (Category.COUNCILLOR, Membership.Status.PENDING),
        (Category.COUNCILLOR, Membership.Status.LAPSED),
        (Category.POLICY, Membership.Status.ACTIVE),
        (Category.OTHER, Membership.Status.ACTIVE),
    ],
)
def test_only_active_councillors_officers_and_organisations_ask(category, status, leeds):
    membership = MembershipFactory(
        user=verified_user(), category=category, status=status, local_authority=leeds
    )
    browser = signed_in(membership.user)
    response = browser.get(NEW)
    assert response.status_code == 403
    assert "Introductions are for" in response.text
    response = browser.post(NEW, {"reason": "Let me in please.", "local_authority": leeds.pk})
    assert response.status_code == 403
    assert not IntroductionRequest.objects.exists()
    assert "Introductions are for" in browser.get(INDEX).text


def test_without_a_membership_the_page_explains(client, leeds):
    client.force_login(verified_user())
    assert client.get(NEW).status_code == 403
    assert client.get(INDEX).status_code == 200


def test_anonymous_visitors_are_asked_to_sign_in(client):
    for url in (INDEX, NEW):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Tell us why"),
        ("   ", "Tell us why"),
        ("Hi", "a little more"),
        ("Email me at nia@example.org about it", "Leave out email addresses"),
        ("Ring 0113 222 4444 after six please", "phone numbers"),
        ("x" * 1501, "at most 1500"),
    ],
)
def test_bad_reasons_are_refused_beside_the_field(councillor, reason, message):
    response = ask(signed_in(councillor.user), reason=reason)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors["reason"])
    assert not IntroductionRequest.objects.exists()


def test_a_councillor_asks_only_about_their_own_council(councillor):
    elsewhere = LocalAuthorityFactory()
    nia = signed_in(councillor.user)
    for value in (elsewhere.pk, "nonsense", 10**15, ""):
        response = ask(nia, local_authority=value)
        assert response.status_code == 400
        assert "local_authority" in response.context["form"].errors
    assert not IntroductionRequest.objects.exists()
    with pytest.raises(Refused):
        services.ask(councillor, elsewhere, "A sneaky request.")


def test_a_councillor_without_a_council_is_told_why(leeds):
    membership = MembershipFactory(
        user=verified_user(), status=Membership.Status.ACTIVE, local_authority=None
    )
    response = signed_in(membership.user).get(NEW)
    assert response.status_code == 403
    assert "Add the council" in response.text


# Answering, declining, withdrawing


def test_a_decline_tells_the_other_side_without_details(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    sam = signed_in(larder.user)
    assert sam.post(act_url(introduction, "decline")).status_code == 302
    introduction.refresh_from_db()
    assert introduction.state() == "declined"
    (told,) = emails("not_going_ahead", councillor.user.email)
    assert larder.user.email not in everything_in(told)
    assert "Okafor" not in everything_in(told)
    assert "stays open" in told.body_text
    # Nothing more to answer, by either side.
    nia = signed_in(councillor.user)
    nia.post(act_url(introduction, "accept"))
    introduction.refresh_from_db()
    assert introduction.requester_answer == ""
    assert not emails("introduced")


@pytest.mark.parametrize("side", ["requester", "member"])
def test_either_side_withdraws_after_accepting(side, councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    me, other = (councillor, larder) if side == "requester" else (larder, councillor)
    browser = signed_in(me.user)
    browser.post(act_url(introduction, "accept"))
    assert browser.post(act_url(introduction, "withdraw")).status_code == 302
    introduction.refresh_from_db()
    assert (introduction.state(), introduction.withdrawn_by) == ("withdrawn", me.user)
    (told,) = emails("not_going_ahead", other.user.email)
    assert me.user.email not in everything_in(told)
    # The other side's acceptance now shares nothing.
    signed_in(other.user).post(act_url(introduction, "accept"))
    assert not emails("introduced")
    assert introduction.request.events.last().action == Action.WITHDRAWN


def test_withdrawing_before_answering(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    assert signed_in(larder.user).post(act_url(introduction, "withdraw")).status_code == 302
    introduction.refresh_from_db()
    assert introduction.state() == "withdrawn"


def test_withdrawing_a_request_withdraws_its_waiting_introductions(
    leeds, councillor, larder, officer
):
    introduction = proposal(councillor, larder, officer)
    other = organisation_in(leeds, name="Second Trust", email="b@trust.example")
    done = services.propose(introduction.request, other, officer)
    services.answer(done, councillor.user, True)
    services.answer(done, other.user, True)
    nia = signed_in(councillor.user)
    withdraw = reverse("members:introductions:withdraw_request", args=[introduction.request.pk])
    assert nia.post(withdraw).status_code == 302
    introduction.refresh_from_db()
    done.refresh_from_db()
    assert introduction.request.status == Status.WITHDRAWN
    assert introduction.state() == "withdrawn"
    assert done.state() == "introduced"  # what was shared stays shared
    (told,) = emails("not_going_ahead", larder.user.email)
    assert councillor.user.email not in everything_in(told)
    assert not emails("not_going_ahead", other.user.email)
    # Withdrawn: it cannot be withdrawn again nor proposed to.
    assert nia.post(withdraw).status_code == 302
    with pytest.raises(Refused):
        services.propose(introduction.request, other, officer)


def test_a_member_who_turned_introductions_off_cannot_accept(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    larder.open_to_introductions = False
    larder.save()
    with pytest.raises(Refused, match="turned introductions off"):
        services.answer(introduction, larder.user, True)
    services.answer(introduction, larder.user, False)  # declining is always possible
    introduction.refresh_from_db()
    assert introduction.member_answer == Answer.DECLINED


def test_other_peoples_introductions_and_requests_are_404(leeds, councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    stranger = signed_in(
        MembershipFactory(
            user=verified_user(), status=Membership.Status.ACTIVE, local_authority=leeds
        ).user
    )
    for action in ("accept", "decline", "withdraw"):
        assert stranger.post(act_url(introduction, action)).status_code == 404
    assert stranger.post(f"{INDEX}{introduction.pk}/delete/").status_code == 404
    assert stranger.post(f"{INDEX}999999/accept/").status_code == 404
    assert stranger.post(f"{INDEX}nonsense/accept/").status_code == 404
    withdraw = reverse("members:introductions:withdraw_request", args=[introduction.request.pk])
    assert stranger.post(withdraw).status_code == 404
    # The member proposed cannot withdraw the requester's request either.
    assert signed_in(larder.user).post(withdraw).status_code == 404
    # A GET changes nothing.
    assert signed_in(councillor.user).get(act_url(introduction, "accept")).status_code == 405
    introduction.refresh_from_db()
    assert introduction.is_pending
    assert not introduction.requester_answer
    with pytest.raises(Refused):
        services.answer(introduction, verified_user(), True)


# The member's page


def test_the_page_lists_requests_and_introductions_offered(leeds, councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    nia_page = signed_in(councillor.user).get(INDEX).text
    assert "food poverty group" in nia_page
    assert "Hyde Park Larder, a community organisation" in nia_page
    assert larder.user.email not in nia_page
    sam_page = signed_in(larder.user).get(INDEX).text
    assert "A councillor at Leeds City Council" in sam_page
    assert councillor.user.email not in sam_page
    assert act_url(introduction, "accept") in sam_page
    assert "agreed to introductions" in sam_page


def test_the_member_page_keeps_to_the_query_budget(leeds, councillor, officer):
    from tests.query_counts import QUERY_BUDGET, warm_query_count

    nia = signed_in(councillor.user)
    request = services.ask(councillor, leeds, "Food poverty in Headingley.")
    services.propose(request, organisation_in(leeds), officer)
    few = warm_query_count(nia, INDEX)
    assert few <= QUERY_BUDGET
    for n in range(3):
        again = services.ask(councillor, leeds, f"Request {n} about food.")
        services.propose(
            again, organisation_in(leeds, name=f"Trust {n}", email=f"t{n}@trust.example"), officer
        )
    assert warm_query_count(nia, INDEX) == few


# The opt-in


def test_the_opt_in_is_off_by_default_and_set_on_the_profile(councillor):
    assert not Membership.objects.get(pk=councillor.pk).open_to_introductions
    nia = signed_in(councillor.user)
    form = nia.get(reverse("members:profile")).context["form"]
    assert "open_to_introductions" in form.fields
    assert "shared only if we both accept" in form.fields["open_to_introductions"].label
    data = {
        "first_name": "Nia",
        "last_name": "Patel",
        "job_title": "",
        "ward": "Headingley",
        "bio": "",
        "directory_visibility": Membership.Visibility.HIDDEN,
        "open_to_introductions": "on",
    }
    assert nia.post(reverse("members:profile"), data).status_code == 302
    councillor.refresh_from_db()
    assert councillor.open_to_introductions
    assert "Staff may suggest introductions to you" in nia.get(reverse("members:dashboard")).text
    data.pop("open_to_introductions")
    nia.post(reverse("members:profile"), data)
    councillor.refresh_from_db()
    assert not councillor.open_to_introductions


def test_the_opt_in_is_not_offered_to_members_nobody_asks_to_meet(leeds):
    policy = MembershipFactory(
        user=verified_user(), category=Category.POLICY, status=Membership.Status.ACTIVE
    )
    form = signed_in(policy.user).get(reverse("members:profile")).context["form"]
    assert "open_to_introductions" not in form.fields


def test_a_member_whose_membership_ended_cannot_accept(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    councillor.status = Membership.Status.LAPSED
    councillor.save()
    with pytest.raises(Refused, match="not active"):
        services.answer(introduction, councillor.user, True)
    assert not emails("introduced")


def test_the_admin_listing_finds_requests_by_council(leeds, councillor, officer_client):
    services.ask(councillor, leeds, "Food poverty in Headingley.")
    url = reverse("introduction_requests:index")
    assert officer_client.get(url, {"q": "Leeds"}).context["object_list"]
    assert not officer_client.get(url, {"q": "Bristol"}).context["object_list"]
