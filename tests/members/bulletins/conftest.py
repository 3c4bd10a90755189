import pytest
from wagtail.rich_text import RichText

from members.bulletins.models import Bulletin
from members.models import MarketingConsent, Membership
from tests.factories import MembershipFactory


def member(*, consent=True, status=Membership.Status.ACTIVE, **fields):
    """A member (a councillor in Yorkshire and the Humber unless told otherwise)
    whose latest marketing consent is ``consent`` (None: never asked)."""
    membership = MembershipFactory(status=status, **fields)
    if consent is not None:
        MarketingConsent.objects.create(user=membership.user, given=consent, wording="Bulletins?")
    return membership.user


def bulletin(**fields):
    fields.setdefault("subject", "News from the network")
    fields.setdefault("slug", "news-from-the-network")
    fields.setdefault("preheader", "Three councils, two events and one good idea.")
    fields.setdefault(
        "body",
        [
            ("heading", {"text": "What we did this month", "level": "h2"}),
            ("text", RichText('<p>We met in <a href="/events/">Leeds</a> &amp; Bristol.</p>')),
        ],
    )
    return Bulletin.objects.create(**fields)


@pytest.fixture
def draft(home_page):
    return bulletin()
