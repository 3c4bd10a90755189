import pytest
from django.utils import timezone

from events.models import EventPage
from tests.factories import EventIndexPageFactory, EventPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    index = EventIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=index)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_publishing_a_change_bumps_the_calendar_sequence(event):
    before = event.ical_sequence
    event.title = "A new title"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.ical_sequence == before + 1


def test_an_old_revision_cannot_undo_a_cancellation(event):
    from events.services import cancel_event

    old_revision = event.latest_revision
    cancel_event(event, "The venue flooded.", by=UserFactory(is_staff=True))
    old_revision.publish()
    event.refresh_from_db()
    assert event.cancelled_at is not None
    assert event.cancellation_reason == "The venue flooded."
    assert event.cancelled_at <= timezone.now()
