"""Who gets a bulletin: only active members with marketing consent at a
deliverable address, whatever segments are chosen; each segment narrows."""

import pytest

from members.bulletins import sending
from members.bulletins.audience import audience, consenting_members
from members.bulletins.models import BulletinDelivery
from members.models import MarketingConsent, Membership
from network_site.models import OutboundEmail, UndeliverableAddress
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    RegistrationFactory,
)

from .conftest import bulletin, member

pytestmark = pytest.mark.django_db

SEGMENTS = ["none", "category", "region", "local_authority", "event", "all_at_once"]


@pytest.fixture
def place(home_page):
    authority = LocalAuthorityFactory(region="North West")
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    return authority, event


def _people(place):
    """Everyone matches every segment; only the first may receive bulletins."""
    authority, event = place
    kw = {"local_authority": authority, "category": Membership.Category.COUNCILLOR}
    people = {
        "consenting": member(**kw),
        "never_asked": member(consent=None, **kw),
        "withdrew": member(**kw),
        "pending": member(status=Membership.Status.PENDING, **kw),
        "lapsed": member(status=Membership.Status.LAPSED, **kw),
        "bounced": member(**kw),
        "inactive_account": member(**kw),
    }
    MarketingConsent.objects.create(user=people["withdrew"], given=False, wording="No more")
    people["bounced"].email = "Bounced.Person@Example.org"
    people["bounced"].save()
    UndeliverableAddress.objects.create(email="bounced.person@example.org", reason="bounced")
    people["inactive_account"].is_active = False
    people["inactive_account"].save()
    for person in people.values():
        RegistrationFactory(event=event, user=person, status="attended")
    return people


def _segmented(segment, place):
    authority, event = place
    fields = {}
    if segment in ("category", "all_at_once"):
        fields["categories"] = [Membership.Category.COUNCILLOR]
    if segment in ("region", "all_at_once"):
        fields["regions"] = ["North West"]
    chosen = bulletin(**fields)
    if segment in ("local_authority", "all_at_once"):
        chosen.local_authorities.add(authority)
    if segment in ("event", "all_at_once"):
        chosen.events.add(event)
    return chosen


@pytest.mark.parametrize("segment", SEGMENTS)
def test_only_consenting_active_deliverable_members_are_in_any_audience(segment, place):
    people = _people(place)
    assert list(audience(_segmented(segment, place))) == [people["consenting"]]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_nobody_without_consent_gets_an_email_whatever_the_segment(segment, place, commit):
    people = _people(place)
    chosen = _segmented(segment, place)
    chosen.status = chosen.Status.SCHEDULED
    chosen.send_at = chosen.created_at
    chosen.save()
    with commit():
        sending.send(chosen.pk)
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {people["consenting"].email}


def test_the_gate_is_checked_again_when_each_email_is_sent(place, commit):
    """Consent withdrawn and an address bouncing after sending started: suppressed."""
    authority, _ = place
    keeps, withdraws, bounces = (member(local_authority=authority) for _ in range(3))
    chosen = bulletin()
    chosen.status = chosen.Status.SCHEDULED
    chosen.send_at = chosen.created_at
    chosen.save()
    assert sending.start(chosen.pk)
    MarketingConsent.objects.create(user=withdraws, given=False, wording="Stop")
    UndeliverableAddress.objects.create(email=bounces.email, reason="complained")
    with commit():
        sending.send(chosen.pk)
    statuses = dict(BulletinDelivery.objects.values_list("user__email", "status"))
    assert statuses == {
        keeps.email: BulletinDelivery.Status.SENT,
        withdraws.email: BulletinDelivery.Status.SUPPRESSED,
        bounces.email: BulletinDelivery.Status.SUPPRESSED,
    }
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [keeps.email]


def test_segments_narrow_each_other(home_page):
    leeds = LocalAuthorityFactory(region="Yorkshire and the Humber")
    bristol = LocalAuthorityFactory(region="South West")
    councillor_in_yorkshire = member(local_authority=leeds)
    member(local_authority=bristol)  # a councillor elsewhere
    member(local_authority=leeds, category=Membership.Category.OFFICER)  # not a councillor
    chosen = bulletin(
        categories=[Membership.Category.COUNCILLOR], regions=["Yorkshire and the Humber"]
    )
    assert list(audience(chosen)) == [councillor_in_yorkshire]
    assert consenting_members().count() == 3
